// SPDX-License-Identifier: GPL-2.0
/*
 * Opening, reading and writing: Tlopen, Tlcreate, Tread, Twrite,
 * Treaddir, Tfsync, Tlock, Tgetlock (include/net/9p/9p.h formats).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p9.h"

/*
 * 9P2000.L open flags are Linux's generic values (P9_DOTL_*), not the
 * host's: translate the ones that mean something here. O_DIRECT, O_NOATIME
 * and O_CREAT/O_EXCL (Tlcreate's business) are dropped, as QEMU does.
 */
static int p9_host_flags(uint32_t fl)
{
	static const struct { uint32_t dotl; int host; } map[] = {
		{ P9_DOTL_TRUNC, O_TRUNC }, { P9_DOTL_APPEND, O_APPEND },
		{ P9_DOTL_DSYNC, O_DSYNC }, { P9_DOTL_SYNC, O_SYNC },
	};
	int acc = (int)(fl & P9_DOTL_ACCMODE);
	int host = acc == P9_DOTL_WRONLY ? O_WRONLY :
		   acc == P9_DOTL_RDWR ? O_RDWR : O_RDONLY;

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (fl & map[i].dotl)
			host |= map[i].host;
	return host;
}

static bool p9_flags_write(uint32_t fl)
{
	return (fl & P9_DOTL_ACCMODE) != P9_DOTL_RDONLY ||
	       (fl & (P9_DOTL_TRUNC | P9_DOTL_APPEND));
}

/* Rlopen/Rlcreate: qid[13] iounit[4] (0: the client uses msize). */
static int p9_reply_open(struct p9_ctx *c, int fd)
{
	int ret = p9_reply_qid(c, fd);

	if (!ret)
		p9_put32(c->out, 0);
	return ret;
}

/*
 * Only regular files and directories are opened: the guest handles its
 * device nodes, FIFOs and sockets itself (fs/9p/vfs_inode.c, init_special_inode),
 * and opening a host device node or FIFO from here would reach the host's
 * device or block the server.
 */
int p9_op_lopen(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in), fl = p9_get32(c->in);
	struct p9_fid *f;
	struct stat st;
	int ret = p9_parsed(c), fd;

	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (!ret && f->open_fd >= 0)
		ret = -EBADF;
	if (!ret && fstatat(f->fd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0)
		ret = -errno;
	if (ret)
		return ret;
	if (c->s->conf.readonly && p9_flags_write(fl))
		return -EROFS;
	if (S_ISDIR(st.st_mode))
		fd = p9_reopen(c->s, f->fd, O_RDONLY | O_DIRECTORY);
	else if (S_ISREG(st.st_mode))
		fd = p9_reopen(c->s, f->fd, p9_host_flags(fl));
	else
		return S_ISLNK(st.st_mode) ? -ELOOP : -EPERM;
	if (fd < 0)
		return fd;
	ret = p9_reply_open(c, f->fd);
	if (ret) {
		close(fd);
		return ret;
	}
	f->open_fd = fd;
	return 0;
}

/*
 * Create name below dir, open, with the guest's owner and mode: the fd, or
 * -errno. O_EXCL always: the chown after it never meets an older file.
 */
static int p9_lcreate_file(struct p9_ctx *c, const struct p9_fid *dir,
			   const char *name, uint32_t fl, uint32_t mode, uint32_t gid)
{
	int fd = openat(dir->fd, name, p9_host_flags(fl) | O_CREAT | O_EXCL |
			O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, p9_host_mode(c->s, mode, false));
	int ret;

	if (fd < 0)
		return -errno;
	ret = p9_set_cred(c->s, fd, dir->uid, gid, S_IFREG | (mode & 07777), 0);
	if (ret) {
		close(fd);
		unlinkat(dir->fd, name, 0);
		return ret;
	}
	return fd;
}

