/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86-64 code-emitting tier as engine/ sees it: one code buffer per
 * vCPU and the translation of one decoded block (struct tb) into host
 * code there. A translated block is called as
 *
 *	int block(struct cpu_state *cpu)
 *
 * and returns what tb_exec would (INSN_BRANCH, INSN_EXC, INSN_EXIT),
 * with the same state: guest registers live in cpu->r[] at every call
 * of a handler and at the return, cpu->pc is the block start while it
 * runs. Only the vCPU's own thread translates, runs or resets its buffer.
 *
 * On hosts other than x86-64 jit_none.c stands in: jit_supported() is
 * false and the portable tier runs every block.
 */
#ifndef ARMVISOR_JIT_X86_64_JIT_H
#define ARMVISOR_JIT_X86_64_JIT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct jit;
struct tb;

/* Does this build have the tier (an x86-64 host)? */
bool jit_supported(void);

/* A per-vCPU tier with a code buffer of size bytes (0: the default). */
int jit_create(struct jit **out, size_t size, struct av_err *err);
void jit_destroy(struct jit *j);

/*
 * Emit tb (whose insns must outlive the code) and set tb->host. Returns
 * 0; -ENOSPC when the buffer is full (drop every block, jit_reset, try
 * again); -E2BIG when the block alone does not fit or cannot be encoded
 * (run it on the portable tier). Nothing is committed on failure.
 */
int jit_translate(struct jit *j, struct tb *tb);

/* Forget all code: only once no block of this vCPU refers to it. */
void jit_reset(struct jit *j);

#endif
