/* df-project-view-private.h: what the project view's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-document.h"
#include "df-editor.h"
#include "df-find-bar.h"
#include "df-issues-panel.h"
#include "df-corkboard-view.h"
#include "df-codex-view.h"
#include "df-outline-view.h"
#include "df-project-sidebar.h"
#include "df-side-pane.h"
#include "df-project-view.h"
#include "df-spell-bar.h"
#include "df-sync-status.h"
#include "df-utils.h"

G_BEGIN_DECLS

struct _DfProjectView
{
  GtkWidget         parent_instance;

  DfSession        *session;
  DfDocument       *document;

  gint64            project_id;
  gint64            chapter_part_id;
  gint64            switch_to;        /* the chapter to open once the open one is saved */
  char             *project_title;
  char             *chapter_title;
  char             *title;

  gint64            other_words;      /* the project's words outside this chapter */
  gint64            chapter_words;
  gint64            words_today;

  guint             count_id;
  gboolean          focus_mode;
  gboolean          save_failed;

  /* changes made elsewhere (df-project-view-sync.c) */
  char             *outline;          /* the chapter list's digest, as last listed */
  gint64            conflict_revision_id;  /* the version the banner offers to compare */
  gboolean          watching;         /* holds the session's watch */
  gboolean          check_after_save; /* a change came while a save ran */

  /* template */
  GtkLabel         *chapter_words_label;
  GtkStack         *content_stack;
  GtkLabel         *conflict_label;
  GtkRevealer      *conflict_revealer;
  DfEditor         *editor;
  GtkLabel         *error_label;
  GtkRevealer      *error_revealer;
  DfFindBar        *find_bar;
  AdwFlap          *flap;
  AdwHeaderBar     *header_bar;
  GtkWidget        *main_box;
  GtkMenuButton    *menu_button;
  GtkToggleButton  *outline_button;
  GtkToggleButton  *corkboard_button;
  GtkToggleButton  *codex_button;
  DfCodexView      *codex_view;
  GtkButton        *session_button;
  guint             session_timer;     /* refreshes the session's minutes */
  gboolean          session_goal_told; /* the goal reached was said */
  DfCorkboardView  *corkboard_view;
  DfOutlineView    *outline_view;
  GtkLabel         *project_words_label;
  GtkLabel         *save_label;
  DfProjectSidebar *sidebar;
  AdwFlap          *side_flap;
  DfSidePane       *side_pane;
  GtkWidget        *side_pane_button;
  DfIssuesPanel    *issues_panel;      /* a page of the side pane, always there */
  GMenu            *primary_menu;      /* Check for Issues, then the window's menu */
  GtkWidget        *sync_status;
  DfSpellBar       *spell_bar;
  GtkWidget        *status_bar;
  GtkLabel         *today_words_label;
  AdwWindowTitle   *window_title;
};

void     _df_project_view_class_actions_init (DfProjectViewClass *klass);
void     _df_project_view_actions_init       (DfProjectView      *self);
void     _df_project_view_set_chapter_title  (DfProjectView      *self,
                                              const char         *title);
void     _df_project_view_update_title       (DfProjectView      *self);
/* Counts the book's and today's words again from the database. */
void     _df_project_view_refresh_counts     (DfProjectView      *self);
/* Lists the chapters again after a change to the book. */
void     _df_project_view_reload_chapters    (DfProjectView      *self);
/* Opens @chapter_id (once the open one is saved), selects @length
 * characters from @offset (-1: none) and focuses the editor. */
void     _df_project_view_show_match         (DfProjectView      *self,
                                              gint64              chapter_id,
                                              gint64              offset,
                                              guint               length);
/* Opens @chapter_id and selects the words an agent flagged: @offset and
 * @length are bytes in the Markdown the agent read, @quote the words, on
 * @line (df-issue-locate.h finds them in the text as it is now). */
void     _df_project_view_show_issue         (DfProjectView      *self,
                                              gint64              chapter_id,
                                              gint64              offset,
                                              gint64              length,
                                              int                 line,
                                              const char         *quote);
