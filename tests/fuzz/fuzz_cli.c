// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over what a user (or a script built from untrusted
 * input) hands the option parsers: the input split at NUL bytes is an
 * argv for config_parse_args, then config_validate, and the whole input
 * is a -readconfig file for config_read_file. Every parse must end in
 * success or an error with a message. A -readconfig option in the argv
 * reads the input itself, so the fuzzer never opens a path of its own
 * making (a FIFO or /dev/zero would hang it).
 */
#include <errno.h>

#include "config.h"
#include "fuzz_common.h"

#define MAX_ARGS	64

static struct fuzz_file file;

static void fuzz_outcome(int ret, const struct av_err *err)
{
	if (ret > 0 || (ret && !err->msg[0]))
		abort();
}

static void fuzz_args(char *buf, size_t size, const char *cfg_path)
{
	char *argv[MAX_ARGS];
	int argc = 0;
	struct vm_config cfg;
	struct av_err err = { 0 };
	int ret;

	for (size_t i = 0; i < size && argc < MAX_ARGS; i += strlen(buf + i) + 1) {
		bool readconfig = argc && (!strcmp(argv[argc - 1], "-readconfig") ||
					   !strcmp(argv[argc - 1], "--readconfig"));

		argv[argc++] = readconfig ? (char *)cfg_path : buf + i;
	}
	config_init(&cfg);
	ret = config_parse_args(&cfg, argc, argv, &err);
	fuzz_outcome(ret, &err);
	if (!ret)
		fuzz_outcome(config_validate(&cfg, &err), &err);
	config_free(&cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file_set(&file, data, size);
	char *buf = malloc(size + 1);
	struct vm_config cfg;
	struct av_err err = { 0 };

	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	fuzz_args(buf, size, path);
	free(buf);

	config_init(&cfg);
	fuzz_outcome(config_read_file(&cfg, path, &err), &err);
	config_free(&cfg);
	return 0;
}
