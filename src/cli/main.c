/* main.c: the danvan binary: everything is in the library; this only hands over argv. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
