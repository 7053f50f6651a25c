// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's pcie-root-port (hw/pci-bridge/gen_pcie_root_port.c facts):
 * 1b36:000c, class 0604, a PCI-to-PCI bridge with one device (slot 0)
 * below it, subsystem 1b36:0000 in an SSVID capability, a PCI Express
 * capability of a Root Port (PCIe base spec 4.0, 7.5.3: version 2, slot
 * implemented, link up at 2.5 GT/s x1; no hot-plug, so Linux's pciehp
 * leaves it alone) and MSI-X with one vector in a 4 KiB BAR 0, which
 * nothing ever signals (no hot-plug, AER or PME events are modelled).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pci.h"
#include "pci_root_port.h"

#define PCI_DEVICE_REDHAT_RP	0x000c
#define PCI_CAP_ID_SSVID	0x0d
#define RP_MSIX_BAR_SIZE	0x1000
#define RP_MSIX_PBA		0x800

/* PCI Express Capability structure (7.5.3), from the capability's start. */
#define EXP_FLAGS		0x02
#define EXP_DEVCTL		0x08
#define EXP_LNKCAP		0x0c
#define EXP_LNKCTL		0x10
#define EXP_LNKSTA		0x12
#define EXP_SLTCAP		0x14
#define EXP_SLTSTA		0x1a
#define EXP_RTCTL		0x1c
#define EXP_SIZE		0x3c
#define EXP_FLAGS_V2_ROOT_SLOT	(0x2 | 0x4 << 4 | 1 << 8)
#define EXP_LNK_GEN1_X1		(0x1 | 0x1 << 4)
#define EXP_LNKCAP_DLLLARC	(1u << 20)
#define EXP_LNKSTA_DLLLA	(1u << 13)
#define EXP_SLTSTA_PDS		(1u << 6)

struct pci_root_port {
	struct pci_func f;
	struct pci_msix msix;
	pthread_mutex_t lock;		/* the MSI-X table */
	uint8_t exp;
	char name[64];
};

static int rp_bar_read(void *opaque, uint64_t off, unsigned int size, uint64_t *val)
{
	struct pci_root_port *rp = opaque;
	int ret;

	pthread_mutex_lock(&rp->lock);
	if (off >= RP_MSIX_PBA)
		ret = pci_msix_pba_read(&rp->msix, off - RP_MSIX_PBA, size, val);
	else
		ret = pci_msix_table_read(&rp->msix, off, size, val);
	pthread_mutex_unlock(&rp->lock);
	return ret;
}

static int rp_bar_write(void *opaque, uint64_t off, unsigned int size, uint64_t val)
{
	struct pci_root_port *rp = opaque;
	int ret = 0;

	pthread_mutex_lock(&rp->lock);
	if (off < RP_MSIX_PBA)
		ret = pci_msix_table_write(&rp->msix, off, size, val);
	pthread_mutex_unlock(&rp->lock);
	return ret;
}

static const struct mmio_ops rp_bar_ops = { .read = rp_bar_read, .write = rp_bar_write };

static void rp_config_write(void *opaque, uint32_t off, unsigned int size, uint32_t val)
{
	struct pci_root_port *rp = opaque;

	(void)val;
	if (off >= rp->msix.cap + 4u || off + size <= rp->msix.cap)
		return;
	pthread_mutex_lock(&rp->lock);
	pci_msix_config_written(&rp->msix);
	pthread_mutex_unlock(&rp->lock);
}

/* Presence Detect State follows what is plugged below (7.5.3.11). */
static void rp_config_read(void *opaque, uint32_t off, unsigned int size)
{
	struct pci_root_port *rp = opaque;
	uint8_t *sta = rp->f.config + rp->exp + EXP_SLTSTA;

	(void)off;
	(void)size;
	pci_set_word(sta, rp->f.below[0] ? EXP_SLTSTA_PDS : 0);
}

static void rp_reset(void *opaque)
{
	struct pci_root_port *rp = opaque;

	pthread_mutex_lock(&rp->lock);
	pci_msix_reset(&rp->msix);
	pthread_mutex_unlock(&rp->lock);
}

/* Snapshots: the MSI-X table and PBA after the config (pci_snap.c). */
static void rp_snap_save(void *opaque, struct snap_wbuf *w)
{
	struct pci_root_port *rp = opaque;

	pthread_mutex_lock(&rp->lock);
	pci_msix_snap_save(&rp->msix, w);
	pthread_mutex_unlock(&rp->lock);
}

