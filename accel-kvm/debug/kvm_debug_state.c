// SPDX-License-Identifier: GPL-2.0
/*
 * What gdb reads and writes in a parked KVM vCPU: registers through
 * ONE_REG (api.rst "KVM_SET_ONE_REG", arm64 core and FP registers), and
 * guest virtual memory through a stage 1 walk of the vCPU's own tables
 * (KVM has no address translation ioctl on arm64). The walk handles the
 * 4 KiB granule, which Linux uses here; others give an error.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>

#include <asm/kvm.h>
#include <linux/kvm.h>

#include "kvm_debug.h"
#include "vm.h"


/* PSTATE.M (ARM ARM C5.2.18): EL1 using SP_EL1. */
#define DBG_MODE_MASK	0xfu
#define DBG_MODE_EL1H	0x5u
#define DBG_MODE_EL1T	0x4u
#define DBG_DAIF	0x3c0u

int kvm_debug_reg(struct kvm_vcpu *v, uint64_t id, void *val, bool set)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)val };

	if (ioctl(v->fd, set ? KVM_SET_ONE_REG : KVM_GET_ONE_REG, &reg) < 0)
		return -errno;
	return 0;
}

static struct kvm_vcpu *debug_vcpu(struct vm *vm, unsigned int idx)
{
	struct kvm_state *ks = vm->accel_state;

	return ks && idx < ks->nvcpus ? &ks->vcpus[idx] : NULL;
}

int kvm_debug_pc(struct kvm_vcpu *v, uint64_t *pc)
{
	return kvm_debug_reg(v, KVM_CORE64(regs.pc), pc, false);
}

/* gdb's sp is the one in use: SP_EL1 in EL1h, else SP_EL0. */
static uint64_t sp_id(uint64_t pstate)
{
	return (pstate & DBG_MODE_MASK) == DBG_MODE_EL1H ? KVM_CORE64(sp_el1) : KVM_CORE64(regs.sp);
}

int kvm_debug_get_regs(struct vm *vm, unsigned int idx, struct accel_debug_regs *r)
{
	struct kvm_vcpu *v = debug_vcpu(vm, idx);
	uint64_t pstate = 0;
	unsigned int i;
	int ret = 0;

	if (!v)
		return -ENOENT;
	memset(r, 0, sizeof(*r));
	for (i = 0; !ret && i < 31; i++)
		ret = kvm_debug_reg(v, KVM_CORE64(regs.regs[i]), &r->x[i], false);
	if (!ret)
		ret = kvm_debug_reg(v, KVM_CORE64(regs.pstate), &pstate, false);
	if (!ret)
		ret = kvm_debug_reg(v, sp_id(pstate), &r->sp, false);
	if (!ret)
		ret = kvm_debug_reg(v, KVM_CORE64(regs.pc), &r->pc, false);
	r->cpsr = (uint32_t)pstate;
	for (i = 0; !ret && i < 32; i++)
		ret = kvm_debug_reg(v, KVM_VREG(i), r->v[i], false);
	if (!ret)
		ret = kvm_debug_reg(v, KVM_CORE32(fp_regs.fpsr), &r->fpsr, false);
	if (!ret)
		ret = kvm_debug_reg(v, KVM_CORE32(fp_regs.fpcr), &r->fpcr, false);
	return ret;
}

