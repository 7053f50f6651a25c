/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PCI Express host bridge of QEMU's virt board ("generic ECAM host",
 * hw/pci-host/gpex.c facts; Linux drivers/pci/controller/pci-host-generic.c
 * drives it): bus 0 with up to 32 slots x 8 functions, each function's
 * configuration space reached through ECAM (PCI Express Base spec 4.0,
 * 7.2.2: bus << 20 | device << 15 | function << 12 | register), and the
 * memory and I/O windows through which the guest reaches the BARs it
 * programmed (PCI Local Bus spec 3.0, 6.2.5).
 *
 * Locking: the host's lock guards every function's config space and BAR
 * layout. A BAR access looks its target up under that lock, drops it and
 * then calls the device, which locks itself (BAR layouts only change by
 * config writes, functions are never removed while the VM runs). A
 * function's config hooks run with the host lock held and may take the
 * device's own lock, so a device holding its lock calls nothing of the
 * host but pci_func_set_irq, which takes a separate leaf lock.
 */
#ifndef ARMVISOR_PCI_H
#define ARMVISOR_PCI_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "irq.h"
#include "mmio.h"

/* Type 0 configuration header (PCI Local Bus spec 3.0, 6.1). */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define PCI_STATUS		0x06
#define PCI_REVISION_ID		0x08
#define PCI_CLASS_PROG		0x09
#define PCI_CLASS_DEVICE	0x0a
#define PCI_CACHE_LINE_SIZE	0x0c
#define PCI_LATENCY_TIMER	0x0d
#define PCI_HEADER_TYPE		0x0e
#define PCI_BASE_ADDRESS_0	0x10
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_ROM_ADDRESS		0x30
#define PCI_CAPABILITY_LIST	0x34
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_INTERRUPT_PIN	0x3d

#define PCI_COMMAND_IO		0x0001
#define PCI_COMMAND_MEMORY	0x0002
#define PCI_COMMAND_MASTER	0x0004
#define PCI_COMMAND_PARITY	0x0040
#define PCI_COMMAND_SERR	0x0100
#define PCI_COMMAND_INTX_DISABLE 0x0400

#define PCI_STATUS_INTERRUPT	0x0008
#define PCI_STATUS_CAP_LIST	0x0010
/* Error bits, RW1C (6.2.3); nothing here ever sets them. */
#define PCI_STATUS_W1C		0xf900

#define PCI_HEADER_TYPE_MULTI	0x80

/* BAR low bits (6.2.5.1). */
#define PCI_BAR_IO		0x1
#define PCI_BAR_MEM_64		0x4
#define PCI_BAR_PREFETCH	0x8

#define PCI_CAP_ID_MSIX		0x11
#define PCI_CAP_ID_VNDR		0x09
#define PCI_CAP_ID_EXP		0x10

/* Type 1 (PCI-to-PCI bridge) header (PCI-to-PCI Bridge spec 1.2, 3.2). */
#define PCI_PRIMARY_BUS		0x18
#define PCI_SECONDARY_BUS	0x19
#define PCI_SUBORDINATE_BUS	0x1a
#define PCI_IO_BASE		0x1c
#define PCI_IO_LIMIT		0x1d
#define PCI_SEC_STATUS		0x1e
#define PCI_MEMORY_BASE		0x20
#define PCI_MEMORY_LIMIT	0x22
#define PCI_PREF_MEMORY_BASE	0x24
#define PCI_PREF_MEMORY_LIMIT	0x26
#define PCI_PREF_BASE_UPPER32	0x28
#define PCI_PREF_LIMIT_UPPER32	0x2c
#define PCI_BRIDGE_CONTROL	0x3e
#define PCI_HEADER_TYPE_BRIDGE	0x01
#define PCI_CLASS_BRIDGE_PCI	0x0604

#define PCI_NUM_BARS		6
#define PCI_CONFIG_SIZE		256	/* conventional: no extended space */
#define PCI_SLOTS		32
#define PCI_FUNCS		8
#define PCI_DEVFNS		(PCI_SLOTS * PCI_FUNCS)

#define PCI_DEVFN(slot, fn)	(((slot) << 3) | (fn))
#define PCI_SLOT(devfn)		((devfn) >> 3)
#define PCI_FUNC(devfn)		((devfn) & 7)

