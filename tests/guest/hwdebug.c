// SPDX-License-Identifier: GPL-2.0
/*
 * The guest kernel's use of self-hosted debug (tests/shell/guest_hwdebug.sh):
 *  - ptrace(PTRACE_SINGLESTEP) of a child through a known insn sequence
 *    (arch/arm64/kernel/debug-monitors.c: MDSCR_EL1.SS and SPSR.SS);
 *  - perf_event_open(PERF_TYPE_BREAKPOINT) counting an execute breakpoint
 *    and a write watchpoint (arch/arm64/kernel/hw_breakpoint.c), which the
 *    kernel steps over with a software step after each hit.
 * One line per check, "hwdebug NAME: ok" or "... FAIL ...".
 * Built static with aarch64-linux-gnu-gcc.
 */
#include <elf.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define STEPS	8

/* Eight insns the child runs one at a time, then a loop. */
extern char step_seq[];
__asm__(".text\n.global step_seq\nstep_seq:\n"
	"	mov x0, #1\n	add x0, x0, #2\n	nop\n	nop\n"
	"	add x0, x0, #3\n	nop\n	nop\n	nop\n"
	"1:	b 1b\n");

static int failures;
static pid_t stepped_child;

/* A step that never traps leaves the child looping: fail, do not hang. */
static void step_timeout(int sig)
{
	(void)sig;
	kill(stepped_child, SIGKILL);
	printf("hwdebug ptrace single-step: FAIL (no SIGTRAP within 30 s)\n");
	printf("hwdebug: FAIL\n");
	_exit(1);
}

static void report(const char *name, int ok, long got, long want)
{
	if (ok) {
		printf("hwdebug %s: ok\n", name);
		return;
	}
	failures++;
	printf("hwdebug %s: FAIL (got %ld want %ld)\n", name, got, want);
}

static int get_pc(pid_t pid, uint64_t *pc)
{
	struct user_regs_struct regs;
	struct iovec iov = { &regs, sizeof(regs) };

	if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov))
		return -1;
	*pc = regs.pc;
	return 0;
}

static int set_pc(pid_t pid, uint64_t pc)
{
	struct user_regs_struct regs;
	struct iovec iov = { &regs, sizeof(regs) };

	if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov))
		return -1;
	regs.pc = pc;
	return ptrace(PTRACE_SETREGSET, pid, (void *)NT_PRSTATUS, &iov);
}

/* Move the stopped child to step_seq and step it STEPS times. */
static void test_ptrace_step(void)
{
	uint64_t pc, start = (uint64_t)step_seq;
	int status, i, in_seq = 0;
	pid_t pid = fork();

	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	report("child stopped", WIFSTOPPED(status), status, 0);
	stepped_child = pid;
	signal(SIGALRM, step_timeout);
	alarm(30);
	if (set_pc(pid, start)) {
		report("set pc", 0, 0, 0);
		kill(pid, SIGKILL);
		return;
	}
	for (i = 1; i <= STEPS; i++) {
		if (ptrace(PTRACE_SINGLESTEP, pid, NULL, NULL))
			break;
		waitpid(pid, &status, 0);
		if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP || get_pc(pid, &pc))
			break;
		if (pc != start + 4ull * i)
			break;
		in_seq++;
	}
	alarm(0);
	report("ptrace single-step: each step one insn", in_seq == STEPS, in_seq, STEPS);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

static int perf_bp(int type, uint64_t addr, uint64_t len)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_BREAKPOINT;
	attr.size = sizeof(attr);
	attr.bp_type = type;
	attr.bp_addr = addr;
	attr.bp_len = len;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	return (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
}

static long perf_count(int fd)
{
	uint64_t n = 0;

	if (read(fd, &n, sizeof(n)) != sizeof(n))
		return -1;
	return (long)n;
}

__attribute__((noinline)) static int target(int x)
{
	__asm__ volatile("");
	return x + 1;
}

static volatile uint64_t watched;

static void test_perf(void)
{
	int fd, i, acc = 0;
	long n;

	fd = perf_bp(HW_BREAKPOINT_X, (uint64_t)target, 4);
	report("perf execute breakpoint opened", fd >= 0, fd, 0);
	if (fd >= 0) {
		for (i = 0; i < 1000; i++)
			acc = target(acc);
		n = perf_count(fd);
		report("perf execute breakpoint: 1000 hits", n == 1000, n, 1000);
		close(fd);
	}
	fd = perf_bp(HW_BREAKPOINT_W, (uint64_t)&watched, 8);
	report("perf write watchpoint opened", fd >= 0, fd, 0);
	if (fd >= 0) {
		for (i = 0; i < 300; i++)
			watched = i;
		for (i = 0; i < 50; i++)
			acc += (int)watched;	/* reads: not counted */
		n = perf_count(fd);
		report("perf write watchpoint: 300 hits", n == 300, n, 300);
		close(fd);
	}
	report("results", acc >= 1000, acc, 1000);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	test_ptrace_step();
	test_perf();
	printf("hwdebug: %s\n", failures ? "FAIL" : "PASS");
	return failures != 0;
}
