// SPDX-License-Identifier: GPL-2.0
/*
 * The nodes firmware looks for: the two CFI flash banks
 * (bindings/mtd/mtd-physmap.yaml, "cfi-flash") and QEMU's fw_cfg
 * (bindings/firmware/qemu,fw-cfg-mmio.yaml), with QEMU 7.2 virt's
 * names and properties (hw/arm/virt.c virt_flash_fdt(), create_fw_cfg()).
 * edk2's ArmVirtQemu finds its variable store and fw_cfg through them.
 */
#include <libfdt.h>

#include "board.h"
#include "dtb_priv.h"

int dtb_add_flash(void *fdt)
{
	const struct board_region *r = &virt_memmap[VIRT_FLASH];
	uint64_t bank = VIRT_FLASH_BANK_SIZE;
	uint32_t reg[8] = {
		(uint32_t)(r->base >> 32), (uint32_t)r->base,
		(uint32_t)(bank >> 32), (uint32_t)bank,
		(uint32_t)((r->base + bank) >> 32), (uint32_t)(r->base + bank),
		(uint32_t)(bank >> 32), (uint32_t)bank,
	};
	int node, ret;

	node = dtb_add_unit_node(fdt, 0, "flash", r->base);
	if (node < 0)
		return node;
	ret = fdt_setprop_string(fdt, node, "compatible", "cfi-flash");
	if (!ret)
		ret = dtb_set_cells(fdt, node, "reg", reg, 8);
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "bank-width", 4);
	return ret;
}

int dtb_add_fw_cfg(void *fdt)
{
	const struct board_region *r = &virt_memmap[VIRT_FW_CFG];
	int node, ret;

	node = dtb_add_unit_node(fdt, 0, "fw-cfg", r->base);
	if (node < 0)
		return node;
	ret = fdt_setprop_string(fdt, node, "compatible", "qemu,fw-cfg-mmio");
	if (!ret)
		ret = dtb_set_reg(fdt, node, 2, 2, r->base, r->size);
	if (!ret)
		ret = fdt_setprop(fdt, node, "dma-coherent", NULL, 0);
	return ret;
}
