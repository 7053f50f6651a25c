// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of the 9p server: fids and how a guest's names reach
 * host files without leaving the exported directory.
 *
 * Confinement: every fid holds an O_PATH descriptor of its file. A name
 * from the guest is one path element (p9_name: no '/', no NUL) and is
 * opened below its directory's descriptor with O_PATH | O_NOFOLLOW, so a
 * symlink is never followed on the host (the guest reads it with
 * Treadlink and resolves it in its own namespace); ".." is never given to
 * the host: a walk to ".." re-walks the fid's path from the root without
 * its last element. I/O reopens the O_PATH descriptor through
 * /proc/self/fd (the inode it names, not a path lookup), as virtiofsd
 * does; open-by-handle is never used.
 *
 * Security models (QEMU's docs, "-fsdev security_model="): passthrough
 * and none chown/chmod what the guest creates (none ignores chown
 * failures); mapped-xattr creates files with the server's credentials
 * and keeps the guest's uid, gid, mode and rdev in user.virtfs.uid,
 * .gid, .mode (le32) and .rdev (le64), the names and layout QEMU's
 * 9p-local uses, so a directory shared with QEMU reads the same.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "p9.h"

static unsigned int p9_bucket(uint32_t num)
{
	return (num ^ (num >> 8) ^ (num >> 16)) % P9_FID_BUCKETS;
}

struct p9_fid *p9_fid_get(struct p9_server *s, uint32_t num)
{
	struct p9_fid *f = s->fids[p9_bucket(num)];

	while (f && f->num != num)
		f = f->next;
	return f;
}

int p9_fid_add(struct p9_server *s, uint32_t num, int fd, char *path,
	       uint32_t uid, struct p9_fid **out)
{
	struct p9_fid *f;
	unsigned int b = p9_bucket(num);

	if (num == P9_NOFID || p9_fid_get(s, num))
		return -EINVAL;		/* QEMU's answer to a fid in use */
	if (s->nfids >= s->max_fids)
		return -EMFILE;
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	*f = (struct p9_fid){ .num = num, .kind = P9_FID_FILE, .fd = fd,
			      .open_fd = -1, .uid = uid, .path = path,
			      .next = s->fids[b] };
	s->fids[b] = f;
	s->nfids++;
	if (out)
		*out = f;
	return 0;
}

static void p9_fid_free(struct p9_fid *f)
{
	if (f->fd >= 0)
		close(f->fd);
	if (f->open_fd >= 0)
		close(f->open_fd);
	free(f->path);
	free(f->xname);
	free(f->xbuf);
	free(f);
}

void p9_fid_drop(struct p9_server *s, uint32_t num)
{
	struct p9_fid **pp = &s->fids[p9_bucket(num)];

	while (*pp && (*pp)->num != num)
		pp = &(*pp)->next;
	if (*pp) {
		struct p9_fid *f = *pp;

		*pp = f->next;
		p9_fid_free(f);
		s->nfids--;
	}
}

void p9_fid_drop_all(struct p9_server *s)
{
	for (unsigned int b = 0; b < P9_FID_BUCKETS; b++) {
		while (s->fids[b]) {
			struct p9_fid *f = s->fids[b];

			s->fids[b] = f->next;
			p9_fid_free(f);
		}
	}
	s->nfids = 0;
}

void p9_fd_path(int fd, char out[32])
{
	snprintf(out, 32, "/proc/self/fd/%d", fd);
}

int p9_reopen(const struct p9_server *s, int fd, int flags)
{
	char name[16];
	int r;

	snprintf(name, sizeof(name), "%d", fd);
	/* The magic link names the inode fd holds; a symlink gives ELOOP. */
	r = openat(s->proc_fd, name, flags | O_CLOEXEC | O_NOCTTY);
	return r < 0 ? -errno : r;
}

int p9_open_at(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int p9_open_path(const struct p9_server *s, const char *path)
{
	char elem[P9_NAME_MAX + 1];
	int fd = p9_open_at(s->root_fd, ".");

	while (fd >= 0 && *path) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);
		int next;

		if (len == 0 || len > P9_NAME_MAX) {
			close(fd);
			return -ENOENT;
		}
		memcpy(elem, path, len);
		elem[len] = '\0';
		/* Kept paths hold checked names only; never step up, whatever. */
		next = strcmp(elem, ".") && strcmp(elem, "..") ? p9_open_at(fd, elem) : -ENOENT;
		close(fd);
		fd = next;
		path += len + (slash ? 1 : 0);
	}
	return fd;
}

