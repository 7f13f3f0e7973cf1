/* draftforge-cli.c: the DraftForge command line
 *
 * Every command parses its own options with a GOptionContext, opens the
 * database only once the command line is known to be right, and calls the
 * core for everything else.  Exit statuses: 0 success, 1 a user error
 * (one line on stderr, the core's message), 2 bad usage.
 *
 * Everything is written to stdout and stderr as UTF-8, byte for byte
 * (no charset conversion), so `chapter cat` returns exactly what was
 * written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "df-ai.h"
#include "df-chat.h"
#include "df-credits.h"
#include "df-exporter.h"
#include "df-import.h"
#include "df-model.h"
#include "df-plugin-host.h"
#include "df-secret.h"
#include "df-text.h"

#define PROGRAM "draftforge-cli"

enum
{
  EXIT_OK = 0,
  EXIT_USER = 1,
  EXIT_USAGE = 2,
};

typedef struct _Cli Cli;
typedef struct _CliCommand CliCommand;

typedef int (*CliFunc) (Cli              *cli,
                        const CliCommand *cmd,
                        char            **args);

struct _CliCommand
{
  const char *group;        /* NULL for a top-level command */
  const char *name;
  const char *params;       /* N_(), the positional arguments */
  const char *summary;      /* N_() */
  CliFunc     func;
};

struct _Cli
{
  const char *db_path;      /* --db, NULL when not given */
  DfStore    *store;
};

/* ---- output ------------------------------------------------------------ */

/* Everything goes out as UTF-8, unconverted (g_print would transliterate
 * in a non-UTF-8 locale, and `chapter cat` must be byte for byte). */
static void
out (const char *text)
{
  fputs (text, stdout);
}

static void outf (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
outf (const char *format,
      ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  out (text);
}

/* Control characters (newlines, tabs) become spaces, so that one record
 * stays on one line. */
static char *
one_line (const char *text)
{
  char *copy = g_strdup (text != NULL ? text : "");

  for (char *p = copy; *p != '\0'; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f)
      *p = ' ';

  return copy;
}

static char *
error_line (const char *message)
{
  g_autofree char *flat = one_line (message);

  return g_strstrip (g_steal_pointer (&flat));
}

/* A user error: one line, exit status 1. */
static int
user_error (const GError *error)
{
  g_autofree char *line = error_line (error != NULL ? error->message : _("Unknown error"));

  fprintf (stderr, "%s: %s\n", PROGRAM, line);
  return EXIT_USER;
}

static int user_error_printf (const char *format, ...) G_GNUC_PRINTF (1, 2);

static int
user_error_printf (const char *format,
                   ...)
{
  va_list args;
  g_autofree char *message = NULL;
  g_autofree char *line = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  line = error_line (message);
  fprintf (stderr, "%s: %s\n", PROGRAM, line);
  return EXIT_USER;
}

/* Bad usage: one line, then where to find help; exit status 2.
 * @path is the command ("project list"), NULL for the program. */
static int usage_error (const char *path, const char *format, ...) G_GNUC_PRINTF (2, 3);

static int
usage_error (const char *path,
             const char *format,
             ...)
{
  va_list args;
  g_autofree char *message = NULL;
  g_autofree char *line = NULL;
  g_autofree char *help = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  line = error_line (message);

  help = path != NULL ? g_strdup_printf ("%s %s --help", PROGRAM, path)
                      : g_strdup_printf ("%s --help", PROGRAM);
  fprintf (stderr, "%s: %s\n", PROGRAM, line);
  /* TRANSLATORS: %s is a command such as "draftforge-cli project list --help" */
  fprintf (stderr, _("Try '%s'."), help);
  fputc ('\n', stderr);
  return EXIT_USAGE;
}

static char *
command_path (const CliCommand *cmd)
{
  if (cmd->group != NULL)
    return g_strdup_printf ("%s %s", cmd->group, cmd->name);
  return g_strdup (cmd->name);
}

/* ---- tables ------------------------------------------------------------ */

typedef struct
{
  guint       n_cols;
  guint       right_mask;   /* bit i set: column i is right-aligned */
  GPtrArray  *cells;        /* char *, n_cols per row */
} Table;

static void
table_free (Table *table)
{
  g_ptr_array_unref (table->cells);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

static Table *
table_new (guint n_cols,
           guint right_mask)
{
  Table *table = g_new0 (Table, 1);

  table->n_cols = n_cols;
  table->right_mask = right_mask;
  table->cells = g_ptr_array_new_with_free_func (g_free);
  return table;
}

static void
table_add (Table      *table,
           const char *text)
{
  g_ptr_array_add (table->cells, one_line (text));
}

static void
table_add_int (Table  *table,
               gint64  value)
{
  g_ptr_array_add (table->cells, g_strdup_printf ("%" PRId64, value));
}

static void
pad (gsize n)
{
  for (gsize i = 0; i < n; i++)
    fputc (' ', stdout);
}

static void
table_print (Table *table)
{
  g_autofree gsize *widths = g_new0 (gsize, table->n_cols);

  for (guint i = 0; i < table->cells->len; i++)
    {
      guint col = i % table->n_cols;
      widths[col] = MAX (widths[col], df_text_display_width (table->cells->pdata[i]));
    }

  for (guint i = 0; i < table->cells->len; i++)
    {
      guint col = i % table->n_cols;
      const char *cell = table->cells->pdata[i];
      gsize gap = widths[col] - df_text_display_width (cell);
      gboolean last = col == table->n_cols - 1;

      if (table->right_mask & (1u << col))
        pad (gap);
      out (cell);
      if (last)
        fputc ('\n', stdout);
      else
        {
          if (!(table->right_mask & (1u << col)))
            pad (gap);
          out ("  ");
        }
    }
}

/* ---- JSON -------------------------------------------------------------- */

static void
json_print (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  out (text);
  out ("\n");
}

static void
json_string (JsonBuilder *builder,
             const char  *key,
             const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
json_int (JsonBuilder *builder,
          const char  *key,
          gint64       value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

static void
json_bool (JsonBuilder *builder,
           const char  *key,
           gboolean     value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_boolean_value (builder, value);
}

/* Embeds stored JSON text (an array or object) as JSON, or @fallback_empty
 * ("[]" or "{}") if it does not parse. */
static void
json_embedded (JsonBuilder *builder,
               const char  *key,
               const char  *json_text,
               const char  *fallback_empty)
{
  JsonNode *node = NULL;

  if (json_text != NULL)
    node = json_from_string (json_text, NULL);
  if (node == NULL)
    node = json_from_string (fallback_empty, NULL);

  json_builder_set_member_name (builder, key);
  json_builder_add_value (builder, node);
}

/* ---- argument parsing -------------------------------------------------- */

/* The positional arguments of the command being run (owned here; the
 * command's own argument vector belongs to run()). */
static GStrv positional_args;

typedef enum
{
  PARSE_OK,
  PARSE_EXIT,   /* *status holds the exit status (help or bad usage) */
} ParseResult;

/* Parses @cmd's options from @args (the words after the command) and
 * checks the count of positional arguments.  On return *args points to
 * the positional arguments only (owned by positional_args). */
static ParseResult
cli_parse (const CliCommand   *cmd,
           const GOptionEntry *entries,
           const char         *description,
           guint               min_args,
           guint               max_args,
           char             ***args,
           int                *status)
{
  g_autofree char *path = command_path (cmd);
  g_autofree char *prgname = g_strdup_printf ("%s %s", PROGRAM, path);
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  gboolean help = FALSE;
  guint n_args;
  const GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help and exit"), NULL },
    G_OPTION_ENTRY_NULL
  };

  g_strv_builder_add (builder, prgname);
  g_strv_builder_addv (builder, (const char **)*args);
  argv = g_strv_builder_end (builder);

  /* The usage line reads "draftforge-cli project list [OPTION…] SLUG". */
  g_set_prgname (prgname);

  context = g_option_context_new (cmd->params);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_summary (context, cmd->summary);
  if (description != NULL)
    g_option_context_set_description (context, description);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, help_entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse_strv (context, &argv, &error))
    {
      *status = usage_error (path, "%s", error->message);
      return PARSE_EXIT;
    }

  if (help)
    {
      g_autofree char *text = g_option_context_get_help (context, TRUE, NULL);

      out (text);
      *status = EXIT_OK;
      return PARSE_EXIT;
    }

  /* GOption leaves a "--" separator in place; positional arguments after
   * it are taken as they are. */
  {
    g_autoptr(GStrvBuilder) rest = g_strv_builder_new ();
    gboolean seen_separator = FALSE;

    for (guint i = 1; argv[i] != NULL; i++)
      {
        if (!seen_separator && strcmp (argv[i], "--") == 0)
          {
            seen_separator = TRUE;
            continue;
          }
        g_strv_builder_add (rest, argv[i]);
      }
    g_strfreev (positional_args);
    positional_args = g_strv_builder_end (rest);
    *args = positional_args;
  }

  n_args = g_strv_length (*args);
  if (n_args < min_args)
    {
      /* TRANSLATORS: %s lists the arguments, such as "SLUG N TITLE" */
      *status = usage_error (path, _("missing argument; expected %s"), _(cmd->params));
      return PARSE_EXIT;
    }
  if (n_args > max_args)
    {
      *status = usage_error (path, _("unexpected argument “%s”"), (*args)[max_args]);
      return PARSE_EXIT;
    }

  return PARSE_OK;
}

/* Parses a whole number strictly: digits only, within [min, max]. */
static gboolean
parse_number (const char *what,
              const char *text,
              gint64      min,
              gint64      max,
              gint64     *out_value,
              char      **message)
{
  gint64 value = 0;

  if (text != NULL && g_ascii_isdigit (text[0]) &&
      g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    {
      *out_value = value;
      return TRUE;
    }

  if (max != G_MAXINT64)
    *message = g_strdup_printf (_("%s must be a whole number from %d to %d (got “%s”)"),
                                what, (int)min, (int)max, text != NULL ? text : "");
  else if (min >= 1)
    *message = g_strdup_printf (_("%s must be a positive whole number (got “%s”)"),
                                what, text != NULL ? text : "");
  else
    *message = g_strdup_printf (_("%s must be a whole number, 0 or more (got “%s”)"),
                                what, text != NULL ? text : "");
  return FALSE;
}

/* Parses a positional number for @cmd, printing the usage error. */
static gboolean
cmd_number (const CliCommand *cmd,
            const char       *what,
            const char       *text,
            gint64           *out_value,
            int              *status)
{
  g_autofree char *message = NULL;
  g_autofree char *path = NULL;

  if (parse_number (what, text, 1, G_MAXINT64, out_value, &message))
    return TRUE;

  path = command_path (cmd);
  *status = usage_error (path, "%s", message);
  return FALSE;
}

/* ---- the database ------------------------------------------------------ */

static gboolean
cli_open (Cli     *cli,
          GError **error)
{
  g_autofree char *path = NULL;

  if (cli->store != NULL)
    return TRUE;

  path = df_store_resolve_path (cli->db_path);
  cli->store = df_store_open (path, error);
  return cli->store != NULL;
}

static DfProject *
cli_project (Cli         *cli,
             const char  *slug,
             gboolean     include_deleted,
             GError     **error)
{
  if (!cli_open (cli, error))
    return NULL;
  return df_project_get (cli->store, slug, include_deleted, error);
}

static DfProfile *
cli_profile (Cli         *cli,
             const char  *name,
             GError     **error)
{
  DfProfile *profile;

  if (!cli_open (cli, error))
    return NULL;

  if (name != NULL)
    return df_profile_get (cli->store, name, error);

  profile = df_profile_get_active (cli->store, error);
  if (profile == NULL && (error == NULL || *error == NULL))
    g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                 _("There is no profile yet; create one with “%s profile new NAME”."),
                 PROGRAM);
  return profile;
}

/* "2024-05-01T10:20:30Z" -> "2024-05-01 10:20" */
static char *
short_time (const char *iso)
{
  char *copy;

  if (iso == NULL)
    return g_strdup ("-");

  copy = g_strndup (iso, 16);
  if (strlen (copy) > 10 && copy[10] == 'T')
    copy[10] = ' ';
  return copy;
}

static const char *
or_dash (const char *text)
{
  return (text != NULL && *text != '\0') ? text : "-";
}

/* ---- import and export ------------------------------------------------- */

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
};

static int
cmd_import (Cli              *cli,
            const CliCommand *cmd,
            char            **args)
{
  g_autofree char *title = NULL;
  g_autofree char *format_name = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  DfImportFormat format = DF_IMPORT_AUTO;
  int status;
  const GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The project's title instead of the one found in PATH"), N_("TITLE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("What PATH is: auto (the default), text, markdown, markdown-dir, mdbook or project"), N_("FORMAT") },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("PATH is a plain-text manuscript (.txt), a Markdown file (.md), a folder of "
                    "Markdown files, an mdBook (a folder with SUMMARY.md) or a project folder "
                    "written by export-folder.  Prints the new project's slug."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  if (format_name != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (import_formats); i++)
        if (strcmp (format_name, import_formats[i].name) == 0)
          {
            format = import_formats[i].format;
            found = TRUE;
          }

      if (!found)
        return usage_error ("import",
                            _("--format must be one of auto, text, markdown, markdown-dir, mdbook, project (got “%s”)"),
                            format_name);
    }

  if (!cli_open (cli, &error))
    return user_error (error);

  project = df_import (cli->store, args[0], format, title, NULL, NULL, NULL, &error);
  if (project == NULL)
    return user_error (error);

  outf ("%s\n", project->slug);
  return EXIT_OK;
}

static int
cmd_export_folder (Cli              *cli,
                   const CliCommand *cmd,
                   char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("Writes the project as a folder of Markdown files with a project.json "
                    "(see docs/folder-format.md).  DIR is created if needed and must be empty "
                    "or an earlier export of the same project.  Import it back with "
                    "“draftforge-cli import DIR”."),
                 2, 2, &args, &status) != PARSE_OK)
    return status;

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL)
    return user_error (error);

  if (!df_export_folder (cli->store, project->id, args[1], &error))
    return user_error (error);

  return EXIT_OK;
}

/* ---- projects ---------------------------------------------------------- */

