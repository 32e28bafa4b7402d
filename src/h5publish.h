/*
 * h5publish.h — atomic publishing of a result file: the file is written
 * under a temporary name next to the target and only renamed onto the
 * target once it is complete and on disk.
 *
 * Invariants:
 *  1. Nothing is ever written at the target path except by the final
 *     rename in h5pub_publish: a file at the target is always complete.
 *  2. The temporary file "<target>.tmp.<pid>" lives in the target's folder,
 *     so that the rename is atomic (same file system); when that name
 *     would be longer than the folder allows, it is
 *     "<folder>/.wijksim-<16 hex digits of the name's SHA-256>.tmp.<pid>".
 *  3. Without `force` an existing target is refused (status 2), both when
 *     publishing starts and at the rename itself.
 *  4. h5pub_begin removes this target's temporary files whose process no
 *     longer exists (a killed run's); a live run's stay.
 *
 * Ownership: a struct h5pub owns its two path strings (h5pub_discard frees
 * them). It knows nothing of HDF5: its owner creates the file at temp_path
 * and sets temp_created, and must have closed the file before
 * h5pub_publish. Not thread-safe; one owner per struct.
 */
#ifndef WK_H5PUBLISH_H
#define WK_H5PUBLISH_H

#include "error.h"

struct h5pub {
	char *target;
	char *temp_path;           /* "<target>.tmp.<pid>" (invariant 2) */
	int force;                 /* replace an existing target */
	int temp_created;          /* set by the owner: the temporary file exists */
};

/* Check that `target` may be written (a regular file or nothing, in a
 * writable folder; existing only with force) and choose the temporary
 * name. Status 2 for a refused target, 1 for an unusable folder. On
 * failure *p holds nothing to free. */
int h5pub_begin(struct h5pub *p, const char *target, int force,
                struct wk_error *err);

/* Make the closed temporary file durable (fsync) and rename it onto the
 * target. On success temp_created is cleared. */
int h5pub_publish(struct h5pub *p, struct wk_error *err);

/* Remove the temporary file when it is still ours, free the paths. Safe to
 * call after h5pub_publish and on a zeroed struct. */
void h5pub_discard(struct h5pub *p);

#endif
