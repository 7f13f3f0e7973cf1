/* test-personalize.c: level blocks, the glossary, the model rewrite and
 * its cache, credits, and the personalize commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "df-test-util.h"
#include "df-ai.h"
#include "df-codex.h"
#include "df-credits.h"
#include "df-personalize.h"
#include "df-plugin-host.h"
#include "df-reader-transform.h"
#include "df-store-private.h"

typedef struct
{
  char      *dir;
  char      *db_path;
  DfStore   *store;
  DfProfile *profile;
  gint64     project_id;
  DfChapter *chapter;
} Fixture;

static const char chapter_md[] =
  "# Variables\n"
  "\n"
  "A variable names a value. Ownership decides who frees it.\n"
  "\n"
  "::: {level=beginner}\n"
  "Think of a variable as a labelled box.\n"
  ":::\n"
  "\n"
  "::: {level=expert,intermediate}\n"
  "Bindings are immutable by default; shadowing rebinds.\n"
  ":::\n"
  "\n"
  "::: {programming=none}\n"
  "A program is a list of instructions.\n"
  ":::\n"
  "\n"
  "::: warning\n"
  "Keep this note.\n"
  ":::\n"
  "\n"
  "```rust\n"
  "::: {level=beginner}\n"
  "let x = 5;\n"
  "```\n"
  "\n"
  "See [the book](https://doc.rust-lang.org/book/) and ![a box](box.png).\n";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  DfProjectNew spec = { .title = "Learning Rust", .slug = "rust", .project_type = "technical-book" };

  g_setenv ("DRAFTFORGE_API_KEY", "sk-personalize-test", TRUE);
  g_setenv ("DRAFTFORGE_AI_TIMEOUT", "30", TRUE);
  f->store = df_test_store_new ("personalize", &f->dir, &f->db_path);
  f->profile = df_test_make_profile (f->store, "Amina");
  project = df_project_create (f->store, &spec, &error);
  g_assert_no_error (error);
  f->project_id = project->id;
  f->chapter = df_test_append_chapter (f->store, f->project_id, 0, "Variables", chapter_md);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->chapter, df_chapter_free);
  g_clear_pointer (&f->profile, df_profile_free);
  g_clear_object (&f->store);
  df_test_tmp_dir_free (f->dir);
  g_free (f->db_path);
}

static void
set_profile (Fixture    *f,
             const char *key,
             const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (df_profile_set (f->store, f->profile->id, key, value, &error));
  g_assert_no_error (error);
  g_clear_pointer (&f->profile, df_profile_free);
  f->profile = df_profile_get (f->store, "Amina", &error);
  g_assert_no_error (error);
}

static void
reload_chapter (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 id = f->chapter->id;

  df_chapter_free (f->chapter);
  f->chapter = df_chapter_get (f->store, id, &error);
  g_assert_no_error (error);
}

/* ---- level blocks ------------------------------------------------------- */

static void
test_blocks_by_profile (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *beginner = NULL;
  g_autofree char *expert = NULL;

  set_profile (f, "experience_level", "beginner");
  set_profile (f, "programming_experience", "none");
  beginner = df_personalize_choose_blocks (chapter_md, f->profile);
  g_assert_nonnull (strstr (beginner, "labelled box"));
  g_assert_null (strstr (beginner, "shadowing"));
  g_assert_nonnull (strstr (beginner, "list of instructions"));
  /* fences gone, a foreign div and the code untouched */
  g_assert_null (strstr (beginner, "::: {level=expert"));
  g_assert_nonnull (strstr (beginner, "::: warning\nKeep this note.\n:::\n"));
  g_assert_nonnull (strstr (beginner, "```rust\n::: {level=beginner}\nlet x = 5;\n```\n"));

  set_profile (f, "experience_level", "expert");
  set_profile (f, "programming_experience", "advanced");
  expert = df_personalize_choose_blocks (chapter_md, f->profile);
  g_assert_null (strstr (expert, "labelled box"));
  g_assert_nonnull (strstr (expert, "shadowing"));
  g_assert_null (strstr (expert, "list of instructions"));
  g_assert_nonnull (strstr (expert, "https://doc.rust-lang.org/book/"));
}

static void
test_blocks_unchanged (Fixture       *f,
                       gconstpointer  data)
{
  static const char plain[] = "# Plain\r\n\r\nNo blocks here ::: not a fence.\r\n\n::: note\nkept\n:::\n";
  g_autofree char *out = df_personalize_choose_blocks (plain, f->profile);

  g_assert_cmpstr (out, ==, plain);
  g_assert_false (df_personalize_has_blocks (plain));
  g_assert_true (df_personalize_has_blocks (chapter_md));
}

/* Every chapter of the corpus Rust book: no blocks, so each comes back
 * byte for byte; with a block added, each profile gets its own. */
static void
test_blocks_rust_book (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *dir = df_test_corpus_path ("textbook/rust-book/src");
  g_autoptr(GPtrArray) names = df_test_dir_names (dir);
  guint checked = 0;

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_autofree char *out = NULL;
      g_autofree char *with = NULL;
      g_autofree char *chosen = NULL;

      if (!g_str_has_suffix (names->pdata[i], ".md"))
        continue;
      path = g_build_filename (dir, names->pdata[i], NULL);
      text = df_test_read_file (path, NULL);
      out = df_personalize_choose_blocks (text, f->profile);
      g_assert_cmpstr (out, ==, text);
      with = g_strconcat (text, "\n::: {level=beginner}\nBEGINNER NOTE\n:::\n", NULL);
      chosen = df_personalize_choose_blocks (with, f->profile);
      g_assert_nonnull (strstr (chosen, "BEGINNER NOTE"));
      g_assert_null (strstr (chosen, "::: {level"));
      checked++;
    }
  g_assert_cmpuint (checked, >, 50);
}

/* ---- the glossary --------------------------------------------------------- */

