// SPDX-License-Identifier: GPL-2.0
/*
 * The command line as a user types it: every option, QEMU's size and
 * -smp arithmetic, command-line order with -readconfig, and the message
 * each mistake gets (what main.c prints after "armvisor: ").
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "board.h"
#include "check_run.h"
#include "cli_test.h"
#include "config.h"

#define PARSE(...) cli_test_parse(&cfg, &err, __VA_ARGS__, (char *)NULL)
#define CHECK(...) cli_test_check(&cfg, &err, __VA_ARGS__, (char *)NULL)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static struct vm_config cfg;
static struct av_err err;

static void teardown(void)
{
	config_free(&cfg);
}

/* ---- sizes (util/cutils.c rules, -m's MiB default) ---- */

static uint64_t size_ok(const char *s, uint64_t unit)
{
	uint64_t v = 0xdeadbeef;
	int ret = config_parse_size(s, unit, &v);

	ck_assert_msg(ret == 0, "'%s' rejected (%d)", s, ret);
	return v;
}

static void size_bad(const char *s, uint64_t unit, int want)
{
	uint64_t v = 0xdeadbeef;
	int ret = config_parse_size(s, unit, &v);

	ck_assert_msg(ret == want, "'%s': got %d, want %d", s, ret, want);
	ck_assert_uint_eq(v, 0xdeadbeef);
}

START_TEST(size_suffixes)
{
	ck_assert_uint_eq(size_ok("512", MiB), 512 * MiB);
	ck_assert_uint_eq(size_ok("1536", 1), 1536);
	ck_assert_uint_eq(size_ok("4096B", MiB), 4096);
	ck_assert_uint_eq(size_ok("4096b", MiB), 4096);
	ck_assert_uint_eq(size_ok("100k", MiB), 100 * 1024);
	ck_assert_uint_eq(size_ok("100K", MiB), 100 * 1024);
	ck_assert_uint_eq(size_ok("3m", 1), 3 * MiB);
	ck_assert_uint_eq(size_ok("4G", MiB), 4 * GiB);
	ck_assert_uint_eq(size_ok("4g", MiB), 4 * GiB);
	ck_assert_uint_eq(size_ok("2T", MiB), 2ULL << 40);
	ck_assert_uint_eq(size_ok("3P", MiB), 3ULL << 50);
	ck_assert_uint_eq(size_ok("15E", MiB), 15ULL << 60);
	ck_assert_uint_eq(size_ok("1e", MiB), 1ULL << 60);
}
END_TEST

START_TEST(size_forms)
{
	ck_assert_uint_eq(size_ok("010", MiB), 10 * MiB);	/* never octal */
	ck_assert_uint_eq(size_ok("0x10", MiB), 16 * MiB);
	ck_assert_uint_eq(size_ok("0x1E", 1), 0x1e);		/* E is a digit */
	ck_assert_uint_eq(size_ok(" 4G", MiB), 4 * GiB);
	ck_assert_uint_eq(size_ok("+4G", MiB), 4 * GiB);
	ck_assert_uint_eq(size_ok("0", MiB), 0);
	ck_assert_uint_eq(size_ok("1.0", MiB), MiB);		/* zero fraction */
	ck_assert_uint_eq(size_ok("18446744073709551615", 1), UINT64_MAX);
}
END_TEST

START_TEST(size_fractions)
{
	ck_assert_uint_eq(size_ok("1.5G", MiB), 3 * GiB / 2);
	ck_assert_uint_eq(size_ok("5.G", MiB), 5 * GiB);
	ck_assert_uint_eq(size_ok("1.5k", MiB), 1536);
	ck_assert_uint_eq(size_ok("0.5M", 1), 512 * 1024);
	ck_assert_uint_eq(size_ok("0.0000001K", MiB), 0);	/* truncated */
	ck_assert_uint_eq(size_ok("1.1K", 1), 1126);		/* 1126.4 */
	ck_assert_uint_eq(size_ok("12.345M", 1), 12944670);	/* 12944670.72 */
	ck_assert_uint_eq(size_ok("15.5E", 1), (15ULL << 60) + (1ULL << 59));
}
END_TEST

