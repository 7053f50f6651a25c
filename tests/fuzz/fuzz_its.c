// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over the emulated GICv3 ITS and LPIs (accel-tcg/gic/
 * gicv3_its*.c, gicv3_lpi.c): what a hostile guest controls, its
 * commands, the ITS, redistributor and distributor registers, its RAM
 * (LPI configuration table, ITTs, the command queue itself), and the MSIs
 * its devices send. The input is a sequence of 40-byte operations:
 *
 *   [0] kind % 6: 0 command, 1 MMIO write, 2 MMIO read, 3 MSI,
 *       4 RAM write, 5 acknowledge + EOI on CPU 0
 *   [1] region (MMIO: 0 ITS, 1 redistributors, 2 distributor) or size
 *   [2..4] offset (MMIO: in the region; RAM: from its base)
 *   [8..39] a command's four doublewords, or the value / bytes written
 *
 * Each input starts from a GIC (two CPUs, one of them running) reset and
 * programmed as Linux leaves it: LPIs on, queue at QUEUE, ITS enabled.
 * Commands go into the queue at the guest's CWRITER, so a command that
 * stalls it, a bad CBASER or CWRITER are all reachable.
 */
#include <string.h>

#include "../../accel-tcg/gic/gic.h"
#include "board.h"
#include "fuzz_common.h"
#include "tcg_rig.h"

#define OP_SIZE		40
#define QUEUE		(RIG_RAM_BASE + 0x10000)	/* 4 KiB */
#define PROP		(RIG_RAM_BASE + 0x20000)
#define DIRTY		0x80000		/* RAM the ops may write, zeroed per input */

static struct tcg_rig *fuzz_rig(void)
{
	static struct tcg_rig rig;
	static bool made;
	struct av_err err;

	if (made)
		return &rig;
	if (rig_init(&rig, &err) || gic_create(&rig.tvm, 3, 2, &rig.bus, &err) ||
	    gic_its_create(rig.tvm.gic, &rig.ram, &rig.bus, &err))
		abort();
	made = true;
	return &rig;
}

static void wr(struct tcg_rig *rig, uint64_t addr, unsigned int size, uint64_t v)
{
	mmio_bus_write(&rig->bus, addr, size, v);
}

/* Linux's state after boot (irq-gic-v3.c, irq-gic-v3-its.c). */
static void fuzz_boot(struct tcg_rig *rig)
{
	static const uint32_t init[] = {
		0xd518cce0,	/* msr icc_igrpen1_el1, x0 */
		0xd5184601,	/* msr icc_pmr_el1, x1 */
		0xd538cc00,	/* mrs x0, icc_iar1_el1 */
		0xd518cc20,	/* msr icc_eoir1_el1, x0 */
		A64_BRK_END,
	};
	uint64_t redist = virt_memmap[VIRT_GIC_REDIST].base;
	uint64_t its = virt_memmap[VIRT_GIC_ITS].base;

	gic_reset(rig->tvm.gic);
	memset(rig->ram.host, 0, DIRTY);
	rig_put(rig, RIG_RAM_BASE, init, 5);
	tb_invalidate_phys_page(&rig->tvm, RIG_RAM_BASE);
	wr(rig, virt_memmap[VIRT_GIC_DIST].base, 4, 2);
	for (unsigned int c = 0; c < 2; c++) {
		uint64_t rd = redist + c * GICV3_REDIST_SIZE;

		wr(rig, rd + 0x14, 4, 0);
		wr(rig, rd + 0x70, 8, PROP | 15);
		wr(rig, rd + 0x00, 4, 1);
	}
	rig->cpu->r[0] = 1;
	rig->cpu->r[1] = 0xf0;
	rig_run(rig, RIG_RAM_BASE, 10);
	wr(rig, its + 0x80, 8, QUEUE | 1ull << 63);
	wr(rig, its + 0x88, 8, 0);
	wr(rig, its + 0x00, 4, 1);
}

static void fuzz_command(struct tcg_rig *rig, const uint8_t *op)
{
	uint64_t its = virt_memmap[VIRT_GIC_ITS].base, cwriter = 0;

	mmio_bus_read(&rig->bus, its + 0x88, 8, &cwriter);
	cwriter &= 0xfe0;
	memcpy(rig->ram.host + (QUEUE - RIG_RAM_BASE) + cwriter, op + 8, 32);
	wr(rig, its + 0x88, 8, (cwriter + 32) % 0x1000 | (op[1] & 1));
}

static void fuzz_mmio(struct tcg_rig *rig, const uint8_t *op, uint32_t off,
		      bool write)
{
	static const enum virt_region where[] = {
		VIRT_GIC_ITS, VIRT_GIC_REDIST, VIRT_GIC_DIST,
	};
	static const uint32_t span[] = { 0x20000, 2 * GICV3_REDIST_SIZE, 0x10000 };
	unsigned int r = (op[1] & 3) % 3;
	unsigned int size = 1u << (op[1] >> 2 & 3);
	uint64_t addr = virt_memmap[where[r]].base + off % span[r], v;

	memcpy(&v, op + 8, 8);
	if (write)
		mmio_bus_write(&rig->bus, addr & ~(uint64_t)(size - 1), size, v);
	else
		mmio_bus_read(&rig->bus, addr, size, &v);
}

static void fuzz_op(struct tcg_rig *rig, const uint8_t *op)
{
	uint32_t off = (uint32_t)op[2] | (uint32_t)op[3] << 8 | (uint32_t)op[4] << 16;
	uint32_t devid, eventid;

	switch (op[0] % 6) {
	case 0:
		fuzz_command(rig, op);
		break;
	case 1:
	case 2:
		fuzz_mmio(rig, op, off, op[0] % 6 == 1);
		break;
	case 3:
		memcpy(&devid, op + 8, 4);
		memcpy(&eventid, op + 12, 4);
		gic_its_translate(rig->tvm.gic, devid, eventid);
		break;
	case 4:	/* 8 bytes anywhere in the zeroed part, but the code page */
		memcpy(rig->ram.host + 0x1000 + off % (DIRTY - 0x1008), op + 8, 8);
		break;
	default:
		rig->cpu->r[0] = 1;
		rig->cpu->r[1] = 0xf0;
		rig_run(rig, RIG_RAM_BASE, 10);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tcg_rig *rig = fuzz_rig();

	fuzz_boot(rig);
	for (size_t i = 0; i + OP_SIZE <= size; i += OP_SIZE)
		fuzz_op(rig, data + i);
	return 0;
}
