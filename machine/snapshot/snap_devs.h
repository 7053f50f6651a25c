/* SPDX-License-Identifier: GPL-2.0 */
/* The machine's devices in a snapshot (snap_devs.c). */
#ifndef MACHINE_SNAPSHOT_DEVS_H
#define MACHINE_SNAPSHOT_DEVS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pci.h"
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
/* The DEVS section (locks held; -EBUSY/-EAGAIN: a 9p export mounted or busy), and its load. */
int snap_devs_save(struct vm *vm, struct snap_wbuf *w, struct av_err *err);
int snap_devs_load(struct vm *vm, const uint8_t *buf, size_t len, struct av_err *err);

/* One "item=value" line of the CONF digest. */
void snap_conf_line(struct snap_wbuf *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A DEVS record: name and a length rec_end fills in once the payload is written. */
void snap_rec_begin(struct snap_wbuf *w, const char *name, size_t *len_at);
void snap_rec_end(struct snap_wbuf *w, size_t len_at);

/* ---- Firmware: flash banks and fw_cfg (snap_firmware.c) ---- */

void snap_fw_conf(struct vm *vm, struct snap_wbuf *w);
void snap_fw_save(struct vm *vm, struct snap_wbuf *w);
/* Load record name if it is a firmware device's (0 or -errno); 1: not one. */
int snap_fw_load(struct vm *vm, const char *name, struct snap_rbuf *r, uint64_t *seen,
		 struct av_err *err);
int snap_fw_missing(struct vm *vm, uint64_t seen, struct av_err *err);

/* ---- PCI (snap_pci.c) ---- */

/* Bus 0's functions and the 8 below each: the size of a load's seen[]. */
#define SNAP_PCI_ENTRIES	(PCI_DEVFNS * (1 + PCI_FUNCS))
/* The "pci@WHERE=..." CONF lines, and the "pci@WHERE" records. */
void snap_pci_conf(struct vm *vm, struct snap_wbuf *w);
void snap_pci_save(struct vm *vm, struct snap_wbuf *w);
/* Load record name if it is a PCI function's (0 or -errno); 1: not one. */
int snap_pci_load(struct vm *vm, const char *name, struct snap_rbuf *r, bool *seen,
		  struct av_err *err);
/* -EINVAL naming a function the records did not cover. */
int snap_pci_missing(struct vm *vm, const bool *seen, struct av_err *err);

#endif
