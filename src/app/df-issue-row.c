/* df-issue-row.c: the rows of the Issues panel: a finding, and a run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-issues"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <adwaita.h>

#include <glib/gi18n.h>

#include "df-issue-row.h"
#include "df-utils.h"

typedef struct
{
  DfAgentIssue *issue;
  guint         serial;
  char         *heading;
} RowData;

static void
row_data_free (RowData *data)
{
  df_agent_issue_free (data->issue);
  g_free (data->heading);
  g_free (data);
}

static RowData *
row_data (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "df-issue");
}

static GtkWidget *
severity_icon (DfIssueSeverity severity)
{
  GtkWidget *icon;
  const char *name, *label, *css;

  switch (severity)
    {
    case DF_ISSUE_ERROR:
      name = "dialog-error-symbolic";
      label = _("Error");
      css = "error";
      break;
    case DF_ISSUE_WARNING:
      name = "dialog-warning-symbolic";
      label = _("Warning");
      css = "warning";
      break;
    case DF_ISSUE_INFO:
    default:
      name = "dialog-information-symbolic";
      label = _("Note");
      css = "dim-label";
      break;
    }
  icon = gtk_image_new_from_icon_name (name);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_margin_top (icon, 2);
  gtk_widget_add_css_class (icon, css);
  gtk_widget_set_tooltip_text (icon, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return icon;
}

static GtkWidget *
text_label (const char *text,
            const char *css,
            const char *name)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

/* How far df_agent_issue_set_span's context reaches each side of the
 * words (df-agent.c): a side that long was likely cut in a word. */
#define CONTEXT_REACH 32

/* Whether the character at @p opens or closes a quotation. */
static gboolean
is_quotation_mark (const char *p)
{
  if (p == NULL || *p == '\0')
    return FALSE;
  switch (g_utf8_get_char (p))
    {
    case '"': case '\'': case 0x2018: case 0x2019: case 0x201C: case 0x201D: case 0x00AB: case 0x00BB:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The flagged words in bold, in the words around them when the agent
 * gave those, cut at whole words: “…was a **very** cold day…”. */
static char *
quote_markup (const DfAgentIssue *issue)
{
  g_autofree char *words = g_markup_escape_text (issue->quote, -1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *inner = NULL;
  gsize quote_len = strlen (issue->quote);
  gsize context_len = issue->context != NULL ? strlen (issue->context) : 0;
  gboolean cut_before = FALSE, cut_after = FALSE;
  const char *shown_first = issue->quote;
  const char *shown_last = NULL;

  if (issue->context != NULL && issue->context_offset >= 0 &&
      (gsize) issue->context_offset + quote_len <= context_len &&
      strncmp (issue->context + issue->context_offset, issue->quote, quote_len) == 0)
    {
      const char *from = issue->context;
      const char *tail = issue->context + issue->context_offset + quote_len;
      const char *to = issue->context + context_len;

      if (issue->context_offset >= CONTEXT_REACH)
        {
          const char *space = memchr (from, ' ', issue->context_offset);

          cut_before = TRUE;
          if (space != NULL)
            from = space + 1;
        }
      if (to - tail >= CONTEXT_REACH)
        {
          const char *space = g_strrstr_len (tail, to - tail, " ");

          cut_after = TRUE;
          if (space != NULL)
            to = space;
        }
      before = g_markup_escape_text (from, issue->context + issue->context_offset - from);
      after = g_markup_escape_text (tail, to - tail);
      shown_first = from < issue->context + issue->context_offset ? from : issue->quote;
      shown_last = to > tail ? g_utf8_find_prev_char (tail, to) : NULL;
    }
  if (shown_last == NULL && quote_len > 0)
    shown_last = g_utf8_find_prev_char (issue->quote, issue->quote + quote_len);
  inner = g_strdup_printf ("%s%s<b>%s</b>%s%s", cut_before ? "…" : "", before ? before : "", words,
                           after ? after : "", cut_after ? "…" : "");
  /* Words that begin or end with the book's own quotation marks show
   * them, not ours around them as well ("“"My dear…”"). */
  if ((!cut_before && is_quotation_mark (shown_first)) || (!cut_after && is_quotation_mark (shown_last)))
    return g_steal_pointer (&inner);
  /* Not translated: the book's own words, in the direction they are
   * written (an English book's quote reads left to right in Urdu too). */
  return g_strdup_printf ("“%s”", inner);
}

static GtkWidget *
action_button (const char *label,
               const char *tooltip,
               const char *action,
               const char *name,
               guint       serial)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_uint32 (serial));
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "caption");
  return button;
}

