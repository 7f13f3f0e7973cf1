/* test-ui-codex-editor.c: the codex in the editor
 *
 * A chapter that mentions codex entries opens with exactly their names
 * marked ("Mara's" marks "Mara", a name in code is left alone), with the
 * entry on hover; a name typed is marked once typing pauses; the
 * codex-highlight setting off removes every mark; "Add to Codex…" on
 * selected words creates the entry and marks it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-codex.h"
#include "df-editor.h"
#include "df-model.h"
#include "df-project-view.h"
#include "df-session.h"
#include "ui-test-util.h"

typedef UiTestApp Fixture;

static DfEditor *
editor_of (DfProjectView *view)
{
  return DF_EDITOR (ui_test_get (GTK_WIDGET (view), DF_TYPE_EDITOR, NULL));
}

/* The marked stretches of @editor's text, joined by "|". */
static char *
marked (DfEditor *editor)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "codex-name");
  GString *found = g_string_new (NULL);
  GtkTextIter iter, end;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  while (TRUE)
    {
      if (!gtk_text_iter_starts_tag (&iter, tag) && !gtk_text_iter_forward_to_tag_toggle (&iter, tag))
        break;
      if (!gtk_text_iter_starts_tag (&iter, tag))
        continue;
      end = iter;
      gtk_text_iter_forward_to_tag_toggle (&end, tag);
      {
        g_autofree char *word = gtk_text_iter_get_slice (&iter, &end);

        g_string_append_printf (found, "%s%s", found->len ? "|" : "", word);
      }
      iter = end;
    }
  return g_string_free (found, FALSE);
}

typedef struct
{
  DfEditor   *editor;
  const char *expected;
} Marks;

static gboolean
marks_are (gpointer data)
{
  Marks *m = data;
  g_autofree char *now = marked (m->editor);

  return g_strcmp0 (now, m->expected) == 0;
}

static void
assert_marks (DfEditor   *editor,
              const char *expected)
{
  g_autofree char *now = marked (editor);

  g_assert_cmpstr (now, ==, expected);
}

static void
add_saga (Fixture *f)
{
  df_test_add_project (f->db_path, "Saga",
                       "Dawn", "Mara's boat left the harbour.\n\n`Mara` is code. Mara waved.\n\nTobias's dog barked.",
                       "Dusk", "Night.", NULL);
}

static DfProjectView *
open_saga (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfCodexEntry) mara = NULL;
  g_autoptr(DfCodexEntry) ilse = NULL;
  DfStore *store;
  gint64 saga;

  add_saga (f);
  ui_test_app_start (f);
  store = ui_test_app_get_store (f);
  saga = ui_test_app_project_id (f, "saga");
  mara = df_codex_entry_create (store, saga, "character", "Mara", DF_TEST_STRV ("the Captain"),
                                "A smuggler <with> a boat.", &error);
  g_assert_no_error (error);
  ilse = df_codex_entry_create (store, saga, "character", "Ilse", NULL, NULL, &error);
  g_assert_no_error (error);
  return ui_test_app_open_project (f, "saga");
}

/* Names marked as the chapter opens, the entry on hover, a name typed
 * marked after the pause, the setting off and on. */
