package io.sluice.connectors.logtail.reader;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Joins the lines of one file into events: a line the continuation pattern matches belongs to the
 * event before it (a stack trace's {@code at ...} lines), any other line starts an event. An event
 * is complete when the next one starts, when it reaches its line or byte limit, or when {@link
 * #flush} is called (the file's flush timeout, or the file going away). Without a pattern each line
 * is an event and nothing is held back.
 *
 * <pre>{@code
 * MultilineAssembler lines = new MultilineAssembler(Pattern.compile("^\\s"), 500, 1 << 20);
 * lines.offer("Exception in thread main", 0, 25);     // null: may go on
 * lines.offer("\tat Main.main(Main.java:3)", 25, 53); // null
 * lines.offer("next", 53, 58);                        // the two-line event, offsets 0 to 53
 * }</pre>
 *
 * <p>Not thread-safe: one per file, used by the fetcher thread.
 */
final class MultilineAssembler {

  /**
   * An event's text (lines joined by {@code \n}) and where it lies in the file.
   *
   * @param cut whether the event was cut at the line or byte limit
   */
  record Event(String text, long startOffset, long endOffset, int lines, boolean cut) {}

  private final Matcher continuation;
  private final int maxLines;
  private final int maxBytes;

  private StringBuilder pending;
  private long start;
  private long end;
  private int lines;
  private int bytes;

  MultilineAssembler(Pattern continuation, int maxLines, int maxBytes) {
    this.continuation = continuation == null ? null : continuation.matcher("");
    this.maxLines = maxLines;
    this.maxBytes = maxBytes;
  }

  /** Whether lines are held back: false when every line is an event. */
  boolean joins() {
    return continuation != null;
  }

  boolean pending() {
    return pending != null;
  }

  /** The byte offset of the first line held back; meaningful while {@link #pending()}. */
  long pendingStart() {
    return start;
  }

  /**
   * Takes the next line ({@code startOffset} to {@code endOffset}, the line break included) and
   * returns the event it completes, or {@code null}.
   */
  Event offer(String line, long startOffset, long endOffset, int lineBytes) {
    if (continuation == null) {
      return new Event(line, startOffset, endOffset, 1, false);
    }
    if (pending != null && continuation.reset(line).find()) {
      if (lines < maxLines && bytes + 1 + lineBytes <= maxBytes) {
        pending.append('\n').append(line);
        end = endOffset;
        lines++;
        bytes += 1 + lineBytes;
        return null;
      }
      Event full = complete(true);
      begin(line, startOffset, endOffset, lineBytes);
      return full;
    }
    Event previous = pending == null ? null : complete(false);
    begin(line, startOffset, endOffset, lineBytes);
    return previous;
  }

  /** The event held back, complete now; {@code null} if none. */
  Event flush() {
    return pending == null ? null : complete(false);
  }

  private void begin(String line, long startOffset, long endOffset, int lineBytes) {
    pending = new StringBuilder(line);
    start = startOffset;
    end = endOffset;
    lines = 1;
    bytes = lineBytes;
  }

  private Event complete(boolean cut) {
    Event event = new Event(pending.toString(), start, end, lines, cut);
    pending = null;
    return event;
  }
}
