// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over snapshot files (docs/snapshot.md), which -incoming
 * reads from wherever the user points it: the container (header,
 * sections, CRC), the machine section's decoder, the RAM chunks (written
 * into a 2 MiB RAM through the same bounds checks as a real load), then
 * what a load applies: the vCPU and GIC state into a bare TCG CPU with a
 * GICv3 + ITS, and the DEVS records into a PL011 and a PL061.
 *
 * The checksum would stop almost every mutation at the END section, so
 * the target recomputes it when the input's first byte is odd (the
 * parser still sees the stored value when it is even).
 */
#include <zlib.h>

#include "../../accel-tcg/gic/gic.h"
#include "../../accel-tcg/sys/sys.h"
#include "../../machine/snapshot/snap_priv.h"
#include "devices.h"
#include "fuzz_common.h"
#include "tcg_rig.h"

struct fuzz_in {
	const uint8_t *p;
	size_t len, pos;
};

static int fuzz_read(void *opaque, void *buf, size_t n)
{
	struct fuzz_in *in = opaque;

	if (n > in->len - in->pos)
		return -ENODATA;
	memcpy(buf, in->p + in->pos, n);
	in->pos += n;
	return 0;
}

static int fuzz_ram(void *opaque, uint64_t gpa, const uint8_t *map, const uint8_t *pages,
		    size_t len, struct av_err *err)
{
	struct guest_ram *ram = opaque;
	size_t at = 0;

	for (unsigned int i = 0; i < SNAP_CHUNK_PAGES; i++) {
		uint8_t *dst;

		if (!(map[i / 8] & (1u << (i % 8))))
			continue;
		dst = guest_ram_ptr(ram, gpa + (uint64_t)i * SNAP_PAGE, SNAP_PAGE);
		if (!dst)
			return av_errf(err, EINVAL, "outside RAM");
		if (at + SNAP_PAGE > len)
			abort();	/* the parser promised len covers every page */
		memcpy(dst, pages + at, SNAP_PAGE);
		at += SNAP_PAGE;
	}
	return 0;
}

struct fuzz_state {
	struct tcg_rig rig;
	struct pl011 *uart;
	struct pl061 *gpio;
};

static void no_irq(void *opaque, unsigned int intid, int level)
{
	(void)opaque;
	(void)intid;
	(void)level;
}

static struct fuzz_state *fuzz_state(void)
{
	static struct fuzz_state st;
	static bool made;
	struct irq_line irq = { .set = no_irq };
	struct av_err err;

	if (made)
		return &st;
	if (rig_init(&st.rig, &err) || gic_create(&st.rig.tvm, 3, 1, &st.rig.bus, &err) ||
	    gic_its_create(st.rig.tvm.gic, &st.rig.ram, &st.rig.bus, &err))
		abort();
	st.uart = pl011_create(&irq, NULL, &err);
	st.gpio = pl061_create(&irq, &err);
	if (!st.uart || !st.gpio)
		abort();
	made = true;
	return &st;
}

/* The DEVS records: name, length, payload; the platform devices take theirs. */
static void fuzz_devs(struct fuzz_state *st, const uint8_t *buf, size_t len)
{
	struct snap_rbuf r, rec;
	struct av_err err;

	snap_rbuf_init(&r, buf, len);
	while (!r.bad && r.pos < r.len) {
		char name[16] = { 0 };
		uint32_t n = snap_get_count(&r, sizeof(name) - 1);
		uint64_t rlen;

		snap_get_bytes(&r, name, n);
		rlen = snap_get_u64(&r);
		if (r.bad || rlen > r.len - r.pos)
			return;
		snap_rbuf_init(&rec, r.p + r.pos, rlen);
		r.pos += rlen;
		if (!strcmp(name, "pl011"))
			pl011_snap_load(st->uart, &rec, &err);
		else if (!strcmp(name, "pl061"))
			pl061_snap_load(st->gpio, &rec, &err);
	}
}

static void fix_crc(uint8_t *buf, size_t size)
{
	uint32_t crc;

	if (size < 4)
		return;
	crc = (uint32_t)crc32(0L, buf, (uInt)(size - 4));
	for (unsigned int i = 0; i < 4; i++)
		buf[size - 4 + i] = (uint8_t)(crc >> (8 * i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_state *st = fuzz_state();
	struct snap_parse_ops ops = { .ram = fuzz_ram, .opaque = &st->rig.ram };
	struct snap_parsed p;
	struct av_err err;
	struct fuzz_in fin;
	struct snap_in in = { .read = fuzz_read, .opaque = &fin };
	uint8_t *copy;

	if (size < 1)
		return 0;
	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	if (data[0] & 1)
		fix_crc(copy, size - 1);
	fin = (struct fuzz_in){ copy, size - 1, 0 };
	if (!snap_parse(&in, &ops, &p, &err) && p.mach.ncpus == 1) {
		gic_snap_load(st->rig.tvm.gic, &p.mach.gic, &err);
		tcg_cpu_snap_load(st->rig.cpu, &p.mach.cpu[0], &err);
		fuzz_devs(st, p.devs, p.devs_len);
	}
	snap_parsed_free(&p);
	free(copy);
	return 0;
}
