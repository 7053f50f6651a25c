// SPDX-License-Identifier: GPL-2.0
/*
 * Bare-metal MMU test, run at EL1 by both build/armvisor and
 * qemu-system-aarch64 -M virt -cpu cortex-a57: builds 4-level tables
 * (4K granule, 48-bit VAs), turns the MMU on and prints, for each
 * access, the value read and the exception it raised (ESR_EL1, FAR_EL1)
 * through the PL011. mmu_run.sh compares the two transcripts line by
 * line, so every line is a check against the reference.
 */
#include <stdint.h>

#define UART_DR		((volatile uint32_t *)0x09000000)
#define NOWHERE		0x70000000ull	/* no RAM, no device (-m 128M) */

#define D_TABLE		3ull
#define D_PAGE		3ull
#define D_BLOCK		1ull
#define D_AF		(1ull << 10)
#define D_NG		(1ull << 11)
#define D_SH_INNER	(3ull << 8)
#define D_AP_EL0	(1ull << 6)
#define D_AP_RO		(1ull << 7)
#define D_PXN		(1ull << 53)
#define D_UXN		(1ull << 54)
#define D_ATTR(i)	((uint64_t)(i) << 2)
#define D_NORMAL	(D_AF | D_ATTR(0) | D_SH_INNER)
#define D_DEVICE	(D_AF | D_ATTR(1))

#define TCR_T0SZ_48	16ull
#define TCR_WB		((1ull << 8) | (1ull << 10) | (3ull << 12))
#define TCR_EPD1	(1ull << 23)
#define TCR_IPS_40	(2ull << 32)
#define TCR_TBI0	(1ull << 37)
#define TCR_BASE	(TCR_T0SZ_48 | TCR_WB | TCR_EPD1 | TCR_IPS_40)

#define TEST_VA		0x80000000ull	/* l1[2] -> l2 -> l3: the test pages */

struct exc_rec {
	uint64_t count, esr, far, elr;
};
extern struct exc_rec exc_count;	/* mmu_start.S writes it */
struct exc_rec exc_count;

static uint64_t l0[512] __attribute__((aligned(4096)));
static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2[512] __attribute__((aligned(4096)));
static uint64_t l3[512] __attribute__((aligned(4096)));
static uint8_t pages[12][4096] __attribute__((aligned(4096)));
static uint64_t block[512] __attribute__((aligned(4096)));

void puts(const char *s);

void puts(const char *s)
{
	while (*s)
		*UART_DR = (uint32_t)*s++;
}

static void puthex(uint64_t v, int digits)
{
	char buf[17];
	int i;

	for (i = digits - 1; i >= 0; i--, v >>= 4)
		buf[i] = "0123456789abcdef"[v & 15];
	buf[digits] = 0;
	puts(buf);
}

static void report(const char *name, uint64_t val)
{
	puts(name);
	puts(": n=");
	puthex(exc_count.count, 1);
	puts(" esr=");
	puthex(exc_count.count ? exc_count.esr : 0, 8);
	puts(" far=");
	puthex(exc_count.count ? exc_count.far : 0, 16);
	puts(" val=");
	puthex(val, 16);
	puts("\n");
	exc_count.count = 0;
}

#define ACCESS(insn)							\
static inline uint64_t insn##_at(uint64_t va)				\
{									\
	uint64_t v;							\
	__asm__ volatile("movz %0, #0xdead\n\t" #insn " %0, [%1]"	\
			 : "=&r"(v) : "r"(va) : "memory");		\
	return v;							\
}
ACCESS(ldr)
ACCESS(ldtr)
ACCESS(ldxr)
ACCESS(ldar)

static inline uint64_t ldr32_at(uint64_t va)
{
	uint32_t v;

	__asm__ volatile("movz %w0, #0xdead\n\tldr %w0, [%1]" : "=&r"(v) : "r"(va) : "memory");
	return v;
}

