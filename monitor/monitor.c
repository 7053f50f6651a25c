// SPDX-License-Identifier: GPL-2.0
/*
 * The monitor's terminal side: a line editor (printable characters echo,
 * Backspace erases, Enter runs the line, escape sequences such as the
 * arrow keys are ignored) and the prompt, over any chardev.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "console.h"
#include "monitor_priv.h"
#include "util.h"

#define MON_PROMPT	"(qemu) "	/* what scripts written for QEMU wait for */

void mon_printf(struct monitor *mon, const char *fmt, ...)
{
	char buf[1024], out[2048];
	size_t n = 0;
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	for (int i = 0; i < len && (size_t)i < sizeof(buf) - 1; i++) {
		if (buf[i] == '\n')
			out[n++] = '\r';
		out[n++] = buf[i];
	}
	chardev_write(mon->out, (const uint8_t *)out, n);
}

void mon_error(struct monitor *mon, const struct av_err *err)
{
	mon_printf(mon, "%s\n", err->msg[0] ? err->msg : "failed");
}

int monitor_create(struct vm *vm, struct chardev *out, struct monitor **mon,
		   struct av_err *err)
{
	struct monitor *m = calloc(1, sizeof(*m));

	if (!m)
		return av_errf(err, ENOMEM, "out of memory for the monitor");
	m->vm = vm;
	m->out = out;
	m->epfd = -1;
	*mon = m;
	return 0;
}

void monitor_destroy(struct monitor *mon)
{
	if (!mon)
		return;
	if (mon->epfd >= 0)
		close(mon->epfd);
	free(mon);
}

static void mon_prompt(struct monitor *mon)
{
	mon_printf(mon, "%s", MON_PROMPT);
}

void monitor_focus(struct monitor *mon)
{
	if (!mon->greeted)
		mon_printf(mon, "armvisor %s monitor - type 'help' for more information\n",
			   ARMVISOR_VERSION);
	mon->greeted = true;
	mon_prompt(mon);
	/* What was typed before the switch is still on the line. */
	chardev_write(mon->out, (const uint8_t *)mon->line, mon->len);
}

/* Split at blanks, in place; returns argc (at most MONITOR_ARGS_MAX). */
static int mon_split(char *line, char **argv)
{
	int argc = 0;
	char *save = NULL;

	for (char *t = strtok_r(line, " \t", &save); t && argc < MONITOR_ARGS_MAX;
	     t = strtok_r(NULL, " \t", &save))
		argv[argc++] = t;
	return argc;
}

static const struct mon_cmd *mon_find(const struct mon_cmd *table, const char *name)
{
	for (const struct mon_cmd *c = table; c->name; c++)
		if (!strcmp(c->name, name) || (c->alias && !strcmp(c->alias, name)))
			return c;
	return NULL;
}

/*
 * "x/4xw addr": the format sticks to the command name; copy text to line
 * (size bytes) with a blank before that '/', so the command sees "x"
 * "/4xw" "addr".
 */
static void mon_unglue_format(const char *text, char *line, size_t size)
{
	size_t word = strspn(text, " \t"), name = strcspn(text + word, " \t/");

	if (text[word + name] == '/')
		snprintf(line, size, "%.*s %s", (int)(word + name), text, text + word + name);
	else
		snprintf(line, size, "%s", text);
}

void monitor_command(struct monitor *mon, const char *text)
{
	char line[MONITOR_LINE_MAX + 2];
	char *argv[MONITOR_ARGS_MAX];
	const struct mon_cmd *c;
	int argc;

	mon_unglue_format(text, line, sizeof(line));
	argc = mon_split(line, argv);
	if (!argc)
		return;
	c = mon_find(mon_cmds, argv[0]);
	if (!c) {
		mon_printf(mon, "unknown command: '%s'\n", argv[0]);
		return;
	}
	c->run(mon, argc, argv);
}

static void mon_enter(struct monitor *mon)
{
	char line[MONITOR_LINE_MAX];

	mon_printf(mon, "\n");
	memcpy(line, mon->line, mon->len);
	line[mon->len] = '\0';
	mon->len = 0;
	monitor_command(mon, line);
	mon_prompt(mon);
}

/* ESC [ ... final byte (0x40-0x7e), or ESC and one byte: swallowed. */
static bool mon_escape(struct monitor *mon, uint8_t c)
{
	if (c == 0x1b) {
		mon->esc = 1;
		return true;
	}
	if (mon->esc == 1) {
		mon->esc = c == '[' || c == 'O' ? 2 : 0;
		return true;
	}
	if (mon->esc == 2) {
		if (c >= 0x40 && c <= 0x7e)
			mon->esc = 0;
		return true;
	}
	return false;
}

static void mon_edit(struct monitor *mon, uint8_t c)
{
	bool cr = mon->last_cr;

	mon->last_cr = c == '\r';
	if (mon_escape(mon, c))
		return;
	if (c == '\r' || (c == '\n' && !cr)) {
		mon_enter(mon);
	} else if (c == 0x7f || c == 0x08) {
		if (mon->len) {
			mon->len--;
			chardev_write(mon->out, (const uint8_t *)"\b \b", 3);
		}
	} else if (c >= 0x20 && c < 0x7f && mon->len < MONITOR_LINE_MAX - 1) {
		mon->line[mon->len++] = (char)c;
		chardev_write(mon->out, &c, 1);
	}
}

void monitor_input(struct monitor *mon, const uint8_t *buf, size_t len)
{
	if (!mon->greeted)
		monitor_focus(mon);
	for (size_t i = 0; i < len; i++)
		mon_edit(mon, buf[i]);
}

/* Its own back end readable: take what is there; stop at end of input. */
static void mon_readable(void *opaque)
{
	struct monitor *mon = opaque;
	uint8_t buf[256];
	ssize_t n = chardev_read(mon->out, buf, sizeof(buf));
	unsigned int connects = atomic_load(&mon->out->connects);

	/* A new client of a socket monitor gets the banner and a prompt. */
	if (connects != mon->connects) {
		mon->connects = connects;
		mon->greeted = false;
		mon->len = 0;
		monitor_focus(mon);
	}
	if (n > 0)
		monitor_input(mon, buf, (size_t)n);
	else if (n < 0)
		epoll_ctl(mon->epfd, EPOLL_CTL_DEL, mon->out->in_fd, NULL);
}

int monitor_watch(struct monitor *mon, struct av_err *err)
{
	struct epoll_event ev = { .events = EPOLLIN };

	/* Its own terminal: greet now, as QEMU's monitor does when it opens. */
	mon->connects = atomic_load(&mon->out->connects);
	monitor_focus(mon);
	if (mon->out->in_fd < 0)
		return 0;
	mon->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (mon->epfd < 0)
		return av_errf_errno(err, errno, "monitor: epoll");
	/* A regular file or /dev/null cannot be polled: output only then. */
	if (epoll_ctl(mon->epfd, EPOLL_CTL_ADD, mon->out->in_fd, &ev) < 0)
		return 0;
	return vm_watch_fd(mon->vm, mon->epfd, mon_readable, mon, err);
}
