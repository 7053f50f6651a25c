// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI topology in a snapshot (docs/snapshot.md, "PCI"). Functions
 * are named where the command line put them, never by the bus numbers
 * the guest assigned: "00:03.0" on the root bus, "00:02.0/00.0" below
 * the root port at 00:02.0 (its secondary bus is the guest's choice and
 * is in the port's config). The CONF digest has one line per function,
 * "pci@WHERE=NAME,VVVV:DDDD,bars=LAYOUT", so a machine with another
 * topology is refused naming the first function that differs; DEVS has
 * one record "pci@WHERE" per function (pci_func_snap_save/load), the
 * host bridge 00:00.0 included. Bridges come before what is below them,
 * so a load knows a port's secondary bus before the requester IDs of
 * the functions behind it are needed (MSI-X released by the load).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../vm_virtio.h"
#include "snap_devs.h"

/* Entry i of the walk: bus 0 devfn i / (1 + 8), then the 8 functions below it. */
#define SNAP_PCI_STRIDE		(1 + PCI_FUNCS)

static struct pci_func *snap_pci_at(struct pci_host *h, unsigned int i, char *where,
				    size_t len)
{
	unsigned int d = i / SNAP_PCI_STRIDE, fn = i % SNAP_PCI_STRIDE;
	struct pci_func *f = h->funcs[d];

	if (!f)
		return NULL;
	if (fn == 0) {
		snprintf(where, len, "00:%02x.%x", PCI_SLOT(d), PCI_FUNC(d));
		return f;
	}
	if (!f->is_bridge || !f->below[fn - 1])
		return NULL;
	snprintf(where, len, "00:%02x.%x/00.%x", PCI_SLOT(d), PCI_FUNC(d), fn - 1);
	return f->below[fn - 1];
}

void snap_pci_conf(struct vm *vm, struct snap_wbuf *w)
{
	struct pci_host *h = vm_pci_host(vm);
	char where[24], what[96];

	for (unsigned int i = 0; h && i < SNAP_PCI_ENTRIES; i++) {
		struct pci_func *f = snap_pci_at(h, i, where, sizeof(where));

		if (!f)
			continue;
		pci_func_snap_describe(f, what, sizeof(what));
		snap_conf_line(w, "pci@%s=%s", where, what);
	}
}

void snap_pci_save(struct vm *vm, struct snap_wbuf *w)
{
	struct pci_host *h = vm_pci_host(vm);
	char where[24], name[32];
	size_t at;

	for (unsigned int i = 0; h && i < SNAP_PCI_ENTRIES; i++) {
		struct pci_func *f = snap_pci_at(h, i, where, sizeof(where));

		if (!f)
			continue;
		snprintf(name, sizeof(name), "pci@%s", where);
		snap_rec_begin(w, name, &at);
		pci_func_snap_save(f, w);
		snap_rec_end(w, at);
	}
}

int snap_pci_load(struct vm *vm, const char *name, struct snap_rbuf *r, bool *seen,
		  struct av_err *err)
{
	struct pci_host *h = vm_pci_host(vm);
	char where[24];

	if (strncmp(name, "pci@", 4))
		return 1;
	for (unsigned int i = 0; h && i < SNAP_PCI_ENTRIES; i++) {
		struct pci_func *f = snap_pci_at(h, i, where, sizeof(where));

		if (!f || strcmp(where, name + 4))
			continue;
		if (seen[i])
			return av_errf(err, EINVAL, "the snapshot has state for %s twice", name);
		seen[i] = true;
		return pci_func_snap_load(f, r, err);
	}
	return 1;
}

int snap_pci_missing(struct vm *vm, const bool *seen, struct av_err *err)
{
	struct pci_host *h = vm_pci_host(vm);
	char where[24];

	for (unsigned int i = 0; h && i < SNAP_PCI_ENTRIES; i++) {
		struct pci_func *f = snap_pci_at(h, i, where, sizeof(where));

		if (f && !seen[i])
			return av_errf(err, EINVAL, "the snapshot has no state for PCI function %s (%s)",
				       where, f->name);
	}
	return 0;
}
