// SPDX-License-Identifier: GPL-2.0
/*
 * PL061 GPIO (ARM PrimeCell GPIO PL061 TRM, DDI 0190), as QEMU's virt
 * wires it: eight lines, of which line 3 is the power button
 * (machine/vm_gpio.c, the DT's gpio-keys node). Registers: GPIODATA
 * with its address-bit mask (offsets 0x000-0x3fc, bits [9:2] select
 * the lines an access touches), direction, the interrupt sense / both
 * edges / event / enable / raw / masked / clear registers, AFSEL, and
 * the PrimeCell ID words Linux's amba bus probes. Linux's gpio-pl061
 * accesses them with byte reads and writes.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "devices.h"
#include "snap_stream.h"

#define PL061_DATA_END	0x400
#define PL061_DIR	0x400
#define PL061_IS	0x404		/* 1: level-sensitive */
#define PL061_IBE	0x408		/* 1: both edges */
#define PL061_IEV	0x40c		/* 1: rising edge / high level */
#define PL061_IE	0x410
#define PL061_RIS	0x414
#define PL061_MIS	0x418
#define PL061_IC	0x41c
#define PL061_AFSEL	0x420
#define PL061_ID	0xfe0		/* PeriphID0-3, PCellID0-3 */

static const uint8_t pl061_id[8] = { 0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

struct pl061 {
	pthread_mutex_t lock;
	struct irq_line irq;
	uint8_t data;			/* what the guest drives on output lines */
	uint8_t in;			/* what the board drives on input lines */
	uint8_t dir, is, ibe, iev, ie, ris, afsel;
};

/* The level on each line: the guest's for outputs, the board's for inputs. */
static uint8_t pl061_pins(const struct pl061 *g)
{
	return (uint8_t)((g->data & g->dir) | (g->in & ~g->dir));
}

/*
 * Lock held. Edges between old and now latch into RIS (cleared by IC);
 * level-sensitive lines show their level condition there directly.
 */
static void pl061_update(struct pl061 *g, uint8_t old)
{
	uint8_t now = pl061_pins(g), rise = now & ~old, fall = old & ~now;
	uint8_t edge = (uint8_t)((rise & (g->ibe | g->iev)) | (fall & (g->ibe | ~g->iev)));
	uint8_t level = (uint8_t)((now & g->iev) | (~now & ~g->iev));

	g->ris |= edge & ~g->is;
	g->ris = (uint8_t)((g->ris & ~g->is) | (level & g->is));
	irq_line_set(&g->irq, (g->ris & g->ie) != 0);
}

static uint8_t pl061_reg(const struct pl061 *g, uint64_t off)
{
	switch (off) {
	case PL061_DIR: return g->dir;
	case PL061_IS: return g->is;
	case PL061_IBE: return g->ibe;
	case PL061_IEV: return g->iev;
	case PL061_IE: return g->ie;
	case PL061_RIS: return g->ris;
	case PL061_MIS: return g->ris & g->ie;
	case PL061_AFSEL: return g->afsel;
	default: return 0;
	}
}

static int pl061_read(void *opaque, uint64_t off, unsigned int size, uint64_t *val)
{
	struct pl061 *g = opaque;

	if (off & 3 || size > 4)
		return -EINVAL;
	pthread_mutex_lock(&g->lock);
	if (off < PL061_DATA_END)
		*val = pl061_pins(g) & (off >> 2);
	else if (off >= PL061_ID && off < PL061_ID + 32)
		*val = pl061_id[(off - PL061_ID) >> 2];
	else
		*val = pl061_reg(g, off);
	pthread_mutex_unlock(&g->lock);
	return 0;
}

static void pl061_set(struct pl061 *g, uint64_t off, uint8_t v)
{
	if (off < PL061_DATA_END) {
		uint8_t mask = (uint8_t)(off >> 2);

		g->data = (uint8_t)((g->data & ~mask) | (v & mask));
		return;
	}
	switch (off) {
	case PL061_DIR: g->dir = v; break;
	case PL061_IS: g->is = v; break;
	case PL061_IBE: g->ibe = v; break;
	case PL061_IEV: g->iev = v; break;
	case PL061_IE: g->ie = v; break;
	case PL061_IC: g->ris &= (uint8_t)~v; break;
	case PL061_AFSEL: g->afsel = v; break;
	default: break;			/* RIS, MIS, IDs: read only */
	}
}

static int pl061_write(void *opaque, uint64_t off, unsigned int size, uint64_t val)
{
	struct pl061 *g = opaque;
	uint8_t old;

	if (off & 3 || size > 4)
		return -EINVAL;
	pthread_mutex_lock(&g->lock);
	old = pl061_pins(g);
	pl061_set(g, off, (uint8_t)val);
	pl061_update(g, old);
	pthread_mutex_unlock(&g->lock);
	return 0;
}

const struct mmio_ops pl061_mmio_ops = {
	.read = pl061_read,
	.write = pl061_write,
};

void pl061_set_input(struct pl061 *g, unsigned int line, bool level)
{
	uint8_t old;

	if (line >= 8)
		return;
	pthread_mutex_lock(&g->lock);
	old = pl061_pins(g);
	g->in = (uint8_t)((g->in & ~(1u << line)) | (level ? 1u << line : 0));
	pl061_update(g, old);
	pthread_mutex_unlock(&g->lock);
}

/* The TRM's reset values: all inputs, interrupts off, nothing latched. */
void pl061_reset(struct pl061 *g)
{
	pthread_mutex_lock(&g->lock);
	g->data = g->dir = g->is = g->ibe = g->iev = g->ie = g->ris = g->afsel = 0;
	irq_line_set(&g->irq, 0);
	pthread_mutex_unlock(&g->lock);
}

/* Snapshot state: the registers; the board's input lines are driven anew. */
void pl061_snap_save(struct pl061 *g, struct snap_wbuf *w)
{
	pthread_mutex_lock(&g->lock);
	snap_put_u8(w, g->data);
	snap_put_u8(w, g->in);
	snap_put_u8(w, g->dir);
	snap_put_u8(w, g->is);
	snap_put_u8(w, g->ibe);
	snap_put_u8(w, g->iev);
	snap_put_u8(w, g->ie);
	snap_put_u8(w, g->ris);
	snap_put_u8(w, g->afsel);
	pthread_mutex_unlock(&g->lock);
}

int pl061_snap_load(struct pl061 *g, struct snap_rbuf *r, struct av_err *err)
{
	uint8_t v[9];

	snap_get_bytes(r, v, sizeof(v));
	if (r->bad)
		return av_errf(err, EINVAL, "snapshot: bad PL061 state");
	pthread_mutex_lock(&g->lock);
	g->data = v[0];
	g->in = v[1];
	g->dir = v[2];
	g->is = v[3];
	g->ibe = v[4];
	g->iev = v[5];
	g->ie = v[6];
	g->ris = v[7];
	g->afsel = v[8];
	irq_line_set(&g->irq, (g->ris & g->ie) != 0);
	pthread_mutex_unlock(&g->lock);
	return 0;
}

struct pl061 *pl061_create(const struct irq_line *irq, struct av_err *err)
{
	struct pl061 *g = calloc(1, sizeof(*g));

	if (!g) {
		av_errf(err, ENOMEM, "out of memory for the PL061");
		return NULL;
	}
	pthread_mutex_init(&g->lock, NULL);
	g->irq = *irq;
	return g;
}

void pl061_destroy(struct pl061 *g)
{
	if (!g)
		return;
	pthread_mutex_destroy(&g->lock);
	free(g);
}
