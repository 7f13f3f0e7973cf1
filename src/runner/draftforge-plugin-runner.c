/* draftforge-plugin-runner: runs one plugin job in a process of its own
 * (see src/core/plugins/df-plugin-job.h).  Not for people: the
 * application and the command line start it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "df-plugin-job.h"

int
main (int    argc,
      char **argv)
{
  return df_plugin_runner_main (argc, argv);
}
