// SPDX-License-Identifier: GPL-2.0
/*
 * The guest DTB, parsed back with libfdt: every node and property a
 * Linux guest reads, with the values QEMU 7.2 virt writes (seen with
 * `qemu-system-aarch64 -M virt,dumpdtb=`), phandle references resolved,
 * and -dtb fix-ups on user blobs built here with libfdt.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "board.h"
#include "check_run.h"
#include "dtb.h"

static struct dtb_params params(unsigned int ncpus, int gic)
{
	struct dtb_params p = {
		.ram_base = 0x40000000,
		.ram_size = 1ULL << 30,
		.ncpus = ncpus,
		.gic_version = gic,
		.cpu_compatible = "arm,cortex-a57",
		.psci_hvc = 1,
	};
	return p;
}

static void *build(const struct dtb_params *p)
{
	struct av_err e = { 0 };
	size_t size = 0;
	void *fdt = NULL;
	int ret = dtb_build(p, &fdt, &size, &e);

	ck_assert_msg(ret == 0, "dtb_build: %s", e.msg);
	ck_assert_int_eq(fdt_check_full(fdt, size), 0);
	ck_assert_uint_eq(fdt_totalsize(fdt), size);
	return fdt;
}

static int node(const void *fdt, const char *path)
{
	int off = fdt_path_offset(fdt, path);

	ck_assert_msg(off >= 0, "no node %s", path);
	return off;
}

static const void *prop(const void *fdt, const char *path, const char *name,
			int *len)
{
	const void *v = fdt_getprop(fdt, node(fdt, path), name, len);

	ck_assert_msg(v, "no %s in %s", name, path);
	return v;
}

static int has_prop(const void *fdt, const char *path, const char *name)
{
	return fdt_getprop(fdt, node(fdt, path), name, NULL) != NULL;
}

static uint32_t cell(const void *v, int i)
{
	return fdt32_to_cpu(((const fdt32_t *)v)[i]);
}

static uint32_t prop_u32(const void *fdt, const char *path, const char *name)
{
	int len;
	const void *v = prop(fdt, path, name, &len);

	ck_assert_msg(len == 4, "%s/%s is %d bytes", path, name, len);
	return cell(v, 0);
}

static void assert_cells(const void *fdt, const char *path, const char *name,
			 const uint32_t *want, int n)
{
	int len, i;
	const void *v = prop(fdt, path, name, &len);

	ck_assert_msg(len == 4 * n, "%s/%s is %d bytes, want %d", path, name,
		      len, 4 * n);
	for (i = 0; i < n; i++)
		ck_assert_msg(cell(v, i) == want[i], "%s/%s[%d] = 0x%x, want 0x%x",
			      path, name, i, cell(v, i), want[i]);
}

/* A string or NUL-separated string list, compared whole. */
#define assert_strs(fdt, path, name, lit) \
	assert_bytes(fdt, path, name, lit, sizeof(lit))

static void assert_bytes(const void *fdt, const char *path, const char *name,
			 const void *want, int wantlen)
{
	int len;
	const void *v = prop(fdt, path, name, &len);

	ck_assert_msg(len == wantlen && !memcmp(v, want, len),
		      "%s/%s differs", path, name);
}

static void assert_reg64(const void *fdt, const char *path, uint64_t base,
			 uint64_t size)
{
	const uint32_t want[4] = {
		(uint32_t)(base >> 32), (uint32_t)base,
		(uint32_t)(size >> 32), (uint32_t)size,
	};

	assert_cells(fdt, path, "reg", want, 4);
}

/* The node a phandle names must be the one at path. */
static void assert_phandle_is(const void *fdt, uint32_t ph, const char *path)
{
	int target = fdt_node_offset_by_phandle(fdt, ph);

	ck_assert_msg(target >= 0, "phandle 0x%x names no node", ph);
	ck_assert_int_eq(target, node(fdt, path));
}

START_TEST(test_root)
{
	struct dtb_params p = params(2, _i ? 3 : 2);
	void *fdt = build(&p);

	assert_strs(fdt, "/", "compatible", "linux,dummy-virt");
	assert_strs(fdt, "/", "model", "linux,dummy-virt");
	ck_assert_uint_eq(prop_u32(fdt, "/", "#address-cells"), 2);
	ck_assert_uint_eq(prop_u32(fdt, "/", "#size-cells"), 2);
	assert_phandle_is(fdt, prop_u32(fdt, "/", "interrupt-parent"),
			  "/intc@8000000");
	free(fdt);
}
END_TEST

