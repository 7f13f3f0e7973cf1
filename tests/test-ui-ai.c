/* test-ui-ai.c: the AI and Credits pages of the preferences, and the
 * chart in token mode
 *
 * Drives the real widgets as a user would (typing into the rows, pressing
 * apply and the buttons) against a temporary database and the tests' own
 * provider on loopback (fake-provider.h), and checks what ends up in the
 * store and on screen, and that the API key is never shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "df-ai.h"
#include "df-ai-page.h"
#include "df-credits.h"
#include "df-credits-page.h"
#include "df-model.h"
#include "df-word-chart.h"
#include "ui-test-util.h"

#define ENV_KEY   "sk-test-SECRET"
#define TYPED_KEY "sk-typed-SECRET"
#define TODAY     "2024-06-15"

typedef struct
{
  DfStore   *store;
  DfSession *session;
  char      *dir;
  char      *profile_id;
  GtkWidget *window;
  GtkWidget *page;
  GPtrArray *toasts;          /* what the page asked win.toast to show */
} Fixture;

static void
toast_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->toasts, g_variant_dup_string (parameter, NULL));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  gboolean with_profile = GPOINTER_TO_INT (data) == 0;

  f->toasts = g_ptr_array_new_with_free_func (g_free);
  if (!ui_test_have_display ())
    return;

  f->store = ui_test_store_new (&f->dir);
  f->session = df_session_new_for_store (f->store, NULL);
  if (with_profile)
    {
      g_autoptr(DfProfile) profile = df_test_make_profile (f->store, "Amina");

      f->profile_id = g_strdup (profile->id);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (f->window), (gpointer *)&f->window);
      ui_test_window_destroy (f->window);
    }
  ui_test_flush ();
  /* Nothing holds the page once its window is gone. */
  if (f->page != NULL)
    g_assert_finalize_object (f->page);
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  g_clear_pointer (&f->dir, df_test_tmp_dir_free);
  g_clear_pointer (&f->profile_id, g_free);
  g_clear_pointer (&f->toasts, g_ptr_array_unref);
  g_unsetenv ("DRAFTFORGE_AI_BASE_URL");
  g_unsetenv ("DRAFTFORGE_AI_MODEL");
  g_unsetenv ("DRAFTFORGE_API_KEY");
}

/* The page in a window that has the application window's "win.toast";
 * the fixture holds the page until the end of the test. */
static void
show_page (Fixture   *f,
           GtkWidget *page)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) toast = g_simple_action_new ("toast", G_VARIANT_TYPE_STRING);
  GtkWidget *window = ui_test_window_new (page, 700, 700);

  g_signal_connect (toast, "activate", G_CALLBACK (toast_activated), f);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (toast));
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));

  f->window = window;
  f->page = page;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&f->window);
  ui_test_flush ();
}

static GtkWidget *
find (Fixture    *f,
      GType       type,
      const char *name)
{
  return ui_test_get (f->page, type, name);
}

static const char *
subtitle_of (Fixture    *f,
             const char *name)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (find (f, ADW_TYPE_ACTION_ROW, name)));
}

/* Every text the page shows: labels, editable text, tooltips. */
static void
collect_texts (GtkWidget *widget,
               GString   *out)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  if (GTK_IS_EDITABLE (widget))
    g_string_append_printf (out, "%s\n", gtk_editable_get_text (GTK_EDITABLE (widget)));
  if (tooltip != NULL)
    g_string_append_printf (out, "%s\n", tooltip);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, out);
}

static void
assert_not_shown (Fixture    *f,
                  const char *secret)
{
  g_autoptr(GString) texts = g_string_new (NULL);

  collect_texts (f->page, texts);
  /* The walk did reach the page's rows. */
  g_assert_nonnull (strstr (texts->str, "Base URL"));
  g_assert_null (strstr (texts->str, secret));
  for (guint i = 0; i < f->toasts->len; i++)
    g_assert_null (strstr (g_ptr_array_index (f->toasts, i), secret));
}

