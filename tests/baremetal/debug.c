// SPDX-License-Identifier: GPL-2.0
/*
 * Self-hosted debug (ARM ARM D2): breakpoints at EL1 and EL0,
 * watchpoints on loads, stores, exclusives, pairs, SIMD and unaligned
 * accesses, a MASK range, software step at EL1, over ERET into EL0 and
 * over an SVC, and what disables them (OS lock, KDE, PSTATE.D). Each
 * event prints "ev NAME: ..." with its ESR, ELR and FAR, which
 * tests/shell/tcg_debug_baremetal.sh compares with qemu-system-aarch64's.
 */
#include "bm.h"

#define MDSCR_SS	(1ull << 0)
#define MDSCR_KDE	(1ull << 13)
#define MDSCR_MDE	(1ull << 15)
#define SPSR_SS		(1ull << 21)

/* DBGBCR: E, PMC<2:1>, BAS<8:5> = 0b1111. */
#define BCR_EL1		(0x1e0 | (1 << 1) | 1)
#define BCR_EL0		(0x1e0 | (2 << 1) | 1)
/* DBGWCR: E, PAC = EL1 and EL0, LSC<4:3>, BAS<12:5>, MASK<28:24>. */
#define WCR(lsc, bas)	(1 | (3 << 1) | ((lsc) << 3) | ((uint64_t)(bas) << 5))
#define LSC_LOAD	1
#define LSC_STORE	2
#define LSC_ANY		3

struct ev {
	uint64_t esr, elr, far, spsr;
};

static volatile struct ev evs[32];
static volatile unsigned int nev;
static volatile int step_budget;
static volatile uint64_t wbuf[32] __attribute__((aligned(128)));

static void bcr_clear(void)
{
	write_sysreg(dbgbcr0_el1, 0);
	write_sysreg(dbgbcr1_el1, 0);
	isb();
}

static void wcr_clear(void)
{
	write_sysreg(dbgwcr0_el1, 0);
	write_sysreg(dbgwcr1_el1, 0);
	isb();
}

/* A step: go on stepping while the budget lasts, then stop (MDSCR.SS = 0). */
static void step_event(struct frame *f)
{
	if (--step_budget > 0) {
		f->spsr |= SPSR_SS;
		return;
	}
	write_sysreg(mdscr_el1, read_sysreg(mdscr_el1) & ~MDSCR_SS);
	f->spsr &= ~SPSR_SS;
}

void exc_handler(uint64_t index, struct frame *f)
{
	uint64_t esr = read_sysreg(esr_el1);

	(void)index;
	if (nev < 32) {
		evs[nev].esr = esr;
		evs[nev].elr = f->elr;
		evs[nev].far = read_sysreg(far_el1);
		evs[nev].spsr = f->spsr;
		nev++;
	}
	switch (esr >> 26) {
	case 0x30: case 0x31:	/* breakpoint: the insn runs once it is gone */
		bcr_clear();
		break;
	case 0x34: case 0x35:	/* watchpoint: likewise */
		wcr_clear();
		break;
	case 0x32: case 0x33:
		step_event(f);
		break;
	case 0x15:
		if ((esr & 0xffff) == 0xff) {
			f->elr = (uint64_t)el0_return;
			f->spsr = 0x3c5;
		}
		break;
	default:		/* BRK and the rest: skip the insn */
		f->elr += 4;
		break;
	}
}

static void report(const char *name, uint64_t v)
{
	puts_("ev ");
	puts_(name);
	puts_(" = ");
	puthex(v);
	puts_("\n");
}

/* Print event i (ESR, ELR, and FAR for a watchpoint) for the comparison. */
static void report_ev(const char *name, unsigned int i)
{
	uint64_t ec = evs[i].esr >> 26;

	puts_("ev ");
	puts_(name);
	puts_(": esr ");
	puthex(evs[i].esr);
	puts_(" elr ");
	puthex(evs[i].elr);
	if (ec == 0x34 || ec == 0x35) {
		puts_(" far ");
		puthex(evs[i].far);
	}
	puts_("\n");
}

static void reset_evs(void)
{
	nev = 0;
}

