// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated GICv3 ITS and LPIs, as a guest programs them: tables and
 * a command queue in the test guest's RAM, registers through MMIO, LPIs
 * acknowledged with ICC_IAR1_EL1 on the CPU that should get them (two
 * CPUs). Then hostile command streams and registers: IDs, sizes and
 * addresses out of range must be skipped or stall the queue, never
 * reach outside RAM or hang.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../accel-tcg/gic/gic.h"
#include "board.h"
#include "check_run.h"
#include "tcg_rig.h"
#include "vm.h"

#define DIST	0x08000000ull
#define REDIST	0x080a0000ull
#define ITS	0x08080000ull

#define GITS_CTLR	(ITS + 0x00)
#define GITS_IIDR	(ITS + 0x04)
#define GITS_TYPER	(ITS + 0x08)
#define GITS_CBASER	(ITS + 0x80)
#define GITS_CWRITER	(ITS + 0x88)
#define GITS_CREADR	(ITS + 0x90)
#define GITS_BASER(n)	(ITS + 0x100 + 8 * (n))
#define GITS_PIDR2	(ITS + 0xffe8)
#define GITS_TRANSLATER	(ITS + 0x10040)

/* Test guest RAM layout (the rig has 2 MiB; code at its base). */
#define CMDQ	(RIG_RAM_BASE + 0x10000)	/* 4 KiB: 128 commands */
#define PROP	(RIG_RAM_BASE + 0x20000)	/* 56 KiB for 16 INTID bits */
#define PEND0	(RIG_RAM_BASE + 0x40000)
#define ITT	(RIG_RAM_BASE + 0x60000)
#define ITT2	(RIG_RAM_BASE + 0x61000)
#define OUTSIDE	0x7ffff000ull			/* not RAM */

#define LPI	8192u
#define DEV	5u

/* ITS commands (IHI 0069 5.3). */
#define C_MOVI		0x01
#define C_INT		0x03
#define C_CLEAR		0x04
#define C_SYNC		0x05
#define C_MAPD		0x08
#define C_MAPC		0x09
#define C_MAPTI		0x0a
#define C_MAPI		0x0b
#define C_INV		0x0c
#define C_INVALL	0x0d
#define C_MOVALL	0x0e
#define C_DISCARD	0x0f

static struct tcg_rig rig;
static struct tcg_vcpu *vcpu1;
static struct gic *gic;
static uint64_t cmd_off;	/* where the next command goes */

static void put(uint64_t pa, const uint32_t *code, size_t n)
{
	rig_put(&rig, pa, code, n);
	tb_invalidate_phys_page(&rig.tvm, pa);
}

static struct cpu_state *cpu(unsigned int c)
{
	return c ? &vcpu1->cpu : rig.cpu;
}

static uint64_t run_on(unsigned int c, const uint32_t *code, size_t n)
{
	struct tcg_run_opts opts = { .max_blocks = 100, .stop_on_exc = true };

	put(RIG_RAM_BASE, code, n);
	cpu(c)->pc = RIG_RAM_BASE;
	ck_assert_int_eq(tcg_cpu_exec(cpu(c), &opts), 1);
	ck_assert_uint_eq(cpu(c)->sys.esr_el1 >> 26, EC_BRK64);
	return cpu(c)->r[0];
}

static uint64_t rd(uint64_t addr, unsigned int size)
{
	uint64_t v = ~0ull;

	ck_assert_int_eq(mmio_bus_read(&rig.bus, addr, size, &v), 0);
	return v;
}

static void wr(uint64_t addr, unsigned int size, uint64_t v)
{
	ck_assert_int_eq(mmio_bus_write(&rig.bus, addr, size, v), 0);
}

static void ram_put(uint64_t pa, const void *p, size_t n)
{
	memcpy(rig.ram.host + (pa - RIG_RAM_BASE), p, n);
}

static uint32_t level(unsigned int c)
{
	return atomic_load(&cpu(c)->irq_level);
}

/* LPI configuration byte (IHI 0069 5.1.1): priority 7:2, enable 0. */
static void lpi_cfg(unsigned int intid, uint8_t prio, bool enable)
{
	uint8_t v = (uint8_t)(prio | (enable ? 1 : 0));

	ram_put(PROP + intid - LPI, &v, 1);
}

