/* test-ai.c: the AI provider client against the tests' fake provider
 *
 * Every call goes to a server this test starts on 127.0.0.1.  The
 * name-not-resolved case looks a .invalid host up from a network
 * namespace with no network (`unshare --net`), so nothing leaves the
 * machine; DRAFTFORGE_TEST_DNS=1 asks the system resolver instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "df-ai.h"
#include "df-credits.h"
#include "df-model.h"
#include "df-store-private.h"
#include "df-test-util.h"
#include "test-sync-keyring.h"

#define TEST_KEY "sk-test-SECRET-123"
#define LONG_REPLY "The quick brown fox jumps over the lazy dog, then naps under the old oak tree."

/* ---- everything logged, for the key check ----------------------------- */

static GMutex log_lock;
static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append_printf (captured_log, "%s=%s ", fields[i].key, (const char *) fields[i].value);
      else
        {
          g_string_append_printf (captured_log, "%s=", fields[i].key);
          g_string_append_len (captured_log, fields[i].value, fields[i].length);
          g_string_append_c (captured_log, ' ');
        }
    }
  g_string_append_c (captured_log, '\n');
  g_mutex_unlock (&log_lock);

  /* Only what would show anyway goes on to stderr. */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

/* Messages through the older g_log () API (GLib's own, say). */
static void
capture_handler (const char     *domain,
                 GLogLevelFlags  level,
                 const char     *message,
                 gpointer        user_data)
{
  g_mutex_lock (&log_lock);
  g_string_append_printf (captured_log, "%s: %s\n", domain != NULL ? domain : "", message);
  g_mutex_unlock (&log_lock);
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    g_log_default_handler (domain, level, message, user_data);
}

/* Every error message any test saw. */
static GString *seen_messages;

static void
remember_error (const GError *error)
{
  if (error != NULL)
    {
      g_mutex_lock (&log_lock);
      g_string_append_printf (seen_messages, "%s\n", error->message);
      g_mutex_unlock (&log_lock);
    }
}

/* ---- fixture ---------------------------------------------------------- */

typedef struct
{
  char         *dir;
  char         *db_path;
  DfStore      *store;
  char         *profile_id;
  FakeProvider *server;
  char         *base_url;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DfProfile) profile = NULL;

  f->store = df_test_store_new ("ai", &f->dir, &f->db_path);
  profile = df_test_make_profile (f->store, "Writer");
  f->profile_id = g_strdup (profile->id);

  f->server = df_test_fake_provider_new (&f->base_url);

  g_setenv ("DRAFTFORGE_AI_BASE_URL", f->base_url, TRUE);
  g_setenv ("DRAFTFORGE_AI_MODEL", "test-model", TRUE);
  g_setenv ("DRAFTFORGE_API_KEY", TEST_KEY, TRUE);
  g_unsetenv ("DRAFTFORGE_AI_TIMEOUT");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  fake_provider_free (f->server);
  g_clear_object (&f->store);
  df_test_tmp_dir_free (f->dir);
  g_free (f->db_path);
  g_free (f->profile_id);
  g_free (f->base_url);
  g_unsetenv ("DRAFTFORGE_AI_TIMEOUT");
}

static DfAiConfig *
load_config (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DfAiConfig *config = df_ai_config_load (f->store, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}

static GPtrArray *
make_messages (const char *question)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) df_ai_message_free);

  g_ptr_array_add (messages, df_ai_message_new ("system", "You are a writing coach."));
  g_ptr_array_add (messages, df_ai_message_new ("user", question));
  return messages;
}

static void
collect_delta (const char *delta,
               gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (delta));
}

static char *
joined (GPtrArray *deltas)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < deltas->len; i++)
    g_string_append (s, g_ptr_array_index (deltas, i));
  return g_string_free (s, FALSE);
}

/* One blocking call with the fixture's store; deltas go to @deltas. */
static DfAiResponse *
call (Fixture           *f,
      const DfAiConfig  *config,
      GPtrArray         *deltas,
      GError           **error)
{
  g_autoptr(GPtrArray) messages = make_messages ("How do I start chapter one?");
  DfAiRequest request = {
    .agent = "coach",
    .messages = messages,
    .max_tokens = 100,
    .temperature = -1,
  };
  DfAiResponse *response;

  response = df_ai_complete (config, f->store, &request, deltas != NULL ? collect_delta : NULL, deltas, NULL, error);
  if (error != NULL)
    remember_error (*error);
  return response;
}

/* A call that must fail with @code, saying @says (unless it is NULL)
 * and never the key: its error. */
static GError *
call_fails (Fixture          *f,
            const DfAiConfig *config,
            GPtrArray        *deltas,
            int               code,
            const char       *says)
{
  GError *error = NULL;
  g_autoptr(DfAiResponse) response = call (f, config, deltas, &error);

  g_assert_null (response);
  g_assert_error (error, DF_AI_ERROR, code);
  g_test_message ("%s", error->message);
  if (says != NULL)
    df_test_assert_contains (error->message, says);
  g_assert_null (strstr (error->message, TEST_KEY));
  return error;
}

static DfCredits *
credits (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DfCredits *c = df_credits_get (f->store, f->profile_id, &error);

  g_assert_no_error (error);
  return c;
}

typedef struct
{
  char   *status;
  char   *error;
  char   *agent;
  char   *model;
  char   *provider;
  gint64  prompt_tokens;
  gint64  completion_tokens;
  gint64  tokens_estimated;
  gint64  rows;
} UsageRow;

static void
usage_row_clear (UsageRow *u)
{
  g_free (u->status);
  g_free (u->error);
  g_free (u->agent);
  g_free (u->model);
  g_free (u->provider);
}

