/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The accelerator seam: how guest code runs and how interrupts reach a
 * vCPU. Everything above it (board, boot, devices, event loop) is shared
 * by KVM and TCG. Devices never include accelerator headers; an MMIO
 * access from either accelerator goes to vm->bus.
 */
#ifndef ARMVISOR_ACCEL_H
#define ARMVISOR_ACCEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct vm;
struct boot_regs;
struct accel_debug_ops;
struct snap_machine;

/*
 * A virtio-mmio device as the accelerator sees it (accel_ops.virtio_attach):
 * where its QueueNotify register is, how many queues it has, its SPI
 * (the device drives it as a level through irq_line), and how to notify
 * a queue exactly as a QueueNotify write would (the transport's checks,
 * under the device lock).
 */
struct accel_virtio_dev {
	const char *name;		/* "virtio-blk", for log lines */
	uint64_t mmio_base;		/* the slot's base address */
	unsigned int num_queues;
	unsigned int intid;		/* its SPI's INTID */
	void (*notify)(void *opaque, unsigned int queue);
	void *opaque;
};

/*
 * A virtio-pci device as the accelerator sees it
 * (accel_ops.virtio_pci_attach). Its notify addresses move with its BAR,
 * so the device tells the accelerator where each queue's is now
 * (pci_notify_at); its interrupts are MSI-X messages (pci_msi_route,
 * pci_msi_fire).
 */
struct accel_virtio_pci_dev {
	const char *name;		/* "virtio-blk-pci 00:01.0", for log lines */
	unsigned int num_queues;
	unsigned int nvec;		/* its MSI-X table size */
	void (*notify)(void *opaque, unsigned int queue);
	void *opaque;
};

/*
 * One MSI-X vector as the guest programmed it. live: MSI-X is enabled and
 * neither the function nor the vector is masked, so a message may be sent
 * (PCI Local Bus spec 3.0, 6.8.2.9); devid is the requester ID.
 */
struct accel_msi_msg {
	bool live;
	uint64_t addr;
	uint32_t data;
	uint32_t devid;
};

struct accel_ops {
	const char *name;		/* "kvm", "tcg" */
	/*
	 * Do the vCPUs have a PMUv3 whose overflow interrupt is PPI 23? The
	 * DT then has the arm,armv8-pmuv3 node (docs/pmu.md). NULL: no.
	 */
	bool (*has_pmu)(const struct vm *vm);

	/* Can it run on this host? If not, why says what the user can do. */
	bool (*available)(struct av_err *why);

	/*
	 * Create the VM: register guest RAM, create the interrupt controller
	 * at the board's addresses (vm->gic_version is resolved here when it
	 * was host/max/default) and map any device the accelerator owns on
	 * vm->bus (the emulated GIC for TCG).
	 */
	int (*vm_create)(struct vm *vm, struct av_err *err);

	/* Create vCPU idx (0..ncpus-1); vm->mpidr[idx] is filled here. */
	int (*vcpu_create)(struct vm *vm, unsigned int idx, struct av_err *err);

	/*
	 * Called once all vCPUs exist (KVM finalises the vGIC here). May be
	 * NULL.
	 */
	int (*vm_finalize)(struct vm *vm, struct av_err *err);

	/*
	 * Put every vCPU in its reset state: the boot CPU with regs, the
	 * secondaries powered off until PSCI CPU_ON.
	 */
	int (*vm_reset)(struct vm *vm, const struct boot_regs *regs,
			struct av_err *err);

	/*
	 * Run vCPU idx on the calling thread until vm_stop_requested(vm).
	 * Returns 0, or a negative errno for a host-side failure (err set).
	 */
	int (*vcpu_run)(struct vm *vm, unsigned int idx, struct av_err *err);

	/* Make vCPU idx leave guest code soon and look at the VM state. */
	void (*vcpu_kick)(struct vm *vm, unsigned int idx);

	/* Set a GIC input (SPI or PPI INTID) to level. */
	void (*irq_line)(struct vm *vm, unsigned int intid, int level);

	void (*vm_destroy)(struct vm *vm);

	/*
	 * A device wrote guest RAM behind the CPUs' back (virtio DMA): TCG
	 * drops translated code in those pages. May be NULL.
	 */
	void (*ram_written)(struct vm *vm, uint64_t gpa, uint64_t len);

	/*
	 * A ROM device whose code was translated changed its bytes (flash
	 * program/erase): TCG drops its translated blocks. May be NULL.
	 */
	void (*rom_written)(struct vm *vm, uint64_t gpa, uint64_t len);

