/*
 * decompose.c — the numbers of `wijksim decompose` (decompose.h): headline
 * outcomes read back from the combinations' result file, per-replicate
 * Shapley values, single effects and the interaction remainder, and the
 * table, CSV and /decompose outputs.
 *
 * The outcomes (outcome_defs) are the key outcomes `wijksim info` leads
 * with, one number per replicate each: flows are summed over the run (and
 * over their label axis), stocks and means averaged over the output
 * intervals that have a value; early_share is a ratio of sums, and
 * wait_days is weighted by arrivals (the published stand-in for first
 * contacts) over the formal roles. A combination's number for an outcome is
 * v(S), the value of the game.
 *
 * Invariants:
 *  1. For every replicate and outcome with finite values, the Shapley
 *     values sum to the total effect to within 1e-9 of the largest |v|
 *     (efficiency); decompose_compute fails otherwise.
 *  2. Every statistic is computed on per-replicate values (common random
 *     numbers: replicate r of every combination shares its residents' life
 *     events), then summarised by shapley_mean_interval.
 *
 * Ownership: decompose_result owns its arrays and names; readers free what
 * they read before returning.
 */
#include "decompose.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "h5common.h"
#include "h5read.h"
#include "shapley.h"

/* Width of the terminal the table is laid out for, and of its columns. */
enum { TABLE_WIDTH = 100, NAME_COLUMN = 20, NUMBER_COLUMN = 10 };

enum outcome_id {
	O_ESCALATIONS,
	O_EARLY_SHARE,
	O_SIGNAL_DELAY,
	O_WAIT_DAYS,
	O_TURNED_AWAY,
	O_HOURS_FORMAL,
	O_HOURS_INFORMAL,
	O_CARE_INFORMAL,
	O_CARE_UNMET,
	O_CARERS_OVERLOADED,
	O_HEALTH,
	O_COST_TOTAL,
	O_COST_SECOND_LINE,
	O_COUNT
};

struct outcome_def {
	const char *name, *unit, *meaning;
};

static const struct outcome_def outcome_defs[O_COUNT] = {
	[O_ESCALATIONS] = {"escalations", "1", "escalations, summed over the run and need types"},
	[O_EARLY_SHARE] = {"early_share", "1",
	                   "signals_early_by_type / signals_by_type, both summed over the run "
	                   "and need types"},
	[O_SIGNAL_DELAY] = {"signal_delay_days", "day", "signal_delay_days, mean over time"},
	[O_WAIT_DAYS] = {"wait_days", "day",
	                 "wait_days of formal roles, mean over time and roles weighted by "
	                 "arrivals"},
	[O_TURNED_AWAY] = {"needs_turned_away", "1",
	                   "needs_turned_away, summed over the run and roles"},
	[O_HOURS_FORMAL] = {"hours_formal", "hour",
	                    "hours_used of formal roles, summed over the run and roles"},
	[O_HOURS_INFORMAL] = {"hours_informal", "hour",
	                      "hours_used of informal roles, summed over the run and roles"},
	[O_CARE_INFORMAL] = {"care_informal_hours", "hour",
	                     "care_informal_hours, summed over the run"},
	[O_CARE_UNMET] = {"care_unmet_hours", "hour", "care_unmet_hours, summed over the run"},
	[O_CARERS_OVERLOADED] = {"carers_overloaded", "1", "carers_overloaded, mean over time"},
	[O_HEALTH] = {"health", "1", "health, mean over time and the six dimensions"},
	[O_COST_TOTAL] = {"cost_total", "euro", "cost_total, summed over the run"},
	[O_COST_SECOND_LINE] = {"cost_second_line", "euro",
	                        "cost_second_line, summed over the run"},
};

size_t decompose_outcome_count(void)
{
	return O_COUNT;
}

const char *decompose_outcome_name(size_t o)
{
	return o < O_COUNT ? outcome_defs[o].name : NULL;
}

const char *decompose_outcome_unit(size_t o)
{
	return o < O_COUNT ? outcome_defs[o].unit : NULL;
}

const char *decompose_outcome_meaning(size_t o)
{
	return o < O_COUNT ? outcome_defs[o].meaning : NULL;
}

