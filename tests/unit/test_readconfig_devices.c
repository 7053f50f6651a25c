// SPDX-License-Identifier: GPL-2.0
/*
 * -readconfig's device groups ([drive], [device], [netdev], [nic],
 * [chardev]): a file gives the machine the same typed options as the
 * equivalent command line, in command-line order, and every broken group
 * stops start-up with file:line, the group's header and the reason.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_run.h"
#include "cli_test.h"
#include "config.h"
#include "console.h"
#include "net.h"

#define DATA "tests/data/cli/"
#define PARSE(...) cli_test_parse(&cfg, &err, __VA_ARGS__, (char *)NULL)

static struct vm_config cfg, cli;
static struct av_err err;
static char path[64];

static void setup(void)
{
	snprintf(path, sizeof(path), "/tmp/test-rc-devices-%d.cfg", (int)getpid());
	config_init(&cfg);
	config_init(&cli);
}

static void teardown(void)
{
	config_free(&cfg);
	config_free(&cli);
	unlink(path);
}

static void write_cfg(const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

/* Two strings that are both NULL or equal. */
static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void same_drives(const struct vm_config *a, const struct vm_config *b)
{
	ck_assert_uint_eq(a->ndrives, b->ndrives);
	for (unsigned int i = 0; i < a->ndrives; i++) {
		const struct config_drive *x = &a->drives[i], *y = &b->drives[i];

		ck_assert(same_str(x->id, y->id) && same_str(x->file, y->file) &&
			  same_str(x->serial, y->serial));
		ck_assert(x->is_virtio == y->is_virtio && x->readonly == y->readonly &&
			  x->direct == y->direct && x->probe == y->probe);
	}
}

static void same_devices(const struct vm_config *a, const struct vm_config *b)
{
	ck_assert_uint_eq(a->ndevices, b->ndevices);
	for (unsigned int i = 0; i < a->ndevices; i++) {
		const struct config_device *x = &a->devices[i], *y = &b->devices[i];

		ck_assert_int_eq(x->model, y->model);
		ck_assert(same_str(x->id, y->id) && same_str(x->drive, y->drive) &&
			  same_str(x->serial, y->serial));
		ck_assert_mem_eq(&x->nic, &y->nic, sizeof(x->nic));
		ck_assert_str_eq(x->chardev, y->chardev);
	}
}

/* The file of the issue against the options it stands for. */
START_TEST(file_equals_command_line)
{
	char *argv[] = {
		"-drive", "file=disk.img,if=none,format=raw,id=disk0",
		"-device", "virtio-blk-device,drive=disk0",
		"-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:5555-:22",
		"-device", "virtio-net-device,netdev=n0",
		"-chardev", "file,id=c0,path=out.txt",
		"-device", "virtio-serial-device,id=vs",
		"-device", "virtconsole,chardev=c0",
	};
	if (!net_have_slirp())
		return;		/* -netdev user is refused without libslirp */
	ck_assert_int_eq(config_parse_args(&cli, 14, argv, &err), 0);
	ck_assert_msg(PARSE("-readconfig", DATA "devices.cfg") == 0, "%s", err.msg);
	same_drives(&cfg, &cli);
	same_devices(&cfg, &cli);
	ck_assert_uint_eq(cfg.nnetdevs, 1);
	ck_assert_mem_eq(&cfg.netdevs[0].opts, &cli.netdevs[0].opts,
			 sizeof(cfg.netdevs[0].opts));
	ck_assert_uint_eq(cfg.netdevs[0].opts.nfwd, 1);
	ck_assert_uint_eq(cfg.nchardevs, 1);
	ck_assert_mem_eq(&cfg.chardevs[0].opts, &cli.chardevs[0].opts,
			 sizeof(cfg.chardevs[0].opts));
	ck_assert_str_eq(cfg.chardevs[0].opts.path, "out.txt");
}
END_TEST

/* Each option remembers its group's header line; argv's remember none. */
START_TEST(strings_know_their_line)
{
	ck_assert_msg(PARSE("-device", "virtio-rng-device",
			    "-readconfig", DATA "devices.cfg") == 0, "%s", err.msg);
	ck_assert_ptr_null(cfg.devices[0].origin.where);
	ck_assert_str_eq(cfg.devices[0].origin.text, "virtio-rng-device");
	ck_assert_str_eq(cfg.drives[0].origin.where, DATA "devices.cfg:8");
	ck_assert_str_eq(cfg.devices[1].origin.where, DATA "devices.cfg:13");
	ck_assert_str_eq(cfg.devices[1].origin.option, "-device");
	ck_assert_str_eq(cfg.devices[4].origin.where, DATA "devices.cfg:32");
	ck_assert_str_eq(cfg.chardevs[0].origin.where, DATA "devices.cfg:25");
}
END_TEST

