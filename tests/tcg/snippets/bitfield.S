/* SBFM/BFM/UBFM and their aliases, EXTR/ROR, on several patterns. */
	.macro	bf_all src
	ldr	x0, =\src
	ldr	x1, =0x0123456789abcdef
	.irp	r, 0, 1, 7, 31, 32, 63
	.irp	s, 0, 3, 30, 31, 32, 62, 63
	sbfm	x2, x0, #\r, #\s
	ubfm	x3, x0, #\r, #\s
	mov	x4, x1
	bfm	x4, x0, #\r, #\s
	save	x2
	save	x3
	save	x4
	.endr
	.endr
	.irp	r, 0, 1, 15, 31
	.irp	s, 0, 7, 16, 30, 31
	sbfm	w2, w0, #\r, #\s
	ubfm	w3, w0, #\r, #\s
	mov	x4, x1
	bfm	w4, w0, #\r, #\s
	save	x2
	save	x3
	save	x4
	.endr
	.endr
	.irp	sh, 0, 1, 31, 32, 63
	lsl	x2, x0, #\sh
	lsr	x3, x0, #\sh
	asr	x4, x0, #\sh
	ror	x5, x0, #\sh
	extr	x6, x0, x1, #\sh
	save	x2
	save	x3
	save	x4
	save	x5
	save	x6
	.endr
	.irp	sh, 0, 1, 16, 31
	lsl	w2, w0, #\sh
	lsr	w3, w0, #\sh
	asr	w4, w0, #\sh
	ror	w5, w0, #\sh
	extr	w6, w0, w1, #\sh
	save	x2
	save	x3
	save	x4
	save	x5
	save	x6
	.endr
	sxtb	x2, w0
	sxth	x3, w0
	sxtw	x4, w0
	uxtb	w5, w0
	uxth	w6, w0
	sxtb	w7, w0
	sxth	w8, w0
	save	x2
	save	x3
	save	x4
	save	x5
	save	x6
	save	x7
	save	x8
	ubfx	x2, x0, #4, #12
	sbfx	x3, x0, #60, #4
	ubfiz	x4, x0, #3, #29
	sbfiz	w5, w0, #30, #2
	mov	x6, x1
	bfi	x6, x0, #8, #16
	mov	x7, x1
	bfxil	w7, w0, #31, #1
	save	x2
	save	x3
	save	x4
	save	x5
	save	x6
	save	x7
	.endm

	bf_all	0x8000000000000001
	bf_all	0xfedcba9876543210
	bf_all	0x00000000ffffffff
	bf_all	0x7fffffff80000000
