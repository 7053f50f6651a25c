// SPDX-License-Identifier: GPL-2.0
/*
 * -device DRIVER[,id=ID][,PROP=VALUE...] into a struct config_device
 * (qemu-options.hx "-device"; QEMU's qdev_device_add()). Each driver
 * takes the properties it knows; any other is an error naming it, as
 * QEMU's "Property 'x.y' not found". What a property refers to (a -drive,
 * -netdev or -chardev id) may come later on the command line, so the
 * machine resolves it when it builds the device (machine/vm_virtio.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "opts_at.h"
#include "options.h"

static const char *const blk_keys[] = { "drive", "serial", NULL };
static const char *const no_keys[] = { NULL };
static const char *const rng_keys[] = { "rng", NULL };
static const char *const net_keys[] = { "netdev", "mac", NULL };
static const char *const console_keys[] = { "chardev", "name", "nr", NULL };
static const char *const p9_keys[] = { "fsdev", "mount_tag", NULL };

/* -device virtio-blk-device,drive=ID[,serial=S] */
static int device_blk(struct config_device *d, const struct keyval_list *kv,
		      struct av_err *err)
{
	const char *unknown = keyval_unknown(kv, blk_keys, true);
	int ret;

	if (unknown)
		return av_errf(err, EINVAL, "unknown property '%s'", unknown);
	ret = keyval_copy_last(&d->drive, kv, "drive", err);
	if (!ret)
		ret = keyval_copy_last(&d->serial, kv, "serial", err);
	if (!ret && !d->drive)
		ret = av_errf(err, EINVAL, "drive property not set");
	return ret;
}

/*
 * -device virtio-rng-device[,rng=ID]: entropy from the host's getrandom;
 * rng= names an -object rng-builtin|rng-random (cli/object.c), checked
 * once all options are in (config_validate).
 */
static int device_rng(struct config_device *d, const struct keyval_list *kv,
		      struct av_err *err)
{
	const char *unknown = keyval_unknown(kv, rng_keys, true);
	const char *rng = keyval_last(kv, "rng");

	if (unknown)
		return av_errf(err, EINVAL, "unknown property '%s'", unknown);
	if (rng && (!*rng || strlen(rng) >= sizeof(d->rng)))
		return av_errf(err, EINVAL, "invalid rng id '%s'", rng);
	if (rng)
		strcpy(d->rng, rng);
	return 0;
}

/* -device virtio-net-device,netdev=ID[,mac=MAC] */
static int device_net(struct config_device *d, const struct keyval_list *kv,
		      struct av_err *err)
{
	const char *unknown = keyval_unknown(kv, net_keys, true);
	const char *netdev = keyval_last(kv, "netdev"), *mac = keyval_last(kv, "mac");

	if (unknown)
		return av_errf(err, EINVAL, "Property 'virtio-net-device.%s' not found",
			       unknown);
	if (netdev && (!*netdev || strlen(netdev) >= sizeof(d->nic.netdev)))
		return av_errf(err, EINVAL, "invalid netdev id '%s'", netdev);
	if (mac && net_parse_mac(mac, d->nic.mac))
		return av_errf(err, EINVAL,
			       "Property 'mac' expects a MAC address like 52:54:00:12:34:56, not '%s'",
			       mac);
	if (!netdev)
		return av_errf(err, EINVAL,
			       "virtio-net-device needs netdev=ID (a -netdev's id)");
	strcpy(d->nic.netdev, netdev);
	d->nic.has_mac = mac != NULL;
	return 0;
}

/* -device virtio-serial-device[,id=..]: only its name may be given. */
static int device_serial(struct config_device *d, const struct keyval_list *kv,
			 struct av_err *err)
{
	const char *unknown = keyval_unknown(kv, no_keys, true);

	(void)d;
	return unknown ? av_errf(err, EINVAL,
				 "Property 'virtio-serial-device.%s' not found",
				 unknown) : 0;
}

/*
 * -device virtconsole,chardev=ID[,id=..][,name=..][,nr=0]. Names only
 * matter to MULTIPORT drivers; our one port 0 is the console.
 */
static int device_console(struct config_device *d, const struct keyval_list *kv,
			  struct av_err *err)
{
	const char *unknown = keyval_unknown(kv, console_keys, true);
	const char *chardev = keyval_last(kv, "chardev"), *nr = keyval_last(kv, "nr");

