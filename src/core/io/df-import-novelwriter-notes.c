/* df-import-novelwriter-notes.c: a novelWriter project's notes as codex
 * entries (see df-import-novelwriter.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <string.h>

#include "df-codex.h"
#include "df-import-novelwriter-private.h"

/* An entry being read from a note: its name, aliases, words and notes. */
typedef struct
{
  char      *name;
  GPtrArray *aliases;
  GString   *short_text;
  GString   *body;
  GString   *notes;
} Entry;

static void
entry_reset (Entry      *entry,
             const char *name)
{
  g_free (entry->name);
  entry->name = g_strdup (name);
  g_ptr_array_set_size (entry->aliases, 0);
  g_string_truncate (entry->short_text, 0);
  g_string_truncate (entry->body, 0);
  g_string_truncate (entry->notes, 0);
}

static gboolean
entry_has_words (const Entry *entry)
{
  return entry->body->len > 0 || entry->short_text->len > 0 || entry->notes->len > 0 || entry->aliases->len > 0;
}

/* "@tag: John | John Smith": the aliases John and John Smith. */
static void
read_tag (Entry      *entry,
          const char *value)
{
  g_auto(GStrv) names = g_strsplit (value, "|", -1);

  for (guint i = 0; names[i] != NULL; i++)
    {
      char *alias = g_strstrip (names[i]);

      if (*alias != '\0' && g_ascii_strcasecmp (alias, entry->name) != 0 &&
          !g_ptr_array_find_with_equal_func (entry->aliases, alias, g_str_equal, NULL))
        g_ptr_array_add (entry->aliases, g_strdup (alias));
    }
}

static gboolean
save_entry (DfImportCtx  *ctx,
            Entry        *entry,
            const char   *kind,
            guint        *n_entries,
            GError      **error)
{
  g_autoptr(DfCodexEntry) made = NULL;
  g_autoptr(DfCodexEntry) existing = NULL;
  g_autoptr(GString) description = g_string_new (entry->short_text->str);

  if (entry->name == NULL || *entry->name == '\0')
    return TRUE;
  existing = df_codex_entry_find (ctx->store, ctx->project_id, entry->name, FALSE, NULL);
  if (existing != NULL)
    return TRUE;   /* a second note of the same name: the first one's */
  if (entry->body->len > 0)
    g_string_append_printf (description, "%s%s", description->len > 0 ? "\n\n" : "", entry->body->str);
  g_ptr_array_add (entry->aliases, NULL);
  made = df_codex_entry_create (ctx->store, ctx->project_id, kind, entry->name,
                                (const char * const *) entry->aliases->pdata, description->str, error);
  g_ptr_array_set_size (entry->aliases, entry->aliases->len - 1);
  if (made == NULL ||
      (entry->notes->len > 0 && !df_codex_entry_set_notes (ctx->store, made->id, entry->notes->str, error)))
    return FALSE;
  (*n_entries)++;
  return TRUE;
}

/* The entries of one note: one per level-1 heading (the text before the
 * first, if any, named after the note); lower headings stay in its text. */
gboolean
_df_nw_read_note (DfImportCtx     *ctx,
                  const NwMarkup  *markup,
                  const char      *dir,
                  NwItem          *note,
                  const char      *kind,
                  guint           *n_entries,
                  GError         **error)
{
  g_autofree char *text = _df_nw_read_document (dir, note, error);
  g_auto(GStrv) lines = NULL;
  Entry entry = { NULL, g_ptr_array_new_with_free_func (g_free), g_string_new (NULL), g_string_new (NULL),
                  g_string_new (NULL) };
  gboolean ok = text != NULL;
  gboolean named = FALSE;

  entry_reset (&entry, note->name);
  lines = text != NULL ? g_strsplit (text, "\n", -1) : NULL;
  for (guint i = 0; ok && lines[i] != NULL; i++)
    {
      const char *line = g_strchomp (lines[i]);
      const char *heading = NULL;
      gboolean bang = FALSE, broke = FALSE;
      int level = _df_nw_heading_level (line, &heading, &bang);

      if (level == 1)
        {
          g_autofree char *name = g_strstrip (g_strdup (heading));

          /* A new entry; the one before it, if it was one. */
          if (named || entry_has_words (&entry))
            ok = save_entry (ctx, &entry, kind, n_entries, error);
          entry_reset (&entry, name);
          named = TRUE;
        }
      else if (level > 1)
        {
          g_autofree char *sub = g_strstrip (g_strdup (heading));

          if (entry.body->len > 0)
            g_string_append (entry.body, "\n\n");
          g_string_append_printf (entry.body, "%.*s %s", level, "####", sub);
        }
      else if (g_ascii_strncasecmp (line, "@tag:", 5) == 0)
        read_tag (&entry, line + 5);
      else if (line[0] == '@')
        _df_nw_append_line (entry.notes, line);
      else if (line[0] == '%')
        {
          const char *body = line + 1;

          while (*body == ' ')
            body++;
          if (g_ascii_strncasecmp (body, "short:", 6) == 0 || g_ascii_strncasecmp (body, "synopsis:", 9) == 0)
            {
              g_autofree char *value = g_strstrip (g_strdup (strchr (body, ':') + 1));
              g_string_append (entry.short_text, value);
            }
          else
            _df_nw_append_line (entry.notes, body);
        }
      else if (!_df_import_line_is_blank (line, line + strlen (line)))
        {
          gboolean quote;
          g_autofree char *plain = _df_nw_strip_alignment (line, &quote);
          g_autofree char *converted = _df_nw_convert_inline (markup, plain, &broke);

          if (entry.body->len > 0)
            g_string_append (entry.body, "\n\n");
          g_string_append (entry.body, converted);
        }
    }
  if (ok && (named || entry_has_words (&entry)))
    ok = save_entry (ctx, &entry, kind, n_entries, error);

  g_free (entry.name);
  g_ptr_array_unref (entry.aliases);
  g_string_free (entry.short_text, TRUE);
  g_string_free (entry.body, TRUE);
  g_string_free (entry.notes, TRUE);
  return ok;
}
