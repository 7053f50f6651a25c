// SPDX-License-Identifier: GPL-2.0
/*
 * Between blocks without the run loop: jit_enter, the frame every block
 * shares; the jump cache probe blocks call for indirect branches and
 * branches to other pages; and linking a direct exit to its successor.
 */
#include "engine/engine.h"
#include "mem/mem.h"
#include "jit_priv.h"

/*
 * int jit_enter(struct cpu_state *cpu, const void *body): save what a
 * block uses of the callee-saved registers (System V AMD64 ABI, 3.2.1),
 * RBX = cpu, jump to the body. The CALL left RSP = 8 (mod 16); three
 * pushes make it 16-byte aligned, as every CALL a block makes needs
 * (ABI 3.2.2). Each block's exit pops them and returns to our caller.
 */
__asm__(".text\n"
	".globl jit_enter\n"
	".hidden jit_enter\n"
	".type jit_enter, @function\n"
	".p2align 4\n"
	"jit_enter:\n"
	"\tpush %rbx\n"
	"\tpush %r12\n"
	"\tpush %r13\n"
	"\tmov %rdi, %rbx\n"
	"\tjmp *%rsi\n"
	".size jit_enter, .-jit_enter\n");

_Static_assert(sizeof(struct tb_jc_entry) == 32, "the probe scales slot numbers by 32");

#define A	X86_RAX
#define C	X86_RCX
#define D	X86_RDX

/*
 * ECX = tb_jc_index(pc) * 32 (the slot's byte offset; the assert above)
 * for RAX = pc: a 32-bit IMUL keeps the low 32 bits of the product (SDM
 * Vol 2A, "IMUL"), as the C does.
 */
static void emit_slot_offset(struct x86_emit *e)
{
	x86_emit_imul_rri(e, X86_SZ32, C, A, (int32_t)TB_JC_MUL);
	x86_emit_shift_ri(e, X86_SHR, X86_SZ32, C, 32 - TB_JC_BITS);
	x86_emit_shift_ri(e, X86_SHL, X86_SZ32, C, 5);
}


/*
 * Leave the block that called this shared code: drop the return
 * address, restore jit_enter's frame and return EAX = INSN_BRANCH to
 * the run loop.
 */
static void emit_leave_caller(struct x86_emit *e)
{
	x86_emit_pop(e, C);
	x86_emit_mov_ri(e, X86_SZ32, A, INSN_BRANCH);
	x86_emit_pop(e, X86_R13);
	x86_emit_pop(e, X86_R12);
	x86_emit_pop(e, X86_RBX);
	x86_emit_ret(e);
}

/*
 * One way of the jump cache (RCX: its byte offset in jc->e, RDI = jc,
 * RAX = the PC): RAX = its block's host code, else a jump to miss.
 * Clobbers RDX, RSI.
 */
static void emit_probe_way(struct x86_emit *e, struct x86_label *miss)
{
	const int32_t base = (int32_t)offsetof(struct tb_jc, e);

	x86_emit_alu_rm(e, X86_CMP, X86_SZ64, A,
			x86_mem_idx(X86_RDI, C, 1, base + (int32_t)offsetof(struct tb_jc_entry, pc)));
	x86_emit_jcc_label(e, X86_CC_NE, miss);
	x86_emit_load_zx(e, X86_SZ64, D, x86_mem(X86_RDI, (int32_t)offsetof(struct tb_jc, gen)));
	x86_emit_alu_rr(e, X86_ADD, X86_SZ64, D, D);
	x86_emit_load_zx(e, X86_SZ32, X86_RSI, jit_field(offsetof(struct cpu_state, el)));
	x86_emit_alu_rr(e, X86_OR, X86_SZ64, D, X86_RSI);
	x86_emit_alu_rm(e, X86_CMP, X86_SZ64, D,
			x86_mem_idx(X86_RDI, C, 1, base + (int32_t)offsetof(struct tb_jc_entry, tag)));
	x86_emit_jcc_label(e, X86_CC_NE, miss);
	x86_emit_load_zx(e, X86_SZ64, A,
			 x86_mem_idx(X86_RDI, C, 1, base + (int32_t)offsetof(struct tb_jc_entry, host)));
	x86_emit_test_rr(e, X86_SZ64, A, A);
	x86_emit_jcc_label(e, X86_CC_E, miss);
}

