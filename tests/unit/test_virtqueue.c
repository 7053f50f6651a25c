// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-mmio transport and split virtqueues, driven as a guest
 * driver would through hand-built rings in a test RAM: the register file
 * (virtio 1.1, 4.2.2), feature negotiation (2.2), chains, indirect
 * tables, the used ring and interrupt suppression (2.6), and every
 * malformed ring a hostile guest can build (DEVICE_NEEDS_RESET, 2.1.2).
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "log.h"
#include "virtio_rig.h"

#define NUM	8
#define F_V1	(1ULL << VIRTIO_F_VERSION_1)
#define F_IND	(1ULL << VIRTIO_F_INDIRECT_DESC)
#define F_EVT	(1ULL << VIRTIO_F_EVENT_IDX)
#define F_DEV	(1ULL << 5)		/* the test device's own feature */
#define NEXT	VIRTQ_DESC_F_NEXT
#define WRITE	VIRTQ_DESC_F_WRITE
#define IND	VIRTQ_DESC_F_INDIRECT

/* A device that takes every available chain and keeps it for the test. */
struct echo {
	struct virtq_elem *elems[64];
	unsigned int count;
	int last_ret;
	unsigned int notifies, resets, driver_oks, config_writes;
	struct virtio_dev *vdev;
};

static struct vrig rig;
static struct echo echo;

static void echo_notify(void *opaque, unsigned int q)
{
	struct echo *e = opaque;
	struct virtq *vq = virtio_queue(e->vdev, q);
	struct virtq_elem *elem;
	int ret;

	e->notifies++;
	while ((ret = virtq_pop(vq, &elem)) == 1) {
		ck_assert_uint_lt(e->count, 64);
		e->elems[e->count++] = elem;
	}
	e->last_ret = ret;
}

static void echo_reset(void *opaque)
{
	((struct echo *)opaque)->resets++;
}

static void echo_driver_ok(void *opaque)
{
	((struct echo *)opaque)->driver_oks++;
}

static void echo_config_write(void *opaque, uint32_t off, uint32_t len)
{
	(void)off;
	(void)len;
	((struct echo *)opaque)->config_writes++;
}

static const struct virtio_dev_info echo_info = {
	.name = "virtio-echo",
	.device_id = 42,
	.features = F_DEV,
	.num_queues = 2,
	.queue_max = NUM,
	.config_size = 12,
};

static struct virtio_dev_ops echo_ops = {
	.notify = echo_notify,
	.reset = echo_reset,
	.driver_ok = echo_driver_ok,
};

static void setup(void)
{
	memset(&echo, 0, sizeof(echo));
	vrig_init(&rig, &echo_info, &echo_ops, &echo);
	echo.vdev = rig.vdev;
	memcpy(virtio_config(rig.vdev), "0123456789ab", 12);
}

static void teardown(void)
{
	for (unsigned int i = 0; i < echo.count; i++)
		virtq_elem_free(echo.elems[i]);
	vrig_fini(&rig);
}

static bool needs_reset(void)
{
	return vrig_read(&rig, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET;
}

/* The device's verdict on a malformed ring: NEEDS_RESET, config irq, no used entry. */
static void assert_broken(void)
{
	ck_assert(needs_reset());
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_INTERRUPT_STATUS) &
			  VIRTIO_MMIO_INT_CONFIG, VIRTIO_MMIO_INT_CONFIG);
	ck_assert_int_eq(rig.irq_level, 1);
	ck_assert_int_lt(echo.last_ret, 0);
	ck_assert_uint_eq(echo.count, 0);
	ck_assert_uint_eq(vrig_used_idx(&rig, 0), 0);
}

START_TEST(identity_registers)
{
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_VERSION), 2);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_ID), 42);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_VENDOR_ID), 0x554d4551);
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES),
			  (uint32_t)(F_DEV | F_IND | F_EVT));
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES), 1);
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 7);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES), 0);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_SEL, 1);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_QUEUE_NUM_MAX), NUM);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_SEL, 2);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffff);
}
END_TEST

