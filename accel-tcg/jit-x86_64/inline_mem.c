// SPDX-License-Identifier: GPL-2.0
/*
 * Loads and stores emitted inline with the soft-TLB hit path: LDR/STR
 * of general registers (B, H, W, X; sign-extending LDRS*) and of SIMD&FP
 * registers (B, H, S, D, Q) with unsigned or unscaled offset,
 * pre/post-index, register offset and literal, and LDP/STP (W, X,
 * LDPSW; S, D, Q) in every addressing mode.
 *
 * The inline code is mem.h's mem_fast() + mem_load_fast() /
 * mem_store_fast() + ldst_get_base() as x86: the same checks on the
 * same fields, then a host access at va + addend. Whenever one check
 * fails it calls the instruction's own handler, which redoes the whole
 * instruction (walk, MMIO, page crossing, faults, SP alignment): nothing
 * of the guest state is written before the last check, so the handler
 * starts from the state the instruction started from.
 *
 * Layout: the fast path runs straight through; the slow path is emitted
 * after the block's body (jit_emit_slow_paths), where the checks jump:
 *
 *	RAX = the base register
 *	RAX = va (R8 = the writeback value)
 *	tag + page crossing, permission, ASID
 *	RAX += addend; the access; Rt (Rt2), then Rn (writeback)
 *	stores: the page's code-map byte (cpu->jit_code_map); when set,
 *	call the thunk that drops the page's blocks
 * done:	(a plain load of a general register: RCX holds Rt on both paths,
 *	noted for the next insn, jit_load_reg)
 *	...the rest of the block...
 * slow:	call mem_slow; .quad raw | off << 32	(the shared thunk decodes
 *	(RCX = Rt)			 the insn again and runs fn(cpu, in); it
 *	jmp done			 leaves the block unless INSN_NEXT)
 *
 * The thunks are in the shared code at the start of each code buffer
 * (jit_emit_shared). The current ASID (only for a non-global entry) is
 * cpu->mmu_asid, kept by every write of TCR/TTBRn (mmu_asid_sync), in
 * R13D from the block's first access on (emit_load_asid).
 * SCTLR_EL1.M/A and TLBIs queued by other vCPUs need no test here
 * (emit_tlb).
 *
 * Registers: RAX, RCX, RDX, RSI, RDI, R8, R9 (jit_priv.h: scratch).
 */
#include <pthread.h>

#include "err.h"

#include "mem/mem.h"
#include "jit_priv.h"

#define A	X86_RAX
#define C	X86_RCX
#define D	X86_RDX		/* the TLB slot's byte offset in cpu->tlb.e */
#define SI	X86_RSI
#define DI	X86_RDI
#define WB	X86_R8		/* the base writeback value */

/* What one recognised load or store does. */
struct mem_op {
	insn_fn fn;
	uint8_t load;
	uint8_t pair;
	uint8_t mode;		/* enum ldst_mode; pairs use MODE_OFF/PRE/POST */
	uint8_t size_log2;	/* one register's access */
	uint8_t ext;		/* single: enum ldst_ext; pair: LDPSW */
	uint8_t fixed;		/* the fn says it all (ldst_fast.c); else the insn's fields */
	uint8_t fp;		/* SIMD&FP registers: cpu->v[] */
};

_Static_assert(PAIR_OFF == (int)MODE_OFF && PAIR_PRE == (int)MODE_PRE &&
	       PAIR_POST == (int)MODE_POST, "pair modes are single modes");
_Static_assert(sizeof(struct tlb_entry) == 32, "TLB slot: index << 5");

/* ---- recognising the handlers ---- */

#define MEM_FORMS	(8 + 6 + 2 + 9 + 4)

static struct mem_op forms[MEM_FORMS];
static unsigned int nforms;
static pthread_once_t forms_once = PTHREAD_ONCE_INIT;

