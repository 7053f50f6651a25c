// SPDX-License-Identifier: GPL-2.0
/*
 * Stage 1 translation of the EL1&0 regime, 4K granule (ARM ARM D5.2,
 * "The VMSAv8-64 address translation system"), and AT -> PAR_EL1.
 *
 * Only a plain ARMv8.0 walk: no hardware Access flag/dirty update
 * (TCR.HA/HD are v8.1), no PAN, no HPD, no 52-bit addresses. The walk
 * reads descriptors from guest RAM only; a descriptor anywhere else is a
 * synchronous external abort on the walk.
 */
#include <string.h>

#include "cpu.h"
#include "mem.h"

/*
 * Implemented PA size: what ID_AA64MMFR0_EL1.PARange advertises
 * (sysreg_id.c: 0b0010, 40 bits); the two must agree.
 */
#define MMU_PA_BITS	40

/* Descriptor fields (D5.3.1, D5.3.3). */
#define DESC_VALID	(1ull << 0)
#define DESC_TABLE	(1ull << 1)
#define DESC_AF		(1ull << 10)
#define DESC_NG		(1ull << 11)
#define DESC_PXN	(1ull << 53)
#define DESC_UXN	(1ull << 54)
#define DESC_PXNTABLE	(1ull << 59)
#define DESC_UXNTABLE	(1ull << 60)
#define DESC_APT_NOEL0	(1ull << 61)
#define DESC_APT_RO	(1ull << 62)
#define DESC_ADDR	0x0000fffffffff000ull

/* PAR_EL1 (D17.2.113). */
#define PAR_F		(1ull << 0)
#define PAR_RES1_FAULT	(1ull << 11)	/* RES1 in both formats */

/* What the table descriptors above the leaf took away (D5.4.5). */
struct walk_limits {
	bool no_el0, ro, uxn, pxn;
};

static inline uint64_t sext55(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 8) >> 8);
}

uint32_t mmu_fault_fsc(enum mmu_fault fault, int level)
{
	uint32_t lvl = (uint32_t)level & 3;

	switch (fault) {
	case MMU_FAULT_ADDR_SIZE:
		return 0x00 | lvl;
	case MMU_FAULT_TRANSLATION:
		return 0x04 | lvl;
	case MMU_FAULT_ACCESS_FLAG:
		return 0x08 | lvl;
	case MMU_FAULT_PERMISSION:
		return 0x0c | lvl;
	case MMU_FAULT_EXT_WALK:
		return 0x14 | lvl;
	case MMU_FAULT_ALIGN:
		return 0x21;
	case MMU_FAULT_EXT:
	case MMU_FAULT_NONE:
	default:
		return 0x10;
	}
}

uint32_t mmu_current_asid(const struct cpu_state *cpu)
{
	uint64_t tcr = cpu->sys.tcr_el1;
	uint64_t ttbr = (tcr & MMU_TCR_A1) ? cpu->sys.ttbr1_el1 : cpu->sys.ttbr0_el1;
	uint32_t asid = (uint32_t)(ttbr >> 48);

	return (tcr & MMU_TCR_AS) ? asid : (asid & 0xff);
}

void mmu_asid_sync(struct cpu_state *cpu)
{
	cpu->mmu_asid = mmu_current_asid(cpu);
}

/* The PA size the walk checks output addresses against (TCR.IPS, D5.2.6). */
static unsigned int mmu_ips_bits(uint64_t tcr)
{
	static const unsigned int bits[8] = { 32, 36, 40, 42, 44, 48, 52, 52 };
	unsigned int b = bits[(tcr >> 32) & 7];

	return b > MMU_PA_BITS ? MMU_PA_BITS : b;
}

static void mmu_fault(struct mmu_result *r, enum mmu_fault f, int level)
{
	r->fault = f;
	r->level = level;
}

/*
 * Stage 1 disabled (D5.2.9): VA = PA, data accesses Device-nGnRnE,
 * instruction fetches Normal. A VA beyond the implemented PA size is an
 * address size fault at level 0.
 */
static void mmu_flat(struct cpu_state *cpu, uint64_t va, bool data,
		     struct mmu_result *r)
{
	uint64_t tcr = cpu->sys.tcr_el1;
	bool hi = (va >> 55) & 1;
	unsigned int top = 63;

	if (data && (tcr & (hi ? MMU_TCR_TBI1 : MMU_TCR_TBI0)))
		top = 55;
	if (((va << (63 - top)) >> (63 - top)) >> MMU_PA_BITS) {
		mmu_fault(r, MMU_FAULT_ADDR_SIZE, 0);
		return;
	}
	r->pa = va & ((1ull << MMU_PA_BITS) - 1);
	r->va_canon = va;
	r->perm = TLB_PERM(MMU_READ, 0) | TLB_PERM(MMU_WRITE, 0) |
		  TLB_PERM(MMU_EXEC, 0) | TLB_PERM(MMU_READ, 1) |
		  TLB_PERM(MMU_WRITE, 1) | TLB_PERM(MMU_EXEC, 1);
	if (data) {
		r->attr = 0x00;
		r->sh = 2;
	} else {
		r->attr = (cpu->sys.sctlr_el1 & MMU_SCTLR_I) ? 0xaa : 0x44;
		r->sh = 2;
	}
}

