/* df-import.c: bringing manuscripts in
 *
 * Every import reads and checks its input, then adds the project, its
 * parts, chapters and images in one transaction: on any failure (bad
 * input found late, a database error, cancellation) the transaction is
 * rolled back and the database is as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "df-import.h"
#include "df-text.h"

#define MAX_FILE_SIZE (64 * 1024 * 1024)
#define MAX_TITLE_CHARS 200

typedef struct
{
  DfStore          *store;
  DfImportProgress  progress;
  gpointer          progress_data;
  GCancellable     *cancellable;
  gint64            project_id;
  double            last_fraction;
  char             *root_real;     /* images must resolve inside it */
  char             *root_dir;      /* asset paths are relative to it */
  GHashTable       *assets_seen;
} ImportCtx;

/* ---- helpers ----------------------------------------------------------- */

static void
report (ImportCtx *ctx,
        double     fraction,
        gboolean   force)
{
  if (ctx->progress == NULL)
    return;
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (force || fraction - ctx->last_fraction >= 0.01)
    {
      ctx->last_fraction = fraction;
      ctx->progress (fraction, ctx->progress_data);
    }
}

static gboolean
line_is_blank (const char *p,
               const char *end)
{
  for (; p < end; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r')
      return FALSE;
  return TRUE;
}

static const char *
line_end (const char *p,
          const char *end)
{
  const char *nl = memchr (p, '\n', end - p);
  return nl ? nl : end;
}

/* The text between @start and @end without its leading and trailing blank
 * lines; keeps the newline that ends the last line. */
static char *
trim_blank_lines (const char *start,
                  const char *end)
{
  const char *first = NULL;
  const char *last_end = NULL;

  for (const char *p = start; p < end;)
    {
      const char *e = line_end (p, end);

      if (!line_is_blank (p, e))
        {
          if (first == NULL)
            first = p;
          last_end = e < end ? e + 1 : e;
        }
      p = e < end ? e + 1 : end;
    }

  if (first == NULL)
    return g_strdup ("");
  return g_strndup (first, last_end - first);
}

static char *
truncate_title (const char *title)
{
  g_autofree char *copy = g_strstrip (g_strdup (title));

  if (g_utf8_strlen (copy, -1) > MAX_TITLE_CHARS)
    return g_utf8_substring (copy, 0, MAX_TITLE_CHARS);
  return g_steal_pointer (&copy);
}

/* "pride-and-prejudice.txt" -> "Pride and Prejudice" */
static char *
readable_title (const char *path)
{
  static const char * const small_words[] = {
    "a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on",
    "or", "the", "to", "with", NULL
  };
  g_autofree char *base = g_path_get_basename (path);
  g_auto(GStrv) words = NULL;
  GString *out = g_string_new (NULL);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  g_strdelimit (base, "-_.", ' ');
  words = g_strsplit (base, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *w = words[i];

      if (*w == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      if (out->len > 0 && g_strv_contains (small_words, w))
        g_string_append (out, w);
      else
        {
          gunichar c = g_utf8_get_char (w);
          g_string_append_unichar (out, g_unichar_totitle (c));
          g_string_append (out, g_utf8_next_char (w));
        }
    }

  if (out->len == 0)
    g_string_append (out, _("Untitled"));

  return g_string_free (out, FALSE);
}

/* Reads @path as UTF-8 text, checking size, NUL bytes and encoding.
 * @display names the file in errors.  A UTF-8 BOM is dropped when
 * @strip_bom. */
static char *
read_text_file (const char    *path,
                const char    *display,
                gboolean       strip_bom,
                gboolean       allow_empty,
                gsize         *out_len,
                GError       **error)
{
  GStatBuf st;
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *bad = NULL;
  const char *nul;
  gsize len = 0;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT || saved == ENOTDIR)
        g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                     _("“%s” does not exist; check the path"), display);
      else
        g_set_error (error, DF_ERROR, DF_ERROR_IO,
                     _("Could not read “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” is not a regular file; import a text or Markdown file, or a folder"), display);
      return NULL;
    }
  if (st.st_size > MAX_FILE_SIZE)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” is larger than 64 MiB; split it into smaller files and import those"), display);
      return NULL;
    }

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not read “%s”: %s"), display, local_error->message);
      return NULL;
    }
  if (len > MAX_FILE_SIZE)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” is larger than 64 MiB; split it into smaller files and import those"), display);
      return NULL;
    }

  nul = memchr (data, '\0', len);
  if (nul != NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” is a binary file (NUL byte at offset %zu), not text; "
                     "import a plain-text or Markdown manuscript"),
                   display, (gsize)(nul - data));
      return NULL;
    }

  if (!g_utf8_validate_len (data, len, &bad))
    {
      gsize offset = bad - data;
      guint line = 1;

      for (const char *p = data; p < bad; p++)
        if (*p == '\n')
          line++;
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” is not valid UTF-8 (byte 0x%02x at offset %zu, line %u); "
                     "save it as UTF-8 and import it again"),
                   display, (guchar)*bad, offset, line);
      return NULL;
    }

  if (strip_bom && len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      memmove (data, data + 3, len - 3);
      len -= 3;
      data[len] = '\0';
    }

  if (!allow_empty)
    {
      gboolean all_blank = TRUE;

      for (gsize i = 0; i < len && all_blank; i++)
        if (!g_ascii_isspace (data[i]))
          all_blank = FALSE;
      if (all_blank)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                       _("“%s” is empty; there is nothing to import"), display);
          return NULL;
        }
    }

  if (out_len != NULL)
    *out_len = len;
  return g_steal_pointer (&data);
}

/* CRLF and lone CR become LF, in place. */
static gsize
normalize_newlines (char  *text,
                    gsize  len)
{
  gsize j = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\r')
        {
          text[j++] = '\n';
          if (i + 1 < len && text[i + 1] == '\n')
            i++;
        }
      else
        text[j++] = text[i];
    }
  text[j] = '\0';
  return j;
}

static gboolean
check_cancelled (ImportCtx  *ctx,
                 GError    **error)
{
  return !g_cancellable_set_error_if_cancelled (ctx->cancellable, error);
}

/* The absolute, symlink-free form of @path, or NULL. */
static char *
real_path (const char *path)
{
  char *resolved = realpath (path, NULL);
  char *copy;

  if (resolved == NULL)
    return NULL;
  copy = g_strdup (resolved);
  free (resolved);
  return copy;
}

static gboolean
path_is_inside (const char *real,
                const char *root_real)
{
  gsize n = strlen (root_real);

  if (strcmp (real, root_real) == 0)
    return TRUE;
  if (n > 0 && root_real[n - 1] == '/')
    return strncmp (real, root_real, n) == 0;
  return strncmp (real, root_real, n) == 0 && real[n] == '/';
}

/* Joins @base_rel (a folder relative to the root, "" for the root) and a
 * relative reference, resolving "." and ".."; NULL when it leaves the
 * root or is not a relative path. */
