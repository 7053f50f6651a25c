// SPDX-License-Identifier: GPL-2.0
/*
 * The host bridge's MMIO faces: the ECAM region (PCI Express base spec
 * 4.0, 7.2.2: address bits [27:20] bus, [19:15] device, [14:12]
 * function, [11:0] register) and the memory and I/O windows, which the
 * machine registers once each; the BAR an access falls in is looked up
 * at access time, since the guest moves BARs whenever it reprograms them.
 */
#include <errno.h>

#include "pci.h"

#define ECAM_BUS(off)		((unsigned int)((off) >> 20) & 0xff)
#define ECAM_DEVFN(off)		((unsigned int)((off) >> 12) & 0xff)
#define ECAM_REG(off)		((uint32_t)(off) & 0xfff)

/*
 * Linux's pci_generic_config_read() uses 1, 2 and 4 byte accesses; an
 * 8-byte one is taken as two dwords (low first), as a root complex
 * splits it. Misaligned ones are not decoded.
 */
static int pci_ecam_read(void *opaque, uint64_t off, unsigned int size,
			 uint64_t *val)
{
	struct pci_host *host = opaque;

	if (off % size)
		return -EINVAL;
	if (size == 8) {
		uint64_t lo = pci_host_config_read(host, ECAM_BUS(off),
						   ECAM_DEVFN(off), ECAM_REG(off), 4);
		uint64_t hi = pci_host_config_read(host, ECAM_BUS(off),
						   ECAM_DEVFN(off), ECAM_REG(off) + 4, 4);

		*val = lo | hi << 32;
		return 0;
	}
	*val = pci_host_config_read(host, ECAM_BUS(off), ECAM_DEVFN(off),
				    ECAM_REG(off), size);
	return 0;
}

static int pci_ecam_write(void *opaque, uint64_t off, unsigned int size,
			  uint64_t val)
{
	struct pci_host *host = opaque;

	if (off % size)
		return -EINVAL;
	if (size == 8) {
		pci_host_config_write(host, ECAM_BUS(off), ECAM_DEVFN(off),
				      ECAM_REG(off), 4, (uint32_t)val);
		pci_host_config_write(host, ECAM_BUS(off), ECAM_DEVFN(off),
				      ECAM_REG(off) + 4, 4, (uint32_t)(val >> 32));
		return 0;
	}
	pci_host_config_write(host, ECAM_BUS(off), ECAM_DEVFN(off),
			      ECAM_REG(off), size, (uint32_t)val);
	return 0;
}

const struct mmio_ops pci_ecam_ops = {
	.read = pci_ecam_read,
	.write = pci_ecam_write,
};

/* Nothing decodes it: refused, so the bus logs it and a read sees 0 (as QEMU). */
static int pci_window_read(void *opaque, uint64_t off, unsigned int size,
			   uint64_t *val)
{
	const struct pci_window_desc *w = opaque;
	struct pci_bar_hit hit;

	if (!pci_host_find_bar(w->host, w->io, w->pci_base + off, size, &hit) ||
	    !hit.ops->read)
		return -EINVAL;
	return hit.ops->read(hit.opaque, hit.off, size, val);
}

static int pci_window_write(void *opaque, uint64_t off, unsigned int size,
			    uint64_t val)
{
	const struct pci_window_desc *w = opaque;
	struct pci_bar_hit hit;

	if (!pci_host_find_bar(w->host, w->io, w->pci_base + off, size, &hit) ||
	    !hit.ops->write)
		return -EINVAL;
	return hit.ops->write(hit.opaque, hit.off, size, val);
}

const struct mmio_ops pci_window_ops = {
	.read = pci_window_read,
	.write = pci_window_write,
};
