/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seccomp sandbox (-sandbox on|off, on by default): after set-up,
 * each kind of thread runs with an allow-list of the system calls it
 * needs (Documentation/userspace-api/seccomp_filter.rst, seccomp(2)).
 * Filters are per thread and stack: a thread created by a filtered thread
 * keeps its creator's filter under its own, so the main loop's list holds
 * what the vCPU threads it creates on a reset need. Any other call traps:
 * the SIGSYS handler names it and the thread kind on stderr and ends the
 * process (status 128 + SIGSYS). The lists: docs/ARCHITECTURE.md,
 * "The sandbox".
 */
#ifndef ARMVISOR_SANDBOX_H
#define ARMVISOR_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

struct av_err;
struct sock_filter;
struct sandbox_async;
struct timeline;

enum sandbox_kind {
	SANDBOX_MAIN,			/* the event loop, I/O completions, resets */
	SANDBOX_VCPU,			/* a vCPU thread (MMIO exits run devices) */
	SANDBOX_NET,			/* a -netdev back end's thread (tap, user) */
	SANDBOX_TIMER,			/* TCG's generic timer, the PL031's match */
	SANDBOX_GDB,			/* the gdbstub's server thread */
	SANDBOX_9P,			/* a virtio-9p device's file server */
	SANDBOX_BLOCK,			/* a qcow2 image's I/O worker */
	SANDBOX_NKINDS
};

/* One kind's BPF program, built at start-up (seccomp_export_bpf). */
struct sandbox_prog {
	struct sock_filter *insns;
	unsigned short len;
};

struct sandbox {
	bool on;
	/*
	 * Test hook: ARMVISOR_SANDBOX_SELFTEST=KIND makes a thread of that
	 * kind call execve(2) once its filter is in place (the sandbox must
	 * stop it); tests/shell/sandbox.sh uses "vcpu".
	 */
	int selftest;			/* enum sandbox_kind, -1: none */
	/*
	 * Written by the builder thread (util/sandbox_async.c); read only
	 * after sandbox_wait, which orders the two.
	 */
	struct sandbox_prog progs[SANDBOX_NKINDS];
	struct sandbox_async *async;	/* the builder, until sandbox_free */
	/* A thread that cannot enter its filter reports here (vm_fail). */
	void (*fail)(void *opaque, const struct av_err *err);
	void *fail_opaque;
};

/* What the lists depend on. */
struct sandbox_opts {
	bool kvm;			/* KVM's ioctls (type KVMIO) allowed */
	/* Optional: the builder marks "sandbox filters built" on it. */
	struct timeline *timeline;
};

/* Off in sanitizer builds (their runtimes fork, exec and read /proc). */
bool sandbox_default_on(void);

/* "vcpu", "main", ...; NULL for an unknown kind. */
const char *sandbox_kind_name(int kind);

/*
 * Install the SIGSYS handler and start building every kind's filter on a
 * thread of its own: libseccomp takes milliseconds, which the rest of the
 * start-up hides (docs/startup.md). Nothing is enforced yet. Off (sb->on
 * false after memset) builds nothing.
 */
int sandbox_init(struct sandbox *sb, bool on, const struct sandbox_opts *opts,
		 struct av_err *err);

/*
 * Wait until the filters are built: 0, or the builder's error. NULL or
 * off: 0 at once. Thread-safe; sandbox_enter calls it too.
 */
int sandbox_wait(const struct sandbox *sb, struct av_err *err);

/*
 * Enforce kind's list on the calling thread (and the threads it creates
 * from now on), once the builder is done. NULL or off: nothing. Call once
 * a thread's set-up is done. A failure also goes to sb->fail, so threads
 * without an error path of their own may ignore the result.
 */
int sandbox_enter(const struct sandbox *sb, enum sandbox_kind kind);

void sandbox_free(struct sandbox *sb);

/* ---- internals shared by util/sandbox*.c ---- */

/* One allowed call: by name, with an optional argument condition. */
enum sandbox_cond {
	SB_ANY = 0,
	SB_NO_EXEC,			/* arg 2 (prot) without PROT_EXEC */
	SB_THREAD,			/* clone: arg 0 (flags) has CLONE_THREAD */
	SB_RDONLY,			/* openat: arg 2 (flags) read-only, no O_CREAT */
	SB_IOCTL_KVM,			/* ioctl: arg 1's type is KVMIO (0xAE) */
	SB_IOCTL_TTY,			/* ioctl: arg 1's type is 'T' (termios) */
	SB_IOCTL_TERMIOS,		/* ioctl: arg 1 is TCSETS or TCGETS (tcsetattr TCSANOW) */
	SB_NNP,				/* prctl(PR_SET_NO_NEW_PRIVS) */
	SB_FILTER,			/* seccomp(SECCOMP_SET_MODE_FILTER) */
	SB_OWN_PID,			/* tgkill: arg 0 is our own process */
	SB_INET,			/* socket: AF_INET or AF_INET6 */
	SB_ENOSYS,			/* not allowed: fails with ENOSYS (clone3) */
	SB_EACCES,			/* not allowed: fails with EACCES (open) */
};

struct sandbox_rule {
	const char *name;
	enum sandbox_cond cond;
};

/* The groups of rules a kind allows (util/sandbox_lists.c). */
struct sandbox_list {
	const struct sandbox_rule *rules;
	size_t count;
};

/* kind's groups, ended by a NULL rules pointer; opts choose KVM's. */
const struct sandbox_list *sandbox_lists(enum sandbox_kind kind,
					 const struct sandbox_opts *opts);

/* Every kind's filter into sb->progs (util/sandbox.c). */
int sandbox_build_all(struct sandbox *sb, const struct sandbox_opts *opts,
		      struct av_err *err);

/* The builder thread (util/sandbox_async.c). */
int sandbox_async_start(struct sandbox *sb, const struct sandbox_opts *opts,
			struct av_err *err);
int sandbox_async_wait(struct sandbox_async *a, struct av_err *err);
void sandbox_async_free(struct sandbox_async *a);

/* The SIGSYS handler and its name table (util/sandbox_trap.c). */
int sandbox_trap_install(struct av_err *err);
void sandbox_trap_names(void);		/* before any filter is entered */
void sandbox_trap_set_kind(enum sandbox_kind kind);

#endif
