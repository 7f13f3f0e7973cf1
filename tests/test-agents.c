/* test-agents.c: agents run from the command line, their runs read back,
 * findings dismissed and brought back, and the schema that keeps them
 *
 * The agent is the tests' "very" plugin (fixtures/ui-plugins/very-agent):
 * every whole word "very" is a finding with its exact span.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-agent-runs.h"
#include "df-store-private.h"
#include "df-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = df_test_tmp_dir_new ("agents");
  f->db = g_build_filename (f->dir, "draftforge.db", NULL);
  df_test_add_project (f->db, "Cold",
                       "One", "It was very cold.\nA very, very long day.\n",
                       "Two", "Nothing here.\n\n```\nvery in code\n```\n\nvery",
                       NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  df_test_tmp_dir_free (f->dir);
  g_free (f->db);
}

#define CLI(f, ...) df_test_run_cli_args ((f)->db, NULL, NULL, __VA_ARGS__, NULL)

/* The JSON object `agent run --json` or `agent show --json` printed. */
static JsonObject *
run_object (const DfTestRun *run,
            JsonNode       **root_out)
{
  df_test_assert_run_ok (run);
  *root_out = df_test_run_json (run);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*root_out));
  return json_node_get_object (*root_out);
}

static JsonArray *
issues_of (JsonObject *run)
{
  g_assert_true (json_object_has_member (run, "issues"));
  return json_object_get_array_member (run, "issues");
}

/* ---- agent list and run ------------------------------------------------- */

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *agents;
  gboolean found = FALSE;

  if (!df_test_have_cli ())
    return;
  run = CLI (f, "agent", "list", "--json");
  df_test_assert_run_ok (run);
  root = df_test_run_json (run);
  agents = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (agents); i++)
    {
      JsonObject *agent = json_array_get_object_element (agents, i);

      if (g_strcmp0 (json_object_get_string_member (agent, "agent"), "very") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (agent, "name"), ==, "Very");
          g_assert_cmpstr (json_object_get_string_member (agent, "plugin"), ==,
                           "io.github.draftforge.tests.VeryAgent");
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_run_json (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *issues;
  JsonObject *issue;
  JsonArray *evidence;

  if (!df_test_have_cli ())
    return;
  run = CLI (f, "agent", "run", "very", "cold", "--json");
  object = run_object (run, &root);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "completed");
  g_assert_cmpstr (json_object_get_string_member (object, "agent"), ==, "very");
  issues = issues_of (object);
  /* three in chapter 1, two in chapter 2 (the fixture agent does not skip
   * code: that is the real agents' business) */
  g_assert_cmpuint (json_array_get_length (issues), ==, 5);

  issue = json_array_get_object_element (issues, 2);
  g_assert_cmpint (json_object_get_int_member (issue, "number"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (issue, "agent"), ==, "very");
  g_assert_cmpstr (json_object_get_string_member (issue, "check"), ==, "very");
  g_assert_cmpstr (json_object_get_string_member (issue, "category"), ==, "wordiness");
  g_assert_cmpstr (json_object_get_string_member (issue, "severity"), ==, "warning");
  g_assert_cmpint (json_object_get_int_member (issue, "chapter"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (issue, "chapter_title"), ==, "One");
  g_assert_cmpint (json_object_get_int_member (issue, "line"), ==, 2);
  /* "It was very cold.\nA very, very" : the second "very" of line 2 */
  g_assert_cmpint (json_object_get_int_member (issue, "offset"), ==, strlen ("It was very cold.\nA very, "));
  g_assert_cmpint (json_object_get_int_member (issue, "length"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (issue, "quote"), ==, "very");
  g_assert_cmpstr (json_object_get_string_member (issue, "suggestion"), ==, "(cut it)");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (issue, "confidence"), 0.9, 1e-9);
  evidence = json_object_get_array_member (issue, "evidence");
  g_assert_cmpuint (json_array_get_length (evidence), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (evidence, 0), "chapter"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (evidence, 0), "line"), ==, 2);

  issue = json_array_get_object_element (issues, 3);
  g_assert_cmpint (json_object_get_int_member (issue, "chapter"), ==, 2);
}

static void
test_run_text (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DfTestRun) run = NULL;

  if (!df_test_have_cli ())
    return;
  run = CLI (f, "agent", "run", "very", "cold");
  df_test_assert_run_ok (run);
  df_test_assert_contains (run->out, "Chapter 1: One");
  df_test_assert_contains (run->out, "Chapter 2: Two");
  df_test_assert_contains (run->out, "line 2  warning  “very” rarely adds anything  “very”  (try: (cut it))");
  df_test_assert_contains (run->out, "Run 1 of very: 5 issues");
}

