// SPDX-License-Identifier: GPL-2.0
/*
 * One decoded block (struct tb) as host code. Every instruction is a
 * call of its handler, fn(cpu, &tb->insns[i]), followed by the test
 * tb_exec makes: anything but INSN_NEXT leaves the block with that
 * value. Forms inline_*.c knows are emitted inline instead. The
 * sentinel (the fall-through PC) is always inline.
 *
 * Layout: the shared exit comes first, so that every "leave the block"
 * is a backward jump to a bound label (no limit on their number):
 *
 *	exit:	pop r13; pop r12; pop rbx; ret		(EAX: the INSN_* code)
 *	entry:	push rbx; push r12; push r13
 *		mov rbx, rdi; mov r12, &tb->insns[0]
 *		...each insn...
 *		add qword [rbx + pc], sentinel.off; mov eax, INSN_BRANCH; jmp exit
 */
#include "engine/engine.h"
#include "jit_priv.h"

/*
 * The CALL into the block left RSP = 8 (mod 16); three pushes make it
 * 16-byte aligned again, as every CALL to a handler needs (System V
 * AMD64 ABI, 3.2.2 "The Stack Frame").
 */
static void emit_prologue(struct x86_emit *e, const struct tb *tb)
{
	x86_emit_push(e, X86_RBX);
	x86_emit_push(e, X86_R12);
	x86_emit_push(e, X86_R13);
	x86_emit_mov_rr(e, X86_SZ64, JIT_CPU, X86_RDI);
	x86_emit_movabs(e, JIT_INSNS, (uint64_t)(uintptr_t)tb->insns);
}

static void emit_epilogue(struct x86_emit *e)
{
	x86_emit_pop(e, X86_R13);
	x86_emit_pop(e, X86_R12);
	x86_emit_pop(e, X86_RBX);
	x86_emit_ret(e);
}

/* fn(cpu, in); leave with its result unless it is INSN_NEXT. */
static void emit_call(struct x86_emit *e, const struct tb *tb, unsigned int i,
		      struct x86_label *exit)
{
	const struct insn *in = &tb->insns[i];

	x86_emit_mov_rr(e, X86_SZ64, X86_RDI, JIT_CPU);
	x86_emit_lea(e, X86_SZ64, X86_RSI,
		     x86_mem(JIT_INSNS, (int32_t)(i * sizeof(struct insn))));
	x86_emit_call_far(e, (uintptr_t)in->fn, X86_RAX);
	x86_emit_test_rr(e, X86_SZ32, X86_RAX, X86_RAX);
	x86_emit_jcc_label(e, X86_CC_NE, exit);
}

/* The sentinel: cpu->pc = insn_pc(cpu, in), INSN_BRANCH (engine.h). */
static void emit_fallthrough(struct x86_emit *e, const struct insn *in,
			     struct x86_label *exit)
{
	x86_emit_alu_mi(e, X86_ADD, X86_SZ64, jit_field(offsetof(struct cpu_state, pc)),
			in->off);
	x86_emit_mov_ri(e, X86_SZ32, X86_RAX, INSN_BRANCH);
	x86_emit_jmp_label(e, exit);
}

uintptr_t jit_emit_block(struct x86_emit *e, const struct tb *tb)
{
	struct x86_label exit;
	uintptr_t entry;
	unsigned int i;

	x86_label_init(&exit);
	x86_label_bind(e, &exit);
	emit_epilogue(e);
	entry = x86_emit_rx(e);
	emit_prologue(e, tb);
	for (i = 0; i < tb->nemit; i++)
		if (!jit_emit_inline(e, &tb->insns[i], &exit))
			emit_call(e, tb, i, &exit);
	emit_fallthrough(e, &tb->insns[tb->nemit], &exit);
	return entry;
}
