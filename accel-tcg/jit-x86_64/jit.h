/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86-64 code-emitting tier as engine/ sees it: one code buffer per
 * vCPU and the translation of one decoded block (struct tb) into host
 * code there. A translated block is run as
 *
 *	jit_enter(cpu, tb->host)
 *
 * and returns what tb_exec would (INSN_BRANCH, INSN_EXC, INSN_EXIT),
 * with the same state: guest registers live in cpu->r[] at every call
 * of a handler and at the return, cpu->pc is the block start while it
 * runs. Only the vCPU's own thread translates, runs or resets its buffer.
 *
 * Blocks chain: a direct branch to the same page goes straight to its
 * successor's code once the run loop linked that exit (jit_link); any
 * other branch (indirect, another page) probes the jump cache inline
 * and enters the block found there. So one jit_enter may run many
 * blocks. Each block checks cpu->exit_request and the interrupt lines
 * on entry and returns INSN_BRANCH, not having run, when either needs
 * the run loop; cpu->jit_nochain keeps every exit in the loop.
 *
 * On hosts other than x86-64 jit_none.c stands in: jit_supported() is
 * false and the portable tier runs every block.
 */
#ifndef ARMVISOR_JIT_X86_64_JIT_H
#define ARMVISOR_JIT_X86_64_JIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct cpu_state;
struct jit;
struct tb;

/* Does this build have the tier (an x86-64 host)? */
bool jit_supported(void);

/* A per-vCPU tier with a code buffer of size bytes (0: the default). */
int jit_create(struct jit **out, size_t size, struct av_err *err);
void jit_destroy(struct jit *j);

/*
 * Emit tb, whose insns are all its decoded insns and the sentinel, and
 * set tb->host. On success tb->insns becomes a malloc'ed array of the
 * insns the code calls handlers with (NULL when none), which the caller
 * frees with the block, and tb->nheld its length: the decoded insns
 * need not outlive the call. Returns 0; -ENOSPC when the buffer is full
 * (drop every block, jit_reset, try again); -E2BIG when the block alone
 * does not fit or cannot be encoded, -ENOMEM (run it on the portable
 * tier). Nothing is committed on failure and tb->insns is unchanged.
 * flags:
 * JIT_TB_NOCHAIN (cpu->jit_nochain): every exit that is not a direct one
 * into the page leaves to the run loop instead of calling the jump cache
 * probe.
 * JIT_TB_PMU: the block counts itself for the PMU whenever it is entered
 * while sys.pmu.counting is set. Without it the block never counts: the
 * caller must drop such blocks before counting starts (tb_cache_pmu_on).
 */
#define JIT_TB_NOCHAIN	(1u << 0)
#define JIT_TB_PMU	(1u << 1)

int jit_translate(struct jit *j, struct tb *tb, unsigned int flags);

/*
 * -perfmap: after each block, append "START SIZE guest-VA" (hex) to fd,
 * the perf map file format (Linux tools/perf/Documentation/jit-interface.txt),
 * so samples in the code buffer can be named by the guest address of
 * their block. fd -1: none. Lines are single O_APPEND writes, so every
 * vCPU may share one file.
 */
void jit_set_perfmap(struct jit *j, int fd);

/* Forget all code: only once no block of this vCPU refers to it. */
void jit_reset(struct jit *j);

/* Run host code from body (a tb->host) until a block leaves. */
int jit_enter(struct cpu_state *cpu, const void *body);

/*
 * Retarget the direct exit whose jump is at jmp (a tb->jit_jmp[i]) to
 * the block whose code starts at body. The caller decided it is sound
 * (tb_jit_link).
 */
void jit_link(struct jit *j, uint8_t *jmp, const void *body);

#endif