/* The root's children, in QEMU's order, minus the devices we lack. */
START_TEST(test_node_list_and_order)
{
	struct dtb_params p = params(1, 2);
	void *fdt = build(&p);
	char want[48][32];
	int n = 0, i = 0, child;
	unsigned int slot;

	strcpy(want[n++], "psci");
	strcpy(want[n++], "memory@40000000");
	strcpy(want[n++], "fw-cfg@9020000");
	for (slot = 0; slot < VIRT_MMIO_SLOTS; slot++)
		sprintf(want[n++], "virtio_mmio@%llx",
			(unsigned long long)virt_mmio_slot_base(slot));
	strcpy(want[n++], "gpio-keys");
	strcpy(want[n++], "pl061@9030000");
	strcpy(want[n++], "pcie@10000000");
	strcpy(want[n++], "pl031@9010000");
	strcpy(want[n++], "pl011@9000000");
	strcpy(want[n++], "intc@8000000");
	strcpy(want[n++], "flash@0");
	strcpy(want[n++], "cpus");
	strcpy(want[n++], "timer");
	strcpy(want[n++], "apb-pclk");
	strcpy(want[n++], "chosen");
	fdt_for_each_subnode(child, fdt, 0) {
		ck_assert_int_lt(i, n);
		ck_assert_str_eq(fdt_get_name(fdt, child, NULL), want[i]);
		i++;
	}
	ck_assert_int_eq(i, n);
	free(fdt);
}
END_TEST

static const uint64_t ram_sizes[] = {
	1ULL << 30, 4ULL << 30, 6ULL << 30, (4ULL << 30) + (1 << 20),
	VIRT_MEM_MAX_SIZE,
};

START_TEST(test_memory)
{
	struct dtb_params p = params(1, 3);
	void *fdt;

	p.ram_size = ram_sizes[_i];
	fdt = build(&p);
	assert_strs(fdt, "/memory@40000000", "device_type", "memory");
	assert_reg64(fdt, "/memory@40000000", 0x40000000, ram_sizes[_i]);
	free(fdt);
}
END_TEST

struct cpu_case {
	unsigned int ncpus;
	int gic;
	uint32_t reg_last;		/* what QEMU writes for the last CPU */
};

static const struct cpu_case cpu_cases[] = {
	{ 1, 2, 0 }, { 2, 2, 1 }, { 8, 2, 7 },
	{ 1, 3, 0 }, { 4, 3, 3 }, { 17, 3, 0x100 }, { 123, 3, 0x70a },
};

static void assert_cpu(const void *fdt, const struct cpu_case *c,
		       unsigned int i)
{
	char path[64];

	snprintf(path, sizeof(path), "/cpus/cpu@%u", i);
	assert_strs(fdt, path, "device_type", "cpu");
	assert_strs(fdt, path, "compatible", "arm,cortex-a57");
	ck_assert_uint_eq(prop_u32(fdt, path, "reg"),
			  virt_cpu_mpidr(i, c->gic));
	/* QEMU: a lone CPU gets no enable-method, several get PSCI. */
	if (c->ncpus > 1)
		assert_strs(fdt, path, "enable-method", "psci");
	else
		ck_assert(!has_prop(fdt, path, "enable-method"));
}

START_TEST(test_cpus)
{
	const struct cpu_case *c = &cpu_cases[_i];
	struct dtb_params p = params(c->ncpus, c->gic);
	void *fdt = build(&p);
	char path[64];
	unsigned int i;
	int child, n = 0;

	ck_assert_uint_eq(prop_u32(fdt, "/cpus", "#address-cells"), 1);
	ck_assert_uint_eq(prop_u32(fdt, "/cpus", "#size-cells"), 0);
	for (i = 0; i < c->ncpus; i++)
		assert_cpu(fdt, c, i);
	snprintf(path, sizeof(path), "/cpus/cpu@%u", c->ncpus - 1);
	ck_assert_uint_eq(prop_u32(fdt, path, "reg"), c->reg_last);
	fdt_for_each_subnode(child, fdt, node(fdt, "/cpus"))
		n++;
	ck_assert_int_eq(n, c->ncpus + 1);	/* + cpu-map */
	free(fdt);
}
END_TEST

/* cpu-map/socket0/cluster0/coreN names cpu@N by phandle. */
START_TEST(test_cpu_map)
{
	const struct cpu_case *c = &cpu_cases[_i];
	struct dtb_params p = params(c->ncpus, c->gic);
	void *fdt = build(&p);
	char core[96], cpu[64];
	unsigned int i;

	for (i = 0; i < c->ncpus; i++) {
		snprintf(core, sizeof(core),
			 "/cpus/cpu-map/socket0/cluster0/core%u", i);
		snprintf(cpu, sizeof(cpu), "/cpus/cpu@%u", i);
		assert_phandle_is(fdt, prop_u32(fdt, core, "cpu"), cpu);
	}
	free(fdt);
}
END_TEST

