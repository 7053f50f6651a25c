// SPDX-License-Identifier: GPL-2.0
/*
 * The PCIe host bridge model (devices/pci/) through its MMIO faces, as a
 * guest reaches it: ECAM config accesses (host bridge identity, absent
 * functions, BAR sizing, write masks against hostile values), window
 * accesses dispatched to whichever BAR covers them (Command enables,
 * moves, I/O BAR at 0), the INTx swizzle and INTx Disable, MSI-X
 * masking and pending bits with a capturing MSI target, and a bridge:
 * secondary-bus routing, windows gating the BARs below, INTx swizzle.
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "check_run.h"
#include "pci.h"

#define MMIO_WIN	0x10000000ULL
#define HIGH_WIN	0x8000000000ULL

struct fake_bar {
	unsigned int reads, writes;
	uint64_t last_off, last_val;
};

struct rig {
	struct pci_host host;
	int level[4];
	unsigned int edges[4];
	struct pci_func f;
	struct fake_bar bar[3];
};

static struct rig r;

static void line_set(void *opaque, unsigned int intid, int level)
{
	(void)opaque;
	ck_assert_uint_lt(intid, 4);
	r.edges[intid] += level && !r.level[intid];
	r.level[intid] = level;
}

static int fake_read(void *opaque, uint64_t off, unsigned int size, uint64_t *val)
{
	struct fake_bar *b = opaque;

	(void)size;
	b->reads++;
	b->last_off = off;
	*val = 0xab;
	return 0;
}

static int fake_write(void *opaque, uint64_t off, unsigned int size, uint64_t val)
{
	struct fake_bar *b = opaque;

	(void)size;
	b->writes++;
	b->last_off = off;
	b->last_val = val;
	return 0;
}

static const struct mmio_ops fake_ops = { .read = fake_read, .write = fake_write };

static uint64_t ecam_off(unsigned int bus, unsigned int devfn, unsigned int reg)
{
	return (uint64_t)bus << 20 | (uint64_t)devfn << 12 | reg;
}

static uint64_t cfg_read(unsigned int devfn, unsigned int reg, unsigned int size)
{
	uint64_t v = 0x5a5a;

	ck_assert_int_eq(pci_ecam_ops.read(&r.host, ecam_off(0, devfn, reg), size, &v), 0);
	return v;
}

static void cfg_write(unsigned int devfn, unsigned int reg, unsigned int size,
		      uint64_t val)
{
	ck_assert_int_eq(pci_ecam_ops.write(&r.host, ecam_off(0, devfn, reg), size, val), 0);
}

static void ecam_write_bus(unsigned int bus, unsigned int devfn, unsigned int reg,
			   uint64_t val)
{
	ck_assert_int_eq(pci_ecam_ops.write(&r.host, ecam_off(bus, devfn, reg), 4, val), 0);
}

static int win_read(enum pci_window w, uint64_t off, uint64_t *val)
{
	return pci_window_ops.read(&r.host.windows[w], off, 4, val);
}

/* A function at 00:02.0: 32-bit BAR 0 (4 KiB), I/O BAR 1 (32 bytes), 64-bit prefetchable BAR 2 (16 KiB). */
static void setup(void)
{
	struct irq_line intx[4];
	struct av_err err = { 0 };

	memset(&r, 0, sizeof(r));
	for (unsigned int i = 0; i < 4; i++)
		intx[i] = (struct irq_line){ .set = line_set, .intid = i };
	pci_host_init(&r.host, intx);
	r.host.windows[PCI_WIN_MMIO] = (struct pci_window_desc){ &r.host, MMIO_WIN, false };
	r.host.windows[PCI_WIN_MMIO_HIGH] = (struct pci_window_desc){ &r.host, HIGH_WIN, false };
	r.host.windows[PCI_WIN_PIO] = (struct pci_window_desc){ &r.host, 0, true };
	pci_func_init(&r.f, "fake", 0x1234, 0x5678, 0x0200, 3);
	pci_func_set_pin(&r.f, 1);
	pci_func_set_bar(&r.f, 0, &(struct pci_bar){ .size = 0x1000, .ops = &fake_ops,
						     .opaque = &r.bar[0] });
	pci_func_set_bar(&r.f, 1, &(struct pci_bar){ .size = 0x20, .io = true,
						     .ops = &fake_ops, .opaque = &r.bar[1] });
	pci_func_set_bar(&r.f, 2, &(struct pci_bar){ .size = 0x4000, .mem64 = true,
						     .prefetch = true, .ops = &fake_ops,
						     .opaque = &r.bar[2] });
	ck_assert_int_eq(pci_host_add(&r.host, &r.f, PCI_DEVFN(2, 0), &err), 0);
}

