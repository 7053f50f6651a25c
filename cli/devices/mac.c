// SPDX-License-Identifier: GPL-2.0
/* MAC addresses of -nic mac= and -device virtio-net-device,mac=. */
#include <errno.h>
#include <string.h>

#include "config.h"
#include "util.h"

/* Exactly six two-digit hex bytes separated by ':' (QEMU's mac property). */
int net_parse_mac(const char *s, uint8_t mac[6])
{
	uint8_t v[6];

	if (strlen(s) != 17)
		return -EINVAL;
	for (int i = 0; i < 6; i++)
		if (!parse_hex_bytes(s + 3 * i, 1, &v[i]) ||
		    (i < 5 && s[3 * i + 2] != ':'))
			return -EINVAL;
	memcpy(mac, v, 6);
	return 0;
}
