// SPDX-License-Identifier: GPL-2.0
/* The unit-test CPU of tcg_rig.h. */
#include <stdlib.h>
#include <string.h>

#include "tcg_rig.h"

int rig_init(struct tcg_rig *r, struct av_err *err)
{
	memset(r, 0, sizeof(*r));
	if (guest_ram_alloc(&r->ram, RIG_RAM_BASE, RIG_RAM_SIZE, err))
		return -1;
	if (tcg_code_map_init(&r->tvm, RIG_RAM_BASE, RIG_RAM_SIZE, err))
		return -1;
	mmio_bus_init(&r->bus);
	r->vcpu = calloc(1, sizeof(*r->vcpu));
	if (!r->vcpu)
		return -1;
	r->tvm.ncpus = 1;
	r->tvm.vcpus[0] = r->vcpu;
	if (tcg_cpu_init(r->vcpu, &r->tvm, 0, err))
		return -1;
	r->cpu = &r->vcpu->cpu;
	r->cpu->ram = &r->ram;
	r->cpu->bus = &r->bus;
	tcg_cpu_reset(r->cpu);
	r->cpu->sys.cpacr_el1 = CPACR_FPEN;
	atomic_store(&r->cpu->powered_on, 1);
	return 0;
}

void rig_fini(struct tcg_rig *r)
{
	if (r->vcpu) {
		tcg_cpu_fini(r->vcpu);
		free(r->vcpu);
	}
	tcg_code_map_free(&r->tvm);
	guest_ram_free(&r->ram);
}

void rig_put(struct tcg_rig *r, uint64_t pa, const uint32_t *words, size_t n)
{
	memcpy(r->ram.host + (pa - RIG_RAM_BASE), words, n * 4);
}

int rig_run(struct tcg_rig *r, uint64_t pc, uint64_t max_blocks)
{
	struct tcg_run_opts opts = { .max_blocks = max_blocks, .stop_on_exc = true };

	r->cpu->pc = pc;
	return tcg_cpu_exec(r->cpu, &opts);
}

unsigned int rig_ec(const struct tcg_rig *r)
{
	return (unsigned int)(r->cpu->sys.esr_el1 >> 26);
}

/* Descriptor bits (ARM ARM D5.3): AF, inner shareable, AttrIndx 0, EL1 RW. */
#define RIG_DESC_ATTRS	((1ull << 10) | (3ull << 8))
#define RIG_DESC_TABLE	3ull
#define RIG_DESC_BLOCK	1ull
#define RIG_DESC_PAGE	3ull

static void rig_put64(struct tcg_rig *r, uint64_t pa, uint64_t v)
{
	memcpy(r->ram.host + (pa - RIG_RAM_BASE), &v, 8);
}

void rig_map_page(struct tcg_rig *r, unsigned int n, uint64_t pa)
{
	rig_put64(r, RIG_PGTABLE + 0x2000 + 8 * n, pa | RIG_DESC_ATTRS | RIG_DESC_PAGE);
}

void rig_mmu_on(struct tcg_rig *r)
{
	struct cpu_state *cpu = r->cpu;

	/* Level 1 (T0SZ 25: 1 GiB entries): [1] RAM block, [2] -> level 2. */
	rig_put64(r, RIG_PGTABLE + 8, RIG_RAM_BASE | RIG_DESC_ATTRS | RIG_DESC_BLOCK);
	rig_put64(r, RIG_PGTABLE + 16, (RIG_PGTABLE + 0x1000) | RIG_DESC_TABLE);
	rig_put64(r, RIG_PGTABLE + 0x1000, (RIG_PGTABLE + 0x2000) | RIG_DESC_TABLE);
	cpu->sys.mair_el1 = 0xff;
	/* T0SZ 25, IRGN0/ORGN0 WB, SH0 inner, TG0 4K, EPD1. */
	cpu->sys.tcr_el1 = 25 | (1ull << 8) | (1ull << 10) | (3ull << 12) | (1ull << 23);
	cpu->sys.ttbr0_el1 = RIG_PGTABLE;
	cpu->sys.sctlr_el1 |= 1ull | (1ull << 2) | (1ull << 12);
	tlb_flush_all(cpu);
}
