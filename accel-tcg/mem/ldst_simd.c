// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD load/store structures (ARM ARM C4.1.4, C7.2): LD1-LD4/ST1-ST4
 * multiple structures, single structure (one lane), and LD1R-LD4R
 * (load and replicate), with and without post-index.
 *
 * Decoded fields: rd = Vt, rn = base, rm = Xm of the register
 * post-index; the rest in struct insn_vldst (cpu.h).
 *
 * Loads gather into copies of the registers and commit only when every
 * access succeeded, so a fault leaves the registers alone.
 */
#include <string.h>

#include "cpu.h"
#include "fpsimd/fpsimd.h"
#include "mem.h"

enum simd_post { POST_NONE, POST_IMM, POST_REG };

static int simd_base(struct cpu_state *cpu, const struct insn *in, uint64_t *addr)
{
	return ldst_base(cpu, in, in->rn, addr);
}

static void simd_post(struct cpu_state *cpu, const struct insn *in, uint64_t base)
{
	if (in->vldst.post == POST_IMM)
		cpu->r[in->rn] = base + in->vldst.post_imm;
	else if (in->vldst.post == POST_REG)
		cpu->r[in->rn] = base + cpu->r[in->rm];
}

static inline void lane_set(union vreg *v, unsigned int esz, unsigned int idx,
			    uint64_t val)
{
	switch (esz) {
	case 0:
		v->b[idx] = (uint8_t)val;
		break;
	case 1:
		v->h[idx] = (uint16_t)val;
		break;
	case 2:
		v->s[idx] = (uint32_t)val;
		break;
	default:
		v->d[idx] = val;
		break;
	}
}

static inline uint64_t lane_get(const union vreg *v, unsigned int esz, unsigned int idx)
{
	switch (esz) {
	case 0:
		return v->b[idx];
	case 1:
		return v->h[idx];
	case 2:
		return v->s[idx];
	default:
		return v->d[idx];
	}
}

/*
 * One transfer of the multiple-structure forms (C7.2.165 LD1 ...):
 * for each register group r, element e, structure element s, lane e of
 * the (r + s)th register of the list, regs[r + s] here. LD1/ST1
 * (selem 1) move whole registers.
 */
static int simd_multi(struct cpu_state *cpu, const struct insn *in, bool load,
		      union vreg *const regs[4])
{
	unsigned int esz = in->vldst.size, selem = in->vldst.selem, rpt = in->vldst.rpt;
	unsigned int ebytes = 1u << esz, bytes = in->vldst.q ? 16 : 8;
	unsigned int elems = bytes / ebytes, r, e, s;
	uint64_t pc = insn_pc(cpu, in), base, addr, val[2];
	int ret = simd_base(cpu, in, &base);

	if (ret)
		return ret;
	addr = base;
	for (r = 0; r < rpt && selem == 1; r++, addr += bytes) {
		/* Alignment (SCTLR.A, Device) is per element (B2.5.2). */
		if (load)
			ret = mem_read(cpu, pc, addr, bytes, val, MEM_UNIT(esz));
		else
			ret = mem_write(cpu, pc, addr, bytes, regs[r]->d, MEM_UNIT(esz));
		if (ret)
			return ret;
		if (load) {
			regs[r]->d[0] = val[0];
			regs[r]->d[1] = in->vldst.q ? val[1] : 0;
		}
	}
	for (r = 0; r < rpt && selem > 1; r++)
		for (e = 0; e < elems; e++)
			for (s = 0; s < selem; s++, addr += ebytes) {
				if (load) {
					ret = mem_read(cpu, pc, addr, ebytes, val, 0);
					if (!ret)
						lane_set(regs[r + s], esz, e, val[0]);
				} else {
					val[0] = lane_get(regs[r + s], esz, e);
					ret = mem_write(cpu, pc, addr, ebytes, val, 0);
				}
				if (ret)
					return ret;
			}
	if (load && !in->vldst.q && selem > 1)
		for (s = 0; s < selem; s++)
			regs[s]->d[1] = 0;
	simd_post(cpu, in, base);
	return 0;
}

/* Registers of the list: at most 4, numbered modulo 32. */
static unsigned int simd_nregs(const struct insn *in)
{
	return (unsigned int)in->vldst.selem * in->vldst.rpt;
}

static int simd_ld_multi(struct cpu_state *cpu, const struct insn *in)
{
	union vreg tmp[4] = { 0 }, *regs[4] = { &tmp[0], &tmp[1], &tmp[2], &tmp[3] };
	unsigned int k;
	int ret;

	FP_CHECK(cpu, in);
	ret = simd_multi(cpu, in, true, regs);
	if (ret)
		return ret;
	for (k = 0; k < simd_nregs(in); k++)
		cpu->v[(in->rd + k) % 32] = tmp[k];
	return INSN_NEXT;
}

static int simd_st_multi(struct cpu_state *cpu, const struct insn *in)
{
	union vreg *regs[4];
	unsigned int k;
	int ret;

	FP_CHECK(cpu, in);
	for (k = 0; k < 4; k++)
		regs[k] = &cpu->v[(in->rd + k) % 32];
	ret = simd_multi(cpu, in, false, regs);
	return ret ? ret : INSN_NEXT;
}