static char *
resolve_relative (const char *base_rel,
                  const char *ref)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) base_parts = NULL;
  g_auto(GStrv) ref_parts = NULL;
  GString *out;

  if (ref[0] == '/' || ref[0] == '\0' || strchr (ref, '\\') != NULL)
    return NULL;

  base_parts = g_strsplit (base_rel ? base_rel : "", "/", -1);
  ref_parts = g_strsplit (ref, "/", -1);

  for (guint i = 0; base_parts[i] != NULL; i++)
    if (*base_parts[i] != '\0' && strcmp (base_parts[i], ".") != 0)
      g_ptr_array_add (parts, g_strdup (base_parts[i]));

  for (guint i = 0; ref_parts[i] != NULL; i++)
    {
      const char *p = ref_parts[i];

      if (*p == '\0' || strcmp (p, ".") == 0)
        continue;
      if (strcmp (p, "..") == 0)
        {
          if (parts->len == 0)
            return NULL;
          g_ptr_array_remove_index (parts, parts->len - 1);
          continue;
        }
      g_ptr_array_add (parts, g_strdup (p));
    }

  if (parts->len == 0)
    return NULL;

  out = g_string_new (NULL);
  for (guint i = 0; i < parts->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append (out, g_ptr_array_index (parts, i));
    }
  return g_string_free (out, FALSE);
}

/* ---- images ------------------------------------------------------------ */

static void
add_image_ref (GPtrArray  *refs,
               const char *start,
               gsize       len)
{
  g_autofree char *raw = NULL;
  char *cut;

  while (len > 0 && (*start == ' ' || *start == '<'))
    start++, len--;
  while (len > 0 && (start[len - 1] == ' ' || start[len - 1] == '>'))
    len--;
  if (len == 0)
    return;

  raw = g_strndup (start, len);
  if (strstr (raw, "://") != NULL || g_str_has_prefix (raw, "data:") ||
      g_str_has_prefix (raw, "mailto:") || raw[0] == '#' || raw[0] == '/')
    return;
  cut = strpbrk (raw, "?#");
  if (cut != NULL)
    *cut = '\0';
  if (*raw == '\0')
    return;

  if (strchr (raw, '%') != NULL)
    {
      char *unescaped = g_uri_unescape_string (raw, "/");
      if (unescaped == NULL)
        return;
      g_ptr_array_add (refs, unescaped);
    }
  else
    g_ptr_array_add (refs, g_steal_pointer (&raw));
}

/* Image references of a Markdown text: ![alt](src "title") and
 * <img ... src="src">. */
static GPtrArray *
find_image_refs (const char *text)
{
  GPtrArray *refs = g_ptr_array_new_with_free_func (g_free);

  for (const char *p = text; (p = strstr (p, "![")) != NULL;)
    {
      const char *q = p + 2;
      int depth = 1;

      for (; *q && depth > 0; q++)
        {
          if (*q == '\\' && q[1])
            q++;
          else if (*q == '[')
            depth++;
          else if (*q == ']')
            depth--;
        }
      p += 2;
      if (depth == 0 && *q == '(')
        {
          const char *s = q + 1;
          const char *e;

          while (*s == ' ')
            s++;
          if (*s == '<')
            e = strchr (s, '>');
          else
            e = s + strcspn (s, " \t\n)");
          if (e != NULL)
            add_image_ref (refs, s, e - s);
        }
    }

  for (const char *p = text; (p = strstr (p, "<img")) != NULL; p += 4)
    {
      const char *tag_end = strchr (p, '>');
      const char *src;

      if (tag_end == NULL)
        break;
      for (src = p; (src = strstr (src, "src")) != NULL && src < tag_end; src += 3)
        {
          const char *v = src + 3;

          if (!(src[-1] == ' ' || src[-1] == '\n' || src[-1] == '\t'))
            continue;
          while (*v == ' ')
            v++;
          if (*v != '=')
            continue;
          v++;
          while (*v == ' ')
            v++;
          if (*v == '"' || *v == '\'')
            {
              const char *close = strchr (v + 1, *v);
              if (close != NULL && close < tag_end)
                add_image_ref (refs, v + 1, close - v - 1);
            }
          else
            add_image_ref (refs, v, strcspn (v, " \t\n>"));
          break;
        }
    }

  return refs;
}

/* Stores every image @content references that exists inside the root,
 * keyed by its path relative to the root; @base_rel is the folder of the
 * chapter, relative to the root.  Missing images are skipped. */
