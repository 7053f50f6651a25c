// SPDX-License-Identifier: GPL-2.0
/*
 * Control flow: Jcc/JMP/CALL with rel8 and rel32, indirect JMP/CALL,
 * RET, PUSH/POP, NOP padding, labels inside one emission, and the
 * patchable jump that block chaining retargets (SDM Vol 2A "CALL",
 * "Jcc", "JMP"; Vol 2B "NOP", "PUSH", "POP", "RET").
 */
#include <string.h>

#include "emit_priv.h"

/* A branch's short (rel8) and near (rel32) opcodes. */
struct branch {
	uint32_t short_opc;
	uint32_t near_opc;
};

static struct branch jcc_branch(enum x86_cc cc)
{
	return (struct branch){ .short_opc = 0x70 | cc, .near_opc = 0x0F80 | cc };
}

static const struct branch jmp_branch = { .short_opc = 0xEB, .near_opc = 0xE9 };

static unsigned int near_len(uint32_t opc)
{
	return (opc > 0xFF ? 2 : 1) + 4;
}

/* Opcode then a displacement from the end of the instruction. */
static uint8_t *rel_insn(struct x86_emit *e, uint32_t opc, int32_t rel, unsigned int len)
{
	return x86_enc_plain(e, (struct x86_enc){ .opc = opc, .imm = rel, .imm_len = (uint8_t)len });
}

static uint8_t *near_insn(struct x86_emit *e, uint32_t opc, int32_t rel)
{
	uint8_t *end = rel_insn(e, opc, rel, 4);

	return end ? end - 4 : NULL;
}

void x86_emit_jcc_rel8(struct x86_emit *e, enum x86_cc cc, int8_t rel)
{
	rel_insn(e, jcc_branch(cc).short_opc, rel, 1);
}

void x86_emit_jmp_rel8(struct x86_emit *e, int8_t rel)
{
	rel_insn(e, jmp_branch.short_opc, rel, 1);
}

uint8_t *x86_emit_jcc_rel32(struct x86_emit *e, enum x86_cc cc, int32_t rel)
{
	return near_insn(e, jcc_branch(cc).near_opc, rel);
}

uint8_t *x86_emit_jmp_rel32(struct x86_emit *e, int32_t rel)
{
	return near_insn(e, jmp_branch.near_opc, rel);
}

uint8_t *x86_emit_call_rel32(struct x86_emit *e, int32_t rel)
{
	return near_insn(e, 0xE8, rel);
}

/* The rel32 from `from` (the end of the instruction) to target, if in reach. */
static bool rel32_between(uintptr_t from, uintptr_t target, int32_t *rel)
{
	int64_t d = (int64_t)((uint64_t)target - (uint64_t)from);

	if (!x86_fits_s32(d))
		return false;
	*rel = (int32_t)d;
	return true;
}

static uint8_t *near_to(struct x86_emit *e, uint32_t opc, uintptr_t target)
{
	int32_t rel;

	if (!rel32_between(x86_emit_rx(e) + near_len(opc), target, &rel)) {
		e->invalid = true;
		return NULL;
	}
	return near_insn(e, opc, rel);
}

uint8_t *x86_emit_jcc_to(struct x86_emit *e, enum x86_cc cc, uintptr_t target)
{
	return near_to(e, jcc_branch(cc).near_opc, target);
}

uint8_t *x86_emit_jmp_to(struct x86_emit *e, uintptr_t target)
{
	return near_to(e, jmp_branch.near_opc, target);
}

uint8_t *x86_emit_call_to(struct x86_emit *e, uintptr_t target)
{
	return near_to(e, 0xE8, target);
}

/* CALL rel32 when the helper is in reach, else through a register. */
void x86_emit_call_far(struct x86_emit *e, uintptr_t target, enum x86_gpr scratch)
{
	int32_t rel;

	if (rel32_between(x86_emit_rx(e) + near_len(0xE8), target, &rel)) {
		x86_emit_call_rel32(e, rel);
		return;
	}
	x86_emit_movabs(e, scratch, target);
	x86_emit_call_r(e, scratch);
}

/* FF /4 is JMP r/m64, FF /2 CALL r/m64: 64-bit without REX.W. */
enum { FF_CALL = 2, FF_JMP = 4 };

static void indirect_r(struct x86_emit *e, unsigned int digit, enum x86_gpr r)
{
	x86_enc_rr(e, (struct x86_enc){ .opc = 0xFF }, digit, r);
}

static void indirect_m(struct x86_emit *e, unsigned int digit, struct x86_mem m)
{
	x86_enc_rm(e, (struct x86_enc){ .opc = 0xFF }, digit, m);
}

void x86_emit_jmp_r(struct x86_emit *e, enum x86_gpr r)
{
	indirect_r(e, FF_JMP, r);
}

void x86_emit_jmp_m(struct x86_emit *e, struct x86_mem m)
{
	indirect_m(e, FF_JMP, m);
}

void x86_emit_call_r(struct x86_emit *e, enum x86_gpr r)
{
	indirect_r(e, FF_CALL, r);
}

void x86_emit_call_m(struct x86_emit *e, struct x86_mem m)
{
	indirect_m(e, FF_CALL, m);
}

/* PUSH/POP r64 are 50+r/58+r and 64-bit by default (no REX.W). */
void x86_emit_push(struct x86_emit *e, enum x86_gpr r)
{
	x86_enc_o(e, (struct x86_enc){ .opc = 0x50 }, r);
}

