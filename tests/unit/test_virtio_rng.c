// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-rng (virtio 1.1, 5.4) through hand-built rings: every writable
 * byte the driver offers is filled and reported in the used length, in
 * order across buffers; device-readable buffers get nothing written.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "virtio_rig.h"

#define NUM	8
#define F_V1	(1ULL << VIRTIO_F_VERSION_1)

static struct vrig rig;
static struct virtio_rng *rng;

static void setup(void)
{
	struct av_err err = { 0 };
	struct virtio_host host;

	vrig_init_ram(&rig);
	vrig_host(&rig, &host);
	rng = virtio_rng_create(&host, &err);
	ck_assert_msg(rng, "virtio_rng_create: %s", err.msg);
	rig.vdev = virtio_rng_dev(rng);
	vrig_start(&rig, F_V1, 1, NUM);
}

static void teardown(void)
{
	virtio_rng_destroy(rng);
	vrig_fini_ram(&rig);
}

/* Bytes of buf that still hold fill: a 64-byte random block has few. */
static size_t count_byte(const uint8_t *buf, size_t len, uint8_t fill)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += buf[i] == fill;
	return n;
}

START_TEST(identity)
{
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_RNG);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_SEL, 1);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
}
END_TEST

START_TEST(fills_every_writable_byte)
{
	uint32_t id, len;

	memset(vrig_ptr(&rig, vrig_buf(0)), 0xaa, 4096);
	memset(vrig_ptr(&rig, vrig_buf(1)), 0xaa, 4096);
	vrig_desc(&rig, 0, 2, vrig_buf(0), 40, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 3);
	vrig_desc(&rig, 0, 3, vrig_buf(1), 24, VIRTQ_DESC_F_WRITE, 0);
	vrig_kick(&rig, 0, 2);
	ck_assert_uint_eq(vrig_used_idx(&rig, 0), 1);
	vrig_used_elem(&rig, 0, 0, &id, &len);
	ck_assert_uint_eq(id, 2);
	ck_assert_uint_eq(len, 64);
	ck_assert_uint_lt(count_byte(vrig_ptr(&rig, vrig_buf(0)), 40, 0xaa), 8);
	ck_assert_uint_lt(count_byte(vrig_ptr(&rig, vrig_buf(1)), 24, 0xaa), 8);
	/* Nothing past the buffers. */
	ck_assert_uint_eq(count_byte(vrig_ptr(&rig, vrig_buf(0) + 40), 100, 0xaa), 100);
	ck_assert_uint_eq(count_byte(vrig_ptr(&rig, vrig_buf(1) + 24), 100, 0xaa), 100);
	ck_assert_int_eq(rig.irq_level, 1);
}
END_TEST

START_TEST(two_requests_differ)
{
	vrig_desc(&rig, 0, 0, vrig_buf(0), 32, VIRTQ_DESC_F_WRITE, 0);
	vrig_desc(&rig, 0, 1, vrig_buf(1), 32, VIRTQ_DESC_F_WRITE, 0);
	vrig_avail_add(&rig, 0, 0);
	vrig_avail_add(&rig, 0, 1);
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ck_assert_uint_eq(vrig_used_idx(&rig, 0), 2);
	ck_assert_int_ne(memcmp(vrig_ptr(&rig, vrig_buf(0)), vrig_ptr(&rig, vrig_buf(1)), 32), 0);
}
END_TEST

START_TEST(readable_buffer_gets_nothing)
{
	uint32_t id, len;

	memset(vrig_ptr(&rig, vrig_buf(0)), 0xaa, 64);
	vrig_desc(&rig, 0, 0, vrig_buf(0), 64, 0, 0);
	vrig_kick(&rig, 0, 0);
	ck_assert_uint_eq(vrig_used_idx(&rig, 0), 1);
	vrig_used_elem(&rig, 0, 0, &id, &len);
	ck_assert_uint_eq(len, 0);
	ck_assert_uint_eq(count_byte(vrig_ptr(&rig, vrig_buf(0)), 64, 0xaa), 64);
}
END_TEST

static Suite *virtio_rng_suite(void)
{
	Suite *s = suite_create("virtio_rng");
	TCase *tc = tcase_create("rng");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, identity);
	tcase_add_test(tc, fills_every_writable_byte);
	tcase_add_test(tc, two_requests_differ);
	tcase_add_test(tc, readable_buffer_gets_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(virtio_rng_suite());
}
