/* df-plugin-archive.c: what an install unpacks, and what it refuses
 *
 * A plugin to install comes as a folder or as a .tar.gz, .tar.xz or .zip
 * archive; either way its entries are put into a temporary folder with
 * the same checks: no absolute paths or "..", no links leading out of
 * the plugin, no devices, fifos or sockets, at most MAX_ENTRIES entries
 * and MAX_BYTES bytes (counting what an archive really holds, not what its
 * headers claim).  Files are created, never opened through a link.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "df-error.h"
#include "df-library-private.h"
#include "df-plugin-host-private.h"

/* What an install accepts at most. */
#define MAX_ENTRIES 1000
#define MAX_BYTES   (256 * 1024 * 1024)

typedef struct
{
  const char *source;          /* what the user gave, for messages */
  const char *root;            /* the temporary folder */
  guint       n_entries;
  guint64     n_bytes;
} Extract;

/* libarchive, opened for the first archive (df-library-private.h). */
#define ARCHIVE_FUNCTIONS(X, t) \
  X (t, archive_entry_filetype) \
  X (t, archive_entry_hardlink) \
  X (t, archive_entry_pathname) \
  X (t, archive_entry_perm) \
  X (t, archive_entry_size) \
  X (t, archive_entry_symlink) \
  X (t, archive_error_string) \
  X (t, archive_read_data_block) \
  X (t, archive_read_free) \
  X (t, archive_read_new) \
  X (t, archive_read_next_header) \
  X (t, archive_read_open_filename) \
  X (t, archive_read_support_filter_gzip) \
  X (t, archive_read_support_filter_none) \
  X (t, archive_read_support_filter_xz) \
  X (t, archive_read_support_format_gnutar) \
  X (t, archive_read_support_format_tar) \
  X (t, archive_read_support_format_zip)

static struct
{
  ARCHIVE_FUNCTIONS (DF_LIBRARY_FUNCTION, _)
} la;
DF_LIBRARY_DEFINE (archive_library, la, DF_LIBARCHIVE_SONAME, N_("A plugin archive cannot be unpacked without it."),
                   ARCHIVE_FUNCTIONS);

/* ---- private helpers ------------------------------------------------- */

/* These set DF_ERROR_IO from errno, and return FALSE. */
static gboolean
cannot_create (const char  *path,
               GError     **error)
{
  int saved = errno;

  g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot create “%s”: %s"), path, g_strerror (saved));
  return FALSE;
}

static gboolean
cannot_write (const char  *path,
              GError     **error)
{
  int saved = errno;

  g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write “%s”: %s"), path, g_strerror (saved));
  return FALSE;
}

/* Checks an entry's path and returns it relative and cleaned ("a/b"),
 * or NULL (and @error) if it would land outside the plugin. */
static char *
safe_relative_path (Extract     *ex,
                    const char  *path,
                    GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) clean = NULL;

  if (path == NULL || *path == '\0')
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: it holds an entry without a name"), ex->source);
      return NULL;
    }

  if (path[0] == '/')
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: the entry “%s” has an absolute path; a plugin's files must stay in its folder"),
                   ex->source, path);
      return NULL;
    }

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (strcmp (parts[i], "..") == 0)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("Refused “%s”: the entry “%s” goes up a folder (..); a plugin's files must stay in its folder"),
                       ex->source, path);
          return NULL;
        }
      if (*parts[i] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      g_strv_builder_add (kept, parts[i]);
    }

  clean = g_strv_builder_end (kept);
  if (clean[0] == NULL)
    return g_strdup ("");
  return g_strjoinv ("/", clean);
}

static gboolean
check_link_target (Extract     *ex,
                   const char  *path,
                   const char  *target,
                   GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (target == NULL || *target == '\0' || target[0] == '/')
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: the link “%s” points to “%s”, outside the plugin"),
                   ex->source, path, target != NULL ? target : "");
      return FALSE;
    }

  parts = g_strsplit (target, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], "..") == 0)
      {
        g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                     _("Refused “%s”: the link “%s” points to “%s”, which goes up a folder (..); "
                       "links must stay inside the plugin"),
                     ex->source, path, target);
        return FALSE;
      }
  return TRUE;
}

static gboolean
too_big (Extract  *ex,
         GError  **error)
{
  g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
               _("Refused “%s”: it holds more than %d MiB; a plugin is smaller"),
               ex->source, MAX_BYTES / (1024 * 1024));
  return FALSE;
}

static gboolean
count_entry (Extract  *ex,
             guint64   size,
             GError  **error)
{
  ex->n_entries++;
  ex->n_bytes += size;

  if (ex->n_entries > MAX_ENTRIES)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: it holds more than %d files and folders; a plugin is smaller"),
                   ex->source, MAX_ENTRIES);
      return FALSE;
    }
  if (ex->n_bytes > MAX_BYTES)
    return too_big (ex, error);
  return TRUE;
}

static gboolean
make_parent (const char  *dest,
             GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (dest);

  if (g_mkdir_with_parents (parent, 0755) != 0)
    return cannot_create (parent, error);
  return TRUE;
}

