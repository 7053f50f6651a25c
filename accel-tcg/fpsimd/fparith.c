// SPDX-License-Identifier: GPL-2.0
/*
 * IEEE 754 arithmetic for single and double precision with ARM's rules
 * on top of the host's correctly rounded operations:
 *  - the host runs in the FPCR rounding mode and reports its flags;
 *  - NaN operands never reach the host: ARM's propagation differs from
 *    x86's (FPProcessNaNs, fpsimd_fpnan.c), and an invalid operation
 *    gives ARM's default NaN, not the host's;
 *  - ARM detects tininess before rounding (ARM ARM J1 FPRoundBase), x86
 *    after: a result that rounded up to the smallest normal is checked
 *    again in round-toward-zero to learn whether it was tiny;
 *  - FPCR.FZ flushes denormal inputs (IDC) and tiny results (UFC only,
 *    no IXC), which the host is never asked to do.
 * FMAX/FMIN and friends are exact selections done here.
 */
#include <fenv.h>
#include <math.h>

#include "fpsimd.h"

enum { HOST_ADD, HOST_SUB, HOST_MUL, HOST_DIV, HOST_FMA, HOST_SQRT };

/* Keep the compiler from moving FP operations across fenv calls. */
#define FENCE(x) __asm__ volatile("" : "+m"(x) : : "memory")

static float f32(uint64_t x)
{
	uint32_t w = (uint32_t)x;
	float f;

	memcpy(&f, &w, 4);
	return f;
}

static uint64_t b32(float f)
{
	uint32_t w;

	memcpy(&w, &f, 4);
	return w;
}

static double f64(uint64_t x)
{
	double d;

	memcpy(&d, &x, 8);
	return d;
}

static uint64_t b64(double d)
{
	uint64_t x;

	memcpy(&x, &d, 8);
	return x;
}

static uint64_t host_op32(unsigned int op, uint64_t a, uint64_t b, uint64_t c)
{
	float x = f32(a), y = f32(b), z = f32(c), r;

	FENCE(x);
	FENCE(y);
	FENCE(z);
	switch (op) {
	case HOST_ADD: r = x + y; break;
	case HOST_SUB: r = x - y; break;
	case HOST_MUL: r = x * y; break;
	case HOST_DIV: r = x / y; break;
	case HOST_FMA: r = fmaf(y, z, x); break;
	default: r = sqrtf(x); break;
	}
	FENCE(r);
	return b32(r);
}

static uint64_t host_op64(unsigned int op, uint64_t a, uint64_t b, uint64_t c)
{
	double x = f64(a), y = f64(b), z = f64(c), r;

	FENCE(x);
	FENCE(y);
	FENCE(z);
	switch (op) {
	case HOST_ADD: r = x + y; break;
	case HOST_SUB: r = x - y; break;
	case HOST_MUL: r = x * y; break;
	case HOST_DIV: r = x / y; break;
	case HOST_FMA: r = fma(y, z, x); break;
	default: r = sqrt(x); break;
	}
	FENCE(r);
	return b64(r);
}

#ifdef HOST_FP_GENERIC
uint32_t host_fp_enter(unsigned int rmode)
{
	static const int modes[4] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };
	int old = fegetround();

	fesetround(modes[rmode & 3]);
	feclearexcept(FE_ALL_EXCEPT);
	return (uint32_t)old;
}

uint32_t host_fp_leave(uint32_t old)
{
	int exc = fetestexcept(FE_ALL_EXCEPT);

	fesetround((int)old);
	return ((exc & FE_INVALID) ? FPSR_IOC : 0) |
	       ((exc & FE_DIVBYZERO) ? FPSR_DZC : 0) |
	       ((exc & FE_OVERFLOW) ? FPSR_OFC : 0) |
	       ((exc & FE_UNDERFLOW) ? FPSR_UFC : 0) |
	       ((exc & FE_INEXACT) ? FPSR_IXC : 0);
}
#endif

/* One host operation in rounding mode rmode; *flags gets the FPSR flags. */
static uint64_t host_run(unsigned int op, unsigned int esz, unsigned int rmode,
			 uint64_t a, uint64_t b, uint64_t c, uint32_t *flags)
{
	uint32_t saved = host_fp_enter(rmode);
	uint64_t r;

	r = esz == 2 ? host_op32(op, a, b, c) : host_op64(op, a, b, c);
	*flags = host_fp_leave(saved);
	return r;
}

static uint64_t min_normal(unsigned int esz)
{
	return esz == 2 ? 0x00800000ull : 0x0010000000000000ull;
}

/* Run op on non-NaN (already flushed) operands with ARM's result rules. */
static uint64_t host_arith(struct fp_status *st, unsigned int op, unsigned int esz,
			   uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t sign = fp_sign_bit(esz), r, rz;
	uint32_t flags, f2;
	bool tiny;

	r = host_run(op, esz, fp_rmode(st), a, b, c, &flags);
	if (fp_is_nan(esz, r))
		r = fp_default_nan(esz);
	tiny = fp_is_denormal(esz, r) || (flags & FPSR_UFC);
	if ((r & ~sign) == min_normal(esz) && (flags & FPSR_IXC)) {
		rz = host_run(op, esz, 3, a, b, c, &f2);
		if ((rz & ~sign) < min_normal(esz)) {
			tiny = true;
			flags |= FPSR_UFC;
		}
	}
	if ((st->fpcr & FPCR_FZ) && tiny) {
		r &= sign;
		flags = (flags & ~(FPSR_IXC | FPSR_UFC)) | FPSR_UFC;
	}
	st->exc |= flags;
	return r;
}

