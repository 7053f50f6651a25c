// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over what -kernel and -initrd read: the input is the
 * file. The kernel path goes through format detection and the ELF,
 * uImage, Image, Image.gz, EFI zboot and raw parsers, then, when it
 * parses, placement in a small RAM, the copy (ELF segments and BSS
 * included) and the boot registers; the initrd path through the uImage
 * ramdisk parser. Every byte the loaders trust comes from the file, so
 * a parse that lets a size or an offset through unchecked shows up here
 * as an AddressSanitizer report in the copy.
 */
#include "boot.h"
#include "fuzz_common.h"

#define RAM_BASE	0x40000000ULL
/* Small, so a copy is cheap; big enough for the kernel, DTB and initrd slots. */
#define RAM_SIZE	(8ULL << 20)

static struct guest_ram *fuzz_ram(void)
{
	static struct guest_ram ram;
	struct av_err err;

	if (!ram.host && guest_ram_alloc(&ram, RAM_BASE, RAM_SIZE, &err))
		abort();
	return &ram;
}

static void fuzz_kernel(const char *path, const struct boot_blob *initrd)
{
	struct kernel_image k;
	struct boot_layout layout;
	struct boot_regs regs;
	struct av_err err;
	/* From host memory, as a uImage ramdisk or a firmware boot has it. */
	struct initrd_image rd = { .blob = initrd ? *initrd : (struct boot_blob){ 0 },
				   .size = initrd ? initrd->size : 0 };

	if (boot_load_kernel_file(path, &k, &err))
		return;
	if (!boot_place(&k, rd.size, 0x1000, RAM_BASE, RAM_SIZE, &layout, &err) &&
	    !boot_copy_to_ram(&k, &rd, &layout, fuzz_ram(), &err))
		boot_regs_compute(&k, &layout, &regs);
	boot_kernel_free(&k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_file file;
	const char *path = fuzz_file_set(&file, data, size);
	struct boot_blob initrd;
	struct av_err err;

	if (boot_load_initrd_file(path, &initrd, &err)) {
		fuzz_kernel(path, NULL);
		return 0;
	}
	fuzz_kernel(path, &initrd);
	boot_blob_free(&initrd);
	return 0;
}
