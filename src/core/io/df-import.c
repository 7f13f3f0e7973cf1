/* df-import.c: bringing manuscripts in
 *
 * Every import reads and checks its input, then adds the project, its
 * parts, chapters and images in one transaction: on any failure (bad
 * input found late, a database error, cancellation) the transaction is
 * rolled back and the database is as it was.
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

static DfImportFormat
detect_format (const char *path)
{
  g_autofree char *project_json = g_build_filename (path, "project.json", NULL);
  g_autofree char *summary = g_build_filename (path, "SUMMARY.md", NULL);
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (g_file_test (project_json, G_FILE_TEST_IS_REGULAR))
        return DF_IMPORT_PROJECT_DIR;
      if (g_file_test (summary, G_FILE_TEST_IS_REGULAR))
        return DF_IMPORT_MDBOOK;
      return DF_IMPORT_MARKDOWN_DIR;
    }
  if (g_str_has_suffix (lower, ".md") || g_str_has_suffix (lower, ".markdown"))
    return DF_IMPORT_MARKDOWN_FILE;
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

/* Runs the importer of @format inside the transaction, then commits; rolls
 * back on any failure. */
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

  switch (format)
    {
    case DF_IMPORT_PLAIN_TEXT:
      ok = _df_import_plain_text (ctx, path, display, title, error);
      break;
    case DF_IMPORT_MARKDOWN_FILE:
      ok = _df_import_markdown_file (ctx, path, display, title, error);
      break;
    case DF_IMPORT_MARKDOWN_DIR:
      ok = _df_import_markdown_dir (ctx, path, display, title, error);
      break;
    case DF_IMPORT_MDBOOK:
      ok = _df_import_mdbook (ctx, path, display, title, error);
      break;
    case DF_IMPORT_PROJECT_DIR:
      ok = _df_import_project_dir (ctx, path, display, title, error);
      break;
    case DF_IMPORT_AUTO:
    default:
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("Unknown import format %d"), format);
      ok = FALSE;
      break;
    }

  if (ok)
    ok = _df_import_check_cancelled (ctx, error);
  if (ok)
    ok = df_store_commit (ctx->store, error);
  if (!ok)
    df_store_rollback (ctx->store);
  return ok;
}

/**
 * df_import:
 *
 * See df-import.h.  The returned project is read back after the commit.
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
  g_autofree char *display = NULL;
  DfImportCtx ctx = { 0 };
  gboolean ok;

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

  _df_import_report (&ctx, 0.0, TRUE);
  ok = _df_import_check_cancelled (&ctx, error) &&
       run_import (&ctx, format, path, display, title, error);

  g_hash_table_unref (ctx.assets_seen);
  g_free (ctx.root_dir);
  g_free (ctx.root_real);

  if (!ok)
    return NULL;

  _df_import_report (&ctx, 1.0, TRUE);
  return df_project_get_by_id (store, ctx.project_id, error);
}
