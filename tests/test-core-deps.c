/* test-core-deps.c: the core library stays free of GTK
 *
 * libdraftforge-1.so is what the command line and every plugin load: it
 * must not link GTK, GDK, libadwaita, GtkSourceView, cairo or pango, and
 * no file under src/core may include their headers.  The library's
 * dynamic section is read here (its DT_NEEDED entries), and the sources
 * are scanned for #include lines.  The same checks, pointed at the
 * application and src/app, must find GTK: a checker that found nothing
 * anywhere would pass whatever the core linked.
 *
 * tests/meson.build names the files: DRAFTFORGE_TEST_CORE_LIBRARY,
 * DRAFTFORGE_TEST_CORE_SOURCES, DRAFTFORGE_TEST_APP_PROGRAM and
 * DRAFTFORGE_TEST_APP_SOURCES.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <elf.h>
#include <string.h>

#include "df-test-util.h"

/* Libraries the core must not load, by the start of their file names. */
static const char * const forbidden_libraries[] = {
  "libgtk",        /* GTK 3 and 4, and GtkSourceView */
  "libgdk-",       /* GDK 3 (in GTK 4 it is part of libgtk-4) */
  "libadwaita",
  "libcairo",
  "libpango",
  NULL
};

/* Headers the core must not include, by the start of their names. */
static const char * const forbidden_headers[] = {
  "gtk/", "gdk/", "adwaita.h", "gtksourceview", "cairo", "pango/", NULL
};

static gboolean
has_forbidden_prefix (const char         *name,
                      const char * const *prefixes)
{
  for (guint i = 0; prefixes[i] != NULL; i++)
    if (g_str_has_prefix (name, prefixes[i]))
      return TRUE;
  return FALSE;
}

static const char *
test_path (const char *variable)
{
  const char *path = g_getenv (variable);

  if (path == NULL || *path == '\0')
    g_error ("%s is not set: run the tests with meson test", variable);
  return path;
}

/* ---- the dynamic section ------------------------------------------------- */

/* The DT_NEEDED names of an ELF file of one class (Elf32 or Elf64), read
 * through its section headers: the SHT_DYNAMIC section and the string
 * table it links to.  Every offset is checked against the file's size. */
