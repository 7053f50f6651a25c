// SPDX-License-Identifier: GPL-2.0
/*
 * The per-vCPU block cache: lookup by virtual PC through a direct-mapped
 * jump cache, then by (physical PC, EL) in a hash table, translating on
 * a miss. Blocks of one physical page are linked so that the page can be
 * dropped when it is written (code_map.c decides when).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jit-x86_64/jit.h"
#include "disas.h"
#include "log.h"
#include "tcg.h"
#include "util.h"
#include "engine.h"

#define TB_HASH_BITS	16
#define TB_HASH_SIZE	(1u << TB_HASH_BITS)
#define TB_PHASH_BITS	12
#define TB_PHASH_SIZE	(1u << TB_PHASH_BITS)
#define TB_MAX_INSNS	(TB_PAGE_SIZE / 4)
/* Translated code kept per vCPU before everything is dropped (QEMU's code buffer full). */
#define TB_MAX_BYTES	(512ull << 20)

/* Blocks of one physical page, in a small hash by page number. */
struct tb_page {
	uint64_t page;
	struct tb *blocks;
	struct tb_page *next;
};

/*
 * Translation contexts the jump cache has seen since its last flush:
 * each TTBR0/TTBR1 pair gets a number, which is the jump cache's tag
 * (jcache.gen) while that pair is live. A kernel with KPTI switches
 * TTBR1 on every entry and exit, and alternates between two pairs.
 */
#define TB_CTX_SLOTS	8

struct tb_ctx {
	uint64_t ttbr0, ttbr1;
	uint64_t id;		/* 0: a free slot */
};

struct tb_cache {
	struct tb_jc jcache;	/* first: translate.h's inline lookup finds it */
	struct tb_ctx ctx[TB_CTX_SLOTS];
	unsigned int ctx_next;	/* the slot a new pair takes */
	uint64_t ctx_ids;	/* numbers handed out so far */
	struct tb *hash[TB_HASH_SIZE];
	struct tb_page *pages[TB_PHASH_SIZE];
	uint64_t bytes;
	struct jit *jit;	/* the x86-64 tier, or NULL (jit=off) */
	bool host_blocks;	/* a block with host code was cached since the last drop_all */
	/* ...one without the PMU's count (JIT_TB_PMU) among them: counting must drop it. */
	_Atomic bool host_uncounted;
	/*
	 * The PMU counted on this vCPU since it was made: every block gets
	 * the count from then on, so that a guest switching counters on and
	 * off (perf on each context switch) costs one drop, not one each time.
	 */
	bool pmu_seen;
	bool dirty;		/* a block was cached since the tables were last cleared */
	struct tb_stats stats;
	struct insn scratch[TB_MAX_INSNS + 1];
	/* The block being decoded, for the PMU (pmu/pmu_blk.c), and its loads/stores. */
	struct pmu_blk pmu;
	uint16_t pmu_mem[TB_MAX_INSNS];
};

static inline struct tb_cache *cache_of(const struct cpu_state *cpu)
{
	return cpu->tcg_priv;
}

static inline unsigned int tb_hash(uint64_t pa, unsigned int el)
{
	uint64_t h = (pa >> 2) ^ ((uint64_t)el << 20);

	h ^= h >> TB_HASH_BITS;
	return (unsigned int)h & (TB_HASH_SIZE - 1);
}

static inline unsigned int page_hash(uint64_t page)
{
	return (unsigned int)(page ^ (page >> TB_PHASH_BITS)) & (TB_PHASH_SIZE - 1);
}

int tb_cache_create(struct cpu_state *cpu, struct av_err *err)
{
	struct tb_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return av_errf(err, ENOMEM, "out of memory for the translation cache");
	/*
	 * Generation and epoch start at 1: zeroed jump cache entries and
	 * chain slots (pc 0, tag 0, epoch 0) then never match.
	 */
	atomic_store(&c->jcache.gen, 1);
	c->ctx_ids = 1;
	c->jcache.epoch = 1;
	cpu->tcg_priv = c;
	return 0;
}

