/* df-mdbook-include.c: mdBook's {{#include}} directives, resolved at import
 *
 * As mdBook's preprocessor does (its "links" preprocessor and its
 * documentation, "Including files"):
 *
 * - {{#include PATH}}, {{#rustdoc_include PATH}} and {{#playground PATH
 *   ATTRS}}, PATH relative to the folder of the file the directive is in;
 *   "\{{#include …}}" is an escaped directive: the backslash goes and the
 *   rest stays as it is written.  Other {{#…}} directives stay as written.
 * - After PATH, ":N" is line N, ":N:M" lines N to M, ":N:" from line N,
 *   "::M" up to line M (from 1, inclusive); anything else after the ':' is
 *   an anchor: the lines between "ANCHOR: name" and "ANCHOR_END: name",
 *   without the lines that hold any ANCHOR or ANCHOR_END marker.
 * - {{#rustdoc_include}} keeps the whole file, the lines outside the
 *   selection prefixed with "# " (hidden by mdBook and rustdoc); anchor
 *   marker lines go.  {{#include}} copies the lines as they are, "# "
 *   lines included, as mdBook does.
 * - {{#playground PATH ATTRS}} becomes a ```rust,ATTRS fenced block.
 * - Included text is resolved in turn, against its own folder, ten deep
 *   at most.
 *
 * A directive names a file that is missing, unreadable or outside the
 * book's folder: it is recorded (the chapter file, the line, the path as
 * written), and a directive alone in a fenced code block (the usual
 * form), or alone on its line, becomes a fenced block of the class
 * "listing-not-found" holding "Listing not found: PATH": a box in any
 * Markdown renderer, which the reader and the exports also set apart in
 * a warning colour.  Elsewhere (beside other code, inside a sentence)
 * the text "Listing not found: PATH" takes its place.  A directive is
 * looked for on one line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-import-private.h"
#include "df-mdbook-include-private.h"

#define MAX_DEPTH 10

struct _DfMdbookIncludes
{
  char       *book_dir;
  char       *src_dir;
  GRegex     *directive;
  GRegex     *anchor_start;
  GRegex     *anchor_end;
  GHashTable *files;       /* real path -> its text, NULL when unreadable */
  GPtrArray  *missing;     /* DfImportMissingInclude */
  guint       n_resolved;
};

typedef enum
{
  LINK_NONE,        /* not one of ours: left as written */
  LINK_ESCAPED,
  LINK_INCLUDE,
  LINK_RUSTDOC,
  LINK_PLAYGROUND,
} LinkKind;

/* A directive found in a line. */
typedef struct
{
  LinkKind  kind;
  int       start;     /* byte offsets in the line */
  int       end;
  char     *path;      /* as written */
  char     *spec;      /* after the path's first ':', or NULL */
  char     *attrs;     /* playground: "editable,ignore", or NULL */
} Link;

static void
link_clear (Link *link)
{
  g_clear_pointer (&link->path, g_free);
  g_clear_pointer (&link->spec, g_free);
  g_clear_pointer (&link->attrs, g_free);
}

static void
missing_free (gpointer data)
{
  DfImportMissingInclude *missing = data;

  g_free (missing->file);
  g_free (missing->path);
  g_free (missing);
}

/* ---- selecting lines ------------------------------------------------------ */

/* The lines of @text as Rust's str::lines gives them: split at \n, a \r
 * before it dropped, no empty last line after a final newline. */
static GPtrArray *
text_lines (const char *text)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (*p != '\0')
    {
      const char *e = strchr (p, '\n');
      const char *next = e ? e + 1 : p + strlen (p);

      if (e == NULL)
        e = next;
      if (e > p && e[-1] == '\r')
        e--;
      g_ptr_array_add (lines, g_strndup (p, e - p));
      p = next;
    }
  return lines;
}

/* The anchor name an ANCHOR: or ANCHOR_END: marker in @line names, or
 * NULL. */