/* ---- the AI page ----------------------------------------------------- */

static void
apply_row (Fixture    *f,
           const char *name,
           const char *text)
{
  GtkWidget *row = find (f, ADW_TYPE_ENTRY_ROW, name);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
  ui_test_flush ();
}

static gboolean
key_status_known (gpointer data)
{
  Fixture *f = data;
  GtkWidget *key_row = find (f, ADW_TYPE_PASSWORD_ENTRY_ROW, "key_row");
  const char *subtitle = subtitle_of (f, "key_status_row");

  /* Nothing is running in the keyring any more. */
  return subtitle != NULL && !g_str_has_suffix (subtitle, "…")
         && (gtk_widget_get_sensitive (key_row) || g_str_has_prefix (subtitle, "No key: set the base URL"));
}

static void
wait_for_keyring (Fixture *f)
{
  ui_test_wait_until (key_status_known, f, 20000);
}

static void
test_ai_no_profile (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *label;

  if (ui_test_skip_without_display ())
    return;

  show_page (f, df_ai_page_new (f->session));

  label = find (f, GTK_TYPE_LABEL, "status_label");
  g_assert_true (gtk_widget_get_visible (find (f, ADW_TYPE_PREFERENCES_GROUP, "status_group")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "no profile"));
  g_assert_false (gtk_widget_get_visible (find (f, ADW_TYPE_PREFERENCES_GROUP, "provider_group")));
  g_assert_false (gtk_widget_get_visible (find (f, ADW_TYPE_PREFERENCES_GROUP, "test_group")));

  /* Once there is a profile, the settings show. */
  {
    g_autoptr(DfProfile) profile = df_test_make_profile (f->store, "Amina");
  }
  df_ai_page_refresh (DF_AI_PAGE (f->page));
  g_assert_false (gtk_widget_get_visible (find (f, ADW_TYPE_PREFERENCES_GROUP, "status_group")));
  g_assert_true (gtk_widget_get_visible (find (f, ADW_TYPE_PREFERENCES_GROUP, "provider_group")));
  wait_for_keyring (f);
}

static void
test_ai_settings (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *base_url = NULL;
  g_autofree char *model = NULL;
  GtkWidget *url_row;

  if (ui_test_skip_without_display ())
    return;

  g_setenv ("DRAFTFORGE_API_KEY", "", TRUE);
  show_page (f, df_ai_page_new (f->session));
  url_row = find (f, ADW_TYPE_ENTRY_ROW, "base_url_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, "");
  g_assert_false (gtk_widget_get_visible (find (f, ADW_TYPE_ACTION_ROW, "base_url_env_row")));
  g_assert_false (gtk_widget_get_visible (find (f, ADW_TYPE_ACTION_ROW, "model_env_row")));
  /* Without a base URL there is nothing to keep a key for. */
  g_assert_false (gtk_widget_get_sensitive (find (f, ADW_TYPE_PASSWORD_ENTRY_ROW, "key_row")));

  apply_row (f, "base_url_row", "http://localhost:11434/v1/");
  apply_row (f, "model_row", "llama3.2");
  g_assert_cmpuint (f->toasts->len, ==, 0);

  base_url = df_ai_settings_get (f->store, f->profile_id, "base-url");
  model = df_ai_settings_get (f->store, f->profile_id, "model");
  g_assert_cmpstr (base_url, ==, "http://localhost:11434/v1");
  g_assert_cmpstr (model, ==, "llama3.2");
  /* The row shows the value as stored. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, "http://localhost:11434/v1");
  g_assert_true (gtk_widget_get_sensitive (find (f, ADW_TYPE_PASSWORD_ENTRY_ROW, "key_row")));

  /* A refused value: a toast saying why, the stored value kept and shown. */
  apply_row (f, "base_url_row", "ftp://x");
  g_assert_cmpuint (f->toasts->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (f->toasts, 0), "http://"));
  g_assert_nonnull (strstr (g_ptr_array_index (f->toasts, 0), "ftp://x"));
  g_clear_pointer (&base_url, g_free);
  base_url = df_ai_settings_get (f->store, f->profile_id, "base-url");
  g_assert_cmpstr (base_url, ==, "http://localhost:11434/v1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, "http://localhost:11434/v1");

  /* A model name with a line break is refused too. */
  apply_row (f, "model_row", "llama\n3");
  g_assert_cmpuint (f->toasts->len, ==, 2);
  g_clear_pointer (&model, g_free);
  model = df_ai_settings_get (f->store, f->profile_id, "model");
  g_assert_cmpstr (model, ==, "llama3.2");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (f, ADW_TYPE_ENTRY_ROW, "model_row"))), ==, "llama3.2");

  /* Shown again later, the page has the stored values. */
  df_ai_page_refresh (DF_AI_PAGE (f->page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, "http://localhost:11434/v1");
  wait_for_keyring (f);
}

