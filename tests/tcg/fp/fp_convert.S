/*
 * FP <-> integer and fixed point, every rounding mode, saturation and
 * NaN; FCVT between half, single and double (AHP, DN); FRINT*.
 */
#include "fp/macros.inc"
#define DV 0x0, 0x8000000000000000, 0x3fe0000000000000, 0xbfe0000000000000, \
	0x3ff8000000000000, 0xc004000000000000, 0x41dfffffffc00000, \
	0x41e0000000000000, 0xc1e0000000200000, 0x43e0000000000000, \
	0xc3e0000000000001, 0x7ff0000000000000, 0x7ff8000000000000, \
	0x7ff0000000000001, 0x3fefffffffffffff, 0x000fffffffffffff, \
	0x4330000000000001, 0x41f0000000000000
#define SV 0x0, 0x3f000000, 0xbf000000, 0x3fc00000, 0xc0200000, 0x4effffff, \
	0x4f000000, 0xcf000001, 0x5f000000, 0xdf000001, 0x7f800000, 0x7fc00000, \
	0x7f800001, 0x3f7fffff, 0x007fffff, 0x4b000001

	.macro	toint op, p, a
	ldr	x0, =\a
	fmov	d0, x0
	\op	x1, \p\()0
	\op	w2, \p\()0
	save	x1
	save	x2
	savefpsr
	.endm

	.macro	tofix op, p, a
	ldr	x0, =\a
	fmov	d0, x0
	\op	x1, \p\()0, #1
	\op	w2, \p\()0, #17
	\op	x3, \p\()0, #64
	save	x1
	save	x2
	save	x3
	savefpsr
	.endm

	.irp	op, fcvtns, fcvtnu, fcvtps, fcvtpu, fcvtms, fcvtmu, fcvtzs, fcvtzu, fcvtas, fcvtau
	.irp	a, DV
	toint	\op, d, \a
	.endr
	pool
	.irp	a, SV
	toint	\op, s, \a
	.endr
	pool
	.endr
	.irp	op, fcvtzs, fcvtzu
	.irp	a, DV
	tofix	\op, d, \a
	.endr
	.irp	a, SV
	tofix	\op, s, \a
	.endr
	pool
	.endr

	.macro	fromint x
	ldr	x0, =\x
	scvtf	d1, x0
	ucvtf	d2, x0
	scvtf	s3, x0
	ucvtf	s4, x0
	scvtf	d5, w0
	ucvtf	s6, w0
	scvtf	d7, x0, #3
	ucvtf	s8, w0, #32
	scvtf	s9, x0, #64
	fmov	x1, d1
	save	x1
	fmov	x1, d2
	save	x1
	fmov	x1, d3
	save	x1
	fmov	x1, d4
	save	x1
	fmov	x1, d5
	save	x1
	fmov	x1, d6
	save	x1
	fmov	x1, d7
	save	x1
	fmov	x1, d8
	save	x1
	fmov	x1, d9
	save	x1
	savefpsr
	.endm
#define IV 0x0, 0x1, 0xffffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000, \
	0x20000001, 0xffffffff80000001, 0x1000000000000801, 0x8000000000000400, \
	0x0000000100000001, 0x123456789abcdef1
	.irp	fpcr, 0x0, 0x400000, 0x800000, 0xc00000
	setfpcr	\fpcr
	.irp	x, IV
	fromint	\x
	.endr
	pool
	.irp	a, DV
	cvt_ds \a
	fop1	frintn, d, \a
	fop1	frinta, d, \a
	fop1	frintx, d, \a
	fop1	frinti, d, \a
	.endr
	pool
	.endr
