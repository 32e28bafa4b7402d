/*
 * h5common.c — HDF5 helpers shared by the result writer, reader and
 * `wijksim info`: error reporting, id closing, the UTF-8 string type and
 * scalar attribute writers, and the SHA-256 (nettle) fingerprint. Interface
 * and invariants in h5common.h.
 *
 * Ownership: nothing here keeps state between calls; every id a helper
 * opens it also closes, except the string type it hands to its caller.
 */
#include "h5common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/sha2.h>

/* ---- HDF5 error reporting ---- */

struct h5_reason_walk {
	char *buf;
	size_t size;
};

static herr_t h5_reason_visit(unsigned n, const H5E_error2_t *e, void *data)
{
	struct h5_reason_walk *walk = data;

	/* n == 0 is the innermost frame: where HDF5 detected the problem,
	 * which carries the useful detail (errno, name). */
	if (n == 0 && e->desc)
		snprintf(walk->buf, walk->size, "%s", e->desc);
	return 0;
}

/* HDF5's message for a failed write spans lines ("file write failed: time
 * = ...\n, filename = ..., error message = 'File too large', ..."): keep
 * its first words and the system's reason, so the error stays one line. */
static void reason_shorten(char *reason, size_t size)
{
	static const char marker[] = "error message = '";
	const char *msg = strstr(reason, marker);
	char *cut = strpbrk(reason, ":\n");
	char system[200] = "";

	if (!cut || *cut != ':' || !strchr(reason, '\n'))
		return;
	if (msg) {
		const char *end = strchr(msg + sizeof marker - 1, '\'');
		size_t len = end ? (size_t)(end - msg) - (sizeof marker - 1) : 0;
		if (len >= sizeof system)
			len = sizeof system - 1;
		memcpy(system, msg + sizeof marker - 1, len);
		system[len] = '\0';
	}
	if (system[0])
		snprintf(cut, size - (size_t)(cut - reason), ": %s", system);
	else
		*cut = '\0';
}

int h5c_fail(struct wk_error *err, const char *file, const char *fmt, ...)
{
	char what[600];
	char reason[400] = "";
	struct h5_reason_walk walk = { reason, sizeof reason };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, h5_reason_visit, &walk);
	H5Eclear2(H5E_DEFAULT);
	reason_shorten(reason, sizeof reason);
	if (reason[0])
		return wk_error_set(err, WK_EXIT_RUNTIME, file, 0, NULL, "%s (HDF5: %s)",
		                    what, reason);
	return wk_error_set(err, WK_EXIT_RUNTIME, file, 0, NULL, "%s", what);
}

void h5c_quiet(void)
{
	/* Errors are reported through wk_error, never printed by the library. */
	H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

/* Every HDF5 API call clears the error stack when it starts, so cleanup
 * after a failure would erase the reason. A helper that fails therefore
 * saves the stack before cleaning up and puts it back afterwards, for
 * h5c_fail to quote. */
hid_t h5c_error_save(void)
{
	return H5Eget_current_stack();
}

void h5c_error_restore(hid_t saved)
{
	if (saved >= 0)
		H5Eset_current_stack(saved);    /* also releases `saved` */
}

void h5c_close_id(hid_t *id)
{
	if (*id >= 0)
		H5Idec_ref(*id);
	*id = H5I_INVALID_HID;
}

/* ---- small helpers ---- */

char *h5c_copy_string(const char *s)
{
	size_t len = strlen(s) + 1;
	char *copy = malloc(len);

	if (copy)
		memcpy(copy, s, len);
	return copy;
}

hid_t h5c_utf8_string_type(void)
{
	hid_t type = H5Tcopy(H5T_C_S1);

	if (type < 0)
		return H5I_INVALID_HID;
	if (H5Tset_size(type, H5T_VARIABLE) < 0 ||
	    H5Tset_cset(type, H5T_CSET_UTF8) < 0) {
		hid_t saved = h5c_error_save();
		H5Tclose(type);
		h5c_error_restore(saved);
		return H5I_INVALID_HID;
	}
	return type;
}

/* ---- attribute writing: each returns 0 or -1 with the HDF5 error stack
 * set ---- */

static int attr_write(hid_t loc, const char *name, hid_t file_type,
                      hid_t mem_type, const void *value)
{
	hid_t space = H5I_INVALID_HID, attr = H5I_INVALID_HID, saved;
	int rc = -1;

	/* Rewriting an attribute replaces it (root_attrs may be called again). */
	if (H5Aexists(loc, name) > 0 && H5Adelete(loc, name) < 0)
		goto out;
	space = H5Screate(H5S_SCALAR);
	if (space < 0)
		goto out;
	attr = H5Acreate2(loc, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT);
	if (attr < 0)
		goto out;
	if (H5Awrite(attr, mem_type, value) < 0)
		goto out;
	rc = 0;
out:
	saved = rc ? h5c_error_save() : H5I_INVALID_HID;
	h5c_close_id(&attr);
	h5c_close_id(&space);
	h5c_error_restore(saved);
	return rc;
}

int h5c_attr_write_string(hid_t loc, const char *name, const char *value)
{
	hid_t type = h5c_utf8_string_type(), saved;
	const char *text = value ? value : "";
	int rc;

	if (type < 0)
		return -1;
	rc = attr_write(loc, name, type, type, &text);
	saved = rc ? h5c_error_save() : H5I_INVALID_HID;
	H5Tclose(type);
	h5c_error_restore(saved);
	return rc;
}

int h5c_attr_write_int64(hid_t loc, const char *name, long long value)
{
	return attr_write(loc, name, H5T_STD_I64LE, H5T_NATIVE_LLONG, &value);
}

int h5c_attr_write_uint64(hid_t loc, const char *name, uint64_t value)
{
	return attr_write(loc, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

static void digest_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char hex[H5C_SHA256_HEX_BYTES])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 0x0f];
	}
	hex[2 * SHA256_DIGEST_SIZE] = '\0';
}

