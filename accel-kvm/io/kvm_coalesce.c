// SPDX-License-Identifier: GPL-2.0
/*
 * Coalesced MMIO (Documentation/virt/kvm/api.rst, "KVM_REGISTER_COALESCED_MMIO"):
 * guest writes into a registered zone do not leave the guest; KVM appends
 * them (address, length, data) to a ring in a page shared with us, at
 * KVM_CAP_COALESCED_MMIO's page offset of every vCPU's mmap, and the
 * guest goes on. We hand them to the MMIO bus, oldest first, whenever a
 * vCPU comes back from KVM_RUN (before its own exit is handled, so an
 * access that exits sees every write made before it) and when the main
 * loop asks (accel_ops.mmio_coalesce_flush). Reads in a zone still exit.
 * A full ring makes KVM exit for the write instead, which the drain at
 * that exit puts after the queued ones.
 *
 * Used for the PL011's data register while a write to it cannot raise
 * an interrupt (docs/console.md): each character then costs one exit
 * (Linux's FR poll) instead of two.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "kvm_int.h"
#include "log.h"
#include "vm.h"

/*
 * The ring lives in vCPU 0's mapping (every vCPU maps the same page).
 * Without KVM_CAP_COALESCED_MMIO, or a mapping too small to hold it,
 * there is no ring and zones are refused.
 */
int kvm_coalesce_init(struct kvm_state *ks, struct av_err *err)
{
	struct kvm_coalesce *c = &ks->coalesce;
	long page = sysconf(_SC_PAGESIZE);
	int off = ioctl(ks->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_COALESCED_MMIO);
	int ret;

	if (off <= 0 || page <= 0 || !ks->vcpus[0].run ||
	    (long)ks->run_size < (off + 1) * page)
		return 0;
	ret = pthread_mutex_init(&c->lock, NULL);
	if (ret)
		return av_errf_errno(err, ret, "kvm: cannot create the coalesced MMIO lock");
	c->ring = (struct kvm_coalesced_mmio_ring *)((char *)ks->vcpus[0].run +
						     (long)off * page);
	/* KVM_COALESCED_MMIO_MAX, with the kernel's page size (ours). */
	c->max = (uint32_t)(((size_t)page - sizeof(*c->ring)) /
			    sizeof(struct kvm_coalesced_mmio));
	return 0;
}

void kvm_coalesce_destroy(struct kvm_state *ks)
{
	if (ks->coalesce.ring)
		pthread_mutex_destroy(&ks->coalesce.lock);
	ks->coalesce.ring = NULL;
}

int kvm_mmio_coalesce(struct vm *vm, uint64_t addr, uint64_t size, bool on)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_coalesced_mmio_zone zone = { .addr = addr, .size = (uint32_t)size };

	if (!ks || !ks->coalesce.ring)
		return -ENOTSUP;
	if (ioctl(ks->vm_fd, on ? KVM_REGISTER_COALESCED_MMIO :
				  KVM_UNREGISTER_COALESCED_MMIO, &zone) < 0) {
		if (log_enabled(LOG_KVM))
			log_printf(LOG_KVM, "kvm: coalesced MMIO at 0x%llx %s: %s\n",
				   (unsigned long long)addr, on ? "on" : "off",
				   strerror(errno));
		return -errno;
	}
	if (on)
		ks->coalesce.zones_on++;
	return 0;
}

/* One queued write to the bus; what the kernel wrote is checked all the same. */
static void kvm_coalesce_deliver(struct vm *vm, const struct kvm_coalesced_mmio *e)
{
	uint64_t val = 0;
	uint32_t len = e->len;

	if (len == 0 || len > sizeof(val) || len > sizeof(e->data))
		return;
	memcpy(&val, e->data, len);
	mmio_bus_write(&vm->bus, e->phys_addr, len, val);
}

void kvm_coalesce_drain(struct vm *vm)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_coalesce *c = ks ? &ks->coalesce : NULL;
	struct kvm_coalesced_mmio_ring *ring = c ? c->ring : NULL;
	uint32_t first, last;

	/* The common case, every exit: nothing queued, no lock. */
	if (!ring || __atomic_load_n(&ring->last, __ATOMIC_ACQUIRE) ==
		     __atomic_load_n(&ring->first, __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&c->lock);
	first = ring->first;
	/* last is published after the entry it covers (kernel's smp_wmb). */
	last = __atomic_load_n(&ring->last, __ATOMIC_ACQUIRE);
	while (first != last && first < c->max && last < c->max) {
		kvm_coalesce_deliver(vm, &ring->coalesced_mmio[first]);
		first = (first + 1) % c->max;
		/* The slot is free again once first moves past it. */
		__atomic_store_n(&ring->first, first, __ATOMIC_RELEASE);
		c->delivered++;
		last = __atomic_load_n(&ring->last, __ATOMIC_ACQUIRE);
	}
	pthread_mutex_unlock(&c->lock);
}

void kvm_coalesce_log_counts(const struct kvm_state *ks)
{
	if (!ks->coalesce.ring)
		return;
	log_printf(LOG_KVM, "kvm: coalesced MMIO: %u zones registered, %llu writes without an exit\n",
		   ks->coalesce.zones_on, (unsigned long long)ks->coalesce.delivered);
}
