/* df-level-blocks.c: the author's level blocks and the glossary
 *
 * A level block is a fenced div whose attributes name a profile field:
 *
 *   ::: {level=beginner programming=none,beginner}
 *   …
 *   :::
 *
 * Every condition must hold (a comma gives alternatives).  Other fenced
 * divs (`::: warning`) and code are left as they are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-level-blocks.h"

#if defined(__has_include)
#if __has_include("df-codex.h")
#include "df-codex.h"
#define HAVE_DF_CODEX 1
#endif
#endif

typedef struct
{
  gboolean ours;
  gboolean keep;
} Div;

static const char * const known_keys[] = {
  "level", "education", "programming", "ai", "robotics", "lang", "goal", NULL
};

/* ---- helpers ---------------------------------------------------------- */

static const char *
skip_indent (const char *line,
             const char *end)
{
  int n = 0;

  while (line < end && *line == ' ' && n < 3)
    line++, n++;
  return line;
}

/* The fence (``` or ~~~, 3 or more) opening or closing code at @line. */
static gsize
code_fence (const char *line,
            const char *end,
            char       *fence_char)
{
  const char *p = skip_indent (line, end);
  gsize n = 0;

  if (p >= end || (*p != '`' && *p != '~'))
    return 0;
  *fence_char = *p;
  while (p + n < end && p[n] == *fence_char)
    n++;
  return n >= 3 ? n : 0;
}

static const char *
profile_field (const DfProfile *profile,
               const char      *key)
{
  if (g_str_equal (key, "level"))
    return df_personalize_reader_level (profile);
  if (g_str_equal (key, "lang"))
    return profile != NULL && profile->preferred_language != NULL &&
           *profile->preferred_language != '\0' ? profile->preferred_language : "en";
  if (profile == NULL)
    return NULL;
  if (g_str_equal (key, "education"))
    return profile->education_level;
  if (g_str_equal (key, "programming"))
    return profile->programming_experience;
  if (g_str_equal (key, "ai"))
    return profile->ai_ml_experience;
  if (g_str_equal (key, "robotics"))
    return profile->robotics_background ? "yes" : "no";
  return NULL;
}

static gboolean
value_matches (const DfProfile *profile,
               const char      *key,
               const char      *value)
{
  const char *field;

  if (g_str_equal (key, "goal"))
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", value);
      return profile != NULL && profile->learning_goals != NULL &&
             strstr (profile->learning_goals, quoted) != NULL;
    }
  field = profile_field (profile, key);
  if (field == NULL || *field == '\0')
    return FALSE;
  if (g_str_equal (key, "level") && g_str_equal (value, "advanced"))
    value = "expert";
  if (g_str_equal (key, "robotics"))
    {
      gboolean yes = g_str_equal (value, "yes") || g_str_equal (value, "true");
      return yes == g_str_equal (field, "yes");
    }
  return g_ascii_strcasecmp (field, value) == 0;
}

/* Parses "{k=v,w k2=v}"; *ours TRUE when a known key is there, and the
 * result whether @profile meets every condition. */
static gboolean
conditions_met (const char      *attrs,
                gsize            len,
                const DfProfile *profile,
                gboolean        *ours)
{
  g_autofree char *text = g_strndup (attrs, len);
  g_auto(GStrv) tokens = NULL;
  gboolean met = TRUE;
  char *open = strchr (text, '{');
  char *close = open != NULL ? strrchr (open, '}') : NULL;

  *ours = FALSE;
  if (open == NULL || close == NULL)
    return TRUE;
  *close = '\0';
  tokens = g_strsplit_set (open + 1, " \t", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      char *eq = strchr (tokens[i], '=');
      g_auto(GStrv) values = NULL;
      gboolean any = FALSE;

      if (eq == NULL)
        continue;
      *eq = '\0';
      if (!g_strv_contains (known_keys, tokens[i]))
        continue;
      *ours = TRUE;
      g_strdelimit (eq + 1, "\"'", ' ');
      values = g_strsplit (g_strstrip (eq + 1), ",", -1);
      for (guint v = 0; values[v] != NULL && !any; v++)
        any = value_matches (profile, tokens[i], g_strstrip (values[v]));
      met = met && any;
    }
  return met;
}