static void cmd(uint64_t dw0, uint64_t dw1, uint64_t dw2, uint64_t dw3)
{
	uint64_t dw[4] = { dw0, dw1, dw2, dw3 };

	ram_put(CMDQ + cmd_off, dw, sizeof(dw));
	cmd_off = (cmd_off + 32) % 4096;
	wr(GITS_CWRITER, 8, cmd_off);
}

static void mapd(uint32_t dev, unsigned int bits, uint64_t itt, bool valid)
{
	cmd(C_MAPD | (uint64_t)dev << 32, bits - 1, itt | (uint64_t)valid << 63, 0);
}

static void mapc(unsigned int icid, unsigned int target)
{
	cmd(C_MAPC, 0, icid | (uint64_t)target << 16 | 1ull << 63, 0);
}

static void mapti(uint32_t dev, uint32_t ev, uint32_t intid, unsigned int icid)
{
	cmd(C_MAPTI | (uint64_t)dev << 32, ev | (uint64_t)intid << 32, icid, 0);
}

static void ev_cmd(unsigned int op, uint32_t dev, uint32_t ev, unsigned int icid)
{
	cmd(op | (uint64_t)dev << 32, ev, icid, 0);
}

static void sync_cpu(unsigned int target)
{
	cmd(C_SYNC, 0, (uint64_t)target << 16, 0);
}

static bool queue_idle(void)
{
	return rd(GITS_CREADR, 8) == rd(GITS_CWRITER, 8);
}

/* GICv3: group 1 enabled, PMR 0xf0, on the CPU it runs on. */
static const uint32_t cpu_init[] = {
	0xd518cce0,	/* msr icc_igrpen1_el1, x0 */
	0xd5184601,	/* msr icc_pmr_el1, x1 */
	A64_BRK_END,
};
static const uint32_t iar1[] = { 0xd538cc00 /* mrs x0, icc_iar1_el1 */, A64_BRK_END };
static const uint32_t eoir1[] = { 0xd518cc20 /* msr icc_eoir1_el1, x0 */, A64_BRK_END };
static const uint32_t rpr[] = { 0xd538cb60 /* mrs x0, icc_rpr_el1 */, A64_BRK_END };
static const uint32_t hppir1[] = { 0xd538cc40 /* mrs x0, icc_hppir1_el1 */, A64_BRK_END };

static uint64_t ack(unsigned int c)
{
	return run_on(c, iar1, 2);
}

static void eoi(unsigned int c, uint64_t id)
{
	cpu(c)->r[0] = id;
	run_on(c, eoir1, 2);
}

static void add_cpu1(void)
{
	struct av_err err = { 0 };

	vcpu1 = calloc(1, sizeof(*vcpu1));
	ck_assert_ptr_nonnull(vcpu1);
	ck_assert_int_eq(tcg_cpu_init(vcpu1, &rig.tvm, 1, &err), 0);
	vcpu1->cpu.ram = &rig.ram;
	vcpu1->cpu.bus = &rig.bus;
	tcg_cpu_reset(&vcpu1->cpu);
	atomic_store(&vcpu1->cpu.powered_on, 1);
	rig.tvm.vcpus[1] = vcpu1;
	rig.tvm.ncpus = 2;
}

static void setup(void)
{
	struct av_err err = { 0 };

	ck_assert_msg(rig_init(&rig, &err) == 0, "rig: %s", err.msg);
	add_cpu1();
	ck_assert_msg(gic_create(&rig.tvm, 3, 2, &rig.bus, &err) == 0, "gic: %s", err.msg);
	gic = rig.tvm.gic;
	ck_assert_msg(gic_its_create(gic, &rig.ram, &rig.bus, &err) == 0, "its: %s", err.msg);
	cmd_off = 0;
}

static void teardown(void)
{
	gic_destroy(rig.tvm.gic);
	rig.tvm.ncpus = 1;
	rig.tvm.vcpus[1] = NULL;
	tcg_cpu_fini(vcpu1);
	free(vcpu1);
	rig_fini(&rig);
}