START_TEST(control_registers_take_aligned_words_only)
{
	uint64_t v = 0;

	ck_assert_int_eq(vrig_access(&rig, false, VIRTIO_MMIO_MAGIC_VALUE, 1, &v), -EINVAL);
	ck_assert_int_eq(vrig_access(&rig, false, VIRTIO_MMIO_MAGIC_VALUE, 8, &v), -EINVAL);
	ck_assert_int_eq(vrig_access(&rig, false, VIRTIO_MMIO_VERSION + 2, 2, &v), -EINVAL);
	ck_assert_int_eq(vrig_access(&rig, false, VIRTIO_MMIO_MAGIC_VALUE + 1, 4, &v), -EINVAL);
	v = 3;
	ck_assert_int_eq(vrig_access(&rig, true, VIRTIO_MMIO_STATUS, 2, &v), -EINVAL);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_STATUS), 0);
	/* Legacy (version 1) registers do not exist in version 2. */
	ck_assert_int_eq(vrig_access(&rig, false, 0x028, 4, &v), -EINVAL);
	ck_assert_int_eq(vrig_access(&rig, true, 0x040, 4, &v), -EINVAL);
	ck_assert_int_eq(vrig_access(&rig, false, 0x1f0, 4, &v), -EINVAL);
}
END_TEST

START_TEST(config_space_any_width)
{
	uint64_t v = 0;

	ck_assert_int_eq(vrig_access(&rig, false, 0x100, 1, &v), 0);
	ck_assert_uint_eq(v, '0');
	ck_assert_int_eq(vrig_access(&rig, false, 0x102, 2, &v), 0);
	ck_assert_uint_eq(v, '2' | '3' << 8);
	ck_assert_int_eq(vrig_access(&rig, false, 0x108, 4, &v), 0);
	ck_assert_uint_eq(v, 0x62613938);
	ck_assert_int_eq(vrig_access(&rig, false, 0x100, 8, &v), 0);
	ck_assert_uint_eq(v, 0x3736353433323130ULL);
	/* Past the device's config size, or straddling its end. */
	ck_assert_int_eq(vrig_access(&rig, false, 0x10c, 4, &v), -EINVAL);
	ck_assert_int_eq(vrig_access(&rig, false, 0x108, 8, &v), -EINVAL);
	/* Read-only config: a write is ignored. */
	v = 0x41;
	ck_assert_int_eq(vrig_access(&rig, true, 0x100, 1, &v), 0);
	ck_assert_int_eq(vrig_access(&rig, false, 0x100, 1, &v), 0);
	ck_assert_uint_eq(v, '0');
}
END_TEST

START_TEST(config_write_reaches_the_device)
{
	uint64_t v = 0x41;

	teardown();
	echo_ops.config_write = echo_config_write;
	setup();
	echo_ops.config_write = NULL;
	ck_assert_int_eq(vrig_access(&rig, true, 0x101, 1, &v), 0);
	ck_assert_uint_eq(echo.config_writes, 1);
	ck_assert_uint_eq(virtio_config(rig.vdev)[1], 0x41);
}
END_TEST

START_TEST(config_change_bumps_generation)
{
	uint32_t gen = vrig_read(&rig, VIRTIO_MMIO_CONFIG_GENERATION);

	vrig_start(&rig, F_V1, 1, NUM);
	virtio_lock(rig.vdev);
	virtio_config_changed(rig.vdev);
	virtio_unlock(rig.vdev);
	ck_assert_uint_ne(vrig_read(&rig, VIRTIO_MMIO_CONFIG_GENERATION), gen);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_INTERRUPT_STATUS),
			  VIRTIO_MMIO_INT_CONFIG);
	ck_assert_int_eq(rig.irq_level, 1);
	vrig_write(&rig, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_CONFIG);
	ck_assert_int_eq(rig.irq_level, 0);
}
END_TEST

