/* df-docx-exporter.c: the book as a Word document (Office Open XML)
 *
 * Written with libzip, every entry deflated, in the Transitional
 * namespaces.  Styles: Title, Subtitle, Heading1..Heading6, Normal, Quote,
 * Code, ListParagraph, FootnoteText, FootnoteReference, Hyperlink.
 *
 * Parts are Heading 1 and their chapters Heading 2; a book without parts
 * has its chapters as Heading 1.  Headings inside a chapter come below
 * the chapter's level.  Every part and chapter starts on a new page.
 * After the title page, the contents: a TOC field (parts and chapters)
 * that Word fills in with page numbers on opening.
 * Footnotes are real footnotes (word/footnotes.xml).  PNG and JPEG images
 * of the project are embedded (word/media/); any other image is shown as
 * its alternative text.  Lists use word/numbering.xml.  Pages are A4 with
 * 2 cm margins and the page number in the footer.
 *
 * The pieces are described in df-docx-exporter-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter-docx"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "df-docx-exporter-private.h"

/* An entry of the archive; the data stays the caller's.  With @file,
 * the entry is that file's bytes, read when the archive is written. */
typedef struct
{
  const char *name;
  const char *data;
  gsize       len;
  const char *file;
} Entry;

/* word/document.xml as it is written: each piece (the title page, the
 * contents, a chapter) made in @chunk, then appended to a file of the
 * spool folder, so that the document is never whole in memory. */
typedef struct
{
  char          *spool_dir;
  char          *path;
  GOutputStream *stream;
  GString       *chunk;
} Document;

/* ---- one export ------------------------------------------------------- */

static void
docx_init (Docx            *docx,
           DfExportContext *context,
           DfBook          *book)
{
  docx->context = context;
  docx->store = df_export_context_get_store (context);
  docx->book = book;
  docx->title = exporter_xml_clean (book->project->title);
  docx->author = exporter_xml_clean (df_export_context_get_option_string (context, "author", book->author) ?: "");
  docx->rels = g_string_new (NULL);
  docx->numbering = g_string_new (NULL);
  docx->footnotes = g_string_new (NULL);
  docx->media = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  docx->media_names = g_ptr_array_new_with_free_func (g_free);
  docx->note_defs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  docx->note_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  docx->next_rel = 1;
  docx->chapter_level = exporter_book_has_parts (book) ? 2 : 1;
  docx->rtl = exporter_language_is_rtl (book->project->language);

  docx_add_relationship (docx, "styles", "styles.xml", FALSE);
  docx_add_relationship (docx, "settings", "settings.xml", FALSE);
  docx_add_relationship (docx, "numbering", "numbering.xml", FALSE);
  docx_add_relationship (docx, "footnotes", "footnotes.xml", FALSE);
  docx->footer_rel = docx_add_relationship (docx, "footer", "footer1.xml", FALSE);
}

static void
docx_clear (Docx *docx)
{
  g_free (docx->title);
  g_free (docx->author);
  g_string_free (docx->rels, TRUE);
  g_string_free (docx->numbering, TRUE);
  g_string_free (docx->footnotes, TRUE);
  g_ptr_array_unref (docx->media);
  g_ptr_array_unref (docx->media_names);
  g_hash_table_unref (docx->note_defs);
  g_hash_table_unref (docx->note_ids);
}

static gboolean
document_open (Document  *document,
               GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = NULL;

  document->spool_dir = g_dir_make_tmp ("draftforge-spool-XXXXXX", &local_error);
  if (document->spool_dir != NULL)
    {
      document->path = g_build_filename (document->spool_dir, "document.xml", NULL);
      file = g_file_new_for_path (document->path);
      document->stream = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL,
                                                          &local_error));
    }
  if (document->stream == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write a temporary file for the export: %s"),
                   local_error->message);
      return FALSE;
    }
  document->chunk = g_string_new (NULL);
  docx_document_start (document->chunk);
  return TRUE;
}

/* Appends the piece made in the chunk to the file. */
static gboolean
document_flush (Docx      *docx,
                Document  *document,
                GError   **error)
{
  g_autoptr(GError) local_error = NULL;

  if (docx->rtl)
    docx_mark_rtl (document->chunk);
  if (!g_output_stream_write_all (document->stream, document->chunk->str, document->chunk->len, NULL,
                                  df_export_context_get_cancellable (docx->context), &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write a temporary file for the export: %s"),
                     local_error->message);
      return FALSE;
    }
  g_string_truncate (document->chunk, 0);
  return TRUE;
}