static void teardown(void)
{
	pci_host_fini(&r.host);
}

START_TEST(host_bridge_identity)
{
	ck_assert_uint_eq(cfg_read(0, PCI_VENDOR_ID, 4), 0x00081b36);
	ck_assert_uint_eq(cfg_read(0, PCI_CLASS_DEVICE, 2), 0x0600);
	ck_assert_uint_eq(cfg_read(0, PCI_REVISION_ID, 1), 0);
	ck_assert_uint_eq(cfg_read(0, PCI_SUBSYSTEM_VENDOR_ID, 4), 0x11001af4);
	ck_assert_uint_eq(cfg_read(0, PCI_HEADER_TYPE, 1), 0);
	ck_assert_uint_eq(cfg_read(0, PCI_INTERRUPT_PIN, 1), 0);
	ck_assert_uint_eq(cfg_read(PCI_DEVFN(2, 0), PCI_DEVICE_ID, 2), 0x5678);
	ck_assert_uint_eq(cfg_read(PCI_DEVFN(2, 0), PCI_REVISION_ID, 4), 0x02000003);
}
END_TEST

/* PCIe base spec 2.3.2: what nothing answers reads all-ones. */
START_TEST(absent_functions_read_all_ones)
{
	uint64_t v;

	ck_assert_uint_eq(cfg_read(PCI_DEVFN(1, 0), 0, 4), 0xffffffff);
	ck_assert_uint_eq(cfg_read(PCI_DEVFN(2, 1), 0, 2), 0xffff);
	ck_assert_uint_eq(cfg_read(PCI_DEVFN(31, 7), 0x3c, 1), 0xff);
	/* Other buses, and the extended space of a conventional function. */
	ck_assert_int_eq(pci_ecam_ops.read(&r.host, ecam_off(1, 0, 0), 4, &v), 0);
	ck_assert_uint_eq(v, 0xffffffff);
	ck_assert_int_eq(pci_ecam_ops.read(&r.host, ecam_off(255, 255, 0xffc), 4, &v), 0);
	ck_assert_uint_eq(v, 0xffffffff);
	ck_assert_uint_eq(cfg_read(PCI_DEVFN(2, 0), 0x100, 4), 0xffffffff);
	ck_assert_uint_eq(cfg_read(PCI_DEVFN(2, 0), 0xffc, 4), 0xffffffff);
	ck_assert_int_eq(pci_ecam_ops.read(&r.host, ecam_off(0, 0, 0), 8, &v), 0);
	ck_assert_uint_eq(v & 0xffffffffULL, 0x00081b36);	/* two dwords, low first */
	/* Writes there go nowhere; misaligned accesses are not decoded. */
	cfg_write(PCI_DEVFN(1, 0), PCI_COMMAND, 2, 0xffff);
	ck_assert_uint_eq(cfg_read(PCI_DEVFN(1, 0), PCI_COMMAND, 2), 0xffff);
	ck_assert_int_eq(pci_ecam_ops.read(&r.host, ecam_off(0, 0, 1), 2, &v), -EINVAL);
}
END_TEST

/* 6.2.5.1: all-ones written, the size mask and the type bits read back. */
START_TEST(bar_sizing)
{
	unsigned int fn = PCI_DEVFN(2, 0);

	ck_assert_uint_eq(cfg_read(fn, 0x10, 4), 0x0);
	ck_assert_uint_eq(cfg_read(fn, 0x14, 4), PCI_BAR_IO);
	ck_assert_uint_eq(cfg_read(fn, 0x18, 4), PCI_BAR_MEM_64 | PCI_BAR_PREFETCH);
	for (unsigned int reg = 0x10; reg < 0x28; reg += 4)
		cfg_write(fn, reg, 4, 0xffffffff);
	ck_assert_uint_eq(cfg_read(fn, 0x10, 4), 0xfffff000);
	ck_assert_uint_eq(cfg_read(fn, 0x14, 4), 0xffffffe1);
	ck_assert_uint_eq(cfg_read(fn, 0x18, 4), 0xffffc00c);
	ck_assert_uint_eq(cfg_read(fn, 0x1c, 4), 0xffffffff);
	ck_assert_uint_eq(cfg_read(fn, 0x20, 4), 0);	/* not implemented */
	ck_assert_uint_eq(cfg_read(fn, 0x24, 4), 0);
	/* The expansion ROM BAR is not implemented: read-only 0. */
	cfg_write(fn, PCI_ROM_ADDRESS, 4, 0xffffffff);
	ck_assert_uint_eq(cfg_read(fn, PCI_ROM_ADDRESS, 4), 0);
}
END_TEST

