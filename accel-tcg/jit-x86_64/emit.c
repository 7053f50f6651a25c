// SPDX-License-Identifier: GPL-2.0
/*
 * The encoder's core: every instruction's prefixes, REX, opcode, ModRM,
 * SIB, displacement and immediate are laid out here and nowhere else
 * (SDM Vol 2A, chapter 2, "Instruction Format"). An instruction is built
 * in a 15-byte scratch array and copied only when it fits.
 */
#include <string.h>

#include "emit_priv.h"

/* ModRM, SIB and displacement of one operand, with the REX bits they need. */
struct modrm {
	uint8_t rex;		/* REX.R (4), REX.X (2), REX.B (1) */
	uint8_t n;
	uint8_t b[6];
};

/* What an instruction is assembled into before it is committed. */
struct insn_bytes {
	uint8_t n;
	uint8_t b[X86_MAX_INSN];
};

void x86_emit_init(struct x86_emit *e, void *buf, size_t size, uintptr_t rx_start)
{
	e->start = buf;
	e->p = buf;
	e->end = (uint8_t *)buf + size;
	e->rx_start = rx_start;
	e->overflow = false;
	e->invalid = false;
	e->note = NULL;
	e->note_tag = 0;
}

static void put_le(struct insn_bytes *ib, uint64_t v, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++)
		ib->b[ib->n++] = (uint8_t)(v >> (8 * i));
}

/* Copy ib to the buffer whole, or set overflow and write nothing. */
static uint8_t *commit(struct x86_emit *e, const struct insn_bytes *ib)
{
	if (e->end - e->p < ib->n) {
		e->overflow = true;
		return NULL;
	}
	memcpy(e->p, ib->b, ib->n);
	e->p += ib->n;
	return e->p;
}

static uint8_t *refuse(struct x86_emit *e)
{
	e->invalid = true;
	return NULL;
}

/* SIB.ss for a scale, or -1 (SDM Vol 2A, 2.1.5, Table 2-3). */
static int scale_bits(unsigned int scale)
{
	switch (scale) {
	case 1: return 0;
	case 2: return 1;
	case 4: return 2;
	case 8: return 3;
	default: return -1;
	}
}

static bool is_gpr(unsigned int r)
{
	return r <= X86_R15;
}

static void modrm_reg(struct modrm *mr, unsigned int reg, enum x86_gpr rm)
{
	mr->rex = (uint8_t)((reg >> 3) << 2 | (rm >> 3));
	mr->b[0] = (uint8_t)(0xC0 | (reg & 7) << 3 | (rm & 7));
	mr->n = 1;
}

/*
 * Displacement bytes (0, 1 or 4) for a memory operand (SDM Vol 2A, 2.1.5,
 * Table 2-2): no base and RIP take disp32; RBP/R13 as base have no
 * mod=00 form (rm/base 101 means disp32 or RIP), so they take at least disp8.
 */
static unsigned int disp_len(const struct x86_mem *m)
{
	if (m->base == X86_NOREG || m->base == X86_RIP)
		return 4;
	if (m->disp == 0 && (m->base & 7) != 5)
		return 0;
	return x86_fits_s8(m->disp) ? 1 : 4;
}

/*
 * A SIB byte is needed for an index, for no base (mod=00 rm=101 is
 * RIP-relative in 64-bit mode, SDM Vol 2A, 2.2.1.6) and for RSP/R12 as
 * base (rm=100 means "SIB follows").
 */
static bool needs_sib(const struct x86_mem *m)
{
	return m->index != X86_NOREG || m->base == X86_NOREG || (m->base & 7) == 4;
}

static bool mem_valid(unsigned int reg, const struct x86_mem *m)
{
	if (reg > 15 || scale_bits(m->scale) < 0)
		return false;
	if (m->base == X86_RIP)
		return m->index == X86_NOREG;
	/* Index 100 without REX.X means "no index": RSP cannot be one. */
	return (is_gpr(m->base) || m->base == X86_NOREG) &&
	       (m->index == X86_NOREG || (is_gpr(m->index) && m->index != X86_RSP));
}

