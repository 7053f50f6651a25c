/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -device pcie-root-port (devices/pci/pci_root_port.c): a bridge on the
 * root bus with one slot below it, for libvirt-style topologies.
 */
#ifndef ARMVISOR_PCI_ROOT_PORT_H
#define ARMVISOR_PCI_ROOT_PORT_H

#include "pci.h"

struct pci_root_port;

/* slot: the Physical Slot Number (QEMU's slot=), port: the Port Number. */
struct pci_root_port *pci_root_port_create(const char *id, unsigned int slot,
					   unsigned int port, struct av_err *err);
void pci_root_port_destroy(struct pci_root_port *rp);
/* Its function, to add to the host's root bus and to plug devices below. */
struct pci_func *pci_root_port_func(struct pci_root_port *rp);

#endif
