// SPDX-License-Identifier: GPL-2.0
/*
 * Checks that need every option in place, as qemu_validate_options()
 * (softmmu/vl.c) and machvirt_init() (hw/arm/virt.c) make them. File
 * paths are not checked here: the loaders report what they cannot read.
 */
#include <errno.h>
#include <string.h>

#include "board.h"
#include "opts.h"

/* hw/arm/virt.c virt_firmware_init(): one source for bank 0. */
static int validate_bios(const struct vm_config *cfg, struct av_err *err)
{
	for (unsigned int i = 0; cfg->bios && i < cfg->ndrives; i++)
		if (cfg->drives[i].is_pflash && cfg->drives[i].index == 0)
			return av_errf(err, EINVAL,
				       "The contents of the first flash device may not be "
				       "specified with both -bios and -drive/-pflash");
	return 0;
}

static int validate_boot(const struct vm_config *cfg, struct av_err *err)
{
	int ret = validate_bios(cfg, err);

	if (ret)
		return ret;
	if (cfg->kernel)
		return 0;
	if (cfg->initrd)
		return av_errf(err, EINVAL, "-initrd only allowed with -kernel option");
	if (cfg->append)
		return av_errf(err, EINVAL, "-append only allowed with -kernel option");
	if (cfg->dtb)
		return av_errf(err, EINVAL, "-dtb only allowed with -kernel option");
	return 0;
}

/* What KVM alone can provide (target/arm/cpu64.c, hw/arm/virt.c). */
static int validate_accel(const struct vm_config *cfg, struct av_err *err)
{
	if (cfg->accel != ACCEL_TCG)
		return 0;
	if (cfg->gic_version == GIC_VERSION_HOST)
		return av_errf(err, EINVAL, "gic-version=host requires KVM");
	if (!strcmp(cfg->cpu, "host"))
		return av_errf(err, EINVAL,
			       "-cpu host: the 'host' CPU type can only be used with KVM");
	return 0;
}

/*
 * The GIC bounds the CPU count: GICv2 has 8 CPU interfaces; the GICv3
 * redistributor region of the board holds 123 frames (include/board.h).
 * Without gic-version, TCG uses GICv2 as QEMU does; under KVM the host
 * decides, so only the larger bound can be checked here.
 */
static int validate_cpus(const struct vm_config *cfg, struct av_err *err)
{
	unsigned int max = GICV3_MAX_CPUS;
	const char *gic = "GICv3";

	if (cfg->gic_version == GIC_VERSION_2 ||
	    (cfg->gic_version == GIC_VERSION_DEFAULT && cfg->accel == ACCEL_TCG)) {
		max = GICV2_MAX_CPUS;
		gic = "GICv2";
	}
	if (cfg->smp_max_cpus > max)
		return av_errf(err, EINVAL,
			       "-smp %u: more CPUs than %s supports (%u)%s",
			       cfg->smp_max_cpus, gic, max,
			       max == GICV2_MAX_CPUS ? "; use -machine gic-version=3" : "");
	return 0;
}

/* QEMU's machvirt_init() check, in its words, for highmem=off. */
static int validate_highmem(const struct vm_config *cfg, struct av_err *err)
{
	uint64_t end = virt_memmap[VIRT_MEM].base + cfg->ram_size, limit = 1ULL << 32;

	if (!cfg->highmem_off || end <= limit)
		return 0;
	return av_errf(err, EINVAL,
		       "-m: addressing limited to 32 bits (highmem=off), but memory exceeds it by %llu bytes (at most %llu MiB of RAM)",
		       (unsigned long long)(end - limit),
		       (unsigned long long)((limit - virt_memmap[VIRT_MEM].base) >> 20));
}

static int validate_memory(const struct vm_config *cfg, struct av_err *err)
{
	if (cfg->ram_size == 0)
		return av_errf(err, EINVAL, "-m: RAM size must be greater than zero");
	if (cfg->ram_size > VIRT_MEM_MAX_SIZE)
		return av_errf(err, EINVAL,
			       "-m: %llu MiB of RAM is more than the virt board holds (%llu MiB)",
			       (unsigned long long)(cfg->ram_size >> 20),
			       (unsigned long long)(VIRT_MEM_MAX_SIZE >> 20));
	return validate_highmem(cfg, err);
}

/* virtio-rng-device,rng=ID names an -object given anywhere on the line. */
static int validate_rng(const struct vm_config *cfg, struct av_err *err)
{
	for (unsigned int i = 0; i < cfg->ndevices; i++) {
		const struct config_device *d = &cfg->devices[i];
		bool found = !d->rng[0];

		for (unsigned int j = 0; !found && j < cfg->nobjects; j++)
			found = !strcmp(cfg->objects[j].id, d->rng);
		if (!found)
			return av_errf(err, ENOENT, "%s%s%s %s: no -object has id '%s'",
				       d->origin.where ? d->origin.where : "",
				       d->origin.where ? ": " : "", d->origin.option,
				       d->origin.text, d->rng);
	}
	return 0;
}

static bool validate_is_stdio(const struct config_monitor *m)
{
	return m->kind == MONITOR_OPTS && m->opts.kind == CHARDEV_STDIO;
}

/*
 * -daemonize: the daemon's stdio is /dev/null (softmmu/vl.c and
 * chardev/char-stdio.c refuse the same).
 */
static int validate_daemonize(const struct vm_config *cfg, struct av_err *err)
{
	if (!cfg->daemonize)
		return 0;
	if (cfg->nographic)
		return av_errf(err, EINVAL, "-nographic cannot be used with -daemonize");
	if (cfg->matrix)
		return av_errf(err, EINVAL, "--matrix cannot be used with -daemonize");
	if (cfg->serial == SERIAL_STDIO)
		return av_errf(err, EINVAL, "-serial stdio: cannot use stdio with -daemonize");
	if (validate_is_stdio(&cfg->monitor))
		return av_errf(err, EINVAL, "-monitor stdio: cannot use stdio with -daemonize");
	if (validate_is_stdio(&cfg->qmp))
		return av_errf(err, EINVAL, "-qmp stdio: cannot use stdio with -daemonize");
	for (unsigned int i = 0; i < cfg->nchardevs; i++)
		if (cfg->chardevs[i].opts.kind == CHARDEV_STDIO)
			return av_errf(err, EINVAL,
				       "-chardev stdio,id=%s: cannot use stdio with -daemonize",
				       cfg->chardevs[i].opts.id);
	return 0;
}

int config_validate(const struct vm_config *cfg, struct av_err *err)
{
	int ret = validate_boot(cfg, err);

	if (!ret)
		ret = validate_daemonize(cfg, err);

	if (!ret)
		ret = validate_rng(cfg, err);
	if (!ret)
		ret = validate_accel(cfg, err);
	if (!ret)
		ret = validate_cpus(cfg, err);
	if (!ret)
		ret = validate_memory(cfg, err);
	return ret;
}
