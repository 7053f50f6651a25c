/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EL0/EL1 system registers of the emulated CPU. Owned by sysreg*.c (the
 * tables MRS/MSR go through) and system.c (the system instruction group).
 *
 * A register is found by its encoding key, the 16 bits op0:op1:CRn:CRm:op2
 * exactly as MRS/MSR hold them in bits 20:5 (ARM ARM C5.3). The tables
 * are split by concern: sysreg.c (EL1 control and EL0 state),
 * sysreg_id.c (the ID space), sysreg_debug.c (debug and PMU),
 * timer_regs.c (CNT*), gicv3_icc.c (ICC_*); sysreg_exec.c looks them up
 * and runs the access checks.
 */
#ifndef ACCEL_TCG_SYSREG_H
#define ACCEL_TCG_SYSREG_H

#include <stdbool.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "timer.h"

struct cpu_state;
struct cpu_model;

/* SCTLR_EL1 bits the emulation looks at (ARM ARM D13.2.118). */
#define SCTLR_UMA	(1ull << 9)
#define SCTLR_DZE	(1ull << 14)
#define SCTLR_UCT	(1ull << 15)
#define SCTLR_NTWI	(1ull << 16)
#define SCTLR_NTWE	(1ull << 18)
#define SCTLR_UCI	(1ull << 26)
#define SCTLR_RES1	0x30d00800ull	/* bits 29, 28, 23, 22, 20, 11 in v8.0 */

#define CPACR_FPEN	(3ull << 20)

#define SYSREG_DBG_BRPS	6	/* breakpoints advertised in ID_AA64DFR0 */
#define SYSREG_DBG_WRPS	4	/* watchpoints */

struct sysregs {
	uint64_t sctlr_el1;
	uint64_t tcr_el1;
	uint64_t ttbr0_el1;
	uint64_t ttbr1_el1;
	uint64_t mair_el1;
	uint64_t amair_el1;
	uint64_t vbar_el1;
	uint64_t esr_el1;
	uint64_t far_el1;
	uint64_t elr_el1;
	uint64_t spsr_el1;
	uint64_t cpacr_el1;
	uint64_t tpidr_el0;
	uint64_t tpidrro_el0;
	uint64_t tpidr_el1;
	uint64_t contextidr_el1;
	uint64_t par_el1;
	uint64_t afsr0_el1;
	uint64_t afsr1_el1;
	uint64_t actlr_el1;
	uint64_t csselr_el1;
	uint64_t cntkctl_el1;

	/* Debug (sysreg_debug.c): stored, no debug event is ever generated. */
	uint64_t mdscr_el1;
	uint64_t mdccint_el1;
	uint64_t osdlr_el1;
	uint64_t oslsr_el1;
	uint64_t dbgprcr_el1;
	uint64_t dbgclaim;
	uint64_t dbgbvr[SYSREG_DBG_BRPS];
	uint64_t dbgbcr[SYSREG_DBG_BRPS];
	uint64_t dbgwvr[SYSREG_DBG_WRPS];
	uint64_t dbgwcr[SYSREG_DBG_WRPS];

	/* PMU registers Linux touches; no PMU is advertised (PMUVer = 0). */
	uint64_t pmcr_el0;
	uint64_t pmcnten;
	uint64_t pmovs;
	uint64_t pminten;
	uint64_t pmuserenr_el0;
	uint64_t pmselr_el0;
	uint64_t pmccfiltr_el0;

	/* Set by cpu_model_apply() (NULL: the default model). */
	const struct cpu_model *model;

	/*
	 * Not reset with the registers (sysreg_reset clears up to here):
	 * the generic timer (timer*.c), reset under the VM's timer lock, and
	 * psci.c's claim on this CPU while a CPU_ON starts it.
	 */
	struct vtimer_regs timer;
	_Atomic int psci_starting;
};

/*
 * MRS/MSR handlers. read returns the value; write returns an INSN_* code
 * (INSN_NEXT normally, INSN_BRANCH with cpu->pc set to the next insn
 * when the write must end the block, e.g. unmasking interrupts).
 */
struct sysreg_desc;
typedef uint64_t (*sysreg_read_fn)(struct cpu_state *cpu,
				   const struct sysreg_desc *d);
typedef int (*sysreg_write_fn)(struct cpu_state *cpu,
			       const struct sysreg_desc *d, uint64_t val,
			       uint64_t pc);

/*
 * Access check: SYSREG_OK, SYSREG_UNDEF (EC 0) or SYSREG_TRAP (EC 0x18
 * to EL1), or another EC (e.g. EC_FP_ACCESS) as a positive value + 0x100.
 */
