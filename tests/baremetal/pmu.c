// SPDX-License-Identifier: GPL-2.0
/*
 * The PMU (PMUv3, ARM ARM D11): INST_RETIRED of known loops, exactly,
 * with EL0/EL1 filtering; SW_INCR; the cycle counter's enable and reset;
 * the overflow interrupt on PPI 23 through the GIC; PMUSERENR_EL0's EL0
 * access rules (EC 0x18 traps). The verdict is the exit status through
 * semihosting (SYS_EXIT), and the console says "RESULT: PASS" too.
 *
 * The counts are printed as "count NAME: VALUE" lines, so that
 * tests/shell/pmu_baremetal.sh compares them with qemu-system-aarch64
 * -icount shift=0 (QEMU counts INST_RETIRED only with -icount). With
 * PMU_ARMVISOR, the program also checks what armvisor defines and QEMU
 * does not share: one cycle per instruction, PMCEID0/1, NSK/NSU RES0,
 * and EXC_TAKEN counted at the EL the exception comes from.
 *
 * The events QEMU 7.2 does not implement (loads, stores, branches, PC
 * writes, exceptions, CONTEXTIDR and TTBR writes: PMCEID0/1 say which) are checked exactly wherever
 * PMCEID advertises them and printed as "event NAME: VALUE" lines, or
 * "event NAME: not implemented": the shell test wants them counted
 * under armvisor.
 */
#include "bm.h"

#define PPI_PMU		23
#define EV_SW_INCR	0x00
#define EV_L1D		0x04
#define EV_LD		0x06
#define EV_ST		0x07
#define EV_INST		0x08
#define EV_EXC_TAKEN	0x09
#define EV_EXC_RETURN	0x0a
#define EV_CID_WRITE	0x0b
#define EV_PC_WRITE	0x0c
#define EV_BR_IMMED	0x0d
#define EV_BR_RETURN	0x0e
#define EV_CYCLES	0x11
#define EV_TTBR_WRITE	0x1c
#define EV_BR		0x21
#define TYPE_P		(1ull << 31)	/* do not count at EL1 */
#define TYPE_U		(1ull << 30)	/* do not count at EL0 */
#define TYPE_NSK	(1ull << 29)
#define PMCR_E		(1ull << 0)
#define PMCR_P		(1ull << 1)
#define PMCR_C		(1ull << 2)
#define PMCR_LC		(1ull << 6)
#define CYCLE_BIT	(1ull << 31)

#define EC_SYSREG	0x18

static unsigned int fails;
static volatile uint64_t trail[8], ntrail, irqs, irq_intid, irq_ovs;

static void expect(const char *name, uint64_t got, uint64_t want)
{
	check(name, got, want);
	fails += got != want;
}

static void print_count(const char *name, uint64_t v)
{
	puts_("count ");
	puts_(name);
	puts_(": ");
	puthex(v);
	puts_("\n");
}

void exc_handler(uint64_t index, struct frame *f)
{
	uint64_t esr = read_sysreg(esr_el1);
	uint32_t iar;

	if (index == 5 || index == 9) {		/* IRQ from EL1 or EL0 */
		iar = gic_ack();
		irq_intid = iar & 0xffffff;
		irq_ovs = read_sysreg(pmovsset_el0);
		write_sysreg(pmovsclr_el0, irq_ovs);	/* lowers the request */
		isb();
		gic_eoi(iar);
		irqs++;
		return;
	}
	if (ntrail < 8)
		trail[ntrail++] = esr;
	if (esr >> 26 == 0x15 && (esr & 0xffff) == 0xff) {
		f->elr = (uint64_t)el0_return;
		f->spsr = 0x3c5;
		return;
	}
	if (esr >> 26 != 0x15)
		f->elr += 4;	/* a trapped or UNDEFINED access: skip it */
}

/*
 * count_loop(bits, n): enable counters bits, run n iterations of a
 * two-insn loop, disable them. Counted: ISB, MOV, 2n, the disabling MSR
 * (the enabling MSR is not: counting starts after it, as on QEMU).
 */