static void
test_glossary (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func ((GDestroyNotify)df_glossary_term_free);
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *plain = NULL;
  DfGlossaryHit *hit;

  g_ptr_array_add (terms, df_glossary_term_new ("Ownership", DF_TEST_STRV ("owner"),
                                                "Rust's rule for memory.\n"
                                                "beginner: Each value has one owner who cleans it up.\n"
                                                "expert: An affine discipline over values."));
  g_ptr_array_add (terms, df_glossary_term_new ("Borrowing", NULL, "Using a value without owning it."));
  hits = df_glossary_find (terms, chapter_md, "beginner");
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  g_assert_cmpstr (hit->term, ==, "Ownership");
  g_assert_cmpstr (hit->definition, ==, "Each value has one owner who cleans it up.");
  g_assert_cmpuint (hit->offsets->len, ==, 1);
  g_assert_cmpint (strncmp (chapter_md + g_array_index (hit->offsets, gsize, 0), "Ownership", 9), ==, 0);
  plain = df_glossary_definition (terms->pdata[0], "intermediate");
  g_assert_cmpstr (plain, ==, "Rust's rule for memory.");
}

/* The glossary from the codex's lore: a Key terms box for a beginner
 * after the chapter's heading, each term defined for the level; none for
 * an expert; the mentions' offsets for the reader's popover. */
static void
test_glossary_codex (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfCodexEntry) entry = NULL;
  g_autoptr(DfCodexEntry) person = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *beginner = NULL;
  g_autofree char *expert = NULL;
  DfGlossaryHit *hit;

  entry = df_codex_entry_create (f->store, f->project_id, "lore", "Ownership", DF_TEST_STRV ("owner"),
                                 "Rust's rule for memory.\n"
                                 "beginner: Each value has one owner who cleans it up.\n"
                                 "expert: An affine discipline over values.", &error);
  g_assert_no_error (error);
  /* not lore: not in the glossary */
  person = df_codex_entry_create (f->store, f->project_id, "character", "Variable", NULL, "A person.", &error);
  g_assert_no_error (error);

  set_profile (f, "experience_level", "beginner");
  beginner = df_personalize_offline (f->store, f->profile, f->chapter, &hits, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (beginner, "# Variables\n\n> **Key terms**\n>\n"
                                             "> - **Ownership**: Each value has one owner who cleans it up.\n"));
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  g_assert_cmpstr (hit->term, ==, "Ownership");
  /* in the box (the name, and the alias in its definition) and in the prose */
  g_assert_cmpuint (hit->offsets->len, ==, 3);
  {
    gboolean in_prose = FALSE;
    for (guint i = 0; i < hit->offsets->len; i++)
      in_prose |= strncmp (beginner + g_array_index (hit->offsets, gsize, i), "Ownership decides", 17) == 0;
    g_assert_true (in_prose);
  }

  set_profile (f, "experience_level", "expert");
  g_clear_pointer (&hits, g_ptr_array_unref);
  expert = df_personalize_offline (f->store, f->profile, f->chapter, &hits, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (expert, "Key terms"));
  g_assert_cmpstr (((DfGlossaryHit *)hits->pdata[0])->definition, ==, "An affine discipline over values.");
}

/* ---- checks and measures ---------------------------------------------------- */

static void
test_verify (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *translated = NULL;
  DfReadability hard, easy;

  g_assert_true (df_personalize_verify (chapter_md, chapter_md, &error));
  g_assert_no_error (error);
  changed = g_strdup (chapter_md);
  *strstr (changed, "let x = 5;") = 'L';
  g_assert_false (df_personalize_verify (chapter_md, changed, &error));
  g_assert_error (error, DF_AI_ERROR, DF_AI_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "code block 1"));
  g_clear_error (&error);
  translated = g_strdup (chapter_md);
  memcpy (strstr (translated, "Variables"), "Variablen", 9);
  g_assert_true (df_personalize_verify (chapter_md, translated, &error));
  g_assert_no_error (error);

  df_readability_measure ("The cat sat. The dog ran.", &easy);
  df_readability_measure ("Notwithstanding considerable institutional ambiguity, contemporary "
                          "administrative organizations systematically underestimate interdependencies.", &hard);
  g_assert_cmpfloat (easy.grade, <, 4);
  g_assert_cmpfloat (hard.grade, >, 14);
}

/* An Urdu paragraph, heading or list item that opens with a Latin word
 * gets a right-to-left mark; code, tables, reference definitions and
 * English paragraphs do not. */
static void
test_mark_rtl (Fixture       *f,
               gconstpointer  data)
{
  static const char urdu[] =
    "# HTML صورت\n"
    "\n"
    "HTML صورت آن لائن دستیاب ہے\n"
    "اور rustup بھی۔\n"
    "\n"
    "یہ پہلے ہی اردو ہے۔\n"
    "\n"
    "- `rustup` کے ساتھ\n"
    "> Cargo کی فائل\n"
    "\n"
    "```\n"
    "let x = \"قدر\";\n"
    "```\n"
    "\n"
    "| Rust | زبان |\n"
    "\n"
    "[install]: ch01-01-installation.html\n"
    "\n"
    "Plain English here.\n";
  static const char marked[] =
    "# \u200fHTML صورت\n"
    "\n"
    "\u200fHTML صورت آن لائن دستیاب ہے\n"
    "اور rustup بھی۔\n"
    "\n"
    "یہ پہلے ہی اردو ہے۔\n"
    "\n"
    "- \u200f`rustup` کے ساتھ\n"
    "> \u200fCargo کی فائل\n"
    "\n"
    "```\n"
    "let x = \"قدر\";\n"
    "```\n"
    "\n"
    "| Rust | زبان |\n"
    "\n"
    "[install]: ch01-01-installation.html\n"
    "\n"
    "Plain English here.\n";
  g_autofree char *result = df_personalize_mark_rtl (urdu);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (result, ==, marked);
  /* what a rewrite must keep is still there */
  g_assert_true (df_personalize_verify (urdu, result, &error));
  g_assert_no_error (error);
}

/* ---- the model rewrite -------------------------------------------------------- */

static DfPersonalized *
rewrite (Fixture          *f,
         const DfAiConfig *config,
         DfPersonalizeKind kind,
         GError          **error)
{
  DfPersonalizeOptions options = { .kind = kind };
  return df_personalize_rewrite (f->store, config, f->profile, f->chapter, &options, NULL, error);
}

