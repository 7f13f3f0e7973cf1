/* personalize-plugin.c: the personaliser (DfReaderTransform) and the
 * plugin's entry point
 *
 * The transform gives the chapter as the profile reads it without a
 * model: the author's level blocks chosen and, for a beginner, the "Key
 * terms" box from the glossary (df_personalize_offline).  With the
 * PERSONALIZE_KIND data set on the transform ("explanation", "example"
 * or "difficulty"), a rewrite already in the cache for that kind is given
 * instead; a new rewrite is only made when the reader asks for one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-personalize"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "df-personalize.h"
#include "draftforge-plugin.h"

#define PERSONALIZE_TYPE_TRANSFORM (personalize_transform_get_type ())
G_DECLARE_FINAL_TYPE (PersonalizeTransform, personalize_transform, PERSONALIZE, TRANSFORM, GObject)

struct _PersonalizeTransform
{
  GObject parent_instance;
};

static void personalize_transform_iface_init (DfReaderTransformInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PersonalizeTransform, personalize_transform, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DF_TYPE_READER_TRANSFORM, personalize_transform_iface_init))

static const char *
personalizer_get_name (DfReaderTransform *self)
{
  (void) self;
  return _("Personalize");
}

/* The cached rewrite of the kind asked for, or NULL. */
static char *
cached_rewrite (DfReaderTransform *self,
                DfStore           *store,
                const DfProfile   *profile,
                const DfChapter   *chapter,
                GError           **error)
{
  const char *kind_name = g_object_get_data (G_OBJECT (self), "personalize-kind");
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfPersonalized) cached = NULL;
  DfPersonalizeKind kind;

  if (profile == NULL || !df_personalize_kind_from_string (kind_name, &kind))
    return NULL;
  config = df_ai_config_load (store, profile->id, error);
  if (config == NULL)
    return NULL;
  cached = df_personalize_cache_lookup (store, profile, chapter, kind, config->model, error);
  return cached != NULL ? g_steal_pointer (&cached->text) : NULL;
}

static char *
personalizer_transform (DfReaderTransform  *self,
                        DfStore            *store,
                        const DfProfile    *profile,
                        const DfChapter    *chapter,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(GError) local = NULL;
  char *text;

  (void) cancellable;
  text = cached_rewrite (self, store, profile, chapter, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (text != NULL)
    return text;
  return df_personalize_offline (store, profile, chapter, NULL, error);
}

static void
personalize_transform_iface_init (DfReaderTransformInterface *iface)
{
  iface->get_name = personalizer_get_name;
  iface->transform = personalizer_transform;
}

static void
personalize_transform_class_init (PersonalizeTransformClass *klass)
{
  (void) klass;
}

static void
personalize_transform_init (PersonalizeTransform *self)
{
  (void) self;
}

G_MODULE_EXPORT gboolean draftforge_plugin_init (DfPluginRegistry  *registry,
                                                 GError           **error);

G_MODULE_EXPORT gboolean
draftforge_plugin_init (DfPluginRegistry  *registry,
                        GError           **error)
{
  (void) error;
  df_plugin_registry_add_reader_transform (registry, PERSONALIZE_TYPE_TRANSFORM);
  return TRUE;
}
