/*
 * The Windows view of the Win32 shim for Linux: the types, constants and prototypes of the part of
 * ntdll, kernel32 and ws2_32 that mio-iocp's driver calls, with Windows' own values and 64-bit
 * (LLP64) layouts, so a program written against the SDK headers compiles unchanged with gcc on
 * Linux and links against libmiowin32.so. Sizes and offsets are those of the SDK (win32_layout.c
 * checks them against the Java facts both here and under mingw-w64).
 *
 * Wide strings are UTF-16: write them as u"..." (the SDK's L"..." is UTF-32 on Linux).
 */
#ifndef MIO_WIN32SHIM_ERRORS
#define MIO_WIN32SHIM_ERRORS
/* Winsock's error codes: no POSIX name clashes with them, so posix.c includes this part alone */
#define WSAEINTR 10004
#define WSAEBADF 10009
#define WSAEACCES 10013
#define WSAEFAULT 10014
#define WSAEINVAL 10022
#define WSAEMFILE 10024
#define WSAEWOULDBLOCK 10035
#define WSAEINPROGRESS 10036
#define WSAEALREADY 10037
#define WSAENOTSOCK 10038
#define WSAEDESTADDRREQ 10039
#define WSAEMSGSIZE 10040
#define WSAEPROTOTYPE 10041
#define WSAENOPROTOOPT 10042
#define WSAEPROTONOSUPPORT 10043
#define WSAESOCKTNOSUPPORT 10044
#define WSAEOPNOTSUPP 10045
#define WSAEAFNOSUPPORT 10047
#define WSAEADDRINUSE 10048
#define WSAEADDRNOTAVAIL 10049
#define WSAENETDOWN 10050
#define WSAENETUNREACH 10051
#define WSAECONNABORTED 10053
#define WSAECONNRESET 10054
#define WSAENOBUFS 10055
#define WSAEISCONN 10056
#define WSAENOTCONN 10057
#define WSAESHUTDOWN 10058
#define WSAETIMEDOUT 10060
#define WSAECONNREFUSED 10061
#define WSAENAMETOOLONG 10063
#define WSAEHOSTUNREACH 10065
#define WSANOTINITIALISED 10093
#endif

#if !defined(MIO_WIN32SHIM_H) && !defined(MIO_WIN32SHIM_ERRORS_ONLY)
#define MIO_WIN32SHIM_H

#include <stddef.h>
#include <stdint.h>

#define WINAPI
#define NTAPI
#define FALSE 0
#define TRUE 1

typedef int BOOL;
typedef uint8_t BYTE, UCHAR, BOOLEAN;
typedef uint16_t WORD, USHORT, WCHAR, u_short;
typedef uint32_t DWORD, ULONG, UINT, u_long;
typedef int32_t LONG, NTSTATUS;
typedef int INT;
typedef char CHAR;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef uintptr_t ULONG_PTR, UINT_PTR, SIZE_T;
typedef intptr_t LONG_PTR;
typedef void *HANDLE, *PVOID, *LPVOID;
typedef HANDLE *PHANDLE;
typedef DWORD *LPDWORD;
typedef ULONG *PULONG;
typedef WCHAR *PWSTR;
typedef DWORD ACCESS_MASK;
typedef UINT_PTR SOCKET;

