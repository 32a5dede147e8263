/* libxml2 and libxslt print their messages in pieces through a "generic
 * error" callback; this collects the pieces into lines and prints each as
 * "simplify: message", like every other message of the tool. */
#ifndef SIMPLIFY_XML_ERRORS_H
#define SIMPLIFY_XML_ERRORS_H

void xml_errors_to_stderr(void);
/* Prints what is still pending (a message without a final newline). */
void xml_errors_flush(void);

#endif
