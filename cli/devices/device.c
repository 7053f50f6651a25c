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

#include "../opts.h"
#include "../opts_at.h"
#include "../options.h"
#include "util.h"

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
 * rng= names an -object rng-builtin|rng-random (cli/devices/object.c), checked
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

/* QEMU's u8/u16 qdev properties: decimal or 0x hex, in range. */
static int device_uint_prop(const struct keyval_list *kv, const char *key,
			    unsigned int max, unsigned int *out, struct av_err *err)
{
	const char *v = keyval_last(kv, key);
	unsigned long n;
	char *e;

	if (!v)
		return 0;
	n = strtoul(v, &e, 0);
	if (!*v || *e || *v == '-' || n > max)
		return av_errf(err, EINVAL, "Property 'pcie-root-port.%s' doesn't take value '%s'",
			       key, v);
	*out = (unsigned int)n;
	return 0;
}

/*
 * -device pcie-root-port[,chassis=N][,slot=N][,port=N] (plus the PCI
 * keys): chassis only tells ports apart in QEMU's slot numbering.
 */
static int device_root_port(struct config_device *d, const struct keyval_list *kv,
			    struct av_err *err)
{
	static const char *const keys[] = { "chassis", "slot", "port", NULL };
	const char *unknown = keyval_unknown(kv, keys, true);
	unsigned int chassis = 0;
	int ret;

	if (unknown)
		return av_errf(err, EINVAL, "Property 'pcie-root-port.%s' not found", unknown);
	if (!d->id)
		return av_errf(err, EINVAL, "pcie-root-port needs id=ID (devices name it in bus=ID)");
	ret = device_uint_prop(kv, "chassis", 0xff, &chassis, err);
	if (!ret)
		ret = device_uint_prop(kv, "slot", 0xffff, &d->rp_slot, err);
	if (!ret)
		ret = device_uint_prop(kv, "port", 0xff, &d->rp_port, err);
	if (!ret && d->pci_bus[0])
		ret = av_errf(err, ENOTSUP, "pcie-root-port goes on pcie.0 only");
	return ret;
}

static const struct device_model_desc {
	const char *driver;
	enum device_model model;
	int (*fill)(struct config_device *d, const struct keyval_list *kv,
		    struct av_err *err);
	bool pci;
	enum device_category category;	/* for -device help */
	const char *desc;		/* QEMU's, for -device help; NULL: none */
} device_models[] = {
	{ "virtio-blk-device", DEVICE_VIRTIO_BLK, device_blk, false, DEVCAT_STORAGE, NULL },
	{ "virtio-rng-device", DEVICE_VIRTIO_RNG, device_rng, false, DEVCAT_MISC, NULL },
	{ "virtio-net-device", DEVICE_VIRTIO_NET, device_net, false, DEVCAT_NETWORK, NULL },
	{ "virtio-serial-device", DEVICE_VIRTIO_SERIAL, device_serial, false,
	  DEVCAT_INPUT, NULL },
	{ "virtconsole", DEVICE_VIRTCONSOLE, device_console, false, DEVCAT_INPUT, NULL },
	/* The same devices on the PCIe root bus (devices/pci/virtio_pci.c). */
	{ "virtio-blk-pci", DEVICE_VIRTIO_BLK, device_blk, true, DEVCAT_STORAGE, NULL },
	{ "virtio-rng-pci", DEVICE_VIRTIO_RNG, device_rng, true, DEVCAT_MISC, NULL },
	{ "virtio-net-pci", DEVICE_VIRTIO_NET, device_net, true, DEVCAT_NETWORK, NULL },
	{ "virtio-serial-pci", DEVICE_VIRTIO_SERIAL, device_serial, true,
	  DEVCAT_INPUT, NULL },
	{ "virtio-9p-pci", DEVICE_VIRTIO_9P, device_9p, true, DEVCAT_STORAGE, NULL },
	{ "pcie-root-port", DEVICE_PCIE_ROOT_PORT, device_root_port, true,
	  DEVCAT_BRIDGE, "PCI Express Root Port" },
	{ "virtio-9p-device", DEVICE_VIRTIO_9P, device_9p, false, DEVCAT_STORAGE, NULL },
	{ NULL, 0, NULL, false, 0, NULL },
};

bool config_device_model_info(unsigned int n, struct device_model_info *info)
{
	const struct device_model_desc *m;

	if (n >= sizeof(device_models) / sizeof(device_models[0]) - 1)
		return false;
	m = &device_models[n];
	*info = (struct device_model_info){
		.name = m->driver,
		.bus = m->pci ? "PCI" : m->model == DEVICE_VIRTCONSOLE ?
		       "virtio-serial-bus" : "virtio-bus",
		.category = m->category, .desc = m->desc,
	};
	return true;
}

/* The PCI device properties (QEMU's pci_props and virtio_pci_properties). */
static const char *const pci_keys[] = {
	"bus", "addr", "romfile", "multifunction", "disable-legacy",
	"disable-modern", "bootindex", NULL,
};

/*
 * addr=SLOT[.FN], hex, as QEMU's PCI devfn property (set_pci_devfn():
 * strtoul base 16, so "0x3" and "03.1" both work).
 */
static int device_pci_addr(const char *driver, const char *v, int *devfn,
			   struct av_err *err)
{
	unsigned long slot, fn = 0;
	const char *p = v;
	char *e;

	slot = strtoul(p, &e, 16);
	if (e != p && *e == '.') {
		p = e + 1;
		fn = strtoul(p, &e, 16);
	}
	if (e == p || *e || slot >= 32 || fn >= 8 || *v == '-' || *p == '-')
		return av_errf(err, EINVAL, "Property '%s.addr' doesn't take value '%s'",
			       driver, v);
	*devfn = (int)(slot << 3 | fn);
	return 0;
}

