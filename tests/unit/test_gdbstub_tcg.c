// SPDX-License-Identifier: GPL-2.0
/*
 * accel-tcg's debug interface (accel-tcg/debug*.c) on a bare test CPU:
 * what gdb sees of registers and guest virtual memory, code changed
 * through gdb, and a vCPU thread stopping at a breakpoint, after a
 * single step and at a write watchpoint, then running on.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "../../accel-tcg/gdb/gdb.h"
#include "check_run.h"
#include "tcg_rig.h"
#include "vm.h"

/* Encodings (aarch64-linux-gnu-as). */
#define A64_MOVZ_X0_1	0xd2800020u	/* movz x0, #1 */
#define A64_MOVZ_X0_2	0xd2800040u	/* movz x0, #2 */
#define A64_MOVZ_X0_7	0xd28000e0u	/* movz x0, #7 */
#define A64_STR_X1_X2	0xf9000041u	/* str x1, [x2] */

static struct tcg_rig rig;
static struct vm vm;
static _Atomic int notified;

static void count_stop(void *opaque)
{
	(void)opaque;
	atomic_fetch_add(&notified, 1);
}

static void setup(void)
{
	struct av_err err = { 0 };

	ck_assert_int_eq(rig_init(&rig, &err), 0);
	memset(&vm, 0, sizeof(vm));
	vm.accel_state = &rig.tvm;
	vm.ncpus = 1;
	atomic_store(&notified, 0);
	ck_assert_int_eq(tcg_gdb_ops.attach(&vm, false, count_stop, NULL, &err), 0);
}

static void teardown(void)
{
	tcg_gdb_ops.release(&vm);
	rig_fini(&rig);
}

START_TEST(registers)
{
	struct accel_debug_regs r;

	rig.cpu->r[5] = 0x1234;
	rig.cpu->pc = RIG_RAM_BASE + 0x40;
	ck_assert_int_eq(tcg_gdb_ops.get_regs(&vm, 0, &r), 0);
	ck_assert_uint_eq(r.x[5], 0x1234);
	ck_assert_uint_eq(r.pc, RIG_RAM_BASE + 0x40);
	ck_assert_uint_eq(r.cpsr & 0xf, 5);	/* EL1h */
	r.x[7] = 77;
	r.sp = 0x40100000;
	r.v[3][15] = 0xab;
	r.cpsr = 0x60000000;	/* Z and C; asks for EL0t, which is kept EL1h */
	ck_assert_int_eq(tcg_gdb_ops.set_regs(&vm, 0, &r), 0);
	ck_assert_uint_eq(rig.cpu->r[7], 77);
	ck_assert_uint_eq(rig.cpu->r[REG_SP], 0x40100000);
	ck_assert_uint_eq(rig.cpu->v[3].b[15], 0xab);
	ck_assert_uint_eq(rig.cpu->nzcv, 0x60000000);
	ck_assert_uint_eq(rig.cpu->el, 1);
	ck_assert_int_eq(tcg_gdb_ops.get_regs(&vm, 1, &r), -ENOENT);
}
END_TEST

START_TEST(memory_through_page_tables)
{
	uint32_t pattern[4] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };
	uint32_t buf[4] = { 0 };

	rig_put(&rig, RIG_RAM_BASE + 0x3000, pattern, 4);
	/* MMU off: physical. Nothing at 0: an error, not a crash. */
	ck_assert_int_eq(tcg_gdb_ops.read_mem(&vm, 0, RIG_RAM_BASE + 0x3004, buf, 8), 0);
	ck_assert_uint_eq(buf[0], 0x22222222);
	ck_assert_int_eq(tcg_gdb_ops.read_mem(&vm, 0, 0, buf, 4), -EFAULT);
	rig_mmu_on(&rig);
	rig_map_page(&rig, 1, RIG_RAM_BASE + 0x3000);
	ck_assert_int_eq(tcg_gdb_ops.read_mem(&vm, 0, RIG_MAPPED_VA + 0x1008, buf, 8), 0);
	ck_assert_uint_eq(buf[0], 0x33333333);
	ck_assert_uint_eq(buf[1], 0x44444444);
	/* Into the unmapped page after it: refused as a whole. */
	ck_assert_int_eq(tcg_gdb_ops.read_mem(&vm, 0, RIG_MAPPED_VA + 0x1ffc, buf, 8),
			 -EFAULT);
	buf[0] = 0x55555555;
	ck_assert_int_eq(tcg_gdb_ops.write_mem(&vm, 0, RIG_MAPPED_VA + 0x1000, buf, 4), 0);
	ck_assert_int_eq(tcg_gdb_ops.read_mem(&vm, 0, RIG_RAM_BASE + 0x3000, buf + 1, 4), 0);
	/* MMU on and the identity map: the physical address reads the same. */
	ck_assert_uint_eq(buf[1], 0x55555555);
}
END_TEST

START_TEST(code_written_by_gdb_runs)
{
	uint32_t code[] = { A64_MOVZ_X0_1, A64_BRK_END }, patch = A64_MOVZ_X0_2;

	rig_put(&rig, RIG_RAM_BASE, code, 2);
	rig_run(&rig, RIG_RAM_BASE, 100);
	ck_assert_uint_eq(rig.cpu->r[0], 1);
	/* The translated block of the old code must not run again. */
	ck_assert_int_eq(tcg_gdb_ops.write_mem(&vm, 0, RIG_RAM_BASE, &patch, 4), 0);
	rig_run(&rig, RIG_RAM_BASE, 100);
	ck_assert_uint_eq(rig.cpu->r[0], 2);
}
END_TEST

