// SPDX-License-Identifier: GPL-2.0
/*
 * Building the virt machine: RAM, the console, the accelerator and its
 * vCPUs, the devices on the MMIO bus, and the images to boot.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "board.h"
#include "console.h"
#include "gicv2m.h"
#include "log.h"
#include "timeline.h"
#include "vm.h"

static void vm_log_unassigned(void *opaque, uint64_t addr, unsigned int size,
			      bool is_write, uint64_t val)
{
	(void)opaque;
	if (!log_enabled(LOG_GUEST_ERRORS))
		return;
	if (is_write)
		log_printf(LOG_GUEST_ERRORS,
			   "unassigned write of %u bytes at 0x%llx (value 0x%llx)\n",
			   size, (unsigned long long)addr, (unsigned long long)val);
	else
		log_printf(LOG_GUEST_ERRORS, "unassigned read of %u bytes at 0x%llx\n",
			   size, (unsigned long long)addr);
}

/* testdev's "Nq": the VM ends with that status (as a power-off). */
static void vm_testdev_quit(void *opaque, int status)
{
	struct vm *vm = opaque;

	vm->exit_code = status;
	vm_request_stop(vm, VM_SHUTDOWN);
}

int vm_open_chardev(struct vm *vm, const struct chardev_opts *o,
		    struct chardev **out, struct av_err *err)
{
	char text[160];
	int ret;

	if (o->kind == CHARDEV_TESTDEV)
		return chardev_open_testdev(vm_testdev_quit, vm, out, err);
	ret = chardev_open_opts(o, out, err);

	/* QEMU's words (chardev/char-pty.c): scripts grep for them. */
	if (!ret && chardev_pty_name(*out) && vm->cfg->notice) {
		snprintf(text, sizeof(text), "char device redirected to %s (label %s)",
			 chardev_pty_name(*out), o->id);
		vm->cfg->notice(text);
	}
	return ret;
}

static int vm_open_serial_chardev(struct vm *vm, struct av_err *err)
{
	const struct chardev_opts *o = config_find_chardev(vm->cfg, vm->cfg->serial_path);

	if (!o)
		return av_errf(err, ENOENT, "-serial chardev:%s: chardev '%s' not found",
			       vm->cfg->serial_path, vm->cfg->serial_path);
	return vm_open_chardev(vm, o, &vm->serial, err);
}

static int vm_open_serial(struct vm *vm, struct av_err *err)
{
	switch (vm->cfg->serial) {
	case SERIAL_NONE:
		return chardev_open_null(&vm->serial, err);
	case SERIAL_FILE:
		return chardev_open_file(vm->cfg->serial_path, &vm->serial, err);
	case SERIAL_CHARDEV:
		return vm_open_serial_chardev(vm, err);
	case SERIAL_OPTS:
		return vm_open_chardev(vm, &vm->cfg->serial_opts, &vm->serial, err);
	default:
		return chardev_open_stdio(&vm->serial, err);
	}
}

/* The boot timeline watches the console for the kernel's milestones. */
static void vm_console_tap(void *opaque, const uint8_t *buf, size_t len)
{
	timeline_console(opaque, buf, len);
}

static void vm_tap_console(struct vm *vm)
{
	struct timeline *tl = vm->cfg->timeline;

	if (vm->serial && tl && tl->on) {
		vm->serial->tap = vm_console_tap;
		vm->serial->tap_opaque = tl;
	}
}

static void vm_irq_forward(void *opaque, unsigned int intid, int level)
{
	struct vm *vm = opaque;

	vm->accel->irq_line(vm, intid, level);
}

int vm_watch_fd(struct vm *vm, int fd, void (*cb)(void *opaque), void *opaque,
		struct av_err *err)
{
	if (vm->nwatches == VM_MAX_WATCHES)
		return av_errf(err, ENOSPC, "too many event sources");
	vm->watches[vm->nwatches++] = (struct vm_watch){
		.fd = fd, .cb = cb, .opaque = opaque,
	};
	return 0;
}

void vm_irq_line_init(struct vm *vm, struct irq_line *line, unsigned int intid)
{
	line->set = vm_irq_forward;
	line->opaque = vm;
	line->intid = intid;
}

/* The PL011's DR writes queue in KVM's coalesced MMIO ring (docs/console.md). */
static int vm_uart_dr_queue(void *opaque, uint64_t off, uint64_t size, bool on)
{
	struct vm *vm = opaque;

	return vm->accel->mmio_coalesce(vm, virt_memmap[VIRT_UART].base + off,
					size, on);
}

