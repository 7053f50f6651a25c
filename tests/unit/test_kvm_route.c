// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-pci fast paths of accel-kvm without /dev/kvm: the
 * KVM_IOEVENTFD request for a PCI notify register and the KVM_IRQFD one
 * for an MSI route (Linux's uapi values), the GSI routing table built
 * from the devices' MSI-X vectors (api.rst "KVM_SET_GSI_ROUTING": the
 * vGIC's SPI entries kept, one MSI entry with the DeviceID per live
 * vector aimed at the vITS), and the irqfd write that only happens when
 * the installed table routes exactly the message (plain eventfds stand
 * in for KVM's).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "../../accel-kvm/io/kvm_eventfd.h"
#include "check_run.h"

#define DOORBELL	0x08090040ULL	/* GITS_TRANSLATER of QEMU virt's ITS */

static struct kvm_eventfds e;
static struct kvm_irq_routing_entry out[KVM_ROUTE_NR_SPIS + 16];

static void noop_notify(void *opaque, unsigned int queue)
{
	(void)opaque;
	(void)queue;
}

/* A device with nvec vectors, each with an eventfd on GSI 256 + n. */
static struct kvm_efd_dev *add_dev(const char *name, unsigned int nvec)
{
	const struct accel_virtio_pci_dev info = {
		.name = name, .num_queues = 1, .nvec = nvec,
		.notify = noop_notify,
	};
	struct kvm_efd_dev *d = kvm_efd_pci_dev_new(&info);

	ck_assert(d);
	ck_assert(d->pci);
	for (unsigned int v = 0; v < nvec; v++) {
		ck_assert_int_eq(d->vecs[v].fd, -1);
		d->vecs[v].fd = eventfd(0, EFD_NONBLOCK);
		ck_assert_int_ge(d->vecs[v].fd, 0);
		d->vecs[v].gsi = e.next_gsi++;
	}
	e.devs[e.ndevs++] = d;
	return d;
}

static void setup(void)
{
	memset(&e, 0, sizeof(e));
	pthread_mutex_init(&e.route_lock, NULL);
	e.next_gsi = KVM_ROUTE_NR_SPIS;
}

static void teardown(void)
{
	for (unsigned int i = 0; i < e.ndevs; i++)
		kvm_efd_dev_free(e.devs[i]);
	pthread_mutex_destroy(&e.route_lock);
}

static struct accel_msi_msg msg(bool live, uint64_t addr, uint32_t data,
				uint32_t devid)
{
	return (struct accel_msi_msg){ .live = live, .addr = addr, .data = data,
				       .devid = devid };
}

START_TEST(pci_ioeventfd_request)
{
	struct kvm_ioeventfd r;

	memset(&r, 0xa5, sizeof(r));
	/* BAR 4 at 0x8000000000, notify region +0x3000, queue 1 at +4. */
	kvm_ioeventfd_pci_req(&r, 0x8000003004ULL, 1, 7, false);
	ck_assert_uint_eq(r.addr, 0x8000003004ULL);
	ck_assert_uint_eq(r.len, 2);
	ck_assert_uint_eq(r.datamatch, 1);
	ck_assert_int_eq(r.fd, 7);
	ck_assert_uint_eq(r.flags, 1);		/* DATAMATCH, an MMIO address */
	for (size_t i = 0; i < sizeof(r.pad); i++)
		ck_assert_uint_eq(r.pad[i], 0);
	kvm_ioeventfd_pci_req(&r, 0x10003000, 0, 7, true);
	ck_assert_uint_eq(r.flags, 1 | 4);	/* DATAMATCH | DEASSIGN */
	ck_assert_uint_eq(r.datamatch, 0);
}
END_TEST

START_TEST(msi_irqfd_request)
{
	struct kvm_irqfd r;

	memset(&r, 0xa5, sizeof(r));
	kvm_irqfd_msi_req(&r, 300, 9, false);
	ck_assert_uint_eq(r.gsi, 300);
	ck_assert_uint_eq(r.fd, 9);
	ck_assert_uint_eq(r.flags, 0);		/* no RESAMPLE: an MSI is an edge */
	ck_assert_uint_eq(r.resamplefd, 0);
	for (size_t i = 0; i < sizeof(r.pad); i++)
		ck_assert_uint_eq(r.pad[i], 0);
	kvm_irqfd_msi_req(&r, 300, 9, true);
	ck_assert_uint_eq(r.flags, 1);		/* DEASSIGN */
}
END_TEST

/* Nothing live: the vGIC's default table exactly, GSI n -> SPI n. */
START_TEST(table_keeps_the_spis)
{
	add_dev("blk", 2);
	ck_assert_uint_eq(kvm_route_max(&e, KVM_ROUTE_NR_SPIS), KVM_ROUTE_NR_SPIS + 2);
	ck_assert_uint_eq(kvm_route_build(out, &e, KVM_ROUTE_NR_SPIS, DOORBELL),
			  KVM_ROUTE_NR_SPIS);
	for (unsigned int n = 0; n < KVM_ROUTE_NR_SPIS; n++) {
		ck_assert_uint_eq(out[n].gsi, n);
		ck_assert_uint_eq(out[n].type, 1);	/* KVM_IRQ_ROUTING_IRQCHIP */
		ck_assert_uint_eq(out[n].flags, 0);
		ck_assert_uint_eq(out[n].u.irqchip.irqchip, 0);
		ck_assert_uint_eq(out[n].u.irqchip.pin, n);
	}
}
END_TEST

/*
 * Live vectors to the ITS get an MSI entry with the DeviceID; masked ones
 * (not live), ones to another doorbell (GICv2m) and ones without an
 * irqfd get none.
 */
START_TEST(table_routes_live_vectors)
{
	struct kvm_efd_dev *a = add_dev("blk", 3), *b = add_dev("net", 2);
	struct accel_msi_msg va[3] = {
		msg(true, DOORBELL, 5, 0x08),
		msg(false, DOORBELL, 6, 0x08),		/* masked */
		msg(true, 0x08020040, 7, 0x08),		/* the v2m frame */
	};
	struct accel_msi_msg vb[2] = {
		msg(true, DOORBELL | 0x1234500000000ULL, 1, 0x100),	/* elsewhere */
		msg(true, DOORBELL, 2, 0x100),
	};
	unsigned int n;

	ck_assert(kvm_route_update(a, va));
	ck_assert(!kvm_route_update(a, va));		/* the same again */
	ck_assert(kvm_route_update(b, vb));
	close(b->vecs[1].fd);
	b->vecs[1].fd = -1;				/* no irqfd for this one */
	n = kvm_route_build(out, &e, KVM_ROUTE_NR_SPIS, DOORBELL);
	ck_assert_uint_eq(n, KVM_ROUTE_NR_SPIS + 1);
	ck_assert_uint_eq(out[KVM_ROUTE_NR_SPIS].gsi, a->vecs[0].gsi);
	ck_assert_uint_eq(out[KVM_ROUTE_NR_SPIS].gsi, 256);
	ck_assert_uint_eq(out[KVM_ROUTE_NR_SPIS].type, 2);	/* KVM_IRQ_ROUTING_MSI */
	ck_assert_uint_eq(out[KVM_ROUTE_NR_SPIS].flags, 1);	/* KVM_MSI_VALID_DEVID */
	ck_assert_uint_eq(out[KVM_ROUTE_NR_SPIS].u.msi.address_lo, 0x08090040);
	ck_assert_uint_eq(out[KVM_ROUTE_NR_SPIS].u.msi.address_hi, 0);
	ck_assert_uint_eq(out[KVM_ROUTE_NR_SPIS].u.msi.data, 5);
	ck_assert_uint_eq(out[KVM_ROUTE_NR_SPIS].u.msi.devid, 0x08);
	/* A doorbell with a high half: both halves in the entry. */
	b->vecs[0].msg.addr = DOORBELL | 0x100000000ULL;
	n = kvm_route_build(out, &e, KVM_ROUTE_NR_SPIS, DOORBELL | 0x100000000ULL);
	ck_assert_uint_eq(n, KVM_ROUTE_NR_SPIS + 1);
	ck_assert_uint_eq(out[KVM_ROUTE_NR_SPIS].gsi, b->vecs[0].gsi);
	ck_assert_uint_eq(out[KVM_ROUTE_NR_SPIS].u.msi.address_lo, 0x08090040);
	ck_assert_uint_eq(out[KVM_ROUTE_NR_SPIS].u.msi.address_hi, 1);
	ck_assert_uint_eq(out[KVM_ROUTE_NR_SPIS].u.msi.devid, 0x100);
	/* No ITS: nothing routable, the SPIs only. */
	ck_assert_uint_eq(kvm_route_build(out, &e, KVM_ROUTE_NR_SPIS, UINT64_MAX),
			  KVM_ROUTE_NR_SPIS);
}
END_TEST

/* Masking forgets the message: unmasking is a change, routed again. */
START_TEST(update_masks_and_unmasks)
{
	struct kvm_efd_dev *a = add_dev("blk", 1);
	struct accel_msi_msg v = msg(true, DOORBELL, 5, 8);

	ck_assert(kvm_route_update(a, &v));
	v.live = false;
	ck_assert(kvm_route_update(a, &v));
	ck_assert(!a->vecs[0].msg.live);
	ck_assert_uint_eq(a->vecs[0].msg.addr, 0);
	v.data = 99;					/* rewritten while masked */
	ck_assert(!kvm_route_update(a, &v));
	v.live = true;
	ck_assert(kvm_route_update(a, &v));
	ck_assert_uint_eq(a->vecs[0].msg.data, 99);
}
END_TEST

static uint64_t drain(int fd)
{
	uint64_t n = 0;

	return read(fd, &n, sizeof(n)) == sizeof(n) ? n : 0;
}

START_TEST(fire_only_what_is_routed)
{
	struct kvm_efd_dev *a = add_dev("blk", 2);
	struct accel_msi_msg v[2] = { msg(true, DOORBELL, 5, 8), msg(false, DOORBELL, 6, 8) };
	struct accel_msi_msg m0 = v[0], moved = v[0];

	kvm_route_update(a, v);
	/* Not installed yet: KVM_SIGNAL_MSI's turn. */
	ck_assert(!kvm_msi_vec_fire(&e, a, 0, &m0));
	kvm_route_mark(&e, DOORBELL, true);
	ck_assert(a->vecs[0].routed);
	ck_assert(!a->vecs[1].routed);
	ck_assert(kvm_msi_vec_fire(&e, a, 0, &m0));
	ck_assert_uint_eq(drain(a->vecs[0].fd), 1);
	/* A bridge renumbered the bus: the DeviceID differs from the route. */
	moved.devid = 0x108;
	ck_assert(!kvm_msi_vec_fire(&e, a, 0, &moved));
	ck_assert_uint_eq(drain(a->vecs[0].fd), 0);
	/* Out of range, and a table KVM refused. */
	ck_assert(!kvm_msi_vec_fire(&e, a, 2, &m0));
	kvm_route_mark(&e, DOORBELL, false);
	ck_assert(!kvm_msi_vec_fire(&e, a, 0, &m0));
	ck_assert_uint_eq(a->msi_irqfd, 1);
	ck_assert_uint_eq(a->msi_signal, 3);	/* the bad index is no message */
}
END_TEST

/* -d kvm's lines: per device, the PCI totals; the mmio totals skip them. */
START_TEST(pci_log_lines)
{
	struct kvm_efd_dev *a = add_dev("virtio-blk-pci 00:01.0", 1);
	char line[256];

	a->fd_notifies = 7;
	a->mmio_notifies = 1;
	a->msi_irqfd = 5;
	a->msi_signal = 2;
	a->queues[0].addr = 0x8000003000ULL;
	kvm_efd_count_mmio(&e, 0x8000003000ULL, true);
	kvm_efd_count_mmio(&e, 0x8000003000ULL, false);
	kvm_efd_count_mmio(&e, 0x8000003004ULL, true);
	ck_assert_uint_eq(a->mmio_notifies, 2);
	kvm_efd_format_dev(a, line, sizeof(line));
	ck_assert_str_eq(line, "kvm: virtio-blk-pci 00:01.0: queue notifies 7 by ioeventfd, 2 by MMIO exit; MSI-X messages 5 by irqfd, 2 by msi_send\n");
	kvm_efd_format_pci_totals(&e, line, sizeof(line));
	ck_assert_str_eq(line, "kvm: pci totals: queue notifies 7 by ioeventfd, 2 by MMIO exit; MSI-X messages 5 by irqfd, 2 by msi_send\n");
	kvm_efd_format_totals(&e, line, sizeof(line));
	ck_assert_str_eq(line, "kvm: totals: queue notifies 0 by ioeventfd, 0 by MMIO exit; irqfd injections 0, resamples 0; MMIO exits 3\n");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kvm_route");
	TCase *req = tcase_create("requests");
	TCase *tab = tcase_create("table");

	tcase_add_test(req, pci_ioeventfd_request);
	tcase_add_test(req, msi_irqfd_request);
	tcase_add_checked_fixture(tab, setup, teardown);
	tcase_add_test(tab, table_keeps_the_spis);
	tcase_add_test(tab, table_routes_live_vectors);
	tcase_add_test(tab, update_masks_and_unmasks);
	tcase_add_test(tab, fire_only_what_is_routed);
	tcase_add_test(tab, pci_log_lines);
	suite_add_tcase(s, req);
	suite_add_tcase(s, tab);
	return check_run(s);
}
