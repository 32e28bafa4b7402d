/*
 * h5common.h — private helpers shared by the HDF5 result writer
 * (h5out.c), reader (h5read.c) and `wijksim info` (info.c). Not part of the
 * result file's public interface (that is h5out.h).
 *
 * Invariants:
 *  - Every helper that fails leaves HDF5's error stack describing the
 *    failure (helpers restore it after their own cleanup), so that the
 *    caller's h5c_fail can quote HDF5's innermost message.
 *  - HDF5's own error printing is off (h5c_quiet) wherever files are
 *    opened; errors travel as wk_error records with status 1.
 *  - Strings are written as variable-length UTF-8 (h5c_utf8_string_type).
 *
 * Ownership: ids returned by h5c_utf8_string_type belong to the caller;
 * h5c_close_id releases one and marks it invalid, so closing twice is safe.
 * Strings from h5c_copy_string are malloc'd and freed by the caller.
 *
 * This file depends on nothing else of wijksim's HDF5 code; the writer,
 * reader and info depend on it, never the other way round.
 */
#ifndef WK_H5COMMON_H
#define WK_H5COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <hdf5.h>

#include "error.h"

enum { H5C_SHA256_HEX_BYTES = 65 /* 64 hex digits + NUL */ };

/* Fill a status-1 error record for a failed HDF5 call, quoting HDF5's own
 * innermost message, and clear HDF5's error stack. Returns the status. */
int h5c_fail(struct wk_error *err, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Switch HDF5's automatic error printing off. */
void h5c_quiet(void);

/* Every HDF5 API call clears the error stack when it starts, so cleanup
 * after a failure would erase the reason. A helper that fails saves the
 * stack before cleaning up and puts it back afterwards. */
hid_t h5c_error_save(void);
void h5c_error_restore(hid_t saved);

/* The open file of a result being written (h5out.c), for writers of groups
 * beside /scenarios (decompose.c writes /decompose); the h5out keeps
 * ownership. */
struct h5out;
hid_t h5out_file_id(const struct h5out *h);

/* Release *id when valid and set it to H5I_INVALID_HID. */
void h5c_close_id(hid_t *id);

/* malloc'd copy of s; NULL when out of memory. */
char *h5c_copy_string(const char *s);

/* A variable-length UTF-8 string type; the caller closes it. */
hid_t h5c_utf8_string_type(void);

/* Scalar attributes; each rewrites an existing attribute of that name and
 * returns 0 or -1 with the HDF5 error stack set. NULL text writes "". */
int h5c_attr_write_string(hid_t loc, const char *name, const char *value);
int h5c_attr_write_int64(hid_t loc, const char *name, long long value);
int h5c_attr_write_uint64(hid_t loc, const char *name, uint64_t value);

/* Lower-case hex SHA-256 (nettle) of `len` bytes, NUL terminated: the
 * config_sha256 fingerprint of a scenario's effective text. */
void h5c_sha256_hex(const void *data, size_t len, char hex[H5C_SHA256_HEX_BYTES]);

/* ---- the seal: a whole-file checksum in the HDF5 user block ----
 *
 * A result file is created with a user block of H5C_USERBLOCK_BYTES (HDF5
 * leaves it alone; h5py, xarray and netCDF read such files as usual). Once
 * the file is complete and closed, h5c_seal_write puts into it
 *
 *     "wijksim result file\nsha256 <64 hex digits>\n" and NULs
 *
 * the SHA-256 (nettle) of every byte after the user block. A reader checks
 * the seal before libhdf5 reads anything, so a damaged or edited file is
 * refused instead of being parsed. Files without a seal (older wijksim,
 * other tools) are read with the shape checks alone. */
enum { H5C_USERBLOCK_BYTES = 512 };

/* Seal the closed file at `path`. 0, or -1 with errno set. */
int h5c_seal_write(const char *path);

enum h5c_seal_state {
	H5C_SEAL_INTACT = 0,     /* sealed, and the contents match */
	H5C_SEAL_NONE = 1,       /* no seal: not written by this wijksim */
	H5C_SEAL_BROKEN = 2,     /* sealed, but the contents differ */
	H5C_SEAL_UNREADABLE = -1 /* the file cannot be read (errno) */
};

/* Check the seal of the regular file at `path`; `hex` gets the stored
 * digest when there is one. */
enum h5c_seal_state h5c_seal_check(const char *path, char hex[H5C_SHA256_HEX_BYTES]);

#endif
