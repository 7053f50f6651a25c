// SPDX-License-Identifier: GPL-2.0
/*
 * decode_system: the exception generating and system instruction
 * groups (ARM ARM C4.1.3 "Branches, Exception Generating and System
 * instructions"): SVC/HVC/SMC/BRK, MSR (immediate), hints, barriers,
 * CLREX, SYS (system_sys.c) and MRS/MSR (register) through sysreg*.c.
 */
#include <stdint.h>

#include "cpu.h"
#include "log.h"
#include "sys.h"
#include "vm.h"
#include "system.h"

/* MRS: rd = Rt (31 = XZR). */
int sys_mrs(struct cpu_state *cpu, const struct insn *in)
{
	return sysreg_mrs(cpu, in->sys.desc, in->rd, insn_pc(cpu, in));
}

/* MSR: rn = the source index, rd = Rt for the ISS. */
int sys_msr(struct cpu_state *cpu, const struct insn *in)
{
	return sysreg_msr(cpu, in->sys.desc, cpu->r[in->rn], in->rd, insn_pc(cpu, in));
}

/* An encoding no table knows: UNDEFINED, named under -d unimp. */
static int sys_unknown_reg(struct cpu_state *cpu, const struct insn *in)
{
	uint16_t key = (uint16_t)BITS(in->raw, 20, 5);

	if (log_enabled(LOG_UNIMP))
		log_printf(LOG_UNIMP, "cpu%u: %s of unimplemented system register "
			   "S%u_%u_C%u_C%u_%u at 0x%016llx\n", cpu->index,
			   BIT(in->raw, 21) ? "MRS" : "MSR",
			   SYSREG_KEY_OP0(key), SYSREG_KEY_OP1(key),
			   SYSREG_KEY_CRN(key), SYSREG_KEY_CRM(key),
			   SYSREG_KEY_OP2(key), (unsigned long long)insn_pc(cpu, in));
	return exc_take_sync(cpu, insn_pc(cpu, in), EC_UNKNOWN, 0);
}

static int decode_mrs_msr(uint32_t raw, struct insn *out)
{
	uint16_t key = (uint16_t)BITS(raw, 20, 5);
	const struct sysreg_desc *d = sysreg_find(key);
	unsigned int rt = BITS(raw, 4, 0);

	if (!d) {
		out->fn = sys_unknown_reg;
		return 0;
	}
	out->sys.desc = d;
	out->rd = (uint8_t)rt;
	out->rn = reg_src(rt);
	out->fn = BIT(raw, 21) ? sys_mrs : sys_msr;
	return 0;
}

/* ---- MSR (immediate): PSTATE fields (C5.2, C6.2.181) ---- */

/* DAIFSet, DAIFClr: imm = the DAIF bits (CRm << 6). */
static int sys_daif_imm(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t daif = cpu->pstate & PSTATE_DAIF;
	uint64_t pc = insn_pc(cpu, in);

	if (cpu->el == 0 && !(cpu->sys.sctlr_el1 & SCTLR_UMA))
		return exc_take_sync(cpu, pc, EC_SYSREG,
				     sysreg_trap_iss(in->sys.key, 31, false));
	daif = in->sys.set ? daif | (uint32_t)in->sys.imm : daif & ~(uint32_t)in->sys.imm;
	return sysreg_set_daif(cpu, daif, pc);
}

/* MSR SPSel, #imm: UNDEFINED at EL0 (C5.2.16). */
static int sys_spsel_imm(struct cpu_state *cpu, const struct insn *in)
{
	if (cpu->el == 0)
		return insn_undefined(cpu, in);
	cpu_set_pstate(cpu, (cpu->pstate & ~PSTATE_SP) | (in->sys.imm ? PSTATE_SP : 0));
	return INSN_NEXT;
}

/*
 * op1:op2 select the field. v8.0 has SPSel (000:101) and DAIFSet/Clr
 * (011:110/111); UAO, PAN and later fields are UNDEFINED here. The key
 * of the matching MSR (register) form is kept for the EL0 trap ISS.
 */
