// SPDX-License-Identifier: GPL-2.0
/*
 * Data processing - immediate (ARM ARM C4.1.86): PC-relative addressing,
 * add/subtract, logical, move wide, bitfield and extract.
 *
 * Decoders pre-compute everything constant (the decoded bit masks, the
 * negated immediate of SUB, MOV aliases) so handlers stay one-liners.
 */
#include "a64.h"
#include "cpu.h"

/* ---- handlers ---- */

static int dpi_movi(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = in->imm;
	return INSN_NEXT;
}

static int dpi_movk(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t v = (cpu->r[in->rd] & ~in->imm2) | in->imm;

	cpu->r[in->rd] = in->sf ? v : (uint32_t)v;
	return INSN_NEXT;
}

static int dpi_adr(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = insn_pc(cpu, in) + in->imm;
	return INSN_NEXT;
}

static int dpi_adrp(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (insn_pc(cpu, in) & ~0xfffull) + in->imm;
	return INSN_NEXT;
}

/* ADD/SUB (no flags): SUB is ADD of the negated immediate. */
static int dpi_add64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] + in->imm;
	return INSN_NEXT;
}

static int dpi_add32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)(cpu->r[in->rn] + in->imm);
	return INSN_NEXT;
}

static int dpi_adds64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_add64(cpu->r[in->rn], in->imm, &cpu->nzcv);
	return INSN_NEXT;
}

static int dpi_subs64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_sub64(cpu->r[in->rn], in->imm, &cpu->nzcv);
	return INSN_NEXT;
}

static int dpi_adds32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_add32((uint32_t)cpu->r[in->rn], (uint32_t)in->imm,
				   &cpu->nzcv);
	return INSN_NEXT;
}

static int dpi_subs32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_sub32((uint32_t)cpu->r[in->rn], (uint32_t)in->imm,
				   &cpu->nzcv);
	return INSN_NEXT;
}

/* Logical immediates; imm is already truncated to 32 bits when !sf. */
static int dpi_and(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] & in->imm;
	return INSN_NEXT;
}

static int dpi_orr64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] | in->imm;
	return INSN_NEXT;
}

static int dpi_orr32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)(cpu->r[in->rn] | in->imm);
	return INSN_NEXT;
}

static int dpi_eor64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] ^ in->imm;
	return INSN_NEXT;
}

static int dpi_eor32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)(cpu->r[in->rn] ^ in->imm);
	return INSN_NEXT;
}

static int dpi_ands64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t v = cpu->r[in->rn] & in->imm;

	cpu->nzcv = alu_nz64(v);
	cpu->r[in->rd] = v;
	return INSN_NEXT;
}

static int dpi_ands32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t v = (uint32_t)(cpu->r[in->rn] & in->imm);

	cpu->nzcv = alu_nz32(v);
	cpu->r[in->rd] = v;
	return INSN_NEXT;
}

/*
 * Bitfield moves (ARM ARM C6.2 SBFM/BFM/UBFM): a = R (rotate),
 * imm = wmask, imm2 = tmask.
 */
static int dpi_ubfm64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_ror64(cpu->r[in->rn], in->a) & in->imm & in->imm2;
	return INSN_NEXT;
}

static int dpi_ubfm32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_ror32((uint32_t)cpu->r[in->rn], in->a) &
			 in->imm & in->imm2;
	return INSN_NEXT;
}

static int dpi_sbfm64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t src = cpu->r[in->rn];
	uint64_t bot = alu_ror64(src, in->a) & in->imm;
	uint64_t top = (src >> in->b) & 1 ? ~0ull : 0;

	cpu->r[in->rd] = (top & ~in->imm2) | (bot & in->imm2);
	return INSN_NEXT;
}

static int dpi_sbfm32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t src = (uint32_t)cpu->r[in->rn];
	uint32_t bot = alu_ror32(src, in->a) & (uint32_t)in->imm;
	uint32_t top = (src >> in->b) & 1 ? ~0u : 0;

	cpu->r[in->rd] = (top & ~(uint32_t)in->imm2) | (bot & (uint32_t)in->imm2);
	return INSN_NEXT;
}

static int dpi_bfm64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t dst = cpu->r[in->rd];
	uint64_t bot = (dst & ~in->imm) | (alu_ror64(cpu->r[in->rn], in->a) & in->imm);

	cpu->r[in->rd] = (dst & ~in->imm2) | (bot & in->imm2);
	return INSN_NEXT;
}

static int dpi_bfm32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t dst = (uint32_t)cpu->r[in->rd];
	uint32_t wm = (uint32_t)in->imm, tm = (uint32_t)in->imm2;
	uint32_t bot = (dst & ~wm) | (alu_ror32((uint32_t)cpu->r[in->rn], in->a) & wm);

	cpu->r[in->rd] = (dst & ~tm) | (bot & tm);
	return INSN_NEXT;
}

