/* df-chart-util.h: what the Cairo charts share (the Progress page's
 * words per day, the style report's reading ease and sentence length)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A round step (1, 2 or 5 times a power of ten, at least 1) that spans
 * @range in at most @max_steps steps. */
double       df_chart_round_step   (double         range,
                                    guint          max_steps);
/* @text laid out in @widget's font at a small scale. */
PangoLayout *df_chart_small_layout (GtkWidget     *widget,
                                    const char    *text);
/* The first of the theme's named colours @names (NULL-terminated) that
 * the theme has, else @widget's text colour (followed in dark mode). */
void         df_chart_theme_color  (GtkWidget           *widget,
                                    const char * const  *names,
                                    GdkRGBA             *color);
void         df_chart_set_color    (cairo_t       *cr,
                                    const GdkRGBA *color,
                                    double         alpha);

G_END_DECLS
