/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Integer helpers shared by the data-processing and branch handlers:
 * AddWithCarry flags, condition evaluation, shifts and bit masks
 * (ARM ARM J1 shared pseudocode: AddWithCarry, ConditionHolds,
 * DecodeBitMasks, ShiftReg, ExtendReg).
 */
#ifndef ACCEL_TCG_ALU_H
#define ACCEL_TCG_ALU_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* AddWithCarry for 64 bits: returns the sum, *nzcv gets the flags. */
static inline uint64_t alu_adc64(uint64_t a, uint64_t b, unsigned int c,
				 uint32_t *nzcv)
{
	uint64_t s1, res;
	bool c1 = __builtin_add_overflow(a, b, &s1);
	bool c2 = __builtin_add_overflow(s1, (uint64_t)c, &res);
	uint32_t f = 0;

	if (res >> 63)
		f |= NZCV_N;
	if (!res)
		f |= NZCV_Z;
	if (c1 || c2)
		f |= NZCV_C;
	if (((a ^ res) & (b ^ res)) >> 63)
		f |= NZCV_V;
	*nzcv = f;
	return res;
}

static inline uint32_t alu_adc32(uint32_t a, uint32_t b, unsigned int c,
				 uint32_t *nzcv)
{
	uint64_t wide = (uint64_t)a + b + c;
	uint32_t res = (uint32_t)wide;
	uint32_t f = 0;

	if (res >> 31)
		f |= NZCV_N;
	if (!res)
		f |= NZCV_Z;
	if (wide >> 32)
		f |= NZCV_C;
	if (((a ^ res) & (b ^ res)) >> 31)
		f |= NZCV_V;
	*nzcv = f;
	return res;
}

/*
 * The carry-less cases, cheaper than alu_adc*: a + b and a - b (that is
 * a + NOT(b) + 1, whose carry out is "no borrow": a >= b).
 */
static inline uint32_t alu_flags(bool n, bool z, bool c, bool v)
{
	return ((uint32_t)n << 31) | ((uint32_t)z << 30) | ((uint32_t)c << 29) |
	       ((uint32_t)v << 28);
}

static inline uint64_t alu_add64(uint64_t a, uint64_t b, uint32_t *nzcv)
{
	int64_t sres;
	bool v = __builtin_add_overflow((int64_t)a, (int64_t)b, &sres);
	uint64_t res = a + b;

	*nzcv = alu_flags(res >> 63, !res, res < a, v);
	return res;
}

static inline uint64_t alu_sub64(uint64_t a, uint64_t b, uint32_t *nzcv)
{
	int64_t sres;
	bool v = __builtin_sub_overflow((int64_t)a, (int64_t)b, &sres);
	uint64_t res = a - b;

	*nzcv = alu_flags(res >> 63, !res, a >= b, v);
	return res;
}

static inline uint32_t alu_add32(uint32_t a, uint32_t b, uint32_t *nzcv)
{
	int32_t sres;
	bool v = __builtin_add_overflow((int32_t)a, (int32_t)b, &sres);
	uint32_t res = a + b;

	*nzcv = alu_flags(res >> 31, !res, res < a, v);
	return res;
}

static inline uint32_t alu_sub32(uint32_t a, uint32_t b, uint32_t *nzcv)
{
	int32_t sres;
	bool v = __builtin_sub_overflow((int32_t)a, (int32_t)b, &sres);
	uint32_t res = a - b;

	*nzcv = alu_flags(res >> 31, !res, a >= b, v);
	return res;
}

/* N and Z of a logical result; C and V cleared (ANDS, BICS, TST). */
static inline uint32_t alu_nz64(uint64_t v)
{
	return (uint32_t)((v >> 63) << 31) | (v ? 0 : NZCV_Z);
}

static inline uint32_t alu_nz32(uint32_t v)
{
	return ((v >> 31) << 31) | (v ? 0 : NZCV_Z);
}

