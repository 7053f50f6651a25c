// SPDX-License-Identifier: GPL-2.0
/*
 * The TCG memory system as a guest sees it: stage 1 translation (4K
 * granule, 4 levels, blocks, TTBR0/TTBR1, TBI), the faults it reports in
 * ESR_EL1/FAR_EL1 (ARM ARM D17.2.37/D17.2.40), TLB maintenance, AT ->
 * PAR_EL1, MMIO through the bus and external aborts for unmapped
 * physical addresses.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "../../accel-tcg/tcg.h"
#include "../../accel-tcg/engine/engine.h"
#include "../../accel-tcg/mem/mem.h"
#include "check_run.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(16ull << 20)
#define DEV_BASE	0x09000000ull
#define PT_BASE		(RAM_BASE + 0x800000)	/* page tables live here */
#define PC		0x40001000ull

/* Descriptor bits (D5.3). */
#define D_TABLE		3ull
#define D_PAGE		3ull
#define D_BLOCK		1ull
#define D_AF		(1ull << 10)
#define D_NG		(1ull << 11)
#define D_AP_EL0	(1ull << 6)
#define D_AP_RO		(1ull << 7)
#define D_PXN		(1ull << 53)
#define D_UXN		(1ull << 54)
#define D_ATTR(i)	((uint64_t)(i) << 2)
#define D_NORMAL	(D_AF | D_ATTR(0) | (3ull << 8))

#define TCR_48		(16ull | (16ull << 16) | (2ull << 30) | (5ull << 32))
#define TCR_TBI0	(1ull << 37)
#define TCR_AS		(1ull << 36)

#define EC(esr)		((unsigned int)((esr) >> 26))
#define FSC(esr)	((unsigned int)((esr) & 0x3f))
#define WNR(esr)	((unsigned int)(((esr) >> 6) & 1))

struct dev_log {
	uint64_t last_off, last_val;
	unsigned int last_size, writes;
};

static struct tcg_vm tvm;
static struct tcg_vcpu *vcpu;
static struct guest_ram ram;
static struct mmio_bus bus;
static struct dev_log dev;
static struct cpu_state *cpu;
static uint64_t pt_next;

static int dev_read(void *opaque, uint64_t off, unsigned int size, uint64_t *val)
{
	(void)opaque;
	*val = 0xa5a5a5a5a5a5a5a5ull >> (64 - 8 * size) ^ off;
	return 0;
}

static int dev_write(void *opaque, uint64_t off, unsigned int size, uint64_t val)
{
	struct dev_log *d = opaque;

	d->last_off = off;
	d->last_size = size;
	d->last_val = val;
	d->writes++;
	return 0;
}

static const struct mmio_ops dev_ops = { .read = dev_read, .write = dev_write };

static void setup(void)
{
	struct av_err err = { 0 };

	memset(&tvm, 0, sizeof(tvm));
	memset(&dev, 0, sizeof(dev));
	ck_assert_int_eq(guest_ram_alloc(&ram, RAM_BASE, RAM_SIZE, &err), 0);
	ck_assert_int_eq(tcg_code_map_init(&tvm, RAM_BASE, RAM_SIZE, &err), 0);
	mmio_bus_init(&bus);
	ck_assert_int_eq(mmio_bus_add(&bus, DEV_BASE, 0x1000, &dev_ops, &dev, "dev", &err), 0);
	vcpu = calloc(1, sizeof(*vcpu));
	ck_assert_ptr_nonnull(vcpu);
	tvm.ncpus = 1;
	tvm.vcpus[0] = vcpu;
	ck_assert_int_eq(tcg_cpu_init(vcpu, &tvm, 0, &err), 0);
	cpu = &vcpu->cpu;
	cpu->ram = &ram;
	cpu->bus = &bus;
	tcg_cpu_reset(cpu);
	cpu->sys.vbar_el1 = RAM_BASE;
	pt_next = PT_BASE + 0x1000;	/* PT_BASE: the TTBR0 level 0 table */
}

static void teardown(void)
{
	tcg_cpu_fini(vcpu);
	free(vcpu);
	tcg_code_map_free(&tvm);
	guest_ram_free(&ram);
}

static uint64_t *ram_u64(uint64_t pa)
{
	return (uint64_t *)guest_ram_ptr(&ram, pa, 8);
}

