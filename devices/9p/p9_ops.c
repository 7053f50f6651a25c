// SPDX-License-Identifier: GPL-2.0
/*
 * The 9P2000.L dispatcher and the session, walk and attribute requests
 * (formats: include/net/9p/9p.h and net/9p/client.c, p9_client_*).
 * Errors go back as Rlerror with the host's errno: the guest is Linux,
 * and arm64 and x86-64 Linux share the generic errno values.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <unistd.h>

#include "p9.h"

int p9_file_fid(struct p9_ctx *c, uint32_t num, struct p9_fid **f)
{
	*f = p9_fid_get(c->s, num);
	if (!*f)
		return -EBADF;
	return (*f)->kind == P9_FID_FILE ? 0 : -EINVAL;
}

int p9_reply_qid(struct p9_ctx *c, int fd)
{
	struct stat st;
	struct p9_qid q;
	int ret = p9_stat(c->s, fd, &st);

	if (ret)
		return ret;
	p9_qid_of(c->s, &st, &q);
	p9_putqid(c->out, &q);
	return 0;
}

/* Tversion msize[4] version[s]: a new session, every fid forgotten. */
int p9_op_version(struct p9_ctx *c)
{
	static const char dotl[] = "9P2000.L";
	uint32_t msize = p9_get32(c->in);
	struct p9_str v = p9_getstr(c->in);
	bool ok = v.len >= sizeof(dotl) - 1 && !memcmp(v.s, dotl, sizeof(dotl) - 1);
	int ret = p9_parsed(c);

	if (ret)
		return ret;
	if (msize < P9_MIN_MSIZE)
		return -EINVAL;
	p9_server_reset(c->s);
	c->s->msize = msize < P9_MAX_MSIZE ? msize : P9_MAX_MSIZE;
	p9_put32(c->out, c->s->msize);
	if (ok)
		p9_putstr(c->out, dotl, sizeof(dotl) - 1);
	else
		p9_putstr(c->out, "unknown", 7);
	return 0;
}

/* Tauth: no authentication is offered (attach takes afid = NOFID). */
int p9_op_auth(struct p9_ctx *c)
{
	(void)c;
	return -EOPNOTSUPP;
}

/* Tattach fid[4] afid[4] uname[s] aname[s] n_uname[4]: the export's root. */
int p9_op_attach(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in), uid;
	char *root;
	int fd, ret;

	p9_get32(c->in);
	p9_getstr(c->in);
	p9_getstr(c->in);
	uid = p9_get32(c->in);
	ret = p9_parsed(c);
	if (ret)
		return ret;
	if (p9_fid_get(c->s, num))
		return -EINVAL;
	fd = p9_open_at(c->s->root_fd, ".");
	if (fd < 0)
		return fd;
	ret = p9_reply_qid(c, fd);
	root = ret ? NULL : strdup("");
	if (!ret && !root)
		ret = -ENOMEM;
	if (!ret)
		ret = p9_fid_add(c->s, num, fd, root, uid, NULL);
	if (ret) {
		close(fd);
		free(root);
	}
	return ret;
}

/* One walk step from fd/path by name: the next fd and path, or -errno. */
static int p9_walk_one(struct p9_server *s, int *fd, char **path,
		       const char *name)
{
	char *next;
	int nfd, ret = 0;

	if (!strcmp(name, "."))
		return 0;
	if (!strcmp(name, "..")) {
		/* Never the host's "..": the fid's path without its last name. */
		char *slash = strrchr(*path, '/');

		next = strndup(*path, slash ? (size_t)(slash - *path) : 0);
		if (!next)
			return -ENOMEM;
		nfd = p9_open_path(s, next);
	} else {
		next = p9_path_join(*path, name, &ret);
		if (!next)
			return ret;
		nfd = p9_open_at(*fd, name);
	}
	if (nfd < 0) {
		free(next);
		return nfd;
	}
	close(*fd);
	free(*path);
	*fd = nfd;
	*path = next;
	return 0;
}

/* Read the walk's names; 0, or -errno for a malformed or illegal one. */
static int p9_walk_names(struct p9_ctx *c, uint16_t n,
			 char names[][P9_NAME_MAX + 1])
{
	int bad = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct p9_str s = p9_getstr(c->in);
		int ret = c->in->bad ? -EINVAL : p9_name(&s, names[i]);

		if (ret && !bad)
			bad = ret;
	}
	return c->in->bad ? -EINVAL : bad;
}

