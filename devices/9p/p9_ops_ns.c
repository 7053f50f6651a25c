// SPDX-License-Identifier: GPL-2.0
/*
 * The name space: Tmkdir, Tsymlink, Tmknod, Tlink, Treadlink, Trenameat,
 * Tunlinkat, and the fid-based Trename and Tremove that Linux falls back
 * to (fs/9p/vfs_inode.c v9fs_remove, v9fs_vfs_rename). Every new name is
 * one element below a directory fid (p9_name), created with the *at calls
 * relative to that fid's O_PATH descriptor.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "p9.h"

/* The directory fid and the new name of a create request; -errno. */
static int p9_create_target(struct p9_ctx *c, uint32_t dnum,
			    const struct p9_str *ns, char *name,
			    struct p9_fid **dir)
{
	int ret = p9_parsed(c);

	if (!ret)
		ret = p9_name(ns, name);
	if (!ret)
		ret = p9_file_fid(c, dnum, dir);
	if (!ret && (!strcmp(name, ".") || !strcmp(name, "..")))
		ret = -EEXIST;
	if (!ret && c->s->conf.readonly)
		ret = -EROFS;
	return ret;
}

/*
 * After the host made name below dir: give it the guest's owner and mode
 * and reply its qid; undo the creation when that fails.
 */
static int p9_created(struct p9_ctx *c, struct p9_fid *dir, const char *name,
		      uint32_t gid, uint32_t mode, uint64_t rdev)
{
	int fd = p9_open_at(dir->fd, name), ret = fd < 0 ? fd : 0;

	if (!ret)
		ret = p9_set_cred(c->s, fd, dir->uid, gid, mode, rdev);
	if (!ret)
		ret = p9_reply_qid(c, fd);
	if (fd >= 0)
		close(fd);
	if (ret)
		unlinkat(dir->fd, name, S_ISDIR(mode) ? AT_REMOVEDIR : 0);
	return ret;
}

/* Tmkdir dfid[4] name[s] mode[4] gid[4]; Rmkdir qid. */
int p9_op_mkdir(struct p9_ctx *c)
{
	uint32_t dnum = p9_get32(c->in), mode, gid;
	struct p9_str ns = p9_getstr(c->in);
	char name[P9_NAME_MAX + 1];
	struct p9_fid *dir;
	int ret;

	mode = p9_get32(c->in);
	gid = p9_get32(c->in);
	ret = p9_create_target(c, dnum, &ns, name, &dir);
	if (ret)
		return ret;
	if (mkdirat(dir->fd, name, p9_host_mode(c->s, mode, true)) < 0)
		return -errno;
	return p9_created(c, dir, name, gid, S_IFDIR | (mode & 07777), 0);
}

/* A regular host file standing for a special one (mapped-xattr). */
static int p9_mapped_file(struct p9_ctx *c, struct p9_fid *dir,
			  const char *name, const char *data, size_t len)
{
	int fd = openat(dir->fd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW |
			O_CLOEXEC, p9_host_mode(c->s, 0, false));
	ssize_t n = 0;

	if (fd < 0)
		return -errno;
	if (len)
		n = write(fd, data, len);
	close(fd);
	if (n < 0 || (size_t)n != len) {
		unlinkat(dir->fd, name, 0);
		return n < 0 ? -errno : -EIO;
	}
	return 0;
}

/*
 * Tsymlink fid[4] name[s] symtgt[s] gid[4]; Rsymlink qid. The target is
 * stored as given and never followed on the host. mapped-xattr keeps it
 * as a regular file holding the target, mode S_IFLNK in its xattr (QEMU's
 * local_symlink), so the host never sees a link the guest made.
 */
int p9_op_symlink(struct p9_ctx *c)
{
	uint32_t dnum = p9_get32(c->in), gid;
	struct p9_str ns = p9_getstr(c->in), ts = p9_getstr(c->in);
	char name[P9_NAME_MAX + 1], *target;
	struct p9_fid *dir;
	int ret;

	gid = p9_get32(c->in);
	ret = p9_create_target(c, dnum, &ns, name, &dir);
	if (!ret && (!ts.len || memchr(ts.s, '\0', ts.len)))
		ret = -EINVAL;
	if (ret)
		return ret;
	if (c->s->conf.model == P9_MODEL_MAPPED_XATTR) {
		ret = p9_mapped_file(c, dir, name, ts.s, ts.len);
	} else {
		target = strndup(ts.s, ts.len);
		if (!target)
			return -ENOMEM;
		ret = symlinkat(target, dir->fd, name) < 0 ? -errno : 0;
		free(target);
	}
	return ret ? ret : p9_created(c, dir, name, gid, S_IFLNK | 0777, 0);
}

