/* df-search-panel.c: full-text search over the open project
 *
 * Each result is one occurrence (its chapter, line and snippet); a page
 * of them at a time, searched in a worker, the next page asked for when
 * the list is scrolled to its end or its "Show More" row is activated.
 *
 * With Replace on, the list is what Replace All would change (whole
 * words, text not titles: df_search_replace_preview), each occurrence
 * struck through beside its replacement; Replace All asks the project
 * view to do it ("project.replace-all").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-search"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "df-model.h"
#include "df-search-panel.h"
#include "df-utils.h"
#include "df-worker.h"

/* Occurrences asked for at a time. */
#define PAGE_SIZE 200

typedef struct
{
  gint64  project_id;
  char   *query;
  guint   offset;
  gboolean replace;   /* what Replace All would change */
} SearchJob;

/* What a result row stands for. */
typedef struct
{
  gint64 chapter_id;
  gint64 offset;
  guint  length;
} HitRef;

struct _DfSearchPanel
{
  GtkWidget          parent_instance;

  char              *db_path;
  gint64             project_id;
  GCancellable      *cancellable;
  char              *query;        /* of the results shown */
  guint              n_results;
  gint64             total;
  gint64             n_chapters;
  gboolean           loading;
  gboolean           replace;      /* the results are a replace's preview */
  char              *replacement;  /* shown in the preview */

  GtkSearchEntry    *entry;
  GtkWidget         *main_box;
  GtkListBox        *results;
  GtkLabel          *status_label;
  GtkScrolledWindow *scroller;
  GtkWidget         *more_row;     /* "Show More", the list's last row */
  GtkToggleButton   *replace_toggle;
  GtkRevealer       *replace_revealer;
  GtkEntry          *replace_entry;
  GtkWidget         *replace_button;
};

G_DEFINE_FINAL_TYPE (DfSearchPanel, df_search_panel, GTK_TYPE_WIDGET)

enum { RESULT_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- private helpers --------------------------------------------------- */

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

  if (job->replace)
    return df_search_replace_preview (store, job->project_id, job->query, job->offset, PAGE_SIZE,
                                      cancellable, error);
  return df_search_occurrences (store, job->project_id, job->query, job->offset, PAGE_SIZE,
                                cancellable, error);
}

/* The snippet marks the match with [ and ]: shown in bold, everything
 * else escaped; with a @replacement, the match struck through and the
 * replacement in bold after it. */
static char *
snippet_markup (const char *snippet,
                const char *replacement)
{
  GString *out = g_string_new (NULL);
  g_autofree char *with = replacement != NULL ? g_markup_escape_text (replacement, -1) : NULL;

  for (const char *p = snippet; *p; p++)
    {
      if (*p == '[')
        g_string_append (out, with != NULL ? "<s>" : "<b>");
      else if (*p == ']' && with != NULL)
        g_string_append_printf (out, "</s> <b>%s</b>", with);
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

static GtkWidget *
hit_row_new (const DfSearchHit *hit,
             const char        *replacement)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *heading = hit->in_title ? g_strdup_printf (_("%s, in its title"), hit->chapter_title)
                                           : g_strdup_printf (_("%s, line %" PRId64), hit->chapter_title, hit->line);
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *snippet = gtk_label_new (NULL);
  g_autofree char *markup = snippet_markup (hit->snippet ? hit->snippet : "", replacement);
  HitRef *ref = g_new0 (HitRef, 1);

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

  ref->chapter_id = hit->chapter_id;
  ref->offset = hit->offset;
  ref->length = (guint)MAX (hit->length, 0);
  g_object_set_data_full (G_OBJECT (row), "hit", ref, g_free);
  return row;
}

static GtkWidget *
more_row_new (void)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (_("Show More"));

  gtk_widget_set_name (row, "search-more");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  return row;
}