START_TEST(features_ok_needs_version_1)
{
	ck_assert_uint_eq(vrig_negotiate(&rig, F_DEV) & VIRTIO_STATUS_FEATURES_OK, 0);
	ck_assert_uint_eq(vrig_negotiate(&rig, F_V1 | 1ULL << 40) &
			  VIRTIO_STATUS_FEATURES_OK, 0);
	ck_assert_uint_eq(vrig_negotiate(&rig, F_V1 | F_DEV) &
			  VIRTIO_STATUS_FEATURES_OK, VIRTIO_STATUS_FEATURES_OK);
	ck_assert(virtio_has_feature(rig.vdev, 5));
	ck_assert(!virtio_has_feature(rig.vdev, VIRTIO_F_EVENT_IDX));
	/* Features are frozen once FEATURES_OK is set. */
	vrig_write(&rig, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vrig_write(&rig, VIRTIO_MMIO_DRIVER_FEATURES, 0);
	ck_assert(virtio_has_feature(rig.vdev, 5));
}
END_TEST

START_TEST(status_zero_resets)
{
	vrig_start(&rig, F_V1, 2, NUM);
	ck_assert_uint_eq(echo.driver_oks, 1);
	vrig_write(&rig, VIRTIO_MMIO_STATUS, 0);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_STATUS), 0);
	ck_assert_uint_ge(echo.resets, 1);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_SEL, 1);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_QUEUE_READY), 0);
	ck_assert_uint_eq(virtio_features(rig.vdev), 0);
}
END_TEST

START_TEST(simple_chain_round_trip)
{
	struct virtq_elem *e;
	char in[16] = { 0 };
	uint32_t id, len;

	vrig_start(&rig, F_V1, 1, NUM);
	memcpy(vrig_ptr(&rig, vrig_buf(0)), "hello ", 6);
	memcpy(vrig_ptr(&rig, vrig_buf(1)), "world", 5);
	vrig_desc(&rig, 0, 3, vrig_buf(0), 6, NEXT, 5);
	vrig_desc(&rig, 0, 5, vrig_buf(1), 5, NEXT, 1);
	vrig_desc(&rig, 0, 1, vrig_buf(2), 100, WRITE, 0);
	vrig_kick(&rig, 0, 3);
	ck_assert_uint_eq(echo.count, 1);
	ck_assert_int_eq(echo.last_ret, 0);
	e = echo.elems[0];
	ck_assert_uint_eq(e->head, 3);
	ck_assert_uint_eq(e->nout, 2);
	ck_assert_uint_eq(e->nin, 1);
	ck_assert_uint_eq(e->out_len, 11);
	ck_assert_uint_eq(e->in_len, 100);
	ck_assert_uint_eq(virtq_elem_read(e, 4, in, sizeof(in)), 7);
	ck_assert_str_eq(in, "o world");
	ck_assert_uint_eq(virtq_elem_write(e, 98, "xyz", 3), 2);
	ck_assert_int_eq(memcmp(vrig_ptr(&rig, vrig_buf(2) + 98), "xy", 2), 0);

	virtio_lock(rig.vdev);
	virtq_push(virtio_queue(rig.vdev, 0), e, 1000);
	virtq_notify(virtio_queue(rig.vdev, 0));
	virtio_unlock(rig.vdev);
	echo.count = 0;
	ck_assert_uint_eq(vrig_used_idx(&rig, 0), 1);
	vrig_used_elem(&rig, 0, 0, &id, &len);
	ck_assert_uint_eq(id, 3);
	ck_assert_uint_eq(len, 100);	/* clamped to the writable length */
	ck_assert_uint_ge(rig.dma_bytes, 100);
	ck_assert_int_eq(rig.irq_level, 1);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_INTERRUPT_STATUS),
			  VIRTIO_MMIO_INT_VRING);
	vrig_write(&rig, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	ck_assert_int_eq(rig.irq_level, 0);
}
END_TEST