/* Red Hat's IDs that QEMU's devices use (QEMU docs/specs/pci-ids.txt). */
#define PCI_VENDOR_REDHAT	0x1b36
#define PCI_DEVICE_REDHAT_HOST	0x0008
#define PCI_VENDOR_QUMRANET	0x1af4
#define PCI_SUBDEVICE_QEMU	0x1100	/* QEMU's default subsystem id */
#define PCI_CLASS_BRIDGE_HOST	0x0600

/* What one BAR decodes; set before the function is added to the host. */
struct pci_bar {
	uint64_t size;			/* a power of two, 0: BAR not implemented */
	bool io;			/* I/O space, else memory */
	bool mem64;			/* 64-bit memory BAR (uses the next BAR too) */
	bool prefetch;
	const struct mmio_ops *ops;	/* off relative to the BAR's start */
	void *opaque;
};

struct pci_func;
struct snap_wbuf;
struct snap_rbuf;

/* A function's hooks; called with the host lock held, may be NULL. */
struct pci_func_ops {
	/*
	 * After the config bytes [off, off + size) were written (already
	 * stored through the write mask): the device reacts (MSI-X enable...).
	 */
	void (*config_write)(void *opaque, uint32_t off, unsigned int size,
			     uint32_t val);
	/* Before a config read of [off, off + size): refresh dynamic bytes. */
	void (*config_read)(void *opaque, uint32_t off, unsigned int size);
	/* Machine reset: config space is back to its power-on bytes. */
	void (*reset)(void *opaque);
	/*
	 * Snapshots (pci_snap.c): the function's own state after its config
	 * bytes, and its load (config already loaded; the machine's device
	 * locks held, see machine/snapshot/snap_devs.c). NULL: config only.
	 */
	void (*snap_save)(void *opaque, struct snap_wbuf *w);
	int (*snap_load)(void *opaque, struct snap_rbuf *r, struct av_err *err);
};

struct pci_host;

struct pci_func {
	struct pci_host *host;
	uint8_t devfn;
	const char *name;		/* for log lines */
	uint8_t config[PCI_CONFIG_SIZE];
	uint8_t wmask[PCI_CONFIG_SIZE];	/* writable bits */
	uint8_t w1cmask[PCI_CONFIG_SIZE];	/* write-one-to-clear bits */
	uint8_t power_on[PCI_CONFIG_SIZE];	/* config as added, for reset */
	struct pci_bar bars[PCI_NUM_BARS];
	struct pci_func_ops ops;
	void *opaque;
	unsigned int next_cap;		/* where pci_func_add_cap puts the next one */
	bool irq_level;			/* the device's INTx input */
	bool irq_asserted;		/* ...as seen on the host's line */
	/* A bridge (type 1 header): device 0 of its secondary bus. */
	bool is_bridge;
	struct pci_func *below[PCI_FUNCS];
	_Atomic unsigned int sec_bus;	/* its Secondary Bus Number, for MSI */
	struct pci_func *upstream;	/* the bridge above; NULL on bus 0 */
};

/* Where a BAR access resolved to, returned by the window lookup. */
struct pci_bar_hit {
	const struct mmio_ops *ops;
	void *opaque;
	uint64_t off;
	unsigned int bar;
};

/* The host bridge's windows, as a CPU sees them. */
enum pci_window {
	PCI_WIN_MMIO,			/* 32-bit memory: PCI address = CPU address */
	PCI_WIN_MMIO_HIGH,		/* 64-bit memory: PCI address = CPU address */
	PCI_WIN_PIO,			/* I/O space 0..size at a CPU address */
	PCI_WIN_COUNT,
};

struct pci_window_desc {
	struct pci_host *host;
	uint64_t pci_base;		/* PCI address of the window's first byte */
	bool io;
};

struct pci_host {
	pthread_mutex_t lock;		/* config spaces and BAR layouts */
	pthread_mutex_t irq_lock;	/* INTx levels (a leaf lock) */
	struct pci_func *funcs[PCI_DEVFNS];	/* bus 0 */
	struct pci_func bridge;		/* 00:00.0, the host bridge itself */
	struct irq_line intx[4];	/* INTA..INTD */
	unsigned int intx_count[4];	/* functions asserting each line */
	struct pci_window_desc windows[PCI_WIN_COUNT];
	unsigned int last_bus;		/* the highest bus the ECAM decodes */
};

/* ---- Host ---- */

/*
 * Set up the host with its bridge function at 00:00.0; intx[0..3] are
 * INTA..INTD. Windows' PCI bases as QEMU's virt: see vm_pci.c.
 */
