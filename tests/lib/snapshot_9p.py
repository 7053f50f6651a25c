#!/usr/bin/env python3
"""Snapshots of a guest with virtio-9p (tests/shell/snapshot_9p.sh).

The guest is tests/guest/init-snap.sh (a shell that runs each console
line); QMP and the console through snapshot_run.py's helpers.

  snapshot_9p.py save QMP-SOCK SNAPFILE EXPORT -- ARMVISOR ARGS...
      load the 9p modules, mount the share (tag "share"): migrate is
      refused with QEMU's sentence naming EXPORT and the tag, the guest
      keeps running; unmount: migrate completes; quit.
  snapshot_9p.py restore QMP-SOCK -- ARMVISOR ARGS... -incoming ...
      the shell answers without a new boot; mounting the share again
      reads the host's file; power off.
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import snapshot_run as sr

MOUNT = ("mkdir -p /mnt/s && mount -t 9p -o trans=virtio,version=9p2000.L share /mnt/s"
         " && echo \"MOUNTED-$(cat /mnt/s/hello.txt)\"")


def save(sock, snapfile, export, argv):
    sr.start(argv)
    q = sr.Qmp(sock)
    sr.wait_console(q, rb"SNAP-GUEST-READY")
    sr.ask(q, 'for m in $(cat /lib/9p/order); do insmod /lib/9p/$m; done; echo "MODS-$((1+1))"',
           rb"MODS-2")
    sr.ask(q, MOUNT, rb"MOUNTED-hello from the host")
    r = q.execute("migrate", {"uri": "file:" + snapfile})
    want = ("Migration is disabled when VirtFS export path '%s' is mounted in the guest "
            "using mount_tag 'share'" % export)
    desc = r.get("error", {}).get("desc", "")
    if want not in desc:
        sr.fail("migrate with the share mounted: %r, want %r" % (r, want))
    print("refused while mounted: %s" % desc)
    st = q.execute("query-status")["return"]
    if st["status"] != "running":
        sr.fail("the guest is not running after the refused migrate: %r" % st)
    sr.ask(q, 'echo "STILL-$((2+3))"', rb"STILL-5")
    sr.ask(q, 'umount /mnt/s && echo "UNMOUNTED-$((3+4))"', rb"UNMOUNTED-7")
    r = q.execute("migrate", {"uri": "file:" + snapfile})
    if r.get("return") != {}:
        sr.fail("migrate with the share unmounted: %r" % r)
    q.wait(lambda m: m.get("event") == "STOP", "STOP event")
    info = q.execute("query-migrate")["return"]
    if info.get("status") != "completed":
        sr.fail("query-migrate %r" % info)
    q.execute("quit")
    sr.finish(0)
    print("saved unmounted: %d bytes" % os.path.getsize(snapfile))


def restore(sock, argv):
    sr.start(argv)
    q = sr.Qmp(sock)
    sr.ask(q, 'echo "ALIVE-$((6*7))"', rb"ALIVE-42", 300)
    if b"SNAP-GUEST-READY" in sr.console:
        sr.fail("the guest booted again instead of continuing")
    sr.ask(q, MOUNT, rb"MOUNTED-hello from the host")
    sr.type_line("umount /mnt/s; poweroff -f")
    sr.finish(0)
    print("restored: the shell answered, the share mounted again and read")


def main():
    sep = sys.argv.index("--")
    argv = sys.argv[sep + 1:]
    if sys.argv[1] == "save":
        save(sys.argv[2], sys.argv[3], sys.argv[4], argv)
    else:
        restore(sys.argv[2], argv)


main()
