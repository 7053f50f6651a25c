// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-pci devices as the machine builds them from the command line,
 * seen through the board's ECAM (0x4010000000, and the low one at
 * 0x3f000000): the host bridge at 00:00.0, -device ...-pci in the first
 * free slot from 1 in command-line order or at addr=, -nic
 * model=virtio-net-pci, virtio-mmio devices staying in their slots, the
 * INTx lines on SPIs 3..6 with the swizzle, and the options' errors.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "board.h"
#include "check_run.h"
#include "config.h"
#include "pci.h"
#include "vm.h"
#include "virtio.h"

static struct vm vm;
static struct vm_config cfg;
static struct accel_ops accel;
static int level[GIC_SPI_BASE + 64];
static char img[64];

static void fake_irq_line(struct vm *v, unsigned int intid, int lvl)
{
	(void)v;
	if (intid < sizeof(level) / sizeof(level[0]))
		level[intid] = lvl;
}

static void add(const char *opt, const char *s)
{
	char *argv[] = { (char *)opt, (char *)s };
	struct av_err err = { 0 };

	ck_assert_msg(config_parse_args(&cfg, 2, argv, &err) == 0, "%s %s: %s",
		      opt, s, err.msg);
}

static void add_bad(const char *opt, const char *s, const char *want)
{
	char *argv[] = { (char *)opt, (char *)s };
	struct av_err err = { 0 };

	ck_assert_int_lt(config_parse_args(&cfg, 2, argv, &err), 0);
	ck_assert_msg(!strcmp(err.msg, want), "'%s' is not '%s'", err.msg, want);
}

static void setup(void)
{
	struct av_err err = { 0 };
	int fd;

	memset(&vm, 0, sizeof(vm));
	memset(level, 0, sizeof(level));
	config_init(&cfg);
	accel = (struct accel_ops){ .irq_line = fake_irq_line };
	vm.cfg = &cfg;
	vm.accel = &accel;
	ck_assert_int_eq(guest_ram_alloc(&vm.ram, 0x40000000, 1 << 20, &err), 0);
	mmio_bus_init(&vm.bus);
	snprintf(img, sizeof(img), "test-pci-vm-%d.img", (int)getpid());
	fd = open(img, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 1 << 20), 0);
	close(fd);
}

static void teardown(void)
{
	vm_destroy_virtio(&vm);
	guest_ram_free(&vm.ram);
	config_free(&cfg);
	unlink(img);
}

static void create_ok(void)
{
	struct av_err err = { 0 };

	ck_assert_msg(vm_create_virtio(&vm, &err) == 0, "vm_create_virtio: %s", err.msg);
}

static uint32_t ecam(unsigned int slot, unsigned int fn, unsigned int reg)
{
	uint64_t v = 0xdead;
	uint64_t off = (uint64_t)PCI_DEVFN(slot, fn) << 12 | reg;

	ck_assert_int_eq(mmio_bus_read(&vm.bus, virt_memmap[VIRT_PCIE_ECAM_HIGH].base + off,
				       4, &v), 0);
	return (uint32_t)v;
}

START_TEST(host_bridge_alone)
{
	uint64_t v;

	create_ok();
	ck_assert_uint_eq(ecam(0, 0, 0), 0x00081b36);
	ck_assert_uint_eq(ecam(1, 0, 0), 0xffffffff);
	/* The low ECAM decodes buses 0..15 too. */
	ck_assert_int_eq(mmio_bus_read(&vm.bus, virt_memmap[VIRT_PCIE_ECAM].base, 4, &v), 0);
	ck_assert_uint_eq(v, 0x00081b36);
	/* Nothing behind the windows: unclaimed. */
	ck_assert_int_eq(mmio_bus_read(&vm.bus, virt_memmap[VIRT_PCIE_MMIO].base, 4, &v),
			 -EINVAL);
}
END_TEST

