/* df-session.c: the database, settings and plugins a running DraftForge
 * shares
 *
 * The watch on the database: while a view holds it (one on screen), the
 * session asks the store every CHANGES_POLL_S seconds for its data
 * version, which moves when another connection commits (another program,
 * or a worker of this one), and emits "database-changed" when it moved.
 * The question is cheap (no table is read) and never waits for a lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge"

#include "config.h"

#include <glib/gi18n.h>

#include "df-exporter.h"
#include "df-import.h"
#include "df-backup.h"
#include "df-model.h"
#include "df-session.h"

typedef struct
{
  char *db_path;
  char *backup_path;
  char *aside;
} Restore;

struct _DfSession
{
  GObject       parent_instance;

  char         *db_path;
  GSettings    *settings;
  DfStore      *store;
  GError       *store_error;
  DfPluginHost *plugins;

  guint         watchers;        /* views holding the watch */
  guint         poll_id;
  gint64        data_version;    /* at the last check */
  gboolean      have_version;
};

#define CHANGES_POLL_S 1

G_DEFINE_FINAL_TYPE (DfSession, df_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  DATABASE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Marks the export jobs of processes that are gone as interrupted (their
 * temporary files removed) and removes their unfinished imports; what
 * cannot be done now is done at the next start. */
static void
recover_interrupted (DfStore *store)
{
  g_autoptr(GError) error = NULL;

  if (!df_export_recover_interrupted (store, NULL, &error) ||
      !df_import_recover_interrupted (store, NULL, &error))
    g_message ("Could not clean up after an interrupted export or import: %s", error->message);
}

static void
restore_free (Restore *restore)
{
  g_free (restore->db_path);
  g_free (restore->backup_path);
  g_free (restore->aside);
  g_free (restore);
}

static void store_damaged_cb (DfSession *self);

static void
open_store (DfSession *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->plugins);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  self->have_version = FALSE;

  self->store = df_store_open (self->db_path, &error);
  if (self->store == NULL)
    {
      /* The window shows it, with what to do. */
      g_message ("%s", error->message);
      self->store_error = g_steal_pointer (&error);
    }
  else
    {
      g_signal_connect_object (self->store, "notify::damaged", G_CALLBACK (store_damaged_cb),
                               self, G_CONNECT_SWAPPED);
      /* What a DraftForge killed earlier left: quick, unless a large
       * import was interrupted; never in the way of the start. */
      if (!df_store_is_read_only (self->store))
        recover_interrupted (self->store);
      /* A bad plugin is listed with its error; it never stops the start. */
      self->plugins = df_plugin_host_new (self->store, NULL);
      df_plugin_host_load (self->plugins);
      /* Changes from now on count. */
      df_session_check_changes (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/* The store is closed once the query that met the damage has returned,
 * not under it. */
static gboolean
report_store_damage (gpointer data)
{
  DfSession *self = data;

  if (self->store != NULL && df_store_get_damage (self->store) != NULL)
    df_session_report_damage (self, df_store_get_damage (self->store));
  return G_SOURCE_REMOVE;
}

static void
store_damaged_cb (DfSession *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, report_store_damage, g_object_ref (self), g_object_unref);
}

static gboolean
poll_cb (gpointer data)
{
  df_session_check_changes (DF_SESSION (data));
  return G_SOURCE_CONTINUE;
}

static void
list_backups_in_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *backups = df_backup_list (task_data, TRUE, cancellable, &error);

  if (backups == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, backups, (GDestroyNotify)g_ptr_array_unref);
}

static void
restore_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Restore *restore = task_data;
  GError *error = NULL;

  if (df_backup_restore (restore->db_path, restore->backup_path, &restore->aside, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Back in the main thread: the backup is in place; open it. */
static void
restore_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DfSession *self = DF_SESSION (object);
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  open_store (self);
  if (self->store == NULL)
    g_task_return_new_error (outer, DF_ERROR, self->store_error->code, "%s", self->store_error->message);
  else
    g_task_return_boolean (outer, TRUE);
}

static void
df_session_finalize (GObject *object)
{
  DfSession *self = (DfSession *)object;

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_object (&self->plugins);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (df_session_parent_class)->finalize (object);
}

static void
df_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DfSession *self = DF_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
df_session_class_init (DfSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = df_session_finalize;
  object_class->get_property = df_session_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DF_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Another connection committed to the database since the last check. */
  signals[DATABASE_CHANGED] =
    g_signal_new ("database-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
df_session_init (DfSession *self)
{
}

DfSession *
df_session_new (const char *db_path,
                GSettings  *settings)
{
  DfSession *self = g_object_new (DF_TYPE_SESSION, NULL);

  self->db_path = db_path != NULL ? g_strdup (db_path) : df_store_resolve_path (NULL);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  open_store (self);
  return self;
}

DfSession *
df_session_new_for_store (DfStore   *store,
                          GSettings *settings)
{
  DfSession *self;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  self = g_object_new (DF_TYPE_SESSION, NULL);
  self->db_path = g_strdup (df_store_get_path (store));
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->store = g_object_ref (store);
  df_session_check_changes (self);
  return self;
}

DfStore *
df_session_get_store (DfSession *self)
{
  g_return_val_if_fail (self == NULL || DF_IS_SESSION (self), NULL);
  return self != NULL ? self->store : NULL;
}

const GError *
df_session_get_store_error (DfSession *self)
{
  g_return_val_if_fail (DF_IS_SESSION (self), NULL);
  return self->store_error;
}

const char *
df_session_get_db_path (DfSession *self)
{
  g_return_val_if_fail (self == NULL || DF_IS_SESSION (self), NULL);
  return self != NULL ? self->db_path : NULL;
}

GSettings *
df_session_get_settings (DfSession *self)
{
  g_return_val_if_fail (DF_IS_SESSION (self), NULL);
  return self->settings;
}

DfPluginHost *
df_session_get_plugin_host (DfSession *self)
{
  g_return_val_if_fail (DF_IS_SESSION (self), NULL);
  return self->plugins;
}

void
df_session_watch_store (DfSession *self,
                        gpointer   instance,
                        GCallback  callback)
{
  g_return_if_fail (DF_IS_SESSION (self));
  g_return_if_fail (G_IS_OBJECT (instance));
  g_return_if_fail (callback != NULL);

  g_signal_connect_object (self, "notify::store", callback, instance, G_CONNECT_SWAPPED);
  ((void (*) (gpointer)) callback) (instance);
}

void
df_session_hold_watch (DfSession *self)
{
  g_return_if_fail (DF_IS_SESSION (self));

  if (self->watchers++ > 0)
    return;

  /* What changed while nobody watched counts too. */
  df_session_check_changes (self);
  self->poll_id = g_timeout_add_seconds (CHANGES_POLL_S, poll_cb, self);
}

void
df_session_release_watch (DfSession *self)
{
  g_return_if_fail (DF_IS_SESSION (self));
  g_return_if_fail (self->watchers > 0);

  if (--self->watchers == 0)
    g_clear_handle_id (&self->poll_id, g_source_remove);
}

void
df_session_check_changes (DfSession *self)
{
  gint64 version;
  gboolean changed;

  g_return_if_fail (DF_IS_SESSION (self));

  /* A failed question is asked again at the next check. */
  if (self->store == NULL || !df_changes_get_version (self->store, &version, NULL))
    return;

  changed = self->have_version && version != self->data_version;
  self->data_version = version;
  self->have_version = TRUE;
  if (changed)
    g_signal_emit (self, signals[DATABASE_CHANGED], 0);
}

char *
df_session_dup_profile_id (DfSession *self)
{
  g_autoptr(DfProfile) profile = NULL;

  g_return_val_if_fail (DF_IS_SESSION (self), NULL);

  if (self->store == NULL)
    return NULL;

  profile = df_profile_get_active (self->store, NULL);
  return profile ? g_strdup (profile->id) : NULL;
}

void
df_session_report_damage (DfSession    *self,
                          const GError *damage)
{
  g_return_if_fail (DF_IS_SESSION (self));
  g_return_if_fail (damage != NULL);

  if (self->store == NULL)
    return;

  g_message ("%s", damage->message);
  g_clear_error (&self->store_error);
  self->store_error = g_error_new_literal (DF_ERROR, DF_ERROR_CORRUPT, damage->message);
  /* Closed, it leaves the damaged file as it was found. */
  df_store_note_damage (self->store, damage);
  g_clear_object (&self->plugins);
  g_clear_object (&self->store);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
df_session_list_backups (DfSession           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DF_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, df_session_list_backups);
  g_task_set_task_data (task, g_strdup (self->db_path), g_free);
  g_task_run_in_thread (task, list_backups_in_thread);
}

GPtrArray *
df_session_list_backups_finish (DfSession     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
df_session_restore_backup (DfSession           *self,
                           const char          *backup_path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GTask *inner;
  Restore *restore;

  g_return_if_fail (DF_IS_SESSION (self));
  g_return_if_fail (backup_path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, df_session_restore_backup);
  if (self->store != NULL)
    {
      g_task_return_new_error (task, DF_ERROR, DF_ERROR_FAILED,
                               _("The database is open: a backup replaces only a database that cannot be used"));
      return;
    }

  restore = g_new0 (Restore, 1);
  restore->db_path = g_strdup (self->db_path);
  restore->backup_path = g_strdup (backup_path);
  g_task_set_task_data (task, restore, (GDestroyNotify)restore_free);

  inner = g_task_new (self, cancellable, restore_done, g_steal_pointer (&task));
  g_task_set_task_data (inner, restore, NULL);
  g_task_run_in_thread (inner, restore_in_thread);
  g_object_unref (inner);
}

gboolean
df_session_restore_backup_finish (DfSession     *self,
                                  GAsyncResult  *result,
                                  char         **aside_out,
                                  GError       **error)
{
  Restore *restore;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  restore = g_task_get_task_data (G_TASK (result));
  if (aside_out != NULL)
    *aside_out = g_strdup (restore->aside);
  return TRUE;
}
