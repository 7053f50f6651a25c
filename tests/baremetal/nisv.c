// SPDX-License-Identifier: GPL-2.0
/*
 * An MMIO access that KVM cannot decode: LDP gives no valid syndrome
 * (ESR_ELx.ISV = 0, ARM ARM D17.2.40), so KVM hands it to the VMM
 * (KVM_EXIT_ARM_NISV), which must not end the VM: the guest takes an
 * external data abort (EC 0x25, DFSC 0x10) at the LDP, as under QEMU
 * with KVM. An emulator decodes the LDP itself and no abort comes: the
 * program says which happened; tests/shell/kvm_nested.sh expects the
 * abort under -accel kvm.
 */
#include "bm.h"

#define PL031_DR	0x09010000ull	/* the RTC's data register: reads are harmless */

static volatile uint64_t last_esr, last_elr, aborts;

void exc_handler(uint64_t index, struct frame *f)
{
	(void)index;
	last_esr = read_sysreg(esr_el1);
	last_elr = f->elr;
	aborts++;
	f->elr += 4;		/* skip the access */
}

int main(void)
{
	uint64_t a, b, at;

	puts_("nisv: start\n");
	__asm__ volatile("adr %2, 1f\n"
			 "1: ldp %0, %1, [%3]\n"
			 : "=&r"(a), "=&r"(b), "=&r"(at) : "r"(PL031_DR) : "memory");
	(void)a;
	(void)b;
	if (!aborts) {
		puts_("nisv: no abort (the access was emulated)\n");
	} else {
		/* ESR<31:26>; the nested host's KVM leaves ESR<63:32> sign-extended. */
		check("nisv: EC is a data abort from EL1", (last_esr >> 26) & 0x3f, 0x25);
		check("nisv: DFSC is a synchronous external abort", last_esr & 0x3f, 0x10);
		check("nisv: ELR is the LDP", last_elr, at);
		puts_("nisv: external abort taken\n");
	}
	finish();
	return 0;
}
