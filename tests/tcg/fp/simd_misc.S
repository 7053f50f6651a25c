/* AdvSIMD two-register misc (integer) and across lanes, edge operands. */
#include "fp/macros.inc"
	vinit
	.irp	n, 0, 4, 5, 6
	.irp	t, 8b, 16b, 4h, 8h, 2s, 4s
	.irp	op, cls, clz, sqabs, sqneg, abs, neg, cmgt, cmeq, cmlt, cmge, cmle, suqadd, usqadd
	.ifc	\op, cmgt
	cmgt	v16.\t, v\n\().\t, #0
	.else
	.ifc	\op, cmeq
	cmeq	v16.\t, v\n\().\t, #0
	.else
	.ifc	\op, cmlt
	cmlt	v16.\t, v\n\().\t, #0
	.else
	.ifc	\op, cmge
	cmge	v16.\t, v\n\().\t, #0
	.else
	.ifc	\op, cmle
	cmle	v16.\t, v\n\().\t, #0
	.else
	vop2	\op, \t, \n
	.endif
	.endif
	.endif
	.endif
	.endif
	saveq	q16
	.endr
	.endr
	.irp	t, 8b, 16b
	vop2	cnt, \t, \n
	vop2	not, \t, \n
	vop2	rbit, \t, \n
	vop2	rev16, \t, \n
	vop2	rev32, \t, \n
	vop2	rev64, \t, \n
	.endr
	.irp	t, 4h, 8h
	vop2	rev32, \t, \n
	vop2	rev64, \t, \n
	.endr
	vop2	rev64, 2s, \n
	vop2	rev64, 4s, \n
	.irp	t, 4h, 8h, 2s, 4s, 1d, 2d
	.endr
	saddlp	v16.4h, v\n\().8b
	uaddlp	v17.8h, v\n\().16b
	sadalp	v18.2s, v\n\().4h
	uadalp	v19.4s, v\n\().8h
	saddlp	v20.1d, v\n\().2s
	uadalp	v21.2d, v\n\().4s
	xtn	v22.8b, v\n\().8h
	xtn2	v22.16b, v0.8h
	sqxtn	v23.4h, v\n\().4s
	uqxtn2	v23.8h, v4.4s
	sqxtun	v24.2s, v\n\().2d
	sqxtun2	v24.4s, v5.2d
	shll	v25.8h, v\n\().8b, #8
	shll2	v26.4s, v\n\().8h, #16
	shll2	v27.2d, v\n\().4s, #32
	.irp	r, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27
	saveq	q\r
	.endr
	savefpsr
	addv	b16, v\n\().16b
	addv	h17, v\n\().4h
	addv	s18, v\n\().4s
	saddlv	h19, v\n\().8b
	uaddlv	s20, v\n\().8h
	saddlv	d21, v\n\().4s
	umaxv	b22, v\n\().8b
	smaxv	h23, v\n\().8h
	uminv	s24, v\n\().4s
	sminv	b25, v\n\().16b
	umaxv	h26, v\n\().4h
	sminv	s27, v\n\().4s
	.irp	r, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27
	saveq	q\r
	.endr
	.endr
	/* scalar forms */
	.irp	n, 4, 5, 6
	abs	d16, d\n
	neg	d17, d\n
	sqabs	b18, b\n
	sqneg	h19, h\n
	cmgt	d20, d\n, #0
	cmle	d21, d\n, #0
	sqxtn	b22, h\n
	uqxtn	h23, s\n
	sqxtun	s24, d\n
	suqadd	b25, b\n
	usqadd	s26, s\n
	addp	d27, v\n\().2d
	.irp	r, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27
	saveq	q\r
	.endr
	savefpsr
	.endr