/* MPIDRs from the caller; one with Aff3 set needs two address cells. */
START_TEST(test_cpus_given_mpidr_aff3)
{
	static const uint64_t mpidr[2] = { 0x0, 0x100000000ULL };
	struct dtb_params p = params(2, 3);
	void *fdt;
	const uint32_t want[2] = { 1, 0 };

	p.mpidr = mpidr;
	fdt = build(&p);
	ck_assert_uint_eq(prop_u32(fdt, "/cpus", "#address-cells"), 2);
	assert_cells(fdt, "/cpus/cpu@1", "reg", want, 2);
	free(fdt);
}
END_TEST

START_TEST(test_cpu_compatible_passed_through)
{
	struct dtb_params p = params(1, 3);
	void *fdt;

	p.cpu_compatible = "arm,arm-v8";
	fdt = build(&p);
	assert_strs(fdt, "/cpus/cpu@0", "compatible", "arm,arm-v8");
	free(fdt);
}
END_TEST

/*
 * Timer PPIs 13, 14, 11, 10, level-high; on GICv2 the flags carry the CPU
 * mask (QEMU: 0x104 for 1 CPU, 0x304 for 2, 0xff04 for 8; 0x4 on GICv3).
 */
START_TEST(test_timer)
{
	static const struct { unsigned int ncpus; int gic; uint32_t flags; } t[] = {
		{ 1, 2, 0x104 }, { 2, 2, 0x304 }, { 8, 2, 0xff04 },
		{ 4, 3, 0x4 }, { 123, 3, 0x4 },
	};
	struct dtb_params p = params(t[_i].ncpus, t[_i].gic);
	void *fdt = build(&p);
	uint32_t f = t[_i].flags;
	const uint32_t want[12] = { 1, 13, f, 1, 14, f, 1, 11, f, 1, 10, f };

	assert_strs(fdt, "/timer", "compatible",
		    "arm,armv8-timer\0arm,armv7-timer");
	ck_assert(has_prop(fdt, "/timer", "always-on"));
	assert_cells(fdt, "/timer", "interrupts", want, 12);
	free(fdt);
}
END_TEST

/*
 * The PMU node, only when asked (accel_ops.has_pmu): PPI 7 (INTID 23)
 * level-high with the timer's CPU mask, as QEMU's virt writes it.
 */
START_TEST(test_pmu)
{
	static const struct { unsigned int ncpus; int gic; uint32_t flags; } t[] = {
		{ 1, 2, 0x104 }, { 2, 2, 0x304 }, { 4, 3, 0x4 },
	};
	struct dtb_params p = params(t[_i].ncpus, t[_i].gic);
	const uint32_t want[3] = { 1, 7, t[_i].flags };
	void *fdt = build(&p);

	ck_assert_int_lt(fdt_path_offset(fdt, "/pmu"), 0);
	free(fdt);
	p.pmu = 1;
	fdt = build(&p);
	assert_strs(fdt, "/pmu", "compatible", "arm,armv8-pmuv3");
	assert_cells(fdt, "/pmu", "interrupts", want, 3);
	free(fdt);
}
END_TEST

static void assert_gic_common(const void *fdt)
{
	int child;

	ck_assert(has_prop(fdt, "/intc@8000000", "interrupt-controller"));
	ck_assert_uint_eq(prop_u32(fdt, "/intc@8000000", "#interrupt-cells"), 3);
	/* No v2m or ITS: we emulate neither. */
	fdt_for_each_subnode(child, fdt, node(fdt, "/intc@8000000"))
		ck_abort_msg("unexpected GIC child %s",
			     fdt_get_name(fdt, child, NULL));
}

START_TEST(test_gicv2)
{
	struct dtb_params p = params(2, 2);
	void *fdt = build(&p);
	const uint32_t reg[8] = { 0, 0x08000000, 0, 0x10000,
				  0, 0x08010000, 0, 0x10000 };

	assert_gic_common(fdt);
	assert_strs(fdt, "/intc@8000000", "compatible", "arm,cortex-a15-gic");
	assert_cells(fdt, "/intc@8000000", "reg", reg, 8);
	ck_assert(!has_prop(fdt, "/intc@8000000", "#redistributor-regions"));
	free(fdt);
}
END_TEST

START_TEST(test_gicv3)
{
	struct dtb_params p = params(4, 3);
	void *fdt = build(&p);
	const uint32_t reg[8] = { 0, 0x08000000, 0, 0x10000,
				  0, 0x080a0000, 0, 0xf60000 };

	assert_gic_common(fdt);
	assert_strs(fdt, "/intc@8000000", "compatible", "arm,gic-v3");
	assert_cells(fdt, "/intc@8000000", "reg", reg, 8);
	ck_assert_uint_eq(prop_u32(fdt, "/intc@8000000",
				   "#redistributor-regions"), 1);
	free(fdt);
}
END_TEST

