// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware flash of QEMU's virt (hw/arm/virt.c virt_flash_create(),
 * virt_firmware_init()): two CFI01 banks of 64 MiB at 0 and 64 MiB.
 * -bios FILE is copied into bank 0 (read-only, never written back, may be
 * shorter: the rest reads as erased flash); -drive if=pflash,unit=N or
 * -pflash FILE back bank N with a file of exactly 64 MiB, as QEMU
 * requires, whose program/erase writes persist (the variable store).
 * Both banks always exist (QEMU's virt has them, and the DT names them);
 * an empty bank reads 0 and costs no memory.
 *
 * Each bank is a ROM device (include/guestmem.h): in read-array mode the
 * CPUs read and execute its bytes from host memory, so firmware runs in
 * place at full speed; the MMIO bus gets the writes and the other modes.
 * TCG tests the bank's flag on each access; KVM is told of each mode
 * change (accel_ops.rom_mode) and maps the bank as a read-only memory
 * slot only while it is an array (QEMU's "romd" mode).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pflash.h"
#include "vm.h"

/* What backs one bank: a file (or nothing), read-only or not. */
struct vm_flash_src {
	const char *path;
	const char *option;		/* for messages: "-bios", "-drive if=pflash" */
	bool readonly;
	bool exact;			/* the file must be the bank's size */
};

static const struct config_drive *vm_pflash_drive(const struct vm_config *cfg,
						  unsigned int unit)
{
	for (unsigned int i = 0; i < cfg->ndrives; i++)
		if (cfg->drives[i].is_pflash && cfg->drives[i].index == (int)unit)
			return &cfg->drives[i];
	return NULL;
}

bool vm_has_firmware(const struct vm_config *cfg)
{
	return cfg->bios || vm_pflash_drive(cfg, 0);
}

static void vm_flash_source(const struct vm_config *cfg, unsigned int unit,
			    struct vm_flash_src *src)
{
	const struct config_drive *d = vm_pflash_drive(cfg, unit);

	*src = (struct vm_flash_src){ .option = "-drive if=pflash", .exact = true };
	if (d) {
		src->path = d->file;
		src->readonly = d->readonly;
	} else if (unit == 0 && cfg->bios) {
		src->path = cfg->bios;
		src->option = "-bios";
		src->readonly = true;
		src->exact = false;
	}
}

static int vm_flash_check_size(const struct vm_flash_src *src, uint64_t size,
			       struct av_err *err)
{
	if (src->exact && size != PFLASH_BANK_SIZE)
		return av_errf(err, EINVAL,
			       "%s: '%s' is %llu bytes; a virt flash bank is 64 MiB (%llu bytes): "
			       "pad it, e.g. truncate -s 64M",
			       src->option, src->path, (unsigned long long)size,
			       PFLASH_BANK_SIZE);
	if (size > PFLASH_BANK_SIZE)
		return av_errf(err, EFBIG, "%s: '%s' is larger than the 64 MiB flash bank",
			       src->option, src->path);
	return 0;
}

/* Open the bank's file; opts->fd stays -1 when it has none. */
static int vm_flash_open(const struct vm_flash_src *src, struct pflash_opts *o,
			 struct av_err *err)
{
	struct stat st;
	int fd, ret;

	o->fd = -1;
	/* A bank without a file is writable flash that lives as long as we do (QEMU's). */
	o->readonly = src->readonly;
	if (!src->path)
		return 0;
	fd = open(src->path, (src->readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0)
		return av_errf_errno(err, errno, "%s: cannot open '%s'%s", src->option,
				     src->path, src->readonly ? "" : " for writing");
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return av_errf(err, EINVAL, "%s: '%s' is not a regular file",
			       src->option, src->path);
	}
	ret = vm_flash_check_size(src, (uint64_t)st.st_size, err);
	if (ret) {
		close(fd);
		return ret;
	}
	o->fd = fd;
	o->file_size = (uint64_t)st.st_size;
	return 0;
}

/* A program or erase: blocks translated from the bank are stale now. */
static void vm_flash_changed(void *opaque, uint64_t off, uint64_t len)
{
	struct vm_flash_bank *b = opaque;
	struct vm *vm = b->vm;

	if (atomic_exchange(&b->rom->code, false) && vm->accel->rom_written)
		vm->accel->rom_written(vm, b->rom->base + off, len);
}

/* The bank entered or left read-array mode: KVM's memory slot follows. */
static void vm_flash_mode(void *opaque, bool array)
{
	struct vm_flash_bank *b = opaque;
	struct vm *vm = b->vm;

	if (vm->accel->rom_mode)
		vm->accel->rom_mode(vm, (unsigned int)(b->rom - vm->ram.romd), array);
}

static int vm_flash_create_bank(struct vm *vm, unsigned int n, struct av_err *err)
{
	uint64_t base = virt_memmap[VIRT_FLASH].base + n * VIRT_FLASH_BANK_SIZE;
	struct vm_flash_bank *b = &vm->flash_bank[n];
	struct pflash_opts o = {
		.changed = vm_flash_changed,
		.mode = vm_flash_mode,
		.opaque = b,
	};
	struct vm_flash_src src;
	struct guest_romd *rom;
	int ret;

	vm_flash_source(vm->cfg, n, &src);
	ret = vm_flash_open(&src, &o, err);
	if (ret)
		return ret;
	vm->flash[n] = pflash_create(&o, err);
	if (!vm->flash[n]) {
		if (o.fd >= 0)
			close(o.fd);
		av_err_prefix(err, "%s: '%s'", src.option, src.path ? src.path : "");
		return -err->code;
	}
	rom = &vm->ram.romd[vm->ram.nromd++];
	rom->base = base;
	rom->size = VIRT_FLASH_BANK_SIZE;
	rom->host = pflash_storage(vm->flash[n]);
	rom->readable = pflash_array_flag(vm->flash[n]);
	atomic_store(&rom->code, false);
	b->vm = vm;
	b->rom = rom;
	return mmio_bus_add(&vm->bus, base, VIRT_FLASH_BANK_SIZE, &pflash_mmio_ops,
			    vm->flash[n], n ? "pflash1" : "pflash0", err);
}

int vm_create_flash(struct vm *vm, struct av_err *err)
{
	int ret = 0;

	for (unsigned int n = 0; !ret && n < VIRT_FLASH_BANKS; n++)
		ret = vm_flash_create_bank(vm, n, err);
	return ret;
}

void vm_reset_flash(struct vm *vm)
{
	for (unsigned int n = 0; n < VIRT_FLASH_BANKS; n++)
		if (vm->flash[n])
			pflash_reset(vm->flash[n]);
}

void vm_destroy_flash(struct vm *vm)
{
	for (unsigned int n = 0; n < VIRT_FLASH_BANKS; n++) {
		pflash_destroy(vm->flash[n]);
		vm->flash[n] = NULL;
	}
	vm->ram.nromd = 0;
}
