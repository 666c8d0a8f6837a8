/*
 * kqueue(2) for Linux, for the tests of mio-kqueue: the FreeBSD 12+ ABI of kqueue_shim.h, built
 * on epoll. Written from the FreeBSD and macOS kqueue(2) manual pages, for the subset the backend
 * uses; kqueue_shim_test.c pins its behaviour.
 *
 * How it maps:
 * - a kqueue is an epoll instance; the descriptor kqueue() returns is the epoll descriptor, so
 *   close(2) closes it. The shim's state of a closed kqueue is dropped when its number comes back
 *   from kqueue() again.
 * - EVFILT_READ/EVFILT_WRITE knotes of one descriptor share its epoll registration: EPOLLIN and
 *   EPOLLRDHUP for read, EPOLLOUT for write, EPOLLET when every enabled knote of it has EV_CLEAR
 *   (mixing EV_CLEAR and level knotes on one descriptor makes both level-triggered). EV_ADD of an
 *   existing knote re-arms it (EPOLL_CTL_MOD reports the current state again, as kqueue's touch).
 * - EVFILT_USER: NOTE_TRIGGER queues the event and writes one process-wide eventfd that every
 *   kqueue's epoll watches edge-triggered, so a blocked kevent() wakes without a descriptor per
 *   kqueue (which close(2) of the kqueue could not release).
 * - EV_EOF: read on EPOLLRDHUP or EPOLLHUP, write on EPOLLHUP or EPOLLERR. fflags: see
 *   KQUEUE_SHIM_ERROR_PENDING. data: FIONREAD bytes for read; 0 for write (not the buffer space).
 * - events that fired and did not fit in the event list stay queued for the next call.
 * Differences from a kernel: knotes of a descriptor closed behind the kqueue's back are dropped
 * only when its number is added again (kqueue drops them at close(2)); EINTR is returned as
 * kevent(2) does, after the changes were applied.
 */
#define _GNU_SOURCE
#include "kqueue_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* epoll data of the process-wide user-event eventfd: no descriptor has this number */
#define USER_MARK UINT64_MAX

struct knote {
    bool used, clear, oneshot, dispatch, disabled;
    void *udata;
};

struct fdnotes {
    struct knote filt[2]; /* 0: EVFILT_READ, 1: EVFILT_WRITE */
    bool in_epoll;
};

struct unote {
    bool used, clear, oneshot, dispatch, disabled, triggered;
    uintptr_t ident;
    void *udata;
};

struct kq {
    pthread_mutex_t lock; /* guards everything below */
    int epfd;
    struct fdnotes *fds;
    int nfds;
    struct unote *users;
    int nusers;
    struct kevent *ready; /* fired and not yet returned, oldest first */
    int nready, capready;
};

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct kq **table; /* by epoll descriptor; guarded by table_lock */
static int ntable;
static int user_fd = -1;

static void free_kq(struct kq *k) {
    if (k != NULL) {
        pthread_mutex_destroy(&k->lock);
        free(k->fds);
        free(k->users);
        free(k->ready);
        free(k);
    }
}

int kqueue(void) {
    pthread_mutex_lock(&table_lock);
    int ep = -1;
    if (user_fd < 0 && (user_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0) {
        goto fail;
    }
    if ((ep = epoll_create1(EPOLL_CLOEXEC)) < 0) {
        goto fail;
    }
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = USER_MARK};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, user_fd, &ev) < 0) {
        goto fail;
    }
    if (ep >= ntable) {
        int n = ep + 64;
        struct kq **grown = realloc(table, n * sizeof *grown);
        if (grown == NULL) {
            errno = ENOMEM;
            goto fail;
        }
        memset(grown + ntable, 0, (n - ntable) * sizeof *grown);
        table = grown;
        ntable = n;
    }
    struct kq *k = calloc(1, sizeof *k);
    if (k == NULL) {
        errno = ENOMEM;
        goto fail;
    }
    pthread_mutex_init(&k->lock, NULL);
    k->epfd = ep;
    free_kq(table[ep]); /* a kqueue closed by close(2): its number is ours now */
    table[ep] = k;
    pthread_mutex_unlock(&table_lock);
    return ep;
fail:;
    int e = errno;
    if (ep >= 0) {
        close(ep);
    }
    pthread_mutex_unlock(&table_lock);
    errno = e;
    return -1;
}

static struct kq *lookup(int kq) {
    pthread_mutex_lock(&table_lock);
    struct kq *k = kq >= 0 && kq < ntable ? table[kq] : NULL;
    pthread_mutex_unlock(&table_lock);
    return k;
}

