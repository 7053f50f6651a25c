// SPDX-License-Identifier: GPL-2.0
/*
 * fw_cfg as firmware drives it (QEMU docs/specs/fw_cfg.rst): the
 * signature and ID through the data register, the file directory, DMA
 * reads/skips/selects, and a hostile guest's DMA addresses.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "fw_cfg.h"

#define RAM_BASE	0x40000000ULL
#define RAM_SIZE	(1u << 20)
#define ACC		(RAM_BASE + 0x1000)	/* the FWCfgDmaAccess */
#define BUF		(RAM_BASE + 0x2000)

static struct guest_ram ram;
static struct fw_cfg *fc;
static unsigned int notified;

static void on_written(void *opaque, uint64_t gpa, uint64_t len)
{
	(void)opaque;
	ck_assert(guest_ram_contains(&ram, gpa, len));
	notified++;
}

static void setup(void)
{
	struct av_err err = { 0 };

	memset(&ram, 0, sizeof(ram));
	ram.base = RAM_BASE;
	ram.size = RAM_SIZE;
	ram.host = calloc(1, RAM_SIZE);
	ck_assert_ptr_nonnull(ram.host);
	fc = fw_cfg_create(&ram, on_written, NULL, &err);
	ck_assert_msg(fc != NULL, "%s", err.msg);
	notified = 0;
}

static void teardown(void)
{
	fw_cfg_destroy(fc);
	free(ram.host);
}

static void select_key(uint16_t key)
{
	/* Big-endian register: a little-endian guest stores the swapped value. */
	ck_assert_int_eq(fw_cfg_mmio_ops.write(fc, 8, 2, __builtin_bswap16(key)), 0);
}

