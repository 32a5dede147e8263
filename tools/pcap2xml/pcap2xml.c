#include "err.h"
int main(int argc, char **argv)
{
	(void)argc;
	err_init(argv[0]);
	errx_(EXIT_FAIL, "not yet written");
}
