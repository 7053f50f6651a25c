// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel vGIC at the board's addresses: GICv3 when the host has
 * it (or when asked), else GICv2 (Documentation/virt/kvm/devices/
 * arm-vgic-v3.rst and arm-vgic.rst). The arch timer stays in the kernel.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/kvm.h>

#include "board.h"
#include "config.h"
#include "kvm_int.h"
#include "vm.h"

/* SPIs the board may use (virtio up to SPI 47), rounded as QEMU: 256 SPIs + 32 private. */
#define KVM_GIC_NR_IRQS 288

static int kvm_gic_try(struct kvm_state *ks, uint32_t type, bool test)
{
	struct kvm_create_device dev = {
		.type = type,
		.flags = test ? KVM_CREATE_DEVICE_TEST : 0,
	};

	if (ioctl(ks->vm_fd, KVM_CREATE_DEVICE, &dev) < 0)
		return -errno;
	return test ? 0 : (int)dev.fd;
}

static int kvm_gic_attr(struct kvm_state *ks, uint32_t group, uint64_t attr,
			const void *val, struct av_err *err)
{
	struct kvm_device_attr a = {
		.group = group,
		.attr = attr,
		.addr = (uintptr_t)val,
	};

	if (ioctl(ks->gic_fd, KVM_SET_DEVICE_ATTR, &a) < 0)
		return av_errf_errno(err, errno, "vGIC attribute %u/%llu", group,
				     (unsigned long long)attr);
	return 0;
}

/* Which version to create: the asked-for one, or v3 falling back to v2. */
static int kvm_gic_pick(struct vm *vm, struct kvm_state *ks, struct av_err *err)
{
	bool v3 = kvm_gic_try(ks, KVM_DEV_TYPE_ARM_VGIC_V3, true) == 0;
	bool v2 = kvm_gic_try(ks, KVM_DEV_TYPE_ARM_VGIC_V2, true) == 0;

	switch (vm->cfg->gic_version) {
	case GIC_VERSION_3:
		if (!v3)
			return av_errf(err, ENODEV,
				       "this host's KVM has no in-kernel GICv3%s",
				       v2 ? ": use -M gic-version=2" : "");
		return 3;
	case GIC_VERSION_2:
		if (!v2)
			return av_errf(err, ENODEV,
				       "this host's KVM cannot emulate a GICv2 (GICv3 hosts without GICv2 compatibility)%s",
				       v3 ? ": use -M gic-version=3" : "");
		return 2;
	default:
		if (v3)
			return 3;
		if (v2)
			return 2;
		return av_errf(err, ENODEV, "this host's KVM has no in-kernel GIC");
	}
}

static int kvm_gic_set_addrs(struct kvm_state *ks, int version, struct av_err *err)
{
	uint64_t dist = virt_memmap[VIRT_GIC_DIST].base;
	uint64_t second = version == 3 ? virt_memmap[VIRT_GIC_REDIST].base :
					 virt_memmap[VIRT_GIC_CPU].base;
	int ret;

	ret = kvm_gic_attr(ks, KVM_DEV_ARM_VGIC_GRP_ADDR,
			   version == 3 ? KVM_VGIC_V3_ADDR_TYPE_DIST : KVM_VGIC_V2_ADDR_TYPE_DIST,
			   &dist, err);
	if (ret)
		return ret;
	return kvm_gic_attr(ks, KVM_DEV_ARM_VGIC_GRP_ADDR,
			    version == 3 ? KVM_VGIC_V3_ADDR_TYPE_REDIST : KVM_VGIC_V2_ADDR_TYPE_CPU,
			    &second, err);
}

int kvm_gic_create(struct vm *vm, struct kvm_state *ks, struct av_err *err)
{
	uint32_t nr_irqs = KVM_GIC_NR_IRQS;
	int version = kvm_gic_pick(vm, ks, err);
	int fd, ret;

	if (version < 0)
		return version;
	fd = kvm_gic_try(ks, version == 3 ? KVM_DEV_TYPE_ARM_VGIC_V3 :
					    KVM_DEV_TYPE_ARM_VGIC_V2, false);
	if (fd < 0)
		return av_errf_errno(err, -fd, "cannot create the in-kernel GICv%d", version);
	ks->gic_fd = fd;
	vm->gic_version = version;
	if (version == 2 && vm->ncpus > GICV2_MAX_CPUS)
		return av_errf(err, EINVAL, "GICv2 supports at most %d CPUs",
			       GICV2_MAX_CPUS);
	ret = kvm_gic_set_addrs(ks, version, err);
	if (ret)
		return ret;
	return kvm_gic_attr(ks, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr_irqs, err);
}

/* After all vCPUs exist (arm-vgic-v3.rst: KVM_DEV_ARM_VGIC_CTRL_INIT). */
int kvm_gic_finalize(struct kvm_state *ks, struct av_err *err)
{
	return kvm_gic_attr(ks, KVM_DEV_ARM_VGIC_GRP_CTRL,
			    KVM_DEV_ARM_VGIC_CTRL_INIT, NULL, err);
}