/* Walk from f through names; qids out as they succeed. */
static int p9_walk_from(struct p9_ctx *c, struct p9_fid *f, uint32_t newnum,
			uint16_t n, char names[][P9_NAME_MAX + 1])
{
	size_t count_at = c->out->pos;
	char *path = strdup(f->path);
	int fd = dup(f->fd), ret = 0;
	uint16_t done = 0;

	if (!path || fd < 0)
		ret = path ? -errno : -ENOMEM;
	p9_put16(c->out, 0);
	for (; !ret && done < n; done++) {
		ret = p9_walk_one(c->s, &fd, &path, names[done]);
		if (!ret)
			ret = p9_reply_qid(c, fd);
	}
	if (ret && done > 1) {
		/* A partial walk succeeds with the qids so far; newfid is not made. */
		struct p9_buf cnt = { .data = c->out->data + count_at, .size = 2 };

		p9_put16(&cnt, (uint16_t)(done - 1));
		ret = 0;
		done = 0;
	} else if (!ret) {
		struct p9_buf cnt = { .data = c->out->data + count_at, .size = 2 };

		p9_put16(&cnt, n);
		if (newnum == f->num) {
			close(f->fd);
			free(f->path);
			f->fd = fd;
			f->path = path;
			return 0;
		}
		ret = p9_fid_add(c->s, newnum, fd, path, f->uid, NULL);
		if (!ret)
			return 0;
	}
	if (fd >= 0)
		close(fd);
	free(path);
	return ret;
}

/* Twalk fid[4] newfid[4] nwname[2] nwname*(wname[s]); Rwalk nwqid[2] qid*. */
int p9_op_walk(struct p9_ctx *c)
{
	char names[P9_MAXWELEM][P9_NAME_MAX + 1];
	uint32_t num = p9_get32(c->in), newnum = p9_get32(c->in);
	uint16_t n = p9_get16(c->in);
	struct p9_fid *f;
	int ret;

	if (n > P9_MAXWELEM)
		return -EINVAL;
	ret = p9_walk_names(c, n, names);
	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (!ret && f->open_fd >= 0)
		ret = -EBADF;		/* an open fid cannot walk */
	if (!ret && newnum != num && p9_fid_get(c->s, newnum))
		ret = -EINVAL;
	return ret ? ret : p9_walk_from(c, f, newnum, n, names);
}

/* Tclunk fid[4]: an xattr-create fid sets its value now. */
int p9_op_clunk(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in);
	struct p9_fid *f;
	int ret = p9_parsed(c);

	if (ret)
		return ret;
	f = p9_fid_get(c->s, num);
	if (!f)
		return -EBADF;
	if (f->kind == P9_FID_XATTR_WRITE)
		ret = p9_xattr_commit(c->s, f);
	p9_fid_drop(c->s, num);
	return ret;
}

/*
 * Tflush oldtag[2]: requests are served in order by one thread, so the
 * one named has been answered already (9P: Rflush follows its reply).
 */
int p9_op_flush(struct p9_ctx *c)
{
	p9_get16(c->in);
	return p9_parsed(c);
}

/* Tstatfs fid[4]; Rstatfs type bsize blocks bfree bavail files ffree fsid namelen. */
int p9_op_statfs(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in);
	struct statfs sf;
	struct p9_fid *f;
	int ret = p9_parsed(c);

	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (ret)
		return ret;
	if (fstatfs(f->fd, &sf) < 0)
		return -errno;
	p9_put32(c->out, (uint32_t)sf.f_type);
	p9_put32(c->out, (uint32_t)sf.f_bsize);
	p9_put64(c->out, sf.f_blocks);
	p9_put64(c->out, sf.f_bfree);
	p9_put64(c->out, sf.f_bavail);
	p9_put64(c->out, sf.f_files);
	p9_put64(c->out, sf.f_ffree);
	p9_put64(c->out, (uint64_t)(uint32_t)sf.f_fsid.__val[0] |
			 (uint64_t)(uint32_t)sf.f_fsid.__val[1] << 32);
	p9_put32(c->out, (uint32_t)sf.f_namelen);
	return 0;
}

