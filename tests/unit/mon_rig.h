/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A VM for the monitor and QMP without an accelerator or devices: RAM at
 * 0x40000000, an empty MMIO bus, ncpus vCPUs that are never kicked (quit
 * and system_reset only set the state). Shared by test_monitor.c,
 * test_qmp.c and the fuzz targets fuzz_monitor.c, fuzz_qmp.c.
 */
#ifndef TESTS_MON_RIG_H
#define TESTS_MON_RIG_H

#include <string.h>

#include "vm.h"

static inline void mon_rig_no_kick(struct vm *vm, unsigned int idx)
{
	(void)vm;
	(void)idx;
}

static const struct accel_ops mon_rig_accel = { .name = "none", .vcpu_kick = mon_rig_no_kick };

/* cfg and vm are zeroed and tied together; 0, or -1 with err set. */
static inline int mon_rig_init(struct vm *vm, struct vm_config *cfg, unsigned int ncpus,
			       uint64_t ram_size, struct av_err *err)
{
	memset(cfg, 0, sizeof(*cfg));
	memset(vm, 0, sizeof(*vm));
	vm->cfg = cfg;
	vm->accel = &mon_rig_accel;
	vm->ncpus = ncpus;
	vm->wake_fd = -1;
	mmio_bus_init(&vm->bus);
	return guest_ram_alloc(&vm->ram, 0x40000000, ram_size, err) ? -1 : 0;
}

/* A chardev whose output goes nowhere (the fuzz targets). */
static inline void mon_rig_sink_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	(void)chr;
	(void)buf;
	(void)len;
}

static const struct chardev_ops mon_rig_sink_ops = { .write = mon_rig_sink_write };

/* A chardev that keeps what is written, NUL-terminated (the unit tests). */
struct mon_rig_capture {
	struct chardev chr;
	char buf[1 << 16];
	size_t len;
};

static inline void mon_rig_capture_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	struct mon_rig_capture *c = (struct mon_rig_capture *)chr;

	if (len > sizeof(c->buf) - 1 - c->len)
		len = sizeof(c->buf) - 1 - c->len;
	memcpy(c->buf + c->len, buf, len);
	c->len += len;
	c->buf[c->len] = '\0';
}

static const struct chardev_ops mon_rig_capture_ops = { .write = mon_rig_capture_write };

/* Empty it before the next command's output. */
static inline void mon_rig_capture_reset(struct mon_rig_capture *c)
{
	c->len = 0;
	c->buf[0] = '\0';
}

#endif
