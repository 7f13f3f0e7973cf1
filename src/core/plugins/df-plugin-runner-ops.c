/* df-plugin-runner-ops.c: the helper's reader transform and sync jobs
 *
 * `transform`: the chapter's Markdown as the caller has it comes on
 * standard input; the transform's text goes back in {"chunk": ...} lines
 * (16 KiB at most each, cut between characters), then {"result":
 * {"length": N}}.  `sync`: one call of the backend; its result line
 * carries what the call returns (see df-plugin-job-sync.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gunixinputstream.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "df-plugin-host-private.h"
#include "df-plugin-job-private.h"
#include "df-reader-transform.h"
#include "df-sync-backend.h"

#define CHUNK_SIZE 16384

/* ---- private helpers ------------------------------------------------- */

static char *
read_stdin (GError **error)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_NONE, NULL, error) < 0 ||
      !g_output_stream_write_all (out, "", 1, NULL, NULL, error) ||
      !g_output_stream_close (out, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
send_chunks (const char *text)
{
  gsize len = strlen (text);
  gsize at = 0;

  while (at < len)
    {
      gsize end = MIN (at + CHUNK_SIZE, len);
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) node = json_node_alloc ();
      g_autofree char *piece = NULL;
      g_autofree char *line = NULL;

      /* Between two characters. */
      while (end < len && (text[end] & 0xC0) == 0x80)
        end--;
      piece = g_strndup (text + at, end - at);
      json_object_set_string_member (object, "chunk", piece);
      json_node_init_object (node, object);
      line = json_to_string (node, FALSE);
      _df_plugin_runner_write_line (line);
      at = end;
    }
}

/* The @index-th of @plugin_id's extensions of @kind, loaded alone. */
static GObject *
find_extension (DfPluginHost  *host,
                GPtrArray     *extensions,
                const char    *plugin_id,
                guint          index)
{
  for (guint i = 0; i < extensions->len; i++)
    if (g_strcmp0 (df_plugin_host_get_extension_plugin_id (host, extensions->pdata[i]), plugin_id) == 0 &&
        index-- == 0)
      return extensions->pdata[i];
  return NULL;
}

static DfSyncBackend *
find_backend (DfPluginHost  *host,
              const char    *plugin_id,
              const char    *backend_id,
              GError       **error)
{
  g_autoptr(GPtrArray) backends = NULL;

  if (!df_plugin_host_load_one (host, plugin_id, error))
    return NULL;
  backends = df_plugin_host_get_sync_backends (host);
  for (guint i = 0; i < backends->len; i++)
    if (g_strcmp0 (df_plugin_host_get_extension_plugin_id (host, backends->pdata[i]), plugin_id) == 0 &&
        g_strcmp0 (df_sync_backend_get_id (backends->pdata[i]), backend_id) == 0)
      return backends->pdata[i];
  g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("The plugin “%s” has no sync backend “%s”"), plugin_id,
               backend_id);
  return NULL;
}

static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

static JsonObject *
status_to_json (const DfSyncStatus *status)
{
  JsonObject *object = json_object_new ();

  set_string (object, "repo_path", status->repo_path);
  set_string (object, "remote_url", status->remote_url);
  set_string (object, "head", status->head);
  json_object_set_int_member (object, "n_changed", status->n_changed);
  json_object_set_int_member (object, "n_to_send", status->n_to_send);
  json_object_set_int_member (object, "n_to_receive", status->n_to_receive);
  json_object_set_int_member (object, "n_conflicts", status->n_conflicts);
  set_string (object, "last_synced_at", status->last_synced_at);
  set_string (object, "last_error", status->last_error);
  return object;
}

static JsonObject *
log_to_json (GPtrArray *versions)
{
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < versions->len; i++)
    {
      const DfSyncVersion *version = versions->pdata[i];
      JsonObject *item = json_object_new ();
      JsonArray *chapters = json_array_new ();

      set_string (item, "id", version->id);
      set_string (item, "author", version->author);
      set_string (item, "email", version->email);
      set_string (item, "date", version->date);
      set_string (item, "message", version->message);
      json_object_set_int_member (item, "words_added", version->words_added);
      json_object_set_int_member (item, "words_removed", version->words_removed);
      for (guint c = 0; version->chapters != NULL && version->chapters[c] != NULL; c++)
        json_array_add_string_element (chapters, version->chapters[c]);
      json_object_set_array_member (item, "chapters", chapters);
      json_array_add_object_element (array, item);
    }
  json_object_set_array_member (object, "versions", array);
  return object;
}

static JsonObject *
text_result (char *text)
{
  JsonObject *object;

  if (text == NULL)
    return NULL;
  object = json_object_new ();
  json_object_set_string_member (object, "text", text);
  g_free (text);
  return object;
}

static gpointer
wait_for_sigterm (gpointer data)
{
  sigset_t set;
  int sig = 0;

  sigemptyset (&set);
  sigaddset (&set, SIGTERM);
  if (sigwait (&set, &sig) == 0)
    g_cancellable_cancel (data);
  return NULL;
}

/* A cancellable that SIGTERM (the parent's Stop) cancels: the signal is
 * blocked in every thread but one, which waits for it. */
