/*
 * Half precision conversions with AHP and DN, FZ on FCVT, FRINT* and
 * FMOV (immediate) in single precision, scalar three same.
 */
#include "fp/macros.inc"
#define DV 0x0, 0x3ff0000000000000, 0x40effc0000000000, 0x40f0000000000000, \
	0xc0fffe0000000000, 0x3e70000000000000, 0x3e60000000000000, \
	0x380fffffe0000000, 0x7ff0000000000000, 0x7ff4000000000123, \
	0xfff8000000000456, 0x3810000000000000, 0x000fffffffffffff, \
	0x36a0000000000000, 0x3ef0000000000001
#define SV 0x0, 0x3fc00000, 0xbf400000, 0x4b7fffff, 0xcb000001, 0x3f000001, \
	0x7f800000, 0x7fa00001, 0x00000001, 0x4effffff, 0x40100000, 0xc0300000
	.irp	fpcr, 0x0, 0x4000000, 0x2000000, 0x1000000, 0x5c00000, 0x6400000
	setfpcr	\fpcr
	.irp	a, DV
	cvt_ds	\a
	.endr
	pool
	.irp	a, SV
	.irp	op, frintn, frinta, frintp, frintm, frintx, frintz, frinti, fabs, fneg, fsqrt
	fop1	\op, s, \a
	.endr
	pool
	.endr
	.irp	h, 0x7c00, 0x7e01, 0x7d01, 0xfbff, 0x0001, 0x83ff, 0x3c01, 0xffff
	ldr	x0, =\h
	fmov	s0, w0
	fcvt	s1, h0
	fcvt	d2, h0
	fmov	x1, d1
	save	x1
	fmov	x1, d2
	save	x1
	savefpsr
	.endr
	.endr
	fmov	d16, #-2.5
	fmov	s17, #0.1875
	fmov	d18, #31.0
	fmov	s19, #-1.0
	saveq	q16
	saveq	q17
	saveq	q18
	saveq	q19
	vinit
	.irp	op, sqadd, uqadd, sqsub, uqsub
	\op	b16, b4, b5
	\op	h17, h4, h6
	\op	s18, s5, s4
	\op	d19, d4, d5
	saveq	q16
	saveq	q17
	saveq	q18
	saveq	q19
	savefpsr
	.endr
	.irp	op, cmgt, cmhi, cmge, cmhs, cmtst, cmeq, add, sub, sshl, ushl
	\op	d16, d4, d5
	\op	d17, d6, d4
	saveq	q16
	saveq	q17
	.endr
	/* XZR/WZR as source and destination of the FP/SIMD <-> general moves */
	fmov	xzr, d4
	umov	wzr, v4.s[1]
	smov	xzr, v4.h[3]
	fcvtzs	xzr, d4
	dup	v20.4s, wzr
	mov	v21.16b, v4.16b
	ins	v21.s[1], wzr
	scvtf	d22, xzr
	ucvtf	s23, wzr, #5
	fmov	d24, xzr
	fmov	v25.d[1], xzr
	.irp	r, 20, 21, 22, 23, 24, 25
	saveq	q\r
	.endr
	savefpsr
