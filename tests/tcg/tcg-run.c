// SPDX-License-Identifier: GPL-2.0
/*
 * tcg-run: the reference-comparison runner of the instruction tests.
 *
 *   tcg-run run SNIPPET.bin OUT.state   run a flat image (linked by
 *                                       harness.ld at TEST_RAM_BASE) on
 *                                       one vCPU until its BRK, dump state
 *   tcg-run compare REF.state OUR.state print every difference, exit 1 if any
 *
 * TCG_RUN_JIT=1 runs the blocks on the x86-64 code-emitting tier
 * (-accel tcg,jit=on), TCG_RUN_JIT_SIZE=BYTES with a code buffer that
 * small (so it fills and flushes), TCG_RUN_STATS=1 prints the blocks
 * each tier got; `tcg-run jit` exits 0 when this host
 * has that tier.
 *
 * The CPU runs at EL1h with an identity map (one 1 GiB block of Normal
 * memory, so unaligned accesses behave as for user code), FP enabled.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmio.h"
#include "state.h"
#include "tcg.h"
#include "engine/engine.h"
#include "jit-x86_64/jit.h"
#include "mem/mem.h"

#define MAX_BLOCKS	10000000ull

/* MAIR attr 0 = Normal WB; TCR: T0SZ 25, WB WA inner/outer, inner shareable, EPD1. */
#define RUN_MAIR	0xffull
#define RUN_TCR		(25ull | (1ull << 8) | (1ull << 10) | (3ull << 12) | (1ull << 23))
#define RUN_SCTLR_MCI	((1ull << 0) | (1ull << 2) | (1ull << 12))
/* Level 1 block: AF, inner shareable, AttrIndx 0, EL1 RW. */
#define RUN_BLOCK_DESC	(0x40000000ull | (1ull << 10) | (3ull << 8) | 1ull)

struct runner {
	struct guest_ram ram;
	struct mmio_bus bus;
	struct tcg_vm tvm;
	struct tcg_vcpu *vcpu;
};

