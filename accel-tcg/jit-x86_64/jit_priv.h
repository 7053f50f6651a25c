/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the x86-64 tier: the per-vCPU state (jit.c), block emission
 * (translate.c) and the instructions emitted inline (inline_*.c).
 *
 * Register use in a block (System V AMD64 ABI, 3.2.1: RBX, RBP, R12-R15
 * are callee-saved, so the handlers a block calls keep them):
 *   RBX  the struct cpu_state pointer, for the whole block
 *   R12  the insns the block calls handlers with (jit_refs), set before
 *        the first call (translate.c): a
 *        handler's insn pointer is one LEA from it
 *   R13  cpu->mmu_asid (32 bits), from the block's first inline load or
 *        store on (inline_mem.c): constant within a block
 *   RAX, RCX, RDX, RSI, RDI, R8-R11  scratch inside one guest instruction
 * jit_enter saves RBX, R12 and R13, and every block ends by restoring
 * them (its exit), so chained blocks share that one frame.
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

/* The code at the start of a buffer that its blocks call. */
struct jit_shared {
	uintptr_t probe;	/* the jump cache probe (dispatch.c) */
	uintptr_t code_check;	/* the inline stores' thunk (inline_mem.c) */
	uintptr_t mem_slow;	/* the inline accesses' slow path (inline_mem.c) */
	uintptr_t entry_slow;	/* a block's entry with something pending (dispatch.c) */
	uintptr_t unlinked;	/* a direct exit not linked yet (dispatch.c) */
};

/*
 * The word after a call of jit_shared.unlinked: the block's address
 * (malloc'ed, so at least 8-byte aligned) with the exit's slot in its low bit.
 */
#define JIT_UNLINKED_SLOT 1u

/* A block's decoded insns at most: a 4 KiB page of them, and the sentinel. */
#define JIT_MAX_INSNS	(4096 / 4 + 1)
/* Linkable exits of a block (struct tb's jit_jmp). */
#define JIT_MAX_EXITS	2

/*
 * A load/store's slow path, emitted after the block's body (jit_emit_slow_paths)
 * so that the fast path runs straight through: the checks jump to entry,
 * which calls the insn's handler and comes back to done.
 */
struct jit_slow_path {
	struct x86_label entry;
	struct x86_label done;	/* bound where the fast path ends */
	unsigned int insn;	/* its index in the block */
	bool reload_rt;		/* RCX = Rt before going back (keeps_rt) */
};

/*
 * The insns a block's code calls handlers with, while it is emitted:
 * insn i gets index ref[i] - 1 in the array jit_translate keeps for the
 * block, whose address the MOVABS R12 gets once that array exists. The
 * loads' and stores' slow paths need none (inline_mem.c, jit_mem_slow).
 */
struct jit_refs {
	uint16_t ref[JIT_MAX_INSNS];
	unsigned int n;
	size_t base_site;	/* the imm64 of the MOVABS R12; 0: none emitted */
	/* Every data word in the code (-d out_asm shows them as data). */
	uint32_t word[JIT_MAX_INSNS + JIT_MAX_EXITS];
	unsigned int nwords;
	struct jit_slow_path slow[JIT_MAX_INSNS];
};

struct jit {
	struct codebuf cb;
	struct jit_shared sh;
	size_t shared_len;	/* bytes of shared code at the buffer's start */
	struct jit_refs refs;
	int perfmap_fd;		/* -perfmap; -1: none */
};

/* One block being emitted. */
struct jit_block {
	struct x86_emit *e;
	struct tb *tb;		/* its jit_jmp[] are filled in; insns: all decoded */
	const struct jit_shared *sh;
	struct jit_refs *refs;	/* NULL: the code refers to tb->insns as they are */
	struct x86_label exit;	/* restore the frame, return EAX */
	unsigned int nslots;	/* linkable exits so far */
	bool nochain;		/* exits through the probe leave to the run loop instead */
	bool ended;		/* an exit was emitted: what follows is not fall-through */
	bool insns_loaded;	/* R12 was set (before the first handler call) */
	bool asid_loaded;	/* R13 was set (before the first inline access) */
	/*
	 * An earlier load/store in the block passed the FP access check
	 * (or its handler did), and no MSR since could have changed
	 * CPACR_EL1: later FP loads/stores skip the check.
	 */
	bool fp_ok;
	/* The loads' and stores' slow paths so far: nslow of at most maxslow. */
	struct jit_slow_path *slow;
	unsigned int nslow, maxslow;
};

/* Insn i's index in the array R12 points at while the block runs. */
unsigned int jit_insn_index(struct jit_block *b, unsigned int i);

/* An 8-byte data word in the code, which shared code reads after a call. */
void jit_emit_word(struct jit_block *b, uint64_t v);

#define JIT_CPU		X86_RBX
#define JIT_INSNS	X86_R12
#define JIT_ASID	X86_R13

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
 * The x86_emit_note tag of jit_store_reg: host register h holds guest
 * register r (its index in cpu->r[], below 64), as just stored. Above
 * the flag tags (JIT_NOTE_FLAGS).
 */
#define JIT_NOTE_REG(h, r)	(0x1000u | (unsigned int)(h) << 6 | (unsigned int)(r))

