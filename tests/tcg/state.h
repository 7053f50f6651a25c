/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state dump both sides of an instruction test write: the snippet
 * wrapped for qemu-aarch64-static (harness.S, USER_MODE) writes it with
 * write(2); tcg-run writes it from our struct cpu_state. Little-endian,
 * the layout of harness.S's state_area followed by the data region.
 */
#ifndef TESTS_TCG_STATE_H
#define TESTS_TCG_STATE_H

#include <stdint.h>

#define TSTATE_MAGIC	"AVSTATE1"

/* Addresses shared by harness.ld and tcg-run. */
#define TEST_RAM_BASE	0x40000000ull
#define TEST_RAM_SIZE	(4ull << 20)
#define TEST_DATA_ADDR	0x40100000ull	/* x27 points here */
#define TEST_DATA_SIZE	32768u
#define TEST_STACK_TOP	0x40120000ull
#define TEST_PGTABLE	0x40300000ull	/* tcg-run's identity map */

struct tstate {
	char magic[8];
	uint64_t x[31];
	uint64_t sp;
	uint64_t nzcv;
	uint64_t fpcr;
	uint64_t fpsr;
	uint64_t pad;
	uint8_t v[32][16];
	uint8_t data[TEST_DATA_SIZE];
};

#endif
