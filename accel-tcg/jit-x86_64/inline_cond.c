// SPDX-License-Identifier: GPL-2.0
/*
 * Conditional forms emitted inline: CSEL/CSINC/CSINV/CSNEG, and the
 * direct branches B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ and the fused
 * CMP + B.cond. Each does what its handler in a64/ does: conditions are
 * read from cpu->nzcv with the handlers' own table (alu_cond), and a
 * branch sets cpu->pc from the block's PC (insn_pc: cpu->pc + in->off)
 * and leaves the block with INSN_BRANCH.
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
 * bit NZCV of alu_cond_table[cond]. Leaves ZF clear (X86_CC_NE) when
 * the condition holds. Uses RCX and RSI only.
 */
static void emit_cond(struct x86_emit *e, unsigned int cond)
{
	x86_emit_load_zx(e, X86_SZ32, C, jit_field(offsetof(struct cpu_state, nzcv)));
	x86_emit_shift_ri(e, X86_SHR, X86_SZ32, C, 28);
	x86_emit_mov_ri(e, X86_SZ32, X86_RSI, alu_cond_table[cond & 0xf]);
	x86_emit_shift_rcl(e, X86_SHR, X86_SZ32, X86_RSI);
	x86_emit_test_ri(e, X86_SZ32, X86_RSI, 1);
}

static void leave_branch(struct x86_emit *e, struct x86_label *exit)
{
	x86_emit_mov_ri(e, X86_SZ32, A, INSN_BRANCH);
	x86_emit_jmp_label(e, exit);
}

/* A displacement from the block's PC: the insn's offset plus a branch offset. */
static int32_t pc_disp(const struct insn *in, uint64_t offset)
{
	return (int32_t)((int64_t)in->off + (int64_t)offset);
}

/*
 * cpu->pc = pc + (cc ? taken : next), cc on the flags set just before:
 * MOV, LEA and CMOVcc leave them alone (SDM Vol 1, 3.4.3.1).
 */
static void emit_cond_pc(struct x86_emit *e, enum x86_cc cc, int32_t taken, int32_t next,
			 struct x86_label *exit)
{
	x86_emit_load_zx(e, X86_SZ64, A, pc_field());
	x86_emit_lea(e, X86_SZ64, C, x86_mem(A, taken));
	x86_emit_lea(e, X86_SZ64, A, x86_mem(A, next));
	x86_emit_cmovcc(e, cc, X86_SZ64, A, C);
	x86_emit_store(e, X86_SZ64, pc_field(), A);
	leave_branch(e, exit);
}

/* CSEL family: Rd = cond ? Rn : Rm, Rm + 1, NOT Rm or -Rm (op:o2). */
static void emit_csel(struct x86_emit *e, const struct insn *in)
{
	enum x86_size sz = in->sf ? X86_SZ64 : X86_SZ32;

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
	emit_cond(e, in->csel.cond);
	/* The 32-bit CMOV zeroes bits 63:32 either way (SDM Vol 2A, "CMOVcc"). */
	x86_emit_cmovcc(e, X86_CC_E, sz, A, D);
	x86_emit_store(e, X86_SZ64, jit_reg(in->rd), A);
}

/* CBZ/CBNZ, TBZ/TBNZ: ZF = !(Rn & mask); taken when that differs from op. */
static void emit_test_branch(struct x86_emit *e, const struct insn *in,
			     struct x86_label *exit)
{
	uint64_t mask = in->br.mask;

	x86_emit_load_zx(e, X86_SZ64, D, jit_reg(in->rn));
	if (mask >> 32) {
		x86_emit_mov_ri(e, X86_SZ64, X86_RSI, mask);
		x86_emit_test_rr(e, X86_SZ64, D, X86_RSI);
	} else {
		/* The low 32 bits only: a 32-bit TEST does not sign-extend. */
		x86_emit_test_ri(e, X86_SZ32, D, (int32_t)(uint32_t)mask);
	}
	emit_cond_pc(e, in->br.op ? X86_CC_NE : X86_CC_E, pc_disp(in, in->br.offset),
		     pc_disp(in, 4), exit);
}

/* CMP Rn, #imm or Rn, Rm (into nzcv, as the handler) then B.cond at pc + 4. */
static void emit_cmp_bcond(struct x86_emit *e, const struct insn *in, bool imm)
{
	enum x86_size sz = in->fn == dpi_cmp64_bcond || in->fn == dpr_cmp64_bcond ?
			   X86_SZ64 : X86_SZ32;

	x86_emit_load_zx(e, sz, A, jit_reg(in->rn));
	if (imm)
		x86_emit_alu_ri(e, X86_SUB, sz, A, (int32_t)in->cmpb.imm);
	else
		x86_emit_alu_rm(e, X86_SUB, sz, A, jit_reg(in->rm));
	jit_emit_nzcv(e, JIT_FLAGS_SUB);
	emit_cond(e, in->cmpb.cond);
}

bool jit_emit_inline_cond(struct x86_emit *e, const struct insn *in, struct x86_label *exit)
{
	insn_fn fn = in->fn;

	if (fn == dpr_csel64 || fn == dpr_csel32 || fn == dpr_csel64_plain ||
	    fn == dpr_csinc64) {
		emit_csel(e, in);
		return true;
	}
	if (fn == br_b) {
		x86_emit_alu_mi(e, X86_ADD, X86_SZ64, pc_field(), pc_disp(in, in->br.offset));
		leave_branch(e, exit);
		return true;
	}
	if (fn == br_bl) {
		x86_emit_load_zx(e, X86_SZ64, A, pc_field());
		x86_emit_lea(e, X86_SZ64, C, x86_mem(A, pc_disp(in, 4)));
		x86_emit_store(e, X86_SZ64, jit_reg(30), C);
		x86_emit_alu_ri(e, X86_ADD, X86_SZ64, A, pc_disp(in, in->br.offset));
		x86_emit_store(e, X86_SZ64, pc_field(), A);
		leave_branch(e, exit);
		return true;
	}
	if (fn == br_bcond) {
		emit_cond(e, in->br.cond);
		emit_cond_pc(e, X86_CC_NE, pc_disp(in, in->br.offset), pc_disp(in, 4), exit);
		return true;
	}
	if (fn == br_cbz || fn == br_tbz) {
		emit_test_branch(e, in, exit);
		return true;
	}
	if (fn == dpi_cmp64_bcond || fn == dpi_cmp32_bcond ||
	    fn == dpr_cmp64_bcond || fn == dpr_cmp32_bcond) {
		emit_cmp_bcond(e, in, fn == dpi_cmp64_bcond || fn == dpi_cmp32_bcond);
		emit_cond_pc(e, X86_CC_NE, pc_disp(in, in->cmpb.offset), pc_disp(in, 8), exit);
		return true;
	}
	return false;
}
