// SPDX-License-Identifier: GPL-2.0
/*
 * PCI functions through a snapshot (devices/pci/pci_snap.c,
 * virtio_pci_snap.c; docs/snapshot.md "PCI"): a virtio-rng-pci that a
 * driver set up (BARs, MSI-X enabled, queue vector, one request served)
 * and a pcie-root-port with a bus number go through save and load into a
 * fresh machine, which then serves the next request and signals it with
 * the restored MSI-X message. Hostile records: a vector beyond the
 * table, another vector count, a record cut at every length, read-only
 * bytes and reserved MSI-X bits in the file.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "pci.h"
#include "pci_root_port.h"
#include "snap_stream.h"
#include "virtio_pci.h"
#include "virtio_rig.h"

#define FN		PCI_DEVFN(1, 0)
#define PORT_FN		PCI_DEVFN(2, 0)
#define MSIX_BASE	0x10000000ULL
#define BAR4		0x8000000000ULL
/* Record layout of virtio-rng-pci (2 vectors, 1 queue): after config. */
#define REC_NVEC	256
#define REC_TABLE	(REC_NVEC + 4)
#define REC_PBA		(REC_TABLE + 2 * PCI_MSIX_ENTRY_SIZE)
#define REC_CFGVEC	(REC_PBA + 8)
#define REC_QVEC	(REC_CFGVEC + 2 + 4)

struct mach {
	struct vrig rig;
	struct pci_host host;
	struct virtio_pci *vp;
	struct virtio_rng *rng;
	struct pci_root_port *port;
	unsigned int msis;
	uint64_t msi_addr;
	uint32_t msi_data, msi_devid;
};

static struct mach a, b;

static void line_set(void *opaque, unsigned int intid, int level)
{
	(void)opaque;
	(void)intid;
	(void)level;
}

static int msi_capture(void *opaque, uint64_t addr, uint32_t data, uint32_t devid)
{
	struct mach *m = opaque;

	m->msis++;
	m->msi_addr = addr;
	m->msi_data = data;
	m->msi_devid = devid;
	return 0;
}

static void mach_init(struct mach *m)
{
	struct irq_line intx[4];
	struct av_err err = { 0 };
	struct virtio_host host;

	memset(m, 0, sizeof(*m));
	for (unsigned int i = 0; i < 4; i++)
		intx[i] = (struct irq_line){ .set = line_set, .intid = i };
	pci_host_init(&m->host, intx);
	m->host.windows[PCI_WIN_MMIO] = (struct pci_window_desc){ &m->host, MSIX_BASE, false };
	m->host.windows[PCI_WIN_MMIO_HIGH] = (struct pci_window_desc){ &m->host, BAR4, false };
	vrig_init_ram(&m->rig);
	vrig_host(&m->rig, &host);
	m->vp = virtio_pci_alloc(&err);
	ck_assert(m->vp);
	virtio_pci_host(m->vp, &host);
	m->rng = virtio_rng_create(&host, &err);
	ck_assert_msg(m->rng, "%s", err.msg);
	m->rig.vdev = virtio_rng_dev(m->rng);
	ck_assert_int_eq(virtio_pci_realize(m->vp, m->rig.vdev, &m->host, NULL, FN,
					    msi_capture, m, &err), 0);
	m->port = pci_root_port_create("rp", 1, 0, &err);
	ck_assert(m->port);
	ck_assert_int_eq(pci_host_add(&m->host, pci_root_port_func(m->port), PORT_FN, &err), 0);
}

static void mach_fini(struct mach *m)
{
	virtio_rng_destroy(m->rng);
	virtio_pci_free(m->vp);
	pci_root_port_destroy(m->port);
	pci_host_fini(&m->host);
	vrig_fini_ram(&m->rig);
}

static void setup(void)
{
	mach_init(&a);
	mach_init(&b);
}

static void teardown(void)
{
	mach_fini(&a);
	mach_fini(&b);
}

static void cfg_write(struct mach *m, unsigned int devfn, unsigned int reg,
		      unsigned int size, uint32_t val)
{
	pci_host_config_write(&m->host, 0, devfn, reg, size, val);
}

static uint32_t cfg_read(struct mach *m, unsigned int devfn, unsigned int reg,
			 unsigned int size)
{
	return pci_host_config_read(&m->host, 0, devfn, reg, size);
}

static uint64_t bar4_read(struct mach *m, uint64_t off, unsigned int size)
{
	uint64_t v = 0;

	ck_assert_int_eq(pci_window_ops.read(&m->host.windows[PCI_WIN_MMIO_HIGH], off, size,
					     &v), 0);
	return v;
}

static void bar4_write(struct mach *m, uint64_t off, unsigned int size, uint64_t val)
{
	ck_assert_int_eq(pci_window_ops.write(&m->host.windows[PCI_WIN_MMIO_HIGH], off, size,
					      val), 0);
}

