/* cli-table.c: text in aligned columns
 *
 * Cells are added row by row; each column is as wide as its widest cell
 * (in the columns of a monospace font: wide characters count twice),
 * left-aligned unless its bit is set in the right-alignment mask, with
 * two spaces between columns and none after the last.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <stdio.h>

#include "cli-private.h"
#include "df-text.h"

struct _CliTable
{
  guint       n_cols;
  guint       right_mask;   /* bit i set: column i is right-aligned */
  GPtrArray  *cells;        /* char *, n_cols per row */
};

CliTable *
cli_table_new (guint n_cols,
               guint right_mask)
{
  CliTable *table = g_new0 (CliTable, 1);

  table->n_cols = n_cols;
  table->right_mask = right_mask;
  table->cells = g_ptr_array_new_with_free_func (g_free);
  return table;
}

void
cli_table_free (CliTable *table)
{
  g_ptr_array_unref (table->cells);
  g_free (table);
}

/* Adds the next cell: @text on one line. */
void
cli_table_add (CliTable   *table,
               const char *text)
{
  g_ptr_array_add (table->cells, cli_one_line (text));
}

void
cli_table_print (CliTable *table)
{
  g_autofree gsize *widths = g_new0 (gsize, table->n_cols);

  for (guint i = 0; i < table->cells->len; i++)
    {
      guint col = i % table->n_cols;
      widths[col] = MAX (widths[col], df_text_display_width (table->cells->pdata[i]));
    }

  for (guint i = 0; i < table->cells->len; i++)
    {
      guint col = i % table->n_cols;
      const char *cell = table->cells->pdata[i];
      gsize gap = widths[col] - df_text_display_width (cell);
      gboolean right = (table->right_mask & (1u << col)) != 0;

      if (right)
        cli_pad (gap);
      cli_out (cell);
      if (col == table->n_cols - 1)
        cli_out ("\n");
      else
        {
          if (!right)
            cli_pad (gap);
          cli_out ("  ");
        }
    }
}
