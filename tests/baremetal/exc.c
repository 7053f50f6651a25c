// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions at EL1 and from EL0: the vector used, ESR (EC, ISS), ELR,
 * SPSR, FAR, and the return, checked the same way on any implementation.
 */
#include "bm.h"

static volatile uint64_t last_index, last_esr, last_elr, last_spsr, last_far;
static volatile uint64_t trail[8], ntrail;

void exc_handler(uint64_t index, struct frame *f)
{
	uint64_t esr = read_sysreg(esr_el1);

	last_index = index;
	last_esr = esr;
	last_elr = f->elr;
	last_spsr = f->spsr;
	last_far = read_sysreg(far_el1);
	if (ntrail < 8)
		trail[ntrail++] = esr;
	switch (esr >> 26) {
	case 0x15:		/* SVC: ELR is already the next insn */
		if ((esr & 0xffff) == 0xff) {
			f->elr = (uint64_t)el0_return;
			f->spsr = 0x3c5;	/* back to EL1h */
		}
		break;
	case 0x0e:		/* illegal return: resume at EL1 */
		f->spsr = 0x3c5;
		f->elr += 4;
		break;
	default:		/* BRK, UNDEFINED, aborts: skip the insn */
		f->elr += 4;
		break;
	}
}

static uint64_t ec(void)
{
	return last_esr >> 26;
}

static void test_el1(void)
{
	uint64_t here;

	__asm__ volatile("adr %0, 1f\n svc #0x42\n1:" : "=r"(here));
	check("svc el1: vector current SPx sync", last_index, 4);
	check("svc el1: ESR", last_esr, (0x15ull << 26) | (1 << 25) | 0x42);
	check("svc el1: ELR is the next insn", last_elr, here);
	check("svc el1: SPSR", last_spsr & 0x3cf, 0x3c5);

	__asm__ volatile("adr %0, 1f\n1: brk #7" : "=r"(here));
	check("brk: EC and ISS", last_esr & ~(1ull << 25), (0x3cull << 26) | 7);
	check("brk: ELR is the brk", last_elr, here);

	__asm__ volatile("adr %0, 1f\n1: .inst 0x00000000" : "=r"(here));
	check("udf: EC 0", ec(), 0);
	check("udf: ELR", last_elr, here);
}

/* The misaligned exclusive load faults with an alignment fault (DFSC 0x21). */
static void test_abort(void)
{
	static uint64_t buf[2];
	uint64_t addr = (uint64_t)buf + 1, v;

	__asm__ volatile("ldxr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	check("ldxr misaligned: EC data abort same EL", ec(), 0x25);
	check("ldxr misaligned: DFSC alignment", last_esr & 0x3f, 0x21);
	check("ldxr misaligned: FAR", last_far, addr);
}

extern void user_code(void);
__asm__(".global user_code\nuser_code:\n"
	"	mrs x0, sctlr_el1\n"	/* UNDEFINED at EL0 */
	"	svc #0x11\n"
	"	wfi\n"			/* traps: SCTLR_EL1.nTWI = 0 */
	"	svc #0xff\n");

static void test_el0(void)
{
	uint64_t sctlr = read_sysreg(sctlr_el1);

	write_sysreg(sctlr_el1, sctlr & ~(1ull << 16));	/* nTWI = 0 */
	isb();
	ntrail = 0;
	run_el0(user_code);
	write_sysreg(sctlr_el1, sctlr);
	isb();
	check("el0: four exceptions", ntrail, 4);
	check("el0 mrs sctlr_el1: UNDEFINED", trail[0] >> 26, 0);
	check("el0 svc: EC and ISS", trail[1] & ~(1ull << 25), (0x15ull << 26) | 0x11);
	check("el0 wfi: trapped (EC 1, TI 0)", trail[2] & ~(1ull << 25),
	      (0x01ull << 26) | 0x1e00000);
	check("el0 svc: vector lower EL A64 sync", last_index, 8);
	check("el0 svc: SPSR is EL0t", last_spsr & 0xf, 0);
}

static void test_illegal_return(void)
{
	uint64_t target;

	__asm__ volatile(
		"adr %0, 1f\n"
		"msr elr_el1, %0\n"
		"mov x9, #0x3c9\n"		/* EL2h: not implemented */
		"msr spsr_el1, x9\n"
		"eret\n"
		"1: nop\n" : "=&r"(target) : : "x9", "memory");
	check("illegal eret: EC 0x0e", ec(), 0x0e);
	check("illegal eret: ELR is the target", last_elr, target);
	check("illegal eret: SPSR.IL set, EL1h kept", last_spsr & 0x10000f, 0x100005);
}

int main(void)
{
	puts_("exc: start\n");
	check("CurrentEL is EL1", read_sysreg(CurrentEL), 4);
	test_el1();
	test_abort();
	test_el0();
	test_illegal_return();
	finish();
	return 0;
}
