// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk (virtio 1.1, 5.2) on real image files, driven through
 * hand-built rings: reads and writes land at the right file offsets,
 * scattered and misaligned buffers (cache=none bounce), FLUSH, GET_ID,
 * read-only disks, out-of-range and partial-sector requests, host I/O
 * errors, many requests in flight, reset with I/O in flight, malformed
 * requests (DEVICE_NEEDS_RESET), and start-up errors that name the file.
 *
 * Completions arrive through the device's eventfd, as in the main loop;
 * the tests wait for it with poll() and no timeout (Check's own timeout
 * bounds a hang).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "check_run.h"
#include "virtio_rig.h"

#define NUM		256
#define SECTOR		512
#define DISK_SECTORS	64		/* 32 KiB images */
#define T_IN		0
#define T_OUT		1
#define T_FLUSH		4
#define T_GET_ID	8
#define T_DISCARD	11
#define S_OK		0
#define S_IOERR		1
#define S_UNSUPP	2
#define F_RO		(1u << 5)
#define F_FLUSH		(1u << 9)
#define F_V1		(1ULL << VIRTIO_F_VERSION_1)
#define F_IND		(1ULL << VIRTIO_F_INDIRECT_DESC)
#define NEXT		VIRTQ_DESC_F_NEXT
#define WRITE		VIRTQ_DESC_F_WRITE

/* Guest addresses the requests use (pages of the rig's data area). */
#define HDR		vrig_buf(0)
#define STATUS		vrig_buf(1)
#define DATA		vrig_buf(2)	/* 16 pages of data */

static struct vrig rig;
static struct virtio_blk *blk;
static char path[64];

static void make_image(const char *p, size_t size, const void *head, size_t hlen)
{
	int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);
	uint8_t *buf = calloc(1, size);

	ck_assert_int_ge(fd, 0);
	/* Every sector starts with its number, so misplaced I/O shows. */
	for (size_t s = 0; s < size / SECTOR; s++)
		snprintf((char *)buf + s * SECTOR, 32, "sector%04u", (unsigned int)(s % 10000));
	if (head)
		memcpy(buf, head, hlen);
	ck_assert_int_eq(write(fd, buf, size), (ssize_t)size);
	close(fd);
	free(buf);
}

static struct virtio_blk *open_disk(bool readonly, bool direct, const char *serial)
{
	struct virtio_blk_conf conf = {
		.path = path, .readonly = readonly, .direct = direct,
		.serial = serial,
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

static void start(bool readonly, bool direct, const char *serial)
{
	blk = open_disk(readonly, direct, serial);
	vrig_start(&rig, F_V1 | F_IND, 1, NUM);
}

static void setup(void)
{
	/* Not tmpfs: cache=none needs O_DIRECT. */
	snprintf(path, sizeof(path), "test-virtio-blk-%d.img", (int)getpid());
	make_image(path, DISK_SECTORS * SECTOR, NULL, 0);
	vrig_init_ram(&rig);
	blk = NULL;
}

static void teardown(void)
{
	virtio_blk_destroy(blk);
	vrig_fini_ram(&rig);
	unlink(path);
}

/* Wait until the used ring reaches idx, serving completions as the main loop would. */
static void wait_used(uint16_t idx)
{
	struct pollfd p = { .fd = virtio_blk_event_fd(blk), .events = POLLIN };

	while (vrig_used_idx(&rig, 0) != idx) {
		ck_assert_int_ge(poll(&p, 1, -1), 0);
		virtio_blk_complete(blk);
	}
}

static void put_header(uint64_t gpa, uint32_t type, uint64_t sector)
{
	uint8_t *h = vrig_ptr(&rig, gpa);
	uint32_t zero = 0;

	memcpy(h, &type, 4);
	memcpy(h + 4, &zero, 4);
	memcpy(h + 8, &sector, 8);
}

/* header, one data buffer, status: the usual three-descriptor chain at head. */
static void chain3(uint16_t head, uint32_t type, uint64_t sector, uint64_t data,
		   uint32_t len, uint64_t hdr, uint64_t status)
{
	uint16_t flags = type == T_OUT ? 0 : WRITE;

	put_header(hdr, type, sector);
	*(uint8_t *)vrig_ptr(&rig, status) = 0xee;
	vrig_desc(&rig, 0, head, hdr, 16, NEXT, head + 1);
	vrig_desc(&rig, 0, head + 1, data, len, flags | NEXT, head + 2);
	vrig_desc(&rig, 0, head + 2, status, 1, WRITE, 0);
}

/* One request, completed; returns the status byte, *used the used length. */
static uint8_t request(uint32_t type, uint64_t sector, uint64_t data,
		       uint32_t len, uint32_t *used)
{
	uint16_t idx = vrig_used_idx(&rig, 0);
	uint32_t id, ulen;

	chain3(0, type, sector, data, len, HDR, STATUS);
	vrig_kick(&rig, 0, 0);
	wait_used(idx + 1);
	vrig_used_elem(&rig, 0, idx, &id, &ulen);
	ck_assert_uint_eq(id, 0);
	if (used)
		*used = ulen;
	return *(uint8_t *)vrig_ptr(&rig, STATUS);
}

static void file_read(off_t off, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY);