	/*
	 * ROM device idx (vm->ram.romd[idx]) became readable as memory or
	 * stopped being so (a flash bank entered or left read-array mode):
	 * KVM maps or unmaps its read-only memory slot. Called from the
	 * thread of the access, the device's lock held. May be NULL (TCG
	 * tests the readable flag itself).
	 */
	void (*rom_mode)(struct vm *vm, unsigned int idx, bool readable);

	/* Guest debugging for the gdbstub; NULL when not supported. */
	const struct accel_debug_ops *debug;

	/*
	 * Guest RAM may hold the kernel file mapped copy-on-write
	 * (machine/ram_map.c). KVM says no: its stage 2 maps 2 MiB blocks
	 * only over huge pages (machine/ram.c), and page-cache pages are 4 KiB.
	 */
	bool ram_file_ok;

	/*
	 * Optional (NULL: every QueueNotify is an MMIO access and the line
	 * goes through irq_line). Called once per virtio-mmio device after
	 * the devices exist and before vm_run: the accelerator may serve the
	 * device's notifies and interrupt without a vCPU exit (KVM: ioeventfd
	 * and irqfd). Anything it cannot do stays on the ordinary path;
	 * an error is for host failures only (no memory).
	 */
	int (*virtio_attach)(struct vm *vm, const struct accel_virtio_dev *dev,
			     struct av_err *err);

	/*
	 * A message-signalled interrupt: a device wrote data (32 bits) to the
	 * doorbell address addr. devid is its requester ID (bus << 8 | devfn),
	 * the ITS DeviceID through the PCIe node's identity msi-map. Returns 0
	 * when an MSI controller took it, -ENODEV when none decodes addr (the
	 * caller drops the write as the bus would, with a guest error log).
	 * May be NULL: the machine has no MSI controller.
	 */
	int (*msi_send)(struct vm *vm, uint64_t addr, uint32_t data,
			uint32_t devid);

	/*
	 * Optional, both or none (KVM's coalesced MMIO): on, guest writes to
	 * [addr, addr + size) no longer stop the vCPU one by one; they queue
	 * and reach the MMIO bus, in order, before the next access that does
	 * stop a vCPU is handled, or when mmio_coalesce_flush is called (any
	 * thread). Only for registers whose writes the guest cannot see the
	 * effect of before it next accesses the device (no interrupt may
	 * follow from them). Returns 0 or a negative errno (not supported).
	 */
	int (*mmio_coalesce)(struct vm *vm, uint64_t addr, uint64_t size, bool on);
	void (*mmio_coalesce_flush)(struct vm *vm);

	/*
	 * Optional, like virtio_attach (all four or none): a virtio-pci
	 * device, once, before vm_run. *handle is what the other three take;
	 * NULL when the accelerator serves it on the ordinary paths. The
	 * other three run with the device's lock held, on any thread.
	 */
	int (*virtio_pci_attach)(struct vm *vm, const struct accel_virtio_pci_dev *dev,
				 void **handle, struct av_err *err);
	/* Queue's notify register is at addr now; 0: it decodes nowhere. */
	void (*pci_notify_at)(struct vm *vm, void *handle, unsigned int queue,
			      uint64_t addr);
	/* The device's MSI-X vectors (nvec of them) changed. */
	void (*pci_msi_route)(struct vm *vm, void *handle,
			      const struct accel_msi_msg *vecs);
	/*
	 * Send vector vec's message msg (live) without msi_send; false: the
	 * caller sends it through msi_send.
	 */
	bool (*pci_msi_fire)(struct vm *vm, void *handle, unsigned int vec,
			     const struct accel_msi_msg *msg);

	/*
	 * Snapshots (include/snapshot.h), called on the main thread with
	 * every vCPU out of guest code (paused, or not started yet): fill m
	 * (initialised by snap_machine_init for vm->ncpus) with the vCPUs,
	 * the GIC and the timer, or put that state back. snap_load checks
	 * what it cannot present (ID registers, GIC version, a foreign ITS
	 * table layout) and names it in err; it drops any translated code
	 * and sets the guest's counter so it continues from the saved
	 * CNTVCT. NULL: "snapshots are not supported by this accelerator".
	 */
	int (*snap_save)(struct vm *vm, struct snap_machine *m,
			 struct av_err *err);
	/*
	 * Called on the main thread with every vCPU paused, before a
	 * snapshot locks the devices: hand the devices what the guest told
	 * them that the main loop has not read yet (KVM: QueueNotify writes
	 * waiting in ioeventfds, EOIs in resample fds), so the snapshot's
	 * queues include them. NULL: such writes reach the devices
	 * synchronously.
	 */
	void (*io_flush)(struct vm *vm);
	int (*snap_load)(struct vm *vm, const struct snap_machine *m,
			 struct av_err *err);
};

