// SPDX-License-Identifier: GPL-2.0
/*
 * The x86-64 tier against the portable tier: random instruction streams
 * (the integer forms the tier emits inline, flag setters, CSEL and its
 * siblings, a few forms it calls, loads and stores of every general
 * register form, and every direct branch as the block end, forwards and
 * backwards, taken or not) run on two identical CPUs, one block at a
 * time; after every block all registers, PC, NZCV, ESR/FAR/ELR and the
 * data memory must be equal. A small code buffer on the tier's side
 * makes it fill and flush along the way.
 *
 * Loads and stores take the inline TLB hit path and every way out of
 * it: the MMU off (one seed in three) or on, TLB misses (flushes),
 * non-global entries under a changing ASID with the mapping changed
 * behind the TLB, page crossings, SCTLR_EL1.A and .SA, an SP base not
 * 16-byte aligned, CPACR_EL1.FPEN, EL0 (one seed in six), and faults (wild and unmapped
 * addresses, FP traps), after which both CPUs go on at the next insn.
 * SIMD&FP registers are compared too.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "engine/engine.h"
#include "tcg_rig.h"
#include "jit-x86_64/jit.h"
#include "jit-x86_64/jit_priv.h"
#include "log.h"
#include "util.h"
#include "vm.h"

#define CODE_PA		RIG_RAM_BASE
#define DATA_PA		(RIG_RAM_BASE + 0x180000)
#define DATA_SIZE	0x4000
#define DATA_REG	28		/* holds DATA_PA; never a destination */
/*
 * Bases of the generated loads and stores, none of them a destination
 * of the other insns: WALK_REG moves with pre/post-index writeback and
 * is reset near a page boundary at each chunk; MAP_REG points into
 * RIG_MAPPED_VA, whose pages alias the data with non-global (nG) entries
 * when the MMU is on; IDX_REG is a small index for the register-offset forms;
 * CODE_REG points into the page of a stub block that runs first (a
 * branch to the program), so stores there drop blocks.
 */
#define WALK_REG	26
#define MAP_REG		25
#define IDX_REG		24
#define CODE_REG	23
#define STUB_PA		(DATA_PA + 0x40000)
#define STUB_SIZE	0x4000
#define MAP_PAGES	4		/* page MAP_PAGES of RIG_MAPPED_VA: unmapped */
#define LOOP_REG	27		/* the chained runs' loop counter; never a destination */
#define LOOPS		4
#define CHUNKS		200
#define CHUNK_MAX	24
#define JIT_BUF		8192		/* a few blocks: flushes often */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: reproducible from the seed printed on failure. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static uint32_t rbits(unsigned int n)
{
	return (uint32_t)(rnd() & ((1ull << n) - 1));
}

/* A destination field: any register but the bases above and LOOP_REG (31 is XZR or SP). */
static uint32_t rd_field(void)
{
	uint32_t r;

	do
		r = rbits(5);
	while ((r >= CODE_REG && r <= LOOP_REG) || r == DATA_REG);
	return r;
}

static uint32_t regs3(void)
{
	return rbits(5) << 16 | rbits(5) << 5 | rd_field();
}

static uint32_t gen_movewide(void)
{
	static const uint32_t opc[3] = { 0x12800000, 0x52800000, 0x72800000 };	/* N, Z, K */
	uint32_t sf = rbits(1);

	return sf << 31 | opc[rnd() % 3] | (sf ? rbits(2) : rbits(1)) << 21 |
	       rbits(16) << 5 | rd_field();
}

/* ADD/ADDS/SUB/SUBS (immediate), C6.2.4. */
static uint32_t gen_addsub_imm(void)
{
	return rbits(1) << 31 | rbits(2) << 29 | 0x11000000 | rbits(1) << 22 |
	       rbits(12) << 10 | rbits(5) << 5 | rd_field();
}

/* AND/ORR/EOR/ANDS (immediate) with valid bit masks (DecodeBitMasks). */
static uint32_t gen_logic_imm(void)
{
	uint32_t sf = rbits(1), n = sf, imms, immr;

	imms = sf ? (uint32_t)(rnd() % 63) : (uint32_t)(rnd() % 31);
	immr = sf ? rbits(6) : rbits(5);
	return sf << 31 | rbits(2) << 29 | 0x12000000 | n << 22 | immr << 16 |
	       imms << 10 | rbits(5) << 5 | rd_field();
}

/* Logical (shifted register), all opc and N, C6.2.x. */
static uint32_t gen_logic_reg(void)
{
	uint32_t sf = rbits(1), amount = rnd() % 3 ? 0 : (sf ? rbits(6) : rbits(5));

	return sf << 31 | rbits(2) << 29 | 0x0a000000 | rbits(2) << 22 | rbits(1) << 21 |
	       amount << 10 | regs3();
}

/* ADD/SUB (shifted register): LSL, LSR, ASR. */
static uint32_t gen_addsub_reg(void)
{
	uint32_t sf = rbits(1), amount = rnd() % 3 ? 0 : (sf ? rbits(6) : rbits(5));

	return sf << 31 | rbits(2) << 29 | 0x0b000000 | (uint32_t)(rnd() % 3) << 22 |
	       amount << 10 | regs3();
}

/* ADD/SUB (extended register): every option, shift 0..4. */
static uint32_t gen_addsub_ext(void)
{
	return rbits(1) << 31 | rbits(2) << 29 | 0x0b200000 | rbits(3) << 13 |
	       (uint32_t)(rnd() % 5) << 10 | regs3();
}

static uint32_t gen_adr(void)
{
	return rbits(1) << 31 | rbits(2) << 29 | 0x10000000 | rbits(19) << 5 | rd_field();
}

/* MADD and LSR #n (UBFM): once the called forms, both inline now; kept in the mix. */
static uint32_t gen_called(void)
{
	if (rnd() % 2)
		return 0x9b000000 | rbits(5) << 10 | regs3();
	return 0xd340fc00 | rbits(6) << 16 | rbits(5) << 5 | rd_field();
}

/* SBFM, UBFM (every immr/imms: LSL, LSR, ASR, UBFX, SBFX, extends...), BFM. */
static uint32_t gen_bitfield(void)
{
	uint32_t sf = rbits(1), bits = sf ? 6 : 5;

	return sf << 31 | (uint32_t)(rnd() % 3) << 29 | 0x13000000 | sf << 22 |
	       rbits(bits) << 16 | rbits(bits) << 10 | rbits(5) << 5 | rd_field();
}

/* EXTR, and ROR (Rn == Rm) every other time. */
static uint32_t gen_extr(void)
{
	uint32_t sf = rbits(1), rn = rbits(5), rm = rnd() % 2 ? rn : rbits(5);

	return sf << 31 | 0x13800000 | sf << 22 | rm << 16 | rbits(sf ? 6 : 5) << 10 |
	       rn << 5 | rd_field();
}

/* MADD, MSUB (MUL, MNEG when Ra is XZR), 32 and 64 bits. */
static uint32_t gen_madd(void)
{
	uint32_t ra = rnd() % 3 ? rbits(5) : 31;

	return rbits(1) << 31 | 0x1b000000 | rbits(1) << 15 | ra << 10 | regs3();
}

