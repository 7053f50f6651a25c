// SPDX-License-Identifier: GPL-2.0
/*
 * Whether a snapshot's CPU model can be presented here: its feature ID
 * registers against what this CPU (KVM's vCPU, or TCG's model) offers,
 * field by field. A guest reads the ID registers once at boot and patches
 * itself for what it found (Linux's arch/arm64/kernel/cpufeature.c), so
 * every feature it saw must still be there after the restore; more is
 * harmless. Built on every host (no /dev/kvm): unit-tested here.
 */
#include <errno.h>
#include <stddef.h>

#include "kvm_snap.h"
#include "util.h"

/*
 * One register's 4-bit fields, from bit 0 up (ARM ARM D19.2; the field
 * names as the register descriptions spell them). NULL: RES0, or a field
 * that does not describe what an EL1 guest may use (the stage 2 granule
 * fields of MMFR0, FWB, VMIDBits, VH, NV and the EL2/EL3 fields of
 * PFR0, which only a hypervisor at EL2 looks at): not compared. signed_mask
 * has bit n set when field n is signed (D19.1.3: 0xf means "not
 * implemented" and 0 "implemented").
 */
struct snapid_reg {
	uint16_t key;
	const char *name;
	uint16_t signed_mask;
	const char *field[16];
};

static const struct snapid_reg snapid_regs[SNAPID_NREGS] = {
	{ SNAPID_PFR0, "ID_AA64PFR0_EL1", (1u << 4) | (1u << 5),
	  { "EL0", "EL1", NULL, NULL, "FP", "AdvSIMD", "GIC", "RAS",
	    "SVE", "SEL2", "MPAM", "AMU", "DIT", "RME", "CSV2", "CSV3" } },
	{ SNAPID_PFR1, "ID_AA64PFR1_EL1", 0,
	  { "BT", "SSBS", "MTE", "RAS_frac", "MPAM_frac", NULL, "SME",
	    "RNDR_trap", "CSV2_frac", "NMI", "MTE_frac", "GCS", "THE",
	    "MTEX", "DF2", "PFAR" } },
	{ SNAPID_ZFR0, "ID_AA64ZFR0_EL1", 0,
	  { "SVEver", "AES", NULL, NULL, "BitPerm", "BF16", NULL, NULL,
	    "SHA3", NULL, "SM4", "I8MM", NULL, "F32MM", "F64MM", NULL } },
	{ SNAPID_DFR0, "ID_AA64DFR0_EL1", (1u << 9) | (1u << 12),
	  { "DebugVer", "TraceVer", "PMUVer", "BRPs", "PMSS", "WRPs", NULL,
	    "CTX_CMPs", "PMSVer", "DoubleLock", "TraceFilt", "TraceBuffer",
	    "MTPMU", "BRBE", "ExtTrcBuff", "HPMN0" } },
	{ SNAPID_ISAR0, "ID_AA64ISAR0_EL1", 0,
	  { NULL, "AES", "SHA1", "SHA2", "CRC32", "Atomic", "TME", "RDM",
	    "SHA3", "SM3", "SM4", "DP", "FHM", "TS", "TLB", "RNDR" } },
	{ SNAPID_ISAR1, "ID_AA64ISAR1_EL1", 0,
	  { "DPB", "APA", "API", "JSCVT", "FCMA", "LRCPC", "GPA", "GPI",
	    "FRINTTS", "SB", "SPECRES", "BF16", "DGH", "I8MM", "XS", "LS64" } },
	{ SNAPID_ISAR2, "ID_AA64ISAR2_EL1", 0,
	  { "WFxT", "RPRES", "GPA3", "APA3", "MOPS", "BC", "PAC_frac",
	    "CLRBHB", "SYSREG_128", "SYSINSTR_128", "PRFMSLC", NULL,
	    "RPRFM", "CSSC", "LUT", "ATS1A" } },
	{ SNAPID_MMFR0, "ID_AA64MMFR0_EL1", (1u << 6) | (1u << 7),
	  { "PARange", "ASIDBits", "BigEnd", "SNSMem", "BigEndEL0",
	    "TGran16", "TGran64", "TGran4", NULL, NULL, NULL, "ExS", NULL,
	    NULL, "FGT", "ECV" } },
	{ SNAPID_MMFR1, "ID_AA64MMFR1_EL1", 0,
	  { "HAFDBS", NULL, NULL, "HPDS", "LO", "PAN", "SpecSEI",
	    "XNX", "TWED", "ETS", "HCX", "AFP", "nTLBPA", "TIDCP1", "CMOW",
	    "ECBHB" } },
	{ SNAPID_MMFR2, "ID_AA64MMFR2_EL1", 0,
	  { "CnP", "UAO", "LSM", "IESB", "VARange", "CCIDX", NULL, "ST",
	    "AT", "IDS", NULL, NULL, "TTL", "BBM", "EVT", "E0PD" } },
};

const uint16_t snapid_keys[SNAPID_NREGS] = {
	SNAPID_PFR0, SNAPID_PFR1, SNAPID_ZFR0, SNAPID_DFR0, SNAPID_ISAR0,
	SNAPID_ISAR1, SNAPID_ISAR2, SNAPID_MMFR0, SNAPID_MMFR1, SNAPID_MMFR2,
};

static const struct snapid_reg *snapid_find(uint16_t key)
{
	for (size_t i = 0; i < ARRAY_SIZE(snapid_regs); i++)
		if (snapid_regs[i].key == key)
			return &snapid_regs[i];
	return NULL;
}

const char *snapid_reg_name(uint16_t key)
{
	const struct snapid_reg *r = snapid_find(key);

	return r ? r->name : NULL;
}

/* Field n of v, sign-extended from 4 bits when the field is signed. */
static int snapid_field(const struct snapid_reg *r, uint64_t v, unsigned int n)
{
	int f = (int)((v >> (4 * n)) & 0xf);

	if ((r->signed_mask >> n) & 1 && f >= 8)
		f -= 16;
	return f;
}

int snapid_check(uint16_t key, uint64_t saved, uint64_t offer,
		 const char *host, struct av_err *err)
{
	const struct snapid_reg *r = snapid_find(key);
	int s, o;

	if (!r)
		return av_errf(err, EINVAL, "ID register key 0x%04x is not one a snapshot records",
			       key);
	for (unsigned int n = 0; n < 16; n++) {
		if (!r->field[n])
			continue;
		s = snapid_field(r, saved, n);
		o = snapid_field(r, offer, n);
		if (o < s)
			return av_errf(err, EINVAL, "%s.%s: snapshot has %d, %s offers %d",
				       r->name, r->field[n], s, host, o);
	}
	return 0;
}

int snapid_check_all(const uint64_t *saved, const uint64_t *offer,
		     const char *host, struct av_err *err)
{
	for (size_t i = 0; i < SNAPID_NREGS; i++) {
		int ret = snapid_check(snapid_keys[i], saved[i], offer[i], host, err);

		if (ret)
			return ret;
	}
	return 0;
}