/* Options and files interleave in command-line order (QEMU's vl.c). */
START_TEST(command_line_order)
{
	write_cfg("[drive \"mid\"]\n  file = \"b.img\"\n"
		  "[device]\n  driver = \"virtio-rng-device\"\n  id = \"rng1\"\n");
	ck_assert_msg(PARSE("-drive", "file=a.img,id=first",
			    "-device", "virtio-rng-device,id=rng0",
			    "-readconfig", path,
			    "-drive", "file=c.img,id=last",
			    "-device", "virtio-rng-device,id=rng2") == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg.ndrives, 3);
	ck_assert_uint_eq(cfg.ndevices, 3);
	for (unsigned int i = 0; i < 3; i++) {
		static const char *const drive_ids[] = { "first", "mid", "last" };
		static const char *const dev_ids[] = { "rng0", "rng1", "rng2" };

		ck_assert_str_eq(cfg.drives[i].id, drive_ids[i]);
		ck_assert_str_eq(cfg.devices[i].id, dev_ids[i]);
		ck_assert_int_eq(cfg.devices[i].model, DEVICE_VIRTIO_RNG);
	}
}
END_TEST

/* Values are taken literally: a comma stays a comma, "" stays empty. */
START_TEST(values_are_literal)
{
	write_cfg("[drive]\n  file = \"a,b=c.img\"\n  serial = \"\"\n");
	ck_assert_msg(PARSE("-readconfig", path) == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg.ndrives, 1);
	ck_assert_str_eq(cfg.drives[0].file, "a,b=c.img");
	ck_assert_str_eq(cfg.drives[0].serial, "");
	ck_assert_ptr_null(cfg.drives[0].id);	/* no id, as -drive may */
}
END_TEST

/*
 * A repeated key does what it does on the command line: the last value
 * wins, also over the header's id; hostfwd adds a rule each time.
 */
START_TEST(repeated_keys)
{
	const struct chardev_opts *c;
	const struct netdev_opts *n;

	write_cfg("[chardev \"c0\"]\n  backend = \"file\"\n  path = \"a\"\n"
		  "  path = \"b\"\n  id = \"c1\"\n");
	ck_assert_msg(PARSE("-readconfig", path) == 0, "%s", err.msg);
	c = &cfg.chardevs[0].opts;
	ck_assert_str_eq(c->path, "b");
	ck_assert_str_eq(c->id, "c1");
	config_free(&cfg);
	if (!net_have_slirp())
		return;
	write_cfg("[netdev \"n0\"]\n  type = \"user\"\n"
		  "  hostfwd = \"tcp::5555-:22\"\n  hostfwd = \"udp::5556-:53\"\n");
	ck_assert_msg(PARSE("-readconfig", path) == 0, "%s", err.msg);
	n = &cfg.netdevs[0].opts;
	ck_assert_uint_eq(n->nfwd, 2);
	ck_assert(n->fwd[1].udp);
}
END_TEST

/* A -device on the command line may name a file's chardev, and back. */
START_TEST(ids_cross_sources)
{
	write_cfg("[chardev \"c0\"]\n  backend = \"null\"\n");
	ck_assert_msg(PARSE("-chardev", "null,id=c1", "-readconfig", path,
			    "-device", "virtio-serial-device") == 0, "%s", err.msg);
	config_free(&cfg);
	/* One id space: the file's chardev clashes with the option's. */
	ck_assert_int_eq(PARSE("-chardev", "null,id=c0", "-readconfig", path), -EEXIST);
	ck_assert_str_eq(strstr(err.msg, ":1: "),
			 ":1: '[chardev \"c0\"]': Duplicate ID 'c0' for chardev");
}
END_TEST

struct bad_group {
	const char *text;
	const char *msg;		/* after "PATH:" */
	bool user_net;			/* needs -netdev user (libslirp) */
};

