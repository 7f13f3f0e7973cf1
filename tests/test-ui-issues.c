/* test-ui-issues.c: the Issues panel, with the tests' agent
 *
 * The agent is fixtures/ui-plugins/very-agent: every word "very" is a
 * warning with its span; a chapter holding WAIT-FOR-STOP makes its run
 * wait until it is stopped.  A continuity run is written into the
 * database as the continuity agent would (it is not there yet).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-agent-runs.h"
#include "df-codex.h"
#include "df-issue-locate.h"
#include "df-issue-row.h"
#include "df-issues-panel.h"
#include "df-issues-purpose.h"
#include "df-model.h"
#include "df-plugin-host.h"
#include "df-project-view.h"
#include "df-session.h"
#include "df-store-private.h"
#include "df-window.h"
#include "ui-test-util.h"

typedef UiTestApp Fixture;

#define WAIT_MS 30000

/* Accents before the words: bytes and characters differ. */
static const char *morning = "It was a very cold day.\nShe was very tired.";
static const char *evening = "Élan, café, naïve: très very well.\n\nHer eyes were grey.";
static const char *waiting = "WAIT-FOR-STOP";

static gboolean
panel_settled (gpointer data)
{
  DfIssuesPanel *panel = data;

  return !df_issues_panel_is_running (panel) && !df_issues_panel_is_loading (panel) &&
         df_issues_panel_get_run_id (panel) != 0;
}

/* A continuity run of the project "colours" as the continuity agent
 * would record it: "grey" in the second chapter contradicts an earlier
 * fact. */
static void
add_continuity_run (Fixture *f)
{
  g_autoptr(DfStore) store = df_store_open (f->db_path, NULL);
  g_autoptr(DfProject) project = df_project_get (store, "colours", FALSE, NULL);
  g_autoptr(GPtrArray) chapters = df_chapter_list (store, project->id, NULL);
  g_autoptr(DfChapter) chapter = df_chapter_get (store, ((DfChapter *) chapters->pdata[1])->id, NULL);
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) df_agent_issue_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;
  g_autofree char *data = NULL;
  DfAgentIssue *issue;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfCodexEntry) mara = df_codex_entry_create (store, project->id, "character", "Mara", NULL,
                                                        "Her eyes were green", &error);

  g_assert_no_error (error);

  issue = df_agent_issue_new (DF_ISSUE_ERROR, "eye-colour", chapter->id, 3,
                              "Her eyes were green in chapter 1", NULL, 0.9);
  issue->agent = g_strdup ("continuity");
  df_agent_issue_set_check (issue, "eye-colour");
  df_agent_issue_set_span (issue, chapter->content_md, strstr (chapter->content_md, "grey") - chapter->content_md, 4);
  data = g_strdup_printf ("{\"entry\": \"Mara\", \"entry_id\": %" G_GINT64_FORMAT ", \"field\": \"eyes\","
                          " \"value\": \"grey\", \"was\": \"green\", \"from_chapter\": 2}", mara->id);
  df_agent_issue_set_data (issue, data);
  g_ptr_array_add (issues, issue);
  /* The same contradiction without the change named: nothing to keep. */
  issue = df_agent_issue_new (DF_ISSUE_WARNING, "eye-colour", chapter->id, 1,
                              "Élan is spelt two ways", NULL, 0.5);
  issue->agent = g_strdup ("continuity");
  df_agent_issue_set_check (issue, "name-variant");
  df_agent_issue_set_span (issue, chapter->content_md, 0, strlen ("Élan"));
  g_ptr_array_add (issues, issue);
  json = df_agent_issues_to_json (issues);
  stmt = df_store_prepare (store,
                           "INSERT INTO agent_runs (project_id, agent_type, trigger, status, results, summary,"
                           " created_at, started_at, completed_at)"
                           " VALUES (?1, 'continuity', 'manual', 'completed', ?2, '1 issue',"
                           " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                           " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, project->id);
  sqlite3_bind_text (stmt, 2, json, -1, SQLITE_TRANSIENT);
  g_assert_true (df_store_step_done (store, stmt, &error));
  g_assert_no_error (error);
}