static void
test_ai_env_override (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *row;
  const char *subtitle;
  g_autoptr(GError) error = NULL;

  if (ui_test_skip_without_display ())
    return;

  df_ai_settings_set (f->store, f->profile_id, "base-url", "http://localhost:11434/v1", &error);
  g_assert_no_error (error);
  g_setenv ("DRAFTFORGE_AI_BASE_URL", "http://127.0.0.1:8081/v1", TRUE);
  g_setenv ("DRAFTFORGE_AI_MODEL", "env-model", TRUE);
  g_setenv ("DRAFTFORGE_API_KEY", ENV_KEY, TRUE);

  show_page (f, df_ai_page_new (f->session));

  row = find (f, ADW_TYPE_ACTION_ROW, "base_url_env_row");
  g_assert_true (gtk_widget_get_visible (row));
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_nonnull (strstr (subtitle, "DRAFTFORGE_AI_BASE_URL"));
  g_assert_nonnull (strstr (subtitle, "http://127.0.0.1:8081/v1"));
  /* The stored value is still what the row edits. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (f, ADW_TYPE_ENTRY_ROW, "base_url_row"))),
                   ==, "http://localhost:11434/v1");

  row = find (f, ADW_TYPE_ACTION_ROW, "model_env_row");
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "env-model"));

  row = find (f, ADW_TYPE_ACTION_ROW, "key_env_row");
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "DRAFTFORGE_API_KEY"));

  /* The key status is about the base URL in use: the environment's. */
  wait_for_keyring (f);
  subtitle = subtitle_of (f, "key_status_row");
  g_assert_nonnull (strstr (subtitle, "127.0.0.1:8081"));

  assert_not_shown (f, ENV_KEY);
}

static gboolean
test_finished (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_sensitive (find (f, GTK_TYPE_BUTTON, "test_button"));
}