GtkWidget *
df_issue_row_new (DfAgentIssue *issue,
                  guint         serial,
                  const char   *heading,
                  gboolean      on_purpose)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  RowData *data = g_new0 (RowData, 1);

  g_return_val_if_fail (issue != NULL, NULL);

  gtk_widget_set_name (row, "issue-row");
  gtk_box_append (GTK_BOX (box), severity_icon (issue->severity));
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), text_label (issue->message, NULL, "issue-message"));
  if (issue->quote != NULL && issue->quote[0] != '\0')
    {
      g_autofree char *markup = quote_markup (issue);
      GtkWidget *label = text_label (NULL, "caption", "issue-quote");

      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_box_append (GTK_BOX (text), label);
    }
  if (issue->suggestion != NULL && issue->suggestion[0] != '\0')
    {
      g_autofree char *suggested = g_strdup_printf (_("Suggestion: %s"), issue->suggestion);
      GtkWidget *label = text_label (suggested, "caption", "issue-suggestion");

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (text), label);
    }

  gtk_box_append (GTK_BOX (buttons), action_button (_("_Dismiss"), _("Dismiss (not shown again for these words)"),
                                                    "issues.dismiss", "issue-dismiss", serial));
  if (on_purpose)
    gtk_box_append (GTK_BOX (buttons),
                    action_button (_("This Changed on _Purpose"),
                                   _("The change is meant: it goes into the codex as a progression and is not reported again"),
                                   "issues.on-purpose", "issue-on-purpose", serial));
  gtk_box_append (GTK_BOX (text), buttons);
  gtk_box_append (GTK_BOX (box), text);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  data->issue = issue;
  data->serial = serial;
  data->heading = g_strdup (heading);
  g_object_set_data_full (G_OBJECT (row), "df-issue", data, (GDestroyNotify) row_data_free);
  return row;
}

DfAgentIssue *
df_issue_row_get_issue (GtkListBoxRow *row)
{
  RowData *data = row_data (row);

  return data != NULL ? data->issue : NULL;
}

guint
df_issue_row_get_serial (GtkListBoxRow *row)
{
  RowData *data = row_data (row);

  return data != NULL ? data->serial : 0;
}

const char *
df_issue_row_get_heading (GtkListBoxRow *row)
{
  RowData *data = row_data (row);

  return data != NULL ? data->heading : NULL;
}

/* "Today at 14:05 · 12 issues", "… · Stopped", "… · Failed: why". */
static char *
run_subtitle (const DfAgentRunInfo *run)
{
  g_autofree char *when = df_format_when (run->created_at);
  g_autofree char *what = NULL;

  if (g_strcmp0 (run->status, "completed") == 0)
    what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " issue", "%'" PRId64 " issues",
                                         run->issue_count), run->issue_count);
  else if (g_strcmp0 (run->status, "canceled") == 0)
    what = g_strdup (_("Stopped"));
  else if (g_strcmp0 (run->status, "running") == 0)
    what = g_strdup (_("Running"));
  else
    what = g_strdup_printf (_("Failed: %s"), run->error ? run->error : _("no reason given"));
  /* TRANSLATORS: when a check ran · what it found */
  return g_strdup_printf (_("%s · %s"), when, what);
}

/* ---- runs ---------------------------------------------------------------- */

GtkWidget *
df_run_row_new (const DfAgentRunInfo *run,
                const char           *agent_name)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = run_subtitle (run);
  const char *name = agent_name;

  gtk_widget_set_name (row, "issues-run");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data (G_OBJECT (row), "run-id", GSIZE_TO_POINTER ((gsize) run->id));
  return row;
}

gint64
df_run_row_get_run_id (GtkListBoxRow *row)
{
  return row != NULL ? (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "run-id")) : 0;
}
