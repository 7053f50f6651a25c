// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-9p device (devices/9p/virtio_9p.c) through hand-built rings:
 * its config space (MOUNT_TAG), a request served by the worker thread and
 * completed into the used ring, a chain without room for a reply
 * (DEVICE_NEEDS_RESET), a driver reset with requests in flight (nothing
 * is written after it, and the new session starts without the old fids),
 * and destroying the device while requests are queued.
 */
#include <check.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "check_run.h"
#include "p9_client.h"
#include "virtio_rig.h"

#define NUM	64
#define F_V1	(1ULL << VIRTIO_F_VERSION_1)
#define F_TAG	(1ULL << 0)

static struct vrig rig;
static struct virtio_9p *dev;
static char dir[64];

static void setup(void)
{
	struct p9_export conf = { .id = "t", .model = P9_MODEL_PASSTHROUGH };
	struct av_err err = { 0 };
	struct virtio_host host;

	strcpy(dir, "/tmp/test_9p_virtio.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	conf.path = dir;
	vrig_init_ram(&rig);
	vrig_host(&rig, &host);
	dev = virtio_9p_create(&host, &conf, "hostshare", NULL, &err);
	ck_assert_msg(dev, "%s", err.msg);
	rig.vdev = virtio_9p_dev(dev);
}

static void teardown(void)
{
	virtio_9p_destroy(dev);
	vrig_fini_ram(&rig);
	rmdir(dir);
}

static uint16_t used_idx(void)
{
	uint16_t idx;

	virtio_lock(rig.vdev);
	idx = vrig_used_idx(&rig, 0);
	virtio_unlock(rig.vdev);
	return idx;
}

/* Wait (at most 10 s) for the used ring to reach idx. */
static void wait_used(uint16_t idx)
{
	for (int i = 0; i < 10000 && used_idx() != idx; i++)
		usleep(1000);
	ck_assert_uint_eq(used_idx(), idx);
}

/* Request n: its message in page 2n, its reply room in page 2n + 1. */
static void put_request(uint16_t n, uint8_t type, const char *fmt, ...)
{
	struct p9_buf b = { .data = vrig_ptr(&rig, vrig_buf(2 * n)), .size = 4096,
			    .pos = P9_HDR_SIZE };
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		const char *s;

		if (*fmt == 'd') {
			p9_put32(&b, va_arg(ap, uint32_t));
		} else if (*fmt == 'w') {
			p9_put16(&b, (uint16_t)va_arg(ap, int));
		} else {
			s = va_arg(ap, const char *);
			p9_putstr(&b, s, strlen(s));
		}
	}
	va_end(ap);
	p9_finish(&b, type, n);
	memset(vrig_ptr(&rig, vrig_buf(2 * n + 1)), 0xee, 4096);
	vrig_desc(&rig, 0, 2 * n, vrig_buf(2 * n), (uint32_t)b.pos, VIRTQ_DESC_F_NEXT,
		  2 * n + 1);
	vrig_desc(&rig, 0, 2 * n + 1, vrig_buf(2 * n + 1), 4096, VIRTQ_DESC_F_WRITE, 0);
}

static uint8_t *reply_of(uint16_t n)
{
	return vrig_ptr(&rig, vrig_buf(2 * n + 1));
}

START_TEST(config_has_the_tag)
{
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_ID), 9);
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES) & 1, 1);
	/* le16 tag_len, then the tag (Linux's struct virtio_9p_config). */
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_CONFIG) & 0xffff, 9);
	ck_assert(!memcmp(virtio_config(rig.vdev), "\x09\x00hostshare", 11));
}
END_TEST

START_TEST(request_served_by_the_worker)
{
	uint32_t id, len;
	uint8_t *r;

	vrig_start(&rig, F_V1 | F_TAG, 1, NUM);
	put_request(0, P9_TVERSION, "ds", 8192, "9P2000.L");
	vrig_kick(&rig, 0, 0);
	wait_used(1);
	vrig_used_elem(&rig, 0, 0, &id, &len);
	ck_assert_uint_eq(id, 0);
	r = reply_of(0);
	ck_assert_uint_eq(len, 4 + 1 + 2 + 4 + 2 + 8);
	ck_assert_uint_eq(r[4], P9_RVERSION);
	ck_assert_uint_eq(r[7] | r[8] << 8, 8192);
	ck_assert(!memcmp(r + 13, "9P2000.L", 8));
	ck_assert_uint_eq(r[len], 0xee);	/* nothing past the reply */
	ck_assert_int_gt(rig.irq_raises, 0);
}
END_TEST

