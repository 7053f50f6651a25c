// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over what a guest controls on the PCIe host bridge:
 * config space through ECAM (any bus, function, register, width and
 * value: BARs, Command, capabilities, MSI-X control, the virtio PCI
 * configuration access window) and accesses through the memory and I/O
 * windows to whatever BAR covers them (a virtio-rng's common, ISR,
 * device and notify structures, its MSI-X table and PBA, a raw BAR, the
 * same behind a pcie-root-port's windows, and a transitional virtio-rng
 * whose legacy I/O BAR 0 is reached through the I/O window),
 * with the rings in a 64 KiB guest RAM the input fills. The input:
 *
 *   [0] number of 9-byte operations, then the operations:
 *       kind (0 ECAM read, 1 ECAM write, 2 window read, 3 window write;
 *             bits 2-3 the window, bit 4: ECAM on another bus),
 *       size (log2 in bits 0-1; the bus for bit 4), offset (3 bytes LE),
 *       value (4 bytes LE, repeated in the high half of an 8-byte access)
 *   then the initial contents of guest RAM.
 *
 * Every input starts from a reset machine with the BARs where Linux puts
 * them and memory decode on, so the fuzzer reaches the devices at once.
 * The MSI target aborts on a requester ID that is not the device's; the
 * DMA hook aborts on a range outside RAM.
 */
#include <errno.h>

#include "fuzz_common.h"
#include "pci.h"
#include "virtio.h"
#include "pci_root_port.h"
#include "virtio_pci.h"

#define RAM_BASE	0x40000000ULL
#define RAM_SIZE	0x10000ULL
#define MMIO_WIN	0x10000000ULL
#define HIGH_WIN	0x8000000000ULL
#define RNG_DEVFN	PCI_DEVFN(1, 0)
#define RAW_DEVFN	PCI_DEVFN(2, 0)
#define PORT_DEVFN	PCI_DEVFN(3, 0)
#define LEG_DEVFN	PCI_DEVFN(4, 0)
#define LEG_IO		0x1000u	/* its I/O BAR 0, where Linux puts it */
#define OP_SIZE		9

struct fuzz {
	struct guest_ram ram;
	struct pci_host host;
	struct virtio_pci *vp;
	struct virtio_rng *rng;
	struct virtio_pci *leg_vp;	/* disable-legacy=off: both interfaces */
	struct virtio_rng *leg_rng;
	struct pci_func raw, raw_below;
	struct pci_root_port *port;
	uint8_t raw_mem[0x100];
};

static void fuzz_line(void *opaque, unsigned int intid, int level)
{
	(void)opaque;
	if (intid >= 4 || (level != 0 && level != 1))
		abort();
}

static void fuzz_dma(void *opaque, uint64_t gpa, uint64_t len)
{
	struct fuzz *f = opaque;

	if (!guest_ram_contains(&f->ram, gpa, len))
		abort();
}

static int fuzz_msi(void *opaque, uint64_t addr, uint32_t data, uint32_t devid)
{
	(void)opaque;
	(void)addr;
	(void)data;
	if (devid != RNG_DEVFN && devid != LEG_DEVFN)
		abort();
	return (data & 1) ? -ENODEV : 0;	/* both outcomes */
}

/* A plain memory BAR of 256 bytes backed by raw_mem. */
static int raw_read(void *opaque, uint64_t off, unsigned int size, uint64_t *val)
{
	struct fuzz *f = opaque;
	uint64_t v = 0;

	if (off >= sizeof(f->raw_mem) || size > sizeof(f->raw_mem) - off)
		abort();
	memcpy(&v, f->raw_mem + off, size);
	*val = v;
	return 0;
}

static int raw_write(void *opaque, uint64_t off, unsigned int size, uint64_t val)
{
	struct fuzz *f = opaque;

	if (off >= sizeof(f->raw_mem) || size > sizeof(f->raw_mem) - off)
		abort();
	memcpy(f->raw_mem + off, &val, size);
	return 0;
}

