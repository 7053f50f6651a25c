// SPDX-License-Identifier: GPL-2.0
/*
 * -device virtio-serial-device + -device virtconsole,chardev=ID. Our
 * console has one port and no MULTIPORT (virtio 1.1, 5.3), so the n-th
 * virtconsole is port 0 of the n-th virtio-serial-device, in command-line
 * order; a virtio-serial-device without one has no chardev (output
 * dropped).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "netcon.h"
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
	for (unsigned int i = 0; i < VIRT_MMIO_SLOTS; i++) {
		const struct vm_virtio_slot *s = &vm->virtio->slots[i];

		if (s->destroy != vm_console_destroy)
			continue;
		n++;
		*in_use |= id[0] && !strcmp(((struct vm_console *)s->model)->chr_id, id);
	}
	return n;
}

/* The chardev id of the n-th virtconsole; "" when there are fewer. */
static int vm_console_port_id(const struct vm_config *cfg, unsigned int n,
			      char *id, struct av_err *err)
{
	char drv[32];
	bool is_port;

	for (unsigned int i = 0; i < cfg->devices.count; i++) {
		netcon_driver(cfg->devices.items[i], drv, sizeof(drv));
		if (strcmp(drv, "virtconsole"))
			continue;
		if (console_device_parse(cfg->devices.items[i], &is_port, id, err))
			return -err->code;
		if (n-- == 0)
			return 0;
	}
	id[0] = '\0';
	return 0;
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
	const struct vm_config *cfg = vm->cfg;
	struct chardev_opts o;
	int ret;

	if (!m->chr_id[0])
		return 0;
	ret = chardev_find(cfg->chardevs.items, cfg->chardevs.count, m->chr_id,
			   &o, err);
	if (!ret)
		ret = vm_console_check_stdio(vm, &o, err);
	if (!ret)
		ret = chardev_open_opts(&o, &m->chr, err);
	return ret;
}

static int vm_console_create(struct vm *vm, unsigned int n,
			     struct vm_console *m, struct av_err *err)
{
	struct virtio_host host;
	int fd;

	if (vm_console_open_chardev(vm, m, err))
		return -err->code;
	vm_virtio_host(vm, n, &host);
	m->con = virtio_console_create(&host, m->chr, err);
	if (!m->con) {
		chardev_close(m->chr);
		return -err->code;
	}
	vm->virtio->slots[n] = (struct vm_virtio_slot){
		.vdev = virtio_console_dev(m->con), .model = m,
		.destroy = vm_console_destroy,
	};
	fd = virtio_console_in_fd(m->con);
	return fd < 0 ? 0 : vm_watch_fd(vm, fd, virtio_console_input, m->con, err);
}

int vm_virtio_device_serial(struct vm *vm, struct vopts *o,
			    struct vm_drives *drives, struct av_err *err)
{
	struct vm_console *m = calloc(1, sizeof(*m));
	unsigned int n, index;
	bool in_use;
	char chardev[CHARDEV_ID_MAX];
	bool is_port;

	(void)drives;
	if (!m)
		return av_errf(err, ENOMEM, "out of memory");
	index = vm_console_count(vm, "", &in_use);
	if (console_device_parse(o->text, &is_port, chardev, err) ||
	    vm_console_port_id(vm->cfg, index, m->chr_id, err))
		goto fail;
	vm_console_count(vm, m->chr_id, &in_use);
	if (in_use)
		av_errf(err, EBUSY, "chardev '%s' is already used by another virtconsole",
			m->chr_id);
	else if (!vm_virtio_next_slot(vm, o, &n, err) &&
		 !vm_console_create(vm, n, m, err))
		return 0;
fail:
	free(m);
	return vopts_err(o, err, err->code, "%s", err->msg);
}

/* Port 0 of a virtio-serial-device (bound there); only count them here. */
int vm_virtio_device_virtconsole(struct vm *vm, struct vopts *o,
				 struct vm_drives *drives, struct av_err *err)
{
	unsigned int nserial = 0, nport = 0;
	char drv[32];

	(void)drives;
	for (unsigned int i = 0; i < vm->cfg->devices.count; i++) {
		netcon_driver(vm->cfg->devices.items[i], drv, sizeof(drv));
		nserial += !strcmp(drv, "virtio-serial-device");
		nport += !strcmp(drv, "virtconsole");
	}
	if (nport > nserial)
		return vopts_err(o, err, EINVAL,
				 "each virtconsole needs its own -device virtio-serial-device (one port per device, no MULTIPORT)");
	return 0;
}
