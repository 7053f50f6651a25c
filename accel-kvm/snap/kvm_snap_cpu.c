// SPDX-License-Identifier: GPL-2.0
/*
 * A KVM vCPU to and from struct snap_cpu (include/snapshot.h), through
 * ONE_REG (Documentation/virt/kvm/api.rst, "KVM_GET_ONE_REG" and the
 * arm64 register id table): the core registers of struct kvm_regs, the
 * EL0/EL1 system registers by their ARM64_SYS_REG id, the virtual and
 * physical timers, and the PSCI power state (KVM_GET/SET_MP_STATE). The
 * vCPU thread is parked or not started: KVM takes the vCPU's mutex for
 * these calls, from any thread.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <asm/kvm.h>
#include <linux/kvm.h>

#include "debug/kvm_debug.h"
#include "kvm_int.h"
#include "kvm_snap.h"
#include "snapshot.h"
#include "vm.h"

/* A SNAP_SYSREG() key is the low 16 bits of KVM's ARM64_SYS_REG() id. */
#define SYSREG_ID(key)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG | (key))

_Static_assert(SYSREG_ID(SNAP_SYSREG(3, 3, 14, 2, 1)) == KVM_REG_ARM_PTIMER_CTL,
	       "SNAP_SYSREG is ARM64_SYS_REG's encoding");

/*
 * The EL0/EL1 registers a snapshot carries when KVM has them (its
 * KVM_GET_REG_LIST decides): include/snapshot.h's set, then the debug
 * break/watchpoint registers DBGB{V,C}Rn_EL1 and DBGW{V,C}Rn_EL1
 * (op0 2, CRn 0, CRm n, op2 4..7; ARM ARM D13.3).
 */
static const uint16_t kvm_snap_keys[] = {
	SNAP_SCTLR_EL1, SNAP_ACTLR_EL1, SNAP_CPACR_EL1, SNAP_TTBR0_EL1,
	SNAP_TTBR1_EL1, SNAP_TCR_EL1, SNAP_AFSR0_EL1, SNAP_AFSR1_EL1,
	SNAP_ESR_EL1, SNAP_FAR_EL1, SNAP_PAR_EL1, SNAP_MAIR_EL1,
	SNAP_AMAIR_EL1, SNAP_VBAR_EL1, SNAP_CONTEXTIDR_EL1, SNAP_TPIDR_EL1,
	SNAP_CNTKCTL_EL1, SNAP_CSSELR_EL1, SNAP_TPIDR_EL0, SNAP_TPIDRRO_EL0,
	SNAP_MDSCR_EL1, SNAP_MDCCINT_EL1, SNAP_OSLSR_EL1, SNAP_OSDLR_EL1,
	SNAP_PMCR_EL0, SNAP_PMUSERENR_EL0,
};
#define KVM_SNAP_DBG_PAIRS	16

/* OSLSR_EL1.OSLK (bit 1): the rest (OSLM) describes the CPU (D13.3.26). */
#define OSLSR_OSLK	(1ull << 1)

/* KVM_GET_REG_LIST: every id this vCPU has, sorted by the caller's search. */
struct kvm_reglist {
	uint64_t n;
	uint64_t *id;
};

static int reglist_get(struct kvm_vcpu *v, struct kvm_reglist *rl, struct av_err *err)
{
	struct kvm_reg_list probe = { .n = 0 }, *list;

	/* The first call fails with E2BIG and says how many there are. */
	if (ioctl(v->fd, KVM_GET_REG_LIST, &probe) == 0 || errno != E2BIG)
		return av_errf_errno(err, errno, "KVM_GET_REG_LIST");
	list = calloc(1, sizeof(*list) + probe.n * sizeof(uint64_t));
	if (!list)
		return av_errf(err, ENOMEM, "KVM_GET_REG_LIST: out of memory");
	list->n = probe.n;
	if (ioctl(v->fd, KVM_GET_REG_LIST, list) < 0) {
		free(list);
		return av_errf_errno(err, errno, "KVM_GET_REG_LIST");
	}
	rl->n = list->n;
	rl->id = malloc(list->n * sizeof(uint64_t) + 1);
	if (rl->id)
		memcpy(rl->id, list->reg, list->n * sizeof(uint64_t));
	free(list);
	return rl->id ? 0 : av_errf(err, ENOMEM, "KVM_GET_REG_LIST: out of memory");
}