/* A plugin's notice (df_plugin_notice), said in the helper process where
 * the agent runs, reaches the command line's standard error with the
 * plugin's id; the run itself goes on. */
static void
test_run_notice (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(DfTestRun) write = NULL;

  if (!df_test_have_cli ())
    return;
  write = df_test_run_cli_args (f->db, NULL, "Please NOTICE-ME, very much.\n", "chapter", "write", "cold", "2", NULL);
  df_test_assert_run_ok (write);
  run = CLI (f, "agent", "run", "very", "cold");
  g_assert_cmpint (run->status, ==, 0);
  df_test_assert_contains (run->err, "io.github.draftforge.tests.VeryAgent: “Two” asked for a notice");
  df_test_assert_contains (run->out, "Run 1 of very: 4 issues");
}

/* A plugin whose manifest does not ask for the "ai" permission may not
 * load the AI provider's settings: its run fails with a message naming
 * it and the permission, and nothing of the provider reaches it. */
static void
test_run_without_ai (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(DfTestRun) write = NULL;

  if (!df_test_have_cli ())
    return;
  write = df_test_run_cli_args (f->db, NULL, "ASK-THE-MODEL, very.\n", "chapter", "write", "cold", "2", NULL);
  df_test_assert_run_ok (write);
  run = CLI (f, "agent", "run", "very", "cold");
  g_assert_cmpint (run->status, !=, 0);
  df_test_assert_contains (run->err, "The plugin “Very” (io.github.draftforge.tests.VeryAgent) tried to do what it "
                                     "did not ask for when it was installed: the “ai” permission");
}

