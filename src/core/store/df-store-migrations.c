/* df-store-migrations.c: the schema, one function per version
 *
 * Each migration runs inside one transaction opened by _df_migrations_run
 * (df-store-migrate.c), which also sets PRAGMA user_version.  Never edit a
 * released migration: add a new one.
 *
 * The migrations are a layer below the store: they run on the raw SQLite
 * connection.  The schema of a version is one SQL text, kept whole in its
 * function.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "df-error.h"
#include "df-store-migrations-private.h"

/* Version 1: the writing core (projects, parts, chapters and their
 * revisions, profiles, reading progress, writing statistics). */
static gboolean
migrate_1 (sqlite3  *db,
           GError  **error)
{
  static const char sql[] =
    "CREATE TABLE profiles ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  display_name TEXT NOT NULL UNIQUE CHECK (length(trim(display_name)) BETWEEN 1 AND 100),"
    "  email TEXT,"
    "  onboarding_completed INTEGER NOT NULL DEFAULT 0 CHECK (onboarding_completed IN (0, 1)),"
    "  experience_level TEXT CHECK (experience_level IN ('beginner', 'intermediate', 'expert')),"
    "  education_level TEXT CHECK (education_level IN ('high_school', 'undergraduate', 'graduate', 'professional')),"
    "  programming_experience TEXT CHECK (programming_experience IN ('none', 'beginner', 'intermediate', 'advanced')),"
    "  ai_ml_experience TEXT CHECK (ai_ml_experience IN ('none', 'basic', 'intermediate', 'advanced')),"
    "  robotics_background INTEGER NOT NULL DEFAULT 0 CHECK (robotics_background IN (0, 1)),"
    "  learning_goals TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(learning_goals) AND json_type(learning_goals) = 'array'),"
    "  preferred_language TEXT NOT NULL DEFAULT 'en' CHECK (preferred_language IN ('en', 'ur')),"
    "  profile_data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(profile_data) AND json_type(profile_data) = 'object'),"
    "  active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE UNIQUE INDEX profiles_one_active ON profiles (active) WHERE active = 1;"

    "CREATE TABLE projects ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 100 AND slug NOT GLOB '*[^a-z0-9_-]*'),"
    "  title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),"
    "  description TEXT,"
    "  project_type TEXT NOT NULL DEFAULT 'novel' CHECK (project_type IN ('novel', 'screenplay', 'technical-book', 'non-fiction', 'poetry', 'short-story')),"
    "  genre TEXT,"
    "  language TEXT NOT NULL DEFAULT 'en',"
    "  target_word_count INTEGER NOT NULL DEFAULT 0 CHECK (target_word_count >= 0),"
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived', 'completed')),"
    "  settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),"
    "  version TEXT NOT NULL DEFAULT '1.0.0',"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  deleted_at TEXT"
    ");"

    "CREATE TABLE parts ("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  number INTEGER NOT NULL CHECK (number >= 1),"
    "  title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),"
    "  description TEXT,"
    "  layer TEXT CHECK (layer IN ('L1', 'L2', 'L3', 'L4', 'L5')),"
    "  tier TEXT CHECK (tier IN ('A2', 'B1', 'B2', 'C1', 'C2')),"
    "  week_start INTEGER CHECK (week_start >= 1),"
    "  week_end INTEGER CHECK (week_end >= 1 AND (week_start IS NULL OR week_end >= week_start)),"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX parts_project ON parts (project_id, number);"

    "CREATE TABLE chapters ("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  part_id INTEGER REFERENCES parts (id) ON DELETE SET NULL,"
    "  number INTEGER NOT NULL CHECK (number >= 1),"
    "  title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),"
    "  slug TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 100 AND slug NOT GLOB '*[^a-z0-9_-]*'),"
    "  kind TEXT NOT NULL DEFAULT 'chapter' CHECK (kind IN ('chapter', 'lesson', 'lab', 'summary', 'index', 'scene')),"
    "  content_md TEXT NOT NULL DEFAULT '',"
    "  content_hash TEXT NOT NULL,"
    "  words INTEGER NOT NULL DEFAULT 0 CHECK (words >= 0),"
    "  prerequisites TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(prerequisites) AND json_type(prerequisites) = 'array'),"
    "  estimated_minutes INTEGER CHECK (estimated_minutes >= 0),"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX chapters_project ON chapters (project_id, number);"
    "CREATE INDEX chapters_part ON chapters (part_id);"

    "CREATE TABLE chapter_revisions ("
    "  id INTEGER PRIMARY KEY,"
    "  chapter_id INTEGER NOT NULL,"   /* no foreign key: revisions outlive a deleted chapter */
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  title TEXT NOT NULL,"
    "  content_md TEXT NOT NULL,"
    "  content_hash TEXT NOT NULL,"
    "  created_at TEXT NOT NULL"
    ");"
    "CREATE INDEX chapter_revisions_chapter ON chapter_revisions (chapter_id, id);"

    "CREATE TABLE reading_progress ("
    "  profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,"
    "  chapter_id INTEGER NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,"
    "  status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'completed')),"
    "  started_at TEXT,"
    "  completed_at TEXT,"
    "  time_spent_seconds INTEGER NOT NULL DEFAULT 0 CHECK (time_spent_seconds >= 0),"
    "  position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  PRIMARY KEY (profile_id, chapter_id)"
    ");"
    "CREATE INDEX reading_progress_status ON reading_progress (status);"

    "CREATE TABLE writing_stats ("
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  date TEXT NOT NULL,"
    "  words INTEGER NOT NULL DEFAULT 0 CHECK (words >= 0),"
    "  words_written INTEGER NOT NULL DEFAULT 0 CHECK (words_written >= 0),"
    "  chapters INTEGER NOT NULL DEFAULT 0 CHECK (chapters >= 0),"
    "  commits INTEGER NOT NULL DEFAULT 0 CHECK (commits >= 0),"
    "  PRIMARY KEY (project_id, date)"
    ");";

  return _df_sqlite_exec (db, sql, error);
}

