// SPDX-License-Identifier: GPL-2.0
/*
 * The GICv3 ITS (IHI 0069 5.2, registers 12.19): turns an MSI, a write of
 * an EventID to GITS_TRANSLATER by a device with a DeviceID, into an LPI
 * on the processor its collection names (GITS_TYPER.PTA = 0: processor
 * numbers, as QEMU's). This file holds the registers, the tables and the
 * translation; gicv3_its_cmd.c the command queue. Everything a guest
 * gives (table addresses, IDs, sizes) is checked before use: IDs against
 * the sizes GITS_TYPER advertises, guest addresses against RAM.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gicv3_its_priv.h"
#include "guestmem.h"
#include "tcg.h"
#include "engine/engine.h"

#define GITS_CTLR		0x0000
#define GITS_IIDR		0x0004
#define GITS_TYPER		0x0008
#define GITS_CBASER		0x0080
#define GITS_CWRITER		0x0088
#define GITS_CREADR		0x0090
#define GITS_BASER		0x0100
#define GITS_BASER_END		(GITS_BASER + 8 * ITS_NR_BASER)
#define GITS_PIDR2		0xffe8
#define GITS_TRANSLATER		GITS_TRANSLATER_OFFSET

/* JEP106 code of Arm (0x43b) in GITS_IIDR.Implementer, as QEMU's ITS. */
#define ITS_IIDR		0x0000043bu
/* ArchRev 3: Linux's its_probe_one() refuses other values (12.19, GITS_PIDR2). */
#define ITS_PIDR2		0x3bu

/*
 * GITS_TYPER (12.19): Physical (0), ITT_entry_size (7:4), ID_bits
 * (12:8), Devbits (17:13), PTA (19) = 0, HCC (31:24) = 0, CIDbits
 * (35:32), CIL (36) = 1.
 */
#define ITS_TYPER							\
	(1ull | (uint64_t)(ITS_ITE_SIZE - 1) << 4 |			\
	 (uint64_t)(ITS_EVBITS - 1) << 8 |				\
	 (uint64_t)(ITS_DEVBITS - 1) << 13 |				\
	 (uint64_t)(ITS_CIDBITS - 1) << 32 | 1ull << 36)

/*
 * GITS_CBASER: Valid 63, InnerCache 61:59, OuterCache 55:53, PA 51:12,
 * Shareability 11:10, Size 7:0 (4 KiB pages - 1).
 */
#define CBASER_MASK		0xb8effffffffffcffull
#define CWRITER_OFFSET		0xfffe0ull
#define CWRITER_RETRY		1ull

/*
 * GITS_BASER<n>: Type (58:56) and Entry_Size (52:48) read-only; Valid,
 * Indirect, InnerCache, OuterCache, PA 47:12, Shareability, Page_Size,
 * Size writable.
 */
#define BASER_TYPE_DEVICE	1ull
#define BASER_TYPE_COLLECTION	4ull
#define BASER_RW		0xf8e0ffffffffffffull
#define BASER_RO(type)		((type) << 56 | (uint64_t)(8 - 1) << 48)

/* BASER0 is the device table, BASER1 the collection table (5.2, GITS_BASER<n>). */
static uint64_t baser_ro(unsigned int n)
{
	if (n == 0)
		return BASER_RO(BASER_TYPE_DEVICE);
	if (n == 1)
		return BASER_RO(BASER_TYPE_COLLECTION);
	return 0;
}

void gic_its_reset_locked(struct gic_its *its)
{
	its->ctlr = 0;
	its->cbaser = 0;
	its->cwriter = 0;
	its->creadr = 0;
	its->stalled = false;
	for (unsigned int n = 0; n < ITS_NR_BASER; n++)
		its->baser[n] = baser_ro(n);
	memset(its->dev, 0, ITS_NR_DEVS * sizeof(*its->dev));
	memset(its->coll, 0, sizeof(its->coll));
}

struct its_dev *its_device(struct gic_its *its, uint64_t devid)
{
	if (devid >= ITS_NR_DEVS || !its->dev[devid].valid)
		return NULL;
	return &its->dev[devid];
}

int its_coll_cpu(const struct gic_its *its, uint64_t icid)
{
	if (icid >= ITS_NR_COLLS || !its->coll[icid])
		return -1;
	return its->coll[icid] - 1;
}

/* The host address of eventid's entry: ITT entries are 8-byte aligned. */
static int ite_ptr(struct gic_its *its, const struct its_dev *dev,
		   uint32_t eventid, uint64_t **out, uint64_t *gpa)
{
	if ((uint64_t)eventid >> dev->evbits)
		return -ERANGE;
	*gpa = dev->itt + (uint64_t)eventid * ITS_ITE_SIZE;
	*out = guest_ram_ptr(its->gic->ram, *gpa, ITS_ITE_SIZE);
	return *out ? 0 : -EFAULT;
}

