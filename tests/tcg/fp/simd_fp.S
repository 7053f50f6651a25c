/*
 * AdvSIMD floating point: three same, pairwise, compares, misc
 * (rounding, conversions, estimates), reductions, by element, and the
 * scalar compare/select group.
 */
#include "fp/macros.inc"
	vpair	0, 0x3f80000000000000, 0x7fc00001ff800000
	vpair	1, 0xbfc000007f7fffff, 0x7fa0000200800000
	vpair	2, 0x3ff0000000000001, 0x7ff4000000000001
	vpair	3, 0xfff0000000000000, 0x8000000000000000
	vpair	4, 0x40490fdbc2c80000, 0x4effffff00000001
	vpair	5, 0x0000000080000000, 0xc0000000447a0000
	vpair	6, 0x43e0000000000000, 0xc1e0000000200000
	vpair	7, 0x3fe0000000000000, 0x0000000000000001
	.macro	blk1 n
	fcmgt	v16.4s, v\n\().4s, #0.0
	fcmeq	v17.4s, v\n\().4s, #0.0
	fcmlt	v18.4s, v\n\().4s, #0.0
	fcmge	v19.4s, v\n\().4s, #0.0
	fcmle	v20.4s, v\n\().4s, #0.0
	fmaxv	s21, v\n\().4s
	fminv	s22, v\n\().4s
	fmaxnmv	s23, v\n\().4s
	fminnmv	s24, v\n\().4s
	faddp	s25, v\n\().2s
	fmaxp	d26, v\n\().2d
	fminnmp	d27, v\n\().2d
	fcvtl	v28.2d, v\n\().2s
	fcvtl2	v29.4s, v\n\().8h
	.irp	r, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29
	saveq	q\r
	.endr
	savefpsr
	.endm
	.macro	blk2 n
	mov	v16.16b, v0.16b
	fcvtn	v16.2s, v\n\().2d
	fcvtn2	v16.4s, v\n\().2d
	fcvtxn	v17.2s, v\n\().2d
	fcvtxn	s18, d\n
	fcvtn	v19.4h, v4.4s
	fcvtn2	v19.8h, v1.4s
	frecpe	d20, d\n
	frsqrte	d21, d\n
	frecpx	d22, d\n
	frecpx	s23, s\n
	fmul	v24.2d, v\n\().2d, v4.d[1]
	fmla	v25.4s, v\n\().4s, v0.s[3]
	fmls	v26.2s, v\n\().2s, v1.s[1]
	fmulx	d27, d\n, v2.d[1]
	fcmgt	d28, d\n, #0.0
	facgt	s29, s\n, s1
	.irp	r, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29
	saveq	q\r
	.endr
	savefpsr
	.endm
	.macro	blk3 n
	scvtf	v16.4s, v\n\().4s, #1
	ucvtf	v17.2d, v\n\().2d, #64
	fcvtzs	v18.4s, v\n\().4s, #32
	fcvtzu	v19.2d, v\n\().2d, #3
	scvtf	s20, s\n, #16
	fcvtzu	d21, d\n, #60
	fcvtzs	s22, s\n
	ucvtf	d23, d\n
	.irp	r, 16, 17, 18, 19, 20, 21, 22, 23
	saveq	q\r
	.endr
	savefpsr
	.endm
	.macro	blk4 a
	.irp	b, 1, 3, 7
	fcmp	d\a, d\b
	saveflags
	fcmpe	s\a, s\b
	saveflags
	fcmp	d\a, #0.0
	saveflags
	fcmpe	s\a, #0.0
	saveflags
	setflags 0x6
	fccmp	d\a, d\b, #0x3, eq
	saveflags
	fccmpe	s\a, s\b, #0x9, ne
	saveflags
	fcsel	d16, d\a, d\b, lt
	fcsel	s17, s\a, s\b, ge
	saveq	q16
	saveq	q17
	savefpsr
	.endr
	.endm
	.macro	fpall fpcr
	setfpcr	\fpcr
	.irp	op, fadd, fsub, fmul, fdiv, fmax, fmin, fmaxnm, fminnm, fmulx, fabd, fmla, fmls, fcmeq, fcmge, fcmgt, facge, facgt, frecps, frsqrts, faddp, fmaxp, fminp, fmaxnmp, fminnmp
	vop3	\op, 4s, 0, 1
	vop3	\op, 2s, 4, 5
	vop3	\op, 2d, 2, 3
	vop3	\op, 2d, 6, 7
	.endr
	b	1f
	.ltorg
1:
	.irp	op, frintn, frinta, frintp, frintm, frintx, frintz, frinti, fcvtns, fcvtnu, fcvtps, fcvtpu, fcvtms, fcvtmu, fcvtzs, fcvtzu, fcvtas, fcvtau, scvtf, ucvtf, fabs, fneg, fsqrt, frecpe, frsqrte
	vop2	\op, 4s, 0
	vop2	\op, 4s, 1
	vop2	\op, 2s, 4
	vop2	\op, 4s, 5
	vop2	\op, 2d, 2
	vop2	\op, 2d, 6
	.endr
	vop2	urecpe, 4s, 4
	vop2	ursqrte, 4s, 4
	vop2	urecpe, 2s, 6
	vop2	ursqrte, 4s, 1
	blk1	0
	blk1	1
	blk1	4
	blk1	5
	blk2	2
	blk2	3
	blk2	6
	blk2	7
	blk3	0
	blk3	4
	blk3	6
	blk4	0
	blk4	1
	blk4	2
	blk4	3
	.endm

	fpall	0x0
	fpall	0x1c00000
	fpall	0x2400000
