/*
 * Entry of the bare-metal SMP memory test: the boot CPU and the
 * secondaries PSCI CPU_ON starts at secondary_entry (x0 = its index).
 * Each CPU gets 8 KiB of stack below stack_top.
 */
	.section .text.start, "ax"
	.globl	_start
_start:
	ldr	x1, =stack_top
	mov	sp, x1
	bl	primary_main
	movz	w0, #0x0008		/* PSCI SYSTEM_OFF */
	movk	w0, #0x8400, lsl #16
	hvc	#0
1:	wfi
	b	1b

	.globl	secondary_entry
secondary_entry:
	ldr	x1, =stack_top
	sub	x1, x1, x0, lsl #13
	mov	sp, x1
	bl	secondary_main
	movz	w0, #0x0002		/* PSCI CPU_OFF */
	movk	w0, #0x8400, lsl #16
	hvc	#0
2:	wfe
	b	2b