void pci_host_init(struct pci_host *host, const struct irq_line intx[4]);
void pci_host_fini(struct pci_host *host);

/* Put f at devfn; -EBUSY when taken (f's config and BARs set already). */
int pci_host_add(struct pci_host *host, struct pci_func *f, unsigned int devfn,
		 struct av_err *err);

/*
 * Put f at devfn of bridge's secondary bus (a PCIe downstream port has
 * one device: slot 0, PCIe base spec 7.3.1); bridge is on bus 0.
 */
int pci_host_add_below(struct pci_host *host, struct pci_func *bridge,
		       struct pci_func *f, unsigned int devfn, struct av_err *err);

/* Machine reset: every function's config space as it was added. */
void pci_host_reset(struct pci_host *host);

/* The lowest free slot >= first with function 0 free, or -ENOSPC. */
int pci_host_free_slot(const struct pci_host *host, unsigned int first);

/*
 * A config access as ECAM delivers it: bus, devfn, register (0..4095),
 * size 1, 2 or 4, naturally aligned. Absent functions read all-ones and
 * ignore writes (PCIe base spec 2.3.2: Unsupported Request, completed
 * as all-ones by the root complex).
 */
uint32_t pci_host_config_read(struct pci_host *host, unsigned int bus,
			      unsigned int devfn, uint32_t reg, unsigned int size);
void pci_host_config_write(struct pci_host *host, unsigned int bus,
			   unsigned int devfn, uint32_t reg, unsigned int size,
			   uint32_t val);

/*
 * Which BAR decodes [addr, addr + size) of PCI memory (io false) or I/O
 * space: false when none does (the access is unclaimed).
 */
bool pci_host_find_bar(struct pci_host *host, bool io, uint64_t addr,
		       unsigned int size, struct pci_bar_hit *hit);

/* MMIO ops of the ECAM region (opaque: the host) and of a window (its desc). */
extern const struct mmio_ops pci_ecam_ops;
extern const struct mmio_ops pci_window_ops;

/* ---- Functions ---- */

/* A type 0 function: vendor, device, class (base << 8 | sub), revision. */
void pci_func_init(struct pci_func *f, const char *name, uint16_t vendor,
		   uint16_t device, uint16_t class_code, uint8_t revision);
void pci_func_set_subsystem(struct pci_func *f, uint16_t vendor, uint16_t id);
/* INTA..INTD as 1..4 in the Interrupt Pin register (6.2.4). */
void pci_func_set_pin(struct pci_func *f, unsigned int pin);
/* Declare BAR n (before pci_host_add); a 64-bit one takes n and n + 1. */
void pci_func_set_bar(struct pci_func *f, unsigned int n,
		      const struct pci_bar *bar);
/*
 * Add a capability of len bytes (ID and next pointer included) at the
 * next free offset from 0x40; returns its offset, 0 when it does not fit.
 */
uint8_t pci_func_add_cap(struct pci_func *f, uint8_t id, unsigned int len);

/* The device's INTx level (PCI 2.2.6: level-sensitive, shared). */
void pci_func_set_irq(struct pci_func *f, bool level);

/* Bus number << 8 | devfn: the requester ID an MSI write carries. */
static inline uint32_t pci_func_requester_id(const struct pci_func *f)
{
	if (!f->upstream)
		return f->devfn;
	return (f->upstream->sec_bus & 0xff) << 8 | f->devfn;
}

/*
 * A PCI-to-PCI bridge function (type 1 header, PCI-to-PCI Bridge spec
 * 1.2, 3.2): bus numbers, the I/O, memory and prefetchable windows
 * (64-bit) the guest programs, Bridge Control; INTA.
 */
void pci_bridge_init(struct pci_func *f, const char *name, uint16_t vendor,
		     uint16_t device);
/* Host lock held: whether bridge b passes the access to its secondary bus. */
bool pci_bridge_forwards(const struct pci_func *b, bool io, bool prefetch,
			 uint64_t addr, unsigned int size);

