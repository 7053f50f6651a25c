// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware devices through a snapshot (docs/snapshot.md,
 * "Firmware"): a flash bank without a file, programmed and left in
 * read-status mode, loads into a fresh bank with its bytes and its mode;
 * a buffered program caught half way goes on after the load; fw_cfg
 * continues a read where it stopped. Hostile records: a write state, a
 * buffer count or base the device never has, contents for a bank that
 * has a file, contents cut short, a selector or offset beyond the items,
 * a DMA address with a low half.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "fw_cfg.h"
#include "pflash.h"
#include "snap_stream.h"

#define STATE_LEN	16	/* cmd, status, wstate, array, remaining, buf_base */

static struct pflash *bank_new(bool readonly)
{
	struct pflash_opts o = { .fd = -1, .readonly = readonly };
	struct av_err err = { 0 };
	struct pflash *f = pflash_create(&o, &err);

	ck_assert_msg(f != NULL, "%s", err.msg);
	return f;
}

static void fl_wr(struct pflash *f, uint64_t off, uint64_t v)
{
	ck_assert_int_eq(pflash_mmio_ops.write(f, off, 4, v), 0);
}

static uint64_t fl_rd(struct pflash *f, uint64_t off)
{
	uint64_t v = 0;

	ck_assert_int_eq(pflash_mmio_ops.read(f, off, 4, &v), 0);
	return v;
}

static struct snap_wbuf fl_save(struct pflash *f)
{
	struct snap_wbuf w = { 0 };

	pflash_snap_save(f, &w);
	ck_assert(!w.nomem);
	return w;
}

static int fl_load(struct pflash *f, const uint8_t *p, size_t len, struct av_err *err)
{
	struct snap_rbuf r;
	int ret;

	snap_rbuf_init(&r, p, len);
	ret = pflash_snap_load(f, &r, err);
	return ret ? ret : snap_rbuf_done(&r) ? 0 : -EINVAL;
}

START_TEST(flash_round_trip)
{
	struct pflash *a = bank_new(false), *b = bank_new(false);
	struct av_err err = { 0 };
	struct snap_wbuf w;

	fl_wr(a, 0x40000, 0x00400040);			/* word program... */
	fl_wr(a, 0x40000, 0x12345678);			/* ...this word */
	w = fl_save(a);					/* read-status mode now */
	ck_assert_uint_eq(w.len, STATE_LEN + 1 + 2048 + 4096);	/* one page */
	ck_assert_int_eq(fl_load(b, w.buf, w.len, &err), 0);
	ck_assert(!atomic_load(pflash_array_flag(b)));
	ck_assert_uint_eq(fl_rd(b, 0) & 0xff, 0x80);	/* status: ready */
	fl_wr(b, 0, 0xffffffff);			/* read array */
	ck_assert(atomic_load(pflash_array_flag(b)));
	ck_assert_uint_eq(fl_rd(b, 0x40000), 0x12345678);
	ck_assert_uint_eq(fl_rd(b, 0x40004), 0);
	snap_wbuf_free(&w);
	pflash_destroy(a);
	pflash_destroy(b);
}
END_TEST

/* A buffered program saved between its words goes on after the load. */
START_TEST(flash_buffered_half_way)
{
	struct pflash *a = bank_new(false), *b = bank_new(false);
	struct av_err err = { 0 };
	struct snap_wbuf w;

	fl_wr(a, 0x1000, 0x00e800e8);
	fl_wr(a, 0x1000, 0x00010001);			/* 2 words */
	fl_wr(a, 0x1000, 0xaabbccdd);
	w = fl_save(a);
	ck_assert_int_eq(fl_load(b, w.buf, w.len, &err), 0);
	fl_wr(b, 0x1004, 0x11223344);
	fl_wr(b, 0x1000, 0x00d000d0);			/* confirm */
	fl_wr(b, 0, 0xffffffff);
	ck_assert_uint_eq(fl_rd(b, 0x1000), 0xaabbccdd);
	ck_assert_uint_eq(fl_rd(b, 0x1004), 0x11223344);
	snap_wbuf_free(&w);
	pflash_destroy(a);
	pflash_destroy(b);
}
END_TEST