/* ------------------------------------------------------------ reading */

/* A metric of one scenario group: data[r][t][a]. */
struct series {
	double *data;
	size_t replicates, times, labels;
};

static void series_free(struct series *s)
{
	free(s->data);
	memset(s, 0, sizeof *s);
}

/* Read dataset `name` ([R,T] or [R,T,A]) of `group`; -1 when it is missing
 * or has another number of replicates. */
static int series_read(hid_t group, const char *name, size_t replicates, struct series *s)
{
	hid_t dset = H5I_INVALID_HID, space = H5I_INVALID_HID;
	hsize_t dims[3] = {0, 0, 1};
	int rank, rc = -1;

	memset(s, 0, sizeof *s);
	if (H5Lexists(group, name, H5P_DEFAULT) <= 0)
		goto out;
	dset = H5Dopen2(group, name, H5P_DEFAULT);
	space = dset < 0 ? H5I_INVALID_HID : H5Dget_space(dset);
	rank = space < 0 ? -1 : H5Sget_simple_extent_ndims(space);
	if ((rank != 2 && rank != 3) || H5Sget_simple_extent_dims(space, dims, NULL) < 0 ||
	    dims[0] != replicates)
		goto out;
	s->replicates = (size_t)dims[0];
	s->times = (size_t)dims[1];
	s->labels = (size_t)dims[2];
	s->data = malloc((s->replicates * s->times * s->labels + 1) * sizeof *s->data);
	if (!s->data ||
	    H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, s->data) < 0)
		goto out;
	rc = 0;
out:
	if (rc)
		series_free(s);
	h5c_close_id(&space);
	h5c_close_id(&dset);
	H5Eclear2(H5E_DEFAULT);
	return rc;
}

/* Sum over time and the labels marked in `use` (NULL: all) of replicate r. */
static double series_sum(const struct series *s, size_t r, const int *use)
{
	double sum = 0.0;

	for (size_t t = 0; t < s->times; t++)
		for (size_t a = 0; a < s->labels; a++) {
			double x = s->data[(r * s->times + t) * s->labels + a];
			if ((!use || use[a]) && !isnan(x))
				sum += x;
		}
	return sum;
}

/* Mean over time and labels of replicate r, leaving out NaN (no value). */
static double series_mean(const struct series *s, size_t r)
{
	double sum = 0.0;
	size_t n = 0;

	for (size_t i = 0; i < s->times * s->labels; i++) {
		double x = s->data[r * s->times * s->labels + i];
		if (!isnan(x)) {
			sum += x;
			n++;
		}
	}
	return n ? sum / (double)n : NAN;
}

/* formal[a] = 1 for the formal roles of the group (role_kind). */
static int *formal_roles(hid_t group, size_t n_roles)
{
	hid_t dset = H5I_INVALID_HID;
	char **kinds = NULL;
	size_t n = 0;
	int *formal = NULL;

	if (H5Lexists(group, "role_kind", H5P_DEFAULT) > 0)
		dset = H5Dopen2(group, "role_kind", H5P_DEFAULT);
	if (dset >= 0 && h5read_strings(dset, &kinds, &n) == 0 && n == n_roles) {
		formal = calloc(n ? n : 1, sizeof *formal);
		for (size_t a = 0; formal && a < n; a++)
			formal[a] = strcmp(kinds[a], "formal") == 0;
	}
	if (kinds)
		h5read_free_strings(kinds, n);
	h5c_close_id(&dset);
	H5Eclear2(H5E_DEFAULT);
	return formal;
}

/* The metrics the outcomes are made of. */
enum {
	S_ESCALATIONS,
	S_SIGNALS,
	S_SIGNALS_EARLY,
	S_SIGNAL_DELAY,
	S_WAIT,
	S_ARRIVALS,
	S_TURNED_AWAY,
	S_HOURS,
	S_CARE_INFORMAL,
	S_CARE_UNMET,
	S_CARERS_OVERLOADED,
	S_HEALTH,
	S_COST_TOTAL,
	S_COST_SECOND_LINE,
	S_COUNT
};

