// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-pci's legacy interface (virtio 1.1, 4.1.4.8), driven as Linux's
 * virtio_pci_legacy_dev.c drives it, through ECAM and the host's I/O
 * window: the transitional IDs and I/O BAR 0 (disable-modern=on, and
 * with the modern interface beside it), feature word, a virtio-rng queue
 * given by QUEUE_PFN, a notify, INTx with the read-to-clear ISR, the MSI
 * vector registers that appear with MSI-X (moving the device config),
 * device reset, and hostile values.
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "check_run.h"
#include "pci.h"
#include "virtio_pci.h"
#include "virtio_rig.h"

#define FN		PCI_DEVFN(1, 0)
#define MSIX_BASE	0x10000000ULL
#define BAR4		0x8000000000ULL
#define IO_BASE		0x1000u		/* where Linux puts the first I/O BAR */
#define RNG_QMAX	8		/* devices/virtio/virtio_rng.c */
#define PAGE		4096u
#define RING_GPA	(VRIG_RAM_BASE + 0x10000)

/* Legacy registers (4.1.4.8). */
#define L_HOST_FEATURES		0x00
#define L_GUEST_FEATURES	0x04
#define L_QUEUE_PFN		0x08
#define L_QUEUE_NUM		0x0c
#define L_QUEUE_SEL		0x0e
#define L_QUEUE_NOTIFY		0x10
#define L_STATUS		0x12
#define L_ISR			0x13
#define L_MSI_CONFIG		0x14
#define L_MSI_QUEUE		0x16

static struct {
	struct vrig rig;
	struct pci_host host;
	struct virtio_pci *vp;
	struct virtio_rng *rng;
	int level[4];
	unsigned int msis;
} t;

static void line_set(void *opaque, unsigned int intid, int level)
{
	(void)opaque;
	t.level[intid] = level;
}

static int msi_capture(void *opaque, uint64_t addr, uint32_t data, uint32_t devid)
{
	(void)opaque;
	(void)addr;
	(void)data;
	(void)devid;
	t.msis++;
	return 0;
}

static uint32_t cfg_read(unsigned int reg, unsigned int size)
{
	return pci_host_config_read(&t.host, 0, FN, reg, size);
}

static void cfg_write(unsigned int reg, unsigned int size, uint32_t val)
{
	pci_host_config_write(&t.host, 0, FN, reg, size, val);
}

static int io_access(bool write, uint64_t off, unsigned int size, uint64_t *val)
{
	const struct pci_window_desc *w = &t.host.windows[PCI_WIN_PIO];

	return write ? pci_window_ops.write((void *)w, IO_BASE + off, size, *val) :
		       pci_window_ops.read((void *)w, IO_BASE + off, size, val);
}

static uint64_t io_read(uint64_t off, unsigned int size)
{
	uint64_t v = 0;

	ck_assert_int_eq(io_access(false, off, size, &v), 0);
	return v;
}

static void io_write(uint64_t off, unsigned int size, uint64_t val)
{
	ck_assert_int_eq(io_access(true, off, size, &val), 0);
}

