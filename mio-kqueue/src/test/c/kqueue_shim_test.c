/*
 * Pins the shim's behaviour to the kqueue(2) manual pages of FreeBSD and macOS: each check cites
 * what it holds the shim to. Prints one line per check and exits 1 if any failed.
 */
#define _GNU_SOURCE
#include "kqueue_shim.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int checks, failures;

#define CHECK(cond, what) do {                                            \
        checks++;                                                         \
        if (cond) {                                                       \
            printf("ok   %s\n", what);                                    \
        } else {                                                          \
            failures++;                                                   \
            printf("FAIL %s (line %d, errno %d)\n", what, __LINE__, errno); \
        }                                                                 \
    } while (0)

static const struct timespec ZERO = {0, 0};
static const struct timespec LONG = {5, 0};

static int change(int kq, uintptr_t ident, short filter, unsigned short flags, unsigned int fflags, void *udata) {
    struct kevent c, r;
    EV_SET(&c, ident, filter, flags | EV_RECEIPT, fflags, 0, udata);
    int n = kevent(kq, &c, 1, &r, 1, NULL);
    return n != 1 ? -1 : (int) r.data;
}

static int poll_now(int kq, struct kevent *out, int max) {
    return kevent(kq, NULL, 0, out, max, &ZERO);
}

static volatile pid_t main_tid;

