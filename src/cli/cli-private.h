/* cli-private.h: what the command line's files share
 *
 * draftforge-cli.c holds the command table and main; every other cli-*.c
 * file is one group of commands (cli-project.c, cli-chapter.c, …) or one
 * shared helper (options and numbers, output, tables, records, lookups).
 *
 * A command is a row of the table: its name, its positional arguments and
 * its options are declared there, so that --help, usage errors (exit
 * status 2) and the count of arguments are handled in one place before
 * the command runs.  A command returns FALSE with a GError on failure;
 * main turns that into one line on stderr and the exit status: 2 for a
 * CLI_ERROR_USAGE error, 1 for anything else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "df-model.h"
#include "df-plugin-host.h"

G_BEGIN_DECLS

#define CLI_PROGRAM "draftforge-cli"

typedef enum
{
  CLI_EXIT_OK = 0,
  CLI_EXIT_USER = 1,
  CLI_EXIT_USAGE = 2,
} CliExit;

#define CLI_ERROR (cli_error_quark ())

typedef enum
{
  CLI_ERROR_FAILED,   /* the command could not be done: exit status 1 */
  CLI_ERROR_USAGE,    /* bad usage: exit status 2 and a hint to --help */
} CliError;

GQuark cli_error_quark (void);

typedef struct _Cli Cli;
typedef struct _CliBuiltin CliBuiltin;
typedef struct _CliCommand CliCommand;

/* A command as its file declares it, beside its code: its positional
 * arguments, its options, the end of its --help, and the function that
 * runs it once they are known to be right. */
struct _CliBuiltin
{
  const char         *params;       /* N_(), the positional arguments: "SLUG N" */
  guint               min_args;
  guint               max_args;
  const GOptionEntry *options;      /* NULL: none but --help */
  const char         *description;  /* N_(), at the end of --help, or NULL */
  gboolean          (*run)         (Cli     *cli,
                                    char   **args,
                                    GError **error);
};

/* A row of the command table (draftforge-cli.c): a command, or a group
 * of commands ("project") when it has no builtin. */
struct _CliCommand
{
  const char       *group;          /* NULL for a top-level command */
  const char       *name;           /* NULL for a group */
  const char       *summary;        /* N_() */
  const CliBuiltin *builtin;
};

struct _Cli
{
  const char       *db_path;        /* --db, NULL when not given */
  DfStore          *store;          /* opened on first use */
  const CliCommand *command;        /* the command being run */
};

/* ---- cli-options.c: options, arguments and numbers ----------------------- */

char      *cli_command_path        (const CliCommand   *command);
gboolean   cli_parse_command       (const CliCommand   *command,
                                    char              **argv,
                                    char             ***args_out,
                                    gboolean           *help_shown,
                                    GError            **error);
void       cli_clear_options       (const GOptionEntry *options);
void       cli_usage_error         (GError            **error,
                                    const char         *format,
                                    ...) G_GNUC_PRINTF (2, 3);
void       cli_failed              (GError            **error,
                                    const char         *format,
                                    ...) G_GNUC_PRINTF (2, 3);
gboolean   cli_parse_number        (const char         *what,
                                    const char         *text,
                                    gint64              min,
                                    gint64              max,
                                    gint64             *value,
                                    GError            **error);
gboolean   cli_parse_amount        (const char         *what,
                                    const char         *text,
                                    gboolean            none_allowed,
                                    double             *value,
                                    GError            **error);

/* ---- cli-output.c: text on stdout, notes on stderr, JSON ----------------- */

/* --json, shared by every command that offers it */
extern gboolean cli_opt_json;

#define CLI_OPTION_JSON \
  { "json", 0, 0, G_OPTION_ARG_NONE, &cli_opt_json, N_("Print JSON"), NULL }

/* The options of a command that has only --json */
extern const GOptionEntry cli_json_options[];

void       cli_out                 (const char         *text);
void       cli_out_exact           (const char         *text);
void       cli_outf                (const char         *format,
                                    ...) G_GNUC_PRINTF (1, 2);
void       cli_pad                 (gsize               n);
void       cli_note                (const char         *format,
                                    ...) G_GNUC_PRINTF (1, 2);
char      *cli_one_line            (const char         *text);
char      *cli_error_line          (const char         *message);
char      *cli_short_time          (const char         *iso);
const char *cli_or_dash            (const char         *text);
void       cli_json_print          (JsonNode           *root);

/* ---- cli-table.c: aligned columns ---------------------------------------- */

typedef struct _CliTable CliTable;

CliTable  *cli_table_new           (guint               n_cols,
                                    guint               right_mask);
void       cli_table_free          (CliTable           *table);
void       cli_table_add           (CliTable           *table,
                                    const char         *text);