static int read_file(const char *path, uint8_t *buf, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "tcg-run: %s: %s\n", path, strerror(errno));
		return -1;
	}
	*len = fread(buf, 1, max, f);
	if (ferror(f) || fgetc(f) != EOF) {
		fprintf(stderr, "tcg-run: %s: larger than %zu bytes or unreadable\n", path, max);
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

/* TCG_RUN_JIT: the tier the blocks run on. */
static int runner_jit(struct runner *r, struct av_err *err)
{
	const char *on = getenv("TCG_RUN_JIT"), *size = getenv("TCG_RUN_JIT_SIZE");

	if (!on || !*on || !strcmp(on, "0"))
		return 0;
	if (!jit_supported())
		return av_errf(err, ENOTSUP, "TCG_RUN_JIT: no code-emitting tier on this host");
	return tb_cache_set_jit(&r->vcpu->cpu, true, size ? strtoull(size, NULL, 0) : 0, err);
}

static int runner_init(struct runner *r)
{
	struct av_err err = { 0 };

	memset(r, 0, sizeof(*r));
	if (guest_ram_alloc(&r->ram, TEST_RAM_BASE, TEST_RAM_SIZE, &err) ||
	    tcg_code_map_init(&r->tvm, TEST_RAM_BASE, TEST_RAM_SIZE, &err))
		goto fail;
	mmio_bus_init(&r->bus);
	r->vcpu = calloc(1, sizeof(*r->vcpu));
	if (!r->vcpu)
		return -1;
	r->tvm.ncpus = 1;
	r->tvm.vcpus[0] = r->vcpu;
	if (tcg_cpu_init(r->vcpu, &r->tvm, 0, &err))
		goto fail;
	r->vcpu->cpu.ram = &r->ram;
	r->vcpu->cpu.bus = &r->bus;
	if (runner_jit(r, &err))
		goto fail;
	return 0;
fail:
	fprintf(stderr, "tcg-run: %s\n", err.msg);
	return -1;
}

/* EL1h, identity map on, FP/SIMD enabled, pc at the image start. */
static void runner_reset(struct runner *r)
{
	struct cpu_state *cpu = &r->vcpu->cpu;
	uint64_t desc = RUN_BLOCK_DESC;

	tcg_cpu_reset(cpu);
	memcpy(r->ram.host + (TEST_PGTABLE - TEST_RAM_BASE) + 8, &desc, 8);
	cpu->sys.mair_el1 = RUN_MAIR;
	cpu->sys.tcr_el1 = RUN_TCR;
	cpu->sys.ttbr0_el1 = TEST_PGTABLE;
	cpu->sys.sctlr_el1 |= RUN_SCTLR_MCI;
	cpu->sys.cpacr_el1 = CPACR_FPEN;
	tlb_flush_all(cpu);
	tb_jmp_cache_flush(cpu);
	cpu->pc = TEST_RAM_BASE;
	atomic_store(&cpu->powered_on, 1);
}

static void state_from_cpu(const struct runner *r, struct tstate *s)
{
	const struct cpu_state *cpu = &r->vcpu->cpu;
	unsigned int i;

	memset(s, 0, sizeof(*s));
	memcpy(s->magic, TSTATE_MAGIC, 8);
	for (i = 0; i < 31; i++)
		s->x[i] = cpu->r[i];
	s->sp = cpu->r[REG_SP];
	s->nzcv = cpu->nzcv;
	s->fpcr = cpu->fpcr;
	s->fpsr = cpu->fpsr;
	for (i = 0; i < 32; i++)
		memcpy(s->v[i], cpu->v[i].b, 16);
	memcpy(s->data, r->ram.host + (TEST_DATA_ADDR - TEST_RAM_BASE), TEST_DATA_SIZE);
}

static int cmd_run(const char *bin, const char *out)
{
	struct tcg_run_opts opts = { .max_blocks = MAX_BLOCKS, .stop_on_exc = true };
	struct runner r;
	struct cpu_state *cpu;
	struct tstate s;
	size_t len;
	unsigned int ec;
	FILE *f;
	int ret;

	if (runner_init(&r))
		return 2;
	if (read_file(bin, r.ram.host, TEST_DATA_ADDR - TEST_RAM_BASE + TEST_DATA_SIZE + 0x1000, &len))
		return 2;
	runner_reset(&r);
	cpu = &r.vcpu->cpu;
	ret = tcg_cpu_exec(cpu, &opts);
	ec = (unsigned int)(cpu->sys.esr_el1 >> 26);
	if (ret != 1 || ec != EC_BRK64 || (cpu->sys.esr_el1 & 0xffff) != 0x7ff) {
		fprintf(stderr, "tcg-run: %s: stopped without reaching the final BRK: "
			"ret %d, ESR 0x%llx, ELR 0x%llx, FAR 0x%llx, pc 0x%llx\n", bin, ret,
			(unsigned long long)cpu->sys.esr_el1, (unsigned long long)cpu->sys.elr_el1,
			(unsigned long long)cpu->sys.far_el1, (unsigned long long)cpu->pc);
		return 1;
	}
	if (getenv("TCG_RUN_STATS")) {
		struct tb_stats st;

		tb_get_stats(cpu, &st);
		fprintf(stderr, "tcg-run: %llu blocks, %llu as host code, %llu code buffer "
			"flushes, %llu left to the portable tier\n", (unsigned long long)st.blocks,
			(unsigned long long)st.jit_blocks, (unsigned long long)st.jit_flushes,
			(unsigned long long)st.jit_failed);
	}
	state_from_cpu(&r, &s);
	f = fopen(out, "wb");
	if (!f || fwrite(&s, sizeof(s), 1, f) != 1 || fclose(f)) {
		fprintf(stderr, "tcg-run: cannot write %s\n", out);
		return 2;
	}
	return 0;
}

static int load_state(const char *path, struct tstate *s)
{
	size_t len;

	if (read_file(path, (uint8_t *)s, sizeof(*s), &len))
		return -1;
	if (len != sizeof(*s) || memcmp(s->magic, TSTATE_MAGIC, 8)) {
		fprintf(stderr, "tcg-run: %s: not a complete state dump (%zu bytes)\n", path, len);
		return -1;
	}
	return 0;
}

static unsigned int diff_u64(const char *name, uint64_t ref, uint64_t our)
{
	if (ref == our)
		return 0;
	printf("  %-6s ref 0x%016llx  ours 0x%016llx\n", name,
	       (unsigned long long)ref, (unsigned long long)our);
	return 1;
}

static unsigned int diff_vregs(const struct tstate *a, const struct tstate *b)
{
	unsigned int i, n = 0;
	uint64_t ra[2], rb[2];
	char name[8];

	for (i = 0; i < 32; i++) {
		memcpy(ra, a->v[i], 16);
		memcpy(rb, b->v[i], 16);
		snprintf(name, sizeof(name), "v%u.lo", i);
		n += diff_u64(name, ra[0], rb[0]);
		snprintf(name, sizeof(name), "v%u.hi", i);
		n += diff_u64(name, ra[1], rb[1]);
	}
	return n;
}

static unsigned int diff_data(const struct tstate *a, const struct tstate *b)
{
	unsigned int i, n = 0;
	uint64_t ra, rb;
	char name[16];

	for (i = 0; i < TEST_DATA_SIZE; i += 8) {
		memcpy(&ra, a->data + i, 8);
		memcpy(&rb, b->data + i, 8);
		snprintf(name, sizeof(name), "[x27+%u]", i);
		n += diff_u64(name, ra, rb);
	}
	return n;
}

static int cmd_compare(const char *ref_path, const char *our_path)
{
	struct tstate *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	unsigned int i, n = 0;
	char name[8];

	if (!a || !b || load_state(ref_path, a) || load_state(our_path, b))
		return 2;
	for (i = 0; i < 31; i++) {
		snprintf(name, sizeof(name), "x%u", i);
		n += diff_u64(name, a->x[i], b->x[i]);
	}
	n += diff_u64("sp", a->sp, b->sp);
	n += diff_u64("nzcv", a->nzcv, b->nzcv);
	n += diff_u64("fpcr", a->fpcr, b->fpcr);
	n += diff_u64("fpsr", a->fpsr, b->fpsr);
	n += diff_vregs(a, b);
	n += diff_data(a, b);
	free(a);
	free(b);
	return n ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "run"))
		return cmd_run(argv[2], argv[3]);
	if (argc == 2 && !strcmp(argv[1], "jit"))
		return jit_supported() ? 0 : 1;
	if (argc == 4 && !strcmp(argv[1], "compare"))
		return cmd_compare(argv[2], argv[3]);
	fprintf(stderr, "usage: tcg-run run SNIPPET.bin OUT.state\n"
			"       tcg-run compare REF.state OUR.state\n"
			"       tcg-run jit\n");
	return 2;
}
