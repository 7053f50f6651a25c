// SPDX-License-Identifier: GPL-2.0
/*
 * The host bridge's bus 0: which function answers a config access, the
 * BAR that decodes a window access, and the four INTx lines.
 *
 * Config space as QEMU's generic host presents it: the bridge function
 * 00:00.0 (1b36:0008, class 0600, hw/pci-host/gpex.c), functions the
 * machine added, and all-ones for every other bus, device, function or
 * register beyond a conventional function's 256 bytes (PCIe base spec
 * 4.0, 2.3.2: an Unsupported Request completes as all-ones for reads).
 */
#include <errno.h>
#include <string.h>

#include "log.h"
#include "pci.h"

void pci_host_init(struct pci_host *host, const struct irq_line intx[4])
{
	memset(host, 0, sizeof(*host));
	pthread_mutex_init(&host->lock, NULL);
	pthread_mutex_init(&host->irq_lock, NULL);
	memcpy(host->intx, intx, sizeof(host->intx));
	pci_func_init(&host->bridge, "gpex-root", PCI_VENDOR_REDHAT,
		      PCI_DEVICE_REDHAT_HOST, PCI_CLASS_BRIDGE_HOST, 0);
	/* QEMU's pci_init_default_subsystem_id() for a device naming none. */
	pci_func_set_subsystem(&host->bridge, PCI_VENDOR_QUMRANET,
			       PCI_SUBDEVICE_QEMU);
	host->bridge.host = host;
	memcpy(host->bridge.power_on, host->bridge.config,
	       sizeof(host->bridge.power_on));
	host->funcs[0] = &host->bridge;
}

void pci_host_fini(struct pci_host *host)
{
	pthread_mutex_destroy(&host->irq_lock);
	pthread_mutex_destroy(&host->lock);
}

static void pci_intx_update(struct pci_host *host, struct pci_func *f);

