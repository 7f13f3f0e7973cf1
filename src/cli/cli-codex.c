/* cli-codex.c: codex add, list, show, alias, relate, progress, set,
 * rename, delete, restore, index, suggest
 *
 * A command that changes the names the codex answers to (add, alias,
 * rename, delete, restore, suggest --add) indexes the book's mentions
 * again before it ends, so that show and list count them at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"
#include "df-codex.h"

/* ---- records --------------------------------------------------------------- */

static const CliField entry_field_list[] = {
  CLI_MEMBER (DfCodexEntry, "id", id, CLI_INT),
  CLI_MEMBER (DfCodexEntry, "kind", kind, CLI_STRING),
  CLI_MEMBER (DfCodexEntry, "name", name, CLI_STRING),
  CLI_MEMBER (DfCodexEntry, "aliases", aliases, CLI_STRV),
  CLI_MEMBER (DfCodexEntry, "description", description, CLI_STRING),
  CLI_MEMBER (DfCodexEntry, "notes", notes, CLI_STRING),
  CLI_MEMBER (DfCodexEntry, "tags", tags, CLI_STRV),
  CLI_MEMBER (DfCodexEntry, "color", color, CLI_STRING),
  CLI_MEMBER (DfCodexEntry, "mention_count", mentions, CLI_INT),
  CLI_MEMBER (DfCodexEntry, "created_at", created_at, CLI_STRING),
  CLI_MEMBER (DfCodexEntry, "updated_at", updated_at, CLI_STRING),
  CLI_MEMBER (DfCodexEntry, "deleted_at", deleted_at, CLI_STRING),
};

static const CliFields entry_fields = CLI_FIELDS (entry_field_list);

static const CliColumn entry_column_list[] = {
  { N_("KIND"), "kind", 0 },
  { N_("MENTIONS"), "mention_count", CLI_CELL_RIGHT },
  { N_("NAME"), "name", 0 },
  { N_("ALIASES"), "aliases", CLI_CELL_DASH },
};

static const CliView entry_columns = CLI_VIEW (entry_column_list);

static const CliField relation_field_list[] = {
  CLI_MEMBER (DfCodexRelation, "from", entry_name, CLI_STRING),
  CLI_MEMBER (DfCodexRelation, "label", label, CLI_STRING),
  CLI_MEMBER (DfCodexRelation, "to", other_name, CLI_STRING),
};

static const CliFields relation_fields = CLI_FIELDS (relation_field_list);

static const CliField progression_field_list[] = {
  CLI_MEMBER (DfCodexProgression, "id", id, CLI_INT),
  CLI_MEMBER (DfCodexProgression, "from_chapter", from_chapter, CLI_INT),
  CLI_MEMBER (DfCodexProgression, "field", field, CLI_STRING),
  CLI_MEMBER (DfCodexProgression, "value", value, CLI_STRING),
  CLI_MEMBER (DfCodexProgression, "note", note, CLI_STRING),
};

static const CliFields progression_fields = CLI_FIELDS (progression_field_list);

static const CliColumn progression_column_list[] = {
  { N_("FROM CHAPTER"), "from_chapter", CLI_CELL_RIGHT },
  { N_("FIELD"), "field", 0 },
  { N_("VALUE"), "value", 0 },
  { N_("NOTE"), "note", CLI_CELL_DASH },
};

static const CliView progression_columns = CLI_VIEW (progression_column_list);

static const CliField mention_field_list[] = {
  CLI_MEMBER (DfCodexMention, "chapter", chapter_number, CLI_INT),
  CLI_MEMBER (DfCodexMention, "title", chapter_title, CLI_STRING),
  CLI_MEMBER (DfCodexMention, "count", count, CLI_INT),
  CLI_MEMBER (DfCodexMention, "offsets", offsets_json, CLI_JSON_ARRAY),
};

static const CliFields mention_fields = CLI_FIELDS (mention_field_list);

static const CliColumn mention_column_list[] = {
  { N_("CHAPTER"), "chapter", CLI_CELL_RIGHT },
  { N_("COUNT"), "count", CLI_CELL_RIGHT },
  { N_("TITLE"), "title", 0 },
};

