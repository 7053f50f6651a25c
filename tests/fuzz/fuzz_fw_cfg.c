// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over the firmware's devices as a hostile guest reaches
 * them: fw_cfg's registers and DMA interface (the access structures and
 * buffers it names live in guest RAM the input fills) and the CFI flash
 * bank's command state machine. Input:
 *
 *   [0..1] n: the first n % 4096 bytes after them fill guest RAM
 *   then 8-byte operations:
 *   [0] bit 0 device (fw_cfg, pflash), bit 1 write, bits 2-3 log2 size,
 *       bit 4 "DMA address in RAM" (fw_cfg: the value + RAM base)
 *   [1..2] offset   [3..6] value   [7] offset high bits (pflash)
 *
 * Guest RAM is 64 KiB; fw_cfg has every kind of item (numbers, a file,
 * bytes kept by reference). Each input starts from fresh devices. The
 * flash's mode hook (KVM adds or deletes a memory slot on each call) must
 * alternate, starting from read-array, and agree with the array flag.
 */
#include "fuzz_common.h"
#include "fw_cfg.h"
#include "pflash.h"

#define RAM_BASE	0x40000000ULL
#define RAM_SIZE	(64u << 10)
#define OP_SIZE		8

static uint8_t ram_bytes[RAM_SIZE];
static const char kernel[] = "MZ fake kernel bytes";

static void written(void *opaque, uint64_t gpa, uint64_t len)
{
	struct guest_ram *ram = opaque;

	if (!guest_ram_contains(ram, gpa, len))
		abort();
}

static struct fw_cfg *make_fw_cfg(struct guest_ram *ram)
{
	struct av_err err;
	struct fw_cfg *fc = fw_cfg_create(ram, written, ram, &err);

	if (!fc || fw_cfg_add_u16(fc, FW_CFG_NB_CPUS, 2, &err) ||
	    fw_cfg_add_u32(fc, FW_CFG_KERNEL_SIZE, sizeof(kernel), &err) ||
	    fw_cfg_add_bytes_ref(fc, FW_CFG_KERNEL_DATA, kernel, sizeof(kernel), &err) ||
	    fw_cfg_add_file(fc, "opt/org.example/x", "value", 5, &err) ||
	    fw_cfg_add_file(fc, "bootorder", "/pflash\n", 8, &err))
		abort();
	return fc;
}

static void fuzz_fw_cfg_op(struct fw_cfg *fc, const uint8_t *op, unsigned int size,
			   uint64_t val)
{
	uint64_t off = ((uint32_t)op[1] << 8 | op[2]) % (FW_CFG_MMIO_SIZE + 8);
	uint64_t got;

	if (op[0] & 0x10)
		val = size == 8 ? __builtin_bswap64(RAM_BASE + (val & 0xffff)) :
		      size == 4 && off == 20 ? __builtin_bswap32((uint32_t)(RAM_BASE + (val & 0xffff))) :
		      val;
	if (op[0] & 2)
		fw_cfg_mmio_ops.write(fc, off, size, val);
	else
		fw_cfg_mmio_ops.read(fc, off, size, &got);
}

struct mode_track {
	struct pflash *fl;
	bool array;
};

static void mode_changed(void *opaque, bool array)
{
	struct mode_track *t = opaque;

	if (array == t->array || !t->fl ||
	    atomic_load(pflash_array_flag(t->fl)) != array)
		abort();
	t->array = array;
}

static void fuzz_pflash_op(struct pflash *fl, const uint8_t *op, unsigned int size,
			   uint64_t val)
{
	/* Mostly the first blocks, sometimes anywhere (bounds). */
	uint64_t off = ((uint64_t)op[7] << 16 | (uint32_t)op[1] << 8 | op[2]);
	uint64_t got;

	if (op[7] & 0x80)
		off = off << 8 | op[3];
	if (op[0] & 2)
		pflash_mmio_ops.write(fl, off, size, val);
	else
		pflash_mmio_ops.read(fl, off, size, &got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct guest_ram ram = { .host = ram_bytes, .base = RAM_BASE, .size = RAM_SIZE };
	struct mode_track track = { .array = true };
	struct pflash_opts po = { .fd = -1, .mode = mode_changed, .opaque = &track };
	struct av_err err;
	struct fw_cfg *fc;
	struct pflash *fl;
	size_t n, i;

	if (size < 2)
		return 0;
	n = ((size_t)data[0] << 8 | data[1]) % 4096;
	data += 2;
	size -= 2;
	if (n > size)
		n = size;
	memset(ram_bytes, 0, sizeof(ram_bytes));
	memcpy(ram_bytes, data, n);
	data += n;
	size -= n;
	fc = make_fw_cfg(&ram);
	fl = pflash_create(&po, &err);
	if (!fl)
		abort();
	track.fl = fl;
	for (i = 0; i + OP_SIZE <= size; i += OP_SIZE) {
		const uint8_t *op = data + i;
		unsigned int sz = 1u << (op[0] >> 2 & 3);
		uint32_t v32;
		uint64_t val;

		memcpy(&v32, op + 3, 4);
		val = (uint64_t)v32 << (sz == 8 ? 32 : 0) | v32;
		if (op[0] & 1)
			fuzz_pflash_op(fl, op, sz, val);
		else
			fuzz_fw_cfg_op(fc, op, sz, val);
	}
	pflash_destroy(fl);
	fw_cfg_destroy(fc);
	return 0;
}
