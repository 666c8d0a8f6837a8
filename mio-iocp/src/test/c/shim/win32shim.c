/*
 * The Win32 shim for Linux: the part of ntdll, kernel32 and ws2_32 that mio-iocp's driver calls,
 * with Windows' semantics, over POSIX sockets and epoll (posix.c). Built as libmiowin32.so; pinned
 * to Windows' behaviour by afd_conformance.c, which passes the same checks here and under Wine.
 *
 * Objects. A SOCKET is the Linux descriptor itself (as on Windows, a small integer). A completion
 * port, an AFD helper handle (\Device\Afd\...) and a thread are heap objects with a type tag; a
 * HANDLE is a pointer to one.
 *
 * AFD polls. IOCTL_AFD_POLL on an AFD handle evaluates the socket at once: if a requested event
 * holds, the poll completes at once (STATUS_SUCCESS, and a packet is queued unless the handle has
 * FILE_SKIP_COMPLETION_PORT_ON_SUCCESS), else it stays pending and the socket is watched by the
 * epoll set of the port the AFD handle is attached to. A thread waiting on the port evaluates each
 * socket epoll reports, completes the pending polls whose events now hold and queues their
 * packets. NtCancelIoFileEx completes a pending poll with STATUS_CANCELLED (its events left as
 * requested), closesocket completes the socket's polls with LOCAL_CLOSE, closing the AFD handle
 * cancels what is pending on it.
 *
 * The events of a socket, as AFD reports them (derived from poll(2) and the socket's history):
 * listener readable: ACCEPT; connecting and failed: CONNECT_FAIL (sticky; the handle's Status and,
 * once, SO_ERROR say why); connected stream: CONNECT on every poll that asks for it;
 * connecting and writable: connected, SEND; reset (an error on a connected stream): ABORT with
 * CONNECT and SEND but neither RECEIVE nor DISCONNECT, sticky, and recv then fails with
 * WSAECONNRESET as on Windows; peer's shutdown: DISCONNECT;
 * bytes to read: RECEIVE; writable: SEND; datagram readable (or an error queued): RECEIVE.
 *
 * Where Wine, itself built over Linux sockets, answers as Linux and not as Windows, the shim follows
 * Microsoft's documentation and the conformance program checks neither: send on a stream that was
 * never connected fails with WSAENOTCONN (Wine: WSAECONNRESET, from Linux's EPIPE); recv after a reset
 * fails with WSAECONNRESET every time (Wine: end of stream once its poll has read the error).
 * And where Wine's own AFD tests (dlls/ws2_32/tests/afd.c, which run on Windows too) mark Wine as
 * wrong: a peer's shutdown with data still unread gives RECEIVE | DISCONNECT (Wine: RECEIVE alone).
 *
 * Limits, by design (mio needs no more): one handle per AFD_POLL_INFO, whose Timeout is ignored
 * (mio passes the largest); the polls pending on one socket belong to AFD handles of one port; no
 * events or APC routines; one thread waiting on a port at a time is what mio does (more work, but
 * may wake late). One lock guards all state.
 */
#include "win32shim.h"
#include "posix.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* the AFD poll interface, as Rust mio declares it (src/sys/windows/afd.rs) */
#define IOCTL_AFD_POLL 0x00012024u
#define AFD_POLL_RECEIVE 0x0001u
#define AFD_POLL_RECEIVE_EXPEDITED 0x0002u
#define AFD_POLL_SEND 0x0004u
#define AFD_POLL_DISCONNECT 0x0008u
#define AFD_POLL_ABORT 0x0010u
#define AFD_POLL_LOCAL_CLOSE 0x0020u
#define AFD_POLL_CONNECT 0x0040u
#define AFD_POLL_ACCEPT 0x0080u
#define AFD_POLL_CONNECT_FAIL 0x0100u

typedef struct {
    HANDLE Handle;
    ULONG Events;
    NTSTATUS Status;
} afd_poll_handle_info;

typedef struct {
    LARGE_INTEGER Timeout;
    ULONG NumberOfHandles;
    ULONG Exclusive;
    afd_poll_handle_info Handles[1];
} afd_poll_info;

enum kind { KIND_PORT = 0x504f5254, KIND_AFD = 0x41464421, KIND_THREAD = 0x54485244 };

struct object {
    enum kind kind;
    /* the list of live objects, so that a handle that is none is an error and not a crash */
    struct object *next_live;
};

struct packet {
    struct packet *next;
    ULONG_PTR key;
    LPOVERLAPPED overlapped;
    ULONG_PTR internal;
    DWORD bytes;
};

struct port {
    struct object object;
    int epfd;
    int wakefd;
    struct packet *head;
    struct packet *tail;
    /* the handle plus one per attached AFD handle plus one per waiting thread */
    int references;
    int handle_closed;
};

struct poll_request;

struct afd {
    struct object object;
    struct port *port;
    ULONG_PTR key;
    UCHAR modes;
    struct poll_request *pending;
};

struct poll_request {
    struct poll_request *next_in_afd;
    struct poll_request *next_in_socket;
    struct afd *afd;
    int fd;
    ULONG events;
    PIO_STATUS_BLOCK iosb;
    afd_poll_info *output;
    PVOID context;
};

struct thread {
    struct object object;
    pthread_t id;
    LPTHREAD_START_ROUTINE start;
    LPVOID parameter;
    int joined;
};

