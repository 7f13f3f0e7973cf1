/* df-exporter.c: the exporter extension point, and running an export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "df-exporter.h"
#include "df-store-private.h"

G_DEFINE_INTERFACE (DfExporter, df_exporter, G_TYPE_OBJECT)

static void
df_exporter_default_init (DfExporterInterface *iface)
{
}

const char *
df_exporter_get_format (DfExporter *self)
{
  g_return_val_if_fail (DF_IS_EXPORTER (self), NULL);
  return DF_EXPORTER_GET_IFACE (self)->get_format (self);
}

const char *
df_exporter_get_name (DfExporter *self)
{
  g_return_val_if_fail (DF_IS_EXPORTER (self), NULL);
  return DF_EXPORTER_GET_IFACE (self)->get_name (self);
}

const char *
df_exporter_get_extension (DfExporter *self)
{
  g_return_val_if_fail (DF_IS_EXPORTER (self), NULL);
  return DF_EXPORTER_GET_IFACE (self)->get_extension (self);
}

const char *
df_exporter_get_mime_type (DfExporter *self)
{
  g_return_val_if_fail (DF_IS_EXPORTER (self), NULL);
  return DF_EXPORTER_GET_IFACE (self)->get_mime_type (self);
}

/* ---- the context ----------------------------------------------------- */

struct _DfExportContext
{
  DfStore              *store;
  gint64                project_id;
  gint64                job_id;
  char                 *output_path;
  JsonObject           *options;
  GCancellable         *cancellable;
  DfBook               *book;
  GString              *log;
  DfExportProgressFunc  progress;
  gpointer              progress_data;
  int                   last_percent;
  int                   stored_percent;
};

DfStore *
df_export_context_get_store (DfExportContext *context)
{
  return context->store;
}

gint64
df_export_context_get_project_id (DfExportContext *context)
{
  return context->project_id;
}

const char *
df_export_context_get_output_path (DfExportContext *context)
{
  return context->output_path;
}

GCancellable *
df_export_context_get_cancellable (DfExportContext *context)
{
  return context->cancellable;
}

JsonObject *
df_export_context_get_options (DfExportContext *context)
{
  return context->options;
}