/* Version 2: full-text search, imported images, and the tables of the AI
 * helpers, exports and plugins. */
static gboolean
migrate_2 (sqlite3  *db,
           GError  **error)
{
  static const char sql[] =
    /* An external-content FTS5 index over chapters, kept by triggers. */
    "CREATE VIRTUAL TABLE chapters_fts USING fts5 ("
    "  title, content_md, content='chapters', content_rowid='id',"
    "  tokenize='unicode61 remove_diacritics 2');"
    "INSERT INTO chapters_fts (chapters_fts) VALUES ('rebuild');"
    "CREATE TRIGGER chapters_fts_ai AFTER INSERT ON chapters BEGIN"
    "  INSERT INTO chapters_fts (rowid, title, content_md) VALUES (new.id, new.title, new.content_md);"
    "END;"
    "CREATE TRIGGER chapters_fts_ad AFTER DELETE ON chapters BEGIN"
    "  INSERT INTO chapters_fts (chapters_fts, rowid, title, content_md) VALUES ('delete', old.id, old.title, old.content_md);"
    "END;"
    "CREATE TRIGGER chapters_fts_au AFTER UPDATE OF title, content_md ON chapters BEGIN"
    "  INSERT INTO chapters_fts (chapters_fts, rowid, title, content_md) VALUES ('delete', old.id, old.title, old.content_md);"
    "  INSERT INTO chapters_fts (rowid, title, content_md) VALUES (new.id, new.title, new.content_md);"
    "END;"

    "CREATE TABLE assets ("
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  path TEXT NOT NULL CHECK (length(path) BETWEEN 1 AND 500),"
    "  mime_type TEXT NOT NULL,"
    "  data BLOB NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  PRIMARY KEY (project_id, path)"
    ");"

    "CREATE TABLE ai_credits ("
    "  profile_id TEXT PRIMARY KEY NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,"
    "  period TEXT NOT NULL DEFAULT 'monthly' CHECK (period IN ('daily', 'weekly', 'monthly')),"
    "  period_start TEXT NOT NULL,"
    "  token_budget INTEGER NOT NULL DEFAULT 0 CHECK (token_budget >= 0),"
    "  tokens_used INTEGER NOT NULL DEFAULT 0 CHECK (tokens_used >= 0),"
    "  tokens_reserved INTEGER NOT NULL DEFAULT 0 CHECK (tokens_reserved >= 0),"
    "  bonus_tokens INTEGER NOT NULL DEFAULT 0 CHECK (bonus_tokens >= 0),"
    "  cost_cap REAL CHECK (cost_cap >= 0),"
    "  cost_used REAL NOT NULL DEFAULT 0 CHECK (cost_used >= 0),"
    "  updated_at TEXT NOT NULL"
    ");"

    "CREATE TABLE ai_usage ("
    "  id INTEGER PRIMARY KEY,"
    "  profile_id TEXT REFERENCES profiles (id) ON DELETE SET NULL,"
    "  project_id INTEGER REFERENCES projects (id) ON DELETE SET NULL,"
    "  agent TEXT NOT NULL,"
    "  model TEXT NOT NULL,"
    "  provider TEXT NOT NULL,"
    "  prompt_tokens INTEGER NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),"
    "  completion_tokens INTEGER NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),"
    "  tokens_estimated INTEGER NOT NULL DEFAULT 0 CHECK (tokens_estimated IN (0, 1)),"
    "  cost REAL NOT NULL DEFAULT 0 CHECK (cost >= 0),"
    "  status TEXT NOT NULL CHECK (status IN ('success', 'failed', 'timeout', 'rate_limited')),"
    "  error TEXT,"
    "  response_time_ms INTEGER CHECK (response_time_ms >= 0),"
    "  created_at TEXT NOT NULL"
    ");"
    "CREATE INDEX ai_usage_profile ON ai_usage (profile_id, created_at);"

    "CREATE TABLE agent_runs ("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  chapter_id INTEGER REFERENCES chapters (id) ON DELETE SET NULL,"
    "  agent_type TEXT NOT NULL,"
    "  trigger TEXT NOT NULL DEFAULT 'manual' CHECK (trigger IN ('manual', 'save', 'schedule')),"
    "  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed', 'canceled')),"
    "  priority INTEGER NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 10),"
    "  results TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(results)),"
    "  summary TEXT,"
    "  error TEXT,"
    "  retries INTEGER NOT NULL DEFAULT 0 CHECK (retries >= 0),"
    "  created_at TEXT NOT NULL,"
    "  started_at TEXT,"
    "  completed_at TEXT"
    ");"

    "CREATE TABLE chat_messages ("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER REFERENCES projects (id) ON DELETE CASCADE,"
    "  profile_id TEXT REFERENCES profiles (id) ON DELETE SET NULL,"
    "  sender TEXT NOT NULL CHECK (sender IN ('user', 'coach')),"
    "  content TEXT NOT NULL,"
    "  is_profiling_prompt INTEGER NOT NULL DEFAULT 0 CHECK (is_profiling_prompt IN (0, 1)),"
    "  reply_to INTEGER REFERENCES chat_messages (id) ON DELETE SET NULL,"
    "  created_at TEXT NOT NULL"
    ");"
    "CREATE INDEX chat_messages_project ON chat_messages (project_id, id);"

    "CREATE TABLE plans ("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  profile_id TEXT REFERENCES profiles (id) ON DELETE SET NULL,"
    "  title TEXT NOT NULL CHECK (length(trim(title)) >= 1),"
    "  steps TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(steps) AND json_type(steps) = 'array'),"
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'abandoned')),"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"

    "CREATE TABLE tasks ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id INTEGER REFERENCES plans (id) ON DELETE CASCADE,"
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL DEFAULT 0,"
    "  description TEXT NOT NULL CHECK (length(trim(description)) >= 1),"
    "  due_date TEXT,"
    "  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'skipped', 'missed')),"
    "  completed_at TEXT,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"

    "CREATE TABLE personalization_sessions ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,"
    "  chapter_id INTEGER NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,"
    "  user_profile TEXT NOT NULL CHECK (json_valid(user_profile)),"
    "  state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'inactive')),"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  expires_at TEXT"
    ");"

    "CREATE TABLE personalized_content ("
    "  id INTEGER PRIMARY KEY,"
    "  session_id TEXT REFERENCES personalization_sessions (id) ON DELETE SET NULL,"
    "  profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,"
    "  chapter_id INTEGER NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,"
    "  content_hash TEXT NOT NULL,"
    "  preferences_hash TEXT NOT NULL,"
    "  personalization_type TEXT NOT NULL CHECK (personalization_type IN ('explanation', 'example', 'difficulty-adjustment')),"
    "  level TEXT NOT NULL CHECK (level IN ('beginner', 'intermediate', 'advanced')),"
    "  personalized_text TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  UNIQUE (profile_id, chapter_id, content_hash, preferences_hash, personalization_type)"
    ");"

    "CREATE TABLE export_jobs ("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  format TEXT NOT NULL CHECK (format IN ('epub', 'pdf', 'docx', 'html', 'markdown')),"
    "  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'completed', 'failed', 'canceled')),"
    "  progress_percent INTEGER NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),"
    "  output_path TEXT,"
    "  output_size INTEGER CHECK (output_size >= 0),"
    "  output_sha256 TEXT,"
    "  options TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options)),"
    "  error TEXT,"
    "  log TEXT,"
    "  created_at TEXT NOT NULL,"
    "  started_at TEXT,"
    "  completed_at TEXT"
    ");"

    "CREATE TABLE plugins ("
    "  id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 3 AND 200),"
    "  version TEXT,"
    "  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
    "  checksum TEXT,"
    "  installed_at TEXT,"
    "  updated_at TEXT NOT NULL"
    ");"

    "CREATE TABLE notifications ("
    "  id INTEGER PRIMARY KEY,"
    "  profile_id TEXT REFERENCES profiles (id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  message TEXT,"
    "  priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),"
    "  read_at TEXT,"
    "  created_at TEXT NOT NULL"
    ");"

    "CREATE TABLE analytics_events ("
    "  id INTEGER PRIMARY KEY,"
    "  profile_id TEXT REFERENCES profiles (id) ON DELETE SET NULL,"
    "  event TEXT NOT NULL,"
    "  properties TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(properties)),"
    "  created_at TEXT NOT NULL"
    ");"

    "CREATE TABLE audit_log ("
    "  id INTEGER PRIMARY KEY,"
    "  profile_id TEXT,"
    "  action TEXT NOT NULL,"
    "  entity_type TEXT NOT NULL,"
    "  entity_id TEXT,"
    "  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),"
    "  created_at TEXT NOT NULL"
    ");";

  return _df_sqlite_exec (db, sql, error);
}

