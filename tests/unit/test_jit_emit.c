// SPDX-License-Identifier: GPL-2.0
/*
 * accel-tcg/jit-x86_64's encoder: what it writes is disassembled by
 * capstone and compared, mnemonic and operands, with the instruction it
 * was asked for; every register in every operand position, every size,
 * every addressing form; a buffer too small for an instruction keeps
 * every byte it had.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "check_run.h"
#include "jit-x86_64/emit.h"
#include "util.h"

#ifdef HAVE_CAPSTONE
#include <capstone/capstone.h>

/* Where the test code "executes": branch targets print relative to it. */
#define CODE_AT 0x1000u

/* One emitter call as data: the adapter picks the fields it needs. */
struct emit_case {
	const char *text;	/* capstone's "mnemonic operands", "; " between insns */
	unsigned int len;	/* expected bytes, 0: not checked */
	void (*emit)(struct x86_emit *e, const struct emit_case *c);
	enum x86_size sz;
	int op;			/* alu/shift/unary op, condition, or a second size */
	enum x86_gpr a, b;
	struct x86_mem m;
	int64_t imm;
};

#define ADAPT(name, call) \
	static void do_##name(struct x86_emit *e, const struct emit_case *c) { (void)c; call; }

ADAPT(mov_rr, x86_emit_mov_rr(e, c->sz, c->a, c->b))
ADAPT(mov_ri, x86_emit_mov_ri(e, c->sz, c->a, (uint64_t)c->imm))
ADAPT(mov_ri_sx32, x86_emit_mov_ri_sx32(e, c->a, (int32_t)c->imm))
ADAPT(movabs, x86_emit_movabs(e, c->a, (uint64_t)c->imm))
ADAPT(movzx_rr, x86_emit_movzx_rr(e, c->sz, c->a, c->b))
ADAPT(movsx_rr, x86_emit_movsx_rr(e, c->sz, c->op, c->a, c->b))
ADAPT(load_zx, x86_emit_load_zx(e, c->sz, c->a, c->m))
ADAPT(load_sx, x86_emit_load_sx(e, c->sz, c->op, c->a, c->m))
ADAPT(store, x86_emit_store(e, c->sz, c->m, c->a))
ADAPT(store_imm, x86_emit_store_imm(e, c->sz, c->m, (int32_t)c->imm))
ADAPT(lea, x86_emit_lea(e, c->sz, c->a, c->m))
ADAPT(alu_rr, x86_emit_alu_rr(e, c->op, c->sz, c->a, c->b))
ADAPT(alu_ri, x86_emit_alu_ri(e, c->op, c->sz, c->a, (int32_t)c->imm))
ADAPT(alu_rm, x86_emit_alu_rm(e, c->op, c->sz, c->a, c->m))
ADAPT(alu_mr, x86_emit_alu_mr(e, c->op, c->sz, c->m, c->a))
ADAPT(alu_mi, x86_emit_alu_mi(e, c->op, c->sz, c->m, (int32_t)c->imm))
ADAPT(test_rr, x86_emit_test_rr(e, c->sz, c->a, c->b))
ADAPT(test_ri, x86_emit_test_ri(e, c->sz, c->a, (int32_t)c->imm))
ADAPT(test_mi, x86_emit_test_mi(e, c->sz, c->m, (int32_t)c->imm))
ADAPT(unary, x86_emit_unary(e, c->op, c->sz, c->a))
ADAPT(cqo, x86_emit_cqo(e, c->sz))
ADAPT(shift_ri, x86_emit_shift_ri(e, c->op, c->sz, c->a, (uint8_t)c->imm))
ADAPT(shift_rcl, x86_emit_shift_rcl(e, c->op, c->sz, c->a))
ADAPT(imul_rr, x86_emit_imul_rr(e, c->sz, c->a, c->b))
ADAPT(imul_rm, x86_emit_imul_rm(e, c->sz, c->a, c->m))
ADAPT(imul_rri, x86_emit_imul_rri(e, c->sz, c->a, c->b, (int32_t)c->imm))
ADAPT(bsr, x86_emit_bsr(e, c->sz, c->a, c->b))
ADAPT(clz, x86_emit_clz(e, c->sz, c->a, c->b, c->op))
ADAPT(bswap, x86_emit_bswap(e, c->sz, c->a))
ADAPT(setcc, x86_emit_setcc(e, c->op, c->a))
ADAPT(cmovcc, x86_emit_cmovcc(e, c->op, c->sz, c->a, c->b))
ADAPT(lahf, x86_emit_lahf(e))
ADAPT(sahf, x86_emit_sahf(e))
ADAPT(xchg_mr, x86_emit_xchg_mr(e, c->sz, c->m, c->a))
ADAPT(cmpxchg, x86_emit_lock_cmpxchg(e, c->sz, c->m, c->a))
ADAPT(xadd, x86_emit_lock_xadd(e, c->sz, c->m, c->a))
ADAPT(mfence, x86_emit_mfence(e))
ADAPT(push, x86_emit_push(e, c->a))
ADAPT(pop, x86_emit_pop(e, c->a))
ADAPT(ret, x86_emit_ret(e))
ADAPT(nops, x86_emit_nops(e, (size_t)c->imm))
ADAPT(jcc_rel8, x86_emit_jcc_rel8(e, c->op, (int8_t)c->imm))
ADAPT(jmp_rel8, x86_emit_jmp_rel8(e, (int8_t)c->imm))
ADAPT(jcc_rel32, x86_emit_jcc_rel32(e, c->op, (int32_t)c->imm))
ADAPT(jmp_rel32, x86_emit_jmp_rel32(e, (int32_t)c->imm))
ADAPT(call_rel32, x86_emit_call_rel32(e, (int32_t)c->imm))
ADAPT(jcc_to, x86_emit_jcc_to(e, c->op, (uintptr_t)c->imm))
ADAPT(jmp_to, x86_emit_jmp_to(e, (uintptr_t)c->imm))
ADAPT(call_to, x86_emit_call_to(e, (uintptr_t)c->imm))
ADAPT(call_far, x86_emit_call_far(e, (uintptr_t)c->imm, c->a))
ADAPT(jmp_r, x86_emit_jmp_r(e, c->a))
ADAPT(jmp_m, x86_emit_jmp_m(e, c->m))
ADAPT(call_r, x86_emit_call_r(e, c->a))
ADAPT(call_m, x86_emit_call_m(e, c->m))

