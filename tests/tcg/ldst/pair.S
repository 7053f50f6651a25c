/* LDP/STP of W, X, S, D, Q; LDPSW; LDNP/STNP; writeback forms. */
	ldp	w0, w1, [x27]
	ldp	x2, x3, [x27, #8]
	ldp	x4, x5, [x27, #-0]
	ldpsw	x6, x7, [x27, #248]
	ldpsw	x8, x9, [x27, #-0]
	ldnp	x10, x11, [x27, #504]
	ldnp	w12, w13, [x27, #252]
	mov	x14, x27
	ldp	x15, x16, [x14, #16]!
	ldp	w17, w18, [x14], #-8
	ldpsw	x19, x20, [x14, #64]!
	/* unaligned */
	add	x26, x27, #3
	ldp	x21, x22, [x26]
	sub	x26, x26, #2
	ldp	w23, w24, [x26]
	/* stores */
	stp	x2, x3, [x27, #256]
	add	x26, x27, #256
	stp	w6, w7, [x26, #16]
	stnp	x8, x9, [x26, #24]
	stnp	w10, w11, [x26, #40]
	mov	x25, x27
	stp	x0, x1, [x25, #304]!
	stp	w0, w1, [x25], #16
	add	x25, x25, #7
	stp	xzr, x2, [x25]
	stp	x12, x13, [x25, #-16]!
	/* SIMD&FP pairs */
	ldp	s0, s1, [x27, #4]
	ldp	d2, d3, [x27, #8]
	ldp	q4, q5, [x27, #32]
	ldnp	q6, q7, [x27, #-0]
	ldnp	d8, d9, [x27, #504]
	add	x26, x27, #3
	ldp	q10, q11, [x26]
	mov	x26, x27
	ldp	d12, d13, [x26, #8]!
	ldp	q14, q15, [x26], #32
	add	x26, x27, #400
	stp	s0, s1, [x26]
	stp	d2, d3, [x27, #408]
	stp	q4, q5, [x27, #432]
	stnp	q6, q7, [x27, #464]
	add	x26, x27, #500
	stp	q10, q11, [x26]
	/* the stack */
	stp	x29, x30, [sp, #-32]!
	stp	q0, q1, [sp, #-64]!
	ldp	x28, x29, [sp, #64]
	ldp	q16, q17, [sp], #96
	/* The stack (0x40110000..0x40120000) must exist under qemu-aarch64 too. */
	.pushsection .bss
	.skip	0x10000
	.popsection