START_TEST(ring_wraps_around)
{
	struct virtq *vq;

	vrig_start(&rig, F_V1, 1, NUM);
	vq = virtio_queue(rig.vdev, 0);
	vrig_desc(&rig, 0, 0, vrig_buf(0), 8, WRITE, 0);
	for (unsigned int i = 0; i < 3 * NUM + 1; i++) {
		vrig_kick(&rig, 0, 0);
		ck_assert_uint_eq(echo.count, 1);
		virtio_lock(rig.vdev);
		virtq_push(vq, echo.elems[0], 8);
		virtio_unlock(rig.vdev);
		echo.count = 0;
	}
	ck_assert_uint_eq(vrig_used_idx(&rig, 0), 3 * NUM + 1);
	ck_assert(!needs_reset());
}
END_TEST

START_TEST(indirect_table)
{
	uint8_t *table = vrig_ptr(&rig, vrig_buf(10));
	struct virtq_elem *e;

	vrig_start(&rig, F_V1 | F_IND, 1, NUM);
	vrig_desc_at(table, 0, vrig_buf(0), 16, NEXT, 2);
	vrig_desc_at(table, 2, vrig_buf(1), 512, WRITE | NEXT, 1);
	vrig_desc_at(table, 1, vrig_buf(2), 1, WRITE, 0);
	vrig_desc(&rig, 0, 0, vrig_buf(10), 3 * 16, IND, 0);
	vrig_kick(&rig, 0, 0);
	ck_assert_uint_eq(echo.count, 1);
	e = echo.elems[0];
	ck_assert_uint_eq(e->head, 0);
	ck_assert_uint_eq(e->nout, 1);
	ck_assert_uint_eq(e->nin, 2);
	ck_assert_uint_eq(e->in_len, 513);
	ck_assert_uint_eq(e->seg[2].gpa, vrig_buf(2));
}
END_TEST

/* Build a malformed ring with fn, kick it, and expect NEEDS_RESET. */
static void kick_broken(uint64_t features, uint16_t head)
{
	vrig_kick(&rig, 0, head);
	(void)features;
	assert_broken();
}

START_TEST(loop_in_chain)
{
	vrig_start(&rig, F_V1, 1, NUM);
	vrig_desc(&rig, 0, 0, vrig_buf(0), 8, NEXT, 1);
	vrig_desc(&rig, 0, 1, vrig_buf(1), 8, NEXT, 0);
	kick_broken(F_V1, 0);
}
END_TEST

START_TEST(self_loop)
{
	vrig_start(&rig, F_V1, 1, NUM);
	vrig_desc(&rig, 0, 4, vrig_buf(0), 8, WRITE | NEXT, 4);
	kick_broken(F_V1, 4);
}
END_TEST

START_TEST(loop_in_indirect_table)
{
	uint8_t *table = vrig_ptr(&rig, vrig_buf(10));

	vrig_start(&rig, F_V1 | F_IND, 1, NUM);
	vrig_desc_at(table, 0, vrig_buf(0), 8, NEXT, 1);
	vrig_desc_at(table, 1, vrig_buf(0), 8, NEXT, 0);
	vrig_desc(&rig, 0, 0, vrig_buf(10), 2 * 16, IND, 0);
	kick_broken(F_V1, 0);
}
END_TEST

START_TEST(chain_longer_than_queue)
{
	uint8_t *table = vrig_ptr(&rig, vrig_buf(10));

	vrig_start(&rig, F_V1 | F_IND, 1, NUM);
	for (uint16_t i = 0; i < NUM + 1; i++)
		vrig_desc_at(table, i, vrig_buf(0), 8, i < NUM ? NEXT : 0, i + 1);
	vrig_desc(&rig, 0, 0, vrig_buf(10), (NUM + 1) * 16, IND, 0);
	kick_broken(F_V1, 0);
}
END_TEST

START_TEST(buffer_outside_ram)
{
	vrig_start(&rig, F_V1, 1, NUM);
	vrig_desc(&rig, 0, 0, VRIG_RAM_BASE - 4096, 8, 0, 0);
	kick_broken(F_V1, 0);
}
END_TEST

