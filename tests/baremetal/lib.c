// SPDX-License-Identifier: GPL-2.0
/* PL011 output and the verdict of the bare-metal test programs. */
#include "bm.h"

#define UART		0x09000000ull
#define UART_FR		0x18
#define UART_CR		0x30
#define FR_TXFF		(1u << 5)

static unsigned int failures;

static void putc_(char c)
{
	static int ready;

	if (!ready) {
		mmio_write32(UART + UART_CR, 0x301);	/* UARTEN, TXE, RXE */
		ready = 1;
	}
	while (mmio_read32(UART + UART_FR) & FR_TXFF)
		;
	mmio_write32(UART, (uint8_t)c);
}

void puts_(const char *s)
{
	while (*s) {
		if (*s == '\n')
			putc_('\r');
		putc_(*s++);
	}
}

void puthex(uint64_t v)
{
	puts_("0x");
	for (int i = 60; i >= 0; i -= 4)
		putc_("0123456789abcdef"[(v >> i) & 15]);
}

void check(const char *name, uint64_t got, uint64_t want)
{
	puts_(name);
	if (got == want) {
		puts_(": ok\n");
		return;
	}
	failures++;
	puts_(": FAIL (got ");
	puthex(got);
	puts_(" want ");
	puthex(want);
	puts_(")\n");
}

void finish(void)
{
	puts_(failures ? "RESULT: FAIL\n" : "RESULT: PASS\n");
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

/* Programs without a second CPU never start one; smp.c has its own. */
__attribute__((weak)) void secondary_main(uint64_t ctx)
{
	(void)ctx;
	for (;;)
		__asm__ volatile("wfi");
}
