// SPDX-License-Identifier: GPL-2.0
/*
 * The gdbstub's command handlers (gdbstub/cmd.c, query.c,
 * regs.c) against an accelerator stand-in that records what gdb asked
 * for: replies gdb would see for good and malformed packets.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../gdbstub/gdbstub_priv.h"
#include "check_run.h"
#include "vm.h"

#define FAKE_MEM_BASE	0x1000
#define FAKE_MEM_SIZE	0x8000

struct fake {
	struct accel_debug_regs regs[2];
	uint8_t mem[FAKE_MEM_SIZE];
	size_t last_read_len;
	int resumed_step;	/* -2: not resumed */
	int bp_type;
	uint64_t bp_addr, bp_len;
	bool bp_insert;
};

static struct fake *fake_of(struct vm *vm)
{
	return vm->accel_state;
}

static int fake_get_regs(struct vm *vm, unsigned int cpu, struct accel_debug_regs *r)
{
	if (cpu >= 2)
		return -ENOENT;
	*r = fake_of(vm)->regs[cpu];
	return 0;
}

static int fake_set_regs(struct vm *vm, unsigned int cpu, const struct accel_debug_regs *r)
{
	if (cpu >= 2)
		return -ENOENT;
	fake_of(vm)->regs[cpu] = *r;
	return 0;
}

static int fake_read(struct vm *vm, unsigned int cpu, uint64_t va, void *buf, size_t len)
{
	(void)cpu;
	fake_of(vm)->last_read_len = len;
	if (va < FAKE_MEM_BASE || va - FAKE_MEM_BASE > FAKE_MEM_SIZE ||
	    len > FAKE_MEM_SIZE - (va - FAKE_MEM_BASE))
		return -EFAULT;
	memcpy(buf, fake_of(vm)->mem + (va - FAKE_MEM_BASE), len);
	return 0;
}

static int fake_write(struct vm *vm, unsigned int cpu, uint64_t va, const void *buf,
		      size_t len)
{
	(void)cpu;
	if (va < FAKE_MEM_BASE || va - FAKE_MEM_BASE > FAKE_MEM_SIZE ||
	    len > FAKE_MEM_SIZE - (va - FAKE_MEM_BASE))
		return -EFAULT;
	memcpy(fake_of(vm)->mem + (va - FAKE_MEM_BASE), buf, len);
	return 0;
}

static void fake_resume(struct vm *vm, int step_cpu)
{
	fake_of(vm)->resumed_step = step_cpu;
}

static int fake_set_break(struct vm *vm, int type, uint64_t addr, uint64_t len, bool insert)
{
	struct fake *f = fake_of(vm);

	if (type >= ACCEL_WP_READ)
		return -ENOTSUP;
	f->bp_type = type;
	f->bp_addr = addr;
	f->bp_len = len;
	f->bp_insert = insert;
	return 0;
}

static const struct accel_debug_ops fake_ops = {
	.get_regs = fake_get_regs,
	.set_regs = fake_set_regs,
	.read_mem = fake_read,
	.write_mem = fake_write,
	.resume = fake_resume,
	.set_break = fake_set_break,
};

static struct vm vm;
static struct fake fake;
static struct gdb_session sess;
static struct gdb_reply reply;

static void setup(void)
{
	unsigned int i;

	memset(&fake, 0, sizeof(fake));
	fake.resumed_step = -2;
	for (i = 0; i < FAKE_MEM_SIZE; i++)
		fake.mem[i] = (uint8_t)(i * 7);
	for (i = 0; i < 31; i++)
		fake.regs[1].x[i] = 0x1000 + i;
	fake.regs[1].pc = 0xffff800008001234ull;
	fake.regs[1].cpsr = 0x3c5;
	memset(&vm, 0, sizeof(vm));
	vm.accel_state = &fake;
	sess = (struct gdb_session){ .vm = &vm, .ops = &fake_ops, .ncpus = 2,
				     .c_cpu = -1 };
}

/* Run one packet; the reply as a NUL-terminated string. */
static const char *cmd(const char *pkt, enum gdb_action *act)
{
	enum gdb_action a = gdb_cmd_handle(&sess, pkt, strlen(pkt), &reply);

	if (act)
		*act = a;
	ck_assert_uint_le(reply.len, GDB_PKT_MAX);
	reply.buf[reply.len] = 0;
	return reply.buf;
}