/* Random values into every register at every width: the read-only stays. */
START_TEST(hostile_config_writes)
{
	unsigned int fn = PCI_DEVFN(2, 0);
	uint32_t x = 0x12345678;

	for (unsigned int pass = 0; pass < 4; pass++)
		for (unsigned int reg = 0; reg < 0x1000; reg++)
			for (unsigned int size = 1; size <= 4; size *= 2) {
				x = x * 1103515245 + 12345;
				pci_ecam_ops.write(&r.host, ecam_off(0, fn, reg), size, x);
				pci_ecam_ops.write(&r.host, ecam_off(0, 0, reg), size, ~x);
			}
	ck_assert_uint_eq(cfg_read(fn, PCI_VENDOR_ID, 4), 0x56781234);
	ck_assert_uint_eq(cfg_read(fn, PCI_REVISION_ID, 4), 0x02000003);
	ck_assert_uint_eq(cfg_read(fn, PCI_INTERRUPT_PIN, 1), 1);
	ck_assert_uint_eq(cfg_read(fn, 0x10, 4) & 0xfff, 0);
	ck_assert_uint_eq(cfg_read(fn, 0x14, 4) & 0x1f, PCI_BAR_IO);
	ck_assert_uint_eq(cfg_read(0, PCI_VENDOR_ID, 4), 0x00081b36);
	ck_assert_uint_eq(cfg_read(fn, PCI_COMMAND, 2) & ~0x547u, 0);
	ck_assert_uint_eq(cfg_read(fn, PCI_STATUS, 2) & 0xf900, 0);
}
END_TEST

static void map_bars(uint16_t cmd)
{
	unsigned int fn = PCI_DEVFN(2, 0);

	cfg_write(fn, 0x10, 4, MMIO_WIN + 0x3000);
	cfg_write(fn, 0x14, 4, 0x1000);
	cfg_write(fn, 0x18, 4, 0x4000);
	cfg_write(fn, 0x1c, 4, HIGH_WIN >> 32);
	cfg_write(fn, PCI_COMMAND, 2, cmd);
}