static bool reglist_has(const struct kvm_reglist *rl, uint64_t id)
{
	for (uint64_t i = 0; i < rl->n; i++)
		if (rl->id[i] == id)
			return true;
	return false;
}

static int snap_reg(struct kvm_vcpu *v, uint64_t id, void *val, bool set,
		    const char *what, struct av_err *err)
{
	int ret = kvm_debug_reg(v, id, val, set);

	if (ret)
		return av_errf_errno(err, -ret, "%s of %s (ONE_REG 0x%llx)",
				     set ? "KVM_SET_ONE_REG" : "KVM_GET_ONE_REG", what,
				     (unsigned long long)id);
	return 0;
}

/* struct kvm_regs' part of snap_cpu: x0-x30, SPs, PC, PSTATE, ELR, SPSR, FP/SIMD. */
static int core_xfer(struct kvm_vcpu *v, struct snap_cpu *c, bool set,
		     struct av_err *err)
{
	int ret = 0;

	for (unsigned int i = 0; !ret && i < 31; i++)
		ret = snap_reg(v, KVM_CORE64(regs.regs[i]), &c->x[i], set, "x<n>", err);
	if (!ret)
		ret = snap_reg(v, KVM_CORE64(regs.sp), &c->sp_el0, set, "SP_EL0", err);
	if (!ret)
		ret = snap_reg(v, KVM_CORE64(sp_el1), &c->sp_el1, set, "SP_EL1", err);
	if (!ret)
		ret = snap_reg(v, KVM_CORE64(elr_el1), &c->elr_el1, set, "ELR_EL1", err);
	if (!ret)
		ret = snap_reg(v, KVM_CORE64(spsr[KVM_SPSR_EL1]), &c->spsr_el1, set,
			       "SPSR_EL1", err);
	for (unsigned int i = 0; !ret && i < 32; i++)
		ret = snap_reg(v, KVM_VREG(i), c->v[i], set, "V<n>", err);
	if (!ret)
		ret = snap_reg(v, KVM_CORE32(fp_regs.fpsr), &c->fpsr, set, "FPSR", err);
	if (!ret)
		ret = snap_reg(v, KVM_CORE32(fp_regs.fpcr), &c->fpcr, set, "FPCR", err);
	/* PSTATE and PC last: KVM checks the mode PSTATE names (api.rst). */
	if (!ret)
		ret = snap_reg(v, KVM_CORE64(regs.pstate), &c->pstate, set, "PSTATE", err);
	if (!ret)
		ret = snap_reg(v, KVM_CORE64(regs.pc), &c->pc, set, "PC", err);
	return ret;
}

static int sysreg_save_one(struct kvm_vcpu *v, const struct kvm_reglist *rl,
			   uint16_t key, struct snap_cpu *c, struct av_err *err)
{
	uint64_t val;
	int ret;

	if (!reglist_has(rl, SYSREG_ID(key)))
		return 0;	/* not on this KVM (e.g. the PMU's without a vPMU) */
	ret = snap_reg(v, SYSREG_ID(key), &val, false, "a system register", err);
	if (ret)
		return ret;
	if (snap_cpu_set_sysreg(c, key, val))
		return av_errf(err, ENOSPC, "more than %d system registers to save",
			       SNAP_MAX_SYSREGS);
	return 0;
}

uint64_t kvm_snap_cntfrq(void)
{
	uint64_t hz;

	/* EL0 may read it whatever CNTKCTL_EL1 says (ARM ARM D13.8.1). */
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
	return hz;
}

static int sysregs_save(struct kvm_vcpu *v, const struct kvm_reglist *rl,
			struct snap_cpu *c, struct av_err *err)
{
	int ret = 0;

	c->nsysregs = 0;
	for (size_t i = 0; !ret && i < sizeof(kvm_snap_keys) / sizeof(kvm_snap_keys[0]); i++)
		ret = sysreg_save_one(v, rl, kvm_snap_keys[i], c, err);
	for (unsigned int n = 0; !ret && n < KVM_SNAP_DBG_PAIRS * 4; n++)
		ret = sysreg_save_one(v, rl, SNAP_SYSREG(2, 0, 0, n / 4, 4 + n % 4), c, err);
	if (!ret && snap_cpu_set_sysreg(c, SNAP_CNTFRQ_EL0, kvm_snap_cntfrq()))
		ret = av_errf(err, ENOSPC, "too many system registers");
	return ret;
}

