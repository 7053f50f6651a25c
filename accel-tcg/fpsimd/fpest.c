// SPDX-License-Identifier: GPL-2.0
/*
 * Reciprocal and reciprocal square root estimates and steps (ARM ARM J1
 * shared pseudocode: RecipEstimate, RecipSqrtEstimate, FPRecipEstimate,
 * FPRSqrtEstimate, UnsignedRecipEstimate, UnsignedRSqrtEstimate,
 * FPRecpX, FPRecipStepFused, FPRSqrtStepFused). The estimates are
 * architecturally exact bit patterns (8-bit tables computed here), not
 * approximations of 1/x.
 */
#include "fpsimd.h"

/* RecipEstimate: a in [256, 512) stands for 0.5 <= a/512 < 1.0. */
static unsigned int recip_estimate(unsigned int a)
{
	unsigned int b;

	a = a * 2 + 1;
	b = (1u << 19) / a;
	return (b + 1) / 2;
}

/* RecipSqrtEstimate: a in [128, 512) stands for 0.25 <= a/512 < 1.0. */
static unsigned int rsqrt_estimate(unsigned int a)
{
	uint64_t b = 512;

	if (a < 256) {
		a = a * 2 + 1;
	} else {
		a = (a >> 1) << 1;
		a = (a + 1) * 2;
	}
	while ((uint64_t)a * (b + 1) * (b + 1) < (1ull << 28))
		b++;
	return (unsigned int)((b + 1) / 2);
}

struct fp_parts {
	uint64_t sign;
	int exp;
	uint64_t frac;		/* the fraction, left-aligned to 52 bits */
	unsigned int ebits;
};

static void fp_split(unsigned int esz, uint64_t x, struct fp_parts *p)
{
	p->sign = x & fp_sign_bit(esz);
	if (esz == 2) {
		p->exp = (int)((x >> 23) & 0xff);
		p->frac = (x & 0x7fffff) << 29;
		p->ebits = 8;
	} else {
		p->exp = (int)((x >> 52) & 0x7ff);
		p->frac = x & ((1ull << 52) - 1);
		p->ebits = 11;
	}
}

static uint64_t fp_join(unsigned int esz, uint64_t sign, uint64_t exp, uint64_t frac52)
{
	if (esz == 2)
		return sign | (exp << 23) | (frac52 >> 29);
	return sign | (exp << 52) | frac52;
}

static uint64_t max_normal(unsigned int esz, uint64_t sign)
{
	return sign | (esz == 2 ? 0x7f7fffffull : 0x7fefffffffffffffull);
}

static uint64_t infinity(unsigned int esz, uint64_t sign)
{
	return sign | (esz == 2 ? 0x7f800000ull : 0x7ff0000000000000ull);
}

/* |x| < 2^-128 (single) or 2^-1024 (double): the estimate overflows. */
static uint64_t recpe_overflow(struct fp_status *st, unsigned int esz, uint64_t sign)
{
	unsigned int mode = fp_rmode(st);
	bool to_inf = mode == FPR_NEAREST || (mode == FPR_POSINF && !sign) ||
		      (mode == FPR_NEGINF && sign);

	st->exc |= FPSR_OFC | FPSR_IXC;
	return to_inf ? infinity(esz, sign) : max_normal(esz, sign);
}

uint64_t fp_recpe(struct fp_status *st, unsigned int esz, uint64_t x)
{
	struct fp_parts p;
	int rexp;
	uint64_t frac;

	x = fp_flush_in(st, esz, x);
	fp_split(esz, x, &p);
	if (fp_is_nan(esz, x))
		return fp_process_nan(st, esz, x);
	if (fp_is_inf(esz, x))
		return p.sign;
	if (fp_is_zero(esz, x)) {
		st->exc |= FPSR_DZC;
		return infinity(esz, p.sign);
	}
	/* Below 2^-128 / 2^-1024: denormal with the top two fraction bits 0. */
	if (p.exp == 0 && !(p.frac >> 50))
		return recpe_overflow(st, esz, p.sign);
	if ((st->fpcr & FPCR_FZ) && p.exp >= (esz == 2 ? 253 : 2045)) {
		st->exc |= FPSR_UFC;
		return p.sign;
	}
	if (p.exp == 0) {
		if (!(p.frac >> 51)) {
			p.exp = -1;
			p.frac = (p.frac << 2) & ((1ull << 52) - 1);
		} else {
			p.frac = (p.frac << 1) & ((1ull << 52) - 1);
		}
	}
	rexp = (esz == 2 ? 253 : 2045) - p.exp;
	frac = (uint64_t)(recip_estimate(256 | (unsigned int)(p.frac >> 44)) & 0xff) << 44;
	if (rexp == 0) {
		frac = (1ull << 51) | (frac >> 1);
	} else if (rexp == -1) {
		frac = (1ull << 50) | (frac >> 2);
		rexp = 0;
	}
	return fp_join(esz, p.sign, (uint64_t)rexp, frac);
}