void x86_emit_pop(struct x86_emit *e, enum x86_gpr r)
{
	x86_enc_o(e, (struct x86_enc){ .opc = 0x58 }, r);
}

void x86_emit_ret(struct x86_emit *e)
{
	x86_enc_plain(e, (struct x86_enc){ .opc = 0xC3 });
}

/* The recommended multi-byte NOPs, 1 to 9 bytes (SDM Vol 2B, "NOP", Table 4-12). */
static const uint8_t nop_table[9][9] = {
	{ 0x90 },
	{ 0x66, 0x90 },
	{ 0x0F, 0x1F, 0x00 },
	{ 0x0F, 0x1F, 0x40, 0x00 },
	{ 0x0F, 0x1F, 0x44, 0x00, 0x00 },
	{ 0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00 },
	{ 0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00 },
	{ 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
	{ 0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
};

/* n bytes of NOPs, all or none of them. */
void x86_emit_nops(struct x86_emit *e, size_t n)
{
	if ((size_t)(e->end - e->p) < n) {
		e->overflow = true;
		return;
	}
	while (n) {
		size_t k = n < 9 ? n : 9;

		x86_enc_bytes(e, nop_table[k - 1], k);
		n -= k;
	}
}

/* Pad to a power-of-two boundary of the executing address. */
void x86_emit_align(struct x86_emit *e, size_t align)
{
	x86_emit_nops(e, -x86_emit_rx(e) & (align - 1));
}

uint8_t *x86_emit_jmp_patchable(struct x86_emit *e, uintptr_t target)
{
	/* The field follows the one-byte E9. */
	x86_emit_nops(e, -(x86_emit_rx(e) + 1) & 3);
	return x86_emit_jmp_to(e, target);
}

/*
 * An aligned field is written with one 4-byte store, which other CPUs
 * see whole (SDM Vol 3A, "Guaranteed Atomic Operations"), so a running thread takes the old or
 * the new jump, never a mix.
 */
static void store_rel32(uint8_t *field, int32_t rel)
{
	if ((uintptr_t)field & 3)
		memcpy(field, &rel, 4);
	else
		__atomic_store_n((int32_t *)field, rel, __ATOMIC_RELEASE);
}

bool x86_patch_rel32(uint8_t *field, uintptr_t field_rx, uintptr_t target)
{
	int32_t rel;

	if (!rel32_between(field_rx + 4, target, &rel))
		return false;
	store_rel32(field, rel);
	return true;
}

void x86_label_init(struct x86_label *l)
{
	l->pos = NULL;
	l->nrefs = 0;
	l->short_refs = 0;
}

/* A rel8 field: the distance must fit a signed byte. */
static void store_rel8(struct x86_emit *e, uint8_t *field, ptrdiff_t rel)
{
	if (!x86_fits_s8(rel)) {
		e->invalid = true;
		return;
	}
	*field = (uint8_t)(int8_t)rel;
}

/* Both ends are in the same writable view, so their distance is the rel32. */
void x86_label_bind(struct x86_emit *e, struct x86_label *l)
{
	/* Code reaches here from elsewhere too: what was noted may not hold. */
	e->note = NULL;
	if (l->pos) {
		e->invalid = true;
		return;
	}
	l->pos = e->p;
	for (unsigned int i = 0; i < l->nrefs; i++) {
		if (l->short_refs & (1u << i))
			store_rel8(e, l->refs[i], l->pos - (l->refs[i] + 1));
		else
			store_rel32(l->refs[i], (int32_t)(l->pos - (l->refs[i] + 4)));
	}
	l->nrefs = 0;
	l->short_refs = 0;
}

static void branch_label(struct x86_emit *e, struct branch b, struct x86_label *l,
			 bool short_fwd)
{
	uint8_t *field;

	if (l->pos) {
		ptrdiff_t back = l->pos - (e->p + 2);

		if (x86_fits_s8(back))
			rel_insn(e, b.short_opc, (int32_t)back, 1);
		else
			near_insn(e, b.near_opc, (int32_t)(l->pos - (e->p + near_len(b.near_opc))));
		return;
	}
	if (l->nrefs == X86_LABEL_REFS) {
		e->invalid = true;
		return;
	}
	if (short_fwd) {
		field = rel_insn(e, b.short_opc, 0, 1);
		if (!field)
			return;
		l->short_refs |= (uint8_t)(1u << l->nrefs);
		l->refs[l->nrefs++] = field - 1;
		return;
	}
	field = near_insn(e, b.near_opc, 0);
	if (field)
		l->refs[l->nrefs++] = field;
}

void x86_emit_jcc_label(struct x86_emit *e, enum x86_cc cc, struct x86_label *l)
{
	branch_label(e, jcc_branch(cc), l, false);
}

void x86_emit_jmp_label(struct x86_emit *e, struct x86_label *l)
{
	branch_label(e, jmp_branch, l, false);
}

void x86_emit_jcc_label8(struct x86_emit *e, enum x86_cc cc, struct x86_label *l)
{
	branch_label(e, jcc_branch(cc), l, true);
}

void x86_emit_jmp_label8(struct x86_emit *e, struct x86_label *l)
{
	branch_label(e, jmp_branch, l, true);
}
