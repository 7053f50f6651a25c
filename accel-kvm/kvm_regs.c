// SPDX-License-Identifier: GPL-2.0
/*
 * KVM encodings that need no /dev/kvm: ONE_REG ids, KVM_IRQ_LINE numbers,
 * IPA sizing, and the vGIC attribute encodings snapshots use. kvm_vcpu.c checks them against the kernel's uapi macros
 * (it is built for aarch64 only).
 */
#include <stddef.h>
#include <string.h>

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

uint64_t kvm_vgic_mpidr_attr(uint64_t mpidr)
{
	uint64_t aff = ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);

	return aff << 32;
}

unsigned int kvm_vgic_apr_count(unsigned int pribits)
{
	return pribits >= 7 ? 4 : pribits == 6 ? 2 : 1;
}

static unsigned int apr_shift(unsigned int pribits)
{
	if (pribits > 7)
		pribits = 7;	/* ICC_CTLR_EL1.PRIbits is 3 bits; 8 means 7 groups' worth */
	return pribits > 5 ? pribits - 5 : 0;
}

void kvm_vgic_apr_to_kvm(uint32_t groups, unsigned int pribits, uint64_t kvm[4])
{
	unsigned int shift = apr_shift(pribits);

	memset(kvm, 0, 4 * sizeof(kvm[0]));
	for (unsigned int g = 0; g < 32; g++) {
		unsigned int k = g << shift;

		if ((groups >> g) & 1)
			kvm[k / 32] |= 1ull << (k % 32);
	}
}

uint32_t kvm_vgic_apr_from_kvm(const uint64_t kvm[4], unsigned int pribits)
{
	unsigned int shift = apr_shift(pribits);
	uint32_t groups = 0;

	for (unsigned int g = 0; g < 32; g++) {
		unsigned int k = g << shift;

		if ((kvm[k / 32] >> (k % 32)) & 1)
			groups |= 1u << g;
	}
	return groups;
}