static void
test_run_chapter (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(DfTestRun) runs = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) runs_root = NULL;
  JsonObject *object;
  JsonObject *listed;

  if (!df_test_have_cli ())
    return;
  run = CLI (f, "agent", "run", "very", "cold", "--chapter", "2", "--json");
  object = run_object (run, &root);
  g_assert_cmpint (json_object_get_int_member (object, "chapter"), ==, 2);
  g_assert_cmpuint (json_array_get_length (issues_of (object)), ==, 2);

  runs = CLI (f, "agent", "runs", "cold", "--json");
  df_test_assert_run_ok (runs);
  runs_root = df_test_run_json (runs);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (runs_root)), ==, 1);
  listed = json_array_get_object_element (json_node_get_array (runs_root), 0);
  g_assert_cmpint (json_object_get_int_member (listed, "chapter"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (listed, "issue_count"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (listed, "status"), ==, "completed");
}

/* A run that fails says why, exits 1, and is listed as failed. */
static void
test_run_fails (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(DfTestRun) runs = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *listed;

  if (!df_test_have_cli ())
    return;
  run = CLI (f, "agent", "run", "very", "cold", "--mode", "model");
  df_test_assert_run_fails (run, 1, "no model here");

  runs = CLI (f, "agent", "runs", "cold", "--json");
  df_test_assert_run_ok (runs);
  root = df_test_run_json (runs);
  listed = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (listed, "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (listed, "error"), ==, "no model here");
}

static void
test_bad_usage (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DfTestRun) mode = NULL;
  g_autoptr(DfTestRun) agent = NULL;
  g_autoptr(DfTestRun) project = NULL;
  g_autoptr(DfTestRun) chapter = NULL;
  g_autoptr(DfTestRun) show = NULL;

  if (!df_test_have_cli ())
    return;
  mode = CLI (f, "agent", "run", "very", "cold", "--mode", "psychic");
  df_test_assert_run_fails (mode, 2, "Unknown mode “psychic”: use offline or model");
  agent = CLI (f, "agent", "run", "nosuch", "cold");
  df_test_assert_run_fails (agent, 1, "There is no agent “nosuch”: see “draftforge-cli agent list”");
  project = CLI (f, "agent", "run", "very", "nosuch");
  df_test_assert_run_fails (project, 1, "No project “nosuch”");
  chapter = CLI (f, "agent", "run", "very", "cold", "--chapter", "9");
  df_test_assert_run_fails (chapter, 1, "9");
  show = CLI (f, "agent", "show", "42");
  df_test_assert_run_fails (show, 1, "No agent run 42");
}

/* ---- plugins that fail ---------------------------------------------------- */

/* A plugin whose check crashes, or never ends, fails that run with a
 * message naming it; the command line, the database and the next run
 * are fine. */
static void
test_run_crash (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DfTestRun) write = NULL;
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(DfTestRun) runs = NULL;
  g_autoptr(DfTestRun) check = NULL;
  g_autoptr(DfTestRun) again = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *last;
  const char *text = data;

  if (!df_test_have_cli ())
    return;
  write = df_test_run_cli_args (f->db, NULL, text, "chapter", "write", "cold", "2", NULL);
  df_test_assert_run_ok (write);

  run = df_test_run_cli_args (f->db, DF_TEST_STRV ("DRAFTFORGE_PLUGIN_TIME_LIMIT=2"), NULL,
                              "agent", "run", "very", "cold", NULL);
  df_test_assert_run_fails (run, 1, "The Very agent (io.github.draftforge.tests.VeryAgent 1.0)");
  if (strstr (text, "LOOP") != NULL)
    df_test_assert_contains (run->err, "took longer than the 2 seconds allowed and was stopped");
  else
    df_test_assert_contains (run->err, "crashed");
  df_test_assert_contains (run->err, "Your book is untouched.");

  runs = CLI (f, "agent", "runs", "cold", "--json");
  df_test_assert_run_ok (runs);
  root = df_test_run_json (runs);
  last = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (last, "status"), ==, "failed");
  df_test_assert_contains (json_object_get_string_member (last, "error"), "io.github.draftforge.tests.VeryAgent");

  /* the plugin is not turned off (its crash took only the helper down),
   * and the book reads back whole */
  check = CLI (f, "chapter", "cat", "cold", "1");
  df_test_assert_run_ok (check);
  g_assert_cmpstr (check->out, ==, "It was very cold.\nA very, very long day.\n");
  again = CLI (f, "agent", "run", "very", "cold", "--chapter", "1");
  df_test_assert_run_ok (again);
  df_test_assert_contains (again->out, "3 issues");

  /* The plugin's health (the plugin page, plugin info) names the failed
   * run and counts the one that completed. */
  {
    g_autoptr(DfTestRun) info = CLI (f, "plugin", "info", "io.github.draftforge.tests.VeryAgent", "--json");
    g_autoptr(JsonNode) health = NULL;
    JsonObject *object;

    df_test_assert_run_ok (info);
    health = df_test_run_json (info);
    object = json_node_get_object (health);
    df_test_assert_contains (json_object_get_string_member (object, "last_failure"),
                             "The Very agent (io.github.draftforge.tests.VeryAgent 1.0)");
    g_assert_cmpint (json_object_get_int_member (object, "jobs"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (object, "crashes"), ==, 0);
  }
}

/* ---- dismiss and forget ------------------------------------------------- */

