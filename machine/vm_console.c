// SPDX-License-Identifier: GPL-2.0
/*
 * -device virtio-serial-device + -device virtconsole,chardev=ID. Our
 * console has one port and no MULTIPORT (virtio 1.1, 5.3), so the n-th
 * virtconsole is port 0 of the n-th virtio-serial-device, in command-line
 * order; a virtio-serial-device without one has no chardev (output
 * dropped).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "vm_virtio.h"

struct vm_console {
	struct virtio_console *con;
	struct chardev *chr;
	char chr_id[CHARDEV_ID_MAX];
};

static void vm_console_destroy(void *model)
{
	struct vm_console *m = model;

	virtio_console_destroy(m->con);
	chardev_close(m->chr);
	free(m);
}

/* Consoles made so far; *in_use when one has chardev id already. */
static unsigned int vm_console_count(const struct vm *vm, const char *id,
				     bool *in_use)
{
	unsigned int n = 0;

	*in_use = false;
	for (unsigned int i = 0; i < VM_VIRTIO_ENTRIES; i++) {
		const struct vm_virtio_slot *s = &vm->virtio->slots[i];

		if (s->destroy != vm_console_destroy)
			continue;
		n++;
		*in_use |= id[0] && !strcmp(((struct vm_console *)s->model)->chr_id, id);
	}
	return n;
}

/* The chardev id of the n-th virtconsole; "" when there are fewer. */
static const char *vm_console_port_id(const struct vm_config *cfg, unsigned int n)
{
	for (unsigned int i = 0; i < cfg->ndevices; i++)
		if (cfg->devices[i].model == DEVICE_VIRTCONSOLE && n-- == 0)
			return cfg->devices[i].chardev;
	return "";
}


/* A -chardev stdio would share fds 0 and 1 with a stdio serial port. */
static int vm_console_check_stdio(const struct vm *vm,
				  const struct chardev_opts *o,
				  struct av_err *err)
{
	if (o->kind == CHARDEV_STDIO &&
	    (vm->cfg->serial == SERIAL_DEFAULT || vm->cfg->serial == SERIAL_STDIO))
		return av_errf(err, EBUSY,
			       "chardev '%s': stdio is the serial console already; add -serial none (or -serial file:PATH)",
			       o->id);
	return 0;
}

static int vm_console_open_chardev(struct vm *vm, struct vm_console *m,
				   struct av_err *err)
{
	const struct chardev_opts *o;
	int ret;

	if (!m->chr_id[0])
		return 0;
	o = config_find_chardev(vm->cfg, m->chr_id);
	if (!o)
		return av_errf(err, ENOENT, "chardev '%s' not found", m->chr_id);
	if (vm->cfg->serial == SERIAL_CHARDEV && !strcmp(vm->cfg->serial_path, o->id))
		return av_errf(err, EBUSY,
			       "chardev '%s' is already in use by the serial port",
			       o->id);
	ret = vm_console_check_stdio(vm, o, err);
	if (!ret)
		ret = vm_open_chardev(vm, o, &m->chr, err);
	return ret;
}

/* Build m where pl says; m belongs to the entry after, or is freed on failure. */
static int vm_console_create(struct vm *vm, const struct config_device *d,
			     struct vm_virtio_place *pl, struct vm_console *m,
			     struct av_err *err)
{
	int fd, ret;

	if (vm_console_open_chardev(vm, m, err)) {
		free(m);
		return vm_opt_prefix(&d->origin, err);
	}
	m->con = virtio_console_create(&pl->host, m->chr, err);
	if (!m->con) {
		chardev_close(m->chr);
		free(m);
		return vm_opt_prefix(&d->origin, err);
	}
	ret = vm_virtio_commit(vm, &d->origin, pl, virtio_console_dev(m->con), m,
			       vm_console_destroy, err);
	if (ret)
		return ret;
	fd = virtio_console_in_fd(m->con);
	ret = fd < 0 ? 0 : vm_watch_fd(vm, fd, virtio_console_input, m->con, err);
	return ret ? vm_opt_prefix(&d->origin, err) : 0;
}

int vm_virtio_device_serial(struct vm *vm, const struct config_device *d,
			    struct vm_drives *drives, struct av_err *err)
{
	struct vm_virtio_want want;
	struct vm_virtio_place pl;
	struct vm_console *m;
	const char *chr_id;
	bool in_use;
	int ret;

	(void)drives;
	chr_id = vm_console_port_id(vm->cfg, vm_console_count(vm, "", &in_use));
	vm_console_count(vm, chr_id, &in_use);
	if (in_use)
		return vm_opt_err(&d->origin, err, EBUSY,
				  "chardev '%s' is already used by another virtconsole",
				  chr_id);
	if (vm_virtio_place(vm, &d->origin, vm_virtio_want_of(d, &want), &pl, err))
		return -err->code;
	m = calloc(1, sizeof(*m));
	if (!m) {
		vm_virtio_abandon(&pl);
		return av_errf(err, ENOMEM, "out of memory");
	}
	snprintf(m->chr_id, sizeof(m->chr_id), "%s", chr_id);
	ret = vm_console_create(vm, d, &pl, m, err);
	vm_virtio_abandon(&pl);		/* nothing once committed */
	return ret;
}

/* Port 0 of a virtio-serial-device (bound there); only count them here. */
int vm_virtio_device_virtconsole(struct vm *vm, const struct config_device *d,
				 struct vm_drives *drives, struct av_err *err)
{
	unsigned int nserial = 0, nport = 0;

	(void)drives;
	for (unsigned int i = 0; i < vm->cfg->ndevices; i++) {
		nserial += vm->cfg->devices[i].model == DEVICE_VIRTIO_SERIAL;
		nport += vm->cfg->devices[i].model == DEVICE_VIRTCONSOLE;
	}
	if (nport > nserial)
		return vm_opt_err(&d->origin, err, EINVAL,
				  "each virtconsole needs its own -device virtio-serial-device (one port per device, no MULTIPORT)");
	return 0;
}
