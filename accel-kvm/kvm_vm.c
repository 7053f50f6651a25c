// SPDX-License-Identifier: GPL-2.0
/*
 * KVM VM life cycle: /dev/kvm, the API version and the capabilities we
 * rely on, KVM_CREATE_VM with the IPA size RAM needs, guest RAM as memory
 * slot 0, the flash banks as read-only slots 1 and 2 while they read as
 * arrays, and the in-kernel vGIC (Documentation/virt/kvm/api.rst).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "io/kvm_eventfd.h"
#include "kvm_int.h"
#include "log.h"
#include "log.h"
#include "vm.h"

/* Can /dev/kvm be opened? (kvm.c asks after the host check.) */
bool kvm_dev_check(struct av_err *why)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			av_errf(why, ENODEV,
				"/dev/kvm does not exist: load the kvm module, or run on a host with virtualization enabled; or use -accel tcg");
		else if (errno == EACCES || errno == EPERM)
			av_errf(why, EACCES,
				"no permission to open /dev/kvm: add yourself to the kvm group, or use -accel tcg");
		else
			av_errf(why, errno, "cannot open /dev/kvm: %s; use -accel tcg",
				strerror(errno));
		return false;
	}
	close(fd);
	return true;
}

struct kvm_cap_need {
	int cap;
	const char *name;
};

