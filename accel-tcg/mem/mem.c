// SPDX-License-Identifier: GPL-2.0
/*
 * Guest data accesses and instruction fetch translation: the TLB fast
 * path for Normal RAM, the slow path (walk, permission and alignment
 * checks, MMIO through the bus, page-crossing accesses) and the Data and
 * Instruction Aborts it raises (ARM ARM D17.2.37: ESR_ELx ISS for EC
 * 0x20/0x21/0x24/0x25).
 */
#include <errno.h>
#include <string.h>

#include "cpu.h"
#include "debug/debug.h"
#include "gdb/gdb.h"
#include "log.h"
#include "engine/engine.h"
#include "mem.h"

#define ISS_WNR		(1u << 6)
#define ISS_CM		(1u << 8)

/* One page's part of an access, translated and checked. */
struct mem_piece {
	uint64_t va;
	uint64_t pa;
	uint8_t *host;		/* NULL: MMIO */
	unsigned int len;
};

int mem_data_abort(struct cpu_state *cpu, uint64_t pc, uint64_t va,
		   enum mmu_fault fault, int level, bool wnr, bool cm)
{
	uint32_t iss = mmu_fault_fsc(fault, level);

	if (wnr || cm)
		iss |= ISS_WNR;
	if (cm)
		iss |= ISS_CM;
	if (log_enabled(LOG_MMU))
		log_printf(LOG_MMU, "mmu: data abort va=0x%016llx pc=0x%016llx fsc=0x%02x%s\n",
			   (unsigned long long)va, (unsigned long long)pc,
			   mmu_fault_fsc(fault, level), wnr ? " write" : "");
	cpu->sys.far_el1 = va;
	return exc_take_sync(cpu, pc, cpu->el ? EC_DABT_SAME : EC_DABT_LOWER, iss);
}

static inline uint64_t mem_canon(const struct cpu_state *cpu, uint64_t va)
{
	uint64_t tbi = ((va >> 55) & 1) ? MMU_TCR_TBI1 : MMU_TCR_TBI0;

	if (cpu->sys.tcr_el1 & tbi)
		return (uint64_t)((int64_t)(va << 8) >> 8);
	return va;
}

static uint8_t *mem_ram_page(struct cpu_state *cpu, uint64_t pa)
{
	return guest_ram_ptr(cpu->ram, pa & MMU_PAGE_MASK, MMU_PAGE_SIZE);
}

/*
 * A readable ROM device's page (flash in read-array mode), for reads and
 * fetches with the MMU off only: those walk on every access, so they see
 * the device's mode as it is now. With the MMU on, the TLB keeps no host
 * pointer for it and reads go to the device (include/guestmem.h).
 */
static uint8_t *mem_rom_page(struct cpu_state *cpu, uint64_t pa,
			     enum mmu_access type)
{
	if (type == MMU_WRITE)
		return NULL;
	return guest_romd_ptr(cpu->ram, pa & MMU_PAGE_MASK, MMU_PAGE_SIZE);
}

/*
 * Translate va for type at el: the TLB, else a walk (and a fill when the
 * MMU is on). Returns the fault, with *level; *dev says Device memory.
 */
static enum mmu_fault mem_lookup(struct cpu_state *cpu, uint64_t va,
				 enum mmu_access type, unsigned int el,
				 struct mem_piece *p, bool *dev, int *level)
{
	uint64_t cva = type == MMU_EXEC ? va : mem_canon(cpu, va);
	struct tlb_entry *e = NULL;
	struct tlb_info *info;
	struct mmu_result r;
	uint8_t *page;

	if (cpu->sys.sctlr_el1 & MMU_SCTLR_M)
		e = tlb_find(cpu, cva);
	if (!e) {
		mmu_walk(cpu, va, type != MMU_EXEC, &r);
		*level = r.level;
		if (r.fault != MMU_FAULT_NONE)
			return r.fault;
		page = mem_ram_page(cpu, r.pa);
		if (!(cpu->sys.sctlr_el1 & MMU_SCTLR_M)) {
			if (!page)
				page = mem_rom_page(cpu, r.pa, type);
			p->pa = r.pa;
			p->host = page ? page + (r.pa & ~MMU_PAGE_MASK) : NULL;
			*dev = (r.attr & 0xf0) == 0;
			return MMU_FAULT_NONE;
		}
		e = tlb_fill(cpu, &r, page);
	}
	info = tlb_info_of(&cpu->tlb, e);
	*level = info->level;
	if (!(e->perm & TLB_PERM(type, el)))
		return MMU_FAULT_PERMISSION;
	p->pa = e->pa_page | (va & ~MMU_PAGE_MASK);
	p->host = (info->flags & TLB_F_RAM) ?
		  (uint8_t *)(uintptr_t)(cva + e->addend) : NULL;
	*dev = info->flags & TLB_F_DEVICE;
	return MMU_FAULT_NONE;
}