#define RAX X86_RAX
#define RCX X86_RCX
#define RDX X86_RDX
#define RBX X86_RBX
#define RSP X86_RSP
#define RBP X86_RBP
#define RSI X86_RSI
#define RDI X86_RDI
#define R8 X86_R8
#define R9 X86_R9
#define R11 X86_R11
#define R12 X86_R12
#define R13 X86_R13
#define R14 X86_R14
#define R15 X86_R15
#define B X86_SZ8
#define W X86_SZ16
#define D X86_SZ32
#define Q X86_SZ64
/* Memory operands as constant initializers (x86_mem() is not one). */
#define M(base, disp) { X86_##base, X86_NOREG, 1, disp }
#define MI(base, index, scale, disp) { X86_##base, X86_##index, scale, disp }

/*
 * The choices the encoder makes (imm8 or imm32, the MOV form), the
 * instructions the grids below do not reach, and the capstone texts of
 * both immediate signs.
 */
static const struct emit_case cases[] = {
	{ "mov eax, 0", 5, do_mov_ri, Q, 0, RAX, 0, {0}, 0 },
	{ "mov r9d, 0xffffffff", 6, do_mov_ri, Q, 0, R9, 0, {0}, 0xffffffff },
	{ "mov rax, -1", 7, do_mov_ri, Q, 0, RAX, 0, {0}, -1 },
	{ "mov r15, -0x80000000", 7, do_mov_ri, Q, 0, R15, 0, {0}, INT32_MIN },
	{ "movabs rax, 0x100000000", 10, do_mov_ri, Q, 0, RAX, 0, {0}, 0x100000000 },
	{ "movabs r12, 0x8000000000000000", 10, do_mov_ri, Q, 0, R12, 0, {0}, INT64_MIN },
	{ "mov eax, 0x23456789", 5, do_mov_ri, D, 0, RAX, 0, {0}, 0x123456789 },
	{ "mov di, 0x8000", 4, do_mov_ri, W, 0, RDI, 0, {0}, 0x8000 },
	{ "mov dil, 0x80", 3, do_mov_ri, B, 0, RDI, 0, {0}, 0x80 },
	{ "mov rsp, 5", 7, do_mov_ri_sx32, Q, 0, RSP, 0, {0}, 5 },
	{ "movabs r13, 1", 10, do_movabs, Q, 0, R13, 0, {0}, 1 },
	{ "add rax, 5", 4, do_alu_ri, Q, X86_ADD, RAX, 0, {0}, 5 },
	{ "add rax, -0x80", 4, do_alu_ri, Q, X86_ADD, RAX, 0, {0}, -128 },
	{ "add rax, 0x80", 7, do_alu_ri, Q, X86_ADD, RAX, 0, {0}, 128 },
	{ "sub r12d, 0xffffff7f", 7, do_alu_ri, D, X86_SUB, R12, 0, {0}, -129 },
	{ "and eax, 0xffffffff", 3, do_alu_ri, D, X86_AND, RAX, 0, {0}, -1 },
	{ "and rax, 0xffffffffffffffff", 4, do_alu_ri, Q, X86_AND, RAX, 0, {0}, -1 },
	{ "cmp ax, 0x1234", 5, do_alu_ri, W, X86_CMP, RAX, 0, {0}, 0x1234 },
	{ "xor sil, 0xff", 4, do_alu_ri, B, X86_XOR, RSI, 0, {0}, -1 },
	{ "cmp qword ptr [rsp + 8], -0x1000", 9, do_alu_mi, Q, X86_CMP, 0, 0, M(RSP, 8), -0x1000 },
	{ "or byte ptr [r13], 1", 5, do_alu_mi, B, X86_OR, 0, 0, M(R13, 0), 1 },
	{ "adc dword ptr [rbp - 4], 0x7fffffff", 7, do_alu_mi, D, X86_ADC, 0, 0, M(RBP, -4),
	  INT32_MAX },
	{ "sbb r8, qword ptr [r12 + 0x10]", 5, do_alu_rm, Q, X86_SBB, R8, 0, M(R12, 16), 0 },
	{ "add qword ptr [rip + 0x100], r15", 7, do_alu_mr, Q, X86_ADD, R15, 0, M(RIP, 256),
	  0 },
	{ "test rax, 0x3e8", 7, do_test_ri, Q, 0, RAX, 0, {0}, 1000 },
	{ "test dil, 1", 4, do_test_ri, B, 0, RDI, 0, {0}, 1 },
	{ "test r12w, 0xffff", 6, do_test_ri, W, 0, R12, 0, {0}, -1 },
	{ "test byte ptr [rbx + rdx + 0x1234], 0x10", 8, do_test_mi, B, 0, 0, 0,
	  MI(RBX, RDX, 1, 0x1234), 0x10 },
	{ "test dword ptr [r12 - 8], 0x80000", 9, do_test_mi, D, 0, 0, 0, M(R12, -8), 0x80000 },
	{ "test qword ptr [rax], -0x10", 7, do_test_mi, Q, 0, 0, 0, M(RAX, 0), -16 },
	{ "shl r8, 1", 3, do_shift_ri, Q, X86_SHL, R8, 0, {0}, 1 },
	{ "ror r8d, 0x1f", 4, do_shift_ri, D, X86_ROR, R8, 0, {0}, 31 },
	{ "sar spl, 7", 4, do_shift_ri, B, X86_SAR, RSP, 0, {0}, 7 },
	{ "rol bp, 8", 4, do_shift_ri, W, X86_ROL, RBP, 0, {0}, 8 },
	{ "imul rax, r13, 0x3e8", 7, do_imul_rri, Q, 0, RAX, R13, {0}, 1000 },
	{ "imul r12d, esp, -1", 4, do_imul_rri, D, 0, R12, RSP, {0}, -1 },
	{ "imul rbp, qword ptr [rbp]", 5, do_imul_rm, Q, 0, RBP, 0, M(RBP, 0), 0 },
	{ "mov ecx, 0x7f; bsr rax, rbx; cmove rax, rcx; xor rax, 0x3f", 0, do_clz, Q, RCX, RAX,
	  RBX, {0}, 0 },
	{ "mov r11d, 0x3f; bsr r12d, r12d; cmove r12d, r11d; xor r12d, 0x1f", 0, do_clz, D, R11,
	  R12, R12, {0}, 0 },
	{ "cqo", 2, do_cqo, Q, 0, 0, 0, {0}, 0 },
	{ "cdq", 1, do_cqo, D, 0, 0, 0, {0}, 0 },
	{ "lahf", 1, do_lahf, 0, 0, 0, 0, {0}, 0 },
	{ "sahf", 1, do_sahf, 0, 0, 0, 0, {0}, 0 },
	{ "mfence", 3, do_mfence, 0, 0, 0, 0, {0}, 0 },
	{ "ret", 1, do_ret, 0, 0, 0, 0, {0}, 0 },
	{ "xchg qword ptr [rdi], rsi", 3, do_xchg_mr, Q, 0, RSI, 0, M(RDI, 0), 0 },
	{ "xchg byte ptr [r8], bpl", 3, do_xchg_mr, B, 0, RBP, 0, M(R8, 0), 0 },
	{ "lock cmpxchg qword ptr [r12], r13", 6, do_cmpxchg, Q, 0, R13, 0, M(R12, 0), 0 },
	{ "lock cmpxchg word ptr [rdi], si", 5, do_cmpxchg, W, 0, RSI, 0, M(RDI, 0), 0 },
	{ "lock cmpxchg byte ptr [rdi], sil", 5, do_cmpxchg, B, 0, RSI, 0, M(RDI, 0), 0 },
	{ "lock cmpxchg dword ptr [rbp + rsi*4], eax", 6, do_cmpxchg, D, 0, RAX, 0,
	  MI(RBP, RSI, 4, 0), 0 },
	{ "lock xadd dword ptr [rax], ecx", 4, do_xadd, D, 0, RCX, 0, M(RAX, 0), 0 },
	{ "mov qword ptr [rsp + 8], -1", 9, do_store_imm, Q, 0, 0, 0, M(RSP, 8), -1 },
	{ "mov word ptr [r13], 0xffff", 7, do_store_imm, W, 0, 0, 0, M(R13, 0), -1 },
	{ "mov byte ptr [rax], 0x80", 3, do_store_imm, B, 0, 0, 0, M(RAX, 0), 0x80 },
	{ "mov dword ptr [r12 + 0x12345678], 0x12345678", 12, do_store_imm, D, 0, 0, 0,
	  M(R12, 0x12345678), 0x12345678 },
	{ "nop", 1, do_nops, 0, 0, 0, 0, {0}, 1 },
	{ "nop dword ptr [rax + rax]", 5, do_nops, 0, 0, 0, 0, {0}, 5 },
	{ "nop word ptr [rax + rax]; nop word ptr [rax + rax]", 15, do_nops, 0, 0, 0, 0, {0}, 15 },
	{ "je 0x1000", 2, do_jcc_rel8, 0, X86_CC_E, 0, 0, {0}, -2 },
	{ "jmp 0x1081", 2, do_jmp_rel8, 0, 0, 0, 0, {0}, 127 },
	{ "jg 0x1006", 6, do_jcc_rel32, 0, X86_CC_G, 0, 0, {0}, 0 },
	{ "jmp 0x1000", 5, do_jmp_rel32, 0, 0, 0, 0, {0}, -5 },
	{ "call 0x80001004", 5, do_call_rel32, 0, 0, 0, 0, {0}, INT32_MAX },
	{ "jne 0x2000", 6, do_jcc_to, 0, X86_CC_NE, 0, 0, {0}, 0x2000 },
	{ "jmp 0x1000", 5, do_jmp_to, 0, 0, 0, 0, {0}, 0x1000 },
	{ "call 0x7fff0000", 5, do_call_to, 0, 0, 0, 0, {0}, 0x7fff0000 },
	{ "call 0x80001004", 5, do_call_far, 0, 0, R11, 0, {0}, 0x80001004 },
	{ "movabs r11, 0x80001005; call r11", 13, do_call_far, 0, 0, R11, 0, {0}, 0x80001005 },
	{ "jmp qword ptr [r14 + 0x10]", 4, do_jmp_m, 0, 0, 0, 0, M(R14, 16), 0 },
	{ "call qword ptr [rip]", 6, do_call_m, 0, 0, 0, 0, M(RIP, 0), 0 },
};

