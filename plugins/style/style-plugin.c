/* style-plugin.c: the style agent (DfAgent) and the plugin's entry point
 *
 * Reads the project's chapters and settings, checks the book with the
 * engine (style-book.c) and turns its findings into DfAgentIssues with
 * exact spans; check_text checks one paragraph for the editor, report
 * gives the per-chapter figures.  The word lists are read once, from
 * lists/ beside the module.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-style"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "draftforge-plugin.h"
#include "style-book.h"

#define STYLE_TYPE_AGENT (style_agent_get_type ())
G_DECLARE_FINAL_TYPE (StyleAgent, style_agent, STYLE, AGENT, GObject)

struct _StyleAgent
{
  GObject parent_instance;
};

static void style_agent_iface_init (DfAgentInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (StyleAgent, style_agent, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DF_TYPE_AGENT, style_agent_iface_init))

static char *lists_dir;

/* The lists, loaded by the first caller. */
static const StyleLists *
get_lists (GError **error)
{
  static GMutex lock;
  static StyleLists *lists;
  static GError *failure;
  const StyleLists *result;

  g_mutex_lock (&lock);
  if (lists == NULL && failure == NULL)
    lists = style_lists_load (lists_dir, &failure);
  result = lists;
  if (result == NULL)
    g_propagate_error (error, g_error_copy (failure));
  g_mutex_unlock (&lock);
  return result;
}

/* The chapters of @project_id with their text, and its settings. */
static GPtrArray *
read_book (DfStore        *store,
           gint64          project_id,
           StyleSettings  *settings,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GPtrArray) chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) style_chapter_free);
  /* The chapters listed, then every text in one pass. */
  DfBook *book = df_book_load_lazily (store, project_id, NULL, error);

  if (book == NULL)
    return NULL;
  if (!df_book_read_texts (book, error))
    {
      df_book_free (book);
      return NULL;
    }
  if (!style_settings_parse (settings, book->project->settings, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      df_book_free (book);
      return NULL;
    }
  for (guint i = 0; i < book->chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (book->chapters, i);
      StyleChapter *ch = g_new0 (StyleChapter, 1);

      ch->id = chapter->id;
      ch->number = chapter->number;
      ch->title = g_strdup (chapter->title);
      ch->text = chapter->content_md ? g_steal_pointer (&chapter->content_md) : g_strdup ("");
      g_ptr_array_add (chapters, ch);
    }
  df_book_free (book);
  return g_steal_pointer (&chapters);
}

static gpointer
load_lists (gpointer data)
{
  (void) data;
  get_lists (NULL);
  return NULL;
}

/* The lists and the book: the lists loaded in a thread of their own
 * (the first time) while the book is read. */
static GPtrArray *
read_book_and_lists (DfStore            *store,
                     gint64              project_id,
                     StyleSettings      *settings,
                     const StyleLists  **lists,
                     GCancellable       *cancellable,
                     GError            **error)
{
  GThread *loading = g_thread_new ("style-lists", load_lists, NULL);
  g_autoptr(GPtrArray) chapters = read_book (store, project_id, settings, cancellable, error);

  g_thread_join (loading);
  if (chapters == NULL || (*lists = get_lists (error)) == NULL)
    return NULL;
  return g_steal_pointer (&chapters);
}

/* @findings of @text as issues of @chapter_id, appended to @issues. */
static void
add_issues (GPtrArray   *issues,
            GPtrArray   *findings,
            const char  *text,
            gint64       chapter_id)
{
  gsize at = 0;
  int line = 1;

  for (guint i = 0; i < findings->len; i++)
    {
      StyleFinding *f = g_ptr_array_index (findings, i);
      const StyleCheckInfo *info = style_check_info (f->check);
      DfAgentIssue *issue;

      for (; at < f->offset; at++)
        if (text[at] == '\n')
          line++;
      issue = df_agent_issue_new (f->info ? DF_ISSUE_INFO : DF_ISSUE_WARNING, info->category, chapter_id, line,
                                  f->message, f->suggestion, f->info ? 0.5 : 0.8);
      df_agent_issue_set_check (issue, info->id);
      df_agent_issue_set_span (issue, text, f->offset, f->length);
      g_ptr_array_add (issues, issue);
    }
}

static void
report_progress (double fraction, gpointer data)
{
  const DfAgentOptions *options = data;

  options->progress (fraction, _("Checking the style"), options->progress_data);
}