static inline void str_at(uint64_t va, uint64_t v)
{
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(va) : "memory");
}

static inline void sttr_at(uint64_t va, uint64_t v)
{
	__asm__ volatile("sttr %0, [%1]" : : "r"(v), "r"(va) : "memory");
}

static inline uint64_t stxr_at(uint64_t va, uint64_t v)
{
	uint32_t status;

	__asm__ volatile("movz %w0, #7\n\tstxr %w0, %1, [%2]"
			 : "=&r"(status) : "r"(v), "r"(va) : "memory");
	return status;
}

static inline uint64_t par_of(const char *op, uint64_t va)
{
	uint64_t par;

	if (op[0] == 'r' && op[1] == '1')
		__asm__ volatile("at s1e1r, %0" : : "r"(va));
	else if (op[0] == 'w' && op[1] == '1')
		__asm__ volatile("at s1e1w, %0" : : "r"(va));
	else if (op[0] == 'r')
		__asm__ volatile("at s1e0r, %0" : : "r"(va));
	else
		__asm__ volatile("at s1e0w, %0" : : "r"(va));
	__asm__ volatile("isb\n\tmrs %0, par_el1" : "=r"(par));
	return par;
}

static inline void tlbi_all(void)
{
	__asm__ volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" ::: "memory");
}

static inline void tlbi_va(uint64_t va)
{
	__asm__ volatile("dsb ishst\n\ttlbi vaae1is, %0\n\tdsb ish\n\tisb"
			 : : "r"(va >> 12) : "memory");
}

static uint64_t pa_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void map(unsigned int idx, uint64_t pa, uint64_t attrs)
{
	l3[idx] = pa | attrs | D_PAGE;
}

static void build_tables(void)
{
	unsigned int i;

	l0[0] = pa_of(l1) | D_TABLE;
	l1[0] = 0x00000000ull | D_DEVICE | D_BLOCK | D_PXN | D_UXN;
	l1[1] = 0x40000000ull | D_NORMAL | D_BLOCK;
	l1[2] = pa_of(l2) | D_TABLE;
	l2[0] = pa_of(l3) | D_TABLE;
	for (i = 0; i < 12; i++)
		pages[i][0] = (uint8_t)(0x10 + i);
	map(0, pa_of(pages[0]), D_NORMAL);
	/* 1: invalid */
	map(2, pa_of(pages[2]), D_NORMAL | D_AP_RO);
	map(3, pa_of(pages[3]), D_NORMAL & ~D_AF);
	map(4, pa_of(pages[4]), D_NORMAL | D_PXN);
	map(5, pa_of(pages[5]), D_NORMAL);
	map(6, NOWHERE, D_NORMAL);
	map(7, 1ull << 40, D_NORMAL);
	map(8, pa_of(pages[8]), D_NORMAL);
	/* 9: invalid, after a valid page */
	map(10, pa_of(pages[10]), D_DEVICE);
	map(11, pa_of(pages[11]), D_NORMAL | D_AP_EL0);
	map(12, pa_of(pages[11]), D_NORMAL | D_AP_EL0 | D_AP_RO);
	map(13, pa_of(pages[2]), D_NORMAL | D_AP_RO | D_UXN);
	/* A 2 MiB block, and a level 3 table outside RAM. */
	block[0] = 0xb10c;
	l2[2] = pa_of(block) & ~0x1fffffull;
	l2[2] |= D_NORMAL | D_BLOCK;
	l2[3] = NOWHERE | D_TABLE;
}

