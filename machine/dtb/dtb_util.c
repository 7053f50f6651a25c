// SPDX-License-Identifier: GPL-2.0
/*
 * Small property writers and error helpers for the DTB builder.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "dtb_priv.h"
#include "util.h"

/* Append v as n (1 or 2) big-endian cells; returns the cells written. */
static int dtb_put_cells(fdt32_t *out, int n, uint64_t v)
{
	if (n == 2) {
		out[0] = cpu_to_fdt32((uint32_t)(v >> 32));
		out[1] = cpu_to_fdt32((uint32_t)v);
	} else {
		out[0] = cpu_to_fdt32((uint32_t)v);
	}
	return n;
}

int dtb_set_reg(void *fdt, int node, int acells, int scells,
		uint64_t base, uint64_t size)
{
	fdt32_t cells[4];
	int n;

	n = dtb_put_cells(cells, acells, base);
	n += dtb_put_cells(cells + n, scells, size);
	return fdt_setprop(fdt, node, "reg", cells, n * (int)sizeof(cells[0]));
}

int dtb_set_cells(void *fdt, int node, const char *name,
		  const uint32_t *cells, int n)
{
	fdt32_t be[16];
	int i;

	if (n < 0 || n > (int)(ARRAY_SIZE(be)))
		return -FDT_ERR_BADVALUE;
	for (i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	return fdt_setprop(fdt, node, name, be, n * (int)sizeof(be[0]));
}

int dtb_set_irq(void *fdt, int node, uint32_t type, uint32_t num,
		uint32_t flags)
{
	const uint32_t cells[3] = { type, num, flags };

	return dtb_set_cells(fdt, node, "interrupts", cells, 3);
}

/*
 * QEMU 7.2 writes linux,initrd-start/-end as one cell; Linux reads
 * either size (drivers/of/fdt.c early_init_dt_check_for_initrd), and one
 * cell would truncate an address above 4 GiB, so that takes two.
 */
int dtb_set_addr(void *fdt, int node, const char *name, uint64_t v)
{
	if (v >> 32)
		return fdt_setprop_u64(fdt, node, name, v);
	return fdt_setprop_u32(fdt, node, name, (uint32_t)v);
}

int dtb_add_unit_node(void *fdt, int parent, const char *name, uint64_t unit)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s@%" PRIx64, name, unit);
	return fdt_add_subnode(fdt, parent, buf);
}

int dtb_fdt_err(struct av_err *err, int fdt_ret, const char *what)
{
	int code = fdt_ret == -FDT_ERR_NOSPACE ? ENOSPC : EINVAL;

	return av_errf(err, code, "DTB: %s: %s", what, fdt_strerror(fdt_ret));
}

/* Far above any real value, far below what would overflow libfdt's int lengths. */
#define DTB_MAX_PROP_LEN	(1u << 20)

int dtb_check_boot(const struct dtb_params *p, struct av_err *err)
{
	if (p->rng_seed && p->rng_seed_len > DTB_MAX_PROP_LEN)
		return av_errf(err, E2BIG, "DTB: an rng-seed of %zu bytes is too large",
			       p->rng_seed_len);
	if (p->bootargs && strlen(p->bootargs) > DTB_MAX_PROP_LEN)
		return av_errf(err, E2BIG, "DTB: the kernel command line is too long");
	if (!p->ram_size || p->ram_base + p->ram_size < p->ram_base)
		return av_errf(err, EINVAL,
			       "DTB: RAM at 0x%" PRIx64 " of 0x%" PRIx64
			       " bytes is not a valid range",
			       p->ram_base, p->ram_size);
	if (p->initrd_end && p->initrd_end < p->initrd_start)
		return av_errf(err, EINVAL,
			       "DTB: initrd end 0x%" PRIx64
			       " is below its start 0x%" PRIx64,
			       p->initrd_end, p->initrd_start);
	return 0;
}