static const struct bad_group bad_groups[] = {
	{ "[device]\n  drive = \"disk0\"\n",
	  "1: '[device]': Parameter 'driver' is missing", false },
	{ "[netdev \"n0\"]\n  ifname = \"tap0\"\n",
	  "1: '[netdev \"n0\"]': Parameter 'type' is missing", false },
	{ "[chardev \"c0\"]\n  path = \"out.txt\"\n",
	  "1: '[chardev \"c0\"]': Parameter 'backend' is missing", false },
	{ "[nic]\n  model = \"virtio\"\n", "1: '[nic]': Parameter 'type' is missing", false },
	{ "# tap\n\n[netdev \"n0\"]\n  type = \"tap\"\n  ifname = \"tap0\"\n  vhost = \"on\"\n",
	  "3: '[netdev \"n0\"]': Invalid parameter 'vhost' for -netdev tap", false },
	{ "[netdev \"n0\"]\n  type = \"user\"\n  hostfwdd = \"tcp::1-:2\"\n",
	  "1: '[netdev \"n0\"]': Invalid parameter 'hostfwdd' for -netdev user", true },
	{ "[netdev \"n0\"]\n  type = \"user\"\n  hostfwd = \"tcp:127.0.0.1:5555:22\"\n",
	  "1: '[netdev \"n0\"]': invalid host forwarding rule 'tcp:127.0.0.1:5555:22' "
	  "(expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT)", true },
	{ "[netdev \"n0\"]\n  type = \"socket\"\n",
	  "1: '[netdev \"n0\"]': Parameter 'type' expects a netdev backend type "
	  "(user, tap), not 'socket'", false },
	{ "[netdev]\n  type = \"tap\"\n  ifname = \"tap0\"\n",
	  "1: '[netdev]': Parameter 'id' is missing", false },
	{ "[chardev \"c0\"]\n  backend = \"file\"\n  paht = \"out.txt\"\n",
	  "1: '[chardev \"c0\"]': Invalid parameter 'paht' for this chardev", false },
	{ "[chardev \"c0\"]\n  backend = \"file\"\n",
	  "1: '[chardev \"c0\"]': chardev: file: no file name given (path=)", false },
	{ "[chardev]\n  backend = \"null\"\n", "1: '[chardev]': chardev: no id specified", false },
	{ "[chardev \"c0\"]\n  backend = \"socket\"\n  port = \"0\"\n",
	  "1: '[chardev \"c0\"]': Parameter 'port' expects a port number (1-65535), not '0'", false },
	{ "[chardev \"c0\"]\n  backend = \"vc\"\n",
	  "1: '[chardev \"c0\"]': 'vc' is not a valid char driver name "
	  "(null, stdio, file, socket, pty, testdev)", false },
	{ "[device]\n  driver = \"virtio-net-device\"\n  netdev = \"n0\"\n  mac2 = \"x\"\n",
	  "1: '[device]': Property 'virtio-net-device.mac2' not found", false },
	{ "[device]\n  driver = \"virtconsole\"\n",
	  "1: '[device]': virtconsole needs chardev=ID (a -chardev's id)", false },
	{ "[device \"1vs\"]\n  driver = \"virtio-serial-device\"\n",
	  "1: '[device \"1vs\"]': Parameter 'id' expects an identifier "
	  "(a letter, then letters, digits, '-', '.', '_')", false },
	{ "[drive \"disk 0\"]\n  file = \"a.img\"\n",
	  "1: '[drive \"disk 0\"]': Parameter 'id' expects an identifier "
	  "(a letter, then letters, digits, '-', '.', '_')", false },
	{ "[chardev \"c/0\"]\n  backend = \"null\"\n",
	  "1: '[chardev \"c/0\"]': Parameter 'id' expects an identifier "
	  "(a letter, then letters, digits, '-', '.', '_')", false },
	{ "[device \"vs\"]\n  driver = \"virtio-serial-device\"\n"
	  "[device \"vs\"]\n  driver = \"virtio-rng-device\"\n",
	  "3: '[device \"vs\"]': Duplicate ID 'vs' for device", false },
	{ "[netdev \"n0\"]\n  type = \"tap\"\n  ifname = \"tap0\"\n"
	  "[netdev \"n0\"]\n  type = \"tap\"\n  ifname = \"tap1\"\n",
	  "4: '[netdev \"n0\"]': Duplicate ID 'n0' for netdev", false },
	{ "[nic]\n  type = \"user\"\n  model = \"e1000\"\n",
	  "1: '[nic]': NIC model 'e1000' is not emulated (armvisor's NICs: virtio-net-device, virtio-net-pci)", true },
	{ "[drive \"d0\"]\n  file = \"a.img\"\n  size = 4G\n",
	  "3: 'size = 4G': expected a value in double quotes", false },
	{ "[drives]\n  file = \"a.img\"\n", "1: there is no option group 'drives'", false },
	/* Found when the group is read, no longer when the machine is built. */
	{ "[drive \"disk0\"]\n  file = \"a.img\"\n  discard = \"unmap\"\n",
	  "1: '[drive \"disk0\"]': unknown property 'discard'", false },
	{ "[device]\n  driver = \"virtio-gpu-device\"\n",
	  "1: '[device]': 'virtio-gpu-device' is not a valid device model name", false },
	{ "[drive]\n  file = \"a.img\"\n  readonly = \"maybe\"\n",
	  "1: '[drive]': Parameter 'readonly' expects 'on' or 'off'", false },
};

START_TEST(broken_groups)
{
	const struct bad_group *b = &bad_groups[_i];
	char want[AV_ERR_MSG_MAX];

	if (b->user_net && !net_have_slirp())
		return;
	write_cfg(b->text);
	snprintf(want, sizeof(want), "%s:%s", path, b->msg);
	ck_assert_int_lt(PARSE("-readconfig", path), 0);
	ck_assert_str_eq(err.msg, want);
}
END_TEST

static Suite *readconfig_devices_suite(void)
{
	Suite *s = suite_create("readconfig_devices");
	TCase *tc = tcase_create("groups");
	TCase *bad = tcase_create("errors");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, file_equals_command_line);
	tcase_add_test(tc, strings_know_their_line);
	tcase_add_test(tc, command_line_order);
	tcase_add_test(tc, values_are_literal);
	tcase_add_test(tc, repeated_keys);
	tcase_add_test(tc, ids_cross_sources);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(bad, setup, teardown);
	tcase_add_loop_test(bad, broken_groups, 0,
			    sizeof(bad_groups) / sizeof(bad_groups[0]));
	suite_add_tcase(s, bad);
	return s;
}

int main(void)
{
	return check_run(readconfig_devices_suite());
}
