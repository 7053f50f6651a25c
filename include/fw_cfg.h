/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QEMU's firmware configuration device, memory-mapped with DMA, as the
 * virt board has it (QEMU docs/specs/fw_cfg.rst as the facts): what the
 * firmware asks the VMM (the CPU count, files such as bootorder, the
 * kernel, initrd and command line to boot when -bios and -kernel meet).
 */
#ifndef ARMVISOR_FW_CFG_H
#define ARMVISOR_FW_CFG_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "guestmem.h"
#include "mmio.h"

/* Selector keys (fw_cfg.rst, "Selector Register"; QEMU's fw_cfg_keys.h). */
enum fw_cfg_key {
	FW_CFG_SIGNATURE = 0x00,
	FW_CFG_ID = 0x01,
	FW_CFG_UUID = 0x02,
	FW_CFG_RAM_SIZE = 0x03,
	FW_CFG_NOGRAPHIC = 0x04,
	FW_CFG_NB_CPUS = 0x05,
	FW_CFG_KERNEL_SIZE = 0x08,
	FW_CFG_INITRD_SIZE = 0x0b,
	FW_CFG_BOOT_MENU = 0x0e,
	FW_CFG_MAX_CPUS = 0x0f,
	FW_CFG_KERNEL_DATA = 0x11,
	FW_CFG_INITRD_DATA = 0x12,
	FW_CFG_CMDLINE_SIZE = 0x14,
	FW_CFG_CMDLINE_DATA = 0x15,
	FW_CFG_SETUP_SIZE = 0x17,
	FW_CFG_SETUP_DATA = 0x18,
	FW_CFG_FILE_DIR = 0x19,
	FW_CFG_FILE_FIRST = 0x20,
};

#define FW_CFG_MAX_FILES	32
#define FW_CFG_NAME_MAX		56	/* a file name with its NUL */
#define FW_CFG_MMIO_SIZE	0x18

struct fw_cfg;

extern const struct mmio_ops fw_cfg_mmio_ops;

/*
 * DMA reads and writes guest memory in ram only (checked per access);
 * written(opaque, gpa, len) follows each write of guest RAM (may be NULL).
 */
struct fw_cfg *fw_cfg_create(struct guest_ram *ram,
			     void (*written)(void *opaque, uint64_t gpa, uint64_t len),
			     void *opaque, struct av_err *err);
void fw_cfg_destroy(struct fw_cfg *fc);

/* An item by key (below FW_CFG_FILE_FIRST), copied. */
int fw_cfg_add_bytes(struct fw_cfg *fc, uint16_t key, const void *data,
		     size_t len, struct av_err *err);
/*
 * The same, without copying: data must outlive the device (the kernel
 * and initrd bytes the machine keeps).
 */
int fw_cfg_add_bytes_ref(struct fw_cfg *fc, uint16_t key, const void *data,
			 size_t len, struct av_err *err);
int fw_cfg_add_u16(struct fw_cfg *fc, uint16_t key, uint16_t v, struct av_err *err);
int fw_cfg_add_u32(struct fw_cfg *fc, uint16_t key, uint32_t v, struct av_err *err);
int fw_cfg_add_u64(struct fw_cfg *fc, uint16_t key, uint64_t v, struct av_err *err);
/* A named file in the directory (copied); names are unique. */
int fw_cfg_add_file(struct fw_cfg *fc, const char *name, const void *data,
		    size_t len, struct av_err *err);

/* Machine reset: no item selected. */
void fw_cfg_reset(struct fw_cfg *fc);

/*
 * Snapshots (docs/snapshot.md, "Firmware"): the selected item, the
 * offset in it and a DMA address half written; the items themselves are
 * rebuilt from the command line. The load checks each against this device.
 */
struct snap_wbuf;
struct snap_rbuf;
void fw_cfg_snap_save(struct fw_cfg *fc, struct snap_wbuf *w);
int fw_cfg_snap_load(struct fw_cfg *fc, struct snap_rbuf *r, struct av_err *err);

#endif