static bool is_error(const char *r)
{
	return r[0] == 'E' && strlen(r) == 3;
}

START_TEST(registers_of_selected_thread)
{
	const char *r;

	ck_assert_str_eq(cmd("Hg2", NULL), "OK");
	r = cmd("g", NULL);
	/* 31 + sp + pc: 8 bytes; cpsr 4; v0-v31 16; fpsr, fpcr 4. */
	ck_assert_uint_eq(strlen(r), 2 * (33 * 8 + 4 + 32 * 16 + 4 + 4));
	ck_assert_int_eq(strncmp(r, "0010000000000000", 16), 0);	/* x0, LE */
	r = cmd("p20", NULL);	/* pc is register 32 */
	ck_assert_str_eq(r, "341200080080ffff");
	ck_assert_str_eq(cmd("p21", NULL), "c5030000");		/* cpsr */
	ck_assert_str_eq(cmd("qC", NULL), "QC2");
}
END_TEST

START_TEST(register_writes)
{
	char g[2048];

	ck_assert_str_eq(cmd("Hg2", NULL), "OK");
	ck_assert_str_eq(cmd("P1f=0100000000000080", NULL), "OK");	/* sp */
	ck_assert_uint_eq(fake.regs[1].sp, 0x8000000000000001ull);
	ck_assert_str_eq(cmd("P22=ffffffffffffffffffffffffffffffff", NULL), "OK");	/* v0 */
	ck_assert_uint_eq(fake.regs[1].v[0][15], 0xff);
	/* G round trip: what g gave, written back, changes nothing. */
	snprintf(g, sizeof(g), "G%s", cmd("g", NULL));
	ck_assert_str_eq(cmd(g, NULL), "OK");
	ck_assert_uint_eq(fake.regs[1].x[5], 0x1005);
	/* Short, long and non-hex register data are refused, nothing changes. */
	ck_assert(is_error(cmd("G00", NULL)));
	g[10] = 'z';
	ck_assert(is_error(cmd(g, NULL)));
	ck_assert_uint_eq(fake.regs[1].x[5], 0x1005);
	ck_assert(is_error(cmd("P1f=01", NULL)));
	ck_assert(is_error(cmd("P44=00000000", NULL)));	/* no register 68 */
	ck_assert(is_error(cmd("P1f", NULL)));
	ck_assert(is_error(cmd("pzz", NULL)));
}
END_TEST

START_TEST(memory_reads)
{
	const char *r;

	r = cmd("m1000,4", NULL);
	ck_assert_str_eq(r, "00070e15");
	/* A huge length is capped to what a reply holds, never overflows. */
	r = cmd("m1000,ffffffffffff", NULL);
	ck_assert_uint_lt(fake.last_read_len, GDB_PKT_MAX / 2);
	ck_assert_uint_eq(strlen(r), 2 * fake.last_read_len);
	ck_assert(is_error(cmd("m0,4", NULL)));			/* fault */
	ck_assert(is_error(cmd("m1000", NULL)));
	ck_assert(is_error(cmd("m,4", NULL)));
	ck_assert(is_error(cmd("m1000,4x", NULL)));
	ck_assert(is_error(cmd("m11111111111111111,4", NULL)));	/* > 64 bits */
}
END_TEST

START_TEST(memory_writes)
{
	char x[16] = "X1000,3:a\0b";

	ck_assert_str_eq(cmd("M1004,2:beef", NULL), "OK");
	ck_assert_uint_eq(fake.mem[4], 0xbe);
	ck_assert_uint_eq(fake.mem[5], 0xef);
	/* X carries binary, NULs included. */
	ck_assert_uint_eq(gdb_cmd_handle(&sess, x, 11, &reply), GDB_ACT_NONE);
	ck_assert_mem_eq(reply.buf, "OK", 2);
	ck_assert_mem_eq(fake.mem, "a\0b", 3);
	ck_assert_str_eq(cmd("X1000,0:", NULL), "OK");		/* gdb's probe */
	ck_assert(is_error(cmd("M1004,2:be", NULL)));		/* short */
	ck_assert(is_error(cmd("M1004,2:beefee", NULL)));	/* long */
	ck_assert(is_error(cmd("M1004,2:zzzz", NULL)));
	ck_assert(is_error(cmd("M1004,ffffffff:00", NULL)));
	ck_assert(is_error(cmd("M0,1:00", NULL)));		/* fault */
	ck_assert(is_error(cmd("X1000,5:ab", NULL)));
}
END_TEST

