// SPDX-License-Identifier: GPL-2.0
/*
 * The x86-64 tier against the portable tier: random instruction streams
 * (the integer forms the tier emits inline, flag setters, CSEL and its
 * siblings, a few forms it calls, stores, and every direct branch as the
 * block end, forwards and backwards, taken or not) run on two identical
 * CPUs, one block at a time; after every block all registers, PC, NZCV
 * and the data memory must be equal. A small code buffer on the tier's
 * side makes it fill and flush along the way.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "tcg_rig.h"
#include "jit-x86_64/jit.h"

#define CODE_PA		RIG_RAM_BASE
#define DATA_PA		(RIG_RAM_BASE + 0x180000)
#define DATA_SIZE	0x1000
#define DATA_REG	28		/* holds DATA_PA; never a destination */
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

/* A destination field: any register but DATA_REG (31 is XZR or SP). */
static uint32_t rd_field(void)
{
	uint32_t r;

	do
		r = rbits(5);
	while (r == DATA_REG);
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

/* Called, not inlined: MADD, UBFM (LSR #n). */
static uint32_t gen_called(void)
{
	if (rnd() % 2)
		return 0x9b000000 | rbits(5) << 10 | regs3();
	return 0xd340fc00 | rbits(6) << 16 | rbits(5) << 5 | rd_field();
}

/* CSEL, CSINC, CSINV, CSNEG (C6.2.69 ...): sf, op, o2 and cond all random. */
static uint32_t gen_csel(void)
{
	return rbits(1) << 31 | rbits(1) << 30 | 0x1a800000 | rbits(4) << 12 |
	       rbits(1) << 10 | regs3();
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

static uint32_t gen_insn(void)
{
	static uint32_t (*const gens[])(void) = {
		gen_movewide, gen_addsub_imm, gen_logic_imm, gen_logic_reg, gen_addsub_reg,
		gen_addsub_ext, gen_adr, gen_called, gen_store, gen_csel, gen_flags,
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

	for (c = 0; c < CHUNKS && n + CHUNK_MAX + 4 < max; c++) {
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

static void cpu_setup(struct tcg_rig *r, const uint32_t *code, size_t n, uint64_t seed)
{
	unsigned int i;

	rig_put(r, CODE_PA, code, n);
	for (i = 0; i < 31; i++)
		r->cpu->r[i] = seed * (i + 1) * 0x9e3779b97f4a7c15ull;
	r->cpu->r[REG_SP] = DATA_PA + DATA_SIZE;
	r->cpu->r[DATA_REG] = DATA_PA;
	r->cpu->pc = CODE_PA;
}

static void run_seed(uint64_t seed)
{
	static uint32_t code[CHUNKS * (CHUNK_MAX + 4) + 1];
	struct tcg_run_opts one = { .max_blocks = 1, .stop_on_exc = true };
	struct tcg_rig a, b;
	struct av_err err = { 0 };
	unsigned int block;
	char what[32];
	size_t n;
	int ra, rb;

	rng_state = seed;
	n = gen_program(code, sizeof(code) / sizeof(code[0]));
	ck_assert_msg(!rig_init(&a, &err) && !rig_init(&b, &err), "%s", err.msg);
	ck_assert_msg(!tb_cache_set_jit(b.cpu, true, JIT_BUF, &err), "%s", err.msg);
	ck_assert(tb_cache_jit_on(b.cpu));
	cpu_setup(&a, code, n, seed);
	cpu_setup(&b, code, n, seed);
	for (block = 0; block < 6 * CHUNKS; block++) {
		ra = tcg_cpu_exec(a.cpu, &one);
		rb = tcg_cpu_exec(b.cpu, &one);
		ck_assert_int_eq(ra, rb);
		snprintf(what, sizeof(what), "block %u", block);
		ck_assert_msg(rig_same_state(&a, &b, DATA_PA, DATA_SIZE, what),
			      "seed %llu: the tiers differ", (unsigned long long)seed);
		if (a.cpu->sys.esr_el1)	/* the final BRK (or an UNDEFINED insn) */
			break;
	}
	ck_assert_uint_eq(a.cpu->sys.esr_el1, b.cpu->sys.esr_el1);
	/* The whole program ran: every generated encoding is allocated. */
	ck_assert_uint_eq(a.cpu->sys.esr_el1 >> 26, EC_BRK64);
	ck_assert_uint_ge(block, CHUNKS);
	rig_fini(&a);
	rig_fini(&b);
}

START_TEST(random_streams_match_the_portable_tier)
{
	run_seed((uint64_t)_i * 7919 + 1);
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

static Suite *jit_diff_suite(void)
{
	Suite *s = suite_create("jit_diff");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, blocks_become_host_code);
	tcase_add_loop_test(tc, random_streams_match_the_portable_tier, 0, 40);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (!jit_supported())
		return check_skip("no code-emitting tier on this host");
	return check_run(jit_diff_suite());
}
