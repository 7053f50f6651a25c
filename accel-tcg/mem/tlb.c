// SPDX-License-Identifier: GPL-2.0
/*
 * The per-vCPU soft TLB: direct-mapped, 4K entries tagged by canonical
 * virtual page and ASID (or global), and the TLBI operations Linux uses
 * (ARM ARM C5.5, "A64 system instructions for TLB maintenance").
 *
 * Only the owning vCPU thread touches its entries. A broadcast TLBI from
 * another vCPU is queued (a full queue becomes "flush everything") and
 * flush_req set; the owner applies the queue before its next lookup, so
 * a DSB after the TLBI, then any synchronisation with the owner, orders
 * the owner's later accesses after it (D5.10.2). Over-invalidation is
 * always allowed.
 */
#include <sched.h>
#include <string.h>

#include "cpu.h"
#include "debug/debug.h"
#include "gdb/gdb.h"
#include "mem.h"
#include "tcg.h"
#include "engine/engine.h"

static inline uint64_t sext55(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 8) >> 8);
}

static void tlb_clear(struct tlb *tlb)
{
	unsigned int i;

	for (i = 0; i < TLB_SIZE; i++) {
		tlb->e[i].vpage = TLB_INVALID;
		tlb->e[i].fast_perm = 0;
		tlb->e[i].perm = 0;
	}
	tlb->large_lo = ~0ull;
	tlb->large_hi = 0;
}

void tlb_init(struct tlb *tlb, _Atomic uint32_t *flush_req)
{
	memset(tlb, 0, sizeof(*tlb));
	tlb_clear(tlb);
	tlb->flush_req = flush_req;
	atomic_store(tlb->flush_req, 0);
	atomic_store(&tlb->rlock, 0);
}

static void tlb_rq_lock(struct tlb *tlb)
{
	unsigned int spins = 0;

	/* Held for a few stores; yield if its holder was descheduled. */
	while (atomic_exchange_explicit(&tlb->rlock, 1, memory_order_acquire))
		if (++spins % 64 == 0)
			sched_yield();
}

static void tlb_rq_unlock(struct tlb *tlb)
{
	atomic_store_explicit(&tlb->rlock, 0, memory_order_release);
}

/* Queue op for the owner of tlb (any thread); a full queue flushes all. */
static void tlb_remote_push(struct tlb *tlb, enum tlbi_op op, uint64_t xt)
{
	tlb_rq_lock(tlb);
	if (op == TLBI_VMALLE1 || tlb->nrq == TLB_REMOTE_MAX) {
		tlb->rall = true;
	} else {
		tlb->rq[tlb->nrq].op = op;
		tlb->rq[tlb->nrq].xt = xt;
		tlb->nrq++;
	}
	atomic_store_explicit(tlb->flush_req, 1, memory_order_release);
	tlb_rq_unlock(tlb);
}

void tlb_request_flush(struct tlb *tlb)
{
	tlb_remote_push(tlb, TLBI_VMALLE1, 0);
}

void tlb_flush_all(struct cpu_state *cpu)
{
	struct tlb *tlb = &cpu->tlb;

	/* Everything goes, queued remote work included; TCR/TTBRn may have changed. */
	mmu_asid_sync(cpu);
	tlb_rq_lock(tlb);
	tlb->nrq = 0;
	tlb->rall = false;
	atomic_store_explicit(tlb->flush_req, 0, memory_order_relaxed);
	tlb_rq_unlock(tlb);
	tlb_clear(tlb);
	/* Blocks are found by VA: those associations die with the TLB. */
	tb_jmp_cache_flush(cpu);
}

static inline struct tlb_entry *tlb_slot(struct tlb *tlb, uint64_t va)
{
	return &tlb->e[(va >> MMU_PAGE_BITS) & (TLB_SIZE - 1)];
}

static void tlb_local(struct cpu_state *cpu, enum tlbi_op op, uint64_t xt);

/* Apply what other vCPUs queued (owner thread). */
static void tlb_remote_apply(struct cpu_state *cpu)
{
	struct tlb *tlb = &cpu->tlb;
	struct tlb_remote_op ops[TLB_REMOTE_MAX];
	unsigned int i, n;
	bool all;

	tlb_rq_lock(tlb);
	n = tlb->nrq;
	all = tlb->rall;
	memcpy(ops, tlb->rq, n * sizeof(ops[0]));
	tlb->nrq = 0;
	tlb->rall = false;
	atomic_store_explicit(tlb->flush_req, 0, memory_order_relaxed);
	tlb_rq_unlock(tlb);
	if (all) {
		tlb_flush_all(cpu);
		return;
	}
	for (i = 0; i < n; i++)
		tlb_local(cpu, (enum tlbi_op)ops[i].op, ops[i].xt);
}

void tlb_sync_remote(struct cpu_state *cpu)
{
	if (atomic_load_explicit(&cpu->tlb_flush_req, memory_order_acquire))
		tlb_remote_apply(cpu);
}

struct tlb_entry *tlb_find(struct cpu_state *cpu, uint64_t va_canon)
{
	struct tlb_entry *e;

	if (atomic_load_explicit(&cpu->tlb_flush_req, memory_order_acquire))
		tlb_remote_apply(cpu);
	e = tlb_slot(&cpu->tlb, va_canon);
	/* perm 0: never filled (EL1 may read every valid mapping, D5.4.4). */
	if (e->vpage != (va_canon & MMU_PAGE_MASK) || !e->perm)
		return NULL;
	if (e->asid != TLB_GLOBAL && e->asid != mmu_current_asid(cpu))
		return NULL;
	return e;
}