static void tb_free(struct tb *tb)
{
	if (tb->insns != tb->body)
		free(tb->insns);
	free(tb);
}

/* Bytes of the block cache tb takes (TB_MAX_BYTES). */
static size_t tb_bytes(const struct tb *tb)
{
	return sizeof(*tb) + tb->nheld * sizeof(struct insn) +
	       (tb->chain ? sizeof(struct tb_chain) : 0) + tb->pmu.nmem * sizeof(uint16_t);
}

static void tb_free_page(struct tb_page *p)
{
	struct tb *tb, *next;

	for (tb = p->blocks; tb; tb = next) {
		next = tb->page_next;
		tb_free(tb);
	}
	free(p);
}

/* Drop every block (cache full, IC IALLU, teardown). */
static void tb_drop_all(struct tb_cache *c)
{
	struct tb_page *p, *next;
	unsigned int i;

	/*
	 * Tables that held no block since they were cleared (or calloc made
	 * them) are zero: clearing them again would only fault their pages
	 * in, milliseconds of every start and reset (docs/timeline.md).
	 */
	for (i = 0; c->dirty && i < TB_PHASH_SIZE; i++) {
		for (p = c->pages[i]; p; p = next) {
			next = p->next;
			c->stats.invalidated++;
			tb_free_page(p);
		}
		c->pages[i] = NULL;
	}
	if (c->dirty) {
		memset(c->hash, 0, sizeof(c->hash));
		memset(c->jcache.e, 0, sizeof(c->jcache.e));
	}
	c->dirty = false;
	c->jcache.epoch++;
	c->bytes = 0;
	c->host_blocks = false;
	atomic_store_explicit(&c->host_uncounted, false, memory_order_relaxed);
	/*
	 * No block refers to host code any more. Blocks are dropped only
	 * between blocks (invalidations are queued) or while translating,
	 * so no host code of this vCPU is running.
	 */
	if (c->jit)
		jit_reset(c->jit);
}

void tb_cache_destroy(struct cpu_state *cpu)
{
	struct tb_cache *c = cache_of(cpu);

	if (!c)
		return;
	tb_drop_all(c);
	jit_destroy(c->jit);
	free(c);
	cpu->tcg_priv = NULL;
}

/* A number never used before for the live TTBR pair, remembered in slot i. */
static void tb_ctx_new(struct tb_cache *c, const struct cpu_state *cpu, unsigned int i)
{
	c->ctx[i].ttbr0 = cpu->sys.ttbr0_el1;
	c->ctx[i].ttbr1 = cpu->sys.ttbr1_el1;
	c->ctx[i].id = ++c->ctx_ids;
	atomic_store_explicit(&c->jcache.gen, c->ctx[i].id, memory_order_relaxed);
}

void tb_jmp_cache_flush(struct cpu_state *cpu)
{
	struct tb_cache *c = cache_of(cpu);

	if (!c)
		return;
	/* Every number seen so far is void: no entry tagged with one matches again. */
	memset(c->ctx, 0, sizeof(c->ctx));
	c->ctx_next = 1;
	tb_ctx_new(c, cpu, 0);
	c->stats.jc_flushes++;
}

void tb_jmp_cache_forget_va(struct cpu_state *cpu, uint64_t va)
{
	struct tb_cache *c = cache_of(cpu);
	uint64_t page = va & TB_PAGE_MASK, i;
	struct tb_jc_entry *e;

	if (!c)
		return;
	/* An entry for an insn of the page is in that insn's slot or its partner. */
	for (i = 0; i < TB_PAGE_SIZE; i += 4) {
		e = tb_jc_slot(&c->jcache, page + i);
		if ((e->pc & TB_PAGE_MASK) == page)
			memset(e, 0, sizeof(*e));
		e = tb_jc_partner(&c->jcache, e);
		if ((e->pc & TB_PAGE_MASK) == page)
			memset(e, 0, sizeof(*e));
	}
	/* Chains (tb_find_fast) may lead into the page: void them all. */
	c->jcache.epoch++;
}

