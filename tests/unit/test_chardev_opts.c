// SPDX-License-Identifier: GPL-2.0
/*
 * -chardev strings (QEMU's spelling and defaults) and the socket back end
 * over a unix socket in a temporary directory: a client's bytes come out
 * of chardev_read(), guest output reaches the client, a second client is
 * turned away while one is connected, and a new one is taken after the
 * first leaves. Also the -device virtio-serial-device/virtconsole options.
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "check_run.h"
#include "console.h"

START_TEST(parse_kinds)
{
	struct chardev_opts o;
	struct av_err err = { 0 };

	ck_assert_int_eq(chardev_parse("stdio,id=c0", &o, &err), 0);
	ck_assert_int_eq(o.kind, CHARDEV_STDIO);
	ck_assert_str_eq(o.id, "c0");
	ck_assert_int_eq(chardev_parse("file,id=f,path=/tmp/a,,b", &o, &err), 0);
	ck_assert_int_eq(o.kind, CHARDEV_FILE);
	ck_assert_str_eq(o.path, "/tmp/a,b");
	ck_assert_int_eq(chardev_parse("null,id=n", &o, &err), 0);
	ck_assert_int_eq(o.kind, CHARDEV_NULL);
	ck_assert_int_eq(chardev_parse("pty,id=p", &o, &err), 0);
	ck_assert_int_eq(o.kind, CHARDEV_PTY);
	ck_assert(!o.mux);
	ck_assert_int_eq(chardev_parse("stdio,id=c,mux=on,signal=off", &o, &err), 0);
	ck_assert(o.mux);
}
END_TEST

START_TEST(parse_socket)
{
	struct chardev_opts o;
	struct av_err err = { 0 };

	ck_assert_int_eq(chardev_parse("socket,id=s,host=127.0.0.1,port=4555,server=on,wait=off",
				       &o, &err), 0);
	ck_assert_int_eq(o.kind, CHARDEV_SOCKET);
	ck_assert_str_eq(o.host, "127.0.0.1");
	ck_assert_uint_eq(o.port, 4555);
	ck_assert(o.server);
	ck_assert(!o.wait);
	/* QEMU: a server waits for its first client unless told otherwise. */
	ck_assert_int_eq(chardev_parse("socket,id=s,port=4555,server=on", &o, &err), 0);
	ck_assert(o.wait);
	ck_assert_int_eq(chardev_parse("socket,id=s,path=/tmp/x.sock", &o, &err), 0);
	ck_assert(!o.server);
	ck_assert_str_eq(o.path, "/tmp/x.sock");
}
END_TEST

static const struct {
	const char *spec, *msg;
} bad[] = {
	{ "stdio", "no id" },
	{ "vc,id=p", "not a valid char driver" },
	{ "pty,id=p,path=/tmp/x", "Invalid parameter 'path'" },
	{ "file,id=f", "path=" },
	{ "socket,id=s", "port=" },
	{ "socket,id=s,port=0", "port number" },
	{ "socket,id=s,port=65536", "port number" },
	{ "socket,id=s,port=80x", "port number" },
	{ "socket,id=s,port=1,path=/x", "cannot be combined" },
	{ "socket,id=s,port=1,wait=off", "only applies with server=on" },
	{ "socket,id=s,port=1,server=maybe", "'on' or 'off'" },
	{ "socket,id=s,port=1,telnet=on", "telnet" },
	{ "stdio,id=s,mux=maybe", "mux" },
	{ "stdio,id=s,path=x", "Invalid parameter 'path'" },
	{ "id=x", "must come first" },
};

START_TEST(parse_bad)
{
	struct chardev_opts o;
	struct av_err err = { 0 };

	ck_assert_int_lt(chardev_parse(bad[_i].spec, &o, &err), 0);
	ck_assert_msg(strstr(err.msg, bad[_i].msg), "%s: '%s'", bad[_i].spec,
		      err.msg);
}
END_TEST