/*
 * Translate and check one piece. whole_misaligned: the whole access is
 * not size-aligned, which Device memory refuses (B2.5.2).
 */
static int mem_piece_xlate(struct cpu_state *cpu, uint64_t pc, struct mem_piece *p,
			   enum mmu_access type, unsigned int flags,
			   bool whole_misaligned)
{
	enum mmu_fault f;
	bool dev = false;
	int level = 0;

	f = mem_lookup(cpu, p->va, type, mem_el(cpu, flags), p, &dev, &level);
	if (f == MMU_FAULT_NONE && dev && whole_misaligned)
		f = MMU_FAULT_ALIGN;
	if (f != MMU_FAULT_NONE)
		return mem_data_abort(cpu, pc, p->va, f, level, type == MMU_WRITE,
				      flags & MEM_CM);
	/* The guest's own watchpoints (debug/debug.h): only while it has some. */
	if (__builtin_expect(cpu->sys.dbg_watch, 0) && !(flags & MEM_NOWATCH)) {
		int r = dbg_watch_check(cpu, pc, p->va, p->len, type == MMU_WRITE,
					mem_el(cpu, flags) != 0, flags & MEM_CM);

		if (r)
			return r;
	}
	/* gdbstub watchpoints (debug.h): only while gdb has some. */
	if (__builtin_expect(tcg_gdb_watching(cpu), 0))
		tcg_gdb_watch_access(cpu, p->va, p->len, type == MMU_WRITE);
	return 0;
}

/* Alignment checks that come before translation (B2.5.2, D1.8.1). */
static bool mem_align_fault(const struct cpu_state *cpu, uint64_t va,
			    unsigned int size, unsigned int flags)
{
	if (!(va & (size - 1)))
		return false;
	return (flags & MEM_ALIGN) || (cpu->sys.sctlr_el1 & MMU_SCTLR_A);
}

/* Split [va, va+size) at the page boundary and translate both parts. */
static int mem_xlate_all(struct cpu_state *cpu, uint64_t pc, uint64_t va,
			 unsigned int size, enum mmu_access type, unsigned int flags,
			 struct mem_piece p[2], unsigned int *n)
{
	unsigned int room = (unsigned int)(MMU_PAGE_SIZE - (va & ~MMU_PAGE_MASK));
	unsigned int u = (flags >> MEM_UNIT_SHIFT) & 0xf;
	unsigned int unit = u ? 1u << (u - 1) : (flags & MEM_PAIR) ? size / 2 : size;
	bool mis = (va & (unit - 1)) != 0;
	int ret;

	if (mem_align_fault(cpu, va, unit, flags))
		return mem_data_abort(cpu, pc, va, MMU_FAULT_ALIGN, 0,
				      type == MMU_WRITE, flags & MEM_CM);
	p[0].va = va;
	p[0].len = size < room ? size : room;
	*n = 1;
	ret = mem_piece_xlate(cpu, pc, &p[0], type, flags, mis);
	if (ret || p[0].len == size)
		return ret;
	p[1].va = va + p[0].len;
	p[1].len = size - p[0].len;
	*n = 2;
	return mem_piece_xlate(cpu, pc, &p[1], type, flags, mis);
}

static bool mem_mmio_sized(uint64_t pa, unsigned int len)
{
	return (len == 1 || len == 2 || len == 4 || len == 8) && !(pa & (len - 1));
}

static void mem_log_fetch_unassigned(uint64_t pa)
{
	if (log_enabled(LOG_GUEST_ERRORS))
		log_printf(LOG_GUEST_ERRORS,
			   "instruction fetch at 0x%016llx: no RAM there\n",
			   (unsigned long long)pa);
}

/* MMIO read of one piece into buf; -ENODEV when nothing is there. */
static int mem_mmio_read(struct cpu_state *cpu, const struct mem_piece *p, uint8_t *buf)
{
	unsigned int i, step;
	uint64_t v;

	for (i = 0; i < p->len; i += step) {
		step = mem_mmio_sized(p->pa + i, p->len - i) ? p->len - i : 1;
		if (p->len - i == 16 && !((p->pa + i) & 7))
			step = 8;
		v = 0;
		/* The bus logs the unassigned access (guest_errors). */
		if (mmio_bus_read(cpu->bus, p->pa + i, step, &v) == -ENODEV)
			return -ENODEV;
		memcpy(buf + i, &v, step);
	}
	return 0;
}

static int mem_mmio_write(struct cpu_state *cpu, const struct mem_piece *p,
			  const uint8_t *buf)
{
	unsigned int i, step;
	uint64_t v;

	for (i = 0; i < p->len; i += step) {
		step = mem_mmio_sized(p->pa + i, p->len - i) ? p->len - i : 1;
		if (p->len - i == 16 && !((p->pa + i) & 7))
			step = 8;
		v = 0;
		memcpy(&v, buf + i, step);
		if (mmio_bus_write(cpu->bus, p->pa + i, step, v) == -ENODEV)
			return -ENODEV;
	}
	return 0;
}

