// SPDX-License-Identifier: GPL-2.0
/*
 * KVM vCPUs: created with the preferred target and PSCI 0.2 handled in
 * the kernel; secondaries start powered off until the guest's CPU_ON;
 * boot registers through ONE_REG (api.rst "KVM_ARM_VCPU_INIT").
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <asm/kvm.h>
#include <linux/kvm.h>

#include "boot.h"
#include "io/kvm_eventfd.h"
#include "kvm_int.h"
#include "vm.h"

/* kvm_regs.c builds these ids without <linux/kvm.h>: they must agree. */
_Static_assert(KVMA_REG_ARM64 == KVM_REG_ARM64, "KVM_REG_ARM64");
_Static_assert(KVMA_REG_SIZE_U64 == KVM_REG_SIZE_U64, "KVM_REG_SIZE_U64");
_Static_assert(KVMA_REG_ARM_CORE == KVM_REG_ARM_CORE, "KVM_REG_ARM_CORE");
_Static_assert(KVMA_REG_ARM64_SYSREG == KVM_REG_ARM64_SYSREG, "KVM_REG_ARM64_SYSREG");
_Static_assert(KVMA_CORE_PC == offsetof(struct kvm_regs, regs.pc) / 4, "pc offset");
_Static_assert(KVMA_CORE_PSTATE == offsetof(struct kvm_regs, regs.pstate) / 4, "pstate");
_Static_assert(KVMA_CORE_X(3) == offsetof(struct kvm_regs, regs.regs[3]) / 4, "x3");
_Static_assert(KVMA_IRQ_TYPE_SPI == KVM_ARM_IRQ_TYPE_SPI, "SPI type");
_Static_assert(KVMA_IRQ_TYPE_PPI == KVM_ARM_IRQ_TYPE_PPI, "PPI type");

/* MPIDR_EL1 is op0 3, op1 0, CRn 0, CRm 0, op2 5; affinity bits only in the DTB. */
#define MPIDR_AFF_MASK 0xff00ffffffULL

int kvm_vcpu_set_reg(struct kvm_vcpu *v, uint64_t id, uint64_t val,
		     struct av_err *err)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&val };

	if (ioctl(v->fd, KVM_SET_ONE_REG, &reg) < 0)
		return av_errf_errno(err, errno, "KVM_SET_ONE_REG 0x%llx", (unsigned long long)id);
	return 0;
}

static int kvm_vcpu_get_reg(struct kvm_vcpu *v, uint64_t id, uint64_t *val,
			    struct av_err *err)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)val };

	if (ioctl(v->fd, KVM_GET_ONE_REG, &reg) < 0)
		return av_errf_errno(err, errno, "KVM_GET_ONE_REG 0x%llx", (unsigned long long)id);
	return 0;
}

/* (Re)initialise: also the reset path, as KVM_ARM_VCPU_INIT resets the vCPU. */
int kvm_vcpu_init(struct kvm_state *ks, unsigned int idx, bool powered_off,
		  struct av_err *err)
{
	struct kvm_vcpu_init init;

	memset(&init, 0, sizeof(init));
	init.target = (uint32_t)ks->preferred_target;
	init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (powered_off)
		init.features[0] |= 1u << KVM_ARM_VCPU_POWER_OFF;
	if (ks->pmu)
		init.features[0] |= 1u << KVM_ARM_VCPU_PMU_V3;
	if (ioctl(ks->vcpus[idx].fd, KVM_ARM_VCPU_INIT, &init) < 0)
		return av_errf_errno(err, errno, "KVM_ARM_VCPU_INIT of vCPU %u", idx);
	/*
	 * A vCPU stopped for the reset in an MMIO exit: the next KVM_RUN
	 * would complete that access on the reset vCPU (a load's register
	 * written, the PC stepped: arch/arm64/kvm/arm.c completes it when
	 * exit_reason still says KVM_EXIT_MMIO). The access belongs to the
	 * machine that is gone.
	 */
	if (ks->vcpus[idx].run)
		ks->vcpus[idx].run->exit_reason = KVM_EXIT_UNKNOWN;
	return 0;
}

int kvm_vcpu_create(struct vm *vm, unsigned int idx, struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_vcpu *v = &ks->vcpus[idx];
	uint64_t mpidr;
	void *run;
	int ret;

	v->fd = ioctl(ks->vm_fd, KVM_CREATE_VCPU, (unsigned long)idx);
	if (v->fd < 0)
		return av_errf_errno(err, errno, "KVM_CREATE_VCPU %u", idx);
	ks->nvcpus = idx + 1;
	run = mmap(NULL, (size_t)ks->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   v->fd, 0);
	if (run == MAP_FAILED)
		return av_errf_errno(err, errno, "mmap of vCPU %u", idx);
	v->run = run;
	if (idx == 0) {
		ret = kvm_coalesce_init(ks, err);
		if (ret)
			return ret;
	}
	ret = kvm_vcpu_init(ks, idx, idx != 0, err);
	if (ret)
		return ret;
	/* The kernel chose the MPIDR; the DTB must name the same one. */
	ret = kvm_vcpu_get_reg(v, kvm_sysreg_id(3, 0, 0, 0, 5), &mpidr, err);
	if (ret)
		return ret;
	vm->mpidr[idx] = mpidr & MPIDR_AFF_MASK;
	return 0;
}

static int kvm_vcpu_set_boot_regs(struct kvm_vcpu *v, const struct boot_regs *regs,
				  struct av_err *err)
{
	unsigned int i;
	int ret;

	for (i = 0; i < 4; i++) {
		ret = kvm_vcpu_set_reg(v, kvm_core_reg_id(KVMA_CORE_X(i)), regs->x[i], err);
		if (ret)
			return ret;
	}
	ret = kvm_vcpu_set_reg(v, kvm_core_reg_id(KVMA_CORE_PSTATE),
			       KVMA_PSTATE_EL1H_MASKED, err);
	if (ret)
		return ret;
	return kvm_vcpu_set_reg(v, kvm_core_reg_id(KVMA_CORE_PC), regs->pc, err);
}

int kvm_vm_reset(struct vm *vm, const struct boot_regs *regs, struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	unsigned int i;
	int ret;

	kvm_eventfd_reset(ks);
	for (i = 0; i < ks->nvcpus; i++) {
		ret = kvm_vcpu_init(ks, i, i != 0, err);
		if (ret)
			return ret;
	}
	return kvm_vcpu_set_boot_regs(&ks->vcpus[0], regs, err);
}
