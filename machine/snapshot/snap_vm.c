// SPDX-License-Identifier: GPL-2.0
/*
 * Saving and loading a whole machine (include/snapshot.h): the order of
 * the file (docs/snapshot.md) is CONF, MACH, DEVS, then RAM in 2 MiB
 * chunks with only the pages that are not all zero, then END with the
 * checksum. A load checks CONF against this machine before anything is
 * written, writes RAM as it streams in, and applies the vCPU, GIC and
 * device state only once the checksum matched.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "snap_devs.h"
#include "snap_priv.h"
#include "broker.h"
#include "snap_uri.h"
#include "util.h"
#include "vm.h"

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static bool page_is_zero(const uint8_t *p)
{
	const uint64_t *w = (const uint64_t *)p;

	for (unsigned int i = 0; i < SNAP_PAGE / 8; i++)
		if (w[i])
			return false;
	return true;
}

static bool chunk_has(const uint8_t *map, uint64_t page)
{
	return map[page / 8] & (1u << (page % 8));
}

/* The present pages of [off, end) in runs: one write per run, not per page. */
static void save_runs(struct vm *vm, struct snap_out *o, const uint8_t *map,
		      uint64_t off, uint64_t end)
{
	uint64_t npages = (end - off) / SNAP_PAGE;

	for (uint64_t i = 0; i < npages;) {
		uint64_t j = i;

		if (!chunk_has(map, i)) {
			i++;
			continue;
		}
		while (j < npages && chunk_has(map, j))
			j++;
		snap_out_bytes(o, vm->ram.host + off + i * SNAP_PAGE, (j - i) * SNAP_PAGE);
		i = j;
	}
}

/* One RAMC section per 2 MiB chunk holding a page that is not zero. */
static void save_ram(struct vm *vm, struct snap_out *o, uint64_t *pages)
{
	uint8_t head[8 + SNAP_CHUNK_MAP];
	uint64_t size = vm->ram.size & ~(uint64_t)(SNAP_PAGE - 1);

	for (uint64_t off = 0; off < size && !o->err; off += SNAP_CHUNK) {
		uint64_t end = off + SNAP_CHUNK < size ? off + SNAP_CHUNK : size;
		unsigned int n = 0;

		memset(head, 0, sizeof(head));
		for (uint64_t p = off; p < end; p += SNAP_PAGE) {
			if (page_is_zero(vm->ram.host + p))
				continue;
			head[8 + (p - off) / SNAP_PAGE / 8] |= 1u << ((p - off) / SNAP_PAGE % 8);
			n++;
		}
		if (!n)
			continue;
		for (unsigned int i = 0; i < 8; i++)
			head[i] = (uint8_t)((vm->ram.base + off) >> (8 * i));
		snap_out_sec_header(o, SNAP_SEC_RAM, sizeof(head) + (uint64_t)n * SNAP_PAGE);
		snap_out_bytes(o, head, sizeof(head));
		save_runs(vm, o, head + 8, off, end);
		*pages += n;
	}
}

/* The state sections: CONF, MACH, DEVS (device locks held). */
static int save_state(struct vm *vm, struct snap_out *o, struct av_err *err)
{
	struct snap_machine m;
	struct snap_wbuf w = { 0 };
	char *conf = NULL;
	int ret = snap_conf_build(vm, &conf, err);

	if (!ret)
		ret = snap_machine_init(&m, vm->ncpus, err);
	if (ret) {
		free(conf);
		return ret;
	}
	ret = vm->accel->snap_save(vm, &m, err);
	if (!ret) {
		snap_out_section(o, SNAP_SEC_CONF, conf, strlen(conf));
		snap_encode_machine(&w, &m);
		snap_out_section(o, SNAP_SEC_MACH, w.buf, w.len);
		w.len = 0;
		ret = snap_devs_save(vm, &w, err);
		if (!ret)
			snap_out_section(o, SNAP_SEC_DEV, w.buf, w.len);
		if (!ret && w.nomem)
			ret = av_errf(err, ENOMEM, "snapshot: out of memory");
	}
	snap_wbuf_free(&w);
	snap_machine_free(&m);
	free(conf);
	return ret;
}

static int save_checks(struct vm *vm, struct av_err *err)
{
	if (!vm->accel->snap_save)
		return av_errf(err, ENOTSUP,
			       "snapshots are not supported by the %s accelerator",
			       vm->accel->name);
	/* Sandboxed, the broker creates the file or starts the command. */
	if (vm->main_sandboxed && vm->sandbox.on && !broker_running(&vm->broker))
		return av_errf(err, EPERM,
			       "the sandbox does not let armvisor create files or start "
			       "commands once the guest runs: start it with -sandbox off to migrate");
	return snap_devs_check(vm, err);
}

