// SPDX-License-Identifier: GPL-2.0
/*
 * The names armvisor accepts for -machine, -cpu, -accel and -d, with the
 * one-line help that "-X help" prints. Each table ends with a NULL name.
 */
#include <errno.h>
#include <string.h>

#include "opts.h"

const struct name_help cli_machines[] = {
	{ "virt", "QEMU 7.2 ARM Virtual Machine (arm64 guests only)" },
	{ NULL, NULL },
};

/* -cpu: what the TCG models (docs/ARCHITECTURE.md, "accel-tcg") and what KVM maps to the host. */
const struct name_help cli_cpu_models[] = {
	{ "cortex-a53", "ARM Cortex-A53 (ARMv8.0)" },
	{ "cortex-a57", "ARM Cortex-A57 (ARMv8.0, the default)" },
	{ "cortex-a72", "ARM Cortex-A72 (ARMv8.0)" },
	{ "max", "every feature the accelerator implements" },
	{ "host", "the host CPU (KVM only)" },
	{ NULL, NULL },
};

const struct name_help cli_accels[] = {
	{ "kvm", "Linux KVM (arm64 hosts with /dev/kvm)" },
	{ "tcg", "the built-in AArch64 translator" },
	{ NULL, NULL },
};

/* QEMU's names and wording for the -d items we log (util/log.c). */
const struct log_item_desc cli_log_items[] = {
	{ "out_asm", LOG_OUT_ASM, "show generated host assembly code for each compiled TB" },
	{ "in_asm", LOG_IN_ASM, "show target assembly code for each compiled TB" },
	{ "int", LOG_INT, "show interrupts/exceptions in short format" },
	{ "exec", LOG_EXEC, "show trace before each executed TB (lots of logs)" },
	{ "cpu", LOG_CPU, "show CPU registers before entering a TB (lots of logs)" },
	{ "mmu", LOG_MMU, "log MMU-related activities" },
	{ "unimp", LOG_UNIMP, "log unimplemented functionality" },
	{ "guest_errors", LOG_GUEST_ERRORS,
	  "log when the guest OS does something invalid (eg accessing a non-existent register)" },
	{ "nochain", LOG_NOCHAIN,
	  "do not chain compiled TBs so that \"exec\" and \"cpu\" show complete traces" },
	{ "kvm", LOG_KVM,
	  "log KVM ioeventfds/irqfds as they are set up, and their use counts at exit" },
	{ NULL, 0, NULL },
};

int cpu_check_name(const char *name, struct av_err *err)
{
	for (unsigned int i = 0; cli_cpu_models[i].name; i++)
		if (!strcmp(name, cli_cpu_models[i].name))
			return 0;
	return av_errf(err, EINVAL,
		       "unable to find CPU model '%s' (use -cpu help to list)",
		       name);
}

/* QEMU's PCI NIC models (-net nic,model=help on a PCI board), and virtio's -pci names. */
static const char *const cli_pci_models[] = {
	"e1000", "e1000-82544gc", "e1000-82545em", "e1000e", "i82550", "i82551",
	"i82557a", "i82557b", "i82557c", "i82558a", "i82558b", "i82559a", "i82559b",
	"i82559c", "i82559er", "i82562", "i82801", "ne2k_pci", "pcnet", "rtl8139",
	"tulip", "vmxnet3", "igb", NULL,
};

bool cli_model_needs_pci(const char *name)
{
	size_t n = strlen(name);

	if (n > 4 && !strcmp(name + n - 4, "-pci"))
		return true;
	if (strstr(name, "-pci-"))	/* virtio-net-pci-non-transitional ... */
		return true;
	for (unsigned int i = 0; cli_pci_models[i]; i++)
		if (!strcmp(name, cli_pci_models[i]))
			return true;
	return false;
}
