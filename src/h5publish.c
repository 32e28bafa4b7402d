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

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

/* Hex digits of the target name's SHA-256 in a shortened temporary name:
 * 64 bits, so that two targets in one folder do not share one by chance. */
enum { SHORT_HASH_HEX = 16 };

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

/* The temporary name's part before the pid: "<target>.tmp." when
 * "<name>.tmp.<pid>" fits the folder's limit on a name, else
 * "<folder>/.wijksim-<hash of name>.tmp.", so that a target name near the
 * limit can still be written. malloc'd; NULL when out of memory. */
static char *temp_prefix(const char *target)
{
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	char *folder = folder_of(target), *prefix = NULL;
	long name_max = folder ? pathconf(folder, _PC_NAME_MAX) : -1;
	/* ".tmp." and a pid of at most 20 digits */
	size_t suffix = 5 + 20, size = strlen(target) + 64;

	if (name_max <= 0)
		name_max = NAME_MAX;
	prefix = folder ? malloc(size) : NULL;
	if (prefix && strlen(base) + suffix <= (size_t)name_max) {
		snprintf(prefix, size, "%s.tmp.", target);
	} else if (prefix) {
		static const char digits[] = "0123456789abcdef";
		uint8_t digest[SHA256_DIGEST_SIZE];
		char hex[SHORT_HASH_HEX + 1];
		struct sha256_ctx ctx;

		sha256_init(&ctx);
		sha256_update(&ctx, strlen(base), (const uint8_t *)base);
		sha256_digest(&ctx, sizeof digest, digest);
		for (size_t i = 0; i < SHORT_HASH_HEX / 2; i++) {
			hex[2 * i] = digits[digest[i] >> 4];
			hex[2 * i + 1] = digits[digest[i] & 0x0f];
		}
		hex[SHORT_HASH_HEX] = '\0';
		snprintf(prefix, size, "%s%s.wijksim-%s.tmp.", slash ? folder : "",
		         slash ? "/" : "", hex);
	}
	free(folder);
	return prefix;
}

/* Remove temporary files of this target left by runs that were killed
 * (SIGKILL, a crash, power loss): "<prefix><pid>" where no process <pid>
 * exists any more. A live process's file (a run to the same target in
 * progress) is left alone. Failures are ignored: this is tidying up. */
static void stale_temps_remove(const char *prefix)
{
	const char *slash = strrchr(prefix, '/');
	const char *base = slash ? slash + 1 : prefix;
	char *folder = folder_of(prefix);
	size_t base_len = strlen(base);
	DIR *dir = folder ? opendir(folder) : NULL;
	struct dirent *e;

	while (dir && (e = readdir(dir))) {
		char *end, *path;
		long pid;
		struct stat st;

		if (strncmp(e->d_name, base, base_len) != 0 || !e->d_name[base_len])
			continue;
		errno = 0;
		pid = strtol(e->d_name + base_len, &end, 10);
		if (errno || *end || pid <= 0 || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		size_t size = strlen(folder) + strlen(e->d_name) + 2;
		path = malloc(size);
		if (!path)
			break;
		snprintf(path, size, "%s/%s", folder, e->d_name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
			unlink(path);
		free(path);
	}
	if (dir)
		closedir(dir);
	free(folder);
}

int h5pub_begin(struct h5pub *p, const char *target, int force,
                struct wk_error *err)
{
	size_t temp_size;
	char *prefix;
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
	prefix = temp_prefix(target);
	temp_size = prefix ? strlen(prefix) + 32 : 0;
	p->temp_path = prefix ? malloc(temp_size) : NULL;
	if (!p->target || !p->temp_path) {
		free(prefix);
		h5pub_discard(p);
		return wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL, "out of memory");
	}
	snprintf(p->temp_path, temp_size, "%s%ld", prefix, (long)getpid());
	stale_temps_remove(prefix);
	free(prefix);
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
