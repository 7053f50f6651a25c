// SPDX-License-Identifier: GPL-2.0
/*
 * Debug system registers. Linux saves, restores and resets them at
 * boot; we store them so the accesses behave, but no debug event is
 * ever generated (no halting debug, breakpoints or watchpoints fire).
 * The PMU's registers are in accel-tcg/pmu/.
 */
#include <stddef.h>

#include "cpu.h"

#define F(field)	offsetof(struct cpu_state, sys.field)
#define PLAIN(n, k, fl, field) { n, k, fl, F(field), NULL, NULL, NULL, 0 }
#define DBG(op0, op1, crn, crm, op2)	SYSREG_KEY(op0, op1, crn, crm, op2)

/* OSLSR_EL1: OSLM = 0b10 (bits 3 and 0: OS lock implemented), OSLK bit 1. */
#define OSLSR_OSLM	0x8ull
#define OSLSR_OSLK	0x2ull

/* OSLAR_EL1 (WO): bit 0 sets or clears the OS lock (D13.3.27). */
static int write_oslar(struct cpu_state *cpu, const struct sysreg_desc *d,
		       uint64_t val, uint64_t pc)
{
	(void)d;
	(void)pc;
	cpu->sys.oslsr_el1 = OSLSR_OSLM | (val & 1 ? OSLSR_OSLK : 0);
	return INSN_NEXT;
}

/* MDSCR_EL1: keep the fields that exist in v8.0 without halting debug. */
static int write_mdscr(struct cpu_state *cpu, const struct sysreg_desc *d,
		       uint64_t val, uint64_t pc)
{
	return sysreg_write_field(cpu, d, val & 0xe000d001ull, pc);
}

/* DBGCLAIMSET/CLR: 8 claim tags (D13.3.5). */
static uint64_t read_claim(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	return d->arg ? 0xff : cpu->sys.dbgclaim;
}

static int write_claim(struct cpu_state *cpu, const struct sysreg_desc *d,
		       uint64_t val, uint64_t pc)
{
	(void)pc;
	if (d->arg)
		cpu->sys.dbgclaim |= val & 0xff;
	else
		cpu->sys.dbgclaim &= ~(val & 0xff);
	return INSN_NEXT;
}

/* DBGAUTHSTATUS: non-secure invasive and non-invasive debug enabled. */
static uint64_t read_authstatus(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)cpu;
	(void)d;
	return 0xf;
}

/* Breakpoint/watchpoint value and control registers, n = 0..count-1. */
#define BVR(n) PLAIN("DBGBVR" #n "_EL1", DBG(2, 0, 0, n, 4), SR_RW, dbgbvr[n])
#define BCR(n) PLAIN("DBGBCR" #n "_EL1", DBG(2, 0, 0, n, 5), SR_RW, dbgbcr[n])
#define WVR(n) PLAIN("DBGWVR" #n "_EL1", DBG(2, 0, 0, n, 6), SR_RW, dbgwvr[n])
#define WCR(n) PLAIN("DBGWCR" #n "_EL1", DBG(2, 0, 0, n, 7), SR_RW, dbgwcr[n])

static const struct sysreg_desc debug_regs[] = {
	PLAIN("MDCCINT_EL1", DBG(2, 0, 0, 2, 0), SR_RW, mdccint_el1),
	{ "MDSCR_EL1", DBG(2, 0, 0, 2, 2), SR_RW, F(mdscr_el1),
	  NULL, write_mdscr, NULL, 0 },
	BVR(0), BCR(0), WVR(0), WCR(0),
	BVR(1), BCR(1), WVR(1), WCR(1),
	BVR(2), BCR(2), WVR(2), WCR(2),
	BVR(3), BCR(3), WVR(3), WCR(3),
	BVR(4), BCR(4),
	BVR(5), BCR(5),
	{ "MDRAR_EL1", DBG(2, 0, 1, 0, 0), SR_R, 0,
	  sysreg_read_zero, NULL, NULL, 0 },
	{ "OSLAR_EL1", DBG(2, 0, 1, 0, 4), SR_W, 0,
	  NULL, write_oslar, NULL, 0 },
	{ "OSLSR_EL1", DBG(2, 0, 1, 1, 4), SR_R, F(oslsr_el1),
	  NULL, NULL, NULL, 0 },
	PLAIN("OSDLR_EL1", DBG(2, 0, 1, 3, 4), SR_RW, osdlr_el1),
	PLAIN("DBGPRCR_EL1", DBG(2, 0, 1, 4, 4), SR_RW, dbgprcr_el1),
	{ "DBGCLAIMSET_EL1", DBG(2, 0, 7, 8, 6), SR_RW, 0,
	  read_claim, write_claim, NULL, 1 },
	{ "DBGCLAIMCLR_EL1", DBG(2, 0, 7, 9, 6), SR_RW, 0,
	  read_claim, write_claim, NULL, 0 },
	{ "DBGAUTHSTATUS_EL1", DBG(2, 0, 7, 14, 6), SR_R, 0,
	  read_authstatus, NULL, NULL, 0 },
	{ "MDCCSR_EL0", DBG(2, 3, 0, 1, 0), SR_R, 0,
	  sysreg_read_zero, NULL, NULL, 0 },
};

const struct sysreg_table sysreg_debug_table = {
	debug_regs, sizeof(debug_regs) / sizeof(debug_regs[0])
};
