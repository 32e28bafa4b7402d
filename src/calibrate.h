/*
 * calibrate.h — `wijksim calibrate FILE.cfg [-o CAL.h5] [--write-scenario
 * OUT.cfg] [-t N] [--set path=value]... [--force] [--quiet]`: fit the
 * scenario's `calibration.parameters` to its `calibration.targets` by
 * Nelder-Mead (GSL multimin nmsimplex2) on common random numbers, and
 * report the fit and the held-out `calibration.validation` figures
 * (README.md "Experiments, sensitivity and calibration").
 *
 * Invariants:
 *  1. Every evaluation runs the same replicates with the scenario's seed,
 *     so the objective is a deterministic function of the parameters and
 *     differences between evaluations are the parameters' doing.
 *  2. The simplex moves in x = logit(u), u in (0, 1) the share of each
 *     parameter's range, so every evaluation lies inside the ranges.
 *  3. The budget counts runs (evaluations x replicates); the search stops
 *     before an iteration that could pass it. The uncertainty (a
 *     finite-difference Hessian of the objective at the optimum, 2 d^2 + 1
 *     evaluations) is computed only when the budget has room for it.
 *  4. Validation figures are computed at the optimum and never enter the
 *     objective.
 */
#ifndef WK_CALIBRATE_H
#define WK_CALIBRATE_H

#include <stdio.h>

/* argv[0] is "calibrate". Returns the exit status. */
int calibrate_main(int argc, char **argv, const char *command_line);

/* The usage text of `wijksim calibrate` (cli_help.c prints it too). */
void calibrate_print_usage(FILE *f);

#endif