static const CliView mention_columns = CLI_VIEW (mention_column_list);

/* An entry with all it has, for codex show: the entry's fields (a copy
 * of @owned's, not owned) come first, so that its members are the
 * show's. */
typedef struct
{
  DfCodexEntry  e;
  DfCodexEntry *owned;
  GPtrArray    *relations;
  GPtrArray    *progressions;
  GPtrArray    *mentions;
} Show;

static void
show_clear (Show *show)
{
  g_clear_pointer (&show->owned, df_codex_entry_free);
  g_clear_pointer (&show->relations, g_ptr_array_unref);
  g_clear_pointer (&show->progressions, g_ptr_array_unref);
  g_clear_pointer (&show->mentions, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Show, show_clear)

static void
get_relations (gconstpointer  record,
               gconstpointer  data,
               CliValue      *value)
{
  cli_value_set_list (value, &relation_fields, ((const Show *) record)->relations);
}

static void
get_progressions (gconstpointer  record,
                  gconstpointer  data,
                  CliValue      *value)
{
  cli_value_set_list (value, &progression_fields, ((const Show *) record)->progressions);
}

static void
get_mentions (gconstpointer  record,
              gconstpointer  data,
              CliValue      *value)
{
  cli_value_set_list (value, &mention_fields, ((const Show *) record)->mentions);
}

static const CliField show_field_list[] = {
  CLI_MEMBER (Show, "id", e.id, CLI_INT),
  CLI_MEMBER (Show, "kind", e.kind, CLI_STRING),
  CLI_MEMBER (Show, "name", e.name, CLI_STRING),
  CLI_MEMBER (Show, "aliases", e.aliases, CLI_STRV),
  CLI_MEMBER (Show, "description", e.description, CLI_STRING),
  CLI_MEMBER (Show, "notes", e.notes, CLI_STRING),
  CLI_MEMBER (Show, "tags", e.tags, CLI_STRV),
  CLI_MEMBER (Show, "color", e.color, CLI_STRING),
  CLI_MEMBER (Show, "mention_count", e.mentions, CLI_INT),
  CLI_MEMBER (Show, "created_at", e.created_at, CLI_STRING),
  CLI_MEMBER (Show, "updated_at", e.updated_at, CLI_STRING),
  CLI_MEMBER (Show, "deleted_at", e.deleted_at, CLI_STRING),
  CLI_COMPUTED ("relations", get_relations),
  CLI_COMPUTED ("progressions", get_progressions),
  CLI_COMPUTED ("mentions", get_mentions),
};

static const CliFields show_fields = CLI_FIELDS (show_field_list);

static const CliColumn entry_detail_list[] = {
  { N_("Name"), "name", 0 },
  { N_("Kind"), "kind", 0 },
  { N_("Aliases"), "aliases", CLI_CELL_OPTIONAL },
  { N_("Tags"), "tags", CLI_CELL_OPTIONAL },
  { N_("Colour"), "color", CLI_CELL_OPTIONAL },
  { N_("Mentions"), "mention_count", 0 },
  { N_("Deleted"), "deleted_at", CLI_CELL_OPTIONAL | CLI_CELL_TIME },
  { N_("Description"), "description", CLI_CELL_OPTIONAL },
  { N_("Notes"), "notes", CLI_CELL_OPTIONAL },
};

static const CliView entry_details = CLI_VIEW (entry_detail_list);

/* ---- helpers --------------------------------------------------------------- */

static DfCodexEntry *
find_entry (Cli        *cli,
            DfProject  *project,
            const char *name,
            gboolean    include_deleted,
            GError    **error)
{
  DfCodexEntry *entry = df_codex_entry_find (cli->store, project->id, name, include_deleted, error);

  if (entry == NULL && error != NULL && g_error_matches (*error, DF_ERROR, DF_ERROR_NOT_FOUND))
    {
      g_clear_error (error);
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("The codex of “%s” has no entry named “%s”; list them with “%s codex list %s”"),
                   project->slug, name, CLI_PROGRAM, project->slug);
    }
  return entry;
}

