/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Snapshots: the machine state both accelerators save and restore, in a
 * form neither of them owns (docs/snapshot.md).
 *
 * The seam (include/accel.h, accel_ops.snap_save / snap_load) moves the
 * vCPUs, the interrupt controller and the generic timer between an
 * accelerator and a struct snap_machine. Everything else (RAM, the
 * devices, the file) is the machine's, so a snapshot taken under TCG
 * can be loaded under KVM and back: the values here are architectural
 * (Arm ARM register values, GIC register values as IHI 0069 / IHI 0048
 * define them), never an accelerator's private encoding.
 */
#ifndef ARMVISOR_SNAPSHOT_H
#define ARMVISOR_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct vm;

/* ==== vCPUs ==== */

/*
 * A system register's encoding, op0:op1:CRn:CRm:op2 packed as MRS/MSR
 * hold them in bits 20:5 (ARM ARM C5.3), which is also the low 16 bits of
 * KVM's ARM64_SYS_REG() one-reg index (arch/arm64/include/uapi/asm/kvm.h:
 * op0 << 14 | op1 << 11 | CRn << 7 | CRm << 3 | op2), so KVM uses it as is.
 */
#define SNAP_SYSREG(op0, op1, crn, crm, op2) \
	((uint16_t)(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | \
		    ((crm) << 3) | (op2)))

/* The EL0/EL1 registers every snapshot carries (more may follow). */
#define SNAP_SCTLR_EL1		SNAP_SYSREG(3, 0, 1, 0, 0)
#define SNAP_ACTLR_EL1		SNAP_SYSREG(3, 0, 1, 0, 1)
#define SNAP_CPACR_EL1		SNAP_SYSREG(3, 0, 1, 0, 2)
#define SNAP_TTBR0_EL1		SNAP_SYSREG(3, 0, 2, 0, 0)
#define SNAP_TTBR1_EL1		SNAP_SYSREG(3, 0, 2, 0, 1)
#define SNAP_TCR_EL1		SNAP_SYSREG(3, 0, 2, 0, 2)
#define SNAP_AFSR0_EL1		SNAP_SYSREG(3, 0, 5, 1, 0)
#define SNAP_AFSR1_EL1		SNAP_SYSREG(3, 0, 5, 1, 1)
#define SNAP_ESR_EL1		SNAP_SYSREG(3, 0, 5, 2, 0)
#define SNAP_FAR_EL1		SNAP_SYSREG(3, 0, 6, 0, 0)
#define SNAP_PAR_EL1		SNAP_SYSREG(3, 0, 7, 4, 0)
#define SNAP_MAIR_EL1		SNAP_SYSREG(3, 0, 10, 2, 0)
#define SNAP_AMAIR_EL1		SNAP_SYSREG(3, 0, 10, 3, 0)
#define SNAP_VBAR_EL1		SNAP_SYSREG(3, 0, 12, 0, 0)
#define SNAP_CONTEXTIDR_EL1	SNAP_SYSREG(3, 0, 13, 0, 1)
#define SNAP_TPIDR_EL1		SNAP_SYSREG(3, 0, 13, 0, 4)
#define SNAP_CNTKCTL_EL1	SNAP_SYSREG(3, 0, 14, 1, 0)
#define SNAP_CSSELR_EL1		SNAP_SYSREG(3, 2, 0, 0, 0)
#define SNAP_TPIDR_EL0		SNAP_SYSREG(3, 3, 13, 0, 2)
#define SNAP_TPIDRRO_EL0	SNAP_SYSREG(3, 3, 13, 0, 3)
#define SNAP_MDSCR_EL1		SNAP_SYSREG(2, 0, 0, 2, 2)
#define SNAP_MDCCINT_EL1	SNAP_SYSREG(2, 0, 0, 2, 0)
#define SNAP_OSLSR_EL1		SNAP_SYSREG(2, 0, 1, 1, 4)
#define SNAP_OSDLR_EL1		SNAP_SYSREG(2, 0, 1, 3, 4)
#define SNAP_PMCR_EL0		SNAP_SYSREG(3, 3, 9, 12, 0)
#define SNAP_PMUSERENR_EL0	SNAP_SYSREG(3, 3, 9, 14, 0)
/*
 * The generic timer's frequency the guest calibrated its clocks with
 * (ARM ARM D11.1.2: firmware programs it once; Linux reads it at boot).
 * Neither accelerator can show the guest another value (KVM's guest reads
 * the host's register), so it is recorded, and a load where it differs is
 * refused: time would run at the wrong speed.
 */
