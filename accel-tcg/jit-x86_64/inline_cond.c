// SPDX-License-Identifier: GPL-2.0
/*
 * Conditional forms emitted inline: CSEL/CSINC/CSINV/CSNEG, CCMP/CCMN,
 * the direct branches B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ and the fused
 * CMP + B.cond, and BR/RET/BLR. Each does what its handler in a64/ does: conditions
 * are read from cpu->nzcv with the handlers' own table (alu_cond), and
 * a branch sets cpu->pc from the block's PC (insn_pc: cpu->pc +
 * in->off) and goes on to the next block through translate.c's exits
 * (chained, or back to the run loop with INSN_BRANCH).
 */
#include "a64/a64.h"
#include "jit_priv.h"

#define A	X86_RAX
#define C	X86_RCX
#define D	X86_RDX

static struct x86_mem pc_field(void)
{
	return jit_field(offsetof(struct cpu_state, pc));
}

/*
 * ConditionHolds(cond) on cpu->nzcv (ARM ARM J1.3), as alu_cond does:
 * bit NZCV of alu_cond_table[cond]. Returns the x86 condition that
 * holds when cond does. Uses RCX and RSI only.
 */
static enum x86_cc emit_cond_table(struct x86_emit *e, unsigned int cond)
{
	x86_emit_load_zx(e, X86_SZ32, C, jit_field(offsetof(struct cpu_state, nzcv)));
	x86_emit_shift_ri(e, X86_SHR, X86_SZ32, C, 28);
	x86_emit_mov_ri(e, X86_SZ32, X86_RSI, alu_cond_table[cond & 0xf]);
	x86_emit_shift_rcl(e, X86_SHR, X86_SZ32, X86_RSI);
	x86_emit_test_ri(e, X86_SZ32, X86_RSI, 1);
	return X86_CC_NE;
}

/*
 * The same right after jit_emit_nzcv (kind), from the flags it left in
 * the low bytes of registers, 0 or 1 each (the rest undefined): N in CL,
 * Z in DL, C in SIL, V in DIL (C and V not for JIT_FLAGS_LOGIC). The conditions are ARM ARM J1.3's
 * (ConditionHolds); the odd ones negate the even ones below them.
 * Returns false when cond needs what kind did not leave.
 */
static bool emit_cond_regs(struct x86_emit *e, unsigned int cond, enum jit_flags kind,
			   enum x86_cc *holds)
{
	bool cv = kind != JIT_FLAGS_LOGIC;
	enum x86_cc cc;

	switch (cond >> 1) {
	case 0:			/* EQ: Z */
		x86_emit_test_rr(e, X86_SZ8, D, D);
		cc = X86_CC_NE;
		break;
	case 1:			/* CS: C */
		if (!cv)
			return false;
		x86_emit_test_rr(e, X86_SZ8, X86_RSI, X86_RSI);
		cc = X86_CC_NE;
		break;
	case 2:			/* MI: N */
		x86_emit_test_rr(e, X86_SZ8, C, C);
		cc = X86_CC_NE;
		break;
	case 3:			/* VS: V */
		if (!cv)
			return false;
		x86_emit_test_rr(e, X86_SZ8, X86_RDI, X86_RDI);
		cc = X86_CC_NE;
		break;
	case 4:			/* HI: C && !Z, that is C > Z */
		if (!cv)
			return false;
		x86_emit_alu_rr(e, X86_CMP, X86_SZ8, X86_RSI, D);
		cc = X86_CC_A;
		break;
	case 5:			/* GE: N == V */
		if (!cv)
			return false;
		x86_emit_alu_rr(e, X86_CMP, X86_SZ8, C, X86_RDI);
		cc = X86_CC_E;
		break;
	case 6:			/* GT: !Z && N == V, that is (N ^ V) | Z == 0 */
		if (!cv)
			return false;
		x86_emit_mov_rr(e, X86_SZ32, X86_R8, C);
		x86_emit_alu_rr(e, X86_XOR, X86_SZ8, X86_R8, X86_RDI);
		x86_emit_alu_rr(e, X86_OR, X86_SZ8, X86_R8, D);
		cc = X86_CC_E;
		break;
	default:		/* AL, NV: always */
		return false;
	}
	*holds = cond & 1 ? x86_cc_invert(cc) : cc;
	return true;
}

/*
 * ConditionHolds(cond): from registers when the flags were computed
 * just before (x86_emit_noted), else from cpu->nzcv. Returns the x86
 * condition that holds when cond does. Uses RCX, RSI and R8 only.
 */
