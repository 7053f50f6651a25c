// SPDX-License-Identifier: GPL-2.0
/*
 * Data processing - 1 source (RBIT, REV*, CLZ, CLS), 2 source (UDIV,
 * SDIV, LSLV/LSRV/ASRV/RORV, CRC32/CRC32C) and 3 source (MADD/MSUB and
 * the long and high multiplies). ARM ARM C4.1.95 and C6.2.
 */
#include "a64.h"
#include "cpu.h"
#include "dp_reg.h"

/* ---- 2 source ---- */

/* Division by zero gives 0; INT_MIN / -1 gives INT_MIN (C6.2 SDIV). */
int dpr_udiv64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t m = cpu->r[in->rm];

	cpu->r[in->rd] = m ? cpu->r[in->rn] / m : 0;
	return INSN_NEXT;
}

int dpr_udiv32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t m = (uint32_t)cpu->r[in->rm];

	cpu->r[in->rd] = m ? (uint32_t)cpu->r[in->rn] / m : 0;
	return INSN_NEXT;
}

int dpr_sdiv64(struct cpu_state *cpu, const struct insn *in)
{
	int64_t n = (int64_t)cpu->r[in->rn], m = (int64_t)cpu->r[in->rm];

	if (!m)
		cpu->r[in->rd] = 0;
	else if (m == -1)
		cpu->r[in->rd] = -(uint64_t)n;
	else
		cpu->r[in->rd] = (uint64_t)(n / m);
	return INSN_NEXT;
}

int dpr_sdiv32(struct cpu_state *cpu, const struct insn *in)
{
	int32_t n = (int32_t)cpu->r[in->rn], m = (int32_t)cpu->r[in->rm];

	if (!m)
		cpu->r[in->rd] = 0;
	else if (m == -1)
		cpu->r[in->rd] = (uint32_t)-(uint32_t)n;
	else
		cpu->r[in->rd] = (uint32_t)(n / m);
	return INSN_NEXT;
}

/* Variable shifts: the amount is Rm modulo the data size. */
int dpr_shiftv64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_shift64(cpu->r[in->rn], in->dp.shift, cpu->r[in->rm] & 63);
	return INSN_NEXT;
}

int dpr_shiftv32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_shift32((uint32_t)cpu->r[in->rn], in->dp.shift,
				     cpu->r[in->rm] & 31);
	return INSN_NEXT;
}

/*
 * CRC32/CRC32C (C6.2.75, C6.2.76): the bit-reflected CRC of the low
 * bytes of Rm onto the 32-bit accumulator Wn, no pre/post inversion.
 */
static int dpr_crc32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t crc = (uint32_t)cpu->r[in->rn], poly = (uint32_t)in->dp.poly;
	uint64_t data = cpu->r[in->rm];
	unsigned int i, bit;

	for (i = 0; i < in->dp.bytes; i++) {
		crc ^= (uint8_t)(data >> (8 * i));
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (poly & (0u - (crc & 1)));
	}
	cpu->r[in->rd] = crc;
	return INSN_NEXT;
}

int decode_dp_2src(uint32_t raw, struct insn *out)
{
	unsigned int sf = BIT(raw, 31), opcode = BITS(raw, 15, 10);

	if (BIT(raw, 29))
		return 0;
	out->sf = (uint8_t)sf;
	out->rd = reg_dst(BITS(raw, 4, 0));
	out->rn = reg_src(BITS(raw, 9, 5));
	out->rm = reg_src(BITS(raw, 20, 16));
	if (opcode == 2 || opcode == 3) {
		if (opcode == 2)
			out->fn = sf ? dpr_udiv64 : dpr_udiv32;
		else
			out->fn = sf ? dpr_sdiv64 : dpr_sdiv32;
	} else if ((opcode & 0x3c) == 0x08) {
		out->dp.shift = (uint8_t)(opcode & 3);
		out->fn = sf ? dpr_shiftv64 : dpr_shiftv32;
	} else if ((opcode & 0x38) == 0x10) {
		/* Only CRC32X/CRC32CX (size 3) take a 64-bit Rm. */
		if ((sf != 0) != ((opcode & 3) == 3))
			return 0;
		out->dp.bytes = (uint8_t)(1u << (opcode & 3));
		out->dp.poly = opcode & 4 ? 0x82f63b78u : 0xedb88320u;
		out->fn = dpr_crc32;
	}
	return 0;
}

/* ---- 1 source ---- */

static uint64_t bswap16x4(uint64_t v)
{
	return ((v & 0x00ff00ff00ff00ffull) << 8) | ((v >> 8) & 0x00ff00ff00ff00ffull);
}

int dpr_rbit64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t v = cpu->r[in->rn];

	v = ((v >> 1) & 0x5555555555555555ull) | ((v & 0x5555555555555555ull) << 1);
	v = ((v >> 2) & 0x3333333333333333ull) | ((v & 0x3333333333333333ull) << 2);
	v = ((v >> 4) & 0x0f0f0f0f0f0f0f0full) | ((v & 0x0f0f0f0f0f0f0f0full) << 4);
	cpu->r[in->rd] = __builtin_bswap64(v);
	return INSN_NEXT;
}

int dpr_rbit32(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t v = (uint64_t)(uint32_t)cpu->r[in->rn] << 32;

	v = ((v >> 1) & 0x5555555555555555ull) | ((v & 0x5555555555555555ull) << 1);
	v = ((v >> 2) & 0x3333333333333333ull) | ((v & 0x3333333333333333ull) << 2);
	v = ((v >> 4) & 0x0f0f0f0f0f0f0f0full) | ((v & 0x0f0f0f0f0f0f0f0full) << 4);
	cpu->r[in->rd] = __builtin_bswap64(v);
	return INSN_NEXT;
}

