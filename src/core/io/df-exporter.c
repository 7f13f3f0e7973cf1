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
#include "df-owner-private.h"
#include "df-level-blocks.h"
#include "df-store-private.h"

/* A run writes ".NAME.part-XXXXXX" beside its output NAME. */
#define TEMP_INFIX ".part-"
#define TEMP_RANDOM_CHARS 6

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

/* With the "profile" option (a profile's id), each chapter as that
 * profile reads it: the author's level blocks chosen, and the Key terms
 * box for a beginner (df-personalize.h). */
static gboolean
personalize_book (DfExportContext  *context,
                  GError          **error)
{
  const char *profile_id = df_export_context_get_option_string (context, "profile", NULL);
  DfProfile *profile;

  if (profile_id == NULL)
    return TRUE;
  profile = df_profile_get (context->store, profile_id, error);
  return profile != NULL && df_book_set_reader (context->book, profile, error);
}

static DfBook *
get_book (DfExportContext  *context,
          gboolean          lazily,
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

      context->book = lazily ? df_book_load_lazily (context->store, context->project_id, numbers, error)
                             : df_book_load (context->store, context->project_id, numbers, error);
      if (context->book != NULL && !personalize_book (context, error))
        g_clear_pointer (&context->book, df_book_free);
      if (context->book != NULL && context->book->chapters->len == 0)
        {
          g_clear_pointer (&context->book, df_book_free);
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("There is nothing to export: the book has no chapters in the parts chosen"));
        }
    }
  else if (!lazily && context->book->lazy)
    {
      /* Asked for whole after all: every text read now. */
      for (guint i = 0; i < context->book->chapters->len; i++)
        if (df_book_chapter_text (context->book, context->book->chapters->pdata[i], error) == NULL)
          return NULL;
      context->book->lazy = FALSE;
    }

  return context->book;
}

DfBook *
df_export_context_get_book (DfExportContext  *context,
                            GError          **error)
{
  return get_book (context, FALSE, error);
}

