/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scalar floating point and Advanced SIMD data processing (ARM ARM C4.1.6
 * "Data Processing -- Scalar Floating-Point and Advanced SIMD").
 *
 * Public part: fp_access_check(), which every FP/SIMD instruction,
 * including the SIMD&FP loads and stores of ldst*.c, runs first.
 * The rest of this header is shared by the fpsimd_*.c files only:
 * vector register helpers, the group decoders and the FP arithmetic core.
 *
 * Files: fpsimd_decode.c (group dispatch, access check);
 * AdvSIMD integer: fpsimd_copy.c, fpsimd_perm.c, fpsimd_modimm.c,
 * fpsimd_same.c, fpsimd_misc.c, fpsimd_across.c, fpsimd_shift.c,
 * fpsimd_diff.c, fpsimd_indexed.c, with fpsimd_intops.c (saturation,
 * shifts) and fpsimd_fast.c (byte-lane fast paths);
 * scalar FP: fpsimd_fp.c (group split, FMOV), fpsimd_fpscalar.c,
 * fpsimd_fpcmp.c, fpsimd_fpconv.c;
 * the IEEE core: fpsimd_fpnan.c, fpsimd_fparith.c, fpsimd_fpcvt.c,
 * fpsimd_fpest.c; AdvSIMD FP: fpsimd_vfp.c, fpsimd_vfpmisc.c.
 */
#ifndef ACCEL_TCG_FPSIMD_H
#define ACCEL_TCG_FPSIMD_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "fpsimd: union vreg element i is at b[i * size] only on a little-endian host"
#endif

/*
 * CPACR_EL1.FPEN (ARM ARM D13.2.30): 0b11 no trap, 0b01 trap EL0 only,
 * 0b00/0b10 trap EL0 and EL1. A trapped access takes EC 0x07 to EL1.
 * Returns 0 when the access may go on, else INSN_EXC (exception taken).
 */
int fp_access_check(struct cpu_state *cpu, const struct insn *in);

static inline bool fp_access_ok(const struct cpu_state *cpu)
{
	unsigned int fpen = (unsigned int)(cpu->sys.cpacr_el1 >> 20) & 3;

	return fpen == 3 || (fpen == 1 && cpu->el != 0);
}

/*
 * Handlers the x86-64 tier emits inline (jit-x86_64/inline_simd.c), which
 * recognises an insn by its handler: FMOV Wd/Xd from Sn/Dn/Vn.D[1],
 * FMOV Sn/Dn/Vn.D[1] from Wn/Xn, DUP Vd.T from a general register, MOVI
 * (every modified-immediate form that sets the whole register).
 */
enum fp_move {
	FP_MOVE_TO_GEN,
	FP_MOVE_FROM_GEN,
	FP_MOVE_FROM_GEN_HI,
};
insn_fn fp_fmov_gen_fn(enum fp_move kind);
insn_fn fp_dup_gen_fn(void);
insn_fn fp_movi_fn(void);

/* First statement of every handler here. */
#define FP_CHECK(cpu, in)						\
	do {								\
		if (!fp_access_ok(cpu))					\
			return fp_access_check(cpu, in);		\
	} while (0)

/* ---- FPCR / FPSR bits (ARM ARM C5.2.7, C5.2.8) ---- */
#define FPCR_AHP	(1u << 26)
#define FPCR_DN		(1u << 25)
#define FPCR_FZ		(1u << 24)
#define FPCR_RMODE_SHIFT 22
/* The FPCR bits a v8.0 CPU without FP exception traps keeps (sysreg.c). */
#define FPCR_MASK	0x07c00000u

#define FPSR_IOC	(1u << 0)
#define FPSR_DZC	(1u << 1)
#define FPSR_OFC	(1u << 2)
#define FPSR_UFC	(1u << 3)
#define FPSR_IXC	(1u << 4)
#define FPSR_IDC	(1u << 7)
#define FPSR_QC		(1u << 27)
/* Writable FPSR bits: NZCV (AArch32), QC, IDC and the cumulative flags. */
#define FPSR_MASK	0xf800009fu

/* Rounding modes in FPCR.RMode order, then ties-away, "use FPCR", odd. */
enum fp_round {
	FPR_NEAREST = 0,
	FPR_POSINF = 1,
	FPR_NEGINF = 2,
	FPR_ZERO = 3,
	FPR_AWAY = 4,
	FPR_FPCR = 5,
	FPR_ODD = 6,		/* FCVTXN: round to odd */
};

