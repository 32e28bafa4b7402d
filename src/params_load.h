/*
 * params_load.h — build the model's parameters from a loaded scenario.
 */
#ifndef WK_PARAMS_LOAD_H
#define WK_PARAMS_LOAD_H

#include <stddef.h>

#include "error.h"
#include "params.h"
#include "scen.h"

/* Fill *p from the resolved scenario: every setting goes to the field its
 * schema entry names (src/schema_table.c); then the cross-setting checks
 * (references to roles and need types, array lengths, shares, capacity) and
 * the derived values. Returns 0 or err->status (2) with the file, line and
 * setting at fault (1 when out of memory). Holds no memory afterwards. */
int params_load(const struct scen *s, struct model_params *p, struct wk_error *err);

/* Warnings that do not stop a run (rules that can route in a circle).
 * Returns the number of warnings; the first is written to buf. */
int params_warnings(const struct model_params *p, char *buf, size_t size);

#endif
