#!/bin/sh
# FP-heavy user-space workload for tests/shell/guest_fp.sh: busybox awk,
# printf, seq and sort -g (static glibc: strtod, printf's float
# formatting, the AdvSIMD string functions). Runs the same on the host
# under qemu-aarch64-static (BB="qemu-aarch64-static .../busybox") and in
# the guest (BB=busybox); every output line starts with "FP ".
BB=${BB:-busybox}
$BB awk 'BEGIN {
	printf "FP basic %.17g %.17g %.17g %.17g\n", 1/3, 2/3*3, 0.1+0.2, 1e308*10
	d = 1; for (i = 0; i < 1080; i++) { d /= 2; if (i == 1060) dd = d }
	printf "FP denorm %.17g %.17g %.17g\n", dd, d, 1e-300 * 1e-10
	printf "FP conv %d %d %.17g %d\n", int(-3.7), int(3.99999), 9007199254740993, -2147483648
	printf "FP small %.17g %.17g %.17g\n", 4.9e-324/2, 2.2250738585072014e-308/3, -0*1
	for (i = 1; i <= 20000; i++) h += 1/i
	printf "FP harmonic %.17g\n", h
	x = 1; for (i = 0; i < 1000; i++) x = x * 1.0001 + 1e-9
	printf "FP growth %.17g\n", x
	srand(7); printf "FP rand %.17g %.17g\n", rand(), rand()
	printf "FP fmt %e %g %f %.3e %10.4f\n", 123456.789, 0.000012345, -1.5, 6.02214076e23, 3.14159265
	s = ""; for (i = 0; i < 300; i++) s = s sprintf("%c", 65 + i % 26)
	printf "FP str %d %d %s %s\n", length(s), index(s, "XYZA"), toupper(substr(s, 5, 7)), tolower(substr(s, 290))
}'
$BB awk 'BEGIN { x = 0.1; for (i = 0; i < 30; i++) { x = x * 3 - 0.2; if (x > 1e6) x /= 1e6 }
	printf "FP chaos %.17g\n", x
	printf "FP cmp %d %d %d\n", (0.1 + 0.2 == 0.3), (1e16 + 1 == 1e16), ("10" < "9") }'
$BB printf 'FP printf %.20f %.3e %g\n' 0.1 1e-300 123456789012
$BB seq 0 0.15 1.2 | $BB awk '{ printf "FP seq %s\n", $0 }'
printf '3.5\n-2e3\n1e-5\n0x10\n7\n-0.5\n1e300\n' | $BB sort -g | $BB awk '{ printf "FP sortg %s\n", $0 }'
$BB awk 'BEGIN { for (i = -5; i <= 5; i++) printf "FP round %d %d %.1f\n", i * 0.5, int(i * 0.5 + 0.5), i * 0.25 }'
