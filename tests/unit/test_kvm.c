// SPDX-License-Identifier: GPL-2.0
/* accel-kvm encodings and error paths that need no /dev/kvm. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "../../accel-kvm/kvm_int.h"
#include "accel.h"
#include "check_run.h"
#include "config.h"

/* Values from Linux's uapi (arch/arm64/include/uapi/asm/kvm.h). */
START_TEST(core_reg_ids)
{
	/* x0 is word 0; pc follows x0..x30 and sp: 32 * 2 words. */
	ck_assert_uint_eq(kvm_core_reg_id(KVMA_CORE_X(0)), 0x6030000000100000ULL);
	ck_assert_uint_eq(kvm_core_reg_id(KVMA_CORE_X(1)), 0x6030000000100002ULL);
	ck_assert_uint_eq(kvm_core_reg_id(KVMA_CORE_PC), 0x6030000000100040ULL);
	ck_assert_uint_eq(kvm_core_reg_id(KVMA_CORE_PSTATE), 0x6030000000100042ULL);
}
END_TEST

START_TEST(sysreg_ids)
{
	/* MPIDR_EL1: op0 3, op1 0, CRn 0, CRm 0, op2 5. */
	ck_assert_uint_eq(kvm_sysreg_id(3, 0, 0, 0, 5), 0x603000000013c005ULL);
	/* KVM_REG_ARM_TIMER_CNT is KVM's id (3, 3, 14, 3, 2), not CNTVCT's own encoding. */
	ck_assert_uint_eq(kvm_sysreg_id(3, 3, 14, 3, 2), 0x603000000013df1aULL);
	ck_assert_uint_eq(kvm_sysreg_id(3, 3, 14, 0, 2), 0x603000000013df02ULL);
}
END_TEST

START_TEST(irq_line_numbers)
{
	uint32_t v;

	/* PL011 is SPI 1 = INTID 33. */
	ck_assert(kvm_irq_line_encode(33, 0, &v));
	ck_assert_uint_eq(v, 0x01000021u);
	/* A PPI names its vCPU. */
	ck_assert(kvm_irq_line_encode(27, 3, &v));
	ck_assert_uint_eq(v, 0x0203001bu);
	/* SGIs are not device lines. */
	ck_assert(!kvm_irq_line_encode(5, 0, &v));
	ck_assert(!kvm_irq_line_encode(0x10000, 0, &v));
	ck_assert(!kvm_irq_line_encode(20, 256, &v));
}
END_TEST

START_TEST(ipa_sizing)
{
	const uint64_t base = 0x40000000ULL;

	/* Up to 1 TiB (40 bits) the default VM type does. */
	ck_assert_uint_eq(kvm_ipa_bits_needed(base + (128ULL << 20)), 0);
	ck_assert_uint_eq(kvm_ipa_bits_needed(1ULL << 40), 0);
	ck_assert_uint_eq(kvm_ipa_bits_needed((1ULL << 40) + 1), 41);
	/* 255 GiB of RAM ends below 256 GiB: 38 bits, default type. */
	ck_assert_uint_eq(kvm_ipa_bits_needed(base + (255ULL << 30)), 0);
	ck_assert_uint_eq(kvm_ipa_bits_needed(1ULL << 44), 44);
}
END_TEST

/* arm-vgic-v3.rst: Aff3 | Aff2 | Aff1 | Aff0 in bits 63..32 of the attribute. */
START_TEST(vgic_mpidr_attr)
{
	ck_assert_uint_eq(kvm_vgic_mpidr_attr(0x80000001ULL), 0x0000000100000000ULL);
	ck_assert_uint_eq(kvm_vgic_mpidr_attr(0x0000000a00030201ULL), 0x0a03020100000000ULL);
}
END_TEST

/*
 * ICC_AP<n>R (IHI 0069 12.2.1): with 5 priority bits group g is bit g of
 * AP0R0; with 7, of 128 groups the one for priority g << 3 is bit 4g.
 */
START_TEST(vgic_active_priorities)
{
	uint64_t kvm[4];

	ck_assert_uint_eq(kvm_vgic_apr_count(5), 1);
	ck_assert_uint_eq(kvm_vgic_apr_count(6), 2);
	ck_assert_uint_eq(kvm_vgic_apr_count(7), 4);
	kvm_vgic_apr_to_kvm(0x80000005u, 5, kvm);
	ck_assert_uint_eq(kvm[0], 0x80000005u);
	ck_assert_uint_eq(kvm[1] | kvm[2] | kvm[3], 0);
	ck_assert_uint_eq(kvm_vgic_apr_from_kvm(kvm, 5), 0x80000005u);
	kvm_vgic_apr_to_kvm(0x80000005u, 7, kvm);
	ck_assert_uint_eq(kvm[0], 0x101u);
	ck_assert_uint_eq(kvm[3], 1u << 28);
	ck_assert_uint_eq(kvm_vgic_apr_from_kvm(kvm, 7), 0x80000005u);
	kvm_vgic_apr_to_kvm(1u << 9, 6, kvm);
	ck_assert_uint_eq(kvm[0], 1u << 18);
	ck_assert_uint_eq(kvm_vgic_apr_from_kvm(kvm, 6), 1u << 9);
}
END_TEST

START_TEST(unavailable_here_is_explained)
{
	struct av_err why = { 0 };
	const struct accel_ops *ops = NULL;
	struct utsname u;

	uname(&u);
	if (!strcmp(u.machine, "aarch64"))
		return;		/* the check is about non-arm64 hosts */
	ck_assert(!accel_kvm_ops.available(&why));
	ck_assert_ptr_nonnull(strstr(why.msg, "KVM needs an arm64 host"));
	ck_assert_ptr_nonnull(strstr(why.msg, u.machine));
	ck_assert_ptr_nonnull(strstr(why.msg, "-accel tcg"));
	ck_assert_int_lt(accel_select(ACCEL_KVM, &ops, &why), 0);
	ck_assert_ptr_nonnull(strstr(why.msg, "use -accel tcg"));
	ck_assert_int_eq(accel_select(ACCEL_AUTO, &ops, &why), 0);
	ck_assert_ptr_eq(ops, &accel_tcg_ops);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kvm");
	TCase *tc = tcase_create("encodings");

	tcase_add_test(tc, core_reg_ids);
	tcase_add_test(tc, sysreg_ids);
	tcase_add_test(tc, irq_line_numbers);
	tcase_add_test(tc, ipa_sizing);
	tcase_add_test(tc, vgic_mpidr_attr);
	tcase_add_test(tc, vgic_active_priorities);
	tcase_add_test(tc, unavailable_here_is_explained);
	suite_add_tcase(s, tc);
	return check_run(s);
}