/*
 * What Linux does at boot (irq-gic-v3.c, irq-gic-v3-its.c): group 1 on,
 * each redistributor awake with its LPI tables and EnableLPIs, the ITS
 * queue at CMDQ, the ITS enabled, one collection per CPU (ICID = CPU).
 */
static void boot(void)
{
	wr(DIST + 0x0, 4, 2);				/* GICD_CTLR.EnableGrp1 */
	for (unsigned int c = 0; c < 2; c++) {
		uint64_t rd_base = REDIST + c * 0x20000;

		wr(rd_base + 0x14, 4, 0);		/* GICR_WAKER */
		wr(rd_base + 0x70, 8, PROP | 15);	/* PROPBASER: 16 bits */
		wr(rd_base + 0x78, 8, PEND0 + c * 0x10000);
		wr(rd_base + 0x00, 4, 1);		/* GICR_CTLR.EnableLPIs */
		ck_assert_uint_eq(rd(rd_base + 0x00, 4), 1);
		cpu(c)->r[0] = 1;
		cpu(c)->r[1] = 0xf0;
		run_on(c, cpu_init, 3);
	}
	wr(GITS_CBASER, 8, CMDQ | 1ull << 63);		/* one 4 KiB page */
	wr(GITS_CWRITER, 8, 0);
	wr(GITS_CTLR, 4, 1);
	mapc(0, 0);
	mapc(1, 1);
	sync_cpu(0);
	ck_assert(queue_idle());
}

/* Device DEV with 8 EventIDs; event ev -> LPI intid in collection icid. */
static void map_event(uint32_t ev, uint32_t intid, unsigned int icid)
{
	mapd(DEV, 3, ITT, true);
	mapti(DEV, ev, intid, icid);
	ck_assert(queue_idle());
}

START_TEST(registers_advertise_lpis_and_the_its)
{
	uint64_t typer = rd(GITS_TYPER, 8);

	ck_assert_uint_eq(typer & 1, 1);			/* Physical */
	ck_assert_uint_eq((typer >> 4 & 0xf) + 1, 8);		/* ITT entry bytes */
	ck_assert_uint_eq((typer >> 13 & 0x1f) + 1, 16);	/* Devbits */
	ck_assert_uint_eq((typer >> 8 & 0x1f) + 1, 16);		/* EventID bits */
	ck_assert_uint_eq(typer >> 19 & 1, 0);			/* PTA: CPU numbers */
	ck_assert_uint_eq(rd(GITS_TYPER + 4, 4), typer >> 32);
	ck_assert_uint_eq(rd(GITS_PIDR2, 4) >> 4 & 0xf, 3);
	ck_assert_uint_eq(rd(GITS_IIDR, 4) & 0xfff, 0x43b);
	ck_assert_uint_eq(rd(GITS_CTLR, 4), 1u << 31);		/* disabled, quiescent */
	ck_assert_uint_eq(rd(DIST + 0x4, 4) >> 17 & 1, 1);	/* GICD_TYPER.LPIS */
	ck_assert_uint_eq(rd(DIST + 0x4, 4) >> 19 & 0x1f, 15);	/* IDbits: 16 */
	ck_assert_uint_eq(rd(REDIST + 0x8, 8) & 1, 1);		/* GICR_TYPER.PLPIS */
	ck_assert_uint_eq(rd(REDIST + 0x20000 + 0x8, 8) >> 8 & 0xffff, 1);
	ck_assert_uint_eq(rd(GITS_BASER(0), 8) >> 56 & 7, 1);	/* devices */
	ck_assert_uint_eq(rd(GITS_BASER(1), 8) >> 56 & 7, 4);	/* collections */
	ck_assert_uint_eq(rd(GITS_BASER(2), 8), 0);
}
END_TEST

