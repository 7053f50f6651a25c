/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small unordered set of addresses (gdb breakpoints): both accelerators'
 * debug code keeps one, and gdb may insert the same address twice (a
 * software and a hardware breakpoint) or remove one it never set.
 */
#ifndef ARMVISOR_ADDRSET_H
#define ARMVISOR_ADDRSET_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

/* Insert or remove addr in set[0..*n); max bounds *n. 0, -ENOENT or -ENOSPC. */
static inline int addrset_update(uint64_t *set, unsigned int *n, unsigned int max,
				 uint64_t addr, bool insert)
{
	unsigned int i;

	for (i = 0; i < *n && set[i] != addr; i++)
		;
	if (!insert) {
		if (i == *n)
			return -ENOENT;
		set[i] = set[--*n];
		return 0;
	}
	if (i < *n)
		return 0;
	if (*n >= max)
		return -ENOSPC;
	set[(*n)++] = addr;
	return 0;
}

#endif
