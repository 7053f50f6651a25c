// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over snapshot files (docs/snapshot.md), which -incoming
 * reads from wherever the user points it: the container (header,
 * sections, CRC), the machine section's decoder, the RAM chunks (written
 * into a 2 MiB RAM through the same bounds checks as a real load), then
 * what a load applies: the vCPU and GIC state into a bare TCG CPU with a
 * GICv3 + ITS, and the DEVS records into a PL011, a PL061 and PCI
 * functions (the host bridge, a modern virtio-rng-pci, a pcie-root-port
 * with a transitional virtio-rng-pci below it) as the machine names them,
 * a flash bank without a file (its contents in the record) and fw_cfg.
 *
 * The checksum would stop almost every mutation at the END section, so
 * the target recomputes it when the input's first byte is odd (the
 * parser still sees the stored value when it is even).
 */
#include <zlib.h>

#include "../../accel-tcg/gic/gic.h"
#include "../../accel-tcg/sys/sys.h"
#include "../../machine/snapshot/snap_priv.h"
#include "devices.h"
#include "fw_cfg.h"
#include "pflash.h"
#include "pci_root_port.h"
#include "virtio_pci.h"
#include "fuzz_common.h"
#include "tcg_rig.h"

struct fuzz_in {
	const uint8_t *p;
	size_t len, pos;
};

static int fuzz_read(void *opaque, void *buf, size_t n)
{
	struct fuzz_in *in = opaque;

	if (n > in->len - in->pos)
		return -ENODATA;
	memcpy(buf, in->p + in->pos, n);
	in->pos += n;
	return 0;
}

static int fuzz_ram(void *opaque, uint64_t gpa, const uint8_t *map, const uint8_t *pages,
		    size_t len, struct av_err *err)
{
	struct guest_ram *ram = opaque;
	size_t at = 0;

	for (unsigned int i = 0; i < SNAP_CHUNK_PAGES; i++) {
		uint8_t *dst;

		if (!(map[i / 8] & (1u << (i % 8))))
			continue;
		dst = guest_ram_ptr(ram, gpa + (uint64_t)i * SNAP_PAGE, SNAP_PAGE);
		if (!dst)
			return av_errf(err, EINVAL, "outside RAM");
		if (at + SNAP_PAGE > len)
			abort();	/* the parser promised len covers every page */
		memcpy(dst, pages + at, SNAP_PAGE);
		at += SNAP_PAGE;
	}
	return 0;
}

struct fuzz_state {
	struct tcg_rig rig;
	struct pl011 *uart;
	struct pl061 *gpio;
	struct pci_host host;
	struct pci_root_port *port;
	struct virtio_pci *vp[2];	/* 00:01.0, 00:02.0/00.0 */
	struct virtio_rng *rng[2];
	struct pflash *flash;
	struct fw_cfg *fw_cfg;
};

static void no_irq(void *opaque, unsigned int intid, int level)
{
	(void)opaque;
	(void)intid;
	(void)level;
}

static int msi_any(void *opaque, uint64_t addr, uint32_t data, uint32_t devid)
{
	(void)opaque;
	(void)addr;
	(void)devid;
	return (data & 1) ? -ENODEV : 0;
}

static void fuzz_add_rng(struct fuzz_state *st, unsigned int i, struct pci_func *up,
			 unsigned int devfn)
{
	struct virtio_host host = { .ram = &st->rig.ram };
	struct av_err err;

	st->vp[i] = virtio_pci_alloc(&err);
	if (!st->vp[i])
		abort();
	virtio_pci_set_interfaces(st->vp[i], i == 1, true);
	virtio_pci_host(st->vp[i], &host);
	st->rng[i] = virtio_rng_create(&host, &err);
	if (!st->rng[i] || virtio_pci_realize(st->vp[i], virtio_rng_dev(st->rng[i]), &st->host,
					      up, devfn, msi_any, NULL, &err))
		abort();
}

static void fuzz_pci(struct fuzz_state *st)
{
	struct irq_line intx[4];
	struct av_err err;

	for (unsigned int i = 0; i < 4; i++)
		intx[i] = (struct irq_line){ .set = no_irq, .intid = i };
	pci_host_init(&st->host, intx);
	fuzz_add_rng(st, 0, NULL, PCI_DEVFN(1, 0));
	st->port = pci_root_port_create("rp", 1, 0, &err);
	if (!st->port || pci_host_add(&st->host, pci_root_port_func(st->port),
				      PCI_DEVFN(2, 0), &err))
		abort();
	fuzz_add_rng(st, 1, pci_root_port_func(st->port), 0);
}

