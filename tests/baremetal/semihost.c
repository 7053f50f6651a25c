// SPDX-License-Identifier: GPL-2.0
/*
 * Semihosting (Arm's "Semihosting for AArch32 and AArch64", HLT #0xF000
 * at EL1 with the operation in W0 and its parameter in X1): console
 * output, the clocks, the heap description, and the exit status, which
 * is the test's result: 0 only when every check passed. With
 * SEMIHOST_READC, the program also reads one character and exits with it;
 * with SEMIHOST_UNKNOWN it also checks an unknown operation answers -1.
 */
#include "bm.h"

#define SYS_WRITEC		0x03
#define SYS_WRITE0		0x04
#define SYS_READC		0x07
#define SYS_CLOCK		0x10
#define SYS_HEAPINFO		0x16
#define SYS_EXIT		0x18
#define SYS_EXIT_EXTENDED	0x20
#define SYS_ELAPSED		0x30
#define SYS_TICKFREQ		0x31
#define ADP_STOPPED_APPLICATION_EXIT	0x20026

static uint64_t semihost(uint64_t op, uint64_t arg)
{
	register uint64_t x0 __asm__("x0") = op;
	register uint64_t x1 __asm__("x1") = arg;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	return x0;
}

static unsigned int failures;

static void expect(const char *name, int ok)
{
	semihost(SYS_WRITE0, (uint64_t)name);
	semihost(SYS_WRITE0, (uint64_t)(ok ? ": ok\n" : ": FAIL\n"));
	failures += !ok;
}

static void sh_exit(uint64_t code)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, code };

	semihost(SYS_EXIT, (uint64_t)block);
}

int main(void)
{
	uint64_t heap[4] = { 0 }, *heap_ptr = heap, t0, t1, e0 = 0, e1 = 0;
	char bang = '!';
	volatile uint64_t spin;

	semihost(SYS_WRITE0, (uint64_t)"semihosting: hello\n");
	semihost(SYS_WRITEC, (uint64_t)&bang);
	semihost(SYS_WRITEC, (uint64_t)"\n");
	t0 = semihost(SYS_CLOCK, 0);
	expect("elapsed", semihost(SYS_ELAPSED, (uint64_t)&e0) == 0);
	for (spin = 0; spin < 2000000; spin++)
		;
	t1 = semihost(SYS_CLOCK, 0);
	semihost(SYS_ELAPSED, (uint64_t)&e1);
	expect("clock", (int64_t)t0 >= 0 && t1 >= t0);
	expect("elapsed grows", e1 > e0);
	expect("tickfreq", (int64_t)semihost(SYS_TICKFREQ, 0) > 0);
	semihost(SYS_HEAPINFO, (uint64_t)&heap_ptr);
	expect("heap in RAM", heap[0] >= 0x40000000 && heap[1] > heap[0]);
	expect("stack above heap", heap[2] >= heap[1] && heap[3] <= heap[2]);
#ifdef SEMIHOST_UNKNOWN
	/* armvisor answers -1 (QEMU 7.2 aborts, so not run there). */
	expect("unknown op is -1", semihost(0x1ff, 0) == (uint64_t)-1);
#endif
#ifdef SEMIHOST_READC
	sh_exit(semihost(SYS_READC, 0));
#endif
	sh_exit(failures ? 1 : 0);
	return 0;
}

/*
 * No exception is expected (HLT is UNDEFINED without -semihosting): say
 * so on the PL011, since semihosting is what failed, and power off.
 */
void exc_handler(uint64_t index, struct frame *f)
{
	(void)index;
	(void)f;
	puts_("semihosting: unexpected exception\n");
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		;
}