static const char *const series_names[S_COUNT] = {
	"escalations",         "signals_by_type",  "signals_early_by_type", "signal_delay_days",
	"wait_days",           "arrivals",         "needs_turned_away",     "hours_used",
	"care_informal_hours", "care_unmet_hours", "carers_overloaded",     "health",
	"cost_total",          "cost_second_line"};

/* Arrival-weighted wait at the formal roles of replicate r. */
static double weighted_wait(const struct series *wait, const struct series *arrivals, size_t r,
	                    const int *formal)
{
	double sum = 0.0, weight = 0.0;

	for (size_t i = 0; i < wait->times * wait->labels; i++) {
		size_t at = r * wait->times * wait->labels + i;
		double w = wait->data[at], a = arrivals->data[at];
		if (formal[i % wait->labels] && !isnan(w) && a > 0.0) {
			sum += w * a;
			weight += a;
		}
	}
	return weight > 0.0 ? sum / weight : NAN;
}

/* The outcomes of one scenario group into values[r][o]. */
static int group_outcomes(hid_t group, const char *path, const char *name, size_t replicates,
	                  double *values, struct wk_error *err)
{
	struct series s[S_COUNT];
	int *formal = NULL, *informal = NULL, rc = 0;

	memset(s, 0, sizeof s);
	for (size_t i = 0; i < S_COUNT; i++)
		if (series_read(group, series_names[i], replicates, &s[i])) {
			rc = wk_error_set(err, WK_EXIT_RUNTIME, path, 0, NULL,
			                  "scenario '%s' has no readable '%s' with %zu replicates",
			                  name, series_names[i], replicates);
			goto out;
		}
	formal = formal_roles(group, s[S_HOURS].labels);
	if (!formal || s[S_WAIT].labels != s[S_HOURS].labels ||
	    s[S_ARRIVALS].labels != s[S_HOURS].labels || s[S_WAIT].times != s[S_ARRIVALS].times) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, path, 0, NULL,
		                  "scenario '%s': role_kind, wait_days and arrivals do not match "
		                  "hours_used",
		                  name);
		goto out;
	}
	informal = calloc(s[S_HOURS].labels + 1, sizeof *informal);
	if (!informal) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	for (size_t a = 0; a < s[S_HOURS].labels; a++)
		informal[a] = !formal[a];
	for (size_t r = 0; r < replicates; r++) {
		double *v = values + r * O_COUNT;
		double signals = series_sum(&s[S_SIGNALS], r, NULL);

		v[O_ESCALATIONS] = series_sum(&s[S_ESCALATIONS], r, NULL);
		v[O_EARLY_SHARE] =
		        signals > 0.0 ? series_sum(&s[S_SIGNALS_EARLY], r, NULL) / signals : NAN;
		v[O_SIGNAL_DELAY] = series_mean(&s[S_SIGNAL_DELAY], r);
		v[O_WAIT_DAYS] = weighted_wait(&s[S_WAIT], &s[S_ARRIVALS], r, formal);
		v[O_TURNED_AWAY] = series_sum(&s[S_TURNED_AWAY], r, NULL);
		v[O_HOURS_FORMAL] = series_sum(&s[S_HOURS], r, formal);
		v[O_HOURS_INFORMAL] = series_sum(&s[S_HOURS], r, informal);
		v[O_CARE_INFORMAL] = series_sum(&s[S_CARE_INFORMAL], r, NULL);
		v[O_CARE_UNMET] = series_sum(&s[S_CARE_UNMET], r, NULL);
		v[O_CARERS_OVERLOADED] = series_mean(&s[S_CARERS_OVERLOADED], r);
		v[O_HEALTH] = series_mean(&s[S_HEALTH], r);
		v[O_COST_TOTAL] = series_sum(&s[S_COST_TOTAL], r, NULL);
		v[O_COST_SECOND_LINE] = series_sum(&s[S_COST_SECOND_LINE], r, NULL);
	}
out:
	for (size_t i = 0; i < S_COUNT; i++)
		series_free(&s[i]);
	free(formal);
	free(informal);
	return rc;
}

