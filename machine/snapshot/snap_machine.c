// SPDX-License-Identifier: GPL-2.0
/*
 * struct snap_machine: the accelerator-neutral state (include/snapshot.h),
 * its allocation, its system register list and the CPU model check both
 * accelerators run before loading a snapshot.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"
#include "util.h"

int snap_machine_init(struct snap_machine *m, unsigned int ncpus,
		      struct av_err *err)
{
	memset(m, 0, sizeof(*m));
	if (ncpus == 0)
		return av_errf(err, EINVAL, "snapshot: no vCPUs");
	m->cpu = calloc(ncpus, sizeof(*m->cpu));
	m->gic.cpu = calloc(ncpus, sizeof(*m->gic.cpu));
	if (!m->cpu || !m->gic.cpu) {
		snap_machine_free(m);
		return av_errf(err, ENOMEM, "snapshot: out of memory for %u vCPUs",
			       ncpus);
	}
	m->ncpus = ncpus;
	return 0;
}

void snap_machine_free(struct snap_machine *m)
{
	free(m->cpu);
	free(m->gic.cpu);
	free(m->gic.its.devs);
	memset(m, 0, sizeof(*m));
}

int snap_cpu_set_sysreg(struct snap_cpu *cpu, uint16_t key, uint64_t val)
{
	for (unsigned int i = 0; i < cpu->nsysregs; i++) {
		if (cpu->sysregs[i].key == key) {
			cpu->sysregs[i].val = val;
			return 0;
		}
	}
	if (cpu->nsysregs >= SNAP_MAX_SYSREGS)
		return -ENOSPC;
	cpu->sysregs[cpu->nsysregs].key = key;
	cpu->sysregs[cpu->nsysregs].val = val;
	cpu->nsysregs++;
	return 0;
}

int snap_cntfrq_check(const struct snap_cpu *cpu, unsigned int idx, uint64_t here_hz,
		      struct av_err *err)
{
	uint64_t hz;

	if (!snap_cpu_sysreg(cpu, SNAP_CNTFRQ_EL0, &hz) || hz == here_hz)
		return 0;
	return av_errf(err, EINVAL,
		       "vCPU %u: the snapshot's guest counts time at %llu Hz (CNTFRQ_EL0), this machine's counter at %llu Hz: its clock would run at the wrong speed",
		       idx, (unsigned long long)hz, (unsigned long long)here_hz);
}

bool snap_cpu_sysreg(const struct snap_cpu *cpu, uint16_t key, uint64_t *val)
{
	unsigned int n = cpu->nsysregs;

	if (n > SNAP_MAX_SYSREGS)
		n = SNAP_MAX_SYSREGS;
	for (unsigned int i = 0; i < n; i++) {
		if (cpu->sysregs[i].key == key) {
			*val = cpu->sysregs[i].val;
			return true;
		}
	}
	*val = 0;
	return false;
}

/*
 * The 4-bit ID fields (ARM ARM D13.1.3, "the ID scheme"): a larger value
 * means more. Names for the fields a guest is likely to depend on; the
 * others are named by their bit position.
 */
struct id_field {
	const char *reg;
	size_t off;
	unsigned int shift;
	const char *name;
};

#define F(r, member, sh, n) { r, offsetof(struct snap_id_regs, member), sh, n }
static const struct id_field id_fields[] = {
	F("ID_AA64PFR0_EL1", pfr0, 0, "EL0"),
	F("ID_AA64PFR0_EL1", pfr0, 4, "EL1"),
	F("ID_AA64PFR0_EL1", pfr0, 8, "EL2"),
	F("ID_AA64PFR0_EL1", pfr0, 12, "EL3"),
	F("ID_AA64PFR0_EL1", pfr0, 16, "FP"),
	F("ID_AA64PFR0_EL1", pfr0, 20, "AdvSIMD"),
	F("ID_AA64PFR0_EL1", pfr0, 24, "GIC"),
	F("ID_AA64PFR0_EL1", pfr0, 28, "RAS"),
	F("ID_AA64PFR0_EL1", pfr0, 32, "SVE"),
	F("ID_AA64PFR1_EL1", pfr1, 0, "BT"),
	F("ID_AA64PFR1_EL1", pfr1, 4, "SSBS"),
	F("ID_AA64PFR1_EL1", pfr1, 8, "MTE"),
	F("ID_AA64ISAR0_EL1", isar0, 4, "AES"),
	F("ID_AA64ISAR0_EL1", isar0, 8, "SHA1"),
	F("ID_AA64ISAR0_EL1", isar0, 12, "SHA2"),
	F("ID_AA64ISAR0_EL1", isar0, 16, "CRC32"),
	F("ID_AA64ISAR0_EL1", isar0, 20, "Atomic"),
	F("ID_AA64ISAR0_EL1", isar0, 28, "RDM"),
	F("ID_AA64ISAR0_EL1", isar0, 44, "DP"),
	F("ID_AA64ISAR1_EL1", isar1, 0, "DPB"),
	F("ID_AA64ISAR1_EL1", isar1, 4, "APA"),
	F("ID_AA64ISAR1_EL1", isar1, 8, "API"),
	F("ID_AA64ISAR1_EL1", isar1, 12, "JSCVT"),
	F("ID_AA64ISAR1_EL1", isar1, 16, "FCMA"),
	F("ID_AA64ISAR1_EL1", isar1, 20, "LRCPC"),
	F("ID_AA64MMFR0_EL1", mmfr0, 0, "PARange"),
	F("ID_AA64MMFR0_EL1", mmfr0, 4, "ASIDBits"),
	F("ID_AA64MMFR1_EL1", mmfr1, 4, "VMIDBits"),
	F("ID_AA64MMFR1_EL1", mmfr1, 20, "PAN"),
	F("ID_AA64MMFR2_EL1", mmfr2, 16, "VARange"),
	F("ID_AA64DFR0_EL1", dfr0, 8, "PMUVer"),
};
#undef F