static void debug_on(uint64_t mdscr)
{
	write_sysreg(mdscr_el1, mdscr);
	write_sysreg(oslar_el1, 0);
	isb();
	__asm__ volatile("msr daifclr, #8");
}

/* run_el0 comes back with PSTATE.D set (SPSR 0x3c5): unmask it again. */
static void el0(void (*fn)(void))
{
	run_el0(fn);
	__asm__ volatile("msr daifclr, #8");
}

/* ---- breakpoints ---- */

static void test_bp_el1(void)
{
	uint64_t at;

	reset_evs();
	__asm__ volatile("adr %0, 1f" : "=r"(at));
	write_sysreg(dbgbvr0_el1, at);
	write_sysreg(dbgbcr0_el1, BCR_EL1);
	isb();
	__asm__ volatile("nop\n1: nop\n nop");
	check("bp el1: one exception", nev, 1);
	check("bp el1: ESR EC 0x31, IL, IFSC 0x22", evs[0].esr, 0xc6000022);
	check("bp el1: ELR is the insn", evs[0].elr, at);
	report_ev("bp el1", 0);

	/* PMC = EL0 only: nothing at EL1. */
	reset_evs();
	__asm__ volatile("adr %0, 1f" : "=r"(at));
	write_sysreg(dbgbvr0_el1, at);
	write_sysreg(dbgbcr0_el1, BCR_EL0);
	isb();
	__asm__ volatile("nop\n1: nop\n nop");
	bcr_clear();
	check("bp el0-only at el1: none", nev, 0);
}

extern void user_bp(void);
extern char user_bp_target[];
__asm__(".global user_bp, user_bp_target\nuser_bp:\n"
	"	nop\n"
	"user_bp_target:\n"
	"	add x0, x0, #1\n"
	"	svc #0xff\n");

static void test_bp_el0(void)
{
	reset_evs();
	write_sysreg(dbgbvr1_el1, (uint64_t)user_bp_target);
	write_sysreg(dbgbcr1_el1, BCR_EL0);
	isb();
	el0(user_bp);
	check("bp el0: two exceptions (bp, svc)", nev, 2);
	check("bp el0: ESR EC 0x30", evs[0].esr, 0xc2000022);
	check("bp el0: ELR is the insn", evs[0].elr, (uint64_t)user_bp_target);
	report_ev("bp el0", 0);
}

/* ---- watchpoints ---- */

/*
 * The watchpoint tests run with the MMU on (EL1 only: 1 GiB identity
 * blocks, Device below RAM, Normal RAM), so that the TLB fast paths
 * are in play and unaligned accesses are allowed.
 */
static uint64_t l1_table[512] __attribute__((aligned(4096)));

static void mmu_on(void)
{
	l1_table[0] = 0x0 | (1 << 10) | (0 << 2) | 1;		/* AF, Device */
	l1_table[1] = 0x40000000 | (1 << 10) | (3 << 8) | (1 << 2) | 1;	/* AF, ISH, Normal */
	dsb();
	write_sysreg(mair_el1, 0xff00);
	/* T0SZ 25 (level 1 start), IRGN0/ORGN0 WB, SH0 inner, EPD1. */
	write_sysreg(tcr_el1, 25 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23));
	write_sysreg(ttbr0_el1, (uint64_t)l1_table);
	isb();
	__asm__ volatile("tlbi vmalle1\n dsb sy\n isb" : : : "memory");
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | 1);
	isb();
}

static void mmu_off(void)
{
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~1ull);
	isb();
}

static void wp_set(uint64_t addr, uint64_t wcr)
{
	write_sysreg(dbgwvr0_el1, addr);
	write_sysreg(dbgwcr0_el1, wcr);
	isb();
}

static uint64_t a(unsigned int byte)
{
	return (uint64_t)wbuf + byte;
}

