/* hello-exporter.c: the example plugin of docs/plugins.md
 *
 * An exporter for the format "outline": a plain-text outline of the book,
 * with its title, author, parts and chapter titles and their word counts.
 *
 *   cc -shared -fPIC hello-exporter.c -o libhello-exporter.so \
 *      $(pkg-config --cflags --libs draftforge-plugin)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>

#include <gmodule.h>
#include <draftforge-plugin.h>

/* ---- the exporter type -------------------------------------------------- */

#define HELLO_TYPE_OUTLINE_EXPORTER (hello_outline_exporter_get_type ())
G_DECLARE_FINAL_TYPE (HelloOutlineExporter, hello_outline_exporter, HELLO, OUTLINE_EXPORTER, GObject)

struct _HelloOutlineExporter
{
  GObject parent_instance;
};

static void hello_outline_exporter_iface_init (DfExporterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HelloOutlineExporter, hello_outline_exporter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DF_TYPE_EXPORTER, hello_outline_exporter_iface_init))

static void
hello_outline_exporter_class_init (HelloOutlineExporterClass *klass)
{
}

static void
hello_outline_exporter_init (HelloOutlineExporter *self)
{
}

static const char *
get_format (DfExporter *exporter)
{
  return "outline";
}

static const char *
get_name (DfExporter *exporter)
{
  return "Plain-text outline";
}

static const char *
get_extension (DfExporter *exporter)
{
  return "txt";
}

static const char *
get_mime_type (DfExporter *exporter)
{
  return "text/plain";
}

/* Writes the outline.  This runs in a worker thread: it uses only the
 * context (its own store, the book) and plain file I/O. */
static gboolean
export (DfExporter       *exporter,
        DfExportContext  *context,
        GError          **error)
{
  GCancellable *cancellable = df_export_context_get_cancellable (context);
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 total_words = 0;
  DfBook *book;

  /* The book as the user chose it (--parts), loaded once by the host. */
  book = df_export_context_get_book (context, error);
  if (book == NULL)
    return FALSE;

  if (df_export_context_get_option_bool (context, "title-page", TRUE))
    {
      g_string_append_printf (text, "%s\n", book->project->title);
      if (book->author != NULL)
        g_string_append_printf (text, "by %s\n", book->author);
      g_string_append (text, "\n");
    }

  for (guint s = 0; s < book->sections->len; s++)
    {
      DfBookSection *section = book->sections->pdata[s];
      const char *indent = "";

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (section->part != NULL)
        {
          gint64 part_words = 0;

          for (guint c = 0; c < section->chapters->len; c++)
            part_words += ((DfChapter *)section->chapters->pdata[c])->words;

          g_string_append_printf (text, "Part %" PRId64 ": %s (%" PRId64 " words)\n",
                                  section->part->number, section->part->title, part_words);
          indent = "  ";
        }

      for (guint c = 0; c < section->chapters->len; c++)
        {
          DfChapter *chapter = section->chapters->pdata[c];

          g_string_append_printf (text, "%s%" PRId64 ". %s (%" PRId64 " words)\n",
                                  indent, chapter->number, chapter->title, chapter->words);
          total_words += chapter->words;
        }

      df_export_context_set_progress (context, (double)(s + 1) / book->sections->len, "Writing the outline");
    }

  g_string_append_printf (text, "\n%u chapters, %" PRId64 " words\n", book->chapters->len, total_words);
  df_export_context_log (context, "outline of %u chapters", book->chapters->len);

  /* The host gave a temporary file beside the destination; it moves it
   * into place only if this returns TRUE. */
  if (!g_file_set_contents (df_export_context_get_output_path (context), text->str, (gssize)text->len, error))
    return FALSE;

  return TRUE;
}

static void
hello_outline_exporter_iface_init (DfExporterInterface *iface)
{
  iface->get_format = get_format;
  iface->get_name = get_name;
  iface->get_extension = get_extension;
  iface->get_mime_type = get_mime_type;
  iface->export = export;
}

/* ---- the entry point ------------------------------------------------- */

G_MODULE_EXPORT gboolean draftforge_plugin_init (DfPluginRegistry  *registry,
                                                 GError           **error);

G_MODULE_EXPORT gboolean
draftforge_plugin_init (DfPluginRegistry  *registry,
                        GError           **error)
{
  df_plugin_registry_add_exporter (registry, HELLO_TYPE_OUTLINE_EXPORTER);
  return TRUE;
}