void       cli_table_print         (CliTable           *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliTable, cli_table_free)

/* ---- cli-record.c: one description of a record, JSON and text from it ---- */

typedef enum
{
  CLI_NULL,          /* JSON null; "" (or "-") in text */
  CLI_STRING,        /* char *; NULL is null */
  CLI_INT,           /* gint64 */
  CLI_BOOL,          /* gboolean: true/false */
  CLI_DOUBLE,        /* double: "%.4f" in text */
  CLI_JSON_ARRAY,    /* char *, stored JSON text: embedded, [] if it does not parse */
  CLI_JSON_OBJECT,   /* char *, stored JSON text: embedded, {} if it does not parse */
  CLI_STRV,          /* char **: an array; joined with "," in text */
  CLI_LIST,          /* GPtrArray * of records of CliValue.items */
  CLI_UINT,          /* guint member (a value of CLI_INT) */
  CLI_INT32,         /* int member (a value of CLI_INT) */
  CLI_NODE,          /* a getter's JsonNode (owned), or NULL: null */
  CLI_RECORD,        /* a getter's CliValue.record as an object of CliValue.items; NULL: null */
  CLI_MERGE,         /* the same, its members put in the enclosing object; NULL: none */
  CLI_ABSENT,        /* a getter's: the member is left out of the JSON */
} CliType;

typedef struct _CliFields CliFields;

typedef struct
{
  CliType          type;
  const char      *string;
  gint64           integer;
  double           number;
  char           **strv;
  GPtrArray       *list;
  gconstpointer    record;   /* CLI_RECORD, CLI_MERGE */
  const CliFields *items;    /* CLI_LIST, CLI_RECORD, CLI_MERGE: the fields of each record */
  JsonNode        *node;     /* CLI_NODE, freed after use */
  char            *owned;    /* a string the getter made, freed after use */
} CliValue;

/* Computes a value from @record and the command's @data. */
typedef void (*CliGetter) (gconstpointer  record,
                           gconstpointer  data,
                           CliValue      *value);

/* A field: its JSON key (also the name text views refer to) and where
 * its value is, a member of the record or a getter.  A text-only field
 * (a value put in words for people) is left out of the JSON. */
typedef struct
{
  const char *key;
  CliType     type;
  gsize       offset;
  CliGetter   get;
  gboolean    text_only;
} CliField;

struct _CliFields
{
  const CliField *fields;
  guint           n_fields;
};

#define CLI_MEMBER(Type, key, member, type) \
  { key, type, G_STRUCT_OFFSET (Type, member), NULL, FALSE }
#define CLI_COMPUTED(key, getter) \
  { key, CLI_NULL, 0, getter, FALSE }
#define CLI_TEXT(Type, key, member) \
  { key, CLI_STRING, G_STRUCT_OFFSET (Type, member), NULL, TRUE }
#define CLI_FIELDS(array) \
  { array, G_N_ELEMENTS (array) }

typedef enum
{
  CLI_CELL_RIGHT    = 1 << 0,  /* a right-aligned column */
  CLI_CELL_TIME     = 1 << 1,  /* "2024-05-01 10:20", "-" when not set */
  CLI_CELL_DASH     = 1 << 2,  /* "-" when not set or empty */
  CLI_CELL_OPTIONAL = 1 << 3,  /* details: the row only when set and not empty */
  CLI_CELL_YES_NO   = 1 << 4,  /* a boolean as yes or no */
  CLI_CELL_KEY      = 1 << 5,  /* details: the label is the field's key and ":" */
} CliCellFlags;

/* A column of a table, or a row of a record's details: a title (the
 * header, or the label), and the field it shows, or a getter for a value
 * that only the text shows; what to show when the value is not set or
 * empty ("" unless CLI_CELL_DASH or @unset says otherwise). */
typedef struct
{
  const char   *title;
  const char   *key;
  CliCellFlags  flags;
  CliGetter     get;
  const char   *unset;   /* N_() */
} CliColumn;

typedef struct
{
  const CliColumn *columns;
  guint            n_columns;
} CliView;

#define CLI_VIEW(array) \
  { array, G_N_ELEMENTS (array) }

void       cli_value_set_string    (CliValue           *value,
                                    const char         *string);
void       cli_value_take_string   (CliValue           *value,
                                    char               *string);
void       cli_value_set_int       (CliValue           *value,
                                    gint64              integer);
void       cli_value_set_double    (CliValue           *value,
                                    double              number);
void       cli_value_set_list      (CliValue           *value,
                                    const CliFields    *items,
                                    GPtrArray          *list);
void       cli_value_set_record    (CliValue           *value,
                                    CliType             type,
                                    const CliFields    *items,
                                    gconstpointer       record);