static DfIssuesPanel *
open_panel_full (Fixture        *f,
                 DfProjectView **view_out,
                 gboolean        wait,
                 gboolean        continuity)
{
  DfProjectView *view;
  DfIssuesPanel *panel;
  DfPluginHost *host;
  g_autoptr(GError) error = NULL;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Colours", "Morning", morning, "Evening", evening,
                       wait ? "Waiting" : NULL, waiting, NULL);
  if (continuity)
    add_continuity_run (f);
  ui_test_app_start (f);

  /* The test agents, enabled in this database. */
  host = df_session_get_plugin_host (ui_test_app_get_session (f));
  g_assert_nonnull (df_plugin_host_lookup (host, "io.github.draftforge.tests.VeryAgent"));
  g_assert_true (df_plugin_host_set_enabled (host, "io.github.draftforge.tests.VeryAgent", TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (df_plugin_host_lookup (host, "io.github.draftforge.tests.VeryAgent")->loaded);

  view = ui_test_app_open_project (f, "colours");
  panel = DF_ISSUES_PANEL (ui_test_get (GTK_WIDGET (view), DF_TYPE_ISSUES_PANEL, NULL));

  /* Ctrl+Shift+C shows it, the keyboard in its Check button. */
  g_assert_true (ui_test_press_shortcut (df_project_view_get_editor (view), GDK_KEY_c,
                                         GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  g_assert_true (df_project_view_get_visible_panel (view) == GTK_WIDGET (panel));
  ui_test_flush ();
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_WIDGET (panel)));
  *view_out = view;
  return panel;
}

static DfIssuesPanel *
open_panel (Fixture        *f,
            DfProjectView **view_out)
{
  return open_panel_full (f, view_out, FALSE, FALSE);
}

static void
run_and_wait (DfIssuesPanel *panel,
              const char    *agent)
{
  gint64 before = df_issues_panel_get_run_id (panel);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "issues.run", "(ss)", agent, "offline"));
  g_assert_true (df_issues_panel_is_running (panel));
  ui_test_wait_until (panel_settled, panel, WAIT_MS);
  g_assert_cmpint (df_issues_panel_get_run_id (panel), !=, before);
}

static GtkListBox *
issues_list (DfIssuesPanel *panel)
{
  return GTK_LIST_BOX (ui_test_get (GTK_WIDGET (panel), GTK_TYPE_LIST_BOX, "issues-list"));
}

static GtkListBox *
runs_list (DfIssuesPanel *panel)
{
  return GTK_LIST_BOX (ui_test_get (GTK_WIDGET (panel), GTK_TYPE_LIST_BOX, "issues-runs"));
}

static GtkWidget *
issue_row (DfIssuesPanel *panel,
           int            index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (issues_list (panel), index);

  g_assert_nonnull (row);
  return GTK_WIDGET (row);
}

static const char *
row_quote (GtkWidget *row)
{
  return gtk_label_get_label (GTK_LABEL (ui_test_get (row, GTK_TYPE_LABEL, "issue-quote")));
}

/* The chapter heading above @row, or NULL. */
static const char *
row_heading (GtkWidget *row)
{
  GtkWidget *header = gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row));

  return header != NULL ? gtk_label_get_text (GTK_LABEL (header)) : NULL;
}

static gint64
row_run (GtkListBoxRow *row)
{
  return df_run_row_get_run_id (row);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static void
click (GtkWidget  *row,
       const char *button)
{
  GtkWidget *widget = ui_test_get (row, GTK_TYPE_BUTTON, button);

  g_assert_true (gtk_widget_is_sensitive (widget));
  g_signal_emit_by_name (widget, "clicked");
  ui_test_flush ();
}

typedef struct
{
  DfProjectView *view;
  gint64         chapter_id;
  const char    *words;
} Selected;

/* The editor shows the chapter with exactly @words selected. */
static gboolean
words_selected (gpointer data)
{
  Selected *s = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (df_project_view_get_editor (s->view)));
  GtkTextIter start, end;
  g_autofree char *selected = NULL;

  if (df_project_view_get_chapter_id (s->view) != s->chapter_id ||
      !gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return FALSE;
  selected = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strcmp0 (selected, s->words) == 0;
}

static gint64
chapter_id (Fixture *f,
            int      number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_project_get (ui_test_app_get_store (f), "colours", FALSE, &error);
  g_autoptr(GPtrArray) chapters = NULL;

  g_assert_no_error (error);
  chapters = df_chapter_list (ui_test_app_get_store (f), project->id, &error);
  g_assert_no_error (error);
  return ((DfChapter *) g_ptr_array_index (chapters, number - 1))->id;
}

/* The selection's start, in characters of the editor's text. */
static int
selection_start (DfProjectView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (df_project_view_get_editor (view)));
  GtkTextIter start, end;

  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  return gtk_text_iter_get_offset (&start);
}

/* A run lists the issues grouped by chapter; a click selects the words
 * in the right chapter; Dismiss takes a row away (Undo brings it back)
 * and a later run leaves it out; "This changed on purpose" is offered on
 * the continuity issue only. */