static gboolean
import_images (ImportCtx   *ctx,
               const char  *content,
               const char  *base_rel,
               GError     **error)
{
  g_autoptr(GPtrArray) refs = find_image_refs (content);

  for (guint i = 0; i < refs->len; i++)
    {
      g_autofree char *key = resolve_relative (base_rel, g_ptr_array_index (refs, i));
      g_autofree char *full = NULL;
      g_autofree char *real = NULL;
      g_autofree char *data = NULL;
      g_autofree char *content_type = NULL;
      g_autofree char *mime = NULL;
      g_autoptr(GBytes) bytes = NULL;
      GStatBuf st;
      gsize len;

      if (key == NULL || g_hash_table_contains (ctx->assets_seen, key))
        continue;
      g_hash_table_add (ctx->assets_seen, g_strdup (key));

      full = g_build_filename (ctx->root_dir, key, NULL);
      real = real_path (full);
      if (real == NULL || !path_is_inside (real, ctx->root_real))
        continue;
      if (g_stat (real, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > MAX_FILE_SIZE)
        continue;
      if (!g_file_get_contents (real, &data, &len, NULL))
        continue;

      content_type = g_content_type_guess (key, (const guchar *)data, len, NULL);
      mime = content_type ? g_content_type_get_mime_type (content_type) : NULL;
      bytes = g_bytes_new_take (g_steal_pointer (&data), len);
      if (!df_asset_put (ctx->store, ctx->project_id, key,
                         mime ? mime : "application/octet-stream", bytes, error))
        return FALSE;
    }

  return TRUE;
}

/* ---- plain text: headings ---------------------------------------------- */

typedef enum
{
  HEADING_NONE,
  HEADING_CHAPTER,
  HEADING_PART,
  HEADING_PROLOGUE,   /* always a chapter, outside the parts before it */
  HEADING_EPILOGUE,   /* a part when chapters follow in a book with parts */
} HeadingKind;

static gboolean
word_is (const char  *p,
         const char  *end,
         const char  *word,
         const char **after)
{
  gsize n = strlen (word);

  if ((gsize)(end - p) < n || g_ascii_strncasecmp (p, word, n) != 0)
    return FALSE;
  if (p + n < end && g_ascii_isalpha (p[n]))
    return FALSE;
  *after = p + n;
  return TRUE;
}

static const char *
skip_spaces (const char *p,
             const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

/* A chapter or part number: digits, a roman numeral, or an English number
 * word ("One", "Twenty-One").  Returns the end, or NULL. */
static const char *
parse_number (const char *p,
              const char *end)
{
  static const char * const units[] = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen", NULL
  };
  static const char * const tens[] = {
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety", NULL
  };
  const char *q = p;
  const char *after;

  if (p >= end)
    return NULL;

  if (g_ascii_isdigit (*p))
    {
      while (q < end && g_ascii_isdigit (*q) && q - p < 5)
        q++;
      if (q < end && g_ascii_isalnum (*q))
        return NULL;
      return q;
    }

  if (strchr ("IVXLCDM", *p) != NULL || strchr ("ivxlcdm", *p) != NULL)
    {
      gboolean upper = g_ascii_isupper (*p);
      const char *set = upper ? "IVXLCDM" : "ivxlcdm";

      while (q < end && strchr (set, *q) != NULL && *q != '\0' && q - p < 12)
        q++;
      if (q > p && (q == end || !g_ascii_isalpha (*q)))
        return q;
    }

  for (guint i = 0; tens[i] != NULL; i++)
    if (word_is (p, end, tens[i], &after))
      {
        if (after < end && (*after == '-' || *after == ' '))
          for (guint j = 0; j < 9; j++)
            {
              const char *after_unit;
              if (word_is (after + 1, end, units[j], &after_unit))
                return after_unit;
            }
        return after;
      }

  for (guint i = 0; units[i] != NULL; i++)
    if (word_is (p, end, units[i], &after))
      return after;

  return NULL;
}

/* After the number: the end of the line, or a separator and a title. */
static gboolean
heading_tail_ok (const char *p,
                 const char *end)
{
  if (p < end && *p == '.')
    p++;
  p = skip_spaces (p, end);
  if (p == end)
    return TRUE;
  return *p == ':' || *p == '.' || *p == '-' ||
         g_str_has_prefix (p, "\xe2\x80\x94") ||  /* em dash */
         g_str_has_prefix (p, "\xe2\x80\x93");    /* en dash */
}

static HeadingKind
classify_heading (const char *line,
                  const char *line_end_p)
{
  static const char * const ordinals[] = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
    "eighth", "ninth", "tenth", "last", "final", NULL
  };
  const char *p = skip_spaces (line, line_end_p);
  const char *end = line_end_p;
  const char *after;

  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
    end--;
  if (p == end || end - p > 120)
    return HEADING_NONE;

  if (word_is (p, end, "chapter", &after))
    {
      const char *num = skip_spaces (after, end);
      const char *num_end;

      if (num == after)
        return HEADING_NONE;
      num_end = parse_number (num, end);
      if (num_end != NULL && heading_tail_ok (num_end, end))
        return HEADING_CHAPTER;
      return HEADING_NONE;
    }

  if (word_is (p, end, "book", &after) || word_is (p, end, "part", &after) ||
      word_is (p, end, "volume", &after))
    {
      const char *num = skip_spaces (after, end);
      const char *num_end;

      if (num == after)
        return HEADING_NONE;
      num_end = parse_number (num, end);
      if (num_end != NULL && heading_tail_ok (num_end, end))
        return HEADING_PART;
      return HEADING_NONE;
    }

  for (guint i = 0; ordinals[i] != NULL; i++)
    if (word_is (p, end, ordinals[i], &after))
      {
        const char *w = skip_spaces (after, end);
        const char *w_end;

        if (w == after)
          return HEADING_NONE;
        if ((word_is (w, end, "epilogue", &w_end) || word_is (w, end, "part", &w_end) ||
             word_is (w, end, "book", &w_end)) && heading_tail_ok (w_end, end))
          return HEADING_PART;
        return HEADING_NONE;
      }

  if (word_is (p, end, "prologue", &after) && heading_tail_ok (after, end))
    return HEADING_PROLOGUE;
  if (word_is (p, end, "epilogue", &after) && heading_tail_ok (after, end))
    return HEADING_EPILOGUE;

  return HEADING_NONE;
}

typedef struct
{
  HeadingKind  kind;
  const char  *start;       /* the heading line */
  const char  *end;
  const char  *body;        /* the line after it */
} Heading;

static void
text_chapter_free (gpointer data)
{
  DfTextChapter *chapter = data;

  g_free (chapter->title);
  g_free (chapter->content_md);
  g_free (chapter);
}

static void
book_add_chapter (DfTextBook *book,
                  char       *title,
                  int         part_index,
                  char       *content)
{
  DfTextChapter *chapter = g_new0 (DfTextChapter, 1);

  chapter->title = title;
  chapter->part_index = part_index;
  chapter->content_md = content;
  g_ptr_array_add (book->chapters, chapter);
}

void
df_text_book_free (DfTextBook *book)
{
  if (book == NULL)
    return;
  g_ptr_array_unref (book->parts);
  g_ptr_array_unref (book->chapters);
  g_free (book);
}

static char *
heading_title (const Heading *h)
{
  g_autofree char *raw = g_strndup (h->start, h->end - h->start);
  return truncate_title (raw);
}

/**
 * df_text_book_split:
 *
 * Splits a plain-text manuscript (LF line ends) at its chapter and part
 * headings: lines such as "Chapter 1", "CHAPTER XII.", "Chapter One: The
 * Ball", "BOOK ONE: 1805", "PART 2", "FIRST EPILOGUE: 1813 - 20",
 * "PROLOGUE", "EPILOGUE", each standing alone after a blank line.  Text
 * before the first heading becomes a chapter "Front Matter" when it has
 * words; text between a part heading and its first chapter becomes a
 * chapter named after the part.  Without any heading the whole text is
 * one chapter whose title is NULL (the importer names it).
 */
DfTextBook *
df_text_book_split (const char *text,
                    gsize       len)
{
  DfTextBook *book = g_new0 (DfTextBook, 1);
  g_autoptr(GArray) headings = g_array_new (FALSE, FALSE, sizeof (Heading));
  const char *end = text + len;
  gboolean prev_blank = TRUE;
  gboolean seen_part = FALSE;
  int current_part = -1;

  book->parts = g_ptr_array_new_with_free_func (g_free);
  book->chapters = g_ptr_array_new_with_free_func (text_chapter_free);

  for (const char *p = text; p < end;)
    {
      const char *e = line_end (p, end);
      gboolean blank = line_is_blank (p, e);

      if (!blank && prev_blank)
        {
          HeadingKind kind = classify_heading (p, e);

          if (kind != HEADING_NONE)
            {
              Heading h = { kind, p, e, e < end ? e + 1 : end };

              /* A heading ends at its own line: drop a trailing \r. */
              while (h.end > h.start && (h.end[-1] == ' ' || h.end[-1] == '\r'))
                h.end--;
              while (h.start < h.end && (*h.start == ' ' || *h.start == '\t'))
                h.start++;
              g_array_append_val (headings, h);
            }
        }
      prev_blank = blank;
      p = e < end ? e + 1 : end;
    }

  if (headings->len == 0)
    {
      book_add_chapter (book, NULL, -1, trim_blank_lines (text, end));
      return book;
    }

  {
    const Heading *first = &g_array_index (headings, Heading, 0);

    if (df_text_count_words (text, first->start - text) > 0)
      book_add_chapter (book, g_strdup (_("Front Matter")), -1,
                        trim_blank_lines (text, first->start));
  }

  for (guint i = 0; i < headings->len; i++)
    {
      const Heading *h = &g_array_index (headings, Heading, i);
      const Heading *next = i + 1 < headings->len ? &g_array_index (headings, Heading, i + 1) : NULL;
      const char *body_end = next ? next->start : end;
      HeadingKind kind = h->kind;

      if (kind == HEADING_EPILOGUE)
        kind = (seen_part && next != NULL && next->kind == HEADING_CHAPTER) ? HEADING_PART : HEADING_PROLOGUE;

      switch (kind)
        {
        case HEADING_PART:
          seen_part = TRUE;
          g_ptr_array_add (book->parts, heading_title (h));
          current_part = book->parts->len - 1;
          if (df_text_count_words (h->body, body_end - h->body) > 0)
            book_add_chapter (book, heading_title (h), current_part,
                              trim_blank_lines (h->body, body_end));
          break;

        case HEADING_PROLOGUE:
          /* Before the parts, or after them: not inside one. */
          current_part = -1;
          book_add_chapter (book, heading_title (h), -1, trim_blank_lines (h->body, body_end));
          break;

        case HEADING_CHAPTER:
          book_add_chapter (book, heading_title (h), current_part,
                            trim_blank_lines (h->body, body_end));
          break;

        case HEADING_EPILOGUE:
        case HEADING_NONE:
        default:
          g_assert_not_reached ();
        }
    }

  return book;
}

