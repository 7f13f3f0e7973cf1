/* cli-record.c: one description of a record's fields, JSON and text from it
 *
 * A command describes a record once, as CliFields (each field's JSON key,
 * and the member or getter holding its value); --json prints every field
 * in that order, and the text views (a table's columns, or the labelled
 * rows of one record's details) name the fields they show, in their own
 * order, and how to show them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"

/* ---- values -------------------------------------------------------------- */

void
cli_value_set_string (CliValue   *value,
                      const char *string)
{
  value->type = CLI_STRING;
  value->string = string;
}

/* The same, with a string the value frees. */
void
cli_value_take_string (CliValue *value,
                       char     *string)
{
  g_free (value->owned);
  value->owned = string;
  cli_value_set_string (value, string);
}

void
cli_value_set_int (CliValue *value,
                   gint64    integer)
{
  value->type = CLI_INT;
  value->integer = integer;
}

void
cli_value_set_double (CliValue *value,
                      double    number)
{
  value->type = CLI_DOUBLE;
  value->number = number;
}

void
cli_value_set_list (CliValue        *value,
                    const CliFields *items,
                    GPtrArray       *list)
{
  value->type = CLI_LIST;
  value->items = items;
  value->list = list;
}

/* @record as an object of @items (CLI_RECORD), or its members put in the
 * enclosing object (CLI_MERGE); a NULL @record is null, or nothing. */
void
cli_value_set_record (CliValue        *value,
                      CliType          type,
                      const CliFields *items,
                      gconstpointer    record)
{
  g_assert (type == CLI_RECORD || type == CLI_MERGE);
  value->type = type;
  value->items = items;
  value->record = record;
}

static void
value_clear (CliValue *value)
{
  g_free (value->owned);
  g_clear_pointer (&value->node, json_node_unref);
  memset (value, 0, sizeof *value);
}

static void
field_value (const CliField *field,
             gconstpointer   record,
             gconstpointer   data,
             CliValue       *value)
{
  const char *member = (const char *)record + field->offset;

  memset (value, 0, sizeof *value);
  if (field->get != NULL)
    {
      field->get (record, data, value);
      return;
    }

  value->type = field->type;
  switch (field->type)
    {
    case CLI_STRING:
    case CLI_JSON_ARRAY:
    case CLI_JSON_OBJECT:
      value->string = *(char * const *)member;
      break;
    case CLI_INT:
      value->integer = *(const gint64 *)member;
      break;
    case CLI_UINT:
      value->type = CLI_INT;
      value->integer = *(const guint *)member;
      break;
    case CLI_INT32:
      value->type = CLI_INT;
      value->integer = *(const int *)member;
      break;
    case CLI_BOOL:
      value->integer = *(const gboolean *)member;
      break;
    case CLI_DOUBLE:
      value->number = *(const double *)member;
      break;
    case CLI_STRV:
      value->strv = *(char ** const *)member;
      break;
    default:
      g_assert_not_reached ();
    }
}

static const CliField *
find_field (const CliFields *fields,
            const char      *key)
{
  for (guint i = 0; i < fields->n_fields; i++)
    if (strcmp (fields->fields[i].key, key) == 0)
      return &fields->fields[i];

  g_error ("No field “%s” in the record", key);
}

/* ---- JSON ---------------------------------------------------------------- */

/* Stored JSON text (an array or object) as JSON, or @fallback_empty ("[]"
 * or "{}") if it does not parse. */
static JsonNode *
embedded_json (const char *json_text,
               const char *fallback_empty)
{
  JsonNode *node = NULL;

  if (json_text != NULL)
    node = json_from_string (json_text, NULL);
  if (node == NULL)
    node = json_from_string (fallback_empty, NULL);
  return node;
}

static JsonNode *
strv_to_json (char **strv)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  json_node_take_array (node, array);
  return node;
}

static JsonNode *records_to_json (const CliFields *fields,
                                  GPtrArray       *records,
                                  gconstpointer    data);
static JsonNode *record_to_json  (const CliFields *fields,
                                  gconstpointer    record,
                                  gconstpointer    data);

