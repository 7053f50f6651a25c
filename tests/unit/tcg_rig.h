/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bare accel-tcg CPU for unit tests: 2 MiB of RAM at 0x40000000, no
 * devices, EL1h, MMU off, FP enabled. Code is placed as 32-bit words;
 * rig_run runs until a synchronous exception (the tests end with BRK).
 */
#ifndef TESTS_UNIT_TCG_RIG_H
#define TESTS_UNIT_TCG_RIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../accel-tcg/tcg.h"
#include "../../accel-tcg/engine/engine.h"
#include "../../accel-tcg/mem/mem.h"

#define RIG_RAM_BASE	0x40000000ull
#define RIG_RAM_SIZE	(2ull << 20)

/* Encodings used by several tests (checked with aarch64-linux-gnu-as). */
#define A64_BRK_END	0xd420ffe0u	/* brk #0x7ff */
#define A64_NOP		0xd503201fu
#define A64_UDF		0x00000000u
#define A64_ISB		0xd5033fdfu

struct tcg_rig {
	struct guest_ram ram;
	struct mmio_bus bus;
	struct tcg_vm tvm;
	struct tcg_vcpu *vcpu;
	struct cpu_state *cpu;
};

/* Returns 0, or -1 with the reason in *err. */
int rig_init(struct tcg_rig *r, struct av_err *err);
void rig_fini(struct tcg_rig *r);

/* Copy n words to guest physical address pa (in RAM). */
void rig_put(struct tcg_rig *r, uint64_t pa, const uint32_t *words, size_t n);

/* Run from pc until an exception or max_blocks blocks; tcg_cpu_exec's result. */
int rig_run(struct tcg_rig *r, uint64_t pc, uint64_t max_blocks);

/*
 * Turn the MMU on with TTBR0 tables in RAM at RIG_PGTABLE: RAM identity
 * mapped by a 1 GiB block, and the 2 MiB at RIG_MAPPED_VA mapped by the
 * 4 KiB pages of the level 3 table that rig_map_page fills.
 */
#define RIG_PGTABLE	(RIG_RAM_BASE + 0x100000)
#define RIG_MAPPED_VA	0x80000000ull
void rig_mmu_on(struct tcg_rig *r);
/* Map page n of RIG_MAPPED_VA to physical page pa (Normal, EL1 RWX). */
void rig_map_page(struct tcg_rig *r, unsigned int n, uint64_t pa);
/* The same, not global: its TLB entries carry the ASID of TTBR0_EL1. */
void rig_map_page_ng(struct tcg_rig *r, unsigned int n, uint64_t pa);

/* ESR_EL1.EC of the last exception. */
unsigned int rig_ec(const struct tcg_rig *r);

/*
 * Do two rigs that ran the same code agree? The architectural state a
 * block can change: X0-X30, SP, PC, NZCV, PSTATE, the banked SPs, V0-V31
 * with FPCR/FPSR, the exception registers (ESR, FAR, ELR, SPSR) and the
 * size bytes of RAM at pa. Not the XZR sink (write-only scratch). Used
 * to hold the x86-64 tier (b) to the portable one (a): test_jit_diff.c,
 * fuzz_a64.c. On a difference prints the first one, after what, to
 * stderr and returns false.
 */
bool rig_same_state(const struct tcg_rig *a, const struct tcg_rig *b, uint64_t pa,
		    size_t size, const char *what);

#endif
