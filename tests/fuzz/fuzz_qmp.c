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
#include "monitor.h"
#include "vm.h"

static void sink_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	(void)chr;
	(void)buf;
	(void)len;
}

static void no_kick(struct vm *vm, unsigned int idx)
{
	(void)vm;
	(void)idx;
}

static const struct chardev_ops sink_ops = { .write = sink_write };
static const struct accel_ops no_accel = { .name = "none", .vcpu_kick = no_kick };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct chardev out = { .ops = &sink_ops, .in_fd = -1 };
	struct vm_config cfg;
	struct av_err err = { 0 };
	struct qmp *q;
	struct vm *vm = calloc(1, sizeof(*vm));

	if (!vm)
		abort();
	memset(&cfg, 0, sizeof(cfg));
	vm->cfg = &cfg;
	vm->accel = &no_accel;
	vm->ncpus = 1;
	vm->wake_fd = -1;
	mmio_bus_init(&vm->bus);
	if (guest_ram_alloc(&vm->ram, 0x40000000, 64 << 10, &err) ||
	    qmp_create(vm, &out, &q, &err))
		abort();
	qmp_input(q, data, size);
	qmp_destroy(q);
	guest_ram_free(&vm->ram);
	free(vm);
	return 0;
}