/* The project @slug and its entry @name. */
static gboolean
project_entry (Cli            *cli,
               const char     *slug,
               const char     *name,
               gboolean        include_deleted,
               DfProject     **project,
               DfCodexEntry  **entry,
               GError        **error)
{
  *project = cli_project (cli, slug, FALSE, error);
  if (*project == NULL)
    return FALSE;
  *entry = find_entry (cli, *project, name, include_deleted, error);
  return *entry != NULL;
}

/* ---- add, list, show ------------------------------------------------------ */

static char **opt_aliases;
static char *opt_description;

static const GOptionEntry codex_add_entries[] = {
  { "alias", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_aliases, N_("Another name it goes by (repeat for more)"),
    N_("ALIAS") },
  { "description", 0, 0, G_OPTION_ARG_STRING, &opt_description, N_("What it is, for you and the AI"), N_("TEXT") },
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

static gboolean
codex_add (Cli     *cli,
           char   **args,
           GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(DfCodexEntry) entry = NULL;
  g_autoptr(DfCodexEntry) indexed = NULL;

  if (project == NULL)
    return FALSE;
  entry = df_codex_entry_create (cli->store, project->id, args[1], args[2], (const char * const *) opt_aliases,
                                 opt_description, error);
  if (entry == NULL || !df_codex_index_project (cli->store, project->id, error))
    return FALSE;
  indexed = df_codex_entry_get (cli->store, entry->id, error);
  if (indexed == NULL)
    return FALSE;
  if (cli_opt_json)
    cli_print_record_json (&entry_fields, indexed, NULL);
  else
    cli_outf (_("Added %s “%s” (%" PRId64 " mentions)\n"), indexed->kind, indexed->name, indexed->mentions);
  return TRUE;
}

const CliBuiltin cli_codex_add = {
  N_("SLUG KIND NAME"), 3, 3, codex_add_entries,
  N_("KIND is one of character, location, object, lore, other."),
  codex_add,
};

static char *opt_kind;
static gboolean opt_deleted;

static const GOptionEntry codex_list_entries[] = {
  { "kind", 0, 0, G_OPTION_ARG_STRING, &opt_kind, N_("Only entries of KIND"), N_("KIND") },
  { "deleted", 0, 0, G_OPTION_ARG_NONE, &opt_deleted, N_("The deleted entries instead"), NULL },
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

static gboolean
codex_list (Cli     *cli,
            char   **args,
            GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(GPtrArray) entries = NULL;

  if (project == NULL)
    return FALSE;
  entries = df_codex_entry_list (cli->store, project->id, opt_kind, opt_deleted, error);
  if (entries == NULL)
    return FALSE;
  if (!cli_print_list (&entry_fields, &entry_columns, entries, NULL))
    cli_outf (_("The codex of “%s” is empty. Add an entry with “%s codex add %s KIND NAME”, or see what the text "
                "suggests with “%s codex suggest %s”.\n"),
              project->slug, CLI_PROGRAM, project->slug, CLI_PROGRAM, project->slug);
  return TRUE;
}

const CliBuiltin cli_codex_list = {
  N_("SLUG"), 1, 1, codex_list_entries,
  NULL,
  codex_list,
};

static gboolean
codex_show (Cli     *cli,
            char   **args,
            GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_auto(Show) show = { 0 };

  if (!project_entry (cli, args[0], args[1], TRUE, &project, &show.owned, error) ||
      (show.relations = df_codex_relation_list (cli->store, show.owned->id, error)) == NULL ||
      (show.progressions = df_codex_progression_list (cli->store, show.owned->id, 0, error)) == NULL ||
      (show.mentions = df_codex_mentions_of_entry (cli->store, show.owned->id, error)) == NULL)
    return FALSE;
  show.e = *show.owned;

  cli_print_record (&show_fields, &entry_details, &show, NULL);
  if (cli_opt_json)
    return TRUE;
  if (show.relations->len > 0)
    {
      cli_out (_("\nRelations:\n"));
      for (guint i = 0; i < show.relations->len; i++)
        {
          const DfCodexRelation *r = show.relations->pdata[i];
          cli_outf ("  %s %s %s\n", r->entry_name, r->label, r->other_name);
        }
    }
  if (show.progressions->len > 0)
    {
      cli_out (_("\nProgressions:\n"));
      cli_print_table (&progression_fields, &progression_columns, show.progressions, NULL);
    }
  if (show.mentions->len > 0)
    {
      cli_out (_("\nMentions:\n"));
      cli_print_table (&mention_fields, &mention_columns, show.mentions, NULL);
    }
  return TRUE;
}

const CliBuiltin cli_codex_show = {
  N_("SLUG NAME"), 2, 2, cli_json_options,
  N_("NAME is the entry's name or one of its aliases, in any case."),
  codex_show,
};

/* ---- changes ------------------------------------------------------------- */

static gboolean opt_remove;

static const GOptionEntry codex_remove_entries[] = {
  { "remove", 0, 0, G_OPTION_ARG_NONE, &opt_remove, N_("Remove it instead"), NULL },
  G_OPTION_ENTRY_NULL
};

static gboolean
codex_alias (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfCodexEntry) entry = NULL;

  if (!project_entry (cli, args[0], args[1], FALSE, &project, &entry, error))
    return FALSE;
  if (opt_remove ? !df_codex_entry_remove_alias (cli->store, entry->id, args[2], error)
                 : !df_codex_entry_add_alias (cli->store, entry->id, args[2], error))
    return FALSE;
  return df_codex_index_project (cli->store, project->id, error);
}

const CliBuiltin cli_codex_alias = {
  N_("SLUG NAME ALIAS"), 3, 3, codex_remove_entries,
  N_("Gives the entry NAME another name, ALIAS, that its mentions are found by."),
  codex_alias,
};

static gboolean
codex_relate (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfCodexEntry) entry = NULL;
  g_autoptr(DfCodexEntry) other = NULL;
  g_autoptr(DfCodexRelation) relation = NULL;

  if (!project_entry (cli, args[0], args[1], FALSE, &project, &entry, error) ||
      (other = find_entry (cli, project, args[3], FALSE, error)) == NULL)
    return FALSE;
  if (opt_remove)
    return df_codex_relation_remove (cli->store, entry->id, args[2], other->id, error);
  relation = df_codex_relation_add (cli->store, entry->id, args[2], other->id, error);
  return relation != NULL;
}