START_TEST(size_garbage)
{
	const char *bad[] = {
		"4Q", "", " ", "-1", "-0", "abc", "G", ".5G", "4G ", "4 G",
		"4GB", "4Gi", "1e3", "0x", "0x1.8G", "1.5", "1.5B", "1,5G",
		"4KK", "0.5", "1.5e3G",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		size_bad(bad[i], MiB, -EINVAL);
}
END_TEST

START_TEST(size_overflow)
{
	size_bad("16E", MiB, -ERANGE);
	size_bad("16384P", MiB, -ERANGE);
	size_bad("17179869184G", MiB, -ERANGE);
	size_bad("18446744073709551616", 1, -ERANGE);
	size_bad("99999999999999999999999", 1, -ERANGE);
	size_bad("17592186044416", MiB, -ERANGE);	/* 2^44 MiB */
	/* Just below 2^64: the fraction must not tip it over. */
	ck_assert_uint_gt(size_ok("15.99999999999999999999E", 1), 15ULL << 60);
}
END_TEST

/* ---- -m ---- */

START_TEST(memory_option)
{
	ck_assert_int_eq(PARSE("-kernel", "k"), 0);
	ck_assert_uint_eq(cfg.ram_size, 128 * MiB);		/* QEMU's default */
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-m", "4G"), 0);
	ck_assert_uint_eq(cfg.ram_size, 4 * GiB);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-m", "512"), 0);
	ck_assert_uint_eq(cfg.ram_size, 512 * MiB);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-m", "size=2G"), 0);
	ck_assert_uint_eq(cfg.ram_size, 2 * GiB);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("--m", "1.5G"), 0);
	ck_assert_uint_eq(cfg.ram_size, 3 * GiB / 2);
	config_free(&cfg);
	/* Rounded up to 8 KiB as QEMU's parse_memory_options() does. */
	ck_assert_int_eq(PARSE("-m", "1.5k"), 0);
	ck_assert_uint_eq(cfg.ram_size, 8192);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-m", "1G", "-m", "256"), 0);
	ck_assert_uint_eq(cfg.ram_size, 256 * MiB);
}
END_TEST

START_TEST(memory_errors)
{
	ck_assert_int_eq(PARSE("-m", "4Q"), -EINVAL);
	ck_assert_str_eq(err.msg, "-m 4Q: invalid size");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-m", "0"), -EINVAL);
	ck_assert_str_eq(err.msg, "-m 0: RAM size must be greater than zero");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-m", "0.0000001K"), -EINVAL);
	ck_assert_err_has(&err, "greater than zero");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-m", "-1"), -EINVAL);
	ck_assert_str_eq(err.msg, "-m -1: invalid size");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-m", "16E"), -ERANGE);
	ck_assert_str_eq(err.msg, "-m 16E: size out of range");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-m", "17592186044416"), -ERANGE);
	ck_assert_err_has(&err, "out of range");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-m", "size=4G,foo=1"), -EINVAL);
	ck_assert_str_eq(err.msg, "-m size=4G,foo=1: invalid memory parameter 'foo'");
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-m", "256G"), -EINVAL);
	ck_assert_str_eq(err.msg, "-m: 262144 MiB of RAM is more than the virt board holds (261120 MiB)");
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-m", "255G"), 0);
	ck_assert_uint_eq(cfg.ram_size, VIRT_MEM_MAX_SIZE);
}
END_TEST

/* ---- -machine ---- */

START_TEST(machine_option)
{
	ck_assert_int_eq(PARSE("-M", "virt"), 0);
	ck_assert_str_eq(cfg.machine, "virt");
	ck_assert_int_eq(cfg.gic_version, GIC_VERSION_DEFAULT);
	ck_assert_ptr_null(cfg.dumpdtb);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-machine", "type=virt,gic-version=3"), 0);
	ck_assert_int_eq(cfg.gic_version, GIC_VERSION_3);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("--machine", "virt,gic-version=2"), 0);
	ck_assert_int_eq(cfg.gic_version, GIC_VERSION_2);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "virt,gic-version=host"), 0);
	ck_assert_int_eq(cfg.gic_version, GIC_VERSION_HOST);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "virt,gic-version=max"), 0);
	ck_assert_int_eq(cfg.gic_version, GIC_VERSION_MAX);
	config_free(&cfg);
	/* Repeated -M merge, as QEMU's machine opts do. */
	ck_assert_int_eq(PARSE("-M", "virt", "-M", "gic-version=3",
			       "-M", "dumpdtb=a,,b.dtb"), 0);
	ck_assert_int_eq(cfg.gic_version, GIC_VERSION_3);
	ck_assert_str_eq(cfg.dumpdtb, "a,b.dtb");
	config_free(&cfg);
	/* QEMU's defaults for what we do not model are accepted. */
	ck_assert_int_eq(PARSE("-M", "virt,secure=off,virtualization=off,acpi=off"), 0);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "virt,kernel=Image,append=console=ttyAMA0"), 0);
	ck_assert_str_eq(cfg.kernel, "Image");
	ck_assert_str_eq(cfg.append, "console=ttyAMA0");
}
END_TEST

START_TEST(machine_errors)
{
	ck_assert_int_eq(PARSE("-M", "foo"), -EINVAL);
	ck_assert_str_eq(err.msg,
			 "-M foo: unsupported machine type 'foo' (use -machine help to list)");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "virt,gic-version=5"), -EINVAL);
	ck_assert_err_has(&err, "-M virt,gic-version=5: invalid gic-version value '5'");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "virt,foo=bar"), -EINVAL);
	ck_assert_str_eq(err.msg, "-M virt,foo=bar: machine property 'foo' not found");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-machine", "virt,dumpdtb"), -EINVAL);
	ck_assert_str_eq(err.msg, "-machine virt,dumpdtb: expected '=' after parameter 'dumpdtb'");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "virt,virtualization=on"), -EINVAL);
	ck_assert_str_eq(err.msg, "-M virt,virtualization=on: virtualization=on is not "
			 "supported (only virtualization=off)");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "virt,acpi=on"), -EINVAL);
	ck_assert_err_has(&err, "acpi=on is not supported (only acpi=off)");
	config_free(&cfg);
	/* A long argument is shortened so the reason still shows. */
	ck_assert_int_eq(PARSE("-M", "virt,append=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			       "xxxxxxxxxx,frob=1"), -EINVAL);
	ck_assert_err_has(&err, "xxx...: machine property 'frob' not found");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "virt,=3"), -EINVAL);
	ck_assert_str_eq(err.msg, "-M virt,=3: empty parameter name");
}
END_TEST

