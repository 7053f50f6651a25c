// SPDX-License-Identifier: GPL-2.0
/*
 * What happens to a call the sandbox forbids: the filter's SECCOMP_RET_TRAP
 * raises SIGSYS in the calling thread, with the call's number in
 * si_syscall (Documentation/userspace-api/seccomp_filter.rst, sigaction(2)).
 * The handler writes "armvisor: sandbox: blocked syscall NAME (NR) in KIND
 * thread" to stderr and ends the process with status 128 + SIGSYS. It may
 * only use async-signal-safe calls (signal-safety(7)): write(2) and
 * _exit(2), which every list allows. Names are resolved with libseccomp
 * (which allocates) once, on the filter builder's thread, before any
 * filter exists (util/sandbox_async.c).
 */
#include <errno.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "sandbox.h"
#include "util.h"

#define TRAP_NR_MAX 512			/* above every Linux call number today */
#define TRAP_NAME_MAX 28

/*
 * The two statics a signal handler needs, since it gets no argument of
 * ours: the name table, written once under pthread_once before the
 * handler is installed and only read after; and each thread's kind, set
 * by the thread itself before its filter is loaded.
 */
static char trap_names[TRAP_NR_MAX][TRAP_NAME_MAX];
static _Thread_local int trap_kind = SANDBOX_MAIN;

static void trap_names_fill(void)
{
	for (int nr = 0; nr < TRAP_NR_MAX; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);

		if (name)
			strncpy(trap_names[nr], name, TRAP_NAME_MAX - 1);
		free(name);
	}
}

void sandbox_trap_set_kind(enum sandbox_kind kind)
{
	trap_kind = (int)kind;
}

static void trap_handler(int sig, siginfo_t *si, void *uc)
{
	unsigned int nr = (unsigned int)si->si_syscall;
	const char *kind = sandbox_kind_name(trap_kind);
	struct sigsafe_msg m = { .len = 0 };

	(void)uc;
	sigsafe_put(&m, "armvisor: sandbox: blocked syscall ");
	sigsafe_put(&m, nr < TRAP_NR_MAX && trap_names[nr][0] ? trap_names[nr] : "?");
	sigsafe_put(&m, " (");
	sigsafe_put_dec(&m, nr);
	sigsafe_put(&m, ") in ");
	sigsafe_put(&m, kind ? kind : "?");
	sigsafe_put(&m, " thread\n");
	sigsafe_flush(&m);
	_exit(128 + sig);
}

void sandbox_trap_names(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, trap_names_fill);
}

int sandbox_trap_install(struct av_err *err)
{
	struct sigaction sa = { .sa_sigaction = trap_handler, .sa_flags = SA_SIGINFO };
	sigset_t set;
	int ret;

	sigfillset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) < 0)
		return av_errf_errno(err, errno, "sandbox: cannot handle SIGSYS");
	sigemptyset(&set);
	sigaddset(&set, SIGSYS);
	ret = pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	if (ret)
		return av_errf_errno(err, ret, "sandbox: cannot unblock SIGSYS");
	return 0;
}