/* Version 3: export formats come from plugins, so export_jobs.format is
 * any lowercase name rather than a fixed list.  SQLite cannot drop a
 * CHECK constraint: the table is rebuilt, rows kept. */
static gboolean
migrate_3 (sqlite3  *db,
           GError  **error)
{
  static const char sql[] =
    "CREATE TABLE export_jobs_new ("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  format TEXT NOT NULL CHECK (length(format) BETWEEN 1 AND 32 AND format NOT GLOB '*[^a-z0-9_-]*'),"
    "  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'completed', 'failed', 'canceled')),"
    "  progress_percent INTEGER NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),"
    "  output_path TEXT,"
    "  output_size INTEGER CHECK (output_size >= 0),"
    "  output_sha256 TEXT,"
    "  options TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options)),"
    "  error TEXT,"
    "  log TEXT,"
    "  created_at TEXT NOT NULL,"
    "  started_at TEXT,"
    "  completed_at TEXT"
    ");"
    "INSERT INTO export_jobs_new SELECT * FROM export_jobs;"
    "DROP TABLE export_jobs;"
    "ALTER TABLE export_jobs_new RENAME TO export_jobs;"
    "CREATE INDEX export_jobs_project ON export_jobs (project_id, id);";

  return _df_sqlite_exec (db, sql, error);
}