/* CSEL, CSINC, CSINV, CSNEG (C6.2.69 ...): sf, op, o2 and cond all random. */
static uint32_t gen_csel(void)
{
	return rbits(1) << 31 | rbits(1) << 30 | 0x1a800000 | rbits(4) << 12 |
	       rbits(1) << 10 | regs3();
}

/* LSLV, LSRV, ASRV, RORV: any Rm, so amounts past the size too. */
static uint32_t gen_shiftv(void)
{
	return rbits(1) << 31 | 0x1ac02000 | rbits(2) << 10 | regs3();
}

/* CCMP, CCMN (register and immediate, C6.2.54-C6.2.57): every cond and nzcv. */
static uint32_t gen_ccmp(void)
{
	return rbits(1) << 31 | rbits(1) << 30 | 0x3a400000 | rbits(5) << 16 |
	       rbits(4) << 12 | rbits(1) << 11 | rbits(5) << 5 | rbits(4);
}

/*
 * MRS/MSR of a plain system register (inline) and of one with hooks
 * (called), each allowed at EL0 too (the streams run at EL0 now and
 * then): TPIDR_EL0, TPIDRRO_EL0 and NZCV (MRS only: the loops need their
 * flags).
 */
static uint32_t gen_sysreg(void)
{
	static const uint32_t keys[] = {
		3 << 14 | 3 << 11 | 13 << 7 | 0 << 3 | 2,	/* TPIDR_EL0 */
		3 << 14 | 3 << 11 | 13 << 7 | 0 << 3 | 3,	/* TPIDRRO_EL0 */
		3 << 14 | 3 << 11 | 4 << 7 | 2 << 3 | 0,	/* NZCV */
	};
	unsigned int i = (unsigned int)(rnd() % 3);
	uint32_t mrs = i ? 1 : rbits(1);

	/* MRS writes Rt: only a register the streams may change (rd_field). */
	return 0xd5000000 | mrs << 21 | keys[i] << 5 |
	       (mrs ? rd_field() : rnd() % 4 ? rbits(5) : 31);
}

/* CMP/CMN/TST (register and immediate): flags only, for the CSELs and B.conds. */
static uint32_t gen_flags(void)
{
	uint32_t sf = rbits(1) << 31;

	switch (rnd() % 4) {
	case 0:		/* CMP/CMN (shifted register) */
		return sf | 0x2b00001f | rbits(1) << 30 | rbits(5) << 16 | rbits(5) << 5;
	case 1:		/* CMP/CMN #imm12 */
		return sf | 0x3100001f | rbits(1) << 30 | rbits(12) << 10 | rbits(5) << 5;
	case 2:		/* TST (shifted register) */
		return sf | 0x6a00001f | rbits(5) << 16 | rbits(5) << 5;
	default: {	/* ADDS/SUBS Xd, Xn, Xn: carries, overflows, zeros */
		uint32_t r = rbits(5);

		return sf | 0x2b000000 | rbits(1) << 30 | r << 16 | r << 5 | rd_field();
	}
	}
}

/* STR Xt, [DATA_REG, #imm] inside the data region. */
static uint32_t gen_store(void)
{
	return 0xf9000000 | (uint32_t)(rnd() % (DATA_SIZE / 8)) << 10 | DATA_REG << 5 | rbits(5);
}

/*
 * The base of a load or store without writeback: mostly the data
 * (identity mapped, global), its nG alias, the walker and SP, now and
 * then the code page (stores there drop blocks) or, for a load, any
 * register (a wild address: a fault; a register may hold a code
 * address, from ADR or BL, and a store must not change the program).
 */
static uint32_t gen_base(bool load)
{
	static const uint8_t bases[16] = {
		DATA_REG, DATA_REG, DATA_REG, DATA_REG, DATA_REG, MAP_REG, MAP_REG, MAP_REG,
		WALK_REG, WALK_REG, WALK_REG, 31, 31, CODE_REG, 0, 0,
	};
	uint32_t b = bases[rnd() % 16];

	return b ? b : load ? rbits(5) : DATA_REG;
}

/* The transfer register: a store reads any, a load writes a destination. */
static uint32_t rt_for(bool load)
{
	return load ? rd_field() : rbits(5);
}

/* imm9 for the unscaled and writeback forms, -256..255. */
static uint32_t imm9(void)
{
	return rbits(9);
}

/*
 * LDR/STR/LDRS* (C6.2.x): size:opc at random (LDRSW and PRFM included,
 * the unallocated ones moved), every addressing mode: unsigned offset,
 * unscaled, pre/post-index on the walker or SP (the loaded register
 * sometimes the base), register offset with every extend, literal, and
 * LDTR/STTR now and then.
 */
static uint32_t gen_ldst_single(void)
{
	uint32_t size = rbits(2), opc = rbits(2), rn, rt, top, form = rnd() % 8;
	bool load;

	if (opc == 3 && size >= 2)
		opc = size == 2 ? 2 : 1;
	/* PRFM has no writeback or unprivileged form. */
	if (size == 3 && opc == 2 && (form == 3 || form == 4 || form == 7))
		opc = 1;
	load = opc != 0;
	rn = gen_base(load);
	rt = rt_for(load);
	top = size << 30 | opc << 22;
	switch (form) {
	case 0:
	case 1:		/* unsigned offset, scaled: inside 3 pages */
		return 0x39000000 | top | (uint32_t)(rnd() % (0x3000 >> size) & 0xfff) << 10 |
		       rn << 5 | rt;
	case 2:		/* unscaled (LDUR/STUR): misaligned, page crossing */
		return 0x38000000 | top | imm9() << 12 | rn << 5 | rt;
	case 3:
	case 4:		/* pre- (11) or post-index (01) */
		rn = rnd() % 4 ? WALK_REG : 31;
		return 0x38000000 | top | imm9() << 12 | (rbits(1) ? 3u : 1u) << 10 | rn << 5 | rt;
	case 5:		/* register offset: UXTW, LSL, SXTW, SXTX, S */
		return 0x38200800 | top | IDX_REG << 16 | (2u | rbits(1) | rbits(1) << 2) << 13 |
		       rbits(1) << 12 | rn << 5 | rt;
	case 6:		/* literal: W, X, LDRSW, PRFM; around this insn */
		return 0x18000000 | rbits(2) << 30 |
		       ((uint32_t)(rnd() % 0x800 - 0x400) << 5 & 0xffffe0) | rd_field();
	default:	/* LDTR/STTR: EL0 permissions, the handler's */
		return 0x38000800 | top | imm9() << 12 | rn << 5 | rt;
	}
}

/* LDP/STP of W and X, LDPSW, LDNP/STNP; offset, pre- and post-index. */
static uint32_t gen_ldst_pair(void)
{
	uint32_t opc = (uint32_t)(rnd() % 3), mode = rbits(2), load = rbits(1), rn, rt, rt2;

	if (opc == 1) {		/* LDPSW: loads with an index mode only */
		load = 1;
		mode = 1 + (uint32_t)(rnd() % 3);
	}
	rn = mode == 1 || mode == 3 ? (rnd() % 4 ? WALK_REG : 31) : gen_base(load);
	rt = rt_for(load);
	rt2 = rnd() % 8 ? rt_for(load) : rt;
	return opc << 30 | 0x28000000 | mode << 23 | load << 22 | rbits(7) << 15 |
	       rt2 << 10 | rn << 5 | rt;
}

