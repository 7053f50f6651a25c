// SPDX-License-Identifier: GPL-2.0
/*
 * The KVM run loop: one thread per vCPU in KVM_RUN; MMIO exits go to the
 * shared MMIO bus, SYSTEM_EVENT ends or resets the VM; device interrupts
 * enter through KVM_IRQ_LINE, or the irqfd of a virtio device
 * (kvm_eventfd.c). A kick is KVM's immediate_exit plus a signal
 * that interrupts KVM_RUN (api.rst "KVM_CAP_IMMEDIATE_EXIT").
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/kvm.h>

#include "debug/kvm_debug.h"
#include "io/kvm_eventfd.h"
#include "kvm_int.h"
#include "log.h"
#include "vm.h"

#define KVM_KICK_SIGNAL SIGUSR1

static void kvm_kick_handler(int sig)
{
	(void)sig;		/* only there to make KVM_RUN return EINTR */
}

int kvm_kick_signal_setup(struct av_err *err)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kvm_kick_handler;	/* no SA_RESTART: KVM_RUN must return */
	sigemptyset(&sa.sa_mask);
	if (sigaction(KVM_KICK_SIGNAL, &sa, NULL) < 0)
		return av_errf_errno(err, errno, "sigaction");
	return 0;
}

static void kvm_handle_mmio(struct vm *vm, struct kvm_run *run)
{
	struct kvm_state *ks = vm->accel_state;
	uint64_t val = 0;
	unsigned int len = run->mmio.len;

	/* -d kvm's counts (what the ioeventfds spared); not paid otherwise. */
	if (ks->efd && log_enabled(LOG_KVM))
		kvm_efd_count_mmio(ks->efd, run->mmio.phys_addr, run->mmio.is_write);
	if (len == 0 || len > sizeof(val))
		return;
	if (run->mmio.is_write) {
		memcpy(&val, run->mmio.data, len);
		mmio_bus_write(&vm->bus, run->mmio.phys_addr, len, val);
	} else {
		mmio_bus_read(&vm->bus, run->mmio.phys_addr, len, &val);
		memcpy(run->mmio.data, &val, len);
	}
}

static int kvm_handle_system_event(struct vm *vm, struct kvm_run *run,
				   struct av_err *err)
{
	switch (run->system_event.type) {
	case KVM_SYSTEM_EVENT_SHUTDOWN:
		vm->exit_code = 0;
		vm_request_stop(vm, VM_SHUTDOWN);
		return 0;
	case KVM_SYSTEM_EVENT_RESET:
		vm_request_stop(vm, VM_RESET);
		return 0;
	default:
		return av_errf(err, EIO, "the guest crashed (KVM system event %u)",
			       run->system_event.type);
	}
}

/*
 * An MMIO access KVM could not decode (kvm_vm.c, kvm_enable_nisv): the
 * guest takes an external data abort at the access, as on hardware
 * without a device there; the VM goes on.
 */
static int kvm_handle_nisv(struct vm *vm, unsigned int idx, struct kvm_run *run,
			   struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_vcpu_events ev;

	if (log_enabled(LOG_GUEST_ERRORS))
		log_printf(LOG_GUEST_ERRORS,
			   "vCPU %u: MMIO access at 0x%llx that KVM cannot decode (ESR ISS 0x%llx): data abort to the guest\n",
			   idx, (unsigned long long)run->arm_nisv.fault_ipa,
			   (unsigned long long)run->arm_nisv.esr_iss);
	memset(&ev, 0, sizeof(ev));
	ev.exception.ext_dabt_pending = 1;
	if (ioctl(ks->vcpus[idx].fd, KVM_SET_VCPU_EVENTS, &ev) < 0)
		return av_errf_errno(err, errno,
				     "vCPU %u: cannot give the guest a data abort for its MMIO access at 0x%llx",
				     idx, (unsigned long long)run->arm_nisv.fault_ipa);
	return 0;
}

