// SPDX-License-Identifier: GPL-2.0
/*
 * Integer element helpers shared by the AdvSIMD groups: saturation
 * (SignedSatQ/UnsignedSatQ, ARM ARM J1 shared pseudocode, which set
 * FPSR.QC), shifts by a signed register count (SSHL, USHL, SRSHL,
 * URSHL, SQSHL, UQSHL, SQRSHL, UQRSHL) and polynomial multiply (PMUL).
 * Intermediates are 128-bit so that 64-bit elements never overflow.
 */
#include "fpsimd.h"

uint64_t sat_signed(struct cpu_state *cpu, __int128 v, unsigned int esz)
{
	unsigned int bits = 8u << esz;
	__int128 max = ((__int128)1 << (bits - 1)) - 1, min = -max - 1;

	if (v > max) {
		cpu->fpsr |= FPSR_QC;
		v = max;
	} else if (v < min) {
		cpu->fpsr |= FPSR_QC;
		v = min;
	}
	return (uint64_t)v & esz_mask(esz);
}

uint64_t sat_unsigned(struct cpu_state *cpu, __int128 v, unsigned int esz)
{
	__int128 max = (__int128)esz_mask(esz);

	if (v > max) {
		cpu->fpsr |= FPSR_QC;
		v = max;
	} else if (v < 0) {
		cpu->fpsr |= FPSR_QC;
		v = 0;
	}
	return (uint64_t)v;
}

static uint64_t shl_left(struct cpu_state *cpu, __int128 v, int sh,
			 unsigned int esz, unsigned int flags)
{
	unsigned int bits = 8u << esz;

	if (!(flags & SHL_SAT))
		return sh >= (int)bits ? 0 : ((uint64_t)v << sh) & esz_mask(esz);
	if (sh >= (int)bits) {
		if (v == 0)
			return 0;
		v = v < 0 ? -((__int128)1 << 100) : ((__int128)1 << 100);
	} else if (!(flags & SHL_SIGNED) && sh && (v >> (bits - sh))) {
		v = (__int128)1 << 100;	/* bits shifted out: saturates */
	} else {
		/* Signed: |v| < 2^63 and sh < 64, so it fits in 127 bits. */
		v = (__int128)((unsigned __int128)v << sh);
	}
	if (flags & SHL_SIGNED)
		return sat_signed(cpu, v, esz);
	return sat_unsigned(cpu, v, esz);
}

static uint64_t shl_right(__int128 v, int rs, unsigned int esz, unsigned int flags)
{
	unsigned int bits = 8u << esz;

	if (flags & SHL_ROUND) {
		/* Beyond the element width the rounded result is always 0. */
		if (rs > (int)bits)
			return 0;
		v = (v + ((__int128)1 << (rs - 1))) >> rs;
		return (uint64_t)v & esz_mask(esz);
	}
	if (rs >= (int)bits)
		return v < 0 ? esz_mask(esz) : 0;
	return (uint64_t)(v >> rs) & esz_mask(esz);
}

uint64_t simd_shl_elem(struct cpu_state *cpu, uint64_t x, int8_t sh,
		       unsigned int esz, unsigned int flags)
{
	__int128 v;

	if (flags & SHL_SIGNED)
		v = esz_sext(x, esz);
	else
		v = x & esz_mask(esz);
	if (sh >= 0)
		return shl_left(cpu, v, sh, esz, flags);
	return shl_right(v, -sh, esz, flags);
}

/* Carry-less product of two bytes, low 8 bits (PMUL, ARM ARM J1 PolynomialMult). */
uint64_t poly_mul8(uint64_t x, uint64_t y)
{
	uint64_t r = 0;
	unsigned int i;

	for (i = 0; i < 8; i++)
		if (y & (1u << i))
			r ^= x << i;
	return r & 0xff;
}