/*
 * LDR/STR of SIMD&FP registers B, H, S, D and Q: unsigned offset,
 * unscaled, pre/post-index, register offset, literal (S, D, Q).
 */
static uint32_t gen_ldst_fp(void)
{
	uint32_t load = rbits(1), q = rnd() % 3 == 0, size = q ? 0 : rbits(2);
	uint32_t rn = gen_base(load), top = size << 30 | (q << 1 | load) << 22, scale = q ? 4 : size;

	switch (rnd() % 6) {
	case 0:
	case 1:
		return 0x3d000000 | top | (uint32_t)(rnd() % (0x3000 >> scale) & 0xfff) << 10 |
		       rn << 5 | rbits(5);
	case 2:
		return 0x3c000000 | top | imm9() << 12 | rn << 5 | rbits(5);
	case 3:
		rn = rnd() % 4 ? WALK_REG : 31;
		return 0x3c000000 | top | imm9() << 12 | (rbits(1) ? 3u : 1u) << 10 | rn << 5 |
		       rbits(5);
	case 4:
		return 0x3c200800 | top | IDX_REG << 16 | (2u | rbits(1) | rbits(1) << 2) << 13 |
		       rbits(1) << 12 | rn << 5 | rbits(5);
	default:
		return 0x1c000000 | (uint32_t)(rnd() % 3) << 30 |
		       ((uint32_t)(rnd() % 0x800 - 0x400) << 5 & 0xffffe0) | rbits(5);
	}
}

/* LDP/STP/LDNP/STNP of S, D and Q registers, every mode. */
static uint32_t gen_ldst_pair_fp(void)
{
	uint32_t mode = rbits(2), load = rbits(1);
	uint32_t rn = mode == 1 || mode == 3 ? (rnd() % 4 ? WALK_REG : 31) : gen_base(load);

	return (uint32_t)(rnd() % 3) << 30 | 0x2c000000 | mode << 23 | load << 22 |
	       rbits(7) << 15 | rbits(5) << 10 | rn << 5 | rbits(5);
}

/*
 * SIMD&FP moves (inline_simd.c): FMOV to and from general registers
 * (W/S, X/D, X/V.D[1]), DUP (general) of each element size, MOVI, MVNI
 * and FMOV (vector, immediate) of every cmode, none UNDEFINED.
 */
static uint32_t gen_simd_move(void)
{
	static const uint32_t fmov[] = {
		0x1e260000, 0x9e660000, 0x9eae0000,	/* to general */
		0x1e270000, 0x9e670000, 0x9eaf0000,	/* from general */
	};
	uint32_t k = (uint32_t)(rnd() % 6), esz, q, op, cmode;

	switch (rnd() % 3) {
	case 0:
		return fmov[k] | rbits(5) << 5 | (k < 3 ? rd_field() : rbits(5));
	case 1:
		esz = rbits(2);
		q = esz == 3 ? 1 : rbits(1);
		return q << 30 | 0x0e000c00 | ((1u << esz | rbits(4) << (esz + 1)) & 0x1f) << 16 |
		       rbits(5) << 5 | rbits(5);
	default:
		op = rbits(1);
		cmode = rbits(4);
		q = cmode == 15 && op ? 1 : rbits(1);
		return q << 30 | op << 29 | 0x0f000400 | rbits(3) << 16 | cmode << 12 |
		       rbits(5) << 5 | rbits(5);
	}
}

/*
 * A load with writeback into its own base (CONSTRAINED UNPREDICTABLE,
 * C6.2.130/C6.2.131: both tiers do what the handlers do, Rt then Rn):
 * LDR pre/post-index or LDP/LDPSW with Rt or Rt2 the walker. The walker
 * then holds loaded data, so the caller resets it.
 */
static uint32_t gen_load_into_base(void)
{
	uint32_t wb = rbits(1) ? 3u : 1u, rt2 = rd_field();

	if (rnd() % 2)
		return (rbits(2) << 30) | 0x38400000 | imm9() << 12 | wb << 10 |
		       WALK_REG << 5 | WALK_REG;
	if (rnd() % 2)
		return (uint32_t)(rnd() % 3) << 30 | 0x28400000 | wb << 23 | rbits(7) << 15 |
		       rt2 << 10 | WALK_REG << 5 | WALK_REG;
	return 0xa8400000 | wb << 23 | rbits(7) << 15 | WALK_REG << 10 | WALK_REG << 5 | rt2;
}

/* ADD WALK_REG, DATA_REG or MAP_REG, #imm: near a page boundary. */
/*
 * The divisions' and 1-source insns' edge operands: X1 = -1 and X2 =
 * INT_MIN (of the insn's size) now and then, which the operands below
 * pick often, as they do XZR (a zero divisor, CLZ of 0).
 */
#define DIV_M1_REG	1
#define DIV_MIN_REG	2

static uint32_t edge_reg(void)
{
	static const uint32_t pick[4] = { DIV_M1_REG, DIV_MIN_REG, 31, 0 };
	uint32_t r = pick[rnd() % 4];

	return r ? r : rbits(5);
}

static uint32_t gen_edge_value(uint32_t sf)
{
	if (rnd() % 2)
		return sf << 31 | 0x12800000 | DIV_M1_REG;		/* MOVN Xd/Wd, #0 */
	/* MOVZ Xd, #0x8000, LSL #48 / MOVZ Wd, #0x8000, LSL #16 */
	return sf << 31 | 0x52800000 | (sf ? 3u : 1u) << 21 | 0x8000u << 5 | DIV_MIN_REG;
}

/* UDIV, SDIV (C6.2.388, C6.2.268), by zero, -1 and of INT_MIN among them. */
static uint32_t gen_div(void)
{
	uint32_t sf = rbits(1);

	if (rnd() % 4 == 0)
		return gen_edge_value(sf);
	return sf << 31 | 0x1ac00000 | edge_reg() << 16 | (2 + rbits(1)) << 10 |
	       edge_reg() << 5 | rd_field();
}

/* RBIT, REV16, REV32/REV, REV (64), CLZ, CLS (C6.2.247 ...). */
static uint32_t gen_dp_1src(void)
{
	uint32_t sf = rbits(1), opcode = (uint32_t)(rnd() % 6);

	if (rnd() % 4 == 0)
		return gen_edge_value(sf);
	/* REV (opcode 3) has only the 64-bit form; the W one is unallocated. */
	if (opcode == 3)
		sf = 1;
	return sf << 31 | 0x5ac00000 | opcode << 10 | edge_reg() << 5 | rd_field();
}

static uint32_t walker_reset(void)
{
	return 0x91000000 | (uint32_t)(0xfc0 + rnd() % 0x40) << 10 |
	       (rbits(1) ? DATA_REG : MAP_REG) << 5 | WALK_REG;
}

static uint32_t gen_insn(void)
{
	static uint32_t (*const gens[])(void) = {
		gen_movewide, gen_addsub_imm, gen_logic_imm, gen_logic_reg, gen_addsub_reg,
		gen_addsub_ext, gen_adr, gen_called, gen_store, gen_csel, gen_flags,
		gen_bitfield, gen_extr, gen_madd, gen_ccmp, gen_sysreg, gen_shiftv,
		gen_ldst_single, gen_ldst_single, gen_ldst_single, gen_ldst_pair,
		gen_ldst_pair, gen_ldst_fp, gen_ldst_pair_fp, gen_simd_move, gen_div,
		gen_dp_1src,
	};

	return gens[rnd() % (sizeof(gens) / sizeof(gens[0]))]();
}

