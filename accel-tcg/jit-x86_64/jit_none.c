// SPDX-License-Identifier: GPL-2.0
/*
 * Hosts without the x86-64 tier (the Makefile builds this file instead of
 * jit.c, translate.c and inline_*.c there): every block runs on the
 * portable tier.
 */
#include <errno.h>
#include <stdlib.h>

#include "jit.h"

bool jit_supported(void)
{
	return false;
}

int jit_create(struct jit **out, size_t size, struct av_err *err)
{
	(void)size;
	*out = NULL;
	return av_errf(err, ENOTSUP, "the code-emitting tier needs an x86-64 host");
}

void jit_destroy(struct jit *j)
{
	(void)j;
}

int jit_translate(struct jit *j, struct tb *tb, unsigned int flags)
{
	(void)j;
	(void)tb;
	(void)flags;
	return -E2BIG;
}

void jit_reset(struct jit *j)
{
	(void)j;
}

void jit_set_perfmap(struct jit *j, int fd)
{
	(void)j;
	(void)fd;
}

/* No block has host code here (jit_translate never succeeds). */
int jit_enter(struct cpu_state *cpu, const void *body)
{
	(void)cpu;
	(void)body;
	abort();
}

void jit_link(struct jit *j, uint8_t *jmp, const void *body)
{
	(void)j;
	(void)jmp;
	(void)body;
}
