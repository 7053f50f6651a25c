// SPDX-License-Identifier: GPL-2.0
/*
 * One decoded block (struct tb) as host code. Every instruction is a
 * call of its handler, fn(cpu, &tb->insns[i]), followed by the test
 * tb_exec makes: anything but INSN_NEXT leaves the block with that
 * value. Forms inline_*.c knows are emitted inline instead. The
 * sentinel (the fall-through PC) is always inline.
 *
 * Layout: the shared exit comes first, so that every "leave the block"
 * is a backward jump to a bound label (no limit on their number), and
 * the rarely taken entry path comes last:
 *
 *	exit:	pop r13; pop r12; pop rbx; ret		(EAX: the INSN_* code)
 *	entry:	if (irq_level | fiq_level | exit_request | tlb_flush_req)
 *			goto slow
 *	body:	if (sys.pmu.counting) goto count	(JIT_TB_PMU only)
 *	run:	...each insn; before the first handler call:
 *		mov r12, the insns the block calls handlers with...
 *		the fall-through exit (jit_emit_goto)
 *		the loads' and stores' slow paths, back into the body
 *	slow:	call the shared entry_slow, which leaves with INSN_BRANCH
 *		unless only masked interrupts are pending; back to body
 *	count:	pmu_count_block(cpu, &tb->pmu); back to run	(JIT_TB_PMU only)
 *
 * The PMU's test and call are 36 bytes, about a tenth of an average block,
 * and a guest rarely counts: blocks translated while it does not leave
 * them out, and are dropped when it starts (engine.h, tb_cache_pmu_on).
 *
 * A block is entered by jit_enter (which saves RBX, R12, R13 and sets
 * RBX) or by a jump from another block's exit; both leave the same frame.
 */
#include <stddef.h>

#include "engine/engine.h"
#include "jit_priv.h"
#include "util.h"

static void emit_epilogue(struct x86_emit *e)
{
	x86_emit_pop(e, X86_R13);
	x86_emit_pop(e, X86_R12);
	x86_emit_pop(e, X86_RBX);
	x86_emit_ret(e);
}

unsigned int jit_insn_index(struct jit_block *b, unsigned int i)
{
	if (!b->refs)
		return i;
	if (!b->refs->ref[i])
		b->refs->ref[i] = (uint16_t)++b->refs->n;
	return b->refs->ref[i] - 1u;
}

void jit_emit_word(struct jit_block *b, uint64_t v)
{
	struct jit_refs *r = b->refs;

	x86_emit_data64(b->e, v);
	if (r && x86_emit_ok(b->e) && r->nwords < ARRAY_SIZE(r->word))
		r->word[r->nwords++] = (uint32_t)(x86_emit_len(b->e) - 8);
}

/*
 * R12 = the insns the block calls handlers with, before the first call:
 * code the block runs without calling a handler needs no R12. The code
 * after it is reached only through it (the slow paths jump back to
 * where their insn ends, the entry's rare paths to the start).
 */
static void emit_load_insns(struct jit_block *b)
{
	if (b->insns_loaded)
		return;
	b->insns_loaded = true;
	x86_emit_movabs(b->e, JIT_INSNS, (uint64_t)(uintptr_t)b->tb->insns);
	if (b->refs && x86_emit_ok(b->e))
		b->refs->base_site = x86_emit_len(b->e) - 8;
}

/* fn(cpu, in); leave with its result unless it is INSN_NEXT. */
static void emit_call(struct jit_block *b, unsigned int i)
{
	struct x86_emit *e = b->e;
	const struct insn *in = &b->tb->insns[i];
	unsigned int k = jit_insn_index(b, i);

	emit_load_insns(b);
	x86_emit_mov_rr(e, X86_SZ64, X86_RDI, JIT_CPU);
	x86_emit_lea(e, X86_SZ64, X86_RSI,
		     x86_mem(JIT_INSNS, (int32_t)(k * sizeof(struct insn))));
	x86_emit_call_far(e, (uintptr_t)in->fn, X86_RAX);
	x86_emit_test_rr(e, X86_SZ32, X86_RAX, X86_RAX);
	x86_emit_jcc_label(e, X86_CC_NE, &b->exit);
}

/*
 * Is pc + disp (disp from the block's start) in the block's page? The
 * block's PC and physical address share their page offset.
 */
