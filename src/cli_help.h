/*
 * cli_help.h — the usage texts of the wijksim command line: `wijksim help`,
 * `wijksim help COMMAND` and `wijksim COMMAND --help` (README.md "Using the
 * command line").
 */
#ifndef WK_CLI_HELP_H
#define WK_CLI_HELP_H

#include <stdio.h>

/* The overview: every command with one line, the run options, exit status. */
void cli_help_print_overview(FILE *f, const char *version);

/* The usage and options of one command. Returns 0, or -1 (and prints
 * nothing) when `command` is not a command cli_help knows. */
int cli_help_print_command(FILE *f, const char *command);

/* The commands cli_help knows, as "run, validate, ..." for messages. */
const char *cli_help_command_list(void);

#endif
