/* Small text files (the ready file, the stats file) written atomically:
 * a reader sees either no file or the whole of it. */
#ifndef PCAPTURE_TEXTFILE_H
#define PCAPTURE_TEXTFILE_H

/* Writes TEXT to PATH through a temporary renamed into place.  Returns 0,
 * or -1 with errno set and no file left behind. */
int textfile_write(const char *path, const char *text);

#endif
