// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over what a user types at the monitor (or a script
 * sends to -monitor tcp:...): the input goes byte by byte through the
 * line editor, and every line runs as a command against a VM with 64 KiB
 * of RAM and no accelerator. Commands that need the CPUs parked answer
 * with an error here; quit and system_reset only set the VM state.
 * Nothing may crash, hang or touch memory outside RAM (xp).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "mon_rig.h"
#include "monitor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct chardev out = { .ops = &mon_rig_sink_ops, .in_fd = -1 };
	struct vm_config cfg;
	struct av_err err = { 0 };
	struct monitor *mon;
	struct vm *vm = calloc(1, sizeof(*vm));

	if (!vm)
		abort();
	if (mon_rig_init(vm, &cfg, 1, 64 << 10, &err) ||
	    monitor_create(vm, &out, &mon, &err))
		abort();
	monitor_input(mon, data, size);
	monitor_destroy(mon);
	guest_ram_free(&vm->ram);
	free(vm);
	return 0;
}