const CliBuiltin cli_codex_relate = {
  N_("SLUG NAME LABEL OTHER"), 4, 4, codex_remove_entries,
  N_("Reads as NAME LABEL OTHER: “codex relate novel Mara 'sister of' Ilse”."),
  codex_relate,
};

static char *opt_from_chapter;
static char *opt_note;

static const GOptionEntry codex_progress_entries[] = {
  { "from-chapter", 0, 0, G_OPTION_ARG_STRING, &opt_from_chapter, N_("The chapter it holds from (required)"),
    N_("N") },
  { "note", 0, 0, G_OPTION_ARG_STRING, &opt_note, N_("Why it changes"), N_("TEXT") },
  G_OPTION_ENTRY_NULL
};

static gboolean
codex_progress (Cli     *cli,
                char   **args,
                GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfCodexEntry) entry = NULL;
  g_autoptr(DfCodexProgression) progression = NULL;
  gint64 from;

  if (opt_from_chapter == NULL)
    {
      cli_usage_error (error, _("Say from which chapter with --from-chapter N"));
      return FALSE;
    }
  if (!cli_parse_number ("--from-chapter", opt_from_chapter, 1, G_MAXINT32, &from, error) ||
      !project_entry (cli, args[0], args[1], FALSE, &project, &entry, error))
    return FALSE;
  progression = df_codex_progression_add (cli->store, entry->id, from, args[2], args[3], opt_note, error);
  if (progression == NULL)
    return FALSE;
  cli_outf ("%" PRId64 "\n", progression->id);
  return TRUE;
}

