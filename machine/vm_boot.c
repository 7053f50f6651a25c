// SPDX-License-Identifier: GPL-2.0
/*
 * Putting the boot images in guest RAM: kernel, initrd and DTB placed per
 * Documentation/arm64/booting.rst, then the vCPUs reset to enter the
 * kernel. Runs at start and again on every guest reset; in between, the
 * kernel and initrd bytes are not kept in host memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>

#include "board.h"
#include "dtb.h"
#include "fw_cfg.h"
#include "timeline.h"
#include "vm.h"

/* QEMU writes 32 bytes of rng-seed in /chosen (hw/arm/boot.c). */
#define VM_RNG_SEED_LEN 32

static const char *vm_cpu_compatible(const char *cpu)
{
	if (!strcmp(cpu, "cortex-a53"))
		return "arm,cortex-a53";
	if (!strcmp(cpu, "cortex-a72"))
		return "arm,cortex-a72";
	if (!strcmp(cpu, "host"))
		return "arm,arm-v8";
	return "arm,cortex-a57";	/* cortex-a57, and max as QEMU 7.2 names it */
}

/*
 * The MSI controller QEMU 7.2's virt gives the board (hw/arm/virt.c
 * create_gic()): the v2m frame with GICv2, the ITS with GICv3 unless
 * its=off.
 */
static int vm_msi_controller(const struct vm *vm)
{
	if (vm->gic_version == 2)
		return DTB_MSI_V2M;
	return vm->cfg->its_off ? DTB_MSI_NONE : DTB_MSI_ITS;
}

static void vm_dtb_params(struct vm *vm, struct dtb_params *p, uint8_t *seed)
{
	memset(p, 0, sizeof(*p));
	p->ram_base = vm->ram.base;
	p->ram_size = vm->ram.size;
	p->ncpus = vm->ncpus;
	p->mpidr = vm->mpidr;
	p->gic_version = vm->gic_version;
	p->msi_controller = vm_msi_controller(vm);
	p->cpu_compatible = vm_cpu_compatible(vm->cfg->cpu);
	p->bootargs = vm->cfg->append;
	p->initrd_start = vm->layout.initrd_start;
	p->initrd_end = vm->layout.initrd_end;
	if (getrandom(seed, VM_RNG_SEED_LEN, GRND_NONBLOCK) == VM_RNG_SEED_LEN) {
		p->rng_seed = seed;
		p->rng_seed_len = VM_RNG_SEED_LEN;
	}
	p->psci_hvc = 1;
	p->pmu = vm->accel && vm->accel->has_pmu && vm->accel->has_pmu(vm);
	p->sockets = vm->cfg->smp_sockets;
	p->clusters = vm->cfg->smp_clusters;
	p->cores = vm->cfg->smp_cores;
	p->threads = vm->cfg->smp_threads;
	/* QEMU 7.2 writes a kaslr-seed too; Linux ignores a zero one. */
	if (getrandom(&p->kaslr_seed, sizeof(p->kaslr_seed), GRND_NONBLOCK) !=
	    sizeof(p->kaslr_seed))
		p->kaslr_seed = 0;
}

int vm_build_dtb(struct vm *vm, struct av_err *err)
{
	uint8_t seed[VM_RNG_SEED_LEN];
	struct dtb_params p;
	struct boot_blob user = { 0 };
	int ret;

	vm_dtb_params(vm, &p, seed);
	free(vm->fdt);
	vm->fdt = NULL;
	if (!vm->cfg->dtb)
		return dtb_build(&p, &vm->fdt, &vm->fdt_size, err);
	ret = boot_read_file(vm->cfg->dtb, &user, err);
	if (ret)
		return ret;
	ret = dtb_fill_chosen(user.data, user.size, &p, &vm->fdt, &vm->fdt_size, err);
	if (ret)
		av_err_prefix(err, "%s", vm->cfg->dtb);
	boot_blob_free(&user);
	return ret;
}

/*
 * The kernel's and the initrd's places do not depend on the DTB's size
 * (boot/place.c puts the DTB after them), so they are placed first, the
 * DTB is built once with the initrd's final addresses, and then placed.
 * Building it twice (to measure it, then for real) cost start-up time.
 */
static int vm_place(struct vm *vm, struct av_err *err)
{
	struct boot_layout pre;
	int ret = boot_place(&vm->kernel, vm->initrd.size, 0, vm->ram.base,
			     vm->ram.size, &pre, err);

	if (ret)
		return ret;
	vm->layout = pre;
	ret = vm_build_dtb(vm, err);
	if (!ret)
		ret = boot_place(&vm->kernel, vm->initrd.size, vm->fdt_size,
				 vm->ram.base, vm->ram.size, &vm->layout, err);
	if (ret)
		return ret;
	/* Never taken while place.c keeps that order; cheap to be sure. */
	if (vm->layout.initrd_start != pre.initrd_start ||
	    vm->layout.initrd_end != pre.initrd_end)
		return vm_build_dtb(vm, err);
	return 0;
}

