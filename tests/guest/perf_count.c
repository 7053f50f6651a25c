// SPDX-License-Identifier: GPL-2.0
/*
 * Count this program's own instructions and cycles with perf_event_open
 * (Linux's perf ABI, include/uapi/linux/perf_event.h) around a known
 * loop: a static aarch64 binary for tests/shell/pmu_guest.sh.
 *
 * The counted region is one asm block: ioctl(ENABLE) returns, MOV,
 * N x (SUBS, B.NE), four MOVs that set up the DISABLE ioctl, its SVC.
 * With exclude_kernel the kernel's side of both syscalls (and any
 * interrupt meanwhile) is not counted, so an exact PMU counts
 * 2N + 6 user instructions. Without it the syscall path adds some.
 * Its branches are the N B.NE, N - 1 of them taken: BR_RETIRED (raw
 * 0x21) counts N, PC_WRITE_RETIRED (raw 0x0c) N - 1, and perf's
 * generic "branches" is whichever of the two the kernel maps it to
 * (Linux 6.1's arch/arm64/kernel/perf_event.c: PC_WRITE_RETIRED).
 */
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LOOPS	100000ull

static int open_counter(uint32_t type, uint64_t config, int exclude_kernel)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = type;
	attr.config = config;
	attr.disabled = 1;
	attr.exclude_kernel = exclude_kernel;
	attr.exclude_hv = 1;
	return (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
}

/* Enable fd, run the loop, disable fd: all user instructions in one asm. */
static void counted_loop(int fd)
{
	register uint64_t x0 __asm__("x0") = (uint64_t)fd;
	register uint64_t x1 __asm__("x1") = PERF_EVENT_IOC_ENABLE;
	register uint64_t x2 __asm__("x2") = 0;
	register uint64_t x8 __asm__("x8") = SYS_ioctl;

	__asm__ volatile(
		"	mov x10, x0\n"
		"	svc #0\n"		/* ENABLE: counting starts in the kernel */
		"	mov x9, %[n]\n"
		"1:	subs x9, x9, #1\n"
		"	b.ne 1b\n"
		"	mov x0, x10\n"
		"	mov x1, %[dis]\n"
		"	mov x2, #0\n"
		"	mov x8, %[nr]\n"
		"	svc #0\n"		/* DISABLE */
		: "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x8)
		: [n] "r"(LOOPS), [dis] "r"((uint64_t)PERF_EVENT_IOC_DISABLE),
		  [nr] "i"(SYS_ioctl)
		: "x9", "x10", "memory", "cc");
}

static int measure(const char *name, uint32_t type, uint64_t config, int exclude_kernel)
{
	uint64_t count = 0;
	int fd = open_counter(type, config, exclude_kernel);

	if (fd < 0) {
		printf("perf: %s: perf_event_open failed: %m\n", name);
		return 1;
	}
	ioctl(fd, PERF_EVENT_IOC_RESET, 0);
	counted_loop(fd);
	if (read(fd, &count, sizeof(count)) != sizeof(count)) {
		printf("perf: %s: read failed: %m\n", name);
		close(fd);
		return 1;
	}
	printf("perf: %s=%llu loop=%llu\n", name, (unsigned long long)count,
	       (unsigned long long)(2 * LOOPS + 6));
	close(fd);
	return 0;
}

int main(void)
{
	int bad = 0;

	bad |= measure("user-instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, 1);
	bad |= measure("user-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, 1);
	bad |= measure("all-instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, 0);
	bad |= measure("all-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, 0);
	bad |= measure("user-branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS, 1);
	bad |= measure("user-br-retired", PERF_TYPE_RAW, 0x21, 1);
	bad |= measure("user-pc-write-retired", PERF_TYPE_RAW, 0x0c, 1);
	/* Linux maps it to L1D_CACHE, and opens it only where PMCEID0 has that. */
	bad |= measure("user-cache-references", PERF_TYPE_HARDWARE,
		       PERF_COUNT_HW_CACHE_REFERENCES, 1);
	bad |= measure("all-cache-references", PERF_TYPE_HARDWARE,
		       PERF_COUNT_HW_CACHE_REFERENCES, 0);
	printf("perf: done %s\n", bad ? "with errors" : "ok");
	return bad;
}