static int vm_add_device(struct vm *vm, enum virt_region region,
			 const struct mmio_ops *ops, void *dev, struct av_err *err)
{
	const struct board_region *r = &virt_memmap[region];

	return mmio_bus_add(&vm->bus, r->base, r->size, ops, dev, r->name, err);
}

/* A GICv2 board has QEMU's v2m MSI frame (hw/arm/virt.c create_v2m()). */
static int vm_create_v2m(struct vm *vm, struct av_err *err)
{
	struct irq_line irq;

	if (vm->gic_version != 2)
		return 0;
	vm_irq_line_init(vm, &irq, 0);
	vm->v2m = gicv2m_create(&irq, virt_spi_intid(virt_memmap[VIRT_GIC_V2M].spi),
				VIRT_GICV2M_NUM_SPIS, err);
	if (!vm->v2m)
		return -err->code;
	return vm_add_device(vm, VIRT_GIC_V2M, &gicv2m_mmio_ops, vm->v2m, err);
}

static int vm_create_devices(struct vm *vm, struct av_err *err)
{
	struct irq_line irq;
	int ret;

	vm_irq_line_init(vm, &irq, virt_spi_intid(virt_memmap[VIRT_UART].spi));
	vm->uart = pl011_create(&irq, vm->serial, err);
	if (!vm->uart)
		return -err->code;
	ret = vm_add_device(vm, VIRT_UART, &pl011_mmio_ops, vm->uart, err);
	if (ret)
		return ret;
	if (vm->accel->mmio_coalesce)
		pl011_set_dr_queue(vm->uart, vm_uart_dr_queue, vm);

	vm_irq_line_init(vm, &irq, virt_spi_intid(virt_memmap[VIRT_RTC].spi));
	vm->rtc = pl031_create(&irq, &vm->sandbox, err);
	if (!vm->rtc)
		return -err->code;
	pl031_set_offset(vm->rtc, vm->cfg->rtc_offset);
	ret = vm_add_device(vm, VIRT_RTC, &pl031_mmio_ops, vm->rtc, err);
	if (!ret)
		ret = vm_create_gpio(vm, err);
	if (!ret)
		ret = vm_create_v2m(vm, err);
	if (!ret)
		ret = vm_add_device(vm, VIRT_MARKER, &boot_marker_mmio_ops,
				    vm->cfg->timeline, err);
	if (ret)
		return ret;
	return vm_create_virtio(vm, err);
}

static int vm_create_cpus(struct vm *vm, struct av_err *err)
{
	unsigned int i;
	int ret;

	for (i = 0; i < vm->ncpus; i++) {
		ret = vm->accel->vcpu_create(vm, i, err);
		if (ret)
			return ret;
	}
	if (vm->accel->vm_finalize)
		return vm->accel->vm_finalize(vm, err);
	return 0;
}

static int vm_load_images(struct vm *vm, struct av_err *err)
{
	int ret;

	if (!vm->cfg->kernel)
		return 0;
	ret = boot_load_kernel_file(vm->cfg->kernel, &vm->kernel, err);
	/* The firmware reads them through fw_cfg: keep the bytes. */
	if (!ret && vm_has_firmware(vm->cfg))
		ret = boot_kernel_unstream(&vm->kernel, err);
	if (ret)
		return ret;
	timeline_mark(vm->cfg->timeline, "kernel %s (%zu KiB%s)",
		      vm->kernel.streamed ? "header read" : "read",
		      vm->kernel.data_size >> 10,
		      vm->kernel.format == KERNEL_FORMAT_IMAGE_GZ ? ", gunzipped" : "");
	if (!vm->cfg->initrd)
		return 0;
	ret = boot_initrd_load(vm->cfg->initrd, &vm->initrd, err);
	if (!ret && vm_has_firmware(vm->cfg))
		ret = boot_initrd_unstream(&vm->initrd, err);
	if (!ret)
		timeline_mark(vm->cfg->timeline, "initrd %s (%zu KiB)",
			      vm->initrd.streamed ? "opened" : "read",
			      vm->initrd.size >> 10);
	return ret;
}

static void vm_sandbox_fail(void *opaque, const struct av_err *why)
{
	vm_fail(opaque, why);
}