/*
 * The probe, called by a block that set cpu->pc: RAX = the host code of
 * the jump cache's block for cpu->pc, as tb_find_fast finds it (same PC,
 * tag = translation context << 1 | EL, in the PC's slot or its partner),
 * and a return to the caller, which jumps there; on a miss (or a block
 * without host code) it leaves the block itself with INSN_BRANCH: the run
 * loop looks further. The inline probe's miss comes here too, for the
 * partner slot.
 */
static void emit_probe(struct x86_emit *e)
{
	struct x86_label way2, miss, pc_back;

	x86_label_init(&way2);
	x86_label_init(&miss);
	x86_label_init(&pc_back);
	x86_emit_load_zx(e, X86_SZ64, A, jit_field(offsetof(struct cpu_state, pc)));
	x86_emit_load_zx(e, X86_SZ64, X86_RDI, jit_field(offsetof(struct cpu_state, tcg_priv)));
	emit_slot_offset(e);
	emit_probe_way(e, &way2);
	x86_emit_ret(e);
	x86_label_bind(e, &way2);
	/* A failed way may have left RAX = 0 (no host code): the PC again. */
	x86_emit_load_zx(e, X86_SZ64, A, jit_field(offsetof(struct cpu_state, pc)));
	x86_emit_alu_ri(e, X86_XOR, X86_SZ32, C, 32);
	emit_probe_way(e, &miss);
	x86_emit_ret(e);
	x86_label_bind(e, &miss);
	emit_leave_caller(e);
}

/*
 * The jump cache probe, emitted inline at the register branches (BR, BLR,
 * RET), whose targets change from run to run: RAX = cpu->pc, just set;
 * el = the block's EL, which a branch keeps. The same lookup as
 * emit_probe's first way without its CALL and RET and without reloading
 * the PC and the EL. The slot (emit_slot_offset) needs only the low 32
 * bits of the PC. A miss calls the shared probe (probe), which looks in
 * both ways and leaves the block with INSN_BRANCH when neither has the
 * block: the run loop looks further.
 */

void jit_emit_probe_inline(struct x86_emit *e, unsigned int el, uintptr_t probe)
{
	const int32_t base = (int32_t)offsetof(struct tb_jc, e);
	struct x86_label miss;

	x86_label_init(&miss);
	x86_emit_load_zx(e, X86_SZ64, X86_RDI, jit_field(offsetof(struct cpu_state, tcg_priv)));
	emit_slot_offset(e);
	x86_emit_alu_rm(e, X86_CMP, X86_SZ64, A,
			x86_mem_idx(X86_RDI, C, 1, base + (int32_t)offsetof(struct tb_jc_entry, pc)));
	x86_emit_jcc_label8(e, X86_CC_NE, &miss);
	x86_emit_load_zx(e, X86_SZ64, D, x86_mem(X86_RDI, (int32_t)offsetof(struct tb_jc, gen)));
	x86_emit_alu_rr(e, X86_ADD, X86_SZ64, D, D);
	if (el)
		x86_emit_alu_ri(e, X86_OR, X86_SZ64, D, (int32_t)el);
	x86_emit_alu_rm(e, X86_CMP, X86_SZ64, D,
			x86_mem_idx(X86_RDI, C, 1, base + (int32_t)offsetof(struct tb_jc_entry, tag)));
	x86_emit_jcc_label8(e, X86_CC_NE, &miss);
	x86_emit_load_zx(e, X86_SZ64, A,
			 x86_mem_idx(X86_RDI, C, 1, base + (int32_t)offsetof(struct tb_jc_entry, host)));
	x86_emit_test_rr(e, X86_SZ64, A, A);
	x86_emit_jcc_label8(e, X86_CC_E, &miss);
	x86_emit_jmp_r(e, A);
	x86_label_bind(e, &miss);
	/* The partner slot (engine.h) through the shared probe, as a direct exit does. */
	x86_emit_call_to(e, probe);
	x86_emit_jmp_r(e, A);
}

/*
 * A block's entry found exit_request, irq_level, fiq_level or
 * tlb_flush_req set: apply queued TLBIs, then return to run the block
 * when only masked interrupts are pending (PSTATE I/F, as the run loop's
 * irq_deliverable), else leave with INSN_BRANCH (the block not run,
 * cpu->pc its start).
 */