	ck_assert_int_eq(pread(fd, buf, len, off), (ssize_t)len);
	close(fd);
}

static uint64_t cfg64(unsigned int off)
{
	uint64_t lo = vrig_read(&rig, VIRTIO_MMIO_CONFIG + off);
	uint64_t hi = vrig_read(&rig, VIRTIO_MMIO_CONFIG + off + 4);

	return lo | hi << 32;
}

START_TEST(config_and_features)
{
	blk = open_disk(false, false, NULL);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
	ck_assert_uint_eq(cfg64(0), DISK_SECTORS);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_CONFIG + 20), SECTOR);
	ck_assert_uint_ge(vrig_read(&rig, VIRTIO_MMIO_CONFIG + 12), 1);
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES) & (F_RO | F_FLUSH),
			  F_FLUSH);
}
END_TEST

START_TEST(readonly_disk_says_so)
{
	blk = open_disk(true, false, NULL);
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES) & F_RO, F_RO);
}
END_TEST

START_TEST(read_sectors)
{
	uint32_t used;

	start(false, false, NULL);
	ck_assert_uint_eq(request(T_IN, 5, DATA, 2 * SECTOR, &used), S_OK);
	ck_assert_uint_eq(used, 2 * SECTOR + 1);
	ck_assert_str_eq(vrig_ptr(&rig, DATA), "sector0005");
	ck_assert_str_eq(vrig_ptr(&rig, DATA + SECTOR), "sector0006");
	ck_assert_uint_ge(rig.dma_bytes, 2 * SECTOR + 1);
	ck_assert_int_eq(rig.irq_level, 1);
}
END_TEST

START_TEST(write_sectors)
{
	char back[SECTOR];
	uint32_t used;

	start(false, false, NULL);
	memset(vrig_ptr(&rig, DATA), 'w', SECTOR);
	ck_assert_uint_eq(request(T_OUT, 63, DATA, SECTOR, &used), S_OK);
	ck_assert_uint_eq(used, 1);
	file_read(63 * SECTOR, back, SECTOR);
	ck_assert_int_eq(memcmp(back, vrig_ptr(&rig, DATA), SECTOR), 0);
	file_read(62 * SECTOR, back, 16);
	ck_assert_str_eq(back, "sector0062");
}
END_TEST

START_TEST(scattered_buffers_and_split_header)
{
	char back[3 * SECTOR];

	start(false, false, NULL);
	put_header(HDR, T_OUT, 10);
	/* Header in two pieces, data in three uneven pieces, then status. */
	memset(vrig_ptr(&rig, DATA), 'a', 700);
	memset(vrig_ptr(&rig, DATA + 4096), 'b', 300);
	memset(vrig_ptr(&rig, DATA + 8192), 'c', 536);
	vrig_desc(&rig, 0, 0, HDR, 5, NEXT, 1);
	vrig_desc(&rig, 0, 1, HDR + 5, 11, NEXT, 2);
	vrig_desc(&rig, 0, 2, DATA, 700, NEXT, 3);
	vrig_desc(&rig, 0, 3, DATA + 4096, 300, NEXT, 4);
	vrig_desc(&rig, 0, 4, DATA + 8192, 536, NEXT, 5);
	vrig_desc(&rig, 0, 5, STATUS, 1, WRITE, 0);
	vrig_kick(&rig, 0, 0);
	wait_used(1);
	ck_assert_uint_eq(*(uint8_t *)vrig_ptr(&rig, STATUS), S_OK);
	file_read(10 * SECTOR, back, sizeof(back));
	ck_assert_int_eq(back[0], 'a');
	ck_assert_int_eq(back[699], 'a');
	ck_assert_int_eq(back[700], 'b');
	ck_assert_int_eq(back[999], 'b');
	ck_assert_int_eq(back[1000], 'c');
	ck_assert_int_eq(back[1535], 'c');
}
END_TEST

