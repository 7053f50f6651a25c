// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel ITS to and from struct snap_its
 * (Documentation/virt/kvm/devices/arm-vgic-its.rst). Saving asks KVM to
 * write its device, collection and translation tables into the memory
 * the guest gave the ITS (KVM_DEV_ARM_ITS_SAVE_TABLES, "ITS Table ABI
 * REV0"), so they travel with RAM, and reads the GITS_* registers.
 * Loading follows the file's "ITS Restore Sequence": after RAM and the
 * redistributors, GITS_IIDR, then GITS_CBASER, the other registers
 * (GITS_CREADR after GITS_CBASER, whose write clears it), the tables,
 * and GITS_CTLR last. Tables TCG kept in its own layout cannot be read
 * by KVM: such a snapshot is refused with the reason.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include <asm/kvm.h>
#include <linux/kvm.h>

#include "kvm_int.h"
#include "kvm_snap.h"
#include "snapshot.h"
#include "vm.h"

/* ITS control frame offsets (IHI 0069 12.19). */
#define GITS_CTLR	0x0000
#define GITS_IIDR	0x0004
#define GITS_CBASER	0x0080
#define GITS_CWRITER	0x0088
#define GITS_CREADR	0x0090
#define GITS_BASER(n)	(0x0100 + 8 * (n))

/* Every register through this group is a __u64, whatever its width. */
static int its_reg(int fd, uint32_t off, uint64_t *val, bool set, struct av_err *err)
{
	struct kvm_device_attr a = {
		.group = KVM_DEV_ARM_VGIC_GRP_ITS_REGS,
		.attr = off,
		.addr = (uintptr_t)val,
	};

	if (ioctl(fd, set ? KVM_SET_DEVICE_ATTR : KVM_GET_DEVICE_ATTR, &a) < 0)
		return av_errf_errno(err, errno, "vITS %s of register %#x",
				     set ? "write" : "read", off);
	return 0;
}

static int its_ctrl(int fd, uint64_t attr, const char *what, struct av_err *err)
{
	struct kvm_device_attr a = { .group = KVM_DEV_ARM_VGIC_GRP_CTRL, .attr = attr };

	if (ioctl(fd, KVM_SET_DEVICE_ATTR, &a) < 0)
		return av_errf_errno(err, errno, "vITS %s", what);
	return 0;
}

int kvm_snap_its_save(struct vm *vm, struct snap_its *its, struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	uint64_t ctlr = 0;
	int ret;

	memset(its, 0, sizeof(*its));
	if (!ks->its)
		return 0;
	ret = its_ctrl(ks->its_fd, KVM_DEV_ARM_ITS_SAVE_TABLES, "KVM_DEV_ARM_ITS_SAVE_TABLES", err);
	if (!ret)
		ret = its_reg(ks->its_fd, GITS_CTLR, &ctlr, false, err);
	if (!ret)
		ret = its_reg(ks->its_fd, GITS_CBASER, &its->cbaser, false, err);
	if (!ret)
		ret = its_reg(ks->its_fd, GITS_CWRITER, &its->cwriter, false, err);
	if (!ret)
		ret = its_reg(ks->its_fd, GITS_CREADR, &its->creadr, false, err);
	for (unsigned int i = 0; !ret && i < SNAP_ITS_NR_BASER; i++)
		ret = its_reg(ks->its_fd, GITS_BASER(i), &its->baser[i], false, err);
	its->ctlr = (uint32_t)ctlr;
	its->present = 1;
	its->tables_in_ram = 1;
	return ret;
}

static int its_check(const struct kvm_state *ks, const struct snap_its *its,
		     struct av_err *err)
{
	if (!its->present && ks->its)
		return av_errf(err, EINVAL, "the snapshot's machine has no ITS, this one has (use -M virt,its=off)");
	if (its->present && !ks->its)
		return av_errf(err, EINVAL, "the snapshot's machine has a GICv3 ITS, this one has none (drop its=off)");
	if (its->present && !its->tables_in_ram)
		return av_errf(err, EINVAL,
			       "the snapshot's ITS tables are in TCG's layout, which KVM cannot load: restore it under TCG, or take it with -M virt,its=off");
	return 0;
}

int kvm_snap_its_load(struct vm *vm, const struct snap_its *its, struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	uint64_t v[3] = { its->cbaser, its->creadr, its->cwriter }, ctlr = its->ctlr, iidr;
	int fd = ks->its_fd;
	int ret = its_check(ks, its, err);

	if (ret || !its->present)
		return ret;
	/* The table ABI revision KVM writes is the one it reads (IIDR.Revision). */
	ret = its_reg(fd, GITS_IIDR, &iidr, false, err);
	if (!ret)
		ret = its_reg(fd, GITS_IIDR, &iidr, true, err);
	if (!ret)
		ret = its_reg(fd, GITS_CBASER, &v[0], true, err);
	if (!ret)
		ret = its_reg(fd, GITS_CREADR, &v[1], true, err);
	if (!ret)
		ret = its_reg(fd, GITS_CWRITER, &v[2], true, err);
	for (unsigned int i = 0; !ret && i < SNAP_ITS_NR_BASER; i++) {
		uint64_t b = its->baser[i];

		ret = its_reg(fd, GITS_BASER(i), &b, true, err);
	}
	if (!ret)
		ret = its_ctrl(fd, KVM_DEV_ARM_ITS_RESTORE_TABLES, "KVM_DEV_ARM_ITS_RESTORE_TABLES", err);
	if (!ret)
		ret = its_reg(fd, GITS_CTLR, &ctlr, true, err);
	return ret;
}