#define SNAP_CNTFRQ_EL0		SNAP_SYSREG(3, 3, 14, 0, 0)

/* Room for the EL1/EL0 state plus debug break/watchpoints and PMU. */
#define SNAP_MAX_SYSREGS	96

struct snap_sysreg {
	uint16_t key;			/* SNAP_SYSREG() encoding */
	uint64_t val;
};

/*
 * The registers that say which CPU the guest was shown (ARM ARM D13.2):
 * restore refuses a snapshot whose guest saw features the target cannot
 * present, naming the register and field (snap_id_check).
 */
struct snap_id_regs {
	uint64_t midr;
	uint64_t revidr;
	uint64_t pfr0, pfr1;		/* ID_AA64PFR0/1_EL1 */
	uint64_t dfr0, dfr1;		/* ID_AA64DFR0/1_EL1 */
	uint64_t isar0, isar1, isar2;	/* ID_AA64ISAR0/1/2_EL1 */
	uint64_t mmfr0, mmfr1, mmfr2;	/* ID_AA64MMFR0/1/2_EL1 */
	uint64_t ctr;			/* CTR_EL0 */
	uint64_t clidr;			/* CLIDR_EL1 */
	uint64_t dczid;			/* DCZID_EL0 (DZP masked off) */
};

/* The generic timer's two EL1 timers (ARM ARM D11.2). */
#define SNAP_TIMER_PHYS		0	/* CNTP_*_EL0, PPI 30 */
#define SNAP_TIMER_VIRT		1	/* CNTV_*_EL0, PPI 27 */

struct snap_timer {
	/*
	 * CNTVCT_EL0 as the guest read it when the state was taken. A load
	 * sets the virtual offset so the guest's count continues from here
	 * (it never runs backwards); CNTPCT continues alike, since both the
	 * TCG counter and a guest under KVM see CNTVOFF-adjusted time.
	 */
	uint64_t cntvct;
	uint32_t ctl[2];		/* CNTx_CTL_EL0: ENABLE, IMASK */
	uint64_t cval[2];		/* CNTx_CVAL_EL0 */
};

/* PSCI power state of a vCPU (Arm DEN 0022D 5.1.5 AFFINITY_INFO). */
#define SNAP_CPU_OFF		0
#define SNAP_CPU_ON		1

struct snap_cpu {
	uint64_t x[31];
	uint64_t sp_el0, sp_el1;
	uint64_t pc;
	uint64_t pstate;		/* SPSR_EL1 layout: NZCV, DAIF, M[3:0] */
	uint64_t elr_el1, spsr_el1;
	uint8_t v[32][16];		/* V0-V31, little-endian bytes */
	uint32_t fpsr, fpcr;

	unsigned int nsysregs;
	struct snap_sysreg sysregs[SNAP_MAX_SYSREGS];

	struct snap_timer timer;
	int power;			/* SNAP_CPU_OFF / SNAP_CPU_ON */
	uint64_t mpidr;			/* MPIDR_EL1, to check the topology */
	struct snap_id_regs id;
};

/* ==== The interrupt controller ==== */

