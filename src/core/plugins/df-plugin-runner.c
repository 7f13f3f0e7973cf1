/* df-plugin-runner.c: the helper process's side of a plugin job
 *
 * draftforge-plugin-runner runs one job and ends.  Before it loads
 * anything it limits its own address space (the memory limit) and CPU
 * time (a backstop for the parent's time limit).  It writes its JSON
 * lines (see df-plugin-job.c) on a private copy of its standard output;
 * what the plugin prints on its standard output goes to standard error,
 * so it cannot be taken for a line of the protocol.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "df-plugin-host-private.h"
#include "df-plugin-job-private.h"
#include "df-plugin-notice.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif


DfStore *
_df_plugin_runner_open_store (const char  *db,
                              GError     **error)
{
  if (!g_file_test (db, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The database “%s” is gone: the job was not run."), db);
      return NULL;
    }
  return df_store_open (db, error);
}

static FILE *protocol;
static GMutex protocol_lock;   /* a notice may come from any thread */

/* One line of the protocol, whole. */
void
_df_plugin_runner_write_line (const char *text)
{
  g_mutex_lock (&protocol_lock);
  fprintf (protocol, "%s\n", text);
  fflush (protocol);
  g_mutex_unlock (&protocol_lock);
}

/* ---- private helpers ------------------------------------------------- */

void
_df_plugin_runner_send_object (const char *member,
                               JsonObject *value)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_alloc ();
  g_autofree char *text = NULL;

  json_object_set_object_member (object, member, json_object_ref (value));
  json_node_init_object (node, object);
  text = json_to_string (node, FALSE);
  _df_plugin_runner_write_line (text);
}

/* A plugin's notice, for the program that started the job to say. */
static void
send_notice (const char *plugin_id,
             const char *message,
             gpointer    data)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "plugin", plugin_id);
  json_object_set_string_member (object, "message", message);
  _df_plugin_runner_send_object ("notice", object);
}

static void
send_error (const GError *error)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "domain", g_quark_to_string (error->domain));
  json_object_set_int_member (object, "code", error->code);
  json_object_set_string_member (object, "message", error->message);
  _df_plugin_runner_send_object ("error", object);
}

void
_df_plugin_runner_send_progress (double      fraction,
               const char *message,
               gpointer    data)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_alloc ();
  g_autofree char *text = NULL;

  json_object_set_double_member (object, "progress", fraction);
  if (message != NULL)
    json_object_set_string_member (object, "message", message);
  json_node_init_object (node, object);
  text = json_to_string (node, FALSE);
  _df_plugin_runner_write_line (text);
}

/* Keeps the protocol's descriptor to itself and sends what anything else
 * prints on standard output to standard error. */
static gboolean
take_stdout (void)
{
  int fd = dup (STDOUT_FILENO);

  if (fd < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    return FALSE;
  protocol = fdopen (fd, "w");
  if (protocol != NULL)
    df_plugin_notice_set_handler (send_notice, NULL);
  return protocol != NULL;
}

static void
set_limits (guint memory_mib,
            guint seconds)
{
  struct rlimit cpu = { seconds + 5, seconds + 10 };

#ifndef UNDER_ASAN
  /* The sanitizers reserve terabytes of address space for their shadow. */
  if (memory_mib > 0)
    {
      struct rlimit as = { (rlim_t)memory_mib * 1024 * 1024, (rlim_t)memory_mib * 1024 * 1024 };

      setrlimit (RLIMIT_AS, &as);
    }
#endif
  if (seconds > 0)
    setrlimit (RLIMIT_CPU, &cpu);
}

static DfExporter *
find_exporter (DfPluginHost  *host,
               const char    *plugin_id,
               const char    *format,
               GError       **error)
{
  g_autoptr(GPtrArray) exporters = NULL;

  if (!df_plugin_host_load_one (host, plugin_id, error))
    return NULL;
  exporters = df_plugin_host_get_exporters (host);
  for (guint i = 0; i < exporters->len; i++)
    if (g_strcmp0 (df_exporter_get_format (exporters->pdata[i]), format) == 0 &&
        g_strcmp0 (df_plugin_host_get_extension_plugin_id (host, exporters->pdata[i]), plugin_id) == 0)
      return exporters->pdata[i];
  g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
               _("The plugin “%s” has no exporter for “%s”"), plugin_id, format);
  return NULL;
}

