/* df-import-novelwriter.c: a novelWriter project, its novel and its notes
 *
 * A novelWriter project is a folder: nwProject.nwx (XML) lists the items
 * of its tree (each with a handle, its parent, its place among its
 * siblings, its type, class and layout, and its name), and content/ holds
 * each document as HANDLE.nwd, plain text in novelWriter's own markup.
 *
 * - The novel: the documents of each Novel root folder (in the tree's
 *   order, those marked to leave out of the manuscript aside) read one
 *   after the other, as novelWriter builds them: "# Part" a part, "##"
 *   a chapter, "###" a scene and "####" a section inside it (kept as
 *   "###" and "####" headings), "#! Title" the book's title; text before
 *   the first chapter makes a chapter named after its document.
 * - Its markup in Markdown: the lines of a paragraph are kept apart, as
 *   novelWriter shows them (a hard break), [br] as well; [b] [i] [s]
 *   become ** * ~~; [footnote:KEY] with its "%Footnote.KEY: …" comment a
 *   Markdown footnote; ">> centred <<" and the other alignments lose their
 *   marks, "> indented <" becomes a quote; [newpage], [vspace] and fields
 *   go; the project's auto-replace list is applied ("<A>" → its text).
 * - A chapter's "%Synopsis:" (or "%Short:") is its synopsis; its other
 *   comments and its @keywords ("@pov: Jane") are its notes, and @pov
 *   its point of view when the codex has that character.
 * - The notes of the Characters, Locations (World), Objects, Entities,
 *   Plot, Timeline and Custom roots become codex entries: one per heading,
 *   named by it, its @tag and display name ("@tag: John | John Smith") its
 *   aliases, "%Short:" and the text its description, its other keywords
 *   and comments its notes.
 * - The Archive, the Trash, the templates, the novel's own notes and the
 *   documents left out of the manuscript are not imported: the import
 *   says how many.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-codex.h"
#include "df-error.h"
#include "df-import-novelwriter-private.h"
#include "df-import-private.h"
#include "df-text.h"

typedef enum { CAPTURE_NONE, CAPTURE_TITLE, CAPTURE_ITEM_NAME, CAPTURE_REPLACE } Capture;

typedef struct
{
  char       *title;
  GPtrArray  *items;       /* NwItem*, owned */
  GHashTable *by_handle;
  GPtrArray  *replace;     /* pairs: "<A>", "B" */
  /* parsing */
  gboolean    in_project;
  NwItem     *item;
  Capture     capture;
  char       *replace_key;
  GString    *text;
} NwProject;

/* Where the novel's text goes: the chapter being read. */
typedef struct
{
  DfImportCtx *ctx;
  NwProject   *nw;
  gint64       part_id;
  char        *title;      /* the open chapter's, NULL when none is */
  GString     *content;
  GString     *synopsis;
  GString     *notes;
  char        *pov;
  gboolean     in_paragraph;
  gboolean     broke;      /* the last line ended with [br] */
  NwMarkup     markup;     /* the project's replacements, the document's
                            footnotes, the chapter's footnote definitions */
  GArray      *povs;       /* gint64 chapter id, then char *pov, in pairs */
  GPtrArray   *pov_names;
} Novel;

static const struct { const char *klass; const char *kind; } codex_roots[] = {
  { "CHARACTER", "character" }, { "WORLD", "location" }, { "OBJECT", "object" }, { "ENTITY", "other" },
  { "PLOT", "lore" }, { "TIMELINE", "lore" }, { "CUSTOM", "other" },
};

/* ---- private helpers ------------------------------------------------- */

static void
nw_item_free (NwItem *item)
{
  g_free (item->handle);
  g_free (item->parent);
  g_free (item->type);
  g_free (item->klass);
  g_free (item->layout);
  g_free (item->name);
  g_clear_pointer (&item->children, g_ptr_array_unref);
  g_free (item);
}

