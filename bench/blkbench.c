// SPDX-License-Identifier: GPL-2.0
/*
 * Guest side of bench/virtio_blk.sh (built static for arm64): direct I/O
 * on a block device, one process, so the numbers measure the disk path
 * and not process start-up.
 *   blkbench DEV MiB   prints "blkbench: NAME MB/s IOPS" for seqwrite,
 *   seqread (1 MiB blocks), randwrite, randread (4 KiB blocks), and
 *   randread-qd16: 16 random 4 KiB reads kept in flight with Linux AIO
 *   (raw syscalls: the guest has no libaio).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/aio_abi.h>
#include <sys/syscall.h>
#include <unistd.h>

#define QD	16

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* xorshift: the same offsets in every run, under every emulator. */
static unsigned long long rnd(unsigned long long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void run(int fd, const char *name, int write, size_t bs, size_t count,
		size_t span, char *buf)
{
	unsigned long long seed = 88172645463325252ULL;
	double t0 = now(), secs;

	for (size_t i = 0; i < count; i++) {
		off_t off = bs >= (1 << 20) ? (off_t)(i * bs) :
			    (off_t)(rnd(&seed) % (span / bs) * bs);
		ssize_t n = write ? pwrite(fd, buf, bs, off) : pread(fd, buf, bs, off);

		if (n != (ssize_t)bs) {
			printf("blkbench: %s failed at %lld\n", name, (long long)off);
			return;
		}
	}
	secs = now() - t0;
	printf("blkbench: %s %.2f MB/s %.0f IOPS\n", name,
	       count * bs / secs / 1e6, count / secs);
	fflush(stdout);
}

static void aio_submit_one(aio_context_t ctx, struct iocb *cb, int fd, char *buf,
			   off_t off)
{
	struct iocb *p = cb;

	memset(cb, 0, sizeof(*cb));
	cb->aio_fildes = fd;
	cb->aio_lio_opcode = IOCB_CMD_PREAD;
	cb->aio_buf = (unsigned long)buf;
	cb->aio_nbytes = 4096;
	cb->aio_offset = off;
	cb->aio_data = (unsigned long)cb;
	syscall(SYS_io_submit, ctx, 1, &p);
}

/* QD reads always in flight until count are done. */
static void run_qd(int fd, size_t count, size_t span, char *buf)
{
	unsigned long long seed = 88172645463325252ULL;
	struct iocb cbs[QD];
	struct io_event ev[QD];
	aio_context_t ctx = 0;
	size_t issued = 0, done = 0;
	double t0, secs;

	if (syscall(SYS_io_setup, QD, &ctx) < 0) {
		printf("blkbench: randread-qd16 failed: io_setup\n");
		return;
	}
	t0 = now();
	for (; issued < QD && issued < count; issued++)
		aio_submit_one(ctx, &cbs[issued], fd, buf + issued * 4096,
			       (off_t)(rnd(&seed) % (span / 4096) * 4096));
	while (done < count) {
		long n = syscall(SYS_io_getevents, ctx, 1, QD, ev, NULL);

		for (long i = 0; i < n; i++, done++) {
			struct iocb *cb = (struct iocb *)(unsigned long)ev[i].data;

			if (ev[i].res != 4096) {
				printf("blkbench: randread-qd16 failed\n");
				return;
			}
			if (issued++ < count)
				aio_submit_one(ctx, cb, fd, (char *)(unsigned long)cb->aio_buf,
					       (off_t)(rnd(&seed) % (span / 4096) * 4096));
		}
	}
	secs = now() - t0;
	syscall(SYS_io_destroy, ctx);
	printf("blkbench: randread-qd16 %.2f MB/s %.0f IOPS\n",
	       count * 4096.0 / secs / 1e6, count / secs);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	size_t mib = argc > 2 ? strtoul(argv[2], NULL, 0) : 64;
	size_t span = mib << 20;
	int fd = open(argc > 1 ? argv[1] : "/dev/vda", O_RDWR | O_DIRECT);
	char *buf;

	if (fd < 0 || posix_memalign((void **)&buf, 4096, 1 << 20)) {
		perror("blkbench");
		return 1;
	}
	memset(buf, 0x5a, 1 << 20);
	run(fd, "seqwrite", 1, 1 << 20, mib, span, buf);
	run(fd, "seqread", 0, 1 << 20, mib, span, buf);
	run(fd, "randwrite", 1, 4096, 2048, span, buf);
	run(fd, "randread", 0, 4096, 2048, span, buf);
	run_qd(fd, 4096, span, buf);
	close(fd);
	return 0;
}
