// SPDX-License-Identifier: GPL-2.0
/*
 * SIMD&FP insns that only move bits, emitted inline: FMOV between a
 * general register and Sn/Dn/Vn.D[1] (ARM ARM C7.2 "FMOV (general)"),
 * DUP Vd.T, Rn ("DUP (general)") and MOVI/MVNI/FMOV (vector, immediate)
 * as decoded into one 64-bit pattern (fpsimd/modimm.c). The string
 * routines of glibc and musl (strlen, memchr, strchr...) run these
 * around their compares, and a handler call costs more than the move.
 *
 * Each does what its handler in fpsimd/ does, on the same fields. The
 * handlers' FP_CHECK is CPACR_EL1.FPEN == 0b11 here (once per block, as
 * for the SIMD&FP loads and stores: jit_block.fp_ok); any other value
 * runs the handler out of line, which traps or does the insn.
 * Registers: RAX, RCX.
 */
#include "engine/engine.h"
#include "fpsimd/fpsimd.h"
#include "jit_priv.h"

#define A	X86_RAX
#define C	X86_RCX

enum simd_op { SIMD_NONE, SIMD_TO_GEN, SIMD_FROM_GEN, SIMD_FROM_GEN_HI, SIMD_DUP, SIMD_MOVI };

static enum simd_op classify(insn_fn fn)
{
	if (fn == fp_fmov_gen_fn(FP_MOVE_TO_GEN))
		return SIMD_TO_GEN;
	if (fn == fp_fmov_gen_fn(FP_MOVE_FROM_GEN))
		return SIMD_FROM_GEN;
	if (fn == fp_fmov_gen_fn(FP_MOVE_FROM_GEN_HI))
		return SIMD_FROM_GEN_HI;
	if (fn == fp_dup_gen_fn())
		return SIMD_DUP;
	if (fn == fp_movi_fn())
		return SIMD_MOVI;
	return SIMD_NONE;
}

/* Half (0, 1) of V register n: d[half]. */
static struct x86_mem vreg(unsigned int n, unsigned int half)
{
	return jit_field(offsetof(struct cpu_state, v) + 16 * n + 8 * half);
}

/* d[half] of Vn = imm, by a sign-extended imm32 when it fits. */
static void store_imm64(struct x86_emit *e, struct x86_mem m, uint64_t imm)
{
	if ((int64_t)imm == (int32_t)imm) {
		x86_emit_store_imm(e, X86_SZ64, m, (int32_t)imm);
		return;
	}
	x86_emit_movabs(e, A, imm);
	x86_emit_store(e, X86_SZ64, m, A);
}

/* A 32-bit FMOV (mask 0xffffffff) moves the low word, zero-extended. */
static enum x86_size fmov_size(const struct insn *in)
{
	return in->fmov.mask == 0xffffffffull ? X86_SZ32 : X86_SZ64;
}

/* h_dup_gen: the low element times a 1 in each lane (no carries). */
static void emit_dup(struct x86_emit *e, const struct insn *in)
{
	static const uint64_t ones[3] = {
		0x0101010101010101ull, 0x0001000100010001ull, 0x0000000100000001ull,
	};
	static const enum x86_size sizes[4] = { X86_SZ8, X86_SZ16, X86_SZ32, X86_SZ64 };
	unsigned int esz = in->vcopy.esz & 3;

	x86_emit_load_zx(e, sizes[esz], A, jit_reg(in->rn));
	if (esz < 3) {
		x86_emit_movabs(e, C, ones[esz]);
		x86_emit_imul_rr(e, X86_SZ64, A, C);
	}
	x86_emit_store(e, X86_SZ64, vreg(in->rd, 0), A);
	if (in->vcopy.bytes == 16)
		x86_emit_store(e, X86_SZ64, vreg(in->rd, 1), A);
	else
		x86_emit_store_imm(e, X86_SZ64, vreg(in->rd, 1), 0);
}

static void emit_op(struct x86_emit *e, const struct insn *in, enum simd_op op)
{
	switch (op) {
	case SIMD_TO_GEN:
		x86_emit_load_zx(e, fmov_size(in), A, vreg(in->rn, in->fmov.part));
		jit_store_reg(e, in->rd, A);
		break;
	case SIMD_FROM_GEN:
		jit_load_reg(e, fmov_size(in), A, in->rn);
		x86_emit_store(e, X86_SZ64, vreg(in->rd, 0), A);
		x86_emit_store_imm(e, X86_SZ64, vreg(in->rd, 1), 0);
		break;
	case SIMD_FROM_GEN_HI:
		jit_load_reg(e, X86_SZ64, A, in->rn);
		x86_emit_store(e, X86_SZ64, vreg(in->rd, 1), A);
		break;
	case SIMD_DUP:
		emit_dup(e, in);
		break;
	default:
		store_imm64(e, vreg(in->rd, 0), in->vimm.imm);
		store_imm64(e, vreg(in->rd, 1), in->vimm.bytes == 16 ? in->vimm.imm : 0);
		break;
	}
}

bool jit_emit_inline_simd(struct jit_block *b, unsigned int i)
{
	const struct insn *in = &b->tb->insns[i];
	enum simd_op op = classify(in->fn);
	struct jit_slow_path *sp = NULL;

	if (op == SIMD_NONE)
		return false;
	if (!b->fp_ok) {
		sp = jit_slow_path_new(b, i, false);
		if (!sp)
			return false;
		jit_emit_fp_check(b->e, &sp->entry);
	}
	emit_op(b->e, in, op);
	if (sp) {
		x86_label_bind(b->e, &sp->done);
		/* Either path passed FP_CHECK or left the block (D13.2.30). */
		b->fp_ok = true;
	}
	return true;
}
