/* AdvSIMD three same (integer) in every arrangement, edge operands. */
#include "fp/macros.inc"
	vinit
	.irp	op, shadd, uhadd, srhadd, urhadd, shsub, uhsub, smax, umax, smin, umin, sabd, uabd, saba, uaba, mla, mls, mul, smaxp, umaxp, sminp, uminp
	.irp	t, 8b, 16b, 4h, 8h, 2s, 4s
	vop3	\op, \t, 0, 1
	vop3	\op, \t, 4, 5
	vop3	\op, \t, 6, 2
	.endr
	.endr
	.irp	op, sqadd, uqadd, sqsub, uqsub, cmgt, cmhi, cmge, cmhs, cmtst, cmeq, sshl, ushl, sqshl, uqshl, srshl, urshl, sqrshl, uqrshl, add, sub, addp
	.irp	t, 8b, 16b, 4h, 8h, 2s, 4s, 2d
	vop3	\op, \t, 0, 1
	vop3	\op, \t, 4, 5
	vop3	\op, \t, 5, 6
	vop3	\op, \t, 7, 6
	.endr
	.endr
	.irp	op, sqdmulh, sqrdmulh
	.irp	t, 4h, 8h, 2s, 4s
	vop3	\op, \t, 0, 1
	vop3	\op, \t, 4, 5
	vop3	\op, \t, 4, 4
	.endr
	.endr
	.irp	op, and, bic, orr, orn, eor, bsl, bit, bif
	vop3	\op, 16b, 0, 1
	vop3	\op, 8b, 4, 6
	.endr
	vop3	pmul, 16b, 0, 6
	vop3	pmul, 8b, 4, 1
