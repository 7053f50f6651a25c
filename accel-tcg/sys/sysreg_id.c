// SPDX-License-Identifier: GPL-2.0
/*
 * The ID space: op0=3, op1=0, CRn=0, CRm=0..7 (ARM ARM D12.3.1). A plain
 * ARMv8.0 CPU that advertises exactly what accel-tcg implements:
 * EL0/EL1 in AArch64 only, FP and AdvSIMD, CRC32 (optional in v8.0),
 * no crypto, no SVE, PAuth,
 * LSE, or anything later. Every other ID register, including all the
 * AArch32 ones (ID_PFR0..MVFR2: AArch32 is not implemented), reads 0.
 */
#include <stddef.h>

#include "cpu.h"
#include "sys.h"
#include "gic/gic.h"
#include "tcg.h"
#include "util.h"

/* ID_AA64PFR0_EL1 (D13.2.64): EL0 and EL1 AArch64 only; FP, AdvSIMD = 0. */
#define PFR0_EL0_A64	0x1ull
#define PFR0_EL1_A64	0x10ull
#define PFR0_GIC_SYSREG	(1ull << 24)	/* GICv3 CPU interface sysregs */

/*
 * ID_AA64DFR0_EL1 (D13.2.59): DebugVer 6 (v8.0), no trace, PMUVer 1
 * (PMUv3 for v8.0: accel-tcg/pmu/), BRPs 6, WRPs 4, CTX_CMPs 2.
 */
#define DFR0_PMUVER_V3	(0x1ull << 8)
#define DFR0_VALUE	(0x6ull | DFR0_PMUVER_V3 | ((SYSREG_DBG_BRPS - 1ull) << 12) | \
			 ((SYSREG_DBG_WRPS - 1ull) << 20) | ((SYSREG_DBG_CTX - 1ull) << 28))

/* ID_AA64ISAR0_EL1 (D13.2.62): CRC32 (19:16) = 1, dp_src.c has them. */
#define ISAR0_VALUE	(0x1ull << 16)

/*
 * ID_AA64MMFR0_EL1 (D13.2.61): PARange 40 bits, 16-bit ASIDs, little
 * endian only, 4K granule (TGran4 = 0) and no 64K (0xf) or 16K (0).
 */
#define MMFR0_VALUE	(0x2ull | (0x2ull << 4) | (0xfull << 24))

static uint64_t read_midr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return cpu->midr;
}

static uint64_t read_mpidr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return cpu->mpidr;
}

static uint64_t read_revidr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return cpu_model_of(cpu)->revidr;
}

/* The GIC field says whether ICC_* system registers exist (GICv3). */
static uint64_t read_pfr0(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	uint64_t v = PFR0_EL0_A64 | PFR0_EL1_A64;

	(void)d;
	if (cpu->tvm && cpu->tvm->gic && gic_version(cpu->tvm->gic) == 3)
		v |= PFR0_GIC_SYSREG;
	return v;
}

static uint64_t read_const(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)cpu;
	return d->arg;
}

#define CONST(n, crm, op2, v) \
	{ n, SYSREG_KEY(3, 0, 0, crm, op2), SR_R, 0, read_const, NULL, NULL, v }

static const struct sysreg_desc id_regs[] = {
	{ "MIDR_EL1", SYSREG_KEY(3, 0, 0, 0, 0), SR_R, 0, read_midr, NULL, NULL, 0 },
	{ "MPIDR_EL1", SYSREG_KEY(3, 0, 0, 0, 5), SR_R, 0, read_mpidr, NULL, NULL, 0 },
	{ "REVIDR_EL1", SYSREG_KEY(3, 0, 0, 0, 6), SR_R, 0, read_revidr, NULL, NULL, 0 },
	{ "ID_AA64PFR0_EL1", SYSREG_KEY(3, 0, 0, 4, 0), SR_R, 0, read_pfr0, NULL, NULL, 0 },
	CONST("ID_AA64DFR0_EL1", 5, 0, DFR0_VALUE),
	CONST("ID_AA64ISAR0_EL1", 6, 0, ISAR0_VALUE),
	CONST("ID_AA64MMFR0_EL1", 7, 0, MMFR0_VALUE),
};

/* Any other ID-space encoding: reserved, RAZ (D12.3.1). */
static const struct sysreg_desc id_raz =
	{ "ID space (RAZ)", 0, SR_R, 0, sysreg_read_zero, NULL, NULL, 0 };

static bool in_id_space(uint16_t key)
{
	return SYSREG_KEY_OP0(key) == 3 && SYSREG_KEY_OP1(key) == 0 &&
	       SYSREG_KEY_CRN(key) == 0 && SYSREG_KEY_CRM(key) <= 7;
}

const struct sysreg_desc *sysreg_id_find(uint16_t key)
{
	if (!in_id_space(key))
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(id_regs); i++)
		if (id_regs[i].key == key)
			return &id_regs[i];
	return &id_raz;
}
