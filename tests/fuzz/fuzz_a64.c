// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over the A64 translator: the input is up to MAX_WORDS
 * instruction words. Each is decoded alone (decode_insn: every encoding
 * is decoded or UNDEFINED), then the words, followed by a BRK, run as a
 * bare-metal block on the unit tests' bare CPU (EL1, MMU off, 2 MiB of
 * RAM, a GICv3 so that ICC_* accesses reach it), with the general
 * registers pointing into RAM so that loads and stores mostly land. The
 * run stops at the first synchronous exception or after MAX_BLOCKS
 * blocks (a guest loop), so every input ends.
 */
#include "../../accel-tcg/gic/gic.h"
#include "fuzz_common.h"
#include "tcg_rig.h"

#define MAX_WORDS	64
#define MAX_BLOCKS	64
#define CODE_PA		(RIG_RAM_BASE + 0x8000)
/* Registers and the stack point into this window, cleared per input. */
#define DATA_SIZE	0x10000

static struct tcg_rig *fuzz_rig(void)
{
	static struct tcg_rig rig;
	static bool ready;
	struct av_err err;

	if (ready)
		return &rig;
	if (rig_init(&rig, &err) || gic_create(&rig.tvm, 3, 1, &rig.bus, &err))
		abort();
	ready = true;
	return &rig;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tcg_rig *rig = fuzz_rig();
	struct cpu_state *cpu = rig->cpu;
	uint32_t code[MAX_WORDS + 1];
	size_t n = size / 4 < MAX_WORDS ? size / 4 : MAX_WORDS;
	struct insn in;

	memcpy(code, data, n * 4);
	for (size_t i = 0; i < n; i++)
		decode_insn(code[i], &in);
	code[n] = A64_BRK_END;

	/* The bare CPU as rig_init leaves it; reset also drops every block. */
	tcg_cpu_reset(cpu);
	cpu->sys.cpacr_el1 = CPACR_FPEN;
	atomic_store(&cpu->powered_on, 1);
	gic_reset(rig->tvm.gic);
	memset(rig->ram.host, 0, DATA_SIZE);
	rig_put(rig, CODE_PA, code, n + 1);
	for (unsigned int i = 0; i < 31; i++)
		cpu->r[i] = RIG_RAM_BASE + 0x100 * i;
	cpu->r[REG_SP] = RIG_RAM_BASE + DATA_SIZE - 0x100;
	rig_run(rig, CODE_PA, MAX_BLOCKS);
	return 0;
}
