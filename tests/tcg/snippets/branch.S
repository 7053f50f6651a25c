/*
 * B.cond under every NZCV, CBZ/CBNZ, TBZ/TBNZ on bits 0/31/32/63,
 * BL/BLR/BR/RET, ADR/ADRP. Each taken/not-taken outcome is recorded.
 */
	mov	x20, #0
1:
	lsl	x21, x20, #28
	.irp	c, eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le, al, nv
	msr	nzcv, x21
	mov	x2, #1
	b.\c	2f
	mov	x2, #2
2:	save	x2
	.endr
	add	x20, x20, #1
	cmp	x20, #16
	b.lo	1b

	.irp	val, 0, 1, 0x80000000, 0x100000000, 0x8000000000000000, 0xffffffff00000000
	ldr	x0, =\val
	mov	x2, #0
	cbz	x0, 3f
	orr	x2, x2, #1
3:	cbnz	x0, 4f
	orr	x2, x2, #2
4:	cbz	w0, 5f
	orr	x2, x2, #4
5:	cbnz	w0, 6f
	orr	x2, x2, #8
6:	tbz	x0, #0, 7f
	orr	x2, x2, #16
7:	tbnz	x0, #31, 8f
	orr	x2, x2, #32
8:	tbz	x0, #32, 9f
	orr	x2, x2, #64
9:	tbnz	x0, #63, 10f
	orr	x2, x2, #128
10:	save	x2
	.endr

	/* Calls and returns; link registers are addresses: same on both sides. */
	bl	20f
	save	x30
	adr	x3, 21f
	blr	x3
	save	x30
	adr	x4, 22f
	br	x4
	mov	x5, #99		/* skipped */
22:	save	x5
	adr	x6, .
	adrp	x7, .
	adr	x8, 22b
	save	x6
	save	x7
	save	x8
	adrp	x9, test_data
	save	x9
	mov	x10, x30
	adr	x30, 23f
	blr	x30		/* target read before the link write */
23:	sub	x11, x30, x10
	save	x11
	b	24f

20:	mov	x12, #20
	save	x12
	ret
21:	mov	x13, #21
	save	x13
	ret	x30
24:
