// SPDX-License-Identifier: GPL-2.0
/*
 * A vCPU's architectural state to and from struct snap_cpu
 * (include/snapshot.h): general and FP/SIMD registers, PSTATE in SPSR
 * layout, the EL0/EL1 system registers with plain storage (keyed by
 * their MRS encoding), the generic timer's registers, the PSCI power
 * state and the ID registers that describe the model.
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "board.h"
#include "cpu.h"
#include "debug/debug.h"
#include "pmu/pmu.h"
#include "sys.h"
#include "timer_priv.h"
#include "tcg.h"
#include "snapshot.h"

/* The tables whose registers are plain state (ICC_* and CNT* are saved apart). */
static const struct sysreg_table *const state_tables[] = {
	&sysreg_core_table,
	&sysreg_debug_table,
	&sysreg_pmu_table,
};

/* SPSR_EL1 and ELR_EL1 have fields of their own in struct snap_cpu. */
static bool key_has_field(uint16_t key)
{
	return key == SYSREG_KEY(3, 0, 4, 0, 0) || key == SYSREG_KEY(3, 0, 4, 0, 1);
}

/* The first descriptor with storage at off, so SET/CLR pairs are saved once. */
static bool first_at_off(const struct sysreg_table *t, size_t idx)
{
	for (size_t i = 0; i < idx; i++)
		if (t->regs[i].off == t->regs[idx].off)
			return false;
	return true;
}

static uint64_t *field_of(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	return (uint64_t *)((char *)cpu + d->off);
}

static int save_sysregs(struct cpu_state *cpu, struct snap_cpu *s)
{
	for (size_t t = 0; t < sizeof(state_tables) / sizeof(state_tables[0]); t++) {
		const struct sysreg_table *tab = state_tables[t];

		for (size_t i = 0; i < tab->count; i++) {
			const struct sysreg_desc *d = &tab->regs[i];

			if (!d->off || key_has_field(d->key) || !first_at_off(tab, i))
				continue;
			if (snap_cpu_set_sysreg(s, d->key, *field_of(cpu, d)))
				return -ENOSPC;
		}
	}
	return 0;
}

/* The ID space (op0=3, op1=0, CRn=0) is described by s->id, not loaded. */
static bool key_is_id(uint16_t key)
{
	return SYSREG_KEY_OP0(key) == 3 && SYSREG_KEY_OP1(key) == 0 &&
	       SYSREG_KEY_CRN(key) == 0;
}

static const struct sysreg_desc *state_desc(uint16_t key)
{
	for (size_t t = 0; t < sizeof(state_tables) / sizeof(state_tables[0]); t++)
		for (size_t i = 0; i < state_tables[t]->count; i++)
			if (state_tables[t]->regs[i].key == key && state_tables[t]->regs[i].off)
				return &state_tables[t]->regs[i];
	return NULL;
}

static int load_sysregs(struct cpu_state *cpu, const struct snap_cpu *s,
			struct av_err *err)
{
	unsigned int n = s->nsysregs < SNAP_MAX_SYSREGS ? s->nsysregs : SNAP_MAX_SYSREGS;

	for (unsigned int i = 0; i < n; i++) {
		uint16_t key = s->sysregs[i].key;
		const struct sysreg_desc *d;

		/* CNTFRQ_EL0 is read-only here: snap_cntfrq_check compared it. */
		if (key_is_id(key) || key_has_field(key) || key == SNAP_CNTFRQ_EL0)
			continue;
		d = state_desc(key);
		if (d) {
			*field_of(cpu, d) = s->sysregs[i].val;
			continue;
		}
		/* A register we do not have is harmless only at its reset value 0. */
		if (s->sysregs[i].val)
			return av_errf(err, EINVAL,
				       "vCPU %u: system register S%u_%u_C%u_C%u_%u = %#llx "
				       "does not exist on the TCG CPU",
				       cpu->index, SYSREG_KEY_OP0(key), SYSREG_KEY_OP1(key),
				       SYSREG_KEY_CRN(key), SYSREG_KEY_CRM(key),
				       SYSREG_KEY_OP2(key),
				       (unsigned long long)s->sysregs[i].val);
	}
	return 0;
}