/* ---- adding to the store ----------------------------------------------- */

static DfProject *
create_project (ImportCtx           *ctx,
                const DfProjectNew  *spec,
                GError             **error)
{
  DfProject *project = df_project_create (ctx->store, spec, error);

  if (project != NULL)
    ctx->project_id = project->id;
  return project;
}

static gint64
add_part (ImportCtx   *ctx,
          const char  *title,
          GError     **error)
{
  g_autoptr(DfPart) part = df_part_add (ctx->store, ctx->project_id, title, error);
  return part ? part->id : 0;
}

static DfChapter *
add_chapter (ImportCtx   *ctx,
             gint64       part_id,
             const char  *title,
             const char  *content,
             GError     **error)
{
  return df_chapter_add (ctx->store, ctx->project_id, part_id, title, content, error);
}

/* ---- plain text ---------------------------------------------------------- */

static gboolean
import_plain_text (ImportCtx   *ctx,
                   const char  *path,
                   const char  *display,
                   const char  *title,
                   GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *project_title = NULL;
  g_autoptr(DfTextBook) book = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autofree gint64 *part_ids = NULL;
  DfProjectNew spec = { 0 };
  gsize len;

  text = read_text_file (path, display, TRUE, FALSE, &len, error);
  if (text == NULL)
    return FALSE;
  len = normalize_newlines (text, len);
  report (ctx, 0.05, FALSE);

  book = df_text_book_split (text, len);
  report (ctx, 0.15, FALSE);

  project_title = title ? g_strdup (title) : readable_title (path);
  spec.title = project_title;
  project = create_project (ctx, &spec, error);
  if (project == NULL)
    return FALSE;

  part_ids = g_new0 (gint64, book->parts->len + 1);
  for (guint i = 0; i < book->parts->len; i++)
    {
      part_ids[i] = add_part (ctx, g_ptr_array_index (book->parts, i), error);
      if (part_ids[i] == 0)
        return FALSE;
    }

  for (guint i = 0; i < book->chapters->len; i++)
    {
      DfTextChapter *tc = g_ptr_array_index (book->chapters, i);
      g_autoptr(DfChapter) chapter = NULL;

      if (!check_cancelled (ctx, error))
        return FALSE;
      chapter = add_chapter (ctx, tc->part_index >= 0 ? part_ids[tc->part_index] : 0,
                             tc->title ? tc->title : project_title, tc->content_md, error);
      if (chapter == NULL)
        return FALSE;
      report (ctx, 0.15 + 0.85 * (i + 1) / book->chapters->len, FALSE);
    }

  return TRUE;
}

/* ---- Markdown ------------------------------------------------------------ */

/* The ATX headings of level @level outside fenced code blocks: an array of
 * line start offsets. */
static GArray *
find_md_headings (const char *text,
                  gsize       len,
                  int         level)
{
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  const char *end = text + len;
  char fence = 0;

  for (const char *p = text; p < end;)
    {
      const char *e = line_end (p, end);
      const char *s = p;
      int indent = 0;

      while (s < e && *s == ' ' && indent < 4)
        s++, indent++;

      if (indent < 4 && e - s >= 3 && (s[0] == '`' || s[0] == '~') && s[1] == s[0] && s[2] == s[0])
        {
          if (fence == 0)
            fence = s[0];
          else if (fence == s[0])
            fence = 0;
        }
      else if (fence == 0 && indent == 0)
        {
          int hashes = 0;

          while (s + hashes < e && s[hashes] == '#')
            hashes++;
          if (hashes == level && (s + hashes == e || s[hashes] == ' ' || s[hashes] == '\t'))
            {
              gsize off = p - text;
              g_array_append_val (offsets, off);
            }
        }
      p = e < end ? e + 1 : end;
    }

  return offsets;
}

/* The text of the heading line at @line: "# Title #" -> "Title". */
static char *
md_heading_text (const char *line,
                 const char *end)
{
  const char *e = line_end (line, end);
  const char *s = line;
  g_autofree char *raw = NULL;
  char *t;

  while (s < e && *s == '#')
    s++;
  raw = g_strndup (s, e - s);
  g_strstrip (raw);
  t = raw + strlen (raw);
  while (t > raw && t[-1] == '#')
    t--;
  if (t > raw && t < raw + strlen (raw) && (t[-1] == ' ' || t[-1] == '\t'))
    *t = '\0';
  g_strstrip (raw);
  return truncate_title (raw);
}

/* The first level-1 heading's text, or NULL. */
static char *
md_first_title (const char *text,
                gsize       len)
{
  g_autoptr(GArray) h1 = find_md_headings (text, len, 1);

  if (h1->len == 0)
    return NULL;
  return md_heading_text (text + g_array_index (h1, gsize, 0), text + len);
}

static char *
file_stem (const char *path)
{
  char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return base;
}

static gboolean
setup_root (ImportCtx   *ctx,
            const char  *dir,
            GError     **error)
{
  ctx->root_dir = g_strdup (dir);
  ctx->root_real = real_path (dir);
  if (ctx->root_real == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("“%s” does not exist; check the path"), dir);
      return FALSE;
    }
  return TRUE;
}

