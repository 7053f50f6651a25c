// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-console (virtio 1.1, 5.3) with one port, driven through
 * hand-built rings: output reaches the chardev; input waits until the
 * guest posts a buffer, with the input fd out of the watched set
 * meanwhile (no busy loop), and end of input stops the watch.
 */
#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_run.h"
#include "console.h"
#include "virtio_rig.h"

#define NUM	8
#define F_V1	(1ULL << VIRTIO_F_VERSION_1)
#define RXQ	0
#define TXQ	1

/* A chardev that keeps what the guest wrote; input from a pipe. */
struct rec_chr {
	struct chardev chr;
	char out[256];
	size_t nout;
};

static void rec_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	struct rec_chr *r = (struct rec_chr *)chr;

	ck_assert_uint_le(r->nout + len, sizeof(r->out));
	memcpy(r->out + r->nout, buf, len);
	r->nout += len;
}

static const struct chardev_ops rec_ops = { .write = rec_write };

static struct vrig rig;
static struct rec_chr rec;
static struct virtio_console *con;
static int pipefd[2];

static void rig_irq(void *opaque, unsigned int intid, int level)
{
	(void)opaque;
	(void)intid;
	(void)level;
}

static void setup(void)
{
	struct av_err err = { 0 };
	struct virtio_host host;

	memset(&rig, 0, sizeof(rig));
	memset(&rec, 0, sizeof(rec));
	ck_assert_int_eq(pipe2(pipefd, O_NONBLOCK), 0);
	rec.chr.ops = &rec_ops;
	rec.chr.in_fd = pipefd[0];
	rig.ram.host = aligned_alloc(4096, VRIG_RAM_SIZE);
	ck_assert(rig.ram.host);
	memset(rig.ram.host, 0, VRIG_RAM_SIZE);
	rig.ram.base = VRIG_RAM_BASE;
	rig.ram.size = VRIG_RAM_SIZE;
	host = (struct virtio_host){
		.ram = &rig.ram,
		.irq = { .set = rig_irq, .opaque = &rig, .intid = 48 },
	};
	con = virtio_console_create(&host, &rec.chr, &err);
	ck_assert_msg(con, "%s", err.msg);
	rig.vdev = virtio_console_dev(con);
}

static void teardown(void)
{
	virtio_console_destroy(con);
	close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	free(rig.ram.host);
}

/* Whether the main loop would see the console's fd readable now. */
static bool loop_sees_input(void)
{
	struct pollfd p = { .fd = virtio_console_in_fd(con), .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

START_TEST(identity)
{
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_CONSOLE);
	vrig_write(&rig, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	/* No SIZE, no MULTIPORT, no EMERG_WRITE. */
	ck_assert_uint_eq(vrig_read(&rig, VIRTIO_MMIO_DEVICE_FEATURES) & 7, 0);
}
END_TEST

START_TEST(output)
{
	memcpy(vrig_ptr(&rig, vrig_buf(0)), "hel", 3);
	memcpy(vrig_ptr(&rig, vrig_buf(1)), "lo\n", 3);
	vrig_start(&rig, F_V1, 2, NUM);
	vrig_desc(&rig, TXQ, 0, vrig_buf(0), 3, VIRTQ_DESC_F_NEXT, 1);
	vrig_desc(&rig, TXQ, 1, vrig_buf(1), 3, 0, 0);
	vrig_kick(&rig, TXQ, 0);
	ck_assert_uint_eq(rec.nout, 6);
	ck_assert_mem_eq(rec.out, "hello\n", 6);
	ck_assert_uint_eq(vrig_used_idx(&rig, TXQ), 1);
}
END_TEST

START_TEST(input_waits_for_buffer)
{
	uint32_t id, len;

	vrig_start(&rig, F_V1, 2, NUM);
	ck_assert(!loop_sees_input());
	ck_assert_int_eq(write(pipefd[1], "abc", 3), 3);
	ck_assert(loop_sees_input());
	virtio_console_input(con);
	/* Held: no buffer yet, and the loop is not woken for more. */
	ck_assert_uint_eq(vrig_used_idx(&rig, RXQ), 0);
	ck_assert(!loop_sees_input());
	ck_assert_int_eq(write(pipefd[1], "de", 2), 2);
	ck_assert(!loop_sees_input());
	/* Two bytes of room: "ab" now, "c" with the next buffer. */
	vrig_desc(&rig, RXQ, 0, vrig_buf(2), 2, VIRTQ_DESC_F_WRITE, 0);
	vrig_kick(&rig, RXQ, 0);
	ck_assert_uint_eq(vrig_used_idx(&rig, RXQ), 1);
	vrig_used_elem(&rig, RXQ, 0, &id, &len);
	ck_assert_uint_eq(len, 2);
	ck_assert_mem_eq(vrig_ptr(&rig, vrig_buf(2)), "ab", 2);
	ck_assert(!loop_sees_input());
	vrig_desc(&rig, RXQ, 1, vrig_buf(3), 64, VIRTQ_DESC_F_WRITE, 0);
	vrig_kick(&rig, RXQ, 1);
	vrig_used_elem(&rig, RXQ, 1, &id, &len);
	ck_assert_uint_eq(len, 1);
	ck_assert_mem_eq(vrig_ptr(&rig, vrig_buf(3)), "c", 1);
	/* All delivered: the loop watches again and finds "de". */
	ck_assert(loop_sees_input());
	vrig_desc(&rig, RXQ, 2, vrig_buf(4), 64, VIRTQ_DESC_F_WRITE, 0);
	vrig_avail_add(&rig, RXQ, 2);
	virtio_console_input(con);
	vrig_used_elem(&rig, RXQ, 2, &id, &len);
	ck_assert_uint_eq(len, 2);
	ck_assert_mem_eq(vrig_ptr(&rig, vrig_buf(4)), "de", 2);
}
END_TEST

START_TEST(input_eof)
{
	vrig_start(&rig, F_V1, 2, NUM);
	close(pipefd[1]);
	pipefd[1] = -1;
	ck_assert(loop_sees_input());
	virtio_console_input(con);
	ck_assert(!loop_sees_input());
	ck_assert_uint_eq(vrig_used_idx(&rig, RXQ), 0);
}
END_TEST

/* A receive chain with no writable part: the ring is broken, not the host. */
START_TEST(rx_readonly_buffer)
{
	vrig_start(&rig, F_V1, 2, NUM);
	ck_assert_int_eq(write(pipefd[1], "x", 1), 1);
	vrig_desc(&rig, RXQ, 0, vrig_buf(2), 16, 0, 0);
	vrig_kick(&rig, RXQ, 0);
	virtio_console_input(con);
	ck_assert_uint_eq(vrig_used_idx(&rig, RXQ), 1);
	ck_assert_uint_eq(*(uint8_t *)vrig_ptr(&rig, vrig_buf(2)), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("virtio_console");
	TCase *tc = tcase_create("port0");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, identity);
	tcase_add_test(tc, output);
	tcase_add_test(tc, input_waits_for_buffer);
	tcase_add_test(tc, input_eof);
	tcase_add_test(tc, rx_readonly_buffer);
	suite_add_tcase(s, tc);
	return check_run(s);
}
