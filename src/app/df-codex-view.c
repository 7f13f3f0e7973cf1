/* df-codex-view.c: a project's codex
 *
 * On the left the entries, grouped by kind, filtered by the search
 * (names and aliases); on the right the chosen entry's page: its name,
 * kind, its aliases, description and notes (edited there, saved with
 * the button; other aliases make the mentions be found again), its relations and progressions, and the chapters that
 * mention it with their counts.  Activating a chapter emits
 * "mention-activated" with the first mention in it, for the project view
 * to open the chapter with those words selected.  A new entry comes from
 * the + popover; an empty codex offers suggestions from the text (the
 * first 30, added with their titled forms as aliases).  Adding, and
 * finding the mentions again afterwards, run in a worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-codex"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "df-codex.h"
#include "df-codex-view.h"
#include "df-utils.h"
#include "df-worker.h"

#define SUGGESTIONS_ADDED 30

struct _DfCodexView
{
  GtkWidget       parent_instance;

  DfSession      *session;
  gint64          project_id;
  gint64          entry_id;       /* the entry shown, 0: none */
  GPtrArray      *entries;        /* DfCodexEntry, one per row */
  GArray         *mention_ids;    /* gint64 chapter ids, one per mention row */
  GCancellable   *cancellable;
  gboolean        busy;           /* adding, in a worker */

  /* template */
  GtkMenuButton  *add_button;
  GtkEntry       *aliases_entry;
  GtkPopover     *add_popover;
  GtkTextView    *description_view;
  GtkListBox     *entry_list;
  GtkLabel       *kind_label;
  GtkWidget      *main_box;
  GtkListBox     *mention_list;
  GtkLabel       *mentions_title;
  GtkLabel       *name_label;
  GtkDropDown    *new_kind_dropdown;
  GtkEntry       *new_name_entry;
  GtkTextView    *notes_view;
  GtkStack       *page_stack;
  GtkListBox     *progression_list;
  GtkLabel       *progressions_title;
  GtkListBox     *relation_list;
  GtkLabel       *relations_title;
  GtkSearchEntry *search_entry;
};

G_DEFINE_FINAL_TYPE (DfCodexView, df_codex_view, GTK_TYPE_WIDGET)

enum {
  MENTION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers ------------------------------------------------------------- */

static DfStore *
get_store (DfCodexView *self)
{
  return self->session != NULL ? df_session_get_store (self->session) : NULL;
}

static const char *
kind_title (const char *kind)
{
  if (g_strcmp0 (kind, "character") == 0)
    return _("Characters");
  if (g_strcmp0 (kind, "location") == 0)
    return _("Locations");
  if (g_strcmp0 (kind, "object") == 0)
    return _("Objects");
  if (g_strcmp0 (kind, "lore") == 0)
    return _("Lore");
  return _("Other");
}

static const char *
kind_name (const char *kind)
{
  if (g_strcmp0 (kind, "character") == 0)
    return _("Character");
  if (g_strcmp0 (kind, "location") == 0)
    return _("Location");
  if (g_strcmp0 (kind, "object") == 0)
    return _("Object");
  if (g_strcmp0 (kind, "lore") == 0)
    return _("Lore");
  return _("Other");
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* A row of two labels: @text, and @detail dimmed at the end. */
static GtkWidget *
text_row (const char *text,
          const char *detail,
          gboolean    activatable)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *end = gtk_label_new (detail);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (end, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), end);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), activatable);
  return row;
}

static void
set_text (GtkTextView *view,
          const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text ? text : "", -1);
}

static char *
get_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_actions (DfCodexView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "codex.save", self->entry_id != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "codex.delete", self->entry_id != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "codex.add", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "codex.suggest", !self->busy);
}

/* ---- the entry's page ------------------------------------------------------ */

/* Adds to @row a button that removes what it shows: @action with @target. */
static void
add_remove_button (GtkWidget  *row,
                   const char *tooltip,
                   const char *action,
                   GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_box_append (GTK_BOX (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))), button);
}

