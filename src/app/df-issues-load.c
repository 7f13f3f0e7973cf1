/* df-issues-load.c: what the Issues panel reads in its worker
 *
 * The runs of the project, newest first, and the issues of one of them
 * (the one asked for, or the newest, or the newest of one agent's), only
 * one check's when the panel shows one kind of finding, in book order
 * with the heading of each one's chapter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-issues"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "df-issues-load-private.h"
#include "df-model.h"

static int
compare_found (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  const DfAgentIssue *x = *(DfAgentIssue * const *) a;
  const DfAgentIssue *y = *(DfAgentIssue * const *) b;
  GHashTable *numbers = data;
  gint64 nx = GPOINTER_TO_SIZE (g_hash_table_lookup (numbers, &x->chapter_id));
  gint64 ny = GPOINTER_TO_SIZE (g_hash_table_lookup (numbers, &y->chapter_id));

  if (nx != ny)
    return nx < ny ? -1 : 1;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Sorts @issues in book order and names each one's chapter. */
static GPtrArray *
order_by_chapter (DfStore    *store,
                  gint64      project_id,
                  GPtrArray  *issues,
                  GError    **error)
{
  g_autoptr(GPtrArray) chapters = df_chapter_list (store, project_id, error);
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) titles = g_hash_table_new (g_int64_hash, g_int64_equal);
  GPtrArray *headings = g_ptr_array_new_with_free_func (g_free);

  if (chapters == NULL)
    return NULL;
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (chapters, i);

      g_hash_table_insert (numbers, &chapter->id, GSIZE_TO_POINTER ((gsize) chapter->number));
      g_hash_table_insert (titles, &chapter->id, chapter);
    }
  g_ptr_array_sort_with_data (issues, compare_found, numbers);
  for (guint i = 0; i < issues->len; i++)
    {
      DfAgentIssue *issue = g_ptr_array_index (issues, i);
      DfChapter *chapter = g_hash_table_lookup (titles, &issue->chapter_id);

      if (issue->chapter_id == 0)
        g_ptr_array_add (headings, g_strdup (_("The Whole Book")));
      else if (chapter == NULL)
        g_ptr_array_add (headings, g_strdup (_("A Chapter No Longer in the Book")));
      else
        /* TRANSLATORS: "Chapter 3: The Ball" */
        g_ptr_array_add (headings, g_strdup_printf (_("Chapter %" PRId64 ": %s"), chapter->number,
                                                    chapter->title));
    }
  return headings;
}

/* The run to show when none was chosen: the newest, or the newest of
 * @agent_type's (0: none). */
static gint64
newest_run (GPtrArray  *runs,
            const char *agent_type)
{
  for (guint i = 0; i < runs->len; i++)
    {
      DfAgentRunInfo *run = g_ptr_array_index (runs, i);

      if (agent_type == NULL || g_strcmp0 (run->agent_type, agent_type) == 0)
        return run->id;
    }
  return 0;
}

/* Keeps the issues of @check only (in any order: they are sorted next). */
static void
keep_check (GPtrArray  *issues,
            const char *check)
{
  for (guint i = issues->len; i > 0; i--)
    if (g_strcmp0 (((DfAgentIssue *) g_ptr_array_index (issues, i - 1))->check, check) != 0)
      g_ptr_array_remove_index_fast (issues, i - 1);
}

void
df_issues_load_job_free (DfIssuesLoadJob *job)
{
  g_free (job->agent_type);
  g_free (job->check);
  g_free (job);
}

void
df_issues_loaded_free (DfIssuesLoaded *loaded)
{
  g_clear_pointer (&loaded->runs, g_ptr_array_unref);
  g_clear_pointer (&loaded->issues, g_ptr_array_unref);
  g_clear_pointer (&loaded->headings, g_ptr_array_unref);
  g_free (loaded);
}

gpointer
df_issues_load_in_thread (DfStore       *store,
                          gpointer       data,
                          GCancellable  *cancellable,
                          GError       **error)
{
  DfIssuesLoadJob *job = data;
  DfIssuesLoaded *loaded = g_new0 (DfIssuesLoaded, 1);

  loaded->runs = df_agent_runs_list (store, job->project_id, NULL, error);
  if (loaded->runs == NULL)
    goto failed;
  loaded->run_id = job->run_id;
  loaded->keep_runs = job->keep_runs;
  if (loaded->run_id == 0)
    loaded->run_id = newest_run (loaded->runs, job->agent_type);
  if (loaded->run_id != 0)
    loaded->issues = df_agent_runs_get_issues (store, loaded->run_id, error);
  else
    loaded->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) df_agent_issue_free);
  if (loaded->issues == NULL)
    goto failed;
  if (job->check != NULL)
    keep_check (loaded->issues, job->check);
  loaded->headings = order_by_chapter (store, job->project_id, loaded->issues, error);
  if (loaded->headings == NULL)
    goto failed;
  return loaded;

failed:
  df_issues_loaded_free (loaded);
  return NULL;
}