static bool is_socket(int fd) {
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* Drops a queued event of (ident, filter): the knote changed or went away. */
static void unqueue(struct kq *k, uintptr_t ident, short filter) {
    int j = 0;
    for (int i = 0; i < k->nready; i++) {
        if (k->ready[i].ident != ident || k->ready[i].filter != filter) {
            k->ready[j++] = k->ready[i];
        }
    }
    k->nready = j;
}

/* Queues a fired event, merged with one of the same knote still queued. */
static void enqueue(struct kq *k, const struct kevent *e) {
    for (int i = 0; i < k->nready; i++) {
        if (k->ready[i].ident == e->ident && k->ready[i].filter == e->filter) {
            k->ready[i] = *e;
            return;
        }
    }
    if (k->nready == k->capready) {
        int n = k->capready == 0 ? 16 : k->capready * 2;
        struct kevent *grown = realloc(k->ready, n * sizeof *grown);
        if (grown == NULL) {
            return; /* out of memory: the event is lost, as a kernel drops none; not expected in tests */
        }
        k->ready = grown;
        k->capready = n;
    }
    k->ready[k->nready++] = *e;
}

/* Puts a descriptor's enabled knotes into epoll. */
static int sync_fd(struct kq *k, int fd) {
    struct fdnotes *n = &k->fds[fd];
    uint32_t mask = 0;
    bool all_clear = true;
    for (int f = 0; f < 2; f++) {
        struct knote *kn = &n->filt[f];
        if (kn->used && !kn->disabled) {
            mask |= f == 0 ? EPOLLIN | EPOLLRDHUP : EPOLLOUT;
            all_clear &= kn->clear;
        }
    }
    if (mask == 0) {
        if (n->in_epoll) {
            epoll_ctl(k->epfd, EPOLL_CTL_DEL, fd, NULL); /* fails only if fd was closed: gone anyway */
            n->in_epoll = false;
        }
        return 0;
    }
    struct epoll_event ev = {.events = mask | (all_clear ? EPOLLET : 0), .data.u64 = (uint64_t) fd};
    if (n->in_epoll && epoll_ctl(k->epfd, EPOLL_CTL_MOD, fd, &ev) == 0) {
        return 0;
    }
    if (n->in_epoll && errno != ENOENT) {
        return errno;
    }
    n->in_epoll = false;
    if (epoll_ctl(k->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
        return errno;
    }
    n->in_epoll = true;
    return 0;
}

static void set_modes(struct knote *kn, unsigned short flags) {
    kn->clear = (flags & EV_CLEAR) != 0;
    kn->oneshot = (flags & EV_ONESHOT) != 0;
    kn->dispatch = (flags & EV_DISPATCH) != 0;
}

static int apply_fd(struct kq *k, const struct kevent *c) {
    if (c->ident > INT_MAX) {
        return EBADF;
    }
    int fd = (int) c->ident;
    int f = c->filter == EVFILT_READ ? 0 : 1;
    if (fd >= k->nfds) {
        if (!(c->flags & EV_ADD)) {
            return fcntl(fd, F_GETFD) < 0 ? EBADF : ENOENT;
        }
        int n = fd + 64;
        struct fdnotes *grown = realloc(k->fds, n * sizeof *grown);
        if (grown == NULL) {
            return ENOMEM;
        }
        memset(grown + k->nfds, 0, (n - k->nfds) * sizeof *grown);
        k->fds = grown;
        k->nfds = n;
    }
    struct fdnotes *n = &k->fds[fd];
    struct knote *kn = &n->filt[f];
    if (c->flags & EV_ADD) {
        if (fcntl(fd, F_GETFD) < 0) {
            return EBADF;
        }
        if (n->in_epoll) {
            /* still in epoll? if not, the descriptor was closed since and its knotes went with it */
            struct epoll_event probe = {0};
            if (epoll_ctl(k->epfd, EPOLL_CTL_MOD, fd, &probe) < 0 && errno == ENOENT) {
                memset(n, 0, sizeof *n);
            }
        }
        struct knote saved = *kn;
        if (!kn->used) {
            kn->disabled = (c->flags & EV_DISABLE) != 0;
            set_modes(kn, c->flags);
        } else if (c->flags & (EV_ENABLE | EV_DISABLE)) {
            /* an existing knote keeps its EV_CLEAR, EV_ONESHOT and EV_DISPATCH, and stays disabled
               without EV_ENABLE: FreeBSD's kqueue_register changes only udata, fflags and data */
            kn->disabled = (c->flags & EV_ENABLE) == 0;
        }
        kn->used = true;
        kn->udata = c->udata;
        unqueue(k, c->ident, c->filter); /* a re-add reports the current state afresh */
        int err = sync_fd(k, fd);
        if (err != 0) {
            *kn = saved;
            sync_fd(k, fd);
        }
        return err;
    }
    if (!kn->used) {
        return fcntl(fd, F_GETFD) < 0 ? EBADF : ENOENT;
    }
    if (c->flags & EV_DELETE) {
        kn->used = false;
    } else if (c->flags & (EV_ENABLE | EV_DISABLE)) {
        kn->disabled = (c->flags & EV_DISABLE) != 0;
    }
    unqueue(k, c->ident, c->filter);
    return sync_fd(k, fd);
}

static struct unote *find_user(struct kq *k, uintptr_t ident) {
    for (int i = 0; i < k->nusers; i++) {
        if (k->users[i].used && k->users[i].ident == ident) {
            return &k->users[i];
        }
    }
    return NULL;
}

static void queue_user(struct kq *k, struct unote *u) {
    struct kevent e;
    EV_SET(&e, u->ident, EVFILT_USER, (u->clear ? EV_CLEAR : 0) | (u->oneshot ? EV_ONESHOT : 0)
            | (u->dispatch ? EV_DISPATCH : 0), 0, 0, u->udata);
    enqueue(k, &e);
    uint64_t one = 1;
    ssize_t w = write(user_fd, &one, sizeof one); /* EAGAIN: the counter is full, every epoll saw it */
    (void) w;
}

static int apply_user(struct kq *k, const struct kevent *c) {
    struct unote *u = find_user(k, c->ident);
    if (c->flags & EV_ADD) {
        if (u == NULL) {
            for (int i = 0; i < k->nusers && u == NULL; i++) {
                u = k->users[i].used ? NULL : &k->users[i];
            }
            if (u == NULL) {
                struct unote *grown = realloc(k->users, (k->nusers + 8) * sizeof *grown);
                if (grown == NULL) {
                    return ENOMEM;
                }
                memset(grown + k->nusers, 0, 8 * sizeof *grown);
                k->users = grown;
                u = &k->users[k->nusers];
                k->nusers += 8;
            }
            memset(u, 0, sizeof *u);
            u->used = true;
            u->ident = c->ident;
        }
        u->udata = c->udata;
        u->clear = (c->flags & EV_CLEAR) != 0;
        u->oneshot = (c->flags & EV_ONESHOT) != 0;
        u->dispatch = (c->flags & EV_DISPATCH) != 0;
        u->disabled = (c->flags & EV_DISABLE) != 0;
    } else if (u == NULL) {
        return ENOENT;
    } else if (c->flags & EV_DELETE) {
        u->used = false;
        unqueue(k, c->ident, EVFILT_USER);
        return 0;
    } else if (c->flags & (EV_ENABLE | EV_DISABLE)) {
        u->disabled = (c->flags & EV_DISABLE) != 0;
        if (u->disabled) {
            unqueue(k, c->ident, EVFILT_USER);
        }
    }
    if (c->fflags & NOTE_TRIGGER) {
        u->triggered = true;
    }
    if (u->triggered && !u->disabled) {
        queue_user(k, u);
    }
    return 0;
}

static int apply(struct kq *k, const struct kevent *c) {
    switch (c->filter) {
    case EVFILT_READ:
    case EVFILT_WRITE:
        return apply_fd(k, c);
    case EVFILT_USER:
        return apply_user(k, c);
    default:
        return EINVAL;
    }
}

/* Queues the kevents of one epoll event of descriptor fd. */
static void translate(struct kq *k, int fd, uint32_t events) {
    if (fd < 0 || fd >= k->nfds) {
        return;
    }
    struct fdnotes *n = &k->fds[fd];
    struct knote *rd = &n->filt[0];
    struct knote *wr = &n->filt[1];
    bool error = (events & EPOLLERR) && is_socket(fd);
    struct kevent e;
    if (rd->used && !rd->disabled && (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) {
        bool eof = (events & (EPOLLRDHUP | EPOLLHUP)) != 0;
        int avail = 0;
        if (ioctl(fd, FIONREAD, &avail) < 0) {
            avail = 0; /* a listening socket, say */
        }
        EV_SET(&e, (uintptr_t) fd, EVFILT_READ, eof ? EV_EOF : 0, eof && error ? KQUEUE_SHIM_ERROR_PENDING : 0,
               avail, rd->udata);
        enqueue(k, &e);
    }
    if (wr->used && !wr->disabled && (events & (EPOLLOUT | EPOLLHUP | EPOLLERR))) {
        bool eof = (events & (EPOLLHUP | EPOLLERR)) != 0;
        EV_SET(&e, (uintptr_t) fd, EVFILT_WRITE, eof ? EV_EOF : 0, eof && error ? KQUEUE_SHIM_ERROR_PENDING : 0, 0,
               wr->udata);
        enqueue(k, &e);
    }
}

/* Moves up to max queued events out, applying EV_ONESHOT, EV_DISPATCH and EV_CLEAR of user events. */
static int take_ready(struct kq *k, struct kevent *out, int max) {
    int n = k->nready < max ? k->nready : max;
    memcpy(out, k->ready, n * sizeof *out);
    memmove(k->ready, k->ready + n, (k->nready - n) * sizeof *out);
    k->nready -= n;
    for (int i = 0; i < n; i++) {
        struct kevent *e = &out[i];
        if (e->filter == EVFILT_USER) {
            struct unote *u = find_user(k, e->ident);
            if (u == NULL) {
                continue;
            }
            if (u->clear) {
                u->triggered = false;
            }
            if (u->oneshot) {
                u->used = false;
            } else if (u->dispatch) {
                u->disabled = true;
            } else if (u->triggered) {
                enqueue(k, e); /* level: reported again by the next call, until cleared */
            }
        } else {
            struct fdnotes *fn = &k->fds[e->ident];
            struct knote *kn = &fn->filt[e->filter == EVFILT_READ ? 0 : 1];
            if (kn->oneshot || kn->dispatch) {
                if (kn->oneshot) {
                    kn->used = false;
                } else {
                    kn->disabled = true;
                }
                sync_fd(k, (int) e->ident);
            }
        }
    }
    return n;
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int kevent(int kqfd, const struct kevent *changelist, int nchanges, struct kevent *eventlist, int nevents,
           const struct timespec *timeout) {
    struct kq *k = lookup(kqfd);
    if (k == NULL) {
        errno = EBADF;
        return -1;
    }
    if (nchanges < 0 || nevents < 0 || (timeout != NULL && (timeout->tv_sec < 0 || timeout->tv_nsec < 0
            || timeout->tv_nsec >= 1000000000L))) {
        errno = EINVAL;
        return -1;
    }
    int nout = 0;
    pthread_mutex_lock(&k->lock);
    for (int i = 0; i < nchanges; i++) {
        struct kevent c = changelist[i];
        int err = apply(k, &c);
        if (err != 0 || (c.flags & EV_RECEIPT)) {
            if (nout < nevents) {
                c.flags = EV_ERROR;
                c.data = err;
                eventlist[nout++] = c;
            } else if (err != 0) {
                pthread_mutex_unlock(&k->lock);
                errno = err;
                return -1;
            }
        }
    }
    pthread_mutex_unlock(&k->lock);
    if (nout > 0 || nevents == 0) {
        return nout; /* errors and receipts take the event list, as FreeBSD's kern_kevent does */
    }
    long long deadline = timeout == NULL ? -1 : now_ns() + timeout->tv_sec * 1000000000LL + timeout->tv_nsec;
    struct epoll_event evs[64];
    for (;;) {
        pthread_mutex_lock(&k->lock);
        int n = take_ready(k, eventlist, nevents);
        pthread_mutex_unlock(&k->lock);
        if (n > 0) {
            return n;
        }
        int ms = -1;
        if (deadline >= 0) {
            long long left = deadline - now_ns();
            ms = left <= 0 ? 0 : (int) ((left + 999999) / 1000000); /* round up: no busy wait */
        }
        int r = epoll_wait(k->epfd, evs, nevents < 64 ? nevents : 64, ms);
        if (r < 0) {
            return -1;
        }
        pthread_mutex_lock(&k->lock);
        for (int i = 0; i < r; i++) {
            if (evs[i].data.u64 != USER_MARK) {
                translate(k, (int) evs[i].data.u64, evs[i].events);
            }
        }
        n = take_ready(k, eventlist, nevents);
        pthread_mutex_unlock(&k->lock);
        if (n > 0 || (ms == 0 && r == 0)) {
            return n;
        }
        /* only the user-event eventfd (maybe another kqueue's trigger): look again, for the time that remains */
    }
}