static void
project_to_json (JsonBuilder     *builder,
                 const DfProject *project)
{
  json_builder_begin_object (builder);
  json_string (builder, "slug", project->slug);
  json_string (builder, "title", project->title);
  json_string (builder, "description", project->description);
  json_string (builder, "type", project->project_type);
  json_string (builder, "genre", project->genre);
  json_string (builder, "language", project->language);
  json_int (builder, "target_word_count", project->target_word_count);
  json_string (builder, "status", project->status);
  json_int (builder, "parts", project->n_parts);
  json_int (builder, "chapters", project->n_chapters);
  json_int (builder, "words", project->words);
  json_string (builder, "created_at", project->created_at);
  json_string (builder, "updated_at", project->updated_at);
  json_string (builder, "deleted_at", project->deleted_at);
  json_builder_end_object (builder);
}

static int
cmd_project_list (Cli              *cli,
                  const CliCommand *cmd,
                  char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  gboolean trash = FALSE;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "trash", 0, 0, G_OPTION_ARG_NONE, &trash, N_("List the projects in the trash instead"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries, N_("Projects are listed by last edit, newest first."),
                 0, 0, &args, &status) != PARSE_OK)
    return status;

  if (!cli_open (cli, &error))
    return user_error (error);

  projects = df_project_list (cli->store, trash, &error);
  if (projects == NULL)
    return user_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < projects->len; i++)
        project_to_json (builder, projects->pdata[i]);
      json_builder_end_array (builder);
      json_print (builder);
    }
  else if (projects->len == 0)
    {
      if (trash)
        out (_("The trash is empty.\n"));
      else
        outf (_("No projects yet. Create one with “%s project new TITLE” or “%s import PATH”.\n"),
              PROGRAM, PROGRAM);
    }
  else
    {
      g_autoptr(Table) table = table_new (7, (1u << 3) | (1u << 4));

      table_add (table, _("SLUG"));
      table_add (table, _("TYPE"));
      table_add (table, _("STATUS"));
      table_add (table, _("CHAPTERS"));
      table_add (table, _("WORDS"));
      table_add (table, trash ? _("DELETED") : _("UPDATED"));
      table_add (table, _("TITLE"));

      for (guint i = 0; i < projects->len; i++)
        {
          DfProject *project = projects->pdata[i];
          g_autofree char *when = short_time (trash ? project->deleted_at : project->updated_at);

          table_add (table, project->slug);
          table_add (table, project->project_type);
          table_add (table, project->status);
          table_add_int (table, project->n_chapters);
          table_add_int (table, project->words);
          table_add (table, when);
          table_add (table, project->title);
        }
      table_print (table);
    }

  return EXIT_OK;
}

static int
cmd_project_show (Cli              *cli,
                  const CliCommand *cmd,
                  char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries, N_("Projects in the trash are shown too."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  project = cli_project (cli, args[0], TRUE, &error);
  if (project == NULL)
    return user_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      project_to_json (builder, project);
      json_print (builder);
    }
  else
    {
      g_autoptr(Table) table = table_new (2, 0);
      g_autofree char *target = NULL;
      g_autofree char *created = short_time (project->created_at);
      g_autofree char *updated = short_time (project->updated_at);

      if (project->target_word_count > 0)
        target = g_strdup_printf (_("%" PRId64 " words"), project->target_word_count);
      else
        target = g_strdup (_("none"));

      table_add (table, _("Slug:"));
      table_add (table, project->slug);
      table_add (table, _("Title:"));
      table_add (table, project->title);
      table_add (table, _("Type:"));
      table_add (table, project->project_type);
      table_add (table, _("Genre:"));
      table_add (table, or_dash (project->genre));
      table_add (table, _("Language:"));
      table_add (table, or_dash (project->language));
      table_add (table, _("Status:"));
      table_add (table, project->status);
      table_add (table, _("Target:"));
      table_add (table, target);
      table_add (table, _("Parts:"));
      table_add_int (table, project->n_parts);
      table_add (table, _("Chapters:"));
      table_add_int (table, project->n_chapters);
      table_add (table, _("Words:"));
      table_add_int (table, project->words);
      table_add (table, _("Created:"));
      table_add (table, created);
      table_add (table, _("Updated:"));
      table_add (table, updated);
      if (project->deleted_at != NULL)
        {
          g_autofree char *deleted = short_time (project->deleted_at);

          table_add (table, _("In the trash since:"));
          table_add (table, deleted);
        }
      if (project->description != NULL && *project->description != '\0')
        {
          table_add (table, _("Description:"));
          table_add (table, project->description);
        }
      table_print (table);
    }

  return EXIT_OK;
}

static int
cmd_project_new (Cli              *cli,
                 const CliCommand *cmd,
                 char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autofree char *type = NULL;
  g_autofree char *genre = NULL;
  g_autofree char *language = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *description = NULL;
  g_autofree char *target_text = NULL;
  DfProjectNew spec = { 0 };
  gint64 target = 0;
  int status;
  const GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type,
      N_("novel (the default), screenplay, technical-book, non-fiction, poetry or short-story"), N_("TYPE") },
    { "genre", 0, 0, G_OPTION_ARG_STRING, &genre, N_("The genre, free text"), N_("GENRE") },
    { "target", 0, 0, G_OPTION_ARG_STRING, &target_text, N_("The target word count (0: none)"), N_("N") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, N_("The language of the text (default: en)"), N_("LANG") },
    { "slug", 0, 0, G_OPTION_ARG_STRING, &slug, N_("The slug (default: made from the title)"), N_("SLUG") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("A description"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries, N_("Prints the new project's slug."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  if (target_text != NULL)
    {
      g_autofree char *message = NULL;

      if (!parse_number ("--target", target_text, 0, G_MAXINT64, &target, &message))
        return usage_error ("project new", "%s", message);
    }

  if (!cli_open (cli, &error))
    return user_error (error);

  spec.title = args[0];
  spec.slug = slug;
  spec.description = description;
  spec.project_type = type;
  spec.genre = genre;
  spec.language = language;
  spec.target_word_count = target;

  project = df_project_create (cli->store, &spec, &error);
  if (project == NULL)
    return user_error (error);

  outf ("%s\n", project->slug);
  return EXIT_OK;
}

static int
cmd_project_rename (Cli              *cli,
                    const CliCommand *cmd,
                    char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  int status;

  if (cli_parse (cmd, NULL, N_("Changes the title; the slug stays."),
                 2, 2, &args, &status) != PARSE_OK)
    return status;

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL || !df_project_rename (cli->store, project->id, args[1], &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_project_set (Cli              *cli,
                 const CliCommand *cmd,
                 char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  const char *key;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("KEY is one of title, description, type, genre, language, "
                    "target_word_count, status.  The value is checked: type is one of "
                    "novel, screenplay, technical-book, non-fiction, poetry, short-story; "
                    "status one of active, archived, completed; target_word_count a "
                    "whole number (0: none)."),
                 3, 3, &args, &status) != PARSE_OK)
    return status;

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL)
    return user_error (error);

  key = args[1];
  if (strcmp (key, "title") == 0)
    {
      if (!df_project_rename (cli->store, project->id, args[2], &error))
        return user_error (error);
      return EXIT_OK;
    }
  if (strcmp (key, "type") == 0)
    key = "project_type";

  if (!df_project_set_field (cli->store, project->id, key, args[2], &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_project_delete (Cli              *cli,
                    const CliCommand *cmd,
                    char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("Moves the project to the trash; “project restore” brings it back."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL || !df_project_delete (cli->store, project->id, &error))
    return user_error (error);

  outf (_("Moved “%s” to the trash. Undo with: %s project restore %s\n"),
        project->title, PROGRAM, project->slug);
  return EXIT_OK;
}

static int
cmd_project_restore (Cli              *cli,
                     const CliCommand *cmd,
                     char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  int status;

  if (cli_parse (cmd, NULL, N_("Brings a project back from the trash."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  project = cli_project (cli, args[0], TRUE, &error);
  if (project == NULL)
    return user_error (error);

  if (project->deleted_at == NULL)
    return user_error_printf (_("The project “%s” is not in the trash."), project->slug);

  if (!df_project_restore (cli->store, project->id, &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_project_purge (Cli              *cli,
                   const CliCommand *cmd,
                   char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("Removes a project that is in the trash, with all its chapters and "
                    "revisions, for good.  Delete it first with “project delete”."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  project = cli_project (cli, args[0], TRUE, &error);
  if (project == NULL)
    return user_error (error);

  if (project->deleted_at == NULL)
    return user_error_printf (_("The project “%s” is not in the trash; move it there first with “%s project delete %s”."),
                              project->slug, PROGRAM, project->slug);

  if (!df_project_purge (cli->store, project->id, &error))
    return user_error (error);

  return EXIT_OK;
}

/* ---- parts ------------------------------------------------------------- */

static int
cmd_part_list (Cli              *cli,
               const CliCommand *cmd,
               char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autofree gint64 *n_chapters = NULL;
  g_autofree gint64 *words = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries, NULL, 1, 1, &args, &status) != PARSE_OK)
    return status;

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL)
    return user_error (error);

  parts = df_part_list (cli->store, project->id, &error);
  if (parts == NULL)
    return user_error (error);
  chapters = df_chapter_list (cli->store, project->id, &error);
  if (chapters == NULL)
    return user_error (error);

  n_chapters = g_new0 (gint64, parts->len + 1);
  words = g_new0 (gint64, parts->len + 1);
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = chapters->pdata[i];

      for (guint j = 0; j < parts->len; j++)
        {
          DfPart *part = parts->pdata[j];

          if (part->id == chapter->part_id)
            {
              n_chapters[j]++;
              words[j] += chapter->words;
              break;
            }
        }
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < parts->len; i++)
        {
          DfPart *part = parts->pdata[i];

          json_builder_begin_object (builder);
          json_int (builder, "number", part->number);
          json_string (builder, "title", part->title);
          json_string (builder, "description", part->description);
          json_string (builder, "layer", part->layer);
          json_string (builder, "tier", part->tier);
          json_int (builder, "chapters", n_chapters[i]);
          json_int (builder, "words", words[i]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_print (builder);
    }
  else if (parts->len == 0)
    {
      outf (_("“%s” has no parts. Add one with “%s part add %s TITLE”.\n"),
            project->slug, PROGRAM, project->slug);
    }
  else
    {
      g_autoptr(Table) table = table_new (4, (1u << 0) | (1u << 1) | (1u << 2));

      table_add (table, "#");
      table_add (table, _("CHAPTERS"));
      table_add (table, _("WORDS"));
      table_add (table, _("TITLE"));
      for (guint i = 0; i < parts->len; i++)
        {
          DfPart *part = parts->pdata[i];

          table_add_int (table, part->number);
          table_add_int (table, n_chapters[i]);
          table_add_int (table, words[i]);
          table_add (table, part->title);
        }
      table_print (table);
    }

  return EXIT_OK;
}

static int
cmd_part_add (Cli              *cli,
              const CliCommand *cmd,
              char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfPart) part = NULL;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("Adds a part at the end of the book and prints its number."),
                 2, 2, &args, &status) != PARSE_OK)
    return status;

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL)
    return user_error (error);

  part = df_part_add (cli->store, project->id, args[1], &error);
  if (part == NULL)
    return user_error (error);

  outf ("%" PRId64 "\n", part->number);
  return EXIT_OK;
}

/* Finds part @text (a number) of project @slug. */
static DfPart *
cli_part (Cli               *cli,
          const CliCommand  *cmd,
          const char        *slug,
          const char        *text,
          DfProject        **project_out,
          int               *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  DfPart *part;
  gint64 number;

  if (!cmd_number (cmd, "N", text, &number, status))
    return NULL;

  project = cli_project (cli, slug, FALSE, &error);
  if (project == NULL)
    {
      *status = user_error (error);
      return NULL;
    }

  part = df_part_get_by_number (cli->store, project->id, number, &error);
  if (part == NULL)
    {
      *status = user_error (error);
      return NULL;
    }

  if (project_out != NULL)
    *project_out = g_steal_pointer (&project);
  return part;
}

static int
cmd_part_rename (Cli              *cli,
                 const CliCommand *cmd,
                 char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPart) part = NULL;
  int status;

  if (cli_parse (cmd, NULL, N_("N is the part's number, from 1."),
                 3, 3, &args, &status) != PARSE_OK)
    return status;

  part = cli_part (cli, cmd, args[0], args[1], NULL, &status);
  if (part == NULL)
    return status;

  if (!df_part_rename (cli->store, part->id, args[2], &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_part_set (Cli              *cli,
              const CliCommand *cmd,
              char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPart) part = NULL;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("KEY is one of title, description, layer (L1 to L5), tier (A2, B1, B2, "
                    "C1, C2), week_start, week_end."),
                 4, 4, &args, &status) != PARSE_OK)
    return status;

  part = cli_part (cli, cmd, args[0], args[1], NULL, &status);
  if (part == NULL)
    return status;

  if (strcmp (args[2], "title") == 0)
    {
      if (!df_part_rename (cli->store, part->id, args[3], &error))
        return user_error (error);
    }
  else if (!df_part_set_field (cli->store, part->id, args[2], args[3], &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_part_delete (Cli              *cli,
                 const CliCommand *cmd,
                 char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPart) part = NULL;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("Deletes the part; its chapters stay in the book, without a part."),
                 2, 2, &args, &status) != PARSE_OK)
    return status;

  part = cli_part (cli, cmd, args[0], args[1], NULL, &status);
  if (part == NULL)
    return status;

  if (!df_part_delete (cli->store, part->id, &error))
    return user_error (error);

  return EXIT_OK;
}

/* ---- chapters ---------------------------------------------------------- */

/* Finds chapter @text (a book-order number) of project @slug, with its
 * content. */
static DfChapter *
cli_chapter (Cli               *cli,
             const CliCommand  *cmd,
             const char        *slug,
             const char        *text,
             DfProject        **project_out,
             int               *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  DfChapter *chapter;
  gint64 number;

  if (!cmd_number (cmd, "N", text, &number, status))
    return NULL;

  project = cli_project (cli, slug, FALSE, &error);
  if (project == NULL)
    {
      *status = user_error (error);
      return NULL;
    }

  chapter = df_chapter_get_by_number (cli->store, project->id, number, &error);
  if (chapter == NULL)
    {
      *status = user_error (error);
      return NULL;
    }

  if (project_out != NULL)
    *project_out = g_steal_pointer (&project);
  return chapter;
}

static int
cmd_chapter_list (Cli              *cli,
                  const CliCommand *cmd,
                  char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries, N_("Chapters are listed in book order, numbered from 1."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL)
    return user_error (error);

  parts = df_part_list (cli->store, project->id, &error);
  if (parts == NULL)
    return user_error (error);
  chapters = df_chapter_list (cli->store, project->id, &error);
  if (chapters == NULL)
    return user_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < chapters->len; i++)
        {
          DfChapter *chapter = chapters->pdata[i];
          DfPart *part = NULL;

          for (guint j = 0; j < parts->len && chapter->part_id != 0; j++)
            if (((DfPart *)parts->pdata[j])->id == chapter->part_id)
              part = parts->pdata[j];

          json_builder_begin_object (builder);
          json_int (builder, "number", chapter->number);
          json_string (builder, "title", chapter->title);
          json_string (builder, "slug", chapter->slug);
          json_string (builder, "kind", chapter->kind);
          json_builder_set_member_name (builder, "part");
          if (part != NULL)
            json_builder_add_int_value (builder, part->number);
          else
            json_builder_add_null_value (builder);
          json_string (builder, "part_title", part != NULL ? part->title : NULL);
          json_int (builder, "words", chapter->words);
          json_string (builder, "updated_at", chapter->updated_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_print (builder);
    }
  else if (chapters->len == 0)
    {
      outf (_("“%s” has no chapters. Add one with “%s chapter add %s TITLE”.\n"),
            project->slug, PROGRAM, project->slug);
    }
  else
    {
      g_autoptr(Table) table = table_new (5, (1u << 0) | (1u << 1) | (1u << 3));

      table_add (table, "#");
      table_add (table, _("PART"));
      table_add (table, _("KIND"));
      table_add (table, _("WORDS"));
      table_add (table, _("TITLE"));
      for (guint i = 0; i < chapters->len; i++)
        {
          DfChapter *chapter = chapters->pdata[i];
          DfPart *part = NULL;

          for (guint j = 0; j < parts->len && chapter->part_id != 0; j++)
            if (((DfPart *)parts->pdata[j])->id == chapter->part_id)
              part = parts->pdata[j];

          table_add_int (table, chapter->number);
          if (part != NULL)
            table_add_int (table, part->number);
          else
            table_add (table, "-");
          table_add (table, chapter->kind);
          table_add_int (table, chapter->words);
          table_add (table, chapter->title);
        }
      table_print (table);
    }

  return EXIT_OK;
}

static int
cmd_chapter_cat (Cli              *cli,
                 const CliCommand *cmd,
                 char            **args)
{
  g_autoptr(DfChapter) chapter = NULL;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("Prints the chapter's Markdown exactly as stored, without adding a newline."),
                 2, 2, &args, &status) != PARSE_OK)
    return status;

  chapter = cli_chapter (cli, cmd, args[0], args[1], NULL, &status);
  if (chapter == NULL)
    return status;

  if (chapter->content_md != NULL)
    fwrite (chapter->content_md, 1, strlen (chapter->content_md), stdout);

  return EXIT_OK;
}

/* Reads all of @fd. */
static GBytes *
read_fd (int      fd,
         GError **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  guint8 chunk[65536];

  for (;;)
    {
      gssize n = read (fd, chunk, sizeof chunk);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, DF_ERROR, DF_ERROR_IO,
                       _("Could not read the standard input: %s"), g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (buffer, chunk, (guint)n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/* Reads FILE, or stdin when @path is NULL or "-", as UTF-8 text. */
static char *
read_text (const char  *path,
           GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  const char *end = NULL;
  gsize len;

  if (path == NULL || strcmp (path, "-") == 0)
    {
      bytes = read_fd (STDIN_FILENO, error);
      if (bytes == NULL)
        return NULL;
    }
  else
    {
      char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, error))
        return NULL;
      bytes = g_bytes_new_take (contents, length);
    }

  data = g_bytes_get_data (bytes, &len);
  if (len > 0 && !g_utf8_validate_len (data, len, &end))
    {
      unsigned long offset = (unsigned long)(end - data);

      if (path == NULL || strcmp (path, "-") == 0)
        g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                     _("The standard input is not UTF-8 text (invalid byte at offset %lu); "
                       "convert it to UTF-8 and try again."), offset);
      else
        g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                     _("“%s” is not UTF-8 text (invalid byte at offset %lu); "
                       "convert it to UTF-8 and try again."), path, offset);
      return NULL;
    }

  return g_strndup (data != NULL ? data : "", len);
}