#define SYSREG_OK	0
#define SYSREG_UNDEF	1
#define SYSREG_TRAP	2
#define SYSREG_EC(ec)	(0x100 + (ec))
typedef int (*sysreg_access_fn)(struct cpu_state *cpu,
				const struct sysreg_desc *d, bool write);

/* flags */
#define SR_R		(1u << 0)	/* readable (at EL1) */
#define SR_W		(1u << 1)	/* writable (at EL1) */
#define SR_RW		(SR_R | SR_W)
#define SR_EL0R		(1u << 2)	/* readable at EL0 too */
#define SR_EL0W		(1u << 3)	/* writable at EL0 too */
#define SR_EL0RW	(SR_EL0R | SR_EL0W)

struct sysreg_desc {
	const char *name;
	uint16_t key;
	uint16_t flags;
	uint32_t off;		/* offsetof(struct cpu_state, ...) of plain storage */
	sysreg_read_fn read;	/* NULL: the uint64_t at off */
	sysreg_write_fn write;	/* NULL: store val & ~ro at off */
	sysreg_access_fn access;	/* NULL: flags alone decide */
	uint64_t arg;		/* handler private: an index, a reset value */
};

#define SYSREG_KEY(op0, op1, crn, crm, op2) \
	((uint16_t)(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | \
		    ((crm) << 3) | (op2)))
#define SYSREG_KEY_OP0(k)	(((k) >> 14) & 3)
#define SYSREG_KEY_OP1(k)	(((k) >> 11) & 7)
#define SYSREG_KEY_CRN(k)	(((k) >> 7) & 15)
#define SYSREG_KEY_CRM(k)	(((k) >> 3) & 15)
#define SYSREG_KEY_OP2(k)	((k) & 7)

/* A table of descriptors, for the lookup to walk. */
struct sysreg_table {
	const struct sysreg_desc *regs;
	size_t count;
};

extern const struct sysreg_table sysreg_core_table;	/* sysreg.c */
extern const struct sysreg_table sysreg_debug_table;	/* sysreg_debug.c */
extern const struct sysreg_table sysreg_timer_table;	/* timer_regs.c */
extern const struct sysreg_table sysreg_icc_table;	/* gicv3_icc.c */

/*
 * The register named by key, or NULL when none exists (UNDEFINED). The
 * ID space (op0=3, op1=0, CRn=0, CRm=0..7) always resolves: unassigned
 * encodings read as zero (ARM ARM D12.3.1).
 */
const struct sysreg_desc *sysreg_find(uint16_t key);

/* The ID space lookup (sysreg_id.c), NULL outside it. */
const struct sysreg_desc *sysreg_id_find(uint16_t key);

/* Plain storage accessors, usable as read/write handlers. */
uint64_t sysreg_read_field(struct cpu_state *cpu, const struct sysreg_desc *d);
int sysreg_write_field(struct cpu_state *cpu, const struct sysreg_desc *d,
		       uint64_t val, uint64_t pc);
uint64_t sysreg_read_zero(struct cpu_state *cpu, const struct sysreg_desc *d);
int sysreg_write_ignore(struct cpu_state *cpu, const struct sysreg_desc *d,
			uint64_t val, uint64_t pc);

/* Architectural reset values (ARM ARM D13: SCTLR RES1 bits, OS lock set). */
void sysreg_reset(struct cpu_state *cpu);

/*
 * MRS/MSR execution with the access checks: returns INSN_NEXT, or
 * INSN_EXC after taking the trap, or what a write handler returned.
 */
int sysreg_mrs(struct cpu_state *cpu, const struct sysreg_desc *d,
	       unsigned int rt, uint64_t pc);
int sysreg_msr(struct cpu_state *cpu, const struct sysreg_desc *d,
	       uint64_t val, unsigned int rt, uint64_t pc);

/*
 * Set PSTATE.DAIF (MSR DAIF, DAIFSet, DAIFClr). Returns INSN_BRANCH with
 * cpu->pc = pc + 4 when an interrupt that is now unmasked is pending,
 * so the block ends and the run loop takes it; else INSN_NEXT.
 */
int sysreg_set_daif(struct cpu_state *cpu, uint32_t daif, uint64_t pc);

/* ESR ISS of a trapped MSR/MRS/SYS (EC 0x18, ARM ARM D17.2.37). */
uint32_t sysreg_trap_iss(uint16_t key, unsigned int rt, bool read);

#endif