static void
test_run_jump_dismiss (Fixture       *f,
                       gconstpointer  data)
{
  DfProjectView *view;
  DfIssuesPanel *panel;
  Selected selected = { 0 };
  GtkWidget *undo;
  const char *very;

  if (ui_test_skip_without_display ())
    return;

  panel = open_panel (f, &view);
  run_and_wait (panel, "very");

  /* Two in the first chapter, one in the second, in book order. */
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 3);
  g_assert_cmpuint (count_rows (issues_list (panel)), ==, 3);
  g_assert_cmpstr (row_heading (issue_row (panel, 0)), ==, "Chapter 1: Morning");
  g_assert_null (row_heading (issue_row (panel, 1)));
  g_assert_cmpstr (row_heading (issue_row (panel, 2)), ==, "Chapter 2: Evening");
  /* The words in bold, in the words around them. */
  g_assert_cmpstr (row_quote (issue_row (panel, 0)), ==, "“It was a <b>very</b> cold day.”");
  g_assert_nonnull (ui_test_find (issue_row (panel, 0), GTK_TYPE_LABEL, "issue-suggestion"));
  g_assert_nonnull (ui_test_find (issue_row (panel, 0), GTK_TYPE_IMAGE, NULL));
  /* Not a continuity issue: nothing to keep as meant. */
  g_assert_null (ui_test_find (issue_row (panel, 0), GTK_TYPE_BUTTON, "issue-on-purpose"));

  /* The run is listed with its count. */
  g_assert_cmpuint (count_rows (runs_list (panel)), ==, 1);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (runs_list (panel), 0))),
                            "3 issues"));

  /* A click on the second chapter's "very": that chapter, those words,
   * after the accented words before them. */
  selected.view = view;
  selected.chapter_id = chapter_id (f, 2);
  selected.words = "very";
  g_signal_emit_by_name (issue_row (panel, 2), "activate");
  ui_test_wait_until (words_selected, &selected, WAIT_MS);
  very = strstr (evening, "very");
  g_assert_cmpint (selection_start (view), ==, g_utf8_pointer_to_offset (evening, very));

  /* And back to the first chapter's second "very". */
  selected.chapter_id = chapter_id (f, 1);
  g_signal_emit_by_name (issue_row (panel, 1), "activate");
  ui_test_wait_until (words_selected, &selected, WAIT_MS);
  g_assert_cmpint (selection_start (view), ==, strstr (morning, "very tired") - morning);

  /* Dismiss the first: gone; Undo: back (read again). */
  click (issue_row (panel, 0), "issue-dismiss");
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 2);
  g_assert_cmpuint (count_rows (issues_list (panel)), ==, 2);
  g_assert_cmpstr (row_heading (issue_row (panel, 0)), ==, "Chapter 1: Morning");
  undo = ui_test_find_button (GTK_WIDGET (f->window), "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  ui_test_wait_until (panel_settled, panel, WAIT_MS);
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 3);

  /* Dismissed for good this time: a new run leaves it out, and keeps
   * the other "very" of its chapter (other words around it). */
  click (issue_row (panel, 0), "issue-dismiss");
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 2);
  run_and_wait (panel, "very");
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 2);
  g_assert_cmpuint (count_rows (runs_list (panel)), ==, 2);
  g_assert_cmpstr (row_heading (issue_row (panel, 0)), ==, "Chapter 1: Morning");
  g_assert_cmpstr (row_heading (issue_row (panel, 1)), ==, "Chapter 2: Evening");
  selected.chapter_id = chapter_id (f, 1);
  g_signal_emit_by_name (issue_row (panel, 0), "activate");
  ui_test_wait_until (words_selected, &selected, WAIT_MS);
  g_assert_cmpint (selection_start (view), ==, strstr (morning, "very tired") - morning);
}

/* Mara's progression "eyes: grey from chapter 2" is in the codex (or not). */
static void
assert_progression (Fixture  *f,
                    gboolean  there)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_project_get (ui_test_app_get_store (f), "colours", FALSE, &error);
  g_autoptr(DfCodexEntry) mara = df_codex_entry_find (ui_test_app_get_store (f), project->id, "Mara", FALSE, &error);
  g_autoptr(GPtrArray) progressions = NULL;
  DfCodexProgression *p;

  g_assert_no_error (error);
  progressions = df_codex_progression_list (ui_test_app_get_store (f), mara->id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progressions->len, ==, there ? 1 : 0);
  if (!there)
    return;
  p = progressions->pdata[0];
  g_assert_cmpint (p->from_chapter, ==, 2);
  g_assert_cmpstr (p->field, ==, "eyes");
  g_assert_cmpstr (p->value, ==, "grey");
  g_assert_cmpstr (p->note, ==, "Before: green");
}

