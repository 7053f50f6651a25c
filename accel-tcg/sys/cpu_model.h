/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -cpu models of the emulated CPU. Every model is the same plain ARMv8.0
 * CPU (what accel-tcg implements); a model only changes the registers
 * that identify a part and describe its caches: MIDR, REVIDR, CTR_EL0,
 * CLIDR_EL1, CCSIDR_EL1 (values of the real cores, as QEMU 7.2 models
 * them in target/arm/cpu64.c).
 */
#ifndef ACCEL_TCG_CPU_MODEL_H
#define ACCEL_TCG_CPU_MODEL_H

#include <stdint.h>

#include "err.h"

struct cpu_state;

#define CPU_MODEL_CACHES	3	/* CSSELR index 0 L1D, 1 L1I, 2 L2 */

struct cpu_model {
	const char *name;
	uint32_t midr;
	uint32_t revidr;
	uint32_t ctr;
	uint32_t clidr;
	uint32_t ccsidr[CPU_MODEL_CACHES];
};

/* DC ZVA block: 2^4 words = 64 bytes (DCZID_EL0.BS, D13.2.34). */
#define CPU_DCZID_BS		4
#define CPU_DCZ_BYTES		(4u << CPU_DCZID_BS)

/* The model called name ("cortex-a57", "cortex-a53", "cortex-a72", "max"). */
const struct cpu_model *cpu_model_find(const char *name);

/* The default model (cortex-a57, as for QEMU's virt with -cpu unset). */
const struct cpu_model *cpu_model_default(void);

/*
 * Give cpu the identity of model name (NULL or "": the default): MIDR,
 * cache geometry. -EINVAL with a message listing the models otherwise.
 */
int cpu_model_apply(struct cpu_state *cpu, const char *name, struct av_err *err);

/* The model of cpu (the default when none was applied). */
const struct cpu_model *cpu_model_of(const struct cpu_state *cpu);

/* CCSIDR_EL1 for a CSSELR_EL1 value; 0 for a cache that does not exist. */
uint32_t cpu_model_ccsidr(const struct cpu_model *m, uint64_t csselr);

/* DCZID_EL0 as cpu reads it now (DZP reflects SCTLR_EL1.DZE at EL0). */
uint64_t cpu_model_dczid(const struct cpu_state *cpu);

#endif
