/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Devices that need no CPU: PL011 UART and PL031 RTC. Each is created
 * with its irq line, exposes mmio_ops for the bus, and locks itself.
 */
#ifndef ARMVISOR_DEVICES_H
#define ARMVISOR_DEVICES_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "irq.h"
#include "mmio.h"

struct chardev;
struct pl011;
struct pl031;
struct pl061;
struct snap_wbuf;
struct snap_rbuf;

/*
 * Snapshots (docs/snapshot.md): each device's state as little-endian
 * fields; a load checks every value and sets the interrupt line from
 * the loaded registers.
 */
void pl011_snap_save(struct pl011 *uart, struct snap_wbuf *w);
int pl011_snap_load(struct pl011 *uart, struct snap_rbuf *r, struct av_err *err);
void pl031_snap_save(struct pl031 *rtc, struct snap_wbuf *w);
int pl031_snap_load(struct pl031 *rtc, struct snap_rbuf *r, struct av_err *err);
void pl061_snap_save(struct pl061 *gpio, struct snap_wbuf *w);
int pl061_snap_load(struct pl061 *gpio, struct snap_rbuf *r, struct av_err *err);

/* ---- PL011 (ARM DDI 0183G) ---- */
struct pl011;

extern const struct mmio_ops pl011_mmio_ops;

/*
 * out: where TX bytes go (may be NULL: discarded). irq is copied; its
 * callback runs with the UART's lock held and must not call back into it.
 */
struct pl011 *pl011_create(const struct irq_line *irq, struct chardev *out,
			   struct av_err *err);
void pl011_destroy(struct pl011 *uart);
/*
 * Feed bytes typed at the console into the RX FIFO (16 entries, 32 once
 * the guest sets LCR_H.FEN); returns bytes taken: what does not fit is
 * the caller's to offer again, nothing is lost. Takes none in loopback.
 */
size_t pl011_receive(struct pl011 *uart, const uint8_t *buf, size_t len);
/* Room left in the RX FIFO (the console holds input back when 0). */
size_t pl011_rx_room(struct pl011 *uart);
/*
 * Optional: fn(opaque) runs when the guest makes room in a full RX FIFO,
 * so that a console holding input back can offer it again at once
 * instead of polling (QEMU's chr_accept_input). It runs on the vCPU
 * thread with the UART's lock held: wake the event loop (an eventfd
 * write), do not call back into the UART. fn NULL turns it off.
 */
void pl011_set_rx_ready(struct pl011 *uart, void (*fn)(void *opaque),
			void *opaque);
/*
 * Optional: fn(opaque, off, size, on) is told, now and whenever it
 * changes, whether guest writes to the registers at [off, off + size)
 * (the data register) may queue in the accelerator instead of stopping
 * the vCPU (accel_ops.mmio_coalesce): on while a DR write can raise no
 * interrupt. It runs with the UART's lock held; nonzero for on: the
 * UART stops asking.
 */
void pl011_set_dr_queue(struct pl011 *uart,
			int (*fn)(void *opaque, uint64_t off, uint64_t size, bool on),
			void *opaque);
void pl011_reset(struct pl011 *uart);

/* ---- PL031 (ARM DDI 0224) ---- */
struct pl031;
struct sandbox;

extern const struct mmio_ops pl031_mmio_ops;

/*
 * Starts the RTC's match-timer thread (asleep until MR is due), which
 * enters sb's timer filter (NULL: none). The irq callback may run on that
 * thread, with the RTC's lock held.
 */
struct pl031 *pl031_create(const struct irq_line *irq, const struct sandbox *sb,
			   struct av_err *err);
void pl031_destroy(struct pl031 *rtc);
void pl031_reset(struct pl031 *rtc);
/* The counter reads host UTC seconds + seconds (-rtc base=; 0 at creation). */
void pl031_set_offset(struct pl031 *rtc, int64_t seconds);

/* ---- PL061 GPIO (ARM DDI 0190) ---- */
/*
 * The boot-timeline marker word (VIRT_MARKER, docs/timeline.md): a
 * 32-bit write at offset 0 marks "guest marker N" on the timeline given
 * as the region's opaque (struct timeline, which may be off); reads are 0.
 */
extern const struct mmio_ops boot_marker_mmio_ops;

struct pl061;

extern const struct mmio_ops pl061_mmio_ops;

struct pl061 *pl061_create(const struct irq_line *irq, struct av_err *err);
void pl061_destroy(struct pl061 *gpio);
void pl061_reset(struct pl061 *gpio);
/* The board drives input line (0-7) to level (a button: 1 while pressed). */
void pl061_set_input(struct pl061 *gpio, unsigned int line, bool level);

#endif