/* A continuity issue can be kept as meant: the progression that explains
 * it goes into the codex (Undo takes it out), the issue goes, and the run
 * shows it no more. */
static void
test_on_purpose (Fixture       *f,
                 gconstpointer  data)
{
  DfProjectView *view;
  DfIssuesPanel *panel;
  Selected selected = { 0 };
  GtkListBoxRow *row;
  GtkWidget *undo;

  if (ui_test_skip_without_display ())
    return;

  panel = open_panel_full (f, &view, FALSE, TRUE);
  ui_test_wait_until (panel_settled, panel, WAIT_MS);
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 2);
  row = gtk_list_box_get_row_at_index (runs_list (panel), 0);
  /* Listed by the agent's name ("Continuity"), or its type when it is
   * not enabled. */
  g_assert_cmpint (g_ascii_strcasecmp (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "continuity"), ==, 0);
  /* In book order: the name on line 1, the eyes on line 3; only the
   * change that names its field can be kept as meant. */
  g_assert_cmpstr (row_heading (issue_row (panel, 0)), ==, "Chapter 2: Evening");
  g_assert_null (ui_test_find (issue_row (panel, 0), GTK_TYPE_BUTTON, "issue-on-purpose"));
  g_assert_nonnull (strstr (row_quote (issue_row (panel, 1)), "<b>grey</b>"));
  g_assert_nonnull (ui_test_find (issue_row (panel, 1), GTK_TYPE_BUTTON, "issue-on-purpose"));
  {
    g_autoptr(DfIssueChange) change = df_issue_change_read (df_issue_row_get_issue (GTK_LIST_BOX_ROW (issue_row (panel, 1))));

    g_assert_nonnull (change);
    g_assert_cmpstr (change->entry, ==, "Mara");
    g_assert_cmpstr (change->field, ==, "eyes");
    g_assert_cmpstr (change->value, ==, "grey");
    g_assert_cmpint (change->from_chapter, ==, 2);
  }

  selected.view = view;
  selected.chapter_id = chapter_id (f, 2);
  selected.words = "grey";
  g_signal_emit_by_name (issue_row (panel, 1), "activate");
  ui_test_wait_until (words_selected, &selected, WAIT_MS);

  /* Kept as meant: the progression is in the codex; Undo takes it out
   * and the issue is back; again, and it stays. */
  click (issue_row (panel, 1), "issue-on-purpose");
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 1);
  assert_progression (f, TRUE);
  undo = ui_test_find_button (GTK_WIDGET (f->window), "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  ui_test_wait_until (panel_settled, panel, WAIT_MS);
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 2);
  assert_progression (f, FALSE);
  click (issue_row (panel, 1), "issue-on-purpose");
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 1);
  assert_progression (f, TRUE);

  /* Another run, then the continuity run again: still gone. */
  run_and_wait (panel, "very");
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 3);
  gtk_list_box_select_row (runs_list (panel), gtk_list_box_get_row_at_index (runs_list (panel), 1));
  ui_test_wait_until (panel_settled, panel, WAIT_MS);
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 1);
  g_assert_null (ui_test_find (issue_row (panel, 0), GTK_TYPE_BUTTON, "issue-on-purpose"));
  g_assert_cmpint (df_issues_panel_get_run_id (panel), ==,
                   row_run (gtk_list_box_get_row_at_index (runs_list (panel), 1)));
}

/* With the real continuity agent: grey eyes, then green; kept as meant,
 * the progression explains the change, and a later check, with the
 * dismissals forgotten, reports it no more. */