int decompose_read_outcomes(const char *path, const char *const *groups, size_t n_groups,
	                    size_t replicates, double *values, struct wk_error *err)
{
	hid_t file = H5I_INVALID_HID, scenarios = H5I_INVALID_HID;
	int rc = h5read_open(path, &file, &scenarios, NULL, err);

	for (size_t g = 0; rc == 0 && g < n_groups; g++) {
		hid_t group = H5I_INVALID_HID;

		if (H5Lexists(scenarios, groups[g], H5P_DEFAULT) > 0)
			group = H5Gopen2(scenarios, groups[g], H5P_DEFAULT);
		if (group < 0) {
			H5Eclear2(H5E_DEFAULT);
			rc = wk_error_set(err, WK_EXIT_RUNTIME, path, 0, NULL,
			                  "no scenario '%s' in the combinations' results",
			                  groups[g]);
			break;
		}
		rc = group_outcomes(group, path, groups[g], replicates,
		                    values + g * replicates * O_COUNT, err);
		h5c_close_id(&group);
	}
	h5c_close_id(&scenarios);
	h5c_close_id(&file);
	return rc;
}

/* ------------------------------------------------------------ arithmetic */

void decompose_result_free(struct decompose_result *res)
{
	for (size_t i = 0; res->ingredients && i < res->k; i++)
		free(res->ingredients[i]);
	free(res->ingredients);
	free(res->scenario);
	free(res->baseline);
	free(res->shapley);
	free(res->single);
	free(res->total);
	free(res->remainder);
	free(res->baseline_value);
	free(res->scenario_value);
	memset(res, 0, sizeof *res);
}

static void summarise(const double *per_replicate, size_t replicates, double *stats)
{
	shapley_mean_interval(per_replicate, replicates, 1, &stats[DECOMPOSE_MEAN],
	                      &stats[DECOMPOSE_LO95], &stats[DECOMPOSE_HI95]);
}

int decompose_compute(size_t k, const char *const *ingredients, size_t replicates,
	              const double *values, struct decompose_result *res, struct wk_error *err)
{
	size_t n_sets = (size_t)1 << k, full = n_sets - 1, O = O_COUNT, R = replicates;
	double *phi = malloc((k + 1) * R * sizeof *phi); /* [k][R], then work */
	double *single = malloc((k + 1) * R * sizeof *single);
	double *total = malloc((R + 1) * sizeof *total), *rest = malloc((R + 1) * sizeof *rest);
	double *v = malloc(n_sets * sizeof *v), *phi_r = malloc((k + 1) * sizeof *phi_r);
	int rc = 0;

	memset(res, 0, sizeof *res);
	res->k = k;
	res->n_outcomes = O;
	res->replicates = R;
	res->ingredients = calloc(k ? k : 1, sizeof *res->ingredients);
	res->shapley = calloc((k ? k : 1) * O * DECOMPOSE_STATS, sizeof *res->shapley);
	res->single = calloc((k ? k : 1) * O * DECOMPOSE_STATS, sizeof *res->single);
	res->total = calloc(O * DECOMPOSE_STATS, sizeof *res->total);
	res->remainder = calloc(O * DECOMPOSE_STATS, sizeof *res->remainder);
	res->baseline_value = calloc(O, sizeof *res->baseline_value);
	res->scenario_value = calloc(O, sizeof *res->scenario_value);
	if (!phi || !single || !total || !rest || !v || !phi_r || !res->ingredients ||
	    !res->shapley || !res->single || !res->total || !res->remainder ||
	    !res->baseline_value || !res->scenario_value) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	if (k < 1 || k > SHAPLEY_MAX_PLAYERS || R < 1) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                  "internal error: %zu ingredients, %zu replicates", k, R);
		goto out;
	}
	for (size_t i = 0; i < k; i++) {
		res->ingredients[i] = strdup(ingredients[i]);
		if (!res->ingredients[i]) {
			rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
			goto out;
		}
	}
	for (size_t o = 0; o < O; o++) {
		for (size_t r = 0; r < R; r++) {
			double sum_phi = 0.0, sum_single = 0.0, scale = 1.0;

			for (size_t s = 0; s < n_sets; s++) {
				v[s] = values[(s * R + r) * O + o];
				if (fabs(v[s]) > scale)
					scale = fabs(v[s]);
			}
			shapley_values(k, v, phi_r);
			total[r] = v[full] - v[0];
			for (size_t i = 0; i < k; i++) {
				phi[i * R + r] = phi_r[i];
				single[i * R + r] = v[(size_t)1 << i] - v[0];
				sum_phi += phi_r[i];
				sum_single += single[i * R + r];
			}
			rest[r] = total[r] - sum_single;
			/* Invariant 1. */
			if (isfinite(total[r]) && isfinite(sum_phi) &&
			    fabs(sum_phi - total[r]) > 1e-9 * scale) {
				rc = wk_error_set(
				        err, WK_EXIT_RUNTIME, NULL, 0, NULL,
				        "internal error: the Shapley values of %s, replicate "
				        "%zu, sum to %.17g, not to the total effect %.17g",
				        outcome_defs[o].name, r, sum_phi, total[r]);
				goto out;
			}
			phi[k * R + r] = v[0];
			single[k * R + r] = v[full];
		}
		for (size_t i = 0; i < k; i++) {
			summarise(phi + i * R, R, res->shapley + (i * O + o) * DECOMPOSE_STATS);
			summarise(single + i * R, R, res->single + (i * O + o) * DECOMPOSE_STATS);
		}
		summarise(total, R, res->total + o * DECOMPOSE_STATS);
		summarise(rest, R, res->remainder + o * DECOMPOSE_STATS);
		{
			double lo, hi;
			shapley_mean_interval(phi + k * R, R, 1, &res->baseline_value[o], &lo, &hi);
			shapley_mean_interval(single + k * R, R, 1, &res->scenario_value[o], &lo,
			                      &hi);
		}
	}