uint64_t count_loop(uint64_t bits, uint64_t n);
__asm__(".global count_loop\ncount_loop:\n"
	"	msr pmcntenset_el0, x0\n"
	"	isb\n"
	"	mov x2, x1\n"
	"1:	subs x2, x2, #1\n"
	"	b.ne 1b\n"
	"	msr pmcntenclr_el0, x0\n"
	"	isb\n"
	"	ret\n");
#define LOOP_COUNT(n)	(2 * (n) + 3)

/*
 * mem_loop(bits, n, buf): n iterations of a load, a store and a
 * conditional branch, then a BL to a RET. Counted after the enabling
 * MSR: ISB, MOV, 4n, MOV, BL, RET, MOV, the disabling MSR; n loads, n
 * stores; branches: n B.NE, BL, RET; immediate: n B.NE, BL; PC writes:
 * the n - 1 taken B.NE, BL, RET; one return.
 */
uint64_t mem_loop(uint64_t bits, uint64_t n, uint64_t *buf);
__asm__(".global mem_loop\nmem_loop:\n"
	"	msr pmcntenset_el0, x0\n"
	"	isb\n"
	"	mov x3, x1\n"
	"1:	ldr x4, [x2]\n"
	"	str x4, [x2, #8]\n"
	"	subs x3, x3, #1\n"
	"	b.ne 1b\n"
	"	mov x5, x30\n"
	"	bl 2f\n"
	"	mov x30, x5\n"
	"	msr pmcntenclr_el0, x0\n"
	"	isb\n"
	"	ret\n"
	"2:	ret\n");
#define MEM_LOOP_COUNT(n)	(4 * (n) + 7)

/* n SVCs at EL1, each taken and returned from (the vector's ERET). */
void svc_loop(uint64_t bits, uint64_t n);
__asm__(".global svc_loop\nsvc_loop:\n"
	"	msr pmcntenset_el0, x0\n"
	"	isb\n"
	"1:	svc #1\n"
	"	subs x1, x1, #1\n"
	"	b.ne 1b\n"
	"	msr pmcntenclr_el0, x0\n"
	"	isb\n"
	"	ret\n");

/* n writes of CONTEXTIDR_EL1 and of TTBR1_EL1, each its own value again. */
void msr_loop(uint64_t bits, uint64_t n);
__asm__(".global msr_loop\nmsr_loop:\n"
	"	mrs x3, contextidr_el1\n"
	"	mrs x4, ttbr1_el1\n"
	"	msr pmcntenset_el0, x0\n"
	"	isb\n"
	"1:	msr contextidr_el1, x3\n"
	"	msr ttbr1_el1, x4\n"
	"	subs x1, x1, #1\n"
	"	b.ne 1b\n"
	"	msr pmcntenclr_el0, x0\n"
	"	isb\n"
	"	ret\n");

/* EL0: 1 + 2 * 500 + the SVC = 1002 insns at EL0. */
extern void el0_loop(void);
__asm__(".global el0_loop\nel0_loop:\n"
	"	mov x2, #500\n"
	"1:	subs x2, x2, #1\n"
	"	b.ne 1b\n"
	"	svc #0xff\n");
#define EL0_LOOP_COUNT	1002

/* EL0 with PMUSERENR_EL0 = 0: every PMU access traps but PMUSERENR's read. */
extern void el0_denied(void);
__asm__(".global el0_denied\nel0_denied:\n"
	"	mrs x0, pmccntr_el0\n"
	"	mrs x0, pmcr_el0\n"
	"	msr pmswinc_el0, x0\n"
	"	mrs x0, pmuserenr_el0\n"
	"	msr pmintenset_el1, x0\n"	/* EL1 only: UNDEFINED */
	"	svc #0xff\n");

/* EL0 with PMUSERENR_EL0.{SW,CR}: PMSWINC and PMCCNTR reads work, writes not. */
extern void el0_allowed(void);
__asm__(".global el0_allowed\nel0_allowed:\n"
	"	mrs x0, pmccntr_el0\n"
	"	mov x1, #8\n"
	"	msr pmswinc_el0, x1\n"
	"	msr pmccntr_el0, xzr\n"
	"	svc #0xff\n");