static uint64_t read_key(struct cpu_state *cpu, uint16_t key)
{
	const struct sysreg_desc *d = sysreg_find(key);

	if (!d)
		return 0;
	return d->read ? d->read(cpu, d) : *field_of(cpu, d);
}

void tcg_cpu_snap_ids(struct cpu_state *cpu, struct snap_id_regs *id)
{
	memset(id, 0, sizeof(*id));
	id->midr = read_key(cpu, SYSREG_KEY(3, 0, 0, 0, 0));
	id->revidr = read_key(cpu, SYSREG_KEY(3, 0, 0, 0, 6));
	id->pfr0 = read_key(cpu, SYSREG_KEY(3, 0, 0, 4, 0));
	id->pfr1 = read_key(cpu, SYSREG_KEY(3, 0, 0, 4, 1));
	id->dfr0 = read_key(cpu, SYSREG_KEY(3, 0, 0, 5, 0));
	id->dfr1 = read_key(cpu, SYSREG_KEY(3, 0, 0, 5, 1));
	id->isar0 = read_key(cpu, SYSREG_KEY(3, 0, 0, 6, 0));
	id->isar1 = read_key(cpu, SYSREG_KEY(3, 0, 0, 6, 1));
	id->isar2 = read_key(cpu, SYSREG_KEY(3, 0, 0, 6, 2));
	id->mmfr0 = read_key(cpu, SYSREG_KEY(3, 0, 0, 7, 0));
	id->mmfr1 = read_key(cpu, SYSREG_KEY(3, 0, 0, 7, 1));
	id->mmfr2 = read_key(cpu, SYSREG_KEY(3, 0, 0, 7, 2));
	id->ctr = read_key(cpu, SYSREG_KEY(3, 3, 0, 0, 1));
	id->clidr = read_key(cpu, SYSREG_KEY(3, 1, 0, 0, 1));
	/* DZP (bit 4) follows SCTLR_EL1.DZE at EL0: not part of the model. */
	id->dczid = cpu_model_dczid(cpu) & ~0x10ull;
}

int tcg_cpu_snap_save(struct cpu_state *cpu, struct snap_cpu *s, struct av_err *err)
{
	unsigned int bank = cpu->el != 0 && (cpu->pstate & PSTATE_SP) ? 1 : 0;

	if (atomic_load(&cpu->sys.psci_starting) && !atomic_load(&cpu->powered_on))
		return av_errf(err, EBUSY,
			       "vCPU %u is being powered on (PSCI CPU_ON): try again",
			       cpu->index);
	memset(s, 0, sizeof(*s));
	memcpy(s->x, cpu->r, sizeof(s->x));
	s->sp_el0 = cpu->sp_el[0];
	s->sp_el1 = cpu->sp_el[1];
	/* The live SP is r[REG_SP]; its bank is stale until the next switch. */
	if (bank)
		s->sp_el1 = cpu->r[REG_SP];
	else
		s->sp_el0 = cpu->r[REG_SP];
	s->pc = cpu->pc;
	s->pstate = (cpu->pstate & ~PSTATE_NZCV) | (cpu->nzcv & PSTATE_NZCV);
	s->elr_el1 = cpu->sys.elr_el1;
	s->spsr_el1 = cpu->sys.spsr_el1;
	for (unsigned int i = 0; i < 32; i++)
		memcpy(s->v[i], cpu->v[i].b, 16);
	s->fpsr = cpu->fpsr;
	s->fpcr = cpu->fpcr;
	pmu_fold(cpu);	/* the counters as the guest would read them now */
	if (save_sysregs(cpu, s) || snap_cpu_set_sysreg(s, SNAP_CNTFRQ_EL0, VIRT_TIMER_FREQ_HZ))
		return av_errf(err, ENOSPC, "vCPU %u: too many system registers", cpu->index);
	s->timer.cntvct = vtimer_count(cpu);
	for (unsigned int t = 0; t < 2; t++) {
		s->timer.ctl[t] = cpu->sys.timer.ctl[t];
		s->timer.cval[t] = cpu->sys.timer.cval[t];
	}
	s->power = atomic_load(&cpu->powered_on) ? SNAP_CPU_ON : SNAP_CPU_OFF;
	s->mpidr = cpu->mpidr;
	tcg_cpu_snap_ids(cpu, &s->id);
	return 0;
}