/*
 * The FP environment of one instruction: FPCR as it was, the FPSR
 * cumulative bits it raises (merged by fp_status_end).
 */
struct fp_status {
	uint32_t fpcr;
	uint32_t exc;
};

static inline void fp_status_begin(struct fp_status *st, const struct cpu_state *cpu)
{
	st->fpcr = cpu->fpcr;
	st->exc = 0;
}

static inline void fp_status_end(struct cpu_state *cpu, const struct fp_status *st)
{
	cpu->fpsr |= st->exc;
}

static inline unsigned int fp_rmode(const struct fp_status *st)
{
	return (st->fpcr >> FPCR_RMODE_SHIFT) & 3;
}

/*
 * FP values are raw bit patterns; esz = 1 half, 2 single, 3 double.
 * Classification and NaN rules (fpsimd_fpnan.c): FPProcessNaN(s) of the
 * ARM ARM J1 (signalling first, then operand order; DN -> default NaN).
 */
bool fp_is_nan(unsigned int esz, uint64_t x);
bool fp_is_snan(unsigned int esz, uint64_t x);
bool fp_is_inf(unsigned int esz, uint64_t x);
bool fp_is_zero(unsigned int esz, uint64_t x);
bool fp_is_denormal(unsigned int esz, uint64_t x);
uint64_t fp_sign_bit(unsigned int esz);
uint64_t fp_default_nan(unsigned int esz);
uint64_t fp_process_nan(struct fp_status *st, unsigned int esz, uint64_t x);
bool fp_nans2(struct fp_status *st, unsigned int esz, uint64_t a, uint64_t b,
	      uint64_t *res);
bool fp_nans3(struct fp_status *st, unsigned int esz, uint64_t a, uint64_t b,
	      uint64_t c, uint64_t *res);
/* FPCR.FZ: a single/double denormal input reads as zero (FPSR.IDC). */
uint64_t fp_flush_in(struct fp_status *st, unsigned int esz, uint64_t x);
double fp_to_double(unsigned int esz, uint64_t x, bool ahp);

/*
 * The host FP environment around one host operation (fpsimd_fparith.c,
 * fpsimd_fpcvt.c): host_fp_enter sets the rounding mode (ARM FPCR.RMode
 * order) and clears the sticky flags; host_fp_leave returns the flags
 * raised as FPSR bits and restores the host's own environment. On x86-64
 * and arm64 hosts this is one control register access each way (the
 * generic <fenv.h> calls cost ~100 ns per operation; -DFPSIMD_GENERIC_FENV
 * selects them anyway, to test that path).
 */
#if defined(__x86_64__) && !defined(FPSIMD_GENERIC_FENV)
static inline uint32_t host_fp_enter(unsigned int rmode)
{
	/* MXCSR.RC: 00 nearest, 01 down, 10 up, 11 zero. */
	static const uint32_t rc[4] = { 0u << 13, 2u << 13, 1u << 13, 3u << 13 };
	uint32_t old, v;

	__asm__ volatile("stmxcsr %0" : "=m"(old) : : "memory");
	v = (old & ~(0x6000u | 0x3fu)) | rc[rmode & 3];
	__asm__ volatile("ldmxcsr %0" : : "m"(v) : "memory");
	return old;
}

static inline uint32_t host_fp_leave(uint32_t old)
{
	uint32_t v;

	__asm__ volatile("stmxcsr %0" : "=m"(v) : : "memory");
	__asm__ volatile("ldmxcsr %0" : : "m"(old) : "memory");
	/* IE, ZE, OE, UE, PE -> IOC, DZC, OFC, UFC, IXC (DE is not a flag here). */
	return ((v & 1) ? FPSR_IOC : 0) | ((v >> 1) & (FPSR_DZC | FPSR_OFC | FPSR_UFC | FPSR_IXC));
}
#elif defined(__aarch64__) && !defined(FPSIMD_GENERIC_FENV)
static inline uint32_t host_fp_enter(unsigned int rmode)
{
	uint64_t old, v;

	__asm__ volatile("mrs %0, fpcr" : "=r"(old) : : "memory");
	v = (old & ~(3ull << 22)) | ((uint64_t)(rmode & 3) << 22);
	__asm__ volatile("msr fpcr, %0\n\tmsr fpsr, xzr" : : "r"(v) : "memory");
	return (uint32_t)old;
}

