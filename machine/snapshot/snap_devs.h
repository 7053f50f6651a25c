/* SPDX-License-Identifier: GPL-2.0 */
/* The machine's devices in a snapshot (snap_devs.c). */
#ifndef MACHINE_SNAPSHOT_DEVS_H
#define MACHINE_SNAPSHOT_DEVS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "snap_stream.h"
#include "vm.h"

/* The CONF digest of vm: "item=value" lines, NUL terminated, malloc'd. */
int snap_conf_build(struct vm *vm, char **out, struct av_err *err);
/* -ENOTSUP naming the first device a snapshot cannot hold. */
int snap_devs_check(struct vm *vm, struct av_err *err);
/* Take / drop every virtio device's lock (no DMA while RAM is saved). */
void snap_devs_lock(struct vm *vm, bool lock);
/* Complete the requests in flight (locks held). */
void snap_devs_drain(struct vm *vm);
/* The DEVS section (locks held), and its load. */
void snap_devs_save(struct vm *vm, struct snap_wbuf *w);
int snap_devs_load(struct vm *vm, const uint8_t *buf, size_t len, struct av_err *err);

#endif