/* Opens a new file (never through a link) for an entry. */
static int
create_file (const char  *dest,
             gboolean     executable,
             GError     **error)
{
  int fd = g_open (dest, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, executable ? 0755 : 0644);

  if (fd < 0)
    cannot_write (dest, error);
  return fd;
}

static gboolean
write_all (int          fd,
           const char  *dest,
           const void  *data,
           gsize        size,
           GError     **error)
{
  const char *p = data;

  while (size > 0)
    {
      gssize n = write (fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return cannot_write (dest, error);
      p += n;
      size -= (gsize)n;
    }
  return TRUE;
}

/* A new file @dest holding @size bytes of @data. */
static gboolean
write_file (const char  *dest,
            gboolean     executable,
            const void  *data,
            gsize        size,
            GError     **error)
{
  int fd = create_file (dest, executable, error);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = size == 0 || write_all (fd, dest, data, size, error);
  close (fd);
  return ok;
}

/* A symbolic link @dest to @target, which must stay inside the plugin;
 * @with_parent: creating the folders it goes in. */
static gboolean
make_symlink (Extract     *ex,
              const char  *rel,
              const char  *target,
              const char  *dest,
              gboolean     with_parent,
              GError     **error)
{
  if (!check_link_target (ex, rel, target, error))
    return FALSE;
  if (with_parent && !make_parent (dest, error))
    return FALSE;
  if (symlink (target, dest) != 0)
    return cannot_write (dest, error);
  return TRUE;
}

/* ---- archives -------------------------------------------------------- */

/* A hard link in an archive becomes a copy of the file it names, which
 * must be one of the plugin's files extracted earlier. */
static gboolean
extract_hardlink (Extract     *ex,
                  const char  *rel,
                  const char  *dest,
                  const char  *hardlink,
                  GError     **error)
{
  g_autofree char *target_rel = NULL;
  g_autofree char *target = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  struct stat st;

  target_rel = safe_relative_path (ex, hardlink, error);
  if (target_rel == NULL)
    return FALSE;
  if (*target_rel == '\0')
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: the link “%s” points to “%s”, outside the plugin"),
                   ex->source, rel, hardlink);
      return FALSE;
    }
  target = g_build_filename (ex->root, target_rel, NULL);
  if (!make_parent (dest, error))
    return FALSE;

  if (g_lstat (target, &st) != 0 || !S_ISREG (st.st_mode) ||
      !g_file_get_contents (target, &contents, &length, NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: the link “%s” points to “%s”, which is not a file of the plugin"),
                   ex->source, rel, hardlink);
      return FALSE;
    }
  return write_file (dest, (st.st_mode & 0111) != 0, contents, length, error);
}

/* Writes the data of a file entry to the open @fd, counting what is
 * really there: the header's size may lie. */
static gboolean
extract_data (Extract         *ex,
              struct archive  *a,
              int              fd,
              const char      *rel,
              const char      *dest,
              guint64          declared,
              GError         **error)
{
  const void *buffer;
  size_t length;
  la_int64_t offset;
  guint64 written = 0;
  int r;

  while ((r = la.archive_read_data_block (a, &buffer, &length, &offset)) == ARCHIVE_OK)
    {
      written = MAX (written, (guint64)offset + length);
      if (written > declared)
        {
          ex->n_bytes += written - declared;
          declared = written;
          if (ex->n_bytes > MAX_BYTES)
            return too_big (ex, error);
        }
      if (lseek (fd, offset, SEEK_SET) < 0)
        return cannot_write (dest, error);
      if (!write_all (fd, dest, buffer, length, error))
        return FALSE;
    }
  if (r != ARCHIVE_EOF)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: “%s” cannot be read from it: %s"),
                   ex->source, rel, la.archive_error_string (a));
      return FALSE;
    }
  return TRUE;
}

static gboolean
extract_file (Extract               *ex,
              struct archive        *a,
              struct archive_entry  *entry,
              const char            *rel,
              const char            *dest,
              GError               **error)
{
  la_int64_t size = la.archive_entry_size (entry);
  gboolean ok;
  int fd;

  if (!make_parent (dest, error))
    return FALSE;
  fd = create_file (dest, (la.archive_entry_perm (entry) & 0111) != 0, error);
  if (fd < 0)
    return FALSE;
  ok = extract_data (ex, a, fd, rel, dest, size > 0 ? (guint64)size : 0, error);
  close (fd);
  return ok;
}

/* One entry of the archive, checked, into the temporary folder. */
static gboolean
extract_entry (Extract               *ex,
               struct archive        *a,
               struct archive_entry  *entry,
               GError               **error)
{
  g_autofree char *rel = NULL;
  g_autofree char *dest = NULL;
  const char *hardlink = la.archive_entry_hardlink (entry);
  mode_t type = la.archive_entry_filetype (entry);
  la_int64_t size = la.archive_entry_size (entry);

  rel = safe_relative_path (ex, la.archive_entry_pathname (entry), error);
  if (rel == NULL || !count_entry (ex, size > 0 ? (guint64)size : 0, error))
    return FALSE;
  if (*rel == '\0')
    return TRUE;
  dest = g_build_filename (ex->root, rel, NULL);

  if (hardlink != NULL)
    return extract_hardlink (ex, rel, dest, hardlink, error);
  if (type == AE_IFDIR)
    return g_mkdir_with_parents (dest, 0755) == 0 || cannot_create (dest, error);
  if (type == AE_IFLNK)
    return make_symlink (ex, rel, la.archive_entry_symlink (entry), dest, TRUE, error);
  if (type == AE_IFREG)
    return extract_file (ex, a, entry, rel, dest, error);
  g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
               _("Refused “%s”: the entry “%s” is a device, fifo or socket; a plugin holds only "
                 "files, folders and links"),
               ex->source, rel);
  return FALSE;
}

