// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a whole file (kernel, initrd, DTB) into host memory, with an
 * error that names the file for every way that can go wrong.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot.h"

/* Check what fstat says before reading: /dev/zero or a FIFO never ends. */
static int file_check_stat(int fd, const char *path, size_t *size,
			   struct av_err *err)
{
	struct stat st;

	if (fstat(fd, &st))
		return av_errf_errno(err, errno, "cannot stat '%s'", path);
	if (S_ISDIR(st.st_mode))
		return av_errf(err, EISDIR, "'%s' is a directory, not a file",
			       path);
	if (!S_ISREG(st.st_mode))
		return av_errf(err, EINVAL, "'%s' is not a regular file", path);
	if (st.st_size == 0)
		return av_errf(err, EINVAL, "'%s' is empty", path);
	if ((uint64_t)st.st_size > SIZE_MAX / 2)
		return av_errf(err, EFBIG, "'%s' is too large to load", path);
	*size = (size_t)st.st_size;
	return 0;
}

/* read() until size bytes arrived: short reads and EINTR are normal. */
static int file_read_all(int fd, const char *path, uint8_t *buf, size_t size,
			 struct av_err *err)
{
	size_t done = 0;
	ssize_t n;

	while (done < size) {
		n = read(fd, buf + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return av_errf_errno(err, errno, "cannot read '%s'", path);
		if (n == 0)
			return av_errf(err, EIO,
				       "'%s' shrank while being read (%zu of %zu bytes)",
				       path, done, size);
		done += (size_t)n;
	}
	return 0;
}

int boot_read_file(const char *path, struct boot_blob *out, struct av_err *err)
{
	size_t size = 0;
	uint8_t *buf;
	int fd, ret;

	memset(out, 0, sizeof(*out));
	if (!path || !path[0])
		return av_errf(err, EINVAL, "no file name given");
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return av_errf_errno(err, errno, "cannot open '%s'", path);
	ret = file_check_stat(fd, path, &size, err);
	if (ret)
		goto out;
	buf = malloc(size);
	if (!buf) {
		ret = av_errf(err, ENOMEM, "out of memory reading '%s' (%zu bytes)",
			      path, size);
		goto out;
	}
	ret = file_read_all(fd, path, buf, size, err);
	if (ret) {
		free(buf);
		goto out;
	}
	out->data = buf;
	out->size = size;
out:
	close(fd);
	return ret;
}

void boot_blob_free(struct boot_blob *blob)
{
	if (!blob)
		return;
	free(blob->data);
	blob->data = NULL;
	blob->size = 0;
}