#define SNAP_GIC_NR_LOCAL	32	/* SGIs 0-15 and PPIs 16-31, per CPU */
#define SNAP_GIC_NR_SPIS	256	/* the virt board's SPIs (INTID 32..287) */
#define SNAP_GIC_NR_SGIS	16

/* LPIs: INTIDs 8192 .. 2^16 - 1 (GICD_TYPER.IDbits = 15, IHI 0069 5.1). */
#define SNAP_LPI_BASE		8192u
#define SNAP_LPI_LIMIT		65536u
#define SNAP_LPI_WORDS		((SNAP_LPI_LIMIT - SNAP_LPI_BASE) / 64)

/*
 * One interrupt as the distributor (SPIs) or a redistributor / banked
 * GICv2 distributor view (SGIs, PPIs) holds it: the bits of
 * ISENABLER, ISPENDR, ISACTIVER, IGROUPR, ICFGR, IPRIORITYR and the
 * route. pending is the latched state (edge, ISPENDR, SGI); level is
 * the input line as the device drives it, kept apart so a level
 * interrupt follows its line after the load.
 */
struct snap_irq {
	uint8_t enabled;
	uint8_t pending;
	uint8_t active;
	uint8_t group1;
	uint8_t edge;			/* ICFGR: 1 edge, 0 level */
	uint8_t level;
	uint8_t prio;			/* IPRIORITYR byte */
	uint8_t targets;		/* GICv2 ITARGETSR byte */
	uint64_t router;		/* GICv3 GICD_IROUTER (Aff3..0, IRM) */
};

struct snap_gic_cpu {
	struct snap_irq local[SNAP_GIC_NR_LOCAL];
	/* GICv2: per SGI, a bit per source CPU that has it pending (SPENDSGIR). */
	uint8_t sgi_src[SNAP_GIC_NR_SGIS];

	/* CPU interface: GICC_* (v2) or ICC_*_EL1 (v3) values. */
	uint32_t ctlr;			/* GICC_CTLR / ICC_CTLR_EL1 (EOImode) */
	uint8_t pmr;
	uint8_t bpr0, bpr1;
	uint8_t igrpen0, igrpen1;	/* v3; v2 keeps them in GICC_CTLR */
	/*
	 * Active priorities (GICC_APRn / ICC_AP0Rn, ICC_AP1Rn): bit n of
	 * word 0 is priority group n of the 5 priority bits both
	 * accelerators implement (IHI 0069 12.11.1, 32 groups).
	 */
	uint32_t ap0r[4], ap1r[4];

	/* GICv3 redistributor. */
	uint32_t waker;			/* GICR_WAKER (ProcessorSleep) */
	uint8_t lpis_enabled;		/* GICR_CTLR.EnableLPIs */
	uint64_t propbaser, pendbaser;
	/*
	 * Pending LPIs, bit n = INTID 8192 + n. KVM writes them to the
	 * guest's pending table instead and sets lpi_pend_in_ram.
	 */
	uint64_t lpi_pend[SNAP_LPI_WORDS];
};

/* An ITS device mapping (MAPD) and collection (MAPC), IHI 0069 5.3. */
struct snap_its_dev {
	uint32_t devid;
	uint8_t evbits;			/* EventIDs are below 2^evbits */
	uint64_t itt;			/* ITT guest physical address */
};

#define SNAP_ITS_NR_BASER	8
#define SNAP_ITS_NR_COLLS	256

struct snap_its {
	uint8_t present;
	uint32_t ctlr;			/* GITS_CTLR */
	uint64_t cbaser, cwriter, creadr;
	uint64_t baser[SNAP_ITS_NR_BASER];
	/*
	 * The device and collection tables and the ITTs. Under TCG the
	 * ITTs are in guest RAM in its own 8-byte format and the tables are
	 * listed here; under KVM all three are in guest RAM in KVM's format
	 * (KVM_DEV_ARM_ITS_SAVE_TABLES) and tables_in_ram is set. A load
	 * refuses the other accelerator's layout (docs/snapshot.md).
	 */
	uint8_t tables_in_ram;
	uint16_t coll[SNAP_ITS_NR_COLLS];	/* target CPU + 1; 0 unmapped */
	unsigned int ndevs;
	struct snap_its_dev *devs;	/* ndevs entries, malloc'd */
};

