// SPDX-License-Identifier: GPL-2.0
/*
 * What the boot adds to either tree, generated or the user's: /memory,
 * and /chosen's seeds, bootargs and initrd range
 * (Documentation/devicetree/bindings/chosen.txt; hw/arm/boot.c
 * arm_load_dtb() and hw/arm/virt.c create_randomness() in QEMU 7.2).
 */
#include <libfdt.h>

#include "dtb_priv.h"

int dtb_add_memory(void *fdt, int acells, int scells,
		   const struct dtb_params *p)
{
	int node, ret;

	node = dtb_add_unit_node(fdt, 0, "memory", p->ram_base);
	if (node < 0)
		return node;
	ret = fdt_setprop_string(fdt, node, "device_type", "memory");
	if (!ret)
		ret = dtb_set_reg(fdt, node, acells, scells, p->ram_base,
				  p->ram_size);
	return ret;
}

int dtb_chosen_node(void *fdt)
{
	int node = fdt_path_offset(fdt, "/chosen");

	if (node == -FDT_ERR_NOTFOUND)
		node = fdt_add_subnode(fdt, 0, "chosen");
	return node;
}

/*
 * kaslr-seed: 64 bits Linux uses for its KASLR offset, 0 meaning none
 * (arch/arm64/kernel/pi/kaslr_early.c); rng-seed: bytes it credits to
 * its entropy pool at boot (drivers/of/fdt.c early_init_dt_scan_chosen).
 */
int dtb_set_seeds(void *fdt, int chosen, const struct dtb_params *p)
{
	int ret = 0;

	if (p->kaslr_seed)
		ret = fdt_setprop_u64(fdt, chosen, "kaslr-seed", p->kaslr_seed);
	if (!ret && p->rng_seed && p->rng_seed_len)
		ret = fdt_setprop(fdt, chosen, "rng-seed", p->rng_seed,
				  (int)p->rng_seed_len);
	return ret;
}

/* As QEMU: no bootargs for an empty command line, no range for an empty initrd. */
int dtb_set_boot(void *fdt, int chosen, const struct dtb_params *p)
{
	int ret = 0;

	if (p->bootargs && p->bootargs[0])
		ret = fdt_setprop_string(fdt, chosen, "bootargs", p->bootargs);
	if (!ret && p->initrd_end > p->initrd_start) {
		ret = dtb_set_addr(fdt, chosen, "linux,initrd-start",
				   p->initrd_start);
		if (!ret)
			ret = dtb_set_addr(fdt, chosen, "linux,initrd-end",
					   p->initrd_end);
	}
	return ret;
}