/* Fast forms of the commonest aliases: LSL, LSR, ASR by an immediate. */
static int dpi_lsl64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] << in->a;
	return INSN_NEXT;
}

static int dpi_lsl32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)(cpu->r[in->rn] << in->a);
	return INSN_NEXT;
}

static int dpi_lsr64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] >> in->a;
	return INSN_NEXT;
}

static int dpi_lsr32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)cpu->r[in->rn] >> in->a;
	return INSN_NEXT;
}

static int dpi_asr64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint64_t)((int64_t)cpu->r[in->rn] >> in->a);
	return INSN_NEXT;
}

static int dpi_asr32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)((int32_t)cpu->r[in->rn] >> in->a);
	return INSN_NEXT;
}

/* EXTR: (Rn:Rm) >> a; a = 0 gives Rm. */
static int dpi_extr64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t lo = cpu->r[in->rm], hi = cpu->r[in->rn];

	cpu->r[in->rd] = in->a ? (lo >> in->a) | (hi << (64 - in->a)) : lo;
	return INSN_NEXT;
}

static int dpi_extr32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t lo = (uint32_t)cpu->r[in->rm], hi = (uint32_t)cpu->r[in->rn];

	cpu->r[in->rd] = in->a ? (uint32_t)((lo >> in->a) | (hi << (32 - in->a))) : lo;
	return INSN_NEXT;
}

/*
 * CMP #imm fused with the B.cond after it: imm = the immediate, a = the
 * condition, imm2 = the branch target relative to this insn.
 */
static int dpi_cmp64_bcond(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);

	alu_sub64(cpu->r[in->rn], in->imm, &cpu->nzcv);
	cpu->pc = alu_cond(cpu->nzcv, in->a) ? pc + in->imm2 : pc + 8;
	return INSN_BRANCH;
}

static int dpi_cmp32_bcond(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);

	alu_sub32((uint32_t)cpu->r[in->rn], (uint32_t)in->imm, &cpu->nzcv);
	cpu->pc = alu_cond(cpu->nzcv, in->a) ? pc + in->imm2 : pc + 8;
	return INSN_BRANCH;
}

bool dpi_fuse_bcond(struct insn *cmp, const struct insn *bcond)
{
	if (cmp->rd != REG_SINK || (cmp->fn != dpi_subs64 && cmp->fn != dpi_subs32))
		return false;
	cmp->fn = cmp->fn == dpi_subs64 ? dpi_cmp64_bcond : dpi_cmp32_bcond;
	cmp->a = bcond->a;
	cmp->imm2 = bcond->imm + 4;
	return true;
}

/* ---- decoders ---- */