static char *
anchor_name (GRegex     *re,
             const char *line)
{
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (re, line, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

/* The lines between the anchor's markers; every marker line dropped. */
static void
take_anchored (DfMdbookIncludes *inc,
               GPtrArray        *lines,
               const char       *anchor,
               gboolean          rustdoc,
               GString          *out)
{
  gboolean inside = FALSE;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *l = lines->pdata[i];
      g_autofree char *end_name = anchor_name (inc->anchor_end, l);
      g_autofree char *start_name = end_name ? NULL : anchor_name (inc->anchor_start, l);

      if (inside)
        {
          if (end_name != NULL && strcmp (end_name, anchor) == 0)
            {
              if (!rustdoc)
                break;
              inside = FALSE;
            }
          else if (end_name == NULL && start_name == NULL)
            g_string_append_printf (out, "%s\n", l);
        }
      else if (start_name != NULL)
        inside = strcmp (start_name, anchor) == 0;
      else if (rustdoc && end_name == NULL)
        g_string_append_printf (out, "# %s\n", l);
    }
}

/* A line number after ':' (from 1), or -1 when @s is not one. */
static gint64
parse_line_number (const char *s)
{
  guint64 n;

  if (s == NULL || *s == '\0' || !g_ascii_string_to_unsigned (s, 10, 0, G_MAXINT32, &n, NULL))
    return -1;
  return (gint64)n;
}

/* The range @spec selects, as [first, last) from 0; FALSE for an anchor. */
static gboolean
parse_range (const char *spec,
             gint64     *first,
             gint64     *last)
{
  g_auto(GStrv) parts = g_strsplit (spec ? spec : "", ":", 3);
  gint64 start = parse_line_number (parts[0]);
  gint64 end = parts[0] && parts[1] ? parse_line_number (parts[1]) : -1;
  gboolean has_end = parts[0] != NULL && parts[1] != NULL;

  if (parts[0] != NULL && *parts[0] != '\0' && start < 0)
    return FALSE;                             /* an anchor */

  *first = start > 0 ? start - 1 : 0;
  if (start >= 0 && !has_end)
    *last = *first + 1;                       /* ":N" */
  else if (end >= 0)
    *last = end;                              /* ":N:M", "::M" */
  else
    *last = G_MAXINT64;                       /* ":N:", "", none */
  return TRUE;
}

/* The lines @spec selects (see the top of the file). */
static char *
take_lines (DfMdbookIncludes *inc,
            const char       *file_text,
            const char       *spec,
            gboolean          rustdoc)
{
  g_autoptr(GPtrArray) lines = text_lines (file_text);
  GString *out = g_string_new (NULL);
  gint64 first;
  gint64 last;

  if (!parse_range (spec, &first, &last))
    {
      /* the anchor is what comes before any further ':' */
      g_autofree char *anchor = g_strndup (spec, strcspn (spec, ":"));

      take_anchored (inc, lines, anchor, rustdoc, out);
    }
  else
    for (guint i = 0; i < lines->len; i++)
      {
        gboolean in = (gint64)i >= first && (gint64)i < last;

        if (in || rustdoc)
          g_string_append_printf (out, "%s%s\n", in ? "" : "# ", (const char *)lines->pdata[i]);
      }
  /* mdBook joins the lines: no newline after the last */
  if (out->len > 0)
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* ---- finding and resolving directives -------------------------------------- */

/* The directive of @match: its kind and arguments. */
static void
parse_link (GMatchInfo *match,
            Link       *link)
{
  g_autofree char *whole = g_match_info_fetch (match, 0);
  g_autofree char *type = g_match_info_fetch (match, 1);
  g_autofree char *args = g_match_info_fetch (match, 2);
  g_auto(GStrv) words = NULL;
  char *colon;

  g_match_info_fetch_pos (match, 0, &link->start, &link->end);
  if (whole[0] == '\\')
    {
      link->kind = LINK_ESCAPED;
      return;
    }
  words = g_strsplit_set (g_strstrip (args), " \t\r\n", -1);
  link->kind = strcmp (type, "include") == 0 ? LINK_INCLUDE :
               strcmp (type, "rustdoc_include") == 0 ? LINK_RUSTDOC :
               strcmp (type, "playground") == 0 ? LINK_PLAYGROUND : LINK_NONE;
  if (link->kind == LINK_NONE || words[0] == NULL || *words[0] == '\0')
    {
      link->kind = LINK_NONE;
      return;
    }

  link->path = g_strdup (words[0]);
  if (link->kind == LINK_PLAYGROUND)
    {
      g_autoptr(GStrvBuilder) attrs = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;

      for (guint i = 1; words[i] != NULL; i++)
        if (*words[i] != '\0')
          g_strv_builder_add (attrs, words[i]);
      list = g_strv_builder_end (attrs);
      link->attrs = g_strjoinv (",", list);
    }
  else if ((colon = strchr (link->path, ':')) != NULL)
    {
      link->spec = g_strdup (colon + 1);
      *colon = '\0';
    }
}

/* The text of the file @link names from @dir, or NULL; its real path in
 * @real. */
static const char *
read_linked (DfMdbookIncludes  *inc,
             const Link        *link,
             const char        *dir,
             char             **real)
{
  g_autofree char *full = NULL;
  const char *text;

  if (g_path_is_absolute (link->path))
    return NULL;
  full = g_build_filename (dir, link->path, NULL);
  *real = _df_import_real_path (full);
  if (*real == NULL || !_df_import_path_is_inside (*real, inc->book_dir))
    return NULL;

  text = g_hash_table_lookup (inc->files, *real);
  if (text == NULL && !g_hash_table_contains (inc->files, *real))
    {
      g_autoptr(GError) error = NULL;
      char *read = _df_import_read_text (*real, link->path, TRUE, TRUE, NULL, &error);

      if (read == NULL)
        g_debug ("Not included: %s", error->message);
      g_hash_table_insert (inc->files, g_strdup (*real), read);
      text = read;
    }
  return text;
}

/* The path of @real as the import names files: relative to the folder
 * imported (the src folder). */
static char *
file_label (DfMdbookIncludes *inc,
            const char       *real)
{
  gsize n = strlen (inc->src_dir);

  if (strncmp (real, inc->src_dir, n) == 0 && real[n] == '/')
    return g_strdup (real + n + 1);
  n = strlen (inc->book_dir);
  if (strncmp (real, inc->book_dir, n) == 0 && real[n] == '/')
    return g_strconcat ("../", real + n + 1, NULL);
  return g_strdup (real);
}

static char *resolve_text (DfMdbookIncludes *inc,
                           const char       *text,
                           const char       *dir,
                           const char       *file,
                           guint             depth);

/* The text @link stands for, resolved in turn; NULL when its file cannot
 * be read. */
static char *
expand_link (DfMdbookIncludes *inc,
             const Link       *link,
             const char       *dir,
             guint             depth)
{
  g_autofree char *real = NULL;
  g_autofree char *sub_dir = NULL;
  g_autofree char *sub_file = NULL;
  g_autofree char *taken = NULL;
  const char *text = read_linked (inc, link, dir, &real);

  if (text == NULL)
    return NULL;
  if (link->kind == LINK_PLAYGROUND)
    taken = g_strdup_printf ("```rust%s%s\n%s%s```\n", *link->attrs ? "," : "", link->attrs, text,
                             g_str_has_suffix (text, "\n") || *text == '\0' ? "" : "\n");
  else
    taken = take_lines (inc, text, link->spec, link->kind == LINK_RUSTDOC);

  inc->n_resolved++;
  if (depth + 1 >= MAX_DEPTH)
    return g_steal_pointer (&taken);
  sub_dir = g_path_get_dirname (real);
  sub_file = file_label (inc, real);
  return resolve_text (inc, taken, sub_dir, sub_file, depth + 1);
}

static void
record_missing (DfMdbookIncludes *inc,
                const char       *file,
                guint             line,
                const char       *path)
{
  DfImportMissingInclude *missing = g_new0 (DfImportMissingInclude, 1);

  missing->file = g_strdup (file);
  missing->line = line;
  missing->path = g_strdup (path);
  g_ptr_array_add (inc->missing, missing);
}

/* The next directive in @line from byte @from, FALSE when there is none. */
static gboolean
next_link (DfMdbookIncludes *inc,
           const char       *line,
           int               from,
           Link             *link)
{
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match_full (inc->directive, line, -1, from, 0, &match, NULL))
    return FALSE;
  parse_link (match, link);
  return TRUE;
}

/* @line with its directives replaced; a missing file's as the text
 * "Listing not found: PATH". */
static void
resolve_line (DfMdbookIncludes *inc,
              GString          *out,
              const char       *line,
              const char       *dir,
              const char       *file,
              guint             line_no,
              guint             depth)
{
  int pos = 0;
  Link link = { 0 };

  while (next_link (inc, line, pos, &link))
    {
      g_string_append_len (out, line + pos, link.start - pos);
      if (link.kind == LINK_ESCAPED)
        g_string_append_len (out, line + link.start + 1, link.end - link.start - 1);
      else if (link.kind == LINK_NONE)
        g_string_append_len (out, line + link.start, link.end - link.start);
      else
        {
          g_autofree char *text = expand_link (inc, &link, dir, depth);

          if (text != NULL)
            g_string_append (out, text);
          else
            {
              record_missing (inc, file, line_no, link.path);
              /* TRANSLATORS: %s is a file's path, as an mdBook chapter names it */
              g_string_append_printf (out, _("Listing not found: %s"), link.path);
            }
        }
      pos = link.end;
      link_clear (&link);
    }
  g_string_append (out, line + pos);
}

/* The directive that is all of @line (white space aside), if any. */
static gboolean
whole_line_link (DfMdbookIncludes *inc,
                 const char       *line,
                 Link             *link)
{
  const char *s = line;

  while (*s == ' ' || *s == '\t')
    s++;
  if (!next_link (inc, line, s - line, link))
    return FALSE;
  if (link->start == s - line && (link->kind == LINK_INCLUDE || link->kind == LINK_RUSTDOC ||
                                  link->kind == LINK_PLAYGROUND))
    {
      const char *rest = line + link->end;

      while (*rest == ' ' || *rest == '\t' || *rest == '\r')
        rest++;
      if (*rest == '\0')
        return TRUE;
    }
  link_clear (link);
  return FALSE;
}

/* The box a missing file's directive becomes: a fenced block of the
 * class DF_MDBOOK_MISSING_CLASS that says so. */
static void
append_missing_box (GString    *out,
                    const char *path)
{
  const char *fence = strstr (path, "```") != NULL ? "~~~" : "```";

  if (out->len > 0 && !g_str_has_suffix (out->str, "\n\n"))
    g_string_append_c (out, '\n');
  g_string_append_printf (out, "%s%s\n", fence, DF_MDBOOK_MISSING_CLASS);
  g_string_append_printf (out, _("Listing not found: %s"), path);
  g_string_append_printf (out, "\n%s\n", fence);
}

/* "```" or "~~~" after at most three spaces: the fence's character and
 * length, 0 when @line is not a fence. */
static gsize
fence_of (const char *line,
          char       *c)
{
  const char *s = line;
  gsize n = 0;

  while (*s == ' ' && s - line < 4)
    s++;
  if (s - line > 3 || (*s != '`' && *s != '~'))
    return 0;
  while (s[n] == *s)
    n++;
  if (n < 3 || (*s == '`' && strchr (s + n, '`') != NULL))
    return 0;
  *c = *s;
  return n;
}

static gboolean
closes_fence (const char *line,
              char        c,
              gsize       len)
{
  char d;
  gsize n = fence_of (line, &d);

  if (n < len || d != c)
    return FALSE;
  for (const char *p = strchr (line, c) + n; *p; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r')
      return FALSE;
  return TRUE;
}

static gboolean
blank (const char *line)
{
  return _df_import_line_is_blank (line, line + strlen (line));
}

/* The fenced block that opens at @lines[i]: its closing line in @close
 * (the end when unclosed), and its one non-blank line in @only (-1 when
 * it has none or several). */
static void
fence_extent (GPtrArray *lines,
              guint      i,
              char       c,
              gsize      len,
              guint     *close,
              int       *only)
{
  guint j;

  *only = -1;
  for (j = i + 1; j < lines->len && !closes_fence (lines->pdata[j], c, len); j++)
    if (!blank (lines->pdata[j]))
      *only = *only == -1 ? (int)j : -2;
  if (*only < 0)
    *only = -1;
  *close = j;
}

/* A line that is one directive: its text, or the box when the file is
 * missing (TRUE then). */
static gboolean
resolve_whole_line (DfMdbookIncludes *inc,
                    GString          *out,
                    const char       *line,
                    Link             *link,
                    const char       *dir,
                    const char       *file,
                    guint             line_no,
                    guint             depth)
{
  g_autofree char *text = expand_link (inc, link, dir, depth);

  if (text == NULL)
    {
      record_missing (inc, file, line_no, link->path);
      append_missing_box (out, link->path);
      return TRUE;
    }
  g_string_append_len (out, line, link->start);
  g_string_append (out, text);
  g_string_append (out, line + link->end);
  g_string_append_c (out, '\n');
  return FALSE;
}

/* A fenced block whose one line (@only) is a directive: the box when
 * its file is missing, the block with the text otherwise.  Returns the
 * line after the block (the box) or after the directive. */
static guint
resolve_fenced_link (DfMdbookIncludes *inc,
                     GString          *out,
                     GPtrArray        *lines,
                     guint             i,
                     guint             close,
                     guint             only,
                     Link             *link,
                     const char       *dir,
                     const char       *file,
                     guint             depth)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (resolve_whole_line (inc, text, lines->pdata[only], link, dir, file, only + 1, depth))
    {
      if (out->len > 0 && !g_str_has_suffix (out->str, "\n\n"))
        g_string_append_c (out, '\n');
      g_string_append (out, text->str);
      return MIN (close + 1, lines->len);
    }
  for (guint k = i; k < only; k++)
    g_string_append_printf (out, "%s\n", (const char *)lines->pdata[k]);
  g_string_append (out, text->str);
  return only + 1;
}

/* The lines of @text, split at \n (a \r stays). */
static GPtrArray *
raw_lines (const char *text)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) split = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (split);

  /* a final newline makes no line of its own */
  if (n > 0 && *split[n - 1] == '\0')
    n--;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (lines, g_steal_pointer (&split[i]));
  for (guint i = n; split[i] != NULL; i++)
    g_clear_pointer (&split[i], g_free);
  return lines;
}

