// SPDX-License-Identifier: GPL-2.0
/*
 * Bit manipulation emitted inline: LSL/LSR/ASR by an immediate, the
 * UBFM and SBFM bitfield moves (UBFX, SBFX, UXTB, SXTW...), EXTR and its
 * ROR alias, shifts by a register (LSLV...), MADD/MSUB (MUL, MNEG),
 * CLZ, RBIT, REV16/REV32/REV, UDIV/SDIV. Each does what its handler in
 * a64/ does, operand for operand, with the masks the decoder computed
 * (DecodeBitMasks, ARM ARM J1): sources from cpu->r[] (r[31] reads as
 * zero), the result to cpu->r[rd]. None can fault (the divisions test
 * for the operands x86's DIV/IDIV would trap on first).
 *
 * The W forms use 32-bit x86 operations, which zero bits 63:32 of their
 * destination (Intel SDM Vol 1, 3.4.1.1), as writing a W register does.
 */
#include "a64/a64.h"
#include "jit_priv.h"
#include "util.h"

#define A	X86_RAX
#define C	X86_RCX
#define D	X86_RDX

static enum x86_size size_of(bool sf)
{
	return sf ? X86_SZ64 : X86_SZ32;
}

static void load(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, unsigned int r)
{
	jit_load_reg(e, sz, dst, r);
}

static void store_rd(struct x86_emit *e, const struct insn *in, enum x86_gpr src)
{
	jit_store_reg(e, in->rd, src);
}

/* LSL/LSR/ASR #amount: arg is the x86 shift, in->sf the size. */
static void emit_shift_imm(struct x86_emit *e, const struct insn *in, unsigned int arg, bool sf)
{
	load(e, size_of(sf), A, in->rn);
	x86_emit_shift_ri(e, (enum x86_shift)arg, size_of(sf), A, in->shimm.amount);
	store_rd(e, in, A);
}

/*
 * UBFM and SBFM as two shifts, arg the right one (SHR, SAR): with immr <=
 * imms (UBFX/SBFX; UXTB, SXTW... when immr is 0) Rd is the field
 * Rn<imms:immr> extended, with immr > imms (UBFIZ/SBFIZ, LSL) Rn<imms:0>
 * extended and shifted left by bits - immr (ARM ARM C6.2.366, C6.2.262).
 * Shifting left until bit imms is the top bit, then right, places the
 * field and extends it: what the handlers' masks give. The decoder
 * takes immr and imms below bits (a64/dp_imm.c: larger ones are
 * UNDEFINED for the W forms).
 */
static void emit_bfm(struct x86_emit *e, const struct insn *in, unsigned int arg,
			    bool sf)
{
	unsigned int bits = sf ? 64 : 32, immr = in->bfm.immr, imms = in->bfm.imms;
	unsigned int up = bits - 1 - imms;
	unsigned int down = immr <= imms ? up + immr : immr - imms - 1;

	load(e, size_of(sf), A, in->rn);
	if (up)
		x86_emit_shift_ri(e, X86_SHL, size_of(sf), A, (uint8_t)up);
	if (down)
		x86_emit_shift_ri(e, (enum x86_shift)arg, size_of(sf), A, (uint8_t)down);
	store_rd(e, in, A);
}

/* EXTR (C6.2.90, as dpi_extr64): (Rn:Rm) >> lsb; ROR when Rn == Rm. */
static void emit_extr(struct x86_emit *e, const struct insn *in, unsigned int arg, bool sf)
{
	enum x86_size sz = size_of(sf);
	unsigned int lsb = in->shimm.amount, bits = sf ? 64 : 32;

	(void)arg;
	load(e, sz, A, in->rm);
	if (lsb && in->rn == in->rm) {
		x86_emit_shift_ri(e, X86_ROR, sz, A, (uint8_t)lsb);
	} else if (lsb) {
		load(e, sz, D, in->rn);
		x86_emit_shift_ri(e, X86_SHR, sz, A, (uint8_t)lsb);
		x86_emit_shift_ri(e, X86_SHL, sz, D, (uint8_t)(bits - lsb));
		x86_emit_alu_rr(e, X86_OR, sz, A, D);
	}
	store_rd(e, in, A);
}

/*
 * MADD: Ra + Rn * Rm; MSUB: Ra - Rn * Rm (C6.2.181, C6.2.200). The low
 * 64 (32) bits of a product do not depend on signedness, so IMUL's
 * truncated result is the one wanted.
 */
