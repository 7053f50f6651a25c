/* CLZ, CLS, RBIT, REV, REV16, REV32 on edge patterns, 32 and 64 bits. */
	.irp	val, 0, 1, 0x8000000000000000, 0xffffffffffffffff, 0x7fffffffffffffff, 0x00000000ffffffff, 0x0000000080000000, 0x4000000000000000, 0xc0ffee0012345678, 0x00000000c0000000, 0x000000003fffffff
	ldr	x0, =\val
	clz	x1, x0
	cls	x2, x0
	clz	w3, w0
	cls	w4, w0
	rbit	x5, x0
	rbit	w6, w0
	rev	x7, x0
	rev	w8, w0
	rev16	x9, x0
	rev16	w10, w0
	rev32	x11, x0
	save	x1
	save	x2
	save	x3
	save	x4
	save	x5
	save	x6
	save	x7
	save	x8
	save	x9
	save	x10
	save	x11
	.endr