START_TEST(buffer_past_end_of_ram)
{
	uint64_t end = VRIG_RAM_BASE + VRIG_RAM_SIZE;

	vrig_start(&rig, F_V1, 1, NUM);
	/* Ending exactly at the last byte is fine... */
	vrig_desc(&rig, 0, 0, end - 16, 16, WRITE, 0);
	vrig_kick(&rig, 0, 0);
	ck_assert_uint_eq(echo.count, 1);
	ck_assert(!needs_reset());
	/* ...one byte more is not. */
	vrig_desc(&rig, 0, 1, end - 16, 17, WRITE, 0);
	vrig_kick(&rig, 0, 1);
	ck_assert(needs_reset());
	ck_assert_int_lt(echo.last_ret, 0);
}
END_TEST

START_TEST(buffer_length_wraps_address_space)
{
	vrig_start(&rig, F_V1, 1, NUM);
	vrig_desc(&rig, 0, 0, 0xfffffffffffff000ULL, 0xffffffff, WRITE, 0);
	kick_broken(F_V1, 0);
}
END_TEST

START_TEST(next_out_of_range)
{
	vrig_start(&rig, F_V1, 1, NUM);
	vrig_desc(&rig, 0, 0, vrig_buf(0), 8, NEXT, NUM);
	kick_broken(F_V1, 0);
}
END_TEST

START_TEST(readable_after_writable)
{
	vrig_start(&rig, F_V1, 1, NUM);
	vrig_desc(&rig, 0, 0, vrig_buf(0), 8, WRITE | NEXT, 1);
	vrig_desc(&rig, 0, 1, vrig_buf(1), 8, 0, 0);
	kick_broken(F_V1, 0);
}
END_TEST

START_TEST(head_out_of_range)
{
	vrig_start(&rig, F_V1, 1, NUM);
	kick_broken(F_V1, NUM + 3);
}
END_TEST

START_TEST(avail_index_jumps)
{
	vrig_start(&rig, F_V1, 1, NUM);
	vrig_set_avail_idx(&rig, 0, NUM + 1);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_broken();
}
END_TEST

START_TEST(indirect_not_negotiated)
{
	uint8_t *table = vrig_ptr(&rig, vrig_buf(10));

	vrig_start(&rig, F_V1, 1, NUM);
	vrig_desc_at(table, 0, vrig_buf(0), 8, 0, 0);
	vrig_desc(&rig, 0, 0, vrig_buf(10), 16, IND, 0);
	kick_broken(F_V1, 0);
}
END_TEST

START_TEST(nested_indirect)
{
	uint8_t *table = vrig_ptr(&rig, vrig_buf(10));

	vrig_start(&rig, F_V1 | F_IND, 1, NUM);
	vrig_desc_at(table, 0, vrig_buf(10), 16, IND, 0);
	vrig_desc(&rig, 0, 0, vrig_buf(10), 16, IND, 0);
	kick_broken(F_V1, 0);
}
END_TEST

START_TEST(indirect_with_next)
{
	uint8_t *table = vrig_ptr(&rig, vrig_buf(10));

	vrig_start(&rig, F_V1 | F_IND, 1, NUM);
	vrig_desc_at(table, 0, vrig_buf(0), 8, 0, 0);
	vrig_desc(&rig, 0, 0, vrig_buf(10), 16, IND | NEXT, 1);
	vrig_desc(&rig, 0, 1, vrig_buf(1), 8, 0, 0);
	kick_broken(F_V1, 0);
}
END_TEST

START_TEST(indirect_bad_length)
{
	vrig_start(&rig, F_V1 | F_IND, 1, NUM);
	vrig_desc(&rig, 0, 0, vrig_buf(10), 24, IND, 0);
	kick_broken(F_V1, 0);
}
END_TEST

START_TEST(indirect_empty)
{
	vrig_start(&rig, F_V1 | F_IND, 1, NUM);
	vrig_desc(&rig, 0, 0, vrig_buf(10), 0, IND, 0);
	kick_broken(F_V1, 0);
}
END_TEST

START_TEST(indirect_table_outside_ram)
{
	vrig_start(&rig, F_V1 | F_IND, 1, NUM);
	vrig_desc(&rig, 0, 0, VRIG_RAM_BASE + VRIG_RAM_SIZE - 16, 32, IND, 0);
	kick_broken(F_V1, 0);
}
END_TEST

