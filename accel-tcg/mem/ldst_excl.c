// SPDX-License-Identifier: GPL-2.0
/*
 * Load/store exclusive and load-acquire/store-release (ARM ARM C4.1.4,
 * "Load/store exclusive"): LDXR/LDAXR/STXR/STLXR, the pair forms
 * LDXP/LDAXP/STXP/STLXP, LDAR/STLR. The v8.1 CAS/CASP and LORegion
 * forms are unallocated here.
 *
 * The exclusive monitor (B2.9): LDXR records the physical address, size
 * and value; STXR succeeds when the monitor still holds that address and
 * memory still holds the value, checked and written with one host
 * compare-and-swap, so it is correct across vCPU threads.
 *
 * Decoded fields: rd = Rt, ra = Rt2, rm = Rs (status), rn = base; size
 * (log2 of the total size), pair and o0 (acquire/release) in struct
 * insn_excl (cpu.h).
 */
#include <stdatomic.h>

#include "cpu.h"
#include "engine/engine.h"
#include "mem.h"

void excl_clear(struct cpu_state *cpu)
{
	cpu->excl_addr = ~0ull;
	cpu->excl_size = 0;
}

static void excl_load_host(const void *p, unsigned int size, uint64_t *val)
{
	val[1] = 0;
	switch (size) {
	case 1:
		val[0] = __atomic_load_n((const uint8_t *)p, __ATOMIC_ACQUIRE);
		break;
	case 2:
		val[0] = __atomic_load_n((const uint16_t *)p, __ATOMIC_ACQUIRE);
		break;
	case 4:
		val[0] = __atomic_load_n((const uint32_t *)p, __ATOMIC_ACQUIRE);
		break;
	case 8:
		val[0] = __atomic_load_n((const uint64_t *)p, __ATOMIC_ACQUIRE);
		break;
	default:
		/* Two halves: the pairing STXP's 16-byte CAS checks both. */
		val[0] = __atomic_load_n((const uint64_t *)p, __ATOMIC_ACQUIRE);
		val[1] = __atomic_load_n((const uint64_t *)p + 1, __ATOMIC_ACQUIRE);
		break;
	}
}

static bool excl_cas16(void *p, const uint64_t *expect, const uint64_t *val)
{
#if defined(__x86_64__)
	uint64_t lo = expect[0], hi = expect[1];
	bool ok;

	/* p is 16-byte aligned: the guest address is (MEM_ALIGN). */
	__asm__ volatile("lock cmpxchg16b %1\n\tsete %0"
			 : "=q"(ok), "+m"(*(volatile unsigned __int128 *)p),
			   "+a"(lo), "+d"(hi)
			 : "b"(val[0]), "c"(val[1])
			 : "memory", "cc");
	return ok;
#else
	unsigned __int128 e = ((unsigned __int128)expect[1] << 64) | expect[0];
	unsigned __int128 n = ((unsigned __int128)val[1] << 64) | val[0];

	return __sync_bool_compare_and_swap((unsigned __int128 *)p, e, n);
#endif
}

