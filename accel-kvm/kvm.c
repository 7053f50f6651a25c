// SPDX-License-Identifier: GPL-2.0
/*
 * accel-kvm: arm64 KVM. This file holds what every host needs: the
 * availability check with a sentence a user can act on. The VM and vCPU
 * code lives beside it; the Makefile builds it for aarch64 targets only
 * (elsewhere kvm_none.c).
 */
#include <errno.h>
#include <string.h>
#include <sys/utsname.h>

#include "accel.h"
#include "kvm_int.h"

bool kvm_host_check(struct av_err *why)
{
	struct utsname u;

	if (uname(&u) == 0 && strcmp(u.machine, "aarch64") != 0) {
		av_errf(why, ENODEV,
			"KVM needs an arm64 host with /dev/kvm; this host is %s: use -accel tcg",
			u.machine);
		return false;
	}
	return kvm_dev_check(why);
}
