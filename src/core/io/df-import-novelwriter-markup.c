/* df-import-novelwriter-markup.c: a novelWriter document's markup in
 * Markdown (see df-import-novelwriter.c for what becomes what)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-error.h"
#include "df-import-novelwriter-private.h"

/* The text of @item's document without its "%%~" header, "" when it has
 * no file (novelWriter writes none for an empty document). */
char *
_df_nw_read_document (const char  *path,
                      NwItem      *item,
                      GError     **error)
{
  g_autofree char *name = g_strconcat (item->handle, ".nwd", NULL);
  g_autofree char *file = g_build_filename (path, "content", name, NULL);
  g_autoptr(GError) local = NULL;
  char *text = NULL;
  char *p;

  if (strchr (item->handle, '/') != NULL || strstr (item->handle, "..") != NULL)
    return g_strdup ("");
  if (!g_file_get_contents (file, &text, NULL, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_strdup ("");
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT, _("“%s” (%s) cannot be read: %s"),
                   item->name != NULL ? item->name : item->handle, name, local->message);
      return NULL;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT, _("“%s” (%s) is not UTF-8 text"),
                   item->name != NULL ? item->name : item->handle, name);
      g_free (text);
      return NULL;
    }
  for (p = text; g_str_has_prefix (p, "%%~");)
    {
      char *nl = strchr (p, '\n');
      p = nl != NULL ? nl + 1 : p + strlen (p);
    }
  memmove (text, p, strlen (p) + 1);
  return text;
}

/* A heading line: its level (1 to 4, 0: not one), its text, and whether
 * it has novelWriter's "!" (a title, an unnumbered chapter). */
int
_df_nw_heading_level (const char  *line,
                      const char **text,
                      gboolean    *bang)
{
  int level = 0;

  while (line[level] == '#' && level < 5)
    level++;
  if (level == 0 || level > 4)
    return 0;
  *bang = line[level] == '!';
  if (line[level + *bang] != ' ')
    return 0;
  *text = line + level + *bang + 1;
  return level;
}

/* @line of text in Markdown: shortcodes, footnotes and the project's
 * replacements; [br] at its end says so in @broke. */
char *
_df_nw_convert_inline (const NwMarkup *markup,
                       const char     *line,
                       gboolean       *broke)
{
  static const struct { const char *code; const char *markdown; } codes[] = {
    { "[b]", "**" }, { "[/b]", "**" }, { "[i]", "*" }, { "[/i]", "*" }, { "[s]", "~~" }, { "[/s]", "~~" },
    { "[u]", "" }, { "[/u]", "" }, { "[m]", "" }, { "[/m]", "" }, { "[sup]", "<sup>" }, { "[/sup]", "</sup>" },
    { "[sub]", "<sub>" }, { "[/sub]", "</sub>" }, { "[br]", "\\\n" }, { "[newpage]", "" }, { "[new page]", "" },
  };
  GString *out = g_string_new (NULL);

  *broke = FALSE;
  for (const char *p = line; *p != '\0';)
    {
      gboolean done = FALSE;

      if (*p == '[')
        {
          const char *close = strchr (p, ']');

          for (guint i = 0; i < G_N_ELEMENTS (codes) && !done; i++)
            if (g_ascii_strncasecmp (p, codes[i].code, strlen (codes[i].code)) == 0)
              {
                g_string_append (out, codes[i].markdown);
                p += strlen (codes[i].code);
                done = TRUE;
                *broke = g_str_equal (codes[i].code, "[br]") && *p == '\0';
              }
          if (!done && close != NULL && g_ascii_strncasecmp (p, "[footnote:", 10) == 0)
            {
              g_autofree char *key = g_strndup (p + 10, close - p - 10);
              const char *note = g_hash_table_lookup (markup->footnotes, g_strstrip (key));

              if (note != NULL)
                {
                  g_string_append_printf (out, "[^%s]", key);
                  g_string_append_printf (markup->defs, "\n\n[^%s]: %s", key, note);
                }
              p = close + 1;
              done = TRUE;
            }
          else if (!done && close != NULL &&
                   (g_ascii_strncasecmp (p, "[vspace", 7) == 0 || g_ascii_strncasecmp (p, "[field:", 7) == 0))
            {
              p = close + 1;
              done = TRUE;
            }
        }
      for (guint i = 0; !done && i < markup->replace->len; i += 2)
        if (g_str_has_prefix (p, markup->replace->pdata[i]))
          {
            g_string_append (out, markup->replace->pdata[i + 1]);
            p += strlen (markup->replace->pdata[i]);
            done = TRUE;
          }
      if (!done)
        g_string_append_c (out, *p++);
    }
  if (*broke)
    g_string_truncate (out, out->len - 1);   /* the line's own end breaks it */
  return g_string_free (out, FALSE);
}

/* A text line without novelWriter's alignment marks (">> centred <<",
 * "right <<", ">> left"); "> indented <" as a Markdown quote. */
char *
_df_nw_strip_alignment (const char *line,
                        gboolean   *quote)
{
  g_autofree char *s = g_strstrip (g_strdup (line));
  gsize len = strlen (s);
  char *start = s;

  *quote = FALSE;
  if (g_str_has_prefix (start, ">>"))
    start += 2;
  else if (g_str_has_prefix (start, "> ") || g_str_equal (start, ">"))
    {
      start += 1;
      *quote = TRUE;
    }
  if (len >= 2 && g_str_has_suffix (s, "<<"))
    s[len - 2] = '\0';
  else if (len >= 1 && g_str_has_suffix (s, " <"))
    s[len - 1] = '\0';
  return g_strstrip (g_strdup (start));
}

void
_df_nw_append_line (GString    *to,
                    const char *line)
{
  if (to->len > 0)
    g_string_append_c (to, '\n');
  g_string_append (to, line);
}
