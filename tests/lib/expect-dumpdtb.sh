# Sourced by shell tests that check how armvisor takes its options without
# booting a guest (-M dumpdtb= builds the machine and exits). The caller
# sets AV (the binary), work (a scratch directory) and fails=0, and exits
# non-zero when fails is not 0 at the end.

# expect_error "needle" args...: exit 1, stderr holds needle.
expect_error() {
	local needle=$1; shift
	"$AV" -M virt,dumpdtb="$work/out.dtb" "$@" >"$work/out" 2>"$work/err" </dev/null
	local rc=$?
	if [ $rc -ne 1 ] || ! grep -qF -- "$needle" "$work/err"; then
		echo "FAIL: armvisor $* -> exit $rc, stderr: $(cat "$work/err")"
		echo "      expected exit 1 and '$needle'"
		fails=$((fails + 1))
	else
		echo "ok: $* -> $(cat "$work/err")"
	fi
}

# expect_ok args...: the machine is built and armvisor exits 0.
expect_ok() {
	"$AV" -M virt,dumpdtb="$work/out.dtb" "$@" >"$work/out" 2>"$work/err" </dev/null
	local rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL: armvisor $* -> exit $rc: $(cat "$work/err")"
		fails=$((fails + 1))
	else
		echo "ok: $* starts"
	fi
}