/* What PSTATE may hold here: AArch64 EL0t, EL1t or EL1h (ARM ARM D1.4). */
static int check_pstate(const struct cpu_state *cpu, uint64_t p, struct av_err *err)
{
	unsigned int m = p & 0x1f;

	if (p >> 32 || (m != 0x0 && m != 0x4 && m != 0x5))
		return av_errf(err, EINVAL,
			       "vCPU %u: PSTATE %#llx is not an EL0/EL1 AArch64 state",
			       cpu->index, (unsigned long long)p);
	return 0;
}

int tcg_cpu_snap_load(struct cpu_state *cpu, const struct snap_cpu *s,
		      struct av_err *err)
{
	uint32_t p = (uint32_t)s->pstate;
	struct vtimer *vt = vtimer_of(cpu);
	unsigned int bank;
	int ret = check_pstate(cpu, s->pstate, err);

	if (ret)
		return ret;
	if (s->mpidr != cpu->mpidr)
		return av_errf(err, EINVAL, "vCPU %u: MPIDR %#llx in the snapshot, %#llx here",
			       cpu->index, (unsigned long long)s->mpidr,
			       (unsigned long long)cpu->mpidr);
	ret = snap_cntfrq_check(s, cpu->index, VIRT_TIMER_FREQ_HZ, err);
	if (!ret)
		ret = load_sysregs(cpu, s, err);
	if (ret)
		return ret;
	pmu_snap_loaded(cpu);
	dbg_snap_loaded(cpu);	/* the guest's break/watchpoints and step armed again */
	memcpy(cpu->r, s->x, sizeof(s->x));
	cpu->sp_el[0] = s->sp_el0;
	cpu->sp_el[1] = s->sp_el1;
	cpu->nzcv = p & PSTATE_NZCV;
	cpu->pstate = p & ~PSTATE_NZCV;
	cpu->el = (p >> PSTATE_EL_SHIFT) & 3;
	bank = cpu->el != 0 && (p & PSTATE_SP) ? 1 : 0;
	cpu->r[REG_SP] = cpu->sp_el[bank];
	cpu->pc = s->pc;
	cpu->sys.elr_el1 = s->elr_el1;
	cpu->sys.spsr_el1 = s->spsr_el1;
	for (unsigned int i = 0; i < 32; i++)
		memcpy(cpu->v[i].b, s->v[i], 16);
	cpu->fpsr = s->fpsr;
	cpu->fpcr = s->fpcr;
	cpu->excl_addr = ~0ull;		/* an exclusive monitor does not survive */
	cpu->halted = false;		/* a WFI may wake spuriously (D1.16.2) */
	atomic_store(&cpu->sys.psci_starting, 0);
	atomic_store(&cpu->powered_on, s->power == SNAP_CPU_ON);
	vtimer_lock(vt);
	for (unsigned int t = 0; t < 2; t++) {
		cpu->sys.timer.ctl[t] = s->timer.ctl[t] & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
		cpu->sys.timer.cval[t] = s->timer.cval[t];
		/* Not 0 or 1: the next evaluation drives the PPI either way. */
		cpu->sys.timer.level[t] = 2;
	}
	vtimer_unlock(vt);
	return 0;
}

void vtimer_snap_set_count(struct tcg_vm *tvm, uint64_t count)
{
	struct vtimer *vt = tvm->vtimer;
	struct timespec ts;
	uint64_t now;

	if (!vt)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	vtimer_lock(vt);
	/* Unsigned wrap-around keeps (now - origin) / 16 == count exactly. */
	vt->origin_ns = now - count * (1000000000ull / VIRT_TIMER_FREQ_HZ);
	for (unsigned int i = 0; i < tvm->ncpus; i++) {
		struct cpu_state *cpu = tcg_vm_cpu(tvm, i);

		if (cpu)
			vtimer_changed(vt, cpu);
	}
	vtimer_unlock(vt);
}