/*
 * ---- Guest debugging (the gdbstub, gdbstub/) ----
 *
 * All-stop model, as gdb's remote protocol assumes: every vCPU parks at
 * an instruction boundary when one of them hits a breakpoint, finishes a
 * step, or the debugger asks. Registers and memory are only looked at
 * while all vCPUs are parked (or not started).
 */

/* gdb's Z/z packet types (gdb docs, "Packets", Z0-Z4). */
enum accel_bp_type {
	ACCEL_BP_SW = 0,
	ACCEL_BP_HW = 1,
	ACCEL_WP_WRITE = 2,
	ACCEL_WP_READ = 3,
	ACCEL_WP_ACCESS = 4,
};

enum accel_stop_why {
	ACCEL_STOP_NONE = 0,
	ACCEL_STOP_REQUEST,		/* the debugger asked (Ctrl-C, -S) */
	ACCEL_STOP_STEP,		/* a single step finished */
	ACCEL_STOP_BREAK,		/* a breakpoint at the PC */
	ACCEL_STOP_WATCH,		/* a watchpoint (wp_type at wp_addr) */
};

struct accel_debug_stop {
	unsigned int cpu;
	int why;			/* enum accel_stop_why */
	int wp_type;			/* enum accel_bp_type */
	uint64_t wp_addr;
};

/* gdb's aarch64-core and aarch64-fpu register sets. */
struct accel_debug_regs {
	uint64_t x[31];
	uint64_t sp, pc;
	uint32_t cpsr;			/* SPSR layout: NZCV, DAIF, M[3:0] */
	uint8_t v[32][16];		/* little-endian, as gdb sends them */
	uint32_t fpsr, fpcr;
};

struct accel_debug_ops {
	/*
	 * Start debugging: stopped says that events are pending (the
	 * accelerator calls it from a vCPU thread, then parks). With
	 * start_stopped, every vCPU parks before its first instruction (-S).
	 */
	int (*attach)(struct vm *vm, bool start_stopped,
		      void (*stopped)(void *opaque), void *opaque,
		      struct av_err *err);
	/* Free what attach made; only after the vCPU threads have ended. */
	void (*release)(struct vm *vm);
	/* Park every vCPU; returns when all are parked or the VM stops. */
	void (*stop)(struct vm *vm);
	/*
	 * Let the vCPUs go: all of them (step_cpu < 0), or only step_cpu for
	 * one instruction (the others stay parked).
	 */
	void (*resume)(struct vm *vm, int step_cpu);
	/* Why the vCPUs stopped; consumes the event. False: none pending. */
	bool (*stop_reason)(struct vm *vm, struct accel_debug_stop *out);
	int (*get_regs)(struct vm *vm, unsigned int cpu, struct accel_debug_regs *r);
	int (*set_regs)(struct vm *vm, unsigned int cpu,
			const struct accel_debug_regs *r);
	/*
	 * Guest virtual memory as vCPU cpu sees it now (its page tables;
	 * physical when its MMU is off). RAM only: devices are not touched.
	 */
	int (*read_mem)(struct vm *vm, unsigned int cpu, uint64_t va, void *buf,
			size_t len);
	int (*write_mem)(struct vm *vm, unsigned int cpu, uint64_t va,
			 const void *buf, size_t len);
	/* Insert or remove a breakpoint/watchpoint; -ENOTSUP if not supported. */
	int (*set_break)(struct vm *vm, int type, uint64_t addr, uint64_t len,
			 bool insert);
	/* Remove every breakpoint and watchpoint (detach). */
	void (*clear_breaks)(struct vm *vm);
};

extern const struct accel_ops accel_tcg_ops;
extern const struct accel_ops accel_kvm_ops;

/* Does this build's TCG have the code-emitting tier (-accel tcg,jit=on)? */
bool accel_tcg_has_jit(void);

/*
 * Pick the accelerator for kind (enum accel_kind): the asked-for one if
 * it can run, else an error saying why; for ACCEL_AUTO, KVM when it works
 * here, otherwise TCG.
 */
int accel_select(int kind, const struct accel_ops **out, struct av_err *err);

#endif