/* Permissions of a leaf descriptor (D5.4.4 .. D5.4.6). */
static uint16_t mmu_leaf_perm(const struct cpu_state *cpu, uint64_t desc,
			      const struct walk_limits *lim)
{
	unsigned int ap = (desc >> 6) & 3;	/* AP[2:1] */
	bool uxn = (desc & DESC_UXN) || lim->uxn;
	bool pxn = (desc & DESC_PXN) || lim->pxn;
	bool wxn = cpu->sys.sctlr_el1 & MMU_SCTLR_WXN;
	bool el0_r, el0_w, el1_w;
	uint16_t p = TLB_PERM(MMU_READ, 1);

	if (lim->no_el0)
		ap &= ~1u;
	if (lim->ro)
		ap |= 2;
	el0_r = ap & 1;
	el0_w = ap == 1;
	el1_w = !(ap & 2);
	/* EL1 never executes what EL0 may write (D5.4.5). */
	if (el0_w)
		pxn = true;
	if (wxn && el1_w)
		pxn = true;
	if (wxn && el0_w)
		uxn = true;
	if (el1_w)
		p |= TLB_PERM(MMU_WRITE, 1);
	if (!pxn)
		p |= TLB_PERM(MMU_EXEC, 1);
	if (el0_r)
		p |= TLB_PERM(MMU_READ, 0);
	if (el0_w)
		p |= TLB_PERM(MMU_WRITE, 0);
	if (!uxn)
		p |= TLB_PERM(MMU_EXEC, 0);
	return p;
}

static void mmu_leaf(struct cpu_state *cpu, uint64_t va, uint64_t desc, int level,
		     const struct walk_limits *lim, struct mmu_result *r)
{
	unsigned int shift = 12 + 9 * (3 - level);
	uint64_t size = 1ull << shift;
	unsigned int idx = (desc >> 2) & 7;

	r->block_size = size;
	r->pa = (desc & DESC_ADDR & ~(size - 1)) | (va & (size - 1));
	r->perm = mmu_leaf_perm(cpu, desc, lim);
	r->attr = (uint8_t)(cpu->sys.mair_el1 >> (8 * idx));
	r->sh = (desc >> 8) & 3;
	r->asid = (desc & DESC_NG) ? mmu_current_asid(cpu) : TLB_GLOBAL;
	r->level = level;
}

/*
 * Read one descriptor from guest RAM, or from a readable ROM device
 * (edk2's ArmVirtQemu enables the MMU on a static ID map kept in the
 * flash it runs from); false when neither is there.
 */
static bool mmu_read_desc(struct cpu_state *cpu, uint64_t addr, uint64_t *desc)
{
	uint64_t *p = guest_ram_ptr(cpu->ram, addr, 8);

	if (!p && !(addr & 7))
		p = (uint64_t *)guest_romd_ptr(cpu->ram, addr, 8);

	if (!p)
		return false;
	/* Other vCPUs may update tables concurrently: single-copy atomic. */
	*desc = __atomic_load_n(p, __ATOMIC_RELAXED);
	return true;
}

static void mmu_table_limits(uint64_t desc, struct walk_limits *lim)
{
	lim->no_el0 |= !!(desc & DESC_APT_NOEL0);
	lim->ro |= !!(desc & DESC_APT_RO);
	lim->uxn |= !!(desc & DESC_UXNTABLE);
	lim->pxn |= !!(desc & DESC_PXNTABLE);
}

/*
 * Check one descriptor read at level: the fault it raises, if any
 * (D5.3.1: level 0 has no blocks with 4K pages, level 3 0b01 is
 * reserved; D5.2.6: output addresses beyond the PA size).
 */
static enum mmu_fault mmu_check_desc(uint64_t desc, int level,
				     unsigned int pa_bits)
{
	if (!(desc & DESC_VALID))
		return MMU_FAULT_TRANSLATION;
	if (!(desc & DESC_TABLE) && (level == 0 || level == 3))
		return MMU_FAULT_TRANSLATION;
	if ((desc & DESC_ADDR) >> pa_bits)
		return MMU_FAULT_ADDR_SIZE;
	if ((level == 3 || !(desc & DESC_TABLE)) && !(desc & DESC_AF))
		return MMU_FAULT_ACCESS_FLAG;
	return MMU_FAULT_NONE;
}

