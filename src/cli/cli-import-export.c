/* cli-import-export.c: import, export-folder, export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"
#include "df-exporter.h"
#include "df-import.h"
#include "df-plugin-job.h"

/* ---- import -------------------------------------------------------------- */

static const struct
{
  const char     *name;
  DfImportFormat  format;
} import_formats[] = {
  { "auto", DF_IMPORT_AUTO },
  { "text", DF_IMPORT_PLAIN_TEXT },
  { "markdown", DF_IMPORT_MARKDOWN_FILE },
  { "markdown-dir", DF_IMPORT_MARKDOWN_DIR },
  { "mdbook", DF_IMPORT_MDBOOK },
  { "project", DF_IMPORT_PROJECT_DIR },
  { "docx", DF_IMPORT_DOCX },
  { "novelwriter", DF_IMPORT_NOVELWRITER },
  { "odt", DF_IMPORT_ODT },
};

static char *opt_title;
static char *opt_import_format;
static gboolean opt_unwrap;
static gboolean opt_no_unwrap;

static const GOptionEntry import_entries[] = {
  { "title", 0, 0, G_OPTION_ARG_STRING, &opt_title, N_("The project's title instead of the one found in PATH"), N_("TITLE") },
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_import_format,
    N_("What PATH is: auto (the default), text, markdown, markdown-dir, mdbook or project"), N_("FORMAT") },
  { "unwrap", 0, 0, G_OPTION_ARG_NONE, &opt_unwrap,
    N_("Join hard-wrapped lines into flowing paragraphs (the default for plain text)"), NULL },
  { "no-unwrap", 0, 0, G_OPTION_ARG_NONE, &opt_no_unwrap,
    N_("Keep the lines as they are (the default for Markdown and mdBook)"), NULL },
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

/* The result of an import, for import --json. */
static const CliField missing_include_field_list[] = {
  CLI_MEMBER (DfImportMissingInclude, "file", file, CLI_STRING),
  CLI_MEMBER (DfImportMissingInclude, "line", line, CLI_INT),
  CLI_MEMBER (DfImportMissingInclude, "path", path, CLI_STRING),
};

static const CliFields missing_include_fields = CLI_FIELDS (missing_include_field_list);

static void
get_import_slug (gconstpointer  record,
                 gconstpointer  data,
                 CliValue      *value)
{
  cli_value_set_string (value, ((const DfImportResult *)record)->project->slug);
}

static void
get_import_title (gconstpointer  record,
                  gconstpointer  data,
                  CliValue      *value)
{
  cli_value_set_string (value, ((const DfImportResult *)record)->project->title);
}

static void
get_includes (gconstpointer  record,
              gconstpointer  data,
              CliValue      *value)
{
  cli_value_set_int (value, ((const DfImportResult *)record)->n_includes);
}

static void
get_missing_includes (gconstpointer  record,
                      gconstpointer  data,
                      CliValue      *value)
{
  cli_value_set_list (value, &missing_include_fields, ((const DfImportResult *)record)->missing_includes);
}

static void
get_summary (gconstpointer  record,
             gconstpointer  data,
             CliValue      *value)
{
  char *summary = df_import_result_dup_summary (record);

  if (summary != NULL)
    cli_value_take_string (value, summary);
}

static const CliField import_field_list[] = {
  CLI_COMPUTED ("slug", get_import_slug),
  CLI_COMPUTED ("title", get_import_title),
  CLI_MEMBER (DfImportResult, "unwrapped", unwrapped, CLI_BOOL),
  CLI_COMPUTED ("includes_resolved", get_includes),
  CLI_COMPUTED ("missing_includes", get_missing_includes),
  CLI_MEMBER (DfImportResult, "gutenberg", gutenberg, CLI_BOOL),
  CLI_MEMBER (DfImportResult, "pictures_left_out", pictures_left_out, CLI_UINT),
  CLI_MEMBER (DfImportResult, "documents_left_out", documents_left_out, CLI_UINT),
  CLI_COMPUTED ("summary", get_summary),
};

