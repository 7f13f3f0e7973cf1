/* cli-output.c: what the command line writes
 *
 * Everything goes out as UTF-8, unconverted (g_print would transliterate
 * in a non-UTF-8 locale, and `chapter cat` must be byte for byte).
 *
 * Text for people (tables, details, messages, on stdout and stderr) shows
 * the characters that could make it lie, such as U+202E RIGHT-TO-LEFT
 * OVERRIDE reversing a name, as <U+202E>; the JSON keeps the real text,
 * and `chapter cat` the bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"

gboolean cli_opt_json;

const GOptionEntry cli_json_options[] = {
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

/* Characters that change how the text around them reads, or are not
 * text: the bidi controls, and the control characters (C0, DEL, C1). */
static gboolean
is_hidden (gunichar c)
{
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
         c == 0x061c || c == 0x200e || c == 0x200f ||
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* @text for people: each hidden character shown by its code (U+202E as
 * "<U+202E>"), bytes that are not UTF-8 as U+FFFD.  Text of several
 * lines keeps its newlines and tabs; on @one_line (a table's cell, a
 * message) a newline becomes a space and a tab shows too. */
static char *
visible (const char *text,
         gboolean    one_line)
{
  GString *shown = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          g_string_append_unichar (shown, 0xfffd);
          p++;
          continue;
        }
      if (c == '\n' && one_line)
        g_string_append_c (shown, ' ');
      else if (is_hidden (c) && (one_line || (c != '\n' && c != '\t')))
        g_string_append_printf (shown, "<U+%04X>", c);
      else
        g_string_append_len (shown, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }

  return g_string_free (shown, FALSE);
}

/* Writes text for people, hidden characters shown. */
void
cli_out (const char *text)
{
  g_autofree char *shown = visible (text, FALSE);

  fputs (shown, stdout);
}

/* Writes @text exactly as it is (a chapter's Markdown), with no newline
 * added. */
void
cli_out_exact (const char *text)
{
  if (text != NULL)
    fwrite (text, 1, strlen (text), stdout);
}

void
cli_outf (const char *format,
          ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  cli_out (text);
}

void
cli_pad (gsize n)
{
  for (gsize i = 0; i < n; i++)
    fputc (' ', stdout);
}

/* A note on stderr that is not an error: "draftforge-cli: MESSAGE". */
void
cli_note (const char *format,
          ...)
{
  va_list args;
  g_autofree char *message = NULL;
  g_autofree char *line = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  line = cli_error_line (message);
  fprintf (stderr, "%s: %s\n", CLI_PROGRAM, line);
}

/* @text for people on one line (a table's cell, a message): newlines
 * become spaces, and hidden characters show. */
char *
cli_one_line (const char *text)
{
  return visible (text, TRUE);
}

/* A message on one line, without spaces around it. */
char *
cli_error_line (const char *message)
{
  g_autofree char *flat = cli_one_line (message);

  return g_strstrip (g_steal_pointer (&flat));
}

/* "2024-05-01T10:20:30Z" -> "2024-05-01 10:20"; "-" for NULL */
char *
cli_short_time (const char *iso)
{
  char *copy;

  if (iso == NULL)
    return g_strdup ("-");

  copy = g_strndup (iso, 16);
  if (strlen (copy) > 10 && copy[10] == 'T')
    copy[10] = ' ';
  return copy;
}

const char *
cli_or_dash (const char *text)
{
  return (text != NULL && *text != '\0') ? text : "-";
}

/* Valid JSON text from what json-glib's generator wrote: text that is
 * not UTF-8 (a file name) shows with U+FFFD, and every raw control
 * character is escaped.  json-glib 1.6 leaves U+001F raw in strings,
 * which RFC 8259 forbids; outside strings the generator writes none but
 * the line breaks of its layout. */
static char *
json_repair (const char *generated,
             gssize      length)
{
  g_autofree char *valid = g_utf8_make_valid (generated, length);
  GString *text = g_string_sized_new (strlen (valid) + 1);

  for (const char *p = valid; *p != '\0'; p++)
    {
      if ((guchar)*p < 0x20 && *p != '\n')
        g_string_append_printf (text, "\\u%04x", (guchar)*p);
      else
        g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

/* Pretty-printed JSON (two-space indent) and a newline: valid JSON
 * whatever the text in it holds. */
void
cli_json_print (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *generated = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  generated = json_generator_to_data (generator, &length);
  text = json_repair (generated, (gssize)length);
  fputs (text, stdout);
  fputc ('\n', stdout);
}
