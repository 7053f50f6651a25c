/* Logical (shifted register and immediate), all shift types, 32/64. */
	.macro	logic_pair a, b
	ldr	x0, =\a
	ldr	x1, =\b
	.irp	op, and, orr, eor, bic, orn, eon
	\op	x2, x0, x1
	\op	x3, x0, x1, lsl #7
	\op	x4, x0, x1, lsr #63
	\op	x5, x0, x1, asr #13
	\op	x6, x0, x1, ror #37
	\op	w7, w0, w1, ror #31
	\op	w8, w0, w1, asr #1
	save	x2
	save	x3
	save	x4
	save	x5
	save	x6
	save	x7
	save	x8
	.endr
	setflags 0xf
	ands	x2, x0, x1
	saveflags
	save	x2
	bics	x3, x0, x1, ror #1
	saveflags
	save	x3
	ands	w4, w0, w1, lsl #31
	saveflags
	save	x4
	bics	w5, w0, w1
	saveflags
	save	x5
	tst	x0, x1
	saveflags
	tst	w0, w1, lsr #1
	saveflags
	mvn	x6, x0
	mvn	w7, w1, ror #5
	save	x6
	save	x7
	mov	x8, x1
	mov	w9, w1
	save	x8
	save	x9
	.endm

	.irp	a, 0, 0xffffffffffffffff, 0x8000000000000000, 0x5555aaaa0f0f3333, 0x80000000
	.irp	b, 0, 0xffffffffffffffff, 0x7fffffff80000001, 0xf0f0f0f0f0f0f0f0
	logic_pair \a, \b
	.endr
	.endr

	/* Logical immediates of every element size. */
	ldr	x0, =0x0123456789abcdef
	.irp	imm, 0x5555555555555555, 0x3333333333333333, 0x0f0f0f0f0f0f0f0f, 0x00ff00ff00ff00ff, 0x0000ffff0000ffff, 0x00000000ffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0xfffffffffffffffe, 0x1, 0xc000000000000001, 0x0ff00ff00ff00ff0
	and	x1, x0, #\imm
	orr	x2, x0, #\imm
	eor	x3, x0, #\imm
	ands	x4, x0, #\imm
	save	x1
	save	x2
	save	x3
	save	x4
	saveflags
	.endr
	.irp	imm, 0x55555555, 0x33333333, 0x0f0f0f0f, 0x00ff00ff, 0x0000ffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0x1, 0xc0000001
	and	w1, w0, #\imm
	orr	w2, w0, #\imm
	eor	w3, w0, #\imm
	ands	w4, w0, #\imm
	save	x1
	save	x2
	save	x3
	save	x4
	saveflags
	tst	w0, #\imm
	saveflags
	.endr
	mov	x5, #0x5555555555555555
	mov	w6, #0xff00ff00
	save	x5
	save	x6
	mov	x9, sp
	orr	sp, xzr, #0x40000000
	mov	x7, sp
	save	x7
	and	sp, x0, #0xfffffffffffffff0
	mov	x8, sp
	save	x8
	mov	sp, x9