static uint64_t sext(uint64_t v, unsigned int bits)
{
	return (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

static int decode_pcrel(uint32_t raw, struct insn *out)
{
	uint64_t imm = (((raw >> 5) & 0x7ffff) << 2) | ((raw >> 29) & 3);

	out->rd = reg_dst(raw & 31);
	if (raw >> 31) {
		out->fn = dpi_adrp;
		out->imm = sext(imm, 21) << 12;
	} else {
		out->fn = dpi_adr;
		out->imm = sext(imm, 21);
	}
	return 0;
}

static int decode_addsub_imm(uint32_t raw, struct insn *out)
{
	unsigned int sf = raw >> 31, op = (raw >> 30) & 1, s = (raw >> 29) & 1;
	uint64_t imm = (raw >> 10) & 0xfff;

	if ((raw >> 22) & 1)
		imm <<= 12;
	out->sf = (uint8_t)sf;
	out->rn = reg_sp((raw >> 5) & 31);
	if (!s) {
		out->rd = reg_sp(raw & 31);
		out->imm = op ? (uint64_t)-imm : imm;
		out->fn = sf ? dpi_add64 : dpi_add32;
		return 0;
	}
	out->rd = reg_dst(raw & 31);
	out->imm = imm;
	if (sf)
		out->fn = op ? dpi_subs64 : dpi_adds64;
	else
		out->fn = op ? dpi_subs32 : dpi_adds32;
	return 0;
}

static int decode_logic_imm(uint32_t raw, struct insn *out)
{
	unsigned int sf = raw >> 31, opc = (raw >> 29) & 3, n = (raw >> 22) & 1;
	unsigned int rn = (raw >> 5) & 31;
	uint64_t wmask, tmask;

	if (!sf && n)
		return 0;
	if (!alu_decode_bitmasks(n, (raw >> 10) & 0x3f, (raw >> 16) & 0x3f, true,
				 sf ? 64 : 32, &wmask, &tmask))
		return 0;
	out->sf = (uint8_t)sf;
	out->imm = wmask;
	out->rn = reg_src(rn);
	out->rd = opc == 3 ? reg_dst(raw & 31) : reg_sp(raw & 31);
	switch (opc) {
	case 0:
		out->fn = dpi_and;
		break;
	case 1:
		out->fn = rn == 31 ? dpi_movi : sf ? dpi_orr64 : dpi_orr32;
		break;
	case 2:
		out->fn = sf ? dpi_eor64 : dpi_eor32;
		break;
	default:
		out->fn = sf ? dpi_ands64 : dpi_ands32;
		break;
	}
	return 0;
}

static int decode_movewide(uint32_t raw, struct insn *out)
{
	unsigned int sf = raw >> 31, opc = (raw >> 29) & 3, hw = (raw >> 21) & 3;
	uint64_t imm = (uint64_t)((raw >> 5) & 0xffff) << (hw * 16);

	if (opc == 1 || (!sf && hw >= 2))
		return 0;
	out->sf = (uint8_t)sf;
	out->rd = reg_dst(raw & 31);
	switch (opc) {
	case 0:		/* MOVN */
		imm = ~imm;
		out->imm = sf ? imm : (uint32_t)imm;
		out->fn = dpi_movi;
		break;
	case 2:		/* MOVZ */
		out->imm = imm;
		out->fn = dpi_movi;
		break;
	default:	/* MOVK */
		out->imm = imm;
		out->imm2 = 0xffffull << (hw * 16);
		out->fn = dpi_movk;
		break;
	}
	return 0;
}

/* Pick a shift handler for the LSL/LSR/ASR aliases, else NULL. */
static insn_fn bitfield_alias(unsigned int opc, unsigned int sf,
			      unsigned int immr, unsigned int imms,
			      struct insn *out)
{
	unsigned int top = sf ? 63 : 31;

	if (opc == 2 && imms != top && imms + 1 == immr) {
		out->a = (uint8_t)(top - imms);
		return sf ? dpi_lsl64 : dpi_lsl32;
	}
	if (opc == 2 && imms == top) {
		out->a = (uint8_t)immr;
		return sf ? dpi_lsr64 : dpi_lsr32;
	}
	if (opc == 0 && imms == top) {
		out->a = (uint8_t)immr;
		return sf ? dpi_asr64 : dpi_asr32;
	}
	return NULL;
}

static int decode_bitfield(uint32_t raw, struct insn *out)
{
	static const insn_fn fns[3][2] = {
		{ dpi_sbfm32, dpi_sbfm64 },
		{ dpi_bfm32, dpi_bfm64 },
		{ dpi_ubfm32, dpi_ubfm64 },
	};
	unsigned int sf = raw >> 31, opc = (raw >> 29) & 3, n = (raw >> 22) & 1;
	unsigned int immr = (raw >> 16) & 0x3f, imms = (raw >> 10) & 0x3f;
	uint64_t wmask, tmask;
	insn_fn alias;

	if (opc == 3 || n != sf)
		return 0;
	if (!sf && ((immr | imms) & 0x20))
		return 0;
	if (!alu_decode_bitmasks(n, imms, immr, false, sf ? 64 : 32, &wmask, &tmask))
		return 0;
	out->sf = (uint8_t)sf;
	out->rd = reg_dst(raw & 31);
	out->rn = reg_src((raw >> 5) & 31);
	alias = bitfield_alias(opc, sf, immr, imms, out);
	if (alias) {
		out->fn = alias;
		return 0;
	}
	out->a = (uint8_t)immr;
	out->b = (uint8_t)imms;
	out->imm = wmask;
	out->imm2 = tmask;
	out->fn = fns[opc][sf];
	return 0;
}

static int decode_extract(uint32_t raw, struct insn *out)
{
	unsigned int sf = raw >> 31, op21 = (raw >> 29) & 3, n = (raw >> 22) & 1;
	unsigned int o0 = (raw >> 21) & 1, imms = (raw >> 10) & 0x3f;

	if (op21 || o0 || n != sf || (!sf && imms >= 32))
		return 0;
	out->sf = (uint8_t)sf;
	out->rd = reg_dst(raw & 31);
	out->rn = reg_src((raw >> 5) & 31);
	out->rm = reg_src((raw >> 16) & 31);
	out->a = (uint8_t)imms;
	out->fn = sf ? dpi_extr64 : dpi_extr32;
	return 0;
}

int decode_dp_imm(uint32_t raw, struct insn *out)
{
	switch ((raw >> 23) & 7) {
	case 0:
	case 1:
		return decode_pcrel(raw, out);
	case 2:
		return decode_addsub_imm(raw, out);
	case 3:		/* add/sub immediate with tags: MTE, not in v8.0 */
		return 0;
	case 4:
		return decode_logic_imm(raw, out);
	case 5:
		return decode_movewide(raw, out);
	case 6:
		return decode_bitfield(raw, out);
	default:
		return decode_extract(raw, out);
	}
}
