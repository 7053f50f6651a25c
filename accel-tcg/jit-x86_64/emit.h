/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An x86-64 instruction encoder for the code-emitting tier.
 *
 * Portable C that only writes bytes, so it builds and is tested on any
 * host; only running what it writes needs an x86-64 host. Every
 * instruction is encoded whole in a scratch array first and copied only
 * if it fits: a full buffer sets `overflow` and writes nothing, never a
 * byte past `end` (a guest decides how much code is emitted). An operand
 * that cannot be encoded (RSP as an index, a rel32 target out of reach)
 * sets `invalid` and writes nothing. Callers emit a whole block and check
 * x86_emit_ok() once at the end.
 *
 * Encoding references are to the Intel 64 and IA-32 Architectures
 * Software Developer's Manual (SDM), Volume 2 (instruction set).
 */
#ifndef ARMVISOR_JIT_X86_64_EMIT_H
#define ARMVISOR_JIT_X86_64_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* General-purpose registers in encoding order (SDM Vol 2A, 2.2.1.2). */
enum x86_gpr {
	X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
	X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
	X86_NOREG,		/* struct x86_mem: no base or no index */
	X86_RIP,		/* struct x86_mem: RIP-relative base */
};

/* Operand size in bytes: 2 adds 0x66, 8 adds REX.W (SDM Vol 2A, 2.2.1.2). */
enum x86_size { X86_SZ8 = 1, X86_SZ16 = 2, X86_SZ32 = 4, X86_SZ64 = 8 };

/* Condition codes, the tttn field of Jcc/SETcc/CMOVcc (SDM Vol 2D, B.1.4.7). */
enum x86_cc {
	X86_CC_O, X86_CC_NO, X86_CC_B, X86_CC_AE, X86_CC_E, X86_CC_NE,
	X86_CC_BE, X86_CC_A, X86_CC_S, X86_CC_NS, X86_CC_P, X86_CC_NP,
	X86_CC_L, X86_CC_GE, X86_CC_LE, X86_CC_G,
};

/* The opposite condition: the low bit negates (SDM Vol 2D, B.1.4.7). */
static inline enum x86_cc x86_cc_invert(enum x86_cc cc)
{
	return (enum x86_cc)(cc ^ 1);
}

/* The eight classic ALU ops; the value is the /digit of 81 /n (SDM Vol 2D, B.2). */
enum x86_alu {
	X86_ADD, X86_OR, X86_ADC, X86_SBB, X86_AND, X86_SUB, X86_XOR, X86_CMP,
};

/* Shifts and rotates: the /digit of C1/D3 (SDM Vol 2B, "SAL/SAR/SHL/SHR"). */
enum x86_shift {
	X86_ROL = 0, X86_ROR = 1, X86_SHL = 4, X86_SHR = 5, X86_SAR = 7,
};

/* The F7 group: the /digit (SDM Vol 2D, Table A-6, group 3). */
enum x86_unary {
	X86_NOT = 2, X86_NEG = 3, X86_MUL = 4, X86_IMUL1 = 5, X86_DIV = 6, X86_IDIV = 7,
};

/*
 * A memory operand [base + index*scale + disp32]. base may be X86_NOREG
 * (absolute disp32) or X86_RIP (disp32 from the end of the instruction);
 * index may be X86_NOREG; scale is 1, 2, 4 or 8.
 */
struct x86_mem {
	enum x86_gpr base;
	enum x86_gpr index;
	uint8_t scale;
	int32_t disp;
};

static inline struct x86_mem x86_mem(enum x86_gpr base, int32_t disp)
{
	return (struct x86_mem){ .base = base, .index = X86_NOREG, .scale = 1, .disp = disp };
}

static inline struct x86_mem x86_mem_idx(enum x86_gpr base, enum x86_gpr index,
					 unsigned int scale, int32_t disp)
{
	return (struct x86_mem){ .base = base, .index = index, .scale = (uint8_t)scale,
				 .disp = disp };
}

static inline struct x86_mem x86_mem_rip(int32_t disp)
{
	return x86_mem(X86_RIP, disp);
}

/*
 * Where instructions go: [start, end) in the writable view, executed at
 * rx_start (another mapping of the same bytes, or the same address).
 */
struct x86_emit {
	uint8_t *start, *p, *end;
	uintptr_t rx_start;
	bool overflow;		/* an instruction did not fit; nothing of it written */
	bool invalid;		/* an operand or target could not be encoded */
	/*
	 * A position the user noted with a tag (x86_emit_note): lets it
	 * know, while nothing was emitted after it and no label was bound
	 * there, that registers it set just before still hold.
	 */
	const uint8_t *note;
	unsigned int note_tag;
};