static void test_wp_load(void)
{
	uint64_t v, at;

	reset_evs();
	wp_set(a(8), WCR(LSC_LOAD, 0xff));
	wbuf[1] = 5;			/* a store: not watched */
	v = wbuf[0];			/* the doubleword before */
	check("wp load: stores and other bytes pass", nev, 0);
	__asm__ volatile("adr %0, 1f\n1: ldr %1, [%2]" : "=&r"(at), "=r"(v) : "r"(a(8)) : "memory");
	check("wp load: one exception", nev, 1);
	check("wp load: ESR EC 0x35, WnR 0", evs[0].esr, 0xd6000022);
	check("wp load: ELR is the insn", evs[0].elr, at);
	check("wp load: FAR", evs[0].far, a(8));
	check("wp load: the load ran after", v, 5);
	report_ev("wp load", 0);
}

static void test_wp_store(void)
{
	uint64_t at;

	reset_evs();
	wp_set(a(16), WCR(LSC_STORE, 0x0f));	/* bytes 16..19 */
	wbuf[3] = 1;				/* bytes 24..31 */
	__asm__ volatile("str %w0, [%1]" : : "r"(0), "r"(a(20)) : "memory");
	(void)wbuf[2];
	check("wp store: loads and bytes 20..23 pass", nev, 0);
	__asm__ volatile("adr %0, 1f\n1: strh %w1, [%2]" : "=&r"(at) : "r"(7), "r"(a(18)) : "memory");
	check("wp store: one exception", nev, 1);
	check("wp store: ESR EC 0x35, WnR 1", evs[0].esr, 0xd6000062);
	check("wp store: ELR", evs[0].elr, at);
	check("wp store: FAR", evs[0].far, a(18));
	report_ev("wp strh", 0);

	/* An unaligned store from below that reaches byte 16. */
	reset_evs();
	wp_set(a(16), WCR(LSC_STORE, 0x0f));
	__asm__ volatile("str %0, [%1]" : : "r"(0ull), "r"(a(12)) : "memory");
	check("wp unaligned store: one exception", nev, 1);
	check("wp unaligned store: FAR is the first watched byte", evs[0].far, a(16));
	report_ev("wp unaligned", 0);

	/* STP whose second register hits. */
	reset_evs();
	wp_set(a(40), WCR(LSC_STORE, 0xff));
	__asm__ volatile("stp %0, %0, [%1]" : : "r"(0ull), "r"(a(32)) : "memory");
	check("wp stp: one exception", nev, 1);
	check("wp stp: FAR", evs[0].far, a(40));
	report_ev("wp stp", 0);

	/* A 16-byte SIMD load over the watched doubleword. */
	reset_evs();
	wp_set(a(56), WCR(LSC_LOAD, 0x80));	/* byte 63 only */
	__asm__ volatile("ldr q0, [%0]" : : "r"(a(48)) : "memory");
	check("wp simd ldr q: one exception", nev, 1);
	check("wp simd ldr q: FAR is byte 63", evs[0].far, a(63));
	report_ev("wp simd", 0);
	wcr_clear();
}

static void test_wp_exclusive(void)
{
	uint64_t v, fail = 1;

	reset_evs();
	wp_set(a(64), WCR(LSC_LOAD, 0xff));
	__asm__ volatile("ldaxr %0, [%1]" : "=r"(v) : "r"(a(64)) : "memory");
	check("wp ldaxr: one exception", nev, 1);
	check("wp ldaxr: EC 0x35 WnR 0", evs[0].esr, 0xd6000022);
	report_ev("wp ldaxr", 0);

	reset_evs();
	__asm__ volatile("ldxr %0, [%1]" : "=r"(v) : "r"(a(64)) : "memory");
	wp_set(a(64), WCR(LSC_STORE, 0xff));
	__asm__ volatile("stxr %w0, %2, [%1]" : "=&r"(fail) : "r"(a(64)), "r"(v) : "memory");
	check("wp stxr: one exception", nev, 1);
	check("wp stxr: EC 0x35 WnR 1", evs[0].esr, 0xd6000062);
	check("wp stxr: FAR", evs[0].far, a(64));
	report_ev("wp stxr", 0);
	(void)fail;
}