static int
cmd_chapter_write (Cli              *cli,
                   const CliCommand *cmd,
                   char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autofree char *text = NULL;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("Replaces the chapter's Markdown with the contents of FILE, or of the "
                    "standard input when FILE is absent or “-”.  The text must be UTF-8; it "
                    "is stored byte for byte.  The previous content is kept as a revision."),
                 2, 3, &args, &status) != PARSE_OK)
    return status;

  chapter = cli_chapter (cli, cmd, args[0], args[1], NULL, &status);
  if (chapter == NULL)
    return status;

  text = read_text (args[2], &error);
  if (text == NULL)
    return user_error (error);

  if (!df_chapter_save_content (cli->store, chapter->id, text, &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_chapter_add (Cli              *cli,
                 const CliCommand *cmd,
                 char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autofree char *part_text = NULL;
  gint64 part_id = 0;
  int status;
  const GOptionEntry entries[] = {
    { "part", 0, 0, G_OPTION_ARG_STRING, &part_text, N_("Add it at the end of part N"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("Adds an empty chapter at the end of the book (or of part N) and prints "
                    "its number."),
                 2, 2, &args, &status) != PARSE_OK)
    return status;

  if (part_text != NULL)
    {
      g_autofree char *message = NULL;
      g_autoptr(DfPart) part = NULL;
      gint64 unused;

      if (!parse_number ("--part", part_text, 1, G_MAXINT64, &unused, &message))
        return usage_error ("chapter add", "%s", message);

      part = cli_part (cli, cmd, args[0], part_text, &project, &status);

      if (part == NULL)
        return status;
      part_id = part->id;
    }
  else
    {
      project = cli_project (cli, args[0], FALSE, &error);
      if (project == NULL)
        return user_error (error);
    }

  chapter = df_chapter_add (cli->store, project->id, part_id, args[1], "", &error);
  if (chapter == NULL)
    return user_error (error);

  outf ("%" PRId64 "\n", chapter->number);
  return EXIT_OK;
}

static int
cmd_chapter_rename (Cli              *cli,
                    const CliCommand *cmd,
                    char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  int status;

  if (cli_parse (cmd, NULL, N_("N is the chapter's number in book order, from 1."),
                 3, 3, &args, &status) != PARSE_OK)
    return status;

  chapter = cli_chapter (cli, cmd, args[0], args[1], NULL, &status);
  if (chapter == NULL)
    return status;

  if (!df_chapter_rename (cli->store, chapter->id, args[2], &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_chapter_set (Cli              *cli,
                 const CliCommand *cmd,
                 char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("KEY is one of title, kind (chapter, lesson, lab, summary, index, scene), "
                    "slug, prerequisites (a JSON array), estimated_minutes."),
                 4, 4, &args, &status) != PARSE_OK)
    return status;

  chapter = cli_chapter (cli, cmd, args[0], args[1], NULL, &status);
  if (chapter == NULL)
    return status;

  if (strcmp (args[2], "title") == 0)
    {
      if (!df_chapter_rename (cli->store, chapter->id, args[3], &error))
        return user_error (error);
    }
  else if (!df_chapter_set_field (cli->store, chapter->id, args[2], args[3], &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_chapter_move (Cli              *cli,
                  const CliCommand *cmd,
                  char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  gint64 to;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("Moves chapter N to position TO in book order; it joins the part of the "
                    "chapter that was at TO."),
                 3, 3, &args, &status) != PARSE_OK)
    return status;

  /* Both numbers are checked before anything is opened. */
  if (!cmd_number (cmd, "TO", args[2], &to, &status))
    return status;

  chapter = cli_chapter (cli, cmd, args[0], args[1], NULL, &status);
  if (chapter == NULL)
    return status;

  if (!df_chapter_move (cli->store, chapter->id, to, &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_chapter_delete (Cli              *cli,
                    const CliCommand *cmd,
                    char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("Deletes the chapter; the chapters after it move up by one.  Its text "
                    "stays in the revisions."),
                 2, 2, &args, &status) != PARSE_OK)
    return status;

  chapter = cli_chapter (cli, cmd, args[0], args[1], NULL, &status);
  if (chapter == NULL)
    return status;

  if (!df_chapter_delete (cli->store, chapter->id, &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_chapter_revisions (Cli              *cli,
                       const CliCommand *cmd,
                       char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autofree char *show_text = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "show", 0, 0, G_OPTION_ARG_STRING, &show_text,
      N_("Print the Markdown of revision ID exactly as stored"), N_("ID") },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("Lists the earlier versions of the chapter kept from its saves, newest first: the newest of each five minutes of the last hour, each hour of the last day, each day of the last 30 days and each week before."),
                 2, 2, &args, &status) != PARSE_OK)
    return status;

  if (show_text != NULL)
    {
      g_autofree char *message = NULL;
      gint64 unused;

      if (!parse_number ("--show", show_text, 1, G_MAXINT64, &unused, &message))
        return usage_error ("chapter revisions", "%s", message);
    }

  chapter = cli_chapter (cli, cmd, args[0], args[1], NULL, &status);
  if (chapter == NULL)
    return status;

  revisions = df_revision_list (cli->store, chapter->id, &error);
  if (revisions == NULL)
    return user_error (error);

  if (show_text != NULL)
    {
      gint64 id = g_ascii_strtoll (show_text, NULL, 10);

      for (guint i = 0; i < revisions->len; i++)
        {
          DfRevision *revision = revisions->pdata[i];

          if (revision->id == id)
            {
              if (revision->content_md != NULL)
                fwrite (revision->content_md, 1, strlen (revision->content_md), stdout);
              return EXIT_OK;
            }
        }

      return user_error_printf (_("Chapter %s of “%s” has no revision %s; see “%s chapter revisions %s %s”."),
                                args[1], args[0], show_text, PROGRAM, args[0], args[1]);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < revisions->len; i++)
        {
          DfRevision *revision = revisions->pdata[i];
          const char *content = revision->content_md != NULL ? revision->content_md : "";

          json_builder_begin_object (builder);
          json_int (builder, "id", revision->id);
          json_string (builder, "created_at", revision->created_at);
          json_string (builder, "content_hash", revision->content_hash);
          json_int (builder, "words", df_text_count_words (content, -1));
          json_int (builder, "bytes", (gint64)strlen (content));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_print (builder);
    }
  else if (revisions->len == 0)
    {
      out (_("No revisions yet: one is kept each time the chapter is written.\n"));
    }
  else
    {
      g_autoptr(Table) table = table_new (4, (1u << 0) | (1u << 2));

      table_add (table, _("ID"));
      table_add (table, _("SAVED"));
      table_add (table, _("WORDS"));
      table_add (table, _("HASH"));
      for (guint i = 0; i < revisions->len; i++)
        {
          DfRevision *revision = revisions->pdata[i];
          g_autofree char *when = short_time (revision->created_at);
          g_autofree char *hash = g_strndup (or_dash (revision->content_hash), 12);

          table_add_int (table, revision->id);
          table_add (table, when);
          table_add_int (table, df_text_count_words (revision->content_md != NULL ? revision->content_md : "", -1));
          table_add (table, hash);
        }
      table_print (table);
    }

  return EXIT_OK;
}

static int
cmd_chapter_deleted (Cli              *cli,
                     const CliCommand *cmd,
                     char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) deleted = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("Lists the chapters deleted from the project, newest first, each with the "
                    "revision that keeps its last text; “chapter undelete” brings one back."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL)
    return user_error (error);
  deleted = df_revision_list_deleted (cli->store, project->id, &error);
  if (deleted == NULL)
    return user_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < deleted->len; i++)
        {
          DfRevision *revision = deleted->pdata[i];
          const char *content = revision->content_md != NULL ? revision->content_md : "";

          json_builder_begin_object (builder);
          json_int (builder, "revision", revision->id);
          json_string (builder, "title", revision->title);
          json_string (builder, "deleted_at", revision->created_at);
          json_int (builder, "words", df_text_count_words (content, -1));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_print (builder);
    }
  else if (deleted->len == 0)
    out (_("No deleted chapters.\n"));
  else
    {
      g_autoptr(Table) table = table_new (4, (1u << 0) | (1u << 2));

      table_add (table, _("REVISION"));
      table_add (table, _("DELETED"));
      table_add (table, _("WORDS"));
      table_add (table, _("TITLE"));
      for (guint i = 0; i < deleted->len; i++)
        {
          DfRevision *revision = deleted->pdata[i];
          g_autofree char *when = short_time (revision->created_at);

          table_add_int (table, revision->id);
          table_add (table, when);
          table_add_int (table, df_text_count_words (revision->content_md != NULL ? revision->content_md : "", -1));
          table_add (table, or_dash (revision->title));
        }
      table_print (table);
    }

  return EXIT_OK;
}

static int
cmd_chapter_undelete (Cli              *cli,
                      const CliCommand *cmd,
                      char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) deleted = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autofree char *message = NULL;
  gint64 revision_id;
  gboolean listed = FALSE;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("Brings back a deleted chapter, at the end of the book, with its title, its "
                    "last text and its history.  REVISION is from “chapter deleted”."),
                 2, 2, &args, &status) != PARSE_OK)
    return status;
  if (!parse_number ("REVISION", args[1], 1, G_MAXINT64, &revision_id, &message))
    return usage_error ("chapter undelete", "%s", message);

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL)
    return user_error (error);
  /* Only a deleted chapter of this project. */
  deleted = df_revision_list_deleted (cli->store, project->id, &error);
  if (deleted == NULL)
    return user_error (error);
  for (guint i = 0; i < deleted->len; i++)
    listed |= ((DfRevision *) deleted->pdata[i])->id == revision_id;
  if (!listed)
    return user_error_printf (_("“%s” has no deleted chapter kept as revision %s; see “%s chapter deleted %s”."),
                              args[0], args[1], PROGRAM, args[0]);

  chapter = df_chapter_undelete (cli->store, revision_id, &error);
  if (chapter == NULL)
    return user_error (error);
  outf ("%" PRId64 "\n", chapter->number);
  return EXIT_OK;
}

/* ---- search and statistics --------------------------------------------- */