START_TEST(test_apb_pclk)
{
	struct dtb_params p = params(1, 2);
	void *fdt = build(&p);

	assert_strs(fdt, "/apb-pclk", "compatible", "fixed-clock");
	ck_assert_uint_eq(prop_u32(fdt, "/apb-pclk", "#clock-cells"), 0);
	ck_assert_uint_eq(prop_u32(fdt, "/apb-pclk", "clock-frequency"),
			  24000000);
	assert_strs(fdt, "/apb-pclk", "clock-output-names", "clk24mhz");
	free(fdt);
}
END_TEST

START_TEST(test_pl011)
{
	struct dtb_params p = params(1, 2);
	void *fdt = build(&p);
	const char *path = "/pl011@9000000";
	const uint32_t irq[3] = { 0, 1, 4 };
	int len;
	const void *clocks;

	assert_strs(fdt, path, "compatible", "arm,pl011\0arm,primecell");
	assert_reg64(fdt, path, 0x09000000, 0x1000);
	assert_cells(fdt, path, "interrupts", irq, 3);
	assert_strs(fdt, path, "clock-names", "uartclk\0apb_pclk");
	clocks = prop(fdt, path, "clocks", &len);
	ck_assert_int_eq(len, 8);
	assert_phandle_is(fdt, cell(clocks, 0), "/apb-pclk");
	assert_phandle_is(fdt, cell(clocks, 1), "/apb-pclk");
	free(fdt);
}
END_TEST

START_TEST(test_pl031)
{
	struct dtb_params p = params(1, 3);
	void *fdt = build(&p);
	const char *path = "/pl031@9010000";
	const uint32_t irq[3] = { 0, 2, 4 };

	assert_strs(fdt, path, "compatible", "arm,pl031\0arm,primecell");
	assert_reg64(fdt, path, 0x09010000, 0x1000);
	assert_cells(fdt, path, "interrupts", irq, 3);
	assert_strs(fdt, path, "clock-names", "apb_pclk");
	assert_phandle_is(fdt, prop_u32(fdt, path, "clocks"), "/apb-pclk");
	free(fdt);
}
END_TEST

START_TEST(test_virtio_mmio)
{
	struct dtb_params p = params(1, 2);
	void *fdt = build(&p);
	unsigned int n;
	char path[64];

	for (n = 0; n < VIRT_MMIO_SLOTS; n++) {
		const uint32_t irq[3] = { 0, 16 + n, 1 };
		uint64_t base = 0x0a000000 + 0x200 * n;

		snprintf(path, sizeof(path), "/virtio_mmio@%llx",
			 (unsigned long long)base);
		assert_strs(fdt, path, "compatible", "virtio,mmio");
		assert_reg64(fdt, path, base, 0x200);
		assert_cells(fdt, path, "interrupts", irq, 3);
		ck_assert(has_prop(fdt, path, "dma-coherent"));
	}
	free(fdt);
}
END_TEST

