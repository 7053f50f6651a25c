/* Exclusives, acquire/release: status values and memory. */
	add	x0, x27, #64
	ldxrb	w1, [x0]
	stxrb	w2, w1, [x0]
	ldxrh	w3, [x0]
	add	w3, w3, #1
	stxrh	w4, w3, [x0]
	ldxr	w5, [x0]
	stlxr	w6, w5, [x0]
	ldaxr	x7, [x0]
	add	x7, x7, #0x100
	stxr	w8, x7, [x0]
	/* a store without a preceding load-exclusive fails */
	stxr	w9, xzr, [x0]
	/* CLREX makes the next STXR fail */
	ldxr	x10, [x0]
	clrex
	stxr	w11, x10, [x0]
	/* pairs */
	add	x12, x27, #128
	ldxp	x13, x14, [x12]
	stxp	w15, x14, x13, [x12]
	ldaxp	w16, w17, [x12]
	stlxp	w18, w17, w16, [x12]
	ldxp	x19, x20, [x12]
	stlxp	w21, x20, x19, [x12]
	/* acquire/release */
	ldar	x22, [x12]
	ldarb	w23, [x12, #0]
	ldarh	w24, [x12]
	ldar	w25, [x12]
	stlr	x22, [x27]
	add	x26, x27, #200
	stlr	w22, [x26]
	stlrh	w22, [x26, #0]
	stlrb	w23, [x27]
	/* a loop as spinlocks use it */
	add	x28, x27, #256
	mov	x29, #3
1:	ldaxr	x30, [x28]
	add	x30, x30, #1
	stlxr	w1, x30, [x28]
	cbnz	w1, 1b
	subs	x29, x29, #1
	b.ne	1b
