// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's PMU under KVM (Documentation/virt/kvm/devices/vcpu.rst,
 * "GROUP: KVM_ARM_VCPU_PMU_V3_CTRL"): when the host's KVM offers
 * KVM_CAP_ARM_PMU_V3, every vCPU is created with the KVM_ARM_VCPU_PMU_V3
 * feature, and once the in-kernel vGIC is initialised each gets its
 * overflow interrupt (PPI 23, the same for all, as the DT node says:
 * docs/pmu.md) and then KVM_ARM_VCPU_PMU_V3_INIT. Without the capability
 * the guest has no PMU (KVM then shows ID_AA64DFR0_EL1.PMUVer = 0) and
 * the DT no PMU node.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/ioctl.h>

#include <linux/kvm.h>

#include "board.h"
#include "kvm_int.h"
#include "log.h"
#include "vm.h"

void kvm_pmu_probe(struct kvm_state *ks)
{
	ks->pmu = ioctl(ks->vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_PMU_V3) > 0;
	if (log_enabled(LOG_KVM))
		log_printf(LOG_KVM, "kvm: guest PMU: %s\n",
			   ks->pmu ? "PMUv3 (KVM_ARM_VCPU_PMU_V3)" : "none (no KVM_CAP_ARM_PMU_V3)");
}

static int pmu_attr(struct kvm_vcpu *v, uint64_t attr, void *addr)
{
	struct kvm_device_attr a = {
		.group = KVM_ARM_VCPU_PMU_V3_CTRL,
		.attr = attr,
		.addr = (uint64_t)(uintptr_t)addr,
	};

	return ioctl(v->fd, KVM_SET_DEVICE_ATTR, &a);
}

int kvm_pmu_init(struct kvm_state *ks, struct av_err *err)
{
	int irq = VIRT_PPI_PMU;

	if (!ks->pmu)
		return 0;
	for (unsigned int i = 0; i < ks->nvcpus; i++) {
		if (pmu_attr(&ks->vcpus[i], KVM_ARM_VCPU_PMU_V3_IRQ, &irq) < 0)
			return av_errf_errno(err, errno,
					     "KVM_ARM_VCPU_PMU_V3_IRQ (PPI %d) of vCPU %u", irq, i);
		if (pmu_attr(&ks->vcpus[i], KVM_ARM_VCPU_PMU_V3_INIT, NULL) < 0)
			return av_errf_errno(err, errno, "KVM_ARM_VCPU_PMU_V3_INIT of vCPU %u", i);
	}
	return 0;
}