/* A register to test: often XZR, so that CBZ is taken now and then. */
static uint32_t rt_field(void)
{
	return rnd() % 4 ? rbits(5) : 31;
}

/*
 * The block end: a direct branch of every kind to offset (bytes), and
 * *prefix, the insn before it (a CMP that fuses with a B.cond, or any).
 */
static uint32_t gen_branch(int32_t offset, uint32_t *prefix)
{
	uint32_t imm19 = (uint32_t)(offset / 4) & 0x7ffff, sf = rbits(1);

	*prefix = gen_insn();
	switch (rnd() % 7) {
	case 0:		/* CMP Xn, Xm; B.cond: fused (register) */
		*prefix = sf << 31 | 0x6b00001f | rbits(5) << 16 | rbits(5) << 5;
		return 0x54000000 | imm19 << 5 | rbits(4);
	case 1:		/* CMP Xn, #imm; B.cond: fused (immediate) */
		*prefix = sf << 31 | 0x7100001f | rbits(1) << 22 | rbits(12) << 10 | rbits(5) << 5;
		return 0x54000000 | imm19 << 5 | rbits(4);
	case 2:		/* B.cond on the flags of earlier insns */
		return 0x54000000 | imm19 << 5 | rbits(4);
	case 3:		/* CBZ/CBNZ */
		return sf << 31 | 0x34000000 | rbits(1) << 24 | imm19 << 5 | rt_field();
	case 4:		/* TBZ/TBNZ, bit b5:b40 */
		return rbits(1) << 31 | 0x36000000 | rbits(1) << 24 | rbits(5) << 19 |
		       ((uint32_t)(offset / 4) & 0x3fff) << 5 | rt_field();
	case 5:		/* BL */
		return 0x94000000 | ((uint32_t)(offset / 4) & 0x3ffffff);
	default:	/* B */
		return 0x14000000 | ((uint32_t)(offset / 4) & 0x3ffffff);
	}
}

/*
 * Chunks of straight-line code, each ending in a block-ending branch
 * that is taken or not, forwards or backwards, to the next chunk:
 *   forwards:  prefix; branch .+8; filler (not taken only)
 *   backwards: B .+8; B .+12; prefix; branch .-8 (to the second B)
 */
static size_t gen_program(uint32_t *w, size_t max)
{
	size_t n = 0;
	unsigned int c, i, len;
	uint32_t prefix;

	for (c = 0; c < CHUNKS && n + CHUNK_MAX + 8 < max; c++) {
		/* The walker near the data's second page boundary, SP inside, an index. */
		if (rnd() % 4 == 0)
			w[n++] = gen_load_into_base();
		w[n++] = walker_reset();
		w[n++] = 0x91400800 | DATA_REG << 5 | 31;	/* add sp, x28, #2, lsl #12 */
		w[n++] = (rbits(1) ? 0xd2800000 : 0x92800000) | (uint32_t)(rnd() % 0x800) << 5 |
			 IDX_REG;
		len = (unsigned int)(rnd() % CHUNK_MAX);
		for (i = 0; i < len; i++)
			w[n++] = gen_insn();
		if (rnd() % 2) {
			w[n++] = 0x14000002;	/* B .+8 */
			w[n++] = 0x14000003;	/* B .+12: past the branch */
			w[n + 1] = gen_branch(-8, &prefix);
			w[n] = prefix;
			n += 2;
		} else {
			w[n + 1] = gen_branch(8, &prefix);
			w[n] = prefix;
			w[n + 2] = gen_insn();
			n += 3;
		}
	}
	w[n++] = A64_BRK_END;
	return n;
}

/*
 * The same program run LOOPS times: its BRK becomes "SUBS LOOP_REG,
 * LOOP_REG, #1; B.NE start", so every block runs again, now through the
 * links its first run made and, for branches to other pages and the
 * loop's own, through the jump cache probe.
 */
static size_t gen_loop_program(uint32_t *w, size_t max)
{
	size_t n = gen_program(w, max - 2) - 1;

	w[n] = 0xf1000400 | LOOP_REG << 5 | LOOP_REG;			/* SUBS */
	n++;
	w[n] = 0x54000001 | ((uint32_t)-(int32_t)n & 0x7ffff) << 5;	/* B.NE start */
	n++;
	w[n++] = A64_BRK_END;
	return n;
}

/*
 * The MMU of both rigs: off, or on with the RAM identity mapped by a
 * global block (EL1 only) and MAP_PAGES pages at RIG_MAPPED_VA aliasing
 * the data, the even ones non-global (nG, D5.3.3), all but page 1 open
 * to EL0 (AP[1], D5.4.4), under ASID 1.
 */
static void map_pages(struct tcg_rig *r, unsigned int rot)
{
	unsigned int i;
	uint64_t d;

	for (i = 0; i < MAP_PAGES; i++) {
		rig_map_page(r, i, DATA_PA + 0x1000ull * ((i + rot) % MAP_PAGES));
		memcpy(&d, r->ram.host + (RIG_PGTABLE + 0x2000 + 8 * i - RIG_RAM_BASE), 8);
		if (i % 2 == 0)
			d |= 1ull << 11;	/* nG */
		if (i != 1)
			d |= 1ull << 6;		/* AP[1]: EL0 too */
		memcpy(r->ram.host + (RIG_PGTABLE + 0x2000 + 8 * i - RIG_RAM_BASE), &d, 8);
	}
}

static void mmu_setup(struct tcg_rig *r, bool on)
{
	if (!on)
		return;
	rig_mmu_on(r);
	map_pages(r, 0);
	r->cpu->sys.ttbr0_el1 |= 1ull << 48;
	mmu_asid_sync(r->cpu);
}

static void cpu_setup(struct tcg_rig *r, const uint32_t *code, size_t n, uint64_t seed)
{
	unsigned int i;
	uint32_t stub;

	rig_put(r, CODE_PA, code, n);
	for (i = 0; i < 31; i++)
		r->cpu->r[i] = seed * (i + 1) * 0x9e3779b97f4a7c15ull;
	for (i = 0; i < 32; i++) {
		r->cpu->v[i].d[0] = ~seed * (i + 7) * 0x9e3779b97f4a7c15ull;
		r->cpu->v[i].d[1] = seed * (i + 3) * 0xc2b2ae3d27d4eb4full;
	}
	r->cpu->r[REG_SP] = DATA_PA + DATA_SIZE;
	r->cpu->r[DATA_REG] = DATA_PA;
	r->cpu->r[LOOP_REG] = LOOPS;
	r->cpu->r[WALK_REG] = DATA_PA + 0x1000;
	/* Misaligned, 3 bytes before a page: accesses cross into a page mapped elsewhere. */
	r->cpu->r[MAP_REG] = RIG_MAPPED_VA + 0x1ffd;
	r->cpu->r[IDX_REG] = 8;
	r->cpu->r[CODE_REG] = STUB_PA + 0x800;
	/* The stub runs first, so its page holds code. */
	stub = 0x14000000 | (uint32_t)((CODE_PA - STUB_PA) / 4 & 0x3ffffff);	/* b CODE_PA */
	rig_put(r, STUB_PA, &stub, 1);
	r->cpu->pc = STUB_PA;
	mmu_setup(r, seed % 3 != 0);
	/* One seed in six runs at EL0 (EL0t, SP_EL0): other permissions, faults to EL1. */
	if (seed % 6 == 4) {
		cpu_set_pstate(r->cpu, 0);
		r->cpu->r[REG_SP] = DATA_PA + DATA_SIZE;
	}
}