/* Waits (bounded, no sleep) until the main thread is asleep in the kernel: /proc's state 'S'. */
static void await_main_blocked(void) {
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int) main_tid);
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    do {
        FILE *f = fopen(path, "r");
        size_t len = f == NULL ? 0 : fread(stat, 1, sizeof stat - 1, f);
        if (f != NULL) {
            fclose(f);
        }
        stat[len] = 0;
        char *state = strrchr(stat, ')');
        if (state != NULL && state[1] == ' ' && state[2] == 'S') {
            return;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while (now.tv_sec - start.tv_sec < 10);
}

static void *trigger_when_blocked(void *arg) {
    int kq = *(int *) arg;
    await_main_blocked();
    change(kq, 7, EVFILT_USER, 0, NOTE_TRIGGER, NULL);
    return NULL;
}

int main(void) {
    struct kevent ev[8];
    int kq = kqueue();
    CHECK(kq >= 0, "kqueue() returns a descriptor");
    CHECK(poll_now(kq, ev, 8) == 0, "a zero timeout with nothing registered returns 0 at once");

    int p[2];
    pipe2(p, O_NONBLOCK);
    char udata_r, udata_w;
    struct kevent c, r[2];
    EV_SET(&c, p[0], EVFILT_READ, EV_ADD | EV_CLEAR | EV_RECEIPT, 0, 0, &udata_r);
    int n = kevent(kq, &c, 1, r, 2, NULL);
    CHECK(n == 1 && (r[0].flags & EV_ERROR) && r[0].data == 0,
          "EV_RECEIPT: a successful change comes back as EV_ERROR with data 0");
    CHECK(n == 1 && r[0].ident == (uintptr_t) p[0] && r[0].filter == EVFILT_READ && r[0].udata == &udata_r,
          "EV_RECEIPT: the receipt carries the change's ident, filter and udata");
    CHECK(poll_now(kq, ev, 8) == 0, "an empty pipe is not readable");

    write(p[1], "abc", 3);
    n = poll_now(kq, ev, 8);
    CHECK(n == 1 && ev[0].filter == EVFILT_READ && ev[0].ident == (uintptr_t) p[0], "data written: EVFILT_READ fires");
    CHECK(n == 1 && ev[0].data == 3, "EVFILT_READ: data is the number of bytes to read");
    CHECK(n == 1 && ev[0].udata == &udata_r, "udata passes through unchanged");
    CHECK(n == 1 && !(ev[0].flags & EV_EOF), "no EV_EOF while the writer is open");
    CHECK(poll_now(kq, ev, 8) == 0, "EV_CLEAR: the state is reset once the event is retrieved");
    write(p[1], "d", 1);
    n = poll_now(kq, ev, 8);
    CHECK(n == 1 && ev[0].data == 4, "EV_CLEAR: new data fires again");

    CHECK(change(kq, p[0], EVFILT_READ, EV_ADD | EV_CLEAR, 0, &udata_r) == 0 && poll_now(kq, ev, 8) == 1,
          "EV_ADD of an existing knote modifies it and reports its current state");

    CHECK(change(kq, p[0], EVFILT_READ, EV_DISABLE, 0, NULL) == 0 && poll_now(kq, ev, 8) == 0,
          "EV_DISABLE: the event is not returned");
    CHECK(change(kq, p[0], EVFILT_READ, EV_ENABLE, 0, NULL) == 0 && poll_now(kq, ev, 8) == 1,
          "EV_ENABLE: a disabled knote with pending data reports again");

    CHECK(change(kq, p[0], EVFILT_READ, EV_ADD, 0, &udata_r) == 0 && poll_now(kq, ev, 8) == 1
          && poll_now(kq, ev, 8) == 0,
          "EV_ADD without EV_CLEAR of an existing knote keeps its EV_CLEAR (FreeBSD's kqueue_register)");
    change(kq, p[0], EVFILT_READ, EV_DELETE, 0, NULL);
    CHECK(change(kq, p[0], EVFILT_READ, EV_ADD, 0, &udata_r) == 0, "EV_ADD without EV_CLEAR");
    CHECK(poll_now(kq, ev, 8) == 1 && poll_now(kq, ev, 8) == 1, "without EV_CLEAR the event is level-triggered");

    change(kq, p[0], EVFILT_READ, EV_DELETE, 0, NULL);
    CHECK(change(kq, p[0], EVFILT_READ, EV_ADD | EV_ONESHOT, 0, &udata_r) == 0 && poll_now(kq, ev, 8) == 1,
          "EV_ONESHOT: the first occurrence is returned");
    CHECK(poll_now(kq, ev, 8) == 0, "EV_ONESHOT: then nothing more");
    CHECK(change(kq, p[0], EVFILT_READ, EV_DELETE, 0, NULL) == ENOENT, "EV_ONESHOT: the knote is deleted after it fired");

    CHECK(change(kq, p[0], EVFILT_READ, EV_ADD | EV_DISPATCH, 0, &udata_r) == 0 && poll_now(kq, ev, 8) == 1,
          "EV_DISPATCH: the event is returned");
    CHECK(poll_now(kq, ev, 8) == 0, "EV_DISPATCH: the knote is disabled once returned");
    CHECK(change(kq, p[0], EVFILT_READ, EV_ADD | EV_DISPATCH, 0, &udata_r) == 0 && poll_now(kq, ev, 8) == 0,
          "EV_DISPATCH: EV_ADD alone does not enable it again (FreeBSD's kqueue_register)");
    CHECK(change(kq, p[0], EVFILT_READ, EV_ENABLE, 0, NULL) == 0 && poll_now(kq, ev, 8) == 1,
          "EV_DISPATCH: EV_ENABLE arms it again");

    CHECK(change(kq, p[0], EVFILT_READ, EV_DELETE, 0, NULL) == 0 && poll_now(kq, ev, 8) == 0,
          "EV_DELETE: no more events for the knote");
    CHECK(change(kq, p[0], EVFILT_READ, EV_DELETE, 0, NULL) == ENOENT, "EV_DELETE of a missing knote: ENOENT");

    CHECK(change(kq, p[1], EVFILT_WRITE, EV_ADD | EV_CLEAR, 0, &udata_w) == 0, "EVFILT_WRITE on a pipe's write end");
    n = poll_now(kq, ev, 8);
    CHECK(n == 1 && ev[0].filter == EVFILT_WRITE && ev[0].udata == &udata_w, "an empty pipe is writable");
    CHECK(change(kq, p[0], EVFILT_READ, EV_ADD | EV_CLEAR, 0, &udata_r) == 0, "read end added back");
    poll_now(kq, ev, 8);
    close(p[1]);
    n = poll_now(kq, ev, 8);
    CHECK(n == 1 && ev[0].filter == EVFILT_READ && (ev[0].flags & EV_EOF), "the writer closed: EVFILT_READ with EV_EOF");

    int q[2];
    pipe2(q, O_NONBLOCK);
    change(kq, q[1], EVFILT_WRITE, EV_ADD | EV_CLEAR, 0, &udata_w);
    poll_now(kq, ev, 8);
    close(q[0]);
    n = poll_now(kq, ev, 8);
    CHECK(n == 1 && ev[0].filter == EVFILT_WRITE && (ev[0].flags & EV_EOF),
          "the reader closed: EVFILT_WRITE with EV_EOF");
    CHECK(n == 1 && ev[0].fflags == 0, "a pipe's EV_EOF carries no error");

    int bad = dup(q[1]);
    close(bad);
    CHECK(change(kq, bad, EVFILT_READ, EV_ADD, 0, NULL) == EBADF, "EV_ADD of a closed descriptor: EBADF");
    EV_SET(&c, bad, EVFILT_READ, EV_ADD, 0, 0, NULL);
    errno = 0;
    CHECK(kevent(kq, &c, 1, NULL, 0, &ZERO) == -1 && errno == EBADF,
          "an error with no room in the event list: -1 and errno");
    CHECK(change(kq, 1, 42, EV_ADD, 0, NULL) == EINVAL, "an unknown filter: EINVAL");
    errno = 0;
    CHECK(kevent(bad, NULL, 0, ev, 1, &ZERO) == -1 && errno == EBADF, "kevent on a descriptor that is not a kqueue: EBADF");

    struct kevent two[2], got[2];
    EV_SET(&two[0], q[1], EVFILT_WRITE, EV_DELETE | EV_RECEIPT, 0, 0, NULL);
    EV_SET(&two[1], bad, EVFILT_READ, EV_DELETE | EV_RECEIPT, 0, 0, NULL);
    n = kevent(kq, two, 2, got, 2, NULL);
    CHECK(n == 2 && got[0].data == 0 && got[1].data == EBADF, "EV_RECEIPT: one result per change, in order");

    char udata_u;
    CHECK(change(kq, 7, EVFILT_USER, EV_ADD | EV_CLEAR, 0, &udata_u) == 0, "EVFILT_USER: EV_ADD");
    CHECK(poll_now(kq, ev, 8) == 0, "EVFILT_USER: not triggered yet");
    change(kq, 7, EVFILT_USER, 0, NOTE_TRIGGER, NULL);
    change(kq, 7, EVFILT_USER, 0, NOTE_TRIGGER, NULL);
    n = poll_now(kq, ev, 8);
    CHECK(n == 1 && ev[0].filter == EVFILT_USER && ev[0].ident == 7 && ev[0].udata == &udata_u,
          "EVFILT_USER: NOTE_TRIGGER fires it; two triggers give one event");
    CHECK(poll_now(kq, ev, 8) == 0, "EVFILT_USER with EV_CLEAR: reset once retrieved");
    CHECK(change(kq, 8, EVFILT_USER, 0, NOTE_TRIGGER, NULL) == ENOENT, "NOTE_TRIGGER of a missing user knote: ENOENT");

    pthread_t t;
    main_tid = gettid();
    pthread_create(&t, NULL, trigger_when_blocked, &kq);
    n = kevent(kq, NULL, 0, ev, 8, NULL);
    pthread_join(t, NULL);
    CHECK(n == 1 && ev[0].filter == EVFILT_USER, "a trigger from another thread wakes a kevent blocked without timeout");

    int kq2 = kqueue();
    struct timespec short_wait = {0, 50 * 1000000};
    pthread_create(&t, NULL, trigger_when_blocked, &kq);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    n = kevent(kq2, NULL, 0, ev, 8, &short_wait);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pthread_join(t, NULL);
    long long waited = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    CHECK(n == 0 && waited >= 50 * 1000000LL, "another kqueue's user event neither returns nor cuts the timeout");
    poll_now(kq, ev, 8);

    int s[2];
    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, s);
    change(kq, s[0], EVFILT_READ, EV_ADD | EV_CLEAR, 0, &udata_r);
    change(kq, s[0], EVFILT_WRITE, EV_ADD | EV_CLEAR, 0, &udata_w);
    write(s[1], "x", 1);
    n = kevent(kq, NULL, 0, ev, 1, &ZERO);
    CHECK(n == 1, "no more events than nevents");
    n = kevent(kq, NULL, 0, ev + 1, 1, &ZERO);
    CHECK(n == 1 && ev[0].filter != ev[1].filter, "the events that did not fit come with the next call");
    shutdown(s[1], SHUT_WR);
    n = poll_now(kq, ev, 8);
    int eof = 0;
    for (int i = 0; i < n; i++) {
        eof |= ev[i].filter == EVFILT_READ && (ev[i].flags & EV_EOF);
    }
    CHECK(eof, "the peer shut down its output: EVFILT_READ with EV_EOF");

    int c4 = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int l4 = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    bind(l4, (struct sockaddr *) &a, sizeof a);
    getsockname(l4, (struct sockaddr *) &a, &alen);
    close(l4); /* nobody listens on that port now */
    change(kq, c4, EVFILT_WRITE, EV_ADD | EV_CLEAR, 0, &udata_w);
    connect(c4, (struct sockaddr *) &a, sizeof a);
    n = kevent(kq, NULL, 0, ev, 8, &LONG);
    int refused = 0;
    for (int i = 0; i < n; i++) {
        refused |= ev[i].ident == (uintptr_t) c4 && ev[i].filter == EVFILT_WRITE && (ev[i].flags & EV_EOF)
                && ev[i].fflags != 0;
    }
    CHECK(refused, "a refused connect: EVFILT_WRITE with EV_EOF and a non-zero fflags");
    int err = 0;
    socklen_t elen = sizeof err;
    getsockopt(c4, SOL_SOCKET, SO_ERROR, &err, &elen);
    CHECK(err == ECONNREFUSED, "the socket error stays for SO_ERROR (the shim does not take it)");

    close(kq2);
    close(kq);
    printf("%d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
