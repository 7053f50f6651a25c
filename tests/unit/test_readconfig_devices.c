// SPDX-License-Identifier: GPL-2.0
/*
 * -readconfig's device groups ([drive], [device], [netdev], [nic],
 * [chardev]): a file gives the machine what the equivalent options give
 * it, in command-line order, and every broken group stops start-up with
 * file:line, the group's header and the reason.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_test.h"
#include "config.h"
#include "console.h"
#include "net.h"
#include "../../cli/opts.h"

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

static const char *last_value(const struct keyval_list *kv, const char *key)
{
	const char *v = NULL;

	for (unsigned int i = 0; i < kv->count; i++)
		if (!strcmp(kv->items[i].key, key))
			v = kv->items[i].value;
	return v;
}

/* Every key of a has the same (last) value in b. */
static void keys_match(const struct keyval_list *a, const struct keyval_list *b,
		       const char *sa, const char *sb)
{
	for (unsigned int i = 0; i < a->count; i++) {
		const char *v = last_value(b, a->items[i].key);

		ck_assert_msg(v && !strcmp(v, last_value(a, a->items[i].key)),
			      "'%s' and '%s' differ in %s", sa, sb, a->items[i].key);
	}
}

/* Two QemuOpts strings that set the same keys to the same values. */
static void same_opts(const char *a, const char *b, const char *implied)
{
	struct keyval_list ka, kb;

	ck_assert_int_eq(qemuopts_parse(a, implied, &ka, NULL), 0);
	ck_assert_int_eq(qemuopts_parse(b, implied, &kb, NULL), 0);
	keys_match(&ka, &kb, a, b);
	keys_match(&kb, &ka, b, a);
	keyval_free(&ka);
	keyval_free(&kb);
}

static void same_list(const struct config_strlist *a,
		      const struct config_strlist *b, const char *implied)
{
	ck_assert_uint_eq(a->count, b->count);
	for (unsigned int i = 0; i < a->count; i++)
		same_opts(a->items[i], b->items[i], implied);
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
	struct netdev_opts n1, n2;
	struct chardev_opts c1, c2;

	if (!net_have_slirp())
		return;		/* -netdev user is refused without libslirp */
	ck_assert_int_eq(config_parse_args(&cli, 14, argv, &err), 0);
	ck_assert_msg(PARSE("-readconfig", DATA "devices.cfg") == 0, "%s", err.msg);
	same_list(&cfg.drives, &cli.drives, NULL);
	same_list(&cfg.devices, &cli.devices, "driver");
	ck_assert_uint_eq(cfg.netdevs.count, 1);
	ck_assert_int_eq(netdev_parse(cfg.netdevs.items[0], &n1, NULL), 0);
	ck_assert_int_eq(netdev_parse(cli.netdevs.items[0], &n2, NULL), 0);
	ck_assert_int_eq(memcmp(&n1, &n2, sizeof(n1)), 0);
	ck_assert_uint_eq(n1.nfwd, 1);
	ck_assert_uint_eq(cfg.chardevs.count, 1);
	ck_assert_int_eq(chardev_parse(cfg.chardevs.items[0], &c1, NULL), 0);
	ck_assert_int_eq(chardev_parse(cli.chardevs.items[0], &c2, NULL), 0);
	ck_assert_int_eq(memcmp(&c1, &c2, sizeof(c1)), 0);
	ck_assert_str_eq(c1.path, "out.txt");
}
END_TEST

/* Each string remembers its group's header line; argv's remember none. */
START_TEST(strings_know_their_line)
{
	ck_assert_msg(PARSE("-device", "virtio-rng-device",
			    "-readconfig", DATA "devices.cfg") == 0, "%s", err.msg);
	ck_assert_ptr_null(config_strlist_origin(&cfg.devices, 0));
	ck_assert_str_eq(config_strlist_origin(&cfg.drives, 0), DATA "devices.cfg:8");
	ck_assert_str_eq(config_strlist_origin(&cfg.devices, 1), DATA "devices.cfg:13");
	ck_assert_str_eq(config_strlist_origin(&cfg.devices, 4), DATA "devices.cfg:32");
	ck_assert_str_eq(config_strlist_origin(&cfg.chardevs, 0), DATA "devices.cfg:25");
}
END_TEST

