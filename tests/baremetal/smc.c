// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-CPU self-modifying code (run with -smp 2): CPU 0 rewrites code
 * that CPU 1 runs, so the translator's blocks on one vCPU must be dropped
 * when another vCPU stores to their page or invalidates the instruction
 * cache (IC IVAU, IC IALLUIS).
 *
 * 1. Handshake rounds: CPU 0 writes "MOVZ W0, #round; RET", makes it
 *    visible as ARM ARM B2.4.4 (synchronization and coherency issues
 *    between data and instruction accesses) asks of the writer: DC CVAU,
 *    DSB ISH, IC IVAU (or IC IALLUIS on odd rounds), DSB ISH. Then it
 *    tells CPU 1, which issues an ISB (the reader's context
 *    synchronisation) and must get round.
 * 2. Concurrent rounds: CPU 1 keeps calling a function that never
 *    changes, on the page CPU 0 keeps rewriting; every call must return
 *    its constant while the page's blocks are dropped under it. CPU 1
 *    never runs the words being rewritten, which B2.2.5 (concurrent
 *    modification and execution of instructions) would leave
 *    unpredictable for these encodings.
 */
#include "bm.h"

#define ROUNDS		200
#define CALLS		20000
#define FIXED		0x5a
#define ROUND_FN	16		/* word index of the rewritten function */

static uint32_t code[1024] __attribute__((aligned(4096)));
static volatile uint64_t round_sent, round_seen, result, concurrent, calls_done, bad_calls;

typedef uint64_t (*fn_t)(void);

/* MOVZ W0, #imm (C6.2.191) and RET (C6.2.219). */
static uint32_t movz_w0(uint32_t imm)
{
	return 0x52800000u | (imm & 0xffff) << 5;
}

#define RET	0xd65f03c0u

/* The writer's half of B2.4.4 for the two words at code[at]. */
static void publish(unsigned int at, int all)
{
	uint64_t va = (uint64_t)&code[at];

	__asm__ volatile("dc cvau, %0\n\tdsb ish" : : "r"(va) : "memory");
	if (all)
		__asm__ volatile("ic ialluis" : : : "memory");
	else
		__asm__ volatile("ic ivau, %0" : : "r"(va) : "memory");
	__asm__ volatile("dsb ish\n\tisb" : : : "memory");
}

static void write_fn(unsigned int at, uint32_t imm, int all)
{
	code[at] = movz_w0(imm);
	code[at + 1] = RET;
	publish(at, all);
}

static uint64_t call(unsigned int at)
{
	return ((fn_t)(uint64_t)&code[at])();
}

static void wait_for(volatile uint64_t *v, uint64_t want)
{
	while (*v != want)
		dsb();
}

void exc_handler(uint64_t index, struct frame *f)
{
	(void)f;
	check("unexpected exception, vector", index, ~0ull);
	check("ESR", read_sysreg(esr_el1), 0);
	finish();
}

/* CPU 1: the reader. */
void secondary_main(uint64_t ctx)
{
	uint64_t r, n;

	(void)ctx;
	for (r = 1; r <= ROUNDS; r++) {
		wait_for(&round_sent, r);
		isb();
		result = call(ROUND_FN);
		dsb();
		round_seen = r;
	}
	wait_for(&concurrent, 1);
	isb();
	for (n = 0; n < CALLS; n++)
		if (call(0) != FIXED)
			bad_calls++;
	dsb();
	calls_done = 1;
	psci_call(PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		;
}

static uint64_t handshake_rounds(void)
{
	uint64_t r, wrong = 0;

	for (r = 1; r <= ROUNDS; r++) {
		write_fn(ROUND_FN, (uint32_t)r, r & 1);
		if (call(ROUND_FN) != r)
			wrong++;
		round_sent = r;
		dsb();
		wait_for(&round_seen, r);
		if (result != r)
			wrong++;
	}
	return wrong;
}

static void concurrent_rounds(void)
{
	uint32_t i = 0;

	write_fn(0, FIXED, 1);
	concurrent = 1;
	dsb();
	while (!calls_done) {
		write_fn(ROUND_FN, i, i & 1);
		i++;
		dsb();
	}
}

int main(void)
{
	puts_("smc: cross-CPU code modification\n");
	check("CPU_ON cpu 1", psci_call(PSCI_CPU_ON, 1, (uint64_t)secondary_entry, 0), 0);
	check("handshake rounds with a wrong result", handshake_rounds(), 0);
	concurrent_rounds();
	check("concurrent calls with a wrong result", bad_calls, 0);
	finish();
	return 0;
}