/* The descriptor slot for va at level in the tables rooted at root. */
static uint64_t *pt_slot(uint64_t root, uint64_t va, int level)
{
	uint64_t table = root;
	int l;

	for (l = 0; l < level; l++) {
		uint64_t *d = ram_u64(table + ((va >> (39 - 9 * l)) & 511) * 8);

		if (!(*d & 1)) {
			*d = pt_next | D_TABLE;
			pt_next += 0x1000;
		}
		table = *d & 0x0000fffffffff000ull;
	}
	return ram_u64(table + ((va >> (39 - 9 * level)) & 511) * 8);
}

static void map_page(uint64_t root, uint64_t va, uint64_t pa, uint64_t attrs)
{
	*pt_slot(root, va, 3) = pa | attrs | D_PAGE;
}

/* EL1, MMU on with TTBR0 = PT_BASE, 48-bit VAs, MAIR 0 Normal, 1 Device. */
static void mmu_on(uint64_t tcr)
{
	cpu->sys.mair_el1 = 0x00ff;
	cpu->sys.tcr_el1 = tcr;
	cpu->sys.ttbr0_el1 = PT_BASE;
	cpu->sys.sctlr_el1 |= 1;
	tlb_flush_all(cpu);
}

static void set_el(unsigned int el)
{
	cpu_set_pstate(cpu, (el << PSTATE_EL_SHIFT) | (el ? PSTATE_SP : 0));
}

static int rd(uint64_t va, unsigned int size, uint64_t *v)
{
	cpu->sys.esr_el1 = 0;
	cpu->sys.far_el1 = 0;
	return mem_read(cpu, PC, va, size, v, 0);
}

static int wr(uint64_t va, unsigned int size, uint64_t v)
{
	uint64_t val[2] = { v, 0 };

	cpu->sys.esr_el1 = 0;
	cpu->sys.far_el1 = 0;
	return mem_write(cpu, PC, va, size, val, 0);
}

START_TEST(mmu_off_ram_and_mmio)
{
	uint64_t v[2];

	ck_assert_int_eq(wr(RAM_BASE + 0x100, 8, 0x1122334455667788ull), 0);
	ck_assert_int_eq(rd(RAM_BASE + 0x104, 4, v), 0);
	ck_assert_uint_eq(v[0], 0x11223344);
	ck_assert_int_eq(wr(DEV_BASE + 0x10, 4, 0xdeadbeef), 0);
	ck_assert_uint_eq(dev.last_off, 0x10);
	ck_assert_uint_eq(dev.last_size, 4);
	ck_assert_uint_eq(dev.last_val, 0xdeadbeef);
	ck_assert_int_eq(rd(DEV_BASE + 0x8, 1, v), 0);
	ck_assert_uint_eq(v[0], 0xa5 ^ 0x8);
}
END_TEST

START_TEST(mmu_off_unmapped_is_external_abort)
{
	uint64_t v[2];

	ck_assert_int_eq(rd(0x20000000, 4, v), INSN_EXC);
	ck_assert_uint_eq(EC(cpu->sys.esr_el1), EC_DABT_SAME);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x10);
	ck_assert_uint_eq(WNR(cpu->sys.esr_el1), 0);
	ck_assert_uint_eq(cpu->sys.far_el1, 0x20000000);
	ck_assert_uint_eq(cpu->sys.elr_el1, PC);
	ck_assert_int_eq(wr(0x20000008, 8, 1), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x10);
	ck_assert_uint_eq(WNR(cpu->sys.esr_el1), 1);
}
END_TEST

