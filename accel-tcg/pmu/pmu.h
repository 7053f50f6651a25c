/* SPDX-License-Identifier: GPL-2.0 */
/*
 * accel-tcg/pmu: the Performance Monitors Extension (PMUv3) of the
 * emulated CPU, its one header.
 */
#ifndef ACCEL_TCG_PMU_PMU_H
#define ACCEL_TCG_PMU_PMU_H

#include "sys/sys.h"

/* The PMU's MRS/MSR table (pmu_regs.c). */
extern const struct sysreg_table sysreg_pmu_table;

#endif