/*
 * One saved system register back. ACTLR_EL1 is IMPLEMENTATION DEFINED
 * (this CPU's, not the snapshot's); OSLSR_EL1 takes only its lock bit,
 * the rest describes this CPU. A register KVM does not have is one the
 * guest cannot reach here (no vPMU: PMU accesses UNDEFINED), so skipped.
 */
static int sysreg_load_one(struct kvm_vcpu *v, const struct kvm_reglist *rl,
			   const struct snap_sysreg *r, struct av_err *err)
{
	uint64_t id = SYSREG_ID(r->key), val = r->val, cur;
	int ret;

	if (r->key == SNAP_ACTLR_EL1 || !reglist_has(rl, id))
		return 0;
	if (r->key == SNAP_OSLSR_EL1) {
		ret = snap_reg(v, id, &cur, false, "OSLSR_EL1", err);
		if (ret)
			return ret;
		val = (cur & ~OSLSR_OSLK) | (r->val & OSLSR_OSLK);
	}
	ret = kvm_debug_reg(v, id, &val, true);
	if (ret)
		return av_errf_errno(err, -ret,
				     "this host's KVM refuses system register op0=%u op1=%u CRn=%u CRm=%u op2=%u = %#llx",
				     r->key >> 14, (r->key >> 11) & 7, (r->key >> 7) & 15,
				     (r->key >> 3) & 15, r->key & 7,
				     (unsigned long long)r->val);
	return 0;
}

static int sysregs_load(struct kvm_vcpu *v, const struct kvm_reglist *rl,
			const struct snap_cpu *c, struct av_err *err)
{
	unsigned int n = c->nsysregs < SNAP_MAX_SYSREGS ? c->nsysregs : SNAP_MAX_SYSREGS;
	int ret = 0;

	for (unsigned int i = 0; !ret && i < n; i++)
		ret = sysreg_load_one(v, rl, &c->sysregs[i], err);
	return ret;
}

/*
 * The timers. KVM's ids for the virtual timer's CVAL and count are each
 * other's architectural encodings (asm/kvm.h says so; the macros are
 * right). The snapshot's physical CVAL is in the virtual count's time
 * base (TCG has CNTVOFF = 0): here CNTPCT is the host's, so it moves by
 * the virtual offset, CNTPCT - CNTVCT, now.
 */
static int timer_save(struct kvm_vcpu *v, const struct kvm_reglist *rl,
		      struct snap_timer *t, struct av_err *err)
{
	uint64_t ctl = 0, pct = 0;
	int ret;

	ret = snap_reg(v, KVM_REG_ARM_TIMER_CNT, &t->cntvct, false, "CNTVCT_EL0", err);
	if (!ret)
		ret = snap_reg(v, KVM_REG_ARM_TIMER_CTL, &ctl, false, "CNTV_CTL_EL0", err);
	if (!ret)
		ret = snap_reg(v, KVM_REG_ARM_TIMER_CVAL, &t->cval[SNAP_TIMER_VIRT], false,
			       "CNTV_CVAL_EL0", err);
	t->ctl[SNAP_TIMER_VIRT] = (uint32_t)ctl & 3;
	if (ret || !reglist_has(rl, KVM_REG_ARM_PTIMER_CTL))
		return ret;
	ret = snap_reg(v, KVM_REG_ARM_PTIMER_CTL, &ctl, false, "CNTP_CTL_EL0", err);
	if (!ret)
		ret = snap_reg(v, KVM_REG_ARM_PTIMER_CVAL, &t->cval[SNAP_TIMER_PHYS], false,
			       "CNTP_CVAL_EL0", err);
	if (!ret)
		ret = snap_reg(v, KVM_REG_ARM_PTIMER_CNT, &pct, false, "CNTPCT_EL0", err);
	t->ctl[SNAP_TIMER_PHYS] = (uint32_t)ctl & 3;
	t->cval[SNAP_TIMER_PHYS] -= pct - t->cntvct;
	return ret;
}