START_TEST(direct_io_with_misaligned_buffers)
{
	char back[SECTOR];

	start(false, true, NULL);
	memset(vrig_ptr(&rig, DATA + 3), 'd', SECTOR);
	ck_assert_uint_eq(request(T_OUT, 7, DATA + 3, SECTOR, NULL), S_OK);
	file_read(7 * SECTOR, back, SECTOR);
	ck_assert_int_eq(memcmp(back, vrig_ptr(&rig, DATA + 3), SECTOR), 0);
	memset(vrig_ptr(&rig, DATA), 0, 3 * SECTOR);
	ck_assert_uint_eq(request(T_IN, 8, DATA + 1, SECTOR, NULL), S_OK);
	ck_assert_str_eq(vrig_ptr(&rig, DATA + 1), "sector0008");
	/* Aligned buffers go straight to the file. */
	ck_assert_uint_eq(request(T_IN, 9, DATA, 2 * SECTOR, NULL), S_OK);
	ck_assert_str_eq(vrig_ptr(&rig, DATA + SECTOR), "sector0010");
}
END_TEST

START_TEST(out_of_range_requests_fail)
{
	start(false, false, NULL);
	ck_assert_uint_eq(request(T_IN, DISK_SECTORS, DATA, SECTOR, NULL), S_IOERR);
	ck_assert_uint_eq(request(T_IN, DISK_SECTORS - 1, DATA, 2 * SECTOR, NULL), S_IOERR);
	ck_assert_uint_eq(request(T_IN, UINT64_MAX, DATA, SECTOR, NULL), S_IOERR);
	ck_assert_uint_eq(request(T_IN, UINT64_MAX / SECTOR, DATA, SECTOR, NULL), S_IOERR);
	ck_assert_uint_eq(request(T_OUT, DISK_SECTORS, DATA, SECTOR, NULL), S_IOERR);
	/* The last sector itself is fine. */
	ck_assert_uint_eq(request(T_IN, DISK_SECTORS - 1, DATA, SECTOR, NULL), S_OK);
	ck_assert(!(vrig_read(&rig, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET));
}
END_TEST

/* More than 128 MiB in one request (overlapping buffers): refused, file untouched. */
START_TEST(oversized_transfer_fails)
{
	uint8_t *table = vrig_ptr(&rig, vrig_buf(100));
	uint64_t area = VRIG_RAM_BASE + 0x10000, len = 0xe0000;
	uint16_t n = 0;
	char back[16];

	ck_assert_int_eq(truncate(path, 256 << 20), 0);
	start(false, true, NULL);
	put_header(HDR, T_OUT, 0);
	vrig_desc_at(table, n, HDR, 16, NEXT, n + 1);
	for (n = 1; n <= 147; n++)
		vrig_desc_at(table, n, area, (uint32_t)len, NEXT, n + 1);
	vrig_desc_at(table, n, vrig_buf(127), 1, WRITE, 0);
	vrig_desc(&rig, 0, 0, vrig_buf(100), 16u * (n + 1), VIRTQ_DESC_F_INDIRECT, 0);
	*(uint8_t *)vrig_ptr(&rig, vrig_buf(127)) = 0xee;
	vrig_kick(&rig, 0, 0);
	wait_used(1);
	ck_assert_uint_eq(*(uint8_t *)vrig_ptr(&rig, vrig_buf(127)), S_IOERR);
	file_read(0, back, sizeof(back));
	ck_assert_str_eq(back, "sector0000");
}
END_TEST

START_TEST(partial_sectors_fail)
{
	char back[16];
	uint32_t used;

	start(false, false, NULL);
	ck_assert_uint_eq(request(T_IN, 0, DATA, 100, &used), S_IOERR);
	ck_assert_uint_eq(used, 1);
	memset(vrig_ptr(&rig, DATA), 'x', 700);
	ck_assert_uint_eq(request(T_OUT, 0, DATA, 700, NULL), S_IOERR);
	file_read(0, back, sizeof(back));
	ck_assert_str_eq(back, "sector0000");
}
END_TEST

START_TEST(readonly_write_fails)
{
	char back[16];

	start(true, false, NULL);
	memset(vrig_ptr(&rig, DATA), 'x', SECTOR);
	ck_assert_uint_eq(request(T_OUT, 1, DATA, SECTOR, NULL), S_IOERR);
	file_read(SECTOR, back, sizeof(back));
	ck_assert_str_eq(back, "sector0001");
	ck_assert_uint_eq(request(T_IN, 1, DATA, SECTOR, NULL), S_OK);
	ck_assert_uint_eq(request(T_FLUSH, 0, DATA, 0, NULL), S_OK);
}
END_TEST

/*
 * A driver without VIRTIO_BLK_F_FLUSH cannot ask for a flush, so (as
 * Linux's virtblk_get_cache_mode assumes) the disk must write through: a
 * write completes only once it is on stable storage.
 */
static uint64_t stable_writes_after_one_write(bool direct, uint64_t features)
{
	struct virtio_blk_stats st;

	blk = open_disk(false, direct, NULL);
	vrig_start(&rig, F_V1 | F_IND | features, 1, NUM);
	memset(vrig_ptr(&rig, DATA), 's', 2 * SECTOR);
	ck_assert_uint_eq(request(T_OUT, 4, DATA, 2 * SECTOR, NULL), S_OK);
	ck_assert_uint_eq(request(T_IN, 4, DATA, SECTOR, NULL), S_OK);
	virtio_blk_get_stats(blk, &st);
	return st.stable_writes;
}

START_TEST(write_through_without_flush_feature)
{
	ck_assert_uint_eq(stable_writes_after_one_write(false, 0), 1);
}
END_TEST

START_TEST(write_through_without_flush_feature_direct)
{
	ck_assert_uint_eq(stable_writes_after_one_write(true, 0), 1);
}
END_TEST

/* With FLUSH the guest flushes when it needs to: writes stay cached. */
START_TEST(write_back_with_flush_feature)
{
	ck_assert_uint_eq(stable_writes_after_one_write(false, F_FLUSH), 0);
}
END_TEST

START_TEST(flush)
{
	uint16_t idx;

	start(false, false, NULL);
	put_header(HDR, T_FLUSH, 0);
	vrig_desc(&rig, 0, 0, HDR, 16, NEXT, 1);
	vrig_desc(&rig, 0, 1, STATUS, 1, WRITE, 0);
	idx = vrig_used_idx(&rig, 0);
	vrig_kick(&rig, 0, 0);
	wait_used(idx + 1);
	ck_assert_uint_eq(*(uint8_t *)vrig_ptr(&rig, STATUS), S_OK);
}
END_TEST

static struct virtio_blk *open_conf(const struct virtio_blk_conf *c)
{
	struct virtio_blk_conf conf = *c;
	struct av_err err = { 0 };
	struct virtio_host host;
	struct virtio_blk *b;

	conf.path = path;
	vrig_host(&rig, &host);
	b = virtio_blk_create(&host, &conf, &err);
	ck_assert_msg(b, "virtio_blk_create: %s", err.msg);
	rig.vdev = virtio_blk_dev(b);
	vrig_start(&rig, F_V1 | F_IND | F_FLUSH, 1, NUM);
	return b;
}

/* cache=writethrough: stable writes although the guest can flush. */
START_TEST(writethrough_mode)
{
	struct virtio_blk_conf conf = { .writethrough = true };
	struct virtio_blk_stats st;

	blk = open_conf(&conf);
	memset(vrig_ptr(&rig, DATA), 't', SECTOR);
	ck_assert_uint_eq(request(T_OUT, 2, DATA, SECTOR, NULL), S_OK);
	virtio_blk_get_stats(blk, &st);
	ck_assert_uint_eq(st.stable_writes, 1);
}
END_TEST

/*
 * -snapshot: the guest reads its writes back, next to untouched sectors;
 * the image file keeps every byte; bad ranges still fail; flush is fine.
 */
START_TEST(snapshot_mode)
{
	struct virtio_blk_conf conf = { .snapshot = true };
	char back[SECTOR];
	uint16_t idx;

	blk = open_conf(&conf);
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES) & F_RO, 0);
	memset(vrig_ptr(&rig, DATA), 'o', SECTOR);
	ck_assert_uint_eq(request(T_OUT, 7, DATA, SECTOR, NULL), S_OK);
	memset(vrig_ptr(&rig, DATA), 0, 3 * SECTOR);
	ck_assert_uint_eq(request(T_IN, 6, DATA, 3 * SECTOR, NULL), S_OK);
	ck_assert_str_eq(vrig_ptr(&rig, DATA), "sector0006");
	ck_assert_int_eq(*(char *)vrig_ptr(&rig, DATA + SECTOR), 'o');
	ck_assert_str_eq(vrig_ptr(&rig, DATA + 2 * SECTOR), "sector0008");
	file_read(7 * SECTOR, back, 16);
	ck_assert_str_eq(back, "sector0007");
	ck_assert_uint_eq(request(T_OUT, DISK_SECTORS, DATA, SECTOR, NULL), S_IOERR);
	ck_assert_uint_eq(request(T_OUT, UINT64_MAX / SECTOR, DATA, SECTOR, NULL), S_IOERR);
	put_header(HDR, T_FLUSH, 0);
	vrig_desc(&rig, 0, 0, HDR, 16, NEXT, 1);
	vrig_desc(&rig, 0, 1, STATUS, 1, WRITE, 0);
	idx = vrig_used_idx(&rig, 0);
	vrig_kick(&rig, 0, 0);
	wait_used(idx + 1);
	ck_assert_uint_eq(*(uint8_t *)vrig_ptr(&rig, STATUS), S_OK);
}
END_TEST

