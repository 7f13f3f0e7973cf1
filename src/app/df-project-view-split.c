/* df-project-view-split.c: splitting the open chapter at the cursor or
 * into its scenes, merging it with the next, and undoing any of them
 *
 * Each runs once what was typed is saved, in one transaction of the
 * core (df_chapter_split, df_chapter_merge_next), keeping every byte.
 * The last of them can be undone from the chapter menu ("Undo Split" or
 * "Undo Merge"): a split is merged back, a merge split again at the same
 * byte, with the second chapter's title, plan and labels, and the scenes
 * a chapter was split into merged back into it in one transaction (its
 * text is then what it was, byte for byte).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-project"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "df-planning.h"
#include "df-project-view-private.h"

/* What the undo puts back. */
typedef struct
{
  gboolean   merge;          /* FALSE: a split */
  gint64     chapter_id;     /* the first chapter */
  GArray    *scene_ids;      /* a split into scenes: the scenes made, in order */
  gint64     second_id;      /* a split: the chapter it made */
  gsize      offset;         /* a merge: where the second's text began */
  DfChapter *second;         /* a merge: the chapter merged in, as it was */
  GStrv      first_labels;   /* a merge: the labels of each, before */
  GStrv      second_labels;
} StructureUndo;

static void
structure_undo_free (StructureUndo *undo)
{
  if (undo == NULL)
    return;
  g_clear_pointer (&undo->second, df_chapter_free);
  g_clear_pointer (&undo->scene_ids, g_array_unref);
  g_strfreev (undo->first_labels);
  g_strfreev (undo->second_labels);
  g_free (undo);
}

static GStrv
label_names (DfStore *store,
             gint64   chapter_id)
{
  g_autoptr(GPtrArray) labels = df_chapter_list_labels (store, chapter_id, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  for (guint i = 0; labels != NULL && i < labels->len; i++)
    g_strv_builder_add (names, ((DfLabel *)labels->pdata[i])->name);
  return g_strv_builder_end (names);
}

static void
set_undo (DfProjectView *self,
          StructureUndo *undo)
{
  g_object_set_data_full (G_OBJECT (self), "df-structure-undo", undo, (GDestroyNotify)structure_undo_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.undo-split-merge", undo != NULL);
}

/* The open chapter shows what the database holds now, and the list. */
static void
show_result (DfProjectView *self)
{
  g_autoptr(DfChapter) chapter = NULL;

  chapter = df_chapter_get (df_session_get_store (self->session), df_document_get_chapter_id (self->document), NULL);
  if (chapter != NULL)
    {
      df_document_reload (self->document, chapter);
      self->chapter_words = chapter->words;
    }
  _df_project_view_refresh_counts (self);
  _df_project_view_reload_chapters (self);
}

/* ---- split ------------------------------------------------------------- */

static void
split_when_saved (DfProjectView *self,
                  const GError  *save_error,
                  gpointer       data)
{
  DfStore *store = df_session_get_store (self->session);
  gint64 chapter_id = df_document_get_chapter_id (self->document);
  gint64 cursor = GPOINTER_TO_SIZE (data);
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfChapter) added = NULL;
  g_autoptr(GError) error = NULL;
  StructureUndo *undo;
  gsize offset;

  if (save_error != NULL || store == NULL || chapter_id == 0)
    return;
  if ((chapter = df_chapter_get (store, chapter_id, &error)) == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  offset = g_utf8_offset_to_pointer (chapter->content_md, MIN (cursor, g_utf8_strlen (chapter->content_md, -1)))
           - chapter->content_md;
  if ((added = df_chapter_split (store, chapter_id, offset, NULL, &error)) == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  undo = g_new0 (StructureUndo, 1);
  undo->chapter_id = chapter_id;
  undo->second_id = added->id;
  set_undo (self, undo);
  show_result (self);
  df_page_show_toast_printf (GTK_WIDGET (self), _("Split in two: “%s” begins at the cursor"), added->title);
}

static void
split_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  gint64 cursor = df_editor_get_cursor (self->editor);

  if (df_document_get_chapter_id (self->document) != 0)
    df_project_view_when_saved (self, split_when_saved, GSIZE_TO_POINTER (cursor), NULL);
}

/* ---- split into scenes -------------------------------------------------- */

static void
split_scenes_when_saved (DfProjectView *self,
                         const GError  *save_error,
                         gpointer       data)
{
  DfStore *store = df_session_get_store (self->session);
  gint64 chapter_id = df_document_get_chapter_id (self->document);
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;
  StructureUndo *undo;
  guint n = 0;

  if (save_error != NULL || store == NULL || chapter_id == 0)
    return;
  if (!df_chapter_split_scenes (store, chapter_id, NULL, &n, &error) ||
      (chapter = df_chapter_get (store, chapter_id, &error)) == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  undo = g_new0 (StructureUndo, 1);
  undo->chapter_id = chapter_id;
  undo->scene_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(DfChapter) scene = df_chapter_get_by_number (store, chapter->project_id, chapter->number + i, NULL);

      if (scene != NULL)
        g_array_append_val (undo->scene_ids, scene->id);
    }
  set_undo (self, undo);
  show_result (self);
  df_page_show_toast_printf (GTK_WIDGET (self),
                             g_dngettext (NULL, "Split into %u scenes: this one and %u after it",
                                          "Split into %u scenes: this one and %u after it", n),
                             n + 1, n);
}

static void
split_scenes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);

  if (df_document_get_chapter_id (self->document) != 0)
    df_project_view_when_saved (self, split_scenes_when_saved, NULL, NULL);
}