/* Options and files interleave in command-line order (QEMU's vl.c). */
START_TEST(command_line_order)
{
	struct keyval_list kv;

	write_cfg("[drive \"mid\"]\n  file = \"b.img\"\n"
		  "[device]\n  driver = \"virtio-rng-device\"\n  id = \"rng1\"\n");
	ck_assert_msg(PARSE("-drive", "file=a.img,id=first",
			    "-device", "virtio-rng-device,id=rng0",
			    "-readconfig", path,
			    "-drive", "file=c.img,id=last",
			    "-device", "virtio-rng-device,id=rng2") == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg.drives.count, 3);
	ck_assert_uint_eq(cfg.devices.count, 3);
	for (unsigned int i = 0; i < 3; i++) {
		static const char *const drive_ids[] = { "first", "mid", "last" };
		static const char *const dev_ids[] = { "rng0", "rng1", "rng2" };

		ck_assert_int_eq(qemuopts_parse(cfg.drives.items[i], NULL, &kv, NULL), 0);
		ck_assert_str_eq(last_value(&kv, "id"), drive_ids[i]);
		keyval_free(&kv);
		ck_assert_int_eq(qemuopts_parse(cfg.devices.items[i], "driver", &kv, NULL), 0);
		ck_assert_str_eq(last_value(&kv, "id"), dev_ids[i]);
		keyval_free(&kv);
	}
}
END_TEST

/* Values are taken literally: a comma stays a comma, "" stays empty. */
START_TEST(values_are_literal)
{
	struct keyval_list kv;

	write_cfg("[drive]\n  file = \"a,b=c.img\"\n  serial = \"\"\n");
	ck_assert_msg(PARSE("-readconfig", path) == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg.drives.count, 1);
	ck_assert_int_eq(qemuopts_parse(cfg.drives.items[0], NULL, &kv, NULL), 0);
	ck_assert_str_eq(last_value(&kv, "file"), "a,b=c.img");
	ck_assert_str_eq(last_value(&kv, "serial"), "");
	ck_assert_ptr_null(last_value(&kv, "id"));	/* no id, as -drive may */
	keyval_free(&kv);
}
END_TEST

/*
 * A repeated key does what it does on the command line: the last value
 * wins, also over the header's id; hostfwd adds a rule each time.
 */
START_TEST(repeated_keys)
{
	struct chardev_opts c;
	struct netdev_opts n;

	write_cfg("[chardev \"c0\"]\n  backend = \"file\"\n  path = \"a\"\n"
		  "  path = \"b\"\n  id = \"c1\"\n");
	ck_assert_msg(PARSE("-readconfig", path) == 0, "%s", err.msg);
	ck_assert_int_eq(chardev_parse(cfg.chardevs.items[0], &c, NULL), 0);
	ck_assert_str_eq(c.path, "b");
	ck_assert_str_eq(c.id, "c1");
	config_free(&cfg);
	if (!net_have_slirp())
		return;
	write_cfg("[netdev \"n0\"]\n  type = \"user\"\n"
		  "  hostfwd = \"tcp::5555-:22\"\n  hostfwd = \"udp::5556-:53\"\n");
	ck_assert_msg(PARSE("-readconfig", path) == 0, "%s", err.msg);
	ck_assert_int_eq(netdev_parse(cfg.netdevs.items[0], &n, NULL), 0);
	ck_assert_uint_eq(n.nfwd, 2);
	ck_assert(n.fwd[1].udp);
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
	{ "[chardev \"c0\"]\n  backend = \"pty\"\n",
	  "1: '[chardev \"c0\"]': 'pty' is not a valid char driver name "
	  "(null, stdio, file, socket)", false },
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
	  "1: '[nic]': unsupported NIC model 'e1000' (armvisor has virtio-net-device)", true },
	{ "[drive \"d0\"]\n  file = \"a.img\"\n  size = 4G\n",
	  "3: 'size = 4G': expected a value in double quotes", false },
	{ "[drives]\n  file = \"a.img\"\n", "1: there is no option group 'drives'", false },
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
	SRunner *sr = srunner_create(readconfig_devices_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