/* Tlcreate fid[4] name[s] flags[4] mode[4] gid[4]: fid becomes the new open file. */
int p9_op_lcreate(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in), fl, mode, gid;
	struct p9_str ns = p9_getstr(c->in);
	char name[P9_NAME_MAX + 1], *path = NULL;
	struct p9_fid *f;
	int ret, fd, pfd = -1;

	fl = p9_get32(c->in);
	mode = p9_get32(c->in);
	gid = p9_get32(c->in);
	ret = p9_parsed(c);
	if (!ret)
		ret = p9_name(&ns, name);
	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (!ret && f->open_fd >= 0)
		ret = -EBADF;
	if (!ret && (!strcmp(name, ".") || !strcmp(name, "..")))
		ret = -EEXIST;
	if (!ret && c->s->conf.readonly)
		ret = -EROFS;
	if (!ret)
		path = p9_path_join(f->path, name, &ret);
	if (ret)
		return ret;
	fd = p9_lcreate_file(c, f, name, fl, mode, gid);
	if (fd >= 0)
		pfd = p9_reopen(c->s, fd, O_PATH);
	ret = fd < 0 ? fd : pfd < 0 ? pfd : p9_reply_open(c, pfd);
	if (ret) {
		if (fd >= 0) {
			close(fd);
			unlinkat(f->fd, name, 0);
		}
		if (pfd >= 0)
			close(pfd);
		free(path);
		return ret;
	}
	close(f->fd);
	free(f->path);
	f->fd = pfd;
	f->open_fd = fd;
	f->path = path;
	return 0;
}

/* Tread fid[4] offset[8] count[4]; Rread count[4] data[count]. */
int p9_op_read(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in), count;
	uint64_t off = p9_get64(c->in);
	struct p9_fid *f;
	uint8_t *cnt, *data;
	ssize_t n;
	int ret;

	count = p9_get32(c->in);
	ret = p9_parsed(c);
	if (ret)
		return ret;
	f = p9_fid_get(c->s, num);
	if (!f)
		return -EBADF;
	if (f->kind == P9_FID_XATTR_READ)
		return p9_xattr_read(c, f, off, count);
	if (f->kind != P9_FID_FILE || f->open_fd < 0)
		return -EBADF;
	if (off > INT64_MAX)
		return -EINVAL;
	cnt = p9_reserve(c->out, 4);
	if (!cnt)
		return -ERANGE;
	if (count > p9_room(c->out))
		count = (uint32_t)p9_room(c->out);
	data = c->out->data + c->out->pos;
	do {
		n = pread(f->open_fd, data, count, (off_t)off);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	c->out->pos += (size_t)n;
	p9_put32(&(struct p9_buf){ .data = cnt, .size = 4 }, (uint32_t)n);
	return 0;
}

/* Twrite fid[4] offset[8] count[4] data[count]; Rwrite count[4]. */
int p9_op_write(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in), count;
	uint64_t off = p9_get64(c->in);
	const uint8_t *data;
	struct p9_fid *f;
	ssize_t n;

	count = p9_get32(c->in);
	data = p9_getbytes(c->in, count);	/* a count past the message: bad */
	if (c->in->bad)
		return -EINVAL;
	f = p9_fid_get(c->s, num);
	if (!f)
		return -EBADF;
	if (f->kind == P9_FID_XATTR_WRITE) {
		int ret = p9_xattr_write(f, off, data, count);

		if (!ret)
			p9_put32(c->out, count);
		return ret;
	}
	if (f->kind != P9_FID_FILE || f->open_fd < 0)
		return -EBADF;
	if (c->s->conf.readonly)
		return -EROFS;
	if (off > INT64_MAX)
		return -EINVAL;
	do {
		n = pwrite(f->open_fd, data, count, (off_t)off);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (c->s->conf.writeout_immediate && fdatasync(f->open_fd) < 0)
		return -errno;
	p9_put32(c->out, (uint32_t)n);
	return 0;
}

/* One Rreaddir entry: qid[13] offset[8] type[1] name[s]; false: no room. */
static bool p9_dirent_put(struct p9_ctx *c, const struct dirent64 *d)
{
	size_t len = strlen(d->d_name);
	struct p9_qid q = {
		.type = d->d_type == DT_DIR ? P9_QTDIR :
			d->d_type == DT_LNK ? P9_QTSYMLINK : P9_QTFILE,
		.path = d->d_ino,
	};

	if (P9_QID_SIZE + 8 + 1 + 2 + len > p9_room(c->out))
		return false;
	p9_putqid(c->out, &q);
	p9_put64(c->out, (uint64_t)d->d_off);
	p9_put8(c->out, d->d_type);
	p9_putstr(c->out, d->d_name, len);
	return true;
}

