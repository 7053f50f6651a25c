// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over what a gdb client sends: the input is the byte
 * stream of a connection. It goes through the framing (gdb_rx_feed:
 * checksums, escapes, run-length, Ctrl-C), every packet that frames goes
 * to the command handlers (registers, memory, breakpoints, threads, q
 * packets, hex everywhere) against a stand-in accelerator, and each reply
 * is framed back as the server would send it. The stand-in aborts when
 * the stub hands it a CPU that does not exist or a memory access larger
 * than a reply can carry: a real accelerator would index past its vCPUs.
 */
#include <errno.h>
#include <stdbool.h>

#include "../../gdbstub/gdbstub_priv.h"
#include "fuzz_common.h"
#include "vm.h"

#define NCPUS		2
#define MEM_BASE	0x1000
#define MEM_SIZE	0x4000

struct fake {
	struct accel_debug_regs regs[NCPUS];
	uint8_t mem[MEM_SIZE];
};

static struct fake fake;

static void fake_check_cpu(unsigned int cpu)
{
	if (cpu >= NCPUS)
		abort();
}

static int fake_get_regs(struct vm *vm, unsigned int cpu, struct accel_debug_regs *r)
{
	(void)vm;
	fake_check_cpu(cpu);
	*r = fake.regs[cpu];
	return 0;
}

static int fake_set_regs(struct vm *vm, unsigned int cpu, const struct accel_debug_regs *r)
{
	(void)vm;
	fake_check_cpu(cpu);
	fake.regs[cpu] = *r;
	return 0;
}

/* The guest's memory: MEM_SIZE bytes at MEM_BASE, a fault elsewhere. */
static uint8_t *fake_mem(unsigned int cpu, uint64_t va, size_t len)
{
	fake_check_cpu(cpu);
	if (len > GDB_PKT_MAX)
		abort();
	if (va < MEM_BASE || va - MEM_BASE > MEM_SIZE || len > MEM_SIZE - (va - MEM_BASE))
		return NULL;
	return fake.mem + (va - MEM_BASE);
}

static int fake_read(struct vm *vm, unsigned int cpu, uint64_t va, void *buf, size_t len)
{
	uint8_t *p = fake_mem(cpu, va, len);

	(void)vm;
	if (!p)
		return -EFAULT;
	memcpy(buf, p, len);
	return 0;
}

static int fake_write(struct vm *vm, unsigned int cpu, uint64_t va, const void *buf,
		      size_t len)
{
	uint8_t *p = fake_mem(cpu, va, len);

	(void)vm;
	if (!p)
		return -EFAULT;
	memcpy(p, buf, len);
	return 0;
}

static void fake_resume(struct vm *vm, int step_cpu)
{
	(void)vm;
	if (step_cpu >= NCPUS)
		abort();
}

static int fake_set_break(struct vm *vm, int type, uint64_t addr, uint64_t len, bool insert)
{
	(void)vm;
	(void)addr;
	(void)len;
	(void)insert;
	return type >= ACCEL_WP_READ ? -ENOTSUP : 0;
}

static const struct accel_debug_ops fake_ops = {
	.get_regs = fake_get_regs,
	.set_regs = fake_set_regs,
	.read_mem = fake_read,
	.write_mem = fake_write,
	.resume = fake_resume,
	.set_break = fake_set_break,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gdb_rx rx;
	static struct gdb_reply reply;
	static uint8_t out[2 * GDB_PKT_MAX + 8];
	struct vm vm = { .accel_state = &fake };
	struct gdb_session s = { .vm = &vm, .ops = &fake_ops, .ncpus = NCPUS,
				 .c_cpu = -1 };

	memset(&fake, 0, sizeof(fake));
	gdb_rx_init(&rx);
	for (size_t i = 0; i < size; i++) {
		if (gdb_rx_feed(&rx, data[i]) != GDB_RX_PACKET || rx.overflow)
			continue;
		memset(&reply, 0, sizeof(reply));
		gdb_cmd_handle(&s, (const char *)rx.buf, rx.len, &reply);
		if (reply.len > GDB_PKT_MAX)
			abort();
		/* Twice the payload plus framing always fits: escapes double at most. */
		if (!gdb_tx_frame((const uint8_t *)reply.buf, reply.len, out, sizeof(out)))
			abort();
		/* Whatever gdb selects, the selection names a vCPU. */
		if (s.g_cpu >= NCPUS || s.c_cpu >= NCPUS)
			abort();
	}
	/* The stop reply the server would send next, for the selected vCPU. */
	s.last.cpu = s.g_cpu > 0 ? (unsigned int)s.g_cpu : 0;
	gdb_cmd_stop_reply(&s, &s.last, &reply);
	return 0;
}