/* @record, or @records, as JSON on stdout (for --json). */
void       cli_print_record_json   (const CliFields    *fields,
                                    gconstpointer       record,
                                    gconstpointer       data);
void       cli_print_records_json  (const CliFields    *fields,
                                    GPtrArray          *records,
                                    gconstpointer       data);
void       cli_print_table         (const CliFields    *fields,
                                    const CliView      *view,
                                    GPtrArray          *records,
                                    gconstpointer       data);
gboolean   cli_print_list          (const CliFields    *fields,
                                    const CliView      *view,
                                    GPtrArray          *records,
                                    gconstpointer       data);
void       cli_print_record        (const CliFields    *fields,
                                    const CliView      *view,
                                    gconstpointer       record,
                                    gconstpointer       data);

/* ---- cli-lookup.c: the database and what arguments name ------------------ */

/* --profile NAME, shared by the commands that work on a profile */
extern char *cli_opt_profile;

#define CLI_OPTION_PROFILE(description) \
  { "profile", 0, 0, G_OPTION_ARG_STRING, &cli_opt_profile, description, N_("NAME") }

/* The options of a command that changes the active profile or --profile
 * NAME */
extern const GOptionEntry cli_change_profile_options[];

/* How to say that there is no profile yet. */
typedef enum
{
  CLI_PROFILE_REQUIRED,      /* "There is no profile yet; create one with …" */
  CLI_PROFILE_REQUIRED_AI,   /* "Create a profile first: …", for the AI commands */
} CliProfileNeed;

gboolean      cli_open             (Cli                *cli,
                                    GError            **error);
void          cli_explain_error    (Cli                *cli,
                                    GError            **error);
DfProject    *cli_project          (Cli                *cli,
                                    const char         *slug,
                                    gboolean            include_deleted,
                                    GError            **error);
gboolean      cli_book             (Cli                *cli,
                                    const char         *slug,
                                    DfProject         **project,
                                    GPtrArray         **parts,
                                    GPtrArray         **chapters,
                                    GError            **error);
DfPart       *cli_part             (Cli                *cli,
                                    const char         *slug,
                                    const char         *number,
                                    DfProject         **project_out,
                                    GError            **error);
DfChapter    *cli_chapter          (Cli                *cli,
                                    const char         *slug,
                                    const char         *number,
                                    GError            **error);
gboolean      cli_profile_if_any   (Cli                *cli,
                                    const char         *name,
                                    DfProfile         **profile_out,
                                    GError            **error);
DfProfile    *cli_profile          (Cli                *cli,
                                    const char         *name,
                                    CliProfileNeed      need,
                                    GError            **error);
DfPluginHost *cli_plugin_host      (Cli                *cli,
                                    gboolean            load,
                                    GError            **error);
/* cli-sync.c: the git sync backend, in the helper process; it keeps the
 * plugin host that found it. */
DfSyncBackend *cli_sync_backend    (Cli                *cli,
                                    GError            **error);

/* ---- the commands ------------------------------------------------------- */

/* The commands, by file */

/* cli-outline.c: a project's writing sessions, as `session list` and
 * `stats --sessions` print them (a table, JSON with --json, or CSV). */
void          cli_print_sessions   (const DfProject    *project,
                                    GPtrArray          *sessions,
                                    gboolean            csv);

/* cli-agent.c */
extern const CliBuiltin cli_agent_list;
extern const CliBuiltin cli_agent_run;
extern const CliBuiltin cli_agent_runs;
extern const CliBuiltin cli_agent_show;
extern const CliBuiltin cli_agent_dismiss;
extern const CliBuiltin cli_agent_forget;

/* cli-version.c */
extern const CliBuiltin cli_version_save;
extern const CliBuiltin cli_version_list;
extern const CliBuiltin cli_version_show;
extern const CliBuiltin cli_version_restore;
extern const CliBuiltin cli_version_delete;

/* cli-style.c */
extern const CliBuiltin cli_style_report;
extern const CliBuiltin cli_style_settings;
extern const CliBuiltin cli_style_set;

/* cli-ai.c: up to CLI_MAX_SECRET_LENGTH bytes of one line from standard
 * input (a key, a token), not echoed on a terminal, where @prompt asks
 * for it. */
#define CLI_MAX_SECRET_LENGTH 16384
GString   *cli_read_line_quietly   (const char         *prompt);

/* cli-sync.c */
extern const CliBuiltin cli_sync;
extern const CliBuiltin cli_sync_init;
extern const CliBuiltin cli_sync_remote;
extern const CliBuiltin cli_sync_commit;
extern const CliBuiltin cli_sync_status;
extern const CliBuiltin cli_sync_log;
extern const CliBuiltin cli_sync_clone;
extern const CliBuiltin cli_sync_conflicts;
extern const CliBuiltin cli_sync_resolve;
extern const CliBuiltin cli_sync_restore;
extern const CliBuiltin cli_sync_token;

