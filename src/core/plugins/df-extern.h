/* df-extern.h: DF_EXTERN, the mark of the plugin API
 *
 * The core is built with hidden visibility: a function or variable is
 * seen by plugins only when its declaration in an installed header
 * carries DF_EXTERN, as GNOME Builder's _IDE_EXTERN.  The programs
 * (draftforge, draftforge-cli, draftforge-plugin-runner) link the core in
 * and export exactly these symbols; a plugin links no DraftForge library
 * and its df_* calls are bound to the program that loads it.
 * tests/abi-contract.py checks both, and with --fix adds the mark to a
 * declaration that lacks it (docs/plugins.md, "The ABI").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#if defined (__GNUC__) || defined (__clang__)
# define DF_EXTERN __attribute__((visibility ("default"))) extern
#else
# define DF_EXTERN extern
#endif