static const char *
run_connection_test (Fixture *f)
{
  GtkWidget *button = find (f, GTK_TYPE_BUTTON, "test_button");
  GtkWidget *label = find (f, GTK_TYPE_LABEL, "test_result_label");

  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (button));
  ui_test_wait_until (test_finished, f, 60000);
  g_assert_true (gtk_widget_get_visible (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
test_ai_connection (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FakeProvider *fake = NULL;
  g_autoptr(GSocketListener) listener = NULL;
  g_autofree char *fake_url = NULL;
  g_autofree char *closed_url = NULL;
  g_autofree char *authorization = NULL;
  guint16 closed_port;
  const char *result;

  if (ui_test_skip_without_display ())
    return;

  fake = df_test_fake_provider_new (&fake_url);
  g_setenv ("DRAFTFORGE_API_KEY", ENV_KEY, TRUE);

  show_page (f, df_ai_page_new (f->session));
  apply_row (f, "base_url_row", fake_url);
  apply_row (f, "model_row", "fake-model");
  g_assert_cmpuint (f->toasts->len, ==, 0);
  wait_for_keyring (f);

  result = run_connection_test (f);
  g_assert_true (g_str_has_prefix (result, "OK: fake-model answered in "));
  g_assert_true (g_str_has_suffix (result, " ms"));
  g_assert_cmpuint (fake_provider_get_request_count (fake), ==, 1);
  /* The environment's key went to the provider, and nowhere on screen. */
  authorization = fake_provider_get_last_header (fake, "Authorization");
  g_assert_cmpstr (authorization, ==, "Bearer " ENV_KEY);
  assert_not_shown (f, ENV_KEY);

  /* A provider that refuses the key, echoing it in its message: the page
   * says so without showing the key. */
  fake_provider_set_fault (fake, FAKE_FAULT_UNAUTHORIZED, 0, 1);
  result = run_connection_test (f);
  g_assert_false (g_str_has_prefix (result, "OK"));
  g_assert_cmpstr (result, !=, "");
  assert_not_shown (f, ENV_KEY);

  /* A port nobody listens on any more. */
  listener = g_socket_listener_new ();
  closed_port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  closed_url = g_strdup_printf ("http://127.0.0.1:%u/v1", closed_port);
  apply_row (f, "base_url_row", closed_url);
  wait_for_keyring (f);

  result = run_connection_test (f);
  g_assert_nonnull (strstr (result, "Nothing answers at"));
  g_assert_nonnull (strstr (result, closed_url));
  g_assert_cmpuint (fake_provider_get_request_count (fake), ==, 2);
  assert_not_shown (f, ENV_KEY);

  fake_provider_free (fake);
}

static gboolean
key_row_idle (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_sensitive (find (f, ADW_TYPE_PASSWORD_ENTRY_ROW, "key_row"))
         && key_status_known (f);
}

/* Whether org.freedesktop.secrets is running, or could be started, on
 * the session bus. */
static gboolean
secret_service_on_bus (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) owner = NULL;
  g_autoptr(GVariant) names = NULL;
  g_autofree const char **list = NULL;

  if (bus == NULL)
    return FALSE;

  owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (owner != NULL)
    {
      gboolean has_owner;
      g_variant_get (owner, "(b)", &has_owner);
      if (has_owner)
        return TRUE;
    }

  names = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                       G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (names == NULL)
    return FALSE;
  g_variant_get (names, "(^a&s)", &list);
  return list != NULL && g_strv_contains (list, "org.freedesktop.secrets");
}

/* A key typed into the row leaves it at once and is never shown.  Run
 * where no Secret Service is on the bus (CI): storing fails with a toast
 * that says so; with a real keyring it would write into it, so it skips. */
static void
test_ai_key_row (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *key_row;
  const char *status;

  if (ui_test_skip_without_display ())
    return;

  if (secret_service_on_bus ())
    {
      g_test_skip ("a Secret Service is on this session bus: this test stores no key in a real keyring");
      return;
    }

  df_ai_settings_set (f->store, f->profile_id, "base-url", "http://127.0.0.1:8082/v1", &error);
  g_assert_no_error (error);

  show_page (f, df_ai_page_new (f->session));
  wait_for_keyring (f);
  key_row = find (f, ADW_TYPE_PASSWORD_ENTRY_ROW, "key_row");

  apply_row (f, "key_row", TYPED_KEY);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");
  ui_test_wait_until (key_row_idle, f, 20000);
  assert_not_shown (f, TYPED_KEY);
  assert_not_shown (f, ENV_KEY);

  status = subtitle_of (f, "key_status_row");
  if (g_str_has_prefix (status, "A key is stored"))
    {
      GtkWidget *remove = find (f, GTK_TYPE_BUTTON, "remove_key_button");

      g_assert_true (gtk_widget_get_sensitive (remove));
      g_signal_emit_by_name (remove, "clicked");
      ui_test_wait_until (key_row_idle, f, 20000);
      g_assert_true (g_str_has_prefix (subtitle_of (f, "key_status_row"), "No key is stored"));
    }
  else
    {
      /* No keyring: the toast says so. */
      g_assert_cmpuint (f->toasts->len, ==, 1);
      g_assert_nonnull (strstr (g_ptr_array_index (f->toasts, 0), "keyring"));
      g_assert_false (gtk_widget_get_sensitive (find (f, GTK_TYPE_BUTTON, "remove_key_button")));
    }

  /* An empty key is refused without going to the keyring. */
  g_ptr_array_set_size (f->toasts, 0);
  apply_row (f, "key_row", "   ");
  g_assert_cmpuint (f->toasts->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (f->toasts, 0), "empty"));
}

