/* df-style-figures.h: the style checker's report as CSV and JSON text
 *
 * The style agent's report (df_agent_report: the checks, a row of
 * figures per chapter and the book's) written as `draftforge-cli style
 * report --csv` and `--json` print it and as the Style Report window
 * exports it: one place for the format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The per-chapter figures of @report (its "chapters"): a header row,
 * then a row per chapter, each line ending in a newline. */
char *df_style_figures_csv  (JsonObject *report);
/* @report without its list of checks, pretty-printed (two-space indent)
 * with a newline: valid JSON whatever its titles hold. */
char *df_style_figures_json (JsonNode   *report);
/* The same text as df_style_figures_json () of @report parsed, made
 * without parsing it, when @report is the text the style plugin writes
 * (json-glib's pretty printing, its checks first); NULL for any other
 * text, which the caller parses. */
char *df_style_figures_json_from_text (const char *report);

G_END_DECLS
