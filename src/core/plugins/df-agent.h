/* df-agent.h: the agent extension point (analyses that report issues)
 *
 * An agent (continuity, style, ...) analyses a project or one chapter and
 * returns issues.  The host runs it off the main loop and stores each run
 * in agent_runs (status, results as JSON, summary, error, timings).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "df-store.h"

G_BEGIN_DECLS

typedef enum
{
  DF_ISSUE_INFO,
  DF_ISSUE_WARNING,
  DF_ISSUE_ERROR,
} DfIssueSeverity;

typedef struct
{
  DfIssueSeverity  severity;
  char            *category;      /* "continuity", "repetition", ... */
  gint64           chapter_id;    /* 0: the whole project */
  int              line;          /* 1-based line in the chapter's Markdown, 0: none */
  char            *message;
  char            *suggestion;    /* may be NULL */
  double           confidence;    /* 0..1 */
} DfAgentIssue;

DfAgentIssue *df_agent_issue_new  (DfIssueSeverity  severity,
                                   const char      *category,
                                   gint64           chapter_id,
                                   int              line,
                                   const char      *message,
                                   const char      *suggestion,
                                   double           confidence);
void          df_agent_issue_free (DfAgentIssue    *issue);

#define DF_TYPE_AGENT (df_agent_get_type ())
G_DECLARE_INTERFACE (DfAgent, df_agent, DF, AGENT, GObject)

struct _DfAgentInterface
{
  GTypeInterface parent_iface;

  /* "continuity", "style": stored as agent_runs.agent_type */
  const char *(*get_agent_type) (DfAgent *self);
  const char *(*get_name)       (DfAgent *self);
  /* Runs in a worker thread; @chapter_id is 0 for the whole project.
   * Returns DfAgentIssue* (owned by the array), or NULL with @error. */
  GPtrArray  *(*analyze)        (DfAgent       *self,
                                 DfStore       *store,
                                 gint64         project_id,
                                 gint64         chapter_id,
                                 GCancellable  *cancellable,
                                 GError       **error);
};

const char *df_agent_get_agent_type (DfAgent *self);
const char *df_agent_get_name       (DfAgent *self);

/* Host side: runs @agent and records it in agent_runs with @trigger
 * ("manual", "save" or "schedule").  Returns the run's id, or 0 with
 * @error (the failed run is recorded too). */
gint64      df_agent_run            (DfAgent       *agent,
                                     DfStore       *store,
                                     gint64         project_id,
                                     gint64         chapter_id,
                                     const char    *trigger,
                                     GPtrArray    **issues_out,
                                     GCancellable  *cancellable,
                                     GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfAgentIssue, df_agent_issue_free)

G_END_DECLS