static void add_form(insn_fn fn, bool load, bool pair, unsigned int mode,
		     unsigned int size_log2, bool fixed, bool fp)
{
	if (!fn)
		return;
	forms[nforms++] = (struct mem_op){ .fn = fn, .load = load, .pair = pair,
					   .mode = (uint8_t)mode,
					   .size_log2 = (uint8_t)size_log2,
					   .fixed = fixed, .fp = fp };
}

/*
 * The handlers live in mem/ as statics; ask for their addresses once.
 * The table is process-wide on purpose: written once (pthread_once),
 * then only read, it is a constant that C cannot spell.
 */
static void forms_init(void)
{
	unsigned int load, i;

	for (load = 0; load < 2; load++) {
		for (i = 0; i < 4; i++)
			add_form(ldst_fast_single(i, load), load, false, MODE_OFF, i, true,
				 false);
		for (i = 0; i < 3; i++)
			add_form(ldst_fast_pair(i, load), load, true, i, 3, true, false);
		add_form(ldst_pair_fn(load), load, true, 0, 0, false, false);
		for (i = MODE_OFF; i <= MODE_LIT; i++)
			add_form(ldst_single_fn(load, i), load, false, i, 0, false, false);
		add_form(ldst_single_fp_fn(load), load, false, 0, 0, false, true);
		add_form(ldst_pair_fp_fn(load), load, true, 0, 0, false, true);
	}
}

static bool fits_s32(uint64_t v)
{
	return (int64_t)v == (int32_t)v;
}

/* The immediate of the insn's addressing, as decoded. */
static uint64_t op_offset(const struct insn *in, const struct mem_op *op)
{
	return op->pair ? in->pair.offset : in->ldst.offset;
}

/* Fill op from in when it is a form emitted here. */
static bool classify(const struct insn *in, struct mem_op *op)
{
	unsigned int i;

	pthread_once(&forms_once, forms_init);
	for (i = 0; i < nforms && forms[i].fn != in->fn; i++)
		;
	if (i == nforms)
		return false;
	*op = forms[i];
	if (!op->fixed && op->pair) {
		op->mode = in->pair.mode;
		op->size_log2 = in->pair.size;
		op->ext = in->pair.sign;
	} else if (!op->fixed) {
		/* LDTR/STTR check EL0's permissions: left to the handler. */
		if (in->ldst.flags)
			return false;
		/* One handler does pre- and post-index: the mode is the insn's. */
		op->mode = in->ldst.mode;
		op->size_log2 = in->ldst.size;
		op->ext = op->load && !op->fp ? in->ldst.ext : EXT_ZERO;
	}
	return op->size_log2 <= (op->fp ? 4 : 3) && fits_s32(op_offset(in, op) + in->off);
}

/* ---- the address ---- */

#define SYS(f)		jit_field(offsetof(struct cpu_state, sys.f))
#define SLOT(f)		x86_mem_idx(JIT_CPU, D, 1, (int32_t)(offsetof(struct cpu_state, tlb.e) + \
						       offsetof(struct tlb_entry, f)))

static void add_imm(struct x86_emit *e, enum x86_gpr r, uint64_t imm)
{
	if (imm)
		x86_emit_alu_ri(e, X86_ADD, X86_SZ64, r, (int32_t)imm);
}

/* RCX = ExtendReg(Rm, option) << shift, as ldst_index: UXTW, SXTW or all 64 bits. */
static void emit_index(struct x86_emit *e, const struct insn *in)
{
	x86_emit_load_zx(e, X86_SZ64, C, jit_reg(in->rm));
	if (in->ldst.option == 2)
		x86_emit_mov_rr(e, X86_SZ32, C, C);
	else if (in->ldst.option == 6)
		x86_emit_movsx_rr(e, X86_SZ32, X86_SZ64, C, C);
	if (in->ldst.shift)
		x86_emit_shift_ri(e, X86_SHL, X86_SZ64, C, in->ldst.shift);
}