/* As under TCG, gdb may change NZCV and DAIF, not the mode. */
int kvm_debug_set_regs(struct vm *vm, unsigned int idx,
		       const struct accel_debug_regs *r)
{
	struct kvm_vcpu *v = debug_vcpu(vm, idx);
	uint64_t pstate = 0, sp = r->sp, pc = r->pc;
	uint32_t fpsr = r->fpsr, fpcr = r->fpcr;
	uint64_t x[31];
	unsigned int i;
	int ret;

	if (!v)
		return -ENOENT;
	memcpy(x, r->x, sizeof(x));
	ret = kvm_debug_reg(v, KVM_CORE64(regs.pstate), &pstate, false);
	pstate = (pstate & ~(0xf0000000ull | DBG_DAIF)) |
		 (r->cpsr & (0xf0000000u | DBG_DAIF));
	for (i = 0; !ret && i < 31; i++)
		ret = kvm_debug_reg(v, KVM_CORE64(regs.regs[i]), &x[i], true);
	if (!ret)
		ret = kvm_debug_reg(v, KVM_CORE64(regs.pstate), &pstate, true);
	if (!ret)
		ret = kvm_debug_reg(v, sp_id(pstate), &sp, true);
	if (!ret)
		ret = kvm_debug_reg(v, KVM_CORE64(regs.pc), &pc, true);
	for (i = 0; !ret && i < 32; i++)
		ret = kvm_debug_reg(v, KVM_VREG(i), (void *)r->v[i], true);
	if (!ret)
		ret = kvm_debug_reg(v, KVM_CORE32(fp_regs.fpsr), &fpsr, true);
	if (!ret)
		ret = kvm_debug_reg(v, KVM_CORE32(fp_regs.fpcr), &fpcr, true);
	return ret;
}

/* The registers a stage 1 walk of the EL1&0 regime reads (D5.2). */
struct walk_regs {
	uint64_t sctlr, tcr, ttbr0, ttbr1;
};

static int walk_regs_get(struct kvm_vcpu *v, struct walk_regs *w)
{
	int ret = kvm_debug_reg(v, kvm_sysreg_id(3, 0, 1, 0, 0), &w->sctlr, false);

	if (!ret)
		ret = kvm_debug_reg(v, kvm_sysreg_id(3, 0, 2, 0, 2), &w->tcr, false);
	if (!ret)
		ret = kvm_debug_reg(v, kvm_sysreg_id(3, 0, 2, 0, 0), &w->ttbr0, false);
	if (!ret)
		ret = kvm_debug_reg(v, kvm_sysreg_id(3, 0, 2, 0, 1), &w->ttbr1, false);
	return ret;
}

static int walk_desc(struct vm *vm, uint64_t addr, uint64_t *desc)
{
	const void *p = guest_ram_ptr(&vm->ram, addr, 8);

	if (!p)
		return -EFAULT;
	memcpy(desc, p, 8);
	return 0;
}

/*
 * va -> pa through the 4K-granule tables (ARM ARM D5.2.6): TTBR1 for the
 * upper range (bit 55 set), TTBR0 for the lower; TCR.TxSZ sizes each.
 */
static int walk_va(struct vm *vm, const struct walk_regs *w, uint64_t va, uint64_t *pa)
{
	bool upper = (va >> 55) & 1;
	unsigned int tsz = upper ? (w->tcr >> 16) & 63 : w->tcr & 63;
	unsigned int tg = upper ? (w->tcr >> 30) & 3 : (w->tcr >> 14) & 3;
	unsigned int bits = 64 - tsz, level, shift, ibits;
	uint64_t table = (upper ? w->ttbr1 : w->ttbr0) & 0x0000fffffffffffeull;
	uint64_t top = va << 8 >> 8 >> bits, desc;
	int ret;

	if (!(w->sctlr & 1)) {
		*pa = va;	/* MMU off: flat */
		return 0;
	}
	if (tg != (upper ? 2u : 0u) || bits < 25 || bits > 48)
		return -ENOTSUP;	/* not the 4K granule, or an odd size */
	/* The bits above the range (below the top byte) are all 0 or all 1. */
	if (top != (upper ? (~0ull >> (8 + bits)) : 0))
		return -EFAULT;
	level = 4 - (bits - 12 + 8) / 9;
	for (;; level++) {
		shift = 12 + 9 * (3 - level);
		/* The first level may index fewer than 9 bits. */
		ibits = bits - shift < 9 ? bits - shift : 9;
		ret = walk_desc(vm, table + ((va >> shift) & ((1u << ibits) - 1)) * 8,
				&desc);
		if (ret)
			return ret;
		if (!(desc & 1))
			return -EFAULT;
		if (level == 3 || !(desc & 2)) {
			if ((level == 3) != !!(desc & 2) || level == 0)
				return -EFAULT;
			*pa = (desc & 0x0000fffffffff000ull & ~((1ull << shift) - 1)) |
			      (va & ((1ull << shift) - 1));
			return 0;
		}
		table = desc & 0x0000fffffffff000ull;
	}
}

