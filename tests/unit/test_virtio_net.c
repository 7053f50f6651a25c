// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-net driven through hand-built rings (virtio 1.1, 5.1) over a
 * loopback back end that records what the NIC sends: the config space,
 * TX of a frame split over descriptors, RX into posted buffers, and what
 * a hostile or slow guest gets (short and oversized TX buffers, RX with
 * no buffer or one too small, RX before the driver is ready).
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "net.h"
#include "virtio_rig.h"

#define NUM	8
#define HDR	12
#define F_V1	(1ULL << VIRTIO_F_VERSION_1)
#define F_MAC	(1ULL << 5)
#define F_STATUS (1ULL << 16)
#define RXQ	0
#define TXQ	1

/* The loopback back end: keeps the last frame sent, counts them. */
struct loop_nb {
	struct net_backend nb;
	uint8_t last[2048];
	size_t last_len;
	unsigned int sent;
};

static int loop_send(struct net_backend *nb, const uint8_t *frame, size_t len)
{
	struct loop_nb *l = (struct loop_nb *)nb;

	l->sent++;
	l->last_len = len;
	memcpy(l->last, frame, len < sizeof(l->last) ? len : sizeof(l->last));
	return 0;
}

static const struct net_backend_ops loop_ops = { .send = loop_send };

static struct vrig rig;
static bool legacy;		/* the "legacy" tcase: virtio-mmio version 1 */
static struct loop_nb lnb;
static struct virtio_net *nic;
static const uint8_t test_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x99 };

static void rig_irq(void *opaque, unsigned int intid, int level)
{
	struct vrig *r = opaque;

	(void)intid;
	if (level && !r->irq_level)
		r->irq_raises++;
	r->irq_level = level;
}

/* Like vrig_init, but the device is virtio_net_create's. */
static void setup(void)
{
	struct av_err err = { 0 };
	struct virtio_host host;

	memset(&rig, 0, sizeof(rig));
	memset(&lnb, 0, sizeof(lnb));
	lnb.nb.ops = &loop_ops;
	strcpy(lnb.nb.id, "loop");
	rig.ram.host = aligned_alloc(4096, VRIG_RAM_SIZE);
	ck_assert(rig.ram.host);
	memset(rig.ram.host, 0, VRIG_RAM_SIZE);
	rig.ram.base = VRIG_RAM_BASE;
	rig.ram.size = VRIG_RAM_SIZE;
	host = (struct virtio_host){
		.ram = &rig.ram,
		.irq = { .set = rig_irq, .opaque = &rig, .intid = 48 },
		.mmio_legacy = legacy,
	};
	nic = virtio_net_create(&host, &lnb.nb, test_mac, &err);
	ck_assert_msg(nic, "%s", err.msg);
	rig.vdev = virtio_net_dev(nic);
}

static void teardown(void)
{
	virtio_net_destroy(nic);
	free(rig.ram.host);
}

static void start(void)
{
	vrig_start(&rig, F_V1 | F_MAC | F_STATUS, 2, NUM);
}

static struct virtio_net_stats stats(void)
{
	struct virtio_net_stats s;

	virtio_net_get_stats(nic, &s);
	return s;
}

START_TEST(config_space)
{
	uint32_t lo, hi;

	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_NET);
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	lo = vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES);
	ck_assert(lo & (1u << 5));		/* MAC */
	ck_assert(lo & (1u << 16));		/* STATUS */
	ck_assert(!(lo & 0xffu & ~(1u << 5)));	/* no CSUM, no GUEST_CSUM ... */
	ck_assert(!(lo & (0x3fu << 7)));	/* no TSO/UFO/ECN offloads */
	lo = vrig_read(&rig, VIRTIO_MMIO_CONFIG);
	hi = vrig_read(&rig, VIRTIO_MMIO_CONFIG + 4);
	ck_assert_uint_eq(lo, 0x12005452u);
	ck_assert_uint_eq(hi & 0xffff, 0x9934);
	ck_assert_uint_eq(hi >> 16, 1);		/* VIRTIO_NET_S_LINK_UP */
}
END_TEST

/* A 60-byte frame after a 12-byte header, over three descriptors. */
START_TEST(tx_frame)
{
	uint8_t *hdr = vrig_ptr(&rig, vrig_buf(0));
	uint8_t *a = vrig_ptr(&rig, vrig_buf(1)), *b = vrig_ptr(&rig, vrig_buf(2));
	uint32_t id, len;

	start();
	memset(hdr, 0xee, HDR);
	for (int i = 0; i < 60; i++)
		(i < 20 ? a : b)[i < 20 ? i : i - 20] = (uint8_t)i;
	vrig_desc(&rig, TXQ, 0, vrig_buf(0), HDR, VIRTQ_DESC_F_NEXT, 1);
	vrig_desc(&rig, TXQ, 1, vrig_buf(1), 20, VIRTQ_DESC_F_NEXT, 2);
	vrig_desc(&rig, TXQ, 2, vrig_buf(2), 40, 0, 0);
	vrig_kick(&rig, TXQ, 0);
	ck_assert_uint_eq(lnb.sent, 1);
	ck_assert_uint_eq(lnb.last_len, 60);
	for (int i = 0; i < 60; i++)
		ck_assert_uint_eq(lnb.last[i], i);
	ck_assert_uint_eq(vrig_used_idx(&rig, TXQ), 1);
	vrig_used_elem(&rig, TXQ, 0, &id, &len);
	ck_assert_uint_eq(id, 0);
	ck_assert_uint_eq(len, 0);
	ck_assert_uint_eq(stats().tx_frames, 1);
}
END_TEST