static gboolean
stack_emitting (GArray *stack)
{
  for (guint i = 0; i < stack->len; i++)
    if (!g_array_index (stack, Div, i).keep)
      return FALSE;
  return TRUE;
}

/* A ":::" line: TRUE with *closing, or with the attributes after it. */
static gboolean
div_fence (const char  *line,
           const char  *end,
           gboolean    *closing,
           const char **attrs)
{
  const char *p = skip_indent (line, end);
  gsize n = 0;

  while (p + n < end && p[n] == ':')
    n++;
  if (n < 3)
    return FALSE;
  p += n;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  *closing = p >= end;
  *attrs = p;
  return TRUE;
}

/* ---- level blocks ------------------------------------------------------ */

const char *
df_personalize_reader_level (const DfProfile *profile)
{
  const char *programming;

  if (profile == NULL)
    return "beginner";
  if (profile->experience_level != NULL && *profile->experience_level != '\0')
    return profile->experience_level;
  programming = profile->programming_experience;
  if (programming != NULL && g_str_equal (programming, "advanced"))
    return "expert";
  if (programming != NULL && g_str_equal (programming, "intermediate"))
    return "intermediate";
  return "beginner";
}

gboolean
df_personalize_has_blocks (const char *markdown)
{
  g_autofree char *chosen = NULL;

  if (markdown == NULL || strstr (markdown, ":::") == NULL)
    return FALSE;
  chosen = df_personalize_choose_blocks (markdown, NULL);
  return strcmp (chosen, markdown) != 0;
}

char *
df_personalize_choose_blocks (const char      *markdown,
                              const DfProfile *profile)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GArray) stack = NULL;
  const char *line = markdown;
  gboolean changed = FALSE;
  gsize in_code = 0;
  char code_char = 0;

  g_return_val_if_fail (markdown != NULL, NULL);

  if (strstr (markdown, ":::") == NULL)
    return g_strdup (markdown);

  out = g_string_sized_new (strlen (markdown));
  stack = g_array_new (FALSE, FALSE, sizeof (Div));
  while (*line != '\0')
    {
      const char *nl = strchr (line, '\n');
      const char *end = nl != NULL ? nl + 1 : line + strlen (line);
      gboolean emit = stack_emitting (stack);
      gboolean closing;
      const char *attrs;
      char c;
      gsize n;

      if (in_code > 0)
        {
          if ((n = code_fence (line, end, &c)) >= in_code && c == code_char)
            in_code = 0;
        }
      else if ((n = code_fence (line, end, &c)) > 0)
        in_code = n, code_char = c;
      else if (div_fence (line, end, &closing, &attrs))
        {
          if (closing && stack->len > 0)
            {
              Div top = g_array_index (stack, Div, stack->len - 1);
              g_array_set_size (stack, stack->len - 1);
              if (top.ours)
                emit = FALSE, changed = TRUE;
            }
          else if (!closing)
            {
              Div div = { FALSE, TRUE };
              div.keep = conditions_met (attrs, end - attrs, profile, &div.ours);
              g_array_append_val (stack, div);
              if (div.ours)
                emit = FALSE, changed = TRUE;
            }
        }
      if (emit)
        g_string_append_len (out, line, end - line);
      line = end;
    }

  if (!changed)
    return g_strdup (markdown);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- the glossary ----------------------------------------------------- */

DfGlossaryTerm *
df_glossary_term_new (const char         *name,
                      const char * const *aliases,
                      const char         *description)
{
  DfGlossaryTerm *term = g_new0 (DfGlossaryTerm, 1);

  term->name = g_strdup (name);
  term->aliases = aliases != NULL ? g_strdupv ((char **)aliases) : g_new0 (char *, 1);
  term->description = g_strdup (description != NULL ? description : "");
  return term;
}

void
df_glossary_term_free (DfGlossaryTerm *term)
{
  if (term == NULL)
    return;
  g_free (term->name);
  g_strfreev (term->aliases);
  g_free (term->description);
  g_free (term);
}

void
df_glossary_hit_free (DfGlossaryHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->term);
  g_free (hit->definition);
  g_array_unref (hit->offsets);
  g_array_unref (hit->lengths);
  g_strfreev (hit->forms);
  g_free (hit);
}