static csh cs;

static const char *const reg_names[4][16] = {
	{ "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
	  "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b" },
	{ "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
	  "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w" },
	{ "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
	  "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d" },
	{ "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	  "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" },
};

static const char *const ptr_names[4] = { "byte ptr ", "word ptr ", "dword ptr ", "qword ptr " };

static const char *const cc_names[16] = {
	"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g",
};

static const enum x86_size sizes[4] = { B, W, D, Q };

static const char *reg(enum x86_size sz, enum x86_gpr r)
{
	return reg_names[__builtin_ctz(sz)][r];
}

/* Every instruction capstone finds in code, "; " between them. */
static void disas(const uint8_t *code, size_t len, char *out, size_t outlen)
{
	cs_insn *insn;
	size_t n = cs_disasm(cs, code, len, CODE_AT, 0, &insn);
	size_t used = 0;
	int at = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		at += snprintf(out + at, outlen - (size_t)at, "%s%s%s%s", i ? "; " : "",
			       insn[i].mnemonic, insn[i].op_str[0] ? " " : "", insn[i].op_str);
		used += insn[i].size;
	}
	if (used != len)
		snprintf(out + at, outlen - (size_t)at, " <%zu bytes not decoded>", len - used);
	if (n)
		cs_free(insn, n);
}

