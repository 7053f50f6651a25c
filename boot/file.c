// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a whole file (kernel, initrd, DTB) into host memory, with an
 * error that names the file for every way that can go wrong.
 *
 * The kernel and initrd files stay open after their bytes went into guest
 * RAM, so that a guest reset reads them again from the same descriptor
 * (docs/ARCHITECTURE.md, "Start-up": the sandbox lets the main
 * thread pread and fstat, not open by name). Their identity at open is
 * kept, so a reset can tell the file is no longer the one that booted.
 * pread, never mmap: a file truncated under us must give an error, not
 * SIGBUS. An uncompressed Image and a plain initrd are read straight into
 * guest RAM (boot/stream.c), the others through a host buffer.
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
static int file_check_stat(const struct stat *st, const char *path,
			   struct av_err *err)
{
	if (S_ISDIR(st->st_mode))
		return av_errf(err, EISDIR, "'%s' is a directory, not a file",
			       path);
	if (!S_ISREG(st->st_mode))
		return av_errf(err, EINVAL, "'%s' is not a regular file", path);
	if (st->st_size == 0)
		return av_errf(err, EINVAL, "'%s' is empty", path);
	if ((uint64_t)st->st_size > SIZE_MAX / 2)
		return av_errf(err, EFBIG, "'%s' is too large to load", path);
	return 0;
}

static void file_set_id(struct boot_file *f, const struct stat *st)
{
	f->dev = st->st_dev;
	f->ino = st->st_ino;
	f->size = (size_t)st->st_size;
	f->mtime = st->st_mtim;
	f->ctime = st->st_ctim;
}

static int file_same_time(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

/* Still the file that was opened: same inode, size and times. */
int boot_file_check(const struct boot_file *f, struct av_err *err)
{
	struct stat st;

	if (fstat(f->fd, &st))
		return av_errf_errno(err, errno, "cannot stat '%s'", f->path);
	if (st.st_dev != f->dev || st.st_ino != f->ino ||
	    (uint64_t)st.st_size != f->size ||
	    !file_same_time(&st.st_mtim, &f->mtime) ||
	    !file_same_time(&st.st_ctim, &f->ctime))
		return av_errf(err, ESTALE,
			       "'%s' changed since armvisor started", f->path);
	return 0;
}

int boot_file_open(const char *path, struct boot_file *f, struct av_err *err)
{
	struct stat st;
	int ret;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	if (!path || !path[0])
		return av_errf(err, EINVAL, "no file name given");
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	f->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (f->fd < 0)
		return av_errf_errno(err, errno, "cannot open '%s'", path);
	if (fstat(f->fd, &st))
		ret = av_errf_errno(err, errno, "cannot stat '%s'", path);
	else
		ret = file_check_stat(&st, path, err);
	if (!ret) {
		f->path = strdup(path);
		if (!f->path)
			ret = av_errf(err, ENOMEM, "out of memory opening '%s'", path);
	}
	if (ret) {
		close(f->fd);
		f->fd = -1;
		return ret;
	}
	file_set_id(f, &st);
	return 0;
}

/* pread until size bytes arrived: short reads and EINTR are normal. */
static int file_pread_all(const struct boot_file *f, uint8_t *buf,
			  struct av_err *err)
{
	size_t done = 0;
	ssize_t n;

	while (done < f->size) {
		n = pread(f->fd, buf + done, f->size - done, (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return av_errf_errno(err, errno, "cannot read '%s'", f->path);
		if (n == 0)
			return av_errf(err, EIO,
				       "'%s' shrank while being read (%zu of %zu bytes)",
				       f->path, done, f->size);
		done += (size_t)n;
	}
	return 0;
}

int boot_file_read(const struct boot_file *f, struct boot_blob *out,
		   struct av_err *err)
{
	uint8_t *buf;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!f->path)
		return av_errf(err, EBADF, "no file open");
	ret = boot_file_check(f, err);
	if (ret)
		return ret;
	buf = malloc(f->size);
	if (!buf)
		return av_errf(err, ENOMEM, "out of memory reading '%s' (%zu bytes)",
			       f->path, f->size);
	ret = file_pread_all(f, buf, err);
	/* A write while we read leaves new times behind it. */
	if (!ret)
		ret = boot_file_check(f, err);
	if (ret) {
		free(buf);
		return ret;
	}
	out->data = buf;
	out->size = f->size;
	return 0;
}

int boot_file_read_into(const struct boot_file *f, uint8_t *dst,
			struct av_err *err)
{
	int ret;

	if (!f->path)
		return av_errf(err, EBADF, "no file open");
	ret = boot_file_check(f, err);
	if (!ret)
		ret = file_pread_all(f, dst, err);
	if (!ret)
		ret = boot_file_check(f, err);
	return ret;
}

void boot_file_close(struct boot_file *f)
{
	if (!f || !f->path)
		return;
	close(f->fd);
	free(f->path);
	memset(f, 0, sizeof(*f));
	f->fd = -1;
}

int boot_read_file(const char *path, struct boot_blob *out, struct av_err *err)
{
	struct boot_file f;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = boot_file_open(path, &f, err);
	if (ret)
		return ret;
	ret = boot_file_read(&f, out, err);
	boot_file_close(&f);
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

int boot_reload_changed(struct av_err *err, const char *what, const char *path)
{
	return av_errf(err, ESTALE,
		       "%s file '%s' changed since armvisor started; restart armvisor to boot it",
		       what, path);
}
