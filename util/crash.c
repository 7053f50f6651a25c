// SPDX-License-Identifier: GPL-2.0
/*
 * A crash of armvisor itself (SIGSEGV, SIGBUS, SIGILL, SIGFPE) says where
 * it happened before the process dies with the signal's usual status
 * (128 + N): the faulting address, the thread, the program counter and a
 * backtrace, with the address the program was loaded at, so that
 * `addr2line -e armvisor -f ADDRESS-BASE` names the functions even for a
 * run nobody can repeat (a CI log is often all there is). The handler
 * only uses write(2) (util/sigsafe_msg.c) and backtrace_symbols_fd(3)
 * (which writes without allocating); backtrace(3) loads libgcc's unwinder on first use, so
 * crash_report_warm calls it once up front (glibc's backtrace(3) notes):
 * the sandbox's builder thread, before any filter forbids loading a
 * library, or cli/ itself without a sandbox (a millisecond of dlopen kept
 * off the start-up's critical path).
 */
#include <errno.h>
#include <execinfo.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <ucontext.h>
#include <unistd.h>

#include "err.h"
#include "util.h"

#define CRASH_FRAMES	48

/* The linker's symbol at the start of the program's image: its load base. */
extern const char __executable_start[];

/*
 * The one file-scope variable: what must happen before the process dies
 * (the terminal put back), found by a handler that gets no argument of
 * ours. Set by its owner, read only in the handler.
 */
static void (*_Atomic crash_cleanup)(void);

void crash_set_cleanup(void (*fn)(void))
{
	atomic_store(&crash_cleanup, fn);
}

static uint64_t crash_pc(const void *ucv)
{
	const ucontext_t *uc = ucv;

#if defined(__x86_64__)
	return (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
	return uc->uc_mcontext.pc;
#else
	(void)uc;
	return 0;
#endif
}

static const char *crash_name(int sig)
{
	switch (sig) {
	case SIGSEGV:
		return "SIGSEGV";
	case SIGBUS:
		return "SIGBUS";
	case SIGILL:
		return "SIGILL";
	default:
		return "SIGFPE";
	}
}

static void crash_handler(int sig, siginfo_t *si, void *uc)
{
	struct sigsafe_msg m = { .len = 0 };
	void (*cleanup)(void) = atomic_load(&crash_cleanup);
	void *frames[CRASH_FRAMES];
	int n;

	if (cleanup)
		cleanup();	/* a raw terminal first, so the lines below read well */
	sigsafe_put(&m, "armvisor: crashed: ");
	sigsafe_put(&m, crash_name(sig));
	sigsafe_put(&m, " at address ");
	sigsafe_put_hex(&m, (uint64_t)(uintptr_t)si->si_addr);
	sigsafe_put(&m, " in thread ");
	sigsafe_put_dec(&m, (uint64_t)gettid());
	sigsafe_put(&m, ", pc ");
	sigsafe_put_hex(&m, crash_pc(uc));
	sigsafe_put(&m, ", program loaded at ");
	sigsafe_put_hex(&m, (uint64_t)(uintptr_t)__executable_start);
	sigsafe_put(&m, "; backtrace:\n");
	sigsafe_flush(&m);
	n = backtrace(frames, CRASH_FRAMES);
	backtrace_symbols_fd(frames, n, STDERR_FILENO);
	/*
	 * SA_RESETHAND made the action the default one again: a fault comes
	 * back when the handler returns; a signal someone sent is sent again.
	 */
	if (si->si_code <= 0)
		raise(sig);
}

/* The sanitizers report faults themselves, better: leave them their handlers. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CRASH_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CRASH_SANITIZED 1
#endif
#endif

int crash_report_install(struct av_err *err)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
	struct sigaction sa = {
		.sa_sigaction = crash_handler,
		.sa_flags = SA_SIGINFO | SA_RESETHAND,
	};

#ifdef CRASH_SANITIZED
	(void)sa;
	(void)err;
	return 0;
#endif
	/*
	 * SIGSYS stays deliverable: a call the crashed thread's filter does
	 * not allow is then named by the sandbox's report (sandbox_trap.c),
	 * where a blocked SIGSYS would end the process without a word.
	 */
	sigfillset(&sa.sa_mask);
	sigdelset(&sa.sa_mask, SIGSYS);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			return av_errf_errno(err, errno, "cannot handle signal %d", sigs[i]);
	return 0;
}

void crash_report_warm(void)
{
	void *warm[2];

	backtrace(warm, 2);	/* load the unwinder now, not in the handler */
}
