// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio ioeventfds and irqfds of accel-kvm without /dev/kvm: the
 * KVM_IOEVENTFD/KVM_IRQFD requests (values from Linux's uapi and api.rst),
 * what the main loop does when an eventfd fires (plain eventfds stand in
 * for KVM's side), and the machine's wiring: a virtio-rng notified
 * through its queue's eventfd behaves as after a QueueNotify write.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../accel-kvm/io/kvm_eventfd.h"
#include "../../cli/opts.h"
#include "board.h"
#include "check_run.h"
#include "config.h"
#include "virtio.h"
#include "vm.h"

/* ---- Requests ---- */

START_TEST(ioeventfd_request)
{
	struct kvm_ioeventfd r;

	/* Slot 31 (0x0a003e00), queue 2: QueueNotify at +0x50 == 2, 32 bits. */
	memset(&r, 0xa5, sizeof(r));
	kvm_ioeventfd_req(&r, 0x0a003e00, 2, 9, false);
	ck_assert_uint_eq(r.addr, 0x0a003e50);
	ck_assert_uint_eq(r.len, 4);
	ck_assert_uint_eq(r.datamatch, 2);
	ck_assert_int_eq(r.fd, 9);
	ck_assert_uint_eq(r.flags, 1);		/* DATAMATCH, an MMIO address */
	for (size_t i = 0; i < sizeof(r.pad); i++)
		ck_assert_uint_eq(r.pad[i], 0);
	kvm_ioeventfd_req(&r, 0x0a000000, 0, 3, true);
	ck_assert_uint_eq(r.addr, 0x0a000050);
	ck_assert_uint_eq(r.datamatch, 0);
	ck_assert_uint_eq(r.flags, 1 | 4);	/* DATAMATCH | DEASSIGN */
}
END_TEST

START_TEST(irqfd_request)
{
	struct kvm_irqfd r;

	/* Slot 31's SPI 47 is INTID 79: gsi 47 in the vGIC's default routing. */
	memset(&r, 0xa5, sizeof(r));
	ck_assert(kvm_irqfd_req(&r, 79, 5, 6, false));
	ck_assert_uint_eq(r.gsi, 47);
	ck_assert_uint_eq(r.fd, 5);
	ck_assert_uint_eq(r.resamplefd, 6);
	ck_assert_uint_eq(r.flags, 2);		/* RESAMPLE */
	for (size_t i = 0; i < sizeof(r.pad); i++)
		ck_assert_uint_eq(r.pad[i], 0);
	ck_assert(kvm_irqfd_req(&r, 48, 5, 6, true));
	ck_assert_uint_eq(r.gsi, 16);
	ck_assert_uint_eq(r.flags, 1);		/* DEASSIGN, without RESAMPLE */
	ck_assert_uint_eq(r.resamplefd, 0);
	/* PPIs, SGIs and special INTIDs have no irqfd. */
	ck_assert(!kvm_irqfd_req(&r, 27, 5, 6, false));
	ck_assert(!kvm_irqfd_req(&r, 5, 5, 6, false));
	ck_assert(!kvm_irqfd_req(&r, 1020, 5, 6, false));
}
END_TEST

/* ---- The fd side ---- */

struct notified {
	unsigned int calls;
	unsigned int queue;
};

static void record_notify(void *opaque, unsigned int queue)
{
	struct notified *n = opaque;

	n->calls++;
	n->queue = queue;
}

static struct kvm_efd_dev *new_dev(struct notified *n, unsigned int nq)
{
	struct accel_virtio_dev info = {
		.name = "virtio-test", .mmio_base = 0x0a003c00, .num_queues = nq,
		.intid = 78, .notify = record_notify, .opaque = n,
	};
	struct kvm_efd_dev *d = kvm_efd_dev_new(&info);

	ck_assert_ptr_nonnull(d);
	return d;
}

static void kick(int fd)
{
	uint64_t one = 1;

	ck_assert_int_eq(write(fd, &one, sizeof(one)), sizeof(one));
}

/* The eventfd's count, 0 when it was not written (non-blocking). */
static uint64_t take(int fd)
{
	uint64_t n;

	if (read(fd, &n, sizeof(n)) != sizeof(n)) {
		ck_assert_int_eq(errno, EAGAIN);
		return 0;
	}
	return n;
}

START_TEST(queue_eventfd_notifies_its_queue)
{
	struct notified n = { 0 };
	struct kvm_efd_dev *d = new_dev(&n, 2);

	ck_assert_int_eq(d->queues[0].fd, -1);
	ck_assert_int_eq(kvm_queue_fd_open(&d->queues[1]), 0);
	/* Three guest writes before the loop looked: one notify, three counted. */
	kick(d->queues[1].fd);
	kick(d->queues[1].fd);
	kick(d->queues[1].fd);
	kvm_queue_fd_ready(&d->queues[1]);
	ck_assert_uint_eq(n.calls, 1);
	ck_assert_uint_eq(n.queue, 1);
	ck_assert_uint_eq(d->fd_notifies, 3);
	ck_assert_uint_eq(take(d->queues[1].fd), 0);	/* drained */
	/* A wake-up with nothing to read notifies nobody. */
	kvm_queue_fd_ready(&d->queues[1]);
	ck_assert_uint_eq(n.calls, 1);
	kvm_efd_dev_free(d);
}
END_TEST

/*
 * A snapshot's flush serves what waits in every fd, as the loop would:
 * a queue kicked before the save is notified, an idle one is not, and a
 * pending EOI of a line still high injects again.
 */
START_TEST(flush_serves_pending_fds)
{
	struct notified n = { 0 };
	struct kvm_eventfds e = { .ndevs = 1 };
	struct kvm_efd_dev *d = new_dev(&n, 3);

	e.devs[0] = d;
	ck_assert_int_eq(kvm_queue_fd_open(&d->queues[0]), 0);
	ck_assert_int_eq(kvm_queue_fd_open(&d->queues[2]), 0);
	ck_assert_int_eq(kvm_irq_fd_open(&d->irq), 0);
	kick(d->queues[2].fd);
	kvm_irq_fd_set(&d->irq, 1);
	ck_assert_uint_eq(take(d->irq.fd), 1);
	kick(d->irq.resample_fd);
	kvm_eventfd_flush(&e);
	ck_assert_uint_eq(n.calls, 1);
	ck_assert_uint_eq(n.queue, 2);
	ck_assert_uint_eq(take(d->queues[2].fd), 0);
	ck_assert_uint_eq(take(d->irq.fd), 1);
	/* Nothing waits now: a second flush does nothing. */
	kvm_eventfd_flush(&e);
	ck_assert_uint_eq(n.calls, 1);
	ck_assert_uint_eq(take(d->irq.fd), 0);
	kvm_eventfd_flush(NULL);
	kvm_efd_dev_free(d);
}
END_TEST

START_TEST(irqfd_raised_and_resampled)
{
	struct notified n = { 0 };
	struct kvm_efd_dev *d = new_dev(&n, 1);
	struct kvm_irq_fd *l = &d->irq;

	ck_assert_int_eq(kvm_irq_fd_open(l), 0);
	ck_assert_int_ge(l->resample_fd, 0);
	kvm_irq_fd_set(l, 1);
	ck_assert_uint_eq(take(l->fd), 1);
	/* EOI while the device still holds the line: inject again. */
	kick(l->resample_fd);
	kvm_irq_fd_resample(l);
	ck_assert_uint_eq(take(l->fd), 1);
	ck_assert_uint_eq(l->resamples, 1);
	/* Lowering writes nothing; an EOI after it does not re-inject. */
	kvm_irq_fd_set(l, 0);
	ck_assert_uint_eq(take(l->fd), 0);
	kick(l->resample_fd);
	kvm_irq_fd_resample(l);
	ck_assert_uint_eq(take(l->fd), 0);
	ck_assert_uint_eq(take(l->resample_fd), 0);
	ck_assert_uint_eq(l->resamples, 2);
	ck_assert_uint_eq(l->injections, 2);
	/* A spurious wake-up of the resample fd changes nothing. */
	kvm_irq_fd_set(l, 1);
	take(l->fd);
	kvm_irq_fd_resample(l);
	ck_assert_uint_eq(take(l->fd), 0);
	ck_assert_uint_eq(l->resamples, 2);
	kvm_efd_dev_free(d);
}
END_TEST

START_TEST(lookup_and_exit_counts)
{
	struct notified n = { 0 };
	struct kvm_eventfds e = { 0 };
	char line[256];

	e.devs[e.ndevs++] = new_dev(&n, 1);
	/* No irqfd yet: the line goes through KVM_IRQ_LINE. */
	ck_assert_ptr_null(kvm_efd_irq_find(&e, 78));
	ck_assert_int_eq(kvm_irq_fd_open(&e.devs[0]->irq), 0);
	ck_assert_ptr_eq(kvm_efd_irq_find(&e, 78), &e.devs[0]->irq);
	ck_assert_ptr_null(kvm_efd_irq_find(&e, 79));
	ck_assert_ptr_null(kvm_efd_irq_find(&e, 33));	/* the PL011 */
	/* Only a write to the device's QueueNotify is a notify exit. */
	kvm_efd_count_mmio(&e, 0x0a003c50, true);
	kvm_efd_count_mmio(&e, 0x0a003c50, false);
	kvm_efd_count_mmio(&e, 0x0a003c64, true);
	kvm_efd_count_mmio(&e, 0x0a003e50, true);
	ck_assert_uint_eq(e.devs[0]->mmio_notifies, 1);
	ck_assert_uint_eq(e.mmio_exits, 4);
	kvm_efd_format_totals(&e, line, sizeof(line));
	ck_assert_str_eq(line, "kvm: totals: queue notifies 0 by ioeventfd, 1 by MMIO exit; irqfd injections 0, resamples 0; MMIO exits 4\n");
	kvm_efd_format_dev(e.devs[0], line, sizeof(line));
	ck_assert_str_eq(line, "kvm: virtio-test@0x0a003c00: queue notifies 0 by ioeventfd, 1 by MMIO exit; irqfd injections 0, resamples 0\n");
	kvm_efd_dev_free(e.devs[0]);
}
END_TEST

/* -d kvm turns the log on; -d help lists it. */
START_TEST(log_item_kvm)
{
	struct av_err err = { 0 };
	unsigned int mask = 0;
	bool listed = false;

	ck_assert_int_eq(config_parse_log_items("guest_errors,kvm", &mask, &err), 0);
	ck_assert_uint_eq(mask, LOG_GUEST_ERRORS | LOG_KVM);
	for (unsigned int i = 0; cli_log_items[i].name; i++)
		if (!strcmp(cli_log_items[i].name, "kvm"))
			listed = cli_log_items[i].mask == LOG_KVM &&
				 strstr(cli_log_items[i].help, "irqfd");
	ck_assert(listed);
}
END_TEST

/* ---- The machine's wiring, with a stand-in accelerator ---- */

static struct vm vm;
static struct vm_config cfg;
static struct accel_ops accel;
static struct kvm_eventfds efds;
static unsigned int raised[GIC_SPI_BASE + 64];

static void fake_irq_line(struct vm *v, unsigned int intid, int level)
{
	(void)v;
	if (intid < sizeof(raised) / sizeof(raised[0]) && level)
		raised[intid]++;
}

/* What KVM's virtio_attach does, minus the ioctls: an eventfd per queue. */
static int fake_attach(struct vm *v, const struct accel_virtio_dev *dev,
		       struct av_err *err)
{
	struct kvm_efd_dev *d = kvm_efd_dev_new(dev);

	(void)v;
	if (!d)
		return av_errf(err, ENOMEM, "out of memory");
	for (unsigned int q = 0; q < dev->num_queues; q++)
		ck_assert_int_eq(kvm_queue_fd_open(&d->queues[q]), 0);
	efds.devs[efds.ndevs++] = d;
	return 0;
}

static void setup(void)
{
	struct av_err err = { 0 };
	char *argv[] = { "-device", "virtio-rng-device" };

	memset(&vm, 0, sizeof(vm));
	memset(&efds, 0, sizeof(efds));
	memset(raised, 0, sizeof(raised));
	config_init(&cfg);
	ck_assert_int_eq(config_parse_args(&cfg, 2, argv, &err), 0);
	accel = (struct accel_ops){ .irq_line = fake_irq_line,
				    .virtio_attach = fake_attach };
	vm.cfg = &cfg;
	vm.accel = &accel;
	ck_assert_int_eq(guest_ram_alloc(&vm.ram, 0x40000000, 1 << 20, &err), 0);
	mmio_bus_init(&vm.bus);
}

static void create(void)
{
	struct av_err err = { 0 };

	ck_assert_msg(vm_create_virtio(&vm, &err) == 0, "%s", err.msg);
}

static void teardown(void)
{
	for (unsigned int i = 0; i < efds.ndevs; i++)
		kvm_efd_dev_free(efds.devs[i]);
	vm_destroy_virtio(&vm);
	guest_ram_free(&vm.ram);
	config_free(&cfg);
}

#define RNG_BASE	0x0a003e00ULL		/* slot 31: the first device */
#define RING_GPA	0x40000000ULL
#define DESC_GPA	RING_GPA
#define AVAIL_GPA	(RING_GPA + 0x1000)
#define USED_GPA	(RING_GPA + 0x2000)
#define BUF_GPA		(RING_GPA + 0x3000)

static void reg(uint64_t off, uint32_t val)
{
	ck_assert_int_eq(mmio_bus_write(&vm.bus, RNG_BASE + off, 4, val), 0);
}

static uint8_t *ram(uint64_t gpa)
{
	return (uint8_t *)vm.ram.host + (gpa - vm.ram.base);
}

/* The driver's side (virtio 1.1, 3.1.1, 4.2.3.2): one 4-entry queue. */
static void driver_start(void)
{
	reg(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	reg(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	reg(VIRTIO_MMIO_DRIVER_FEATURES, 1);	/* VIRTIO_F_VERSION_1 */
	reg(VIRTIO_MMIO_STATUS, 0x0b);		/* + FEATURES_OK */
	reg(VIRTIO_MMIO_QUEUE_SEL, 0);
	reg(VIRTIO_MMIO_QUEUE_NUM, 4);
	reg(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)DESC_GPA);
	reg(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)AVAIL_GPA);
	reg(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)USED_GPA);
}

/* Descriptor 0: 16 device-writable bytes, made available as entry 0. */
static void driver_offer(void)
{
	uint64_t addr = BUF_GPA;
	uint32_t len = 16;
	uint16_t flags = VIRTQ_DESC_F_WRITE, idx = 1;

	memcpy(ram(DESC_GPA), &addr, 8);
	memcpy(ram(DESC_GPA + 8), &len, 4);
	memcpy(ram(DESC_GPA + 12), &flags, 2);
	memset(ram(AVAIL_GPA), 0, 6);
	memcpy(ram(AVAIL_GPA + 2), &idx, 2);	/* avail.idx; ring[0] = 0 */
}

static uint16_t used_idx(void)
{
	uint16_t idx;

	memcpy(&idx, ram(USED_GPA + 2), 2);
	return idx;
}

START_TEST(attach_names_the_slot)
{
	const struct kvm_efd_dev *d;

	create();
	ck_assert_uint_eq(efds.ndevs, 1);
	d = efds.devs[0];
	ck_assert_str_eq(d->info.name, "virtio-rng");
	ck_assert_uint_eq(d->info.mmio_base, RNG_BASE);
	ck_assert_uint_eq(d->info.intid, GIC_SPI_BASE + 47);
	ck_assert_uint_eq(d->info.num_queues, 1);
}
END_TEST

START_TEST(eventfd_notify_serves_the_queue)
{
	struct kvm_queue_fd *q;

	create();
	q = &efds.devs[0]->queues[0];
	driver_start();
	reg(VIRTIO_MMIO_QUEUE_READY, 1);
	reg(VIRTIO_MMIO_STATUS, 0x0f);		/* + DRIVER_OK */
	driver_offer();
	kick(q->fd);
	kvm_queue_fd_ready(q);
	ck_assert_uint_eq(used_idx(), 1);
	ck_assert_uint_eq(raised[GIC_SPI_BASE + 47], 1);
}
END_TEST

/* The transport's checks apply: a queue not ready, a device reset. */
START_TEST(eventfd_notify_checked_like_a_write)
{
	struct kvm_queue_fd *q;

	create();
	q = &efds.devs[0]->queues[0];
	driver_start();
	driver_offer();
	kick(q->fd);
	kvm_queue_fd_ready(q);			/* QueueReady still 0 */
	ck_assert_uint_eq(used_idx(), 0);
	reg(VIRTIO_MMIO_QUEUE_READY, 1);
	reg(VIRTIO_MMIO_STATUS, 0x0f);
	reg(VIRTIO_MMIO_STATUS, 0);		/* reset: the queue is off again */
	kick(q->fd);
	kvm_queue_fd_ready(q);
	ck_assert_uint_eq(used_idx(), 0);
	ck_assert_uint_eq(raised[GIC_SPI_BASE + 47], 0);
	ck_assert_uint_eq(efds.devs[0]->fd_notifies, 2);
}
END_TEST

/* The TCG side: no virtio_attach, the devices are made all the same. */
START_TEST(no_attach_op_is_fine)
{
	accel.virtio_attach = NULL;
	create();
	ck_assert_uint_eq(efds.ndevs, 0);
	ck_assert_uint_eq(mmio_bus_write(&vm.bus, RNG_BASE + VIRTIO_MMIO_STATUS, 4, 1), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kvm_eventfd");
	TCase *req = tcase_create("requests");
	TCase *fds = tcase_create("fds");
	TCase *wiring = tcase_create("wiring");

	tcase_add_test(req, ioeventfd_request);
	tcase_add_test(req, irqfd_request);
	tcase_add_test(fds, queue_eventfd_notifies_its_queue);
	tcase_add_test(fds, irqfd_raised_and_resampled);
	tcase_add_test(fds, flush_serves_pending_fds);
	tcase_add_test(fds, lookup_and_exit_counts);
	tcase_add_test(fds, log_item_kvm);
	tcase_add_checked_fixture(wiring, setup, teardown);
	tcase_add_test(wiring, attach_names_the_slot);
	tcase_add_test(wiring, eventfd_notify_serves_the_queue);
	tcase_add_test(wiring, eventfd_notify_checked_like_a_write);
	tcase_add_test(wiring, no_attach_op_is_fine);
	suite_add_tcase(s, req);
	suite_add_tcase(s, fds);
	suite_add_tcase(s, wiring);
	return check_run(s);
}
