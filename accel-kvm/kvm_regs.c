// SPDX-License-Identifier: GPL-2.0
/*
 * KVM encodings that need no /dev/kvm: ONE_REG ids, KVM_IRQ_LINE numbers
 * and IPA sizing. kvm_vcpu.c checks them against the kernel's uapi macros
 * (it is built for aarch64 only).
 */
#include <stddef.h>

#include "board.h"
#include "kvm_int.h"

uint64_t kvm_core_reg_id(uint64_t word_offset)
{
	return KVMA_REG_ARM64 | KVMA_REG_SIZE_U64 | KVMA_REG_ARM_CORE | word_offset;
}

/* Field layout of KVM_REG_ARM64_SYSREG ids: op0 15:14, op1 13:11, CRn 10:7, CRm 6:3, op2 2:0. */
uint64_t kvm_sysreg_id(unsigned int op0, unsigned int op1, unsigned int crn,
		       unsigned int crm, unsigned int op2)
{
	return KVMA_REG_ARM64 | KVMA_REG_SIZE_U64 | KVMA_REG_ARM64_SYSREG |
	       ((uint64_t)(op0 & 3) << 14) | ((uint64_t)(op1 & 7) << 11) |
	       ((uint64_t)(crn & 15) << 7) | ((uint64_t)(crm & 15) << 3) |
	       (op2 & 7);
}

bool kvm_irq_line_encode(unsigned int intid, unsigned int vcpu, uint32_t *out)
{
	if (intid >= GIC_SPI_BASE && intid <= 0xffff) {
		*out = (KVMA_IRQ_TYPE_SPI << 24) | intid;
		return true;
	}
	if (intid >= GIC_PPI_BASE && intid < GIC_SPI_BASE && vcpu <= 0xff) {
		*out = (KVMA_IRQ_TYPE_PPI << 24) | (vcpu << 16) | intid;
		return true;
	}
	return false;
}

unsigned int kvm_ipa_bits_needed(uint64_t ram_end)
{
	unsigned int bits = 32;

	while (bits < 64 && (ram_end - 1) >> bits)
		bits++;
	return bits <= 40 ? 0 : bits;
}
