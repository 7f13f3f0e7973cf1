/* long-sentences.c: an example DraftForge agent, built out of tree
 *
 * Finds the sentences of a chapter longer than a number of words the
 * writer chooses (the plugin's own setting "max-words", 40 unless set:
 * `draftforge-cli plugin settings org.example.LongSentences max-words 30`).
 * Its findings show in the Issues panel with every other agent's, and
 * from `draftforge-cli agent run long-sentences SLUG`.
 *
 * Build it against an installed DraftForge:
 *
 *   cc -shared -fPIC -o liblong-sentences.so long-sentences.c \
 *      $(pkg-config --cflags --libs draftforge-plugin)
 *
 * and put liblong-sentences.so with long-sentences.plugin in a folder of
 * its own; `draftforge-cli plugin install FOLDER` installs it.
 *
 * This file is an example: copy it, change it, make it yours.
 *
 * SPDX-License-Identifier: CC0-1.0
 */
#include <string.h>

#include <gmodule.h>

#include <draftforge-plugin.h>

#define LONG_SENTENCES_DEFAULT_MAX 40

/* The manifest's Id, given when the plugin starts: the settings are kept
 * under it. */
static char *plugin_id;

#define EXAMPLE_TYPE_LONG_SENTENCES (example_long_sentences_get_type ())
G_DECLARE_FINAL_TYPE (ExampleLongSentences, example_long_sentences, EXAMPLE, LONG_SENTENCES, GObject)

struct _ExampleLongSentences
{
  GObject parent_instance;
};

static void example_long_sentences_agent_init (DfAgentInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ExampleLongSentences, example_long_sentences, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DF_TYPE_AGENT, example_long_sentences_agent_init))

static void
example_long_sentences_class_init (ExampleLongSentencesClass *klass)
{
}

static void
example_long_sentences_init (ExampleLongSentences *self)
{
}

static const char *
get_agent_type (DfAgent *agent)
{
  return "long-sentences";
}

static const char *
get_name (DfAgent *agent)
{
  return "Long Sentences";
}

static gboolean
ends_sentence (const char *p)
{
  return (*p == '.' || *p == '!' || *p == '?') &&
         (p[1] == ' ' || p[1] == '\n' || p[1] == '\0' || p[1] == '"');
}

/* Every sentence of @chapter over @max words, as a finding whose span is
 * the sentence.  A sentence ends at ".", "!" or "?" before a space or a
 * line's end, or at a blank line. */
static void
check_chapter (const DfChapter *chapter,
               gint64           max,
               GPtrArray       *issues)
{
  const char *text = chapter->content_md;
  const char *start = text;
  gint64 words = 0;
  gboolean in_word = FALSE;
  int line = 1, start_line = 1;

  for (const char *p = text; ; p++)
    {
      gboolean end = *p == '\0' || ends_sentence (p) || (p[0] == '\n' && p[1] == '\n');

      if (g_ascii_isalnum (*p) || (guchar) *p >= 0x80)
        {
          if (!in_word)
            words++;
          in_word = TRUE;
        }
      else if (*p != '\'')
        in_word = FALSE;

      if (end)
        {
          const char *stop = *p == '\0' || *p == '\n' ? p : p + 1;

          if (words > max)
            {
              g_autofree char *message = g_strdup_printf ("A sentence of %" G_GINT64_FORMAT " words: "
                                                          "long sentences are hard to follow",
                                                          words);
              DfAgentIssue *issue = df_agent_issue_new (DF_ISSUE_INFO, "readability", chapter->id,
                                                        start_line, message,
                                                        "Split it where the thought turns", 0.8);

              df_agent_issue_set_check (issue, "long-sentence");
              df_agent_issue_set_span (issue, text, start - text, stop - start);
              g_ptr_array_add (issues, issue);
            }
          if (*p == '\0')
            break;
          words = 0;
          in_word = FALSE;
          start = stop;
          while (*start == ' ' || *start == '\n')
            start++;
          start_line = line + (*p == '\n');
        }
      if (*p == '\n')
        line++;
    }
}

static GPtrArray *
analyze_with (DfAgent              *agent,
              DfStore              *store,
              gint64                project_id,
              gint64                chapter_id,
              const DfAgentOptions *options,
              GCancellable         *cancellable,
              GError              **error)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) df_agent_issue_free);
  g_autoptr(GPtrArray) chapters = df_chapter_list (store, project_id, error);
  gint64 max = df_plugin_settings_get_int (store, plugin_id, "max-words", LONG_SENTENCES_DEFAULT_MAX);

  if (chapters == NULL)
    return NULL;
  for (guint i = 0; i < chapters->len; i++)
    {
      const DfChapter *listed = chapters->pdata[i];
      g_autoptr(DfChapter) chapter = NULL;

      if (chapter_id > 0 && listed->id != chapter_id)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          (chapter = df_chapter_get (store, listed->id, error)) == NULL)
        return NULL;
      check_chapter (chapter, max, issues);
      if (options != NULL && options->progress != NULL)
        options->progress ((double) (i + 1) / chapters->len, chapter->title, options->progress_data);
    }
  return g_steal_pointer (&issues);
}

static GPtrArray *
analyze (DfAgent       *agent,
         DfStore       *store,
         gint64         project_id,
         gint64         chapter_id,
         GCancellable  *cancellable,
         GError       **error)
{
  return analyze_with (agent, store, project_id, chapter_id, NULL, cancellable, error);
}

static void
example_long_sentences_agent_init (DfAgentInterface *iface)
{
  iface->get_agent_type = get_agent_type;
  iface->get_name = get_name;
  iface->analyze = analyze;
  iface->analyze_with = analyze_with;
}

G_MODULE_EXPORT gboolean draftforge_plugin_init (DfPluginRegistry  *registry,
                                                 GError           **error);

G_MODULE_EXPORT gboolean
draftforge_plugin_init (DfPluginRegistry  *registry,
                        GError           **error)
{
  g_free (plugin_id);
  plugin_id = g_strdup (df_plugin_registry_get_plugin_id (registry));
  df_plugin_registry_add_agent (registry, EXAMPLE_TYPE_LONG_SENTENCES);
  return TRUE;
}