static JsonObject *
parse_options (const char  *text,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL)
    return json_object_new ();
  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("--options: not a JSON object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static gboolean
run_export (const char  *db,
            const char  *system_dir,
            const char  *plugin_id,
            const char  *format,
            gint64       project_id,
            const char  *output,
            const char  *options_text,
            GError     **error)
{
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(JsonObject) options = NULL;
  g_autoptr(DfExportResult) result = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  DfExporter *exporter;

  if ((options = parse_options (options_text, error)) == NULL ||
      (store = _df_plugin_runner_open_store (db, error)) == NULL)
    return FALSE;
  host = df_plugin_host_new (store, system_dir);
  if ((exporter = find_exporter (host, plugin_id, format, error)) == NULL)
    return FALSE;
  result = df_export_run (exporter, store, project_id, output, options, _df_plugin_runner_send_progress, NULL, NULL, error);
  if (result == NULL)
    return FALSE;

  json_object_set_int_member (object, "job_id", result->job_id);
  if (g_utf8_validate (result->output_path, -1, NULL))
    json_object_set_string_member (object, "output_path", result->output_path);
  json_object_set_int_member (object, "size", result->size);
  if (result->sha256 != NULL)
    json_object_set_string_member (object, "sha256", result->sha256);
  _df_plugin_runner_send_object ("result", object);
  return TRUE;
}

static gboolean
run_agent (const char  *db,
           const char  *system_dir,
           const char  *plugin_id,
           const char  *agent_type,
           gint64       project_id,
           gint64       chapter_id,
           const char  *mode,
           const char  *trigger,
           GError     **error)
{
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  DfAgentOptions options = { mode ? mode : "offline", _df_plugin_runner_send_progress, NULL };
  DfAgent *agent;
  gint64 run_id;

  if ((store = _df_plugin_runner_open_store (db, error)) == NULL)
    return FALSE;
  host = df_plugin_host_new (store, system_dir);
  if (!df_plugin_host_load_one (host, plugin_id, error))
    return FALSE;
  agent = df_plugin_host_find_agent (host, agent_type);
  if (agent == NULL || g_strcmp0 (df_plugin_host_get_extension_plugin_id (host, G_OBJECT (agent)), plugin_id) != 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("The plugin “%s” has no agent “%s”"), plugin_id, agent_type);
      return FALSE;
    }
  run_id = df_agent_run_with (agent, store, project_id, chapter_id, trigger ? trigger : "manual", &options, &issues,
                              NULL, error);
  if (run_id == 0)
    return FALSE;
  json_object_set_int_member (object, "run", run_id);
  json_object_set_int_member (object, "issues", issues->len);
  _df_plugin_runner_send_object ("result", object);
  return TRUE;
}

/* Calls what each extension of @plugin answers without work (an
 * exporter's names), as a host would at once. */
static void
touch_extensions (DfHostedPlugin *plugin)
{
  for (guint i = 0; i < plugin->extensions->len; i++)
    {
      DfPluginExtension *ext = plugin->extensions->pdata[i];

      if (ext->kind == DF_PLUGIN_EXT_EXPORTER)
        {
          DfExporter *exporter = DF_EXPORTER (ext->instance);

          df_exporter_get_format (exporter);
          df_exporter_get_name (exporter);
          df_exporter_get_extension (exporter);
          df_exporter_get_mime_type (exporter);
        }
    }
}

/* The plugin in @dir, loaded as a host would load it. */
static gboolean
run_try (const char  *dir,
         const char  *source,
         GError     **error)
{
  g_autoptr(DfHostedPlugin) plugin = g_new0 (DfHostedPlugin, 1);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GError) local_error = NULL;

  plugin->info.origin = DF_PLUGIN_ORIGIN_USER;
  if (!_df_plugin_read_manifest (plugin, dir, &local_error))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("Refused “%s”: %s"), source, local_error->message);
      return FALSE;
    }
  if (!_df_plugin_check_module (plugin->info.module_path, source, error))
    return FALSE;
  _df_plugin_load (plugin);
  if (plugin->info.error != NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("Refused “%s”: %s"), source, plugin->info.error);
      return FALSE;
    }
  touch_extensions (plugin);

  json_object_set_string_member (object, "id", plugin->info.id);
  json_object_set_int_member (object, "extensions", plugin->extensions->len);
  {
    JsonArray *types = json_array_new ();

    for (guint i = 0; i < plugin->extensions->len; i++)
      json_array_add_string_element (types, G_OBJECT_TYPE_NAME (((DfPluginExtension *)plugin->extensions->pdata[i])->instance));
    json_object_set_array_member (object, "types", types);
  }
  _df_plugin_runner_send_object ("result", object);
  return TRUE;
}

/* Where the plugin may write whatever it declared: the database's
 * folder, the output's, the plugin's own (tried before an install), the
 * temporary folders, /dev, and fontconfig's cache, which a PDF's fonts
 * may need brought up to date (df-plugin-sandbox.c). */
static void
prepare_sandbox (const char *db,
                 const char *output,
                 const char *dir)
{
  g_autoptr(GStrvBuilder) dirs = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  g_autofree char *db_dir = db ? g_path_get_dirname (db) : NULL;
  g_autofree char *output_dir = output ? g_path_get_dirname (output) : NULL;
  g_autofree char *fonts = g_build_filename (g_get_user_cache_dir (), "fontconfig", NULL);

  g_strv_builder_add_many (dirs, g_get_tmp_dir (), "/var/tmp", "/dev", fonts, NULL);
  if (db_dir != NULL)
    g_strv_builder_add (dirs, db_dir);
  if (output_dir != NULL)
    g_strv_builder_add (dirs, output_dir);
  if (dir != NULL)
    g_strv_builder_add (dirs, dir);
  list = g_strv_builder_end (dirs);
  _df_plugin_sandbox_prepare ((const char * const *)list);
}

