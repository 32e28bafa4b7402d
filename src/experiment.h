/*
 * experiment.h — `wijksim experiment`: a design over any scalar settings
 * (the scenario's `experiment` section), run as points x replicates with
 * common random numbers, summarised per run into /experiments/<name>/
 * (README.md "Experiments, sensitivity and calibration").
 *
 * Pieces, one file each:
 *   experiment.c      read and check the section; the design's points and
 *                     each point's settings as --set texts;
 *   experiment_h5.c   the result file: create or resume, one point at a
 *                     time, publish; the per-run summaries of a scratch
 *                     result;
 *   experiment_cmd.c  the command: options, batches of points through
 *                     engine_run, progress, interrupts.
 *
 * Invariants:
 *  1. Every point runs with the scenario's seed: replicate r of every point
 *     shares its residents' life events (common random numbers), and the
 *     design itself is drawn from that seed (design.h).
 *  2. A point's settings are `--set path=value` overrides of the scenario's
 *     effective text, so a factor is any path --set takes and every point is
 *     checked like any scenario.
 *  3. Point p is written whole or not at all; `done[p]` says which. A file
 *     at the target is complete; an interrupted one waits at
 *     "<target>.partial" for --resume.
 */
#ifndef WK_EXPERIMENT_H
#define WK_EXPERIMENT_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "design.h"
#include "error.h"
#include "scen.h"
#include "schema.h"

/* Why a bound: --set texts of a factor (path and value) fit in this. */
enum { EXPERIMENT_SET_CAP = 320 };

struct experiment_factor {
	char path[256];            /* as written: a --set path */
	enum schema_type type;     /* the setting's: INT, INT64, FLOAT, BOOL, STRING */
	int continuous;            /* 1: min..max; 0: levels */
	double min, max;
	size_t n_levels;           /* levels (factorial: also of a range) */
	double *levels;            /* n_levels values (bool: 0/1; text: index) */
	char **labels;             /* n_levels texts of a text setting, else NULL */
};

struct experiment {
	char name[48];
	enum design_kind design;
	size_t points_setting;     /* experiment.points as written */
	size_t replicates;
	size_t morris_levels;
	uint64_t seed;
	size_t k;
	struct experiment_factor *factors;
	size_t n_points;
	double *unit;              /* [n_points][k] in [0, 1] (design.h) */
	double *values;            /* [n_points][k]: the value each point uses */
	int series;                /* --series: also every run's time series (experiment_h5.c) */
};

/* Read and check the experiment section of a loaded scenario, and generate
 * its design. Bad sections fail with status 2 naming the file, line and
 * setting. The caller frees with experiment_free (also after a failure). */
int experiment_read(const struct scen *scen, const struct schema *schema,
                    struct experiment *ex, struct wk_error *err);
void experiment_free(struct experiment *ex);

/* The k "path=value" texts of point p into sets[k]. */
void experiment_point_sets(const struct experiment *ex, size_t p,
                           char (*sets)[EXPERIMENT_SET_CAP]);

/* For calibrate.c: resolve `path` (written at setting `at`) as a factor
 * path: a scalar scenario setting a factor may vary; its schema entry into
 * *entry. And check a number for that setting (range, whole for integers).
 * Both fail with status 2 about `at`. */
int experiment_resolve_factor(const struct scen *scen, const struct schema *schema,
                              const config_setting_t *at, const char *path,
                              const struct schema_entry **entry, struct wk_error *err);
int experiment_check_number(const struct scen *scen, const config_setting_t *at,
                            const struct schema_entry *e, const char *path, double v,
                            struct wk_error *err);

/* For calibrate.c: resolve `path` (written at `at`) as a number array that
 * a scale parameter multiplies: a float array setting of the scenario whose
 * elements, as the scenario has them, go into base[0 .. *n) (at most cap).
 * Its schema entry into *entry. Fails with status 2 about `at`. */
int experiment_resolve_array(const struct scen *scen, const struct schema *schema,
                             const config_setting_t *at, const char *path,
                             const struct schema_entry **entry, double *base, size_t cap,
                             size_t *n, struct wk_error *err);

/* ---- experiment_h5.c ---- */

struct experiment_file;
struct model_params;

/* Create "<target>.partial" (refusing an existing target without force,
 * and an existing partial file without resume), or with `resume` open the
 * partial file and check it holds this experiment (same config_sha256,
 * design and shape; status 2 otherwise). `config_text` is the scenario's
 * effective text, `p` its parameters (axes, days). *done_points tells how
 * many points are done; experiment_file_done(f, point) which. */
int experiment_file_open(const char *target, int force, int resume, const struct experiment *ex,
                         const char *config_text, const struct model_params *p,
                         const char *command_line, struct experiment_file **out,
                         size_t *done_points, struct wk_error *err);
int experiment_file_done(const struct experiment_file *f, size_t point);

/* Read every run of scenario group `group` of the scratch result
 * `scratch` (still open: engine_run has written it, nobody commits it) and
 * write its summaries as point `point`. */
struct h5out;
int experiment_file_add_point(struct experiment_file *f, size_t point,
                              const struct h5out *scratch, const char *group,
                              struct wk_error *err);

/* The per-run summaries (invariant 3 of experiment_h5.c) of metric m of
 * scenario group `group` of an open scratch result: out[r][a], R runs of
 * model_metric_len(p, m) values. */
int experiment_read_summary(const struct h5out *scratch, const char *group,
                            const struct model_params *p, size_t replicates, size_t m,
                            double *out, struct wk_error *err);

/* As experiment_read_summary, but each run's value in its last output
 * interval: a stock at the end of the run (clients, residents_helped count
 * residents since output day 0). */
int experiment_read_end(const struct h5out *scratch, const char *group,
                        const struct model_params *p, size_t replicates, size_t m,
                        double *out, struct wk_error *err);

/* Close; with `publish` (every point done) rename it onto the target.
 * Without, the partial file stays for --resume. Frees f. */
int experiment_file_close(struct experiment_file *f, int publish, struct wk_error *err);

/* "<target>.partial" into buf. */
void experiment_partial_path(const char *target, char *buf, size_t size);

/* ---- experiment_cmd.c ---- */

/* `wijksim experiment FILE.cfg [-o OUT.h5] [-t N] [--resume] ...`;
 * argv[0] is "experiment". Returns the exit status. */
int experiment_main(int argc, char **argv, const char *command_line);

/* The usage text of `wijksim experiment` (cli_help.c prints it too). */
void experiment_print_usage(FILE *f);

#endif
