// SPDX-License-Identifier: GPL-2.0
/* Hex numbers and byte strings of the gdb remote protocol. */
#include "gdbstub_priv.h"
#include "util.h"

/* The protocol's hex is the ground floor's (util/parse.c). */
int gdb_hex_digit(uint8_t c)
{
	return hex_digit(c);
}

bool gdb_hex_u64(const char **p, const char *end, uint64_t *out)
{
	return parse_hex_u64(p, end, out);
}

bool gdb_hex_bytes(const char *in, size_t n, uint8_t *out)
{
	return parse_hex_bytes(in, n, out);
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
