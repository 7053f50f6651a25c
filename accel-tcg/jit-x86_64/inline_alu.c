// SPDX-License-Identifier: GPL-2.0
/*
 * Integer instructions emitted inline: moves, MOVZ/MOVN/MOVK, ADR/ADRP,
 * ADD/SUB and AND/ORR/EOR (immediate, shifted and extended register)
 * without flags. Each does what its handler in a64/ does, operand for
 * operand: sources are read from cpu->r[] (r[31] reads as zero, as the
 * decoder arranged), the result is stored to cpu->r[rd] (a sink for
 * XZR). None can fault, so none needs the PC.
 *
 * A 32-bit x86 operation zeroes bits 63:32 of its destination (Intel
 * SDM Vol 1, 3.4.1.1), which is what writing a W register does (ARM
 * ARM C1.2.5): the W forms use 32-bit operations and store 64 bits.
 */
#include "a64/a64.h"
#include "jit_priv.h"
#include "util.h"

#define A	X86_RAX
#define C	X86_RCX

static enum x86_size op_size(const struct insn *in)
{
	return in->sf ? X86_SZ64 : X86_SZ32;
}

static bool fits_s32(uint64_t v)
{
	return (int64_t)v == (int32_t)v;
}

/*
 * dst op= imm. A 64-bit operation takes a sign-extended imm32 (SDM Vol
 * 2A, 2.2.1.5); anything wider goes through RCX.
 */
static void alu_imm(struct x86_emit *e, enum x86_alu op, enum x86_size sz,
		    enum x86_gpr dst, uint64_t imm)
{
	if (sz != X86_SZ64 || fits_s32(imm)) {
		x86_emit_alu_ri(e, op, sz, dst, (int32_t)(uint32_t)imm);
		return;
	}
	x86_emit_mov_ri(e, X86_SZ64, C, imm);
	x86_emit_alu_rr(e, op, sz, dst, C);
}

static void load(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, unsigned int r)
{
	x86_emit_load_zx(e, sz, dst, jit_reg(r));
}

static void store_rd(struct x86_emit *e, const struct insn *in, enum x86_gpr src)
{
	x86_emit_store(e, X86_SZ64, jit_reg(in->rd), src);
}

/* ---- immediate forms (dp_imm.c) ---- */

static void emit_movi(struct x86_emit *e, const struct insn *in, unsigned int arg)
{
	(void)arg;
	if (fits_s32(in->dpi.imm)) {
		x86_emit_store_imm(e, X86_SZ64, jit_reg(in->rd), (int32_t)in->dpi.imm);
		return;
	}
	x86_emit_mov_ri(e, X86_SZ64, A, in->dpi.imm);
	store_rd(e, in, A);
}

static void emit_movk(struct x86_emit *e, const struct insn *in, unsigned int arg)
{
	(void)arg;
	load(e, X86_SZ64, A, in->rd);
	alu_imm(e, X86_AND, X86_SZ64, A, ~in->dpi.hw_mask);
	alu_imm(e, X86_OR, X86_SZ64, A, in->dpi.imm);
	if (!in->sf)
		x86_emit_mov_rr(e, X86_SZ32, A, A);
	store_rd(e, in, A);
}

/* ADR: PC + imm; ADRP: (PC with bits 11:0 clear) + imm (C6.2.10, C6.2.11). */
static void emit_adr(struct x86_emit *e, const struct insn *in, unsigned int page)
{
	x86_emit_load_zx(e, X86_SZ64, A, jit_field(offsetof(struct cpu_state, pc)));
	if (page) {
		if (in->off)
			x86_emit_alu_ri(e, X86_ADD, X86_SZ64, A, in->off);
		x86_emit_alu_ri(e, X86_AND, X86_SZ64, A, -4096);
		alu_imm(e, X86_ADD, X86_SZ64, A, in->dpi.imm);
	} else {
		alu_imm(e, X86_ADD, X86_SZ64, A, in->dpi.imm + in->off);
	}
	store_rd(e, in, A);
}

/* Rd = Rn op imm at the insn's size (SUB is ADD of the negated imm). */
static void emit_alu_imm(struct x86_emit *e, const struct insn *in, unsigned int op)
{
	enum x86_size sz = op_size(in);

	/* AND (immediate) has one handler; its imm is already 32 bits when !sf. */
	if (in->fn == dpi_and)
		sz = X86_SZ64;
	load(e, sz, A, in->rn);
	alu_imm(e, (enum x86_alu)op, sz, A, in->dpi.imm);
	store_rd(e, in, A);
}

/* ---- register forms (dp_reg.c) ---- */

static void emit_mov_reg(struct x86_emit *e, const struct insn *in, unsigned int arg)
{
	(void)arg;
	load(e, op_size(in), A, in->rm);
	store_rd(e, in, A);
}

/* arg: the x86 ALU op, | OP2_NOT when the operand is inverted (BIC, ORN, EON). */
#define OP2_NOT		0x100
#define OP2_SHIFTED	0x200	/* ShiftReg/ExtendReg first */

static const enum x86_shift shift_ops[4] = { X86_SHL, X86_SHR, X86_SAR, X86_ROR };