START_TEST(breakpoints)
{
	ck_assert_str_eq(cmd("Z1,ffff8000080b55b0,4", NULL), "OK");
	ck_assert_int_eq(fake.bp_type, ACCEL_BP_HW);
	ck_assert_uint_eq(fake.bp_addr, 0xffff8000080b55b0ull);
	ck_assert(fake.bp_insert);
	ck_assert_str_eq(cmd("z1,ffff8000080b55b0,4", NULL), "OK");
	ck_assert(!fake.bp_insert);
	ck_assert_str_eq(cmd("Z2,1000,8", NULL), "OK");
	ck_assert_uint_eq(fake.bp_len, 8);
	/* Not supported by the accelerator, or not a type: empty reply. */
	ck_assert_str_eq(cmd("Z3,1000,8", NULL), "");
	ck_assert_str_eq(cmd("Z7,1000,8", NULL), "");
	ck_assert(is_error(cmd("Z1,zz,4", NULL)));
	ck_assert(is_error(cmd("Z1,1000", NULL)));
	ck_assert(is_error(cmd("Z", NULL)));
	/* gdb's target-side conditions are accepted and ignored. */
	ck_assert_str_eq(cmd("Z0,1000,4;X2,ab", NULL), "OK");
}
END_TEST

START_TEST(resume_and_step)
{
	enum gdb_action act;

	cmd("c", &act);
	ck_assert_int_eq(act, GDB_ACT_RESUME);
	ck_assert_int_eq(fake.resumed_step, -1);
	cmd("vCont;s:2;c", &act);
	ck_assert_int_eq(act, GDB_ACT_RESUME);
	ck_assert_int_eq(fake.resumed_step, 1);
	ck_assert_str_eq(cmd("Hc1", NULL), "OK");
	cmd("s", &act);
	ck_assert_int_eq(fake.resumed_step, 0);
	cmd("c40001000", &act);
	ck_assert_int_eq(fake.regs[0].pc, 0x40001000);
	ck_assert_str_eq(cmd("vCont?", NULL), "vCont;c;C;s;S");
	fake.resumed_step = -2;
	ck_assert(is_error(cmd("vCont;x", &act)));
	ck_assert(is_error(cmd("vCont;s:9", &act)));
	ck_assert(is_error(cmd("vCont", &act)));
	ck_assert(is_error(cmd("czz", &act)));
	ck_assert_int_eq(act, GDB_ACT_NONE);
	ck_assert_int_eq(fake.resumed_step, -2);	/* nothing ran */
}
END_TEST

START_TEST(threads)
{
	ck_assert_str_eq(cmd("qfThreadInfo", NULL), "m1,2");
	ck_assert_str_eq(cmd("qsThreadInfo", NULL), "l");
	ck_assert_str_eq(cmd("T2", NULL), "OK");
	ck_assert(is_error(cmd("T3", NULL)));
	ck_assert(is_error(cmd("Hg3", NULL)));
	ck_assert(is_error(cmd("Hx1", NULL)));
	ck_assert(is_error(cmd("H", NULL)));
	ck_assert_str_eq(cmd("Hc-1", NULL), "OK");
	ck_assert_str_eq(cmd("qAttached", NULL), "1");
	/* "CPU#1" hex-encoded. */
	ck_assert_str_eq(cmd("qThreadExtraInfo,2", NULL), "4350552331");
}
END_TEST