START_TEST(broken_queue_stays_quiet_until_reset)
{
	vrig_start(&rig, F_V1, 1, NUM);
	vrig_desc(&rig, 0, 0, vrig_buf(0), 8, NEXT, 0);
	kick_broken(F_V1, 0);
	/* The driver cannot clear NEEDS_RESET by writing Status... */
	vrig_write(&rig, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	ck_assert(needs_reset());
	/* ...and further kicks are ignored. */
	echo.notifies = 0;
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ck_assert_uint_eq(echo.notifies, 0);
	/* A reset brings the device back. */
	memset(vrig_ptr(&rig, VRIG_RAM_BASE), 0, 0x10000);
	vrig_start(&rig, F_V1, 1, NUM);
	ck_assert(!needs_reset());
	ck_assert_int_eq(rig.irq_level, 0);
	vrig_desc(&rig, 0, 0, vrig_buf(0), 8, 0, 0);
	vrig_kick(&rig, 0, 0);
	ck_assert_uint_eq(echo.count, 1);
}
END_TEST

START_TEST(ring_addresses_checked_at_ready)
{
	uint64_t area = VRIG_RAM_BASE + 0x20000;

	ck_assert(vrig_negotiate(&rig, F_V1) & VIRTIO_STATUS_FEATURES_OK);
	/* Misaligned descriptor table. */
	ck_assert_uint_eq(vrig_queue_setup_at(&rig, 0, NUM, area + 8, area + 0x1000,
					     area + 0x2000), 0);
	ck_assert(needs_reset());
	ck_assert(vrig_negotiate(&rig, F_V1) & VIRTIO_STATUS_FEATURES_OK);
	/* Misaligned used ring. */
	ck_assert_uint_eq(vrig_queue_setup_at(&rig, 0, NUM, area, area + 0x1000,
					     area + 0x2002), 0);
	ck_assert(vrig_negotiate(&rig, F_V1) & VIRTIO_STATUS_FEATURES_OK);
	/* Used ring running off the end of RAM. */
	ck_assert_uint_eq(vrig_queue_setup_at(&rig, 0, NUM, area, area + 0x1000,
					     VRIG_RAM_BASE + VRIG_RAM_SIZE - 8), 0);
	ck_assert(vrig_negotiate(&rig, F_V1) & VIRTIO_STATUS_FEATURES_OK);
	/* Not RAM at all. */
	ck_assert_uint_eq(vrig_queue_setup_at(&rig, 0, NUM, 0x1000, area + 0x1000,
					     area + 0x2000), 0);
	ck_assert(vrig_negotiate(&rig, F_V1) & VIRTIO_STATUS_FEATURES_OK);
	ck_assert_uint_eq(vrig_queue_setup_at(&rig, 0, NUM, area, area + 0x1000,
					     area + 0x2000), 1);
}
END_TEST

START_TEST(queue_size_checked)
{
	ck_assert(vrig_negotiate(&rig, F_V1) & VIRTIO_STATUS_FEATURES_OK);
	ck_assert_uint_eq(vrig_queue_setup(&rig, 0, 6), 0);	/* not a power of 2 */
	ck_assert(vrig_negotiate(&rig, F_V1) & VIRTIO_STATUS_FEATURES_OK);
	ck_assert_uint_eq(vrig_queue_setup(&rig, 0, 2 * NUM), 0);	/* above max */
	ck_assert(vrig_negotiate(&rig, F_V1) & VIRTIO_STATUS_FEATURES_OK);
	ck_assert_uint_eq(vrig_queue_setup(&rig, 0, 0), 0);
	ck_assert(vrig_negotiate(&rig, F_V1) & VIRTIO_STATUS_FEATURES_OK);
	ck_assert_uint_eq(vrig_queue_setup(&rig, 0, 2), 1);
}
END_TEST

START_TEST(ready_queue_cannot_be_moved)
{
	struct virtq_elem *e;

	vrig_start(&rig, F_V1, 1, NUM);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_SEL, 0);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_DESC_LOW, 0x1000);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NUM, 2);
	vrig_desc(&rig, 0, 7, vrig_buf(0), 8, 0, 0);
	vrig_kick(&rig, 0, 7);
	ck_assert_uint_eq(echo.count, 1);
	e = echo.elems[0];
	ck_assert_uint_eq(e->head, 7);
	ck_assert(!needs_reset());
}
END_TEST