/*
 * RAX = the virtual address from RAX = the base (not for literals), R8 =
 * base + offset for the writeback
 * forms (C6.2: pre-index accesses base + offset, post-index base, and
 * both leave base + offset in Rn). A base of SP that is not 16-byte
 * aligned goes to the handler, which applies SCTLR_EL1.SA (D1.8.2).
 */
static void emit_addr(struct x86_emit *e, const struct insn *in, const struct mem_op *op,
		      struct x86_label *slow)
{
	uint64_t off = op_offset(in, op);

	if (op->mode == MODE_LIT) {
		x86_emit_load_zx(e, X86_SZ64, A, jit_field(offsetof(struct cpu_state, pc)));
		add_imm(e, A, off + in->off);
		return;
	}
	/* RAX = the base: loaded before the slow path (jit_emit_inline_mem). */
	if (in->rn == REG_SP) {
		x86_emit_test_ri(e, X86_SZ8, A, 15);
		x86_emit_jcc_label(e, X86_CC_NE, slow);
	}
	switch (op->mode) {
	case MODE_REG:
		emit_index(e, in);
		x86_emit_alu_rr(e, X86_ADD, X86_SZ64, A, C);
		break;
	case MODE_POST:
		x86_emit_lea(e, X86_SZ64, WB, x86_mem(A, (int32_t)off));
		break;
	case MODE_PRE:
		add_imm(e, A, off);
		x86_emit_mov_rr(e, X86_SZ64, WB, A);
		break;
	default:
		add_imm(e, A, off);
		break;
	}
}

/*
 * FP_CHECK's fp_access_ok() when CPACR_EL1.FPEN is 0b11; anything else
 * (a trap, or FPEN 0b01 with its EL test) is the handler's (D13.2.30).
 */
void jit_emit_fp_check(struct x86_emit *e, struct x86_label *slow)
{
	x86_emit_load_zx(e, X86_SZ32, C, SYS(cpacr_el1));
	x86_emit_unary(e, X86_NOT, X86_SZ32, C);
	x86_emit_test_ri(e, X86_SZ32, C, 3 << 20);
	x86_emit_jcc_label(e, X86_CC_NE, slow);
}

/* ---- the TLB hit test (mem_fast) ---- */

/*
 * Thunk, called by a store whose page's code-map byte is set (RDX: the
 * slot, emit_code_check): tb_invalidate_phys_page(cpu->tvm, pa_page),
 * which checks the map again under its own atomic exchange. The CALL
 * into the thunk left RSP 8 off the 16-byte alignment a C call needs
 * (System V AMD64 ABI, 3.2.2). Clobbers every scratch register.
 */
static void emit_code_check_thunk(struct x86_emit *e)
{
	x86_emit_alu_ri(e, X86_SUB, X86_SZ64, X86_RSP, 8);
	x86_emit_load_zx(e, X86_SZ64, DI, jit_field(offsetof(struct cpu_state, tvm)));
	x86_emit_load_zx(e, X86_SZ64, SI, SLOT(pa_page));
	x86_emit_call_far(e, (uintptr_t)tb_invalidate_phys_page, A);
	x86_emit_alu_ri(e, X86_ADD, X86_SZ64, X86_RSP, 8);
	x86_emit_ret(e);
}

/*
 * The word after a slow path's call: the insn's encoding and its offset
 * in the block, all jit_mem_slow needs to run it again.
 */
static uint64_t slow_word(const struct insn *in)
{
	return (uint64_t)in->raw | (uint64_t)in->off << 32;
}

/*
 * A slow path (a load's or store's, or inline_simd.c's FP check): the
 * insn decoded again from its word, then its handler, which redoes the
 * whole insn. The decoded insn is not kept with the
 * block for this: a slow path runs on a TLB miss, MMIO or a fault, where
 * decoding is a small part of the cost, and the ~1.4 loads and stores of
 * an average block took 40 bytes each of the block cache's memory.
 * decode_insn fills every field but the offset (engine/translate.c).
 */
static int jit_mem_slow(struct cpu_state *cpu, uint64_t word)
{
	struct insn in;

	decode_insn((uint32_t)word, &in);
	in.off = (uint16_t)(word >> 32);
	return in.fn(cpu, &in);
}

