// SPDX-License-Identifier: GPL-2.0
/*
 * The event loop (epoll): console input to the PL011 with QEMU's Ctrl-A
 * escapes, termination signals, the eventfd that vCPU threads write
 * when the VM state changes, and the flush of the console's batched
 * output (chardev_write_batched).
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "console.h"
#include "loop.h"
#include "vm.h"

#define LOOP_INPUT_MAX 256
/* While the guest's RX FIFO is full, retry this often (ms). */
#define LOOP_RX_RETRY_MS 10
/*
 * Console output waits this long after its first byte before it is
 * written out (ms): long enough to gather the bytes of a few MMIO exits
 * under nested KVM into one write(2), short of what a person at a
 * terminal notices (a 60 Hz frame is 16.7 ms).
 */
#define LOOP_FLUSH_MS 10
/*
 * With KVM's coalesced MMIO for the PL011's DR, a guest that writes DR
 * and then makes no exit (a bare-metal program, blind, then WFI) leaves
 * its last bytes queued: look this often (ms). Linux polls UARTFR before
 * every byte, and each of those exits delivers the queue.
 */
#define LOOP_QUEUE_POLL_MS 100

struct loop {
	struct vm *vm;
	int epfd;
	int sigfd;
	int in_fd;
	bool in_paused;			/* in_fd taken out of the poll set while input waits */
	int wake_fd;
	struct escape_state esc;
	uint8_t pending[LOOP_INPUT_MAX];
	size_t npending;
	size_t pending_off;
	bool poll_queue;		/* the accelerator may hold DR writes (mmio_coalesce) */
	atomic_bool flush_asked;	/* the console buffer has bytes (loop_console_kick) */
	bool flush_armed;		/* flush_at holds when to write them */
	struct timespec flush_at;
};

/* The signals the loop reads from its signalfd; blocked in every thread. */
static void loop_signal_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	/* Its default action ends the process (machine/ram_map.c sends it). */
	sigaddset(set, GUEST_RAM_LEASE_SIGNAL);
}

int loop_block_signals(struct av_err *err)
{
	sigset_t set;
	int ret;

	loop_signal_set(&set);
	ret = pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (ret)
		return av_errf_errno(err, ret, "sigmask");
	return 0;
}

/*
 * The loop's own fds are told apart from device watches by address: their
 * epoll data points at the fd field inside struct loop.
 */
static int loop_add(struct loop *l, int *fdp, struct av_err *err)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = fdp };
	int fd = *fdp;

	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return av_errf_errno(err, errno, "epoll");
	return 0;
}

static void loop_print(struct loop *l, const char *s)
{
	chardev_write(l->vm->serial, (const uint8_t *)s, strlen(s));
}

static void loop_print_help(struct loop *l)
{
	char help[256];

	escape_help(&l->esc, help, sizeof(help));
	loop_print(l, help);
}

/* Ctrl-A c: between the UART and the monitor, when there is one. */
static void loop_switch_focus(struct loop *l)
{
	struct vm *vm = l->vm;

	if (!vm->mux.input) {
		loop_print(l, escape_monitor_text);
		return;
	}
	vm->mux.on_monitor = !vm->mux.on_monitor;
	if (vm->mux.on_monitor)
		vm->mux.focus(vm->mux.opaque);
	else
		loop_print(l, "\r\n");
}

/* Apply the escape rules to fresh input; what the guest gets goes to pending. */
static void loop_filter_input(struct loop *l, uint8_t *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t c = buf[i];

		/*
		 * Ctrl-A escapes belong to the terminal and to a back end the
		 * serial port shares with a monitor (QEMU's mux chardev).
		 */
		switch (l->in_fd == STDIN_FILENO || l->vm->mux.input ?
			escape_feed(&l->esc, &c) : ESCAPE_PASS) {
		case ESCAPE_PASS:
			if (l->vm->mux.on_monitor)
				l->vm->mux.input(l->vm->mux.opaque, &c, 1);
			else if (l->npending < sizeof(l->pending))
				l->pending[l->npending++] = c;
			break;
		case ESCAPE_HELP:
			loop_print_help(l);
			break;
		case ESCAPE_MONITOR:
			loop_switch_focus(l);
			break;
		case ESCAPE_QUIT:
			loop_print(l, "\r\narmvisor: Terminated\r\n");
			l->vm->exit_code = 0;
			vm_request_stop(l->vm, VM_SHUTDOWN);
			return;
		default:
			break;
		}
	}
}

