/* df-project-view-replace.c: replace a word or phrase in every chapter
 *
 * The search panel's Replace All ("project.replace-all", query and
 * replacement).  The open chapter is replaced in the editor, as one edit
 * that Ctrl+Z takes back and autosave saves; every other chapter in a
 * worker, in one transaction, each one's text before kept as a revision
 * (df_search_replace).  The toast that says what changed offers Undo,
 * which puts every chapter back (a chapter written since keeps that text
 * as a conflict revision: nothing is lost).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-project"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "df-model.h"
#include "df-project-view-private.h"
#include "df-worker.h"

typedef struct
{
  gint64  project_id;
  gint64  except_id;     /* the chapter open in the editor, or 0 */
  char   *query;
  char   *replacement;
} ReplaceJob;

/* What the open chapter's replace did, for the toast and its Undo. */
typedef struct
{
  GWeakRef   view;
  char      *db_path;
  gint64     chapter_id;
  gint64     count;
  char      *text_before;
  char      *text_after;
  GPtrArray *changes;    /* the other chapters' (DfReplaceChange) */
} Replaced;

static void
replace_job_free (ReplaceJob *job)
{
  g_free (job->query);
  g_free (job->replacement);
  g_free (job);
}

static void
replaced_free (Replaced *replaced)
{
  g_weak_ref_clear (&replaced->view);
  g_free (replaced->db_path);
  g_free (replaced->text_before);
  g_free (replaced->text_after);
  g_clear_pointer (&replaced->changes, g_ptr_array_unref);
  g_free (replaced);
}

static gpointer
replace_in_thread (DfStore       *store,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  ReplaceJob *job = data;

  return df_search_replace (store, job->project_id, job->query, job->replacement, job->except_id,
                            FALSE, cancellable, error);
}

static gpointer
undo_in_thread (DfStore       *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  if (!df_search_replace_undo (store, data, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

/* The open chapter's text, replaced in the editor as one edit, the
 * cursor kept where it was. */
static void
set_editor_text (DfProjectView *self,
                 const char    *text)
{
  gint64 cursor = df_editor_get_cursor (self->editor);

  df_editor_replace_text (self->editor, text);
  df_editor_place_cursor (self->editor, MIN (cursor, (gint64)g_utf8_strlen (text, -1)));
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
undo_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(DfProjectView) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  gboolean ok = df_worker_finish (result, &error) != NULL;

  weak_ref_free (ref);
  if (self == NULL)
    return;
  if (!ok)
    {
      df_page_show_toast_printf (GTK_WIDGET (self), _("The replace could not be undone: %s"), error->message);
      return;
    }
  _df_project_view_refresh_counts (self);
  df_project_sidebar_search_again (self->sidebar);
  df_page_show_toast (GTK_WIDGET (self), _("Replace undone"));
}

/* Once the open chapter's text is saved: the other chapters back. */
static void
undo_others (DfProjectView *self,
             const GError  *error,
             gpointer       data)
{
  GPtrArray *changes = data;
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  df_worker_run (df_session_get_db_path (self->session), undo_in_thread, g_ptr_array_ref (changes),
                 (GDestroyNotify)g_ptr_array_unref, NULL, NULL, undo_done, ref);
}

static void
undo_clicked (AdwToast *toast,
              Replaced *replaced)
{
  g_autoptr(DfProjectView) self = g_weak_ref_get (&replaced->view);
  g_autofree char *now = NULL;

  if (self == NULL)
    {
      /* The project was closed: the chapters go back all the same. */
      if (replaced->changes->len > 0)
        df_worker_run (replaced->db_path, undo_in_thread, g_ptr_array_ref (replaced->changes),
                       (GDestroyNotify)g_ptr_array_unref, NULL, NULL, undo_done, g_new0 (GWeakRef, 1));
      return;
    }

  if (replaced->count > 0 && df_document_get_chapter_id (self->document) == replaced->chapter_id)
    {
      now = df_editor_dup_text (self->editor);
      if (g_strcmp0 (now, replaced->text_after) == 0)
        set_editor_text (self, replaced->text_before);
      else
        df_page_show_toast (GTK_WIDGET (self),
                            _("The open chapter was edited after the replace: take it back there with Ctrl+Z"));
    }
  if (replaced->changes->len > 0)
    df_project_view_when_saved (self, undo_others, g_ptr_array_ref (replaced->changes),
                                (GDestroyNotify)g_ptr_array_unref);
}

/* "Replaced 12 occurrences in 3 chapters", with Undo. */
static void
show_replaced (DfProjectView *self,
               Replaced      *replaced)
{
  g_autofree char *occurrences = NULL;
  g_autofree char *chapters = NULL;
  g_autofree char *message = NULL;
  gint64 total = replaced->count, n_chapters = replaced->changes->len + (replaced->count > 0);
  AdwToastOverlay *overlay;
  AdwToast *toast;

  for (guint i = 0; i < replaced->changes->len; i++)
    total += ((DfReplaceChange *)replaced->changes->pdata[i])->count;
  if (total == 0)
    {
      df_page_show_toast (GTK_WIDGET (self), _("Nothing replaced: no chapter holds these words as whole words"));
      replaced_free (replaced);
      return;
    }

  occurrences = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " occurrence",
                                              "%'" PRId64 " occurrences", total), total);
  chapters = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " chapter",
                                           "%'" PRId64 " chapters", n_chapters), n_chapters);
  /* TRANSLATORS: "Replaced 12 occurrences in 3 chapters" */
  message = g_strdup_printf (_("Replaced %s in %s"), occurrences, chapters);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked), replaced,
                         (GClosureNotify)(void (*) (void))replaced_free, 0);
  overlay = ADW_TOAST_OVERLAY (gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY));
  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
