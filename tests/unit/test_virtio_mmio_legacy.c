// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-mmio version 1, the legacy register layout (virtio 1.1, 4.2.4),
 * driven as Linux's virtio_mmio.c drives a version 1 device: identity
 * and the 32-bit feature window, a virtio-rng queue given by QueuePFN
 * with the ring laid out per 2.6.2 (used ring at the QueueAlign
 * boundary), PFN 0 and Status 0, the empty slot, and hostile values
 * (page size, alignment, PFN outside RAM or straddling its end, a queue
 * size past the maximum).
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "check_run.h"
#include "virtio_rig.h"

#define REG_GUEST_PAGE_SIZE	0x028
#define REG_QUEUE_ALIGN		0x03c
#define REG_QUEUE_PFN		0x040
#define PAGE			4096u
#define RNG_QMAX		8	/* devices/virtio/virtio_rng.c */
/* Queue 0's rings at 64 KiB into the test RAM; data from 512 KiB. */
#define RING_GPA		(VRIG_RAM_BASE + 0x10000)

static struct vrig rig;
static struct virtio_rng *rng;

static void setup(void)
{
	struct av_err err = { 0 };
	struct virtio_host host;

	vrig_init_ram(&rig);
	vrig_host(&rig, &host);
	host.mmio_legacy = true;
	rng = virtio_rng_create(&host, &err);
	ck_assert_msg(rng, "virtio_rng_create: %s", err.msg);
	rig.vdev = virtio_rng_dev(rng);
}

static void teardown(void)
{
	virtio_rng_destroy(rng);
	vrig_fini_ram(&rig);
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

/*
 * Linux's vm_setup_vq for version 1, and the rig told where the rings
 * are: descriptors at the PFN's page, the available ring right after
 * (flags, idx, ring[num], used_event), the used ring at the next align.
 */
static uint32_t legacy_queue(unsigned int q, uint16_t num, uint64_t gpa,
			     uint32_t align)
{
	struct vrig_queue *rq = &rig.q[q];

	memset(vrig_ptr(&rig, gpa), 0, 2 * PAGE);	/* a fresh ring */
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_SEL, q);
	ck_assert_uint_eq(vrig_read(&rig, REG_QUEUE_PFN), 0);
	ck_assert_uint_ge(vrig_read(&rig, VIRTIO_MMIO_QUEUE_NUM_MAX), num);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NUM, num);
	vrig_write(&rig, REG_QUEUE_ALIGN, align);
	vrig_write(&rig, REG_QUEUE_PFN, (uint32_t)(gpa / PAGE));
	rq->num = num;
	rq->desc = gpa;
	rq->avail = gpa + 16ULL * num;
	rq->used = align_up(rq->avail + 6 + 2ULL * num, align);
	rq->avail_idx = 0;
	return vrig_read(&rig, REG_QUEUE_PFN);
}

static void legacy_start(void)
{
	vrig_write(&rig, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	vrig_write(&rig, REG_GUEST_PAGE_SIZE, PAGE);
	vrig_write(&rig, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
		   VIRTIO_STATUS_DRIVER);
	vrig_write(&rig, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vrig_write(&rig, VIRTIO_MMIO_DRIVER_FEATURES, 0);
}

static void driver_ok(void)
{
	vrig_write(&rig, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
		   VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
}

/* One 32-byte writable buffer through queue 0; the used length, or -1. */
static int rng_request(void)
{
	uint16_t before = vrig_used_idx(&rig, 0);
	uint32_t id, len;

	vrig_desc(&rig, 0, 1, vrig_buf(0), 32, VIRTQ_DESC_F_WRITE, 0);
	vrig_kick(&rig, 0, 1);
	if (vrig_used_idx(&rig, 0) == before)
		return -1;
	vrig_used_elem(&rig, 0, before, &id, &len);
	ck_assert_uint_eq(id, 1);
	return (int)len;
}

START_TEST(identity)
{
	uint64_t v;

	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_VERSION), 1);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_RNG);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_VENDOR_ID), VIRTIO_MMIO_VENDOR);
	/* 32 feature bits: word 1 (VERSION_1 is bit 32) reads 0. */
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES), 0);
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	ck_assert(vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES) &
		  1u << VIRTIO_F_INDIRECT_DESC);
	/* Version 2's registers are not in this layout. */
	ck_assert_int_eq(vrig_access(&rig, false, VIRTIO_MMIO_QUEUE_READY, 4, &v), -EINVAL);
	ck_assert_int_eq(vrig_access(&rig, false, VIRTIO_MMIO_CONFIG_GENERATION, 4, &v), -EINVAL);
	ck_assert_int_eq(vrig_access(&rig, true, VIRTIO_MMIO_QUEUE_DESC_LOW, 4, &v), -EINVAL);
	/* Queue 1 does not exist. */
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_SEL, 1);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	ck_assert_uint_eq(vrig_read(&rig, REG_QUEUE_PFN), 0);
}
END_TEST