/* Tgetattr fid[4] request_mask[8]: the basic set, whatever was asked. */
int p9_op_getattr(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in);
	struct p9_fid *f;
	struct stat st;
	struct p9_qid q;
	int ret;

	p9_get64(c->in);
	ret = p9_parsed(c);
	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (!ret)
		ret = p9_stat(c->s, f->fd, &st);
	if (ret)
		return ret;
	p9_qid_of(c->s, &st, &q);
	p9_put64(c->out, P9_STATS_BASIC);
	p9_putqid(c->out, &q);
	p9_put32(c->out, st.st_mode);
	p9_put32(c->out, st.st_uid);
	p9_put32(c->out, st.st_gid);
	p9_put64(c->out, st.st_nlink);
	p9_put64(c->out, st.st_rdev);
	p9_put64(c->out, (uint64_t)st.st_size);
	p9_put64(c->out, (uint64_t)st.st_blksize);
	p9_put64(c->out, (uint64_t)st.st_blocks);
	p9_put64(c->out, (uint64_t)st.st_atim.tv_sec);
	p9_put64(c->out, (uint64_t)st.st_atim.tv_nsec);
	p9_put64(c->out, (uint64_t)st.st_mtim.tv_sec);
	p9_put64(c->out, (uint64_t)st.st_mtim.tv_nsec);
	p9_put64(c->out, (uint64_t)st.st_ctim.tv_sec);
	p9_put64(c->out, (uint64_t)st.st_ctim.tv_nsec);
	for (int i = 0; i < 4; i++)	/* btime, gen, data_version: not kept */
		p9_put64(c->out, 0);
	return 0;
}

struct p9_setattr {
	uint32_t valid, mode, uid, gid;
	uint64_t size;
	struct timespec atime, mtime;
};

/* ATIME without ATIME_SET is "now" (fs/9p/vfs_inode_dotl.c, v9fs_vfs_setattr_dotl). */
static struct timespec p9_time(uint32_t valid, uint32_t bit, uint32_t set_bit,
			       uint64_t sec, uint64_t nsec)
{
	if (!(valid & bit))
		return (struct timespec){ .tv_nsec = UTIME_OMIT };
	if (!(valid & set_bit))
		return (struct timespec){ .tv_nsec = UTIME_NOW };
	if (nsec >= 1000000000ULL)
		nsec = 999999999;
	return (struct timespec){ .tv_sec = (time_t)sec, .tv_nsec = (long)nsec };
}

static int p9_setattr_owner(struct p9_server *s, int fd, const struct p9_setattr *a)
{
	uid_t uid = (a->valid & P9_ATTR_UID) ? a->uid : (uid_t)-1;
	gid_t gid = (a->valid & P9_ATTR_GID) ? a->gid : (gid_t)-1;

	if (uid == (uid_t)-1 && gid == (gid_t)-1)
		return 0;
	if (fchownat(fd, "", uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0 &&
	    s->conf.model != P9_MODEL_NONE)
		return -errno;
	return 0;
}

/* QEMU's order: mode, times, owner, size. */
static int p9_setattr_apply(struct p9_server *s, int fd, const struct p9_setattr *a)
{
	struct timespec ts[2] = { a->atime, a->mtime };
	struct stat st;
	char path[32];
	int ret = p9_stat(s, fd, &st);

	p9_fd_path(fd, path);
	if (!ret && s->conf.model == P9_MODEL_MAPPED_XATTR)
		ret = p9_mapped_setattr(s, fd, &st, a->valid, a->mode, a->uid, a->gid);
	else if (!ret && (a->valid & P9_ATTR_MODE) && !S_ISLNK(st.st_mode) &&
		 fchmodat(AT_FDCWD, path, a->mode & 07777, 0) < 0)
		ret = -errno;
	if (!ret && (ts[0].tv_nsec != UTIME_OMIT || ts[1].tv_nsec != UTIME_OMIT) &&
	    utimensat(AT_FDCWD, path, ts, 0) < 0)
		ret = -errno;
	if (!ret && s->conf.model != P9_MODEL_MAPPED_XATTR)
		ret = p9_setattr_owner(s, fd, a);
	if (!ret && (a->valid & P9_ATTR_SIZE)) {
		if (S_ISDIR(st.st_mode))
			return -EISDIR;
		if (a->size > INT64_MAX)
			return -EFBIG;
		if (truncate(path, (off_t)a->size) < 0)
			ret = -errno;
	}
	return ret;
}

/* Tsetattr fid[4] valid[4] mode[4] uid[4] gid[4] size[8] atime[8+8] mtime[8+8]. */
int p9_op_setattr(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in);
	struct p9_setattr a;
	uint64_t as, an, ms, mn;
	struct p9_fid *f;
	int ret;

	a.valid = p9_get32(c->in);
	a.mode = p9_get32(c->in);
	a.uid = p9_get32(c->in);
	a.gid = p9_get32(c->in);
	a.size = p9_get64(c->in);
	as = p9_get64(c->in);
	an = p9_get64(c->in);
	ms = p9_get64(c->in);
	mn = p9_get64(c->in);
	ret = p9_parsed(c);
	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (ret)
		return ret;
	if (c->s->conf.readonly)
		return -EROFS;
	a.atime = p9_time(a.valid, P9_ATTR_ATIME, P9_ATTR_ATIME_SET, as, an);
	a.mtime = p9_time(a.valid, P9_ATTR_MTIME, P9_ATTR_MTIME_SET, ms, mn);
	return p9_setattr_apply(c->s, f->fd, &a);
}

