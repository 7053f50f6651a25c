/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translated blocks: the per-vCPU block cache, the per-vCPU jump cache on
 * virtual PC, chaining, and the VM-wide physical-page code bitmap that
 * stores into guest RAM consult to invalidate stale blocks.
 *
 * A block starts at a virtual PC, is keyed by its guest physical PC and
 * EL, runs straight through decoded insns until a branch, an exception
 * generating or system insn, or the end of its 4 KiB page (so it never
 * spans two pages), and ends with a sentinel insn that sets cpu->pc to
 * the fall-through address.
 */
#ifndef ACCEL_TCG_TRANSLATE_H
#define ACCEL_TCG_TRANSLATE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"
#include "err.h"
#include "tcg.h"

struct tcg_vm;

#define TB_PAGE_SHIFT	12
#define TB_PAGE_SIZE	(1ull << TB_PAGE_SHIFT)
#define TB_PAGE_MASK	(~(TB_PAGE_SIZE - 1))

/*
 * Chaining on the portable tier: the last two successors of a block,
 * each valid while its virtual PC, jump cache tag (translation
 * generation and EL) and the cache's free epoch are those it was
 * recorded under (tb_find_fast). Blocks with host code chain by
 * patched jumps instead and have none.
 */
struct tb_chain {
	uint64_t pc[2];
	uint64_t tag[2];
	uint64_t epoch[2];
	struct tb *tb[2];
};

struct tb {
	uint64_t pa;		/* guest physical address of the first insn */
	uint64_t vpc;		/* virtual PC it was first translated at (logs) */
	struct tb *hash_next;	/* bucket chain of the block cache */
	struct tb *page_next;	/* blocks of the same physical page */
	/* The portable tier's chain (struct tb_chain), in the same allocation; NULL with host code. */
	struct tb_chain *chain;
	/*
	 * The block as host code (the x86-64 tier), entered through
	 * jit_enter, or NULL: tb_exec runs it. jit_jmp[i]: the writable
	 * view of the jump direct exit i takes, which jit_link points at
	 * a successor's code (NULL: that exit is not linkable).
	 */
	const void *host;
	uint8_t *jit_jmp[2];
	/*
	 * Without host code: body, the nemit + 1 decoded insns, the last a
	 * sentinel that sets cpu->pc to the fall-through address (cpu->pc +
	 * its off) and returns INSN_BRANCH. With host code: only the insns
	 * the code calls handlers with, in an allocation of their own (or
	 * NULL), as jit_translate left them; tb_exec cannot run such a block.
	 */
	struct insn *insns;
	/* The PMU's events of the block (pmu/pmu.h); its mem list follows the block's data. */
	struct pmu_blk pmu;
	uint32_t el;
	uint16_t ninsns;	/* guest insns the block covers */
	uint16_t nemit;		/* decoded insns run (NOP hints are left out) */
	uint16_t nheld;		/* insns held at insns (memory accounting) */
	struct insn body[];
};

/*
 * The per-vCPU jump cache: blocks by virtual PC, valid while the tag
 * (translation context << 1 | EL) matches. Direct-mapped on the insn
 * index folded with the bits above the index: a page's blocks spread
 * over the whole cache, as a hot function's blocks share a page. It is
 * the first member of the per-vCPU cache (cpu->tcg_priv) so the run
 * loop can probe it inline; jit-x86_64/dispatch.c computes the same
 * slot in host code.
 */
#define TB_JC_BITS		14
#define TB_JC_SIZE		(1u << TB_JC_BITS)

struct tb_jc_entry {
	uint64_t pc;
	uint64_t tag;
	struct tb *tb;
	const void *host;	/* tb->host: the x86-64 tier's probe reads only this entry */
};

struct tb_jc {
	_Atomic uint64_t gen;	/* the live translation context's number: a new one empties it */
	uint64_t epoch;		/* bumped when blocks are freed or a page remapped: voids chains */
	struct tb_jc_entry e[TB_JC_SIZE];
};

static inline uint64_t tb_jc_tag(struct tb_jc *jc, const struct cpu_state *cpu)
{
	return atomic_load_explicit(&jc->gen, memory_order_relaxed) << 1 | cpu->el;
}

/*
 * The slot of pc: the top TB_JC_BITS bits of its low 32 bits times
 * 2^32 / phi (Fibonacci hashing, Knuth TAOCP vol. 3, 6.4), which the
 * x86-64 tier computes with one IMUL (jit-x86_64/dispatch.c). The XOR of
 * two shifted copies of the PC used before cancelled for PCs 1 MiB and
 * a few lines apart: in busybox's shell loop three pairs of hot blocks
 * (the PLT and callees among them) evicted each other on every call.
 */
#define TB_JC_MUL	0x9e3779b9u

static inline unsigned int tb_jc_index(uint64_t pc)
{
	return ((uint32_t)pc * TB_JC_MUL) >> (32 - TB_JC_BITS);
}

