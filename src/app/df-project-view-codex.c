/* df-project-view-codex.c: the codex in the editor
 *
 * The editor marks the names of the project's codex
 * (_df_project_view_codex_refresh, after a project opens, the Codex view
 * closes or the database changes), and its context menu's "Add to
 * Codex…" (project.add-to-codex) asks for the kind of the selected name,
 * then creates the entry and indexes the book's mentions in a worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "df-project-view-private.h"
#include "df-utils.h"
#include "df-worker.h"

typedef struct
{
  gint64  project_id;
  char   *kind;
  char   *name;
} AddJob;

/* ---- private helpers ---------------------------------------------------- */

static void
add_job_free (AddJob *job)
{
  g_free (job->kind);
  g_free (job->name);
  g_free (job);
}

static gpointer
add_thread (DfStore       *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  AddJob *job = data;
  g_autoptr(DfCodexEntry) entry = NULL;

  entry = df_codex_entry_create (store, job->project_id, job->kind, job->name, NULL, NULL, error);
  if (entry == NULL || !df_codex_index_project (store, job->project_id, error))
    return NULL;
  return g_memdup2 (&entry->id, sizeof entry->id);
}

/* A name from selected words: trimmed of spaces and punctuation around
 * it, a possessive's 's dropped ("Mara's," gives "Mara"). */
static char *
name_from_selection (const char *text)
{
  const char *start = text;
  const char *end;

  while (*start != '\0' && (g_unichar_ispunct (g_utf8_get_char (start)) ||
                            g_unichar_isspace (g_utf8_get_char (start))))
    start = g_utf8_next_char (start);
  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);
      gunichar c = g_utf8_get_char (prev);

      if (!g_unichar_ispunct (c) && !g_unichar_isspace (c))
        break;
      end = prev;
    }
  if (end - start > 2 && end[-2] == '\'' && end[-1] == 's')
    end -= 2;
  else if (end - start > 4 && memcmp (end - 4, "\xe2\x80\x99s", 4) == 0)
    end -= 4;   /* ’s */
  return g_strndup (start, end - start);
}

/* ---- callbacks ---------------------------------------------------------- */

static void
add_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DfProjectView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *id = df_worker_finish (result, &error);

  if (g_error_matches (error, DF_ERROR, DF_ERROR_EXISTS))
    {
      /* Said where it was asked, not in a passing toast. */
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                  _("Already in the Codex"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  if (id == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  _df_project_view_codex_refresh (self);
}

static void
dialog_response (AdwMessageDialog *dialog,
                 const char       *response,
                 DfProjectView    *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "name-entry");
  GtkDropDown *kinds = g_object_get_data (G_OBJECT (dialog), "kind-list");
  g_autofree char *name = NULL;
  AddJob *job;

  if (g_strcmp0 (response, "add") != 0 || self->project_id == 0)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (name[0] == '\0')
    return;
  job = g_new0 (AddJob, 1);
  job->project_id = self->project_id;
  job->kind = g_strdup (df_codex_kinds[gtk_drop_down_get_selected (kinds)]);
  job->name = g_steal_pointer (&name);
  df_worker_run (df_session_get_db_path (self->session), add_thread, job, (GDestroyNotify) add_job_free, g_free,
                 NULL, add_done, g_object_ref (self));
}

static void
add_to_codex_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  const char *kinds[] = { N_("Character"), N_("Location"), N_("Object"), N_("Lore"), N_("Other"), NULL };
  const char *shown[G_N_ELEMENTS (kinds)] = { NULL };
  GtkTextIter start, end;
  g_autofree char *selected = NULL;
  g_autofree char *name = NULL;
  GtkWidget *dialog, *box, *entry, *list;

  if (self->project_id == 0)
    return;
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    selected = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  name = name_from_selection (selected != NULL ? selected : "");
  for (guint i = 0; kinds[i] != NULL; i++)
    shown[i] = _(kinds[i]);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Add to Codex"),
                                   _("A new codex entry: its names are marked in the editor."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "codex_name_entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  list = gtk_drop_down_new_from_strings (shown);
  gtk_widget_set_name (list, "codex_kind_list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kind"), -1);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "name-entry", entry);
  g_object_set_data (G_OBJECT (dialog), "kind-list", list);
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- private API -------------------------------------------------------- */

void
_df_project_view_codex_refresh (DfProjectView *self)
{
  DfStore *store = self->session != NULL ? df_session_get_store (self->session) : NULL;
  g_autoptr(DfCodexMatcher) matcher = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  df_editor_set_codex_offer (self->editor, store != NULL && self->project_id != 0);
  if (store != NULL && self->project_id != 0)
    matcher = df_codex_matcher_for_project (store, self->project_id, &error);
  if (matcher != NULL)
    entries = df_codex_entry_list (store, self->project_id, NULL, FALSE, &error);
  if (error != NULL)
    g_warning ("The codex could not be read: %s", error->message);
  df_editor_set_codex (self->editor, matcher, entries);
}

void
_df_project_view_class_codex_init (DfProjectViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "project.add-to-codex", NULL, add_to_codex_action);
}