static void mmu_enable(void)
{
	uint64_t sctlr;

	__asm__ volatile("msr mair_el1, %0" : : "r"(0x4400ffull));
	__asm__ volatile("msr tcr_el1, %0" : : "r"(TCR_BASE));
	__asm__ volatile("msr ttbr0_el1, %0" : : "r"(pa_of(l0)));
	__asm__ volatile("isb\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	sctlr |= (1ull << 0) | (1ull << 2) | (1ull << 12);
	sctlr &= ~((1ull << 1) | (1ull << 3) | (1ull << 4) | (1ull << 19));
	__asm__ volatile("msr sctlr_el1, %0\n\tisb" : : "r"(sctlr) : "memory");
}

static void set_tcr(uint64_t tcr)
{
	__asm__ volatile("msr tcr_el1, %0\n\tisb" : : "r"(tcr));
	tlbi_all();
}

static void set_sctlr_a(int on)
{
	uint64_t sctlr;

	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	sctlr = on ? sctlr | 2 : sctlr & ~2ull;
	__asm__ volatile("msr sctlr_el1, %0\n\tisb" : : "r"(sctlr) : "memory");
}

static uint64_t page_va(unsigned int idx)
{
	return TEST_VA + idx * 4096ull;
}

/* Put "mov x0, #42; ret" at va and call it; 0xdead when it cannot run. */
static uint64_t call_code(uint64_t va, void *backing)
{
	uint32_t *p = backing;
	uint64_t ret;

	p[0] = 0xd2800540;
	p[1] = 0xd65f03c0;
	__asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %1\n\tdsb ish\n\tisb"
			 : : "r"(p), "r"(va) : "memory");
	__asm__ volatile("movz x0, #0xdead\n\tblr %1\n\tmov %0, x0"
			 : "=r"(ret) : "r"(va) : "x0", "x30", "memory");
	return ret;
}

static void test_mmu_off(void)
{
	static uint64_t word = 0x1122334455667788ull;

	report("off_read", ldr_at(pa_of(&word)));
	report("off_unaligned", ldr_at(pa_of(&word) + 1));
	report("off_nowhere", ldr_at(NOWHERE));
}

static void test_faults(void)
{
	report("page", ldr_at(page_va(0)) & 0xff);
	report("block_2m", ldr_at((TEST_VA + 0x400000) | (pa_of(block) & 0x1fffff)));
	report("xlat_l3", ldr_at(page_va(1) + 8));
	report("xlat_l2", ldr_at(TEST_VA + 0x800000));
	report("xlat_l1", ldr_at(0x100000000ull));
	report("xlat_l0", ldr_at(0x8000000000ull));
	report("va_range", ldr_at(0x0001000000000000ull));
	report("read_ro", ldr_at(page_va(2)) & 0xff);
	str_at(page_va(2), 1);
	report("write_ro", 0);
	report("access_flag", ldr_at(page_va(3)));
	report("ext_abort", ldr_at(page_va(6)));
	str_at(page_va(6) + 8, 1);
	report("ext_abort_w", 0);
	report("walk_ext", ldr_at(TEST_VA + 0x600000));
	report("addr_size", ldr_at(page_va(7)));
}

static void test_el0_perms(void)
{
	report("ldtr_el1_page", ldtr_at(page_va(0)));
	report("ldtr_el0_page", ldtr_at(page_va(11)) & 0xff);
	sttr_at(page_va(12), 5);
	report("sttr_el0_ro", 0);
	sttr_at(page_va(11) + 16, 5);
	report("sttr_el0_rw", ldr_at(page_va(11) + 16));
}

static void test_exec(void)
{
	report("exec_ok", call_code(page_va(5), pages[5]));
	report("exec_pxn", call_code(page_va(4), pages[4]));
	report("exec_el0_writable", call_code(page_va(11) + 64, pages[11] + 64));
	report("exec_device", call_code(page_va(10) + 128, pages[10] + 128));
}