void tb_jmp_cache_switch(struct cpu_state *cpu)
{
	struct tb_cache *c = cache_of(cpu);
	unsigned int i;

	if (!c)
		return;
	for (i = 0; i < TB_CTX_SLOTS; i++) {
		if (c->ctx[i].id && c->ctx[i].ttbr0 == cpu->sys.ttbr0_el1 &&
		    c->ctx[i].ttbr1 == cpu->sys.ttbr1_el1) {
			atomic_store_explicit(&c->jcache.gen, c->ctx[i].id, memory_order_relaxed);
			return;
		}
	}
	tb_ctx_new(c, cpu, c->ctx_next);
	c->ctx_next = (c->ctx_next + 1) % TB_CTX_SLOTS;
}

/* Unlink tb from its hash bucket. */
static void tb_hash_remove(struct tb_cache *c, struct tb *tb)
{
	struct tb **pp = &c->hash[tb_hash(tb->pa, tb->el)];

	while (*pp && *pp != tb)
		pp = &(*pp)->hash_next;
	if (*pp)
		*pp = tb->hash_next;
}

/* Clear the jump cache entries that point at blocks of physical page. */
static void tb_jc_forget_page(struct tb_cache *c, uint64_t page)
{
	unsigned int i;

	for (i = 0; i < TB_JC_SIZE; i++)
		if (c->jcache.e[i].tb && c->jcache.e[i].tb->pa >> TB_PAGE_SHIFT == page)
			memset(&c->jcache.e[i], 0, sizeof(c->jcache.e[i]));
}

/* Drop the blocks of one physical page (page = pa >> TB_PAGE_SHIFT). */
void tb_cache_drop_page(struct cpu_state *cpu, uint64_t page)
{
	struct tb_cache *c = cache_of(cpu);
	struct tb_page **pp = &c->pages[page_hash(page)];
	struct tb_page *p;
	struct tb *tb;

	while (*pp && (*pp)->page != page)
		pp = &(*pp)->next;
	p = *pp;
	if (!p)
		return;
	*pp = p->next;
	for (tb = p->blocks; tb; tb = tb->page_next) {
		tb_hash_remove(c, tb);
		c->bytes -= tb_bytes(tb);
		c->stats.invalidated++;
	}
	tb_jc_forget_page(c, page);
	c->jcache.epoch++;
	tb_free_page(p);
	c->stats.page_drops++;
}

void tb_cache_drop_all(struct cpu_state *cpu)
{
	tb_drop_all(cache_of(cpu));
}

int tb_cache_set_jit(struct cpu_state *cpu, bool on, size_t size, struct av_err *err)
{
	struct tb_cache *c = cache_of(cpu);
	struct jit *j = NULL;
	int ret;

	if (on && jit_supported()) {
		ret = jit_create(&j, size, err);
		if (ret)
			return ret;
		/* Only a machine made with -perfmap opened the file (tcg.c). */
		if (cpu->tvm && cpu->vm && cpu->vm->cfg && cpu->vm->cfg->tcg_perfmap)
			jit_set_perfmap(j, cpu->tvm->perfmap_fd);
	}
	tb_drop_all(c);
	jit_destroy(c->jit);
	c->jit = j;
	return 0;
}

bool tb_cache_jit_on(const struct cpu_state *cpu)
{
	return cache_of(cpu)->jit != NULL;
}

void tb_get_stats(const struct cpu_state *cpu, struct tb_stats *out)
{
	const struct tb_cache *c = cache_of(cpu);

	if (c)
		*out = c->stats;
	else
		memset(out, 0, sizeof(*out));
}

