// SPDX-License-Identifier: GPL-2.0
/*
 * CPU-side nodes: /cpus with cpu-map, /timer and /psci, with QEMU 7.2
 * virt's names and values (hw/arm/virt.c fdt_add_cpu_nodes(),
 * fdt_add_timer_nodes(), hw/arm/boot.c fdt_add_psci_node()).
 */
#include <stdio.h>

#include <libfdt.h>

#include "board.h"
#include "dtb_priv.h"

/*
 * The MPIDR fields a cpu node's reg holds: Aff3 and Aff2..Aff0
 * (Documentation/devicetree/bindings/arm/cpus.yaml; Linux masks with
 * MPIDR_HWID_BITMASK, arch/arm64/include/asm/cputype.h).
 */
#define DTB_MPIDR_HWID_MASK	0xff00ffffffULL
#define DTB_MPIDR_AFF3_MASK	0xff00000000ULL

/*
 * PSCI function IDs (Arm DEN0022, 5.1 "Function prototypes"): fast calls
 * in the standard secure service range, SMC64 for those taking 64-bit
 * arguments, as QEMU writes them for an AArch64 CPU.
 */
#define PSCI_FN_BASE32		0x84000000u
#define PSCI_FN_BASE64		0xc4000000u
#define PSCI_FN_CPU_SUSPEND	0x1
#define PSCI_FN_CPU_OFF		0x2
#define PSCI_FN_CPU_ON		0x3
#define PSCI_FN_MIGRATE		0x5

static uint64_t dtb_cpu_mpidr(const struct dtb_params *p, unsigned int i)
{
	uint64_t v = p->mpidr ? p->mpidr[i] : virt_cpu_mpidr(i, p->gic_version);

	return v & DTB_MPIDR_HWID_MASK;
}

/* cpus.yaml: #address-cells may be 1 when no CPU has Aff3 set. */
static int dtb_cpu_addr_cells(const struct dtb_params *p)
{
	unsigned int i;

	for (i = 0; i < p->ncpus; i++)
		if (dtb_cpu_mpidr(p, i) & DTB_MPIDR_AFF3_MASK)
			return 2;
	return 1;
}

static int dtb_add_cpu(void *fdt, int cpus, const struct dtb_params *p,
		       unsigned int i, int acells, uint32_t phandle)
{
	uint64_t mpidr = dtb_cpu_mpidr(p, i);
	char name[32];
	int node, ret;

	snprintf(name, sizeof(name), "cpu@%u", i);
	node = fdt_add_subnode(fdt, cpus, name);
	if (node < 0)
		return node;
	ret = fdt_setprop_string(fdt, node, "device_type", "cpu");
	if (!ret)
		ret = fdt_setprop_string(fdt, node, "compatible",
					 p->cpu_compatible);
	/* QEMU names no enable-method for a lone CPU: nothing to start. */
	if (!ret && p->ncpus > 1)
		ret = fdt_setprop_string(fdt, node, "enable-method", "psci");
	if (!ret)
		ret = acells == 2 ? fdt_setprop_u64(fdt, node, "reg", mpidr) :
			fdt_setprop_u32(fdt, node, "reg", (uint32_t)mpidr);
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "phandle", phandle);
	return ret;
}

/* Find or create a child: several CPUs share a socket, cluster or core. */
static int dtb_subnode(void *fdt, int parent, const char *fmt, unsigned int n)
{
	char name[32];
	int node;

	snprintf(name, sizeof(name), fmt, n);
	node = fdt_subnode_offset(fdt, parent, name);
	if (node == -FDT_ERR_NOTFOUND)
		node = fdt_add_subnode(fdt, parent, name);
	return node;
}

/*
 * CPU i's place in the topology (Documentation/devicetree/bindings/cpu/
 * cpu-topology.txt), numbered as QEMU 7.2 fdt_add_cpu_nodes() does:
 * threads vary fastest, then cores, clusters, sockets; thread nodes
 * only when cores have more than one.
 */
static int dtb_add_cpu_map_entry(void *fdt, int map,
				 const struct dtb_params *p, unsigned int i,
				 uint32_t phandle)
{
	unsigned int threads = p->threads ? p->threads : 1;
	unsigned int cores = p->cores ? p->cores : p->ncpus;
	unsigned int clusters = p->clusters ? p->clusters : 1;
	int node;

	node = dtb_subnode(fdt, map, "socket%u",
			   i / (clusters * cores * threads));
	if (node >= 0)
		node = dtb_subnode(fdt, node, "cluster%u",
				   i / (cores * threads) % clusters);
	if (node >= 0)
		node = dtb_subnode(fdt, node, "core%u", i / threads % cores);
	if (node >= 0 && threads > 1)
		node = dtb_subnode(fdt, node, "thread%u", i % threads);
	if (node < 0)
		return node;
	return fdt_setprop_u32(fdt, node, "cpu", phandle);
}

