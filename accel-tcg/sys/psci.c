// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI 1.0 (Arm DEN 0022D) over HVC. CPUs are found by MPIDR affinity;
 * a CPU powered on starts at EL1h, MMU off, DAIF masked, x0 = context
 * (DEN 0022D 6.4 "CPU_ON": the state a CPU must enter the OS in).
 */
#include <pthread.h>
#include <stdatomic.h>

#include "cpu.h"
#include "sys.h"
#include "tcg.h"
#include "vm.h"

#define PSCI_VERSION_1_0	0x00010000u
#define MPIDR_AFF_MASK		0xff00ffffffull

/* AFFINITY_INFO results. */
#define AFF_ON			0
#define AFF_OFF			1
#define AFF_ON_PENDING		2

/* MIGRATE_INFO_TYPE: no Trusted OS, nothing to migrate (DEN 0022D 5.7). */
#define MIGRATE_NONE		2

static struct cpu_state *psci_find_cpu(struct cpu_state *cpu, uint64_t mpidr)
{
	struct tcg_vm *tvm = cpu->tvm;

	if (!tvm)
		return NULL;
	for (unsigned int i = 0; i < tvm->ncpus; i++) {
		struct cpu_state *c = tcg_vm_cpu(tvm, i);

		if (c && ((c->mpidr ^ mpidr) & MPIDR_AFF_MASK) == 0)
			return c;
	}
	return NULL;
}

/*
 * The state of a CPU coming out of CPU_ON (DEN 0022D 6.4.3): reset, as
 * for a cold boot, then the entry point and context id. Runs on the
 * CPU's own thread: a CPU that has just done CPU_OFF may still be
 * dropping its blocks when another CPU's CPU_ON arrives.
 */
void psci_boot_self(struct cpu_state *cpu)
{
	uint64_t entry = cpu->sys.psci_entry, ctx = cpu->sys.psci_ctx;

	tcg_cpu_reset(cpu);
	cpu->r[0] = ctx;
	cpu->pc = entry;
	atomic_store(&cpu->powered_on, 1);
	atomic_store(&cpu->sys.psci_starting, 0);
}

/*
 * The claim (sys.psci_starting) keeps two CPU_ONs from both starting the
 * target: the second gets ON_PENDING (DEN 0022D 5.6.2), and so does
 * AFFINITY_INFO, until the target has booted itself (psci_boot_self).
 * Only the target's thread touches its registers, TLB and blocks: this
 * thread hands over the entry point with a request.
 */
static int64_t psci_cpu_on(struct cpu_state *cpu, uint64_t mpidr,
			   uint64_t entry, uint64_t ctx)
{
	struct cpu_state *t = psci_find_cpu(cpu, mpidr);
	int idle = 0;

	if (!t)
		return PSCI_INVALID_PARAMS;
	if (!atomic_compare_exchange_strong(&t->sys.psci_starting, &idle, 1))
		return PSCI_ON_PENDING;
	if (atomic_load(&t->powered_on)) {
		atomic_store(&t->sys.psci_starting, 0);
		return PSCI_ALREADY_ON;
	}
	t->sys.psci_entry = entry;
	t->sys.psci_ctx = ctx;
	/* The request's atomic store publishes entry and ctx to the target. */
	tcg_vcpu_request(t, EXIT_REQ_BOOT);
	return PSCI_SUCCESS;
}

static int64_t psci_affinity_info(struct cpu_state *cpu, uint64_t mpidr,
				  uint64_t level)
{
	struct cpu_state *t;

	if (level != 0)
		return PSCI_INVALID_PARAMS;
	t = psci_find_cpu(cpu, mpidr);
	if (!t)
		return PSCI_INVALID_PARAMS;
	if (atomic_load(&t->sys.psci_starting) && !atomic_load(&t->powered_on))
		return AFF_ON_PENDING;
	return atomic_load(&t->powered_on) ? AFF_ON : AFF_OFF;
}

static bool psci_implemented(uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return true;
	default:
		return false;
	}
}

/* SYSTEM_OFF / SYSTEM_RESET: the VM stops; this CPU leaves its loop. */
static int psci_system(struct cpu_state *cpu, enum vm_state why)
{
	if (cpu->vm)
		vm_request_stop(cpu->vm, why);
	cpu->r[0] = (uint64_t)(int64_t)PSCI_SUCCESS;
	return INSN_EXIT;
}

/* Calls with SMC32 IDs (bit 30 clear) take 32-bit arguments. */
static uint64_t psci_arg(const struct cpu_state *cpu, uint32_t fid, unsigned int n)
{
	return fid & (1u << 30) ? cpu->r[n] : (uint32_t)cpu->r[n];
}

static int64_t psci_dispatch(struct cpu_state *cpu, uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
		return PSCI_VERSION_1_0;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		return psci_cpu_on(cpu, psci_arg(cpu, fid, 1), psci_arg(cpu, fid, 2),
				   psci_arg(cpu, fid, 3));
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		return psci_affinity_info(cpu, psci_arg(cpu, fid, 1),
					  psci_arg(cpu, fid, 2));
	case PSCI_MIGRATE_INFO_TYPE:
		return MIGRATE_NONE;
	case PSCI_FEATURES:
		return psci_implemented((uint32_t)cpu->r[1]) ? PSCI_SUCCESS
							      : PSCI_NOT_SUPPORTED;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

/*
 * CPU_SUSPEND (mandatory in PSCI 1.0): every power state is treated as
 * standby, which DEN 0022D 5.4.2 allows for power-down requests too:
 * the CPU waits like WFI for an interrupt, then the call returns
 * SUCCESS to its caller (as QEMU's virt does).
 */
static int psci_cpu_suspend(struct cpu_state *cpu)
{
	cpu->r[0] = (uint64_t)(int64_t)PSCI_SUCCESS;
	if (!atomic_load(&cpu->irq_level) && !atomic_load(&cpu->fiq_level))
		cpu->halted = true;
	return INSN_EXIT;
}

int psci_call(struct cpu_state *cpu, uint64_t pc)
{
	uint32_t fid = (uint32_t)cpu->r[0];

	cpu->pc = pc + 4;
	switch (fid) {
	case PSCI_SYSTEM_OFF:
		return psci_system(cpu, VM_SHUTDOWN);
	case PSCI_SYSTEM_RESET:
		return psci_system(cpu, VM_RESET);
	case PSCI_CPU_OFF:
		atomic_store(&cpu->powered_on, 0);
		return INSN_EXIT;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		return psci_cpu_suspend(cpu);
	default:
		cpu->r[0] = (uint64_t)psci_dispatch(cpu, fid);
		return INSN_BRANCH;
	}
}
