/* df-store-rebuild.c: a table built again with some columns moved last
 *
 * SQLite keeps a row's columns in the order of the table's definition,
 * and a column after a long text is reached only by walking that text's
 * overflow pages.  A migration that wants the long columns last builds
 * the table again, as SQLite's "making other kinds of table schema
 * changes" describes: a new table from the old one's own definition
 * (whatever columns earlier migrations added), the rows copied with
 * their ids, the old table dropped, the new one renamed, its indexes and
 * triggers made again.  The caller runs it inside its transaction with
 * foreign keys off (see _df_migrations_run) and checks them after.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "df-error.h"
#include "df-store-migrations-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* The column definitions of "CREATE TABLE name (def, def, ...)": split
 * at the commas outside parentheses and quotes. */
static GPtrArray *
split_definitions (const char *create)
{
  GPtrArray *defs = g_ptr_array_new_with_free_func (g_free);
  const char *open = strchr (create, '(');
  const char *start, *p;
  int depth = 0;
  char quote = 0;

  if (open == NULL)
    return defs;
  for (start = p = open + 1; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
          continue;
        }
      if (*p == '\'' || *p == '"' || *p == '`')
        quote = *p;
      else if (*p == '(')
        depth++;
      else if (*p == ')' && depth > 0)
        depth--;
      else if ((*p == ',' && depth == 0) || (*p == ')' && depth == 0))
        {
          g_ptr_array_add (defs, g_strstrip (g_strndup (start, p - start)));
          if (*p == ')')
            break;
          start = p + 1;
        }
    }
  return defs;
}

static const char *
definition_of (GPtrArray  *defs,
               const char *column)
{
  gsize n = strlen (column);

  for (guint i = 0; i < defs->len; i++)
    {
      const char *def = g_ptr_array_index (defs, i);

      if (g_ascii_strncasecmp (def, column, n) == 0 && g_ascii_isspace (def[n]))
        return def;
    }
  return NULL;
}

/* What the table's indexes and triggers were made with. */
static GPtrArray *
dependent_sql (sqlite3     *db,
               const char  *table,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *sql = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT sql FROM sqlite_master WHERE tbl_name = ?1 AND type IN ('index', 'trigger')"
                              " AND sql IS NOT NULL ORDER BY type, name", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_DATABASE, _("Database error: %s"), sqlite3_errmsg (db));
      g_ptr_array_unref (sql);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (sql, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_DATABASE, _("Database error: %s"), sqlite3_errmsg (db));
      g_ptr_array_unref (sql);
      return NULL;
    }
  return sql;
}

static char *
table_sql (sqlite3    *db,
           const char *table)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
}

/* The names of the definitions (their first word), joined with ", ". */
static char *
column_names (GPtrArray *defs)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < defs->len; i++)
    {
      const char *def = g_ptr_array_index (defs, i);
      gsize n = strcspn (def, " \t\n");

      g_string_append_printf (names, "%s%.*s", i > 0 ? ", " : "", (int)n, def);
    }
  return g_string_free (names, FALSE);
}

gboolean
_df_sqlite_move_columns_last (sqlite3             *db,
                              const char          *table,
                              const char * const  *last,
                              GError             **error)
{
  g_autofree char *create = table_sql (db, table);
  g_autoptr(GPtrArray) defs = NULL;
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GPtrArray) dependents = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *names = NULL;

  if (create == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_DATABASE, _("Database error: no table “%s”"), table);
      return FALSE;
    }
  defs = split_definitions (create);
  for (guint i = 0; i < defs->len; i++)
    {
      const char *def = g_ptr_array_index (defs, i);
      gboolean moved = FALSE;

      for (guint j = 0; last[j] != NULL; j++)
        moved |= definition_of (defs, last[j]) == def;
      if (!moved)
        g_ptr_array_add (order, (gpointer)def);
    }
  for (guint j = 0; last[j] != NULL; j++)
    {
      const char *def = definition_of (defs, last[j]);

      if (def == NULL)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_DATABASE, _("Database error: no column “%s” in “%s”"), last[j], table);
          return FALSE;
        }
      g_ptr_array_add (order, (gpointer)def);
    }
  if ((dependents = dependent_sql (db, table, error)) == NULL)
    return FALSE;

  names = column_names (order);
  g_string_append_printf (sql, "CREATE TABLE %s_rebuilt (", table);
  for (guint i = 0; i < order->len; i++)
    g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", (const char *)g_ptr_array_index (order, i));
  g_string_append (sql, ");");
  g_string_append_printf (sql, "INSERT INTO %s_rebuilt (%s) SELECT %s FROM %s;", table, names, names, table);
  g_string_append_printf (sql, "DROP TABLE %s;", table);
  g_string_append_printf (sql, "ALTER TABLE %s_rebuilt RENAME TO %s;", table, table);
  for (guint i = 0; i < dependents->len; i++)
    g_string_append_printf (sql, "%s;", (const char *)g_ptr_array_index (dependents, i));
  return _df_sqlite_exec (db, sql->str, error);
}
