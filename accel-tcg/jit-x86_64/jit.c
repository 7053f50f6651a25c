// SPDX-License-Identifier: GPL-2.0
/*
 * The tier's per-vCPU state: a code buffer, and committing one block's
 * host code to it (or saying that it is full).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/disas.h"
#include "engine/engine.h"
#include "log.h"
#include "jit_priv.h"

/* Blocks start on a 16-byte boundary: whole fetch lines for the decoder. */
#define JIT_BLOCK_ALIGN 16

bool jit_supported(void)
{
	return true;
}

/* The shared code at the start of an empty buffer (dispatch.c). */
static int jit_put_shared(struct jit *j)
{
	struct x86_emit e;
	size_t room;
	uint8_t *rw;

	rw = codebuf_reserve(&j->cb, JIT_BLOCK_ALIGN, &room);
	if (!rw)
		return -ENOSPC;
	x86_emit_init(&e, rw, room, codebuf_rx_addr(&j->cb, rw));
	jit_emit_shared(&e, &j->sh);
	if (!x86_emit_ok(&e))
		return -ENOSPC;
	codebuf_commit(&j->cb, rw, x86_emit_len(&e));
	j->shared_len = j->cb.used;
	return 0;
}

/* One perf map line: where the code is, how long, which guest address. */
static void jit_perfmap_note(const struct jit *j, const void *rx, size_t len,
			     const char *what, uint64_t va)
{
	char line[96];
	int n;

	if (j->perfmap_fd < 0)
		return;
	n = snprintf(line, sizeof(line), "%llx %zx %s%llx\n",
		     (unsigned long long)(uintptr_t)rx, len, what,
		     (unsigned long long)va);
	if (n > 0 && write(j->perfmap_fd, line, (size_t)n) < 0)
		return;	/* a profiling aid: a full disk costs no guest */
}

/* The shared stubs, one line each: they follow each other in the buffer. */
void jit_set_perfmap(struct jit *j, int fd)
{
	const struct {
		uintptr_t at;
		const char *name;
	} stub[] = {
		{ j->sh.probe, "armvisor-jit-probe-" },
		{ j->sh.entry_slow, "armvisor-jit-entry-slow-" },
		{ j->sh.unlinked, "armvisor-jit-unlinked-" },
		{ j->sh.code_check, "armvisor-jit-code-check-" },
		{ j->sh.mem_slow, "armvisor-jit-mem-slow-" },
	};
	uintptr_t end = (uintptr_t)j->cb.rx + j->shared_len;

	j->perfmap_fd = fd;
	for (size_t i = 0; j->shared_len && i < sizeof(stub) / sizeof(stub[0]); i++) {
		uintptr_t next = end;

		for (size_t k = 0; k < sizeof(stub) / sizeof(stub[0]); k++)
			if (stub[k].at > stub[i].at && stub[k].at < next)
				next = stub[k].at;
		jit_perfmap_note(j, (const void *)stub[i].at, next - stub[i].at,
				 stub[i].name, 0);
	}
}

int jit_create(struct jit **out, size_t size, struct av_err *err)
{
	struct jit *j = calloc(1, sizeof(*j));
	int ret;

	*out = NULL;
	if (!j)
		return av_errf(err, ENOMEM, "out of memory for the code-emitting tier");
	j->perfmap_fd = -1;
	/* Near our own text, so blocks call the handlers with CALL rel32. */
	ret = codebuf_init(&j->cb, size ? size : CODEBUF_DEFAULT_SIZE,
			   (const void *)(uintptr_t)jit_translate, err);
	if (!ret && jit_put_shared(j)) {
		codebuf_destroy(&j->cb);
		ret = av_errf(err, ENOSPC, "the code buffer is too small for the tier's shared code");
	}
	if (ret) {
		free(j);
		return ret;
	}
	*out = j;
	return 0;
}

void jit_destroy(struct jit *j)
{
	if (!j)
		return;
	codebuf_destroy(&j->cb);
	free(j);
}

void jit_reset(struct jit *j)
{
	codebuf_reset(&j->cb);
	/* It fitted into the same empty buffer before. */
	jit_put_shared(j);
}

static void refs_reset(struct jit_refs *r, unsigned int ninsns)
{
	memset(r->ref, 0, ninsns * sizeof(r->ref[0]));
	r->n = 0;
	r->nwords = 0;
	r->base_site = 0;
}

static void patch64(uint8_t *at, const void *p)
{
	uint64_t v = (uint64_t)(uintptr_t)p;

	memcpy(at, &v, sizeof(v));
}

/*
 * Keep only the insns the code at rw calls handlers with, in an array of
 * their own, and point the code at it (jit_refs). The decoded insns tb
 * pointed at are the caller's.
 */
static int keep_called_insns(const struct jit_refs *r, struct tb *tb, uint8_t *rw)
{
	struct insn *held = NULL;
	unsigned int i;

	if (r->n) {
		held = malloc(r->n * sizeof(*held));
		if (!held)
			return -ENOMEM;
		for (i = 0; i <= tb->nemit; i++)
			if (r->ref[i])
				held[r->ref[i] - 1] = tb->insns[i];
	}
	/* The block's code starts with its exit, so a MOVABS is never at 0. */
	if (r->base_site)
		patch64(rw + r->base_site, held);
	tb->insns = held;
	tb->nheld = (uint16_t)r->n;
	return 0;
}

int jit_translate(struct jit *j, struct tb *tb, unsigned int flags)
{
	bool empty = j->cb.used == j->shared_len;
	struct x86_emit e;
	uintptr_t entry;
	size_t room;
	uint8_t *rw;

	tb->host = NULL;
	tb->jit_jmp[0] = tb->jit_jmp[1] = NULL;
	rw = codebuf_reserve(&j->cb, JIT_BLOCK_ALIGN, &room);
	if (!rw)
		return empty ? -E2BIG : -ENOSPC;
	x86_emit_init(&e, rw, room, codebuf_rx_addr(&j->cb, rw));
	refs_reset(&j->refs, tb->nemit + 1u);
	entry = jit_emit_block(&e, tb, &j->sh, &j->refs, flags);
	if (!x86_emit_ok(&e)) {
		tb->jit_jmp[0] = tb->jit_jmp[1] = NULL;
		if (e.invalid)
			return -E2BIG;
		return empty ? -E2BIG : -ENOSPC;
	}
	if (keep_called_insns(&j->refs, tb, rw)) {
		tb->jit_jmp[0] = tb->jit_jmp[1] = NULL;
		return -ENOMEM;
	}
	codebuf_commit(&j->cb, rw, x86_emit_len(&e));
	tb->host = (const void *)entry;
	jit_perfmap_note(j, (const void *)e.rx_start, x86_emit_len(&e), "guest-", tb->vpc);
	if (log_enabled(LOG_OUT_ASM))
		disas_log_host(tb, rw, x86_emit_len(&e), e.rx_start, j->refs.word,
			       j->refs.nwords);
	return 0;
}