START_TEST(notify_for_missing_queue_is_ignored)
{
	vrig_start(&rig, F_V1, 1, NUM);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NOTIFY, 1);	/* exists, not ready */
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NOTIFY, 9);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NOTIFY, 0xffffffff);
	ck_assert_uint_eq(echo.notifies, 0);
	ck_assert(!needs_reset());
}
END_TEST

START_TEST(reset_drops_requests_in_flight)
{
	struct virtq *vq;

	vrig_start(&rig, F_V1, 1, NUM);
	vq = virtio_queue(rig.vdev, 0);
	vrig_desc(&rig, 0, 0, vrig_buf(0), 8, WRITE, 0);
	vrig_kick(&rig, 0, 0);
	ck_assert_uint_eq(echo.count, 1);
	virtio_dev_reset(rig.vdev);
	memset(vrig_ptr(&rig, VRIG_RAM_BASE), 0, 0x10000);
	vrig_start(&rig, F_V1, 1, NUM);
	virtio_lock(rig.vdev);
	virtq_push(vq, echo.elems[0], 8);	/* stale: only freed */
	virtio_unlock(rig.vdev);
	echo.count = 0;
	ck_assert_uint_eq(vrig_used_idx(&rig, 0), 0);
}
END_TEST

START_TEST(no_interrupt_flag_suppresses)
{
	struct virtq *vq;

	vrig_start(&rig, F_V1, 1, NUM);
	vq = virtio_queue(rig.vdev, 0);
	vrig_set_avail_flags(&rig, 0, VIRTQ_AVAIL_F_NO_INTERRUPT);
	vrig_desc(&rig, 0, 0, vrig_buf(0), 8, WRITE, 0);
	vrig_kick(&rig, 0, 0);
	virtio_lock(rig.vdev);
	virtq_push(vq, echo.elems[0], 8);
	virtq_notify(vq);
	virtio_unlock(rig.vdev);
	echo.count = 0;
	ck_assert_uint_eq(vrig_used_idx(&rig, 0), 1);
	ck_assert_int_eq(rig.irq_level, 0);
}
END_TEST

/* Push one request and notify; returns whether the interrupt rose. */
static bool complete_one(struct virtq *vq)
{
	unsigned int before = rig.irq_raises;

	vrig_write(&rig, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	vrig_kick(&rig, 0, 0);
	ck_assert_uint_eq(echo.count, 1);
	virtio_lock(rig.vdev);
	virtq_push(vq, echo.elems[0], 8);
	virtq_notify(vq);
	virtio_unlock(rig.vdev);
	echo.count = 0;
	return rig.irq_raises != before;
}

START_TEST(event_idx_suppresses)
{
	struct virtq *vq;

	vrig_start(&rig, F_V1 | F_EVT, 1, NUM);
	vq = virtio_queue(rig.vdev, 0);
	vrig_desc(&rig, 0, 0, vrig_buf(0), 8, WRITE, 0);
	ck_assert(complete_one(vq));		/* the first always signals */
	ck_assert_uint_eq(vrig_avail_event(&rig, 0), 1);
	vrig_set_used_event(&rig, 0, 3);	/* interrupt when used idx passes 3 */
	ck_assert(!complete_one(vq));		/* used 2 */
	ck_assert(!complete_one(vq));		/* used 3 */
	ck_assert(complete_one(vq));		/* used 4 */
	ck_assert_uint_eq(vrig_avail_event(&rig, 0), 4);
}
END_TEST

START_TEST(many_chains_in_one_kick)
{
	vrig_start(&rig, F_V1, 1, NUM);
	for (uint16_t i = 0; i < NUM; i++) {
		vrig_desc(&rig, 0, i, vrig_buf(i), 8, WRITE, 0);
		vrig_avail_add(&rig, 0, i);
	}
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ck_assert_uint_eq(echo.count, NUM);
	for (uint16_t i = 0; i < NUM; i++)
		ck_assert_uint_eq(echo.elems[i]->head, i);
	ck_assert_int_eq(echo.last_ret, 0);
}
END_TEST

/* -d guest_errors: the log names the device, the queue and the chain. */
START_TEST(hostile_ring_is_logged)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(mem);
	av_log_global.out = mem;
	av_log_global.mask = LOG_GUEST_ERRORS;
	vrig_start(&rig, F_V1, 1, NUM);
	vrig_desc(&rig, 0, 0, vrig_buf(0), 8, NEXT, 1);
	vrig_desc(&rig, 0, 1, vrig_buf(1), 8, NEXT, 0);
	vrig_kick(&rig, 0, 0);
	fflush(mem);
	av_log_global.mask = 0;
	av_log_global.out = NULL;
	fclose(mem);
	ck_assert_ptr_nonnull(strstr(text, "virtio-echo@0xa000000"));
	ck_assert_ptr_nonnull(strstr(text, "queue 0, chain at 0"));
	free(text);
}
END_TEST