static char *
resolve_text (DfMdbookIncludes *inc,
              const char       *text,
              const char       *dir,
              const char       *file,
              guint             depth)
{
  g_autoptr(GPtrArray) lines = raw_lines (text);
  GString *out = g_string_sized_new (strlen (text) + 1);
  gsize fence_len = 0;
  char fence = 0;
  guint i = 0;

  while (i < lines->len)
    {
      const char *line = lines->pdata[i];
      Link link = { 0 };
      gboolean box = FALSE;
      char c;
      gsize n;

      if (fence != 0)
        {
          if (closes_fence (line, fence, fence_len))
            fence = 0;
          resolve_line (inc, out, line, dir, file, i + 1, depth);
          g_string_append_c (out, '\n');
          i++;
        }
      else if ((n = fence_of (line, &c)) > 0)
        {
          guint close;
          int only;

          fence_extent (lines, i, c, n, &close, &only);
          if (only > 0 && whole_line_link (inc, lines->pdata[only], &link))
            {
              i = resolve_fenced_link (inc, out, lines, i, close, only, &link, dir, file, depth);
              if (i == (guint)only + 1)
                fence = c, fence_len = n;
              else
                box = TRUE;
              link_clear (&link);
            }
          else
            {
              g_string_append_printf (out, "%s\n", line);
              fence = c;
              fence_len = n;
              i++;
            }
        }
      else
        {
          if (whole_line_link (inc, line, &link))
            box = resolve_whole_line (inc, out, line, &link, dir, file, i + 1, depth);
          else
            {
              resolve_line (inc, out, line, dir, file, i + 1, depth);
              g_string_append_c (out, '\n');
            }
          link_clear (&link);
          i++;
        }
      /* a blank line between the box and what follows */
      if (box && i < lines->len && !blank (lines->pdata[i]))
        g_string_append_c (out, '\n');
    }

  if (out->len > 0 && *text != '\0' && !g_str_has_suffix (text, "\n"))
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* ---- public ----------------------------------------------------------------- */

DfMdbookIncludes *
_df_mdbook_includes_new (const char *book_dir,
                         const char *src_dir)
{
  DfMdbookIncludes *inc = g_new0 (DfMdbookIncludes, 1);

  inc->book_dir = g_strdup (book_dir);
  inc->src_dir = g_strdup (src_dir);
  /* mdBook's expression: an escaped directive, or {{#type args}} */
  inc->directive = g_regex_new ("\\\\\\{\\{#.*\\}\\}|\\{\\{\\s*#([a-zA-Z0-9_]+)\\s+([^}]+)\\}\\}",
                                G_REGEX_OPTIMIZE, 0, NULL);
  inc->anchor_start = g_regex_new ("ANCHOR:\\s*([\\w_-]+)", G_REGEX_OPTIMIZE, 0, NULL);
  inc->anchor_end = g_regex_new ("ANCHOR_END:\\s*([\\w_-]+)", G_REGEX_OPTIMIZE, 0, NULL);
  inc->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  inc->missing = g_ptr_array_new_with_free_func (missing_free);
  return inc;
}

void
_df_mdbook_includes_free (DfMdbookIncludes *inc)
{
  if (inc == NULL)
    return;
  g_free (inc->book_dir);
  g_free (inc->src_dir);
  g_regex_unref (inc->directive);
  g_regex_unref (inc->anchor_start);
  g_regex_unref (inc->anchor_end);
  g_hash_table_unref (inc->files);
  g_ptr_array_unref (inc->missing);
  g_free (inc);
}

char *
_df_mdbook_includes_resolve (DfMdbookIncludes *inc,
                             const char       *text,
                             const char       *dir,
                             const char       *file)
{
  /* Most chapters have none: no copy to make line by line. */
  if (strstr (text, "{{") == NULL)
    return g_strdup (text);
  return resolve_text (inc, text, dir, file, 0);
}

guint
_df_mdbook_includes_n_resolved (DfMdbookIncludes *inc)
{
  return inc->n_resolved;
}

GPtrArray *
_df_mdbook_includes_missing (DfMdbookIncludes *inc)
{
  return inc->missing;
}

char *
_df_mdbook_book_dir (const char *src_dir)
{
  g_autofree char *base = g_path_get_basename (src_dir);
  g_autofree char *parent = g_path_get_dirname (src_dir);
  g_autofree char *toml = g_build_filename (parent, "book.toml", NULL);

  if (strcmp (parent, src_dir) != 0 &&
      (strcmp (base, "src") == 0 || g_file_test (toml, G_FILE_TEST_IS_REGULAR)))
    return g_steal_pointer (&parent);
  return g_strdup (src_dir);
}

char *
_df_mdbook_take_lines (const char *file_text,
                       const char *spec,
                       gboolean    rustdoc)
{
  g_autoptr(DfMdbookIncludes) inc = _df_mdbook_includes_new ("/", "/");

  return take_lines (inc, file_text, spec, rustdoc);
}