static int decode_msr_imm(uint32_t raw, struct insn *out)
{
	unsigned int op1 = BITS(raw, 18, 16), op2 = BITS(raw, 7, 5);
	unsigned int crm = BITS(raw, 11, 8);

	if (op1 == 0 && op2 == 5) {
		out->sys.imm = crm & 1;
		out->fn = sys_spsel_imm;
	} else if (op1 == 3 && (op2 == 6 || op2 == 7)) {
		out->sys.imm = (uint64_t)crm << 6;
		out->sys.key = (uint16_t)BITS(raw, 20, 5);
		out->sys.set = op2 == 6;
		out->fn = sys_daif_imm;
	}
	return 0;
}

/* ---- Exception generation (C4.1.3, C6.2) ---- */

/* SVC: preferred return is the next insn; ISS = imm16. */
static int sys_svc(struct cpu_state *cpu, const struct insn *in)
{
	return exc_take_sync(cpu, insn_pc(cpu, in) + 4, EC_SVC64, (uint32_t)in->sys.imm);
}

/* BRK: returns to the BRK itself; ISS = imm16. */
static int sys_brk(struct cpu_state *cpu, const struct insn *in)
{
	return exc_take_sync(cpu, insn_pc(cpu, in), EC_BRK64, (uint32_t)in->sys.imm);
}

/*
 * HVC with no EL2: as on QEMU's virt with psci-conduit=hvc, the call is
 * PSCI (psci.c). UNDEFINED at EL0 (C6.2.97).
 */
static int sys_hvc(struct cpu_state *cpu, const struct insn *in)
{
	if (cpu->el == 0)
		return insn_undefined(cpu, in);
	return psci_call(cpu, insn_pc(cpu, in));
}

/*
 * HLT #0xF000 is a semihosting call when -semihosting allows it at this
 * EL (docs/semihosting.md); any other HLT is UNDEFINED, as halting
 * debug is not implemented (C6.2.95: HLT with EDSCR.HDE clear).
 */
static int sys_hlt(struct cpu_state *cpu, const struct insn *in)
{
	const struct vm_config *cfg = cpu->vm ? cpu->vm->cfg : NULL;

	if (in->sys.imm != 0xf000 || !cfg || !cfg->semihosting ||
	    (cpu->el == 0 && !cfg->semihosting_userspace))
		return insn_undefined(cpu, in);
	return semihost_call(cpu, insn_pc(cpu, in));
}

/*
 * opc (23:21), LL (1:0), op2 (4:2) must be 0. SMC is UNDEFINED without
 * EL3; HLT is semihosting or UNDEFINED (sys_hlt); DCPS needs halting
 * debug, which is not implemented.
 */
static int decode_exc_gen(uint32_t raw, struct insn *out)
{
	unsigned int opc = BITS(raw, 23, 21), ll = BITS(raw, 1, 0);

	if (BITS(raw, 4, 2))
		return 0;
	out->sys.imm = BITS(raw, 20, 5);
	if (opc == 0 && ll == 1)
		out->fn = sys_svc;
	else if (opc == 0 && ll == 2)
		out->fn = sys_hvc;
	else if (opc == 1 && ll == 0)
		out->fn = sys_brk;
	else if (opc == 2 && ll == 0)
		out->fn = sys_hlt;
	return 0;
}

/* Exception generation and System classes (C4.1.3: insn<31:24>, insn<31:22>). */
#define ENC_EXC_GEN_MASK	0xff000000u
#define ENC_EXC_GEN_VAL		0xd4000000u
#define ENC_SYSTEM_MASK		0xffc00000u
#define ENC_SYSTEM_VAL		0xd5000000u

int decode_system(uint32_t raw, struct insn *out)
{
	unsigned int op0, l, crn;

	if (MATCH(raw, ENC_EXC_GEN))
		return decode_exc_gen(raw, out);
	if (!MATCH(raw, ENC_SYSTEM))
		return 0;
	l = BIT(raw, 21);
	op0 = BITS(raw, 20, 19);
	crn = BITS(raw, 15, 12);
	if (op0 >= 2)
		return decode_mrs_msr(raw, out);
	if (op0 == 1)
		return l ? 0 : decode_sys(raw, out);	/* SYSL: none in v8.0 */
	if (l)
		return 0;
	if (crn == 4)
		return decode_msr_imm(raw, out);
	if (crn == 2 && BITS(raw, 4, 0) == 31)
		return decode_hint(raw, out);
	if (crn == 3 && BITS(raw, 4, 0) == 31)
		return decode_barrier(raw, out);
	return 0;
}
