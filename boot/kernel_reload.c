// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's bytes after the first boot: freed once they are in guest
 * RAM (a Debian kernel is 33 MiB of host memory the guest never needs
 * again), read and parsed again from the still-open file on a guest reset
 * (docs/ARCHITECTURE.md, "Start-up"). A reset boots exactly what the first
 * boot did, or fails with a message: the placement made at start is only
 * valid for the same layout facts.
 */
#include <errno.h>
#include <string.h>

#include "boot.h"

void boot_kernel_drop_bytes(struct kernel_image *k)
{
	/* Without a file there is nothing to read them again from. */
	if (k->file.path)
		boot_blob_free(&k->blob);
}

/* Everything placement, copying and the boot registers read. */
static int kernel_same_layout(const struct kernel_image *a,
			      const struct kernel_image *b)
{
	return a->format == b->format && a->data_size == b->data_size &&
	       a->text_offset == b->text_offset &&
	       a->image_size == b->image_size && a->flags == b->flags &&
	       a->load_addr == b->load_addr && a->entry == b->entry &&
	       a->is_linux == b->is_linux &&
	       a->load_offset == b->load_offset &&
	       a->load_relative == b->load_relative;
}

/*
 * A streamed Image keeps no bytes: check it is the same file with the
 * same header; boot_copy_to_ram reads it (and checks it) again.
 */
static int kernel_reload_streamed(struct kernel_image *k, struct av_err *err)
{
	struct kernel_image fresh;
	int ret = boot_file_check(&k->file, err);

	if (!ret)
		ret = boot_kernel_try_stream(&k->file, &fresh, err);
	if (ret == -ESTALE || ret == 0 || (ret == 1 && !kernel_same_layout(k, &fresh)))
		return boot_reload_changed(err, "kernel", k->file.path);
	return ret < 0 ? ret : 0;
}

int boot_kernel_reload(struct kernel_image *k, struct av_err *err)
{
	struct kernel_image fresh;
	struct boot_blob blob;
	int ret;

	if (k->blob.data)
		return 0;
	if (k->streamed)
		return kernel_reload_streamed(k, err);
	ret = boot_file_read(&k->file, &blob, err);
	if (ret == -ESTALE)
		return boot_reload_changed(err, "kernel", k->file.path);
	if (ret) {
		av_err_prefix(err, "kernel");
		return ret;
	}
	ret = boot_parse_kernel(&blob, &fresh, err);
	if (ret) {
		av_err_prefix(err, "kernel '%s'", k->file.path);
		return ret;
	}
	if (!kernel_same_layout(k, &fresh)) {
		boot_kernel_free(&fresh);
		return boot_reload_changed(err, "kernel", k->file.path);
	}
	k->blob = fresh.blob;
	return 0;
}