/*
 * ConditionHolds (ARM ARM J1.3): bit n of cond_table[cond] says whether
 * cond holds for NZCV nibble n.
 */
extern const uint16_t alu_cond_table[16];

static inline bool alu_cond(uint32_t nzcv, unsigned int cond)
{
	return (alu_cond_table[cond & 0xf] >> (nzcv >> 28)) & 1;
}

/* Shift types of shifted-register operands. */
#define SHIFT_LSL	0
#define SHIFT_LSR	1
#define SHIFT_ASR	2
#define SHIFT_ROR	3

static inline uint64_t alu_ror64(uint64_t v, unsigned int n)
{
	n &= 63;
	return n ? (v >> n) | (v << (64 - n)) : v;
}

static inline uint32_t alu_ror32(uint32_t v, unsigned int n)
{
	n &= 31;
	return n ? (v >> n) | (v << (32 - n)) : v;
}

/* ShiftReg for 64-bit operands; amount is 0..63. */
static inline uint64_t alu_shift64(uint64_t v, unsigned int type,
				   unsigned int amount)
{
	switch (type) {
	case SHIFT_LSL:
		return v << amount;
	case SHIFT_LSR:
		return v >> amount;
	case SHIFT_ASR:
		return (uint64_t)((int64_t)v >> amount);
	default:
		return alu_ror64(v, amount);
	}
}

/* ShiftReg for 32-bit operands; amount is 0..31. */
static inline uint32_t alu_shift32(uint32_t v, unsigned int type,
				   unsigned int amount)
{
	switch (type) {
	case SHIFT_LSL:
		return v << amount;
	case SHIFT_LSR:
		return v >> amount;
	case SHIFT_ASR:
		return (uint32_t)((int32_t)v >> amount);
	default:
		return alu_ror32(v, amount);
	}
}

/*
 * ExtendReg: option (UXTB..SXTX, bits [15:13]) then shift left 0..4.
 * For option UXTX/SXTX with 32-bit operands the caller truncates.
 */
static inline uint64_t alu_extend(uint64_t v, unsigned int option,
				  unsigned int shift)
{
	switch (option & 7) {
	case 0: v = (uint8_t)v; break;
	case 1: v = (uint16_t)v; break;
	case 2: v = (uint32_t)v; break;
	case 3: break;
	case 4: v = (uint64_t)(int64_t)(int8_t)v; break;
	case 5: v = (uint64_t)(int64_t)(int16_t)v; break;
	case 6: v = (uint64_t)(int64_t)(int32_t)v; break;
	default: break;
	}
	return v << shift;
}

/* Ones(n) for n in 0..64. */
static inline uint64_t alu_ones(unsigned int n)
{
	return n >= 64 ? ~0ull : (1ull << n) - 1;
}

/*
 * DecodeBitMasks (ARM ARM J1.1.x, logical immediates and bitfields).
 * Returns false for a reserved encoding. datasize is 32 or 64.
 */
bool alu_decode_bitmasks(unsigned int n, unsigned int imms, unsigned int immr,
			 bool immediate, unsigned int datasize,
			 uint64_t *wmask, uint64_t *tmask);

/*
 * Handlers the x86-64 tier recognises by pointer (in->fn == dpi_add64)
 * to emit them inline; each does what its comment in dp_imm.c/dp_reg.c
 * says, and the tier must do exactly the same.
 */
