// SPDX-License-Identifier: GPL-2.0
/*
 * The snapshot CPU model check (accel-kvm/snap/kvm_snap_id.c): a restore needs
 * every feature the guest saw, and the error names the field.
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "../../accel-kvm/snap/kvm_snap.h"
#include "check_run.h"

/* accel-tcg's ID_AA64ISAR0_EL1: CRC32 only. */
#define TCG_ISAR0	0x10000ull
/* A Cortex-A57's: AES 2 (with PMULL), SHA1 1, SHA2 1, CRC32 1. */
#define A57_ISAR0	0x11120ull

START_TEST(more_features_restore)
{
	struct av_err err = { 0 };

	ck_assert_int_eq(snapid_check(SNAPID_ISAR0, TCG_ISAR0, A57_ISAR0,
				      "this host's KVM", &err), 0);
	ck_assert_int_eq(snapid_check(SNAPID_ISAR0, A57_ISAR0, A57_ISAR0,
				      "this host's KVM", &err), 0);
}
END_TEST

START_TEST(missing_feature_is_named)
{
	struct av_err err = { 0 };

	ck_assert_int_eq(snapid_check(SNAPID_ISAR0, A57_ISAR0, TCG_ISAR0, "TCG", &err),
			 -EINVAL);
	ck_assert_str_eq(err.msg, "ID_AA64ISAR0_EL1.AES: snapshot has 2, TCG offers 0");
	/* SHA3 is bits 35:32. */
	ck_assert_int_eq(snapid_check(SNAPID_ISAR0, 1ull << 32, 0, "this host's KVM",
				      &err), -EINVAL);
	ck_assert_str_eq(err.msg,
			 "ID_AA64ISAR0_EL1.SHA3: snapshot has 1, this host's KVM offers 0");
}
END_TEST

/* FP and AdvSIMD are signed: 0xf (-1) is "none", 0 and 1 are implemented. */
START_TEST(signed_fields)
{
	struct av_err err = { 0 };
	const uint64_t none = 0xffull << 16, fp = 0, fp16 = 0x11ull << 16;

	ck_assert_int_eq(snapid_check(SNAPID_PFR0, none, fp, "x", &err), 0);
	ck_assert_int_eq(snapid_check(SNAPID_PFR0, fp, fp16, "x", &err), 0);
	ck_assert_int_eq(snapid_check(SNAPID_PFR0, fp16, fp, "x", &err), -EINVAL);
	ck_assert_str_eq(err.msg, "ID_AA64PFR0_EL1.FP: snapshot has 1, x offers 0");
	ck_assert_int_eq(snapid_check(SNAPID_PFR0, fp, none, "x", &err), -EINVAL);
	ck_assert_str_eq(err.msg, "ID_AA64PFR0_EL1.FP: snapshot has 0, x offers -1");
	/* TGran4 (31:28) signed too: 4K pages gone is an error. */
	ck_assert_int_eq(snapid_check(SNAPID_MMFR0, 0, 0xfull << 28, "x", &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "ID_AA64MMFR0_EL1.TGran4"));
}
END_TEST

/* What only EL2 looks at is not compared: PFR0.EL2, MMFR1.VH. */
START_TEST(el2_fields_ignored)
{
	struct av_err err = { 0 };

	ck_assert_int_eq(snapid_check(SNAPID_PFR0, 1ull << 8, 0, "x", &err), 0);
	ck_assert_int_eq(snapid_check(SNAPID_MMFR1, 1ull << 8, 0, "x", &err), 0);
	ck_assert_int_eq(snapid_check(SNAPID_MMFR1, 1ull << 20, 0, "x", &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "ID_AA64MMFR1_EL1.PAN"));
}
END_TEST

START_TEST(table_walk)
{
	uint64_t saved[SNAPID_NREGS] = { 0 }, offer[SNAPID_NREGS] = { 0 };
	struct av_err err = { 0 };

	ck_assert_str_eq(snapid_reg_name(SNAPID_DFR0), "ID_AA64DFR0_EL1");
	ck_assert_ptr_null(snapid_reg_name(0x1234));
	ck_assert_int_eq(snapid_check(0x1234, 0, 0, "x", &err), -EINVAL);
	ck_assert_int_eq(snapid_check_all(saved, offer, "x", &err), 0);
	/* LSE atomics (ISAR0.Atomic 23:20 = 2) the other side lacks. */
	for (unsigned int i = 0; i < SNAPID_NREGS; i++)
		if (snapid_keys[i] == SNAPID_ISAR0)
			saved[i] = 2ull << 20;
	ck_assert_int_eq(snapid_check_all(saved, offer, "TCG", &err), -EINVAL);
	ck_assert_str_eq(err.msg, "ID_AA64ISAR0_EL1.Atomic: snapshot has 2, TCG offers 0");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kvm_snap_id");
	TCase *tc = tcase_create("fields");

	tcase_add_test(tc, more_features_restore);
	tcase_add_test(tc, missing_feature_is_named);
	tcase_add_test(tc, signed_fields);
	tcase_add_test(tc, el2_fields_ignored);
	tcase_add_test(tc, table_walk);
	suite_add_tcase(s, tc);
	return check_run(s);
}