struct id_reg {
	const char *name;
	size_t off;
};

static const struct id_reg id_regs[] = {
	{ "ID_AA64PFR0_EL1", offsetof(struct snap_id_regs, pfr0) },
	{ "ID_AA64PFR1_EL1", offsetof(struct snap_id_regs, pfr1) },
	{ "ID_AA64DFR0_EL1", offsetof(struct snap_id_regs, dfr0) },
	{ "ID_AA64DFR1_EL1", offsetof(struct snap_id_regs, dfr1) },
	{ "ID_AA64ISAR0_EL1", offsetof(struct snap_id_regs, isar0) },
	{ "ID_AA64ISAR1_EL1", offsetof(struct snap_id_regs, isar1) },
	{ "ID_AA64ISAR2_EL1", offsetof(struct snap_id_regs, isar2) },
	{ "ID_AA64MMFR0_EL1", offsetof(struct snap_id_regs, mmfr0) },
	{ "ID_AA64MMFR1_EL1", offsetof(struct snap_id_regs, mmfr1) },
	{ "ID_AA64MMFR2_EL1", offsetof(struct snap_id_regs, mmfr2) },
};

static uint64_t id_get(const struct snap_id_regs *r, size_t off)
{
	uint64_t v;

	memcpy(&v, (const char *)r + off, sizeof(v));
	return v;
}

static const char *id_field_name(size_t off, unsigned int shift)
{
	for (size_t i = 0; i < ARRAY_SIZE(id_fields); i++)
		if (id_fields[i].off == off && id_fields[i].shift == shift)
			return id_fields[i].name;
	return NULL;
}

/* First 4-bit field of reg where want has a feature have does not. */
static int id_reg_check(const struct id_reg *reg, const struct snap_id_regs *want,
			const struct snap_id_regs *have, struct av_err *err)
{
	uint64_t w = id_get(want, reg->off), h = id_get(have, reg->off);

	for (unsigned int sh = 0; sh < 64; sh += 4) {
		unsigned int fw = (w >> sh) & 15, fh = (h >> sh) & 15;
		const char *name;

		/* Equal fields never differ in features; else the value must match. */
		if (fw == fh)
			continue;
		name = id_field_name(reg->off, sh);
		if (name)
			return av_errf(err, EINVAL,
				       "the snapshot's CPU has %s.%s = %u, this one %u: "
				       "the guest may use a feature that is not here",
				       reg->name, name, fw, fh);
		return av_errf(err, EINVAL,
			       "the snapshot's CPU has %s bits [%u:%u] = %u, this one %u",
			       reg->name, sh + 3, sh, fw, fh);
	}
	return 0;
}

int snap_id_check(const struct snap_id_regs *want,
		  const struct snap_id_regs *have, struct av_err *err)
{
	int ret;

	if (want->midr != have->midr)
		return av_errf(err, EINVAL,
			       "the snapshot's CPU model has MIDR_EL1 %#llx, this one %#llx "
			       "(use the same -cpu)",
			       (unsigned long long)want->midr,
			       (unsigned long long)have->midr);
	for (size_t i = 0; i < ARRAY_SIZE(id_regs); i++) {
		ret = id_reg_check(&id_regs[i], want, have, err);
		if (ret)
			return ret;
	}
	return 0;
}