/* ---- dispatch ---- */

static const p9_op_fn p9_ops[256] = {
	[P9_TSTATFS] = p9_op_statfs, [P9_TLOPEN] = p9_op_lopen,
	[P9_TLCREATE] = p9_op_lcreate, [P9_TSYMLINK] = p9_op_symlink,
	[P9_TMKNOD] = p9_op_mknod, [P9_TRENAME] = p9_op_rename,
	[P9_TREADLINK] = p9_op_readlink, [P9_TGETATTR] = p9_op_getattr,
	[P9_TSETATTR] = p9_op_setattr, [P9_TXATTRWALK] = p9_op_xattrwalk,
	[P9_TXATTRCREATE] = p9_op_xattrcreate, [P9_TREADDIR] = p9_op_readdir,
	[P9_TFSYNC] = p9_op_fsync, [P9_TLOCK] = p9_op_lock,
	[P9_TGETLOCK] = p9_op_getlock, [P9_TLINK] = p9_op_link,
	[P9_TMKDIR] = p9_op_mkdir, [P9_TRENAMEAT] = p9_op_renameat,
	[P9_TUNLINKAT] = p9_op_unlinkat, [P9_TVERSION] = p9_op_version,
	[P9_TAUTH] = p9_op_auth, [P9_TATTACH] = p9_op_attach,
	[P9_TFLUSH] = p9_op_flush, [P9_TWALK] = p9_op_walk,
	[P9_TREAD] = p9_op_read, [P9_TWRITE] = p9_op_write,
	[P9_TCLUNK] = p9_op_clunk, [P9_TREMOVE] = p9_op_remove,
};

static size_t p9_lerror(struct p9_buf *out, uint16_t tag, int err)
{
	out->pos = P9_HDR_SIZE;
	out->bad = false;
	p9_put32(out, (uint32_t)-err);
	if (out->bad)
		return 0;
	p9_finish(out, P9_RLERROR, tag);
	return out->pos;
}

size_t p9_server_handle(struct p9_server *s, const uint8_t *req, size_t len,
			uint8_t *reply, size_t cap)
{
	struct p9_buf in = { .data = (uint8_t *)req, .size = len };
	struct p9_buf out = { .data = reply, .size = cap };
	uint32_t size = p9_get32(&in);
	uint8_t type = p9_get8(&in);
	struct p9_ctx c = { .s = s, .in = &in, .out = &out };
	int ret;

	c.tag = p9_get16(&in);
	if (in.bad || cap < P9_HDR_SIZE)
		return 0;
	if (cap > s->msize)
		out.size = s->msize;
	/* The size field bounds the message; a larger one is malformed. */
	if (size < P9_HDR_SIZE || size > len)
		return p9_lerror(&out, c.tag, -EINVAL);
	in.size = size;
	out.pos = P9_HDR_SIZE;
	if (!(type & 1) && p9_ops[type])
		ret = p9_ops[type](&c);
	else
		ret = -EOPNOTSUPP;
	if (!ret && out.bad)
		ret = -ERANGE;		/* the reply does not fit the guest's buffer */
	if (ret)
		return p9_lerror(&out, c.tag, ret);
	p9_finish(&out, (uint8_t)(type + 1), c.tag);
	return out.pos;
}
