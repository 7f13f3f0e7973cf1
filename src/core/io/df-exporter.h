/* df-exporter.h: the exporter extension point
 *
 * An exporter turns a project into a file (EPUB, PDF, ...).  The host runs
 * it in a worker thread with its own connection to the database, records
 * the run as an export_jobs row (status, progress, output size and
 * SHA-256, error), and writes the output atomically: the exporter writes
 * to df_export_context_get_output_path (a temporary file beside the
 * destination) and the host moves it into place only on success.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "df-book.h"
#include "df-store.h"

G_BEGIN_DECLS

#define DF_TYPE_EXPORTER (df_exporter_get_type ())
DF_EXTERN
G_DECLARE_INTERFACE (DfExporter, df_exporter, DF, EXPORTER, GObject)

typedef struct _DfExportContext DfExportContext;

struct _DfExporterInterface
{
  GTypeInterface parent_iface;

  /* "epub", "pdf", ...: what --format names; lowercase ASCII */
  const char *(*get_format)     (DfExporter *self);
  /* A translated name for people: "EPUB e-book" */
  const char *(*get_name)       (DfExporter *self);
  /* The file name extension without a dot: "epub" */
  const char *(*get_extension)  (DfExporter *self);
  const char *(*get_mime_type)  (DfExporter *self);
  /* Runs in a worker thread.  Report progress, honour cancellation, and
   * return FALSE with @error (DF_ERROR or G_IO_ERROR_CANCELLED) on failure. */
  gboolean    (*export)         (DfExporter       *self,
                                 DfExportContext  *context,
                                 GError          **error);
};

DF_EXTERN
const char *df_exporter_get_format     (DfExporter *self);
DF_EXTERN
const char *df_exporter_get_name       (DfExporter *self);
DF_EXTERN
const char *df_exporter_get_extension  (DfExporter *self);
DF_EXTERN
const char *df_exporter_get_mime_type  (DfExporter *self);

/* ---- what an exporter sees ------------------------------------------- */

DF_EXTERN
DfStore      *df_export_context_get_store        (DfExportContext *context);
DF_EXTERN
gint64        df_export_context_get_project_id   (DfExportContext *context);
/* The book, loaded once, with only the parts the options include. */
DF_EXTERN
DfBook       *df_export_context_get_book         (DfExportContext *context,
                                                  GError         **error);
/* The same, each chapter's text read only when df_book_chapter_text asks
 * for it and let go with df_book_chapter_release: for an exporter that
 * writes one chapter at a time, so that a big book's export holds one
 * chapter's text at a time. */
DF_EXTERN
DfBook       *df_export_context_get_book_lazily  (DfExportContext *context,
                                                  GError         **error);
/* Where to write: a temporary file beside the destination. */
DF_EXTERN
const char   *df_export_context_get_output_path  (DfExportContext *context);
DF_EXTERN
GCancellable *df_export_context_get_cancellable  (DfExportContext *context);
/* Options as given by the user (see docs/plugins.md): "title-page"
 * (boolean, default TRUE), "parts" (array of part numbers, default all),
 * "author", "language", "single-file" (markdown), and format-specific
 * ones.  Never NULL. */
DF_EXTERN
JsonObject   *df_export_context_get_options      (DfExportContext *context);
DF_EXTERN
gboolean      df_export_context_get_option_bool  (DfExportContext *context,
                                                  const char      *name,
                                                  gboolean         fallback);
DF_EXTERN
const char   *df_export_context_get_option_string (DfExportContext *context,
                                                   const char      *name,
                                                   const char      *fallback);
/* @fraction in 0..1; @message (may be NULL) says what is being done. */
DF_EXTERN
void          df_export_context_set_progress     (DfExportContext *context,
                                                  double           fraction,
                                                  const char      *message);
/* A line for the job's log (kept in export_jobs.log). */
DF_EXTERN
void          df_export_context_log              (DfExportContext *context,
                                                  const char      *format,
                                                  ...) G_GNUC_PRINTF (2, 3);

/* ---- the host side (used by the application and the command line) ---- */

typedef void (*DfExportProgressFunc) (double      fraction,
                                      const char *message,
                                      gpointer    user_data);

typedef struct
{
  gint64  job_id;          /* the export_jobs row */
  char   *output_path;
  gint64  size;
  char   *sha256;
} DfExportResult;

DF_EXTERN
void            df_export_result_free (DfExportResult *result);

/* Runs @exporter on @project_id into @output_path, synchronously (call it
 * from a worker thread with its own store).  @options may be NULL.
 * @progress is called from the calling thread. */
DF_EXTERN
DfExportResult *df_export_run (DfExporter            *exporter,
                               DfStore               *store,
                               gint64                 project_id,
                               const char            *output_path,
                               JsonObject            *options,
                               DfExportProgressFunc   progress,
                               gpointer               progress_data,
                               GCancellable          *cancellable,
                               GError               **error);

/* Call at start-up.  Marks the export jobs whose process is gone (it was
 * killed or crashed, or the machine restarted) as failed with the error
 * "interrupted", and removes the temporary file each one recorded: only a
 * regular file with the name a run gives its temporary file (".NAME.part-
 * XXXXXX" beside the output NAME); nothing else is ever deleted.  Jobs
 * running in another process are left alone.  @n_recovered (may be NULL)
 * receives the number of jobs marked. */
DF_EXTERN
gboolean        df_export_recover_interrupted (DfStore  *store,
                                               guint    *n_recovered,
                                               GError  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfExportResult, df_export_result_free)

G_END_DECLS
