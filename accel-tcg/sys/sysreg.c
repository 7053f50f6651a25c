// SPDX-License-Identifier: GPL-2.0
/*
 * MRS/MSR: register lookup, access checks, and the EL1 control / EL0
 * state registers (ARM ARM D13.2 for each register's fields).
 */
#include <stddef.h>
#include <string.h>

#include "cpu.h"
#include "sys.h"
#include "fpsimd/fpsimd.h"
#include "log.h"
#include "engine/engine.h"
#include "mem/mem.h"

#define F(field)	offsetof(struct cpu_state, sys.field)

uint64_t sysreg_read_field(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	uint64_t v;

	memcpy(&v, (char *)cpu + d->off, sizeof(v));
	return v;
}

int sysreg_write_field(struct cpu_state *cpu, const struct sysreg_desc *d,
		       uint64_t val, uint64_t pc)
{
	(void)pc;
	memcpy((char *)cpu + d->off, &val, sizeof(val));
	return INSN_NEXT;
}

uint64_t sysreg_read_zero(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)cpu;
	(void)d;
	return 0;
}

int sysreg_write_ignore(struct cpu_state *cpu, const struct sysreg_desc *d,
			uint64_t val, uint64_t pc)
{
	(void)cpu;
	(void)d;
	(void)val;
	(void)pc;
	return INSN_NEXT;
}

/*
 * TTBR0/1_EL1: the ASID-tagged TLB stays valid (Linux issues the TLBIs
 * the architecture asks for), but blocks found by virtual PC may now be
 * the wrong ones: the jump cache follows the new pair (engine.h).
 */
static int write_ttbr(struct cpu_state *cpu, const struct sysreg_desc *d,
		      uint64_t val, uint64_t pc)
{
	sysreg_write_field(cpu, d, val, pc);
	mmu_asid_sync(cpu);
	tb_jmp_cache_switch(cpu);
	return INSN_NEXT;
}

/*
 * SCTLR_EL1 and TCR_EL1 change the translation regime itself (MMU on or
 * off, granule, VA size): cached translations, including the flat ones
 * made with the MMU off, are dropped when the value changes.
 */
static int write_regime(struct cpu_state *cpu, const struct sysreg_desc *d,
			uint64_t val, uint64_t pc)
{
	if (sysreg_read_field(cpu, d) == val)
		return INSN_NEXT;
	sysreg_write_field(cpu, d, val, pc);
	tlb_flush_all(cpu);
	return INSN_NEXT;
}

static int write_sctlr(struct cpu_state *cpu, const struct sysreg_desc *d,
		       uint64_t val, uint64_t pc)
{
	return write_regime(cpu, d, val | SCTLR_RES1, pc);
}

/* CPACR_EL1: only FPEN exists in v8.0 without trace (D13.2.30). */
static int write_cpacr(struct cpu_state *cpu, const struct sysreg_desc *d,
		       uint64_t val, uint64_t pc)
{
	return sysreg_write_field(cpu, d, val & CPACR_FPEN, pc);
}

/* VBAR_EL1 bits 10:0 are RES0: the table is 2 KiB aligned (D13.2.143). */
static int write_vbar(struct cpu_state *cpu, const struct sysreg_desc *d,
		      uint64_t val, uint64_t pc)
{
	return sysreg_write_field(cpu, d, val & ~0x7ffull, pc);
}

/* SP_EL0 is only accessible when it is not the current SP (C5.2.16). */
static int access_sp_el0(struct cpu_state *cpu, const struct sysreg_desc *d,
			 bool write)
{
	(void)d;
	(void)write;
	return cpu->pstate & PSTATE_SP ? SYSREG_OK : SYSREG_UNDEF;
}

static uint64_t read_sp_el0(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return cpu->sp_el[0];
}

static int write_sp_el0(struct cpu_state *cpu, const struct sysreg_desc *d,
			uint64_t val, uint64_t pc)
{
	(void)d;
	(void)pc;
	cpu->sp_el[0] = val;
	return INSN_NEXT;
}

static uint64_t read_spsel(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return cpu->pstate & PSTATE_SP;
}

static int write_spsel(struct cpu_state *cpu, const struct sysreg_desc *d,
		       uint64_t val, uint64_t pc)
{
	(void)d;
	(void)pc;
	cpu_set_pstate(cpu, (cpu->pstate & ~PSTATE_SP) | (val & 1 ? PSTATE_SP : 0));
	return INSN_NEXT;
}

static uint64_t read_currentel(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return (uint64_t)cpu->el << 2;
}

static uint64_t read_nzcv(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return cpu->nzcv & PSTATE_NZCV;
}

static int write_nzcv(struct cpu_state *cpu, const struct sysreg_desc *d,
		      uint64_t val, uint64_t pc)
{
	(void)d;
	(void)pc;
	cpu->nzcv = (uint32_t)val & PSTATE_NZCV;
	return INSN_NEXT;
}

static uint64_t read_daif(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return cpu->pstate & PSTATE_DAIF;
}

