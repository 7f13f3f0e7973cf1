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

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "df-exporter.h"
#include "df-import.h"
#include "df-model.h"
#include "df-session.h"

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
      /* What a DraftForge killed earlier left: quick, unless a large
       * import was interrupted; never in the way of the start. */
      recover_interrupted (self->store);
      /* A bad plugin is listed with its error; it never stops the start. */
      self->plugins = df_plugin_host_new (self->store, NULL);
      df_plugin_host_load (self->plugins);
      /* Changes from now on count. */
      df_session_check_changes (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static gboolean
poll_cb (gpointer data)
{
  df_session_check_changes (DF_SESSION (data));
  return G_SOURCE_CONTINUE;
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
  g_return_val_if_fail (DF_IS_SESSION (self), NULL);
  return self->store;
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
  g_return_val_if_fail (DF_IS_SESSION (self), NULL);
  return self->db_path;
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

gboolean
df_session_restore_backup (DfSession  *self,
                           GError    **error)
{
  g_autofree char *backup = NULL;
  g_autofree char *aside = NULL;

  g_return_val_if_fail (DF_IS_SESSION (self), FALSE);

  backup = g_strconcat (self->db_path, ".bak", NULL);
  if (!g_file_test (backup, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("There is no backup at “%s”"), backup);
      return FALSE;
    }

  /* Keep the unreadable file: it may still be worth rescuing. */
  for (guint n = 1; aside == NULL || g_file_test (aside, G_FILE_TEST_EXISTS); n++)
    {
      g_free (aside);
      aside = g_strdup_printf ("%s.unreadable-%u", self->db_path, n);
    }

  g_clear_object (&self->plugins);
  g_clear_object (&self->store);
  if (g_rename (self->db_path, aside) != 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not move “%s” aside: %s"),
                   self->db_path, g_strerror (saved));
      return FALSE;
    }
  /* A WAL file belongs to the database it was written for. */
  for (const char *suffix = "-wal"; suffix; suffix = g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *from = g_strconcat (self->db_path, suffix, NULL);
      g_autofree char *to = g_strconcat (aside, suffix, NULL);
      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }

  {
    g_autoptr(GFile) src = g_file_new_for_path (backup);
    g_autoptr(GFile) dst = g_file_new_for_path (self->db_path);

    if (!g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, error))
      return FALSE;
  }

  open_store (self);
  if (self->store == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_CORRUPT, "%s", self->store_error->message);
      return FALSE;
    }

  return TRUE;
}
