// SPDX-License-Identifier: GPL-2.0
/*
 * The ITS command queue (IHI 0069 5.3): a ring of 32-byte commands in
 * guest RAM at GITS_CBASER, run from GITS_CREADR up to GITS_CWRITER when
 * CWRITER is written (or the ITS is enabled), all before the write
 * returns, so a SYNC has always completed.
 *
 * Errors (5.3 leaves the choice to the implementation, as QEMU does):
 * a command with a bad parameter (an ID out of range, an unmapped device
 * or collection) is logged and skipped and the queue goes on; a command
 * the ITS cannot read or whose ITT entry is outside RAM stalls the queue
 * (GITS_CREADR.Stalled, CREADR at that command) until the guest writes
 * CWRITER with Retry or reprograms CBASER. Called with the GIC's lock.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include "gicv3_its_priv.h"
#include "guestmem.h"

#define CMD_MOVI	0x01
#define CMD_INT		0x03
#define CMD_CLEAR	0x04
#define CMD_SYNC	0x05
#define CMD_MAPD	0x08
#define CMD_MAPC	0x09
#define CMD_MAPTI	0x0a
#define CMD_MAPI	0x0b
#define CMD_INV		0x0c
#define CMD_INVALL	0x0d
#define CMD_MOVALL	0x0e
#define CMD_DISCARD	0x0f

#define CBASER_VALID	(1ull << 63)
#define CBASER_PA	0x000ffffffffff000ull
#define ITT_ADDR	0x000fffffffffff00ull	/* MAPD DW2 51:8 */
#define RDBASE_MASK	0x7ffffffffull		/* DW2 50:16, processor number */

enum cmd_result { CMD_OK, CMD_ERROR, CMD_STALL };

/* Fields of a command (5.3), doubleword.bits. */
struct its_cmd {
	uint64_t dw[4];
};

static uint32_t cmd_devid(const struct its_cmd *c)
{
	return (uint32_t)(c->dw[0] >> 32);
}

static uint32_t cmd_eventid(const struct its_cmd *c)
{
	return (uint32_t)c->dw[1];
}

static uint64_t cmd_icid(const struct its_cmd *c)
{
	return c->dw[2] & 0xffff;
}

static uint64_t cmd_rdbase(uint64_t dw)
{
	return (dw >> 16) & RDBASE_MASK;
}

static bool cmd_valid(const struct its_cmd *c)
{
	return c->dw[2] >> 63;
}

/* A target processor (PTA = 0) that exists, else an error. */
static int cmd_target(struct gic_its *its, uint64_t rd, const char *name)
{
	if (rd >= its->gic->ncpus) {
		its_log("%s: no processor %llu", name, (unsigned long long)rd);
		return -1;
	}
	return (int)rd;
}

/*
 * The mapped event a command names: its device, ITE and the processor
 * of its collection.
 */
struct cmd_event {
	struct its_dev *dev;
	struct its_ite ite;
	int cpu;
};

static enum cmd_result cmd_lookup(struct gic_its *its, const struct its_cmd *c,
				  const char *name, struct cmd_event *ev)
{
	uint32_t devid = cmd_devid(c), eventid = cmd_eventid(c);
	int ret;

	ev->dev = its_device(its, devid);
	if (!ev->dev) {
		its_log("%s: device %u not mapped", name, devid);
		return CMD_ERROR;
	}
	ret = its_ite_read(its, ev->dev, eventid, &ev->ite);
	if (ret == -EFAULT) {
		its_log("%s: ITT entry of device %u event %u outside RAM",
			name, devid, eventid);
		return CMD_STALL;
	}
	if (ret) {
		its_log("%s: event %u of device %u not mapped", name, eventid, devid);
		return CMD_ERROR;
	}
	ev->cpu = its_coll_cpu(its, ev->ite.icid);
	if (ev->cpu < 0) {
		its_log("%s: collection %u not mapped", name, ev->ite.icid);
		return CMD_ERROR;
	}
	return CMD_OK;
}

static void lpi_set(struct gic_its *its, int cpu, unsigned int intid, bool on)
{
	gic_lpi_set_pending(its->gic, (unsigned int)cpu, intid, on);
	gic_update_cpu(its->gic, (unsigned int)cpu);
}