static inline struct tb_jc_entry *tb_jc_slot(struct tb_jc *jc, uint64_t pc)
{
	return &jc->e[tb_jc_index(pc)];
}

/*
 * The cache is two-way: pc's entry is in its slot or in the slot's
 * partner (index ^ 1), where tb_find moves the entry a new one displaces,
 * so two hot blocks with one slot no longer evict each other.
 */
static inline struct tb_jc_entry *tb_jc_partner(struct tb_jc *jc, const struct tb_jc_entry *e)
{
	return &jc->e[(unsigned int)(e - jc->e) ^ 1u];
}

/* pc's block under tag in either way of the jump cache, or NULL. */
static inline struct tb *tb_jc_find(struct tb_jc *jc, uint64_t pc, uint64_t tag)
{
	struct tb_jc_entry *e = tb_jc_slot(jc, pc);

	if (e->pc == pc && e->tag == tag)
		return e->tb;
	e = tb_jc_partner(jc, e);
	if (e->pc == pc && e->tag == tag)
		return e->tb;
	return NULL;
}

/* Per-vCPU cache (cpu->tcg_priv). */
int tb_cache_create(struct cpu_state *cpu, struct av_err *err);
void tb_cache_destroy(struct cpu_state *cpu);

/*
 * The block for cpu->pc at the current EL, translated on a miss. Returns
 * 0 with *out set; INSN_EXC when the fetch took an exception (cpu->pc is
 * then the vector); -ENOMEM when the host is out of memory.
 *
 * prev, when not NULL, is the block that just ran (entered at virtual
 * address entry) and branched to cpu->pc: the result is recorded in
 * prev's chain, so that next time
 * tb_find_fast takes it from there. A chain entry is a jump cache entry
 * private to prev: it holds under the same translation generation and
 * EL, and while no block was freed since (the epoch), so it never leads
 * to a stale or freed block.
 */
int tb_find(struct cpu_state *cpu, struct tb *prev, uint64_t entry, struct tb **out);

/*
 * Is chain slot i of prev still right for cpu->pc? Its block was found
 * under tag (translation generation, EL) and epoch (no block freed
 * since). A successor in the virtual page prev was entered at (entry)
 * needs no tag: same virtual page means same physical page as prev,
 * whose own lookup was checked, so only the EL must match.
 */
static inline bool tb_chain_valid(const struct tb *prev, unsigned int i,
				  const struct cpu_state *cpu, uint64_t entry,
				  uint64_t tag, uint64_t epoch)
{
	const struct tb_chain *ch = prev->chain;

	if (ch->pc[i] != cpu->pc || ch->epoch[i] != epoch)
		return false;
	/* The tag's bit 0 is the EL (tb_jc_tag): no need to touch the block. */
	if (!((entry ^ cpu->pc) & TB_PAGE_MASK))
		return (ch->tag[i] & 1) == cpu->el;
	return ch->tag[i] == tag;
}

/*
 * The common cases of tb_find without a call: the chain of prev (the
 * block that just ran, entered at virtual address entry), then the jump
 * cache. NULL means "ask tb_find".
 */
static inline struct tb *tb_find_fast(struct cpu_state *cpu, const struct tb *prev,
				      uint64_t entry)
{
	uint64_t pc = cpu->pc;
	struct tb_jc *jc = cpu->tcg_priv;
	uint64_t tag = tb_jc_tag(jc, cpu);
	unsigned int i;

	if (prev && prev->chain) {
		for (i = 0; i < 2; i++)
			if (tb_chain_valid(prev, i, cpu, entry, tag, jc->epoch))
				return prev->chain->tb[i];
	}
	return tb_jc_find(jc, pc, tag);
}

/* Run one block: returns the INSN_* code that ended it. */
static inline int tb_exec(struct cpu_state *cpu, const struct tb *tb)
{
	const struct insn *in = tb->insns;
	int r;

	while ((r = in->fn(cpu, in)) == INSN_NEXT)
		in++;
	return r;
}

/*
 * gdb debugs the vCPU (EXIT_REQ_GDB): drop every block with host code
 * (its thread); no new block gets host code while the request is set,
 * so the portable tier serves gdb. tb_exec cannot run a block with host
 * code (it keeps only the insns its code calls); one entered before the
 * request was seen leaves at once (its entry tests exit_request).
 */
void tb_cache_gdb_enter(struct cpu_state *cpu);

/*
 * Point direct exit slot of src (which just left through it, with
 * cpu->jit_slot = slot + 1) at next, the block for cpu->pc, when that is
 * sound: both still cached (epoch: the cache's free epoch when src ran),
 * in the same physical page and at the same EL. A page's blocks are
 * dropped together, so such a link never outlives its target, and a
 * same-page target needs no check of the translation regime (the
 * exit's target is in the page src was entered from, as QEMU's
 * goto_tb rule).
 */