static void
test_continuity_agent (Fixture       *f,
                       gconstpointer  data)
{
  DfProjectView *view;
  DfIssuesPanel *panel;
  DfPluginHost *host;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfCodexEntry) mara = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row = NULL;
  int n;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Eyes", "One", "Mara had grey eyes.\n", "Two", "Then Mara's green eyes narrowed.\n",
                       NULL);
  store = df_store_open (f->db_path, &error);
  g_assert_no_error (error);
  project = df_project_get (store, "eyes", FALSE, &error);
  mara = df_codex_entry_create (store, project->id, "character", "Mara", NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  ui_test_app_start (f);
  host = df_session_get_plugin_host (ui_test_app_get_session (f));
  if (df_plugin_host_find_agent (host, "continuity") == NULL)
    {
      g_test_skip ("the continuity agent is not built");
      return;
    }
  view = ui_test_app_open_project (f, "eyes");
  panel = DF_ISSUES_PANEL (ui_test_get (GTK_WIDGET (view), DF_TYPE_ISSUES_PANEL, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.show-issues", NULL));
  run_and_wait (panel, "continuity");

  for (n = 0; (row = ui_test_find (issue_row (panel, n), GTK_TYPE_BUTTON, "issue-on-purpose")) == NULL; n++)
    g_assert_cmpint (n + 1, <, (int) df_issues_panel_get_n_issues (panel));
  g_signal_emit_by_name (row, "clicked");
  ui_test_flush ();
  {
    g_autoptr(GPtrArray) progressions = df_codex_progression_list (ui_test_app_get_store (f), mara->id, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (progressions->len, ==, 1);
    g_assert_cmpstr (((DfCodexProgression *) progressions->pdata[0])->value, ==, "green");
    g_assert_cmpint (((DfCodexProgression *) progressions->pdata[0])->from_chapter, ==, 2);
  }
  g_assert_true (df_agent_dismissals_clear (ui_test_app_get_store (f), project->id, NULL, NULL, &error));
  run_and_wait (panel, "continuity");
  for (guint i = 0; i < df_issues_panel_get_n_issues (panel); i++)
    g_assert_null (ui_test_find (issue_row (panel, i), GTK_TYPE_BUTTON, "issue-on-purpose"));
}

/* The text changed since the run: the words are found near their line,
 * or the line is shown. */
static void
test_text_changed (Fixture       *f,
                   gconstpointer  data)
{
  DfProjectView *view;
  DfIssuesPanel *panel;
  Selected selected = { 0 };
  GtkTextBuffer *buffer;
  GtkTextIter start;
  g_autofree char *text = NULL;

  if (ui_test_skip_without_display ())
    return;

  panel = open_panel (f, &view);
  run_and_wait (panel, "very");

  /* A line typed above the second chapter's "very", not saved yet. */
  g_signal_emit_by_name (issue_row (panel, 2), "activate");
  selected.view = view;
  selected.chapter_id = chapter_id (f, 2);
  selected.words = "very";
  ui_test_wait_until (words_selected, &selected, WAIT_MS);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (df_project_view_get_editor (view)));
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  ui_test_type (view, "Très, très added.\n");
  text = ui_test_editor_text (view);

  g_signal_emit_by_name (issue_row (panel, 2), "activate");
  ui_test_wait_until (words_selected, &selected, WAIT_MS);
  g_assert_cmpint (selection_start (view), ==, g_utf8_pointer_to_offset (text, strstr (text, "very")));
}

/* The span, the words near their line, the line: in characters. */
static void
test_locate (void)
{
  const char *text = "Ça va.\nUn très bon jour.\nLe très grand.\n";
  const char *tres = strstr (text, "très bon");
  gint64 offset, n;

  /* Where the agent saw it. */
  g_assert_true (df_issue_locate (text, tres - text, strlen ("très"), 2, "très", &offset, &n));
  g_assert_cmpint (offset, ==, g_utf8_pointer_to_offset (text, tres));
  g_assert_cmpint (n, ==, 4);

  /* Moved: the occurrence nearest its line (3), not the first. */
  g_assert_true (df_issue_locate (text, 2, strlen ("très"), 3, "très", &offset, &n));
  g_assert_cmpint (offset, ==, g_utf8_pointer_to_offset (text, strstr (text, "très grand")));
  g_assert_cmpint (n, ==, 4);

  /* Gone: the start of its line, nothing selected. */
  g_assert_true (df_issue_locate (text, 50, 4, 3, "fort", &offset, &n));
  g_assert_cmpint (offset, ==, g_utf8_pointer_to_offset (text, strstr (text, "Le très")));
  g_assert_cmpint (n, ==, 0);

  /* A span in the middle of "è" is not taken. */
  g_assert_true (df_issue_locate (text, (tres - text) + 3, 2, 2, NULL, &offset, &n));
  g_assert_cmpint (n, ==, 0);

  /* Nothing to go by. */
  g_assert_false (df_issue_locate (text, -1, 0, 0, NULL, &offset, &n));
}

/* The agent's progress shown: the last chapter it checked, before the
 * one it waits in. */
static gboolean
progress_shown (gpointer data)
{
  GtkWidget *bar = ui_test_get (data, GTK_TYPE_PROGRESS_BAR, "issues-progress");

  return gtk_widget_get_visible (bar) &&
         g_strcmp0 (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (bar)), "Evening") == 0 &&
         gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)) > 0.6;
}