static gboolean
import_markdown_file (ImportCtx   *ctx,
                      const char  *path,
                      const char  *display,
                      const char  *title,
                      GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *project_title = NULL;
  g_autofree char *stem = file_stem (path);
  g_autoptr(GArray) h1 = NULL;
  g_autoptr(GArray) h2 = NULL;
  g_autoptr(DfProject) project = NULL;
  GArray *splits;
  DfProjectNew spec = { 0 };
  gsize len;
  gsize first;

  text = read_text_file (path, display, TRUE, FALSE, &len, error);
  if (text == NULL || !setup_root (ctx, dir, error))
    return FALSE;

  h1 = find_md_headings (text, len, 1);
  h2 = find_md_headings (text, len, 2);

  /* Several "# " headings: one chapter each.  One "# " heading naming
   * the book and "## " chapters under it: split at those. */
  splits = h1;
  if (h1->len == 1 && h2->len > 0 &&
      df_text_count_words (text, g_array_index (h1, gsize, 0)) == 0 &&
      g_array_index (h2, gsize, 0) > g_array_index (h1, gsize, 0))
    {
      splits = h2;
      if (title == NULL)
        project_title = md_heading_text (text + g_array_index (h1, gsize, 0), text + len);
    }
  else if (h1->len == 0)
    splits = h2;

  if (project_title == NULL)
    project_title = title ? g_strdup (title) : readable_title (path);
  spec.title = project_title;
  project = create_project (ctx, &spec, error);
  if (project == NULL)
    return FALSE;

  first = splits->len > 0 ? g_array_index (splits, gsize, 0) : len;
  if (splits->len == 0 || df_text_count_words (text, first) > 0)
    {
      g_autofree char *content = trim_blank_lines (text, text + first);
      g_autoptr(DfChapter) chapter = NULL;

      chapter = add_chapter (ctx, 0, splits->len == 0 ? stem : _("Front Matter"), content, error);
      if (chapter == NULL || !import_images (ctx, content, "", error))
        return FALSE;
    }

  for (guint i = 0; i < splits->len; i++)
    {
      gsize start = g_array_index (splits, gsize, i);
      gsize stop = i + 1 < splits->len ? g_array_index (splits, gsize, i + 1) : len;
      g_autofree char *chapter_title = md_heading_text (text + start, text + len);
      g_autofree char *content = trim_blank_lines (text + start, text + stop);
      g_autoptr(DfChapter) chapter = NULL;

      if (!check_cancelled (ctx, error))
        return FALSE;
      chapter = add_chapter (ctx, 0, *chapter_title ? chapter_title : stem, content, error);
      if (chapter == NULL || !import_images (ctx, content, "", error))
        return FALSE;
      report (ctx, (double)(i + 1) / splits->len, FALSE);
    }

  return TRUE;
}

static gboolean
has_md_suffix (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  return g_str_has_suffix (lower, ".md") || g_str_has_suffix (lower, ".markdown");
}

static int
compare_collate_keys (gconstpointer a,
                      gconstpointer b)
{
  const char * const *sa = a;
  const char * const *sb = b;
  g_autofree char *ka = g_utf8_collate_key_for_filename (*sa, -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (*sb, -1);
  int c = strcmp (ka, kb);

  return c != 0 ? c : strcmp (*sa, *sb);
}

static gboolean
import_markdown_dir (ImportCtx   *ctx,
                     const char  *path,
                     const char  *display,
                     const char  *title,
                     GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autofree char *project_title = NULL;
  DfProjectNew spec = { 0 };
  const char *name;

  dir = g_dir_open (path, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not read the folder “%s”: %s"),
                   display, local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *full = g_build_filename (path, name, NULL);

      if (name[0] != '.' && has_md_suffix (name) && g_file_test (full, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (name));
    }
  if (names->len == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” contains no Markdown (.md) files; import a folder of chapters or a single file"),
                   display);
      return FALSE;
    }
  g_ptr_array_sort (names, compare_collate_keys);

  if (!setup_root (ctx, path, error))
    return FALSE;

  project_title = title ? g_strdup (title) : readable_title (path);
  spec.title = project_title;
  project = create_project (ctx, &spec, error);
  if (project == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *full = g_build_filename (path, file, NULL);
      g_autofree char *file_display = g_build_filename (display, file, NULL);
      g_autofree char *text = NULL;
      g_autofree char *chapter_title = NULL;
      g_autoptr(DfChapter) chapter = NULL;
      gsize len;

      if (!check_cancelled (ctx, error))
        return FALSE;
      text = read_text_file (full, file_display, TRUE, TRUE, &len, error);
      if (text == NULL)
        return FALSE;
      chapter_title = md_first_title (text, len);
      if (chapter_title == NULL || *chapter_title == '\0')
        {
          g_free (chapter_title);
          chapter_title = file_stem (file);
        }
      chapter = add_chapter (ctx, 0, chapter_title, text, error);
      if (chapter == NULL || !import_images (ctx, text, "", error))
        return FALSE;
      report (ctx, (double)(i + 1) / names->len, FALSE);
    }

  return TRUE;
}

/* ---- mdBook -------------------------------------------------------------- */

typedef struct
{
  char  *title;
  char  *file;      /* relative to the src folder; NULL for a draft */
  int    depth;     /* -1: prefix or suffix chapter, 0: top level, 1: nested */
  guint  line;
} SummaryItem;

static void
summary_item_free (gpointer data)
{
  SummaryItem *item = data;

  g_free (item->title);
  g_free (item->file);
  g_free (item);
}

/* Parses "[Title](target)" at @p; FALSE when it is not a link. */
static gboolean
parse_summary_link (const char  *p,
                    const char  *end,
                    char       **title,
                    char       **target)
{
  const char *q;
  const char *t;
  int depth = 1;

  if (p >= end || *p != '[')
    return FALSE;
  for (q = p + 1; q < end && depth > 0; q++)
    {
      if (*q == '\\' && q + 1 < end)
        q++;
      else if (*q == '[')
        depth++;
      else if (*q == ']')
        depth--;
    }
  if (depth != 0 || q >= end || *q != '(')
    return FALSE;
  t = memchr (q, ')', end - q);
  if (t == NULL)
    return FALSE;

  *title = g_strndup (p + 1, (q - 1) - (p + 1));
  *target = g_strstrip (g_strndup (q + 1, t - q - 1));
  if (**target == '<' && (*target)[strlen (*target) - 1] == '>')
    {
      char *inner = g_strndup (*target + 1, strlen (*target) - 2);
      g_free (*target);
      *target = inner;
    }
  if (strchr (*target, '%') != NULL)
    {
      char *unescaped = g_uri_unescape_string (*target, "/");
      if (unescaped != NULL)
        {
          g_free (*target);
          *target = unescaped;
        }
    }
  return TRUE;
}

static GPtrArray *
parse_summary (const char  *text,
               gsize        len,
               char       **book_title)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (summary_item_free);
  const char *end = text + len;
  guint line_no = 0;
  gboolean seen_list = FALSE;

  *book_title = NULL;

  for (const char *p = text; p < end;)
    {
      const char *e = line_end (p, end);
      const char *s = p;
      const char *le = e;
      int indent = 0;
      char *item_title = NULL;
      char *target = NULL;

      line_no++;
      while (le > s && (le[-1] == '\r' || le[-1] == ' ' || le[-1] == '\t'))
        le--;
      while (s < le && (*s == ' ' || *s == '\t'))
        {
          indent += *s == '\t' ? 4 : 1;
          s++;
        }

      if (s < le && *s == '#' && indent == 0)
        {
          /* The book's title; later "# " lines name mdBook part titles,
           * which only label the sidebar: the list items keep their
           * order. */
          if (*book_title == NULL)
            {
              const char *h = s;
              while (h < le && *h == '#')
                h++;
              *book_title = g_strstrip (g_strndup (h, le - h));
            }
        }
      else if (s + 1 < le && (*s == '-' || *s == '*' || *s == '+') && (s[1] == ' ' || s[1] == '\t'))
        {
          const char *l = skip_spaces (s + 1, le);

          if (parse_summary_link (l, le, &item_title, &target))
            {
              SummaryItem *item = g_new0 (SummaryItem, 1);

              item->title = item_title;
              item->file = *target ? target : (g_free (target), NULL);
              item->depth = (indent > 0 && seen_list) ? 1 : 0;
              item->line = line_no;
              g_ptr_array_add (items, item);
              seen_list = TRUE;
            }
        }
      else if (s < le && *s == '[')
        {
          if (parse_summary_link (s, le, &item_title, &target))
            {
              SummaryItem *item = g_new0 (SummaryItem, 1);

              item->title = item_title;
              item->file = *target ? target : (g_free (target), NULL);
              item->depth = -1;
              item->line = line_no;
              g_ptr_array_add (items, item);
            }
        }

      p = e < end ? e + 1 : end;
    }

  return items;
}