static JsonNode *
value_to_json (const CliValue *value,
               gconstpointer   data)
{
  switch (value->type)
    {
    case CLI_STRING:
      if (value->string == NULL)
        break;
      return json_node_init_string (json_node_alloc (), value->string);
    case CLI_INT:
      return json_node_init_int (json_node_alloc (), value->integer);
    case CLI_BOOL:
      return json_node_init_boolean (json_node_alloc (), value->integer != 0);
    case CLI_DOUBLE:
      return json_node_init_double (json_node_alloc (), value->number);
    case CLI_JSON_ARRAY:
      return embedded_json (value->string, "[]");
    case CLI_JSON_OBJECT:
      return embedded_json (value->string, "{}");
    case CLI_STRV:
      return strv_to_json (value->strv);
    case CLI_LIST:
      return records_to_json (value->items, value->list, data);
    case CLI_NODE:
      if (value->node == NULL)
        break;
      return json_node_ref (value->node);
    case CLI_RECORD:
      if (value->record == NULL)
        break;
      return record_to_json (value->items, value->record, data);
    case CLI_NULL:
    default:
      break;
    }

  return json_node_init_null (json_node_alloc ());
}

/* The members of @record's fields into @object. */
static void
add_members (JsonObject      *object,
             const CliFields *fields,
             gconstpointer    record,
             gconstpointer    data)
{
  for (guint i = 0; i < fields->n_fields; i++)
    {
      CliValue value;

      if (fields->fields[i].text_only)
        continue;
      field_value (&fields->fields[i], record, data, &value);
      if (value.type == CLI_MERGE && value.record != NULL)
        add_members (object, value.items, value.record, data);
      else if (value.type != CLI_MERGE && value.type != CLI_ABSENT)
        json_object_set_member (object, fields->fields[i].key, value_to_json (&value, data));
      value_clear (&value);
    }
}

/* A JSON object with every field of @record. */
static JsonNode *
record_to_json (const CliFields *fields,
                gconstpointer    record,
                gconstpointer    data)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  add_members (object, fields, record, data);
  json_node_take_object (node, object);
  return node;
}

/* A JSON array of @records, each an object. */
static JsonNode *
records_to_json (const CliFields *fields,
                 GPtrArray       *records,
                 gconstpointer    data)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; records != NULL && i < records->len; i++)
    json_array_add_element (array, record_to_json (fields, records->pdata[i], data));

  json_node_take_array (node, array);
  return node;
}

void
cli_print_record_json (const CliFields *fields,
                       gconstpointer    record,
                       gconstpointer    data)
{
  g_autoptr(JsonNode) root = record_to_json (fields, record, data);

  cli_json_print (root);
}

void
cli_print_records_json (const CliFields *fields,
                        GPtrArray       *records,
                        gconstpointer    data)
{
  g_autoptr(JsonNode) root = records_to_json (fields, records, data);

  cli_json_print (root);
}

/* ---- text ---------------------------------------------------------------- */

static void
column_value (const CliFields *fields,
              const CliColumn *column,
              gconstpointer    record,
              gconstpointer    data,
              CliValue        *value)
{
  if (column->get != NULL)
    {
      memset (value, 0, sizeof *value);
      column->get (record, data, value);
    }
  else
    field_value (find_field (fields, column->key), record, data, value);
}

static gboolean
value_is_empty (const CliValue *value)
{
  switch (value->type)
    {
    case CLI_STRING:
    case CLI_JSON_ARRAY:
    case CLI_JSON_OBJECT:
      return value->string == NULL || *value->string == '\0';
    case CLI_STRV:
      return value->strv == NULL || value->strv[0] == NULL;
    case CLI_NULL:
      return TRUE;
    default:
      return FALSE;
    }
}

