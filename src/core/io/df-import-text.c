/* df-import-text.c: a plain-text manuscript, split at its headings
 *
 * Chapter and part headings ("Chapter 1", "CHAPTER XII.", "BOOK ONE:
 * 1805", "PROLOGUE"...) are recognised on lines of their own after a blank
 * line; the text between them becomes the chapters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-import-private.h"
#include "df-text.h"

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
      /* Any number of digits: a book may have 100,000 chapters. */
      while (q < end && g_ascii_isdigit (*q))
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
  p = _df_import_skip_spaces (p, end);
  if (p == end)
    return TRUE;
  return *p == ':' || *p == '.' || *p == '-' ||
         g_str_has_prefix (p, "\xe2\x80\x94") ||  /* em dash */
         g_str_has_prefix (p, "\xe2\x80\x93");    /* en dash */
}

/* After "Chapter" or "Part" (at @after): spaces, a number, and the end
 * of the line or a title.  @kind if so. */
static HeadingKind
numbered_heading (const char  *after,
                  const char  *end,
                  HeadingKind  kind)
{
  const char *num = _df_import_skip_spaces (after, end);
  const char *num_end;

  if (num == after)
    return HEADING_NONE;
  num_end = parse_number (num, end);
  if (num_end != NULL && heading_tail_ok (num_end, end))
    return kind;
  return HEADING_NONE;
}

static HeadingKind
classify_heading (const char *line,
                  const char *line_end_p)
{
  static const char * const ordinals[] = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
    "eighth", "ninth", "tenth", "last", "final", NULL
  };
  const char *p = _df_import_skip_spaces (line, line_end_p);
  const char *end = line_end_p;
  const char *after;

  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
    end--;
  if (p == end || end - p > 120)
    return HEADING_NONE;

  if (word_is (p, end, "chapter", &after))
    return numbered_heading (after, end, HEADING_CHAPTER);

  if (word_is (p, end, "book", &after) || word_is (p, end, "part", &after) ||
      word_is (p, end, "volume", &after))
    return numbered_heading (after, end, HEADING_PART);

  for (guint i = 0; ordinals[i] != NULL; i++)
    if (word_is (p, end, ordinals[i], &after))
      {
        const char *w = _df_import_skip_spaces (after, end);
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

gboolean
_df_import_is_heading_line (const char *line)
{
  return classify_heading (line, line + strlen (line)) != HEADING_NONE;
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
  return _df_import_clean_title (raw);
}


/* The heading lines of the text between @text and @end: lines that
 * classify_heading recognises, each after a blank line. */
static GArray *
find_headings (const char *text,
               const char *end)
{
  GArray *headings = g_array_new (FALSE, FALSE, sizeof (Heading));
  gboolean prev_blank = TRUE;

  for (const char *p = text; p < end;)
    {
      const char *e = _df_import_line_end (p, end);
      gboolean blank = _df_import_line_is_blank (p, e);

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

  return headings;
}

/* Adds the parts and chapters that @headings begin, up to @end. */
static void
add_sections (DfTextBook *book,
              GArray     *headings,
              const char *end)
{
  gboolean seen_part = FALSE;
  int current_part = -1;

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
                              _df_import_trim_blank_lines (h->body, body_end));
          break;

        case HEADING_PROLOGUE:
          /* Before the parts, or after them: not inside one. */
          current_part = -1;
          book_add_chapter (book, heading_title (h), -1, _df_import_trim_blank_lines (h->body, body_end));
          break;

        case HEADING_CHAPTER:
          book_add_chapter (book, heading_title (h), current_part,
                            _df_import_trim_blank_lines (h->body, body_end));
          break;

        case HEADING_EPILOGUE:
        case HEADING_NONE:
        default:
          g_assert_not_reached ();
        }
    }
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
  const char *end = text + len;
  g_autoptr(GArray) headings = find_headings (text, end);
  const Heading *first;

  book->parts = g_ptr_array_new_with_free_func (g_free);
  book->chapters = g_ptr_array_new_with_free_func (text_chapter_free);

  if (headings->len == 0)
    {
      book_add_chapter (book, NULL, -1, _df_import_trim_blank_lines (text, end));
      return book;
    }

  first = &g_array_index (headings, Heading, 0);
  if (df_text_count_words (text, first->start - text) > 0)
    book_add_chapter (book, g_strdup (_("Front Matter")), -1,
                      _df_import_trim_blank_lines (text, first->start));

  add_sections (book, headings, end);
  return book;
}

/* ---- importing ----------------------------------------------------------- */

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

gboolean
_df_import_text_chapters (DfImportCtx  *ctx,
                          const char   *text,
                          gsize         len,
                          const char   *project_title,
                          GError      **error)
{
  g_autoptr(DfTextBook) book = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autofree gint64 *part_ids = NULL;
  DfProjectNew spec = { 0 };

  book = df_text_book_split (text, len);
  _df_import_report (ctx, 0.15, FALSE);

  spec.title = project_title;
  project = _df_import_create_project (ctx, &spec, error);
  if (project == NULL)
    return FALSE;

  part_ids = g_new0 (gint64, book->parts->len + 1);
  for (guint i = 0; i < book->parts->len; i++)
    {
      part_ids[i] = _df_import_add_part (ctx, g_ptr_array_index (book->parts, i), error);
      if (part_ids[i] == 0)
        return FALSE;
    }

  for (guint i = 0; i < book->chapters->len; i++)
    {
      DfTextChapter *tc = g_ptr_array_index (book->chapters, i);

      if (!_df_import_check_cancelled (ctx, error) ||
          !_df_import_add_chapter (ctx, tc->part_index >= 0 ? part_ids[tc->part_index] : 0,
                                   tc->title ? tc->title : project_title, tc->content_md, NULL, error))
        return FALSE;
      _df_import_report (ctx, 0.15 + 0.85 * (i + 1) / book->chapters->len, FALSE);
    }

  return TRUE;
}

gboolean
_df_import_plain_text (DfImportCtx  *ctx,
                       const char   *path,
                       const char   *display,
                       const char   *title,
                       GError      **error)
{
  g_autofree char *text = NULL;
  g_autofree char *project_title = NULL;
  g_autofree char *header_title = NULL;
  gsize len;

  text = _df_import_read_text (path, display, TRUE, FALSE, &len, error);
  if (text == NULL)
    return FALSE;
  len = normalize_newlines (text, len);
  ctx->gutenberg = _df_import_gutenberg_trim (text, &len, &header_title);
  if (ctx->unwrap)
    ctx->wrap_width = _df_import_wrap_width (text, len);
  _df_import_report (ctx, 0.05, FALSE);

  project_title = title ? g_strdup (title)
                        : header_title ? g_steal_pointer (&header_title) : _df_import_readable_title (path);
  return _df_import_text_chapters (ctx, text, len, project_title, error);
}