/* The newest ai_usage row, and how many there are. */
static void
last_usage (Fixture  *f,
            UsageRow *u)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  memset (u, 0, sizeof *u);
  u->rows = df_test_sql_int (df_store_get_db (f->store), "SELECT count(*) FROM ai_usage");
  stmt = df_store_prepare (f->store,
                           "SELECT status, error, agent, model, provider, prompt_tokens, completion_tokens,"
                           " tokens_estimated FROM ai_usage ORDER BY id DESC LIMIT 1", &error);
  g_assert_no_error (error);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return;
  u->status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  u->error = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  u->agent = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  u->model = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  u->provider = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  u->prompt_tokens = sqlite3_column_int64 (stmt, 5);
  u->completion_tokens = sqlite3_column_int64 (stmt, 6);
  u->tokens_estimated = sqlite3_column_int64 (stmt, 7);
}

/* A failed call: nothing charged, nothing left reserved, logged as @status. */
static void
assert_not_charged (Fixture    *f,
                    gint64      used_before,
                    const char *status)
{
  g_autoptr(DfCredits) c = credits (f);
  UsageRow u;

  g_assert_cmpint (c->tokens_used, ==, used_before);
  g_assert_cmpint (c->tokens_reserved, ==, 0);
  last_usage (f, &u);
  g_assert_cmpstr (u.status, ==, status);
  g_assert_nonnull (u.error);
  g_assert_cmpstr (u.error, !=, "");
  g_assert_cmpint (u.prompt_tokens + u.completion_tokens, ==, 0);
  usage_row_clear (&u);
}

/* A canceled call: not charged (assert_not_charged ()), and logged so. */
static void
assert_canceled (Fixture *f)
{
  UsageRow u;

  assert_not_charged (f, 0, "failed");
  last_usage (f, &u);
  g_assert_cmpstr (u.error, ==, "canceled");
  usage_row_clear (&u);
}

/* ---- streaming and usage ---------------------------------------------- */

static void
test_stream (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = load_config (f);
  g_autoptr(GPtrArray) deltas = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DfAiResponse) response = NULL;
  g_autoptr(DfCredits) c = NULL;
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  g_autofree char *auth = NULL;
  UsageRow u;

  fake_provider_set_reply (f->server, LONG_REPLY);
  fake_provider_set_usage (f->server, 21, 9);
  response = call (f, config, deltas, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);

  /* Several pieces, in order, making the reply. */
  g_assert_cmpuint (deltas->len, >, 3);
  text = joined (deltas);
  g_assert_cmpstr (text, ==, LONG_REPLY);
  g_assert_cmpstr (response->content, ==, LONG_REPLY);
  g_assert_cmpstr (response->model, ==, "test-model");
  g_assert_cmpstr (response->finish_reason, ==, "stop");
  g_assert_cmpint (response->prompt_tokens, ==, 21);
  g_assert_cmpint (response->completion_tokens, ==, 9);
  g_assert_false (response->usage_estimated);
  g_assert_cmpint (response->usage_id, >, 0);

  /* The request the server saw. */
  g_assert_cmpuint (fake_provider_get_request_count (f->server), ==, 1);
  body = fake_provider_get_last_body (f->server);
  g_assert_nonnull (strstr (body, "\"model\":\"test-model\""));
  g_assert_nonnull (strstr (body, "\"stream\":true"));
  g_assert_nonnull (strstr (body, "\"include_usage\":true"));
  g_assert_nonnull (strstr (body, "\"max_tokens\":100"));
  g_assert_nonnull (strstr (body, "How do I start chapter one?"));
  g_assert_nonnull (strstr (body, "\"role\":\"system\""));
  g_assert_null (strstr (body, "temperature"));
  g_assert_null (strstr (body, "response_format"));
  auth = fake_provider_get_last_header (f->server, "Authorization");
  g_assert_cmpstr (auth, ==, "Bearer " TEST_KEY);

  /* Settled with the provider's usage, and logged. */
  c = credits (f);
  g_assert_cmpint (c->tokens_used, ==, 30);
  g_assert_cmpint (c->tokens_reserved, ==, 0);
  last_usage (f, &u);
  g_assert_cmpint (u.rows, ==, 1);
  g_assert_cmpstr (u.status, ==, "success");
  g_assert_null (u.error);
  g_assert_cmpstr (u.agent, ==, "coach");
  g_assert_cmpstr (u.model, ==, "test-model");
  g_assert_cmpstr (u.provider, ==, "127.0.0.1");
  g_assert_cmpint (u.prompt_tokens, ==, 21);
  g_assert_cmpint (u.completion_tokens, ==, 9);
  g_assert_cmpint (u.tokens_estimated, ==, 0);
  usage_row_clear (&u);
}

static void
test_options (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = load_config (f);
  g_autoptr(GPtrArray) messages = make_messages ("A plan, please.");
  g_autoptr(DfAiResponse) response = NULL;
  g_autofree char *body = NULL;
  DfAiRequest request = {
    .agent = "coach",
    .messages = messages,
    .temperature = 0.5,
    .json_object = TRUE,
  };

  fake_provider_set_reply (f->server, "{\"steps\": []}");
  response = df_ai_complete (config, f->store, &request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response->content, ==, "{\"steps\": []}");
  body = fake_provider_get_last_body (f->server);
  g_assert_nonnull (strstr (body, "\"temperature\":0.5"));
  g_assert_nonnull (strstr (body, "\"response_format\":{\"type\":\"json_object\"}"));
  /* 0 asks for the default. */
  g_assert_nonnull (strstr (body, "\"max_tokens\":1024"));
}

static void
test_no_key (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfAiResponse) response = NULL;
  g_autofree char *auth = NULL;

  /* An empty key: none, without asking the Secret Service (a local
   * Ollama needs no key). */
  g_setenv ("DRAFTFORGE_API_KEY", "", TRUE);
  config = load_config (f);
  g_assert_null (config->api_key);
  response = call (f, config, NULL, &error);
  g_assert_no_error (error);
  auth = fake_provider_get_last_header (f->server, "authorization");
  g_assert_null (auth);
}