START_TEST(machine_help)
{
	ck_assert_int_eq(PARSE("-M", "help"), 0);
	ck_assert_uint_eq(cfg.list_requests, CONFIG_LIST_MACHINES);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-machine", "?"), 0);
	ck_assert_uint_eq(cfg.list_requests, CONFIG_LIST_MACHINES);
}
END_TEST

/* ---- -cpu ---- */

START_TEST(cpu_option)
{
	const char *names[] = { "cortex-a57", "cortex-a53", "cortex-a72", "max", "host" };

	ck_assert_int_eq(PARSE("-m", "1G"), 0);
	ck_assert_str_eq(cfg.cpu, "cortex-a57");
	config_free(&cfg);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		ck_assert_int_eq(PARSE("-cpu", names[i]), 0);
		ck_assert_str_eq(cfg.cpu, names[i]);
		config_free(&cfg);
	}
	ck_assert_int_eq(PARSE("-cpu", "help"), 0);
	ck_assert_uint_eq(cfg.list_requests, CONFIG_LIST_CPUS);
}
END_TEST

START_TEST(cpu_errors)
{
	ck_assert_int_eq(PARSE("-cpu", "cortex-a15"), -EINVAL);
	ck_assert_str_eq(err.msg, "-cpu cortex-a15: unable to find CPU model "
			 "'cortex-a15' (use -cpu help to list)");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-cpu", "max,sve=on"), -ENOTSUP);
	ck_assert_str_eq(err.msg, "-cpu max,sve=on: CPU feature 'sve' is not implemented by armvisor (only sve=off)");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-cpu", "a-very-long-cpu-name-that-does-not-fit-anywhere"),
			 -EINVAL);
	ck_assert_err_has(&err, "unable to find CPU model");
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-accel", "tcg", "-cpu", "host"), -EINVAL);
	ck_assert_err_has(&err, "-cpu host");
	ck_assert_err_has(&err, "KVM");
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-accel", "kvm", "-cpu", "host"), 0);
}
END_TEST

/* ---- -smp (hw/core/machine-smp.c arithmetic) ---- */

struct smp_case {
	const char *arg;
	unsigned int cpus, maxcpus, sockets, cores, threads;
};

