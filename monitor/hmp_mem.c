// SPDX-License-Identifier: GPL-2.0
/*
 * x /fmt addr and xp /fmt addr: guest memory as words, QEMU's format
 * letters (count, then x d u o c, then b h w g), 16 bytes a line.
 * xp reads guest RAM directly; x goes through CPU 0's page tables, so
 * it parks the CPUs for the read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "monitor_priv.h"

#define MON_DUMP_MAX	(64u << 10)	/* one command prints at most this much */

struct mon_fmt {
	unsigned long count;
	char letter;			/* x d u o c */
	unsigned int size;		/* 1 2 4 8 */
};

static int fmt_size(char c)
{
	switch (c) {
	case 'b': return 1;
	case 'h': return 2;
	case 'w': return 4;
	case 'g': return 8;
	default: return 0;
	}
}

/* "/4xw": returns 0, or -1 for a malformed format. */
static int fmt_parse(const char *s, struct mon_fmt *f)
{
	char *end;

	*f = (struct mon_fmt){ .count = 1, .letter = 'x', .size = 4 };
	if (*s++ != '/')
		return -1;
	if (*s >= '0' && *s <= '9') {
		f->count = strtoul(s, &end, 10);
		s = end;
	}
	for (; *s; s++) {
		if (strchr("xduoc", *s)) {
			f->letter = *s;
			if (*s == 'c')
				f->size = 1;
		} else if (fmt_size(*s)) {
			f->size = (unsigned int)fmt_size(*s);
		} else {
			return -1;
		}
	}
	return f->count ? 0 : -1;
}

static uint64_t item_at(const uint8_t *p, unsigned int size)
{
	uint64_t v = 0;

	memcpy(&v, p, size);		/* little-endian host and guest */
	return v;
}

static void print_item(struct monitor *mon, const struct mon_fmt *f, uint64_t v)
{
	int w = (int)f->size * 2;
	int64_t sv = f->size == 8 ? (int64_t)v :
		     (int64_t)(v << (64 - 8 * f->size)) >> (64 - 8 * f->size);

	switch (f->letter) {
	case 'd':
		mon_printf(mon, " %*lld", w + 1, (long long)sv);
		break;
	case 'u':
		mon_printf(mon, " %*llu", w + 1, (unsigned long long)v);
		break;
	case 'o':
		mon_printf(mon, " %#*llo", w + 2, (unsigned long long)v);
		break;
	case 'c':
		mon_printf(mon, " '%c'", v >= 0x20 && v < 0x7f ? (int)v : '.');
		break;
	default:
		mon_printf(mon, " 0x%0*llx", w, (unsigned long long)v);
		break;
	}
}

static void print_dump(struct monitor *mon, const struct mon_fmt *f, uint64_t addr,
		       const uint8_t *buf, size_t len)
{
	size_t per_line = 16;

	for (size_t off = 0; off < len; off += f->size) {
		if (off % per_line == 0)
			mon_printf(mon, "%s%016llx:", off ? "\n" : "",
				   (unsigned long long)(addr + off));
		print_item(mon, f, item_at(buf + off, f->size));
	}
	mon_printf(mon, "\n");
}

/* argv: name, [/fmt], addr. Returns the byte count, 0 after an error. */
static size_t mem_args(struct monitor *mon, int argc, char **argv, struct mon_fmt *f,
		       uint64_t *addr)
{
	const char *a = argc == 3 ? argv[2] : argc == 2 ? argv[1] : NULL;
	char *end;

	if (!a || (argc == 3 ? fmt_parse(argv[1], f) :
		   (*f = (struct mon_fmt){ .count = 1, .letter = 'x', .size = 4 }, 0))) {
		mon_printf(mon, "usage: %s /fmt addr (fmt: count, x|d|u|o|c, b|h|w|g)\n",
			   argv[0]);
		return 0;
	}
	errno = 0;
	*addr = strtoull(a, &end, 0);
	if (errno || *end || end == a) {
		mon_printf(mon, "invalid address '%s'\n", a);
		return 0;
	}
	if (f->count > MON_DUMP_MAX / f->size) {
		mon_printf(mon, "at most %u bytes at a time\n", MON_DUMP_MAX);
		return 0;
	}
	return f->count * f->size;
}

void mon_cmd_xp(struct monitor *mon, int argc, char **argv)
{
	struct mon_fmt f;
	uint64_t addr;
	size_t len = mem_args(mon, argc, argv, &f, &addr);
	const uint8_t *p;

	if (!len)
		return;
	p = guest_ram_ptr(&mon->vm->ram, addr, len);
	if (!p) {
		mon_printf(mon, "Cannot access memory at 0x%llx (not guest RAM)\n",
			   (unsigned long long)addr);
		return;
	}
	print_dump(mon, &f, addr, p, len);
}

void mon_cmd_x(struct monitor *mon, int argc, char **argv)
{
	struct vm *vm = mon->vm;
	struct av_err err = { 0 };
	bool was_paused = vm_paused(vm);
	struct mon_fmt f;
	uint64_t addr;
	size_t len = mem_args(mon, argc, argv, &f, &addr);
	uint8_t *buf;
	int ret;

	if (!len)
		return;
	buf = malloc(len);
	if (!buf || vm_pause(vm, &err)) {
		if (buf)
			mon_error(mon, &err);
		free(buf);
		return;
	}
	ret = vm->accel->debug->read_mem(vm, 0, addr, buf, len);
	if (!was_paused)
		vm_resume(vm, &err);
	if (ret)
		mon_printf(mon, "Cannot access memory at 0x%llx\n", (unsigned long long)addr);
	else
		print_dump(mon, &f, addr, buf, len);
	free(buf);
}