/*
 * Emit one case and compare. Plain if + ck_abort_msg: the grids run
 * ~200k cases, and every passing ck_assert writes to Check's pipe.
 */
static void check_case(const struct emit_case *c)
{
	uint8_t buf[64];
	char text[256];
	struct x86_emit e;

	x86_emit_init(&e, buf, sizeof(buf), CODE_AT);
	c->emit(&e, c);
	if (!x86_emit_ok(&e))
		ck_abort_msg("'%s' was not encoded", c->text);
	disas(buf, x86_emit_len(&e), text, sizeof(text));
	if (strcmp(text, c->text))
		ck_abort_msg("got '%s', want '%s'", text, c->text);
	if (c->len && x86_emit_len(&e) != c->len)
		ck_abort_msg("'%s': %zu bytes, want %u", c->text, x86_emit_len(&e), c->len);
}

START_TEST(chosen_forms)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		check_case(&cases[i]);
}
END_TEST

/* Two-register instructions; sizes is a mask of enum x86_size values. */
struct rr_op {
	void (*emit)(struct x86_emit *e, const struct emit_case *c);
	int op;
	const char *mnemonic;
	unsigned int sizes;
};

#define ALL (B | W | D | Q)

static const struct rr_op rr_ops[] = {
	{ do_mov_rr, 0, "mov", ALL },
	{ do_alu_rr, X86_ADD, "add", ALL },
	{ do_alu_rr, X86_OR, "or", ALL },
	{ do_alu_rr, X86_ADC, "adc", ALL },
	{ do_alu_rr, X86_SBB, "sbb", ALL },
	{ do_alu_rr, X86_AND, "and", ALL },
	{ do_alu_rr, X86_SUB, "sub", ALL },
	{ do_alu_rr, X86_XOR, "xor", ALL },
	{ do_alu_rr, X86_CMP, "cmp", ALL },
	{ do_test_rr, 0, "test", ALL },
	{ do_cmovcc, X86_CC_LE, "cmovle", W | D | Q },
	{ do_imul_rr, 0, "imul", W | D | Q },
	{ do_bsr, 0, "bsr", W | D | Q },
};

/* Every register as ModRM.reg and as ModRM.rm: REX.R/REX.B and SPL..DIL. */
START_TEST(register_pairs)
{
	char text[64];

	for (size_t i = 0; i < ARRAY_SIZE(rr_ops); i++)
		for (size_t s = 0; s < ARRAY_SIZE(sizes); s++)
			for (int a = 0; a < 16 && (rr_ops[i].sizes & sizes[s]); a++)
				for (int b = 0; b < 16; b++) {
					struct emit_case c = { .text = text, .emit = rr_ops[i].emit,
							       .sz = sizes[s], .op = rr_ops[i].op,
							       .a = a, .b = b };

					snprintf(text, sizeof(text), "%s %s, %s", rr_ops[i].mnemonic,
						 reg(sizes[s], a), reg(sizes[s], b));
					check_case(&c);
				}
}
END_TEST

/* One-register instructions: "mnemonic reg" plus a fixed tail. */
struct r_op {
	void (*emit)(struct x86_emit *e, const struct emit_case *c);
	int op;
	const char *mnemonic, *tail;
	unsigned int sizes;
	int64_t imm;
};

