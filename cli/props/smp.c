// SPDX-License-Identifier: GPL-2.0
/*
 * -smp [cpus=]N[,sockets=S][,clusters=L][,cores=C][,threads=T][,maxcpus=M]
 * and "[smp-opts]". Repeated options merge (QEMU's smp-opts group has
 * merge_lists), so the values are kept as given and the topology is
 * computed once, by QEMU 7.2's rules (hw/core/machine-smp.c,
 * machine_parse_smp_config(), cores preferred over sockets since 6.2).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "../opts.h"

/* QEMU's virt machine: mc->max_cpus (hw/arm/virt.c). */
#define SMP_VIRT_MAX_CPUS 512

static unsigned int *smp_field(struct smp_opts *smp, const char *key)
{
	if (!strcmp(key, "cpus"))
		return &smp->cpus;
	if (!strcmp(key, "sockets"))
		return &smp->sockets;
	if (!strcmp(key, "clusters"))
		return &smp->clusters;
	if (!strcmp(key, "cores"))
		return &smp->cores;
	if (!strcmp(key, "threads"))
		return &smp->threads;
	if (!strcmp(key, "maxcpus"))
		return &smp->maxcpus;
	return NULL;
}

int smp_set_prop(struct vm_config *cfg, const char *key, const char *value,
		 struct av_err *err)
{
	unsigned int *field = smp_field(&cfg->smp, key);
	unsigned int v;
	int ret;

	if (!field && strcmp(key, "dies"))
		return av_errf(err, EINVAL, "parameter '%s' is unexpected", key);
	ret = config_parse_uint(value, &v);
	if (ret == -ERANGE)
		return av_errf(err, ERANGE, "%s=%s: value out of range", key, value);
	if (ret)
		return av_errf(err, EINVAL, "%s=%s: expects an integer", key, value);
	/* QEMU 7.2 only warns about 0; later versions reject it, as we do. */
	if (v == 0)
		return av_errf(err, EINVAL,
			       "%s=0: CPU topology parameters must be greater than zero",
			       key);
	if (!field) {
		if (v > 1)
			return av_errf(err, EINVAL,
				       "dies not supported by this machine's CPU topology");
		return 0;
	}
	*field = v;
	return 0;
}

/* Saturating, so that absurd topologies fail the checks, not the maths. */
static uint64_t smp_mul(uint64_t a, uint64_t b)
{
	return (b && a > UINT64_MAX / b) ? UINT64_MAX : a * b;
}

static uint64_t smp_mul3(uint64_t a, uint64_t b, uint64_t c)
{
	return smp_mul(smp_mul(a, b), c);
}

/* Fill in what was omitted, preferring cores (QEMU >= 6.2 machines). */
static void smp_fill(struct smp_opts *t)
{
	uint64_t max;

	t->clusters = t->clusters ? t->clusters : 1;
	if (!t->cpus && !t->maxcpus) {
		t->sockets = t->sockets ? t->sockets : 1;
		t->cores = t->cores ? t->cores : 1;
		t->threads = t->threads ? t->threads : 1;
		return;
	}
	max = t->maxcpus ? t->maxcpus : t->cpus;
	if (!t->cores) {
		t->sockets = t->sockets ? t->sockets : 1;
		t->threads = t->threads ? t->threads : 1;
		t->cores = (unsigned int)(max / smp_mul3(t->sockets, t->clusters, t->threads));
	} else if (!t->sockets) {
		t->threads = t->threads ? t->threads : 1;
		t->sockets = (unsigned int)(max / smp_mul3(t->clusters, t->cores, t->threads));
	}
	if (!t->threads)
		t->threads = (unsigned int)(max / smp_mul3(t->sockets, t->clusters, t->cores));
	t->maxcpus = (unsigned int)max;
}

static int smp_check(const struct smp_opts *t, uint64_t product,
		     struct av_err *err)
{
	if (product != t->maxcpus)
		return av_errf(err, EINVAL,
			       "invalid CPU topology: sockets (%u) * clusters (%u) * cores (%u) * threads (%u) != maxcpus (%u)",
			       t->sockets, t->clusters, t->cores, t->threads,
			       t->maxcpus);
	if (t->maxcpus < t->cpus)
		return av_errf(err, EINVAL,
			       "invalid CPU topology: maxcpus (%u) must be equal to or greater than cpus (%u)",
			       t->maxcpus, t->cpus);
	if (t->maxcpus > SMP_VIRT_MAX_CPUS)
		return av_errf(err, EINVAL,
			       "invalid SMP CPUs %u: the virt machine supports at most %d",
			       t->maxcpus, SMP_VIRT_MAX_CPUS);
	return 0;
}

int smp_resolve(struct vm_config *cfg, struct av_err *err)
{
	struct smp_opts t = cfg->smp;
	uint64_t product;
	int ret;

	smp_fill(&t);
	product = smp_mul(smp_mul3(t.sockets, t.clusters, t.cores), t.threads);
	if (!t.maxcpus)
		t.maxcpus = product > UINT32_MAX ? UINT32_MAX : (unsigned int)product;
	if (!t.cpus)
		t.cpus = t.maxcpus;
	ret = smp_check(&t, product, err);
	if (ret)
		return ret;
	cfg->smp_cpus = t.cpus;
	cfg->smp_max_cpus = t.maxcpus;
	cfg->smp_sockets = t.sockets;
	cfg->smp_clusters = t.clusters;
	cfg->smp_cores = t.cores;
	cfg->smp_threads = t.threads;
	return 0;
}