/* ---- merge -------------------------------------------------------------- */

static void
merge_when_saved (DfProjectView *self,
                  const GError  *save_error,
                  gpointer       data)
{
  DfStore *store = df_session_get_store (self->session);
  gint64 chapter_id = df_document_get_chapter_id (self->document);
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;
  StructureUndo *undo;

  if (save_error != NULL || store == NULL || chapter_id == 0)
    return;
  if ((chapter = df_chapter_get (store, chapter_id, &error)) == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  undo = g_new0 (StructureUndo, 1);
  undo->merge = TRUE;
  undo->chapter_id = chapter_id;
  undo->second = df_chapter_get_by_number (store, chapter->project_id, chapter->number + 1, NULL);
  if (undo->second != NULL)
    {
      undo->first_labels = label_names (store, chapter_id);
      undo->second_labels = label_names (store, undo->second->id);
    }
  if (!df_chapter_merge_next (store, chapter_id, &undo->offset, &error))
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      structure_undo_free (undo);
      return;
    }
  set_undo (self, undo);
  show_result (self);
  df_page_show_toast_printf (GTK_WIDGET (self), _("“%s” merged into this chapter"), undo->second->title);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);

  if (df_document_get_chapter_id (self->document) != 0)
    df_project_view_when_saved (self, merge_when_saved, NULL, NULL);
}

/* ---- undo ------------------------------------------------------------------ */

/* The chapter merged in comes back as it was: its title, plan, labels. */
static gboolean
undo_merge (DfStore        *store,
            StructureUndo  *undo,
            GError        **error)
{
  g_autoptr(DfChapter) again = NULL;
  g_autofree char *target = g_strdup_printf ("%" G_GINT64_FORMAT, undo->second->word_target);
  const char * const fields[][2] = {
    { "status", undo->second->status }, { "synopsis", undo->second->synopsis },
    { "notes", undo->second->notes }, { "word_target", target },
  };

  if ((again = df_chapter_split (store, undo->chapter_id, undo->offset, undo->second->title, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!df_chapter_set_field (store, again->id, fields[i][0], fields[i][1], error))
      return FALSE;
  for (guint i = 0; undo->second_labels[i] != NULL; i++)
    {
      if (!df_chapter_add_label (store, again->id, undo->second_labels[i], error) ||
          (!g_strv_contains ((const char * const *)undo->first_labels, undo->second_labels[i]) &&
           !df_chapter_remove_label (store, undo->chapter_id, undo->second_labels[i], error)))
        return FALSE;
    }
  return TRUE;
}

static void
undo_when_saved (DfProjectView *self,
                 const GError  *save_error,
                 gpointer       data)
{
  DfStore *store = df_session_get_store (self->session);
  StructureUndo *undo = g_object_get_data (G_OBJECT (self), "df-structure-undo");
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (save_error != NULL || store == NULL || undo == NULL)
    return;
  if (!undo->merge && undo->scene_ids == NULL)
    {
      g_autoptr(DfChapter) first = df_chapter_get (store, undo->chapter_id, NULL);
      g_autoptr(DfChapter) next = first ? df_chapter_get_by_number (store, first->project_id, first->number + 1, NULL)
                                        : NULL;

      if (next == NULL || next->id != undo->second_id)
        {
          df_page_show_toast (GTK_WIDGET (self), _("The chapters have moved since the split; merge them by hand"));
          set_undo (self, NULL);
          return;
        }
    }
  ok = undo->merge               ? undo_merge (store, undo, &error)
       : undo->scene_ids != NULL ? df_chapter_merge_following (store, undo->chapter_id,
                                                               (gint64 *)undo->scene_ids->data,
                                                               undo->scene_ids->len, &error)
                                 : df_chapter_merge_next (store, undo->chapter_id, NULL, &error);
  if (!ok)
    df_page_show_toast (GTK_WIDGET (self), error->message);
  set_undo (self, NULL);
  show_result (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  df_project_view_when_saved (DF_PROJECT_VIEW (widget), undo_when_saved, NULL, NULL);
}

/* ---- shared with the view --------------------------------------------- */

void
_df_project_view_class_split_init (DfProjectViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "project.split-chapter", NULL, split_action);
  gtk_widget_class_install_action (widget_class, "project.split-scenes", NULL, split_scenes_action);
  gtk_widget_class_install_action (widget_class, "project.merge-chapter", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "project.undo-split-merge", NULL, undo_action);
}

void
_df_project_view_split_init (DfProjectView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.undo-split-merge", FALSE);
}

void
_df_project_view_split_forget (DfProjectView *self)
{
  set_undo (self, NULL);
}