static int
cmd_search (Cli              *cli,
            const CliCommand *cmd,
            char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *limit_text = NULL;
  g_autofree char *query = NULL;
  gint64 limit = 20;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_STRING, &limit_text, N_("At most N hits (default: 20)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("Finds the chapters containing the words of QUERY (as word prefixes, "
                    "accents ignored).  Several arguments are joined into one query.  In "
                    "snippets the match is between [ and ]."),
                 2, G_MAXUINT, &args, &status) != PARSE_OK)
    return status;

  if (limit_text != NULL)
    {
      g_autofree char *message = NULL;

      if (!parse_number ("--limit", limit_text, 1, 10000, &limit, &message))
        return usage_error ("search", "%s", message);
    }

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL)
    return user_error (error);

  query = g_strjoinv (" ", args + 1);
  hits = df_search (cli->store, project->id, query, (guint)limit, &error);
  if (hits == NULL)
    return user_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < hits->len; i++)
        {
          DfSearchHit *hit = hits->pdata[i];

          json_builder_begin_object (builder);
          json_int (builder, "number", hit->chapter_number);
          json_string (builder, "title", hit->chapter_title);
          json_string (builder, "snippet", hit->snippet);
          json_int (builder, "offset", hit->offset);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_print (builder);
    }
  else if (hits->len == 0)
    {
      outf (_("No chapter of “%s” matches “%s”.\n"), project->slug, query);
    }
  else
    {
      gsize width = 1;

      for (guint i = 0; i < hits->len; i++)
        {
          g_autofree char *number = g_strdup_printf ("%" PRId64,
                                                     ((DfSearchHit *)hits->pdata[i])->chapter_number);
          width = MAX (width, strlen (number));
        }

      for (guint i = 0; i < hits->len; i++)
        {
          DfSearchHit *hit = hits->pdata[i];
          g_autofree char *title = one_line (hit->chapter_title);
          g_autofree char *snippet = one_line (hit->snippet);

          outf ("%*" PRId64 "  %s\n", (int)width, hit->chapter_number, title);
          pad (width + 2);
          outf ("%s\n", g_strstrip (snippet));
        }
    }

  return EXIT_OK;
}

static int
cmd_stats (Cli              *cli,
           const CliCommand *cmd,
           char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autofree char *days_text = NULL;
  DfWritingStats stats = { 0 };
  gint64 n_days = 0;
  gboolean json = FALSE;
  double percent;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "days", 0, 0, G_OPTION_ARG_STRING, &days_text,
      N_("Also list the words written on each of the last N days (1 to 3660)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries, NULL, 1, 1, &args, &status) != PARSE_OK)
    return status;

  if (days_text != NULL)
    {
      g_autofree char *message = NULL;

      if (!parse_number ("--days", days_text, 1, 3660, &n_days, &message))
        return usage_error ("stats", "%s", message);
    }

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL)
    return user_error (error);

  if (!df_stats_compute (cli->store, project->id, &stats, &error))
    return user_error (error);

  if (n_days > 0)
    {
      days = df_stats_days (cli->store, project->id, (guint)n_days, &error);
      if (days == NULL)
        return user_error (error);
    }

  percent = (double)(gint64)(stats.target_fraction * 1000.0 + 0.5) / 10.0;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_string (builder, "slug", project->slug);
      json_int (builder, "words", stats.words);
      json_int (builder, "chapters", stats.chapters);
      json_int (builder, "parts", stats.parts);
      json_int (builder, "words_today", stats.words_today);
      json_int (builder, "current_streak", stats.current_streak);
      json_int (builder, "longest_streak", stats.longest_streak);
      json_int (builder, "target_word_count", stats.target_word_count);
      json_builder_set_member_name (builder, "target_percent");
      if (stats.target_word_count > 0)
        json_builder_add_double_value (builder, percent);
      else
        json_builder_add_null_value (builder);
      json_int (builder, "reading_minutes", stats.reading_minutes);
      json_builder_set_member_name (builder, "days");
      json_builder_begin_array (builder);
      for (guint i = 0; days != NULL && i < days->len; i++)
        {
          DfStatsDay *day = days->pdata[i];

          json_builder_begin_object (builder);
          json_string (builder, "date", day->date);
          json_int (builder, "words", day->words);
          json_int (builder, "words_written", day->words_written);
          json_int (builder, "chapters", day->chapters);
          json_int (builder, "commits", day->commits);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      json_print (builder);
    }
  else
    {
      g_autoptr(Table) table = table_new (2, 0);
      g_autofree char *current = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong)stats.current_streak),
                                                  (int)stats.current_streak);
      g_autofree char *longest = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong)stats.longest_streak),
                                                  (int)stats.longest_streak);
      g_autofree char *target = NULL;
      g_autofree char *reading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", (gulong)stats.reading_minutes),
                                                  (int)stats.reading_minutes);

      if (stats.target_word_count > 0)
        target = g_strdup_printf (_("%" PRId64 " words (%.1f%% done)"),
                                  stats.target_word_count, percent);
      else
        target = g_strdup (_("none"));

      table_add (table, _("Words:"));
      table_add_int (table, stats.words);
      table_add (table, _("Chapters:"));
      table_add_int (table, stats.chapters);
      table_add (table, _("Parts:"));
      table_add_int (table, stats.parts);
      table_add (table, _("Words today:"));
      table_add_int (table, stats.words_today);
      table_add (table, _("Current streak:"));
      table_add (table, current);
      table_add (table, _("Longest streak:"));
      table_add (table, longest);
      table_add (table, _("Target:"));
      table_add (table, target);
      table_add (table, _("Reading time:"));
      table_add (table, reading);
      table_print (table);

      if (days != NULL)
        {
          g_autoptr(Table) day_table = table_new (3, (1u << 1) | (1u << 2));

          out ("\n");
          table_add (day_table, _("DATE"));
          table_add (day_table, _("WRITTEN"));
          table_add (day_table, _("TOTAL"));
          for (guint i = 0; i < days->len; i++)
            {
              DfStatsDay *day = days->pdata[i];

              table_add (day_table, day->date);
              table_add_int (day_table, day->words_written);
              table_add_int (day_table, day->words);
            }
          table_print (day_table);
        }
    }

  return EXIT_OK;
}

/* ---- profiles ---------------------------------------------------------- */

static void
profile_to_json (JsonBuilder     *builder,
                 const DfProfile *profile)
{
  json_builder_begin_object (builder);
  json_string (builder, "id", profile->id);
  json_string (builder, "display_name", profile->display_name);
  json_bool (builder, "active", profile->active);
  json_string (builder, "email", profile->email);
  json_bool (builder, "onboarding_completed", profile->onboarding_completed);
  json_string (builder, "experience_level", profile->experience_level);
  json_string (builder, "education_level", profile->education_level);
  json_string (builder, "programming_experience", profile->programming_experience);
  json_string (builder, "ai_ml_experience", profile->ai_ml_experience);
  json_bool (builder, "robotics_background", profile->robotics_background);
  json_embedded (builder, "learning_goals", profile->learning_goals, "[]");
  json_string (builder, "preferred_language", profile->preferred_language);
  json_embedded (builder, "profile_data", profile->profile_data, "{}");
  json_string (builder, "created_at", profile->created_at);
  json_string (builder, "updated_at", profile->updated_at);
  json_builder_end_object (builder);
}

static int
cmd_profile_new (Cli              *cli,
                 const CliCommand *cmd,
                 char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("Creates a reader profile.  The first profile becomes the active one."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  if (!cli_open (cli, &error))
    return user_error (error);

  profile = df_profile_create (cli->store, args[0], &error);
  if (profile == NULL)
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_profile_list (Cli              *cli,
                  const CliCommand *cmd,
                  char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries, N_("The active profile is marked with *."),
                 0, 0, &args, &status) != PARSE_OK)
    return status;

  if (!cli_open (cli, &error))
    return user_error (error);

  profiles = df_profile_list (cli->store, &error);
  if (profiles == NULL)
    return user_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < profiles->len; i++)
        profile_to_json (builder, profiles->pdata[i]);
      json_builder_end_array (builder);
      json_print (builder);
    }
  else if (profiles->len == 0)
    {
      outf (_("No profiles yet. Create one with “%s profile new NAME”.\n"), PROGRAM);
    }
  else
    {
      g_autoptr(Table) table = table_new (5, 0);

      table_add (table, "");
      table_add (table, _("LANGUAGE"));
      table_add (table, _("EXPERIENCE"));
      table_add (table, _("ID"));
      table_add (table, _("NAME"));
      for (guint i = 0; i < profiles->len; i++)
        {
          DfProfile *profile = profiles->pdata[i];

          table_add (table, profile->active ? "*" : "");
          table_add (table, or_dash (profile->preferred_language));
          table_add (table, or_dash (profile->experience_level));
          table_add (table, profile->id);
          table_add (table, profile->display_name);
        }
      table_print (table);
    }

  return EXIT_OK;
}

static int
cmd_profile_use (Cli              *cli,
                 const CliCommand *cmd,
                 char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  int status;

  if (cli_parse (cmd, NULL, N_("Makes NAME (a display name or an id) the active profile."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  profile = cli_profile (cli, args[0], &error);
  if (profile == NULL || !df_profile_set_active (cli->store, profile->id, &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_profile_show (Cli              *cli,
                  const CliCommand *cmd,
                  char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries, N_("Shows NAME (a display name or an id), or the active profile."),
                 0, 1, &args, &status) != PARSE_OK)
    return status;

  profile = cli_profile (cli, args[0], &error);
  if (profile == NULL)
    return user_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      profile_to_json (builder, profile);
      json_print (builder);
    }
  else
    {
      g_autoptr(Table) table = table_new (2, 0);
      g_autofree char *created = short_time (profile->created_at);
      g_autofree char *updated = short_time (profile->updated_at);

      table_add (table, _("Name:"));
      table_add (table, profile->display_name);
      table_add (table, _("Id:"));
      table_add (table, profile->id);
      table_add (table, _("Active:"));
      table_add (table, profile->active ? _("yes") : _("no"));
      table_add (table, "email:");
      table_add (table, or_dash (profile->email));
      table_add (table, "onboarding_completed:");
      table_add (table, profile->onboarding_completed ? "true" : "false");
      table_add (table, "experience_level:");
      table_add (table, or_dash (profile->experience_level));
      table_add (table, "education_level:");
      table_add (table, or_dash (profile->education_level));
      table_add (table, "programming_experience:");
      table_add (table, or_dash (profile->programming_experience));
      table_add (table, "ai_ml_experience:");
      table_add (table, or_dash (profile->ai_ml_experience));
      table_add (table, "robotics_background:");
      table_add (table, profile->robotics_background ? "true" : "false");
      table_add (table, "learning_goals:");
      table_add (table, or_dash (profile->learning_goals));
      table_add (table, "preferred_language:");
      table_add (table, or_dash (profile->preferred_language));
      table_add (table, "profile_data:");
      table_add (table, or_dash (profile->profile_data));
      table_add (table, _("Created:"));
      table_add (table, created);
      table_add (table, _("Updated:"));
      table_add (table, updated);
      table_print (table);
    }

  return EXIT_OK;
}

static int
cmd_profile_set (Cli              *cli,
                 const CliCommand *cmd,
                 char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *name = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &name, N_("Change profile NAME instead of the active one"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("KEY is one of display_name, email, onboarding_completed (true/false), "
                    "experience_level (beginner, intermediate, expert), education_level "
                    "(high_school, undergraduate, graduate, professional), "
                    "programming_experience (none, beginner, intermediate, advanced), "
                    "ai_ml_experience (none, basic, intermediate, advanced), "
                    "robotics_background (true/false), learning_goals (comma-separated or a "
                    "JSON array), preferred_language (en, ur), profile_data (a JSON object)."),
                 2, 2, &args, &status) != PARSE_OK)
    return status;

  profile = cli_profile (cli, name, &error);
  if (profile == NULL || !df_profile_set (cli->store, profile->id, args[0], args[1], &error))
    return user_error (error);

  return EXIT_OK;
}

/* ---- reading progress -------------------------------------------------- */

static int
cmd_progress (Cli              *cli,
              const CliCommand *cmd,
              char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *name = NULL;
  gboolean json = FALSE;
  guint n_args;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (when listing)"), NULL },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &name, N_("Use profile NAME instead of the active one"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("“progress SLUG” lists the reading status of each chapter for the active "
                    "profile; “progress SLUG N start” and “progress SLUG N complete” mark "
                    "chapter N; “progress SLUG continue” prints the number of the chapter to "
                    "continue reading (nothing when all are completed)."),
                 1, 3, &args, &status) != PARSE_OK)
    return status;

  n_args = g_strv_length (args);

  if (n_args == 2 && strcmp (args[1], "continue") != 0)
    return usage_error ("progress", _("expected “continue” or “N start|complete” after the slug (got “%s”)"),
                        args[1]);

  if (n_args == 3)
    {
      g_autoptr(DfChapter) chapter = NULL;
      gboolean start = strcmp (args[2], "start") == 0;

      if (!start && strcmp (args[2], "complete") != 0)
        return usage_error ("progress", _("ACTION must be start or complete (got “%s”)"), args[2]);

      chapter = cli_chapter (cli, cmd, args[0], args[1], NULL, &status);
      if (chapter == NULL)
        return status;

      profile = cli_profile (cli, name, &error);
      if (profile == NULL)
        return user_error (error);

      if (start ? !df_progress_start (cli->store, profile->id, chapter->id, &error)
                : !df_progress_complete (cli->store, profile->id, chapter->id, &error))
        return user_error (error);

      return EXIT_OK;
    }

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL)
    return user_error (error);

  profile = cli_profile (cli, name, &error);
  if (profile == NULL)
    return user_error (error);

  if (n_args == 2)
    {
      g_autoptr(DfChapter) chapter = NULL;
      gint64 chapter_id;

      chapter_id = df_progress_continue (cli->store, profile->id, project->id, &error);
      if (error != NULL)
        return user_error (error);

      if (chapter_id == 0)
        {
          fprintf (stderr, _("%s: every chapter of “%s” is completed.\n"), PROGRAM, project->slug);
          return EXIT_OK;
        }

      chapter = df_chapter_get (cli->store, chapter_id, &error);
      if (chapter == NULL)
        return user_error (error);

      outf ("%" PRId64 "\n", chapter->number);
      return EXIT_OK;
    }

  {
    g_autoptr(GPtrArray) progress = df_progress_list (cli->store, profile->id, project->id, &error);

    if (progress == NULL)
      return user_error (error);

    if (json)
      {
        g_autoptr(JsonBuilder) builder = json_builder_new ();

        json_builder_begin_array (builder);
        for (guint i = 0; i < progress->len; i++)
          {
            DfProgress *p = progress->pdata[i];

            json_builder_begin_object (builder);
            json_int (builder, "number", p->chapter_number);
            json_string (builder, "title", p->chapter_title);
            json_string (builder, "status", p->status);
            json_string (builder, "started_at", p->started_at);
            json_string (builder, "completed_at", p->completed_at);
            json_int (builder, "time_spent_seconds", p->time_spent_seconds);
            json_int (builder, "position", p->position);
            json_builder_end_object (builder);
          }
        json_builder_end_array (builder);
        json_print (builder);
      }
    else if (progress->len == 0)
      {
        outf (_("“%s” has no chapters.\n"), project->slug);
      }
    else
      {
        g_autoptr(Table) table = table_new (6, (1u << 0) | (1u << 4));

        table_add (table, "#");
        table_add (table, _("STATUS"));
        table_add (table, _("STARTED"));
        table_add (table, _("COMPLETED"));
        table_add (table, _("MINUTES"));
        table_add (table, _("TITLE"));
        for (guint i = 0; i < progress->len; i++)
          {
            DfProgress *p = progress->pdata[i];
            g_autofree char *started = short_time (p->started_at);
            g_autofree char *completed = short_time (p->completed_at);

            table_add_int (table, p->chapter_number);
            table_add (table, p->status);
            table_add (table, started);
            table_add (table, completed);
            table_add_int (table, (p->time_spent_seconds + 59) / 60);
            table_add (table, p->chapter_title);
          }
        table_print (table);
      }
  }

  return EXIT_OK;
}