/* Version 4: the AI provider settings per profile (never the key: that is
 * in the Secret Service) and per-model prices for cost caps. */
static gboolean
migrate_4 (sqlite3  *db,
           GError  **error)
{
  static const char sql[] =
    "CREATE TABLE ai_settings ("
    "  profile_id TEXT PRIMARY KEY NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,"
    "  base_url TEXT CHECK (base_url IS NULL OR base_url GLOB 'http://*' OR base_url GLOB 'https://*'),"
    "  model TEXT CHECK (model IS NULL OR length(model) BETWEEN 1 AND 200),"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE TABLE ai_prices ("
    "  model TEXT PRIMARY KEY NOT NULL CHECK (length(model) BETWEEN 1 AND 200),"
    "  prompt_per_1k REAL NOT NULL CHECK (prompt_per_1k >= 0),"
    "  completion_per_1k REAL NOT NULL CHECK (completion_per_1k >= 0),"
    "  updated_at TEXT NOT NULL"
    ");";

  return _df_sqlite_exec (db, sql, error);
}

/* Version 5: nothing lost.  A revision is an ordinary save, or a text
 * that met another one ("conflict": saved by another process, or pulled
 * by sync, while this one had unsaved edits), which thinning keeps until
 * the user has seen it (seen_at).  An export job names the process
 * running it and its temporary file, so that a later start can tell an
 * interrupted job and remove what it left.  Chapters are numbered within
 * a part through an index (a new chapter's number was found by reading
 * every chapter of the project). */
static gboolean
migrate_5 (sqlite3  *db,
           GError  **error)
{
  static const char sql[] =
    "ALTER TABLE chapter_revisions ADD COLUMN kind TEXT NOT NULL DEFAULT 'save'"
    "  CHECK (kind IN ('save', 'conflict'));"
    "ALTER TABLE chapter_revisions ADD COLUMN seen_at TEXT;"
    "ALTER TABLE export_jobs ADD COLUMN owner TEXT;"
    "ALTER TABLE export_jobs ADD COLUMN temp_path TEXT;"
    "CREATE INDEX chapters_part_number ON chapters (project_id, part_id, number);"
    /* Which program wrote a text: a chapter's now, a revision's when it
     * was the chapter's.  Thinning keeps each writer's own history, so
     * one program's saves never thin away the text another wrote. */
    "ALTER TABLE chapters ADD COLUMN written_by TEXT;"
    "ALTER TABLE chapter_revisions ADD COLUMN origin TEXT;";

  return _df_sqlite_exec (db, sql, error);
}

/* Version 6: where the cursor was in each chapter, so that a chapter
 * opens where the writer left it; and the words a project had when the
 * day's writing began, so that the words written that day are what it
 * grew by (an undo and a redo count once). */
static gboolean
migrate_6 (sqlite3  *db,
           GError  **error)
{
  static const char sql[] =
    "CREATE TABLE chapter_cursors ("
    "  chapter_id INTEGER PRIMARY KEY NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,"
    "  cursor_offset INTEGER NOT NULL CHECK (cursor_offset >= 0),"
    "  updated_at TEXT NOT NULL"
    ");"
    "ALTER TABLE writing_stats ADD COLUMN words_start INTEGER CHECK (words_start IS NULL OR words_start >= 0);";

  return _df_sqlite_exec (db, sql, error);
}

/* Version 7: planning the book.  Each chapter has a status (where it
 * stands, or "excluded" from the exported book), a synopsis, notes and a
 * word target; a project defines labels with colours, and a chapter has
 * any number of them.  Writing sessions: when each began and ended, its
 * goal, the project's words at its start and end, and the seconds spent
 * writing (a pause of more than five minutes counts five). */
static gboolean
migrate_7 (sqlite3  *db,
           GError  **error)
{
  static const char sql[] =
    "ALTER TABLE chapters ADD COLUMN status TEXT NOT NULL DEFAULT 'draft'"
    "  CHECK (status IN ('idea', 'outline', 'draft', 'revised', 'final', 'excluded'));"
    "ALTER TABLE chapters ADD COLUMN synopsis TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE chapters ADD COLUMN notes TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE chapters ADD COLUMN word_target INTEGER NOT NULL DEFAULT 0 CHECK (word_target >= 0);"
    "CREATE TABLE labels ("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 50),"
    "  color TEXT NOT NULL CHECK (length(color) = 7 AND color GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),"
    "  UNIQUE (project_id, name)"
    ");"
    "CREATE TABLE chapter_labels ("
    "  chapter_id INTEGER NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,"
    "  label_id INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,"
    "  PRIMARY KEY (chapter_id, label_id)"
    ");"
    "CREATE INDEX chapter_labels_label ON chapter_labels (label_id);"
    "CREATE TABLE writing_sessions ("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  started_at TEXT NOT NULL,"
    "  ended_at TEXT,"
    "  goal_words INTEGER NOT NULL DEFAULT 0 CHECK (goal_words >= 0),"
    "  goal_minutes INTEGER NOT NULL DEFAULT 0 CHECK (goal_minutes >= 0),"
    "  words_start INTEGER NOT NULL CHECK (words_start >= 0),"
    "  words_end INTEGER CHECK (words_end IS NULL OR words_end >= 0),"
    "  active_seconds INTEGER NOT NULL DEFAULT 0 CHECK (active_seconds >= 0),"
    "  last_activity_at TEXT NOT NULL"
    ");"
    "CREATE UNIQUE INDEX writing_sessions_one_open ON writing_sessions (project_id) WHERE ended_at IS NULL;";

  return _df_sqlite_exec (db, sql, error);
}

