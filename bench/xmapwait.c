/* xmapwait.c: time from launching a program to its first window on screen
 *
 *   xmapwait [--timeout SEC] [--min-size PX] [--rss-after MS] [--ping-for MS]
 *            -- COMMAND [ARG…]
 *
 * Watches the root window of $DISPLAY for MapNotify (SubstructureNotify),
 * starts COMMAND, and prints the milliseconds from just before exec to the
 * first mapped top-level window at least PX×PX (default 200; override-
 * redirect windows such as menus and tooltips are ignored).  With
 * --rss-after it then waits MS milliseconds and prints the child's VmRSS
 * and VmHWM in MB.  With --ping-for it then, for MS milliseconds, asks
 * the window whether it is alive (_NET_WM_PING, which GTK answers from
 * its main loop, as window managers ask) one ping at a time, 20 ms after
 * the last answer, and reports: when the first answer came (from exec),
 * the longest wait for an answer (the longest the main loop was held),
 * when the program went quiet (under 10% of a CPU for half a second;
 * -1 if it did not within MS) and the CPU time it had used by then (or
 * by the end).  Finally it sends SIGTERM to the child's process group
 * and, after 2 s, SIGKILL.
 *
 * Output (stdout), one line:  map_ms=123.4 [rss_mb=… hwm_mb=…]
 *   [responsive_ms=… max_stall_ms=… quiet_ms=… cpu_s=… pings=…]
 * Exit status: 0 on success, 1 if the program exited or the timeout
 * passed first, 2 on bad usage.
 *
 * The same measurement is used for DraftForge and for the editor it is
 * compared with (bench/bench-app.sh).  Not part of the test suite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <X11/Xlib.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
ignore_x_errors (Display     *display,
                 XErrorEvent *event)
{
  /* A window may be gone before we ask for its size. */
  (void)display;
  (void)event;
  return 0;
}

/* Reads "Key:   1234 kB" from /proc/PID/status; -1 if absent. */
static long
status_kb (pid_t       pid,
           const char *key)
{
  char path[64], line[256];
  size_t len = strlen (key);
  long value = -1;
  FILE *f;

  snprintf (path, sizeof path, "/proc/%ld/status", (long)pid);
  f = fopen (path, "r");
  if (f == NULL)
    return -1;
  while (fgets (line, sizeof line, f) != NULL)
    if (strncmp (line, key, len) == 0 && line[len] == ':')
      {
        value = strtol (line + len + 1, NULL, 10);
        break;
      }
  fclose (f);
  return value;
}

static void
stop_child (pid_t pid)
{
  double deadline;
  int status;

  kill (-pid, SIGTERM);
  deadline = now_ms () + 2000;
  while (now_ms () < deadline)
    {
      pid_t r = waitpid (pid, &status, WNOHANG);

      if (r == pid || (r < 0 && errno == ECHILD))
        {
          kill (-pid, SIGKILL);   /* anything it left in its group */
          return;
        }
      usleep (10000);
    }
  kill (-pid, SIGKILL);
  waitpid (pid, &status, 0);
}

static void
usage (void)
{
  fprintf (stderr, "usage: xmapwait [--timeout SEC] [--min-size PX] [--rss-after MS] [--ping-for MS] -- COMMAND [ARG…]\n");
}

typedef struct
{
  double  timeout_s;
  int     min_size;
  double  rss_after;   /* < 0: no memory report */
  double  ping_for;    /* < 0: no pings */
  char  **command;
} Options;

/* Fills @options from the command line; 0 on bad usage. */
static int
parse_args (int      argc,
            char   **argv,
            Options *options)
{
  *options = (Options) { .timeout_s = 30, .min_size = 200, .rss_after = -1, .ping_for = -1, .command = NULL };

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        {
          options->command = i + 1 < argc ? argv + i + 1 : NULL;
          break;
        }
      else if (strcmp (argv[i], "--timeout") == 0 && i + 1 < argc)
        options->timeout_s = atof (argv[++i]);
      else if (strcmp (argv[i], "--min-size") == 0 && i + 1 < argc)
        options->min_size = atoi (argv[++i]);
      else if (strcmp (argv[i], "--rss-after") == 0 && i + 1 < argc)
        options->rss_after = atof (argv[++i]);
      else if (strcmp (argv[i], "--ping-for") == 0 && i + 1 < argc)
        options->ping_for = atof (argv[++i]);
      else
        return 0;
    }
  return options->command != NULL;
}

