/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EL0/EL1 system registers of the emulated CPU. Owned by sysreg.c (the
 * table MRS/MSR go through) and system.c.
 */
#ifndef ACCEL_TCG_SYSREG_H
#define ACCEL_TCG_SYSREG_H

#include <stdint.h>

struct sysregs {
	uint64_t sctlr_el1;
	uint64_t tcr_el1;
	uint64_t ttbr0_el1;
	uint64_t ttbr1_el1;
	uint64_t mair_el1;
	uint64_t vbar_el1;
	uint64_t esr_el1;
	uint64_t far_el1;
	uint64_t elr_el1;
	uint64_t spsr_el1;
	uint64_t cpacr_el1;
	uint64_t tpidr_el0;
	uint64_t tpidrro_el0;
	uint64_t tpidr_el1;
	uint64_t contextidr_el1;
	uint64_t par_el1;
};

#endif