/* Version 8: git sync.  A project linked to a repository (its path, the
 * remote, the commit the database last matched, when it last synced and
 * what went wrong), and the chapters a sync could not merge: each names
 * the conflict revision that keeps the other side's text until the
 * writer takes one side or the other.  Only new tables (IF NOT EXISTS:
 * a database taken back to an older version for a test, or by hand,
 * still has them). */
static gboolean
migrate_8 (sqlite3  *db,
           GError  **error)
{
  static const char sql[] =
    "CREATE TABLE IF NOT EXISTS sync_links ("
    "  project_id INTEGER PRIMARY KEY NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  backend TEXT NOT NULL DEFAULT 'git',"
    "  repo_path TEXT NOT NULL,"
    "  remote_url TEXT,"
    "  branch TEXT NOT NULL DEFAULT 'main',"
    "  last_commit TEXT,"
    "  last_synced_at TEXT,"
    "  last_error TEXT,"
    "  created_at TEXT NOT NULL"
    ");"
    "CREATE TABLE IF NOT EXISTS sync_conflicts ("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  chapter_id INTEGER NOT NULL,"
    "  revision_id INTEGER NOT NULL,"
    "  from_label TEXT NOT NULL,"
    "  created_at TEXT NOT NULL"
    ");"
    "CREATE INDEX IF NOT EXISTS sync_conflicts_project ON sync_conflicts (project_id, chapter_id);";

  return _df_sqlite_exec (db, sql, error);
}

/* Version 9: agents.  The findings a writer dismissed, per project, by
 * fingerprint (df_agent_issue_fingerprint: the agent, the check, the
 * chapter and the quoted words), so that a later run leaves them out. */
static gboolean
migrate_9 (sqlite3  *db,
           GError  **error)
{
  static const char sql[] =
    "CREATE TABLE IF NOT EXISTS agent_dismissals ("
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),"
    "  agent_type TEXT NOT NULL,"
    "  category TEXT NOT NULL,"
    "  quote TEXT,"
    "  created_at TEXT NOT NULL,"
    "  PRIMARY KEY (project_id, fingerprint)"
    ");"
    "CREATE INDEX IF NOT EXISTS agent_runs_project ON agent_runs (project_id, id);";

  return _df_sqlite_exec (db, sql, error);
}

/* Version 10: the codex.  Entries (characters, places, objects, lore)
 * with their aliases and tags as JSON lists, soft-deleted like projects;
 * relations between entries; progressions (a fact that changes from a
 * chapter on); and the mentions of each entry in each chapter.
 * codex_state.generation changes (to a random number) with every change
 * of an entry, so that the mention finder built from the names knows when
 * to rebuild. */
static gboolean
migrate_10 (sqlite3  *db,
            GError  **error)
{
  static const char sql[] =
    "CREATE TABLE IF NOT EXISTS codex_entries ("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('character', 'location', 'object', 'lore', 'other')),"
    "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),"
    "  aliases TEXT NOT NULL DEFAULT '[]',"
    "  description TEXT NOT NULL DEFAULT '',"
    "  notes TEXT NOT NULL DEFAULT '',"
    "  tags TEXT NOT NULL DEFAULT '[]',"
    "  color TEXT,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  deleted_at TEXT"
    ");"
    "CREATE INDEX IF NOT EXISTS codex_entries_project ON codex_entries (project_id, kind, name);"
    "CREATE TABLE IF NOT EXISTS codex_relations ("
    "  id INTEGER PRIMARY KEY,"
    "  entry_id INTEGER NOT NULL REFERENCES codex_entries (id) ON DELETE CASCADE,"
    "  other_id INTEGER NOT NULL REFERENCES codex_entries (id) ON DELETE CASCADE,"
    "  label TEXT NOT NULL,"
    "  UNIQUE (entry_id, other_id, label)"
    ");"
    "CREATE TABLE IF NOT EXISTS codex_progressions ("
    "  id INTEGER PRIMARY KEY,"
    "  entry_id INTEGER NOT NULL REFERENCES codex_entries (id) ON DELETE CASCADE,"
    "  from_chapter INTEGER NOT NULL CHECK (from_chapter >= 1),"
    "  field TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  note TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE INDEX IF NOT EXISTS codex_progressions_entry ON codex_progressions (entry_id, from_chapter);"
    "CREATE TABLE IF NOT EXISTS codex_mentions ("
    "  entry_id INTEGER NOT NULL REFERENCES codex_entries (id) ON DELETE CASCADE,"
    "  chapter_id INTEGER NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,"
    "  count INTEGER NOT NULL,"
    "  offsets TEXT NOT NULL DEFAULT '[]',"
    "  PRIMARY KEY (entry_id, chapter_id)"
    ");"
    "CREATE INDEX IF NOT EXISTS codex_mentions_chapter ON codex_mentions (chapter_id);"
    "CREATE TABLE IF NOT EXISTS codex_state ("
    "  project_id INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,"
    "  generation INTEGER NOT NULL DEFAULT 0"
    ");"
    /* A new random generation (never 0) at each change: a database put
     * in the place of another (a backup restored) cannot meet the
     * generation the cache knows for that path. */
    "CREATE TRIGGER IF NOT EXISTS codex_entries_ai AFTER INSERT ON codex_entries BEGIN"
    "  INSERT INTO codex_state (project_id, generation) VALUES (new.project_id, (random () & 9223372036854775807) | 1)"
    "    ON CONFLICT (project_id) DO UPDATE SET generation = (random () & 9223372036854775807) | 1;"
    " END;"
    "CREATE TRIGGER IF NOT EXISTS codex_entries_au AFTER UPDATE ON codex_entries BEGIN"
    "  INSERT INTO codex_state (project_id, generation) VALUES (new.project_id, (random () & 9223372036854775807) | 1)"
    "    ON CONFLICT (project_id) DO UPDATE SET generation = (random () & 9223372036854775807) | 1;"
    " END;"
    "CREATE TRIGGER IF NOT EXISTS codex_entries_ad AFTER DELETE ON codex_entries BEGIN"
    "  UPDATE codex_state SET generation = (random () & 9223372036854775807) | 1 WHERE project_id = old.project_id;"
    " END;";

  return _df_sqlite_exec (db, sql, error);
}