/* Before any thread starts: each enters its filter (include/sandbox.h). */
static int vm_sandbox_init(struct vm *vm, struct av_err *err)
{
	struct sandbox_opts opts = {
		.kvm = vm->accel == &accel_kvm_ops,
		.timeline = vm->cfg->timeline,
	};
	int ret = sandbox_init(&vm->sandbox, vm->cfg->sandbox, &opts, err);

	vm->sandbox.fail = vm_sandbox_fail;
	vm->sandbox.fail_opaque = vm;
	return ret;
}

int vm_create(struct vm *vm, const struct vm_config *cfg,
	      const struct accel_ops *accel, struct av_err *err)
{
	int ret;

	memset(vm, 0, sizeof(*vm));
	vm->cfg = cfg;
	vm->accel = accel;
	vm->ncpus = cfg->smp_cpus ? cfg->smp_cpus : 1;
	vm->wake_fd = -1;
	if (vm->ncpus > VM_MAX_CPUS)
		return av_errf(err, EINVAL, "at most %d CPUs are supported", VM_MAX_CPUS);
	if (cfg->ram_size > VIRT_MEM_MAX_SIZE)
		return av_errf(err, EINVAL,
			       "-m: at most %llu GiB of RAM fit the virt board's memory map",
			       VIRT_MEM_MAX_SIZE >> 30);
	vm->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (vm->wake_fd < 0)
		return av_errf_errno(err, errno, "eventfd");
	ret = vm_load_images(vm, err);
	if (ret)
		return ret;
	ret = guest_ram_alloc(&vm->ram, virt_memmap[VIRT_MEM].base,
			      cfg->ram_size, err);
	if (ret)
		return ret;
	timeline_mark(cfg->timeline, "RAM mapped (%llu MiB)",
		      (unsigned long long)(cfg->ram_size >> 20));
	/*
	 * The two longest jobs of the start-up go to threads first, the
	 * image copy (the longer) before the filters (docs/startup.md).
	 */
	if (!vm_has_firmware(cfg))
		boot_prefetch_start(&vm->prefetch, &vm->kernel, &vm->initrd, &vm->ram,
				    vm->accel->ram_file_ok, cfg->timeline);
	ret = vm_sandbox_init(vm, err);
	if (ret)
		return ret;
	timeline_mark(cfg->timeline, "%s",
		      vm->sandbox.on ? "sandbox builder started" : "sandbox off");
	mmio_bus_init(&vm->bus);
	vm->bus.unassigned = vm_log_unassigned;
	vm->bus.unassigned_opaque = vm;
	ret = vm_create_flash(vm, err);
	if (!ret)
		ret = vm_create_fw_cfg(vm, err);
	if (ret)
		return ret;

	ret = vm_open_serial(vm, err);
	/* The PL011's bytes wait there for the loop (docs/console.md). */
	if (!ret)
		ret = chardev_outbuf_enable(vm->serial, err);
	if (!ret && cfg->semihosting)
		ret = chardev_open_stderr(&vm->semihost_out, err);
	if (ret)
		return ret;
	vm_tap_console(vm);
	ret = accel->vm_create(vm, err);
	if (ret)
		return ret;
	timeline_mark(cfg->timeline, "accelerator's VM ready");
	ret = vm_create_cpus(vm, err);
	if (ret)
		return ret;
	timeline_mark(cfg->timeline, "accelerator and vCPUs ready");
	ret = vm_create_devices(vm, err);
	if (ret)
		return ret;
	timeline_mark(cfg->timeline, "devices ready");
	return 0;
}

void vm_destroy(struct vm *vm)
{
	/*
	 * Virtio first: network back-end threads and I/O completions may
	 * raise interrupts through the accelerator until they are stopped.
	 */
	vm_destroy_virtio(vm);
	if (vm->accel && vm->accel->vm_destroy)
		vm->accel->vm_destroy(vm);
	if (vm->uart)
		pl011_destroy(vm->uart);
	if (vm->rtc)
		pl031_destroy(vm->rtc);
	vm_destroy_gpio(vm);
	vm_destroy_flash(vm);
	vm_destroy_fw_cfg(vm);
	gicv2m_destroy(vm->v2m);
	chardev_close(vm->serial);
	chardev_close(vm->semihost_out);
	broker_stop(&vm->broker);
	boot_prefetch_stop(&vm->prefetch);	/* it writes guest RAM */
	guest_ram_free(&vm->ram);
	boot_kernel_free(&vm->kernel);
	boot_initrd_free(&vm->initrd);
	free(vm->fdt);
	sandbox_free(&vm->sandbox);
	if (vm->wake_fd >= 0)
		close(vm->wake_fd);
	memset(vm, 0, sizeof(*vm));
	vm->wake_fd = -1;
}
