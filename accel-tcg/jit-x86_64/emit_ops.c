// SPDX-License-Identifier: GPL-2.0
/*
 * Data instructions: moves, extensions, loads and stores, integer ALU,
 * shifts, multiplies and divides, bit scans, flags and atomics. Each
 * describes its opcode (SDM Vol 2A/2B, the instruction's page; the
 * opcode map in Vol 2D, appendix A) and leaves the bytes to emit.c.
 *
 * 32-bit forms zero the upper half of the destination (SDM Vol 1,
 * 3.4.1.1), which is what an AArch64 W register write does.
 */
#include "emit_priv.h"

static struct x86_enc enc(uint32_t opc, unsigned int sz)
{
	return (struct x86_enc){ .opc = opc, .sz = (uint8_t)sz };
}

/*
 * Most integer opcodes come in pairs: the even one works on bytes, the
 * odd one (opc) on 16/32/64 bits (the "w" bit, SDM Vol 2D, B.1.4.3).
 * reg_is_gpr: ModRM.reg names a register (not an opcode extension), so
 * it is a byte register too.
 */
static struct x86_enc sized(uint32_t opc, enum x86_size sz, bool reg_is_gpr)
{
	struct x86_enc op = enc(opc, sz);

	if (sz == X86_SZ8) {
		op.opc = opc - 1;
		op.byte_rm = true;
		op.byte_reg = reg_is_gpr;
	}
	return op;
}

static struct x86_enc with_imm(struct x86_enc op, int64_t imm, unsigned int len)
{
	op.imm = imm;
	op.imm_len = (uint8_t)len;
	return op;
}

/* An immediate as wide as the operand, but at most 32 bits (sign-extended to 64). */
static unsigned int imm_len(enum x86_size sz)
{
	return sz == X86_SZ64 ? 4 : sz;
}

void x86_emit_mov_rr(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, enum x86_gpr src)
{
	x86_enc_rr(e, sized(0x89, sz, true), src, dst);
}

/* MOV r, imm: B0+r ib, B8+r iw/id/io (SDM Vol 2B, "MOV"). */
static void mov_o(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, uint64_t imm)
{
	struct x86_enc op = with_imm(enc(sz == X86_SZ8 ? 0xB0 : 0xB8, sz), (int64_t)imm, sz);

	op.byte_rm = sz == X86_SZ8;
	x86_enc_o(e, op, dst);
}

/*
 * The shortest way to the 64-bit value: B8+r id when it fits 32 bits
 * unsigned (the write zero-extends), C7 /0 id when it fits signed,
 * else the 10-byte B8+r io.
 */
void x86_emit_mov_ri(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, uint64_t imm)
{
	if (sz != X86_SZ64 || imm <= UINT32_MAX)
		mov_o(e, sz == X86_SZ64 ? X86_SZ32 : sz, dst, imm);
	else if (x86_fits_s32((int64_t)imm))
		x86_emit_mov_ri_sx32(e, dst, (int32_t)imm);
	else
		mov_o(e, X86_SZ64, dst, imm);
}

void x86_emit_mov_ri_sx32(struct x86_emit *e, enum x86_gpr dst, int32_t imm)
{
	x86_enc_rr(e, with_imm(enc(0xC7, X86_SZ64), imm, 4), 0, dst);
}

/* Always 10 bytes; returns the imm64 field so it can be patched. */
uint8_t *x86_emit_movabs(struct x86_emit *e, enum x86_gpr dst, uint64_t imm)
{
	struct x86_enc op = with_imm(enc(0xB8, X86_SZ64), (int64_t)imm, 8);
	uint8_t *end = x86_enc_o(e, op, dst);

	return end ? end - 8 : NULL;
}

/*
 * MOV r, r/m (8B /r), MOVZX (0F B6/B7), MOVSX (0F BE/BF), MOVSXD (63)
 * for a `from`-sized source into a `to`-sized register (SDM Vol 2B,
 * "MOVZX", "MOVSX/MOVSXD"). Zero-extension into 32 bits already clears
 * bits 63:32, so it never needs REX.W.
 */
static struct x86_enc extend(enum x86_size from, enum x86_size to, bool sign)
{
	struct x86_enc op;

	if (!sign && to == X86_SZ64 && from < X86_SZ64)
		to = X86_SZ32;
	if (from >= to)
		return enc(0x8B, to);
	if (from == X86_SZ32)
		return enc(0x63, to);
	op = enc((sign ? 0x0FBE : 0x0FB6) | (from == X86_SZ16), to);
	op.byte_rm = from == X86_SZ8;
	return op;
}

void x86_emit_movzx_rr(struct x86_emit *e, enum x86_size from, enum x86_gpr dst,
		       enum x86_gpr src)
{
	x86_enc_rr(e, extend(from, X86_SZ64, false), dst, src);
}

