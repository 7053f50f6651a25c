/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Support for the bare-metal test programs: PL011 output, PSCI, system
 * registers and the GIC of QEMU's virt board (both versions).
 */
#ifndef BAREMETAL_BM_H
#define BAREMETAL_BM_H

#include <stdint.h>

#define read_sysreg(r) ({ uint64_t __v; \
	__asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) \
	__asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")
#define isb()	__asm__ volatile("isb" : : : "memory")
#define dsb()	__asm__ volatile("dsb sy" : : : "memory")

static inline uint32_t mmio_read32(uint64_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void mmio_write32(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline void mmio_write8(uint64_t a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
}

/*
 * Sleeps until an IRQ handler changes *v from old. The check runs with
 * IRQs masked: an IRQ taken between an unmasked check and the WFI would
 * return to the WFI and sleep for ever, as on hardware. WFI still wakes
 * on a pending IRQ that PSTATE.I masks (Arm ARM D1.16.2, "Wait for
 * Interrupt"); unmasking then takes it. Returns with IRQs masked.
 */
static inline void wait_irq_change(volatile uint64_t *v, uint64_t old)
{
	for (;;) {
		__asm__ volatile("msr daifset, #2" : : : "memory");
		if (*v != old)
			return;
		__asm__ volatile("wfi\n\tmsr daifclr, #2\n\tisb" : : : "memory");
	}
}

/* The saved state of an exception (start.S): x0-x30, ELR, SPSR. */
struct frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;
};

/* Provided by each program: vector index 0..15, the frame to edit. */
void exc_handler(uint64_t index, struct frame *f);

void puts_(const char *s);
void puthex(uint64_t v);
/* "name: ok" or "name: FAIL (got X want Y)"; counts failures. */
void check(const char *name, uint64_t got, uint64_t want);
/* Print the verdict and power off through PSCI SYSTEM_OFF. */
void finish(void);

uint64_t psci_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
void run_el0(void (*fn)(void));
void el0_return(void);
void secondary_entry(void);
void secondary_main(uint64_t ctx);

#define PSCI_AFFINITY_INFO	0xc4000004ull
#define PSCI_CPU_ON		0xc4000003ull
#define PSCI_CPU_OFF		0x84000002ull
#define PSCI_SYSTEM_OFF		0x84000008ull
#define PSCI_VERSION		0x84000000ull

/* The GIC (gic.c): version 2 or 3 from ID_AA64PFR0_EL1.GIC. */
int gic_version(void);
void gic_init_dist(void);
void gic_init_cpu(unsigned int cpu);
void gic_enable_irq(unsigned int cpu, unsigned int intid, uint8_t prio);
uint32_t gic_ack(void);
void gic_eoi(uint32_t iar);
void gic_send_sgi(unsigned int target, unsigned int intid);

#endif
