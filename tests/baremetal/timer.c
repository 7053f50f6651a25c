// SPDX-License-Identifier: GPL-2.0
/*
 * The generic timer's interrupts through the GIC (either version): the
 * virtual timer (PPI 27) and the EL1 physical timer (PPI 30) each fire
 * once, not before their compare value, while the CPU sleeps in WFI.
 */
#include "bm.h"

#define PPI_VIRT	27
#define PPI_PHYS	30

static volatile uint64_t got_intid, got_count, irqs;

void exc_handler(uint64_t index, struct frame *f)
{
	uint32_t iar;

	(void)f;
	if (index != 5) {	/* current EL, SPx, IRQ */
		check("unexpected exception, ESR", read_sysreg(esr_el1), 0);
		finish();
	}
	iar = gic_ack();
	got_intid = iar & 0xffffff;
	got_count = read_sysreg(cntvct_el0);
	irqs++;
	/* Silence the source before EOI, as a driver does. */
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	isb();
	gic_eoi(iar);
}

static void wait_irq(void)
{
	wait_irq_change(&irqs, irqs);
}

static void test_virt(void)
{
	uint64_t freq = read_sysreg(cntfrq_el0);
	uint64_t cval = read_sysreg(cntvct_el0) + freq / 100;	/* 10 ms */

	write_sysreg(cntv_cval_el0, cval);
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	wait_irq();
	check("virtual timer: INTID", got_intid, PPI_VIRT);
	check("virtual timer: not early", got_count >= cval, 1);
}

static void test_phys(void)
{
	uint64_t freq = read_sysreg(cntfrq_el0);
	uint64_t start = read_sysreg(cntpct_el0);

	write_sysreg(cntp_tval_el0, freq / 200);		/* 5 ms */
	write_sysreg(cntp_ctl_el0, 1);
	isb();
	wait_irq();
	check("physical timer: INTID", got_intid, PPI_PHYS);
	check("physical timer: not early", got_count >= start + freq / 200, 1);
}

int main(void)
{
	puts_("timer: GICv");
	puts_(gic_version() == 3 ? "3\n" : "2\n");
	check("CNTFRQ_EL0 is 62.5 MHz", read_sysreg(cntfrq_el0), 62500000);
	gic_init_dist();
	gic_init_cpu(0);
	gic_enable_irq(0, PPI_VIRT, 0x80);
	gic_enable_irq(0, PPI_PHYS, 0x80);
	test_virt();
	test_phys();
	check("interrupts taken", irqs, 2);
	finish();
	return 0;
}
