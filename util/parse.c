// SPDX-License-Identifier: GPL-2.0
/*
 * Values that every parser reads the same way, so that an option, a
 * -readconfig line and the gdb protocol cannot disagree on them.
 */
#include <errno.h>
#include <string.h>

#include "err.h"
#include "util.h"

/*
 * QEMU's spellings and sentence (qapi/qapi-util.c qapi_bool_parse(), used
 * by QemuOpts and qdev properties): on/yes/true/y and off/no/false/n.
 */
int parse_bool(const char *name, const char *value, bool *out,
	       struct av_err *err)
{
	static const char *const yes[] = { "on", "yes", "true", "y" };
	static const char *const no[] = { "off", "no", "false", "n" };

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcmp(value, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(value, no[i])) {
			*out = false;
			return 0;
		}
	}
	return av_errf(err, EINVAL, "Parameter '%s' expects 'on' or 'off'", name);
}

int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool parse_hex_u64(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int d;

	if (s >= end || hex_digit((unsigned char)*s) < 0)
		return false;
	while (s < end && (d = hex_digit((unsigned char)*s)) >= 0) {
		if (v >> 60)
			return false;	/* more than 64 bits */
		v = v << 4 | (uint64_t)d;
		s++;
	}
	*p = s;
	*out = v;
	return true;
}

bool parse_hex_bytes(const char *in, size_t n, uint8_t *out)
{
	for (size_t i = 0; i < n; i++) {
		int hi = hex_digit((unsigned char)in[2 * i]);
		int lo = hi < 0 ? -1 : hex_digit((unsigned char)in[2 * i + 1]);

		if (lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}