START_TEST(test_psci)
{
	struct dtb_params p = params(2, 3);
	void *fdt;

	p.psci_hvc = !_i;
	fdt = build(&p);
	assert_strs(fdt, "/psci", "compatible",
		    "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
	if (_i)
		assert_strs(fdt, "/psci", "method", "smc");
	else
		assert_strs(fdt, "/psci", "method", "hvc");
	ck_assert_uint_eq(prop_u32(fdt, "/psci", "cpu_suspend"), 0xc4000001);
	ck_assert_uint_eq(prop_u32(fdt, "/psci", "cpu_off"), 0x84000002);
	ck_assert_uint_eq(prop_u32(fdt, "/psci", "cpu_on"), 0xc4000003);
	ck_assert_uint_eq(prop_u32(fdt, "/psci", "migrate"), 0xc4000005);
	free(fdt);
}
END_TEST

/* stdout-path must name the PL011 node itself. */
START_TEST(test_chosen_minimal)
{
	struct dtb_params p = params(1, 2);
	void *fdt = build(&p);
	const char *stdout_path;

	stdout_path = prop(fdt, "/chosen", "stdout-path", NULL);
	ck_assert_int_eq(node(fdt, stdout_path), node(fdt, "/pl011@9000000"));
	ck_assert(!has_prop(fdt, "/chosen", "bootargs"));
	ck_assert(!has_prop(fdt, "/chosen", "linux,initrd-start"));
	ck_assert(!has_prop(fdt, "/chosen", "linux,initrd-end"));
	ck_assert(!has_prop(fdt, "/chosen", "rng-seed"));
	ck_assert(!has_prop(fdt, "/chosen", "kaslr-seed"));
	free(fdt);
}
END_TEST

START_TEST(test_chosen_full)
{
	struct dtb_params p = params(2, 3);
	uint8_t seed[32];
	const uint32_t kaslr[2] = { 0x01234567, 0x89abcdef };
	void *fdt;
	int i;

	for (i = 0; i < 32; i++)
		seed[i] = (uint8_t)(i * 7 + 1);
	p.bootargs = "console=ttyAMA0 root=/dev/vda";
	p.initrd_start = 0x48000000;
	p.initrd_end = 0x480003e8;
	p.rng_seed = seed;
	p.rng_seed_len = sizeof(seed);
	p.kaslr_seed = 0x0123456789abcdefULL;
	fdt = build(&p);
	assert_strs(fdt, "/chosen", "bootargs", "console=ttyAMA0 root=/dev/vda");
	/* One cell each, as QEMU 7.2 writes them below 4 GiB. */
	ck_assert_uint_eq(prop_u32(fdt, "/chosen", "linux,initrd-start"),
			  0x48000000);
	ck_assert_uint_eq(prop_u32(fdt, "/chosen", "linux,initrd-end"),
			  0x480003e8);
	assert_bytes(fdt, "/chosen", "rng-seed", seed, sizeof(seed));
	assert_cells(fdt, "/chosen", "kaslr-seed", kaslr, 2);
	free(fdt);
}
END_TEST

/* An initrd above 4 GiB needs two cells, else the address is truncated. */
START_TEST(test_chosen_initrd_high)
{
	struct dtb_params p = params(1, 3);
	const uint32_t start[2] = { 1, 0x40000000 };
	const uint32_t end[2] = { 1, 0x40100000 };
	void *fdt;

	p.ram_size = 8ULL << 30;
	p.initrd_start = 0x140000000ULL;
	p.initrd_end = 0x140100000ULL;
	fdt = build(&p);
	assert_cells(fdt, "/chosen", "linux,initrd-start", start, 2);
	assert_cells(fdt, "/chosen", "linux,initrd-end", end, 2);
	free(fdt);
}
END_TEST

/* As QEMU: an empty -append writes no bootargs, an empty initrd no range. */
START_TEST(test_chosen_empty_values)
{
	struct dtb_params p = params(1, 2);
	void *fdt;

	p.bootargs = "";
	p.initrd_start = 0x48000000;
	p.initrd_end = 0x48000000;
	fdt = build(&p);
	ck_assert(!has_prop(fdt, "/chosen", "bootargs"));
	ck_assert(!has_prop(fdt, "/chosen", "linux,initrd-start"));
	free(fdt);
}
END_TEST

/* Every phandle-valued property anywhere names an existing node. */
START_TEST(test_all_phandle_refs_resolve)
{
	static const char *const refs[] = { "interrupt-parent", "clocks", "cpu" };
	struct dtb_params p = params(_i ? 8 : 20, _i ? 2 : 3);
	void *fdt = build(&p);
	int off, depth = 0, len, i, c, seen = 0;
	const void *v;

	for (off = 0; off >= 0; off = fdt_next_node(fdt, off, &depth)) {
		for (i = 0; i < 3; i++) {
			v = fdt_getprop(fdt, off, refs[i], &len);
			for (c = 0; v && c < len / 4; c++, seen++)
				ck_assert_int_ge(fdt_node_offset_by_phandle(
					fdt, cell(v, c)), 0);
		}
	}
	/* interrupt-parent + 4 clocks (PL011 2, PL031, PL061) + one cpu per core */
	ck_assert_int_eq(seen, 1 + 4 + (int)p.ncpus);
	/* The power button's gpios = <&pl061 3 0> */
	off = fdt_path_offset(fdt, "/gpio-keys/poweroff");
	v = fdt_getprop(fdt, off, "gpios", &len);
	ck_assert_int_eq(len, 12);
	ck_assert_int_eq(fdt_node_offset_by_phandle(fdt, cell(v, 0)),
			 fdt_path_offset(fdt, "/pl061@9030000"));
	ck_assert_uint_eq(cell(v, 1), 3);
	free(fdt);
}
END_TEST

static void assert_build_fails(const struct dtb_params *p, int code)
{
	struct av_err e = { 0 };
	void *fdt = NULL;
	size_t size = 0;

	ck_assert_int_eq(dtb_build(p, &fdt, &size, &e), -code);
	ck_assert_ptr_null(fdt);
	ck_assert_msg(!strncmp(e.msg, "DTB: ", 5), "message '%s'", e.msg);
}

START_TEST(test_build_rejects_bad_params)
{
	struct dtb_params p;

	p = params(2, 4);
	assert_build_fails(&p, EINVAL);
	p = params(0, 2);
	assert_build_fails(&p, EINVAL);
	p = params(GICV2_MAX_CPUS + 1, 2);
	assert_build_fails(&p, EINVAL);
	p = params(GICV3_MAX_CPUS + 1, 3);
	assert_build_fails(&p, EINVAL);
	p = params(1, 3);
	p.cpu_compatible = NULL;
	assert_build_fails(&p, EINVAL);
	p = params(1, 3);
	p.ram_size = 0;
	assert_build_fails(&p, EINVAL);
	p = params(1, 3);
	p.ram_base = ~0ULL - 0x1000;
	assert_build_fails(&p, EINVAL);
	p = params(1, 3);
	p.initrd_start = 0x48001000;
	p.initrd_end = 0x48000000;
	assert_build_fails(&p, EINVAL);
}
END_TEST

/*
 * -smp 8,sockets=2,clusters=2,cores=1,threads=2: QEMU 7.2 names CPU i
 * socket i/4, cluster i/2%2, core 0, thread i%2.
 */
START_TEST(test_cpu_map_topology)
{
	struct dtb_params p = params(8, 2);
	char path[96], cpu[64];
	unsigned int i;
	void *fdt;

	p.sockets = 2;
	p.clusters = 2;
	p.cores = 1;
	p.threads = 2;
	fdt = build(&p);
	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof(path),
			 "/cpus/cpu-map/socket%u/cluster%u/core0/thread%u",
			 i / 4, i / 2 % 2, i % 2);
		snprintf(cpu, sizeof(cpu), "/cpus/cpu@%u", i);
		assert_phandle_is(fdt, prop_u32(fdt, path, "cpu"), cpu);
	}
	ck_assert_int_lt(fdt_path_offset(fdt, "/cpus/cpu-map/socket2"), 0);
	ck_assert_int_lt(fdt_path_offset(fdt, "/cpus/cpu-map/socket0/cluster0/core1"), 0);
	free(fdt);
}
END_TEST