void tb_jit_link(struct cpu_state *cpu, struct tb *src, unsigned int slot,
		 const struct tb *next, uint64_t epoch);

/* The cache's free epoch (bumped whenever blocks are freed). */
static inline uint64_t tb_cache_epoch(const struct cpu_state *cpu)
{
	return ((const struct tb_jc *)cpu->tcg_priv)->epoch;
}

/*
 * The code-emitting tier for this vCPU (-accel tcg,jit=on): blocks
 * translated from now on also get host code, in a code buffer of
 * size bytes (0: the default). Under -d in_asm, exec or cpu blocks stay
 * on the portable tier. Returns 0 (also when this host has no such
 * tier: jit_supported() says), or a negative errno with err set.
 * Drops every block of the vCPU.
 */
int tb_cache_set_jit(struct cpu_state *cpu, bool on, size_t size, struct av_err *err);

/*
 * The PMU started counting (pmu_update, on the vCPU's thread or before it
 * runs). Blocks with host code translated while it was not count nothing
 * (JIT_TB_PMU, jit-x86_64/translate.c: the test costs every block 36
 * bytes): they are dropped before the next block runs, as after an IC
 * IALLU (tb_request_drop_all). A block entry tests exit_request, so not
 * even a chained or probed successor runs uncounted. From then on every
 * block of the vCPU is translated with the count.
 */
void tb_cache_pmu_on(struct cpu_state *cpu);

/* Is the code-emitting tier on for this vCPU? */
bool tb_cache_jit_on(const struct cpu_state *cpu);

/*
 * Forget every VA -> block association of this vCPU. MEM's TLB calls it
 * whenever the TLB is flushed (any TLBI), SYS whenever translation
 * regime registers change (SCTLR_EL1, TCR_EL1, TTBRn_EL1). O(1).
 */
void tb_jmp_cache_flush(struct cpu_state *cpu);

/*
 * The translation of the 4K page holding va changed (MEM's TLBI by VA):
 * forget the blocks found at its addresses, in every context.
 */
void tb_jmp_cache_forget_va(struct cpu_state *cpu, uint64_t va);

/*
 * TTBR0_EL1 or TTBR1_EL1 was written (SYS): entries found under the
 * same pair of values since the last flush are right again, others
 * wait for their pair. Without a TLBI between, the guest may not rely
 * on page table changes (ARM ARM D5.10: break-before-make), as with the
 * ASID-tagged TLB.
 */
void tb_jmp_cache_switch(struct cpu_state *cpu);

/*
 * The code bitmap: does physical page pa hold translated code of any
 * vCPU? Inline and lock-free: MEM's stores call it for each written page.
 */
static inline bool tb_page_has_code(struct tcg_vm *tvm, uint64_t pa)
{
	uint64_t i = (pa - tvm->code_base) >> TB_PAGE_SHIFT;

	return pa >= tvm->code_base && i < tvm->code_npages &&
	       atomic_load_explicit(&tvm->code_pages[i], memory_order_acquire);
}

/*
 * Drop all blocks of the physical page holding pa, on every vCPU. Safe
 * from any vCPU thread. Each vCPU stops using the blocks at its next
 * block boundary (ARM ARM B2.4.4: a store to code is only guaranteed to
 * be seen after the context synchronisation that ends a block anyway).
 */
void tb_invalidate_phys_page(struct tcg_vm *tvm, uint64_t pa);

/* Drop every block of every vCPU (IC IALLU/IALLUIS). Any thread. */
void tb_flush_all(struct tcg_vm *tvm);

/* Drop every block of this vCPU at its next block boundary. Any thread. */
void tb_request_drop_all(struct cpu_state *cpu);

/* Apply invalidations requested for this vCPU (called between blocks). */
void tb_process_invalidations(struct cpu_state *cpu);

/* Internal to translate.c / code_map.c. */
void tb_mark_code_page(struct tcg_vm *tvm, uint64_t pa);
void tb_cache_drop_page(struct cpu_state *cpu, uint64_t page);
void tb_cache_drop_all(struct cpu_state *cpu);

/* Translation statistics of one vCPU (tests, -d exec summaries). */
struct tb_stats {
	uint64_t blocks;	/* translated */
	uint64_t insns;		/* translated */
	uint64_t invalidated;	/* blocks dropped */
	uint64_t lookups;	/* jump cache misses: hash lookups */
	uint64_t jc_flushes;	/* whole jump cache flushes */
	uint64_t page_drops;	/* physical pages whose blocks were dropped */
	uint64_t jit_blocks;	/* translated to host code too */
	uint64_t jit_flushes;	/* code buffer full: every block dropped */
	uint64_t jit_failed;	/* blocks left to the portable tier (too big) */
	uint64_t jit_links;	/* direct exits linked to their successor */
};
void tb_get_stats(const struct cpu_state *cpu, struct tb_stats *out);

#endif