static GCancellable *
cancellable_on_sigterm (void)
{
  GCancellable *cancellable = g_cancellable_new ();
  sigset_t set;

  sigemptyset (&set);
  sigaddset (&set, SIGTERM);
  pthread_sigmask (SIG_BLOCK, &set, NULL);
  g_thread_unref (g_thread_new ("df-sigterm", wait_for_sigterm, g_object_ref (cancellable)));
  return cancellable;
}

/* The backend's call that @args asks for; its result, or NULL with
 * @error. */
static JsonObject *
sync_call (DfSyncBackend           *backend,
           DfStore                 *store,
           const DfRunnerSyncArgs  *args,
           GCancellable            *cancellable,
           GError                 **error)
{
  JsonObject *object = NULL;
  const char *op = args->op;

  if (g_strcmp0 (op, "sync") == 0)
    return text_result (df_sync_backend_sync (backend, store, args->project, args->remote,
                                              _df_plugin_runner_send_progress, NULL, cancellable, error));
  if (g_strcmp0 (op, "commit") == 0)
    return text_result (df_sync_backend_commit (backend, store, args->project, args->message, error));
  if (g_strcmp0 (op, "show") == 0)
    return text_result (df_sync_backend_show (backend, store, args->project, args->version, args->chapter, error));
  if (g_strcmp0 (op, "restore") == 0)
    return text_result (df_sync_backend_restore (backend, store, args->project, args->version, error));
  if (g_strcmp0 (op, "status") == 0)
    {
      g_autoptr(DfSyncStatus) status = df_sync_backend_status (backend, store, args->project, error);
      return status != NULL ? status_to_json (status) : NULL;
    }
  if (g_strcmp0 (op, "log") == 0)
    {
      g_autoptr(GPtrArray) versions = df_sync_backend_log (backend, store, args->project, args->chapter, error);
      return versions != NULL ? log_to_json (versions) : NULL;
    }
  if (g_strcmp0 (op, "clone") == 0)
    {
      gint64 id = df_sync_backend_clone (backend, store, args->url, args->repo, _df_plugin_runner_send_progress,
                                         NULL, cancellable, error);
      if (id == 0)
        return NULL;
      object = json_object_new ();
      json_object_set_int_member (object, "project", id);
      return object;
    }
  if (g_strcmp0 (op, "link") == 0 ? df_sync_backend_link (backend, store, args->project, args->repo, error)
      : g_strcmp0 (op, "set-token") == 0 ? df_sync_backend_set_token (backend, args->url,
                                                                    g_getenv ("DRAFTFORGE_SYNC_TOKEN"), cancellable, error)
      : FALSE)
    return json_object_new ();
  if (g_strcmp0 (op, "has-token") == 0)
    {
      gboolean has = FALSE;

      if (!df_sync_backend_has_token (backend, args->url, &has, cancellable, error))
        return NULL;
      object = json_object_new ();
      json_object_set_boolean_member (object, "has", has);
      return object;
    }
  if (error != NULL && *error == NULL)
    g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("Unknown sync call “%s”"), op);
  return NULL;
}

/* ---- shared inside plugins/ ------------------------------------------ */

gboolean
_df_plugin_runner_transform (const char  *db,
                             const char  *system_dir,
                             const char  *plugin_id,
                             guint        index,
                             const char  *profile_id,
                             gint64       chapter_id,
                             GError     **error)
{
  g_autofree char *markdown = read_stdin (error);
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(GPtrArray) transforms = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *text = NULL;
  GObject *transform;

  if (markdown == NULL || (store = _df_plugin_runner_open_store (db, error)) == NULL)
    return FALSE;
  host = df_plugin_host_new (store, system_dir);
  if (!df_plugin_host_load_one (host, plugin_id, error))
    return FALSE;
  transforms = df_plugin_host_get_reader_transforms (host);
  if ((transform = find_extension (host, transforms, plugin_id, index)) == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("The plugin “%s” has no reader transform %u"), plugin_id,
                   index + 1);
      return FALSE;
    }
  if ((profile_id != NULL && (profile = df_profile_get (store, profile_id, error)) == NULL) ||
      (chapter = df_chapter_get (store, chapter_id, error)) == NULL)
    return FALSE;
  g_free (chapter->content_md);
  chapter->content_md = g_steal_pointer (&markdown);
  /* What a crash says it was at. */
  _df_plugin_runner_send_progress (0, chapter->title, NULL);

  text = df_reader_transform_transform (DF_READER_TRANSFORM (transform), store, profile, chapter, NULL, error);
  if (text == NULL)
    return FALSE;
  send_chunks (text);
  json_object_set_int_member (object, "length", (gint64)strlen (text));
  _df_plugin_runner_send_object ("result", object);
  return TRUE;
}

gboolean
_df_plugin_runner_sync (const DfRunnerSyncArgs  *args,
                        GError                 **error)
{
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GCancellable) cancellable = cancellable_on_sigterm ();
  DfSyncBackend *backend;

  if ((store = _df_plugin_runner_open_store (args->db, error)) == NULL)
    return FALSE;
  host = df_plugin_host_new (store, args->system_dir);
  if ((backend = find_backend (host, args->plugin, args->backend, error)) == NULL ||
      (result = sync_call (backend, store, args, cancellable, error)) == NULL)
    return FALSE;
  _df_plugin_runner_send_object ("result", result);
  return TRUE;
}
