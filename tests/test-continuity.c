/* test-continuity.c: the continuity agent, offline, on a short novel of
 * our own with contradictions planted and traps that must not be flagged
 *
 * fixtures/continuity/ holds five chapters.  Planted: Harrowgate east of
 * the river, then west (chapter 3); Mara's grey eyes turn green, Mara
 * nineteen then seventeen, Edda dead in chapter 2 smiling, and "Tobais"
 * for Tobias (chapter 4); Orrin's knife lost then drawn (chapter 5).
 * Traps: Mara's hair dyed red in chapter 3 (a progression explains it),
 * Tobias's ring lost then found before he holds it, what characters say
 * in dialogue ("Orrin has red hair," Tomas lied), Tomas and Tobias both
 * entries, "the late Edda" after her death, and Mara's blue eyes in a
 * code block.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-codex.h"
#include "df-test-util.h"

typedef struct
{
  char   *dir;
  char   *db;
  char   *slug;
  gint64  project_id;
} Fixture;

static const char * const chapter_files[] = {
  "01-the-mill.md", "02-ashes.md", "03-the-dye.md", "04-green.md", "05-steel.md",
};

static DfCodexEntry *
add_entry (DfStore            *store,
           gint64              project_id,
           const char         *kind,
           const char         *name,
           const char * const *aliases)
{
  g_autoptr(GError) error = NULL;
  DfCodexEntry *entry = df_codex_entry_create (store, project_id, kind, name, aliases, NULL, &error);

  g_assert_no_error (error);
  return entry;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfCodexEntry) mara = NULL;
  g_autoptr(DfCodexProgression) dyed = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = df_test_tmp_dir_new ("continuity");
  f->db = g_build_filename (f->dir, "draftforge.db", NULL);
  store = df_test_store_open (f->db);
  project = df_test_make_project (store, "The Mill", NULL);
  f->slug = g_strdup (project->slug);
  f->project_id = project->id;

  for (guint i = 0; i < G_N_ELEMENTS (chapter_files); i++)
    {
      g_autofree char *relative = g_build_filename ("continuity", chapter_files[i], NULL);
      g_autofree char *path = df_test_fixture_path (relative);
      g_autofree char *text = df_test_read_file (path, NULL);
      g_autoptr(DfChapter) chapter = df_test_append_chapter (store, project->id, 0, chapter_files[i], text);
    }

  mara = add_entry (store, project->id, "character", "Mara", DF_TEST_STRV ("Mara Vell"));
  g_clear_pointer (&mara, df_codex_entry_free);
  mara = df_codex_entry_find (store, project->id, "Mara", FALSE, &error);
  g_assert_no_error (error);
  df_codex_entry_free (add_entry (store, project->id, "character", "Tobias", NULL));
  df_codex_entry_free (add_entry (store, project->id, "character", "Tomas", NULL));
  df_codex_entry_free (add_entry (store, project->id, "character", "Edda", NULL));
  df_codex_entry_free (add_entry (store, project->id, "character", "Orrin", NULL));
  df_codex_entry_free (add_entry (store, project->id, "location", "Harrowgate", NULL));
  dyed = df_codex_progression_add (store, mara->id, 3, "hair", "red", "She dyes it", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  df_test_tmp_dir_free (f->dir);
  g_free (f->db);
  g_free (f->slug);
}

/* `agent run continuity` with @extra arguments: its issues. */
static JsonNode *
run_check (Fixture    *f,
           const char *extra)
{
  g_autoptr(DfTestRun) run = NULL;
  JsonNode *root;

  if (extra != NULL)
    run = df_test_run_cli_args (f->db, NULL, NULL, "agent", "run", "continuity", f->slug, "--json", "--chapter",
                                extra, NULL);
  else
    run = df_test_run_cli_args (f->db, NULL, NULL, "agent", "run", "continuity", f->slug, "--json", NULL);
  df_test_assert_run_ok (run);
  root = df_test_run_json (run);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "status"), ==, "completed");
  return root;
}

