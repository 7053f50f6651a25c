// SPDX-License-Identifier: GPL-2.0
/*
 * Bare-metal SMP memory test (4 CPUs): the exclusive monitor across
 * vCPU threads (ARM ARM B2.9: LDXR/STXR of every size and the pairs must
 * never lose an update) and broadcast TLB maintenance (TLBI ...IS must
 * reach the other CPUs' TLBs before the DSB that follows it completes,
 * D5.10.2). The boot CPU prints the totals; mmu_smp_run.sh compares them
 * with qemu-system-aarch64 and with the counts the loops imply.
 */
#include <stdint.h>

#define NCPUS		4
#define ITERS		20000
#define UART_DR		((volatile uint32_t *)0x09000000)
#define TEST_VA		0x80000000ull

#define D_TABLE		3ull
#define D_AF		(1ull << 10)
#define D_NORMAL	(D_AF | (3ull << 8))		/* MAIR index 0, inner shareable */
#define D_DEVICE	(D_AF | (1ull << 2))		/* MAIR index 1 */

void primary_main(void);
void secondary_main(uint64_t cpu);
extern char secondary_entry[];

static uint64_t l0[512] __attribute__((aligned(4096)));
static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2[512] __attribute__((aligned(4096)));
static uint64_t l3[512] __attribute__((aligned(4096)));
static uint64_t page_a[512] __attribute__((aligned(4096)));
static uint64_t page_b[512] __attribute__((aligned(4096)));

static uint64_t c64;
static uint32_t c32;
static uint16_t c16[2] __attribute__((aligned(4)));
static uint64_t cpair[2] __attribute__((aligned(16)));
static uint32_t phase_count[4];
static uint32_t remapped;
static uint64_t seen[2][NCPUS];

static void puts(const char *s)
{
	while (*s)
		*UART_DR = (uint32_t)*s++;
}

static void puthex(uint64_t v)
{
	char buf[17];
	int i;

	for (i = 15; i >= 0; i--, v >>= 4)
		buf[i] = "0123456789abcdef"[v & 15];
	buf[16] = 0;
	puts(buf);
}

static void print(const char *name, uint64_t v)
{
	puts(name);
	puts("=");
	puthex(v);
	puts("\n");
}

static void add64(uint64_t *p)
{
	uint64_t v;
	uint32_t fail;

	__asm__ volatile("1: ldxr %0, [%2]\n\tadd %0, %0, #1\n\t"
			 "stxr %w1, %0, [%2]\n\tcbnz %w1, 1b"
			 : "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
}

static void add32_acqrel(uint32_t *p)
{
	uint32_t v, fail;

	__asm__ volatile("1: ldaxr %w0, [%2]\n\tadd %w0, %w0, #1\n\t"
			 "stlxr %w1, %w0, [%2]\n\tcbnz %w1, 1b"
			 : "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
}

static void add16(uint16_t *p)
{
	uint32_t v, fail;

	__asm__ volatile("1: ldxrh %w0, [%2]\n\tadd %w0, %w0, #1\n\t"
			 "stxrh %w1, %w0, [%2]\n\tcbnz %w1, 1b"
			 : "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
}

/* Both halves of a 16-byte pair move together (LDXP/STXP). */
static void add_pair(uint64_t *p)
{
	uint64_t lo, hi;
	uint32_t fail;

	__asm__ volatile("1: ldxp %0, %1, [%3]\n\tadd %0, %0, #1\n\tadd %1, %1, #2\n\t"
			 "stxp %w2, %0, %1, [%3]\n\tcbnz %w2, 1b"
			 : "=&r"(lo), "=&r"(hi), "=&r"(fail) : "r"(p) : "memory");
}

static void barrier_phase(unsigned int phase)
{
	__atomic_add_fetch(&phase_count[phase], 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&phase_count[phase], __ATOMIC_ACQUIRE) != NCPUS)
		;
}

static uint64_t read_va(uint64_t va)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(va) : "memory");
	return v;
}

