	.arch	armv8-a+crc
/* CRC32B/H/W/X and CRC32CB/CH/CW/CX on several data words. */
	ldr	x0, =0xffffffff
	.irp	val, 0, 0xffffffffffffffff, 0x0123456789abcdef, 0x80, 0x8000000000000000
	ldr	x1, =\val
	crc32b	w2, w0, w1
	crc32h	w3, w0, w1
	crc32w	w4, w0, w1
	crc32x	w5, w0, x1
	crc32cb	w6, w0, w1
	crc32ch	w7, w0, w1
	crc32cw	w8, w0, w1
	crc32cx	w9, w0, x1
	save	x2
	save	x3
	save	x4
	save	x5
	save	x6
	save	x7
	save	x8
	save	x9
	mov	w0, w9
	.endr
