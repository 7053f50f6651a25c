// SPDX-License-Identifier: GPL-2.0
/*
 * Choosing the accelerator: the one asked for if it can run here, or for
 * "auto" KVM when it works and TCG otherwise (as qemu-system-aarch64
 * -accel kvm:tcg).
 */
#include <errno.h>

#include "accel.h"
#include "config.h"

int accel_select(int kind, const struct accel_ops **out, struct av_err *err)
{
	struct av_err why = { 0 };

	switch (kind) {
	case ACCEL_KVM:
		if (!accel_kvm_ops.available(&why))
			return av_errf(err, ENODEV, "%s", why.msg);
		*out = &accel_kvm_ops;
		return 0;
	case ACCEL_TCG:
		if (!accel_tcg_ops.available(&why))
			return av_errf(err, ENODEV, "%s", why.msg);
		*out = &accel_tcg_ops;
		return 0;
	case ACCEL_AUTO:
		if (accel_kvm_ops.available(NULL)) {
			*out = &accel_kvm_ops;
			return 0;
		}
		*out = &accel_tcg_ops;
		return 0;
	default:
		return av_errf(err, EINVAL, "unknown accelerator %d", kind);
	}
}
