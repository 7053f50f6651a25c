// SPDX-License-Identifier: GPL-2.0
/*
 * The physical-page code bitmap and cross-vCPU block invalidation.
 *
 * One byte per page of RAM says whether some vCPU translated code from
 * it. A store into such a page (MEM's mem_write) calls
 * tb_invalidate_phys_page: the byte is cleared and every vCPU gets the
 * page queued; each drops its blocks of the page at its next block
 * boundary, before it looks up another block (exec.c). A translator
 * marks the page before it reads the code, so a store racing with a
 * translation either sees the mark or is seen by the translator.
 */
#include <errno.h>
#include <stdlib.h>

#include "tcg.h"
#include "engine.h"

int tcg_code_map_init(struct tcg_vm *tvm, uint64_t base, uint64_t size,
		      struct av_err *err)
{
	uint64_t n = (size + TB_PAGE_SIZE - 1) >> TB_PAGE_SHIFT;

	tvm->code_pages = calloc(n ? n : 1, sizeof(*tvm->code_pages));
	if (!tvm->code_pages)
		return av_errf(err, ENOMEM, "out of memory for the code page map (%llu pages)",
			       (unsigned long long)n);
	tvm->code_base = base;
	tvm->code_npages = n;
	return 0;
}

void tcg_code_map_free(struct tcg_vm *tvm)
{
	free((void *)tvm->code_pages);
	tvm->code_pages = NULL;
	tvm->code_npages = 0;
}

/* Index of pa's page in the map, or -1 outside RAM. */
static inline int64_t code_index(const struct tcg_vm *tvm, uint64_t pa)
{
	uint64_t i = (pa - tvm->code_base) >> TB_PAGE_SHIFT;

	if (pa < tvm->code_base || i >= tvm->code_npages)
		return -1;
	return (int64_t)i;
}

void tb_mark_code_page(struct tcg_vm *tvm, uint64_t pa)
{
	int64_t i = code_index(tvm, pa);

	if (i >= 0 && !atomic_load_explicit(&tvm->code_pages[i], memory_order_relaxed))
		atomic_store(&tvm->code_pages[i], 1);
}

/* Queue page on one vCPU; a full queue turns into "drop everything". */
static void vcpu_queue_page(struct tcg_vcpu *v, uint64_t page)
{
	pthread_mutex_lock(&v->lock);
	if (v->ninval < TB_INVAL_QUEUE)
		v->inval_pages[v->ninval++] = page;
	else
		v->inval_all = true;
	pthread_mutex_unlock(&v->lock);
	atomic_fetch_or(&v->cpu.exit_request, EXIT_REQ_TB);
}

void tb_invalidate_phys_page(struct tcg_vm *tvm, uint64_t pa)
{
	int64_t i = code_index(tvm, pa);
	unsigned int c;

	if (i < 0 || !atomic_exchange(&tvm->code_pages[i], 0))
		return;
	for (c = 0; c < tvm->ncpus; c++)
		if (tvm->vcpus[c])
			vcpu_queue_page(tvm->vcpus[c], pa >> TB_PAGE_SHIFT);
}

void tb_request_drop_all(struct cpu_state *cpu)
{
	struct tcg_vcpu *v = tcg_vcpu_of(cpu);

	pthread_mutex_lock(&v->lock);
	v->inval_all = true;
	pthread_mutex_unlock(&v->lock);
	atomic_fetch_or(&cpu->exit_request, EXIT_REQ_TB);
}

void tb_flush_all(struct tcg_vm *tvm)
{
	unsigned int c;

	for (c = 0; c < tvm->ncpus; c++)
		if (tvm->vcpus[c])
			tb_request_drop_all(&tvm->vcpus[c]->cpu);
}

void tb_process_invalidations(struct cpu_state *cpu)
{
	struct tcg_vcpu *v = tcg_vcpu_of(cpu);
	uint64_t pages[TB_INVAL_QUEUE];
	unsigned int i, n;
	bool all;

	/* Clear first: a request queued after this point sets it again. */
	atomic_fetch_and(&cpu->exit_request, ~EXIT_REQ_TB);
	pthread_mutex_lock(&v->lock);
	n = v->ninval;
	for (i = 0; i < n; i++)
		pages[i] = v->inval_pages[i];
	all = v->inval_all;
	v->ninval = 0;
	v->inval_all = false;
	pthread_mutex_unlock(&v->lock);

	if (all) {
		tb_cache_drop_all(cpu);
		return;
	}
	for (i = 0; i < n; i++)
		tb_cache_drop_page(cpu, pages[i]);
}