/* What the model would answer for this profile: the chapter kept whole. */
static char *
good_reply (Fixture *f)
{
  g_autofree char *base = df_personalize_choose_blocks (f->chapter->content_md, f->profile);
  return g_strconcat (base, "\nA short added explanation.\n", NULL);
}

static void
test_rewrite_and_cache (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeProvider) provider = df_test_fake_provider_new (NULL);
  g_autoptr(DfAiConfig) config = df_test_fake_provider_config (provider);
  g_autoptr(DfPersonalized) first = NULL;
  g_autoptr(DfPersonalized) again = NULL;
  g_autoptr(DfPersonalized) edited = NULL;
  g_autoptr(DfPersonalized) changed = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *body = NULL;

  set_profile (f, "programming_experience", "none");
  reply = good_reply (f);
  fake_provider_set_reply (provider, reply);
  first = rewrite (f, config, DF_PERSONALIZE_EXPLANATION, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->text, ==, reply);
  g_assert_false (first->from_cache);
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 1);
  body = fake_provider_get_last_body (provider);
  /* the request carries the profile and the kind */
  g_assert_nonnull (strstr (body, "programming_experience"));
  g_assert_nonnull (strstr (body, "Kind of change: explanation"));
  g_assert_cmpstr (first->metric, ==, "fk");
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), "SELECT count(*) FROM personalized_chapters"), ==, 1);

  /* a hit: no request, no charge */
  {
    gint64 calls = df_test_sql_int (df_store_get_db (f->store), "SELECT count(*) FROM ai_usage");
    again = rewrite (f, config, DF_PERSONALIZE_EXPLANATION, &error);
    g_assert_no_error (error);
    g_assert_true (again->from_cache);
    g_assert_cmpstr (again->text, ==, reply);
    g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 1);
    g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), "SELECT count(*) FROM ai_usage"), ==, calls);
  }

  /* editing the chapter: a miss */
  g_assert_true (df_chapter_save_content (f->store, f->chapter->id, chapter_md + 0, &error));
  {
    g_autofree char *more = g_strconcat (chapter_md, "\nOne more line.\n", NULL);
    g_assert_true (df_chapter_save_content (f->store, f->chapter->id, more, &error));
    g_assert_no_error (error);
  }
  reload_chapter (f);
  g_free (reply);
  reply = good_reply (f);
  fake_provider_set_reply (provider, reply);
  edited = rewrite (f, config, DF_PERSONALIZE_EXPLANATION, &error);
  g_assert_no_error (error);
  g_assert_false (edited->from_cache);
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 2);

  /* changing programming_experience: a miss */
  set_profile (f, "programming_experience", "advanced");
  g_free (reply);
  reply = good_reply (f);
  fake_provider_set_reply (provider, reply);
  changed = rewrite (f, config, DF_PERSONALIZE_EXPLANATION, &error);
  g_assert_no_error (error);
  g_assert_false (changed->from_cache);
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 3);
  /* the older rewrites are gone: one row a profile, chapter and kind */
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), "SELECT count(*) FROM personalized_chapters"), ==, 1);
}

static void
test_rewrite_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeProvider) provider = df_test_fake_provider_new (NULL);
  g_autoptr(DfAiConfig) config = df_test_fake_provider_config (provider);
  g_autoptr(DfPersonalized) result = NULL;
  g_autoptr(DfPersonalized) repaired = NULL;
  g_autofree char *good = good_reply (f);
  g_autofree char *bad = g_strdup (good);
  g_autofree char *body = NULL;

  *strstr (bad, "let x = 5;") = 'L';
  fake_provider_set_reply (provider, bad);
  result = rewrite (f, config, DF_PERSONALIZE_EXAMPLE, &error);
  g_assert_null (result);
  g_assert_error (error, DF_AI_ERROR, DF_AI_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "code block 1"));
  /* one cheap retry, which said what was lost */
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 2);
  body = fake_provider_get_last_body (provider);
  g_assert_nonnull (strstr (body, "did not keep the original"));
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), "SELECT count(*) FROM personalized_chapters"), ==, 0);
  g_clear_error (&error);

  /* a bad answer, then a good one: repaired */
  fake_provider_queue_reply (provider, bad, NULL);
  fake_provider_queue_reply (provider, good, NULL);
  repaired = rewrite (f, config, DF_PERSONALIZE_EXAMPLE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (repaired->text, ==, good);
  g_assert_cmpuint (repaired->requests, ==, 2);
}

/* A long chapter goes a section at a time: one request each, the
 * results joined. */
static void
test_rewrite_sections (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeProvider) provider = df_test_fake_provider_new (NULL);
  g_autoptr(DfAiConfig) config = df_test_fake_provider_config (provider);
  g_autoptr(DfPersonalized) result = NULL;
  static const char *sections[] = {
    "# Long\n\nThe start of the chapter, long enough to stand alone.\n\n",
    "## One\n\nThe first section, with its words and its example.\n\n```rust\nlet a = 1;\n```\n\n",
    "## Two\n\nThe second section, with a link to [the book](https://doc.rust-lang.org/).\n",
  };
  g_autofree char *text = g_strconcat (sections[0], sections[1], sections[2], NULL);
  DfPersonalizeOptions options = { .kind = DF_PERSONALIZE_EXAMPLE, .section_chars = 80 };

  g_assert_true (df_chapter_save_content (f->store, f->chapter->id, text, &error));
  reload_chapter (f);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autofree char *reply = g_strconcat (sections[i], "Fitted to you.\n", NULL);
      fake_provider_queue_reply (provider, reply, NULL);
    }
  result = df_personalize_rewrite (f->store, config, f->profile, f->chapter, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 3);
  g_assert_cmpuint (result->requests, ==, 3);
  g_assert_true (df_personalize_verify (text, result->text, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (result->text, "let a = 1;"));
}

