// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-console (virtio 1.1, 5.3) with one port, driven through
 * hand-built rings: output reaches the chardev; input waits until the
 * guest posts a buffer, with the input fd out of the watched set
 * meanwhile (no busy loop), and end of input stops the watch. Over a
 * socket server, clients still come and go while input waits.
 */
#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
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


/* ---- over a -chardev socket,server=on: clients come and go ---- */

#define SOCK_WAIT_MS	1000	/* a bound for a hang, never a timing check */
#define PUMP_MAX	16	/* more rounds than this is a busy loop */

static char sock_dir[64];
static char sock_path[128];
static struct chardev *sock_chr;

static void sock_setup(void)
{
	char spec[200];
	struct chardev_opts o;
	struct av_err err = { 0 };
	struct virtio_host host;

	strcpy(sock_dir, "/tmp/armvisor-vcon-XXXXXX");
	ck_assert(mkdtemp(sock_dir));
	snprintf(sock_path, sizeof(sock_path), "%s/s", sock_dir);
	snprintf(spec, sizeof(spec), "socket,id=s,path=%s,server=on,wait=off", sock_path);
	ck_assert_int_eq(chardev_parse(spec, &o, &err), 0);
	ck_assert_msg(chardev_open_opts(&o, &sock_chr, &err) == 0, "%s", err.msg);
	vrig_init_ram(&rig);
	vrig_host(&rig, &host);
	con = virtio_console_create(&host, sock_chr, &err);
	ck_assert_msg(con, "%s", err.msg);
	rig.vdev = virtio_console_dev(con);
}

static void sock_teardown(void)
{
	virtio_console_destroy(con);
	chardev_close(sock_chr);
	vrig_fini_ram(&rig);
	rmdir(sock_dir);
}

static int sock_client(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	strcpy(sun.sun_path, sock_path);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	return fd;
}

/*
 * The main loop's part: serve the console while its fd is readable,
 * waiting up to wait_ms for the first event. Fails on a busy loop (the fd
 * never quiets down).
 */
static void pump(int wait_ms)
{
	struct pollfd p = { .fd = virtio_console_in_fd(con), .events = POLLIN };
	int rounds = 0;

	while (poll(&p, 1, rounds ? 0 : wait_ms) == 1) {
		ck_assert_int_lt(++rounds, PUMP_MAX);
		virtio_console_input(con);
	}
}

/* What the client reads within SOCK_WAIT_MS ("" when nothing came). */
static void client_read(int fd, char *buf, size_t room)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n = 0;

	if (poll(&p, 1, SOCK_WAIT_MS) == 1)
		n = read(fd, buf, room - 1);
	buf[n > 0 ? n : 0] = '\0';
}

static void rx_post(uint16_t i)
{
	vrig_desc(&rig, RXQ, i, vrig_buf(2 + i), 64, VIRTQ_DESC_F_WRITE, 0);
	vrig_kick(&rig, RXQ, i);
}

static void rx_expect(uint16_t i, const char *want)
{
	uint32_t id, len;

	ck_assert_uint_eq(vrig_used_idx(&rig, RXQ), i + 1);
	vrig_used_elem(&rig, RXQ, i, &id, &len);
	ck_assert_uint_eq(len, strlen(want));
	ck_assert_mem_eq(vrig_ptr(&rig, vrig_buf(2 + i)), want, len);
}

/*
 * Input waits for guest buffers; meanwhile the client leaves and another
 * connects. The hangup must be seen and the new client served (its
 * output, then its input) without the guest posting a buffer first, as a
 * QEMU server=on chardev does; and the waiting input must not make the
 * loop spin.
 */
START_TEST(socket_client_changes_while_input_waits)
{
	char got[16];
	int c1, c2;

	vrig_start(&rig, F_V1, 2, NUM);
	c1 = sock_client();
	pump(SOCK_WAIT_MS);
	ck_assert_int_eq(write(c1, "abc", 3), 3);
	pump(SOCK_WAIT_MS);			/* "abc" waits: no buffer */
	ck_assert_uint_eq(vrig_used_idx(&rig, RXQ), 0);
	close(c1);
	c2 = sock_client();
	pump(SOCK_WAIT_MS);
	chardev_write(sock_chr, (const uint8_t *)"out", 3);
	client_read(c2, got, sizeof(got));
	ck_assert_str_eq(got, "out");
	/* c2 types while "abc" still waits: held in the kernel, no spinning. */
	ck_assert_int_eq(write(c2, "xyz", 3), 3);
	pump(100);
	ck_assert_uint_eq(vrig_used_idx(&rig, RXQ), 0);
	rx_post(0);
	rx_expect(0, "abc");
	pump(SOCK_WAIT_MS);
	rx_post(1);
	rx_expect(1, "xyz");
	close(c2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("virtio_console");
	TCase *tc = tcase_create("port0"), *ts;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, identity);
	tcase_add_test(tc, output);
	tcase_add_test(tc, input_waits_for_buffer);
	tcase_add_test(tc, input_eof);
	tcase_add_test(tc, rx_readonly_buffer);
	suite_add_tcase(s, tc);
	ts = tcase_create("socket");
	tcase_add_checked_fixture(ts, sock_setup, sock_teardown);
	tcase_add_test(ts, socket_client_changes_while_input_waits);
	suite_add_tcase(s, ts);
	return check_run(s);
}
