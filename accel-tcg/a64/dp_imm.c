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

int dpi_movi(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = in->dpi.imm;
	return INSN_NEXT;
}

int dpi_movk(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t v = (cpu->r[in->rd] & ~in->dpi.hw_mask) | in->dpi.imm;

	cpu->r[in->rd] = in->sf ? v : (uint32_t)v;
	return INSN_NEXT;
}

int dpi_adr(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = insn_pc(cpu, in) + in->dpi.imm;
	return INSN_NEXT;
}

int dpi_adrp(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (insn_pc(cpu, in) & ~0xfffull) + in->dpi.imm;
	return INSN_NEXT;
}

/* ADD/SUB (no flags): SUB is ADD of the negated immediate. */
int dpi_add64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] + in->dpi.imm;
	return INSN_NEXT;
}

int dpi_add32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)(cpu->r[in->rn] + in->dpi.imm);
	return INSN_NEXT;
}

int dpi_adds64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_add64(cpu->r[in->rn], in->dpi.imm, &cpu->nzcv);
	return INSN_NEXT;
}

int dpi_subs64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_sub64(cpu->r[in->rn], in->dpi.imm, &cpu->nzcv);
	return INSN_NEXT;
}

int dpi_adds32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_add32((uint32_t)cpu->r[in->rn], (uint32_t)in->dpi.imm,
				   &cpu->nzcv);
	return INSN_NEXT;
}

int dpi_subs32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_sub32((uint32_t)cpu->r[in->rn], (uint32_t)in->dpi.imm,
				   &cpu->nzcv);
	return INSN_NEXT;
}

/* Logical immediates; imm is already truncated to 32 bits when !sf. */
int dpi_and(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] & in->dpi.imm;
	return INSN_NEXT;
}

int dpi_orr64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] | in->dpi.imm;
	return INSN_NEXT;
}

int dpi_orr32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)(cpu->r[in->rn] | in->dpi.imm);
	return INSN_NEXT;
}

int dpi_eor64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] ^ in->dpi.imm;
	return INSN_NEXT;
}

int dpi_eor32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)(cpu->r[in->rn] ^ in->dpi.imm);
	return INSN_NEXT;
}

int dpi_ands64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t v = cpu->r[in->rn] & in->dpi.imm;

	cpu->nzcv = alu_nz64(v);
	cpu->r[in->rd] = v;
	return INSN_NEXT;
}

int dpi_ands32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t v = (uint32_t)(cpu->r[in->rn] & in->dpi.imm);

	cpu->nzcv = alu_nz32(v);
	cpu->r[in->rd] = v;
	return INSN_NEXT;
}

/* Bitfield moves (ARM ARM C6.2.29 BFM, C6.2.262 SBFM, C6.2.366 UBFM). */
int dpi_ubfm64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_ror64(cpu->r[in->rn], in->bfm.immr) & in->bfm.wmask & in->bfm.tmask;
	return INSN_NEXT;
}

int dpi_ubfm32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_ror32((uint32_t)cpu->r[in->rn], in->bfm.immr) &
			 in->bfm.wmask & in->bfm.tmask;
	return INSN_NEXT;
}

int dpi_sbfm64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t src = cpu->r[in->rn];
	uint64_t bot = alu_ror64(src, in->bfm.immr) & in->bfm.wmask;
	uint64_t top = (src >> in->bfm.imms) & 1 ? ~0ull : 0;

	cpu->r[in->rd] = (top & ~in->bfm.tmask) | (bot & in->bfm.tmask);
	return INSN_NEXT;
}

int dpi_sbfm32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t src = (uint32_t)cpu->r[in->rn];
	uint32_t bot = alu_ror32(src, in->bfm.immr) & (uint32_t)in->bfm.wmask;
	uint32_t top = (src >> in->bfm.imms) & 1 ? ~0u : 0;

	cpu->r[in->rd] = (top & ~(uint32_t)in->bfm.tmask) | (bot & (uint32_t)in->bfm.tmask);
	return INSN_NEXT;
}

static int dpi_bfm64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t dst = cpu->r[in->rd];
	uint64_t wm = in->bfm.wmask;
	uint64_t bot = (dst & ~wm) | (alu_ror64(cpu->r[in->rn], in->bfm.immr) & wm);

	cpu->r[in->rd] = (dst & ~in->bfm.tmask) | (bot & in->bfm.tmask);
	return INSN_NEXT;
}

