/* df-chart-util.c: what the Cairo charts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "df-chart-util.h"

double
df_chart_round_step (double range,
                     guint  max_steps)
{
  static const double factors[] = { 1, 2, 5 };
  double magnitude = 1;

  g_return_val_if_fail (max_steps > 0, 1);

  while (range / (5 * magnitude) > max_steps)
    magnitude *= 10;
  for (;;)
    {
      for (guint f = 0; f < G_N_ELEMENTS (factors); f++)
        if (range / (factors[f] * magnitude) <= max_steps)
          return factors[f] * magnitude;
      magnitude *= 10;
    }
}

PangoLayout *
df_chart_small_layout (GtkWidget  *widget,
                       const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

void
df_chart_theme_color (GtkWidget          *widget,
                      const char * const *names,
                      GdkRGBA            *color)
{
  GtkStyleContext *context;
  GdkRGBA fg;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  context = gtk_widget_get_style_context (widget);
  gtk_style_context_get_color (context, &fg);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (gtk_style_context_lookup_color (context, names[i], color))
      {
        G_GNUC_END_IGNORE_DEPRECATIONS
        return;
      }
  G_GNUC_END_IGNORE_DEPRECATIONS
  *color = fg;
}

void
df_chart_set_color (cairo_t       *cr,
                    const GdkRGBA *color,
                    double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}
