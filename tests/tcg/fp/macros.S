/*
 * Helpers for the FP/SIMD snippets (#include "fp/macros.S" first).
 * Results go to the data region through x27, as "save" does; each FP
 * result is followed by the FPSR it raised (FPSR is cleared again).
 * Clobbers x0, x1, x2, x26, d0..d3.
 */
	.macro	saveq reg
	str	\reg, [x27], #16
	.endm

	.macro	savefpsr
	mrs	x26, fpsr
	str	x26, [x27], #8
	msr	fpsr, xzr
	.endm

	/* FPCR = value (RMode bits 23:22, FZ 24, DN 25, AHP 26). */
	.macro	setfpcr val
	ldr	x26, =\val
	msr	fpcr, x26
	.endm

	/* Two-operand scalar op on raw patterns: d (double) or s (single). */
	.macro	fop2 op, p, a, b
	ldr	x0, =\a
	ldr	x1, =\b
	fmov	d0, x0
	fmov	d1, x1
	\op	\p\()2, \p\()0, \p\()1
	fmov	x2, d2
	save	x2
	savefpsr
	.endm

	.macro	fop1 op, p, a
	ldr	x0, =\a
	fmov	d0, x0
	\op	\p\()2, \p\()0
	fmov	x2, d2
	save	x2
	savefpsr
	.endm

	/* d3 = op(d0, d1, d2) for the fused multiply-adds. */
	.macro	fop3 op, p, a, b, c
	ldr	x0, =\a
	ldr	x1, =\b
	ldr	x2, =\c
	fmov	d0, x0
	fmov	d1, x1
	fmov	d2, x2
	\op	\p\()3, \p\()0, \p\()1, \p\()2
	fmov	x2, d3
	save	x2
	savefpsr
	.endm

	/* Literal pool placed out of the execution path. */
	.macro	pool
	b	1f
	.ltorg
1:
	.endm