START_TEST(chain_without_room_breaks_the_device)
{
	vrig_start(&rig, F_V1 | F_TAG, 1, NUM);
	put_request(0, P9_TVERSION, "ds", 8192, "9P2000.L");
	vrig_desc(&rig, 0, 0, vrig_buf(0), 19, 0, 0);	/* no writable part */
	vrig_kick(&rig, 0, 0);
	ck_assert(vrig_read(&rig, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	ck_assert_uint_eq(used_idx(), 0);
}
END_TEST

START_TEST(reset_with_requests_in_flight)
{
	uint16_t at_reset;

	vrig_start(&rig, F_V1 | F_TAG, 1, NUM);
	put_request(0, P9_TATTACH, "ddssd", 0, P9_NOFID, "u", "", 0);
	vrig_kick(&rig, 0, 0);
	wait_used(1);
	for (uint16_t n = 1; n < NUM / 2; n++) {
		put_request(n, P9_TWALK, "ddw", 0, 100 + n, 0);
		vrig_avail_add(&rig, 0, 2 * n);
	}
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	vrig_write(&rig, VIRTIO_MMIO_STATUS, 0);
	at_reset = used_idx();
	usleep(200 * 1000);
	/* Whatever was in flight completed into nothing. */
	ck_assert_uint_eq(used_idx(), at_reset);
	for (uint16_t n = at_reset; n < NUM / 2; n++)
		ck_assert_uint_eq(reply_of(n)[0], 0xee);
	/* A new session: fid 0 of the old one is gone, so it attaches again. */
	memset(&rig.q[0], 0, sizeof(rig.q[0]));
	memset(vrig_ptr(&rig, VRIG_RAM_BASE), 0, 0x80000);
	vrig_start(&rig, F_V1 | F_TAG, 1, NUM);
	put_request(0, P9_TATTACH, "ddssd", 0, P9_NOFID, "u", "", 0);
	vrig_kick(&rig, 0, 0);
	wait_used(1);
	ck_assert_uint_eq(reply_of(0)[4], P9_RATTACH);
}
END_TEST

START_TEST(destroy_with_requests_queued)
{
	vrig_start(&rig, F_V1 | F_TAG, 1, NUM);
	for (uint16_t n = 0; n < NUM / 2; n++) {
		put_request(n, P9_TATTACH, "ddssd", n, P9_NOFID, "u", "", 0);
		vrig_avail_add(&rig, 0, 2 * n);
	}
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	virtio_9p_destroy(dev);
	dev = NULL;
}
END_TEST

START_TEST(bad_tag_refused)
{
	struct p9_export conf = { .id = "t", .path = dir };
	struct av_err err = { 0 };
	struct virtio_host host;
	char tag[300];

	memset(tag, 'x', sizeof(tag) - 1);
	tag[sizeof(tag) - 1] = '\0';
	vrig_host(&rig, &host);
	ck_assert_ptr_null(virtio_9p_create(&host, &conf, tag, NULL, &err));
	ck_assert_ptr_nonnull(strstr(err.msg, "is longer than maximum (254 bytes)"));
	conf.path = "/nonexistent-9p-share";
	ck_assert_ptr_null(virtio_9p_create(&host, &conf, "t", NULL, &err));
	ck_assert_ptr_nonnull(strstr(err.msg,
				     "cannot initialize fsdev 't': failed to open '/nonexistent-9p-share'"));
}
END_TEST

static Suite *p9_virtio_suite(void)
{
	Suite *s = suite_create("9p_virtio");
	TCase *tc = tcase_create("device");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, config_has_the_tag);
	tcase_add_test(tc, request_served_by_the_worker);
	tcase_add_test(tc, chain_without_room_breaks_the_device);
	tcase_add_test(tc, reset_with_requests_in_flight);
	tcase_add_test(tc, destroy_with_requests_queued);
	tcase_add_test(tc, bad_tag_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(p9_virtio_suite());
}