/* ---- public API ------------------------------------------------------ */

/* Whether the command line has what @command needs. */
static gboolean
has_what_it_needs (const char             *command,
                   const char             *dir,
                   const char             *source,
                   const char             *agent,
                   const char             *format,
                   const char             *output,
                   const DfRunnerSyncArgs *a)
{
  if (g_strcmp0 (command, "try") == 0)
    return dir != NULL && source != NULL;
  if (a->db == NULL || a->plugin == NULL)
    return FALSE;
  if (g_strcmp0 (command, "agent") == 0)
    return agent != NULL && a->project > 0;
  if (g_strcmp0 (command, "transform") == 0)
    return a->chapter > 0;
  if (g_strcmp0 (command, "sync") == 0)
    return a->backend != NULL && a->op != NULL;
  return g_strcmp0 (command, "export") == 0 && format != NULL && output != NULL && a->project > 0;
}

int
df_plugin_runner_main (int    argc,
                       char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *db = NULL, *plugin = NULL, *format = NULL, *output = NULL, *options = NULL;
  g_autofree char *system_dir = NULL, *dir = NULL, *source = NULL;
  g_autofree char *agent = NULL, *mode = NULL, *trigger = NULL, *profile = NULL;
  g_autofree char *backend = NULL, *op = NULL, *remote = NULL, *repo = NULL, *message = NULL, *version = NULL;
  g_autofree char *url = NULL;
  gint64 project = 0, chapter = 0;
  int memory = 0, seconds = 0, index = 0;
  DfRunnerSyncArgs sync = { 0 };
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, NULL, NULL },
    { "plugin", 0, 0, G_OPTION_ARG_STRING, &plugin, NULL, NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, NULL, NULL },
    { "project", 0, 0, G_OPTION_ARG_INT64, &project, NULL, NULL },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, NULL, NULL },
    { "options", 0, 0, G_OPTION_ARG_STRING, &options, NULL, NULL },
    { "memory-limit", 0, 0, G_OPTION_ARG_INT, &memory, NULL, NULL },
    { "time-limit", 0, 0, G_OPTION_ARG_INT, &seconds, NULL, NULL },
    { "system-dir", 0, 0, G_OPTION_ARG_FILENAME, &system_dir, NULL, NULL },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, NULL, NULL },
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &source, NULL, NULL },
    { "agent", 0, 0, G_OPTION_ARG_STRING, &agent, NULL, NULL },
    { "chapter", 0, 0, G_OPTION_ARG_INT64, &chapter, NULL, NULL },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, NULL, NULL },
    { "trigger", 0, 0, G_OPTION_ARG_STRING, &trigger, NULL, NULL },
    { "index", 0, 0, G_OPTION_ARG_INT, &index, NULL, NULL },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile, NULL, NULL },
    { "backend", 0, 0, G_OPTION_ARG_STRING, &backend, NULL, NULL },
    { "op", 0, 0, G_OPTION_ARG_STRING, &op, NULL, NULL },
    { "remote", 0, 0, G_OPTION_ARG_STRING, &remote, NULL, NULL },
    { "repo", 0, 0, G_OPTION_ARG_FILENAME, &repo, NULL, NULL },
    { "message", 0, 0, G_OPTION_ARG_STRING, &message, NULL, NULL },
    { "version", 0, 0, G_OPTION_ARG_STRING, &version, NULL, NULL },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, NULL, NULL },
    { NULL }
  };
  const char *command;
  gboolean ok;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  if (!take_stdout ())
    return 2;
  _df_plugin_guard_turn_off ();

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (g_option_context_parse (context, &argc, &argv, &error) && argc == 2)
    sync = (DfRunnerSyncArgs) { db, system_dir, plugin, backend, op, project, MAX (chapter, 0), remote, repo,
                                message, version, url };
  command = argc == 2 ? argv[1] : NULL;
  if (error != NULL || command == NULL || !has_what_it_needs (command, dir, source, agent, format, output, &sync))
    {
      if (error == NULL)
        g_set_error (&error, DF_ERROR, DF_ERROR_INVALID,
                     _("usage: %s export --db PATH --plugin ID --format F --project N --output PATH"),
                     "draftforge-plugin-runner");
      send_error (error);
      return 2;
    }

  set_limits (MAX (memory, 0), MAX (seconds, 0));
  prepare_sandbox (db, output, dir);
  if (g_strcmp0 (command, "try") == 0)
    ok = run_try (dir, source, &error);
  else if (g_strcmp0 (command, "agent") == 0)
    ok = run_agent (db, system_dir, plugin, agent, project, MAX (chapter, 0), mode, trigger, &error);
  else if (g_strcmp0 (command, "transform") == 0)
    ok = _df_plugin_runner_transform (db, system_dir, plugin, (guint)MAX (index, 0), profile, chapter, &error);
  else if (g_strcmp0 (command, "sync") == 0)
    ok = _df_plugin_runner_sync (&sync, &error);
  else
    ok = run_export (db, system_dir, plugin, format, project, output, options, &error);
  if (!ok)
    {
      send_error (error);
      return 1;
    }
  return 0;
}
