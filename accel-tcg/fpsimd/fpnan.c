// SPDX-License-Identifier: GPL-2.0
/*
 * FP value classification and the ARM NaN rules (ARM ARM J1 shared
 * pseudocode: FPUnpack, FPProcessNaN, FPProcessNaNs, FPProcessNaNs3,
 * FPDefaultNaN): a signalling NaN operand wins over a quiet one, then
 * operand order decides; the chosen NaN is quieted (FPSR.IOC if it was
 * signalling) or replaced by the default NaN when FPCR.DN is set.
 */
#include <math.h>

#include "fpsimd.h"

static unsigned int frac_bits(unsigned int esz)
{
	return esz == 1 ? 10 : esz == 2 ? 23 : 52;
}

static uint64_t exp_mask(unsigned int esz)
{
	unsigned int fb = frac_bits(esz);

	return (esz_mask(esz) >> 1) & ~((1ull << fb) - 1);
}

static uint64_t frac_mask(unsigned int esz)
{
	return (1ull << frac_bits(esz)) - 1;
}

uint64_t fp_sign_bit(unsigned int esz)
{
	return 1ull << ((8u << esz) - 1);
}

bool fp_is_nan(unsigned int esz, uint64_t x)
{
	return (x & exp_mask(esz)) == exp_mask(esz) && (x & frac_mask(esz));
}

bool fp_is_snan(unsigned int esz, uint64_t x)
{
	return fp_is_nan(esz, x) && !(x & (1ull << (frac_bits(esz) - 1)));
}

bool fp_is_inf(unsigned int esz, uint64_t x)
{
	return (x & (esz_mask(esz) >> 1)) == exp_mask(esz);
}

bool fp_is_zero(unsigned int esz, uint64_t x)
{
	return (x & (esz_mask(esz) >> 1)) == 0;
}

bool fp_is_denormal(unsigned int esz, uint64_t x)
{
	return !(x & exp_mask(esz)) && (x & frac_mask(esz));
}

/* FPDefaultNaN: positive, quiet, zero payload. */
uint64_t fp_default_nan(unsigned int esz)
{
	return exp_mask(esz) | (1ull << (frac_bits(esz) - 1));
}

uint64_t fp_process_nan(struct fp_status *st, unsigned int esz, uint64_t x)
{
	if (fp_is_snan(esz, x)) {
		st->exc |= FPSR_IOC;
		x |= 1ull << (frac_bits(esz) - 1);
	}
	if (st->fpcr & FPCR_DN)
		return fp_default_nan(esz);
	return x & esz_mask(esz);
}

bool fp_nans2(struct fp_status *st, unsigned int esz, uint64_t a, uint64_t b,
	      uint64_t *res)
{
	if (fp_is_snan(esz, a))
		*res = fp_process_nan(st, esz, a);
	else if (fp_is_snan(esz, b))
		*res = fp_process_nan(st, esz, b);
	else if (fp_is_nan(esz, a))
		*res = fp_process_nan(st, esz, a);
	else if (fp_is_nan(esz, b))
		*res = fp_process_nan(st, esz, b);
	else
		return false;
	return true;
}

bool fp_nans3(struct fp_status *st, unsigned int esz, uint64_t a, uint64_t b,
	      uint64_t c, uint64_t *res)
{
	if (fp_is_snan(esz, a))
		*res = fp_process_nan(st, esz, a);
	else if (fp_is_snan(esz, b))
		*res = fp_process_nan(st, esz, b);
	else if (fp_is_snan(esz, c))
		*res = fp_process_nan(st, esz, c);
	else if (fp_is_nan(esz, a))
		*res = fp_process_nan(st, esz, a);
	else if (fp_is_nan(esz, b))
		*res = fp_process_nan(st, esz, b);
	else if (fp_is_nan(esz, c))
		*res = fp_process_nan(st, esz, c);
	else
		return false;
	return true;
}

/*
 * FPUnpack with FPCR.FZ: single and double denormals become zero of the
 * same sign and raise IDC. Half precision is governed by FZ16 (v8.2), so
 * it is never flushed here.
 */
uint64_t fp_flush_in(struct fp_status *st, unsigned int esz, uint64_t x)
{
	if (esz >= 2 && (st->fpcr & FPCR_FZ) && fp_is_denormal(esz, x)) {
		st->exc |= FPSR_IDC;
		return x & fp_sign_bit(esz);
	}
	return x;
}

/*
 * The exact value of a finite or infinite FP number as a double (every
 * half and single value is representable). With ahp, half precision has
 * no infinities or NaNs: exponent 31 is an ordinary binade (FPCR.AHP).
 */
double fp_to_double(unsigned int esz, uint64_t x, bool ahp)
{
	double r;
	float f;
	uint32_t w;
	int e, m;

	if (esz == 3) {
		memcpy(&r, &x, 8);
		return r;
	}
	if (esz == 2) {
		w = (uint32_t)x;
		memcpy(&f, &w, 4);
		return f;
	}
	e = (int)((x >> 10) & 31);
	m = (int)(x & 0x3ff);
	if (e == 31 && !ahp)
		r = m ? NAN : INFINITY;
	else if (e == 0)
		r = ldexp(m, -24);
	else
		r = ldexp(m | 0x400, e - 25);
	return (x & 0x8000) ? -r : r;
}