static enum x86_cc emit_cond(struct x86_emit *e, unsigned int cond)
{
	unsigned int tag = x86_emit_noted(e);
	enum x86_cc holds;
	unsigned int k;

	for (k = JIT_FLAGS_ADD; k <= JIT_FLAGS_LOGIC; k++)
		if (tag == JIT_NOTE_FLAGS(k) &&
		    emit_cond_regs(e, cond & 0xf, (enum jit_flags)k, &holds))
			return holds;
	return emit_cond_table(e, cond);
}

/* A displacement from the block's PC: the insn's offset plus a branch offset. */
static int32_t pc_disp(const struct insn *in, uint64_t offset)
{
	return (int32_t)((int64_t)in->off + (int64_t)offset);
}

/*
 * Go to the block at pc + taken when cc holds on the flags set just
 * before, else to pc + next (both exits may be linked).
 */
static void emit_cond_goto(struct jit_block *b, enum x86_cc cc, int32_t taken, int32_t next)
{
	struct x86_label l_taken;

	x86_label_init(&l_taken);
	x86_emit_jcc_label(b->e, cc, &l_taken);
	jit_emit_goto(b, next);
	x86_label_bind(b->e, &l_taken);
	jit_emit_goto(b, taken);
}

/* CSEL family: Rd = cond ? Rn : Rm, Rm + 1, NOT Rm or -Rm (op:o2). */
static void emit_csel(struct x86_emit *e, const struct insn *in)
{
	enum x86_size sz = in->sf ? X86_SZ64 : X86_SZ32;

	enum x86_cc holds;

	/* First, while the flags may still be in registers (emit_cond). */
	holds = emit_cond(e, in->csel.cond);
	x86_emit_setcc(e, holds, X86_R9);
	x86_emit_load_zx(e, X86_SZ64, D, jit_reg(in->rm));
	switch (in->csel.op_o2 & 3) {
	case 1:
		x86_emit_alu_ri(e, X86_ADD, X86_SZ64, D, 1);
		break;
	case 2:
		x86_emit_unary(e, X86_NOT, X86_SZ64, D);
		break;
	case 3:
		x86_emit_unary(e, X86_NEG, X86_SZ64, D);
		break;
	default:
		break;
	}
	x86_emit_load_zx(e, X86_SZ64, A, jit_reg(in->rn));
	x86_emit_test_rr(e, X86_SZ8, X86_R9, X86_R9);
	/* The 32-bit CMOV zeroes bits 63:32 either way (SDM Vol 2A, "CMOVcc"). */
	x86_emit_cmovcc(e, X86_CC_E, sz, A, D);
	jit_store_reg(e, in->rd, A);
}

/* CBZ/CBNZ, TBZ/TBNZ: ZF = !(Rn & mask); taken when that differs from op. */
static void emit_test_branch(struct jit_block *b, const struct insn *in)
{
	struct x86_emit *e = b->e;
	uint64_t mask = in->br.mask;

	jit_load_reg(e, X86_SZ64, D, in->rn);
	if (mask >> 32) {
		x86_emit_mov_ri(e, X86_SZ64, X86_RSI, mask);
		x86_emit_test_rr(e, X86_SZ64, D, X86_RSI);
	} else {
		/* The low 32 bits only: a 32-bit TEST does not sign-extend. */
		x86_emit_test_ri(e, X86_SZ32, D, (int32_t)(uint32_t)mask);
	}
	emit_cond_goto(b, in->br.op ? X86_CC_NE : X86_CC_E, pc_disp(in, in->br.offset),
		       pc_disp(in, 4));
}

/*
 * CMP Rn, #imm or Rn, Rm (into nzcv, as the handler) then B.cond at pc +
 * 4: returns the x86 condition that holds when the branch is taken.
 */
static enum x86_cc emit_cmp_bcond(struct x86_emit *e, const struct insn *in, bool imm)
{
	enum x86_size sz = in->fn == dpi_cmp64_bcond || in->fn == dpr_cmp64_bcond ?
			   X86_SZ64 : X86_SZ32;

	jit_load_reg(e, sz, A, in->rn);
	if (imm)
		x86_emit_alu_ri(e, X86_SUB, sz, A, (int32_t)in->cmpb.imm);
	else
		x86_emit_alu_rm(e, X86_SUB, sz, A, jit_reg(in->rm));
	jit_emit_nzcv(e, JIT_FLAGS_SUB);
	return emit_cond(e, in->cmpb.cond);
}

