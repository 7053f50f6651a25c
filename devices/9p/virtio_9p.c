// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-9p (device ID 9; virtio 1.1 lists it in 5 "Device Types", the
 * layout is Linux's include/uapi/linux/virtio_9p.h): one request queue,
 * feature MOUNT_TAG (bit 0), config le16 tag_len + the tag. Each chain is
 * one T-message in its readable buffers and room for the R-message in its
 * writable ones (net/9p/trans_virtio.c, also for its zero-copy requests,
 * whose payload pages simply continue the message).
 *
 * A worker thread serves the requests: the queue notify (a vCPU thread,
 * device lock held) only pops the chains and hands them over, so a slow
 * host file system never stalls a vCPU. The worker copies the request out
 * of guest RAM (the guest cannot change it under the parser), serves it,
 * then takes the device lock to write the reply, push it and raise the
 * interrupt (include/virtio.h: work that starts elsewhere locks itself).
 *
 * Reset (driver or machine, device lock held) never waits for the worker,
 * which may itself be waiting for that lock: it drops the queued chains
 * and bumps a generation. A request in flight then completes into
 * nothing (its reply is not written, its chain not pushed), and the worker
 * forgets every fid before the first request of the new generation.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p9.h"
#include "sandbox.h"
#include "virtio.h"

#define VIRTIO_ID_9P		9
#define VIRTIO_9P_MOUNT_TAG	0
/* QEMU's queue size for virtio-9p (hw/9pfs/virtio-9p-device.c MAX_REQ). */
#define P9_QUEUE_SIZE		128

struct p9_req {
	struct virtq_elem *elem;
	uint64_t gen;
	struct p9_req *next;
};

struct virtio_9p {
	struct virtio_dev *vdev;
	struct p9_server *server;
	const struct sandbox *sandbox;
	pthread_t thread;
	bool started;
	/* Under lock: the hand-over from notify to the worker. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct p9_req *head, **tail;
	uint64_t gen;			/* bumped by every reset */
	bool stop;
	/*
	 * Under the device lock, for snapshots: requests popped and not yet
	 * answered or dropped, and the session's fids after the last answer
	 * (0 once a reset ended the session).
	 */
	unsigned int pending, fids;
	char tag[P9_TAG_MAX + 1];	/* for messages */
	/* The worker's own. */
	uint64_t served_gen;
	uint8_t *req_buf, *reply_buf;
};