static void msix_write(struct mach *m, uint64_t off, uint32_t val)
{
	ck_assert_int_eq(pci_window_ops.write(&m->host.windows[PCI_WIN_MMIO], off, 4, val), 0);
}

/* What Linux's resource assignment and virtio_pci_modern leave behind. */
static void drive(struct mach *m)
{
	uint64_t desc = VRIG_RAM_BASE, avail = desc + 0x8000, used = desc + 0xa000;
	unsigned int cap = cfg_read(m, FN, PCI_CAPABILITY_LIST, 1);

	cfg_write(m, FN, 0x14, 4, (uint32_t)MSIX_BASE);
	cfg_write(m, FN, 0x20, 4, (uint32_t)BAR4);
	cfg_write(m, FN, 0x24, 4, (uint32_t)(BAR4 >> 32));
	cfg_write(m, FN, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	cfg_write(m, FN, cap + 2, 2, PCI_MSIX_CTRL_ENABLE);
	msix_write(m, 16, 0x08090040);			/* vector 1 */
	msix_write(m, 16 + 8, 0x55);
	msix_write(m, 16 + 12, 0);
	bar4_write(m, 0x14, 1, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	bar4_write(m, 0x08, 4, 1);
	bar4_write(m, 0x0c, 4, 1);
	bar4_write(m, 0x14, 1, 0x0b);
	bar4_write(m, 0x16, 2, 0);
	bar4_write(m, 0x18, 2, 8);
	bar4_write(m, 0x1a, 2, 1);				/* queue 0: vector 1 */
	bar4_write(m, 0x20, 8, desc);
	bar4_write(m, 0x28, 8, avail);
	bar4_write(m, 0x30, 8, used);
	bar4_write(m, 0x1c, 2, 1);
	bar4_write(m, 0x14, 1, 0x0f);
	m->rig.q[0] = (struct vrig_queue){ .num = 8, .desc = desc, .avail = avail, .used = used };
	/* The port: bus 1 below it. */
	cfg_write(m, PORT_FN, PCI_SECONDARY_BUS, 1, 1);
	cfg_write(m, PORT_FN, PCI_SUBORDINATE_BUS, 1, 1);
}

static void post(struct mach *m, uint16_t head)
{
	vrig_desc(&m->rig, 0, head, vrig_buf(head), 16, VIRTQ_DESC_F_WRITE, 0);
	vrig_avail_add(&m->rig, 0, head);
	bar4_write(m, 0x3000, 2, 0);
}

/* f's record, as the machine writes it (device lock held). */
static struct snap_wbuf save_func(struct mach *m, struct pci_func *f, bool virtio)
{
	struct snap_wbuf w = { 0 };

	if (virtio)
		virtio_lock(m->rig.vdev);
	pci_func_snap_save(f, &w);
	if (virtio)
		virtio_unlock(m->rig.vdev);
	ck_assert(!w.nomem);
	return w;
}

static int load_func(struct mach *m, struct pci_func *f, bool virtio, const uint8_t *p,
		     size_t len, struct av_err *err)
{
	struct snap_rbuf r;
	int ret;

	snap_rbuf_init(&r, p, len);
	if (virtio)
		virtio_lock(m->rig.vdev);
	ret = pci_func_snap_load(f, &r, err);
	if (virtio)
		virtio_unlock(m->rig.vdev);
	if (!ret && !snap_rbuf_done(&r))
		ret = -EINVAL;
	return ret;
}

static struct snap_wbuf saved_virtio(void)
{
	drive(&a);
	post(&a, 0);
	ck_assert_uint_eq(a.msis, 1);
	return save_func(&a, virtio_pci_func(a.vp), true);
}

START_TEST(round_trip)
{
	struct snap_wbuf w = saved_virtio(), wp;
	struct av_err err = { 0 };
	struct pci_func *port = pci_root_port_func(b.port);

	wp = save_func(&a, pci_root_port_func(a.port), false);
	memcpy(b.rig.ram.host, a.rig.ram.host, VRIG_RAM_SIZE);	/* RAM: its own section */
	ck_assert_int_eq(load_func(&b, port, false, wp.buf, wp.len, &err), 0);
	ck_assert_int_eq(load_func(&b, virtio_pci_func(b.vp), true, w.buf, w.len, &err), 0);
	ck_assert_uint_eq(cfg_read(&b, FN, 0x20, 4), (uint32_t)BAR4 | 0xc);
	ck_assert_uint_eq(cfg_read(&b, FN, PCI_COMMAND, 2) & PCI_COMMAND_MEMORY, PCI_COMMAND_MEMORY);
	ck_assert_uint_eq(bar4_read(&b, 0x14, 1), 0x0f);	/* DRIVER_OK */
	ck_assert_uint_eq(bar4_read(&b, 0x1a, 2), 1);
	ck_assert_uint_eq(bar4_read(&b, 0x1c, 2), 1);
	ck_assert_uint_eq(cfg_read(&b, PORT_FN, PCI_SECONDARY_BUS, 1), 1);
	ck_assert_uint_eq(atomic_load(&port->sec_bus), 1);
	/* The restored device serves the next request and signals it as before. */
	b.rig.q[0] = a.rig.q[0];
	ck_assert_uint_eq(b.msis, 0);
	post(&b, 1);
	ck_assert_uint_eq(vrig_used_idx(&b.rig, 0), 2);
	ck_assert_uint_eq(b.msis, 1);
	ck_assert_uint_eq(b.msi_addr, 0x08090040);
	ck_assert_uint_eq(b.msi_data, 0x55);
	ck_assert_uint_eq(b.msi_devid, FN);
	snap_wbuf_free(&w);
	snap_wbuf_free(&wp);
}
END_TEST

/* The IDs are this machine's; reserved MSI-X bits and phantom pending bits go. */
START_TEST(read_only_and_reserved)
{
	struct snap_wbuf w = saved_virtio();
	struct av_err err = { 0 };
	uint64_t pba = 0;

	pci_set_word(w.buf + PCI_VENDOR_ID, 0xdead);
	pci_set_long(w.buf + REC_TABLE + 12, 0xfffffffe);	/* vector 0 control: unmasked */
	w.buf[REC_PBA] = 0xfd;					/* pending: 0 and bits past 2 */
	ck_assert_int_eq(load_func(&b, virtio_pci_func(b.vp), true, w.buf, w.len, &err), 0);
	ck_assert_uint_eq(cfg_read(&b, FN, PCI_VENDOR_ID, 2), PCI_VENDOR_QUMRANET);
	ck_assert_int_eq(pci_msix_table_read(virtio_pci_msix(b.vp), 12, 4, &pba), 0);
	ck_assert_uint_eq(pba, 0);
	/* Vector 0 was pending and is unmasked: sent at the load, its bit gone. */
	ck_assert_int_eq(pci_msix_pba_read(virtio_pci_msix(b.vp), 0, 8, &pba), 0);
	ck_assert_uint_eq(pba, 0);
	ck_assert_uint_eq(b.msis, 1);
	snap_wbuf_free(&w);
}
END_TEST

START_TEST(vector_beyond_table)
{
	struct snap_wbuf w = saved_virtio();
	struct av_err err = { 0 };

	pci_set_word(w.buf + REC_QVEC, 2);
	ck_assert_int_eq(load_func(&b, virtio_pci_func(b.vp), true, w.buf, w.len, &err),
			 -EINVAL);
	ck_assert_str_eq(err.msg, "snapshot: virtio-rng-pci names an MSI-X vector beyond its 2");
	pci_set_word(w.buf + REC_QVEC, PCI_MSI_NO_VECTOR);	/* allowed */
	ck_assert_int_eq(load_func(&b, virtio_pci_func(b.vp), true, w.buf, w.len, &err), 0);
	snap_wbuf_free(&w);
}
END_TEST

START_TEST(vector_count)
{
	struct snap_wbuf w = saved_virtio();
	struct av_err err = { 0 };

	pci_set_long(w.buf + REC_NVEC, 3);
	ck_assert_int_eq(load_func(&b, virtio_pci_func(b.vp), true, w.buf, w.len, &err),
			 -EINVAL);
	ck_assert_str_eq(err.msg,
			 "snapshot: virtio-rng-pci has 3 MSI-X vectors in the snapshot, 2 here");
	snap_wbuf_free(&w);
}
END_TEST

/* Every prefix of a record is refused, without reading past it. */
START_TEST(truncated)
{
	struct snap_wbuf w = saved_virtio();
	struct av_err err = { 0 };

	for (size_t n = 0; n < w.len; n++) {
		uint8_t *cut = malloc(n ? n : 1);

		memcpy(cut, w.buf, n);
		ck_assert_msg(load_func(&b, virtio_pci_func(b.vp), true, cut, n, &err) != 0,
			      "a record of %zu bytes (of %zu) loaded", n, w.len);
		free(cut);
	}
	snap_wbuf_free(&w);
}
END_TEST

static Suite *snapshot_pci_suite(void)
{
	Suite *s = suite_create("snapshot-pci");
	TCase *tc = tcase_create("records");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, read_only_and_reserved);
	tcase_add_test(tc, vector_beyond_table);
	tcase_add_test(tc, vector_count);
	tcase_add_test(tc, truncated);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(snapshot_pci_suite());
}