/* INT, CLEAR, INV, DISCARD: an event's LPI, on its collection's CPU. */
static enum cmd_result cmd_event_op(struct gic_its *its, const struct its_cmd *c,
				    unsigned int op)
{
	static const char *const names[] = {
		[CMD_INT] = "INT", [CMD_CLEAR] = "CLEAR", [CMD_INV] = "INV",
		[CMD_DISCARD] = "DISCARD",
	};
	struct cmd_event ev;
	enum cmd_result r = cmd_lookup(its, c, names[op], &ev);

	if (r != CMD_OK)
		return r;
	switch (op) {
	case CMD_INT:
		lpi_set(its, ev.cpu, ev.ite.intid, true);
		break;
	case CMD_INV:	/* the configuration is read afresh at every update */
		gic_update_cpu(its->gic, (unsigned int)ev.cpu);
		break;
	case CMD_DISCARD:
		/* The mapping goes, and the pending state with it. */
		if (its_ite_write(its, ev.dev, cmd_eventid(c), &ev.ite, false))
			return CMD_STALL;
		lpi_set(its, ev.cpu, ev.ite.intid, false);
		break;
	default:
		lpi_set(its, ev.cpu, ev.ite.intid, false);
		break;
	}
	return CMD_OK;
}

/* MOVI: a new collection for the event; a pending LPI moves with it. */
static enum cmd_result cmd_movi(struct gic_its *its, const struct its_cmd *c)
{
	struct cmd_event ev;
	enum cmd_result r = cmd_lookup(its, c, "MOVI", &ev);
	int to;

	if (r != CMD_OK)
		return r;
	to = its_coll_cpu(its, cmd_icid(c));
	if (to < 0) {
		its_log("MOVI: collection %llu not mapped",
			(unsigned long long)cmd_icid(c));
		return CMD_ERROR;
	}
	if (gic_lpi_pending(its->gic, (unsigned int)ev.cpu, ev.ite.intid)) {
		lpi_set(its, ev.cpu, ev.ite.intid, false);
		lpi_set(its, to, ev.ite.intid, true);
	}
	ev.ite.icid = (unsigned int)cmd_icid(c);
	if (its_ite_write(its, ev.dev, cmd_eventid(c), &ev.ite, true))
		return CMD_STALL;
	return CMD_OK;
}

/* MAPD: DeviceID -> ITT address and size (EventID bits, DW1 4:0 + 1). */
static enum cmd_result cmd_mapd(struct gic_its *its, const struct its_cmd *c)
{
	uint32_t devid = cmd_devid(c);
	unsigned int bits = (unsigned int)(c->dw[1] & 0x1f) + 1;
	struct its_dev *dev;

	if (devid >= ITS_NR_DEVS) {
		its_log("MAPD: DeviceID %u beyond %u bits", devid, ITS_DEVBITS);
		return CMD_ERROR;
	}
	dev = &its->dev[devid];
	if (!cmd_valid(c)) {
		dev->valid = false;
		return CMD_OK;
	}
	if (bits > ITS_EVBITS) {
		its_log("MAPD: ITT of %u EventID bits, more than %u", bits, ITS_EVBITS);
		return CMD_ERROR;
	}
	dev->itt = c->dw[2] & ITT_ADDR;
	dev->evbits = (uint8_t)bits;
	dev->valid = true;
	return CMD_OK;
}

/* MAPC: collection -> processor, or unmapped. */
static enum cmd_result cmd_mapc(struct gic_its *its, const struct its_cmd *c)
{
	uint64_t icid = cmd_icid(c);
	int cpu = 0;

	if (icid >= ITS_NR_COLLS) {
		its_log("MAPC: ICID %llu beyond %u bits", (unsigned long long)icid,
			ITS_CIDBITS);
		return CMD_ERROR;
	}
	if (cmd_valid(c)) {
		cpu = cmd_target(its, cmd_rdbase(c->dw[2]), "MAPC");
		if (cpu < 0)
			return CMD_ERROR;
	}
	its->coll[icid] = cmd_valid(c) ? (uint16_t)(cpu + 1) : 0;
	return CMD_OK;
}

/* MAPTI / MAPI (pINTID = EventID): an event -> an LPI in a collection. */
static enum cmd_result cmd_mapti(struct gic_its *its, const struct its_cmd *c,
				 bool mapi)
{
	const char *name = mapi ? "MAPI" : "MAPTI";
	uint32_t devid = cmd_devid(c), eventid = cmd_eventid(c);
	uint32_t intid = mapi ? eventid : (uint32_t)(c->dw[1] >> 32);
	struct its_dev *dev = its_device(its, devid);
	struct its_ite ite = { intid, (unsigned int)cmd_icid(c) };
	int ret;

	if (!dev) {
		its_log("%s: device %u not mapped", name, devid);
		return CMD_ERROR;
	}
	if (!gic_is_lpi(intid) || cmd_icid(c) >= ITS_NR_COLLS) {
		its_log("%s: LPI %u or ICID %u out of range", name, intid, ite.icid);
		return CMD_ERROR;
	}
	ret = its_ite_write(its, dev, eventid, &ite, true);
	if (ret == -ERANGE) {
		its_log("%s: event %u beyond device %u's ITT", name, eventid, devid);
		return CMD_ERROR;
	}
	if (ret) {
		its_log("%s: ITT entry of device %u event %u outside RAM", name,
			devid, eventid);
		return CMD_STALL;
	}
	return CMD_OK;
}