static void
test_no_secret_service (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfAiResponse) response = NULL;
  g_autofree char *old_bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_autofree char *no_bus = g_strdup_printf ("unix:path=%s/no-such-bus", f->dir);
  g_autofree char *auth = NULL;

  /* No key in the environment and no Secret Service to ask: no key, and
   * no error (a local Ollama works without one). */
  g_unsetenv ("DRAFTFORGE_API_KEY");
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", no_bus, TRUE);
  config = df_ai_config_load (f->store, NULL, &error);
  if (old_bus != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", old_bus, TRUE);
  else
    g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_null (config->api_key);
  g_assert_cmpstr (config->base_url, ==, f->base_url);

  response = call (f, config, NULL, &error);
  g_assert_no_error (error);
  auth = fake_provider_get_last_header (f->server, "authorization");
  g_assert_null (auth);
}

/* The key kept in a real Secret Service (GNOME Keyring on a bus of the
 * test's own) by the command line, which opens libsecret only then, and
 * sent to the provider from there by `ai test`; gone after clear-key. */
static void
test_key_in_keyring (Fixture       *f,
                     gconstpointer  data)
{
  SyncKeyring k = { 0 };
  g_autofree char *auth = NULL;
  g_autoptr(DfTestRun) stored = NULL;
  g_autoptr(DfTestRun) shown = NULL;
  g_autoptr(DfTestRun) tested = NULL;
  g_autoptr(DfTestRun) cleared = NULL;
  g_autoptr(DfTestRun) gone = NULL;

  if (!df_test_have_cli ())
    return;
  if (!sync_keyring_start (&k, f->dir))
    {
      g_test_skip ("gnome-keyring-daemon is not installed (Debian: gnome-keyring)");
      return;
    }
  {
    const char * const env[] = { k.env_bus, "DRAFTFORGE_API_KEY", NULL };

    stored = df_test_run_cli_args (f->db_path, env, "sk-kept-in-the-keyring\n", "ai", "set-key", NULL);
    df_test_assert_run_ok (stored);
    df_test_assert_contains (stored->out, "stored in the keyring");
    shown = df_test_run_cli_args (f->db_path, env, NULL, "ai", "show", "--json", NULL);
    df_test_assert_run_ok (shown);
    df_test_assert_contains (shown->out, "\"key_source\" : \"keyring\"");
    g_assert_null (strstr (shown->out, "sk-kept-in-the-keyring"));
    tested = df_test_run_cli_args (f->db_path, env, NULL, "ai", "test", NULL);
    df_test_assert_run_ok (tested);
    auth = fake_provider_get_last_header (f->server, "authorization");
    g_assert_cmpstr (auth, ==, "Bearer sk-kept-in-the-keyring");
    cleared = df_test_run_cli_args (f->db_path, env, NULL, "ai", "clear-key", NULL);
    df_test_assert_run_ok (cleared);
    gone = df_test_run_cli_args (f->db_path, env, NULL, "ai", "show", "--json", NULL);
    df_test_assert_contains (gone->out, "\"key_set\" : false");
  }
  sync_keyring_stop (&k);
}

static void
test_no_usage (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = load_config (f);
  g_autoptr(DfAiResponse) response = NULL;
  g_autoptr(DfCredits) c = NULL;
  UsageRow u;

  fake_provider_set_reply (f->server, LONG_REPLY);
  fake_provider_set_fault (f->server, FAKE_FAULT_NO_USAGE, 0, 1);
  response = call (f, config, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response->content, ==, LONG_REPLY);
  g_assert_true (response->usage_estimated);
  g_assert_cmpint (response->completion_tokens, ==, df_ai_estimate_tokens (LONG_REPLY));
  g_assert_cmpint (response->prompt_tokens, >, 0);

  c = credits (f);
  g_assert_cmpint (c->tokens_used, ==, response->prompt_tokens + response->completion_tokens);
  g_assert_cmpint (c->tokens_reserved, ==, 0);
  last_usage (f, &u);
  g_assert_cmpstr (u.status, ==, "success");
  g_assert_cmpint (u.tokens_estimated, ==, 1);
  usage_row_clear (&u);
}

static void
test_not_streaming (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = load_config (f);
  g_autoptr(GPtrArray) deltas = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DfAiResponse) response = NULL;

  /* Some servers ignore "stream": one JSON answer is accepted. */
  fake_provider_set_reply (f->server, "All at once.");
  fake_provider_set_usage (f->server, 5, 3);
  fake_provider_set_fault (f->server, FAKE_FAULT_NOT_STREAMING, 0, 1);
  response = call (f, config, deltas, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response->content, ==, "All at once.");
  g_assert_cmpuint (deltas->len, ==, 1);
  g_assert_cmpint (response->prompt_tokens, ==, 5);
  g_assert_cmpint (response->completion_tokens, ==, 3);
  g_assert_false (response->usage_estimated);
}

static void
test_delay (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = load_config (f);
  g_autoptr(DfAiResponse) response = NULL;

  fake_provider_set_fault (f->server, FAKE_FAULT_DELAY, 300, 1);
  response = call (f, config, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response->content, ==, "Hello from the fake provider.");
}

/* ---- faults ------------------------------------------------------------ */

typedef struct
{
  FakeFault   fault;
  int         param;
  DfAiError   code;
  guint       requests;    /* the server sees this many */
  const char *status;
  const char *in_message;  /* a piece of the message */
} FaultCase;

static const FaultCase fault_cases[] = {
  { FAKE_FAULT_UNAUTHORIZED, 0, DF_AI_ERROR_KEY_REFUSED, 1, "failed", "set-key" },
  { FAKE_FAULT_MODEL_NOT_FOUND, 0, DF_AI_ERROR_MODEL_NOT_FOUND, 1, "failed", "test-model" },
  { FAKE_FAULT_QUOTA, 0, DF_AI_ERROR_QUOTA, 1, "failed", "quota" },
  { FAKE_FAULT_MALFORMED, 0, DF_AI_ERROR_BAD_RESPONSE, 1, "failed", "OpenAI-compatible" },
  { FAKE_FAULT_HTML, 0, DF_AI_ERROR_BAD_RESPONSE, 1, "failed", "text/html" },
  { FAKE_FAULT_CUT, 2, DF_AI_ERROR_TRUNCATED, 1, "failed", "stopped before the end" },
  /* The provider's own message is passed on, with the key it echoed scrubbed. */
  { FAKE_FAULT_BAD_REQUEST, 0, DF_AI_ERROR_FAILED, 1, "failed", "max_tokens is too large for this model" },
};