static JsonArray *
issues_of (JsonNode *root)
{
  return json_object_get_array_member (json_node_get_object (root), "issues");
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* "check@chapter" for each issue, sorted, joined with spaces. */
static char *
found (JsonArray *issues)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (issues); i++)
    {
      JsonObject *issue = json_array_get_object_element (issues, i);

      gint64 chapter = json_object_get_null_member (issue, "chapter") ? 0
                                                                      : json_object_get_int_member (issue, "chapter");

      g_ptr_array_add (names, g_strdup_printf ("%s@%" G_GINT64_FORMAT,
                                               json_object_get_string_member (issue, "check"), chapter));
    }
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static JsonObject *
issue_with_check (JsonArray  *issues,
                  const char *check)
{
  for (guint i = 0; i < json_array_get_length (issues); i++)
    {
      JsonObject *issue = json_array_get_object_element (issues, i);
      if (g_strcmp0 (json_object_get_string_member (issue, "check"), check) == 0)
        return issue;
    }
  g_assert_not_reached ();
}

/* Every planted contradiction found, and nothing else. */
static void
test_planted (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *all = NULL;

  if (!df_test_have_cli ())
    return;
  root = run_check (f, NULL);
  all = found (issues_of (root));
  g_assert_cmpstr (all, ==, "age@4 alive@4 eyes@4 name-variant@4 place@3 possession@5");
}

/* What each finding says and shows: the words, the line, both passages. */
static void
test_evidence (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *issues;
  JsonObject *eyes;
  JsonObject *variant;
  JsonArray *evidence;
  JsonObject *details;

  if (!df_test_have_cli ())
    return;
  root = run_check (f, NULL);
  issues = issues_of (root);

  eyes = issue_with_check (issues, "eyes");
  g_assert_cmpstr (json_object_get_string_member (eyes, "agent"), ==, "continuity");
  g_assert_cmpstr (json_object_get_string_member (eyes, "category"), ==, "continuity");
  g_assert_cmpstr (json_object_get_string_member (eyes, "quote"), ==, "green eyes");
  g_assert_cmpint (json_object_get_int_member (eyes, "line"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (eyes, "message"), ==,
                   "Mara's eyes are green here, but grey in chapter 1");
  evidence = json_object_get_array_member (eyes, "evidence");
  g_assert_cmpuint (json_array_get_length (evidence), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (evidence, 0), "chapter"), ==, 1);
  df_test_assert_contains (json_object_get_string_member (json_array_get_object_element (evidence, 0), "quote"),
                           "Mara Vell had grey eyes");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (evidence, 1), "chapter"), ==, 4);
  df_test_assert_contains (json_object_get_string_member (json_array_get_object_element (evidence, 1), "quote"),
                           "Mara's green eyes narrowed at the letter");
  details = json_object_get_object_member (eyes, "data");
  g_assert_cmpstr (json_object_get_string_member (details, "entry"), ==, "Mara");
  g_assert_cmpstr (json_object_get_string_member (details, "field"), ==, "eyes");
  g_assert_cmpstr (json_object_get_string_member (details, "value"), ==, "green");
  g_assert_cmpint (json_object_get_int_member (details, "from_chapter"), ==, 4);

  variant = issue_with_check (issues, "name-variant");
  g_assert_cmpstr (json_object_get_string_member (variant, "quote"), ==, "Tobais");
  g_assert_cmpstr (json_object_get_string_member (variant, "suggestion"), ==, "Tobias");
}

/* "This changed on purpose": a progression from the chapter of the
 * change, and the finding does not come back. */
