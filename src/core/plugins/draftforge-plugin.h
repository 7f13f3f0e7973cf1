/* draftforge-plugin.h: the one header a DraftForge plugin includes
 *
 *   cc -shared -fPIC my-plugin.c -o libmy-plugin.so \
 *      $(pkg-config --cflags --libs draftforge-plugin)
 *
 * See docs/plugins.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#define __DRAFTFORGE_PLUGIN_H_INSIDE__

#include "df-error.h"
#include "df-store.h"
#include "df-model.h"
#include "df-codex.h"
#include "df-text.h"
#include "df-book.h"
#include "df-import.h"
#include "df-plugin.h"
#include "df-plugin-notice.h"
#include "df-plugin-settings.h"
#include "df-exporter.h"
#include "df-agent.h"
#include "df-reader-transform.h"
#include "df-diff.h"
#include "df-sync-link.h"
#include "df-sync-backend.h"
#include "df-ui-extension.h"
#include "df-ai.h"
#include "df-credits.h"
#include "df-plan.h"
#include "df-chat.h"
#include "df-level-blocks.h"
#include "df-personalize.h"

#undef __DRAFTFORGE_PLUGIN_H_INSIDE__