/* LDn/STn single structure: lane c of registers t .. t+selem-1. */
static int simd_single(struct cpu_state *cpu, const struct insn *in, bool load)
{
	unsigned int esz = in->vldst.size, ebytes = 1u << esz, s;
	uint64_t pc = insn_pc(cpu, in), base, val[2], got[4];
	int ret = simd_base(cpu, in, &base);

	if (ret)
		return ret;
	for (s = 0; s < in->vldst.selem; s++) {
		union vreg *v = &cpu->v[(in->rd + s) % 32];

		if (load) {
			ret = mem_read(cpu, pc, base + s * ebytes, ebytes, val, 0);
			got[s] = val[0];
		} else {
			val[0] = lane_get(v, esz, in->vldst.index);
			ret = mem_write(cpu, pc, base + s * ebytes, ebytes, val, 0);
		}
		if (ret)
			return ret;
	}
	if (load)
		for (s = 0; s < in->vldst.selem; s++)
			lane_set(&cpu->v[(in->rd + s) % 32], esz, in->vldst.index, got[s]);
	simd_post(cpu, in, base);
	return INSN_NEXT;
}

static int simd_ld_single(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	return simd_single(cpu, in, true);
}

static int simd_st_single(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	return simd_single(cpu, in, false);
}

/* LDnR: one structure, each element replicated to every lane (C7.2.172). */
static int simd_ld_repl(struct cpu_state *cpu, const struct insn *in)
{
	unsigned int esz = in->vldst.size, ebytes = 1u << esz, lanes, s, e;
	uint64_t pc = insn_pc(cpu, in), base, val[2], got[4];
	int ret;

	FP_CHECK(cpu, in);
	ret = simd_base(cpu, in, &base);
	if (ret)
		return ret;
	for (s = 0; s < in->vldst.selem; s++) {
		ret = mem_read(cpu, pc, base + s * ebytes, ebytes, val, 0);
		if (ret)
			return ret;
		got[s] = val[0];
	}
	lanes = (in->vldst.q ? 16 : 8) / ebytes;
	for (s = 0; s < in->vldst.selem; s++) {
		union vreg *v = &cpu->v[(in->rd + s) % 32];

		v->d[1] = 0;
		for (e = 0; e < lanes; e++)
			lane_set(v, esz, e, got[s]);
	}
	simd_post(cpu, in, base);
	return INSN_NEXT;
}

/* The post-index of both classes: bit 23 set; Rm = 31 is the immediate. */
static void simd_decode_post(uint32_t raw, struct insn *out, uint64_t total)
{
	unsigned int rm = BITS(raw, 20, 16);

	if (!BIT(raw, 23))
		return;
	if (rm == 31) {
		out->vldst.post = POST_IMM;
		out->vldst.post_imm = total;
	} else {
		out->vldst.post = POST_REG;
		out->rm = reg_src(rm);
	}
}

/* opcode (15:12) -> rpt, selem; 0 for unallocated (C4.1.4). */
static int simd_decode_multi(uint32_t raw, struct insn *out)
{
	static const uint8_t rpt[16] = { 1, 0, 4, 0, 1, 0, 3, 1, 1, 0, 2 };
	static const uint8_t selem[16] = { 4, 0, 1, 0, 3, 0, 1, 1, 2, 0, 1 };
	unsigned int opcode = BITS(raw, 15, 12), size = BITS(raw, 11, 10);
	bool q = BIT(raw, 30), load = BIT(raw, 22);

	/* Post-index without writeback has bits 20:16 = 0 (no-offset form). */
	if (!BIT(raw, 23) && BITS(raw, 20, 16))
		return 0;
	if (BIT(raw, 21))
		return 0;
	if (!rpt[opcode] || (size == 3 && !q && selem[opcode] > 1))
		return 0;
	out->vldst.size = (uint8_t)size;
	out->vldst.selem = selem[opcode];
	out->vldst.rpt = rpt[opcode];
	out->vldst.q = q;
	out->rd = (uint8_t)BITS(raw, 4, 0);
	out->rn = reg_sp(BITS(raw, 9, 5));
	out->fn = load ? simd_ld_multi : simd_st_multi;
	simd_decode_post(raw, out, (uint64_t)rpt[opcode] * selem[opcode] * (q ? 16 : 8));
	return 0;
}

/* opcode (15:13), S (12), size (11:10): element size and lane (C7.2). */
static int simd_decode_single(uint32_t raw, struct insn *out)
{
	unsigned int opcode = BITS(raw, 15, 13), size = BITS(raw, 11, 10);
	unsigned int s = BIT(raw, 12), q = BIT(raw, 30), r = BIT(raw, 21);
	unsigned int scale = opcode >> 1, index = 0;
	bool load = BIT(raw, 22);
	insn_fn fn = load ? simd_ld_single : simd_st_single;

	if (!BIT(raw, 23) && BITS(raw, 20, 16))
		return 0;
	out->vldst.selem = (uint8_t)((((opcode & 1) << 1) | r) + 1);
	switch (scale) {
	case 3:
		if (!load || s)
			return 0;
		scale = size;
		fn = simd_ld_repl;
		break;
	case 0:
		index = (q << 3) | (s << 2) | size;
		break;
	case 1:
		if (size & 1)
			return 0;
		index = (q << 2) | (s << 1) | (size >> 1);
		break;
	default:
		if (size & 2)
			return 0;
		if (!(size & 1)) {
			index = (q << 1) | s;
		} else {
			if (s)
				return 0;
			index = q;
			scale = 3;
		}
		break;
	}
	out->fn = fn;
	out->vldst.size = (uint8_t)scale;
	out->vldst.index = (uint8_t)index;
	out->vldst.q = (uint8_t)q;
	out->rd = (uint8_t)BITS(raw, 4, 0);
	out->rn = reg_sp(BITS(raw, 9, 5));
	simd_decode_post(raw, out, (uint64_t)out->vldst.selem << scale);
	return 0;
}

int ldst_decode_simd(uint32_t raw, struct insn *out)
{
	if (BIT(raw, 24))
		return simd_decode_single(raw, out);
	return simd_decode_multi(raw, out);
}