	if (unknown)
		return av_errf(err, EINVAL, "Property 'virtconsole.%s' not found", unknown);
	if (nr && strcmp(nr, "0"))
		return av_errf(err, ENOTSUP, "only port nr=0 exists (no MULTIPORT)");
	if (chardev && (!*chardev || strlen(chardev) >= sizeof(d->chardev)))
		return av_errf(err, EINVAL, "Parameter 'chardev' must be 1 to %zu characters",
			       sizeof(d->chardev) - 1);
	if (!chardev)
		return av_errf(err, EINVAL, "virtconsole needs chardev=ID (a -chardev's id)");
	strcpy(d->chardev, chardev);
	return 0;
}

/*
 * -device virtio-9p-device,fsdev=ID,mount_tag=TAG: both are checked when
 * the machine finds the -fsdev (machine/vm_virtio_9p.c), in QEMU's order.
 */
static int device_9p(struct config_device *d, const struct keyval_list *kv,
		     struct av_err *err)
{
	const char *unknown = keyval_unknown(kv, p9_keys, true);
	const char *fsdev = keyval_last(kv, "fsdev"), *tag = keyval_last(kv, "mount_tag");

	if (unknown)
		return av_errf(err, EINVAL, "Property 'virtio-9p-device.%s' not found", unknown);
	if ((fsdev && strlen(fsdev) >= sizeof(d->fsdev)) ||
	    (tag && strlen(tag) >= sizeof(d->mount_tag)))
		return av_errf(err, EINVAL, "fsdev id or mount_tag too long");
	strcpy(d->fsdev, fsdev ? fsdev : "");
	strcpy(d->mount_tag, tag ? tag : "");
	return 0;
}

static const struct device_model_desc {
	const char *driver;
	enum device_model model;
	int (*fill)(struct config_device *d, const struct keyval_list *kv,
		    struct av_err *err);
} device_models[] = {
	{ "virtio-blk-device", DEVICE_VIRTIO_BLK, device_blk },
	{ "virtio-rng-device", DEVICE_VIRTIO_RNG, device_rng },
	{ "virtio-net-device", DEVICE_VIRTIO_NET, device_net },
	{ "virtio-serial-device", DEVICE_VIRTIO_SERIAL, device_serial },
	{ "virtconsole", DEVICE_VIRTCONSOLE, device_console },
	{ "virtio-9p-device", DEVICE_VIRTIO_9P, device_9p },
	{ NULL, 0, NULL },
};

static int device_fill(struct config_device *d, const struct keyval_list *kv,
		       struct av_err *err)
{
	const char *driver = keyval_last(kv, "driver");
	/* QEMU's qemu_opts_create(): an id, when given, is well formed. */
	int ret = opts_check_id(keyval_last(kv, "id"), err);

	if (!ret)
		ret = keyval_copy_last(&d->id, kv, "id", err);
	if (!ret && !driver)
		ret = av_errf(err, EINVAL, "no device model named (driver=NAME)");
	for (unsigned int i = 0; !ret && device_models[i].driver; i++)
		if (!strcmp(driver, device_models[i].driver)) {
			d->model = device_models[i].model;
			return device_models[i].fill(d, kv, err);
		}
	if (!ret && cli_model_needs_pci(driver))
		return av_errf(err, ENOTSUP,
			       "'%s' needs PCI, which armvisor's virt board does not have yet (use the virtio-mmio models: virtio-blk-device, virtio-net-device, virtio-rng-device, virtio-serial-device)",
			       driver);
	return ret ? ret : av_errf(err, EINVAL, "'%s' is not a valid device model name",
				   driver);
}

int config_parse_device(const char *s, struct config_device *out,
			struct av_err *err)
{
	struct keyval_list kv;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = qemuopts_parse(s, "driver", &kv, err);
	if (ret)
		return ret;
	ret = device_fill(out, &kv, err);
	if (ret)
		config_device_free(out);
	keyval_free(&kv);
	return ret;
}

/* QEMU's qemu_opts_create(): device ids are unique. */
static int device_check_unique(const struct vm_config *cfg, const char *id,
			       struct av_err *err)
{
	for (unsigned int i = 0; id && i < cfg->ndevices; i++)
		if (cfg->devices[i].id && !strcmp(cfg->devices[i].id, id))
			return av_errf(err, EEXIST, "Duplicate ID '%s' for device", id);
	return 0;
}

int opt_device_at(struct vm_config *cfg, const char *arg, const char *origin,
		  struct av_err *err)
{
	struct config_device d;
	int ret = config_parse_device(arg, &d, err);

	if (ret)
		return ret;
	ret = device_check_unique(cfg, d.id, err);
	if (!ret)
		ret = config_list_add(&cfg->devices, &cfg->ndevices, &d, sizeof(d),
				      &d.origin, "-device", arg, origin, err);
	if (ret)
		config_device_free(&d);
	return ret;
}

int opt_device(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opt_device_at(cfg, arg, NULL, err);
}