char *p9_path_join(const char *parent, const char *name, int *ret)
{
	size_t pl = strlen(parent), nl = strlen(name);
	char *p;

	if (pl + nl + 2 > P9_PATH_MAX) {
		*ret = -ENAMETOOLONG;
		return NULL;
	}
	p = malloc(pl + nl + 2);
	if (!p) {
		*ret = -ENOMEM;
		return NULL;
	}
	memcpy(p, parent, pl);
	if (pl)
		p[pl++] = '/';
	memcpy(p + pl, name, nl + 1);
	*ret = 0;
	return p;
}

/* ---- mapped-xattr's attributes ---- */

#define P9_XA_UID	"user.virtfs.uid"
#define P9_XA_GID	"user.virtfs.gid"
#define P9_XA_MODE	"user.virtfs.mode"
#define P9_XA_RDEV	"user.virtfs.rdev"
#define P9_XA_PREFIX	"user.virtfs."

static bool p9_mapped(const struct p9_server *s)
{
	return s->conf.model == P9_MODEL_MAPPED_XATTR;
}

bool p9_xattr_reserved(const struct p9_server *s, const char *name)
{
	return p9_mapped(s) && !strncmp(name, P9_XA_PREFIX, strlen(P9_XA_PREFIX));
}

/* An le32/le64 attribute of the file behind fd; false when absent. */
static bool p9_xa_get(int fd, const char *name, uint64_t *v, size_t size)
{
	char path[32];
	uint8_t raw[8];

	p9_fd_path(fd, path);
	if (getxattr(path, name, raw, size) != (ssize_t)size)
		return false;
	*v = 0;
	for (size_t i = 0; i < size; i++)
		*v |= (uint64_t)raw[i] << (8 * i);
	return true;
}

static int p9_xa_set(int fd, const char *name, uint64_t v, size_t size)
{
	char path[32];
	uint8_t raw[8];

	for (size_t i = 0; i < size; i++)
		raw[i] = (uint8_t)(v >> (8 * i));
	p9_fd_path(fd, path);
	return setxattr(path, name, raw, size, 0) < 0 ? -errno : 0;
}

