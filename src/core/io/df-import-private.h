/* df-import-private.h: what the importers of each source kind share
 *
 * df-import.c is the entry point; each kind of source has its file:
 * df-import-text.c (a plain-text manuscript), df-import-markdown.c (a
 * Markdown file or folder), df-import-mdbook.c (an mdBook),
 * df-import-project.c (the project folder format).  df-import-util.c
 * holds the helpers below.  Internal to the io area.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "df-import.h"
#include "df-project-import.h"

G_BEGIN_DECLS

#define DF_IMPORT_MAX_FILE_SIZE (64 * 1024 * 1024)
#define DF_IMPORT_MAX_TITLE_CHARS 200
/* A long import commits after this many chapters, or this much text. */
#define DF_IMPORT_BATCH_CHAPTERS 1000
#define DF_IMPORT_BATCH_BYTES (16 * 1024 * 1024)

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
  /* batches: the project stays hidden until the last one */
  guint             batch_chapters;
  gsize             batch_bytes;
  gboolean          committed;     /* a batch is in the database */
  char             *settings;      /* the project's settings, set when it is revealed */
  DfChapterAppender *appender;     /* adds the chapters */
  /* what had to change: ids of the chapters and parts whose titles
   * were cut to DF_IMPORT_MAX_TITLE_CHARS */
  GArray           *cut_chapters;
  GArray           *cut_parts;
  gboolean          cut_title;
  gboolean          gutenberg;     /* a Project Gutenberg header and licence left out */
  guint             pictures_left_out; /* a Word document's, not imported */
  guint             documents_left_out; /* a novelWriter project's, not imported */
  /* unwrapping: whether, and the wrap width found (0: per chapter) */
  gboolean          unwrap;
  guint             wrap_width;
  /* mdBook includes (df-mdbook-include-private.h), NULL for other kinds */
  struct _DfMdbookIncludes *includes;
} DfImportCtx;

/* Each importer reads @path (@display names it in messages) and adds the
 * project to the store, inside the transaction df_import began.  The
 * project is added hidden and committed in batches (every
 * _df_import_add_chapter may commit the chapters before it), so an
 * importer adds chapters outside any transaction of its own. */
gboolean _df_import_plain_text    (DfImportCtx  *ctx,
                                   const char   *path,
                                   const char   *display,
                                   const char   *title,
                                   GError      **error);
gboolean _df_import_markdown_file (DfImportCtx  *ctx,
                                   const char   *path,
                                   const char   *display,
                                   const char   *title,
                                   GError      **error);
gboolean _df_import_markdown_dir  (DfImportCtx  *ctx,
                                   const char   *path,
                                   const char   *display,
                                   const char   *title,
                                   GError      **error);
gboolean _df_import_mdbook        (DfImportCtx  *ctx,
                                   const char   *path,
                                   const char   *display,
                                   const char   *title,
                                   GError      **error);
gboolean _df_import_project_dir   (DfImportCtx  *ctx,
                                   const char   *path,
                                   const char   *display,
                                   const char   *title,
                                   GError      **error);
gboolean _df_import_novelwriter    (DfImportCtx  *ctx,
                                   const char   *path,
                                   const char   *display,
                                   const char   *title,
                                   GError      **error);
gboolean _df_import_odt            (DfImportCtx  *ctx,
                                   const char   *path,
                                   const char   *display,
                                   const char   *title,
                                   GError      **error);
gboolean _df_import_docx           (DfImportCtx  *ctx,
                                   const char   *path,
                                   const char   *display,
                                   const char   *title,
                                   GError      **error);

/* What the importers share once they hold the text: a Markdown text
 * split at its headings (df-import-markdown.c; @stem names a chapter
 * without a heading, @fallback_title the project unless @title or a
 * single book heading does; with @parts, several level-1 headings over
 * level-2 ones are parts over chapters), or a manuscript split at its
 * "Chapter 1" and "Part One" lines (df-import-text.c), the project
 * named @project_title. */
gboolean _df_import_markdown_text (DfImportCtx  *ctx,
                                   const char   *text,
                                   gsize         len,
                                   const char   *stem,
                                   const char   *fallback_title,
                                   const char   *title,
                                   gboolean      parts,
                                   GError      **error);
/* Whether @line is a chapter or part heading of a manuscript ("Chapter
 * 1", "PART TWO", "Epilogue"). */
gboolean _df_import_is_heading_line (const char *line);
gboolean _df_import_text_chapters (DfImportCtx  *ctx,
                                   const char   *text,
                                   gsize         len,
                                   const char   *project_title,
                                   GError      **error);

