/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside devices/9p/: a 9P2000.L file server over one host directory, as
 * Linux's v9fs client speaks it (fs/9p/, net/9p/client.c; the protocol:
 * Documentation/filesystems/9p.rst and the 9P2000.L message formats of
 * include/net/9p/9p.h).
 *
 * Layers, one concern a file:
 *   p9_proto.c     bounds-checked reading and writing of message fields
 *   p9_fs.c        fids, confined name resolution, the security models
 *   p9_ops*.c      one handler per request type, and the dispatcher
 *   virtio_9p.c    the virtio device (device ID 9) and its worker thread
 *
 * Everything here runs on one thread at a time (the device's worker, or a
 * test): the server has no lock of its own.
 */
#ifndef ARMVISOR_P9_H
#define ARMVISOR_P9_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "err.h"
#include "virtio_9p.h"

/* Message types (include/net/9p/9p.h, enum p9_msg_t). */
enum {
	P9_TLERROR = 6, P9_RLERROR,
	P9_TSTATFS = 8, P9_RSTATFS,
	P9_TLOPEN = 12, P9_RLOPEN,
	P9_TLCREATE = 14, P9_RLCREATE,
	P9_TSYMLINK = 16, P9_RSYMLINK,
	P9_TMKNOD = 18, P9_RMKNOD,
	P9_TRENAME = 20, P9_RRENAME,
	P9_TREADLINK = 22, P9_RREADLINK,
	P9_TGETATTR = 24, P9_RGETATTR,
	P9_TSETATTR = 26, P9_RSETATTR,
	P9_TXATTRWALK = 30, P9_RXATTRWALK,
	P9_TXATTRCREATE = 32, P9_RXATTRCREATE,
	P9_TREADDIR = 40, P9_RREADDIR,
	P9_TFSYNC = 50, P9_RFSYNC,
	P9_TLOCK = 52, P9_RLOCK,
	P9_TGETLOCK = 54, P9_RGETLOCK,
	P9_TLINK = 70, P9_RLINK,
	P9_TMKDIR = 72, P9_RMKDIR,
	P9_TRENAMEAT = 74, P9_RRENAMEAT,
	P9_TUNLINKAT = 76, P9_RUNLINKAT,
	P9_TVERSION = 100, P9_RVERSION,
	P9_TAUTH = 102, P9_RAUTH,
	P9_TATTACH = 104, P9_RATTACH,
	P9_TFLUSH = 108, P9_RFLUSH,
	P9_TWALK = 110, P9_RWALK,
	P9_TREAD = 116, P9_RREAD,
	P9_TWRITE = 118, P9_RWRITE,
	P9_TCLUNK = 120, P9_RCLUNK,
	P9_TREMOVE = 122, P9_RREMOVE,
};

#define P9_HDR_SIZE	7		/* size[4] type[1] tag[2] */
#define P9_IOHDR_SIZE	11		/* + count[4]: Rread's header */
#define P9_QID_SIZE	13		/* type[1] version[4] path[8] */
#define P9_NOFID	0xffffffffu
#define P9_NOTAG	0xffffu
#define P9_MAXWELEM	16		/* names in one Twalk (net/9p/client.c) */
/* Smallest msize served (QEMU's P9_MIN_MSIZE); the largest: virtio_9p.h. */
#define P9_MIN_MSIZE	4096

/* qid.type bits. */
#define P9_QTDIR	0x80
#define P9_QTSYMLINK	0x02
#define P9_QTFILE	0x00

/* Tgetattr's request mask / Rgetattr's valid mask: the basic set. */
#define P9_STATS_BASIC	0x000007ffULL

/* Tsetattr valid bits (include/net/9p/9p.h P9_ATTR_*). */
#define P9_ATTR_MODE		0x001
#define P9_ATTR_UID		0x002
#define P9_ATTR_GID		0x004
#define P9_ATTR_SIZE		0x008
#define P9_ATTR_ATIME		0x010
#define P9_ATTR_MTIME		0x020
#define P9_ATTR_CTIME		0x040
#define P9_ATTR_ATIME_SET	0x080
#define P9_ATTR_MTIME_SET	0x100

/* 9P2000.L open flags: Linux's generic (asm-generic/fcntl.h) values. */
#define P9_DOTL_ACCMODE		00000003
#define P9_DOTL_RDONLY		00000000
#define P9_DOTL_WRONLY		00000001
#define P9_DOTL_RDWR		00000002
#define P9_DOTL_CREATE		00000100
#define P9_DOTL_EXCL		00000200
#define P9_DOTL_TRUNC		00001000
#define P9_DOTL_APPEND		00002000
#define P9_DOTL_DSYNC		00010000
#define P9_DOTL_DIRECTORY	00200000
#define P9_DOTL_SYNC		04000000
#define P9_DOTL_AT_REMOVEDIR	0x200