static gboolean
run_over (gpointer data)
{
  return !df_issues_panel_is_running (data) && !df_issues_panel_is_loading (data);
}

typedef struct
{
  Selected  selected;
  GtkWidget *editor;
} Shown;

/* The words are selected and on screen. */
static gboolean
words_shown (gpointer data)
{
  Shown *s = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (s->editor));
  GdkRectangle visible, at;
  GtkTextIter start, end;

  if (!words_selected (&s->selected))
    return FALSE;
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (s->editor), &visible);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (s->editor), &start, &at);
  return visible.height > 0 && at.y >= visible.y && at.y + at.height <= visible.y + visible.height;
}

/* Words at the end of a long chapter not opened yet: the editor scrolls
 * until they are on screen (a chapter just opened is not laid out yet,
 * and one scroll lands short). */
static void
test_scrolls_to_words (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  DfProjectView *view;
  DfIssuesPanel *panel;
  Shown shown = { { 0 } };
  g_autoptr(GError) error = NULL;

  if (ui_test_skip_without_display ())
    return;

  /* Paragraphs that wrap over several lines, as a novel's do. */
  for (guint i = 1; i <= 120; i++)
    {
      g_string_append_printf (text, "Paragraph %u.", i);
      for (guint j = 0; j < 12; j++)
        g_string_append (text, " The long afternoon went on and on beside the river, and nobody came.");
      g_string_append (text, i == 60 ? " And then a very late word.\n\n" : "\n\n");
    }
  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Long", "Short", "Nothing here.", "Long", text->str, NULL);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "long");
  panel = DF_ISSUES_PANEL (ui_test_get (GTK_WIDGET (view), DF_TYPE_ISSUES_PANEL, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.show-issues", NULL));
  run_and_wait (panel, "very");
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 1);

  shown.editor = df_project_view_get_editor (view);
  shown.selected.view = view;
  shown.selected.words = "very";
  {
    g_autoptr(DfProject) project = df_project_get (ui_test_app_get_store (f), "long", FALSE, &error);
    g_autoptr(GPtrArray) chapters = df_chapter_list (ui_test_app_get_store (f), project->id, &error);

    shown.selected.chapter_id = ((DfChapter *) chapters->pdata[1])->id;
  }
  g_signal_emit_by_name (issue_row (panel, 0), "activate");
  ui_test_wait_until (words_shown, &shown, WAIT_MS);
}

/* A run that does not end on its own: its progress shows, the window
 * answers meanwhile, Stop ends it and it is listed as stopped. */
static void
test_stop (Fixture       *f,
           gconstpointer  data)
{
  DfProjectView *view;
  DfIssuesPanel *panel;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *stop;
  GtkListBoxRow *row;

  if (ui_test_skip_without_display ())
    return;

  panel = open_panel_full (f, &view, TRUE, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "issues.run", "(ss)", "very", "offline"));
  ui_test_wait_until (progress_shown, panel, WAIT_MS);
  stop = ui_test_get (GTK_WIDGET (panel), GTK_TYPE_BUTTON, "issues-stop");
  g_assert_true (gtk_widget_get_visible (stop));
  g_assert_false (gtk_widget_is_sensitive (ui_test_get (GTK_WIDGET (panel), GTK_TYPE_MENU_BUTTON, "issues-check")));

  /* The window answers: the writer types on, and another run waits. */
  ui_test_type (view, "Still writing. ");
  ui_test_next_tick ();
  text = ui_test_editor_text (view);
  g_assert_nonnull (strstr (text, "Still writing. "));
  g_assert_true (df_issues_panel_is_running (panel));
  g_assert_false (df_issues_panel_run (panel, "very", "offline"));

  g_signal_emit_by_name (stop, "clicked");
  ui_test_wait_until (run_over, panel, WAIT_MS);
  g_assert_false (gtk_widget_get_visible (stop));
  row = gtk_list_box_get_row_at_index (runs_list (panel), 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Very");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Stopped"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_test_get (GTK_WIDGET (panel), GTK_TYPE_LABEL, "issues-status"))),
                   ==, "This check was stopped before it finished.");

  runs = df_agent_runs_list (ui_test_app_get_store (f), df_project_view_get_project_id (view), "very", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpstr (((DfAgentRunInfo *) runs->pdata[0])->status, ==, "canceled");

  /* Check can be asked for again. */
  g_assert_true (gtk_widget_is_sensitive (ui_test_get (GTK_WIDGET (panel), GTK_TYPE_MENU_BUTTON, "issues-check")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "issues.run", "(ss)", "very", "offline"));
  g_assert_true (df_issues_panel_is_running (panel));
  g_signal_emit_by_name (stop, "clicked");
  ui_test_wait_until (run_over, panel, WAIT_MS);
}