static const CliFields import_fields = CLI_FIELDS (import_field_list);

static gboolean
import_format (const char      *name,
               DfImportFormat  *format,
               GError         **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (import_formats); i++)
    if (strcmp (name, import_formats[i].name) == 0)
      {
        *format = import_formats[i].format;
        return TRUE;
      }

  cli_usage_error (error, _("--format must be one of auto, text, markdown, markdown-dir, mdbook, project (got “%s”)"),
                   name);
  return FALSE;
}

static gboolean
import (Cli     *cli,
        char   **args,
        GError **error)
{
  g_autoptr(DfImportResult) result = NULL;
  g_autofree char *summary = NULL;
  DfImportFormat format = DF_IMPORT_AUTO;
  DfImportOptions options = { DF_IMPORT_UNWRAP_DEFAULT };

  if (opt_import_format != NULL && !import_format (opt_import_format, &format, error))
    return FALSE;
  if (opt_unwrap && opt_no_unwrap)
    {
      cli_usage_error (error, _("--unwrap and --no-unwrap cannot be given together"));
      return FALSE;
    }
  options.unwrap = opt_unwrap ? DF_IMPORT_UNWRAP_YES : opt_no_unwrap ? DF_IMPORT_UNWRAP_NO : DF_IMPORT_UNWRAP_DEFAULT;

  if (!cli_open (cli, error))
    return FALSE;

  result = df_import_run_full (cli->store, args[0], format, opt_title, &options, NULL, NULL, NULL, error);
  if (result == NULL)
    return FALSE;

  if (cli_opt_json)
    {
      cli_print_record_json (&import_fields, result, NULL);
      return TRUE;
    }

  cli_outf ("%s\n", result->project->slug);
  /* What the import had to change, for people: stdout stays the slug. */
  summary = df_import_result_dup_summary (result);
  if (summary != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (summary, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        cli_note ("%s", lines[i]);
    }
  return TRUE;
}

const CliBuiltin cli_import = {
  N_("PATH"), 1, 1, import_entries,
  N_("PATH is a plain-text manuscript (.txt), a Markdown file (.md), a folder of "
     "Markdown files, an mdBook (a folder with SUMMARY.md) or a project folder "
     "written by export-folder.  Prints the new project's slug.  An mdBook's "
     "{{#include}} directives are resolved; those whose file is missing are "
     "listed on stderr (and in --json)."),
  import,
};

static gboolean
export_folder (Cli     *cli,
               char   **args,
               GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);

  return project != NULL && df_export_folder (cli->store, project->id, args[1], error);
}

const CliBuiltin cli_export_folder = {
  N_("SLUG DIR"), 2, 2, NULL,
  N_("Writes the project as a folder of Markdown files with a project.json "
     "(see docs/folder-format.md).  DIR is created if needed and must be empty "
     "or an earlier export of the same project.  Import it back with "
     "“draftforge-cli import DIR”."),
  export_folder,
};

/* ---- export -------------------------------------------------------------- */

/* An exporter's format, as export --list-formats shows it. */
typedef struct
{
  const char *format;
  const char *name;
  const char *extension;
  const char *mime_type;
} FormatRow;

static const CliField format_field_list[] = {
  CLI_MEMBER (FormatRow, "format", format, CLI_STRING),
  CLI_MEMBER (FormatRow, "name", name, CLI_STRING),
  CLI_MEMBER (FormatRow, "extension", extension, CLI_STRING),
  CLI_MEMBER (FormatRow, "mime_type", mime_type, CLI_STRING),
};

static const CliFields format_fields = CLI_FIELDS (format_field_list);

static const CliColumn format_column_list[] = {
  { N_("FORMAT"), "format", 0 },
  { N_("EXTENSION"), "extension", 0 },
  { N_("NAME"), "name", 0 },
};

static const CliView format_columns = CLI_VIEW (format_column_list);

/* The result of an export, for export --json. */
typedef struct
{
  gint64      job_id;
  const char *format;
  const char *path;
  gint64      size;
  const char *sha256;
} ExportRow;

