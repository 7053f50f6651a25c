// SPDX-License-Identifier: GPL-2.0
/*
 * The -cpu models: identification and cache geometry only (cpu_model.h).
 */
#include <errno.h>
#include <string.h>

#include "cpu.h"
#include "sys.h"
#include "util.h"

/*
 * "max" is our own v8.0 CPU: implementer 0 ("software", as QEMU's max
 * uses), cache geometry of the A57.
 */
static const struct cpu_model models[] = {
	{ "cortex-a57", 0x411fd070, 0, 0x8444c004, 0x0a200023,
	  { 0x701fe00a, 0x201fe012, 0x70ffe07a } },
	{ "cortex-a53", 0x410fd034, 0, 0x84448004, 0x0a200023,
	  { 0x700fe01a, 0x201fe00a, 0x707fe07a } },
	{ "cortex-a72", 0x410fd083, 0, 0x8444c004, 0x0a200023,
	  { 0x701fe00a, 0x201fe012, 0x707fe07a } },
	{ "max", 0x000f0510, 0, 0x8444c004, 0x0a200023,
	  { 0x701fe00a, 0x201fe012, 0x70ffe07a } },
};

#define NMODELS (ARRAY_SIZE(models))

const struct cpu_model *cpu_model_find(const char *name)
{
	for (size_t i = 0; i < NMODELS; i++)
		if (strcmp(models[i].name, name) == 0)
			return &models[i];
	return NULL;
}

const struct cpu_model *cpu_model_default(void)
{
	return &models[0];
}

int cpu_model_apply(struct cpu_state *cpu, const char *name, struct av_err *err)
{
	const struct cpu_model *m = cpu_model_default();

	if (name && name[0]) {
		m = cpu_model_find(name);
		if (!m)
			return av_errf(err, EINVAL, "unknown -cpu '%s' for TCG "
				       "(try cortex-a57, cortex-a53, cortex-a72 "
				       "or max)", name);
	}
	cpu->sys.model = m;
	cpu->midr = m->midr;
	return 0;
}

const struct cpu_model *cpu_model_of(const struct cpu_state *cpu)
{
	return cpu->sys.model ? cpu->sys.model : cpu_model_default();
}

/*
 * CSSELR: Level in bits 3:1, InD in bit 0. CLIDR 0x0a200023 describes
 * separate L1 I/D and a unified L2; anything else reads 0 (D13.2.33
 * leaves it UNKNOWN).
 */
uint32_t cpu_model_ccsidr(const struct cpu_model *m, uint64_t csselr)
{
	switch (csselr & 0xf) {
	case 0:
		return m->ccsidr[0];
	case 1:
		return m->ccsidr[1];
	case 2:
		return m->ccsidr[2];
	default:
		return 0;
	}
}

uint64_t cpu_model_dczid(const struct cpu_state *cpu)
{
	bool prohibited = cpu->el == 0 && !(cpu->sys.sctlr_el1 & SCTLR_DZE);

	return CPU_DCZID_BS | (prohibited ? 1u << 4 : 0);
}