START_TEST(smp_topology)
{
	static const struct smp_case cases[] = {
		{ "4", 4, 4, 1, 4, 1 },
		{ "cpus=4", 4, 4, 1, 4, 1 },
		{ "maxcpus=4", 4, 4, 1, 4, 1 },
		{ "2,maxcpus=4", 2, 4, 1, 4, 1 },
		{ "sockets=2,cores=2", 4, 4, 2, 2, 1 },
		{ "sockets=2,cores=2,threads=2", 8, 8, 2, 2, 2 },
		{ "4,sockets=2", 4, 4, 2, 2, 1 },
		{ "8,cores=2", 8, 8, 4, 2, 1 },
		{ "8,sockets=2,cores=2", 8, 8, 2, 2, 2 },
		{ "8,threads=2", 8, 8, 1, 4, 2 },
		{ "2,sockets=1,cores=2,threads=1,maxcpus=2", 2, 2, 1, 2, 1 },
		{ "1,sockets=2,cores=2,maxcpus=4", 1, 4, 2, 2, 1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct smp_case *c = &cases[i];

		ck_assert_msg(PARSE("-smp", c->arg) == 0, "-smp %s: %s", c->arg, err.msg);
		ck_assert_msg(cfg.smp_cpus == c->cpus && cfg.smp_max_cpus == c->maxcpus &&
			      cfg.smp_sockets == c->sockets && cfg.smp_cores == c->cores &&
			      cfg.smp_threads == c->threads,
			      "-smp %s: cpus %u max %u sockets %u cores %u threads %u",
			      c->arg, cfg.smp_cpus, cfg.smp_max_cpus, cfg.smp_sockets,
			      cfg.smp_cores, cfg.smp_threads);
		config_free(&cfg);
	}
}
END_TEST

START_TEST(smp_default_and_merge)
{
	ck_assert_int_eq(PARSE("-m", "1G"), 0);
	ck_assert_uint_eq(cfg.smp_cpus, 1);
	ck_assert_uint_eq(cfg.smp_max_cpus, 1);
	config_free(&cfg);
	/* -smp options merge key by key (QEMU's smp-opts merge_lists). */
	ck_assert_int_eq(PARSE("-smp", "2", "-smp", "maxcpus=4"), 0);
	ck_assert_uint_eq(cfg.smp_cpus, 2);
	ck_assert_uint_eq(cfg.smp_max_cpus, 4);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-smp", "cores=3", "-smp", "6"), 0);
	ck_assert_uint_eq(cfg.smp_cpus, 6);
	ck_assert_uint_eq(cfg.smp_sockets, 2);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-smp", "2,dies=1"), 0);
	ck_assert_uint_eq(cfg.smp_cpus, 2);
}
END_TEST

START_TEST(smp_errors)
{
	ck_assert_int_eq(PARSE("-smp", "cpus=4,maxcpus=2"), -EINVAL);
	ck_assert_err_has(&err, "maxcpus (2) must be equal to or greater than cpus (4)");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-smp", "2,cores=3"), -EINVAL);
	ck_assert_err_has(&err, "sockets (0) * clusters (1) * cores (3) * threads (1) != maxcpus (2)");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-smp", "cpus=2,sockets=1,cores=1,threads=1"), -EINVAL);
	ck_assert_err_has(&err, "!= maxcpus (2)");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-smp", "0"), -EINVAL);
	ck_assert_str_eq(err.msg,
			 "-smp 0: cpus=0: CPU topology parameters must be greater than zero");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-smp", "foo"), -EINVAL);
	ck_assert_str_eq(err.msg, "-smp foo: cpus=foo: expects an integer");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-smp", "-2"), -EINVAL);
	ck_assert_err_has(&err, "expects an integer");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-smp", "99999999999"), -ERANGE);
	ck_assert_err_has(&err, "-smp 99999999999: cpus=99999999999: value out of range");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-smp", "4,foo=1"), -EINVAL);
	ck_assert_str_eq(err.msg, "-smp 4,foo=1: parameter 'foo' is unexpected");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-smp", "4,dies=2"), -EINVAL);
	ck_assert_err_has(&err, "dies not supported");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-smp", "513"), -EINVAL);
	ck_assert_err_has(&err, "513");
	config_free(&cfg);
	/* Products beyond 64 bits must fail the checks, not wrap. */
	ck_assert_int_eq(PARSE("-smp", "sockets=2147483647,cores=2147483647,"
			       "threads=2147483647,clusters=2147483647"), -EINVAL);
	ck_assert_err_has(&err, "invalid CPU topology");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-smp", "8,sockets=2147483647,cores=2147483647"), -EINVAL);
	ck_assert_err_has(&err, "invalid CPU topology");
}
END_TEST

/* The GIC bounds the CPUs: 8 for GICv2, 123 for GICv3 (include/board.h). */
START_TEST(smp_gic_limits)
{
	ck_assert_int_eq(CHECK("-smp", "8", "-M", "virt,gic-version=2"), 0);
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-smp", "9", "-M", "virt,gic-version=2"), -EINVAL);
	ck_assert_str_eq(err.msg, "-smp 9: more CPUs than GICv2 supports (8); "
			 "use -machine gic-version=3");
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-smp", "9", "-accel", "tcg"), -EINVAL);
	ck_assert_err_has(&err, "GICv2");
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-smp", "1,maxcpus=9", "-accel", "tcg"), -EINVAL);
	ck_assert_err_has(&err, "-smp 9");
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-smp", "9", "-accel", "tcg", "-M", "virt,gic-version=3"), 0);
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-smp", "123", "-M", "virt,gic-version=3"), 0);
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-smp", "124", "-M", "virt,gic-version=max"), -EINVAL);
	ck_assert_str_eq(err.msg, "-smp 124: more CPUs than GICv3 supports (123)");
}
END_TEST

/* ---- boot options ---- */

START_TEST(boot_options)
{
	ck_assert_int_eq(CHECK("-kernel", "Image", "-initrd", "initrd.ext4",
			       "-append", "console=ttyAMA0 root=/dev/ram",
			       "-dtb", "board.dtb", "-no-reboot", "-nographic"), 0);
	ck_assert_str_eq(cfg.kernel, "Image");
	ck_assert_str_eq(cfg.initrd, "initrd.ext4");
	ck_assert_str_eq(cfg.append, "console=ttyAMA0 root=/dev/ram");
	ck_assert_str_eq(cfg.dtb, "board.dtb");
	ck_assert(cfg.no_reboot);
	ck_assert(cfg.nographic);
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-kernel", "a", "-kernel", "b"), 0);
	ck_assert_str_eq(cfg.kernel, "b");
	ck_assert(!cfg.no_reboot);
	ck_assert(!cfg.nographic);
}
END_TEST

START_TEST(boot_needs_kernel)
{
	ck_assert_int_eq(CHECK("-initrd", "x"), -EINVAL);
	ck_assert_str_eq(err.msg, "-initrd only allowed with -kernel option");
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-append", "x"), -EINVAL);
	ck_assert_str_eq(err.msg, "-append only allowed with -kernel option");
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-dtb", "x"), -EINVAL);
	ck_assert_str_eq(err.msg, "-dtb only allowed with -kernel option");
	config_free(&cfg);
	/* Without any of them a kernel is not required (e.g. dumpdtb). */
	ck_assert_int_eq(CHECK("-M", "virt,dumpdtb=x.dtb"), 0);
}
END_TEST

/* ---- -serial ---- */

START_TEST(serial_option)
{
	ck_assert_int_eq(PARSE("-m", "1G"), 0);
	ck_assert_int_eq(cfg.serial, SERIAL_DEFAULT);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-serial", "stdio"), 0);
	ck_assert_int_eq(cfg.serial, SERIAL_STDIO);
	ck_assert(!cfg.serial_mux);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-serial", "mon:stdio"), 0);
	ck_assert_int_eq(cfg.serial, SERIAL_STDIO);
	ck_assert(cfg.serial_mux);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-serial", "none"), 0);
	ck_assert_int_eq(cfg.serial, SERIAL_NONE);
	config_free(&cfg);
	/* -nographic puts the console on mon:stdio unless -serial says. */
	ck_assert_int_eq(PARSE("-nographic"), 0);
	ck_assert_int_eq(cfg.serial, SERIAL_STDIO);
	ck_assert(cfg.serial_mux);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-nographic", "-serial", "none"), 0);
	ck_assert_int_eq(cfg.serial, SERIAL_NONE);
	ck_assert(!cfg.serial_mux);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-serial", "null"), 0);
	ck_assert_int_eq(cfg.serial, SERIAL_NONE);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-serial", "file:/tmp/console.log"), 0);
	ck_assert_int_eq(cfg.serial, SERIAL_FILE);
	ck_assert_str_eq(cfg.serial_path, "/tmp/console.log");
}
END_TEST

START_TEST(serial_errors)
{
	ck_assert_int_eq(PARSE("-serial", "foo"), -EINVAL);
	ck_assert_err_has(&err, "-serial foo: 'foo' is not a valid char driver");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-serial", "file:"), -EINVAL);
	ck_assert_str_eq(err.msg, "-serial file:: file: needs a path");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-serial", "stdio", "-serial", "none"), -EINVAL);
	ck_assert_err_has(&err, "-serial none: the virt board has one serial port");
}
END_TEST

/* ---- -accel, -enable-kvm, -machine accel= ---- */

START_TEST(accel_option)
{
	ck_assert_int_eq(PARSE("-m", "1G"), 0);
	ck_assert_int_eq(cfg.accel, ACCEL_AUTO);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "kvm"), 0);
	ck_assert_int_eq(cfg.accel, ACCEL_KVM);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "tcg"), 0);
	ck_assert_int_eq(cfg.accel, ACCEL_TCG);
	ck_assert_int_eq(cfg.tcg_thread, TCG_THREAD_DEFAULT);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "tcg,thread=multi"), 0);
	ck_assert_int_eq(cfg.tcg_thread, TCG_THREAD_MULTI);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("--accel", "accel=tcg,thread=single"), 0);
	ck_assert_int_eq(cfg.accel, ACCEL_TCG);
	ck_assert_int_eq(cfg.tcg_thread, TCG_THREAD_SINGLE);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "thread=multi,accel=tcg"), 0);
	ck_assert_int_eq(cfg.accel, ACCEL_TCG);
	ck_assert_int_eq(cfg.tcg_thread, TCG_THREAD_MULTI);
	config_free(&cfg);
	/* The x86-64 tier: on unless jit=off; tb-size in MiB as in QEMU. */
	ck_assert_int_eq(PARSE("-accel", "tcg"), 0);
	ck_assert(cfg.tcg_jit);
	ck_assert_uint_eq(cfg.tcg_tb_size, 0);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "tcg,jit=off"), 0);
	ck_assert(!cfg.tcg_jit);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "tcg,jit=on,tb-size=64"), 0);
	ck_assert(cfg.tcg_jit);
	ck_assert_uint_eq(cfg.tcg_tb_size, 64ull << 20);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "tcg,jit=on", "-accel", "tcg,jit=off"), 0);
	ck_assert(!cfg.tcg_jit);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "tcg,tb-size=0"), -EINVAL);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "tcg,tb-size=1025"), -EINVAL);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "kvm,jit=on"), -EINVAL);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-enable-kvm"), 0);
	ck_assert_int_eq(cfg.accel, ACCEL_KVM);
	config_free(&cfg);
	/* -enable-kvm is -machine accel=kvm in QEMU 7.2: later ones win. */
	ck_assert_int_eq(PARSE("-enable-kvm", "-M", "accel=tcg"), 0);
	ck_assert_int_eq(cfg.accel, ACCEL_TCG);
	config_free(&cfg);
	/* Tried in order: KVM, then TCG when KVM cannot run here. */
	ck_assert_int_eq(PARSE("-accel", "kvm", "-accel", "tcg"), 0);
	ck_assert_int_eq(cfg.accel, ACCEL_AUTO);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "tcg", "-accel", "kvm"), 0);
	ck_assert_int_eq(cfg.accel, ACCEL_TCG);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "virt,accel=kvm:tcg"), 0);
	ck_assert_int_eq(cfg.accel, ACCEL_AUTO);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "accel=tcg"), 0);
	ck_assert_int_eq(cfg.accel, ACCEL_TCG);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "help"), 0);
	ck_assert_uint_eq(cfg.list_requests, CONFIG_LIST_ACCELS);
}
END_TEST