/* INVALL: every LPI of a collection; SYNC: a processor (nothing pends). */
static enum cmd_result cmd_invall(struct gic_its *its, const struct its_cmd *c)
{
	int cpu = its_coll_cpu(its, cmd_icid(c));

	if (cpu < 0) {
		its_log("INVALL: collection %llu not mapped",
			(unsigned long long)cmd_icid(c));
		return CMD_ERROR;
	}
	gic_update_cpu(its->gic, (unsigned int)cpu);
	return CMD_OK;
}

static enum cmd_result cmd_sync(struct gic_its *its, const struct its_cmd *c)
{
	return cmd_target(its, cmd_rdbase(c->dw[2]), "SYNC") < 0 ? CMD_ERROR : CMD_OK;
}

/* MOVALL: every pending LPI of processor RDbase1 to RDbase2 (DW3). */
static enum cmd_result cmd_movall(struct gic_its *its, const struct its_cmd *c)
{
	int from = cmd_target(its, cmd_rdbase(c->dw[2]), "MOVALL");
	int to = cmd_target(its, cmd_rdbase(c->dw[3]), "MOVALL");

	if (from < 0 || to < 0)
		return CMD_ERROR;
	gic_lpi_move_all(its->gic, (unsigned int)from, (unsigned int)to);
	gic_update_cpu(its->gic, (unsigned int)from);
	gic_update_cpu(its->gic, (unsigned int)to);
	return CMD_OK;
}

static enum cmd_result its_run_cmd(struct gic_its *its, const struct its_cmd *c)
{
	unsigned int op = c->dw[0] & 0xff;

	switch (op) {
	case CMD_INT:
	case CMD_CLEAR:
	case CMD_INV:
	case CMD_DISCARD:
		return cmd_event_op(its, c, op);
	case CMD_MOVI:
		return cmd_movi(its, c);
	case CMD_MAPD:
		return cmd_mapd(its, c);
	case CMD_MAPC:
		return cmd_mapc(its, c);
	case CMD_MAPTI:
	case CMD_MAPI:
		return cmd_mapti(its, c, op == CMD_MAPI);
	case CMD_INVALL:
		return cmd_invall(its, c);
	case CMD_SYNC:
		return cmd_sync(its, c);
	case CMD_MOVALL:
		return cmd_movall(its, c);
	default:	/* incl. the GICv4 V* commands: no virtual LPIs here */
		its_log("unknown command 0x%02x: skipped", op);
		return CMD_ERROR;
	}
}

/* Read the command at CREADR; false when it is not in RAM. */
static bool its_fetch(struct gic_its *its, struct its_cmd *c)
{
	uint64_t gpa = (its->cbaser & CBASER_PA) + its->creadr;
	const uint64_t *p = guest_ram_ptr(its->gic->ram, gpa, ITS_CMD_SIZE);

	if (!p) {
		its_log("command at 0x%llx is outside RAM: queue stalled",
			(unsigned long long)gpa);
		return false;
	}
	for (unsigned int i = 0; i < 4; i++)
		c->dw[i] = le64toh(__atomic_load_n(&p[i], __ATOMIC_RELAXED));
	return true;
}

void its_process_queue(struct gic_its *its)
{
	uint64_t size = ((its->cbaser & 0xff) + 1) * 4096;
	struct its_cmd c;

	if (!(its->ctlr & GITS_CTLR_ENABLED) || !(its->cbaser & CBASER_VALID) ||
	    its->stalled || its->creadr == its->cwriter)
		return;
	/* CWRITER past the queue never meets CREADR (12.19, GITS_CWRITER: UNPREDICTABLE). */
	if (its->cwriter >= size) {
		its_log("GITS_CWRITER 0x%llx beyond the %llu-byte queue: stalled",
			(unsigned long long)its->cwriter, (unsigned long long)size);
		its->stalled = true;
		return;
	}
	while (its->creadr != its->cwriter) {
		if (!its_fetch(its, &c) || its_run_cmd(its, &c) == CMD_STALL) {
			its->stalled = true;
			return;
		}
		its->creadr = (its->creadr + ITS_CMD_SIZE) % size;
	}
}