/* Version 11: named versions.  A version names the state of a project's
 * book (df-versions.h): each chapter's place, title, words and the hash
 * of its text, the texts kept once each in version_texts.  Only new
 * tables. */
static gboolean
migrate_11 (sqlite3  *db,
            GError  **error)
{
  static const char sql[] =
    "CREATE TABLE IF NOT EXISTS versions ("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),"
    "  created_at TEXT NOT NULL"
    ");"
    "CREATE INDEX IF NOT EXISTS versions_project ON versions (project_id, id);"
    "CREATE TABLE IF NOT EXISTS version_texts ("
    "  hash TEXT PRIMARY KEY NOT NULL,"
    "  content_md TEXT NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS version_chapters ("
    "  version_id INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,"
    "  chapter_id INTEGER NOT NULL,"   /* no foreign key: a version outlives a deleted chapter */
    "  position INTEGER NOT NULL CHECK (position >= 1),"
    "  title TEXT NOT NULL,"
    "  hash TEXT NOT NULL REFERENCES version_texts (hash),"
    "  words INTEGER NOT NULL DEFAULT 0 CHECK (words >= 0),"
    "  PRIMARY KEY (version_id, chapter_id)"
    ");"
    "CREATE INDEX IF NOT EXISTS version_chapters_hash ON version_chapters (hash);";

  return _df_sqlite_exec (db, sql, error);
}

/* Version 12: the personaliser's cache of model rewrites, keyed also by
 * the language, the model and the prompt's version (another model or
 * prompt is a miss), with what the rewrite measured; each row belongs to
 * a personalization_sessions row and goes when the session expires. */
static gboolean
migrate_12 (sqlite3  *db,
            GError  **error)
{
  static const char sql[] =
    "CREATE TABLE IF NOT EXISTS personalized_chapters ("
    "  id INTEGER PRIMARY KEY,"
    "  session_id TEXT NOT NULL REFERENCES personalization_sessions (id) ON DELETE CASCADE,"
    "  profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,"
    "  chapter_id INTEGER NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,"
    "  content_hash TEXT NOT NULL,"
    "  preferences_hash TEXT NOT NULL,"
    "  language TEXT NOT NULL,"
    "  model TEXT NOT NULL,"
    "  prompt_version INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('explanation', 'example', 'difficulty')),"
    "  level TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  metric TEXT NOT NULL CHECK (metric IN ('fk', 'urdu')),"
    "  before REAL NOT NULL,"
    "  after REAL NOT NULL,"
    "  note TEXT,"
    "  prompt_tokens INTEGER NOT NULL DEFAULT 0,"
    "  completion_tokens INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL,"
    "  UNIQUE (profile_id, chapter_id, content_hash, preferences_hash, language, model, prompt_version, kind)"
    ");"
    "CREATE INDEX IF NOT EXISTS personalized_chapters_session ON personalized_chapters (session_id);"
    "CREATE INDEX IF NOT EXISTS personalization_sessions_expiry ON personalization_sessions (expires_at);";

  return _df_sqlite_exec (db, sql, error);
}

/* Version 13: big books.  A chapter's long texts (its notes, its
 * Markdown) last in its row, so that listing chapters and summing their
 * words never walk the text's pages; and the words of a project's
 * chapters in an index of their own, so that a sum reads only that. */
static gboolean
migrate_13 (sqlite3  *db,
            GError  **error)
{
  static const char * const last[] = { "notes", "content_md", NULL };

  return _df_sqlite_move_columns_last (db, "chapters", last, error) &&
         _df_sqlite_exec (db, "CREATE INDEX IF NOT EXISTS chapters_words ON chapters (project_id, words);", error);
}

/* Version 14: plugin API 2's settings store, a few text values per
 * plugin, namespaced by its id (df-plugin-settings.c). */
static gboolean
migrate_14 (sqlite3  *db,
            GError  **error)
{
  static const char sql[] =
    "CREATE TABLE IF NOT EXISTS plugin_settings ("
    "  plugin_id TEXT NOT NULL CHECK (length(plugin_id) BETWEEN 1 AND 200),"
    "  key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 100),"
    "  value TEXT NOT NULL CHECK (length(CAST(value AS BLOB)) <= 65536),"
    "  updated_at TEXT NOT NULL,"
    "  PRIMARY KEY (plugin_id, key)"
    ");";

  return _df_sqlite_exec (db, sql, error);
}