static void
test_dismiss (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DfTestRun) first = NULL;
  g_autoptr(DfTestRun) dismiss = NULL;
  g_autoptr(DfTestRun) show = NULL;
  g_autoptr(DfTestRun) again = NULL;
  g_autoptr(DfTestRun) forget = NULL;
  g_autoptr(DfTestRun) after = NULL;
  g_autoptr(DfTestRun) bad = NULL;
  g_autoptr(JsonNode) show_root = NULL;
  g_autoptr(JsonNode) again_root = NULL;
  g_autoptr(JsonNode) after_root = NULL;
  JsonArray *issues;

  if (!df_test_have_cli ())
    return;
  first = CLI (f, "agent", "run", "very", "cold");
  df_test_assert_run_ok (first);

  /* the first "very" of "A very, very long day.": its neighbour, the
   * same word on the same line, stays */
  dismiss = CLI (f, "agent", "dismiss", "1", "2");
  df_test_assert_run_ok (dismiss);
  df_test_assert_contains (dismiss->out, "Dismissed: “very” rarely adds anything");

  show = CLI (f, "agent", "show", "1", "--json");
  issues = issues_of (run_object (show, &show_root));
  g_assert_cmpuint (json_array_get_length (issues), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (issues, 1), "offset"), ==,
                   strlen ("It was very cold.\nA very, "));

  again = CLI (f, "agent", "run", "very", "cold", "--json");
  issues = issues_of (run_object (again, &again_root));
  g_assert_cmpuint (json_array_get_length (issues), ==, 4);
  for (guint i = 0; i < json_array_get_length (issues); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (issues, i), "offset"), !=,
                     strlen ("It was very cold.\nA "));

  bad = CLI (f, "agent", "dismiss", "1", "9");
  df_test_assert_run_fails (bad, 2, "issue must be a whole number from 1 to 4");

  forget = CLI (f, "agent", "forget", "cold");
  df_test_assert_run_ok (forget);
  df_test_assert_contains (forget->out, "1 dismissed finding will show again");
  after = CLI (f, "agent", "run", "very", "cold", "--json");
  g_assert_cmpuint (json_array_get_length (issues_of (run_object (after, &after_root))), ==, 5);
}

/* The dismissal still holds after the text around changes elsewhere in
 * the chapter. */
static void
test_dismiss_survives_edit (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(DfTestRun) first = NULL;
  g_autoptr(DfTestRun) dismiss = NULL;
  g_autoptr(DfTestRun) write = NULL;
  g_autoptr(DfTestRun) again = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *issues;

  if (!df_test_have_cli ())
    return;
  first = CLI (f, "agent", "run", "very", "cold");
  df_test_assert_run_ok (first);
  dismiss = CLI (f, "agent", "dismiss", "1", "1");
  df_test_assert_run_ok (dismiss);
  write = df_test_run_cli_args (f->db, NULL,
                                "A new first line.\n\nIt was very cold.\nA very, very long day.\n",
                                "chapter", "write", "cold", "1", NULL);
  df_test_assert_run_ok (write);
  again = CLI (f, "agent", "run", "very", "cold", "--json");
  issues = issues_of (run_object (again, &root));
  g_assert_cmpuint (json_array_get_length (issues), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (issues, 0), "line"), ==, 4);
}

/* ---- the core: issues as JSON and back ---------------------------------- */