static gboolean
panel_away (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* The model mode asked for reaches the agent: the tests' agent has no
 * model and fails, and the failed run is listed with why. */
static void
test_model_fails (Fixture       *f,
                  gconstpointer  data)
{
  DfProjectView *view;
  DfIssuesPanel *panel;
  GtkListBoxRow *row;

  if (ui_test_skip_without_display ())
    return;

  panel = open_panel (f, &view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "issues.run", "(ss)", "very", "model"));
  ui_test_wait_until (panel_settled, panel, WAIT_MS);
  row = gtk_list_box_get_row_at_index (runs_list (panel), 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Failed: no model here"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_test_get (GTK_WIDGET (panel), GTK_TYPE_LABEL, "issues-status"))),
                   ==, "This check failed: no model here");
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 0);

  /* A run from the command line while the pane is away: listed, and
   * shown, when it is back. */
  df_project_view_show_panel (view, NULL);
  ui_test_wait_until (panel_away, panel, WAIT_MS);
  if (df_test_have_cli ())
    {
      g_autoptr(DfTestRun) run = df_test_run_cli_args (f->db_path, NULL, NULL, "agent", "run", "very", "colours", NULL);

      df_test_assert_run_ok (run);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.show-issues", NULL));
      ui_test_wait_until (panel_settled, panel, WAIT_MS);
      g_assert_cmpuint (count_rows (runs_list (panel)), ==, 2);
      row = gtk_list_box_get_row_at_index (runs_list (panel), 0);
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "3 issues"));
      /* The run shown stays the one chosen; the new one, chosen. */
      g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 0);
      gtk_widget_grab_focus (GTK_WIDGET (row));
      gtk_list_box_select_row (runs_list (panel), row);
      ui_test_wait_until (panel_settled, panel, WAIT_MS);
      g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 3);
      /* The list of runs stayed, the keyboard on the run chosen. */
      g_assert_true (gtk_list_box_get_row_at_index (runs_list (panel), 0) == row);
      g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == GTK_WIDGET (row));
    }
}

/* An agent plugin that crashes: its run fails with a message naming it
 * (it ran in the helper process), and the window goes on: the writer
 * types, and the next check runs. */
static void
test_plugin_crashes (Fixture       *f,
                     gconstpointer  data)
{
  DfProjectView *view;
  DfIssuesPanel *panel;
  GtkListBoxRow *row;
  g_autofree char *text = NULL;

  if (ui_test_skip_without_display ())
    return;

  panel = open_panel (f, &view);
  ui_test_type (view, "CRASH-NOW ");
  gtk_widget_activate_action (GTK_WIDGET (view), "project.save", NULL);
  ui_test_wait_until (ui_test_view_saved, view, WAIT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "issues.run", "(ss)", "very", "offline"));
  ui_test_wait_until (panel_settled, panel, WAIT_MS);
  row = gtk_list_box_get_row_at_index (runs_list (panel), 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Failed: The Very agent "
                                                                                 "(io.github.draftforge.tests.VeryAgent 1.0) crashed"));
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 0);

  /* the window answers, and the plugin is still there for the next check */
  ui_test_type (view, "Still here. ");
  text = ui_test_editor_text (view);
  g_assert_nonnull (strstr (text, "Still here. "));
  g_assert_true (df_plugin_host_lookup (df_session_get_plugin_host (ui_test_app_get_session (f)),
                                        "io.github.draftforge.tests.VeryAgent")->loaded);
}

static GtkWidget *
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_containing (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
notice_shown (gpointer data)
{
  return find_label_containing (ui_test_get (data, ADW_TYPE_TOAST_OVERLAY, NULL),
                                "Very: “Morning” asked for a notice") != NULL;
}

/* A plugin's notice (df_plugin_notice), said in the helper process the
 * agent runs in, shows as a toast naming the plugin. */
static void
test_plugin_notice (Fixture       *f,
                    gconstpointer  data)
{
  DfProjectView *view;
  DfIssuesPanel *panel;

  if (ui_test_skip_without_display ())
    return;

  panel = open_panel (f, &view);
  ui_test_type (view, "NOTICE-ME ");
  gtk_widget_activate_action (GTK_WIDGET (view), "project.save", NULL);
  ui_test_wait_until (ui_test_view_saved, view, WAIT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "issues.run", "(ss)", "very", "offline"));
  ui_test_wait_until (panel_settled, panel, WAIT_MS);
  ui_test_wait_until (notice_shown, f->window, WAIT_MS);
}