/* Fewer places than CPUs, or only part of a topology, is an error. */
START_TEST(test_cpu_map_bad_topology)
{
	struct dtb_params p = params(6, 3);

	p.sockets = p.clusters = p.cores = p.threads = 1;
	assert_build_fails(&p, EINVAL);
	p.cores = 6;
	p.threads = 0;
	assert_build_fails(&p, EINVAL);
	p.sockets = p.clusters = p.threads = 65536;
	p.cores = 65536;
	assert_build_fails(&p, EINVAL);
}
END_TEST

/* Linux takes at most 2 MiB of DTB (booting.rst): bigger is an error. */
START_TEST(test_build_size_limit)
{
	struct dtb_params p = params(1, 3);
	size_t big = 900 * 1024;
	char *args = malloc(big + 1);
	uint8_t *seed = calloc(1, big);
	void *fdt;

	ck_assert_ptr_nonnull(args);
	ck_assert_ptr_nonnull(seed);
	memset(args, 'a', big);
	args[big] = '\0';
	p.bootargs = args;
	fdt = build(&p);		/* 900 KiB fits */
	ck_assert_uint_eq(strlen(prop(fdt, "/chosen", "bootargs", NULL)), big);
	free(fdt);
	p.rng_seed = seed;
	p.rng_seed_len = big;
	fdt = build(&p);		/* 1.8 MiB still fits */
	free(fdt);
	p.rng_seed_len = 1200 * 1024;	/* 2.1 MiB does not */
	assert_build_fails(&p, E2BIG);
	free(args);
	free(seed);
}
END_TEST

/*
 * A user blob with RAM where we have none, a stale /psci, a node of its
 * own with a phandle, and no /chosen.
 */
static void *user_blob(int acells, int scells, int with_chosen)
{
	size_t size = 4096;
	void *b = malloc(size);
	int n;

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(fdt_create_empty_tree(b, (int)size), 0);
	ck_assert_int_eq(fdt_setprop_string(b, 0, "compatible", "test,board"), 0);
	ck_assert_int_eq(fdt_setprop_u32(b, 0, "#address-cells", acells), 0);
	ck_assert_int_eq(fdt_setprop_u32(b, 0, "#size-cells", scells), 0);
	n = fdt_add_subnode(b, 0, "memory@80000000");
	ck_assert_int_ge(n, 0);
	fdt_setprop_string(b, n, "device_type", "memory");
	n = fdt_add_subnode(b, 0, "ram@90000000");
	ck_assert_int_ge(n, 0);
	fdt_setprop_string(b, n, "device_type", "memory");
	n = fdt_add_subnode(b, 0, "psci");
	ck_assert_int_ge(n, 0);
	fdt_setprop_string(b, n, "method", "smc");
	fdt_setprop_u32(b, n, "cpu_on", 0x95c1ba5e);
	n = fdt_add_subnode(b, 0, "mydev");
	ck_assert_int_ge(n, 0);
	ck_assert_int_eq(fdt_setprop_u32(b, n, "phandle", 7), 0);
	if (with_chosen) {
		n = fdt_add_subnode(b, 0, "chosen");
		ck_assert_int_ge(n, 0);
		fdt_setprop_string(b, n, "stdout-path", "serial0:115200n8");
		fdt_setprop_string(b, n, "bootargs", "old args");
	}
	ck_assert_int_eq(fdt_pack(b), 0);	/* no slack: we must add room */
	return b;
}

