/* df-personalize-check.c: what a rewrite must keep, and how hard it reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-personalize.h"

typedef struct
{
  GPtrArray *code;       /* each fenced block, fences and all */
  GPtrArray *images;     /* targets */
  GPtrArray *links;      /* targets */
  GString   *headings;   /* one digit a heading: its level */
  GString   *prose;      /* the rest, for measuring */
} Parts;

static void
parts_clear (Parts *parts)
{
  g_ptr_array_unref (parts->code);
  g_ptr_array_unref (parts->images);
  g_ptr_array_unref (parts->links);
  g_string_free (parts->headings, TRUE);
  g_string_free (parts->prose, TRUE);
}

static gsize
fence_len (const char *line,
           const char *end,
           char       *c)
{
  const char *p = line;
  gsize n = 0;

  while (p < end && *p == ' ' && p - line < 3)
    p++;
  if (p >= end || (*p != '`' && *p != '~'))
    return 0;
  *c = *p;
  while (p + n < end && p[n] == *c)
    n++;
  return n >= 3 ? n : 0;
}

/* Link and image targets on a prose line: "](target" up to ')' or ' '. */
static void
scan_targets (const char *line,
              const char *end,
              Parts      *parts)
{
  for (const char *p = line; p + 1 < end; p++)
    {
      const char *start, *q;
      gboolean image = FALSE;

      if (p[0] != ']' || p[1] != '(')
        continue;
      start = p + 2;
      for (q = start; q < end && *q != ')' && *q != ' '; q++)
        ;
      /* an image when the matching '[' has a '!' before it */
      for (const char *b = p; b >= line; b--)
        if (*b == '[')
          {
            image = b > line && b[-1] == '!';
            break;
          }
      g_ptr_array_add (image ? parts->images : parts->links, g_strndup (start, q - start));
      p = q - 1;
    }
}

static void
parts_read (const char *markdown,
            Parts      *parts)
{
  const char *line = markdown;
  GString *block = NULL;
  gsize in_code = 0;
  char code_char = 0;

  parts->code = g_ptr_array_new_with_free_func (g_free);
  parts->images = g_ptr_array_new_with_free_func (g_free);
  parts->links = g_ptr_array_new_with_free_func (g_free);
  parts->headings = g_string_new (NULL);
  parts->prose = g_string_new (NULL);
  while (*line != '\0')
    {
      const char *nl = strchr (line, '\n');
      const char *end = nl != NULL ? nl + 1 : line + strlen (line);
      gsize n;
      char c;

      if (in_code > 0)
        {
          g_string_append_len (block, line, end - line);
          if ((n = fence_len (line, end, &c)) >= in_code && c == code_char)
            {
              g_ptr_array_add (parts->code, g_strchomp (g_string_free (block, FALSE)));
              block = NULL;
              in_code = 0;
            }
        }
      else if ((n = fence_len (line, end, &c)) > 0)
        {
          in_code = n, code_char = c;
          block = g_string_new_len (line, end - line);
        }
      else
        {
          if (*line == '#')
            {
              gsize level = strspn (line, "#");
              if (level <= 6 && (line[level] == ' ' || line[level] == '\n'))
                g_string_append_c (parts->headings, '0' + level);
            }
          scan_targets (line, end, parts);
          g_string_append_len (parts->prose, line, end - line);
        }
      line = end;
    }
  if (block != NULL)
    g_ptr_array_add (parts->code, g_strchomp (g_string_free (block, FALSE)));
}

/* The targets of @want that @have lacks, named in @missing. */
static void
contains_all (GPtrArray  *have,
              GPtrArray  *want,
              gboolean    images,
              GString    *missing)
{
  for (guint i = 0; i < want->len; i++)
    if (!g_ptr_array_find_with_equal_func (have, want->pdata[i], g_str_equal, NULL))
      {
        const char *target = want->pdata[i];
        g_autofree char *what = images ? g_strdup_printf (_("the image “%s” is missing"), target)
                                       : g_strdup_printf (_("the link to “%s” is missing"), target);
        g_string_append_printf (missing, "%s%s", missing->len > 0 ? "; " : "", what);
      }
}

gboolean
df_personalize_verify (const char  *original,
                       const char  *result,
                       GError     **error)
{
  Parts a, b;
  g_autoptr(GString) missing = g_string_new (NULL);

  parts_read (original, &a);
  parts_read (result, &b);
  for (guint i = 0; i < a.code->len; i++)
    if (i >= b.code->len || strcmp (a.code->pdata[i], b.code->pdata[i]) != 0)
      {
        g_string_append_printf (missing, _("code block %u was dropped or changed"), i + 1);
        break;
      }
  if (a.code->len < b.code->len && missing->len == 0)
    g_string_append (missing, _("a code block was added"));
  contains_all (b.images, a.images, TRUE, missing);
  contains_all (b.links, a.links, FALSE, missing);
  if (!g_str_equal (a.headings->str, b.headings->str))
    g_string_append_printf (missing, "%s%s", missing->len > 0 ? "; " : "",
                            _("the headings are not those of the chapter"));
  parts_clear (&a);
  parts_clear (&b);
  if (missing->len == 0)
    return TRUE;
  g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_BAD_RESPONSE,
               _("The personalised chapter does not keep the original: %s"), missing->str);
  return FALSE;
}

/* ---- readability ------------------------------------------------------- */

static guint
syllables (const char *word,
           gsize       len)
{
  guint count = 0;
  gboolean vowel = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      gboolean v = strchr ("aeiouy", g_ascii_tolower (word[i])) != NULL;
      if (v && !vowel)
        count++;
      vowel = v;
    }
  if (len > 2 && g_ascii_tolower (word[len - 1]) == 'e' && count > 1)
    count--;
  return MAX (count, 1);
}

void
df_readability_measure (const char    *markdown,
                        DfReadability *out)
{
  Parts parts;
  guint words = 0, sentences = 0, syl = 0;
  gsize chars = 0;
  const char *p;

  parts_read (markdown, &parts);
  p = parts.prose->str;
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          const char *start = p;
          gsize n = 0;
          while (*p != '\0' && (g_unichar_isalnum (g_utf8_get_char (p)) || *p == '\''))
            p = g_utf8_next_char (p), n++;
          words++;
          chars += n;
          syl += syllables (start, p - start);
          continue;
        }
      /* . ! ? and the Urdu full stop (U+06D4) and question mark (U+061F) */
      if ((c == '.' || c == '!' || c == '?' || c == 0x06D4 || c == 0x061F) && words > 0)
        sentences++;
      p = g_utf8_next_char (p);
    }
  parts_clear (&parts);
  sentences = MAX (sentences, 1);
  out->sentence_words = words > 0 ? (double)words / sentences : 0;
  out->word_chars = words > 0 ? (double)chars / words : 0;
  out->grade = words > 0 ? 0.39 * out->sentence_words + 11.8 * ((double)syl / words) - 15.59 : 0;
}