/* RCX = ExtendReg(Rm, option, amount) at 64 bits (ARM ARM J1, ExtendReg). */
static void emit_extend(struct x86_emit *e, const struct insn *in)
{
	static const enum x86_size from[4] = { X86_SZ8, X86_SZ16, X86_SZ32, X86_SZ64 };
	unsigned int option = in->op2.option & 7;

	load(e, X86_SZ64, C, in->rm);
	if (option & 4)
		x86_emit_movsx_rr(e, from[option & 3], X86_SZ64, C, C);
	else
		x86_emit_movzx_rr(e, from[option & 3], C, C);
	if (in->op2.amount)
		x86_emit_shift_ri(e, X86_SHL, X86_SZ64, C, in->op2.amount);
}

/* RCX = operand 2: Rm shifted (ShiftReg) or extended, inverted for N. */
static void emit_op2(struct x86_emit *e, const struct insn *in, unsigned int arg,
		     enum x86_size sz)
{
	if (in->op2.extended) {
		emit_extend(e, in);
	} else {
		load(e, sz, C, in->rm);
		if (in->op2.amount)
			x86_emit_shift_ri(e, shift_ops[in->op2.shift & 3], sz, C,
					  in->op2.amount);
	}
	if (arg & OP2_NOT)
		x86_emit_unary(e, X86_NOT, sz, C);
}

static void emit_alu_reg(struct x86_emit *e, const struct insn *in, unsigned int arg)
{
	enum x86_alu op = (enum x86_alu)(arg & 0xff);
	enum x86_size sz = op_size(in);

	if (!(arg & (OP2_NOT | OP2_SHIFTED))) {
		load(e, sz, A, in->rn);
		x86_emit_alu_rm(e, op, sz, A, jit_reg(in->rm));
	} else {
		emit_op2(e, in, arg, sz);
		load(e, sz, A, in->rn);
		x86_emit_alu_rr(e, op, sz, A, C);
	}
	store_rd(e, in, A);
}

/* ADD/SUB Xd, Xn, Xm, LSL #amount: always 64 bits, always LSL. */
static void emit_addsub_lsl(struct x86_emit *e, const struct insn *in, unsigned int op)
{
	load(e, X86_SZ64, C, in->rm);
	x86_emit_shift_ri(e, X86_SHL, X86_SZ64, C, in->op2.amount);
	load(e, X86_SZ64, A, in->rn);
	x86_emit_alu_rr(e, (enum x86_alu)op, X86_SZ64, A, C);
	store_rd(e, in, A);
}

struct inline_form {
	insn_fn fn;
	void (*emit)(struct x86_emit *e, const struct insn *in, unsigned int arg);
	unsigned int arg;
};

#define LOGIC_FORMS(name, op, not)						\
	{ dpr_##name##64_rr, emit_alu_reg, (op) | (not) },			\
	{ dpr_##name##32_rr, emit_alu_reg, (op) | (not) },			\
	{ dpr_##name##64, emit_alu_reg, (op) | (not) | OP2_SHIFTED },		\
	{ dpr_##name##32, emit_alu_reg, (op) | (not) | OP2_SHIFTED }

/* In the order of ../shared/data/boot-instruction-mix.txt, roughly. */
static const struct inline_form forms[] = {
	{ dpr_mov64, emit_mov_reg, 0 },
	{ dpr_mov32, emit_mov_reg, 0 },
	{ dpi_add64, emit_alu_imm, X86_ADD },
	{ dpi_movi, emit_movi, 0 },
	{ dpi_adrp, emit_adr, 1 },
	{ dpr_add64_rr, emit_alu_reg, X86_ADD },
	{ dpi_add32, emit_alu_imm, X86_ADD },
	{ dpr_add64_lsl, emit_addsub_lsl, X86_ADD },
	{ dpr_sub64_rr, emit_alu_reg, X86_SUB },
	{ dpi_and, emit_alu_imm, X86_AND },
	{ dpi_orr64, emit_alu_imm, X86_OR },
	{ dpi_orr32, emit_alu_imm, X86_OR },
	{ dpi_eor64, emit_alu_imm, X86_XOR },
	{ dpi_eor32, emit_alu_imm, X86_XOR },
	{ dpi_movk, emit_movk, 0 },
	{ dpi_adr, emit_adr, 0 },
	{ dpr_add32_rr, emit_alu_reg, X86_ADD },
	{ dpr_sub32_rr, emit_alu_reg, X86_SUB },
	{ dpr_sub64_lsl, emit_addsub_lsl, X86_SUB },
	{ dpr_add64, emit_alu_reg, X86_ADD | OP2_SHIFTED },
	{ dpr_add32, emit_alu_reg, X86_ADD | OP2_SHIFTED },
	{ dpr_sub64, emit_alu_reg, X86_SUB | OP2_SHIFTED },
	{ dpr_sub32, emit_alu_reg, X86_SUB | OP2_SHIFTED },
	LOGIC_FORMS(and, X86_AND, 0),
	LOGIC_FORMS(orr, X86_OR, 0),
	LOGIC_FORMS(eor, X86_XOR, 0),
	LOGIC_FORMS(bic, X86_AND, OP2_NOT),
	LOGIC_FORMS(orn, X86_OR, OP2_NOT),
	LOGIC_FORMS(eon, X86_XOR, OP2_NOT),
};

bool jit_emit_inline(struct x86_emit *e, const struct insn *in)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(forms); i++) {
		if (forms[i].fn == in->fn) {
			forms[i].emit(e, in, forms[i].arg);
			return true;
		}
	}
	return false;
}
