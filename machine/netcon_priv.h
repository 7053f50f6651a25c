/* SPDX-License-Identifier: GPL-2.0 */
/* State shared by machine/vm_netcon.c, vm_net.c and vm_console.c. */
#ifndef MACHINE_NETCON_PRIV_H
#define MACHINE_NETCON_PRIV_H

#include "board.h"
#include "console.h"
#include "net.h"
#include "netcon.h"
#include "virtio.h"
#include "vm.h"

struct vm_netcon {
	struct net_backend *nb[VIRT_MMIO_SLOTS];
	struct virtio_net *nic[VIRT_MMIO_SLOTS];
	unsigned int nnic;
	struct virtio_console *con[VIRT_MMIO_SLOTS];
	struct chardev *chr[VIRT_MMIO_SLOTS];	/* con[i]'s, may be NULL */
	char chr_id[VIRT_MMIO_SLOTS][CHARDEV_ID_MAX];
	unsigned int ncon;
};

/* The highest free virtio-mmio slot, with the host side a device needs. */
int netcon_slot(struct vm *vm, struct virtio_host *host, unsigned int *slot,
		struct av_err *err);
/* Map vdev's transport at slot. */
int netcon_plug(struct vm *vm, unsigned int slot, struct virtio_dev *vdev,
		struct av_err *err);
/* The driver name of a -device string ("virtio-net-device,..."). */
void netcon_driver(const char *spec, char *out, size_t size);

int vm_net_create(struct vm *vm, struct vm_netcon *nc, struct av_err *err);
int vm_console_create(struct vm *vm, struct vm_netcon *nc, struct av_err *err);

#endif
