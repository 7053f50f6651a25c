// SPDX-License-Identifier: GPL-2.0
/*
 * gdb's breakpoints and watchpoints under KVM: software breakpoints are
 * BRK #0 written over the instruction (KVM_GUESTDBG_USE_SW_BP sends
 * every BRK to us); hardware ones go into the debug registers KVM loads
 * while the vCPU runs (KVM_GUESTDBG_USE_HW, struct kvm_guest_debug_arch).
 * While those are in use the guest's own debug registers are not: a KVM
 * limitation (api.rst "KVM_SET_GUEST_DEBUG").
 */
#include <errno.h>
#include <string.h>

#include <linux/kvm.h>

#include "addrset.h"
#include "kvm_debug.h"
#include "vm.h"

/*
 * Hardware watchpoints are encoded and loaded below, but in the nested
 * test (tests/shell/gdb_kvm_nested.sh) the watchpoint exception of a
 * secondary vCPU never reached us: the guest re-executed the access
 * forever. Until that is understood gdb is told they are not supported
 * (it can still watch by single-stepping: set can-use-hw-watchpoints 0).
 */
#define KVM_DEBUG_WATCHPOINTS	0

/* BRK #0 (ARM ARM C6.2.38). */
#define A64_BRK0	0xd4200000u

/* DBGBCR: E, PMC = EL1 and EL0, BAS = all of an A64 insn (D13.3.2). */
#define BCR_A64		((0xfu << 5) | (3u << 1) | 1u)
/* DBGWCR fields (D13.3.11): E, PAC = EL1 and EL0, LSC, BAS, MASK. */
#define WCR_E_PAC	((3u << 1) | 1u)
#define WCR_LSC(t)	((uint64_t)(t) << 3)
#define WCR_BAS(b)	((uint64_t)(b) << 5)
#define WCR_MASK(m)	((uint64_t)(m) << 24)

static uint64_t wcr_lsc(int type)
{
	switch (type) {
	case ACCEL_WP_READ:
		return WCR_LSC(1);
	case ACCEL_WP_WRITE:
		return WCR_LSC(2);
	default:
		return WCR_LSC(3);
	}
}

/*
 * A watched range in one register: bytes of one doubleword (BAS), or an
 * aligned power of two of at least 8 bytes (MASK). False otherwise.
 */
static bool wp_encode(const struct kvm_debug_wp *w, uint64_t *wcr, uint64_t *wvr)
{
	unsigned int off = w->addr & 7, log2 = 3;

	if (w->len && w->len <= 8 - off) {
		*wvr = w->addr & ~7ull;
		*wcr = WCR_E_PAC | wcr_lsc(w->type) |
		       WCR_BAS(((1u << w->len) - 1) << off);
		return true;
	}
	if (w->len < 8 || (w->len & (w->len - 1)) || (w->addr & (w->len - 1)))
		return false;
	while ((1ull << log2) < w->len)
		log2++;
	if (log2 > 31)
		return false;
	*wvr = w->addr;
	*wcr = WCR_E_PAC | wcr_lsc(w->type) | WCR_BAS(0xff) | WCR_MASK(log2);
	return true;
}

void kvm_debug_build(const struct kvm_debug *d, bool step, struct kvm_guest_debug *dbg)
{
	unsigned int i;
	uint64_t wcr, wvr;

	memset(dbg, 0, sizeof(*dbg));
	if (step || d->nbp || d->nwp || d->nsw)
		dbg->control = KVM_GUESTDBG_ENABLE;
	if (step)
		dbg->control |= KVM_GUESTDBG_SINGLESTEP;
	if (d->nsw)
		dbg->control |= KVM_GUESTDBG_USE_SW_BP;
	if (d->nbp || d->nwp)
		dbg->control |= KVM_GUESTDBG_USE_HW;
	for (i = 0; i < d->nbp; i++) {
		dbg->arch.dbg_bcr[i] = BCR_A64;
		dbg->arch.dbg_bvr[i] = d->bp[i];
	}
	for (i = 0; i < d->nwp; i++) {
		if (wp_encode(&d->wp[i], &wcr, &wvr)) {
			dbg->arch.dbg_wcr[i] = wcr;
			dbg->arch.dbg_wvr[i] = wvr;
		}
	}
}