START_TEST(slots_in_command_line_order)
{
	char drive[128];

	snprintf(drive, sizeof(drive), "file=%s,if=none,id=d0,format=raw", img);
	add("-drive", drive);
	add("-device", "virtio-rng-device");
	add("-device", "virtio-rng-pci,addr=0x3");
	add("-device", "virtio-blk-pci,drive=d0,bus=pcie.0");
	add("-device", "virtio-serial-pci");
	add("-device", "virtio-rng-pci,addr=05.2");
	add("-nic", "user,model=virtio-net-pci");
	create_ok();
	/* -nic's NIC first: QEMU's virt makes its NICs before any -device. */
	ck_assert_uint_eq(ecam(1, 0, 0), 0x10411af4);
	ck_assert_uint_eq(ecam(2, 0, 0), 0x10421af4);	/* blk: first free */
	ck_assert_uint_eq(ecam(3, 0, 0), 0x10441af4);	/* rng at addr=3 */
	ck_assert_uint_eq(ecam(4, 0, 0), 0x10431af4);	/* serial */
	ck_assert_uint_eq(ecam(5, 2, 0), 0x10441af4);
	ck_assert_uint_eq(ecam(5, 0, 0), 0xffffffff);
	ck_assert_uint_eq(ecam(6, 0, 0), 0xffffffff);
	/* The virtio-mmio rng keeps slot 31; the PCI ones took none. */
	{
		uint64_t v;

		ck_assert_int_eq(mmio_bus_read(&vm.bus, virt_mmio_slot_base(31) + 8, 4, &v), 0);
		ck_assert_uint_eq(v, VIRTIO_ID_RNG);
		ck_assert_int_eq(mmio_bus_read(&vm.bus, virt_mmio_slot_base(30) + 8, 4, &v), 0);
		ck_assert_uint_eq(v, 0);
	}
}
END_TEST

/* Slot 3 INTA is INTD: SPI 6, INTID 38 (swizzle as the DT's interrupt-map). */
START_TEST(intx_on_the_board_spis)
{
	uint64_t cfg3 = virt_memmap[VIRT_PCIE_ECAM_HIGH].base + ((uint64_t)PCI_DEVFN(3, 0) << 12);
	uint64_t bar4 = virt_memmap[VIRT_PCIE_MMIO_HIGH].base, v;

	add("-device", "virtio-rng-pci,addr=3");
	create_ok();
	ck_assert_int_eq(mmio_bus_write(&vm.bus, cfg3 + 0x20, 4, (uint32_t)bar4), 0);
	ck_assert_int_eq(mmio_bus_write(&vm.bus, cfg3 + 0x24, 4, (uint32_t)(bar4 >> 32)), 0);
	ck_assert_int_eq(mmio_bus_write(&vm.bus, cfg3 + PCI_COMMAND, 2, PCI_COMMAND_MEMORY), 0);
	/* DRIVER_OK, then rings outside RAM: NEEDS_RESET and a config interrupt. */
	ck_assert_int_eq(mmio_bus_write(&vm.bus, bar4 + 0x14, 1, 0x07), 0);
	ck_assert_int_eq(mmio_bus_write(&vm.bus, bar4 + 0x1c, 2, 1), 0);
	ck_assert_int_eq(level[GIC_SPI_BASE + 6], 1);
	ck_assert_int_eq(level[GIC_SPI_BASE + 3], 0);
	ck_assert_int_eq(mmio_bus_read(&vm.bus, bar4 + 0x14, 1, &v), 0);
	ck_assert_uint_eq(v, 0x07 | VIRTIO_STATUS_NEEDS_RESET);
	ck_assert_int_eq(mmio_bus_read(&vm.bus, bar4 + 0x1000, 1, &v), 0);
	ck_assert_uint_eq(v, 2);			/* config change */
	ck_assert_int_eq(level[GIC_SPI_BASE + 6], 0);
	/* Memory decode off: the BAR is gone. */
	ck_assert_int_eq(mmio_bus_write(&vm.bus, cfg3 + PCI_COMMAND, 2, 0), 0);
	ck_assert_int_eq(mmio_bus_read(&vm.bus, bar4 + 0x14, 1, &v), -EINVAL);
}
END_TEST