static bool same_mem(const struct tcg_rig *a, const struct tcg_rig *b, uint64_t pa, size_t len)
{
	return !memcmp(a->ram.host + (pa - RIG_RAM_BASE), b->ram.host + (pa - RIG_RAM_BASE), len);
}

/*
 * Both CPUs the same (tcg_rig.c's comparison, data window included), and
 * the stub's page the same: its code dropped on both or on neither
 * (mem_code_check). Prints the first difference.
 */
static bool same_state(const struct tcg_rig *a, const struct tcg_rig *b, unsigned int block)
{
	char what[32];

	snprintf(what, sizeof(what), "block %u", block);
	if (!rig_same_state(a, b, DATA_PA, DATA_SIZE, what))
		return false;
	if (tb_page_has_code(a->cpu->tvm, STUB_PA) != tb_page_has_code(b->cpu->tvm, STUB_PA)) {
		fprintf(stderr, "%s: the stub page's code differs\n", what);
		return false;
	}
	if (!same_mem(a, b, STUB_PA, STUB_SIZE)) {
		fprintf(stderr, "%s: the stub page's memory differs\n", what);
		return false;
	}
	return true;
}

/*
 * Between blocks, the same on both CPUs: now and then flush the TLB
 * (misses), switch the ASID between 1, 2 and 0x101 (equal to 1 unless
 * TCR_EL1.AS) or take it from TTBR1 (TCR_EL1.A1), each time with the
 * RIG_MAPPED_VA pages mapped elsewhere and no TLBI, so that a TLB entry
 * of another ASID gives other data than a walk; or toggle SCTLR_EL1.A
 * or .SA (the SP alignment check, D1.8.2).
 */
static void perturb(struct tcg_rig *a, struct tcg_rig *b)
{
	static const uint64_t asids[3] = { 1, 2, 0x101 };
	struct tcg_rig *r[2] = { a, b };
	uint64_t x = rnd(), asid = asids[(x >> 8) % 3];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct sysregs *s = &r[i]->cpu->sys;

		if (x % 16 == 0)
			tlb_flush_all(r[i]->cpu);
		if (x % 16 == 1)
			s->ttbr0_el1 = (s->ttbr0_el1 & 0xffffffffffffull) | asid << 48;
		if (x % 16 == 2)
			s->ttbr1_el1 = asid << 48;
		if (x % 32 == 3)
			s->tcr_el1 ^= MMU_TCR_AS;
		if (x % 32 == 4)
			s->tcr_el1 ^= MMU_TCR_A1;
		/* MSR SCTLR_EL1 flushes the TLB (sysreg.c, write_regime). */
		if (x % 64 == 5) {
			s->sctlr_el1 ^= MMU_SCTLR_A;
			tlb_flush_all(r[i]->cpu);
		}
		if (x % 64 == 6)
			s->sctlr_el1 ^= MMU_SCTLR_SA;
		/* As SYS's write hooks do: the fast paths' copy of the ASID. */
		mmu_asid_sync(r[i]->cpu);
		/* CPACR_EL1.FPEN: 0b11, 0b01 (EL1 only: the handler's test), 0b00 (a trap). */
		if (x % 32 == 7)
			s->cpacr_el1 = (uint64_t)((x >> 24) % 4 == 0 ? 0 : (x >> 24) % 4 == 1 ? 1 : 3)
				       << 20;
		if (x % 16 >= 1 && x % 16 <= 4)
			map_pages(r[i], (unsigned int)(x >> 20) % MAP_PAGES);
	}
}

/*
 * A Data Abort, SP alignment fault or FP trap: go on after the insn in
 * the state it was taken from (an ERET to ELR + 4), on both.
 */
static bool resume_after_fault(struct tcg_rig *a, struct tcg_rig *b)
{
	unsigned int ec = (unsigned int)(a->cpu->sys.esr_el1 >> 26);
	struct tcg_rig *r[2] = { a, b };
	unsigned int i;

	if (ec != EC_DABT_SAME && ec != EC_DABT_LOWER && ec != EC_SP_ALIGN &&
	    ec != EC_FP_ACCESS)
		return false;
	for (i = 0; i < 2; i++) {
		r[i]->cpu->pc = r[i]->cpu->sys.elr_el1 + 4;
		r[i]->cpu->sys.esr_el1 = 0;
		cpu_set_pstate(r[i]->cpu, (uint32_t)r[i]->cpu->sys.spsr_el1);
	}
	return true;
}

static void run_seed(uint64_t seed)
{
	static uint32_t code[CHUNKS * (CHUNK_MAX + 8) + 1];
	struct tcg_run_opts one = { .max_blocks = 1, .stop_on_exc = true };
	struct tcg_rig a, b;
	struct av_err err = { 0 };
	unsigned int block, faults = 0;
	size_t n;
	int ra, rb;

	rng_state = seed;
	n = gen_program(code, sizeof(code) / sizeof(code[0]));
	ck_assert_msg(!rig_init(&a, &err) && !rig_init(&b, &err), "%s", err.msg);
	ck_assert_msg(!tb_cache_set_jit(b.cpu, true, JIT_BUF, &err), "%s", err.msg);
	ck_assert(tb_cache_jit_on(b.cpu));
	cpu_setup(&a, code, n, seed);
	cpu_setup(&b, code, n, seed);
	for (block = 0; block < 12 * CHUNKS; block++) {
		perturb(&a, &b);
		ra = tcg_cpu_exec(a.cpu, &one);
		rb = tcg_cpu_exec(b.cpu, &one);
		ck_assert_int_eq(ra, rb);
		ck_assert_msg(same_state(&a, &b, block), "seed %llu: the tiers differ",
			      (unsigned long long)seed);
		if (!a.cpu->sys.esr_el1)
			continue;
		if (!resume_after_fault(&a, &b))
			break;	/* the final BRK (or an UNDEFINED insn) */
		faults++;
	}
	ck_assert_uint_eq(a.cpu->sys.esr_el1, b.cpu->sys.esr_el1);
	/* The whole program ran: every generated encoding is allocated. */
	ck_assert_msg(a.cpu->sys.esr_el1 >> 26 == EC_BRK64, "seed %llu: esr 0x%llx at 0x%llx (%08x)",
		      (unsigned long long)seed, (unsigned long long)a.cpu->sys.esr_el1,
		      (unsigned long long)a.cpu->sys.elr_el1,
		      code[(a.cpu->sys.elr_el1 - CODE_PA) / 4 % (sizeof(code) / 4)]);
	ck_assert_uint_ge(block, CHUNKS);
	ck_assert(same_mem(&a, &b, RIG_RAM_BASE, RIG_RAM_SIZE));
	ck_assert_uint_gt(faults, 0);
	rig_fini(&a);
	rig_fini(&b);
}

