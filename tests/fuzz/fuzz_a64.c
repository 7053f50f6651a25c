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
 *
 * Where the x86-64 tier exists (jit_supported()), the words run on two
 * such CPUs in lockstep, one block at a time: one on the portable tier,
 * one on the code-emitting tier. After every block both must hold the
 * same architectural state (rig_same_state: registers, PC, NZCV, FP/SIMD,
 * the exception registers, the data window); any difference is a bug in
 * one tier and aborts, which libFuzzer reports as a crash. Elsewhere only
 * the portable tier runs.
 */
#include "../../accel-tcg/gic/gic.h"
#include "fuzz_common.h"
#include "tcg_rig.h"
#include "jit-x86_64/jit.h"

#define MAX_WORDS	64
#define MAX_BLOCKS	64
#define CODE_PA		(RIG_RAM_BASE + 0x8000)
/* Registers and the stack point into this window, cleared per input. */
#define DATA_SIZE	0x10000
/*
 * The x86-64 tier's code buffer: room for a few hundred blocks, so it
 * fills and is flushed now and then, as under a long-running guest.
 */
#define JIT_BUF		(256 << 10)

/*
 * MRS/MSR (register), ARM ARM C5.2: 1101 0101 00 L 1 op0<1> op1 CRn CRm
 * op2 Rt. The generic timer's EL0 registers are op0 3, op1 3, CRn 14
 * (CNTFRQ, CNTPCT, CNTVCT, CNTP_*, CNTV_*; D13.8). Their counts (and
 * TVAL, CVAL minus the count) follow the host's clock, so two runs of the
 * same input read different values: such accesses become NOPs, on both
 * tiers, before the words are placed. PMU counters read 0 here (no PMU is
 * advertised) and RNDR is not implemented (UNDEFINED), so they stay.
 */
#define SYSREG_MOVE_MASK	0xffd00000u
#define SYSREG_MOVE		0xd5100000u
#define SYSREG_OP0_3		(1u << 19)
#define SYSREG_OP1(w)		(((w) >> 16) & 7)
#define SYSREG_CRN(w)		(((w) >> 12) & 15)

static bool reads_host_clock(uint32_t w)
{
	return (w & SYSREG_MOVE_MASK) == SYSREG_MOVE && (w & SYSREG_OP0_3) &&
	       SYSREG_OP1(w) == 3 && SYSREG_CRN(w) == 14;
}

/* One CPU of the pair: portable (jit false) or x86-64 tier. */
static void fuzz_rig_init(struct tcg_rig *rig, bool jit)
{
	struct av_err err;

	if (rig_init(rig, &err) || gic_create(&rig->tvm, 3, 1, &rig->bus, &err))
		abort();
	if (jit && (tb_cache_set_jit(rig->cpu, true, JIT_BUF, &err) ||
		    !tb_cache_jit_on(rig->cpu)))
		abort();
}

/* The CPUs every input runs on: [0] portable, [1] the x86-64 tier if any. */
static struct tcg_rig *fuzz_rigs(unsigned int *n)
{
	static struct tcg_rig rigs[2];
	static unsigned int nrigs;

	if (!nrigs) {
		nrigs = jit_supported() ? 2 : 1;
		for (unsigned int i = 0; i < nrigs; i++)
			fuzz_rig_init(&rigs[i], i == 1);
	}
	*n = nrigs;
	return rigs;
}

/* The bare CPU as rig_init leaves it (reset also drops every block), code placed. */
static void fuzz_rig_setup(struct tcg_rig *rig, const uint32_t *code, size_t n)
{
	struct cpu_state *cpu = rig->cpu;

	tcg_cpu_reset(cpu);
	cpu->sys.cpacr_el1 = CPACR_FPEN;
	atomic_store(&cpu->powered_on, 1);
	gic_reset(rig->tvm.gic);
	memset(rig->ram.host, 0, DATA_SIZE);
	rig_put(rig, CODE_PA, code, n);
	for (unsigned int i = 0; i < 31; i++)
		cpu->r[i] = RIG_RAM_BASE + 0x100 * i;
	cpu->r[REG_SP] = RIG_RAM_BASE + DATA_SIZE - 0x100;
	cpu->pc = CODE_PA;
}

/* What an exception entry writes (ARM ARM D1.10.2), before a block runs. */
struct exc_regs {
	uint64_t esr, elr, spsr;
};

static struct exc_regs exc_regs_of(const struct cpu_state *cpu)
{
	return (struct exc_regs){ cpu->sys.esr_el1, cpu->sys.elr_el1, cpu->sys.spsr_el1 };
}

/*
 * Did the last block end the run? A synchronous exception writes ESR,
 * ELR and SPSR; a changed one (also an MSR to it, or an IRQ) ends the
 * run as rig_run's stop_on_exc would. So does WFI: a bare CPU has
 * nothing to wake it.
 */
static bool fuzz_run_ended(const struct cpu_state *cpu, const struct exc_regs *before)
{
	struct exc_regs now = exc_regs_of(cpu);

	return cpu->halted || now.esr != before->esr || now.elr != before->elr ||
	       now.spsr != before->spsr;
}

/* Run the rigs block by block; abort at the first difference between them. */
static void fuzz_lockstep(struct tcg_rig *rigs, unsigned int n)
{
	struct tcg_run_opts one = { .max_blocks = 1, .stop_on_exc = true };
	struct exc_regs before;
	char what[32];
	int r0, r1;

	for (unsigned int block = 0; block < MAX_BLOCKS; block++) {
		before = exc_regs_of(rigs[0].cpu);
		r0 = tcg_cpu_exec(rigs[0].cpu, &one);
		if (n == 2) {
			r1 = tcg_cpu_exec(rigs[1].cpu, &one);
			snprintf(what, sizeof(what), "block %u", block);
			if (r0 != r1)
				fprintf(stderr, "%s: run result portable %d, jit %d\n", what, r0, r1);
			if (r0 != r1 || !rig_same_state(&rigs[0], &rigs[1], RIG_RAM_BASE,
							DATA_SIZE, what))
				abort();
		}
		if (r0 < 0 || fuzz_run_ended(rigs[0].cpu, &before))
			return;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int nrigs;
	struct tcg_rig *rigs = fuzz_rigs(&nrigs);
	uint32_t code[MAX_WORDS + 1];
	size_t n = size / 4 < MAX_WORDS ? size / 4 : MAX_WORDS;
	struct insn in;

	memcpy(code, data, n * 4);
	for (size_t i = 0; i < n; i++) {
		decode_insn(code[i], &in);
		if (reads_host_clock(code[i]))
			code[i] = A64_NOP;
	}
	code[n] = A64_BRK_END;

	for (unsigned int i = 0; i < nrigs; i++)
		fuzz_rig_setup(&rigs[i], code, n + 1);
	fuzz_lockstep(rigs, nrigs);
	return 0;
}