static void
clear_results (DfSearchPanel *self)
{
  df_list_box_remove_all (self->results);
  self->more_row = NULL;
  self->n_results = 0;
  self->total = 0;
  self->n_chapters = 0;
  self->loading = FALSE;
  gtk_widget_set_sensitive (self->replace_button, FALSE);
}

/* "Showing 200 of 34,549 occurrences in 365 chapters", or all of them. */
static void
update_status (DfSearchPanel *self)
{
  g_autofree char *in = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_sensitive (self->replace_button, self->replace && self->total > 0 && !self->loading);
  if (self->total == 0)
    {
      gtk_label_set_text (self->status_label,
                          self->replace ? _("No chapter holds these words as whole words")
                                        : _("No chapter holds these words"));
      return;
    }
  in = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %'" PRId64 " chapter",
                                     "in %'" PRId64 " chapters", self->n_chapters),
                        self->n_chapters);
  if ((gint64)self->n_results >= self->total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " occurrence %s",
                                         "%'" PRId64 " occurrences %s", self->total),
                            self->total, in);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Showing %'u of %'" PRId64 " occurrence %s",
                                         "Showing %'u of %'" PRId64 " occurrences %s", self->total),
                            self->n_results, self->total, in);
  gtk_label_set_text (self->status_label, text);
}

static void search_done (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data);

/* Asks the worker for the page of self->query that starts at @offset. */
static void
run_page (DfSearchPanel *self,
          guint          offset)
{
  SearchJob *job = g_new0 (SearchJob, 1);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  job->project_id = self->project_id;
  job->query = g_strdup (self->query);
  job->offset = offset;
  job->replace = self->replace;
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  gtk_widget_set_sensitive (self->replace_button, FALSE);
  if (offset == 0)
    gtk_label_set_text (self->status_label, _("Searching…"));
  df_worker_run (self->db_path, search_in_thread, job, (GDestroyNotify)search_job_free,
                 (GDestroyNotify)df_search_results_free, self->cancellable, search_done, g_object_ref (self));
}


static void
load_more (DfSearchPanel *self)
{
  if (self->loading || self->query == NULL || (gint64)self->n_results >= self->total)
    return;
  run_page (self, self->n_results);
}

/* ---- callbacks ----------------------------------------------------------- */

static void
search_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DfSearchPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfSearchResults) results = df_worker_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  if (results == NULL)
    {
      clear_results (self);
      gtk_label_set_text (self->status_label, error->message);
      return;
    }
  if (results->offset == 0)
    clear_results (self);
  else if (self->more_row != NULL)
    {
      gtk_list_box_remove (self->results, self->more_row);
      self->more_row = NULL;
    }

  for (guint i = 0; i < results->hits->len; i++)
    gtk_list_box_append (self->results, hit_row_new (g_ptr_array_index (results->hits, i),
                                                     self->replace ? self->replacement : NULL));
  self->n_results += results->hits->len;
  self->total = results->total;
  self->n_chapters = results->n_chapters;

  if ((gint64)self->n_results < self->total && results->hits->len > 0)
    {
      self->more_row = more_row_new ();
      gtk_list_box_append (self->results, self->more_row);
    }
  update_status (self);
}

/* The entry says so a moment after its text changes, also when
 * df_search_panel_search set that text and searched already: the same
 * words are not searched again, which would drop the pages shown since. */
static void
search_changed (DfSearchPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (self->query != NULL && g_strcmp0 (trimmed, self->query) == 0)
    return;
  df_search_panel_search (self, text);
}

static void
replace_toggled (DfSearchPanel *self)
{
  self->replace = gtk_toggle_button_get_active (self->replace_toggle);
  gtk_revealer_set_reveal_child (self->replace_revealer, self->replace);
  if (self->replace)
    gtk_widget_grab_focus (GTK_WIDGET (self->replace_entry));
  df_search_panel_search_again (self);
}