/* ---- plugins ----------------------------------------------------------- */

/* A plugin host on the database, with the plugins loaded if @load. */
static DfPluginHost *
cli_plugin_host (Cli      *cli,
                 gboolean  load,
                 GError  **error)
{
  DfPluginHost *host;

  if (!cli_open (cli, error))
    return NULL;

  host = df_plugin_host_new (cli->store, NULL);
  if (load)
    df_plugin_host_load (host);
  return host;
}

static const char *
plugin_origin_name (DfPluginOrigin origin)
{
  switch (origin)
    {
    case DF_PLUGIN_ORIGIN_USER: return "user";
    case DF_PLUGIN_ORIGIN_PATH: return "path";
    case DF_PLUGIN_ORIGIN_SYSTEM: return "system";
    default: return "?";
    }
}

static void
plugin_to_json (JsonBuilder        *builder,
                const DfPluginInfo *info)
{
  json_builder_begin_object (builder);
  json_string (builder, "id", info->id);
  json_string (builder, "name", info->name);
  json_string (builder, "description", info->description);
  json_string (builder, "version", info->version);
  json_string (builder, "authors", info->authors);
  json_string (builder, "website", info->website);
  json_int (builder, "api", info->api_version);
  json_builder_set_member_name (builder, "provides");
  json_builder_begin_array (builder);
  for (guint i = 0; info->provides != NULL && info->provides[i] != NULL; i++)
    json_builder_add_string_value (builder, info->provides[i]);
  json_builder_end_array (builder);
  json_string (builder, "origin", plugin_origin_name (info->origin));
  json_string (builder, "dir", info->dir);
  json_string (builder, "module", info->module_path);
  json_string (builder, "checksum", info->checksum);
  json_bool (builder, "enabled", info->enabled);
  json_bool (builder, "loaded", info->loaded);
  json_string (builder, "error", info->error);
  json_string (builder, "shadows", info->shadowed_dir);
  json_builder_end_object (builder);
}

static char *
plugin_provides_text (const DfPluginInfo *info)
{
  if (info->provides == NULL || info->provides[0] == NULL)
    return g_strdup ("-");
  return g_strjoinv (",", info->provides);
}

static int
cmd_plugin_list (Cli              *cli,
                 const CliCommand *cmd,
                 char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(GPtrArray) plugins = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("Lists the plugins found in the user's folder ($XDG_DATA_HOME/draftforge/plugins), "
                    "the folders of DRAFTFORGE_PLUGIN_PATH and DraftForge's own, by id, with why a "
                    "plugin is not loaded and which plugin of the same id it hides."),
                 0, 0, &args, &status) != PARSE_OK)
    return status;

  host = cli_plugin_host (cli, TRUE, &error);
  if (host == NULL)
    return user_error (error);

  plugins = df_plugin_host_list (host);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < plugins->len; i++)
        plugin_to_json (builder, plugins->pdata[i]);
      json_builder_end_array (builder);
      json_print (builder);
    }
  else if (plugins->len == 0)
    {
      outf (_("No plugins found. Install one with “%s plugin install PATH”.\n"), PROGRAM);
    }
  else
    {
      g_autoptr(Table) table = table_new (6, 0);

      table_add (table, _("ID"));
      table_add (table, _("VERSION"));
      table_add (table, _("STATE"));
      table_add (table, _("ORIGIN"));
      table_add (table, _("PROVIDES"));
      table_add (table, _("NAME"));
      for (guint i = 0; i < plugins->len; i++)
        {
          const DfPluginInfo *info = plugins->pdata[i];
          g_autofree char *provides = plugin_provides_text (info);
          const char *state;

          if (!info->enabled)
            state = _("disabled");
          else if (info->error != NULL)
            state = _("error");
          else
            state = _("enabled");

          table_add (table, info->id);
          table_add (table, or_dash (info->version));
          table_add (table, state);
          table_add (table, plugin_origin_name (info->origin));
          table_add (table, provides);
          table_add (table, or_dash (info->name));
        }
      table_print (table);

      for (guint i = 0; i < plugins->len; i++)
        {
          const DfPluginInfo *info = plugins->pdata[i];
          g_autofree char *line = NULL;

          if (info->error != NULL)
            {
              line = one_line (info->error);
              /* TRANSLATORS: a plugin id, then why it is not loaded */
              outf (_("%s: error: %s\n"), info->id, line);
            }
          if (info->shadowed_dir != NULL)
            /* TRANSLATORS: a plugin id, then the folder of the plugin it hides */
            outf (_("%s: shadows %s\n"), info->id, info->shadowed_dir);
        }
    }

  return EXIT_OK;
}

static int
cmd_plugin_info (Cli              *cli,
                 const CliCommand *cmd,
                 char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  const DfPluginInfo *info;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries, NULL, 1, 1, &args, &status) != PARSE_OK)
    return status;

  host = cli_plugin_host (cli, TRUE, &error);
  if (host == NULL)
    return user_error (error);

  info = df_plugin_host_lookup (host, args[0]);
  if (info == NULL)
    return user_error_printf (_("There is no plugin with the id “%s”; “%s plugin list” shows them"),
                              args[0], PROGRAM);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      plugin_to_json (builder, info);
      json_print (builder);
    }
  else
    {
      g_autoptr(Table) table = table_new (2, 0);
      g_autofree char *provides = plugin_provides_text (info);
      g_autofree char *api = g_strdup_printf ("%d", info->api_version);

      table_add (table, _("Id:"));
      table_add (table, info->id);
      table_add (table, _("Name:"));
      table_add (table, or_dash (info->name));
      table_add (table, _("Description:"));
      table_add (table, or_dash (info->description));
      table_add (table, _("Version:"));
      table_add (table, or_dash (info->version));
      table_add (table, _("Authors:"));
      table_add (table, or_dash (info->authors));
      table_add (table, _("Website:"));
      table_add (table, or_dash (info->website));
      table_add (table, _("API:"));
      table_add (table, api);
      table_add (table, _("Provides:"));
      table_add (table, provides);
      table_add (table, _("Origin:"));
      table_add (table, plugin_origin_name (info->origin));
      table_add (table, _("Folder:"));
      table_add (table, or_dash (info->dir));
      table_add (table, _("Module:"));
      table_add (table, or_dash (info->module_path));
      table_add (table, _("SHA-256:"));
      table_add (table, or_dash (info->checksum));
      table_add (table, _("Enabled:"));
      table_add (table, info->enabled ? _("yes") : _("no"));
      table_add (table, _("Loaded:"));
      table_add (table, info->loaded ? _("yes") : _("no"));
      table_add (table, _("Error:"));
      table_add (table, or_dash (info->error));
      table_add (table, _("Shadows:"));
      table_add (table, or_dash (info->shadowed_dir));
      table_print (table);
    }

  return EXIT_OK;
}

