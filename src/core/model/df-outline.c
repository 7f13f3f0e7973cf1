/* df-outline.c: the project's outline written as CSV or Markdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-model-private.h"
#include "df-planning.h"

#define N_OUTLINE_COLUMNS 10

static const char * const outline_headers[N_OUTLINE_COLUMNS] = {
  "number", "title", "part", "status", "labels", "pov", "words", "word_target", "synopsis", "updated_at",
};

/* A CSV field: quoted when it holds a comma, a quote, a line end or
 * spaces at either end. */
static void
append_csv_field (GString    *out,
                  const char *value)
{
  gsize n = strlen (value);

  if (strpbrk (value, ",\"\r\n") == NULL && (n == 0 || (value[0] != ' ' && value[n - 1] != ' ')))
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* A Markdown table cell: on one line, its bars escaped. */
static void
append_markdown_cell (GString    *out,
                      const char *value)
{
  g_string_append (out, "| ");
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '|')
        g_string_append (out, "\\|");
      else if (*p == '\n')
        g_string_append_c (out, ' ');
      else if (*p != '\r')
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, ' ');
}

static void
append_row (GString           *out,
            gboolean           csv,
            const char *const *cells)
{
  for (guint i = 0; i < N_OUTLINE_COLUMNS; i++)
    {
      if (csv)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_csv_field (out, cells[i]);
        }
      else
        append_markdown_cell (out, cells[i]);
    }
  g_string_append (out, csv ? "\r\n" : "|\n");
}

/* The labels of @chapter_id from @assigned (in book order, from
 * *@cursor on), joined with "; ". */
static char *
labels_of (GPtrArray *assigned,
           guint     *cursor,
           gint64     chapter_id)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (; *cursor < assigned->len; (*cursor)++)
    {
      DfLabel *label = g_ptr_array_index (assigned, *cursor);

      if (label->chapter_id != chapter_id)
        break;
      if (s->len > 0)
        g_string_append (s, "; ");
      g_string_append (s, label->name);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static const char *
part_title (GPtrArray *parts,
            gint64     part_id)
{
  for (guint i = 0; i < parts->len && part_id != 0; i++)
    if (((DfPart *)parts->pdata[i])->id == part_id)
      return ((DfPart *)parts->pdata[i])->title;
  return "";
}

char *
df_outline_format (DfStore     *store,
                   gint64       project_id,
                   const char  *format,
                   GError     **error)
{
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) assigned = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean csv = g_strcmp0 (format, "csv") == 0;
  guint cursor = 0;

  if (!csv && g_strcmp0 (format, "markdown") != 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("An outline is written as csv or markdown (got “%s”)"),
                   format ? format : "");
      return NULL;
    }
  if ((chapters = df_chapter_list (store, project_id, error)) == NULL ||
      (parts = df_part_list (store, project_id, error)) == NULL ||
      (assigned = df_label_list_assigned (store, project_id, error)) == NULL)
    return NULL;

  append_row (out, csv, outline_headers);
  if (!csv)
    g_string_append (out, "|---:|---|---|---|---|---|---:|---:|---|---|\n");
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *c = g_ptr_array_index (chapters, i);
      g_autofree char *number = g_strdup_printf ("%" PRId64, c->number);
      g_autofree char *words = g_strdup_printf ("%" PRId64, c->words);
      g_autofree char *target = c->word_target > 0 ? g_strdup_printf ("%" PRId64, c->word_target) : g_strdup ("");
      g_autofree char *labels = labels_of (assigned, &cursor, c->id);
      const char *cells[N_OUTLINE_COLUMNS] = {
        number, c->title, part_title (parts, c->part_id), c->status, labels, c->pov ? c->pov : "", words, target,
        c->synopsis ? c->synopsis : "", c->updated_at ? c->updated_at : "",
      };

      append_row (out, csv, cells);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
