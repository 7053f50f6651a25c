// SPDX-License-Identifier: GPL-2.0
/*
 * The snapshot file (docs/snapshot.md, machine/snapshot/): a file made
 * by the writer reads back field for field (vCPUs, GIC, ITS, devices,
 * sparse RAM), and every corruption is refused with a sentence naming
 * it: bad magic, unknown version, a changed byte (checksum), a file cut
 * short at any length, sections out of place, and a board configuration
 * that differs from the running one (the item is named). Also the CPU
 * model check, which names the ID register field that differs.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check_run.h"
#include "../../machine/snapshot/snap_priv.h"

static const char conf_text[] = "machine=virt\nram-size=268435456\ncpus=2\ngic-version=3\n";
static const uint8_t devs_bytes[] = { 5, 0, 0, 0, 'p', 'l', '0', '1', '1', 1, 0, 0, 0, 0, 0, 0, 0, 42 };

struct membuf {
	const uint8_t *p;
	size_t len, pos;
};

static int mem_read(void *opaque, void *buf, size_t n)
{
	struct membuf *m = opaque;

	if (n > m->len - m->pos)
		return -ENODATA;
	memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	return 0;
}

static void fill_machine(struct snap_machine *m)
{
	struct av_err err = { 0 };

	ck_assert_int_eq(snap_machine_init(m, 2, &err), 0);
	snprintf(m->accel, sizeof(m->accel), "tcg");
	for (unsigned int c = 0; c < 2; c++) {
		struct snap_cpu *cpu = &m->cpu[c];

		for (unsigned int i = 0; i < 31; i++)
			cpu->x[i] = 0x1000 * c + i;
		cpu->sp_el0 = 0xaaaa;
		cpu->sp_el1 = 0xbbbb + c;
		cpu->pc = 0xffff800008000000ull + c;
		cpu->pstate = 0x600003c5;
		cpu->elr_el1 = 0x1234;
		cpu->spsr_el1 = 0x3c5;
		cpu->v[31][15] = 0x77;
		cpu->fpsr = 0x8000000;
		cpu->fpcr = 0x3000000;
		ck_assert_int_eq(snap_cpu_set_sysreg(cpu, SNAP_SCTLR_EL1, 0x30d5d91d), 0);
		ck_assert_int_eq(snap_cpu_set_sysreg(cpu, SNAP_TTBR1_EL1, 0x41234000), 0);
		cpu->timer.cntvct = 123456789;
		cpu->timer.ctl[SNAP_TIMER_VIRT] = 1;
		cpu->timer.cval[SNAP_TIMER_VIRT] = 123999999;
		cpu->power = c ? SNAP_CPU_OFF : SNAP_CPU_ON;
		cpu->mpidr = 0x80000000ull | c;
		cpu->id.midr = 0x411fd070;
		cpu->id.isar0 = 0x10000;
		m->gic.cpu[c].pmr = 0xf0;
		m->gic.cpu[c].ap1r[0] = 1u << 20;
		m->gic.cpu[c].local[27].level = 1;
		m->gic.cpu[c].lpi_pend[3] = 0x8001;
	}
	m->gic.version = 3;
	m->gic.ctlr = 3;
	m->gic.spi[1].enabled = 1;
	m->gic.spi[1].prio = 0xa0;
	m->gic.spi[1].router = 1;
	m->gic.its.present = 1;
	m->gic.its.cbaser = 0x8000000040100000ull;
	m->gic.its.coll[0] = 1;
	m->gic.its.ndevs = 1;
	m->gic.its.devs = calloc(1, sizeof(*m->gic.its.devs));
	m->gic.its.devs[0] = (struct snap_its_dev){ .devid = 8, .evbits = 5, .itt = 0x40200000 };
}

/* A whole file in memory: header, CONF, MACH, DEVS, one RAM chunk, END. */
static uint8_t *make_file(size_t *len)
{
	struct snap_machine m;
	struct snap_wbuf w = { 0 };
	struct snap_out o;
	uint8_t head[8 + SNAP_CHUNK_MAP] = { 0 };
	uint8_t page[SNAP_PAGE];
	uint64_t gpa = 0x40200000;
	int fd = memfd_create("snap", 0);
	uint8_t *buf;
	off_t size;

	ck_assert_int_ge(fd, 0);
	fill_machine(&m);
	snap_encode_machine(&w, &m);
	snap_out_init(&o, fd);
	snap_out_header(&o, "test");
	snap_out_section(&o, SNAP_SEC_CONF, conf_text, strlen(conf_text));
	snap_out_section(&o, SNAP_SEC_MACH, w.buf, w.len);
	snap_out_section(&o, SNAP_SEC_DEV, devs_bytes, sizeof(devs_bytes));
	for (unsigned int i = 0; i < 8; i++)
		head[i] = (uint8_t)(gpa >> (8 * i));
	head[8] = 0x5;				/* pages 0 and 2 */
	snap_out_sec_header(&o, SNAP_SEC_RAM, sizeof(head) + 2 * SNAP_PAGE);
	snap_out_bytes(&o, head, sizeof(head));
	memset(page, 0xa1, sizeof(page));
	snap_out_bytes(&o, page, sizeof(page));
	memset(page, 0xb2, sizeof(page));
	snap_out_bytes(&o, page, sizeof(page));
	snap_out_end(&o);
	ck_assert_int_eq(o.err, 0);
	snap_wbuf_free(&w);
	snap_machine_free(&m);
	size = lseek(fd, 0, SEEK_END);
	buf = malloc((size_t)size);
	ck_assert_int_eq(pread(fd, buf, (size_t)size, 0), size);
	close(fd);
	*len = (size_t)size;
	return buf;
}