/* ---- the Credits page ------------------------------------------------ */

static void
log_usage (Fixture    *f,
           const char *agent,
           const char *created_at,
           gint64      prompt,
           gint64      completion,
           const char *status,
           const char *error_text)
{
  g_autoptr(GError) error = NULL;
  DfUsage usage = {
    .profile_id = f->profile_id,
    .agent = (char *)agent,
    .model = (char *)"fake-model",
    .provider = (char *)"127.0.0.1",
    .prompt_tokens = prompt,
    .completion_tokens = completion,
    .cost = (prompt + completion) / 1000.0 * 0.01,
    .status = (char *)status,
    .error = (char *)error_text,
    .response_time_ms = 120,
    .created_at = (char *)created_at,
  };

  g_assert_cmpint (df_usage_log (f->store, &usage, &error), >, 0);
  g_assert_no_error (error);
}

static char *
tokens_text (gint64 n)
{
  return g_strdup_printf ("%'" PRId64 " %s", n, n == 1 ? "token" : "tokens");
}

static void
seed_usage (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (df_credits_set_budget (f->store, f->profile_id, 100000, "monthly", &error));
  g_assert_no_error (error);
  /* 3,000 used, 2,000 still reserved. */
  g_assert_true (df_credits_reserve (f->store, f->profile_id, "fake-model", 5000, &error));
  g_assert_true (df_credits_settle (f->store, f->profile_id, 5000, 3000, 0.03, &error));
  g_assert_true (df_credits_reserve (f->store, f->profile_id, "fake-model", 2000, &error));
  g_assert_no_error (error);

  /* coach: 5,000 tokens in 4 calls; continuity: 1,300 in 2. */
  log_usage (f, "coach", "2024-06-15T09:00:00Z", 1000, 500, "success", NULL);
  log_usage (f, "coach", "2024-06-14T09:00:00Z", 2000, 1000, "success", NULL);
  log_usage (f, "coach", "2024-06-10T09:00:00Z", 300, 200, "success", NULL);
  log_usage (f, "coach", "2024-06-15T10:00:00Z", 0, 0, "failed",
             "Nothing answers at http://127.0.0.1:9/v1: start the AI server (for a local Ollama, "
             "`ollama serve`) or check the base URL");
  log_usage (f, "continuity", "2024-06-15T08:00:00Z", 400, 100, "success", NULL);
  log_usage (f, "continuity", "2024-06-01T08:00:00Z", 800, 0, "success", NULL);
  /* Older than the chart's 30 days: counted per helper, not charted. */
  log_usage (f, "continuity", "2024-04-01T08:00:00Z", 0, 0, "timeout", "The AI server took too long");
}