/* Version 15: a chapter's point of view, a codex entry (a character);
 * deleting the entry leaves the chapter without one.  The column goes
 * before the long texts (the table built again, as version 13 does), and
 * is added only when missing: a database taken back to an older version
 * for a test still has it. */
static gboolean
migrate_15 (sqlite3  *db,
            GError  **error)
{
  static const char * const last[] = { "notes", "content_md", NULL };
  sqlite3_stmt *stmt = NULL;
  gboolean present;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM pragma_table_info ('chapters') WHERE name = 'pov_entry_id'", -1,
                          &stmt, NULL) != SQLITE_OK)
    return _df_sqlite_exec (db, "SELECT pov_entry_id FROM chapters", error);
  present = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  if (present)
    return TRUE;
  return _df_sqlite_exec (db,
                          "ALTER TABLE chapters ADD COLUMN pov_entry_id INTEGER"
                          "  REFERENCES codex_entries (id) ON DELETE SET NULL;",
                          error) &&
         _df_sqlite_move_columns_last (db, "chapters", last, error);
}

/* Version 16: big books.  What the project's sidebar and the check for
 * changes made elsewhere read of each chapter, in an index of its own,
 * so that listing thousands of chapters reads the index and never the
 * table's pages (each holds the start of a chapter's text). */
static gboolean
migrate_16 (sqlite3  *db,
            GError  **error)
{
  return _df_sqlite_exec (db,
                          "CREATE INDEX IF NOT EXISTS chapters_listing ON chapters"
                          "  (project_id, number, id, part_id, kind, status, words, word_target, title, synopsis);",
                          error);
}

/* Version 17: big books.  The search index by segment: a chapter's
 * text is cut at blank lines into runs of 16 KB or more (the cut chosen
 * by the save, df-search-index.c), so that a save re-indexes only the
 * segments an edit touched; the title is a segment of its own (start
 * -1).  Here every chapter's text is one segment: a large chapter is
 * cut at its first save.  Segments are numbered from the project's id
 * times 2^32, so that a search gives the index its project's range of
 * rowids.  The index holds no copy of the text (contentless): what is
 * deleted from it is the text that was indexed, cut from the chapter's
 * previous text.  The triggers keep it for any writer, each chapter's
 * text as one segment; a save (df-search-index.c) keeps it by segment,
 * only what changed, and marks the chapter pending so that the trigger
 * leaves it. */