static void
test_progression_explains (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfCodexEntry) mara = NULL;
  g_autoptr(DfCodexEntry) edda = NULL;
  g_autoptr(DfCodexProgression) eyes = NULL;
  g_autoptr(DfCodexProgression) alive = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;

  if (!df_test_have_cli ())
    return;
  store = df_test_store_open (f->db);
  mara = df_codex_entry_find (store, f->project_id, "Mara", FALSE, &error);
  g_assert_no_error (error);
  edda = df_codex_entry_find (store, f->project_id, "Edda", FALSE, &error);
  g_assert_no_error (error);
  eyes = df_codex_progression_add (store, mara->id, 4, "Eye colour", "green", "a spell", &error);
  g_assert_no_error (error);
  alive = df_codex_progression_add (store, edda->id, 4, "alive", "alive", "brought back", &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  root = run_check (f, NULL);
  all = found (issues_of (root));
  g_assert_cmpstr (all, ==, "age@4 name-variant@4 place@3 possession@5");
}

/* One chapter: the whole book is read, that chapter's findings given. */
static void
test_one_chapter (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *all = NULL;

  if (!df_test_have_cli ())
    return;
  root = run_check (f, "4");
  all = found (issues_of (root));
  g_assert_cmpstr (all, ==, "age@4 alive@4 eyes@4 name-variant@4");
}

/* ---- with a model (the tests' fake provider) ------------------------------ */

/* One finding whose quotes are in the book, one with an invented quote,
 * one the offline check found already. */
static const char model_answer[] =
  "{\"issues\": ["
  "{\"chapter\": 2, \"quote\": \"Tobias carried water until his hands bled\", \"earlier_chapter\": 1,"
  " \"earlier_quote\": \"Tobias laughed at the wheel\", \"entry\": \"Tobias\", \"category\": \"timeline\","
  " \"message\": \"Tobias carries water on the night he was ill in bed\", \"confidence\": 0.6},"
  "{\"chapter\": 3, \"quote\": \"Mara's violet eyes\", \"earlier_chapter\": 1,"
  " \"earlier_quote\": \"Mara Vell had grey eyes\", \"entry\": \"Mara\", \"category\": \"eyes\","
  " \"message\": \"Mara's eyes change colour\", \"confidence\": 0.9},"
  "{\"chapter\": 4, \"quote\": \"green eyes\", \"earlier_chapter\": 1, \"earlier_quote\": \"grey eyes\","
  " \"entry\": \"Mara\", \"category\": \"eyes\", \"message\": \"Green, not grey\", \"confidence\": 0.9}"
  "]}";

static DfTestRun *
run_model (Fixture    *f,
           const char *base_url)
{
  g_autofree char *url = g_strconcat ("DRAFTFORGE_AI_BASE_URL=", base_url, NULL);

  return df_test_run_cli_args (f->db, DF_TEST_STRV (url, "DRAFTFORGE_AI_MODEL=fake-model", "DRAFTFORGE_API_KEY"),
                               NULL, "agent", "run", "continuity", f->slug, "--mode", "model", "--json", NULL);
}

static void
test_model_mode (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FakeProvider) provider = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *body = NULL;
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) credits = NULL;
  g_autofree char *all = NULL;
  JsonArray *issues;
  JsonObject *kept;
  JsonObject *dropped;
  JsonObject *call;

  if (!df_test_have_cli ())
    return;
  df_test_add_profile (f->db, "Ann");
  provider = df_test_fake_provider_new (&base_url);
  fake_provider_set_reply (provider, model_answer);
  fake_provider_set_usage (provider, 900, 120);

  run = run_model (f, base_url);
  df_test_assert_run_ok (run);
  root = df_test_run_json (run);
  issues = issues_of (root);
  all = found (issues);
  /* the offline findings, the model's one kept, and the count of those
   * dropped (its eyes in chapter 4 were found offline already) */
  g_assert_cmpstr (all, ==, "age@4 alive@4 eyes@4 model-dropped@0 name-variant@4 place@3 possession@5 timeline@2");
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 1);

  kept = issue_with_check (issues, "timeline");
  g_assert_cmpstr (json_object_get_string_member (kept, "quote"), ==, "Tobias carried water until his hands bled");
  g_assert_cmpint (json_object_get_int_member (kept, "line"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (kept, "message"), ==,
                   "Tobias carries water on the night he was ill in bed");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (kept, "evidence")), ==, 2);
  dropped = issue_with_check (issues, "model-dropped");
  g_assert_cmpstr (json_object_get_string_member (dropped, "severity"), ==, "info");
  g_assert_cmpstr (json_object_get_string_member (dropped, "message"), ==,
                   "The model gave 1 finding whose words are not in the book; it was left out");

  /* the request carried the codex and the chapters, never the key */
  body = fake_provider_get_last_body (provider);
  df_test_assert_contains (body, "Tobias (character)");
  df_test_assert_contains (body, "From chapter 3 on, on purpose: hair is red");
  df_test_assert_contains (body, "## Chapter 4: 04-green.md");

  /* the call was charged to the profile, as reported */
  history = df_test_run_cli_json (f->db, "credits", "history", "--json", NULL);
  call = json_array_get_object_element (json_node_get_array (history), 0);
  g_assert_cmpstr (json_object_get_string_member (call, "agent"), ==, "continuity");
  g_assert_cmpstr (json_object_get_string_member (call, "status"), ==, "success");
  g_assert_cmpint (json_object_get_int_member (call, "prompt_tokens"), ==, 900);
  credits = df_test_run_cli_json (f->db, "credits", "show", "--json", NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (credits), "tokens_used"), ==, 1020);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (credits), "tokens_reserved"), ==, 0);
}