START_TEST(random_streams_match_the_portable_tier)
{
	run_seed((uint64_t)_i * 7919 + 1);
}
END_TEST

/*
 * Whole looping programs with chaining on: one tcg_cpu_exec runs to the
 * final BRK on each tier, and the end states must be equal; the tier
 * must have linked exits and run blocks through links and the probe.
 */
static void run_chained_seed(uint64_t seed, bool small_buf)
{
	static uint32_t code[CHUNKS * (CHUNK_MAX + 8) + 3];
	struct tcg_run_opts until_exc = { .stop_on_exc = true };
	struct tcg_rig a, b;
	struct av_err err = { 0 };
	struct tb_stats st;
	unsigned int stops;
	size_t n;

	rng_state = seed;
	n = gen_loop_program(code, sizeof(code) / sizeof(code[0]));
	ck_assert_msg(!rig_init(&a, &err) && !rig_init(&b, &err), "%s", err.msg);
	ck_assert_msg(!tb_cache_set_jit(b.cpu, true, small_buf ? JIT_BUF : 0, &err), "%s",
		      err.msg);
	cpu_setup(&a, code, n, seed);
	cpu_setup(&b, code, n, seed);
	/* Each run goes to the next exception: a fault to resume from, or the BRK. */
	for (stops = 0; stops < 4 * LOOPS * CHUNKS; stops++) {
		ck_assert_int_eq(tcg_cpu_exec(a.cpu, &until_exc), 1);
		ck_assert_int_eq(tcg_cpu_exec(b.cpu, &until_exc), 1);
		ck_assert_msg(same_state(&a, &b, stops), "seed %llu: the tiers differ",
			      (unsigned long long)seed);
		if (!resume_after_fault(&a, &b))
			break;
	}
	ck_assert_uint_eq(a.cpu->sys.esr_el1 >> 26, EC_BRK64);
	ck_assert_uint_eq(a.cpu->r[LOOP_REG], 0);
	ck_assert(same_mem(&a, &b, RIG_RAM_BASE, RIG_RAM_SIZE));
	tb_get_stats(b.cpu, &st);
	ck_assert_uint_gt(st.jit_links, 0);
	rig_fini(&a);
	rig_fini(&b);
}

START_TEST(chained_loops_match_the_portable_tier)
{
	run_chained_seed((uint64_t)_i * 104729 + 3, _i % 2);
}
END_TEST

/* -d nochain: the same looping program runs with no exit ever linked. */
START_TEST(nochain_links_nothing)
{
	static uint32_t code[CHUNKS * (CHUNK_MAX + 8) + 3];
	struct tcg_run_opts until_exc = { .stop_on_exc = true };
	unsigned int saved = av_log_global.mask, stops;
	struct av_err err = { 0 };
	struct tb_stats st;
	struct tcg_rig r;
	size_t n;

	rng_state = 3;
	n = gen_loop_program(code, sizeof(code) / sizeof(code[0]));
	ck_assert_msg(!rig_init(&r, &err), "%s", err.msg);
	ck_assert_msg(!tb_cache_set_jit(r.cpu, true, 0, &err), "%s", err.msg);
	cpu_setup(&r, code, n, 3);
	av_log_global.mask |= LOG_NOCHAIN;
	for (stops = 0; stops < 4 * LOOPS * CHUNKS; stops++) {
		ck_assert_int_eq(tcg_cpu_exec(r.cpu, &until_exc), 1);
		if (r.cpu->sys.esr_el1 >> 26 == EC_BRK64)
			break;
		r.cpu->pc = r.cpu->sys.elr_el1 + 4;	/* past the faulting insn */
		cpu_set_pstate(r.cpu, (uint32_t)r.cpu->sys.spsr_el1);
		r.cpu->sys.esr_el1 = 0;
	}
	av_log_global.mask = saved;
	ck_assert_uint_eq(r.cpu->sys.esr_el1 >> 26, EC_BRK64);
	tb_get_stats(r.cpu, &st);
	ck_assert_uint_gt(st.jit_blocks, 0);
	ck_assert_uint_eq(st.jit_links, 0);
	rig_fini(&r);
}
END_TEST

/*
 * -perfmap: the shared stubs and every block get a line "START SIZE
 * NAME" (hex), each block's named by its guest address, and the lines
 * cover the code the blocks run.
 */
START_TEST(perfmap_names_each_block)
{
	static const uint32_t code[] = { 0xd2800020, 0x91000400, 0x14000001, A64_BRK_END };
	static struct vm_config cfg;
	static struct vm vm;
	char buf[256], name[64], first[64], second[64];
	unsigned long long start, size;
	unsigned int stubs = 0, seen = 0;
	struct av_err err = { 0 };
	struct tcg_rig r;
	FILE *f = tmpfile();

	ck_assert_ptr_nonnull(f);
	snprintf(first, sizeof(first), "guest-%llx", (unsigned long long)CODE_PA);
	snprintf(second, sizeof(second), "guest-%llx", (unsigned long long)CODE_PA + 12);
	cfg.tcg_perfmap = true;
	vm.cfg = &cfg;
	ck_assert_msg(!rig_init(&r, &err), "%s", err.msg);
	r.tvm.perfmap_fd = fileno(f);
	r.cpu->vm = &vm;	/* only its cfg is looked at: the rig has its RAM */
	ck_assert(!tb_cache_set_jit(r.cpu, true, 0, &err));
	rig_put(&r, CODE_PA, code, 4);
	ck_assert_int_eq(rig_run(&r, CODE_PA, 100), 1);
	ck_assert_uint_eq(r.cpu->r[0], 2);
	r.cpu->vm = NULL;
	rig_fini(&r);
	rewind(f);
	while (fgets(buf, sizeof(buf), f)) {
		ck_assert_int_eq(sscanf(buf, "%llx %llx %63s", &start, &size, name), 3);
		ck_assert_uint_gt(start, 0);
		ck_assert_uint_gt(size, 0);
		ck_assert_uint_lt(size, 4096);
		if (!strncmp(name, "armvisor-jit-", 13))
			stubs++;
		else if (!strcmp(name, first))
			seen |= 1;
		else if (!strcmp(name, second))
			seen |= 2;
		else
			ck_abort_msg("unexpected perf map line: %s", buf);
	}
	fclose(f);
	ck_assert_uint_eq(stubs, 5);
	ck_assert_uint_eq(seen, 3);
}
END_TEST

/* The tier's own statistics: blocks really ran as host code. */
START_TEST(blocks_become_host_code)
{
	static const uint32_t code[] = { 0xd2800020, 0x91000400, 0x14000001, A64_BRK_END };
	struct tcg_rig r;
	struct av_err err = { 0 };
	struct tb_stats st;

	ck_assert_msg(!rig_init(&r, &err), "%s", err.msg);
	ck_assert(!tb_cache_set_jit(r.cpu, true, 0, &err));
	rig_put(&r, CODE_PA, code, 4);
	ck_assert_int_eq(rig_run(&r, CODE_PA, 100), 1);
	ck_assert_uint_eq(rig_ec(&r), EC_BRK64);
	ck_assert_uint_eq(r.cpu->r[0], 2);	/* mov x0, #1; add x0, x0, #1 */
	tb_get_stats(r.cpu, &st);
	ck_assert_uint_eq(st.jit_blocks, st.blocks);
	ck_assert_uint_eq(st.blocks, 2);
	rig_fini(&r);
}
END_TEST

