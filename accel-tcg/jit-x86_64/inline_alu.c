// SPDX-License-Identifier: GPL-2.0
/*
 * Integer instructions emitted inline: moves, MOVZ/MOVN/MOVK, ADR/ADRP,
 * ADD/SUB and AND/ORR/EOR (immediate, shifted and extended register),
 * and ADDS/SUBS/ANDS with cpu->nzcv. Each does what its handler in a64/ does, operand for
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
void jit_emit_alu_imm(struct x86_emit *e, enum x86_alu op, enum x86_size sz,
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
	jit_load_reg(e, sz, dst, r);
}

static void store_rd(struct x86_emit *e, const struct insn *in, enum x86_gpr src)
{
	jit_store_reg(e, in->rd, src);
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
	jit_emit_alu_imm(e, X86_AND, X86_SZ64, A, ~in->dpi.hw_mask);
	jit_emit_alu_imm(e, X86_OR, X86_SZ64, A, in->dpi.imm);
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
		jit_emit_alu_imm(e, X86_ADD, X86_SZ64, A, in->dpi.imm);
	} else {
		jit_emit_alu_imm(e, X86_ADD, X86_SZ64, A, in->dpi.imm + in->off);
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
	jit_emit_alu_imm(e, (enum x86_alu)op, sz, A, in->dpi.imm);
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

/* ---- flag-setting forms: ADDS/SUBS (CMN/CMP), ANDS (TST) ---- */

/*
 * cpu->nzcv from the x86 flags of the operation just emitted, which
 * must be the last flag writer (SDM Vol 1, 3.4.3.1): N = SF, Z = ZF,
 * V = OF, and C = CF after an addition but NOT(CF) after a subtraction,
 * since AArch64's carry of a - b is a + NOT(b) + 1 carrying out, "no
 * borrow" (ARM ARM J1, AddWithCarry), where x86 CF is the borrow. A
 * logical op clears CF and OF (SDM Vol 2A, "AND"), as ANDS clears C
 * and V. SETcc and LEA leave the flags alone, so all four are read
 * before anything changes them. SETcc writes only the low byte: the
 * LEA chain's low four bits depend only on the low bits of its operands
 * (a sum's bit k only on bits 0..k), and the final shift keeps just
 * those, so no MOVZX is needed. Clobbers RAX, RCX, RDX, RSI, RDI, and
 * leaves N, Z in CL, DL (and C, V in SIL, DIL, but for
 * JIT_FLAGS_LOGIC), bytes 0 or 1 with the rest of each register
 * undefined: the position is noted, so that a condition right after
 * tests those bytes (inline_cond.c).
 */
void jit_emit_nzcv(struct x86_emit *e, enum jit_flags kind)
{
	x86_emit_setcc(e, X86_CC_S, C);
	x86_emit_setcc(e, X86_CC_E, X86_RDX);
	if (kind != JIT_FLAGS_LOGIC) {
		x86_emit_setcc(e, kind == JIT_FLAGS_ADD ? X86_CC_B : X86_CC_AE, X86_RSI);
		x86_emit_setcc(e, X86_CC_O, X86_RDI);
	}
	/* EAX = N:Z, then N:Z:C:V, then into bits 31..28. */
	x86_emit_lea(e, X86_SZ32, A, x86_mem_idx(X86_RDX, C, 2, 0));
	if (kind == JIT_FLAGS_LOGIC) {
		x86_emit_shift_ri(e, X86_SHL, X86_SZ32, A, 30);
	} else {
		x86_emit_lea(e, X86_SZ32, A, x86_mem_idx(X86_RSI, A, 2, 0));
		x86_emit_lea(e, X86_SZ32, A, x86_mem_idx(X86_RDI, A, 2, 0));
		x86_emit_shift_ri(e, X86_SHL, X86_SZ32, A, 28);
	}
	x86_emit_store(e, X86_SZ32, jit_field(offsetof(struct cpu_state, nzcv)), A);
	x86_emit_note(e, JIT_NOTE_FLAGS(kind));
}

static enum jit_flags flags_of(enum x86_alu op)
{
	if (op == X86_ADD)
		return JIT_FLAGS_ADD;
	return op == X86_SUB ? JIT_FLAGS_SUB : JIT_FLAGS_LOGIC;
}

/* ADDS/SUBS (immediate): imm is imm12 (<< 12), positive, fits an imm32. */
static void emit_adds_imm(struct x86_emit *e, const struct insn *in, unsigned int op)
{
	enum x86_size sz = op_size(in);

	load(e, sz, A, in->rn);
	jit_emit_alu_imm(e, (enum x86_alu)op, sz, A, in->dpi.imm);
	store_rd(e, in, A);
	jit_emit_nzcv(e, flags_of((enum x86_alu)op));
}

/* ANDS (register): operand 2 inverted for BICS (op2.n). */
static void emit_ands_reg(struct x86_emit *e, const struct insn *in, unsigned int arg)
{
	emit_op2(e, in, arg | (in->op2.n ? OP2_NOT : 0), op_size(in));
	load(e, op_size(in), A, in->rn);
	x86_emit_alu_rr(e, X86_AND, op_size(in), A, C);
	store_rd(e, in, A);
	jit_emit_nzcv(e, JIT_FLAGS_LOGIC);
}

/* ADDS/SUBS (shifted, extended register, or plain), as emit_alu_reg. */
static void emit_adds_reg(struct x86_emit *e, const struct insn *in, unsigned int arg)
{
	emit_alu_reg(e, in, arg);
	jit_emit_nzcv(e, flags_of((enum x86_alu)(arg & 0xff)));
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
	{ dpi_subs64, emit_adds_imm, X86_SUB },
	{ dpi_subs32, emit_adds_imm, X86_SUB },
	{ dpi_adds64, emit_adds_imm, X86_ADD },
	{ dpi_adds32, emit_adds_imm, X86_ADD },
	{ dpi_ands64, emit_adds_imm, X86_AND },
	{ dpi_ands32, emit_adds_imm, X86_AND },
	{ dpr_subs64_rr, emit_adds_reg, X86_SUB },
	{ dpr_subs32_rr, emit_adds_reg, X86_SUB },
	{ dpr_adds64_rr, emit_adds_reg, X86_ADD },
	{ dpr_adds32_rr, emit_adds_reg, X86_ADD },
	{ dpr_subs64, emit_adds_reg, X86_SUB | OP2_SHIFTED },
	{ dpr_subs32, emit_adds_reg, X86_SUB | OP2_SHIFTED },
	{ dpr_adds64, emit_adds_reg, X86_ADD | OP2_SHIFTED },
	{ dpr_adds32, emit_adds_reg, X86_ADD | OP2_SHIFTED },
	{ dpr_ands64, emit_ands_reg, 0 },
	{ dpr_ands32, emit_ands_reg, 0 },
	LOGIC_FORMS(and, X86_AND, 0),
	LOGIC_FORMS(orr, X86_OR, 0),
	LOGIC_FORMS(eor, X86_XOR, 0),
	LOGIC_FORMS(bic, X86_AND, OP2_NOT),
	LOGIC_FORMS(orn, X86_OR, OP2_NOT),
	LOGIC_FORMS(eon, X86_XOR, OP2_NOT),
};

bool jit_emit_inline_alu(struct x86_emit *e, const struct insn *in)
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
