/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What cli/main.c prints for -h, -version and the "help" lists
 * (-machine help, -cpu help, -accel help, -d help).
 */
#ifndef ARMVISOR_CLI_H
#define ARMVISOR_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"

#define ARMVISOR_VERSION "0.1.0"

void cli_print_usage(FILE *out);
void cli_print_version(FILE *out);
void cli_list_machines(FILE *out);
void cli_list_cpus(FILE *out);
void cli_list_accels(FILE *out);
void cli_list_log_items(FILE *out);

/*
 * Print every list cfg->list_requests asks for; true when there was one
 * (the program then exits 0, as QEMU does after "-cpu help").
 */
bool cli_print_list(const struct vm_config *cfg, FILE *out);

#endif