static uint64_t data_read(unsigned int size)
{
	uint64_t v = 0;

	ck_assert_int_eq(fw_cfg_mmio_ops.read(fc, 0, size, &v), 0);
	return v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Write a FWCfgDmaAccess at acc and start it; returns its control after. */
static uint32_t dma(uint64_t acc, uint32_t control, uint32_t len, uint64_t addr)
{
	uint8_t *a = guest_ram_ptr(&ram, acc, 16);

	put_be32(a, control);
	put_be32(a + 4, len);
	put_be32(a + 8, (uint32_t)(addr >> 32));
	put_be32(a + 12, (uint32_t)addr);
	ck_assert_int_eq(fw_cfg_mmio_ops.write(fc, 16, 8, __builtin_bswap64(acc)), 0);
	return get_be32(a);
}

START_TEST(signature_and_id)
{
	uint64_t v = 0;
	char sig[5] = { 0 };

	select_key(FW_CFG_SIGNATURE);
	v = data_read(4);
	memcpy(sig, &v, 4);
	ck_assert_str_eq(sig, "QEMU");
	ck_assert_uint_eq(data_read(4), 0);		/* past the end */
	select_key(FW_CFG_ID);
	ck_assert_uint_eq(data_read(4), 3);		/* traditional + DMA */
	select_key(FW_CFG_SIGNATURE);
	ck_assert_uint_eq(data_read(1), 'Q');
	ck_assert_uint_eq(data_read(2), 'E' | 'M' << 8);
	ck_assert_int_eq(fw_cfg_mmio_ops.read(fc, 16, 8, &v), 0);
	ck_assert_mem_eq(&v, "QEMU CFG", 8);
}
END_TEST

START_TEST(file_directory_sorted)
{
	struct av_err err = { 0 };
	uint8_t *b = guest_ram_ptr(&ram, BUF, 256);

	ck_assert_int_eq(fw_cfg_add_file(fc, "opt/zz", "1234", 4, &err), 0);
	ck_assert_int_eq(fw_cfg_add_file(fc, "bootorder", "", 0, &err), 0);
	ck_assert_int_ne(fw_cfg_add_file(fc, "opt/zz", "x", 1, &err), 0);
	ck_assert_uint_eq(dma(ACC, (FW_CFG_FILE_DIR << 16) | 0x08 | 0x02, 4 + 2 * 64, BUF), 0);
	ck_assert_uint_eq(get_be32(b), 2);
	ck_assert_str_eq((char *)b + 4 + 8, "bootorder");
	ck_assert_uint_eq(b[4 + 4] << 8 | b[4 + 5], 0x21);
	ck_assert_str_eq((char *)b + 4 + 64 + 8, "opt/zz");
	ck_assert_uint_eq(get_be32(b + 4 + 64), 4);
	ck_assert_uint_eq(b[4 + 64 + 4] << 8 | b[4 + 64 + 5], 0x20);
	ck_assert_uint_eq(dma(ACC, (0x20 << 16) | 0x08 | 0x02, 8, BUF), 0);
	ck_assert_mem_eq(b, "1234\0\0\0\0", 8);		/* zeros past the end */
	ck_assert_uint_gt(notified, 0);
}
END_TEST

START_TEST(dma_skip_then_read)
{
	struct av_err err = { 0 };
	uint8_t *b = guest_ram_ptr(&ram, BUF, 16);

	ck_assert_int_eq(fw_cfg_add_bytes(fc, FW_CFG_CMDLINE_DATA, "console=ttyAMA0", 16, &err), 0);
	select_key(FW_CFG_CMDLINE_DATA);
	ck_assert_uint_eq(dma(ACC, 0x04, 8, 0), 0);	/* skip needs no buffer */
	ck_assert_uint_eq(dma(ACC, 0x02, 7, BUF), 0);
	ck_assert_mem_eq(b, "ttyAMA0", 7);
	/* Two 32-bit halves, high then low, start it too. */
	select_key(FW_CFG_CMDLINE_DATA);
	put_be32(guest_ram_ptr(&ram, ACC, 16), 0x02);
	put_be32(guest_ram_ptr(&ram, ACC + 4, 4), 3);
	put_be32(guest_ram_ptr(&ram, ACC + 8, 4), 0);
	put_be32(guest_ram_ptr(&ram, ACC + 12, 4), (uint32_t)BUF);
	ck_assert_int_eq(fw_cfg_mmio_ops.write(fc, 16, 4, 0), 0);
	ck_assert_int_eq(fw_cfg_mmio_ops.write(fc, 20, 4, __builtin_bswap32((uint32_t)ACC)), 0);
	ck_assert_uint_eq(get_be32(guest_ram_ptr(&ram, ACC, 4)), 0);
	ck_assert_mem_eq(b, "con", 3);
}
END_TEST

START_TEST(hostile_dma_addresses)
{
	uint8_t *b = guest_ram_ptr(&ram, BUF, 16);

	memset(b, 0xaa, 16);
	/* A buffer outside RAM, wrapping, or running off its end: error bit. */
	ck_assert_uint_eq(dma(ACC, (FW_CFG_SIGNATURE << 16) | 0x0a, 4, 0x1000), 1);
	ck_assert_uint_eq(dma(ACC, 0x02, 16, ~0ULL - 7), 1);
	ck_assert_uint_eq(dma(ACC, 0x02, 0xffffffff, BUF), 1);
	ck_assert_uint_eq(dma(ACC, 0x02, 8, RAM_BASE + RAM_SIZE - 4), 1);
	/* Writes are refused: no item is writable. */
	ck_assert_uint_eq(dma(ACC, 0x10, 4, BUF), 1);
	ck_assert_uint_eq(b[0], 0xaa);
	/* An access structure outside RAM, or straddling its end: ignored. */
	ck_assert_int_eq(fw_cfg_mmio_ops.write(fc, 16, 8, __builtin_bswap64(0x1000)), 0);
	ck_assert_int_eq(fw_cfg_mmio_ops.write(fc, 16, 8,
		__builtin_bswap64(RAM_BASE + RAM_SIZE - 8)), 0);
	/* Unknown keys read as nothing. */
	ck_assert_uint_eq(dma(ACC, (0x3fffu << 16) | 0x0a, 4, BUF), 0);
	ck_assert_mem_eq(b, "\0\0\0\0", 4);
}
END_TEST

START_TEST(bad_register_accesses)
{
	uint64_t v;

	ck_assert_int_eq(fw_cfg_mmio_ops.write(fc, 8, 4, 0), -22);
	ck_assert_int_eq(fw_cfg_mmio_ops.write(fc, 12, 2, 0), -22);
	ck_assert_int_eq(fw_cfg_mmio_ops.read(fc, 20, 8, &v), -22);
	ck_assert_int_eq(fw_cfg_mmio_ops.read(fc, 0x18, 4, &v), -22);
	ck_assert_int_eq(fw_cfg_mmio_ops.write(fc, 0, 8, 0), 0);	/* ignored */
	fw_cfg_reset(fc);
	ck_assert_uint_eq(data_read(8), 0);
}
END_TEST

static Suite *fw_cfg_suite(void)
{
	Suite *s = suite_create("fw_cfg");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, signature_and_id);
	tcase_add_test(tc, file_directory_sorted);
	tcase_add_test(tc, dma_skip_then_read);
	tcase_add_test(tc, hostile_dma_addresses);
	tcase_add_test(tc, bad_register_accesses);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(fw_cfg_suite());
}
