// SPDX-License-Identifier: GPL-2.0
/*
 * ELF64 kernels for bare-metal programs (System V gABI; AArch64 ELF
 * supplement: EM_AARCH64 = 183). Like QEMU's loader (hw/core/elf_ops.h)
 * each PT_LOAD segment goes to its physical address p_paddr, with
 * p_memsz - p_filesz bytes of zeros after its file bytes, and the CPU
 * starts at e_entry. QEMU treats ELF files as not Linux: no x0 = DTB.
 *
 * Everything in the file is checked before use: a truncated header, a
 * program header table or segment past the end of the file, sizes that
 * overflow, or another machine is an error, never a wild read.
 */
#include <errno.h>
#include <string.h>

#include "boot.h"

#define EHDR_SIZE	64
#define PHDR_SIZE	56
#define EM_AARCH64	183
#define PT_LOAD		1

struct elf_seg {
	uint64_t offset, paddr, filesz, memsz;
};

int boot_elf_has_magic(const uint8_t *data, size_t size)
{
	return size >= 4 && !memcmp(data, "\x7f" "ELF", 4);
}

static const char *elf_machine_name(unsigned int m)
{
	switch (m) {
	case 3:		return "i386";
	case 40:	return "32-bit Arm";
	case 62:	return "x86-64";
	case 243:	return "RISC-V";
	default:	return "unknown";
	}
}

static int elf_check_ident(const uint8_t *d, size_t size, struct av_err *err)
{
	unsigned int machine;

	if (size < EHDR_SIZE)
		return av_errf(err, EINVAL, "truncated ELF header (%zu of %d bytes)",
			       size, EHDR_SIZE);
	if (d[4] != 2)
		return av_errf(err, EINVAL,
			       "ELF class %u is not supported: need ELF64 for AArch64",
			       d[4]);
	if (d[5] != 1)
		return av_errf(err, EINVAL,
			       "big-endian or unknown ELF data encoding %u: need little endian",
			       d[5]);
	machine = boot_le16(d + 18);
	if (machine != EM_AARCH64)
		return av_errf(err, EINVAL,
			       "ELF is for machine %u (%s), not AArch64 (%u)",
			       machine, elf_machine_name(machine), EM_AARCH64);
	return 0;
}

/* The program header table lies wholly inside the file. */
static int elf_check_phdrs(const uint8_t *d, size_t size, struct av_err *err)
{
	uint64_t phoff = boot_le64(d + 32);
	unsigned int phentsize = boot_le16(d + 54);
	unsigned int phnum = boot_le16(d + 56);

	if (phnum == 0)
		return av_errf(err, EINVAL, "ELF has no program headers");
	if (phentsize != PHDR_SIZE)
		return av_errf(err, EINVAL,
			       "ELF program header size %u, expected %d",
			       phentsize, PHDR_SIZE);
	if (phoff > size || (uint64_t)phnum * PHDR_SIZE > size - phoff)
		return av_errf(err, EINVAL,
			       "ELF program headers (%u at offset %llu) run past the end of the file",
			       phnum, (unsigned long long)phoff);
	return 0;
}

/* Segment i, or 0 when it is not a PT_LOAD with bytes in memory. */
static int elf_seg_get(const uint8_t *d, unsigned int i, struct elf_seg *s)
{
	const uint8_t *ph = d + boot_le64(d + 32) + (uint64_t)i * PHDR_SIZE;

	if (boot_le32(ph) != PT_LOAD)
		return 0;
	s->offset = boot_le64(ph + 8);
	s->paddr = boot_le64(ph + 24);
	s->filesz = boot_le64(ph + 32);
	s->memsz = boot_le64(ph + 40);
	return s->memsz != 0;
}

static int elf_check_seg(const struct elf_seg *s, unsigned int i, size_t size,
			 struct av_err *err)
{
	if (s->offset > size || s->filesz > size - s->offset)
		return av_errf(err, EINVAL,
			       "ELF segment %u (%llu bytes at offset %llu) runs past the end of the file",
			       i, (unsigned long long)s->filesz,
			       (unsigned long long)s->offset);
	if (s->filesz > s->memsz)
		return av_errf(err, EINVAL,
			       "ELF segment %u has more file bytes than memory bytes", i);
	if (s->paddr > UINT64_MAX - s->memsz)
		return av_errf(err, EOVERFLOW,
			       "ELF segment %u address 0x%llx + size overflows", i,
			       (unsigned long long)s->paddr);
	return 0;
}

/* Check every loadable segment; report the span [low, high) they cover. */
static int elf_scan(const struct boot_blob *b, uint64_t *low, uint64_t *high,
		    struct av_err *err)
{
	unsigned int i, phnum = boot_le16(b->data + 56), nload = 0;
	struct elf_seg s;
	int ret;

	*low = UINT64_MAX;
	*high = 0;
	for (i = 0; i < phnum; i++) {
		if (!elf_seg_get(b->data, i, &s))
			continue;
		ret = elf_check_seg(&s, i, b->size, err);
		if (ret)
			return ret;
		nload++;
		if (s.paddr < *low)
			*low = s.paddr;
		if (s.paddr + s.memsz > *high)
			*high = s.paddr + s.memsz;
	}
	if (!nload)
		return av_errf(err, EINVAL, "ELF has no loadable (PT_LOAD) segment");
	return 0;
}

int boot_elf_parse(const struct boot_blob *blob, struct kernel_image *k,
		   struct av_err *err)
{
	uint64_t low, high;
	int ret;

	ret = elf_check_ident(blob->data, blob->size, err);
	if (!ret)
		ret = elf_check_phdrs(blob->data, blob->size, err);
	if (!ret)
		ret = elf_scan(blob, &low, &high, err);
	if (ret)
		return ret;
	k->format = KERNEL_FORMAT_ELF;
	k->is_linux = 0;
	k->load_addr = low;
	k->image_size = high - low;
	k->entry = boot_le64(blob->data + 24);
	k->text_offset = 0;
	k->load_offset = 0;
	k->load_relative = 0;
	k->flags = 0;
	return 0;
}

static int elf_copy_seg(const struct boot_blob *b, const struct elf_seg *s,
			unsigned int i, struct guest_ram *ram, struct av_err *err)
{
	uint8_t *dst = guest_ram_ptr(ram, s->paddr, s->memsz);

	if (!dst)
		return av_errf(err, ERANGE,
			       "ELF segment %u (0x%llx, %llu bytes) is not inside guest RAM",
			       i, (unsigned long long)s->paddr,
			       (unsigned long long)s->memsz);
	memcpy(dst, b->data + s->offset, s->filesz);
	memset(dst + s->filesz, 0, s->memsz - s->filesz);
	return 0;
}

int boot_elf_copy(const struct kernel_image *k, struct guest_ram *ram,
		  struct av_err *err)
{
	const struct boot_blob *b = &k->blob;
	unsigned int i, phnum;
	uint64_t low, high;
	struct elf_seg s;
	int ret;

	/* Re-check: k may not come from boot_elf_parse. */
	ret = elf_check_ident(b->data, b->size, err);
	if (!ret)
		ret = elf_check_phdrs(b->data, b->size, err);
	if (!ret)
		ret = elf_scan(b, &low, &high, err);
	if (ret)
		return ret;
	phnum = boot_le16(b->data + 56);
	for (i = 0; i < phnum; i++) {
		if (!elf_seg_get(b->data, i, &s))
			continue;
		ret = elf_copy_seg(b, &s, i, ram, err);
		if (ret)
			return ret;
	}
	return 0;
}
