/* Double precision FADD/FSUB/FMUL/FDIV over special and edge values. */
#include "fp/macros.inc"
#define DVALS 0x0, 0x8000000000000000, 0x3ff0000000000000, 0xbff8000000000000, \
	0x3fd5555555555555, 0x7fefffffffffffff, 0x0010000000000000, \
	0x000fffffffffffff, 0x8000000000000001, 0x7ff0000000000000, \
	0xfff0000000000000, 0x7ff8000000000123, 0x7ff4000000000456, \
	0xfff8000000000789, 0x4340000000000001, 0x3ca0000000000000
	.irp	op, fadd, fsub, fmul, fdiv
	.irp	a, DVALS
	.irp	b, DVALS
	fop2	\op, d, \a, \b
	.endr
	.endr
	pool
	.endr
