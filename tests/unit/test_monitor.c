// SPDX-License-Identifier: GPL-2.0
/*
 * The human monitor as a user at its prompt sees it: line editing
 * (Backspace, arrow keys ignored, CRLF as one Enter), the commands' output
 * (help, info status/cpus/mtree, xp), quit and system_reset asking the VM
 * to stop, and clear errors for what this machine cannot do (stop/x without
 * the accelerator's debug interface) and for bad input (unknown commands,
 * malformed formats, addresses outside RAM, huge counts).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "mon_rig.h"
#include "monitor.h"
#include "util.h"
#include "vm.h"


static struct mon_rig_capture cap;
static struct vm_config cfg;
static struct vm vm;
static struct monitor *mon;

static void setup(void)
{
	struct av_err err = { 0 };

	memset(&cap, 0, sizeof(cap));
	cap.chr.ops = &mon_rig_capture_ops;
	cap.chr.in_fd = -1;
	ck_assert_int_eq(mon_rig_init(&vm, &cfg, 2, 1 << 20, &err), 0);
	vm.vcpu_tid[0] = 1234;
	vm.vcpu_tid[1] = 1235;
	ck_assert_int_eq(monitor_create(&vm, &cap.chr, &mon, &err), 0);
}

static void teardown(void)
{
	monitor_destroy(mon);
	guest_ram_free(&vm.ram);
}

static void type(const char *s)
{
	mon_rig_capture_reset(&cap);
	monitor_input(mon, (const uint8_t *)s, strlen(s));
}

#define OUT_HAS(s) ck_assert_msg(strstr(cap.buf, (s)), "no '%s' in:\n%s", (s), cap.buf)

START_TEST(banner_prompt_and_help)
{
	type("help\r");
	OUT_HAS("monitor - type 'help' for more information");
	OUT_HAS("(qemu) help\r\n");
	OUT_HAS("info [subcommand]");
	OUT_HAS("cont|c ");
	OUT_HAS("quit|q ");
	/* The prompt comes back after the command. */
	ck_assert_str_eq(cap.buf + cap.len - 7, "(qemu) ");
}
END_TEST

START_TEST(line_editing)
{
	/* A typo erased, an up-arrow (ESC [ A) ignored, CRLF is one Enter. */
	type("infx\x7fo st\x1b[Aatus\r\n");
	OUT_HAS("VM status: running\r\n");
	ck_assert_ptr_null(strstr(cap.buf, "unknown command"));
	ck_assert_ptr_null(strstr(strstr(cap.buf, "running"), "(qemu) (qemu)"));
	type("\r");
	ck_assert_ptr_null(strstr(cap.buf, "unknown"));
}
END_TEST

START_TEST(info_subcommands)
{
	type("info cpus\r");
	OUT_HAS("* CPU #0: thread_id=1234\r\n");
	OUT_HAS("  CPU #1: thread_id=1235\r\n");
	type("info mtree\r");
	OUT_HAS("0000000040000000-00000000400fffff (prio 0, ram): mach-virt.ram");
	type("info version\r");
	OUT_HAS(ARMVISOR_VERSION);
	type("info nonsense\r");
	OUT_HAS("unknown info subcommand: 'nonsense'");
	OUT_HAS("info status");
}
END_TEST

START_TEST(xp_dumps_guest_ram)
{
	uint8_t *p = guest_ram_ptr(&vm.ram, 0x40000010, 16);

	for (int i = 0; i < 16; i++)
		p[i] = (uint8_t)(0x10 + i);
	type("xp /4xw 0x40000010\r");
	OUT_HAS("0000000040000010: 0x13121110 0x17161514 0x1b1a1918 0x1f1e1d1c\r\n");
	type("xp/2xg 0x40000010\r");
	OUT_HAS("0000000040000010: 0x1716151413121110 0x1f1e1d1c1b1a1918");
	type("xp /3ub 0x40000010\r");
	OUT_HAS("0000000040000010:  16  17  18");
	type("xp 0x40000010\r");
	OUT_HAS("0x13121110");
}
END_TEST

START_TEST(xp_refuses_bad_input)
{
	type("xp /4xw 0x3ffffffc\r");
	OUT_HAS("Cannot access memory at 0x3ffffffc");
	type("xp /2xg 0x400ffffc\r");
	OUT_HAS("Cannot access memory");
	type("xp /4q 0x40000000\r");
	OUT_HAS("usage: xp /fmt addr");
	type("xp /99999999xg 0x40000000\r");
	OUT_HAS("at most 65536 bytes at a time");
	type("xp /4xw zzz\r");
	OUT_HAS("invalid address 'zzz'");
	type("xp\r");
	OUT_HAS("usage: xp");
}
END_TEST

/* No debug interface here: stop and x say why instead of hanging. */
START_TEST(stop_without_control_says_why)
{
	type("stop\r");
	OUT_HAS("this machine cannot stop its CPUs");
	type("x /4xw 0x40000000\r");
	OUT_HAS("this machine cannot stop its CPUs");
	cfg.gdb.on = true;
	type("c\r");
	OUT_HAS("gdb controls the CPUs here");
	type("system_powerdown\r");
	OUT_HAS("this machine has no power button");
}
END_TEST

START_TEST(unknown_and_overlong_lines)
{
	char line[600];

	type("frobnicate now\r");
	OUT_HAS("unknown command: 'frobnicate'");
	memset(line, 'a', sizeof(line) - 2);
	line[sizeof(line) - 2] = '\r';
	line[sizeof(line) - 1] = '\0';
	type(line);
	OUT_HAS("unknown command: 'aaaa");
}
END_TEST

START_TEST(quit_and_reset_ask_the_vm_to_stop)
{
	type("system_reset\r");
	ck_assert_int_eq(atomic_load(&vm.state), VM_RESET);
	atomic_store(&vm.state, VM_RUNNING);
	vm.exit_code = 3;
	type("q\r");
	ck_assert_int_eq(atomic_load(&vm.state), VM_SHUTDOWN);
	ck_assert_int_eq(vm.exit_code, 0);
}
END_TEST

static Suite *monitor_suite(void)
{
	Suite *s = suite_create("monitor");
	TCase *tc = tcase_create("hmp");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, banner_prompt_and_help);
	tcase_add_test(tc, line_editing);
	tcase_add_test(tc, info_subcommands);
	tcase_add_test(tc, xp_dumps_guest_ram);
	tcase_add_test(tc, xp_refuses_bad_input);
	tcase_add_test(tc, stop_without_control_says_why);
	tcase_add_test(tc, unknown_and_overlong_lines);
	tcase_add_test(tc, quit_and_reset_ask_the_vm_to_stop);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(monitor_suite());
}