/*
 * bootindex=N (libvirt gives it to disks and NICs): the firmware's boot
 * order; we boot -kernel only, so it is checked and has no effect.
 */
static int device_bootindex(const char *driver, const char *v, struct av_err *err)
{
	char *e;
	long n;

	if (!v)
		return 0;
	n = strtol(v, &e, 0);
	if (!*v || *e || n < -1 || n > 0x7fffffff)
		return av_errf(err, EINVAL, "Property '%s.bootindex' doesn't take value '%s'",
			       driver, v);
	return 0;
}

/* An on/off/auto PCI property: *val 1 on, 0 off, -1 auto or not given. */
static int device_pci_onoffauto(const struct keyval_list *kv, const char *key,
				int *val, struct av_err *err)
{
	const char *v = keyval_last(kv, key);
	bool on;

	*val = -1;
	if (!v || !strcmp(v, "auto"))
		return 0;
	if (parse_bool(key, v, &on, err))
		return -err->code;
	*val = on;
	return 0;
}

/*
 * disable-legacy=on|off|auto and disable-modern=on|off (QEMU's
 * virtio_pci_properties): auto is on (modern only) for us, except that
 * disable-modern=on on the root bus gives a legacy device, as QEMU's
 * auto does there (its virtio_pci_realize(): legacy off only in a PCIe
 * port); under a pcie-root-port QEMU refuses that combination, so do we.
 */
static int device_pci_interfaces(struct config_device *d,
				 const struct keyval_list *kv, struct av_err *err)
{
	int no_legacy, no_modern;
	int ret = device_pci_onoffauto(kv, "disable-legacy", &no_legacy, err);

	if (!ret)
		ret = device_pci_onoffauto(kv, "disable-modern", &no_modern, err);
	if (ret)
		return ret;
	if (no_modern == -1 && keyval_last(kv, "disable-modern"))
		return av_errf(err, EINVAL, "Parameter 'disable-modern' expects 'on' or 'off'");
	d->pci_no_modern = no_modern == 1;
	if (no_legacy == -1)
		no_legacy = !(d->pci_no_modern && !d->pci_bus[0]);
	d->pci_legacy = !no_legacy;
	if (!d->pci_legacy && d->pci_no_modern)
		return av_errf(err, EINVAL,
			       "device is neither legacy nor modern, check your disable-legacy and disable-modern properties");
	return 0;
}

static int device_pci_props(struct config_device *d, const char *driver,
			    const struct keyval_list *kv, struct av_err *err)
{
	const char *bus = keyval_last(kv, "bus"), *addr = keyval_last(kv, "addr");
	const char *rom = keyval_last(kv, "romfile");
	int ret = 0;

	d->pci = true;
	d->pci_devfn = -1;
	/* Any other bus must be a pcie-root-port's id, checked by the machine. */
	if (bus && strcmp(bus, "pcie.0")) {
		if (!*bus || strlen(bus) >= sizeof(d->pci_bus))
			return av_errf(err, EINVAL, "Bus '%s' not found", bus);
		strcpy(d->pci_bus, bus);
	}
	if (addr)
		ret = device_pci_addr(driver, addr, &d->pci_devfn, err);
	if (!ret && rom && *rom)
		ret = av_errf(err, ENOTSUP,
			      "romfile=%s: armvisor loads no option ROMs (give romfile= to have none)",
			      rom);
	if (!ret)
		ret = device_pci_interfaces(d, kv, err);
	if (!ret && keyval_last(kv, "multifunction") &&
	    parse_bool("multifunction", keyval_last(kv, "multifunction"), &(bool){ 0 }, err))
		ret = -err->code;
	if (!ret)
		ret = device_bootindex(driver, keyval_last(kv, "bootindex"), err);
	return ret;
}

/* kv without the PCI keys, for the model's own fill (shares the strings). */
static int device_without_pci_keys(const struct keyval_list *kv,
				   struct keyval_list *out, struct av_err *err)
{
	out->count = 0;
	out->items = calloc(kv->count ? kv->count : 1, sizeof(*out->items));
	if (!out->items)
		return av_errf(err, ENOMEM, "out of memory");
	for (unsigned int i = 0; i < kv->count; i++) {
		bool pci = false;

		for (unsigned int j = 0; pci_keys[j]; j++)
			pci |= !strcmp(kv->items[i].key, pci_keys[j]);
		if (!pci)
			out->items[out->count++] = kv->items[i];
	}
	return 0;
}

static int device_fill_model(struct config_device *d,
			     const struct device_model_desc *m,
			     const struct keyval_list *kv, struct av_err *err)
{
	struct keyval_list rest;
	int ret;

	d->model = m->model;
	d->pci_devfn = -1;
	if (!m->pci)
		return m->fill(d, kv, err);
	ret = device_pci_props(d, m->driver, kv, err);
	if (!ret)
		ret = device_without_pci_keys(kv, &rest, err);
	if (ret)
		return ret;
	ret = m->fill(d, &rest, err);
	free(rest.items);		/* the strings stay kv's */
	return ret;
}

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
		if (!strcmp(driver, device_models[i].driver))
			return device_fill_model(d, &device_models[i], kv, err);
	if (!ret && cli_model_needs_pci(driver))
		return av_errf(err, ENOTSUP,
			       "'%s' is not emulated (armvisor's PCI devices: virtio-blk-pci, virtio-net-pci, virtio-rng-pci, virtio-serial-pci)",
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
	int ret;

	if (opts_is_help(arg)) {
		cfg->list_requests |= CONFIG_LIST_DEVICES;
		return 0;
	}
	ret = config_parse_device(arg, &d, err);
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