out:
	free(phi);
	free(single);
	free(total);
	free(rest);
	free(v);
	free(phi_r);
	return rc;
}

/* ------------------------------------------------------------ table */

/* A number in at most 8 characters: 3 significant digits, k/M/G for
 * thousands, millions, billions; "n/a" when there is none. */
static void compact(double x, char *buf, size_t size)
{
	static const char suffix[] = {'k', 'M', 'G'};
	double m = fabs(x), div = 1.0;
	int s = -1;

	if (!isfinite(x)) {
		snprintf(buf, size, "n/a");
		return;
	}
	while (m >= 999.5 * div && s < 2) {
		div *= 1000.0;
		s++;
	}
	if (s < 0)
		snprintf(buf, size, "%.3g", x);
	else
		snprintf(buf, size, "%.3g%c", x / div, suffix[s]);
}

/* A column title cut to the column, counted in characters. */
static void cell_title(const char *name, char *buf, size_t size)
{
	size_t i = 0, chars = 0;

	while (name[i] && i + 4 < size) {
		if (((unsigned char)name[i] & 0xc0) != 0x80 && ++chars > NUMBER_COLUMN - 1)
			break;
		buf[i] = name[i];
		i++;
	}
	buf[i] = '\0';
}

/* One block: a row per outcome, a column per ingredient (values[i][o][3],
 * stride O*3) and one more column (last[o][3]) titled last_title; the mean
 * on the row's first line, ± half the interval below. */
static void print_block(FILE *out, const struct decompose_result *res, const char *title,
	                const double *values, const double *last, const char *last_title)
{
	size_t O = res->n_outcomes;
	char cell[32], head[32];

	fprintf(out, "\n%s\n%-*s", title, NAME_COLUMN, "outcome");
	for (size_t i = 0; i < res->k; i++) {
		cell_title(res->ingredients[i], head, sizeof head);
		fprintf(out, "%*s", NUMBER_COLUMN, head);
	}
	fprintf(out, "%*s\n", NUMBER_COLUMN, last_title);
	for (size_t o = 0; o < O; o++) {
		for (int line = 0; line < 2; line++) {
			fprintf(out, "%-*s", NAME_COLUMN, line ? "" : outcome_defs[o].name);
			for (size_t i = 0; i <= res->k; i++) {
				const double *st = i < res->k
				                           ? values + (i * O + o) * DECOMPOSE_STATS
				                           : last + o * DECOMPOSE_STATS;
				if (line == 0) {
					compact(st[DECOMPOSE_MEAN], cell, sizeof cell);
				} else {
					char half[24];
					compact((st[DECOMPOSE_HI95] - st[DECOMPOSE_LO95]) / 2.0,
					        half, sizeof half);
					snprintf(cell, sizeof cell, "±%s", half);
				}
				/* '±' is two bytes and one column. */
				fprintf(out, "%*s", NUMBER_COLUMN + (line ? 1 : 0), cell);
			}
			fputc('\n', out);
		}
	}
}

