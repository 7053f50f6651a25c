/* Single precision FADD/FSUB/FMUL/FDIV/FMAXNM over edge values. */
#include "fp/macros.inc"
#define SVALS 0x0, 0x80000000, 0x3f800000, 0xbfc00000, 0x3eaaaaab, 0x7f7fffff, \
	0x00800000, 0x007fffff, 0x80000001, 0x7f800000, 0xff800000, 0x7fc00123, \
	0x7fa00456, 0xffc00789, 0x4b800001, 0x33800000
	.irp	op, fadd, fsub, fmul, fdiv, fmaxnm
	.irp	a, SVALS
	.irp	b, SVALS
	fop2	\op, s, \a, \b
	.endr
	.endr
	pool
	.endr