/*
 * Thunk, called by a load or store whose fast path failed, followed by
 * its word (emit_handler): jit_mem_slow(cpu, word); leave the block with
 * its result (jit_enter's frame, as translate.c's exit) unless it is
 * INSN_NEXT, else return past the word. RSP is 8 off a C call's
 * alignment here (ABI 3.2.2).
 */
static void emit_slow_thunk(struct x86_emit *e)
{
	struct x86_label leave;

	x86_label_init(&leave);
	x86_emit_load_zx(e, X86_SZ64, SI, x86_mem(X86_RSP, 0));
	x86_emit_load_zx(e, X86_SZ64, SI, x86_mem(SI, 0));
	x86_emit_mov_rr(e, X86_SZ64, DI, JIT_CPU);
	x86_emit_alu_ri(e, X86_SUB, X86_SZ64, X86_RSP, 8);
	x86_emit_call_far(e, (uintptr_t)jit_mem_slow, A);
	x86_emit_alu_ri(e, X86_ADD, X86_SZ64, X86_RSP, 8);
	x86_emit_test_rr(e, X86_SZ32, A, A);
	x86_emit_jcc_label8(e, X86_CC_NE, &leave);
	x86_emit_alu_mi(e, X86_ADD, X86_SZ64, x86_mem(X86_RSP, 0), 8);
	x86_emit_ret(e);
	x86_label_bind(e, &leave);
	x86_emit_pop(e, C);
	x86_emit_pop(e, X86_R13);
	x86_emit_pop(e, X86_R12);
	x86_emit_pop(e, X86_RBX);
	x86_emit_ret(e);
}

void jit_emit_thunks(struct x86_emit *e, struct jit_shared *sh)
{
	x86_emit_align(e, 16);
	sh->code_check = x86_emit_rx(e);
	emit_code_check_thunk(e);
	x86_emit_align(e, 16);
	sh->mem_slow = x86_emit_rx(e);
	emit_slow_thunk(e);
}

/*
 * After a store (RDX: the slot): when the code map's byte of the page is
 * set (tb_page_has_code), the thunk drops the page's blocks. A fast-path
 * entry is guest RAM, which the code map covers, so no bounds check.
 */
static void emit_code_check(struct x86_emit *e, const struct jit_shared *sh)
{
	struct x86_label none;

	x86_label_init(&none);
	x86_emit_load_zx(e, X86_SZ64, SI, SLOT(pa_page));
	x86_emit_shift_ri(e, X86_SHR, X86_SZ64, SI, TB_PAGE_SHIFT);
	x86_emit_alu_rm(e, X86_ADD, X86_SZ64, SI,
			jit_field(offsetof(struct cpu_state, jit_code_map)));
	x86_emit_alu_mi(e, X86_CMP, X86_SZ8, x86_mem(SI, 0), 0);
	x86_emit_jcc_label8(e, X86_CC_E, &none);
	x86_emit_call_far(e, sh->code_check, C);
	x86_label_bind(e, &none);
}

/* ZF clear when the slot's fast_perm has TLB_PERM(type, el). */
static void emit_perm(struct x86_emit *e, enum mmu_access type, unsigned int el)
{
	if (el != JIT_EL_RUNTIME) {
		x86_emit_test_mi(e, X86_SZ8, SLOT(fast_perm), TLB_PERM(type, el));
		return;
	}
	/* fast_perm >> (4 * cpu->el): this EL's bits at the bottom. */
	x86_emit_load_zx(e, X86_SZ16, SI, SLOT(fast_perm));
	x86_emit_load_zx(e, X86_SZ32, C, jit_field(offsetof(struct cpu_state, el)));
	x86_emit_shift_ri(e, X86_SHL, X86_SZ32, C, 2);
	x86_emit_shift_rcl(e, X86_SHR, X86_SZ32, SI);
	x86_emit_test_ri(e, X86_SZ32, SI, TLB_PERM(type, 0));
}