/* REV16, REV32, REV: container_size 16, 32, 64, over the data size. */
int dpr_rev(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t v = cpu->r[in->rn];

	switch (in->dp.container) {
	case 16:
		v = bswap16x4(v);
		break;
	case 32:
		v = __builtin_bswap64(v);
		v = (v >> 32) | (v << 32);
		break;
	default:
		v = __builtin_bswap64(v);
		break;
	}
	cpu->r[in->rd] = in->sf ? v : (uint32_t)v;
	return INSN_NEXT;
}

int dpr_clz64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t v = cpu->r[in->rn];

	cpu->r[in->rd] = v ? (uint64_t)__builtin_clzll(v) : 64;
	return INSN_NEXT;
}

int dpr_clz32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t v = (uint32_t)cpu->r[in->rn];

	cpu->r[in->rd] = v ? (uint64_t)__builtin_clz(v) : 32;
	return INSN_NEXT;
}

/* CLS: leading bits equal to the sign bit, not counting it. */
static int dpr_cls64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t v = cpu->r[in->rn];
	uint64_t x = (v ^ (v << 1)) | 1;

	cpu->r[in->rd] = (uint64_t)__builtin_clzll(x);
	return INSN_NEXT;
}

static int dpr_cls32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t v = (uint32_t)cpu->r[in->rn];
	uint32_t x = (v ^ (v << 1)) | 1;

	cpu->r[in->rd] = (uint64_t)__builtin_clz(x);
	return INSN_NEXT;
}

int decode_dp_1src(uint32_t raw, struct insn *out)
{
	unsigned int sf = BIT(raw, 31), opcode = BITS(raw, 15, 10);

	if (BIT(raw, 29) || BITS(raw, 20, 16))
		return 0;	/* opcode2 != 0: PAC, not in v8.0 */
	out->sf = (uint8_t)sf;
	out->rd = reg_dst(BITS(raw, 4, 0));
	out->rn = reg_src(BITS(raw, 9, 5));
	switch (opcode) {
	case 0:
		out->fn = sf ? dpr_rbit64 : dpr_rbit32;
		break;
	case 1:
		out->dp.container = 16;
		out->fn = dpr_rev;
		break;
	case 2:		/* REV32 (64-bit); REV (32-bit) is the same operation */
		out->dp.container = 32;
		out->fn = dpr_rev;
		break;
	case 3:
		if (sf) {
			out->dp.container = 64;
			out->fn = dpr_rev;
		}
		break;
	case 4:
		out->fn = sf ? dpr_clz64 : dpr_clz32;
		break;
	case 5:
		out->fn = sf ? dpr_cls64 : dpr_cls32;
		break;
	default:
		break;
	}
	return 0;
}

/* ---- 3 source ---- */

int dpr_madd64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->ra] + cpu->r[in->rn] * cpu->r[in->rm];
	return INSN_NEXT;
}

int dpr_msub64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->ra] - cpu->r[in->rn] * cpu->r[in->rm];
	return INSN_NEXT;
}

int dpr_madd32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)(cpu->r[in->ra] + cpu->r[in->rn] * cpu->r[in->rm]);
	return INSN_NEXT;
}

int dpr_msub32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)(cpu->r[in->ra] - cpu->r[in->rn] * cpu->r[in->rm]);
	return INSN_NEXT;
}

/* SMADDL/SMSUBL/UMADDL/UMSUBL (C6.2.283, C6.2.376). */
static int dpr_maddl(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t n = cpu->r[in->rn], m = cpu->r[in->rm], p;

	if (in->dp.is_signed)
		p = (uint64_t)((int64_t)(int32_t)n * (int64_t)(int32_t)m);
	else
		p = (uint64_t)(uint32_t)n * (uint32_t)m;
	cpu->r[in->rd] = in->dp.sub ? cpu->r[in->ra] - p : cpu->r[in->ra] + p;
	return INSN_NEXT;
}

static int dpr_smulh(struct cpu_state *cpu, const struct insn *in)
{
	__int128 p = (__int128)(int64_t)cpu->r[in->rn] * (int64_t)cpu->r[in->rm];

	cpu->r[in->rd] = (uint64_t)(p >> 64);
	return INSN_NEXT;
}

static int dpr_umulh(struct cpu_state *cpu, const struct insn *in)
{
	unsigned __int128 p = (unsigned __int128)cpu->r[in->rn] * cpu->r[in->rm];

	cpu->r[in->rd] = (uint64_t)(p >> 64);
	return INSN_NEXT;
}

int decode_dp_3src(uint32_t raw, struct insn *out)
{
	unsigned int sf = BIT(raw, 31), op31 = BITS(raw, 23, 21), o0 = BIT(raw, 15);

	if (BITS(raw, 30, 29))
		return 0;
	out->sf = (uint8_t)sf;
	out->rd = reg_dst(BITS(raw, 4, 0));
	out->rn = reg_src(BITS(raw, 9, 5));
	out->rm = reg_src(BITS(raw, 20, 16));
	out->ra = reg_src(BITS(raw, 14, 10));

	if (op31 == 0) {
		if (sf)
			out->fn = o0 ? dpr_msub64 : dpr_madd64;
		else
			out->fn = o0 ? dpr_msub32 : dpr_madd32;
		return 0;
	}
	if (!sf)
		return 0;
	switch (op31) {
	case 1:
	case 5:
		out->dp.is_signed = op31 == 1;
		out->dp.sub = (uint8_t)o0;
		out->fn = dpr_maddl;
		break;
	case 2:
		if (!o0)
			out->fn = dpr_smulh;
		break;
	case 6:
		if (!o0)
			out->fn = dpr_umulh;
		break;
	default:
		break;
	}
	return 0;
}
