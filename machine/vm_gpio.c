// SPDX-License-Identifier: GPL-2.0
/*
 * The PL061 and its power button (QEMU's virt: the monitor's
 * system_powerdown presses GPIO line 3, which the DT's gpio-keys node
 * reports as KEY_POWER). A press is 100 ms long, as QEMU's gpio-key
 * holds it: Linux's gpio-keys reads the line's level when the edge
 * interrupt comes, so a press released at once would read as nothing.
 * The release is a timerfd on the main loop.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "board.h"
#include "vm.h"

#define VM_BUTTON_PRESS_NS	100000000L

static void vm_button_release(void *opaque)
{
	struct vm *vm = opaque;
	uint64_t n;

	if (read(vm->button_fd, &n, sizeof(n)) == sizeof(n))
		pl061_set_input(vm->gpio, VIRT_GPIO_POWER_LINE, false);
}

int vm_create_gpio(struct vm *vm, struct av_err *err)
{
	const struct board_region *r = &virt_memmap[VIRT_GPIO];
	struct irq_line irq;
	int ret;

	vm_irq_line_init(vm, &irq, virt_spi_intid(r->spi));
	vm->gpio = pl061_create(&irq, err);
	if (!vm->gpio)
		return -err->code;
	ret = mmio_bus_add(&vm->bus, r->base, r->size, &pl061_mmio_ops, vm->gpio,
			   r->name, err);
	if (ret)
		return ret;
	vm->button_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (vm->button_fd < 0)
		return av_errf_errno(err, errno, "timerfd for the power button");
	return vm_watch_fd(vm, vm->button_fd, vm_button_release, vm, err);
}

/* Main thread (the monitor). A second press while held only extends it. */
int vm_powerdown(struct vm *vm, struct av_err *err)
{
	const struct itimerspec press = { .it_value.tv_nsec = VM_BUTTON_PRESS_NS };

	if (!vm->gpio)
		return av_errf(err, ENODEV, "this machine has no power button");
	pl061_set_input(vm->gpio, VIRT_GPIO_POWER_LINE, true);
	if (timerfd_settime(vm->button_fd, 0, &press, NULL) < 0)
		return av_errf_errno(err, errno, "power button timer");
	return 0;
}

void vm_destroy_gpio(struct vm *vm)
{
	if (vm->button_fd > 0)
		close(vm->button_fd);
	pl061_destroy(vm->gpio);
	vm->gpio = NULL;
}