void decompose_print(FILE *out, const struct decompose_result *res)
{
	size_t O = res->n_outcomes;
	char a[32], b[32], c[32], d[32], e[32];

	fprintf(out,
	        "decompose '%s' against baseline '%s': %zu ingredients, %zu combinations,\n"
	        "%zu replicates of each, seed %llu\n",
	        res->scenario, res->baseline, res->k, (size_t)1 << res->k, res->replicates,
	        (unsigned long long)res->seed);
	fprintf(out, "ingredients:");
	for (size_t i = 0; i < res->k; i++)
		fprintf(out, " [%zu] %s", i + 1, res->ingredients[i]);
	fprintf(out,
	        "\nper replicate: flows summed over the run, stocks averaged; then the mean "
	        "over replicates\nand ± half its 95%% t interval (k: thousands, M: millions)"
	        "\n\n%-*s%-6s%*s%*s%*s  %s\n",
	        NAME_COLUMN, "outcome", "unit", NUMBER_COLUMN, "baseline", NUMBER_COLUMN,
	        "scenario", NUMBER_COLUMN, "total", "95% interval of the total effect");
	for (size_t o = 0; o < O; o++) {
		const double *t = res->total + o * DECOMPOSE_STATS;
		compact(res->baseline_value[o], a, sizeof a);
		compact(res->scenario_value[o], b, sizeof b);
		compact(t[DECOMPOSE_MEAN], c, sizeof c);
		compact(t[DECOMPOSE_LO95], d, sizeof d);
		compact(t[DECOMPOSE_HI95], e, sizeof e);
		fprintf(out, "%-*s%-6s%*s%*s%*s  [%s, %s]\n", NAME_COLUMN, outcome_defs[o].name,
		        outcome_defs[o].unit, NUMBER_COLUMN, a, NUMBER_COLUMN, b, NUMBER_COLUMN, c,
		        d, e);
	}
	print_block(out, res,
	            "Shapley contributions: each ingredient's average effect over the orders "
	            "of adding them;\nthey sum to the total effect",
	            res->shapley, res->total, "total");
	print_block(out, res,
	            "Single effects: each ingredient added alone to the baseline; remainder = "
	            "total - their sum\n(interaction: what the ingredients do only together)",
	            res->single, res->remainder, "remainder");
}

/* ------------------------------------------------------------ CSV */

/* A CSV field: quoted when it holds a comma, quote or line break. */
static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void csv_row(FILE *f, const struct decompose_result *res, size_t o, const char *ingredient,
	            const char *kind, const double *st)
{
	csv_field(f, outcome_defs[o].name);
	fputc(',', f);
	csv_field(f, outcome_defs[o].unit);
	fputc(',', f);
	csv_field(f, ingredient);
	fprintf(f, ",%s", kind);
	for (int s = 0; s < DECOMPOSE_STATS; s++)
		fprintf(f, isfinite(st[s]) ? ",%.17g" : ",NaN", st[s]);
	fprintf(f, ",%zu\n", res->replicates);
}

int decompose_write_csv(const char *path, const struct decompose_result *res, struct wk_error *err)
{
	size_t O = res->n_outcomes;
	FILE *f = fopen(path, "w");

	if (!f)
		return wk_error_set(err, WK_EXIT_RUNTIME, path, 0, NULL, "cannot write: %s",
		                    strerror(errno));
	fprintf(f, "outcome,unit,ingredient,kind,mean,lo95,hi95,replicates\n");
	for (size_t o = 0; o < O; o++) {
		for (size_t i = 0; i < res->k; i++)
			csv_row(f, res, o, res->ingredients[i], "shapley",
			        res->shapley + (i * O + o) * DECOMPOSE_STATS);
		for (size_t i = 0; i < res->k; i++)
			csv_row(f, res, o, res->ingredients[i], "single",
			        res->single + (i * O + o) * DECOMPOSE_STATS);
		csv_row(f, res, o, "", "total", res->total + o * DECOMPOSE_STATS);
		csv_row(f, res, o, "", "remainder", res->remainder + o * DECOMPOSE_STATS);
	}
	if (ferror(f) | (fclose(f) != 0))
		return wk_error_set(err, WK_EXIT_RUNTIME, path, 0, NULL, "cannot write: %s",
		                    strerror(errno));
	return 0;
}

