// SPDX-License-Identifier: GPL-2.0
/*
 * Byte-lane fast paths for the AdvSIMD instructions in glibc's string
 * loops (ADDP, UMAXP, UMINP, CMHS, CMHI on .8b/.16b; SHRN .8b from .8h), computed 64
 * bits at a time with carry-free SWAR arithmetic. Same results as the
 * generic handlers of fpsimd_same.c/fpsimd_shift.c, which the decoders
 * use for every other size.
 */
#include "fpsimd.h"

#define EVEN_BYTES	0x00ff00ff00ff00ffull

/* Four 16-bit lanes, each <= 0xff, packed into the low 4 bytes. */
static uint64_t pack16to8(uint64_t s)
{
	s = (s | (s >> 8)) & 0x0000ffff0000ffffull;
	return (s | (s >> 16)) & 0xffffffffull;
}

/* Per 16-bit lane: all ones where a >= b (a, b <= 0xff). */
static uint64_t ge_mask(uint64_t a, uint64_t b)
{
	uint64_t d = (a | 0x0100010001000100ull) - b;

	return ((d >> 8) & 0x0001000100010001ull) * 0xffff;
}

static uint64_t pair_addp(uint64_t w)
{
	return pack16to8(((w & EVEN_BYTES) + ((w >> 8) & EVEN_BYTES)) & EVEN_BYTES);
}

static uint64_t pair_umax(uint64_t w)
{
	uint64_t a = w & EVEN_BYTES, b = (w >> 8) & EVEN_BYTES, m = ge_mask(a, b);

	return pack16to8((a & m) | (b & ~m));
}

static uint64_t pair_umin(uint64_t w)
{
	uint64_t a = w & EVEN_BYTES, b = (w >> 8) & EVEN_BYTES, m = ge_mask(a, b);

	return pack16to8((b & m) | (a & ~m));
}

/* Pairwise over Vm:Vn: each 64-bit source lane gives 4 result bytes. */
static int pair_bytes(struct cpu_state *cpu, const struct insn *in,
		      uint64_t (*pair)(uint64_t))
{
	const union vreg *vn = &cpu->v[in->rn], *vm = &cpu->v[in->rm];
	uint64_t lo, hi;

	FP_CHECK(cpu, in);
	if (in->vec.bytes == 16) {
		lo = pair(vn->d[0]) | (pair(vn->d[1]) << 32);
		hi = pair(vm->d[0]) | (pair(vm->d[1]) << 32);
	} else {
		lo = pair(vn->d[0]) | (pair(vm->d[0]) << 32);
		hi = 0;
	}
	cpu->v[in->rd].d[0] = lo;
	cpu->v[in->rd].d[1] = hi;
	return INSN_NEXT;
}

int simd_addp_b(struct cpu_state *cpu, const struct insn *in)
{
	return pair_bytes(cpu, in, pair_addp);
}

int simd_umaxp_b(struct cpu_state *cpu, const struct insn *in)
{
	return pair_bytes(cpu, in, pair_umax);
}

int simd_uminp_b(struct cpu_state *cpu, const struct insn *in)
{
	return pair_bytes(cpu, in, pair_umin);
}

/* Per byte: all ones where a >= b (unsigned), from the 16-bit lane test on each half. */
static uint64_t bytes_ge(uint64_t a, uint64_t b)
{
	uint64_t even = ge_mask(a & EVEN_BYTES, b & EVEN_BYTES) & EVEN_BYTES;
	uint64_t odd = ge_mask((a >> 8) & EVEN_BYTES, (b >> 8) & EVEN_BYTES) & EVEN_BYTES;

	return even | odd << 8;
}

/* CMHS/CMHI on bytes: Vd = per byte Vn >= Vm (hi: Vn > Vm, that is NOT Vm >= Vn). */
static int cmp_bytes(struct cpu_state *cpu, const struct insn *in, bool hi)
{
	const union vreg *vn = &cpu->v[in->rn], *vm = &cpu->v[in->rm];
	uint64_t r[2] = { 0, 0 };
	unsigned int i;

	FP_CHECK(cpu, in);
	for (i = 0; i < in->vec.elements / 8u; i++)
		r[i] = hi ? ~bytes_ge(vm->d[i], vn->d[i]) : bytes_ge(vn->d[i], vm->d[i]);
	cpu->v[in->rd].d[0] = r[0];
	cpu->v[in->rd].d[1] = r[1];
	return INSN_NEXT;
}

int simd_cmhs_b(struct cpu_state *cpu, const struct insn *in)
{
	return cmp_bytes(cpu, in, false);
}

int simd_cmhi_b(struct cpu_state *cpu, const struct insn *in)
{
	return cmp_bytes(cpu, in, true);
}

/* SHRN Vd.8b, Vn.8h, #sh (1..8): halfwords shifted, low bytes kept. */
static uint64_t shrn_lane(uint64_t w, unsigned int sh)
{
	uint64_t keep = (0xffffull >> sh) * 0x0001000100010001ull;

	return pack16to8((w >> sh) & keep & EVEN_BYTES);
}

int simd_shrn_b(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn];
	unsigned int sh = in->vec.shift;
	uint64_t r = shrn_lane(vn->d[0], sh) | (shrn_lane(vn->d[1], sh) << 32);

	FP_CHECK(cpu, in);
	if (in->vec.upper) {		/* SHRN2: the upper half, the lower one kept */
		cpu->v[in->rd].d[1] = r;
	} else {
		cpu->v[in->rd].d[0] = r;
		cpu->v[in->rd].d[1] = 0;
	}
	return INSN_NEXT;
}
