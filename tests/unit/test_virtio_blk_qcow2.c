// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk (virtio 1.1, 5.2) on qcow2 images, driven through hand-built
 * rings as a hostile driver would: reads and writes go through the qcow2
 * worker and complete on the eventfd; the image passes `qemu-img check`
 * afterwards and reads back as the guest wrote it (qemu-io); DISCARD and
 * WRITE_ZEROES are offered for qcow2 (not raw) and work, and bad ones
 * (reserved flags, unmap on discard, out of range, two segments, feature
 * not negotiated, read-only disk) get the status 5.2.6 requires without
 * touching the image; format probing opens a qcow2 image as qcow2.
 * Needs qemu-img and qemu-io (Debian's qemu-utils).
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_run.h"
#include "virtio_rig.h"

#define NUM		64
#define SECTOR		512
#define T_IN		0
#define T_OUT		1
#define T_FLUSH		4
#define T_DISCARD	11
#define T_WZ		13
#define S_OK		0
#define S_IOERR		1
#define S_UNSUPP	2
#define F_DISCARD	(1ULL << 13)
#define F_WZ		(1ULL << 14)
#define F_FLUSH		(1ULL << 9)
#define F_V1		(1ULL << VIRTIO_F_VERSION_1)
#define NEXT		VIRTQ_DESC_F_NEXT
#define WRITE		VIRTQ_DESC_F_WRITE
#define DISK_MIB	4

#define HDR		vrig_buf(0)
#define STATUS		vrig_buf(1)
#define SEG		vrig_buf(2)
#define DATA		vrig_buf(3)

static struct vrig rig;
static struct virtio_blk *blk;
static char path[64];

static int sh(const char *cmd)
{
	char full[1100];
	int st;

	snprintf(full, sizeof(full), "{ %s; } >/dev/null 2>&1", cmd);
	st = system(full);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void setup(void)
{
	char cmd[256];

	snprintf(path, sizeof(path), "test-virtio-blk-qcow2-%d.qcow2", (int)getpid());
	snprintf(cmd, sizeof(cmd), "qemu-img create -f qcow2 %s %dM && "
		 "qemu-io -f qcow2 -c 'write -P 0x5a 0 256k' %s", path, DISK_MIB, path);
	ck_assert_int_eq(sh(cmd), 0);
	vrig_init_ram(&rig);
	blk = NULL;
}

static void teardown(void)
{
	virtio_blk_destroy(blk);
	vrig_fini_ram(&rig);
	unlink(path);
}

static struct virtio_blk *open_disk(bool readonly, bool probe, bool qcow2)
{
	struct virtio_blk_conf conf = {
		.path = path, .readonly = readonly, .probe = probe, .qcow2 = qcow2,
	};
	struct av_err err = { 0 };
	struct virtio_host host;
	struct virtio_blk *b;

	vrig_host(&rig, &host);
	b = virtio_blk_create(&host, &conf, &err);
	ck_assert_msg(b, "virtio_blk_create: %s", err.msg);
	rig.vdev = virtio_blk_dev(b);
	return b;
}

static void start(uint64_t features, bool readonly)
{
	blk = open_disk(readonly, false, true);
	vrig_start(&rig, F_V1 | features, 1, NUM);
}

static void wait_used(uint16_t idx)
{
	struct pollfd p = { .fd = virtio_blk_event_fd(blk), .events = POLLIN };

	while (vrig_used_idx(&rig, 0) != idx) {
		ck_assert_int_ge(poll(&p, 1, -1), 0);
		virtio_blk_complete(blk);
	}
}

static void put_header(uint32_t type, uint64_t sector)
{
	uint8_t *h = vrig_ptr(&rig, HDR);
	uint32_t zero = 0;

	memcpy(h, &type, 4);
	memcpy(h + 4, &zero, 4);
	memcpy(h + 8, &sector, 8);
}

/* Header, n descriptors of data or segments, status; its status byte. */
static uint8_t submit(uint32_t type, uint64_t sector, uint64_t data, uint32_t len,
		      bool device_writes)
{
	uint16_t idx = vrig_used_idx(&rig, 0);

	put_header(type, sector);
	*(uint8_t *)vrig_ptr(&rig, STATUS) = 0xee;
	vrig_desc(&rig, 0, 0, HDR, 16, NEXT, 1);
	vrig_desc(&rig, 0, 1, data, len, (device_writes ? WRITE : 0) | NEXT, 2);
	vrig_desc(&rig, 0, 2, STATUS, 1, WRITE, 0);
	vrig_kick(&rig, 0, 0);
	wait_used(idx + 1);
	return *(uint8_t *)vrig_ptr(&rig, STATUS);
}

static uint8_t dwz(uint32_t type, uint64_t sector, uint32_t num, uint32_t flags,
		   uint32_t seg_bytes)
{
	uint8_t *s = vrig_ptr(&rig, SEG);

	memset(s, 0, 32);
	memcpy(s, &sector, 8);
	memcpy(s + 8, &num, 4);
	memcpy(s + 12, &flags, 4);
	memcpy(s + 16, s, 16);
	return submit(type, 0, SEG, seg_bytes, false);
}

static bool data_is(uint32_t len, int val)
{
	const uint8_t *d = vrig_ptr(&rig, DATA);

	for (uint32_t i = 0; i < len; i++)
		if (d[i] != val)
			return false;
	return true;
}

static void assert_image(const char *qemu_io_checks)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "qemu-img check %s", path);
	ck_assert_msg(sh(cmd) == 0, "qemu-img check is not clean");
	/* qemu-io says "Pattern verification failed" on a mismatch. */
	snprintf(cmd, sizeof(cmd), "out=$(qemu-io -f qcow2 -r %s %s 2>&1) && "
		 "! echo \"$out\" | grep -q failed", qemu_io_checks, path);
	ck_assert_msg(sh(cmd) == 0, "qemu-io does not read back %s", qemu_io_checks);
}