DfBook *
df_export_context_get_book_lazily (DfExportContext  *context,
                                   GError          **error)
{
  return get_book (context, TRUE, error);
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

/* ".NAME.part-XXXXXX" beside @absolute (NAME its file name), with a new
 * random XXXXXX. */
static char *
temp_path_for (const char *absolute)
{
  static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  g_autofree char *dir = g_path_get_dirname (absolute);
  g_autofree char *base = g_path_get_basename (absolute);
  char suffix[TEMP_RANDOM_CHARS + 1];

  for (guint i = 0; i < TEMP_RANDOM_CHARS; i++)
    suffix[i] = chars[g_random_int_range (0, sizeof chars - 1)];
  suffix[TEMP_RANDOM_CHARS] = '\0';
  return g_strdup_printf ("%s/.%s" TEMP_INFIX "%s", dir, base, suffix);
}

/* Whether @temp_path has the name temp_path_for gives beside
 * @output_path. */
static gboolean
is_temp_path (const char *temp_path,
              const char *output_path)
{
  g_autofree char *dir = g_path_get_dirname (temp_path);
  g_autofree char *out_dir = g_path_get_dirname (output_path);
  g_autofree char *out_base = g_path_get_basename (output_path);
  g_autofree char *prefix = g_strconcat ("/.", out_base, TEMP_INFIX, NULL);
  const char *suffix;

  if (!g_path_is_absolute (temp_path) || strcmp (dir, out_dir) != 0 ||
      strncmp (temp_path + strlen (dir), prefix, strlen (prefix)) != 0)
    return FALSE;

  suffix = temp_path + strlen (dir) + strlen (prefix);
  if (strlen (suffix) != TEMP_RANDOM_CHARS)
    return FALSE;
  for (const char *p = suffix; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

/* Adds the export_jobs row of a run that starts now, naming this process
 * and the temporary file it is about to create (@temp_path): a later
 * start can then tell that the run was interrupted and remove what it
 * left. */
static gboolean
start_job (DfStore      *store,
           DfExporter   *exporter,
           gint64        project_id,
           JsonObject   *options,
           const char   *absolute,
           const char   *temp_path,
           gint64       *job_id,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) options_node = json_node_init_object (json_node_alloc (), options);
  g_autofree char *options_text = json_to_string (options_node, FALSE);

  stmt = df_store_prepare (store,
                           "INSERT INTO export_jobs (project_id, format, status, options, output_path,"
                           " owner, temp_path, created_at, started_at)"
                           " VALUES (?1, ?2, 'processing', ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                           " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  sqlite3_bind_text (stmt, 2, df_exporter_get_format (exporter), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, options_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, absolute, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, _df_owner_self (), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, temp_path, -1, SQLITE_TRANSIENT);
  if (!df_store_step_done (store, stmt, error))
    {
      g_prefix_error (error, _("Could not record the export: "));
      return FALSE;
    }

  *job_id = df_store_last_insert_id (store);
  return TRUE;
}

static gboolean
set_job_temp_path (DfStore     *store,
                   gint64       job_id,
                   const char  *temp_path,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store, "UPDATE export_jobs SET temp_path = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  sqlite3_bind_text (stmt, 2, temp_path, -1, SQLITE_TRANSIENT);
  return df_store_step_done (store, stmt, error);
}

/* Creates the empty temporary file at *@temp_path, which the job's row
 * already names; when a file is in the way, another name is recorded
 * first and tried.  The output appears only when complete.  The file has
 * from its creation the mode the output will have: the one of the file it
 * replaces, or a new file's (0666 less the umask), so a file its owner
 * kept private is never readable by others while it is written. */
static gboolean
create_temp (DfStore      *store,
             gint64        job_id,
             const char   *absolute,
             char        **temp_path,
             GError      **error)
{
  GStatBuf st;
  gboolean replaces = g_stat (absolute, &st) == 0;
  int mode = replaces ? (st.st_mode & 0777) : 0666;

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      int fd = g_open (*temp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
      int saved = errno;

      if (fd >= 0)
        {
          /* The umask may have narrowed the mode of the file replaced. */
          if (replaces)
            fchmod (fd, mode);
          close (fd);
          return TRUE;
        }
      if (saved != EEXIST)
        {
          g_autofree char *dir = g_path_get_dirname (absolute);
          g_set_error (error, DF_ERROR, DF_ERROR_IO,
                       _("Cannot write in “%s”: %s"), dir, g_strerror (saved));
          return FALSE;
        }

      g_free (*temp_path);
      *temp_path = temp_path_for (absolute);
      if (!set_job_temp_path (store, job_id, *temp_path, error))
        return FALSE;
    }

  g_set_error (error, DF_ERROR, DF_ERROR_IO,
               _("Cannot write “%s”: no free name for a temporary file beside it"), absolute);
  return FALSE;
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

  if ((absolute = check_output (output_path, error)) == NULL)
    return NULL;
  tmp = temp_path_for (absolute);
  if (!start_job (store, exporter, project_id, opts, absolute, tmp, &job_id, error))
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

  if (create_temp (store, job_id, absolute, &tmp, &local_error))
    context.output_path = tmp;
  if (context.output_path == NULL ||
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

/* ---- interrupted runs -------------------------------------------------- */

typedef struct
{
  gint64    id;
  char     *owner;
  char     *temp_path;
  char     *output_path;
  gboolean  gone;
} OpenJob;

static void open_job_free (OpenJob *job);

/* gone is not a column: list_open_jobs works it out. */
static const DfColumn open_job_columns[] = {
  { "id", DF_COLUMN_INT64, G_STRUCT_OFFSET (OpenJob, id) },
  { "owner", DF_COLUMN_TEXT, G_STRUCT_OFFSET (OpenJob, owner) },
  { "temp_path", DF_COLUMN_TEXT, G_STRUCT_OFFSET (OpenJob, temp_path) },
  { "output_path", DF_COLUMN_TEXT, G_STRUCT_OFFSET (OpenJob, output_path) },
};

static const DfRecordType open_job_record = {
  sizeof (OpenJob), open_job_columns, G_N_ELEMENTS (open_job_columns), (GDestroyNotify) open_job_free,
};

static void
open_job_free (OpenJob *job)
{
  _df_record_free (&open_job_record, job);
}

/* The jobs recorded as queued or running (OpenJob), with whether their
 * process is gone. */
static GPtrArray *
list_open_jobs (DfStore  *store,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *jobs;

  stmt = _df_record_prepare (store, &open_job_record,
                             "FROM export_jobs WHERE status IN ('queued', 'processing')", error);
  if (stmt == NULL ||
      (jobs = _df_record_list (store, stmt, &open_job_record, _("Could not read the export jobs"), error)) == NULL)
    return NULL;

  for (guint i = 0; i < jobs->len; i++)
    {
      OpenJob *job = g_ptr_array_index (jobs, i);

      job->gone = _df_owner_is_gone (job->owner);
    }
  return jobs;
}

/* Removes @path when it is a regular file (not a link, not a folder). */
static void
remove_left_file (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return;
  if (g_unlink (path) != 0)
    {
      int saved = errno;
      g_warning ("Could not remove “%s”, left by an interrupted export: %s",
                 path, g_strerror (saved));
    }
}

/* Whether @name is "@temp_name.XXXXXX" (six letters or digits): the file
 * a writer fills before renaming it to the temporary file, libzip as it
 * closes an archive (EPUB, DOCX, a zipped folder) and
 * g_file_set_contents alike. */
static gboolean
is_writer_temp_name (const char *name,
                     const char *temp_name)
{
  gsize len = strlen (temp_name);

  if (strncmp (name, temp_name, len) != 0 || name[len] != '.' || strlen (name + len + 1) != 6)
    return FALSE;
  for (const char *p = name + len + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

/* Removes the files of a writer killed while it filled @temp_path's
 * own temporary file. */
static void
remove_writer_temps (const char *temp_path)
{
  g_autofree char *dir = g_path_get_dirname (temp_path);
  g_autofree char *temp_name = g_path_get_basename (temp_path);
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    if (is_writer_temp_name (name, temp_name))
      g_ptr_array_add (found, g_build_filename (dir, name, NULL));
  for (guint i = 0; i < found->len; i++)
    remove_left_file (g_ptr_array_index (found, i));
}

/* Removes the temporary file @job recorded, and those its writer made of
 * it: only regular files (not links, not folders) with the name a run
 * gives its temporary file beside its output, and that no running job
 * names. */
static void
remove_temp (const OpenJob *job,
             GPtrArray     *jobs)
{

  if (job->temp_path == NULL || job->output_path == NULL ||
      !is_temp_path (job->temp_path, job->output_path))
    return;
  for (guint i = 0; i < jobs->len; i++)
    {
      const OpenJob *other = g_ptr_array_index (jobs, i);
      if (!other->gone && g_strcmp0 (other->temp_path, job->temp_path) == 0)
        return;
    }

  remove_left_file (job->temp_path);
  remove_writer_temps (job->temp_path);
}

static gboolean
mark_interrupted (DfStore   *store,
                  gint64     job_id,
                  gboolean  *changed,
                  GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "UPDATE export_jobs SET status = 'failed', error = 'interrupted',"
                           " completed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                           " WHERE id = ?1 AND status IN ('queued', 'processing')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  if (!df_store_step_done (store, stmt, error))
    return FALSE;
  *changed = sqlite3_changes (df_store_get_db (store)) > 0;
  return TRUE;
}

/* Whether any of @jobs has lost its process. */
static gboolean
any_gone (GPtrArray *jobs)
{
  for (guint i = 0; i < jobs->len; i++)
    if (((OpenJob *) g_ptr_array_index (jobs, i))->gone)
      return TRUE;
  return FALSE;
}

/**
 * df_export_recover_interrupted:
 *
 * See df-exporter.h.  Reads before it writes: with nothing to recover it
 * never waits for the lock another process holds (a long import).  The
 * temporary file goes before the row is marked: a run interrupted in
 * between is found again at the next start.
 */
gboolean
df_export_recover_interrupted (DfStore  *store,
                               guint    *n_recovered,
                               GError  **error)
{
  g_autoptr(GPtrArray) jobs = NULL;
  gboolean ok = TRUE;
  guint n = 0;

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);

  if (n_recovered != NULL)
    *n_recovered = 0;
  jobs = list_open_jobs (store, error);
  if (jobs == NULL)
    return FALSE;
  if (!any_gone (jobs))
    return TRUE;

  if (!df_store_begin (store, error))
    return FALSE;
  for (guint i = 0; ok && i < jobs->len; i++)
    {
      const OpenJob *job = g_ptr_array_index (jobs, i);
      gboolean changed = FALSE;

      if (!job->gone)
        continue;
      remove_temp (job, jobs);
      ok = mark_interrupted (store, job->id, &changed, error);
      n += changed ? 1 : 0;
    }
  if (!df_store_end (store, ok, error))
    return FALSE;

  if (n > 0)
    g_debug ("Marked %u interrupted export jobs as failed", n);
  if (n_recovered != NULL)
    *n_recovered = n;
  return TRUE;
}