/*
 * mem_fast() for [RAX, RAX + size): on a hit RAX becomes the host
 * address (va + addend) and RDX indexes the slot; else jump to slow.
 * The page crossing test and the tag compare are one: the page of the
 * last byte must be the slot's vpage, which is the page of the first
 * byte (its index) only when the access stays in that page. With the
 * MMU off or SCTLR_EL1.A set no entry has fast_perm (tlb_fill), and
 * TLBIs queued by other vCPUs are applied at each block's entry
 * (translate.c), so neither is tested here.
 */
static void emit_tlb(struct x86_emit *e, unsigned int size, enum mmu_access type,
		     unsigned int el, struct x86_label *slow)
{
	struct x86_label asid_ok;

	x86_label_init(&asid_ok);
	/* RDX = ((va >> 12) & (TLB_SIZE - 1)) * 32, in two steps. */
	x86_emit_mov_rr(e, X86_SZ64, D, A);
	x86_emit_shift_ri(e, X86_SHR, X86_SZ64, D, MMU_PAGE_BITS - 5);
	x86_emit_alu_ri(e, X86_AND, X86_SZ32, D, (int32_t)((TLB_SIZE - 1) << 5));
	x86_emit_lea(e, X86_SZ64, C, x86_mem(A, (int32_t)size - 1));
	x86_emit_alu_ri(e, X86_AND, X86_SZ64, C, (int32_t)MMU_PAGE_MASK);
	x86_emit_alu_rm(e, X86_CMP, X86_SZ64, C, SLOT(vpage));
	x86_emit_jcc_label(e, X86_CC_NE, slow);
	emit_perm(e, type, el);
	x86_emit_jcc_label(e, X86_CC_E, slow);
	/*
	 * The current ASID, or a global entry. The ASID first: under KPTI
	 * (Linux's default with KASLR) the kernel's mappings are not global
	 * either, so nearly every hit matches it.
	 */
	x86_emit_alu_rm(e, X86_CMP, X86_SZ32, JIT_ASID, SLOT(asid));
	x86_emit_jcc_label8(e, X86_CC_E, &asid_ok);
	x86_emit_alu_mi(e, X86_CMP, X86_SZ32, SLOT(asid), (int32_t)TLB_GLOBAL);
	x86_emit_jcc_label(e, X86_CC_NE, slow);
	x86_label_bind(e, &asid_ok);
	x86_emit_alu_rm(e, X86_ADD, X86_SZ64, A, SLOT(addend));
}

/* ---- the access ---- */

static const enum x86_size sizes[4] = { X86_SZ8, X86_SZ16, X86_SZ32, X86_SZ64 };

/* RCX = the value at [m], extended as ldst_extend does. */
static void emit_load_ext(struct x86_emit *e, enum x86_gpr dst, unsigned int size_log2,
			  unsigned int ext, struct x86_mem m)
{
	if (ext == EXT_SIGN64 && size_log2 < 3)
		x86_emit_load_sx(e, sizes[size_log2], X86_SZ64, dst, m);
	else if (ext == EXT_SIGN32 && size_log2 < 2)
		x86_emit_load_sx(e, sizes[size_log2], X86_SZ32, dst, m);
	else
		x86_emit_load_zx(e, sizes[size_log2], dst, m);
}

/*
 * Rt (and Rt2) from memory at RAX. An LDP with Rt == Rt2 is CONSTRAINED
 * UNPREDICTABLE (C6.2.130); Rt2's value wins, as in the handlers.
 */