static gboolean
extract_archive (Extract     *ex,
                 const char  *path,
                 GError     **error)
{
  struct archive *a;
  struct archive_entry *entry;
  gboolean ok = TRUE;
  int r;

  if (!_df_library_load (&archive_library, error))
    return FALSE;
  a = la.archive_read_new ();
  la.archive_read_support_filter_gzip (a);
  la.archive_read_support_filter_xz (a);
  la.archive_read_support_filter_none (a);
  la.archive_read_support_format_tar (a);
  la.archive_read_support_format_gnutar (a);
  la.archive_read_support_format_zip (a);

  if (la.archive_read_open_filename (a, path, 64 * 1024) != ARCHIVE_OK)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: it is not a plugin folder nor a .tar.gz, .tar.xz or .zip archive (%s)"),
                   ex->source, la.archive_error_string (a));
      la.archive_read_free (a);
      return FALSE;
    }

  while (ok && (r = la.archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    ok = extract_entry (ex, a, entry, error);

  if (ok && r != ARCHIVE_EOF)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: the archive is damaged or not supported: %s"),
                   ex->source, la.archive_error_string (a));
      ok = FALSE;
    }

  la.archive_read_free (a);
  return ok;
}

/* ---- folders --------------------------------------------------------- */

static gboolean
copy_file (const char         *from,
           const char         *dest,
           const struct stat  *st,
           GError            **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;

  if (st->st_size > 0)
    {
      mapped = g_mapped_file_new (from, FALSE, &local_error);
      if (mapped == NULL)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot read “%s”: %s"), from, local_error->message);
          return FALSE;
        }
    }
  return write_file (dest, (st->st_mode & 0111) != 0,
                     mapped != NULL ? g_mapped_file_get_contents (mapped) : NULL,
                     mapped != NULL ? g_mapped_file_get_length (mapped) : 0,
                     error);
}

static gboolean copy_folder (Extract     *ex,
                             const char  *src,
                             const char  *rel,
                             GError     **error);

/* One entry of a folder, checked, into the temporary folder. */
static gboolean
copy_entry (Extract     *ex,
            const char  *from,
            const char  *entry_rel,
            GError     **error)
{
  g_autofree char *dest = g_build_filename (ex->root, entry_rel, NULL);
  struct stat st;

  if (g_lstat (from, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot read “%s”: %s"), from, g_strerror (saved));
      return FALSE;
    }

  if (!count_entry (ex, S_ISREG (st.st_mode) ? (guint64)st.st_size : 0, error))
    return FALSE;

  if (S_ISDIR (st.st_mode))
    return (g_mkdir (dest, 0755) == 0 || cannot_create (dest, error)) &&
           copy_folder (ex, from, entry_rel, error);
  if (S_ISLNK (st.st_mode))
    {
      g_autofree char *target = g_file_read_link (from, NULL);

      return make_symlink (ex, entry_rel, target, dest, FALSE, error);
    }
  if (S_ISREG (st.st_mode))
    return copy_file (from, dest, &st, error);
  g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
               _("Refused “%s”: “%s” is a device, fifo or socket; a plugin holds only "
                 "files, folders and links"),
               ex->source, entry_rel);
  return FALSE;
}

/* Copies the folder @src (relative path @rel under the source) into the
 * temporary folder, with the same checks as an archive. */
static gboolean
copy_folder (Extract     *ex,
             const char  *src,
             const char  *rel,
             GError     **error)
{
  g_autoptr(GPtrArray) names = _df_plugin_sorted_names (src);

  if (names == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot read the folder “%s”"), src);
      return FALSE;
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *from = g_build_filename (src, name, NULL);
      g_autofree char *entry_rel = *rel != '\0' ? g_build_filename (rel, name, NULL) : g_strdup (name);

      if (!copy_entry (ex, from, entry_rel, error))
        return FALSE;
    }

  return TRUE;
}

/* ---- shared inside plugins/ ------------------------------------------ */

gboolean
_df_plugin_unpack (const char  *source,
                   mode_t       mode,
                   const char  *root,
                   GError     **error)
{
  Extract ex = { 0 };

  ex.source = source;
  ex.root = root;
  if (S_ISDIR (mode))
    return copy_folder (&ex, source, "", error);
  if (S_ISREG (mode))
    return extract_archive (&ex, source, error);
  g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
               _("Refused “%s”: it is not a plugin folder nor a .tar.gz, .tar.xz or .zip archive"), source);
  return FALSE;
}