static GPtrArray *
style_analyze_with (DfAgent              *agent,
                    DfStore              *store,
                    gint64                project_id,
                    gint64                chapter_id,
                    const DfAgentOptions *options,
                    GCancellable         *cancellable,
                    GError              **error)
{
  const StyleLists *lists = NULL;
  StyleSettings settings = { 0 };
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(StyleBook) book = NULL;
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) df_agent_issue_free);
  gboolean found = chapter_id == 0;

  (void) agent;
  if ((chapters = read_book_and_lists (store, project_id, &settings, &lists, cancellable, error)) == NULL)
    {
      style_settings_clear (&settings);
      return NULL;
    }
  book = style_book_check (lists, &settings, chapters,
                           options && options->progress ? report_progress : NULL, (gpointer) options);
  for (guint c = 0; c < chapters->len; c++)
    {
      StyleChapter *ch = g_ptr_array_index (chapters, c);

      if (chapter_id != 0 && ch->id != chapter_id)
        continue;
      found = TRUE;
      add_issues (issues, ch->findings, ch->text, ch->id);
    }
  style_settings_clear (&settings);
  if (!found)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The chapter is not in this project"));
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&issues);
}

static GPtrArray *
style_analyze (DfAgent       *agent,
               DfStore       *store,
               gint64         project_id,
               gint64         chapter_id,
               GCancellable  *cancellable,
               GError       **error)
{
  return style_analyze_with (agent, store, project_id, chapter_id, NULL, cancellable, error);
}

static char *
style_report (DfAgent       *agent,
              DfStore       *store,
              gint64         project_id,
              GCancellable  *cancellable,
              GError       **error)
{
  const StyleLists *lists = NULL;
  StyleSettings settings = { 0 };
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(StyleBook) book = NULL;
  char *json;

  gint64 t0 = g_get_monotonic_time (), t1, t2;

  (void) agent;
  if ((chapters = read_book_and_lists (store, project_id, &settings, &lists, cancellable, error)) == NULL)
    {
      style_settings_clear (&settings);
      return NULL;
    }
  t1 = g_get_monotonic_time ();
  book = style_book_count (lists, &settings, chapters, NULL, NULL);
  t2 = g_get_monotonic_time ();
  json = style_book_report_json (book, &settings);
  g_debug ("report: read %.1f ms, checked %.1f ms, JSON %.1f ms", (t1 - t0) / 1000.0, (t2 - t1) / 1000.0,
           (g_get_monotonic_time () - t2) / 1000.0);
  style_settings_clear (&settings);
  return json;
}

static GPtrArray *
style_check_text_vfunc (DfAgent     *agent,
                        const char  *project_settings,
                        const char  *text,
                        gssize       len,
                        GError     **error)
{
  const StyleLists *lists = get_lists (error);
  StyleSettings settings = { 0 };
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *copy = NULL;
  GPtrArray *issues;

  (void) agent;
  if (lists == NULL || !style_settings_parse (&settings, project_settings, error))
    return NULL;
  if (len >= 0)
    text = copy = g_strndup (text, len);
  findings = style_check_text (lists, &settings, STYLE_QUOTES_AUTO, text, -1, NULL, NULL);
  issues = g_ptr_array_new_with_free_func ((GDestroyNotify) df_agent_issue_free);
  add_issues (issues, findings, text, 0);
  style_settings_clear (&settings);
  return issues;
}

static const char *
style_get_agent_type (DfAgent *agent)
{
  (void) agent;
  return "style";
}

static const char *
style_get_name (DfAgent *agent)
{
  (void) agent;
  return _("Style");
}

static void
style_agent_iface_init (DfAgentInterface *iface)
{
  iface->get_agent_type = style_get_agent_type;
  iface->get_name = style_get_name;
  iface->analyze = style_analyze;
  iface->analyze_with = style_analyze_with;
  iface->report = style_report;
  iface->check_text = style_check_text_vfunc;
}

static void
style_agent_class_init (StyleAgentClass *klass)
{
  (void) klass;
}

static void
style_agent_init (StyleAgent *self)
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
  if (lists_dir == NULL)
    lists_dir = style_lists_dir (df_plugin_registry_get_plugin_dir (registry));
  df_plugin_registry_add_agent (registry, STYLE_TYPE_AGENT);
  return TRUE;
}