static inline uint32_t host_fp_leave(uint32_t old)
{
	uint64_t v;

	__asm__ volatile("mrs %0, fpsr" : "=r"(v) : : "memory");
	__asm__ volatile("msr fpcr, %0" : : "r"((uint64_t)old) : "memory");
	return (uint32_t)v & (FPSR_IOC | FPSR_DZC | FPSR_OFC | FPSR_UFC | FPSR_IXC);
}
#else
uint32_t host_fp_enter(unsigned int rmode);	/* fpsimd_fparith.c: <fenv.h> */
uint32_t host_fp_leave(uint32_t old);
#define HOST_FP_GENERIC 1
#endif

/* Arithmetic (fpsimd_fparith.c), FPCR rounding, FZ, DN and flags. */
enum fp_binop {
	FOP_ADD, FOP_SUB, FOP_MUL, FOP_DIV, FOP_MAX, FOP_MIN, FOP_MAXNM,
	FOP_MINNM, FOP_MULX, FOP_ABD, FOP_NMUL,
};
/* AdvSIMD FP element operations beyond fp_binop (fpsimd_vfp.c). */
enum {
	VF_FMLA = FOP_NMUL + 1, VF_FMLS, VF_CMEQ, VF_CMGE, VF_CMGT, VF_ACGE,
	VF_ACGT, VF_RECPS, VF_RSQRTS,
};
uint64_t vfp_elem(struct fp_status *st, unsigned int op, unsigned int esz,
		  uint64_t x, uint64_t y, uint64_t d);
uint64_t fp_binop(struct fp_status *st, unsigned int op, unsigned int esz,
		  uint64_t a, uint64_t b);
uint64_t fp_muladd(struct fp_status *st, unsigned int esz, uint64_t addend,
		   uint64_t n, uint64_t m);
uint64_t fp_sqrt(struct fp_status *st, unsigned int esz, uint64_t a);
/* NZCV (bits 31..28) of FCMP; signal: FCMPE raises IOC on quiet NaNs too. */
uint32_t fp_compare(struct fp_status *st, unsigned int esz, uint64_t a,
		    uint64_t b, bool signal);

/* Conversions and rounding (fpsimd_fpcvt.c). */
uint64_t fp_convert(struct fp_status *st, unsigned int from, unsigned int to,
		    uint64_t a, unsigned int mode);
uint64_t fp_to_fixed(struct fp_status *st, unsigned int esz, uint64_t a,
		     unsigned int mode, unsigned int fbits, bool sgn,
		     unsigned int out_bits);
uint64_t fp_from_fixed(struct fp_status *st, unsigned int esz, uint64_t v,
		       bool sgn, unsigned int in_bits, unsigned int fbits);
uint64_t fp_round_int(struct fp_status *st, unsigned int esz, uint64_t a,
		      unsigned int mode, bool exact);
/* Estimates and Newton steps (fpsimd_fpest.c). */
uint64_t fp_recpe(struct fp_status *st, unsigned int esz, uint64_t x);
uint64_t fp_rsqrte(struct fp_status *st, unsigned int esz, uint64_t x);
uint64_t fp_recpx(struct fp_status *st, unsigned int esz, uint64_t x);
uint32_t fp_urecpe(uint32_t x);
uint32_t fp_ursqrte(uint32_t x);
uint64_t fp_recps(struct fp_status *st, unsigned int esz, uint64_t n, uint64_t m,
		  bool rsqrt);

/* The mode an instruction asks for: FPR_FPCR resolves to FPCR.RMode. */
static inline unsigned int fp_mode(const struct fp_status *st, unsigned int mode)
{
	return mode == FPR_FPCR ? fp_rmode(st) : mode;
}

/* ---- Vector register helpers (esz = log2 of the element size in bytes) ---- */

static inline uint64_t esz_mask(unsigned int esz)
{
	return esz >= 3 ? ~0ull : (1ull << (8u << esz)) - 1;
}

static inline int64_t esz_sext(uint64_t x, unsigned int esz)
{
	unsigned int sh = 64 - (8u << esz);

	return (int64_t)(x << sh) >> sh;
}