/* BL: X30 = the next insn's address, then a direct branch. */
static void emit_bl(struct jit_block *b, const struct insn *in)
{
	x86_emit_load_zx(b->e, X86_SZ64, A, pc_field());
	x86_emit_lea(b->e, X86_SZ64, C, x86_mem(A, pc_disp(in, 4)));
	x86_emit_store(b->e, X86_SZ64, jit_reg(30), C);
	jit_emit_goto(b, pc_disp(in, in->br.offset));
}

/* BR/RET, BLR: BLR reads the target before writing X30 (BLR X30 is valid). */
static void emit_branch_reg(struct jit_block *b, const struct insn *in, bool link)
{
	struct x86_emit *e = b->e;

	x86_emit_load_zx(e, X86_SZ64, A, jit_reg(in->rn));
	if (link) {
		x86_emit_load_zx(e, X86_SZ64, C, pc_field());
		x86_emit_alu_ri(e, X86_ADD, X86_SZ64, C, pc_disp(in, 4));
		x86_emit_store(e, X86_SZ64, jit_reg(30), C);
	}
	x86_emit_store(e, X86_SZ64, pc_field(), A);
	jit_emit_goto_reg(b);
}

static bool is_cmp_bcond(insn_fn fn)
{
	return fn == dpi_cmp64_bcond || fn == dpi_cmp32_bcond ||
	       fn == dpr_cmp64_bcond || fn == dpr_cmp32_bcond;
}

/* The branches: each ends the block, so each leaves it. */
static bool emit_branch(struct jit_block *b, const struct insn *in)
{
	insn_fn fn = in->fn;

	if (fn == br_b) {
		jit_emit_goto(b, pc_disp(in, in->br.offset));
	} else if (fn == br_bl) {
		emit_bl(b, in);
	} else if (fn == br_bcond) {
		emit_cond_goto(b, emit_cond(b->e, in->br.cond), pc_disp(in, in->br.offset),
			       pc_disp(in, 4));
	} else if (fn == br_cbz || fn == br_tbz) {
		emit_test_branch(b, in);
	} else if (is_cmp_bcond(fn)) {
		emit_cond_goto(b, emit_cmp_bcond(b->e, in, fn == dpi_cmp64_bcond ||
							      fn == dpi_cmp32_bcond),
			       pc_disp(in, in->cmpb.offset), pc_disp(in, 8));
	} else if (fn == br_br || fn == br_blr) {
		emit_branch_reg(b, in, fn == br_blr);
	} else {
		return false;
	}
	return true;
}

/*
 * CCMP/CCMN (C6.2.56, C6.2.54): when cond holds, NZCV of Rn - op2 (x86
 * CMP) or Rn + op2 (ADD into a scratch register); else the nzcv
 * immediate, as dpr_ccmp64.
 */
static void emit_ccmp(struct x86_emit *e, const struct insn *in)
{
	enum x86_size sz = in->fn == dpr_ccmp64 ? X86_SZ64 : X86_SZ32;
	struct x86_label holds, done;

	x86_label_init(&holds);
	x86_label_init(&done);
	x86_emit_jcc_label(e, emit_cond(e, in->ccmp.cond), &holds);
	x86_emit_store_imm(e, X86_SZ32, jit_field(offsetof(struct cpu_state, nzcv)),
			   (int32_t)in->ccmp.nzcv);
	x86_emit_jmp_label(e, &done);
	x86_label_bind(e, &holds);
	x86_emit_load_zx(e, sz, A, jit_reg(in->rn));
	if (in->ccmp.is_imm)
		x86_emit_alu_ri(e, in->ccmp.op ? X86_CMP : X86_ADD, sz, A,
				(int32_t)in->ccmp.imm5);
	else
		x86_emit_alu_rm(e, in->ccmp.op ? X86_CMP : X86_ADD, sz, A, jit_reg(in->rm));
	jit_emit_nzcv(e, in->ccmp.op ? JIT_FLAGS_SUB : JIT_FLAGS_ADD);
	x86_label_bind(e, &done);
}

bool jit_emit_inline_cond(struct jit_block *b, const struct insn *in)
{
	insn_fn fn = in->fn;

	if (fn == dpr_ccmp64 || fn == dpr_ccmp32) {
		emit_ccmp(b->e, in);
		return true;
	}

	if (fn == dpr_csel64 || fn == dpr_csel32 || fn == dpr_csel64_plain ||
	    fn == dpr_csinc64) {
		emit_csel(b->e, in);
		return true;
	}
	return emit_branch(b, in);
}
