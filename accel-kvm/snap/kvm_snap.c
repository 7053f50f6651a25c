// SPDX-License-Identifier: GPL-2.0
/*
 * accel_ops.snap_save / snap_load for KVM (include/accel.h): every vCPU
 * (kvm_snap_cpu.c) and the vGIC with its ITS (kvm_snap_gic.c). The caller
 * holds the vCPUs out of KVM_RUN (parked by the monitor's stop, or not
 * started) and, for a load, has put guest RAM back already: the vITS and
 * the LPI pending state are read from it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kvm_int.h"
#include "kvm_snap.h"
#include "snapshot.h"
#include "vm.h"

/* MPIDR_EL1's Aff3 (39:32) and Aff2..Aff0 (23:0), ARM ARM D13.2.86. */
#define KVM_SNAP_MPIDR_AFF	0xff00ffffffull

int kvm_snap_save(struct vm *vm, struct snap_machine *m, struct av_err *err)
{
	int ret = 0;

	if (m->ncpus != vm->ncpus)
		return av_errf(err, EINVAL, "snapshot: %u vCPUs to save, the machine has %u",
			       m->ncpus, vm->ncpus);
	for (unsigned int i = 0; !ret && i < vm->ncpus; i++)
		ret = kvm_snap_cpu_save(vm, i, &m->cpu[i], err);
	if (!ret)
		ret = kvm_snap_gic_save(vm, &m->gic, err);
	snprintf(m->accel, sizeof(m->accel), "kvm");
	return ret;
}

/* Before anything changes: the topology, and a CPU model KVM can show. */
static int kvm_snap_check(struct vm *vm, const struct snap_machine *m, struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;

	if (m->ncpus != vm->ncpus)
		return av_errf(err, EINVAL, "the snapshot has %u vCPUs, this machine %u (-smp)",
			       m->ncpus, vm->ncpus);
	for (unsigned int i = 0; i < vm->ncpus; i++) {
		/* The affinity fields name the CPU; vm->mpidr holds just those. */
		if ((m->cpu[i].mpidr & KVM_SNAP_MPIDR_AFF) != vm->mpidr[i])
			return av_errf(err, EINVAL,
				       "vCPU %u: the snapshot's MPIDR_EL1 is %#llx, this host's KVM gives %#llx",
				       i, (unsigned long long)m->cpu[i].mpidr,
				       (unsigned long long)vm->mpidr[i]);
		int ret = snap_cntfrq_check(&m->cpu[i], i, kvm_snap_cntfrq(), err);

		if (ret)
			return ret;
		ret = kvm_snap_id_load(ks, &ks->vcpus[i], &m->cpu[i].id, err);

		if (ret) {
			av_err_prefix(err, "this host's KVM cannot present the CPU of the snapshot (taken under %.8s)",
				      m->accel[0] ? m->accel : "another accelerator");
			return ret;
		}
	}
	return 0;
}

int kvm_snap_load(struct vm *vm, const struct snap_machine *m, struct av_err *err)
{
	int ret = kvm_snap_check(vm, m, err);

	for (unsigned int i = 0; !ret && i < vm->ncpus; i++)
		ret = kvm_snap_cpu_load(vm, i, &m->cpu[i], err);
	if (!ret)
		ret = kvm_snap_gic_load(vm, &m->gic, err);
	return ret;
}
