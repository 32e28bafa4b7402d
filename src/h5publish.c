/*
 * h5publish.c — atomic publishing of a result file: checks on the target,
 * the temporary name next to it, fsync, the rename into place, and removal
 * of the temporary file on abort. Interface and invariants in h5publish.h.
 *
 * Ownership: the struct h5pub's path strings are malloc'd here and freed
 * by h5pub_discard; the file at temp_path belongs to the struct's owner
 * until h5pub_publish moves it onto the target.
 */
#include "h5publish.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folder holding `path` ("." when it has no slash); NULL when out of
 * memory. The caller frees. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t len;
	char *folder;

	if (!slash)
		return strdup(".");
	len = slash == path ? 1 : (size_t)(slash - path);
	folder = malloc(len + 1);
	if (!folder)
		return NULL;
	memcpy(folder, path, len);
	folder[len] = '\0';
	return folder;
}

/* The target must be absent, or a regular file when force is given. */
static int target_check(const char *target, int force, struct wk_error *err)
{
	struct stat st;

	if (stat(target, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return wk_error_set(err, WK_EXIT_USAGE, target, 0, NULL,
			                    "is a folder; give a file name for the results");
		if (!force)
			return wk_error_set(err, WK_EXIT_USAGE, target, 0, NULL,
			                    "exists; use --force to overwrite");
		/* rename() would replace a device or pipe node itself. */
		if (!S_ISREG(st.st_mode))
			return wk_error_set(err, WK_EXIT_USAGE, target, 0, NULL,
			                    "is not a regular file; refusing to replace it");
	} else if (errno != ENOENT) {
		return wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL,
		                    "cannot write the results: %s", strerror(errno));
	}
	return 0;
}

/* The target's folder must exist and be writable. */
static int folder_check(const char *target, struct wk_error *err)
{
	struct stat st;
	char *folder = folder_of(target);
	int rc = 0;

	if (!folder)
		return wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL, "out of memory");
	if (stat(folder, &st) != 0)
		rc = wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL,
		                  "cannot write to folder '%s': %s", folder, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		rc = wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL,
		                  "cannot write to folder '%s': %s", folder, strerror(ENOTDIR));
	else if (access(folder, W_OK | X_OK) != 0)
		rc = wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL,
		                  "cannot write to folder '%s': %s", folder, strerror(errno));
	free(folder);
	return rc;
}

int h5pub_begin(struct h5pub *p, const char *target, int force,
                struct wk_error *err)
{
	size_t temp_size;
	int rc;

	memset(p, 0, sizeof *p);
	if (!target || !target[0])
		return wk_error_set(err, WK_EXIT_USAGE, NULL, 0, NULL,
		                    "no output file name given");
	rc = target_check(target, force, err);
	if (rc == 0)
		rc = folder_check(target, err);
	if (rc)
		return rc;
	p->force = force;
	p->target = strdup(target);
	temp_size = strlen(target) + 32;
	p->temp_path = malloc(temp_size);
	if (!p->target || !p->temp_path) {
		h5pub_discard(p);
		return wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL, "out of memory");
	}
	snprintf(p->temp_path, temp_size, "%s.tmp.%ld", target, (long)getpid());
	return 0;
}

/* Move the finished temporary file onto the target. Without --force the
 * target must still not exist: RENAME_NOREPLACE makes that check and the
 * rename one step, so a file created meanwhile by someone else survives. */
static int move_into_place(const struct h5pub *p, struct wk_error *err)
{
	if (!p->force) {
		if (renameat2(AT_FDCWD, p->temp_path, AT_FDCWD, p->target,
		              RENAME_NOREPLACE) == 0)
			return 0;
		if (errno == EEXIST)
			return wk_error_set(err, WK_EXIT_USAGE, p->target, 0, NULL,
			                    "exists; use --force to overwrite");
		/* File systems without renameat2 flags: check, then rename. */
		if (errno != EINVAL && errno != ENOSYS)
			goto fail;
		if (access(p->target, F_OK) == 0)
			return wk_error_set(err, WK_EXIT_USAGE, p->target, 0, NULL,
			                    "exists; use --force to overwrite");
	}
	if (rename(p->temp_path, p->target) == 0)
		return 0;
fail:
	return wk_error_set(err, WK_EXIT_RUNTIME, p->target, 0, NULL,
	                    "cannot move '%s' into place: %s", p->temp_path,
	                    strerror(errno));
}

int h5pub_publish(struct h5pub *p, struct wk_error *err)
{
	int fd, rc;

	/* Make the data durable before the name points at it, so that a crash
	 * cannot leave a complete-looking but empty file at the target. */
	fd = open(p->temp_path, O_RDONLY);
	if (fd < 0 || fsync(fd) != 0) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, p->target, 0, NULL,
		                  "cannot write '%s' to disk: %s", p->temp_path,
		                  strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	close(fd);
	rc = move_into_place(p, err);
	if (rc == 0)
		p->temp_created = 0;
	return rc;
}

void h5pub_discard(struct h5pub *p)
{
	if (p->temp_created && p->temp_path)
		unlink(p->temp_path);
	free(p->target);
	free(p->temp_path);
	memset(p, 0, sizeof *p);
}
