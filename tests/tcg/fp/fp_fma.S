/* FMADD/FMSUB/FNMADD/FNMSUB and FSQRT: NaN order, Inf*0 + qNaN, modes. */
#include "fp/macros.inc"
#define DV 0x3ff0000000000001, 0xbff0000000000000, 0x0, 0x7ff0000000000000, \
	0x7ff8000000000001, 0x7ff4000000000002, 0x0010000000000000, 0x3cb0000000000000
#define SV 0x3f800001, 0xbf800000, 0x80000000, 0xff800000, 0x7fc00001, \
	0x7fa00002, 0x00800000, 0x33800000
	.irp	fpcr, 0x0, 0x1c00000
	setfpcr	\fpcr
	.irp	op, fmadd, fmsub, fnmadd, fnmsub
	.irp	a, DV
	.irp	b, DV
	fop3	\op, d, \a, \b, 0x3ff8000000000000
	fop3	\op, d, 0x7ff0000000000000, \a, \b
	fop3	\op, d, \a, 0x7ff8000000000777, \b
	.endr
	.endr
	pool
	.endr
	.irp	a, SV
	.irp	b, SV
	fop3	fmadd, s, \a, \b, 0x3f000000
	fop3	fnmsub, s, \a, \b, 0x7fc00055
	.endr
	.endr
	pool
	.irp	a, DV
	fop1	fsqrt, d, \a
	.endr
	.irp	a, SV
	fop1	fsqrt, s, \a
	.endr
	fop1	fsqrt, d, 0x4000000000000000
	fop1	fsqrt, s, 0x40000000
	fop1	fsqrt, d, 0x000fffffffffffff
	pool
	.endr