/* A 429 is waited out and retried, as for the coach. */
static void
test_model_rate_limited (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FakeProvider) provider = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!df_test_have_cli ())
    return;
  df_test_add_profile (f->db, "Ann");
  provider = df_test_fake_provider_new (&base_url);
  fake_provider_set_reply (provider, model_answer);
  fake_provider_set_fault (provider, FAKE_FAULT_RATE_LIMIT, 0, 1);

  run = run_model (f, base_url);
  df_test_assert_run_ok (run);
  root = df_test_run_json (run);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "status"), ==, "completed");
  issue_with_check (issues_of (root), "timeline");
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 2);
}

/* A stream cut off: the run fails, is kept as failed, and charges nothing. */
static void
test_model_cut (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FakeProvider) provider = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(JsonNode) runs = NULL;
  g_autoptr(JsonNode) credits = NULL;
  JsonObject *last;

  if (!df_test_have_cli ())
    return;
  df_test_add_profile (f->db, "Ann");
  provider = df_test_fake_provider_new (&base_url);
  fake_provider_set_reply (provider, model_answer);
  fake_provider_set_fault (provider, FAKE_FAULT_CUT, 1, G_MAXUINT);

  run = run_model (f, base_url);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  df_test_assert_contains (run->err, "draftforge-cli: ");

  runs = df_test_run_cli_json (f->db, "agent", "runs", f->slug, "--json", NULL);
  last = json_array_get_object_element (json_node_get_array (runs), 0);
  g_assert_cmpstr (json_object_get_string_member (last, "status"), ==, "failed");
  credits = df_test_run_cli_json (f->db, "credits", "show", "--json", NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (credits), "tokens_used"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (credits), "tokens_reserved"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/continuity/planted", Fixture, NULL, fixture_set_up, test_planted, fixture_tear_down);
  g_test_add ("/continuity/evidence", Fixture, NULL, fixture_set_up, test_evidence, fixture_tear_down);
  g_test_add ("/continuity/progression-explains", Fixture, NULL, fixture_set_up, test_progression_explains,
              fixture_tear_down);
  g_test_add ("/continuity/one-chapter", Fixture, NULL, fixture_set_up, test_one_chapter, fixture_tear_down);
  g_test_add ("/continuity/model/kept-and-dropped", Fixture, NULL, fixture_set_up, test_model_mode,
              fixture_tear_down);
  g_test_add ("/continuity/model/rate-limited", Fixture, NULL, fixture_set_up, test_model_rate_limited,
              fixture_tear_down);
  g_test_add ("/continuity/model/cut", Fixture, NULL, fixture_set_up, test_model_cut, fixture_tear_down);

  return g_test_run ();
}
