/* MADD/MSUB, long and high multiplies, UDIV/SDIV incl. /0 and MIN/-1. */
	.macro	md_pair a, b
	ldr	x0, =\a
	ldr	x1, =\b
	ldr	x9, =0x0f0f0f0f0f0f0f0f
	mul	x2, x0, x1
	madd	x3, x0, x1, x9
	msub	x4, x0, x1, x9
	mul	w5, w0, w1
	madd	w6, w0, w1, w9
	msub	w7, w0, w1, w9
	mneg	x8, x0, x1
	save	x2
	save	x3
	save	x4
	save	x5
	save	x6
	save	x7
	save	x8
	smull	x2, w0, w1
	umull	x3, w0, w1
	smaddl	x4, w0, w1, x9
	umsubl	x5, w0, w1, x9
	smsubl	x6, w0, w1, x9
	umaddl	x7, w0, w1, x9
	smulh	x8, x0, x1
	umulh	x10, x0, x1
	save	x2
	save	x3
	save	x4
	save	x5
	save	x6
	save	x7
	save	x8
	save	x10
	udiv	x2, x0, x1
	sdiv	x3, x0, x1
	udiv	w4, w0, w1
	sdiv	w5, w0, w1
	save	x2
	save	x3
	save	x4
	save	x5
	.endm

	.irp	a, 0, 1, 7, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x80000000, 0xffffffff, 0xdeadbeefcafebabe
	.irp	b, 0, 1, 3, 0xffffffffffffffff, 0x8000000000000000, 0xffffffff, 0x7fffffff, 0x123456789
	md_pair	\a, \b
	.endr
	.endr