int dpi_movi(struct cpu_state *cpu, const struct insn *in);	/* MOVZ/MOVN/MOV (bitmask) */
int dpi_movk(struct cpu_state *cpu, const struct insn *in);
int dpi_adr(struct cpu_state *cpu, const struct insn *in);
int dpi_adrp(struct cpu_state *cpu, const struct insn *in);
int dpi_add64(struct cpu_state *cpu, const struct insn *in);	/* ADD/SUB (immediate) */
int dpi_add32(struct cpu_state *cpu, const struct insn *in);
int dpi_adds64(struct cpu_state *cpu, const struct insn *in);	/* ADDS/SUBS/CMN/CMP (immediate) */
int dpi_adds32(struct cpu_state *cpu, const struct insn *in);
int dpi_subs64(struct cpu_state *cpu, const struct insn *in);
int dpi_subs32(struct cpu_state *cpu, const struct insn *in);
int dpi_and(struct cpu_state *cpu, const struct insn *in);	/* AND (immediate), both sizes */
int dpi_orr64(struct cpu_state *cpu, const struct insn *in);
int dpi_orr32(struct cpu_state *cpu, const struct insn *in);
int dpi_eor64(struct cpu_state *cpu, const struct insn *in);
int dpi_eor32(struct cpu_state *cpu, const struct insn *in);

/* dp_reg.c: MOV (register), the logical (shifted register) class without S. */
int dpr_mov64(struct cpu_state *cpu, const struct insn *in);
int dpr_mov32(struct cpu_state *cpu, const struct insn *in);
#define A64_DPR_LOGIC(name)							\
	int dpr_##name##64(struct cpu_state *cpu, const struct insn *in);	\
	int dpr_##name##32(struct cpu_state *cpu, const struct insn *in);	\
	int dpr_##name##64_rr(struct cpu_state *cpu, const struct insn *in);	\
	int dpr_##name##32_rr(struct cpu_state *cpu, const struct insn *in);
A64_DPR_LOGIC(and)
A64_DPR_LOGIC(bic)
A64_DPR_LOGIC(orr)
A64_DPR_LOGIC(orn)
A64_DPR_LOGIC(eor)
A64_DPR_LOGIC(eon)
#undef A64_DPR_LOGIC

/* dp_reg.c: ADD/SUB/ADDS/SUBS (shifted or extended register); _rr: no shift. */
int dpr_add64(struct cpu_state *cpu, const struct insn *in);
int dpr_add32(struct cpu_state *cpu, const struct insn *in);
int dpr_sub64(struct cpu_state *cpu, const struct insn *in);
int dpr_sub32(struct cpu_state *cpu, const struct insn *in);
int dpr_adds64(struct cpu_state *cpu, const struct insn *in);
int dpr_adds32(struct cpu_state *cpu, const struct insn *in);
int dpr_subs64(struct cpu_state *cpu, const struct insn *in);
int dpr_subs32(struct cpu_state *cpu, const struct insn *in);
int dpr_add64_rr(struct cpu_state *cpu, const struct insn *in);
int dpr_add32_rr(struct cpu_state *cpu, const struct insn *in);
int dpr_sub64_rr(struct cpu_state *cpu, const struct insn *in);
int dpr_sub32_rr(struct cpu_state *cpu, const struct insn *in);
int dpr_adds64_rr(struct cpu_state *cpu, const struct insn *in);
int dpr_adds32_rr(struct cpu_state *cpu, const struct insn *in);
int dpr_subs64_rr(struct cpu_state *cpu, const struct insn *in);
int dpr_subs32_rr(struct cpu_state *cpu, const struct insn *in);
int dpr_add64_lsl(struct cpu_state *cpu, const struct insn *in);
int dpr_sub64_lsl(struct cpu_state *cpu, const struct insn *in);

/* ANDS/TST (immediate and shifted register; BICS is ANDS with op2.n). */
int dpi_ands64(struct cpu_state *cpu, const struct insn *in);
int dpi_ands32(struct cpu_state *cpu, const struct insn *in);
int dpr_ands64(struct cpu_state *cpu, const struct insn *in);
int dpr_ands32(struct cpu_state *cpu, const struct insn *in);

/* CMP (immediate, register) fused with the B.cond after it (in->cmpb). */
int dpi_cmp64_bcond(struct cpu_state *cpu, const struct insn *in);
int dpi_cmp32_bcond(struct cpu_state *cpu, const struct insn *in);
int dpr_cmp64_bcond(struct cpu_state *cpu, const struct insn *in);
int dpr_cmp32_bcond(struct cpu_state *cpu, const struct insn *in);