/* Little-endian config helpers (config space is little-endian, 6.1). */
static inline void pci_set_word(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void pci_set_long(uint8_t *p, uint32_t v)
{
	pci_set_word(p, (uint16_t)v);
	pci_set_word(p + 2, (uint16_t)(v >> 16));
}

static inline uint16_t pci_get_word(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t pci_get_long(const uint8_t *p)
{
	return pci_get_word(p) | (uint32_t)pci_get_word(p + 2) << 16;
}

/* ---- MSI-X (PCI Local Bus spec 3.0, 6.8.2) ---- */

#define PCI_MSIX_ENTRY_SIZE	16
#define PCI_MSIX_CTRL_ENABLE	0x8000
#define PCI_MSIX_CTRL_MASKALL	0x4000
#define PCI_MSIX_VEC_MASKED	0x1
#define PCI_MSIX_MAX_VECTORS	2048
#define PCI_MSI_NO_VECTOR	0xffff	/* virtio 1.1, 4.1.4.3: VIRTIO_MSI_NO_VECTOR */

/*
 * An MSI-X table and PBA. The owner locks it (the same lock its BAR ops
 * and interrupt paths take); pci_msix_config_written is called from the
 * function's config_write hook.
 */
struct pci_msix {
	struct pci_func *func;
	uint8_t cap;			/* capability offset */
	unsigned int nvec;
	uint8_t *table;			/* nvec entries */
	uint64_t *pba;			/* one bit per vector */
	bool enabled, masked;		/* Message Control, cached */
	int (*send)(void *opaque, uint64_t addr, uint32_t data, uint32_t devid);
	void *send_opaque;
	/*
	 * Optional accelerator hooks (machine/vm_virtio_accel.c), called with
	 * the owner's lock held: changed after any vector, mask or enable
	 * changed (before pending messages are released, so they find the
	 * new routes); fast_send tries a message before send (true: sent).
	 */
	void (*changed)(void *opaque);
	bool (*fast_send)(void *opaque, unsigned int vec, uint64_t addr,
			  uint32_t data, uint32_t devid);
	void *hook_opaque;
	uint64_t sent, dropped;		/* messages, and sends the target refused */
};

/*
 * Add the capability to f with the table at table_off and the PBA at
 * pba_off of BAR bar (the caller declares the BAR and routes its
 * accesses to pci_msix_mmio_read/write).
 */
int pci_msix_init(struct pci_msix *m, struct pci_func *f, unsigned int nvec,
		  unsigned int bar, uint32_t table_off, uint32_t pba_off,
		  struct av_err *err);
void pci_msix_fini(struct pci_msix *m);
/* Back to power-on state: every vector masked, nothing pending. */
void pci_msix_reset(struct pci_msix *m);
/* f's Message Control may have changed; deliver what unmasking released. */
void pci_msix_config_written(struct pci_msix *m);
/* BAR accesses at off within the table (off < nvec*16) or PBA (pba_off based). */
int pci_msix_table_read(struct pci_msix *m, uint64_t off, unsigned int size,
			uint64_t *val);
int pci_msix_table_write(struct pci_msix *m, uint64_t off, unsigned int size,
			 uint64_t val);
int pci_msix_pba_read(struct pci_msix *m, uint64_t off, unsigned int size,
		      uint64_t *val);
/*
 * Vector v's message as programmed; true when it may be sent now (MSI-X
 * enabled, neither the function nor v masked).
 */
bool pci_msix_vector_msg(const struct pci_msix *m, unsigned int v,
			 uint64_t *addr, uint32_t *data);
/* Signal vector vec: sent, or left pending while masked. */
void pci_msix_notify(struct pci_msix *m, unsigned int vec);

/* ---- Snapshots (pci_snap.c, docs/snapshot.md "PCI") ---- */

/*
 * A function's record: its 256 config bytes, then what ops.snap_save
 * adds. A load takes only the bits the guest could have written (the
 * write mask), so the IDs, capabilities and BAR types stay this
 * machine's whatever the file says, then calls ops.snap_load.
 */
void pci_func_snap_save(struct pci_func *f, struct snap_wbuf *w);
int pci_func_snap_load(struct pci_func *f, struct snap_rbuf *r, struct av_err *err);
/* The CONF digest's value for f: "NAME,VVVV:DDDD,bars=LAYOUT" (pci_snap.c). */
void pci_func_snap_describe(const struct pci_func *f, char *buf, size_t len);
/*
 * The MSI-X table and PBA (owner's lock held); the load checks the
 * vector count and drops reserved bits. Call pci_msix_config_written
 * after the function's config is loaded.
 */
void pci_msix_snap_save(const struct pci_msix *m, struct snap_wbuf *w);
int pci_msix_snap_load(struct pci_msix *m, struct snap_rbuf *r, struct av_err *err);

#endif
