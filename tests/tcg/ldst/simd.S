/* LD1-LD4/ST1-ST4 multiple and single structures, LD1R-LD4R. */
	movi	v31.16b, #0xee
	ld1	{v0.16b}, [x27]
	ld1	{v1.8b, v2.8b}, [x27]
	ld1	{v3.4h, v4.4h, v5.4h}, [x27]
	ld1	{v6.2d, v7.2d, v8.2d, v9.2d}, [x27]
	ld1	{v10.1d}, [x27]
	ld2	{v11.8h, v12.8h}, [x27]
	ld2	{v13.2s, v14.2s}, [x27]
	ld3	{v15.16b, v16.16b, v17.16b}, [x27]
	ld3	{v18.4s, v19.4s, v20.4s}, [x27]
	ld4	{v21.8b, v22.8b, v23.8b, v24.8b}, [x27]
	ld4	{v25.2d, v26.2d, v27.2d, v28.2d}, [x27]
	/* register numbers wrap from 31 to 0 */
	ld4	{v30.4h, v31.4h, v0.4h, v1.4h}, [x27]
	/* post-index, immediate and register, unaligned */
	add	x0, x27, #3
	ld1	{v2.16b, v3.16b}, [x0], #32
	ld2	{v4.4s, v5.4s}, [x0], x1
	sub	x0, x0, x1
	mov	x2, #5
	ld3	{v6.8b, v7.8b, v8.8b}, [x0], x2
	ld4	{v9.16b, v10.16b, v11.16b, v12.16b}, [x0], #64
	/* stores */
	add	x3, x27, #1024
	st1	{v0.16b}, [x3]
	st1	{v1.8b, v2.8b}, [x3], #16
	st1	{v3.4s, v4.4s, v5.4s}, [x3]
	add	x3, x3, #48
	st1	{v6.1d, v7.1d, v8.1d, v9.1d}, [x3], #32
	st2	{v11.8h, v12.8h}, [x3]
	add	x3, x3, #32
	st3	{v15.8b, v16.8b, v17.8b}, [x3], #24
	st4	{v21.4s, v22.4s, v23.4s, v24.4s}, [x3], x2
	st4	{v25.2d, v26.2d, v27.2d, v28.2d}, [x3]
	/* single structures: lanes */
	add	x4, x27, #9
	ld1	{v13.b}[15], [x4]
	ld1	{v14.h}[3], [x4]
	ld1	{v15.s}[2], [x4], #4
	ld1	{v16.d}[1], [x4], x2
	ld2	{v17.b, v18.b}[7], [x4]
	ld3	{v19.h, v20.h, v21.h}[5], [x4], #6
	ld4	{v22.s, v23.s, v24.s, v25.s}[1], [x4]
	ld4	{v26.d, v27.d, v28.d, v29.d}[0], [x4], #32
	add	x5, x27, #2048
	st1	{v13.b}[15], [x5], #1
	st1	{v14.h}[3], [x5], #2
	st1	{v15.s}[2], [x5]
	add	x5, x5, #5
	st1	{v16.d}[1], [x5], x2
	st2	{v17.b, v18.b}[7], [x5], #2
	st3	{v19.h, v20.h, v21.h}[5], [x5]
	add	x5, x5, #7
	st4	{v22.s, v23.s, v24.s, v25.s}[1], [x5], #16
	st4	{v26.d, v27.d, v28.d, v29.d}[0], [x5]
	/* load and replicate */
	add	x6, x27, #77
	ld1r	{v0.16b}, [x6]
	ld1r	{v1.4h}, [x6], #2
	ld2r	{v2.4s, v3.4s}, [x6]
	ld3r	{v4.2d, v5.2d, v6.2d}, [x6], x2
	ld4r	{v7.8b, v8.8b, v9.8b, v10.8b}, [x6], #4
	ld4r	{v11.1d, v12.1d, v13.1d, v14.1d}, [x6]
