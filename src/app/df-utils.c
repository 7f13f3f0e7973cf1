/* df-utils.c: small helpers the application's widgets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge"

#include "config.h"

#include <inttypes.h>

#include "df-utils.h"

char *
df_format_count (gint64 n)
{
  return g_strdup_printf ("%'" PRId64, n);
}

void
df_entry_row_set_text (AdwEntryRow *row,
                       const char  *text)
{
  gboolean show = adw_entry_row_get_show_apply_button (row);

  adw_entry_row_set_show_apply_button (row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  adw_entry_row_set_show_apply_button (row, show);
}

void
df_page_show_toast (GtkWidget  *page,
                    const char *message)
{
  GtkRoot *root = gtk_widget_get_root (page);

  if (ADW_IS_PREFERENCES_WINDOW (root))
    {
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 0);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), toast);
    }
  else if (!gtk_widget_activate_action (page, "win.toast", "s", message))
    g_message ("%s", message);
}
