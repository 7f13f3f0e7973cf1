/* df-import.c: bringing manuscripts in
 *
 * Every import reads and checks its input, then adds the project, its
 * parts, chapters and images: all or nothing.  A long import commits in
 * batches (so the database's log stays small and other writers get a
 * turn), but its project stays hidden until the last transaction shows
 * it.  On any failure (bad input found late, a database error,
 * cancellation) the batch under way is rolled back and the batches before
 * it are removed; if the process is killed instead, the next start
 * removes them (df_import_recover_interrupted).
 *
 * This is the entry point; the importers of each source kind are in
 * df-import-text.c, df-import-markdown.c, df-import-mdbook.c and
 * df-import-project.c (df-import-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "df-import-private.h"
#include "df-mdbook-include-private.h"
#include "df-owner-private.h"
#include "df-store-private.h"

static DfImportFormat
detect_format (const char *path)
{
  g_autofree char *project_json = g_build_filename (path, "project.json", NULL);
  g_autofree char *summary = g_build_filename (path, "SUMMARY.md", NULL);
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *nwx = g_build_filename (path, "nwProject.nwx", NULL);

      if (g_file_test (project_json, G_FILE_TEST_IS_REGULAR))
        return DF_IMPORT_PROJECT_DIR;
      if (g_file_test (nwx, G_FILE_TEST_IS_REGULAR))
        return DF_IMPORT_NOVELWRITER;
      if (g_file_test (summary, G_FILE_TEST_IS_REGULAR))
        return DF_IMPORT_MDBOOK;
      return DF_IMPORT_MARKDOWN_DIR;
    }
  if (g_str_has_suffix (lower, ".md") || g_str_has_suffix (lower, ".markdown"))
    return DF_IMPORT_MARKDOWN_FILE;
  if (g_str_has_suffix (lower, ".docx"))
    return DF_IMPORT_DOCX;
  if (g_str_has_suffix (lower, ".odt"))
    return DF_IMPORT_ODT;
  if (g_str_has_suffix (lower, "/nwproject.nwx") || g_str_equal (lower, "nwproject.nwx"))
    return DF_IMPORT_NOVELWRITER;
  return DF_IMPORT_PLAIN_TEXT;
}

/* Checks what is asked before anything is read: @path exists, @title is
 * valid, and @format (detected for DF_IMPORT_AUTO) fits what @path is. */
static gboolean
check_request (const char      *path,
               const char      *display,
               const char      *title,
               DfImportFormat  *format,
               GError         **error)
{
  gboolean is_dir;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("“%s” does not exist; check the path"), display);
      return FALSE;
    }
  if (title != NULL && !df_validate_text (_("title"), title, DF_IMPORT_MAX_TITLE_CHARS, error))
    return FALSE;

  if (*format == DF_IMPORT_AUTO)
    *format = detect_format (path);

  is_dir = g_file_test (path, G_FILE_TEST_IS_DIR);
  /* A novelWriter project: its folder, or its nwProject.nwx. */
  if (*format == DF_IMPORT_NOVELWRITER)
    {
      g_autofree char *nwx = is_dir ? g_build_filename (path, "nwProject.nwx", NULL) : g_strdup (path);

      if (!g_file_test (nwx, G_FILE_TEST_IS_REGULAR) || !g_str_has_suffix (nwx, "nwProject.nwx"))
        {
          g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                       _("“%s” has no nwProject.nwx, so it is not a novelWriter project folder"), display);
          return FALSE;
        }
      return TRUE;
    }
  if (is_dir != (*format == DF_IMPORT_MARKDOWN_DIR || *format == DF_IMPORT_MDBOOK ||
                 *format == DF_IMPORT_PROJECT_DIR))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   is_dir ? _("“%s” is a folder; this kind of import needs a file")
                          : _("“%s” is a file; this kind of import needs a folder"),
                   display);
      return FALSE;
    }
  if (*format == DF_IMPORT_MDBOOK)
    {
      g_autofree char *summary = g_build_filename (path, "SUMMARY.md", NULL);
      if (!g_file_test (summary, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                       _("“%s” has no SUMMARY.md, so it is not an mdBook source folder; import its src folder"),
                       display);
          return FALSE;
        }
    }

  return TRUE;
}

