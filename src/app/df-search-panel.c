/* df-search-panel.c: full-text search over the open project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-search"

#include "config.h"

#include <glib/gi18n.h>

#include "df-model.h"
#include "df-search-panel.h"
#include "df-utils.h"
#include "df-worker.h"

typedef struct
{
  gint64  project_id;
  char   *query;
} SearchJob;

struct _DfSearchPanel
{
  GtkWidget       parent_instance;

  char           *db_path;
  gint64          project_id;
  GCancellable   *cancellable;
  guint           n_results;

  GtkSearchEntry *entry;
  GtkWidget      *main_box;
  GtkListBox     *results;
  GtkLabel       *status_label;
};

G_DEFINE_FINAL_TYPE (DfSearchPanel, df_search_panel, GTK_TYPE_WIDGET)

enum { RESULT_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
search_job_free (SearchJob *job)
{
  g_free (job->query);
  g_free (job);
}

static gpointer
search_in_thread (DfStore       *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  SearchJob *job = data;

  return df_search (store, job->project_id, job->query, 200, error);
}

/* The snippet marks matches with [ and ]: show them in bold, everything
 * else escaped. */
static char *
snippet_markup (const char *snippet)
{
  GString *out = g_string_new (NULL);

  for (const char *p = snippet; *p; p++)
    {
      if (*p == '[')
        g_string_append (out, "<b>");
      else if (*p == ']')
        g_string_append (out, "</b>");
      else
        {
          const char *next = g_utf8_next_char (p);
          g_autofree char *escaped = g_markup_escape_text (p, next - p);
          g_string_append (out, escaped);
          p = next - 1;
        }
    }

  return g_string_free (out, FALSE);
}

static guint
first_word_length (const char *query)
{
  const char *p = query;
  guint n = 0;

  while (*p && !g_unichar_isalnum (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  while (*p && g_unichar_isalnum (g_utf8_get_char (p)))
    {
      n++;
      p = g_utf8_next_char (p);
    }
  return n;
}

static void
clear_results (DfSearchPanel *self)
{
  df_list_box_remove_all (self->results);
  self->n_results = 0;
}

static void
search_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DfSearchPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = df_worker_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  clear_results (self);

  if (hits == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }

  for (guint i = 0; i < hits->len; i++)
    {
      DfSearchHit *hit = g_ptr_array_index (hits, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title = gtk_label_new (hit->chapter_title);
      GtkWidget *snippet = gtk_label_new (NULL);
      g_autofree char *markup = snippet_markup (hit->snippet ? hit->snippet : "");

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (title, "heading");
      gtk_label_set_markup (GTK_LABEL (snippet), markup);
      gtk_label_set_xalign (GTK_LABEL (snippet), 0);
      gtk_label_set_wrap (GTK_LABEL (snippet), TRUE);
      gtk_label_set_lines (GTK_LABEL (snippet), 3);
      gtk_label_set_ellipsize (GTK_LABEL (snippet), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (snippet, "caption");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), snippet);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data (G_OBJECT (row), "chapter-id", GSIZE_TO_POINTER (hit->chapter_id));
      g_object_set_data (G_OBJECT (row), "offset", GSIZE_TO_POINTER (hit->offset + 1));
      gtk_list_box_append (self->results, row);
    }
  self->n_results = hits->len;

  if (hits->len == 0)
    gtk_label_set_text (self->status_label, _("No chapter holds these words"));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u chapter", "%u chapters", hits->len),
                                               hits->len);
      gtk_label_set_text (self->status_label, text);
    }
}

static void
search_changed (DfSearchPanel *self)
{
  df_search_panel_search (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

/* The entry's Escape: the sidebar that shows the panel ends the search. */
static void
stop_search (DfSearchPanel *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sidebar.end-search", NULL);
}

static void
row_activated (DfSearchPanel *self,
               GtkListBoxRow *row)
{
  gint64 chapter = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "chapter-id"));
  gint64 offset = (gint64)GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "offset")) - 1;
  guint length = first_word_length (gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  g_signal_emit (self, signals[RESULT_ACTIVATED], 0, chapter, offset, length);
}

static void
df_search_panel_dispose (GObject *object)
{
  DfSearchPanel *self = (DfSearchPanel *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DF_TYPE_SEARCH_PANEL);

  G_OBJECT_CLASS (df_search_panel_parent_class)->dispose (object);
}

static void
df_search_panel_finalize (GObject *object)
{
  DfSearchPanel *self = (DfSearchPanel *)object;

  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (df_search_panel_parent_class)->finalize (object);
}

static void
df_search_panel_class_init (DfSearchPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_search_panel_dispose;
  object_class->finalize = df_search_panel_finalize;

  signals[RESULT_ACTIVATED] = g_signal_new ("result-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                            G_TYPE_INT64, G_TYPE_INT64, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-search-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DfSearchPanel, entry);
  gtk_widget_class_bind_template_child (widget_class, DfSearchPanel, main_box);
  gtk_widget_class_bind_template_child (widget_class, DfSearchPanel, results);
  gtk_widget_class_bind_template_child (widget_class, DfSearchPanel, status_label);
}

static void
df_search_panel_init (DfSearchPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->entry, "search-changed", G_CALLBACK (search_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results, "row-activated", G_CALLBACK (row_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "stop-search", G_CALLBACK (stop_search), self, G_CONNECT_SWAPPED);
}

void
df_search_panel_set_project (DfSearchPanel *self,
                             const char    *db_path,
                             gint64         project_id)
{
  g_return_if_fail (DF_IS_SEARCH_PANEL (self));

  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  self->project_id = project_id;
  df_search_panel_search (self, "");
}

void
df_search_panel_search (DfSearchPanel *self,
                        const char    *query)
{
  SearchJob *job;
  g_autofree char *trimmed = g_strstrip (g_strdup (query ? query : ""));

  g_return_if_fail (DF_IS_SEARCH_PANEL (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), query) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), query);

  if (trimmed[0] == '\0' || self->db_path == NULL || self->project_id == 0)
    {
      clear_results (self);
      gtk_label_set_text (self->status_label, "");
      return;
    }

  job = g_new0 (SearchJob, 1);
  job->project_id = self->project_id;
  job->query = g_steal_pointer (&trimmed);
  self->cancellable = g_cancellable_new ();
  gtk_label_set_text (self->status_label, _("Searching…"));
  df_worker_run (self->db_path, search_in_thread, job, (GDestroyNotify)search_job_free,
                 (GDestroyNotify)g_ptr_array_unref, self->cancellable, search_done, g_object_ref (self));
}

void
df_search_panel_focus (DfSearchPanel *self)
{
  g_return_if_fail (DF_IS_SEARCH_PANEL (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

guint
df_search_panel_get_n_results (DfSearchPanel *self)
{
  g_return_val_if_fail (DF_IS_SEARCH_PANEL (self), 0);
  return self->n_results;
}