static int vm_copy_dtb(struct vm *vm, struct av_err *err)
{
	void *dst = guest_ram_ptr(&vm->ram, vm->layout.dtb_addr, vm->fdt_size);

	if (!dst || vm->fdt_size > vm->layout.dtb_max)
		return av_errf(err, ENOSPC, "the DTB (%zu bytes) does not fit in guest RAM",
			       vm->fdt_size);
	memcpy(dst, vm->fdt, vm->fdt_size);
	return 0;
}

/*
 * After the first boot the kernel and initrd bytes were dropped: read them
 * again from their open files, which must still be the ones that booted
 * (docs/ARCHITECTURE.md, "Start-up"). On the main thread, in its sandbox:
 * fstat and pread only.
 */
static int vm_reload_images(struct vm *vm, struct av_err *err)
{
	int ret = boot_kernel_reload(&vm->kernel, err);

	if (!ret)
		ret = boot_initrd_reload(&vm->initrd, err);
	if (ret)
		av_err_prefix(err, "cannot reset");
	return ret;
}

/* The guest has its copy; a reset reads the files again (vm_reload_images). */
static int vm_copy_images(struct vm *vm, struct av_err *err)
{
	int ret;

	/* The first boot's files may be in place already (boot/prefetch.c). */
	boot_prefetch_finish(&vm->prefetch, &vm->kernel, &vm->initrd, &vm->layout);
	ret = boot_copy_to_ram(&vm->kernel, &vm->initrd, &vm->layout, &vm->ram, err);
	vm->kernel.prefetched = false;		/* a reset reads the files again */
	vm->initrd.prefetched = false;

	if (ret)
		return ret;
	boot_kernel_drop_bytes(&vm->kernel);
	boot_initrd_drop_bytes(&vm->initrd);
	return 0;
}

static void vm_reset_platform(struct vm *vm)
{
	pl011_reset(vm->uart);
	pl031_reset(vm->rtc);
	pl061_reset(vm->gpio);
	vm_reset_flash(vm);
	fw_cfg_reset(vm->fw_cfg);
}

/*
 * Firmware in flash boots as on QEMU's virt without a kernel loaded
 * directly (hw/arm/boot.c arm_load_kernel() with a firmware, and
 * virt.c's bootinfo.skip_dtb_autoload unset): the DTB at the start of
 * RAM, where edk2's ArmVirtQemu and u-boot's qemu_arm64 look for it, the
 * boot CPU at the reset address 0 in EL1h with the MMU off (we have no
 * EL2/EL3, as QEMU without virtualization=on/secure=on). RAM is zeroed
 * first: a firmware reset must not find the last run's memory.
 */
static int vm_firmware_reset(struct vm *vm, struct av_err *err)
{
	int ret;

	vm_reset_virtio(vm);
	memset(&vm->layout, 0, sizeof(vm->layout));
	ret = vm_build_dtb(vm, err);
	if (ret)
		return ret;
	if (vm->fdt_size > vm->ram.size)
		return av_errf(err, ENOSPC, "the DTB (%zu bytes) does not fit in guest RAM",
			       vm->fdt_size);
	madvise(vm->ram.host, vm->ram.size, MADV_DONTNEED);
	memcpy(vm->ram.host, vm->fdt, vm->fdt_size);
	memset(&vm->boot_regs, 0, sizeof(vm->boot_regs));
	vm->boot_regs.pc = virt_memmap[VIRT_FLASH].base;
	vm_reset_platform(vm);
	return vm->accel->vm_reset(vm, &vm->boot_regs, err);
}

int vm_load_and_reset(struct vm *vm, struct av_err *err)
{
	int ret;

	if (vm_has_firmware(vm->cfg))
		return vm_firmware_reset(vm, err);
	if (!vm->cfg->kernel)
		return av_errf(err, EINVAL, "no kernel to boot: use -kernel FILE");
	/* Devices stop writing guest RAM before it is reloaded. */
	vm_reset_virtio(vm);
	ret = vm_reload_images(vm, err);
	if (ret)
		return ret;
	ret = vm_place(vm, err);
	if (ret)
		return ret;
	timeline_mark(vm->cfg->timeline, "DTB built (%zu bytes)", vm->fdt_size);
	ret = vm_copy_images(vm, err);
	if (ret)
		return ret;
	if (vm->layout.dtb_addr) {
		ret = vm_copy_dtb(vm, err);
		if (ret)
			return ret;
	}
	boot_regs_compute(&vm->kernel, &vm->layout, &vm->boot_regs);
	vm_reset_platform(vm);
	ret = vm->accel->vm_reset(vm, &vm->boot_regs, err);
	if (!ret)
		timeline_mark(vm->cfg->timeline, "images in guest RAM, vCPUs reset");
	return ret;
}