/* Runs the importer of @format, in the transaction run_import began. */
static gboolean
run_importer (DfImportCtx     *ctx,
              DfImportFormat   format,
              const char      *path,
              const char      *display,
              const char      *title,
              GError         **error)
{
  switch (format)
    {
    case DF_IMPORT_PLAIN_TEXT:
      return _df_import_plain_text (ctx, path, display, title, error);
    case DF_IMPORT_MARKDOWN_FILE:
      return _df_import_markdown_file (ctx, path, display, title, error);
    case DF_IMPORT_MARKDOWN_DIR:
      return _df_import_markdown_dir (ctx, path, display, title, error);
    case DF_IMPORT_MDBOOK:
      return _df_import_mdbook (ctx, path, display, title, error);
    case DF_IMPORT_PROJECT_DIR:
      return _df_import_project_dir (ctx, path, display, title, error);
    case DF_IMPORT_DOCX:
      return _df_import_docx (ctx, path, display, title, error);
    case DF_IMPORT_NOVELWRITER:
      return _df_import_novelwriter (ctx, path, display, title, error);
    case DF_IMPORT_ODT:
      return _df_import_odt (ctx, path, display, title, error);
    case DF_IMPORT_AUTO:
    default:
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("Unknown import format %d"), format);
      return FALSE;
    }
}

/* After a failure, once the last batch is rolled back: removes the
 * batches already committed.  Should that fail too, the hidden project is
 * removed at a later start (df_import_recover_interrupted). */
static void
discard_batches (DfImportCtx *ctx)
{
  g_autoptr(GError) error = NULL;

  if (!ctx->committed)
    return;

  if (!df_store_begin (ctx->store, &error) ||
      !df_store_end (ctx->store,
                     df_project_remove_import (ctx->store, ctx->project_id, _df_owner_self (), &error),
                     &error))
    g_warning ("Could not remove the unfinished import (project %" G_GINT64_FORMAT "): %s; "
               "it will be removed at the next start", ctx->project_id, error->message);
}

/* Runs the importer: the project is added hidden and committed in
 * batches; the last transaction reveals it.  On any failure the batch
 * under way is rolled back and those before it removed. */
static gboolean
run_import (DfImportCtx     *ctx,
            DfImportFormat   format,
            const char      *path,
            const char      *display,
            const char      *title,
            GError         **error)
{
  gboolean ok;

  if (!df_store_begin (ctx->store, error))
    return FALSE;

  ok = run_importer (ctx, format, path, display, title, error) &&
       _df_import_check_cancelled (ctx, error) &&
       df_project_reveal_import (ctx->store, ctx->project_id, ctx->settings, error);
  if (!df_store_end (ctx->store, ok, error))
    {
      discard_batches (ctx);
      return FALSE;
    }
  return TRUE;
}

/* ---- the result ---------------------------------------------------------- */

void
df_import_result_free (DfImportResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->project, df_project_free);
  g_clear_pointer (&result->shortened_chapters, g_array_unref);
  g_clear_pointer (&result->shortened_parts, g_array_unref);
  g_clear_pointer (&result->missing_includes, g_ptr_array_unref);
  g_free (result);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

static GHashTable *
id_set (GArray *ids)
{
  GHashTable *set = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (set, &g_array_index (ids, gint64, i));
  return set;
}

/* The numbers, in order, of the chapters and parts whose titles were
 * cut, read once the import is in. */