/* Starts @command in a process group of its own; -1 if it cannot fork. */
static pid_t
spawn (Display  *display,
       char    **command)
{
  pid_t pid = fork ();

  if (pid < 0)
    {
      perror ("xmapwait: fork");
      return -1;
    }
  if (pid == 0)
    {
      setpgid (0, 0);
      close (ConnectionNumber (display));
      execvp (command[0], command);
      fprintf (stderr, "xmapwait: cannot run %s: %s\n", command[0], strerror (errno));
      _exit (127);
    }
  setpgid (pid, pid);
  return pid;
}

/* The MapNotify events waiting: the time a top-level window at least
 * @min_size square was mapped (that window in @window), or -1. */
static double
read_map_events (Display *display,
                 int      min_size,
                 Window  *window)
{
  while (XPending (display) > 0)
    {
      XEvent event;
      XWindowAttributes attrs;

      XNextEvent (display, &event);
      if (event.type != MapNotify || event.xmap.override_redirect)
        continue;
      if (!XGetWindowAttributes (display, event.xmap.window, &attrs))
        continue;
      if (attrs.width >= min_size && attrs.height >= min_size)
        {
          fprintf (stderr, "xmapwait: window 0x%lx %dx%d\n",
                   (unsigned long)event.xmap.window, attrs.width, attrs.height);
          *window = event.xmap.window;
          return now_ms ();
        }
    }
  return -1;
}

/* When the child's first window was mapped, or -1 (said on stderr) if it
 * exited or the deadline passed first. */
static double
wait_for_map (Display       *display,
              pid_t          pid,
              const Options *options,
              double         deadline,
              Window        *window)
{
  for (;;)
    {
      struct pollfd pfd = { ConnectionNumber (display), POLLIN, 0 };
      double mapped_at = read_map_events (display, options->min_size, window);
      int status;

      if (mapped_at >= 0)
        return mapped_at;
      if (waitpid (pid, &status, WNOHANG) == pid)
        {
          fprintf (stderr, "xmapwait: %s exited before showing a window\n", options->command[0]);
          return -1;
        }
      if (now_ms () > deadline)
        {
          fprintf (stderr, "xmapwait: no window after %.0f s\n", options->timeout_s);
          stop_child (pid);
          return -1;
        }
      poll (&pfd, 1, 20);
    }
}

