/*
 * mpi_run.h — bin/wijksim-mpi (make mpi): the command line of bin/wijksim
 * with its work units handed out over Open MPI ranks (README.md "Running on
 * a cluster").
 *
 * src/main.c is compiled a second time with -DWK_MPI: its main() becomes
 * wijksim_cli_main, which rank 0 runs (parsing, loading and checking every
 * scenario, creating and committing the file), and its calls of engine_run
 * become mpi_engine_run; so do those of src/experiment_cmd.c and
 * src/calibrate.c, compiled again the same way. The other ranks only run
 * work units.
 */
#ifndef WK_MPI_RUN_H
#define WK_MPI_RUN_H

#include "engine.h"

/* engine_run over every rank: the same arguments, the same file. */
int mpi_engine_run(const struct engine_scenario *scenarios, size_t n,
                   struct h5out *out, const struct engine_options *opt,
                   struct engine_stats *stats, struct wk_error *err);

/* How many workers run units side by side (ranks > 0, and rank 0's worker
 * thread where MPI_THREAD_MULTIPLE is given), each with its OpenMP
 * threads: experiment sizes its batches of points by it. */
int mpi_engine_workers(void);

/* src/main.c's main, run by rank 0 only. */
int wijksim_cli_main(int argc, char **argv);

#endif