static gboolean
import_mdbook (ImportCtx   *ctx,
               const char  *path,
               const char  *display,
               const char  *title,
               GError     **error)
{
  g_autofree char *summary_path = g_build_filename (path, "SUMMARY.md", NULL);
  g_autofree char *summary_display = g_build_filename (display, "SUMMARY.md", NULL);
  g_autofree char *text = NULL;
  g_autofree char *book_title = NULL;
  g_autofree char *project_title = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(DfProject) project = NULL;
  DfProjectNew spec = { 0 };
  gint64 part_id = 0;
  gsize len;

  text = read_text_file (summary_path, summary_display, TRUE, FALSE, &len, error);
  if (text == NULL)
    return FALSE;
  items = parse_summary (text, len, &book_title);
  if (items->len == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” lists no chapters; add links such as “- [Intro](intro.md)”"),
                   summary_display);
      return FALSE;
    }
  if (!setup_root (ctx, path, error))
    return FALSE;

  if (title != NULL)
    project_title = g_strdup (title);
  else if (book_title != NULL && *book_title != '\0')
    project_title = truncate_title (book_title);
  else
    project_title = readable_title (path);
  spec.title = project_title;
  spec.project_type = "technical-book";
  project = create_project (ctx, &spec, error);
  if (project == NULL)
    return FALSE;

  for (guint i = 0; i < items->len; i++)
    {
      SummaryItem *item = g_ptr_array_index (items, i);
      g_autofree char *content = NULL;
      g_autofree char *chapter_title = truncate_title (item->title);
      g_autofree char *base_rel = NULL;
      g_autoptr(DfChapter) chapter = NULL;

      if (!check_cancelled (ctx, error))
        return FALSE;

      if (*chapter_title == '\0')
        {
          g_free (chapter_title);
          chapter_title = item->file ? file_stem (item->file) : g_strdup (_("Untitled"));
        }

      if (item->file != NULL)
        {
          g_autofree char *rel = resolve_relative ("", item->file);
          g_autofree char *full = NULL;
          g_autofree char *real = NULL;
          g_autofree char *file_display = NULL;

          if (rel == NULL)
            {
              g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                           _("%s, line %u: “%s” is outside the book folder; link only files inside it"),
                           summary_display, item->line, item->file);
              return FALSE;
            }
          full = g_build_filename (path, rel, NULL);
          file_display = g_build_filename (display, rel, NULL);
          real = real_path (full);
          if (real == NULL)
            {
              g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                           _("%s, line %u: the chapter file “%s” does not exist; fix the link or add the file"),
                           summary_display, item->line, item->file);
              return FALSE;
            }
          if (!path_is_inside (real, ctx->root_real))
            {
              g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                           _("%s, line %u: “%s” is outside the book folder; link only files inside it"),
                           summary_display, item->line, item->file);
              return FALSE;
            }
          content = read_text_file (real, file_display, TRUE, TRUE, NULL, error);
          if (content == NULL)
            return FALSE;
          base_rel = g_path_get_dirname (rel);
          if (strcmp (base_rel, ".") == 0)
            g_clear_pointer (&base_rel, g_free);
        }

      if (item->depth == 0)
        {
          part_id = add_part (ctx, chapter_title, error);
          if (part_id == 0)
            return FALSE;
        }
      else if (item->depth < 0)
        part_id = 0;

      chapter = add_chapter (ctx, part_id, chapter_title, content ? content : "", error);
      if (chapter == NULL)
        return FALSE;
      if (item->depth > 0 && part_id != 0 &&
          !df_chapter_set_field (ctx->store, chapter->id, "kind", "lesson", error))
        return FALSE;
      if (content != NULL && !import_images (ctx, content, base_rel ? base_rel : "", error))
        return FALSE;

      report (ctx, (double)(i + 1) / items->len, FALSE);
    }

  return TRUE;
}

/* ---- the project folder format --------------------------------------- */

static const char *
json_get_string (JsonObject *obj,
                 const char *key)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
json_get_int (JsonObject *obj,
              const char *key,
              gint64     *out)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
project_json_error (GError     **error,
                    const char  *display,
                    const char  *what)
{
  g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
               _("“%s” is not a DraftForge project file: %s; export the project again or fix the file"),
               display, what);
  return FALSE;
}

/* Reads a chapter or asset path of project.json: relative, inside. */
static char *
project_file_path (const char *dir,
                   const char *rel)
{
  g_autofree char *clean = resolve_relative ("", rel);

  if (clean == NULL || strcmp (clean, rel) != 0)
    return NULL;
  return g_build_filename (dir, clean, NULL);
}

static gboolean
set_project_field (ImportCtx   *ctx,
                   JsonObject  *obj,
                   const char  *key,
                   const char  *current,
                   GError     **error)
{
  const char *value = json_get_string (obj, key);

  if (value == NULL || g_strcmp0 (value, current) == 0)
    return TRUE;
  return df_project_set_field (ctx->store, ctx->project_id, key, value, error);
}

