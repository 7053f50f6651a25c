/* SPDX-License-Identifier: GPL-2.0 */
/*
 * accel-kvm internals.
 *
 * The pure encodings (register ids, IPA sizing, IRQ line numbers) are
 * built on every host so they can be unit-tested without /dev/kvm; the
 * ioctl code is only built for aarch64.
 */
#ifndef ACCEL_KVM_INT_H
#define ACCEL_KVM_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "guestmem.h"
#include "snapshot.h"

struct vm;
struct boot_regs;

/* Can KVM run here? If not, why names what the user can do. */
bool kvm_host_check(struct av_err *why);
/* The /dev/kvm part of it: kvm_vm.c on aarch64 builds, kvm_none.c elsewhere. */
bool kvm_dev_check(struct av_err *why);

/*
 * ONE_REG ids (Linux arch/arm64/include/uapi/asm/kvm.h, and
 * Documentation/virt/kvm/api.rst "KVM_SET_ONE_REG"): core registers are
 * addressed by their 32-bit-word offset in struct kvm_regs.
 */
#define KVMA_REG_ARM64		0x6000000000000000ULL
#define KVMA_REG_SIZE_U64	0x0030000000000000ULL
#define KVMA_REG_ARM_CORE	(0x0010ULL << 16)
#define KVMA_REG_ARM64_SYSREG	(0x0013ULL << 16)

/* Word offsets in struct kvm_regs (user_pt_regs: x0..x30, sp, pc, pstate). */
#define KVMA_CORE_X(n)		((uint64_t)(n) * 2)
#define KVMA_CORE_SP		(31 * 2)
#define KVMA_CORE_PC		(32 * 2)
#define KVMA_CORE_PSTATE	(33 * 2)

uint64_t kvm_core_reg_id(uint64_t word_offset);

/*
 * The same ids through the uapi's own macros (aarch64 builds, which have
 * <linux/kvm.h>): a struct kvm_regs member of 64 or 32 bits, a V register.
 */
#define KVM_CORE64(name) (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
			  KVM_REG_ARM_CORE_REG(name))
#define KVM_CORE32(name) (KVM_REG_ARM64 | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | \
			  KVM_REG_ARM_CORE_REG(name))
#define KVM_VREG(n) (KVM_REG_ARM64 | KVM_REG_SIZE_U128 | KVM_REG_ARM_CORE | \
		     KVM_REG_ARM_CORE_REG(fp_regs.vregs[n]))
/* System register id from its op0, op1, CRn, CRm, op2 encoding. */
uint64_t kvm_sysreg_id(unsigned int op0, unsigned int op1, unsigned int crn,
		       unsigned int crm, unsigned int op2);

/*
 * KVM_IRQ_LINE's irq field (api.rst "KVM_IRQ_LINE", arm64): type in bits
 * 31..24 (1 = SPI, 2 = PPI), vCPU index in 23..16 (PPIs only), the INTID
 * in 15..0. Returns false for an INTID that is neither (SGIs are the
 * guest's own).
 */
#define KVMA_IRQ_TYPE_SPI	1
#define KVMA_IRQ_TYPE_PPI	2
bool kvm_irq_line_encode(unsigned int intid, unsigned int vcpu, uint32_t *out);

/*
 * The IPA size the VM needs for RAM ending at ram_end (exclusive): the
 * number of address bits, at least 32 (KVM's minimum). 0 means "the
 * default 40 bits will do" (KVM_CREATE_VM type 0).
 */
unsigned int kvm_ipa_bits_needed(uint64_t ram_end);

/*
 * The mpidr field of a vGIC attribute (REDIST_REGS, CPU_SYSREGS,
 * LEVEL_INFO; arm-vgic-v3.rst): Aff3, Aff2, Aff1, Aff0 in bits 63..32.
 */
uint64_t kvm_vgic_mpidr_attr(uint64_t mpidr);

/*
 * Active priority registers (ICC_AP0Rn/AP1Rn, IHI 0069 12.2.1): a
 * snapshot keeps one bit per group of the 5 priority bits both
 * accelerators implement (32 groups); a CPU interface with pribits > 5
 * has 2^(pribits - 5) groups for each of those, the first standing for
 * it, spread over kvm_vgic_apr_count(pribits) registers.
 */
unsigned int kvm_vgic_apr_count(unsigned int pribits);
void kvm_vgic_apr_to_kvm(uint32_t groups, unsigned int pribits, uint64_t kvm[4]);
uint32_t kvm_vgic_apr_from_kvm(const uint64_t kvm[4], unsigned int pribits);

/* PSTATE at entry: EL1h with D, A, I, F masked (booting.rst). */
#define KVMA_PSTATE_EL1H_MASKED	0x3c5ULL

#define KVM_MAX_VCPUS 123

struct kvm_vcpu {
	int fd;
	struct kvm_run *run;
	pthread_t thread;
	_Atomic bool running;		/* thread is set and may be in KVM_RUN */
};

