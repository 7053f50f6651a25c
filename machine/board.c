// SPDX-License-Identifier: GPL-2.0
/*
 * The "virt" board's memory and IRQ map, as QEMU 7.2 lays it out
 * (hw/arm/virt.c base_memmap[] and a15irqmap[]), so that kernels, DTB
 * knowledge and scripts written for QEMU's virt work unchanged.
 */
#include "board.h"

const struct board_region virt_memmap[VIRT_REGION_COUNT] = {
	/* GICv2 and GICv3 share the distributor frame. */
	[VIRT_GIC_DIST]	  = { "gic-dist",    0x08000000, 0x00010000, -1 },
	[VIRT_GIC_CPU]	  = { "gic-cpu",     0x08010000, 0x00010000, -1 },
	/* Room for GICV3_MAX_CPUS redistributors of GICV3_REDIST_SIZE. */
	[VIRT_GIC_REDIST] = { "gic-redist",  0x080a0000, 0x00f60000, -1 },
	[VIRT_UART]	  = { "pl011",	     0x09000000, 0x00001000, 1 },
	[VIRT_RTC]	  = { "pl031",	     0x09010000, 0x00001000, 2 },
	/*
	 * The first virtio-mmio slot; slot n is at base + n * size and
	 * raises SPI 16 + n (virt_mmio_slot_base()).
	 */
	[VIRT_MMIO]	  = { "virtio-mmio", 0x0a000000, VIRT_MMIO_SLOT_SIZE, 16 },
	[VIRT_MEM]	  = { "ram",	     0x40000000, VIRT_MEM_MAX_SIZE, -1 },
	[VIRT_GPIO]	  = { "pl061",	     0x09030000, 0x00001000, 7 },
	/*
	 * Ours, not QEMU's: a guest writes a milestone number here for
	 * -boot-timeline (docs/timeline.md). Far above QEMU's last small
	 * device (0x090b0000) so that its future ones do not collide.
	 */
	[VIRT_MARKER]	  = { "boot-marker", 0x09ff0000, 0x00001000, -1 },
	[VIRT_FLASH]	  = { "flash",	     0x00000000, 0x08000000, -1 },
	[VIRT_FW_CFG]	  = { "fw-cfg",	     0x09020000, 0x00000018, -1 },
	[VIRT_GIC_V2M]	  = { "gic-v2m",     0x08020000, 0x00001000, 48 },
	[VIRT_GIC_ITS]	  = { "gic-its",     0x08080000, 0x00020000, -1 },
	[VIRT_PCIE_MMIO]  = { "pcie-mmio",   0x10000000, 0x2eff0000, -1 },
	[VIRT_PCIE_PIO]	  = { "pcie-pio",    0x3eff0000, 0x00010000, -1 },
	[VIRT_PCIE_ECAM]  = { "pcie-ecam",   0x3f000000, 0x01000000, 3 },
	/*
	 * Above RAM's 255 GiB window, where QEMU puts them while RAM fits
	 * below 256 GiB (hw/arm/virt.c extended_memmap[]).
	 */
	[VIRT_PCIE_ECAM_HIGH] = { "pcie-ecam-high", 0x4010000000ULL,
				  0x10000000, -1 },
	[VIRT_PCIE_MMIO_HIGH] = { "pcie-mmio-high", 0x8000000000ULL,
				  0x8000000000ULL, -1 },
};

/*
 * QEMU's virt_cpu_mp_affinity() with arm_cpu_mp_affinity(): CPUs are
 * grouped in clusters as large as the GIC's target list can address
 * (8 for GICv2's 8-bit CPU target list, 16 for GICv3's 16-bit SGI
 * TargetList, GICv3 spec 12.11.18 ICC_SGI1R_EL1), cluster number in
 * Aff1 (bits [15:8]) and the CPU within it in Aff0.
 */
uint64_t virt_cpu_mpidr(unsigned int n, int gic_version)
{
	unsigned int cluster = gic_version == 3 ? 16 : 8;

	return ((uint64_t)(n / cluster) << 8) | (n % cluster);
}