static void
test_fault (Fixture       *f,
            gconstpointer  data)
{
  const FaultCase *fc = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = load_config (f);
  g_autoptr(GPtrArray) deltas = g_ptr_array_new_with_free_func (g_free);

  fake_provider_set_reply (f->server, LONG_REPLY);
  /* Every try would fail: the count says how many were made. */
  fake_provider_set_fault (f->server, fc->fault, fc->param, G_MAXUINT);
  error = call_fails (f, config, deltas, fc->code, fc->in_message);
  g_assert_cmpuint (fake_provider_get_request_count (f->server), ==, fc->requests);
  assert_not_charged (f, 0, fc->status);

  if (fc->fault == FAKE_FAULT_BAD_REQUEST)
    g_assert_nonnull (strstr (error->message, "from key ***"));
  if (fc->fault == FAKE_FAULT_CUT)
    {
      g_autofree char *partial = joined (deltas);

      /* Part of the answer came, and is not charged. */
      g_assert_cmpuint (deltas->len, >, 0);
      g_assert_true (g_str_has_prefix (LONG_REPLY, partial));
      g_assert_cmpstr (partial, !=, LONG_REPLY);
    }
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = load_config (f);
  g_autoptr(DfAiResponse) response = NULL;
  g_autoptr(DfAiResponse) response2 = NULL;
  g_autoptr(DfCredits) c = NULL;
  gint64 start;

  /* Retry-After in seconds: one 429, then an answer. */
  fake_provider_set_usage (f->server, 4, 6);
  fake_provider_set_fault (f->server, FAKE_FAULT_RATE_LIMIT, 1, 1);
  start = g_get_monotonic_time ();
  response = call (f, config, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response->content, ==, "Hello from the fake provider.");
  g_assert_cmpuint (fake_provider_get_request_count (f->server), ==, 2);
  /* The client waited as asked (a lower bound, not a timing budget). */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);

  /* retry-after-ms, twice, then an answer. */
  fake_provider_set_fault (f->server, FAKE_FAULT_RATE_LIMIT_MS, 20, 2);
  response2 = call (f, config, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_provider_get_request_count (f->server), ==, 5);

  /* Only the answered calls are charged. */
  c = credits (f);
  g_assert_cmpint (c->tokens_used, ==, 20);
  g_assert_cmpint (c->tokens_reserved, ==, 0);
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = load_config (f);

  fake_provider_set_fault (f->server, FAKE_FAULT_RATE_LIMIT_MS, 10, G_MAXUINT);
  error = call_fails (f, config, NULL, DF_AI_ERROR_RATE_LIMITED, NULL);
  g_assert_cmpuint (fake_provider_get_request_count (f->server), ==, config->max_retries + 1);
  assert_not_charged (f, 0, "rate_limited");
}

static void
test_unavailable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = load_config (f);
  g_autoptr(DfAiResponse) response = NULL;
  g_autoptr(GError) failure = NULL;
  g_autoptr(DfCredits) c = NULL;

  /* One 503, then an answer. */
  fake_provider_set_fault (f->server, FAKE_FAULT_UNAVAILABLE, 20, 1);
  response = call (f, config, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_provider_get_request_count (f->server), ==, 2);
  c = credits (f);
  g_assert_cmpint (c->tokens_used, >, 0);

  /* 500 on every try (no Retry-After: backoff): SERVER after the retries. */
  config->max_retries = 1;
  fake_provider_set_fault (f->server, FAKE_FAULT_SERVER_ERROR, 0, G_MAXUINT);
  failure = call_fails (f, config, NULL, DF_AI_ERROR_SERVER, "500");
  g_assert_cmpuint (fake_provider_get_request_count (f->server), ==, 4);
  assert_not_charged (f, c->tokens_used, "failed");
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = NULL;

  g_setenv ("DRAFTFORGE_AI_TIMEOUT", "1", TRUE);
  config = load_config (f);
  g_assert_cmpfloat (config->total_timeout, ==, 1.0);
  g_assert_cmpfloat (config->idle_timeout, ==, 1.0);
  g_assert_cmpfloat (config->connect_timeout, ==, 1.0);

  fake_provider_set_fault (f->server, FAKE_FAULT_HANG, 0, G_MAXUINT);
  error = call_fails (f, config, NULL, DF_AI_ERROR_TIMEOUT, "DRAFTFORGE_AI_TIMEOUT");
  /* A timeout is not retried. */
  g_assert_cmpuint (fake_provider_get_request_count (f->server), ==, 1);
  assert_not_charged (f, 0, "timeout");
}