START_TEST(windows_dispatch_to_bars)
{
	uint64_t v;

	map_bars(PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
	ck_assert_int_eq(win_read(PCI_WIN_MMIO, 0x3010, &v), 0);
	ck_assert_uint_eq(v, 0xab);
	ck_assert_uint_eq(r.bar[0].last_off, 0x10);
	ck_assert_int_eq(pci_window_ops.write(&r.host.windows[PCI_WIN_MMIO], 0x3ffc, 4, 7), 0);
	ck_assert_uint_eq(r.bar[0].last_val, 7);
	ck_assert_int_eq(win_read(PCI_WIN_MMIO, 0x4000, &v), -EINVAL);	/* past it */
	ck_assert_int_eq(pci_window_ops.read(&r.host.windows[PCI_WIN_MMIO], 0x3ffc, 8, &v),
			 -EINVAL);				/* straddles the end */
	ck_assert_int_eq(win_read(PCI_WIN_PIO, 0x1004, &v), 0);
	ck_assert_uint_eq(r.bar[1].last_off, 4);
	ck_assert_int_eq(win_read(PCI_WIN_MMIO_HIGH, 0x7ffc, &v), 0);
	ck_assert_uint_eq(r.bar[2].last_off, 0x3ffc);
	/* Moved: the old place is empty, the new one decodes. */
	cfg_write(PCI_DEVFN(2, 0), 0x10, 4, MMIO_WIN + 0x100000);
	ck_assert_int_eq(win_read(PCI_WIN_MMIO, 0x3010, &v), -EINVAL);
	ck_assert_int_eq(win_read(PCI_WIN_MMIO, 0x100020, &v), 0);
	ck_assert_uint_eq(r.bar[0].last_off, 0x20);
}
END_TEST

/* 6.2.2: memory and I/O decode follow Command; an I/O BAR at 0 is unmapped. */
START_TEST(command_enables_decode)
{
	uint64_t v;

	map_bars(PCI_COMMAND_IO);
	ck_assert_int_eq(win_read(PCI_WIN_MMIO, 0x3010, &v), -EINVAL);
	ck_assert_int_eq(win_read(PCI_WIN_PIO, 0x1000, &v), 0);
	cfg_write(PCI_DEVFN(2, 0), PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
	ck_assert_int_eq(win_read(PCI_WIN_PIO, 0x1000, &v), -EINVAL);
	ck_assert_int_eq(win_read(PCI_WIN_MMIO, 0x3010, &v), 0);
	cfg_write(PCI_DEVFN(2, 0), 0x14, 4, 0);
	cfg_write(PCI_DEVFN(2, 0), PCI_COMMAND, 2, PCI_COMMAND_IO);
	ck_assert_int_eq(win_read(PCI_WIN_PIO, 0x0, &v), -EINVAL);
	ck_assert_uint_eq(r.bar[1].reads, 1);
}
END_TEST

/* Slot 2 pin A is line 2 (swizzle); INTx Disable drops it; status bit 3. */
START_TEST(intx_swizzle_and_disable)
{
	struct pci_func g;
	struct av_err err = { 0 };

	pci_func_init(&g, "g", 1, 2, 0xff, 0);
	pci_func_set_pin(&g, 2);
	ck_assert_int_eq(pci_host_add(&r.host, &g, PCI_DEVFN(3, 0), &err), 0);
	pci_func_set_irq(&r.f, true);
	ck_assert_int_eq(r.level[2], 1);
	ck_assert_uint_eq(cfg_read(PCI_DEVFN(2, 0), PCI_STATUS, 2) & PCI_STATUS_INTERRUPT,
			  PCI_STATUS_INTERRUPT);
	pci_func_set_irq(&g, true);		/* slot 3 pin B: (3 + 2 - 1) % 4 = 0 */
	ck_assert_int_eq(r.level[0], 1);
	cfg_write(PCI_DEVFN(2, 0), PCI_COMMAND, 2, PCI_COMMAND_INTX_DISABLE);
	ck_assert_int_eq(r.level[2], 0);
	/* Status still shows the function's pending interrupt (6.2.3). */
	ck_assert_uint_ne(cfg_read(PCI_DEVFN(2, 0), PCI_STATUS, 2) & PCI_STATUS_INTERRUPT, 0);
	cfg_write(PCI_DEVFN(2, 0), PCI_COMMAND, 2, 0);
	ck_assert_int_eq(r.level[2], 1);
	pci_func_set_irq(&r.f, false);
	ck_assert_int_eq(r.level[2], 0);
	ck_assert_uint_eq(r.edges[2], 2);
	/* Machine reset: config back to power-on, the device's level stays. */
	pci_host_reset(&r.host);
	ck_assert_int_eq(r.level[0], 1);
}
END_TEST

/* Addresses: taken, out of range; the first free slot from 1. */
START_TEST(placement)
{
	struct pci_func g;
	struct av_err err = { 0 };

	pci_func_init(&g, "g", 1, 2, 0xff, 0);
	ck_assert_int_eq(pci_host_add(&r.host, &g, PCI_DEVFN(2, 0), &err), -EBUSY);
	ck_assert_str_eq(err.msg, "PCI address 00:02.0 is taken by fake");
	ck_assert_int_eq(pci_host_add(&r.host, &g, 256, &err), -EINVAL);
	ck_assert_int_eq(pci_host_free_slot(&r.host, 1), 1);
	ck_assert_int_eq(pci_host_free_slot(&r.host, 2), 3);
	/* A second function makes function 0 multi-function (6.2.1). */
	ck_assert_int_eq(pci_host_add(&r.host, &g, PCI_DEVFN(2, 3), &err), 0);
	ck_assert_uint_eq(cfg_read(PCI_DEVFN(2, 0), PCI_HEADER_TYPE, 1), PCI_HEADER_TYPE_MULTI);
	ck_assert_uint_eq(cfg_read(PCI_DEVFN(2, 3), PCI_VENDOR_ID, 2), 1);
}
END_TEST

/* ---- MSI-X ---- */

struct msi_capture {
	unsigned int n;
	uint64_t addr;
	uint32_t data, devid;
};

static struct msi_capture cap;

static int capture(void *opaque, uint64_t addr, uint32_t data, uint32_t devid)
{
	(void)opaque;
	cap.n++;
	cap.addr = addr;
	cap.data = data;
	cap.devid = devid;
	return 0;
}

static struct pci_msix msix;

static void msix_ctrl(uint16_t ctrl)
{
	cfg_write(PCI_DEVFN(2, 0), msix.cap + 2, 2, ctrl);
	pci_msix_config_written(&msix);
}

static void msix_entry(unsigned int v, uint64_t addr, uint32_t data, uint32_t ctrl)
{
	ck_assert_int_eq(pci_msix_table_write(&msix, v * 16, 8, addr), 0);
	ck_assert_int_eq(pci_msix_table_write(&msix, v * 16 + 8, 4, data), 0);
	ck_assert_int_eq(pci_msix_table_write(&msix, v * 16 + 12, 4, ctrl), 0);
}

static void msix_setup(void)
{
	struct av_err err = { 0 };

	setup();
	memset(&cap, 0, sizeof(cap));
	/* Before adding: a new rig function with the capability. */
	pci_func_init(&r.f, "msix", 1, 2, 0xff, 0);
	ck_assert_int_eq(pci_msix_init(&msix, &r.f, 3, 1, 0, 0x800, &err), 0);
	msix.send = capture;
	r.host.funcs[PCI_DEVFN(2, 0)] = NULL;
	ck_assert_int_eq(pci_host_add(&r.host, &r.f, PCI_DEVFN(2, 0), &err), 0);
}

static void msix_teardown(void)
{
	pci_msix_fini(&msix);
	teardown();
}

START_TEST(msix_capability)
{
	uint64_t v;

	ck_assert_uint_eq(cfg_read(PCI_DEVFN(2, 0), PCI_CAPABILITY_LIST, 1), msix.cap);
	ck_assert_uint_eq(cfg_read(PCI_DEVFN(2, 0), msix.cap, 4), 0x00020011);	/* 3 vectors */
	ck_assert_uint_eq(cfg_read(PCI_DEVFN(2, 0), msix.cap + 4, 4), 1);
	ck_assert_uint_eq(cfg_read(PCI_DEVFN(2, 0), msix.cap + 8, 4), 0x801);
	ck_assert_uint_ne(cfg_read(PCI_DEVFN(2, 0), PCI_STATUS, 2) & PCI_STATUS_CAP_LIST, 0);
	/* Table size is read-only; every vector starts masked. */
	cfg_write(PCI_DEVFN(2, 0), msix.cap + 2, 2, 0x07ff);
	ck_assert_uint_eq(cfg_read(PCI_DEVFN(2, 0), msix.cap + 2, 2), 2);
	ck_assert_int_eq(pci_msix_table_read(&msix, 2 * 16 + 12, 4, &v), 0);
	ck_assert_uint_eq(v, 1);
	/* Outside the table, or odd widths: not decoded. */
	ck_assert_int_eq(pci_msix_table_read(&msix, 3 * 16, 4, &v), -EINVAL);
	ck_assert_int_eq(pci_msix_table_write(&msix, 2, 2, 0), -EINVAL);
	ck_assert_int_eq(pci_msix_pba_read(&msix, 8, 4, &v), -EINVAL);
}
END_TEST

/* 6.8.2.9: masked vectors go pending and are sent on unmasking. */
START_TEST(msix_mask_and_pending)
{
	uint64_t pba;

	pci_msix_notify(&msix, 1);
	ck_assert_uint_eq(cap.n, 0);		/* MSI-X off: nothing */
	msix_ctrl(PCI_MSIX_CTRL_ENABLE);
	msix_entry(1, 0x8090040, 0x2a, 1);
	pci_msix_notify(&msix, 1);
	ck_assert_uint_eq(cap.n, 0);
	ck_assert_int_eq(pci_msix_pba_read(&msix, 0, 8, &pba), 0);
	ck_assert_uint_eq(pba, 2);
	ck_assert_int_eq(pci_msix_table_write(&msix, 16 + 12, 4, 0), 0);	/* unmask */
	ck_assert_uint_eq(cap.n, 1);
	ck_assert_uint_eq(cap.addr, 0x8090040);
	ck_assert_uint_eq(cap.data, 0x2a);
	ck_assert_uint_eq(cap.devid, PCI_DEVFN(2, 0));
	ck_assert_int_eq(pci_msix_pba_read(&msix, 0, 4, &pba), 0);
	ck_assert_uint_eq(pba, 0);
	/* Function mask holds everything until cleared. */
	msix_ctrl(PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL);
	pci_msix_notify(&msix, 1);
	pci_msix_notify(&msix, 7);		/* no such vector: ignored */
	ck_assert_uint_eq(cap.n, 1);
	msix_ctrl(PCI_MSIX_CTRL_ENABLE);
	ck_assert_uint_eq(cap.n, 2);
	pci_msix_notify(&msix, 1);
	ck_assert_uint_eq(cap.n, 3);
	/* Reset: masked again, nothing pending, disabled. */
	pci_host_reset(&r.host);
	pci_msix_reset(&msix);
	ck_assert(!msix.enabled);
}
END_TEST

/* ---- A PCI-to-PCI bridge at 00:03.0 with a function below it ---- */

static struct pci_func bridge, below;
static struct fake_bar below_bar[2];

static void bridge_setup(void)
{
	struct av_err err = { 0 };

	setup();
	pci_bridge_init(&bridge, "bridge", 0x1b36, 0x000c);
	ck_assert_int_eq(pci_host_add(&r.host, &bridge, PCI_DEVFN(3, 0), &err), 0);
	pci_func_init(&below, "below", 0x1af4, 0x1042, 0x0100, 1);
	pci_func_set_pin(&below, 2);
	pci_func_set_bar(&below, 0, &(struct pci_bar){ .size = 0x1000, .ops = &fake_ops,
						       .opaque = &below_bar[0] });
	pci_func_set_bar(&below, 2, &(struct pci_bar){ .size = 0x4000, .mem64 = true,
						       .prefetch = true, .ops = &fake_ops,
						       .opaque = &below_bar[1] });
	ck_assert_int_eq(pci_host_add_below(&r.host, &bridge, &below, 0, &err), 0);
	memset(below_bar, 0, sizeof(below_bar));
}

static uint64_t bus_read(unsigned int bus, unsigned int devfn, unsigned int reg)
{
	uint64_t v = 0;

	ck_assert_int_eq(pci_ecam_ops.read(&r.host, ecam_off(bus, devfn, reg), 4, &v), 0);
	return v;
}

START_TEST(bridge_header_and_routing)
{
	unsigned int b = PCI_DEVFN(3, 0);
	struct av_err err = { 0 };
	struct pci_func other;

	ck_assert_uint_eq(cfg_read(b, PCI_HEADER_TYPE, 1), PCI_HEADER_TYPE_BRIDGE);
	ck_assert_uint_eq(cfg_read(b, PCI_CLASS_DEVICE, 2), 0x0604);
	/* Windows closed at power-on: base above limit. */
	ck_assert_uint_eq(cfg_read(b, PCI_MEMORY_BASE, 4), 0x0000fff0);
	ck_assert_uint_eq(cfg_read(b, PCI_PREF_MEMORY_BASE, 4), 0x0001fff1);
	/* Nothing below until the guest numbers the secondary bus. */
	ck_assert_uint_eq(bus_read(1, 0, 0), 0xffffffff);
	cfg_write(b, PCI_PRIMARY_BUS, 4, 0x00020100);
	ck_assert_uint_eq(cfg_read(b, PCI_PRIMARY_BUS, 4), 0x00020100);
	ck_assert_uint_eq(bus_read(1, 0, 0), 0x10421af4);
	ck_assert_uint_eq(bus_read(1, PCI_DEVFN(1, 0), 0), 0xffffffff);	/* one device */
	ck_assert_uint_eq(bus_read(2, 0, 0), 0xffffffff);
	ck_assert_uint_eq(bus_read(0, 0, 0), 0x00081b36);
	/* MSI requester ID: the secondary bus, below's devfn. */
	ck_assert_uint_eq(pci_func_requester_id(&below), 0x100);
	/* Below a port: slot 0 only, each function once. */
	pci_func_init(&other, "other", 1, 2, 0xff, 0);
	ck_assert_int_eq(pci_host_add_below(&r.host, &bridge, &other, PCI_DEVFN(1, 0), &err),
			 -EINVAL);
	ck_assert_int_eq(pci_host_add_below(&r.host, &bridge, &other, 0, &err), -EBUSY);
	ck_assert_int_eq(pci_host_add_below(&r.host, &r.f, &other, 0, &err), -EINVAL);
}
END_TEST

/* Bridge spec 3.2.5: a BAR below decodes only through an open window. */
START_TEST(bridge_windows_gate_bars)
{
	unsigned int b = PCI_DEVFN(3, 0);
	uint64_t v;

	cfg_write(b, PCI_PRIMARY_BUS, 4, 0x00010100);
	ecam_write_bus(1, 0, 0x10, MMIO_WIN + 0x100000);
	ecam_write_bus(1, 0, 0x18, 0);
	ecam_write_bus(1, 0, 0x1c, HIGH_WIN >> 32);
	ecam_write_bus(1, 0, PCI_COMMAND, PCI_COMMAND_MEMORY);
	ck_assert_int_eq(win_read(PCI_WIN_MMIO, 0x100010, &v), -EINVAL);
	/* Memory window 0x10100000..0x101fffff, bridge memory on. */
	cfg_write(b, PCI_MEMORY_BASE, 4, 0x10101010);
	cfg_write(b, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
	ck_assert_int_eq(win_read(PCI_WIN_MMIO, 0x100010, &v), 0);
	ck_assert_uint_eq(below_bar[0].last_off, 0x10);
	/* The prefetchable BAR needs the prefetchable window (64-bit). */
	ck_assert_int_eq(win_read(PCI_WIN_MMIO_HIGH, 0x10, &v), -EINVAL);
	cfg_write(b, PCI_PREF_MEMORY_BASE, 4, 0x00010001);
	cfg_write(b, PCI_PREF_BASE_UPPER32, 4, HIGH_WIN >> 32);
	cfg_write(b, PCI_PREF_LIMIT_UPPER32, 4, HIGH_WIN >> 32);
	ck_assert_int_eq(win_read(PCI_WIN_MMIO_HIGH, 0x10, &v), 0);
	ck_assert_uint_eq(below_bar[1].last_off, 0x10);
	cfg_write(b, PCI_COMMAND, 2, 0);
	ck_assert_int_eq(win_read(PCI_WIN_MMIO, 0x100010, &v), -EINVAL);
	ck_assert_int_eq(win_read(PCI_WIN_MMIO_HIGH, 0x10, &v), -EINVAL);
}
END_TEST

/* Pin B of device 0 below slot 3's bridge: bridge pin B, line (3 + 2 - 1) % 4 = 0. */
START_TEST(bridge_swizzles_intx)
{
	pci_func_set_irq(&below, true);
	ck_assert_int_eq(r.level[0], 1);
	pci_func_set_irq(&below, false);
	ck_assert_int_eq(r.level[0], 0);
	/* The bridge's own INTA: line 3. */
	pci_func_set_irq(&bridge, true);
	ck_assert_int_eq(r.level[3], 1);
	/* Reset forgets the bus numbers. */
	cfg_write(PCI_DEVFN(3, 0), PCI_PRIMARY_BUS, 4, 0x00010100);
	pci_host_reset(&r.host);
	ck_assert_uint_eq(bus_read(1, 0, 0), 0xffffffff);
	ck_assert_uint_eq(pci_func_requester_id(&below), 0);
}
END_TEST

static Suite *pci_suite(void)
{
	Suite *s = suite_create("pci");
	TCase *tc = tcase_create("host");
	TCase *mx = tcase_create("msix");
	TCase *br = tcase_create("bridge");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, host_bridge_identity);
	tcase_add_test(tc, absent_functions_read_all_ones);
	tcase_add_test(tc, bar_sizing);
	tcase_add_test(tc, hostile_config_writes);
	tcase_add_test(tc, windows_dispatch_to_bars);
	tcase_add_test(tc, command_enables_decode);
	tcase_add_test(tc, intx_swizzle_and_disable);
	tcase_add_test(tc, placement);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(mx, msix_setup, msix_teardown);
	tcase_add_test(mx, msix_capability);
	tcase_add_test(mx, msix_mask_and_pending);
	suite_add_tcase(s, mx);
	tcase_add_checked_fixture(br, bridge_setup, teardown);
	tcase_add_test(br, bridge_header_and_routing);
	tcase_add_test(br, bridge_windows_gate_bars);
	tcase_add_test(br, bridge_swizzles_intx);
	suite_add_tcase(s, br);
	return s;
}

int main(void)
{
	return check_run(pci_suite());
}
