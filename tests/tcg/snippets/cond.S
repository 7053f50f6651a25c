/*
 * Every condition code under every NZCV value: CSEL, CSINC, CSINV,
 * CSNEG, CSET, CCMP, CCMN (register and immediate).
 */
	ldr	x0, =0x1111222233334444
	ldr	x1, =0x8000000000000000
	mov	x20, #0
1:
	lsl	x21, x20, #28
	.irp	c, eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le, al, nv
	msr	nzcv, x21
	csel	x2, x0, x1, \c
	csinc	x3, x0, x1, \c
	csinv	w4, w0, w1, \c
	csneg	x5, x0, x1, \c
	save	x2
	save	x3
	save	x4
	save	x5
	msr	nzcv, x21
	ccmp	x0, x1, #0x5, \c
	saveflags
	msr	nzcv, x21
	ccmn	w0, #31, #0xa, \c
	saveflags
	msr	nzcv, x21
	ccmp	x1, #0, #0x0, \c
	saveflags
	msr	nzcv, x21
	ccmn	x1, x1, #0xf, \c
	saveflags
	.endr
	.irp	c, eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le
	msr	nzcv, x21
	cset	x6, \c
	csetm	w7, \c
	cinc	x8, x0, \c
	save	x6
	save	x7
	save	x8
	.endr
	add	x20, x20, #1
	cmp	x20, #16
	b.lo	1b
