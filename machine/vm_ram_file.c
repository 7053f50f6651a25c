// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel file mapped into guest RAM (machine/ram_map.c) is about to be
 * written: someone opened it for writing or truncates it, and waits until
 * we release the read lease (up to /proc/sys/fs/lease-break-time, 45 s by
 * default). The loop hears GUEST_RAM_LEASE_SIGNAL and stops the vCPUs as
 * a reset would; vm_run then gives the guest anonymous pages with what it
 * sees now, releases the lease, and starts the vCPUs again where they
 * were. The devices are quiet meanwhile as for a snapshot: their locks
 * held, virtio-blk's requests in flight completed.
 */
#include "snapshot/snap_devs.h"
#include "timeline.h"
#include "vm.h"

void vm_ram_file_lease_broken(struct vm *vm)
{
	/* Once private (or dropped for a reset), a late signal has nothing to do. */
	if (guest_ram_file_mapped(&vm->ram))
		vm_request_stop(vm, VM_FILE_PRIVATE);
}

int vm_ram_file_private(struct vm *vm, struct av_err *err)
{
	int ret;

	/* Before the locks: serving a notify takes its device's lock. */
	if (vm->accel->io_flush)
		vm->accel->io_flush(vm);
	snap_devs_lock(vm, true);
	snap_devs_drain(vm);
	ret = guest_ram_file_private(&vm->ram, err);
	snap_devs_lock(vm, false);
	if (ret)
		return ret;
	timeline_mark(vm->cfg->timeline,
		      "kernel file written: guest pages made private, lease released");
	return 0;
}