/* A Project Gutenberg text (df-import-gutenberg.c): keeps in @text only
 * the book between its start and end markers, in place (@len updated),
 * and gives its header's title (or NULL) in @title.  FALSE, and @text
 * as it was, without the start marker. */
gboolean _df_import_gutenberg_trim (char   *text,
                                    gsize  *len,
                                    char  **title);

/* ---- word processors' documents ----------------------------------------- */

/* Reads the zip at @path and gives the entries @names (NULL-terminated)
 * in @parts, each NULL when the zip has none (df-import-zip.c).  When it
 * is not a zip that can be read, DF_ERROR_INVALID says why (for the
 * caller to say what it expected); when an entry cannot be read,
 * DF_ERROR_IMPORT names the file (@display) and the entry. */
gboolean _df_import_read_zip (const char          *path,
                              const char          *display,
                              const char * const  *names,
                              GBytes             **parts,
                              GError             **error);

/* An XML element's or attribute's name without its namespace prefix
 * ("w:p" -> "p"), and the value of the attribute of that local name of
 * a GMarkup element, or NULL (df-import-blocks.c). */
const char *_df_import_xml_local_name (const char  *name);
const char *_df_import_xml_attribute  (const char **names,
                                       const char **values,
                                       const char  *want);

/* A picture of a zipped document: the Markdown that shows it, "![@alt]
 * (@key)", and @entry (its path in the zip) with @key added to
 * @pictures (pairs of strings) to be stored; NULL when its path is not
 * one a chapter can name (df-import-zip.c). */
char    *_df_import_picture_markdown (const char   *entry,
                                      const char   *key,
                                      const char   *alt,
                                      GPtrArray    *pictures);
/* Stores each of @pictures (entry, key pairs) found in the zip at @path
 * as an asset of the project under its key; @missing counts those the
 * zip does not hold. */
gboolean _df_import_store_pictures   (DfImportCtx  *ctx,
                                      const char   *path,
                                      const char   *display,
                                      GPtrArray    *pictures,
                                      guint        *missing,
                                      GError      **error);

/* A word processor's document written as @markdown (with @n_headings
 * headings) into the project: split at its headings (parts over
 * chapters) or its "Chapter 1" lines, and its @pictures stored; the
 * project named @project_title unless @title or a book heading says. */
gboolean _df_import_document_chapters (DfImportCtx  *ctx,
                                       const char   *path,
                                       const char   *display,
                                       GString      *markdown,
                                       guint         n_headings,
                                       const char   *project_title,
                                       const char   *title,
                                       GPtrArray    *pictures,
                                       GError      **error);

/* A paragraph's words written as Markdown (df-import-blocks.c): what
 * kind it is, then its runs, then its end. */
typedef struct
{
  int      heading;  /* 1 to 6; 0: body text */
  gboolean title;    /* the book's title, kept for the project's name */
  gboolean quote;
  gboolean skip;     /* a line of a table of contents */
  gboolean rule;     /* it holds a horizontal rule: a scene break */
} DfImportParagraph;

typedef struct
{
  GString  *text;
  gboolean  bold;
  gboolean  italic;
  gboolean  raw;     /* Markdown already: neither escaped nor emphasized */
} DfImportRun;

typedef struct
{
  GString           *out;         /* the Markdown, paragraphs apart */
  char              *book_title;  /* the first title paragraph's */
  guint              n_headings;
  DfImportParagraph  para;        /* the paragraph being read */
  GArray            *runs;        /* DfImportRun, its words */
  GPtrArray         *notes;       /* "LABEL\tMarkdown": its footnotes */
  guint              n_labels;
} DfImportBlocks;

void     _df_import_blocks_init     (DfImportBlocks *blocks,
                                     GString        *out);
void     _df_import_blocks_clear    (DfImportBlocks *blocks);
/* A new paragraph: body text, no words yet. */
void     _df_import_blocks_begin    (DfImportBlocks *blocks);
/* Words of the paragraph; "\n" in them is a line break. */
void     _df_import_blocks_text     (DfImportBlocks *blocks,
                                     const char     *text,
                                     gssize          len,
                                     gboolean        bold,
                                     gboolean        italic);
/* Markdown of its own in the paragraph (a picture), kept as it is. */
void     _df_import_blocks_raw      (DfImportBlocks *blocks,
                                     const char     *markdown);
/* A link to @url around the words between the two calls, "[…](@url)". */
void     _df_import_blocks_link_start (DfImportBlocks *blocks);
void     _df_import_blocks_link_end   (DfImportBlocks *blocks,
                                       const char     *url);
