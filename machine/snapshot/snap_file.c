// SPDX-License-Identifier: GPL-2.0
/*
 * The snapshot file container (docs/snapshot.md): a header, tagged
 * sections, and an END section holding the CRC32 (zlib's, the ISO-HDLC
 * polynomial) of every byte before it. The reader takes nothing on
 * trust: lengths are bounded before anything is allocated, a short
 * read is "truncated", and the checksum is checked before the caller
 * applies any state but RAM.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "snap_priv.h"

void snap_out_init(struct snap_out *o, int fd)
{
	memset(o, 0, sizeof(*o));
	o->fd = fd;
	o->crc = (uint32_t)crc32(0L, Z_NULL, 0);
}

static void out_write(struct snap_out *o, const uint8_t *p, size_t n)
{
	while (n && !o->err) {
		ssize_t k = write(o->fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			o->err = k < 0 ? -errno : -EIO;
			return;
		}
		p += k;
		n -= (size_t)k;
	}
}

void snap_out_bytes(struct snap_out *o, const void *p, size_t n)
{
	const uint8_t *b = p;

	/* zlib's crc32 takes a uInt length: feed it in pieces. */
	for (size_t off = 0; off < n; off += 1u << 30) {
		size_t k = n - off < (1u << 30) ? n - off : (1u << 30);

		o->crc = (uint32_t)crc32(o->crc, b + off, (uInt)k);
	}
	out_write(o, b, n);
	o->bytes += n;
}