void x86_emit_movsx_rr(struct x86_emit *e, enum x86_size from, enum x86_size to,
		       enum x86_gpr dst, enum x86_gpr src)
{
	x86_enc_rr(e, extend(from, to, true), dst, src);
}

void x86_emit_load_zx(struct x86_emit *e, enum x86_size from, enum x86_gpr dst,
		      struct x86_mem m)
{
	x86_enc_rm(e, extend(from, X86_SZ64, false), dst, m);
}

void x86_emit_load_sx(struct x86_emit *e, enum x86_size from, enum x86_size to,
		      enum x86_gpr dst, struct x86_mem m)
{
	x86_enc_rm(e, extend(from, to, true), dst, m);
}

void x86_emit_store(struct x86_emit *e, enum x86_size sz, struct x86_mem m, enum x86_gpr src)
{
	x86_enc_rm(e, sized(0x89, sz, true), src, m);
}

/* C6 /0 ib, C7 /0 iw/id; a 64-bit store sign-extends imm32. */
void x86_emit_store_imm(struct x86_emit *e, enum x86_size sz, struct x86_mem m, int32_t imm)
{
	x86_enc_rm(e, with_imm(sized(0xC7, sz, false), imm, imm_len(sz)), 0, m);
}

void x86_emit_lea(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, struct x86_mem m)
{
	x86_enc_rm(e, enc(0x8D, sz), dst, m);
}

/* op r/m, r is (op << 3) | 1; op r, r/m is (op << 3) | 3 (SDM Vol 2D, B.2). */
void x86_emit_alu_rr(struct x86_emit *e, enum x86_alu op, enum x86_size sz,
		     enum x86_gpr dst, enum x86_gpr src)
{
	x86_enc_rr(e, sized((uint32_t)op << 3 | 1, sz, true), src, dst);
}

void x86_emit_alu_rm(struct x86_emit *e, enum x86_alu op, enum x86_size sz,
		     enum x86_gpr dst, struct x86_mem m)
{
	x86_enc_rm(e, sized((uint32_t)op << 3 | 3, sz, true), dst, m);
}

void x86_emit_alu_mr(struct x86_emit *e, enum x86_alu op, enum x86_size sz,
		     struct x86_mem m, enum x86_gpr src)
{
	x86_enc_rm(e, sized((uint32_t)op << 3 | 1, sz, true), src, m);
}

/* 80 /n ib for bytes, 83 /n ib when the value fits, else 81 /n iw/id. */
static struct x86_enc alu_imm(enum x86_size sz, int32_t imm)
{
	if (sz == X86_SZ8)
		return with_imm(sized(0x81, sz, false), imm, 1);
	if (x86_fits_s8(imm))
		return with_imm(enc(0x83, sz), imm, 1);
	return with_imm(enc(0x81, sz), imm, imm_len(sz));
}

void x86_emit_alu_ri(struct x86_emit *e, enum x86_alu op, enum x86_size sz,
		     enum x86_gpr dst, int32_t imm)
{
	x86_enc_rr(e, alu_imm(sz, imm), op, dst);
}

void x86_emit_alu_mi(struct x86_emit *e, enum x86_alu op, enum x86_size sz,
		     struct x86_mem m, int32_t imm)
{
	x86_enc_rm(e, alu_imm(sz, imm), op, m);
}

void x86_emit_test_rr(struct x86_emit *e, enum x86_size sz, enum x86_gpr a, enum x86_gpr b)
{
	x86_enc_rr(e, sized(0x85, sz, true), b, a);
}

/* TEST has no imm8 form: F6 /0 ib, F7 /0 iw/id. */
void x86_emit_test_ri(struct x86_emit *e, enum x86_size sz, enum x86_gpr a, int32_t imm)
{
	x86_enc_rr(e, with_imm(sized(0xF7, sz, false), imm, imm_len(sz)), 0, a);
}

void x86_emit_test_mi(struct x86_emit *e, enum x86_size sz, struct x86_mem m, int32_t imm)
{
	x86_enc_rm(e, with_imm(sized(0xF7, sz, false), imm, imm_len(sz)), 0, m);
}

void x86_emit_unary(struct x86_emit *e, enum x86_unary op, enum x86_size sz, enum x86_gpr r)
{
	x86_enc_rr(e, sized(0xF7, sz, false), op, r);
}

/* 99: CDQ, or CQO with REX.W (SDM Vol 2A, "CWD/CDQ/CQO"). */
void x86_emit_cqo(struct x86_emit *e, enum x86_size sz)
{
	x86_enc_plain(e, enc(0x99, sz));
}

/* D1 /n for one bit, C1 /n ib otherwise (the CPU masks the count itself). */
void x86_emit_shift_ri(struct x86_emit *e, enum x86_shift op, enum x86_size sz,
		       enum x86_gpr r, uint8_t count)
{
	x86_enc_rr(e, count == 1 ? sized(0xD1, sz, false)
				 : with_imm(sized(0xC1, sz, false), count, 1), op, r);
}