static int dpi_bfm32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t dst = (uint32_t)cpu->r[in->rd];
	uint32_t wm = (uint32_t)in->bfm.wmask, tm = (uint32_t)in->bfm.tmask;
	uint32_t bot = (dst & ~wm) | (alu_ror32((uint32_t)cpu->r[in->rn], in->bfm.immr) & wm);

	cpu->r[in->rd] = (dst & ~tm) | (bot & tm);
	return INSN_NEXT;
}

/* Fast forms of the commonest aliases: LSL, LSR, ASR by an immediate. */
int dpi_lsl64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] << in->shimm.amount;
	return INSN_NEXT;
}

int dpi_lsl32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)(cpu->r[in->rn] << in->shimm.amount);
	return INSN_NEXT;
}

int dpi_lsr64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] >> in->shimm.amount;
	return INSN_NEXT;
}

int dpi_lsr32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)cpu->r[in->rn] >> in->shimm.amount;
	return INSN_NEXT;
}

int dpi_asr64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint64_t)((int64_t)cpu->r[in->rn] >> in->shimm.amount);
	return INSN_NEXT;
}

int dpi_asr32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)((int32_t)cpu->r[in->rn] >> in->shimm.amount);
	return INSN_NEXT;
}

/* EXTR (C6.2.90): (Rn:Rm) >> lsb; lsb = 0 gives Rm. */
int dpi_extr64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t lo = cpu->r[in->rm], hi = cpu->r[in->rn];
	unsigned int lsb = in->shimm.amount;

	cpu->r[in->rd] = lsb ? (lo >> lsb) | (hi << (64 - lsb)) : lo;
	return INSN_NEXT;
}

int dpi_extr32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t lo = (uint32_t)cpu->r[in->rm], hi = (uint32_t)cpu->r[in->rn];
	unsigned int lsb = in->shimm.amount;

	cpu->r[in->rd] = lsb ? (uint32_t)((lo >> lsb) | (hi << (32 - lsb))) : lo;
	return INSN_NEXT;
}

/* CMP #imm fused with the B.cond after it (struct insn_cmp_bcond). */
int dpi_cmp64_bcond(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);

	alu_sub64(cpu->r[in->rn], in->cmpb.imm, &cpu->nzcv);
	cpu->pc = alu_cond(cpu->nzcv, in->cmpb.cond) ? pc + in->cmpb.offset : pc + 8;
	return INSN_BRANCH;
}

int dpi_cmp32_bcond(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);

	alu_sub32((uint32_t)cpu->r[in->rn], (uint32_t)in->cmpb.imm, &cpu->nzcv);
	cpu->pc = alu_cond(cpu->nzcv, in->cmpb.cond) ? pc + in->cmpb.offset : pc + 8;
	return INSN_BRANCH;
}

bool dpi_fuse_bcond(struct insn *cmp, const struct insn *bcond)
{
	if (cmp->rd != REG_SINK || (cmp->fn != dpi_subs64 && cmp->fn != dpi_subs32))
		return false;
	cmp->fn = cmp->fn == dpi_subs64 ? dpi_cmp64_bcond : dpi_cmp32_bcond;
	/* The CMP's dpi.imm stays in place as cmpb.imm. */
	_Static_assert(offsetof(struct insn, cmpb.imm) == offsetof(struct insn, dpi.imm),
		       "fused CMP reads the immediate its decoder wrote");
	cmp->cmpb.cond = bcond->br.cond;
	cmp->cmpb.offset = bcond->br.offset + 4;
	return true;
}

/* ---- decoders ---- */

static int decode_pcrel(uint32_t raw, struct insn *out)
{
	/* imm = SignExtend(immhi:immlo), immhi = insn<23:5>, immlo = insn<30:29> */
	uint64_t imm = ((uint64_t)SBITS(raw, 23, 5) << 2) | BITS(raw, 30, 29);

	out->rd = reg_dst(BITS(raw, 4, 0));
	if (BIT(raw, 31)) {
		out->fn = dpi_adrp;
		out->dpi.imm = imm << 12;
	} else {
		out->fn = dpi_adr;
		out->dpi.imm = imm;
	}
	return 0;
}