static void test_wp_mask(void)
{
	/* MASK = 6: the 64 bytes from wbuf + 64 (wbuf[8..15]), loads and stores. */
	reset_evs();
	wp_set(a(64), WCR(LSC_ANY, 0xff) | (6ull << 24));
	(void)wbuf[8];
	check("wp mask: first doubleword", nev, 1);
	check("wp mask: FAR", evs[0].far, a(64));
	report_ev("wp mask load", 0);
	reset_evs();
	wp_set(a(64), WCR(LSC_ANY, 0xff) | (6ull << 24));
	wbuf[15] = 1;
	check("wp mask: last doubleword", evs[0].far, a(120));
	check("wp mask: store WnR", evs[0].esr, 0xd6000062);
	report_ev("wp mask store", 0);
	reset_evs();
	wp_set(a(64), WCR(LSC_ANY, 0xff) | (6ull << 24));
	(void)wbuf[16];
	(void)wbuf[7];
	check("wp mask: outside passes", nev, 0);
	/* An LDP from below reaching in. */
	__asm__ volatile("ldp x1, x2, [%0]" : : "r"(a(56)) : "x1", "x2", "memory");
	check("wp mask ldp: one exception", nev, 1);
	check("wp mask ldp: FAR", evs[0].far, a(64));
	report_ev("wp mask ldp", 0);
	wcr_clear();
}

/* ---- software step ---- */

extern char step_seq[], step_seq_end[];

/*
 * Step at EL1 (KDE = 1, PSTATE.D = 0): the MSR makes the step active-pending
 * (ISV = 0 at the next insn), the handler sets SPSR.SS, then each insn
 * is stepped (ISV = 1, EX for the LDXR).
 */
static void test_step_el1(void)
{
	uint64_t mdscr = read_sysreg(mdscr_el1);

	reset_evs();
	step_budget = 6;
	__asm__ volatile("mov x1, %0\n"
			 "mov x2, %1\n"
			 ".global step_seq, step_seq_end\n"
			 "step_seq:\n"
			 "	msr mdscr_el1, x1\n"
			 "	isb\n"
			 "	nop\n"
			 "	ldxr x3, [x2]\n"
			 "	add x3, x3, #1\n"
			 "	clrex\n"
			 "	nop\n"
			 "	nop\n"
			 "step_seq_end:\n"
			 : : "r"(mdscr | MDSCR_SS), "r"(a(0)) : "x1", "x2", "x3", "memory");
	write_sysreg(mdscr_el1, mdscr);
	isb();
	check("step el1: six steps", nev, 6);
	check("step el1: first at the isb, ISV 0", evs[0].esr, 0xce000022);
	check("step el1: first ELR", evs[0].elr, (uint64_t)step_seq + 4);
	check("step el1: then ISV 1", evs[1].esr, 0xcf000022);
	check("step el1: after the nop", evs[2].elr, (uint64_t)step_seq + 12);
	check("step el1: after the ldxr, EX 1", evs[3].esr, 0xcf000062);
	check("step el1: ELR after ldxr", evs[3].elr, (uint64_t)step_seq + 16);
	for (unsigned int i = 0; i < nev; i++)
		report_ev("step el1", i);
}

extern void user_step(void);
extern char user_step_svc[];
__asm__(".global user_step, user_step_svc\nuser_step:\n"
	"	mov x0, #1\n"
	"	add x0, x0, #2\n"
	"user_step_svc:\n"
	"	svc #0x12\n"
	"	add x0, x0, #3\n"
	"	nop\n"
	"	svc #0xff\n");

/* run_el0 with SPSR_EL1.SS = 1: the ERET starts EL0 active-not-pending. */
extern void run_el0_ss(void (*fn)(void));
__asm__(".global run_el0_ss\nrun_el0_ss:\n"
	"	ldr x1, =resume_el1\n"
	"	stp x30, x29, [x1]\n"
	"	mov x2, sp\n"
	"	str x2, [x1, #16]\n"
	"	msr elr_el1, x0\n"
	"	mov x2, #(1 << 21)\n"
	"	msr spsr_el1, x2\n"
	"	ldr x2, =__stack1_top\n"
	"	msr sp_el0, x2\n"
	"	eret\n");

