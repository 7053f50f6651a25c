// SPDX-License-Identifier: GPL-2.0
/*
 * -dtb FILE: the user's tree, fixed up for this machine as QEMU 7.2's
 * hw/arm/boot.c arm_load_dtb() does: RAM, PSCI and /chosen are ours,
 * everything else stays as the user wrote it.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <libfdt.h>

#include "dtb_priv.h"

/*
 * A RAM description: a root child named memory or memory@<unit> (what
 * QEMU removes) or any with device_type "memory" (what Linux reads as
 * RAM, drivers/of/fdt.c early_init_dt_scan_memory).
 */
static int dtb_is_memory_node(const void *fdt, int node)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	const char *type = fdt_getprop(fdt, node, "device_type", NULL);

	if (name && (!strcmp(name, "memory") || !strncmp(name, "memory@", 7)))
		return 1;
	return type && !strcmp(type, "memory");
}

/* Delete them all; offsets move on each deletion, so rescan each time. */
static int dtb_del_memory(void *fdt)
{
	int node, ret;

	for (;;) {
		fdt_for_each_subnode(node, fdt, 0)
			if (dtb_is_memory_node(fdt, node))
				break;
		if (node == -FDT_ERR_NOTFOUND)
			return 0;
		if (node < 0)
			return node;
		ret = fdt_del_node(fdt, node);
		if (ret)
			return ret;
	}
}

static int dtb_write_user(void *fdt, const struct dtb_params *p)
{
	int acells = fdt_address_cells(fdt, 0);
	int scells = fdt_size_cells(fdt, 0);
	int chosen, ret;

	ret = dtb_del_memory(fdt);
	if (!ret)
		ret = dtb_add_memory(fdt, acells, scells, p);
	if (ret)
		return ret;
	chosen = dtb_chosen_node(fdt);
	if (chosen < 0)
		return chosen;
	ret = dtb_set_seeds(fdt, chosen, p);
	if (!ret)
		ret = dtb_set_boot(fdt, chosen, p);
	if (!ret)
		ret = dtb_replace_psci(fdt, p);
	return ret;
}

static int dtb_start_user(void *buf, size_t size, const void *user)
{
	return fdt_open_into(user, buf, (int)size);
}

/* Our RAM must be expressible in the root's cells (QEMU checks the same). */
static int dtb_check_cells(const void *fdt, const struct dtb_params *p,
			   struct av_err *err)
{
	int acells = fdt_address_cells(fdt, 0);
	int scells = fdt_size_cells(fdt, 0);

	if (acells < 1 || acells > 2 || scells < 1 || scells > 2)
		return av_errf(err, EINVAL,
			       "DTB: the root's #address-cells/#size-cells must be 1 or 2");
	if (acells == 1 && p->ram_base > UINT32_MAX)
		return av_errf(err, EINVAL,
			       "DTB: #address-cells = <1> cannot hold the RAM base 0x%" PRIx64,
			       p->ram_base);
	if (scells == 1 && p->ram_size > UINT32_MAX)
		return av_errf(err, EINVAL,
			       "DTB: #size-cells = <1> cannot describe 4 GiB of RAM or more");
	return 0;
}

int dtb_fill_chosen(const void *user_fdt, size_t user_size,
		    const struct dtb_params *p, void **out, size_t *out_size,
		    struct av_err *err)
{
	int ret;

	if (!user_fdt || user_size > INT32_MAX)
		return av_errf(err, EINVAL, "DTB: not a valid device tree blob");
	ret = fdt_check_full(user_fdt, user_size);
	if (ret)
		return dtb_fdt_err(err, ret, "not a valid device tree blob");
	if (fdt_totalsize(user_fdt) > DTB_MAX_SIZE)
		return av_errf(err, E2BIG,
			       "DTB: %u bytes, over the 2 MiB Linux accepts",
			       fdt_totalsize(user_fdt));
	ret = dtb_check_boot(p, err);
	if (!ret)
		ret = dtb_check_cells(user_fdt, p, err);
	if (ret)
		return ret;
	return dtb_grow_and_write(dtb_start_user, user_fdt,
				  fdt_totalsize(user_fdt) + dtb_room_estimate(p),
				  dtb_write_user, p, out, out_size, err);
}
