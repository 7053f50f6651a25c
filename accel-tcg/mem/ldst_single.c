// SPDX-License-Identifier: GPL-2.0
/*
 * Single-register loads and stores (ARM ARM C4.1.4): LDR/STR and the
 * byte, halfword, signed and SIMD&FP forms in every addressing mode
 * (unsigned offset, unscaled, pre/post-index, register offset,
 * literal), LDTR/STTR (EL0 permissions) and PRFM/PRFUM (no-ops).
 *
 * Decoded fields: rd = Rt, rn = base (SP for 31), rm = index register;
 * the rest in struct insn_ldst (cpu.h).
 */
#include "cpu.h"
#include "fpsimd/fpsimd.h"
#include "mem.h"

static inline uint64_t sext(uint64_t v, unsigned int bits)
{
	return (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

/* Rm extended as option says (UXTW, LSL/UXTX, SXTW, SXTX), shifted. */
static uint64_t ldst_index(const struct cpu_state *cpu, const struct insn *in)
{
	uint64_t m = cpu->r[in->rm];
	switch (in->ldst.option) {
	case 2:
		m = (uint32_t)m;
		break;
	case 6:
		m = sext(m, 32);
		break;
	default:	/* 3 and 7: the whole register */
		break;
	}
	return m << in->ldst.shift;
}

/* The address of the access; *wb the base writeback value, if any. */
static int ldst_addr(struct cpu_state *cpu, const struct insn *in,
		     uint64_t *addr, uint64_t *wb)
{
	uint64_t base;
	int ret;

	if (in->ldst.mode == MODE_LIT) {
		*addr = insn_pc(cpu, in) + in->ldst.offset;
		return 0;
	}
	ret = ldst_get_base(cpu, in, &base);
	if (ret)
		return ret;
	switch (in->ldst.mode) {
	case MODE_REG:
		*addr = base + ldst_index(cpu, in);
		break;
	case MODE_POST:
		*addr = base;
		*wb = base + in->ldst.offset;
		break;
	case MODE_PRE:
		*addr = base + in->ldst.offset;
		*wb = *addr;
		break;
	default:
		*addr = base + in->ldst.offset;
		break;
	}
	return 0;
}

/* Writeback after the access succeeded (C6.2: a fault leaves Rn alone). */
static inline void ldst_wb(struct cpu_state *cpu, const struct insn *in, uint64_t wb)
{
	if (in->ldst.mode == MODE_PRE || in->ldst.mode == MODE_POST)
		cpu->r[in->rn] = wb;
}

static uint64_t ldst_extend(uint64_t v, unsigned int size_log2, unsigned int ext)
{
	unsigned int bits = 8u << size_log2;

	switch (ext) {
	case EXT_SIGN64:
		return sext(v, bits);
	case EXT_SIGN32:
		return (uint32_t)sext(v, bits);
	default:
		return v;
	}
}

/*
 * General-register loads and stores, one handler per addressing mode so
 * the common ones run straight through: the TLB fast path inline, the
 * slow path (walk, MMIO, faults) through mem_read/mem_write.
 */
static inline int ld_finish(struct cpu_state *cpu, const struct insn *in, uint64_t addr)
{
	unsigned int size = 1u << in->ldst.size;
	uint64_t val[2];

	if (!mem_load_fast(cpu, addr, size, in->ldst.flags, val)) {
		int ret = mem_read(cpu, insn_pc(cpu, in), addr, size, val, in->ldst.flags);

		if (ret)
			return ret;
	}
	cpu->r[in->rd] = ldst_extend(val[0], in->ldst.size, in->ldst.ext);
	return INSN_NEXT;
}

static inline int st_finish(struct cpu_state *cpu, const struct insn *in, uint64_t addr)
{
	unsigned int size = 1u << in->ldst.size;
	uint64_t val[2] = { cpu->r[in->rd], 0 };

	if (!mem_store_fast(cpu, addr, size, in->ldst.flags, val))
		return mem_write(cpu, insn_pc(cpu, in), addr, size, val, in->ldst.flags);
	return INSN_NEXT;
}

static int ldst_ld_imm(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t base;
	int ret = ldst_get_base(cpu, in, &base);

	return ret ? ret : ld_finish(cpu, in, base + in->ldst.offset);
}

static int ldst_st_imm(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t base;
	int ret = ldst_get_base(cpu, in, &base);

	return ret ? ret : st_finish(cpu, in, base + in->ldst.offset);
}

/* Pre- and post-index both leave base + imm in Rn, after the access. */
static int ldst_ld_wb(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t base;
	int ret = ldst_get_base(cpu, in, &base);

	if (!ret)
		ret = ld_finish(cpu, in, in->ldst.mode == MODE_PRE ? base + in->ldst.offset : base);
	if (ret)
		return ret;
	cpu->r[in->rn] = base + in->ldst.offset;
	return INSN_NEXT;
}

static int ldst_st_wb(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t base;
	int ret = ldst_get_base(cpu, in, &base);

	if (!ret)
		ret = st_finish(cpu, in, in->ldst.mode == MODE_PRE ? base + in->ldst.offset : base);
	if (ret)
		return ret;
	cpu->r[in->rn] = base + in->ldst.offset;
	return INSN_NEXT;
}

static int ldst_ld_reg(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t base;
	int ret = ldst_get_base(cpu, in, &base);

	return ret ? ret : ld_finish(cpu, in, base + ldst_index(cpu, in));
}

static int ldst_st_reg(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t base;
	int ret = ldst_get_base(cpu, in, &base);

	return ret ? ret : st_finish(cpu, in, base + ldst_index(cpu, in));
}

static int ldst_ld_lit(struct cpu_state *cpu, const struct insn *in)
{
	return ld_finish(cpu, in, insn_pc(cpu, in) + in->ldst.offset);
}

/* The general-register handler of a load or store by addressing mode. */
static insn_fn ldst_gpr_fn(bool load, unsigned int mode)
{
	static const insn_fn fns[2][5] = {
		[0] = { [MODE_OFF] = ldst_st_imm, [MODE_PRE] = ldst_st_wb,
			[MODE_POST] = ldst_st_wb, [MODE_REG] = ldst_st_reg },
		[1] = { [MODE_OFF] = ldst_ld_imm, [MODE_PRE] = ldst_ld_wb,
			[MODE_POST] = ldst_ld_wb, [MODE_REG] = ldst_ld_reg,
			[MODE_LIT] = ldst_ld_lit },
	};

	return fns[load][mode];
}

insn_fn ldst_single_fn(bool load, enum ldst_mode mode)
{
	return mode <= MODE_LIT ? ldst_gpr_fn(load, mode) : NULL;
}

/* SIMD&FP: a load writes the low bytes and zeroes the rest (C1.2.5). */
static int ldst_ldv(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t addr, wb = 0, val[2] = { 0, 0 };
	int ret;

	FP_CHECK(cpu, in);
	ret = ldst_addr(cpu, in, &addr, &wb);
	if (ret)
		return ret;
	if (!mem_load_fast(cpu, addr, 1u << in->ldst.size, 0, val)) {
		ret = mem_read(cpu, insn_pc(cpu, in), addr, 1u << in->ldst.size, val, 0);
		if (ret)
			return ret;
	}
	if (in->ldst.size < 4)
		val[1] = 0;
	cpu->v[in->rd].d[0] = val[0];
	cpu->v[in->rd].d[1] = val[1];
	ldst_wb(cpu, in, wb);
	return INSN_NEXT;
}

static int ldst_stv(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t addr, wb = 0, val[2];
	int ret;

	FP_CHECK(cpu, in);
	ret = ldst_addr(cpu, in, &addr, &wb);
	if (ret)
		return ret;
	val[0] = cpu->v[in->rd].d[0];
	val[1] = cpu->v[in->rd].d[1];
	if (in->ldst.size < 3)
		val[0] &= (1ull << (8u << in->ldst.size)) - 1;
	if (!mem_store_fast(cpu, addr, 1u << in->ldst.size, 0, val)) {
		ret = mem_write(cpu, insn_pc(cpu, in), addr, 1u << in->ldst.size, val, 0);
		if (ret)
			return ret;
	}
	ldst_wb(cpu, in, wb);
	return INSN_NEXT;
}

insn_fn ldst_single_fp_fn(bool load)
{
	return load ? ldst_ldv : ldst_stv;
}

/* PRFM/PRFUM: hints, never a fault (C6.2.248). */
static int ldst_prfm(struct cpu_state *cpu, const struct insn *in)
{
	(void)cpu;
	(void)in;
	return INSN_NEXT;
}

/* LDR (literal) and PRFM (literal): opc:V picks the form (C4.1.4). */
static int ldst_decode_literal(uint32_t raw, struct insn *out)
{
	static const struct { uint8_t size_log2, ext; bool ok; } gpr[4] = {
		{ 2, EXT_ZERO, true }, { 3, EXT_ZERO, true },
		{ 2, EXT_SIGN64, true }, { 0, 0, false },
	};
	unsigned int opc = BITS(raw, 31, 30);
	bool v = BIT(raw, 26);

	out->ldst.mode = MODE_LIT;
	out->ldst.offset = (uint64_t)SBITS(raw, 23, 5) << 2;
	if (v) {
		if (opc == 3)
			return 0;
		out->rd = BITS(raw, 4, 0);
		out->ldst.size = (uint8_t)(2 + opc);
		out->fn = ldst_ldv;
		return 0;
	}
	if (!gpr[opc].ok) {
		out->fn = ldst_prfm;
		return 0;
	}
	out->rd = reg_dst(BITS(raw, 4, 0));
	out->ldst.size = gpr[opc].size_log2;
	out->ldst.ext = gpr[opc].ext;
	out->fn = ldst_ld_lit;
	return 0;
}

/*
 * size:opc of a general-register form: the handler and extension.
 * prfm_ok: the addressing mode has a PRFM (unsigned offset, register,
 * unscaled). Returns false for unallocated combinations.
 */
static bool ldst_pick_gpr(unsigned int size, unsigned int opc, bool prfm_ok,
			  struct insn *out)
{
	out->ldst.size = (uint8_t)size;
	switch (opc) {
	case 0:
		out->fn = ldst_gpr_fn(false, out->ldst.mode);
		return true;
	case 1:
		out->fn = ldst_gpr_fn(true, out->ldst.mode);
		out->ldst.ext = EXT_ZERO;
		return true;
	case 2:
		if (size == 3) {
			out->fn = ldst_prfm;
			return prfm_ok;
		}
		out->fn = ldst_gpr_fn(true, out->ldst.mode);
		out->ldst.ext = EXT_SIGN64;
		return true;
	default:
		if (size >= 2)
			return false;
		out->fn = ldst_gpr_fn(true, out->ldst.mode);
		out->ldst.ext = EXT_SIGN32;
		return true;
	}
}

/* size:opc of a SIMD&FP form: B/H/S/D, or Q when opc<1> is set. */
static bool ldst_pick_fp(unsigned int size, unsigned int opc, struct insn *out)
{
	if (opc & 2) {
		if (size != 0)
			return false;
		size = 4;
	}
	out->ldst.size = (uint8_t)size;
	out->fn = (opc & 1) ? ldst_ldv : ldst_stv;
	return true;
}

static int ldst_decode_reg_forms(uint32_t raw, struct insn *out)
{
	unsigned int size = BITS(raw, 31, 30), opc = BITS(raw, 23, 22);
	bool v = BIT(raw, 26), ok;
	unsigned int kind = BITS(raw, 11, 10);

	if (!BIT(raw, 24)) {
		if (BIT(raw, 21)) {
			unsigned int option = BITS(raw, 15, 13);

			/* Register offset; 00 and x1 are v8.1+ atomics/PAC. */
			if (kind != 2 || !(option & 2))
				return 0;
			out->ldst.mode = MODE_REG;
			out->rm = reg_src(BITS(raw, 20, 16));
			kind = 4;
		} else {
			out->ldst.offset = (uint64_t)SBITS(raw, 20, 12);
			out->ldst.mode = kind == 1 ? MODE_POST : kind == 3 ? MODE_PRE : MODE_OFF;
		}
	} else {
		out->ldst.mode = MODE_OFF;
		kind = 5;
	}
	ok = v ? ldst_pick_fp(size, opc, out) :
		 ldst_pick_gpr(size, opc, kind == 0 || kind >= 4, out);
	/* LDTR/STTR: no SIMD&FP form; EL0 permissions (C6.2.137). */
	if (kind == 2) {
		ok = ok && !v;
		out->ldst.flags = MEM_UNPRIV;
	}
	if (!ok) {
		out->fn = insn_undefined;
		return 0;
	}
	if (kind == 5)
		out->ldst.offset = (uint64_t)BITS(raw, 21, 10) << out->ldst.size;
	if (kind == 4) {
		out->ldst.option = (uint8_t)BITS(raw, 15, 13);
		out->ldst.shift = BIT(raw, 12) ? out->ldst.size : 0;	/* S */
	}
	out->rn = reg_sp(BITS(raw, 9, 5));
	if (v)
		out->rd = BITS(raw, 4, 0);
	else
		out->rd = opc == 0 ? reg_src(BITS(raw, 4, 0)) : reg_dst(BITS(raw, 4, 0));
	/* Plain LDR/STR with an immediate offset: the specialised handler. */
	if (!v && opc < 2 && out->ldst.mode == MODE_OFF && !out->ldst.flags)
		out->fn = ldst_fast_single(size, opc == 1);
	return 0;
}

int ldst_decode_single(uint32_t raw, struct insn *out)
{
	if (MATCH(raw, ENC_LDST_LITERAL))
		return ldst_decode_literal(raw, out);
	return ldst_decode_reg_forms(raw, out);
}
