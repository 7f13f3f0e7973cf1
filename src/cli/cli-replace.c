/* cli-replace.c: replace a word or phrase across a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"

typedef struct
{
  gint64     replaced;     /* occurrences */
  gint64     n_chapters;
  gboolean   dry_run;
  GPtrArray *changes;      /* DfReplaceChange */
} ReplaceRecord;

static const CliField change_field_list[] = {
  CLI_MEMBER (DfReplaceChange, "number", chapter_number, CLI_INT),
  CLI_MEMBER (DfReplaceChange, "title", chapter_title, CLI_STRING),
  CLI_MEMBER (DfReplaceChange, "count", count, CLI_INT),
};

static const CliFields change_fields = CLI_FIELDS (change_field_list);

static void
get_changes (gconstpointer  record,
             gconstpointer  data,
             CliValue      *value)
{
  cli_value_set_list (value, &change_fields, ((const ReplaceRecord *)record)->changes);
}

static const CliField record_field_list[] = {
  CLI_MEMBER (ReplaceRecord, "replaced", replaced, CLI_INT),
  CLI_MEMBER (ReplaceRecord, "chapters", n_chapters, CLI_INT),
  CLI_MEMBER (ReplaceRecord, "dry_run", dry_run, CLI_BOOL),
  CLI_COMPUTED ("changes", get_changes),
};

static const CliFields record_fields = CLI_FIELDS (record_field_list);

static gboolean opt_dry_run;

static const GOptionEntry replace_entries[] = {
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, &opt_dry_run, N_("Only say what would change; write nothing"), NULL },
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

/* Each chapter changed, then the sum. */
static void
print_changes (const ReplaceRecord *record)
{
  g_autofree char *occurrences = NULL;
  g_autofree char *chapters = NULL;

  for (guint i = 0; i < record->changes->len; i++)
    {
      DfReplaceChange *change = record->changes->pdata[i];
      g_autofree char *title = cli_one_line (change->chapter_title);

      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " occurrence",
                                                             "%" PRId64 " occurrences", change->count),
                                                change->count);

      cli_outf ("%4" PRId64 "  %s: %s\n", change->chapter_number, title, count);
    }

  occurrences = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " occurrence",
                                              "%" PRId64 " occurrences", record->replaced),
                                 record->replaced);
  chapters = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " chapter",
                                           "%" PRId64 " chapters", record->n_chapters),
                              record->n_chapters);
  if (record->dry_run)
    cli_outf (_("Would replace %s in %s; nothing was written.\n"), occurrences, chapters);
  else
    cli_outf (_("Replaced %s in %s; each chapter's text before is in its earlier versions.\n"),
              occurrences, chapters);
}

static gboolean
replace (Cli     *cli,
         char   **args,
         GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  ReplaceRecord record = { 0 };

  project = cli_project (cli, args[0], FALSE, error);
  if (project == NULL)
    return FALSE;

  changes = df_search_replace (cli->store, project->id, args[1], args[2], 0, opt_dry_run, NULL, error);
  if (changes == NULL)
    return FALSE;

  record.changes = changes;
  record.dry_run = opt_dry_run;
  record.n_chapters = changes->len;
  for (guint i = 0; i < changes->len; i++)
    record.replaced += ((DfReplaceChange *)changes->pdata[i])->count;

  if (cli_opt_json)
    cli_print_record_json (&record_fields, &record, NULL);
  else if (record.replaced == 0)
    {
      g_autofree char *shown = cli_one_line (args[1]);

      cli_outf (_("No chapter of “%s” holds “%s” as a whole word; nothing was changed.\n"), project->slug, shown);
    }
  else
    print_changes (&record);
  return TRUE;
}

const CliBuiltin cli_replace = {
  N_("SLUG TEXT REPLACEMENT"), 3, 3, replace_entries,
  N_("Replaces TEXT with REPLACEMENT in every chapter's text (not the "
     "titles).  TEXT is matched as whole words, accents and case ignored, "
     "its words together as a phrase; each replacement takes the case of "
     "what it replaces (\"The\" stays capitalised, \"STORM\" in capitals).  "
     "Every chapter changes or none does, and each chapter's text before "
     "is kept in its earlier versions.  --dry-run says what would change."),
  replace,
};
