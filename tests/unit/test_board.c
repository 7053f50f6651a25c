// SPDX-License-Identifier: GPL-2.0
/*
 * The virt board table: QEMU 7.2 virt's addresses and SPIs (facts from
 * hw/arm/virt.c, also what `qemu-system-aarch64 -M virt,dumpdtb=` shows),
 * a consistent map, and QEMU's CPU affinities.
 */
#include <check.h>
#include <stdlib.h>

#include "board.h"
#include "check_run.h"

struct want_region {
	enum virt_region r;
	uint64_t base;
	uint64_t size;
	int spi;
};

/* The map a guest sees under QEMU's virt (docs/ARCHITECTURE.md, "The board"). */
static const struct want_region want[] = {
	{ VIRT_GIC_DIST,   0x08000000, 0x10000,	   -1 },
	{ VIRT_GIC_CPU,	   0x08010000, 0x10000,	   -1 },
	{ VIRT_GIC_REDIST, 0x080a0000, 0xf60000,   -1 },
	{ VIRT_UART,	   0x09000000, 0x1000,	   1 },
	{ VIRT_RTC,	   0x09010000, 0x1000,	   2 },
	{ VIRT_MMIO,	   0x0a000000, 0x200,	   16 },
	{ VIRT_MEM,	   0x40000000, 255ULL << 30, -1 },
};

START_TEST(test_memmap_matches_qemu)
{
	const struct want_region *w = &want[_i];
	const struct board_region *r = &virt_memmap[w->r];

	ck_assert_ptr_nonnull(r->name);
	ck_assert_msg(r->base == w->base, "%s base 0x%llx", r->name,
		      (unsigned long long)r->base);
	ck_assert_msg(r->size == w->size, "%s size 0x%llx", r->name,
		      (unsigned long long)r->size);
	ck_assert_int_eq(r->spi, w->spi);
}
END_TEST

/* End of a region, counting all virtio-mmio slots for VIRT_MMIO. */
static uint64_t region_end(int i)
{
	if (i == VIRT_MMIO)
		return virt_mmio_slot_base(VIRT_MMIO_SLOTS - 1) +
			VIRT_MMIO_SLOT_SIZE;
	return virt_memmap[i].base + virt_memmap[i].size;
}

START_TEST(test_regions_do_not_overlap)
{
	int i, j;

	for (i = 0; i < VIRT_REGION_COUNT; i++)
		for (j = 0; j < VIRT_REGION_COUNT; j++)
			if (i != j)
				ck_assert_msg(region_end(i) <= virt_memmap[j].base ||
					      region_end(j) <= virt_memmap[i].base,
					      "%s overlaps %s", virt_memmap[i].name,
					      virt_memmap[j].name);
}
END_TEST

START_TEST(test_redist_region_holds_max_cpus)
{
	ck_assert_uint_eq(virt_memmap[VIRT_GIC_REDIST].size,
			  (uint64_t)GICV3_MAX_CPUS * GICV3_REDIST_SIZE);
}
END_TEST

START_TEST(test_virtio_slots)
{
	ck_assert_uint_eq(virt_mmio_slot_base(0), 0x0a000000);
	ck_assert_uint_eq(virt_mmio_slot_base(1), 0x0a000200);
	ck_assert_uint_eq(virt_mmio_slot_base(31), 0x0a003e00);
	/* SPI 16 + n: INTIDs 48..79, all distinct from the UART's and RTC's. */
	ck_assert_uint_eq(virt_spi_intid(virt_memmap[VIRT_MMIO].spi), 48);
	ck_assert_uint_eq(virt_spi_intid(virt_memmap[VIRT_UART].spi), 33);
}
END_TEST

/* Values QEMU 7.2 writes as cpu reg (dumpdtb with -smp 8 / 20 / 123). */
START_TEST(test_mpidr_qemu_values)
{
	ck_assert_uint_eq(virt_cpu_mpidr(0, 2), 0);
	ck_assert_uint_eq(virt_cpu_mpidr(7, 2), 7);
	ck_assert_uint_eq(virt_cpu_mpidr(0, 3), 0);
	ck_assert_uint_eq(virt_cpu_mpidr(15, 3), 0xf);
	ck_assert_uint_eq(virt_cpu_mpidr(16, 3), 0x100);
	ck_assert_uint_eq(virt_cpu_mpidr(17, 3), 0x101);
	ck_assert_uint_eq(virt_cpu_mpidr(122, 3), 0x70a);
}
END_TEST

/* Clusters of 8 on GICv2: CPU 8 would start cluster 1. */
START_TEST(test_mpidr_gicv2_clusters_of_8)
{
	ck_assert_uint_eq(virt_cpu_mpidr(8, 2), 0x100);
	ck_assert_uint_eq(virt_cpu_mpidr(9, 2), 0x101);
}
END_TEST

START_TEST(test_mpidr_unique_and_aff0_in_range)
{
	int gic = _i ? 3 : 2;
	unsigned int max = _i ? GICV3_MAX_CPUS : GICV2_MAX_CPUS;
	unsigned int cluster = _i ? 16 : 8;
	unsigned int a, b;

	for (a = 0; a < max; a++) {
		ck_assert_uint_lt(virt_cpu_mpidr(a, gic) & 0xff, cluster);
		ck_assert_uint_eq(virt_cpu_mpidr(a, gic) >> 24, 0);
		for (b = 0; b < a; b++)
			ck_assert_uint_ne(virt_cpu_mpidr(a, gic),
					  virt_cpu_mpidr(b, gic));
	}
}
END_TEST

static Suite *board_suite(void)
{
	Suite *s = suite_create("board");
	TCase *tc = tcase_create("memmap");

	tcase_add_loop_test(tc, test_memmap_matches_qemu, 0,
			    sizeof(want) / sizeof(want[0]));
	tcase_add_test(tc, test_regions_do_not_overlap);
	tcase_add_test(tc, test_redist_region_holds_max_cpus);
	tcase_add_test(tc, test_virtio_slots);
	suite_add_tcase(s, tc);
	tc = tcase_create("mpidr");
	tcase_add_test(tc, test_mpidr_qemu_values);
	tcase_add_test(tc, test_mpidr_gicv2_clusters_of_8);
	tcase_add_loop_test(tc, test_mpidr_unique_and_aff0_in_range, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(board_suite());
}
