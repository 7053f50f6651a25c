// SPDX-License-Identifier: GPL-2.0
/*
 * PL011 UART (ARM DDI 0183G, PrimeCell UART r1p5) as Linux's
 * drivers/tty/serial/amba-pl011.c and its earlycon use it.
 *
 * Transmission is instantaneous: a byte written to DR goes straight to
 * the chardev, so the TX FIFO is always empty (FR.TXFE=1, TXFF=0,
 * BUSY=0). The chardev batches what it gets (chardev_write_batched): the
 * guest sees the byte sent, the host sees it within a few milliseconds,
 * in order (docs/console.md). Reception goes through a real FIFO filled by the main thread
 * (pl011_receive) and drained by guest DR reads on vCPU threads; one
 * mutex serialises both. The irq callback is called with the mutex held,
 * so that level changes reach the GIC in the order they happened: it must
 * not call back into this device.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "chardev.h"
#include "devices.h"
#include "log.h"
#include "snap_stream.h"

/* Register offsets (DDI 0183G, Summary of registers). */
#define UART_DR		0x000
#define UART_RSR	0x004	/* read: RSR; write: ECR */
#define UART_FR		0x018
#define UART_ILPR	0x020
#define UART_IBRD	0x024
#define UART_FBRD	0x028
#define UART_LCR_H	0x02c
#define UART_CR		0x030
#define UART_IFLS	0x034
#define UART_IMSC	0x038
#define UART_RIS	0x03c
#define UART_MIS	0x040
#define UART_ICR	0x044
#define UART_DMACR	0x048
#define UART_ID_BASE	0xfe0
#define UART_SIZE	0x1000

/* UARTFR bits. CTS/DSR/DCD/RI stay 0: no modem lines behind us. */
#define FR_BUSY		(1u << 3)
#define FR_RXFE		(1u << 4)
#define FR_TXFF		(1u << 5)
#define FR_RXFF		(1u << 6)
#define FR_TXFE		(1u << 7)

#define LCR_H_FEN	(1u << 4)
#define CR_UARTEN	(1u << 0)
#define CR_LBE		(1u << 7)
#define CR_TXE		(1u << 8)

/* Interrupt bits shared by UARTIMSC, UARTRIS, UARTMIS and UARTICR. */
#define INT_RX		(1u << 4)
#define INT_TX		(1u << 5)
#define INT_RT		(1u << 6)
#define INT_ALL		0x7ffu

/* Register widths (Summary of registers): reserved bits read as zero. */
#define ILPR_MASK	0xffu
#define IBRD_MASK	0xffffu
#define FBRD_MASK	0x3fu
#define LCR_H_MASK	0xffu
#define CR_MASK		0xff87u		/* bits 6:3 are reserved */
#define IFLS_MASK	0x3fu
#define DMACR_MASK	0x7u

/* Reset values (Summary of registers). */
#define CR_RESET	0x0300u		/* TXE | RXE */
#define IFLS_RESET	0x12u		/* both FIFOs at half */

/*
 * RX FIFO depth. The r1p5 FIFO holds 32 entries when LCR_H.FEN is set.
 * Without FEN the hardware has a one-entry holding register; we keep 16
 * entries there instead, so that input typed before the driver enables
 * the FIFO is not throttled to one byte per interrupt: a guest sees no
 * difference, since it reads DR until FR.RXFE either way.
 */
#define RX_DEPTH_FIFO	32u
#define RX_DEPTH_NOFIFO	16u

