// SPDX-License-Identifier: GPL-2.0
/*
 * The accelerator hooks of virtio-pci (devices/pci/virtio_pci_accel.c,
 * pci_msix.c), driven as Linux's virtio_pci drives the device: where a
 * queue's notify register decodes follows BAR 4, Command.Memory,
 * DRIVER_OK, queue_enable and both resets (virtio 1.1, 4.1.4.4); the
 * MSI-X hooks see every vector change, a message goes to fast_send first,
 * and a masked vector keeps its pending bit until unmasked (PCI 3.0,
 * 6.8.2.9) instead of reaching fast_send.
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
#define NOTIFY		(BAR4 + 0x3000)

static struct {
	struct vrig rig;
	struct pci_host host;
	struct virtio_pci *vp;
	struct virtio_rng *rng;
	uint64_t notify_at;		/* queue 0's, as last told */
	unsigned int notify_calls;
	unsigned int changed;
	bool fast_ok;			/* what fast_send answers */
	unsigned int fast, slow;
	unsigned int fast_vec;
	uint32_t fast_data;
} t;

static void line_set(void *opaque, unsigned int intid, int level)
{
	(void)opaque;
	(void)intid;
	(void)level;
}

static int msi_slow(void *opaque, uint64_t addr, uint32_t data, uint32_t devid)
{
	(void)opaque;
	(void)addr;
	(void)data;
	(void)devid;
	t.slow++;
	return 0;
}

static void notify_at(void *opaque, unsigned int queue, uint64_t addr)
{
	(void)opaque;
	ck_assert_uint_eq(queue, 0);		/* virtio-rng has one queue */
	t.notify_at = addr;
	t.notify_calls++;
}

static const struct virtio_pci_accel accel = { .notify_at = notify_at };

static void changed(void *opaque)
{
	(void)opaque;
	t.changed++;
}

static bool fast_send(void *opaque, unsigned int vec, uint64_t addr, uint32_t data,
		      uint32_t devid)
{
	(void)opaque;
	ck_assert_uint_eq(addr, 0x08090040);
	ck_assert_uint_eq(devid, FN);
	t.fast++;
	t.fast_vec = vec;
	t.fast_data = data;
	return t.fast_ok;
}

static void cfg_write(unsigned int reg, unsigned int size, uint32_t val)
{
	pci_host_config_write(&t.host, 0, FN, reg, size, val);
}

static void bar4_write(uint64_t off, unsigned int size, uint64_t val)
{
	ck_assert_int_eq(pci_window_ops.write(&t.host.windows[PCI_WIN_MMIO_HIGH], off, size, val), 0);
}

static void msix_write(uint64_t off, uint32_t val)
{
	ck_assert_int_eq(pci_window_ops.write(&t.host.windows[PCI_WIN_MMIO], off, 4, val), 0);
}

static uint64_t pba_read(void)
{
	uint64_t v = 0;

	ck_assert_int_eq(pci_window_ops.read(&t.host.windows[PCI_WIN_MMIO], 0x800, 8, &v), 0);
	return v;
}