START_TEST(flash_hostile)
{
	struct pflash *a = bank_new(false), *b = bank_new(false), *ro = bank_new(true);
	struct av_err err = { 0 };
	struct snap_wbuf w = fl_save(a);
	uint8_t *bad = malloc(w.len);

	memcpy(bad, w.buf, w.len);
	bad[2] = 4;					/* no such write state */
	ck_assert_int_eq(fl_load(b, bad, w.len, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "snapshot: the flash bank's command state is malformed");
	memcpy(bad, w.buf, w.len);
	bad[5] = 0x10;					/* remaining 4096: beyond the buffer */
	ck_assert_int_eq(fl_load(b, bad, w.len, &err), -EINVAL);
	memcpy(bad, w.buf, w.len);
	bad[8] = 0x10;					/* buf_base: not a buffer's start */
	ck_assert_int_eq(fl_load(b, bad, w.len, &err), -EINVAL);
	memcpy(bad, w.buf, w.len);
	bad[15] = 0x80;					/* buf_base: past the bank */
	ck_assert_int_eq(fl_load(b, bad, w.len, &err), -EINVAL);
	ck_assert_int_eq(fl_load(ro, w.buf, w.len, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "snapshot: it has the contents of a flash bank that has "
			 "a file or is read-only here");
	memcpy(bad, w.buf, w.len);
	bad[STATE_LEN + 1] = 1;				/* page 0 present, not there */
	ck_assert_int_eq(fl_load(b, bad, w.len, &err), -EINVAL);
	for (size_t n = 0; n < w.len; n++)
		ck_assert_int_ne(fl_load(b, w.buf, n, &err), 0);
	free(bad);
	snap_wbuf_free(&w);
	pflash_destroy(a);
	pflash_destroy(b);
	pflash_destroy(ro);
}
END_TEST

/* ---- fw_cfg ---- */

static struct guest_ram ram;

static struct fw_cfg *fc_new(void)
{
	struct av_err err = { 0 };
	struct fw_cfg *fc = fw_cfg_create(&ram, NULL, NULL, &err);

	ck_assert_msg(fc != NULL, "%s", err.msg);
	ck_assert_int_eq(fw_cfg_add_bytes(fc, FW_CFG_CMDLINE_DATA, "console=ttyAMA0", 16,
					  &err), 0);
	return fc;
}

static uint64_t fc_read1(struct fw_cfg *fc)
{
	uint64_t v = 0;

	ck_assert_int_eq(fw_cfg_mmio_ops.read(fc, 0, 1, &v), 0);
	return v;
}

static int fc_load(struct fw_cfg *fc, uint32_t cur, uint64_t off, uint64_t dma,
		   struct av_err *err)
{
	struct snap_wbuf w = { 0 };
	struct snap_rbuf r;
	int ret;

	snap_put_u32(&w, cur);
	snap_put_u64(&w, off);
	snap_put_u64(&w, dma);
	snap_rbuf_init(&r, w.buf, w.len);
	ret = fw_cfg_snap_load(fc, &r, err);
	snap_wbuf_free(&w);
	return ret;
}

START_TEST(fw_cfg_continues)
{
	struct fw_cfg *a = fc_new(), *b = fc_new();
	struct snap_wbuf w = { 0 };
	struct snap_rbuf r;
	struct av_err err = { 0 };

	ck_assert_int_eq(fw_cfg_mmio_ops.write(a, 8, 2, __builtin_bswap16(FW_CFG_CMDLINE_DATA)),
			 0);
	ck_assert_uint_eq(fc_read1(a), 'c');
	ck_assert_uint_eq(fc_read1(a), 'o');
	fw_cfg_snap_save(a, &w);
	snap_rbuf_init(&r, w.buf, w.len);
	ck_assert_int_eq(fw_cfg_snap_load(b, &r, &err), 0);
	ck_assert(snap_rbuf_done(&r));
	ck_assert_uint_eq(fc_read1(b), 'n');
	snap_wbuf_free(&w);
	fw_cfg_destroy(a);
	fw_cfg_destroy(b);
}
END_TEST

START_TEST(fw_cfg_hostile)
{
	struct fw_cfg *fc = fc_new();
	struct av_err err = { 0 };

	ck_assert_int_eq(fc_load(fc, FW_CFG_CMDLINE_DATA, 17, 0, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "snapshot: fw_cfg item 0x15 is read at offset 17, "
			 "past its 16 bytes");
	ck_assert_int_eq(fc_load(fc, FW_CFG_CMDLINE_DATA, 16, 0, &err), 0);
	ck_assert_int_eq(fc_load(fc, FW_CFG_FILE_FIRST + FW_CFG_MAX_FILES + 1, 0, 0, &err),
			 -EINVAL);
	ck_assert_int_eq(fc_load(fc, FW_CFG_FILE_FIRST + FW_CFG_MAX_FILES, 1, 0, &err),
			 -EINVAL);				/* nothing selected */
	ck_assert_int_eq(fc_load(fc, 0, 0, 0x1234, &err), -EINVAL);
	ck_assert_int_eq(fc_load(fc, 0, 0, 0x1234ull << 32, &err), 0);
	fw_cfg_destroy(fc);
}
END_TEST

static Suite *snapshot_firmware_suite(void)
{
	Suite *s = suite_create("snapshot-firmware");
	TCase *tc = tcase_create("records");

	tcase_add_test(tc, flash_round_trip);
	tcase_add_test(tc, flash_buffered_half_way);
	tcase_add_test(tc, flash_hostile);
	tcase_add_test(tc, fw_cfg_continues);
	tcase_add_test(tc, fw_cfg_hostile);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(snapshot_firmware_suite());
}
