/* df-style-figures.c: the style checker's report as CSV and JSON text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-style-figures"

#include "config.h"

#include <string.h>

#include "df-style-figures.h"

static const char *const categories[] = {
  "passive", "weasel", "adverb", "cliche", "wordiness", "repetition", "dialogue", "filter",
  "typography", "readability",
};

static const char *const figures[] = {
  "words", "sentences", "flesch", "grade", "sentence_mean", "sentence_stdev", "word_length",
  "passive_rate", "adverb_rate",
};

/* A figure as the CSV shows it: a count as it is, a rate with two
 * decimals. */
static void
append_figure (GString    *line,
               JsonObject *row,
               const char *name)
{
  JsonNode *node = json_object_get_member (row, name);

  g_string_append_c (line, ',');
  if (node == NULL)
    return;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    g_string_append_printf (line, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    g_string_append_printf (line, "%.2f", json_node_get_double (node));
}

char *
df_style_figures_csv (JsonObject *report)
{
  JsonArray *chapters = json_object_get_array_member (report, "chapters");
  GString *csv = g_string_new ("chapter,title");

  for (guint f = 0; f < G_N_ELEMENTS (figures); f++)
    g_string_append_printf (csv, ",%s", figures[f]);
  for (guint c = 0; c < G_N_ELEMENTS (categories); c++)
    g_string_append_printf (csv, ",%s", categories[c]);
  g_string_append_c (csv, '\n');
  for (guint i = 0; chapters != NULL && i < json_array_get_length (chapters); i++)
    {
      JsonObject *row = json_array_get_object_element (chapters, i);
      JsonObject *findings = json_object_get_object_member (row, "findings");
      const char *title = json_object_get_string_member_with_default (row, "title", "");

      g_string_append_printf (csv, "%" G_GINT64_FORMAT ",\"", json_object_get_int_member (row, "number"));
      for (const char *p = title; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *p);
        }
      g_string_append_c (csv, '"');
      for (guint f = 0; f < G_N_ELEMENTS (figures); f++)
        append_figure (csv, row, figures[f]);
      for (guint c = 0; c < G_N_ELEMENTS (categories); c++)
        g_string_append_printf (csv, ",%" G_GINT64_FORMAT,
                                findings ? json_object_get_int_member_with_default (findings, categories[c], 0) : 0);
      g_string_append_c (csv, '\n');
    }
  return g_string_free (csv, FALSE);
}

/* @json (@length bytes) as the command line prints JSON: text that is
 * not UTF-8 shows as U+FFFD and raw control characters are escaped
 * (json-glib 1.6 leaves U+001F raw in strings); a newline at the end. */
static char *
printable_json (const char *json,
                gssize      length)
{
  g_autofree char *valid = g_utf8_make_valid (json, length);
  GString *text = g_string_sized_new (strlen (valid) + 2);
  const char *run = valid;

  for (const char *p = valid; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\n')
      {
        g_string_append_len (text, run, p - run);
        g_string_append_printf (text, "\\u%04x", (guchar) *p);
        run = p + 1;
      }
  g_string_append (text, run);
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}

char *
df_style_figures_json (JsonNode *report)
{
  g_autoptr(JsonNode) copy = json_node_copy (report);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *generated = NULL;
  gsize length = 0;

  if (JSON_NODE_HOLDS_OBJECT (copy))
    json_object_remove_member (json_node_get_object (copy), "checks");
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, copy);
  generated = json_generator_to_data (generator, &length);
  return printable_json (generated, (gssize) length);
}

/* The report as the style plugin writes it: json-glib's pretty printing
 * (two spaces a level, a member or element a line, every newline in a
 * string escaped), its list of checks first.  Its checks end at the
 * first line that closes an array two spaces in. */
#define CHECKS_FIRST "{\n  \"checks\" : [\n"
#define CHECKS_END   "\n  ],\n  \""

char *
df_style_figures_json_from_text (const char *report)
{
  const char *end;
  g_autofree char *rest = NULL;

  if (report == NULL || !g_str_has_prefix (report, CHECKS_FIRST) ||
      (end = strstr (report + strlen (CHECKS_FIRST) - 1, CHECKS_END)) == NULL)
    return NULL;
  /* "{\n" and what follows the checks, from the next member on. */
  rest = g_strconcat ("{\n", end + strlen (CHECKS_END) - 3, NULL);
  return printable_json (rest, -1);
}