static void
test_json_round_trip (void)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) df_agent_issue_free);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const char *text = "Her \x01grey eyes\x1f were grey.";
  DfAgentIssue *issue;
  DfAgentIssue *read;

  issue = df_agent_issue_new (DF_ISSUE_ERROR, "continuity", 7, 3, "Eyes changed", NULL, 0.5);
  issue->agent = g_strdup ("continuity");
  df_agent_issue_set_check (issue, "eye-colour");
  df_agent_issue_set_span (issue, text, 5, 9);
  df_agent_issue_add_evidence (issue, 2, 12, "her green eyes");
  df_agent_issue_set_data (issue, "{\"entry\":\"Mara\",\"field\":\"eyes\"}");
  g_ptr_array_add (issues, issue);

  json = df_agent_issues_to_json (issues);
  back = df_agent_issues_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 1);
  read = back->pdata[0];
  g_assert_cmpint (read->severity, ==, DF_ISSUE_ERROR);
  g_assert_cmpstr (read->check, ==, "eye-colour");
  g_assert_cmpint (read->offset, ==, 5);
  g_assert_cmpint (read->length, ==, 9);
  g_assert_cmpstr (read->quote, ==, "grey eyes");
  /* control characters cannot go into JSON raw: they come back as spaces */
  g_assert_cmpstr (read->context, ==, "Her  grey eyes  were grey.");
  g_assert_cmpint (read->context_offset, ==, 5);
  g_assert_cmpuint (read->evidence->len, ==, 1);
  g_assert_cmpstr (((DfAgentEvidence *) read->evidence->pdata[0])->quote, ==, "her green eyes");
  g_assert_cmpint (((DfAgentEvidence *) read->evidence->pdata[0])->line, ==, 12);
  g_assert_cmpstr (read->data, ==, "{\"entry\":\"Mara\",\"field\":\"eyes\"}");
}

/* ---- the schema ---------------------------------------------------------- */

static void
test_migrate (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DfStore) store = df_test_store_new ("migrate-agents", &dir, &path);
  g_autoptr(DfChapter) chapter = df_test_make_chapter (store, "Kept", "One", "Words kept.");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) dismissed = NULL;
  g_autoptr(DfAgentIssue) issue = df_agent_issue_new (DF_ISSUE_INFO, "x", chapter->id, 1, "m", NULL, 1);
  gint64 project_id = chapter->project_id;

  g_clear_object (&store);
  df_test_sql_exec (path, "DROP TABLE agent_dismissals; DROP INDEX agent_runs_project; PRAGMA user_version = 8");

  store = df_test_store_open (path);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (store), "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
  g_assert_true (df_agent_dismiss (store, project_id, issue, &error));
  g_assert_no_error (error);
  dismissed = df_agent_dismissed_set (store, project_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (dismissed), ==, 1);
  g_clear_pointer (&chapter, df_chapter_free);
  chapter = df_test_get_chapter (store, issue->chapter_id);
  g_assert_cmpstr (chapter->content_md, ==, "Words kept.");
  df_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/agents/cli/list", Fixture, NULL, fixture_set_up, test_list, fixture_tear_down);
  g_test_add ("/agents/cli/run-json", Fixture, NULL, fixture_set_up, test_run_json, fixture_tear_down);
  g_test_add ("/agents/cli/run-text", Fixture, NULL, fixture_set_up, test_run_text, fixture_tear_down);
  g_test_add ("/agents/cli/without-ai", Fixture, NULL, fixture_set_up, test_run_without_ai, fixture_tear_down);
  g_test_add ("/agents/cli/notice", Fixture, NULL, fixture_set_up, test_run_notice, fixture_tear_down);
  g_test_add ("/agents/cli/run-chapter", Fixture, NULL, fixture_set_up, test_run_chapter, fixture_tear_down);
  g_test_add ("/agents/cli/run-fails", Fixture, NULL, fixture_set_up, test_run_fails, fixture_tear_down);
  g_test_add ("/agents/cli/bad-usage", Fixture, NULL, fixture_set_up, test_bad_usage, fixture_tear_down);
  g_test_add ("/agents/cli/dismiss", Fixture, NULL, fixture_set_up, test_dismiss, fixture_tear_down);
  g_test_add ("/agents/cli/plugin-crashes", Fixture, "CRASH-NOW", fixture_set_up, test_run_crash, fixture_tear_down);
  g_test_add ("/agents/cli/plugin-hangs", Fixture, "LOOP-FOREVER", fixture_set_up, test_run_crash,
              fixture_tear_down);
  g_test_add ("/agents/cli/dismiss-survives-edit", Fixture, NULL, fixture_set_up, test_dismiss_survives_edit,
              fixture_tear_down);
  g_test_add_func ("/agents/json-round-trip", test_json_round_trip);
  g_test_add_func ("/store/migrate/agents", test_migrate);

  return g_test_run ();
}
