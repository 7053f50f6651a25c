/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "virt" board: QEMU's memory map and IRQ map (hw/arm/virt.c,
 * base_memmap[] and a15irqmap[]) in one table that the DTB builder, the
 * MMIO bus and the docs all read.
 */
#ifndef ARMVISOR_BOARD_H
#define ARMVISOR_BOARD_H

#include <stdint.h>

enum virt_region {
	VIRT_GIC_DIST,
	VIRT_GIC_CPU,			/* GICv2 CPU interface */
	VIRT_GIC_REDIST,		/* GICv3 redistributors, 128 KiB per CPU */
	VIRT_UART,
	VIRT_RTC,
	VIRT_MMIO,			/* first of VIRT_MMIO_SLOTS virtio-mmio slots */
	VIRT_MEM,
	VIRT_GIC_V2M,			/* GICv2m MSI frame (GICv2 only) */
	VIRT_GIC_ITS,			/* GICv3 ITS: control + translation frames */
	VIRT_PCIE_MMIO,			/* 32-bit PCI memory window */
	VIRT_PCIE_PIO,			/* PCI I/O window (memory-mapped) */
	VIRT_PCIE_ECAM,			/* config space, buses 0..15; spi: INTA */
	VIRT_PCIE_ECAM_HIGH,		/* config space above 4 GiB, buses 0..255 */
	VIRT_PCIE_MMIO_HIGH,		/* 64-bit PCI memory window */
	VIRT_GPIO,			/* PL061; its line 3 is the power button */
	VIRT_MARKER,			/* armvisor's boot-timeline marker word */
	VIRT_FLASH,			/* two CFI flash banks of VIRT_FLASH_BANK_SIZE */
	VIRT_FW_CFG,			/* QEMU's fw_cfg, MMIO with DMA */
	VIRT_REGION_COUNT,
};

#define VIRT_MMIO_SLOTS		32

/* The firmware flash: bank 0 (code) at 0, bank 1 (variables) after it. */
#define VIRT_FLASH_BANKS	2
#define VIRT_FLASH_BANK_SIZE	0x04000000ULL

/* GICv2m: SPIs 48..111 (QEMU's NUM_GICV2M_SPIS), from the v2m region's spi. */
#define VIRT_GICV2M_NUM_SPIS	64
/* The PL061 line whose gpio-keys entry is KEY_POWER, as QEMU wires it. */
#define VIRT_GPIO_POWER_LINE	3

/* PCIe INTA..INTD are four consecutive SPIs from the ECAM region's spi. */
#define VIRT_PCIE_NUM_INTX	4
#define VIRT_MMIO_SLOT_SIZE	0x200

/* Interrupt numbering: GIC INTIDs. SPI n is INTID 32 + n; PPI n is 16 + n. */
#define GIC_SPI_BASE		32
#define GIC_PPI_BASE		16
#define GIC_NR_SGIS		16

/* Arch timer PPIs as the virt board wires them (INTIDs). */
#define VIRT_PPI_TIMER_SEC	(GIC_PPI_BASE + 13)	/* 29 */
#define VIRT_PPI_TIMER_PHYS	(GIC_PPI_BASE + 14)	/* 30 */
#define VIRT_PPI_TIMER_VIRT	(GIC_PPI_BASE + 11)	/* 27 */
#define VIRT_PPI_TIMER_HYP	(GIC_PPI_BASE + 10)	/* 26 */
#define VIRT_PPI_MAINT		(GIC_PPI_BASE + 9)	/* 25 */
#define VIRT_PPI_PMU		(GIC_PPI_BASE + 7)	/* 23 */

/* GICv3 redistributor frame per CPU: RD_base + SGI_base, 64 KiB each. */
#define GICV3_REDIST_SIZE	0x20000
#define GICV2_MAX_CPUS		8
/* What the redistributor region at 0x080A0000 holds: 0xF60000 / 0x20000. */
#define GICV3_MAX_CPUS		123

/* Generic timer frequency we advertise (CNTFRQ_EL0), as QEMU 7.2: 62.5 MHz. */
#define VIRT_TIMER_FREQ_HZ	62500000ULL

struct board_region {
	const char *name;
	uint64_t base;
	uint64_t size;
	int spi;			/* SPI number (not INTID), -1 when none */
};

/* The table, indexed by enum virt_region. */
extern const struct board_region virt_memmap[VIRT_REGION_COUNT];

/* Largest RAM the low memory window holds (QEMU: 255 GiB). */
#define VIRT_MEM_MAX_SIZE	(255ULL << 30)

static inline uint64_t virt_mmio_slot_base(unsigned int n)
{
	return virt_memmap[VIRT_MMIO].base + (uint64_t)n * VIRT_MMIO_SLOT_SIZE;
}

static inline unsigned int virt_spi_intid(int spi)
{
	return GIC_SPI_BASE + (unsigned int)spi;
}

/*
 * Affinity (MPIDR Aff fields, without the RES1 bit 31) of CPU n as
 * QEMU's virt assigns it: clusters of 16 CPUs on GICv3 and of 8 on GICv2
 * (hw/arm/virt.c virt_cpu_mp_affinity()).
 */
uint64_t virt_cpu_mpidr(unsigned int n, int gic_version);

#endif