/* Linux's its_setup_baser() writes these fields and wants them back. */
START_TEST(baser_keeps_what_linux_writes)
{
	uint64_t v = 1ull << 63 | 1ull << 62 | 7ull << 59 | 0x40300000ull |
		     1ull << 10 | 2ull << 8 | 3;

	wr(GITS_BASER(0), 8, v);
	ck_assert_uint_eq(rd(GITS_BASER(0), 8), v | 1ull << 56 | 7ull << 48);
	wr(GITS_BASER(2), 8, v);				/* unimplemented */
	ck_assert_uint_eq(rd(GITS_BASER(2), 8), 0);
	wr(GITS_CBASER, 4, (uint32_t)CMDQ | 2);		/* 32-bit halves */
	wr(GITS_CBASER + 4, 4, 1u << 31);
	ck_assert_uint_eq(rd(GITS_CBASER, 8), CMDQ | 2 | 1ull << 63);
}
END_TEST

START_TEST(msi_is_an_lpi_acked_and_eoied_on_its_cpu)
{
	boot();
	map_event(3, LPI + 100, 0);
	lpi_cfg(LPI + 100, 0xa0, true);
	ck_assert_int_eq(gic_its_translate(gic, DEV, 3), 0);
	ck_assert_uint_eq(level(0), 1);
	ck_assert_uint_eq(level(1), 0);
	ck_assert_uint_eq(run_on(0, hppir1, 2), LPI + 100);
	ck_assert_uint_eq(ack(0), LPI + 100);
	ck_assert_uint_eq(level(0), 0);		/* no active state: not pending */
	ck_assert_uint_eq(run_on(0, rpr, 2), 0xa0);
	ck_assert_uint_eq(ack(0), 1023);
	eoi(0, LPI + 100);
	ck_assert_uint_eq(run_on(0, rpr, 2), 0xff);
	/* Pending again while being handled: signalled after the EOI only. */
	gic_its_translate(gic, DEV, 3);
	ck_assert_uint_eq(ack(0), LPI + 100);
	gic_its_translate(gic, DEV, 3);
	ck_assert_uint_eq(level(0), 0);		/* same priority as running */
	eoi(0, LPI + 100);
	ck_assert_uint_eq(level(0), 1);
}
END_TEST

START_TEST(collection_routes_to_the_second_cpu)
{
	boot();
	map_event(0, LPI + 7, 1);
	lpi_cfg(LPI + 7, 0x40, true);
	gic_its_translate(gic, DEV, 0);
	ck_assert_uint_eq(level(0), 0);
	ck_assert_uint_eq(level(1), 1);
	ck_assert_uint_eq(ack(0), 1023);
	ck_assert_uint_eq(ack(1), LPI + 7);
	eoi(1, LPI + 7);
	ck_assert_uint_eq(level(1), 0);
}
END_TEST

START_TEST(translater_write_and_msi_send_reach_the_its)
{
	struct vm vm = { 0 };

	boot();
	mapd(0, 2, ITT2, true);				/* a CPU's write is device 0 */
	mapti(0, 1, LPI + 1, 0);
	lpi_cfg(LPI + 1, 0x20, true);
	wr(GITS_TRANSLATER, 4, 1);
	ck_assert_uint_eq(ack(0), LPI + 1);
	eoi(0, LPI + 1);
	ck_assert_uint_eq(rd(GITS_TRANSLATER, 4), 0);

	/* accel_tcg_ops.msi_send: the PCIe devices' seam. */
	vm.accel = &accel_tcg_ops;
	vm.accel_state = &rig.tvm;
	map_event(2, LPI + 2, 1);
	lpi_cfg(LPI + 2, 0x20, true);
	ck_assert_int_eq(vm_msi_send(&vm, GITS_TRANSLATER, 2, DEV), 0);
	ck_assert_uint_eq(level(1), 1);
	ck_assert_int_eq(vm_msi_send(&vm, 0x08020040, 2, DEV), -ENODEV);
}
END_TEST

/* INV makes the redistributor see a changed configuration byte. */
START_TEST(inv_picks_up_a_config_change)
{
	boot();
	map_event(1, LPI + 33, 0);
	lpi_cfg(LPI + 33, 0xa0, false);
	gic_its_translate(gic, DEV, 1);
	ck_assert_uint_eq(level(0), 0);			/* disabled: held */
	lpi_cfg(LPI + 33, 0xa0, true);
	ev_cmd(C_INV, DEV, 1, 0);
	ck_assert_uint_eq(level(0), 1);
	lpi_cfg(LPI + 33, 0xf8, true);			/* below the PMR now */
	cmd(C_INVALL, 0, 0, 0);
	ck_assert_uint_eq(level(0), 0);
	lpi_cfg(LPI + 33, 0x10, true);
	ev_cmd(C_INV, DEV, 1, 0);
	ck_assert_uint_eq(ack(0), LPI + 33);
	ck_assert_uint_eq(run_on(0, rpr, 2), 0x10);
}
END_TEST

