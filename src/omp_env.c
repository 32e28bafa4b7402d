/*
 * omp_env.c — OMP_NUM_THREADS checked before libgomp reads it.
 *
 * libgomp parses OMP_NUM_THREADS in its own constructor and prints
 * "libgomp: Invalid value ..." for a bad one, before main and whatever
 * --quiet says. bin/wijksim links libgomp statically (Makefile), so this
 * constructor, with a priority, runs before libgomp's: a value that is not a
 * comma-separated list of positive integers is removed from the environment
 * (libgomp then uses all cores, as it does for a bad value) and remembered,
 * and main prints one warning of its own unless --quiet is given.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "omp_env.h"

static char bad_value[64];
static int bad;

int omp_env_valid(const char *v)
{
	int numbers = 0;

	for (;;) {
		char *end;
		unsigned long n;

		while (isspace((unsigned char)*v))
			v++;
		if (!isdigit((unsigned char)*v))
			return 0;
		errno = 0;
		n = strtoul(v, &end, 10);
		if (errno || n == 0 || n > 1000000)
			return 0;
		numbers++;
		v = end;
		while (isspace((unsigned char)*v))
			v++;
		if (*v == '\0')
			return numbers > 0;
		if (*v != ',')
			return 0;
		v++;
	}
}

__attribute__((constructor(101))) static void omp_env_check(void)
{
	const char *v = getenv("OMP_NUM_THREADS");

	if (!v || omp_env_valid(v))
		return;
	bad = 1;
	snprintf(bad_value, sizeof bad_value, "%s", v);
	unsetenv("OMP_NUM_THREADS");
}

void omp_env_warn(int argc, char **argv)
{
	if (!bad)
		return;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)
			return;
	fprintf(stderr,
	        "wijksim: warning: OMP_NUM_THREADS=\"%s\" ignored: expected a positive "
	        "integer (or a comma-separated list of them); using all cores (-t N sets the "
	        "threads)\n",
	        bad_value);
}