static gboolean
document_close (Docx      *docx,
                Document  *document,
                GError   **error)
{
  g_autoptr(GError) local_error = NULL;

  docx_document_end (docx, document->chunk);
  if (!document_flush (docx, document, error))
    return FALSE;
  if (!g_output_stream_close (document->stream, NULL, &local_error))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write a temporary file for the export: %s"),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* The file and its folder gone. */
static void
document_clear (Document *document)
{
  g_clear_object (&document->stream);
  if (document->chunk != NULL)
    g_string_free (document->chunk, TRUE);
  if (document->path != NULL)
    g_unlink (document->path);
  g_free (document->path);
  exporter_zip_spool_remove (&document->spool_dir);
}

/* One chapter, its text read for it and let go after. */
static gboolean
write_chapter (Docx       *docx,
               Document   *document,
               DfChapter  *chapter,
               gboolean    page_break,
               GError    **error)
{
  if (df_book_chapter_text (docx->book, chapter, error) == NULL)
    return FALSE;
  docx_render_chapter (docx, document->chunk, chapter, page_break);
  df_book_chapter_release (docx->book, chapter);
  return document_flush (docx, document, error);
}

/* The title page, the contents, then the parts and chapters, each from a
 * new page. */
static gboolean
write_body (Docx      *docx,
            Document  *document,
            GError   **error)
{
  GString *body = document->chunk;
  GCancellable *cancellable = df_export_context_get_cancellable (docx->context);
  DfBook *book = docx->book;
  gboolean page_break = FALSE;
  guint done = 0;

  if (df_export_context_get_option_bool (docx->context, "title-page", TRUE))
    {
      docx_title_page (body, docx->title, docx->author);
      page_break = TRUE;
    }
  if (book->chapters->len > 0)
    {
      docx_contents_field (body, book, docx->chapter_level, page_break);
      page_break = TRUE;
    }
  if (!document_flush (docx, document, error))
    return FALSE;

  for (guint s = 0; s < book->sections->len; s++)
    {
      DfBookSection *section = g_ptr_array_index (book->sections, s);

      if (section->part != NULL)
        {
          docx_heading_paragraph (body, 1, section->part->title, page_break);
          page_break = TRUE;
        }
      for (guint c = 0; c < section->chapters->len; c++)
        {
          DfChapter *chapter = g_ptr_array_index (section->chapters, c);
          g_autofree char *message = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          message = g_strdup_printf (_("Writing chapter %u of %u"), done + 1, book->chapters->len);
          df_export_context_set_progress (docx->context, 0.8 * done / book->chapters->len, message);
          /* a chapter right after its part's heading shares its page */
          if (!write_chapter (docx, document, chapter, page_break && !(section->part != NULL && c == 0), error))
            return FALSE;
          page_break = TRUE;
          done++;
        }
    }
  return document_close (docx, document, error);
}

/* ---- the archive ----------------------------------------------------- */

static gboolean
add_entry (zip_t        *zip,
           const Entry  *entry,
           GError      **error)
{
  const char *name = entry->name;
  zip_source_t *source = entry->file != NULL ? zip_source_file (zip, entry->file, 0, -1)
                                             : zip_source_buffer (zip, entry->data, entry->len, 0);
  zip_int64_t index;

  if (source == NULL ||
      (index = zip_file_add (zip, name, source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE)) < 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not add %s to the document: %s"),
                   name, zip_strerror (zip));
      if (source != NULL)
        zip_source_free (source);
      return FALSE;
    }
  zip_set_file_compression (zip, index, ZIP_CM_DEFLATE, 9);
  return TRUE;
}

/* @entries into a new archive at @path. */
static gboolean
write_archive (const char  *path,
               GArray      *entries,
               GError     **error)
{
  zip_t *zip = exporter_zip_open (path, error);

  if (zip == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = &g_array_index (entries, Entry, i);

      if (!add_entry (zip, entry, error))
        {
          zip_discard (zip);
          return FALSE;
        }
    }
  return exporter_zip_close (zip, path, error);
}

/* Every part of the package, then the pictures, in the archive. */
static gboolean
write_package (Docx      *docx,
               Document  *document,
               GError   **error)
{
  g_autofree char *styles = docx_styles (docx);
  g_autofree char *types = NULL;
  g_autofree char *core = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));

  docx_close_parts (docx);
  if (docx->rtl)
    docx_mark_rtl (docx->footnotes);
  types = docx_content_types (docx);
  core = docx_core_properties (docx->title, docx->author, docx->book->project->language);
  if (g_cancellable_set_error_if_cancelled (df_export_context_get_cancellable (docx->context), error))
    return FALSE;
  df_export_context_set_progress (docx->context, 0.85, _("Compressing the document"));

  {
    const Entry parts[] = {
      { "[Content_Types].xml", types, strlen (types) },
      { "_rels/.rels", docx_root_rels_xml, strlen (docx_root_rels_xml) },
      { "word/document.xml", NULL, 0, document->path },
      { "word/_rels/document.xml.rels", docx->rels->str, docx->rels->len },
      { "word/styles.xml", styles, strlen (styles) },
      { "word/settings.xml", docx_settings_xml, strlen (docx_settings_xml) },
      { "word/numbering.xml", docx->numbering->str, docx->numbering->len },
      { "word/footnotes.xml", docx->footnotes->str, docx->footnotes->len },
      { "word/footer1.xml", docx_footer_xml, strlen (docx_footer_xml) },
      { "docProps/core.xml", core, strlen (core) },
      { "docProps/app.xml", docx_app_xml, strlen (docx_app_xml) },
    };

    g_array_append_vals (entries, parts, G_N_ELEMENTS (parts));
  }
  for (guint i = 0; i < docx->media->len; i++)
    {
      Entry entry = { g_ptr_array_index (docx->media_names, i), NULL, 0, NULL };

      entry.data = g_bytes_get_data (g_ptr_array_index (docx->media, i), &entry.len);
      g_array_append_val (entries, entry);
    }
  return write_archive (df_export_context_get_output_path (docx->context), entries, error);
}

gboolean
df_docx_exporter_export (DfExporter       *exporter,
                         DfExportContext  *context,
                         GError          **error)
{
  DfBook *book = df_export_context_get_book_lazily (context, error);
  Document document = { 0 };
  Docx docx = { 0 };
  gboolean ok;

  if (book == NULL)
    return FALSE;
  docx_init (&docx, context, book);

  ok = document_open (&document, error) &&
       write_body (&docx, &document, error) &&
       write_package (&docx, &document, error);
  document_clear (&document);
  if (ok)
    df_export_context_log (context, "DOCX: %u chapters, %d footnotes, %d images, chapters as Heading %d",
                           book->chapters->len, docx.next_note, docx.next_image, docx.chapter_level);
  docx_clear (&docx);
  return ok;
}
