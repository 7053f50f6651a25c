/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device tree for the guest, built with libfdt from the board table
 * (the same nodes, addresses and interrupts as QEMU's virt), or the
 * user's -dtb with /chosen filled in.
 */
#ifndef ARMVISOR_DTB_H
#define ARMVISOR_DTB_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct dtb_params {
	uint64_t ram_base;
	uint64_t ram_size;
	unsigned int ncpus;
	const uint64_t *mpidr;		/* ncpus affinity values (reg of each cpu node) */
	int gic_version;		/* 2 or 3 (resolved) */
	/*
	 * -smp topology for /cpus/cpu-map; all 0 (QEMU's plain -smp N):
	 * one socket, one cluster, ncpus single-thread cores.
	 */
	unsigned int sockets, clusters, cores, threads;
	/* "arm,cortex-a57"...; QEMU 7.2: a57's for max, "arm,arm-v8" for host */
	const char *cpu_compatible;
	const char *bootargs;		/* NULL: no property */
	uint64_t initrd_start;		/* initrd_end == 0: no initrd properties */
	uint64_t initrd_end;
	const uint8_t *rng_seed;	/* NULL: no rng-seed */
	size_t rng_seed_len;
	uint64_t kaslr_seed;		/* 0: no kaslr-seed (Linux ignores 0 too) */
	int psci_hvc;			/* 1: method "hvc" (our default), 0: "smc" */
	/*
	 * The MSI controller under the GIC node, which the PCIe node's
	 * msi-map (ITS) or msi-parent (v2m) names; DTB_MSI_NONE: neither.
	 */
	int msi_controller;		/* enum dtb_msi */
	int pmu;			/* 1: the arm,armv8-pmuv3 node (PPI 23) */
};

enum dtb_msi {
	DTB_MSI_NONE = 0,
	DTB_MSI_V2M,			/* GICv2m frame, GICv2 */
	DTB_MSI_ITS,			/* GICv3 ITS */
};

/* Build a DTB into a malloc'd buffer, returned in out and out_size. */
int dtb_build(const struct dtb_params *p, void **out, size_t *out_size,
	      struct av_err *err);

/*
 * Take a user's DTB (-dtb FILE, already read) and fix it up as QEMU 7.2's
 * arm_load_dtb() does: its /memory nodes are replaced by one describing
 * our RAM (in the blob's own #address-cells/#size-cells), /psci by ours,
 * and /chosen (created if missing) gets bootargs, initrd range, rng-seed
 * and kaslr-seed as for a generated one. Returns a new malloc'd buffer;
 * a blob that is not a valid DTB is an error.
 */
int dtb_fill_chosen(const void *user_fdt, size_t user_size,
		    const struct dtb_params *p, void **out, size_t *out_size,
		    struct av_err *err);

#endif