/* Stage 1 off: data is Device-nGnRnE, so unaligned accesses fault (B2.5.2). */
START_TEST(mmu_off_unaligned_faults)
{
	uint64_t v[2];

	ck_assert_int_eq(rd(RAM_BASE + 0x101, 4, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x21);
	ck_assert_uint_eq(cpu->sys.far_el1, RAM_BASE + 0x101);
}
END_TEST

START_TEST(walk_pages_and_blocks)
{
	uint64_t v[2];

	map_page(PT_BASE, 0x1000, RAM_BASE + 0x5000, D_NORMAL);
	/* A 2 MiB block at level 2 and a 1 GiB block at level 1. */
	*pt_slot(PT_BASE, 0x40000000, 2) = (RAM_BASE + 0x200000) | D_NORMAL | D_BLOCK;
	*pt_slot(PT_BASE, 0x80000000, 1) = RAM_BASE | D_NORMAL | D_BLOCK;
	*ram_u64(RAM_BASE + 0x5008) = 0x0123456789abcdefull;
	*ram_u64(RAM_BASE + 0x212340) = 0x55;
	*ram_u64(RAM_BASE + 0x345678) = 0x66;
	mmu_on(TCR_48);
	ck_assert_int_eq(rd(0x1008, 8, v), 0);
	ck_assert_uint_eq(v[0], 0x0123456789abcdefull);
	ck_assert_int_eq(rd(0x40012340, 8, v), 0);
	ck_assert_uint_eq(v[0], 0x55);
	ck_assert_int_eq(rd(0x80345678, 8, v), 0);
	ck_assert_uint_eq(v[0], 0x66);
	/* A second read hits the TLB and still sees memory. */
	*ram_u64(RAM_BASE + 0x5008) = 7;
	ck_assert_int_eq(rd(0x1008, 8, v), 0);
	ck_assert_uint_eq(v[0], 7);
}
END_TEST

START_TEST(translation_fault_levels)
{
	uint64_t v[2];

	mmu_on(TCR_48);
	/* Level 0 empty. */
	ck_assert_int_eq(rd(0x123000, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x04);
	ck_assert_uint_eq(cpu->sys.far_el1, 0x123000);
	/* Level 1, 2, 3 tables present, the entry below them empty. */
	map_page(PT_BASE, 0x200000, RAM_BASE, D_NORMAL);
	ck_assert_int_eq(rd(0x40000000, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x05);
	ck_assert_int_eq(rd(0x400000, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x06);
	ck_assert_int_eq(rd(0x201000, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x07);
	ck_assert_int_eq(wr(0x202000, 8, 0), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x07);
	ck_assert_uint_eq(WNR(cpu->sys.esr_el1), 1);
	/* A level 0 block and a level 3 0b01 are invalid with 4K pages. */
	*pt_slot(PT_BASE, 0x8000000000ull, 0) = RAM_BASE | D_NORMAL | D_BLOCK;
	ck_assert_int_eq(rd(0x8000000000ull, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x04);
	*pt_slot(PT_BASE, 0x203000, 3) = RAM_BASE | D_NORMAL | D_BLOCK;
	ck_assert_int_eq(rd(0x203000, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x07);
}
END_TEST

START_TEST(access_flag_and_address_size)
{
	uint64_t v[2];

	mmu_on(TCR_48);
	map_page(PT_BASE, 0x1000, RAM_BASE, D_NORMAL & ~D_AF);
	ck_assert_int_eq(rd(0x1000, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x0b);
	*pt_slot(PT_BASE, 0x40000000, 2) = RAM_BASE | (D_NORMAL & ~D_AF) | D_BLOCK;
	ck_assert_int_eq(rd(0x40000000, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x0a);
	/* Output address beyond TCR.IPS (32 bits): address size fault. */
	map_page(PT_BASE, 0x2000, 0x100000000ull, D_NORMAL);
	cpu->sys.tcr_el1 &= ~(7ull << 32);
	tlb_flush_all(cpu);
	ck_assert_int_eq(rd(0x2000, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x03);
}
END_TEST

START_TEST(permissions_el1_el0)
{
	uint64_t v[2];

	mmu_on(TCR_48);
	map_page(PT_BASE, 0x1000, RAM_BASE + 0x1000, D_NORMAL | D_AP_RO);
	map_page(PT_BASE, 0x2000, RAM_BASE + 0x2000, D_NORMAL);
	map_page(PT_BASE, 0x3000, RAM_BASE + 0x3000, D_NORMAL | D_AP_EL0);
	ck_assert_int_eq(rd(0x1000, 8, v), 0);
	ck_assert_int_eq(wr(0x1000, 8, 1), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x0f);
	ck_assert_uint_eq(WNR(cpu->sys.esr_el1), 1);
	ck_assert_uint_eq(EC(cpu->sys.esr_el1), EC_DABT_SAME);
	/* EL0: no access to an EL1-only page, the fault comes from a lower EL. */
	set_el(0);
	ck_assert_int_eq(rd(0x2000, 8, v), INSN_EXC);
	ck_assert_uint_eq(EC(cpu->sys.esr_el1), EC_DABT_LOWER);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x0f);
	set_el(0);
	ck_assert_int_eq(wr(0x3000, 4, 9), 0);
	ck_assert_int_eq(rd(0x3000, 4, v), 0);
	ck_assert_uint_eq(v[0], 9);
	/* LDTR/STTR at EL1 check as EL0. */
	set_el(1);
	ck_assert_int_eq(mem_read(cpu, PC, 0x2000, 8, v, MEM_UNPRIV), INSN_EXC);
	ck_assert_int_eq(mem_read(cpu, PC, 0x3000, 8, v, MEM_UNPRIV), 0);
}
END_TEST

/* Table descriptors limit everything below them (D5.4.5, APTable/XNTable). */
START_TEST(table_limits_and_wxn)
{
	uint64_t v[2], pa;

	map_page(PT_BASE, 0x40001000, RAM_BASE + 0x1000, D_NORMAL | D_AP_EL0);
	mmu_on(TCR_48);
	set_el(0);
	ck_assert_int_eq(wr(0x40001000, 8, 1), 0);
	/* APTable[1] on the level 2 table entry: read-only for everyone. */
	*pt_slot(PT_BASE, 0x40001000, 2) |= 1ull << 62;
	tlb_flush_all(cpu);
	set_el(0);
	ck_assert_int_eq(rd(0x40001000, 8, v), 0);
	set_el(0);
	ck_assert_int_eq(wr(0x40001000, 8, 1), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x0f);
	set_el(1);
	ck_assert_int_eq(wr(0x40001000, 8, 1), INSN_EXC);
	/* APTable[0] on level 1: no EL0 access at all. */
	*pt_slot(PT_BASE, 0x40001000, 1) |= 1ull << 61;
	tlb_flush_all(cpu);
	set_el(0);
	ck_assert_int_eq(rd(0x40001000, 8, v), INSN_EXC);
	set_el(1);
	ck_assert_int_eq(rd(0x40001000, 8, v), 0);
	/* PXNTable/UXNTable: no execution below, at EL1 / at EL0. */
	map_page(PT_BASE, 0x80001000, RAM_BASE + 0x2000, D_NORMAL | D_AP_EL0 | D_AP_RO);
	tlb_flush_all(cpu);
	ck_assert_int_eq(mem_translate_fetch(cpu, 0x80001000, &pa), 0);
	*pt_slot(PT_BASE, 0x80001000, 2) |= 1ull << 59;
	tlb_flush_all(cpu);
	ck_assert_int_eq(mem_translate_fetch(cpu, 0x80001000, &pa), INSN_EXC);
	set_el(0);
	ck_assert_int_eq(mem_translate_fetch(cpu, 0x80001000, &pa), 0);
	*pt_slot(PT_BASE, 0x80001000, 0) |= 1ull << 60;
	tlb_flush_all(cpu);
	set_el(0);
	ck_assert_int_eq(mem_translate_fetch(cpu, 0x80001000, &pa), INSN_EXC);
	/* SCTLR_EL1.WXN: writable means never executable. */
	map_page(PT_BASE, 0x3000, RAM_BASE + 0x3000, D_NORMAL);
	set_el(1);
	tlb_flush_all(cpu);
	ck_assert_int_eq(mem_translate_fetch(cpu, 0x3000, &pa), 0);
	cpu->sys.sctlr_el1 |= 1ull << 19;
	tlb_flush_all(cpu);
	ck_assert_int_eq(mem_translate_fetch(cpu, 0x3000, &pa), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x0f);
}
END_TEST

START_TEST(instruction_fetch_permissions)
{
	uint64_t pa;

	mmu_on(TCR_48);
	map_page(PT_BASE, 0x1000, RAM_BASE + 0x1000, D_NORMAL);
	map_page(PT_BASE, 0x2000, RAM_BASE + 0x2000, D_NORMAL | D_PXN);
	map_page(PT_BASE, 0x3000, RAM_BASE + 0x3000, D_NORMAL | D_AP_EL0);
	map_page(PT_BASE, 0x4000, RAM_BASE + 0x4000, D_NORMAL | D_AP_EL0 | D_AP_RO | D_UXN);
	ck_assert_int_eq(mem_translate_fetch(cpu, 0x1004, &pa), 0);
	ck_assert_uint_eq(pa, RAM_BASE + 0x1004);
	ck_assert_int_eq(mem_translate_fetch(cpu, 0x2000, &pa), INSN_EXC);
	ck_assert_uint_eq(EC(cpu->sys.esr_el1), EC_IABT_SAME);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x0f);
	ck_assert_uint_eq(cpu->sys.far_el1, 0x2000);
	ck_assert_uint_eq(cpu->sys.elr_el1, 0x2000);
	/* EL1 never executes what EL0 may write (D5.4.5). */
	set_el(1);
	ck_assert_int_eq(mem_translate_fetch(cpu, 0x3000, &pa), INSN_EXC);
	set_el(0);
	ck_assert_int_eq(mem_translate_fetch(cpu, 0x3000, &pa), 0);
	ck_assert_int_eq(mem_translate_fetch(cpu, 0x4000, &pa), INSN_EXC);
	ck_assert_uint_eq(EC(cpu->sys.esr_el1), EC_IABT_LOWER);
	/* Unmapped VA: a translation fault at level 0. */
	set_el(1);
	ck_assert_int_eq(mem_translate_fetch(cpu, 0x18000000000ull, &pa), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x04);
}
END_TEST

START_TEST(ttbr1_and_va_range)
{
	uint64_t v[2], root1 = PT_BASE + 0x100000;
	uint64_t hi = 0xffff000000001000ull;

	mmu_on(TCR_48);
	cpu->sys.ttbr1_el1 = root1;
	map_page(root1, hi, RAM_BASE + 0x7000, D_NORMAL);
	*ram_u64(RAM_BASE + 0x7010) = 42;
	ck_assert_int_eq(rd(hi + 0x10, 8, v), 0);
	ck_assert_uint_eq(v[0], 42);
	/* Bits 63:48 neither all zeros nor all ones: level 0 translation fault. */
	ck_assert_int_eq(rd(0x00ff000000001000ull, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x04);
	ck_assert_int_eq(rd(0x8000000000001000ull, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x04);
	/* EPD1 disables TTBR1 walks. */
	cpu->sys.tcr_el1 |= 1ull << 23;
	tlb_flush_all(cpu);
	ck_assert_int_eq(rd(hi, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x04);
}
END_TEST

START_TEST(top_byte_ignore)
{
	uint64_t v[2];

	map_page(PT_BASE, 0x1000, RAM_BASE + 0x1000, D_NORMAL);
	*ram_u64(RAM_BASE + 0x1000) = 0x77;
	mmu_on(TCR_48);
	ck_assert_int_eq(rd(0x5a00000000001000ull, 8, v), INSN_EXC);
	mmu_on(TCR_48 | TCR_TBI0);
	ck_assert_int_eq(rd(0x5a00000000001000ull, 8, v), 0);
	ck_assert_uint_eq(v[0], 0x77);
	ck_assert_int_eq(wr(0xa500000000001008ull, 8, 5), 0);
	ck_assert_uint_eq(*ram_u64(RAM_BASE + 0x1008), 5);
	/* The fault address keeps the tag. */
	ck_assert_int_eq(rd(0x5a00000000009000ull, 8, v), INSN_EXC);
	ck_assert_uint_eq(cpu->sys.far_el1, 0x5a00000000009000ull);
}
END_TEST

START_TEST(walk_outside_ram_is_external_abort)
{
	uint64_t v[2];

	mmu_on(TCR_48);
	/* Level 0 entry pointing at a level 1 table in nothing. */
	*ram_u64(PT_BASE) = 0x20000000 | D_TABLE;
	ck_assert_int_eq(rd(0x1000, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x15);
	/* TTBR0 itself outside RAM: level 0. */
	cpu->sys.ttbr0_el1 = 0x10000000;
	tlb_flush_all(cpu);
	ck_assert_int_eq(rd(0x1000, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x14);
}
END_TEST

START_TEST(tlbi_makes_new_mapping_visible)
{
	uint64_t v[2];

	map_page(PT_BASE, 0x1000, RAM_BASE + 0x1000, D_NORMAL);
	*ram_u64(RAM_BASE + 0x1000) = 1;
	*ram_u64(RAM_BASE + 0x2000) = 2;
	mmu_on(TCR_48);
	ck_assert_int_eq(rd(0x1000, 8, v), 0);
	ck_assert_uint_eq(v[0], 1);
	map_page(PT_BASE, 0x1000, RAM_BASE + 0x2000, D_NORMAL);
	tlb_tlbi(cpu, TLBI_VAE1, false, 0x1000 >> 12);
	ck_assert_int_eq(rd(0x1000, 8, v), 0);
	ck_assert_uint_eq(v[0], 2);
	/* Unmapped and invalidated: the access now faults. */
	*pt_slot(PT_BASE, 0x1000, 3) = 0;
	tlb_tlbi(cpu, TLBI_VMALLE1, true, 0);
	ck_assert_int_eq(rd(0x1000, 8, v), INSN_EXC);
	/* Blocks: a TLBI by any VA inside one drops all of it. */
	*pt_slot(PT_BASE, 0x40000000, 2) = (RAM_BASE + 0x200000) | D_NORMAL | D_BLOCK;
	ck_assert_int_eq(rd(0x40100000, 8, v), 0);
	*pt_slot(PT_BASE, 0x40000000, 2) = 0;
	tlb_tlbi(cpu, TLBI_VAAE1, false, 0x40003000 >> 12);
	ck_assert_int_eq(rd(0x40100000, 8, v), INSN_EXC);
}
END_TEST

/* Non-global entries belong to their ASID: a new ASID walks anew. */
START_TEST(asid_tagged_entries)
{
	uint64_t v[2], root2 = PT_BASE + 0x100000;

	map_page(PT_BASE, 0x1000, RAM_BASE + 0x1000, D_NORMAL | D_NG);
	map_page(PT_BASE, 0x5000, RAM_BASE + 0x5000, D_NORMAL);
	map_page(root2, 0x1000, RAM_BASE + 0x2000, D_NORMAL | D_NG);
	*ram_u64(RAM_BASE + 0x1000) = 1;
	*ram_u64(RAM_BASE + 0x2000) = 2;
	mmu_on(TCR_48 | TCR_AS);
	cpu->sys.ttbr0_el1 = PT_BASE | (1ull << 48);
	ck_assert_int_eq(rd(0x1000, 8, v), 0);
	ck_assert_uint_eq(v[0], 1);
	ck_assert_int_eq(rd(0x5000, 8, v), 0);
	cpu->sys.ttbr0_el1 = root2 | (2ull << 48);
	ck_assert_int_eq(rd(0x1000, 8, v), 0);
	ck_assert_uint_eq(v[0], 2);
	/* Back to ASID 1 after TLBI ASIDE1 of it: walks the first tables. */
	cpu->sys.ttbr0_el1 = PT_BASE | (1ull << 48);
	tlb_tlbi(cpu, TLBI_ASIDE1, false, 1ull << 48);
	ck_assert_int_eq(rd(0x1000, 8, v), 0);
	ck_assert_uint_eq(v[0], 1);
}
END_TEST

START_TEST(at_sets_par)
{
	map_page(PT_BASE, 0x1000, RAM_BASE + 0x3000, D_NORMAL | D_AP_RO);
	mmu_on(TCR_48);
	mmu_at(cpu, MMU_AT_S1E1R, 0x1234);
	ck_assert_uint_eq(cpu->sys.par_el1 & 1, 0);
	ck_assert_uint_eq(cpu->sys.par_el1 & 0x0000fffffffff000ull, RAM_BASE + 0x3000);
	ck_assert_uint_eq(cpu->sys.par_el1 >> 56, 0xff);
	ck_assert_uint_eq((cpu->sys.par_el1 >> 7) & 3, 3);
	mmu_at(cpu, MMU_AT_S1E1W, 0x1234);
	ck_assert_uint_eq(cpu->sys.par_el1 & 1, 1);
	ck_assert_uint_eq((cpu->sys.par_el1 >> 1) & 0x3f, 0x0f);
	mmu_at(cpu, MMU_AT_S1E0R, 0x1234);
	ck_assert_uint_eq(cpu->sys.par_el1 & 1, 1);
	mmu_at(cpu, MMU_AT_S1E1R, 0x9000);
	ck_assert_uint_eq(cpu->sys.par_el1 & 1, 1);
	ck_assert_uint_eq((cpu->sys.par_el1 >> 1) & 0x3f, 0x07);
}
END_TEST

START_TEST(page_crossing)
{
	uint64_t v[2];

	map_page(PT_BASE, 0x1000, RAM_BASE + 0x5000, D_NORMAL);
	map_page(PT_BASE, 0x2000, RAM_BASE + 0x9000, D_NORMAL);
	map_page(PT_BASE, 0x3000, RAM_BASE + 0xa000, D_NORMAL | D_AP_RO);
	mmu_on(TCR_48);
	ck_assert_int_eq(wr(0x1ffc, 8, 0x8877665544332211ull), 0);
	ck_assert_uint_eq(*(uint32_t *)guest_ram_ptr(&ram, RAM_BASE + 0x5ffc, 4), 0x44332211);
	ck_assert_uint_eq(*(uint32_t *)guest_ram_ptr(&ram, RAM_BASE + 0x9000, 4), 0x88776655);
	ck_assert_int_eq(rd(0x1ffe, 4, v), 0);
	ck_assert_uint_eq(v[0], 0x66554433);
	/* The second page is read-only: the fault names its first byte. */
	ck_assert_int_eq(wr(0x2ffe, 4, 0), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x0f);
	ck_assert_uint_eq(cpu->sys.far_el1, 0x3000);
	ck_assert_int_eq(rd(0x3ffc, 8, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x07);
	ck_assert_uint_eq(cpu->sys.far_el1, 0x4000);
}
END_TEST

START_TEST(alignment_checks)
{
	uint64_t v[2];

	map_page(PT_BASE, 0x1000, RAM_BASE + 0x1000, D_NORMAL);
	map_page(PT_BASE, 0x2000, DEV_BASE, D_AF | D_ATTR(1));
	mmu_on(TCR_48);
	ck_assert_int_eq(rd(0x1001, 8, v), 0);
	ck_assert_int_eq(mem_read(cpu, PC, 0x1004, 8, v, MEM_ALIGN), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x21);
	/* Device memory refuses unaligned accesses; aligned ones reach it. */
	ck_assert_int_eq(rd(0x2002, 4, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x21);
	ck_assert_int_eq(wr(0x2004, 4, 3), 0);
	ck_assert_uint_eq(dev.last_off, 4);
	/* SCTLR_EL1.A checks every access; MSR SCTLR_EL1 flushes the TLB (sysreg.c). */
	cpu->sys.sctlr_el1 |= 2;
	tlb_flush_all(cpu);
	ck_assert_int_eq(rd(0x1002, 4, v), INSN_EXC);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x21);
}
END_TEST

/* Cache maintenance by VA (SYS passes MEM_CM): WnR and CM set (D17.2.40). */
START_TEST(cache_maintenance_fault_syndrome)
{
	uint64_t pa;
	void *host;

	map_page(PT_BASE, 0x1000, RAM_BASE + 0x1000, D_NORMAL | D_AP_RO);
	mmu_on(TCR_48);
	ck_assert_int_eq(mem_translate_data(cpu, PC, 0x1010, 1, MMU_READ, MEM_CM, &pa, &host), 0);
	ck_assert_uint_eq(pa, RAM_BASE + 0x1010);
	ck_assert_ptr_eq(host, guest_ram_ptr(&ram, RAM_BASE + 0x1010, 1));
	ck_assert_int_eq(mem_translate_data(cpu, PC, 0x5000, 1, MMU_READ, MEM_CM, &pa, &host),
			 INSN_EXC);
	ck_assert_uint_eq(cpu->sys.esr_el1 & 0x1ffffff, 0x147);
	ck_assert_uint_eq(cpu->sys.far_el1, 0x5000);
	/* DC IVAC needs write permission. */
	ck_assert_int_eq(mem_translate_data(cpu, PC, 0x1000, 1, MMU_WRITE, MEM_CM, &pa, &host),
			 INSN_EXC);
	ck_assert_uint_eq(cpu->sys.esr_el1 & 0x1ffffff, 0x14f);
}
END_TEST

/* A TLBI ...IS on one vCPU reaches the other's TLB (D5.10.2). */
START_TEST(broadcast_tlbi_reaches_other_vcpu)
{
	struct av_err err = { 0 };
	struct tcg_vcpu *v2 = calloc(1, sizeof(*v2));
	struct cpu_state *cpu2;
	uint64_t v[2];
	unsigned int i;

	ck_assert_ptr_nonnull(v2);
	ck_assert_int_eq(tcg_cpu_init(v2, &tvm, 1, &err), 0);
	cpu2 = &v2->cpu;
	cpu2->ram = &ram;
	cpu2->bus = &bus;
	tcg_cpu_reset(cpu2);
	tvm.vcpus[1] = v2;
	tvm.ncpus = 2;
	map_page(PT_BASE, 0x1000, RAM_BASE + 0x1000, D_NORMAL);
	*ram_u64(RAM_BASE + 0x1000) = 0xa;
	*ram_u64(RAM_BASE + 0x2000) = 0xb;
	mmu_on(TCR_48);
	cpu2->sys = cpu->sys;
	tlb_flush_all(cpu2);
	ck_assert_int_eq(mem_read(cpu2, PC, 0x1000, 8, v, 0), 0);
	ck_assert_uint_eq(v[0], 0xa);
	map_page(PT_BASE, 0x1000, RAM_BASE + 0x2000, D_NORMAL);
	tlb_tlbi(cpu, TLBI_VAE1, true, 0x1000 >> 12);
	ck_assert_int_eq(mem_read(cpu2, PC, 0x1000, 8, v, 0), 0);
	ck_assert_uint_eq(v[0], 0xb);
	/* More broadcasts than the queue holds: the other vCPU flushes all. */
	map_page(PT_BASE, 0x1000, RAM_BASE + 0x1000, D_NORMAL);
	for (i = 0; i < 3 * TLB_REMOTE_MAX; i++)
		tlb_tlbi(cpu, TLBI_VALE1, true, 0x100 + i);
	tlb_tlbi(cpu, TLBI_VAE1, true, 0x1000 >> 12);
	ck_assert_int_eq(mem_read(cpu2, PC, 0x1000, 8, v, 0), 0);
	ck_assert_uint_eq(v[0], 0xa);
	tvm.ncpus = 1;
	tvm.vcpus[1] = NULL;
	tcg_cpu_fini(v2);
	free(v2);
}
END_TEST

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Guest-controlled tables and registers, at random: every walk ends in a
 * mapping inside the PA size or in a fault at a level 0..3, and accesses
 * through them complete or take a Data Abort.
 */
START_TEST(random_tables_never_break_the_walker)
{
	uint64_t seed = 0x2545f4914f6cdd1dull, v[2];
	uint64_t *tables = ram_u64(PT_BASE);
	unsigned int i, j;

	for (i = 0; i < 2000; i++) {
		struct mmu_result r;
		uint64_t va;
		int ret;

		for (j = 0; j < 64; j++) {
			uint64_t d = rnd(&seed);

			/* Mostly tables/pages pointing back into the table area. */
			if (j & 1)
				d = (d & ~0x0000fffffffff000ull) |
				    (PT_BASE + ((d >> 12) & 7) * 0x1000);
			tables[(rnd(&seed) & 7) * 512 + (rnd(&seed) & 511)] = d;
		}
		cpu->sys.tcr_el1 = rnd(&seed);
		cpu->sys.ttbr0_el1 = (rnd(&seed) & 3) ? PT_BASE : rnd(&seed);
		cpu->sys.ttbr1_el1 = (rnd(&seed) & 3) ? PT_BASE + 0x1000 : rnd(&seed);
		cpu->sys.mair_el1 = rnd(&seed);
		cpu->sys.sctlr_el1 |= 1;
		tlb_flush_all(cpu);
		va = rnd(&seed);
		mmu_walk(cpu, va, true, &r);
		ck_assert_int_ge(r.level, 0);
		ck_assert_int_le(r.level, 3);
		if (r.fault == MMU_FAULT_NONE) {
			ck_assert_uint_eq(r.pa >> 44, 0);
			ck_assert(r.perm & TLB_PERM(MMU_READ, 1));
		}
		set_el(1);
		ret = rd(va, 8, v);
		ck_assert(ret == 0 || ret == INSN_EXC);
		ret = wr(va ^ 0xff8, 4, i);
		ck_assert(ret == 0 || ret == INSN_EXC);
	}
}
END_TEST

static Suite *mmu_suite(void)
{
	Suite *s = suite_create("tcg_mmu");
	TCase *tc = tcase_create("mmu");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, mmu_off_ram_and_mmio);
	tcase_add_test(tc, mmu_off_unmapped_is_external_abort);
	tcase_add_test(tc, mmu_off_unaligned_faults);
	tcase_add_test(tc, walk_pages_and_blocks);
	tcase_add_test(tc, translation_fault_levels);
	tcase_add_test(tc, access_flag_and_address_size);
	tcase_add_test(tc, permissions_el1_el0);
	tcase_add_test(tc, instruction_fetch_permissions);
	tcase_add_test(tc, table_limits_and_wxn);
	tcase_add_test(tc, ttbr1_and_va_range);
	tcase_add_test(tc, top_byte_ignore);
	tcase_add_test(tc, walk_outside_ram_is_external_abort);
	tcase_add_test(tc, tlbi_makes_new_mapping_visible);
	tcase_add_test(tc, asid_tagged_entries);
	tcase_add_test(tc, at_sets_par);
	tcase_add_test(tc, page_crossing);
	tcase_add_test(tc, alignment_checks);
	tcase_add_test(tc, cache_maintenance_fault_syndrome);
	tcase_add_test(tc, random_tables_never_break_the_walker);
	tcase_add_test(tc, broadcast_tlbi_reaches_other_vcpu);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(mmu_suite());
}
