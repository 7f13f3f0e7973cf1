/* df-code-highlight.c: code blocks coloured as GtkSourceView colours them
 *
 * The code is highlighted in a GtkSourceBuffer of its language twice,
 * with the Adwaita and the Adwaita-dark style schemes; each stretch of
 * the same look becomes a tag of the reader's buffer named after both
 * looks ("df-hl:#1c71d8:#99c1f1:b"), so that the page can switch
 * between light and dark by recolouring the tags, without laying the
 * text out again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-code-highlight"

#include "config.h"

#include <string.h>

#include <gtksourceview/gtksource.h>

#include "df-code-highlight.h"

#define TAG_PREFIX "df-hl:"

/* A fence's words that are not GtkSourceView's language ids ("console"
 * and "text" are prompts and output: left as they are). */
static const struct { const char *word; const char *id; } aliases[] = {
  { "rs", "rust" }, { "py", "python3" }, { "python", "python3" },
  { "bash", "sh" }, { "shell", "sh" }, { "zsh", "sh" },
  { "c++", "cpp" }, { "cxx", "cpp" }, { "hpp", "cpp" }, { "h", "c" },
  { "javascript", "js" }, { "ts", "typescript" }, { "yml", "yaml" },
  { "md", "markdown" }, { "html", "html" }, { "xml", "xml" },
};

/* How a stretch of code looks in one scheme. */
typedef struct
{
  char     color[8];   /* "#rrggbb", or "" for the text's own */
  gboolean bold;
  gboolean italic;
} Look;

static GtkSourceLanguage *
language_for (const char *info)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  g_autofree char *word = NULL;
  gsize len;

  if (info == NULL)
    return NULL;
  gtk_source_init ();
  /* "rust,ignore", "rust editable", "{.python}" */
  while (*info == '{' || *info == '.' || g_ascii_isspace (*info))
    info++;
  len = strcspn (info, ", \t{}");
  if (len == 0)
    return NULL;
  word = g_ascii_strdown (info, (gssize) len);
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (word, aliases[i].word))
      return gtk_source_language_manager_get_language (manager, aliases[i].id);
  return gtk_source_language_manager_get_language (manager, word);
}

static GtkSourceBuffer *
highlighted (GtkSourceLanguage *language,
             const char        *scheme_id,
             const char        *code,
             gsize              len)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceBuffer *buffer = gtk_source_buffer_new_with_language (language);
  GtkTextIter start, end;

  gtk_source_buffer_set_style_scheme (buffer, gtk_source_style_scheme_manager_get_scheme (schemes, scheme_id));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), code, (int) len);
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  gtk_source_buffer_ensure_highlight (buffer, &start, &end);
  return buffer;
}

/* The look at @iter: the tags there, the later (of higher priority) over
 * the earlier, as GtkTextView would show them. */
static Look
look_at (const GtkTextIter *iter)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);
  Look look = { "", FALSE, FALSE };

  for (GSList *l = tags; l != NULL; l = l->next)
    {
      gboolean fg_set, weight_set, style_set;
      GdkRGBA *fg = NULL;
      int weight;
      PangoStyle style;

      g_object_get (l->data, "foreground-set", &fg_set, "foreground-rgba", &fg,
                    "weight-set", &weight_set, "weight", &weight,
                    "style-set", &style_set, "style", &style, NULL);
      if (fg_set && fg != NULL)
        g_snprintf (look.color, sizeof look.color, "#%02x%02x%02x",
                    (int) (fg->red * 255 + 0.5), (int) (fg->green * 255 + 0.5), (int) (fg->blue * 255 + 0.5));
      if (weight_set)
        look.bold = weight >= PANGO_WEIGHT_BOLD;
      if (style_set)
        look.italic = style == PANGO_STYLE_ITALIC;
      g_clear_pointer (&fg, gdk_rgba_free);
    }
  return look;
}

/* The offset of the next change of tags after @iter, or the end. */
static int
next_toggle (const GtkTextIter *iter)
{
  GtkTextIter next = *iter;

  if (!gtk_text_iter_forward_to_tag_toggle (&next, NULL))
    gtk_text_iter_forward_to_end (&next);
  return gtk_text_iter_get_offset (&next);
}