static void make(bool legacy, bool modern)
{
	struct irq_line intx[4];
	struct av_err err = { 0 };
	struct virtio_host host;

	memset(&t, 0, sizeof(t));
	for (unsigned int i = 0; i < 4; i++)
		intx[i] = (struct irq_line){ .set = line_set, .intid = i };
	pci_host_init(&t.host, intx);
	t.host.windows[PCI_WIN_MMIO] = (struct pci_window_desc){ &t.host, MSIX_BASE, false };
	t.host.windows[PCI_WIN_MMIO_HIGH] = (struct pci_window_desc){ &t.host, BAR4, false };
	t.host.windows[PCI_WIN_PIO] = (struct pci_window_desc){ &t.host, 0, true };
	vrig_init_ram(&t.rig);
	vrig_host(&t.rig, &host);
	t.vp = virtio_pci_alloc(&err);
	ck_assert(t.vp);
	virtio_pci_set_interfaces(t.vp, legacy, modern);
	virtio_pci_host(t.vp, &host);
	t.rng = virtio_rng_create(&host, &err);
	ck_assert_msg(t.rng, "%s", err.msg);
	t.rig.vdev = virtio_rng_dev(t.rng);
	ck_assert_int_eq(virtio_pci_realize(t.vp, t.rig.vdev, &t.host, NULL, FN, msi_capture,
					    NULL, &err), 0);
	/* As Linux's resource assignment leaves it. */
	cfg_write(0x10, 4, IO_BASE);
	cfg_write(0x14, 4, (uint32_t)MSIX_BASE);
	if (modern) {
		cfg_write(0x20, 4, (uint32_t)BAR4);
		cfg_write(0x24, 4, (uint32_t)(BAR4 >> 32));
	}
	cfg_write(PCI_COMMAND, 2, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

static void setup(void)
{
	make(true, false);		/* disable-modern=on */
}

static void teardown(void)
{
	virtio_rng_destroy(t.rng);
	virtio_pci_free(t.vp);
	pci_host_fini(&t.host);
	vrig_fini_ram(&t.rig);
}

/* vp_legacy's setup: features, then queue 0 by PFN; DRIVER_OK. */
static void start(void)
{
	io_write(L_STATUS, 1, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	ck_assert_uint_ne(io_read(L_HOST_FEATURES, 4) & 1u << VIRTIO_F_INDIRECT_DESC, 0);
	io_write(L_GUEST_FEATURES, 4, 0);
	io_write(L_QUEUE_SEL, 2, 0);
	ck_assert_uint_eq(io_read(L_QUEUE_NUM, 2), RNG_QMAX);
	ck_assert_uint_eq(io_read(L_QUEUE_PFN, 4), 0);
	memset(vrig_ptr(&t.rig, RING_GPA), 0, 2 * PAGE);
	io_write(L_QUEUE_PFN, 4, RING_GPA / PAGE);
	ck_assert_uint_eq(io_read(L_QUEUE_PFN, 4), RING_GPA / PAGE);
	io_write(L_STATUS, 1, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
		 VIRTIO_STATUS_DRIVER_OK);
	/* VIRTIO_PCI_VRING_ALIGN: the used ring on the next 4 KiB page. */
	t.rig.q[0] = (struct vrig_queue){
		.num = RNG_QMAX, .desc = RING_GPA, .avail = RING_GPA + 16 * RNG_QMAX,
		.used = RING_GPA + PAGE,
	};
}

static void post(uint16_t head)
{
	vrig_desc(&t.rig, 0, head, vrig_buf(head), 16, VIRTQ_DESC_F_WRITE, 0);
	vrig_avail_add(&t.rig, 0, head);
	io_write(L_QUEUE_NOTIFY, 2, 0);
}

START_TEST(identity)
{
	ck_assert_uint_eq(cfg_read(PCI_VENDOR_ID, 4), 0x10051af4);
	ck_assert_uint_eq(cfg_read(PCI_REVISION_ID, 1), 0);
	ck_assert_uint_eq(cfg_read(PCI_SUBSYSTEM_VENDOR_ID, 4), 0x00041af4);
	ck_assert_uint_eq(virtio_pci_legacy_device_id(VIRTIO_ID_NET), 0x1000);
	ck_assert_uint_eq(virtio_pci_legacy_device_id(VIRTIO_ID_BLOCK), 0x1001);
	ck_assert_uint_eq(virtio_pci_legacy_device_id(VIRTIO_ID_CONSOLE), 0x1003);
	ck_assert_uint_eq(virtio_pci_legacy_device_id(9), 0x1009);
	/* BAR 0: 32 bytes of I/O (24 bytes of registers, no rng config). */
	cfg_write(0x10, 4, 0xffffffff);
	ck_assert_uint_eq(cfg_read(0x10, 4), 0xffffffe1);
	/* No modern interface: BAR 4 absent, MSI-X the only capability. */
	cfg_write(0x20, 4, 0xffffffff);
	ck_assert_uint_eq(cfg_read(0x20, 4), 0);
	ck_assert_uint_eq(cfg_read(cfg_read(PCI_CAPABILITY_LIST, 1), 1), PCI_CAP_ID_MSIX);
	ck_assert_uint_eq(cfg_read(cfg_read(PCI_CAPABILITY_LIST, 1) + 1, 1), 0);
}
END_TEST

/* disable-legacy=off with modern on: both interfaces, transitional IDs. */
START_TEST(transitional)
{
	unsigned int at, n = 0;
	uint64_t v = 0;

	teardown();
	make(true, true);
	ck_assert_uint_eq(cfg_read(PCI_VENDOR_ID, 4), 0x10051af4);
	ck_assert_uint_eq(cfg_read(PCI_SUBSYSTEM_VENDOR_ID, 4), 0x00041af4);
	for (at = cfg_read(PCI_CAPABILITY_LIST, 1); at; at = cfg_read(at + 1, 1))
		n += cfg_read(at, 1) == PCI_CAP_ID_VNDR;
	ck_assert_uint_eq(n, 5);
	/* The modern interface offers VERSION_1; the legacy one cannot. */
	ck_assert_int_eq(pci_window_ops.write(&t.host.windows[PCI_WIN_MMIO_HIGH], 0, 4, 1), 0);
	ck_assert_int_eq(pci_window_ops.read(&t.host.windows[PCI_WIN_MMIO_HIGH], 4, 4, &v), 0);
	ck_assert_uint_eq(v & 1, 1);
	start();
	post(0);
	ck_assert_uint_eq(vrig_used_idx(&t.rig, 0), 1);
}
END_TEST

/* The modern-only default keeps its IDs and has no BAR 0. */
START_TEST(modern_only)
{
	teardown();
	make(false, true);
	ck_assert_uint_eq(cfg_read(PCI_VENDOR_ID, 4), 0x10441af4);
	ck_assert_uint_eq(cfg_read(PCI_REVISION_ID, 1), 1);
	cfg_write(0x10, 4, 0xffffffff);
	ck_assert_uint_eq(cfg_read(0x10, 4), 0);
}
END_TEST

START_TEST(queue_and_intx)
{
	uint32_t id, len;

	start();
	post(0);
	ck_assert_uint_eq(vrig_used_idx(&t.rig, 0), 1);
	vrig_used_elem(&t.rig, 0, 0, &id, &len);
	ck_assert_uint_eq(len, 16);
	ck_assert_int_eq(t.level[1], 1);
	ck_assert_uint_eq(io_read(L_ISR, 1), 1);
	ck_assert_int_eq(t.level[1], 0);
	ck_assert_uint_eq(io_read(L_ISR, 1), 0);
	ck_assert_uint_eq(t.msis, 0);
	/* Without MSI-X the device config starts at 0x14: rng has none. */
	ck_assert_uint_eq(io_read(0x14, 4), 0xffffffff);
	/* Notify for a queue that does not exist: ignored. */
	io_write(L_QUEUE_NOTIFY, 2, 5);
	post(1);
	ck_assert_uint_eq(vrig_used_idx(&t.rig, 0), 2);
	/* Status 0 resets: the queue is gone, the ISR clear. */
	io_write(L_STATUS, 1, 0);
	ck_assert_uint_eq(io_read(L_STATUS, 1), 0);
	ck_assert_uint_eq(io_read(L_QUEUE_PFN, 4), 0);
	ck_assert_int_eq(t.level[1], 0);
}
END_TEST

/* 4.1.4.8: with MSI-X enabled the two vector registers come before the config. */
START_TEST(msix_vectors)
{
	unsigned int cap = cfg_read(PCI_CAPABILITY_LIST, 1);

	start();
	cfg_write(cap + 2, 2, PCI_MSIX_CTRL_ENABLE);
	io_write(L_MSI_CONFIG, 2, 0);
	ck_assert_uint_eq(io_read(L_MSI_CONFIG, 2), 0);
	io_write(L_QUEUE_SEL, 2, 0);
	io_write(L_MSI_QUEUE, 2, 1);
	ck_assert_uint_eq(io_read(L_MSI_QUEUE, 2), 1);
	io_write(L_MSI_QUEUE, 2, 9);			/* beyond the table */
	ck_assert_uint_eq(io_read(L_MSI_QUEUE, 2), PCI_MSI_NO_VECTOR);
	io_write(L_MSI_QUEUE, 2, 1);
	ck_assert_uint_eq(io_read(0x18, 4), 0xffffffff);	/* config moved to 0x18 */
	pci_window_ops.write(&t.host.windows[PCI_WIN_MMIO], 16, 4, 0x08090040);
	pci_window_ops.write(&t.host.windows[PCI_WIN_MMIO], 24, 4, 0x55);
	pci_window_ops.write(&t.host.windows[PCI_WIN_MMIO], 28, 4, 0);
	post(0);
	ck_assert_uint_eq(t.msis, 1);
	ck_assert_int_eq(t.level[1], 0);
	/* Reset unmaps the vectors. */
	io_write(L_STATUS, 1, 0);
	ck_assert_uint_eq(io_read(L_MSI_QUEUE, 2), PCI_MSI_NO_VECTOR);
	ck_assert_uint_eq(io_read(L_MSI_CONFIG, 2), PCI_MSI_NO_VECTOR);
}
END_TEST

START_TEST(hostile)
{
	uint64_t v = 0, end_pfn = (VRIG_RAM_BASE + VRIG_RAM_SIZE) / PAGE;
	uint32_t x = 1;

	/* Outside RAM, straddling its end: refused, PFN reads 0. */
	io_write(L_QUEUE_SEL, 2, 0);
	io_write(L_QUEUE_PFN, 4, 1);
	ck_assert_uint_eq(io_read(L_QUEUE_PFN, 4), 0);
	io_write(L_QUEUE_PFN, 4, 0xffffffff);
	ck_assert_uint_eq(io_read(L_QUEUE_PFN, 4), 0);
	io_write(L_QUEUE_PFN, 4, end_pfn - 1);
	ck_assert_uint_eq(io_read(L_QUEUE_PFN, 4), 0);
	/* A queue that does not exist, QUEUE_NUM is read only. */
	io_write(L_QUEUE_SEL, 2, 3);
	io_write(L_QUEUE_PFN, 4, RING_GPA / PAGE);
	ck_assert_uint_eq(io_read(L_QUEUE_PFN, 4), 0);
	ck_assert_uint_eq(io_read(L_QUEUE_NUM, 2), 0);
	io_write(L_QUEUE_SEL, 2, 0);
	io_write(L_QUEUE_NUM, 2, 2);
	ck_assert_uint_eq(io_read(L_QUEUE_NUM, 2), RNG_QMAX);
	/* Wrong widths: refused. */
	ck_assert_int_eq(io_access(false, L_HOST_FEATURES, 2, &v), -EINVAL);
	ck_assert_int_eq(io_access(true, L_QUEUE_PFN, 2, &v), -EINVAL);
	ck_assert_int_eq(io_access(false, L_HOST_FEATURES + 1, 1, &v), -EINVAL);
	/* No MSI-X: 0x14 is the (empty) device config, reading all-ones. */
	ck_assert_uint_eq(io_read(L_MSI_CONFIG, 2), 0xffff);
	/* The PFN of a queue in use is kept. */
	start();
	io_write(L_QUEUE_PFN, 4, RING_GPA / PAGE + 4);
	ck_assert_uint_eq(io_read(L_QUEUE_PFN, 4), RING_GPA / PAGE);
	for (unsigned int i = 0; i < 20000; i++) {
		x = x * 1103515245 + 12345;
		uint64_t off = (x >> 8) % 32;
		unsigned int size = 1u << ((x >> 4) % 3);

		if (off % size)
			continue;
		v = x * 7;
		io_access(x & 1, off, size, &v);
	}
	io_write(L_STATUS, 1, 0);
	start();
	post(0);
	ck_assert_uint_eq(vrig_used_idx(&t.rig, 0), 1);
}
END_TEST

static Suite *pci_virtio_legacy_suite(void)
{
	Suite *s = suite_create("pci_virtio_legacy");
	TCase *tc = tcase_create("legacy");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, identity);
	tcase_add_test(tc, transitional);
	tcase_add_test(tc, modern_only);
	tcase_add_test(tc, queue_and_intx);
	tcase_add_test(tc, msix_vectors);
	tcase_add_test(tc, hostile);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(pci_virtio_legacy_suite());
}