/* Entries from the host's getdents64 until count bytes are filled. */
static int p9_readdir_fill(struct p9_ctx *c, int fd, uint32_t count)
{
	char buf[8192] __attribute__((aligned(8)));
	bool full = false;
	ssize_t n;

	c->out->size = c->out->pos + count;
	while (!full && (n = getdents64(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t pos = 0; pos < n && !full;) {
			const struct dirent64 *d = (const struct dirent64 *)(buf + pos);

			full = !p9_dirent_put(c, d);
			pos += d->d_reclen;
		}
	}
	return n < 0 && !full ? -errno : 0;
}

/*
 * Treaddir fid[4] offset[8] count[4]; Rreaddir count[4] data[count].
 * offset is the d_off of the last entry the guest got (0 at the start):
 * the directory is sought there, so entries that did not fit come first
 * in the next reply.
 */
int p9_op_readdir(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in), count;
	uint64_t off = p9_get64(c->in);
	size_t cnt_at, start, size;
	struct p9_fid *f;
	int ret;

	count = p9_get32(c->in);
	ret = p9_parsed(c);
	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (!ret && f->open_fd < 0)
		ret = -EBADF;
	if (ret)
		return ret;
	if (lseek(f->open_fd, (off_t)off, SEEK_SET) < 0)
		return -errno;
	cnt_at = c->out->pos;
	p9_put32(c->out, 0);
	if (count > p9_room(c->out))
		count = (uint32_t)p9_room(c->out);
	start = c->out->pos;
	size = c->out->size;
	ret = p9_readdir_fill(c, f->open_fd, count);
	c->out->size = size;
	if (ret)
		return ret;
	p9_put32(&(struct p9_buf){ .data = c->out->data + cnt_at, .size = 4 },
		 (uint32_t)(c->out->pos - start));
	return 0;
}

/* Tfsync fid[4] datasync[4]. */
int p9_op_fsync(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in), datasync = p9_get32(c->in);
	struct p9_fid *f;
	int ret = p9_parsed(c);

	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (!ret && f->open_fd < 0)
		ret = -EBADF;
	if (ret)
		return ret;
	if ((datasync ? fdatasync(f->open_fd) : fsync(f->open_fd)) < 0)
		return -errno;
	return 0;
}

/*
 * Tlock fid[4] type[1] flags[4] start[8] length[8] proc_id[4] client_id[s]:
 * as QEMU's server, granted at once. The guest's kernel keeps the locks of
 * its own processes (fs/9p/vfs_file.c takes them locally first); no host
 * process shares them.
 */
int p9_op_lock(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in);
	uint8_t type = p9_get8(c->in);
	struct p9_fid *f;
	int ret;

	p9_get32(c->in);
	p9_get64(c->in);
	p9_get64(c->in);
	p9_get32(c->in);
	p9_getstr(c->in);
	ret = p9_parsed(c);
	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (!ret && type > P9_LOCK_TYPE_UNLCK)
		ret = -EINVAL;
	if (ret)
		return ret;
	p9_put8(c->out, P9_LOCK_SUCCESS);
	return 0;
}

/* Tgetlock fid[4] type[1] start[8] length[8] proc_id[4] client_id[s]: never held. */
int p9_op_getlock(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in), pid;
	uint64_t start, len;
	struct p9_str id;
	struct p9_fid *f;
	int ret;

	p9_get8(c->in);
	start = p9_get64(c->in);
	len = p9_get64(c->in);
	pid = p9_get32(c->in);
	id = p9_getstr(c->in);
	ret = p9_parsed(c);
	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (ret)
		return ret;
	p9_put8(c->out, P9_LOCK_TYPE_UNLCK);
	p9_put64(c->out, start);
	p9_put64(c->out, len);
	p9_put32(c->out, pid);
	p9_putstr(c->out, id.s, id.len);
	return 0;
}