static gboolean
look_is_plain (const Look *light,
               const Look *dark)
{
  return light->color[0] == '\0' && dark->color[0] == '\0' && !light->bold && !light->italic;
}

/* The tag of @buffer for a stretch that looks @light and @dark. */
static GtkTextTag *
tag_for (GtkTextBuffer *buffer,
         const Look    *light,
         const Look    *dark,
         gboolean       is_dark)
{
  g_autofree char *name = g_strdup_printf (TAG_PREFIX "%s:%s:%s%s", light->color, dark->color,
                                           light->bold ? "b" : "", light->italic ? "i" : "");
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, name);
  const char *color = is_dark ? dark->color : light->color;

  if (tag != NULL)
    return tag;
  tag = gtk_text_buffer_create_tag (buffer, name, NULL);
  if (color[0] != '\0')
    g_object_set (tag, "foreground", color, NULL);
  if (light->bold)
    g_object_set (tag, "weight", PANGO_WEIGHT_BOLD, NULL);
  if (light->italic)
    g_object_set (tag, "style", PANGO_STYLE_ITALIC, NULL);
  return tag;
}

gboolean
df_code_highlight (GtkTextBuffer *buffer,
                   int            offset,
                   const char    *code,
                   gssize         len,
                   const char    *info,
                   gboolean       dark)
{
  GtkSourceLanguage *language;
  g_autoptr(GtkSourceBuffer) light_buffer = NULL;
  g_autoptr(GtkSourceBuffer) dark_buffer = NULL;
  GtkTextIter light, dark_iter, end;
  int run_start = 0;
  Look run_light, run_dark;

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), FALSE);

  if (len < 0)
    len = (gssize) strlen (code);
  language = language_for (info);
  if (language == NULL || len == 0)
    return FALSE;

  light_buffer = highlighted (language, "Adwaita", code, (gsize) len);
  dark_buffer = highlighted (language, "Adwaita-dark", code, (gsize) len);
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (light_buffer), &light);
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (dark_buffer), &dark_iter);
  run_light = look_at (&light);
  run_dark = look_at (&dark_iter);

  /* From one change of tags (in either scheme) to the next. */
  for (;;)
    {
      int at = MIN (next_toggle (&light), next_toggle (&dark_iter));
      gboolean more = at < gtk_text_buffer_get_char_count (GTK_TEXT_BUFFER (light_buffer));
      Look next_light, next_dark;

      gtk_text_iter_set_offset (&light, at);
      gtk_text_iter_set_offset (&dark_iter, at);
      next_light = look_at (&light);
      next_dark = look_at (&dark_iter);
      if (more && memcmp (&next_light, &run_light, sizeof run_light) == 0 &&
          memcmp (&next_dark, &run_dark, sizeof run_dark) == 0)
        continue;
      if (!look_is_plain (&run_light, &run_dark))
        {
          GtkTextIter start;

          gtk_text_buffer_get_iter_at_offset (buffer, &start, offset + run_start);
          gtk_text_buffer_get_iter_at_offset (buffer, &end, offset + at);
          gtk_text_buffer_apply_tag (buffer, tag_for (buffer, &run_light, &run_dark, dark), &start, &end);
        }
      if (!more)
        break;
      run_start = at;
      run_light = next_light;
      run_dark = next_dark;
    }
  return TRUE;
}

static void
recolor (GtkTextTag *tag,
         gpointer    data)
{
  gboolean dark = GPOINTER_TO_INT (data);
  g_autofree char *name = NULL;
  g_auto(GStrv) parts = NULL;
  const char *color;

  g_object_get (tag, "name", &name, NULL);
  if (name == NULL || !g_str_has_prefix (name, TAG_PREFIX))
    return;
  parts = g_strsplit (name + strlen (TAG_PREFIX), ":", 3);
  if (g_strv_length (parts) < 2)
    return;
  color = dark ? parts[1] : parts[0];
  if (color[0] != '\0')
    g_object_set (tag, "foreground", color, NULL);
  else
    g_object_set (tag, "foreground-set", FALSE, NULL);
}

void
df_code_highlight_set_dark (GtkTextBuffer *buffer,
                            gboolean       dark)
{
  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  gtk_text_tag_table_foreach (gtk_text_buffer_get_tag_table (buffer), recolor, GINT_TO_POINTER (dark));
}