/* A read-only disk stays read-only under -snapshot: no overlay to write. */
START_TEST(snapshot_readonly)
{
	struct virtio_blk_conf conf = { .snapshot = true, .readonly = true };

	blk = open_conf(&conf);
	ck_assert_uint_eq(request(T_OUT, 1, DATA, SECTOR, NULL), S_IOERR);
}
END_TEST

START_TEST(get_id)
{
	uint32_t used;

	start(false, false, "0123456789abcdefghijKLMN");
	memset(vrig_ptr(&rig, DATA), 0x55, 64);
	ck_assert_uint_eq(request(T_GET_ID, 0, DATA, 64, &used), S_OK);
	ck_assert_uint_eq(used, 21);
	/* 20 bytes, no terminator when the serial fills them (5.2.6). */
	ck_assert_int_eq(memcmp(vrig_ptr(&rig, DATA), "0123456789abcdefghij", 20), 0);
	ck_assert_uint_eq(*(uint8_t *)vrig_ptr(&rig, DATA + 20), 0x55);
	ck_assert_uint_eq(request(T_GET_ID, 0, DATA + 100, 4, &used), S_OK);
	ck_assert_uint_eq(used, 5);
	ck_assert_int_eq(memcmp(vrig_ptr(&rig, DATA + 100), "0123", 4), 0);
}
END_TEST