static int decode_addsub_imm(uint32_t raw, struct insn *out)
{
	unsigned int sf = BIT(raw, 31), op = BIT(raw, 30), s = BIT(raw, 29);
	uint64_t imm = BITS(raw, 21, 10);

	if (BIT(raw, 22))	/* sh */
		imm <<= 12;
	out->sf = (uint8_t)sf;
	out->rn = reg_sp(BITS(raw, 9, 5));
	if (!s) {
		out->rd = reg_sp(BITS(raw, 4, 0));
		out->dpi.imm = op ? (uint64_t)-imm : imm;
		out->fn = sf ? dpi_add64 : dpi_add32;
		return 0;
	}
	out->rd = reg_dst(BITS(raw, 4, 0));
	out->dpi.imm = imm;
	if (sf)
		out->fn = op ? dpi_subs64 : dpi_adds64;
	else
		out->fn = op ? dpi_subs32 : dpi_adds32;
	return 0;
}

static int decode_logic_imm(uint32_t raw, struct insn *out)
{
	unsigned int sf = BIT(raw, 31), opc = BITS(raw, 30, 29), n = BIT(raw, 22);
	unsigned int rn = BITS(raw, 9, 5);
	uint64_t wmask, tmask;

	if (!sf && n)
		return 0;
	if (!alu_decode_bitmasks(n, BITS(raw, 15, 10), BITS(raw, 21, 16), true,
				 sf ? 64 : 32, &wmask, &tmask))
		return 0;
	out->sf = (uint8_t)sf;
	out->dpi.imm = wmask;
	out->rn = reg_src(rn);
	out->rd = opc == 3 ? reg_dst(BITS(raw, 4, 0)) : reg_sp(BITS(raw, 4, 0));
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
	unsigned int sf = BIT(raw, 31), opc = BITS(raw, 30, 29), hw = BITS(raw, 22, 21);
	uint64_t imm = (uint64_t)BITS(raw, 20, 5) << (hw * 16);

	if (opc == 1 || (!sf && hw >= 2))
		return 0;
	out->sf = (uint8_t)sf;
	out->rd = reg_dst(BITS(raw, 4, 0));
	switch (opc) {
	case 0:		/* MOVN */
		imm = ~imm;
		out->dpi.imm = sf ? imm : (uint32_t)imm;
		out->fn = dpi_movi;
		break;
	case 2:		/* MOVZ */
		out->dpi.imm = imm;
		out->fn = dpi_movi;
		break;
	default:	/* MOVK */
		out->dpi.imm = imm;
		out->dpi.hw_mask = 0xffffull << (hw * 16);
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
		out->shimm.amount = (uint8_t)(top - imms);
		return sf ? dpi_lsl64 : dpi_lsl32;
	}
	if (opc == 2 && imms == top) {
		out->shimm.amount = (uint8_t)immr;
		return sf ? dpi_lsr64 : dpi_lsr32;
	}
	if (opc == 0 && imms == top) {
		out->shimm.amount = (uint8_t)immr;
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
	unsigned int sf = BIT(raw, 31), opc = BITS(raw, 30, 29), n = BIT(raw, 22);
	unsigned int immr = BITS(raw, 21, 16), imms = BITS(raw, 15, 10);
	uint64_t wmask, tmask;
	insn_fn alias;

	if (opc == 3 || n != sf)
		return 0;
	if (!sf && ((immr | imms) & 0x20))
		return 0;
	if (!alu_decode_bitmasks(n, imms, immr, false, sf ? 64 : 32, &wmask, &tmask))
		return 0;
	out->sf = (uint8_t)sf;
	out->rd = reg_dst(BITS(raw, 4, 0));
	out->rn = reg_src(BITS(raw, 9, 5));
	alias = bitfield_alias(opc, sf, immr, imms, out);
	if (alias) {
		out->fn = alias;
		return 0;
	}
	out->bfm.immr = (uint8_t)immr;
	out->bfm.imms = (uint8_t)imms;
	out->bfm.wmask = wmask;
	out->bfm.tmask = tmask;
	out->fn = fns[opc][sf];
	return 0;
}

static int decode_extract(uint32_t raw, struct insn *out)
{
	unsigned int sf = BIT(raw, 31), op21 = BITS(raw, 30, 29), n = BIT(raw, 22);
	unsigned int o0 = BIT(raw, 21), imms = BITS(raw, 15, 10);

	if (op21 || o0 || n != sf || (!sf && imms >= 32))
		return 0;
	out->sf = (uint8_t)sf;
	out->rd = reg_dst(BITS(raw, 4, 0));
	out->rn = reg_src(BITS(raw, 9, 5));
	out->rm = reg_src(BITS(raw, 20, 16));
	out->shimm.amount = (uint8_t)imms;
	out->fn = sf ? dpi_extr64 : dpi_extr32;
	return 0;
}

int decode_dp_imm(uint32_t raw, struct insn *out)
{
	switch (BITS(raw, 25, 23)) {	/* op1 */
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
