// SPDX-License-Identifier: GPL-2.0
/*
 * The machine's side of a snapshot: what the board is (the CONF digest),
 * which devices a snapshot can hold (refusing the others by name), and
 * the DEVS section: one record per device, named by where it sits
 * ("pl011", "virtio-mmio@31"), so a load finds each record's device
 * whatever the order.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../vm_virtio.h"
#include "snap_devs.h"
#include "virtio_9p.h"
#include "util.h"

void snap_conf_line(struct snap_wbuf *w, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	/* A newline in a path would start a new item: make it visible instead. */
	for (char *p = line; *p; p++)
		if (*p == '\n')
			*p = '?';
	snap_put_bytes(w, line, strlen(line));
	snap_put_u8(w, '\n');
}

int snap_conf_build(struct vm *vm, char **out, struct av_err *err)
{
	const struct vm_config *cfg = vm->cfg;
	struct snap_wbuf w = { 0 };

	snap_conf_line(&w, "machine=virt");
	snap_conf_line(&w, "ram-size=%llu", (unsigned long long)vm->ram.size);
	snap_conf_line(&w, "ram-base=%#llx", (unsigned long long)vm->ram.base);
	snap_conf_line(&w, "cpus=%u", vm->ncpus);
	snap_conf_line(&w, "gic-version=%d", vm->gic_version);
	snap_conf_line(&w, "its=%s", vm->gic_version == 3 && !cfg->its_off ? "on" : "off");
	snap_conf_line(&w, "cpu=%s", cfg->cpu[0] ? cfg->cpu : "cortex-a57");
	for (unsigned int n = 0; vm->virtio && n < VIRT_MMIO_SLOTS; n++) {
		struct virtio_dev *vdev = vm->virtio->slots[n].vdev;

		if (vdev)
			snap_conf_line(&w, "virtio-mmio@%u=%s", n, virtio_name(vdev));
	}
	for (unsigned int i = 0; i < cfg->ndrives; i++) {
		const struct config_drive *d = &cfg->drives[i];

		snap_conf_line(&w, "drive%u=file=%s,readonly=%s,if=%s", i,
			  d->file ? d->file : "", d->readonly ? "on" : "off",
			  d->is_virtio ? "virtio" : "none");
	}
	for (unsigned int i = 0; i < cfg->nnetdevs; i++)
		snap_conf_line(&w, "netdev%u=%s", i, cfg->netdevs[i].opts.id);
	snap_fw_conf(vm, &w);
	snap_pci_conf(vm, &w);
	snap_put_u8(&w, 0);
	if (w.nomem) {
		snap_wbuf_free(&w);
		return av_errf(err, ENOMEM, "snapshot: out of memory");
	}
	*out = (char *)w.buf;
	return 0;
}

/* The 9p devices: refused while mounted (virtio_9p_snap_check); lock: take each one's lock. */
static int snap_devs_check_9p(struct vm *vm, bool lock, struct av_err *err)
{
	for (unsigned int n = 0; vm->virtio && n < VM_VIRTIO_ENTRIES; n++) {
		struct vm_virtio_slot *s = &vm->virtio->slots[n];
		int ret;

		if (!s->vdev || strcmp(virtio_name(s->vdev), "virtio-9p"))
			continue;
		if (lock)
			virtio_lock(s->vdev);
		ret = virtio_9p_snap_check(s->model, err);
		if (lock)
			virtio_unlock(s->vdev);
		if (ret)
			return ret;
	}
	return 0;
}

int snap_devs_check(struct vm *vm, struct av_err *err)
{
	const struct vm_config *cfg = vm->cfg;

	for (unsigned int i = 0; i < cfg->ndrives; i++)
		if (cfg->drives[i].snapshot)
			return av_errf(err, ENOTSUP,
				       "drive '%s' runs with snapshot=on: its writes live in a "
				       "temporary overlay a restore would not have",
				       cfg->drives[i].file ? cfg->drives[i].file : "");
	/* Early, while the guest runs; snap_devs_save checks again, paused and locked. */
	return snap_devs_check_9p(vm, true, err);
}

/* Every virtio device, on virtio-mmio and on PCI. */
void snap_devs_lock(struct vm *vm, bool lock)
{
	for (unsigned int n = 0; vm->virtio && n < VM_VIRTIO_ENTRIES; n++) {
		struct virtio_dev *vdev = vm->virtio->slots[n].vdev;

		if (vdev && lock)
			virtio_lock(vdev);
		else if (vdev)
			virtio_unlock(vdev);
	}
}

void snap_devs_drain(struct vm *vm)
{
	for (unsigned int n = 0; vm->virtio && n < VM_VIRTIO_ENTRIES; n++) {
		struct vm_virtio_slot *s = &vm->virtio->slots[n];

		if (s->vdev && !strcmp(virtio_name(s->vdev), "virtio-blk"))
			virtio_blk_drain(s->model);
	}
}

/* One DEVS record: name, length, then what the device wrote. */
void snap_rec_begin(struct snap_wbuf *w, const char *name, size_t *len_at)
{
	snap_put_u32(w, (uint32_t)strlen(name));
	snap_put_bytes(w, name, strlen(name));
	*len_at = w->len;
	snap_put_u64(w, 0);
}

