// SPDX-License-Identifier: GPL-2.0
/*
 * Debug system registers. The debug registers are stored here; each
 * write that can change what they enable tells accel-tcg/debug/
 * (dbg_update), which generates the self-hosted debug exceptions (no
 * halting debug). The PMU's registers are in accel-tcg/pmu/.
 */
#include <stddef.h>

#include "cpu.h"
#include "debug/debug.h"

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
	dbg_update(cpu);
	return INSN_NEXT;
}

/* A register debug/ derives its state from: store, then recompute. */
static int write_dbg(struct cpu_state *cpu, const struct sysreg_desc *d,
		     uint64_t val, uint64_t pc)
{
	int r = sysreg_write_field(cpu, d, val, pc);

	dbg_update(cpu);
	return r;
}

/*
 * MDSCR_EL1 (D13.3.19): keep the fields that exist in v8.0 without
 * halting debug: SS, TDCC, KDE, HDE, MDE, RXfull, TXfull, bit 31.
 */
static int write_mdscr(struct cpu_state *cpu, const struct sysreg_desc *d,
		       uint64_t val, uint64_t pc)
{
	return write_dbg(cpu, d, val & MDSCR_SNAP_MASK, pc);
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
#define DBGREG(n, k, field) { n, k, SR_RW, F(field), NULL, write_dbg, NULL, 0 }
#define BVR(n) DBGREG("DBGBVR" #n "_EL1", DBG(2, 0, 0, n, 4), dbgbvr[n])
#define BCR(n) DBGREG("DBGBCR" #n "_EL1", DBG(2, 0, 0, n, 5), dbgbcr[n])
#define WVR(n) DBGREG("DBGWVR" #n "_EL1", DBG(2, 0, 0, n, 6), dbgwvr[n])
#define WCR(n) DBGREG("DBGWCR" #n "_EL1", DBG(2, 0, 0, n, 7), dbgwcr[n])

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
	DBGREG("OSDLR_EL1", DBG(2, 0, 1, 3, 4), osdlr_el1),
	DBGREG("DBGPRCR_EL1", DBG(2, 0, 1, 4, 4), dbgprcr_el1),
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