static void
test_credits_usage (Fixture       *f,
                    gconstpointer  data)
{
  DfWordChart *chart;
  g_autofree char *used = tokens_text (3000);
  g_autofree char *reserved = tokens_text (2000);
  g_autofree char *left = tokens_text (95000);
  g_autofree char *coach = tokens_text (5000);
  g_autofree char *continuity = tokens_text (1300);
  g_autofree char *coach_subtitle = NULL;
  g_autofree char *continuity_subtitle = NULL;
  g_autofree char *today_tooltip = NULL;
  const char *subtitle;
  GtkWidget *call;

  if (ui_test_skip_without_display ())
    return;

  seed_usage (f);
  show_page (f, df_credits_page_new (f->session));

  g_assert_false (gtk_widget_get_visible (find (f, ADW_TYPE_PREFERENCES_GROUP, "status_group")));
  g_assert_cmpint ((gint64)gtk_spin_button_get_value (GTK_SPIN_BUTTON (find (f, GTK_TYPE_SPIN_BUTTON, "budget_spin"))),
                   ==, 100000);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find (f, ADW_TYPE_COMBO_ROW, "period_row"))), ==, 2);
  g_assert_cmpstr (subtitle_of (f, "used_row"), ==, used);
  g_assert_cmpstr (subtitle_of (f, "reserved_row"), ==, reserved);
  g_assert_cmpstr (subtitle_of (f, "left_row"), ==, left);
  subtitle = subtitle_of (f, "current_period_row");
  g_assert_nonnull (strstr (subtitle, "June 1, 2024"));
  g_assert_nonnull (strstr (subtitle, "renews on July 1, 2024"));
  g_assert_true (g_str_has_prefix (subtitle_of (f, "cost_cap_row"), "None"));
  g_assert_cmpstr (subtitle_of (f, "cost_used_row"), ==, "0.0300");

  /* Per helper, most tokens first. */
  coach_subtitle = g_strdup_printf ("%s · 4 calls · cost 0.0500", coach);
  continuity_subtitle = g_strdup_printf ("%s · 3 calls · cost 0.0130", continuity);
  g_assert_cmpstr (subtitle_of (f, "agent-coach"), ==, coach_subtitle);
  g_assert_cmpstr (subtitle_of (f, "agent-continuity"), ==, continuity_subtitle);
  g_assert_null (ui_test_find (f->page, ADW_TYPE_ACTION_ROW, "agents-empty"));
  /* Each helper's bar: the busiest is full, the other shorter. */
  {
    GtkWidget *coach_bar = ui_test_find (ui_test_find (f->page, ADW_TYPE_ACTION_ROW, "agent-coach"),
                                         GTK_TYPE_LEVEL_BAR, "agent-bar");
    GtkWidget *continuity_bar = ui_test_find (ui_test_find (f->page, ADW_TYPE_ACTION_ROW, "agent-continuity"),
                                              GTK_TYPE_LEVEL_BAR, "agent-bar");

    g_assert_nonnull (coach_bar);
    g_assert_nonnull (continuity_bar);
    g_assert_cmpfloat (gtk_level_bar_get_value (GTK_LEVEL_BAR (coach_bar)), ==, 1.0);
    g_assert_cmpfloat (gtk_level_bar_get_value (GTK_LEVEL_BAR (continuity_bar)), <, 1.0);
    g_assert_cmpfloat (gtk_level_bar_get_value (GTK_LEVEL_BAR (continuity_bar)), >, 0.0);
  }

  /* Tokens per day: 30 days up to today, the tallest 3,000 on June 14. */
  chart = DF_WORD_CHART (find (f, DF_TYPE_WORD_CHART, "chart"));
  g_assert_cmpint (df_word_chart_get_unit (chart), ==, DF_CHART_UNIT_TOKENS);
  g_assert_cmpuint (df_word_chart_get_n_days (chart), ==, 30);
  g_assert_cmpint (df_word_chart_get_max (chart), ==, 3000);
  g_assert_nonnull (strstr (df_word_chart_get_accessible_label (chart), "token"));
  g_assert_null (strstr (df_word_chart_get_accessible_label (chart), "ord"));
  g_assert_nonnull (strstr (df_word_chart_get_accessible_description (chart), "tokens used in the last 30 days"));
  g_assert_null (strstr (df_word_chart_get_accessible_description (chart), "word"));
  today_tooltip = df_word_chart_dup_day_text (chart, 29);
  g_assert_true (g_str_has_suffix (today_tooltip, "2,000 tokens") || g_str_has_suffix (today_tooltip, "2000 tokens"));

  /* The recent calls, newest first; the failed one says why, shortened. */
  call = gtk_widget_get_first_child (GTK_WIDGET (find (f, ADW_TYPE_PREFERENCES_GROUP, "history_group")));
  g_assert_nonnull (call);
  {
    g_autoptr(GString) texts = g_string_new (NULL);

    collect_texts (find (f, ADW_TYPE_PREFERENCES_GROUP, "history_group"), texts);
    g_assert_nonnull (strstr (texts->str, "fake-model"));
    g_assert_nonnull (strstr (texts->str, "failed · Nothing answers at"));
    g_assert_nonnull (strstr (texts->str, "timed out · The AI server took too long"));
    g_assert_nonnull (strstr (texts->str, "…"));
  }
  g_assert_null (ui_test_find (f->page, ADW_TYPE_ACTION_ROW, "history-empty"));

  /* More calls show when the page is refreshed (as when it is shown). */
  log_usage (f, "style", "2024-06-15T11:00:00Z", 50, 50, "success", NULL);
  df_credits_page_refresh (DF_CREDITS_PAGE (f->page));
  g_assert_nonnull (ui_test_find (f->page, ADW_TYPE_ACTION_ROW, "agent-style"));
  g_assert_cmpint (df_word_chart_get_max (chart), ==, 3000);
}

