/* df-sidebar-item.c: a part or a chapter as the project's sidebar lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-project"

#include "config.h"

#include "df-sidebar-item.h"

struct _DfSidebarItem
{
  GObject   parent_instance;

  gint64    chapter_id;      /* 0 for a part */
  gint64    part_id;
  gint64    number;
  gint64    words;
  gint64    word_target;
  char     *title;
  char     *kind;
  char     *status;
  char     *synopsis;
  char    **labels;
  char    **label_colors;
  gboolean  folded;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DfSidebarItem, df_sidebar_item, G_TYPE_OBJECT)

static gboolean
take_string (char       **field,
             const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
take_strv (char  ***field,
           char   **value)
{
  if (g_strv_equal ((const char * const *)*field, (const char * const *)value))
    return FALSE;
  g_strfreev (*field);
  *field = g_strdupv (value);
  return TRUE;
}

static void
df_sidebar_item_finalize (GObject *object)
{
  DfSidebarItem *self = (DfSidebarItem *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->synopsis, g_free);
  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->label_colors, g_strfreev);

  G_OBJECT_CLASS (df_sidebar_item_parent_class)->finalize (object);
}

static void
df_sidebar_item_class_init (DfSidebarItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = df_sidebar_item_finalize;

  /* Anything its row shows changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
df_sidebar_item_init (DfSidebarItem *self)
{
  self->labels = g_new0 (char *, 1);
  self->label_colors = g_new0 (char *, 1);
}

DfSidebarItem *
df_sidebar_item_new_part (gint64      part_id,
                          const char *title)
{
  DfSidebarItem *self = g_object_new (DF_TYPE_SIDEBAR_ITEM, NULL);

  self->part_id = part_id;
  self->title = g_strdup (title);
  return self;
}

DfSidebarItem *
df_sidebar_item_new_chapter (const DfChapter *chapter,
                             GPtrArray       *labels)
{
  DfSidebarItem *self = g_object_new (DF_TYPE_SIDEBAR_ITEM, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) colors = g_strv_builder_new ();

  g_return_val_if_fail (chapter != NULL, NULL);

  self->chapter_id = chapter->id;
  self->part_id = chapter->part_id;
  self->number = chapter->number;
  self->words = chapter->words;
  self->word_target = chapter->word_target;
  self->title = g_strdup (chapter->title);
  self->kind = g_strdup (chapter->kind);
  self->status = g_strdup (chapter->status);
  self->synopsis = g_strdup (chapter->synopsis);
  for (guint i = 0; labels != NULL && i < labels->len; i++)
    {
      DfLabel *label = g_ptr_array_index (labels, i);

      g_strv_builder_add (names, label->name);
      g_strv_builder_add (colors, label->color != NULL ? label->color : "");
    }
  g_strfreev (self->labels);
  g_strfreev (self->label_colors);
  self->labels = g_strv_builder_end (names);
  self->label_colors = g_strv_builder_end (colors);
  return self;
}

gboolean
df_sidebar_item_same (DfSidebarItem *self,
                      DfSidebarItem *other)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self) && DF_IS_SIDEBAR_ITEM (other), FALSE);

  if (self->chapter_id != 0 || other->chapter_id != 0)
    return self->chapter_id == other->chapter_id;
  return self->part_id == other->part_id;
}

gboolean
df_sidebar_item_update (DfSidebarItem *self,
                        DfSidebarItem *from)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self) && DF_IS_SIDEBAR_ITEM (from), FALSE);

  if (!df_sidebar_item_same (self, from))
    return FALSE;
  changed |= self->part_id != from->part_id || self->number != from->number ||
             self->words != from->words || self->word_target != from->word_target;
  self->part_id = from->part_id;
  self->number = from->number;
  self->words = from->words;
  self->word_target = from->word_target;
  changed |= take_string (&self->title, from->title);
  changed |= take_string (&self->kind, from->kind);
  changed |= take_string (&self->status, from->status);
  changed |= take_string (&self->synopsis, from->synopsis);
  changed |= take_strv (&self->labels, from->labels);
  changed |= take_strv (&self->label_colors, from->label_colors);
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
  return changed;
}

gboolean
df_sidebar_item_is_part (DfSidebarItem *self)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self), FALSE);
  return self->chapter_id == 0;
}

gint64
df_sidebar_item_get_chapter_id (DfSidebarItem *self)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self), 0);
  return self->chapter_id;
}

gint64
df_sidebar_item_get_part_id (DfSidebarItem *self)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self), 0);
  return self->part_id;
}

gint64
df_sidebar_item_get_number (DfSidebarItem *self)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self), 0);
  return self->number;
}

const char *
df_sidebar_item_get_title (DfSidebarItem *self)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self), NULL);
  return self->title;
}

const char *
df_sidebar_item_get_kind (DfSidebarItem *self)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self), NULL);
  return self->kind;
}

const char *
df_sidebar_item_get_status (DfSidebarItem *self)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self), NULL);
  return self->status;
}

const char *
df_sidebar_item_get_synopsis (DfSidebarItem *self)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self), NULL);
  return self->synopsis;
}

gint64
df_sidebar_item_get_words (DfSidebarItem *self)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self), 0);
  return self->words;
}

gint64
df_sidebar_item_get_word_target (DfSidebarItem *self)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self), 0);
  return self->word_target;
}

const char * const *
df_sidebar_item_get_labels (DfSidebarItem *self)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self), NULL);
  return (const char * const *)self->labels;
}

const char * const *
df_sidebar_item_get_label_colors (DfSidebarItem *self)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self), NULL);
  return (const char * const *)self->label_colors;
}

gboolean
df_sidebar_item_has_label (DfSidebarItem *self,
                           const char    *name)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self), FALSE);
  return g_strv_contains ((const char * const *)self->labels, name);
}

gboolean
df_sidebar_item_get_folded (DfSidebarItem *self)
{
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (self), FALSE);
  return self->folded;
}

void
df_sidebar_item_set_folded (DfSidebarItem *self,
                            gboolean       folded)
{
  g_return_if_fail (DF_IS_SIDEBAR_ITEM (self));

  if (self->folded == !!folded)
    return;
  self->folded = !!folded;
  g_signal_emit (self, signals[CHANGED], 0);
}

void
df_sidebar_item_set_words (DfSidebarItem *self,
                           gint64         words)
{
  g_return_if_fail (DF_IS_SIDEBAR_ITEM (self));

  if (self->words == words)
    return;
  self->words = words;
  g_signal_emit (self, signals[CHANGED], 0);
}
