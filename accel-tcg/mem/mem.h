/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stage 1 translation (4K granule, 4 levels), the per-vCPU soft TLB, the
 * exclusive monitor and the load/store decoders' shared pieces.
 * Owned by mmu.c (walk, AT), tlb.c (TLB, TLBI), mem.c (accesses, aborts)
 * and ldst*.c (decode_ldst and the load/store handlers).
 *
 * The TLB's types are in tlb_types.h (cpu.h embeds them); this header
 * may use a complete struct cpu_state, so its fast paths are inline.
 */
#ifndef ACCEL_TCG_MEM_MEM_H
#define ACCEL_TCG_MEM_MEM_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"
#include "engine/engine.h"
#include "tlb_types.h"

/* SCTLR_EL1 and TCR_EL1 bits the memory system reads (D13.2.118, D13.2.131). */
#define MMU_SCTLR_M	(1ull << 0)
#define MMU_SCTLR_A	(1ull << 1)
#define MMU_SCTLR_SA	(1ull << 3)
#define MMU_SCTLR_SA0	(1ull << 4)
#define MMU_SCTLR_I	(1ull << 12)
#define MMU_SCTLR_WXN	(1ull << 19)
#define MMU_TCR_EPD0	(1ull << 7)
#define MMU_TCR_A1	(1ull << 22)
#define MMU_TCR_EPD1	(1ull << 23)
#define MMU_TCR_AS	(1ull << 36)
#define MMU_TCR_TBI0	(1ull << 37)
#define MMU_TCR_TBI1	(1ull << 38)

/* ---- Stage 1 walk (mmu.c) ---- */

/* Fault kinds, reported with the level as the ARM ARM's FSC encoding. */
enum mmu_fault {
	MMU_FAULT_NONE = 0,
	MMU_FAULT_ADDR_SIZE,	/* FSC 0b0000LL */
	MMU_FAULT_TRANSLATION,	/* FSC 0b0001LL */
	MMU_FAULT_ACCESS_FLAG,	/* FSC 0b0010LL */
	MMU_FAULT_PERMISSION,	/* FSC 0b0011LL */
	MMU_FAULT_EXT_WALK,	/* FSC 0b0101LL: descriptor not in RAM */
	MMU_FAULT_EXT,		/* FSC 0x10: nothing at the address */
	MMU_FAULT_ALIGN,	/* FSC 0x21 */
};

/* Result of one stage 1 translation of a virtual address. */
struct mmu_result {
	uint64_t pa;		/* output address of va */
	uint64_t va_canon;	/* va with the top byte ignored as TBI says */
	uint64_t block_size;	/* size of the mapping (4K, 2M, 1G) */
	uint32_t asid;		/* ASID, or TLB_GLOBAL */
	uint16_t perm;		/* TLB_PERM bits for EL0 and EL1 */
	uint8_t attr;		/* MAIR attribute byte (0 = Device-nGnRnE) */
	uint8_t sh;		/* SH[1:0] */
	enum mmu_fault fault;
	int level;		/* level the fault is reported at */
};

/* The FSC (DFSC/IFSC, and PAR_EL1.FST) for a fault. */
uint32_t mmu_fault_fsc(enum mmu_fault fault, int level);

/*
 * Translate va through stage 1 of the EL1&0 regime (or the flat map when
 * SCTLR_EL1.M is 0). Fills r with the mapping and its permissions;
 * r->fault is a translation, address size, access flag or external walk
 * fault. Permission checks are the caller's (r->perm). Never touches the
 * TLB.
 */
void mmu_walk(struct cpu_state *cpu, uint64_t va, bool data, struct mmu_result *r);

/* AT S1E1R/S1E1W/S1E0R/S1E0W (system.c): translate and set PAR_EL1. */
enum mmu_at_op {
	MMU_AT_S1E1R,
	MMU_AT_S1E1W,
	MMU_AT_S1E0R,
	MMU_AT_S1E0W,
};
void mmu_at(struct cpu_state *cpu, enum mmu_at_op op, uint64_t va);

/* The ASID translations currently use (TCR_EL1.A1, .AS). */
uint32_t mmu_current_asid(const struct cpu_state *cpu);

