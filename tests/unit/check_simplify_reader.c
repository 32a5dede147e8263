/* simplify's streaming PDML reader (packets handed over one by one, errors
 * with their line), and where the default stylesheet is looked for. */
#include "unit.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "pdml_reader.h"
#include "xsl_path.h"

/* A file descriptor reading text (from a temporary file). */
static int fd_with(const char *text)
{
	FILE *fp = tmpfile();

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(text, 1, strlen(text), fp), strlen(text));
	fflush(fp);
	int fd = dup(fileno(fp));
	fclose(fp);
	ck_assert_int_ge(fd, 0);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

struct seen {
	int packets;
	char numbers[64];       /* the geninfo num of each packet, comma-separated */
	int stop_after;
};

static int note_packet(xmlDocPtr doc, void *arg)
{
	struct seen *s = arg;
	xmlNodePtr root = xmlDocGetRootElement(doc);

	ck_assert_str_eq((const char *)root->name, "packet");
	/* The packet is alone in its document. */
	ck_assert_ptr_null(root->next);
	ck_assert_ptr_null(root->prev);
	xmlChar *n = xmlGetProp(root, (const xmlChar *)"n");
	size_t len = strlen(s->numbers);
	snprintf(s->numbers + len, sizeof(s->numbers) - len, "%s%s", len ? "," : "", (char *)n);
	xmlFree(n);
	s->packets++;
	return s->stop_after && s->packets == s->stop_after ? -1 : 0;
}

static enum pdml_status read_text(const char *text, struct seen *s, unsigned long *count,
				  struct pdml_error *err)
{
	int fd = fd_with(text);
	enum pdml_status st = pdml_read(fd, "test.pdml", note_packet, s, count, err);
	close(fd);
	return st;
}

START_TEST(packets_one_by_one)
{
	struct seen s = { 0 };
	struct pdml_error err;
	unsigned long count;

	ck_assert_int_eq(read_text("<?xml version=\"1.0\"?>\n<pdml version=\"0\">\n"
				   "<packet n=\"1\"><proto name=\"frame\"/></packet>\n"
				   "<packet n=\"2\"/><packet n=\"3\"><packet n=\"inner\"/></packet>\n"
				   "<other/>\n</pdml>\n", &s, &count, &err), PDML_OK);
	ck_assert_int_eq(s.packets, 3);
	ck_assert_uint_eq(count, 3);
	ck_assert_str_eq(s.numbers, "1,2,3");
}
END_TEST

START_TEST(empty_capture)
{
	struct seen s = { 0 };
	struct pdml_error err;

	ck_assert_int_eq(read_text("<pdml></pdml>", &s, NULL, &err), PDML_OK);
	ck_assert_int_eq(s.packets, 0);
}
END_TEST

START_TEST(truncated_names_the_line)
{
	struct seen s = { 0 };
	struct pdml_error err;
	unsigned long count;

	ck_assert_int_eq(read_text("<pdml>\n<packet n=\"1\"/>\n<packet n=\"2\">\n<proto name=\"x\"",
				   &s, &count, &err), PDML_BAD_INPUT);
	ck_assert_int_eq(s.packets, 1);
	ck_assert_uint_eq(count, 1);
	ck_assert_int_eq(err.line, 4);
	ck_assert_str_ne(err.message, "");
	ck_assert_ptr_null(strchr(err.message, '\n'));
}
END_TEST

START_TEST(not_pdml)
{
	struct seen s = { 0 };
	struct pdml_error err;

	ck_assert_int_eq(read_text("<?xml version=\"1.0\"?>\n<html><packet/></html>", &s, NULL, &err),
			 PDML_BAD_INPUT);
	ck_assert_int_eq(s.packets, 0);
	ck_assert_ptr_nonnull(strstr(err.message, "not PDML"));
	ck_assert_ptr_nonnull(strstr(err.message, "'html'"));
	ck_assert_int_eq(err.line, 2);

	ck_assert_int_eq(read_text("", &s, NULL, &err), PDML_BAD_INPUT);
	ck_assert_str_ne(err.message, "");
	ck_assert_int_eq(read_text("just text", &s, NULL, &err), PDML_BAD_INPUT);
	ck_assert_int_eq(err.line, 1);
}
END_TEST

START_TEST(callback_stops)
{
	struct seen s = { .stop_after = 2 };
	struct pdml_error err;
	unsigned long count;

	ck_assert_int_eq(read_text("<pdml><packet n=\"1\"/><packet n=\"2\"/><packet n=\"3\"/></pdml>",
				   &s, &count, &err), PDML_STOPPED);
	ck_assert_int_eq(s.packets, 2);
	ck_assert_uint_eq(count, 1);
}
END_TEST

START_TEST(stylesheet_location)
{
	char *p;

	p = xsl_path_candidate("simplify.xsl", "/env/xsl", "/built/in", "/top/build/bin/simplify");
	ck_assert_str_eq(p, "/env/xsl/simplify.xsl");
	free(p);
	p = xsl_path_candidate("simplify.xsl", "", "/built/in", "/top/build/bin/simplify");
	ck_assert_str_eq(p, "/built/in/simplify.xsl");
	free(p);
	p = xsl_path_candidate("simplify.xsl", NULL, NULL, "/top/build/bin/simplify");
	ck_assert_str_eq(p, "/top/build/bin/../../reports/xsl/simplify.xsl");
	free(p);
	errno = 0;
	ck_assert_ptr_null(xsl_path_candidate("simplify.xsl", NULL, NULL, NULL));
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("simplify_reader", NULL, NULL, UNIT_TESTS(
		packets_one_by_one,
		empty_capture,
		truncated_names_the_line,
		not_pdml,
		callback_stops,
		stylesheet_location)));
}
