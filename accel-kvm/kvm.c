// SPDX-License-Identifier: GPL-2.0
/*
 * accel-kvm: arm64 KVM. This file holds what every host needs: the
 * availability check with a sentence a user can act on. The VM and vCPU
 * code lives beside it and is only built for aarch64 hosts.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

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
#ifndef __aarch64__
	av_errf(why, ENODEV,
		"this armvisor was built for another architecture than the host's; KVM needs an arm64 build (make aarch64-static): use -accel tcg");
	return false;
#else
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			av_errf(why, ENODEV,
				"/dev/kvm does not exist: load the kvm module, or run on a host with virtualization enabled; or use -accel tcg");
		else if (errno == EACCES || errno == EPERM)
			av_errf(why, EACCES,
				"no permission to open /dev/kvm: add yourself to the kvm group, or use -accel tcg");
		else
			av_errf(why, errno, "cannot open /dev/kvm: %s; use -accel tcg",
				strerror(errno));
		return false;
	}
	close(fd);
	return true;
#endif
}
