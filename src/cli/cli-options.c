/* cli-options.c: a command's options and arguments, and strict numbers
 *
 * Every command's options are parsed here from its row of the command
 * table, with --help added, so that help and usage errors look the same
 * everywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"

G_DEFINE_QUARK (draftforge-cli-error-quark, cli_error)

static void
set_error_va (GError     **error,
              CliError     code,
              const char  *format,
              va_list      args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  g_set_error_literal (error, CLI_ERROR, code, message);
}

/* Bad usage: exit status 2, and a hint to the command's --help. */
void
cli_usage_error (GError     **error,
                 const char  *format,
                 ...)
{
  va_list args;

  va_start (args, format);
  set_error_va (error, CLI_ERROR_USAGE, format, args);
  va_end (args);
}

/* The command could not be done: exit status 1. */
void
cli_failed (GError     **error,
            const char  *format,
            ...)
{
  va_list args;

  va_start (args, format);
  set_error_va (error, CLI_ERROR_FAILED, format, args);
  va_end (args);
}

char *
cli_command_path (const CliCommand *command)
{
  if (command->group != NULL && command->name != NULL)
    return g_strdup_printf ("%s %s", command->group, command->name);
  return g_strdup (command->name != NULL ? command->name : command->group);
}

static GOptionContext *
command_context (const CliCommand   *command,
                 const GOptionEntry *help_entries)
{
  const CliBuiltin *builtin = command->builtin;
  GOptionContext *context = g_option_context_new (builtin->params);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_summary (context, command->summary);
  if (builtin->description != NULL)
    g_option_context_set_description (context, builtin->description);
  if (builtin->options != NULL)
    g_option_context_add_main_entries (context, builtin->options, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, help_entries, GETTEXT_PACKAGE);
  return context;
}

/* The words left after the options, without the first "--" (GOption
 * leaves it in place; what follows it is taken as it is). */
static GStrv
positional (char **argv)
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
  return g_strv_builder_end (rest);
}

/* Parses @command's options from @argv (the words after the command),
 * into the option variables its entries point to, and checks the count
 * of positional arguments.  With --help, prints the help and sets
 * *help_shown.  *args_out holds the positional arguments. */
gboolean
cli_parse_command (const CliCommand   *command,
                   char              **argv,
                   char             ***args_out,
                   gboolean           *help_shown,
                   GError            **error)
{
  g_autofree char *path = cli_command_path (command);
  g_autofree char *prgname = g_strdup_printf ("%s %s", CLI_PROGRAM, path);
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) words = NULL;
  g_auto(GStrv) args = NULL;
  gboolean help = FALSE;
  guint n_args;
  const GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help and exit"), NULL },
    G_OPTION_ENTRY_NULL
  };

  g_strv_builder_add (builder, prgname);
  g_strv_builder_addv (builder, (const char **)argv);
  words = g_strv_builder_end (builder);

  /* The usage line reads "draftforge-cli project list [OPTION…] SLUG". */
  g_set_prgname (prgname);
  context = command_context (command, help_entries);

  if (!g_option_context_parse_strv (context, &words, &local_error))
    {
      cli_usage_error (error, "%s", local_error->message);
      return FALSE;
    }

  *help_shown = help;
  if (help)
    {
      g_autofree char *text = g_option_context_get_help (context, TRUE, NULL);

      cli_out (text);
      return TRUE;
    }

  args = positional (words);
  n_args = g_strv_length (args);
  if (n_args < command->builtin->min_args)
    {
      /* TRANSLATORS: %s lists the arguments, such as "SLUG N TITLE" */
      cli_usage_error (error, _("missing argument; expected %s"), _(command->builtin->params));
      return FALSE;
    }
  if (n_args > command->builtin->max_args)
    {
      cli_usage_error (error, _("unexpected argument “%s”"), args[command->builtin->max_args]);
      return FALSE;
    }

  *args_out = g_steal_pointer (&args);
  return TRUE;
}

/* Frees what the options of a command that has run hold, and resets
 * them. */
void
cli_clear_options (const GOptionEntry *options)
{
  for (guint i = 0; options != NULL && options[i].long_name != NULL; i++)
    switch (options[i].arg)
      {
      case G_OPTION_ARG_STRING:
      case G_OPTION_ARG_FILENAME:
        g_clear_pointer ((char **)options[i].arg_data, g_free);
        break;
      case G_OPTION_ARG_STRING_ARRAY:
        g_clear_pointer ((char ***)options[i].arg_data, g_strfreev);
        break;
      case G_OPTION_ARG_NONE:
        *(gboolean *)options[i].arg_data = FALSE;
        break;
      default:
        g_assert_not_reached ();
      }
}

/* Parses a whole number strictly: digits only, within [min, max]; a usage
 * error otherwise, naming @what. */
gboolean
cli_parse_number (const char  *what,
                  const char  *text,
                  gint64       min,
                  gint64       max,
                  gint64      *value,
                  GError     **error)
{
  const char *shown = text != NULL ? text : "";

  if (text != NULL && g_ascii_isdigit (text[0]) &&
      g_ascii_string_to_signed (text, 10, min, max, value, NULL))
    return TRUE;

  if (max != G_MAXINT64)
    cli_usage_error (error, _("%s must be a whole number from %d to %d (got “%s”)"),
                     what, (int)min, (int)max, shown);
  else if (min >= 1)
    cli_usage_error (error, _("%s must be a positive whole number (got “%s”)"), what, shown);
  else
    cli_usage_error (error, _("%s must be a whole number, 0 or more (got “%s”)"), what, shown);
  return FALSE;
}

/* Parses a non-negative amount of money strictly (or "none", -1, when
 * @none_allowed); a usage error otherwise, naming @what. */
gboolean
cli_parse_amount (const char  *what,
                  const char  *text,
                  gboolean     none_allowed,
                  double      *value,
                  GError     **error)
{
  char *end = NULL;

  if (none_allowed && g_strcmp0 (text, "none") == 0)
    {
      *value = -1;
      return TRUE;
    }

  if (text != NULL && (g_ascii_isdigit (text[0]) || text[0] == '.'))
    {
      *value = g_ascii_strtod (text, &end);
      if (end != NULL && *end == '\0' && isfinite (*value) && *value >= 0)
        return TRUE;
    }

  if (none_allowed)
    cli_usage_error (error, _("%s must be a number, 0 or more, or none (got “%s”)"), what, text);
  else
    cli_usage_error (error, _("%s must be a number, 0 or more (got “%s”)"), what, text);
  return FALSE;
}
