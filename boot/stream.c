// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming the big boot files: an uncompressed arm64 Image and a plain
 * (not uImage) initrd are recognised from their first bytes, and their
 * bytes are read from the file straight into guest RAM when they are
 * placed (boot/copy.c), rather than into a host buffer first and then
 * copied. On a 32 MiB Debian kernel that halves the start-up's memory
 * traffic and page faults (docs/timeline.md, "Start-up cost"). A reset
 * reads the same descriptor again, and a file that changed meanwhile is
 * refused as before (boot_reload_changed).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "boot.h"

/* Enough for every format's magic and the Image header. */
#define STREAM_HEAD	4096

static ssize_t stream_head(const struct boot_file *f, uint8_t *head)
{
	size_t want = f->size < STREAM_HEAD ? f->size : STREAM_HEAD;
	ssize_t n;

	do {
		n = pread(f->fd, head, want, 0);
	} while (n < 0 && errno == EINTR);
	return n;
}

/* The formats kernel.c would detect before the Image (its order). */
static bool stream_other_format(const uint8_t *head, size_t n)
{
	return boot_elf_has_magic(head, n) || boot_uimage_has_magic(head, n) ||
	       boot_is_gzip(head, n) || boot_zboot_has_magic(head, n);
}

int boot_kernel_try_stream(struct boot_file *f, struct kernel_image *k,
			   struct av_err *err)
{
	uint8_t head[STREAM_HEAD];
	ssize_t n = stream_head(f, head);
	struct boot_blob hdr;
	int ret;

	if (n < BOOT_IMAGE_HDR_SIZE || stream_other_format(head, (size_t)n) ||
	    !boot_image_has_magic(head, (size_t)n))
		return 0;		/* the whole-file path says what is wrong */
	/* The header fields are all in head; the size is the file's. */
	hdr = (struct boot_blob){ .data = head, .size = f->size };
	memset(k, 0, sizeof(*k));
	ret = boot_image_parse(&hdr, k, err);
	if (ret)
		return ret;
	k->format = KERNEL_FORMAT_IMAGE;
	k->data_size = f->size;
	k->streamed = true;
	k->file = *f;
	return 1;
}

int boot_initrd_try_stream(struct initrd_image *rd, struct av_err *err)
{
	uint8_t head[STREAM_HEAD];
	ssize_t n = stream_head(&rd->file, head);

	if (n < 0)
		return av_errf_errno(err, errno, "cannot read '%s'", rd->file.path);
	if (boot_uimage_has_magic(head, (size_t)n))
		return 0;
	rd->size = rd->file.size;
	rd->streamed = true;
	return 1;
}

int boot_kernel_unstream(struct kernel_image *k, struct av_err *err)
{
	int ret;

	if (!k->streamed)
		return 0;
	ret = boot_file_read(&k->file, &k->blob, err);
	if (ret) {
		av_err_prefix(err, "kernel");
		return ret;
	}
	k->streamed = false;
	return 0;
}

int boot_initrd_unstream(struct initrd_image *rd, struct av_err *err)
{
	int ret;

	if (!rd->streamed)
		return 0;
	ret = boot_file_read(&rd->file, &rd->blob, err);
	if (ret) {
		av_err_prefix(err, "initrd");
		return ret;
	}
	rd->streamed = false;
	return 0;
}