static void
test_difficulty_note (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeProvider) provider = df_test_fake_provider_new (NULL);
  g_autoptr(DfAiConfig) config = df_test_fake_provider_config (provider);
  g_autoptr(DfPersonalized) result = NULL;
  g_autofree char *base = NULL;
  g_autofree char *hard = NULL;

  set_profile (f, "experience_level", "beginner");
  base = df_personalize_choose_blocks (f->chapter->content_md, f->profile);
  hard = g_strconcat (base, "\nNotwithstanding considerable institutional ambiguity, contemporary administrative "
                      "organizations systematically underestimate interdependencies, consequently "
                      "necessitating comprehensive reconsideration.\n", NULL);
  fake_provider_set_reply (provider, hard);
  result = rewrite (f, config, DF_PERSONALIZE_DIFFICULTY, &error);
  g_assert_no_error (error);
  /* outside the beginner band: retried once, then kept with a note */
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 2);
  g_assert_nonnull (result->note);
  g_assert_cmpfloat (result->after, >, 8);
  {
    g_autofree char *note = df_test_sql_text (df_store_get_db (f->store), "SELECT note FROM personalized_chapters");
    g_assert_cmpstr (note, ==, result->note);
  }
}

static void
test_expired (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeProvider) provider = df_test_fake_provider_new (NULL);
  g_autoptr(DfAiConfig) config = df_test_fake_provider_config (provider);
  g_autoptr(DfPersonalized) result = NULL;
  g_autofree char *reply = good_reply (f);

  fake_provider_set_reply (provider, reply);
  result = rewrite (f, config, DF_PERSONALIZE_EXPLANATION, &error);
  g_assert_no_error (error);
  g_assert_true (df_store_exec (f->store, "UPDATE personalization_sessions SET expires_at = '2001-01-01T00:00:00Z'", &error));
  g_assert_cmpint (df_personalize_cache_expire (f->store, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), "SELECT count(*) FROM personalized_chapters"), ==, 0);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), "SELECT count(*) FROM personalization_sessions"), ==, 0);
  /* a session lasts 30 days by default */
  g_clear_pointer (&result, df_personalized_free);
  result = rewrite (f, config, DF_PERSONALIZE_EXPLANATION, &error);
  g_assert_no_error (error);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store),
                                    "SELECT CAST(julianday(expires_at) - julianday(created_at) + 0.5 AS INTEGER)"
                                    " FROM personalization_sessions"), ==, 30);

  /* or as long as the setting says, renewed by the next rewrite */
  g_assert_true (df_store_exec (f->store, "DELETE FROM personalized_chapters", &error));
  g_clear_pointer (&result, df_personalized_free);
  {
    DfPersonalizeOptions options = { .kind = DF_PERSONALIZE_EXPLANATION, .expiry_days = 3 };
    result = df_personalize_rewrite (f->store, config, f->profile, f->chapter, &options, NULL, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store),
                                    "SELECT CAST(julianday(expires_at) - julianday(updated_at) + 0.5 AS INTEGER)"
                                    " FROM personalization_sessions"), ==, 3);
}

static void
test_credits (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeProvider) provider = df_test_fake_provider_new (NULL);
  g_autoptr(DfAiConfig) config = df_test_fake_provider_config (provider);
  g_autoptr(DfPersonalized) result = NULL;
  g_autoptr(DfCredits) credits = NULL;
  g_autofree char *reply = good_reply (f);

  fake_provider_set_reply (provider, reply);
  fake_provider_set_usage (provider, 120, 80);
  g_assert_true (df_credits_set_budget (f->store, f->profile->id, 100000, "monthly", &error));
  result = rewrite (f, config, DF_PERSONALIZE_EXPLANATION, &error);
  g_assert_no_error (error);
  credits = df_credits_get (f->store, f->profile->id, &error);
  /* settled with the reported usage, nothing left reserved */
  g_assert_cmpint (credits->tokens_used, ==, 200);
  g_assert_cmpint (credits->tokens_reserved, ==, 0);

  /* refused before any traffic when the budget cannot cover it */
  g_clear_pointer (&result, df_personalized_free);
  g_assert_true (df_credits_set_budget (f->store, f->profile->id, 250, NULL, &error));
  result = rewrite (f, config, DF_PERSONALIZE_DIFFICULTY, &error);
  g_assert_null (result);
  g_assert_error (error, DF_AI_ERROR, DF_AI_ERROR_BUDGET);
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 1);
}

/* A whole-book run the budget cannot finish: the refusal says what is
 * left and when it renews, and the chapters done stay in the cache. */
static void
test_cli_budget (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeProvider) provider = NULL;
  g_autoptr(DfChapter) longer = NULL;
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(GString) big = g_string_new ("# Long\n\n");
  g_autofree char *base_url = NULL;
  g_autofree char *url_var = NULL;
  g_autofree char *reply = NULL;

  if (!df_test_have_cli ())
    return;
  for (guint i = 0; i < 120; i++)
    g_string_append (big, "A sentence about ownership and borrowing in Rust. ");
  longer = df_test_append_chapter (f->store, f->project_id, 0, "Long", big->str);
  g_assert_true (df_credits_set_budget (f->store, f->profile->id, 2500, "monthly", &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);

  provider = df_test_fake_provider_new (&base_url);
  url_var = g_strconcat ("DRAFTFORGE_AI_BASE_URL=", base_url, NULL);
  reply = g_strconcat (chapter_md, "\nAdded.\n", NULL);
  fake_provider_set_reply (provider, reply);
  fake_provider_set_usage (provider, 10, 10);
  run = df_test_run_cli_args (f->db_path, DF_TEST_STRV (url_var, "DRAFTFORGE_AI_MODEL=fake-model"), NULL,
                              "personalize", "rust", "--profile", "Amina", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "tokens for 2 chapters"));
  g_assert_nonnull (strstr (run->err, "renews on"));
  g_assert_nonnull (strstr (run->err, "The chapters before chapter 2 are done and kept in the cache"));
  g_assert_nonnull (strstr (run->out, "Added."));
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 1);
  {
    g_autoptr(DfStore) store = df_test_store_open (f->db_path);
    g_assert_cmpint (df_test_sql_int (df_store_get_db (store), "SELECT count(*) FROM personalized_chapters"), ==, 1);
  }
}