void x86_emit_init(struct x86_emit *e, void *buf, size_t size, uintptr_t rx_start);

static inline bool x86_emit_ok(const struct x86_emit *e)
{
	return !e->overflow && !e->invalid;
}

static inline size_t x86_emit_len(const struct x86_emit *e)
{
	return (size_t)(e->p - e->start);
}

/* Note the current position with tag (not 0). */
static inline void x86_emit_note(struct x86_emit *e, unsigned int tag)
{
	e->note = e->p;
	e->note_tag = tag;
}

/* The tag noted at the current position, if still valid; else 0. */
static inline unsigned int x86_emit_noted(const struct x86_emit *e)
{
	return e->note == e->p ? e->note_tag : 0;
}

/* The address the next instruction will execute at. */
static inline uintptr_t x86_emit_rx(const struct x86_emit *e)
{
	return e->rx_start + x86_emit_len(e);
}

/* Moves. mov_ri picks the shortest form that gives the 64-bit value. */
void x86_emit_mov_rr(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, enum x86_gpr src);
void x86_emit_mov_ri(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, uint64_t imm);
void x86_emit_mov_ri_sx32(struct x86_emit *e, enum x86_gpr dst, int32_t imm);
uint8_t *x86_emit_movabs(struct x86_emit *e, enum x86_gpr dst, uint64_t imm);
void x86_emit_movzx_rr(struct x86_emit *e, enum x86_size from, enum x86_gpr dst,
		       enum x86_gpr src);
void x86_emit_movsx_rr(struct x86_emit *e, enum x86_size from, enum x86_size to,
		       enum x86_gpr dst, enum x86_gpr src);

/* Loads zero- or sign-extend a `from`-sized value into a `to`-sized register. */
void x86_emit_load_zx(struct x86_emit *e, enum x86_size from, enum x86_gpr dst,
		      struct x86_mem m);
void x86_emit_load_sx(struct x86_emit *e, enum x86_size from, enum x86_size to,
		      enum x86_gpr dst, struct x86_mem m);
void x86_emit_store(struct x86_emit *e, enum x86_size sz, struct x86_mem m, enum x86_gpr src);
void x86_emit_store_imm(struct x86_emit *e, enum x86_size sz, struct x86_mem m, int32_t imm);
void x86_emit_lea(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, struct x86_mem m);

/* ADD..CMP in every operand form; ri uses imm8 when the value fits. */
void x86_emit_alu_rr(struct x86_emit *e, enum x86_alu op, enum x86_size sz,
		     enum x86_gpr dst, enum x86_gpr src);
void x86_emit_alu_ri(struct x86_emit *e, enum x86_alu op, enum x86_size sz,
		     enum x86_gpr dst, int32_t imm);
void x86_emit_alu_rm(struct x86_emit *e, enum x86_alu op, enum x86_size sz,
		     enum x86_gpr dst, struct x86_mem m);
void x86_emit_alu_mr(struct x86_emit *e, enum x86_alu op, enum x86_size sz,
		     struct x86_mem m, enum x86_gpr src);
void x86_emit_alu_mi(struct x86_emit *e, enum x86_alu op, enum x86_size sz,
		     struct x86_mem m, int32_t imm);
void x86_emit_test_rr(struct x86_emit *e, enum x86_size sz, enum x86_gpr a, enum x86_gpr b);
void x86_emit_test_ri(struct x86_emit *e, enum x86_size sz, enum x86_gpr a, int32_t imm);
void x86_emit_test_mi(struct x86_emit *e, enum x86_size sz, struct x86_mem m, int32_t imm);

/* NOT/NEG/MUL/IMUL/DIV/IDIV r (the one-operand forms use RDX:RAX). */
void x86_emit_unary(struct x86_emit *e, enum x86_unary op, enum x86_size sz, enum x86_gpr r);
/* CDQ/CQO: RDX = copies of RAX's sign bit, the high half IDIV divides. */
void x86_emit_cqo(struct x86_emit *e, enum x86_size sz);

void x86_emit_shift_ri(struct x86_emit *e, enum x86_shift op, enum x86_size sz,
		       enum x86_gpr r, uint8_t count);
void x86_emit_shift_rcl(struct x86_emit *e, enum x86_shift op, enum x86_size sz,
			enum x86_gpr r);

void x86_emit_imul_rr(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, enum x86_gpr src);
void x86_emit_imul_rm(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, struct x86_mem m);
void x86_emit_imul_rri(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst,
		       enum x86_gpr src, int32_t imm);
void x86_emit_bsr(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, enum x86_gpr src);
void x86_emit_clz(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, enum x86_gpr src,
		  enum x86_gpr tmp);
void x86_emit_bswap(struct x86_emit *e, enum x86_size sz, enum x86_gpr r);

