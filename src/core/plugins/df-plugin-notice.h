/* df-plugin-notice.h: a short message from a plugin to the writer (API 2)
 *
 * df_plugin_notice () says one sentence to whoever is using DraftForge:
 * in the application a toast ("Long Sentences: 12 sentences over 40
 * words"), in the command line a line on standard error; from the helper
 * process a job runs in, it travels to the program that started the job
 * and is said there.  Any thread may call it.  Keep it for what the writer
 * should know now (a finished long run, a setting that does not make
 * sense), not for logging.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include <glib.h>

G_BEGIN_DECLS

/* @plugin_id: the plugin's id (df_plugin_registry_get_plugin_id); @message:
 * one sentence, already translated by the plugin. */
DF_EXTERN
void df_plugin_notice (const char *plugin_id,
                       const char *message);

/* For DraftForge's programs, not for plugins: who hears the notices of
 * this process (NULL: they go to the log).  The handler runs in the
 * thread that called df_plugin_notice (). */
typedef void (*DfPluginNoticeFunc) (const char *plugin_id,
                                    const char *message,
                                    gpointer    data);
DF_EXTERN
void df_plugin_notice_set_handler (DfPluginNoticeFunc func,
                                   gpointer           data);

G_END_DECLS
