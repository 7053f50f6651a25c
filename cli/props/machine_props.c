// SPDX-License-Identifier: GPL-2.0
/*
 * Properties of the [machine] group: -machine virt,gic-version=3 and
 * "[machine]" in a -readconfig file (QEMU's machine opts, which also
 * carry kernel, initrd, append, dtb and the legacy accel list).
 */
#include <errno.h>
#include <string.h>

#include "../opts.h"
#include "util.h"

/* hw/arm/virt.c virt_set_gic_version(): the names QEMU accepts. */
static const struct {
	const char *name;
	int version;
} machine_gic_versions[] = {
	{ "2", GIC_VERSION_2 },
	{ "3", GIC_VERSION_3 },
	{ "host", GIC_VERSION_HOST },
	{ "max", GIC_VERSION_MAX },
};

static int machine_set_type(struct vm_config *cfg, const char *value,
			    struct av_err *err)
{
	if (opts_is_help(value)) {
		cfg->list_requests |= CONFIG_LIST_MACHINES;
		return 0;
	}
	for (unsigned int i = 0; cli_machines[i].name; i++) {
		if (!strcmp(value, cli_machines[i].name)) {
			strcpy(cfg->machine, "virt");
			return 0;
		}
	}
	return av_errf(err, EINVAL,
		       "unsupported machine type '%s' (use -machine help to list)",
		       value);
}

static int machine_set_gic(struct vm_config *cfg, const char *value,
			   struct av_err *err)
{
	size_t n = ARRAY_SIZE(machine_gic_versions);

	for (size_t i = 0; i < n; i++) {
		if (!strcmp(value, machine_gic_versions[i].name)) {
			cfg->gic_version = machine_gic_versions[i].version;
			return 0;
		}
	}
	return av_errf(err, EINVAL,
		       "invalid gic-version value '%s' (valid values are 3, 2, host, max)",
		       value);
}

/*
 * accel=kvm:tcg, the older spelling of -accel kvm -accel tcg. QEMU
 * refuses to mix the two (softmmu/vl.c configure_accelerators()).
 */
static int machine_set_accel(struct vm_config *cfg, const char *value,
			     struct av_err *err)
{
	char name[32];
	const char *p = value;
	int ret = 0;

	if (cfg->accel_count && !cfg->accel_from_machine)
		return av_errf(err, EINVAL,
			       "the -accel and \"-machine accel=\" options are incompatible");
	cfg->accel_count = 0;
	cfg->accel_from_machine = true;
	while (!ret) {
		size_t len = strcspn(p, ":");

		if (len >= sizeof(name))
			len = sizeof(name) - 1;
		memcpy(name, p, len);
		name[len] = '\0';
		ret = accel_add(cfg, name, err);
		p += strcspn(p, ":");
		if (!*p++)
			break;
	}
	return ret;
}

/*
 * virt properties whose only value armvisor models is QEMU's default:
 * no EL3 (secure), no EL2 (virtualization), no ACPI tables, no MTE
 * tag memory, no RAS error records, no IOMMU. Accepting
 * that value keeps QEMU command lines working; asking for more is an
 * error rather than a silently different machine.
 */
static const struct {
	const char *key;
	const char *const ok[4];
} machine_fixed_props[] = {
	{ "secure", { "off", "false", "no", NULL } },
	{ "virtualization", { "off", "false", "no", NULL } },
	{ "acpi", { "off", "auto", NULL } },
	{ "mte", { "off", "false", "no", NULL } },
	{ "ras", { "off", "false", "no", NULL } },
	{ "iommu", { "none", NULL } },
};

static int machine_set_fixed(const char *key, const char *value,
			     struct av_err *err)
{
	size_t n = ARRAY_SIZE(machine_fixed_props);

	for (size_t i = 0; i < n; i++) {
		if (strcmp(key, machine_fixed_props[i].key))
			continue;
		for (size_t j = 0; machine_fixed_props[i].ok[j]; j++)
			if (!strcmp(value, machine_fixed_props[i].ok[j]))
				return 0;
		return av_errf(err, EINVAL, "%s=%s is not supported (only %s=%s)",
			       key, value, key, machine_fixed_props[i].ok[0]);
	}
	return 1;
}

/*
 * highmem=off (hw/arm/virt.c "highmem"): nothing above 4 GiB. Our board
 * puts nothing there but RAM past 3 GiB (docs/ARCHITECTURE.md, "The
 * board"), so only -m is checked (config_validate).
 */
