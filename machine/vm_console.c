// SPDX-License-Identifier: GPL-2.0
/*
 * -device virtio-serial-device + -device virtconsole,chardev=ID. Our
 * console has one port and no MULTIPORT (virtio 1.1, 5.3), so each
 * virtconsole takes the next virtio-serial-device, in command-line order.
 */
#include <errno.h>
#include <string.h>

#include "netcon_priv.h"

/* A -chardev stdio would share fds 0/1 with a stdio serial port. */
static int console_check_stdio(const struct vm *vm,
			       const struct chardev_opts *o, struct av_err *err)
{
	if (o->kind != CHARDEV_STDIO)
		return 0;
	if (vm->cfg->serial == SERIAL_DEFAULT || vm->cfg->serial == SERIAL_STDIO)
		return av_errf(err, EBUSY,
			       "chardev '%s': stdio is already the serial console; add -serial none (or -serial file:PATH)",
			       o->id);
	return 0;
}

static int console_check_unused(const struct vm_netcon *nc, const char *id,
				struct av_err *err)
{
	for (unsigned int i = 0; i < nc->ncon; i++)
		if (!strcmp(nc->chr_id[i], id))
			return av_errf(err, EBUSY,
				       "chardev '%s' is already used by another virtconsole", id);
	return 0;
}

static int console_open_chardev(struct vm *vm, struct vm_netcon *nc,
				const char *id, struct chardev **out,
				struct av_err *err)
{
	const struct vm_config *cfg = vm->cfg;
	struct chardev_opts o;
	int ret;

	*out = NULL;
	if (!id[0])
		return 0;
	ret = console_check_unused(nc, id, err);
	if (!ret)
		ret = chardev_find(cfg->chardevs.items, cfg->chardevs.count, id,
				   &o, err);
	if (!ret)
		ret = console_check_stdio(vm, &o, err);
	if (!ret)
		ret = chardev_open_opts(&o, out, err);
	return ret;
}

/* One virtio-serial-device whose port 0 is chardev id ("" = none). */
static int console_add(struct vm *vm, struct vm_netcon *nc, const char *id,
		       struct av_err *err)
{
	struct virtio_console *con;
	struct virtio_host host;
	struct chardev *chr;
	unsigned int slot;
	int ret;

	ret = netcon_slot(vm, &host, &slot, err);
	if (!ret)
		ret = console_open_chardev(vm, nc, id, &chr, err);
	if (ret)
		return ret;
	con = virtio_console_create(&host, chr, err);
	if (!con) {
		chardev_close(chr);
		return -err->code;
	}
	nc->con[nc->ncon] = con;
	nc->chr[nc->ncon] = chr;
	strcpy(nc->chr_id[nc->ncon++], id);
	ret = netcon_plug(vm, slot, virtio_console_dev(con), err);
	if (!ret && virtio_console_in_fd(con) >= 0)
		ret = vm_watch_fd(vm, virtio_console_in_fd(con),
				  virtio_console_input, con, err);
	return ret;
}

/* The chardev id of the n-th virtconsole, "" when there are fewer. */
static int console_port_id(const struct vm_config *cfg, unsigned int n,
			   char *id, struct av_err *err)
{
	char drv[32];
	bool is_port;
	int ret;

	id[0] = '\0';
	for (unsigned int i = 0; i < cfg->devices.count; i++) {
		netcon_driver(cfg->devices.items[i], drv, sizeof(drv));
		if (strcmp(drv, "virtconsole"))
			continue;
		ret = console_device_parse(cfg->devices.items[i], &is_port, id, err);
		if (ret || n-- == 0)
			return ret;
	}
	id[0] = '\0';
	return 0;
}

static unsigned int console_count(const struct vm_config *cfg, const char *name)
{
	unsigned int n = 0;
	char drv[32];

	for (unsigned int i = 0; i < cfg->devices.count; i++) {
		netcon_driver(cfg->devices.items[i], drv, sizeof(drv));
		n += !strcmp(drv, name);
	}
	return n;
}

int vm_console_create(struct vm *vm, struct vm_netcon *nc, struct av_err *err)
{
	unsigned int nserial = console_count(vm->cfg, "virtio-serial-device");
	unsigned int nport = console_count(vm->cfg, "virtconsole");
	char id[CHARDEV_ID_MAX];
	int ret = 0;

	if (nport > nserial)
		return av_errf(err, EINVAL,
			       "-device virtconsole: each needs its own -device virtio-serial-device (one port per device, no MULTIPORT)");
	for (unsigned int i = 0; !ret && i < nserial; i++) {
		ret = console_port_id(vm->cfg, i, id, err);
		if (!ret)
			ret = console_add(vm, nc, id, err);
	}
	return ret;
}