/* Tmknod dfid[4] name[s] mode[4] major[4] minor[4] gid[4]; Rmknod qid. */
int p9_op_mknod(struct p9_ctx *c)
{
	uint32_t dnum = p9_get32(c->in), mode, major, minor, gid;
	struct p9_str ns = p9_getstr(c->in);
	char name[P9_NAME_MAX + 1];
	struct p9_fid *dir;
	dev_t dev;
	int ret;

	mode = p9_get32(c->in);
	major = p9_get32(c->in);
	minor = p9_get32(c->in);
	gid = p9_get32(c->in);
	ret = p9_create_target(c, dnum, &ns, name, &dir);
	if (ret)
		return ret;
	switch (mode & S_IFMT) {
	case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		break;
	default:
		return -EINVAL;
	}
	dev = makedev(major, minor);
	if (c->s->conf.model == P9_MODEL_MAPPED_XATTR)
		ret = p9_mapped_file(c, dir, name, NULL, 0);
	else if (mknodat(dir->fd, name, (mode & S_IFMT) | (mode & 07777), dev) < 0)
		ret = -errno;
	return ret ? ret : p9_created(c, dir, name, gid, mode & (S_IFMT | 07777),
				      (uint64_t)dev);
}

/* Tlink dfid[4] fid[4] name[s]: a hard link to fid's file, named in dfid. */
int p9_op_link(struct p9_ctx *c)
{
	uint32_t dnum = p9_get32(c->in), num = p9_get32(c->in);
	struct p9_str ns = p9_getstr(c->in);
	char name[P9_NAME_MAX + 1], path[32];
	struct p9_fid *dir, *f;
	int ret = p9_create_target(c, dnum, &ns, name, &dir);

	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (ret)
		return ret;
	/* The magic link names fid's inode: linkat links it, never a path. */
	p9_fd_path(f->fd, path);
	if (linkat(AT_FDCWD, path, dir->fd, name, AT_SYMLINK_FOLLOW) < 0)
		return -errno;
	return 0;
}

/*
 * The target of fid's link: a host symlink's (any model: one made on the
 * host shows as one under mapped-xattr too), or a mapped-xattr link's file.
 */