/* -rtc, -name, -pidfile, -vga, -no-user-config (cli/props/host_opts.c). */
START_TEST(host_options)
{
	int64_t now = (int64_t)time(NULL), want;

	ck_assert_int_eq(PARSE("-rtc", "base=utc,clock=host,driftfix=slew"), 0);
	ck_assert_int_eq(cfg.rtc_offset, 0);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-rtc", "base=2000-01-01T00:00:10"), 0);
	want = 946684810 - now;
	ck_assert_int_le(cfg.rtc_offset, want);
	ck_assert_int_ge(cfg.rtc_offset, want - 5);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-rtc", "base=2000-01-01"), 0);
	ck_assert_int_le(cfg.rtc_offset, 946684800 - now);
	config_free(&cfg);
	setenv("TZ", "UTC-3", 1);	/* POSIX: 3 hours east of UTC */
	tzset();
	ck_assert_int_eq(PARSE("-rtc", "base=localtime"), 0);
	ck_assert_int_eq(cfg.rtc_offset, 3 * 3600);
	unsetenv("TZ");
	tzset();
	config_free(&cfg);
	ck_assert_int_ne(PARSE("-rtc", "base=2000-02-30x"), 0);
	ck_assert_err_has(&err, "invalid datetime format");
	config_free(&cfg);
	ck_assert_int_ne(PARSE("-rtc", "clock=vm"), 0);
	ck_assert_err_has(&err, "clock=host");
	config_free(&cfg);
	ck_assert_int_ne(PARSE("-rtc", "base=utc,bogus=1"), 0);
	ck_assert_err_has(&err, "Invalid parameter 'bogus'");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-name", "vm1"), 0);
	ck_assert_str_eq(cfg.name, "vm1");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-name", "guest=vm2,process=av-vm2,debug-threads=on"), 0);
	ck_assert_str_eq(cfg.name, "vm2");
	ck_assert_str_eq(cfg.process_name, "av-vm2");
	config_free(&cfg);
	ck_assert_int_ne(PARSE("-name", "vm3,debug-threads=maybe"), 0);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-pidfile", "/tmp/x.pid"), 0);
	ck_assert_str_eq(cfg.pidfile, "/tmp/x.pid");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-vga", "none"), 0);
	config_free(&cfg);
	ck_assert_int_ne(PARSE("-vga", "std"), 0);
	ck_assert_err_has(&err, "-vga std: armvisor has no display adapter (only -vga none)");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-no-user-config"), 0);
}
END_TEST