static const struct mmio_ops raw_ops = { .read = raw_read, .write = raw_write };

static void fuzz_add_raw(struct fuzz *f)
{
	const struct pci_bar mem = { .size = 0x100, .ops = &raw_ops, .opaque = f };
	const struct pci_bar io = { .size = 0x100, .io = true, .ops = &raw_ops, .opaque = f };
	struct av_err err;

	pci_func_init(&f->raw, "raw", 0x1234, 0x11, 0xff, 0);
	pci_func_set_pin(&f->raw, 4);
	pci_func_set_bar(&f->raw, 0, &mem);
	pci_func_set_bar(&f->raw, 2, &io);
	if (pci_host_add(&f->host, &f->raw, RAW_DEVFN, &err))
		abort();
	/* The same kind of function below a root port (bus 1 once numbered). */
	pci_func_init(&f->raw_below, "raw-below", 0x1234, 0x12, 0xff, 0);
	pci_func_set_pin(&f->raw_below, 2);
	pci_func_set_bar(&f->raw_below, 0, &mem);
	f->port = pci_root_port_create("rp", 1, 0, &err);
	if (!f->port || pci_host_add(&f->host, pci_root_port_func(f->port), PORT_DEVFN, &err) ||
	    pci_host_add_below(&f->host, pci_root_port_func(f->port), &f->raw_below, 0, &err))
		abort();
}

static void fuzz_add_legacy(struct fuzz *f, const struct virtio_host *base)
{
	struct virtio_host host = *base;
	struct av_err err;

	f->leg_vp = virtio_pci_alloc(&err);
	if (!f->leg_vp)
		abort();
	virtio_pci_set_interfaces(f->leg_vp, true, true);
	virtio_pci_host(f->leg_vp, &host);
	f->leg_rng = virtio_rng_create(&host, &err);
	if (!f->leg_rng || virtio_pci_realize(f->leg_vp, virtio_rng_dev(f->leg_rng),
					      &f->host, NULL, LEG_DEVFN, fuzz_msi,
					      NULL, &err))
		abort();
}

static struct fuzz *fuzz_get(void)
{
	static struct fuzz *f;
	struct irq_line intx[4];
	struct virtio_host host;
	struct av_err err;

	if (f)
		return f;
	f = calloc(1, sizeof(*f));
	if (!f)
		abort();
	f->ram.base = RAM_BASE;
	f->ram.size = RAM_SIZE;
	f->ram.host = malloc(RAM_SIZE);
	for (unsigned int i = 0; i < 4; i++)
		intx[i] = (struct irq_line){ .set = fuzz_line, .intid = i };
	pci_host_init(&f->host, intx);
	f->host.windows[PCI_WIN_MMIO] = (struct pci_window_desc){ &f->host, MMIO_WIN, false };
	f->host.windows[PCI_WIN_MMIO_HIGH] = (struct pci_window_desc){ &f->host, HIGH_WIN, false };
	f->host.windows[PCI_WIN_PIO] = (struct pci_window_desc){ &f->host, 0, true };
	host = (struct virtio_host){ .ram = &f->ram, .dma_written = fuzz_dma, .dma_opaque = f };
	f->vp = virtio_pci_alloc(&err);
	if (!f->ram.host || !f->vp)
		abort();
	virtio_pci_host(f->vp, &host);
	f->rng = virtio_rng_create(&host, &err);
	if (!f->rng || virtio_pci_realize(f->vp, virtio_rng_dev(f->rng), &f->host,
					  NULL, RNG_DEVFN, fuzz_msi, NULL, &err))
		abort();
	fuzz_add_raw(f);
	fuzz_add_legacy(f, &host);
	return f;
}

static void fuzz_cfg(struct fuzz *f, unsigned int devfn, uint32_t reg, unsigned int size,
		     uint32_t val)
{
	pci_host_config_write(&f->host, 0, devfn, reg, size, val);
}

