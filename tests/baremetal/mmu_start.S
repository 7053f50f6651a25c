/*
 * Entry and exception vectors of the bare-metal MMU test. Every
 * synchronous exception is recorded (ESR, FAR, ELR) in exc_*; the handler
 * then resumes at the next insn, or for an instruction abort at the
 * caller's return address (x30), so the C side sees the fault as data.
 */
	.section .text.start, "ax"
	.globl	_start
_start:
	ldr	x0, =stack_top
	mov	sp, x0
	ldr	x0, =vectors
	msr	vbar_el1, x0
	isb
	bl	main
	/* PSCI SYSTEM_OFF over HVC (the virt board's conduit at EL1). */
	movz	w0, #0x0008
	movk	w0, #0x8400, lsl #16
	hvc	#0
1:	wfi
	b	1b

	.text
	.balign	2048
vectors:
	.rept	4		/* current EL with SP_EL0 */
	.balign	128
	b	bad_exc
	.endr
	.balign	128		/* current EL with SP_ELx: synchronous */
	b	sync_exc
	.rept	3
	.balign	128
	b	bad_exc
	.endr
	.balign	128		/* lower EL, AArch64: synchronous */
	b	sync_exc
	.rept	7
	.balign	128
	b	bad_exc
	.endr

sync_exc:
	stp	x0, x1, [sp, #-16]!
	ldr	x0, =exc_count
	ldr	x1, [x0]
	add	x1, x1, #1
	str	x1, [x0]
	mrs	x1, esr_el1
	str	x1, [x0, #8]
	mrs	x1, far_el1
	str	x1, [x0, #16]
	mrs	x1, elr_el1
	str	x1, [x0, #24]
	mrs	x1, esr_el1
	lsr	x1, x1, #26
	cmp	x1, #0x21		/* instruction abort, same EL */
	b.eq	1f
	cmp	x1, #0x20		/* from EL0 */
	b.eq	1f
	mrs	x1, elr_el1
	add	x1, x1, #4
	msr	elr_el1, x1
	b	2f
1:	msr	elr_el1, x30
2:	ldp	x0, x1, [sp], #16
	eret

bad_exc:
	ldr	x0, =bad_msg
	bl	puts
	movz	w0, #0x0008
	movk	w0, #0x8400, lsl #16
	hvc	#0
	b	.

	.section .rodata
bad_msg:
	.asciz	"FAIL: unexpected exception\n"
