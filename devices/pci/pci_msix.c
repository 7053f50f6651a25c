// SPDX-License-Identifier: GPL-2.0
/*
 * MSI-X (PCI Local Bus spec 3.0, 6.8.2): the capability in config space,
 * the vector table and the Pending Bit Array in a BAR. A vector signalled
 * while it or the whole function is masked sets its pending bit; unmasking
 * sends it then (6.8.2.9). The owner serialises everything here with its
 * own lock (its BAR accesses, its interrupts, its config_write hook).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pci.h"

#define MSIX_CAP_LEN		12
#define MSIX_CAP_CTRL		2
#define MSIX_CAP_TABLE		4
#define MSIX_CAP_PBA		8
#define MSIX_ENTRY_ADDR_LO	0
#define MSIX_ENTRY_ADDR_HI	4
#define MSIX_ENTRY_DATA		8
#define MSIX_ENTRY_CTRL		12

int pci_msix_init(struct pci_msix *m, struct pci_func *f, unsigned int nvec,
		  unsigned int bar, uint32_t table_off, uint32_t pba_off,
		  struct av_err *err)
{
	uint8_t *cap;

	memset(m, 0, sizeof(*m));
	if (nvec == 0 || nvec > PCI_MSIX_MAX_VECTORS || bar >= PCI_NUM_BARS ||
	    (table_off | pba_off) & 7)
		return av_errf(err, EINVAL, "%s: bad MSI-X layout", f->name);
	m->table = calloc(nvec, PCI_MSIX_ENTRY_SIZE);
	m->pba = calloc((nvec + 63) / 64, sizeof(*m->pba));
	m->cap = pci_func_add_cap(f, PCI_CAP_ID_MSIX, MSIX_CAP_LEN);
	if (!m->table || !m->pba || !m->cap) {
		pci_msix_fini(m);
		return av_errf(err, ENOMEM, "%s: no room for MSI-X", f->name);
	}
	m->func = f;
	m->nvec = nvec;
	cap = f->config + m->cap;
	pci_set_word(cap + MSIX_CAP_CTRL, (uint16_t)(nvec - 1));
	pci_set_long(cap + MSIX_CAP_TABLE, table_off | bar);
	pci_set_long(cap + MSIX_CAP_PBA, pba_off | bar);
	pci_set_word(f->wmask + m->cap + MSIX_CAP_CTRL,
		     PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL);
	pci_msix_reset(m);
	return 0;
}

void pci_msix_fini(struct pci_msix *m)
{
	free(m->table);
	free(m->pba);
	m->table = NULL;
	m->pba = NULL;
}

static void msix_changed(struct pci_msix *m)
{
	if (m->changed)
		m->changed(m->hook_opaque);
}

/* 6.8.2.9: after reset every vector is masked; the function is not. */
void pci_msix_reset(struct pci_msix *m)
{
	uint8_t *ctrl = m->func->config + m->cap + MSIX_CAP_CTRL;

	memset(m->table, 0, (size_t)m->nvec * PCI_MSIX_ENTRY_SIZE);
	for (unsigned int v = 0; v < m->nvec; v++)
		pci_set_long(m->table + v * PCI_MSIX_ENTRY_SIZE + MSIX_ENTRY_CTRL,
			     PCI_MSIX_VEC_MASKED);
	memset(m->pba, 0, (m->nvec + 63) / 64 * sizeof(*m->pba));
	pci_set_word(ctrl, (uint16_t)(m->nvec - 1));
	m->enabled = false;
	m->masked = false;
	msix_changed(m);
}

static bool msix_vec_masked(const struct pci_msix *m, unsigned int v)
{
	return m->masked ||
	       (pci_get_long(m->table + v * PCI_MSIX_ENTRY_SIZE + MSIX_ENTRY_CTRL) &
		PCI_MSIX_VEC_MASKED);
}

bool pci_msix_vector_msg(const struct pci_msix *m, unsigned int v,
			 uint64_t *addr, uint32_t *data)
{
	const uint8_t *e = m->table + v * PCI_MSIX_ENTRY_SIZE;

	*addr = pci_get_long(e + MSIX_ENTRY_ADDR_LO) |
		(uint64_t)pci_get_long(e + MSIX_ENTRY_ADDR_HI) << 32;
	*data = pci_get_long(e + MSIX_ENTRY_DATA);
	return m->enabled && !msix_vec_masked(m, v);
}

