/* SPDX-License-Identifier: GPL-2.0 */
/* accel-kvm internals. */
#ifndef ACCEL_KVM_INT_H
#define ACCEL_KVM_INT_H

#include <stdbool.h>

#include "err.h"

/* Can KVM run here? If not, why names what the user can do. */
bool kvm_host_check(struct av_err *why);

#endif
