// SPDX-License-Identifier: GPL-2.0
/*
 * FP conversions (ARM ARM J1: FPConvert, FPToFixed, FixedToFP,
 * FPRoundInt, FPRoundBase). Values narrowed from a wider format are
 * exact doubles, so rounding is done here in software with every ARM
 * mode (incl. ties-away and round-to-odd), tininess before rounding and
 * FZ. Integer sources use the host conversion in the FPCR mode.
 */
#include <math.h>

#include "fpsimd.h"

static unsigned int frac_bits(unsigned int esz)
{
	return esz == 1 ? 10 : esz == 2 ? 23 : 52;
}

static unsigned int exp_bits(unsigned int esz)
{
	return esz == 1 ? 5 : esz == 2 ? 8 : 11;
}

/* Should a positive magnitude with fraction frac round up? */
static bool round_up(unsigned int mode, bool neg, double frac, uint64_t m)
{
	switch (mode) {
	case FPR_NEAREST: return frac > 0.5 || (frac == 0.5 && (m & 1));
	case FPR_AWAY: return frac >= 0.5;
	case FPR_POSINF: return frac > 0 && !neg;
	case FPR_NEGINF: return frac > 0 && neg;
	default: return false;
	}
}

/* Overflow: Inf, or the largest finite value when the mode rounds toward 0. */
static uint64_t overflow_result(unsigned int esz, unsigned int mode, bool neg)
{
	uint64_t inf = ((1ull << exp_bits(esz)) - 1) << frac_bits(esz);
	bool to_inf = mode == FPR_NEAREST || mode == FPR_AWAY ||
		      (mode == FPR_POSINF && !neg) || (mode == FPR_NEGINF && neg);

	return to_inf ? inf : inf - 1;
}

/*
 * FPRoundBase for a finite non-zero exact value ax > 0 (sign apart)
 * into format esz (1 or 2; 3 only from exact sources).
 */
static uint64_t round_pack(struct fp_status *st, unsigned int esz, bool neg,
			   double ax, unsigned int mode, bool ahp)
{
	unsigned int fb = frac_bits(esz), eb = exp_bits(esz);
	int bias = (1 << (eb - 1)) - 1, emin = 1 - bias, e, qexp;
	uint64_t sign = neg ? fp_sign_bit(esz) : 0, m, biased;
	double q, iq;
	bool inexact;

	frexp(ax, &e);
	e -= 1;			/* ax = 1.f * 2^e */
	if (e < emin && esz >= 2 && (st->fpcr & FPCR_FZ)) {
		st->exc |= FPSR_UFC;
		return sign;
	}
	qexp = (e < emin ? emin : e) - (int)fb;
	q = ldexp(ax, -qexp);	/* exact: a power-of-two scaling */
	iq = floor(q);
	m = (uint64_t)iq;
	inexact = q != iq;
	if (mode == FPR_ODD)
		m |= inexact;
	else if (round_up(mode, neg, q - iq, m))
		m++;
	biased = m >> fb ? (uint64_t)(qexp + (int)fb + bias) : 0;
	if (m >> (fb + 1)) {	/* rounded up into the next binade */
		m >>= 1;
		biased++;
	}
	if (ahp && biased > 31) {
		st->exc |= FPSR_IOC;
		return sign | 0x7fff;
	}
	if (!ahp && biased >= (1ull << eb) - 1) {
		st->exc |= FPSR_OFC | FPSR_IXC;
		return sign | overflow_result(esz, mode == FPR_ODD ? FPR_ZERO : mode, neg);
	}
	if (inexact)
		st->exc |= FPSR_IXC | (e < emin ? FPSR_UFC : 0);
	return sign | (biased << fb) | (m & ((1ull << fb) - 1));
}

/* FPConvertNaN: keep the sign and the top of the payload, set quiet. */
static uint64_t convert_nan(struct fp_status *st, unsigned int from, unsigned int to,
			    uint64_t a)
{
	unsigned int ff = frac_bits(from), tf = frac_bits(to);
	uint64_t payload, sign = (a & fp_sign_bit(from)) ? fp_sign_bit(to) : 0;

	a = fp_process_nan(st, from, a);
	if (st->fpcr & FPCR_DN)
		return fp_default_nan(to);
	payload = a & ((1ull << ff) - 1);
	payload = ff > tf ? payload >> (ff - tf) : payload << (tf - ff);
	return sign | fp_default_nan(to) | payload;
}

uint64_t fp_convert(struct fp_status *st, unsigned int from, unsigned int to,
		    uint64_t a, unsigned int mode)
{
	bool ahp = (st->fpcr & FPCR_AHP) != 0;
	bool neg = (a & fp_sign_bit(from)) != 0;
	uint64_t sign = neg ? fp_sign_bit(to) : 0;
	double x;

	mode = fp_mode(st, mode);
	a = fp_flush_in(st, from, a);
	if (!(from == 1 && ahp) && fp_is_nan(from, a)) {
		if (to == 1 && ahp) {	/* no NaNs in the alternative format */
			st->exc |= FPSR_IOC;
			return sign;
		}
		return convert_nan(st, from, to, a);
	}
	if (fp_is_zero(from, a))
		return sign;
	if (!(from == 1 && ahp) && fp_is_inf(from, a)) {
		if (to == 1 && ahp) {
			st->exc |= FPSR_IOC;
			return sign | 0x7fff;
		}
		return sign | (((1ull << exp_bits(to)) - 1) << frac_bits(to));
	}
	x = fabs(fp_to_double(from, a, ahp));
	return round_pack(st, to, neg, x, mode, to == 1 && ahp);
}

