// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel file mapped into guest RAM (machine/ram_map.c) becomes the
 * guest's own memory in one of two ways:
 *  - the copier thread, started once the vCPUs run, has read the file
 *    into anonymous huge pages: it asks for the conversion itself;
 *  - before that, someone opens the file for writing or truncates it: the
 *    open waits until we release the read lease (up to
 *    /proc/sys/fs/lease-break-time, 45 s by default), and the loop hears
 *    GUEST_RAM_LEASE_SIGNAL.
 * Either way the VM stops as for a reset (VM_FILE_PRIVATE); vm_run then
 * quiesces the devices as for a snapshot (their locks held, virtio-blk's
 * requests in flight completed), calls guest_ram_file_private, which
 * releases the lease, and starts the vCPUs again where they were.
 */
#include <stdlib.h>
#include <string.h>

#include "snapshot/snap_devs.h"
#include "timeline.h"
#include "vm.h"

void vm_ram_file_lease_broken(struct vm *vm)
{
	/* Once private (or dropped for a reset), a late signal has nothing to do. */
	if (!guest_ram_file_mapped(&vm->ram))
		return;
	vm->ram_file_written = true;
	vm_request_stop(vm, VM_FILE_PRIVATE);
}

/* The copier's thread: reads of the file it was given open, as a qcow2 worker's. */
static int vm_ram_copier_enter(void *opaque)
{
	struct vm *vm = opaque;

	return sandbox_enter(&vm->sandbox, SANDBOX_BLOCK);
}

static void vm_ram_copier_done(void *opaque)
{
	struct vm *vm = opaque;

	timeline_mark(vm->cfg->timeline, "kernel read in the background (copier thread)");
	vm_request_stop(vm, VM_FILE_PRIVATE);
}

void vm_ram_file_copy_start(struct vm *vm)
{
	/* Tests of the lease-break path turn the copier off (tests/shell/kernel_mapped.sh). */
	const char *knob = getenv("ARMVISOR_KERNEL_COPY");
	struct av_err err = { 0 };

	if (!guest_ram_file_mapped(&vm->ram) || (knob && !strcmp(knob, "off")))
		return;
	/* Without it the mapping stays until a reset or a writer: slower, never wrong. */
	if (guest_ram_file_copy_start(&vm->ram, vm_ram_copier_enter, vm_ram_copier_done,
				      vm, &err))
		timeline_mark(vm->cfg->timeline, "kernel copier not started (%d)", err.code);
}

int vm_ram_file_private(struct vm *vm, struct av_err *err)
{
	size_t written;
	int ret;

	/* Before the locks: serving a notify takes its device's lock. */
	if (vm->accel->io_flush)
		vm->accel->io_flush(vm);
	snap_devs_lock(vm, true);
	snap_devs_drain(vm);
	ret = guest_ram_file_private(&vm->ram, &written, err);
	snap_devs_lock(vm, false);
	if (ret)
		return ret;
	if (vm->ram_file_written)
		timeline_mark(vm->cfg->timeline,
			      "kernel file written: guest pages made private, lease released");
	else
		timeline_mark(vm->cfg->timeline,
			      "kernel pages private, lease released (%zu written)", written);
	vm->ram_file_written = false;
	return 0;
}
