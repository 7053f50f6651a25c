/* LSLV/LSRV/ASRV/RORV: the amount is taken modulo the data size. */
	.irp	val, 0x8000000000000001, 0xfedcba9876543210, 0x00000000ffffffff
	ldr	x0, =\val
	.irp	amt, 0, 1, 31, 32, 33, 63, 64, 65, 0xffffffffffffffff, 0x100000001f
	ldr	x1, =\amt
	lsl	x2, x0, x1
	lsr	x3, x0, x1
	asr	x4, x0, x1
	ror	x5, x0, x1
	lsl	w6, w0, w1
	lsr	w7, w0, w1
	asr	w8, w0, w1
	ror	w9, w0, w1
	save	x2
	save	x3
	save	x4
	save	x5
	save	x6
	save	x7
	save	x8
	save	x9
	.endr
	.endr
