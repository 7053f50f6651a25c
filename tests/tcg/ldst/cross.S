/* Accesses that cross a 4 KiB page (on the stack: 0x4011f000). */
	sub	x0, sp, #0x1000
	movz	x1, #0x7788
	movk	x1, #0x5566, lsl #16
	movk	x1, #0x3344, lsl #32
	movk	x1, #0x1122, lsl #48
	str	x1, [x0, #-3]
	ldr	x2, [x0, #-3]
	ldr	w3, [x0, #-2]
	ldrh	w4, [x0, #-1]
	ldur	x5, [x0, #-7]
	ldur	x6, [x0, #-1]
	str	w1, [x0, #-1]
	ldr	x7, [x0, #-4]
	stp	x1, x2, [x0, #-8]
	ldp	x8, x9, [x0, #-8]
	sub	x3, x0, #12
	stp	x2, x1, [x3]
	ldp	x10, x11, [x3]
	sub	x3, x0, #6
	ldp	w12, w13, [x3]
	ldr	q0, [x0, #-9]
	str	q0, [x0, #-1]
	ldr	q1, [x0, #-1]
	sub	x3, x0, #24
	ldp	q2, q3, [x3]
	sub	x3, x0, #20
	stp	q1, q0, [x3]
	ldp	q4, q5, [x3]
	ldr	d6, [x0, #-5]
	/* data region reads that run into the next page */
	add	x3, x27, #4092
	ldr	x14, [x3]
	ldur	x15, [x3, #3]
	add	x4, x27, #4088
	ldp	x16, x17, [x4]
	/* a pair at the data region's top */
	stp	x1, x2, [x4, #-8]
	/* The stack (0x40110000..0x40120000) must exist under qemu-aarch64 too. */
	.pushsection .bss
	.skip	0x10000
	.popsection