static void
replacement_changed (DfSearchPanel *self)
{
  g_free (self->replacement);
  self->replacement = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->replace_entry)));
  if (self->replace)
    df_search_panel_search_again (self);
}

static void
replace_clicked (DfSearchPanel *self)
{
  if (self->query == NULL || self->total == 0)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "project.replace-all", "(ss)", self->query,
                              self->replacement != NULL ? self->replacement : "");
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
  HitRef *ref;

  if (GTK_WIDGET (row) == self->more_row)
    {
      load_more (self);
      return;
    }
  ref = g_object_get_data (G_OBJECT (row), "hit");
  if (ref != NULL)
    g_signal_emit (self, signals[RESULT_ACTIVATED], 0, ref->chapter_id, ref->offset, ref->length);
}

static void
edge_reached (DfSearchPanel   *self,
              GtkPositionType  position)
{
  if (position == GTK_POS_BOTTOM)
    load_more (self);
}

/* ---- GObject ------------------------------------------------------------- */

static void
df_search_panel_dispose (GObject *object)
{
  DfSearchPanel *self = (DfSearchPanel *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DF_TYPE_SEARCH_PANEL);
  self->more_row = NULL;

  G_OBJECT_CLASS (df_search_panel_parent_class)->dispose (object);
}

static void
df_search_panel_finalize (GObject *object)
{
  DfSearchPanel *self = (DfSearchPanel *)object;

  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->replacement, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, DfSearchPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, DfSearchPanel, replace_toggle);
  gtk_widget_class_bind_template_child (widget_class, DfSearchPanel, replace_revealer);
  gtk_widget_class_bind_template_child (widget_class, DfSearchPanel, replace_entry);
  gtk_widget_class_bind_template_child (widget_class, DfSearchPanel, replace_button);
}

static void
df_search_panel_init (DfSearchPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->entry, "search-changed", G_CALLBACK (search_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results, "row-activated", G_CALLBACK (row_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "stop-search", G_CALLBACK (stop_search), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scroller, "edge-reached", G_CALLBACK (edge_reached), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replace_toggle, "toggled", G_CALLBACK (replace_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replace_entry, "changed", G_CALLBACK (replacement_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replace_entry, "activate", G_CALLBACK (replace_clicked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replace_button, "clicked", G_CALLBACK (replace_clicked), self, G_CONNECT_SWAPPED);
}

/* ---- public API ---------------------------------------------------------- */

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
  g_autofree char *trimmed = g_strstrip (g_strdup (query ? query : ""));

  g_return_if_fail (DF_IS_SEARCH_PANEL (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), query) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), query);

  g_clear_pointer (&self->query, g_free);
  if (trimmed[0] == '\0' || self->db_path == NULL || self->project_id == 0)
    {
      clear_results (self);
      gtk_label_set_text (self->status_label, "");
      return;
    }

  self->query = g_steal_pointer (&trimmed);
  run_page (self, 0);
}

void
df_search_panel_search_again (DfSearchPanel *self)
{
  g_return_if_fail (DF_IS_SEARCH_PANEL (self));

  if (self->query == NULL)
    return;
  run_page (self, 0);
}

void
df_search_panel_set_replace (DfSearchPanel *self,
                             gboolean       replace)
{
  g_return_if_fail (DF_IS_SEARCH_PANEL (self));

  gtk_toggle_button_set_active (self->replace_toggle, replace);
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

gint64
df_search_panel_get_total (DfSearchPanel *self)
{
  g_return_val_if_fail (DF_IS_SEARCH_PANEL (self), 0);
  return self->total;
}

void
df_search_panel_show_more (DfSearchPanel *self)
{
  g_return_if_fail (DF_IS_SEARCH_PANEL (self));
  load_more (self);
}

gboolean
df_search_panel_is_busy (DfSearchPanel *self)
{
  g_return_val_if_fail (DF_IS_SEARCH_PANEL (self), FALSE);
  return self->loading;
}
