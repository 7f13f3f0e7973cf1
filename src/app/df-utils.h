/* df-utils.h: small helpers the application's widgets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-session.h"

G_BEGIN_DECLS

/* A stored value and its label (marked with N_()), in a table ending with
 * { NULL, NULL }. */
typedef struct
{
  const char *value;
  const char *label;
} DfChoice;

/* The kinds of book a project can be (df_project_types), in words. */
extern const DfChoice df_project_type_labels[];

/* The translated label of @value in @choices; @value itself when the
 * table does not have it. */
const char *df_choice_label          (const DfChoice *choices,
                                      const char     *value);
/* The translated labels of @values (a NULL-terminated list) in @choices,
 * for a combo row. */
GListModel *df_choice_model_new      (const DfChoice     *choices,
                                      const char * const *values);
/* A "YYYY-MM-DD" date in @out; FALSE (and @out cleared) when @iso is
 * not one. */
gboolean    df_parse_date            (const char     *iso,
                                      GDate          *out);
/* @date in words: "June 30, 2024". */
char       *df_format_date           (const GDate    *date);
/* @n with the locale's thousands separators: "12,345". */
char       *df_format_count          (gint64          n);
/* "12,345 words" */
char       *df_format_words          (gint64          n);
/* "Today at 14:05", "Yesterday at 09:12", "3 November 2026 at 18:40", in
 * local time, from a stored UTC time; @created_at itself (or "") when it
 * is not one. */
char       *df_format_when           (const char     *created_at);
/* Sets @row's text without offering to apply it (libadwaita 1.2 shows
 * the apply button on any change of the text). */
void        df_entry_row_set_text    (AdwEntryRow    *row,
                                      const char     *text);
/* Shows @message until dismissed: in the preferences window @page is in,
 * else through the window's "win.toast", else in the log. */
void        df_page_show_toast       (GtkWidget      *page,
                                      const char     *message);
void        df_page_show_toast_printf (GtkWidget     *page,
                                       const char    *format,
                                       ...) G_GNUC_PRINTF (2, 3);
/* The active profile's id in @session's database, for a page about it;
 * NULL when there is none or it cannot be read, with @problem set to
 * what the page says instead (@no_profile when there is simply none). */
char       *df_page_dup_profile_id   (DfSession      *session,
                                      const char     *no_profile,
                                      char          **problem);
void        df_list_box_remove_all   (GtkListBox     *list);
/* Removes @rows (added to @group earlier) and empties the array. */
void        df_preferences_group_remove_rows (AdwPreferencesGroup *group,
                                              GPtrArray           *rows);
/* Shows @window above the window @widget is in. */
void        df_present_above         (GtkWindow      *window,
                                      GtkWidget      *widget);
/* A dialog above @widget's window that only says something, with Close. */
void        df_show_message          (GtkWidget      *widget,
                                      const char     *heading,
                                      const char     *body);
/* A dialog above @widget's window asking for @response (labelled @label,
 * in @appearance) or Cancel, which closing it is too; the default is
 * Cancel when @response is destructive.  The caller adds the body and
 * connects "response", then presents it. */
AdwMessageDialog *df_ask             (GtkWidget      *widget,
                                      const char     *heading,
                                      const char     *response,
                                      const char     *label,
                                      AdwResponseAppearance appearance);

/* Called with the file chosen in df_choose_file, if one was. */
typedef void (*DfFileChosenFunc) (GtkWidget *owner,
                                  GFile     *file);
/* Asks for a file in a native dialog above @owner's window (one at a time
 * per owner: nothing happens while one is open), offering @filter (taken,
 * may be NULL) and naming @current_name (for saving; may be NULL), then
 * calls @func on @owner, if it is still there. */
void        df_choose_file           (GtkWidget            *owner,
                                      const char           *title,
                                      GtkFileChooserAction  action,
                                      const char           *accept_label,
                                      GtkFileFilter        *filter,
                                      const char           *current_name,
                                      DfFileChosenFunc      func);

/* A GtkDragSource's "prepare" for the rows of the outline and the cards
 * of the corkboard (@list_item's item a DfOutlineItem): its chapter's id,
 * as the sidebar drags it. */
GdkContentProvider *df_outline_item_drag_prepare (GtkDragSource *source,
                                                  double         x,
                                                  double         y,
                                                  GtkListItem   *list_item);

G_END_DECLS
