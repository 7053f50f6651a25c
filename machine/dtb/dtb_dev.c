// SPDX-License-Identifier: GPL-2.0
/*
 * Device nodes: the GIC with its ITS or v2m frame, the apb-pclk clock, PL011, PL031 and the
 * virtio-mmio slots, at the board table's addresses and SPIs, with QEMU
 * 7.2 virt's names and properties (hw/arm/virt.c create_gic(),
 * create_uart(), create_rtc(), create_virtio_devices(), create_fdt()).
 */
#include <stdbool.h>
#include <stddef.h>

#include <libfdt.h>

#include "board.h"
#include "dtb_priv.h"

/* The fixed clock PL011 and PL031 name as apb_pclk (QEMU: 24 MHz). */
#define DTB_APB_PCLK_HZ		24000000u

/* An AMBA PrimeCell peripheral (bindings/arm/primecell.yaml). */
struct dtb_primecell {
	const char *node;
	enum virt_region region;
	const char *compat;		/* NUL-separated list */
	size_t compat_len;
	const char *clock_names;	/* NUL-separated, one per clock */
	size_t clock_names_len;
	int nclocks;			/* each one is apb-pclk */
};

#define DTB_STRLIST(s)	s, sizeof(s)

/* bindings/serial/pl011.yaml: a UART clock and the bus clock. */
static const struct dtb_primecell dtb_pl011 = {
	"pl011", VIRT_UART, DTB_STRLIST("arm,pl011\0arm,primecell"),
	DTB_STRLIST("uartclk\0apb_pclk"), 2,
};

static const struct dtb_primecell dtb_pl031 = {
	"pl031", VIRT_RTC, DTB_STRLIST("arm,pl031\0arm,primecell"),
	DTB_STRLIST("apb_pclk"), 1,
};

/* Returns the node's offset, or a negative libfdt error. */
static int dtb_add_primecell(void *fdt, const struct dtb_primecell *pc,
			     uint32_t clock)
{
	const struct board_region *r = &virt_memmap[pc->region];
	const uint32_t clocks[2] = { clock, clock };
	int node, ret;

	node = dtb_add_unit_node(fdt, 0, pc->node, r->base);
	if (node < 0)
		return node;
	ret = fdt_setprop(fdt, node, "compatible", pc->compat, pc->compat_len);
	if (!ret)
		ret = dtb_set_reg(fdt, node, 2, 2, r->base, r->size);
	if (!ret)
		ret = dtb_set_irq(fdt, node, DTB_GIC_IRQ_SPI, (uint32_t)r->spi,
				  DTB_IRQ_LEVEL_HIGH);
	if (!ret)
		ret = dtb_set_cells(fdt, node, "clocks", clocks, pc->nclocks);
	if (!ret)
		ret = fdt_setprop(fdt, node, "clock-names", pc->clock_names,
				  pc->clock_names_len);
	return ret ? ret : node;
}

/* bindings/gpio/pl061-gpio.yaml */
static const struct dtb_primecell dtb_pl061 = {
	"pl061", VIRT_GPIO, DTB_STRLIST("arm,pl061\0arm,primecell"),
	DTB_STRLIST("apb_pclk"), 1,
};

int dtb_add_uart(void *fdt, const struct dtb_phandles *ph)
{
	int node = dtb_add_primecell(fdt, &dtb_pl011, ph->clock);

	return node < 0 ? node : 0;
}

int dtb_add_rtc(void *fdt, const struct dtb_phandles *ph)
{
	int node = dtb_add_primecell(fdt, &dtb_pl031, ph->clock);

	return node < 0 ? node : 0;
}

/*
 * The PL061 and the power button on its line 3 (hw/arm/virt.c
 * create_gpio_devices(); bindings/input/gpio-keys.yaml): Linux's
 * gpio-keys reports KEY_POWER (input-event-codes.h: 116) on a press.
 */
int dtb_add_gpio(void *fdt, const struct dtb_phandles *ph)
{
	const uint32_t gpios[3] = { ph->gpio, VIRT_GPIO_POWER_LINE, 0 };
	int node, key, ret;

	node = dtb_add_primecell(fdt, &dtb_pl061, ph->clock);
	if (node < 0)
		return node;
	ret = fdt_setprop_u32(fdt, node, "#gpio-cells", 2);
	if (!ret)
		ret = fdt_setprop_empty(fdt, node, "gpio-controller");
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "phandle", ph->gpio);
	node = ret ? ret : fdt_add_subnode(fdt, 0, "gpio-keys");
	if (node < 0)
		return node;
	ret = fdt_setprop_string(fdt, node, "compatible", "gpio-keys");
	key = ret ? ret : fdt_add_subnode(fdt, node, "poweroff");
	if (key < 0)
		return key;
	ret = fdt_setprop_string(fdt, key, "label", "GPIO Key Poweroff");
	if (!ret)
		ret = fdt_setprop_u32(fdt, key, "linux,code", 116);
	if (!ret)
		ret = dtb_set_cells(fdt, key, "gpios", gpios, 3);
	return ret;
}

/* bindings/clock/fixed-clock.yaml */
int dtb_add_clock(void *fdt, const struct dtb_phandles *ph)
{
	int node, ret;

	node = fdt_add_subnode(fdt, 0, "apb-pclk");
	if (node < 0)
		return node;
	ret = fdt_setprop_string(fdt, node, "compatible", "fixed-clock");
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "#clock-cells", 0);
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "clock-frequency",
				      DTB_APB_PCLK_HZ);
	if (!ret)
		ret = fdt_setprop_string(fdt, node, "clock-output-names",
					 "clk24mhz");
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "phandle", ph->clock);
	return ret;
}

