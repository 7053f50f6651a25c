// SPDX-License-Identifier: GPL-2.0
/*
 * Linux EFI zboot images (CONFIG_EFI_ZBOOT, Linux 6.1+,
 * drivers/firmware/efi/libstub/zboot-header.S): a PE/COFF "MZ" stub with
 * "zimg" at offset 4, the compressed payload's offset and size (LE32) at
 * 8 and 12, and the compression's name at 24. The payload is a plain
 * arm64 Image. QEMU unpacks gzip ones since 8.0 (hw/core/loader.c,
 * unpack_efi_zboot_image); we do the same, and name the compression
 * when it is another, instead of booting an EFI stub that needs firmware.
 */
#include <errno.h>
#include <string.h>

#include "boot.h"

#define ZBOOT_HDR_SIZE		64
#define ZBOOT_COMP_OFF		24
#define ZBOOT_COMP_LEN		32

int boot_zboot_has_magic(const uint8_t *data, size_t size)
{
	return size >= 8 && data[0] == 'M' && data[1] == 'Z' &&
	       !memcmp(data + 4, "zimg", 4);
}

int boot_zboot_unpack(const struct boot_blob *blob, struct boot_blob *out,
		      struct av_err *err)
{
	const uint8_t *h = blob->data;
	char comp[ZBOOT_COMP_LEN + 1];
	uint32_t off, size;

	if (blob->size < ZBOOT_HDR_SIZE)
		return av_errf(err, EINVAL, "truncated EFI zboot header");
	memcpy(comp, h + ZBOOT_COMP_OFF, ZBOOT_COMP_LEN);
	comp[ZBOOT_COMP_LEN] = '\0';
	if (strcmp(comp, "gzip"))
		return av_errf(err, EINVAL,
			       "EFI zboot image with '%s' compression is not supported (only gzip)",
			       comp);
	off = boot_le32(h + 8);
	size = boot_le32(h + 12);
	if (off > blob->size || size > blob->size - off)
		return av_errf(err, EINVAL,
			       "EFI zboot payload (%u bytes at %u) runs past the end of the file",
			       size, off);
	return boot_gunzip(h + off, size, BOOT_GUNZIP_MAX, out, err);
}
