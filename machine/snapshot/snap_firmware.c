// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware devices in a snapshot (docs/snapshot.md, "Firmware"):
 * records "pflash0" and "pflash1" (both banks always exist, QEMU's virt
 * has them) with the CFI command state, and the bank's bytes when only
 * armvisor's memory holds them (no file and writable: bank 1 beside
 * -bios, where edk2 keeps its variables); "fw_cfg" with the selected
 * item, the offset in it and a half-written DMA address. A bank with a
 * file keeps its bytes there, as a disk image does; -bios and the
 * banks' files are in the CONF digest.
 */
#include <errno.h>
#include <string.h>

#include "fw_cfg.h"
#include "pflash.h"
#include "snap_devs.h"

/* Bits of a load's seen mask (snap_devs.c keeps 0..34 for the others). */
#define SEEN_FLASH(n)		(1ull << (40 + (n)))
#define SEEN_FW_CFG		(1ull << 42)

static const char *const flash_names[VIRT_FLASH_BANKS] = { "pflash0", "pflash1" };

void snap_fw_conf(struct vm *vm, struct snap_wbuf *w)
{
	if (vm->cfg->bios)
		snap_conf_line(w, "bios=%s", vm->cfg->bios);
}

void snap_fw_save(struct vm *vm, struct snap_wbuf *w)
{
	size_t at;

	for (unsigned int n = 0; n < VIRT_FLASH_BANKS; n++) {
		if (!vm->flash[n])
			continue;
		snap_rec_begin(w, flash_names[n], &at);
		pflash_snap_save(vm->flash[n], w);
		snap_rec_end(w, at);
	}
	if (vm->fw_cfg) {
		snap_rec_begin(w, "fw_cfg", &at);
		fw_cfg_snap_save(vm->fw_cfg, w);
		snap_rec_end(w, at);
	}
}

int snap_fw_load(struct vm *vm, const char *name, struct snap_rbuf *r, uint64_t *seen,
		 struct av_err *err)
{
	for (unsigned int n = 0; n < VIRT_FLASH_BANKS; n++) {
		if (strcmp(name, flash_names[n]) || !vm->flash[n])
			continue;
		*seen |= SEEN_FLASH(n);
		return pflash_snap_load(vm->flash[n], r, err);
	}
	if (!strcmp(name, "fw_cfg") && vm->fw_cfg) {
		*seen |= SEEN_FW_CFG;
		return fw_cfg_snap_load(vm->fw_cfg, r, err);
	}
	return 1;
}

int snap_fw_missing(struct vm *vm, uint64_t seen, struct av_err *err)
{
	for (unsigned int n = 0; n < VIRT_FLASH_BANKS; n++)
		if (vm->flash[n] && !(seen & SEEN_FLASH(n)))
			return av_errf(err, EINVAL, "the snapshot has no state for flash bank %u", n);
	if (vm->fw_cfg && !(seen & SEEN_FW_CFG))
		return av_errf(err, EINVAL, "the snapshot has no state for fw_cfg");
	return 0;
}
