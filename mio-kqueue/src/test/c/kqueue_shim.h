/*
 * A kqueue for Linux, for testing mio-kqueue here: kqueue(2) and kevent(2) with FreeBSD 12+'s
 * struct kevent and constants, over epoll, one process-wide eventfd and FIONREAD. Only the subset
 * mio-kqueue uses: EVFILT_READ and EVFILT_WRITE on descriptors, EVFILT_USER; EV_ADD, EV_DELETE,
 * EV_ENABLE, EV_DISABLE, EV_CLEAR, EV_ONESHOT, EV_DISPATCH, EV_RECEIPT; EV_EOF and EV_ERROR.
 * Not a kernel: see kqueue_shim.c for where it differs.
 */
#ifndef KQUEUE_SHIM_H
#define KQUEUE_SHIM_H

#include <stdint.h>
#include <time.h>

/* FreeBSD 12+ <sys/event.h> */
struct kevent {
    uintptr_t ident;
    short filter;
    unsigned short flags;
    unsigned int fflags;
    int64_t data;
    void *udata;
    uint64_t ext[4];
};

#define EVFILT_READ  (-1)
#define EVFILT_WRITE (-2)
#define EVFILT_USER  (-11)

#define EV_ADD      0x0001
#define EV_DELETE   0x0002
#define EV_ENABLE   0x0004
#define EV_DISABLE  0x0008
#define EV_ONESHOT  0x0010
#define EV_CLEAR    0x0020
#define EV_RECEIPT  0x0040
#define EV_DISPATCH 0x0080
#define EV_ERROR    0x4000
#define EV_EOF      0x8000

#define NOTE_TRIGGER 0x01000000

/*
 * The fflags of an EV_EOF event whose socket has an error pending. FreeBSD puts so_error there;
 * Linux clears a socket's error when it is read (SO_ERROR), so the shim cannot read it without
 * taking it from the program: it reports this non-zero stand-in and leaves the error to SO_ERROR.
 */
#define KQUEUE_SHIM_ERROR_PENDING 0xFFFFFFFFu

#define EV_SET(kevp, a, b, c, d, e, f) do {     \
        struct kevent *kev_ = (kevp);           \
        kev_->ident = (a);                      \
        kev_->filter = (b);                     \
        kev_->flags = (c);                      \
        kev_->fflags = (d);                     \
        kev_->data = (e);                       \
        kev_->udata = (f);                      \
        kev_->ext[0] = kev_->ext[1] = kev_->ext[2] = kev_->ext[3] = 0; \
    } while (0)

int kqueue(void);
int kevent(int kq, const struct kevent *changelist, int nchanges, struct kevent *eventlist, int nevents,
           const struct timespec *timeout);

#endif