static int
cmd_plugin_install (Cli              *cli,
                    const CliCommand *cmd,
                    char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  g_autofree char *id = NULL;
  const DfPluginInfo *info;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("PATH is a plugin folder (a NAME.plugin manifest and its module), or a .tar.gz, "
                    ".tar.xz or .zip archive holding one.  It is checked, then copied into "
                    "$XDG_DATA_HOME/draftforge/plugins/ID, replacing an earlier version.  "
                    "Prints the plugin's id.  See docs/plugins.md for what is refused."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  host = cli_plugin_host (cli, FALSE, &error);
  if (host == NULL)
    return user_error (error);

  id = df_plugin_host_install (host, args[0], &error);
  if (id == NULL)
    return user_error (error);

  info = df_plugin_host_lookup (host, id);
  if (info != NULL && info->shadowed_dir != NULL)
    fprintf (stderr, _("%s: %s now hides the plugin of the same id in %s\n"), PROGRAM, id, info->shadowed_dir);

  outf ("%s\n", id);
  return EXIT_OK;
}

static int
cmd_plugin_remove (Cli              *cli,
                   const CliCommand *cmd,
                   char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("Removes a plugin installed with “plugin install”.  DraftForge's own plugins "
                    "can only be disabled."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  host = cli_plugin_host (cli, FALSE, &error);
  if (host == NULL)
    return user_error (error);

  if (!df_plugin_host_remove (host, args[0], &error))
    return user_error (error);

  return EXIT_OK;
}

static int
plugin_set_enabled (Cli              *cli,
                    const CliCommand *cmd,
                    char            **args,
                    gboolean          enabled)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("Remembered in the database: the application and the command line load only "
                    "enabled plugins."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  host = cli_plugin_host (cli, FALSE, &error);
  if (host == NULL)
    return user_error (error);

  if (!df_plugin_host_set_enabled (host, args[0], enabled, &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_plugin_enable (Cli              *cli,
                   const CliCommand *cmd,
                   char            **args)
{
  return plugin_set_enabled (cli, cmd, args, TRUE);
}

static int
cmd_plugin_disable (Cli              *cli,
                    const CliCommand *cmd,
                    char            **args)
{
  return plugin_set_enabled (cli, cmd, args, FALSE);
}

/* ---- export ------------------------------------------------------------ */

static void
export_progress (double      fraction,
                 const char *message,
                 gpointer    user_data)
{
  g_autofree char *line = one_line (message);

  /* \r and "erase to the end of the line": one line that updates. */
  fprintf (stderr, "\r%3d%% %s\033[K", (int)(CLAMP (fraction, 0.0, 1.0) * 100.0), line);
  fflush (stderr);
}

static int
cmd_export (Cli              *cli,
            const CliCommand *cmd,
            char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) exporters = NULL;
  g_autoptr(JsonObject) options = NULL;
  g_autoptr(DfExportResult) result = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *parts = NULL;
  DfExporter *exporter;
  gboolean no_title_page = FALSE;
  gboolean single_file = FALSE;
  gboolean list_formats = FALSE;
  gboolean json = FALSE;
  gboolean show_progress;
  int status;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("The format: epub, pdf, docx, html, markdown, or one a plugin adds"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write (replaced if it exists)"), N_("PATH") },
    { "parts", 0, 0, G_OPTION_ARG_STRING, &parts, N_("Only these parts, by number: 1,3 (chapters outside any part are always included)"), N_("N,N…") },
    { "no-title-page", 0, 0, G_OPTION_ARG_NONE, &no_title_page, N_("Leave out the title page"), NULL },
    { "single-file", 0, 0, G_OPTION_ARG_NONE, &single_file, N_("One file rather than one per chapter (for formats that offer both)"), NULL },
    { "list-formats", 0, 0, G_OPTION_ARG_NONE, &list_formats, N_("List the formats the enabled plugins offer, and exit"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("Writes the project SLUG as a book in FORMAT, using the exporter plugins that are "
                    "enabled.  The file is written whole or not at all; the run is recorded as an "
                    "export job.  Prints the path of the file written."),
                 0, 1, &args, &status) != PARSE_OK)
    return status;

  options = json_object_new ();
  if (!list_formats)
    {
      if (args[0] == NULL)
        return usage_error ("export", _("missing argument; expected %s"), _(cmd->params));
      if (format == NULL)
        return usage_error ("export", _("--format is required (see --list-formats)"));
      if (output == NULL || *output == '\0')
        return usage_error ("export", _("-o PATH is required: the file to write"));

      if (parts != NULL)
        {
          g_auto(GStrv) numbers = g_strsplit (parts, ",", -1);
          JsonArray *array = json_array_new ();

          json_object_set_array_member (options, "parts", array);
          for (guint i = 0; numbers[i] != NULL; i++)
            {
              g_autofree char *message = NULL;
              gint64 n;

              if (!parse_number (_("A part number"), g_strstrip (numbers[i]), 1, G_MAXINT64, &n, &message))
                return usage_error ("export", "%s", message);
              json_array_add_int_element (array, n);
            }
        }
      json_object_set_boolean_member (options, "title-page", !no_title_page);
      json_object_set_boolean_member (options, "single-file", single_file);

      project = cli_project (cli, args[0], FALSE, &error);
      if (project == NULL)
        return user_error (error);
    }

  host = cli_plugin_host (cli, TRUE, &error);
  if (host == NULL)
    return user_error (error);

  exporters = df_plugin_host_get_exporters (host);

  if (list_formats)
    {
      if (json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_array (builder);
          for (guint i = 0; i < exporters->len; i++)
            {
              DfExporter *e = exporters->pdata[i];

              json_builder_begin_object (builder);
              json_string (builder, "format", df_exporter_get_format (e));
              json_string (builder, "name", df_exporter_get_name (e));
              json_string (builder, "extension", df_exporter_get_extension (e));
              json_string (builder, "mime_type", df_exporter_get_mime_type (e));
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_print (builder);
        }
      else if (exporters->len == 0)
        outf (_("No export formats: no exporter plugin is enabled and loaded (see “%s plugin list”).\n"), PROGRAM);
      else
        {
          g_autoptr(Table) table = table_new (3, 0);

          table_add (table, _("FORMAT"));
          table_add (table, _("EXTENSION"));
          table_add (table, _("NAME"));
          for (guint i = 0; i < exporters->len; i++)
            {
              DfExporter *e = exporters->pdata[i];

              table_add (table, df_exporter_get_format (e));
              table_add (table, df_exporter_get_extension (e));
              table_add (table, df_exporter_get_name (e));
            }
          table_print (table);
        }
      return EXIT_OK;
    }

  exporter = df_plugin_host_find_exporter (host, format);
  if (exporter == NULL)
    {
      g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;
      g_autofree char *joined = NULL;

      if (exporters->len == 0)
        return user_error_printf (_("There is no exporter for “%s”: no exporter plugin is enabled and loaded (see “%s plugin list”)"),
                                  format, PROGRAM);

      for (guint i = 0; i < exporters->len; i++)
        g_strv_builder_add (names, df_exporter_get_format (exporters->pdata[i]));
      list = g_strv_builder_end (names);
      joined = g_strjoinv (", ", list);
      return user_error_printf (_("There is no exporter for “%s”; the formats are: %s"), format, joined);
    }

  show_progress = isatty (STDERR_FILENO) && !json;
  result = df_export_run (exporter, cli->store, project->id, output, options,
                          show_progress ? export_progress : NULL, NULL, NULL, &error);
  if (show_progress)
    fputs ("\r\033[K", stderr);
  if (result == NULL)
    return user_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_int (builder, "job_id", result->job_id);
      json_string (builder, "format", df_exporter_get_format (exporter));
      json_string (builder, "path", result->output_path);
      json_int (builder, "size", result->size);
      json_string (builder, "sha256", result->sha256);
      json_builder_end_object (builder);
      json_print (builder);
    }
  else
    outf ("%s\n", result->output_path);

  return EXIT_OK;
}

/* ---- the AI provider --------------------------------------------------- */

/* The profile whose AI settings and credits a command uses: NAME, else the
 * active one. */
static DfProfile *
cli_ai_profile (Cli         *cli,
                const char  *name,
                GError     **error)
{
  DfProfile *profile;

  if (!cli_open (cli, error))
    return NULL;
  if (name != NULL)
    return df_profile_get (cli->store, name, error);

  profile = df_profile_get_active (cli->store, error);
  if (profile == NULL && (error == NULL || *error == NULL))
    g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                 _("Create a profile first: %s profile new NAME"), PROGRAM);
  return profile;
}

/* Wipes and frees a copy of the API key. */
static void
key_free (char *key)
{
  if (key == NULL)
    return;
  memset (key, 0, strlen (key));
  g_free (key);
}

typedef enum
{
  AI_SOURCE_NONE,
  AI_SOURCE_ENV,
  AI_SOURCE_SETTINGS,
} AiSource;

/* The value in force for @key ("base-url" or "model"): the environment
 * variable @env, else the profile's setting. */
static char *
ai_value (Cli        *cli,
          DfProfile  *profile,
          const char *key,
          const char *env,
          AiSource   *source)
{
  const char *value = g_getenv (env);
  char *stored;

  if (value != NULL && *value != '\0')
    {
      *source = AI_SOURCE_ENV;
      return g_strdup (value);
    }

  stored = profile != NULL ? df_ai_settings_get (cli->store, profile->id, key) : NULL;
  *source = stored != NULL ? AI_SOURCE_SETTINGS : AI_SOURCE_NONE;
  return stored;
}

static const char *
ai_source_name (AiSource source)
{
  switch (source)
    {
    case AI_SOURCE_ENV:
      return "environment";
    case AI_SOURCE_SETTINGS:
      return "settings";
    case AI_SOURCE_NONE:
    default:
      return NULL;
    }
}

static char *
ai_source_text (AiSource    source,
                const char *env,
                DfProfile  *profile)
{
  switch (source)
    {
    case AI_SOURCE_ENV:
      /* TRANSLATORS: %s is an environment variable */
      return g_strdup_printf (_("from the environment: %s"), env);
    case AI_SOURCE_SETTINGS:
      /* TRANSLATORS: %s is a profile's name */
      return g_strdup_printf (_("from the settings of profile “%s”"), profile->display_name);
    case AI_SOURCE_NONE:
    default:
      return g_strdup ("");
    }
}

static int
cmd_ai_show (Cli              *cli,
             const CliCommand *cmd,
             char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) key_error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *model = NULL;
  g_autofree char *name = NULL;
  const char *env_key;
  const char *key_source = NULL;
  AiSource url_source, model_source;
  gboolean key_set = FALSE;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &name, N_("Show profile NAME's settings instead of the active one's"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("Shows the AI provider's address, the model and whether an API key is set "
                    "(never the key), and where each comes from: the environment "
                    "(DRAFTFORGE_AI_BASE_URL, DRAFTFORGE_AI_MODEL, DRAFTFORGE_API_KEY) or the "
                    "profile's settings and the keyring."),
                 0, 0, &args, &status) != PARSE_OK)
    return status;

  if (!cli_open (cli, &error))
    return user_error (error);
  if (name != NULL)
    {
      profile = df_profile_get (cli->store, name, &error);
      if (profile == NULL)
        return user_error (error);
    }
  else
    {
      profile = df_profile_get_active (cli->store, &error);
      if (profile == NULL && error != NULL)
        return user_error (error);
    }

  base_url = ai_value (cli, profile, "base-url", "DRAFTFORGE_AI_BASE_URL", &url_source);
  model = ai_value (cli, profile, "model", "DRAFTFORGE_AI_MODEL", &model_source);

  env_key = g_getenv ("DRAFTFORGE_API_KEY");
  if (env_key != NULL && *env_key != '\0')
    {
      key_set = TRUE;
      key_source = "environment";
    }
  else if (base_url != NULL)
    {
      char *key = df_secret_lookup_key (base_url, NULL, &key_error);

      if (key != NULL)
        {
          key_set = TRUE;
          key_source = "keyring";
        }
      key_free (key);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_string (builder, "profile", profile != NULL ? profile->display_name : NULL);
      json_string (builder, "base_url", base_url);
      json_string (builder, "base_url_source", ai_source_name (url_source));
      json_string (builder, "model", model);
      json_string (builder, "model_source", ai_source_name (model_source));
      json_bool (builder, "key_set", key_set);
      json_string (builder, "key_source", key_source);
      json_builder_end_object (builder);
      json_print (builder);
    }
  else
    {
      g_autoptr(Table) table = table_new (2, 0);
      g_autofree char *url_from = ai_source_text (url_source, "DRAFTFORGE_AI_BASE_URL", profile);
      g_autofree char *model_from = ai_source_text (model_source, "DRAFTFORGE_AI_MODEL", profile);
      g_autofree char *url_line = NULL;
      g_autofree char *model_line = NULL;
      const char *key_line;

      if (g_strcmp0 (key_source, "environment") == 0)
        key_line = _("set (from the environment: DRAFTFORGE_API_KEY)");
      else if (key_set)
        key_line = _("set (in the keyring)");
      else
        key_line = _("not set");
      url_line = base_url != NULL ? g_strdup_printf ("%s (%s)", base_url, url_from) : g_strdup (_("not set"));
      model_line = model != NULL ? g_strdup_printf ("%s (%s)", model, model_from) : g_strdup (_("not set"));

      table_add (table, _("Profile:"));
      table_add (table, profile != NULL ? profile->display_name : _("none"));
      table_add (table, _("Base URL:"));
      table_add (table, url_line);
      table_add (table, _("Model:"));
      table_add (table, model_line);
      table_add (table, _("API key:"));
      table_add (table, key_line);
      table_print (table);
      if (base_url == NULL || model == NULL)
        outf (_("Set them with “%s ai set base-url URL” and “%s ai set model NAME”; see docs/ai.md.\n"),
              PROGRAM, PROGRAM);
    }

  if (key_error != NULL)
    {
      g_autofree char *line = error_line (key_error->message);

      fprintf (stderr, "%s: %s\n", PROGRAM, line);
    }

  return EXIT_OK;
}

static int
cmd_ai_set (Cli              *cli,
            const CliCommand *cmd,
            char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *name = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &name, N_("Change profile NAME instead of the active one"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("KEY is base-url (the provider's OpenAI-compatible address, such as "
                    "http://localhost:11434/v1 for a local Ollama) or model (the model's name, "
                    "such as llama3.2).  The API key is set with “ai set-key”."),
                 2, 2, &args, &status) != PARSE_OK)
    return status;

  if (strcmp (args[0], "base-url") != 0 && strcmp (args[0], "model") != 0)
    return usage_error ("ai set", _("KEY must be base-url or model (got “%s”)"), args[0]);

  profile = cli_ai_profile (cli, name, &error);
  if (profile == NULL || !df_ai_settings_set (cli->store, profile->id, args[0], args[1], &error))
    return user_error (error);

  return EXIT_OK;
}

/* Reads one line from standard input without echoing it on a terminal. */
static char *
read_secret_line (GError **error)
{
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  gboolean restore = FALSE;
  GString *line = g_string_new (NULL);
  int c;

  if (tty)
    {
      fprintf (stderr, _("Paste the API key, then press Enter: "));
      fflush (stderr);
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t)ECHO;
          restore = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }

  while ((c = getchar ()) != EOF && c != '\n')
    {
      if (line->len >= 16384)
        break;
      g_string_append_c (line, (char)c);
    }

  if (restore)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  if (tty)
    fputc ('\n', stderr);

  if (line->len >= 16384)
    {
      memset (line->str, 0, line->len);
      g_string_free (line, TRUE);
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("That is too long for an API key; give the key alone, on one line"));
      return NULL;
    }

  {
    char *key = g_string_free (line, FALSE);

    g_strstrip (key);
    if (*key == '\0')
      {
        g_free (key);
        g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                     _("No API key was given; type or pipe the key into “%s ai set-key”"), PROGRAM);
        return NULL;
      }
    return key;
  }
}

/* The base URL in force for the key commands, or an error saying how to
 * set one. */
static char *
cli_key_url (Cli         *cli,
             const char  *name,
             GError     **error)
{
  g_autoptr(DfProfile) profile = NULL;
  const char *env = g_getenv ("DRAFTFORGE_AI_BASE_URL");
  char *url;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  profile = cli_ai_profile (cli, name, error);
  if (profile == NULL)
    return NULL;
  url = df_ai_settings_get (cli->store, profile->id, "base-url");
  if (url == NULL)
    g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_NOT_CONFIGURED,
                 _("Set the provider's address first: %s ai set base-url URL"), PROGRAM);
  return url;
}

static int
cmd_ai_set_key (Cli              *cli,
                const CliCommand *cmd,
                char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  char *key;
  gboolean ok;
  int status;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &name, N_("Use profile NAME's base URL instead of the active one's"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("Reads the API key from standard input (typed without echo, or piped: "
                    "“pass show openai | draftforge-cli ai set-key”) and stores it in the "
                    "keyring (the Secret Service) for the configured base URL.  The key is never "
                    "given as an argument: it would be kept in your shell's history."),
                 0, G_MAXUINT, &args, &status) != PARSE_OK)
    return status;

  /* Never echo the argument: it may well be the key. */
  if (args[0] != NULL)
    return usage_error ("ai set-key",
                        _("the key is not taken as an argument, because it would be saved in your "
                          "shell's history and seen by other programs; type or pipe it into "
                          "“%s ai set-key” instead"), PROGRAM);

  url = cli_key_url (cli, name, &error);
  if (url == NULL)
    return user_error (error);

  key = read_secret_line (&error);
  if (key == NULL)
    return user_error (error);

  ok = df_secret_store_key (url, key, NULL, &error);
  key_free (key);
  if (!ok)
    return user_error (error);

  outf (_("The API key for %s is stored in the keyring.\n"), url);
  return EXIT_OK;
}

static int
cmd_ai_clear_key (Cli              *cli,
                  const CliCommand *cmd,
                  char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &name, N_("Use profile NAME's base URL instead of the active one's"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("Removes the API key stored in the keyring for the configured base URL."),
                 0, 0, &args, &status) != PARSE_OK)
    return status;

  url = cli_key_url (cli, name, &error);
  if (url == NULL || !df_secret_clear_key (url, NULL, &error))
    return user_error (error);

  outf (_("No API key is stored for %s any more.\n"), url);
  return EXIT_OK;
}

static int
cmd_ai_test (Cli              *cli,
             const CliCommand *cmd,
             char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfAiResponse) response = NULL;
  g_autofree char *name = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &name, N_("Test profile NAME's settings instead of the active one's"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("Asks the configured provider and model for a one-word answer and says "
                    "what is wrong if anything is.  The call counts against the credits."),
                 0, 0, &args, &status) != PARSE_OK)
    return status;

  if (!cli_open (cli, &error))
    return user_error (error);
  if (name != NULL)
    profile = df_profile_get (cli->store, name, &error);
  else
    profile = df_profile_get_active (cli->store, &error);
  if (profile == NULL && error != NULL)
    return user_error (error);

  config = df_ai_config_load (cli->store, profile != NULL ? profile->id : NULL, &error);
  if (config == NULL)
    return user_error (error);

  response = df_ai_test (config, cli->store, NULL, &error);
  if (response == NULL)
    return user_error (error);

  outf (_("OK: %s at %s answered in %" PRId64 " ms\n"),
        config->model, config->base_url, response->response_ms);
  return EXIT_OK;
}

/* ---- credits ----------------------------------------------------------- */

static void
json_double (JsonBuilder *builder,
             const char  *key,
             double       value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_double_value (builder, value);
}

/* A non-negative amount of money, strictly parsed. */
static gboolean
parse_amount (const char *text,
              double     *value)
{
  char *end = NULL;

  if (text == NULL || !(g_ascii_isdigit (text[0]) || text[0] == '.'))
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && isfinite (*value) && *value >= 0;
}

static const char *
period_noun (const char *period)
{
  if (g_strcmp0 (period, "daily") == 0)
    return _("day");
  if (g_strcmp0 (period, "weekly") == 0)
    return _("week");
  return _("month");
}

