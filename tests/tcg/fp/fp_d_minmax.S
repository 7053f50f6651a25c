/* Double precision FMAX/FMIN/FMAXNM/FMINNM/FNMUL over special values. */
#include "fp/macros.inc"
#define DVALS 0x0, 0x8000000000000000, 0x3ff0000000000000, 0xbff8000000000000, \
	0x7fefffffffffffff, 0x000fffffffffffff, 0x8000000000000001, \
	0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000123, \
	0x7ff4000000000456, 0xfff8000000000789, 0x0010000000000000
	.irp	op, fmax, fmin, fmaxnm, fminnm, fnmul
	.irp	a, DVALS
	.irp	b, DVALS
	fop2	\op, d, \a, \b
	.endr
	.endr
	pool
	.endr
