// SPDX-License-Identifier: GPL-2.0
/*
 * Guest RAM size: -m SIZE, -m size=SIZE and "[memory] size". Both paths
 * go through QEMU's parse_memory_options() rules (softmmu/vl.c): a bare
 * number counts MiB, the result is rounded up to 8 KiB. Checked against
 * qemu-system-aarch64 7.2 with dumpdtb: [memory] size = "512" gives
 * 512 MiB like -m 512, and "1.5k" gives 8 KiB.
 */
#include <errno.h>
#include <string.h>

#include "../opts.h"

#define MEMORY_ALIGN 8192ULL

static int memory_set_size(struct vm_config *cfg, const char *value,
			   struct av_err *err)
{
	uint64_t size;
	int ret = config_parse_size(value, 1ULL << 20, &size);

	if (ret == -ERANGE || (!ret && size > UINT64_MAX - (MEMORY_ALIGN - 1)))
		return av_errf(err, ERANGE, "size out of range");
	if (ret)
		return av_errf(err, EINVAL, "invalid size");
	/*
	 * QEMU takes 0 to mean "the default"; a guest without RAM is never
	 * what the user meant, so say so instead.
	 */
	if (size == 0)
		return av_errf(err, EINVAL, "RAM size must be greater than zero");
	cfg->ram_size = (size + MEMORY_ALIGN - 1) & ~(MEMORY_ALIGN - 1);
	return 0;
}

int memory_set_prop(struct vm_config *cfg, const char *key,
		    const char *value, struct av_err *err)
{
	if (!strcmp(key, "size"))
		return memory_set_size(cfg, value, err);
	return av_errf(err, EINVAL, "invalid memory parameter '%s'", key);
}