void h5c_sha256_hex(const void *data, size_t len, char hex[H5C_SHA256_HEX_BYTES])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof digest, digest);
	digest_hex(digest, hex);
}

/* ---- the seal (h5common.h) ---- */

static const char seal_magic[] = "wijksim result file\nsha256 ";

/* Why 1 MiB: large enough that the hashing runs at disk speed. */
enum { SEAL_READ_BYTES = 1 << 20 };

/* SHA-256 of fd's bytes from H5C_USERBLOCK_BYTES to the end. 0 or -1. */
static int contents_hash(int fd, char hex[H5C_SHA256_HEX_BYTES])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	unsigned char *buf = malloc(SEAL_READ_BYTES);
	off_t at = H5C_USERBLOCK_BYTES;
	ssize_t got;

	if (!buf)
		return -1;
	sha256_init(&ctx);
	while ((got = pread(fd, buf, SEAL_READ_BYTES, at)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return -1;
		}
		sha256_update(&ctx, (size_t)got, buf);
		at += got;
	}
	free(buf);
	sha256_digest(&ctx, sizeof digest, digest);
	digest_hex(digest, hex);
	return 0;
}

int h5c_seal_write(const char *path)
{
	char block[H5C_USERBLOCK_BYTES] = { 0 }, hex[H5C_SHA256_HEX_BYTES];
	int fd = open(path, O_RDWR), rc = -1, saved;

	if (fd < 0)
		return -1;
	if (contents_hash(fd, hex) == 0) {
		snprintf(block, sizeof block, "%s%s\n", seal_magic, hex);
		if (pwrite(fd, block, sizeof block, 0) == (ssize_t)sizeof block)
			rc = 0;
	}
	saved = errno;
	if (close(fd) != 0 && rc == 0)
		return -1;
	errno = saved;
	return rc;
}

enum h5c_seal_state h5c_seal_check(const char *path, char hex[H5C_SHA256_HEX_BYTES])
{
	char block[H5C_USERBLOCK_BYTES], actual[H5C_SHA256_HEX_BYTES];
	size_t magic_len = sizeof seal_magic - 1;
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	ssize_t got;
	enum h5c_seal_state state = H5C_SEAL_NONE;

	hex[0] = '\0';
	if (fd < 0)
		return H5C_SEAL_UNREADABLE;
	got = pread(fd, block, sizeof block, 0);
	if (got < 0) {
		state = H5C_SEAL_UNREADABLE;
	} else if ((size_t)got == sizeof block && memcmp(block, seal_magic, magic_len) == 0) {
		memcpy(hex, block + magic_len, H5C_SHA256_HEX_BYTES - 1);
		hex[H5C_SHA256_HEX_BYTES - 1] = '\0';
		if (contents_hash(fd, actual) != 0)
			state = H5C_SEAL_UNREADABLE;
		else
			state = strcmp(hex, actual) == 0 ? H5C_SEAL_INTACT : H5C_SEAL_BROKEN;
	}
	close(fd);
	return state;
}