static void emit_entry_slow(struct x86_emit *e)
{
	struct x86_label leave, fiq, run, synced;

	x86_label_init(&leave);
	x86_label_init(&fiq);
	x86_label_init(&run);
	x86_label_init(&synced);
	/*
	 * TLBIs other vCPUs queued: applied here, at a block boundary, as
	 * the inline accesses do not test flush_req (inline_mem.c). The CALL
	 * into this code left RSP 8 off a C call's alignment (ABI 3.2.2).
	 */
	x86_emit_alu_mi(e, X86_CMP, X86_SZ32,
			jit_field(offsetof(struct cpu_state, tlb_flush_req)), 0);
	x86_emit_jcc_label8(e, X86_CC_E, &synced);
	x86_emit_alu_ri(e, X86_SUB, X86_SZ64, X86_RSP, 8);
	x86_emit_mov_rr(e, X86_SZ64, X86_RDI, JIT_CPU);
	x86_emit_call_far(e, (uintptr_t)tlb_sync_remote, A);
	x86_emit_alu_ri(e, X86_ADD, X86_SZ64, X86_RSP, 8);
	x86_label_bind(e, &synced);
	x86_emit_alu_mi(e, X86_CMP, X86_SZ32,
			jit_field(offsetof(struct cpu_state, exit_request)), 0);
	x86_emit_jcc_label(e, X86_CC_NE, &leave);
	x86_emit_load_zx(e, X86_SZ32, C, jit_field(offsetof(struct cpu_state, pstate)));
	x86_emit_alu_mi(e, X86_CMP, X86_SZ32, jit_field(offsetof(struct cpu_state, irq_level)), 0);
	x86_emit_jcc_label(e, X86_CC_E, &fiq);
	x86_emit_test_ri(e, X86_SZ32, C, PSTATE_I);
	x86_emit_jcc_label(e, X86_CC_E, &leave);
	x86_label_bind(e, &fiq);
	x86_emit_alu_mi(e, X86_CMP, X86_SZ32, jit_field(offsetof(struct cpu_state, fiq_level)), 0);
	x86_emit_jcc_label(e, X86_CC_E, &run);
	x86_emit_test_ri(e, X86_SZ32, C, PSTATE_F);
	x86_emit_jcc_label(e, X86_CC_NE, &run);
	x86_label_bind(e, &leave);
	emit_leave_caller(e);
	x86_label_bind(e, &run);
	x86_emit_ret(e);
}

/*
 * A direct exit not linked yet calls this, followed by a word with its
 * block and slot (jit_unlinked_word): tell the run loop which block and
 * slot left (it links the slot once it found the successor), and leave
 * with INSN_BRANCH.
 */
static void emit_unlinked(struct x86_emit *e)
{
	x86_emit_load_zx(e, X86_SZ64, C, x86_mem(X86_RSP, 0));
	x86_emit_load_zx(e, X86_SZ64, A, x86_mem(C, 0));
	x86_emit_mov_rr(e, X86_SZ32, D, A);
	x86_emit_alu_ri(e, X86_AND, X86_SZ32, D, JIT_UNLINKED_SLOT);
	x86_emit_alu_ri(e, X86_ADD, X86_SZ32, D, 1);
	x86_emit_store(e, X86_SZ32, jit_field(offsetof(struct cpu_state, jit_slot)), D);
	x86_emit_alu_ri(e, X86_AND, X86_SZ64, A, ~(int32_t)JIT_UNLINKED_SLOT);
	x86_emit_store(e, X86_SZ64, jit_field(offsetof(struct cpu_state, jit_src)), A);
	emit_leave_caller(e);
}

void jit_emit_shared(struct x86_emit *e, struct jit_shared *sh)
{
	sh->probe = x86_emit_rx(e);
	emit_probe(e);
	sh->entry_slow = x86_emit_rx(e);
	emit_entry_slow(e);
	sh->unlinked = x86_emit_rx(e);
	emit_unlinked(e);
	jit_emit_thunks(e, sh);
}

void jit_link(struct jit *j, uint8_t *jmp, const void *body)
{
	x86_patch_rel32(jmp, codebuf_rx_addr(&j->cb, jmp), (uintptr_t)body);
}