static void
nw_project_clear (NwProject *nw)
{
  g_clear_pointer (&nw->title, g_free);
  g_clear_pointer (&nw->by_handle, g_hash_table_unref);
  g_clear_pointer (&nw->items, g_ptr_array_unref);
  g_clear_pointer (&nw->replace, g_ptr_array_unref);
  g_clear_pointer (&nw->replace_key, g_free);
  if (nw->text != NULL)
    g_string_free (g_steal_pointer (&nw->text), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NwProject, nw_project_clear)

/* ---- nwProject.nwx ------------------------------------------------------ */

static void
nwx_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  NwProject *nw = user_data;

  g_string_truncate (nw->text, 0);
  if (g_str_equal (element, "project"))
    nw->in_project = TRUE;
  else if (g_str_equal (element, "name") && nw->in_project)
    nw->capture = CAPTURE_TITLE;
  else if (g_str_equal (element, "item"))
    {
      NwItem *item = g_new0 (NwItem, 1);
      const char *order = _df_import_xml_attribute (names, values, "order");

      item->handle = g_strdup (_df_import_xml_attribute (names, values, "handle"));
      item->parent = g_strdup (_df_import_xml_attribute (names, values, "parent"));
      item->type = g_strdup (_df_import_xml_attribute (names, values, "type"));
      item->klass = g_strdup (_df_import_xml_attribute (names, values, "class"));
      item->layout = g_strdup (_df_import_xml_attribute (names, values, "layout"));
      item->order = order != NULL ? atoi (order) : 0;
      item->active = TRUE;
      item->children = g_ptr_array_new ();
      g_ptr_array_add (nw->items, item);
      if (item->handle != NULL)
        g_hash_table_insert (nw->by_handle, item->handle, item);
      nw->item = item;
    }
  else if (g_str_equal (element, "name") && nw->item != NULL)
    {
      nw->capture = CAPTURE_ITEM_NAME;
      nw->item->active = g_strcmp0 (_df_import_xml_attribute (names, values, "active"), "no") != 0;
    }
  else if (g_str_equal (element, "entry") && g_markup_parse_context_get_element_stack (context)->next != NULL &&
           g_str_equal (g_markup_parse_context_get_element_stack (context)->next->data, "autoReplace"))
    {
      g_free (nw->replace_key);
      nw->replace_key = g_strdup (_df_import_xml_attribute (names, values, "key"));
      nw->capture = CAPTURE_REPLACE;
    }
}

static void
nwx_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  NwProject *nw = user_data;

  switch (nw->capture)
    {
    case CAPTURE_TITLE:
      g_free (nw->title);
      nw->title = g_strstrip (g_strdup (nw->text->str));
      break;
    case CAPTURE_ITEM_NAME:
      g_free (nw->item->name);
      nw->item->name = g_strstrip (g_strdup (nw->text->str));
      break;
    case CAPTURE_REPLACE:
      if (nw->replace_key != NULL && *nw->replace_key != '\0')
        {
          g_ptr_array_add (nw->replace, g_strdup_printf ("<%s>", nw->replace_key));
          g_ptr_array_add (nw->replace, g_strdup (nw->text->str));
        }
      break;
    case CAPTURE_NONE:
    default:
      break;
    }
  nw->capture = CAPTURE_NONE;
  if (g_str_equal (element, "project"))
    nw->in_project = FALSE;
  else if (g_str_equal (element, "item"))
    nw->item = NULL;
}

static void
nwx_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  NwProject *nw = user_data;

  if (nw->capture != CAPTURE_NONE)
    g_string_append_len (nw->text, text, len);
}

static int
compare_order (gconstpointer a,
               gconstpointer b)
{
  const NwItem *x = *(NwItem * const *) a;
  const NwItem *y = *(NwItem * const *) b;

  return (x->order > y->order) - (x->order < y->order);
}

/* Reads @path's nwProject.nwx into @nw, each item's children in order. */
static gboolean
read_nwx (NwProject   *nw,
          const char  *path,
          const char  *display,
          GError     **error)
{
  static const GMarkupParser parser = { nwx_start, nwx_end, nwx_text, NULL, NULL };
  g_autofree char *file = g_build_filename (path, "nwProject.nwx", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  nw->items = g_ptr_array_new_with_free_func ((GDestroyNotify) nw_item_free);
  nw->by_handle = g_hash_table_new (g_str_hash, g_str_equal);
  nw->replace = g_ptr_array_new_with_free_func (g_free);
  nw->text = g_string_new (NULL);
  if (!g_file_get_contents (file, &xml, &len, &local))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT, _("“%s” cannot be read: %s"), display, local->message);
      return FALSE;
    }
  context = g_markup_parse_context_new (&parser, 0, nw, NULL);
  if (!g_markup_parse_context_parse (context, xml, len, &local) ||
      !g_markup_parse_context_end_parse (context, &local))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” is not a novelWriter project that can be read: nwProject.nwx: %s"), display,
                   local->message);
      return FALSE;
    }
  for (guint i = 0; i < nw->items->len; i++)
    {
      NwItem *item = nw->items->pdata[i];
      NwItem *parent = item->parent != NULL ? g_hash_table_lookup (nw->by_handle, item->parent) : NULL;

      if (parent != NULL && parent != item)
        g_ptr_array_add (parent->children, item);
    }
  for (guint i = 0; i < nw->items->len; i++)
    g_ptr_array_sort (((NwItem *) nw->items->pdata[i])->children, compare_order);
  return TRUE;
}