static const struct r_op r_ops[] = {
	{ do_unary, X86_NOT, "not", "", ALL, 0 },
	{ do_unary, X86_NEG, "neg", "", ALL, 0 },
	{ do_unary, X86_MUL, "mul", "", ALL, 0 },
	{ do_unary, X86_IMUL1, "imul", "", ALL, 0 },
	{ do_unary, X86_DIV, "div", "", ALL, 0 },
	{ do_unary, X86_IDIV, "idiv", "", ALL, 0 },
	{ do_shift_rcl, X86_ROL, "rol", ", cl", ALL, 0 },
	{ do_shift_rcl, X86_ROR, "ror", ", cl", ALL, 0 },
	{ do_shift_rcl, X86_SHL, "shl", ", cl", ALL, 0 },
	{ do_shift_rcl, X86_SHR, "shr", ", cl", ALL, 0 },
	{ do_shift_rcl, X86_SAR, "sar", ", cl", ALL, 0 },
	{ do_shift_ri, X86_SHR, "shr", ", 3", ALL, 3 },
	{ do_shift_ri, X86_SAR, "sar", ", 1", ALL, 1 },
	{ do_alu_ri, X86_ADD, "add", ", 0x7f", ALL, 0x7f },
	{ do_alu_ri, X86_SUB, "sub", ", 0x100", W | D | Q, 0x100 },
	{ do_test_ri, 0, "test", ", 0x40", ALL, 0x40 },
	{ do_mov_ri, 0, "mov", ", 0x12", B | W | D, 0x12 },
	{ do_mov_ri_sx32, 0, "mov", ", -0x12", Q, -0x12 },
	{ do_movabs, 0, "movabs", ", 0x12", Q, 0x12 },
	{ do_bswap, 0, "bswap", "", D | Q, 0 },
	{ do_push, 0, "push", "", Q, 0 },
	{ do_pop, 0, "pop", "", Q, 0 },
	{ do_jmp_r, 0, "jmp", "", Q, 0 },
	{ do_call_r, 0, "call", "", Q, 0 },
};

START_TEST(single_registers)
{
	char text[64];

	for (size_t i = 0; i < ARRAY_SIZE(r_ops); i++)
		for (size_t s = 0; s < ARRAY_SIZE(sizes); s++)
			for (int r = 0; r < 16 && (r_ops[i].sizes & sizes[s]); r++) {
				struct emit_case c = { .text = text, .emit = r_ops[i].emit,
						       .sz = sizes[s], .op = r_ops[i].op, .a = r,
						       .imm = r_ops[i].imm };

				snprintf(text, sizeof(text), "%s %s%s", r_ops[i].mnemonic,
					 reg(sizes[s], r), r_ops[i].tail);
				check_case(&c);
			}
}
END_TEST

/* SETcc and CMOVcc in all sixteen conditions, on every register. */
START_TEST(conditions)
{
	char text[64];

	for (int cc = 0; cc < 16; cc++)
		for (int r = 0; r < 16; r++) {
			struct emit_case set = { .text = text, .emit = do_setcc, .op = cc, .a = r };
			struct emit_case mov = { .text = text, .emit = do_cmovcc, .sz = Q, .op = cc,
						 .a = r, .b = 15 - r };

			snprintf(text, sizeof(text), "set%s %s", cc_names[cc], reg(B, r));
			check_case(&set);
			snprintf(text, sizeof(text), "cmov%s %s, %s", cc_names[cc], reg(Q, r),
				 reg(Q, 15 - r));
			check_case(&mov);
		}
}
END_TEST

/* Register extensions: UXTB/UXTH/SXTB/SXTH/SXTW and the W-register moves. */
struct ext_op {
	void (*emit)(struct x86_emit *e, const struct emit_case *c);
	enum x86_size from, to;
	const char *mnemonic;
	enum x86_size dst, src;
};

static const struct ext_op ext_ops[] = {
	{ do_movzx_rr, B, Q, "movzx", D, B },
	{ do_movzx_rr, W, Q, "movzx", D, W },
	{ do_movzx_rr, D, Q, "mov", D, D },
	{ do_movzx_rr, Q, Q, "mov", Q, Q },
	{ do_movsx_rr, B, D, "movsx", D, B },
	{ do_movsx_rr, B, Q, "movsx", Q, B },
	{ do_movsx_rr, W, D, "movsx", D, W },
	{ do_movsx_rr, W, Q, "movsx", Q, W },
	{ do_movsx_rr, D, Q, "movsxd", Q, D },
	{ do_movsx_rr, D, D, "mov", D, D },
};

START_TEST(extensions)
{
	char text[64];

	for (size_t i = 0; i < ARRAY_SIZE(ext_ops); i++)
		for (int a = 0; a < 16; a++)
			for (int b = 0; b < 16; b++) {
				const struct ext_op *x = &ext_ops[i];
				struct emit_case c = { .text = text, .emit = x->emit, .sz = x->from,
						       .op = x->to, .a = a, .b = b };

				snprintf(text, sizeof(text), "%s %s, %s", x->mnemonic,
					 reg(x->dst, a), reg(x->src, b));
				check_case(&c);
			}
}
END_TEST

/* capstone prints 0..9 in decimal, larger magnitudes in hex. */
static int put_num(char *out, size_t len, uint64_t v)
{
	return snprintf(out, len, v > 9 ? "0x%" PRIx64 : "%" PRIu64, v);
}

/* capstone's text for a memory operand, "qword ptr [rbx + r12*4 - 0x80]". */
static void mem_text(char *out, size_t len, const char *ptr, struct x86_mem m)
{
	int at = snprintf(out, len, "%s[", ptr);
	const char *sep = "";

	if (m.base == X86_NOREG && m.index == X86_NOREG) {
		at += put_num(out + at, len - (size_t)at, (uint64_t)(int64_t)m.disp);
		snprintf(out + at, len - (size_t)at, "]");
		return;
	}
	if (m.base != X86_NOREG) {
		at += snprintf(out + at, len - (size_t)at, "%s",
			       m.base == X86_RIP ? "rip" : reg(Q, m.base));
		sep = " + ";
	}
	if (m.index != X86_NOREG)
		at += snprintf(out + at, len - (size_t)at, m.scale > 1 ? "%s%s*%u" : "%s%s",
			       sep, reg(Q, m.index), m.scale);
	if (m.disp)
		at += snprintf(out + at, len - (size_t)at, " %c ", m.disp < 0 ? '-' : '+');
	if (m.disp)
		at += put_num(out + at, len - (size_t)at,
			      m.disp < 0 ? -(uint64_t)(int64_t)m.disp : (uint64_t)m.disp);
	snprintf(out + at, len - (size_t)at, "]");
}

