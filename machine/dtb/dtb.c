// SPDX-License-Identifier: GPL-2.0
/*
 * The guest DTB, generated: QEMU 7.2 virt's tree for the devices we
 * have, built with libfdt from the board table.
 *
 * Left out, because we do not emulate them: platform-bus, fw-cfg, flash,
 * pl061 + gpio-keys, pmu, the GIC's v2m/ITS children.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include <libfdt.h>

#include "board.h"
#include "dtb_priv.h"

/* All given or none, and room for every CPU (QEMU: the product is maxcpus). */
static int dtb_topology_is_bad(const struct dtb_params *p)
{
	uint64_t room = (uint64_t)p->sockets * p->clusters * p->cores *
		p->threads;

	if (!p->sockets && !p->clusters && !p->cores && !p->threads)
		return 0;
	return !room || room < p->ncpus || room > UINT32_MAX;
}

static int dtb_check_cpus(const struct dtb_params *p, struct av_err *err)
{
	unsigned int max;

	if (p->gic_version != 2 && p->gic_version != 3)
		return av_errf(err, EINVAL, "DTB: GIC version %d is not 2 or 3",
			       p->gic_version);
	max = p->gic_version == 3 ? GICV3_MAX_CPUS : GICV2_MAX_CPUS;
	if (p->ncpus < 1 || p->ncpus > max)
		return av_errf(err, EINVAL,
			       "DTB: %u CPUs: GICv%d takes 1 to %u",
			       p->ncpus, p->gic_version, max);
	if (dtb_topology_is_bad(p))
		return av_errf(err, EINVAL,
			       "DTB: topology %u sockets x %u clusters x %u cores x %u threads"
			       " does not hold %u CPUs",
			       p->sockets, p->clusters, p->cores, p->threads,
			       p->ncpus);
	if (!p->cpu_compatible || !p->cpu_compatible[0])
		return av_errf(err, EINVAL, "DTB: no CPU compatible string");
	return 0;
}

static int dtb_write_root(void *fdt)
{
	int ret;

	ret = fdt_setprop_string(fdt, 0, "compatible", "linux,dummy-virt");
	if (!ret)
		ret = fdt_setprop_u32(fdt, 0, "#address-cells", 2);
	if (!ret)
		ret = fdt_setprop_u32(fdt, 0, "#size-cells", 2);
	if (!ret)
		ret = fdt_setprop_string(fdt, 0, "model", "linux,dummy-virt");
	return ret;
}

/* /chosen: seeds, the console (chosen.txt stdout-path: the PL011), boot. */
static int dtb_write_chosen(void *fdt, const struct dtb_params *p)
{
	char uart[48];
	int chosen, ret;

	chosen = dtb_chosen_node(fdt);
	if (chosen < 0)
		return chosen;
	ret = dtb_set_seeds(fdt, chosen, p);
	if (ret)
		return ret;
	snprintf(uart, sizeof(uart), "/pl011@%" PRIx64,
		 virt_memmap[VIRT_UART].base);
	ret = fdt_setprop_string(fdt, chosen, "stdout-path", uart);
	if (!ret)
		ret = dtb_set_boot(fdt, chosen, p);
	return ret;
}

/*
 * In QEMU's creation order (see dtb_priv.h). Phandles as QEMU allocates
 * them: the clock first, then the CPUs from the last one, then the GIC.
 */
static int dtb_write_tree(void *fdt, const struct dtb_params *p)
{
	struct dtb_phandles ph = {
		.clock = DTB_FIRST_PHANDLE,
		.cpu0 = DTB_FIRST_PHANDLE + p->ncpus,
		.gic = DTB_FIRST_PHANDLE + p->ncpus + 1,
		.msi = DTB_FIRST_PHANDLE + p->ncpus + 2,
		/* QEMU allocates the MSI frame's only when there is one. */
		.gpio = DTB_FIRST_PHANDLE + p->ncpus + 2 + (p->msi_controller != DTB_MSI_NONE),
	};
	int ret;

	ret = dtb_write_root(fdt);
	if (!ret)
		ret = dtb_write_chosen(fdt, p);
	if (!ret)
		ret = dtb_add_clock(fdt, &ph);
	if (!ret)
		ret = dtb_add_timer(fdt, p);
	if (!ret)
		ret = dtb_add_cpus(fdt, p, &ph);
	if (!ret)
		ret = dtb_add_flash(fdt);
	if (!ret)
		ret = dtb_add_gic(fdt, p, &ph);
	if (!ret && p->pmu)
		ret = dtb_add_pmu(fdt, p);
	if (!ret)
		ret = fdt_setprop_u32(fdt, 0, "interrupt-parent", ph.gic);
	if (!ret)
		ret = dtb_add_uart(fdt, &ph);
	if (!ret)
		ret = dtb_add_rtc(fdt, &ph);
	if (!ret)
		ret = dtb_add_pcie(fdt, p, &ph);
	if (!ret)
		ret = dtb_add_gpio(fdt, &ph);
	if (!ret)
		ret = dtb_add_virtio(fdt);
	if (!ret)
		ret = dtb_add_fw_cfg(fdt);
	if (!ret)
		ret = dtb_add_memory(fdt, 2, 2, p);
	if (!ret)
		ret = dtb_replace_psci(fdt, p);
	return ret;
}

static int dtb_start_empty(void *buf, size_t size, const void *unused)
{
	(void)unused;
	return fdt_create_empty_tree(buf, (int)size);
}

int dtb_build(const struct dtb_params *p, void **out, size_t *out_size,
	      struct av_err *err)
{
	int ret;

	ret = dtb_check_cpus(p, err);
	if (!ret)
		ret = dtb_check_boot(p, err);
	if (ret)
		return ret;
	return dtb_grow_and_write(dtb_start_empty, NULL, dtb_room_estimate(p),
				  dtb_write_tree, p, out, out_size, err);
}