START_TEST(taken_address_names_it)
{
	struct av_err err = { 0 };

	add("-device", "virtio-rng-pci");
	add("-device", "virtio-rng-pci,addr=1");
	ck_assert_int_eq(vm_create_virtio(&vm, &err), -EBUSY);
	ck_assert_str_eq(err.msg,
			 "-device virtio-rng-pci,addr=1: PCI address 00:01.0 is taken by virtio-rng-pci");
}
END_TEST

START_TEST(bad_options)
{
	add_bad("-device", "virtio-rng-pci,addr=0x20",
		"-device virtio-rng-pci,addr=0x20: Property 'virtio-rng-pci.addr' doesn't take value '0x20'");
	add_bad("-device", "virtio-rng-pci,addr=1.8",
		"-device virtio-rng-pci,addr=1.8: Property 'virtio-rng-pci.addr' doesn't take value '1.8'");
	add_bad("-device", "virtio-rng-pci,addr=x",
		"-device virtio-rng-pci,addr=x: Property 'virtio-rng-pci.addr' doesn't take value 'x'");
	add_bad("-device", "virtio-rng-pci,addr=-1",
		"-device virtio-rng-pci,addr=-1: Property 'virtio-rng-pci.addr' doesn't take value '-1'");
	add_bad("-device", "virtio-net-pci,netdev=n,romfile=efi-virtio.rom",
		"-device virtio-net-pci,netdev=n,romfile=efi-virtio.rom: romfile=efi-virtio.rom: armvisor loads no option ROMs (give romfile= to have none)");
	add_bad("-device", "virtio-blk-pci,drive=d,disable-legacy=on,disable-modern=on",
		"-device virtio-blk-pci,drive=d,disable-legacy=on,disable-modern=on: device is neither legacy nor modern, check your disable-legacy and disable-modern properties");
	add_bad("-device", "virtio-blk-pci,drive=d,bus=rp,disable-modern=on",
		"-device virtio-blk-pci,drive=d,bus=rp,disable-modern=on: device is neither legacy nor modern, check your disable-legacy and disable-modern properties");
	add_bad("-device", "virtio-blk-pci,drive=d,disable-modern=auto",
		"-device virtio-blk-pci,drive=d,disable-modern=auto: Parameter 'disable-modern' expects 'on' or 'off'");
	add_bad("-device", "virtio-blk-pci,drive=d,disable-legacy=maybe",
		"-device virtio-blk-pci,drive=d,disable-legacy=maybe: Parameter 'disable-legacy' expects 'on' or 'off'");
	add_bad("-device", "virtio-blk-pci",
		"-device virtio-blk-pci: drive property not set");
	add_bad("-device", "virtio-rng-pci,foo=1",
		"-device virtio-rng-pci,foo=1: unknown property 'foo'");
	add_bad("-device", "e1000",
		"-device e1000: 'e1000' is not emulated (armvisor's PCI devices: virtio-blk-pci, virtio-net-pci, virtio-rng-pci, virtio-serial-pci)");
	add("-device", "virtio-net-pci,netdev=n,romfile=,disable-legacy=on,disable-modern=off,multifunction=off,addr=03.0");
	ck_assert(cfg.devices[0].pci);
	ck_assert_int_eq(cfg.devices[0].pci_devfn, PCI_DEVFN(3, 0));
	ck_assert(!cfg.devices[0].pci_legacy && !cfg.devices[0].pci_no_modern);
	add("-device", "virtio-net-device,netdev=m");
	ck_assert(!cfg.devices[1].pci);
	/* QEMU's: legacy by auto only with modern off on the root bus. */
	add("-device", "virtio-blk-pci,drive=d,disable-modern=on");
	ck_assert(cfg.devices[2].pci_legacy && cfg.devices[2].pci_no_modern);
	add("-device", "virtio-blk-pci,drive=d,disable-legacy=off");
	ck_assert(cfg.devices[3].pci_legacy && !cfg.devices[3].pci_no_modern);
	add("-device", "virtio-blk-pci,drive=d,disable-legacy=auto");
	ck_assert(!cfg.devices[4].pci_legacy && !cfg.devices[4].pci_no_modern);
	add("-device", "virtio-blk-pci,drive=d,bus=rp,disable-legacy=off,disable-modern=on");
	ck_assert(cfg.devices[5].pci_legacy && cfg.devices[5].pci_no_modern);
	add("-nic", "user,model=virtio-net-pci");
	ck_assert(cfg.nics[0].nic.pci);
	add("-nic", "user,model=virtio");
	ck_assert(!cfg.nics[1].nic.pci);
}
END_TEST

