// SPDX-License-Identifier: GPL-2.0
/* Hex numbers and byte strings of the gdb remote protocol. */
#include "gdbstub_priv.h"

int gdb_hex_digit(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool gdb_hex_u64(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int d;

	if (s >= end || gdb_hex_digit((uint8_t)*s) < 0)
		return false;
	while (s < end && (d = gdb_hex_digit((uint8_t)*s)) >= 0) {
		if (v >> 60)
			return false;	/* more than 64 bits */
		v = v << 4 | (uint64_t)d;
		s++;
	}
	*p = s;
	*out = v;
	return true;
}

bool gdb_hex_bytes(const char *in, size_t n, uint8_t *out)
{
	int hi, lo;
	size_t i;

	for (i = 0; i < n; i++) {
		hi = gdb_hex_digit((uint8_t)in[2 * i]);
		lo = gdb_hex_digit((uint8_t)in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

void gdb_hex_encode(const uint8_t *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
}