static ssize_t p9_link_target(const struct p9_server *s, const struct p9_fid *f,
			      char *buf, size_t size)
{
	struct stat host;
	ssize_t n;
	int fd;

	if (fstatat(f->fd, "", &host, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (S_ISLNK(host.st_mode)) {
		n = readlinkat(f->fd, "", buf, size);
		return n < 0 ? -errno : n;
	}
	fd = p9_reopen(s, f->fd, O_RDONLY);
	if (fd < 0)
		return fd;
	n = pread(fd, buf, size, 0);
	if (n < 0)
		n = -errno;
	close(fd);
	return n;
}

/* Treadlink fid[4]; Rreadlink target[s]. */
int p9_op_readlink(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in);
	char buf[P9_PATH_MAX];
	struct p9_fid *f;
	struct stat st;
	ssize_t n;
	int ret = p9_parsed(c);

	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (!ret)
		ret = p9_stat(c->s, f->fd, &st);
	if (!ret && !S_ISLNK(st.st_mode))
		ret = -EINVAL;
	if (ret)
		return ret;
	n = p9_link_target(c->s, f, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if ((size_t)n == sizeof(buf))
		return -ENAMETOOLONG;
	p9_putstr(c->out, buf, (size_t)n);
	return 0;
}

/* A name the name space operations take: not "." or "..". */
static int p9_plain_name(struct p9_ctx *c, const struct p9_str *s, char *name)
{
	int ret = p9_name(s, name);

	if (!ret && (!strcmp(name, ".") || !strcmp(name, "..")))
		ret = -EINVAL;
	if (!ret && c->s->conf.readonly)
		ret = -EROFS;
	return ret;
}

/* Trenameat olddirfid[4] oldname[s] newdirfid[4] newname[s]. */
int p9_op_renameat(struct p9_ctx *c)
{
	uint32_t onum = p9_get32(c->in), nnum;
	struct p9_str os = p9_getstr(c->in), nss;
	char oname[P9_NAME_MAX + 1], nname[P9_NAME_MAX + 1];
	struct p9_fid *od, *nd;
	int ret;

	nnum = p9_get32(c->in);
	nss = p9_getstr(c->in);
	ret = p9_parsed(c);
	if (!ret)
		ret = p9_plain_name(c, &os, oname);
	if (!ret)
		ret = p9_plain_name(c, &nss, nname);
	if (!ret)
		ret = p9_file_fid(c, onum, &od);
	if (!ret)
		ret = p9_file_fid(c, nnum, &nd);
	if (ret)
		return ret;
	return renameat(od->fd, oname, nd->fd, nname) < 0 ? -errno : 0;
}

/* Tunlinkat dirfid[4] name[s] flags[4]. */
int p9_op_unlinkat(struct p9_ctx *c)
{
	uint32_t dnum = p9_get32(c->in), fl;
	struct p9_str ns = p9_getstr(c->in);
	char name[P9_NAME_MAX + 1];
	struct p9_fid *dir;
	int ret;

	fl = p9_get32(c->in);
	ret = p9_parsed(c);
	if (!ret)
		ret = p9_plain_name(c, &ns, name);
	if (!ret)
		ret = p9_file_fid(c, dnum, &dir);
	if (ret)
		return ret;
	if (unlinkat(dir->fd, name, (fl & P9_DOTL_AT_REMOVEDIR) ? AT_REMOVEDIR : 0) < 0)
		return -errno;
	return 0;
}

/*
 * The parent directory and name of fid's file, from its path; only if
 * that name still is fid's file (a rename elsewhere makes it stale).
 */
static int p9_fid_parent(struct p9_server *s, const struct p9_fid *f,
			 char *name, int *dirfd)
{
	const char *slash = strrchr(f->path, '/');
	const char *base = slash ? slash + 1 : f->path;
	struct stat a, b;
	char *dir;
	int fd;

	if (!*f->path)
		return -EBUSY;		/* the export's root */
	if (strlen(base) > P9_NAME_MAX)
		return -ENAMETOOLONG;
	strcpy(name, base);
	dir = strndup(f->path, slash ? (size_t)(slash - f->path) : 0);
	if (!dir)
		return -ENOMEM;
	fd = p9_open_path(s, dir);
	free(dir);
	if (fd < 0)
		return fd;
	if (fstatat(fd, name, &a, AT_SYMLINK_NOFOLLOW) < 0 ||
	    fstatat(f->fd, "", &b, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0 ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		close(fd);
		return -ESTALE;
	}
	*dirfd = fd;
	return 0;
}

/* Trename fid[4] dfid[4] name[s]. */
int p9_op_rename(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in), dnum = p9_get32(c->in);
	struct p9_str ns = p9_getstr(c->in);
	char name[P9_NAME_MAX + 1], oname[P9_NAME_MAX + 1], *path;
	struct p9_fid *f, *dir;
	int ret = p9_parsed(c), pfd;

	if (!ret)
		ret = p9_plain_name(c, &ns, name);
	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (!ret)
		ret = p9_file_fid(c, dnum, &dir);
	if (!ret)
		ret = p9_fid_parent(c->s, f, oname, &pfd);
	if (ret)
		return ret;
	path = p9_path_join(dir->path, name, &ret);
	if (path && renameat(pfd, oname, dir->fd, name) < 0)
		ret = -errno;
	close(pfd);
	if (ret) {
		free(path);
		return ret;
	}
	free(f->path);
	f->path = path;
	return 0;
}

/* Tremove fid[4]: unlink fid's file; the fid is clunked whatever happens. */
int p9_op_remove(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in);
	char name[P9_NAME_MAX + 1];
	struct p9_fid *f;
	struct stat st;
	int ret = p9_parsed(c), pfd;

	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (ret)
		return ret;
	if (c->s->conf.readonly)
		ret = -EROFS;
	if (!ret && fstatat(f->fd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0)
		ret = -errno;
	if (!ret)
		ret = p9_fid_parent(c->s, f, name, &pfd);
	if (!ret) {
		if (unlinkat(pfd, name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0) < 0)
			ret = -errno;
		close(pfd);
	}
	p9_fid_drop(c->s, num);
	return ret;
}
