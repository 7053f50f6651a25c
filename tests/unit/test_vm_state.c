// SPDX-License-Identifier: GPL-2.0
/*
 * machine/vm_run.c: why the vCPUs stop. The first reason wins
 * (vm_request_stop, vm_fail), except over VM_FILE_PRIVATE, which is no
 * end: a power-off, a reset or a failure asked for while the mapped
 * kernel's pages are being made private replaces it, so the guest's
 * SYSTEM_OFF is not lost to the copier or a lease break at the same
 * moment; and VM_FILE_PRIVATE never replaces an end. Every request kicks
 * every vCPU.
 */
#include <check.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "check_run.h"
#include "vm.h"

static unsigned int kicks;

static void count_kick(struct vm *vm, unsigned int idx)
{
	(void)vm;
	(void)idx;
	kicks++;
}

static const struct accel_ops kick_ops = { .name = "test", .vcpu_kick = count_kick };

static void vm_init(struct vm *vm)
{
	memset(vm, 0, sizeof(*vm));
	vm->accel = &kick_ops;
	vm->ncpus = 2;
	vm->wake_fd = -1;	/* vm_wake's write fails quietly */
	kicks = 0;
}

static int state_of(struct vm *vm)
{
	return atomic_load(&vm->state);
}

START_TEST(first_reason_wins)
{
	struct vm vm;

	vm_init(&vm);
	vm_request_stop(&vm, VM_RESET);
	vm_request_stop(&vm, VM_SHUTDOWN);
	ck_assert_int_eq(state_of(&vm), VM_RESET);
	ck_assert_uint_eq(kicks, 4);
}
END_TEST

START_TEST(an_end_replaces_file_private)
{
	static const int ends[] = { VM_SHUTDOWN, VM_RESET };
	struct vm vm;

	for (unsigned int i = 0; i < 2; i++) {
		vm_init(&vm);
		vm_request_stop(&vm, VM_FILE_PRIVATE);
		ck_assert_int_eq(state_of(&vm), VM_FILE_PRIVATE);
		vm_request_stop(&vm, ends[i]);
		ck_assert_int_eq(state_of(&vm), ends[i]);
		/* ...and is not replaced back. */
		vm_request_stop(&vm, VM_FILE_PRIVATE);
		ck_assert_int_eq(state_of(&vm), ends[i]);
	}
}
END_TEST

START_TEST(a_failure_replaces_file_private_with_its_reason)
{
	struct av_err why = { 0 };
	struct vm vm;

	vm_init(&vm);
	vm_request_stop(&vm, VM_FILE_PRIVATE);
	av_errf(&why, EIO, "vCPU 1: it broke");
	vm_fail(&vm, &why);
	ck_assert_int_eq(state_of(&vm), VM_FAILED);
	ck_assert_int_eq(vm.failure.code, why.code);
	ck_assert_str_eq(vm.failure.msg, "vCPU 1: it broke");
	/* A second failure keeps the first one's reason. */
	av_errf(&why, EINVAL, "later");
	vm_fail(&vm, &why);
	ck_assert_str_eq(vm.failure.msg, "vCPU 1: it broke");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vm_state");
	TCase *tc = tcase_create("vm_state");

	tcase_add_test(tc, first_reason_wins);
	tcase_add_test(tc, an_end_replaces_file_private);
	tcase_add_test(tc, a_failure_replaces_file_private_with_its_reason);
	suite_add_tcase(s, tc);
	return check_run(s);
}
