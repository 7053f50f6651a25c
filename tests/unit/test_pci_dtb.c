// SPDX-License-Identifier: GPL-2.0
/*
 * The PCIe node of the generated DTB (machine/dtb/dtb_pci.c) against the
 * facts of QEMU 7.2's: reg the high ECAM, bus-range 0..255, the three
 * ranges, the 16-entry INTx interrupt-map with its mask, and msi-map to
 * the MSI controller's phandle (gic + 1) only when the board has one,
 * for the ITS and for GICv2m alike (QEMU writes msi-map for both).
 */
#include <check.h>
#include <stdlib.h>

#include <libfdt.h>

#include "board.h"
#include "check_run.h"
#include "dtb.h"

#define PCIE "/pcie@10000000"

static void *build(int gic, int msi)
{
	struct dtb_params p = {
		.ram_base = 0x40000000, .ram_size = 1ULL << 30, .ncpus = 2,
		.gic_version = gic, .cpu_compatible = "arm,cortex-a57", .psci_hvc = 1,
		.msi_controller = msi,
	};
	struct av_err e = { 0 };
	size_t size = 0;
	void *fdt = NULL;

	ck_assert_msg(dtb_build(&p, &fdt, &size, &e) == 0, "dtb_build: %s", e.msg);
	ck_assert_int_eq(fdt_check_full(fdt, size), 0);
	return fdt;
}

static const fdt32_t *cells(const void *fdt, const char *name, int want_cells)
{
	int off = fdt_path_offset(fdt, PCIE), len = -1;
	const fdt32_t *v;

	ck_assert_int_ge(off, 0);
	v = fdt_getprop(fdt, off, name, &len);
	ck_assert_msg(v, "no %s", name);
	ck_assert_int_eq(len, want_cells * 4);
	return v;
}

static uint32_t gic_phandle(const void *fdt)
{
	return fdt_get_phandle(fdt, fdt_path_offset(fdt, "/intc@8000000"));
}

START_TEST(node_as_qemu)
{
	void *fdt = build(3, DTB_MSI_NONE);
	const fdt32_t *reg = cells(fdt, "reg", 4), *bus = cells(fdt, "bus-range", 2);
	const fdt32_t *ranges = cells(fdt, "ranges", 21);
	int off = fdt_path_offset(fdt, PCIE);

	ck_assert_str_eq(fdt_getprop(fdt, off, "compatible", NULL), "pci-host-ecam-generic");
	ck_assert_str_eq(fdt_getprop(fdt, off, "device_type", NULL), "pci");
	ck_assert_ptr_nonnull(fdt_getprop(fdt, off, "dma-coherent", NULL));
	ck_assert_uint_eq(fdt32_to_cpu(reg[0]), 0x40);
	ck_assert_uint_eq(fdt32_to_cpu(reg[1]), 0x10000000);
	ck_assert_uint_eq(fdt32_to_cpu(reg[3]), 0x10000000);
	ck_assert_uint_eq(fdt32_to_cpu(bus[1]), 0xff);
	/* I/O: PCI 0 at 0x3eff0000; 32-bit at itself; 64-bit at itself. */
	ck_assert_uint_eq(fdt32_to_cpu(ranges[0]), 0x01000000);
	ck_assert_uint_eq(fdt32_to_cpu(ranges[4]), 0x3eff0000);
	ck_assert_uint_eq(fdt32_to_cpu(ranges[7]), 0x02000000);
	ck_assert_uint_eq(fdt32_to_cpu(ranges[13]), 0x2eff0000);
	ck_assert_uint_eq(fdt32_to_cpu(ranges[14]), 0x03000000);
	ck_assert_uint_eq(fdt32_to_cpu(ranges[15]), 0x80);
	ck_assert_ptr_null(fdt_getprop(fdt, off, "msi-map", NULL));
	ck_assert_ptr_null(fdt_getprop(fdt, off, "msi-parent", NULL));
	free(fdt);
}
END_TEST

/* Slot s pin p -> SPI 3 + (s + p - 1) % 4, level high, on the GIC. */
START_TEST(interrupt_map_swizzle)
{
	void *fdt = build(2, DTB_MSI_NONE);
	const fdt32_t *map = cells(fdt, "interrupt-map", 160);
	const fdt32_t *mask = cells(fdt, "interrupt-map-mask", 4);

	ck_assert_uint_eq(fdt32_to_cpu(mask[0]), 0x1800);
	ck_assert_uint_eq(fdt32_to_cpu(mask[3]), 7);
	for (unsigned int i = 0; i < 16; i++) {
		const fdt32_t *e = map + 10 * i;
		unsigned int slot = i / 4, pin = i % 4 + 1;

		ck_assert_uint_eq(fdt32_to_cpu(e[0]), slot << 11);
		ck_assert_uint_eq(fdt32_to_cpu(e[3]), pin);
		ck_assert_uint_eq(fdt32_to_cpu(e[4]), gic_phandle(fdt));
		ck_assert_uint_eq(fdt32_to_cpu(e[7]), 0);		/* SPI */
		ck_assert_uint_eq(fdt32_to_cpu(e[8]), 3 + (slot + pin - 1) % 4);
		ck_assert_uint_eq(fdt32_to_cpu(e[9]), 4);		/* level high */
	}
	free(fdt);
}
END_TEST

START_TEST(msi_map_for_its_and_v2m)
{
	static const int kinds[][2] = { { 3, DTB_MSI_ITS }, { 2, DTB_MSI_V2M } };

	for (unsigned int k = 0; k < 2; k++) {
		void *fdt = build(kinds[k][0], kinds[k][1]);
		const fdt32_t *m = cells(fdt, "msi-map", 4);

		ck_assert_uint_eq(fdt32_to_cpu(m[0]), 0);
		ck_assert_uint_eq(fdt32_to_cpu(m[1]), gic_phandle(fdt) + 1);
		ck_assert_uint_eq(fdt32_to_cpu(m[2]), 0);
		ck_assert_uint_eq(fdt32_to_cpu(m[3]), 0x10000);
		free(fdt);
	}
}
END_TEST

static Suite *pci_dtb_suite(void)
{
	Suite *s = suite_create("pci-dtb");
	TCase *tc = tcase_create("node");

	tcase_add_test(tc, node_as_qemu);
	tcase_add_test(tc, interrupt_map_swizzle);
	tcase_add_test(tc, msi_map_for_its_and_v2m);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(pci_dtb_suite());
}
