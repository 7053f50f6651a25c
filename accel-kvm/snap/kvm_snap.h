/* SPDX-License-Identifier: GPL-2.0 */
/*
 * accel-kvm's side of the snapshot seam (include/snapshot.h): the vCPU
 * (kvm_snap_cpu.c), the vGIC and vITS (kvm_snap_gic.c), and the CPU
 * model check (kvm_snap_id.c). The check needs no /dev/kvm and is built
 * on every host, so its unit test runs here and a TCG restore can ask
 * the same question of its own ID registers.
 */
#ifndef ACCEL_KVM_SNAP_H
#define ACCEL_KVM_SNAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * The AArch64 feature ID registers whose fields a guest builds on at boot
 * (ARM ARM D19.2, "AArch64 Identification registers"), by their
 * op0:op1:CRn:CRm:op2 key as MRS holds it (bits 20:5).
 */
#define SNAPID_KEY(crm, op2)	((uint16_t)((3u << 14) | ((crm) << 3) | (op2)))
#define SNAPID_PFR0	SNAPID_KEY(4, 0)
#define SNAPID_PFR1	SNAPID_KEY(4, 1)
#define SNAPID_ZFR0	SNAPID_KEY(4, 4)
#define SNAPID_DFR0	SNAPID_KEY(5, 0)
#define SNAPID_ISAR0	SNAPID_KEY(6, 0)
#define SNAPID_ISAR1	SNAPID_KEY(6, 1)
#define SNAPID_ISAR2	SNAPID_KEY(6, 2)
#define SNAPID_MMFR0	SNAPID_KEY(7, 0)
#define SNAPID_MMFR1	SNAPID_KEY(7, 1)
#define SNAPID_MMFR2	SNAPID_KEY(7, 2)

/* The registers above, in this order; snapid_keys[i] for i < SNAPID_NREGS. */
#define SNAPID_NREGS	10
extern const uint16_t snapid_keys[SNAPID_NREGS];

/* "ID_AA64ISAR0_EL1" for a key of the table, else NULL. */
const char *snapid_reg_name(uint16_t key);

/*
 * Can a CPU whose ID register key reads offer run a guest that read
 * saved at boot? Every feature field of saved must be offered at the same
 * or a higher level (signed fields compared as signed, D19.1.3 "Principles
 * of the ID scheme"); the exact fields (e.g. DCZID-like sizes) must be
 * equal. On a mismatch: -EINVAL and a message naming the first field,
 * e.g. "ID_AA64ISAR0_EL1.SHA3: snapshot has 1, this host's KVM offers 0",
 * where host is the "this host's KVM" part.
 */
int snapid_check(uint16_t key, uint64_t saved, uint64_t offer,
		 const char *host, struct av_err *err);

/* snapid_check over the table: saved[i] and offer[i] for snapid_keys[i]. */
int snapid_check_all(const uint64_t *saved, const uint64_t *offer,
		     const char *host, struct av_err *err);

/* ---- The /dev/kvm side (aarch64 builds only) ---- */

struct vm;
struct kvm_state;
struct kvm_vcpu;
struct snap_cpu;
struct snap_gic;
struct snap_its;
struct snap_id_regs;
struct snap_machine;

/* accel_ops.snap_save / snap_load (kvm_snap.c). */
int kvm_snap_save(struct vm *vm, struct snap_machine *m, struct av_err *err);
int kvm_snap_load(struct vm *vm, const struct snap_machine *m, struct av_err *err);

/* vCPU idx to and from c (kvm_snap_cpu.c). */
int kvm_snap_cpu_save(struct vm *vm, unsigned int idx, struct snap_cpu *c,
		      struct av_err *err);
int kvm_snap_cpu_load(struct vm *vm, unsigned int idx, const struct snap_cpu *c,
		      struct av_err *err);

/* The ID registers (kvm_snap_model.c): record them, or check and offer them. */
int kvm_snap_id_save(struct kvm_state *ks, struct kvm_vcpu *v,
		     struct snap_id_regs *id, struct av_err *err);
int kvm_snap_id_load(struct kvm_state *ks, struct kvm_vcpu *v,
		     const struct snap_id_regs *want, struct av_err *err);

/*
 * CNTFRQ_EL0 as this host's firmware set it, which is what a KVM guest
 * reads (KVM does not trap it); aarch64 builds only (kvm_snap_cpu.c).
 */
uint64_t kvm_snap_cntfrq(void);

/* The vGIC and vITS (kvm_snap_gic.c, kvm_snap_its.c); guest RAM is loaded first. */
int kvm_snap_gic_save(struct vm *vm, struct snap_gic *g, struct av_err *err);
int kvm_snap_gic_load(struct vm *vm, const struct snap_gic *g, struct av_err *err);
int kvm_snap_its_save(struct vm *vm, struct snap_its *its, struct av_err *err);
int kvm_snap_its_load(struct vm *vm, const struct snap_its *its, struct av_err *err);

#endif