static void
fill_relations (DfCodexView *self,
                GPtrArray   *relations)
{
  clear_list (self->relation_list);
  for (guint i = 0; i < relations->len; i++)
    {
      const DfCodexRelation *r = relations->pdata[i];
      g_autofree char *text = g_strdup_printf ("%s — %s — %s", r->entry_name, r->label, r->other_name);

      GtkWidget *row = text_row (text, "", FALSE);

      add_remove_button (row, _("Remove Relation"), "codex.remove-relation",
                         g_variant_new ("(xsx)", r->entry_id, r->label, r->other_id));
      gtk_list_box_append (self->relation_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->relation_list), relations->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->relations_title), relations->len > 0);
}

static void
fill_progressions (DfCodexView *self,
                   GPtrArray   *progressions)
{
  clear_list (self->progression_list);
  for (guint i = 0; i < progressions->len; i++)
    {
      const DfCodexProgression *p = progressions->pdata[i];
      g_autofree char *text = g_strdup_printf ("%s: %s", p->field, p->value);
      /* TRANSLATORS: where a fact about a codex entry starts to hold */
      g_autofree char *from = g_strdup_printf (_("from chapter %" PRId64), p->from_chapter);
      g_autofree char *detail = p->note && *p->note ? g_strdup_printf ("%s · %s", from, p->note) : g_strdup (from);

      GtkWidget *row = text_row (text, detail, FALSE);

      add_remove_button (row, _("Remove Progression"), "codex.remove-progression", g_variant_new_int64 (p->id));
      gtk_list_box_append (self->progression_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->progression_list), progressions->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progressions_title), progressions->len > 0);
}

static void
fill_mentions (DfCodexView *self,
               GPtrArray   *mentions)
{
  gint64 total = 0;
  g_autofree char *title = NULL;

  clear_list (self->mention_list);
  g_array_set_size (self->mention_ids, 0);
  for (guint i = 0; i < mentions->len; i++)
    {
      const DfCodexMention *m = mentions->pdata[i];
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ". %s", m->chapter_number, m->chapter_title);
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, m->count);

      gtk_list_box_append (self->mention_list, text_row (text, count, TRUE));
      g_array_append_val (self->mention_ids, m->chapter_id);
      total += m->count;
    }
  if (mentions->len == 0)
    gtk_list_box_append (self->mention_list, text_row (_("No chapter mentions it yet"), "", FALSE));
  title = g_strdup_printf (g_dngettext (NULL, "Mentions: %" PRId64 " in %u chapter",
                                        "Mentions: %" PRId64 " in %u chapters", mentions->len),
                           total, mentions->len);
  gtk_label_set_text (self->mentions_title, title);
}

static void
show_entry (DfCodexView        *self,
            const DfCodexEntry *entry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) relations = df_codex_relation_list (get_store (self), entry->id, &error);
  g_autoptr(GPtrArray) progressions = relations ? df_codex_progression_list (get_store (self), entry->id, 0, &error)
                                                : NULL;
  g_autoptr(GPtrArray) mentions = progressions ? df_codex_mentions_of_entry (get_store (self), entry->id, &error)
                                               : NULL;
  g_autofree char *aliases = g_strjoinv (", ", entry->aliases);
  g_autofree char *kind = NULL;

  if (mentions == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  self->entry_id = entry->id;
  gtk_label_set_text (self->name_label, entry->name);
  /* TRANSLATORS: a codex entry's kind, then the other names it goes by */
  kind = *aliases ? g_strdup_printf (_("%s · also %s"), kind_name (entry->kind), aliases)
                  : g_strdup (kind_name (entry->kind));
  gtk_label_set_text (self->kind_label, kind);
  gtk_editable_set_text (GTK_EDITABLE (self->aliases_entry), aliases);
  set_text (self->description_view, entry->description);
  set_text (self->notes_view, entry->notes);
  fill_relations (self, relations);
  fill_progressions (self, progressions);
  fill_mentions (self, mentions);
  gtk_stack_set_visible_child_name (self->page_stack, "entry");
  update_actions (self);
}

