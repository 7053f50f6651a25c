/* AdvSIMD three different and by-element forms, 64/128-bit and "2" halves. */
#include "fp/macros.inc"
	vinit
	.macro	two op, d, n, m
	\op\()2	\d, \n, \m
	.endm

	.macro	longs n, m
	.irp	op, saddl, uaddl, ssubl, usubl, sabal, uabal, sabdl, uabdl, smlal, umlal, smlsl, umlsl, smull, umull
	mov	v16.16b, v5.16b
	\op	v16.8h, v\n\().8b, v\m\().8b
	mov	v17.16b, v5.16b
	\op	v17.4s, v\n\().4h, v\m\().4h
	mov	v18.16b, v5.16b
	\op	v18.2d, v\n\().2s, v\m\().2s
	mov	v19.16b, v5.16b
	two	\op, v19.8h, v\n\().16b, v\m\().16b
	mov	v20.16b, v5.16b
	two	\op, v20.2d, v\n\().4s, v\m\().4s
	.irp	r, 16, 17, 18, 19, 20
	saveq	q\r
	.endr
	.endr
	.irp	op, sqdmull, sqdmlal, sqdmlsl
	mov	v16.16b, v5.16b
	\op	v16.4s, v\n\().4h, v\m\().4h
	mov	v17.16b, v5.16b
	two	\op, v17.2d, v\n\().4s, v\m\().4s
	mov	v18.16b, v5.16b
	\op	s18, h\n, h\m
	mov	v19.16b, v5.16b
	\op	d19, s\n, s\m
	mov	v20.16b, v5.16b
	\op	v20.4s, v\n\().4h, v\m\().h[7]
	mov	v21.16b, v5.16b
	two	\op, v21.2d, v\n\().4s, v\m\().s[1]
	mov	v22.16b, v5.16b
	\op	s22, h\n, v\m\().h[3]
	.irp	r, 16, 17, 18, 19, 20, 21, 22
	saveq	q\r
	.endr
	savefpsr
	.endr
	.irp	op, saddw, uaddw, ssubw, usubw
	\op	v16.8h, v\n\().8h, v\m\().8b
	two	\op, v17.4s, v\n\().4s, v\m\().8h
	\op	v18.2d, v\n\().2d, v\m\().2s
	.irp	r, 16, 17, 18
	saveq	q\r
	.endr
	.endr
	.irp	op, addhn, subhn, raddhn, rsubhn
	mov	v16.16b, v5.16b
	\op	v16.8b, v\n\().8h, v\m\().8h
	two	\op, v16.16b, v\n\().8h, v\m\().8h
	\op	v17.4h, v\n\().4s, v\m\().4s
	\op	v18.2s, v\n\().2d, v\m\().2d
	.irp	r, 16, 17, 18
	saveq	q\r
	.endr
	.endr
	pmull	v16.8h, v\n\().8b, v\m\().8b
	pmull2	v17.8h, v\n\().16b, v\m\().16b
	saveq	q16
	saveq	q17
	.irp	op, mul, mla, mls, sqdmulh, sqrdmulh
	mov	v16.16b, v5.16b
	\op	v16.8h, v\n\().8h, v\m\().h[5]
	mov	v17.16b, v5.16b
	\op	v17.2s, v\n\().2s, v\m\().s[3]
	mov	v18.16b, v5.16b
	\op	v18.4h, v\n\().4h, v\m\().h[0]
	.irp	r, 16, 17, 18
	saveq	q\r
	.endr
	savefpsr
	.endr
	sqdmulh	h16, h\n, v\m\().h[2]
	sqrdmulh s17, s\n, v\m\().s[1]
	sqdmulh	s18, s\n, s\m
	sqrdmulh h19, h\n, h\m
	.irp	r, 16, 17, 18, 19
	saveq	q\r
	.endr
	savefpsr
	.irp	op, smull, umull, smlal, umlal, smlsl, umlsl
	mov	v16.16b, v5.16b
	\op	v16.4s, v\n\().4h, v\m\().h[6]
	mov	v17.16b, v5.16b
	two	\op, v17.2d, v\n\().4s, v\m\().s[2]
	saveq	q16
	saveq	q17
	.endr
	.endm

	longs	0, 1
	longs	4, 5
	longs	4, 4
	longs	6, 2
