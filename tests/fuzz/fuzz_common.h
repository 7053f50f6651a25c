/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the libFuzzer targets share: the entry point's prototype and a
 * file holding the input, for code that only reads paths.
 */
#ifndef TESTS_FUZZ_FUZZ_COMMON_H
#define TESTS_FUZZ_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A memfd reached by path: created once (a file per input would cost
 * more than most inputs), its contents replaced by each input.
 */
struct fuzz_file {
	int fd;
	char path[64];
};

static inline const char *fuzz_file_set(struct fuzz_file *f, const void *data,
					size_t size)
{
	if (!f->path[0]) {
		f->fd = memfd_create("fuzz-input", 0);
		if (f->fd < 0)
			abort();
		snprintf(f->path, sizeof(f->path), "/proc/self/fd/%d", f->fd);
	}
	if (ftruncate(f->fd, 0) || pwrite(f->fd, data, size, 0) != (ssize_t)size)
		abort();
	return f->path;
}

#endif
