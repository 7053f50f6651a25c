// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over the register files a guest reaches by MMIO: the
 * PL011 and the emulated GIC (GICv2 distributor and CPU interface, GICv3
 * distributor and redistributor), at the board's addresses on their own
 * buses. The input is a sequence of 8-byte operations:
 *
 *   [0] bits 0-2 region, bit 3 write, bits 4-5 log2 size, bit 6 "other"
 *   [1..2] offset in the region   [3..6] value   [7] spare
 *
 * "other" turns the operation into a device input instead: an interrupt
 * line of the GIC driven to a level, or bytes received by the UART. The
 * devices are made once and reset per input.
 */
#include "../../accel-tcg/gic/gic.h"
#include "board.h"
#include "devices.h"
#include "fuzz_common.h"
#include "tcg_rig.h"

#define OP_SIZE	8

static void sink_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	(void)chr;
	(void)buf;
	(void)len;
}

static const struct chardev_ops sink_ops = { .write = sink_write };

static void irq_ignore(void *opaque, unsigned int intid, int level)
{
	(void)opaque;
	(void)intid;
	(void)level;
}

struct fuzz_mmio {
	struct tcg_rig v2, v3;		/* one bare CPU per GIC version */
	struct mmio_bus uart_bus;
	struct chardev out;
	struct pl011 *uart;
};

static void fuzz_gic(struct tcg_rig *rig, int version)
{
	struct av_err err;

	if (rig_init(rig, &err) || gic_create(&rig->tvm, version, 1, &rig->bus, &err))
		abort();
}

static struct fuzz_mmio *fuzz_state(void)
{
	static struct fuzz_mmio f;
	struct irq_line line = { .set = irq_ignore, .intid = 33 };
	struct av_err err;

	if (f.uart)
		return &f;
	fuzz_gic(&f.v2, 2);
	fuzz_gic(&f.v3, 3);
	f.out = (struct chardev){ .ops = &sink_ops, .in_fd = -1 };
	mmio_bus_init(&f.uart_bus);
	f.uart = pl011_create(&line, &f.out, &err);
	if (!f.uart || mmio_bus_add(&f.uart_bus, virt_memmap[VIRT_UART].base, 0x1000,
				    &pl011_mmio_ops, f.uart, "pl011", &err))
		abort();
	return &f;
}

struct region {
	int rig;			/* 2, 3: that GIC's bus; 0: the UART's */
	enum virt_region where;
	uint32_t span;
};

static const struct region regions[] = {
	{ 0, VIRT_UART, 0x1000 },
	{ 2, VIRT_GIC_DIST, 0x10000 },
	{ 2, VIRT_GIC_CPU, 0x10000 },
	{ 3, VIRT_GIC_DIST, 0x10000 },
	{ 3, VIRT_GIC_REDIST, 0x20000 },
};

static void fuzz_input(struct fuzz_mmio *f, const struct region *r, const uint8_t *op,
		       uint32_t val)
{
	if (!r->rig) {
		pl011_receive(f->uart, op + 3, 1 + (op[1] & 3));
		return;
	}
	/* PPIs and SPIs: the lines devices drive (SGIs come from registers). */
	gic_set_irq((r->rig == 2 ? &f->v2 : &f->v3)->tvm.gic,
		    GIC_NR_SGIS + ((uint32_t)(op[2] & 1) << 8 | op[1]) % (GIC_NR_IRQS - GIC_NR_SGIS),
		    (int)(val & 1));
}

static void fuzz_op(struct fuzz_mmio *f, const uint8_t *op)
{
	const struct region *r = &regions[(op[0] & 7) % (sizeof(regions) / sizeof(regions[0]))];
	struct mmio_bus *bus = r->rig == 2 ? &f->v2.bus : r->rig == 3 ? &f->v3.bus :
			       &f->uart_bus;
	uint64_t addr = virt_memmap[r->where].base +
			((uint32_t)op[1] << 8 | op[2] | (uint32_t)(op[7] & 1) << 16) % r->span;
	unsigned int size = 1u << (op[0] >> 4 & 3);
	uint32_t val;
	uint64_t got;

	memcpy(&val, op + 3, 4);
	if (op[0] & 0x40)
		fuzz_input(f, r, op, val);
	else if (op[0] & 8)
		mmio_bus_write(bus, addr, size, (uint64_t)val << (size == 8 ? 32 : 0) | val);
	else
		mmio_bus_read(bus, addr, size, &got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_mmio *f = fuzz_state();

	pl011_reset(f->uart);
	gic_reset(f->v2.tvm.gic);
	gic_reset(f->v3.tvm.gic);
	for (size_t i = 0; i + OP_SIZE <= size; i += OP_SIZE)
		fuzz_op(f, data + i);
	return 0;
}