static void emit_madd(struct x86_emit *e, const struct insn *in, unsigned int sub, bool sf)
{
	enum x86_size sz = size_of(sf);

	load(e, sz, A, in->rn);
	x86_emit_imul_rm(e, sz, A, jit_reg(in->rm));
	if (sub) {
		load(e, sz, C, in->ra);
		x86_emit_alu_rr(e, X86_SUB, sz, C, A);
		store_rd(e, in, C);
		return;
	}
	x86_emit_alu_rm(e, X86_ADD, sz, A, jit_reg(in->ra));
	store_rd(e, in, A);
}

/*
 * LSLV/LSRV/ASRV/RORV (C6.2.177...): the amount is Rm modulo the size,
 * which is what x86 shifts by CL take of it (SDM Vol 2B, "SAL/SAR/SHL/
 * SHR": the count is masked to 6 bits with REX.W, else 5; ROR likewise).
 */
static void emit_shiftv(struct x86_emit *e, const struct insn *in, unsigned int arg, bool sf)
{
	static const enum x86_shift ops[4] = { X86_SHL, X86_SHR, X86_SAR, X86_ROR };

	(void)arg;
	load(e, size_of(sf), A, in->rn);
	x86_emit_load_zx(e, X86_SZ32, C, jit_reg(in->rm));
	x86_emit_shift_rcl(e, ops[in->dp.shift & 3], size_of(sf), A);
	store_rd(e, in, A);
}

/* ---- 1 source, 2 source (a64/dp_src.c) ---- */

/* CLZ (C6.2.71): BSR with the zero case, x86_emit_clz. */
static void emit_clz(struct x86_emit *e, const struct insn *in, unsigned int arg, bool sf)
{
	(void)arg;
	load(e, size_of(sf), A, in->rn);
	x86_emit_clz(e, size_of(sf), C, A, D);
	store_rd(e, in, C);
}

/* A = ((A >> k) & mask) | ((A & mask) << k): swap each pair of k-bit groups. */
static void emit_swap_groups(struct x86_emit *e, enum x86_size sz, unsigned int k,
			     uint64_t mask)
{
	x86_emit_mov_rr(e, sz, C, A);
	x86_emit_shift_ri(e, X86_SHR, sz, C, (uint8_t)k);
	if (sz == X86_SZ64) {
		/* A 64-bit AND takes a sign-extended imm32 only (SDM Vol 2A, 2.2.1.5). */
		x86_emit_mov_ri(e, X86_SZ64, D, mask);
		x86_emit_alu_rr(e, X86_AND, sz, C, D);
		x86_emit_alu_rr(e, X86_AND, sz, A, D);
	} else {
		x86_emit_alu_ri(e, X86_AND, sz, C, (int32_t)(uint32_t)mask);
		x86_emit_alu_ri(e, X86_AND, sz, A, (int32_t)(uint32_t)mask);
	}
	x86_emit_shift_ri(e, X86_SHL, sz, A, (uint8_t)k);
	x86_emit_alu_rr(e, X86_OR, sz, A, C);
}

/*
 * RBIT (C6.2.247): the bits of each byte reversed by three swaps (of
 * single bits, pairs, nibbles), then the bytes by BSWAP. The W form
 * works on 32 bits, which gives the handler's result.
 */
static void emit_rbit(struct x86_emit *e, const struct insn *in, unsigned int arg, bool sf)
{
	enum x86_size sz = size_of(sf);

	(void)arg;
	load(e, sz, A, in->rn);
	emit_swap_groups(e, sz, 1, 0x5555555555555555ull);
	emit_swap_groups(e, sz, 2, 0x3333333333333333ull);
	emit_swap_groups(e, sz, 4, 0x0f0f0f0f0f0f0f0full);
	x86_emit_bswap(e, sz, A);
	store_rd(e, in, A);
}

/*
 * REV16, REV32, REV (C6.2.249...): the bytes of each 16-, 32- or 64-bit
 * container reversed, as dpr_rev does over 64 bits; the W forms keep the
 * low 32 bits.
 */