static void *run_cpu(void *opaque)
{
	struct tcg_run_opts opts = { .stop_on_exc = true };

	(void)opaque;
	tcg_cpu_exec(rig.cpu, &opts);
	return NULL;
}

/*
 * As the gdbstub: wait for the vCPU's notification (the n-th), then park
 * everyone and ask why. A hang here is the test's timeout.
 */
static void expect_stop(int n, int why, uint64_t pc)
{
	struct accel_debug_stop st;
	struct accel_debug_regs r;

	while (atomic_load(&notified) < n)
		sched_yield();
	tcg_gdb_ops.stop(&vm);
	ck_assert(tcg_gdb_ops.stop_reason(&vm, &st));
	ck_assert_int_eq(st.why, why);
	ck_assert_uint_eq(st.cpu, 0);
	ck_assert_int_eq(tcg_gdb_ops.get_regs(&vm, 0, &r), 0);
	ck_assert_uint_eq(r.pc, pc);
}

START_TEST(break_step_watch_run_on)
{
	uint32_t code[] = { A64_NOP, A64_NOP, A64_MOVZ_X0_7, A64_STR_X1_X2, A64_NOP,
			    A64_BRK_END };
	uint64_t base = RIG_RAM_BASE, slot = RIG_RAM_BASE + 0x8000;
	pthread_t t;

	rig_put(&rig, base, code, 6);
	rig.cpu->pc = base;
	rig.cpu->r[1] = 0xfeed;
	rig.cpu->r[2] = slot;
	ck_assert_int_eq(tcg_gdb_ops.set_break(&vm, ACCEL_BP_HW, base + 8, 4, true), 0);
	tcg_gdb_ops.resume(&vm, -1);
	ck_assert_int_eq(pthread_create(&t, NULL, run_cpu, NULL), 0);

	expect_stop(1, ACCEL_STOP_BREAK, base + 8);
	ck_assert_uint_ne(rig.cpu->r[0], 7);	/* stopped before it */

	tcg_gdb_ops.resume(&vm, 0);		/* stepi */
	expect_stop(2, ACCEL_STOP_STEP, base + 12);
	ck_assert_uint_eq(rig.cpu->r[0], 7);

	ck_assert_int_eq(tcg_gdb_ops.set_break(&vm, ACCEL_BP_HW, base + 8, 4, false), 0);
	ck_assert_int_eq(tcg_gdb_ops.set_break(&vm, ACCEL_WP_WRITE, slot, 8, true), 0);
	tcg_gdb_ops.resume(&vm, -1);
	expect_stop(3, ACCEL_STOP_WATCH, base + 16);	/* after the store */
	ck_assert_uint_eq(*(uint64_t *)guest_ram_ptr(&rig.ram, slot, 8), 0xfeed);

	/* Nothing left: the CPU runs at full speed into the BRK and ends. */
	tcg_gdb_ops.clear_breaks(&vm);
	tcg_gdb_ops.resume(&vm, -1);
	pthread_join(t, NULL);
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
	ck_assert_uint_eq(atomic_load(&rig.cpu->exit_request) & EXIT_REQ_GDB, 0);
}
END_TEST

START_TEST(break_kinds_and_limits)
{
	unsigned int i;

	ck_assert_int_eq(tcg_gdb_ops.set_break(&vm, ACCEL_BP_SW, 0x1000, 4, false), -ENOENT);
	ck_assert_int_eq(tcg_gdb_ops.set_break(&vm, ACCEL_WP_READ, 0x1000, 0, true), -EINVAL);
	ck_assert_int_eq(tcg_gdb_ops.set_break(&vm, ACCEL_WP_ACCESS, ~0ull, 2, true), -EINVAL);
	ck_assert_int_eq(tcg_gdb_ops.set_break(&vm, 9, 0x1000, 4, true), -ENOTSUP);
	for (i = 0; i < TCG_DEBUG_MAX_BP; i++)
		ck_assert_int_eq(tcg_gdb_ops.set_break(&vm, ACCEL_BP_SW, 0x1000 + 4 * i, 4,
							 true), 0);
	ck_assert_int_eq(tcg_gdb_ops.set_break(&vm, ACCEL_BP_HW, 0x9000, 4, true), -ENOSPC);
	/* The same address again is no new slot. */
	ck_assert_int_eq(tcg_gdb_ops.set_break(&vm, ACCEL_BP_HW, 0x1000, 4, true), 0);
	tcg_gdb_ops.clear_breaks(&vm);
	ck_assert_int_eq(tcg_gdb_ops.set_break(&vm, ACCEL_BP_HW, 0x9000, 4, true), 0);
}
END_TEST

static Suite *gdbstub_tcg_suite(void)
{
	Suite *s = suite_create("gdbstub_tcg");
	TCase *tc = tcase_create("debug");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, registers);
	tcase_add_test(tc, memory_through_page_tables);
	tcase_add_test(tc, code_written_by_gdb_runs);
	tcase_add_test(tc, break_step_watch_run_on);
	tcase_add_test(tc, break_kinds_and_limits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(gdbstub_tcg_suite());
}