/* cli-import-export.c */
extern const CliBuiltin cli_import;
extern const CliBuiltin cli_export_folder;
extern const CliBuiltin cli_export;

/* cli-project.c */
extern const CliBuiltin cli_project_list;
extern const CliBuiltin cli_project_show;
extern const CliBuiltin cli_project_new;
extern const CliBuiltin cli_project_rename;
extern const CliBuiltin cli_project_set;
extern const CliBuiltin cli_project_delete;
extern const CliBuiltin cli_project_restore;
extern const CliBuiltin cli_project_purge;

/* cli-part.c */
extern const CliBuiltin cli_part_list;
extern const CliBuiltin cli_part_add;
extern const CliBuiltin cli_part_rename;
extern const CliBuiltin cli_part_set;
extern const CliBuiltin cli_part_delete;

/* cli-chapter.c */
extern const CliBuiltin cli_chapter_list;
extern const CliBuiltin cli_chapter_cat;
extern const CliBuiltin cli_chapter_write;
extern const CliBuiltin cli_chapter_add;
extern const CliBuiltin cli_chapter_rename;
extern const CliBuiltin cli_chapter_set;
extern const CliBuiltin cli_chapter_move;
extern const CliBuiltin cli_chapter_delete;

/* cli-outline.c */
extern const CliBuiltin cli_outline;
extern const CliBuiltin cli_chapter_label;
extern const CliBuiltin cli_label_list;
extern const CliBuiltin cli_label_color;
extern const CliBuiltin cli_label_delete;
extern const CliBuiltin cli_chapter_split;
extern const CliBuiltin cli_chapter_merge;
extern const CliBuiltin cli_chapter_split_scenes;
extern const CliBuiltin cli_session_start;
extern const CliBuiltin cli_session_stop;
extern const CliBuiltin cli_session_list;

/* cli-revision.c */
extern const CliBuiltin cli_chapter_revisions;
extern const CliBuiltin cli_chapter_deleted;
extern const CliBuiltin cli_chapter_undelete;

/* cli-stats.c */
extern const CliBuiltin cli_search;
extern const CliBuiltin cli_replace;
extern const CliBuiltin cli_stats;
extern const CliBuiltin cli_progress;

/* cli-profile.c */
extern const CliBuiltin cli_profile_new;
extern const CliBuiltin cli_profile_list;
extern const CliBuiltin cli_profile_use;
extern const CliBuiltin cli_profile_show;
extern const CliBuiltin cli_profile_set;

/* cli-backup.c */
extern const CliBuiltin cli_backup_list;
extern const CliBuiltin cli_backup_restore;

/* cli-codex.c */
extern const CliBuiltin cli_codex_add;
extern const CliBuiltin cli_codex_list;
extern const CliBuiltin cli_codex_show;
extern const CliBuiltin cli_codex_alias;
extern const CliBuiltin cli_codex_relate;
extern const CliBuiltin cli_codex_progress;
extern const CliBuiltin cli_codex_set;
extern const CliBuiltin cli_codex_rename;
extern const CliBuiltin cli_codex_delete;
extern const CliBuiltin cli_codex_restore;
extern const CliBuiltin cli_codex_index;
extern const CliBuiltin cli_codex_suggest;

/* cli-plugin.c */
extern const CliBuiltin cli_plugin_list;
extern const CliBuiltin cli_plugin_info;
extern const CliBuiltin cli_plugin_settings;
extern const CliBuiltin cli_plugin_install;
extern const CliBuiltin cli_plugin_remove;
extern const CliBuiltin cli_plugin_enable;
extern const CliBuiltin cli_plugin_disable;

/* cli-ai.c */
extern const CliBuiltin cli_ai_show;
extern const CliBuiltin cli_ai_set;
extern const CliBuiltin cli_ai_set_key;
extern const CliBuiltin cli_ai_clear_key;
extern const CliBuiltin cli_ai_test;

/* cli-credits.c */
extern const CliBuiltin cli_credits_show;
extern const CliBuiltin cli_credits_set_budget;
extern const CliBuiltin cli_credits_set_cost_cap;
extern const CliBuiltin cli_credits_set_price;
extern const CliBuiltin cli_credits_history;

/* cli-personalize.c */
extern const CliBuiltin cli_personalize;
extern const CliBuiltin cli_personalize_cache;

/* cli-coach.c */
extern const CliBuiltin cli_coach_ask;
extern const CliBuiltin cli_coach_history;
extern const CliBuiltin cli_coach_plan;
extern const CliBuiltin cli_tasks;

G_END_DECLS