/* ---- the list --------------------------------------------------------------- */

static void
entry_header (GtkListBoxRow *row,
              GtkListBoxRow *before,
              gpointer       user_data)
{
  DfCodexView *self = user_data;
  guint i = gtk_list_box_row_get_index (row);
  guint n = self->entries != NULL ? self->entries->len : 0;
  const DfCodexEntry *entry = i < n ? self->entries->pdata[i] : NULL;
  guint b = before ? (guint) gtk_list_box_row_get_index (before) : G_MAXUINT;
  const DfCodexEntry *prev = b < n ? self->entries->pdata[b] : NULL;
  GtkWidget *header;

  /* The deleted entries (append_deleted) after the live ones. */
  if ((entry == NULL && before != NULL && b >= n) ||
      (entry != NULL && prev != NULL && g_strcmp0 (prev->kind, entry->kind) == 0))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (entry != NULL ? kind_title (entry->kind) : _("Deleted"));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_set_margin_top (header, prev ? 12 : 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_bottom (header, 3);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_list_box_row_set_header (row, header);
}

/* After the live entries, the deleted ones, each with a Restore button
 * (not selectable: self->entries holds only the live ones). */
static void
append_deleted (DfCodexView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) deleted = df_codex_entry_list (get_store (self), self->project_id, NULL, TRUE, &error);

  if (deleted == NULL)
    return;
  for (guint i = 0; i < deleted->len; i++)
    {
      const DfCodexEntry *entry = deleted->pdata[i];
      GtkWidget *row = text_row (entry->name, "", FALSE);
      GtkWidget *button = gtk_button_new_with_label (_("Restore"));

      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "codex.restore");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (entry->id));
      gtk_box_append (GTK_BOX (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))), button);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->entry_list, row);
    }
}

