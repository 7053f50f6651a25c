// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-net (virtio 1.1, section 5.1): one receive and one transmit
 * queue, a MAC address and a link status, no offloads. With
 * VIRTIO_F_VERSION_1 every buffer starts with the 12-byte struct
 * virtio_net_hdr (5.1.6, num_buffers always present); we offer no
 * checksum or GSO features, so the header we write is all zero but
 * num_buffers = 1, and the one we read carries nothing we act on. A
 * legacy driver (no VERSION_1, and we offer no MRG_RXBUF) uses the
 * 10-byte header without num_buffers (5.1.6.1 "Legacy Interface: Device
 * Operation"; Linux's virtnet_probe picks hdr_len the same way).
 *
 * TX runs on the vCPU that notified (device lock held) and hands frames
 * to the back end, which queues them without blocking. RX runs on the
 * back end's thread: a frame goes into the next posted buffer, or is
 * dropped and counted when the driver posted none (a wire has no
 * back-pressure either; TCP retransmits).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"
#include "virtio.h"

#define VNET_F_MAC		5	/* 5.1.3 */
#define VNET_F_STATUS		16
#define VNET_S_LINK_UP		1
#define VNET_HDR_LEN		12	/* 5.1.6, with VIRTIO_F_VERSION_1 */
#define VNET_HDR_LEN_LEGACY	10	/* without it nor MRG_RXBUF */
#define VNET_HDR_NUM_BUFFERS	10	/* offset of le16 num_buffers */
#define VNET_RXQ		0
#define VNET_TXQ		1
#define VNET_QUEUE_SIZE		256
/* struct virtio_net_config up to status: mac[6], le16 status (5.1.4). */
#define VNET_CONFIG_SIZE	8

struct virtio_net {
	struct virtio_dev *vdev;
	struct net_backend *nb;
	struct virtio_net_stats stats;	/* under the device lock */
	uint8_t *frame;			/* TX bounce buffer, NET_FRAME_MAX */
};

static const struct virtio_dev_info vnet_info = {
	.name = "virtio-net",
	.device_id = VIRTIO_ID_NET,
	.features = 1ULL << VNET_F_MAC | 1ULL << VNET_F_STATUS,
	.num_queues = 2,
	.queue_max = VNET_QUEUE_SIZE,
	.config_size = VNET_CONFIG_SIZE,
};

/* The header both directions start with, as negotiated (device lock held). */
static unsigned int vnet_hdr_len(const struct virtio_net *n)
{
	return virtio_has_feature(n->vdev, VIRTIO_F_VERSION_1) ?
	       VNET_HDR_LEN : VNET_HDR_LEN_LEGACY;
}

/* One TX chain: header, then the frame; false when the guest got it wrong. */
static bool vnet_tx_one(struct virtio_net *n, struct virtq_elem *e)
{
	unsigned int hdr_len = vnet_hdr_len(n);
	uint64_t len = e->out_len;

	if (len < hdr_len + NET_ETH_HLEN || len - hdr_len > NET_FRAME_MAX) {
		virtio_guest_error(n->vdev,
				   "TX buffer of %llu bytes: not a header plus a frame of %d..%d bytes",
				   (unsigned long long)len, NET_ETH_HLEN,
				   NET_FRAME_MAX);
		return false;
	}
	len -= hdr_len;
	if (virtq_elem_read(e, hdr_len, n->frame, len) != len)
		return false;
	if (net_send(n->nb, n->frame, len) == 0)
		n->stats.tx_frames++;
	return true;
}

static void vnet_tx(struct virtio_net *n)
{
	struct virtq *vq = virtio_queue(n->vdev, VNET_TXQ);
	struct virtq_elem *e;

	/* Until the ring is empty: with EVENT_IDX no further kick may come. */
	while (virtq_pop(vq, &e) == 1) {
		if (!vnet_tx_one(n, e))
			n->stats.tx_bad++;
		virtq_push(vq, e, 0);
	}
	virtq_notify(vq);
}

static void vnet_notify(void *opaque, unsigned int queue)
{
	/* RX kicks only say buffers were posted: receive takes them as needed. */
	if (queue == VNET_TXQ)
		vnet_tx(opaque);
}

static bool vnet_rx_ready(struct virtio_net *n)
{
	return (virtio_status(n->vdev) & VIRTIO_STATUS_DRIVER_OK) &&
	       !(virtio_status(n->vdev) & VIRTIO_STATUS_NEEDS_RESET) &&
	       virtq_ready(virtio_queue(n->vdev, VNET_RXQ));
}

/* Device lock held. */
static void vnet_rx_locked(struct virtio_net *n, const uint8_t *frame,
			   size_t len)
{
	struct virtq *vq = virtio_queue(n->vdev, VNET_RXQ);
	uint8_t hdr[VNET_HDR_LEN] = { 0 };
	unsigned int hdr_len = vnet_hdr_len(n);
	struct virtq_elem *e;

	if (!vnet_rx_ready(n) || virtq_pop(vq, &e) != 1) {
		n->stats.rx_dropped++;
		return;
	}
	/*
	 * Without VIRTIO_NET_F_MRG_RXBUF one buffer must hold it all
	 * (5.1.6.3.1); a driver that posts less gets the buffer back empty.
	 */
	if (e->in_len < hdr_len + len) {
		virtio_guest_error(n->vdev,
				   "RX buffer of %llu bytes cannot hold a %zu-byte frame",
				   (unsigned long long)e->in_len, len);
		n->stats.rx_dropped++;
		virtq_push(vq, e, 0);
		virtq_notify(vq);
		return;
	}
	if (hdr_len > VNET_HDR_NUM_BUFFERS)
		hdr[VNET_HDR_NUM_BUFFERS] = 1;
	virtq_elem_write(e, 0, hdr, hdr_len);
	virtq_elem_write(e, hdr_len, frame, len);
	virtq_push(vq, e, (uint32_t)(hdr_len + len));
	virtq_notify(vq);
	n->stats.rx_frames++;
}

void virtio_net_receive(void *opaque, const uint8_t *frame, size_t len)
{
	struct virtio_net *n = opaque;

	virtio_lock(n->vdev);
	if (len < NET_ETH_HLEN || len > NET_FRAME_MAX)
		n->stats.rx_dropped++;
	else
		vnet_rx_locked(n, frame, len);
	virtio_unlock(n->vdev);
}

static const struct virtio_dev_ops vnet_ops = {
	.notify = vnet_notify,
};

static void vnet_config_init(struct virtio_net *n, const uint8_t mac[6])
{
	uint8_t *cfg = virtio_config(n->vdev);

	memcpy(cfg, mac, 6);
	/* The link is always up: a back end has no carrier to lose. */
	cfg[6] = VNET_S_LINK_UP;
	cfg[7] = 0;
}

struct virtio_net *virtio_net_create(const struct virtio_host *host,
				     struct net_backend *nb,
				     const uint8_t mac[6], struct av_err *err)
{
	struct virtio_net *n = calloc(1, sizeof(*n));

	if (!n || !(n->frame = malloc(NET_FRAME_MAX))) {
		free(n);
		av_errf(err, ENOMEM, "virtio-net: out of memory");
		return NULL;
	}
	n->nb = nb;
	n->vdev = virtio_dev_create(&vnet_info, &vnet_ops, n, host, err);
	if (!n->vdev || net_backend_attach(nb, virtio_net_receive, n, err)) {
		if (n->vdev)
			virtio_dev_destroy(n->vdev);
		free(n->frame);
		free(n);
		return NULL;
	}
	virtio_lock(n->vdev);
	vnet_config_init(n, mac);
	virtio_unlock(n->vdev);
	return n;
}

/* The back end must be closed first: its thread calls virtio_net_receive. */
void virtio_net_destroy(struct virtio_net *n)
{
	if (!n)
		return;
	virtio_dev_destroy(n->vdev);
	free(n->frame);
	free(n);
}

struct virtio_dev *virtio_net_dev(struct virtio_net *n)
{
	return n->vdev;
}

void virtio_net_get_stats(struct virtio_net *n, struct virtio_net_stats *out)
{
	virtio_lock(n->vdev);
	*out = n->stats;
	virtio_unlock(n->vdev);
}