/* Where Linux's resource assignment puts the BARs, memory and I/O on. */
static void fuzz_reset(struct fuzz *f)
{
	pci_host_reset(&f->host);
	virtio_dev_reset(virtio_rng_dev(f->rng));
	fuzz_cfg(f, RNG_DEVFN, 0x14, 4, (uint32_t)MMIO_WIN);
	fuzz_cfg(f, RNG_DEVFN, 0x20, 4, (uint32_t)HIGH_WIN);
	fuzz_cfg(f, RNG_DEVFN, 0x24, 4, (uint32_t)(HIGH_WIN >> 32));
	fuzz_cfg(f, RNG_DEVFN, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	virtio_dev_reset(virtio_rng_dev(f->leg_rng));
	fuzz_cfg(f, LEG_DEVFN, 0x10, 4, LEG_IO);
	fuzz_cfg(f, LEG_DEVFN, 0x14, 4, (uint32_t)MMIO_WIN + 0x2000);
	fuzz_cfg(f, LEG_DEVFN, 0x20, 4, (uint32_t)HIGH_WIN + 0x10000);
	fuzz_cfg(f, LEG_DEVFN, 0x24, 4, (uint32_t)(HIGH_WIN >> 32));
	fuzz_cfg(f, LEG_DEVFN, PCI_COMMAND, 2,
		 PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	fuzz_cfg(f, RAW_DEVFN, 0x10, 4, (uint32_t)MMIO_WIN + 0x1000);
	fuzz_cfg(f, RAW_DEVFN, 0x18, 4, 0x100);
	fuzz_cfg(f, RAW_DEVFN, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
	/* The port: bus 1, memory window 0x10100000..0x101fffff; below at its start. */
	fuzz_cfg(f, PORT_DEVFN, PCI_PRIMARY_BUS, 4, 0x00010100);
	fuzz_cfg(f, PORT_DEVFN, PCI_MEMORY_BASE, 4, 0x10101010);
	fuzz_cfg(f, PORT_DEVFN, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
	pci_host_config_write(&f->host, 1, 0, 0x10, 4, (uint32_t)MMIO_WIN + 0x100000);
	pci_host_config_write(&f->host, 1, 0, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
}

static uint64_t fuzz_value(const uint8_t *p)
{
	uint64_t v = p[0] | p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;

	return v | v << 32;
}

static void fuzz_op(struct fuzz *f, const uint8_t *op)
{
	unsigned int kind = op[0] & 3, win = (op[0] >> 2) & 3, size = 1u << (op[1] & 3);
	uint64_t off = op[2] | op[3] << 8 | (uint64_t)op[4] << 16, val = fuzz_value(op + 5);

	if (kind < 2) {
		if (op[0] & 0x10)
			off |= (uint64_t)op[1] << 20;	/* other buses */
		if (kind == 0)
			pci_ecam_ops.read(&f->host, off, size, &val);
		else
			pci_ecam_ops.write(&f->host, off, size, val);
		return;
	}
	if (win >= PCI_WIN_COUNT)
		win = PCI_WIN_MMIO_HIGH;
	if (win == PCI_WIN_PIO)
		off &= 0xffff;
	if (kind == 2)
		pci_window_ops.read(&f->host.windows[win], off, size, &val);
	else
		pci_window_ops.write(&f->host.windows[win], off, size, val);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz *f = fuzz_get();
	size_t nops, ops_len;

	if (size < 1)
		return 0;
	nops = data[0];
	ops_len = nops * OP_SIZE;
	if (size - 1 < ops_len)
		return 0;
	memset(f->ram.host, 0, RAM_SIZE);
	memcpy(f->ram.host, data + 1 + ops_len,
	       size - 1 - ops_len < RAM_SIZE ? size - 1 - ops_len : RAM_SIZE);
	fuzz_reset(f);
	for (size_t i = 0; i < nops; i++)
		fuzz_op(f, data + 1 + i * OP_SIZE);
	return 0;
}