static void p9_queue_put(struct virtio_9p *p, struct virtq_elem *e)
{
	struct p9_req *r = malloc(sizeof(*r));

	if (!r) {
		virtq_elem_free(e);
		virtio_set_needs_reset(p->vdev, "9p: out of memory for a request");
		return;
	}
	p->pending++;
	pthread_mutex_lock(&p->lock);
	*r = (struct p9_req){ .elem = e, .gen = p->gen };
	*p->tail = r;
	p->tail = &r->next;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

/* A chain that cannot carry a message and its reply breaks the device. */
static void virtio_9p_notify(void *opaque, unsigned int queue)
{
	struct virtio_9p *p = opaque;
	struct virtq *vq = virtio_queue(p->vdev, queue);
	struct virtq_elem *e;

	while (virtq_pop(vq, &e) == 1) {
		if (e->out_len < P9_HDR_SIZE || e->in_len < P9_HDR_SIZE + 4) {
			virtq_elem_free(e);
			virtio_set_needs_reset(p->vdev,
					       "9p request without a message or room for a reply");
			break;
		}
		p9_queue_put(p, e);
	}
}

/* Free the requests of list r; returns how many there were. */
static unsigned int p9_free_list(struct p9_req *r)
{
	unsigned int n = 0;

	while (r) {
		struct p9_req *next = r->next;

		virtq_elem_free(r->elem);
		free(r);
		r = next;
		n++;
	}
	return n;
}

static void virtio_9p_reset(void *opaque)
{
	struct virtio_9p *p = opaque;
	struct p9_req *drop;

	pthread_mutex_lock(&p->lock);
	drop = p->head;
	p->head = NULL;
	p->tail = &p->head;
	p->gen++;
	pthread_mutex_unlock(&p->lock);
	p->pending -= p9_free_list(drop);
	p->fids = 0;
}

/* The next request, or NULL when the device is going away. */
static struct p9_req *p9_queue_take(struct virtio_9p *p)
{
	struct p9_req *r;

	pthread_mutex_lock(&p->lock);
	while (!p->head && !p->stop)
		pthread_cond_wait(&p->cond, &p->lock);
	r = p->stop ? NULL : p->head;
	if (r) {
		p->head = r->next;
		if (!p->head)
			p->tail = &p->head;
	}
	pthread_mutex_unlock(&p->lock);
	return r;
}

/* Reply into the chain if it still belongs to this generation. */
static void p9_complete(struct virtio_9p *p, struct p9_req *r, size_t len)
{
	struct virtq *vq;
	bool current;

	virtio_lock(p->vdev);
	pthread_mutex_lock(&p->lock);
	current = r->gen == p->gen;
	pthread_mutex_unlock(&p->lock);
	vq = virtio_queue(p->vdev, 0);
	p->pending--;
	if (current) {
		p->fids = p->server->nfids;	/* this thread is the server's only user */
		virtq_elem_write(r->elem, 0, p->reply_buf, len);
		virtq_push(vq, r->elem, (uint32_t)len);
		virtq_notify(vq);
	} else {
		virtq_elem_free(r->elem);
	}
	virtio_unlock(p->vdev);
	free(r);
}

static void p9_serve(struct virtio_9p *p, struct p9_req *r)
{
	const struct virtq_elem *e = r->elem;
	size_t len = e->out_len < P9_MAX_MSIZE ? (size_t)e->out_len : P9_MAX_MSIZE;
	size_t cap = e->in_len < P9_MAX_MSIZE ? (size_t)e->in_len : P9_MAX_MSIZE;
	size_t n;

	if (r->gen != p->served_gen) {
		p9_server_reset(p->server);	/* a reset came: a new session */
		p->served_gen = r->gen;
	}
	len = virtq_elem_read(e, 0, p->req_buf, len);
	n = p9_server_handle(p->server, p->req_buf, len, p->reply_buf, cap);
	if (!n)
		virtio_guest_error(p->vdev, "9p request of %zu bytes cannot be answered",
				   len);
	p9_complete(p, r, n);
}

static void *virtio_9p_worker(void *opaque)
{
	struct virtio_9p *p = opaque;
	struct p9_req *r;

	sandbox_enter(p->sandbox, SANDBOX_9P);	/* a failure stops the VM */
	while ((r = p9_queue_take(p)))
		p9_serve(p, r);
	return NULL;
}

static const struct virtio_dev_ops virtio_9p_ops = {
	.notify = virtio_9p_notify,
	.reset = virtio_9p_reset,
};

static int virtio_9p_init_dev(struct virtio_9p *p, const struct virtio_host *host,
			      const char *tag, struct av_err *err)
{
	size_t len = strlen(tag);
	struct virtio_dev_info info = {
		.name = "virtio-9p",
		.device_id = VIRTIO_ID_9P,
		.features = 1ULL << VIRTIO_9P_MOUNT_TAG,
		.num_queues = 1,
		.queue_max = P9_QUEUE_SIZE,
		.config_size = (uint32_t)(2 + len),
	};
	uint8_t *cfg;

	if (!len || len > P9_TAG_MAX)
		return av_errf(err, EINVAL,
			       "mount tag '%s' (%zu bytes) is longer than maximum (%d bytes)",
			       tag, len, P9_TAG_MAX);
	p->vdev = virtio_dev_create(&info, &virtio_9p_ops, p, host, err);
	if (!p->vdev)
		return -err->code;
	cfg = virtio_config(p->vdev);
	cfg[0] = (uint8_t)len;
	cfg[1] = (uint8_t)(len >> 8);
	memcpy(cfg + 2, tag, len);
	return 0;
}

static int virtio_9p_start(struct virtio_9p *p, struct av_err *err)
{
	int ret;

	p->req_buf = malloc(P9_MAX_MSIZE);
	p->reply_buf = malloc(P9_MAX_MSIZE);
	if (!p->req_buf || !p->reply_buf)
		return av_errf(err, ENOMEM, "virtio-9p: out of memory");
	ret = pthread_create(&p->thread, NULL, virtio_9p_worker, p);
	if (ret)
		return av_errf_errno(err, ret, "virtio-9p: cannot start its thread");
	p->started = true;
	return 0;
}

struct virtio_9p *virtio_9p_create(const struct virtio_host *host,
				   const struct p9_export *conf,
				   const char *mount_tag,
				   const struct sandbox *sandbox,
				   struct av_err *err)
{
	struct virtio_9p *p = calloc(1, sizeof(*p));

	if (!p) {
		av_errf(err, ENOMEM, "virtio-9p: out of memory");
		return NULL;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	p->tail = &p->head;
	p->sandbox = sandbox;
	snprintf(p->tag, sizeof(p->tag), "%s", mount_tag);
	p->server = p9_server_create(conf, err);
	if (!p->server || virtio_9p_init_dev(p, host, mount_tag, err) ||
	    virtio_9p_start(p, err)) {
		virtio_9p_destroy(p);
		return NULL;
	}
	return p;
}

void virtio_9p_destroy(struct virtio_9p *p)
{
	if (!p)
		return;
	if (p->started) {
		pthread_mutex_lock(&p->lock);
		p->stop = true;
		pthread_cond_signal(&p->cond);
		pthread_mutex_unlock(&p->lock);
		pthread_join(p->thread, NULL);
	}
	p9_free_list(p->head);
	if (p->vdev)
		virtio_dev_destroy(p->vdev);
	p9_server_destroy(p->server);
	free(p->req_buf);
	free(p->reply_buf);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

struct virtio_dev *virtio_9p_dev(struct virtio_9p *p)
{
	return p->vdev;
}

/*
 * QEMU refuses migration while a 9p export is mounted (hw/9pfs/9p.c,
 * v9fs_attach: a migration blocker from the first attach until the
 * session ends): the fids are host files a restore could not reopen as
 * they were. Unmounted, the device is only its virtqueue, which the
 * snapshot holds; a request being served (a mount under way) would be
 * lost, so that is refused too, for a moment.
 */
int virtio_9p_snap_check(struct virtio_9p *p, struct av_err *err)
{
	if (p->fids)
		return av_errf(err, EBUSY,
			       "Migration is disabled when VirtFS export path '%s' is mounted "
			       "in the guest using mount_tag '%s' (%u fids open)",
			       p->server->conf.path, p->tag, p->fids);
	if (p->pending)
		return av_errf(err, EAGAIN,
			       "virtio-9p export '%s': a request is being served, try again",
			       p->server->conf.path);
	return 0;
}