__attribute__((noinline))
static int mem_read_slow(struct cpu_state *cpu, uint64_t pc, uint64_t va,
			 unsigned int size, uint64_t *val, unsigned int flags)
{
	struct mem_piece p[2] = { { 0 }, { 0 } };
	uint8_t buf[16];
	unsigned int i, n = 0, off = 0;
	int ret;

	ret = mem_xlate_all(cpu, pc, va, size, MMU_READ, flags, p, &n);
	if (ret)
		return ret;
	for (i = 0; i < n; off += p[i].len, i++) {
		if (p[i].host) {
			memcpy(buf + off, p[i].host, p[i].len);
			continue;
		}
		/* Nothing there: synchronous external abort, as QEMU's virt. */
		if (mem_mmio_read(cpu, &p[i], buf + off))
			return mem_data_abort(cpu, pc, p[i].va, MMU_FAULT_EXT, 0,
					      false, false);
	}
	val[0] = 0;
	memcpy(&val[0], buf, size < 8 ? size : 8);
	if (size == 16)
		memcpy(&val[1], buf + 8, 8);
	return 0;
}

__attribute__((noinline))
static int mem_write_slow(struct cpu_state *cpu, uint64_t pc, uint64_t va,
			  unsigned int size, const uint64_t *val, unsigned int flags)
{
	struct mem_piece p[2] = { { 0 }, { 0 } };
	uint8_t buf[16];
	unsigned int i, n = 0, off = 0;
	int ret;

	ret = mem_xlate_all(cpu, pc, va, size, MMU_WRITE, flags, p, &n);
	if (ret)
		return ret;
	memcpy(buf, &val[0], size < 8 ? size : 8);
	if (size == 16)
		memcpy(buf + 8, &val[1], 8);
	for (i = 0; i < n; off += p[i].len, i++) {
		if (p[i].host) {
			memcpy(p[i].host, buf + off, p[i].len);
			mem_code_check(cpu, p[i].pa);
			continue;
		}
		if (mem_mmio_write(cpu, &p[i], buf + off))
			return mem_data_abort(cpu, pc, p[i].va, MMU_FAULT_EXT, 0,
					      true, false);
	}
	return 0;
}

int mem_read(struct cpu_state *cpu, uint64_t pc, uint64_t va, unsigned int size,
	     uint64_t *val, unsigned int flags)
{
	if (__builtin_expect(mem_load_fast(cpu, va, size, flags, val), 1))
		return 0;
	return mem_read_slow(cpu, pc, va, size, val, flags);
}

int mem_write(struct cpu_state *cpu, uint64_t pc, uint64_t va, unsigned int size,
	      const uint64_t *val, unsigned int flags)
{
	if (__builtin_expect(mem_store_fast(cpu, va, size, flags, val), 1))
		return 0;
	return mem_write_slow(cpu, pc, va, size, val, flags);
}

int mem_translate_data(struct cpu_state *cpu, uint64_t pc, uint64_t va,
		       unsigned int size, enum mmu_access type, unsigned int flags,
		       uint64_t *pa, void **host)
{
	struct mem_piece p[2] = { { 0 }, { 0 } };
	unsigned int n = 0;
	int ret;

	ret = mem_xlate_all(cpu, pc, va, size, type, flags, p, &n);
	if (ret)
		return ret;
	*pa = p[0].pa;
	*host = n == 1 ? p[0].host : NULL;
	return 0;
}

static int mem_insn_abort(struct cpu_state *cpu, uint64_t va, enum mmu_fault f,
			  int level)
{
	if (log_enabled(LOG_MMU))
		log_printf(LOG_MMU, "mmu: insn abort va=0x%016llx fsc=0x%02x\n",
			   (unsigned long long)va, mmu_fault_fsc(f, level));
	cpu->sys.far_el1 = va;
	return exc_take_sync(cpu, va, cpu->el ? EC_IABT_SAME : EC_IABT_LOWER,
			     mmu_fault_fsc(f, level));
}

int mem_translate_fetch(struct cpu_state *cpu, uint64_t va, uint64_t *pa)
{
	struct mem_piece p = { .va = va, .len = 4 };
	enum mmu_fault f;
	bool dev = false;
	int level = 0;

	f = mem_lookup(cpu, va, MMU_EXEC, cpu->el, &p, &dev, &level);
	if (f != MMU_FAULT_NONE)
		return mem_insn_abort(cpu, va, f, level);
	/* Code runs from RAM and readable ROM devices: elsewhere is an external abort. */
	if (!guest_ram_contains(cpu->ram, p.pa, 4) &&
	    !guest_romd_find(cpu->ram, p.pa, 4)) {
		mem_log_fetch_unassigned(p.pa);
		return mem_insn_abort(cpu, va, MMU_FAULT_EXT, 0);
	}
	*pa = p.pa;
	return 0;
}