START_TEST(empty_slot)
{
	uint64_t v = 0;

	ck_assert_int_eq(virtio_mmio_empty_legacy_ops.read(NULL, VIRTIO_MMIO_VERSION, 4, &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(virtio_mmio_empty_legacy_ops.read(NULL, VIRTIO_MMIO_DEVICE_ID, 4, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(virtio_mmio_empty_ops.read(NULL, VIRTIO_MMIO_VERSION, 4, &v), 0);
	ck_assert_uint_eq(v, 2);
}
END_TEST

START_TEST(page_aligned_queue)
{
	legacy_start();
	ck_assert_uint_eq(legacy_queue(0, RNG_QMAX, RING_GPA, PAGE), RING_GPA / PAGE);
	driver_ok();
	/* 8 entries: avail ends at 0x80 + 22, so the used ring is on the next page. */
	ck_assert_uint_eq(rig.q[0].used, RING_GPA + PAGE);
	ck_assert_int_eq(rng_request(), 32);
	ck_assert_int_eq(rig.irq_level, 1);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
	vrig_write(&rig, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	ck_assert_int_eq(rig.irq_level, 0);
	ck_assert_int_eq(rng_request(), 32);
}
END_TEST

/* QueueAlign 64 and a smaller queue: the used ring follows closely. */
START_TEST(small_alignment)
{
	legacy_start();
	ck_assert_uint_eq(legacy_queue(0, 4, RING_GPA, 64), RING_GPA / PAGE);
	driver_ok();
	ck_assert_uint_eq(rig.q[0].used, RING_GPA + 128);
	ck_assert_int_eq(rng_request(), 32);
}
END_TEST

START_TEST(guest_page_size)
{
	legacy_start();
	vrig_write(&rig, REG_GUEST_PAGE_SIZE, 0x10000);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_SEL, 0);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NUM, RNG_QMAX);
	vrig_write(&rig, REG_QUEUE_ALIGN, 0x10000);
	/* 128 KiB into RAM, in 64 KiB pages. */
	vrig_write(&rig, REG_QUEUE_PFN, (VRIG_RAM_BASE + 0x20000) / 0x10000);
	ck_assert_uint_eq(vrig_read(&rig, REG_QUEUE_PFN), (VRIG_RAM_BASE + 0x20000) / 0x10000);
	rig.q[0] = (struct vrig_queue){
		.num = RNG_QMAX, .desc = VRIG_RAM_BASE + 0x20000,
		.avail = VRIG_RAM_BASE + 0x20000 + 16 * RNG_QMAX,
		.used = VRIG_RAM_BASE + 0x30000,
	};
	driver_ok();
	ck_assert_int_eq(rng_request(), 32);
}
END_TEST

START_TEST(pfn_zero_and_reset)
{
	legacy_start();
	legacy_queue(0, RNG_QMAX, RING_GPA, PAGE);
	driver_ok();
	ck_assert_int_eq(rng_request(), 32);
	/* A PFN while in use is ignored. */
	vrig_write(&rig, REG_QUEUE_PFN, RING_GPA / PAGE + 4);
	ck_assert_uint_eq(vrig_read(&rig, REG_QUEUE_PFN), RING_GPA / PAGE);
	vrig_write(&rig, REG_QUEUE_PFN, 0);
	ck_assert_uint_eq(vrig_read(&rig, REG_QUEUE_PFN), 0);
	ck_assert_int_eq(rng_request(), -1);		/* the queue is off */
	legacy_queue(0, RNG_QMAX, RING_GPA, PAGE);
	ck_assert_int_eq(rng_request(), 32);
	vrig_write(&rig, VIRTIO_MMIO_STATUS, 0);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_STATUS), 0);
	ck_assert_uint_eq(vrig_read(&rig, REG_QUEUE_PFN), 0);
	ck_assert_int_eq(rig.irq_level, 0);
	/* GuestPageSize survives a Status reset (Linux writes it once). */
	ck_assert_uint_eq(legacy_queue(0, RNG_QMAX, RING_GPA, PAGE), RING_GPA / PAGE);
}
END_TEST

/* Legacy drivers never set FEATURES_OK: what they write is what they use. */
START_TEST(features)
{
	legacy_start();
	vrig_write(&rig, VIRTIO_MMIO_DRIVER_FEATURES, 1u << VIRTIO_F_INDIRECT_DESC | 1u << 3);
	ck_assert_uint_eq(virtio_features(rig.vdev), 1u << VIRTIO_F_INDIRECT_DESC);
	vrig_write(&rig, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vrig_write(&rig, VIRTIO_MMIO_DRIVER_FEATURES, 1);	/* VERSION_1: not ours */
	ck_assert(!virtio_has_feature(rig.vdev, VIRTIO_F_VERSION_1));
	/* No FEATURES_OK step in legacy; a driver setting it keeps it. */
	vrig_write(&rig, VIRTIO_MMIO_STATUS, 0x0b);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_STATUS), 0x0b);
}
END_TEST

