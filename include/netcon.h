/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The -device drivers of the network card and the virtio console
 * (virtio-net-device, virtio-serial-device, virtconsole): the CLI checks
 * their strings at parse time; machine/vm_net.c and vm_console.c build
 * them in virtio-mmio slots (machine/vm_virtio.c's model table).
 */
#ifndef ARMVISOR_NETCON_H
#define ARMVISOR_NETCON_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* The driver name of a -device string ("virtio-net-device,..."). */
void netcon_driver(const char *spec, char *out, size_t size);
/* A -device string whose driver is one of ours. */
bool netcon_device_is_ours(const char *spec);
/* Check one of our -device strings whole. */
int netcon_device_check(const char *spec, struct av_err *err);

#endif
