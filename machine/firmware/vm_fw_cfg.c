// SPDX-License-Identifier: GPL-2.0
/*
 * fw_cfg on the virt board (hw/arm/virt.c create_fw_cfg(), hw/arm/boot.c
 * for the kernel items): the CPU count, -fw_cfg files, and when firmware
 * and -kernel meet, the kernel, initrd and command line for the firmware
 * to boot (edk2's QemuKernelLoaderFsDxe reads them as files of its own;
 * the kernel is an EFI application through its PE/COFF header).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fw_cfg.h"
#include "vm.h"

/* -fw_cfg files are small blobs (keys, settings): cap what is read. */
#define VM_FW_CFG_FILE_MAX	(64u << 20)

static void vm_fw_cfg_written(void *opaque, uint64_t gpa, uint64_t len)
{
	vm_dma_written(opaque, gpa, len);
}

static int vm_fw_cfg_read_file(const char *path, uint8_t **out, size_t *len,
			       struct av_err *err)
{
	struct stat st;
	size_t done = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return av_errf_errno(err, errno, "-fw_cfg: cannot open '%s'", path);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > VM_FW_CFG_FILE_MAX) {
		close(fd);
		return av_errf(err, EINVAL, "-fw_cfg: '%s' is not a regular file of at most %u MiB",
			       path, VM_FW_CFG_FILE_MAX >> 20);
	}
	*out = malloc((size_t)st.st_size + 1);
	while (*out && done < (size_t)st.st_size) {
		n = read(fd, *out + done, (size_t)st.st_size - done);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	close(fd);
	if (!*out || done != (size_t)st.st_size) {
		free(*out);
		return av_errf(err, EIO, "-fw_cfg: cannot read '%s'", path);
	}
	*len = done;
	return 0;
}

static int vm_fw_cfg_user_files(struct vm *vm, struct av_err *err)
{
	const struct vm_config *cfg = vm->cfg;
	int ret = 0;

	for (unsigned int i = 0; !ret && i < cfg->nfw_cfgs; i++) {
		const struct config_fw_cfg *f = &cfg->fw_cfgs[i];
		uint8_t *data = NULL;
		size_t len = 0;

		if (f->string) {
			ret = fw_cfg_add_file(vm->fw_cfg, f->name, f->string,
					      strlen(f->string), err);
			continue;
		}
		ret = vm_fw_cfg_read_file(f->file, &data, &len, err);
		if (!ret)
			ret = fw_cfg_add_file(vm->fw_cfg, f->name, data, len, err);
		free(data);
	}
	return ret;
}

/*
 * hw/arm/boot.c with a firmware: KERNEL_SIZE/DATA (the Image, gunzipped
 * as QEMU's load_image_to_fw_cfg() does), INITRD_SIZE/DATA, and
 * CMDLINE_SIZE/DATA with the terminating NUL. The bytes are the ones
 * vm->kernel and vm->initrd keep (never dropped on this path).
 */
static int vm_fw_cfg_kernel(struct vm *vm, struct av_err *err)
{
	const char *append = vm->cfg->append;
	struct fw_cfg *fc = vm->fw_cfg;
	int ret;

	if (!vm->cfg->kernel || !vm_has_firmware(vm->cfg))
		return 0;
	ret = fw_cfg_add_u32(fc, FW_CFG_KERNEL_SIZE, (uint32_t)vm->kernel.blob.size, err);
	if (!ret)
		ret = fw_cfg_add_bytes_ref(fc, FW_CFG_KERNEL_DATA, vm->kernel.blob.data,
					   vm->kernel.blob.size, err);
	if (!ret)
		ret = fw_cfg_add_u32(fc, FW_CFG_INITRD_SIZE, (uint32_t)vm->initrd.blob.size, err);
	if (!ret && vm->initrd.blob.size)
		ret = fw_cfg_add_bytes_ref(fc, FW_CFG_INITRD_DATA, vm->initrd.blob.data,
					   vm->initrd.blob.size, err);
	if (!ret && append)
		ret = fw_cfg_add_u32(fc, FW_CFG_CMDLINE_SIZE, (uint32_t)strlen(append) + 1, err);
	if (!ret && append)
		ret = fw_cfg_add_bytes(fc, FW_CFG_CMDLINE_DATA, append, strlen(append) + 1, err);
	return ret;
}

int vm_create_fw_cfg(struct vm *vm, struct av_err *err)
{
	const struct board_region *r = &virt_memmap[VIRT_FW_CFG];
	uint8_t uuid[16] = { 0 };
	int ret;

	vm->fw_cfg = fw_cfg_create(&vm->ram, vm_fw_cfg_written, vm, err);
	if (!vm->fw_cfg)
		return -err->code;
	ret = fw_cfg_add_bytes(vm->fw_cfg, FW_CFG_UUID, uuid, sizeof(uuid), err);
	if (!ret)
		ret = fw_cfg_add_u16(vm->fw_cfg, FW_CFG_NOGRAPHIC, 1, err);
	if (!ret)
		ret = fw_cfg_add_u16(vm->fw_cfg, FW_CFG_BOOT_MENU, 0, err);
	if (!ret)
		ret = fw_cfg_add_u16(vm->fw_cfg, FW_CFG_NB_CPUS, (uint16_t)vm->ncpus, err);
	if (!ret)
		ret = fw_cfg_add_u16(vm->fw_cfg, FW_CFG_MAX_CPUS, (uint16_t)vm->ncpus, err);
	if (!ret)
		ret = vm_fw_cfg_kernel(vm, err);
	if (!ret)
		ret = vm_fw_cfg_user_files(vm, err);
	if (ret)
		return ret;
	return mmio_bus_add(&vm->bus, r->base, r->size, &fw_cfg_mmio_ops, vm->fw_cfg,
			    r->name, err);
}

void vm_destroy_fw_cfg(struct vm *vm)
{
	fw_cfg_destroy(vm->fw_cfg);
	vm->fw_cfg = NULL;
}
