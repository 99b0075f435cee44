/*
 * cmds: the command handlers listed in the command table (commands.c).
 */
#ifndef CANBO_CMDS_H
#define CANBO_CMDS_H

#include "cli/cli.h"

int cmd_init(cli_args_t *a);
int cmd_demo(cli_args_t *a);
int cmd_gen(cli_args_t *a);
int cmd_import(cli_args_t *a);
int cmd_export(cli_args_t *a);
int cmd_unit(cli_args_t *a);
int cmd_framework(cli_args_t *a);
int cmd_setting(cli_args_t *a);
int cmd_period(cli_args_t *a);
int cmd_eval(cli_args_t *a);
int cmd_task(cli_args_t *a);
int cmd_annual(cli_args_t *a);
int cmd_person(cli_args_t *a);
int cmd_audit(cli_args_t *a);
int cmd_backup(cli_args_t *a);
int cmd_restore(cli_args_t *a);
int cmd_migrate(cli_args_t *a);
int cmd_serve(cli_args_t *a);
int cmd_user(cli_args_t *a);
int cmd_token(cli_args_t *a);
int cmd_help(cli_args_t *a);
int cmd_version(cli_args_t *a);

#endif
