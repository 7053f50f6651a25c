// SPDX-License-Identifier: GPL-2.0
/*
 * Load/store pair (ARM ARM C4.1.4): LDP/STP of W, X, S, D and Q
 * registers, LDPSW, and the no-allocate LDNP/STNP, with offset,
 * pre-index and post-index addressing.
 *
 * Decoded fields: rd = Rt, ra = Rt2, rn = base (SP for 31); the rest in
 * struct insn_pair (cpu.h).
 */
#include "cpu.h"
#include "fpsimd/fpsimd.h"
#include "mem.h"

static inline uint64_t sext(uint64_t v, unsigned int bits)
{
	return (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

static int pair_addr(struct cpu_state *cpu, const struct insn *in, uint64_t *addr)
{
	uint64_t base;
	int ret = ldst_get_base(cpu, in, &base);

	if (ret)
		return ret;
	*addr = in->pair.mode == PAIR_POST ? base : base + in->pair.offset;
	return 0;
}

static inline void pair_wb(struct cpu_state *cpu, const struct insn *in, uint64_t addr)
{
	if (in->pair.mode == PAIR_PRE)
		cpu->r[in->rn] = addr;
	else if (in->pair.mode == PAIR_POST)
		cpu->r[in->rn] = addr + in->pair.offset;
}

/* One access through the inline fast path, else mem_read/mem_write. */
static inline int pair_read(struct cpu_state *cpu, uint64_t pc, uint64_t addr,
			    unsigned int size, unsigned int flags, uint64_t *val)
{
	if (mem_load_fast(cpu, addr, size, flags, val))
		return 0;
	return mem_read(cpu, pc, addr, size, val, flags);
}

static inline int pair_write(struct cpu_state *cpu, uint64_t pc, uint64_t addr,
			     unsigned int size, unsigned int flags, const uint64_t *val)
{
	if (mem_store_fast(cpu, addr, size, flags, val))
		return 0;
	return mem_write(cpu, pc, addr, size, val, flags);
}

static int pair_ld(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t addr, val[2];
	int ret = pair_addr(cpu, in, &addr);

	if (ret)
		return ret;
	ret = pair_read(cpu, insn_pc(cpu, in), addr, 2u << in->pair.size, MEM_PAIR, val);
	if (ret)
		return ret;
	if (in->pair.size == 2) {
		val[1] = val[0] >> 32;
		val[0] = (uint32_t)val[0];
		if (in->pair.sign) {
			val[0] = sext(val[0], 32);
			val[1] = sext(val[1], 32);
		}
	}
	/* Rt == Rt2 is CONSTRAINED UNPREDICTABLE: Rt2's value wins here. */
	cpu->r[in->rd] = val[0];
	cpu->r[in->ra] = val[1];
	pair_wb(cpu, in, addr);
	return INSN_NEXT;
}

static int pair_st(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t addr, val[2];
	int ret = pair_addr(cpu, in, &addr);

	if (ret)
		return ret;
	val[0] = cpu->r[in->rd];
	val[1] = cpu->r[in->ra];
	if (in->pair.size == 2)
		val[0] = (uint32_t)val[0] | (val[1] << 32);
	ret = pair_write(cpu, insn_pc(cpu, in), addr, 2u << in->pair.size, MEM_PAIR, val);
	if (ret)
		return ret;
	pair_wb(cpu, in, addr);
	return INSN_NEXT;
}

/* Both registers as one access of 2 * size (S, D), or two Q accesses. */
static int pair_ldv(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t addr, pc = insn_pc(cpu, in), lo[2] = { 0, 0 }, hi[2] = { 0, 0 }, v[2];
	int ret;

	FP_CHECK(cpu, in);
	ret = pair_addr(cpu, in, &addr);
	if (ret)
		return ret;
	if (in->pair.size == 4) {
		ret = pair_read(cpu, pc, addr, 16, 0, lo);
		if (!ret)
			ret = pair_read(cpu, pc, addr + 16, 16, 0, hi);
	} else {
		ret = pair_read(cpu, pc, addr, 2u << in->pair.size, MEM_PAIR, v);
		if (!ret && in->pair.size == 2) {
			lo[0] = (uint32_t)v[0];
			hi[0] = v[0] >> 32;
		} else if (!ret) {
			lo[0] = v[0];
			hi[0] = v[1];
		}
	}
	if (ret)
		return ret;
	cpu->v[in->rd].d[0] = lo[0];
	cpu->v[in->rd].d[1] = lo[1];
	cpu->v[in->ra].d[0] = hi[0];
	cpu->v[in->ra].d[1] = hi[1];
	pair_wb(cpu, in, addr);
	return INSN_NEXT;
}

static int pair_stv(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t addr, pc = insn_pc(cpu, in), v[2];
	const union vreg *t = &cpu->v[in->rd], *t2 = &cpu->v[in->ra];
	int ret;

	FP_CHECK(cpu, in);
	ret = pair_addr(cpu, in, &addr);
	if (ret)
		return ret;
	if (in->pair.size == 4) {
		ret = pair_write(cpu, pc, addr, 16, 0, t->d);
		if (!ret)
			ret = pair_write(cpu, pc, addr + 16, 16, 0, t2->d);
	} else {
		if (in->pair.size == 2) {
			v[0] = t->s[0] | ((uint64_t)t2->s[0] << 32);
		} else {
			v[0] = t->d[0];
			v[1] = t2->d[0];
		}
		ret = pair_write(cpu, pc, addr, 2u << in->pair.size, MEM_PAIR, v);
	}
	if (ret)
		return ret;
	pair_wb(cpu, in, addr);
	return INSN_NEXT;
}

insn_fn ldst_pair_fn(bool load)
{
	return load ? pair_ld : pair_st;
}

insn_fn ldst_pair_fp_fn(bool load)
{
	return load ? pair_ldv : pair_stv;
}

/*
 * opc (31:30), V (26), mode (25:23), L (22). opc 11 is unallocated;
 * GPR opc 01 is LDPSW (L = 1 with writeback or offset; STGP and the
 * no-allocate form are unallocated in v8.0).
 */
int ldst_decode_pair(uint32_t raw, struct insn *out)
{
	unsigned int opc = BITS(raw, 31, 30), mode = BITS(raw, 24, 23);
	bool v = BIT(raw, 26), load = BIT(raw, 22);

	if (opc == 3)
		return 0;
	if (v) {
		out->pair.size = (uint8_t)(2 + opc);
		out->fn = load ? pair_ldv : pair_stv;
		out->rd = BITS(raw, 4, 0);
		out->ra = BITS(raw, 14, 10);
	} else {
		if (opc == 1 && (!load || mode == 0))
			return 0;
		out->pair.size = opc == 2 ? 3 : 2;
		out->pair.sign = opc == 1;
		out->fn = load ? pair_ld : pair_st;
		out->rd = load ? reg_dst(BITS(raw, 4, 0)) : reg_src(BITS(raw, 4, 0));
		out->ra = load ? reg_dst(BITS(raw, 14, 10)) : reg_src(BITS(raw, 14, 10));
	}
	out->pair.mode = mode == 1 ? PAIR_POST : mode == 3 ? PAIR_PRE : PAIR_OFF;
	out->pair.offset = (uint64_t)SBITS(raw, 21, 15) << out->pair.size;	/* imm7 */

	out->rn = reg_sp(BITS(raw, 9, 5));
	/* LDP/STP of X registers: the specialised handler (ldst_fast.c). */
	if (!v && opc == 2)
		out->fn = ldst_fast_pair(out->pair.mode, load);
	return 0;
}