START_TEST(movi_moves_the_event_and_its_pending_state)
{
	boot();
	map_event(4, LPI + 50, 0);
	lpi_cfg(LPI + 50, 0x80, false);
	gic_its_translate(gic, DEV, 4);			/* pending on CPU 0 */
	ev_cmd(C_MOVI, DEV, 4, 1);
	lpi_cfg(LPI + 50, 0x80, true);
	ev_cmd(C_INV, DEV, 4, 0);
	ck_assert_uint_eq(level(0), 0);
	ck_assert_uint_eq(level(1), 1);
	ck_assert_uint_eq(ack(1), LPI + 50);
	eoi(1, LPI + 50);
	gic_its_translate(gic, DEV, 4);			/* new MSIs follow */
	ck_assert_uint_eq(level(0), 0);
	ck_assert_uint_eq(ack(1), LPI + 50);
}
END_TEST

START_TEST(discard_drops_the_mapping_and_the_pending_lpi)
{
	boot();
	map_event(6, LPI + 60, 0);
	lpi_cfg(LPI + 60, 0x80, false);
	gic_its_translate(gic, DEV, 6);
	ev_cmd(C_DISCARD, DEV, 6, 0);
	ck_assert(queue_idle());
	lpi_cfg(LPI + 60, 0x80, true);
	cmd(C_INVALL, 0, 0, 0);
	ck_assert_uint_eq(level(0), 0);			/* no longer pending */
	gic_its_translate(gic, DEV, 6);			/* unmapped: dropped */
	ck_assert_uint_eq(level(0), 0);
	ev_cmd(C_INT, DEV, 6, 0);			/* an error, skipped */
	ck_assert(queue_idle());
	ck_assert_uint_eq(level(0), 0);
}
END_TEST

START_TEST(int_clear_mapi_and_movall)
{
	boot();
	mapd(DEV, 16, ITT, true);
	cmd(C_MAPI | (uint64_t)DEV << 32, LPI + 9, 0, 0);	/* pINTID = EventID */
	lpi_cfg(LPI + 9, 0x30, true);
	ev_cmd(C_INT, DEV, LPI + 9, 0);
	ck_assert_uint_eq(level(0), 1);
	ev_cmd(C_CLEAR, DEV, LPI + 9, 0);
	ck_assert_uint_eq(level(0), 0);
	ev_cmd(C_INT, DEV, LPI + 9, 0);
	cmd(C_MOVALL, 0, 0 << 16, 1 << 16);		/* CPU 0 -> CPU 1 */
	ck_assert_uint_eq(level(0), 0);
	ck_assert_uint_eq(ack(1), LPI + 9);
}
END_TEST

START_TEST(unmapped_device_event_or_collection_is_dropped)
{
	boot();
	map_event(0, LPI + 3, 0);
	lpi_cfg(LPI + 3, 0x10, true);
	ck_assert_int_eq(gic_its_translate(gic, DEV + 1, 0), 0);	/* device */
	ck_assert_int_eq(gic_its_translate(gic, DEV, 1), 0);		/* event */
	ck_assert_int_eq(gic_its_translate(gic, DEV, 0xffffffffu), 0);	/* beyond ITT */
	ck_assert_int_eq(gic_its_translate(gic, 0xffffffffu, 0), 0);
	ck_assert_uint_eq(level(0) | level(1), 0);
	cmd(C_MAPC, 0, 0, 0);				/* collection 0 unmapped */
	gic_its_translate(gic, DEV, 0);
	ck_assert_uint_eq(level(0) | level(1), 0);
	wr(GITS_CTLR, 4, 0);				/* a disabled ITS drops all */
	mapc(0, 0);
	gic_its_translate(gic, DEV, 0);
	ck_assert_uint_eq(level(0), 0);
}
END_TEST