static bool excl_cas(void *p, unsigned int size, const uint64_t *expect,
		     const uint64_t *val)
{
	switch (size) {
	case 1: {
		uint8_t e = (uint8_t)expect[0];

		return __atomic_compare_exchange_n((uint8_t *)p, &e, (uint8_t)val[0], false,
						   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	}
	case 2: {
		uint16_t e = (uint16_t)expect[0];

		return __atomic_compare_exchange_n((uint16_t *)p, &e, (uint16_t)val[0], false,
						   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	}
	case 4: {
		uint32_t e = (uint32_t)expect[0];

		return __atomic_compare_exchange_n((uint32_t *)p, &e, (uint32_t)val[0], false,
						   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	}
	case 8: {
		uint64_t e = expect[0];

		return __atomic_compare_exchange_n((uint64_t *)p, &e, val[0], false,
						   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	}
	default:
		return excl_cas16(p, expect, val);
	}
}

/* Split a loaded value into Rt (and Rt2 for the pair forms). */
static void excl_set_regs(struct cpu_state *cpu, const struct insn *in,
			  const uint64_t *val)
{
	unsigned int size = 1u << in->excl.size;

	if (!in->excl.pair) {
		cpu->r[in->rd] = val[0];
		return;
	}
	if (size == 8) {
		cpu->r[in->rd] = (uint32_t)val[0];
		cpu->r[in->ra] = val[0] >> 32;
	} else {
		cpu->r[in->rd] = val[0];
		cpu->r[in->ra] = val[1];
	}
}

static void excl_get_regs(const struct cpu_state *cpu, const struct insn *in,
			  uint64_t *val)
{
	unsigned int size = 1u << in->excl.size;

	val[0] = cpu->r[in->rd];
	val[1] = 0;
	if (!in->excl.pair)
		return;
	if (size == 8)
		val[0] = (uint32_t)val[0] | (cpu->r[in->ra] << 32);
	else
		val[1] = cpu->r[in->ra];
}

/*
 * mem_translate_data for an exclusive: a TLB hit with fast permission
 * (Normal RAM, aligned, in one page: mem_fast) gives the physical and
 * host addresses without the general walk over pieces; anything else
 * takes it, with its faults.
 */
static int excl_translate(struct cpu_state *cpu, uint64_t pc, uint64_t va, unsigned int size,
			  enum mmu_access type, uint64_t *pa, void **host)
{
	struct tlb_entry *e = mem_fast(cpu, va, size, MEM_ALIGN, type);

	if (e) {
		*pa = e->pa_page | (va & ~MMU_PAGE_MASK);
		*host = (void *)(uintptr_t)(va + e->addend);
		return 0;
	}
	return mem_translate_data(cpu, pc, va, size, type, MEM_ALIGN | MEM_EXCL, pa, host);
}

static int excl_ldxr(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in), va, pa, val[2];
	unsigned int size = 1u << in->excl.size;
	void *host;
	int ret;

	ret = ldst_base(cpu, in, in->rn, &va);
	if (ret)
		return ret;
	ret = excl_translate(cpu, pc, va, size, MMU_READ, &pa, &host);
	if (ret)
		return ret;
	if (host)
		excl_load_host(host, size, val);
	else if ((ret = mem_read(cpu, pc, va, size, val, MEM_ALIGN)) != 0)
		return ret;
	cpu->excl_addr = pa;
	cpu->excl_size = size;
	cpu->excl_val[0] = val[0];
	cpu->excl_val[1] = val[1];
	excl_set_regs(cpu, in, val);
	return INSN_NEXT;
}

static int excl_stxr(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in), va, pa, val[2];
	unsigned int size = 1u << in->excl.size;
	bool ok = false;
	void *host;
	int ret;

	ret = ldst_base(cpu, in, in->rn, &va);
	if (ret)
		return ret;
	/* The translation and its faults come first (AArch64.ExclusiveMonitorsPass). */
	ret = excl_translate(cpu, pc, va, size, MMU_WRITE, &pa, &host);
	if (ret)
		return ret;
	excl_get_regs(cpu, in, val);
	if (cpu->excl_addr == pa && cpu->excl_size == size) {
		if (host) {
			ok = excl_cas(host, size, cpu->excl_val, val);
		} else {
			ret = mem_write(cpu, pc, va, size, val, MEM_ALIGN);
			if (ret)
				return ret;
			ok = true;
		}
	}
	excl_clear(cpu);
	if (ok && host && cpu->tvm && tb_page_has_code(cpu->tvm, pa))
		tb_invalidate_phys_page(cpu->tvm, pa);
	cpu->r[in->rm] = !ok;
	return INSN_NEXT;
}

static int excl_ldar(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t va, val[2];
	int ret = ldst_base(cpu, in, in->rn, &va);

	if (ret)
		return ret;
	ret = mem_read(cpu, insn_pc(cpu, in), va, 1u << in->excl.size, val, MEM_ALIGN);
	if (ret)
		return ret;
	atomic_thread_fence(memory_order_acquire);
	cpu->r[in->rd] = val[0];
	return INSN_NEXT;
}

static int excl_stlr(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t va, val[2];
	int ret = ldst_base(cpu, in, in->rn, &va);

	if (ret)
		return ret;
	val[0] = cpu->r[in->rd];
	atomic_thread_fence(memory_order_release);
	ret = mem_write(cpu, insn_pc(cpu, in), va, 1u << in->excl.size, val, MEM_ALIGN);
	if (ret)
		return ret;
	/* STLR is not reordered with a later LDAR (RCsc, B2.3.3). */
	atomic_thread_fence(memory_order_seq_cst);
	return INSN_NEXT;
}

/* size (31:30), o2 (23), L (22), o1 (21), Rs, o0 (15), Rt2, Rn, Rt. */
int ldst_decode_excl(uint32_t raw, struct insn *out)
{
	unsigned int size = BITS(raw, 31, 30);
	bool o2 = BIT(raw, 23), load = BIT(raw, 22), o1 = BIT(raw, 21);
	bool o0 = BIT(raw, 15);

	out->rn = reg_sp(BITS(raw, 9, 5));
	out->excl.o0 = o0;
	out->excl.size = (uint8_t)size;
	if (o2) {
		if (o1 || !o0)
			return 0;	/* CAS, LDLAR/STLLR: v8.1 */
		out->fn = load ? excl_ldar : excl_stlr;
		out->rd = load ? reg_dst(BITS(raw, 4, 0)) : reg_src(BITS(raw, 4, 0));
		return 0;
	}
	if (o1) {
		if (!(size & 2))
			return 0;	/* CASP: v8.1 */
		out->excl.pair = 1;
		out->excl.size = (size & 1) ? 4 : 3;
	}
	if (load) {
		out->fn = excl_ldxr;
		out->rd = reg_dst(BITS(raw, 4, 0));
		out->ra = reg_dst(BITS(raw, 14, 10));
	} else {
		out->fn = excl_stxr;
		out->rd = reg_src(BITS(raw, 4, 0));
		out->ra = reg_src(BITS(raw, 14, 10));
		out->rm = reg_dst(BITS(raw, 20, 16));
	}
	return 0;
}
