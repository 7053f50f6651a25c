// SPDX-License-Identifier: GPL-2.0
/*
 * The KVM accelerator's table. On hosts other than aarch64 only
 * available() is meaningful: it says why KVM cannot run here, and
 * accel_select() never hands this table out.
 */
#include <errno.h>

#include "accel.h"
#include "kvm_int.h"

#ifndef __aarch64__
static bool kvm_available(struct av_err *why)
{
	return kvm_host_check(why);
}

static int kvm_unavailable(struct vm *vm, struct av_err *err)
{
	(void)vm;
	kvm_host_check(err);
	return -ENODEV;
}

const struct accel_ops accel_kvm_ops = {
	.name = "kvm",
	.available = kvm_available,
	.vm_create = kvm_unavailable,
};
#endif