/* The roots, in order. */
static GPtrArray *
roots (NwProject *nw)
{
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = 0; i < nw->items->len; i++)
    {
      NwItem *item = nw->items->pdata[i];

      if (g_strcmp0 (item->type, "ROOT") == 0)
        g_ptr_array_add (list, item);
    }
  g_ptr_array_sort (list, compare_order);
  return list;
}

/* The files under @item, depth first in the tree's order. */
static void
collect_files (NwItem    *item,
               GPtrArray *files)
{
  for (guint i = 0; i < item->children->len; i++)
    {
      NwItem *child = item->children->pdata[i];

      if (g_strcmp0 (child->type, "FILE") == 0)
        g_ptr_array_add (files, child);
      collect_files (child, files);
    }
}

/* ---- the novel ---------------------------------------------------------- */

/* The chapter being read goes into the book. */
static gboolean
close_chapter (Novel   *novel,
               GError **error)
{
  g_autofree char *content = NULL;
  gint64 id = 0;

  if (novel->title == NULL)
    return TRUE;
  g_string_append (novel->content, novel->markup.defs->str);
  g_string_append_c (novel->content, '\n');
  content = _df_import_trim_blank_lines (novel->content->str, novel->content->str + novel->content->len);
  if (!_df_import_check_cancelled (novel->ctx, error) ||
      !_df_import_add_chapter (novel->ctx, novel->part_id, novel->title, content, &id, error) ||
      (novel->synopsis->len > 0 &&
       !df_chapter_set_field (novel->ctx->store, id, "synopsis", novel->synopsis->str, error)) ||
      (novel->notes->len > 0 && !df_chapter_set_field (novel->ctx->store, id, "notes", novel->notes->str, error)))
    return FALSE;
  if (novel->pov != NULL)
    {
      g_array_append_val (novel->povs, id);
      g_ptr_array_add (novel->pov_names, g_steal_pointer (&novel->pov));
    }
  g_clear_pointer (&novel->title, g_free);
  g_string_truncate (novel->content, 0);
  g_string_truncate (novel->synopsis, 0);
  g_string_truncate (novel->notes, 0);
  g_string_truncate (novel->markup.defs, 0);
  novel->in_paragraph = FALSE;
  return TRUE;
}

static void
open_chapter (Novel      *novel,
              const char *title)
{
  if (novel->title == NULL)
    novel->title = g_strdup (title != NULL && *title != '\0' ? title : _("Untitled"));
}

/* A "%" comment: the synopsis, a footnote (read already), or a note. */
static void
read_comment (Novel      *novel,
              const char *line,
              const char *doc_name)
{
  const char *body = line + 1;

  while (*body == ' ')
    body++;
  if (g_ascii_strncasecmp (body, "footnote.", 9) == 0)
    return;
  open_chapter (novel, doc_name);
  if (g_ascii_strncasecmp (body, "synopsis:", 9) == 0 || g_ascii_strncasecmp (body, "short:", 6) == 0)
    {
      const char *colon = strchr (body, ':') + 1;
      g_autofree char *text = g_strstrip (g_strdup (colon));

      if (novel->synopsis->len > 0)
        g_string_append_c (novel->synopsis, ' ');
      g_string_append (novel->synopsis, text);
    }
  else
    _df_nw_append_line (novel->notes, body);
}

