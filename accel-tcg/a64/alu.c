// SPDX-License-Identifier: GPL-2.0
/*
 * Integer helper tables and DecodeBitMasks (ARM ARM J1, shared
 * pseudocode aarch64/instrs/integer/bitmasks).
 */
#include "a64.h"

/* Build bit n (n = NZCV nibble) for each condition code, cond 0..15. */
#define N_(x)	(((x) >> 3) & 1)
#define Z_(x)	(((x) >> 2) & 1)
#define C_(x)	(((x) >> 1) & 1)
#define V_(x)	((x) & 1)
#define ROW(expr) ( \
	((expr(0)) << 0) | ((expr(1)) << 1) | ((expr(2)) << 2) | ((expr(3)) << 3) | \
	((expr(4)) << 4) | ((expr(5)) << 5) | ((expr(6)) << 6) | ((expr(7)) << 7) | \
	((expr(8)) << 8) | ((expr(9)) << 9) | ((expr(10)) << 10) | ((expr(11)) << 11) | \
	((expr(12)) << 12) | ((expr(13)) << 13) | ((expr(14)) << 14) | ((expr(15)) << 15))

#define EQ(x)	(Z_(x))
#define CS(x)	(C_(x))
#define MI(x)	(N_(x))
#define VS(x)	(V_(x))
#define HI(x)	(C_(x) & !Z_(x))
#define GE(x)	(N_(x) == V_(x))
#define GT(x)	((N_(x) == V_(x)) & !Z_(x))
#define AL(x)	(1)
#define NOT(f)	(!(f))
#define NE(x)	NOT(EQ(x))
#define CC(x)	NOT(CS(x))
#define PL(x)	NOT(MI(x))
#define VC(x)	NOT(VS(x))
#define LS(x)	NOT(HI(x))
#define LT(x)	NOT(GE(x))
#define LE(x)	NOT(GT(x))

/* ConditionHolds: cond<0> inverts, except that 1111 (NV) is also "always". */
const uint16_t alu_cond_table[16] = {
	ROW(EQ), ROW(NE), ROW(CS), ROW(CC), ROW(MI), ROW(PL), ROW(VS), ROW(VC),
	ROW(HI), ROW(LS), ROW(GE), ROW(LT), ROW(GT), ROW(LE), ROW(AL), ROW(AL),
};

static uint64_t alu_replicate(uint64_t pattern, unsigned int esize)
{
	uint64_t r = pattern & alu_ones(esize);
	unsigned int s;

	for (s = esize; s < 64; s *= 2)
		r |= r << s;
	return r;
}

bool alu_decode_bitmasks(unsigned int n, unsigned int imms, unsigned int immr,
			 bool immediate, unsigned int datasize,
			 uint64_t *wmask, uint64_t *tmask)
{
	unsigned int combined = (n << 6) | (~imms & 0x3f);
	unsigned int len, esize, levels, s, r, d;
	uint64_t welem, telem;

	if (!combined)
		return false;
	len = 31 - __builtin_clz(combined);
	if (len < 1)
		return false;
	esize = 1u << len;
	if (esize > datasize)
		return false;
	levels = esize - 1;
	/* Logical immediates may not be all ones within an element. */
	if (immediate && (imms & levels) == levels)
		return false;
	s = imms & levels;
	r = immr & levels;
	d = (s - r) & levels;
	welem = alu_ones(s + 1);
	telem = alu_ones(d + 1);
	/* ROR(welem, r) within esize bits. */
	if (r)
		welem = ((welem >> r) | (welem << (esize - r))) & alu_ones(esize);
	*wmask = alu_replicate(welem, esize);
	*tmask = alu_replicate(telem, esize);
	if (datasize == 32) {
		*wmask &= 0xffffffffull;
		*tmask &= 0xffffffffull;
	}
	return true;
}