START_TEST(device_help)
{
	ck_assert_int_eq(PARSE("-device", "help"), 0);
	ck_assert_uint_eq(cfg.list_requests, CONFIG_LIST_DEVICES);
	ck_assert_uint_eq(cfg.ndevices, 0);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-device", "?"), 0);
	ck_assert_uint_eq(cfg.list_requests, CONFIG_LIST_DEVICES);
}
END_TEST

START_TEST(accel_errors)
{
	ck_assert_int_eq(PARSE("-accel", "foo"), -EINVAL);
	ck_assert_str_eq(err.msg,
			 "-accel foo: invalid accelerator 'foo' (use -accel help to list)");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "tcg,foo=1"), -EINVAL);
	ck_assert_str_eq(err.msg, "-accel tcg,foo=1: accelerator property 'foo' not found");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "tcg,thread=bogus"), -EINVAL);
	ck_assert_err_has(&err, "invalid 'thread' setting 'bogus'");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "kvm,thread=multi"), -EINVAL);
	ck_assert_err_has(&err, "'thread' is a property of the tcg accelerator: give accel=tcg first");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "tcg", "-M", "virt,accel=tcg"), -EINVAL);
	ck_assert_err_has(&err, "incompatible");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "virt,accel=tcg", "-accel", "tcg"), -EINVAL);
	ck_assert_err_has(&err, "incompatible");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-enable-kvm", "-accel", "tcg"), -EINVAL);
	ck_assert_err_has(&err, "incompatible");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-accel", "tcg", "-enable-kvm"), -EINVAL);
	ck_assert_err_has(&err, "incompatible");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "virt,accel=kvm:xen"), -EINVAL);
	ck_assert_err_has(&err, "invalid accelerator 'xen'");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "accel=kvm:tcg:kvm:tcg:kvm"), -EINVAL);
	ck_assert_err_has(&err, "too many accelerators");
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-accel", "tcg", "-M", "virt,gic-version=host"), -EINVAL);
	ck_assert_str_eq(err.msg, "gic-version=host requires KVM");
}
END_TEST

/* ---- -d, -D ---- */

START_TEST(log_options)
{
	static const struct { const char *name; unsigned int bit; } items[] = {
		{ "in_asm", LOG_IN_ASM }, { "int", LOG_INT }, { "exec", LOG_EXEC },
		{ "unimp", LOG_UNIMP }, { "guest_errors", LOG_GUEST_ERRORS },
		{ "cpu", LOG_CPU }, { "mmu", LOG_MMU }, { "nochain", LOG_NOCHAIN },
	};

	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		ck_assert_int_eq(PARSE("-d", items[i].name), 0);
		ck_assert_uint_eq(cfg.log_mask, items[i].bit);
		config_free(&cfg);
	}
	ck_assert_int_eq(PARSE("-d", "in_asm,int,guest_errors", "-D", "av.log"), 0);
	ck_assert_uint_eq(cfg.log_mask, LOG_IN_ASM | LOG_INT | LOG_GUEST_ERRORS);
	ck_assert_str_eq(cfg.log_file, "av.log");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-d", "int", "-d", "mmu"), 0);	/* later wins */
	ck_assert_uint_eq(cfg.log_mask, LOG_MMU);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-d", "help"), 0);
	ck_assert_uint_eq(cfg.list_requests, CONFIG_LIST_LOG_ITEMS);
}
END_TEST

