// SPDX-License-Identifier: GPL-2.0
/*
 * The generic timer's system registers (ARM ARM D13.8): CNTFRQ_EL0,
 * CNTPCT/CNTVCT_EL0, CNTP_/CNTV_ CTL, CVAL, TVAL, and CNTKCTL_EL1, which
 * decides what EL0 may touch (EL0 accesses it forbids trap to EL1 with
 * EC 0x18).
 */
#include <stddef.h>

#include "board.h"
#include "cpu.h"
#include "timer_priv.h"

/* CNTKCTL_EL1 (D13.8.15): EL0PCTEN 0, EL0VCTEN 1, EVNT* 2-7, EL0VTEN 8, EL0PTEN 9. */
#define KCTL_EL0PCTEN	(1u << 0)
#define KCTL_EL0VCTEN	(1u << 1)
#define KCTL_EL0VTEN	(1u << 8)
#define KCTL_EL0PTEN	(1u << 9)
#define KCTL_MASK	0x3ffu

/* desc->arg: which EL0 enable bits (any of them) allow the access. */
static int access_el0(struct cpu_state *cpu, const struct sysreg_desc *d,
		      bool write)
{
	(void)write;
	if (cpu->el != 0 || (cpu->sys.cntkctl_el1 & (d->arg >> 8)))
		return SYSREG_OK;
	return SYSREG_TRAP;
}

static uint64_t read_frq(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)cpu;
	(void)d;
	return VIRT_TIMER_FREQ_HZ;
}

static uint64_t read_count(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return vtimer_count(cpu);
}

/* arg bits 7:0: the timer; 15:8: the CNTKCTL enables (access_el0). */
#define WHICH(d)	((unsigned int)((d)->arg & 1))

static uint64_t read_ctl(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	struct vtimer *vt = vtimer_of(cpu);
	const struct vtimer_regs *t = &cpu->sys.timer;
	uint64_t v;

	vtimer_lock(vt);
	v = t->ctl[WHICH(d)];
	if (vtimer_condition(t, WHICH(d), vtimer_count(cpu)))
		v |= CNT_CTL_ISTATUS;
	vtimer_unlock(vt);
	return v;
}

static uint64_t read_cval(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	return cpu->sys.timer.cval[WHICH(d)];
}

/* TVAL reads CVAL - count as a signed 32-bit value (D11.2.4). */
static uint64_t read_tval(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	return (uint32_t)(cpu->sys.timer.cval[WHICH(d)] - vtimer_count(cpu));
}

enum timer_field { T_CTL, T_CVAL, T_TVAL };

static void timer_store(struct cpu_state *cpu, unsigned int which,
			enum timer_field f, uint64_t val)
{
	struct vtimer_regs *t = &cpu->sys.timer;

	if (f == T_CTL)
		t->ctl[which] = (uint32_t)val & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
	else if (f == T_CVAL)
		t->cval[which] = val;
	else
		t->cval[which] = vtimer_count(cpu) + (uint64_t)(int64_t)(int32_t)val;
}

static int timer_write(struct cpu_state *cpu, const struct sysreg_desc *d,
		       enum timer_field f, uint64_t val)
{
	struct vtimer *vt = vtimer_of(cpu);

	vtimer_lock(vt);
	timer_store(cpu, WHICH(d), f, val);
	vtimer_changed(vt, cpu);
	vtimer_unlock(vt);
	return INSN_NEXT;
}

static int write_ctl(struct cpu_state *cpu, const struct sysreg_desc *d,
		     uint64_t val, uint64_t pc)
{
	(void)pc;
	return timer_write(cpu, d, T_CTL, val);
}

static int write_cval(struct cpu_state *cpu, const struct sysreg_desc *d,
		      uint64_t val, uint64_t pc)
{
	(void)pc;
	return timer_write(cpu, d, T_CVAL, val);
}

static int write_tval(struct cpu_state *cpu, const struct sysreg_desc *d,
		      uint64_t val, uint64_t pc)
{
	(void)pc;
	return timer_write(cpu, d, T_TVAL, val);
}

static int write_kctl(struct cpu_state *cpu, const struct sysreg_desc *d,
		      uint64_t val, uint64_t pc)
{
	return sysreg_write_field(cpu, d, val & KCTL_MASK, pc);
}

#define EL0(bits)	((uint64_t)(bits) << 8)
#define TREG(n, crm, op2, rd, wr, which, en) \
	{ n, SYSREG_KEY(3, 3, 14, crm, op2), SR_RW | SR_EL0RW, 0, rd, wr, \
	  access_el0, (which) | EL0(en) }

static const struct sysreg_desc timer_regs[] = {
	{ "CNTKCTL_EL1", SYSREG_KEY(3, 0, 14, 1, 0), SR_RW,
	  offsetof(struct cpu_state, sys.cntkctl_el1), NULL, write_kctl, NULL, 0 },
	{ "CNTFRQ_EL0", SYSREG_KEY(3, 3, 14, 0, 0), SR_R | SR_EL0R, 0, read_frq,
	  NULL, access_el0, EL0(KCTL_EL0PCTEN | KCTL_EL0VCTEN) },
	{ "CNTPCT_EL0", SYSREG_KEY(3, 3, 14, 0, 1), SR_R | SR_EL0R, 0, read_count,
	  NULL, access_el0, EL0(KCTL_EL0PCTEN) },
	{ "CNTVCT_EL0", SYSREG_KEY(3, 3, 14, 0, 2), SR_R | SR_EL0R, 0, read_count,
	  NULL, access_el0, EL0(KCTL_EL0VCTEN) },
	TREG("CNTP_TVAL_EL0", 2, 0, read_tval, write_tval, VTIMER_PHYS, KCTL_EL0PTEN),
	TREG("CNTP_CTL_EL0", 2, 1, read_ctl, write_ctl, VTIMER_PHYS, KCTL_EL0PTEN),
	TREG("CNTP_CVAL_EL0", 2, 2, read_cval, write_cval, VTIMER_PHYS, KCTL_EL0PTEN),
	TREG("CNTV_TVAL_EL0", 3, 0, read_tval, write_tval, VTIMER_VIRT, KCTL_EL0VTEN),
	TREG("CNTV_CTL_EL0", 3, 1, read_ctl, write_ctl, VTIMER_VIRT, KCTL_EL0VTEN),
	TREG("CNTV_CVAL_EL0", 3, 2, read_cval, write_cval, VTIMER_VIRT, KCTL_EL0VTEN),
};

const struct sysreg_table sysreg_timer_table = {
	timer_regs, sizeof(timer_regs) / sizeof(timer_regs[0])
};