typedef union _LARGE_INTEGER {
    struct {
        DWORD LowPart;
        LONG HighPart;
    };
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

#define INVALID_HANDLE_VALUE ((HANDLE) (LONG_PTR) -1)
#define INFINITE 0xFFFFFFFFu
#define WAIT_OBJECT_0 0u
#define WAIT_TIMEOUT 258u
#define WAIT_FAILED 0xFFFFFFFFu

/* GetLastError values */
#define ERROR_SUCCESS 0u
#define ERROR_FILE_NOT_FOUND 2u
#define ERROR_INVALID_HANDLE 6u
#define ERROR_NOT_ENOUGH_MEMORY 8u
#define ERROR_INVALID_PARAMETER 87u
#define ERROR_MR_MID_NOT_FOUND 317u
#define ERROR_ABANDONED_WAIT_0 735u
#define ERROR_OPERATION_ABORTED 995u
#define ERROR_IO_PENDING 997u
#define ERROR_NOT_FOUND 1168u

/* ntdll: files, status blocks, the device ioctl and its cancellation */
typedef struct _IO_STATUS_BLOCK {
    union {
        NTSTATUS Status;
        PVOID Pointer;
    };
    ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

typedef struct _UNICODE_STRING {
    USHORT Length;
    USHORT MaximumLength;
    PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;

typedef struct _OBJECT_ATTRIBUTES {
    ULONG Length;
    HANDLE RootDirectory;
    PUNICODE_STRING ObjectName;
    ULONG Attributes;
    PVOID SecurityDescriptor;
    PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;

typedef void (*PIO_APC_ROUTINE)(PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, ULONG Reserved);

#define SYNCHRONIZE 0x00100000u
#define FILE_SHARE_READ 0x1u
#define FILE_SHARE_WRITE 0x2u
#define FILE_OPEN 1u
#define FILE_OPENED 1u

#define STATUS_SUCCESS ((NTSTATUS) 0x00000000)
#define STATUS_PENDING ((NTSTATUS) 0x00000103)
#define STATUS_INVALID_HANDLE ((NTSTATUS) 0xC0000008)
#define STATUS_INVALID_PARAMETER ((NTSTATUS) 0xC000000D)
#define STATUS_NO_MEMORY ((NTSTATUS) 0xC0000017)
#define STATUS_OBJECT_NAME_NOT_FOUND ((NTSTATUS) 0xC0000034)
#define STATUS_NOT_SUPPORTED ((NTSTATUS) 0xC00000BB)
#define STATUS_CANCELLED ((NTSTATUS) 0xC0000120)
#define STATUS_NOT_FOUND ((NTSTATUS) 0xC0000225)
#define STATUS_IO_TIMEOUT ((NTSTATUS) 0xC00000B5)
#define STATUS_CONNECTION_REFUSED ((NTSTATUS) 0xC0000236)
#define STATUS_NETWORK_UNREACHABLE ((NTSTATUS) 0xC000023C)
#define STATUS_HOST_UNREACHABLE ((NTSTATUS) 0xC000023D)

NTSTATUS NTAPI NtCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                            PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
                            ULONG ShareAccess, ULONG CreateDisposition, ULONG CreateOptions, PVOID EaBuffer,
                            ULONG EaLength);
NTSTATUS NTAPI NtDeviceIoControlFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                                     PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode, PVOID InputBuffer,
                                     ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength);
NTSTATUS NTAPI NtCancelIoFileEx(HANDLE FileHandle, PIO_STATUS_BLOCK IoRequestToCancel, PIO_STATUS_BLOCK IoStatusBlock);
ULONG NTAPI RtlNtStatusToDosError(NTSTATUS Status);

/* kernel32: completion ports, handles, errors, threads, time */
typedef struct _OVERLAPPED {
    ULONG_PTR Internal;
    ULONG_PTR InternalHigh;
    union {
        struct {
            DWORD Offset;
            DWORD OffsetHigh;
        };
        PVOID Pointer;
    };
    HANDLE hEvent;
} OVERLAPPED, *LPOVERLAPPED;

typedef struct _OVERLAPPED_ENTRY {
    ULONG_PTR lpCompletionKey;
    LPOVERLAPPED lpOverlapped;
    ULONG_PTR Internal;
    DWORD dwNumberOfBytesTransferred;
} OVERLAPPED_ENTRY, *LPOVERLAPPED_ENTRY;

#define FILE_SKIP_COMPLETION_PORT_ON_SUCCESS 0x1
#define FILE_SKIP_SET_EVENT_ON_HANDLE 0x2

typedef DWORD (*LPTHREAD_START_ROUTINE)(LPVOID Parameter);

HANDLE WINAPI CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort, ULONG_PTR CompletionKey,
                                     DWORD NumberOfConcurrentThreads);
BOOL WINAPI GetQueuedCompletionStatusEx(HANDLE CompletionPort, LPOVERLAPPED_ENTRY lpCompletionPortEntries,
                                        ULONG ulCount, PULONG ulNumEntriesRemoved, DWORD dwMilliseconds,
                                        BOOL fAlertable);
BOOL WINAPI PostQueuedCompletionStatus(HANDLE CompletionPort, DWORD dwNumberOfBytesTransferred,
                                       ULONG_PTR dwCompletionKey, LPOVERLAPPED lpOverlapped);
BOOL WINAPI SetFileCompletionNotificationModes(HANDLE FileHandle, UCHAR Flags);
BOOL WINAPI CloseHandle(HANDLE hObject);
DWORD WINAPI GetLastError(void);
void WINAPI SetLastError(DWORD dwErrCode);
HANDLE WINAPI CreateThread(void *lpThreadAttributes, SIZE_T dwStackSize, LPTHREAD_START_ROUTINE lpStartAddress,
                           LPVOID lpParameter, DWORD dwCreationFlags, LPDWORD lpThreadId);
DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);
ULONGLONG WINAPI GetTickCount64(void);

/* ws2_32: Winsock with Windows' values (AF_INET6 is 23, SOL_SOCKET 0xffff) */
#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 23
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define IPPROTO_IP 0
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_IPV6 41

#define SOL_SOCKET 0xffff
#define SO_DEBUG 0x0001
#define SO_ACCEPTCONN 0x0002
#define SO_REUSEADDR 0x0004
#define SO_KEEPALIVE 0x0008
#define SO_BROADCAST 0x0020
#define SO_LINGER 0x0080
#define SO_SNDBUF 0x1001
#define SO_RCVBUF 0x1002
#define SO_ERROR 0x1007
#define SO_TYPE 0x1008
#define TCP_NODELAY 0x0001
#define IP_TTL 4
#define IPV6_V6ONLY 27

#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define SD_RECEIVE 0
#define SD_SEND 1
#define SD_BOTH 2

