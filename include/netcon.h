/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine's network cards and virtio consoles: -netdev/-nic/-device
 * virtio-net-device and -chardev/-device virtio-serial-device/virtconsole
 * turned into virtio-mmio devices (machine/vm_netcon.c).
 */
#ifndef ARMVISOR_NETCON_H
#define ARMVISOR_NETCON_H

#include <stdbool.h>

#include "err.h"

struct vm;
struct vm_netcon;

/*
 * Create them all in free virtio-mmio slots (highest first, as QEMU
 * fills its virtio-mmio buses) and start the network back ends.
 */
int vm_netcon_create(struct vm *vm, struct vm_netcon **out,
		     struct av_err *err);
/* Machine reset: as if each driver wrote Status 0. */
void vm_netcon_reset(struct vm_netcon *nc);
/* Stop the back ends' threads, then free the devices (before guest RAM). */
void vm_netcon_destroy(struct vm_netcon *nc);

/* A -device string whose driver is one of ours. */
bool netcon_device_is_ours(const char *spec);
/* Check one of our -device strings (options are checked at parse time). */
int netcon_device_check(const char *spec, struct av_err *err);

#endif