/*
 * With the MMU off no TLB entry allows the fast path, so every inline
 * access takes its slow path, which decodes the insn again from the word
 * after its call (inline_mem.c): the block keeps no insns, the load and
 * store still happen, and a load from nothing aborts at its own PC.
 *	ldr x0, [x9]; str x0, [x9, #8]; ldr x0, [x10]; b 1f; 1: brk
 */
START_TEST(slow_paths_keep_no_insns)
{
	static const uint32_t code[] = {
		0xf9400120, 0xf9000520, 0xf9400140, 0x14000001, A64_BRK_END,
	};
	const uint64_t v = 0x1122334455667788ull;
	struct av_err err = { 0 };
	struct tcg_rig r;
	struct tb *tb;
	uint64_t got;

	ck_assert_msg(!rig_init(&r, &err), "%s", err.msg);
	ck_assert(!tb_cache_set_jit(r.cpu, true, 0, &err));
	rig_put(&r, CODE_PA, code, sizeof(code) / sizeof(code[0]));
	memcpy(r.ram.host + (DATA_PA - RIG_RAM_BASE), &v, 8);
	r.cpu->r[9] = DATA_PA;
	r.cpu->r[10] = 0x1000;		/* nothing there: an external abort */
	r.cpu->pc = CODE_PA;
	ck_assert_int_eq(tb_find(r.cpu, NULL, 0, &tb), 0);
	ck_assert_ptr_nonnull(tb->host);
	ck_assert_uint_eq(tb->nheld, 0);
	ck_assert_ptr_null(tb->insns);
	ck_assert_int_eq(rig_run(&r, CODE_PA, 0), 1);
	ck_assert_uint_eq(rig_ec(&r), EC_DABT_SAME);
	ck_assert_uint_eq(r.cpu->sys.elr_el1, CODE_PA + 8);
	ck_assert_uint_eq(r.cpu->r[0], v);
	memcpy(&got, r.ram.host + (DATA_PA + 8 - RIG_RAM_BASE), 8);
	ck_assert_uint_eq(got, v);
	rig_fini(&r);
}
END_TEST

/*
 * Calls and returns: BL, BLR and RET in a loop, chained, on both tiers
 * to the same end state; then a RET block entered alone must reach the
 * block its probe finds inline (the BRK: INSN_EXC from jit_enter) and
 * leave with INSN_BRANCH for a target never translated.
 *	mov x1, #100; adr x2, g
 * loop: bl f; blr x2; subs x1, x1, #1; b.ne loop; brk
 * f:	add x0, x0, #1; ret
 * g:	add x3, x3, x0; ret
 */
START_TEST(returns_probe_inline)
{
	static const uint32_t code[] = {
		0xd2800c81, 0x10000102, 0x94000005, 0xd63f0040, 0xf1000421, 0x54ffffa1,
		A64_BRK_END, 0x91000400, 0xd65f03c0, 0x8b000063, 0xd65f03c0,
	};
	struct tcg_rig a, b;
	struct av_err err = { 0 };
	struct tb_jc_entry *slot;
	struct tb_jc *jc;
	struct tb *ret_tb;

	ck_assert_msg(!rig_init(&a, &err) && !rig_init(&b, &err), "%s", err.msg);
	ck_assert(!tb_cache_set_jit(b.cpu, true, 0, &err));
	rig_put(&a, CODE_PA, code, sizeof(code) / sizeof(code[0]));
	rig_put(&b, CODE_PA, code, sizeof(code) / sizeof(code[0]));
	ck_assert_int_eq(rig_run(&a, CODE_PA, 0), 1);
	ck_assert_int_eq(rig_run(&b, CODE_PA, 0), 1);
	ck_assert_uint_eq(rig_ec(&b), EC_BRK64);
	ck_assert_uint_eq(b.cpu->r[0], 100);
	ck_assert_uint_eq(b.cpu->r[3], 5050);
	ck_assert(rig_same_state(&a, &b, CODE_PA, sizeof(code), "calls"));

	/* f's block, entered alone: its RET finds the BRK's block in the jump cache. */
	b.cpu->pc = CODE_PA + 0x1c;
	ck_assert_int_eq(tb_find(b.cpu, NULL, 0, &ret_tb), 0);
	ck_assert_ptr_nonnull(ret_tb->host);
	b.cpu->r[30] = CODE_PA + 0x18;
	b.cpu->sys.esr_el1 = 0;
	ck_assert_int_eq(jit_enter(b.cpu, ret_tb->host), INSN_EXC);
	ck_assert_uint_eq(rig_ec(&b), EC_BRK64);
	ck_assert_uint_eq(b.cpu->r[0], 101);

	/*
	 * The BRK's block only in its slot's partner (engine.h: where a block
	 * with the same slot pushed it): the inline probe misses, the shared
	 * one finds it there.
	 */
	jc = b.cpu->tcg_priv;
	slot = tb_jc_slot(jc, CODE_PA + 0x18);
	ck_assert_uint_eq(slot->pc, CODE_PA + 0x18);
	*tb_jc_partner(jc, slot) = *slot;
	memset(slot, 0, sizeof(*slot));
	b.cpu->pc = CODE_PA + 0x1c;
	b.cpu->r[30] = CODE_PA + 0x18;
	b.cpu->sys.esr_el1 = 0;
	ck_assert_int_eq(jit_enter(b.cpu, ret_tb->host), INSN_EXC);
	ck_assert_uint_eq(rig_ec(&b), EC_BRK64);
	ck_assert_uint_eq(b.cpu->r[0], 102);
	/* A TLBI by VA forgets the page's entries in both ways (the MMU is off: VA = PA). */
	tb_jmp_cache_forget_va(b.cpu, CODE_PA + 0x18);
	ck_assert_uint_eq(tb_jc_partner(jc, slot)->pc, 0);

	/* A return to code never run: the probe misses in both ways and leaves. */
	b.cpu->pc = CODE_PA + 0x1c;
	b.cpu->r[30] = CODE_PA + 0x400;
	ck_assert_int_eq(jit_enter(b.cpu, ret_tb->host), INSN_BRANCH);
	ck_assert_uint_eq(b.cpu->pc, CODE_PA + 0x400);
	ck_assert_uint_eq(b.cpu->r[0], 103);
	rig_fini(&a);
	rig_fini(&b);
}
END_TEST

/*
 * jit_emit_inline_mem with the block's EL known (el = 0 or 1, as
 * translate.c passes it): one LDR X0, [X1] as a host function with
 * jit_enter's frame (the slow path's thunk leaves through it on a fault)
 *	exit: pop r13; pop r12; pop rbx; ret
 *	entry: push rbx; push r12; push r13; mov rbx, rdi; <the load>;
 *	       xor eax, eax; jmp exit
 * run twice per case (a TLB miss through the handler, then a hit).
 */
typedef int (*one_insn_fn)(struct cpu_state *cpu);

/* The shared code (the thunks the inline loads/stores call) first in cb. */
static void emit_shared(struct codebuf *cb, struct jit_shared *sh)
{
	struct x86_emit e;
	size_t room;
	void *rw = codebuf_reserve(cb, 16, &room);

	ck_assert_ptr_nonnull(rw);
	x86_emit_init(&e, rw, room, codebuf_rx_addr(cb, rw));
	jit_emit_shared(&e, sh);
	ck_assert(x86_emit_ok(&e));
	codebuf_commit(cb, rw, x86_emit_len(&e));
}