/* ---- a whole-book run ------------------------------------------------------------ */

/* Two more chapters after the fixture's, each with its own short text. */
static GPtrArray *
three_chapters (Fixture *f)
{
  GPtrArray *chapters = g_ptr_array_new_with_free_func ((GDestroyNotify)df_chapter_free);

  g_ptr_array_add (chapters, df_chapter_get (f->store, f->chapter->id, NULL));
  g_ptr_array_add (chapters, df_test_append_chapter (f->store, f->project_id, 0, "Functions",
                                                     "# Functions\n\nA function takes values and gives one back.\n"));
  g_ptr_array_add (chapters, df_test_append_chapter (f->store, f->project_id, 0, "Loops",
                                                     "# Loops\n\nA loop does the same thing again.\n"));
  return chapters;
}

static char *
reply_for (Fixture         *f,
           const DfChapter *chapter)
{
  g_autofree char *base = df_personalize_choose_blocks (chapter->content_md, f->profile);
  return g_strconcat (base, "\nAdded for you.\n", NULL);
}

static gint64
cached_rows (Fixture *f)
{
  return df_test_sql_int (df_store_get_db (f->store), "SELECT count(*) FROM personalized_chapters");
}

/* Reserve, settle, refuse: each request is settled with the reported
 * usage, a chapter the model fails is reported and the run goes on, and
 * the budget running out stops it with what is left and when it renews. */
static void
test_book_run (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeProvider) provider = df_test_fake_provider_new (NULL);
  g_autoptr(DfAiConfig) config = df_test_fake_provider_config (provider);
  g_autoptr(GPtrArray) chapters = three_chapters (f);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(DfCredits) credits = NULL;
  g_autoptr(DfPersonalizeEstimate) estimate = NULL;
  g_autofree char *r1 = reply_for (f, chapters->pdata[0]);
  g_autofree char *r3 = reply_for (f, chapters->pdata[2]);
  g_autofree char *text = NULL;
  DfPersonalizeOptions options = { .kind = DF_PERSONALIZE_EXPLANATION };
  gboolean ok = TRUE;

  g_assert_true (df_credits_set_budget (f->store, f->profile->id, 1000000, "monthly", &error));
  estimate = df_personalize_book_estimate (f->store, f->profile, chapters, options.kind, config->model, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (estimate->chapters, ==, 3);
  g_assert_cmpint (estimate->tokens, >, 0);
  text = df_personalize_estimate_describe (estimate);
  g_assert_nonnull (strstr (text, "tokens for 3 chapters, 0% of this month's budget"));
  {
    /* the example, in groups of three digits */
    DfPersonalizeEstimate example = { .chapters = 12, .tokens = 180000, .budget = 514286, .left = 400000,
                                      .period = (char *)"monthly", .renews = (char *)"2027-01-01" };
    g_autofree char *said = df_personalize_estimate_describe (&example);
    g_assert_cmpstr (said, ==, "About 180,000 tokens for 12 chapters, 35% of this month's budget");
    example.left = 100000;
    g_free (said);
    said = df_personalize_estimate_describe (&example);
    g_assert_cmpstr (said, ==, "About 180,000 tokens for 12 chapters, 35% of this month's budget; "
                               "only 100,000 are left (it renews on 2027-01-01)");
  }

  /* chapter 2's answers (it has no code: they lose the heading) fail twice */
  fake_provider_set_usage (provider, 10, 10);
  fake_provider_queue_reply (provider, r1, NULL);
  fake_provider_queue_reply (provider, "No heading here.", NULL);
  fake_provider_queue_reply (provider, "No heading either.", NULL);
  fake_provider_queue_reply (provider, r3, NULL);
  items = df_personalize_book (f->store, config, f->profile, chapters, &options, NULL, NULL, NULL, &ok);
  g_assert_false (ok);
  g_assert_cmpint (((DfPersonalizeItem *)items->pdata[0])->status, ==, DF_PERSONALIZE_DONE);
  g_assert_cmpint (((DfPersonalizeItem *)items->pdata[1])->status, ==, DF_PERSONALIZE_FAILED);
  g_assert_error (((DfPersonalizeItem *)items->pdata[1])->error, DF_AI_ERROR, DF_AI_ERROR_BAD_RESPONSE);
  g_assert_cmpint (((DfPersonalizeItem *)items->pdata[2])->status, ==, DF_PERSONALIZE_DONE);
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 4);
  g_assert_cmpint (cached_rows (f), ==, 2);
  credits = df_credits_get (f->store, f->profile->id, &error);
  g_assert_cmpint (credits->tokens_used, ==, 4 * 20);
  g_assert_cmpint (credits->tokens_reserved, ==, 0);

  /* again: the two cached need nothing; chapter 2 is refused by a budget
   * that its reservation does not fit in */
  g_clear_pointer (&items, g_ptr_array_unref);
  g_clear_pointer (&estimate, df_personalize_estimate_free);
  g_clear_pointer (&text, g_free);
  g_assert_true (df_credits_set_budget (f->store, f->profile->id, 200, NULL, &error));
  estimate = df_personalize_book_estimate (f->store, f->profile, chapters, options.kind, config->model, &error);
  g_assert_cmpuint (estimate->chapters, ==, 1);
  g_assert_cmpuint (estimate->cached, ==, 2);
  g_assert_cmpint (estimate->left, ==, 120);
  text = df_personalize_estimate_describe (estimate);
  g_assert_nonnull (strstr (text, "tokens for 1 chapter, "));
  g_assert_nonnull (strstr (text, "only 120 are left (it renews on"));
  items = df_personalize_book (f->store, config, f->profile, chapters, &options, NULL, NULL, NULL, &ok);
  g_assert_false (ok);
  g_assert_cmpint (((DfPersonalizeItem *)items->pdata[0])->status, ==, DF_PERSONALIZE_CACHED);
  g_assert_cmpint (((DfPersonalizeItem *)items->pdata[1])->status, ==, DF_PERSONALIZE_FAILED);
  g_assert_error (((DfPersonalizeItem *)items->pdata[1])->error, DF_AI_ERROR, DF_AI_ERROR_BUDGET);
  g_assert_nonnull (strstr (((DfPersonalizeItem *)items->pdata[1])->error->message, "renews on"));
  g_assert_cmpint (((DfPersonalizeItem *)items->pdata[2])->status, ==, DF_PERSONALIZE_CACHED);
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 4);
}