START_TEST(console_devices)
{
	struct config_device d;
	struct av_err err = { 0 };

	ck_assert_int_eq(config_parse_device("virtconsole,chardev=c0,id=con0", &d, &err), 0);
	ck_assert_int_eq(d.model, DEVICE_VIRTCONSOLE);
	ck_assert_str_eq(d.chardev, "c0");
	config_device_free(&d);
	ck_assert_int_eq(config_parse_device("virtio-serial-device", &d, &err), 0);
	ck_assert_int_eq(d.model, DEVICE_VIRTIO_SERIAL);
	config_device_free(&d);
	ck_assert_int_lt(config_parse_device("virtconsole", &d, &err), 0);
	ck_assert(strstr(err.msg, "chardev=ID"));
	ck_assert_int_lt(config_parse_device("virtconsole,chardev=c,nr=1", &d, &err), 0);
	ck_assert_int_lt(config_parse_device("virtio-serial-device,max_ports=4", &d, &err), 0);
	ck_assert(strstr(err.msg, "virtio-serial-device.max_ports"));
}
END_TEST

static char sock_dir[64];
static char sock_path[128];

static void sock_setup(void)
{
	strcpy(sock_dir, "/tmp/armvisor-chr-XXXXXX");
	ck_assert(mkdtemp(sock_dir));
	snprintf(sock_path, sizeof(sock_path), "%s/s", sock_dir);
}

static void sock_teardown(void)
{
	unlink(sock_path);
	rmdir(sock_dir);
}

static int client_connect(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	strcpy(sun.sun_path, sock_path);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	return fd;
}

/* Wait (bounded, for a hang) until the loop would see the chardev readable. */
static void wait_readable(struct chardev *chr)
{
	struct pollfd p = { .fd = chr->in_fd, .events = POLLIN };

	ck_assert_int_eq(poll(&p, 1, 10000), 1);
}

static struct chardev *open_server(void)
{
	char spec[200];
	struct chardev_opts o;
	struct av_err err = { 0 };
	struct chardev *chr;

	snprintf(spec, sizeof(spec), "socket,id=s,path=%s,server=on,wait=off", sock_path);
	ck_assert_int_eq(chardev_parse(spec, &o, &err), 0);
	ck_assert_msg(chardev_open_opts(&o, &chr, &err) == 0, "%s", err.msg);
	return chr;
}

START_TEST(socket_server)
{
	struct chardev *chr = open_server();
	uint8_t buf[16];
	char got[16] = { 0 };
	int c1, c2;

	/* No client: output is dropped, nothing to read. */
	chardev_write(chr, (const uint8_t *)"lost", 4);
	c1 = client_connect();
	wait_readable(chr);
	ck_assert_int_eq(chardev_read(chr, buf, sizeof(buf)), 0);	/* accepted */
	ck_assert_int_eq(write(c1, "hi\n", 3), 3);
	wait_readable(chr);
	ck_assert_int_eq(chardev_read(chr, buf, sizeof(buf)), 3);
	ck_assert_mem_eq(buf, "hi\n", 3);
	chardev_write(chr, (const uint8_t *)"out", 3);
	ck_assert_int_eq(read(c1, got, sizeof(got)), 3);
	ck_assert_str_eq(got, "out");
	/* A second client is turned away while the first is connected. */
	c2 = client_connect();
	wait_readable(chr);
	ck_assert_int_eq(chardev_read(chr, buf, sizeof(buf)), 0);
	ck_assert_int_eq(read(c2, got, sizeof(got)), 0);
	close(c2);
	/* The first leaves: the next one is taken. */
	close(c1);
	wait_readable(chr);
	ck_assert_int_eq(chardev_read(chr, buf, sizeof(buf)), 0);
	c2 = client_connect();
	wait_readable(chr);
	chardev_read(chr, buf, sizeof(buf));
	ck_assert_int_eq(write(c2, "x", 1), 1);
	wait_readable(chr);
	ck_assert_int_eq(chardev_read(chr, buf, sizeof(buf)), 1);
	close(c2);
	chardev_close(chr);
}
END_TEST