/* PrimeCell IDs at 0xFE0..0xFFC, one byte per word (periph 0x00141011). */
static const uint8_t pl011_id[8] = {
	0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

struct pl011 {
	pthread_mutex_t lock;
	struct irq_line irq;
	struct chardev *out;

	uint16_t rx_fifo[RX_DEPTH_FIFO];	/* data | error bits 11:8 */
	unsigned int rx_head;
	unsigned int rx_count;

	uint32_t rsr;
	uint32_t ilpr;
	uint32_t ibrd;
	uint32_t fbrd;
	uint32_t lcr_h;
	uint32_t cr;
	uint32_t ifls;
	uint32_t imsc;
	uint32_t ris;		/* RX and RT; TX is derived, see pl011_raw */
	bool tx_pending;	/* the TX FIFO went through its level, not cleared */
	uint32_t dmacr;
	int irq_level;

	void (*rx_ready)(void *opaque);	/* a full RX FIFO has room again */
	void *rx_ready_opaque;
	/* DR writes may queue without an exit (pl011_set_dr_queue). */
	int (*dr_queue)(void *opaque, uint64_t off, uint64_t size, bool on);
	void *dr_queue_opaque;
	bool dr_queued;

	/* Guest accesses (MMIO exits under KVM), for -d kvm's counts. */
	struct {
		unsigned long dr_writes;
		unsigned long fr_reads;
		unsigned long other_reads;
		unsigned long other_writes;
		unsigned long irq_changes;
	} stats;
};

static unsigned int pl011_depth(const struct pl011 *u)
{
	return (u->lcr_h & LCR_H_FEN) ? RX_DEPTH_FIFO : RX_DEPTH_NOFIFO;
}

/*
 * RX trigger level (UARTIFLS.RXIFLSEL): 1/8, 1/4, 1/2, 3/4, 7/8 of the
 * FIFO; the reserved encodings act as 7/8. Without FEN every character
 * interrupts (UARTRXINTR, FIFOs disabled).
 */
static unsigned int pl011_rx_trigger(const struct pl011 *u)
{
	static const unsigned int eighths[8] = { 1, 2, 4, 6, 7, 7, 7, 7 };

	if (!(u->lcr_h & LCR_H_FEN))
		return 1;
	return RX_DEPTH_FIFO * eighths[(u->ifls >> 3) & 7] / 8;
}

/*
 * Raw status. TXIS: the TX FIFO is always empty, so it is set while the
 * transmitter is enabled, from the last byte sent or the last unmasking
 * of TXIM until the guest clears it through ICR.
 */
static uint32_t pl011_raw(const struct pl011 *u)
{
	uint32_t ris = u->ris;

	if (u->tx_pending && (u->cr & CR_UARTEN) && (u->cr & CR_TXE))
		ris |= INT_TX;
	return ris;
}

/*
 * A DR write may wait in the accelerator's queue while nothing the guest
 * could see follows from it before its next access of the UART: no TX
 * interrupt (TXIM masked) and no loopback into the receiver (LBE clear).
 * Output and the RIS latch catch up before any later access is served.
 */
static void pl011_update_dr_queue(struct pl011 *u)
{
	bool on = !(u->imsc & INT_TX) && !(u->cr & CR_LBE);

	if (!u->dr_queue || on == u->dr_queued)
		return;
	if (u->dr_queue(u->dr_queue_opaque, UART_DR, 4, on) && on) {
		u->dr_queue = NULL;	/* refused: every DR write exits */
		return;
	}
	u->dr_queued = on;
}

static void pl011_update_irq(struct pl011 *u)
{
	int level = (pl011_raw(u) & u->imsc) != 0;

	pl011_update_dr_queue(u);

	if (level != u->irq_level) {
		u->irq_level = level;
		u->stats.irq_changes++;
		irq_line_set(&u->irq, level);
	}
}

static void pl011_rx_flush(struct pl011 *u)
{
	bool was_full = u->rx_count == pl011_depth(u);

	u->rx_head = 0;
	u->rx_count = 0;
	u->ris &= ~(INT_RX | INT_RT);
	if (was_full && u->rx_ready)
		u->rx_ready(u->rx_ready_opaque);
}

/* Caller holds the lock. Returns false when the FIFO is full. */
static bool pl011_rx_push(struct pl011 *u, uint16_t v)
{
	unsigned int depth = pl011_depth(u);

	if (u->rx_count >= depth)
		return false;
	u->rx_fifo[(u->rx_head + u->rx_count) % depth] = v;
	u->rx_count++;
	/* RXIS rises as the FIFO reaches the trigger level (UARTRXINTR). */
	if (u->rx_count == pl011_rx_trigger(u))
		u->ris |= INT_RX;
	/*
	 * RTIS: data sits in the FIFO and the line goes idle. Input arrives
	 * in bursts with nothing after them, so the 32-bit-period timeout
	 * has as good as elapsed once a burst is in.
	 */
	u->ris |= INT_RT;
	return true;
}

static uint32_t pl011_read_dr(struct pl011 *u)
{
	bool was_full = u->rx_count == pl011_depth(u);
	uint16_t v;

	if (!u->rx_count)
		return 0;
	v = u->rx_fifo[u->rx_head];
	u->rx_head = (u->rx_head + 1) % pl011_depth(u);
	u->rx_count--;
	/* UARTRSR holds the error bits of the character just read. */
	u->rsr = (v >> 8) & 0xf;
	if (u->rx_count < pl011_rx_trigger(u))
		u->ris &= ~INT_RX;
	if (!u->rx_count)
		u->ris &= ~INT_RT;
	if (was_full && u->rx_ready)
		u->rx_ready(u->rx_ready_opaque);
	return v;
}

static uint32_t pl011_read_fr(const struct pl011 *u)
{
	uint32_t fr = FR_TXFE;

	if (!u->rx_count)
		fr |= FR_RXFE;
	if (u->rx_count >= pl011_depth(u))
		fr |= FR_RXFF;
	return fr;
}

/* Caller holds the lock. */
static void pl011_count(struct pl011 *u, uint64_t off, bool write)
{
	if (off == UART_DR && write)
		u->stats.dr_writes++;
	else if (off == UART_FR && !write)
		u->stats.fr_reads++;
	else if (write)
		u->stats.other_writes++;
	else
		u->stats.other_reads++;
}

/* Caller holds the lock; off is word aligned. */
static int pl011_read_reg(struct pl011 *u, uint64_t off, uint32_t *val)
{
	switch (off) {
	case UART_DR:
		*val = pl011_read_dr(u);
		break;
	case UART_RSR:
		*val = u->rsr;
		break;
	case UART_FR:
		*val = pl011_read_fr(u);
		break;
	case UART_ILPR:
		*val = u->ilpr;
		break;
	case UART_IBRD:
		*val = u->ibrd;
		break;
	case UART_FBRD:
		*val = u->fbrd;
		break;
	case UART_LCR_H:
		*val = u->lcr_h;
		break;
	case UART_CR:
		*val = u->cr;
		break;
	case UART_IFLS:
		*val = u->ifls;
		break;
	case UART_IMSC:
		*val = u->imsc;
		break;
	case UART_RIS:
		*val = pl011_raw(u);
		break;
	case UART_MIS:
		*val = pl011_raw(u) & u->imsc;
		break;
	case UART_DMACR:
		*val = u->dmacr;
		break;
	default:
		if (off < UART_ID_BASE || off >= UART_SIZE)
			return -EINVAL;
		*val = pl011_id[(off - UART_ID_BASE) / 4];
	}
	return 0;
}

/* Transmit: earlycon writes DR before enabling the UART; send anyway. */
static void pl011_write_dr(struct pl011 *u, uint32_t val)
{
	uint8_t c = val & 0xff;

	chardev_write_batched(u->out, &c, 1);
	/* Loopback (UARTCR.LBE) feeds our own output to the receiver. */
	if (u->cr & CR_LBE)
		pl011_rx_push(u, c);
	u->tx_pending = true;
}

static void pl011_write_lcr_h(struct pl011 *u, uint32_t val)
{
	/* The FIFO changes depth: start it empty rather than reshuffle. */
	if ((u->lcr_h ^ val) & LCR_H_FEN)
		pl011_rx_flush(u);
	u->lcr_h = val & LCR_H_MASK;
}

static void pl011_write_imsc(struct pl011 *u, uint32_t val)
{
	u->imsc = val & INT_ALL;
	if (val & INT_TX)
		u->tx_pending = true;
}

static void pl011_write_icr(struct pl011 *u, uint32_t val)
{
	u->ris &= ~val;
	if (val & INT_TX)
		u->tx_pending = false;
}

/* Caller holds the lock; off is word aligned. */
static int pl011_write_reg(struct pl011 *u, uint64_t off, uint32_t val)
{
	switch (off) {
	case UART_DR:
		pl011_write_dr(u, val);
		break;
	case UART_RSR:
		u->rsr = 0;	/* ECR: any write clears */
		break;
	case UART_ILPR:
		u->ilpr = val & ILPR_MASK;
		break;
	case UART_IBRD:
		u->ibrd = val & IBRD_MASK;
		break;
	case UART_FBRD:
		u->fbrd = val & FBRD_MASK;
		break;
	case UART_LCR_H:
		pl011_write_lcr_h(u, val);
		break;
	case UART_CR:
		u->cr = val & CR_MASK;
		break;
	case UART_IFLS:
		u->ifls = val & IFLS_MASK;
		break;
	case UART_IMSC:
		pl011_write_imsc(u, val);
		break;
	case UART_ICR:
		pl011_write_icr(u, val);
		break;
	case UART_DMACR:
		u->dmacr = val & DMACR_MASK;
		break;
	default:
		/* FR, RIS, MIS, IDs are read-only; the rest is reserved. */
		return -EINVAL;
	}
	return 0;
}

/*
 * Accesses of 8, 16 or 32 bits at the start of a register: Linux uses
 * readw/writew and earlycon writeb on DR. Anything else (a 64-bit access,
 * or one into the middle of a register) is refused.
 */
static bool pl011_access_ok(uint64_t off, unsigned int size)
{
	return (size == 1 || size == 2 || size == 4) && !(off & 3) &&
	       off < UART_SIZE;
}

static uint64_t pl011_size_mask(unsigned int size)
{
	return size >= 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
}

static int pl011_mmio_read(void *opaque, uint64_t off, unsigned int size,
			   uint64_t *val)
{
	struct pl011 *u = opaque;
	uint32_t v = 0;
	int ret;

	if (!pl011_access_ok(off, size))
		return -EINVAL;
	pthread_mutex_lock(&u->lock);
	pl011_count(u, off, false);
	ret = pl011_read_reg(u, off, &v);
	if (!ret)
		pl011_update_irq(u);
	pthread_mutex_unlock(&u->lock);
	*val = v & pl011_size_mask(size);
	return ret;
}

static int pl011_mmio_write(void *opaque, uint64_t off, unsigned int size,
			    uint64_t val)
{
	struct pl011 *u = opaque;
	int ret;

	if (!pl011_access_ok(off, size))
		return -EINVAL;
	pthread_mutex_lock(&u->lock);
	pl011_count(u, off, true);
	ret = pl011_write_reg(u, off, (uint32_t)(val & pl011_size_mask(size)));
	if (!ret)
		pl011_update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return ret;
}

const struct mmio_ops pl011_mmio_ops = {
	.read = pl011_mmio_read,
	.write = pl011_mmio_write,
};

size_t pl011_receive(struct pl011 *uart, const uint8_t *buf, size_t len)
{
	size_t n = 0;

	pthread_mutex_lock(&uart->lock);
	/* In loopback the receiver is cut off from the line (UARTCR.LBE). */
	while (!(uart->cr & CR_LBE) && n < len && pl011_rx_push(uart, buf[n]))
		n++;
	pl011_update_irq(uart);
	pthread_mutex_unlock(&uart->lock);
	return n;
}

void pl011_set_rx_ready(struct pl011 *uart, void (*fn)(void *opaque),
			void *opaque)
{
	pthread_mutex_lock(&uart->lock);
	uart->rx_ready = fn;
	uart->rx_ready_opaque = opaque;
	pthread_mutex_unlock(&uart->lock);
}

void pl011_set_dr_queue(struct pl011 *uart,
			int (*fn)(void *opaque, uint64_t off, uint64_t size, bool on),
			void *opaque)
{
	pthread_mutex_lock(&uart->lock);
	uart->dr_queue = fn;
	uart->dr_queue_opaque = opaque;
	uart->dr_queued = false;
	pl011_update_dr_queue(uart);
	pthread_mutex_unlock(&uart->lock);
}

size_t pl011_rx_room(struct pl011 *uart)
{
	size_t room;

	pthread_mutex_lock(&uart->lock);
	room = (uart->cr & CR_LBE) ? 0 : pl011_depth(uart) - uart->rx_count;
	pthread_mutex_unlock(&uart->lock);
	return room;
}

/* Reset values of the Summary of registers; the irq line drops if it was up. */
void pl011_reset(struct pl011 *uart)
{
	pthread_mutex_lock(&uart->lock);
	pl011_rx_flush(uart);
	uart->rsr = 0;
	uart->ilpr = 0;
	uart->ibrd = 0;
	uart->fbrd = 0;
	uart->lcr_h = 0;
	uart->cr = CR_RESET;
	uart->ifls = IFLS_RESET;
	uart->imsc = 0;
	uart->ris = 0;
	uart->tx_pending = false;
	uart->dmacr = 0;
	pl011_update_irq(uart);
	pthread_mutex_unlock(&uart->lock);
}

/*
 * Snapshot state (docs/snapshot.md, "PL011"): the registers and the RX
 * FIFO in order, oldest first. The TX side has no FIFO here (every byte
 * goes out at once), only its interrupt latch.
 */
void pl011_snap_save(struct pl011 *u, struct snap_wbuf *w)
{
	pthread_mutex_lock(&u->lock);
	snap_put_u32(w, u->rx_count);
	for (unsigned int i = 0; i < u->rx_count; i++)
		snap_put_u16(w, u->rx_fifo[(u->rx_head + i) % RX_DEPTH_FIFO]);
	snap_put_u32(w, u->rsr);
	snap_put_u32(w, u->ilpr);
	snap_put_u32(w, u->ibrd);
	snap_put_u32(w, u->fbrd);
	snap_put_u32(w, u->lcr_h);
	snap_put_u32(w, u->cr);
	snap_put_u32(w, u->ifls);
	snap_put_u32(w, u->imsc);
	snap_put_u32(w, u->ris);
	snap_put_u8(w, u->tx_pending);
	snap_put_u32(w, u->dmacr);
	pthread_mutex_unlock(&u->lock);
}

int pl011_snap_load(struct pl011 *u, struct snap_rbuf *r, struct av_err *err)
{
	unsigned int n = snap_get_count(r, RX_DEPTH_FIFO);
	uint16_t fifo[RX_DEPTH_FIFO];

	for (unsigned int i = 0; i < n; i++)
		fifo[i] = snap_get_u16(r) & 0xfff;	/* data 7:0, errors 11:8 */
	pthread_mutex_lock(&u->lock);
	memcpy(u->rx_fifo, fifo, n * sizeof(fifo[0]));
	u->rx_head = 0;
	u->rx_count = n;
	u->rsr = snap_get_u32(r) & 0xf;
	u->ilpr = snap_get_u32(r) & 0xff;
	u->ibrd = snap_get_u32(r) & 0xffff;
	u->fbrd = snap_get_u32(r) & 0x3f;
	u->lcr_h = snap_get_u32(r) & 0xff;
	u->cr = snap_get_u32(r) & 0xffff;
	u->ifls = snap_get_u32(r) & 0x3f;
	u->imsc = snap_get_u32(r) & 0x7ff;
	u->ris = snap_get_u32(r) & 0x7ff;
	u->tx_pending = snap_get_u8(r);
	u->dmacr = snap_get_u32(r) & 7;
	/* More than the non-FIFO depth only fits with FEN set. */
	if (u->rx_count > pl011_depth(u))
		r->bad = true;
	if (r->bad)
		u->rx_count = 0;
	pl011_update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return r->bad ? av_errf(err, EINVAL, "snapshot: bad PL011 state") : 0;
}

struct pl011 *pl011_create(const struct irq_line *irq, struct chardev *out,
			   struct av_err *err)
{
	struct pl011 *u = calloc(1, sizeof(*u));
	int ret;

	if (!u) {
		av_errf(err, ENOMEM, "pl011: out of memory");
		return NULL;
	}
	ret = pthread_mutex_init(&u->lock, NULL);
	if (ret) {
		free(u);
		av_errf_errno(err, ret, "pl011: cannot create its lock");
		return NULL;
	}
	if (irq)
		u->irq = *irq;
	u->out = out;
	pl011_reset(u);
	return u;
}

/* -d kvm: what the console cost in guest accesses and host writes. */
static void pl011_log_stats(const struct pl011 *u)
{
	log_printf(LOG_KVM,
		   "pl011: %lu DR writes, %lu FR reads, %lu other reads, %lu other writes, %lu irq level changes, %lu host writes\n",
		   u->stats.dr_writes, u->stats.fr_reads, u->stats.other_reads,
		   u->stats.other_writes, u->stats.irq_changes,
		   chardev_outbuf_writes(u->out));
}

void pl011_destroy(struct pl011 *uart)
{
	if (!uart)
		return;
	if (log_enabled(LOG_KVM))
		pl011_log_stats(uart);
	pthread_mutex_destroy(&uart->lock);
	free(uart);
}