static const CliField export_field_list[] = {
  CLI_MEMBER (ExportRow, "job_id", job_id, CLI_INT),
  CLI_MEMBER (ExportRow, "format", format, CLI_STRING),
  CLI_MEMBER (ExportRow, "path", path, CLI_STRING),
  CLI_MEMBER (ExportRow, "size", size, CLI_INT),
  CLI_MEMBER (ExportRow, "sha256", sha256, CLI_STRING),
};

static const CliFields export_fields = CLI_FIELDS (export_field_list);

static char *opt_format;
static char *opt_output;
static char *opt_parts;
static gboolean opt_no_title_page;
static gboolean opt_single_file;
static gboolean opt_list_formats;
static char *opt_export_profile;

static const GOptionEntry export_entries[] = {
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format, N_("The format: epub, pdf, docx, html, markdown, or one a plugin adds"), N_("FORMAT") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, N_("The file to write (replaced if it exists)"), N_("PATH") },
  { "parts", 0, 0, G_OPTION_ARG_STRING, &opt_parts, N_("Only these parts, by number: 1,3 (chapters outside any part are always included)"), N_("N,N…") },
  { "no-title-page", 0, 0, G_OPTION_ARG_NONE, &opt_no_title_page, N_("Leave out the title page"), NULL },
  { "single-file", 0, 0, G_OPTION_ARG_NONE, &opt_single_file, N_("One file rather than one per chapter (for formats that offer both)"), NULL },
  { "profile", 0, 0, G_OPTION_ARG_STRING, &opt_export_profile, N_("The book as this profile reads it: the author's level blocks chosen for it"), N_("NAME") },
  { "list-formats", 0, 0, G_OPTION_ARG_NONE, &opt_list_formats, N_("List the formats the enabled plugins offer, and exit"), NULL },
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

static void
list_formats (GPtrArray *exporters)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < exporters->len; i++)
    {
      DfExporter *exporter = exporters->pdata[i];
      FormatRow *row = g_new0 (FormatRow, 1);

      row->format = df_exporter_get_format (exporter);
      row->name = df_exporter_get_name (exporter);
      row->extension = df_exporter_get_extension (exporter);
      row->mime_type = df_exporter_get_mime_type (exporter);
      g_ptr_array_add (rows, row);
    }

  if (!cli_print_list (&format_fields, &format_columns, rows, NULL))
    cli_outf (_("No export formats: no exporter plugin is enabled and loaded (see “%s plugin list”).\n"),
              CLI_PROGRAM);
}

/* The exporter options: the parts chosen, the title page, one file. */
static JsonObject *
export_options (GError **error)
{
  g_autoptr(JsonObject) options = json_object_new ();

  if (opt_parts != NULL)
    {
      g_auto(GStrv) numbers = g_strsplit (opt_parts, ",", -1);
      JsonArray *array = json_array_new ();

      json_object_set_array_member (options, "parts", array);
      for (guint i = 0; numbers[i] != NULL; i++)
        {
          gint64 n;

          if (!cli_parse_number (_("A part number"), g_strstrip (numbers[i]), 1, G_MAXINT64, &n, error))
            return NULL;
          json_array_add_int_element (array, n);
        }
    }
  json_object_set_boolean_member (options, "title-page", !opt_no_title_page);
  json_object_set_boolean_member (options, "single-file", opt_single_file);
  return g_steal_pointer (&options);
}

/* The exporter for --format, or an error listing the formats there are. */
static DfExporter *
find_exporter (DfPluginHost  *host,
               GPtrArray     *exporters,
               GError       **error)
{
  g_autoptr(GStrvBuilder) names = NULL;
  g_auto(GStrv) list = NULL;
  g_autofree char *joined = NULL;
  DfExporter *exporter = df_plugin_host_find_exporter (host, opt_format);

  if (exporter != NULL)
    return exporter;

  if (exporters->len == 0)
    {
      cli_failed (error, _("There is no exporter for “%s”: no exporter plugin is enabled and loaded (see “%s plugin list”)"),
                  opt_format, CLI_PROGRAM);
      return NULL;
    }

  names = g_strv_builder_new ();
  for (guint i = 0; i < exporters->len; i++)
    g_strv_builder_add (names, df_exporter_get_format (exporters->pdata[i]));
  list = g_strv_builder_end (names);
  joined = g_strjoinv (", ", list);
  cli_failed (error, _("There is no exporter for “%s”; the formats are: %s"), opt_format, joined);
  return NULL;
}

