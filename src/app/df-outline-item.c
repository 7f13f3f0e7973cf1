/* df-outline-item.c: a chapter as the outline and the sidebar show it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-outline"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "df-outline-item.h"

struct _DfOutlineItem
{
  GObject    parent_instance;

  DfChapter *chapter;
  char      *labels;
  char      *labels_markup;
};

G_DEFINE_FINAL_TYPE (DfOutlineItem, df_outline_item, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
df_outline_item_finalize (GObject *object)
{
  DfOutlineItem *self = (DfOutlineItem *)object;

  g_clear_pointer (&self->chapter, df_chapter_free);
  g_clear_pointer (&self->labels, g_free);
  g_clear_pointer (&self->labels_markup, g_free);

  G_OBJECT_CLASS (df_outline_item_parent_class)->finalize (object);
}

static void
df_outline_item_class_init (DfOutlineItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = df_outline_item_finalize;

  /* Its status or synopsis changed: the cells that show it update in
   * place (a row made again would drop the keyboard focus). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
df_outline_item_init (DfOutlineItem *self)
{
}

DfOutlineItem *
df_outline_item_new (DfChapter  *chapter,
                     const char *labels,
                     const char *labels_markup)
{
  DfOutlineItem *self = g_object_new (DF_TYPE_OUTLINE_ITEM, NULL);

  self->chapter = chapter;
  self->labels = g_strdup (labels ? labels : "");
  self->labels_markup = g_strdup (labels_markup ? labels_markup : "");
  return self;
}

const char *
df_outline_item_get_labels_markup (DfOutlineItem *self)
{
  g_return_val_if_fail (DF_IS_OUTLINE_ITEM (self), NULL);
  return self->labels_markup;
}

DfChapter *
df_outline_item_get_chapter (DfOutlineItem *self)
{
  g_return_val_if_fail (DF_IS_OUTLINE_ITEM (self), NULL);
  return self->chapter;
}

const char *
df_outline_item_get_labels (DfOutlineItem *self)
{
  g_return_val_if_fail (DF_IS_OUTLINE_ITEM (self), NULL);
  return self->labels;
}

gboolean
df_outline_item_has_label (DfOutlineItem *self,
                           const char    *name)
{
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (DF_IS_OUTLINE_ITEM (self), FALSE);

  names = g_strsplit (self->labels, ", ", -1);
  return g_strv_contains ((const char * const *)names, name);
}

void
df_outline_item_set_status (DfOutlineItem *self,
                            const char    *status)
{
  g_return_if_fail (DF_IS_OUTLINE_ITEM (self));

  g_free (self->chapter->status);
  self->chapter->status = g_strdup (status);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
df_outline_item_set_synopsis (DfOutlineItem *self,
                              const char    *synopsis)
{
  g_return_if_fail (DF_IS_OUTLINE_ITEM (self));

  g_free (self->chapter->synopsis);
  self->chapter->synopsis = g_strdup (synopsis);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
df_outline_item_set_pov (DfOutlineItem *self,
                         gint64         entry_id,
                         const char    *name)
{
  g_return_if_fail (DF_IS_OUTLINE_ITEM (self));

  self->chapter->pov_entry_id = entry_id;
  g_free (self->chapter->pov);
  self->chapter->pov = entry_id != 0 ? g_strdup (name) : NULL;
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
same_chapter (const DfChapter *a,
              const DfChapter *b)
{
  return a->id == b->id && a->number == b->number && a->part_id == b->part_id && a->words == b->words &&
         a->word_target == b->word_target && a->pov_entry_id == b->pov_entry_id &&
         g_strcmp0 (a->title, b->title) == 0 && g_strcmp0 (a->status, b->status) == 0 &&
         g_strcmp0 (a->synopsis, b->synopsis) == 0 && g_strcmp0 (a->updated_at, b->updated_at) == 0 &&
         g_strcmp0 (a->pov, b->pov) == 0 && g_strcmp0 (a->kind, b->kind) == 0;
}

gboolean
df_outline_item_update (DfOutlineItem *self,
                        DfOutlineItem *from)
{
  g_return_val_if_fail (DF_IS_OUTLINE_ITEM (self), FALSE);
  g_return_val_if_fail (DF_IS_OUTLINE_ITEM (from), FALSE);

  if (same_chapter (self->chapter, from->chapter) && g_strcmp0 (self->labels, from->labels) == 0 &&
      g_strcmp0 (self->labels_markup, from->labels_markup) == 0)
    return FALSE;
  {
    DfChapter *chapter = self->chapter;
    char *labels = self->labels;
    char *markup = self->labels_markup;

    self->chapter = from->chapter, from->chapter = chapter;
    self->labels = from->labels, from->labels = labels;
    self->labels_markup = from->labels_markup, from->labels_markup = markup;
  }
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* Black or white, whichever reads better on @color (#rrggbb). */
static const char *
text_color_on (const char *color)
{
  guint64 rgb = color != NULL && color[0] == '#' ? g_ascii_strtoull (color + 1, NULL, 16) : 0;
  double luma = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);

  return luma > 150 ? "#000000" : "#ffffff";
}

void
df_label_markup_append (GString    *markup,
                        const char *name,
                        const char *color)
{
  g_autofree char *pill = NULL;

  if (markup->len > 0)
    g_string_append_c (markup, ' ');
  pill = g_markup_printf_escaped ("<span background=\"%s\" foreground=\"%s\">\u2009%s\u2009</span>",
                                  color ? color : "#77767b", text_color_on (color), name);
  g_string_append (markup, pill);
}

char *
df_labels_take_next (GPtrArray  *assigned,
                     guint      *cursor,
                     gint64      chapter_id,
                     char      **names)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autoptr(GString) markup = g_string_new (NULL);

  for (; *cursor < assigned->len && ((DfLabel *)assigned->pdata[*cursor])->chapter_id == chapter_id; (*cursor)++)
    {
      DfLabel *label = assigned->pdata[*cursor];

      g_string_append_printf (joined, "%s%s", joined->len ? ", " : "", label->name);
      df_label_markup_append (markup, label->name, label->color);
    }
  if (names != NULL)
    *names = g_string_free (g_steal_pointer (&joined), FALSE);
  return g_string_free (g_steal_pointer (&markup), FALSE);
}

const char *
df_status_display_name (const char *status)
{
  if (g_strcmp0 (status, "idea") == 0)
    return C_("chapter status", "Idea");
  if (g_strcmp0 (status, "outline") == 0)
    return C_("chapter status", "Outline");
  if (g_strcmp0 (status, "revised") == 0)
    return C_("chapter status", "Revised");
  if (g_strcmp0 (status, "final") == 0)
    return C_("chapter status", "Final");
  if (g_strcmp0 (status, "excluded") == 0)
    return C_("chapter status", "Excluded");
  return C_("chapter status", "Draft");
}

const char *
df_status_css_class (const char *status)
{
  static const char * const classes[] = {
    "df-status-idea", "df-status-outline", "df-status-draft", "df-status-revised", "df-status-final",
    "df-status-excluded",
  };
  int rank = df_status_rank (status);

  return rank >= 0 && rank < (int)G_N_ELEMENTS (classes) ? classes[rank] : "df-status-draft";
}

int
df_status_rank (const char *status)
{
  for (int i = 0; df_chapter_statuses[i] != NULL; i++)
    if (g_strcmp0 (df_chapter_statuses[i], status) == 0)
      return i;
  return 2;
}