replace_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Replaced *replaced = user_data;
  g_autoptr(DfProjectView) self = g_weak_ref_get (&replaced->view);
  g_autoptr(GError) error = NULL;

  replaced->changes = df_worker_finish (result, &error);
  if (self != NULL)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.replace-all", TRUE);
  if (replaced->changes == NULL)
    {
      if (self != NULL)
        df_page_show_toast_printf (GTK_WIDGET (self), _("The other chapters were left as they were: %s"),
                                   error->message);
      replaced_free (replaced);
      return;
    }
  if (self == NULL)
    {
      replaced_free (replaced);
      return;
    }
  _df_project_view_refresh_counts (self);
  df_project_sidebar_search_again (self->sidebar);
  show_replaced (self, replaced);
}

/* Once the open chapter's text is saved (or its save failed: the text
 * stays in the editor and autosave tries again), the other chapters. */
typedef struct
{
  ReplaceJob *job;
  Replaced   *replaced;
} Pending;

static void
pending_free (Pending *pending)
{
  g_clear_pointer (&pending->job, replace_job_free);
  g_clear_pointer (&pending->replaced, replaced_free);
  g_free (pending);
}

static void
replace_others (DfProjectView *self,
                const GError  *error,
                gpointer       data)
{
  Pending *pending = data;
  Replaced *replaced = g_steal_pointer (&pending->replaced);

  df_worker_run (replaced->db_path, replace_in_thread, g_steal_pointer (&pending->job),
                 (GDestroyNotify)replace_job_free, (GDestroyNotify)g_ptr_array_unref, NULL,
                 replace_done, replaced);
}

static void
replace_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  g_autoptr(GError) error = NULL;
  Replaced *replaced = g_new0 (Replaced, 1);
  ReplaceJob *job = g_new0 (ReplaceJob, 1);
  Pending *pending;
  const char *query, *replacement;

  g_variant_get (param, "(&s&s)", &query, &replacement);
  job->project_id = self->project_id;
  job->query = g_strdup (query);
  job->replacement = g_strdup (replacement);
  g_weak_ref_init (&replaced->view, self);
  replaced->db_path = g_strdup (df_session_get_db_path (self->session));
  replaced->chapter_id = df_document_get_chapter_id (self->document);

  if (replaced->chapter_id != 0)
    {
      replaced->text_before = df_editor_dup_text (self->editor);
      replaced->text_after = df_search_replace_text (query, replacement, replaced->text_before,
                                                     &replaced->count, &error);
      if (replaced->text_after == NULL)
        {
          df_page_show_toast (widget, error->message);
          replace_job_free (job);
          replaced_free (replaced);
          return;
        }
      if (replaced->count > 0)
        set_editor_text (self, replaced->text_after);
      job->except_id = replaced->chapter_id;
    }

  gtk_widget_action_set_enabled (widget, "project.replace-all", FALSE);
  pending = g_new0 (Pending, 1);
  pending->job = job;
  pending->replaced = replaced;
  df_project_view_when_saved (self, replace_others, pending, (GDestroyNotify)pending_free);
}

void
_df_project_view_class_replace_init (DfProjectViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "project.replace-all", "(ss)", replace_all_action);
}
