/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PSCI 1.0 over HVC (Arm DEN 0022D), as QEMU's virt board provides it
 * with psci-conduit=hvc: the firmware interface Linux uses to power
 * CPUs on and off and to power off or reset the machine.
 */
#ifndef ACCEL_TCG_PSCI_H
#define ACCEL_TCG_PSCI_H

#include <stdint.h>

struct cpu_state;

/* PSCI return codes (DEN 0022D, 5.2.2). */
#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMS	(-2)
#define PSCI_DENIED		(-3)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)
#define PSCI_INTERNAL_FAILURE	(-6)

/* Function IDs (SMC64 forms where they exist). */
#define PSCI_VERSION		0x84000000u
#define PSCI_CPU_SUSPEND_32	0x84000001u
#define PSCI_CPU_SUSPEND_64	0xc4000001u
#define PSCI_CPU_OFF		0x84000002u
#define PSCI_CPU_ON_32		0x84000003u
#define PSCI_CPU_ON_64		0xc4000003u
#define PSCI_AFFINITY_INFO_32	0x84000004u
#define PSCI_AFFINITY_INFO_64	0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE	0x84000006u
#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_SYSTEM_RESET	0x84000009u
#define PSCI_FEATURES		0x8400000au

/*
 * Execute the PSCI call in x0 (args x1..x3) made by the HVC at pc; the
 * result goes to x0. Returns the INSN_* code for the HVC handler
 * (INSN_EXIT when this CPU powered off or the VM stops).
 */
int psci_call(struct cpu_state *cpu, uint64_t pc);

#endif
