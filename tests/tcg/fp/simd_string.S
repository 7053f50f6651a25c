/*
 * The shape of glibc's AdvSIMD string loops (strlen, memchr, strchr):
 * byte compares, SHRN to a nibble mask, UMAXP/ADDP reductions, FMOV to
 * a general register, RBIT+CLZ for the position. The data region holds
 * bytes (i * 37 + 11) & 0xff: its first zero byte is at offset 145.
 */
#include "fp/macros.inc"
	mov	x20, x27
	/* strlen-like: 16 bytes at a time, nibble mask through SHRN */
	mov	x0, x20
1:	ldr	q0, [x0], #16
	cmeq	v1.16b, v0.16b, #0
	shrn	v2.8b, v1.8h, #4
	fmov	x1, d2
	cbz	x1, 1b
	rbit	x1, x1
	clz	x1, x1
	sub	x0, x0, #16
	add	x0, x0, x1, lsr #2
	sub	x2, x0, x20
	save	x2
	saveq	q1
	saveq	q2
	/* memchr-like for every value of the first 8 bytes, UMAXP test */
	.irp	c, 0x0b, 0x30, 0x55, 0x7a, 0x9f, 0xc4, 0xe9, 0x0e
	mov	w3, #\c
	dup	v3.16b, w3
	mov	x0, x20
2:	ldr	q0, [x0], #16
	cmeq	v4.16b, v0.16b, v3.16b
	umaxp	v5.16b, v4.16b, v4.16b
	fmov	x1, d5
	cbz	x1, 2b
	and	v6.16b, v4.16b, v3.16b
	addp	v7.16b, v4.16b, v4.16b
	addp	v7.16b, v7.16b, v7.16b
	shrn	v8.8b, v4.8h, #4
	fmov	x1, d8
	rbit	x1, x1
	clz	x1, x1
	sub	x0, x0, #16
	add	x0, x0, x1, lsr #2
	sub	x2, x0, x20
	save	x2
	saveq	q4
	saveq	q6
	saveq	q7
	.endr
	/* strchr-like: stop at the char or at NUL, with BIT/CMHS as glibc does */
	mov	w3, #0x55
	dup	v3.16b, w3
	movi	v9.16b, #0x80
	mov	x0, x20
3:	ldr	q0, [x0], #16
	cmeq	v4.16b, v0.16b, v3.16b
	cmhs	v5.16b, v4.16b, v0.16b
	bit	v4.16b, v9.16b, v5.16b
	uminp	v6.16b, v5.16b, v4.16b
	mvni	v7.4s, #0
	umaxp	v8.16b, v5.16b, v5.16b
	fmov	x1, d8
	cbz	x1, 3b
	sub	x2, x0, x20
	save	x2
	.irp	r, 4, 5, 6, 7, 8
	saveq	q\r
	.endr