/*
 * cpu->mmu_asid = mmu_current_asid(cpu): after any write of TCR_EL1,
 * TTBR0_EL1 or TTBR1_EL1 (SYS's write hooks, a reset, a TLB flush).
 */
void mmu_asid_sync(struct cpu_state *cpu);

/* ---- Soft TLB (tlb.c) ---- */

void tlb_init(struct tlb *tlb, _Atomic uint32_t *flush_req);

/* Cached entry for va in the current context, or NULL. */
struct tlb_entry *tlb_find(struct cpu_state *cpu, uint64_t va_canon);

/* Insert a walk result (ram: the guest RAM mapping, or NULL for MMIO). */
struct tlb_entry *tlb_fill(struct cpu_state *cpu, const struct mmu_result *r,
			   uint8_t *ram_host_page);

/*
 * Flush this vCPU's TLB (its own thread). From any other thread,
 * tlb_request_flush makes the owner flush before its next lookup.
 */
void tlb_flush_all(struct cpu_state *cpu);
void tlb_request_flush(struct tlb *tlb);

/*
 * Apply what other vCPUs queued, if anything (owner thread). The x86-64
 * tier calls it at block entry instead of testing flush_req per access.
 */
void tlb_sync_remote(struct cpu_state *cpu);

/* TLBI operations Linux uses (system.c maps the encodings to these). */
enum tlbi_op {
	TLBI_VMALLE1,	/* all entries */
	TLBI_VAE1,	/* by VA and ASID (and global entries) */
	TLBI_VALE1,	/* as VAE1: only the last level is cached here */
	TLBI_ASIDE1,	/* all non-global entries of an ASID */
	TLBI_VAAE1,	/* by VA, any ASID */
	TLBI_VAALE1,
};

/*
 * Execute TLBI op with operand xt (VA[55:12] in bits 43:0, ASID in
 * 63:48). broadcast: the ...IS form, which also reaches the other vCPUs
 * of the VM (queued for them, applied before their next access).
 */
void tlb_tlbi(struct cpu_state *cpu, enum tlbi_op op, bool broadcast, uint64_t xt);

/* ---- Exclusive monitor (ldst_excl.c) ---- */

/* Clear the local monitor: CLREX, exception entry and return (B2.9.5). */
void excl_clear(struct cpu_state *cpu);

/*
 * Copy from/to guest virtual memory as the CPU's current regime maps it
 * (mem/va_copy.c): no side effects, RAM only; -EFAULT where unmapped.
 */
int mem_va_read(struct cpu_state *cpu, uint64_t va, void *buf, size_t len);
int mem_va_write(struct cpu_state *cpu, uint64_t va, const void *buf, size_t len);

/* ---- Accesses (mem.c), beyond cpu.h's mem_read/mem_write ---- */

/*
 * Extra mem_read/mem_write flag (next to cpu.h's MEM_*): the access is
 * two registers' worth (LDP/STP), so alignment is checked per half.
 */
#define MEM_PAIR	(1u << 8)
/*
 * Alignment unit of 1 << log2 bytes for a multi-element access (LD1/ST1
 * of whole registers): SCTLR.A and Device memory check each element.
 */
#define MEM_UNIT_SHIFT	12
#define MEM_UNIT(log2)	((((log2) + 1u) & 0xfu) << MEM_UNIT_SHIFT)
/*
 * For mem_translate_data: a cache maintenance op (DC/IC by VA); a fault
 * reports ESR ISS CM = 1 and WnR = 1 (D17.2.40).
 */
#define MEM_CM		(1u << 9)
/*
 * Not checked against the guest's watchpoints (debug/): the cache
 * maintenance and IC ops by VA, which the ARM ARM lets an implementation
 * leave unwatched (D2.10), as QEMU does.
 */
#define MEM_NOWATCH	(1u << 10)

/*
 * Translate va for a data access of size bytes (a single page) with the
 * permission and alignment checks of mem_read/mem_write; on success *pa
 * is its physical address and *host its RAM pointer (NULL for MMIO).
 * Otherwise the Data Abort is taken and INSN_EXC returned.
 */
int mem_translate_data(struct cpu_state *cpu, uint64_t pc, uint64_t va,
		       unsigned int size, enum mmu_access type, unsigned int flags,
		       uint64_t *pa, void **host);

/*
 * Take the Data Abort for a fault at va (FAR = va); wnr for writes, cm
 * for cache maintenance. Returns INSN_EXC.
 */
int mem_data_abort(struct cpu_state *cpu, uint64_t pc, uint64_t va,
		   enum mmu_fault fault, int level, bool wnr, bool cm);

/* ---- Load/store decoders (ldst*.c) ---- */

/* The classes of the group by op0 (insn<31:28>) and insn<26:23> (C4.1.4). */
#define ENC_LDST_EXCL_MASK		0x3f000000u	/* Load/store exclusive */
#define ENC_LDST_EXCL_VAL		0x08000000u
#define ENC_LDST_SIMD_MULT_MASK		0xbf000000u	/* AdvSIMD multiple structures */
#define ENC_LDST_SIMD_MULT_VAL		0x0c000000u
#define ENC_LDST_SIMD_SINGLE_MASK	0xbf000000u	/* AdvSIMD single structure */
#define ENC_LDST_SIMD_SINGLE_VAL	0x0d000000u
#define ENC_LDST_PAIR_MASK		0x38000000u	/* Load/store register pair */
#define ENC_LDST_PAIR_VAL		0x28000000u
#define ENC_LDST_LITERAL_MASK		0x3b000000u	/* Load register (literal) */
#define ENC_LDST_LITERAL_VAL		0x18000000u
#define ENC_LDST_REG_MASK		0x38000000u	/* Load/store register, all forms */
#define ENC_LDST_REG_VAL		0x38000000u

/* insn_ldst.mode, .ext and insn_pair.mode (cpu.h): the addressing modes and extensions. */
enum ldst_mode { MODE_OFF, MODE_PRE, MODE_POST, MODE_REG, MODE_LIT };
enum ldst_ext { EXT_ZERO, EXT_SIGN64, EXT_SIGN32 };
enum pair_mode { PAIR_OFF, PAIR_PRE, PAIR_POST };

int ldst_decode_single(uint32_t raw, struct insn *out);	/* ldst_single.c */
int ldst_decode_pair(uint32_t raw, struct insn *out);	/* ldst_pair.c */
int ldst_decode_excl(uint32_t raw, struct insn *out);	/* ldst_excl.c */
int ldst_decode_simd(uint32_t raw, struct insn *out);	/* ldst_simd.c */

/*
 * Size-specialised handlers (ldst_fast.c): LDR/STR of 2^size_log2 bytes,
 * immediate offset, zero-extending, no flags; LDP/STP of X registers
 * with writeback wb (the pair mode: 0 offset, 1 pre, 2 post). NULL when
 * there is none for the arguments.
 */
insn_fn ldst_fast_single(unsigned int size_log2, bool load);
insn_fn ldst_fast_pair(unsigned int wb, bool load);

/*
 * The generic load and store handlers, so that the x86-64 tier can
 * recognise them by in->fn: general-register single by addressing mode
 * (ldst_single.c; NULL for a store of MODE_LIT), the W/LDPSW pairs
 * (ldst_pair.c), and the SIMD&FP single and pair forms of every mode.
 */
insn_fn ldst_single_fn(bool load, enum ldst_mode mode);
insn_fn ldst_pair_fn(bool load);
insn_fn ldst_single_fp_fn(bool load);
insn_fn ldst_pair_fp_fn(bool load);

/*
 * The base address of a load/store: r[rn], after the SP alignment check
 * (SCTLR_EL1.SA/SA0, ARM ARM D1.8.2) when rn is SP. Returns 0 or
 * INSN_EXC with the SP alignment fault taken.
 */
int ldst_base(struct cpu_state *cpu, const struct insn *in, unsigned int rn,
	      uint64_t *base);

/* ---- Inline fast paths (mem.c, ldst*.c) ---- */

/* The EL whose permissions an access uses (LDTR/STTR: EL0). */
static inline unsigned int mem_el(const struct cpu_state *cpu, unsigned int flags)
{
	return (flags & MEM_UNPRIV) ? 0 : cpu->el;
}

/* mmu_current_asid(), kept up to date for the fast path. */
static inline uint32_t mem_asid(const struct cpu_state *cpu)
{
	return cpu->mmu_asid;
}