/* PAR_EL1 of AT on each kind of page; the PA is checked, not printed. */
static void test_at(void)
{
	static const unsigned int idx[] = { 0, 1, 2, 3, 11, 12, 13 };
	static const unsigned int backing[] = { 0, 1, 2, 3, 11, 11, 2 };
	static const char *const ops[] = { "r1", "w1", "r0", "w0" };
	unsigned int i, j;

	for (i = 0; i < sizeof(idx) / sizeof(idx[0]); i++)
		for (j = 0; j < 4; j++) {
			uint64_t par = par_of(ops[j], page_va(idx[i]) + 0x123);
			uint64_t pa = par & 0x0000fffffffff000ull;

			puts("at_");
			puts(ops[j]);
			puts(" page ");
			puthex(idx[i], 2);
			puts(": par=");
			puthex(par & 1 ? par : par & ~0x0000fffffffff000ull, 16);
			if (!(par & 1))
				puts(pa == pa_of(pages[backing[i]]) ? " pa ok" : " pa BAD");
			puts("\n");
		}
}

static void test_tlbi_and_tbi(void)
{
	uint64_t va = page_va(5) + 0x20;

	str_at(pa_of(pages[5]) + 0x20, 0x55);
	str_at(pa_of(pages[8]) + 0x20, 0x88);
	report("before_remap", ldr_at(va));
	map(5, pa_of(pages[8]), D_NORMAL);
	tlbi_va(va);
	report("after_tlbi", ldr_at(va));
	l3[5] = 0;
	tlbi_all();
	report("after_unmap", ldr_at(va));
	report("tagged_no_tbi", ldr_at(page_va(0) | (0x5aull << 56)));
	set_tcr(TCR_BASE | TCR_TBI0);
	report("tagged_tbi", ldr_at(page_va(0) | (0x5aull << 56)) & 0xff);
	report("tagged_tbi_fault", ldr_at(page_va(1) | (0xa5ull << 56)));
	set_tcr(TCR_BASE);
}

static void test_alignment(void)
{
	uint64_t base = page_va(8);

	str_at(base + 0x100, 0x0807060504030201ull);
	str_at(base + 0x108, 0x100f0e0d0c0b0a09ull);
	report("unaligned_normal", ldr_at(base + 0x103));
	report("cross_to_invalid", ldr_at(base + 0xffc));
	str_at(base + 0xffc, 0);
	report("cross_to_invalid_w", 0);
	report("ldxr_unaligned", ldxr_at(base + 0x104));
	report("ldar_unaligned", ldar_at(base + 0x102));
	set_sctlr_a(1);
	report("sctlr_a_aligned", ldr_at(base + 0x108));
	report("sctlr_a_unaligned", ldr32_at(base + 0x106));
	set_sctlr_a(0);
	report("device_aligned", ldr_at(page_va(10) + 8));
	report("device_unaligned", ldr_at(page_va(10) + 9));
}

/*
 * DC ZVA writes: a fault is a write fault (WnR, no CM). The maintenance
 * ops (DC CIVAC, IC IVAU ...) are NOPs in QEMU 7.2, so their faults
 * are checked in the unit tests instead.
 */
static void test_dc_zva(void)
{
	__asm__ volatile("dc zva, %0" : : "r"(page_va(2)) : "memory");
	report("dc_zva_ro", 0);
	__asm__ volatile("dc zva, %0" : : "r"(page_va(8) + 0x400) : "memory");
	report("dc_zva_ok", ldr_at(page_va(8) + 0x408));
}

static void test_exclusive(void)
{
	uint64_t va = page_va(8) + 0x200;

	str_at(va, 100);
	report("ldxr", ldxr_at(va));
	report("stxr_first", stxr_at(va, 101));
	report("stxr_again", stxr_at(va, 102));
	ldxr_at(va);
	str_at(va, 7);
	report("stxr_after_store", stxr_at(va, 103));
	report("final", ldr_at(va));
}

int main(void);

int main(void)
{
	puts("mmu test start\n");
	test_mmu_off();
	build_tables();
	mmu_enable();
	test_faults();
	test_el0_perms();
	test_exec();
	test_at();
	test_tlbi_and_tbi();
	test_alignment();
	test_exclusive();
	test_dc_zva();
	puts("mmu test end\n");
	return 0;
}