/* Poll the console only while we can take its input (no busy loop). */
static void loop_watch_input(struct loop *l, bool on)
{
	struct epoll_event ev = { .events = on ? EPOLLIN : 0, .data.ptr = &l->in_fd };

	/* Only on a change: every typed byte passes here. */
	if (l->in_fd < 0 || l->in_paused == !on)
		return;
	l->in_paused = !on;
	epoll_ctl(l->epfd, EPOLL_CTL_MOD, l->in_fd, &ev);
}

static void loop_deliver(struct loop *l)
{
	size_t n;

	if (l->pending_off >= l->npending)
		return;
	n = pl011_receive(l->vm->uart, l->pending + l->pending_off,
			  l->npending - l->pending_off);
	l->pending_off += n;
	if (l->pending_off == l->npending) {
		l->pending_off = l->npending = 0;
		loop_watch_input(l, true);
	} else {
		loop_watch_input(l, false);
	}
}

static void loop_read_input(struct loop *l)
{
	uint8_t buf[LOOP_INPUT_MAX];
	ssize_t n;

	/* Only read what we can hold: the rest waits in the kernel's buffer. */
	if (l->npending)
		return;
	/* Through the back end: a socket or pty serial reads its own way. */
	n = chardev_read(l->vm->serial, buf, sizeof(buf));
	if (n > 0) {
		loop_filter_input(l, buf, (size_t)n);
		loop_deliver(l);
	} else if (n < 0) {
		/* End of input (e.g. </dev/null): the guest keeps running. */
		epoll_ctl(l->epfd, EPOLL_CTL_DEL, l->in_fd, NULL);
		l->in_fd = -1;
	}
}

static void loop_read_signal(struct loop *l)
{
	struct signalfd_siginfo si;
	char msg[96];

	if (read(l->sigfd, &si, sizeof(si)) != sizeof(si))
		return;
	if (si.ssi_signo == GUEST_RAM_LEASE_SIGNAL) {
		vm_ram_file_lease_broken(l->vm);
		return;
	}
	chardev_flush(l->vm->serial);	/* the guest's output before our word */
	/* As QEMU: say why, then shut down cleanly (terminal restored). */
	snprintf(msg, sizeof(msg), "armvisor: terminating on signal %u\n",
		 si.ssi_signo);
	if (write(STDERR_FILENO, msg, strlen(msg)) < 0) {
		/* nothing more to do about a closed stderr */
	}
	l->vm->exit_code = 0;
	vm_request_stop(l->vm, VM_SHUTDOWN);
}

static void loop_drain_wake(struct loop *l)
{
	uint64_t v;

	if (read(l->vm->wake_fd, &v, sizeof(v)) < 0) {
		/* EAGAIN: already drained */
	}
}

/*
 * The guest made room in a full RX FIFO (pl011_set_rx_ready, on its vCPU
 * thread): wake the loop so held-back input goes in now, not at the next
 * LOOP_RX_RETRY_MS poll.
 */
static void loop_rx_ready(void *opaque)
{
	struct vm *vm = opaque;
	uint64_t one = 1;

	if (write(vm->wake_fd, &one, sizeof(one)) < 0) {
		/* EAGAIN: the counter is already set, the loop will wake */
	}
}

/*
 * The console buffer got its first byte (chardev_write_batched, on a
 * vCPU thread, the buffer's lock held): have the loop flush it soon.
 */
static void loop_console_kick(void *opaque)
{
	struct loop *l = opaque;
	uint64_t one = 1;

	atomic_store(&l->flush_asked, true);
	if (write(l->wake_fd, &one, sizeof(one)) < 0) {
		/* EAGAIN: the counter is already set, the loop will wake */
	}
}

static long loop_ms_until(const struct timespec *t)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (t->tv_sec - now.tv_sec) * 1000 +
	     (t->tv_nsec - now.tv_nsec + 999999) / 1000000;
	return ms < 0 ? 0 : ms;
}