/* Header only, a runt frame, a frame larger than any: dropped, buffer back. */
static const uint32_t bad_tx_len[] = { HDR, HDR + 13, HDR + NET_FRAME_MAX + 1 };

START_TEST(tx_bad_length)
{
	start();
	vrig_desc(&rig, TXQ, 0, vrig_buf(0), bad_tx_len[_i], 0, 0);
	vrig_kick(&rig, TXQ, 0);
	ck_assert_uint_eq(lnb.sent, 0);
	ck_assert_uint_eq(vrig_used_idx(&rig, TXQ), 1);
	ck_assert_uint_eq(stats().tx_bad, 1);
	ck_assert(!(vrig_read(&rig, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET));
}
END_TEST

static void post_rx(uint16_t head, unsigned int page, uint32_t len)
{
	vrig_desc(&rig, RXQ, head, vrig_buf(page), len, VIRTQ_DESC_F_WRITE, 0);
	vrig_kick(&rig, RXQ, head);
}

START_TEST(rx_frame)
{
	uint8_t frame[100], *buf = vrig_ptr(&rig, vrig_buf(3));
	uint32_t id, len;

	start();
	for (unsigned int i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(0xff - i);
	memset(buf, 0xcc, 2048);
	post_rx(0, 3, 1526);
	virtio_net_receive(nic, frame, sizeof(frame));
	ck_assert_uint_eq(vrig_used_idx(&rig, RXQ), 1);
	vrig_used_elem(&rig, RXQ, 0, &id, &len);
	ck_assert_uint_eq(len, HDR + sizeof(frame));
	/* No offloads: flags, gso_type... all 0; num_buffers (le16 at 10) 1. */
	for (int i = 0; i < 10; i++)
		ck_assert_uint_eq(buf[i], 0);
	ck_assert_uint_eq(buf[10], 1);
	ck_assert_uint_eq(buf[11], 0);
	ck_assert_mem_eq(buf + HDR, frame, sizeof(frame));
	ck_assert_uint_eq(buf[HDR + sizeof(frame)], 0xcc);	/* nothing beyond */
	ck_assert_uint_ge(rig.irq_raises, 1);
	ck_assert_uint_eq(stats().rx_frames, 1);
}
END_TEST

START_TEST(rx_no_buffer)
{
	uint8_t frame[64] = { 0 };

	start();
	virtio_net_receive(nic, frame, sizeof(frame));
	virtio_net_receive(nic, frame, sizeof(frame));
	ck_assert_uint_eq(stats().rx_dropped, 2);
	ck_assert_uint_eq(vrig_used_idx(&rig, RXQ), 0);
	/* A buffer posted later takes the next frame. */
	post_rx(0, 3, 1526);
	virtio_net_receive(nic, frame, sizeof(frame));
	ck_assert_uint_eq(vrig_used_idx(&rig, RXQ), 1);
}
END_TEST

START_TEST(rx_buffer_too_small)
{
	uint8_t frame[200] = { 0 };
	uint8_t *buf = vrig_ptr(&rig, vrig_buf(3));
	uint32_t id, len;

	start();
	memset(buf, 0xcc, 256);
	post_rx(0, 3, 100);
	virtio_net_receive(nic, frame, sizeof(frame));
	ck_assert_uint_eq(vrig_used_idx(&rig, RXQ), 1);
	vrig_used_elem(&rig, RXQ, 0, &id, &len);
	ck_assert_uint_eq(len, 0);
	ck_assert_uint_eq(buf[0], 0xcc);	/* nothing written */
	ck_assert_uint_eq(stats().rx_dropped, 1);
}
END_TEST

START_TEST(rx_before_driver_ok)
{
	uint8_t frame[64] = { 0 };

	vrig_negotiate(&rig, F_V1 | F_MAC);
	vrig_queue_setup(&rig, RXQ, NUM);
	vrig_desc(&rig, RXQ, 0, vrig_buf(3), 1526, VIRTQ_DESC_F_WRITE, 0);
	vrig_avail_add(&rig, RXQ, 0);
	virtio_net_receive(nic, frame, sizeof(frame));
	ck_assert_uint_eq(vrig_used_idx(&rig, RXQ), 0);
	ck_assert_uint_eq(stats().rx_dropped, 1);
}
END_TEST

/* Frames no Ethernet can carry never reach the guest. */
START_TEST(rx_bad_length)
{
	uint8_t frame[16] = { 0 };

	start();
	post_rx(0, 3, 1526);
	virtio_net_receive(nic, frame, NET_ETH_HLEN - 1);
	virtio_net_receive(nic, frame, NET_FRAME_MAX + 1);
	ck_assert_uint_eq(vrig_used_idx(&rig, RXQ), 0);
	ck_assert_uint_eq(stats().rx_dropped, 2);
}
END_TEST

/* A malformed TX ring stops the device, not the host. */
START_TEST(tx_ring_outside_ram)
{
	start();
	vrig_desc(&rig, TXQ, 0, VRIG_RAM_BASE + VRIG_RAM_SIZE - 16, 64, 0, 0);
	vrig_kick(&rig, TXQ, 0);
	ck_assert_uint_eq(lnb.sent, 0);
	ck_assert(vrig_read(&rig, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}
END_TEST

START_TEST(attach_once)
{
	struct av_err err = { 0 };

	ck_assert_int_eq(net_backend_attach(&lnb.nb, virtio_net_receive, nic, &err),
			 -EBUSY);
	ck_assert(strstr(err.msg, "'loop' is already in use"));
}
END_TEST

static void setup_legacy(void)
{
	legacy = true;
	setup();
}

static void teardown_legacy(void)
{
	teardown();
	legacy = false;
}

/* A version 1 driver: features MAC | STATUS only, both queues by PFN. */
static void start_legacy(void)
{
	vrig_write(&rig, 0x028, 4096);				/* GuestPageSize */
	vrig_write(&rig, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
		   VIRTIO_STATUS_DRIVER);
	vrig_write(&rig, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(F_MAC | F_STATUS));
	for (unsigned int q = 0; q < 2; q++) {
		uint64_t ring = VRIG_RAM_BASE + 0x10000 * (q + 1);

		vrig_write(&rig, VIRTIO_MMIO_QUEUE_SEL, q);
		vrig_write(&rig, VIRTIO_MMIO_QUEUE_NUM, NUM);
		vrig_write(&rig, 0x03c, 4096);			/* QueueAlign */
		vrig_write(&rig, 0x040, (uint32_t)(ring / 4096));	/* QueuePFN */
		ck_assert_uint_eq(vrig_read(&rig, 0x040), ring / 4096);
		rig.q[q] = (struct vrig_queue){ .num = NUM, .desc = ring,
			.avail = ring + 16 * NUM, .used = ring + 4096 };
	}
	vrig_write(&rig, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
		   VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
	ck_assert(!virtio_has_feature(rig.vdev, VIRTIO_F_VERSION_1));
}

/* 5.1.6.1: without VERSION_1 (nor MRG_RXBUF) the header is 10 bytes. */
START_TEST(legacy_header)
{
	uint8_t frame[64], *buf = vrig_ptr(&rig, vrig_buf(3));
	uint8_t *hdr = vrig_ptr(&rig, vrig_buf(0));
	uint32_t id, len;

	start_legacy();
	for (unsigned int i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(0x80 + i);
	memset(hdr, 0, 10);
	memcpy(hdr + 10, frame, sizeof(frame));
	vrig_desc(&rig, TXQ, 0, vrig_buf(0), 10 + sizeof(frame), 0, 0);
	vrig_kick(&rig, TXQ, 0);
	ck_assert_uint_eq(lnb.sent, 1);
	ck_assert_uint_eq(lnb.last_len, sizeof(frame));
	ck_assert_mem_eq(lnb.last, frame, sizeof(frame));
	memset(buf, 0xcc, 2048);
	post_rx(0, 3, 1524);
	virtio_net_receive(nic, frame, sizeof(frame));
	ck_assert_uint_eq(vrig_used_idx(&rig, RXQ), 1);
	vrig_used_elem(&rig, RXQ, 0, &id, &len);
	ck_assert_uint_eq(len, 10 + sizeof(frame));
	for (int i = 0; i < 10; i++)
		ck_assert_uint_eq(buf[i], 0);
	ck_assert_mem_eq(buf + 10, frame, sizeof(frame));
	ck_assert_uint_eq(buf[10 + sizeof(frame)], 0xcc);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("virtio_net");
	TCase *tc = tcase_create("rings");
	TCase *tl = tcase_create("legacy");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, config_space);
	tcase_add_test(tc, tx_frame);
	tcase_add_loop_test(tc, tx_bad_length, 0,
			    sizeof(bad_tx_len) / sizeof(bad_tx_len[0]));
	tcase_add_test(tc, rx_frame);
	tcase_add_test(tc, rx_no_buffer);
	tcase_add_test(tc, rx_buffer_too_small);
	tcase_add_test(tc, rx_before_driver_ok);
	tcase_add_test(tc, rx_bad_length);
	tcase_add_test(tc, tx_ring_outside_ram);
	tcase_add_test(tc, attach_once);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tl, setup_legacy, teardown_legacy);
	tcase_add_test(tl, legacy_header);
	suite_add_tcase(s, tl);
	return check_run(s);
}
