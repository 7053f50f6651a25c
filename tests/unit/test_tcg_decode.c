// SPDX-License-Identifier: GPL-2.0
/*
 * accel-tcg decoding of the integer and branch groups: reserved and
 * unallocated encodings are UNDEFINED (ARM ARM C4.1 and the per-insn
 * "UNDEFINED if" rules), and which insns end or chain blocks. Encodings
 * were produced with aarch64-linux-gnu-as and then modified where a
 * reserved field value is wanted.
 */
#include <check.h>
#include <stdlib.h>

#include "../../accel-tcg/cpu.h"
#include "check_run.h"

static bool is_undefined(uint32_t raw)
{
	struct insn in;

	decode_insn(raw, &in);
	return in.fn == insn_undefined;
}

static const struct {
	uint32_t raw;
	const char *what;
} undefined_encodings[] = {
	{ 0x00000000, "UDF #0" },
	{ 0x02000000, "op0 = 0001, unallocated" },
	{ 0x0a028020, "AND (shifted register) 32-bit with shift amount 32" },
	{ 0x9300fc20, "SBFM 64-bit with N = 0" },
	{ 0x8bc20c20, "ADD (shifted register) with ROR" },
	{ 0x8b225420, "ADD (extended register) with shift 5" },
	{ 0x9240fc00, "AND (immediate) with an all-ones element" },
	{ 0x1ac25c20, "CRC32CX with sf = 0" },
	{ 0x9ac25820, "CRC32CW with sf = 1" },
	{ 0x13828020, "EXTR 32-bit with lsb 32" },
	{ 0x52c00000, "MOVZ 32-bit with hw = 2" },
	{ 0x32800000, "move wide with opc = 01" },
	{ 0x54000010, "B.cond with o0 = 1 (BC.cond is v8.8)" },
	{ 0xd61f081f, "BRAAZ (pointer authentication, not in v8.0)" },
	{ 0xdac10020, "PACIA (data processing 1 source, opcode2 = 1)" },
	{ 0x1ac00c20 | (1u << 29), "SDIV with S = 1" },
	{ 0x9b407c20 | (1u << 29), "SMULH with op54 = 01" },
};

START_TEST(reserved_encodings_are_undefined)
{
	ck_assert_msg(is_undefined(undefined_encodings[_i].raw), "0x%08x (%s) decoded",
		      undefined_encodings[_i].raw, undefined_encodings[_i].what);
}
END_TEST

static const uint32_t valid_encodings[] = {
	0x0a020020,	/* and w0, w1, w2 */
	0x9340fc20,	/* asr x0, x1, #0 (SBFM) */
	0x8b820c20,	/* add x0, x1, x2, asr #3 */
	0x8b225020,	/* add x0, x1, w2, uxtw #4 */
	0x9b027c20,	/* mul x0, x1, x2 */
	0x9ac25c20,	/* crc32cx w0, w1, x2 */
	0x93c2fc20,	/* extr x0, x1, x2, #63 */
	0xd65f0060,	/* ret x3 */
	0xd69f03e0,	/* eret */
};

START_TEST(valid_encodings_decode)
{
	ck_assert_msg(!is_undefined(valid_encodings[_i]), "0x%08x is UNDEFINED",
		      valid_encodings[_i]);
}
END_TEST

static const struct {
	uint32_t raw;
	bool ends, direct;
} block_rules[] = {
	{ 0x14000000, true, true },	/* b . */
	{ 0x94000000, true, true },	/* bl . */
	{ 0x35000003, true, true },	/* cbnz w3, . */
	{ 0xb6400003, true, true },	/* tbz x3, #40, . */
	{ 0x54000000, true, true },	/* b.eq . */
	{ 0xd61f0040, true, false },	/* br x2 */
	{ 0xd63f0040, true, false },	/* blr x2 */
	{ 0xd65f0060, true, false },	/* ret x3 */
	{ 0xd69f03e0, true, false },	/* eret */
	{ 0xd4000001, true, false },	/* svc #0 */
	{ 0xd5181000, true, false },	/* msr sctlr_el1, x0 */
	{ 0xd5380000, false, false },	/* mrs x0, midr_el1: a read */
	{ 0xd538d080, false, false },	/* mrs x0, tpidr_el1 */
	{ 0xd5033fdf, true, false },	/* isb */
	{ 0xd5033bbf, false, false },	/* dmb ish */
	{ 0xd5033b9f, false, false },	/* dsb ish */
	{ 0xd5033f5f, false, false },	/* clrex */
	{ 0xd50342ff, true, false },	/* msr daifclr, #2 */
	{ 0xd508871f, true, false },	/* tlbi vmalle1 */
	{ 0xd50b7520, true, false },	/* ic ivau, x0 */
	{ 0xd503201f, false, false },	/* nop */
	{ 0xd503203f, false, false },	/* yield */
	{ 0xd503207f, false, false },	/* wfi: leaves the loop by itself */
	{ 0x8b225020, false, false },	/* add */
	{ 0xf9400000, false, false },	/* ldr x0, [x0] */
};

START_TEST(block_ends_and_chaining)
{
	struct insn in;

	decode_insn(block_rules[_i].raw, &in);
	ck_assert_msg(insn_ends_block(&in) == block_rules[_i].ends,
		      "0x%08x: ends block", block_rules[_i].raw);
	ck_assert_msg(insn_is_direct_branch(&in) == block_rules[_i].direct,
		      "0x%08x: direct branch", block_rules[_i].raw);
}
END_TEST

/* Run one decoded insn on a bare register file. */
static int run_one(struct cpu_state *cpu, uint32_t raw)
{
	struct insn in;

	decode_insn(raw, &in);
	return in.fn(cpu, &in);
}

START_TEST(blr_x30_reads_the_target_before_linking)
{
	static struct cpu_state cpu;

	cpu.pc = 0x1000;
	cpu.r[30] = 0x2000;
	ck_assert_int_eq(run_one(&cpu, 0xd63f03c0 /* blr x30 */), INSN_BRANCH);
	ck_assert_uint_eq(cpu.pc, 0x2000);
	ck_assert_uint_eq(cpu.r[30], 0x1004);
}
END_TEST

START_TEST(writes_to_xzr_are_discarded)
{
	static struct cpu_state cpu;

	cpu.r[1] = 5;
	/* subs xzr, x1, #5 (cmp): flags only. */
	ck_assert_int_eq(run_one(&cpu, 0xf100143f), INSN_NEXT);
	ck_assert_uint_eq(cpu.r[REG_ZR], 0);
	ck_assert_uint_eq(cpu.nzcv, NZCV_Z | NZCV_C);
	/* add x0, xzr, #7 is ADD with SP as source: x0 = SP + 7. */
	cpu.r[REG_SP] = 0x100;
	ck_assert_int_eq(run_one(&cpu, 0x91001fe0), INSN_NEXT);
	ck_assert_uint_eq(cpu.r[0], 0x107);
}
END_TEST

static Suite *tcg_decode_suite(void)
{
	Suite *s = suite_create("tcg_decode");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, reserved_encodings_are_undefined, 0,
			    sizeof(undefined_encodings) / sizeof(undefined_encodings[0]));
	tcase_add_loop_test(tc, valid_encodings_decode, 0,
			    sizeof(valid_encodings) / sizeof(valid_encodings[0]));
	tcase_add_loop_test(tc, block_ends_and_chaining, 0,
			    sizeof(block_rules) / sizeof(block_rules[0]));
	tcase_add_test(tc, blr_x30_reads_the_target_before_linking);
	tcase_add_test(tc, writes_to_xzr_are_discarded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(tcg_decode_suite());
}
