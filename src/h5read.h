/*
 * h5read.h — private interface of the result-file reader (h5read.c), used
 * by h5read.c's public functions (h5out_read_scenarios, in h5out.h) and by
 * `wijksim info` (info.c).
 *
 * Invariants: readers never print; a missing or mistyped attribute is a
 * -1 return (with HDF5's error stack cleared), and only the functions that
 * take a wk_error report problems, with status 1 when the file cannot be
 * read and 2 when it is not a wijksim result.
 *
 * Ownership: strings and string arrays returned here are malloc'd and
 * belong to the caller (h5read_free_strings frees an array); ids from
 * h5read_open belong to the caller (close with h5c_close_id).
 */
#ifndef WK_H5READ_H
#define WK_H5READ_H

#include <stddef.h>

#include <hdf5.h>

#include "error.h"
#include "h5common.h"
#include "h5out.h"

/* The contract's limits (h5out.h): the schema's largest
 * simulation.replicates and simulation.days, and more labels on an axis
 * than any scenario has (MODEL_MAX_ROLES, _NEED_TYPES, _CHANNELS are 64 or
 * less). A file beyond them is refused before anything is allocated. */
enum { H5READ_MAX_REPLICATES = 100000, H5READ_MAX_DAYS = 36500, H5READ_MAX_LABELS = 4096 };
/* The most values of one replicate's row (time x labels) or of one label
 * over replicates that a reader holds in memory: 2^24 doubles, 128 MiB,
 * beyond any real run (36,500 days x 64 labels; 100,000 replicates x 64). */
#define H5READ_MAX_ROW ((hsize_t)1 << 24)

/* Open a result file read-only and its /scenarios group, after checking
 * that it is a regular file and that its seal (h5common.h), if it has one,
 * is intact; *seal (when not NULL) says which. A broken seal is status 2. */
int h5read_open(const char *path, hid_t *file_out, hid_t *scenarios_out,
                enum h5c_seal_state *seal, struct wk_error *err);

/* Visit the scenario groups of an open result in file order. The visitor
 * owns `name` (it must free it or keep it); a non-zero return stops the
 * walk and is returned. */
typedef int (*h5read_visit_fn)(hid_t group, char *name, void *data,
                               struct wk_error *err);
int h5read_scenarios_visit(hid_t scenarios, const char *path,
                           h5read_visit_fn visit, void *data,
                           struct wk_error *err);

/* Read a scenario group's attributes into *info, which takes ownership of
 * `name` (and of config), also on failure. */
int h5read_scenario_info(hid_t group, const char *path, char *name,
                         struct h5out_scenario_info *info, struct wk_error *err);

/* Do `work` (a reader of `path`; its status is ignored) in a child
 * process first: when libhdf5 crashes on a damaged file that has no seal
 * (or a forged one), the child dies, not wijksim, and the file is refused
 * with status 2; so it is when the child reads for longer than a limit
 * (libhdf5 can also loop; see probe_seconds in h5read.c). Returns 0 when
 * the child ended normally (or no child could be made). Call with no
 * other threads running. */
int h5read_probe(const char *path, int (*work)(const char *path, void *data), void *data,
                 struct wk_error *err);

/* Check every dataset of a scenario group against the contract (shape,
 * type, limits above) before a reader allocates for it. 0, or status 2
 * naming the dataset. */
int h5read_shapes_check(hid_t group, const char *path,
                        const struct h5out_scenario_info *info, struct wk_error *err);

/* Scalar string attribute (variable or fixed length) into a malloc'd copy;
 * 0, or -1 when missing or not a string. */
int h5read_attr_string(hid_t loc, const char *name, char **out);

/* Scalar integer attribute converted to mem_type; 0 or -1. */
int h5read_attr_number(hid_t loc, const char *name, hid_t mem_type, void *out);

/* 1-D string dataset (variable or fixed length) into malloc'd copies; 0 or
 * -1. */
int h5read_strings(hid_t dset, char ***out, size_t *n_out);
void h5read_free_strings(char **strings, size_t n);

/* The order to list a group's links in: creation order when the group
 * tracks it, else name order. */
H5_index_t h5read_link_order(hid_t group, hsize_t nlinks);

/* Name of link `i` of `group` in the given index order; malloc'd, NULL on
 * failure. */
char *h5read_link_name(hid_t group, H5_index_t index_type, size_t i);

#endif
