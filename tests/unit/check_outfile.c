/* Unit tests of atomic output files: nothing appears under the final name
 * before commit, abort leaves the old content, commit replaces it whole. */
#include "unit.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

static char dir[] = "/tmp/check_outfile.XXXXXX";
static char path[256];

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/result.txt", dir);
}

static void teardown(void)
{
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(dir, "/tmp/check_outfile.XXXXXX");
}

static int entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
	closedir(d);
	return n;
}

static void slurp(char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	size_t n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

START_TEST(nothing_under_final_name_before_commit)
{
	struct outfile of;

	ck_assert_int_eq(outfile_open(&of, path), 0);
	fputs("partial", of.fp);
	fflush(of.fp);
	ck_assert_int_ne(access(path, F_OK), 0);
	ck_assert_int_eq(entries(), 1);	/* the temporary */
	ck_assert_int_eq(outfile_commit(&of), 0);
	char buf[64];
	slurp(buf, sizeof(buf));
	ck_assert_str_eq(buf, "partial");
	ck_assert_int_eq(entries(), 1);	/* only the result */
}
END_TEST

START_TEST(abort_keeps_the_old_file)
{
	struct outfile of;
	FILE *f = fopen(path, "w");

	fputs("old", f);
	fclose(f);
	ck_assert_int_eq(outfile_open(&of, path), 0);
	fputs("new and broken", of.fp);
	outfile_abort(&of);
	outfile_abort(&of);	/* twice is harmless */
	char buf[64];
	slurp(buf, sizeof(buf));
	ck_assert_str_eq(buf, "old");
	ck_assert_int_eq(entries(), 1);
}
END_TEST

START_TEST(mode_follows_umask)
{
	struct outfile of;
	struct stat st;
	mode_t old = umask(022);

	ck_assert_int_eq(outfile_open(&of, path), 0);
	ck_assert_int_eq(outfile_commit(&of), 0);
	umask(old);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
}
END_TEST

START_TEST(missing_folder_fails_cleanly)
{
	struct outfile of;
	char bad[300];

	snprintf(bad, sizeof(bad), "%s/no/such/dir/x", dir);
	ck_assert_int_eq(outfile_open(&of, bad), -1);
	ck_assert_ptr_null(of.fp);
}
END_TEST

START_TEST(dash_is_stdout)
{
	struct outfile of;

	ck_assert_int_eq(outfile_open(&of, "-"), 0);
	ck_assert_ptr_eq(of.fp, stdout);
	ck_assert_str_eq(outfile_name(&of), "standard output");
	ck_assert_int_eq(outfile_commit(&of), 0);
}
END_TEST

START_TEST(a_pipe_is_written_in_place)
{
	struct outfile of;
	struct stat st;
	char fifo[300], got[16] = "";

	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	int reader = open(fifo, O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(reader, 0);
	ck_assert_int_eq(outfile_open(&of, fifo), 0);
	fputs("gone", of.fp);
	ck_assert_int_eq(outfile_commit(&of), 0);
	ck_assert_int_eq(read(reader, got, sizeof(got) - 1), 4);
	ck_assert_str_eq(got, "gone");
	close(reader);
	ck_assert_int_eq(lstat(fifo, &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	ck_assert_int_eq(entries(), 1);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("outfile", setup, teardown, UNIT_TESTS(
		nothing_under_final_name_before_commit,
		abort_keeps_the_old_file,
		mode_follows_umask,
		missing_folder_fails_cleanly,
		dash_is_stdout,
		a_pipe_is_written_in_place)));
}