/* A footnote referred to here, its own Markdown defined after the
 * paragraph. */
void     _df_import_blocks_footnote (DfImportBlocks *blocks,
                                     const char     *markdown,
                                     gboolean        bold,
                                     gboolean        italic);
/* The paragraph ends: its block is appended to out. */
void     _df_import_blocks_end      (DfImportBlocks *blocks);

/* ---- lines ------------------------------------------------------------ */

static inline const char *
_df_import_line_end (const char *p,
                     const char *end)
{
  const char *nl = memchr (p, '\n', end - p);
  return nl ? nl : end;
}

static inline gboolean
_df_import_line_is_blank (const char *p,
                          const char *end)
{
  for (; p < end; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r')
      return FALSE;
  return TRUE;
}

static inline const char *
_df_import_skip_spaces (const char *p,
                        const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

/* The text between @start and @end without its leading and trailing blank
 * lines; keeps the newline that ends the last line. */
char    *_df_import_trim_blank_lines (const char *start,
                                      const char *end);

/* ---- titles ----------------------------------------------------------- */

/* Stripped of white space at both ends.  Titles longer than
 * DF_IMPORT_MAX_TITLE_CHARS are cut when added, and the import's result
 * says so. */
char    *_df_import_clean_title      (const char *title);
/* "pride-and-prejudice.txt" -> "Pride and Prejudice" */
char    *_df_import_readable_title   (const char *path);
/* The base name without its extension. */
char    *_df_import_file_stem        (const char *path);

/* ---- files and paths ---------------------------------------------------- */

/* Reads @path as UTF-8 text, checking size, NUL bytes and encoding.
 * @display names the file in errors.  A UTF-8 BOM is dropped when
 * @strip_bom; a file of only white space is refused unless
 * @allow_empty. */
char    *_df_import_read_text        (const char  *path,
                                      const char  *display,
                                      gboolean     strip_bom,
                                      gboolean     allow_empty,
                                      gsize       *out_len,
                                      GError     **error);
/* The absolute, symlink-free form of @path, or NULL. */
char    *_df_import_real_path        (const char *path);
gboolean _df_import_path_is_inside   (const char *real,
                                      const char *root_real);
/* Joins @base_rel (a folder relative to the root, "" for the root) and a
 * relative reference, resolving "." and ".."; NULL when it leaves the
 * root or is not a relative path. */
char    *_df_import_resolve_relative (const char *base_rel,
                                      const char *ref);

/* ---- unwrapping (df-import-unwrap.c) ------------------------------------ */

/* The width @text's lines were wrapped at (the 95th percentile of the
 * lengths of lines another line follows), 0 when there are none. */
guint    _df_import_wrap_width       (const char *text,
                                      gsize       len);
/* @text with each paragraph's lines joined into one, Markdown's
 * structure kept (see df-import-unwrap.c); @width 0: found in @text. */
char    *_df_import_unwrap           (const char *text,
                                      gsize       len,
                                      guint       width);

/* ---- the import --------------------------------------------------------- */

/* Reports @fraction done, at most every 1% unless @force. */
void     _df_import_report           (DfImportCtx  *ctx,
                                      double        fraction,
                                      gboolean      force);
gboolean _df_import_check_cancelled  (DfImportCtx  *ctx,
                                      GError      **error);
/* Sets the folder images are looked up in (and must stay inside). */
gboolean _df_import_set_root         (DfImportCtx  *ctx,
                                      const char   *dir,
                                      GError      **error);
/* Stores every image @content references that exists inside the root,
 * keyed by its path relative to the root; @base_rel is the folder of the
 * chapter, relative to the root.  Missing images are skipped. */
gboolean _df_import_images           (DfImportCtx  *ctx,
                                      const char   *content,
                                      const char   *base_rel,
                                      GError      **error);
/* Creates the project, hidden until the import ends. */
DfProject *_df_import_create_project (DfImportCtx         *ctx,
                                      const DfProjectNew  *spec,
                                      GError             **error);
/* The new part's id, or 0 with @error set. */
gint64   _df_import_add_part         (DfImportCtx  *ctx,
                                      const char   *title,
                                      GError      **error);
/* Adds a chapter at the end of @part_id (0: none), first committing the
 * batch before it when that is full; its id in @id (may be NULL).  The
 * content is unwrapped first when the import unwraps. */
gboolean _df_import_add_chapter      (DfImportCtx  *ctx,
                                      gint64        part_id,
                                      const char   *title,
                                      const char   *content,
                                      gint64       *id,
                                      GError      **error);

G_END_DECLS