#define FIONREAD 0x4004667Fu
#define FIONBIO 0x8004667Eu
#define SIO_BSP_HANDLE 0x4800001Bu
#define SIO_BSP_HANDLE_SELECT 0x4800001Cu
#define SIO_BSP_HANDLE_POLL 0x4800001Du
#define SIO_BASE_HANDLE 0x48000022u

#define INVALID_SOCKET ((SOCKET) ~0)
#define SOCKET_ERROR (-1)
#define INADDR_ANY 0x00000000u
#define INADDR_LOOPBACK 0x7f000001u
#define MAKEWORD(low, high) ((WORD) (((BYTE) (low)) | ((WORD) ((BYTE) (high))) << 8))


struct sockaddr {
    u_short sa_family;
    char sa_data[14];
};

struct in_addr {
    union {
        struct {
            UCHAR s_b1, s_b2, s_b3, s_b4;
        } S_un_b;
        ULONG S_addr;
    } S_un;
};
#define s_addr S_un.S_addr

typedef struct sockaddr_in {
    short sin_family;
    u_short sin_port;
    struct in_addr sin_addr;
    char sin_zero[8];
} SOCKADDR_IN;

struct in6_addr {
    union {
        UCHAR Byte[16];
        USHORT Word[8];
    } u;
};
#define s6_addr u.Byte

typedef struct sockaddr_in6 {
    short sin6_family;
    u_short sin6_port;
    ULONG sin6_flowinfo;
    struct in6_addr sin6_addr;
    ULONG sin6_scope_id;
} SOCKADDR_IN6;

#define UNIX_PATH_MAX 108
typedef struct sockaddr_un {
    u_short sun_family;
    char sun_path[UNIX_PATH_MAX];
} SOCKADDR_UN;

struct sockaddr_storage {
    short ss_family;
    char ss_pad1[6];
    LONGLONG ss_align;
    char ss_pad2[112];
};

typedef struct linger {
    u_short l_onoff;
    u_short l_linger;
} LINGER;

typedef struct _WSABUF {
    ULONG len;
    CHAR *buf;
} WSABUF, *LPWSABUF;

typedef struct WSAData {
    WORD wVersion;
    WORD wHighVersion;
    unsigned short iMaxSockets;
    unsigned short iMaxUdpDg;
    char *lpVendorInfo;
    char szDescription[257];
    char szSystemStatus[129];
} WSADATA, *LPWSADATA;

typedef OVERLAPPED WSAOVERLAPPED, *LPWSAOVERLAPPED;
typedef void (*LPWSAOVERLAPPED_COMPLETION_ROUTINE)(DWORD dwError, DWORD cbTransferred,
                                                   LPWSAOVERLAPPED lpOverlapped, DWORD dwFlags);

int WINAPI WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData);
int WINAPI WSACleanup(void);
int WINAPI WSAGetLastError(void);
void WINAPI WSASetLastError(int iError);
#define WSA_FLAG_OVERLAPPED 0x01
#define WSA_FLAG_NO_HANDLE_INHERIT 0x80

SOCKET WINAPI socket(int af, int type, int protocol);
SOCKET WINAPI WSASocketW(int af, int type, int protocol, void *lpProtocolInfo, unsigned int g, DWORD dwFlags);
int WINAPI closesocket(SOCKET s);
int WINAPI bind(SOCKET s, const struct sockaddr *name, int namelen);
int WINAPI listen(SOCKET s, int backlog);
SOCKET WINAPI accept(SOCKET s, struct sockaddr *addr, int *addrlen);
int WINAPI connect(SOCKET s, const struct sockaddr *name, int namelen);
int WINAPI send(SOCKET s, const char *buf, int len, int flags);
int WINAPI recv(SOCKET s, char *buf, int len, int flags);
int WINAPI sendto(SOCKET s, const char *buf, int len, int flags, const struct sockaddr *to, int tolen);
int WINAPI recvfrom(SOCKET s, char *buf, int len, int flags, struct sockaddr *from, int *fromlen);
int WINAPI WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
                   LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
int WINAPI WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd,
                   LPDWORD lpFlags, LPWSAOVERLAPPED lpOverlapped,
                   LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
int WINAPI shutdown(SOCKET s, int how);
int WINAPI getsockname(SOCKET s, struct sockaddr *name, int *namelen);
int WINAPI getpeername(SOCKET s, struct sockaddr *name, int *namelen);
int WINAPI setsockopt(SOCKET s, int level, int optname, const char *optval, int optlen);
int WINAPI getsockopt(SOCKET s, int level, int optname, char *optval, int *optlen);
int WINAPI ioctlsocket(SOCKET s, LONG cmd, u_long *argp);
int WINAPI WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer, LPVOID lpvOutBuffer,
                    DWORD cbOutBuffer, LPDWORD lpcbBytesReturned, LPWSAOVERLAPPED lpOverlapped,
                    LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
u_short WINAPI htons(u_short hostshort);
u_short WINAPI ntohs(u_short netshort);
u_long WINAPI htonl(u_long hostlong);
u_long WINAPI ntohl(u_long netlong);

#endif