static void
test_connection_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(GError) failure = NULL;
  g_autofree char *url = NULL;

  /* A port nobody listens on: bound, noted, closed. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/v1", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  g_setenv ("DRAFTFORGE_AI_BASE_URL", url, TRUE);
  config = load_config (f);
  failure = call_fails (f, config, NULL, DF_AI_ERROR_CONNECTION_REFUSED, url);
  assert_not_charged (f, 0, "failed");
}

static void
test_name_not_resolved (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfAiResponse) response = NULL;

  if (g_strcmp0 (g_getenv ("DRAFTFORGE_TEST_DNS"), "1") != 0)
    {
      /* The look-up must not leave this machine: the command line asks in
       * a network namespace of its own, which has no network at all. */
      const char *cli = g_getenv ("DRAFTFORGE_CLI");
      g_autofree char *unshare = g_find_program_in_path ("unshare");
      g_autoptr(DfTestRun) run = NULL;
      const char *db = df_store_get_path (f->store);

      int status = -1;

      if (unshare == NULL || cli == NULL ||
          !g_spawn_command_line_sync ("unshare --net true", NULL, NULL, &status, NULL) ||
          !g_spawn_check_wait_status (status, NULL))
        {
          g_test_skip ("needs `unshare --net` (root) to look a name up without traffic off this machine; "
                       "or set DRAFTFORGE_TEST_DNS=1 to ask the system resolver");
          return;
        }

      run = df_test_run (NULL,
                         DF_TEST_STRV ("DRAFTFORGE_AI_BASE_URL=http://draftforge-test.invalid/v1",
                                       "DRAFTFORGE_AI_MODEL=test-model", "DRAFTFORGE_API_KEY="),
                         NULL, DF_TEST_STRV (unshare, "--net", "--", cli, "--db", db, "ai", "test"));
      g_assert_cmpint (run->status, ==, 1);
      g_test_message ("%s", run->err);
      /* The message the client gives for DF_AI_ERROR_NAME_NOT_RESOLVED. */
      g_assert_nonnull (strstr (run->err, "host name “draftforge-test.invalid” cannot be found"));
      return;
    }

  /* .invalid never resolves (RFC 6761). */
  g_setenv ("DRAFTFORGE_AI_BASE_URL", "http://draftforge-test.invalid/v1", TRUE);
  config = load_config (f);
  response = call (f, config, NULL, &error);
  g_assert_null (response);
  g_test_message ("%s", error->message);
  /* Where the machine has no resolver at all, the name cannot be looked
   * up and libcurl may report that as a failed connection instead: only
   * for this case is CONNECTION_REFUSED accepted too. */
  if (!g_error_matches (error, DF_AI_ERROR, DF_AI_ERROR_CONNECTION_REFUSED))
    {
      g_assert_error (error, DF_AI_ERROR, DF_AI_ERROR_NAME_NOT_RESOLVED);
      g_assert_nonnull (strstr (error->message, "draftforge-test.invalid"));
    }
  assert_not_charged (f, 0, "failed");
}

static void
test_budget (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = load_config (f);
  g_autoptr(GError) failure = NULL;
  g_autoptr(DfCredits) c = NULL;

  df_credits_set_budget (f->store, f->profile_id, 50, NULL, &error);
  g_assert_no_error (error);
  /* 100 max_tokens plus the prompt cannot fit in 50. */
  failure = call_fails (f, config, NULL, DF_AI_ERROR_BUDGET, NULL);
  g_assert_cmpuint (fake_provider_get_request_count (f->server), ==, 0);
  c = credits (f);
  g_assert_cmpint (c->tokens_used, ==, 0);
  g_assert_cmpint (c->tokens_reserved, ==, 0);
}

static void
cancel_on_first_delta (const char *delta,
                       gpointer    user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = load_config (f);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) messages = make_messages ("Tell me a long story.");
  g_autoptr(DfAiResponse) response = NULL;
  DfAiRequest request = { .agent = "coach", .messages = messages, .max_tokens = 100, .temperature = -1 };

  fake_provider_set_reply (f->server, LONG_REPLY LONG_REPLY LONG_REPLY);
  response = df_ai_complete (config, f->store, &request, cancel_on_first_delta, cancellable, cancellable, &error);
  g_assert_null (response);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_canceled (f);

  /* Cancelled before it starts: no traffic. */
  g_clear_error (&error);
  response = df_ai_complete (config, f->store, &request, NULL, NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake_provider_get_request_count (f->server), ==, 1);
}

/* ---- Stop while the provider is silent --------------------------------- */

/* Only guards against a hang: how fast the call returns is not asserted. */
#define WATCHDOG_MS 10000

typedef struct
{
  FakeProvider *server;
  GCancellable *cancellable;
  gboolean      wait_for_delta;   /* the stall: the client has its delta too */
  GMutex        lock;
  GCond         cond;
  guint         deltas;
  gboolean      returned;         /* df_ai_complete has returned */
  gboolean      silent;           /* the provider went silent before the cancel */
} SilentCancel;

static void
silent_cancel_delta (const char *delta,
                     gpointer    user_data)
{
  SilentCancel *s = user_data;

  g_mutex_lock (&s->lock);
  s->deltas++;
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
}

/* The Stop button, from another thread: once the provider is silent (and
 * the client has the delta sent before the silence), cancels; then waits
 * for the call to return, and fails the test if it never does. */
static gpointer
cancel_when_silent (gpointer data)
{
  SilentCancel *s = data;
  gint64 deadline = g_get_monotonic_time () + WATCHDOG_MS * G_TIME_SPAN_MILLISECOND;
  gboolean returned;

  s->silent = fake_provider_wait_silent (s->server, 1, WATCHDOG_MS);
  g_mutex_lock (&s->lock);
  while (s->wait_for_delta && s->deltas == 0 && !s->returned)
    if (!g_cond_wait_until (&s->cond, &s->lock, deadline))
      break;
  g_mutex_unlock (&s->lock);

  g_cancellable_cancel (s->cancellable);

  deadline = g_get_monotonic_time () + WATCHDOG_MS * G_TIME_SPAN_MILLISECOND;
  g_mutex_lock (&s->lock);
  while (!s->returned)
    if (!g_cond_wait_until (&s->cond, &s->lock, deadline))
      break;
  returned = s->returned;
  g_mutex_unlock (&s->lock);
  if (!returned)
    g_error ("df_ai_complete has not returned %d s after it was cancelled", WATCHDOG_MS / 1000);
  return NULL;
}