struct snap_gic {
	int version;			/* 2 or 3 */
	uint32_t ctlr;			/* GICD_CTLR */
	struct snap_irq spi[SNAP_GIC_NR_SPIS];
	struct snap_gic_cpu *cpu;	/* one per vCPU */
	uint8_t lpi_pend_in_ram;	/* KVM saved the pending tables */
	struct snap_its its;
};

/* ==== The whole accelerator-side state ==== */

struct snap_machine {
	unsigned int ncpus;
	struct snap_cpu *cpu;		/* ncpus entries */
	struct snap_gic gic;
	/* Which accelerator wrote it ("tcg", "kvm"): for messages only. */
	char accel[8];
};

/* Allocate the per-CPU arrays of m (zeroed) for ncpus vCPUs. */
int snap_machine_init(struct snap_machine *m, unsigned int ncpus,
		      struct av_err *err);
void snap_machine_free(struct snap_machine *m);

/* Append (key, val) to cpu's system registers; -ENOSPC when full. */
int snap_cpu_set_sysreg(struct snap_cpu *cpu, uint16_t key, uint64_t val);
/* The value of key in cpu's list; false (and *val = 0) when absent. */
bool snap_cpu_sysreg(const struct snap_cpu *cpu, uint16_t key, uint64_t *val);

/*
 * 0 when cpu's CNTFRQ_EL0 is here_hz or absent (a file from before it was
 * recorded), else -EINVAL with both frequencies named.
 */
int snap_cntfrq_check(const struct snap_cpu *cpu, unsigned int idx, uint64_t here_hz,
		      struct av_err *err);

/*
 * Can a CPU described by have present what the guest saw (want)? MIDR
 * and every 4-bit field of the ID_AA64* registers must be equal (a guest
 * picked its code paths from them): 0 when so, else -EINVAL with a
 * message naming the register and field ("the snapshot's CPU has
 * ID_AA64PFR0_EL1.SVE = 1, this one 0").
 */
int snap_id_check(const struct snap_id_regs *want,
		  const struct snap_id_regs *have, struct av_err *err);

/* ==== Machine-level commands (machine/snapshot/) ==== */

/* What QMP query-migrate reports about the last save (struct vm.migrate). */
enum snap_migrate_status {
	SNAP_MIGRATE_NONE = 0,		/* none yet: query-migrate returns {} */
	SNAP_MIGRATE_ACTIVE,
	SNAP_MIGRATE_COMPLETED,
	SNAP_MIGRATE_FAILED,
};

struct snap_migrate_info {
	int status;			/* enum snap_migrate_status */
	uint64_t total_ms;		/* pause to end of write */
	uint64_t bytes;			/* the file's size */
	uint64_t pages;			/* RAM pages written (zero pages are not) */
	char error[AV_ERR_MSG_MAX];	/* SNAP_MIGRATE_FAILED: why */
	bool postmigrate;		/* paused by a completed save, until cont */
};

/*
 * Save the running machine to uri ("file:PATH" or "exec:CMD", QEMU's
 * migrate spellings): pauses the vCPUs, drains the devices' in-flight
 * requests, writes the file, and leaves the VM paused. Main thread.
 */
int vm_snapshot_save(struct vm *vm, const char *uri, struct av_err *err);

/*
 * Load uri into a machine built from the same command line (after
 * vm_create and vm_load_and_reset, before vm_run): checks the board
 * configuration and replaces RAM, vCPUs, GIC and device state.
 */
int vm_snapshot_load(struct vm *vm, const char *uri, struct av_err *err);

#endif