/* MRS/MSR trap ISS (D17.2.37): op0 3, op1 3, CRn 9, the CRm and op2 given, Rt. */
static uint64_t trap_esr(unsigned int crm, unsigned int op2, unsigned int rt, int read)
{
	return (uint64_t)EC_SYSREG << 26 | 1u << 25 | 3u << 20 | op2 << 17 | 3u << 14 |
	       9u << 10 | rt << 5 | crm << 1 | (read ? 1 : 0);
}

static void test_ids(void)
{
	uint64_t pmcr = read_sysreg(pmcr_el0);

	expect("ID_AA64DFR0.PMUVer is PMUv3", (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf, 1);
	expect("PMCR_EL0.N is 6", (pmcr >> 11) & 0x1f, 6);
	expect("PMCEID0 has INST_RETIRED", (read_sysreg(pmceid0_el0) >> EV_INST) & 1, 1);
#ifdef PMU_ARMVISOR
	expect("PMCEID0: SW_INCR, L1D_CACHE, LD/ST_RETIRED, INST_RETIRED, EXC_TAKEN/RETURN, "
	       "CID_WRITE, PC_WRITE, BR_IMMED, BR_RETURN, CPU_CYCLES, TTBR_WRITE",
	       read_sysreg(pmceid0_el0), 0x10027fd1);
	expect("PMCEID1: BR_RETIRED", read_sysreg(pmceid1_el0), 0x2);
	write_sysreg(pmevtyper0_el0, EV_INST | TYPE_NSK);
	expect("PMEVTYPER.NSK is RES0 without EL3", read_sysreg(pmevtyper0_el0), EV_INST);
#endif
}

static void test_loop(void)
{
	uint64_t c0, c1;

	write_sysreg(pmcr_el0, PMCR_E | PMCR_P | PMCR_C | PMCR_LC);
	write_sysreg(pmevtyper0_el0, EV_INST);
	write_sysreg(pmevtyper1_el0, EV_CYCLES);
	isb();
	count_loop(3, 1000);
	c0 = read_sysreg(pmevcntr0_el0);
	c1 = read_sysreg(pmevcntr1_el0);
	print_count("el1 loop 1000 inst_retired", c0);
	expect("INST_RETIRED of a 1000-iteration loop", c0, LOOP_COUNT(1000));
	count_loop(1, 50);
	expect("a disabled counter stays", read_sysreg(pmevcntr1_el0), c1);
	expect("an enabled one goes on", read_sysreg(pmevcntr0_el0), c0 + LOOP_COUNT(50));
#ifdef PMU_ARMVISOR
	expect("CPU_CYCLES: one per insn", c1, LOOP_COUNT(1000));
#endif
	write_sysreg(pmcr_el0, PMCR_E | PMCR_P | PMCR_LC);
	isb();
	expect("PMCR.P zeroes the event counters", read_sysreg(pmevcntr0_el0), 0);
}

/*
 * Not inlined: its EL1 count includes its own code around run_el0, which
 * must be the same in pmu.elf and pmu_av.elf (the shell test compares
 * QEMU's run of one with armvisor's of the other).
 */
static __attribute__((noinline)) void test_filter(void)
{
	uint64_t el1, el0, all;

	write_sysreg(pmcr_el0, PMCR_E | PMCR_P | PMCR_LC);
	write_sysreg(pmevtyper0_el0, EV_INST | TYPE_U);		/* EL1 only */
	write_sysreg(pmevtyper1_el0, EV_INST | TYPE_P);		/* EL0 only */
	write_sysreg(pmevtyper2_el0, EV_INST);
	write_sysreg(pmcntenset_el0, 7);
	isb();
	run_el0(el0_loop);
	write_sysreg(pmcntenclr_el0, 7);
	isb();
	el1 = read_sysreg(pmevcntr0_el0);
	el0 = read_sysreg(pmevcntr1_el0);
	all = read_sysreg(pmevcntr2_el0);
	print_count("filter el1", el1);
	print_count("filter el0", el0);
	print_count("filter all", all);
	expect("P = 1: EL0's insns only, exactly", el0, EL0_LOOP_COUNT);
	expect("unfiltered = EL0 + EL1", all, el0 + el1);
	expect("U = 1: some EL1 insns", el1 > 10, 1);
}

static int implemented(unsigned int ev)
{
	uint64_t id = ev < 32 ? read_sysreg(pmceid0_el0) : read_sysreg(pmceid1_el0);

	return (id >> (ev & 31)) & 1;
}

/* Counter i's event ev: exact when implemented, printed either way. */
static void expect_event(const char *name, unsigned int ev, uint64_t got, uint64_t want)
{
	puts_("event ");
	puts_(name);
	if (!implemented(ev)) {
		puts_(": not implemented\n");
		expect("an event not implemented counts nothing", got, 0);
		return;
	}
	puts_(": ");
	puthex(got);
	puts_("\n");
	expect(name, got, want);
}

static void set_types(const unsigned int *ev, unsigned int n)
{
	write_sysreg(pmcr_el0, PMCR_E | PMCR_P | PMCR_LC);
	write_sysreg(pmevtyper0_el0, ev[0]);
	write_sysreg(pmevtyper1_el0, ev[1]);
	write_sysreg(pmevtyper2_el0, ev[2]);
	if (n > 3) {
		write_sysreg(pmevtyper3_el0, ev[3]);
		write_sysreg(pmevtyper4_el0, ev[4]);
		write_sysreg(pmevtyper5_el0, ev[5]);
	}
	isb();
}

static void test_events(void)
{
	static const unsigned int ev1[] = { EV_INST, EV_LD, EV_ST, EV_BR, EV_PC_WRITE, EV_BR_IMMED };
	static const unsigned int ev2[] = { EV_BR_RETURN, EV_EXC_TAKEN, EV_EXC_RETURN };
	static const unsigned int ev3[] = { EV_CID_WRITE, EV_TTBR_WRITE, EV_INST };
	static const unsigned int ev4[] = { EV_L1D, EV_LD, EV_ST };
	static uint64_t buf[2];
	const uint64_t n = 300;

	set_types(ev1, 6);
	mem_loop(0x3f, n, buf);
	print_count("el1 mem loop 300 inst_retired", read_sysreg(pmevcntr0_el0));
	expect("INST_RETIRED of the load/store loop", read_sysreg(pmevcntr0_el0),
	       MEM_LOOP_COUNT(n));
	expect_event("LD_RETIRED", EV_LD, read_sysreg(pmevcntr1_el0), n);
	expect_event("ST_RETIRED", EV_ST, read_sysreg(pmevcntr2_el0), n);
	expect_event("BR_RETIRED", EV_BR, read_sysreg(pmevcntr3_el0), n + 2);
	expect_event("PC_WRITE_RETIRED", EV_PC_WRITE, read_sysreg(pmevcntr4_el0), n + 1);
	expect_event("BR_IMMED_RETIRED", EV_BR_IMMED, read_sysreg(pmevcntr5_el0), n + 1);

	set_types(ev2, 3);
	mem_loop(0x1, n, buf);
	expect_event("BR_RETURN_RETIRED", EV_BR_RETURN, read_sysreg(pmevcntr0_el0), 1);
	write_sysreg(pmcr_el0, PMCR_E | PMCR_P | PMCR_LC);
	isb();
	ntrail = 0;
	svc_loop(0x6, 20);
	expect("the SVCs were taken (the trail keeps 8)", ntrail, 8);
	expect_event("EXC_TAKEN", EV_EXC_TAKEN, read_sysreg(pmevcntr1_el0), 20);
	expect_event("EXC_RETURN", EV_EXC_RETURN, read_sysreg(pmevcntr2_el0), 20);

	set_types(ev3, 3);
	msr_loop(0x7, 30);
	expect_event("CID_WRITE_RETIRED", EV_CID_WRITE, read_sysreg(pmevcntr0_el0), 30);
	expect_event("TTBR_WRITE_RETIRED", EV_TTBR_WRITE, read_sysreg(pmevcntr1_el0), 30);
	print_count("el1 msr loop 30 inst_retired", read_sysreg(pmevcntr2_el0));
	expect("INST_RETIRED of the MSR loop", read_sysreg(pmevcntr2_el0), 4 * 30 + 2);

	/*
	 * The MMU is off here: every data access is a Device access, none
	 * goes through a cache (with it on, each load and store insn is one
	 * L1D access: tests/unit/test_tcg_pmu_events.c).
	 */
	set_types(ev4, 3);
	mem_loop(0x7, n, buf);
	expect_event("L1D_CACHE", EV_L1D, read_sysreg(pmevcntr0_el0), 0);
	expect("the loop's loads were counted meanwhile", read_sysreg(pmevcntr1_el0),
	       implemented(EV_LD) ? n : 0);
#ifdef PMU_ARMVISOR
	/*
	 * An EL0 program ended by its SVC: the ERET into it and the one out
	 * of the handler are EL1's; its SVC is counted at EL0, where it came
	 * from (docs/pmu.md).
	 */
	write_sysreg(pmevtyper0_el0, EV_EXC_TAKEN | TYPE_P);	/* EL0 only */
	write_sysreg(pmevtyper1_el0, EV_EXC_TAKEN | TYPE_U);	/* EL1 only */
	write_sysreg(pmevtyper2_el0, EV_EXC_RETURN | TYPE_U);
	write_sysreg(pmevtyper3_el0, EV_LD | TYPE_P);
	write_sysreg(pmcr_el0, PMCR_E | PMCR_P | PMCR_LC);
	write_sysreg(pmcntenset_el0, 0xf);
	isb();
	run_el0(el0_loop);
	write_sysreg(pmcntenclr_el0, 0xf);
	isb();
	expect("EXC_TAKEN at EL0: its SVC", read_sysreg(pmevcntr0_el0), 1);
	expect("EXC_TAKEN at EL1: none", read_sysreg(pmevcntr1_el0), 0);
	expect("EXC_RETURN at EL1: into EL0 and back", read_sysreg(pmevcntr2_el0), 2);
	expect("LD_RETIRED at EL0: the loop has none", read_sysreg(pmevcntr3_el0), 0);
#endif
}

static void test_swinc(void)
{
	write_sysreg(pmcr_el0, PMCR_E | PMCR_P | PMCR_LC);
	write_sysreg(pmevtyper3_el0, EV_SW_INCR);
	write_sysreg(pmevtyper4_el0, EV_INST);
	write_sysreg(pmcntenset_el0, 1u << 3);
	isb();
	for (int i = 0; i < 3; i++)
		write_sysreg(pmswinc_el0, (1u << 3) | (1u << 4));
	expect("SW_INCR: three increments", read_sysreg(pmevcntr3_el0), 3);
	expect("PMSWINC leaves other events alone", read_sysreg(pmevcntr4_el0), 0);
	write_sysreg(pmcntenclr_el0, 1u << 3);
	write_sysreg(pmswinc_el0, 1u << 3);
	expect("SW_INCR: a disabled counter stays", read_sysreg(pmevcntr3_el0), 3);
}

static void test_cycles(void)
{
	uint64_t c;

	write_sysreg(pmccfiltr_el0, 0);
	write_sysreg(pmcr_el0, PMCR_E | PMCR_C | PMCR_LC);
	isb();
	expect("PMCR.C zeroes PMCCNTR", read_sysreg(pmccntr_el0), 0);
	count_loop(CYCLE_BIT, 1000);
	c = read_sysreg(pmccntr_el0);
	print_count("ccnt loop 1000", c);
	expect("PMCCNTR counts while enabled", c >= LOOP_COUNT(1000), 1);
#ifdef PMU_ARMVISOR
	expect("PMCCNTR: one cycle per insn", c, LOOP_COUNT(1000));
#endif
	expect("PMCCNTR stops when disabled", read_sysreg(pmccntr_el0), c);
	write_sysreg(pmcr_el0, PMCR_E | PMCR_C | PMCR_LC);
	isb();
	expect("PMCR.C zeroes PMCCNTR again", read_sysreg(pmccntr_el0), 0);
}

static void test_overflow(void)
{
	write_sysreg(pmcr_el0, PMCR_E | PMCR_P | PMCR_LC);
	write_sysreg(pmselr_el0, 2);
	write_sysreg(pmxevtyper_el0, EV_INST);
	write_sysreg(pmxevcntr_el0, 0xfffffff0ull);
	write_sysreg(pmintenset_el1, 1u << 2);
	isb();
	expect("PMXEVCNTR wrote counter 2", read_sysreg(pmevcntr2_el0), 0xfffffff0ull);
	irqs = 0;
	__asm__ volatile("msr daifclr, #2" : : : "memory");
	count_loop(1u << 2, 200);
	__asm__ volatile("msr daifset, #2" : : : "memory");
	expect("overflow: one interrupt", irqs, 1);
	expect("overflow: INTID 23", irq_intid, PPI_PMU);
	expect("overflow: PMOVSSET bit 2", irq_ovs, 1u << 2);
	expect("overflow: PMOVS cleared by the handler", read_sysreg(pmovsset_el0), 0);
	expect("overflow: the counter wrapped", read_sysreg(pmevcntr2_el0) < 0x1000, 1);
	write_sysreg(pmintenclr_el1, 1u << 2);
}

static void test_el0_access(void)
{
	uint64_t before;

	write_sysreg(pmuserenr_el0, 0);
	isb();
	ntrail = 0;
	run_el0(el0_denied);
	expect("EL0 denied: five exceptions", ntrail, 5);
	expect("EL0 MRS PMCCNTR_EL0 traps", trail[0], trap_esr(13, 0, 0, 1));
	expect("EL0 MRS PMCR_EL0 traps", trail[1], trap_esr(12, 0, 0, 1));
	expect("EL0 MSR PMSWINC_EL0 traps", trail[2], trap_esr(12, 4, 0, 0));
	expect("EL0 MSR PMINTENSET_EL1 is UNDEFINED", trail[3] >> 26, 0);

	write_sysreg(pmcr_el0, PMCR_E | PMCR_P | PMCR_LC);
	write_sysreg(pmevtyper3_el0, EV_SW_INCR);
	write_sysreg(pmcntenset_el0, 1u << 3);
	write_sysreg(pmuserenr_el0, (1u << 1) | (1u << 2));	/* SW, CR */
	isb();
	before = read_sysreg(pmevcntr3_el0);
	ntrail = 0;
	run_el0(el0_allowed);
	expect("EL0 with SW, CR: only the PMCCNTR write traps", ntrail, 2);
	expect("EL0 MSR PMCCNTR_EL0 traps", trail[0], trap_esr(13, 0, 31, 0));
	expect("EL0 PMSWINC with SW counts", read_sysreg(pmevcntr3_el0), before + 1);
	write_sysreg(pmuserenr_el0, 0);
	write_sysreg(pmcntenclr_el0, 1u << 3);
	isb();
}

/* Semihosting SYS_EXIT (0x18), ADP_Stopped_ApplicationExit with the status. */
static void sh_exit(uint64_t status)
{
	static uint64_t block[2] = { 0x20026, 0 };
	register uint64_t x0 __asm__("x0") = 0x18;
	register uint64_t x1 __asm__("x1") = (uint64_t)block;

	block[1] = status;
	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

int main(void)
{
	puts_("pmu: GICv");
	puts_(gic_version() == 3 ? "3\n" : "2\n");
	gic_init_dist();
	gic_init_cpu(0);
	gic_enable_irq(0, PPI_PMU, 0x80);
	test_ids();
	test_loop();
	test_filter();
	test_events();
	test_swinc();
	test_cycles();
	test_overflow();
	test_el0_access();
	puts_(fails ? "RESULT: FAIL\n" : "RESULT: PASS\n");
	sh_exit(fails != 0);
	finish();	/* without semihosting: PSCI SYSTEM_OFF */
	return 0;
}
