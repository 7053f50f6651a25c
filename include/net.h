/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest networking: -netdev back ends (libslirp user networking, tap)
 * and the virtio-net NIC they connect to. What -netdev and -nic ask for
 * (struct netdev_opts, nic_opts) is in config.h.
 *
 * A back end carries Ethernet frames (no FCS) both ways. Frames from the
 * guest go in through net_send(); frames for the guest come out through
 * the rx callback the NIC attached. Each back end runs its own thread
 * (slirp's sockets and timers change all the time, which the main loop's
 * fixed watch list cannot follow), so rx runs on that thread.
 */
#ifndef ARMVISOR_NET_H
#define ARMVISOR_NET_H

#include <netinet/in.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"

#define NET_ETH_HLEN		14
/* Largest frame either way: a 64 KiB packet plus its Ethernet header. */
#define NET_FRAME_MAX		(65535 + NET_ETH_HLEN)

/* QEMU's default MAC for the n-th NIC: 52:54:00:12:34:56 + n. */
void net_default_mac(unsigned int n, uint8_t mac[6]);

/* ---- Back ends ---- */

struct net_backend;

/* Frames for the guest; runs on the back end's thread. */
typedef void (*net_rx_fn)(void *opaque, const uint8_t *frame, size_t len);

struct net_backend_ops {
	/*
	 * Queue one frame for the outside world. Must not block and must
	 * not call rx (the NIC holds its lock): a frame that does not fit
	 * is dropped and counted (TCP retransmits, as on a real wire).
	 */
	int (*send)(struct net_backend *nb, const uint8_t *frame, size_t len);
	/* Start the back end's thread: rx is attached by then. */
	int (*start)(struct net_backend *nb, struct av_err *err);
	/* Stop the thread and free everything. */
	void (*close)(struct net_backend *nb);
};

struct net_backend {
	const struct net_backend_ops *ops;
	const struct sandbox *sandbox;	/* its thread's filter (set before start) */
	char id[NET_ID_MAX];
	net_rx_fn rx;
	void *rx_opaque;
	bool attached;			/* a NIC uses it (at most one) */
	atomic_ulong tx_dropped;	/* frames send() could not queue */
};

/* Open the back end -netdev describes (not started). */
int net_backend_open(const struct netdev_opts *opts, struct net_backend **out,
		     struct av_err *err);
int net_slirp_open(const struct netdev_opts *opts, struct net_backend **out,
		   struct av_err *err);
/* Whether -netdev user is there (armvisor built with libslirp). */
bool net_have_slirp(void);
int net_tap_open(const struct netdev_opts *opts, struct net_backend **out,
		 struct av_err *err);

/* Connect a NIC; -EBUSY when another NIC has it already. */
int net_backend_attach(struct net_backend *nb, net_rx_fn rx, void *opaque,
		       struct av_err *err);

static inline int net_send(struct net_backend *nb, const uint8_t *frame,
			   size_t len)
{
	return nb->ops->send(nb, frame, len);
}

static inline int net_backend_start(struct net_backend *nb, struct av_err *err)
{
	return nb->ops->start ? nb->ops->start(nb, err) : 0;
}

void net_backend_close(struct net_backend *nb);

/* ---- virtio-net (virtio 1.1 section 5.1) ---- */

struct virtio_net;
struct virtio_host;
struct virtio_dev;

/* Counters a test (or a monitor) can read. */
struct virtio_net_stats {
	uint64_t tx_frames, tx_bad;	/* bad: too short or too long, dropped */
	uint64_t rx_frames, rx_dropped;	/* dropped: no buffer posted, or too small */
};

struct virtio_net *virtio_net_create(const struct virtio_host *host,
				     struct net_backend *nb,
				     const uint8_t mac[6], struct av_err *err);
void virtio_net_destroy(struct virtio_net *net);
struct virtio_dev *virtio_net_dev(struct virtio_net *net);
/* Hand a frame to the guest (what the back end's rx calls). */
void virtio_net_receive(void *opaque, const uint8_t *frame, size_t len);
void virtio_net_get_stats(struct virtio_net *net, struct virtio_net_stats *out);

#endif