static void mmu_on(void)
{
	uint64_t sctlr;

	__asm__ volatile("msr mair_el1, %0" : : "r"(0x00ffull));
	/* T0SZ 16, WB cacheable, inner shareable, 4K, EPD1, 40-bit PA. */
	__asm__ volatile("msr tcr_el1, %0" : : "r"(16ull | (1ull << 8) | (1ull << 10) |
					    (3ull << 12) | (1ull << 23) | (2ull << 32)));
	__asm__ volatile("msr ttbr0_el1, %0" : : "r"((uint64_t)(uintptr_t)l0));
	__asm__ volatile("isb\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	sctlr |= (1ull << 0) | (1ull << 2) | (1ull << 12);
	__asm__ volatile("msr sctlr_el1, %0\n\tisb" : : "r"(sctlr) : "memory");
}

static void worker(uint64_t cpu)
{
	unsigned int i;

	for (i = 0; i < ITERS; i++) {
		add64(&c64);
		add32_acqrel(&c32);
		add16(&c16[cpu & 1]);
		add_pair(cpair);
	}
}

/* All CPUs cache TEST_VA, CPU 0 remaps it with a broadcast TLBI, all read again. */
static void shootdown(uint64_t cpu, unsigned int round, uint64_t new_page, int by_va)
{
	read_va(TEST_VA);
	barrier_phase(round * 2);
	if (cpu == 0) {
		l3[0] = new_page | D_NORMAL | D_TABLE;
		if (by_va)
			__asm__ volatile("dsb ishst\n\ttlbi vae1is, %0\n\tdsb ish\n\tisb"
					 : : "r"(TEST_VA >> 12) : "memory");
		else
			__asm__ volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" ::: "memory");
		__atomic_store_n(&remapped, round + 1, __ATOMIC_RELEASE);
	}
	while (__atomic_load_n(&remapped, __ATOMIC_ACQUIRE) != round + 1)
		;
	seen[round][cpu] = read_va(TEST_VA);
	barrier_phase(round * 2 + 1);
}

static void run(uint64_t cpu)
{
	mmu_on();
	worker(cpu);
	shootdown(cpu, 0, (uint64_t)(uintptr_t)page_b, 1);
	shootdown(cpu, 1, (uint64_t)(uintptr_t)page_a, 0);
}

void secondary_main(uint64_t cpu)
{
	run(cpu);
}

static void build_tables(void)
{
	l0[0] = (uint64_t)(uintptr_t)l1 | D_TABLE;
	l1[0] = 0x00000000ull | D_DEVICE | 1;
	l1[1] = 0x40000000ull | D_NORMAL | 1;
	l1[2] = (uint64_t)(uintptr_t)l2 | D_TABLE;
	l2[0] = (uint64_t)(uintptr_t)l3 | D_TABLE;
	l3[0] = (uint64_t)(uintptr_t)page_a | D_NORMAL | D_TABLE;
	page_a[0] = 0xaaaa;
	page_b[0] = 0xbbbb;
}

static int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	register uint64_t x0 __asm__("x0") = 0xc4000003;
	register uint64_t x1 __asm__("x1") = mpidr;
	register uint64_t x2 __asm__("x2") = entry;
	register uint64_t x3 __asm__("x3") = ctx;

	__asm__ volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
	return (int64_t)x0;
}

void primary_main(void)
{
	unsigned int cpu, round;

	puts("smp memory test start\n");
	build_tables();
	__asm__ volatile("dsb sy" ::: "memory");
	for (cpu = 1; cpu < NCPUS; cpu++)
		if (psci_cpu_on(cpu, (uint64_t)(uintptr_t)secondary_entry, cpu))
			puts("FAIL: CPU_ON\n");
	run(0);
	print("c64", c64);
	print("c32", c32);
	print("c16_0", c16[0]);
	print("c16_1", c16[1]);
	print("pair_lo", cpair[0]);
	print("pair_hi", cpair[1]);
	for (round = 0; round < 2; round++)
		for (cpu = 0; cpu < NCPUS; cpu++) {
			puts(round ? "after_vmalle1is cpu " : "after_vae1is cpu ");
			*UART_DR = '0' + cpu;
			puts(": ");
			puthex(seen[round][cpu]);
			puts("\n");
		}
	puts("smp memory test end\n");
}