typedef struct
{
  Fixture      *f;
  DfAiConfig   *config;
  GPtrArray    *chapters;
  GCancellable *cancel;
  gint          deltas;      /* received (atomic) */
  GPtrArray    *items;
  gboolean      ok;
  gboolean      finished;    /* (atomic) */
} BookRun;

static void
count_book_delta (const char *delta G_GNUC_UNUSED,
                  gpointer    data)
{
  BookRun *run = data;
  g_atomic_int_inc (&run->deltas);
}

static gpointer
book_thread (gpointer data)
{
  BookRun *run = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = df_store_open (df_store_get_path (run->f->store), &error);
  DfPersonalizeOptions options = { .kind = DF_PERSONALIZE_EXPLANATION, .on_delta = count_book_delta,
                                   .delta_data = run };

  g_assert_no_error (error);
  run->items = df_personalize_book (store, run->config, run->f->profile, run->chapters, &options, NULL, NULL,
                                    run->cancel, &run->ok);
  g_atomic_int_set (&run->finished, TRUE);
  return NULL;
}

static gboolean
deltas_at_least_3 (gpointer data)
{
  return g_atomic_int_get (&((BookRun *)data)->deltas) >= 3;
}

static gboolean
two_requests (gpointer data)
{
  return fake_provider_get_request_count (data) >= 2;
}

static gboolean
run_finished (gpointer data)
{
  return g_atomic_int_get (&((BookRun *)data)->finished);
}

/* Stop in the middle of a whole-book run: the chapter done stays cached,
 * the one in flight is charged for what it used and not cached, the rest
 * are not tried, and nothing stays reserved. */
static void
test_book_cancel (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeProvider) provider = df_test_fake_provider_new (NULL);
  g_autoptr(DfAiConfig) config = df_test_fake_provider_config (provider);
  g_autoptr(GPtrArray) chapters = three_chapters (f);
  g_autoptr(DfCredits) credits = NULL;
  g_autofree char *r1 = reply_for (f, chapters->pdata[0]);
  g_autofree char *r2 = reply_for (f, chapters->pdata[1]);
  BookRun run = { f, config, chapters, g_cancellable_new (), 0, NULL, FALSE, FALSE };
  GThread *thread;

  g_assert_true (df_credits_set_budget (f->store, f->profile->id, 1000000, "monthly", &error));
  fake_provider_set_usage (provider, 10, 10);
  fake_provider_set_gated (provider, TRUE);
  /* chapter 1 in two deltas, chapter 2 in two of which only one comes */
  fake_provider_queue_reply (provider, r1, "\n", NULL);
  fake_provider_queue_reply (provider, r2, "\n", NULL);
  thread = g_thread_new ("book", book_thread, &run);
  fake_provider_release (provider, 3);
  df_test_wait_until (two_requests, provider);
  df_test_wait_until (deltas_at_least_3, &run);
  g_cancellable_cancel (run.cancel);
  df_test_wait_until (run_finished, &run);
  g_thread_join (thread);

  g_assert_false (run.ok);
  g_assert_cmpint (((DfPersonalizeItem *)run.items->pdata[0])->status, ==, DF_PERSONALIZE_DONE);
  g_assert_cmpint (((DfPersonalizeItem *)run.items->pdata[1])->status, ==, DF_PERSONALIZE_FAILED);
  g_assert_error (((DfPersonalizeItem *)run.items->pdata[1])->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (((DfPersonalizeItem *)run.items->pdata[2])->status, ==, DF_PERSONALIZE_SKIPPED);
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 2);
  /* chapter 1 only in the cache: none half-cached */
  g_assert_cmpint (cached_rows (f), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM personalized_chapters WHERE chapter_id = %" G_GINT64_FORMAT,
                                            f->chapter->id);
    g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), sql), ==, 1);
  }
  credits = df_credits_get (f->store, f->profile->id, &error);
  g_assert_cmpint (credits->tokens_reserved, ==, 0);
  /* chapter 1 as reported, chapter 2's prompt and what came of it */
  g_assert_cmpint (credits->tokens_used, >, 20 + df_ai_estimate_tokens (r2));
  g_assert_cmpint (credits->tokens_used, <, 20 + 4 * df_ai_estimate_tokens (r2) + 400);

  g_ptr_array_unref (run.items);
  g_object_unref (run.cancel);
  fake_provider_set_gated (provider, FALSE);
}

/* --json when some chapters fail: valid JSON saying which did what, and a
 * failing exit status. */
static void
test_cli_json_partial (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FakeProvider) provider = NULL;
  g_autoptr(GPtrArray) chapters = three_chapters (f);
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *url_var = NULL;
  g_autofree char *r1 = reply_for (f, chapters->pdata[0]);
  g_autofree char *r3 = reply_for (f, chapters->pdata[2]);
  JsonObject *root, *second;
  JsonArray *list;

  if (!df_test_have_cli ())
    return;
  g_clear_object (&f->store);
  provider = df_test_fake_provider_new (&base_url);
  url_var = g_strconcat ("DRAFTFORGE_AI_BASE_URL=", base_url, NULL);
  fake_provider_queue_reply (provider, r1, NULL);
  fake_provider_queue_reply (provider, "No heading here.", NULL);
  fake_provider_queue_reply (provider, "No heading either.", NULL);
  fake_provider_queue_reply (provider, r3, NULL);
  run = df_test_run_cli_args (f->db_path, DF_TEST_STRV (url_var, "DRAFTFORGE_AI_MODEL=fake-model"), NULL,
                              "personalize", "rust", "--all", "--profile", "Amina", "--json", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "1 of 3 chapters were not personalized (1 failed, 0 not tried)"));
  g_assert_true (json_parser_load_from_data (parser, run->out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpint (json_object_get_int_member (root, "done"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (root, "failed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "skipped"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "estimate"), "chapters"), ==, 3);
  list = json_object_get_array_member (root, "chapters");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "status"), ==, "done");
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (list, 0), "text"),
                            "Added for you."));
  second = json_array_get_object_element (list, 1);
  g_assert_cmpint (json_object_get_int_member (second, "number"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (second, "status"), ==, "failed");
  g_assert_true (json_object_get_null_member (second, "text"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (second, "error"), "code"), ==,
                   "bad-response");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 2), "status"), ==, "done");
}