static void msix_send(struct pci_msix *m, unsigned int v)
{
	uint32_t devid = pci_func_requester_id(m->func);
	uint64_t addr;
	uint32_t data;
	int ret = -ENODEV;

	pci_msix_vector_msg(m, v, &addr, &data);
	if (m->fast_send && m->fast_send(m->hook_opaque, v, addr, data, devid)) {
		m->sent++;
		return;
	}
	if (m->send)
		ret = m->send(m->send_opaque, addr, data, devid);
	if (ret) {
		m->dropped++;
		log_printf(LOG_GUEST_ERRORS,
			   "%s: MSI-X vector %u to 0x%llx not delivered (%d)\n",
			   m->func->name, v, (unsigned long long)addr, ret);
		return;
	}
	m->sent++;
}

static bool msix_pending(const struct pci_msix *m, unsigned int v)
{
	return (m->pba[v / 64] >> (v % 64)) & 1;
}

/* Send what is pending and no longer masked. */
static void msix_release(struct pci_msix *m, unsigned int v)
{
	if (!m->enabled || !msix_pending(m, v) || msix_vec_masked(m, v))
		return;
	m->pba[v / 64] &= ~(1ULL << (v % 64));
	msix_send(m, v);
}

void pci_msix_config_written(struct pci_msix *m)
{
	uint16_t ctrl = pci_get_word(m->func->config + m->cap + MSIX_CAP_CTRL);

	m->enabled = ctrl & PCI_MSIX_CTRL_ENABLE;
	m->masked = ctrl & PCI_MSIX_CTRL_MASKALL;
	msix_changed(m);
	for (unsigned int v = 0; v < m->nvec; v++)
		msix_release(m, v);
}

void pci_msix_notify(struct pci_msix *m, unsigned int vec)
{
	if (!m->enabled || vec >= m->nvec)
		return;
	if (msix_vec_masked(m, vec)) {
		m->pba[vec / 64] |= 1ULL << (vec % 64);
		return;
	}
	msix_send(m, vec);
}

/* 6.8.2: dword or aligned qword accesses; anything else is not decoded. */
static bool msix_access_ok(uint64_t off, unsigned int size, uint64_t limit)
{
	return (size == 4 || size == 8) && off % size == 0 && off < limit &&
	       size <= limit - off;
}

int pci_msix_table_read(struct pci_msix *m, uint64_t off, unsigned int size,
			uint64_t *val)
{
	uint64_t v = 0;

	if (!msix_access_ok(off, size, (uint64_t)m->nvec * PCI_MSIX_ENTRY_SIZE))
		return -EINVAL;
	memcpy(&v, m->table + off, size);	/* little-endian host */
	*val = v;
	return 0;
}

/* Vector Control: only the mask bit is defined (the rest reserved, RO 0). */
static void msix_write_dword(struct pci_msix *m, uint64_t off, uint32_t val)
{
	unsigned int v = (unsigned int)(off / PCI_MSIX_ENTRY_SIZE);

	if (off % PCI_MSIX_ENTRY_SIZE == MSIX_ENTRY_CTRL)
		val &= PCI_MSIX_VEC_MASKED;
	pci_set_long(m->table + off, val);
	msix_changed(m);
	msix_release(m, v);
}

int pci_msix_table_write(struct pci_msix *m, uint64_t off, unsigned int size,
			 uint64_t val)
{
	if (!msix_access_ok(off, size, (uint64_t)m->nvec * PCI_MSIX_ENTRY_SIZE))
		return -EINVAL;
	msix_write_dword(m, off, (uint32_t)val);
	if (size == 8)
		msix_write_dword(m, off + 4, (uint32_t)(val >> 32));
	return 0;
}

int pci_msix_pba_read(struct pci_msix *m, uint64_t off, unsigned int size,
		      uint64_t *val)
{
	uint64_t limit = (m->nvec + 63) / 64 * 8;
	uint64_t word;

	if (!msix_access_ok(off, size, limit))
		return -EINVAL;
	word = m->pba[off / 8];
	*val = size == 8 ? word : (uint32_t)(word >> (8 * (off % 8)));
	return 0;
}
