// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-pci, modern (virtio 1.1, 4.1), driven as Linux's virtio_pci
 * drives it, through ECAM and the host's windows: identity, the
 * capability list at QEMU's offsets, feature negotiation and a queue
 * through the common configuration, a notify that gets a virtio-rng
 * buffer filled, INTx with the read-to-clear ISR, MSI-X vectors (with a
 * capturing MSI target), the PCI configuration access capability, and
 * hostile values in the common configuration.
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
#define F_V1		(1ULL << VIRTIO_F_VERSION_1)
#define RNG_QMAX	8		/* devices/virtio/virtio_rng.c */

static struct {
	struct vrig rig;
	struct pci_host host;
	struct virtio_pci *vp;
	struct virtio_rng *rng;
	int level[4];
	unsigned int msis;
	uint64_t msi_addr;
	uint32_t msi_data, msi_devid;
} t;

static void line_set(void *opaque, unsigned int intid, int level)
{
	(void)opaque;
	t.level[intid] = level;
}

static int msi_capture(void *opaque, uint64_t addr, uint32_t data, uint32_t devid)
{
	(void)opaque;
	t.msis++;
	t.msi_addr = addr;
	t.msi_data = data;
	t.msi_devid = devid;
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

static uint64_t bar4_read(uint64_t off, unsigned int size)
{
	uint64_t v = 0;

	ck_assert_int_eq(pci_window_ops.read(&t.host.windows[PCI_WIN_MMIO_HIGH], off, size, &v), 0);
	return v;
}

static void bar4_write(uint64_t off, unsigned int size, uint64_t val)
{
	ck_assert_int_eq(pci_window_ops.write(&t.host.windows[PCI_WIN_MMIO_HIGH], off, size, val), 0);
}

static void msix_write(uint64_t off, uint32_t val)
{
	ck_assert_int_eq(pci_window_ops.write(&t.host.windows[PCI_WIN_MMIO], off, 4, val), 0);
}

static void setup(void)
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
	vrig_init_ram(&t.rig);
	vrig_host(&t.rig, &host);
	t.vp = virtio_pci_alloc(&err);
	ck_assert(t.vp);
	virtio_pci_host(t.vp, &host);
	t.rng = virtio_rng_create(&host, &err);
	ck_assert_msg(t.rng, "%s", err.msg);
	t.rig.vdev = virtio_rng_dev(t.rng);
	ck_assert_int_eq(virtio_pci_realize(t.vp, t.rig.vdev, &t.host, NULL, FN, msi_capture,
					    NULL, &err), 0);
	/* As Linux's resource assignment leaves it. */
	cfg_write(0x14, 4, (uint32_t)MSIX_BASE);
	cfg_write(0x20, 4, (uint32_t)BAR4);
	cfg_write(0x24, 4, (uint32_t)(BAR4 >> 32));
	cfg_write(PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

static void teardown(void)
{
	virtio_rng_destroy(t.rng);
	virtio_pci_free(t.vp);
	pci_host_fini(&t.host);
	vrig_fini_ram(&t.rig);
}

START_TEST(identity)
{
	ck_assert_uint_eq(cfg_read(PCI_VENDOR_ID, 4), 0x10441af4);
	ck_assert_uint_eq(cfg_read(PCI_REVISION_ID, 4), 0x00ff0001);
	ck_assert_uint_eq(cfg_read(PCI_SUBSYSTEM_VENDOR_ID, 4), 0x11001af4);
	ck_assert_uint_eq(cfg_read(PCI_INTERRUPT_PIN, 1), 1);
	ck_assert_uint_eq(virtio_pci_class(VIRTIO_ID_BLOCK), 0x0100);
	ck_assert_uint_eq(virtio_pci_class(VIRTIO_ID_NET), 0x0200);
	ck_assert_uint_eq(virtio_pci_class(VIRTIO_ID_CONSOLE), 0x0780);
	/* BAR 4 sizes as 16 KiB 64-bit prefetchable, BAR 1 as 4 KiB. */
	cfg_write(0x20, 4, 0xffffffff);
	ck_assert_uint_eq(cfg_read(0x20, 4), 0xffffc00c);
	cfg_write(0x14, 4, 0xffffffff);
	ck_assert_uint_eq(cfg_read(0x14, 4), 0xfffff000);
}
END_TEST

/* 4.1.4: each structure's capability, at QEMU's places, newest first. */
START_TEST(capabilities)
{
	static const uint32_t want[][3] = {	/* cfg_type, offset, length */
		{ 5, 0, 0 }, { 2, 0x3000, 0x1000 }, { 4, 0x2000, 0x1000 },
		{ 3, 0x1000, 0x1000 }, { 1, 0, 0x1000 },
	};
	unsigned int at = cfg_read(PCI_CAPABILITY_LIST, 1), n = 0;

	ck_assert_uint_eq(at, 0x98);
	ck_assert_uint_eq(cfg_read(at, 1), PCI_CAP_ID_MSIX);
	ck_assert_uint_eq(cfg_read(at + 2, 2), 1);		/* 2 vectors: queue + config */
	ck_assert_uint_eq(cfg_read(at + 4, 4), 1);		/* table at 0 of BAR 1 */
	ck_assert_uint_eq(cfg_read(at + 8, 4), 0x801);	/* PBA at 0x800 */
	for (at = cfg_read(at + 1, 1); at; at = cfg_read(at + 1, 1), n++) {
		ck_assert_uint_lt(n, 5);
		ck_assert_uint_eq(cfg_read(at, 1), PCI_CAP_ID_VNDR);
		ck_assert_uint_eq(cfg_read(at + 3, 1), want[n][0]);
		if (want[n][0] == 5)
			continue;
		ck_assert_uint_eq(cfg_read(at + 4, 1), 4);
		ck_assert_uint_eq(cfg_read(at + 8, 4), want[n][1]);
		ck_assert_uint_eq(cfg_read(at + 12, 4), want[n][2]);
		if (want[n][0] == 2)
			ck_assert_uint_eq(cfg_read(at + 16, 4), 4);	/* notify_off_multiplier */
	}
	ck_assert_uint_eq(n, 5);
}
END_TEST

/* 3.1.1 and 4.1.4.3 as vp_modern does it; returns the queue's size. */
static void start(unsigned int num)
{
	uint64_t desc = VRIG_RAM_BASE, avail = desc + 0x8000, used = desc + 0xa000;

	bar4_write(0x14, 1, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	bar4_write(0x00, 4, 1);
	ck_assert_uint_eq(bar4_read(0x04, 4) & 1, 1);		/* VERSION_1 */
	bar4_write(0x08, 4, 1);
	bar4_write(0x0c, 4, 1);
	bar4_write(0x14, 1, 0x0b);
	ck_assert_uint_eq(bar4_read(0x14, 1), 0x0b);
	ck_assert_uint_eq(bar4_read(0x12, 2), 1);		/* num_queues */
	bar4_write(0x16, 2, 0);
	ck_assert_uint_eq(bar4_read(0x18, 2), RNG_QMAX);
	ck_assert_uint_eq(bar4_read(0x1e, 2), 0);		/* queue_notify_off */
	bar4_write(0x18, 2, num);
	bar4_write(0x20, 4, (uint32_t)desc);
	bar4_write(0x24, 4, (uint32_t)(desc >> 32));
	bar4_write(0x28, 8, avail);
	bar4_write(0x30, 4, (uint32_t)used);
	bar4_write(0x34, 4, (uint32_t)(used >> 32));
	bar4_write(0x1c, 2, 1);
	ck_assert_uint_eq(bar4_read(0x1c, 2), 1);
	ck_assert_uint_eq(bar4_read(0x20, 8), desc);
	bar4_write(0x14, 1, 0x0f);
	t.rig.q[0] = (struct vrig_queue){ .num = num, .desc = desc, .avail = avail,
					  .used = used };
}

static void post(uint16_t head)
{
	vrig_desc(&t.rig, 0, head, vrig_buf(head), 16, VIRTQ_DESC_F_WRITE, 0);
	vrig_avail_add(&t.rig, 0, head);
	bar4_write(0x3000, 2, 0);				/* notify queue 0 */
}

/* INTx (4.1.5.3): slot 1 INTA is line 1; the ISR read clears it. */
START_TEST(queue_and_intx)
{
	uint32_t id, len;

	start(8);
	post(0);
	ck_assert_uint_eq(vrig_used_idx(&t.rig, 0), 1);
	vrig_used_elem(&t.rig, 0, 0, &id, &len);
	ck_assert_uint_eq(len, 16);
	ck_assert_int_eq(t.level[1], 1);
	ck_assert_uint_ne(cfg_read(PCI_STATUS, 2) & PCI_STATUS_INTERRUPT, 0);
	ck_assert_uint_eq(bar4_read(0x1000, 1), 1);
	ck_assert_int_eq(t.level[1], 0);
	ck_assert_uint_eq(bar4_read(0x1000, 1), 0);
	ck_assert_uint_eq(t.msis, 0);
	/* The device config region reads all-ones (rng has none). */
	ck_assert_uint_eq(bar4_read(0x2000, 4), 0xffffffff);
	/* A notify for a queue that does not exist is ignored. */
	bar4_write(0x3004, 2, 1);
	bar4_write(0x3ffc, 2, 1);
	ck_assert_uint_eq(vrig_used_idx(&t.rig, 0), 1);
}
END_TEST

/* 4.1.5.1.2: queue and config vectors; INTx stays quiet with MSI-X on. */
START_TEST(msix_vectors)
{
	unsigned int cap = cfg_read(PCI_CAPABILITY_LIST, 1);

	start(4);
	cfg_write(cap + 2, 2, PCI_MSIX_CTRL_ENABLE);
	msix_write(16, 0x08090040);			/* vector 1 */
	msix_write(16 + 4, 0);
	msix_write(16 + 8, 0x55);
	msix_write(16 + 12, 0);
	bar4_write(0x16, 2, 0);
	bar4_write(0x1a, 2, 1);
	ck_assert_uint_eq(bar4_read(0x1a, 2), 1);
	bar4_write(0x1a, 2, 7);				/* beyond the table */
	ck_assert_uint_eq(bar4_read(0x1a, 2), PCI_MSI_NO_VECTOR);
	bar4_write(0x1a, 2, 1);
	bar4_write(0x10, 2, 0);				/* config: vector 0, masked */
	ck_assert_uint_eq(bar4_read(0x10, 2), 0);
	post(0);
	ck_assert_uint_eq(t.msis, 1);
	ck_assert_uint_eq(t.msi_addr, 0x08090040);
	ck_assert_uint_eq(t.msi_data, 0x55);
	ck_assert_uint_eq(t.msi_devid, FN);
	ck_assert_int_eq(t.level[1], 0);
	/* The config vector is masked: pending in the PBA, sent on unmask. */
	virtio_lock(t.rig.vdev);
	virtio_config_changed(t.rig.vdev);
	virtio_unlock(t.rig.vdev);
	ck_assert_uint_eq(t.msis, 1);
	msix_write(0, 0x08090040);
	msix_write(8, 0x66);
	msix_write(12, 0);
	ck_assert_uint_eq(t.msis, 2);
	ck_assert_uint_eq(t.msi_data, 0x66);
	/* Disabling MSI-X hands a still-set ISR back to INTx. */
	cfg_write(cap + 2, 2, 0);
	ck_assert_int_eq(t.level[1], 1);
	/* Device reset: vectors unmapped, queue size back to the maximum. */
	bar4_write(0x14, 1, 0);
	ck_assert_uint_eq(bar4_read(0x1a, 2), PCI_MSI_NO_VECTOR);
	ck_assert_uint_eq(bar4_read(0x10, 2), PCI_MSI_NO_VECTOR);
	ck_assert_uint_eq(bar4_read(0x18, 2), RNG_QMAX);
	ck_assert_int_eq(t.level[1], 0);
}
END_TEST

/* 4.1.4.7: the PCI configuration access window onto BAR 4. */
START_TEST(pci_cfg_window)
{
	unsigned int at = 0x84;

	ck_assert_uint_eq(cfg_read(at + 3, 1), 5);
	start(8);
	cfg_write(at + 4, 1, 4);
	cfg_write(at + 8, 4, 0x14);			/* device_status */
	cfg_write(at + 12, 4, 1);
	ck_assert_uint_eq(cfg_read(at + 16, 4), 0x0f);
	cfg_write(at + 8, 4, 0x16);			/* queue_select */
	cfg_write(at + 12, 4, 2);
	cfg_write(at + 16, 4, 3);
	ck_assert_uint_eq(bar4_read(0x16, 2), 3);
	ck_assert_uint_eq(bar4_read(0x18, 2), 0);	/* no queue 3 */
	/* Another BAR, odd lengths, misaligned or outside: nothing. */
	cfg_write(at + 4, 1, 1);
	ck_assert_uint_eq(cfg_read(at + 16, 4), 0);
	cfg_write(at + 4, 1, 4);
	cfg_write(at + 12, 4, 3);
	ck_assert_uint_eq(cfg_read(at + 16, 4), 0);
	cfg_write(at + 8, 4, 0xfffffffe);
	cfg_write(at + 12, 4, 2);
	ck_assert_uint_eq(cfg_read(at + 16, 4), 0);
}
END_TEST

/* Writes of the wrong width, read-only fields, a queue not off: refused. */
START_TEST(hostile_common_cfg)
{
	uint32_t x = 1;

	start(8);
	bar4_write(0x12, 2, 9);				/* num_queues: read only */
	ck_assert_uint_eq(bar4_read(0x12, 2), 1);
	bar4_write(0x18, 4, 2);				/* wrong width */
	bar4_write(0x18, 2, 4);				/* queue enabled */
	ck_assert_uint_eq(bar4_read(0x18, 2), 8);
	bar4_write(0x1c, 2, 0);				/* 4.1.4.3.2: never 0 */
	ck_assert_uint_eq(bar4_read(0x1c, 2), 1);
	bar4_write(0x0c, 4, 0xffffffff);		/* after FEATURES_OK */
	bar4_write(0x08, 4, 0);
	ck_assert_uint_eq(bar4_read(0x0c, 4), 0);
	for (unsigned int i = 0; i < 20000; i++) {
		x = x * 1103515245 + 12345;
		uint64_t off = (x >> 8) % 0x4000;
		unsigned int size = 1u << ((x >> 4) % 4);
		uint64_t v;

		if (off % size)
			continue;
		if (x & 1)
			pci_window_ops.write(&t.host.windows[PCI_WIN_MMIO_HIGH], off, size, x * 7);
		else
			pci_window_ops.read(&t.host.windows[PCI_WIN_MMIO_HIGH], off, size, &v);
		pci_host_config_write(&t.host, 0, FN, (x >> 3) & 0xff, 1, x >> 11);
	}
	/* Still a virtio-rng at 00:01.0 that a reset brings back. */
	ck_assert_uint_eq(cfg_read(PCI_VENDOR_ID, 4), 0x10441af4);
	pci_host_reset(&t.host);
	virtio_dev_reset(t.rig.vdev);
	cfg_write(0x20, 4, (uint32_t)BAR4);
	cfg_write(0x24, 4, (uint32_t)(BAR4 >> 32));
	cfg_write(PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
	ck_assert_uint_eq(bar4_read(0x14, 1), 0);
	start(8);
	post(0);
	ck_assert_uint_eq(vrig_used_idx(&t.rig, 0), 1);
}
END_TEST

static Suite *pci_virtio_suite(void)
{
	Suite *s = suite_create("virtio-pci");
	TCase *tc = tcase_create("modern");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, identity);
	tcase_add_test(tc, capabilities);
	tcase_add_test(tc, queue_and_intx);
	tcase_add_test(tc, msix_vectors);
	tcase_add_test(tc, pci_cfg_window);
	tcase_add_test(tc, hostile_common_cfg);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(pci_virtio_suite());
}