/* The count first: KVM sets CNTVOFF from it, so the guest's clock resumes. */
static int timer_load(struct kvm_vcpu *v, const struct kvm_reglist *rl,
		      const struct snap_timer *t, struct av_err *err)
{
	uint64_t cnt = t->cntvct, ctl = t->ctl[SNAP_TIMER_VIRT] & 3;
	uint64_t cval = t->cval[SNAP_TIMER_VIRT], pct = 0;
	int ret;

	ret = snap_reg(v, KVM_REG_ARM_TIMER_CNT, &cnt, true, "CNTVCT_EL0", err);
	if (!ret)
		ret = snap_reg(v, KVM_REG_ARM_TIMER_CVAL, &cval, true, "CNTV_CVAL_EL0", err);
	if (!ret)
		ret = snap_reg(v, KVM_REG_ARM_TIMER_CTL, &ctl, true, "CNTV_CTL_EL0", err);
	if (ret || !reglist_has(rl, KVM_REG_ARM_PTIMER_CTL))
		return ret;
	ret = snap_reg(v, KVM_REG_ARM_PTIMER_CNT, &pct, false, "CNTPCT_EL0", err);
	if (ret)
		return ret;
	cval = t->cval[SNAP_TIMER_PHYS] + (pct - t->cntvct);
	ctl = t->ctl[SNAP_TIMER_PHYS] & 3;
	ret = snap_reg(v, KVM_REG_ARM_PTIMER_CVAL, &cval, true, "CNTP_CVAL_EL0", err);
	if (!ret)
		ret = snap_reg(v, KVM_REG_ARM_PTIMER_CTL, &ctl, true, "CNTP_CTL_EL0", err);
	return ret;
}

/* PSCI: a vCPU KVM holds STOPPED is off (CPU_OFF, or never started). */
static int power_save(struct kvm_vcpu *v, int *power, struct av_err *err)
{
	struct kvm_mp_state mp;

	if (ioctl(v->fd, KVM_GET_MP_STATE, &mp) < 0)
		return av_errf_errno(err, errno, "KVM_GET_MP_STATE");
	*power = mp.mp_state == KVM_MP_STATE_STOPPED ? SNAP_CPU_OFF : SNAP_CPU_ON;
	return 0;
}

static int power_load(struct kvm_vcpu *v, int power, struct av_err *err)
{
	struct kvm_mp_state mp = {
		.mp_state = power == SNAP_CPU_ON ? KVM_MP_STATE_RUNNABLE :
						   KVM_MP_STATE_STOPPED,
	};

	if (ioctl(v->fd, KVM_SET_MP_STATE, &mp) < 0)
		return av_errf_errno(err, errno, "KVM_SET_MP_STATE");
	return 0;
}

int kvm_snap_cpu_save(struct vm *vm, unsigned int idx, struct snap_cpu *c,
		      struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_vcpu *v = &ks->vcpus[idx];
	struct kvm_reglist rl;
	int ret = reglist_get(v, &rl, err);

	if (ret)
		return ret;
	ret = core_xfer(v, c, false, err);
	if (!ret)
		ret = sysregs_save(v, &rl, c, err);
	if (!ret)
		ret = timer_save(v, &rl, &c->timer, err);
	if (!ret)
		ret = power_save(v, &c->power, err);
	if (!ret)
		ret = kvm_snap_id_save(ks, v, &c->id, err);
	/* As the guest reads it (RES1 bit 31 included), as TCG records it. */
	if (!ret)
		ret = snap_reg(v, SYSREG_ID(SNAP_SYSREG(3, 0, 0, 0, 5)), &c->mpidr, false,
			       "MPIDR_EL1", err);
	free(rl.id);
	if (ret)
		av_err_prefix(err, "vCPU %u", idx);
	return ret;
}

int kvm_snap_cpu_load(struct vm *vm, unsigned int idx, const struct snap_cpu *c,
		      struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_vcpu *v = &ks->vcpus[idx];
	struct snap_cpu core = *c;
	struct kvm_reglist rl;
	int ret = reglist_get(v, &rl, err);

	if (ret)
		return ret;
	/* The power state first: KVM_SET_MP_STATE may reset what follows. */
	ret = power_load(v, c->power, err);
	if (!ret)
		ret = sysregs_load(v, &rl, c, err);
	if (!ret)
		ret = core_xfer(v, &core, true, err);
	if (!ret)
		ret = timer_load(v, &rl, &c->timer, err);
	free(rl.id);
	if (ret)
		av_err_prefix(err, "vCPU %u", idx);
	return ret;
}
