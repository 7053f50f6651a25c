#!/usr/bin/env bash
# The PL011 console under nested KVM: inside qemu-system-aarch64
# (virtualization=on, GICv3), the static aarch64 armvisor boots the guest
# kit with -accel kvm, and the outer guest's clock times VMM start to exit
# for each mode (tests/guest/init-kvm-console-outer.sh):
#   quiet  a quiet boot that prints nothing more (the baseline)
#   print  the same, then KIB KiB of text through the tty on ttyAMA0
#   dmesg  the same, then the kernel log (dmesg)
#   loud   a boot without `quiet`: every printk through pl011_console_write
# The console goes to a file on the outer guest's tmpfs. The same run
# measures, when present, an older armvisor (BEFORE=path to a static
# aarch64 binary, e.g. one built from the commit before a change) and
# Debian's arm64 QEMU packed by bench/pack-qemu-arm64.sh.
#   bench/console.sh [--runs N] [--kib KIB] [--modes quiet,print,dmesg,loud] [--out file|pipe]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=1 kib=8 modes=quiet,print,dmesg,loud out=file
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--kib) kib=$2; shift 2 ;;
	--modes) modes=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) echo "usage: $0 [--runs N] [--kib KIB] [--modes LIST] [--out file|pipe]" >&2; exit 2 ;;
	esac
done
make -s aarch64-static
kit=$(scripts/guest-kit.sh path)
scripts/guest-kit.sh initramfs tests/guest/init-console-print.sh build/console-inner.cpio.gz >/dev/null
extra=(build/aarch64/armvisor:/armvisor "$kit/Image:/Image" build/console-inner.cpio.gz:/inner.cpio.gz)
vmms=armvisor
if [ -n "${BEFORE:-}" ]; then
	extra+=("$BEFORE:/armvisor-before")
	vmms=before,$vmms
fi
if [ -x build/qemu-arm64/run ]; then
	extra+=(build/qemu-arm64:/qemu)
	vmms=$vmms,qemu
fi
scripts/guest-kit.sh initramfs tests/guest/init-kvm-console-outer.sh build/console-outer.cpio.gz "${extra[@]}" >/dev/null
log=build/console-bench.log
timeout 7200 qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on -nic none \
	-smp 2 -m 2G -nographic -kernel "$kit/Image" -initrd build/console-outer.cpio.gz \
	-append "console=ttyAMA0 quiet console_runs=$runs console_kib=$kib console_modes=$modes console_vmms=$vmms console_out=$out" \
	</dev/null >"$log" 2>&1
python3 - "$log" <<'PY'
import statistics, sys
t, bad = {}, []
for line in open(sys.argv[1], errors="replace").read().replace("\r", "").splitlines():
    if not line.startswith("CONSOLE-RUN "):
        continue
    f = dict(kv.split("=", 1) for kv in line.split()[1:])
    if f["status"] != "0" or f["done"] != "1":
        bad.append(line)
    t.setdefault((f["vmm"], f["mode"]), []).append(float(f["secs"]))
if not t:
    sys.exit("no run finished; see build/console-bench.log")
vmms = [v for v in ("before", "armvisor", "qemu") if any(k[0] == v for k in t)]
modes = [m for m in ("quiet", "print", "dmesg", "loud") if any(k[1] == m for k in t)]
med = {k: statistics.median(v) for k, v in t.items()}


def cost(v, m):
    if m == "quiet" or (v, m) not in med or (v, "quiet") not in med:
        return None
    return med[(v, m)] - med[(v, "quiet")]


print("median seconds, VMM start to exit (outer guest clock); (+X): X more than quiet")
print("mode   " + " ".join("%18s" % v for v in vmms))
for m in modes:
    cells = []
    for v in vmms:
        s = "-" if (v, m) not in med else "%.2f" % med[(v, m)]
        if cost(v, m) is not None:
            s += " (+%.2f)" % cost(v, m)
        cells.append("%18s" % s)
    print("%-6s " % m + " ".join(cells))
for m in modes:
    for a, b in (("before", "armvisor"), ("armvisor", "qemu"), ("before", "qemu")):
        ca, cb = cost(a, m), cost(b, m)
        if ca is not None and cb is not None and cb > 0:
            print("%s: console cost %s/%s = %.2f" % (m, a, b, ca / cb))
for line in bad:
    print("FAILED RUN:", line)
PY
