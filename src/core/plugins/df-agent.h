/* df-agent.h: the agent extension point (analyses that report issues)
 *
 * An agent (continuity, style, ...) analyses a project or one chapter and
 * returns issues.  The host runs it off the main loop and stores each run
 * in agent_runs (status, results as JSON, summary, error, timings).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

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

  /* Set with the calls below; a plugin never writes them itself. */
  char            *agent;         /* the agent's type; the host sets it */
  char            *check;         /* the check's id inside the agent ("passive-voice"), or NULL */
  gint64           offset;        /* byte offset in the chapter's Markdown of the flagged words, -1: none */
  gint64           length;        /* their length in bytes */
  char            *quote;         /* the flagged words as written, or NULL */
  char            *context;       /* a few words each side of them on their line, or NULL */
  gint64           context_offset; /* where the words start in @context (bytes) */
  GPtrArray       *evidence;      /* DfAgentEvidence*: the passages that support it, or NULL */
  char            *data;          /* the agent's own details, a JSON object as text, or NULL */
} DfAgentIssue;

/* A passage that supports an issue: "her grey eyes" in chapter 1, line 12. */
typedef struct
{
  gint64  chapter_id;
  int     line;
  char   *quote;
} DfAgentEvidence;

/* How a run is asked for.  @mode is "offline" (the default: no network,
 * no credits) or "model" (an AI provider, when the agent has one); an
 * agent that knows only one mode ignores it.  @progress, when set, is
 * called from the worker with a fraction (0..1) and a short message. */
typedef struct
{
  const char  *mode;
  void       (*progress)      (double      fraction,
                               const char *message,
                               gpointer    user_data);
  gpointer     progress_data;
} DfAgentOptions;

DF_EXTERN
DfAgentIssue *df_agent_issue_new  (DfIssueSeverity  severity,
                                   const char      *category,
                                   gint64           chapter_id,
                                   int              line,
                                   const char      *message,
                                   const char      *suggestion,
                                   double           confidence);
DF_EXTERN
void          df_agent_issue_free (DfAgentIssue    *issue);

/* The span of the flagged words in the chapter's Markdown (bytes), the
 * words themselves and a few words each side of them on their line
 * (copied from @chapter_markdown, when not NULL). */
DF_EXTERN
void          df_agent_issue_set_span     (DfAgentIssue *issue,
                                           const char   *chapter_markdown,
                                           gint64        offset,
                                           gint64        length);
DF_EXTERN
void          df_agent_issue_set_check    (DfAgentIssue *issue,
                                           const char   *check);
/* The agent's own details of a finding, a JSON object: what the
 * application needs to act on it (the continuity agent: the codex entry,
 * the field, the two values and the chapter, for "This changed on
 * purpose").  Kept with the run as it is. */
DF_EXTERN
void          df_agent_issue_set_data     (DfAgentIssue *issue,
                                           const char   *json_object);
DF_EXTERN
void          df_agent_issue_add_evidence (DfAgentIssue *issue,
                                           gint64        chapter_id,
                                           int           line,
                                           const char   *quote);
/* A key that stays the same for the same finding on the same words in
 * a later run (agent, check or category, chapter, the quoted words and
 * those around them): what a dismissal remembers. */
DF_EXTERN
char         *df_agent_issue_fingerprint  (const DfAgentIssue *issue);