static void
fill_list (DfCodexView *self)
{
  g_autoptr(GError) error = NULL;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GPtrArray *entries;
  gint64 shown = self->entry_id;

  entries = *query ? df_codex_entry_search (get_store (self), self->project_id, query, &error)
                   : df_codex_entry_list (get_store (self), self->project_id, NULL, FALSE, &error);
  if (entries == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  g_signal_handlers_block_matched (self->entry_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  clear_list (self->entry_list);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  self->entries = entries;
  for (guint i = 0; i < entries->len; i++)
    {
      const DfCodexEntry *entry = entries->pdata[i];
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, entry->mentions);
      GtkWidget *row = text_row (entry->name, count, TRUE);

      gtk_list_box_append (self->entry_list, row);
      if (entry->id == shown)
        gtk_list_box_select_row (self->entry_list, GTK_LIST_BOX_ROW (row));
    }
  if (*query == '\0')
    append_deleted (self);
  g_signal_handlers_unblock_matched (self->entry_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  if (shown == 0 || gtk_list_box_get_selected_row (self->entry_list) == NULL)
    {
      self->entry_id = 0;
      gtk_stack_set_visible_child_name (self->page_stack, entries->len == 0 && *query == '\0' ? "empty" : "none");
    }
  update_actions (self);
}

/* ---- adding, in a worker ------------------------------------------------------ */

typedef struct
{
  gint64  project_id;
  gint64  entry_id;  /* not 0: only find the mentions again, then show it */
  char   *kind;      /* NULL: add the suggestions */
  char   *name;
} AddJob;

static void
add_job_free (AddJob *job)
{
  g_free (job->kind);
  g_free (job->name);
  g_free (job);
}

/* What adding did: the entry to show (the new one, or job->entry_id), or
 * 0 for suggestions; how many suggestions were added (-1: none asked). */
typedef struct
{
  gint64 id;
  int    suggested;
} AddOutcome;

/* The text's suggestions added; how many, or -1 with @error. */
static int
add_suggestions (DfStore  *store,
                 gint64    project_id,
                 GError  **error)
{
  g_autoptr(GPtrArray) suggestions = df_codex_suggest (store, project_id, SUGGESTIONS_ADDED, error);

  if (suggestions == NULL)
    return -1;
  for (guint i = 0; i < suggestions->len; i++)
    {
      g_autoptr(DfCodexEntry) entry = df_codex_suggestion_add (store, project_id, suggestions->pdata[i], error);

      if (entry == NULL)
        return -1;
    }
  return (int) suggestions->len;
}

/* Adds the entry (or the suggestions), then finds the mentions. */
static gpointer
add_thread (DfStore       *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  AddJob *job = data;
  g_autofree AddOutcome *outcome = g_new0 (AddOutcome, 1);

  outcome->suggested = -1;
  if (job->entry_id != 0)
    outcome->id = job->entry_id;
  else if (job->kind != NULL)
    {
      g_autoptr(DfCodexEntry) entry = df_codex_entry_create (store, job->project_id, job->kind, job->name, NULL,
                                                             NULL, error);
      if (entry == NULL)
        return NULL;
      outcome->id = entry->id;
    }
  else if ((outcome->suggested = add_suggestions (store, job->project_id, error)) < 0)
    return NULL;
  if (!df_codex_index_project (store, job->project_id, error))
    return NULL;
  return g_steal_pointer (&outcome);
}

static void
add_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DfCodexView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree AddOutcome *outcome = df_worker_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  update_actions (self);
  if (outcome == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  /* Not a click that does nothing. */
  if (outcome->suggested == 0)
    df_page_show_toast (GTK_WIDGET (self),
                        _("No names recur in the text yet: add entries with + as you meet them"));
  if (outcome->id > 0)
    self->entry_id = outcome->id;
  df_codex_view_load (self, self->project_id);
  if (outcome->id > 0)
    df_codex_view_show_entry (self, outcome->id);
}

static void
run_add (DfCodexView *self,
         gint64       entry_id,
         const char  *kind,
         const char  *name)
{
  AddJob *job = g_new0 (AddJob, 1);

  job->project_id = self->project_id;
  job->entry_id = entry_id;
  job->kind = g_strdup (kind);
  job->name = g_strdup (name);
  self->busy = TRUE;
  update_actions (self);
  df_worker_run (df_session_get_db_path (self->session), add_thread, job, (GDestroyNotify) add_job_free, g_free,
                 self->cancellable, add_done, g_object_ref (self));
}

/* ---- callbacks ------------------------------------------------------------------ */

static void
search_changed (DfCodexView *self)
{
  fill_list (self);
}

static void
entry_selected (DfCodexView   *self,
                GtkListBoxRow *row)
{
  if (row == NULL || (guint) gtk_list_box_row_get_index (row) >= self->entries->len)
    return;
  show_entry (self, self->entries->pdata[gtk_list_box_row_get_index (row)]);
}

static void
add_activated (DfCodexView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "codex.add", NULL);
}

/* The first mention of the entry shown in chapter @chapter_id: its
 * offset and length in characters. */
static gboolean
first_mention (DfCodexView *self,
               gint64       chapter_id,
               gint64      *offset,
               guint       *length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = df_chapter_get (get_store (self), chapter_id, &error);
  g_autoptr(DfCodexMatcher) matcher = chapter ? df_codex_matcher_for_project (get_store (self), self->project_id,
                                                                              &error) : NULL;
  g_autoptr(GArray) matches = NULL;

  if (matcher == NULL)
    return FALSE;
  matches = df_codex_matcher_scan (matcher, chapter->content_md, -1);
  for (guint i = 0; i < matches->len; i++)
    {
      const DfCodexMatch *m = &g_array_index (matches, DfCodexMatch, i);
      const char *at = chapter->content_md + m->offset;

      if (m->entry_id != self->entry_id)
        continue;
      *offset = g_utf8_pointer_to_offset (chapter->content_md, at);
      *length = g_utf8_pointer_to_offset (at, at + m->length);
      return TRUE;
    }
  return FALSE;
}

static void
mention_activated (DfCodexView   *self,
                   GtkListBoxRow *row)
{
  int i = gtk_list_box_row_get_index (row);
  gint64 chapter_id, offset = -1;
  guint length = 0;

  if (i < 0 || (guint) i >= self->mention_ids->len)
    return;
  chapter_id = g_array_index (self->mention_ids, gint64, i);
  if (!first_mention (self, chapter_id, &offset, &length))
    offset = -1;
  g_signal_emit (self, signals[MENTION_ACTIVATED], 0, chapter_id, offset, length);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  DfCodexView *self = DF_CODEX_VIEW (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_name_entry))));
  guint kind = gtk_drop_down_get_selected (self->new_kind_dropdown);

  if (name[0] == '\0')
    return;
  gtk_popover_popdown (self->add_popover);
  run_add (self, 0, df_codex_kinds[MIN (kind, 4)], name);
  gtk_editable_set_text (GTK_EDITABLE (self->new_name_entry), "");
}