static gboolean
migrate_17 (sqlite3  *db,
            GError  **error)
{
#define SEG_RANGE(p) "BETWEEN " p " * 4294967296 AND " p " * 4294967296 + 4294967295"
#define SEG_OLD_TEXT "CAST (substr (CAST (old.content_md AS BLOB), start + 1, len) AS TEXT)"
#define SEG_PENDING "EXISTS (SELECT 1 FROM chapter_segments_pending WHERE chapter_id = new.id)"
  static const char sql[] =
    "DROP TRIGGER IF EXISTS chapters_fts_ai;"
    "DROP TRIGGER IF EXISTS chapters_fts_ad;"
    "DROP TRIGGER IF EXISTS chapters_fts_au;"
    "DROP TRIGGER IF EXISTS chapter_segments_ai;"
    "DROP TRIGGER IF EXISTS chapter_segments_ad;"
    "DROP TRIGGER IF EXISTS chapter_segments_au_title;"
    "DROP TRIGGER IF EXISTS chapter_segments_au_text;"
    "DROP TABLE IF EXISTS chapters_fts;"
    "CREATE TABLE IF NOT EXISTS chapter_segments ("
    "  id INTEGER PRIMARY KEY,"
    "  chapter_id INTEGER NOT NULL,"
    "  start INTEGER NOT NULL,"
    "  len INTEGER NOT NULL"
    ");"
    "DELETE FROM chapter_segments;"
    "DROP TABLE IF EXISTS chapter_segments_pending;"
    "CREATE INDEX IF NOT EXISTS chapter_segments_chapter ON chapter_segments (chapter_id, start);"
    "CREATE TABLE IF NOT EXISTS chapter_segments_pending (chapter_id INTEGER PRIMARY KEY);"
    "CREATE VIRTUAL TABLE chapters_fts USING fts5 ("
    "  title, content_md, content='', tokenize='unicode61 remove_diacritics 2'"
    ");"
    "INSERT INTO chapter_segments (id, chapter_id, start, len)"
    "  SELECT project_id * 4294967296 + row_number () OVER (PARTITION BY project_id ORDER BY chapter_id, start),"
    "         chapter_id, start, len"
    "  FROM (SELECT id AS chapter_id, project_id, -1 AS start, 0 AS len FROM chapters"
    "        UNION ALL SELECT id, project_id, 0, length (CAST (content_md AS BLOB)) FROM chapters);"
    "INSERT INTO chapters_fts (rowid, title, content_md)"
    "  SELECT s.id, CASE WHEN s.start < 0 THEN c.title END, CASE WHEN s.start >= 0 THEN c.content_md END"
    "  FROM chapter_segments s JOIN chapters c ON c.id = s.chapter_id;"
    "CREATE TRIGGER chapter_segments_ai AFTER INSERT ON chapters BEGIN"
    "  INSERT INTO chapter_segments (id, chapter_id, start, len)"
    "    SELECT coalesce (max (id), new.project_id * 4294967296) + 1, new.id, -1, 0 FROM chapter_segments"
    "    WHERE id " SEG_RANGE ("new.project_id") ";"
    "  INSERT INTO chapter_segments (id, chapter_id, start, len)"
    "    SELECT max (id) + 1, new.id, 0, length (CAST (new.content_md AS BLOB)) FROM chapter_segments"
    "    WHERE id " SEG_RANGE ("new.project_id") ";"
    "  INSERT INTO chapters_fts (rowid, title, content_md)"
    "    SELECT id, CASE WHEN start < 0 THEN new.title END, CASE WHEN start >= 0 THEN new.content_md END"
    "    FROM chapter_segments WHERE chapter_id = new.id;"
    "END;"
    "CREATE TRIGGER chapter_segments_ad AFTER DELETE ON chapters BEGIN"
    "  INSERT INTO chapters_fts (chapters_fts, rowid, title, content_md)"
    "    SELECT 'delete', id, CASE WHEN start < 0 THEN old.title END, CASE WHEN start >= 0 THEN " SEG_OLD_TEXT " END"
    "    FROM chapter_segments WHERE chapter_id = old.id;"
    "  DELETE FROM chapter_segments WHERE chapter_id = old.id;"
    "  DELETE FROM chapter_segments_pending WHERE chapter_id = old.id;"
    "END;"
    "CREATE TRIGGER chapter_segments_au_title AFTER UPDATE OF title ON chapters"
    "  WHEN old.title IS NOT new.title BEGIN"
    "  INSERT INTO chapters_fts (chapters_fts, rowid, title)"
    "    SELECT 'delete', id, old.title FROM chapter_segments WHERE chapter_id = old.id AND start < 0;"
    "  INSERT INTO chapters_fts (rowid, title)"
    "    SELECT id, new.title FROM chapter_segments WHERE chapter_id = new.id AND start < 0;"
    "END;"
    /* One trigger, so that the pending mark is read before it is cleared. */
    "CREATE TRIGGER chapter_segments_au_text AFTER UPDATE OF content_md ON chapters BEGIN"
    "  INSERT INTO chapters_fts (chapters_fts, rowid, content_md)"
    "    SELECT 'delete', id, " SEG_OLD_TEXT " FROM chapter_segments"
    "    WHERE chapter_id = old.id AND start >= 0 AND NOT " SEG_PENDING ";"
    "  DELETE FROM chapter_segments WHERE chapter_id = old.id AND start > 0 AND NOT " SEG_PENDING ";"
    "  UPDATE chapter_segments SET len = length (CAST (new.content_md AS BLOB))"
    "    WHERE chapter_id = new.id AND start = 0 AND NOT " SEG_PENDING ";"
    "  INSERT INTO chapters_fts (rowid, content_md)"
    "    SELECT id, new.content_md FROM chapter_segments"
    "    WHERE chapter_id = new.id AND start = 0 AND NOT " SEG_PENDING ";"
    "  DELETE FROM chapter_segments_pending WHERE chapter_id = new.id;"
    "END;";
#undef SEG_RANGE
#undef SEG_OLD_TEXT
#undef SEG_PENDING

  return _df_sqlite_exec (db, sql, error);
}

/* Version 18: plugins.  Each call of a reader transform or a sync
 * backend in its helper process, as the plugin page's health reads it
 * (how long its jobs take, its last failure): exports and agents keep
 * theirs in export_jobs and agent_runs.  The last 200 of each plugin
 * are kept. */
static gboolean
migrate_18 (sqlite3  *db,
            GError  **error)
{
  return _df_sqlite_exec (db,
                          "CREATE TABLE IF NOT EXISTS plugin_calls ("
                          "  id INTEGER PRIMARY KEY,"
                          "  plugin_id TEXT NOT NULL,"
                          "  kind TEXT NOT NULL CHECK (kind IN ('transform', 'sync')),"
                          "  status TEXT NOT NULL CHECK (status IN ('completed', 'failed')),"
                          "  error TEXT,"
                          "  started_at TEXT NOT NULL,"
                          "  completed_at TEXT NOT NULL,"
                          "  seconds REAL NOT NULL CHECK (seconds >= 0)"
                          ");"
                          "CREATE INDEX IF NOT EXISTS plugin_calls_plugin ON plugin_calls (plugin_id, status, id);",
                          error);
}

static const DfMigration migrations[] = {
  NULL,        /* version 0: an empty file */
  migrate_1,
  migrate_2,
  migrate_3,
  migrate_4,
  migrate_5,
  migrate_6,
  migrate_7,
  migrate_8,
  migrate_9,
  migrate_10,
  migrate_11,
  migrate_12,
  migrate_13,
  migrate_14,
  migrate_15,
  migrate_16,
  migrate_17,
  migrate_18,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == DF_STORE_MIGRATIONS_LATEST + 1);

DfMigration
_df_migration_step (int version)
{
  g_return_val_if_fail (version >= 1 && version <= DF_STORE_MIGRATIONS_LATEST, NULL);
  return migrations[version];
}

gboolean
_df_migration_rebuilds_tables (int version)
{
  return version == 13 || version == 15;
}