static void
test_credits_budget (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfCredits) credits = NULL;
  g_autofree char *left = NULL;
  GtkSpinButton *spin;

  if (ui_test_skip_without_display ())
    return;

  show_page (f, df_credits_page_new (f->session));

  /* A fresh profile: no limit, monthly, nothing used. */
  g_assert_cmpstr (subtitle_of (f, "left_row"), ==, "No limit");
  g_assert_nonnull (ui_test_find (f->page, ADW_TYPE_ACTION_ROW, "agents-empty"));
  g_assert_nonnull (ui_test_find (f->page, ADW_TYPE_ACTION_ROW, "history-empty"));
  g_assert_cmpint (df_word_chart_get_max (DF_WORD_CHART (find (f, DF_TYPE_WORD_CHART, "chart"))), ==, 0);
  g_assert_nonnull (strstr (df_word_chart_get_accessible_description (DF_WORD_CHART (find (f, DF_TYPE_WORD_CHART, "chart"))),
                            "No tokens used"));

  spin = GTK_SPIN_BUTTON (find (f, GTK_TYPE_SPIN_BUTTON, "budget_spin"));
  gtk_spin_button_set_value (spin, 250000);
  ui_test_flush ();
  credits = df_credits_get (f->store, f->profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (credits->token_budget, ==, 250000);
  g_assert_cmpstr (credits->period, ==, "monthly");
  left = tokens_text (250000);
  g_assert_cmpstr (subtitle_of (f, "left_row"), ==, left);

  /* The period: daily, keeping the budget. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find (f, ADW_TYPE_COMBO_ROW, "period_row")), 0);
  ui_test_flush ();
  g_clear_pointer (&credits, df_credits_free);
  credits = df_credits_get (f->store, f->profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (credits->period, ==, "daily");
  g_assert_cmpint (credits->token_budget, ==, 250000);
  g_assert_nonnull (strstr (subtitle_of (f, "current_period_row"), "renews on June 16, 2024"));

  /* Back to no limit. */
  gtk_spin_button_set_value (spin, 0);
  ui_test_flush ();
  g_clear_pointer (&credits, df_credits_free);
  credits = df_credits_get (f->store, f->profile_id, &error);
  g_assert_cmpint (credits->token_budget, ==, 0);
  g_assert_cmpstr (subtitle_of (f, "left_row"), ==, "No limit");
  g_assert_cmpuint (f->toasts->len, ==, 0);
}

static void
test_credits_no_profile (Fixture       *f,
                         gconstpointer  data)
{
  if (ui_test_skip_without_display ())
    return;

  show_page (f, df_credits_page_new (f->session));
  g_assert_true (gtk_widget_get_visible (find (f, ADW_TYPE_PREFERENCES_GROUP, "status_group")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find (f, GTK_TYPE_LABEL, "status_label"))), "no profile"));
  g_assert_false (gtk_widget_get_visible (find (f, ADW_TYPE_PREFERENCES_GROUP, "budget_group")));
}

