// SPDX-License-Identifier: GPL-2.0
/*
 * PL031 real time clock (ARM DDI 0224), as Linux's
 * drivers/rtc/rtc-pl031.c uses it.
 *
 * The counter is the host's wall clock in seconds plus an offset that a
 * guest LR write sets (modulo 2^32, like the 32-bit counter). The match
 * interrupt comes from one host thread per RTC that sleeps on a condition
 * variable until the wall-clock second at which the counter equals MR:
 * no polling, and it fires even when the guest never reads the RTC.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "devices.h"
#include "snap_stream.h"
#include "sandbox.h"

/* Register offsets (DDI 0224, Summary of RTC registers). */
#define RTC_DR		0x00	/* data (counter), read only */
#define RTC_MR		0x04	/* match */
#define RTC_LR		0x08	/* load */
#define RTC_CR		0x0c	/* control: bit 0 starts the counter */
#define RTC_IMSC	0x10
#define RTC_RIS		0x14
#define RTC_MIS		0x18
#define RTC_ICR		0x1c	/* write only */
#define RTC_ID_BASE	0xfe0
#define RTC_SIZE	0x1000

#define RTC_INT		1u	/* the only interrupt: match */

/* PrimeCell IDs at 0xFE0..0xFFC, one byte per word (periph 0x00041031). */
static const uint8_t pl031_id[8] = {
	0x31, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

struct pl031 {
	pthread_mutex_t lock;
	pthread_cond_t wake;		/* MR/LR changed, or quit */
	pthread_t thread;
	bool quit;
	const struct sandbox *sandbox;	/* the match thread's filter */

	struct irq_line irq;
	uint32_t offset;		/* counter = host seconds + offset */
	uint32_t mr;
	uint32_t lr;
	uint32_t imsc;
	uint32_t ris;
	bool armed;			/* a match is due at deadline */
	time_t deadline;		/* host wall-clock second of the match */
	int irq_level;
};

static time_t pl031_host_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec;
}

static uint32_t pl031_count_at(const struct pl031 *rtc, time_t host)
{
	return (uint32_t)host + rtc->offset;
}

static void pl031_update_irq(struct pl031 *rtc)
{
	int level = (rtc->ris & rtc->imsc) != 0;

	if (level != rtc->irq_level) {
		rtc->irq_level = level;
		irq_line_set(&rtc->irq, level);
	}
}

static void pl031_fire(struct pl031 *rtc)
{
	rtc->armed = false;
	rtc->ris |= RTC_INT;
	pl031_update_irq(rtc);
}

/*
 * (Re)compute when the counter reaches MR after an MR or LR write. The
 * counter wraps at 2^32 and so does the distance; a match that is due now
 * fires at once, as the comparator sees equality immediately.
 */
static void pl031_arm(struct pl031 *rtc)
{
	time_t now = pl031_host_now();
	uint32_t ticks = rtc->mr - pl031_count_at(rtc, now);

	if (!ticks) {
		pl031_fire(rtc);
		return;
	}
	rtc->armed = true;
	rtc->deadline = now + (time_t)ticks;
	pthread_cond_signal(&rtc->wake);
}

/* The match thread: sleeps until the deadline or a change, never spins. */
static void *pl031_match_thread(void *opaque)
{
	struct pl031 *rtc = opaque;
	struct timespec until;

	sandbox_enter(rtc->sandbox, SANDBOX_TIMER);	/* a failure stops the VM */
	pthread_mutex_lock(&rtc->lock);
	while (!rtc->quit) {
		if (!rtc->armed) {
			pthread_cond_wait(&rtc->wake, &rtc->lock);
		} else if (pl031_host_now() >= rtc->deadline) {
			pl031_fire(rtc);
		} else {
			/* The condvar's clock is CLOCK_REALTIME, like the deadline. */
			until.tv_sec = rtc->deadline;
			until.tv_nsec = 0;
			pthread_cond_timedwait(&rtc->wake, &rtc->lock, &until);
		}
	}
	pthread_mutex_unlock(&rtc->lock);
	return NULL;
}

/* Caller holds the lock; off is word aligned. */
static int pl031_read_reg(struct pl031 *rtc, uint64_t off, uint32_t *val)
{
	switch (off) {
	case RTC_DR:
		*val = pl031_count_at(rtc, pl031_host_now());
		break;
	case RTC_MR:
		*val = rtc->mr;
		break;
	case RTC_LR:
		*val = rtc->lr;
		break;
	case RTC_CR:
		*val = 1;	/* always started, as QEMU's */
		break;
	case RTC_IMSC:
		*val = rtc->imsc;
		break;
	case RTC_RIS:
		*val = rtc->ris;
		break;
	case RTC_MIS:
		*val = rtc->ris & rtc->imsc;
		break;
	default:
		/* ICR is write only; the rest is reserved. */
		if (off < RTC_ID_BASE || off >= RTC_SIZE)
			return -EINVAL;
		*val = pl031_id[(off - RTC_ID_BASE) / 4];
	}
	return 0;
}

/* LR: the counter continues from the loaded value. */
static void pl031_write_lr(struct pl031 *rtc, uint32_t val)
{
	rtc->lr = val;
	rtc->offset = val - (uint32_t)pl031_host_now();
	pl031_arm(rtc);
}