static int machine_set_highmem(struct vm_config *cfg, const char *value,
			       struct av_err *err)
{
	bool on = true;
	int ret = parse_bool("highmem", value, &on, err);

	if (!ret)
		cfg->highmem_off = !on;
	return ret;
}

/*
 * its=on|off (hw/arm/virt.c "its", on by default): whether a GICv3 board
 * has an ITS, the PCIe node's MSI controller. No effect with GICv2,
 * whose MSI frame is the v2m, as in QEMU.
 */
static int machine_set_its(struct vm_config *cfg, const char *value,
			   struct av_err *err)
{
	bool on = true;
	int ret = parse_bool("its", value, &on, err);

	if (!ret)
		cfg->its_off = !on;
	return ret;
}

int machine_set_prop(struct vm_config *cfg, const char *key,
		     const char *value, struct av_err *err)
{
	int ret;

	if (!strcmp(key, "type"))
		return machine_set_type(cfg, value, err);
	if (!strcmp(key, "gic-version"))
		return machine_set_gic(cfg, value, err);
	if (!strcmp(key, "accel"))
		return machine_set_accel(cfg, value, err);
	if (!strcmp(key, "highmem"))
		return machine_set_highmem(cfg, value, err);
	if (!strcmp(key, "its"))
		return machine_set_its(cfg, value, err);
	if (!strcmp(key, "dumpdtb"))
		return config_set_str(&cfg->dumpdtb, value, err);
	if (!strcmp(key, "kernel"))
		return config_set_str(&cfg->kernel, value, err);
	if (!strcmp(key, "initrd"))
		return config_set_str(&cfg->initrd, value, err);
	if (!strcmp(key, "append"))
		return config_set_str(&cfg->append, value, err);
	if (!strcmp(key, "dtb"))
		return config_set_str(&cfg->dtb, value, err);
	ret = machine_set_fixed(key, value, err);
	if (ret <= 0)
		return ret;
	return av_errf(err, EINVAL, "machine property '%s' not found", key);
}

/*
 * What -machine virt,help lists, in QEMU's order and form (hw/arm/virt.c
 * and hw/core/machine.c describe theirs); sample is a value the setter
 * above accepts (the unit test tries each).
 */
static const struct {
	const char *name;
	const char *type;
	const char *desc;
	const char *sample;
} machine_props[] = {
	{ "acpi", "OnOffAuto", "Enable ACPI (only off or auto: no ACPI tables)", "off" },
	{ "append", "string", "Linux kernel command line", "quiet" },
	{ "dtb", "string", "Linux kernel device tree file", "board.dtb" },
	{ "dumpdtb", "string", "Dump current dtb to a file and quit", "out.dtb" },
	{ "gic-version", "string", "Set GIC version. Valid values are 2, 3, host and max", "3" },
	{ "highmem", "bool", "Set on/off to enable/disable using physical address space above 32 bits", "on" },
	{ "initrd", "string", "Linux initial ramdisk file", "initrd.img" },
	{ "iommu", "string", "Set the IOMMU type (only none)", "none" },
	{ "its", "bool", "Set on/off to enable/disable ITS instantiation", "off" },
	{ "kernel", "string", "Linux kernel image file", "Image" },
	{ "mte", "bool", "Emulate the Memory Tagging Extension (only off)", "off" },
	{ "ras", "bool", "Report host memory errors to the guest (only off)", "off" },
	{ "secure", "bool", "Emulate the ARM Security Extensions (only off)", "off" },
	{ "virtualization", "bool", "Emulate the ARM Virtualization Extensions (only off)", "off" },
};

bool machine_props_help(const char *arg)
{
	const char *p = strchr(arg, ',');

	while (p) {
		const char *e = p + 1;
		size_t len = strcspn(e, ",");

		if ((len == 4 && !strncmp(e, "help", 4)) || (len == 1 && *e == '?'))
			return true;
		p = strchr(e, ',');
	}
	return false;
}

void machine_print_props(FILE *out)
{
	char head[64];

	fprintf(out, "virt-7.2-machine options:\n");
	for (size_t i = 0; i < ARRAY_SIZE(machine_props); i++) {
		snprintf(head, sizeof(head), "%s=<%s>", machine_props[i].name,
			 machine_props[i].type);
		fprintf(out, "  %-22s - %s\n", head, machine_props[i].desc);
	}
}

bool machine_prop_sample(unsigned int i, const char **name, const char **value)
{
	if (i >= ARRAY_SIZE(machine_props))
		return false;
	*name = machine_props[i].name;
	*value = machine_props[i].sample;
	return true;
}