static char *
value_to_text (const CliValue  *value,
               const CliColumn *column)
{
  CliCellFlags flags = column->flags;
  g_autofree char *made = NULL;
  const char *text = NULL;

  switch (value->type)
    {
    case CLI_STRING:
    case CLI_JSON_ARRAY:
    case CLI_JSON_OBJECT:
      text = value->string;
      break;
    case CLI_INT:
      text = made = g_strdup_printf ("%" PRId64, value->integer);
      break;
    case CLI_BOOL:
      if (flags & CLI_CELL_YES_NO)
        text = value->integer ? _("yes") : _("no");
      else
        text = value->integer ? "true" : "false";
      break;
    case CLI_DOUBLE:
      text = made = g_strdup_printf ("%.4f", value->number);
      break;
    case CLI_STRV:
      if (value->strv != NULL)
        text = made = g_strjoinv (",", value->strv);
      break;
    case CLI_NULL:
    case CLI_LIST:
    default:
      break;
    }

  if (flags & CLI_CELL_TIME)
    return cli_short_time (text);
  if (text != NULL && *text != '\0')
    return g_strdup (text);
  if (column->unset != NULL)
    return g_strdup (_(column->unset));
  return g_strdup ((flags & CLI_CELL_DASH) ? "-" : "");
}

static const char *
title_text (const char *title)
{
  /* gettext ("") would be the catalogue's header. */
  return *title != '\0' ? _(title) : "";
}

/* @records as a table: a header line, then a line for each record. */
void
cli_print_table (const CliFields *fields,
                 const CliView   *view,
                 GPtrArray       *records,
                 gconstpointer    data)
{
  g_autoptr(CliTable) table = NULL;
  guint right_mask = 0;

  for (guint c = 0; c < view->n_columns; c++)
    if (view->columns[c].flags & CLI_CELL_RIGHT)
      right_mask |= 1u << c;

  table = cli_table_new (view->n_columns, right_mask);
  for (guint c = 0; c < view->n_columns; c++)
    cli_table_add (table, title_text (view->columns[c].title));

  for (guint i = 0; i < records->len; i++)
    for (guint c = 0; c < view->n_columns; c++)
      {
        CliValue value;
        g_autofree char *text = NULL;

        column_value (fields, &view->columns[c], records->pdata[i], data, &value);
        text = value_to_text (&value, &view->columns[c]);
        cli_table_add (table, text);
        value_clear (&value);
      }

  cli_table_print (table);
}

/* One record's details: a line for each row of @view, its label, then
 * its value. */
static void
print_details (const CliFields *fields,
                   const CliView   *view,
                   gconstpointer    record,
                   gconstpointer    data)
{
  g_autoptr(CliTable) table = cli_table_new (2, 0);

  for (guint r = 0; r < view->n_columns; r++)
    {
      const CliColumn *row = &view->columns[r];
      CliValue value;

      column_value (fields, row, record, data, &value);
      if (!(row->flags & CLI_CELL_OPTIONAL) || !value_is_empty (&value))
        {
          g_autofree char *label = NULL;
          g_autofree char *text = value_to_text (&value, row);

          if (row->flags & CLI_CELL_KEY)
            label = g_strconcat (row->key, ":", NULL);
          else
            label = g_strdup (title_text (row->title));
          cli_table_add (table, label);
          cli_table_add (table, text);
        }
      value_clear (&value);
    }

  cli_table_print (table);
}

/* @records as JSON with --json, else as a table.  Returns FALSE when
 * there is nothing to list in text, and prints nothing then: the caller
 * says that the list is empty. */
gboolean
cli_print_list (const CliFields *fields,
                const CliView   *view,
                GPtrArray       *records,
                gconstpointer    data)
{
  if (cli_opt_json)
    {
      cli_print_records_json (fields, records, data);
      return TRUE;
    }

  if (records->len == 0)
    return FALSE;

  cli_print_table (fields, view, records, data);
  return TRUE;
}

/* @record as JSON with --json, else its details. */
void
cli_print_record (const CliFields *fields,
                  const CliView   *view,
                  gconstpointer    record,
                  gconstpointer    data)
{
  if (cli_opt_json)
    cli_print_record_json (fields, record, data);
  else
    print_details (fields, view, record, data);
}