/* cpu->r[r] = src (all 64 bits), noting that src holds it. */
static inline void jit_store_reg(struct x86_emit *e, unsigned int r, enum x86_gpr src)
{
	x86_emit_store(e, X86_SZ64, jit_reg(r), src);
	x86_emit_note(e, JIT_NOTE_REG(src, r));
}

/*
 * dst = cpu->r[r] (sz: 4 zero-extends, 8), from the host register that
 * holds it when the insn just before stored it there (jit_store_reg, and
 * nothing emitted or bound since): a register move instead of reloading
 * what was just stored.
 */
static inline void jit_load_reg(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst,
				unsigned int r)
{
	unsigned int tag = x86_emit_noted(e);
	enum x86_gpr h = (enum x86_gpr)((tag >> 6) & 15);

	if ((sz == X86_SZ64 || sz == X86_SZ32) && tag == JIT_NOTE_REG(h, r)) {
		if (h != dst || sz == X86_SZ32)
			x86_emit_mov_rr(e, sz, dst, h);
		return;
	}
	x86_emit_load_zx(e, sz, dst, jit_reg(r));
}

/*
 * Emit the whole block; returns the executable address of its entry.
 * The caller checks x86_emit_ok().
 */
uintptr_t jit_emit_block(struct x86_emit *e, struct tb *tb, const struct jit_shared *sh,
			 struct jit_refs *refs, unsigned int flags);

/*
 * The code all blocks of a buffer share, emitted first into it: the
 * jump cache probe (dispatch.c) and the thunks of inline_mem.c. Fills
 * *sh with their executable addresses.
 */
void jit_emit_shared(struct x86_emit *e, struct jit_shared *sh);
void jit_emit_thunks(struct x86_emit *e, struct jit_shared *sh);

/*
 * Leave for the block at cpu->pc + disp (disp from the block's start):
 * a linkable jump when it is in the same page, else through the probe.
 */
void jit_emit_goto(struct jit_block *b, int32_t disp);

/* Leave for the block at cpu->pc, already set: through the shared probe. */
void jit_emit_goto_pc(struct jit_block *b);

/*
 * Leave for the block at cpu->pc, just set from RAX by a register branch
 * (BR, BLR, RET) of a block at el: the jump cache probe inline.
 */
void jit_emit_goto_reg(struct jit_block *b);

/*
 * The jump cache probe inline (dispatch.c): RAX = the PC, also stored in
 * cpu->pc; jump to the block found in the PC's slot, else through the
 * shared probe at probe (the partner slot, or leave with INSN_BRANCH).
 */
void jit_emit_probe_inline(struct x86_emit *e, unsigned int el, uintptr_t probe);

/*
 * Emit in as host code doing exactly what its handler does, when it is
 * a form inline_*.c knows (found by in->fn); false: emit a call.
 */
bool jit_emit_inline_alu(struct x86_emit *e, const struct insn *in);

/* The same for the forms of inline_cond.c (CSEL, branches), which may leave. */
bool jit_emit_inline_cond(struct jit_block *b, const struct insn *in);

/* dst op= imm at size sz; an imm wider than a sign-extended imm32 goes through RCX. */
void jit_emit_alu_imm(struct x86_emit *e, enum x86_alu op, enum x86_size sz,
		      enum x86_gpr dst, uint64_t imm);

/* Bitfield moves, shifts by an immediate, EXTR, MADD/MSUB (inline_bits.c). */
bool jit_emit_inline_bits(struct x86_emit *e, const struct insn *in);

/* MRS/MSR of plain system registers the block's EL may access (inline_sys.c). */
bool jit_emit_inline_sys(struct x86_emit *e, const struct insn *in, unsigned int el);

/* How the last x86 ALU op's flags become NZCV (inline_alu.c). */
enum jit_flags {
	JIT_FLAGS_ADD,		/* C = CF */
	JIT_FLAGS_SUB,		/* C = NOT(CF) */
	JIT_FLAGS_LOGIC,	/* C = V = 0 */
};

void jit_emit_nzcv(struct x86_emit *e, enum jit_flags kind);

/* The x86_emit_note tag jit_emit_nzcv leaves: the flags are in registers. */
#define JIT_NOTE_FLAGS(kind)	((unsigned int)(kind) + 1)

/* Loads/stores emitted inline (inline_mem.c); el: the block's EL (blocks are keyed by EL). */
bool jit_emit_inline_mem(struct jit_block *b, unsigned int i, unsigned int el);

/* The slow paths of the block's inline loads and stores, out of its straight line. */
void jit_emit_slow_paths(struct jit_block *b);

/*
 * A slow path for insn i (inline_mem.c): its handler, called through the
 * shared thunk, then back to sp->done (RCX = Rt first when reload_rt).
 * NULL when the block has no room left: emit a call instead.
 */
struct jit_slow_path *jit_slow_path_new(struct jit_block *b, unsigned int i, bool reload_rt);

/*
 * FP_CHECK's fast case (CPACR_EL1.FPEN 0b11) or a jump to slow, whose
 * handler applies the rest (inline_mem.c). Uses RCX.
 */
void jit_emit_fp_check(struct x86_emit *e, struct x86_label *slow);

/* SIMD&FP moves between general and vector registers, MOVI (inline_simd.c). */
bool jit_emit_inline_simd(struct jit_block *b, unsigned int i);

/* An el for jit_emit_inline_mem that is not known: the code reads cpu->el. */
#define JIT_EL_RUNTIME	(~0u)

#endif