/*
 * reg: GICv2 distributor + CPU interface (arm,gic.yaml); GICv3
 * distributor + one redistributor region (arm,gic-v3.yaml), the whole
 * region as QEMU gives it whatever the CPU count: the guest stops at the
 * frame whose GICR_TYPER.Last is set.
 */
static int dtb_set_gic_reg(void *fdt, int node, int gic_version)
{
	const struct board_region *dist = &virt_memmap[VIRT_GIC_DIST];
	const struct board_region *second = &virt_memmap[
		gic_version == 3 ? VIRT_GIC_REDIST : VIRT_GIC_CPU];
	const uint32_t cells[8] = {
		(uint32_t)(dist->base >> 32), (uint32_t)dist->base,
		(uint32_t)(dist->size >> 32), (uint32_t)dist->size,
		(uint32_t)(second->base >> 32), (uint32_t)second->base,
		(uint32_t)(second->size >> 32), (uint32_t)second->size,
	};

	return dtb_set_cells(fdt, node, "reg", cells, 8);
}

/*
 * The MSI controller child of the GIC node, as QEMU 7.2 writes it
 * (hw/arm/virt.c fdt_add_its_gic_node(), create_v2m()):
 * bindings/interrupt-controller/arm,gic-v3.yaml's its@ child
 * ("arm,gic-v3-its", #msi-cells = 1: the DeviceID) or arm,gic.yaml's
 * v2m@ frame ("arm,gic-v2m-frame", no #msi-cells), phandle ph->msi.
 */
static int dtb_add_msi_controller(void *fdt, int gic, const struct dtb_params *p,
				  const struct dtb_phandles *ph)
{
	bool its = p->msi_controller == DTB_MSI_ITS;
	const struct board_region *r = &virt_memmap[its ? VIRT_GIC_ITS : VIRT_GIC_V2M];
	int node, ret;

	if (p->msi_controller == DTB_MSI_NONE)
		return 0;
	node = dtb_add_unit_node(fdt, gic, its ? "its" : "v2m", r->base);
	if (node < 0)
		return node;
	ret = fdt_setprop_string(fdt, node, "compatible",
				 its ? "arm,gic-v3-its" : "arm,gic-v2m-frame");
	if (!ret)
		ret = fdt_setprop_empty(fdt, node, "msi-controller");
	if (!ret && its)
		ret = fdt_setprop_u32(fdt, node, "#msi-cells", 1);
	if (!ret)
		ret = dtb_set_reg(fdt, node, 2, 2, r->base, r->size);
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "phandle", ph->msi);
	return ret;
}

/*
 * The address cells and empty ranges are for the MSI controller child;
 * they stay without one, as in QEMU: an interrupt-map entry naming this
 * controller is sized by its #address-cells (devicetree spec 2.4.3.1),
 * and dtc warns about an interrupt provider without one.
 */
int dtb_add_gic(void *fdt, const struct dtb_params *p,
		const struct dtb_phandles *ph)
{
	int node, ret;

	node = dtb_add_unit_node(fdt, 0, "intc",
				 virt_memmap[VIRT_GIC_DIST].base);
	if (node < 0)
		return node;
	ret = fdt_setprop_u32(fdt, node, "#interrupt-cells", 3);
	if (!ret)
		ret = fdt_setprop_empty(fdt, node, "interrupt-controller");
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "#address-cells", 2);
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "#size-cells", 2);
	if (!ret)
		ret = fdt_setprop_empty(fdt, node, "ranges");
	if (!ret)
		ret = fdt_setprop_string(fdt, node, "compatible",
					 p->gic_version == 3 ? "arm,gic-v3" :
					 "arm,cortex-a15-gic");
	if (!ret && p->gic_version == 3)
		ret = fdt_setprop_u32(fdt, node, "#redistributor-regions", 1);
	if (!ret)
		ret = dtb_set_gic_reg(fdt, node, p->gic_version);
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "phandle", ph->gic);
	if (!ret)
		ret = dtb_add_msi_controller(fdt, node, p, ph);
	return ret;
}

static int dtb_add_virtio_slot(void *fdt, unsigned int n)
{
	uint64_t base = virt_mmio_slot_base(n);
	int node, ret;

	node = dtb_add_unit_node(fdt, 0, "virtio_mmio", base);
	if (node < 0)
		return node;
	ret = fdt_setprop_string(fdt, node, "compatible", "virtio,mmio");
	if (!ret)
		ret = dtb_set_reg(fdt, node, 2, 2, base, VIRT_MMIO_SLOT_SIZE);
	if (!ret)
		ret = dtb_set_irq(fdt, node, DTB_GIC_IRQ_SPI,
				  (uint32_t)virt_memmap[VIRT_MMIO].spi + n,
				  DTB_IRQ_EDGE_RISING);
	if (!ret)
		ret = fdt_setprop_empty(fdt, node, "dma-coherent");
	return ret;
}

/*
 * Highest slot first, as QEMU does: each new node goes in front, so the
 * blob lists slot 0 first, the order Linux then probes (and names disks)
 * in, the same as under QEMU.
 */
int dtb_add_virtio(void *fdt)
{
	unsigned int n;
	int ret = 0;

	for (n = VIRT_MMIO_SLOTS; !ret && n-- > 0;)
		ret = dtb_add_virtio_slot(fdt, n);
	return ret;
}
