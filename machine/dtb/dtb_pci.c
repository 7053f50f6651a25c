// SPDX-License-Identifier: GPL-2.0
/*
 * The PCIe host bridge node, as QEMU 7.2's virt writes it (hw/arm/virt.c
 * create_pcie(), facts only): the generic ECAM binding
 * (Documentation/devicetree/bindings/pci/host-generic-pci.yaml), reg the
 * high ECAM, ranges for the I/O, 32-bit and 64-bit memory windows (PCI
 * bus binding, IEEE 1275 PCI supplement: phys.hi space code 1 I/O, 2
 * 32-bit memory, 3 64-bit memory), and an interrupt-map routing INTA..D
 * of slots 0..3 to the four SPIs with the standard swizzle (PCI-to-PCI
 * bridge spec 9.1: slot s pin p -> line (s + p - 1) % 4), which the mask
 * repeats for every slot.
 */
#include <libfdt.h>

#include "board.h"
#include "dtb_priv.h"

#define PCI_PHYS_IO		0x01000000u
#define PCI_PHYS_MEM32		0x02000000u
#define PCI_PHYS_MEM64		0x03000000u
#define DTB_PCI_MAP_ENTRY	10	/* 3 + 1 child, phandle, 2 + 3 parent cells */

/* dtb_set_cells() for the long ones (ranges: 21 cells, interrupt-map: 160). */
static int dtb_pci_cells(void *fdt, int node, const char *name,
			 uint32_t *cells, int n)
{
	for (int i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(cells[i]);
	return fdt_setprop(fdt, node, name, cells, n * (int)sizeof(cells[0]));
}

static int dtb_pci_range(uint32_t *c, uint32_t space, uint64_t pci,
			 uint64_t cpu, uint64_t size)
{
	c[0] = space;
	c[1] = (uint32_t)(pci >> 32);
	c[2] = (uint32_t)pci;
	c[3] = (uint32_t)(cpu >> 32);
	c[4] = (uint32_t)cpu;
	c[5] = (uint32_t)(size >> 32);
	c[6] = (uint32_t)size;
	return 7;
}

static int dtb_pci_ranges(void *fdt, int node)
{
	const struct board_region *pio = &virt_memmap[VIRT_PCIE_PIO];
	const struct board_region *mmio = &virt_memmap[VIRT_PCIE_MMIO];
	const struct board_region *high = &virt_memmap[VIRT_PCIE_MMIO_HIGH];
	uint32_t c[21];
	int n = 0;

	n += dtb_pci_range(c + n, PCI_PHYS_IO, 0, pio->base, pio->size);
	n += dtb_pci_range(c + n, PCI_PHYS_MEM32, mmio->base, mmio->base,
			   mmio->size);
	n += dtb_pci_range(c + n, PCI_PHYS_MEM64, high->base, high->base,
			   high->size);
	return dtb_pci_cells(fdt, node, "ranges", c, n);
}

static int dtb_pci_irq_map(void *fdt, int node, uint32_t gic)
{
	uint32_t map[VIRT_PCIE_NUM_INTX * VIRT_PCIE_NUM_INTX * DTB_PCI_MAP_ENTRY];
	const uint32_t mask[4] = { 0x3 << 11, 0, 0, 0x7 };
	uint32_t *e = map;
	int ret;

	for (uint32_t slot = 0; slot < VIRT_PCIE_NUM_INTX; slot++)
		for (uint32_t pin = 1; pin <= VIRT_PCIE_NUM_INTX; pin++) {
			const uint32_t entry[DTB_PCI_MAP_ENTRY] = {
				slot << 11, 0, 0, pin, gic, 0, 0, DTB_GIC_IRQ_SPI,
				(uint32_t)virt_memmap[VIRT_PCIE_ECAM].spi +
					(slot + pin - 1) % VIRT_PCIE_NUM_INTX,
				DTB_IRQ_LEVEL_HIGH,
			};

			for (int i = 0; i < DTB_PCI_MAP_ENTRY; i++)
				*e++ = entry[i];
		}
	ret = dtb_pci_cells(fdt, node, "interrupt-map", map, (int)(e - map));
	if (!ret)
		ret = dtb_set_cells(fdt, node, "interrupt-map-mask", mask, 4);
	return ret;
}

/* msi-map (bindings/pci/pci-msi.txt): every requester ID to the same ID. */
static int dtb_pci_msi(void *fdt, int node, const struct dtb_params *p,
		       const struct dtb_phandles *ph)
{
	const uint32_t map[4] = { 0, ph->msi, 0, 0x10000 };

	if (p->msi_controller == DTB_MSI_NONE)
		return 0;
	return dtb_set_cells(fdt, node, "msi-map", map, 4);
}

static int dtb_pci_head(void *fdt, int node)
{
	const struct board_region *ecam = &virt_memmap[VIRT_PCIE_ECAM_HIGH];
	const uint32_t buses[2] = { 0, (uint32_t)(ecam->size >> 20) - 1 };
	int ret;

	ret = fdt_setprop_string(fdt, node, "compatible", "pci-host-ecam-generic");
	if (!ret)
		ret = fdt_setprop_string(fdt, node, "device_type", "pci");
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "#address-cells", 3);
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "#size-cells", 2);
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "linux,pci-domain", 0);
	if (!ret)
		ret = dtb_set_cells(fdt, node, "bus-range", buses, 2);
	if (!ret)
		ret = fdt_setprop_empty(fdt, node, "dma-coherent");
	return ret;
}

/* Properties in QEMU's order, so the blob lists them as QEMU's does. */
int dtb_add_pcie(void *fdt, const struct dtb_params *p,
		 const struct dtb_phandles *ph)
{
	const struct board_region *ecam = &virt_memmap[VIRT_PCIE_ECAM_HIGH];
	int node, ret;

	node = dtb_add_unit_node(fdt, 0, "pcie", virt_memmap[VIRT_PCIE_MMIO].base);
	if (node < 0)
		return node;
	ret = dtb_pci_head(fdt, node);
	if (!ret)
		ret = dtb_pci_msi(fdt, node, p, ph);
	if (!ret)
		ret = dtb_set_reg(fdt, node, 2, 2, ecam->base, ecam->size);
	if (!ret)
		ret = dtb_pci_ranges(fdt, node);
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "#interrupt-cells", 1);
	if (!ret)
		ret = dtb_pci_irq_map(fdt, node, ph->gic);
	return ret;
}
