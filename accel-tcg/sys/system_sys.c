// SPDX-License-Identifier: GPL-2.0
/*
 * SYS instructions (op0 = 1): DC, IC, AT and TLBI (ARM ARM C5.3, the
 * "System instructions" encodings; D7 for cache maintenance, D8.13 for
 * TLB maintenance). Caches are not modelled, so cache maintenance only
 * checks what the architecture checks (EL0 access, the translation of
 * the address); IC invalidates translated blocks and DC ZVA zeroes.
 */
#include <stdint.h>

#include "cpu.h"
#include "sys.h"
#include "mem/mem.h"
#include "system.h"
#include "tcg.h"
#include "engine/engine.h"

/* Who may execute it (SCTLR_EL1 bits, D13.2.118). */
enum sys_access {
	SYS_EL1,	/* EL0: UNDEFINED */
	SYS_UCI,	/* EL0: trap to EL1 (EC 0x18) unless SCTLR_EL1.UCI */
	SYS_DZE,	/* EL0: trap unless SCTLR_EL1.DZE */
};

enum sys_kind {
	SYS_NOP,		/* set/way maintenance: no caches */
	SYS_DC_CHECK_R,		/* DC CVAC/CVAU/CIVAC: translate as a read */
	SYS_DC_CHECK_W,		/* DC IVAC: needs write permission */
	SYS_DC_ZVA,
	SYS_IC_ALL,
	SYS_IC_VA,
	SYS_AT,
	SYS_TLBI,
};

struct sys_op {
	uint16_t key;
	uint8_t kind;
	uint8_t access;
	uint8_t arg;		/* enum mmu_at_op, enum tlbi_op */
	uint8_t broadcast;	/* TLBI ...IS */
};

#define K(op1, crn, crm, op2)	SYSREG_KEY(1, op1, crn, crm, op2)

static const struct sys_op sys_ops[] = {
	{ K(0, 7, 1, 0), SYS_IC_ALL, SYS_EL1, 0, 1 },	/* IC IALLUIS */
	{ K(0, 7, 5, 0), SYS_IC_ALL, SYS_EL1, 0, 0 },	/* IC IALLU */
	{ K(3, 7, 5, 1), SYS_IC_VA, SYS_UCI, 0, 0 },	/* IC IVAU */
	{ K(0, 7, 6, 1), SYS_DC_CHECK_W, SYS_EL1, 0, 0 },	/* DC IVAC */
	{ K(0, 7, 6, 2), SYS_NOP, SYS_EL1, 0, 0 },	/* DC ISW */
	{ K(0, 7, 10, 2), SYS_NOP, SYS_EL1, 0, 0 },	/* DC CSW */
	{ K(0, 7, 14, 2), SYS_NOP, SYS_EL1, 0, 0 },	/* DC CISW */
	{ K(3, 7, 4, 1), SYS_DC_ZVA, SYS_DZE, 0, 0 },	/* DC ZVA */
	{ K(3, 7, 10, 1), SYS_DC_CHECK_R, SYS_UCI, 0, 0 },	/* DC CVAC */
	{ K(3, 7, 11, 1), SYS_DC_CHECK_R, SYS_UCI, 0, 0 },	/* DC CVAU */
	{ K(3, 7, 14, 1), SYS_DC_CHECK_R, SYS_UCI, 0, 0 },	/* DC CIVAC */
	{ K(0, 7, 8, 0), SYS_AT, SYS_EL1, MMU_AT_S1E1R, 0 },
	{ K(0, 7, 8, 1), SYS_AT, SYS_EL1, MMU_AT_S1E1W, 0 },
	{ K(0, 7, 8, 2), SYS_AT, SYS_EL1, MMU_AT_S1E0R, 0 },
	{ K(0, 7, 8, 3), SYS_AT, SYS_EL1, MMU_AT_S1E0W, 0 },
	{ K(0, 8, 3, 0), SYS_TLBI, SYS_EL1, TLBI_VMALLE1, 1 },
	{ K(0, 8, 3, 1), SYS_TLBI, SYS_EL1, TLBI_VAE1, 1 },
	{ K(0, 8, 3, 2), SYS_TLBI, SYS_EL1, TLBI_ASIDE1, 1 },
	{ K(0, 8, 3, 3), SYS_TLBI, SYS_EL1, TLBI_VAAE1, 1 },
	{ K(0, 8, 3, 5), SYS_TLBI, SYS_EL1, TLBI_VALE1, 1 },
	{ K(0, 8, 3, 7), SYS_TLBI, SYS_EL1, TLBI_VAALE1, 1 },
	{ K(0, 8, 7, 0), SYS_TLBI, SYS_EL1, TLBI_VMALLE1, 0 },
	{ K(0, 8, 7, 1), SYS_TLBI, SYS_EL1, TLBI_VAE1, 0 },
	{ K(0, 8, 7, 2), SYS_TLBI, SYS_EL1, TLBI_ASIDE1, 0 },
	{ K(0, 8, 7, 3), SYS_TLBI, SYS_EL1, TLBI_VAAE1, 0 },
	{ K(0, 8, 7, 5), SYS_TLBI, SYS_EL1, TLBI_VALE1, 0 },
	{ K(0, 8, 7, 7), SYS_TLBI, SYS_EL1, TLBI_VAALE1, 0 },
};

