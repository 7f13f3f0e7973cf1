/* continuity-plugin.c: the continuity agent
 *
 * Checks a project against its codex (df-codex.h): what the book says
 * of each entry (eyes, hair, age, life and death, things lost, where a
 * place lies) compared across chapters, with the progressions that say
 * a change is meant, and names that look misspelt.  Offline (the
 * default): no network, no credits.  In mode "model" the AI provider is
 * asked too, and its findings join the list (continuity-model.c).  With --chapter, the whole book is read (a fact in chapter
 * 12 contradicts one in chapter 1) and only that chapter's findings are
 * returned.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "continuity-private.h"
#include "draftforge-plugin.h"

#define CT_TYPE_AGENT (ct_agent_get_type ())
G_DECLARE_FINAL_TYPE (CtAgent, ct_agent, CT, AGENT, GObject)

struct _CtAgent
{
  GObject parent_instance;
};

static void ct_agent_iface_init (DfAgentInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CtAgent, ct_agent, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DF_TYPE_AGENT, ct_agent_iface_init))

/* ---- private helpers ------------------------------------------------------ */

static void
progression_list_free (gpointer data)
{
  g_ptr_array_unref (data);
}

/* The codex of the project: its entries and their progressions. */
static gboolean
load_codex (DfStore  *store,
            gint64    project_id,
            CtBook   *book,
            GError  **error)
{
  book->entries = df_codex_entry_list (store, project_id, NULL, FALSE, error);
  if (book->entries == NULL)
    return FALSE;
  book->progressions = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, progression_list_free);
  for (guint i = 0; i < book->entries->len; i++)
    {
      DfCodexEntry *entry = book->entries->pdata[i];
      GPtrArray *list = df_codex_progression_list (store, entry->id, 0, error);

      if (list == NULL)
        return FALSE;
      if (list->len > 0)
        g_hash_table_insert (book->progressions, &entry->id, list);
      else
        g_ptr_array_unref (list);
    }
  return TRUE;
}

/* Every chapter's text, read into words. */
static gboolean
load_chapters (DfStore              *store,
               gint64                project_id,
               CtBook               *book,
               GPtrArray            *texts,
               const DfAgentOptions *options,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(GPtrArray) chapters = df_chapter_list (store, project_id, error);
  g_autoptr(DfCodexMatcher) matcher = NULL;
  g_autoptr(GError) local_error = NULL;

  if (chapters == NULL)
    return FALSE;
  matcher = df_codex_matcher_for_project (store, project_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  book->chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_chapter_free);
  for (guint i = 0; i < chapters->len; i++)
    {
      const DfChapter *listed = chapters->pdata[i];
      DfChapter *chapter;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      chapter = df_chapter_get (store, listed->id, error);
      if (chapter == NULL)
        return FALSE;
      g_ptr_array_add (texts, chapter);
      g_ptr_array_add (book->chapters,
                       ct_chapter_new (chapter->id, chapter->number, chapter->content_md ? chapter->content_md : "",
                                       matcher));
      if (options->progress != NULL)
        options->progress (0.9 * (i + 1) / chapters->len, chapter->title, options->progress_data);
    }
  return TRUE;
}

static void
book_clear (CtBook *book)
{
  g_clear_pointer (&book->chapters, g_ptr_array_unref);
  g_clear_pointer (&book->entries, g_ptr_array_unref);
  g_clear_pointer (&book->progressions, g_hash_table_unref);
}

/* ---- vfuncs ---------------------------------------------------------------- */

static const char *
get_agent_type (DfAgent *agent)
{
  return "continuity";
}

static const char *
get_name (DfAgent *agent)
{
  return _("Continuity");
}

static GPtrArray *
analyze_with (DfAgent              *agent,
              DfStore              *store,
              gint64                project_id,
              gint64                chapter_id,
              const DfAgentOptions *options,
              GCancellable         *cancellable,
              GError              **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func ((GDestroyNotify) df_chapter_free);
  g_autoptr(GPtrArray) issues = NULL;
  CtBook book = { NULL, NULL, NULL };

  if (!load_codex (store, project_id, &book, error) ||
      !load_chapters (store, project_id, &book, texts, options, cancellable, error))
    {
      book_clear (&book);
      return NULL;
    }
  issues = ct_check_book (&book, cancellable, error);
  if (issues != NULL && g_strcmp0 (options->mode, "model") == 0 &&
      !ct_model_check (store, project_id, &book, texts, issues, options, cancellable, error))
    g_clear_pointer (&issues, g_ptr_array_unref);
  if (issues != NULL)
    ct_sort_issues (&book, issues);
  book_clear (&book);
  if (issues == NULL)
    return NULL;

  if (chapter_id > 0)
    for (guint i = issues->len; i > 0; i--)
      if (((DfAgentIssue *) issues->pdata[i - 1])->chapter_id != chapter_id &&
          ((DfAgentIssue *) issues->pdata[i - 1])->chapter_id != 0)
        g_ptr_array_remove_index (issues, i - 1);
  if (options->progress != NULL)
    options->progress (1.0, NULL, options->progress_data);
  return g_steal_pointer (&issues);
}

static GPtrArray *
analyze (DfAgent       *agent,
         DfStore       *store,
         gint64         project_id,
         gint64         chapter_id,
         GCancellable  *cancellable,
         GError       **error)
{
  static const DfAgentOptions offline = { "offline", NULL, NULL };

  return analyze_with (agent, store, project_id, chapter_id, &offline, cancellable, error);
}

/* ---- class ------------------------------------------------------------------ */

static void
ct_agent_iface_init (DfAgentInterface *iface)
{
  iface->get_agent_type = get_agent_type;
  iface->get_name = get_name;
  iface->analyze = analyze;
  iface->analyze_with = analyze_with;
}

static void
ct_agent_class_init (CtAgentClass *klass)
{
}

static void
ct_agent_init (CtAgent *self)
{
}

/* ---- entry point ------------------------------------------------------------ */

G_MODULE_EXPORT gboolean draftforge_plugin_init (DfPluginRegistry  *registry,
                                                 GError           **error);

G_MODULE_EXPORT gboolean
draftforge_plugin_init (DfPluginRegistry  *registry,
                        GError           **error)
{
  df_plugin_registry_add_agent (registry, CT_TYPE_AGENT);
  return TRUE;
}
