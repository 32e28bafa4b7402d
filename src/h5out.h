/*
 * h5out.h — the HDF5 result file: one file per invocation, one group per
 * scenario, one dataset per metric, dimension scales on every axis.
 *
 * Layout (the output contract, README.md "Output contract"):
 *   /                     attrs producer, version, created (ISO 8601 UTC),
 *                         command_line, rng
 *   /scenarios/<name>/    attrs config (effective scenario text),
 *                         config_sha256, seed, replicates, days, output_every
 *       time [T]          float64, day at the end of each output interval,
 *                         units="day", bounds="time_bounds"; dimension scale
 *       time_bounds [T,2] float64, [start, end) day of each output interval
 *                         (start of the first 0, end of the last `days`; the
 *                         last is shorter when days is not a multiple of
 *                         output_every), units="day"; dimensions (time, bnds)
 *       bnds [2]          the netCDF "dimension without a variable" of
 *                         time_bounds' second axis; dimension scale
 *       replicate [R]     int64 0..R-1; dimension scale
 *       <axis> [A]        one per axis (role, need_type, channel, dimension,
 *                         to_role): variable-length UTF-8 strings; dimension
 *                         scale (to_role has the labels of role, so that a
 *                         role-by-role metric has two distinct dimensions)
 *       <property> [A]    an axis's optional property (h5out_axis
 *                         property_name; the engine writes role_kind [role],
 *                         "formal"/"informal"): variable-length UTF-8 strings,
 *                         attr long_name, the axis's scale attached
 *       <metric>          float64 [R,T], [R,T,A] or [R,T,A,B]; attrs units, long_name,
 *                         kind ("flow": summed over the interval; "stock":
 *                         value at the end of the interval; "mean": a mean
 *                         or ratio over the interval, NaN when it has no
 *                         denominator); chunked one
 *                         replicate by the whole time axis, shuffle+deflate;
 *                         scales attached on every dimension.
 *
 * Atomicity (h5publish.c): the file is written at "<target>.tmp.<pid>" in
 * the target's folder and renamed onto the target by h5out_commit.
 * h5out_abort closes and removes the temporary file. An existing target is
 * refused (status 2) unless `force`.
 *
 * Threads: not thread-safe (neither is serial HDF5); the engine calls it
 * from one thread at a time.
 */
#ifndef WK_H5OUT_H
#define WK_H5OUT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct h5out;

struct h5out_axis {
	const char *name;            /* "role", "need_type", "channel", "dimension" */
	size_t len;
	const char *const *labels;   /* len UTF-8 strings */
	/* Optional: one more string dataset on this axis (e.g. "role_kind",
	 * "formal"/"informal" per role), with this axis's scale attached; NULL
	 * for none. Its name must differ from every axis and metric name. */
	const char *property_name;
	const char *const *property_values;   /* len UTF-8 strings */
	const char *property_long_name;       /* its long_name attribute */
};

struct h5out_metric {
	const char *name;            /* dataset name */
	const char *units;
	const char *long_name;
	const char *kind;            /* "flow" or "stock" */
	int axis;                    /* -1: [R,T]; else index into the axes array */
	int axis2;                   /* -1: none; else a second axis, [R,T,A,B] (needs
	                              * axis >= 0 and a different axis) */
};

/* Create the temporary file for `target`. Fails with status 2 when the
 * target exists and !force, or is a folder; status 1 when the folder is not
 * writable or the file cannot be created. */
int h5out_create(const char *target, int force, struct h5out **out,
                 struct wk_error *err);

/* Root attributes. `version` should carry the git commit when known. */
int h5out_root_attrs(struct h5out *h, const char *producer, const char *version,
                     const char *command_line, const char *rng,
                     struct wk_error *err);

/* Begin a scenario group; returns its index (0, 1, ...) via *index. The
 * arrays are copied; the caller keeps ownership. time_bounds holds n_times
 * pairs (start, end) of days: each start below its end, each end equal to
 * time_days, each start the previous end (status 1 otherwise). */
int h5out_scenario_begin(struct h5out *h, const char *name,
                         const char *config_text, uint64_t seed,
                         size_t replicates, int days, int output_every,
                         size_t n_times, const double *time_days,
                         const double *time_bounds,
                         const struct h5out_axis *axes, size_t n_axes,
                         const struct h5out_metric *metrics, size_t n_metrics,
                         size_t *index, struct wk_error *err);

/* Write one replicate's row of every metric of scenario `index`. `values`
 * holds the metrics in order, each as [T], [T][A] or [T][A][B] (row-major),
 * concatenated. */
int h5out_write_replicate(struct h5out *h, size_t index, size_t replicate,
                          const double *values, struct wk_error *err);

/* Flush, close and rename the temporary file onto the target. Frees h
 * whether or not it succeeds; on failure the temporary file is removed. */
int h5out_commit(struct h5out *h, struct wk_error *err);

/* Close and remove the temporary file; frees h. Safe with NULL. */
void h5out_abort(struct h5out *h);

/* The temporary file's path (valid until commit/abort). */
const char *h5out_temp_path(const struct h5out *h);

/* ---- reading back (h5read.c; wijksim info, wijksim rerun) ---- */

/* Call first in main, before any other HDF5 call: no HDF5 clean-up at exit
 * (H5dont_atexit), because after a failed write (disk full) the library's
 * exit-time closing of what it still holds can crash, turning a clean
 * error into a signal; and no printing of HDF5's error stack. */
void h5out_library_setup(void);

struct h5out_scenario_info {
	char *name;
	char *config;                /* effective scenario text */
	uint64_t seed;
	long long replicates, days, output_every;
	char *version;               /* the file's `version` (wijksim that wrote it);
	                              * NULL when not recorded */
};

/* Read the scenarios stored in a result file, in file order, after the
 * checks of README "Result file integrity": the file's seal, each
 * scenario's config_sha256 against its text, and its seed, replicates,
 * days and output_every against the text and the contract's ranges (a
 * mismatch is status 2). The caller frees with h5out_info_free. */
int h5out_read_scenarios(const char *path, struct h5out_scenario_info **out,
                         size_t *n, struct wk_error *err);
void h5out_info_free(struct h5out_scenario_info *info, size_t n);

/* Print `wijksim info` (info.c): provenance (root attributes), and per
 * scenario its replicates, days, a headline table (means over replicates
 * with 95% t-intervals of time-summed flows / time-averaged stocks and
 * means, chosen by a rule on each dataset's shape and kind) and the list of
 * its datasets with kind, axis and long_name, all read from the file.
 * Status 1 when the file cannot be read, 2 when it is not a wijksim
 * result. */
int h5out_print_info(const char *path, void *file /* FILE* */, struct wk_error *err);

#endif