static void
test_highlight (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *tip = NULL;
  g_autofree char *text = NULL;
  DfProjectView *view;
  DfEditor *editor;
  GSettings *settings;
  GtkTextIter at;
  Marks m;

  if (ui_test_skip_without_display ())
    return;
  view = open_saga (f);
  editor = editor_of (view);
  assert_marks (editor, "Mara|Mara");
  ui_test_save_png (GTK_WIDGET (view), "codex-editor");

  /* On hover: name, kind, description (escaped). */
  at = ui_test_find_text (GTK_WIDGET (editor), "Mara waved");
  tip = df_editor_dup_codex_tooltip (editor, gtk_text_iter_get_offset (&at) + 1);
  g_assert_cmpstr (tip, ==, "<b>Mara</b> · Character\nA smuggler &lt;with&gt; a boat.");
  g_clear_pointer (&tip, g_free);
  at = ui_test_find_text (GTK_WIDGET (editor), "boat left");
  g_assert_null (df_editor_dup_codex_tooltip (editor, gtk_text_iter_get_offset (&at)));

  /* Typed at the end: marked once typing pauses. */
  df_editor_place_cursor (editor, G_MAXINT);
  ui_test_type (view, " Ilse ran to the Captain.");
  text = ui_test_editor_text (view);
  g_assert_true (g_str_has_suffix (text, "barked. Ilse ran to the Captain."));
  m.editor = editor;
  m.expected = "Mara|Mara|Ilse|the Captain";
  ui_test_wait_until (marks_are, &m, 10000);
  g_assert_false (df_editor_get_codex_pending (editor));

  /* The setting off: nothing marked; on again: all back. */
  settings = df_session_get_settings (ui_test_app_get_session (f));
  g_settings_set_boolean (settings, "codex-highlight", FALSE);
  assert_marks (editor, "");
  at = ui_test_find_text (GTK_WIDGET (editor), "Mara waved");
  g_assert_null (df_editor_dup_codex_tooltip (editor, gtk_text_iter_get_offset (&at) + 1));
  g_settings_set_boolean (settings, "codex-highlight", TRUE);
  assert_marks (editor, "Mara|Mara|Ilse|the Captain");
}

static gboolean
entry_exists (gpointer data)
{
  Fixture *f = data;
  g_autoptr(DfCodexEntry) entry = df_codex_entry_find (ui_test_app_get_store (f), ui_test_app_project_id (f, "saga"),
                                                       "Tobias", FALSE, NULL);

  return entry != NULL && entry->mentions == 1;
}

static gboolean
already_said (gpointer data)
{
  GListModel *windows = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (windows, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), "Already in the Codex") == 0)
        {
          if (data != NULL)
            *(GtkWidget **) data = window;
          return TRUE;
        }
    }
  return FALSE;
}

/* "Add to Codex…" on "Tobias's": an entry named Tobias, marked. */
static void
test_add_to_codex (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfCodexEntry) tobias = NULL;
  DfProjectView *view;
  DfEditor *editor;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  AdwMessageDialog *dialog;
  GtkWidget *name, *kind, *said = NULL;
  Marks m;

  if (ui_test_skip_without_display ())
    return;
  view = open_saga (f);
  editor = editor_of (view);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));
  start = ui_test_find_text (GTK_WIDGET (editor), "Tobias's");
  end = start;
  gtk_text_iter_forward_chars (&end, strlen ("Tobias's "));
  gtk_text_buffer_select_range (buffer, &start, &end);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "project.add-to-codex", NULL));
  dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000));
  name = ui_test_get (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, "codex_name_entry");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "Tobias");
  kind = ui_test_get (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, "codex_kind_list");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (kind)), ==, 0);
  ui_test_save_png (GTK_WIDGET (dialog), "codex-editor-add");
  adw_message_dialog_response (dialog, "add");

  ui_test_wait_until (entry_exists, f, 10000);
  tobias = df_codex_entry_find (ui_test_app_get_store (f), ui_test_app_project_id (f, "saga"), "Tobias", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tobias->kind, ==, "character");
  m.editor = editor;
  m.expected = "Mara|Mara|Tobias";
  ui_test_wait_until (marks_are, &m, 10000);

  /* The same name again: refused, with the reason. */
  gtk_text_buffer_select_range (buffer, &start, &end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "project.add-to-codex", NULL));
  dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000));
  adw_message_dialog_response (dialog, "add");
  ui_test_wait_until (already_said, NULL, 10000);
  already_said (&said);
  dialog = ADW_MESSAGE_DIALOG (said);
  g_assert_true (strstr (adw_message_dialog_get_body (dialog), "Tobias") != NULL);
  adw_message_dialog_response (dialog, "close");
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, UiTestApp, NULL, ui_test_app_set_up, func, ui_test_app_tear_down)
  ADD ("/ui/codex-editor/highlight", test_highlight);
  ADD ("/ui/codex-editor/add-to-codex", test_add_to_codex);

  return g_test_run ();
}
