// SPDX-License-Identifier: GPL-2.0
/*
 * A PCI-to-PCI bridge's type 1 header (PCI-to-PCI Bridge Architecture
 * spec 1.2, 3.2): bus numbers, the I/O (16-bit), memory and prefetchable
 * memory (64-bit) windows, secondary status and Bridge Control, and the
 * forwarding rule the host applies to window accesses for the functions
 * below it (3.2.5: a window whose base is above its limit is closed; the
 * bridge forwards nothing while its Command says so).
 */
#include <string.h>

#include "pci.h"

#define PCI_PREF_RANGE_64	0x1
/* Bridge Control bits the guest may set (3.2.5.18), QEMU's wmask. */
#define PCI_BRIDGE_CTL_WMASK	0x007f

void pci_bridge_init(struct pci_func *f, const char *name, uint16_t vendor,
		     uint16_t device)
{
	pci_func_init(f, name, vendor, device, PCI_CLASS_BRIDGE_PCI, 0);
	f->is_bridge = true;
	f->config[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_BRIDGE;
	memset(f->wmask + PCI_PRIMARY_BUS, 0xff, 3);
	f->wmask[PCI_IO_BASE] = 0xf0;
	f->wmask[PCI_IO_LIMIT] = 0xf0;
	pci_set_word(f->w1cmask + PCI_SEC_STATUS, PCI_STATUS_W1C);
	pci_set_word(f->wmask + PCI_MEMORY_BASE, 0xfff0);
	pci_set_word(f->wmask + PCI_MEMORY_LIMIT, 0xfff0);
	pci_set_word(f->wmask + PCI_PREF_MEMORY_BASE, 0xfff0);
	pci_set_word(f->wmask + PCI_PREF_MEMORY_LIMIT, 0xfff0);
	pci_set_long(f->wmask + PCI_PREF_BASE_UPPER32, 0xffffffff);
	pci_set_long(f->wmask + PCI_PREF_LIMIT_UPPER32, 0xffffffff);
	pci_set_word(f->wmask + PCI_BRIDGE_CONTROL, PCI_BRIDGE_CTL_WMASK);
	/* Windows closed (base above limit), as QEMU's bridges come up. */
	f->config[PCI_IO_BASE] = 0xf0;
	pci_set_word(f->config + PCI_MEMORY_BASE, 0xfff0);
	pci_set_word(f->config + PCI_PREF_MEMORY_BASE, 0xfff0 | PCI_PREF_RANGE_64);
	pci_set_word(f->config + PCI_PREF_MEMORY_LIMIT, PCI_PREF_RANGE_64);
	pci_func_set_pin(f, 1);
}

static bool pci_window_has(uint64_t base, uint64_t limit, uint64_t addr,
			   unsigned int size)
{
	return base <= limit && addr >= base && addr <= limit &&
	       size - 1 <= limit - addr;
}

/* With the host lock held: does bridge b pass [addr, addr + size) down? */
bool pci_bridge_forwards(const struct pci_func *b, bool io, bool prefetch,
			 uint64_t addr, unsigned int size)
{
	const uint8_t *c = b->config;
	uint16_t cmd = pci_get_word(c + PCI_COMMAND);
	uint64_t base, limit;

	if (io) {
		base = (uint64_t)(c[PCI_IO_BASE] & 0xf0) << 8;
		limit = (uint64_t)(c[PCI_IO_LIMIT] & 0xf0) << 8 | 0xfff;
		return (cmd & PCI_COMMAND_IO) && pci_window_has(base, limit, addr, size);
	}
	if (!(cmd & PCI_COMMAND_MEMORY))
		return false;
	base = (uint64_t)(pci_get_word(c + PCI_MEMORY_BASE) & 0xfff0) << 16;
	limit = (uint64_t)(pci_get_word(c + PCI_MEMORY_LIMIT) & 0xfff0) << 16 | 0xfffff;
	if (pci_window_has(base, limit, addr, size))
		return true;
	if (!prefetch)
		return false;
	base = (uint64_t)(pci_get_word(c + PCI_PREF_MEMORY_BASE) & 0xfff0) << 16 |
	       (uint64_t)pci_get_long(c + PCI_PREF_BASE_UPPER32) << 32;
	limit = ((uint64_t)(pci_get_word(c + PCI_PREF_MEMORY_LIMIT) & 0xfff0) << 16 |
		 0xfffff) | (uint64_t)pci_get_long(c + PCI_PREF_LIMIT_UPPER32) << 32;
	return pci_window_has(base, limit, addr, size);
}