static int write_daif(struct cpu_state *cpu, const struct sysreg_desc *d,
		      uint64_t val, uint64_t pc)
{
	(void)d;
	return sysreg_set_daif(cpu, (uint32_t)val & PSTATE_DAIF, pc);
}

/*
 * New DAIF mask. Unmasking with an interrupt pending ends the block so
 * that the run loop takes it before the next insn (D1.13.4: the change
 * is seen by the following insns).
 */
int sysreg_set_daif(struct cpu_state *cpu, uint32_t daif, uint64_t pc)
{
	uint32_t unmasked = cpu->pstate & ~daif & PSTATE_DAIF;

	cpu->pstate = (cpu->pstate & ~PSTATE_DAIF) | daif;
	if (((unmasked & PSTATE_I) && atomic_load(&cpu->irq_level)) ||
	    ((unmasked & PSTATE_F) && atomic_load(&cpu->fiq_level))) {
		cpu->pc = pc + 4;
		return INSN_BRANCH;
	}
	return INSN_NEXT;
}

/* EL0 access to DAIF needs SCTLR_EL1.UMA (D13.2.118), else EC 0x18. */
static int access_daif(struct cpu_state *cpu, const struct sysreg_desc *d,
		       bool write)
{
	(void)d;
	(void)write;
	if (cpu->el == 0 && !(cpu->sys.sctlr_el1 & SCTLR_UMA))
		return SYSREG_TRAP;
	return SYSREG_OK;
}

/* FPCR/FPSR obey CPACR_EL1.FPEN like any FP insn (D13.2.30). */
static int access_fp(struct cpu_state *cpu, const struct sysreg_desc *d,
		     bool write)
{
	(void)d;
	(void)write;
	return fp_access_ok(cpu) ? SYSREG_OK : SYSREG_EC(EC_FP_ACCESS);
}

static uint64_t read_fpcr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return cpu->fpcr;
}

/* FPCR: AHP, DN, FZ, RMode, the trap enables are RAZ/WI (no traps). */
static int write_fpcr(struct cpu_state *cpu, const struct sysreg_desc *d,
		      uint64_t val, uint64_t pc)
{
	(void)d;
	(void)pc;
	cpu->fpcr = (uint32_t)val & FPCR_MASK;
	return INSN_NEXT;
}

static uint64_t read_fpsr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return cpu->fpsr;
}

/* FPSR: NZCV (AArch32 only, kept), QC, and the cumulative flags. */
static int write_fpsr(struct cpu_state *cpu, const struct sysreg_desc *d,
		      uint64_t val, uint64_t pc)
{
	(void)d;
	(void)pc;
	cpu->fpsr = (uint32_t)val & FPSR_MASK;
	return INSN_NEXT;
}

/* ISR_EL1: pending IRQ (bit 7) and FIQ (bit 6) as the GIC signals them. */
static uint64_t read_isr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return (atomic_load(&cpu->irq_level) ? 0x80u : 0) |
	       (atomic_load(&cpu->fiq_level) ? 0x40u : 0);
}

/* CTR_EL0 at EL0 needs SCTLR_EL1.UCT, else EC 0x18. */
static int access_ctr(struct cpu_state *cpu, const struct sysreg_desc *d,
		      bool write)
{
	(void)d;
	(void)write;
	if (cpu->el == 0 && !(cpu->sys.sctlr_el1 & SCTLR_UCT))
		return SYSREG_TRAP;
	return SYSREG_OK;
}

static uint64_t read_ctr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return cpu_model_of(cpu)->ctr;
}

static uint64_t read_dczid(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return cpu_model_dczid(cpu);
}

static uint64_t read_clidr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return cpu_model_of(cpu)->clidr;
}

static uint64_t read_ccsidr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return cpu_model_ccsidr(cpu_model_of(cpu), cpu->sys.csselr_el1);
}

/* CSSELR_EL1: Level (3:1) and InD (0). */
static int write_csselr(struct cpu_state *cpu, const struct sysreg_desc *d,
			uint64_t val, uint64_t pc)
{
	return sysreg_write_field(cpu, d, val & 0xf, pc);
}

#define PLAIN(n, k, fl, field) { n, k, fl, F(field), NULL, NULL, NULL, 0 }