/* The sentinel after the last insn: fall through to the next address. */
static int tb_end(struct cpu_state *cpu, const struct insn *in)
{
	cpu->pc = insn_pc(cpu, in);
	return INSN_BRANCH;
}

static int tb_add_to_page(struct tb_cache *c, struct tb *tb)
{
	uint64_t page = tb->pa >> TB_PAGE_SHIFT;
	struct tb_page **head = &c->pages[page_hash(page)];
	struct tb_page *p;

	for (p = *head; p; p = p->next)
		if (p->page == page)
			break;
	if (!p) {
		p = calloc(1, sizeof(*p));
		if (!p)
			return -ENOMEM;
		p->page = page;
		p->next = *head;
		*head = p;
	}
	tb->page_next = p->blocks;
	p->blocks = tb;
	return 0;
}

/*
 * Hints that are NOPs on this ARMv8.0 CPU: NOP itself and every hint
 * number above SEVL (#5), which v8.0 leaves unallocated, so they execute
 * as NOP (ARM ARM C6.2.94 HINT): PACIASP/AUTIASP, BTI, CSDB, ESB...
 * Linux has a PACIASP/AUTIASP pair in most functions; they are left out
 * of blocks instead of costing a dispatch each.
 */
static bool raw_is_nop_hint(uint32_t raw)
{
	unsigned int imm = BITS(raw, 11, 5);	/* CRm:op2 */

	return MATCH(raw, ENC_HINT) && (imm == 0 || imm > 5);

}

/*
 * Decode from code (host pointer to pa) up to the end of the page into
 * the scratch array. Returns the insns decoded; *covered gets the guest
 * insns the block spans (NOP hints included).
 */
static unsigned int tb_decode(struct tb_cache *c, const uint8_t *code, uint64_t pa,
			      unsigned int *covered)
{
	unsigned int n = 0, i = 0, max = (unsigned int)((TB_PAGE_SIZE - (pa & ~TB_PAGE_MASK)) / 4);
	uint32_t raw;

	/*
	 * -d cpu logs the registers before each block: one insn a block
	 * then, so the log lines up with qemu-system-aarch64 -singlestep
	 * -d nochain,exec,cpu (lockstep debugging, docs/ARCHITECTURE.md "accel-tcg").
	 */
	if (log_enabled(LOG_CPU))
		max = 1;
	pmu_blk_start(&c->pmu, c->pmu_mem);
	while (i < max) {
		memcpy(&raw, code + 4 * i, 4);	/* guest RAM is little-endian, as the host */
		i++;
		if (raw_is_nop_hint(raw))
			continue;
		pmu_blk_add(&c->pmu, c->pmu_mem, raw, 4 * (i - 1));
		decode_insn(raw, &c->scratch[n]);
		c->scratch[n].off = (uint16_t)(4 * (i - 1));
		n++;
		if (insn_ends_block(&c->scratch[n - 1]))
			break;
	}
	*covered = i;
	pmu_blk_finish(&c->pmu, i);
	/* A block ending "cmp; b.cond" (adjacent) runs the pair as one handler. */
	if (n >= 2 && insn_is_bcond(&c->scratch[n - 1]) &&
	    c->scratch[n - 1].off == c->scratch[n - 2].off + 4 &&
	    !dpi_fuse_bcond(&c->scratch[n - 2], &c->scratch[n - 1]))
		dpr_fuse_bcond(&c->scratch[n - 2], &c->scratch[n - 1]);
	return n;
}

/* Instruction fetch from outside RAM: a synchronous external abort. */
static int tb_fetch_abort(struct cpu_state *cpu, uint64_t pc)
{
	/* ISS.IFSC 0b010000: synchronous external abort (ARM ARM D17.2.37). */
	cpu->sys.far_el1 = pc;
	return exc_take_sync(cpu, pc, cpu->el ? EC_IABT_SAME : EC_IABT_LOWER, 0x10);
}

