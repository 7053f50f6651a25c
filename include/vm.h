/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A running machine: the config, guest RAM, the MMIO bus, the devices,
 * the accelerator and its vCPUs.
 */
#ifndef ARMVISOR_VM_H
#define ARMVISOR_VM_H

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "accel.h"
#include "board.h"
#include "broker.h"
#include "boot.h"
#include "chardev.h"
#include "config.h"
#include "devices.h"
#include "err.h"
#include "guestmem.h"
#include "mmio.h"
#include "sandbox.h"
#include "snapshot.h"

#define VM_MAX_CPUS 123
#define VM_MAX_WATCHES 128	/* room for KVM's per-queue ioeventfds too */

/*
 * A file descriptor the main thread's event loop serves: cb runs on the
 * main thread whenever fd is readable (eventfds of I/O completions,
 * sockets, ...).
 */
struct vm_watch {
	int fd;
	void (*cb)(void *opaque);
	void *opaque;
};

enum vm_state {
	VM_RUNNING = 0,
	VM_SHUTDOWN,			/* PSCI SYSTEM_OFF, or Ctrl-A x */
	VM_RESET,			/* PSCI SYSTEM_RESET */
	VM_FAILED,			/* a host-side error stopped it */
	/*
	 * Not an end: the kernel file mapped into RAM has been copied, or is
	 * about to be written; vm_run makes the guest's pages its own
	 * (machine/vm_ram_file.c), then runs on.
	 */
	VM_FILE_PRIVATE,
};

struct vm {
	const struct vm_config *cfg;
	const struct accel_ops *accel;
	void *accel_state;		/* owned by the accelerator */

	struct guest_ram ram;
	struct mmio_bus bus;

	unsigned int ncpus;
	int gic_version;		/* 2 or 3, resolved by vm_create */
	uint64_t mpidr[VM_MAX_CPUS];	/* affinity of each vCPU (DTB cpu reg) */

	struct chardev *serial;
	struct chardev *semihost_out;	/* -semihosting: the guest's output (stderr) */
	struct broker broker;		/* under the sandbox: files and commands for migrate */
	struct pl011 *uart;
	struct pl031 *rtc;
	struct pl061 *gpio;		/* line 3: the power button */
	int button_fd;			/* timerfd: the end of a press */
	struct pflash *flash[VIRT_FLASH_BANKS];	/* firmware banks 0 and 1 */
	struct vm_flash_bank {			/* a bank's change callback's view */
		struct vm *vm;
		struct guest_romd *rom;
	} flash_bank[VIRT_FLASH_BANKS];
	struct fw_cfg *fw_cfg;
	struct gicv2m *v2m;		/* GICv2 boards' MSI frame, else NULL */
	struct vm_virtio *virtio;	/* -drive/-device virtio-mmio devices */

	struct kernel_image kernel;	/* bytes only until copied to RAM */
	struct initrd_image initrd;
	/* Their first read into RAM, on a worker while the machine is built. */
	struct boot_prefetch prefetch;
	struct boot_layout layout;
	struct boot_regs boot_regs;
	void *fdt;
	size_t fdt_size;

	_Atomic int state;		/* enum vm_state */
	bool ram_file_written;		/* the mapped kernel's lease broke (vm_ram_file.c) */
	int exit_code;			/* process exit status on shutdown */
	int wake_fd;			/* eventfd: wakes the main loop on state change */
	struct av_err failure;		/* why, when state is VM_FAILED */
	struct vm_watch watches[VM_MAX_WATCHES];
	unsigned int nwatches;
	pthread_t threads[VM_MAX_CPUS];
	_Atomic int vcpu_tid[VM_MAX_CPUS];	/* host thread ids, 0 before start */
	/*
	 * A monitor sharing the serial port's terminal (-serial mon:stdio,
	 * a mux=on chardev): Ctrl-A c moves input between the UART and it
	 * (util/loop.c). input NULL: no such monitor.
	 */
	struct {
		void (*input)(void *opaque, const uint8_t *buf, size_t len);
		void (*focus)(void *opaque);	/* the monitor gets the terminal */
		void *opaque;
		bool on_monitor;		/* where input goes now */
	} mux;
	struct sandbox sandbox;		/* each thread enters its kind's filter */
	bool control_attached;		/* vm_control owns accel->debug (no -gdb) */
	_Atomic bool paused;		/* stopped by the monitor (or -S) */
	bool main_sandboxed;		/* the main thread's filter is in */
	struct snap_migrate_info migrate;	/* the last migrate (snapshot save) */
};

/* Build the machine from cfg: RAM, devices, accelerator, vCPUs, images. */
int vm_create(struct vm *vm, const struct vm_config *cfg,
	      const struct accel_ops *accel, struct av_err *err);

/* (Re)load kernel/initrd/DTB into RAM and reset the vCPUs. */
int vm_load_and_reset(struct vm *vm, struct av_err *err);

