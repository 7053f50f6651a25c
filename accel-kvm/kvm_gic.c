// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel vGIC at the board's addresses: GICv3 when the host has
 * it (or when asked), else GICv2 (Documentation/virt/kvm/devices/
 * arm-vgic-v3.rst and arm-vgic.rst), with the vITS on GICv3 boards
 * (arm-vgic-its.rst). The arch timer stays in the kernel.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "board.h"
#include "config.h"
#include "gicv2m.h"
#include "kvm_int.h"
#include "log.h"
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

static int kvm_its_attr(int fd, uint32_t group, uint64_t attr, const void *val,
			struct av_err *err)
{
	struct kvm_device_attr a = {
		.group = group,
		.attr = attr,
		.addr = (uintptr_t)val,
	};

	if (ioctl(fd, KVM_SET_DEVICE_ATTR, &a) < 0)
		return av_errf_errno(err, errno, "vITS attribute %u/%llu", group,
				     (unsigned long long)attr);
	return 0;
}

/*
 * The in-kernel ITS (Documentation/virt/kvm/devices/arm-vgic-its.rst),
 * made after the vGICv3 is initialised, as QEMU's kvm_arm_its_realize():
 * its base address, then KVM_DEV_ARM_VGIC_CTRL_INIT. MSIs go through the
 * VM's fd (KVM_SIGNAL_MSI); the device's fd is kept for the machine
 * reset only.
 */
static int kvm_its_create(struct kvm_state *ks, struct av_err *err)
{
	uint64_t base = virt_memmap[VIRT_GIC_ITS].base;
	int fd = kvm_gic_try(ks, KVM_DEV_TYPE_ARM_VGIC_ITS, false);
	int ret;

	if (fd < 0)
		return av_errf_errno(err, -fd,
				     "cannot create the in-kernel GICv3 ITS (use -M virt,its=off)");
	ret = kvm_its_attr(fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_ITS_ADDR_TYPE,
			   &base, err);
	if (!ret)
		ret = kvm_its_attr(fd, KVM_DEV_ARM_VGIC_GRP_CTRL,
				   KVM_DEV_ARM_VGIC_CTRL_INIT, NULL, err);
	if (ret) {
		close(fd);
		return ret;
	}
	ks->its = true;
	ks->its_fd = fd;
	return 0;
}

/*
 * A guest reboot forgets the ITS's mappings and registers, as QEMU's
 * kvm_arm_its_reset_hold() asks of KVM. Kernels before 4.19 lack
 * KVM_DEV_ARM_ITS_CTRL_RESET (KVM_HAS_DEVICE_ATTR says so): the rebooted
 * guest then finds the ITS as it left it and reprograms it, as after
 * kexec.
 */
int kvm_its_reset(struct kvm_state *ks, struct av_err *err)
{
	struct kvm_device_attr a = {
		.group = KVM_DEV_ARM_VGIC_GRP_CTRL,
		.attr = KVM_DEV_ARM_ITS_CTRL_RESET,
	};

	if (!ks->its || ioctl(ks->its_fd, KVM_HAS_DEVICE_ATTR, &a) < 0)
		return 0;
	return kvm_its_attr(ks->its_fd, KVM_DEV_ARM_VGIC_GRP_CTRL,
			    KVM_DEV_ARM_ITS_CTRL_RESET, NULL, err);
}

void kvm_its_close(struct kvm_state *ks)
{
	if (ks && ks->its) {
		close(ks->its_fd);
		ks->its = false;
	}
}

/*
 * After all vCPUs exist (arm-vgic-v3.rst: KVM_DEV_ARM_VGIC_CTRL_INIT),
 * then the ITS a GICv3 board has unless its=off (hw/arm/virt.c).
 */
int kvm_gic_finalize(struct vm *vm, struct kvm_state *ks, struct av_err *err)
{
	int ret = kvm_gic_attr(ks, KVM_DEV_ARM_VGIC_GRP_CTRL,
			       KVM_DEV_ARM_VGIC_CTRL_INIT, NULL, err);

	if (ret || vm->gic_version != 3 || vm->cfg->its_off)
		return ret;
	return kvm_its_create(ks, err);
}

/*
 * An MSI to GITS_TRANSLATER is the in-kernel ITS's, with the DeviceID
 * (api.rst "KVM_SIGNAL_MSI": KVM_MSI_VALID_DEVID, required once an ITS
 * exists); anything else may be the v2m frame, which is ours in
 * userspace and raises its SPI through KVM_IRQ_LINE (irq_line). A
 * KVM_SIGNAL_MSI result of 0 (the guest has not mapped the event) is
 * the architected drop, not an error of ours.
 */
int kvm_msi_send(struct vm *vm, uint64_t addr, uint32_t data, uint32_t devid)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_msi msi = {
		.address_lo = (uint32_t)addr,
		.address_hi = (uint32_t)(addr >> 32),
		.data = data,
		.flags = KVM_MSI_VALID_DEVID,
		.devid = devid,
	};

	if (addr != virt_memmap[VIRT_GIC_ITS].base + KVM_GITS_TRANSLATER || !ks->its)
		return gicv2m_msi_send(&vm->bus, addr, data);
	if (ioctl(ks->vm_fd, KVM_SIGNAL_MSI, &msi) < 0 && log_enabled(LOG_GUEST_ERRORS))
		log_printf(LOG_GUEST_ERRORS, "KVM_SIGNAL_MSI device %u event %u: %s\n",
			   devid, data, strerror(errno));
	return 0;
}
