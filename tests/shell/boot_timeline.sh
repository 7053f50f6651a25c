#!/usr/bin/env bash
# -boot-timeline (docs/timeline.md) as a user reads it, under TCG:
#  - a loud boot to FILE: every stage in order (options, images, RAM,
#    devices, DTB, first guest instruction, first console output, the
#    kernel's "Run /init", the guest's two marker writes, power-off, exit),
#    with times that only grow and a start-up under a second;
#  - to stderr (no =FILE), quiet boot: the same markers, no "Run /init"
#    (the kernel prints it at KERN_INFO);
#  - the marker word without -boot-timeline is accepted silently;
#  - bad values: "-boot-timeline=" and an unwritable FILE are refused.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_kit
make_work
need_initramfs tests/guest/init-timeline.sh "$work/tl.cpio.gz"
opts=(-m 512M -nic none -initrd "$work/tl.cpio.gz")
fails=0
fail_logs=("$work")

check() { if ! eval "$2"; then echo "FAIL: $1"; fails=$((fails + 1)); fi; }

# 1. Loud boot, timeline to a file.
boot_guest "$work/loud.log" "${opts[@]}" -append "console=ttyAMA0" \
	-boot-timeline="$work/tl.txt"
rc=$?
check "loud boot exits 0 ($rc)" '[ $rc = 0 ]'
check "the guest ran /init" 'grep -q TIMELINE-DONE "$work/loud.log"'
cp "$work/tl.txt" "$work/tl-file.log" 2>/dev/null
check "the timeline went to the file, not the console" \
	'[ -s "$work/tl.txt" ] && ! grep -q "boot timeline" "$work/loud.log"'
# "sandbox builder started", or "sandbox off" (the sanitizer builds' default).
want=("options parsed" "kernel header read" "initrd opened" "RAM mapped" "sandbox "
	"accelerator's VM ready" "accelerator and vCPUs ready"
	"devices ready" "DTB built" "images in guest RAM" "first guest instruction"
	"first console output" "Run /init" "guest marker 1" "guest marker 2" "power-off" "exit")
# Stages in this order, each once, times non-decreasing.
order=$(awk -v want="$(printf '%s\n' "${want[@]}")" '
	BEGIN { n = split(want, w, "\n"); i = 1; last = -1 }
	NR > 1 { t = $1 + 0; if (t < last) { print "time goes back at: " $0; exit }
		 last = t; if (i <= n && index($0, w[i])) i++ }
	END { if (i <= n) print "missing or out of order: " w[i]; else print "ok" }' "$work/tl.txt")
check "stages in order ($order)" '[ "$order" = ok ]'
# The filters are built on a thread: done before vCPU 0 enters the guest.
built=$(awk '/sandbox builder started/ { s = 1 } /sandbox off/ { off = 1 }
	/sandbox filters built/ { b = NR } /first guest instruction/ { f = NR }
	END { print (s && b && f && b < f) || (off && !s && !b) ? "ok" : "no" }' "$work/tl.txt")
check "sandbox filters built before the first guest instruction (or the sandbox off)" \
	'[ "$built" = ok ]'
first=$(awk '/first guest instruction/ { print $1 }' "$work/tl.txt")
check "start-up to the first instruction under 1 s (${first} ms)" \
	'awk -v t="$first" "BEGIN { exit !(t > 0 && t < 1000) }"'

# 2. Quiet boot, timeline on stderr.
boot_guest "$work/quiet.log" "${opts[@]}" -append "console=ttyAMA0 quiet" -boot-timeline
rc=$?
check "quiet boot exits 0 ($rc)" '[ $rc = 0 ]'
check "the timeline is on stderr" 'grep -q "^boot timeline" "$work/quiet.log"'
check "markers on it" 'grep -q "guest marker 2" "$work/quiet.log"'
check "no Run /init when the kernel does not print it" \
	'! grep -q "  Run /init" "$work/quiet.log"'

# 3. Without -boot-timeline the guest's marker writes change nothing.
boot_guest "$work/plain.log" "${opts[@]}" -append "console=ttyAMA0 quiet" -d guest_errors
rc=$?
check "plain boot exits 0 ($rc)" '[ $rc = 0 ]'
check "the guest ran to the end" 'grep -q TIMELINE-DONE "$work/plain.log"'
check "no timeline, no guest error" \
	'! grep -q -e "boot timeline" -e "unassigned\|guest error" "$work/plain.log"'

# 4. Refused values.
"$AV" -nographic -kernel "$kit/Image" -boot-timeline= >"$work/bad1.log" 2>&1
rc=$?
check "an empty FILE is refused" '[ $rc = 1 ] && grep -q "expects a file name" "$work/bad1.log"'
"$AV" -nographic -kernel "$kit/Image" -boot-timeline="$work/no/such/dir/t" \
	>"$work/bad2.log" 2>&1
rc=$?
check "an unwritable FILE is refused" \
	'[ $rc = 1 ] && grep -q "cannot write $work/no/such/dir/t" "$work/bad2.log"'
exit_fails