/* The "%Footnote.KEY: text" comments of a document. */
static void
read_footnotes (Novel      *novel,
                char      **lines)
{
  g_hash_table_remove_all (novel->markup.footnotes);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *body = lines[i] + (lines[i][0] == '%');
      const char *colon;

      while (*body == ' ')
        body++;
      if (lines[i][0] != '%' || g_ascii_strncasecmp (body, "footnote.", 9) != 0 || (colon = strchr (body, ':')) == NULL)
        continue;
      g_hash_table_insert (novel->markup.footnotes, g_strstrip (g_strndup (body + 9, colon - body - 9)),
                           g_strstrip (g_strdup (colon + 1)));
    }
}

/* A text line of the paragraph being read, or the first of one. */
static void
read_text (Novel      *novel,
           const char *line,
           const char *doc_name)
{
  g_autofree char *plain = NULL;
  g_autofree char *text = NULL;
  gboolean quote, broke;

  plain = _df_nw_strip_alignment (line, &quote);
  text = _df_nw_convert_inline (&novel->markup, plain, &broke);
  if (*text == '\0' && !novel->in_paragraph)
    return;
  open_chapter (novel, doc_name);
  if (novel->in_paragraph)
    /* novelWriter keeps a paragraph's lines apart: a hard break. */
    g_string_append (novel->content, novel->broke ? "\n" : "\\\n");
  else if (novel->content->len > 0)
    g_string_append (novel->content, "\n\n");
  if (quote)
    g_string_append (novel->content, "> ");
  g_string_append (novel->content, text);
  novel->in_paragraph = TRUE;
  novel->broke = broke;
}

static gboolean
read_line (Novel       *novel,
           const char  *line,
           NwItem      *doc,
           GError     **error)
{
  const char *heading = NULL;
  gboolean bang = FALSE;
  int level = _df_nw_heading_level (line, &heading, &bang);

  if (level > 0)
    {
      g_autofree char *title = g_strstrip (g_strdup (heading));

      novel->in_paragraph = FALSE;
      if (level == 1 && !bang)
        {
          if (!close_chapter (novel, error) ||
              (novel->part_id = _df_import_add_part (novel->ctx, title, error)) == 0)
            return FALSE;
          /* Words under the part's heading, before a chapter: a chapter
           * of the part's name. */
          g_free (doc->name);
          doc->name = g_strdup (title);
          return TRUE;
        }
      if (level == 2)
        {
          if (!close_chapter (novel, error))
            return FALSE;
          open_chapter (novel, title);
          return TRUE;
        }
      open_chapter (novel, doc->name);
      if (novel->content->len > 0)
        g_string_append (novel->content, "\n\n");
      g_string_append_printf (novel->content, "%.*s %s", level == 1 ? 1 : level, "####", title);
      return TRUE;
    }
  if (line[0] == '%')
    read_comment (novel, line, doc->name);
  else if (line[0] == '@')
    {
      open_chapter (novel, doc->name);
      _df_nw_append_line (novel->notes, line);
      if (g_ascii_strncasecmp (line, "@pov:", 5) == 0 && novel->pov == NULL)
        {
          g_auto(GStrv) values = g_strsplit (line + 5, ",", 2);
          novel->pov = g_strstrip (g_strdup (values[0] != NULL ? values[0] : ""));
        }
    }
  else if (_df_import_line_is_blank (line, line + strlen (line)))
    novel->in_paragraph = FALSE;
  else
    read_text (novel, line, doc->name);
  return TRUE;
}

/* Each document of the novel, in order, into chapters and parts. */
static gboolean
read_novel (Novel       *novel,
            const char  *dir,
            GPtrArray   *files,
            guint       *left_out,
            GError     **error)
{
  for (guint i = 0; i < files->len; i++)
    {
      NwItem *doc = files->pdata[i];
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      if (g_strcmp0 (doc->layout, "DOCUMENT") != 0 || !doc->active)
        {
          (*left_out)++;
          continue;
        }
      if ((text = _df_nw_read_document (dir, doc, error)) == NULL)
        return FALSE;
      lines = g_strsplit (text, "\n", -1);
      read_footnotes (novel, lines);
      novel->in_paragraph = FALSE;
      for (guint j = 0; lines[j] != NULL; j++)
        {
          g_strchomp (lines[j]);
          if (!read_line (novel, lines[j], doc, error))
            return FALSE;
        }
      _df_import_report (novel->ctx, 0.1 + 0.8 * (i + 1) / files->len, FALSE);
    }
  return close_chapter (novel, error);
}

/* ---- the importer ------------------------------------------------------- */