/* Arm the flush when the buffer asks; flush when its time has come. */
static void loop_console_flush(struct loop *l)
{
	if (!l->flush_armed && atomic_load(&l->flush_asked)) {
		clock_gettime(CLOCK_MONOTONIC, &l->flush_at);
		l->flush_at.tv_nsec += LOOP_FLUSH_MS * 1000000L;
		if (l->flush_at.tv_nsec >= 1000000000L) {
			l->flush_at.tv_sec++;
			l->flush_at.tv_nsec -= 1000000000L;
		}
		l->flush_armed = true;
	}
	if (l->flush_armed && loop_ms_until(&l->flush_at) == 0) {
		l->flush_armed = false;
		/* Before the flush: a byte after it asks again. */
		atomic_store(&l->flush_asked, false);
		chardev_flush(l->vm->serial);
	}
}

/* DR writes the accelerator queued since the last exit, to the UART. */
static void loop_deliver_queued(struct loop *l)
{
	if (l->poll_queue)
		l->vm->accel->mmio_coalesce_flush(l->vm);
}

/* epoll_wait's timeout: the RX retry, the console flush, or none. */
static int loop_timeout(const struct loop *l)
{
	long t = l->npending ? LOOP_RX_RETRY_MS : -1;
	long f;

	if (l->poll_queue && (t < 0 || t > LOOP_QUEUE_POLL_MS))
		t = LOOP_QUEUE_POLL_MS;
	if (!l->flush_armed)
		return (int)t;
	f = loop_ms_until(&l->flush_at);
	return (int)(t < 0 || f < t ? f : t);
}

/* Device watches carry their struct in the epoll data, fds don't. */
static int loop_add_watch(struct loop *l, struct vm_watch *w, struct av_err *err)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = w };

	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, w->fd, &ev) < 0)
		return av_errf_errno(err, errno, "epoll");
	return 0;
}

static int loop_setup(struct loop *l, struct vm *vm, struct av_err *err)
{
	unsigned int i;
	sigset_t set;
	int ret;

	memset(l, 0, sizeof(*l));
	l->vm = vm;
	l->esc.key = vm->cfg->echr;
	l->in_fd = vm->serial ? vm->serial->in_fd : -1;
	l->wake_fd = vm->wake_fd;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0)
		return av_errf_errno(err, errno, "epoll");
	loop_signal_set(&set);
	l->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (l->sigfd < 0)
		return av_errf_errno(err, errno, "signalfd");
	ret = loop_add(l, &l->sigfd, err);
	if (!ret)
		ret = loop_add(l, &l->wake_fd, err);
	for (i = 0; !ret && i < vm->nwatches; i++)
		ret = loop_add_watch(l, &vm->watches[i], err);
	/* A regular file or /dev/null cannot be polled: no console input then. */
	if (!ret && l->in_fd >= 0 && loop_add(l, &l->in_fd, NULL))
		l->in_fd = -1;
	if (!ret && vm->uart)
		pl011_set_rx_ready(vm->uart, loop_rx_ready, vm);
	if (!ret)
		chardev_outbuf_set_kick(vm->serial, loop_console_kick, l);
	l->poll_queue = vm->uart && vm->accel && vm->accel->mmio_coalesce_flush;
	return ret;
}

static void loop_teardown(struct loop *l)
{
	/* Flushes: vCPUs still running write straight through until joined. */
	chardev_outbuf_set_kick(l->vm->serial, NULL, NULL);
	if (l->vm->uart)
		pl011_set_rx_ready(l->vm->uart, NULL, NULL);
	if (l->sigfd > 0)
		close(l->sigfd);
	if (l->epfd > 0)
		close(l->epfd);
}

static void loop_dispatch(struct loop *l, void *ptr)
{
	struct vm_watch *w;

	if (ptr == &l->sigfd) {
		loop_read_signal(l);
	} else if (ptr == &l->wake_fd) {
		loop_drain_wake(l);
	} else if (ptr == &l->in_fd) {
		loop_read_input(l);
	} else {
		w = ptr;
		w->cb(w->opaque);
	}
}

int loop_run(struct vm *vm, struct av_err *err)
{
	struct epoll_event ev[16];
	struct loop l;
	int i, n, ret;

	ret = loop_setup(&l, vm, err);
	while (!ret && !vm_stop_requested(vm)) {
		n = epoll_wait(l.epfd, ev, 16, loop_timeout(&l));
		if (n < 0 && errno != EINTR) {
			ret = av_errf_errno(err, errno, "epoll_wait");
			break;
		}
		for (i = 0; i < n; i++)
			loop_dispatch(&l, ev[i].data.ptr);
		loop_deliver(&l);
		loop_deliver_queued(&l);
		loop_console_flush(&l);
	}
	loop_teardown(&l);
	return ret;
}
