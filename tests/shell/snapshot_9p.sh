#!/usr/bin/env bash
# Snapshots with virtio-9p (docs/snapshot.md): as QEMU, migrate is
# refused while the guest has the export mounted, with QEMU's sentence
# ("Migration is disabled when VirtFS export path '...' is mounted in the
# guest using mount_tag '...'"), and the guest keeps running; once it
# unmounted, migrate completes, and the restored guest (no new boot)
# mounts the share again and reads the host's file
# (tests/lib/snapshot_9p.py, tests/guest/init-snap.sh). TCG.
# Needs the guest kit. ARMVISOR= picks the binary.
. "$(dirname "$0")/../lib/common.sh"
guest_timeout=${GUEST_TIMEOUT:-600}
need_armvisor
need_tools python3
need_kit

make_work build
moddir=$kit/root/lib/modules/$(cat "$kit/version")
# The 9p modules and their dependencies, dependencies first (as virtio_9p_guest.sh).
mods=()
for m in kernel/net/9p/9pnet_virtio.ko kernel/fs/9p/9p.ko; do
	grep -q "^$m:" "$moddir/modules.dep" || fail "$m is not in the kit's modules.dep"
	deps=$(sed -n "s|^$m:||p" "$moddir/modules.dep")
	for d in $(echo "$deps" | tr ' ' '\n' | tac) "$m"; do
		[[ " ${mods[*]} " == *" $d "* ]] || mods+=("$d")
	done
done
files=()
: >"$work/order"
for m in "${mods[@]}"; do
	files+=("$moddir/$m:/lib/9p/$(basename "$m")")
	basename "$m" >>"$work/order"
done
files+=("$work/order:/lib/9p/order")
initrd=$work/snap-9p.cpio.gz
need_initramfs tests/guest/init-snap.sh "$initrd" "${files[@]}"

share=$work/share snap=$work/snap.bin qmp=$work/qmp.sock
mkdir -p "$share"
echo "hello from the host" >"$share/hello.txt"
opts=(-M virt -cpu cortex-a57 -smp 1 -m 256M -nographic -nic none -sandbox off
	-kernel "$kit/Image" -initrd "$initrd" -append "console=ttyAMA0 quiet"
	-fsdev "local,id=f0,path=$share,security_model=none"
	-device virtio-9p-device,fsdev=f0,mount_tag=share
	-qmp "unix:$qmp,server=on,wait=off")
timeout -k 5 "$guest_timeout" python3 tests/lib/snapshot_9p.py save "$qmp" "$snap" "$share" \
	-- "$AV" "${opts[@]}" >"$work/save.log" 2>&1 ||
	{ fail_logs=("$work/save.log"); fail "the save failed"; }
tail -n 2 "$work/save.log"
rm -f "$qmp"
timeout -k 5 "$guest_timeout" python3 tests/lib/snapshot_9p.py restore "$qmp" \
	-- "$AV" "${opts[@]}" -incoming "file:$snap" >"$work/restore.log" 2>&1 ||
	{ fail_logs=("$work/restore.log"); fail "the restore failed"; }
tail -n 1 "$work/restore.log"
echo "PASS: 9p refused while mounted with QEMU's sentence, saved unmounted, mounts after the restore"
