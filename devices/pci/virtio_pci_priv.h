/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the virtio-pci transport (devices/pci/virtio_pci*.c): the
 * layout QEMU's virtio-pci gives a modern device (hw/virtio/virtio-pci.c
 * facts), virtio 1.1 section 4.1.
 */
#ifndef ARMVISOR_VIRTIO_PCI_PRIV_H
#define ARMVISOR_VIRTIO_PCI_PRIV_H

#include "../virtio/virtio_priv.h"
#include "pci.h"
#include "virtio_pci.h"

/* 4.1.4 cfg_type values. */
#define VIRTIO_PCI_CAP_COMMON_CFG	1
#define VIRTIO_PCI_CAP_NOTIFY_CFG	2
#define VIRTIO_PCI_CAP_ISR_CFG		3
#define VIRTIO_PCI_CAP_DEVICE_CFG	4
#define VIRTIO_PCI_CAP_PCI_CFG		5

/* struct virtio_pci_cap (4.1.4) fields, from the capability's start. */
#define VPCI_CAP_LEN		2
#define VPCI_CAP_CFG_TYPE	3
#define VPCI_CAP_BAR		4
#define VPCI_CAP_OFFSET		8
#define VPCI_CAP_LENGTH		12
#define VPCI_CAP_SIZE		16
#define VPCI_NOTIFY_MULT	16	/* notify cap: notify_off_multiplier */
#define VPCI_PCI_CFG_DATA	16	/* pci cfg cap: pci_cfg_data */

/* BARs and regions where QEMU puts them (virtio_pci_modern_regions_init). */
#define VPCI_MSIX_BAR		1
#define VPCI_MODERN_BAR		4
#define VPCI_MSIX_BAR_SIZE	0x1000
#define VPCI_MSIX_PBA_OFF	0x800
#define VPCI_COMMON_OFF		0x0000
#define VPCI_ISR_OFF		0x1000
#define VPCI_DEVICE_OFF		0x2000
#define VPCI_NOTIFY_OFF		0x3000
#define VPCI_REGION_SIZE	0x1000
#define VPCI_MODERN_BAR_SIZE	0x4000
/* QEMU's virtio_pci_queue_mem_mult() without page-per-vq. */
#define VPCI_NOTIFY_OFF_MULT	4

/* struct virtio_pci_common_cfg (4.1.4.3) */
#define VPCI_COMMON_DFSELECT	0x00
#define VPCI_COMMON_DF		0x04
#define VPCI_COMMON_GFSELECT	0x08
#define VPCI_COMMON_GF		0x0c
#define VPCI_COMMON_MSIX	0x10
#define VPCI_COMMON_NUMQ	0x12
#define VPCI_COMMON_STATUS	0x14
#define VPCI_COMMON_CFGGEN	0x15
#define VPCI_COMMON_Q_SELECT	0x16
#define VPCI_COMMON_Q_SIZE	0x18
#define VPCI_COMMON_Q_MSIX	0x1a
#define VPCI_COMMON_Q_ENABLE	0x1c
#define VPCI_COMMON_Q_NOFF	0x1e
#define VPCI_COMMON_Q_DESCLO	0x20
#define VPCI_COMMON_Q_DESCHI	0x24
#define VPCI_COMMON_Q_AVAILLO	0x28
#define VPCI_COMMON_Q_AVAILHI	0x2c
#define VPCI_COMMON_Q_USEDLO	0x30
#define VPCI_COMMON_Q_USEDHI	0x34
#define VPCI_COMMON_SIZE	0x38

struct virtio_pci {
	struct pci_func func;
	struct pci_msix msix;
	struct virtio_dev *vdev;
	uint16_t config_vector;
	uint16_t *queue_vector;		/* vdev's num_queues */
	uint8_t cfg_cap;		/* the VIRTIO_PCI_CAP_PCI_CFG capability, 0: none */
	bool legacy;			/* I/O BAR 0 and transitional IDs */
	bool no_modern;			/* no capabilities nor BAR 4 */
	char name[32];
	/* Accelerator fast paths (virtio_pci_accel.c); NULL: none. */
	const struct virtio_pci_accel *accel;
	void *accel_opaque;
	uint64_t notify_base;		/* the notify region while decoded, else 0 */
};

/* The legacy I/O BAR 0 (virtio_pci_legacy.c); its opaque is the virtio_pci. */
#define VPCI_LEGACY_BAR		0
extern const struct mmio_ops virtio_pci_legacy_ops;
uint32_t virtio_pci_legacy_bar_size(const struct virtio_dev *vdev);

/* The modern BAR's regions (virtio_pci_regs.c); the device lock held. */
int virtio_pci_common_read(struct virtio_pci *vp, uint64_t off,
			   unsigned int size, uint64_t *val);
void virtio_pci_common_write(struct virtio_pci *vp, uint64_t off,
			     unsigned int size, uint64_t val);

/*
 * Tell the accelerator where each queue's notify register decodes now
 * (device lock held); after a common config write.
 */
void virtio_pci_accel_sync(struct virtio_pci *vp);
/* The function's config changed (host lock held, takes the device lock). */
void virtio_pci_accel_config(struct virtio_pci *vp);
/* The same with the device lock held (after a snapshot load). */
void virtio_pci_accel_reload(struct virtio_pci *vp);

/* The function's snapshot hooks (virtio_pci_snap.c; device lock held). */
struct snap_wbuf;
struct snap_rbuf;
void virtio_pci_snap_save(void *opaque, struct snap_wbuf *w);
int virtio_pci_snap_load(void *opaque, struct snap_rbuf *r, struct av_err *err);

/* Set INTx from ISR when MSI-X is off (the device lock held). */
void virtio_pci_update_intx(struct virtio_pci *vp);

#endif
