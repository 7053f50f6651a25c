/*
 * AdvSIMD moves the kernel and glibc's string functions use: FMOV
 * (general), INS/UMOV/SMOV, DUP, MOVI/MVNI, ORR/BIC (immediate).
 * Vector results are stored to the data region with "saveq".
 */
	.macro	saveq reg
	str	\reg, [x27], #16
	.endm

	fmov	d0, x1
	fmov	s1, w2
	fmov	v2.d[1], x3
	fmov	x4, d0
	fmov	w5, s1
	fmov	x6, v2.d[1]
	ins	v3.d[0], x7
	ins	v3.s[2], w8
	ins	v3.h[6], w9
	ins	v3.b[15], w10
	mov	v4.16b, v3.16b
	ins	v4.b[1], v3.b[14]
	ins	v4.h[2], v3.h[5]
	ins	v4.s[3], v3.s[0]
	ins	v4.d[0], v3.d[1]
	umov	w11, v4.b[3]
	umov	w12, v4.h[7]
	umov	w13, v4.s[1]
	umov	x14, v4.d[1]
	smov	w15, v4.b[15]
	smov	x16, v4.h[6]
	smov	x17, v4.s[3]
	smov	x18, v4.b[0]
	dup	v5.16b, w19
	dup	v6.8h, w20
	dup	v7.4s, w21
	dup	v8.2d, x22
	dup	v9.8b, v4.b[9]
	dup	v10.4h, v4.h[3]
	dup	v11.2s, v4.s[2]
	dup	v12.2d, v4.d[1]
	dup	b13, v4.b[7]
	dup	s14, v4.s[3]
	movi	v15.16b, #0xa5
	movi	v16.8h, #0x12, lsl #8
	movi	v17.4s, #0x34, lsl #24
	movi	v18.2s, #0x56, msl #16
	movi	d19, #0xff00ff0000ffff00
	movi	v20.2d, #0x00ffff00ff0000ff
	mvni	v21.4s, #0x78, lsl #8
	mvni	v22.4h, #0x9a
	mvni	v23.2s, #0xbc, msl #8
	mov	v24.16b, v4.16b
	orr	v24.4s, #0x11, lsl #16
	mov	v25.16b, v4.16b
	bic	v25.8h, #0xf0
	mov	v26.16b, v4.16b
	bic	v26.2s, #0xff, lsl #24
	fmov	v27.4s, #1.5
	fmov	v28.2d, #-0.125
	fmov	v29.2s, #31.0
	saveq	q4