static const int32_t disps[] = {
	0, 1, -1, 9, 10, 127, -128, 128, -129, 0x12345678, INT32_MIN, INT32_MAX,
};

static const uint8_t scales[] = { 1, 2, 4, 8 };

/*
 * Every base (and none) with every index (and none), scale and
 * displacement class, under every ModRM.reg: the SIB for RSP/R12, the
 * disp8 for RBP/R13, REX.X/REX.B, disp8 against disp32.
 */
START_TEST(addressing_forms)
{
	char text[128], mem[96];

	for (int base = 0; base <= X86_NOREG; base++)
		for (int index = 0; index <= X86_NOREG; index++)
			for (size_t s = 0; s < (index == X86_NOREG ? 1 : ARRAY_SIZE(scales)); s++)
				for (size_t d = 0; d < ARRAY_SIZE(disps) && index != X86_RSP; d++) {
					struct x86_mem m = x86_mem_idx(base, index, scales[s],
								       disps[d]);

					mem_text(mem, sizeof(mem), ptr_names[3], m);
					for (int r = 0; r < 16; r++) {
						struct emit_case c = { .text = text,
								       .emit = do_load_zx, .sz = Q,
								       .a = r, .m = m };

						snprintf(text, sizeof(text), "mov %s, %s", reg(Q, r),
							 mem);
						check_case(&c);
					}
				}
}
END_TEST

/* Memory-operand instructions of every size; reg_sz 0: no register operand. */
struct m_op {
	void (*emit)(struct x86_emit *e, const struct emit_case *c);
	enum x86_size sz;
	int op;
	const char *mnemonic;
	enum x86_size reg_sz;
	const char *ptr;
	bool reg_first;
	int64_t imm;
	const char *tail;
};

#define PB "byte ptr "
#define PW "word ptr "
#define PD "dword ptr "
#define PQ "qword ptr "

static const struct m_op m_ops[] = {
	{ do_load_zx, B, 0, "movzx", D, PB, true, 0, "" },
	{ do_load_zx, W, 0, "movzx", D, PW, true, 0, "" },
	{ do_load_zx, D, 0, "mov", D, PD, true, 0, "" },
	{ do_load_sx, B, D, "movsx", D, PB, true, 0, "" },
	{ do_load_sx, B, Q, "movsx", Q, PB, true, 0, "" },
	{ do_load_sx, W, D, "movsx", D, PW, true, 0, "" },
	{ do_load_sx, W, Q, "movsx", Q, PW, true, 0, "" },
	{ do_load_sx, D, Q, "movsxd", Q, PD, true, 0, "" },
	{ do_store, B, 0, "mov", B, PB, false, 0, "" },
	{ do_store, W, 0, "mov", W, PW, false, 0, "" },
	{ do_store, D, 0, "mov", D, PD, false, 0, "" },
	{ do_store, Q, 0, "mov", Q, PQ, false, 0, "" },
	{ do_lea, D, 0, "lea", D, "", true, 0, "" },
	{ do_lea, Q, 0, "lea", Q, "", true, 0, "" },
	{ do_alu_rm, Q, X86_ADD, "add", Q, PQ, true, 0, "" },
	{ do_alu_rm, B, X86_CMP, "cmp", B, PB, true, 0, "" },
	{ do_alu_mr, D, X86_XOR, "xor", D, PD, false, 0, "" },
	{ do_alu_mr, W, X86_SUB, "sub", W, PW, false, 0, "" },
	{ do_imul_rm, W, 0, "imul", W, PW, true, 0, "" },
	{ do_xchg_mr, Q, 0, "xchg", Q, PQ, false, 0, "" },
	{ do_cmpxchg, D, 0, "lock cmpxchg", D, PD, false, 0, "" },
	{ do_xadd, Q, 0, "lock xadd", Q, PQ, false, 0, "" },
	{ do_store_imm, B, 0, "mov", 0, PB, false, 5, ", 5" },
	{ do_store_imm, W, 0, "mov", 0, PW, false, 5, ", 5" },
	{ do_store_imm, D, 0, "mov", 0, PD, false, 5, ", 5" },
	{ do_store_imm, Q, 0, "mov", 0, PQ, false, 5, ", 5" },
	{ do_alu_mi, D, X86_SUB, "sub", 0, PD, false, 0x100, ", 0x100" },
	{ do_alu_mi, Q, X86_AND, "and", 0, PQ, false, 8, ", 8" },
	{ do_jmp_m, 0, 0, "jmp", 0, PQ, false, 0, "" },
	{ do_call_m, 0, 0, "call", 0, PQ, false, 0, "" },
};

static void m_op_text(char *out, size_t len, const struct m_op *o, enum x86_gpr r,
		      const char *mem)
{
	if (!o->reg_sz)
		snprintf(out, len, "%s %s%s", o->mnemonic, mem, o->tail);
	else if (o->reg_first)
		snprintf(out, len, "%s %s, %s", o->mnemonic, reg(o->reg_sz, r), mem);
	else
		snprintf(out, len, "%s %s, %s", o->mnemonic, mem, reg(o->reg_sz, r));
}