/* The walk from the start level (D5.2.6, "Overview of the VMSAv8-64 walk"). */
static void mmu_walk_tables(struct cpu_state *cpu, uint64_t va, uint64_t ttbr,
			    unsigned int tsz, struct mmu_result *r)
{
	unsigned int pa_bits = mmu_ips_bits(cpu->sys.tcr_el1);
	unsigned int inputsize = 64 - tsz;
	int level = 4 - (int)((inputsize - 12 + 8) / 9);
	unsigned int bits = inputsize - (12 + 9 * (3 - level));
	uint64_t base = ttbr & 0x0000fffffffffffeull;
	struct walk_limits lim = { 0 };

	if (base >> pa_bits) {
		mmu_fault(r, MMU_FAULT_ADDR_SIZE, 0);
		return;
	}
	base &= ~((8ull << bits) - 1);
	for (;; level++, bits = 9) {
		unsigned int shift = 12 + 9 * (3 - level);
		uint64_t idx = (va >> shift) & ((1ull << bits) - 1);
		enum mmu_fault f;
		uint64_t desc;

		if (!mmu_read_desc(cpu, base + idx * 8, &desc)) {
			mmu_fault(r, MMU_FAULT_EXT_WALK, level);
			return;
		}
		f = mmu_check_desc(desc, level, pa_bits);
		if (f != MMU_FAULT_NONE) {
			mmu_fault(r, f, level);
			return;
		}
		if (level < 3 && (desc & DESC_TABLE)) {
			mmu_table_limits(desc, &lim);
			base = desc & DESC_ADDR;
			continue;
		}
		mmu_leaf(cpu, va, desc, level, &lim, r);
		return;
	}
}

void mmu_walk(struct cpu_state *cpu, uint64_t va, bool data, struct mmu_result *r)
{
	uint64_t tcr = cpu->sys.tcr_el1;
	bool hi = (va >> 55) & 1;
	unsigned int tsz;
	uint64_t top;

	memset(r, 0, sizeof(*r));
	r->va_canon = va;
	r->block_size = MMU_PAGE_SIZE;
	r->asid = TLB_GLOBAL;
	if (!(cpu->sys.sctlr_el1 & MMU_SCTLR_M)) {
		mmu_flat(cpu, va, data, r);
		return;
	}

	/* TBI applies to data addresses only (D5.1.3, v8.0: no TBID). */
	if (data && (tcr & (hi ? MMU_TCR_TBI1 : MMU_TCR_TBI0)))
		va = sext55(va);
	r->va_canon = va;
	tsz = (tcr >> (hi ? 16 : 0)) & 0x3f;
	/* Out-of-range TxSZ is clamped, as the reference does (D5.2.6). */
	if (tsz < 16)
		tsz = 16;
	if (tsz > 39)
		tsz = 39;
	top = va >> (64 - tsz);
	if (top != (hi ? (1ull << tsz) - 1 : 0) ||
	    (tcr & (hi ? MMU_TCR_EPD1 : MMU_TCR_EPD0))) {
		mmu_fault(r, MMU_FAULT_TRANSLATION, 0);
		return;
	}
	mmu_walk_tables(cpu, va, hi ? cpu->sys.ttbr1_el1 : cpu->sys.ttbr0_el1,
			tsz, r);
}

/* PAR_EL1 for a successful translation (D17.2.113, F == 0). */
static uint64_t mmu_par_ok(const struct mmu_result *r)
{
	uint8_t attr = r->attr;
	unsigned int sh = r->sh;

	/* Device and Normal Non-cacheable report Outer Shareable. */
	if ((attr & 0xf0) == 0 || attr == 0x44)
		sh = 2;
	/* Bit 11 is RES1; NS (bit 9) is 1: EL1&0 here is Non-secure. */
	return ((uint64_t)attr << 56) | (r->pa & 0x0000fffffffff000ull) |
	       PAR_RES1_FAULT | (1ull << 9) | ((uint64_t)sh << 7);
}

void mmu_at(struct cpu_state *cpu, enum mmu_at_op op, uint64_t va)
{
	struct mmu_result r;
	bool el0 = op == MMU_AT_S1E0R || op == MMU_AT_S1E0W;
	bool wr = op == MMU_AT_S1E1W || op == MMU_AT_S1E0W;

	mmu_walk(cpu, va, true, &r);
	if (r.fault == MMU_FAULT_NONE &&
	    !(r.perm & TLB_PERM(wr ? MMU_WRITE : MMU_READ, el0 ? 0 : 1)))
		mmu_fault(&r, MMU_FAULT_PERMISSION, r.level);
	if (r.fault != MMU_FAULT_NONE) {
		cpu->sys.par_el1 = PAR_F | PAR_RES1_FAULT |
				   ((uint64_t)mmu_fault_fsc(r.fault, r.level) << 1);
		return;
	}
	cpu->sys.par_el1 = mmu_par_ok(&r);
}