static void emit_load(struct x86_emit *e, const struct insn *in, const struct mem_op *op)
{
	unsigned int half = 1u << op->size_log2;

	if (!op->pair) {
		emit_load_ext(e, C, op->size_log2, op->ext, x86_mem(A, 0));
		x86_emit_store(e, X86_SZ64, jit_reg(in->rd), C);
		return;
	}
	emit_load_ext(e, C, op->size_log2, op->ext ? EXT_SIGN64 : EXT_ZERO, x86_mem(A, 0));
	emit_load_ext(e, SI, op->size_log2, op->ext ? EXT_SIGN64 : EXT_ZERO,
		      x86_mem(A, (int32_t)half));
	x86_emit_store(e, X86_SZ64, jit_reg(in->rd), C);
	x86_emit_store(e, X86_SZ64, jit_reg(in->ra), SI);
}

/* Half (0, 1) of V register n: d[half]. */
static struct x86_mem jit_vreg(unsigned int n, unsigned int half)
{
	return jit_field(offsetof(struct cpu_state, v) + 16 * n + 8 * half);
}

/*
 * SIMD&FP: each register from the bytes at RAX + its index * its size;
 * a load zeroes the rest of the register (C1.2.5), as ldst_ldv and
 * pair_ldv do. Rt then Rt2, so that Rt2 wins when they are the same.
 */
static void emit_load_fp(struct x86_emit *e, const struct insn *in, const struct mem_op *op)
{
	unsigned int bytes = 1u << op->size_log2, i, n;

	for (i = 0; i <= op->pair; i++) {
		n = i ? in->ra : in->rd;
		if (bytes == 16) {
			x86_emit_load_zx(e, X86_SZ64, C, x86_mem(A, (int32_t)(16 * i)));
			x86_emit_load_zx(e, X86_SZ64, SI, x86_mem(A, (int32_t)(16 * i + 8)));
			x86_emit_store(e, X86_SZ64, jit_vreg(n, 0), C);
			x86_emit_store(e, X86_SZ64, jit_vreg(n, 1), SI);
			continue;
		}
		x86_emit_load_zx(e, sizes[op->size_log2], C, x86_mem(A, (int32_t)(bytes * i)));
		x86_emit_store(e, X86_SZ64, jit_vreg(n, 0), C);
		x86_emit_store_imm(e, X86_SZ64, jit_vreg(n, 1), 0);
	}
}

/* The low bytes of each register, as ldst_stv and pair_stv store them. */
static void emit_store_fp(struct x86_emit *e, const struct insn *in, const struct mem_op *op)
{
	unsigned int bytes = 1u << op->size_log2, i, n;

	for (i = 0; i <= op->pair; i++) {
		n = i ? in->ra : in->rd;
		x86_emit_load_zx(e, X86_SZ64, C, jit_vreg(n, 0));
		if (bytes == 16) {
			x86_emit_load_zx(e, X86_SZ64, SI, jit_vreg(n, 1));
			x86_emit_store(e, X86_SZ64, x86_mem(A, (int32_t)(16 * i)), C);
			x86_emit_store(e, X86_SZ64, x86_mem(A, (int32_t)(16 * i + 8)), SI);
			continue;
		}
		x86_emit_store(e, sizes[op->size_log2], x86_mem(A, (int32_t)(bytes * i)), C);
	}
}

static void emit_store(struct x86_emit *e, const struct insn *in, const struct mem_op *op)
{
	enum x86_size sz = sizes[op->size_log2];

	x86_emit_load_zx(e, X86_SZ64, C, jit_reg(in->rd));
	if (op->pair)
		x86_emit_load_zx(e, X86_SZ64, SI, jit_reg(in->ra));
	x86_emit_store(e, sz, x86_mem(A, 0), C);
	if (op->pair)
		x86_emit_store(e, sz, x86_mem(A, (int32_t)(1u << op->size_log2)), SI);
}

/*
 * Does RCX hold Rt after the access on both paths (the fast one loads
 * into it, the slow one reloads it)? For a single general register
 * loaded without writeback, the last register the insn writes.
 */
static bool keeps_rt(const struct mem_op *op)
{
	return op->load && !op->fp && !op->pair && op->mode != MODE_PRE &&
	       op->mode != MODE_POST;
}

/*
 * fn(cpu, in) as emit_call does, through the shared slow-path thunk
 * with the insn's word after the call: it leaves the block with fn's
 * result unless that is INSN_NEXT, else returns past the word.
 */