int its_ite_read(struct gic_its *its, const struct its_dev *dev,
		 uint32_t eventid, struct its_ite *ite)
{
	uint64_t *p, gpa, v;
	int ret = ite_ptr(its, dev, eventid, &p, &gpa);

	if (ret)
		return ret;
	v = le64toh(__atomic_load_n(p, __ATOMIC_RELAXED));
	if (!(v & ITE_VALID))
		return -ENOENT;
	ite->intid = v & 0xffff;
	ite->icid = (v >> 16) & 0xffff;
	return 0;
}

int its_ite_write(struct gic_its *its, const struct its_dev *dev,
		  uint32_t eventid, const struct its_ite *ite, bool valid)
{
	uint64_t *p, gpa, v = 0;
	int ret = ite_ptr(its, dev, eventid, &p, &gpa);

	if (ret)
		return ret;
	if (valid)
		v = ITE_VALID | (uint64_t)(ite->icid & 0xffff) << 16 |
		    (ite->intid & 0xffff);
	__atomic_store_n(p, htole64(v), __ATOMIC_RELAXED);
	/* Like a device's DMA: code translated from that page is stale. */
	tb_invalidate_phys_page(its->gic->tvm, gpa);
	return 0;
}

/* 5.2: an MSI for an unmapped device, event or collection is dropped. */
static void its_translate_locked(struct gic_its *its, uint32_t devid,
				 uint32_t eventid)
{
	struct its_dev *dev = its_device(its, devid);
	struct its_ite ite;
	int cpu;

	if (!(its->ctlr & GITS_CTLR_ENABLED)) {
		its_log("MSI from device %u while the ITS is disabled: dropped", devid);
		return;
	}
	if (!dev) {
		its_log("MSI from unmapped device %u: dropped", devid);
		return;
	}
	if (its_ite_read(its, dev, eventid, &ite)) {
		its_log("MSI for unmapped event %u of device %u: dropped",
			eventid, devid);
		return;
	}
	cpu = its_coll_cpu(its, ite.icid);
	if (cpu < 0) {
		its_log("MSI to unmapped collection %u: dropped", ite.icid);
		return;
	}
	gic_lpi_set_pending(its->gic, (unsigned int)cpu, ite.intid, true);
	gic_update_cpu(its->gic, (unsigned int)cpu);
}

int gic_its_translate(struct gic *gic, uint32_t devid, uint32_t eventid)
{
	if (!gic || !gic->its)
		return -ENODEV;
	pthread_mutex_lock(&gic->lock);
	its_translate_locked(gic->its, devid, eventid);
	pthread_mutex_unlock(&gic->lock);
	return 0;
}

static uint64_t its_reg_read(struct gic_its *its, uint64_t off,
			     unsigned int size)
{
	unsigned int hi = off & 4;
	uint64_t reg = off & ~7ull;

	if (off == GITS_CTLR)
		return its->ctlr |
		       (its->ctlr & GITS_CTLR_ENABLED ? 0 : GITS_CTLR_QUIESCENT);
	if (off == GITS_IIDR)
		return ITS_IIDR;
	if (off == GITS_PIDR2)
		return ITS_PIDR2;
	if (reg == GITS_TYPER)
		return gic_reg64_get(ITS_TYPER, hi, size);
	if (reg == GITS_CBASER)
		return gic_reg64_get(its->cbaser, hi, size);
	if (reg == GITS_CWRITER)
		return gic_reg64_get(its->cwriter, hi, size);
	if (reg == GITS_CREADR)
		return gic_reg64_get(its->creadr | its->stalled, hi, size);
	if (reg >= GITS_BASER && reg < GITS_BASER_END)
		return gic_reg64_get(its->baser[(reg - GITS_BASER) / 8], hi, size);
	return 0;
}

static void its_write_ctlr(struct gic_its *its, uint64_t val)
{
	its->ctlr = (uint32_t)val & GITS_CTLR_ENABLED;
	its_process_queue(its);
}

/*
 * GITS_CBASER is written only while the ITS is disabled (12.19, GITS_CBASER:
 * otherwise UNPREDICTABLE, ignored here); a write sets CREADR to 0.
 */
static void its_write_cbaser(struct gic_its *its, unsigned int hi,
			     unsigned int size, uint64_t val)
{
	if (its->ctlr & GITS_CTLR_ENABLED) {
		its_log("GITS_CBASER written while the ITS is enabled: ignored");
		return;
	}
	its->cbaser = gic_reg64_put(its->cbaser, hi, size, val) & CBASER_MASK;
	its->creadr = 0;
	its->stalled = false;
}