#define DF_TYPE_AGENT (df_agent_get_type ())
DF_EXTERN
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

  /* Optional (API 1 plugins leave it NULL, and analyze is called): the
   * same, with how the run was asked for. */
  GPtrArray  *(*analyze_with)   (DfAgent              *self,
                                 DfStore              *store,
                                 gint64                project_id,
                                 gint64                chapter_id,
                                 const DfAgentOptions *options,
                                 GCancellable         *cancellable,
                                 GError              **error);

  /* Optional: the agent's figures for the project, as the text of a JSON
   * object (the style agent: per-chapter readability).  Runs in a
   * worker thread or the command line; stores nothing. */
  char       *(*report)         (DfAgent       *self,
                                 DfStore       *store,
                                 gint64         project_id,
                                 GCancellable  *cancellable,
                                 GError       **error);

  /* Optional: checks @text (@len bytes, -1: NUL-terminated; the Markdown
   * of a paragraph or a chapter) as a project whose settings JSON is
   * @project_settings (NULL: the defaults) asks, without the store;
   * issues have chapter_id 0 and spans in @text.  Fast enough for the
   * editor to call while the writer types. */
  GPtrArray  *(*check_text)     (DfAgent       *self,
                                 const char    *project_settings,
                                 const char    *text,
                                 gssize         len,
                                 GError       **error);

  /* Optional, added after API 2 (at the end, so that older plugins keep
   * working): the analysis for an agent that waits on disk or the
   * network.  The defaults run analyze_with (or analyze) in a thread;
   * an agent may give these instead of analyze, and the host then calls
   * them (from a thread of its own, whose main context dispatches
   * @callback).  @options is only valid during the call: copy what is
   * needed. */
  void        (*analyze_async)  (DfAgent              *self,
                                 DfStore              *store,
                                 gint64                project_id,
                                 gint64                chapter_id,
                                 const DfAgentOptions *options,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
  GPtrArray  *(*analyze_finish) (DfAgent              *self,
                                 GAsyncResult         *result,
                                 GError              **error);
};

DF_EXTERN
const char *df_agent_get_agent_type (DfAgent *self);
DF_EXTERN
const char *df_agent_get_name       (DfAgent *self);
/* The optional calls; without them, G_IO_ERROR_NOT_SUPPORTED. */
DF_EXTERN
gboolean    df_agent_can_report     (DfAgent *self);
DF_EXTERN
char       *df_agent_report         (DfAgent       *self,
                                     DfStore       *store,
                                     gint64         project_id,
                                     GCancellable  *cancellable,
                                     GError       **error);
DF_EXTERN
gboolean    df_agent_can_check_text (DfAgent *self);
/* Issues name the agent (issue->agent) as a run's do. */
DF_EXTERN
GPtrArray  *df_agent_check_text     (DfAgent       *self,
                                     const char    *project_settings,
                                     const char    *text,
                                     gssize         len,
                                     GError       **error);

/* The analysis, asynchronously: the agent's analyze_async, or its
 * analyze run in a thread.  The issues are not recorded (df_agent_run
 * does that). */
DF_EXTERN
void        df_agent_analyze_async  (DfAgent              *self,
                                     DfStore              *store,
                                     gint64                project_id,
                                     gint64                chapter_id,
                                     const DfAgentOptions *options,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
DF_EXTERN
GPtrArray  *df_agent_analyze_finish (DfAgent              *self,
                                     GAsyncResult         *result,
                                     GError              **error);

/* Host side: runs @agent and records it in agent_runs with @trigger
 * ("manual", "save" or "schedule").  Returns the run's id, or 0 with
 * @error (the failed run is recorded too). */
DF_EXTERN
gint64      df_agent_run            (DfAgent       *agent,
                                     DfStore       *store,
                                     gint64         project_id,
                                     gint64         chapter_id,
                                     const char    *trigger,
                                     GPtrArray    **issues_out,
                                     GCancellable  *cancellable,
                                     GError       **error);
/* The same with @options (NULL: offline, no progress).  Issues the
 * project dismissed (df_agent_dismiss) are left out of what is returned
 * and stored. */
DF_EXTERN
gint64      df_agent_run_with       (DfAgent              *agent,
                                     DfStore              *store,
                                     gint64                project_id,
                                     gint64                chapter_id,
                                     const char           *trigger,
                                     const DfAgentOptions *options,
                                     GPtrArray           **issues_out,
                                     GCancellable         *cancellable,
                                     GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfAgentIssue, df_agent_issue_free)

G_END_DECLS