/* ------------------------------------------------------------ HDF5 */

static int write_strings(hid_t group, const char *name, size_t n, const char *const *strings)
{
	hsize_t dims[1] = {n};
	hid_t type = h5c_utf8_string_type(), space = H5Screate_simple(1, dims, NULL), dset;
	int rc = -1;

	dset = type < 0 || space < 0 ? H5I_INVALID_HID
	                             : H5Dcreate2(group, name, type, space, H5P_DEFAULT,
	                                          H5P_DEFAULT, H5P_DEFAULT);
	if (dset >= 0 && H5Dwrite(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, strings) >= 0)
		rc = 0;
	h5c_close_id(&dset);
	h5c_close_id(&space);
	h5c_close_id(&type);
	return rc;
}

static int write_doubles(hid_t group, const char *name, int rank, const hsize_t *dims,
	                 const double *values)
{
	hid_t space = H5Screate_simple(rank, dims, NULL), dset;
	int rc = -1;

	dset = space < 0 ? H5I_INVALID_HID
	                 : H5Dcreate2(group, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT,
	                              H5P_DEFAULT);
	if (dset >= 0 &&
	    H5Dwrite(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) >= 0)
		rc = 0;
	h5c_close_id(&dset);
	h5c_close_id(&space);
	return rc;
}

int decompose_write_h5(struct h5out *h, const struct decompose_result *res, struct wk_error *err)
{
	static const char *const stats[DECOMPOSE_STATS] = {"mean", "lo95", "hi95"};
	const char *names[O_COUNT], *units[O_COUNT];
	hsize_t by_ingredient[3] = {res->k, res->n_outcomes, DECOMPOSE_STATS};
	hsize_t by_outcome[2] = {res->n_outcomes, DECOMPOSE_STATS};
	hid_t file = h5out_file_id(h), group;
	int ok;

	for (size_t o = 0; o < O_COUNT; o++) {
		names[o] = outcome_defs[o].name;
		units[o] = outcome_defs[o].unit;
	}
	group = file < 0 ? H5I_INVALID_HID
	                 : H5Gcreate2(file, "decompose", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	ok = group >= 0 && h5c_attr_write_string(group, "scenario", res->scenario) == 0 &&
	     h5c_attr_write_string(group, "baseline", res->baseline) == 0 &&
	     h5c_attr_write_int64(group, "replicates", (long long)res->replicates) == 0 &&
	     h5c_attr_write_uint64(group, "seed", res->seed) == 0 &&
	     write_strings(group, "ingredient", res->k, (const char *const *)res->ingredients) ==
	             0 &&
	     write_strings(group, "outcome", O_COUNT, names) == 0 &&
	     write_strings(group, "unit", O_COUNT, units) == 0 &&
	     write_strings(group, "stat", DECOMPOSE_STATS, stats) == 0 &&
	     write_doubles(group, "shapley", 3, by_ingredient, res->shapley) == 0 &&
	     write_doubles(group, "single", 3, by_ingredient, res->single) == 0 &&
	     write_doubles(group, "total", 2, by_outcome, res->total) == 0 &&
	     write_doubles(group, "remainder", 2, by_outcome, res->remainder) == 0 &&
	     write_doubles(group, "baseline_value", 1, by_outcome, res->baseline_value) == 0 &&
	     write_doubles(group, "scenario_value", 1, by_outcome, res->scenario_value) == 0;
	h5c_close_id(&group);
	if (!ok)
		return h5c_fail(err, h5out_temp_path(h), "cannot write the /decompose group");
	return 0;
}