static int rp_snap_load(void *opaque, struct snap_rbuf *r, struct av_err *err)
{
	struct pci_root_port *rp = opaque;
	int ret;

	pthread_mutex_lock(&rp->lock);
	ret = pci_msix_snap_load(&rp->msix, r, err);
	if (!ret)
		pci_msix_config_written(&rp->msix);
	pthread_mutex_unlock(&rp->lock);
	return ret;
}

static int rp_add_exp(struct pci_root_port *rp, unsigned int slot,
		      unsigned int port, struct av_err *err)
{
	uint8_t *c;

	rp->exp = pci_func_add_cap(&rp->f, PCI_CAP_ID_EXP, EXP_SIZE);
	if (!rp->exp)
		return av_errf(err, ENOSPC, "%s: no room for the PCIe capability", rp->name);
	c = rp->f.config + rp->exp;
	pci_set_word(c + EXP_FLAGS, EXP_FLAGS_V2_ROOT_SLOT);
	pci_set_long(c + EXP_LNKCAP, EXP_LNK_GEN1_X1 | EXP_LNKCAP_DLLLARC |
		     (uint32_t)(port & 0xff) << 24);
	pci_set_word(c + EXP_LNKSTA, EXP_LNK_GEN1_X1 | EXP_LNKSTA_DLLLA);
	pci_set_long(c + EXP_SLTCAP, (uint32_t)(slot & 0x1fff) << 19);
	/* Device, Link and Root Control: the guest's to set (7.5.3.4, .7, .12). */
	pci_set_word(rp->f.wmask + rp->exp + EXP_DEVCTL, 0x7fff);
	pci_set_word(rp->f.wmask + rp->exp + EXP_LNKCTL, 0x01c3);
	pci_set_word(rp->f.wmask + rp->exp + EXP_RTCTL, 0x001f);
	return 0;
}

/*
 * A bridge's subsystem IDs live in a capability (PCI-to-PCI Bridge spec
 * 1.2, appendix: Subsystem ID and Subsystem Vendor ID); QEMU's root port
 * says 1b36:0000.
 */
static int rp_add_ssvid(struct pci_root_port *rp, struct av_err *err)
{
	uint8_t at = pci_func_add_cap(&rp->f, PCI_CAP_ID_SSVID, 8);

	if (!at)
		return av_errf(err, ENOSPC, "%s: no room for the SSVID capability", rp->name);
	pci_set_word(rp->f.config + at + 4, PCI_VENDOR_REDHAT);
	return 0;
}

struct pci_root_port *pci_root_port_create(const char *id, unsigned int slot,
					   unsigned int port, struct av_err *err)
{
	struct pci_root_port *rp = calloc(1, sizeof(*rp));
	const struct pci_bar bar = { .size = RP_MSIX_BAR_SIZE, .ops = &rp_bar_ops };

	if (!rp) {
		av_errf(err, ENOMEM, "out of memory");
		return NULL;
	}
	snprintf(rp->name, sizeof(rp->name), "pcie-root-port '%s'", id);
	pthread_mutex_init(&rp->lock, NULL);
	pci_bridge_init(&rp->f, rp->name, PCI_VENDOR_REDHAT, PCI_DEVICE_REDHAT_RP);
	rp->f.ops = (struct pci_func_ops){
		.config_write = rp_config_write, .config_read = rp_config_read,
		.reset = rp_reset, .snap_save = rp_snap_save, .snap_load = rp_snap_load,
	};
	rp->f.opaque = rp;
	pci_func_set_bar(&rp->f, 0, &bar);
	rp->f.bars[0].opaque = rp;
	if (rp_add_ssvid(rp, err) || rp_add_exp(rp, slot, port, err) ||
	    pci_msix_init(&rp->msix, &rp->f, 1, 0, 0, RP_MSIX_PBA, err)) {
		pci_root_port_destroy(rp);
		return NULL;
	}
	return rp;
}

void pci_root_port_destroy(struct pci_root_port *rp)
{
	if (!rp)
		return;
	pci_msix_fini(&rp->msix);
	pthread_mutex_destroy(&rp->lock);
	free(rp);
}

struct pci_func *pci_root_port_func(struct pci_root_port *rp)
{
	return &rp->f;
}
