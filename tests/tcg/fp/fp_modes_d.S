/*
 * Double precision: FPCR rounding modes, FZ and DN on arithmetic: results that round
 * differently, underflow to (and just above) the smallest normal,
 * overflow, and denormal operands flushed under FZ.
 */
#include "fp/macros.inc"
#define DV 0x3ff0000000000001, 0xbcb0000000000000, 0x0010000000000001, \
	0x3fefffffffffffff, 0x7fefffffffffffff, 0x000fffffffffffff, \
	0x800ffffffffffff0, 0x7ff4000000000001, 0x3fd5555555555555
#define SV 0x3f800001, 0xb3800000, 0x00800001, 0x3f7ffffe, 0x7f7fffff, \
	0x007fffff, 0x807ffff0, 0x7fa00001, 0x3eaaaaab
	.irp	fpcr, 0x0, 0x400000, 0x800000, 0xc00000, 0x1000000, 0x2000000, 0x1c00000
	setfpcr	\fpcr
	.irp	op, fadd, fmul, fdiv
	.irp	a, DV
	.irp	b, DV
	fop2	\op, d, \a, \b
	.endr
	.endr
	pool
	.endr
	.endr