START_TEST(reads_and_writes_through_the_worker)
{
	start(F_FLUSH, false);
	ck_assert_uint_eq(submit(T_IN, 0, DATA, 8192, true), S_OK);
	ck_assert(data_is(8192, 0x5a));
	memset(vrig_ptr(&rig, DATA), 0x11, 4096);
	ck_assert_uint_eq(submit(T_OUT, 1000, DATA, 4096, false), S_OK);
	ck_assert_uint_eq(submit(T_FLUSH, 0, DATA, 0, false), S_OK);
	memset(vrig_ptr(&rig, DATA), 0, 4096);
	ck_assert_uint_eq(submit(T_IN, 1000, DATA, 4096, true), S_OK);
	ck_assert(data_is(4096, 0x11));
	/* Past the end: refused, nothing written. */
	ck_assert_uint_eq(submit(T_OUT, DISK_MIB * 2048 - 1, DATA, 1024, false), S_IOERR);
	virtio_blk_destroy(blk);
	blk = NULL;
	assert_image("-c 'read -P 0x11 512000 4k' -c 'read -P 0x5a 0 256k'");
}
END_TEST

START_TEST(discard_and_write_zeroes)
{
	start(F_DISCARD | F_WZ, false);
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES) & (F_DISCARD | F_WZ),
			  F_DISCARD | F_WZ);
	/* discard_sector_alignment: a 64 KiB cluster. */
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_CONFIG + 44), 128);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_CONFIG + 40), 1);
	ck_assert_uint_eq(dwz(T_DISCARD, 128, 128, 0, 16), S_OK);
	ck_assert_uint_eq(dwz(T_WZ, 3, 5, 1, 16), S_OK);
	ck_assert_uint_eq(submit(T_IN, 0, DATA, 8192, true), S_OK);
	ck_assert(data_is(3 * SECTOR, 0x5a));
	ck_assert(!memcmp(vrig_ptr(&rig, DATA + 3 * SECTOR), (uint8_t[5 * SECTOR]){ 0 },
			  5 * SECTOR));
	ck_assert_uint_eq(submit(T_IN, 128, DATA, 65536, true), S_OK);
	ck_assert(data_is(65536, 0));
	virtio_blk_destroy(blk);
	blk = NULL;
	assert_image("-c 'read -P 0 64k 64k' -c 'read -P 0 1536 2560' -c 'read -P 0x5a 128k 128k'");
}
END_TEST

START_TEST(hostile_discards_refused)
{
	start(F_DISCARD | F_WZ, false);
	ck_assert_uint_eq(dwz(T_DISCARD, 0, 128, 1, 16), S_UNSUPP);	/* unmap on discard */
	ck_assert_uint_eq(dwz(T_WZ, 0, 128, 2, 16), S_UNSUPP);	/* reserved flag */
	ck_assert_uint_eq(dwz(T_DISCARD, DISK_MIB * 2048 - 1, 2, 0, 16), S_IOERR);
	ck_assert_uint_eq(dwz(T_DISCARD, UINT64_MAX, 1, 0, 16), S_IOERR);
	ck_assert_uint_eq(dwz(T_WZ, 0, UINT32_MAX, 0, 16), S_IOERR);
	ck_assert_uint_eq(dwz(T_DISCARD, 0, 128, 0, 32), S_IOERR);	/* two segments */
	ck_assert_uint_eq(dwz(T_DISCARD, 0, 128, 0, 8), S_IOERR);	/* half a segment */
	virtio_blk_destroy(blk);
	blk = NULL;
	assert_image("-c 'read -P 0x5a 0 256k'");
}
END_TEST

START_TEST(discard_needs_the_feature)
{
	start(0, false);
	ck_assert_uint_eq(dwz(T_DISCARD, 0, 128, 0, 16), S_UNSUPP);
	ck_assert_uint_eq(dwz(T_WZ, 0, 128, 0, 16), S_UNSUPP);
	virtio_blk_destroy(blk);
	blk = NULL;
	assert_image("-c 'read -P 0x5a 0 256k'");
}
END_TEST

START_TEST(readonly_qcow2)
{
	start(0, true);
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES) & F_DISCARD, 0);
	ck_assert_uint_eq(dwz(T_DISCARD, 0, 128, 0, 16), S_UNSUPP);
	ck_assert_uint_eq(submit(T_OUT, 0, DATA, 512, false), S_IOERR);
	ck_assert_uint_eq(submit(T_IN, 0, DATA, 512, true), S_OK);
	ck_assert(data_is(512, 0x5a));
}
END_TEST

START_TEST(probed_as_qcow2)
{
	uint64_t cap;

	blk = open_disk(false, true, false);
	cap = vrig_read(&rig, VIRTIO_MMIO_CONFIG) |
	      (uint64_t)vrig_read(&rig, VIRTIO_MMIO_CONFIG + 4) << 32;
	ck_assert_uint_eq(cap, DISK_MIB * 2048);
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES) & F_DISCARD, F_DISCARD);
}
END_TEST

START_TEST(raw_has_no_discard)
{
	blk = open_disk(false, false, false);
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES) & (F_DISCARD | F_WZ), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("virtio-blk-qcow2");
	TCase *tc = tcase_create("qcow2");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, reads_and_writes_through_the_worker);
	tcase_add_test(tc, discard_and_write_zeroes);
	tcase_add_test(tc, hostile_discards_refused);
	tcase_add_test(tc, discard_needs_the_feature);
	tcase_add_test(tc, readonly_qcow2);
	tcase_add_test(tc, probed_as_qcow2);
	tcase_add_test(tc, raw_has_no_discard);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
