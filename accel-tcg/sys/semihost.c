// SPDX-License-Identifier: GPL-2.0
/*
 * Semihosting (Arm's "Semihosting for AArch32 and AArch64", version 2):
 * with -semihosting, HLT #0xF000 at EL1 (and at EL0 with userspace=on)
 * is a call to the host: the operation in W0, its parameter (a value or
 * the address of a block of 64-bit fields) in X1, the result in X0.
 * This is how bare-metal test programs print and report their exit
 * status (docs/semihosting.md). Everything the guest passes is read
 * through its own translation with the side-effect-free copy of
 * mem/va_copy.c; a bad address makes the call return -1, never a fault
 * in the host.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "mem/mem.h"
#include "sys.h"
#include "tcg.h"

#define SH_WRITEC		0x03
#define SH_WRITE0		0x04
#define SH_READC		0x07
#define SH_CLOCK		0x10
#define SH_GET_CMDLINE		0x15
#define SH_HEAPINFO		0x16
#define SH_EXIT			0x18
#define SH_EXIT_EXTENDED	0x20
#define SH_ELAPSED		0x30
#define SH_TICKFREQ		0x31

/* SYS_EXIT's reason for a program that ended normally (its subcode: the status). */
#define ADP_STOPPED_APPLICATION_EXIT	0x20026
#define SH_WRITE0_MAX		(64 * 1024)	/* a string longer than this is cut */
#define SH_STACK_SIZE		(1024 * 1024)	/* HEAPINFO: stack at the top of RAM */
#define SH_FAIL			((uint64_t)-1)

static uint64_t sh_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Field n (64 bits) of the parameter block at X1. */
static int sh_arg(struct cpu_state *cpu, unsigned int n, uint64_t *val)
{
	return mem_va_read(cpu, cpu->r[1] + 8ull * n, val, sizeof(*val));
}

static void sh_out(struct cpu_state *cpu, const uint8_t *buf, size_t len)
{
	chardev_write(cpu->vm->semihost_out, buf, len);
}

static uint64_t sh_writec(struct cpu_state *cpu)
{
	uint8_t c;

	if (mem_va_read(cpu, cpu->r[1], &c, 1))
		return SH_FAIL;
	sh_out(cpu, &c, 1);
	return cpu->r[0];	/* X0 is "corrupted" by the spec: keep it */
}

static uint64_t sh_write0(struct cpu_state *cpu)
{
	uint8_t chunk[256];
	uint64_t va = cpu->r[1];
	size_t done = 0, n, len;

	while (done < SH_WRITE0_MAX) {
		/* Byte by byte near a page end: the next page may be unmapped. */
		n = MMU_PAGE_SIZE - (va & (MMU_PAGE_SIZE - 1));
		n = n < sizeof(chunk) ? n : sizeof(chunk);
		if (mem_va_read(cpu, va, chunk, n))
			return SH_FAIL;
		len = strnlen((const char *)chunk, n);
		sh_out(cpu, chunk, len);
		if (len < n)
			break;
		va += n;
		done += n;
	}
	return cpu->r[0];
}

/* One byte from stdin; waits, but leaves when the VM is stopped. */
static uint64_t sh_readc(struct cpu_state *cpu)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	uint8_t c;
	ssize_t n;

	while (!vm_stop_requested(cpu->vm)) {
		if (poll(&p, 1, 100) <= 0)
			continue;
		n = read(STDIN_FILENO, &c, 1);
		if (n == 1)
			return c;
		if (n == 0 || (errno != EINTR && errno != EAGAIN))
			return SH_FAIL;
	}
	return SH_FAIL;
}

/* HEAPINFO: X1 holds the address of a pointer to four fields. */
static uint64_t sh_heapinfo(struct cpu_state *cpu)
{
	const struct boot_layout *l = &cpu->vm->layout;
	uint64_t block, info[4], top = cpu->vm->ram.base + cpu->vm->ram.size;
	uint64_t base = l->kernel_end;

	if (l->initrd_end > base)
		base = l->initrd_end;
	if (l->dtb_addr && l->dtb_addr + l->dtb_max > base)
		base = l->dtb_addr + l->dtb_max;
	base = (base + 15) & ~15ull;
	info[0] = base;				/* heap base */
	info[1] = top - SH_STACK_SIZE;		/* heap limit */
	info[2] = top;				/* stack base (it grows down) */
	info[3] = top - SH_STACK_SIZE;		/* stack limit */
	if (mem_va_read(cpu, cpu->r[1], &block, sizeof(block)) ||
	    mem_va_write(cpu, block, info, sizeof(info)))
		return SH_FAIL;
	return 0;
}

/* GET_CMDLINE: block = { buffer, size }; size becomes the length. */
static uint64_t sh_get_cmdline(struct cpu_state *cpu)
{
	const char *s = cpu->vm->cfg->semihosting_cmdline;
	uint64_t buf, size, len;

	s = s ? s : "";
	len = strlen(s);
	if (sh_arg(cpu, 0, &buf) || sh_arg(cpu, 1, &size) || size < len + 1 ||
	    mem_va_write(cpu, buf, s, len + 1) ||
	    mem_va_write(cpu, cpu->r[1] + 8, &len, sizeof(len)))
		return SH_FAIL;
	return 0;
}

/* EXIT and EXIT_EXTENDED: block = { reason, subcode }. */
static int sh_exit(struct cpu_state *cpu)
{
	uint64_t reason = 0, subcode = 0;

	if (sh_arg(cpu, 0, &reason) || sh_arg(cpu, 1, &subcode))
		reason = 0;		/* unreadable: an abnormal stop */
	cpu->vm->exit_code = reason == ADP_STOPPED_APPLICATION_EXIT ?
			     (int)(subcode & 0xff) : 1;
	vm_request_stop(cpu->vm, VM_SHUTDOWN);
	return INSN_EXIT;
}

static uint64_t sh_dispatch(struct cpu_state *cpu, uint32_t op)
{
	struct tcg_vm *tvm = cpu->tvm;

	switch (op) {
	case SH_WRITEC:
		return sh_writec(cpu);
	case SH_WRITE0:
		return sh_write0(cpu);
	case SH_READC:
		return sh_readc(cpu);
	case SH_CLOCK:		/* centiseconds since the VM was made */
		return (sh_now_ns() - tvm->semihost_t0) / 10000000ull;
	case SH_ELAPSED: {	/* ticks of SH_TICKFREQ, to the 64-bit field at X1 */
		uint64_t ticks = sh_now_ns() - tvm->semihost_t0;

		return mem_va_write(cpu, cpu->r[1], &ticks, sizeof(ticks)) ? SH_FAIL : 0;
	}
	case SH_TICKFREQ:
		return 1000000000ull;
	case SH_HEAPINFO:
		return sh_heapinfo(cpu);
	case SH_GET_CMDLINE:
		return sh_get_cmdline(cpu);
	default:
		if (log_enabled(LOG_UNIMP))
			log_printf(LOG_UNIMP, "cpu%u: semihosting operation 0x%x is not implemented\n",
				   cpu->index, op);
		return SH_FAIL;
	}
}

int semihost_call(struct cpu_state *cpu, uint64_t pc)
{
	uint32_t op = (uint32_t)cpu->r[0];

	cpu->pc = pc + 4;
	if (op == SH_EXIT || op == SH_EXIT_EXTENDED)
		return sh_exit(cpu);
	cpu->r[0] = sh_dispatch(cpu, op);
	return INSN_BRANCH;
}
