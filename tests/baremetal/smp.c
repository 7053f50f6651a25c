// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI CPU_ON of CPU 1 (run with -smp 2), an SGI from CPU 0 to CPU 1
 * through the GIC (either version), CPU_OFF and AFFINITY_INFO.
 */
#include "bm.h"

#define SGI_PING	1
#define CONTEXT		0x5a5aull

static volatile uint64_t ctx_seen, el_seen, ready, pinged, sgi_intid;

void exc_handler(uint64_t index, struct frame *f)
{
	uint32_t iar;

	(void)f;
	if (index != 5) {
		check("unexpected exception, ESR", read_sysreg(esr_el1), 0);
		finish();
	}
	iar = gic_ack();
	sgi_intid = iar & 0x3ff;
	gic_eoi(iar);
	pinged = 1;
}

void secondary_main(uint64_t ctx)
{
	ctx_seen = ctx;
	el_seen = read_sysreg(CurrentEL);
	gic_init_cpu(1);
	gic_enable_irq(1, SGI_PING, 0x80);
	dsb();
	ready = 1;
	wait_irq_change(&pinged, 0);
	psci_call(PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		;
}

static void spin_until(volatile uint64_t *flag)
{
	while (!*flag)
		dsb();
}

int main(void)
{
	uint64_t mpidr1 = 1;	/* Aff0 = 1 on the virt board */

	puts_("smp: GICv");
	puts_(gic_version() == 3 ? "3\n" : "2\n");
	check("PSCI version 1.0", psci_call(PSCI_VERSION, 0, 0, 0) >> 16, 1);
	check("CPU 1 starts off", psci_call(PSCI_AFFINITY_INFO, mpidr1, 0, 0), 1);
	gic_init_dist();
	gic_init_cpu(0);
	check("CPU_ON cpu 1", psci_call(PSCI_CPU_ON, mpidr1,
					 (uint64_t)secondary_entry, CONTEXT), 0);
	spin_until(&ready);
	check("cpu 1 got its context id", ctx_seen, CONTEXT);
	check("CPU_ON again: already on",
	      psci_call(PSCI_CPU_ON, mpidr1, (uint64_t)secondary_entry, CONTEXT),
	      (uint64_t)-4);
	check("cpu 1 runs at EL1", el_seen, 4);
	gic_send_sgi(1, SGI_PING);
	spin_until(&pinged);
	check("cpu 1 took the SGI", sgi_intid, SGI_PING);
	while (psci_call(PSCI_AFFINITY_INFO, mpidr1, 0, 0) != 1)
		dsb();
	puts_("cpu 1 is off again: ok\n");
	finish();
	return 0;
}
