// SPDX-License-Identifier: GPL-2.0
/*
 * -cpu NAME,PROP=VALUE,... with the CPU feature properties QEMU documents
 * for Arm (docs/system/arm/cpu-features.rst): each one either names a
 * feature our CPUs expose (docs/ARCHITECTURE.md, accel-tcg: a plain
 * ARMv8.0 AArch64 CPU with FP, AdvSIMD and CRC32), one they do not, or
 * a choice with no effect on what the guest sees. Asking for what we
 * have, or for the absence of what we lack, keeps QEMU command lines
 * working; asking for a feature we lack, or for removing one we have, is
 * refused by name rather than giving the guest a different CPU.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "../opts.h"
#include "util.h"

enum cpu_prop_kind {
	CPU_PROP_PRESENT,		/* =on only */
	CPU_PROP_ABSENT,		/* =off only */
	CPU_PROP_ANY,			/* on or off, nothing changes */
};

static const struct {
	const char *name;
	enum cpu_prop_kind kind;
	bool numbered;			/* also NAME<bits>: sve128, sme512 ... */
} cpu_props[] = {
	{ "aarch64", CPU_PROP_PRESENT, false },
	{ "pmu", CPU_PROP_ABSENT, false },
	{ "sve", CPU_PROP_ABSENT, true },
	{ "sme", CPU_PROP_ABSENT, true },
	{ "sme-fa64", CPU_PROP_ABSENT, false },
	{ "pauth", CPU_PROP_ABSENT, false },
	/* Which pointer-authentication algorithm: moot without pauth. */
	{ "pauth-impdef", CPU_PROP_ANY, false },
	{ "lpa2", CPU_PROP_ABSENT, false },
	{ "kvm-steal-time", CPU_PROP_ABSENT, false },
	/* KVM's virtual counter across stops: ours runs on (QEMU's "on"). */
	{ "kvm-no-adjvtime", CPU_PROP_ANY, false },
};

/* key is name, or name followed by digits when the property is numbered. */
static bool cpu_prop_matches(const char *key, size_t i)
{
	size_t n = strlen(cpu_props[i].name);

	if (strncmp(key, cpu_props[i].name, n))
		return false;
	if (!key[n])
		return true;
	if (!cpu_props[i].numbered)
		return false;
	for (key += n; *key; key++)
		if (!isdigit((unsigned char)*key))
			return false;
	return true;
}

static int cpu_prop_set(const char *cpu, const char *key, const char *value,
			struct av_err *err)
{
	bool on;

	for (size_t i = 0; i < ARRAY_SIZE(cpu_props); i++) {
		if (!cpu_prop_matches(key, i))
			continue;
		if (parse_bool(key, value, &on, err))
			return -EINVAL;
		if (cpu_props[i].kind == CPU_PROP_ABSENT && on)
			return av_errf(err, ENOTSUP,
				       "CPU feature '%s' is not implemented by armvisor (only %s=off)",
				       key, key);
		if (cpu_props[i].kind == CPU_PROP_PRESENT && !on)
			return av_errf(err, ENOTSUP,
				       "CPU feature '%s' cannot be turned off (only %s=on)",
				       key, key);
		return 0;
	}
	return av_errf(err, EINVAL, "Property '%s-arm-cpu.%s' not found", cpu, key);
}

int cpu_check_props(const char *cpu, const char *props, struct av_err *err)
{
	struct keyval_list kv;
	int ret = keyval_parse(props, NULL, &kv, err);

	for (unsigned int i = 0; !ret && i < kv.count; i++)
		ret = cpu_prop_set(cpu, kv.items[i].key, kv.items[i].value, err);
	keyval_free(&kv);
	return ret;
}