/* ---- the plugin and the export ------------------------------------------------ */

/* The personaliser plugin loads as a reader transform and gives the
 * chapter as the profile reads it. */
static void
test_plugin (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(GPtrArray) transforms = NULL;
  g_autofree char *text = NULL;
  DfReaderTransform *transform = NULL;

  set_profile (f, "experience_level", "expert");
  host = df_plugin_host_new (f->store, NULL);
  df_plugin_host_load (host);
  transforms = df_plugin_host_get_reader_transforms (host);
  for (guint i = 0; i < transforms->len; i++)
    if (g_strcmp0 (df_reader_transform_get_name (transforms->pdata[i]), "Personalize") == 0)
      transform = transforms->pdata[i];
  g_assert_nonnull (transform);
  text = df_reader_transform_transform (transform, f->store, f->profile, f->chapter, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "shadowing"));
  g_assert_null (strstr (text, "labelled box"));
}

/* export --profile: the book as that profile reads it. */
static void
test_export_profile (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *plain_out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *plain = NULL;
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(DfTestRun) plain_run = NULL;

  if (!df_test_have_cli ())
    return;
  set_profile (f, "experience_level", "expert");
  g_clear_object (&f->store);
  out = g_build_filename (f->dir, "expert.md", NULL);
  plain_out = g_build_filename (f->dir, "plain.md", NULL);
  run = df_test_run_cli_args (f->db_path, NULL, NULL, "export", "rust", "--format", "markdown", "--single-file",
                              "-o", out, "--profile", "Amina", NULL);
  g_assert_cmpint (run->status, ==, 0);
  text = df_test_read_file (out, NULL);
  g_assert_nonnull (strstr (text, "shadowing"));
  g_assert_null (strstr (text, "labelled box"));
  g_assert_null (strstr (text, "::: {level=expert"));
  plain_run = df_test_run_cli_args (f->db_path, NULL, NULL, "export", "rust", "--format", "markdown",
                                    "--single-file", "-o", plain_out, NULL);
  g_assert_cmpint (plain_run->status, ==, 0);
  plain = df_test_read_file (plain_out, NULL);
  g_assert_nonnull (strstr (plain, "::: {level=expert,intermediate}"));
}

/* ---- the schema ---------------------------------------------------------------- */

/* Version 12 adds personalized_chapters: a version 11 database keeps its
 * rows and gains the table. */
static void
test_migrate (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeProvider) provider = df_test_fake_provider_new (NULL);
  g_autoptr(DfAiConfig) config = df_test_fake_provider_config (provider);
  g_autoptr(DfPersonalized) result = NULL;
  g_autoptr(DfChapter) kept = NULL;
  g_autofree char *reply = good_reply (f);

  g_clear_object (&f->store);
  df_test_sql_exec (f->db_path, "DROP TABLE personalized_chapters; DROP INDEX personalization_sessions_expiry;"
                                " PRAGMA user_version = 11");
  f->store = df_test_store_open (f->db_path);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
  kept = df_test_get_chapter (f->store, f->chapter->id);
  g_assert_cmpstr (kept->content_md, ==, chapter_md);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), "SELECT count(*) FROM personalized_chapters"), ==, 0);
  fake_provider_set_reply (provider, reply);
  result = rewrite (f, config, DF_PERSONALIZE_EXPLANATION, &error);
  g_assert_no_error (error);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), "SELECT count(*) FROM personalized_chapters"), ==, 1);
}

/* ---- the command line ------------------------------------------------------- */

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(FakeProvider) provider = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *url_var = NULL;
  g_autofree char *reply = NULL;
  g_autoptr(DfTestRun) offline = NULL;
  g_autoptr(DfTestRun) first = NULL;
  g_autoptr(DfTestRun) second = NULL;
  g_autoptr(DfTestRun) cache = NULL;
  g_autoptr(DfTestRun) clear = NULL;
  g_autoptr(DfTestRun) dry = NULL;

  if (!df_test_have_cli ())
    return;
  set_profile (f, "experience_level", "beginner");
  g_clear_object (&f->store);
  offline = df_test_run_cli_args (f->db_path, NULL, NULL, "personalize", "rust", "1", "--offline", NULL);
  df_test_assert_run_ok (offline);
  g_assert_nonnull (strstr (offline->out, "labelled box"));
  g_assert_null (strstr (offline->out, "shadowing"));

  provider = df_test_fake_provider_new (&base_url);
  url_var = g_strconcat ("DRAFTFORGE_AI_BASE_URL=", base_url, NULL);
  reply = g_strconcat (offline->out, "\nAdded.\n", NULL);
  fake_provider_set_reply (provider, reply);
  dry = df_test_run_cli_args (f->db_path, DF_TEST_STRV (url_var, "DRAFTFORGE_AI_MODEL=fake-model"), NULL,
                              "personalize", "rust", "--dry-run", NULL);
  df_test_assert_run_ok (dry);
  g_assert_nonnull (strstr (dry->out, "tokens for 1 chapter"));
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 0);

  first = df_test_run_cli_args (f->db_path, DF_TEST_STRV (url_var, "DRAFTFORGE_AI_MODEL=fake-model"), NULL,
                                "personalize", "rust", "1", "--json", NULL);
  g_assert_cmpint (first->status, ==, 0);
  g_assert_nonnull (strstr (first->out, "\"from_cache\" : false"));
  second = df_test_run_cli_args (f->db_path, DF_TEST_STRV (url_var, "DRAFTFORGE_AI_MODEL=fake-model"), NULL,
                                 "personalize", "rust", "1", "--json", NULL);
  g_assert_cmpint (second->status, ==, 0);
  g_assert_nonnull (strstr (second->out, "\"from_cache\" : true"));
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 1);

  cache = df_test_run_cli_args (f->db_path, NULL, NULL, "personalize", "cache", "rust", "--json", NULL);
  df_test_assert_run_ok (cache);
  g_assert_nonnull (strstr (cache->out, "\"kind\" : \"explanation\""));
  clear = df_test_run_cli_args (f->db_path, NULL, NULL, "personalize", "cache", "rust", "--clear", NULL);
  df_test_assert_run_ok (clear);
  g_assert_nonnull (strstr (clear->out, "Removed 1 "));
}

