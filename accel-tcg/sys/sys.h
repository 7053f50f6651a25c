/* SPDX-License-Identifier: GPL-2.0 */
/*
 * accel-tcg/sys: the system side of the emulated CPU, its one header.
 * Four concerns, in this order: the generic timer (timer.c,
 * timer_regs.c), the system registers (sysreg*.c, system*.c,
 * exception.c), PSCI (psci.c) and the -cpu models (cpu_model.c).
 * cpu.h includes this file for struct sysregs: it uses struct
 * cpu_state only through pointers.
 */
#ifndef ACCEL_TCG_SYS_SYS_H
#define ACCEL_TCG_SYS_SYS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "pmu/pmu.h"

struct cpu_model;
struct cpu_state;
struct insn;
struct sysreg_desc;
struct tcg_vm;
struct vtimer;

/* ==== The generic timer ==== */

/*
 * The generic timer (ARM ARM D11): a 62.5 MHz system counter from the
 * host's monotonic clock, CNTVOFF = 0 (virtual count = physical count),
 * and per CPU the EL1 physical timer (PPI 30) and the virtual timer
 * (PPI 27). One thread per VM sleeps until the earliest deadline and
 * raises the PPI through the GIC, so a timer fires while its vCPU runs
 * guest code or sleeps in WFI.
 *
 * The registers a CPU programs live in its struct cpu_state (sysregs
 * below); the VM-wide struct vtimer holds the counter origin, the lock
 * and the thread.
 */

#define VTIMER_PHYS	0
#define VTIMER_VIRT	1

/* CNTx_CTL_EL0 bits (D13.8.x). */
#define CNT_CTL_ENABLE	(1u << 0)
#define CNT_CTL_IMASK	(1u << 1)
#define CNT_CTL_ISTATUS	(1u << 2)

/* Per-CPU timer registers, embedded in struct sysregs. */
struct vtimer_regs {
	uint32_t ctl[2];	/* ENABLE, IMASK as written */
	uint64_t cval[2];
	uint8_t level[2];	/* the PPI level last driven */
};

/*
 * Start the timer thread of tvm (tvm->vtimer). The counter starts at 0
 * now. The thread looks the CPUs up with tcg_vm_cpu() and drives their
 * PPIs through tvm->gic.
 */
int vtimer_create(struct tcg_vm *tvm, struct av_err *err);
void vtimer_destroy(struct vtimer *vt);

/* Reset cpu's timers (disabled, CVAL 0) and drop their PPIs. */
void vtimer_reset_cpu(struct cpu_state *cpu);

/* The system counter (CNTPCT_EL0 = CNTVCT_EL0) as cpu reads it. */
uint64_t vtimer_count(const struct cpu_state *cpu);

/* ==== Snapshots (cpu_snap.c, include/snapshot.h) ==== */

struct snap_cpu;
struct snap_id_regs;

/*
 * cpu's state to / from a snapshot (all vCPUs out of guest code). A load
 * refuses a PSTATE this CPU cannot be in, another MPIDR, and a nonzero
 * system register it does not have; the caller then drops translated
 * code and TLBs and sets the count (vtimer_snap_set_count).
 */
int tcg_cpu_snap_save(struct cpu_state *cpu, struct snap_cpu *s, struct av_err *err);
int tcg_cpu_snap_load(struct cpu_state *cpu, const struct snap_cpu *s,
		      struct av_err *err);
/* The ID registers cpu presents (MIDR, ID_AA64*, CTR, CLIDR, DCZID). */
void tcg_cpu_snap_ids(struct cpu_state *cpu, struct snap_id_regs *id);
/*
 * Make the system counter read count now and re-evaluate every timer,
 * so a restored guest's CNTVCT continues from where it was saved.
 */
void vtimer_snap_set_count(struct tcg_vm *tvm, uint64_t count);

/* ==== System registers ==== */

/*
 * EL0/EL1 system registers of the emulated CPU. Owned by sysreg*.c (the
 * tables MRS/MSR go through) and system.c (the system instruction group).
 *
 * A register is found by its encoding key, the 16 bits op0:op1:CRn:CRm:op2
 * exactly as MRS/MSR hold them in bits 20:5 (ARM ARM C5.3). The tables
 * are split by concern: sysreg.c (EL1 control and EL0 state),
 * sysreg_id.c (the ID space), sysreg_debug.c (debug),
 * pmu/pmu_regs.c (the PMU),
 * timer_regs.c (CNT*), gicv3_icc.c (ICC_*); sysreg_exec.c looks them up
 * and runs the access checks.
 */

/* SCTLR_EL1 bits the emulation looks at (ARM ARM D13.2.118). */
#define SCTLR_M		(1ull << 0)
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
#define SYSREG_DBG_CTX	2	/* context-aware breakpoints: the highest ones */

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

	/* Debug (sysreg_debug.c); the exceptions they enable are debug/'s. */
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
	uint8_t dbg_watch;	/* debug/: a watchpoint is enabled (dbg_update) */

	/* The PMU (accel-tcg/pmu/): registers and counting state. */
	struct pmu pmu;

	/* Set by cpu_model_apply() (NULL: the default model). */
	const struct cpu_model *model;

	/*
	 * Not reset with the registers (sysreg_reset clears up to here):
	 * the generic timer (timer*.c), reset under the VM's timer lock, and
	 * psci.c's claim on this CPU while a CPU_ON starts it, with the
	 * entry point and context id the CPU boots from (EXIT_REQ_BOOT).
	 */
	struct vtimer_regs timer;
	_Atomic int psci_starting;
	uint64_t psci_entry;
	uint64_t psci_ctx;
};