static const struct x86_mem sized_mems[] = {
	{ X86_RSP, X86_NOREG, 1, 0 }, { X86_RBP, X86_NOREG, 1, 0 },
	{ X86_R12, X86_NOREG, 1, -1 }, { X86_R13, X86_NOREG, 1, 0x1000 },
	{ X86_RAX, X86_R13, 8, 0 }, { X86_R15, X86_R12, 2, -0x1000 },
	{ X86_NOREG, X86_RBP, 4, 0 }, { X86_NOREG, X86_NOREG, 1, 0x40 },
	{ X86_RIP, X86_NOREG, 1, -8 }, { X86_RIP, X86_NOREG, 1, 0x7fffffff },
};

START_TEST(memory_instructions)
{
	char text[160], mem[96];

	for (size_t i = 0; i < ARRAY_SIZE(m_ops); i++)
		for (size_t k = 0; k < ARRAY_SIZE(sized_mems); k++)
			for (int r = 0; r < 16; r++) {
				const struct m_op *o = &m_ops[i];
				struct emit_case c = { .text = text, .emit = o->emit, .sz = o->sz,
						       .op = o->op, .a = r, .m = sized_mems[k],
						       .imm = o->imm };

				mem_text(mem, sizeof(mem), o->ptr, sized_mems[k]);
				m_op_text(text, sizeof(text), o, r, mem);
				check_case(&c);
			}
}
END_TEST

/* Fill the buffer past `end` with a pattern nothing may change. */
#define GUARD 0xA5

/*
 * An instruction that does not fit writes nothing; a sequence (CLZ,
 * CALL through a register) may leave its first instructions, never a
 * byte past the end.
 */
static void check_no_write(const struct emit_case *c, size_t room)
{
	bool single = !strchr(c->text, ';');
	uint8_t buf[64];
	struct x86_emit e;

	memset(buf, GUARD, sizeof(buf));
	x86_emit_init(&e, buf, room, CODE_AT);
	c->emit(&e, c);
	if (!e.overflow || (single && e.p != buf))
		ck_abort_msg("'%s' in %zu bytes: overflow %d, %zu written", c->text, room,
			     e.overflow, x86_emit_len(&e));
	for (size_t i = single ? 0 : room; i < sizeof(buf); i++)
		if (buf[i] != GUARD)
			ck_abort_msg("'%s' in %zu bytes wrote byte %zu", c->text, room, i);
}

/* Every instruction in every buffer one byte too small, down to none. */
START_TEST(full_buffer_writes_nothing)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint8_t buf[64];
		struct x86_emit e;

		x86_emit_init(&e, buf, sizeof(buf), CODE_AT);
		cases[i].emit(&e, &cases[i]);
		for (size_t room = 0; room < x86_emit_len(&e); room++)
			check_no_write(&cases[i], room);
	}
}
END_TEST

/* A stream of instructions stops at the end, whatever its length. */
START_TEST(stream_stops_at_end)
{
	uint8_t buf[100];
	struct x86_emit e;

	for (size_t room = 0; room < 40; room++) {
		memset(buf, GUARD, sizeof(buf));
		x86_emit_init(&e, buf, room, CODE_AT);
		for (int i = 0; i < 20; i++) {
			x86_emit_movabs(&e, X86_R15, ~0ull);
			x86_emit_ret(&e);
		}
		ck_assert(e.overflow);
		ck_assert(e.p <= e.end);
		for (size_t i = room; i < sizeof(buf); i++)
			ck_assert_uint_eq(buf[i], GUARD);
	}
}
END_TEST

/* What cannot be encoded writes nothing and says so. */
START_TEST(bad_operands_are_refused)
{
	static const struct x86_mem bad[] = {
		{ X86_RAX, X86_RSP, 1, 0 },	/* SIB index 100 means "none" */
		{ X86_RIP, X86_RAX, 1, 0 },	/* RIP takes no index */
		{ X86_RAX, X86_RCX, 3, 0 },
		{ X86_RAX, X86_RIP, 1, 0 },
	};
	uint8_t buf[16];
	struct x86_emit e;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		x86_emit_init(&e, buf, sizeof(buf), CODE_AT);
		x86_emit_load_zx(&e, Q, X86_RAX, bad[i]);
		ck_assert(e.invalid);
		ck_assert(!x86_emit_ok(&e));
		ck_assert_uint_eq(x86_emit_len(&e), 0);
	}
	x86_emit_init(&e, buf, sizeof(buf), CODE_AT);
	x86_emit_mov_rr(&e, Q, X86_NOREG, X86_RAX);
	ck_assert(e.invalid);
	x86_emit_init(&e, buf, sizeof(buf), CODE_AT);
	ck_assert_ptr_null(x86_emit_jmp_to(&e, CODE_AT + 0x80000005ull));
	ck_assert(e.invalid);
	ck_assert_uint_eq(x86_emit_len(&e), 0);
}
END_TEST

static void check_text(const struct x86_emit *e, const char *want)
{
	char text[256];

	ck_assert(x86_emit_ok(e));
	disas(e->start, x86_emit_len(e), text, sizeof(text));
	ck_assert_str_eq(text, want);
}