/* A slot's function 0 says whether there are others (6.2.1 Header Type). */
static void pci_host_update_multi(struct pci_host *host, unsigned int slot)
{
	struct pci_func *f0 = host->funcs[PCI_DEVFN(slot, 0)];
	bool multi = false;

	for (unsigned int fn = 1; fn < PCI_FUNCS; fn++)
		multi |= host->funcs[PCI_DEVFN(slot, fn)] != NULL;
	if (!f0)
		return;
	if (multi)
		f0->config[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MULTI;
	else
		f0->config[PCI_HEADER_TYPE] &= ~PCI_HEADER_TYPE_MULTI;
}

int pci_host_add(struct pci_host *host, struct pci_func *f, unsigned int devfn,
		 struct av_err *err)
{
	if (devfn >= PCI_DEVFNS)
		return av_errf(err, EINVAL, "PCI address %02x.%x does not exist",
			       PCI_SLOT(devfn), PCI_FUNC(devfn));
	pthread_mutex_lock(&host->lock);
	if (host->funcs[devfn]) {
		pthread_mutex_unlock(&host->lock);
		return av_errf(err, EBUSY,
			       "PCI address 00:%02x.%x is taken by %s",
			       PCI_SLOT(devfn), PCI_FUNC(devfn),
			       host->funcs[devfn]->name);
	}
	f->host = host;
	f->devfn = (uint8_t)devfn;
	memcpy(f->power_on, f->config, sizeof(f->power_on));
	host->funcs[devfn] = f;
	pci_host_update_multi(host, PCI_SLOT(devfn));
	pthread_mutex_unlock(&host->lock);
	return 0;
}

/* Config bytes change under irq_lock too: pci_func_set_irq reads Command. */
/* A slot's function 0 below a bridge, likewise. */
static void pci_bridge_update_multi(struct pci_func *b)
{
	bool multi = false;

	for (unsigned int fn = 1; fn < PCI_FUNCS; fn++)
		multi |= b->below[fn] != NULL;
	if (!b->below[0])
		return;
	if (multi)
		b->below[0]->config[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MULTI;
	else
		b->below[0]->config[PCI_HEADER_TYPE] &= ~PCI_HEADER_TYPE_MULTI;
}

int pci_host_add_below(struct pci_host *host, struct pci_func *bridge,
		       struct pci_func *f, unsigned int devfn, struct av_err *err)
{
	if (!bridge->is_bridge || bridge->upstream)
		return av_errf(err, EINVAL, "%s is not a bridge on the root bus",
			       bridge->name);
	if (PCI_SLOT(devfn) != 0 || devfn >= PCI_DEVFNS)
		return av_errf(err, EINVAL,
			       "slot %u is not valid below %s, which only has slot 0",
			       PCI_SLOT(devfn), bridge->name);
	pthread_mutex_lock(&host->lock);
	if (bridge->below[devfn]) {
		pthread_mutex_unlock(&host->lock);
		return av_errf(err, EBUSY, "address 00.%x below %s is taken by %s",
			       PCI_FUNC(devfn), bridge->name, bridge->below[devfn]->name);
	}
	f->host = host;
	f->devfn = (uint8_t)devfn;
	f->upstream = bridge;
	memcpy(f->power_on, f->config, sizeof(f->power_on));
	bridge->below[devfn] = f;
	pci_bridge_update_multi(bridge);
	pthread_mutex_unlock(&host->lock);
	return 0;
}

static void pci_func_reset(struct pci_host *host, struct pci_func *f)
{
	pthread_mutex_lock(&host->irq_lock);
	memcpy(f->config, f->power_on, sizeof(f->config));
	pci_intx_update(host, f);
	pthread_mutex_unlock(&host->irq_lock);
	if (f->ops.reset)
		f->ops.reset(f->opaque);
}

void pci_host_reset(struct pci_host *host)
{
	pthread_mutex_lock(&host->lock);
	for (unsigned int d = 0; d < PCI_DEVFNS; d++) {
		struct pci_func *f = host->funcs[d];

		if (!f)
			continue;
		pci_func_reset(host, f);
		atomic_store(&f->sec_bus, 0);
		for (unsigned int fn = 0; fn < PCI_FUNCS; fn++)
			if (f->below[fn])
				pci_func_reset(host, f->below[fn]);
		pci_bridge_update_multi(f);
	}
	for (unsigned int slot = 0; slot < PCI_SLOTS; slot++)
		pci_host_update_multi(host, slot);
	pthread_mutex_unlock(&host->lock);
}

int pci_host_free_slot(const struct pci_host *host, unsigned int first)
{
	for (unsigned int slot = first; slot < PCI_SLOTS; slot++) {
		bool used = false;

		for (unsigned int fn = 0; fn < PCI_FUNCS; fn++)
			used |= host->funcs[PCI_DEVFN(slot, fn)] != NULL;
		if (!used)
			return (int)slot;
	}
	return -ENOSPC;
}

/* ---- INTx (PCI 3.0, 2.2.6; the swizzle of the PCI-to-PCI bridge spec 9.1) ---- */

/*
 * The host line a function's pin reaches: INTA of slot s is line s % 4;
 * below a bridge the pin is first swizzled onto the bridge's own pins
 * (the same rule, Linux's pci_swizzle_interrupt_pin()).
 */
static unsigned int pci_intx_line(const struct pci_func *f)
{
	unsigned int pin = f->config[PCI_INTERRUPT_PIN];

	if (f->upstream) {
		pin = (PCI_SLOT(f->devfn) + pin - 1) % 4 + 1;
		f = f->upstream;
	}
	return (PCI_SLOT(f->devfn) + pin - 1) % 4;
}

/* With irq_lock held: put f's effective level on its line. */
static void pci_intx_update(struct pci_host *host, struct pci_func *f)
{
	bool disabled = pci_get_word(f->config + PCI_COMMAND) &
			PCI_COMMAND_INTX_DISABLE;
	bool want = f->irq_level && !disabled &&
		    f->config[PCI_INTERRUPT_PIN] >= 1;
	unsigned int line;

	if (want == f->irq_asserted)
		return;
	f->irq_asserted = want;
	line = pci_intx_line(f);
	if (want && host->intx_count[line]++ == 0)
		irq_line_set(&host->intx[line], 1);
	else if (!want && --host->intx_count[line] == 0)
		irq_line_set(&host->intx[line], 0);
}

void pci_func_set_irq(struct pci_func *f, bool level)
{
	struct pci_host *host = f->host;

	if (!host)
		return;
	pthread_mutex_lock(&host->irq_lock);
	f->irq_level = level;
	pci_intx_update(host, f);
	pthread_mutex_unlock(&host->irq_lock);
}

/* ---- Config space ---- */

/*
 * Bus 0 is the root bus; bus n is the secondary bus of the bridge whose
 * Secondary Bus Number is n, where only device 0 exists (a downstream
 * port's link, PCIe base spec 7.3.1). Deeper buses have nothing.
 */
static struct pci_func *pci_host_func(struct pci_host *host, unsigned int bus,
				      unsigned int devfn)
{
	if (devfn >= PCI_DEVFNS)
		return NULL;
	if (bus == 0)
		return host->funcs[devfn];
	for (unsigned int d = 0; d < PCI_DEVFNS; d++) {
		struct pci_func *b = host->funcs[d];

		if (b && b->is_bridge && b->config[PCI_SECONDARY_BUS] == bus)
			return PCI_SLOT(devfn) == 0 ? b->below[devfn] : NULL;
	}
	return NULL;
}

static bool pci_config_access_ok(uint32_t reg, unsigned int size)
{
	return (size == 1 || size == 2 || size == 4) && reg % size == 0 &&
	       reg + size <= PCI_CONFIG_SIZE;
}

/* Status bit 3 is the function's INTx input, whether or not disabled (6.2.3). */
static uint32_t pci_func_read_bytes(struct pci_func *f, uint32_t reg,
				    unsigned int size)
{
	uint8_t bytes[4];
	uint32_t v = 0;

	if (f->ops.config_read)
		f->ops.config_read(f->opaque, reg, size);
	memcpy(bytes, f->config + reg, size);
	if (reg <= PCI_STATUS && reg + size > PCI_STATUS) {
		pthread_mutex_lock(&f->host->irq_lock);
		if (f->irq_level)
			bytes[PCI_STATUS - reg] |= PCI_STATUS_INTERRUPT;
		pthread_mutex_unlock(&f->host->irq_lock);
	}
	for (unsigned int i = 0; i < size; i++)
		v |= (uint32_t)bytes[i] << (8 * i);
	return v;
}

uint32_t pci_host_config_read(struct pci_host *host, unsigned int bus,
			      unsigned int devfn, uint32_t reg, unsigned int size)
{
	uint32_t ones = size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	struct pci_func *f;
	uint32_t v = ones;

	if (size == 0 || size > 4)
		return 0xffffffffu;
	pthread_mutex_lock(&host->lock);
	f = pci_host_func(host, bus, devfn);
	if (f && pci_config_access_ok(reg, size))
		v = pci_func_read_bytes(f, reg, size);
	pthread_mutex_unlock(&host->lock);
	return v;
}

static void pci_func_write_bytes(struct pci_func *f, uint32_t reg,
				 unsigned int size, uint32_t val)
{
	for (unsigned int i = 0; i < size; i++) {
		uint8_t b = (uint8_t)(val >> (8 * i));
		uint8_t *c = &f->config[reg + i];

		*c = (uint8_t)((*c & ~f->wmask[reg + i]) | (b & f->wmask[reg + i]));
		*c &= (uint8_t)~(b & f->w1cmask[reg + i]);
	}
}

void pci_host_config_write(struct pci_host *host, unsigned int bus,
			   unsigned int devfn, uint32_t reg, unsigned int size,
			   uint32_t val)
{
	struct pci_func *f;

	pthread_mutex_lock(&host->lock);
	f = pci_host_func(host, bus, devfn);
	if (!f || !pci_config_access_ok(reg, size)) {
		pthread_mutex_unlock(&host->lock);
		return;
	}
	pthread_mutex_lock(&host->irq_lock);
	pci_func_write_bytes(f, reg, size, val);
	/* Command's INTx Disable gates the line at once (6.2.2). */
	pci_intx_update(host, f);
	pthread_mutex_unlock(&host->irq_lock);
	if (f->is_bridge)
		atomic_store(&f->sec_bus, f->config[PCI_SECONDARY_BUS]);
	if (f->ops.config_write)
		f->ops.config_write(f->opaque, reg, size, val);
	pthread_mutex_unlock(&host->lock);
}

/* ---- BARs ---- */

static uint64_t pci_bar_addr(const struct pci_func *f, unsigned int n)
{
	const uint8_t *cfg = f->config + PCI_BASE_ADDRESS_0 + 4 * n;
	uint64_t addr;

	if (f->bars[n].io)
		return pci_get_long(cfg) & ~3u;
	addr = pci_get_long(cfg) & ~0xfu;
	if (f->bars[n].mem64)
		addr |= (uint64_t)pci_get_long(cfg + 4) << 32;
	return addr;
}

/*
 * The BAR decodes the access when its space is enabled (6.2.2) and the
 * access lies wholly inside it. An I/O BAR at 0 counts as unmapped, as
 * QEMU's pci_bar_address() has it (firmware leaves unassigned BARs at 0).
 */
static bool pci_bar_decodes(const struct pci_func *f, unsigned int n, bool io,
			    uint64_t addr, unsigned int size, uint64_t *off)
{
	const struct pci_bar *bar = &f->bars[n];
	uint16_t cmd = pci_get_word(f->config + PCI_COMMAND);
	uint64_t base;

	if (!bar->size || bar->io != io || !bar->ops)
		return false;
	if (!(cmd & (io ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY)))
		return false;
	base = pci_bar_addr(f, n);
	if ((io && base == 0) || addr < base || addr - base >= bar->size ||
	    size > bar->size - (addr - base))
		return false;
	*off = addr - base;
	return true;
}

static bool pci_func_find_bar(const struct pci_func *f, bool io, uint64_t addr,
			      unsigned int size, struct pci_bar_hit *hit)
{
	for (unsigned int n = 0; n < PCI_NUM_BARS; n++) {
		if (!pci_bar_decodes(f, n, io, addr, size, &hit->off))
			continue;
		hit->ops = f->bars[n].ops;
		hit->opaque = f->bars[n].opaque;
		hit->bar = n;
		return true;
	}
	return false;
}

static bool pci_hit_prefetch(const struct pci_func *f, const struct pci_bar_hit *hit)
{
	return f->bars[hit->bar].prefetch;
}

/* The functions below bridge b, when b forwards the access. */
static bool pci_below_find_bar(const struct pci_func *b, bool io, uint64_t addr,
			       unsigned int size, struct pci_bar_hit *hit)
{
	for (unsigned int fn = 0; fn < PCI_FUNCS; fn++) {
		const struct pci_func *f = b->below[fn];

		if (f && pci_func_find_bar(f, io, addr, size, hit) &&
		    pci_bridge_forwards(b, io, pci_hit_prefetch(f, hit), addr, size))
			return true;
	}
	return false;
}

bool pci_host_find_bar(struct pci_host *host, bool io, uint64_t addr,
		       unsigned int size, struct pci_bar_hit *hit)
{
	bool found = false;

	pthread_mutex_lock(&host->lock);
	for (unsigned int d = 0; !found && d < PCI_DEVFNS; d++) {
		const struct pci_func *f = host->funcs[d];

		if (!f)
			continue;
		found = pci_func_find_bar(f, io, addr, size, hit);
		if (!found && f->is_bridge)
			found = pci_below_find_bar(f, io, addr, size, hit);
	}
	pthread_mutex_unlock(&host->lock);
	return found;
}
