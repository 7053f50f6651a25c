// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD table lookup (TBL, TBX), permute (UZP1/2, TRN1/2, ZIP1/2) and
 * extract (EXT): ARM ARM C4.1.6, semantics C7.2.
 *
 * insn fields: struct insn_vec (cpu.h).
 */
#include "fpsimd.h"

static int h_tbl(struct cpu_state *cpu, const struct insn *in)
{
	unsigned int nregs = in->vec.nregs, i;
	unsigned int limit = 16 * nregs;
	const union vreg *idx = &cpu->v[in->rm];
	union vreg r = cpu->v[in->rd];

	FP_CHECK(cpu, in);
	for (i = 0; i < in->vec.bytes; i++) {
		unsigned int k = idx->b[i];

		if (k < limit)
			r.b[i] = cpu->v[(in->rn + k / 16) % 32].b[k % 16];
		else if (!in->vec.tbx)	/* TBL: out of range reads 0, TBX keeps */
			r.b[i] = 0;
	}
	vec_write(cpu, in->rd, &r, in->vec.bytes);
	return INSN_NEXT;
}

int decode_simd_tbl(uint32_t raw, struct insn *out)
{
	unsigned int q = BIT(raw, 30), len = BITS(raw, 14, 13), op = BIT(raw, 12);

	if (BITS(raw, 23, 22))
		return fp_undef(out);
	fp_insn(out, h_tbl, raw);
	out->vec.bytes = (uint8_t)(8u << q);
	out->vec.nregs = (uint8_t)(len + 1);
	out->vec.tbx = (uint8_t)op;
	return 0;
}

static int h_uzp(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *src[2] = { &cpu->v[in->rn], &cpu->v[in->rm] };
	unsigned int n = in->vec.elements, esz = in->vec.esz, i;
	union vreg r;

	FP_CHECK(cpu, in);
	for (i = 0; i < n; i++) {
		unsigned int k = 2 * i + in->vec.part;

		vec_set(&r, esz, i, vec_get(src[k >= n], esz, k % n));
	}
	vec_write(cpu, in->rd, &r, n << esz);
	return INSN_NEXT;
}

static int h_trn(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn], *vm = &cpu->v[in->rm];
	unsigned int n = in->vec.elements, esz = in->vec.esz, i;
	union vreg r;

	FP_CHECK(cpu, in);
	for (i = 0; i < n; i += 2) {
		vec_set(&r, esz, i, vec_get(vn, esz, i + in->vec.part));
		vec_set(&r, esz, i + 1, vec_get(vm, esz, i + in->vec.part));
	}
	vec_write(cpu, in->rd, &r, n << esz);
	return INSN_NEXT;
}

static int h_zip(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn], *vm = &cpu->v[in->rm];
	unsigned int n = in->vec.elements, esz = in->vec.esz, i, base = in->vec.part * n / 2;
	union vreg r;

	FP_CHECK(cpu, in);
	for (i = 0; i < n / 2; i++) {
		vec_set(&r, esz, 2 * i, vec_get(vn, esz, base + i));
		vec_set(&r, esz, 2 * i + 1, vec_get(vm, esz, base + i));
	}
	vec_write(cpu, in->rd, &r, n << esz);
	return INSN_NEXT;
}

int decode_simd_permute(uint32_t raw, struct insn *out)
{
	static const insn_fn ops[4] = { NULL, h_uzp, h_trn, h_zip };
	unsigned int q = BIT(raw, 30), size = BITS(raw, 23, 22);
	unsigned int opcode = BITS(raw, 14, 12);

	if (!ops[opcode & 3] || (size == 3 && !q))
		return fp_undef(out);
	fp_insn(out, ops[opcode & 3], raw);
	out->vec.esz = (uint8_t)size;
	out->vec.elements = (uint8_t)((8u << q) >> size);
	out->vec.part = (uint8_t)(opcode >> 2);
	return 0;
}

static int h_ext(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn], *vm = &cpu->v[in->rm];
	unsigned int n = in->vec.bytes, i;
	union vreg r;

	FP_CHECK(cpu, in);
	for (i = 0; i < n; i++) {
		unsigned int k = i + in->vec.pos;

		r.b[i] = k < n ? vn->b[k] : vm->b[k - n];
	}
	vec_write(cpu, in->rd, &r, n);
	return INSN_NEXT;
}

int decode_simd_ext(uint32_t raw, struct insn *out)
{
	unsigned int q = BIT(raw, 30), imm4 = BITS(raw, 14, 11);

	if (BITS(raw, 23, 22) || (!q && (imm4 & 8)))
		return fp_undef(out);
	fp_insn(out, h_ext, raw);
	out->vec.bytes = (uint8_t)(8u << q);
	out->vec.pos = imm4;
	return 0;
}
