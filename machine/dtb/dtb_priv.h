/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the DTB builder: node writers shared by dtb_build() and
 * dtb_fill_chosen(). They use libfdt's read-write API on a blob with
 * room to spare and return 0 or a negative libfdt error (-FDT_ERR_*);
 * only the two entry points turn those into av_err messages.
 *
 * Nodes are added the way QEMU adds them: fdt_add_subnode() and
 * fdt_setprop() of a new property insert at the front, so writing in
 * QEMU's creation order yields QEMU's order in the blob (which Linux
 * then probes in, e.g. virtio-mmio slot 0 first).
 */
#ifndef ARMVISOR_DTB_PRIV_H
#define ARMVISOR_DTB_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "dtb.h"

/*
 * Interrupt specifier cells of the GIC binding
 * (Documentation/devicetree/bindings/interrupt-controller/arm,gic.yaml
 * and arm,gic-v3.yaml): <type number flags>.
 */
#define DTB_GIC_IRQ_SPI		0
#define DTB_GIC_IRQ_PPI		1
#define DTB_IRQ_EDGE_RISING	1
#define DTB_IRQ_LEVEL_HIGH	4
/* GICv2 only: PPI flags bits [15:8] say which CPUs the PPI is wired to. */
#define DTB_GIC_PPI_CPU_SHIFT	8

/* Documentation/arm64/booting.rst: the DTB must not exceed 2 MiB. */
#define DTB_MAX_SIZE		(2u << 20)

/* QEMU starts allocating at 0x8000 (hw/arm/virt.c); so do we. */
#define DTB_FIRST_PHANDLE	0x8000

struct dtb_phandles {
	uint32_t clock;			/* apb-pclk */
	uint32_t gic;
	uint32_t cpu0;			/* cpu@n has cpu0 - n, as QEMU numbers them */
	uint32_t msi;			/* ITS or v2m frame: gic + 1, as QEMU */
	uint32_t gpio;			/* the PL061: after the MSI frame's */
};

/* Set reg = <base size> in the parent's address and size cells (1 or 2). */
int dtb_set_reg(void *fdt, int node, int acells, int scells,
		uint64_t base, uint64_t size);
/* interrupts = <type number flags> */
int dtb_set_irq(void *fdt, int node, uint32_t type, uint32_t num,
		uint32_t flags);
/* A property of n 32-bit cells, from host-order values. */
int dtb_set_cells(void *fdt, int node, const char *name,
		  const uint32_t *cells, int n);
/* One cell when the value fits in 32 bits, else two. */
int dtb_set_addr(void *fdt, int node, const char *name, uint64_t v);
/* Add a child named "<name>@<hex unit>". */
int dtb_add_unit_node(void *fdt, int parent, const char *name, uint64_t unit);

/* Generated tree only. */
int dtb_add_cpus(void *fdt, const struct dtb_params *p,
		 const struct dtb_phandles *ph);
int dtb_add_timer(void *fdt, const struct dtb_params *p);
int dtb_add_pmu(void *fdt, const struct dtb_params *p);
int dtb_add_gic(void *fdt, const struct dtb_params *p,
		const struct dtb_phandles *ph);
int dtb_add_clock(void *fdt, const struct dtb_phandles *ph);
int dtb_add_uart(void *fdt, const struct dtb_phandles *ph);
int dtb_add_rtc(void *fdt, const struct dtb_phandles *ph);
int dtb_add_gpio(void *fdt, const struct dtb_phandles *ph);
int dtb_add_virtio(void *fdt);
/* The firmware's nodes (dtb_fw.c): flash banks and fw_cfg. */
int dtb_add_flash(void *fdt);
int dtb_add_fw_cfg(void *fdt);
int dtb_add_pcie(void *fdt, const struct dtb_params *p,
		 const struct dtb_phandles *ph);	/* dtb_pci.c */

/* Both: generated tree and the user's. */
int dtb_add_memory(void *fdt, int acells, int scells,
		   const struct dtb_params *p);
int dtb_replace_psci(void *fdt, const struct dtb_params *p);
/* Find or create /chosen; returns its offset or a libfdt error. */
int dtb_chosen_node(void *fdt);
int dtb_set_seeds(void *fdt, int chosen, const struct dtb_params *p);
int dtb_set_boot(void *fdt, int chosen, const struct dtb_params *p);

/*
 * Write a tree into a fresh buffer of room bytes: start() lays down the
 * starting tree (empty, or the user's), write() adds ours. Retries with
 * more room while libfdt says FDT_ERR_NOSPACE, then packs the result
 * into a malloc'd buffer of its exact size.
 */
typedef int (*dtb_start_fn)(void *buf, size_t size, const void *arg);
typedef int (*dtb_write_fn)(void *fdt, const struct dtb_params *p);
int dtb_grow_and_write(dtb_start_fn start, const void *arg, size_t room,
		       dtb_write_fn write, const struct dtb_params *p,
		       void **out, size_t *out_size, struct av_err *err);
/* Room that is nearly always enough for our nodes and p's strings. */
size_t dtb_room_estimate(const struct dtb_params *p);

/* Validate the RAM and initrd ranges (both entry points). */
int dtb_check_boot(const struct dtb_params *p, struct av_err *err);
/* libfdt error -> negative errno and "DTB: <what>: <fdt_strerror>". */
int dtb_fdt_err(struct av_err *err, int fdt_ret, const char *what);

#endif