void snap_rec_end(struct snap_wbuf *w, size_t len_at)
{
	uint64_t len = w->len - len_at - 8;

	if (w->nomem)
		return;
	for (unsigned int i = 0; i < 8; i++)
		w->buf[len_at + i] = (uint8_t)(len >> (8 * i));
}

int snap_devs_save(struct vm *vm, struct snap_wbuf *w, struct av_err *err)
{
	char name[32];
	size_t at;
	int ret = snap_devs_check_9p(vm, false, err);

	if (ret)
		return ret;
	if (vm->uart) {
		snap_rec_begin(w, "pl011", &at);
		pl011_snap_save(vm->uart, w);
		snap_rec_end(w, at);
	}
	if (vm->rtc) {
		snap_rec_begin(w, "pl031", &at);
		pl031_snap_save(vm->rtc, w);
		snap_rec_end(w, at);
	}
	if (vm->gpio) {
		snap_rec_begin(w, "pl061", &at);
		pl061_snap_save(vm->gpio, w);
		snap_rec_end(w, at);
	}
	for (unsigned int n = 0; vm->virtio && n < VIRT_MMIO_SLOTS; n++) {
		struct virtio_dev *vdev = vm->virtio->slots[n].vdev;

		if (!vdev)
			continue;
		snprintf(name, sizeof(name), "virtio-mmio@%u", n);
		snap_rec_begin(w, name, &at);
		virtio_snap_save(vdev, w);
		snap_rec_end(w, at);
	}
	snap_fw_save(vm, w);
	snap_pci_save(vm, w);
	return 0;
}

/* Which records a load has had. */
struct devs_seen {
	uint64_t bits;			/* 0-2 platform, 3-34 virtio-mmio slots, 40+ firmware */
	bool pci[SNAP_PCI_ENTRIES];
};

/* Load record name from r into its device, noting it in *seen. */
static int rec_load(struct vm *vm, const char *name, struct snap_rbuf *r,
		    struct devs_seen *ds, struct av_err *err)
{
	uint64_t *seen = &ds->bits;
	unsigned int n;
	char tail;
	int ret;

	if (!strcmp(name, "pl011") && vm->uart) {
		*seen |= 1;
		return pl011_snap_load(vm->uart, r, err);
	}
	if (!strcmp(name, "pl031") && vm->rtc) {
		*seen |= 2;
		return pl031_snap_load(vm->rtc, r, err);
	}
	if (!strcmp(name, "pl061") && vm->gpio) {
		*seen |= 4;
		return pl061_snap_load(vm->gpio, r, err);
	}
	if (sscanf(name, "virtio-mmio@%u%c", &n, &tail) == 1 && n < VIRT_MMIO_SLOTS &&
	    vm->virtio && vm->virtio->slots[n].vdev) {
		*seen |= 8ull << n;
		return virtio_snap_load(vm->virtio->slots[n].vdev, r, err);
	}
	ret = snap_fw_load(vm, name, r, seen, err);
	if (ret <= 0)
		return ret;
	ret = snap_pci_load(vm, name, r, ds->pci, err);
	if (ret <= 0)
		return ret;
	return av_errf(err, EINVAL, "the snapshot has state for device '%s', "
		       "which this machine does not have", name);
}

static int devs_missing(struct vm *vm, const struct devs_seen *ds, struct av_err *err)
{
	uint64_t seen = ds->bits;

	if ((vm->uart && !(seen & 1)) || (vm->rtc && !(seen & 2)) ||
	    (vm->gpio && !(seen & 4)))
		return av_errf(err, EINVAL, "the snapshot has no state for a platform device");
	for (unsigned int n = 0; vm->virtio && n < VIRT_MMIO_SLOTS; n++)
		if (vm->virtio->slots[n].vdev && !(seen & (8ull << n)))
			return av_errf(err, EINVAL,
				       "the snapshot has no state for %s at virtio-mmio slot %u",
				       virtio_name(vm->virtio->slots[n].vdev), n);
	return snap_fw_missing(vm, seen, err) ?: snap_pci_missing(vm, ds->pci, err);
}

int snap_devs_load(struct vm *vm, const uint8_t *buf, size_t len, struct av_err *err)
{
	struct snap_rbuf r, rec;
	struct devs_seen seen = { 0 };
	char name[64];
	int ret;

	snap_rbuf_init(&r, buf, len);
	while (r.pos < r.len) {
		uint32_t nlen = snap_get_count(&r, sizeof(name) - 1);
		uint64_t rlen;

		snap_get_bytes(&r, name, nlen);
		name[nlen] = 0;
		rlen = snap_get_u64(&r);
		if (r.bad || rlen > r.len - r.pos)
			return av_errf(err, EINVAL, "snapshot: the device section is malformed");
		snap_rbuf_init(&rec, r.p + r.pos, rlen);
		r.pos += rlen;
		ret = rec_load(vm, name, &rec, &seen, err);
		if (!ret && !snap_rbuf_done(&rec))
			ret = av_errf(err, EINVAL, "snapshot: the state of %s is malformed", name);
		if (ret)
			return ret;
	}
	return devs_missing(vm, &seen, err);
}