/* The CPU time @pid has used, in seconds (utime + stime); -1 if gone. */
static double
cpu_seconds (pid_t pid)
{
  char path[64], line[1024];
  unsigned long utime = 0, stime = 0;
  const char *p;
  FILE *f;

  snprintf (path, sizeof path, "/proc/%ld/stat", (long)pid);
  f = fopen (path, "r");
  if (f == NULL)
    return -1;
  if (fgets (line, sizeof line, f) == NULL || (p = strrchr (line, ')')) == NULL ||
      sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
    utime = stime = 0;
  fclose (f);
  return (double)(utime + stime) / sysconf (_SC_CLK_TCK);
}

static void
send_ping (Display *display,
           Window   window,
           long     serial)
{
  XEvent event;

  memset (&event, 0, sizeof event);
  event.xclient.type = ClientMessage;
  event.xclient.window = window;
  event.xclient.message_type = XInternAtom (display, "WM_PROTOCOLS", False);
  event.xclient.format = 32;
  event.xclient.data.l[0] = (long)XInternAtom (display, "_NET_WM_PING", False);
  event.xclient.data.l[1] = serial;   /* the timestamp, sent back as it is */
  event.xclient.data.l[2] = (long)window;
  XSendEvent (display, window, False, NoEventMask, &event);
  XFlush (display);
}

/* Whether the answer to ping @serial is among the events waiting. */
static int
read_pong (Display *display,
           long     serial)
{
  Atom ping = XInternAtom (display, "_NET_WM_PING", False);
  int answered = 0;

  while (XPending (display) > 0)
    {
      XEvent event;

      XNextEvent (display, &event);
      if (event.type == ClientMessage && event.xclient.window == DefaultRootWindow (display) &&
          (Atom)event.xclient.data.l[0] == ping && event.xclient.data.l[1] == serial)
        answered = 1;
    }
  return answered;
}

/* Pings @window for options->ping_for ms after @mapped_at and prints what
 * it saw (see the top of the file). */
static void
ping_for (Display       *display,
          Window         window,
          pid_t          pid,
          const Options *options,
          double         t0,
          double         mapped_at)
{
  double end = mapped_at + options->ping_for;
  double sent_at = -1, next_at = now_ms (), responsive = -1, max_stall = 0, quiet = -1;
  double last_sample = now_ms (), last_cpu = cpu_seconds (pid), cpu = last_cpu;
  long serial = 1;
  int pings = 0;

  while (now_ms () < end && quiet < 0)
    {
      struct pollfd pfd = { ConnectionNumber (display), POLLIN, 0 };
      double now = now_ms ();

      if (sent_at < 0 && now >= next_at)
        {
          send_ping (display, window, ++serial);
          sent_at = now;
        }
      if (sent_at >= 0 && read_pong (display, serial))
        {
          now = now_ms ();
          max_stall = now - sent_at > max_stall ? now - sent_at : max_stall;
          if (responsive < 0)
            responsive = now - t0;
          pings++;
          sent_at = -1;
          next_at = now + 20;
        }
      if (now - last_sample >= 500)
        {
          cpu = cpu_seconds (pid);
          if (cpu >= 0 && cpu - last_cpu < 0.10 * (now - last_sample) / 1000 && responsive >= 0)
            quiet = last_sample - t0;
          last_cpu = cpu;
          last_sample = now;
        }
      poll (&pfd, 1, 5);
    }
  /* A ping still out counts as a wait up to now. */
  if (sent_at >= 0 && now_ms () - sent_at > max_stall)
    max_stall = now_ms () - sent_at;
  cpu = cpu_seconds (pid);
  printf (" responsive_ms=%.1f max_stall_ms=%.1f quiet_ms=%.1f cpu_s=%.2f pings=%d",
          responsive, max_stall, quiet, cpu, pings);
}

int
main (int    argc,
      char **argv)
{
  Options options;
  Display *display;
  double t0, mapped_at;
  Window window = 0;
  pid_t pid;

  if (!parse_args (argc, argv, &options))
    {
      usage ();
      return 2;
    }

  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      fprintf (stderr, "xmapwait: cannot open display '%s'\n", getenv ("DISPLAY") ? getenv ("DISPLAY") : "");
      return 1;
    }
  XSetErrorHandler (ignore_x_errors);
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);
  XSync (display, False);

  fflush (NULL);
  t0 = now_ms ();
  pid = spawn (display, options.command);
  if (pid < 0)
    return 1;
  mapped_at = wait_for_map (display, pid, &options, t0 + options.timeout_s * 1000, &window);
  if (mapped_at < 0)
    return 1;

  printf ("map_ms=%.1f", mapped_at - t0);
  if (options.rss_after >= 0)
    {
      usleep ((useconds_t)(options.rss_after * 1000));
      printf (" rss_mb=%.1f hwm_mb=%.1f",
              status_kb (pid, "VmRSS") / 1024.0, status_kb (pid, "VmHWM") / 1024.0);
    }
  if (options.ping_for >= 0)
    ping_for (display, window, pid, &options, t0, mapped_at);
  printf ("\n");
  fflush (stdout);

  stop_child (pid);
  XCloseDisplay (display);
  return 0;
}