/*
 * The TLB entry the fast path may use for [va, va+size) with access
 * type, or NULL: MMU on, no SCTLR.A checking, within one page, a hit for
 * this ASID with fast permission (Normal RAM only), no pending remote
 * flush.
 */
static inline struct tlb_entry *mem_fast(struct cpu_state *cpu, uint64_t va,
					 unsigned int size, unsigned int flags,
					 enum mmu_access type)
{
	struct tlb_entry *e;

	/* MMU off or SCTLR_EL1.A set: fast_perm is 0 (tlb_fill). */
	if ((va & ~MMU_PAGE_MASK) > MMU_PAGE_SIZE - size)
		return NULL;
	if ((flags & MEM_ALIGN) && (va & (size - 1)))
		return NULL;
	e = &cpu->tlb.e[(va >> MMU_PAGE_BITS) & (TLB_SIZE - 1)];
	if (e->vpage != (va & MMU_PAGE_MASK) ||
	    !(e->fast_perm & TLB_PERM(type, mem_el(cpu, flags))))
		return NULL;
	if (e->asid != TLB_GLOBAL && e->asid != mem_asid(cpu))
		return NULL;
	if (atomic_load_explicit(&cpu->tlb_flush_req, memory_order_relaxed))
		return NULL;
	return e;
}

/* Little-endian host loads/stores of 1..16 bytes (val[1]: bytes 8..15). */
static inline void mem_host_load(const uint8_t *p, unsigned int size, uint64_t *val)
{
	uint64_t d = 0;
	uint32_t w;
	uint16_t h;

	switch (size) {
	case 1:
		val[0] = *p;
		return;
	case 2:
		memcpy(&h, p, 2);
		val[0] = h;
		return;
	case 4:
		memcpy(&w, p, 4);
		val[0] = w;
		return;
	case 16:
		memcpy(&val[1], p + 8, 8);
		/* fall through */
	default:
		memcpy(&d, p, 8);
		val[0] = d;
		return;
	}
}

static inline void mem_host_store(uint8_t *p, unsigned int size, const uint64_t *val)
{
	uint32_t w = (uint32_t)val[0];
	uint16_t h = (uint16_t)val[0];

	switch (size) {
	case 1:
		*p = (uint8_t)val[0];
		return;
	case 2:
		memcpy(p, &h, 2);
		return;
	case 4:
		memcpy(p, &w, 4);
		return;
	case 16:
		memcpy(p + 8, &val[1], 8);
		/* fall through */
	default:
		memcpy(p, &val[0], 8);
		return;
	}
}

/* After a store to RAM at pa: drop blocks translated from that page. */
static inline void mem_code_check(struct cpu_state *cpu, uint64_t pa)
{
	if (cpu->tvm && tb_page_has_code(cpu->tvm, pa))
		tb_invalidate_phys_page(cpu->tvm, pa);
}

/* The whole access through the TLB fast path; false: take the slow path. */
static inline bool mem_load_fast(struct cpu_state *cpu, uint64_t va, unsigned int size,
				 unsigned int flags, uint64_t *val)
{
	struct tlb_entry *e = mem_fast(cpu, va, size, flags, MMU_READ);

	if (!e)
		return false;
	mem_host_load((const uint8_t *)(uintptr_t)(va + e->addend), size, val);
	return true;
}

static inline bool mem_store_fast(struct cpu_state *cpu, uint64_t va, unsigned int size,
				  unsigned int flags, const uint64_t *val)
{
	struct tlb_entry *e = mem_fast(cpu, va, size, flags, MMU_WRITE);

	if (!e)
		return false;
	mem_host_store((uint8_t *)(uintptr_t)(va + e->addend), size, val);
	mem_code_check(cpu, e->pa_page);
	return true;
}

/* The base register of a load/store; the SP alignment check out of line. */
static inline int ldst_get_base(struct cpu_state *cpu, const struct insn *in,
				uint64_t *base)
{
	*base = cpu->r[in->rn];
	if (__builtin_expect(in->rn == REG_SP && (*base & 15), 0))
		return ldst_base(cpu, in, in->rn, base);
	return 0;
}

#endif