/* pcie-root-port on the root bus; bus=ID puts a device below it. */
START_TEST(root_port_and_below)
{
	uint64_t ecam_hi = virt_memmap[VIRT_PCIE_ECAM_HIGH].base, v;
	struct av_err err = { 0 };

	add("-device", "pcie-root-port,id=rp1,chassis=1,slot=7");
	add("-device", "virtio-rng-pci,bus=rp1");
	add("-device", "virtio-rng-pci");
	create_ok();
	ck_assert_uint_eq(ecam(1, 0, 0), 0x000c1b36);
	ck_assert_uint_eq(ecam(1, 0, PCI_CACHE_LINE_SIZE) >> 16 & 0xff, PCI_HEADER_TYPE_BRIDGE);
	ck_assert_uint_eq(ecam(2, 0, 0), 0x10441af4);	/* the next free slot */
	/* The guest numbers the port's secondary bus 1: the rng is 01:00.0. */
	ck_assert_int_eq(mmio_bus_write(&vm.bus, ecam_hi + (PCI_DEVFN(1, 0) << 12) + 0x18, 4,
					0x00010100), 0);
	ck_assert_int_eq(mmio_bus_read(&vm.bus, ecam_hi + (1 << 20), 4, &v), 0);
	ck_assert_uint_eq(v, 0x10441af4);
	(void)err;
}
END_TEST

START_TEST(root_port_errors)
{
	struct av_err err = { 0 };

	add("-device", "pcie-root-port,id=rp1");
	add("-device", "virtio-rng-pci,bus=rp1");
	add("-device", "virtio-rng-pci,bus=rp1,addr=0.1");
	add("-device", "virtio-rng-pci,bus=rp1,addr=0.1");
	ck_assert_int_eq(vm_create_virtio(&vm, &err), -EBUSY);
	ck_assert_str_eq(err.msg, "-device virtio-rng-pci,bus=rp1,addr=0.1: PCI address 00.1 of bus 'rp1' is taken by virtio-rng-pci");
}
END_TEST