static void
export_progress (double      fraction,
                 const char *message,
                 gpointer    user_data)
{
  g_autofree char *line = cli_one_line (message);

  /* \r and "erase to the end of the line": one line that updates. */
  fprintf (stderr, "\r%3d%% %s\033[K", (int)(CLAMP (fraction, 0.0, 1.0) * 100.0), line);
  fflush (stderr);
}

/* Runs @exporter on @project and prints what it wrote. */
static gboolean
run_export (Cli           *cli,
            DfPluginHost  *host,
            DfExporter    *exporter,
            DfProject     *project,
            JsonObject    *options,
            GError       **error)
{
  g_autoptr(DfExportResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  DfPluginJobLimits limits = { 0, 0, TRUE };
  gboolean show_progress = isatty (STDERR_FILENO) && !cli_opt_json;

  /* The exporter runs in a helper process; Ctrl-C stops it, and the job
   * is marked and its temporary file removed before the exit (130). */
  result = df_plugin_job_export (host, exporter, cli->store, project->id, opt_output, options, &limits,
                                 show_progress ? export_progress : NULL, NULL, NULL, &local_error);
  if (show_progress)
    fputs ("\r\033[K", stderr);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fprintf (stderr, "%s: %s\n", CLI_PROGRAM, local_error->message);
      g_clear_object (&cli->store);
      exit (130);
    }
  if (result == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (cli_opt_json)
    {
      ExportRow row = { result->job_id, df_exporter_get_format (exporter),
                        result->output_path, result->size, result->sha256 };

      cli_print_record_json (&export_fields, &row, NULL);
    }
  else
    {
      g_autofree char *path = cli_one_line (result->output_path);

      cli_outf ("%s\n", path);
    }
  return TRUE;
}

static gboolean
export (Cli     *cli,
        char   **args,
        GError **error)
{
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) exporters = NULL;
  g_autoptr(JsonObject) options = NULL;
  DfExporter *exporter;

  if (!opt_list_formats)
    {
      if (args[0] == NULL)
        cli_usage_error (error, _("missing argument; expected %s"), _(cli->command->builtin->params));
      else if (opt_format == NULL)
        cli_usage_error (error, _("--format is required (see --list-formats)"));
      else if (opt_output == NULL || *opt_output == '\0')
        cli_usage_error (error, _("-o PATH is required: the file to write"));
      else if ((options = export_options (error)) != NULL)
        project = cli_project (cli, args[0], FALSE, error);
      if (project != NULL && opt_export_profile != NULL)
        {
          g_autoptr(DfProfile) profile = cli_profile (cli, opt_export_profile, CLI_PROFILE_REQUIRED, error);
          if (profile == NULL)
            return FALSE;
          json_object_set_string_member (options, "profile", profile->id);
        }
      if (project == NULL)
        return FALSE;
    }

  host = cli_plugin_host (cli, TRUE, error);
  if (host == NULL)
    return FALSE;
  exporters = df_plugin_host_get_exporters (host);
  if (opt_list_formats)
    {
      list_formats (exporters);
      return TRUE;
    }

  exporter = find_exporter (host, exporters, error);
  return exporter != NULL && run_export (cli, host, exporter, project, options, error);
}

const CliBuiltin cli_export = {
  N_("SLUG"), 0, 1, export_entries,
  N_("Writes the project SLUG as a book in FORMAT, using the exporter plugins that are "
     "enabled.  The file is written whole or not at all; the run is recorded as an "
     "export job.  Prints the path of the file written."),
  export,
};