static bool same_page(const struct tb *tb, int32_t disp)
{
	int64_t at = (int64_t)(tb->pa & ~TB_PAGE_MASK) + disp;

	return at >= 0 && at < (int64_t)TB_PAGE_SIZE;
}

/*
 * A direct exit not linked yet: the shared code tells the run loop which
 * block and slot left (it links the slot once it found the successor)
 * from the word after the call.
 */
_Static_assert(_Alignof(max_align_t) > JIT_UNLINKED_SLOT, "no room for the slot in a block address");

static void emit_unlinked(struct jit_block *b, unsigned int slot)
{
	x86_emit_call_to(b->e, b->sh->unlinked);
	jit_emit_word(b, (uint64_t)(uintptr_t)b->tb | slot);
}

/* A jump to the code right after it, which jit_link retargets later. */
static uint8_t *emit_link_jump(struct x86_emit *e)
{
	uint8_t *field = x86_emit_jmp_patchable(e, x86_emit_rx(e));

	if (field)
		x86_patch_rel32(field, e->rx_start + (uintptr_t)(field - e->start),
				e->rx_start + (uintptr_t)(field - e->start) + 4);
	return field;
}

void jit_emit_goto_pc(struct jit_block *b)
{
	b->ended = true;
	/* -d nochain, counted runs: the run loop finds every block (exec.c drops the others). */
	if (b->nochain) {
		x86_emit_mov_ri(b->e, X86_SZ32, X86_RAX, INSN_BRANCH);
		x86_emit_jmp_label(b->e, &b->exit);
		return;
	}
	/* The probe enters the block found, or leaves with INSN_BRANCH (dispatch.c). */
	x86_emit_call_to(b->e, b->sh->probe);
	x86_emit_jmp_r(b->e, X86_RAX);
}

void jit_emit_goto_reg(struct jit_block *b)
{
	if (b->nochain) {
		jit_emit_goto_pc(b);
		return;
	}
	b->ended = true;
	jit_emit_probe_inline(b->e, b->tb->el, b->sh->probe);
}

/*
 * cpu->pc += disp, then through the shared probe: the exits that cannot
 * be linked (another page, after a system insn). A boot's code has many
 * of them and their targets rarely change: a call of the shared probe
 * keeps each at 15 bytes, where the inline one (register branches, whose
 * targets do change) takes about 75.
 */
static void emit_goto_probe(struct jit_block *b, int32_t disp)
{
	if (disp)
		x86_emit_alu_mi(b->e, X86_ADD, X86_SZ64, jit_field(offsetof(struct cpu_state, pc)),
				disp);
	jit_emit_goto_pc(b);
}

/* Leave for pc + disp; linkable: by a patchable jump when in the same page. */
static void emit_goto(struct jit_block *b, int32_t disp, bool linkable)
{
	struct x86_emit *e = b->e;
	unsigned int slot;

	if (!linkable || !same_page(b->tb, disp) || b->nslots >= ARRAY_SIZE(b->tb->jit_jmp)) {
		emit_goto_probe(b, disp);
		return;
	}
	if (disp)
		x86_emit_alu_mi(e, X86_ADD, X86_SZ64, jit_field(offsetof(struct cpu_state, pc)),
				disp);
	b->ended = true;
	slot = b->nslots++;
	b->tb->jit_jmp[slot] = emit_link_jump(e);
	emit_unlinked(b, slot);
}

void jit_emit_goto(struct jit_block *b, int32_t disp)
{
	emit_goto(b, disp, true);
}

/*
 * The block's own fall-through: linkable unless the block ended at a
 * system insn, which may have changed the translation regime or the
 * interrupt masks: then the probe looks the next block up afresh.
 */
static void emit_fallthrough(struct jit_block *b)
{
	const struct tb *tb = b->tb;

	emit_goto(b, tb->insns[tb->nemit].off,
		  !tb->nemit || !insn_ends_block(&tb->insns[tb->nemit - 1]));
}

/*
 * Entry: anything for the run loop to do, or TLBIs of other vCPUs to
 * apply? One test when nothing is.
 */
_Static_assert(offsetof(struct cpu_state, fiq_level) == offsetof(struct cpu_state, irq_level) + 4 &&
	       offsetof(struct cpu_state, exit_request) ==
	       offsetof(struct cpu_state, irq_level) + 8 &&
	       offsetof(struct cpu_state, tlb_flush_req) ==
	       offsetof(struct cpu_state, irq_level) + 12,
	       "the entry check reads irq_level, fiq_level, exit_request, tlb_flush_req as two 8-byte words");