/*
 * Run until the guest powers off (returns 0 and sets vm->exit_code),
 * or a host-side error (negative errno, err set). Handles reset.
 */
int vm_run(struct vm *vm, struct av_err *err);

void vm_destroy(struct vm *vm);

/* Ask every vCPU to stop; the first request wins. Thread-safe. */
void vm_request_stop(struct vm *vm, enum vm_state why);

/* Stop the VM because of a host-side error (first one wins). */
void vm_fail(struct vm *vm, const struct av_err *why);

/*
 * The mapped kernel file's lease broke (machine/ram_map.c): stop the
 * vCPUs so vm_run can call vm_ram_file_private. Main loop only.
 */
void vm_ram_file_lease_broken(struct vm *vm);
/* Give the guest its own pages for the mapped file, the VM stopped. */
int vm_ram_file_private(struct vm *vm, struct av_err *err);
/* Start reading the mapped kernel file into RAM of our own (vm_run_once). */
void vm_ram_file_copy_start(struct vm *vm);

/* Build the DTB for the current config and layout (also for dumpdtb). */
int vm_build_dtb(struct vm *vm, struct av_err *err);

static inline bool vm_stop_requested(const struct vm *vm)
{
	return atomic_load_explicit(&vm->state, memory_order_acquire) != VM_RUNNING;
}

/*
 * Have the event loop call cb(opaque) on the main thread when fd is
 * readable. Register before vm_run (at device creation).
 */
int vm_watch_fd(struct vm *vm, int fd, void (*cb)(void *opaque), void *opaque,
		struct av_err *err);

/* Devices call this after writing guest RAM (DMA), see accel_ops.ram_written. */
static inline void vm_dma_written(struct vm *vm, uint64_t gpa, uint64_t len)
{
	if (vm->accel->ram_written)
		vm->accel->ram_written(vm, gpa, len);
}

/*
 * Open a -chardev for a device (the serial port, a virtconsole); a pty
 * announces its path through cfg->notice, as QEMU prints it.
 */
int vm_open_chardev(struct vm *vm, const struct chardev_opts *o,
		    struct chardev **out, struct av_err *err);

/*
 * The monitor's stop/cont (machine/vm_control.c). attach takes the
 * accelerator's debug interface (before vm_run; not with -gdb, which
 * owns it); start_paused is -S. pause returns once every vCPU is parked.
 * Both are no-ops when already in the asked state. release only after
 * the vCPU threads have ended.
 */
int vm_control_attach(struct vm *vm, bool start_paused, struct av_err *err);
void vm_control_release(struct vm *vm);
int vm_pause(struct vm *vm, struct av_err *err);
int vm_resume(struct vm *vm, struct av_err *err);
static inline bool vm_paused(struct vm *vm)
{
	return atomic_load(&vm->paused);
}

/* QEMU's RunState names: "running", "paused", "postmigrate" (after a save). */
static inline const char *vm_status_name(struct vm *vm)
{
	if (!vm_paused(vm))
		return "running";
	return vm->migrate.postmigrate ? "postmigrate" : "paused";
}

/*
 * The PL061 with its power button (machine/vm_gpio.c). vm_powerdown
 * presses it for 100 ms: the guest sees KEY_POWER (the monitor's
 * system_powerdown). Main thread.
 */
int vm_create_gpio(struct vm *vm, struct av_err *err);
int vm_powerdown(struct vm *vm, struct av_err *err);
void vm_destroy_gpio(struct vm *vm);

/* A device's MSI write (see accel_ops.msi_send); -ENODEV without a target. */
static inline int vm_msi_send(struct vm *vm, uint64_t addr, uint32_t data,
			      uint32_t devid)
{
	if (!vm->accel->msi_send)
		return -ENODEV;
	return vm->accel->msi_send(vm, addr, data, devid);
}

/* Create the -device/-drive/-netdev virtio-mmio devices (machine/vm_virtio.c). */
int vm_create_virtio(struct vm *vm, struct av_err *err);
/* Reset them (machine reset: before RAM is reloaded), and free them. */
void vm_reset_virtio(struct vm *vm);
void vm_destroy_virtio(struct vm *vm);

/*
 * The flash banks (machine/firmware/vm_flash.c): -bios or if=pflash unit 0 in
 * bank 0, unit 1 in bank 1, mapped as ROM devices. vm_has_firmware:
 * bank 0 holds firmware to start at address 0.
 */
int vm_create_flash(struct vm *vm, struct av_err *err);
void vm_reset_flash(struct vm *vm);
void vm_destroy_flash(struct vm *vm);
bool vm_has_firmware(const struct vm_config *cfg);

/* fw_cfg (machine/firmware/vm_fw_cfg.c), after the kernel and initrd are read. */
int vm_create_fw_cfg(struct vm *vm, struct av_err *err);
void vm_destroy_fw_cfg(struct vm *vm);

/* Irq line for a device: routes to vm->accel->irq_line. */
void vm_irq_line_init(struct vm *vm, struct irq_line *line, unsigned int intid);

#endif
