/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The encoder's one place for prefixes, REX, ModRM, SIB, displacements
 * and immediates (emit.c); the instruction files (emit_*.c) describe an
 * instruction with a struct x86_enc and hand it to one of these.
 */
#ifndef ARMVISOR_JIT_X86_64_EMIT_PRIV_H
#define ARMVISOR_JIT_X86_64_EMIT_PRIV_H

#include "emit.h"

/* The longest x86 instruction (SDM Vol 2A, 2.1: at most 15 bytes). */
#define X86_MAX_INSN 15

/* Legacy prefixes an opcode needs besides the operand size (SDM Vol 2A, 2.1.1). */
enum {
	X86_PFX_LOCK = 1 << 0,	/* F0 */
	X86_PFX_REP = 1 << 1,	/* F3 */
};

/* One instruction's opcode, size and immediate. */
struct x86_enc {
	uint32_t opc;		/* 1 to 3 opcode bytes, most significant first: 0x0FAF */
	uint8_t sz;		/* 0 (neither 66 nor REX.W) or an enum x86_size */
	uint8_t pfx;		/* X86_PFX_* */
	uint8_t imm_len;	/* 0, 1, 2, 4 or 8 bytes */
	bool byte_reg;		/* ModRM.reg names a byte register */
	bool byte_rm;		/* ModRM.rm (or the +r register) names a byte register */
	int64_t imm;
};

/*
 * Each returns the end of what it wrote in the writable view, or NULL
 * when it wrote nothing (buffer full: overflow; operand: invalid).
 * `reg` is a register or an opcode extension (/digit).
 */
uint8_t *x86_enc_rr(struct x86_emit *e, struct x86_enc op, unsigned int reg,
		    enum x86_gpr rm);
uint8_t *x86_enc_rm(struct x86_emit *e, struct x86_enc op, unsigned int reg,
		    struct x86_mem m);
/* No ModRM: the register is in the low 3 opcode bits (B8+r, 50+r...). */
uint8_t *x86_enc_o(struct x86_emit *e, struct x86_enc op, enum x86_gpr r);
/* No ModRM and no register: Jcc, RET, CALL rel32... */
uint8_t *x86_enc_plain(struct x86_emit *e, struct x86_enc op);
/* Bytes as they are (the NOP table). */
uint8_t *x86_enc_bytes(struct x86_emit *e, const uint8_t *bytes, size_t n);

static inline bool x86_fits_s8(int64_t v)
{
	return v >= INT8_MIN && v <= INT8_MAX;
}

static inline bool x86_fits_s32(int64_t v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

#endif