/* what the shim knows of a socket beyond the kernel's state, indexed by descriptor */
struct socket_state {
    int open;
    int stream;
    int nonblocking;
    int listening;
    int connecting;
    int connected;
    int connect_failed;
    int reset;
    int shut_send;
    /* an error taken from the kernel (it clears it when read) for SO_ERROR to report once */
    int saved_error;
    /* why the connect failed, as AFD reports it beside CONNECT_FAIL in the handle's Status */
    NTSTATUS connect_status;
    struct port *watched_by;
    struct poll_request *pending;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct socket_state *sockets;
static int socket_capacity;
static __thread DWORD last_error;

/* ---- errors ---- */

DWORD WINAPI GetLastError(void) {
    return last_error;
}

void WINAPI SetLastError(DWORD dwErrCode) {
    last_error = dwErrCode;
}

int WINAPI WSAGetLastError(void) {
    return (int) last_error;
}

void WINAPI WSASetLastError(int iError) {
    last_error = (DWORD) iError;
}

ULONG NTAPI RtlNtStatusToDosError(NTSTATUS Status) {
    switch (Status) {
    case STATUS_SUCCESS: return ERROR_SUCCESS;
    case STATUS_PENDING: return ERROR_IO_PENDING;
    case STATUS_INVALID_HANDLE: return ERROR_INVALID_HANDLE;
    case STATUS_INVALID_PARAMETER: return ERROR_INVALID_PARAMETER;
    case STATUS_NO_MEMORY: return ERROR_NOT_ENOUGH_MEMORY;
    case STATUS_OBJECT_NAME_NOT_FOUND: return ERROR_FILE_NOT_FOUND;
    case STATUS_CANCELLED: return ERROR_OPERATION_ABORTED;
    case STATUS_NOT_FOUND: return ERROR_NOT_FOUND;
    default: return ERROR_MR_MID_NOT_FOUND;
    }
}

static BOOL fail(DWORD error) {
    last_error = error;
    return FALSE;
}

static int wsa_fail(int error) {
    last_error = (DWORD) error;
    return SOCKET_ERROR;
}

/* ---- objects ---- */

static pthread_mutex_t handles_lock = PTHREAD_MUTEX_INITIALIZER;
static struct object *live;

static void *object_of(HANDLE handle, enum kind kind) {
    pthread_mutex_lock(&handles_lock);
    struct object *object = live;
    while (object != NULL && (object != handle || object->kind != kind)) {
        object = object->next_live;
    }
    pthread_mutex_unlock(&handles_lock);
    return object;
}

static void *new_object(size_t size, enum kind kind) {
    struct object *object = calloc(1, size);
    if (object != NULL) {
        object->kind = kind;
        pthread_mutex_lock(&handles_lock);
        object->next_live = live;
        live = object;
        pthread_mutex_unlock(&handles_lock);
    }
    return object;
}

static void free_object(void *pointer) {
    struct object *object = pointer;
    pthread_mutex_lock(&handles_lock);
    struct object **link = &live;
    while (*link != object) {
        link = &(*link)->next_live;
    }
    *link = object->next_live;
    pthread_mutex_unlock(&handles_lock);
    free(object);
}

/* with the lock held */
static struct socket_state *socket_of(SOCKET s) {
    if (s >= (SOCKET) socket_capacity || !sockets[s].open) {
        return NULL;
    }
    return &sockets[s];
}

static void release_port(struct port *port) {
    if (--port->references > 0) {
        return;
    }
    while (port->head != NULL) {
        struct packet *packet = port->head;
        port->head = packet->next;
        free(packet);
    }
    px_close(port->epfd);
    px_close(port->wakefd);
    free_object(port);
}

/* queues a packet and wakes a waiter; with the lock held */
static BOOL enqueue(struct port *port, ULONG_PTR key, LPOVERLAPPED overlapped, ULONG_PTR internal, DWORD bytes) {
    struct packet *packet = malloc(sizeof *packet);
    if (packet == NULL) {
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    packet->next = NULL;
    packet->key = key;
    packet->overlapped = overlapped;
    packet->internal = internal;
    packet->bytes = bytes;
    if (port->tail == NULL) {
        port->head = packet;
    } else {
        port->tail->next = packet;
    }
    port->tail = packet;
    px_eventfd_signal(port->wakefd);
    return TRUE;
}

/* ---- AFD polls ---- */

/* the NTSTATUS of a failed connect's errno, as AFD puts it in the handle's Status */
static NTSTATUS connect_status(int error) {
    switch (error) {
    case LX_ETIMEDOUT: return STATUS_IO_TIMEOUT;
    case LX_ENETUNREACH: return STATUS_NETWORK_UNREACHABLE;
    case LX_EHOSTUNREACH: return STATUS_HOST_UNREACHABLE;
    default: return STATUS_CONNECTION_REFUSED;
    }
}

/* the connect failed with errno error; with the lock held */
static void connect_failed(struct socket_state *state, int error) {
    state->saved_error = error;
    state->connect_status = connect_status(error);
    state->connecting = 0;
    state->connect_failed = 1;
}

/* the AFD events that hold for socket fd now; with the lock held */
static ULONG socket_events(int fd, struct socket_state *state) {
    int now = px_poll_now(fd);
    if (now < 0) {
        return 0;
    }
    if (state->listening) {
        return (now & LX_POLLIN) ? AFD_POLL_ACCEPT : 0;
    }
    if (state->connecting) {
        if (now & (LX_POLLERR | LX_POLLHUP)) {
            int error = 0;
            unsigned length = sizeof error;
            px_getsockopt(fd, LX_SOL_SOCKET, LX_SO_ERROR, &error, &length);
            connect_failed(state, error != 0 ? error : LX_ECONNREFUSED);
        } else if (now & LX_POLLOUT) {
            state->connecting = 0;
            state->connected = 1;
        } else {
            return 0;
        }
    }
    if (state->connect_failed) {
        return AFD_POLL_CONNECT_FAIL;
    }
    if (!state->stream) {
        ULONG events = (now & (LX_POLLIN | LX_POLLERR)) ? AFD_POLL_RECEIVE : 0;
        return events | ((now & LX_POLLOUT) ? AFD_POLL_SEND : 0);
    }
    if (!state->connected) {
        return 0;
    }
    if (!state->reset && (now & LX_POLLERR)) {
        int error = 0;
        unsigned length = sizeof error;
        px_getsockopt(fd, LX_SOL_SOCKET, LX_SO_ERROR, &error, &length);
        state->reset = 1;
    }
    if (state->reset) {
        /* a reset stream: ABORT, still CONNECT and SEND (the send fails), never RECEIVE or DISCONNECT */
        return AFD_POLL_ABORT | AFD_POLL_CONNECT | ((now & LX_POLLOUT) ? AFD_POLL_SEND : 0);
    }
    ULONG events = 0;
    if ((now & LX_POLLIN) && px_bytes_readable(fd) > 0) {
        events |= AFD_POLL_RECEIVE;
    }
    if (now & LX_POLLPRI) {
        events |= AFD_POLL_RECEIVE_EXPEDITED;
    }
    if (now & (LX_POLLRDHUP | LX_POLLHUP)) {
        events |= AFD_POLL_DISCONNECT;
    }
    if (now & LX_POLLOUT) {
        events |= AFD_POLL_SEND;
    }
    /* reported on every poll of a connected stream that asks for it (so mio never asks) */
    return events | AFD_POLL_CONNECT;
}

static void unlink_request(struct poll_request *request) {
    struct poll_request **link = &request->afd->pending;
    while (*link != request) {
        link = &(*link)->next_in_afd;
    }
    *link = request->next_in_afd;
    struct socket_state *state = socket_of((SOCKET) request->fd);
    if (state != NULL) {
        link = &state->pending;
        while (*link != NULL && *link != request) {
            link = &(*link)->next_in_socket;
        }
        if (*link == request) {
            *link = request->next_in_socket;
        }
        if (state->pending == NULL && state->watched_by != NULL) {
            px_epoll_unwatch(state->watched_by->epfd, request->fd);
            state->watched_by = NULL;
        }
    }
}

/* writes a poll's result into its output buffer */
static void set_result(afd_poll_info *output, ULONG events, const struct socket_state *state) {
    output->NumberOfHandles = 1;
    output->Handles[0].Events = events;
    output->Handles[0].Status = (events & AFD_POLL_CONNECT_FAIL) ? state->connect_status : STATUS_SUCCESS;
}

/* completes a pending poll: result (status last, as the kernel does), packet; with the lock held */
static void complete(struct poll_request *request, NTSTATUS status, ULONG events) {
    const struct socket_state *state = socket_of((SOCKET) request->fd);
    unlink_request(request);
    ULONG_PTR information = 0;
    if (status == STATUS_SUCCESS) {
        set_result(request->output, events, state);
        information = sizeof(afd_poll_info);
    }
    request->iosb->Information = information;
    __atomic_store_n(&request->iosb->Status, status, __ATOMIC_RELEASE);
    if (request->afd->port != NULL) {
        enqueue(request->afd->port, request->afd->key, request->context, (ULONG_PTR) (ULONG) status,
                (DWORD) information);
    }
    free(request);
}

/* completes the socket's pending polls whose events hold now; with the lock held */
static void evaluate(int fd) {
    struct socket_state *state = socket_of((SOCKET) fd);
    if (state == NULL || state->pending == NULL) {
        return;
    }
    ULONG events = socket_events(fd, state);
    struct poll_request *request = state->pending;
    while (request != NULL) {
        struct poll_request *next = request->next_in_socket;
        if (events & request->events) {
            complete(request, STATUS_SUCCESS, events & request->events);
        }
        request = next;
    }
}

NTSTATUS NTAPI NtCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                            PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
                            ULONG ShareAccess, ULONG CreateDisposition, ULONG CreateOptions, PVOID EaBuffer,
                            ULONG EaLength) {
    (void) DesiredAccess, (void) AllocationSize, (void) FileAttributes, (void) ShareAccess;
    (void) CreateDisposition, (void) CreateOptions, (void) EaBuffer, (void) EaLength;
    static const WCHAR prefix[] = u"\\Device\\Afd";
    const size_t prefix_length = sizeof prefix / sizeof(WCHAR) - 1;
    if (FileHandle == NULL || ObjectAttributes == NULL || ObjectAttributes->ObjectName == NULL
            || IoStatusBlock == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    const UNICODE_STRING *name = ObjectAttributes->ObjectName;
    size_t length = name->Length / sizeof(WCHAR);
    /* the AFD device itself or any name below it (mio opens \Device\Afd\Mio) */
    if (length < prefix_length || memcmp(name->Buffer, prefix, prefix_length * sizeof(WCHAR)) != 0
            || (length > prefix_length && name->Buffer[prefix_length] != u'\\')) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    struct afd *afd = new_object(sizeof *afd, KIND_AFD);
    if (afd == NULL) {
        return STATUS_NO_MEMORY;
    }
    *FileHandle = afd;
    IoStatusBlock->Status = STATUS_SUCCESS;
    IoStatusBlock->Information = FILE_OPENED;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtDeviceIoControlFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                                     PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode, PVOID InputBuffer,
                                     ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength) {
    struct afd *afd = object_of(FileHandle, KIND_AFD);
    if (afd == NULL) {
        return STATUS_INVALID_HANDLE;
    }
    if (IoControlCode != IOCTL_AFD_POLL || Event != NULL || ApcRoutine != NULL || IoStatusBlock == NULL
            || InputBuffer == NULL || OutputBuffer == NULL || InputBufferLength < sizeof(afd_poll_info)
            || OutputBufferLength < sizeof(afd_poll_info)) {
        return STATUS_INVALID_PARAMETER;
    }
    const afd_poll_info *input = InputBuffer;
    if (input->NumberOfHandles != 1) {
        return STATUS_INVALID_PARAMETER;
    }
    SOCKET s = (SOCKET) input->Handles[0].Handle;
    ULONG requested = input->Handles[0].Events;
    if (OutputBuffer != InputBuffer) {
        memcpy(OutputBuffer, InputBuffer, sizeof(afd_poll_info));
    }
    pthread_mutex_lock(&lock);
    struct socket_state *state = socket_of(s);
    NTSTATUS status;
    if (state == NULL) {
        status = STATUS_INVALID_HANDLE;
    } else if (afd->port == NULL || (state->watched_by != NULL && state->watched_by != afd->port)) {
        status = STATUS_INVALID_PARAMETER;
    } else {
        ULONG events = socket_events((int) s, state) & requested;
        if (events != 0) {
            set_result(OutputBuffer, events, state);
            IoStatusBlock->Information = sizeof(afd_poll_info);
            IoStatusBlock->Status = STATUS_SUCCESS;
            if (!(afd->modes & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)) {
                enqueue(afd->port, afd->key, ApcContext, STATUS_SUCCESS, sizeof(afd_poll_info));
            }
            status = STATUS_SUCCESS;
        } else {
            struct poll_request *request = calloc(1, sizeof *request);
            if (request == NULL) {
                status = STATUS_NO_MEMORY;
            } else {
                request->afd = afd;
                request->fd = (int) s;
                request->events = requested;
                request->iosb = IoStatusBlock;
                request->output = OutputBuffer;
                request->context = ApcContext;
                IoStatusBlock->Status = STATUS_PENDING;
                request->next_in_afd = afd->pending;
                afd->pending = request;
                request->next_in_socket = state->pending;
                state->pending = request;
                /* adding (or re-arming) the edge-triggered watch reports a state that holds already */
                px_epoll_watch(afd->port->epfd, (int) s, state->watched_by == NULL);
                state->watched_by = afd->port;
                status = STATUS_PENDING;
            }
        }
    }
    pthread_mutex_unlock(&lock);
    return status;
}

NTSTATUS NTAPI NtCancelIoFileEx(HANDLE FileHandle, PIO_STATUS_BLOCK IoRequestToCancel, PIO_STATUS_BLOCK IoStatusBlock) {
    struct afd *afd = object_of(FileHandle, KIND_AFD);
    if (afd == NULL || IoStatusBlock == NULL) {
        return afd == NULL ? STATUS_INVALID_HANDLE : STATUS_INVALID_PARAMETER;
    }
    int cancelled = 0;
    pthread_mutex_lock(&lock);
    struct poll_request *request = afd->pending;
    while (request != NULL) {
        struct poll_request *next = request->next_in_afd;
        if (IoRequestToCancel == NULL || request->iosb == IoRequestToCancel) {
            complete(request, STATUS_CANCELLED, 0);
            cancelled++;
        }
        request = next;
    }
    pthread_mutex_unlock(&lock);
    NTSTATUS status = cancelled > 0 ? STATUS_SUCCESS : STATUS_NOT_FOUND;
    IoStatusBlock->Status = status;
    IoStatusBlock->Information = 0;
    return status;
}

/* ---- completion ports ---- */

static HANDLE create_port(void) {
    struct port *port = new_object(sizeof *port, KIND_PORT);
    if (port == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    port->epfd = px_epoll_create();
    port->wakefd = px_eventfd();
    if (port->epfd < 0 || port->wakefd < 0 || px_epoll_watch(port->epfd, port->wakefd, 1) < 0) {
        if (port->epfd >= 0) {
            px_close(port->epfd);
        }
        if (port->wakefd >= 0) {
            px_close(port->wakefd);
        }
        free_object(port);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    port->references = 1;
    return port;
}

HANDLE WINAPI CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort, ULONG_PTR CompletionKey,
                                     DWORD NumberOfConcurrentThreads) {
    (void) NumberOfConcurrentThreads;
    if (FileHandle == INVALID_HANDLE_VALUE) {
        if (ExistingCompletionPort != NULL) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return NULL;
        }
        return create_port();
    }
    /* only AFD handles are attached: mio attaches nothing else (sockets are polled through AFD) */
    struct afd *afd = object_of(FileHandle, KIND_AFD);
    struct port *port = object_of(ExistingCompletionPort, KIND_PORT);
    if (afd == NULL || port == NULL) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    pthread_mutex_lock(&lock);
    int attached = afd->port == NULL && !port->handle_closed;
    if (attached) {
        afd->port = port;
        afd->key = CompletionKey;
        port->references++;
    }
    pthread_mutex_unlock(&lock);
    if (!attached) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return port;
}

BOOL WINAPI SetFileCompletionNotificationModes(HANDLE FileHandle, UCHAR Flags) {
    struct afd *afd = object_of(FileHandle, KIND_AFD);
    if (afd == NULL) {
        return fail(ERROR_INVALID_HANDLE);
    }
    afd->modes = Flags;
    return TRUE;
}

BOOL WINAPI PostQueuedCompletionStatus(HANDLE CompletionPort, DWORD dwNumberOfBytesTransferred,
                                       ULONG_PTR dwCompletionKey, LPOVERLAPPED lpOverlapped) {
    struct port *port = object_of(CompletionPort, KIND_PORT);
    if (port == NULL) {
        return fail(ERROR_INVALID_HANDLE);
    }
    pthread_mutex_lock(&lock);
    BOOL posted = port->handle_closed ? fail(ERROR_INVALID_HANDLE)
                                      : enqueue(port, dwCompletionKey, lpOverlapped, 0, dwNumberOfBytesTransferred);
    pthread_mutex_unlock(&lock);
    return posted;
}

BOOL WINAPI GetQueuedCompletionStatusEx(HANDLE CompletionPort, LPOVERLAPPED_ENTRY lpCompletionPortEntries,
                                        ULONG ulCount, PULONG ulNumEntriesRemoved, DWORD dwMilliseconds,
                                        BOOL fAlertable) {
    (void) fAlertable;
    struct port *port = object_of(CompletionPort, KIND_PORT);
    if (port == NULL) {
        return fail(ERROR_INVALID_HANDLE);
    }
    if (lpCompletionPortEntries == NULL || ulCount == 0 || ulNumEntriesRemoved == NULL) {
        return fail(ERROR_INVALID_PARAMETER);
    }
    *ulNumEntriesRemoved = 0;
    uint64_t deadline = dwMilliseconds == INFINITE ? 0 : px_monotonic_ms() + dwMilliseconds;
    BOOL result = FALSE;
    pthread_mutex_lock(&lock);
    port->references++;
    for (int last_pass = 0;;) {
        if (port->handle_closed) {
            SetLastError(ERROR_ABANDONED_WAIT_0);
            break;
        }
        if (port->head != NULL) {
            ULONG n = 0;
            while (n < ulCount && port->head != NULL) {
                struct packet *packet = port->head;
                port->head = packet->next;
                lpCompletionPortEntries[n].lpCompletionKey = packet->key;
                lpCompletionPortEntries[n].lpOverlapped = packet->overlapped;
                lpCompletionPortEntries[n].Internal = packet->internal;
                lpCompletionPortEntries[n].dwNumberOfBytesTransferred = packet->bytes;
                free(packet);
                n++;
            }
            if (port->head == NULL) {
                port->tail = NULL;
            }
            *ulNumEntriesRemoved = n;
            result = TRUE;
            break;
        }
        if (last_pass) {
            SetLastError(WAIT_TIMEOUT);
            break;
        }
        int timeout = -1;
        if (dwMilliseconds != INFINITE) {
            uint64_t now = px_monotonic_ms();
            timeout = now >= deadline ? 0 : (int) (deadline - now > INT32_MAX ? INT32_MAX : deadline - now);
        }
        pthread_mutex_unlock(&lock);
        int ready[64];
        int n = px_epoll_wait(port->epfd, ready, 64, timeout);
        pthread_mutex_lock(&lock);
        for (int i = 0; i < n; i++) {
            if (ready[i] == port->wakefd) {
                px_eventfd_drain(port->wakefd);
            } else {
                evaluate(ready[i]);
            }
        }
        /* an interrupted wait (n < 0, EINTR) goes round again with the time left */
        last_pass = timeout == 0 || (n == 0 && dwMilliseconds != INFINITE && px_monotonic_ms() >= deadline);
    }
    release_port(port);
    pthread_mutex_unlock(&lock);
    return result;
}

/* ---- handles, threads, time ---- */

static void *thread_main(void *argument) {
    struct thread *thread = argument;
    return (void *) (uintptr_t) thread->start(thread->parameter);
}

HANDLE WINAPI CreateThread(void *lpThreadAttributes, SIZE_T dwStackSize, LPTHREAD_START_ROUTINE lpStartAddress,
                           LPVOID lpParameter, DWORD dwCreationFlags, LPDWORD lpThreadId) {
    (void) lpThreadAttributes, (void) dwStackSize;
    if (lpStartAddress == NULL || dwCreationFlags != 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    struct thread *thread = new_object(sizeof *thread, KIND_THREAD);
    if (thread == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    thread->start = lpStartAddress;
    thread->parameter = lpParameter;
    if (pthread_create(&thread->id, NULL, thread_main, thread) != 0) {
        free_object(thread);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (lpThreadId != NULL) {
        *lpThreadId = (DWORD) (uintptr_t) thread;
    }
    return thread;
}

DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds) {
    struct thread *thread = object_of(hHandle, KIND_THREAD);
    /* a thread handle waited for without limit: all the shim's callers need */
    if (thread == NULL || dwMilliseconds != INFINITE) {
        SetLastError(thread == NULL ? ERROR_INVALID_HANDLE : ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    if (!thread->joined) {
        pthread_join(thread->id, NULL);
        thread->joined = 1;
    }
    return WAIT_OBJECT_0;
}

BOOL WINAPI CloseHandle(HANDLE hObject) {
    struct port *port = object_of(hObject, KIND_PORT);
    struct afd *afd = object_of(hObject, KIND_AFD);
    struct thread *thread = object_of(hObject, KIND_THREAD);
    if (thread != NULL) {
        if (!thread->joined) {
            pthread_detach(thread->id);
        }
        free_object(thread);
        return TRUE;
    }
    if (port == NULL && afd == NULL) {
        return fail(ERROR_INVALID_HANDLE);
    }
    pthread_mutex_lock(&lock);
    if (port != NULL) {
        /* a waiting thread sees the port closed (ERROR_ABANDONED_WAIT_0); the last reference frees it */
        port->handle_closed = 1;
        px_eventfd_signal(port->wakefd);
        release_port(port);
    } else {
        /* closing a file handle cancels the I/O still pending on it */
        while (afd->pending != NULL) {
            complete(afd->pending, STATUS_CANCELLED, 0);
        }
        if (afd->port != NULL) {
            release_port(afd->port);
        }
        free_object(afd);
    }
    pthread_mutex_unlock(&lock);
    return TRUE;
}

ULONGLONG WINAPI GetTickCount64(void) {
    return px_monotonic_ms();
}

/* ---- Winsock ---- */

int WINAPI WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData) {
    if (lpWSAData == NULL) {
        return WSAEFAULT;
    }
    memset(lpWSAData, 0, sizeof *lpWSAData);
    lpWSAData->wVersion = wVersionRequested;
    lpWSAData->wHighVersion = MAKEWORD(2, 2);
    strcpy(lpWSAData->szDescription, "mio Win32 shim over Linux sockets");
    strcpy(lpWSAData->szSystemStatus, "Running");
    return 0;
}

int WINAPI WSACleanup(void) {
    return 0;
}

u_short WINAPI htons(u_short hostshort) {
    return __builtin_bswap16(hostshort);
}

u_short WINAPI ntohs(u_short netshort) {
    return __builtin_bswap16(netshort);
}

u_long WINAPI htonl(u_long hostlong) {
    return __builtin_bswap32(hostlong);
}

u_long WINAPI ntohl(u_long netlong) {
    return __builtin_bswap32(netlong);
}

/* Windows' address family numbers to Linux's and back (only AF_INET6 differs) */
static int family_to_linux(int family) {
    return family == AF_INET6 ? LX_AF_INET6 : family;
}

static int family_from_linux(int family) {
    return family == LX_AF_INET6 ? AF_INET6 : family;
}

/* a Windows sockaddr copied with Linux's family number; 0 if it does not fit */
static unsigned address_to_linux(const struct sockaddr *address, int length, struct sockaddr_storage *copy) {
    if (address == NULL || length < (int) sizeof(u_short) || length > (int) sizeof *copy) {
        return 0;
    }
    memcpy(copy, address, (size_t) length);
    ((struct sockaddr *) copy)->sa_family = (u_short) family_to_linux(address->sa_family);
    return (unsigned) length;
}

/* a Linux sockaddr returned to the caller's buffer with Windows' family number */
static int address_from_linux(const struct sockaddr_storage *linux_address, unsigned length, struct sockaddr *out,
                              int *out_length) {
    if (out == NULL || out_length == NULL) {
        return 0;
    }
    if (*out_length < (int) length) {
        return WSAEFAULT;
    }
    memcpy(out, linux_address, length);
    out->sa_family = (u_short) family_from_linux(((const struct sockaddr *) linux_address)->sa_family);
    *out_length = (int) length;
    return 0;
}

/* registers a new descriptor; with the lock held */
static int track(int fd, int stream, int nonblocking) {
    if (fd >= socket_capacity) {
        int capacity = socket_capacity == 0 ? 1024 : socket_capacity;
        while (capacity <= fd) {
            capacity *= 2;
        }
        struct socket_state *grown = realloc(sockets, (size_t) capacity * sizeof *grown);
        if (grown == NULL) {
            return WSAENOBUFS;
        }
        memset(grown + socket_capacity, 0, (size_t) (capacity - socket_capacity) * sizeof *grown);
        sockets = grown;
        socket_capacity = capacity;
    }
    memset(&sockets[fd], 0, sizeof sockets[fd]);
    sockets[fd].open = 1;
    sockets[fd].stream = stream;
    sockets[fd].nonblocking = nonblocking;
    return 0;
}

SOCKET WINAPI socket(int af, int type, int protocol) {
    if (af != AF_INET && af != AF_INET6 && af != AF_UNIX) {
        return (SOCKET) wsa_fail(WSAEAFNOSUPPORT);
    }
    /* Windows' AF_UNIX (since 10 1803) has stream sockets only */
    if ((type != SOCK_STREAM && type != SOCK_DGRAM) || (af == AF_UNIX && type != SOCK_STREAM)) {
        return (SOCKET) wsa_fail(WSAESOCKTNOSUPPORT);
    }
    int fd = px_socket(family_to_linux(af), type == SOCK_STREAM ? LX_SOCK_STREAM : LX_SOCK_DGRAM, protocol);
    if (fd < 0) {
        return (SOCKET) wsa_fail(px_wsa_error(-fd));
    }
    /* Windows' IPv6 sockets are v6-only until told otherwise (Linux's are dual-stack) */
    int on = 1;
    if (af == AF_INET6) {
        px_setsockopt(fd, LX_IPPROTO_IPV6, LX_IPV6_V6ONLY, &on, sizeof on);
    }
    pthread_mutex_lock(&lock);
    int error = track(fd, type == SOCK_STREAM, 0);
    pthread_mutex_unlock(&lock);
    if (error != 0) {
        px_close(fd);
        return (SOCKET) wsa_fail(error);
    }
    return (SOCKET) fd;
}

SOCKET WINAPI WSASocketW(int af, int type, int protocol, void *lpProtocolInfo, unsigned int g, DWORD dwFlags) {
    /* the socket is overlapped-capable and not inherited by default here already: no other flag means anything */
    if (lpProtocolInfo != NULL || g != 0 || (dwFlags & ~(DWORD) (WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT)) != 0) {
        return (SOCKET) wsa_fail(WSAEINVAL);
    }
    return socket(af, type, protocol);
}

int WINAPI closesocket(SOCKET s) {
    pthread_mutex_lock(&lock);
    struct socket_state *state = socket_of(s);
    if (state == NULL) {
        pthread_mutex_unlock(&lock);
        return wsa_fail(WSAENOTSOCK);
    }
    while (state->pending != NULL) {
        complete(state->pending, STATUS_SUCCESS, AFD_POLL_LOCAL_CLOSE);
    }
    state->open = 0;
    /* closed under the lock: a descriptor number is not reused while the port evaluates it */
    px_close((int) s);
    pthread_mutex_unlock(&lock);
    return 0;
}

/* the socket's state, or NULL with WSAENOTSOCK set; takes the lock, which the caller releases */
static struct socket_state *lock_socket(SOCKET s) {
    pthread_mutex_lock(&lock);
    struct socket_state *state = socket_of(s);
    if (state == NULL) {
        pthread_mutex_unlock(&lock);
        last_error = WSAENOTSOCK;
    }
    return state;
}

/*
 * A connect no poll saw complete is known done once a transfer or getpeername succeeds, as Windows
 * knows it: else an error or hang-up a later poll finds (a reset, both directions shut) would be
 * taken for a failed connect (CONNECT_FAIL, then WSAENOTCONN from send, where Windows says
 * WSAECONNRESET). mio-interop's fuzzer found it: seed 17019539848544, iocp against poll.
 */
static void learn_connected(SOCKET s) {
    struct socket_state *state = lock_socket(s);
    if (state != NULL) {
        if (state->connecting) {
            state->connecting = 0;
            state->connected = 1;
        }
        pthread_mutex_unlock(&lock);
    }
}

/* the result of a call that returns 0 or -errno */
static int wsa_result(int result) {
    return result < 0 ? wsa_fail(px_wsa_error(-result)) : 0;
}

int WINAPI bind(SOCKET s, const struct sockaddr *name, int namelen) {
    struct sockaddr_storage address;
    unsigned length = address_to_linux(name, namelen, &address);
    if (length == 0) {
        return wsa_fail(WSAEFAULT);
    }
    if (lock_socket(s) == NULL) {
        return SOCKET_ERROR;
    }
    pthread_mutex_unlock(&lock);
    return wsa_result(px_bind((int) s, &address, length));
}

int WINAPI listen(SOCKET s, int backlog) {
    struct socket_state *state = lock_socket(s);
    if (state == NULL) {
        return SOCKET_ERROR;
    }
    int result = px_listen((int) s, backlog);
    if (result == 0) {
        state->listening = 1;
    }
    pthread_mutex_unlock(&lock);
    return wsa_result(result);
}

SOCKET WINAPI accept(SOCKET s, struct sockaddr *addr, int *addrlen) {
    struct socket_state *state = lock_socket(s);
    if (state == NULL) {
        return INVALID_SOCKET;
    }
    /* the accepted socket inherits the listener's non-blocking mode, as on Windows */
    int nonblocking = state->nonblocking;
    pthread_mutex_unlock(&lock);
    struct sockaddr_storage address;
    unsigned length = sizeof address;
    int fd = px_accept((int) s, &address, &length, nonblocking);
    if (fd < 0) {
        return (SOCKET) wsa_fail(px_wsa_error(-fd));
    }
    pthread_mutex_lock(&lock);
    int error = track(fd, 1, nonblocking);
    if (error == 0) {
        sockets[fd].connected = 1;
    }
    pthread_mutex_unlock(&lock);
    if (error != 0) {
        px_close(fd);
        return (SOCKET) wsa_fail(error);
    }
    error = address_from_linux(&address, length, addr, addrlen);
    if (error != 0) {
        closesocket((SOCKET) fd);
        return (SOCKET) wsa_fail(error);
    }
    return (SOCKET) fd;
}

int WINAPI connect(SOCKET s, const struct sockaddr *name, int namelen) {
    struct sockaddr_storage address;
    unsigned length = address_to_linux(name, namelen, &address);
    if (length == 0) {
        return wsa_fail(WSAEFAULT);
    }
    struct socket_state *state = lock_socket(s);
    if (state == NULL) {
        return SOCKET_ERROR;
    }
    pthread_mutex_unlock(&lock);
    /* a blocking connect waits: not under the lock */
    int result = px_connect((int) s, &address, length);
    int error = result < 0 ? -result : 0;
    state = lock_socket(s);
    if (state == NULL) {
        return SOCKET_ERROR;
    }
    if (error == 0) {
        state->connected = 1;
    } else if (error == LX_EINPROGRESS || (state->nonblocking && state->stream && error == LX_ECONNREFUSED)) {
        /* Windows never refuses a non-blocking connect at once: the failure comes as CONNECT_FAIL */
        state->connecting = error == LX_EINPROGRESS;
        if (error == LX_ECONNREFUSED) {
            connect_failed(state, error);
        }
        error = LX_EINPROGRESS;
    }
    pthread_mutex_unlock(&lock);
    return error == 0 ? 0 : wsa_fail(px_wsa_error(error));
}

/* the Winsock error of a failed transfer on a stream (errno in error); with the lock held */
static int transfer_error(struct socket_state *state, int error) {
    if (error == LX_ECONNRESET) {
        state->reset = 1;
    }
    if (error == LX_EPIPE) {
        /* Linux says EPIPE for a stream never connected too; Windows says WSAENOTCONN */
        if (state->shut_send) {
            return WSAESHUTDOWN;
        }
        return state->connected || state->connecting || state->reset ? WSAECONNRESET : WSAENOTCONN;
    }
    return px_wsa_error(error);
}

static int flags_to_linux(int flags) {
    return (flags & MSG_OOB ? LX_MSG_OOB : 0) | (flags & MSG_PEEK ? LX_MSG_PEEK : 0);
}

static int transfer_result(SOCKET s, long n) {
    if (n >= 0) {
        learn_connected(s);
        return (int) n;
    }
    struct socket_state *state = lock_socket(s);
    int error = state == NULL ? WSAENOTSOCK : transfer_error(state, (int) -n);
    if (state != NULL) {
        pthread_mutex_unlock(&lock);
    }
    return wsa_fail(error);
}

/*
 * Before a receive: a reset stream fails every receive with WSAECONNRESET, as on Windows (-1); a
 * datagram socket receives with MSG_TRUNC, to learn a datagram's whole length and fail a truncated
 * one with WSAEMSGSIZE as Windows does (returns MSG_TRUNC); a stream, 0.
 */
static int receive_flags(SOCKET s) {
    struct socket_state *state = lock_socket(s);
    if (state == NULL) {
        return -1;
    }
    int reset = state->reset;
    int datagram = !state->stream;
    pthread_mutex_unlock(&lock);
    if (reset) {
        last_error = WSAECONNRESET;
        return -1;
    }
    return datagram ? LX_MSG_TRUNC : 0;
}

int WINAPI send(SOCKET s, const char *buf, int len, int flags) {
    return sendto(s, buf, len, flags, NULL, 0);
}

int WINAPI recv(SOCKET s, char *buf, int len, int flags) {
    return recvfrom(s, buf, len, flags, NULL, NULL);
}

int WINAPI sendto(SOCKET s, const char *buf, int len, int flags, const struct sockaddr *to, int tolen) {
    struct sockaddr_storage address;
    unsigned length = 0;
    if (to != NULL && (length = address_to_linux(to, tolen, &address)) == 0) {
        return wsa_fail(WSAEFAULT);
    }
    if (len < 0) {
        return wsa_fail(WSAEINVAL);
    }
    long n = px_sendto((int) s, buf, (size_t) len, flags_to_linux(flags), to == NULL ? NULL : &address, length);
    return transfer_result(s, n);
}

int WINAPI recvfrom(SOCKET s, char *buf, int len, int flags, struct sockaddr *from, int *fromlen) {
    if (len < 0 || (from != NULL && fromlen == NULL)) {
        return wsa_fail(len < 0 ? WSAEINVAL : WSAEFAULT);
    }
    int truncate = receive_flags(s);
    if (truncate < 0) {
        return SOCKET_ERROR;
    }
    struct sockaddr_storage address;
    unsigned length = sizeof address;
    long n = px_recvfrom((int) s, buf, (size_t) len, flags_to_linux(flags) | truncate, from == NULL ? NULL : &address,
                         from == NULL ? NULL : &length);
    if (n >= 0 && from != NULL) {
        int error = address_from_linux(&address, length, from, fromlen);
        if (error != 0) {
            return wsa_fail(error);
        }
    }
    if (n > len) {
        return wsa_fail(WSAEMSGSIZE);
    }
    return transfer_result(s, n);
}

/* WSABUF is {ULONG len; CHAR *buf}, iovec {void *base; size_t length}: copied, at most 64 */
static int buffers_to_linux(const WSABUF *buffers, DWORD count, struct px_buffer *out) {
    if (buffers == NULL || count == 0 || count > 64) {
        return 0;
    }
    for (DWORD i = 0; i < count; i++) {
        out[i].base = buffers[i].buf;
        out[i].length = buffers[i].len;
    }
    return 1;
}

int WINAPI WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
                   LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
    struct px_buffer buffers[64];
    if (lpOverlapped != NULL || lpCompletionRoutine != NULL || dwFlags != 0 || lpNumberOfBytesSent == NULL) {
        return wsa_fail(WSAEOPNOTSUPP);
    }
    if (!buffers_to_linux(lpBuffers, dwBufferCount, buffers)) {
        return wsa_fail(WSAEINVAL);
    }
    int n = transfer_result(s, px_sendv((int) s, buffers, (int) dwBufferCount));
    if (n < 0) {
        return SOCKET_ERROR;
    }
    *lpNumberOfBytesSent = (DWORD) n;
    return 0;
}

int WINAPI WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd,
                   LPDWORD lpFlags, LPWSAOVERLAPPED lpOverlapped,
                   LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
    struct px_buffer buffers[64];
    if (lpOverlapped != NULL || lpCompletionRoutine != NULL || lpNumberOfBytesRecvd == NULL || lpFlags == NULL
            || *lpFlags != 0) {
        return wsa_fail(WSAEOPNOTSUPP);
    }
    if (!buffers_to_linux(lpBuffers, dwBufferCount, buffers)) {
        return wsa_fail(WSAEINVAL);
    }
    int truncate = receive_flags(s);
    if (truncate < 0) {
        return SOCKET_ERROR;
    }
    long n = px_recvv((int) s, buffers, (int) dwBufferCount, truncate);
    size_t room = 0;
    for (DWORD i = 0; i < dwBufferCount; i++) {
        room += buffers[i].length;
    }
    if (n > (long) room) {
        *lpNumberOfBytesRecvd = (DWORD) room;
        return wsa_fail(WSAEMSGSIZE);
    }
    if (transfer_result(s, n) < 0) {
        return SOCKET_ERROR;
    }
    *lpNumberOfBytesRecvd = (DWORD) n;
    return 0;
}

int WINAPI shutdown(SOCKET s, int how) {
    struct socket_state *state = lock_socket(s);
    if (state == NULL) {
        return SOCKET_ERROR;
    }
    int result = px_shutdown((int) s, how);
    if (result == 0 && (how == SD_SEND || how == SD_BOTH)) {
        state->shut_send = 1;
    }
    pthread_mutex_unlock(&lock);
    return wsa_result(result);
}

/* getsockname and getpeername: the Linux call, then the address in Windows' form */
static int socket_name(int (*call)(int, void *, unsigned *), SOCKET s, struct sockaddr *name, int *namelen) {
    struct sockaddr_storage address;
    unsigned length = sizeof address;
    int result = call((int) s, &address, &length);
    if (result < 0) {
        return wsa_fail(px_wsa_error(-result));
    }
    if (name == NULL || namelen == NULL) {
        return wsa_fail(WSAEFAULT);
    }
    int error = address_from_linux(&address, length, name, namelen);
    return error == 0 ? 0 : wsa_fail(error);
}

int WINAPI getsockname(SOCKET s, struct sockaddr *name, int *namelen) {
    return socket_name(px_getsockname, s, name, namelen);
}

int WINAPI getpeername(SOCKET s, struct sockaddr *name, int *namelen) {
    int result = socket_name(px_getpeername, s, name, namelen);
    if (result == 0) {
        learn_connected(s);
    }
    return result;
}

/* Windows' (level, name) to Linux's; 0 if the shim does not know the option */
static int option_to_linux(int level, int name, int *linux_level, int *linux_name) {
    static const int table[][4] = {
        {SOL_SOCKET, SO_REUSEADDR, LX_SOL_SOCKET, LX_SO_REUSEADDR},
        {SOL_SOCKET, SO_KEEPALIVE, LX_SOL_SOCKET, LX_SO_KEEPALIVE},
        {SOL_SOCKET, SO_BROADCAST, LX_SOL_SOCKET, LX_SO_BROADCAST},
        {SOL_SOCKET, SO_LINGER, LX_SOL_SOCKET, LX_SO_LINGER},
        {SOL_SOCKET, SO_SNDBUF, LX_SOL_SOCKET, LX_SO_SNDBUF},
        {SOL_SOCKET, SO_RCVBUF, LX_SOL_SOCKET, LX_SO_RCVBUF},
        {SOL_SOCKET, SO_ERROR, LX_SOL_SOCKET, LX_SO_ERROR},
        {SOL_SOCKET, SO_TYPE, LX_SOL_SOCKET, LX_SO_TYPE},
        {SOL_SOCKET, SO_ACCEPTCONN, LX_SOL_SOCKET, LX_SO_ACCEPTCONN},
        {IPPROTO_TCP, TCP_NODELAY, LX_IPPROTO_TCP, LX_TCP_NODELAY},
        {IPPROTO_IP, IP_TTL, LX_IPPROTO_IP, LX_IP_TTL},
        {IPPROTO_IPV6, IPV6_V6ONLY, LX_IPPROTO_IPV6, LX_IPV6_V6ONLY},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (table[i][0] == level && table[i][1] == name) {
            *linux_level = table[i][2];
            *linux_name = table[i][3];
            return 1;
        }
    }
    return 0;
}

/* Linux's struct linger is two ints, Windows' two u_shorts */
struct linux_linger {
    int onoff;
    int linger;
};

int WINAPI setsockopt(SOCKET s, int level, int optname, const char *optval, int optlen) {
    int linux_level;
    int linux_name;
    if (!option_to_linux(level, optname, &linux_level, &linux_name)) {
        return wsa_fail(WSAENOPROTOOPT);
    }
    if (optval == NULL || optlen < (int) sizeof(u_short)) {
        return wsa_fail(WSAEFAULT);
    }
    if (linux_name == LX_SO_LINGER && linux_level == LX_SOL_SOCKET) {
        if (optlen < (int) sizeof(struct linger)) {
            return wsa_fail(WSAEFAULT);
        }
        const struct linger *windows_linger = (const struct linger *) optval;
        struct linux_linger value = {windows_linger->l_onoff, windows_linger->l_linger};
        return wsa_result(px_setsockopt((int) s, linux_level, linux_name, &value, sizeof value));
    }
    /* Windows takes a BOOL option as one byte or more; Linux wants an int */
    int value = 0;
    memcpy(&value, optval, optlen < (int) sizeof value ? (size_t) optlen : sizeof value);
    return wsa_result(px_setsockopt((int) s, linux_level, linux_name, &value, sizeof value));
}

int WINAPI getsockopt(SOCKET s, int level, int optname, char *optval, int *optlen) {
    int linux_level;
    int linux_name;
    if (!option_to_linux(level, optname, &linux_level, &linux_name)) {
        return wsa_fail(WSAENOPROTOOPT);
    }
    if (optval == NULL || optlen == NULL || *optlen < (int) sizeof(int)) {
        return wsa_fail(WSAEFAULT);
    }
    if (linux_level == LX_SOL_SOCKET && linux_name == LX_SO_LINGER) {
        struct linux_linger value;
        unsigned length = sizeof value;
        int result = px_getsockopt((int) s, linux_level, linux_name, &value, &length);
        if (result == 0) {
            struct linger windows_linger = {(u_short) value.onoff, (u_short) value.linger};
            memcpy(optval, &windows_linger, sizeof windows_linger);
            *optlen = sizeof windows_linger;
        }
        return wsa_result(result);
    }
    int value = 0;
    unsigned length = sizeof value;
    int result;
    if (linux_level == LX_SOL_SOCKET && linux_name == LX_SO_ERROR) {
        /* an error the shim took from the kernel while evaluating a poll is reported once, here */
        struct socket_state *state = lock_socket(s);
        if (state == NULL) {
            return SOCKET_ERROR;
        }
        value = state->saved_error;
        state->saved_error = 0;
        pthread_mutex_unlock(&lock);
        result = value != 0 ? 0 : px_getsockopt((int) s, linux_level, linux_name, &value, &length);
        value = value == 0 ? 0 : px_wsa_error(value);
    } else {
        result = px_getsockopt((int) s, linux_level, linux_name, &value, &length);
        if (linux_level == LX_SOL_SOCKET && linux_name == LX_SO_TYPE) {
            value = value == LX_SOCK_STREAM ? SOCK_STREAM : SOCK_DGRAM;
        }
    }
    if (result == 0) {
        memcpy(optval, &value, sizeof value);
        *optlen = sizeof value;
    }
    return wsa_result(result);
}

int WINAPI ioctlsocket(SOCKET s, LONG cmd, u_long *argp) {
    if (argp == NULL) {
        return wsa_fail(WSAEFAULT);
    }
    if ((DWORD) cmd == FIONREAD) {
        int n = px_bytes_readable((int) s);
        if (n < 0) {
            return wsa_fail(px_wsa_error(-n));
        }
        *argp = (u_long) n;
        return 0;
    }
    if ((DWORD) cmd != FIONBIO) {
        return wsa_fail(WSAEINVAL);
    }
    struct socket_state *state = lock_socket(s);
    if (state == NULL) {
        return SOCKET_ERROR;
    }
    int result = px_set_nonblocking((int) s, *argp != 0);
    if (result == 0) {
        state->nonblocking = *argp != 0;
    }
    pthread_mutex_unlock(&lock);
    return wsa_result(result);
}

int WINAPI WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer, LPVOID lpvOutBuffer,
                    DWORD cbOutBuffer, LPDWORD lpcbBytesReturned, LPWSAOVERLAPPED lpOverlapped,
                    LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
    (void) lpvInBuffer, (void) cbInBuffer;
    if (lpOverlapped != NULL || lpCompletionRoutine != NULL) {
        return wsa_fail(WSAEOPNOTSUPP);
    }
    /* no layered service providers here: the base (and every provider's) socket is the socket */
    if (dwIoControlCode != SIO_BASE_HANDLE && dwIoControlCode != SIO_BSP_HANDLE
            && dwIoControlCode != SIO_BSP_HANDLE_SELECT && dwIoControlCode != SIO_BSP_HANDLE_POLL) {
        return wsa_fail(WSAEINVAL);
    }
    if (lpvOutBuffer == NULL || cbOutBuffer < sizeof(SOCKET) || lpcbBytesReturned == NULL) {
        return wsa_fail(WSAEFAULT);
    }
    if (lock_socket(s) == NULL) {
        return SOCKET_ERROR;
    }
    pthread_mutex_unlock(&lock);
    memcpy(lpvOutBuffer, &s, sizeof s);
    *lpcbBytesReturned = sizeof s;
    return 0;
}
