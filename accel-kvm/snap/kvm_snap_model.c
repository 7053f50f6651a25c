// SPDX-License-Identifier: GPL-2.0
/*
 * The CPU model a snapshot's guest saw, under KVM. Saving records the ID
 * registers this KVM shows (or, for a guest that came from a snapshot,
 * the ones it was booted with: it patched itself for those). Loading
 * refuses a model this KVM cannot present, naming the field
 * (kvm_snap_id.c), then offers the snapshot's values to KVM: kernels with
 * writable ID registers (Linux 6.7 on, api.rst "KVM_ARM_GET_REG_WRITABLE_MASKS")
 * then show the guest exactly its old CPU; older ones keep theirs, a
 * superset the check allowed.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <asm/kvm.h>
#include <linux/kvm.h>

#include "debug/kvm_debug.h"
#include "kvm_int.h"
#include "kvm_snap.h"
#include "snapshot.h"

#define SYSREG_ID(key)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG | (key))

/* DCZID_EL0.DZP (bit 4) says whether EL0 may use DC ZVA now, not the CPU. */
#define DCZID_BS_MASK	0xfull

struct id_slot {
	uint16_t key;
	size_t off;
};

#define SLOT(crm, op2, member) \
	{ SNAP_SYSREG(3, 0, 0, crm, op2), offsetof(struct snap_id_regs, member) }

/* Where each register KVM shows (ARM ARM D19.2) lives in struct snap_id_regs. */
static const struct id_slot id_slots[] = {
	SLOT(0, 0, midr), SLOT(0, 6, revidr),
	SLOT(4, 0, pfr0), SLOT(4, 1, pfr1), SLOT(5, 0, dfr0), SLOT(5, 1, dfr1),
	SLOT(6, 0, isar0), SLOT(6, 1, isar1), SLOT(6, 2, isar2),
	SLOT(7, 0, mmfr0), SLOT(7, 1, mmfr1), SLOT(7, 2, mmfr2),
	{ SNAP_SYSREG(3, 3, 0, 0, 1), offsetof(struct snap_id_regs, ctr) },
	{ SNAP_SYSREG(3, 1, 0, 0, 1), offsetof(struct snap_id_regs, clidr) },
};
#undef SLOT

static uint64_t *id_field(struct snap_id_regs *id, size_t off)
{
	return (uint64_t *)((char *)id + off);
}

/* The model this KVM shows; a register older kernels lack reads 0 (RAZ). */
static int id_read(struct kvm_vcpu *v, struct snap_id_regs *id, struct av_err *err)
{
	uint64_t dczid;

	memset(id, 0, sizeof(*id));
	for (size_t i = 0; i < sizeof(id_slots) / sizeof(id_slots[0]); i++) {
		int ret = kvm_debug_reg(v, SYSREG_ID(id_slots[i].key),
					id_field(id, id_slots[i].off), false);

		if (ret && ret != -ENOENT)
			return av_errf_errno(err, -ret, "KVM_GET_ONE_REG of ID register 0x%04x",
					     id_slots[i].key);
	}
	/* KVM does not trap DCZID_EL0: the guest reads the host's. */
	__asm__ volatile("mrs %0, dczid_el0" : "=r"(dczid));
	id->dczid = dczid & DCZID_BS_MASK;
	return 0;
}

int kvm_snap_id_save(struct kvm_state *ks, struct kvm_vcpu *v,
		     struct snap_id_regs *id, struct av_err *err)
{
	if (ks->id_loaded) {
		*id = ks->id_seen;
		return 0;
	}
	return id_read(v, id, err);
}

/* The snapshot's fields in kvm_snap_id.c's order. */
static void id_feature_array(const struct snap_id_regs *id, uint64_t *out)
{
	const uint64_t in[SNAPID_NREGS] = {
		id->pfr0, id->pfr1, 0, id->dfr0, id->isar0, id->isar1, id->isar2,
		id->mmfr0, id->mmfr1, id->mmfr2,
	};

	_Static_assert(SNAPID_NREGS == 10, "kvm_snap_id.c's table changed");
	memcpy(out, in, sizeof(in));
}

static int id_compare(const struct snap_id_regs *want, const struct snap_id_regs *have,
		      struct av_err *err)
{
	uint64_t w[SNAPID_NREGS], h[SNAPID_NREGS];

	/* A different part: its errata workarounds are not the ones the guest applied. */
	if (want->midr != have->midr)
		return av_errf(err, EINVAL,
			       "MIDR_EL1: snapshot has %#llx, this host's KVM offers %#llx (a different CPU part; the -cpu model must be the host's)",
			       (unsigned long long)want->midr, (unsigned long long)have->midr);
	/* glibc caches the DC ZVA block size at start: it must not change. */
	if ((want->dczid & DCZID_BS_MASK) != (have->dczid & DCZID_BS_MASK))
		return av_errf(err, EINVAL, "DCZID_EL0.BS: snapshot has %llu, this host's KVM offers %llu",
			       (unsigned long long)(want->dczid & DCZID_BS_MASK),
			       (unsigned long long)(have->dczid & DCZID_BS_MASK));
	id_feature_array(want, w);
	id_feature_array(have, h);
	return snapid_check_all(w, h, "this host's KVM", err);
}

/* Offer the snapshot's values; KVM takes what it can present (see above). */
static void id_offer(struct kvm_vcpu *v, const struct snap_id_regs *want)
{
	struct snap_id_regs id = *want;

	for (size_t i = 0; i < sizeof(id_slots) / sizeof(id_slots[0]); i++)
		(void)kvm_debug_reg(v, SYSREG_ID(id_slots[i].key),
				    id_field(&id, id_slots[i].off), true);
}

int kvm_snap_id_load(struct kvm_state *ks, struct kvm_vcpu *v,
		     const struct snap_id_regs *want, struct av_err *err)
{
	struct snap_id_regs have;
	int ret = id_read(v, &have, err);

	if (!ret)
		ret = id_compare(want, &have, err);
	if (ret)
		return ret;
	id_offer(v, want);
	ks->id_seen = *want;
	ks->id_loaded = true;
	return 0;
}