static const char *
level_prefix (const char *line)
{
  static const char * const levels[] = { "beginner", "intermediate", "expert", "advanced", NULL };

  for (guint i = 0; levels[i] != NULL; i++)
    {
      gsize n = strlen (levels[i]);
      if (g_ascii_strncasecmp (line, levels[i], n) == 0 && line[n] == ':')
        return levels[i];
    }
  return NULL;
}

char *
df_glossary_definition (const DfGlossaryTerm *term,
                        const char           *level)
{
  g_auto(GStrv) lines = g_strsplit (term->description, "\n", -1);
  g_autoptr(GString) plain = g_string_new (NULL);
  const char *want = level != NULL && g_str_equal (level, "advanced") ? "expert" : level;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      const char *prefix = level_prefix (line);

      if (g_ascii_strncasecmp (line, "ur:", 3) == 0)
        continue;
      if (prefix == NULL)
        {
          if (*line != '\0')
            g_string_append_printf (plain, "%s%s", plain->len > 0 ? " " : "", line);
          continue;
        }
      if (g_str_equal (prefix, "advanced"))
        prefix = "expert";
      if (want != NULL && g_str_equal (prefix, want))
        return g_strdup (g_strstrip (strchr (line, ':') + 1));
    }
  return g_string_free (g_steal_pointer (&plain), FALSE);
}

char *
df_glossary_definition_in (const DfGlossaryTerm *term,
                           const char           *level,
                           const char           *language)
{
  g_auto(GStrv) lines = NULL;

  if (g_strcmp0 (language, "ur") != 0)
    return df_glossary_definition (term, level);
  lines = g_strsplit (term->description, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      if (g_ascii_strncasecmp (line, "ur:", 3) == 0)
        return g_strdup (g_strstrip (line + 3));
    }
  return df_glossary_definition (term, level);
}

GPtrArray *
df_glossary_load (DfStore     *store,
                  gint64       project_id,
                  GError     **error)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func ((GDestroyNotify)df_glossary_term_free);
#ifdef HAVE_DF_CODEX
  g_autoptr(GPtrArray) entries = df_codex_entry_list (store, project_id, "lore", FALSE, error);

  if (entries == NULL)
    return NULL;
  for (guint i = 0; i < entries->len; i++)
    {
      DfCodexEntry *entry = entries->pdata[i];
      g_ptr_array_add (terms, df_glossary_term_new (entry->name, (const char * const *)entry->aliases,
                                                     entry->description));
    }
#else
  (void)store;
  (void)project_id;
  (void)error;
#endif
  return g_steal_pointer (&terms);
}

/* A lower-case copy of @markdown with code (fenced and inline) blanked. */
static char *
prose_copy (const char *markdown)
{
  char *copy = g_ascii_strdown (markdown, -1);
  char *line = copy;
  gsize in_code = 0;
  char code_char = 0;

  while (*line != '\0')
    {
      char *nl = strchr (line, '\n');
      char *end = nl != NULL ? nl + 1 : line + strlen (line);
      gsize n;
      char c;

      if (in_code > 0 || (n = code_fence (line, end, &c)) > 0)
        {
          if (in_code == 0)
            in_code = n, code_char = c;
          else if ((n = code_fence (line, end, &c)) >= in_code && c == code_char)
            in_code = 0;
          memset (line, ' ', end - line - (nl != NULL ? 1 : 0));
        }
      else
        for (char *p = line; p < end; p++)
          if (*p == '`')
            {
              char *close = memchr (p + 1, '`', end - p - 1);
              if (close == NULL)
                break;
              memset (p, ' ', close - p + 1);
              p = close;
            }
      line = end;
    }
  return copy;
}

/* Is the character at @p part of a word?  A letter, digit, mark or '_';
 * punctuation and spaces of any script are not ("،" ends a word). */
static gboolean
word_char_at (const char *p)
{
  gunichar c;

  if ((*p & 0x80) == 0)
    return g_ascii_isalnum (*p) || *p == '_';
  c = g_utf8_get_char_validated (p, -1);
  if (c == (gunichar)-1 || c == (gunichar)-2)
    return TRUE;
  return g_unichar_isalnum (c) || g_unichar_ismark (c) || c == 0x200C || c == 0x200D;
}