static inline uint64_t vec_get(const union vreg *v, unsigned int esz, unsigned int i)
{
	switch (esz) {
	case 0: return v->b[i];
	case 1: return v->h[i];
	case 2: return v->s[i];
	default: return v->d[i];
	}
}

static inline void vec_set(union vreg *v, unsigned int esz, unsigned int i, uint64_t x)
{
	switch (esz) {
	case 0: v->b[i] = (uint8_t)x; break;
	case 1: v->h[i] = (uint16_t)x; break;
	case 2: v->s[i] = (uint32_t)x; break;
	default: v->d[i] = x; break;
	}
}

/*
 * 0xff in each byte of t that is zero, 0x00 elsewhere, without carries
 * between bytes: (t & 0x7f) + 0x7f sets bit 7 iff the low 7 bits are
 * not all zero. The byte compares of the string functions use it.
 */
static inline uint64_t swar_zero_bytes(uint64_t t)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
	uint64_t nz = (((t & low7) + low7) | t) & ~low7;

	return ((nz ^ ~low7) >> 7) * 0xff;
}

/*
 * Run the body (the variadic part) with esz as a compile-time constant for each element size, so
 * that vec_get/vec_set and the masks fold into plain typed accesses.
 */
#define ESZ_SWITCH(e, ...)						\
	do {								\
		switch (e) {						\
		case 0: { const unsigned int esz = 0; __VA_ARGS__; break; }	\
		case 1: { const unsigned int esz = 1; __VA_ARGS__; break; }	\
		case 2: { const unsigned int esz = 2; __VA_ARGS__; break; }	\
		default: { const unsigned int esz = 3; __VA_ARGS__; break; }	\
		}							\
	} while (0)

/*
 * Write bytes (1, 2, 4, 8 or 16) of r to V[rd]; the rest of the register
 * is zeroed, as every AdvSIMD/FP write of less than 128 bits does
 * (ARM ARM C2.3 "Vn" writes).
 */
static inline void vec_write(struct cpu_state *cpu, unsigned int rd,
			     const union vreg *r, unsigned int bytes)
{
	union vreg out = { .q = 0 };

	if (bytes == 16) {
		cpu->v[rd] = *r;
	} else if (bytes == 8) {
		cpu->v[rd].d[0] = r->d[0];
		cpu->v[rd].d[1] = 0;
	} else {
		memcpy(out.b, r->b, bytes);
		cpu->v[rd] = out;
	}
}

/* Scalar write: a D/S/H/B result zero-extended to 128 bits. */
static inline void vec_write_scalar(struct cpu_state *cpu, unsigned int rd, uint64_t x)
{
	cpu->v[rd].d[0] = x;
	cpu->v[rd].d[1] = 0;
}

/* Decoder: fill the common fields of out for handler fn. */
static inline int fp_insn(struct insn *out, insn_fn fn, uint32_t raw)
{
	out->fn = fn;
	memset(out->fields, 0, sizeof(out->fields));
	out->sf = 0;
	out->rd = (uint8_t)BITS(raw, 4, 0);
	out->rn = (uint8_t)BITS(raw, 9, 5);
	out->rm = (uint8_t)BITS(raw, 20, 16);
	out->ra = (uint8_t)BITS(raw, 14, 10);
	return 0;
}

static inline int fp_undef(struct insn *out)
{
	out->fn = insn_undefined;
	return 0;
}

/* VFPExpandImm (ARM ARM J1): an 8-bit FMOV immediate as esz 1/2/3 bits. */
uint64_t vfp_expand_imm(unsigned int imm8, unsigned int esz);

/*
 * Integer element helpers (fpsimd_intops.c). Saturating ones set
 * FPSR.QC when they clamp (ARM ARM C5.2.8).
 */
uint64_t sat_signed(struct cpu_state *cpu, __int128 v, unsigned int esz);
uint64_t sat_unsigned(struct cpu_state *cpu, __int128 v, unsigned int esz);
/* SSHL/USHL family: shift by a signed byte count, left or right. */
#define SHL_SIGNED	1u
#define SHL_ROUND	2u
#define SHL_SAT		4u
uint64_t simd_shl_elem(struct cpu_state *cpu, uint64_t x, int8_t sh,
		       unsigned int esz, unsigned int flags);
