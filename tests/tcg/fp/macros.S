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

	/* FCVT from double to single and half, and back up. */
	.macro	cvt_ds a
	ldr	x0, =\a
	fmov	d0, x0
	fcvt	s1, d0
	fcvt	h2, d0
	fcvt	d3, s1
	fcvt	s4, h2
	fcvt	d5, h2
	fcvt	h6, s1
	.irp	r, 1, 2, 3, 4, 5, 6
	fmov	x1, d\r
	save	x1
	.endr
	savefpsr
	.endm

	/* Vector operands: v0..v3 from the x patterns, v4..v7 edge values. */
	.macro	vpair v, lo, hi
	ldr	x26, =\lo
	fmov	d\v, x26
	ldr	x26, =\hi
	fmov	v\v\().d[1], x26
	.endm

	.macro	vinit
	fmov	d0, x0
	fmov	v0.d[1], x1
	fmov	d1, x2
	fmov	v1.d[1], x3
	fmov	d2, x4
	fmov	v2.d[1], x5
	fmov	d3, x6
	fmov	v3.d[1], x7
	vpair	4, 0x7f80ff0080007fff, 0x800000007fffffff
	vpair	5, 0x8000000000000000, 0x7fffffffffffffff
	vpair	6, 0x01ff08f83fc10040, 0xc0e0f8fcfeff0102
	vpair	7, 0xffffffffffffffff, 0x0000000000000000
	b	1f
	.ltorg
1:
	.endm

	/* v16 = op(vn, vm) for arrangement t, with v16 first = v5 (accumulators). */
	.macro	vop3 op, t, n, m
	mov	v16.16b, v5.16b
	\op	v16.\t, v\n\().\t, v\m\().\t
	saveq	q16
	savefpsr
	.endm

	/* v16 = op(vn) for arrangement t (v16 first = v5). */
	.macro	vop2 op, t, n
	mov	v16.16b, v5.16b
	\op	v16.\t, v\n\().\t
	saveq	q16
	savefpsr
	.endm
