// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over a qcow2 image the user hands us (devices/block/
 * qcow2*.c): the input is the image file. It is opened read-write (its
 * backing file, a path on this host, is not followed), then read at a
 * few places, written (allocating clusters, refcount blocks and L2
 * tables through whatever tables the input holds), discarded and read
 * again. Every header field, table entry and compressed descriptor comes
 * from the input, so each must be checked before use: AddressSanitizer
 * and UBSan stop on any access outside a buffer. Errors are fine; a
 * crash, hang or leak is not. Build and run: make fuzz, then
 * build/fuzz/fuzz_qcow2 [-runs=N | -max_total_time=S] [corpus dir].
 */
#include <errno.h>
#include <stdlib.h>

#include "../../devices/block/qcow2.h"
#include "fuzz_common.h"

#define IO_LEN	8192
/* Inputs past this are not images worth the time. */
#define MAX_INPUT (1u << 20)

static uint8_t buf[IO_LEN];

/* A place inside the disk chosen by the input's own bytes. */
static uint64_t fuzz_pick(const struct qcow2 *q, const uint8_t *data, size_t size,
			  unsigned int salt)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < 8 && i + salt < size; i++)
		v = v << 8 | data[size - 1 - i - salt];
	if (q->size <= IO_LEN)
		return 0;
	return v % (q->size - IO_LEN);
}

static size_t fuzz_len(const struct qcow2 *q)
{
	return q->size < IO_LEN ? (size_t)q->size : IO_LEN;
}

static void fuzz_ops(struct qcow2 *q, const uint8_t *data, size_t size)
{
	size_t len = fuzz_len(q);
	uint64_t at[3] = { 0, fuzz_pick(q, data, size, 0), fuzz_pick(q, data, size, 8) };

	for (int i = 0; i < 3; i++)
		qcow2_read(q, at[i], buf, len);
	memset(buf, 0xa5, sizeof(buf));
	for (int i = 0; i < 3; i++)
		qcow2_write(q, at[i], buf, len);
	qcow2_discard(q, at[1], len);
	for (int i = 0; i < 3; i++)
		qcow2_read(q, at[i], buf, len);
	qcow2_flush(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qcow2_opts o = { .no_backing = true, .no_sync = true };
	struct av_err err;
	struct qcow2 *q;
	int fd;

	if (size > MAX_INPUT)
		return 0;
	fd = memfd_create("fuzz-qcow2", MFD_CLOEXEC);
	if (fd < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	if (qcow2_open(&q, fd, "fuzz.qcow2", &o, &err))
		return 0;
	fuzz_ops(q, data, size);
	qcow2_close(q);
	return 0;
}