/* Round x (finite) to an integral double in the given mode. */
static double round_integral(double x, unsigned int mode)
{
	double r = floor(x), frac = x - r;

	switch (mode) {
	case FPR_NEAREST:
		if (frac > 0.5 || (frac == 0.5 && fmod(r, 2.0) != 0))
			r += 1;
		break;
	case FPR_AWAY: r = round(x); break;
	case FPR_POSINF: r = ceil(x); break;
	case FPR_NEGINF: break;
	default: r = trunc(x); break;
	}
	return copysign(r, x);	/* -0.3 rounds to -0 */
}

uint64_t fp_to_fixed(struct fp_status *st, unsigned int esz, uint64_t a,
		     unsigned int mode, unsigned int fbits, bool sgn,
		     unsigned int out_bits)
{
	double x, r, lim = ldexp(1.0, (int)out_bits - (sgn ? 1 : 0));
	uint64_t mask = out_bits == 64 ? ~0ull : (1ull << out_bits) - 1;

	a = fp_flush_in(st, esz, a);
	if (fp_is_nan(esz, a)) {
		st->exc |= FPSR_IOC;
		return 0;
	}
	x = ldexp(fp_to_double(esz, a, (st->fpcr & FPCR_AHP) && esz == 1), (int)fbits);
	r = round_integral(x, fp_mode(st, mode));
	if (r >= lim) {
		st->exc |= FPSR_IOC;
		return sgn ? (mask >> 1) : mask;
	}
	if (r < (sgn ? -lim : 0)) {
		st->exc |= FPSR_IOC;
		return sgn ? ((mask >> 1) + 1) & mask : 0;
	}
	if (r != x)
		st->exc |= FPSR_IXC;
	return sgn ? (uint64_t)(int64_t)r & mask : (uint64_t)r;
}

/*
 * Host integer -> FP conversion in the FPCR mode. Only signed 64-bit
 * conversions are used (one correctly rounded instruction on x86-64 and
 * arm64); compilers expand unsigned ones into sequences that are only
 * right in round-to-nearest. An unsigned value >= 2^63 is halved first
 * with its low bit kept as a sticky bit, which rounds the same way.
 */
static uint64_t host_from_int(struct fp_status *st, unsigned int esz, uint64_t v,
			      bool sgn, unsigned int fbits)
{
	int scale = -(int)fbits;
	volatile int64_t sv;
	uint32_t saved;
	uint64_t r = 0;

	if (sgn || (int64_t)v >= 0) {
		sv = (int64_t)v;
	} else {
		sv = (int64_t)((v >> 1) | (v & 1));
		scale++;
	}
	saved = host_fp_enter(fp_rmode(st));
	if (esz == 2) {
		volatile float f = (float)sv;
		float g = ldexpf(f, scale);	/* exact: >= 2^-64 */
		uint32_t w;

		memcpy(&w, &g, 4);
		r = w;
	} else {
		volatile double d = (double)sv;
		double g = ldexp(d, scale);

		memcpy(&r, &g, 8);
	}
	st->exc |= host_fp_leave(saved) & FPSR_IXC;
	return r;
}

/* SCVTF/UCVTF: esz 2 or 3 (half precision targets need FEAT_FP16). */
uint64_t fp_from_fixed(struct fp_status *st, unsigned int esz, uint64_t v,
		       bool sgn, unsigned int in_bits, unsigned int fbits)
{
	if (in_bits == 32)
		v = sgn ? (uint64_t)(int64_t)(int32_t)v : (uint32_t)v;
	return host_from_int(st, esz, v, sgn, fbits);
}

uint64_t fp_round_int(struct fp_status *st, unsigned int esz, uint64_t a,
		      unsigned int mode, bool exact)
{
	uint64_t r;
	double x, y;

	a = fp_flush_in(st, esz, a);
	if (fp_is_nan(esz, a))
		return fp_process_nan(st, esz, a);
	if (fp_is_inf(esz, a) || fp_is_zero(esz, a))
		return a;
	x = fp_to_double(esz, a, false);
	y = round_integral(x, fp_mode(st, mode));
	if (exact && y != x)
		st->exc |= FPSR_IXC;
	if (esz == 3) {
		memcpy(&r, &y, 8);
		return r;
	}
	/* |y| is integral and representable: convert without flags. */
	if (y == 0)
		return a & fp_sign_bit(esz);
	{
		struct fp_status tmp = { .fpcr = 0, .exc = 0 };

		return round_pack(&tmp, esz, y < 0, fabs(y), FPR_ZERO, false);
	}
}