struct ram_seen {
	uint64_t gpa;
	unsigned int npages;
	uint8_t first, last;
};

static int ram_cb(void *opaque, uint64_t gpa, const uint8_t *map, const uint8_t *pages,
		  size_t len, struct av_err *err)
{
	struct ram_seen *r = opaque;

	(void)err;
	r->gpa = gpa;
	r->npages = (unsigned int)(len / SNAP_PAGE);
	r->first = pages[0];
	r->last = pages[len - 1];
	ck_assert_uint_eq(map[0], 0x5);
	return 0;
}

static int parse_buf(const uint8_t *buf, size_t len, struct snap_parsed *out,
		     struct ram_seen *ram, struct av_err *err)
{
	struct membuf mb = { buf, len, 0 };
	struct snap_in in = { .read = mem_read, .opaque = &mb };
	struct snap_parse_ops ops = { .ram = ram_cb, .opaque = ram };

	return snap_parse(&in, &ops, out, err);
}

START_TEST(round_trip)
{
	struct snap_parsed p;
	struct ram_seen ram = { 0 };
	struct av_err err = { 0 };
	size_t len;
	uint8_t *buf = make_file(&len);
	uint64_t v;

	ck_assert_msg(parse_buf(buf, len, &p, &ram, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(p.version, "test");
	ck_assert_str_eq(p.conf, conf_text);
	ck_assert_uint_eq(p.devs_len, sizeof(devs_bytes));
	ck_assert_mem_eq(p.devs, devs_bytes, sizeof(devs_bytes));
	ck_assert_uint_eq(ram.gpa, 0x40200000);
	ck_assert_uint_eq(ram.npages, 2);
	ck_assert_uint_eq(ram.first, 0xa1);
	ck_assert_uint_eq(ram.last, 0xb2);
	ck_assert_uint_eq(p.mach.ncpus, 2);
	ck_assert_str_eq(p.mach.accel, "tcg");
	ck_assert_uint_eq(p.mach.cpu[1].x[30], 0x1000 + 30);
	ck_assert_uint_eq(p.mach.cpu[1].sp_el1, 0xbbbc);
	ck_assert_uint_eq(p.mach.cpu[1].pc, 0xffff800008000001ull);
	ck_assert_uint_eq(p.mach.cpu[0].pstate, 0x600003c5);
	ck_assert_uint_eq(p.mach.cpu[0].v[31][15], 0x77);
	ck_assert_uint_eq(p.mach.cpu[0].fpcr, 0x3000000);
	ck_assert(snap_cpu_sysreg(&p.mach.cpu[0], SNAP_TTBR1_EL1, &v));
	ck_assert_uint_eq(v, 0x41234000);
	ck_assert(!snap_cpu_sysreg(&p.mach.cpu[0], SNAP_TCR_EL1, &v));
	ck_assert_uint_eq(p.mach.cpu[0].timer.cntvct, 123456789);
	ck_assert_uint_eq(p.mach.cpu[0].timer.cval[SNAP_TIMER_VIRT], 123999999);
	ck_assert_int_eq(p.mach.cpu[1].power, SNAP_CPU_OFF);
	ck_assert_uint_eq(p.mach.cpu[1].mpidr, 0x80000001ull);
	ck_assert_uint_eq(p.mach.cpu[1].id.midr, 0x411fd070);
	ck_assert_int_eq(p.mach.gic.version, 3);
	ck_assert_uint_eq(p.mach.gic.spi[1].prio, 0xa0);
	ck_assert_uint_eq(p.mach.gic.cpu[1].ap1r[0], 1u << 20);
	ck_assert_uint_eq(p.mach.gic.cpu[1].local[27].level, 1);
	ck_assert_uint_eq(p.mach.gic.cpu[1].lpi_pend[3], 0x8001);
	ck_assert_uint_eq(p.mach.gic.its.cbaser, 0x8000000040100000ull);
	ck_assert_uint_eq(p.mach.gic.its.ndevs, 1);
	ck_assert_uint_eq(p.mach.gic.its.devs[0].itt, 0x40200000);
	snap_parsed_free(&p);
	free(buf);
}
END_TEST

/* parse buf and expect a refusal whose message contains want. */
static void expect_refused(const uint8_t *buf, size_t len, const char *want)
{
	struct snap_parsed p;
	struct ram_seen ram = { 0 };
	struct av_err err = { 0 };

	ck_assert_int_ne(parse_buf(buf, len, &p, &ram, &err), 0);
	ck_assert_msg(strstr(err.msg, want), "'%s' does not say '%s'", err.msg, want);
	snap_parsed_free(&p);
}

START_TEST(bad_magic)
{
	size_t len;
	uint8_t *buf = make_file(&len);

	buf[0] = 'X';
	expect_refused(buf, len, "not an armvisor snapshot (bad magic");
	free(buf);
}
END_TEST

START_TEST(unknown_version)
{
	size_t len;
	uint8_t *buf = make_file(&len);

	buf[8] = 1;	/* version 1 had no PCI records (docs/snapshot.md) */
	expect_refused(buf, len, "snapshot format version 1 is not supported");
	free(buf);
}
END_TEST

/* One changed byte anywhere past the header's checked fields: the CRC says so. */
START_TEST(checksum_mismatch)
{
	size_t len;
	uint8_t *buf = make_file(&len);

	buf[len - 100] ^= 0x01;			/* inside the last RAM page */
	expect_refused(buf, len, "snapshot checksum mismatch");
	buf[len - 100] ^= 0x01;
	buf[len - 1] ^= 0x80;			/* the stored CRC itself */
	expect_refused(buf, len, "snapshot checksum mismatch");
	free(buf);
}
END_TEST

/* Cut at every length: always refused, never a crash or a read past the end. */
START_TEST(truncated_everywhere)
{
	size_t len;
	uint8_t *buf = make_file(&len);

	for (size_t cut = 0; cut < len; cut += cut < 2048 ? 1 : 97) {
		uint8_t *copy = malloc(cut + 1);

		memcpy(copy, buf, cut);
		expect_refused(copy, cut, "truncated");
		free(copy);
	}
	free(buf);
}
END_TEST

START_TEST(trailing_data)
{
	size_t len;
	uint8_t *buf = make_file(&len);
	uint8_t *more = malloc(len + 1);

	memcpy(more, buf, len);
	more[len] = 0;
	expect_refused(more, len + 1, "data after the END section");
	free(more);
	free(buf);
}
END_TEST

/* A section length the size of the address space is refused, not allocated. */
START_TEST(huge_section)
{
	size_t len;
	uint8_t *buf = make_file(&len);
	size_t conf_len_at = SNAP_HEADER_LEN + 8;

	memset(buf + conf_len_at, 0xff, 8);
	expect_refused(buf, len, "too large");
	free(buf);
}
END_TEST

START_TEST(config_mismatch)
{
	struct av_err err = { 0 };
	const char *now = "machine=virt\nram-size=536870912\ncpus=2\ngic-version=3\n";

	ck_assert_int_eq(snap_conf_compare(conf_text, conf_text, &err), 0);
	ck_assert_int_eq(snap_conf_compare(conf_text, now, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "the snapshot's machine differs from this command line: "
			 "ram-size is '268435456' in the snapshot, '536870912' here");
	ck_assert_int_eq(snap_conf_compare(conf_text,
					   "machine=virt\nram-size=268435456\ncpus=2\n", &err),
			 -EINVAL);
	ck_assert_str_eq(err.msg, "the snapshot's machine has gic-version '3', "
			 "this command line has none");
	ck_assert_int_eq(snap_conf_compare("cpus=2\n",
					   "cpus=2\nvirtio-mmio@31=virtio-blk\n", &err), -EINVAL);
	ck_assert_str_eq(err.msg, "this command line has virtio-mmio@31 'virtio-blk', "
			 "the snapshot's machine has none");
}
END_TEST

START_TEST(cpu_model_check)
{
	struct snap_id_regs want = { .midr = 0x411fd070, .pfr0 = 0x100000011ull };
	struct snap_id_regs have = want;
	struct av_err err = { 0 };

	ck_assert_int_eq(snap_id_check(&want, &have, &err), 0);
	have.pfr0 = 0x11;
	ck_assert_int_eq(snap_id_check(&want, &have, &err), -EINVAL);
	ck_assert_msg(strstr(err.msg, "ID_AA64PFR0_EL1.SVE = 1, this one 0"), "%s", err.msg);
	have = want;
	have.midr = 0x410fd034;
	ck_assert_int_eq(snap_id_check(&want, &have, &err), -EINVAL);
	ck_assert_msg(strstr(err.msg, "MIDR_EL1 0x411fd070, this one 0x410fd034"), "%s", err.msg);
}
END_TEST

/*
 * The counter's frequency the guest calibrated with must be this
 * machine's; a file from before it was recorded passes.
 */
START_TEST(cntfrq_must_match)
{
	struct snap_cpu *cpu = calloc(1, sizeof(*cpu));
	struct av_err err = { 0 };

	ck_assert_ptr_nonnull(cpu);
	ck_assert_int_eq(snap_cntfrq_check(cpu, 0, 25000000, &err), 0);
	ck_assert_int_eq(snap_cpu_set_sysreg(cpu, SNAP_CNTFRQ_EL0, 62500000), 0);
	ck_assert_int_eq(snap_cntfrq_check(cpu, 1, 62500000, &err), 0);
	ck_assert_int_eq(snap_cntfrq_check(cpu, 1, 25000000, &err), -EINVAL);
	ck_assert_msg(strstr(err.msg, "vCPU 1: the snapshot's guest counts time at 62500000 Hz "
				      "(CNTFRQ_EL0), this machine's counter at 25000000 Hz"),
		      "%s", err.msg);
	free(cpu);
}
END_TEST

/* The machine section's own checks: counts and enumerations. */
START_TEST(machine_section_checks)
{
	struct snap_machine m, out;
	struct snap_wbuf w = { 0 };
	struct snap_rbuf r;
	struct av_err err = { 0 };

	fill_machine(&m);
	snap_encode_machine(&w, &m);
	snap_rbuf_init(&r, w.buf, w.len);
	ck_assert_int_eq(snap_decode_machine(&r, &out, &err), 0);
	snap_machine_free(&out);
	w.buf[0] = 0;				/* no vCPUs */
	snap_rbuf_init(&r, w.buf, w.len);
	ck_assert_int_eq(snap_decode_machine(&r, &out, &err), -EINVAL);
	ck_assert_msg(strstr(err.msg, "bad vCPU count 0"), "%s", err.msg);
	snap_machine_free(&out);
	w.buf[0] = 2;
	snap_rbuf_init(&r, w.buf, w.len - 1);	/* one byte short */
	ck_assert_int_eq(snap_decode_machine(&r, &out, &err), -EINVAL);
	snap_machine_free(&out);
	snap_wbuf_free(&w);
	snap_machine_free(&m);
}
END_TEST

static Suite *snapshot_suite(void)
{
	Suite *s = suite_create("snapshot");
	TCase *tc = tcase_create("format");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, bad_magic);
	tcase_add_test(tc, unknown_version);
	tcase_add_test(tc, checksum_mismatch);
	tcase_add_test(tc, truncated_everywhere);
	tcase_add_test(tc, trailing_data);
	tcase_add_test(tc, huge_section);
	tcase_add_test(tc, config_mismatch);
	tcase_add_test(tc, cpu_model_check);
	tcase_add_test(tc, cntfrq_must_match);
	tcase_add_test(tc, machine_section_checks);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(snapshot_suite());
}