/* dp_src.c: LSLV, LSRV, ASRV, RORV (in->dp.shift). */
int dpr_shiftv64(struct cpu_state *cpu, const struct insn *in);
int dpr_shiftv32(struct cpu_state *cpu, const struct insn *in);

/* dp_src.c: UDIV, SDIV; RBIT, REV16/REV32/REV (in->dp.container), CLZ. */
int dpr_udiv64(struct cpu_state *cpu, const struct insn *in);
int dpr_udiv32(struct cpu_state *cpu, const struct insn *in);
int dpr_sdiv64(struct cpu_state *cpu, const struct insn *in);
int dpr_sdiv32(struct cpu_state *cpu, const struct insn *in);
int dpr_rbit64(struct cpu_state *cpu, const struct insn *in);
int dpr_rbit32(struct cpu_state *cpu, const struct insn *in);
int dpr_rev(struct cpu_state *cpu, const struct insn *in);
int dpr_clz64(struct cpu_state *cpu, const struct insn *in);
int dpr_clz32(struct cpu_state *cpu, const struct insn *in);

/* dp_cond.c: CCMP, CCMN (in->ccmp). */
int dpr_ccmp64(struct cpu_state *cpu, const struct insn *in);
int dpr_ccmp32(struct cpu_state *cpu, const struct insn *in);

/* dp_cond.c: CSEL, CSINC, CSINV, CSNEG (in->csel). */
int dpr_csel64(struct cpu_state *cpu, const struct insn *in);
int dpr_csel32(struct cpu_state *cpu, const struct insn *in);
int dpr_csel64_plain(struct cpu_state *cpu, const struct insn *in);
int dpr_csinc64(struct cpu_state *cpu, const struct insn *in);

/* branch.c: the direct branches (in->br), BR/RET and BLR (in->rn). */
int br_b(struct cpu_state *cpu, const struct insn *in);
int br_bl(struct cpu_state *cpu, const struct insn *in);
int br_bcond(struct cpu_state *cpu, const struct insn *in);
int br_cbz(struct cpu_state *cpu, const struct insn *in);
int br_tbz(struct cpu_state *cpu, const struct insn *in);
int br_br(struct cpu_state *cpu, const struct insn *in);
int br_blr(struct cpu_state *cpu, const struct insn *in);

/* dp_imm.c: bitfield moves and their shift aliases, EXTR (in->bfm, in->shimm). */
int dpi_ubfm64(struct cpu_state *cpu, const struct insn *in);
int dpi_ubfm32(struct cpu_state *cpu, const struct insn *in);
int dpi_sbfm64(struct cpu_state *cpu, const struct insn *in);
int dpi_sbfm32(struct cpu_state *cpu, const struct insn *in);
int dpi_lsl64(struct cpu_state *cpu, const struct insn *in);
int dpi_lsl32(struct cpu_state *cpu, const struct insn *in);
int dpi_lsr64(struct cpu_state *cpu, const struct insn *in);
int dpi_lsr32(struct cpu_state *cpu, const struct insn *in);
int dpi_asr64(struct cpu_state *cpu, const struct insn *in);
int dpi_asr32(struct cpu_state *cpu, const struct insn *in);
int dpi_extr64(struct cpu_state *cpu, const struct insn *in);
int dpi_extr32(struct cpu_state *cpu, const struct insn *in);

/* dp_src.c: MADD, MSUB. */
int dpr_madd64(struct cpu_state *cpu, const struct insn *in);
int dpr_msub64(struct cpu_state *cpu, const struct insn *in);
int dpr_madd32(struct cpu_state *cpu, const struct insn *in);
int dpr_msub32(struct cpu_state *cpu, const struct insn *in);

#endif
