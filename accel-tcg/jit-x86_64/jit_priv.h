/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the x86-64 tier: the per-vCPU state (jit.c), block emission
 * (translate.c) and the instructions emitted inline (inline_*.c).
 *
 * Register use in a block (System V AMD64 ABI, 3.2.1: RBX, RBP, R12-R15
 * are callee-saved, so the handlers a block calls keep them):
 *   RBX  the struct cpu_state pointer, for the whole block
 *   R12  &tb->insns[0]: a handler's insn pointer is one LEA from it
 *   RAX, RCX, RDX, RSI, RDI  scratch inside one guest instruction
 * No guest state is kept in host registers across instructions: each
 * inline form loads its operands from cpu->r[] and stores its result
 * back, so every handler call and every exit sees precise state.
 */
#ifndef ARMVISOR_JIT_X86_64_JIT_PRIV_H
#define ARMVISOR_JIT_X86_64_JIT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"
#include "codebuf.h"
#include "emit.h"
#include "jit.h"

struct jit {
	struct codebuf cb;
};

#define JIT_CPU		X86_RBX
#define JIT_INSNS	X86_R12

/* cpu->r[i] and another field of the cpu, as memory operands. */
static inline struct x86_mem jit_reg(unsigned int i)
{
	return x86_mem(JIT_CPU, (int32_t)(offsetof(struct cpu_state, r) + 8 * i));
}

static inline struct x86_mem jit_field(size_t off)
{
	return x86_mem(JIT_CPU, (int32_t)off);
}

/*
 * Emit the whole block; returns the executable address of its entry.
 * The caller checks x86_emit_ok().
 */
struct tb;
uintptr_t jit_emit_block(struct x86_emit *e, const struct tb *tb);

/*
 * Emit in as host code doing exactly what its handler does, when it is
 * a form inline_*.c knows (found by in->fn); false: emit a call.
 */
bool jit_emit_inline(struct x86_emit *e, const struct insn *in, struct x86_label *exit);

/* The same for the forms of inline_cond.c (CSEL, branches); exit: the block's. */
bool jit_emit_inline_cond(struct x86_emit *e, const struct insn *in, struct x86_label *exit);

/* How the last x86 ALU op's flags become NZCV (inline_alu.c). */
enum jit_flags {
	JIT_FLAGS_ADD,		/* C = CF */
	JIT_FLAGS_SUB,		/* C = NOT(CF) */
	JIT_FLAGS_LOGIC,	/* C = V = 0 */
};

void jit_emit_nzcv(struct x86_emit *e, enum jit_flags kind);

/* Loads/stores emitted inline (inline_mem.c); el: the block's EL (blocks are keyed by EL). */
bool jit_emit_inline_mem(struct x86_emit *e, const struct insn *in, unsigned int el,
			 struct x86_label *exit);

/* An el for jit_emit_inline_mem that is not known: the code reads cpu->el. */
#define JIT_EL_RUNTIME	(~0u)

#endif