static void
suggest_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  run_add (DF_CODEX_VIEW (widget), 0, NULL, NULL);
}

/* Gives the entry the aliases written in the entry (separated by
 * commas): those taken away removed, the new ones added; @changed says
 * whether any was. */
static gboolean
save_aliases (DfCodexView  *self,
              gboolean     *changed,
              GError      **error)
{
  g_autoptr(DfCodexEntry) entry = df_codex_entry_get (get_store (self), self->entry_id, error);
  g_auto(GStrv) written = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->aliases_entry)), ",", -1);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_null_terminated (0, NULL, TRUE);

  *changed = FALSE;
  if (entry == NULL)
    return FALSE;
  for (guint i = 0; written[i] != NULL; i++)
    if (*g_strstrip (written[i]) != '\0')
      g_ptr_array_add (wanted, written[i]);
  for (guint i = 0; entry->aliases[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) wanted->pdata, entry->aliases[i]))
      {
        if (!df_codex_entry_remove_alias (get_store (self), entry->id, entry->aliases[i], error))
          return FALSE;
        *changed = TRUE;
      }
  for (guint i = 0; i < wanted->len; i++)
    if (!g_strv_contains ((const char * const *) entry->aliases, wanted->pdata[i]))
      {
        if (!df_codex_entry_add_alias (get_store (self), entry->id, wanted->pdata[i], error))
          return FALSE;
        *changed = TRUE;
      }
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DfCodexView *self = DF_CODEX_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *description = get_text (self->description_view);
  g_autofree char *notes = get_text (self->notes_view);
  gboolean renamed = FALSE;

  if (!df_codex_entry_set_description (get_store (self), self->entry_id, description, &error) ||
      !df_codex_entry_set_notes (get_store (self), self->entry_id, notes, &error) ||
      !save_aliases (self, &renamed, &error))
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  df_page_show_toast (GTK_WIDGET (self), _("Saved"));
  /* Other names: their mentions found again, then the page shown anew. */
  if (renamed)
    run_add (self, self->entry_id, NULL, NULL);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DfCodexView *self = DF_CODEX_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!df_codex_entry_delete (get_store (self), self->entry_id, &error))
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  self->entry_id = 0;
  df_codex_view_load (self, self->project_id);
  df_page_show_toast (GTK_WIDGET (self), _("Entry deleted; Restore, under Deleted in the list, brings it back"));
}

static void
remove_relation_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  DfCodexView *self = DF_CODEX_VIEW (widget);
  g_autoptr(GError) error = NULL;
  gint64 entry_id, other_id;
  const char *label;

  g_variant_get (param, "(x&sx)", &entry_id, &label, &other_id);
  if (!df_codex_relation_remove (get_store (self), entry_id, label, other_id, &error))
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  df_codex_view_show_entry (self, self->entry_id);
}

/* A deleted entry back, its mentions found again, its page shown. */
static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DfCodexView *self = DF_CODEX_VIEW (widget);
  g_autoptr(GError) error = NULL;
  gint64 entry_id = g_variant_get_int64 (param);

  if (!df_codex_entry_restore (get_store (self), entry_id, &error))
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  run_add (self, entry_id, NULL, NULL);
}

