// SPDX-License-Identifier: GPL-2.0
/*
 * The boot CPU's registers (booting.rst section 4, "Call the kernel
 * image"): x0 = physical address of the DTB, x1 = x2 = x3 = 0 (reserved
 * for future use), PC = the kernel's entry. A non-Linux kernel (ELF, a
 * uImage whose OS is not Linux) gets only its entry, as QEMU's
 * do_cpu_reset does: every register zero.
 */
#include <string.h>

#include "boot.h"

void boot_regs_compute(const struct kernel_image *k,
		       const struct boot_layout *layout, struct boot_regs *out)
{
	memset(out, 0, sizeof(*out));
	if (k->is_linux)
		out->x[0] = layout->dtb_addr;
	out->pc = layout->entry;
}