static gboolean
import_project_dir (ImportCtx   *ctx,
                    const char  *path,
                    const char  *display,
                    const char  *title,
                    GError     **error)
{
  g_autofree char *json_path = g_build_filename (path, "project.json", NULL);
  g_autofree char *json_display = g_build_filename (display, "project.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GArray) part_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autofree char *slug = NULL;
  JsonNode *root;
  JsonObject *top;
  JsonObject *pobj;
  JsonNode *node;
  JsonArray *parts = NULL;
  JsonArray *chapters;
  JsonArray *assets = NULL;
  DfProjectNew spec = { 0 };
  const char *format;
  const char *project_title;
  gint64 format_version = 0;
  gint64 target = 0;
  guint n_chapters;
  gsize len;

  text = read_text_file (json_path, json_display, TRUE, FALSE, &len, error);
  if (text == NULL)
    return FALSE;
  if (!json_parser_load_from_data (parser, text, len, &local_error))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” does not parse as JSON (%s); fix the file or export the project again"),
                   json_display, local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return project_json_error (error, json_display, _("the top level is not an object"));
  top = json_node_get_object (root);

  format = json_get_string (top, "format");
  if (g_strcmp0 (format, "draftforge-project") != 0)
    return project_json_error (error, json_display, _("“format” is not “draftforge-project”"));
  if (!json_get_int (top, "format_version", &format_version))
    return project_json_error (error, json_display, _("“format_version” is missing"));
  if (format_version > 1)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” was written by a newer DraftForge (format version %" PRId64 "); "
                     "update DraftForge to import it"),
                   json_display, format_version);
      return FALSE;
    }
  node = json_object_get_member (top, "project");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return project_json_error (error, json_display, _("the “project” object is missing"));
  pobj = json_node_get_object (node);
  project_title = json_get_string (pobj, "title");
  if (project_title == NULL)
    return project_json_error (error, json_display, _("“project.title” is missing"));

  node = json_object_get_member (top, "chapters");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return project_json_error (error, json_display, _("the “chapters” list is missing"));
  chapters = json_node_get_array (node);
  n_chapters = json_array_get_length (chapters);

  node = json_object_get_member (top, "parts");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return project_json_error (error, json_display, _("“parts” is not a list"));
      parts = json_node_get_array (node);
    }
  node = json_object_get_member (top, "assets");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return project_json_error (error, json_display, _("“assets” is not a list"));
      assets = json_node_get_array (node);
    }

  /* Keep the slug unless another project has it. */
  if (json_get_string (pobj, "slug") != NULL)
    {
      g_autoptr(DfProject) existing = NULL;
      g_autoptr(GError) lookup_error = NULL;

      existing = df_project_get (ctx->store, json_get_string (pobj, "slug"), TRUE, &lookup_error);
      if (existing == NULL && g_error_matches (lookup_error, DF_ERROR, DF_ERROR_NOT_FOUND))
        slug = g_strdup (json_get_string (pobj, "slug"));
      else if (existing == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&lookup_error));
          return FALSE;
        }
    }

  spec.title = title ? title : project_title;
  spec.slug = slug;
  spec.description = json_get_string (pobj, "description");
  spec.project_type = json_get_string (pobj, "project_type");
  spec.genre = json_get_string (pobj, "genre");
  spec.language = json_get_string (pobj, "language");
  if (json_get_int (pobj, "target_word_count", &target))
    spec.target_word_count = target;
  project = create_project (ctx, &spec, error);
  if (project == NULL)
    {
      g_prefix_error (error, "%s: ", json_display);
      return FALSE;
    }
  if (!set_project_field (ctx, pobj, "status", project->status, error))
    return FALSE;

  /* settings and version come only from a project folder. */
  {
    JsonNode *settings = json_object_get_member (pobj, "settings");
    const char *version = json_get_string (pobj, "version");
    g_autofree char *settings_text = NULL;

    if (settings != NULL && !JSON_NODE_HOLDS_NULL (settings))
      {
        if (!JSON_NODE_HOLDS_OBJECT (settings))
          return project_json_error (error, json_display, _("“project.settings” is not an object"));
        settings_text = json_to_string (settings, FALSE);
      }
    if (settings_text != NULL && g_strcmp0 (settings_text, project->settings) != 0 &&
        !df_project_set_field (ctx->store, ctx->project_id, "settings", settings_text, error))
      return FALSE;
    if (version != NULL && g_strcmp0 (version, project->version) != 0)
      {
        if (*version == '\0' || strlen (version) > 100)
          return project_json_error (error, json_display, _("“project.version” is empty or too long"));
        if (!df_project_set_field (ctx->store, ctx->project_id, "version", version, error))
          return FALSE;
      }
  }

  for (guint i = 0; parts != NULL && i < json_array_get_length (parts); i++)
    {
      JsonNode *pn = json_array_get_element (parts, i);
      JsonObject *po;
      const char *part_title;
      gint64 part_id;
      gint64 n;
      static const char * const text_keys[] = { "description", "layer", "tier", NULL };
      static const char * const int_keys[] = { "week_start", "week_end", NULL };

      if (!JSON_NODE_HOLDS_OBJECT (pn))
        return project_json_error (error, json_display, _("an entry of “parts” is not an object"));
      po = json_node_get_object (pn);
      part_title = json_get_string (po, "title");
      if (part_title == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("part %u has no “title”"), i + 1);
          return project_json_error (error, json_display, what);
        }
      part_id = add_part (ctx, part_title, error);
      if (part_id == 0)
        return FALSE;
      g_array_append_val (part_ids, part_id);

      for (guint k = 0; text_keys[k] != NULL; k++)
        {
          const char *v = json_get_string (po, text_keys[k]);
          if (v != NULL && !df_part_set_field (ctx->store, part_id, text_keys[k], v, error))
            return FALSE;
        }
      for (guint k = 0; int_keys[k] != NULL; k++)
        if (json_get_int (po, int_keys[k], &n))
          {
            g_autofree char *v = g_strdup_printf ("%" PRId64, n);
            if (!df_part_set_field (ctx->store, part_id, int_keys[k], v, error))
              return FALSE;
          }
    }

  for (guint i = 0; i < n_chapters; i++)
    {
      JsonNode *cn = json_array_get_element (chapters, i);
      JsonObject *co;
      const char *file;
      const char *chapter_title;
      const char *v;
      g_autofree char *full = NULL;
      g_autofree char *file_display = NULL;
      g_autofree char *content = NULL;
      g_autoptr(DfChapter) chapter = NULL;
      gint64 part_number = 0;
      gint64 part_id = 0;
      gint64 minutes;
      JsonNode *prereq;

      if (!check_cancelled (ctx, error))
        return FALSE;
      if (!JSON_NODE_HOLDS_OBJECT (cn))
        return project_json_error (error, json_display, _("an entry of “chapters” is not an object"));
      co = json_node_get_object (cn);
      file = json_get_string (co, "file");
      chapter_title = json_get_string (co, "title");
      if (file == NULL || chapter_title == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("chapter %u has no “file” or “title”"), i + 1);
          return project_json_error (error, json_display, what);
        }
      full = project_file_path (path, file);
      if (full == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("chapter file “%s” is not a plain relative path"), file);
          return project_json_error (error, json_display, what);
        }
      file_display = g_build_filename (display, file, NULL);
      content = read_text_file (full, file_display, FALSE, TRUE, NULL, error);
      if (content == NULL)
        {
          if (g_error_matches (*error, DF_ERROR, DF_ERROR_NOT_FOUND))
            {
              g_clear_error (error);
              g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                           _("“%s” lists the chapter file “%s”, which does not exist; restore it or export the project again"),
                           json_display, file);
            }
          return FALSE;
        }

      if (json_get_int (co, "part", &part_number))
        {
          if (part_number < 1 || part_number > (gint64)part_ids->len)
            {
              g_autofree char *what = g_strdup_printf (_("chapter “%s” names part %" PRId64 ", which is not listed"),
                                                       file, part_number);
              return project_json_error (error, json_display, what);
            }
          part_id = g_array_index (part_ids, gint64, part_number - 1);
        }

      chapter = add_chapter (ctx, part_id, chapter_title, content, error);
      if (chapter == NULL)
        {
          g_prefix_error (error, "%s: ", file_display);
          return FALSE;
        }
      /* Chapters are added in book order, so each lands at its place; a
       * part whose chapters are not together needs a move. */
      if (chapter->number != (gint64)i + 1 &&
          !df_chapter_move (ctx->store, chapter->id, i + 1, error))
        return FALSE;

      v = json_get_string (co, "slug");
      if (v != NULL && g_strcmp0 (v, chapter->slug) != 0 &&
          !df_chapter_set_field (ctx->store, chapter->id, "slug", v, error))
        return FALSE;
      v = json_get_string (co, "kind");
      if (v != NULL && g_strcmp0 (v, chapter->kind) != 0 &&
          !df_chapter_set_field (ctx->store, chapter->id, "kind", v, error))
        return FALSE;
      prereq = json_object_get_member (co, "prerequisites");
      if (prereq != NULL && !JSON_NODE_HOLDS_NULL (prereq))
        {
          g_autofree char *s = json_to_string (prereq, FALSE);
          if (g_strcmp0 (s, chapter->prerequisites) != 0 &&
              !df_chapter_set_field (ctx->store, chapter->id, "prerequisites", s, error))
            return FALSE;
        }
      if (json_get_int (co, "estimated_minutes", &minutes))
        {
          g_autofree char *s = g_strdup_printf ("%" PRId64, minutes);
          if (!df_chapter_set_field (ctx->store, chapter->id, "estimated_minutes", s, error))
            return FALSE;
        }

      report (ctx, 0.9 * (i + 1) / MAX (n_chapters, 1), FALSE);
    }

  for (guint i = 0; assets != NULL && i < json_array_get_length (assets); i++)
    {
      JsonNode *an = json_array_get_element (assets, i);
      JsonObject *ao;
      const char *asset_path;
      const char *mime;
      g_autofree char *rel = NULL;
      g_autofree char *full = NULL;
      g_autofree char *data = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) read_error = NULL;
      gsize n;

      if (!JSON_NODE_HOLDS_OBJECT (an))
        return project_json_error (error, json_display, _("an entry of “assets” is not an object"));
      ao = json_node_get_object (an);
      asset_path = json_get_string (ao, "path");
      mime = json_get_string (ao, "mime_type");
      if (asset_path == NULL || mime == NULL)
        return project_json_error (error, json_display, _("an asset has no “path” or “mime_type”"));
      rel = g_strconcat ("assets/", asset_path, NULL);
      full = project_file_path (path, rel);
      if (full == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("asset “%s” is not a plain relative path"), asset_path);
          return project_json_error (error, json_display, what);
        }
      if (!g_file_get_contents (full, &data, &n, &read_error))
        {
          g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                       _("“%s” lists the image “%s”, which cannot be read (%s); restore it or export the project again"),
                       json_display, rel, read_error->message);
          return FALSE;
        }
      bytes = g_bytes_new_take (g_steal_pointer (&data), n);
      if (!df_asset_put (ctx->store, ctx->project_id, asset_path, mime, bytes, error))
        return FALSE;
    }

  return TRUE;
}