static int kvm_handle_exit(struct vm *vm, unsigned int idx, struct kvm_run *run,
			   struct av_err *err)
{
	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		kvm_handle_mmio(vm, run);
		return 0;
	case KVM_EXIT_SYSTEM_EVENT:
		return kvm_handle_system_event(vm, run, err);
	case KVM_EXIT_DEBUG:
		return kvm_debug_exit(vm, idx, run, err);	/* the gdbstub */
	case KVM_EXIT_INTR:
		return 0;
	case KVM_EXIT_ARM_NISV:
		return kvm_handle_nisv(vm, idx, run, err);
	case KVM_EXIT_FAIL_ENTRY:
		return av_errf(err, EIO, "vCPU %u: KVM could not enter the guest (reason 0x%llx)",
			       idx, (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
	case KVM_EXIT_INTERNAL_ERROR:
		return av_errf(err, EIO, "vCPU %u: KVM internal error %u", idx,
			       run->internal.suberror);
	default:
		return av_errf(err, EIO, "vCPU %u: unexpected KVM exit %u", idx,
			       run->exit_reason);
	}
}

int kvm_vcpu_run(struct vm *vm, unsigned int idx, struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_vcpu *v = &ks->vcpus[idx];
	int ret = 0, e;

	v->thread = pthread_self();
	atomic_store(&v->running, true);
	while (!ret && !vm_stop_requested(vm)) {
		/* gdbstub (kvm_debug.c): park while gdb holds the VM, load its settings. */
		if (ks->debug)
			kvm_debug_before_run(vm, idx);
		ret = ioctl(v->fd, KVM_RUN, 0);
		e = errno;
		/* Writes the guest queued come before this exit (kvm_coalesce.c). */
		kvm_coalesce_drain(vm);
		if (ret < 0) {
			if (e == EINTR || e == EAGAIN) {
				ret = 0;
				v->run->immediate_exit = 0;
				continue;
			}
			ret = av_errf_errno(err, e, "KVM_RUN on vCPU %u", idx);
			break;
		}
		ret = kvm_handle_exit(vm, idx, v->run, err);
	}
	atomic_store(&v->running, false);
	return ret;
}

/*
 * An MMIO exit completes only when the vCPU re-enters KVM_RUN: the kernel
 * then writes a load's data to its register and steps the PC past the
 * access (api.rst, "KVM_EXIT_MMIO": userspace must complete it before a
 * migration). With immediate_exit set, KVM_RUN does only that and
 * returns EINTR. immediate_exit stays set: a kick that came meanwhile
 * must not be lost, and the loop clears it at the next EINTR.
 */
void kvm_vcpu_settle(struct kvm_state *ks, unsigned int idx)
{
	struct kvm_vcpu *v = &ks->vcpus[idx];

	if (v->run->exit_reason != KVM_EXIT_MMIO)
		return;
	v->run->immediate_exit = 1;
	if (ioctl(v->fd, KVM_RUN, 0) < 0 && errno != EINTR && log_enabled(LOG_KVM))
		log_printf(LOG_KVM, "kvm: vCPU %u: completing its MMIO exit: %s\n",
			   idx, strerror(errno));
	v->run->exit_reason = KVM_EXIT_INTR;
}

void kvm_vcpu_kick(struct vm *vm, unsigned int idx)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_vcpu *v;

	if (!ks || idx >= ks->nvcpus)
		return;
	v = &ks->vcpus[idx];
	v->run->immediate_exit = 1;
	if (atomic_load(&v->running))
		pthread_kill(v->thread, KVM_KICK_SIGNAL);
}

void kvm_irq_line(struct vm *vm, unsigned int intid, int level)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_irq_level irq = { .level = (uint32_t)!!level };
	struct kvm_irq_fd *fd = ks->efd ? kvm_efd_irq_find(ks->efd, intid) : NULL;
	uint32_t num;

	if (fd) {	/* a virtio line with an irqfd (kvm_eventfd.c) */
		kvm_irq_fd_set(fd, level);
		return;
	}
	if (!kvm_irq_line_encode(intid, 0, &num))
		return;
	irq.irq = num;
	if (ioctl(ks->vm_fd, KVM_IRQ_LINE, &irq) < 0 && log_enabled(LOG_GUEST_ERRORS))
		log_printf(LOG_GUEST_ERRORS, "KVM_IRQ_LINE %u: %s\n", intid, strerror(errno));
}