#define DEFINE_READ_NEEDED(Elf)                                                        \
static GPtrArray *                                                                     \
read_needed_##Elf (const guint8 *data,                                                 \
                   gsize         size,                                                 \
                   const char   *path)                                                 \
{                                                                                      \
  GPtrArray *needed = g_ptr_array_new_with_free_func (g_free);                         \
  const Elf##_Ehdr *ehdr = (const Elf##_Ehdr *) data;                                  \
  gboolean found = FALSE;                                                              \
                                                                                       \
  if (size < sizeof *ehdr || ehdr->e_shentsize != sizeof (Elf##_Shdr) ||               \
      ehdr->e_shoff > size || ehdr->e_shnum > (size - ehdr->e_shoff) / sizeof (Elf##_Shdr)) \
    g_error ("%s: the section headers are not where the ELF header says", path);      \
                                                                                       \
  for (guint i = 0; i < ehdr->e_shnum; i++)                                            \
    {                                                                                  \
      const Elf##_Shdr *sections = (const Elf##_Shdr *) (data + ehdr->e_shoff);        \
      const Elf##_Shdr *dynamic = &sections[i];                                        \
      const Elf##_Shdr *strings;                                                       \
                                                                                       \
      if (dynamic->sh_type != SHT_DYNAMIC)                                             \
        continue;                                                                      \
      found = TRUE;                                                                    \
      if (dynamic->sh_link >= ehdr->e_shnum)                                           \
        g_error ("%s: the dynamic section has no string table", path);                 \
      strings = &sections[dynamic->sh_link];                                           \
      if (dynamic->sh_offset > size || dynamic->sh_size > size - dynamic->sh_offset || \
          strings->sh_offset > size || strings->sh_size > size - strings->sh_offset)   \
        g_error ("%s: the dynamic section is not inside the file", path);              \
                                                                                       \
      for (gsize j = 0; j < dynamic->sh_size / sizeof (Elf##_Dyn); j++)                \
        {                                                                              \
          const Elf##_Dyn *entry = (const Elf##_Dyn *) (data + dynamic->sh_offset) + j; \
          const char *name;                                                            \
                                                                                       \
          if (entry->d_tag == DT_NULL)                                                 \
            break;                                                                     \
          if (entry->d_tag != DT_NEEDED)                                               \
            continue;                                                                  \
          if (entry->d_un.d_val >= strings->sh_size)                                   \
            g_error ("%s: a DT_NEEDED name is outside the string table", path);        \
          name = (const char *) data + strings->sh_offset + entry->d_un.d_val;         \
          if (memchr (name, '\0', strings->sh_size - entry->d_un.d_val) == NULL)       \
            g_error ("%s: a DT_NEEDED name does not end", path);                       \
          g_ptr_array_add (needed, g_strdup (name));                                   \
        }                                                                              \
    }                                                                                  \
  if (!found)                                                                          \
    g_error ("%s has no dynamic section: not a shared library or program", path);      \
  return needed;                                                                       \
}

DEFINE_READ_NEEDED (Elf32)
DEFINE_READ_NEEDED (Elf64)

/* The libraries @path names in its dynamic section (DT_NEEDED). */
static GPtrArray *
read_needed (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, &error);
  const guint8 *data;
  gsize size;

  g_assert_no_error (error);
  data = (const guint8 *) g_mapped_file_get_contents (file);
  size = g_mapped_file_get_length (file);
  if (size < EI_NIDENT || memcmp (data, ELFMAG, SELFMAG) != 0)
    g_error ("%s is not an ELF file", path);
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  g_assert_cmpint (data[EI_DATA], ==, ELFDATA2LSB);
#else
  g_assert_cmpint (data[EI_DATA], ==, ELFDATA2MSB);
#endif
  if (data[EI_CLASS] == ELFCLASS64)
    return read_needed_Elf64 (data, size, path);
  g_assert_cmpint (data[EI_CLASS], ==, ELFCLASS32);
  return read_needed_Elf32 (data, size, path);
}

/* The forbidden libraries among @path's DT_NEEDED entries, one a line. */
static char *
forbidden_needed (const char *path)
{
  g_autoptr(GPtrArray) needed = read_needed (path);
  GString *found = g_string_new (NULL);

  /* Every program here needs the C library at least. */
  g_assert_cmpuint (needed->len, >, 0);
  for (guint i = 0; i < needed->len; i++)
    {
      g_test_message ("%s needs %s", path, (const char *) needed->pdata[i]);
      if (has_forbidden_prefix (needed->pdata[i], forbidden_libraries))
        g_string_append_printf (found, "%s\n", (const char *) needed->pdata[i]);
    }
  return g_string_free (found, FALSE);
}

/* ---- the sources --------------------------------------------------------- */

/* Adds "FILE:LINE: #include ..." to @found for every forbidden #include
 * in the C sources and headers under @dir; counts the files read. */
static void
scan_includes (const char *dir,
               GString    *found,
               guint      *n_files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &error);
  g_autoptr(GRegex) include = g_regex_new ("^\\s*#\\s*include\\s*[<\"]([^>\"]+)[>\"]", G_REGEX_MULTILINE, 0, NULL);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          scan_includes (path, found, n_files);
          continue;
        }
      if (!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".h"))
        continue;

      text = df_test_read_file (path, NULL);
      (*n_files)++;
      for (g_regex_match (include, text, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *header = g_match_info_fetch (match, 1);
          int start = 0;
          guint line = 1;

          if (!has_forbidden_prefix (header, forbidden_headers))
            continue;
          g_match_info_fetch_pos (match, 0, &start, NULL);
          for (int i = 0; i < start; i++)
            line += text[i] == '\n';
          g_string_append_printf (found, "%s:%u: #include %s\n", path, line, header);
        }
    }
}

static char *
forbidden_includes (const char *dir)
{
  GString *found = g_string_new (NULL);
  guint n_files = 0;

  scan_includes (dir, found, &n_files);
  g_test_message ("%u sources and headers read under %s", n_files, dir);
  g_assert_cmpuint (n_files, >, 0);
  return g_string_free (found, FALSE);
}

/* Libraries the core opens only when a command needs them
 * (src/core/store/df-library-private.h): linked, they and the forty
 * libraries they bring would be loaded by every start. */
static const char * const opened_when_needed[] = {
  "libcurl",
  "libarchive",
  "libsecret",
  NULL,
};

/* ---- the tests ------------------------------------------------------------- */

static void
test_library_links_no_gtk (void)
{
  const char *library = test_path ("DRAFTFORGE_TEST_CORE_LIBRARY");
  g_autofree char *found = forbidden_needed (library);

  if (*found != '\0')
    g_error ("The core library %s links what it must not:\n%s", library, found);
}

static void
test_sources_include_no_gtk (void)
{
  const char *sources = test_path ("DRAFTFORGE_TEST_CORE_SOURCES");
  g_autofree char *found = forbidden_includes (sources);

  if (*found != '\0')
    g_error ("The core includes what it must not:\n%s", found);
}

/* The command line starts without libcurl, libarchive or libsecret, and
 * the core's AI client, plugin archives and keys still work (the suites
 * ai, plugins and ui-ai use them). */
static void
test_start_is_lean (void)
{
  const char *programs[] = { test_path ("DRAFTFORGE_TEST_CORE_LIBRARY"), test_path ("DRAFTFORGE_TEST_CLI_PROGRAM") };

  for (guint p = 0; p < G_N_ELEMENTS (programs); p++)
    {
      g_autoptr(GPtrArray) needed = read_needed (programs[p]);

      g_assert_cmpuint (needed->len, >, 0);
      for (guint i = 0; i < needed->len; i++)
        if (has_forbidden_prefix (needed->pdata[i], opened_when_needed))
          g_error ("%s links %s, which the core opens only when a command needs it", programs[p],
                   (const char *) needed->pdata[i]);
    }
}

/* The checks see GTK where it is: in the application. */
static void
test_checks_see_gtk (void)
{
  g_autofree char *needed = forbidden_needed (test_path ("DRAFTFORGE_TEST_APP_PROGRAM"));
  g_autofree char *includes = forbidden_includes (test_path ("DRAFTFORGE_TEST_APP_SOURCES"));

  g_assert_nonnull (strstr (needed, "libgtk-4.so"));
  g_assert_nonnull (strstr (needed, "libadwaita-1.so"));
  g_assert_nonnull (strstr (needed, "libgtksourceview-5.so"));
  g_assert_nonnull (strstr (includes, ": #include adwaita.h\n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core-deps/library-links-no-gtk", test_library_links_no_gtk);
  g_test_add_func ("/core-deps/sources-include-no-gtk", test_sources_include_no_gtk);
  g_test_add_func ("/core-deps/checks-see-gtk", test_checks_see_gtk);
  g_test_add_func ("/core-deps/start-is-lean", test_start_is_lean);

  return g_test_run ();
}
