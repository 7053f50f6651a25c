/* MOVZ, MOVN, MOVK at every shift, 32 and 64 bits. */
	.irp	hw, 0, 16, 32, 48
	movz	x0, #0xbeef, lsl #\hw
	movn	x1, #0xbeef, lsl #\hw
	mov	x2, x1
	movk	x2, #0x1234, lsl #\hw
	save	x0
	save	x1
	save	x2
	.endr
	.irp	hw, 0, 16
	movz	w3, #0x8001, lsl #\hw
	movn	w4, #0x8001, lsl #\hw
	movn	w5, #0xffff, lsl #\hw
	ldr	x6, =0xffffffffffffffff
	movk	w6, #0x4321, lsl #\hw
	save	x3
	save	x4
	save	x5
	save	x6
	.endr
	movn	x7, #0
	movn	w8, #0
	movz	x9, #0
	save	x7
	save	x8
	save	x9
	mov	x10, #-2
	mov	w11, #-2
	save	x10
	save	x11
