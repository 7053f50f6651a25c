// SPDX-License-Identifier: GPL-2.0
/*
 * One PCI function's configuration space: the type 0 header (PCI Local
 * Bus spec 3.0, 6.1 and 6.2), its write masks, BARs (6.2.5) and the
 * capability list (6.7). What the guest may change is exactly what the
 * write mask allows, so a hostile config write can only set bits that
 * mean something; BAR sizing (write all-ones, read back the size mask,
 * 6.2.5.1) falls out of the masks too.
 */
#include <string.h>

#include "pci.h"

/* Command bits the guest may change (6.2.2); QEMU's pci_init_wmask() too. */
#define PCI_COMMAND_WMASK (PCI_COMMAND_IO | PCI_COMMAND_MEMORY | \
			   PCI_COMMAND_MASTER | PCI_COMMAND_PARITY | \
			   PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE)

/* Capabilities start after the header (6.7: at 40h or above, dword aligned). */
#define PCI_CAP_START		0x40

void pci_func_init(struct pci_func *f, const char *name, uint16_t vendor,
		   uint16_t device, uint16_t class_code, uint8_t revision)
{
	memset(f, 0, sizeof(*f));
	f->name = name;
	pci_set_word(f->config + PCI_VENDOR_ID, vendor);
	pci_set_word(f->config + PCI_DEVICE_ID, device);
	f->config[PCI_REVISION_ID] = revision;
	pci_set_word(f->config + PCI_CLASS_DEVICE, class_code);
	pci_set_word(f->wmask + PCI_COMMAND, PCI_COMMAND_WMASK);
	pci_set_word(f->w1cmask + PCI_STATUS, PCI_STATUS_W1C);
	f->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
	f->wmask[PCI_INTERRUPT_LINE] = 0xff;
	f->next_cap = PCI_CAP_START;
}

void pci_func_set_subsystem(struct pci_func *f, uint16_t vendor, uint16_t id)
{
	pci_set_word(f->config + PCI_SUBSYSTEM_VENDOR_ID, vendor);
	pci_set_word(f->config + PCI_SUBSYSTEM_ID, id);
}

void pci_func_set_pin(struct pci_func *f, unsigned int pin)
{
	f->config[PCI_INTERRUPT_PIN] = pin <= 4 ? (uint8_t)pin : 0;
}

/*
 * The low bits are read-only type bits; the address bits below the size
 * are read-only zero, so writing all-ones reads back the size (6.2.5.1).
 */
void pci_func_set_bar(struct pci_func *f, unsigned int n,
		      const struct pci_bar *bar)
{
	uint8_t *cfg = f->config + PCI_BASE_ADDRESS_0 + 4 * n;
	uint8_t *wm = f->wmask + PCI_BASE_ADDRESS_0 + 4 * n;
	uint64_t mask = ~(bar->size - 1);
	uint32_t type;

	if (n >= PCI_NUM_BARS || !bar->size || (bar->size & (bar->size - 1)) ||
	    (bar->mem64 && n + 1 >= PCI_NUM_BARS))
		return;
	f->bars[n] = *bar;
	if (bar->io) {
		pci_set_long(cfg, PCI_BAR_IO);
		pci_set_long(wm, (uint32_t)mask & ~3u);
		return;
	}
	type = (bar->mem64 ? PCI_BAR_MEM_64 : 0) |
	       (bar->prefetch ? PCI_BAR_PREFETCH : 0);
	pci_set_long(cfg, type);
	pci_set_long(wm, (uint32_t)mask & ~0xfu);
	if (bar->mem64)
		pci_set_long(wm + 4, (uint32_t)(mask >> 32));
}

/* New capabilities go to the head of the list, as QEMU's pci_add_capability. */
uint8_t pci_func_add_cap(struct pci_func *f, uint8_t id, unsigned int len)
{
	unsigned int off = f->next_cap;

	if (len < 2 || off + len > PCI_CONFIG_SIZE)
		return 0;
	f->config[off] = id;
	f->config[off + 1] = f->config[PCI_CAPABILITY_LIST];
	f->config[PCI_CAPABILITY_LIST] = (uint8_t)off;
	f->config[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
	f->next_cap = (off + len + 3) & ~3u;
	return (uint8_t)off;
}