gboolean
df_export_context_get_option_bool (DfExportContext *context,
                                   const char      *name,
                                   gboolean         fallback)
{
  JsonNode *node = json_object_get_member (context->options, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

const char *
df_export_context_get_option_string (DfExportContext *context,
                                     const char      *name,
                                     const char      *fallback)
{
  JsonNode *node = json_object_get_member (context->options, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  return json_node_get_string (node);
}

DfBook *
df_export_context_get_book (DfExportContext  *context,
                            GError          **error)
{
  if (context->book == NULL)
    {
      JsonNode *parts = json_object_get_member (context->options, "parts");
      g_autofree gint64 *numbers = NULL;

      if (parts != NULL && JSON_NODE_HOLDS_ARRAY (parts))
        {
          JsonArray *array = json_node_get_array (parts);
          guint n = json_array_get_length (array);

          numbers = g_new0 (gint64, n + 1);
          for (guint i = 0; i < n; i++)
            numbers[i] = json_array_get_int_element (array, i);
        }

      context->book = df_book_load (context->store, context->project_id, numbers, error);
      if (context->book != NULL && context->book->chapters->len == 0)
        {
          g_clear_pointer (&context->book, df_book_free);
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("There is nothing to export: the book has no chapters in the parts chosen"));
        }
    }

  return context->book;
}

static void
update_job (DfExportContext *context,
            int              percent)
{
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (context->store,
                                                   "UPDATE export_jobs SET progress_percent = ?2 WHERE id = ?1",
                                                   NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, context->job_id);
  sqlite3_bind_int (stmt, 2, percent);
  df_store_step_done (context->store, stmt, NULL);
}

void
df_export_context_set_progress (DfExportContext *context,
                                double           fraction,
                                const char      *message)
{
  int percent = (int)(CLAMP (fraction, 0.0, 1.0) * 100.0);

  /* Each write is a durable commit: the row follows in 5% steps. */
  if (percent != context->last_percent &&
      (percent >= context->stored_percent + 5 || percent == 100 || context->stored_percent < 0))
    {
      context->stored_percent = percent;
      update_job (context, percent);
    }
  context->last_percent = percent;

  if (context->progress != NULL)
    context->progress (CLAMP (fraction, 0.0, 1.0), message, context->progress_data);
}

void
df_export_context_log (DfExportContext *context,
                       const char      *format,
                       ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (context->log, format, args);
  va_end (args);
  g_string_append_c (context->log, '\n');
}

/* ---- running --------------------------------------------------------- */

void
df_export_result_free (DfExportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->output_path);
  g_free (result->sha256);
  g_free (result);
}

static gboolean
finish_job (DfStore     *store,
            gint64       job_id,
            const char  *status,
            const char  *output_path,
            gint64       size,
            const char  *sha256,
            const char  *error_message,
            const char  *log,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "UPDATE export_jobs SET status = ?2, output_path = ?3, output_size = ?4,"
                           " output_sha256 = ?5, error = ?6, log = ?7,"
                           " progress_percent = CASE WHEN ?2 = 'completed' THEN 100 ELSE progress_percent END,"
                           " completed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, job_id);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, output_path, -1, SQLITE_TRANSIENT);
  if (size >= 0)
    sqlite3_bind_int64 (stmt, 4, size);
  else
    sqlite3_bind_null (stmt, 4);
  if (sha256 != NULL)
    sqlite3_bind_text (stmt, 5, sha256, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 5);
  if (error_message != NULL)
    sqlite3_bind_text (stmt, 6, error_message, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_text (stmt, 7, log, -1, SQLITE_TRANSIENT);

  return df_store_step_done (store, stmt, error);
}

static char *
file_sha256 (const char  *path,
             gint64      *size,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guchar buffer[64 * 1024];
  gssize n;

  *size = 0;
  if (in == NULL)
    return NULL;

  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, sizeof buffer, NULL, error)) > 0)
    {
      g_checksum_update (checksum, buffer, n);
      *size += n;
    }
  if (n < 0)
    return NULL;

  return g_strdup (g_checksum_get_string (checksum));
}

/* The absolute path of the output, in a folder that exists; NULL with
 * @error set when the folder is missing or @output_path is a folder. */
static char *
check_output (const char  *output_path,
              GError     **error)
{
  g_autofree char *absolute = g_canonicalize_filename (output_path, NULL);
  g_autofree char *dir = g_path_get_dirname (absolute);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Cannot write “%s”: the folder “%s” does not exist"), output_path, dir);
      return NULL;
    }
  if (g_file_test (absolute, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Cannot write “%s”: it is a folder; give a file name"), output_path);
      return NULL;
    }

  return g_steal_pointer (&absolute);
}

/* Adds the export_jobs row of a run that starts now. */
static gboolean
start_job (DfStore      *store,
           DfExporter   *exporter,
           gint64        project_id,
           JsonObject   *options,
           const char   *absolute,
           gint64       *job_id,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) options_node = json_node_init_object (json_node_alloc (), options);
  g_autofree char *options_text = json_to_string (options_node, FALSE);

  stmt = df_store_prepare (store,
                           "INSERT INTO export_jobs (project_id, format, status, options, output_path,"
                           " created_at, started_at)"
                           " VALUES (?1, ?2, 'processing', ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                           " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  sqlite3_bind_text (stmt, 2, df_exporter_get_format (exporter), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, options_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, absolute, -1, SQLITE_TRANSIENT);
  if (!df_store_step_done (store, stmt, error))
    {
      g_prefix_error (error, _("Could not record the export: "));
      return FALSE;
    }

  *job_id = df_store_last_insert_id (store);
  return TRUE;
}

/* An empty temporary file beside @absolute: the output appears only when
 * complete.  It has from its creation the mode the output will have: the
 * one of the file it replaces, or a new file's (0666 less the umask), so
 * a file its owner kept private is never readable by others while it is
 * written.  NULL with @error set when the folder is not writable. */