bool kvm_debug_is_sw_bp(const struct kvm_debug *d, uint64_t pc)
{
	unsigned int i;

	for (i = 0; i < d->nsw; i++)
		if (d->sw[i].addr == pc)
			return true;
	return false;
}

static int sw_set(struct vm *vm, struct kvm_debug *d, uint64_t addr, bool insert)
{
	uint32_t brk = A64_BRK0, orig;
	unsigned int i;
	int ret;

	for (i = 0; i < d->nsw && d->sw[i].addr != addr; i++)
		;
	if (!insert) {
		if (i == d->nsw)
			return -ENOENT;
		ret = kvm_debug_write_mem(vm, 0, addr, &d->sw[i].orig, 4);
		d->sw[i] = d->sw[--d->nsw];
		return ret;
	}
	if (i < d->nsw)
		return 0;
	if (d->nsw == KVM_DEBUG_MAX_SW)
		return -ENOSPC;
	ret = kvm_debug_read_mem(vm, 0, addr, &orig, 4);
	if (!ret)
		ret = kvm_debug_write_mem(vm, 0, addr, &brk, 4);
	if (ret)
		return ret;
	d->sw[d->nsw++] = (struct kvm_debug_sw){ .addr = addr, .orig = orig };
	return 0;
}

static int hw_set(struct kvm_debug *d, uint64_t addr, bool insert)
{
	return addrset_update(d->bp, &d->nbp, d->max_bp, addr, insert);
}

static int wp_set(struct kvm_debug *d, int type, uint64_t addr, uint64_t len,
		  bool insert)
{
	struct kvm_debug_wp w = { .addr = addr, .len = len, .type = type };
	uint64_t wcr, wvr;
	unsigned int i;

	for (i = 0; i < d->nwp; i++)
		if (d->wp[i].addr == addr && d->wp[i].len == len && d->wp[i].type == type)
			break;
	if (!insert) {
		if (i == d->nwp)
			return -ENOENT;
		d->wp[i] = d->wp[--d->nwp];
		return 0;
	}
	if (i < d->nwp)
		return 0;
	if (!wp_encode(&w, &wcr, &wvr))
		return -EINVAL;
	if (d->nwp >= d->max_wp)
		return -ENOSPC;
	d->wp[d->nwp++] = w;
	return 0;
}

/* Called while every vCPU is parked: they load the result before running. */
int kvm_debug_set_break(struct vm *vm, int type, uint64_t addr, uint64_t len,
			bool insert)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_debug *d = ks ? ks->debug : NULL;
	int ret;

	if (!d)
		return -EINVAL;
	pthread_mutex_lock(&d->lock);
	switch (type) {
	case ACCEL_BP_SW:
		ret = sw_set(vm, d, addr, insert);
		break;
	case ACCEL_BP_HW:
		ret = hw_set(d, addr, insert);
		break;
	case ACCEL_WP_WRITE:
	case ACCEL_WP_READ:
	case ACCEL_WP_ACCESS:
		ret = KVM_DEBUG_WATCHPOINTS ? wp_set(d, type, addr, len, insert) : -ENOTSUP;
		break;
	default:
		ret = -ENOTSUP;
		break;
	}
	d->gen++;
	pthread_mutex_unlock(&d->lock);
	return ret;
}

void kvm_debug_clear_breaks(struct vm *vm)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_debug *d = ks ? ks->debug : NULL;

	if (!d)
		return;
	pthread_mutex_lock(&d->lock);
	while (d->nsw)
		sw_set(vm, d, d->sw[d->nsw - 1].addr, false);
	d->nbp = d->nwp = 0;
	d->gen++;
	pthread_mutex_unlock(&d->lock);
}
