/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virtio-9p: a host directory shared with the guest over 9P2000.L
 * (QEMU's -fsdev local + virtio-9p-device; the server: devices/9p/).
 * Requests are served by a worker thread of the device, so a slow host
 * file system never holds up a vCPU.
 */
#ifndef ARMVISOR_VIRTIO_9P_H
#define ARMVISOR_VIRTIO_9P_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct virtio_host;
struct virtio_dev;
struct sandbox;

/* QEMU's security_model= (fsdev/file-op-9p.h, docs "-fsdev"). */
enum p9_model {
	P9_MODEL_PASSTHROUGH,	/* host owner and mode as the guest sets them */
	P9_MODEL_MAPPED_XATTR,	/* the guest's in user.virtfs.* xattrs */
	P9_MODEL_NONE,		/* passthrough, chown failures ignored */
};

/* The largest msize the server accepts (the client asks; we may lower it). */
#define P9_MAX_MSIZE	(512u * 1024)
/* A mount tag fits virtio-9p's config space (le16 tag_len + tag). */
#define P9_TAG_MAX	254

struct p9_export {
	const char *id;		/* the fsdev's id, for messages */
	const char *path;	/* the shared directory */
	enum p9_model model;
	bool readonly;		/* every change fails with EROFS */
	bool writeout_immediate; /* writeout=immediate: writes synced */
	unsigned int fmode, dmode; /* mapped: host modes of new files, dirs */
};

/* ---- The server alone (unit tests, the fuzz target) ---- */

struct p9_server;

struct p9_server *p9_server_create(const struct p9_export *conf,
				   struct av_err *err);
void p9_server_destroy(struct p9_server *s);
/* Forget every fid (Tversion, device reset). */
void p9_server_reset(struct p9_server *s);
/*
 * Serve one whole T-message of len bytes; the R-message goes to reply
 * (at most cap bytes). Returns the reply's length, or 0 when no reply can
 * be made (fewer than 7 bytes of request, or no room for an Rlerror).
 */
size_t p9_server_handle(struct p9_server *s, const uint8_t *req, size_t len,
			uint8_t *reply, size_t cap);

/* ---- The virtio device ---- */

struct virtio_9p;

struct virtio_9p *virtio_9p_create(const struct virtio_host *host,
				   const struct p9_export *conf,
				   const char *mount_tag,
				   const struct sandbox *sandbox,
				   struct av_err *err);
void virtio_9p_destroy(struct virtio_9p *p9);
struct virtio_dev *virtio_9p_dev(struct virtio_9p *p9);
/*
 * Snapshots (docs/snapshot.md): -EBUSY with QEMU's sentence while the
 * guest has the export mounted (fids attached), -EAGAIN while a request
 * is being served; the device lock held.
 */
int virtio_9p_snap_check(struct virtio_9p *p9, struct av_err *err);

#endif