/* Without any of these the VM cannot be built as the board needs it. */
static const struct kvm_cap_need kvm_caps_needed[] = {
	{ KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY" },
	{ KVM_CAP_ONE_REG, "KVM_CAP_ONE_REG" },
	{ KVM_CAP_ARM_PSCI_0_2, "KVM_CAP_ARM_PSCI_0_2" },
	{ KVM_CAP_DEVICE_CTRL, "KVM_CAP_DEVICE_CTRL" },
	{ KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT" },
};

static int kvm_check_caps(struct kvm_state *ks, struct av_err *err)
{
	size_t i;

	for (i = 0; i < sizeof(kvm_caps_needed) / sizeof(kvm_caps_needed[0]); i++)
		if (ioctl(ks->kvm_fd, KVM_CHECK_EXTENSION, kvm_caps_needed[i].cap) <= 0)
			return av_errf(err, ENOTSUP,
				       "this host's KVM lacks %s, which armvisor needs",
				       kvm_caps_needed[i].name);
	return 0;
}

static int kvm_open(struct kvm_state *ks, struct av_err *err)
{
	int version;

	ks->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (ks->kvm_fd < 0)
		return kvm_host_check(err) ? av_errf_errno(err, errno, "/dev/kvm") : -err->code;
	version = ioctl(ks->kvm_fd, KVM_GET_API_VERSION, 0);
	if (version != KVM_API_VERSION)
		return av_errf(err, ENOTSUP, "KVM API version %d, armvisor needs %d",
			       version, KVM_API_VERSION);
	ks->run_size = ioctl(ks->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (ks->run_size <= 0)
		return av_errf_errno(err, errno, "KVM_GET_VCPU_MMAP_SIZE");
	return kvm_check_caps(ks, err);
}

/* KVM_CAP_ARM_VM_IPA_SIZE: how many IPA bits this host's stage 2 offers. */
static int kvm_create_vm(struct vm *vm, struct kvm_state *ks, struct av_err *err)
{
	uint64_t ram_end = vm->ram.base + vm->ram.size;
	unsigned int bits = kvm_ipa_bits_needed(ram_end);
	int max = ioctl(ks->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_VM_IPA_SIZE);
	unsigned long type = 0;

	if (bits) {
		if (max <= 0 || (unsigned int)max < bits)
			return av_errf(err, ERANGE,
				       "-m %llu MiB needs %u bits of guest physical address space; this host's KVM offers %d: use less memory",
				       (unsigned long long)(vm->ram.size >> 20), bits,
				       max > 0 ? max : 40);
		type = KVM_VM_TYPE_ARM_IPA_SIZE(bits);
	}
	ks->ipa_bits = bits ? bits : 40;
	ks->vm_fd = ioctl(ks->kvm_fd, KVM_CREATE_VM, type);
	if (ks->vm_fd < 0)
		return av_errf_errno(err, errno, "KVM_CREATE_VM");
	return 0;
}

/*
 * A guest access to MMIO that KVM cannot emulate (no valid syndrome:
 * ESR_ELx.ISV = 0, e.g. LDP/STP or a write-back form, ARM ARM D17.2.40)
 * makes KVM_RUN fail with ENOSYS, ending the VM, unless the VMM takes
 * such exits itself. With both capabilities the VMM injects an external
 * data abort, as QEMU does, so only the guest sees the fault
 * (Documentation/virt/kvm/api.rst, KVM_CAP_ARM_NISV_TO_USER). Without
 * them nothing changes.
 */
static void kvm_enable_nisv(struct kvm_state *ks)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_ARM_NISV_TO_USER };

	ks->inject_ext_dabt =
		ioctl(ks->vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_INJECT_EXT_DABT) > 0;
	if (!ks->inject_ext_dabt ||
	    ioctl(ks->vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_NISV_TO_USER) <= 0)
		return;
	ks->nisv_to_user = ioctl(ks->vm_fd, KVM_ENABLE_CAP, &cap) == 0;
	if (log_enabled(LOG_KVM))
		log_printf(LOG_KVM, "kvm: undecodable MMIO becomes a data abort: %s\n",
			   ks->nisv_to_user ? "yes" : "no (KVM_ENABLE_CAP failed)");
}

static int kvm_map_ram(struct vm *vm, struct kvm_state *ks, struct av_err *err)
{
	struct kvm_userspace_memory_region region = {
		.slot = 0,
		.guest_phys_addr = vm->ram.base,
		.memory_size = vm->ram.size,
		.userspace_addr = (uintptr_t)vm->ram.host,
	};

	if (ioctl(ks->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return av_errf_errno(err, errno, "KVM_SET_USER_MEMORY_REGION");
	return 0;
}

/* Slot 0 is RAM; ROM device i (vm->ram.romd[i]) is slot 1 + i. */
#define KVM_ROMD_SLOT0	1

/*
 * Map ROM device idx as a read-only memory slot (KVM_MEM_READONLY: reads
 * and instruction fetches use its host bytes, writes exit as MMIO to the
 * device, api.rst 4.35), or delete the slot (memory_size 0) so that every
 * access exits: a flash bank in a command mode answers reads with status
 * or query words, which only the device model can give.
 */
static int kvm_romd_slot(struct kvm_state *ks, const struct guest_romd *rom,
			 unsigned int idx, bool map)
{
	struct kvm_userspace_memory_region region = {
		.slot = KVM_ROMD_SLOT0 + idx,
		.flags = KVM_MEM_READONLY,
		.guest_phys_addr = rom->base,
		.memory_size = map ? rom->size : 0,
		.userspace_addr = (uintptr_t)rom->host,
	};

	return ioctl(ks->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0 ? -errno : 0;
}

/* The flash banks as they are at creation (read-array: mapped). */
static int kvm_map_romd(struct vm *vm, struct kvm_state *ks, struct av_err *err)
{
	unsigned int i;
	int ret;

	if (vm->ram.nromd &&
	    ioctl(ks->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_READONLY_MEM) <= 0)
		return av_errf(err, ENOTSUP,
			       "this host's KVM lacks KVM_CAP_READONLY_MEM, which firmware in flash needs: use -accel tcg");
	for (i = 0; i < vm->ram.nromd; i++) {
		ks->romd_mapped[i] = atomic_load(vm->ram.romd[i].readable);
		if (!ks->romd_mapped[i])
			continue;
		ret = kvm_romd_slot(ks, &vm->ram.romd[i], i, true);
		if (ret)
			return av_errf_errno(err, -ret,
					     "KVM_SET_USER_MEMORY_REGION (flash bank %u)", i);
	}
	return 0;
}

/*
 * accel_ops.rom_mode: a bank entered or left read-array mode. A failure
 * leaves every access to the device on the MMIO path, which still reads
 * right (the model serves array reads too) but cannot run code from it:
 * said once in the log.
 */
void kvm_rom_mode(struct vm *vm, unsigned int idx, bool readable)
{
	struct kvm_state *ks = vm->accel_state;
	int ret;

	if (!ks || idx >= vm->ram.nromd || ks->romd_mapped[idx] == readable)
		return;
	ret = kvm_romd_slot(ks, &vm->ram.romd[idx], idx, readable);
	if (ret) {
		log_printf(LOG_GUEST_ERRORS, "kvm: cannot %s flash bank %u: %s\n",
			   readable ? "map" : "unmap", idx, strerror(-ret));
		return;
	}
	ks->romd_mapped[idx] = readable;
	if (log_enabled(LOG_KVM))
		log_printf(LOG_KVM, "kvm: flash bank %u %s\n", idx,
			   readable ? "mapped read-only (read array)" : "unmapped (command mode)");
}

static int kvm_preferred_target(struct kvm_state *ks, struct av_err *err)
{
	struct kvm_vcpu_init init;

	memset(&init, 0, sizeof(init));
	if (ioctl(ks->vm_fd, KVM_ARM_PREFERRED_TARGET, &init) < 0)
		return av_errf_errno(err, errno, "KVM_ARM_PREFERRED_TARGET");
	ks->preferred_target = (int)init.target;
	return 0;
}

int kvm_vm_create(struct vm *vm, struct av_err *err)
{
	struct kvm_state *ks = calloc(1, sizeof(*ks));
	int ret;

	if (!ks)
		return av_errf(err, ENOMEM, "out of memory");
	ks->kvm_fd = ks->vm_fd = ks->gic_fd = -1;
	vm->accel_state = ks;
	ret = kvm_open(ks, err);
	if (!ret)
		ret = kvm_create_vm(vm, ks, err);
	if (!ret) {
		kvm_enable_nisv(ks);
		kvm_pmu_probe(ks);
		ret = kvm_map_ram(vm, ks, err);
	}
	if (!ret)
		ret = kvm_map_romd(vm, ks, err);
	if (!ret)
		ret = kvm_preferred_target(ks, err);
	if (!ret)
		ret = kvm_gic_create(vm, ks, err);
	if (!ret)
		ret = kvm_eventfd_init(ks, err);
	return ret;
}

void kvm_vm_destroy(struct vm *vm)
{
	struct kvm_state *ks = vm->accel_state;
	unsigned int i;

	if (!ks)
		return;
	kvm_eventfd_destroy(ks);	/* before the VM fd it registered with */
	if (log_enabled(LOG_KVM))
		kvm_coalesce_log_counts(ks);
	kvm_coalesce_destroy(ks);	/* before the mapping that holds its ring */
	for (i = 0; i < ks->nvcpus; i++) {
		if (ks->vcpus[i].run)
			munmap(ks->vcpus[i].run, (size_t)ks->run_size);
		if (ks->vcpus[i].fd >= 0)
			close(ks->vcpus[i].fd);
	}
	if (ks->gic_fd >= 0)
		close(ks->gic_fd);
	if (ks->vm_fd >= 0)
		close(ks->vm_fd);
	if (ks->kvm_fd >= 0)
		close(ks->kvm_fd);
	free(ks);
	vm->accel_state = NULL;
}
