// SPDX-License-Identifier: GPL-2.0
/*
 * PCI functions in a snapshot (docs/snapshot.md, "PCI"): the config
 * space the guest programmed (Command, BARs, bridge bus numbers and
 * windows, capability registers) and the MSI-X table and PBA.
 *
 * The file is user input. A function's config is taken through its
 * write mask, exactly as a guest's config writes would be (PCI Local Bus
 * spec 3.0, 6.1: read-only bits keep their value), so a hostile file can
 * only give the values a hostile guest could have written; the read-only
 * part (IDs, capabilities, BAR types and sizes) stays what this machine
 * built, and the CONF digest has already named any difference in the
 * topology. MSI-X Vector Control bits other than the mask are reserved
 * (6.8.2.9) and pending bits beyond the table do not exist: both dropped.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pci.h"
#include "snap_stream.h"

#define MSIX_ENTRY_CTRL		12

void pci_func_snap_save(struct pci_func *f, struct snap_wbuf *w)
{
	snap_put_bytes(w, f->config, sizeof(f->config));
	if (f->ops.snap_save)
		f->ops.snap_save(f->opaque, w);
}

/* The guest-writable bits, under irq_lock as config writes (pci_host.c). */
static void pci_func_snap_config(struct pci_func *f, const uint8_t *cfg)
{
	pthread_mutex_lock(&f->host->irq_lock);
	for (unsigned int i = 0; i < PCI_CONFIG_SIZE; i++)
		f->config[i] = (uint8_t)((f->config[i] & ~f->wmask[i]) |
					 (cfg[i] & f->wmask[i]));
	pthread_mutex_unlock(&f->host->irq_lock);
}

int pci_func_snap_load(struct pci_func *f, struct snap_rbuf *r, struct av_err *err)
{
	uint8_t cfg[PCI_CONFIG_SIZE];

	snap_get_bytes(r, cfg, sizeof(cfg));
	if (r->bad || !f->host)
		return av_errf(err, EINVAL, "snapshot: the config space of %s is truncated",
			       f->name);
	pci_func_snap_config(f, cfg);
	if (f->is_bridge)
		atomic_store(&f->sec_bus, f->config[PCI_SECONDARY_BUS]);
	/* Command's INTx Disable may have changed what reaches the line. */
	pci_func_set_irq(f, f->irq_level);
	if (f->ops.snap_load)
		return f->ops.snap_load(f->opaque, r, err);
	return 0;
}

/* One character per BAR: '-' none (or a 64-bit BAR's upper half), i, m, M (64-bit). */
static void pci_snap_bars(const struct pci_func *f, char *out)
{
	for (unsigned int n = 0; n < PCI_NUM_BARS; n++) {
		const struct pci_bar *b = &f->bars[n];

		out[n] = !b->size ? '-' : b->io ? 'i' : b->mem64 ? 'M' : 'm';
	}
	out[PCI_NUM_BARS] = 0;
}

void pci_func_snap_describe(const struct pci_func *f, char *buf, size_t len)
{
	size_t name_len = strcspn(f->name ? f->name : "", " ");
	char bars[PCI_NUM_BARS + 1];

	pci_snap_bars(f, bars);
	snprintf(buf, len, "%.*s,%04x:%04x,bars=%s", (int)name_len,
		 f->name ? f->name : "", pci_get_word(f->config + PCI_VENDOR_ID),
		 pci_get_word(f->config + PCI_DEVICE_ID), bars);
}

static size_t msix_pba_words(const struct pci_msix *m)
{
	return (m->nvec + 63) / 64;
}

void pci_msix_snap_save(const struct pci_msix *m, struct snap_wbuf *w)
{
	snap_put_u32(w, m->nvec);
	snap_put_bytes(w, m->table, (size_t)m->nvec * PCI_MSIX_ENTRY_SIZE);
	for (size_t i = 0; i < msix_pba_words(m); i++)
		snap_put_u64(w, m->pba[i]);
}

int pci_msix_snap_load(struct pci_msix *m, struct snap_rbuf *r, struct av_err *err)
{
	uint32_t nvec = snap_get_u32(r);

	if (r->bad || nvec != m->nvec)
		return av_errf(err, EINVAL,
			       "snapshot: %s has %u MSI-X vectors in the snapshot, %u here",
			       m->func->name, nvec, m->nvec);
	snap_get_bytes(r, m->table, (size_t)nvec * PCI_MSIX_ENTRY_SIZE);
	for (unsigned int v = 0; v < nvec; v++) {
		uint8_t *ctrl = m->table + v * PCI_MSIX_ENTRY_SIZE + MSIX_ENTRY_CTRL;

		pci_set_long(ctrl, pci_get_long(ctrl) & PCI_MSIX_VEC_MASKED);
	}
	for (size_t i = 0; i < msix_pba_words(m); i++)
		m->pba[i] = snap_get_u64(r);
	if (nvec % 64)
		m->pba[nvec / 64] &= (1ULL << (nvec % 64)) - 1;
	if (r->bad)
		return av_errf(err, EINVAL, "snapshot: the MSI-X state of %s is truncated",
			       m->func->name);
	return 0;
}