/* Caller holds the lock; off is word aligned. */
static int pl031_write_reg(struct pl031 *rtc, uint64_t off, uint32_t val)
{
	switch (off) {
	case RTC_MR:
		rtc->mr = val;
		pl031_arm(rtc);
		break;
	case RTC_LR:
		pl031_write_lr(rtc, val);
		break;
	case RTC_CR:
		/* Once started the counter cannot be stopped: writes are ignored. */
		break;
	case RTC_IMSC:
		rtc->imsc = val & RTC_INT;
		break;
	case RTC_ICR:
		rtc->ris &= ~(val & RTC_INT);
		break;
	default:
		/* DR, RIS, MIS, IDs are read-only; the rest is reserved. */
		return -EINVAL;
	}
	pl031_update_irq(rtc);
	return 0;
}

/* 32-bit registers on APB: only aligned word accesses decode. */
static bool pl031_access_ok(uint64_t off, unsigned int size)
{
	return size == 4 && !(off & 3) && off < RTC_SIZE;
}

static int pl031_mmio_read(void *opaque, uint64_t off, unsigned int size,
			   uint64_t *val)
{
	struct pl031 *rtc = opaque;
	uint32_t v = 0;
	int ret;

	if (!pl031_access_ok(off, size))
		return -EINVAL;
	pthread_mutex_lock(&rtc->lock);
	ret = pl031_read_reg(rtc, off, &v);
	pthread_mutex_unlock(&rtc->lock);
	*val = v;
	return ret;
}

static int pl031_mmio_write(void *opaque, uint64_t off, unsigned int size,
			    uint64_t val)
{
	struct pl031 *rtc = opaque;
	int ret;

	if (!pl031_access_ok(off, size))
		return -EINVAL;
	pthread_mutex_lock(&rtc->lock);
	ret = pl031_write_reg(rtc, off, (uint32_t)val);
	pthread_mutex_unlock(&rtc->lock);
	return ret;
}

const struct mmio_ops pl031_mmio_ops = {
	.read = pl031_mmio_read,
	.write = pl031_mmio_write,
};

/*
 * A machine reset clears the registers and any pending match, but not the
 * time: a real RTC keeps counting through a reboot.
 */
void pl031_reset(struct pl031 *rtc)
{
	pthread_mutex_lock(&rtc->lock);
	rtc->mr = 0;
	rtc->lr = 0;
	rtc->imsc = 0;
	rtc->ris = 0;
	rtc->armed = false;
	pl031_update_irq(rtc);
	pthread_mutex_unlock(&rtc->lock);
}

/*
 * Snapshot state: the registers and the counter's offset from the host's
 * wall clock, so the guest's RTC keeps following real time after a
 * restore, as it does through a reboot.
 */
void pl031_snap_save(struct pl031 *rtc, struct snap_wbuf *w)
{
	pthread_mutex_lock(&rtc->lock);
	snap_put_u32(w, rtc->offset);
	snap_put_u32(w, rtc->mr);
	snap_put_u32(w, rtc->lr);
	snap_put_u32(w, rtc->imsc);
	snap_put_u32(w, rtc->ris);
	snap_put_u8(w, rtc->armed);
	pthread_mutex_unlock(&rtc->lock);
}

int pl031_snap_load(struct pl031 *rtc, struct snap_rbuf *r, struct av_err *err)
{
	uint32_t offset = snap_get_u32(r), mr = snap_get_u32(r), lr = snap_get_u32(r);
	uint32_t imsc = snap_get_u32(r) & RTC_INT, ris = snap_get_u32(r) & RTC_INT;
	bool armed = snap_get_u8(r);

	if (r->bad)
		return av_errf(err, EINVAL, "snapshot: bad PL031 state");
	pthread_mutex_lock(&rtc->lock);
	rtc->offset = offset;
	rtc->mr = mr;
	rtc->lr = lr;
	rtc->imsc = imsc;
	rtc->ris = ris;
	rtc->armed = false;
	if (armed)
		pl031_arm(rtc);
	pl031_update_irq(rtc);
	pthread_mutex_unlock(&rtc->lock);
	return 0;
}

static int pl031_init_sync(struct pl031 *rtc, struct av_err *err)
{
	int ret = pthread_mutex_init(&rtc->lock, NULL);

	if (ret)
		return av_errf_errno(err, ret, "pl031: cannot create its lock");
	ret = pthread_cond_init(&rtc->wake, NULL);
	if (ret) {
		pthread_mutex_destroy(&rtc->lock);
		return av_errf_errno(err, ret, "pl031: cannot create its condition");
	}
	return 0;
}

struct pl031 *pl031_create(const struct irq_line *irq, const struct sandbox *sb,
			   struct av_err *err)
{
	struct pl031 *rtc = calloc(1, sizeof(*rtc));
	int ret;

	if (!rtc) {
		av_errf(err, ENOMEM, "pl031: out of memory");
		return NULL;
	}
	if (pl031_init_sync(rtc, err)) {
		free(rtc);
		return NULL;
	}
	if (irq)
		rtc->irq = *irq;
	rtc->sandbox = sb;
	ret = pthread_create(&rtc->thread, NULL, pl031_match_thread, rtc);
	if (ret) {
		pthread_cond_destroy(&rtc->wake);
		pthread_mutex_destroy(&rtc->lock);
		free(rtc);
		av_errf_errno(err, ret, "pl031: cannot start its timer thread");
		return NULL;
	}
	return rtc;
}

void pl031_destroy(struct pl031 *rtc)
{
	if (!rtc)
		return;
	pthread_mutex_lock(&rtc->lock);
	rtc->quit = true;
	pthread_cond_signal(&rtc->wake);
	pthread_mutex_unlock(&rtc->lock);
	pthread_join(rtc->thread, NULL);
	pthread_cond_destroy(&rtc->wake);
	pthread_mutex_destroy(&rtc->lock);
	free(rtc);
}