/*
 * Step EL0 from an EL1 that masks debug (PSTATE.D = 1): the ERET with
 * SPSR.SS = 1 steps the first user insn; an SVC completes before its
 * exception (SPSR.SS = 0), so its return is active-pending: ISV = 0.
 */
static void test_step_el0(void)
{
	uint64_t mdscr = read_sysreg(mdscr_el1);

	reset_evs();
	step_budget = 100;
	__asm__ volatile("msr daifset, #8");
	write_sysreg(mdscr_el1, mdscr | MDSCR_SS);
	isb();
	check("step el1 with D masked: none", nev, 0);
	run_el0_ss(user_step);
	write_sysreg(mdscr_el1, mdscr);
	isb();
	__asm__ volatile("msr daifclr, #8");
	/* mov, add: stepped; svc: SVC; then ISV 0 at the add; nop; svc #0xff. */
	check("step el0: events", nev, 7);
	check("step el0: first step EC 0x32 ISV 1", evs[0].esr, 0xcb000022);
	check("step el0: after the mov", evs[0].elr, (uint64_t)user_step + 4);
	check("step el0: svc taken", evs[2].esr >> 26, 0x15);
	check("step el0: svc SPSR.SS 0", evs[2].spsr & SPSR_SS, 0);
	check("step el0: after the svc ISV 0", evs[3].esr, 0xca000022);
	check("step el0: after the svc ELR", evs[3].elr, (uint64_t)user_step_svc + 4);
	for (unsigned int i = 0; i < nev; i++)
		report_ev("step el0", i);
}

/* ---- what disables them ---- */

static void bp_here_count(const char *name, uint64_t want)
{
	uint64_t at;

	reset_evs();
	__asm__ volatile("adr %0, 1f" : "=r"(at));
	write_sysreg(dbgbvr0_el1, at);
	write_sysreg(dbgbcr0_el1, BCR_EL1);
	isb();
	__asm__ volatile("nop\n1: nop\n nop");
	bcr_clear();
	check(name, nev, want);
}

static void test_masking(void)
{
	uint64_t mdscr = read_sysreg(mdscr_el1);

	write_sysreg(oslar_el1, 1);
	isb();
	bp_here_count("os lock: no breakpoint", 0);
	reset_evs();
	wp_set(a(8), WCR(LSC_ANY, 0xff));
	(void)wbuf[1];
	wcr_clear();
	check("os lock: no watchpoint", nev, 0);
	write_sysreg(oslar_el1, 0);
	isb();
	bp_here_count("os lock off: breakpoint", 1);

	__asm__ volatile("msr daifset, #8");
	bp_here_count("PSTATE.D: no breakpoint at EL1", 0);
	__asm__ volatile("msr daifclr, #8");

	write_sysreg(mdscr_el1, mdscr & ~MDSCR_KDE);
	isb();
	bp_here_count("KDE 0: no breakpoint at EL1", 0);
	reset_evs();
	write_sysreg(dbgbvr1_el1, (uint64_t)user_bp_target);
	write_sysreg(dbgbcr1_el1, BCR_EL0);
	isb();
	el0(user_bp);
	bcr_clear();
	check("KDE 0: EL0 breakpoint still fires", evs[0].esr, 0xc2000022);

	write_sysreg(mdscr_el1, mdscr & ~MDSCR_MDE);
	isb();
	bp_here_count("MDE 0: no breakpoint", 0);
	write_sysreg(mdscr_el1, mdscr);
	isb();

	reset_evs();
	__asm__ volatile("brk #9");
	check("brk unchanged", evs[0].esr, 0xf2000009);
}

int main(void)
{
	puts_("debug: start\n");
	debug_on(MDSCR_MDE | MDSCR_KDE);
	report("ID_AA64DFR0_EL1", read_sysreg(id_aa64dfr0_el1) & 0xf0f0f00f);
	test_bp_el1();
	test_bp_el0();
	mmu_on();
	test_wp_load();
	test_wp_store();
	test_wp_exclusive();
	test_wp_mask();
	mmu_off();
	test_step_el1();
	test_step_el0();
	test_masking();
	finish();
	return 0;
}