START_TEST(log_errors)
{
	unsigned int mask = 0x55;

	ck_assert_int_eq(PARSE("-d", "foo"), -EINVAL);
	ck_assert_str_eq(err.msg, "-d foo: unknown log item 'foo' (use -d help to list)");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-d", "in_asm,foo,int"), -EINVAL);
	ck_assert_err_has(&err, "unknown log item 'foo'");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-d", ""), -EINVAL);
	ck_assert_err_has(&err, "unknown log item ''");
	ck_assert_int_eq(config_parse_log_items("in_asm,", &mask, NULL), -EINVAL);
	ck_assert_uint_eq(mask, 0x55);
	ck_assert_int_eq(config_parse_log_items("exec,cpu", &mask, NULL), 0);
	ck_assert_uint_eq(mask, LOG_EXEC | LOG_CPU);
}
END_TEST

/* ---- -h, -version, unknown options ---- */

START_TEST(help_and_version)
{
	const char *help[] = { "-h", "-help", "--help", "--h" };

	for (size_t i = 0; i < sizeof(help) / sizeof(help[0]); i++) {
		ck_assert_int_eq(PARSE(help[i]), 0);
		ck_assert(cfg.show_help);
		config_free(&cfg);
	}
	ck_assert_int_eq(PARSE("-version"), 0);
	ck_assert(cfg.show_version);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("--version"), 0);
	ck_assert(cfg.show_version);
	config_free(&cfg);
	/* QEMU acts on -version where it stands: later mistakes don't matter... */
	ck_assert_int_eq(PARSE("-version", "-m", "4Q"), 0);
	ck_assert(cfg.show_version);
	config_free(&cfg);
	/* ...earlier ones do, and unknown options are caught anywhere. */
	ck_assert_int_eq(PARSE("-m", "4Q", "-version"), -EINVAL);
	ck_assert_str_eq(err.msg, "-m 4Q: invalid size");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-version", "-frobnicate"), -EINVAL);
	ck_assert_str_eq(err.msg, "-frobnicate: invalid option");
}
END_TEST

START_TEST(bad_words)
{
	ck_assert_int_eq(PARSE("-frobnicate"), -EINVAL);
	ck_assert_str_eq(err.msg, "-frobnicate: invalid option");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("---version"), -EINVAL);
	ck_assert_str_eq(err.msg, "---version: invalid option");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-"), -EINVAL);
	ck_assert_str_eq(err.msg, "-: invalid option");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "virt", "-kernel"), -EINVAL);
	ck_assert_str_eq(err.msg, "-kernel: requires an argument");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("disk.img"), -EINVAL);
	ck_assert_err_has(&err, "disk.img: unexpected argument");
	config_free(&cfg);
	/* No arguments at all: the defaults, which validate. */
	ck_assert_int_eq(CHECK("-nographic"), 0);
}
END_TEST

/* ---- -readconfig and command-line order ---- */

#define VIRT_CFG "tests/data/virt.cfg"

static void assert_virt_cfg(const struct vm_config *c)
{
	ck_assert_str_eq(c->machine, "virt");
	ck_assert_str_eq(c->kernel, "linux-6.0.9/build/arch/arm64/boot/Image");
	ck_assert_str_eq(c->append, "nokaslr root=/dev/ram init=/linuxrc "
			 "console=ttyAMA0 console=ttyS0");
	ck_assert_str_eq(c->initrd, "initrd.ext4");
	ck_assert_uint_eq(c->smp_cpus, 2);
	ck_assert_uint_eq(c->ram_size, 4 * GiB);
}

START_TEST(readconfig_virt_cfg)
{
	ck_assert_int_eq(CHECK("-readconfig", VIRT_CFG), 0);
	assert_virt_cfg(&cfg);
	config_free(&cfg);
	config_init(&cfg);
	ck_assert_int_eq(config_read_file(&cfg, VIRT_CFG, &err), 0);
	assert_virt_cfg(&cfg);
	ck_assert_int_eq(config_validate(&cfg, &err), 0);
}
END_TEST