/* TRUE when @name is found in @prose as a whole word at least once. */
static gboolean
find_name (const char    *prose,
           const char    *name,
           DfGlossaryHit *hit)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  gsize len = strlen (lower);
  const char *p = prose;
  gboolean found = FALSE;

  if (len == 0)
    return FALSE;
  while ((p = strstr (p, lower)) != NULL)
    {
      gboolean start = p == prose || !word_char_at (g_utf8_find_prev_char (prose, p));
      gboolean end = p[len] == '\0' || !word_char_at (p + len);

      if (start && end)
        {
          gsize offset = p - prose;
          g_array_append_val (hit->offsets, offset);
          g_array_append_val (hit->lengths, len);
          found = TRUE;
        }
      p += len;
    }
  return found;
}

GPtrArray *
df_glossary_find (GPtrArray   *terms,
                  const char  *markdown,
                  const char  *level)
{
  return df_glossary_find_in (terms, markdown, level, NULL);
}

GPtrArray *
df_glossary_find_in (GPtrArray   *terms,
                     const char  *markdown,
                     const char  *level,
                     const char  *language)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify)df_glossary_hit_free);
  g_autofree char *prose = NULL;

  if (terms == NULL || terms->len == 0)
    return g_steal_pointer (&hits);
  prose = prose_copy (markdown);
  for (guint i = 0; i < terms->len; i++)
    {
      DfGlossaryTerm *term = terms->pdata[i];
      g_autoptr(DfGlossaryHit) hit = g_new0 (DfGlossaryHit, 1);

      g_autoptr(GStrvBuilder) forms = g_strv_builder_new ();

      hit->offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
      hit->lengths = g_array_new (FALSE, FALSE, sizeof (gsize));
      if (find_name (prose, term->name, hit))
        g_strv_builder_add (forms, term->name);
      for (guint a = 0; term->aliases[a] != NULL; a++)
        if (find_name (prose, term->aliases[a], hit))
          g_strv_builder_add (forms, term->aliases[a]);
      if (hit->offsets->len == 0)
        continue;
      hit->forms = g_strv_builder_end (forms);
      hit->term = g_strdup (term->name);
      hit->definition = df_glossary_definition_in (term, level, language);
      g_ptr_array_add (hits, g_steal_pointer (&hit));
    }
  return g_steal_pointer (&hits);
}

/* ---- offline personalisation ------------------------------------------ */

/* Where the box goes: after a first line that is a heading, else 0. */
static gsize
box_position (const char *text)
{
  const char *p = text;
  const char *nl;

  while (*p == '\n')
    p++;
  if (*p != '#')
    return 0;
  nl = strchr (p, '\n');
  return nl != NULL ? (gsize)(nl - text) + 1 : strlen (text);
}

static char *
key_terms_box (GPtrArray *hits)
{
  g_autoptr(GString) box = g_string_new (NULL);

  g_string_append_printf (box, "\n> **%s**\n>\n", _("Key terms"));
  for (guint i = 0; i < hits->len; i++)
    {
      DfGlossaryHit *hit = hits->pdata[i];
      g_string_append_printf (box, "> - **%s**: %s\n", hit->term, hit->definition);
    }
  g_string_append_c (box, '\n');
  return g_string_free (g_steal_pointer (&box), FALSE);
}

char *
df_personalize_offline (DfStore          *store,
                        const DfProfile  *profile,
                        const DfChapter  *chapter,
                        GPtrArray       **hits_out,
                        GError          **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  const char *level = df_personalize_reader_level (profile);

  g_return_val_if_fail (chapter != NULL && chapter->content_md != NULL, NULL);

  text = df_personalize_choose_blocks (chapter->content_md, profile);
  terms = store != NULL ? df_glossary_load (store, chapter->project_id, error)
                        : g_ptr_array_new_with_free_func ((GDestroyNotify)df_glossary_term_free);
  if (terms == NULL)
    return NULL;
  hits = df_glossary_find (terms, text, level);
  if (hits->len > 0 && g_str_equal (level, "beginner"))
    {
      gsize at = box_position (text);
      g_autofree char *box = key_terms_box (hits);
      g_autoptr(GString) with_box = g_string_new (text);

      g_string_insert (with_box, at, box);
      g_free (text);
      text = g_string_free (g_steal_pointer (&with_box), FALSE);
      g_clear_pointer (&hits, g_ptr_array_unref);
      hits = df_glossary_find (terms, text, level);
    }
  if (hits_out != NULL)
    *hits_out = g_steal_pointer (&hits);
  return g_steal_pointer (&text);
}
