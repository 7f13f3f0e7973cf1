/* test-sync-util.h: what the git sync suites share
 *
 * Two databases stand for two devices; a bare repository is the remote.
 * Everything goes through draftforge-cli, as a user (or a script) would;
 * the git command line checks that the repository is a plain git
 * repository.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "df-test-util.h"

G_BEGIN_DECLS

/* The token of the loopback HTTP server (tests/git-http-server.py). */
#define TOKEN "s3cret-t0ken-for-the-tests"

typedef struct
{
  char *dir;
  char *a;          /* device A's database */
  char *b;          /* device B's */
  char *repo_a;     /* their repositories */
  char *repo_b;
  char *bare;       /* the remote, a bare repository */
} Sync;

#define SYNC_TEST(path, func) \
  g_test_add (path, Sync, NULL, sync_set_up, func, sync_tear_down)

/* The fixture: the folder, and the bare repository made; nothing when
 * there is no command line (the test skips). */
void         sync_set_up          (Sync               *s,
                                   gconstpointer       data);
void         sync_tear_down       (Sync               *s,
                                   gconstpointer       data);
/* What the command line printed; the test fails unless it succeeded. */
char        *run_ok_env           (const char         *db,
                                   const char * const *env,
                                   const char         *input,
                                   va_list             args);
char        *cli_env              (const char         *db,
                                   const char * const *env,
                                   ...) G_GNUC_NULL_TERMINATED;
gint64       json_int             (JsonNode           *node,
                                   const char         *member);
/* Chapter @n of "book" in @db, written or read. */
void         write_chapter        (const char         *db,
                                   const char         *n,
                                   const char         *text);
char        *chapter_text         (const char         *db,
                                   const char         *n);
/* git itself, in @cwd; the test fails unless it succeeds. */
char        *git                  (const char         *cwd,
                                   ...) G_GNUC_NULL_TERMINATED;
/* Device A with "Book" (three chapters) linked to @remote and synced;
 * device B made from the remote. */
void         two_devices          (Sync               *s,
                                   const char         *remote,
                                   const char * const *env);
/* A, B, A. */
void         sync_both            (Sync               *s,
                                   const char * const *env);
guint16      free_port            (void);
/* Kills @child, waits for it and drops it. */
void         stop                 (GSubprocess        *child);
/* The HTTP server in front of git http-backend, with TOKEN; its log in
 * @log, the remote's URL in @url; stalls fetches while @stall exists. */
GSubprocess *start_http           (Sync               *s,
                                   const char         *stall,
                                   char              **log,
                                   char              **url,
                                   GDataInputStream  **out_stream);
/* The lines of the file at @path that hold @needle. */
guint        count_lines          (const char         *path,
                                   const char         *needle);
/* The token in no file under @dir (the databases, the repositories with
 * their config and logs). */
void         assert_token_nowhere (const char         *dir);

G_END_DECLS