static void setup(void)
{
	struct irq_line intx[4];
	struct av_err err = { 0 };
	struct virtio_host host;
	struct pci_msix *m;

	memset(&t, 0, sizeof(t));
	for (unsigned int i = 0; i < 4; i++)
		intx[i] = (struct irq_line){ .set = line_set, .intid = i };
	pci_host_init(&t.host, intx);
	t.host.windows[PCI_WIN_MMIO] = (struct pci_window_desc){ &t.host, MSIX_BASE, false };
	t.host.windows[PCI_WIN_MMIO_HIGH] = (struct pci_window_desc){ &t.host, 0, false };
	vrig_init_ram(&t.rig);
	vrig_host(&t.rig, &host);
	t.vp = virtio_pci_alloc(&err);
	ck_assert(t.vp);
	virtio_pci_host(t.vp, &host);
	t.rng = virtio_rng_create(&host, &err);
	ck_assert_msg(t.rng, "%s", err.msg);
	t.rig.vdev = virtio_rng_dev(t.rng);
	ck_assert_int_eq(virtio_pci_realize(t.vp, t.rig.vdev, &t.host, NULL, FN, msi_slow,
					    NULL, &err), 0);
	virtio_pci_set_accel(t.vp, &accel, NULL);
	m = virtio_pci_msix(t.vp);
	m->changed = changed;
	m->fast_send = fast_send;
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

/* vp_modern's order (virtio 1.1, 3.1.1), queue 0 enabled before DRIVER_OK. */
static void start(void)
{
	uint64_t desc = VRIG_RAM_BASE, avail = desc + 0x8000, used = desc + 0xa000;

	bar4_write(BAR4 + 0x14, 1, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	bar4_write(BAR4 + 0x08, 4, 1);
	bar4_write(BAR4 + 0x0c, 4, 1);			/* VERSION_1 */
	bar4_write(BAR4 + 0x14, 1, 0x0b);
	bar4_write(BAR4 + 0x16, 2, 0);
	bar4_write(BAR4 + 0x18, 2, 4);
	bar4_write(BAR4 + 0x20, 8, desc);
	bar4_write(BAR4 + 0x28, 8, avail);
	bar4_write(BAR4 + 0x30, 8, used);
	bar4_write(BAR4 + 0x1c, 2, 1);
	ck_assert_uint_eq(t.notify_at, 0);		/* enabled, no DRIVER_OK yet */
	bar4_write(BAR4 + 0x14, 1, 0x0f);
	t.rig.q[0] = (struct vrig_queue){ .num = 4, .desc = desc, .avail = avail,
					  .used = used };
}

START_TEST(notify_follows_driver_and_bar)
{
	ck_assert_uint_gt(t.notify_calls, 0);
	ck_assert_uint_eq(t.notify_at, 0);
	start();
	ck_assert_uint_eq(t.notify_at, NOTIFY);
	/* The guest moves BAR 4 (high half first, as Linux does not care). */
	cfg_write(0x20, 4, 0x40000);
	ck_assert_uint_eq(t.notify_at, (BAR4 | 0x40000) + 0x3000);
	cfg_write(0x20, 4, (uint32_t)BAR4);
	ck_assert_uint_eq(t.notify_at, NOTIFY);
	/* Memory decoding off: the register decodes nowhere (PCI 3.0, 6.2.2). */
	cfg_write(PCI_COMMAND, 2, PCI_COMMAND_MASTER);
	ck_assert_uint_eq(t.notify_at, 0);
	cfg_write(PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	ck_assert_uint_eq(t.notify_at, NOTIFY);
	/* Device reset: queues off. */
	bar4_write(BAR4 + 0x14, 1, 0);
	ck_assert_uint_eq(t.notify_at, 0);
	start();
	ck_assert_uint_eq(t.notify_at, NOTIFY);
	/* Machine reset: the BARs are unassigned again. */
	pci_host_reset(&t.host);
	ck_assert_uint_eq(t.notify_at, 0);
}
END_TEST

/* BAR 4 at 0 (unassigned) or at the top of the address space: nowhere. */
START_TEST(notify_hostile_bar)
{
	start();
	cfg_write(0x20, 4, 0);
	cfg_write(0x24, 4, 0);
	ck_assert_uint_eq(t.notify_at, 0);
	cfg_write(0x20, 4, 0xffffc000);
	cfg_write(0x24, 4, 0xffffffff);
	ck_assert_uint_eq(t.notify_at, 0);
}
END_TEST

/* What the accelerator's eventfd runs: the notify write's path and checks. */
START_TEST(queue_notify_serves_the_ring)
{
	virtio_pci_queue_notify(t.vp, 0);		/* queue not enabled */
	start();
	vrig_desc(&t.rig, 0, 0, vrig_buf(0), 16, VIRTQ_DESC_F_WRITE, 0);
	vrig_avail_add(&t.rig, 0, 0);
	virtio_pci_queue_notify(t.vp, 0);
	ck_assert_uint_eq(vrig_used_idx(&t.rig, 0), 1);
	virtio_pci_queue_notify(t.vp, 7);		/* no such queue: ignored */
	ck_assert_uint_eq(vrig_used_idx(&t.rig, 0), 1);
}
END_TEST

START_TEST(msix_fast_send_and_pba)
{
	unsigned int cap = pci_host_config_read(&t.host, 0, FN, PCI_CAPABILITY_LIST, 1);
	unsigned int before;

	start();
	before = t.changed;
	cfg_write(cap + 2, 2, PCI_MSIX_CTRL_ENABLE);
	ck_assert_uint_gt(t.changed, before);
	before = t.changed;
	msix_write(16, 0x08090040);			/* vector 1, unmasked */
	msix_write(16 + 4, 0);
	msix_write(16 + 8, 0x55);
	msix_write(16 + 12, 0);
	ck_assert_uint_eq(t.changed, before + 4);
	bar4_write(BAR4 + 0x16, 2, 0);
	bar4_write(BAR4 + 0x1a, 2, 1);
	bar4_write(BAR4 + 0x10, 2, 0);			/* config: vector 0, masked */
	t.fast_ok = true;
	vrig_desc(&t.rig, 0, 0, vrig_buf(0), 16, VIRTQ_DESC_F_WRITE, 0);
	vrig_avail_add(&t.rig, 0, 0);
	bar4_write(NOTIFY, 2, 0);
	ck_assert_uint_eq(t.fast, 1);
	ck_assert_uint_eq(t.fast_vec, 1);
	ck_assert_uint_eq(t.fast_data, 0x55);
	ck_assert_uint_eq(t.slow, 0);
	/* Masked: no message at all, the pending bit instead. */
	virtio_lock(t.rig.vdev);
	virtio_config_changed(t.rig.vdev);
	virtio_unlock(t.rig.vdev);
	ck_assert_uint_eq(t.fast, 1);
	ck_assert_uint_eq(pba_read(), 1);
	/* Unmasking: the routes are updated first, then it is sent. */
	msix_write(0, 0x08090040);
	msix_write(8, 0x66);
	before = t.changed;
	msix_write(12, 0);
	ck_assert_uint_eq(t.changed, before + 1);
	ck_assert_uint_eq(t.fast, 2);
	ck_assert_uint_eq(t.fast_vec, 0);
	ck_assert_uint_eq(t.fast_data, 0x66);
	ck_assert_uint_eq(pba_read(), 0);
	/* The accelerator refuses: the ordinary send takes it. */
	t.fast_ok = false;
	vrig_desc(&t.rig, 0, 1, vrig_buf(1), 16, VIRTQ_DESC_F_WRITE, 0);
	vrig_avail_add(&t.rig, 0, 1);
	bar4_write(NOTIFY, 2, 0);
	ck_assert_uint_eq(t.fast, 3);
	ck_assert_uint_eq(t.slow, 1);
	/* Function mask: pending, then sent on its clearing. */
	cfg_write(cap + 2, 2, PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL);
	t.fast_ok = true;
	vrig_desc(&t.rig, 0, 2, vrig_buf(2), 16, VIRTQ_DESC_F_WRITE, 0);
	vrig_avail_add(&t.rig, 0, 2);
	bar4_write(NOTIFY, 2, 0);
	ck_assert_uint_eq(t.fast, 3);
	ck_assert_uint_eq(pba_read(), 2);
	cfg_write(cap + 2, 2, PCI_MSIX_CTRL_ENABLE);
	ck_assert_uint_eq(t.fast, 4);
	ck_assert_uint_eq(t.fast_vec, 1);
	ck_assert_uint_eq(pba_read(), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("virtio_pci_accel");
	TCase *tc = tcase_create("hooks");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, notify_follows_driver_and_bar);
	tcase_add_test(tc, notify_hostile_bar);
	tcase_add_test(tc, queue_notify_serves_the_ring);
	tcase_add_test(tc, msix_fast_send_and_pba);
	suite_add_tcase(s, tc);
	return check_run(s);
}