static int
cmd_credits_show (Cli              *cli,
                  const CliCommand *cmd,
                  char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfCredits) credits = NULL;
  g_autofree char *name = NULL;
  gboolean json = FALSE;
  gint64 left = 0;
  int status;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &name, N_("Show profile NAME's credits instead of the active one's"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("Shows the token budget of the current period, what is used, reserved by "
                    "calls still running and left, when the period renews, and the cost cap."),
                 0, 0, &args, &status) != PARSE_OK)
    return status;

  profile = cli_ai_profile (cli, name, &error);
  if (profile == NULL)
    return user_error (error);
  credits = df_credits_get (cli->store, profile->id, &error);
  if (credits == NULL)
    return user_error (error);

  if (credits->token_budget > 0)
    left = MAX (credits->token_budget + credits->bonus_tokens
                - credits->tokens_used - credits->tokens_reserved, 0);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_string (builder, "profile", profile->display_name);
      json_string (builder, "period", credits->period);
      json_string (builder, "period_start", credits->period_start);
      json_string (builder, "period_end", credits->period_end);
      json_int (builder, "token_budget", credits->token_budget);
      json_int (builder, "bonus_tokens", credits->bonus_tokens);
      json_int (builder, "tokens_used", credits->tokens_used);
      json_int (builder, "tokens_reserved", credits->tokens_reserved);
      json_builder_set_member_name (builder, "tokens_left");
      if (credits->token_budget > 0)
        json_builder_add_int_value (builder, left);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "cost_cap");
      if (credits->cost_cap >= 0)
        json_builder_add_double_value (builder, credits->cost_cap);
      else
        json_builder_add_null_value (builder);
      json_double (builder, "cost_used", credits->cost_used);
      json_builder_end_object (builder);
      json_print (builder);
    }
  else
    {
      g_autoptr(Table) table = table_new (2, 0);
      g_autofree char *period = g_strdup_printf (_("%s, from %s (renews on %s)"),
                                                 credits->period, credits->period_start,
                                                 credits->period_end);
      g_autofree char *budget = NULL;
      g_autofree char *cost_cap = NULL;
      g_autofree char *cost_used = g_strdup_printf ("%.4f", credits->cost_used);

      if (credits->token_budget == 0)
        budget = g_strdup (_("no limit"));
      else if (credits->bonus_tokens > 0)
        budget = g_strdup_printf (_("%" PRId64 " tokens a %s, plus %" PRId64 " bonus tokens"),
                                  credits->token_budget, period_noun (credits->period),
                                  credits->bonus_tokens);
      else
        budget = g_strdup_printf (_("%" PRId64 " tokens a %s"),
                                  credits->token_budget, period_noun (credits->period));
      cost_cap = credits->cost_cap >= 0 ? g_strdup_printf ("%.4f", credits->cost_cap)
                                        : g_strdup (_("none"));

      table_add (table, _("Profile:"));
      table_add (table, profile->display_name);
      table_add (table, _("Period:"));
      table_add (table, period);
      table_add (table, _("Budget:"));
      table_add (table, budget);
      table_add (table, _("Used:"));
      table_add_int (table, credits->tokens_used);
      table_add (table, _("Reserved:"));
      table_add_int (table, credits->tokens_reserved);
      table_add (table, _("Left:"));
      if (credits->token_budget > 0)
        table_add_int (table, left);
      else
        table_add (table, _("no limit"));
      table_add (table, _("Cost cap:"));
      table_add (table, cost_cap);
      table_add (table, _("Cost used:"));
      table_add (table, cost_used);
      table_print (table);
    }

  return EXIT_OK;
}

static int
cmd_credits_set_budget (Cli              *cli,
                        const CliCommand *cmd,
                        char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *name = NULL;
  g_autofree char *period = NULL;
  g_autofree char *message = NULL;
  gint64 tokens;
  int status;
  const GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, N_("The budget's period: daily, weekly (from Monday) or monthly (from the 1st)"), N_("PERIOD") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &name, N_("Change profile NAME instead of the active one"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("Sets the tokens the AI helpers may use each period (0: no limit).  "
                    "Without --period the period stays as it is (monthly at first)."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  if (!parse_number ("TOKENS", args[0], 0, G_MAXINT64, &tokens, &message))
    return usage_error ("credits set-budget", "%s", message);

  profile = cli_ai_profile (cli, name, &error);
  if (profile == NULL || !df_credits_set_budget (cli->store, profile->id, tokens, period, &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_credits_set_cost_cap (Cli              *cli,
                          const CliCommand *cmd,
                          char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *name = NULL;
  double cap = -1;
  int status;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &name, N_("Change profile NAME instead of the active one"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("Sets the most the AI helpers may cost each period, in the currency of "
                    "your prices (see “credits set-price”), or removes the cap with “none”."),
                 1, 1, &args, &status) != PARSE_OK)
    return status;

  if (strcmp (args[0], "none") != 0 && !parse_amount (args[0], &cap))
    return usage_error ("credits set-cost-cap",
                        _("AMOUNT must be a number, 0 or more, or none (got “%s”)"), args[0]);

  profile = cli_ai_profile (cli, name, &error);
  if (profile == NULL || !df_credits_set_cost_cap (cli->store, profile->id, cap, &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_credits_set_price (Cli              *cli,
                       const CliCommand *cmd,
                       char            **args)
{
  g_autoptr(GError) error = NULL;
  double prompt_price, completion_price;
  int status;

  if (cli_parse (cmd, NULL,
                 N_("Sets what 1,000 tokens of MODEL cost, for the prompt and for the answer, "
                    "as your provider lists them; the cost cap counts with these prices."),
                 3, 3, &args, &status) != PARSE_OK)
    return status;

  if (!parse_amount (args[1], &prompt_price))
    return usage_error ("credits set-price",
                        _("PROMPT_PER_1K must be a number, 0 or more (got “%s”)"), args[1]);
  if (!parse_amount (args[2], &completion_price))
    return usage_error ("credits set-price",
                        _("COMPLETION_PER_1K must be a number, 0 or more (got “%s”)"), args[2]);

  if (!cli_open (cli, &error) ||
      !df_credits_set_price (cli->store, args[0], prompt_price, completion_price, &error))
    return user_error (error);

  return EXIT_OK;
}

static int
cmd_credits_history (Cli              *cli,
                     const CliCommand *cmd,
                     char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *name = NULL;
  g_autofree char *limit_text = NULL;
  gint64 limit = 20;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_STRING, &limit_text, N_("At most N calls (default: 20; 0: all)"), N_("N") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &name, N_("Show profile NAME's calls instead of the active one's"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries,
                 N_("Lists the AI calls, newest first: when, which helper, the model, the "
                    "tokens (~ marks an estimate), the cost, and how it went."),
                 0, 0, &args, &status) != PARSE_OK)
    return status;

  if (limit_text != NULL)
    {
      g_autofree char *message = NULL;

      if (!parse_number ("--limit", limit_text, 0, 100000, &limit, &message))
        return usage_error ("credits history", "%s", message);
    }

  profile = cli_ai_profile (cli, name, &error);
  if (profile == NULL)
    return user_error (error);
  calls = df_usage_history (cli->store, profile->id, (guint)limit, &error);
  if (calls == NULL)
    return user_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < calls->len; i++)
        {
          DfUsage *u = calls->pdata[i];

          json_builder_begin_object (builder);
          json_int (builder, "id", u->id);
          json_string (builder, "created_at", u->created_at);
          json_string (builder, "agent", u->agent);
          json_string (builder, "model", u->model);
          json_string (builder, "provider", u->provider);
          json_int (builder, "prompt_tokens", u->prompt_tokens);
          json_int (builder, "completion_tokens", u->completion_tokens);
          json_bool (builder, "tokens_estimated", u->tokens_estimated);
          json_double (builder, "cost", u->cost);
          json_string (builder, "status", u->status);
          json_string (builder, "error", u->error);
          json_int (builder, "response_time_ms", u->response_time_ms);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_print (builder);
    }
  else if (calls->len == 0)
    out (_("No AI calls yet.\n"));
  else
    {
      g_autoptr(Table) table = table_new (7, 1u << 3 | 1u << 4);

      table_add (table, _("DATE"));
      table_add (table, _("AGENT"));
      table_add (table, _("MODEL"));
      table_add (table, _("TOKENS"));
      table_add (table, _("COST"));
      table_add (table, _("STATUS"));
      table_add (table, _("ERROR"));
      for (guint i = 0; i < calls->len; i++)
        {
          DfUsage *u = calls->pdata[i];
          g_autofree char *when = short_time (u->created_at);
          g_autofree char *tokens = g_strdup_printf ("%s%" PRId64, u->tokens_estimated ? "~" : "",
                                                     u->prompt_tokens + u->completion_tokens);
          g_autofree char *cost = g_strdup_printf ("%.4f", u->cost);

          table_add (table, when);
          table_add (table, u->agent);
          table_add (table, or_dash (u->model));
          table_add (table, tokens);
          table_add (table, cost);
          table_add (table, u->status);
          table_add (table, or_dash (u->error));
        }
      table_print (table);
    }

  return EXIT_OK;
}

/* ---- the coach and tasks ------------------------------------------------ */

static void
coach_print_delta (const char *delta,
                   gpointer    data)
{
  gboolean *any = data;

  fputs (delta, stdout);
  fflush (stdout);
  *any = TRUE;
}

/* The coach's answer failed for want of a provider: say how to set one
 * up, and give the suggestions that need no model. */
static int
coach_setup_error (Cli          *cli,
                   gint64        project_id,
                   const GError *error)
{
  g_autofree char *suggestions = df_coach_suggestions (cli->store, project_id, NULL);
  g_autofree char *setup = error_line (df_coach_setup_text ());

  if (suggestions != NULL)
    outf ("%s\n", suggestions);
  fprintf (stderr, "%s: %s\n", PROGRAM, setup);
  return user_error (error);
}

static DfAiConfig *
coach_config (Cli         *cli,
              GError     **error)
{
  g_autoptr(DfProfile) profile = df_profile_get_active (cli->store, NULL);
  g_autoptr(DfAiConfig) config = df_ai_config_load (cli->store, profile ? profile->id : NULL, error);

  if (config == NULL)
    return NULL;
  if (config->base_url == NULL || *config->base_url == '\0' ||
      config->model == NULL || *config->model == '\0')
    {
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_NOT_CONFIGURED,
                   _("No AI provider is set up (a base URL and a model are needed)"));
      return NULL;
    }
  return g_steal_pointer (&config);
}

static int
cmd_coach_ask (Cli              *cli,
               const CliCommand *cmd,
               char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfChatMessage) question = NULL;
  g_autoptr(DfChatMessage) reply = NULL;
  g_autoptr(DfChatMessage) prompt = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(DfAiResponse) response = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *text = NULL;
  DfAiRequest request = { 0 };
  gboolean any = FALSE;
  int status;

  if (cli_parse (cmd, NULL, NULL, 2, 2, &args, &status) != PARSE_OK)
    return status;

  text = g_strstrip (g_strdup (args[1]));
  if (*text == '\0')
    return usage_error ("coach ask", _("the question is empty"));

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL)
    return user_error (error);

  config = coach_config (cli, &error);
  if (config == NULL)
    return df_coach_is_setup_error (error) ? coach_setup_error (cli, project->id, error) : user_error (error);

  question = df_coach_add_user_message (cli->store, project->id, text, &error);
  if (question == NULL)
    return user_error (error);
  messages = df_coach_build_messages (cli->store, project->id, &error);
  if (messages == NULL)
    return user_error (error);

  profile = df_profile_get_active (cli->store, NULL);
  request.agent = "coach";
  request.profile_id = profile ? profile->id : NULL;
  request.project_id = project->id;
  request.messages = messages;
  request.temperature = -1;

  response = df_ai_complete (config, cli->store, &request, coach_print_delta, &any, NULL, &error);
  if (response == NULL)
    {
      if (any)
        out ("\n");
      return df_coach_is_setup_error (error) ? coach_setup_error (cli, project->id, error) : user_error (error);
    }

  /* The whole answer even when the provider did not stream. */
  if (!any && response->content != NULL)
    out (response->content);
  out ("\n");

  reply = df_coach_add_reply (cli->store, project->id,
                              response->content && *response->content ? response->content : "…",
                              &prompt, &error);
  if (reply == NULL)
    return user_error (error);
  if (prompt != NULL)
    outf ("\n%s\n", prompt->content);

  return EXIT_OK;
}

static int
cmd_coach_history (Cli              *cli,
                   const CliCommand *cmd,
                   char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries, NULL, 1, 1, &args, &status) != PARSE_OK)
    return status;

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL)
    return user_error (error);
  list = df_chat_list (cli->store, project->id, 0, &error);
  if (list == NULL)
    return user_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        {
          DfChatMessage *m = list->pdata[i];

          json_builder_begin_object (builder);
          json_int (builder, "id", m->id);
          json_string (builder, "sender", m->sender);
          json_string (builder, "content", m->content);
          json_bool (builder, "is_profiling_prompt", m->is_profiling_prompt);
          json_builder_set_member_name (builder, "reply_to");
          if (m->reply_to > 0)
            json_builder_add_int_value (builder, m->reply_to);
          else
            json_builder_add_null_value (builder);
          json_string (builder, "created_at", m->created_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_print (builder);
      return EXIT_OK;
    }

  for (guint i = 0; i < list->len; i++)
    {
      DfChatMessage *m = list->pdata[i];
      g_autofree char *when = short_time (m->created_at);

      outf ("%s%s  %s\n%s\n", i > 0 ? "\n" : "",
            strcmp (m->sender, "coach") == 0 ? _("Coach") : _("You"), when, m->content);
    }
  return EXIT_OK;
}

static int
cmd_coach_plan (Cli              *cli,
                const CliCommand *cmd,
                char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfPlan) plan = NULL;
  g_autofree char *summary = NULL;
  int status;

  if (cli_parse (cmd, NULL, NULL, 1, 1, &args, &status) != PARSE_OK)
    return status;

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL)
    return user_error (error);
  config = coach_config (cli, &error);
  if (config == NULL)
    return df_coach_is_setup_error (error) ? coach_setup_error (cli, project->id, error) : user_error (error);

  plan = df_coach_request_plan (config, cli->store, project->id, NULL, NULL, &error);
  if (plan == NULL)
    return df_coach_is_setup_error (error) ? coach_setup_error (cli, project->id, error) : user_error (error);

  summary = df_coach_plan_summary (cli->store, plan);
  outf ("%s\n", summary);
  return EXIT_OK;
}