static void
novel_clear (Novel *novel)
{
  g_clear_pointer (&novel->title, g_free);
  g_clear_pointer (&novel->pov, g_free);
  g_string_free (novel->content, TRUE);
  g_string_free (novel->synopsis, TRUE);
  g_string_free (novel->notes, TRUE);
  g_string_free (novel->markup.defs, TRUE);
  g_hash_table_unref (novel->markup.footnotes);
  g_array_unref (novel->povs);
  g_ptr_array_unref (novel->pov_names);
}

/* Each chapter's @pov, where the codex has that character. */
static gboolean
set_povs (Novel   *novel,
          GError **error)
{
  for (guint i = 0; i < novel->povs->len; i++)
    {
      const char *name = novel->pov_names->pdata[i];
      g_autoptr(DfCodexEntry) entry = df_codex_entry_find (novel->ctx->store, novel->ctx->project_id, name, FALSE,
                                                           NULL);

      if (entry != NULL &&
          !df_chapter_set_field (novel->ctx->store, g_array_index (novel->povs, gint64, i), "pov", entry->name, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
import_roots (Novel       *novel,
              const char  *dir,
              guint       *left_out,
              guint       *n_entries,
              GError     **error)
{
  g_autoptr(GPtrArray) root_list = roots (novel->nw);
  g_autoptr(GPtrArray) novel_files = g_ptr_array_new ();

  for (guint i = 0; i < root_list->len; i++)
    {
      NwItem *root = root_list->pdata[i];
      g_autoptr(GPtrArray) files = g_ptr_array_new ();
      const char *kind = NULL;

      collect_files (root, files);
      for (guint k = 0; k < G_N_ELEMENTS (codex_roots); k++)
        if (g_strcmp0 (root->klass, codex_roots[k].klass) == 0)
          kind = codex_roots[k].kind;
      if (g_strcmp0 (root->klass, "NOVEL") == 0)
        g_ptr_array_extend (novel_files, files, NULL, NULL);
      else if (kind != NULL)
        {
          for (guint j = 0; j < files->len; j++)
            if (!_df_nw_read_note (novel->ctx, &novel->markup, dir, files->pdata[j], kind, n_entries, error))
              return FALSE;
        }
      else
        *left_out += files->len;   /* the Archive, the Trash, the templates */
    }
  _df_import_report (novel->ctx, 0.1, FALSE);
  return read_novel (novel, dir, novel_files, left_out, error);
}

gboolean
_df_import_novelwriter (DfImportCtx  *ctx,
                        const char   *path,
                        const char   *display,
                        const char   *title,
                        GError      **error)
{
  g_auto(NwProject) nw = { 0 };
  g_autofree char *dir = g_file_test (path, G_FILE_TEST_IS_DIR) ? g_strdup (path) : g_path_get_dirname (path);
  g_autofree char *project_title = NULL;
  g_autoptr(DfProject) project = NULL;
  DfProjectNew spec = { 0 };
  Novel novel = { 0 };
  guint left_out = 0, n_entries = 0;
  gboolean ok;

  /* Paragraphs, not lines broken at a width: nothing to join. */
  ctx->unwrap = FALSE;

  if (!read_nwx (&nw, dir, display, error))
    return FALSE;
  project_title = g_strdup (title != NULL ? title : nw.title != NULL && *nw.title != '\0' ? nw.title : NULL);
  if (project_title == NULL)
    project_title = _df_import_readable_title (dir);
  spec.title = project_title;
  project = _df_import_create_project (ctx, &spec, error);
  if (project == NULL)
    return FALSE;

  novel.ctx = ctx;
  novel.nw = &nw;
  novel.markup.replace = nw.replace;
  novel.content = g_string_new (NULL);
  novel.synopsis = g_string_new (NULL);
  novel.notes = g_string_new (NULL);
  novel.markup.defs = g_string_new (NULL);
  novel.markup.footnotes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  novel.povs = g_array_new (FALSE, FALSE, sizeof (gint64));
  novel.pov_names = g_ptr_array_new_with_free_func (g_free);

  ok = import_roots (&novel, dir, &left_out, &n_entries, error) && set_povs (&novel, error) &&
       (n_entries == 0 || df_codex_index_project (ctx->store, ctx->project_id, error));
  novel_clear (&novel);
  ctx->documents_left_out = left_out;
  return ok;
}
