package io.tally.cli;

import io.tally.replay.ProgressListener;
import io.tally.replay.ReplaySummary;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a replay's progress: a bar redrawn in place on a terminal, or a log line every few seconds
 * when the output is a file or a pipe.
 */
final class ConsoleProgress implements ProgressListener {
  private static final Logger log = LoggerFactory.getLogger(ConsoleProgress.class);
  private static final long LOG_EVERY_NANOS = 5_000_000_000L;
  private static final long DRAW_EVERY_NANOS = 100_000_000L;

  private final boolean terminal;
  private final PrintStream out;
  private final DateTimeFormatter time;
  private long lastShown;

  ConsoleProgress(boolean terminal, PrintStream out, ZoneId zone) {
    this.terminal = terminal;
    this.out = out;
    this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
  }

  @Override
  public void progress(long sent, long total, long eventTime) {
    long now = System.nanoTime();
    boolean last = sent == total;
    if (!last && now - lastShown < (terminal ? DRAW_EVERY_NANOS : LOG_EVERY_NANOS)) {
      return;
    }
    lastShown = now;
    double share = total == 0 ? 1 : (double) sent / total;
    if (terminal) {
      int width = 30;
      int filled = (int) Math.round(share * width);
      out.printf(
          "\r[%s%s] %5.1f%% %d/%d events, at %s ",
          "#".repeat(filled),
          " ".repeat(width - filled),
          share * 100,
          sent,
          total,
          time.format(Instant.ofEpochMilli(eventTime)));
      out.flush();
    } else {
      log.info(
          "replayed {}/{} events ({}%), event time {}",
          sent, total, Math.round(share * 100), time.format(Instant.ofEpochMilli(eventTime)));
    }
  }

  @Override
  public void finished(ReplaySummary summary) {
    if (terminal) {
      out.println();
    }
  }
}
