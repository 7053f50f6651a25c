// SPDX-License-Identifier: GPL-2.0
/*
 * accel_ops.snap_save / snap_load for TCG (include/accel.h): every vCPU
 * (sys/cpu_snap.c), the GIC (gic/gic_snap.c) and the system counter,
 * with every vCPU out of guest code. A load checks the CPU model first
 * (snap_id_check), then drops translated code and TLBs: RAM changed
 * under them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mem/mem.h"
#include "sys/sys.h"
#include "gic/gic.h"
#include "tcg.h"
#include "engine/engine.h"
#include "snapshot.h"

int tcg_snap_save(struct vm *vm, struct snap_machine *m, struct av_err *err)
{
	struct tcg_vm *tvm = vm->accel_state;
	int ret;

	if (m->ncpus != tvm->ncpus)
		return av_errf(err, EINVAL, "snapshot: %u vCPUs asked, %u here",
			       m->ncpus, tvm->ncpus);
	snprintf(m->accel, sizeof(m->accel), "tcg");
	for (unsigned int i = 0; i < tvm->ncpus; i++) {
		ret = tcg_cpu_snap_save(tcg_vm_cpu(tvm, i), &m->cpu[i], err);
		if (ret)
			return ret;
	}
	return gic_snap_save(tvm->gic, &m->gic, err);
}

/* Every vCPU must be this CPU model, with no feature the guest did not see. */
static int check_model(struct tcg_vm *tvm, const struct snap_machine *m,
		       struct av_err *err)
{
	struct snap_id_regs have;
	int ret;

	for (unsigned int i = 0; i < tvm->ncpus; i++) {
		tcg_cpu_snap_ids(tcg_vm_cpu(tvm, i), &have);
		ret = snap_id_check(&m->cpu[i].id, &have, err);
		if (ret)
			return av_err_prefix(err, "vCPU %u: ", i);
	}
	return 0;
}

int tcg_snap_load(struct vm *vm, const struct snap_machine *m, struct av_err *err)
{
	struct tcg_vm *tvm = vm->accel_state;
	uint64_t count = 0;
	int ret;

	if (m->ncpus != tvm->ncpus)
		return av_errf(err, EINVAL, "the snapshot has %u vCPUs, this machine %u",
			       m->ncpus, tvm->ncpus);
	ret = check_model(tvm, m, err);
	if (ret)
		return ret;
	ret = gic_snap_load(tvm->gic, &m->gic, err);
	for (unsigned int i = 0; !ret && i < tvm->ncpus; i++) {
		struct cpu_state *cpu = tcg_vm_cpu(tvm, i);

		ret = tcg_cpu_snap_load(cpu, &m->cpu[i], err);
		if (ret)
			break;
		mmu_asid_sync(cpu);
		tlb_flush_all(cpu);
		tb_cache_drop_all(cpu);
		/* The latest count any vCPU saw: the clock never runs backwards. */
		if (m->cpu[i].timer.cntvct > count)
			count = m->cpu[i].timer.cntvct;
	}
	if (ret)
		return ret;
	tb_flush_all(tvm);
	vtimer_snap_set_count(tvm, count);
	return 0;
}