/* Tlock: types and status (include/net/9p/9p.h). */
#define P9_LOCK_TYPE_RDLCK	0
#define P9_LOCK_TYPE_WRLCK	1
#define P9_LOCK_TYPE_UNLCK	2
#define P9_LOCK_SUCCESS		0

/* Largest xattr value or list (XATTR_SIZE_MAX, XATTR_LIST_MAX). */
#define P9_XATTR_MAX		65536
/* Longest path kept for a fid (PATH_MAX). */
#define P9_PATH_MAX		4096
#define P9_NAME_MAX		255
/*
 * Fids alive at once: each may hold two host descriptors, so the bound
 * follows RLIMIT_NOFILE (p9_server_create), keeping P9_FD_RESERVE for the
 * rest of the program, between P9_MIN_FIDS and P9_MAX_FIDS.
 */
#define P9_MAX_FIDS		65536
#define P9_MIN_FIDS		64
#define P9_FD_RESERVE		512

/* ---- p9_proto.c: message fields ---- */

/*
 * A message being read or built. Reads past size and writes past size
 * set bad and do nothing else, so a handler checks once at the end.
 */
struct p9_buf {
	uint8_t *data;
	size_t size;
	size_t pos;
	bool bad;
};

/* A string inside a message: not NUL-terminated, may hold anything. */
struct p9_str {
	const char *s;
	uint16_t len;
};

struct p9_qid {
	uint8_t type;
	uint32_t version;
	uint64_t path;
};

uint8_t p9_get8(struct p9_buf *b);
uint16_t p9_get16(struct p9_buf *b);
uint32_t p9_get32(struct p9_buf *b);
uint64_t p9_get64(struct p9_buf *b);
struct p9_str p9_getstr(struct p9_buf *b);
/* len bytes in place; NULL (and bad) when fewer remain. */
const uint8_t *p9_getbytes(struct p9_buf *b, size_t len);

void p9_put8(struct p9_buf *b, uint8_t v);
void p9_put16(struct p9_buf *b, uint16_t v);
void p9_put32(struct p9_buf *b, uint32_t v);
void p9_put64(struct p9_buf *b, uint64_t v);
void p9_putstr(struct p9_buf *b, const char *s, size_t len);
void p9_putqid(struct p9_buf *b, const struct p9_qid *q);
/* Room for len bytes the caller fills; NULL (and bad) when it lacks. */
uint8_t *p9_reserve(struct p9_buf *b, size_t len);
static inline size_t p9_room(const struct p9_buf *b)
{
	return b->bad ? 0 : b->size - b->pos;
}

/* Fill in size[4] type[1] tag[2] at the start of a built message. */
void p9_finish(struct p9_buf *b, uint8_t type, uint16_t tag);

/*
 * A name as a path element: 1..255 bytes, no NUL, no '/'; copied with its
 * NUL into out. "." and ".." pass (callers decide). Negative errno.
 */
int p9_name(const struct p9_str *s, char out[P9_NAME_MAX + 1]);

/* ---- p9_fs.c: fids and the host side ---- */

enum p9_fid_kind {
	P9_FID_FILE,		/* a file, directory or link of the export */
	P9_FID_XATTR_READ,	/* Txattrwalk's value or list, read with Tread */
	P9_FID_XATTR_WRITE,	/* Txattrcreate's value, written with Twrite */
};

struct p9_fid {
	uint32_t num;
	enum p9_fid_kind kind;
	int fd;			/* O_PATH | O_NOFOLLOW: the file itself */
	int open_fd;		/* after Tlopen/Tlcreate, else -1 */
	uint32_t uid;		/* Tattach's n_uname: owner of what it creates */
	char *path;		/* from the export's root, "" for the root */
	/* xattr fids */
	char *xname;
	uint8_t *xbuf;
	uint64_t xsize;
	int xflags;
	struct p9_fid *next;	/* hash chain */
};

#define P9_FID_BUCKETS	1024

struct p9_server {
	struct p9_export conf;	/* path and tag copied */
	int root_fd;		/* O_PATH of the exported directory */
	int proc_fd;		/* O_PATH of /proc/self/fd: reopen an O_PATH fd */
	dev_t root_dev;
	uint32_t msize;
	struct p9_fid *fids[P9_FID_BUCKETS];
	unsigned int nfids, max_fids;
};

struct p9_fid *p9_fid_get(struct p9_server *s, uint32_t num);
/* A new FILE fid num (must be free), taking over fd and path. */
int p9_fid_add(struct p9_server *s, uint32_t num, int fd, char *path,
	       uint32_t uid, struct p9_fid **out);
void p9_fid_drop(struct p9_server *s, uint32_t num);
void p9_fid_drop_all(struct p9_server *s);