/* The coalesced MMIO ring (kvm_coalesce.c); ring NULL: none. */
struct kvm_coalesce {
	struct kvm_coalesced_mmio_ring *ring;
	uint32_t max;			/* its entries (KVM_COALESCED_MMIO_MAX) */
	pthread_mutex_t lock;		/* one drainer at a time, in order */
	unsigned int zones_on;		/* registrations, for -d kvm */
	unsigned long long delivered;	/* writes that made no exit */
};

struct kvm_state {
	int kvm_fd;
	int vm_fd;
	int gic_fd;
	bool its;			/* the in-kernel ITS exists (kvm_gic.c)... */
	int its_fd;			/* ...and its device fd, when its */
	int run_size;
	unsigned int ipa_bits;
	int preferred_target;
	struct kvm_vcpu vcpus[KVM_MAX_VCPUS];
	unsigned int nvcpus;
	struct kvm_debug *debug;	/* the gdbstub's state (kvm_debug.c), or NULL */
	struct kvm_eventfds *efd;	/* virtio ioeventfds/irqfds (kvm_eventfd.c) */
	struct kvm_coalesce coalesce;
	/* MMIO KVM cannot decode exits to us (KVM_CAP_ARM_NISV_TO_USER)... */
	bool nisv_to_user;
	/* ...and becomes the guest's external data abort (KVM_CAP_ARM_INJECT_EXT_DABT). */
	bool inject_ext_dabt;
	/* The vCPUs have KVM's PMUv3 (kvm_pmu.c, KVM_CAP_ARM_PMU_V3). */
	bool pmu;
	/*
	 * The CPU model of a guest loaded from a snapshot (kvm_snap_model.c):
	 * what it saw at boot, which a later snapshot records again.
	 */
	bool id_loaded;
	struct snap_id_regs id_seen;
	/* Which ROM devices (flash banks) have their read-only slot now. */
	bool romd_mapped[GUEST_ROMD_MAX];
};

int kvm_vm_create(struct vm *vm, struct av_err *err);
void kvm_rom_mode(struct vm *vm, unsigned int idx, bool readable);
/* kvm_pmu.c: does KVM give vCPUs a PMU; its IRQ and init after the vGIC's. */
void kvm_pmu_probe(struct kvm_state *ks);
int kvm_pmu_init(struct kvm_state *ks, struct av_err *err);
void kvm_vm_destroy(struct vm *vm);
int kvm_vm_reset(struct vm *vm, const struct boot_regs *regs, struct av_err *err);
int kvm_gic_create(struct vm *vm, struct kvm_state *ks, struct av_err *err);
int kvm_gic_finalize(struct vm *vm, struct kvm_state *ks, struct av_err *err);
/* Machine reset of the vITS (KVM_DEV_ARM_ITS_CTRL_RESET); its fd's close. */
int kvm_its_reset(struct kvm_state *ks, struct av_err *err);
void kvm_its_close(struct kvm_state *ks);
/* accel_ops.msi_send: KVM_SIGNAL_MSI to the vITS, or the v2m frame. */
int kvm_msi_send(struct vm *vm, uint64_t addr, uint32_t data, uint32_t devid);

/* GITS_TRANSLATER, in the ITS's second 64 KiB frame (IHI 0069 12.19). */
#define KVM_GITS_TRANSLATER	0x10040
int kvm_vcpu_create(struct vm *vm, unsigned int idx, struct av_err *err);
int kvm_vcpu_init(struct kvm_state *ks, unsigned int idx, bool powered_off,
		  struct av_err *err);
int kvm_vcpu_set_reg(struct kvm_vcpu *v, uint64_t id, uint64_t val,
		     struct av_err *err);
int kvm_vcpu_run(struct vm *vm, unsigned int idx, struct av_err *err);
void kvm_vcpu_kick(struct vm *vm, unsigned int idx);
/*
 * On vCPU idx's thread, before it parks: finish the MMIO access of its
 * last exit without running guest code, so its registers are whole for
 * a snapshot or a debugger.
 */
void kvm_vcpu_settle(struct kvm_state *ks, unsigned int idx);
void kvm_irq_line(struct vm *vm, unsigned int intid, int level);
int kvm_kick_signal_setup(struct av_err *err);
/* Coalesced MMIO (kvm_coalesce.c): set up once vCPU 0 is mapped. */
int kvm_coalesce_init(struct kvm_state *ks, struct av_err *err);
void kvm_coalesce_destroy(struct kvm_state *ks);
void kvm_coalesce_log_counts(const struct kvm_state *ks);
int kvm_mmio_coalesce(struct vm *vm, uint64_t addr, uint64_t size, bool on);
/* Queued writes to the MMIO bus, oldest first; any thread. */
void kvm_coalesce_drain(struct vm *vm);

#endif