static void
test_cancel_silent (Fixture       *f,
                    gconstpointer  data)
{
  FakeFault fault = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = load_config (f);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) messages = make_messages ("Tell me a long story.");
  g_autoptr(DfAiResponse) response = NULL;
  DfAiRequest request = { .agent = "coach", .messages = messages, .max_tokens = 100, .temperature = -1 };
  SilentCancel s = { 0 };
  GThread *canceller;

  /* FAKE_FAULT_STALL: the first delta, then silence with the stream open;
   * FAKE_FAULT_HANG: silence before the response's first byte.  Either
   * way curl has nothing to read when Stop comes. */
  fake_provider_set_reply (f->server, LONG_REPLY);
  fake_provider_set_fault (f->server, fault, 1, 1);
  s.server = f->server;
  s.cancellable = cancellable;
  s.wait_for_delta = fault == FAKE_FAULT_STALL;
  g_mutex_init (&s.lock);
  g_cond_init (&s.cond);

  canceller = g_thread_new ("canceller", cancel_when_silent, &s);
  response = df_ai_complete (config, f->store, &request, silent_cancel_delta, &s, cancellable, &error);
  g_mutex_lock (&s.lock);
  s.returned = TRUE;
  g_cond_broadcast (&s.cond);
  g_mutex_unlock (&s.lock);
  g_thread_join (canceller);

  g_assert_true (s.silent);
  g_assert_null (response);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (s.deltas, ==, fault == FAKE_FAULT_STALL ? 1 : 0);
  /* One request, not retried; nothing charged; logged as canceled. */
  g_assert_cmpuint (fake_provider_get_request_count (f->server), ==, 1);
  assert_canceled (f);

  /* The client let the connection go and works on. */
  g_clear_pointer (&response, df_ai_response_free);
  g_clear_error (&error);
  response = call (f, config, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response->content, ==, LONG_REPLY);

  g_mutex_clear (&s.lock);
  g_cond_clear (&s.cond);
}