static void *fill(const void *user, size_t size, const struct dtb_params *p)
{
	struct av_err e = { 0 };
	size_t out_size = 0;
	void *out = NULL;
	int ret = dtb_fill_chosen(user, size, p, &out, &out_size, &e);

	ck_assert_msg(ret == 0, "dtb_fill_chosen: %s", e.msg);
	ck_assert_int_eq(fdt_check_full(out, out_size), 0);
	return out;
}

START_TEST(test_fill_adds_chosen_and_fixes_up)
{
	void *user = user_blob(2, 2, 0);
	struct dtb_params p = params(2, 3);
	uint8_t seed[32] = { 9, 8, 7 };
	void *fdt;
	int child, memories = 0;

	p.ram_size = 6ULL << 30;
	p.bootargs = "root=/dev/vda";
	p.initrd_start = 0x48000000;
	p.initrd_end = 0x48100000;
	p.rng_seed = seed;
	p.rng_seed_len = sizeof(seed);
	fdt = fill(user, fdt_totalsize(user), &p);
	assert_strs(fdt, "/chosen", "bootargs", "root=/dev/vda");
	ck_assert_uint_eq(prop_u32(fdt, "/chosen", "linux,initrd-start"),
			  0x48000000);
	ck_assert_uint_eq(prop_u32(fdt, "/chosen", "linux,initrd-end"),
			  0x48100000);
	assert_bytes(fdt, "/chosen", "rng-seed", seed, sizeof(seed));
	/* Every RAM node replaced by ours. */
	fdt_for_each_subnode(child, fdt, 0)
		if (fdt_getprop(fdt, child, "device_type", NULL))
			memories++;
	ck_assert_int_eq(memories, 1);
	assert_reg64(fdt, "/memory@40000000", 0x40000000, 6ULL << 30);
	/* Our PSCI, not the user's. */
	assert_strs(fdt, "/psci", "method", "hvc");
	ck_assert_uint_eq(prop_u32(fdt, "/psci", "cpu_on"), 0xc4000003);
	/* The rest untouched. */
	assert_strs(fdt, "/", "compatible", "test,board");
	assert_phandle_is(fdt, 7, "/mydev");
	free(fdt);
	free(user);
}
END_TEST

START_TEST(test_fill_keeps_existing_chosen)
{
	void *user = user_blob(2, 2, 1);
	struct dtb_params p = params(1, 2);
	void *fdt;

	fdt = fill(user, fdt_totalsize(user), &p);
	/* No -append: the user's bootargs stay, as under QEMU. */
	assert_strs(fdt, "/chosen", "bootargs", "old args");
	assert_strs(fdt, "/chosen", "stdout-path", "serial0:115200n8");
	free(fdt);
	p.bootargs = "new args";
	fdt = fill(user, fdt_totalsize(user), &p);
	assert_strs(fdt, "/chosen", "bootargs", "new args");
	assert_strs(fdt, "/chosen", "stdout-path", "serial0:115200n8");
	free(fdt);
	free(user);
}
END_TEST

/* RAM in the blob's own cells. */
START_TEST(test_fill_one_cell_root)
{
	void *user = user_blob(1, 1, 0);
	struct dtb_params p = params(1, 2);
	const uint32_t reg[2] = { 0x40000000, 0x40000000 };
	void *fdt;

	fdt = fill(user, fdt_totalsize(user), &p);
	assert_cells(fdt, "/memory@40000000", "reg", reg, 2);
	free(fdt);
	free(user);
}
END_TEST

static void assert_fill_fails(const void *user, size_t size,
			      const struct dtb_params *p, const char *what)
{
	struct av_err e = { 0 };
	void *out = NULL;
	size_t out_size = 0;
	int ret = dtb_fill_chosen(user, size, p, &out, &out_size, &e);

	ck_assert_int_lt(ret, 0);
	ck_assert_ptr_null(out);
	ck_assert_msg(strstr(e.msg, "DTB: ") == e.msg && strstr(e.msg, what),
		      "message '%s' lacks '%s'", e.msg, what);
}

START_TEST(test_fill_one_cell_size_too_small)
{
	void *user = user_blob(2, 1, 0);
	struct dtb_params p = params(1, 2);

	p.ram_size = 4ULL << 30;
	assert_fill_fails(user, fdt_totalsize(user), &p, "4 GiB");
	free(user);
}
END_TEST

START_TEST(test_fill_rejects_non_dtb)
{
	static const char text[] = "/dts-v1/; / { };";
	uint8_t zeros[64] = { 0 };
	void *user = user_blob(2, 2, 0);
	struct dtb_params p = params(1, 2);

	assert_fill_fails(text, sizeof(text), &p, "not a valid device tree");
	assert_fill_fails(zeros, sizeof(zeros), &p, "not a valid device tree");
	assert_fill_fails(zeros, 0, &p, "not a valid device tree");
	assert_fill_fails(NULL, 0, &p, "not a valid device tree");
	/* A good blob cut short. */
	assert_fill_fails(user, fdt_totalsize(user) - 16, &p,
			  "not a valid device tree");
	free(user);
}
END_TEST