/* Commands with IDs or sizes out of range are skipped; the queue goes on. */
START_TEST(hostile_commands_are_skipped)
{
	boot();
	mapd(0x10000, 4, ITT, true);			/* DeviceID beyond 16 bits */
	mapd(DEV, 17, ITT, true);			/* ITT beyond 16 EventID bits */
	cmd(C_MAPC, 0, 0xffff | 1ull << 63, 0);		/* ICID beyond 8 bits */
	mapc(2, 99);					/* no CPU 99 */
	cmd(C_SYNC, 0, 7ull << 16, 0);
	cmd(C_MOVALL, 0, 0, 0x7ffffffffull << 16);
	mapti(DEV, 0, LPI, 0);				/* device not mapped */
	mapd(DEV, 2, ITT, true);			/* 4 events */
	mapti(DEV, 4, LPI, 0);				/* event beyond the ITT */
	mapti(DEV, 0, 8191, 0);				/* not an LPI */
	mapti(DEV, 0, 65536, 0);
	mapti(DEV, 0, LPI, 300);			/* ICID out of range */
	ev_cmd(C_MOVI, DEV, 0, 0);			/* event not mapped */
	cmd(0xff, ~0ull, ~0ull, ~0ull);			/* unknown command */
	cmd(0x2a, 0, 0, 0);				/* VMAPP etc: no GICv4 */
	ck_assert(queue_idle());
	ck_assert_uint_eq(rd(GITS_CREADR, 8) & 1, 0);	/* not stalled */
	map_event(0, LPI + 5, 0);			/* still working */
	lpi_cfg(LPI + 5, 0x10, true);
	gic_its_translate(gic, DEV, 0);
	ck_assert_uint_eq(ack(0), LPI + 5);
}
END_TEST

/*
 * The ITT is guest memory: entries the guest writes itself, naming
 * INTIDs that are no LPIs or collections out of range, are harmless.
 */
START_TEST(forged_itt_entries_are_harmless)
{
	static const uint64_t forged[] = {
		1ull << 63 | 5,				/* INTID 5: an SGI */
		1ull << 63 | 0xffffull << 16 | (LPI + 1),	/* ICID 65535 */
		1ull << 63 | 0,				/* INTID 0, ICID 0 */
		~0ull,
	};

	boot();
	mapd(DEV, 2, ITT, true);
	ram_put(ITT, forged, sizeof(forged));
	for (uint32_t ev = 0; ev < 4; ev++) {
		gic_its_translate(gic, DEV, ev);
		ev_cmd(C_INT, DEV, ev, 0);
		ev_cmd(C_MOVI, DEV, ev, 1);
		ev_cmd(C_INV, DEV, ev, 0);
		ev_cmd(C_CLEAR, DEV, ev, 0);
		ev_cmd(C_DISCARD, DEV, ev, 0);
	}
	ck_assert(queue_idle());
	ck_assert_uint_eq(level(0) | level(1), 0);
	ck_assert_uint_eq(ack(0), 1023);
	ck_assert_uint_eq(ack(1), 1023);
}
END_TEST

/* An ITT entry outside RAM stalls the queue at that command until Retry. */
START_TEST(itt_outside_ram_stalls_until_retry)
{
	uint64_t at;

	boot();
	mapd(DEV, 4, OUTSIDE, true);
	at = cmd_off;
	mapti(DEV, 0, LPI + 1, 0);
	ck_assert_uint_eq(rd(GITS_CREADR, 8), at | 1);	/* Stalled, at MAPTI */
	mapd(DEV, 4, ITT, true);			/* queued behind the stall */
	ck_assert_uint_eq(rd(GITS_CREADR, 8), at | 1);
	gic_its_translate(gic, DEV, 0);			/* ITT unreadable: dropped */
	/* The guest fixes the command and retries. */
	{
		uint64_t fixed[4] = { C_MAPD | (uint64_t)DEV << 32, 3, ITT | 1ull << 63, 0 };

		ram_put(CMDQ + at, fixed, sizeof(fixed));
	}
	wr(GITS_CWRITER, 8, cmd_off | 1);		/* Retry */
	ck_assert(queue_idle());
	ck_assert_uint_eq(rd(GITS_CREADR, 8) & 1, 0);
	mapti(DEV, 0, LPI + 1, 0);
	lpi_cfg(LPI + 1, 0x10, true);
	gic_its_translate(gic, DEV, 0);
	ck_assert_uint_eq(ack(0), LPI + 1);
}
END_TEST

