// SPDX-License-Identifier: GPL-2.0
/*
 * GIC creation and input lines (first version: state only, no MMIO).
 */
#include <errno.h>
#include <stdlib.h>

#include "board.h"
#include "gic.h"
#include "tcg.h"

struct gic {
	int version;
	unsigned int ncpus;
	struct tcg_vm *tvm;
};

int gic_create(struct tcg_vm *tvm, int version, unsigned int ncpus,
	       struct mmio_bus *bus, struct av_err *err)
{
	struct gic *gic;

	(void)bus;
	if (version != 2 && version != 3)
		return av_errf(err, EINVAL, "GIC version %d is not emulated "
			       "(use gic-version=2 or 3)", version);
	if (version == 2 && ncpus > GICV2_MAX_CPUS)
		return av_errf(err, EINVAL, "GICv2 supports at most %d CPUs, "
			       "not %u (use gic-version=3)", GICV2_MAX_CPUS, ncpus);
	gic = calloc(1, sizeof(*gic));
	if (!gic)
		return av_errf(err, ENOMEM, "out of memory for the GIC");
	gic->version = version;
	gic->ncpus = ncpus;
	gic->tvm = tvm;
	tvm->gic = gic;
	return 0;
}

void gic_destroy(struct gic *gic)
{
	free(gic);
}

int gic_version(const struct gic *gic)
{
	return gic->version;
}

void gic_set_irq(struct gic *gic, unsigned int intid, int level)
{
	(void)gic;
	(void)intid;
	(void)level;
}

void gic_set_ppi(struct gic *gic, unsigned int cpu_idx, unsigned int intid,
		 int level)
{
	(void)gic;
	(void)cpu_idx;
	(void)intid;
	(void)level;
}