/*
 * FPMax/FPMin (FPMaxNum/FPMinNum first replace a single quiet NaN by
 * -Inf/+Inf so that the number wins). Zeros of both signs: max gives
 * +0, min gives -0.
 */
static uint64_t fp_minmax(struct fp_status *st, unsigned int op, unsigned int esz,
			  uint64_t a, uint64_t b)
{
	uint64_t sign = fp_sign_bit(esz), r;
	bool max = op == FOP_MAX || op == FOP_MAXNM;
	double x, y;

	if (op == FOP_MAXNM || op == FOP_MINNM) {
		bool qa = fp_is_nan(esz, a) && !fp_is_snan(esz, a);
		bool qb = fp_is_nan(esz, b) && !fp_is_snan(esz, b);
		uint64_t inf = fp_default_nan(esz) & ~(1ull << ((esz == 2) ? 22 : 51));

		if (qa && !fp_is_nan(esz, b))
			a = max ? (inf | sign) : inf;
		else if (qb && !fp_is_nan(esz, a))
			b = max ? (inf | sign) : inf;
	}
	if (fp_nans2(st, esz, a, b, &r))
		return r;
	if (fp_is_zero(esz, a) && fp_is_zero(esz, b))
		return max ? (a & b) : (a | b);
	x = fp_to_double(esz, a, false);
	y = fp_to_double(esz, b, false);
	if (max)
		return x > y ? a : b;
	return x < y ? a : b;
}

uint64_t fp_binop(struct fp_status *st, unsigned int op, unsigned int esz,
		  uint64_t a, uint64_t b)
{
	static const unsigned int host[] = {
		[FOP_ADD] = HOST_ADD, [FOP_SUB] = HOST_SUB, [FOP_MUL] = HOST_MUL,
		[FOP_DIV] = HOST_DIV, [FOP_MULX] = HOST_MUL, [FOP_ABD] = HOST_SUB,
		[FOP_NMUL] = HOST_MUL,
	};
	uint64_t sign = fp_sign_bit(esz), r;

	a = fp_flush_in(st, esz, a);
	b = fp_flush_in(st, esz, b);
	if (op >= FOP_MAX && op <= FOP_MINNM)
		return fp_minmax(st, op, esz, a, b);
	if (!fp_nans2(st, esz, a, b, &r)) {
		/* FMULX: infinity times zero is 2.0 with the product's sign. */
		if (op == FOP_MULX &&
		    ((fp_is_inf(esz, a) && fp_is_zero(esz, b)) ||
		     (fp_is_zero(esz, a) && fp_is_inf(esz, b))))
			return ((a ^ b) & sign) |
			       (esz == 2 ? 0x40000000ull : 0x4000000000000000ull);
		r = host_arith(st, host[op], esz, a, b, 0);
	}
	if (op == FOP_ABD)	/* FPAbs(FPSub()): also clears a NaN's sign */
		r &= ~sign;
	else if (op == FOP_NMUL)
		r ^= sign;
	return r;
}

/* FPMulAdd: addend + n * m with one rounding (FMADD, FMLA ...). */
uint64_t fp_muladd(struct fp_status *st, unsigned int esz, uint64_t addend,
		   uint64_t n, uint64_t m)
{
	uint64_t r;
	bool nan;

	addend = fp_flush_in(st, esz, addend);
	n = fp_flush_in(st, esz, n);
	m = fp_flush_in(st, esz, m);
	nan = fp_nans3(st, esz, addend, n, m, &r);
	/* A quiet NaN addend does not hide an invalid Inf * 0. */
	if (fp_is_nan(esz, addend) && !fp_is_snan(esz, addend) &&
	    ((fp_is_inf(esz, n) && fp_is_zero(esz, m)) ||
	     (fp_is_zero(esz, n) && fp_is_inf(esz, m)))) {
		st->exc |= FPSR_IOC;
		return fp_default_nan(esz);
	}
	if (nan)
		return r;
	return host_arith(st, HOST_FMA, esz, addend, n, m);
}

uint64_t fp_sqrt(struct fp_status *st, unsigned int esz, uint64_t a)
{
	a = fp_flush_in(st, esz, a);
	if (fp_is_nan(esz, a))
		return fp_process_nan(st, esz, a);
	return host_arith(st, HOST_SQRT, esz, a, 0, 0);
}

uint32_t fp_compare(struct fp_status *st, unsigned int esz, uint64_t a,
		    uint64_t b, bool signal)
{
	double x, y;

	a = fp_flush_in(st, esz, a);
	b = fp_flush_in(st, esz, b);
	if (fp_is_nan(esz, a) || fp_is_nan(esz, b)) {
		if (signal || fp_is_snan(esz, a) || fp_is_snan(esz, b))
			st->exc |= FPSR_IOC;
		return NZCV_C | NZCV_V;
	}
	x = fp_to_double(esz, a, false);
	y = fp_to_double(esz, b, false);
	if (x == y)
		return NZCV_Z | NZCV_C;
	return x < y ? NZCV_N : NZCV_C;
}