START_TEST(stop_replies)
{
	struct accel_debug_stop st = { .cpu = 1, .why = ACCEL_STOP_BREAK };

	gdb_cmd_stop_reply(&sess, &st, &reply);
	reply.buf[reply.len] = 0;
	ck_assert_str_eq(reply.buf, "T05thread:02;");
	ck_assert_str_eq(cmd("?", NULL), "T05thread:02;");
	ck_assert_str_eq(cmd("qC", NULL), "QC2");	/* the stopped thread */
	st = (struct accel_debug_stop){ .why = ACCEL_STOP_REQUEST };
	gdb_cmd_stop_reply(&sess, &st, &reply);
	reply.buf[reply.len] = 0;
	ck_assert_str_eq(reply.buf, "T02thread:01;");
	st = (struct accel_debug_stop){ .why = ACCEL_STOP_WATCH, .wp_type = ACCEL_WP_WRITE,
				      .wp_addr = 0xabc };
	gdb_cmd_stop_reply(&sess, &st, &reply);
	reply.buf[reply.len] = 0;
	ck_assert_str_eq(reply.buf, "T05thread:01;watch:abc;");
	st.wp_type = ACCEL_WP_READ;
	gdb_cmd_stop_reply(&sess, &st, &reply);
	reply.buf[reply.len] = 0;
	ck_assert_str_eq(reply.buf, "T05thread:01;rwatch:abc;");
	st.wp_type = ACCEL_WP_ACCESS;
	gdb_cmd_stop_reply(&sess, &st, &reply);
	reply.buf[reply.len] = 0;
	ck_assert_str_eq(reply.buf, "T05thread:01;awatch:abc;");
}
END_TEST

START_TEST(target_description)
{
	char xml[8192] = "";
	const char *r;
	size_t off = 0;
	char q[64];

	ck_assert_ptr_nonnull(strstr(cmd("qSupported:xmlRegisters=aarch64", NULL),
				     "qXfer:features:read+"));
	/* Read it in small chunks as gdb may: 'm' until the 'l' part. */
	for (;;) {
		snprintf(q, sizeof(q), "qXfer:features:read:target.xml:%zx,100", off);
		r = cmd(q, NULL);
		ck_assert(r[0] == 'm' || r[0] == 'l');
		ck_assert_uint_lt(off + strlen(r + 1), sizeof(xml));
		strcat(xml, r + 1);
		off += strlen(r + 1);
		if (r[0] == 'l')
			break;
	}
	ck_assert_str_eq(xml, gdb_target_xml);
	ck_assert_ptr_nonnull(strstr(xml, "org.gnu.gdb.aarch64.core"));
	ck_assert_ptr_nonnull(strstr(xml, "org.gnu.gdb.aarch64.fpu"));
	ck_assert_ptr_nonnull(strstr(xml, "name=\"fpcr\""));
	ck_assert_str_eq(cmd("qXfer:features:read:target.xml:ffffffff,10", NULL), "l");
	ck_assert(is_error(cmd("qXfer:features:read:other.xml:0,10", NULL)));
	ck_assert(is_error(cmd("qXfer:features:read:target.xml:0", NULL)));
}
END_TEST

START_TEST(detach_kill_unknown)
{
	enum gdb_action act;

	ck_assert_str_eq(cmd("D", &act), "OK");
	ck_assert_int_eq(act, GDB_ACT_DETACH);
	cmd("k", &act);
	ck_assert_int_eq(act, GDB_ACT_KILL);
	ck_assert_str_eq(cmd("vMustReplyEmpty", &act), "");
	ck_assert_str_eq(cmd("!", &act), "");
	ck_assert_str_eq(cmd("qUnknownThing", &act), "");
	ck_assert_int_eq(gdb_cmd_handle(&sess, "", 0, &reply), GDB_ACT_NONE);
}
END_TEST

static Suite *gdbstub_cmd_suite(void)
{
	Suite *s = suite_create("gdbstub_cmd");
	TCase *tc = tcase_create("commands");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, registers_of_selected_thread);
	tcase_add_test(tc, register_writes);
	tcase_add_test(tc, memory_reads);
	tcase_add_test(tc, memory_writes);
	tcase_add_test(tc, breakpoints);
	tcase_add_test(tc, resume_and_step);
	tcase_add_test(tc, threads);
	tcase_add_test(tc, stop_replies);
	tcase_add_test(tc, target_description);
	tcase_add_test(tc, detach_kill_unknown);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(gdbstub_cmd_suite());
}