static const struct sysreg_desc core_regs[] = {
	{ "SCTLR_EL1", SYSREG_KEY(3, 0, 1, 0, 0), SR_RW, F(sctlr_el1),
	  NULL, write_sctlr, NULL, 0 },
	PLAIN("ACTLR_EL1", SYSREG_KEY(3, 0, 1, 0, 1), SR_RW, actlr_el1),
	{ "CPACR_EL1", SYSREG_KEY(3, 0, 1, 0, 2), SR_RW, F(cpacr_el1),
	  NULL, write_cpacr, NULL, 0 },
	{ "TTBR0_EL1", SYSREG_KEY(3, 0, 2, 0, 0), SR_RW, F(ttbr0_el1),
	  NULL, write_ttbr, NULL, 0 },
	{ "TTBR1_EL1", SYSREG_KEY(3, 0, 2, 0, 1), SR_RW, F(ttbr1_el1),
	  NULL, write_ttbr, NULL, 0 },
	{ "TCR_EL1", SYSREG_KEY(3, 0, 2, 0, 2), SR_RW, F(tcr_el1),
	  NULL, write_regime, NULL, 0 },
	PLAIN("SPSR_EL1", SYSREG_KEY(3, 0, 4, 0, 0), SR_RW, spsr_el1),
	PLAIN("ELR_EL1", SYSREG_KEY(3, 0, 4, 0, 1), SR_RW, elr_el1),
	{ "SP_EL0", SYSREG_KEY(3, 0, 4, 1, 0), SR_RW, 0,
	  read_sp_el0, write_sp_el0, access_sp_el0, 0 },
	{ "SPSel", SYSREG_KEY(3, 0, 4, 2, 0), SR_RW, 0,
	  read_spsel, write_spsel, NULL, 0 },
	{ "CurrentEL", SYSREG_KEY(3, 0, 4, 2, 2), SR_R, 0,
	  read_currentel, NULL, NULL, 0 },
	PLAIN("AFSR0_EL1", SYSREG_KEY(3, 0, 5, 1, 0), SR_RW, afsr0_el1),
	PLAIN("AFSR1_EL1", SYSREG_KEY(3, 0, 5, 1, 1), SR_RW, afsr1_el1),
	PLAIN("ESR_EL1", SYSREG_KEY(3, 0, 5, 2, 0), SR_RW, esr_el1),
	PLAIN("FAR_EL1", SYSREG_KEY(3, 0, 6, 0, 0), SR_RW, far_el1),
	PLAIN("PAR_EL1", SYSREG_KEY(3, 0, 7, 4, 0), SR_RW, par_el1),
	PLAIN("MAIR_EL1", SYSREG_KEY(3, 0, 10, 2, 0), SR_RW, mair_el1),
	PLAIN("AMAIR_EL1", SYSREG_KEY(3, 0, 10, 3, 0), SR_RW, amair_el1),
	{ "VBAR_EL1", SYSREG_KEY(3, 0, 12, 0, 0), SR_RW, F(vbar_el1),
	  NULL, write_vbar, NULL, 0 },
	{ "ISR_EL1", SYSREG_KEY(3, 0, 12, 1, 0), SR_R, 0,
	  read_isr, NULL, NULL, 0 },
	PLAIN("CONTEXTIDR_EL1", SYSREG_KEY(3, 0, 13, 0, 1), SR_RW, contextidr_el1),
	PLAIN("TPIDR_EL1", SYSREG_KEY(3, 0, 13, 0, 4), SR_RW, tpidr_el1),
	{ "CCSIDR_EL1", SYSREG_KEY(3, 1, 0, 0, 0), SR_R, 0,
	  read_ccsidr, NULL, NULL, 0 },
	{ "CLIDR_EL1", SYSREG_KEY(3, 1, 0, 0, 1), SR_R, 0,
	  read_clidr, NULL, NULL, 0 },
	{ "AIDR_EL1", SYSREG_KEY(3, 1, 0, 0, 7), SR_R, 0,
	  sysreg_read_zero, NULL, NULL, 0 },
	{ "CSSELR_EL1", SYSREG_KEY(3, 2, 0, 0, 0), SR_RW, F(csselr_el1),
	  NULL, write_csselr, NULL, 0 },
	{ "CTR_EL0", SYSREG_KEY(3, 3, 0, 0, 1), SR_R | SR_EL0R, 0,
	  read_ctr, NULL, access_ctr, 0 },
	{ "DCZID_EL0", SYSREG_KEY(3, 3, 0, 0, 7), SR_R | SR_EL0R, 0,
	  read_dczid, NULL, NULL, 0 },
	{ "NZCV", SYSREG_KEY(3, 3, 4, 2, 0), SR_RW | SR_EL0RW, 0,
	  read_nzcv, write_nzcv, NULL, 0 },
	{ "DAIF", SYSREG_KEY(3, 3, 4, 2, 1), SR_RW | SR_EL0RW, 0,
	  read_daif, write_daif, access_daif, 0 },
	{ "FPCR", SYSREG_KEY(3, 3, 4, 4, 0), SR_RW | SR_EL0RW, 0,
	  read_fpcr, write_fpcr, access_fp, 0 },
	{ "FPSR", SYSREG_KEY(3, 3, 4, 4, 1), SR_RW | SR_EL0RW, 0,
	  read_fpsr, write_fpsr, access_fp, 0 },
	PLAIN("TPIDR_EL0", SYSREG_KEY(3, 3, 13, 0, 2), SR_RW | SR_EL0RW, tpidr_el0),
	PLAIN("TPIDRRO_EL0", SYSREG_KEY(3, 3, 13, 0, 3), SR_RW | SR_EL0R, tpidrro_el0),
};

const struct sysreg_table sysreg_core_table = {
	core_regs, sizeof(core_regs) / sizeof(core_regs[0])
};