/* --offline --json: each chapter's object with its glossary (the term,
 * its definition for the reader's level, where the mentions are); and the
 * cache's list, each rewrite with its chapter and no requests. */
static void
test_cli_json (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfCodexEntry) entry = NULL;
  g_autoptr(FakeProvider) provider = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *url_var = NULL;
  g_autoptr(DfTestRun) offline = NULL;
  g_autoptr(DfTestRun) rewrite = NULL;
  g_autoptr(DfTestRun) cache = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) cached = NULL;
  JsonObject *chapter, *hit, *row;
  JsonArray *offsets;
  const char *text;

  if (!df_test_have_cli ())
    return;
  entry = df_codex_entry_create (f->store, f->project_id, "lore", "Ownership", DF_TEST_STRV ("owner"),
                                 "Rust's rule for memory.\n"
                                 "beginner: Each value has one owner who cleans it up.", &error);
  g_assert_no_error (error);
  set_profile (f, "experience_level", "beginner");
  g_clear_object (&f->store);

  offline = df_test_run_cli_args (f->db_path, NULL, NULL, "personalize", "rust", "1", "--offline", "--json", NULL);
  root = df_test_run_json (offline);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "profile"), ==, "Amina");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "ok"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "done"), ==, 1);
  g_assert_false (json_object_has_member (json_node_get_object (root), "estimate"));
  chapter = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "chapters"), 0);
  g_assert_cmpint (json_object_get_int_member (chapter, "number"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (chapter, "status"), ==, "done");
  g_assert_false (json_object_has_member (chapter, "error"));
  g_assert_false (json_object_has_member (chapter, "kind"));
  text = json_object_get_string_member (chapter, "text");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (chapter, "glossary")), ==, 1);
  hit = json_array_get_object_element (json_object_get_array_member (chapter, "glossary"), 0);
  g_assert_cmpstr (json_object_get_string_member (hit, "term"), ==, "Ownership");
  g_assert_cmpstr (json_object_get_string_member (hit, "definition"), ==, "Each value has one owner who cleans it up.");
  offsets = json_object_get_array_member (hit, "offsets");
  g_assert_cmpuint (json_array_get_length (offsets), >=, 1);
  for (guint i = 0; i < json_array_get_length (offsets); i++)
    g_assert_true (g_ascii_strncasecmp (text + json_array_get_int_element (offsets, i), "owner", 5) == 0);

  provider = df_test_fake_provider_new (&base_url);
  url_var = g_strconcat ("DRAFTFORGE_AI_BASE_URL=", base_url, NULL);
  fake_provider_set_reply (provider, text);
  rewrite = df_test_run_cli_args (f->db_path, DF_TEST_STRV (url_var, "DRAFTFORGE_AI_MODEL=fake-model"), NULL,
                                  "personalize", "rust", "1", NULL);
  g_assert_cmpint (rewrite->status, ==, 0);
  cache = df_test_run_cli_args (f->db_path, NULL, NULL, "personalize", "cache", "rust", "--json", NULL);
  cached = df_test_run_json (cache);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (cached)), ==, 1);
  row = json_array_get_object_element (json_node_get_array (cached), 0);
  g_assert_cmpint (json_object_get_int_member (row, "chapter"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (row, "requests"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "model"), ==, "fake-model");
  g_assert_cmpstr (json_object_get_string_member (row, "level"), ==, "beginner");
  g_assert_true (json_object_get_boolean_member (row, "from_cache"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD ("/personalize/blocks/profile", test_blocks_by_profile);
  DF_TEST_ADD ("/personalize/blocks/unchanged", test_blocks_unchanged);
  DF_TEST_ADD ("/personalize/blocks/rust-book", test_blocks_rust_book);
  DF_TEST_ADD ("/personalize/glossary", test_glossary);
  DF_TEST_ADD ("/personalize/glossary/codex", test_glossary_codex);
  DF_TEST_ADD ("/personalize/cli/json", test_cli_json);
  DF_TEST_ADD ("/personalize/verify", test_verify);
  DF_TEST_ADD ("/personalize/mark-rtl", test_mark_rtl);
  DF_TEST_ADD ("/personalize/rewrite/cache", test_rewrite_and_cache);
  DF_TEST_ADD ("/personalize/rewrite/refused", test_rewrite_refused);
  DF_TEST_ADD ("/personalize/rewrite/sections", test_rewrite_sections);
  DF_TEST_ADD ("/personalize/rewrite/difficulty-note", test_difficulty_note);
  DF_TEST_ADD ("/personalize/cache/expired", test_expired);
  DF_TEST_ADD ("/personalize/credits", test_credits);
  DF_TEST_ADD ("/personalize/cli", test_cli);
  DF_TEST_ADD ("/personalize/cli-budget", test_cli_budget);
  DF_TEST_ADD ("/personalize/book/run", test_book_run);
  DF_TEST_ADD ("/personalize/book/cancel", test_book_cancel);
  DF_TEST_ADD ("/personalize/cli-json-partial", test_cli_json_partial);
  DF_TEST_ADD ("/personalize/plugin", test_plugin);
  DF_TEST_ADD ("/personalize/export-profile", test_export_profile);
  DF_TEST_ADD ("/store/migrate/personalize", test_migrate);

  return g_test_run ();
}