static void modrm_mem(struct modrm *mr, unsigned int reg, const struct x86_mem *m)
{
	unsigned int dlen = disp_len(m);
	bool has_base = is_gpr(m->base);
	uint8_t mod = !has_base || dlen == 0 ? 0 : dlen == 1 ? 1 : 2;

	mr->n = 0;
	mr->rex = (uint8_t)((reg >> 3) << 2);
	if (needs_sib(m)) {
		bool has_index = m->index != X86_NOREG;
		uint8_t ss = has_index ? (uint8_t)scale_bits(m->scale) : 0;
		uint8_t index = has_index ? m->index & 7 : 4;
		uint8_t base = has_base ? m->base & 7 : 5;

		mr->rex |= (uint8_t)((has_index ? m->index >> 3 : 0) << 1 |
				     (has_base ? m->base >> 3 : 0));
		mr->b[mr->n++] = (uint8_t)(mod << 6 | (reg & 7) << 3 | 4);
		mr->b[mr->n++] = (uint8_t)(ss << 6 | index << 3 | base);
	} else {
		uint8_t rm = has_base ? m->base & 7 : 5;	/* 5 with mod=00: RIP */

		mr->rex |= (uint8_t)(has_base ? m->base >> 3 : 0);
		mr->b[mr->n++] = (uint8_t)(mod << 6 | (reg & 7) << 3 | rm);
	}
	for (unsigned int i = 0; i < dlen; i++)
		mr->b[mr->n++] = (uint8_t)((uint32_t)m->disp >> (8 * i));
}

static unsigned int opcode_len(uint32_t opc)
{
	return opc > 0xFFFF ? 3 : opc > 0xFF ? 2 : 1;
}

/*
 * SPL, BPL, SIL and DIL exist only with a REX prefix; without one the
 * same numbers are AH, CH, DH, BH (SDM Vol 2A, 2.2.1.2 and 3.1.1.1, Table 3-1).
 */
static bool needs_empty_rex(bool is_byte, unsigned int r)
{
	return is_byte && r >= 4 && r <= 7;
}

/*
 * Legacy prefixes, then REX, then the opcode (SDM Vol 2A, 2.1.1: a
 * mandatory F3 and REX sit right before the opcode), ModRM/SIB/disp and
 * the immediate.
 */
static uint8_t *assemble(struct x86_emit *e, const struct x86_enc *op, const struct modrm *mr,
			 bool force_rex)
{
	struct insn_bytes ib = { .n = 0 };
	uint8_t rex = mr->rex | (op->sz == X86_SZ64 ? 8 : 0);

	if (op->pfx & X86_PFX_LOCK)
		ib.b[ib.n++] = 0xF0;
	if (op->sz == X86_SZ16)
		ib.b[ib.n++] = 0x66;
	if (op->pfx & X86_PFX_REP)
		ib.b[ib.n++] = 0xF3;
	if (rex || force_rex)
		ib.b[ib.n++] = 0x40 | rex;
	for (unsigned int i = opcode_len(op->opc); i-- > 0;)
		ib.b[ib.n++] = (uint8_t)(op->opc >> (8 * i));
	memcpy(ib.b + ib.n, mr->b, mr->n);
	ib.n += mr->n;
	put_le(&ib, (uint64_t)op->imm, op->imm_len);
	return commit(e, &ib);
}

uint8_t *x86_enc_rr(struct x86_emit *e, struct x86_enc op, unsigned int reg,
		    enum x86_gpr rm)
{
	struct modrm mr;

	if (reg > 15 || !is_gpr(rm))
		return refuse(e);
	modrm_reg(&mr, reg, rm);
	return assemble(e, &op, &mr, needs_empty_rex(op.byte_reg, reg) ||
				     needs_empty_rex(op.byte_rm, rm));
}

uint8_t *x86_enc_rm(struct x86_emit *e, struct x86_enc op, unsigned int reg,
		    struct x86_mem m)
{
	struct modrm mr;

	if (!mem_valid(reg, &m))
		return refuse(e);
	modrm_mem(&mr, reg, &m);
	return assemble(e, &op, &mr, needs_empty_rex(op.byte_reg, reg));
}

uint8_t *x86_enc_o(struct x86_emit *e, struct x86_enc op, enum x86_gpr r)
{
	struct modrm mr = { .rex = (uint8_t)(r >> 3), .n = 0 };

	if (!is_gpr(r))
		return refuse(e);
	op.opc |= r & 7;
	return assemble(e, &op, &mr, needs_empty_rex(op.byte_rm, r));
}

uint8_t *x86_enc_plain(struct x86_emit *e, struct x86_enc op)
{
	struct modrm mr = { .rex = 0, .n = 0 };

	return assemble(e, &op, &mr, false);
}

uint8_t *x86_enc_bytes(struct x86_emit *e, const uint8_t *bytes, size_t n)
{
	struct insn_bytes ib = { .n = 0 };

	if (n > sizeof(ib.b))
		return refuse(e);
	memcpy(ib.b, bytes, n);
	ib.n = (uint8_t)n;
	return commit(e, &ib);
}

void x86_emit_data64(struct x86_emit *e, uint64_t v)
{
	struct insn_bytes ib = { .n = 0 };

	put_le(&ib, v, 8);
	commit(e, &ib);
}