/* "/proc/self/fd/N" for fd, the path the xattr and chmod calls take. */
void p9_fd_path(int fd, char out[32]);
/* Reopen an O_PATH fd with open(2) flags (through /proc/self/fd). */
int p9_reopen(const struct p9_server *s, int fd, int flags);
/* One element below dir (never a symlink followed): an O_PATH fd or -errno. */
int p9_open_at(int dirfd, const char *name);
/* Walk a fid path from the root, element by element; fd or -errno. */
int p9_open_path(const struct p9_server *s, const char *path);
/* parent path + "/" + name, or NULL (ENAMETOOLONG/ENOMEM in *ret). */
char *p9_path_join(const char *parent, const char *name, int *ret);

/* The attributes the guest sees (mapped-xattr: from user.virtfs.*). */
int p9_stat(const struct p9_server *s, int fd, struct stat *st);
void p9_qid_of(const struct p9_server *s, const struct stat *st,
	       struct p9_qid *q);

/*
 * The guest's ownership and mode for a file just created at fd (O_PATH
 * or open): chown/chmod (passthrough, none) or user.virtfs.* (mapped).
 * rdev only for mknod.
 */
int p9_set_cred(const struct p9_server *s, int fd, uint32_t uid, uint32_t gid,
		uint32_t mode, uint64_t rdev);
/* Host mode bits a new file or directory gets. */
mode_t p9_host_mode(const struct p9_server *s, uint32_t mode, bool dir);
/* mapped-xattr: the guest's chmod/chown on an existing file. */
int p9_mapped_setattr(const struct p9_server *s, int fd, const struct stat *cur,
		      uint32_t valid, uint32_t mode, uint32_t uid, uint32_t gid);
/* Is name one of the mapped model's own xattrs (user.virtfs.*)? */
bool p9_xattr_reserved(const struct p9_server *s, const char *name);

/* ---- p9_ops*.c: request handlers ---- */

/* One request: its fields to read (after the header) and the reply. */
struct p9_ctx {
	struct p9_server *s;
	struct p9_buf *in;
	struct p9_buf *out;
	uint16_t tag;
};

/* A handler: 0 with the reply body built, or a negative errno (Rlerror). */
typedef int (*p9_op_fn)(struct p9_ctx *c);

int p9_op_version(struct p9_ctx *c);
int p9_op_attach(struct p9_ctx *c);
int p9_op_auth(struct p9_ctx *c);
int p9_op_walk(struct p9_ctx *c);
int p9_op_clunk(struct p9_ctx *c);
int p9_op_flush(struct p9_ctx *c);
int p9_op_statfs(struct p9_ctx *c);
int p9_op_getattr(struct p9_ctx *c);
int p9_op_setattr(struct p9_ctx *c);
/* p9_ops_io.c */
int p9_op_lopen(struct p9_ctx *c);
int p9_op_lcreate(struct p9_ctx *c);
int p9_op_read(struct p9_ctx *c);
int p9_op_write(struct p9_ctx *c);
int p9_op_readdir(struct p9_ctx *c);
int p9_op_fsync(struct p9_ctx *c);
int p9_op_lock(struct p9_ctx *c);
int p9_op_getlock(struct p9_ctx *c);
/* p9_ops_ns.c */
int p9_op_mkdir(struct p9_ctx *c);
int p9_op_symlink(struct p9_ctx *c);
int p9_op_mknod(struct p9_ctx *c);
int p9_op_link(struct p9_ctx *c);
int p9_op_readlink(struct p9_ctx *c);
int p9_op_rename(struct p9_ctx *c);
int p9_op_renameat(struct p9_ctx *c);
int p9_op_unlinkat(struct p9_ctx *c);
int p9_op_remove(struct p9_ctx *c);
/* p9_ops_xattr.c */
int p9_op_xattrwalk(struct p9_ctx *c);
int p9_op_xattrcreate(struct p9_ctx *c);
/* An xattr fid's Tread/Twrite, and its Tclunk (which sets the value). */
int p9_xattr_read(struct p9_ctx *c, struct p9_fid *f, uint64_t off, uint32_t count);
int p9_xattr_write(struct p9_fid *f, uint64_t off, const uint8_t *data,
		   uint32_t count);
int p9_xattr_commit(struct p9_server *s, struct p9_fid *f);

/* Shared by the handlers: a FILE fid, or -EBADF. */
int p9_file_fid(struct p9_ctx *c, uint32_t num, struct p9_fid **f);
/* Reply a qid for fd's file. */
int p9_reply_qid(struct p9_ctx *c, int fd);
/* The request's fields were all present. */
static inline int p9_parsed(const struct p9_ctx *c)
{
	return c->in->bad ? -EINVAL : 0;
}

#endif