/* Shuts the open chapter (it was deleted) and opens the first one. */
void     _df_project_view_close_chapter      (DfProjectView      *self);
/* Opens the open chapter's history, at @revision_id (0: the newest) and
 * comparing it with the text in the editor when @compare. */
void     _df_project_view_show_history       (DfProjectView      *self,
                                              gint64              revision_id,
                                              gboolean            compare);

/* The side pane (df-project-view-panels.c): counted in the width only
 * while it shows. */
void     _df_project_view_panels_init        (DfProjectView      *self);

/* Changes made elsewhere (df-project-view-sync.c): the watch on the
 * database while the view is on screen, the chapter list and the open
 * chapter kept up to date, and the banner that offers to compare a
 * version saved elsewhere. */
void     _df_project_view_class_sync_init    (DfProjectViewClass *klass);
void     _df_project_view_sync_init          (DfProjectView      *self);
/* Holds (or lets go) the session's watch: the view is on screen. */
void     _df_project_view_watch              (DfProjectView      *self,
                                              gboolean            watch);
void     _df_project_view_sync_set_session   (DfProjectView      *self,
                                              DfSession          *old_session);
/* Follows (or stops following) the "is-active" of @root, the view's
 * window: a window back in front looks for changes and retries a failed
 * save at once. */
void     _df_project_view_sync_follow_window (DfProjectView      *self,
                                              GtkRoot            *root,
                                              gboolean            follow);
/* The open chapter changed (loaded, closed): the banner follows it. */
void     _df_project_view_sync_chapter_loaded (DfProjectView     *self);
/* Says "chapter-changed": the open chapter was reloaded with another
 * program's text. */
void     _df_project_view_emit_chapter_changed (DfProjectView    *self,
                                                gint64            chapter_id);
/* Loads the open chapter again when this program changed its text in
 * the database (a version restored), unless it has unsaved edits. */
void     _df_project_view_reload_open_chapter (DfProjectView     *self);

/* The outline in the place of the editor (df-project-view-outline.c):
 * Ctrl+Shift+O or the header's button switch between them. */
void     _df_project_view_class_outline_init (DfProjectViewClass *klass);
void     _df_project_view_outline_init       (DfProjectView      *self);
void     _df_project_view_outline_set_session (DfProjectView     *self,
                                               DfSession         *session);
/* Whether the outline is shown rather than the editor. */
gboolean _df_project_view_outline_shown      (DfProjectView      *self);
/* df-project-view-codex.c */
void     _df_project_view_class_codex_init  (DfProjectViewClass *klass);
/* The editor marks the names of the project's codex (none without one). */
void     _df_project_view_codex_refresh     (DfProjectView      *self);
/* Back to the editor, without reloading anything (another project). */
void     _df_project_view_outline_leave      (DfProjectView      *self);

/* Splitting the open chapter at the cursor, merging it with the next,
 * and undoing the last of these (df-project-view-split.c). */
void     _df_project_view_class_split_init   (DfProjectViewClass *klass);
void     _df_project_view_split_init         (DfProjectView      *self);
/* Another project: nothing to undo. */
void     _df_project_view_split_forget       (DfProjectView      *self);

/* Replace in every chapter (df-project-view-replace.c): the action
 * "project.replace-all" (query, replacement). */
void     _df_project_view_class_replace_init (DfProjectViewClass *klass);

/* Named versions (df-project-view-versions.c): "project.save-version"
 * and "project.restore-version". */
void     _df_project_view_class_versions_init (DfProjectViewClass *klass);

/* The writing session in the status bar (df-project-view-session.c). */
void     _df_project_view_class_session_init (DfProjectViewClass *klass);
/* Shows the running session (after a save, a project opened). */
void     _df_project_view_session_update     (DfProjectView      *self);
void     _df_project_view_session_dispose    (DfProjectView      *self);

G_END_DECLS