void x86_emit_shift_rcl(struct x86_emit *e, enum x86_shift op, enum x86_size sz,
			enum x86_gpr r)
{
	x86_enc_rr(e, sized(0xD3, sz, false), op, r);
}

void x86_emit_imul_rr(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, enum x86_gpr src)
{
	x86_enc_rr(e, enc(0x0FAF, sz), dst, src);
}

void x86_emit_imul_rm(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, struct x86_mem m)
{
	x86_enc_rm(e, enc(0x0FAF, sz), dst, m);
}

/* 6B /r ib when the factor fits a byte, else 69 /r iw/id. */
void x86_emit_imul_rri(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst,
		       enum x86_gpr src, int32_t imm)
{
	x86_enc_rr(e, x86_fits_s8(imm) ? with_imm(enc(0x6B, sz), imm, 1)
				       : with_imm(enc(0x69, sz), imm, imm_len(sz)), dst, src);
}

void x86_emit_bsr(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, enum x86_gpr src)
{
	x86_enc_rr(e, enc(0x0FBD, sz), dst, src);
}

/*
 * CLZ without LZCNT (not every x86-64 has it): BSR gives the index i of
 * the top set bit, and bits-1-i == i ^ (bits-1). For a zero source BSR
 * sets ZF and leaves dst undefined (SDM Vol 2A, "BSR"), so CMOVZ loads
 * 2*bits-1, which the XOR turns into bits. tmp must differ from src and
 * dst; flags are clobbered.
 */
void x86_emit_clz(struct x86_emit *e, enum x86_size sz, enum x86_gpr dst, enum x86_gpr src,
		  enum x86_gpr tmp)
{
	unsigned int bits = sz * 8;

	x86_emit_mov_ri(e, X86_SZ32, tmp, 2 * bits - 1);
	x86_emit_bsr(e, sz, dst, src);
	x86_emit_cmovcc(e, X86_CC_E, sz, dst, tmp);
	x86_emit_alu_ri(e, X86_XOR, sz, dst, (int32_t)bits - 1);
}

/* 0F C8+r; 32 or 64 bits (a 16-bit BSWAP is undefined, SDM Vol 2A). */
void x86_emit_bswap(struct x86_emit *e, enum x86_size sz, enum x86_gpr r)
{
	x86_enc_o(e, enc(0x0FC8, sz), r);
}

/* 0F 90+cc /0: writes the low byte only (SDM Vol 2B, "SETcc"). */
void x86_emit_setcc(struct x86_emit *e, enum x86_cc cc, enum x86_gpr dst)
{
	struct x86_enc op = enc(0x0F90 | cc, 0);

	op.byte_rm = true;
	x86_enc_rr(e, op, 0, dst);
}

/* 0F 40+cc /r; the 32-bit form zeroes bits 63:32 even when it does not move. */
void x86_emit_cmovcc(struct x86_emit *e, enum x86_cc cc, enum x86_size sz,
		     enum x86_gpr dst, enum x86_gpr src)
{
	x86_enc_rr(e, enc(0x0F40 | cc, sz), dst, src);
}

/* AH = SF:ZF:0:AF:0:PF:1:CF; valid in 64-bit mode when CPUID says LAHF-SAHF. */
void x86_emit_lahf(struct x86_emit *e)
{
	x86_enc_plain(e, enc(0x9F, 0));
}

void x86_emit_sahf(struct x86_emit *e)
{
	x86_enc_plain(e, enc(0x9E, 0));
}

/* XCHG with memory asserts LOCK by itself (SDM Vol 2B, "XCHG"). */
void x86_emit_xchg_mr(struct x86_emit *e, enum x86_size sz, struct x86_mem m, enum x86_gpr r)
{
	x86_enc_rm(e, sized(0x87, sz, true), r, m);
}

/* Compares RAX (AL..) with [m]; stores r there when equal, else loads [m] into RAX. */
void x86_emit_lock_cmpxchg(struct x86_emit *e, enum x86_size sz, struct x86_mem m,
			   enum x86_gpr r)
{
	struct x86_enc op = sized(0x0FB1, sz, true);

	op.pfx = X86_PFX_LOCK;
	x86_enc_rm(e, op, r, m);
}

void x86_emit_lock_xadd(struct x86_emit *e, enum x86_size sz, struct x86_mem m, enum x86_gpr r)
{
	struct x86_enc op = sized(0x0FC1, sz, true);

	op.pfx = X86_PFX_LOCK;
	x86_enc_rm(e, op, r, m);
}

void x86_emit_mfence(struct x86_emit *e)
{
	static const uint8_t mfence[] = { 0x0F, 0xAE, 0xF0 };

	x86_enc_bytes(e, mfence, sizeof(mfence));
}
