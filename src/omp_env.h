/*
 * omp_env.h — OMP_NUM_THREADS checked before libgomp reads it (omp_env.c).
 */
#ifndef WK_OMP_ENV_H
#define WK_OMP_ENV_H

/* 1 when v is what libgomp accepts for OMP_NUM_THREADS: positive integers
 * separated by commas, blanks around them allowed. */
int omp_env_valid(const char *v);

/* The warning for a bad OMP_NUM_THREADS removed before libgomp saw it, on
 * stderr, unless argv holds --quiet or -q. Nothing when the value was good. */
void omp_env_warn(int argc, char **argv);

#endif
