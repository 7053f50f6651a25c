// SPDX-License-Identifier: GPL-2.0
/*
 * U-Boot legacy images ("uImage", U-Boot include/image.h): a 64-byte big
 * endian header (magic 0x27051956, header CRC, time, size, load, entry,
 * data CRC, os, arch, type, comp, name) then the payload. Both CRCs are
 * zlib's crc32; the header CRC is computed with its own field zeroed.
 *
 * QEMU (hw/core/loader.c, load_uboot_image) checks neither CRC nor arch;
 * we do, because a corrupt or foreign image otherwise fails much later
 * inside the guest with nothing to say why.
 */
#include <errno.h>
#include <string.h>
#include <zlib.h>

#include "boot.h"

int boot_uimage_has_magic(const uint8_t *data, size_t size)
{
	return size >= 4 && boot_be32(data) == BOOT_UIMAGE_MAGIC;
}

static int uimage_check_hcrc(const uint8_t *data, struct av_err *err)
{
	uint8_t hdr[BOOT_UIMAGE_HDR_SIZE];
	uint32_t want = boot_be32(data + 4), got;

	memcpy(hdr, data, sizeof(hdr));
	memset(hdr + 4, 0, 4);
	got = (uint32_t)crc32(0L, hdr, sizeof(hdr));
	if (got != want)
		return av_errf(err, EINVAL,
			       "bad uImage header CRC (header says 0x%08x, computed 0x%08x)",
			       want, got);
	return 0;
}

static int uimage_check_dcrc(const struct boot_uimage *u, uint32_t want,
			     struct av_err *err)
{
	uLong crc = crc32(0L, Z_NULL, 0);
	const uint8_t *p = u->payload;
	size_t left = u->size;
	uInt n;

	while (left) {
		n = left > 0x40000000 ? 0x40000000 : (uInt)left;
		crc = crc32(crc, p, n);
		p += n;
		left -= n;
	}
	if ((uint32_t)crc != want)
		return av_errf(err, EINVAL,
			       "bad uImage data CRC (header says 0x%08x, computed 0x%08x)",
			       want, (uint32_t)crc);
	return 0;
}

static void uimage_fields(const uint8_t *h, struct boot_uimage *u)
{
	u->size = boot_be32(h + 12);
	u->load = boot_be32(h + 16);
	u->ep = boot_be32(h + 20);
	u->os = h[28];
	u->arch = h[29];
	u->type = h[30];
	u->comp = h[31];
	u->payload = h + BOOT_UIMAGE_HDR_SIZE;
}

int boot_uimage_parse(const uint8_t *data, size_t size,
		      struct boot_uimage *out, struct av_err *err)
{
	int ret;

	if (!boot_uimage_has_magic(data, size))
		return av_errf(err, EINVAL, "not a uImage (bad magic)");
	if (size < BOOT_UIMAGE_HDR_SIZE)
		return av_errf(err, EINVAL, "truncated uImage header (%zu of %d bytes)",
			       size, BOOT_UIMAGE_HDR_SIZE);
	ret = uimage_check_hcrc(data, err);
	if (ret)
		return ret;
	uimage_fields(data, out);
	if (out->size > size - BOOT_UIMAGE_HDR_SIZE)
		return av_errf(err, EINVAL,
			       "truncated uImage: header says %u data bytes, file has %zu",
			       out->size, size - BOOT_UIMAGE_HDR_SIZE);
	ret = uimage_check_dcrc(out, boot_be32(data + 24), err);
	if (ret)
		return ret;
	if (out->arch != BOOT_UIMAGE_ARCH_ARM64 && out->arch != BOOT_UIMAGE_ARCH_ARM)
		return av_errf(err, EINVAL,
			       "uImage is for architecture %u, not arm64 (%u) or arm (%u)",
			       out->arch, BOOT_UIMAGE_ARCH_ARM64, BOOT_UIMAGE_ARCH_ARM);
	return 0;
}
