/* df-issues-purpose.h: "This changed on purpose" on a continuity issue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "df-agent.h"
#include "df-store.h"

G_BEGIN_DECLS

/* What the continuity agent says changed (its issue's data): the codex
 * entry, the field, the later value and the chapter it holds from. */
typedef struct
{
  gint64  entry_id;
  char   *entry;
  char   *field;
  char   *value;
  char   *was;
  gint64  from_chapter;   /* the chapter number of the later fact */
} DfIssueChange;

void           df_issue_change_free (DfIssueChange *change);
/* The change @issue reports, or NULL when its data names no field (it
 * is not a change a progression can explain). */
DfIssueChange *df_issue_change_read (const DfAgentIssue *issue);

/* Whether @issue is one "This changed on purpose" answers: its data
 * names the field that changed. */
gboolean df_issues_can_be_on_purpose (const DfAgentIssue  *issue);

/* The writer says the change @issue reports is meant: the progression
 * that explains it goes into the codex (its entry, from its chapter, the
 * field set to the later value: df_codex_progression_add), so the
 * continuity agent no longer reports it, and @issue is dismissed so that
 * the run shown leaves it out at once.  The progression's id in
 * @progression_id_out, for an Undo. */
gboolean df_issues_changed_on_purpose (DfStore             *store,
                                       gint64               project_id,
                                       const DfAgentIssue  *issue,
                                       gint64              *progression_id_out,
                                       GError             **error);
/* Undoes it: the progression removed (when @progression_id is not 0),
 * the dismissal forgotten. */
gboolean df_issues_changed_on_purpose_undo (DfStore             *store,
                                            gint64               project_id,
                                            const DfAgentIssue  *issue,
                                            gint64               progression_id,
                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfIssueChange, df_issue_change_free)

G_END_DECLS
