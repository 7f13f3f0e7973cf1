/* df-ui-extension.h: panels and actions a plugin adds to the application
 *
 * The core has no GTK; a UI extension gives the application GIO actions
 * and a menu, and optionally a panel: a GtkWidget the plugin creates
 * (returned as a GObject).  The application inserts the actions on its
 * window under the prefix "plugin-" + the plugin's id with '.' as '-'
 * (io.github.someone.Thing: "plugin-io-github-someone-Thing.ACTION"; the
 * menu's items must name them so), shows the menu in the main menu's
 * Plugins section, and the panel as a page of the project's sidebar.
 * Only the application calls these; the command line never does.
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

#define DF_TYPE_UI_EXTENSION (df_ui_extension_get_type ())
DF_EXTERN
G_DECLARE_INTERFACE (DfUiExtension, df_ui_extension, DF, UI_EXTENSION, GObject)

struct _DfUiExtensionInterface
{
  GTypeInterface parent_iface;

  /* Called when a project opens (@project_id) and closes (0). */
  void          (*set_project)     (DfUiExtension *self,
                                    DfStore       *store,
                                    gint64         project_id);
  GActionGroup *(*get_actions)     (DfUiExtension *self);
  GMenuModel   *(*get_menu)        (DfUiExtension *self);
  /* A translated title, or NULL for no panel. */
  const char   *(*get_panel_title) (DfUiExtension *self);
  /* A new GtkWidget (floating or not), or NULL. */
  GObject      *(*create_panel)    (DfUiExtension *self);

  /* API 2 (each may be NULL; an API 1 plugin leaves them so):
   * a chapter put in the editor; the open chapter's text saved, nothing
   * left unsaved; the open chapter's text changed by another program or
   * a sync, and shown again. */
  void          (*chapter_opened)  (DfUiExtension *self,
                                    gint64         chapter_id);
  void          (*chapter_saved)   (DfUiExtension *self,
                                    gint64         chapter_id);
  void          (*chapter_changed) (DfUiExtension *self,
                                    gint64         chapter_id);
};

DF_EXTERN
void          df_ui_extension_set_project     (DfUiExtension *self,
                                               DfStore       *store,
                                               gint64         project_id);
DF_EXTERN
GActionGroup *df_ui_extension_get_actions     (DfUiExtension *self);
DF_EXTERN
GMenuModel   *df_ui_extension_get_menu        (DfUiExtension *self);
DF_EXTERN
const char   *df_ui_extension_get_panel_title (DfUiExtension *self);
DF_EXTERN
GObject      *df_ui_extension_create_panel    (DfUiExtension *self);
DF_EXTERN
void          df_ui_extension_chapter_opened  (DfUiExtension *self,
                                               gint64         chapter_id);
DF_EXTERN
void          df_ui_extension_chapter_saved   (DfUiExtension *self,
                                               gint64         chapter_id);
DF_EXTERN
void          df_ui_extension_chapter_changed (DfUiExtension *self,
                                               gint64         chapter_id);

/* Services the application offers UI extensions (main thread only).
 *
 * df_ui_extension_render_markdown: lays @markdown into @text_buffer (a
 * GtkTextBuffer; its text is replaced) as the reader shows prose, with
 * the reader's tags: headings, emphasis, lists, quotes, code coloured as
 * GtkSourceView colours it.  FALSE, and nothing done, when no
 * application offers it: show the text as it is then. */
typedef void (*DfRenderMarkdownFunc) (GObject    *text_buffer,
                                      const char *markdown);

DF_EXTERN
gboolean      df_ui_extension_render_markdown       (GObject              *text_buffer,
                                                     const char           *markdown);
/* The application's, at its start. */
DF_EXTERN
void          df_ui_extension_set_markdown_renderer (DfRenderMarkdownFunc  func);

/* df_ui_extension_show_chapter (API 2): opens @chapter_id in the editor
 * (saving what is typed first), at @line (1-based; 0: where it was) and,
 * when @words are on that line, with them selected.  FALSE when no
 * application offers it or the chapter is not in the open project. */
typedef gboolean (*DfShowChapterFunc) (gint64      chapter_id,
                                       int         line,
                                       const char *words);

DF_EXTERN
gboolean      df_ui_extension_show_chapter          (gint64                chapter_id,
                                                     int                   line,
                                                     const char           *words);
DF_EXTERN
void          df_ui_extension_set_chapter_shower    (DfShowChapterFunc     func);

G_END_DECLS
