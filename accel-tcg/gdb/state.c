// SPDX-License-Identifier: GPL-2.0
/*
 * accel-tcg guest debugging: what gdb reads and changes while the vCPUs
 * are parked (gdb/gdb.c): registers, guest virtual memory through a vCPU's
 * own stage 1 tables, breakpoints and write watchpoints.
 */
#include <errno.h>
#include <string.h>

#include "addrset.h"
#include "gdb.h"
#include "mem/mem.h"
#include "tcg.h"
#include "engine/engine.h"

static struct cpu_state *debug_cpu(struct vm *vm, unsigned int idx)
{
	return tcg_vm_cpu(vm->accel_state, idx);
}

int tcg_gdb_get_regs(struct vm *vm, unsigned int idx, struct accel_debug_regs *r)
{
	struct cpu_state *cpu = debug_cpu(vm, idx);
	unsigned int i;

	if (!cpu)
		return -ENOENT;
	memset(r, 0, sizeof(*r));
	memcpy(r->x, cpu->r, sizeof(r->x));
	r->sp = cpu->r[REG_SP];
	r->pc = cpu->pc;
	/* gdb's cpsr is PSTATE in SPSR layout, which cpu->pstate already uses. */
	r->cpsr = (cpu->nzcv & PSTATE_NZCV) | (cpu->pstate & ~PSTATE_NZCV);
	for (i = 0; i < 32; i++)
		memcpy(r->v[i], cpu->v[i].b, 16);
	r->fpsr = cpu->fpsr;
	r->fpcr = cpu->fpcr;
	return 0;
}

/*
 * gdb may change NZCV and DAIF; the EL and SPSel bits stay (an EL the CPU
 * does not have would be an illegal state, ARM ARM D1.4.4).
 */
int tcg_gdb_set_regs(struct vm *vm, unsigned int idx,
		       const struct accel_debug_regs *r)
{
	struct cpu_state *cpu = debug_cpu(vm, idx);
	unsigned int i;

	if (!cpu)
		return -ENOENT;
	memcpy(cpu->r, r->x, sizeof(r->x));
	cpu->r[REG_SP] = r->sp;
	cpu->pc = r->pc;
	cpu->nzcv = r->cpsr & PSTATE_NZCV;
	cpu_set_pstate(cpu, (cpu->pstate & ~PSTATE_DAIF) | (r->cpsr & PSTATE_DAIF));
	for (i = 0; i < 32; i++)
		memcpy(cpu->v[i].b, r->v[i], 16);
	cpu->fpsr = r->fpsr;
	cpu->fpcr = r->fpcr;
	return 0;
}

int tcg_gdb_read_mem(struct vm *vm, unsigned int idx, uint64_t va, void *buf,
		       size_t len)
{
	struct cpu_state *cpu = debug_cpu(vm, idx);

	return cpu ? mem_va_read(cpu, va, buf, len) : -ENOENT;
}

int tcg_gdb_write_mem(struct vm *vm, unsigned int idx, uint64_t va,
			const void *buf, size_t len)
{
	struct cpu_state *cpu = debug_cpu(vm, idx);
	int ret;

	if (!cpu)
		return -ENOENT;
	/*
	 * gdb may write while the VM is stopped to make the kernel's pages
	 * private (machine/ram_map.c): not into pages being copied.
	 */
	pthread_mutex_lock(&vm->ram.remap_lock);
	ret = mem_va_write(cpu, va, buf, len);
	pthread_mutex_unlock(&vm->ram.remap_lock);
	return ret;
}

static int debug_bp_set(struct tcg_gdb *d, uint64_t addr, bool insert)
{
	return addrset_update(d->bp, &d->nbp, TCG_DEBUG_MAX_BP, addr, insert);
}

/*
 * Watchpoints of any type: while one exists every data access goes
 * through MEM's slow path, which reports here; gdb hears of a hit once
 * the instruction is done (gdb/gdb.c).
 */
static int debug_wp_set(struct tcg_vm *tvm, int type, uint64_t addr, uint64_t len,
			bool insert)
{
	struct tcg_gdb *d = tvm->gdb;
	unsigned int i, n = atomic_load(&d->nwp);

	for (i = 0; i < n; i++)
		if (d->wp[i].addr == addr && d->wp[i].len == len && d->wp[i].type == type)
			break;
	if (!insert) {
		if (i == n)
			return -ENOENT;
		d->wp[i] = d->wp[n - 1];
		atomic_store(&d->nwp, n - 1);
		return 0;
	}
	if (len == 0 || addr + len - 1 < addr)
		return -EINVAL;
	if (i < n)
		return 0;
	if (n == TCG_DEBUG_MAX_WP)
		return -ENOSPC;
	d->wp[n] = (struct tcg_watch){ .addr = addr, .len = len, .type = type };
	atomic_store(&d->nwp, n + 1);
	/* Entries filled before had fast permissions: drop them (all parked). */
	for (i = 0; i < tvm->ncpus; i++)
		if (tcg_vm_cpu(tvm, i))
			tlb_flush_all(tcg_vm_cpu(tvm, i));
	return 0;
}

int tcg_gdb_set_break(struct vm *vm, int type, uint64_t addr, uint64_t len,
			bool insert)
{
	struct tcg_vm *tvm = vm->accel_state;
	struct tcg_gdb *d = tvm ? tvm->gdb : NULL;

	if (!d)
		return -EINVAL;
	switch (type) {
	case ACCEL_BP_SW:
	case ACCEL_BP_HW:
		/* Both are checked before fetch: guest memory is never patched. */
		return debug_bp_set(d, addr, insert);
	case ACCEL_WP_WRITE:
	case ACCEL_WP_READ:
	case ACCEL_WP_ACCESS:
		return debug_wp_set(tvm, type, addr, len, insert);
	default:
		return -ENOTSUP;
	}
}

void tcg_gdb_clear_breaks(struct vm *vm)
{
	struct tcg_vm *tvm = vm->accel_state;

	if (tvm && tvm->gdb) {
		tvm->gdb->nbp = 0;
		atomic_store(&tvm->gdb->nwp, 0);
	}
}

bool tcg_gdb_bp_hit(const struct tcg_gdb *d, uint64_t pc)
{
	unsigned int i;

	for (i = 0; i < d->nbp; i++)
		if (d->bp[i] == pc)
			return true;
	return false;
}

static bool wp_matches(const struct tcg_watch *w, uint64_t va, unsigned int len,
		       bool write)
{
	if (w->type == ACCEL_WP_WRITE && !write)
		return false;
	if (w->type == ACCEL_WP_READ && write)
		return false;
	return va <= w->addr + (w->len - 1) && w->addr <= va + (len - 1);
}

void tcg_gdb_watch_access(struct cpu_state *cpu, uint64_t va, unsigned int len,
			    bool write)
{
	struct tcg_gdb *d = cpu->tvm->gdb;
	unsigned int i, n = atomic_load(&d->nwp);
	struct tcg_watch_hit *h = &d->hits[cpu->index];

	if (h->hit || !len)
		return;		/* the first hit of the insn is the one reported */
	for (i = 0; i < n; i++) {
		if (wp_matches(&d->wp[i], va, len, write)) {
			*h = (struct tcg_watch_hit){ .hit = true, .type = d->wp[i].type,
						     .addr = d->wp[i].addr };
			return;
		}
	}
}