/* Host pointer to up to *n bytes at va, never past its page. */
static uint8_t *debug_va_ptr(struct vm *vm, const struct walk_regs *w, uint64_t va,
			     size_t *n, int *err)
{
	size_t room = 4096 - (va & 4095);
	uint64_t pa;
	uint8_t *p;

	if (*n > room)
		*n = room;
	*err = walk_va(vm, w, va, &pa);
	if (*err)
		return NULL;
	p = guest_ram_ptr(&vm->ram, pa, *n);
	if (!p)
		*err = -EFAULT;
	return p;
}

static int debug_mem(struct vm *vm, unsigned int idx, uint64_t va, uint8_t *buf,
		     size_t len, bool write)
{
	struct kvm_vcpu *v = debug_vcpu(vm, idx);
	struct walk_regs w;
	uint8_t *p;
	size_t n;
	int ret;

	if (!v)
		return -ENOENT;
	ret = walk_regs_get(v, &w);
	while (!ret && len) {
		n = len;
		p = debug_va_ptr(vm, &w, va, &n, &ret);
		if (!p)
			break;
		if (write) {
			memcpy(p, buf, n);
			/* The guest may run it (BRK): make the I-side see it. */
			__builtin___clear_cache((char *)p, (char *)p + n);
		} else {
			memcpy(buf, p, n);
		}
		buf += n;
		va += n;
		len -= n;
	}
	return ret;
}

int kvm_debug_read_mem(struct vm *vm, unsigned int idx, uint64_t va, void *buf,
		       size_t len)
{
	return debug_mem(vm, idx, va, buf, len, false);
}

int kvm_debug_write_mem(struct vm *vm, unsigned int idx, uint64_t va,
			const void *buf, size_t len)
{
	return debug_mem(vm, idx, va, (uint8_t *)buf, len, true);
}

/*
 * Exception entry to EL1 done by hand (ARM ARM D1.10: ELR, SPSR, ESR,
 * PSTATE = EL1h with DAIF masked, PC = VBAR_EL1 + the vector for where it
 * came from), for a BRK that was the guest's own while KVM sent every BRK
 * to us (KVM_GUESTDBG_USE_SW_BP). QEMU's kvm64.c does the same.
 */
int kvm_debug_inject_sync(struct kvm_vcpu *v, uint32_t esr)
{
	uint64_t pstate, pc, vbar, esr64 = esr, mode, off;
	int ret = kvm_debug_reg(v, KVM_CORE64(regs.pstate), &pstate, false);

	if (!ret)
		ret = kvm_debug_reg(v, KVM_CORE64(regs.pc), &pc, false);
	if (!ret)
		ret = kvm_debug_reg(v, kvm_sysreg_id(3, 0, 12, 0, 0), &vbar, false);
	if (ret)
		return ret;
	mode = pstate & DBG_MODE_MASK;
	off = mode == DBG_MODE_EL1H ? 0x200 : mode == DBG_MODE_EL1T ? 0 : 0x400;
	ret = kvm_debug_reg(v, KVM_CORE64(elr_el1), &pc, true);
	if (!ret)
		ret = kvm_debug_reg(v, KVM_CORE64(spsr[KVM_SPSR_EL1]), &pstate, true);
	if (!ret)
		ret = kvm_debug_reg(v, kvm_sysreg_id(3, 0, 5, 2, 0), &esr64, true);
	pstate = DBG_MODE_EL1H | DBG_DAIF;
	pc = vbar + off;
	if (!ret)
		ret = kvm_debug_reg(v, KVM_CORE64(regs.pstate), &pstate, true);
	if (!ret)
		ret = kvm_debug_reg(v, KVM_CORE64(regs.pc), &pc, true);
	return ret;
}