/* Normal memory: MAIR attribute bits 7:4 non-zero (D17.2.97). */
static inline bool attr_is_normal(uint8_t attr)
{
	return (attr & 0xf0) != 0;
}

struct tlb_entry *tlb_fill(struct cpu_state *cpu, const struct mmu_result *r,
			   uint8_t *ram_host_page)
{
	struct tlb *tlb = &cpu->tlb;
	uint64_t vpage = r->va_canon & MMU_PAGE_MASK;
	struct tlb_entry *e = tlb_slot(tlb, vpage);

	struct tlb_info *info = tlb_info_of(tlb, e);

	e->vpage = vpage;
	e->pa_page = r->pa & MMU_PAGE_MASK;
	e->asid = r->asid;
	e->perm = r->perm;
	info->attr = r->attr;
	info->sh = r->sh;
	info->level = (uint8_t)r->level;
	info->flags = 0;
	e->addend = 0;
	if (ram_host_page) {
		info->flags |= TLB_F_RAM;
		e->addend = (uintptr_t)ram_host_page - (uintptr_t)vpage;
	}
	if (!attr_is_normal(r->attr))
		info->flags |= TLB_F_DEVICE;
	e->fast_perm = (info->flags == TLB_F_RAM) ? e->perm : 0;
	/*
	 * The fast paths (mem_fast, the x86-64 tier) test only fast_perm:
	 * give them nothing while the MMU is off or alignment is checked.
	 * An SCTLR_EL1 write that changes either flushes the TLB
	 * (sysreg.c, write_regime).
	 */
	if ((cpu->sys.sctlr_el1 & (MMU_SCTLR_M | MMU_SCTLR_A)) != MMU_SCTLR_M)
		e->fast_perm = 0;
	/* gdbstub watchpoints see accesses on the slow path only (debug.h). */
	if (__builtin_expect(tcg_gdb_watching(cpu), 0))
		e->fast_perm = 0;
	/* So do the guest's own, on the pages they watch (debug/debug.h). */
	if (__builtin_expect(cpu->sys.dbg_watch, 0) && dbg_watch_page(cpu, vpage))
		e->fast_perm = 0;
	if (r->block_size > MMU_PAGE_SIZE) {
		uint64_t lo = r->va_canon & ~(r->block_size - 1);
		uint64_t hi = lo + r->block_size - 1;

		if (lo < tlb->large_lo)
			tlb->large_lo = lo;
		if (hi > tlb->large_hi)
			tlb->large_hi = hi;
	}
	return e;
}

static void tlb_drop(struct tlb_entry *e)
{
	e->vpage = TLB_INVALID;
	e->fast_perm = 0;
	e->perm = 0;
}

/* TLBI by VA (any_asid: the VAA forms; global entries always match). */
static void tlb_flush_va(struct cpu_state *cpu, uint64_t va, uint32_t asid,
			 bool any_asid)
{
	struct tlb *tlb = &cpu->tlb;
	struct tlb_entry *e;

	if (va >= tlb->large_lo && va <= tlb->large_hi) {
		tlb_flush_all(cpu);
		return;
	}
	e = tlb_slot(tlb, va);
	if (e->vpage == va &&
	    (any_asid || e->asid == TLB_GLOBAL || e->asid == asid))
		tlb_drop(e);
	/* Blocks found at other addresses keep their jump cache entries. */
	tb_jmp_cache_forget_va(cpu, va);
}

static void tlb_flush_asid(struct cpu_state *cpu, uint32_t asid)
{
	unsigned int i;

	for (i = 0; i < TLB_SIZE; i++) {
		struct tlb_entry *e = &cpu->tlb.e[i];

		if (e->asid == asid)
			tlb_drop(e);
	}
	tb_jmp_cache_flush(cpu);
}

static void tlb_local(struct cpu_state *cpu, enum tlbi_op op, uint64_t xt)
{
	/* Xt: ASID in 63:48 (8 bits used when TCR.AS = 0), VA[55:12] in 43:0. */
	uint32_t asid = (uint32_t)(xt >> 48);
	uint64_t va = sext55((xt & ((1ull << 44) - 1)) << MMU_PAGE_BITS);

	if (!(cpu->sys.tcr_el1 & MMU_TCR_AS))
		asid &= 0xff;
	switch (op) {
	case TLBI_VAE1:
	case TLBI_VALE1:
		tlb_flush_va(cpu, va, asid, false);
		break;
	case TLBI_VAAE1:
	case TLBI_VAALE1:
		tlb_flush_va(cpu, va, asid, true);
		break;
	case TLBI_ASIDE1:
		tlb_flush_asid(cpu, asid);
		break;
	case TLBI_VMALLE1:
	default:
		tlb_flush_all(cpu);
		break;
	}
}

void tlb_tlbi(struct cpu_state *cpu, enum tlbi_op op, bool broadcast, uint64_t xt)
{
	unsigned int i;

	tlb_local(cpu, op, xt);
	if (!broadcast || !cpu->tvm)
		return;
	for (i = 0; i < cpu->tvm->ncpus; i++) {
		struct cpu_state *other = tcg_vm_cpu(cpu->tvm, i);

		/* No kick: the flag is checked on every access path. */
		if (other && other != cpu)
			tlb_remote_push(&other->tlb, op, xt);
	}
}