uint64_t poly_mul8(uint64_t x, uint64_t y);

/* Long (widening) operations shared by fpsimd_diff.c and fpsimd_indexed.c. */
enum {
	LONG_ADD, LONG_SUB, LONG_ABD, LONG_ABA, LONG_MLA, LONG_MLS, LONG_MUL,
	LONG_QDMUL, LONG_QDMLA, LONG_QDMLS, LONG_PMUL,
};
#define LF_SIGNED	1u	/* sign-extend the narrow elements */
#define LF_WIDE		2u	/* Vn is already wide ([SU]ADDW, [SU]SUBW) */
#define LF_UPPER	4u	/* the "2" forms: upper half of the sources */
#define LF_ROUND	8u	/* RADDHN, RSUBHN */
int decode_long_op(uint32_t raw, struct insn *out, unsigned int kind,
		   unsigned int flags, unsigned int esz, unsigned int count);

/* Byte-lane fast paths (fpsimd_fast.c), chosen by the decoders. */
int simd_addp_b(struct cpu_state *cpu, const struct insn *in);
int simd_umaxp_b(struct cpu_state *cpu, const struct insn *in);
int simd_cmhs_b(struct cpu_state *cpu, const struct insn *in);
int simd_cmhi_b(struct cpu_state *cpu, const struct insn *in);
int simd_uminp_b(struct cpu_state *cpu, const struct insn *in);
int simd_shrn_b(struct cpu_state *cpu, const struct insn *in);

/* ---- Group decoders (fpsimd_*.c), same contract as decode_fpsimd ---- */
int decode_fp_scalar(uint32_t raw, struct insn *out);		/* fpsimd_fp.c */
int decode_fp_1src_arith(uint32_t raw, struct insn *out);	/* fpsimd_fpscalar.c */
int decode_fp_2src(uint32_t raw, struct insn *out);		/* fpsimd_fpscalar.c */
int decode_fp_3src(uint32_t raw, struct insn *out);		/* fpsimd_fpscalar.c */
int decode_fp_cmp(uint32_t raw, struct insn *out);		/* fpsimd_fpcmp.c */
int decode_fp_ccmp(uint32_t raw, struct insn *out);		/* fpsimd_fpcmp.c */
int decode_fp_csel(uint32_t raw, struct insn *out);		/* fpsimd_fpcmp.c */
int decode_fp_int_conv(uint32_t raw, struct insn *out);	/* fpsimd_fpconv.c */
int decode_fp_fixed_conv(uint32_t raw, struct insn *out);	/* fpsimd_fpconv.c */
int decode_simd_three_same(uint32_t raw, struct insn *out);	/* fpsimd_same.c */
int decode_simd_fp_same(uint32_t raw, struct insn *out);	/* fpsimd_vfp.c */
int decode_simd_fp_misc(uint32_t raw, struct insn *out);	/* fpsimd_vfp.c */
int decode_simd_three_diff(uint32_t raw, struct insn *out);	/* fpsimd_diff.c */
int decode_simd_two_misc(uint32_t raw, struct insn *out);	/* fpsimd_misc.c */
int decode_simd_across(uint32_t raw, struct insn *out);		/* fpsimd_across.c */
int decode_simd_fp_reduce(uint32_t raw, struct insn *out);	/* fpsimd_vfp.c */
int decode_simd_fp_fixed(uint32_t raw, struct insn *out);	/* fpsimd_vfp.c */
int decode_simd_pairwise(uint32_t raw, struct insn *out);	/* fpsimd_across.c */
int decode_simd_copy(uint32_t raw, struct insn *out);		/* fpsimd_copy.c */
int decode_simd_indexed(uint32_t raw, struct insn *out);	/* fpsimd_indexed.c */
int decode_simd_modimm(uint32_t raw, struct insn *out);		/* fpsimd_modimm.c */
int decode_simd_shift(uint32_t raw, struct insn *out);		/* fpsimd_shift.c */
int decode_simd_tbl(uint32_t raw, struct insn *out);		/* fpsimd_perm.c */
int decode_simd_permute(uint32_t raw, struct insn *out);	/* fpsimd_perm.c */
int decode_simd_ext(uint32_t raw, struct insn *out);		/* fpsimd_perm.c */

#endif