static Suite *virtqueue_suite(void)
{
	Suite *s = suite_create("virtqueue");
	TCase *regs = tcase_create("transport");
	TCase *ring = tcase_create("ring");
	TCase *bad = tcase_create("hostile");

	tcase_add_checked_fixture(regs, setup, teardown);
	tcase_add_test(regs, identity_registers);
	tcase_add_test(regs, control_registers_take_aligned_words_only);
	tcase_add_test(regs, config_space_any_width);
	tcase_add_test(regs, config_write_reaches_the_device);
	tcase_add_test(regs, config_change_bumps_generation);
	tcase_add_test(regs, features_ok_needs_version_1);
	tcase_add_test(regs, status_zero_resets);
	tcase_add_test(regs, ring_addresses_checked_at_ready);
	tcase_add_test(regs, queue_size_checked);
	tcase_add_test(regs, ready_queue_cannot_be_moved);
	tcase_add_test(regs, notify_for_missing_queue_is_ignored);
	suite_add_tcase(s, regs);

	tcase_add_checked_fixture(ring, setup, teardown);
	tcase_add_test(ring, simple_chain_round_trip);
	tcase_add_test(ring, ring_wraps_around);
	tcase_add_test(ring, indirect_table);
	tcase_add_test(ring, reset_drops_requests_in_flight);
	tcase_add_test(ring, no_interrupt_flag_suppresses);
	tcase_add_test(ring, event_idx_suppresses);
	tcase_add_test(ring, many_chains_in_one_kick);
	tcase_add_test(ring, buffer_past_end_of_ram);
	suite_add_tcase(s, ring);

	tcase_add_checked_fixture(bad, setup, teardown);
	tcase_add_test(bad, loop_in_chain);
	tcase_add_test(bad, self_loop);
	tcase_add_test(bad, loop_in_indirect_table);
	tcase_add_test(bad, chain_longer_than_queue);
	tcase_add_test(bad, buffer_outside_ram);
	tcase_add_test(bad, buffer_length_wraps_address_space);
	tcase_add_test(bad, next_out_of_range);
	tcase_add_test(bad, readable_after_writable);
	tcase_add_test(bad, head_out_of_range);
	tcase_add_test(bad, avail_index_jumps);
	tcase_add_test(bad, indirect_not_negotiated);
	tcase_add_test(bad, nested_indirect);
	tcase_add_test(bad, indirect_with_next);
	tcase_add_test(bad, indirect_bad_length);
	tcase_add_test(bad, indirect_empty);
	tcase_add_test(bad, indirect_table_outside_ram);
	tcase_add_test(bad, broken_queue_stays_quiet_until_reset);
	tcase_add_test(bad, hostile_ring_is_logged);
	suite_add_tcase(s, bad);
	return s;
}

int main(void)
{
	return check_run(virtqueue_suite());
}