/* A refused PFN leaves the queue off and reads back 0. */
static void refused(uint32_t page, uint32_t align, uint16_t num, uint32_t pfn)
{
	vrig_write(&rig, REG_GUEST_PAGE_SIZE, page);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_SEL, 0);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NUM, num);
	vrig_write(&rig, REG_QUEUE_ALIGN, align);
	vrig_write(&rig, REG_QUEUE_PFN, pfn);
	ck_assert_msg(vrig_read(&rig, REG_QUEUE_PFN) == 0,
		      "page %u align %u num %u pfn 0x%x accepted", page, align, num, pfn);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NOTIFY, 0);	/* ignored, no crash */
}

START_TEST(hostile)
{
	uint32_t ram_pfn = (uint32_t)(VRIG_RAM_BASE / PAGE);
	uint32_t end_pfn = (uint32_t)((VRIG_RAM_BASE + VRIG_RAM_SIZE) / PAGE);

	legacy_start();
	refused(0, PAGE, RNG_QMAX, ram_pfn + 16);		/* page size 0 */
	refused(3000, PAGE, RNG_QMAX, ram_pfn + 16);		/* not a power of two */
	refused(0x80000000u, PAGE, RNG_QMAX, 0xffffffffu);	/* huge: no overflow */
	refused(PAGE, 0, RNG_QMAX, ram_pfn + 16);		/* align 0 */
	refused(PAGE, 100, RNG_QMAX, ram_pfn + 16);		/* align not a power of two */
	refused(PAGE, 1u << 20, RNG_QMAX, ram_pfn + 16);	/* align too large */
	refused(PAGE, PAGE, RNG_QMAX, 1);			/* below RAM */
	refused(PAGE, PAGE, RNG_QMAX, 0xffffffffu);		/* far above */
	refused(PAGE, PAGE, RNG_QMAX, end_pfn - 1);		/* used ring past the end */
	refused(PAGE, PAGE, RNG_QMAX, end_pfn);			/* just past the end */
	refused(PAGE, PAGE, RNG_QMAX * 2, ram_pfn + 16);	/* size over QueueNumMax */
	refused(PAGE, PAGE, 3, ram_pfn + 16);			/* size not a power of two */
	refused(PAGE, PAGE, 0, ram_pfn + 16);			/* size 0 */
	refused(1, PAGE, RNG_QMAX, ram_pfn * PAGE + 8);		/* descriptors misaligned */
	/* Still usable afterwards. */
	vrig_write(&rig, REG_GUEST_PAGE_SIZE, PAGE);
	ck_assert_uint_eq(legacy_queue(0, RNG_QMAX, RING_GPA, PAGE), RING_GPA / PAGE);
	driver_ok();
	ck_assert_int_eq(rng_request(), 32);
	/* A used ring at the last possible place still fits. */
	vrig_write(&rig, VIRTIO_MMIO_STATUS, 0);
	legacy_start();
	ck_assert_uint_eq(legacy_queue(0, RNG_QMAX, (uint64_t)(end_pfn - 2) * PAGE, PAGE),
			  end_pfn - 2);
}
END_TEST

static Suite *virtio_mmio_legacy_suite(void)
{
	Suite *s = suite_create("virtio_mmio_legacy");
	TCase *tc = tcase_create("v1");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, identity);
	tcase_add_test(tc, empty_slot);
	tcase_add_test(tc, page_aligned_queue);
	tcase_add_test(tc, small_alignment);
	tcase_add_test(tc, guest_page_size);
	tcase_add_test(tc, pfn_zero_and_reset);
	tcase_add_test(tc, features);
	tcase_add_test(tc, hostile);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(virtio_mmio_legacy_suite());
}
