/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -d in_asm, out_asm and exec logging of translated blocks (capstone when the
 * build has it, raw words otherwise).
 */
#ifndef ACCEL_TCG_DISAS_H
#define ACCEL_TCG_DISAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"
#include "engine.h"

/*
 * Open libcapstone (once per process): call it before the sandbox starts
 * when a log disassembles (-d in_asm, out_asm), since a vCPU thread's
 * filter allows no dlopen. False when the build or the host has no
 * capstone: the logs then show raw words.
 */
bool disas_load(void);

/* -d in_asm: the guest code of a block just translated. */
void disas_log_block(const struct cpu_state *cpu, const struct tb *tb,
		     const uint8_t *code);

/*
 * -d out_asm: the host code of a block just translated by the x86-64
 * tier, len bytes at code (readable), which run at addr; the 8-byte
 * data words at the nwords offsets words[] (ascending) are shown as data.
 */
void disas_log_host(const struct tb *tb, const uint8_t *code, size_t len, uintptr_t addr,
		    const uint32_t *words, unsigned int nwords);

/* -d exec: a block about to run at cpu->pc; -d cpu: the registers then. */
void disas_log_exec(const struct cpu_state *cpu, const struct tb *tb);

/*
 * Disassemble one insn at pc into buf ("mnemonic operands", or ".word"
 * when capstone is absent or rejects it). Returns buf.
 */
char *disas_insn(uint32_t raw, uint64_t pc, char *buf, size_t len);

#endif
