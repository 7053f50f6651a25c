/*
 * ADD/ADDS/SUB/SUBS (immediate, shifted and extended register), CMP,
 * CMN, NEG, ADC/ADCS/SBC/SBCS on edge values, 32 and 64 bits.
 */
	.macro	addsub_pair a, b
	ldr	x0, =\a
	ldr	x1, =\b
	adds	x2, x0, x1
	save	x2
	saveflags
	subs	x2, x0, x1
	save	x2
	saveflags
	adds	w2, w0, w1
	save	x2
	saveflags
	subs	w2, w0, w1
	save	x2
	saveflags
	cmn	x0, x1
	saveflags
	cmp	w0, w1
	saveflags
	setflags 2
	adcs	x2, x0, x1
	save	x2
	saveflags
	setflags 0
	adcs	w2, w0, w1
	save	x2
	saveflags
	setflags 2
	sbcs	x2, x0, x1
	save	x2
	saveflags
	setflags 0
	sbcs	w2, w0, w1
	save	x2
	saveflags
	adc	x3, x0, x1
	sbc	w4, w0, w1
	save	x3
	save	x4
	neg	x5, x1
	negs	w6, w0
	save	x5
	save	x6
	saveflags
	.endm

	.irp	a, 0, 1, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x123456789abcdef0
	.irp	b, 0, 1, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x7fffffff, 0x80000000, 0xffffffff
	addsub_pair \a, \b
	.endr
	.endr

	/* Immediates, shifted by 12, and SP as operand and destination. */
	ldr	x0, =0xfffffffffffff000
	add	x1, x0, #0xfff
	adds	x2, x0, #0x1, lsl #12
	save	x1
	save	x2
	saveflags
	subs	w3, w0, #0xfff, lsl #12
	save	x3
	saveflags
	cmp	x0, #4095
	saveflags
	cmn	w0, #1
	saveflags
	mov	x9, sp
	sub	sp, sp, #0x40
	add	x10, sp, #0x10
	save	x10
	mov	x11, sp
	save	x11
	add	sp, x9, #0
	adds	x12, sp, #0
	save	x12
	saveflags

	/* Shifted register operands: LSL/LSR/ASR by 0, 1, 31/63. */
	ldr	x0, =0x8000000000000001
	ldr	x1, =0xc000000000000003
	add	x2, x0, x1, lsl #1
	sub	x3, x0, x1, lsr #63
	adds	x4, x0, x1, asr #63
	save	x2
	save	x3
	save	x4
	saveflags
	add	w5, w0, w1, lsl #31
	subs	w6, w0, w1, asr #31
	save	x5
	save	x6
	saveflags
	cmp	x1, x0, asr #1
	saveflags

	/* Extended register operands, every option, shifts 0..4, SP. */
	ldr	x0, =0x1122334455667788
	ldr	x1, =0xfedcba9887654321
	.irp	ext, uxtb, uxth, uxtw, sxtb, sxth, sxtw
	.irp	sh, 0, 1, 4
	add	x2, x0, w1, \ext #\sh
	save	x2
	subs	x3, x0, w1, \ext #\sh
	save	x3
	saveflags
	add	w4, w0, w1, \ext #\sh
	save	x4
	.endr
	.endr
	add	x2, x0, x1, uxtx #2
	sub	x3, x0, x1, sxtx #3
	save	x2
	save	x3
	mov	x9, sp
	add	sp, sp, w1, uxtb
	mov	x10, sp
	save	x10
	add	x11, sp, x1, lsl #0
	save	x11
	mov	sp, x9
	cmp	sp, x0
	saveflags

	/* ADD/SUB with LSL (address arithmetic), amounts 1..63. */
	ldr	x0, =0x0123456789abcdef
	ldr	x1, =0xfedcba9876543211
	.irp	sh, 1, 3, 12, 31, 32, 63
	add	x2, x0, x1, lsl #\sh
	sub	x3, x0, x1, lsl #\sh
	save	x2
	save	x3
	.endr