int p9_stat(const struct p9_server *s, int fd, struct stat *st)
{
	uint64_t v;

	if (fstatat(fd, "", st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (!p9_mapped(s) || S_ISLNK(st->st_mode))
		return 0;		/* no user xattrs on host symlinks */
	if (p9_xa_get(fd, P9_XA_UID, &v, 4))
		st->st_uid = (uid_t)v;
	if (p9_xa_get(fd, P9_XA_GID, &v, 4))
		st->st_gid = (gid_t)v;
	if (p9_xa_get(fd, P9_XA_MODE, &v, 4))
		st->st_mode = (mode_t)v;
	if (p9_xa_get(fd, P9_XA_RDEV, &v, 8))
		st->st_rdev = (dev_t)v;
	return 0;
}

void p9_qid_of(const struct p9_server *s, const struct stat *st,
	       struct p9_qid *q)
{
	q->type = S_ISDIR(st->st_mode) ? P9_QTDIR :
		  S_ISLNK(st->st_mode) ? P9_QTSYMLINK : P9_QTFILE;
	/* Changes when the file does, as QEMU's stat_to_qid: mtime and size. */
	q->version = (uint32_t)(st->st_mtime ^ (st->st_size << 8));
	q->path = (uint64_t)st->st_ino;
	/* Another file system mounted inside: keep its inodes apart. */
	if (st->st_dev != s->root_dev)
		q->path ^= (uint64_t)st->st_dev << 48 | 1ULL << 63;
}

mode_t p9_host_mode(const struct p9_server *s, uint32_t mode, bool dir)
{
	if (p9_mapped(s))
		return dir ? s->conf.dmode : s->conf.fmode;
	return mode & 07777;
}

int p9_set_cred(const struct p9_server *s, int fd, uint32_t uid, uint32_t gid,
		uint32_t mode, uint64_t rdev)
{
	char path[32];
	int ret;

	if (p9_mapped(s)) {
		ret = p9_xa_set(fd, P9_XA_UID, uid, 4);
		if (!ret)
			ret = p9_xa_set(fd, P9_XA_GID, gid, 4);
		if (!ret)
			ret = p9_xa_set(fd, P9_XA_MODE, mode, 4);
		if (!ret && rdev)
			ret = p9_xa_set(fd, P9_XA_RDEV, rdev, 8);
		return ret;
	}
	if (fchownat(fd, "", uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0 &&
	    s->conf.model != P9_MODEL_NONE)
		return -errno;
	if (S_ISLNK(mode))
		return 0;		/* a symlink's mode cannot change */
	/* The mode as asked, whatever our umask took from it. */
	p9_fd_path(fd, path);
	return fchmodat(AT_FDCWD, path, mode & 07777, 0) < 0 ? -errno : 0;
}

int p9_mapped_setattr(const struct p9_server *s, int fd, const struct stat *cur,
		      uint32_t valid, uint32_t mode, uint32_t uid, uint32_t gid)
{
	int ret = 0;

	(void)s;
	if (valid & P9_ATTR_MODE)
		ret = p9_xa_set(fd, P9_XA_MODE, (cur->st_mode & S_IFMT) | (mode & 07777), 4);
	if (!ret && (valid & P9_ATTR_UID) && uid != (uint32_t)-1)
		ret = p9_xa_set(fd, P9_XA_UID, uid, 4);
	if (!ret && (valid & P9_ATTR_GID) && gid != (uint32_t)-1)
		ret = p9_xa_set(fd, P9_XA_GID, gid, 4);
	return ret;
}

/* ---- the server ---- */

/* How many fids the descriptor limit leaves room for (two fds each). */
static unsigned int p9_fid_budget(void)
{
	struct rlimit rl;
	rlim_t n;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
		return P9_MAX_FIDS;
	n = rl.rlim_cur > P9_FD_RESERVE ? (rl.rlim_cur - P9_FD_RESERVE) / 2 : 0;
	return n < P9_MIN_FIDS ? P9_MIN_FIDS : n > P9_MAX_FIDS ? P9_MAX_FIDS : (unsigned int)n;
}

static int p9_server_open(struct p9_server *s, struct av_err *err)
{
	struct stat st;

	s->root_fd = open(s->conf.path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (s->root_fd < 0)
		return av_errf_errno(err, errno,
				     "cannot initialize fsdev '%s': failed to open '%s'",
				     s->conf.id, s->conf.path);
	if (fstat(s->root_fd, &st) < 0)
		return av_errf_errno(err, errno, "fsdev '%s': %s", s->conf.id,
				     s->conf.path);
	s->root_dev = st.st_dev;
	s->proc_fd = open("/proc/self/fd", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (s->proc_fd < 0)
		return av_errf_errno(err, errno,
				     "fsdev '%s': the 9p server needs /proc/self/fd",
				     s->conf.id);
	return 0;
}

struct p9_server *p9_server_create(const struct p9_export *conf,
				   struct av_err *err)
{
	struct p9_server *s = calloc(1, sizeof(*s));

	if (!s) {
		av_errf(err, ENOMEM, "out of memory");
		return NULL;
	}
	s->conf = *conf;
	s->conf.id = strdup(conf->id ? conf->id : "");
	s->conf.path = strdup(conf->path);
	s->root_fd = s->proc_fd = -1;
	s->msize = P9_MAX_MSIZE;
	s->max_fids = p9_fid_budget();
	if (!s->conf.id || !s->conf.path) {
		av_errf(err, ENOMEM, "out of memory");
		p9_server_destroy(s);
		return NULL;
	}
	if (p9_server_open(s, err)) {
		p9_server_destroy(s);
		return NULL;
	}
	return s;
}

void p9_server_reset(struct p9_server *s)
{
	p9_fid_drop_all(s);
	s->msize = P9_MAX_MSIZE;
}

void p9_server_destroy(struct p9_server *s)
{
	if (!s)
		return;
	p9_fid_drop_all(s);
	if (s->root_fd >= 0)
		close(s->root_fd);
	if (s->proc_fd >= 0)
		close(s->proc_fd);
	free((char *)s->conf.id);
	free((char *)s->conf.path);
	free(s);
}