const CliBuiltin cli_codex_progress = {
  N_("SLUG NAME FIELD VALUE"), 4, 4, codex_progress_entries,
  N_("From chapter N on, the entry's FIELD is VALUE (“hair” “cut short”); prints the progression's id."),
  codex_progress,
};

static gboolean
codex_set (Cli     *cli,
           char   **args,
           GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfCodexEntry) entry = NULL;
  const char *key = args[2], *value = args[3];

  if (!project_entry (cli, args[0], args[1], FALSE, &project, &entry, error))
    return FALSE;
  if (strcmp (key, "description") == 0)
    return df_codex_entry_set_description (cli->store, entry->id, value, error);
  if (strcmp (key, "notes") == 0)
    return df_codex_entry_set_notes (cli->store, entry->id, value, error);
  if (strcmp (key, "kind") == 0)
    return df_codex_entry_set_kind (cli->store, entry->id, value, error);
  if (strcmp (key, "color") == 0)
    return df_codex_entry_set_color (cli->store, entry->id, *value ? value : NULL, error);
  if (strcmp (key, "tags") == 0)
    {
      g_auto(GStrv) tags = *value ? g_strsplit (value, ",", -1) : g_new0 (char *, 1);
      return df_codex_entry_set_tags (cli->store, entry->id, (const char * const *) tags, error);
    }
  cli_usage_error (error, _("KEY must be one of description, notes, kind, color, tags (got “%s”)"), key);
  return FALSE;
}

const CliBuiltin cli_codex_set = {
  N_("SLUG NAME KEY VALUE"), 4, 4, NULL,
  N_("KEY is one of description, notes, kind, color (#rrggbb, or empty for none), tags (separated by commas)."),
  codex_set,
};

static gboolean
codex_rename (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfCodexEntry) entry = NULL;

  return project_entry (cli, args[0], args[1], FALSE, &project, &entry, error) &&
         df_codex_entry_rename (cli->store, entry->id, args[2], error) &&
         df_codex_index_project (cli->store, project->id, error);
}

const CliBuiltin cli_codex_rename = {
  N_("SLUG NAME NEW-NAME"), 3, 3, NULL,
  NULL,
  codex_rename,
};

static gboolean
codex_delete (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfCodexEntry) entry = NULL;

  if (!project_entry (cli, args[0], args[1], FALSE, &project, &entry, error) ||
      !df_codex_entry_delete (cli->store, entry->id, error) ||
      !df_codex_index_project (cli->store, project->id, error))
    return FALSE;
  cli_outf (_("Deleted “%s”; bring it back with “%s codex restore %s '%s'”\n"), entry->name, CLI_PROGRAM,
            project->slug, entry->name);
  return TRUE;
}

const CliBuiltin cli_codex_delete = {
  N_("SLUG NAME"), 2, 2, NULL,
  N_("The entry is kept, out of sight, until restored."),
  codex_delete,
};