static char *
create_temp (const char  *absolute,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (absolute);
  g_autofree char *base = g_path_get_basename (absolute);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.part-XXXXXX", dir, base);
  GStatBuf st;
  gboolean replaces = g_stat (absolute, &st) == 0;
  int fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, replaces ? (st.st_mode & 0777) : 0666);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Cannot write in “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }

  /* The umask may have narrowed the mode of the file replaced. */
  if (replaces)
    fchmod (fd, st.st_mode & 0777);
  close (fd);
  return g_steal_pointer (&tmp);
}

/* Runs @exporter into the temporary file and moves the result to
 * @absolute, giving its SHA-256 and size. */
static gboolean
run_exporter (DfExporter       *exporter,
              DfExportContext  *context,
              const char       *absolute,
              const char       *output_path,
              char            **sha,
              gint64           *size,
              GError          **error)
{
  df_export_context_set_progress (context, 0.0, NULL);
  if (!DF_EXPORTER_GET_IFACE (exporter)->export (exporter, context, error) ||
      g_cancellable_set_error_if_cancelled (context->cancellable, error))
    return FALSE;

  if ((*sha = file_sha256 (context->output_path, size, error)) == NULL)
    return FALSE;

  if (g_rename (context->output_path, absolute) != 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Cannot write “%s”: %s"), output_path, g_strerror (saved));
      return FALSE;
    }

  df_export_context_set_progress (context, 1.0, NULL);
  return TRUE;
}

/* Records a run that failed (or was canceled) with @run_error, and removes
 * its temporary file. */
static void
fail_job (DfExporter       *exporter,
          DfExportContext  *context,
          const char       *absolute,
          GError          **run_error)
{
  if (*run_error == NULL)
    g_set_error (run_error, DF_ERROR, DF_ERROR_FAILED,
                 _("The %s exporter failed without saying why"), df_exporter_get_format (exporter));
  if (context->output_path != NULL)
    g_unlink (context->output_path);
  finish_job (context->store, context->job_id,
              g_error_matches (*run_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "canceled" : "failed",
              absolute, -1, NULL, (*run_error)->message, context->log->str, NULL);
}

DfExportResult *
df_export_run (DfExporter            *exporter,
               DfStore               *store,
               gint64                 project_id,
               const char            *output_path,
               JsonObject            *options,
               DfExportProgressFunc   progress,
               gpointer               progress_data,
               GCancellable          *cancellable,
               GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) opts = options ? json_object_ref (options) : json_object_new ();
  g_autofree char *tmp = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *absolute = NULL;
  DfExportContext context = { 0 };
  DfExportResult *result = NULL;
  gint64 size = -1;
  gint64 job_id;

  g_return_val_if_fail (DF_IS_EXPORTER (exporter), NULL);
  g_return_val_if_fail (output_path != NULL, NULL);

  if ((absolute = check_output (output_path, error)) == NULL ||
      !start_job (store, exporter, project_id, opts, absolute, &job_id, error))
    return NULL;

  context.store = store;
  context.project_id = project_id;
  context.job_id = job_id;
  context.options = opts;
  context.cancellable = cancellable;
  context.log = g_string_new (NULL);
  context.progress = progress;
  context.progress_data = progress_data;
  context.last_percent = -1;
  context.stored_percent = -1;

  tmp = create_temp (absolute, &local_error);
  context.output_path = tmp;
  if (tmp == NULL ||
      !run_exporter (exporter, &context, absolute, output_path, &sha, &size, &local_error))
    {
      fail_job (exporter, &context, absolute, &local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  else if (finish_job (store, job_id, "completed", absolute, size, sha, NULL, context.log->str, error))
    {
      result = g_new0 (DfExportResult, 1);
      result->job_id = job_id;
      result->output_path = g_steal_pointer (&absolute);
      result->size = size;
      result->sha256 = g_steal_pointer (&sha);
    }

  g_string_free (context.log, TRUE);
  g_clear_pointer (&context.book, df_book_free);
  return result;
}
