// SPDX-License-Identifier: GPL-2.0
/*
 * Running the machine: one host thread per vCPU, the main thread in the
 * event loop; a stop request (power off, reset, Ctrl-A x, an error) ends
 * the threads, and a reset boots the guest again unless -no-reboot.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"
#include "timeline.h"
#include "vm.h"

struct vcpu_thread_arg {
	struct vm *vm;
	unsigned int idx;
	const char *mark;		/* the timeline's line when vCPU 0 starts */
};

static void vm_wake(struct vm *vm)
{
	uint64_t one = 1;

	if (write(vm->wake_fd, &one, sizeof(one)) < 0) {
		/* EAGAIN: the counter is already non-zero, the loop will wake. */
	}
}

/*
 * Move from running to why; the first reason wins, but an end (power-off,
 * reset, failure) also replaces VM_FILE_PRIVATE, which is no end: the
 * guest's SYSTEM_OFF must not be lost to a lease break at the same time.
 */
static bool vm_state_claim(struct vm *vm, enum vm_state why)
{
	int expected = VM_RUNNING;

	if (atomic_compare_exchange_strong(&vm->state, &expected, (int)why))
		return true;
	return expected == VM_FILE_PRIVATE && why != VM_FILE_PRIVATE &&
	       atomic_compare_exchange_strong(&vm->state, &expected, (int)why);
}

void vm_request_stop(struct vm *vm, enum vm_state why)
{
	unsigned int i;

	vm_state_claim(vm, why);
	for (i = 0; i < vm->ncpus; i++)
		vm->accel->vcpu_kick(vm, i);
	vm_wake(vm);
}

void vm_fail(struct vm *vm, const struct av_err *why)
{
	if (vm_state_claim(vm, VM_FAILED))
		vm->failure = *why;
	vm_request_stop(vm, VM_FAILED);
}

static void *vcpu_thread(void *opaque)
{
	struct vcpu_thread_arg *arg = opaque;
	struct av_err err = { 0 };

	/* What the monitor's "info cpus" shows, as QEMU's thread_id. */
	atomic_store(&arg->vm->vcpu_tid[arg->idx], (int)gettid());
	if (sandbox_enter(&arg->vm->sandbox, SANDBOX_VCPU))
		return NULL;		/* vm_fail has it */
	if (arg->idx == 0)
		timeline_mark(arg->vm->cfg->timeline, "%s", arg->mark);
	if (arg->vm->accel->vcpu_run(arg->vm, arg->idx, &err))
		vm_fail(arg->vm, &err);
	return NULL;
}

/* Run all vCPUs until a stop request; the main thread serves the loop. */
static int vm_run_once(struct vm *vm, const char *mark, struct av_err *err)
{
	struct vcpu_thread_arg args[VM_MAX_CPUS];
	unsigned int i, started = 0;
	int ret = 0;

	/* The filters are built on a thread (util/sandbox_async.c): its error here. */
	ret = sandbox_wait(&vm->sandbox, err);
	if (ret)
		return ret;
	atomic_store(&vm->state, VM_RUNNING);
	for (i = 0; i < vm->ncpus; i++) {
		args[i] = (struct vcpu_thread_arg){
			.vm = vm, .idx = i, .mark = mark,
		};
		ret = pthread_create(&vm->threads[i], NULL, vcpu_thread, &args[i]);
		if (ret) {
			av_errf_errno(err, ret, "cannot start vCPU thread %u", i);
			vm_request_stop(vm, VM_FAILED);
			ret = -ret;
			break;
		}
		started++;
	}
	/* The guest runs: the mapped kernel's copy is read beside it (vm_ram_file.c). */
	if (!ret)
		vm_ram_file_copy_start(vm);
	/*
	 * The broker creates the files and starts the commands migrate needs
	 * once the main thread is sandboxed (include/broker.h). Spawned here,
	 * while the guest already runs: its exec (the dynamic linking of a
	 * whole armvisor) is no part of the start-up (docs/startup.md).
	 */
	if (!ret && !vm->main_sandboxed && vm->sandbox.on)
		ret = broker_start(&vm->broker, vm->cfg->broker_exe, err);
	/*
	 * Every other thread exists now; vCPU threads made after a reset
	 * keep this filter under their own, so it covers what they need.
	 */
	if (!ret && !vm->main_sandboxed) {
		ret = sandbox_enter(&vm->sandbox, SANDBOX_MAIN);
		if (ret)
			*err = vm->failure;
		vm->main_sandboxed = !ret;
	}
	if (!ret)
		ret = loop_run(vm, err);
	/* The loop ended on its own error: the vCPUs end too (not over a reason). */
	if (!vm_stop_requested(vm))
		vm_request_stop(vm, VM_SHUTDOWN);
	for (i = 0; i < started; i++)
		pthread_join(vm->threads[i], NULL);
	/* The guest's last words before any message of ours. */
	chardev_flush(vm->serial);
	return ret;
}

/* The timeline's line for how a run of the vCPUs ended. */
static const char *vm_end_name(int state)
{
	switch (state) {
	case VM_FAILED:
		return "stopped by an error";
	case VM_RESET:
		return "guest reset";
	default:
		return "power-off";
	}
}

int vm_run(struct vm *vm, struct av_err *err)
{
	const char *mark = "first guest instruction (vCPU 0 enters the guest)";
	int ret;

	for (;;) {
		ret = vm_run_once(vm, mark, err);
		if (ret)
			return ret;
		/* Not an end: the guest goes on with its own copy (vm_ram_file.c). */
		if (atomic_load(&vm->state) == VM_FILE_PRIVATE) {
			ret = vm_ram_file_private(vm, err);
			if (ret)
				return ret;
			mark = "vCPU 0 goes on, the kernel's pages private";
			continue;
		}
		mark = "vCPU 0 enters the guest after the reset";
		timeline_mark(vm->cfg->timeline, "%s",
			      vm_end_name(atomic_load(&vm->state)));
		switch (atomic_load(&vm->state)) {
		case VM_FAILED:
			*err = vm->failure;
			return -(err->code ? err->code : EIO);
		case VM_RESET:
			if (vm->cfg->no_reboot) {
				vm->exit_code = 0;
				return 0;
			}
			/* The reload reads the files into zero pages of our own. */
			ret = guest_ram_file_drop(&vm->ram, err);
			if (!ret)
				ret = vm_load_and_reset(vm, err);
			if (ret)
				return ret;
			continue;
		default:
			return 0;
		}
	}
}
