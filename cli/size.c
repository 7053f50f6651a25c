// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's size syntax, as qemu-system-aarch64 7.2 accepts it for -m
 * (util/cutils.c do_strtosz, softmmu/vl.c parse_memory_options):
 *
 *   [spaces][+]DIGITS[.DIGITS][SUFFIX]   decimal, never octal ("010" = 10)
 *   [spaces][+]0xHEX[SUFFIX]             hex, no fraction
 *
 * SUFFIX is one of B K M G T P E in either case, each a power of 1024.
 * Without a suffix the number counts default_unit (MiB for -m). A
 * non-zero fraction needs an explicit suffix larger than B ("1.5" and
 * "1.5B" are errors, "1.5G" is not); the fraction is truncated to a byte.
 * Nothing may follow the suffix, not even a space.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>

#include "config.h"

/* Enough fraction digits that 10^n * 2^60 still fits in 128 bits. */
#define SIZE_FRAC_DIGITS 19

static uint64_t size_suffix_mul(char c)
{
	switch (tolower((unsigned char)c)) {
	case 'b': return 1;
	case 'k': return 1ULL << 10;
	case 'm': return 1ULL << 20;
	case 'g': return 1ULL << 30;
	case 't': return 1ULL << 40;
	case 'p': return 1ULL << 50;
	case 'e': return 1ULL << 60;
	default: return 0;
	}
}

static int size_digit(char c, unsigned int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (base == 16 && isxdigit((unsigned char)c))
		d = tolower((unsigned char)c) - 'a' + 10;
	else
		return -1;
	return d;
}

/* Digits in base at *p; -EINVAL when there are none, -ERANGE on overflow. */
static int size_parse_int(const char **p, unsigned int base, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int d, ret = 0;

	if (size_digit(*s, base) < 0)
		return -EINVAL;
	for (; (d = size_digit(*s, base)) >= 0; s++) {
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			ret = -ERANGE;
		v = v * base + (uint64_t)d;
	}
	*p = s;
	*out = v;
	return ret;
}

/* Scan ".DIGITS"; *num / *den is the fraction, *nonzero if any digit is. */
static void size_parse_frac(const char **p, uint64_t *num, uint64_t *den,
			    bool *nonzero)
{
	const char *s = *p + 1;
	unsigned int n = 0;

	*num = 0;
	*den = 1;
	*nonzero = false;
	for (; isdigit((unsigned char)*s); s++) {
		if (*s != '0')
			*nonzero = true;
		if (n++ < SIZE_FRAC_DIGITS) {
			*num = *num * 10 + (uint64_t)(*s - '0');
			*den *= 10;
		}
	}
	*p = s;
}

static int size_scale(uint64_t val, uint64_t num, uint64_t den, uint64_t mul,
		      uint64_t *out)
{
	uint64_t frac = (uint64_t)(((unsigned __int128)num * mul) / den);

	if (val > UINT64_MAX / mul || val * mul > UINT64_MAX - frac)
		return -ERANGE;
	*out = val * mul + frac;
	return 0;
}

int config_parse_size(const char *s, uint64_t default_unit, uint64_t *out)
{
	uint64_t val, num = 0, den = 1, mul = default_unit;
	bool hex, frac = false;
	int ret;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '+')
		s++;
	hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	if (hex)
		s += 2;
	ret = size_parse_int(&s, hex ? 16 : 10, &val);
	if (ret == -EINVAL)
		return ret;
	if (*s == '.' && !hex)
		size_parse_frac(&s, &num, &den, &frac);
	if (*s && size_suffix_mul(*s))
		mul = size_suffix_mul(*s++);
	else if (frac)
		return -EINVAL;		/* "1.5": a fraction of what? */
	if (*s || (frac && mul == 1) || mul == 0)
		return -EINVAL;
	if (ret)
		return ret;
	return size_scale(val, num, den, mul, out);
}