START_TEST(readconfig_order)
{
	ck_assert_int_eq(PARSE("-m", "256", "-readconfig", VIRT_CFG), 0);
	ck_assert_uint_eq(cfg.ram_size, 4 * GiB);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-readconfig", VIRT_CFG, "-m", "256"), 0);
	ck_assert_uint_eq(cfg.ram_size, 256 * MiB);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-kernel", "mine", "-readconfig", VIRT_CFG), 0);
	ck_assert_str_eq(cfg.kernel, "linux-6.0.9/build/arch/arm64/boot/Image");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-readconfig", VIRT_CFG, "-kernel", "mine",
			       "-append", "quiet"), 0);
	ck_assert_str_eq(cfg.kernel, "mine");
	ck_assert_str_eq(cfg.append, "quiet");
	ck_assert_str_eq(cfg.initrd, "initrd.ext4");
	config_free(&cfg);
	/* [smp-opts] merges with -smp like another -smp. */
	ck_assert_int_eq(PARSE("-readconfig", VIRT_CFG, "-smp", "maxcpus=4"), 0);
	ck_assert_uint_eq(cfg.smp_cpus, 2);
	ck_assert_uint_eq(cfg.smp_max_cpus, 4);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-smp", "8", "-readconfig", VIRT_CFG), 0);
	ck_assert_uint_eq(cfg.smp_cpus, 2);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-readconfig", VIRT_CFG, "-readconfig", VIRT_CFG), 0);
	assert_virt_cfg(&cfg);
}
END_TEST

START_TEST(readconfig_missing)
{
	ck_assert_int_eq(PARSE("-readconfig", "tests/data/cli/no-such.cfg"), -ENOENT);
	ck_assert_str_eq(err.msg, "-readconfig tests/data/cli/no-such.cfg: could not "
			 "open 'tests/data/cli/no-such.cfg': No such file or directory");
}
END_TEST

/* -gdb devices (cli/char/gdb.c): what the gdbstub is handed, and the errors. */
START_TEST(gdb_specs)
{
	struct config_gdb g = { 0 };

	ck_assert_int_eq(config_parse_gdb("tcp::1234", &g, &err), 0);
	ck_assert(g.on);
	ck_assert_str_eq(g.host, "");
	ck_assert_uint_eq(g.port, 1234);
	ck_assert_int_eq(config_parse_gdb("tcp:0.0.0.0:99", &g, &err), 0);
	ck_assert_str_eq(g.host, "0.0.0.0");
	ck_assert_uint_eq(g.port, 99);
	ck_assert_str_eq(g.spec, "tcp:0.0.0.0:99");
	ck_assert_int_eq(config_parse_gdb("4321", &g, &err), 0);
	ck_assert_str_eq(g.host, "");
	ck_assert_uint_eq(g.port, 4321);
	ck_assert_int_lt(config_parse_gdb("tcp::70000", &g, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "port"));
	ck_assert_int_lt(config_parse_gdb("tcp:1234", &g, &err), 0);
	ck_assert_str_eq(err.msg, "expected tcp:[HOST]:PORT");
	ck_assert_int_lt(config_parse_gdb("udp::1234", &g, &err), 0);
	ck_assert_int_lt(config_parse_gdb("tcp::", &g, &err), 0);
	ck_assert_int_lt(config_parse_gdb("tcp::-1", &g, &err), 0);
}
END_TEST

/* Options: the gdbstub gets -s's default, -S, and "-gdb none" undoes. */
START_TEST(gdb_options)
{
	CHECK("-s", "-S");
	ck_assert(cfg.gdb.on && cfg.gdb.wait);
	ck_assert_uint_eq(cfg.gdb.port, 1234);
	config_free(&cfg);
	CHECK("-gdb", "tcp:127.0.0.1:5555", "-gdb", "none");
	ck_assert(!cfg.gdb.on);
	ck_assert_int_lt(PARSE("-gdb", "tcp:a-host-name-far-longer-than-the-host-field-of-the-config-"
			       "struct-allows-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:1"), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "too long"));
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("cli");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, size_suffixes);
	tcase_add_test(tc, size_forms);
	tcase_add_test(tc, size_fractions);
	tcase_add_test(tc, size_garbage);
	tcase_add_test(tc, size_overflow);
	tcase_add_test(tc, memory_option);
	tcase_add_test(tc, memory_errors);
	tcase_add_test(tc, machine_option);
	tcase_add_test(tc, machine_errors);
	tcase_add_test(tc, machine_help);
	tcase_add_test(tc, cpu_option);
	tcase_add_test(tc, cpu_errors);
	tcase_add_test(tc, smp_topology);
	tcase_add_test(tc, smp_default_and_merge);
	tcase_add_test(tc, smp_errors);
	tcase_add_test(tc, smp_gic_limits);
	tcase_add_test(tc, boot_options);
	tcase_add_test(tc, boot_needs_kernel);
	tcase_add_test(tc, serial_option);
	tcase_add_test(tc, serial_errors);
	tcase_add_test(tc, accel_option);
	tcase_add_test(tc, device_help);
	tcase_add_test(tc, host_options);
	tcase_add_test(tc, accel_errors);
	tcase_add_test(tc, log_options);
	tcase_add_test(tc, log_errors);
	tcase_add_test(tc, help_and_version);
	tcase_add_test(tc, bad_words);
	tcase_add_test(tc, readconfig_virt_cfg);
	tcase_add_test(tc, readconfig_order);
	tcase_add_test(tc, readconfig_missing);
	tcase_add_test(tc, gdb_specs);
	tcase_add_test(tc, gdb_options);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(config_suite());
}