/*
 * Host code for tb, before it enters the cache (a full code buffer drops
 * every cached block, which must not take tb with it): true when tb
 * got it. Not while gdb debugs the vCPU, nor under the logs that show
 * insns as they run.
 */
static bool tb_jit_translate(struct tb_cache *c, struct cpu_state *cpu, struct tb *tb)
{
	unsigned int flags = 0;
	int ret;

	if (!c->jit || log_enabled(LOG_IN_ASM | LOG_EXEC | LOG_CPU) ||
	    (atomic_load_explicit(&cpu->exit_request, memory_order_relaxed) & EXIT_REQ_GDB))
		return false;
	if (cpu->jit_nochain)
		flags |= JIT_TB_NOCHAIN;
	if (c->pmu_seen || cpu->sys.pmu.counting)
		flags |= JIT_TB_PMU;
	ret = jit_translate(c->jit, tb, flags);
	if (ret == -ENOSPC) {
		tb_drop_all(c);
		c->stats.jit_flushes++;
		ret = jit_translate(c->jit, tb, flags);
	}
	if (ret) {
		c->stats.jit_failed++;
		return false;
	}
	c->stats.jit_blocks++;
	c->host_blocks = true;
	if (!(flags & JIT_TB_PMU))
		atomic_store_explicit(&c->host_uncounted, true, memory_order_relaxed);
	return true;
}

void tb_cache_pmu_on(struct cpu_state *cpu)
{
	struct tb_cache *c = cache_of(cpu);

	if (!c)
		return;
	c->pmu_seen = true;
	if (atomic_load_explicit(&c->host_uncounted, memory_order_relaxed))
		tb_request_drop_all(cpu);
}

void tb_cache_gdb_enter(struct cpu_state *cpu)
{
	struct tb_cache *c = cache_of(cpu);

	if (c && c->host_blocks)
		tb_drop_all(c);
}

/*
 * The PMU's view of the block (c->pmu), its list of loads and stores
 * copied to mem, room the caller allocated after the block's data.
 */
static void tb_init_header(struct tb *tb, const struct tb_cache *c, const struct cpu_state *cpu,
			   uint64_t pc, uint64_t pa, unsigned int n, unsigned int covered,
			   uint16_t *mem)
{
	memset(tb, 0, sizeof(*tb));
	tb->pa = pa;
	tb->vpc = pc;
	tb->el = cpu->el;
	tb->ninsns = (uint16_t)covered;
	tb->nemit = (uint16_t)n;
	tb->pmu = c->pmu;
	memcpy(mem, c->pmu_mem, c->pmu.nmem * sizeof(uint16_t));
	tb->pmu.mem = mem;
}

static size_t pmu_mem_bytes(const struct tb_cache *c)
{
	return c->pmu.nmem * sizeof(uint16_t);
}

/*
 * A block with host code: the header alone, whose insns jit_translate
 * replaces by those its code calls (the decoded ones are only in the
 * scratch array). NULL when it got no host code.
 */
static struct tb *tb_new_host(struct tb_cache *c, struct cpu_state *cpu, uint64_t pc,
			      uint64_t pa, unsigned int n, unsigned int covered)
{
	struct tb *tb = malloc(sizeof(*tb) + pmu_mem_bytes(c));

	if (!tb)
		return NULL;
	tb_init_header(tb, c, cpu, pc, pa, n, covered, (uint16_t *)(tb + 1));
	tb->insns = c->scratch;
	if (!tb_jit_translate(c, cpu, tb)) {
		free(tb);
		return NULL;
	}
	return tb;
}

_Static_assert(sizeof(struct insn) % _Alignof(struct tb_chain) == 0,
	       "the chain after a block's insns is not aligned");

