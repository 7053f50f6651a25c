// SPDX-License-Identifier: GPL-2.0
/*
 * Entry, vectors and the EL0 helpers of the bare-metal test programs.
 * CPU 0 enters at _start (EL1, MMU off); other CPUs come through
 * PSCI CPU_ON at secondary_entry with their context id in x0.
 */
	.section .text.start, "ax"
	.global _start
_start:
	ldr	x1, =__stack0_top
	mov	sp, x1
	adr	x1, vectors
	msr	vbar_el1, x1
	mov	x1, #(3 << 20)		// CPACR_EL1.FPEN: no FP traps
	msr	cpacr_el1, x1
	isb
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	bl	main
	b	.

	.global secondary_entry
secondary_entry:
	ldr	x1, =__stack1_top
	mov	sp, x1
	adr	x1, vectors
	msr	vbar_el1, x1
	isb
	bl	secondary_main
	b	.

/*
 * Each vector saves x0-x30, ELR and SPSR in a 272-byte frame and calls
 * exc_handler(index, frame); the handler may change the saved ELR/SPSR.
 */
	.macro	vector, index
	.balign	0x80
	sub	sp, sp, #272
	stp	x0, x1, [sp, #0]
	mov	x0, #\index
	b	vector_common
	.endm

	.balign	0x800
vectors:
	.irp	i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	vector	\i
	.endr

vector_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	stp	x30, x1, [sp, #240]
	str	x2, [sp, #256]
	mov	x1, sp
	bl	exc_handler
	ldp	x30, x1, [sp, #240]
	ldr	x2, [sp, #256]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	add	sp, sp, #272
	eret

/* uint64_t psci_call(fid, a1, a2, a3): HVC conduit, as QEMU's virt. */
	.global psci_call
psci_call:
	hvc	#0
	ret

/*
 * run_el0(fn): ERET to fn at EL0t with interrupts unmasked; fn ends
 * with "svc #0xff", whose handler resumes after run_el0 at EL1
 * (resume_el1 holds the return address and SP).
 */
	.global run_el0
run_el0:
	ldr	x1, =resume_el1
	stp	x30, x29, [x1]
	mov	x2, sp
	str	x2, [x1, #16]
	msr	elr_el1, x0
	msr	spsr_el1, xzr
	ldr	x2, =__stack1_top
	msr	sp_el0, x2
	eret

	.global el0_return
el0_return:
	ldr	x1, =resume_el1
	ldp	x30, x29, [x1]
	ldr	x2, [x1, #16]
	mov	sp, x2
	ret

	.bss
	.balign	8
	.global resume_el1
resume_el1:
	.skip	24