START_TEST(queue_outside_ram_or_cwriter_past_it_stalls)
{
	boot();
	wr(GITS_CTLR, 4, 0);
	wr(GITS_CBASER, 8, OUTSIDE | 1ull << 63);
	ck_assert_uint_eq(rd(GITS_CREADR, 8), 0);
	wr(GITS_CTLR, 4, 1);
	wr(GITS_CWRITER, 8, 0x20);
	ck_assert_uint_eq(rd(GITS_CREADR, 8), 1);	/* stalled at 0 */
	/* The last page of RAM: a command there is readable, past it not. */
	wr(GITS_CTLR, 4, 0);
	wr(GITS_CBASER, 8, (RIG_RAM_BASE + RIG_RAM_SIZE - 0x1000) | 1ull << 63 | 0xff);
	wr(GITS_CTLR, 4, 1);
	wr(GITS_CWRITER, 8, 0x1020);			/* the second page */
	ck_assert_uint_eq(rd(GITS_CREADR, 8), 0x1000 | 1);
	/* CWRITER beyond a 4 KiB queue never meets CREADR: stalled, no hang. */
	wr(GITS_CTLR, 4, 0);
	wr(GITS_CBASER, 8, CMDQ | 1ull << 63);
	wr(GITS_CTLR, 4, 1);
	wr(GITS_CWRITER, 8, 0xfffe0);
	ck_assert_uint_eq(rd(GITS_CREADR, 8), 1);
	/* Reprogramming the queue clears the stall. */
	wr(GITS_CTLR, 4, 0);
	wr(GITS_CBASER, 8, CMDQ | 1ull << 63);
	wr(GITS_CWRITER, 8, 0);
	wr(GITS_CTLR, 4, 1);
	cmd_off = 0;
	sync_cpu(0);
	ck_assert(queue_idle());
}
END_TEST

/* A configuration table outside RAM or too small leaves the LPIs off. */
START_TEST(lpi_tables_outside_ram_deliver_nothing)
{
	boot();
	map_event(0, LPI + 2, 0);
	lpi_cfg(LPI + 2, 0x10, true);
	wr(REDIST + 0x0, 4, 0);				/* EnableLPIs off */
	wr(REDIST + 0x70, 8, OUTSIDE | 15);
	wr(REDIST + 0x0, 4, 1);
	gic_its_translate(gic, DEV, 0);
	ck_assert_uint_eq(level(0), 0);
	wr(REDIST + 0x0, 4, 0);
	wr(REDIST + 0x70, 8, (RIG_RAM_BASE + RIG_RAM_SIZE - 0x1000) | 15);
	wr(REDIST + 0x0, 4, 1);				/* table runs past RAM */
	cmd(C_INVALL, 0, 0, 0);
	ck_assert_uint_eq(level(0), 0);
	wr(REDIST + 0x0, 4, 0);
	wr(REDIST + 0x70, 8, PROP | 12);		/* 13 bits: no LPIs */
	wr(REDIST + 0x0, 4, 1);
	cmd(C_INVALL, 0, 0, 0);
	ck_assert_uint_eq(level(0), 0);
	wr(REDIST + 0x0, 4, 0);
	wr(REDIST + 0x70, 8, PROP | 15);
	ck_assert_uint_eq(rd(REDIST + 0x70, 8), PROP | 15);
	wr(REDIST + 0x0, 4, 1);
	wr(REDIST + 0x70, 8, 0);			/* fixed while enabled */
	ck_assert_uint_eq(rd(REDIST + 0x70, 8), PROP | 15);
	cmd(C_INVALL, 0, 0, 0);
	ck_assert_uint_eq(ack(0), LPI + 2);		/* pending all along */
}
END_TEST