static one_insn_fn emit_one(struct codebuf *cb, const struct jit_shared *sh,
			    const struct insn *in, unsigned int el)
{
	struct tb tb = { 0 };	/* only its insns are looked at, while emitting */
	static struct jit_slow_path slow[1];
	struct jit_block b = { .slow = slow, .maxslow = 1 };
	struct x86_label exit;
	struct x86_emit e;
	uintptr_t entry;
	size_t room;
	void *rw = codebuf_reserve(cb, 16, &room);

	ck_assert_ptr_nonnull(rw);
	x86_emit_init(&e, rw, room, codebuf_rx_addr(cb, rw));
	x86_label_init(&exit);
	x86_label_bind(&e, &exit);
	x86_emit_pop(&e, X86_R13);
	x86_emit_pop(&e, X86_R12);
	x86_emit_pop(&e, X86_RBX);
	x86_emit_ret(&e);
	entry = x86_emit_rx(&e);
	x86_emit_push(&e, X86_RBX);
	x86_emit_push(&e, X86_R12);
	x86_emit_push(&e, X86_R13);
	x86_emit_mov_rr(&e, X86_SZ64, X86_RBX, X86_RDI);
	/* No jit_refs: the slow path's word is in's own address. */
	b.e = &e;
	b.sh = sh;
	b.tb = &tb;
	tb.insns = (struct insn *)in;
	ck_assert(jit_emit_inline_mem(&b, 0, el));
	x86_emit_alu_rr(&e, X86_XOR, X86_SZ32, X86_RAX, X86_RAX);
	x86_emit_jmp_label(&e, &exit);
	jit_emit_slow_paths(&b);
	ck_assert(x86_emit_ok(&e));
	codebuf_commit(cb, rw, x86_emit_len(&e));
	return (one_insn_fn)entry;
}

START_TEST(inline_mem_with_the_block_el)
{
	struct tcg_rig r;
	struct av_err err = { 0 };
	struct codebuf cb;
	struct jit_shared sh;
	struct insn in;
	one_insn_fn el1, el0;
	uint64_t v = 0x1122334455667788ull;
	int i;

	ck_assert_msg(!rig_init(&r, &err), "%s", err.msg);
	ck_assert_msg(!codebuf_init(&cb, 1 << 16, (const void *)(uintptr_t)emit_one, &err),
		      "%s", err.msg);
	memset(&in, 0, sizeof(in));
	ck_assert_int_eq(decode_insn(0xf9400020, &in), 0);	/* ldr x0, [x1] */
	emit_shared(&cb, &sh);
	el1 = emit_one(&cb, &sh, &in, 1);
	el0 = emit_one(&cb, &sh, &in, 0);
	rig_mmu_on(&r);
	map_pages(&r, 0);	/* page 1: EL1 only; page 0: EL0 too */
	memcpy(r.ram.host + (DATA_PA - RIG_RAM_BASE), &v, 8);
	memcpy(r.ram.host + (DATA_PA + 0x1000 - RIG_RAM_BASE), &v, 8);
	r.cpu->sys.ttbr0_el1 |= 1ull << 48;
	mmu_asid_sync(r.cpu);
	for (i = 0; i < 2; i++) {	/* EL1: both pages */
		r.cpu->r[0] = 0;
		r.cpu->r[1] = RIG_MAPPED_VA + 0x1000ull * (unsigned int)i;
		ck_assert_int_eq(el1(r.cpu), INSN_NEXT);
		ck_assert_uint_eq(r.cpu->r[0], v);
		r.cpu->r[0] = 0;
		ck_assert_int_eq(el1(r.cpu), INSN_NEXT);	/* a hit */
		ck_assert_uint_eq(r.cpu->r[0], v);
	}
	/* EL0: the entries the EL1 loads filled; page 1 must fault (D5.4.4). */
	cpu_set_pstate(r.cpu, 0);
	r.cpu->r[0] = 0;
	r.cpu->r[1] = RIG_MAPPED_VA;
	ck_assert_int_eq(el0(r.cpu), INSN_NEXT);
	ck_assert_uint_eq(r.cpu->r[0], v);
	r.cpu->r[0] = 0;
	r.cpu->r[1] = RIG_MAPPED_VA + 0x1000;
	ck_assert_int_eq(el0(r.cpu), INSN_EXC);
	ck_assert_uint_eq(r.cpu->r[0], 0);
	ck_assert_uint_eq(rig_ec(&r), EC_DABT_LOWER);
	ck_assert_uint_eq(r.cpu->sys.esr_el1 & 0x3c, 0x0c);	/* permission fault */
	codebuf_destroy(&cb);
	rig_fini(&r);
}
END_TEST

/*
 * The jump cache's slots (tb_jc_index, which the probes compute inline):
 * the six blocks busybox's shell loop left for the run loop on every call
 * under the old XOR hash (three pairs, 1 MiB and a few lines apart, in
 * one slot each) now get a slot each, and so does every insn of a page
 * (tb_jmp_cache_forget_va visits them), user or kernel.
 */
START_TEST(jump_cache_spreads_hot_pcs)
{
	static const uint64_t hot[] = { 0x402e00, 0x502e40, 0x41edb8, 0x47eda0, 0x480280,
					0x4002a0 };
	static const uint64_t pages[] = { 0x400000, 0x502000, 0xffff800008010000ull };
	static bool used[TB_JC_SIZE];
	unsigned int i, j, n;

	for (i = 0; i < ARRAY_SIZE(hot); i++)
		for (j = i + 1; j < ARRAY_SIZE(hot); j++)
			ck_assert_msg(tb_jc_index(hot[i]) != tb_jc_index(hot[j]),
				      "%llx and %llx share a slot", (unsigned long long)hot[i],
				      (unsigned long long)hot[j]);
	for (i = 0; i < ARRAY_SIZE(pages); i++) {
		memset(used, 0, sizeof(used));
		for (n = 0, j = 0; j < TB_PAGE_SIZE; j += 4) {
			ck_assert_uint_lt(tb_jc_index(pages[i] + j), TB_JC_SIZE);
			n += !used[tb_jc_index(pages[i] + j)];
			used[tb_jc_index(pages[i] + j)] = true;
		}
		ck_assert_uint_eq(n, TB_PAGE_SIZE / 4);
	}
}
END_TEST

static Suite *jit_diff_suite(void)
{
	Suite *s = suite_create("jit_diff");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, blocks_become_host_code);
	tcase_add_test(tc, slow_paths_keep_no_insns);
	tcase_add_test(tc, perfmap_names_each_block);
	tcase_add_test(tc, inline_mem_with_the_block_el);
	tcase_add_test(tc, jump_cache_spreads_hot_pcs);
	tcase_add_loop_test(tc, random_streams_match_the_portable_tier, 0, 40);
	tcase_add_loop_test(tc, chained_loops_match_the_portable_tier, 0, 20);
	tcase_add_test(tc, nochain_links_nothing);
	tcase_add_test(tc, returns_probe_inline);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (!jit_supported())
		return check_skip("no code-emitting tier on this host");
	return check_run(jit_diff_suite());
}
