// SPDX-License-Identifier: GPL-2.0
/*
 * The KVM accelerator of a build for another architecture than aarch64
 * (the Makefile picks this file instead of the /dev/kvm code): KVM cannot
 * run, and available() says why; accel_select() never hands this table
 * out, and a vm_create that is called anyway fails with the same reason.
 */
#include <errno.h>

#include "accel.h"
#include "kvm_int.h"

bool kvm_dev_check(struct av_err *why)
{
	av_errf(why, ENODEV,
		"this armvisor was built for another architecture than the host's; KVM needs an arm64 build (make aarch64-static): use -accel tcg");
	return false;
}

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