START_TEST(labels_forward_and_back)
{
	uint8_t buf[512];
	struct x86_emit e;
	struct x86_label fwd, back;

	x86_emit_init(&e, buf, sizeof(buf), CODE_AT);
	x86_label_init(&fwd);
	x86_label_init(&back);
	x86_label_bind(&e, &back);
	x86_emit_jcc_label(&e, X86_CC_NE, &fwd);
	x86_emit_jmp_label(&e, &fwd);
	x86_emit_jcc_label(&e, X86_CC_B, &back);
	x86_label_bind(&e, &fwd);
	x86_emit_ret(&e);
	/* jne at 0x1000 (6), jmp at 0x1006 (5), jb rel8 at 0x100b (2): fwd is 0x100d. */
	check_text(&e, "jne 0x100d; jmp 0x100d; jb 0x1000; ret");

	x86_emit_nops(&e, 200);
	x86_emit_jmp_label(&e, &back);
	ck_assert_uint_eq(x86_emit_len(&e), 14 + 200 + 5);
	ck_assert_uint_eq(e.p[-5], 0xE9);
}
END_TEST

/* Short forward jumps: a rel8 field patched at the bind, refused out of reach. */
START_TEST(labels_short_forward)
{
	uint8_t buf[512];
	struct x86_emit e;
	struct x86_label fwd;

	x86_emit_init(&e, buf, sizeof(buf), CODE_AT);
	x86_label_init(&fwd);
	x86_emit_jcc_label8(&e, X86_CC_E, &fwd);
	x86_emit_jmp_label(&e, &fwd);
	x86_emit_jmp_label8(&e, &fwd);
	x86_label_bind(&e, &fwd);
	x86_emit_ret(&e);
	/* je at 0x1000 (2), jmp rel32 at 0x1002 (5), jmp rel8 at 0x1007 (2): fwd is 0x1009. */
	check_text(&e, "je 0x1009; jmp 0x1009; jmp 0x1009; ret");

	x86_emit_init(&e, buf, sizeof(buf), CODE_AT);
	x86_label_init(&fwd);
	x86_emit_jmp_label8(&e, &fwd);
	x86_emit_nops(&e, 127);
	x86_label_bind(&e, &fwd);
	ck_assert(x86_emit_ok(&e));
	ck_assert_uint_eq(buf[1], 127);

	x86_emit_init(&e, buf, sizeof(buf), CODE_AT);
	x86_label_init(&fwd);
	x86_emit_jcc_label8(&e, X86_CC_NE, &fwd);
	x86_emit_nops(&e, 128);
	x86_label_bind(&e, &fwd);
	ck_assert(e.invalid);
}
END_TEST

START_TEST(label_misuse_is_refused)
{
	uint8_t buf[256];
	struct x86_emit e;
	struct x86_label l;

	x86_emit_init(&e, buf, sizeof(buf), CODE_AT);
	x86_label_init(&l);
	for (int i = 0; i < X86_LABEL_REFS; i++)
		x86_emit_jmp_label(&e, &l);
	ck_assert(x86_emit_ok(&e));
	x86_emit_jmp_label(&e, &l);
	ck_assert(e.invalid);

	x86_emit_init(&e, buf, sizeof(buf), CODE_AT);
	x86_label_init(&l);
	x86_label_bind(&e, &l);
	x86_label_bind(&e, &l);
	ck_assert(e.invalid);
}
END_TEST

/* Chaining: the field is aligned and retargeted in place; out of reach it stays. */
START_TEST(patchable_jump)
{
	uint8_t buf[64];
	struct x86_emit e;

	for (uintptr_t at = CODE_AT; at < CODE_AT + 4; at++) {
		uint8_t *field;

		x86_emit_init(&e, buf, sizeof(buf), at);
		field = x86_emit_jmp_patchable(&e, at);
		ck_assert_ptr_nonnull(field);
		ck_assert_uint_eq((at + (uintptr_t)(field - buf)) % 4, 0);
		ck_assert(x86_patch_rel32(field, at + (uintptr_t)(field - buf), 0x2000));
		ck_assert_ptr_eq(field + 4, e.p);
		if (at == CODE_AT) {
			x86_emit_init(&e, buf, sizeof(buf), CODE_AT);
			e.p = field + 4;
			check_text(&e, "nop dword ptr [rax]; jmp 0x2000");
		}
	}
	x86_emit_init(&e, buf, sizeof(buf), CODE_AT);
	ck_assert_ptr_eq(x86_emit_jmp_rel32(&e, 0), buf + 1);
	ck_assert(!x86_patch_rel32(buf + 1, CODE_AT + 1, CODE_AT + 5 + 0x80000000ull));
	check_text(&e, "jmp 0x1005");
}
END_TEST

static Suite *jit_emit_suite(void)
{
	Suite *s = suite_create("jit_emit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, chosen_forms);
	tcase_add_test(tc, register_pairs);
	tcase_add_test(tc, single_registers);
	tcase_add_test(tc, conditions);
	tcase_add_test(tc, extensions);
	tcase_add_test(tc, addressing_forms);
	tcase_add_test(tc, memory_instructions);
	tcase_add_test(tc, full_buffer_writes_nothing);
	tcase_add_test(tc, stream_stops_at_end);
	tcase_add_test(tc, bad_operands_are_refused);
	tcase_add_test(tc, labels_forward_and_back);
	tcase_add_test(tc, labels_short_forward);
	tcase_add_test(tc, label_misuse_is_refused);
	tcase_add_test(tc, patchable_jump);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	int ret;

	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK)
		return check_skip("capstone cannot open x86-64 here");
	ret = check_run(jit_emit_suite());
	cs_close(&cs);
	return ret;
}
#else
int main(void)
{
	return check_skip("built without capstone");
}
#endif