/* A block for the portable tier: the decoded insns and sentinel in its body, then its chain. */
static struct tb *tb_new_portable(struct tb_cache *c, const struct cpu_state *cpu,
				  uint64_t pc, uint64_t pa, unsigned int n,
				  unsigned int covered)
{
	size_t body = (n + 1u) * sizeof(struct insn);
	struct tb *tb = malloc(sizeof(*tb) + body + sizeof(struct tb_chain) + pmu_mem_bytes(c));

	if (!tb)
		return NULL;
	tb_init_header(tb, c, cpu, pc, pa, n, covered,
		       (uint16_t *)((uint8_t *)tb->body + body + sizeof(struct tb_chain)));
	memcpy(tb->body, c->scratch, body);
	tb->insns = tb->body;
	tb->nheld = (uint16_t)(n + 1u);
	/* After the insns, which keep 8-byte alignment (40 bytes each). */
	tb->chain = (struct tb_chain *)((uint8_t *)tb->body + body);
	memset(tb->chain, 0, sizeof(*tb->chain));
	return tb;
}

/*
 * The code's bytes: RAM, or a readable ROM device (firmware running in
 * place from flash), which then learns that blocks hold its code so
 * that a program or erase drops them (machine/firmware/vm_flash.c). NULL: no
 * code there now.
 */
static const uint8_t *tb_code_ptr(struct cpu_state *cpu, uint64_t pa)
{
	const uint8_t *code = guest_ram_ptr(cpu->ram, pa, 4);
	struct guest_romd *rom;

	if (code)
		return code;
	rom = guest_romd_find(cpu->ram, pa, 4);
	if (!rom)
		return NULL;
	atomic_store(&rom->code, true);
	return rom->host + (pa - rom->base);
}

static struct tb *tb_translate(struct cpu_state *cpu, uint64_t pc, uint64_t pa,
				const uint8_t *code)
{
	struct tb_cache *c = cache_of(cpu);
	unsigned int n, covered;
	struct tb *tb;

	/* Mark the page before reading it: a racing store then invalidates. */
	tb_mark_code_page(cpu->tvm, pa);
	n = tb_decode(c, code, pa, &covered);
	memset(&c->scratch[n], 0, sizeof(struct insn));
	c->scratch[n].fn = tb_end;
	c->scratch[n].off = (uint16_t)(4 * covered);
	if (c->bytes + sizeof(*tb) + (n + 1u) * sizeof(struct insn) > TB_MAX_BYTES)
		tb_drop_all(c);
	if (!cpu->jit_code_map)
		cpu->jit_code_map = (uintptr_t)cpu->tvm->code_pages -
				    (cpu->tvm->code_base >> TB_PAGE_SHIFT);
	tb = tb_new_host(c, cpu, pc, pa, n, covered);
	if (!tb)
		tb = tb_new_portable(c, cpu, pc, pa, n, covered);
	if (!tb)
		return NULL;	/* tb_find reports -ENOMEM */
	c->dirty = true;	/* from here the page list may hold it */
	if (tb_add_to_page(c, tb)) {
		tb_free(tb);
		return NULL;
	}
	tb->hash_next = c->hash[tb_hash(pa, tb->el)];
	c->hash[tb_hash(pa, tb->el)] = tb;
	c->bytes += tb_bytes(tb);
	c->stats.blocks++;
	c->stats.insns += covered;
	if (log_enabled(LOG_IN_ASM))
		disas_log_block(cpu, tb, code);
	return tb;
}

void tb_jit_link(struct cpu_state *cpu, struct tb *src, unsigned int slot,
		 const struct tb *next, uint64_t epoch)
{
	struct tb_cache *c = cache_of(cpu);

	/* -d nochain and counted runs keep every exit in the run loop. */
	if (!c->jit || cpu->jit_nochain || c->jcache.epoch != epoch ||
	    slot >= ARRAY_SIZE(src->jit_jmp) || !src->jit_jmp[slot] || !next->host)
		return;
	if (((src->pa ^ next->pa) & TB_PAGE_MASK) || src->el != next->el)
		return;
	jit_link(c->jit, src->jit_jmp[slot], next->host);
	/* For good: both blocks go when their page does (tb_cache_drop_page). */
	src->jit_jmp[slot] = NULL;
	c->stats.jit_links++;
}