static void emit_rev(struct x86_emit *e, const struct insn *in, unsigned int arg, bool sf)
{
	(void)arg;
	(void)sf;
	load(e, X86_SZ64, A, in->rn);
	if (in->dp.container == 16) {
		emit_swap_groups(e, X86_SZ64, 8, 0x00ff00ff00ff00ffull);
	} else {
		x86_emit_bswap(e, X86_SZ64, A);
		if (in->dp.container == 32)
			x86_emit_shift_ri(e, X86_ROR, X86_SZ64, A, 32);
	}
	if (!in->sf)
		x86_emit_mov_rr(e, X86_SZ32, A, A);
	store_rd(e, in, A);
}

/*
 * UDIV, SDIV (C6.2.388, C6.2.268): a zero divisor gives 0, and SDIV by
 * -1 negates, which also gives INT_MIN / -1 == INT_MIN without x86's
 * divide error (SDM Vol 2A, "IDIV": #DE when the quotient overflows).
 * arg: 1 for SDIV.
 */
static void emit_div(struct x86_emit *e, const struct insn *in, unsigned int arg, bool sf)
{
	enum x86_size sz = size_of(sf);
	struct x86_label zero, neg, done;

	x86_label_init(&zero);
	x86_label_init(&neg);
	x86_label_init(&done);
	load(e, sz, C, in->rm);
	load(e, sz, A, in->rn);
	x86_emit_test_rr(e, sz, C, C);
	x86_emit_jcc_label8(e, X86_CC_E, &zero);
	if (arg) {
		x86_emit_alu_ri(e, X86_CMP, sz, C, -1);
		x86_emit_jcc_label8(e, X86_CC_E, &neg);
		x86_emit_cqo(e, sz);
		x86_emit_unary(e, X86_IDIV, sz, C);
	} else {
		x86_emit_alu_rr(e, X86_XOR, X86_SZ32, D, D);
		x86_emit_unary(e, X86_DIV, sz, C);
	}
	x86_emit_jmp_label8(e, &done);
	if (arg) {
		x86_label_bind(e, &neg);
		x86_emit_unary(e, X86_NEG, sz, A);
		x86_emit_jmp_label8(e, &done);
	}
	x86_label_bind(e, &zero);
	x86_emit_alu_rr(e, X86_XOR, X86_SZ32, A, A);
	x86_label_bind(e, &done);
	store_rd(e, in, A);
}

struct bits_form {
	insn_fn fn;
	void (*emit)(struct x86_emit *e, const struct insn *in, unsigned int arg, bool sf);
	unsigned int arg;
	bool sf;
};

static const struct bits_form forms[] = {
	{ dpi_lsr64, emit_shift_imm, X86_SHR, true },
	{ dpi_lsl64, emit_shift_imm, X86_SHL, true },
	{ dpi_ubfm64, emit_bfm, X86_SHR, true },
	{ dpi_sbfm64, emit_bfm, X86_SAR, true },
	{ dpi_lsr32, emit_shift_imm, X86_SHR, false },
	{ dpi_lsl32, emit_shift_imm, X86_SHL, false },
	{ dpi_asr64, emit_shift_imm, X86_SAR, true },
	{ dpi_asr32, emit_shift_imm, X86_SAR, false },
	{ dpi_ubfm32, emit_bfm, X86_SHR, false },
	{ dpi_sbfm32, emit_bfm, X86_SAR, false },
	{ dpi_extr64, emit_extr, 0, true },
	{ dpi_extr32, emit_extr, 0, false },
	{ dpr_shiftv64, emit_shiftv, 0, true },
	{ dpr_shiftv32, emit_shiftv, 0, false },
	{ dpr_madd64, emit_madd, 0, true },
	{ dpr_madd32, emit_madd, 0, false },
	{ dpr_msub64, emit_madd, 1, true },
	{ dpr_msub32, emit_madd, 1, false },
	{ dpr_clz64, emit_clz, 0, true },
	{ dpr_clz32, emit_clz, 0, false },
	{ dpr_rbit64, emit_rbit, 0, true },
	{ dpr_rbit32, emit_rbit, 0, false },
	{ dpr_rev, emit_rev, 0, true },
	{ dpr_udiv64, emit_div, 0, true },
	{ dpr_udiv32, emit_div, 0, false },
	{ dpr_sdiv64, emit_div, 1, true },
	{ dpr_sdiv32, emit_div, 1, false },
};

bool jit_emit_inline_bits(struct x86_emit *e, const struct insn *in)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(forms); i++) {
		if (forms[i].fn == in->fn) {
			forms[i].emit(e, in, forms[i].arg, forms[i].sf);
			return true;
		}
	}
	return false;
}
