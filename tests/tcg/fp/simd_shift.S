/* AdvSIMD shift by immediate (vector and scalar), every size and edge shift. */
#include "fp/macros.inc"
	.macro	narrow2 op, d, n, sh
	\op\()2	\d, \n, #\sh
	.endm
	vinit
	.irp	n, 0, 4, 6
	.irp	op, sshr, ushr, ssra, usra, srshr, urshr, srsra, ursra, sri
	\op	v16.8b, v\n\().8b, #1
	\op	v17.16b, v\n\().16b, #8
	\op	v18.4h, v\n\().4h, #16
	\op	v19.8h, v\n\().8h, #3
	\op	v20.2s, v\n\().2s, #32
	\op	v21.4s, v\n\().4s, #31
	\op	v22.2d, v\n\().2d, #64
	\op	v23.2d, v\n\().2d, #1
	\op	d24, d\n, #63
	\op	d25, d\n, #64
	.irp	r, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25
	saveq	q\r
	.endr
	.endr
	.irp	op, shl, sli, sqshl, uqshl, sqshlu
	\op	v16.8b, v\n\().8b, #0
	\op	v17.16b, v\n\().16b, #7
	\op	v18.4h, v\n\().4h, #15
	\op	v19.8h, v\n\().8h, #3
	\op	v20.2s, v\n\().2s, #31
	\op	v21.4s, v\n\().4s, #1
	\op	v22.2d, v\n\().2d, #63
	\op	v23.2d, v\n\().2d, #0
	\op	d24, d\n, #62
	\op	d25, d\n, #1
	.irp	r, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25
	saveq	q\r
	.endr
	savefpsr
	.endr
	.irp	op, sqshl, uqshl, sqshlu
	\op	b16, b\n, #3
	\op	h17, h\n, #9
	\op	s18, s\n, #30
	saveq	q16
	saveq	q17
	saveq	q18
	savefpsr
	.endr
	.irp	op, shrn, rshrn, sqshrn, uqshrn, sqrshrn, uqrshrn, sqshrun, sqrshrun
	\op	v16.8b, v\n\().8h, #1
	\op	v17.4h, v\n\().4s, #16
	\op	v18.2s, v\n\().2d, #32
	\op	v19.2s, v\n\().2d, #7
	mov	v20.16b, v1.16b
	narrow2	\op, v20.16b, v\n\().8h, 8
	mov	v21.16b, v1.16b
	narrow2	\op, v21.4s, v\n\().2d, 3
	.irp	r, 16, 17, 18, 19, 20, 21
	saveq	q\r
	.endr
	savefpsr
	.endr
	.irp	op, sqshrn, uqshrn, sqrshrn, uqrshrn, sqshrun, sqrshrun
	\op	b16, h\n, #4
	\op	h17, s\n, #1
	\op	s18, d\n, #32
	saveq	q16
	saveq	q17
	saveq	q18
	savefpsr
	.endr
	sshll	v16.8h, v\n\().8b, #0
	ushll	v17.4s, v\n\().4h, #15
	sshll2	v18.2d, v\n\().4s, #31
	ushll2	v19.8h, v\n\().16b, #7
	uxtl	v20.2d, v\n\().2s
	sxtl2	v21.4s, v\n\().8h
	.irp	r, 16, 17, 18, 19, 20, 21
	saveq	q\r
	.endr
	.endr
	/* register shifts with large and negative counts */
	.irp	op, sshl, ushl, srshl, urshl, sqshl, uqshl, sqrshl, uqrshl
	\op	d16, d4, d6
	\op	d17, d5, d7
	\op	d18, d6, d4
	\op	d19, d0, d6
	saveq	q16
	saveq	q17
	saveq	q18
	saveq	q19
	savefpsr
	.endr
	.irp	op, sqshl, uqshl, sqrshl, uqrshl
	\op	b16, b4, b6
	\op	h17, h0, h6
	\op	s18, s5, s6
	saveq	q16
	saveq	q17
	saveq	q18
	savefpsr
	.endr
