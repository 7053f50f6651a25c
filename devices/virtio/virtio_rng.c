// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-rng (virtio 1.1, 5.4): one request queue; the device fills each
 * writable buffer with random bytes from the host (getrandom(2), the
 * same pool /dev/urandom reads).
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>

#include "virtio.h"

/* QEMU's virtio-rng queue size (hw/virtio/virtio-rng.c). */
#define RNG_QUEUE_SIZE	8

struct virtio_rng {
	struct virtio_dev *vdev;
};

/* Fill one segment; returns bytes written (short only if the host pool refuses). */
static uint32_t virtio_rng_fill(const struct virtq_seg *s)
{
	uint32_t done = 0;

	while (done < s->len) {
		ssize_t n = getrandom((uint8_t *)s->host + done, s->len - done,
				      GRND_NONBLOCK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (uint32_t)n;
	}
	return done;
}

/* The driver's buffers are filled in order; a short fill ends the request. */
static uint32_t virtio_rng_serve(const struct virtq_elem *e)
{
	uint32_t written = 0;

	for (unsigned int i = e->nout; i < e->nout + e->nin; i++) {
		uint32_t n = virtio_rng_fill(&e->seg[i]);

		written += n;
		if (n < e->seg[i].len)
			break;
	}
	return written;
}

static void virtio_rng_notify(void *opaque, unsigned int queue)
{
	struct virtio_rng *rng = opaque;
	struct virtq *vq = virtio_queue(rng->vdev, queue);
	struct virtq_elem *e;
	bool any = false;

	while (virtq_pop(vq, &e) == 1) {
		if (e->nout)
			virtio_guest_error(rng->vdev,
					   "request with %u device-readable buffers",
					   e->nout);
		virtq_push(vq, e, virtio_rng_serve(e));
		any = true;
	}
	if (any)
		virtq_notify(vq);
}

static const struct virtio_dev_info virtio_rng_info = {
	.name = "virtio-rng",
	.device_id = VIRTIO_ID_RNG,
	.num_queues = 1,
	.queue_max = RNG_QUEUE_SIZE,
	.config_size = 0,
};

static const struct virtio_dev_ops virtio_rng_ops = {
	.notify = virtio_rng_notify,
};

struct virtio_rng *virtio_rng_create(const struct virtio_host *host,
				     struct av_err *err)
{
	struct virtio_rng *rng = calloc(1, sizeof(*rng));

	if (!rng) {
		av_errf(err, ENOMEM, "virtio-rng: out of memory");
		return NULL;
	}
	rng->vdev = virtio_dev_create(&virtio_rng_info, &virtio_rng_ops, rng,
				      host, err);
	if (!rng->vdev) {
		free(rng);
		return NULL;
	}
	return rng;
}

void virtio_rng_destroy(struct virtio_rng *rng)
{
	if (!rng)
		return;
	virtio_dev_destroy(rng->vdev);
	free(rng);
}

struct virtio_dev *virtio_rng_dev(struct virtio_rng *rng)
{
	return rng->vdev;
}