static gboolean
shortened_numbers (DfImportCtx     *ctx,
                   DfImportResult  *result,
                   GError         **error)
{
  g_autoptr(GHashTable) cut_chapters = id_set (ctx->cut_chapters);
  g_autoptr(GHashTable) cut_parts = id_set (ctx->cut_parts);
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) parts = NULL;

  result->shortened_chapters = g_array_new (FALSE, FALSE, sizeof (gint64));
  result->shortened_parts = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (ctx->cut_chapters->len == 0 && ctx->cut_parts->len == 0)
    return TRUE;
  if ((chapters = df_chapter_list (ctx->store, ctx->project_id, error)) == NULL ||
      (parts = df_part_list (ctx->store, ctx->project_id, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (chapters, i);
      if (g_hash_table_contains (cut_chapters, &chapter->id))
        g_array_append_val (result->shortened_chapters, chapter->number);
    }
  for (guint i = 0; i < parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (parts, i);
      if (g_hash_table_contains (cut_parts, &part->id))
        g_array_append_val (result->shortened_parts, part->number);
    }

  g_array_sort (result->shortened_chapters, compare_gint64);
  g_array_sort (result->shortened_parts, compare_gint64);
  return TRUE;
}

static DfImportResult *
make_result (DfImportCtx  *ctx,
             GError      **error)
{
  g_autoptr(DfImportResult) result = g_new0 (DfImportResult, 1);

  result->project = df_project_get_by_id (ctx->store, ctx->project_id, error);
  if (result->project == NULL || !shortened_numbers (ctx, result, error))
    return NULL;
  result->shortened_title = ctx->cut_title;
  result->unwrapped = ctx->unwrap;
  result->gutenberg = ctx->gutenberg;
  result->pictures_left_out = ctx->pictures_left_out;
  result->documents_left_out = ctx->documents_left_out;
  if (ctx->includes != NULL)
    {
      result->n_includes = _df_mdbook_includes_n_resolved (ctx->includes);
      result->missing_includes = g_ptr_array_ref (_df_mdbook_includes_missing (ctx->includes));
    }
  else
    result->missing_includes = g_ptr_array_new ();
  return g_steal_pointer (&result);
}

/* "4, 9, 12", or the first ten and "and N more". */
static char *
format_numbers (GArray *numbers)
{
  GString *out = g_string_new (NULL);
  guint shown = MIN (numbers->len, 10);

  for (guint i = 0; i < shown; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "",
                            g_array_index (numbers, gint64, i));
  if (numbers->len > shown)
    {
      g_autofree char *list = g_string_free (g_steal_pointer (&out), FALSE);
      guint more = numbers->len - shown;

      /* TRANSLATORS: %s is a list of numbers, such as "4, 9, 12" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u more", "%s and %u more", more),
                              list, more);
    }
  return g_string_free (out, FALSE);
}

/* A line of the summary, after those on @out. */
static void G_GNUC_PRINTF (2, 3)
add_line (GString    *out,
          const char *format,
          ...)
{
  va_list args;

  if (out->len > 0)
    g_string_append_c (out, '\n');
  va_start (args, format);
  g_string_append_vprintf (out, format, args);
  va_end (args);
}

/* "2 included files could not be found…", then the first few. */
static void
add_missing_includes (GString   *out,
                      GPtrArray *missing)
{
  guint n = missing->len;
  guint shown = MIN (n, 5);

  add_line (out,
            g_dngettext (GETTEXT_PACKAGE,
                         "%u included file could not be found; the chapter shows “Listing not found” in its place:",
                         "%u included files could not be found; the chapters show “Listing not found” in their place:",
                         n),
            n);
  for (guint i = 0; i < shown; i++)
    {
      DfImportMissingInclude *m = g_ptr_array_index (missing, i);

      /* TRANSLATORS: a chapter file, its line, and the file it includes */
      add_line (out, _("  %s, line %u: %s"), m->file, m->line, m->path);
    }
  if (n > shown)
    add_line (out, g_dngettext (GETTEXT_PACKAGE, "  and %u more", "  and %u more", n - shown), n - shown);
}

/**
 * df_import_result_dup_summary:
 *
 * See df-import.h.
 */
char *
df_import_result_dup_summary (const DfImportResult *result)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_parts;
  guint n_chapters;

  g_return_val_if_fail (result != NULL, NULL);

  n_parts = result->shortened_parts->len;
  n_chapters = result->shortened_chapters->len;
  if (result->shortened_title)
    add_line (out, _("The project’s title was longer than %d characters and was shortened"),
              DF_IMPORT_MAX_TITLE_CHARS);
  if (n_parts > 0)
    {
      g_autofree char *list = format_numbers (result->shortened_parts);
      add_line (out,
                g_dngettext (GETTEXT_PACKAGE,
                             "%u part title was longer than %d characters and was shortened: part %s",
                             "%u part titles were longer than %d characters and were shortened: parts %s",
                             n_parts),
                n_parts, DF_IMPORT_MAX_TITLE_CHARS, list);
    }
  if (n_chapters > 0)
    {
      g_autofree char *list = format_numbers (result->shortened_chapters);
      add_line (out,
                g_dngettext (GETTEXT_PACKAGE,
                             "%u title was longer than %d characters and was shortened: chapter %s",
                             "%u titles were longer than %d characters and were shortened: chapters %s",
                             n_chapters),
                n_chapters, DF_IMPORT_MAX_TITLE_CHARS, list);
    }
  if (result->missing_includes != NULL && result->missing_includes->len > 0)
    add_missing_includes (out, result->missing_includes);
  if (result->gutenberg)
    add_line (out, "%s", _("The Project Gutenberg header and licence around the book were left out"));
  if (result->documents_left_out > 0)
    add_line (out,
              g_dngettext (GETTEXT_PACKAGE,
                           "%u document was not imported: it is in the archive, the trash or the templates, "
                           "a note in the novel folder, or left out of the manuscript",
                           "%u documents were not imported: they are in the archive, the trash or the templates, "
                           "notes in the novel folder, or left out of the manuscript",
                           result->documents_left_out),
              result->documents_left_out);
  if (result->pictures_left_out > 0)
    add_line (out,
              g_dngettext (GETTEXT_PACKAGE,
                           "%u picture or text box in the document was not imported; add it to its chapter",
                           "%u pictures or text boxes in the document were not imported; add them to their chapters",
                           result->pictures_left_out),
              result->pictures_left_out);

  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* ---- importing ------------------------------------------------------------ */

static void
ctx_clear (DfImportCtx *ctx)
{
  g_clear_pointer (&ctx->assets_seen, g_hash_table_unref);
  g_clear_pointer (&ctx->root_dir, g_free);
  g_clear_pointer (&ctx->root_real, g_free);
  g_clear_pointer (&ctx->settings, g_free);
  g_clear_pointer (&ctx->cut_chapters, g_array_unref);
  g_clear_pointer (&ctx->cut_parts, g_array_unref);
  g_clear_pointer (&ctx->appender, df_chapter_appender_free);
  g_clear_pointer (&ctx->includes, _df_mdbook_includes_free);
}

/**
 * df_import_detect_format:
 *
 * See df-import.h.
 */
DfImportFormat
df_import_detect_format (const char *path)
{
  g_return_val_if_fail (path != NULL, DF_IMPORT_AUTO);
  return detect_format (path);
}

/**
 * df_import_unwraps_by_default:
 *
 * See df-import.h.
 */
gboolean
df_import_unwraps_by_default (const char     *path,
                              DfImportFormat  format)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (format == DF_IMPORT_AUTO)
    format = detect_format (path);
  return format == DF_IMPORT_PLAIN_TEXT;
}

/**
 * df_import_run:
 *
 * See df-import.h.
 */
DfImportResult *
df_import_run (DfStore          *store,
               const char       *path,
               DfImportFormat    format,
               const char       *title,
               DfImportProgress  progress,
               gpointer          progress_data,
               GCancellable     *cancellable,
               GError          **error)
{
  return df_import_run_full (store, path, format, title, NULL, progress, progress_data, cancellable, error);
}

/**
 * df_import_run_full:
 *
 * See df-import.h.  The project is read back after the last commit.  A
 * project folder is never unwrapped: it is DraftForge's own text.
 */
DfImportResult *
df_import_run_full (DfStore               *store,
                    const char            *path,
                    DfImportFormat         format,
                    const char            *title,
                    const DfImportOptions *options,
                    DfImportProgress       progress,
                    gpointer               progress_data,
                    GCancellable          *cancellable,
                    GError               **error)
{
  DfImportUnwrap unwrap = options ? options->unwrap : DF_IMPORT_UNWRAP_DEFAULT;

  g_autofree char *display = NULL;
  DfImportCtx ctx = { 0 };
  DfImportResult *result = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  if (!check_request (path, display, title, &format, error))
    return NULL;

  ctx.store = store;
  ctx.progress = progress;
  ctx.progress_data = progress_data;
  ctx.cancellable = cancellable;
  ctx.last_fraction = -1.0;
  ctx.assets_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.cut_chapters = g_array_new (FALSE, FALSE, sizeof (gint64));
  ctx.cut_parts = g_array_new (FALSE, FALSE, sizeof (gint64));
  ctx.unwrap = format != DF_IMPORT_PROJECT_DIR &&
               (unwrap == DF_IMPORT_UNWRAP_YES ||
                (unwrap == DF_IMPORT_UNWRAP_DEFAULT && df_import_unwraps_by_default (path, format)));

  _df_import_report (&ctx, 0.0, TRUE);
  if (_df_import_check_cancelled (&ctx, error) &&
      run_import (&ctx, format, path, display, title, error) &&
      (result = make_result (&ctx, error)) != NULL)
    _df_import_report (&ctx, 1.0, TRUE);

  ctx_clear (&ctx);
  return result;
}

/**
 * df_import:
 *
 * See df-import.h.
 */
DfProject *
df_import (DfStore          *store,
           const char       *path,
           DfImportFormat    format,
           const char       *title,
           DfImportProgress  progress,
           gpointer          progress_data,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autoptr(DfImportResult) result = df_import_run (store, path, format, title, progress, progress_data,
                                                    cancellable, error);

  return result != NULL ? g_steal_pointer (&result->project) : NULL;
}

/* ---- imports interrupted -------------------------------------------------- */

/**
 * df_import_recover_interrupted:
 *
 * See df-import.h.  Reads before it writes: with nothing to remove it
 * never waits for an import running in another process.
 */
gboolean
df_import_recover_interrupted (DfStore  *store,
                               guint    *n_removed,
                               GError  **error)
{
  g_autoptr(GPtrArray) imports = NULL;
  guint n = 0;

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);

  if (n_removed != NULL)
    *n_removed = 0;
  imports = df_project_list_imports (store, error);
  if (imports == NULL)
    return FALSE;

  for (guint i = 0; i < imports->len; i++)
    {
      DfProjectImport *import = g_ptr_array_index (imports, i);
      g_autoptr(GError) local_error = NULL;

      if (!_df_owner_is_gone (import->owner))
        continue;
      if (!df_store_begin (store, error))
        return FALSE;
      if (!df_project_remove_import (store, import->id, import->owner, &local_error) &&
          !g_error_matches (local_error, DF_ERROR, DF_ERROR_NOT_FOUND))
        {
          /* NOT_FOUND: another start removed it first. */
          df_store_rollback (store);
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("Could not remove an unfinished import: "));
          return FALSE;
        }
      if (!df_store_end (store, TRUE, error))
        return FALSE;
      n += local_error == NULL ? 1 : 0;
    }

  if (n > 0)
    g_debug ("Removed %u unfinished imports", n);
  if (n_removed != NULL)
    *n_removed = n;
  return TRUE;
}