static struct tb *tb_lookup_pa(struct tb_cache *c, uint64_t pa, unsigned int el)
{
	struct tb *tb;

	for (tb = c->hash[tb_hash(pa, el)]; tb; tb = tb->hash_next)
		if (tb->pa == pa && tb->el == el)
			return tb;
	return NULL;
}

/* Record tb as prev's successor at pc: replace an outdated slot, else slot 1. */
static void tb_chain(struct tb_cache *c, struct tb *prev, uint64_t pc,
		     uint64_t tag, struct tb *tb)
{
	struct tb_chain *ch = prev->chain;
	unsigned int slot = 1;

	if (!ch)
		return;
	if (ch->tag[0] != tag || ch->epoch[0] != c->jcache.epoch)
		slot = 0;
	ch->pc[slot] = pc;
	ch->tag[slot] = tag;
	ch->epoch[slot] = c->jcache.epoch;
	ch->tb[slot] = tb;
}

static int tb_find_slow(struct cpu_state *cpu, struct tb **out);

int tb_find(struct cpu_state *cpu, struct tb *prev, uint64_t entry, struct tb **out)
{
	struct tb_cache *c = cache_of(cpu);
	uint64_t epoch = c->jcache.epoch, pc = cpu->pc;
	uint64_t tag = tb_jc_tag(&c->jcache, cpu);
	struct tb *tb = tb_find_fast(cpu, prev, entry);
	int ret;

	if (tb) {
		*out = tb;
		return 0;
	}
	ret = tb_find_slow(cpu, out);
	/* Not across a fault (new EL), nor when blocks were freed meanwhile. */
	if (!ret && prev && c->jcache.epoch == epoch && tb_jc_tag(&c->jcache, cpu) == tag)
		tb_chain(c, prev, pc, tag, *out);
	return ret;
}

static int tb_find_slow(struct cpu_state *cpu, struct tb **out)
{
	struct tb_cache *c = cache_of(cpu);
	uint64_t pc = cpu->pc, pa;
	uint64_t tag = tb_jc_tag(&c->jcache, cpu);
	struct tb_jc_entry *e = tb_jc_slot(&c->jcache, pc), *other = tb_jc_partner(&c->jcache, e);
	struct tb *tb = tb_jc_find(&c->jcache, pc, tag);

	if (tb) {
		*out = tb;
		return 0;
	}
	if (pc & 3) {
		/* PC alignment fault: FAR holds the PC (ARM ARM D1.10.2). */
		cpu->sys.far_el1 = pc;
		return exc_take_sync(cpu, pc, EC_PC_ALIGN, 0);
	}
	if (mem_translate_fetch(cpu, pc, &pa))
		return INSN_EXC;
	/*
	 * After a jump cache flush (any TLB change) the entry is usually
	 * still right: checking it against the fresh translation is
	 * cheaper than the hash lookup. Entries never point at freed
	 * blocks (tb_jc_forget_page), so e->tb may be looked at.
	 */
	if (e->pc == pc && e->tb && e->tb->pa == pa && e->tb->el == cpu->el) {
		e->tag = tag;
		*out = e->tb;
		return 0;
	}
	c->stats.lookups++;
	tb = tb_lookup_pa(c, pa, cpu->el);
	if (!tb) {
		const uint8_t *code = tb_code_ptr(cpu, pa);

		if (!code)
			return tb_fetch_abort(cpu, pc);
		tb = tb_translate(cpu, pc, pa, code);
		if (!tb)
			return -ENOMEM;
	}
	/* The entry this one displaces moves to the partner slot (engine.h). */
	if (e->tb && e->pc != pc)
		*other = *e;
	e->pc = pc;
	e->tag = tag;
	e->tb = tb;
	e->host = tb->host;
	*out = tb;
	return 0;
}
