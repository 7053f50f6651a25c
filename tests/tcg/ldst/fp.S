/* SIMD&FP register loads/stores B/H/S/D/Q in every mode. */
	movi	v31.16b, #0xff
	mov	v0.16b, v31.16b
	mov	v1.16b, v31.16b
	mov	v2.16b, v31.16b
	mov	v3.16b, v31.16b
	mov	v4.16b, v31.16b
	ldr	b0, [x27, #5]
	ldr	h1, [x27, #6]
	ldr	s2, [x27, #12]
	ldr	d3, [x27, #24]
	ldr	q4, [x27, #48]
	ldur	b5, [x27, #1]
	ldur	h6, [x27, #3]
	ldur	s7, [x27, #5]
	ldur	d8, [x27, #7]
	ldur	q9, [x27, #9]
	mov	x0, x27
	ldr	q10, [x0, #16]!
	ldr	d11, [x0], #-8
	ldr	s12, [x0, #4]!
	ldr	h13, [x0], #2
	ldr	b14, [x0, #255]!
	mov	x1, #3
	ldr	q15, [x27, x1, lsl #4]
	ldr	d16, [x27, x1, lsl #3]
	ldr	s17, [x27, w1, uxtw #2]
	ldr	h18, [x27, x1, lsl #1]
	ldr	b19, [x27, x1]
	ldr	b20, [x27, x1, lsl #0]
	ldr	q21, lit
	ldr	d22, lit
	ldr	s23, lit
	b	1f
	.balign	16
lit:	.quad	0x0123456789abcdef, 0xfedcba9876543210
1:
	str	q21, [x27, #512]
	str	d22, [x27, #528]
	str	s23, [x27, #536]
	str	h13, [x27, #540]
	str	b14, [x27, #542]
	add	x3, x27, #545
	stur	q4, [x3]
	stur	d3, [x3, #18]
	add	x2, x27, #320
	str	q9, [x2, #240]!
	str	s7, [x2], #20
	str	b5, [x2, x1]
	str	h6, [x2, x1, lsl #1]
	str	q31, [x2, x1, lsl #4]