static void emit_entry_check(struct x86_emit *e, struct x86_label *slow)
{
	/*
	 * The four adjacent 32-bit words as two 8-byte loads, which x86
	 * allows unaligned (each word is written whole by its setter). They
	 * sit beside cpu->pc (cpu.h), in a line every exit writes.
	 */
	x86_emit_load_zx(e, X86_SZ64, X86_RAX, jit_field(offsetof(struct cpu_state, irq_level)));
	x86_emit_alu_rm(e, X86_OR, X86_SZ64, X86_RAX,
			jit_field(offsetof(struct cpu_state, exit_request)));
	x86_emit_jcc_label(e, X86_CC_NE, slow);
}

/*
 * The PMU counts retired insns per block while a counter needs them
 * (pmu/pmu.h): one test of a byte when none does. After the entry check,
 * so only a block that runs counts; the exceptions that cut a block short
 * take back its tail (exc_take_sync), so chained blocks stay exact.
 */
static void emit_pmu_check(struct x86_emit *e, struct x86_label *count)
{
	x86_emit_test_mi(e, X86_SZ8, jit_field(offsetof(struct cpu_state, sys.pmu.counting)), 1);
	x86_emit_jcc_label(e, X86_CC_NE, count);
}

static void emit_pmu_count(struct jit_block *b, struct x86_label *run)
{
	x86_emit_mov_rr(b->e, X86_SZ64, X86_RDI, JIT_CPU);
	x86_emit_movabs(b->e, X86_RSI, (uint64_t)(uintptr_t)&b->tb->pmu);
	x86_emit_call_far(b->e, (uintptr_t)pmu_count_block, X86_RAX);
	x86_emit_jmp_label(b->e, run);
}

/* The entry's slow path: the shared code returns when the block runs. */
static void emit_entry_slow(struct jit_block *b, struct x86_label *body)
{
	x86_emit_call_to(b->e, b->sh->entry_slow);
	x86_emit_jmp_label(b->e, body);
}

static void emit_insn(struct jit_block *b, unsigned int i)
{
	const struct insn *in = &b->tb->insns[i];

	/*
	 * CPACR_EL1 changes only by MSR (sysreg_msr), which ends the block
	 * today (insn_ends_block); the reset keeps fp_ok right without that.
	 */
	if (in->fn == sys_msr)
		b->fp_ok = false;
	if (jit_emit_inline_mem(b, i, b->tb->el) || jit_emit_inline_simd(b, i) ||
	    jit_emit_inline_cond(b, in) || jit_emit_inline_alu(b->e, in) ||
	    jit_emit_inline_bits(b->e, in) || jit_emit_inline_sys(b->e, in, b->tb->el))
		return;
	emit_call(b, i);
}

uintptr_t jit_emit_block(struct x86_emit *e, struct tb *tb, const struct jit_shared *sh,
			 struct jit_refs *refs, unsigned int flags)
{
	struct jit_block b = { .e = e, .tb = tb, .sh = sh, .refs = refs,
			       .nochain = flags & JIT_TB_NOCHAIN,
			       .slow = refs ? refs->slow : NULL,
			       .maxslow = refs ? JIT_MAX_INSNS : 0 };
	struct x86_label slow, body, count, run;
	uintptr_t entry;
	unsigned int i;

	x86_label_init(&b.exit);
	x86_label_init(&slow);
	x86_label_init(&body);
	x86_label_init(&count);
	x86_label_init(&run);
	x86_label_bind(e, &b.exit);
	emit_epilogue(e);
	entry = x86_emit_rx(e);
	emit_entry_check(e, &slow);
	x86_label_bind(e, &body);
	if (flags & JIT_TB_PMU)
		emit_pmu_check(e, &count);
	x86_label_bind(e, &run);
	for (i = 0; i < tb->nemit; i++)
		emit_insn(&b, i);
	/* A block ending in an inline branch left already. */
	if (!b.ended)
		emit_fallthrough(&b);
	jit_emit_slow_paths(&b);
	x86_label_bind(e, &slow);
	emit_entry_slow(&b, &body);
	if (flags & JIT_TB_PMU) {
		x86_label_bind(e, &count);
		emit_pmu_count(&b, &run);
	}
	return entry;
}
