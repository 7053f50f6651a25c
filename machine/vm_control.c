// SPDX-License-Identifier: GPL-2.0
/*
 * stop and cont for the monitor (QEMU's "stop", "cont", -S): every vCPU
 * parks at an instruction boundary through the accelerator's debug
 * interface (include/accel.h, accel_debug_ops), which has one user at a
 * time. With -gdb, gdb is that user and the monitor leaves stop/cont to
 * it (docs/ARCHITECTURE.md, "The monitor").
 */
#include <errno.h>
#include <stdatomic.h>

#include "vm.h"

/* Nothing to report to: the monitor asks for every stop itself. */
static void vm_control_stopped(void *opaque)
{
	(void)opaque;
}

int vm_control_attach(struct vm *vm, bool start_paused, struct av_err *err)
{
	const struct accel_debug_ops *ops = vm->accel->debug;
	int ret;

	if (!ops)
		return av_errf(err, ENOTSUP,
			       "the %s accelerator cannot stop the guest's CPUs",
			       vm->accel->name);
	ret = ops->attach(vm, start_paused, vm_control_stopped, vm, err);
	if (ret)
		return ret;
	vm->control_attached = true;
	atomic_store(&vm->paused, start_paused);
	return 0;
}

void vm_control_release(struct vm *vm)
{
	if (!vm->control_attached)
		return;
	vm->accel->debug->release(vm);
	vm->control_attached = false;
}

static int vm_control_check(const struct vm *vm, struct av_err *err)
{
	if (!vm->control_attached)
		return av_errf(err, ENOTSUP, vm->cfg->gdb.on ?
			       "gdb controls the CPUs here (-gdb): use its continue and Ctrl-C" :
			       "this machine cannot stop its CPUs");
	return 0;
}

int vm_pause(struct vm *vm, struct av_err *err)
{
	int ret = vm_control_check(vm, err);

	if (ret || atomic_load(&vm->paused))
		return ret;
	vm->accel->debug->stop(vm);
	atomic_store(&vm->paused, true);
	return 0;
}

int vm_resume(struct vm *vm, struct av_err *err)
{
	int ret = vm_control_check(vm, err);

	if (ret || !atomic_load(&vm->paused))
		return ret;
	vm->accel->debug->resume(vm, -1);
	atomic_store(&vm->paused, false);
	vm->migrate.postmigrate = false;
	return 0;
}
