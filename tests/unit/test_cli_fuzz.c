// SPDX-License-Identifier: GPL-2.0
/*
 * Garbage in, a message out: pseudo-random command lines and config
 * files (a fixed seed, so a failure reproduces) must parse or fail with
 * a negative errno and a message, never crash or hang. Run under
 * -fsanitize=address,undefined this also catches memory errors.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_run.h"
#include "config.h"

#define ROUNDS 4000
#define FILE_ROUNDS 300		/* each writes a file: keep it quick */
#define COUNT(a) (unsigned int)(sizeof(a) / sizeof((a)[0]))

struct rng {
	uint64_t state;
};

static unsigned int rng_next(struct rng *r, unsigned int n)
{
	r->state = r->state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)((r->state >> 33) % n);
}

/* Words a user might type, and pieces to glue into values. */
static const char *const words[] = {
	"-M", "-machine", "-cpu", "-smp", "-m", "-kernel", "-initrd", "-append",
	"-dtb", "-nographic", "-serial", "-accel", "-enable-kvm", "-no-reboot",
	"-d", "-D", "-version", "--m", "-x", "virt", "help", "4G",
};

static const char *const pieces[] = {
	"virt", ",", ",,", "=", "gic-version", "3", "host", "max", "type",
	"cpus", "maxcpus", "sockets", "cores", "threads", "clusters", "0", "1",
	"9", "4294967296", "size", "G", "E", ".", "0x", "-", "tcg", "kvm",
	"thread", "multi", "file:", "stdio", "mon:", "in_asm", "dumpdtb", ":",
	"\"", "[", "]", "#", " ", "\t", "accel", "memory", "smp-opts",
	"machine", "\n",
};

static void rng_value(struct rng *r, char *buf, size_t size)
{
	unsigned int n = rng_next(r, 8);

	buf[0] = '\0';
	for (unsigned int i = 0; i < n; i++) {
		const char *p = pieces[rng_next(r, COUNT(pieces))];

		if (strlen(buf) + strlen(p) < size)
			strcat(buf, p);
	}
}

static void assert_outcome(int ret, const struct av_err *err)
{
	ck_assert_int_le(ret, 0);
	if (ret)
		ck_assert_msg(err->msg[0], "error %d without a message", ret);
}

START_TEST(random_command_lines)
{
	struct rng r = { 0x5eed };
	char vals[8][128];
	char *argv[8];

	for (int round = 0; round < ROUNDS; round++) {
		struct vm_config cfg;
		struct av_err err = { 0 };
		int argc = (int)rng_next(&r, 8);
		int ret;

		for (int i = 0; i < argc; i++) {
			if (rng_next(&r, 2)) {
				argv[i] = (char *)words[rng_next(&r, COUNT(words))];
			} else {
				rng_value(&r, vals[i], sizeof(vals[i]));
				argv[i] = vals[i];
			}
		}
		config_init(&cfg);
		ret = config_parse_args(&cfg, argc, argv, &err);
		assert_outcome(ret, &err);
		if (!ret) {
			ret = config_validate(&cfg, &err);
			assert_outcome(ret, &err);
		}
		config_free(&cfg);
	}
}
END_TEST

START_TEST(random_config_files)
{
	struct rng r = { 0xc0ffee };
	char path[] = "/tmp/armvisor-fuzz-XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	for (int round = 0; round < FILE_ROUNDS; round++) {
		struct vm_config cfg;
		struct av_err err = { 0 };
		FILE *f = fopen(path, "w");
		char line[256];

		ck_assert_ptr_nonnull(f);
		for (unsigned int i = rng_next(&r, 6); i; i--) {
			rng_value(&r, line, sizeof(line));
			fprintf(f, "%s\n", line);
		}
		fclose(f);
		config_init(&cfg);
		assert_outcome(config_read_file(&cfg, path, &err), &err);
		config_free(&cfg);
	}
	unlink(path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cli_fuzz");
	TCase *tc = tcase_create("garbage");

	tcase_set_timeout(tc, 60);	/* a loaded machine, not a hang */
	tcase_add_test(tc, random_command_lines);
	tcase_add_test(tc, random_config_files);
	suite_add_tcase(s, tc);
	return check_run(s);
}