START_TEST(get_id_short_serial)
{
	uint8_t zero[20] = { 0 };

	start(false, false, "vol7");
	memset(vrig_ptr(&rig, DATA), 0x55, 64);
	ck_assert_uint_eq(request(T_GET_ID, 0, DATA, 64, NULL), S_OK);
	ck_assert_str_eq(vrig_ptr(&rig, DATA), "vol7");
	ck_assert_int_eq(memcmp(vrig_ptr(&rig, DATA + 4), zero, 16), 0);
}
END_TEST

START_TEST(unknown_type_unsupported)
{
	start(false, false, NULL);
	ck_assert_uint_eq(request(T_DISCARD, 0, DATA, 16, NULL), S_UNSUPP);
	ck_assert_uint_eq(request(0x7fffffff, 0, DATA, 16, NULL), S_UNSUPP);
}
END_TEST

static void assert_needs_reset(void)
{
	ck_assert(vrig_read(&rig, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	ck_assert_uint_eq(vrig_used_idx(&rig, 0), 0);
}

START_TEST(no_status_byte)
{
	start(false, false, NULL);
	put_header(HDR, T_OUT, 0);
	vrig_desc(&rig, 0, 0, HDR, 16, NEXT, 1);
	vrig_desc(&rig, 0, 1, DATA, SECTOR, 0, 0);
	vrig_kick(&rig, 0, 0);
	assert_needs_reset();
}
END_TEST

START_TEST(short_header)
{
	start(false, false, NULL);
	put_header(HDR, T_IN, 0);
	vrig_desc(&rig, 0, 0, HDR, 8, NEXT, 1);
	vrig_desc(&rig, 0, 1, DATA, SECTOR, WRITE | NEXT, 2);
	vrig_desc(&rig, 0, 2, STATUS, 1, WRITE, 0);
	vrig_kick(&rig, 0, 0);
	assert_needs_reset();
}
END_TEST

START_TEST(only_a_status_byte)
{
	start(false, false, NULL);
	vrig_desc(&rig, 0, 0, STATUS, 1, WRITE, 0);
	vrig_kick(&rig, 0, 0);
	assert_needs_reset();
}
END_TEST

START_TEST(host_read_error_fails_the_request)
{
	start(false, false, NULL);
	/* The image shrinks under the device: reads past the new end come up short. */
	ck_assert_int_eq(truncate(path, 4 * SECTOR), 0);
	ck_assert_uint_eq(request(T_IN, 10, DATA, SECTOR, NULL), S_IOERR);
	ck_assert_uint_eq(request(T_IN, 1, DATA, SECTOR, NULL), S_OK);
	ck_assert(!(vrig_read(&rig, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET));
}
END_TEST

/*
 * cache=none, a guest buffer off the 512 alignment (bounced) and an image
 * that shrank inside the request: only the sector read may reach the
 * guest, the rest of its buffer is zeros (QEMU's linux-aio.c pads short
 * reads so), never the bounce buffer's old contents. ext4 and xfs zero
 * an O_DIRECT buffer past the end themselves; tmpfs (O_DIRECT since Linux
 * 6.6) stops at the end and shows the leak, so the image goes there when
 * it can.
 */
static void image_on_tmpfs_if_direct(void)
{
	char shm[64];
	int fd;

	snprintf(shm, sizeof(shm), "/dev/shm/test-virtio-blk-%d.img", (int)getpid());
	make_image(shm, DISK_SECTORS * SECTOR, NULL, 0);
	fd = open(shm, O_RDONLY | O_DIRECT);
	if (fd < 0) {
		unlink(shm);
		return;
	}
	close(fd);
	unlink(path);
	memcpy(path, shm, sizeof(shm));
}

START_TEST(direct_short_read_leaks_nothing)
{
	uint8_t *buf = vrig_ptr(&rig, DATA + 1);
	size_t len = 16 * SECTOR;

	/* Fresh heap memory reads 0xa5 (mallopt(3) M_PERTURB), not zeros by luck. */
	mallopt(M_PERTURB, 0x5a);
	image_on_tmpfs_if_direct();
	start(false, true, NULL);
	ck_assert_int_eq(truncate(path, 4 * SECTOR), 0);
	memset(buf, 0x55, len);
	ck_assert_uint_eq(request(T_IN, 3, DATA + 1, (uint32_t)len, NULL), S_IOERR);
	ck_assert_str_eq((char *)buf, "sector0003");
	for (size_t i = SECTOR; i < len; i++)
		ck_assert_msg(buf[i] == 0, "guest byte %zu is %#x, not 0", i, buf[i]);
	mallopt(M_PERTURB, 0);
}
END_TEST

START_TEST(host_write_error_fails_the_request)
{
	struct rlimit lim = { 16 * SECTOR, 16 * SECTOR }, old;

	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim.rlim_max = old.rlim_max;
	start(false, false, NULL);
	ck_assert_int_eq(truncate(path, 8 * SECTOR), 0);
	/* Writes beyond the file size limit fail with EFBIG (setrlimit(2)). */
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	memset(vrig_ptr(&rig, DATA), 'z', SECTOR);
	ck_assert_uint_eq(request(T_OUT, 40, DATA, SECTOR, NULL), S_IOERR);
	ck_assert_uint_eq(request(T_OUT, 2, DATA, SECTOR, NULL), S_OK);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
}
END_TEST

START_TEST(many_requests_in_flight)
{
	uint32_t id, len;

	start(false, false, NULL);
	/* Five reads of different sectors, each its own 3-descriptor chain. */
	for (uint16_t i = 0; i < 5; i++) {
		chain3(3 * i, T_IN, 20 + i, DATA + i * 4096, SECTOR,
		       HDR + 16 * i, STATUS + i);
		vrig_avail_add(&rig, 0, 3 * i);
	}
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	wait_used(5);
	for (uint16_t i = 0; i < 5; i++) {
		char want[16];

		vrig_used_elem(&rig, 0, i, &id, &len);
		ck_assert_uint_eq(id % 3, 0);
		ck_assert_uint_eq(len, SECTOR + 1);
		snprintf(want, sizeof(want), "sector%04u", 20 + i);
		ck_assert_str_eq(vrig_ptr(&rig, DATA + i * 4096), want);
		ck_assert_uint_eq(*(uint8_t *)vrig_ptr(&rig, STATUS + i), S_OK);
	}
}
END_TEST

START_TEST(reset_with_io_in_flight)
{
	start(false, false, NULL);
	for (uint16_t i = 0; i < 4; i++) {
		chain3(3 * i, T_IN, i, DATA + i * 4096, 4096, HDR + 16 * i, STATUS + i);
		vrig_avail_add(&rig, 0, 3 * i);
	}
	vrig_write(&rig, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	vrig_write(&rig, VIRTIO_MMIO_STATUS, 0);
	virtio_blk_complete(blk);
	ck_assert_uint_eq(vrig_used_idx(&rig, 0), 0);
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	/* The device works again after the driver sets it up anew. */
	memset(vrig_ptr(&rig, VRIG_RAM_BASE), 0, 0x10000);
	vrig_start(&rig, F_V1, 1, NUM);
	ck_assert_uint_eq(request(T_IN, 3, DATA, SECTOR, NULL), S_OK);
	ck_assert_str_eq(vrig_ptr(&rig, DATA), "sector0003");
}
END_TEST

START_TEST(missing_image_names_the_file)
{
	struct virtio_blk_conf conf = { .path = "/nonexistent/disk.img" };
	struct av_err err = { 0 };
	struct virtio_host host;

	vrig_host(&rig, &host);
	ck_assert_ptr_null(virtio_blk_create(&host, &conf, &err));
	ck_assert_int_eq(err.code, ENOENT);
	ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/disk.img"));
}
END_TEST

START_TEST(other_formats_refused_when_probing)
{
	struct virtio_blk_conf conf = { .path = path, .probe = true };
	struct av_err err = { 0 };
	struct virtio_host host;

	make_image(path, 4096, "KDMV\1\0\0\0", 8);
	vrig_host(&rig, &host);
	ck_assert_ptr_null(virtio_blk_create(&host, &conf, &err));
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	ck_assert_ptr_nonnull(strstr(err.msg, "is a vmdk image"));
	/* format=raw given: the user said what it is. */
	conf.probe = false;
	blk = virtio_blk_create(&host, &conf, &err);
	ck_assert_ptr_nonnull(blk);
}
END_TEST

/* A second back end on the image; NULL and err when it is refused. */
static struct virtio_blk *try_open(bool readonly, bool no_lock, struct av_err *err)
{
	struct virtio_blk_conf conf = {
		.path = path, .readonly = readonly, .no_lock = no_lock,
	};
	struct virtio_host host;

	vrig_host(&rig, &host);
	return virtio_blk_create(&host, &conf, err);
}

static void assert_in_use(bool readonly, const char *lock)
{
	struct av_err err = { 0 };

	ck_assert_ptr_null(try_open(readonly, false, &err));
	ck_assert_int_eq(err.code, EBUSY);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	ck_assert_ptr_nonnull(strstr(err.msg, "in use by another process"));
	ck_assert_msg(strstr(err.msg, lock), "no '%s' in: %s", lock, err.msg);
	ck_assert_ptr_nonnull(strstr(err.msg, "file.locking=off"));
}

/* OFD locks belong to the open file description, so one process shows it. */
START_TEST(second_writer_refused)
{
	struct av_err err = { 0 };

	blk = try_open(false, false, &err);
	ck_assert_msg(blk, "%s", err.msg);
	assert_in_use(false, "failed to get \"write\" lock");
	assert_in_use(true, "failed to get shared \"write\" lock");
}
END_TEST

START_TEST(writer_refused_while_a_reader_has_it)
{
	struct av_err err = { 0 };

	blk = try_open(true, false, &err);
	ck_assert_msg(blk, "%s", err.msg);
	assert_in_use(false, "failed to get \"write\" lock");
}
END_TEST

/* Two back ends on the image at once, both opened. */
static void assert_opens_twice(bool readonly, bool no_lock)
{
	struct av_err err = { 0 };
	struct virtio_blk *other;

	blk = try_open(readonly, no_lock, &err);
	ck_assert_msg(blk, "%s", err.msg);
	other = try_open(readonly, no_lock, &err);
	ck_assert_msg(other, "%s", err.msg);
	virtio_blk_destroy(other);
}

START_TEST(readers_share_the_image)
{
	assert_opens_twice(true, false);
}
END_TEST

START_TEST(locking_off_opens_it_twice)
{
	assert_opens_twice(false, true);
}
END_TEST

START_TEST(lock_released_on_close)
{
	struct av_err err = { 0 };

	blk = try_open(false, false, &err);
	ck_assert_msg(blk, "%s", err.msg);
	virtio_blk_destroy(blk);
	blk = try_open(false, false, &err);
	ck_assert_msg(blk, "%s", err.msg);
}
END_TEST

static Suite *virtio_blk_suite(void)
{
	Suite *s = suite_create("virtio_blk");
	TCase *io = tcase_create("io");
	TCase *bad = tcase_create("errors");
	TCase *lock = tcase_create("locking");

	tcase_add_checked_fixture(io, setup, teardown);
	tcase_add_test(io, config_and_features);
	tcase_add_test(io, readonly_disk_says_so);
	tcase_add_test(io, read_sectors);
	tcase_add_test(io, write_sectors);
	tcase_add_test(io, scattered_buffers_and_split_header);
	tcase_add_test(io, direct_io_with_misaligned_buffers);
	tcase_add_test(io, flush);
	tcase_add_test(io, write_through_without_flush_feature);
	tcase_add_test(io, write_through_without_flush_feature_direct);
	tcase_add_test(io, write_back_with_flush_feature);
	tcase_add_test(io, writethrough_mode);
	tcase_add_test(io, snapshot_mode);
	tcase_add_test(io, snapshot_readonly);
	tcase_add_test(io, get_id);
	tcase_add_test(io, get_id_short_serial);
	tcase_add_test(io, many_requests_in_flight);
	tcase_add_test(io, reset_with_io_in_flight);
	suite_add_tcase(s, io);

	tcase_add_checked_fixture(bad, setup, teardown);
	tcase_add_test(bad, out_of_range_requests_fail);
	tcase_add_test(bad, partial_sectors_fail);
	tcase_add_test(bad, oversized_transfer_fails);
	tcase_add_test(bad, readonly_write_fails);
	tcase_add_test(bad, unknown_type_unsupported);
	tcase_add_test(bad, no_status_byte);
	tcase_add_test(bad, short_header);
	tcase_add_test(bad, only_a_status_byte);
	tcase_add_test(bad, host_read_error_fails_the_request);
	tcase_add_test(bad, host_write_error_fails_the_request);
	tcase_add_test(bad, direct_short_read_leaks_nothing);
	tcase_add_test(bad, missing_image_names_the_file);
	tcase_add_test(bad, other_formats_refused_when_probing);
	suite_add_tcase(s, bad);

	tcase_add_checked_fixture(lock, setup, teardown);
	tcase_add_test(lock, second_writer_refused);
	tcase_add_test(lock, writer_refused_while_a_reader_has_it);
	tcase_add_test(lock, readers_share_the_image);
	tcase_add_test(lock, locking_off_opens_it_twice);
	tcase_add_test(lock, lock_released_on_close);
	suite_add_tcase(s, lock);
	return s;
}

int main(void)
{
	return check_run(virtio_blk_suite());
}