static void
test_not_configured (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfAiResponse) response = NULL;

  g_unsetenv ("DRAFTFORGE_AI_BASE_URL");
  g_unsetenv ("DRAFTFORGE_AI_MODEL");
  config = load_config (f);
  g_assert_null (config->base_url);
  response = call (f, config, NULL, &error);
  g_assert_error (error, DF_AI_ERROR, DF_AI_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "ai set base-url"));
  g_assert_cmpuint (fake_provider_get_request_count (f->server), ==, 0);
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfAiConfig) overridden = NULL;
  g_autofree char *long_name = g_strnfill (201, 'm');
  g_autofree char *value = NULL;
  static const char *bad_urls[] = { "ftp://example.org/v1", "localhost:11434", "http://", "", "https://user:sk-x@example.org/v1" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      /* An empty value clears; the others are refused. */
      gboolean ok = df_ai_settings_set (f->store, NULL, "base-url", bad_urls[i], &error);

      if (*bad_urls[i] == '\0')
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          continue;
        }
      g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
      g_assert_false (ok);
      g_clear_error (&error);
    }
  g_assert_false (df_ai_settings_set (f->store, NULL, "model", long_name, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (df_ai_settings_set (f->store, NULL, "colour", "blue", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (df_ai_settings_set (f->store, "no-such-profile", "model", "x", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (df_ai_settings_set (f->store, NULL, "base-url", "http://localhost:11434/v1/", &error));
  g_assert_no_error (error);
  g_assert_true (df_ai_settings_set (f->store, f->profile_id, "model", "llama3.2", &error));
  g_assert_no_error (error);
  value = df_ai_settings_get (f->store, NULL, "base-url");
  g_assert_cmpstr (value, ==, "http://localhost:11434/v1");
  g_free (value);
  value = df_ai_settings_get (f->store, f->profile_id, "model");
  g_assert_cmpstr (value, ==, "llama3.2");

  /* Stored values, then the environment over them. */
  g_unsetenv ("DRAFTFORGE_AI_BASE_URL");
  g_unsetenv ("DRAFTFORGE_AI_MODEL");
  config = load_config (f);
  g_assert_cmpstr (config->base_url, ==, "http://localhost:11434/v1");
  g_assert_cmpstr (config->model, ==, "llama3.2");
  g_assert_cmpstr (config->api_key, ==, TEST_KEY);
  g_assert_cmpfloat (config->connect_timeout, ==, 10.0);
  g_assert_cmpfloat (config->total_timeout, ==, 300.0);
  g_assert_cmpfloat (config->idle_timeout, ==, 60.0);
  g_setenv ("DRAFTFORGE_AI_BASE_URL", f->base_url, TRUE);
  g_setenv ("DRAFTFORGE_AI_MODEL", "test-model", TRUE);
  overridden = load_config (f);
  g_assert_cmpstr (overridden->base_url, ==, f->base_url);
  g_assert_cmpstr (overridden->model, ==, "test-model");

  /* The model can be cleared. */
  g_assert_true (df_ai_settings_set (f->store, NULL, "model", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&value, g_free);
  value = df_ai_settings_get (f->store, NULL, "model");
  g_assert_null (value);
}

static void
test_ai_test (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiConfig) config = load_config (f);
  g_autoptr(DfAiResponse) response = NULL;
  g_autoptr(DfAiResponse) refused = NULL;
  g_autofree char *body = NULL;

  fake_provider_set_reply (f->server, "OK");
  response = df_ai_test (config, f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response->content, ==, "OK");
  body = fake_provider_get_last_body (f->server);
  g_assert_nonnull (strstr (body, "Reply with the word OK."));
  g_assert_nonnull (strstr (body, "\"max_tokens\":5"));

  fake_provider_set_fault (f->server, FAKE_FAULT_MODEL_NOT_FOUND, 0, 1);
  refused = df_ai_test (config, f->store, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, DF_AI_ERROR, DF_AI_ERROR_MODEL_NOT_FOUND);
  remember_error (error);
}

/* ---- the asynchronous variant ----------------------------------------- */

typedef struct
{
  GPtrArray    *deltas;
  gboolean      completed;
  gboolean      delta_after_completion;
  gboolean      delta_data_freed;
  GThread      *main_thread;
  gboolean      wrong_thread;
  DfAiResponse *response;
  GError       *error;
} AsyncState;

static void
async_delta (const char *delta,
             gpointer    user_data)
{
  AsyncState *s = user_data;

  if (s->completed)
    s->delta_after_completion = TRUE;
  if (g_thread_self () != s->main_thread)
    s->wrong_thread = TRUE;
  g_ptr_array_add (s->deltas, g_strdup (delta));
}

static void
async_delta_data_free (gpointer user_data)
{
  AsyncState *s = user_data;

  s->delta_data_freed = TRUE;
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *s = user_data;

  s->response = df_ai_complete_finish (result, &s->error);
  s->completed = TRUE;
}

static gboolean
async_finished (gpointer data)
{
  AsyncState *s = data;

  return s->completed && s->delta_data_freed;
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = make_messages ("Async, please.");
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  DfAiRequest request = { .agent = "coach", .messages = messages, .max_tokens = 100, .temperature = -1 };
  AsyncState s = { 0 };

  s.deltas = g_ptr_array_new_with_free_func (g_free);
  s.main_thread = g_thread_self ();
  fake_provider_set_reply (f->server, LONG_REPLY);
  fake_provider_set_usage (f->server, 11, 22);

  /* From a main loop on a context of the caller's own. */
  g_main_context_push_thread_default (context);
  df_ai_complete_async (f->db_path, &request, async_delta, &s, async_delta_data_free, NULL, async_done, &s);
  /* The request was copied. */
  g_ptr_array_set_size (messages, 0);
  df_test_wait_until (async_finished, &s);
  g_main_context_pop_thread_default (context);

  g_assert_no_error (s.error);
  g_assert_nonnull (s.response);
  g_assert_false (s.delta_after_completion);
  g_assert_false (s.wrong_thread);
  g_assert_cmpuint (s.deltas->len, >, 3);
  text = joined (s.deltas);
  g_assert_cmpstr (text, ==, LONG_REPLY);
  g_assert_cmpstr (s.response->content, ==, LONG_REPLY);
  g_assert_cmpint (s.response->prompt_tokens, ==, 11);
  body = fake_provider_get_last_body (f->server);
  g_assert_nonnull (strstr (body, "Async, please."));

  {
    g_autoptr(DfCredits) c = credits (f);

    g_assert_cmpint (c->tokens_used, ==, 33);
  }
  df_ai_response_free (s.response);
  g_ptr_array_unref (s.deltas);
}

static void
test_async_error (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = make_messages ("Async, please.");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  DfAiRequest request = { .agent = "coach", .messages = messages, .temperature = -1 };
  AsyncState s = { 0 };

  s.deltas = g_ptr_array_new_with_free_func (g_free);
  s.main_thread = g_thread_self ();
  fake_provider_set_fault (f->server, FAKE_FAULT_UNAUTHORIZED, 0, 1);
  df_ai_complete_async (f->db_path, &request, async_delta, &s, async_delta_data_free, NULL, async_done, &s);
  df_test_wait_until (async_finished, &s);
  g_assert_null (s.response);
  g_assert_error (s.error, DF_AI_ERROR, DF_AI_ERROR_KEY_REFUSED);
  remember_error (s.error);
  g_assert_null (strstr (s.error->message, TEST_KEY));
  g_assert_cmpuint (s.deltas->len, ==, 0);
  g_clear_error (&s.error);
  g_ptr_array_unref (s.deltas);
}

typedef struct
{
  GCancellable *cancellable;
  guint         deltas;
  gboolean      completed;
  GError       *error;
} CancelState;

static void
cancel_from_main (const char *delta,
                  gpointer    user_data)
{
  CancelState *s = user_data;

  s->deltas++;
  g_cancellable_cancel (s->cancellable);
}

static void
cancel_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CancelState *s = user_data;
  DfAiResponse *response = df_ai_complete_finish (result, &s->error);

  g_assert_null (response);
  s->completed = TRUE;
}

static void
test_async_cancel (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = make_messages ("A long story, please.");
  g_autoptr(GString) reply = g_string_new (NULL);
  g_autoptr(DfCredits) c = NULL;
  DfAiRequest request = { .agent = "coach", .messages = messages, .max_tokens = 100, .temperature = -1 };
  CancelState s = { 0 };

  /* The stop button: cancelled from the first delta, in the main context,
   * while the server keeps the stream open and silent after two deltas
   * (so the answer cannot finish first). */
  for (int i = 0; i < 20; i++)
    g_string_append (reply, LONG_REPLY);
  fake_provider_set_reply (f->server, reply->str);
  fake_provider_set_fault (f->server, FAKE_FAULT_STALL, 2, 1);
  s.cancellable = g_cancellable_new ();
  df_ai_complete_async (f->db_path, &request, cancel_from_main, &s, NULL, s.cancellable, cancel_done, &s);
  df_test_wait_for (&s.completed);
  g_assert_error (s.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Nothing comes after the cancel (the second delta, if already posted,
   * is dropped). */
  g_assert_cmpuint (s.deltas, ==, 1);
  c = credits (f);
  g_assert_cmpint (c->tokens_used, ==, 0);
  g_assert_cmpint (c->tokens_reserved, ==, 0);
  g_clear_error (&s.error);
  g_object_unref (s.cancellable);
}

/* ---- the key never leaks ---------------------------------------------- */

static void
assert_no_key_in_db (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) tables = df_store_prepare (f->store,
                                                     "SELECT name FROM sqlite_master WHERE type = 'table'",
                                                     &error);
  guint n_tables = 0, n_values = 0;

  g_assert_no_error (error);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", (const char *) sqlite3_column_text (tables, 0));
      g_autoptr(sqlite3_stmt) rows = df_store_prepare (f->store, sql, &error);

      g_assert_no_error (error);
      n_tables++;
      while (sqlite3_step (rows) == SQLITE_ROW)
        for (int col = 0; col < sqlite3_column_count (rows); col++)
          {
            const void *blob = sqlite3_column_blob (rows, col);
            int len = sqlite3_column_bytes (rows, col);

            n_values++;
            if (blob != NULL && len > 0)
              g_assert_null (g_strstr_len (blob, len, TEST_KEY));
          }
    }
  g_assert_cmpuint (n_tables, >, 10);
  g_test_message ("searched %u tables, %u values", n_tables, n_values);
}

static void
test_key_never_leaks (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DfAiConfig) config = load_config (f);
  g_autofree char *auth = NULL;
  const FakeFault faults[] = {
    FAKE_FAULT_NONE, FAKE_FAULT_UNAUTHORIZED, FAKE_FAULT_MODEL_NOT_FOUND, FAKE_FAULT_QUOTA,
    FAKE_FAULT_MALFORMED, FAKE_FAULT_CUT, FAKE_FAULT_HTML, FAKE_FAULT_NO_USAGE, FAKE_FAULT_BAD_REQUEST,
  };
  UsageRow u;

  for (gsize i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DfAiResponse) response = NULL;

      fake_provider_set_fault (f->server, faults[i], 1, 1);
      response = call (f, config, NULL, &error);
      g_assert_true ((response == NULL) == (error != NULL));
    }
  /* A refusal before any traffic is logged too. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DfAiResponse) response = NULL;

    df_credits_set_budget (f->store, f->profile_id, 1, NULL, &error);
    g_assert_no_error (error);
    response = call (f, config, NULL, &error);
    g_assert_error (error, DF_AI_ERROR, DF_AI_ERROR_BUDGET);
  }

  /* The provider echoed the key in its 401: the client scrubbed it. */
  auth = fake_provider_get_last_header (f->server, "authorization");
  g_assert_cmpstr (auth, ==, "Bearer " TEST_KEY);
  last_usage (f, &u);
  g_assert_cmpint (u.rows, ==, G_N_ELEMENTS (faults) + 1);
  usage_row_clear (&u);

  assert_no_key_in_db (f);

  g_mutex_lock (&log_lock);
  /* The capture works (the client logs each request at debug level)... */
  g_assert_nonnull (strstr (captured_log->str, "AI request"));
  /* ...and holds no key, nor does any error message of any test. */
  g_assert_null (strstr (captured_log->str, TEST_KEY));
  g_assert_cmpuint (seen_messages->len, >, 0);
  g_assert_null (strstr (seen_messages->str, TEST_KEY));
  g_test_message ("searched %" G_GSIZE_FORMAT " bytes of log and %" G_GSIZE_FORMAT " bytes of error messages",
                  captured_log->len, seen_messages->len);
  g_mutex_unlock (&log_lock);
}

/* ---- 1,000 calls, no leak --------------------------------------------- */

static long
rss_kib (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return -1;
  if (sscanf (statm, "%ld %ld", &pages, &resident) != 2)
    return -1;
  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

static void
test_thousand_calls (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DfAiConfig) config = load_config (f);
  g_autoptr(DfCredits) c = NULL;
  long before = 0, after_100 = 0, after;

  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) deltas = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(DfAiResponse) response = call (f, config, deltas, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (response->content, ==, "Hello from the fake provider.");
      if (i == 9)
        before = rss_kib ();
      if (i == 99)
        after_100 = rss_kib ();
    }
  after = rss_kib ();
  g_test_message ("RSS after 10 calls %ld KiB, after 100 %ld KiB, after 1000 %ld KiB", before, after_100, after);
  g_assert_cmpuint (fake_provider_get_request_count (f->server), ==, 1000);
  c = credits (f);
  g_assert_cmpint (c->tokens_reserved, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  static const char *proxies[] = { "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" };

  g_test_init (&argc, &argv, NULL);
  /* Loopback only: no proxy in between. */
  for (gsize i = 0; i < G_N_ELEMENTS (proxies); i++)
    g_unsetenv (proxies[i]);
  captured_log = g_string_new (NULL);
  seen_messages = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_log_set_default_handler (capture_handler, NULL);

  DF_TEST_ADD ("/ai/stream", test_stream);
  DF_TEST_ADD ("/ai/options", test_options);
  DF_TEST_ADD ("/ai/no-key", test_no_key);
  DF_TEST_ADD ("/ai/no-secret-service", test_no_secret_service);
  DF_TEST_ADD ("/ai/key-in-keyring", test_key_in_keyring);
  DF_TEST_ADD ("/ai/no-usage", test_no_usage);
  DF_TEST_ADD ("/ai/not-streaming", test_not_streaming);
  DF_TEST_ADD ("/ai/delay", test_delay);
  DF_TEST_ADD_DATA ("/ai/fault-401", &fault_cases[0], test_fault);
  DF_TEST_ADD_DATA ("/ai/fault-404", &fault_cases[1], test_fault);
  DF_TEST_ADD_DATA ("/ai/fault-quota", &fault_cases[2], test_fault);
  DF_TEST_ADD_DATA ("/ai/fault-malformed", &fault_cases[3], test_fault);
  DF_TEST_ADD_DATA ("/ai/fault-html", &fault_cases[4], test_fault);
  DF_TEST_ADD_DATA ("/ai/fault-cut", &fault_cases[5], test_fault);
  DF_TEST_ADD_DATA ("/ai/fault-400", &fault_cases[6], test_fault);
  DF_TEST_ADD ("/ai/retry-after", test_retry_after);
  DF_TEST_ADD ("/ai/rate-limited", test_rate_limited);
  DF_TEST_ADD ("/ai/unavailable", test_unavailable);
  DF_TEST_ADD ("/ai/timeout", test_timeout);
  DF_TEST_ADD ("/ai/connection-refused", test_connection_refused);
  DF_TEST_ADD ("/ai/name-not-resolved", test_name_not_resolved);
  DF_TEST_ADD ("/ai/budget", test_budget);
  DF_TEST_ADD ("/ai/cancel", test_cancel);
  DF_TEST_ADD_DATA ("/ai/cancel-silent-stream", GINT_TO_POINTER (FAKE_FAULT_STALL), test_cancel_silent);
  DF_TEST_ADD_DATA ("/ai/cancel-silent-before-answer", GINT_TO_POINTER (FAKE_FAULT_HANG), test_cancel_silent);
  DF_TEST_ADD ("/ai/not-configured", test_not_configured);
  DF_TEST_ADD ("/ai/settings", test_settings);
  DF_TEST_ADD ("/ai/ai-test", test_ai_test);
  DF_TEST_ADD ("/ai/async", test_async);
  DF_TEST_ADD ("/ai/async-error", test_async_error);
  DF_TEST_ADD ("/ai/async-cancel", test_async_cancel);
  DF_TEST_ADD ("/ai/thousand-calls", test_thousand_calls);
  /* Last: it searches everything the others logged. */
  DF_TEST_ADD ("/ai/key-never-leaks", test_key_never_leaks);

  return g_test_run ();
}
