// SPDX-License-Identifier: GPL-2.0
/*
 * gdb remote protocol commands (gdb's manual, "Packets", "General Query
 * Packets", "Stop Reply Packets"), handled while every vCPU is parked.
 * A reply of "" means "not supported"; "Exx" an error (errno values, as
 * gdbserver). gdb thread ids are vCPU index + 1.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gdbstub_priv.h"

/* Bytes per m/M/X: what fits a reply (two hex digits each). */
#define GDB_MEM_MAX	((GDB_PKT_MAX - 16) / 2)

static void reply_str(struct gdb_reply *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void reply_str(struct gdb_reply *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(r->buf + r->len, sizeof(r->buf) - r->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->len += (size_t)n < sizeof(r->buf) - r->len ? (size_t)n :
			  sizeof(r->buf) - r->len - 1;
}

static void reply_err(struct gdb_reply *r, int err)
{
	r->len = 0;
	reply_str(r, "E%02x", (err < 0 ? -err : err) & 0xff);
}

static void reply_ok(struct gdb_reply *r)
{
	reply_str(r, "OK");
}

/* Parse "addr,len" (and what follows at *end). */
static bool parse_addr_len(const char **p, const char *end, uint64_t *addr,
			   uint64_t *len)
{
	if (!gdb_hex_u64(p, end, addr) || *p >= end || **p != ',')
		return false;
	(*p)++;
	return gdb_hex_u64(p, end, len);
}

/* A thread id: -1 all, 0 any, else vCPU index + 1. */
static bool parse_tid(const char *p, const char *end, unsigned int ncpus, int *cpu)
{
	uint64_t v;

	if (end - p == 2 && p[0] == '-' && p[1] == '1') {
		*cpu = -1;
		return true;
	}
	if (!gdb_hex_u64(&p, end, &v) || p != end || v > ncpus)
		return false;
	*cpu = v == 0 ? 0 : (int)v - 1;
	return true;
}

void gdb_cmd_stop_reply(struct gdb_session *s, const struct accel_debug_stop *st,
			struct gdb_reply *r)
{
	/* SIGINT for an interrupt, SIGTRAP for the rest (as QEMU). */
	int sig = st->why == ACCEL_STOP_REQUEST ? 2 : 5;

	s->last = *st;
	if (st->cpu < s->ncpus)
		s->g_cpu = (int)st->cpu;
	r->len = 0;
	reply_str(r, "T%02xthread:%02x;", sig, st->cpu + 1);
	if (st->why == ACCEL_STOP_WATCH)
		reply_str(r, "%s:%llx;", st->wp_type == ACCEL_WP_READ ? "rwatch" :
			  st->wp_type == ACCEL_WP_ACCESS ? "awatch" : "watch",
			  (unsigned long long)st->wp_addr);
}

static void cmd_read_regs(struct gdb_session *s, struct gdb_reply *r)
{
	struct accel_debug_regs regs;
	int ret = s->ops->get_regs(s->vm, (unsigned int)s->g_cpu, &regs);

	if (ret)
		return reply_err(r, ret);
	gdb_regs_get_all(&regs, r);
}

static void cmd_write_regs(struct gdb_session *s, const char *p, const char *end,
			   struct gdb_reply *r)
{
	struct accel_debug_regs regs;
	int ret = s->ops->get_regs(s->vm, (unsigned int)s->g_cpu, &regs);

	if (!ret && !gdb_regs_set_all(&regs, p, (size_t)(end - p)))
		ret = -EINVAL;
	if (!ret)
		ret = s->ops->set_regs(s->vm, (unsigned int)s->g_cpu, &regs);
	if (ret)
		return reply_err(r, ret);
	reply_ok(r);
}

static void cmd_read_reg(struct gdb_session *s, const char *p, const char *end,
			 struct gdb_reply *r)
{
	struct accel_debug_regs regs;
	uint64_t n;
	int ret;

	if (!gdb_hex_u64(&p, end, &n) || p != end)
		return reply_err(r, EINVAL);
	ret = s->ops->get_regs(s->vm, (unsigned int)s->g_cpu, &regs);
	if (ret)
		return reply_err(r, ret);
	if (!gdb_regs_get_one(&regs, n, r))
		reply_err(r, EINVAL);
}

static void cmd_write_reg(struct gdb_session *s, const char *p, const char *end,
			  struct gdb_reply *r)
{
	struct accel_debug_regs regs;
	uint64_t n;
	int ret;

	if (!gdb_hex_u64(&p, end, &n) || p >= end || *p++ != '=')
		return reply_err(r, EINVAL);
	ret = s->ops->get_regs(s->vm, (unsigned int)s->g_cpu, &regs);
	if (!ret && !gdb_regs_set_one(&regs, n, p, (size_t)(end - p)))
		ret = -EINVAL;
	if (!ret)
		ret = s->ops->set_regs(s->vm, (unsigned int)s->g_cpu, &regs);
	if (ret)
		return reply_err(r, ret);
	reply_ok(r);
}

static void cmd_read_mem(struct gdb_session *s, const char *p, const char *end,
			 struct gdb_reply *r)
{
	uint8_t buf[GDB_MEM_MAX];
	uint64_t addr, len;
	int ret;

	if (!parse_addr_len(&p, end, &addr, &len) || p != end)
		return reply_err(r, EINVAL);
	if (len > GDB_MEM_MAX)
		len = GDB_MEM_MAX;	/* gdb asks again for the rest */
	ret = s->ops->read_mem(s->vm, (unsigned int)s->g_cpu, addr, buf, len);
	if (ret)
		return reply_err(r, ret);
	gdb_hex_encode(buf, len, r->buf);
	r->len = 2 * len;
}

/* M addr,len:hex and X addr,len:binary (already unescaped by framing). */
static void cmd_write_mem(struct gdb_session *s, const char *p, const char *end,
			  bool binary, struct gdb_reply *r)
{
	uint8_t buf[GDB_MEM_MAX];
	uint64_t addr, len;
	size_t have;
	int ret;

	if (!parse_addr_len(&p, end, &addr, &len) || p >= end || *p++ != ':')
		return reply_err(r, EINVAL);
	have = (size_t)(end - p);
	if (len > GDB_MEM_MAX || have != (binary ? len : 2 * len))
		return reply_err(r, EINVAL);
	if (binary)
		memcpy(buf, p, len);
	else if (!gdb_hex_bytes(p, len, buf))
		return reply_err(r, EINVAL);
	if (!len)
		return reply_ok(r);	/* gdb probes X support with a 0 length */
	ret = s->ops->write_mem(s->vm, (unsigned int)s->g_cpu, addr, buf, len);
	if (ret)
		return reply_err(r, ret);
	reply_ok(r);
}

static void cmd_break(struct gdb_session *s, const char *p, const char *end,
		      bool insert, struct gdb_reply *r)
{
	uint64_t type, addr, kind;
	int ret;

	if (!gdb_hex_u64(&p, end, &type) || p >= end || *p++ != ',' ||
	    !parse_addr_len(&p, end, &addr, &kind))
		return reply_err(r, EINVAL);
	/* Conditions and commands after ';' are gdb-side niceties: ignored. */
	if (p != end && *p != ';')
		return reply_err(r, EINVAL);
	if (type > ACCEL_WP_ACCESS)
		return;		/* unsupported type: empty reply */
	ret = s->ops->set_break(s->vm, (int)type, addr, kind, insert);
	if (ret == -ENOTSUP)
		return;
	if (ret)
		return reply_err(r, ret);
	reply_ok(r);
}

static void cmd_thread_select(struct gdb_session *s, const char *p, const char *end,
			      struct gdb_reply *r)
{
	char which;
	int cpu;

	if (p >= end)
		return reply_err(r, EINVAL);
	which = *p++;
	if ((which != 'g' && which != 'c') || !parse_tid(p, end, s->ncpus, &cpu))
		return reply_err(r, EINVAL);
	if (which == 'g')
		s->g_cpu = cpu < 0 ? 0 : cpu;
	else
		s->c_cpu = cpu;
	reply_ok(r);
}

static void cmd_thread_alive(struct gdb_session *s, const char *p, const char *end,
			     struct gdb_reply *r)
{
	int cpu;

	if (!parse_tid(p, end, s->ncpus, &cpu) || cpu < 0)
		return reply_err(r, ENOENT);
	reply_ok(r);
}

/* Resume: step the given vCPU (or Hc's, or the last stopped) or run all. */
static enum gdb_action cmd_resume(struct gdb_session *s, bool step, int cpu,
				  const char *p, const char *end, struct gdb_reply *r)
{
	struct accel_debug_regs regs;
	uint64_t addr;

	if (cpu < 0)
		cpu = s->c_cpu >= 0 ? s->c_cpu : (int)s->last.cpu;
	if (cpu < 0 || (unsigned int)cpu >= s->ncpus)
		cpu = 0;
	/* "c ADDR"/"s ADDR": resume at ADDR. */
	if (p < end) {
		if (!gdb_hex_u64(&p, end, &addr) || p != end) {
			reply_err(r, EINVAL);
			return GDB_ACT_NONE;
		}
		if (!s->ops->get_regs(s->vm, (unsigned int)cpu, &regs)) {
			regs.pc = addr;
			s->ops->set_regs(s->vm, (unsigned int)cpu, &regs);
		}
	}
	s->ops->resume(s->vm, step ? cpu : -1);
	return GDB_ACT_RESUME;
}

/* "Csig;addr", "Ssig;addr": the signal means nothing to a guest kernel. */
static enum gdb_action cmd_resume_sig(struct gdb_session *s, bool step, const char *p,
				      const char *end, struct gdb_reply *r)
{
	uint64_t sig;

	if (!gdb_hex_u64(&p, end, &sig))
		goto bad;
	if (p < end && *p++ != ';')
		goto bad;
	return cmd_resume(s, step, -1, p, end, r);
bad:
	reply_err(r, EINVAL);
	return GDB_ACT_NONE;
}

/*
 * One vCont action "a[sig][:tid]". Steps win over continues: gdb sends
 * "vCont;s:2;c" to step thread 2; the other vCPUs stay parked meanwhile
 * (QEMU's default too keeps a step from running the others).
 */
static bool vcont_action(struct gdb_session *s, const char *p, const char *end,
			 int *step_cpu, bool *cont)
{
	const char *colon = memchr(p, ':', (size_t)(end - p));
	const char *q = p + 1;
	uint64_t sig;
	int cpu = -1;

	if (colon && !parse_tid(colon + 1, end, s->ncpus, &cpu))
		return false;
	if (!colon)
		colon = end;
	if ((*p == 'C' || *p == 'S') && (!gdb_hex_u64(&q, colon, &sig) || q != colon))
		return false;
	if ((*p == 'c' || *p == 's' || *p == 't') && q != colon)
		return false;
	switch (*p) {
	case 's':
	case 'S':
		if (*step_cpu < 0)
			*step_cpu = cpu >= 0 ? cpu : (s->c_cpu >= 0 ? s->c_cpu : (int)s->last.cpu);
		return true;
	case 'c':
	case 'C':
		*cont = true;
		return true;
	case 't':
		return true;
	default:
		return false;
	}
}

static enum gdb_action cmd_vcont(struct gdb_session *s, const char *p, const char *end,
				 struct gdb_reply *r)
{
	const char *next;
	int step_cpu = -1;
	bool cont = false;

	while (p < end) {
		if (*p++ != ';' || p >= end)
			goto bad;
		next = memchr(p, ';', (size_t)(end - p));
		if (!next)
			next = end;
		if (!vcont_action(s, p, next, &step_cpu, &cont))
			goto bad;
		p = next;
	}
	if (step_cpu >= 0)
		return cmd_resume(s, true, step_cpu, end, end, r);
	if (cont)
		return cmd_resume(s, false, -1, end, end, r);
bad:
	reply_err(r, EINVAL);
	return GDB_ACT_NONE;
}

static bool word_is(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - p) >= n && !memcmp(p, w, n);
}

static enum gdb_action gdb_cmd_v(struct gdb_session *s, const char *p, const char *end,
				 struct gdb_reply *r)
{
	if (word_is(p, end, "Cont?")) {
		reply_str(r, "vCont;c;C;s;S");
		return GDB_ACT_NONE;
	}
	if (word_is(p, end, "Cont"))
		return cmd_vcont(s, p + 4, end, r);
	if (word_is(p, end, "Kill"))
		return GDB_ACT_KILL;
	return GDB_ACT_NONE;	/* vMustReplyEmpty and the rest: "" */
}

enum gdb_action gdb_cmd_handle(struct gdb_session *s, const char *pkt, size_t len,
			       struct gdb_reply *r)
{
	const char *p = pkt + 1, *end = pkt + len;

	r->len = 0;
	r->buf[0] = 0;
	if (!len)
		return GDB_ACT_NONE;
	switch (pkt[0]) {
	case '?':
		gdb_cmd_stop_reply(s, &s->last, r);
		break;
	case 'g':
		cmd_read_regs(s, r);
		break;
	case 'G':
		cmd_write_regs(s, p, end, r);
		break;
	case 'p':
		cmd_read_reg(s, p, end, r);
		break;
	case 'P':
		cmd_write_reg(s, p, end, r);
		break;
	case 'm':
		cmd_read_mem(s, p, end, r);
		break;
	case 'M':
		cmd_write_mem(s, p, end, false, r);
		break;
	case 'X':
		cmd_write_mem(s, p, end, true, r);
		break;
	case 'c':
		return cmd_resume(s, false, -1, p, end, r);
	case 's':
		return cmd_resume(s, true, -1, p, end, r);
	case 'C':
		return cmd_resume_sig(s, false, p, end, r);
	case 'S':
		return cmd_resume_sig(s, true, p, end, r);
	case 'Z':
	case 'z':
		cmd_break(s, p, end, pkt[0] == 'Z', r);
		break;
	case 'H':
		cmd_thread_select(s, p, end, r);
		break;
	case 'T':
		cmd_thread_alive(s, p, end, r);
		break;
	case 'D':
		reply_ok(r);
		return GDB_ACT_DETACH;
	case 'k':
		return GDB_ACT_KILL;
	case 'v':
		return gdb_cmd_v(s, p, end, r);
	case 'q':
		return gdb_cmd_q(s, p, end, r);
	default:
		break;		/* unsupported: empty reply */
	}
	return GDB_ACT_NONE;
}