void x86_emit_setcc(struct x86_emit *e, enum x86_cc cc, enum x86_gpr dst);
void x86_emit_cmovcc(struct x86_emit *e, enum x86_cc cc, enum x86_size sz,
		     enum x86_gpr dst, enum x86_gpr src);
void x86_emit_lahf(struct x86_emit *e);
void x86_emit_sahf(struct x86_emit *e);

/* Atomics for exclusives: XCHG [m], r is locked by itself. */
void x86_emit_xchg_mr(struct x86_emit *e, enum x86_size sz, struct x86_mem m, enum x86_gpr r);
void x86_emit_lock_cmpxchg(struct x86_emit *e, enum x86_size sz, struct x86_mem m,
			   enum x86_gpr r);
void x86_emit_lock_xadd(struct x86_emit *e, enum x86_size sz, struct x86_mem m, enum x86_gpr r);
void x86_emit_mfence(struct x86_emit *e);

void x86_emit_push(struct x86_emit *e, enum x86_gpr r);
void x86_emit_pop(struct x86_emit *e, enum x86_gpr r);
void x86_emit_ret(struct x86_emit *e);
/* A little-endian data word in the code (read by code that knows where). */
void x86_emit_data64(struct x86_emit *e, uint64_t v);
void x86_emit_nops(struct x86_emit *e, size_t n);
void x86_emit_align(struct x86_emit *e, size_t align);

/*
 * Branches. The _rel forms take a displacement from the end of the
 * instruction and return the rel32 field (NULL when nothing was written)
 * so it can be patched later; the _to forms take an executable address
 * and set `invalid` when it is out of rel32 reach.
 */
void x86_emit_jcc_rel8(struct x86_emit *e, enum x86_cc cc, int8_t rel);
void x86_emit_jmp_rel8(struct x86_emit *e, int8_t rel);
uint8_t *x86_emit_jcc_rel32(struct x86_emit *e, enum x86_cc cc, int32_t rel);
uint8_t *x86_emit_jmp_rel32(struct x86_emit *e, int32_t rel);
uint8_t *x86_emit_call_rel32(struct x86_emit *e, int32_t rel);
uint8_t *x86_emit_jcc_to(struct x86_emit *e, enum x86_cc cc, uintptr_t target);
uint8_t *x86_emit_jmp_to(struct x86_emit *e, uintptr_t target);
uint8_t *x86_emit_call_to(struct x86_emit *e, uintptr_t target);
void x86_emit_call_far(struct x86_emit *e, uintptr_t target, enum x86_gpr scratch);
void x86_emit_jmp_r(struct x86_emit *e, enum x86_gpr r);
void x86_emit_jmp_m(struct x86_emit *e, struct x86_mem m);
void x86_emit_call_r(struct x86_emit *e, enum x86_gpr r);
void x86_emit_call_m(struct x86_emit *e, struct x86_mem m);

/*
 * A JMP rel32 whose field is 4-byte aligned (NOPs go before it), so
 * x86_patch_rel32 can retarget it with one atomic store while other
 * threads run it: block chaining.
 */
uint8_t *x86_emit_jmp_patchable(struct x86_emit *e, uintptr_t target);

/*
 * Point the rel32 field at `field` (writable view), which executes at
 * field_rx, at target. False (nothing written) when out of reach.
 */
bool x86_patch_rel32(uint8_t *field, uintptr_t field_rx, uintptr_t target);

/*
 * Labels inside one emission: jumps to an unbound label are rel32 and
 * patched when it is bound; jumps back to a bound one use rel8 when they
 * can. A label takes X86_LABEL_REFS forward jumps (more sets `invalid`).
 */
#define X86_LABEL_REFS 8

struct x86_label {
	uint8_t *pos;			/* NULL until bound */
	uint8_t *refs[X86_LABEL_REFS];	/* rel32 (or rel8) fields waiting for pos */
	unsigned int nrefs;
	uint8_t short_refs;		/* bit i: refs[i] is a rel8 field */
};

void x86_label_init(struct x86_label *l);
void x86_label_bind(struct x86_emit *e, struct x86_label *l);
void x86_emit_jcc_label(struct x86_emit *e, enum x86_cc cc, struct x86_label *l);
void x86_emit_jmp_label(struct x86_emit *e, struct x86_label *l);

/*
 * The same, but a jump to an unbound label takes a rel8 field: for a
 * jump over a few bytes. Binding the label more than 127 bytes after
 * the jump sets `invalid`.
 */
void x86_emit_jcc_label8(struct x86_emit *e, enum x86_cc cc, struct x86_label *l);
void x86_emit_jmp_label8(struct x86_emit *e, struct x86_label *l);

#endif