/* 0 when the current EL may run op, else the exception taken (INSN_EXC). */
static int sys_check(struct cpu_state *cpu, const struct insn *in,
		     const struct sys_op *op)
{
	uint64_t need;

	if (cpu->el != 0)
		return 0;
	if (op->access == SYS_EL1)
		return insn_undefined(cpu, in);
	need = op->access == SYS_UCI ? SCTLR_UCI : SCTLR_DZE;
	if (cpu->sys.sctlr_el1 & need)
		return 0;
	return exc_take_sync(cpu, insn_pc(cpu, in), EC_SYSREG,
			     sysreg_trap_iss(op->key, in->rd, false));
}

/*
 * DC ZVA zeroes the naturally aligned DCZID-sized block holding the
 * address (D7.4.10); it never crosses a page, so only the first store
 * can fault. Stores go through mem_write so that code pages see it.
 */
static int sys_dc_zva(struct cpu_state *cpu, const struct insn *in, uint64_t va)
{
	static const uint64_t zero[2];
	uint64_t pc = insn_pc(cpu, in);
	int r;

	va &= ~(uint64_t)(CPU_DCZ_BYTES - 1);
	for (unsigned int i = 0; i < CPU_DCZ_BYTES; i += 16) {
		r = mem_write(cpu, pc, va + i, 16, zero, 0);
		if (r)
			return r;
	}
	return INSN_NEXT;
}

/* Translate va like a data access; INSN_EXC when it faults. */
static int sys_translate(struct cpu_state *cpu, const struct insn *in,
			 uint64_t va, enum mmu_access type, uint64_t *pa)
{
	void *host;

	return mem_translate_data(cpu, insn_pc(cpu, in), va, 1, type, MEM_NOWATCH, pa, &host);
}

/*
 * IC IVAU: the blocks translated from that physical page go. IC
 * IALLU(IS): every block. Stores to code pages already invalidate, but
 * data written by devices (DMA into the page cache) only shows here.
 */
static int sys_ic_va(struct cpu_state *cpu, const struct insn *in, uint64_t va)
{
	uint64_t pa;
	int r = sys_translate(cpu, in, va, MMU_READ, &pa);

	if (r)
		return r;
	if (cpu->tvm && tb_page_has_code(cpu->tvm, pa))
		tb_invalidate_phys_page(cpu->tvm, pa);
	return INSN_NEXT;
}

static int sys_exec(struct cpu_state *cpu, const struct insn *in)
{
	const struct sys_op *op = &sys_ops[in->sys.op];
	uint64_t xt = cpu->r[in->rn], pa;
	int r = sys_check(cpu, in, op);

	if (r)
		return r;
	switch (op->kind) {
	case SYS_DC_CHECK_R:
		return sys_translate(cpu, in, xt, MMU_READ, &pa);
	case SYS_DC_CHECK_W:
		return sys_translate(cpu, in, xt, MMU_WRITE, &pa);
	case SYS_DC_ZVA:
		return sys_dc_zva(cpu, in, xt);
	case SYS_IC_ALL:
		if (cpu->tvm)
			tb_flush_all(cpu->tvm);
		return INSN_NEXT;
	case SYS_IC_VA:
		return sys_ic_va(cpu, in, xt);
	case SYS_AT:
		mmu_at(cpu, (enum mmu_at_op)op->arg, xt);
		return INSN_NEXT;
	case SYS_TLBI:
		tlb_tlbi(cpu, (enum tlbi_op)op->arg, op->broadcast, xt);
		return INSN_NEXT;
	default:
		return INSN_NEXT;
	}
}

/* a = index in sys_ops, rn = Xt, rd = Rt (for the trap ISS). */
int decode_sys(uint32_t raw, struct insn *out)
{
	uint16_t key = (uint16_t)BITS(raw, 20, 5);

	for (unsigned int i = 0; i < sizeof(sys_ops) / sizeof(sys_ops[0]); i++) {
		if (sys_ops[i].key != key)
			continue;
		out->sys.op = (uint8_t)i;
		out->rn = reg_src(BITS(raw, 4, 0));
		out->rd = (uint8_t)BITS(raw, 4, 0);
		out->fn = sys_exec;
		return 0;
	}
	return 0;
}