/* Tab from the Check button reaches the runs, an issue and its Dismiss. */
static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  DfProjectView *view;
  DfIssuesPanel *panel;
  g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);
  GtkWidget *dismiss, *first_issue, *run_row;

  if (ui_test_skip_without_display ())
    return;

  panel = open_panel (f, &view);
  run_and_wait (panel, "very");
  ui_test_flush ();
  dismiss = ui_test_get (issue_row (panel, 0), GTK_TYPE_BUTTON, "issue-dismiss");
  first_issue = issue_row (panel, 0);
  run_row = GTK_WIDGET (gtk_list_box_get_row_at_index (runs_list (panel), 0));

  df_issues_panel_focus (panel);
  for (guint i = 0; i < 40; i++)
    {
      GtkWidget *focus;

      gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      if (focus != NULL)
        g_hash_table_add (reached, focus);
    }
  g_assert_true (g_hash_table_contains (reached, run_row));
  g_assert_true (g_hash_table_contains (reached, first_issue));
  g_assert_true (g_hash_table_contains (reached, dismiss));

  /* Delete on an issue dismisses it, and the keyboard stays in the list. */
  gtk_widget_grab_focus (first_issue);
  g_assert_true (ui_test_press_shortcut (first_issue, GDK_KEY_Delete, 0));
  ui_test_flush ();
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 2);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_WIDGET (issues_list (panel))));
  /* In the editor Delete is the editor's: no issue goes. */
  ui_test_press_shortcut (df_project_view_get_editor (view), GDK_KEY_Delete, 0);
  ui_test_flush ();
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, 2);
}

/* The quote of an issue flagged on @words in @text, as its row shows it. */
static char *
quote_shown (const char *text,
             const char *words)
{
  DfAgentIssue *issue = df_agent_issue_new (DF_ISSUE_WARNING, "style", 1, 1, "A word", NULL, 1.0);
  GtkWidget *row;
  char *label;

  df_agent_issue_set_span (issue, text, strstr (text, words) - text, strlen (words));
  row = g_object_ref_sink (df_issue_row_new (issue, 1, NULL, FALSE));
  label = g_strdup (row_quote (row));
  g_object_unref (row);
  return label;
}

/* Words between the book's own quotation marks show those, not ours
 * around them as well; other words show in ours. */
static void
test_quote_marks (void)
{
  g_autofree char *dialogue = NULL, *single = NULL, *cut = NULL, *narration = NULL;

  if (ui_test_skip_without_display ())
    return;
  dialogue = quote_shown ("\"My dear Mr. Bennet,\" said his lady.", "dear");
  g_assert_cmpstr (dialogue, ==, "&quot;My <b>dear</b> Mr. Bennet,&quot; said his lady.");
  single = quote_shown ("She said “very well”", "very");
  g_assert_cmpstr (single, ==, "She said “<b>very</b> well”");
  /* Cut short at the end: the ellipsis is the last character. */
  cut = quote_shown ("\"Very,\" she said, and the very long sentence went on and on past the end.", "Very");
  g_assert_true (g_str_has_prefix (cut, "&quot;<b>Very</b>,&quot; she said"));
  g_assert_true (g_str_has_suffix (cut, "…"));
  narration = quote_shown ("It was a very cold day.", "very");
  g_assert_cmpstr (narration, ==, "“It was a <b>very</b> cold day.”");
}

#define UI_TEST(path, func) \
  g_test_add ((path), UiTestApp, NULL, ui_test_app_set_up, (func), ui_test_app_tear_down)

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui-issues/locate", test_locate);
  g_test_add_func ("/ui-issues/quote-marks", test_quote_marks);
  UI_TEST ("/ui-issues/run-jump-dismiss", test_run_jump_dismiss);
  UI_TEST ("/ui-issues/on-purpose", test_on_purpose);
  UI_TEST ("/ui-issues/continuity-agent", test_continuity_agent);
  UI_TEST ("/ui-issues/text-changed", test_text_changed);
  UI_TEST ("/ui-issues/scrolls-to-words", test_scrolls_to_words);
  UI_TEST ("/ui-issues/stop", test_stop);
  UI_TEST ("/ui-issues/model-fails", test_model_fails);
  UI_TEST ("/ui-issues/plugin-crashes", test_plugin_crashes);
  UI_TEST ("/ui-issues/keyboard", test_keyboard);
  UI_TEST ("/ui-issues/plugin-notice", test_plugin_notice);
  return g_test_run ();
}