/* ---- the chart's units ----------------------------------------------- */

static void
test_chart_units (void)
{
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify)df_stats_day_free);
  GtkWidget *chart;
  g_autofree char *words_text = NULL;
  g_autofree char *tokens_tip = NULL;

  if (ui_test_skip_without_display ())
    return;

  chart = g_object_ref_sink (df_word_chart_new ());
  for (guint i = 0; i < 3; i++)
    {
      DfStatsDay *day = g_new0 (DfStatsDay, 1);

      day->date = g_strdup_printf ("2024-06-%02u", 13 + i);
      day->words_written = i == 1 ? 1 : 0;
      g_ptr_array_add (days, day);
    }
  df_word_chart_set_days (DF_WORD_CHART (chart), days);

  /* Words by default, as before. */
  g_assert_cmpint (df_word_chart_get_unit (DF_WORD_CHART (chart)), ==, DF_CHART_UNIT_WORDS);
  g_assert_cmpstr (df_word_chart_get_accessible_label (DF_WORD_CHART (chart)), ==, "Words written per day");
  g_assert_nonnull (strstr (df_word_chart_get_accessible_description (DF_WORD_CHART (chart)), "1 word written"));
  words_text = df_word_chart_dup_day_text (DF_WORD_CHART (chart), 1);
  g_assert_true (g_str_has_suffix (words_text, ": 1 word"));
  g_assert_null (df_word_chart_dup_day_text (DF_WORD_CHART (chart), 3));

  df_word_chart_set_unit (DF_WORD_CHART (chart), DF_CHART_UNIT_TOKENS);
  g_assert_nonnull (strstr (df_word_chart_get_accessible_label (DF_WORD_CHART (chart)), "tokens"));
  g_assert_null (strstr (df_word_chart_get_accessible_label (DF_WORD_CHART (chart)), "ord"));
  g_assert_nonnull (strstr (df_word_chart_get_accessible_description (DF_WORD_CHART (chart)), "1 token used"));
  g_assert_null (strstr (df_word_chart_get_accessible_description (DF_WORD_CHART (chart)), "word"));
  tokens_tip = df_word_chart_dup_day_text (DF_WORD_CHART (chart), 1);
  g_assert_true (g_str_has_suffix (tokens_tip, ": 1 token"));

  /* Empty: the message counts tokens too. */
  df_word_chart_set_days (DF_WORD_CHART (chart), NULL);
  g_assert_cmpstr (df_word_chart_get_accessible_description (DF_WORD_CHART (chart)),
                   ==, "No tokens used in the last 0 days");

  g_assert_finalize_object (chart);
}

int
main (int   argc,
      char *argv[])
{
  /* Dates in the ledger are local days: fix both the day and the zone. */
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("DRAFTFORGE_TODAY", TODAY, TRUE);
  g_unsetenv ("DRAFTFORGE_AI_BASE_URL");
  g_unsetenv ("DRAFTFORGE_AI_MODEL");
  g_unsetenv ("DRAFTFORGE_API_KEY");
  g_unsetenv ("DRAFTFORGE_AI_TIMEOUT");

  ui_test_init (&argc, &argv);

  DF_TEST_ADD_DATA ("/ui/ai/no-profile", GINT_TO_POINTER (1), test_ai_no_profile);
  DF_TEST_ADD ("/ui/ai/settings", test_ai_settings);
  DF_TEST_ADD ("/ui/ai/env-override", test_ai_env_override);
  DF_TEST_ADD ("/ui/ai/connection", test_ai_connection);
  DF_TEST_ADD ("/ui/ai/key-row", test_ai_key_row);
  DF_TEST_ADD_DATA ("/ui/credits/no-profile", GINT_TO_POINTER (1), test_credits_no_profile);
  DF_TEST_ADD ("/ui/credits/usage", test_credits_usage);
  DF_TEST_ADD ("/ui/credits/budget", test_credits_budget);
  g_test_add_func ("/ui/chart/units", test_chart_units);

  return g_test_run ();
}
