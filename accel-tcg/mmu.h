/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stage 1 translation (4K granule, 4 levels) and the per-vCPU soft TLB.
 * Owned by mmu.c and tlb.c.
 */
#ifndef ACCEL_TCG_MMU_H
#define ACCEL_TCG_MMU_H

#include <stdint.h>

struct tlb {
	uint64_t placeholder;
};

#endif