static void
remove_progression_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  DfCodexView *self = DF_CODEX_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!df_codex_progression_remove (get_store (self), g_variant_get_int64 (param), &error))
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  df_codex_view_show_entry (self, self->entry_id);
}

/* ---- vfuncs ------------------------------------------------------------------------ */

static gboolean
df_codex_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (DF_CODEX_VIEW (widget)->search_entry));
}

static void
df_codex_view_dispose (GObject *object)
{
  DfCodexView *self = (DfCodexView *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DF_TYPE_CODEX_VIEW);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->mention_ids, g_array_unref);

  G_OBJECT_CLASS (df_codex_view_parent_class)->dispose (object);
}

static void
df_codex_view_class_init (DfCodexViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_codex_view_dispose;
  widget_class->grab_focus = df_codex_view_grab_focus;

  /* A chapter that mentions the entry, chosen: the chapter, and the
   * first mention's offset and length in characters (-1: none found). */
  signals[MENTION_ACTIVATED] = g_signal_new ("mention-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64,
                                             G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-codex-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, add_button);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, add_popover);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, aliases_entry);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, description_view);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, entry_list);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, kind_label);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, main_box);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, mention_list);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, mentions_title);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, name_label);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, new_kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, new_name_entry);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, notes_view);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, page_stack);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, progression_list);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, progressions_title);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, relation_list);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, relations_title);
  gtk_widget_class_bind_template_child (widget_class, DfCodexView, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, add_activated);
  gtk_widget_class_bind_template_callback (widget_class, entry_selected);
  gtk_widget_class_bind_template_callback (widget_class, mention_activated);
  gtk_widget_class_bind_template_callback (widget_class, search_changed);

  gtk_widget_class_install_action (widget_class, "codex.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "codex.suggest", NULL, suggest_action);
  gtk_widget_class_install_action (widget_class, "codex.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "codex.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "codex.remove-relation", "(xsx)", remove_relation_action);
  gtk_widget_class_install_action (widget_class, "codex.remove-progression", "x", remove_progression_action);
  gtk_widget_class_install_action (widget_class, "codex.restore", "x", restore_action);
}

static void
df_codex_view_init (DfCodexView *self)
{
  const char *kinds[] = { _("Character"), _("Location"), _("Object"), _("Lore"), _("Other"), NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (kinds);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->mention_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_drop_down_set_model (self->new_kind_dropdown, G_LIST_MODEL (model));
  gtk_list_box_set_header_func (self->entry_list, entry_header, self, NULL);
  update_actions (self);
}

/* ---- public ----------------------------------------------------------------------------- */

void
df_codex_view_set_session (DfCodexView *self,
                           DfSession   *session)
{
  g_return_if_fail (DF_IS_CODEX_VIEW (self));
  g_set_object (&self->session, session);
}

void
df_codex_view_load (DfCodexView *self,
                    gint64       project_id)
{
  g_return_if_fail (DF_IS_CODEX_VIEW (self));
  if (project_id != self->project_id)
    {
      self->entry_id = 0;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
    }
  self->project_id = project_id;
  if (get_store (self) == NULL)
    return;
  fill_list (self);
  if (self->entry_id != 0)
    df_codex_view_show_entry (self, self->entry_id);
}

void
df_codex_view_show_entry (DfCodexView *self,
                          gint64       entry_id)
{
  g_return_if_fail (DF_IS_CODEX_VIEW (self));
  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    if (((DfCodexEntry *) self->entries->pdata[i])->id == entry_id)
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->entry_list, i);

        if (gtk_list_box_get_selected_row (self->entry_list) == row)
          show_entry (self, self->entries->pdata[i]);
        else
          gtk_list_box_select_row (self->entry_list, row);
        return;
      }
}

guint
df_codex_view_get_n_listed (DfCodexView *self)
{
  g_return_val_if_fail (DF_IS_CODEX_VIEW (self), 0);
  return self->entries != NULL ? self->entries->len : 0;
}
