// SPDX-License-Identifier: GPL-2.0
/*
 * Guest RAM allocation (machine/ram.c): the host mapping is 2 MiB
 * aligned, as KVM needs for 2 MiB stage-2 blocks (arch/arm64/kvm/mmu.c,
 * fault_supports_stage2_huge_mapping), whatever the size; it is zeroed
 * and writable end to end; a zero size is an error.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "check_run.h"
#include "guestmem.h"

#define MIB (1ULL << 20)

START_TEST(aligned_for_any_size)
{
	static const uint64_t sizes[] = { 4096, 3 * MIB + 4096, 128 * MIB, 1025 * MIB };

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct guest_ram ram;
		struct av_err err = { 0 };

		ck_assert_int_eq(guest_ram_alloc(&ram, 0x40000000, sizes[i], &err), 0);
		ck_assert_uint_eq((uintptr_t)ram.host % (2 * MIB), 0);
		ck_assert_uint_eq(ram.size, sizes[i]);
		ck_assert_uint_eq(ram.host[0], 0);
		ck_assert_uint_eq(ram.host[sizes[i] - 1], 0);
		ram.host[0] = 0xa5;
		ram.host[sizes[i] - 1] = 0x5a;
		guest_ram_free(&ram);
		ck_assert_ptr_null(ram.host);
	}
}
END_TEST

START_TEST(zero_size_is_an_error)
{
	struct guest_ram ram;
	struct av_err err = { 0 };

	ck_assert_int_ne(guest_ram_alloc(&ram, 0x40000000, 0, &err), 0);
	ck_assert_ptr_null(ram.host);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("guest_ram");
	TCase *tc = tcase_create("alloc");

	tcase_add_test(tc, aligned_for_any_size);
	tcase_add_test(tc, zero_size_is_an_error);
	suite_add_tcase(s, tc);
	return check_run(s);
}
