// SPDX-License-Identifier: GPL-2.0
/*
 * MRS/MSR execution: find a register, check the access, trap or run it.
 */
#include <stddef.h>
#include <string.h>

#include "cpu.h"
#include "mem/mem.h"
#include "pmu/pmu.h"
#include "log.h"

/* Every table MRS/MSR can reach, besides the ID space. */
static const struct sysreg_table *const tables[] = {
	&sysreg_core_table,
	&sysreg_debug_table,
	&sysreg_pmu_table,
	&sysreg_icc_table,
	&sysreg_timer_table,
};

const struct sysreg_desc *sysreg_find(uint16_t key)
{
	const struct sysreg_desc *d = sysreg_id_find(key);

	for (size_t t = 0; !d && t < sizeof(tables) / sizeof(tables[0]); t++)
		for (size_t i = 0; i < tables[t]->count; i++)
			if (tables[t]->regs[i].key == key)
				return &tables[t]->regs[i];
	return d;
}

/*
 * ISS of EC 0x18 (ARM ARM D17.2.37 "ISS encoding for an exception from
 * MSR, MRS, or System instruction execution in AArch64 state"): Op0
 * 21:20, Op2 19:17, Op1 16:14, CRn 13:10, Rt 9:5, CRm 4:1, Direction 0
 * (1 = read).
 */
uint32_t sysreg_trap_iss(uint16_t key, unsigned int rt, bool read)
{
	return (SYSREG_KEY_OP0(key) << 20) | (SYSREG_KEY_OP2(key) << 17) |
	       (SYSREG_KEY_OP1(key) << 14) | (SYSREG_KEY_CRN(key) << 10) |
	       ((rt & 31) << 5) | (SYSREG_KEY_CRM(key) << 1) | (read ? 1 : 0);
}

static int sysreg_check(struct cpu_state *cpu, const struct sysreg_desc *d,
			bool write)
{
	unsigned int need = write ? SR_W : SR_R;

	if (cpu->el == 0)
		need = write ? SR_EL0W : SR_EL0R;
	if (!(d->flags & need))
		return SYSREG_UNDEF;
	return d->access ? d->access(cpu, d, write) : SYSREG_OK;
}

/* Raise what a failed check asked for; returns INSN_EXC. */
static int sysreg_fault(struct cpu_state *cpu, const struct sysreg_desc *d,
			int why, unsigned int rt, bool read, uint64_t pc)
{
	if (why == SYSREG_TRAP)
		return exc_take_sync(cpu, pc, EC_SYSREG,
				     sysreg_trap_iss(d->key, rt, read));
	if (why >= SYSREG_EC(0))
		return exc_take_sync(cpu, pc, (uint32_t)(why - SYSREG_EC(0)), 0);
	/* EL0 reads of ID registers are routine: Linux emulates them. */
	if (cpu->el != 0 && log_enabled(LOG_GUEST_ERRORS))
		log_printf(LOG_GUEST_ERRORS, "%s %s at EL1: UNDEFINED, pc 0x%llx\n",
			   read ? "MRS" : "MSR", d->name, (unsigned long long)pc);
	return exc_take_sync(cpu, pc, EC_UNKNOWN, 0);
}

/* rt is the architectural register number (31 = XZR). */
int sysreg_mrs(struct cpu_state *cpu, const struct sysreg_desc *d,
	       unsigned int rt, uint64_t pc)
{
	int why = sysreg_check(cpu, d, false);
	uint64_t v;

	if (why != SYSREG_OK)
		return sysreg_fault(cpu, d, why, rt, true, pc);
	v = d->read ? d->read(cpu, d) : sysreg_read_field(cpu, d);
	if (rt != 31)
		cpu->r[rt] = v;
	return INSN_NEXT;
}

int sysreg_msr(struct cpu_state *cpu, const struct sysreg_desc *d,
	       uint64_t val, unsigned int rt, uint64_t pc)
{
	int why = sysreg_check(cpu, d, true);

	if (why != SYSREG_OK)
		return sysreg_fault(cpu, d, why, rt, false, pc);
	if (d->write)
		return d->write(cpu, d, val, pc);
	return sysreg_write_field(cpu, d, val, pc);
}

/*
 * Warm reset values that software may rely on (ARM ARM D13.2): SCTLR
 * with its RES1 bits and the MMU/caches off, FP/SIMD trapped at EL0 and
 * EL1 (CPACR.FPEN = 0), the OS lock set (OSLSR.OSLK = 1, OSLM = 0b10).
 */
void sysreg_reset(struct cpu_state *cpu)
{
	const struct cpu_model *model = cpu->sys.model;

	/* The timer registers (last) are reset under the timer lock below. */
	memset(&cpu->sys, 0, offsetof(struct sysregs, timer));
	cpu->sys.model = model;
	cpu->sys.sctlr_el1 = SCTLR_RES1;
	cpu->sys.oslsr_el1 = 0xa;
	pmu_reset(cpu);
	mmu_asid_sync(cpu);
	cpu->fpcr = 0;
	cpu->fpsr = 0;
	vtimer_reset_cpu(cpu);
}
