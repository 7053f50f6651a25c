#!/usr/bin/env bash
# The PL011 console under nested KVM: inside qemu-system-aarch64
# (virtualization=on, GICv3), the static aarch64 armvisor boots the guest
# kit with -accel kvm, and the outer guest's clock times VMM start to exit
# for each mode (tests/guest/init-kvm-console-outer.sh):
#   quiet  a quiet boot that prints nothing more (the baseline)
#   print  the same, then KIB KiB of text through the tty on ttyAMA0
#   dmesg  the same, then the kernel log (dmesg)
#   loud   a boot without `quiet`: every printk through pl011_console_write
# The console goes to a file on the outer guest's tmpfs, through a pipe to
# cat, or to the outer guest's own tty (--out file,pipe,tty). The same run
# measures, when present, older armvisors (BEFORE=path and BATCH=path to
# static aarch64 binaries, e.g. built from the commits before a change) and
# Debian's arm64 QEMU packed by bench/pack-qemu-arm64.sh.
# --armvisor-args A,B passes options A B to both armvisors (-d,kvm prints
# the PL011's access counts at exit; they land in build/console-bench.log).
# --icount SHIFT runs the outer QEMU with -icount shift=SHIFT,sleep=off:
# its clock then counts emulated instructions, so the times measure work
# done and not this shared machine's load (slower, and single-threaded).
#   bench/console.sh [--runs N] [--kib KIB] [--modes quiet,print,dmesg,loud]
#                    [--out file,pipe,tty] [--armvisor-args LIST] [--icount SHIFT]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=1 kib=8 modes=quiet,print,dmesg,loud out=file av_args= icount=()
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--kib) kib=$2; shift 2 ;;
	--modes) modes=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--armvisor-args) av_args=$2; shift 2 ;;
	--icount) icount=(-icount "shift=$2,sleep=off"); shift 2 ;;
	*) echo "usage: $0 [--runs N] [--kib KIB] [--modes LIST] [--out file,pipe,tty] [--armvisor-args LIST] [--icount SHIFT]" >&2; exit 2 ;;
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
if [ -n "${BATCH:-}" ]; then
	extra+=("$BATCH:/armvisor-batch")
	vmms=${vmms%armvisor}batch,armvisor
fi
if [ -x build/qemu-arm64/run ]; then
	extra+=(build/qemu-arm64:/qemu)
	vmms=$vmms,qemu
fi
scripts/guest-kit.sh initramfs tests/guest/init-kvm-console-outer.sh build/console-outer.cpio.gz "${extra[@]}" >/dev/null
log=build/console-bench.log
timeout 7200 qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on -nic none \
	-smp 2 -m 2G -nographic "${icount[@]}" -kernel "$kit/Image" -initrd build/console-outer.cpio.gz \
	-append "console=ttyAMA0 quiet console_runs=$runs console_kib=$kib console_modes=$modes console_vmms=$vmms console_out=$out${av_args:+ armvisor_args=$av_args}" \
	</dev/null >"$log" 2>&1
python3 - "$log" <<'PY'
import statistics, sys
t, ph, bad = {}, {}, []
phases = None
for line in open(sys.argv[1], errors="replace").read().replace("\r", "").splitlines():
    if line.startswith("CONSOLE-PHASES "):
        phases = dict(kv.split("=", 1) for kv in line.split()[1:])
        continue
    if not line.startswith("CONSOLE-RUN "):
        continue
    f = dict(kv.split("=", 1) for kv in line.split()[1:])
    # The inner guest's own time for what the mode prints, when it said.
    m = f["mode"]
    if phases and m in phases:
        a, b = (float(x) for x in phases[m].split("-"))
        ph.setdefault((f["vmm"], m + "/" + f.get("out", "file")), []).append(b - a)
    phases = None
    if f["status"] != "0" or f["done"] not in ("1", "-"):
        bad.append(line)
    t.setdefault((f["vmm"], f["mode"] + "/" + f.get("out", "file")), []).append(float(f["secs"]))
if not t:
    sys.exit("no run finished; see build/console-bench.log")
vmms = [v for v in ("before", "batch", "armvisor", "qemu") if any(k[0] == v for k in t)]
modes = sorted({k[1] for k in t}, key=lambda m: (m.split("/")[1], ["quiet", "print", "dmesg", "loud"].index(m.split("/")[0])))
med = {k: statistics.median(v) for k, v in t.items()}


def cost(v, m):
    base = "quiet/" + m.split("/")[1]
    if m == base or (v, m) not in med or (v, base) not in med:
        return None
    return med[(v, m)] - med[(v, base)]


print("median seconds, VMM start to exit (outer guest clock); (+X): X more than quiet")
print("%-12s " % "mode/out" + " ".join("%18s" % v for v in vmms))
for m in modes:
    cells = []
    for v in vmms:
        s = "-" if (v, m) not in med else "%.2f" % med[(v, m)]
        if cost(v, m) is not None:
            s += " (+%.2f)" % cost(v, m)
        cells.append("%18s" % s)
    print("%-12s " % m + " ".join(cells))
for m in modes:
    for a, b in (("before", "armvisor"), ("batch", "armvisor"), ("armvisor", "qemu"), ("before", "qemu")):
        ca, cb = cost(a, m), cost(b, m)
        if ca is not None and cb is not None and cb > 0:
            print("%s: console cost %s/%s = %.2f" % (m, a, b, ca / cb))
if ph:
    print("median seconds of the print or dmesg itself, on the inner guest's clock")
    for m in sorted({k[1] for k in ph}):
        print("%-12s " % m + " ".join("%18s" % ("%.2f" % statistics.median(ph[(v, m)]) if (v, m) in ph else "-") for v in vmms))
    for m in sorted({k[1] for k in ph}):
        for a, b in (("before", "armvisor"), ("batch", "armvisor"), ("armvisor", "qemu"), ("before", "qemu")):
            if (a, m) in ph and (b, m) in ph and statistics.median(ph[(b, m)]) > 0:
                print("%s: inner time %s/%s = %.2f" % (m, a, b, statistics.median(ph[(a, m)]) / statistics.median(ph[(b, m)])))
for line in bad:
    print("FAILED RUN:", line)
PY