static int
cmd_tasks (Cli              *cli,
           const CliCommand *cmd,
           char            **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  gboolean all = FALSE;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Also list completed and skipped tasks"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (cli_parse (cmd, entries, NULL, 1, 3, &args, &status) != PARSE_OK)
    return status;

  if (g_strv_length (args) == 2)
    return usage_error ("tasks", _("missing argument; expected complete or skip after the task's number"));

  if (g_strv_length (args) == 3)
    {
      g_autoptr(DfTask) task = NULL;
      gint64 n;
      const char *new_status;

      if (!cmd_number (cmd, _("the task's number"), args[1], &n, &status))
        return status;
      if (strcmp (args[2], "complete") == 0)
        new_status = "completed";
      else if (strcmp (args[2], "skip") == 0)
        new_status = "skipped";
      else
        return usage_error ("tasks", _("expected complete or skip (got “%s”)"), args[2]);

      project = cli_project (cli, args[0], FALSE, &error);
      if (project == NULL)
        return user_error (error);
      if (df_task_mark_overdue (cli->store, project->id, &error) < 0)
        return user_error (error);
      task = df_task_get (cli->store, project->id, n, &error);
      if (task == NULL || !df_task_set_status (cli->store, task->id, new_status, &error))
        return user_error (error);
      return EXIT_OK;
    }

  project = cli_project (cli, args[0], FALSE, &error);
  if (project == NULL)
    return user_error (error);
  /* Pending tasks whose day has passed are missed. */
  if (df_task_mark_overdue (cli->store, project->id, &error) < 0)
    return user_error (error);
  tasks = df_task_list (cli->store, project->id, all, &error);
  if (tasks == NULL)
    return user_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < tasks->len; i++)
        {
          DfTask *t = tasks->pdata[i];

          json_builder_begin_object (builder);
          json_int (builder, "number", t->position);
          json_int (builder, "plan_id", t->plan_id);
          json_string (builder, "description", t->description);
          json_string (builder, "due_date", t->due_date);
          json_string (builder, "status", t->status);
          json_string (builder, "completed_at", t->completed_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_print (builder);
    }
  else if (tasks->len == 0)
    outf (all ? _("No tasks yet; ask the coach for a plan with “%s coach plan %s”.\n")
              : _("No pending tasks; see them all with “%s tasks %s --all”.\n"),
          PROGRAM, project->slug);
  else
    {
      g_autoptr(Table) table = table_new (4, 1u << 0);

      table_add (table, "#");
      table_add (table, _("DUE"));
      table_add (table, _("STATUS"));
      table_add (table, _("TASK"));
      for (guint i = 0; i < tasks->len; i++)
        {
          DfTask *t = tasks->pdata[i];
          g_autofree char *description = one_line (t->description);

          table_add_int (table, t->position);
          table_add (table, or_dash (t->due_date));
          table_add (table, t->status);
          table_add (table, description);
        }
      table_print (table);
    }
  return EXIT_OK;
}

/* ---- the command table ------------------------------------------------- */

static const CliCommand commands[] = {
  { NULL, "import", N_("PATH"), N_("Import a manuscript or a project folder as a new project"), cmd_import },
  { "project", "list", "", N_("List the projects"), cmd_project_list },
  { "project", "show", N_("SLUG"), N_("Show a project"), cmd_project_show },
  { "project", "new", N_("TITLE"), N_("Create a project"), cmd_project_new },
  { "project", "rename", N_("SLUG TITLE"), N_("Change a project's title"), cmd_project_rename },
  { "project", "set", N_("SLUG KEY VALUE"), N_("Change a project's setting"), cmd_project_set },
  { "project", "delete", N_("SLUG"), N_("Move a project to the trash"), cmd_project_delete },
  { "project", "restore", N_("SLUG"), N_("Bring a project back from the trash"), cmd_project_restore },
  { "project", "purge", N_("SLUG"), N_("Remove a project in the trash for good"), cmd_project_purge },
  { "part", "list", N_("SLUG"), N_("List a project's parts"), cmd_part_list },
  { "part", "add", N_("SLUG TITLE"), N_("Add a part at the end of the book"), cmd_part_add },
  { "part", "rename", N_("SLUG N TITLE"), N_("Change a part's title"), cmd_part_rename },
  { "part", "set", N_("SLUG N KEY VALUE"), N_("Change a part's setting"), cmd_part_set },
  { "part", "delete", N_("SLUG N"), N_("Delete a part, keeping its chapters"), cmd_part_delete },
  { "chapter", "list", N_("SLUG"), N_("List a project's chapters in book order"), cmd_chapter_list },
  { "chapter", "cat", N_("SLUG N"), N_("Print a chapter's Markdown"), cmd_chapter_cat },
  { "chapter", "write", N_("SLUG N [FILE]"), N_("Replace a chapter's Markdown"), cmd_chapter_write },
  { "chapter", "add", N_("SLUG TITLE"), N_("Add a chapter"), cmd_chapter_add },
  { "chapter", "rename", N_("SLUG N TITLE"), N_("Change a chapter's title"), cmd_chapter_rename },
  { "chapter", "set", N_("SLUG N KEY VALUE"), N_("Change a chapter's setting"), cmd_chapter_set },
  { "chapter", "move", N_("SLUG N TO"), N_("Move a chapter to another position"), cmd_chapter_move },
  { "chapter", "delete", N_("SLUG N"), N_("Delete a chapter"), cmd_chapter_delete },
  { "chapter", "revisions", N_("SLUG N"), N_("List a chapter's earlier versions"), cmd_chapter_revisions },
  { "chapter", "deleted", N_("SLUG"), N_("List the chapters deleted from a project"), cmd_chapter_deleted },
  { "chapter", "undelete", N_("SLUG REVISION"), N_("Bring back a deleted chapter"), cmd_chapter_undelete },
  { NULL, "export-folder", N_("SLUG DIR"), N_("Write a project as a folder of Markdown files"), cmd_export_folder },
  { NULL, "search", N_("SLUG QUERY"), N_("Search a project's chapters"), cmd_search },
  { NULL, "stats", N_("SLUG"), N_("Show a project's writing statistics"), cmd_stats },
  { "profile", "new", N_("NAME"), N_("Create a reader profile"), cmd_profile_new },
  { "profile", "list", "", N_("List the profiles"), cmd_profile_list },
  { "profile", "use", N_("NAME"), N_("Make a profile the active one"), cmd_profile_use },
  { "profile", "show", N_("[NAME]"), N_("Show a profile"), cmd_profile_show },
  { "profile", "set", N_("KEY VALUE"), N_("Change a profile's setting"), cmd_profile_set },
  { NULL, "progress", N_("SLUG [N start|complete | continue]"), N_("Show or record reading progress"), cmd_progress },
  { NULL, "export", N_("SLUG"), N_("Write a project as EPUB, PDF, DOCX, HTML, Markdown or a plugin's format"), cmd_export },
  { "plugin", "list", "", N_("List the plugins"), cmd_plugin_list },
  { "plugin", "info", N_("ID"), N_("Show a plugin"), cmd_plugin_info },
  { "plugin", "install", N_("PATH"), N_("Install a plugin folder or archive"), cmd_plugin_install },
  { "plugin", "remove", N_("ID"), N_("Remove a plugin you installed"), cmd_plugin_remove },
  { "plugin", "enable", N_("ID"), N_("Enable a plugin"), cmd_plugin_enable },
  { "plugin", "disable", N_("ID"), N_("Disable a plugin"), cmd_plugin_disable },
  { "ai", "show", "", N_("Show the AI provider, model and whether a key is set"), cmd_ai_show },
  { "ai", "set", N_("KEY VALUE"), N_("Set the AI provider's base-url or model"), cmd_ai_set },
  { "ai", "set-key", "", N_("Store the API key, read from standard input, in the keyring"), cmd_ai_set_key },
  { "ai", "clear-key", "", N_("Remove the API key from the keyring"), cmd_ai_clear_key },
  { "ai", "test", "", N_("Check that the AI provider and model answer"), cmd_ai_test },
  { "credits", "show", "", N_("Show the AI token budget, what is used and what is left"), cmd_credits_show },
  { "credits", "set-budget", N_("TOKENS"), N_("Set the AI token budget per period (0: no limit)"), cmd_credits_set_budget },
  { "credits", "set-cost-cap", N_("AMOUNT|none"), N_("Set or remove the AI cost cap per period"), cmd_credits_set_cost_cap },
  { "credits", "set-price", N_("MODEL PROMPT_PER_1K COMPLETION_PER_1K"), N_("Set a model's price per 1,000 tokens"), cmd_credits_set_price },
  { "credits", "history", "", N_("List the AI calls and what they cost"), cmd_credits_history },
  { "coach", "ask", N_("SLUG QUESTION"), N_("Ask the writing coach about a project; the answer streams out"), cmd_coach_ask },
  { "coach", "history", N_("SLUG"), N_("Show the conversation with the coach about a project"), cmd_coach_history },
  { "coach", "plan", N_("SLUG"), N_("Ask the coach for a writing plan with dated tasks"), cmd_coach_plan },
  { NULL, "tasks", N_("SLUG [N complete|skip]"), N_("List a project's tasks, or complete or skip one"), cmd_tasks },
};

static gboolean
is_group (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (commands[i].group != NULL && strcmp (commands[i].group, name) == 0)
      return TRUE;
  return FALSE;
}

static void
print_commands (const char *group)
{
  g_autoptr(Table) table = table_new (2, 0);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const CliCommand *cmd = &commands[i];
      g_autofree char *path = NULL;
      g_autofree char *usage = NULL;

      if (group != NULL && g_strcmp0 (cmd->group, group) != 0)
        continue;

      path = command_path (cmd);
      usage = *cmd->params != '\0' ? g_strdup_printf ("  %s %s", path, _(cmd->params))
                                   : g_strdup_printf ("  %s", path);
      table_add (table, usage);
      table_add (table, _(cmd->summary));
    }
  table_print (table);
}

static void
print_help (void)
{
  outf (_("Usage:\n  %s [--db PATH] COMMAND [ARGUMENT…]\n\n"), PROGRAM);
  out (_("Write, organize and read books kept in the DraftForge database.\n\n"));
  out (_("Commands:\n"));
  print_commands (NULL);
  out ("\n");
  out (_("Options (before the command):\n"));
  out (_("  --db PATH       The database to use (default: $DRAFTFORGE_DB, else\n"
         "                  $XDG_DATA_HOME/draftforge/draftforge.db)\n"));
  out (_("  --version       Print the version and exit\n"));
  out (_("  -h, --help      Show this help and exit\n\n"));
  outf (_("Run “%s COMMAND --help” for a command's options.\n"), PROGRAM);
  out (_("Exit status: 0 success, 1 the command failed, 2 bad usage.\n"));
}

static void
print_group_help (const char *group)
{
  outf (_("Usage:\n  %s [--db PATH] %s COMMAND [ARGUMENT…]\n\n"), PROGRAM, group);
  out (_("Commands:\n"));
  print_commands (group);
  out ("\n");
  outf (_("Run “%s %s COMMAND --help” for a command's options.\n"), PROGRAM, group);
}

static int
run (Cli   *cli,
     int    argc,
     char **argv)
{
  const char *name;
  const char *sub = NULL;
  int i = 1;

  for (; i < argc; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--db") == 0)
        {
          if (i + 1 >= argc || *argv[i + 1] == '\0')
            return usage_error (NULL, _("--db needs a PATH"));
          cli->db_path = argv[++i];
        }
      else if (g_str_has_prefix (arg, "--db="))
        {
          if (arg[5] == '\0')
            return usage_error (NULL, _("--db needs a PATH"));
          cli->db_path = arg + 5;
        }
      else if (strcmp (arg, "--version") == 0)
        {
          outf ("%s %s\n", PROGRAM, PACKAGE_VERSION);
          return EXIT_OK;
        }
      else if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0)
        {
          print_help ();
          return EXIT_OK;
        }
      else if (arg[0] == '-' && arg[1] != '\0')
        return usage_error (NULL, _("unknown option “%s”"), arg);
      else
        break;
    }

  if (i >= argc)
    return usage_error (NULL, _("missing command"));

  name = argv[i++];

  if (strcmp (name, "help") == 0)
    {
      if (i >= argc)
        {
          print_help ();
          return EXIT_OK;
        }
      if (is_group (argv[i]) && i + 1 >= argc)
        {
          print_group_help (argv[i]);
          return EXIT_OK;
        }
      /* "help project list" runs "project list --help". */
      {
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
        g_auto(GStrv) again = NULL;

        g_strv_builder_add (builder, argv[0]);
        for (int j = i; j < argc; j++)
          g_strv_builder_add (builder, argv[j]);
        g_strv_builder_add (builder, "--help");
        again = g_strv_builder_end (builder);
        return run (cli, (int)g_strv_length (again), again);
      }
    }

  if (is_group (name))
    {
      if (i >= argc)
        return usage_error (name, _("missing command after “%s”"), name);
      sub = argv[i++];
      if (strcmp (sub, "--help") == 0 || strcmp (sub, "-h") == 0)
        {
          print_group_help (name);
          return EXIT_OK;
        }
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      const CliCommand *cmd = &commands[c];

      if (g_strcmp0 (cmd->group, sub != NULL ? name : NULL) == 0 &&
          strcmp (cmd->name, sub != NULL ? sub : name) == 0)
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) args = NULL;

          for (int j = i; j < argc; j++)
            g_strv_builder_add (builder, argv[j]);
          args = g_strv_builder_end (builder);
          return cmd->func (cli, cmd, args);
        }
    }

  if (sub != NULL)
    return usage_error (name, _("unknown command “%s %s”"), name, sub);
  return usage_error (NULL, _("unknown command “%s”"), name);
}

int
main (int    argc,
      char **argv)
{
  Cli cli = { 0 };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  status = run (&cli, argc, argv);

  g_clear_object (&cli.store);
  g_clear_pointer (&positional_args, g_strfreev);

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      int saved = errno;

      fprintf (stderr, "%s: ", PROGRAM);
      fprintf (stderr, _("Could not write the output: %s"), g_strerror (saved));
      fputc ('\n', stderr);
      return EXIT_USER;
    }

  return status;
}