static struct fuzz_state *fuzz_state(void)
{
	static struct fuzz_state st;
	static bool made;
	struct irq_line irq = { .set = no_irq };
	struct av_err err;

	if (made)
		return &st;
	if (rig_init(&st.rig, &err) || gic_create(&st.rig.tvm, 3, 1, &st.rig.bus, &err) ||
	    gic_its_create(st.rig.tvm.gic, &st.rig.ram, &st.rig.bus, &err))
		abort();
	st.uart = pl011_create(&irq, NULL, &err);
	st.gpio = pl061_create(&irq, &err);
	if (!st.uart || !st.gpio)
		abort();
	fuzz_pci(&st);
	st.flash = pflash_create(&(struct pflash_opts){ .fd = -1 }, &err);
	st.fw_cfg = fw_cfg_create(&st.rig.ram, NULL, NULL, &err);
	if (!st.flash || !st.fw_cfg ||
	    fw_cfg_add_bytes(st.fw_cfg, FW_CFG_CMDLINE_DATA, "console=ttyAMA0", 16, &err))
		abort();
	made = true;
	return &st;
}

/* A PCI function's record, with its device lock held as the machine holds it. */
static void fuzz_pci_load(struct fuzz_state *st, const char *name, struct snap_rbuf *rec)
{
	static const char *const where[] = { "pci@00:00.0", "pci@00:02.0", "pci@00:01.0",
					     "pci@00:02.0/00.0" };
	struct pci_func *f[] = { &st->host.bridge, pci_root_port_func(st->port),
				 virtio_pci_func(st->vp[0]), virtio_pci_func(st->vp[1]) };
	struct av_err err;

	for (unsigned int i = 0; i < 4; i++) {
		struct virtio_dev *vdev = i >= 2 ? virtio_rng_dev(st->rng[i - 2]) : NULL;

		if (strcmp(name, where[i]))
			continue;
		if (vdev)
			virtio_lock(vdev);
		pci_func_snap_load(f[i], rec, &err);
		if (vdev)
			virtio_unlock(vdev);
	}
}

/* The DEVS records: name, length, payload; the platform devices take theirs. */
static void fuzz_devs(struct fuzz_state *st, const uint8_t *buf, size_t len)
{
	struct snap_rbuf r, rec;
	struct av_err err;

	snap_rbuf_init(&r, buf, len);
	while (!r.bad && r.pos < r.len) {
		char name[24] = { 0 };
		uint32_t n = snap_get_count(&r, sizeof(name) - 1);
		uint64_t rlen;

		snap_get_bytes(&r, name, n);
		rlen = snap_get_u64(&r);
		if (r.bad || rlen > r.len - r.pos)
			return;
		snap_rbuf_init(&rec, r.p + r.pos, rlen);
		r.pos += rlen;
		if (!strcmp(name, "pl011"))
			pl011_snap_load(st->uart, &rec, &err);
		else if (!strcmp(name, "pl061"))
			pl061_snap_load(st->gpio, &rec, &err);
		else if (!strcmp(name, "pflash1"))
			pflash_snap_load(st->flash, &rec, &err);
		else if (!strcmp(name, "fw_cfg"))
			fw_cfg_snap_load(st->fw_cfg, &rec, &err);
		else
			fuzz_pci_load(st, name, &rec);
	}
}

static void fix_crc(uint8_t *buf, size_t size)
{
	uint32_t crc;

	if (size < 4)
		return;
	crc = (uint32_t)crc32(0L, buf, (uInt)(size - 4));
	for (unsigned int i = 0; i < 4; i++)
		buf[size - 4 + i] = (uint8_t)(crc >> (8 * i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_state *st = fuzz_state();
	struct snap_parse_ops ops = { .ram = fuzz_ram, .opaque = &st->rig.ram };
	struct snap_parsed p;
	struct av_err err;
	struct fuzz_in fin;
	struct snap_in in = { .read = fuzz_read, .opaque = &fin };
	uint8_t *copy;

	if (size < 1)
		return 0;
	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	if (data[0] & 1)
		fix_crc(copy, size - 1);
	fin = (struct fuzz_in){ copy, size - 1, 0 };
	if (!snap_parse(&in, &ops, &p, &err) && p.mach.ncpus == 1) {
		gic_snap_load(st->rig.tvm.gic, &p.mach.gic, &err);
		tcg_cpu_snap_load(st->rig.cpu, &p.mach.cpu[0], &err);
		fuzz_devs(st, p.devs, p.devs_len);
	}
	snap_parsed_free(&p);
	free(copy);
	return 0;
}
