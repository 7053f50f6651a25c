// SPDX-License-Identifier: GPL-2.0
/*
 * gdb's general queries (gdb's manual, "General Query Packets"): the
 * features we support, the target description, threads (one per vCPU).
 */
#include <stdio.h>
#include <string.h>

#include "gdbstub_priv.h"

static bool starts(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - p) >= n && !memcmp(p, w, n);
}

static void put(struct gdb_reply *r, const char *s)
{
	size_t n = strlen(s);

	if (r->len + n <= GDB_PKT_MAX) {
		memcpy(r->buf + r->len, s, n);
		r->len += n;
	}
}

/* "qXfer:features:read:ANNEX:OFF,LEN": 'm' more to come, 'l' the last part. */
static void query_xfer_features(const char *p, const char *end, struct gdb_reply *r)
{
	static const char annex[] = "target.xml:";
	size_t total = strlen(gdb_target_xml);
	uint64_t off, len;

	if (!starts(p, end, annex)) {
		put(r, "E00");	/* no such annex */
		return;
	}
	p += sizeof(annex) - 1;
	if (!gdb_hex_u64(&p, end, &off) || p >= end || *p++ != ',' ||
	    !gdb_hex_u64(&p, end, &len) || p != end) {
		put(r, "E16");
		return;
	}
	if (len > GDB_PKT_MAX - 1)
		len = GDB_PKT_MAX - 1;
	if (off >= total) {
		put(r, "l");
		return;
	}
	if (len > total - off)
		len = total - off;
	r->buf[r->len++] = off + len < total ? 'm' : 'l';
	memcpy(r->buf + r->len, gdb_target_xml + off, len);
	r->len += len;
}

static void query_threads(struct gdb_session *s, struct gdb_reply *r)
{
	char id[16];
	unsigned int i;

	put(r, "m");
	for (i = 0; i < s->ncpus; i++) {
		snprintf(id, sizeof(id), "%s%x", i ? "," : "", i + 1);
		put(r, id);
	}
}

/* "qThreadExtraInfo,ID": a hex-encoded name gdb shows in "info threads". */
static void query_thread_info(struct gdb_session *s, const char *p, const char *end,
			      struct gdb_reply *r)
{
	char name[32];
	uint64_t tid;
	int n;

	if (!gdb_hex_u64(&p, end, &tid) || p != end || tid == 0 || tid > s->ncpus) {
		put(r, "E02");
		return;
	}
	n = snprintf(name, sizeof(name), "CPU#%u", (unsigned int)(tid - 1));
	gdb_hex_encode((const uint8_t *)name, (size_t)n, r->buf + r->len);
	r->len += 2 * (size_t)n;
}

enum gdb_action gdb_cmd_q(struct gdb_session *s, const char *p, const char *end,
			  struct gdb_reply *r)
{
	char buf[32];

	if (starts(p, end, "Supported")) {
		snprintf(buf, sizeof(buf), "PacketSize=%x", GDB_PKT_MAX);
		put(r, buf);
		put(r, ";qXfer:features:read+;vContSupported+");
	} else if (starts(p, end, "Xfer:features:read:")) {
		query_xfer_features(p + 19, end, r);
	} else if (p + 1 == end && *p == 'C') {
		snprintf(buf, sizeof(buf), "QC%x", (unsigned int)s->g_cpu + 1);
		put(r, buf);
	} else if (starts(p, end, "fThreadInfo")) {
		query_threads(s, r);
	} else if (starts(p, end, "sThreadInfo")) {
		put(r, "l");
	} else if (starts(p, end, "ThreadExtraInfo,")) {
		query_thread_info(s, p + 16, end, r);
	} else if (starts(p, end, "Attached")) {
		put(r, "1");	/* we did not start a process: detach, not kill */
	} else if (starts(p, end, "Symbol::")) {
		put(r, "OK");
	}
	return GDB_ACT_NONE;
}
