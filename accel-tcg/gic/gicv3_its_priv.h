/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by gicv3_its.c (registers, tables, translation) and
 * gicv3_its_cmd.c (the command queue): the state of the emulated GICv3
 * ITS (IHI 0069 chapter 5.2 and 12.19). Guarded by the GIC's lock.
 *
 * Tables: the device table and the collection table are kept here, not
 * in the memory the guest gives through GITS_BASER<n> (which is merely
 * reserved, as 5.2 leaves their format and use IMPLEMENTATION DEFINED):
 * a lookup then never depends on guest memory the guest could rewrite
 * behind our back, and both tables are small and fixed in size (2^16
 * devices x 16 bytes, 256 collections). The ITTs are the guest's, at the
 * addresses MAPD gives, in our 8-byte entry format: their number and
 * size are the guest's choice, so the guest's RAM, not ours, pays for
 * them, and every entry's address is checked to lie in RAM.
 */
#ifndef ACCEL_TCG_GICV3_ITS_PRIV_H
#define ACCEL_TCG_GICV3_ITS_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "gic_priv.h"
#include "log.h"

#define ITS_DEVBITS	16u	/* DeviceIDs: a PCI requester ID */
#define ITS_EVBITS	16u	/* EventIDs (GITS_TYPER.ID_bits + 1) */
#define ITS_CIDBITS	8u	/* ICIDs (GITS_TYPER.CIL = 1, CIDbits + 1) */
#define ITS_NR_DEVS	(1u << ITS_DEVBITS)
#define ITS_NR_COLLS	(1u << ITS_CIDBITS)
#define ITS_ITE_SIZE	8u	/* GITS_TYPER.ITT_entry_size + 1 */
#define ITS_CMD_SIZE	32u	/* 5.3: every command is 4 doublewords */
#define ITS_NR_BASER	8u

#define GITS_CTLR_ENABLED	(1u << 0)
#define GITS_CTLR_QUIESCENT	(1u << 31)

struct its_dev {
	uint64_t itt;		/* ITT guest physical address */
	uint8_t evbits;		/* EventIDs are below 2^evbits */
	bool valid;
};

/*
 * An interrupt translation entry in the guest's ITT (its format is
 * IMPLEMENTATION DEFINED, 5.2): bit 63 valid, 31:16 ICID, 15:0 the
 * LPI's INTID.
 */
#define ITE_VALID	(1ull << 63)

struct its_ite {
	unsigned int intid;
	unsigned int icid;
};

struct gic_its {
	struct gic *gic;
	uint32_t ctlr;		/* GITS_CTLR.Enabled */
	uint64_t cbaser;
	uint64_t cwriter;	/* offset 19:5, Retry 0 */
	uint64_t creadr;	/* offset 19:5 */
	bool stalled;		/* GITS_CREADR.Stalled */
	uint64_t baser[ITS_NR_BASER];
	struct its_dev *dev;	/* ITS_NR_DEVS entries */
	uint16_t coll[ITS_NR_COLLS];	/* target processor + 1; 0: unmapped */
};

/* A guest error line (-d guest_errors), formatted only when enabled. */
#define its_log(fmt, ...)						\
	do {								\
		if (log_enabled(LOG_GUEST_ERRORS))			\
			log_printf(LOG_GUEST_ERRORS, "gicv3-its: " fmt "\n", \
				   ##__VA_ARGS__);			\
	} while (0)

/* The device devid if mapped, else NULL. */
struct its_dev *its_device(struct gic_its *its, uint64_t devid);
/*
 * Read / write the ITE of eventid in dev's ITT: 0, -ERANGE when eventid
 * is beyond the ITT, -EFAULT when the entry is not in RAM. A read of an
 * invalid entry gives -ENOENT.
 */
int its_ite_read(struct gic_its *its, const struct its_dev *dev,
		 uint32_t eventid, struct its_ite *ite);
int its_ite_write(struct gic_its *its, const struct its_dev *dev,
		  uint32_t eventid, const struct its_ite *ite, bool valid);
/* The processor collection icid targets, or -1 when unmapped. */
int its_coll_cpu(const struct gic_its *its, uint64_t icid);

/* Run the commands between CREADR and CWRITER (gicv3_its_cmd.c). */
void its_process_queue(struct gic_its *its);

#endif