/*
 * Paused (the console waits for guest buffers): input does not make in_fd
 * readable, a hangup does, and the next client is taken and served.
 */
START_TEST(socket_server_paused)
{
	struct chardev *chr = open_server();
	struct pollfd p = { .fd = chr->in_fd, .events = POLLIN };
	uint8_t buf[16];
	char got[16] = { 0 };
	int c1, c2;

	c1 = client_connect();
	wait_readable(chr);
	ck_assert_int_eq(chardev_read(chr, buf, sizeof(buf)), 0);	/* accepted */
	ck_assert(chardev_pause_input(chr, true));
	ck_assert_int_eq(write(c1, "hi", 2), 2);
	ck_assert_int_eq(poll(&p, 1, 100), 0);
	close(c1);
	wait_readable(chr);
	ck_assert_int_eq(chardev_read(chr, buf, 0), 0);		/* c1 closed */
	ck_assert_int_eq(poll(&p, 1, 0), 0);
	c2 = client_connect();
	wait_readable(chr);
	ck_assert_int_eq(chardev_read(chr, buf, 0), 0);		/* c2 accepted */
	chardev_write(chr, (const uint8_t *)"out", 3);
	ck_assert_int_eq(read(c2, got, sizeof(got)), 3);
	ck_assert_str_eq(got, "out");
	ck_assert_int_eq(write(c2, "x", 1), 1);
	ck_assert_int_eq(poll(&p, 1, 100), 0);
	chardev_pause_input(chr, false);
	wait_readable(chr);
	ck_assert_int_eq(chardev_read(chr, buf, sizeof(buf)), 1);
	ck_assert_int_eq(buf[0], 'x');
	close(c2);
	chardev_close(chr);
}
END_TEST

START_TEST(socket_client_refused)
{
	char spec[200];
	struct chardev_opts o;
	struct av_err err = { 0 };
	struct chardev *chr;

	snprintf(spec, sizeof(spec), "socket,id=s,path=%s", sock_path);
	ck_assert_int_eq(chardev_parse(spec, &o, &err), 0);
	ck_assert_int_lt(chardev_open_opts(&o, &chr, &err), 0);
	ck_assert_msg(strstr(err.msg, "cannot connect to"), "%s", err.msg);
}
END_TEST

/* A client whose server goes away sees the end of input. */
START_TEST(socket_client_eof)
{
	struct chardev *srv = open_server(), *cli;
	char spec[200];
	struct chardev_opts o;
	struct av_err err = { 0 };
	uint8_t buf[8];

	snprintf(spec, sizeof(spec), "socket,id=c,path=%s", sock_path);
	ck_assert_int_eq(chardev_parse(spec, &o, &err), 0);
	ck_assert_msg(chardev_open_opts(&o, &cli, &err) == 0, "%s", err.msg);
	wait_readable(srv);
	chardev_read(srv, buf, sizeof(buf));
	chardev_close(srv);
	wait_readable(cli);
	ck_assert_int_eq(chardev_read(cli, buf, sizeof(buf)), -EPIPE);
	chardev_close(cli);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("chardev_opts");
	TCase *tc = tcase_create("parse");
	TCase *ts = tcase_create("socket");

	tcase_add_test(tc, parse_kinds);
	tcase_add_test(tc, parse_socket);
	tcase_add_loop_test(tc, parse_bad, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, console_devices);
	tcase_add_checked_fixture(ts, sock_setup, sock_teardown);
	tcase_add_test(ts, socket_server);
	tcase_add_test(ts, socket_server_paused);
	tcase_add_test(ts, socket_client_refused);
	tcase_add_test(ts, socket_client_eof);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, ts);
	return check_run(s);
}
