// SPDX-License-Identifier: GPL-2.0
/*
 * decode_fpsimd: the "Data Processing -- Scalar Floating-Point and
 * Advanced SIMD" encoding space (op0 = x111, ARM ARM C4.1.6), split into
 * its groups by the fixed bits of each group's encoding diagram, and the
 * CPACR_EL1.FPEN access check shared with the SIMD&FP loads/stores.
 */
#include "fpsimd.h"

struct fp_group {
	uint32_t mask;
	uint32_t value;
	int (*decode)(uint32_t raw, struct insn *out);
};

/*
 * ARM ARM C4.1.6 table, ARMv8.0 groups only (no crypto: ID_AA64ISAR0 does
 * not advertise it; no FP16 or v8.1+ "three same extra": undefined).
 * Order matters where one group's pattern is a subset of another's:
 * modified immediate (immh == 0) before shift by immediate.
 */
static const struct fp_group fp_groups[] = {
	{ 0x9f200400, 0x0e200400, decode_simd_three_same },
	{ 0x9f200c00, 0x0e200000, decode_simd_three_diff },
	{ 0x9f3e0c00, 0x0e200800, decode_simd_two_misc },
	{ 0x9f3e0c00, 0x0e300800, decode_simd_across },
	{ 0x9fe08400, 0x0e000400, decode_simd_copy },
	{ 0x9f000400, 0x0f000000, decode_simd_indexed },
	{ 0x9ff80400, 0x0f000400, decode_simd_modimm },
	{ 0x9f800400, 0x0f000400, decode_simd_shift },
	{ 0xbf208c00, 0x0e000000, decode_simd_tbl },
	{ 0xbf208c00, 0x0e000800, decode_simd_permute },
	{ 0xbf208400, 0x2e000000, decode_simd_ext },
	/* Scalar forms: bit 30 = 1, bit 28 = 1. */
	{ 0xdf200400, 0x5e200400, decode_simd_three_same },
	{ 0xdf200c00, 0x5e200000, decode_simd_three_diff },
	{ 0xdf3e0c00, 0x5e200800, decode_simd_two_misc },
	{ 0xdf3e0c00, 0x5e300800, decode_simd_pairwise },
	{ 0xdfe08400, 0x5e000400, decode_simd_copy },
	{ 0xdf000400, 0x5f000000, decode_simd_indexed },
	{ 0xdf800400, 0x5f000400, decode_simd_shift },
};

int decode_fpsimd(uint32_t raw, struct insn *out)
{
	size_t i;

	out->raw = raw;
	/* Bit 28 set with bit 30 clear: the scalar floating-point groups. */
	if (BIT(raw, 28) && !BIT(raw, 30))
		return decode_fp_scalar(raw, out);
	for (i = 0; i < sizeof(fp_groups) / sizeof(fp_groups[0]); i++) {
		if ((raw & fp_groups[i].mask) == fp_groups[i].value)
			return fp_groups[i].decode(raw, out);
	}
	return fp_undef(out);
}

/*
 * ESR ISS for EC 0x07 as taken from AArch64: CV = 1, COND = 0b1110
 * (ARM ARM D17.2.37, "ISS encoding for an exception from an access to
 * SVE, Advanced SIMD or floating-point functionality"), as QEMU reports.
 */
#define FP_TRAP_ISS	((1u << 24) | (0xeu << 20))

int fp_access_check(struct cpu_state *cpu, const struct insn *in)
{
	if (fp_access_ok(cpu))
		return 0;
	return exc_take_sync(cpu, insn_pc(cpu, in), EC_FP_ACCESS, FP_TRAP_ISS);
}