START_TEST(root_port_bad_bus_and_slot)
{
	struct av_err err = { 0 };

	add("-device", "virtio-rng-pci,bus=nope");
	ck_assert_int_eq(vm_create_virtio(&vm, &err), -ENOENT);
	ck_assert_str_eq(err.msg, "-device virtio-rng-pci,bus=nope: Bus 'nope' not found (a pcie-root-port's id, or pcie.0)");
	vm_destroy_virtio(&vm);
	config_free(&cfg);
	config_init(&cfg);
	mmio_bus_init(&vm.bus);
	add("-device", "pcie-root-port,id=p");
	add("-device", "virtio-rng-pci,bus=p,addr=1");
	ck_assert_int_eq(vm_create_virtio(&vm, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "-device virtio-rng-pci,bus=p,addr=1: PCI: slot 1 is not valid for bus 'p', which only has slot 0");
	add_bad("-device", "pcie-root-port,id=q,chassis=256",
		"-device pcie-root-port,id=q,chassis=256: Property 'pcie-root-port.chassis' doesn't take value '256'");
	add_bad("-device", "pcie-root-port,id=q,bus=p",
		"-device pcie-root-port,id=q,bus=p: pcie-root-port goes on pcie.0 only");
	add_bad("-device", "pcie-root-port,id=q,hotplug=off",
		"-device pcie-root-port,id=q,hotplug=off: Property 'pcie-root-port.hotplug' not found");
}
END_TEST

/* What libvirt writes for a q35-like virt topology (multi-function ports, ids as buses). */
START_TEST(libvirt_style_topology)
{
	char drive[128];

	snprintf(drive, sizeof(drive), "file=%s,format=raw,if=none,id=libvirt-1-format", img);
	add("-drive", drive);
	add("-device", "pcie-root-port,port=0x8,chassis=1,id=pci.1,bus=pcie.0,multifunction=on,addr=0x1");
	add("-device", "pcie-root-port,port=0x9,chassis=2,id=pci.2,bus=pcie.0,addr=0x1.0x1");
	add("-device", "pcie-root-port,port=0xa,chassis=3,id=pci.3,bus=pcie.0,addr=0x1.0x2");
	add("-device", "virtio-serial-pci,id=virtio-serial0,bus=pci.2,addr=0x0");
	add("-device", "virtio-blk-pci,bus=pci.3,addr=0x0,drive=libvirt-1-format,id=virtio-disk0,bootindex=1");
	add("-device", "virtio-rng-pci,id=rng0,bus=pci.1,addr=0x0");
	create_ok();
	ck_assert_uint_eq(ecam(1, 0, 0), 0x000c1b36);
	ck_assert_uint_eq(ecam(1, 1, 0), 0x000c1b36);
	ck_assert_uint_eq(ecam(1, 2, 0), 0x000c1b36);
	/* Function 0 says the slot has more (6.2.1). */
	ck_assert_uint_eq(ecam(1, 0, PCI_CACHE_LINE_SIZE) >> 16 & 0xff,
			  PCI_HEADER_TYPE_MULTI | PCI_HEADER_TYPE_BRIDGE);
	ck_assert_uint_eq(ecam(2, 0, 0), 0xffffffff);
	add_bad("-device", "virtio-blk-pci,drive=x,bootindex=x",
		"-device virtio-blk-pci,drive=x,bootindex=x: Property 'virtio-blk-pci.bootindex' doesn't take value 'x'");
}
END_TEST

/* -readconfig [device] groups take the same drivers and PCI keys. */
START_TEST(readconfig_groups)
{
	char path[64];
	struct av_err err = { 0 };
	FILE *f;

	snprintf(path, sizeof(path), "test-pci-vm-%d.cfg", (int)getpid());
	f = fopen(path, "w");
	ck_assert(f);
	fprintf(f, "[device \"rp\"]\n  driver = \"pcie-root-port\"\n  chassis = \"2\"\n"
		   "[device]\n  driver = \"virtio-rng-pci\"\n  bus = \"rp\"\n"
		   "[device]\n  driver = \"virtio-rng-pci\"\n  bus = \"pcie.0\"\n  addr = \"0x7\"\n");
	fclose(f);
	ck_assert_msg(config_read_file(&cfg, path, &err) == 0, "%s", err.msg);
	unlink(path);
	create_ok();
	ck_assert_uint_eq(ecam(1, 0, 0), 0x000c1b36);
	ck_assert_uint_eq(ecam(7, 0, 0), 0x10441af4);
	ck_assert_uint_eq(ecam(2, 0, 0), 0xffffffff);
}
END_TEST

static Suite *pci_vm_suite(void)
{
	Suite *s = suite_create("pci-vm");
	TCase *tc = tcase_create("machine");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, host_bridge_alone);
	tcase_add_test(tc, slots_in_command_line_order);
	tcase_add_test(tc, intx_on_the_board_spis);
	tcase_add_test(tc, taken_address_names_it);
	tcase_add_test(tc, bad_options);
	tcase_add_test(tc, root_port_and_below);
	tcase_add_test(tc, root_port_errors);
	tcase_add_test(tc, root_port_bad_bus_and_slot);
	tcase_add_test(tc, libvirt_style_topology);
	tcase_add_test(tc, readconfig_groups);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(pci_vm_suite());
}