static gboolean
codex_restore (Cli     *cli,
               char   **args,
               GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(GPtrArray) deleted = NULL;

  if (project == NULL || (deleted = df_codex_entry_list (cli->store, project->id, NULL, TRUE, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < deleted->len; i++)
    {
      const DfCodexEntry *entry = deleted->pdata[i];

      if (g_utf8_collate (entry->name, args[1]) == 0 || g_strv_contains ((const char * const *) entry->aliases, args[1]))
        return df_codex_entry_restore (cli->store, entry->id, error) &&
               df_codex_index_project (cli->store, project->id, error);
    }
  g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
               _("No deleted codex entry is named “%s”; list them with “%s codex list %s --deleted”"),
               args[1], CLI_PROGRAM, project->slug);
  return FALSE;
}

const CliBuiltin cli_codex_restore = {
  N_("SLUG NAME"), 2, 2, NULL,
  NULL,
  codex_restore,
};

/* ---- index and suggest ------------------------------------------------------ */

static gboolean
codex_index (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  gint64 mentions = 0, chapters = 0;

  if (project == NULL || !df_codex_index_project (cli->store, project->id, error) ||
      !df_codex_mention_totals (cli->store, project->id, &mentions, &chapters, error))
    return FALSE;
  if (cli_opt_json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_int_member (object, "mentions", mentions);
      json_object_set_int_member (object, "chapters", chapters);
      json_node_take_object (root, object);
      cli_json_print (root);
    }
  else
    cli_outf (_("%" PRId64 " mentions in %" PRId64 " chapters\n"), mentions, chapters);
  return TRUE;
}

const CliBuiltin cli_codex_index = {
  N_("SLUG"), 1, 1, cli_json_options,
  N_("Finds every entry's mentions in the whole book again (saving a chapter does it for that chapter)."),
  codex_index,
};

static char *opt_add;
static char *opt_limit;

static const GOptionEntry codex_suggest_entries[] = {
  { "add", 0, 0, G_OPTION_ARG_STRING, &opt_add, N_("Add the first N suggestions to the codex"), N_("N") },
  { "limit", 0, 0, G_OPTION_ARG_STRING, &opt_limit, N_("Show N suggestions (30 unless given; 0: all)"), N_("N") },
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

static const CliField suggestion_field_list[] = {
  CLI_MEMBER (DfCodexSuggestion, "name", name, CLI_STRING),
  CLI_MEMBER (DfCodexSuggestion, "kind", kind, CLI_STRING),
  CLI_MEMBER (DfCodexSuggestion, "count", count, CLI_INT),
  CLI_MEMBER (DfCodexSuggestion, "chapters", chapters, CLI_INT),
  CLI_MEMBER (DfCodexSuggestion, "aliases", aliases, CLI_STRV),
};

static const CliFields suggestion_fields = CLI_FIELDS (suggestion_field_list);

static const CliColumn suggestion_column_list[] = {
  { N_("COUNT"), "count", CLI_CELL_RIGHT },
  { N_("CHAPTERS"), "chapters", CLI_CELL_RIGHT },
  { N_("KIND"), "kind", 0 },
  { N_("NAME"), "name", 0 },
  { N_("ALIASES"), "aliases", CLI_CELL_DASH },
};

static const CliView suggestion_columns = CLI_VIEW (suggestion_column_list);

/* Adds the first @n of @suggestions; their aliases that another entry
 * has already are left out. */
static gboolean
add_suggestions (Cli        *cli,
                 DfProject  *project,
                 GPtrArray  *suggestions,
                 gint64      n,
                 GError    **error)
{
  for (guint i = 0; i < suggestions->len && i < n; i++)
    {
      g_autoptr(DfCodexEntry) entry = df_codex_suggestion_add (cli->store, project->id, suggestions->pdata[i],
                                                               error);

      if (entry == NULL)
        return FALSE;
    }
  return df_codex_index_project (cli->store, project->id, error);
}

static gboolean
codex_suggest (Cli     *cli,
               char   **args,
               GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(GPtrArray) suggestions = NULL;
  gint64 limit = 30, add = 0;

  if (project == NULL ||
      (opt_limit != NULL && !cli_parse_number ("--limit", opt_limit, 0, G_MAXINT32, &limit, error)) ||
      (opt_add != NULL && !cli_parse_number ("--add", opt_add, 1, G_MAXINT32, &add, error)))
    return FALSE;
  if (add > limit && limit > 0)
    limit = add;
  suggestions = df_codex_suggest (cli->store, project->id, limit, error);
  if (suggestions == NULL)
    return FALSE;
  if (add > 0 && !add_suggestions (cli, project, suggestions, add, error))
    return FALSE;
  if (!cli_print_list (&suggestion_fields, &suggestion_columns, suggestions, NULL))
    cli_outf (_("No names recur in “%s” that the codex does not have.\n"), project->slug);
  else if (add > 0 && !cli_opt_json)
    cli_outf (_("Added the first %" PRId64 " to the codex.\n"), MIN (add, (gint64) suggestions->len));
  return TRUE;
}

const CliBuiltin cli_codex_suggest = {
  N_("SLUG"), 1, 1, codex_suggest_entries,
  N_("Lists the names that recur in the text and are not in the codex yet, most frequent first, with a guess at "
     "their kind and the titled forms seen (“Mr. Darcy”)."),
  codex_suggest,
};