static void out_le(struct snap_out *o, uint64_t v, unsigned int n)
{
	uint8_t b[8];

	for (unsigned int i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	snap_out_bytes(o, b, n);
}

void snap_out_header(struct snap_out *o, const char *version)
{
	char ver[SNAP_VERSION_LEN] = { 0 };

	strncpy(ver, version, sizeof(ver) - 1);
	snap_out_bytes(o, SNAP_MAGIC, SNAP_MAGIC_LEN);
	out_le(o, SNAP_FORMAT_VERSION, 4);
	out_le(o, SNAP_HEADER_LEN, 4);
	snap_out_bytes(o, ver, sizeof(ver));
}

void snap_out_sec_header(struct snap_out *o, uint32_t tag, uint64_t len)
{
	out_le(o, tag, 4);
	out_le(o, 0, 4);
	out_le(o, len, 8);
}

void snap_out_section(struct snap_out *o, uint32_t tag, const void *p, size_t n)
{
	snap_out_sec_header(o, tag, n);
	snap_out_bytes(o, p, n);
}

void snap_out_end(struct snap_out *o)
{
	uint8_t b[4];
	uint32_t crc;

	snap_out_sec_header(o, SNAP_SEC_END, 4);
	crc = o->crc;
	for (unsigned int i = 0; i < 4; i++)
		b[i] = (uint8_t)(crc >> (8 * i));
	out_write(o, b, 4);
	o->bytes += 4;
}

/* ---- Reading ---- */

int snap_in_bytes(struct snap_in *in, void *p, size_t n, struct av_err *err)
{
	int ret = in->read(in->opaque, p, n);

	if (ret == -ENODATA)
		return av_errf(err, EINVAL,
			       "snapshot is truncated (it ends after %llu bytes)",
			       (unsigned long long)in->bytes);
	if (ret)
		return av_errf_errno(err, -ret, "snapshot: read error after %llu bytes",
				     (unsigned long long)in->bytes);
	for (size_t off = 0; off < n; off += 1u << 30) {
		size_t k = n - off < (1u << 30) ? n - off : (1u << 30);

		in->crc = (uint32_t)crc32(in->crc, (const uint8_t *)p + off, (uInt)k);
	}
	in->bytes += n;
	return 0;
}

static uint64_t le_get(const uint8_t *b, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

int snap_in_header(struct snap_in *in, char version[SNAP_VERSION_LEN + 1],
		   struct av_err *err)
{
	uint8_t h[SNAP_HEADER_LEN];
	uint32_t fmt, hlen;
	int ret;

	in->crc = (uint32_t)crc32(0L, Z_NULL, 0);
	in->bytes = 0;
	ret = snap_in_bytes(in, h, SNAP_MAGIC_LEN, err);
	if (ret)
		return ret;
	if (memcmp(h, SNAP_MAGIC, SNAP_MAGIC_LEN))
		return av_errf(err, EINVAL,
			       "not an armvisor snapshot (bad magic; expected '%s')",
			       SNAP_MAGIC);
	ret = snap_in_bytes(in, h + SNAP_MAGIC_LEN, SNAP_HEADER_LEN - SNAP_MAGIC_LEN, err);
	if (ret)
		return ret;
	fmt = (uint32_t)le_get(h + 8, 4);
	hlen = (uint32_t)le_get(h + 12, 4);
	if (fmt != SNAP_FORMAT_VERSION)
		return av_errf(err, EINVAL,
			       "snapshot format version %u is not supported (this armvisor reads version %u)",
			       fmt, SNAP_FORMAT_VERSION);
	if (hlen != SNAP_HEADER_LEN)
		return av_errf(err, EINVAL, "snapshot header length %u is not %u",
			       hlen, SNAP_HEADER_LEN);
	memcpy(version, h + 16, SNAP_VERSION_LEN);
	version[SNAP_VERSION_LEN] = 0;
	return 0;
}

int snap_in_section(struct snap_in *in, struct snap_sec *sec, struct av_err *err)
{
	uint8_t h[SNAP_SEC_HDR_LEN];
	int ret = snap_in_bytes(in, h, sizeof(h), err);

	if (ret)
		return ret;
	sec->tag = (uint32_t)le_get(h, 4);
	sec->len = le_get(h + 8, 8);
	if (le_get(h + 4, 4))
		return av_errf(err, EINVAL, "snapshot: section flags at byte %llu are not 0",
			       (unsigned long long)(in->bytes - sizeof(h)));
	return 0;
}

int snap_in_end(struct snap_in *in, const struct snap_sec *sec, struct av_err *err)
{
	uint32_t want = in->crc;
	uint8_t b[4], extra;
	int ret;

	if (sec->len != 4)
		return av_errf(err, EINVAL, "snapshot: the END section is not 4 bytes");
	ret = snap_in_bytes(in, b, 4, err);
	if (ret)
		return ret;
	if ((uint32_t)le_get(b, 4) != want)
		return av_errf(err, EINVAL,
			       "snapshot checksum mismatch (file says %08x, contents give %08x): "
			       "the file is corrupt",
			       (uint32_t)le_get(b, 4), want);
	if (in->read(in->opaque, &extra, 1) != -ENODATA)
		return av_errf(err, EINVAL, "snapshot: data after the END section");
	return 0;
}

/* ---- The whole file ---- */

static int read_whole(struct snap_in *in, const struct snap_sec *sec, size_t max,
		      uint8_t **out, struct av_err *err)
{
	uint8_t *p;
	int ret;

	if (sec->len > max)
		return av_errf(err, EINVAL, "snapshot: a section of %llu bytes is too large",
			       (unsigned long long)sec->len);
	p = malloc(sec->len + 1);
	if (!p)
		return av_errf(err, ENOMEM, "snapshot: out of memory");
	ret = snap_in_bytes(in, p, sec->len, err);
	if (ret) {
		free(p);
		return ret;
	}
	p[sec->len] = 0;
	*out = p;
	return 0;
}

static int parse_ram(struct snap_in *in, const struct snap_sec *sec,
		     const struct snap_parse_ops *ops, struct av_err *err)
{
	uint8_t head[8 + SNAP_CHUNK_MAP];
	unsigned int npages = 0;
	uint8_t *pages;
	uint64_t gpa;
	int ret;

	if (sec->len < sizeof(head))
		return av_errf(err, EINVAL, "snapshot: a RAM chunk is too short");
	ret = snap_in_bytes(in, head, sizeof(head), err);
	if (ret)
		return ret;
	gpa = le_get(head, 8);
	for (unsigned int i = 0; i < SNAP_CHUNK_MAP; i++)
		npages += (unsigned int)__builtin_popcount(head[8 + i]);
	if (gpa % SNAP_CHUNK || sec->len - sizeof(head) != (uint64_t)npages * SNAP_PAGE)
		return av_errf(err, EINVAL,
			       "snapshot: RAM chunk at %#llx is malformed",
			       (unsigned long long)gpa);
	pages = malloc((size_t)npages * SNAP_PAGE + 1);
	if (!pages)
		return av_errf(err, ENOMEM, "snapshot: out of memory");
	ret = snap_in_bytes(in, pages, (size_t)npages * SNAP_PAGE, err);
	if (!ret && ops && ops->ram)
		ret = ops->ram(ops->opaque, gpa, head + 8, pages,
			       (size_t)npages * SNAP_PAGE, err);
	free(pages);
	return ret;
}

static int parse_section(struct snap_in *in, const struct snap_sec *sec,
			 const struct snap_parse_ops *ops, struct snap_parsed *out,
			 struct av_err *err)
{
	struct snap_rbuf r;
	uint8_t *buf = NULL;
	int ret;

	switch (sec->tag) {
	case SNAP_SEC_CONF:
		if (out->conf)
			return av_errf(err, EINVAL, "snapshot: two CONF sections");
		ret = read_whole(in, sec, SNAP_CONF_MAX, (uint8_t **)&out->conf, err);
		if (!ret && ops && ops->conf)
			ret = ops->conf(ops->opaque, out->conf, err);
		return ret;
	case SNAP_SEC_RAM:
		if (!out->conf)
			return av_errf(err, EINVAL, "snapshot: RAM before the configuration");
		return parse_ram(in, sec, ops, err);
	case SNAP_SEC_MACH:
		if (out->has_mach)
			return av_errf(err, EINVAL, "snapshot: two MACH sections");
		ret = read_whole(in, sec, SNAP_SEC_MAX, &buf, err);
		if (ret)
			return ret;
		snap_rbuf_init(&r, buf, sec->len);
		out->has_mach = true;
		ret = snap_decode_machine(&r, &out->mach, err);
		free(buf);
		return ret;
	case SNAP_SEC_DEV:
		if (out->devs)
			return av_errf(err, EINVAL, "snapshot: two DEVS sections");
		ret = read_whole(in, sec, SNAP_SEC_MAX, &out->devs, err);
		out->devs_len = sec->len;
		return ret;
	default:
		return av_errf(err, EINVAL, "snapshot: unknown section tag %#x at byte %llu",
			       sec->tag, (unsigned long long)(in->bytes - SNAP_SEC_HDR_LEN));
	}
}

int snap_parse(struct snap_in *in, const struct snap_parse_ops *ops,
	       struct snap_parsed *out, struct av_err *err)
{
	struct snap_sec sec;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = snap_in_header(in, out->version, err);
	while (!ret) {
		ret = snap_in_section(in, &sec, err);
		if (ret)
			break;
		if (sec.tag == SNAP_SEC_END) {
			ret = snap_in_end(in, &sec, err);
			break;
		}
		ret = parse_section(in, &sec, ops, out, err);
	}
	if (!ret && (!out->conf || !out->has_mach || !out->devs))
		ret = av_errf(err, EINVAL,
			      "snapshot: a CONF, MACH or DEVS section is missing");
	return ret;
}

void snap_parsed_free(struct snap_parsed *p)
{
	free(p->conf);
	free(p->devs);
	snap_machine_free(&p->mach);
	memset(p, 0, sizeof(*p));
}