/* ---- entry point ---------------------------------------------------------- */

static DfImportFormat
detect_format (const char *path)
{
  g_autofree char *project_json = g_build_filename (path, "project.json", NULL);
  g_autofree char *summary = g_build_filename (path, "SUMMARY.md", NULL);
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (g_file_test (project_json, G_FILE_TEST_IS_REGULAR))
        return DF_IMPORT_PROJECT_DIR;
      if (g_file_test (summary, G_FILE_TEST_IS_REGULAR))
        return DF_IMPORT_MDBOOK;
      return DF_IMPORT_MARKDOWN_DIR;
    }
  if (g_str_has_suffix (lower, ".md") || g_str_has_suffix (lower, ".markdown"))
    return DF_IMPORT_MARKDOWN_FILE;
  return DF_IMPORT_PLAIN_TEXT;
}

/**
 * df_import:
 *
 * See df-import.h.  The returned project is read back after the commit.
 */
DfProject *
df_import (DfStore          *store,
           const char       *path,
           DfImportFormat    format,
           const char       *title,
           DfImportProgress  progress,
           gpointer          progress_data,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autofree char *display = NULL;
  ImportCtx ctx = { 0 };
  gboolean is_dir;
  gboolean ok = FALSE;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("“%s” does not exist; check the path"), display);
      return NULL;
    }
  if (title != NULL && !df_validate_text (_("title"), title, MAX_TITLE_CHARS, error))
    return NULL;

  if (format == DF_IMPORT_AUTO)
    format = detect_format (path);

  is_dir = g_file_test (path, G_FILE_TEST_IS_DIR);
  if (is_dir != (format == DF_IMPORT_MARKDOWN_DIR || format == DF_IMPORT_MDBOOK ||
                 format == DF_IMPORT_PROJECT_DIR))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   is_dir ? _("“%s” is a folder; this kind of import needs a file")
                          : _("“%s” is a file; this kind of import needs a folder"),
                   display);
      return NULL;
    }
  if (format == DF_IMPORT_MDBOOK)
    {
      g_autofree char *summary = g_build_filename (path, "SUMMARY.md", NULL);
      if (!g_file_test (summary, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                       _("“%s” has no SUMMARY.md, so it is not an mdBook source folder; import its src folder"),
                       display);
          return NULL;
        }
    }

  ctx.store = store;
  ctx.progress = progress;
  ctx.progress_data = progress_data;
  ctx.cancellable = cancellable;
  ctx.last_fraction = -1.0;
  ctx.assets_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  report (&ctx, 0.0, TRUE);

  if (!check_cancelled (&ctx, error) || !df_store_begin (store, error))
    goto out;

  switch (format)
    {
    case DF_IMPORT_PLAIN_TEXT:
      ok = import_plain_text (&ctx, path, display, title, error);
      break;
    case DF_IMPORT_MARKDOWN_FILE:
      ok = import_markdown_file (&ctx, path, display, title, error);
      break;
    case DF_IMPORT_MARKDOWN_DIR:
      ok = import_markdown_dir (&ctx, path, display, title, error);
      break;
    case DF_IMPORT_MDBOOK:
      ok = import_mdbook (&ctx, path, display, title, error);
      break;
    case DF_IMPORT_PROJECT_DIR:
      ok = import_project_dir (&ctx, path, display, title, error);
      break;
    case DF_IMPORT_AUTO:
    default:
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("Unknown import format %d"), format);
      ok = FALSE;
      break;
    }

  if (ok)
    ok = check_cancelled (&ctx, error);
  if (ok)
    ok = df_store_commit (store, error);
  if (!ok)
    df_store_rollback (store);

out:
  g_hash_table_unref (ctx.assets_seen);
  g_free (ctx.root_dir);
  g_free (ctx.root_real);

  if (!ok)
    return NULL;

  report (&ctx, 1.0, TRUE);
  return df_project_get_by_id (store, ctx.project_id, error);
}