uint64_t fp_rsqrte(struct fp_status *st, unsigned int esz, uint64_t x)
{
	struct fp_parts p;
	unsigned int scaled, est;
	uint64_t rexp;

	x = fp_flush_in(st, esz, x);
	fp_split(esz, x, &p);
	if (fp_is_nan(esz, x))
		return fp_process_nan(st, esz, x);
	if (fp_is_zero(esz, x)) {
		st->exc |= FPSR_DZC;
		return infinity(esz, p.sign);
	}
	if (p.sign) {
		st->exc |= FPSR_IOC;
		return fp_default_nan(esz);
	}
	if (fp_is_inf(esz, x))
		return 0;
	if (p.exp == 0) {
		while (!(p.frac >> 51)) {
			p.frac <<= 1;
			p.exp--;
		}
		p.frac = (p.frac << 1) & ((1ull << 52) - 1);
	}
	/* Even exponent: '1':fraction<51:44>; odd: '01':fraction<51:45>. */
	if (!(p.exp & 1))
		scaled = 256 | (unsigned int)(p.frac >> 44);
	else
		scaled = 128 | (unsigned int)(p.frac >> 45);
	rexp = (uint64_t)(((esz == 2 ? 380 : 3068) - p.exp) / 2);
	est = rsqrt_estimate(scaled) & 0xff;
	return fp_join(esz, 0, rexp, (uint64_t)est << 44);
}

uint32_t fp_urecpe(uint32_t x)
{
	if (!(x >> 31))
		return 0xffffffffu;
	return (recip_estimate(x >> 23) & 0x1ff) << 23;
}

uint32_t fp_ursqrte(uint32_t x)
{
	if (!(x >> 30))
		return 0xffffffffu;
	return (rsqrt_estimate(x >> 23) & 0x1ff) << 23;
}

/* FRECPX: exponent inverted, fraction cleared; zero/denormal -> max exponent. */
uint64_t fp_recpx(struct fp_status *st, unsigned int esz, uint64_t x)
{
	struct fp_parts p;
	uint64_t emax;

	x = fp_flush_in(st, esz, x);
	if (fp_is_nan(esz, x))
		return fp_process_nan(st, esz, x);
	fp_split(esz, x, &p);
	emax = (1ull << p.ebits) - 1;
	if (p.exp == 0)
		return fp_join(esz, p.sign, emax - 1, 0);
	return fp_join(esz, p.sign, ~(uint64_t)p.exp & emax, 0);
}

/*
 * Halve x exactly by lowering its exponent field, when that field is at
 * least 2 (Inf stays Inf). Returns false when x is too small for that.
 */
static bool halve_exact(unsigned int esz, uint64_t *x)
{
	unsigned int fb = esz == 2 ? 23 : 52;
	uint64_t e = (*x >> fb) & (esz == 2 ? 0xff : 0x7ff);

	if (e < 2)
		return false;
	if (!fp_is_inf(esz, *x))
		*x -= 1ull << fb;
	return true;
}

/*
 * FRECPS: 2 - n*m, FRSQRTS: (3 - n*m) / 2, each with one rounding; Inf * 0
 * gives 2.0 / 1.5 exactly. For FRSQRTS one factor is halved exactly
 * first, so that 1.5 - n'*m is the fused result even where (3 - n*m)
 * would overflow; with both factors tiny the product cannot matter
 * beyond its sign and (3 - n*m) / 2 rounds the same way.
 */
uint64_t fp_recps(struct fp_status *st, unsigned int esz, uint64_t n, uint64_t m,
		  bool rsqrt)
{
	uint64_t sign = fp_sign_bit(esz), r;
	uint64_t two = esz == 2 ? 0x40000000ull : 0x4000000000000000ull;
	uint64_t three = esz == 2 ? 0x40400000ull : 0x4008000000000000ull;
	uint64_t one_half = esz == 2 ? 0x3fc00000ull : 0x3ff8000000000000ull;

	n = fp_flush_in(st, esz, n) ^ sign;
	m = fp_flush_in(st, esz, m);
	if (fp_nans2(st, esz, n, m, &r))
		return r;
	if ((fp_is_inf(esz, n) && fp_is_zero(esz, m)) ||
	    (fp_is_zero(esz, n) && fp_is_inf(esz, m)))
		return rsqrt ? one_half : two;
	if (!rsqrt)
		return fp_muladd(st, esz, two, n, m);
	if (halve_exact(esz, &n) || halve_exact(esz, &m))
		return fp_muladd(st, esz, one_half, n, m);
	r = fp_muladd(st, esz, three, n, m);
	return r - (1ull << (esz == 2 ? 23 : 52));	/* ~3, normal: exact halving */
}