static int save_to(struct vm *vm, const char *uri, struct av_err *err)
{
	struct snap_stream s;
	struct snap_out o;
	struct broker *b = broker_running(&vm->broker) ? &vm->broker : NULL;
	int ret = snap_uri_open(uri, true, b, &s, err), cret;

	if (ret)
		return ret;
	snap_out_init(&o, s.fd);
	snap_out_header(&o, ARMVISOR_VERSION);
	/* Before the locks: serving a notify takes its device's lock. */
	if (vm->accel->io_flush)
		vm->accel->io_flush(vm);
	snap_devs_lock(vm, true);
	snap_devs_drain(vm);
	ret = save_state(vm, &o, err);
	if (!ret)
		save_ram(vm, &o, &vm->migrate.pages);
	snap_devs_lock(vm, false);
	if (!ret)
		snap_out_end(&o);
	if (!ret && o.err)
		ret = av_errf_errno(err, -o.err, "snapshot: cannot write '%s'", uri);
	vm->migrate.bytes = o.bytes;
	cret = snap_uri_close(&s, ret ? NULL : err);
	return ret ? ret : cret;
}

int vm_snapshot_save(struct vm *vm, const char *uri, struct av_err *err)
{
	uint64_t t0 = now_ms();
	int ret = save_checks(vm, err);

	if (!ret)
		ret = vm_pause(vm, err);
	if (ret)
		return ret;
	memset(&vm->migrate, 0, sizeof(vm->migrate));
	vm->migrate.status = SNAP_MIGRATE_ACTIVE;
	ret = save_to(vm, uri, err);
	vm->migrate.total_ms = now_ms() - t0;
	vm->migrate.status = ret ? SNAP_MIGRATE_FAILED : SNAP_MIGRATE_COMPLETED;
	vm->migrate.postmigrate = !ret;
	if (ret && err)
		snprintf(vm->migrate.error, sizeof(vm->migrate.error), "%s", err->msg);
	return ret;
}

/* ---- Loading ---- */

struct load_ctx {
	struct vm *vm;
	char *conf_now;
	bool ram_cleared;
};

static int load_conf(struct load_ctx *c, const char *saved, struct av_err *err)
{
	int ret = snap_conf_compare(saved, c->conf_now, err);

	if (ret)
		return ret;
	/*
	 * Pages the file skips are zero: drop what the boot put there (a
	 * mapped kernel file first: MADV_DONTNEED would read it again).
	 */
	ret = guest_ram_file_drop(&c->vm->ram, err);
	if (ret)
		return ret;
	if (madvise(c->vm->ram.host, c->vm->ram.size, MADV_DONTNEED))
		memset(c->vm->ram.host, 0, c->vm->ram.size);
	c->ram_cleared = true;
	return 0;
}

static int load_ram(void *opaque, uint64_t gpa, const uint8_t *map,
		    const uint8_t *pages, size_t len, struct av_err *err)
{
	struct load_ctx *c = opaque;
	size_t at = 0;

	(void)len;
	if (!c->ram_cleared)
		return av_errf(err, EINVAL, "snapshot: RAM before the configuration");
	for (unsigned int i = 0; i < SNAP_CHUNK_PAGES; i++) {
		uint64_t pa = gpa + (uint64_t)i * SNAP_PAGE;
		uint8_t *dst;

		if (!(map[i / 8] & (1u << (i % 8))))
			continue;
		dst = guest_ram_ptr(&c->vm->ram, pa, SNAP_PAGE);
		if (!dst)
			return av_errf(err, EINVAL,
				       "snapshot: a RAM page at %#llx lies outside this machine's RAM",
				       (unsigned long long)pa);
		memcpy(dst, pages + at, SNAP_PAGE);
		at += SNAP_PAGE;
	}
	return 0;
}

static int load_conf_cb(void *opaque, const char *conf, struct av_err *err)
{
	return load_conf(opaque, conf, err);
}

static int load_from(struct vm *vm, struct snap_stream *s, struct av_err *err)
{
	struct load_ctx c = { .vm = vm };
	struct snap_parse_ops ops = { .ram = load_ram, .conf = load_conf_cb, .opaque = &c };
	struct snap_in in = { .read = snap_fd_read, .opaque = &s->fd };
	struct snap_parsed p;
	int ret = snap_conf_build(vm, &c.conf_now, err);

	if (ret)
		return ret;
	ret = snap_parse(&in, &ops, &p, err);
	if (!ret)
		ret = vm->accel->snap_load(vm, &p.mach, err);
	if (!ret)
		ret = snap_devs_load(vm, p.devs, p.devs_len, err);
	snap_parsed_free(&p);
	free(c.conf_now);
	return ret;
}

int vm_snapshot_load(struct vm *vm, const char *uri, struct av_err *err)
{
	struct snap_stream s;
	int ret, cret;

	if (!vm->accel->snap_load)
		return av_errf(err, ENOTSUP,
			       "-incoming: snapshots are not supported by the %s accelerator",
			       vm->accel->name);
	ret = snap_devs_check(vm, err);
	if (!ret)
		ret = snap_uri_open(uri, false, NULL, &s, err);
	if (ret)
		return av_err_prefix(err, "-incoming %s", uri);
	snap_devs_lock(vm, true);
	ret = load_from(vm, &s, err);
	snap_devs_lock(vm, false);
	cret = snap_uri_close(&s, ret ? NULL : err);
	ret = ret ? ret : cret;
	if (ret)
		return av_err_prefix(err, "-incoming %s", uri);
	return 0;
}
