// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over whole 9P2000.L requests, as a hostile guest sends
 * them, against a real temporary share (devices/9p/). The input:
 *
 *   [0] bit 0: mapped-xattr (else passthrough), bit 1: readonly=on
 *   then records: [flags u8][len u16 le][len bytes of a message]
 *     flags bit 0: fix the message's size field to len (else it may lie)
 *     flags bits 1-7: the reply room, 0 = P9_MAX_MSIZE, else 8 * n bytes
 *
 * Each input starts with Tversion and Tattach (fid 0 = the root) done, on
 * a freshly populated share holding a file, a directory and two symlinks
 * pointing outside it. After the input the oracle checks what the share
 * must never reach: the directory beside it still holds exactly its one
 * file with its contents. Replies are checked to fit the room given and
 * to carry the request's tag. Build and run: make fuzz, then
 * build/fuzz/fuzz_9p [-runs=N | -max_total_time=S] tests/fuzz/corpus/fuzz_9p
 */
#include <dirent.h>
#include <stdarg.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "../../devices/9p/p9.h"

#define SECRET "outside the share"

struct fuzz9 {
	char top[64], share[80], outside[80], secret[96];
	uint8_t *req, *rep;
};

static struct fuzz9 fz;

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
}

static int rm_any(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* The share and its neighbour go when the fuzzer exits. */
static void fuzz9_cleanup(void)
{
	nftw(fz.top, rm_any, 16, FTW_DEPTH | FTW_PHYS);
}

static void fuzz9_once(void)
{
	if (fz.top[0])
		return;
	strcpy(fz.top, "/tmp/fuzz_9p.XXXXXX");
	if (!mkdtemp(fz.top))
		abort();
	snprintf(fz.share, sizeof(fz.share), "%s/share", fz.top);
	snprintf(fz.outside, sizeof(fz.outside), "%s/outside", fz.top);
	snprintf(fz.secret, sizeof(fz.secret), "%s/secret", fz.outside);
	if (mkdir(fz.share, 0755) || mkdir(fz.outside, 0755))
		abort();
	put(fz.secret, SECRET);
	atexit(fuzz9_cleanup);
	fz.req = malloc(P9_MAX_MSIZE);
	fz.rep = malloc(P9_MAX_MSIZE);
	if (!fz.req || !fz.rep)
		abort();
}

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	if (ftw->level > 0 && remove(path))
		abort();
	return 0;
}

/* The share as every input finds it. */
static void fuzz9_populate(void)
{
	char p[160];

	/* A guest may have made a directory unreadable: give it back first. */
	if (nftw(fz.share, rm_one, 16, FTW_DEPTH | FTW_PHYS))
		abort();
	snprintf(p, sizeof(p), "%s/file", fz.share);
	put(p, "file contents");
	snprintf(p, sizeof(p), "%s/dir", fz.share);
	if (mkdir(p, 0755))
		abort();
	snprintf(p, sizeof(p), "%s/dir/inner", fz.share);
	put(p, "inner");
	snprintf(p, sizeof(p), "%s/abs", fz.share);
	if (symlink(fz.outside, p))
		abort();
	snprintf(p, sizeof(p), "%s/rel", fz.share);
	if (symlink("../outside/secret", p))
		abort();
}

/* The oracle: nothing outside the share changed. */
static void fuzz9_check_outside(void)
{
	char buf[64] = { 0 };
	DIR *d = opendir(fz.outside);
	struct dirent *e;
	int n = 0, fd;

	if (!d)
		abort();
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	fd = open(fz.secret, O_RDONLY);
	if (n != 1 || fd < 0 || read(fd, buf, sizeof(buf) - 1) < 0 || strcmp(buf, SECRET))
		abort();
	close(fd);
}

static size_t fuzz9_msg(uint8_t type, const char *fmt, ...)
{
	struct p9_buf b = { .data = fz.req, .size = P9_MAX_MSIZE, .pos = P9_HDR_SIZE };
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		const char *s;

		if (*fmt == 'd') {
			p9_put32(&b, va_arg(ap, uint32_t));
		} else {
			s = va_arg(ap, const char *);
			p9_putstr(&b, s, strlen(s));
		}
	}
	va_end(ap);
	p9_finish(&b, type, 0);
	return b.pos;
}

static void fuzz9_serve(struct p9_server *s, size_t len, size_t cap)
{
	size_t n = p9_server_handle(s, fz.req, len, fz.rep, cap);

	if (!n)
		return;
	/* Within the room, naming its own length and the request's tag. */
	if (n > cap || n < P9_HDR_SIZE || memcmp(fz.rep + 5, fz.req + 5, 2) ||
	    (fz.rep[0] | fz.rep[1] << 8 | fz.rep[2] << 16 | (uint32_t)fz.rep[3] << 24) != n)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct p9_export conf = { .id = "fuzz", .fmode = 0600, .dmode = 0700 };
	struct p9_server *s;
	size_t pos = 1;

	if (size < 1)
		return 0;
	fuzz9_once();
	fuzz9_populate();
	conf.path = fz.share;
	conf.model = (data[0] & 1) ? P9_MODEL_MAPPED_XATTR : P9_MODEL_PASSTHROUGH;
	conf.readonly = data[0] & 2;
	s = p9_server_create(&conf, NULL);
	if (!s)
		abort();
	fuzz9_serve(s, fuzz9_msg(P9_TVERSION, "ds", 65536, "9P2000.L"), P9_MAX_MSIZE);
	fuzz9_serve(s, fuzz9_msg(P9_TATTACH, "ddssd", 0, P9_NOFID, "root", "", 0),
		    P9_MAX_MSIZE);
	while (pos + 3 <= size) {
		uint8_t fl = data[pos];
		size_t len = data[pos + 1] | (size_t)data[pos + 2] << 8;
		size_t cap = (fl >> 1) ? (size_t)(fl >> 1) * 8 : P9_MAX_MSIZE;

		pos += 3;
		if (len > size - pos)
			len = size - pos;
		memcpy(fz.req, data + pos, len);
		pos += len;
		if ((fl & 1) && len >= 4) {
			fz.req[0] = (uint8_t)len;
			fz.req[1] = (uint8_t)(len >> 8);
			fz.req[2] = fz.req[3] = 0;
		}
		fuzz9_serve(s, len, cap);
	}
	p9_server_destroy(s);
	fuzz9_check_outside();
	return 0;
}
