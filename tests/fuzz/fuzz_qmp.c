// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over what a QMP client sends: the input is the byte
 * stream of one connection (framing, JSON, commands and their arguments)
 * against a VM with 64 KiB of RAM and no accelerator. Replies go nowhere;
 * nothing may crash, hang, leak or read past the request buffer.
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
	struct qmp *q;
	struct vm *vm = calloc(1, sizeof(*vm));

	if (!vm)
		abort();
	if (mon_rig_init(vm, &cfg, 1, 64 << 10, &err) ||
	    qmp_create(vm, &out, &q, &err))
		abort();
	qmp_input(q, data, size);
	qmp_destroy(q);
	guest_ram_free(&vm->ram);
	free(vm);
	return 0;
}
