/*
 * CMP (register and immediate, 32 and 64 bits) directly followed by
 * B.cond, every condition, on edge values: the translator runs such a
 * pair as one fused handler, so both the branch outcome and the flags
 * it leaves are recorded.
 */
	.macro	cmpbr_one cmpinsn, c
	mov	x2, #1
	\cmpinsn
	b.\c	1f
	mov	x2, #2
1:	save	x2
	saveflags
	.endm

	.macro	cmpbr_all cmpinsn
	.irp	c, eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le, al
	cmpbr_one "\cmpinsn", \c
	.endr
	.endm

	.irp	a, 0, 1, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x80000000, 0xffffffff
	.irp	b, 0, 1, 0x8000000000000000, 0xffffffffffffffff, 0x7fffffff, 0x80000000
	ldr	x0, =\a
	ldr	x1, =\b
	cmpbr_all "cmp x0, x1"
	cmpbr_all "cmp w0, w1"
	.endr
	cmpbr_all "cmp x0, #0"
	cmpbr_all "cmp x0, #1"
	cmpbr_all "cmp w0, #4095"
	cmpbr_all "cmp x0, #1, lsl #12"
	.endr
