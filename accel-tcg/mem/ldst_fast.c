// SPDX-License-Identifier: GPL-2.0
/*
 * Size-specialised handlers for the commonest general-register loads
 * and stores: LDR/STR (immediate offset, no writeback, zero-extending,
 * not LDTR/STTR) of B, H, W and X, and LDP/STP of X registers in every
 * addressing mode. They do what ldst_single.c and ldst_pair.c's generic
 * handlers do, but with the size and memory flags constant, so the TLB
 * fast path is straight-line code in the handler itself: no call, no
 * switch on the size or the extension. Profiled on busybox sh these
 * forms are the largest share of all guest insns run (docs: perf notes
 * in the commit that added this file). Anything unusual (TLB miss,
 * MMIO, page crossing, faults) goes to mem_read/mem_write as before.
 */
#include "cpu.h"
#include "mem.h"

#define FAST_INLINE	static inline __attribute__((always_inline))

FAST_INLINE int fast_ld(struct cpu_state *cpu, const struct insn *in,
			unsigned int size)
{
	uint64_t base, addr, val[2];
	int ret = ldst_get_base(cpu, in, &base);

	if (ret)
		return ret;
	addr = base + in->ldst.offset;
	if (!mem_load_fast(cpu, addr, size, 0, val)) {
		ret = mem_read(cpu, insn_pc(cpu, in), addr, size, val, 0);
		if (ret)
			return ret;
	}
	cpu->r[in->rd] = val[0];
	return INSN_NEXT;
}

FAST_INLINE int fast_st(struct cpu_state *cpu, const struct insn *in,
			unsigned int size)
{
	uint64_t base, addr, val[2];
	int ret = ldst_get_base(cpu, in, &base);

	if (ret)
		return ret;
	addr = base + in->ldst.offset;
	val[0] = cpu->r[in->rd];
	val[1] = 0;
	if (!mem_store_fast(cpu, addr, size, 0, val))
		return mem_write(cpu, insn_pc(cpu, in), addr, size, val, 0);
	return INSN_NEXT;
}

/* One handler per size: fn with the size a constant the compiler folds in. */
#define FAST_SIZED(name, fn, arg)					\
	static int name(struct cpu_state *cpu, const struct insn *in)	\
	{								\
		return fn(cpu, in, arg);				\
	}

FAST_SIZED(fast_ldb, fast_ld, 1)
FAST_SIZED(fast_ldh, fast_ld, 2)
FAST_SIZED(fast_ldw, fast_ld, 4)
FAST_SIZED(fast_ldx, fast_ld, 8)
FAST_SIZED(fast_stb, fast_st, 1)
FAST_SIZED(fast_sth, fast_st, 2)
FAST_SIZED(fast_stw, fast_st, 4)
FAST_SIZED(fast_stx, fast_st, 8)

insn_fn ldst_fast_single(unsigned int size_log2, bool load)
{
	static const insn_fn fns[2][4] = {
		{ fast_stb, fast_sth, fast_stw, fast_stx },
		{ fast_ldb, fast_ldh, fast_ldw, fast_ldx },
	};

	return size_log2 < 4 ? fns[load][size_log2] : NULL;
}

/*
 * LDP/STP Xt, Xt2: one 16-byte access (MEM_PAIR: alignment is checked
 * per register, B2.5.2). wb: 0 none, 1 pre-index, 2 post-index; the
 * base is written back only after the access succeeded (C6.2).
 */
FAST_INLINE int fast_ldp(struct cpu_state *cpu, const struct insn *in, int wb)
{
	uint64_t base, addr, val[2];
	int ret = ldst_get_base(cpu, in, &base);

	if (ret)
		return ret;
	addr = wb == 2 ? base : base + in->pair.offset;
	if (!mem_load_fast(cpu, addr, 16, MEM_PAIR, val)) {
		ret = mem_read(cpu, insn_pc(cpu, in), addr, 16, val, MEM_PAIR);
		if (ret)
			return ret;
	}
	/* Rt == Rt2 is CONSTRAINED UNPREDICTABLE: Rt2's value wins, as in ldst_pair.c. */
	cpu->r[in->rd] = val[0];
	cpu->r[in->ra] = val[1];
	if (wb)
		cpu->r[in->rn] = base + in->pair.offset;
	return INSN_NEXT;
}

FAST_INLINE int fast_stp(struct cpu_state *cpu, const struct insn *in, int wb)
{
	uint64_t base, addr, val[2];
	int ret = ldst_get_base(cpu, in, &base);

	if (ret)
		return ret;
	addr = wb == 2 ? base : base + in->pair.offset;
	val[0] = cpu->r[in->rd];
	val[1] = cpu->r[in->ra];
	if (!mem_store_fast(cpu, addr, 16, MEM_PAIR, val)) {
		ret = mem_write(cpu, insn_pc(cpu, in), addr, 16, val, MEM_PAIR);
		if (ret)
			return ret;
	}
	if (wb)
		cpu->r[in->rn] = base + in->pair.offset;
	return INSN_NEXT;
}

FAST_SIZED(fast_ldp_off, fast_ldp, 0)
FAST_SIZED(fast_ldp_pre, fast_ldp, 1)
FAST_SIZED(fast_ldp_post, fast_ldp, 2)
FAST_SIZED(fast_stp_off, fast_stp, 0)
FAST_SIZED(fast_stp_pre, fast_stp, 1)
FAST_SIZED(fast_stp_post, fast_stp, 2)

insn_fn ldst_fast_pair(unsigned int wb, bool load)
{
	static const insn_fn fns[2][3] = {
		{ fast_stp_off, fast_stp_pre, fast_stp_post },
		{ fast_ldp_off, fast_ldp_pre, fast_ldp_post },
	};

	return wb < 3 ? fns[load][wb] : NULL;
}