/* Retry (bit 0) restarts a stalled queue at the command that stalled it. */
static void its_write_cwriter(struct gic_its *its, unsigned int hi,
			      unsigned int size, uint64_t val)
{
	uint64_t v = gic_reg64_put(its->cwriter, hi, size, val);

	its->cwriter = v & CWRITER_OFFSET;
	if (v & CWRITER_RETRY)
		its->stalled = false;
	its_process_queue(its);
}

static void its_write_baser(struct gic_its *its, unsigned int n,
			    unsigned int hi, unsigned int size, uint64_t val)
{
	uint64_t ro = baser_ro(n);

	if (!ro || (its->ctlr & GITS_CTLR_ENABLED))
		return;		/* unimplemented: RAZ/WI; fixed while enabled */
	its->baser[n] = (gic_reg64_put(its->baser[n], hi, size, val) &
			 BASER_RW) | ro;
}

static void its_reg_write(struct gic_its *its, uint64_t off,
			  unsigned int size, uint64_t val)
{
	unsigned int hi = off & 4;
	uint64_t reg = off & ~7ull;

	if (off == GITS_CTLR)
		its_write_ctlr(its, val);
	else if (reg == GITS_CBASER)
		its_write_cbaser(its, hi, size, val);
	else if (reg == GITS_CWRITER)
		its_write_cwriter(its, hi, size, val);
	else if (reg >= GITS_BASER && reg < GITS_BASER_END)
		its_write_baser(its, (unsigned int)(reg - GITS_BASER) / 8, hi,
				size, val);
}

/* Registers are 32 or 64 bits, accessed at their own size or by halves. */
static bool its_access_ok(uint64_t off, unsigned int size)
{
	return (size == 4 || size == 8) && !(off & (size - 1));
}

static int its_mmio_read(void *opaque, uint64_t off, unsigned int size,
			 uint64_t *val)
{
	struct gic_its *its = opaque;

	*val = 0;
	if (!its_access_ok(off, size)) {
		its_log("bad read of %u bytes at 0x%llx", size, (unsigned long long)off);
		return 0;
	}
	if (off >= GITS_TRANSLATER - 0x40)
		return 0;	/* the translation frame reads as zero */
	pthread_mutex_lock(&its->gic->lock);
	*val = its_reg_read(its, off, size);
	pthread_mutex_unlock(&its->gic->lock);
	return 0;
}

/*
 * A CPU's write to GITS_TRANSLATER carries no DeviceID: it is device 0,
 * as QEMU's ITS takes the requester ID of a CPU access (0).
 */
static int its_mmio_write(void *opaque, uint64_t off, unsigned int size,
			  uint64_t val)
{
	struct gic_its *its = opaque;

	if (off == GITS_TRANSLATER && (size == 2 || size == 4))
		return gic_its_translate(its->gic, 0, (uint32_t)val) ? -EINVAL : 0;
	if (!its_access_ok(off, size)) {
		its_log("bad write of %u bytes at 0x%llx", size, (unsigned long long)off);
		return 0;
	}
	pthread_mutex_lock(&its->gic->lock);
	if (off < GITS_TRANSLATER - 0x40)
		its_reg_write(its, off, size, val);
	pthread_mutex_unlock(&its->gic->lock);
	return 0;
}

static const struct mmio_ops its_mmio_ops = {
	.read = its_mmio_read,
	.write = its_mmio_write,
};

static void its_free(struct gic_its *its)
{
	if (its) {
		free(its->dev);
		free(its);
	}
}

int gic_its_create(struct gic *gic, const struct guest_ram *ram,
		   struct mmio_bus *bus, struct av_err *err)
{
	const struct board_region *r = &virt_memmap[VIRT_GIC_ITS];
	struct gic_its *its;
	int ret;

	if (gic->version != 3)
		return av_errf(err, EINVAL, "an ITS needs a GICv3 (gic-version=3)");
	its = calloc(1, sizeof(*its));
	if (its)
		its->dev = calloc(ITS_NR_DEVS, sizeof(*its->dev));
	if (!its || !its->dev) {
		its_free(its);
		return av_errf(err, ENOMEM, "out of memory for the ITS");
	}
	its->gic = gic;
	ret = gic_lpi_init(gic, err);
	if (!ret)
		ret = mmio_bus_add(bus, r->base, r->size, &its_mmio_ops, its,
				   "gicv3-its", err);
	if (ret) {
		its_free(its);
		return ret;
	}
	pthread_mutex_lock(&gic->lock);
	gic->ram = ram;
	gic->its = its;
	gic_its_reset_locked(its);
	pthread_mutex_unlock(&gic->lock);
	return 0;
}

void gic_its_destroy(struct gic *gic)
{
	its_free(gic->its);
	gic->its = NULL;
}