/*
 * MRS/MSR handlers. read returns the value; write returns an INSN_* code
 * (INSN_NEXT normally, INSN_BRANCH with cpu->pc set to the next insn
 * when the write must end the block, e.g. unmasking interrupts).
 */
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
/* MRS, MSR (register): in->sys.desc, rd = Rt (system.c; jit-x86_64 inlines plain ones). */
int sys_mrs(struct cpu_state *cpu, const struct insn *in);
int sys_msr(struct cpu_state *cpu, const struct insn *in);

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

/* ==== PSCI ==== */

/*
 * PSCI 1.0 over HVC (Arm DEN 0022D), as QEMU's virt board provides it
 * with psci-conduit=hvc: the firmware interface Linux uses to power
 * CPUs on and off and to power off or reset the machine.
 */

/* PSCI return codes (DEN 0022D, 5.2.2). */
#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMS	(-2)
#define PSCI_DENIED		(-3)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)
#define PSCI_INTERNAL_FAILURE	(-6)

/* Function IDs (SMC64 forms where they exist). */
#define PSCI_VERSION		0x84000000u
#define PSCI_CPU_SUSPEND_32	0x84000001u
#define PSCI_CPU_SUSPEND_64	0xc4000001u
#define PSCI_CPU_OFF		0x84000002u
#define PSCI_CPU_ON_32		0x84000003u
#define PSCI_CPU_ON_64		0xc4000003u
#define PSCI_AFFINITY_INFO_32	0x84000004u
#define PSCI_AFFINITY_INFO_64	0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE	0x84000006u
#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_SYSTEM_RESET	0x84000009u
#define PSCI_FEATURES		0x8400000au

/*
 * Execute the PSCI call in x0 (args x1..x3) made by the HVC at pc; the
 * result goes to x0. Returns the INSN_* code for the HVC handler
 * (INSN_EXIT when this CPU powered off or the VM stops).
 */
int psci_call(struct cpu_state *cpu, uint64_t pc);

/*
 * Serve the semihosting call (W0, X1) made by the HLT #0xF000 at pc
 * (sys/semihost.c); the result goes to x0. Returns the INSN_* code
 * (INSN_EXIT when the call ended the VM).
 */
int semihost_call(struct cpu_state *cpu, uint64_t pc);

/*
 * The target of a CPU_ON boots itself: its run loop calls this on its own
 * thread when it sees EXIT_REQ_BOOT (reset, then entry point and context
 * id, then powered on), so no other thread touches its blocks or TLB.
 */
void psci_boot_self(struct cpu_state *cpu);

/* ==== -cpu models ==== */

/*
 * -cpu models of the emulated CPU. Every model is the same plain ARMv8.0
 * CPU (what accel-tcg implements); a model only changes the registers
 * that identify a part and describe its caches: MIDR, REVIDR, CTR_EL0,
 * CLIDR_EL1, CCSIDR_EL1 (values of the real cores, as QEMU 7.2 models
 * them in target/arm/cpu64.c).
 */

#define CPU_MODEL_CACHES	3	/* CSSELR index 0 L1D, 1 L1I, 2 L2 */

struct cpu_model {
	const char *name;
	uint32_t midr;
	uint32_t revidr;
	uint32_t ctr;
	uint32_t clidr;
	uint32_t ccsidr[CPU_MODEL_CACHES];
};

/* DC ZVA block: 2^4 words = 64 bytes (DCZID_EL0.BS, D13.2.34). */
#define CPU_DCZID_BS		4
#define CPU_DCZ_BYTES		(4u << CPU_DCZID_BS)

/* The model called name ("cortex-a57", "cortex-a53", "cortex-a72", "max"). */
const struct cpu_model *cpu_model_find(const char *name);

/* The default model (cortex-a57, as for QEMU's virt with -cpu unset). */
const struct cpu_model *cpu_model_default(void);

/*
 * Give cpu the identity of model name (NULL or "": the default): MIDR,
 * cache geometry. -EINVAL with a message listing the models otherwise.
 */
int cpu_model_apply(struct cpu_state *cpu, const char *name, struct av_err *err);

/* The model of cpu (the default when none was applied). */
const struct cpu_model *cpu_model_of(const struct cpu_state *cpu);

/* CCSIDR_EL1 for a CSSELR_EL1 value; 0 for a cache that does not exist. */
uint32_t cpu_model_ccsidr(const struct cpu_model *m, uint64_t csselr);

/* DCZID_EL0 as cpu reads it now (DZP reflects SCTLR_EL1.DZE at EL0). */
uint64_t cpu_model_dczid(const struct cpu_state *cpu);

#endif
