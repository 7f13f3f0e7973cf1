/* df-plugin-notice.c: a short message from a plugin to the writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include "df-plugin-notice.h"

static GMutex lock;
static DfPluginNoticeFunc handler;
static gpointer handler_data;

void
df_plugin_notice (const char *plugin_id,
                  const char *message)
{
  DfPluginNoticeFunc func;
  gpointer data;

  g_return_if_fail (plugin_id != NULL && message != NULL);

  g_mutex_lock (&lock);
  func = handler;
  data = handler_data;
  g_mutex_unlock (&lock);

  if (func != NULL)
    func (plugin_id, message, data);
  else
    g_message ("%s: %s", plugin_id, message);
}

void
df_plugin_notice_set_handler (DfPluginNoticeFunc func,
                              gpointer           data)
{
  g_mutex_lock (&lock);
  handler = func;
  handler_data = data;
  g_mutex_unlock (&lock);
}