/* Random command streams: whatever they hold, the queue ends idle or stalled. */
START_TEST(random_command_streams_terminate)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull;

	boot();
	for (unsigned int i = 0; i < 3000; i++) {
		uint64_t dw[4];

		for (unsigned int k = 0; k < 4; k++) {
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			dw[k] = seed;
		}
		dw[0] = (dw[0] & ~0xffull) | (dw[0] & 0xf);	/* real opcodes */
		if (i % 2) {				/* small IDs, ITTs in RAM */
			dw[0] &= 0x0000000f000000ffull;
			dw[1] &= 0x0000ffff0000000full;
			dw[2] = (dw[2] & (1ull << 63 | 0xff)) |
				(RIG_RAM_BASE + (dw[2] & 0xfff00));
		}
		cmd(dw[0], dw[1], dw[2], dw[3]);
		if (rd(GITS_CREADR, 8) & 1)
			wr(GITS_CWRITER, 8, cmd_off | 1);	/* retry = skip on */
		gic_its_translate(gic, (uint32_t)dw[1], (uint32_t)dw[3]);
	}
	wr(GITS_CTLR, 4, 0);
	ck_assert_uint_eq(rd(GITS_CTLR, 4), 1u << 31);
}
END_TEST

START_TEST(reset_forgets_the_its_and_lpi_state)
{
	boot();
	map_event(0, LPI + 4, 0);
	lpi_cfg(LPI + 4, 0x10, false);
	gic_its_translate(gic, DEV, 0);
	gic_reset(gic);
	ck_assert_uint_eq(rd(GITS_CTLR, 4), 1u << 31);
	ck_assert_uint_eq(rd(GITS_CBASER, 8), 0);
	ck_assert_uint_eq(rd(REDIST + 0x0, 4), 0);
	ck_assert_uint_eq(rd(REDIST + 0x70, 8), 0);
	cmd_off = 0;
	boot();
	lpi_cfg(LPI + 4, 0x10, true);
	cmd(C_INVALL, 0, 0, 0);
	ck_assert_uint_eq(level(0), 0);			/* nothing pending */
	gic_its_translate(gic, DEV, 0);			/* device forgotten */
	ck_assert_uint_eq(level(0), 0);
}
END_TEST

START_TEST(gicv2_has_no_its)
{
	struct av_err err = { 0 };
	struct tcg_vm tvm = { 0 };
	struct mmio_bus bus;

	mmio_bus_init(&bus);
	ck_assert_int_eq(gic_create(&tvm, 2, 1, &bus, &err), 0);
	ck_assert_int_eq(gic_its_create(tvm.gic, &rig.ram, &bus, &err), -EINVAL);
	ck_assert_int_eq(gic_its_translate(tvm.gic, 0, 0), -ENODEV);
	ck_assert_int_eq(gic_its_translate(NULL, 0, 0), -ENODEV);
	gic_destroy(tvm.gic);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("gic_its");
	TCase *tc = tcase_create("its");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, registers_advertise_lpis_and_the_its);
	tcase_add_test(tc, baser_keeps_what_linux_writes);
	tcase_add_test(tc, msi_is_an_lpi_acked_and_eoied_on_its_cpu);
	tcase_add_test(tc, collection_routes_to_the_second_cpu);
	tcase_add_test(tc, translater_write_and_msi_send_reach_the_its);
	tcase_add_test(tc, inv_picks_up_a_config_change);
	tcase_add_test(tc, movi_moves_the_event_and_its_pending_state);
	tcase_add_test(tc, discard_drops_the_mapping_and_the_pending_lpi);
	tcase_add_test(tc, int_clear_mapi_and_movall);
	tcase_add_test(tc, unmapped_device_event_or_collection_is_dropped);
	tcase_add_test(tc, hostile_commands_are_skipped);
	tcase_add_test(tc, forged_itt_entries_are_harmless);
	tcase_add_test(tc, itt_outside_ram_stalls_until_retry);
	tcase_add_test(tc, queue_outside_ram_or_cwriter_past_it_stalls);
	tcase_add_test(tc, lpi_tables_outside_ram_deliver_nothing);
	tcase_add_test(tc, random_command_streams_terminate);
	tcase_add_test(tc, reset_forgets_the_its_and_lpi_state);
	tcase_add_test(tc, gicv2_has_no_its);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
