/* LDR/STR of every size, signed loads, every addressing mode. */
	mov	x26, x27
	ldrb	w0, [x27]
	ldrb	w1, [x27, #4095]
	ldrsb	w2, [x27, #200]
	ldrsb	x3, [x27, #201]
	ldrh	w4, [x27, #2]
	ldrsh	w5, [x27, #98]
	ldrsh	x6, [x27, #4094]
	ldr	w7, [x27, #4]
	ldrsw	x8, [x27, #16380 & 4092]
	ldr	x9, [x27, #4088]
	/* unscaled, also unaligned */
	ldur	x10, [x27, #1]
	ldur	w11, [x27, #255]
	ldursh	x12, [x27, #3]
	ldursb	w13, [x27, #-0]
	ldurh	w14, [x27, #7]
	add	x26, x27, #512
	ldur	x15, [x26, #-256]
	ldursw	x16, [x26, #-3]
	/* pre/post-index writeback */
	mov	x17, x27
	ldr	x18, [x17, #24]!
	ldrb	w19, [x17], #-5
	ldrsh	x20, [x17, #-1]!
	ldr	w21, [x17], #255
	/* register offset, every extend */
	mov	x22, #13
	ldrb	w23, [x27, x22]
	ldrb	w24, [x27, w22, uxtw]
	mov	w22, #-2
	ldrsb	x25, [x26, w22, sxtw]
	ldrh	w28, [x26, w22, sxtw #1]
	mov	x22, #5
	ldr	x29, [x27, x22, lsl #3]
	ldr	w30, [x27, x22, lsl #2]
	mov	x22, #-7
	ldrsw	x0, [x26, x22, sxtx #2]
	ldr	x1, [x26, x22, sxtx]
	/* stores */
	str	x9, [x27, #64]
	str	w7, [x27, #72]
	strh	w4, [x27, #76]
	strb	w2, [x27, #78]
	stur	x10, [x27, #81]
	sturh	w11, [x27, #91]
	mov	x2, x27
	str	x3, [x2, #96]!
	strb	w3, [x2], #3
	strh	w6, [x2, #1]!
	mov	x22, #120
	str	x8, [x27, x22]
	mov	w22, #17
	str	w8, [x27, w22, uxtw #2]
	str	xzr, [x27, #136]
	strb	wzr, [x27, #150]
	/* literal loads and PRFM */
	ldr	x3, lit8
	ldr	w4, lit8
	ldrsw	x5, lit4
	prfm	pldl1keep, [x27]
	prfm	pstl2strm, [x27, x22]
	prfum	pldl1keep, [x27, #3]
	prfm	pldl1keep, lit8
	b	1f
	.balign	8
lit8:	.quad	0x8877665544332211
lit4:	.word	0x80000001
1:
	/* a load into xzr, a store from the base register */
	ldr	xzr, [x27, #8]
	str	x27, [x27, #160]
	mov	x22, x27
	str	x22, [x22, #8]
	sub	x22, x22, x27
