// SPDX-License-Identifier: GPL-2.0
/* The unit-test CPU of tcg_rig.h. */
#include <stdio.h>
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

void rig_map_page_ng(struct tcg_rig *r, unsigned int n, uint64_t pa)
{
	/* nG, bit 11 of a stage 1 page descriptor (D5.3.3): tagged with the ASID. */
	rig_put64(r, RIG_PGTABLE + 0x2000 + 8 * n,
		  pa | RIG_DESC_ATTRS | (1ull << 11) | RIG_DESC_PAGE);
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

static bool rig_same_u64(const char *what, const char *name, uint64_t a, uint64_t b)
{
	if (a == b)
		return true;
	fprintf(stderr, "%s: %s portable 0x%llx, jit 0x%llx\n", what, name,
		(unsigned long long)a, (unsigned long long)b);
	return false;
}

static bool rig_same_regs(const struct cpu_state *a, const struct cpu_state *b,
			  const char *what)
{
	static const char *const names[] = { "SP_EL0", "SP_EL1" };
	char name[16];
	unsigned int i;

	/* r[REG_ZR] too: XZR must still read as zero. */
	for (i = 0; i <= REG_SP; i++) {
		snprintf(name, sizeof(name), i == REG_SP ? "SP" : "X%u", i);
		if (!rig_same_u64(what, name, a->r[i], b->r[i]))
			return false;
	}
	for (i = 0; i < 2; i++)
		if (!rig_same_u64(what, names[i], a->sp_el[i], b->sp_el[i]))
			return false;
	return rig_same_u64(what, "PC", a->pc, b->pc) &&
	       rig_same_u64(what, "NZCV", a->nzcv, b->nzcv) &&
	       rig_same_u64(what, "PSTATE", a->pstate, b->pstate);
}

static bool rig_same_fp(const struct cpu_state *a, const struct cpu_state *b,
			const char *what)
{
	char name[16];
	unsigned int i, h;

	for (i = 0; i < 32; i++) {
		for (h = 0; h < 2; h++) {
			snprintf(name, sizeof(name), "V%u.D[%u]", i, h);
			if (!rig_same_u64(what, name, a->v[i].d[h], b->v[i].d[h]))
				return false;
		}
	}
	return rig_same_u64(what, "FPCR", a->fpcr, b->fpcr) &&
	       rig_same_u64(what, "FPSR", a->fpsr, b->fpsr);
}

/* The exception registers (ARM ARM D1.10: what an exception entry writes). */
static bool rig_same_exc(const struct cpu_state *a, const struct cpu_state *b,
			 const char *what)
{
	return rig_same_u64(what, "ESR_EL1", a->sys.esr_el1, b->sys.esr_el1) &&
	       rig_same_u64(what, "FAR_EL1", a->sys.far_el1, b->sys.far_el1) &&
	       rig_same_u64(what, "ELR_EL1", a->sys.elr_el1, b->sys.elr_el1) &&
	       rig_same_u64(what, "SPSR_EL1", a->sys.spsr_el1, b->sys.spsr_el1);
}

static bool rig_same_mem(const struct tcg_rig *a, const struct tcg_rig *b, uint64_t pa,
			 size_t size, const char *what)
{
	const uint8_t *ma = a->ram.host + (pa - RIG_RAM_BASE);
	const uint8_t *mb = b->ram.host + (pa - RIG_RAM_BASE);
	size_t i;

	if (!memcmp(ma, mb, size))
		return true;
	for (i = 0; ma[i] == mb[i]; i++)
		;
	fprintf(stderr, "%s: memory at 0x%llx: portable 0x%02x, jit 0x%02x\n", what,
		(unsigned long long)(pa + i), ma[i], mb[i]);
	return false;
}

bool rig_same_state(const struct tcg_rig *a, const struct tcg_rig *b, uint64_t pa,
		    size_t size, const char *what)
{
	return rig_same_regs(a->cpu, b->cpu, what) && rig_same_fp(a->cpu, b->cpu, what) &&
	       rig_same_exc(a->cpu, b->cpu, what) && rig_same_mem(a, b, pa, size, what);
}