static void emit_handler(struct jit_block *b, unsigned int i)
{
	x86_emit_call_to(b->e, b->sh->mem_slow);
	jit_emit_word(b, slow_word(&b->tb->insns[i]));
}

void jit_emit_slow_paths(struct jit_block *b)
{
	struct x86_emit *e = b->e;
	unsigned int k;

	for (k = 0; k < b->nslow; k++) {
		struct jit_slow_path *sp = &b->slow[k];

		x86_label_bind(e, &sp->entry);
		emit_handler(b, sp->insn);
		if (sp->reload_rt)
			x86_emit_load_zx(e, X86_SZ64, C, jit_reg(b->tb->insns[sp->insn].rd));
		x86_emit_jmp_label(e, &sp->done);
	}
	b->nslow = 0;
}

/*
 * R13D = cpu->mmu_asid, once per block, before its first inline access.
 * Only an MSR to TTBRn_EL1/TCR_EL1 changes it (mmu_asid_sync), and an
 * MSR ends the block (insn_ends_block), so it holds for the rest of the
 * block; the code after this is reached only through it (the slow paths
 * jump back to where their insn ends).
 */
static void emit_load_asid(struct jit_block *b)
{
	if (b->asid_loaded)
		return;
	b->asid_loaded = true;
	x86_emit_load_zx(b->e, X86_SZ32, JIT_ASID, jit_field(offsetof(struct cpu_state, mmu_asid)));
}

struct jit_slow_path *jit_slow_path_new(struct jit_block *b, unsigned int i, bool reload_rt)
{
	struct jit_slow_path *sp;

	if (b->nslow >= b->maxslow)
		return NULL;
	sp = &b->slow[b->nslow++];
	x86_label_init(&sp->entry);
	x86_label_init(&sp->done);
	sp->insn = i;
	sp->reload_rt = reload_rt;
	return sp;
}

bool jit_emit_inline_mem(struct jit_block *b, unsigned int i, unsigned int el)
{
	struct x86_emit *e = b->e;
	const struct insn *in = &b->tb->insns[i];
	const struct jit_shared *sh = b->sh;
	struct jit_slow_path *sp;
	struct x86_label *slow;
	struct mem_op op;
	unsigned int size;

	if (b->nslow >= b->maxslow || !classify(in, &op))
		return false;
	/*
	 * An LDP/STP of Q registers is two 16-byte accesses (pair_ldv): here
	 * both must be in the page, else the handler does them one by one.
	 */
	size = (op.pair ? 2u : 1u) << op.size_log2;
	sp = jit_slow_path_new(b, i, keeps_rt(&op));
	slow = &sp->entry;
	/*
	 * The base first, while the insn before may have left it in a host
	 * register (jit_load_reg); the slow path does not need it.
	 */
	if (op.mode != MODE_LIT)
		jit_load_reg(e, X86_SZ64, A, in->rn);
	emit_load_asid(b);
	if (op.fp && !b->fp_ok)
		jit_emit_fp_check(e, slow);
	/* Either path got past FP_CHECK or left the block (D13.2.30). */
	b->fp_ok |= op.fp;
	emit_addr(e, in, &op, slow);
	emit_tlb(e, size, op.load ? MMU_READ : MMU_WRITE, el, slow);
	if (op.fp)
		(op.load ? emit_load_fp : emit_store_fp)(e, in, &op);
	else
		(op.load ? emit_load : emit_store)(e, in, &op);
	/* The base is written back only after the access (C6.2), and after Rt. */
	if (op.mode == MODE_PRE || op.mode == MODE_POST)
		x86_emit_store(e, X86_SZ64, jit_reg(in->rn), WB);
	if (!op.load)
		emit_code_check(e, sh);
	x86_label_bind(e, &sp->done);
	if (sp->reload_rt)
		x86_emit_note(e, JIT_NOTE_REG(C, in->rd));
	return true;
}