/* Linux takes at most 2 MiB of DTB (booting.rst). */
START_TEST(test_fill_rejects_oversized)
{
	size_t size = 3u << 20;
	void *user = malloc(size);
	void *big = calloc(1, (2u << 20) + 1);
	struct dtb_params p = params(1, 2);

	ck_assert_ptr_nonnull(user);
	ck_assert_ptr_nonnull(big);
	ck_assert_int_eq(fdt_create_empty_tree(user, (int)size), 0);
	ck_assert_int_eq(fdt_setprop(user, 0, "blob", big, (2 << 20) + 1), 0);
	ck_assert_int_eq(fdt_pack(user), 0);
	assert_fill_fails(user, fdt_totalsize(user), &p, "2 MiB");
	free(big);
	free(user);
}
END_TEST

/* Damaged blobs: a clear error or a valid result, never a crash. */
START_TEST(test_fill_survives_corruption)
{
	void *user = user_blob(2, 2, 1);
	size_t size = fdt_totalsize(user);
	uint8_t *bad = malloc(size);
	struct dtb_params p = params(1, 2);
	struct av_err e;
	uint32_t x = 12345;
	void *out;
	size_t out_size;
	int round, ret;

	ck_assert_ptr_nonnull(bad);
	p.bootargs = "console=ttyAMA0";
	for (round = 0; round < 3000; round++) {
		memcpy(bad, user, size);
		x = x * 1103515245u + 12345u;
		bad[(x >> 8) % size] ^= (uint8_t)(1u << (x % 8));
		x = x * 1103515245u + 12345u;
		if (round & 1)
			bad[(x >> 8) % size] = (uint8_t)x;
		out = NULL;
		memset(&e, 0, sizeof(e));
		ret = dtb_fill_chosen(bad, size, &p, &out, &out_size, &e);
		if (ret) {
			ck_assert_ptr_null(out);
			ck_assert(!strncmp(e.msg, "DTB: ", 5));
		} else {
			ck_assert_int_eq(fdt_check_full(out, out_size), 0);
			free(out);
		}
	}
	free(bad);
	free(user);
}
END_TEST

static Suite *dtb_suite(void)
{
	Suite *s = suite_create("dtb");
	TCase *tc = tcase_create("build");
	int ncpu = sizeof(cpu_cases) / sizeof(cpu_cases[0]);

	tcase_add_loop_test(tc, test_root, 0, 2);
	tcase_add_test(tc, test_node_list_and_order);
	tcase_add_loop_test(tc, test_memory, 0,
			    sizeof(ram_sizes) / sizeof(ram_sizes[0]));
	tcase_add_loop_test(tc, test_cpus, 0, ncpu);
	tcase_add_loop_test(tc, test_cpu_map, 0, ncpu);
	tcase_add_test(tc, test_cpu_map_topology);
	tcase_add_test(tc, test_cpu_map_bad_topology);
	tcase_add_test(tc, test_cpus_given_mpidr_aff3);
	tcase_add_test(tc, test_cpu_compatible_passed_through);
	tcase_add_loop_test(tc, test_timer, 0, 5);
	tcase_add_loop_test(tc, test_pmu, 0, 3);
	tcase_add_test(tc, test_gicv2);
	tcase_add_test(tc, test_gicv3);
	tcase_add_test(tc, test_apb_pclk);
	tcase_add_test(tc, test_pl011);
	tcase_add_test(tc, test_pl031);
	tcase_add_test(tc, test_virtio_mmio);
	tcase_add_loop_test(tc, test_psci, 0, 2);
	tcase_add_test(tc, test_chosen_minimal);
	tcase_add_test(tc, test_chosen_full);
	tcase_add_test(tc, test_chosen_initrd_high);
	tcase_add_test(tc, test_chosen_empty_values);
	tcase_add_loop_test(tc, test_all_phandle_refs_resolve, 0, 2);
	tcase_add_test(tc, test_build_rejects_bad_params);
	tcase_add_test(tc, test_build_size_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("user dtb");
	tcase_add_test(tc, test_fill_adds_chosen_and_fixes_up);
	tcase_add_test(tc, test_fill_keeps_existing_chosen);
	tcase_add_test(tc, test_fill_one_cell_root);
	tcase_add_test(tc, test_fill_one_cell_size_too_small);
	tcase_add_test(tc, test_fill_rejects_non_dtb);
	tcase_add_test(tc, test_fill_rejects_oversized);
	tcase_add_test(tc, test_fill_survives_corruption);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(dtb_suite());
}
