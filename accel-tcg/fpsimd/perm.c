// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD table lookup (TBL, TBX), permute (UZP1/2, TRN1/2, ZIP1/2) and
 * extract (EXT): ARM ARM C4.1.6, semantics C7.2.
 *
 * insn fields: a = element size, b = element count (bytes for TBL/EXT),
 * c = part (1: the "2" forms) / table length in registers (TBL) / TBX,
 * imm = EXT byte position.
 */
#include "fpsimd.h"

static int h_tbl(struct cpu_state *cpu, const struct insn *in)
{
	unsigned int nregs = in->c & 7, i;
	unsigned int limit = 16 * nregs;
	const union vreg *idx = &cpu->v[in->rm];
	union vreg r = cpu->v[in->rd];

	FP_CHECK(cpu, in);
	for (i = 0; i < in->b; i++) {
		unsigned int k = idx->b[i];

		if (k < limit)
			r.b[i] = cpu->v[(in->rn + k / 16) % 32].b[k % 16];
		else if (!(in->c & 8))	/* TBL: out of range reads 0, TBX keeps */
			r.b[i] = 0;
	}
	vec_write(cpu, in->rd, &r, in->b);
	return INSN_NEXT;
}

int decode_simd_tbl(uint32_t raw, struct insn *out)
{
	unsigned int q = (raw >> 30) & 1, len = (raw >> 13) & 3, op = (raw >> 12) & 1;

	if ((raw >> 22) & 3)
		return fp_undef(out);
	fp_insn(out, h_tbl, raw);
	out->b = (uint8_t)(8u << q);
	out->c = (uint8_t)((len + 1) | (op << 3));
	return 0;
}

static int h_uzp(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *src[2] = { &cpu->v[in->rn], &cpu->v[in->rm] };
	unsigned int n = in->b, esz = in->a, i;
	union vreg r;

	FP_CHECK(cpu, in);
	for (i = 0; i < n; i++) {
		unsigned int k = 2 * i + in->c;

		vec_set(&r, esz, i, vec_get(src[k >= n], esz, k % n));
	}
	vec_write(cpu, in->rd, &r, n << esz);
	return INSN_NEXT;
}

static int h_trn(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn], *vm = &cpu->v[in->rm];
	unsigned int n = in->b, esz = in->a, i;
	union vreg r;

	FP_CHECK(cpu, in);
	for (i = 0; i < n; i += 2) {
		vec_set(&r, esz, i, vec_get(vn, esz, i + in->c));
		vec_set(&r, esz, i + 1, vec_get(vm, esz, i + in->c));
	}
	vec_write(cpu, in->rd, &r, n << esz);
	return INSN_NEXT;
}

static int h_zip(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn], *vm = &cpu->v[in->rm];
	unsigned int n = in->b, esz = in->a, i, base = in->c * n / 2;
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
	unsigned int q = (raw >> 30) & 1, size = (raw >> 22) & 3;
	unsigned int opcode = (raw >> 12) & 7;

	if (!ops[opcode & 3] || (size == 3 && !q))
		return fp_undef(out);
	fp_insn(out, ops[opcode & 3], raw);
	out->a = (uint8_t)size;
	out->b = (uint8_t)((8u << q) >> size);
	out->c = (uint8_t)(opcode >> 2);
	return 0;
}

static int h_ext(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn], *vm = &cpu->v[in->rm];
	unsigned int n = in->b, i;
	union vreg r;

	FP_CHECK(cpu, in);
	for (i = 0; i < n; i++) {
		unsigned int k = i + (unsigned int)in->imm;

		r.b[i] = k < n ? vn->b[k] : vm->b[k - n];
	}
	vec_write(cpu, in->rd, &r, n);
	return INSN_NEXT;
}

int decode_simd_ext(uint32_t raw, struct insn *out)
{
	unsigned int q = (raw >> 30) & 1, imm4 = (raw >> 11) & 15;

	if ((raw >> 22) & 3 || (!q && (imm4 & 8)))
		return fp_undef(out);
	fp_insn(out, h_ext, raw);
	out->b = (uint8_t)(8u << q);
	out->imm = imm4;
	return 0;
}
