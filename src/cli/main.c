/*
 * main: the canbo binary. Everything happens in cli_main (cli/cli.c).
 */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