/* Last CPU first: each new node goes in front, leaving core0 first. */
static int dtb_add_cpu_map(void *fdt, int cpus, const struct dtb_params *p,
			   const struct dtb_phandles *ph)
{
	unsigned int i;
	int map, ret = 0;

	map = fdt_add_subnode(fdt, cpus, "cpu-map");
	if (map < 0)
		return map;
	for (i = p->ncpus; !ret && i-- > 0;)
		ret = dtb_add_cpu_map_entry(fdt, map, p, i, ph->cpu0 - i);
	return ret;
}

int dtb_add_cpus(void *fdt, const struct dtb_params *p,
		 const struct dtb_phandles *ph)
{
	int acells = dtb_cpu_addr_cells(p);
	unsigned int i;
	int cpus, ret;

	cpus = fdt_add_subnode(fdt, 0, "cpus");
	if (cpus < 0)
		return cpus;
	ret = fdt_setprop_u32(fdt, cpus, "#address-cells", (uint32_t)acells);
	if (!ret)
		ret = fdt_setprop_u32(fdt, cpus, "#size-cells", 0);
	for (i = p->ncpus; !ret && i-- > 0;)
		ret = dtb_add_cpu(fdt, cpus, p, i, acells, ph->cpu0 - i);
	if (!ret)
		ret = dtb_add_cpu_map(fdt, cpus, p, ph);
	return ret;
}

/*
 * The four timer PPIs in the order of the arm,armv8-timer binding
 * (secure, non-secure, virtual, hypervisor physical), level-high; on
 * GICv2 the flags also carry the mask of CPUs the PPI reaches.
 */
int dtb_add_timer(void *fdt, const struct dtb_params *p)
{
	static const char compat[] = "arm,armv8-timer\0arm,armv7-timer";
	static const unsigned int intids[] = {
		VIRT_PPI_TIMER_SEC, VIRT_PPI_TIMER_PHYS,
		VIRT_PPI_TIMER_VIRT, VIRT_PPI_TIMER_HYP,
	};
	uint32_t flags = DTB_IRQ_LEVEL_HIGH;
	uint32_t cells[3 * 4];
	unsigned int i;
	int node, ret;

	if (p->gic_version == 2)
		flags |= ((1u << p->ncpus) - 1) << DTB_GIC_PPI_CPU_SHIFT;
	for (i = 0; i < 4; i++) {
		cells[3 * i] = DTB_GIC_IRQ_PPI;
		cells[3 * i + 1] = intids[i] - GIC_PPI_BASE;
		cells[3 * i + 2] = flags;
	}
	node = fdt_add_subnode(fdt, 0, "timer");
	if (node < 0)
		return node;
	ret = fdt_setprop(fdt, node, "compatible", compat, sizeof(compat));
	if (!ret)
		ret = fdt_setprop_empty(fdt, node, "always-on");
	if (!ret)
		ret = dtb_set_cells(fdt, node, "interrupts", cells, 3 * 4);
	return ret;
}

/*
 * The PMU's overflow interrupt (Documentation/devicetree/bindings/arm/
 * pmu.yaml): PPI 7 (INTID 23) level-high, with the CPU mask on GICv2 as
 * for the timer; QEMU's virt adds the node after the GIC's.
 */
int dtb_add_pmu(void *fdt, const struct dtb_params *p)
{
	uint32_t cells[3] = { DTB_GIC_IRQ_PPI, VIRT_PPI_PMU - GIC_PPI_BASE, DTB_IRQ_LEVEL_HIGH };
	int node, ret;

	if (p->gic_version == 2)
		cells[2] |= ((1u << p->ncpus) - 1) << DTB_GIC_PPI_CPU_SHIFT;
	node = fdt_add_subnode(fdt, 0, "pmu");
	if (node < 0)
		return node;
	ret = fdt_setprop_string(fdt, node, "compatible", "arm,armv8-pmuv3");
	if (!ret)
		ret = dtb_set_cells(fdt, node, "interrupts", cells, 3);
	return ret;
}

/*
 * Our PSCI is 1.0 (Documentation/devicetree/bindings/arm/psci.yaml).
 * Like QEMU, replace any /psci a user's DTB has: its function IDs or
 * method may not be ours.
 */
int dtb_replace_psci(void *fdt, const struct dtb_params *p)
{
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
	int node, ret;

	node = fdt_path_offset(fdt, "/psci");
	if (node >= 0) {
		ret = fdt_del_node(fdt, node);
		if (ret)
			return ret;
	}
	node = fdt_add_subnode(fdt, 0, "psci");
	if (node < 0)
		return node;
	ret = fdt_setprop(fdt, node, "compatible", compat, sizeof(compat));
	if (!ret)
		ret = fdt_setprop_string(fdt, node, "method",
					 p->psci_hvc ? "hvc" : "smc");
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "cpu_suspend",
				      PSCI_FN_BASE64 + PSCI_FN_CPU_SUSPEND);
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "cpu_off",
				      PSCI_FN_BASE32 + PSCI_FN_CPU_OFF);
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "cpu_on",
				      PSCI_FN_BASE64 + PSCI_FN_CPU_ON);
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "migrate",
				      PSCI_FN_BASE64 + PSCI_FN_MIGRATE);
	return ret;
}
