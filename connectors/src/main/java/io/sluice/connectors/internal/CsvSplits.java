package io.sluice.connectors.internal;

import io.sluice.connectors.ConnectorException;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Cuts an uncompressed CSV file into byte ranges of whole records, so that several FastCSV readers
 * can parse it at once. A line end is a record end unless it lies inside a quoted field, and that
 * cannot be told locally; so the file is cut only when one parallel pass over its bytes proves no
 * quoted field spans lines: every line holds an even number of quote characters, and every quote
 * stands where RFC 4180 puts them (next to a delimiter, a line end, the file's edge or another
 * quote). Then every line end is a record end, and the cuts are the first line ends after equal
 * shares of the bytes. A file that fails the proof is read by one reader, as before.
 */
final class CsvSplits {
  private CsvSplits() {}

  /**
   * One range of the file.
   *
   * @param start its first byte
   * @param end the byte after its last
   * @param linesBefore the line ends before it: its first line is line {@code linesBefore + 1}
   */
  record Split(long start, long end, long linesBefore) {}

  /** What one part of the file's bytes says about its quotes and lines. */
  private record Part(
      long start,
      long end,
      long lineEnds,
      long firstLineEnd,
      int quotesBefore,
      int quotesAfter,
      boolean oddLine,
      boolean strayQuote) {}

  /**
   * @param file an uncompressed CSV file
   * @param delimiter its delimiter
   * @param quote its quote character
   * @param parts how many ranges to cut it into
   * @return the ranges, in order, covering the file; a single range when it cannot be cut safely
   */
  static List<Split> of(Path file, char delimiter, char quote, int parts) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (parts < 2 || size < parts || delimiter > 0x7F || quote > 0x7F) {
        return List.of(new Split(0, size, 0));
      }
      List<CompletableFuture<Part>> scans = new ArrayList<>();
      for (int k = 0; k < parts; k++) {
        long start = size * k / parts;
        long end = size * (k + 1) / parts;
        scans.add(
            CompletableFuture.supplyAsync(
                () -> scan(channel, start, end, size, (byte) delimiter, (byte) quote)));
      }
      List<Part> scanned = new ArrayList<>();
      for (CompletableFuture<Part> scan : scans) {
        scanned.add(scan.join());
      }
      if (!everyLineBalanced(scanned)) {
        return List.of(new Split(0, size, 0));
      }
      List<Split> splits = new ArrayList<>();
      long start = 0;
      long linesBefore = 0;
      long linesSoFar = 0;
      for (int k = 0; k < parts; k++) {
        Part part = scanned.get(k);
        // The cut after part k-1 is the first line end in part k: the range before it ends there.
        if (k > 0 && part.firstLineEnd() >= 0 && part.firstLineEnd() + 1 < size) {
          long cut = part.firstLineEnd() + 1;
          if (cut > start) {
            splits.add(new Split(start, cut, linesBefore));
            start = cut;
            linesBefore = linesSoFar + 1; // the first line end of part k is before the cut
          }
        }
        linesSoFar += part.lineEnds();
      }
      splits.add(new Split(start, size, linesBefore));
      return splits;
    } catch (IOException e) {
      throw new ConnectorException(file.getFileName() + ": reading failed: " + e.getMessage(), e);
    }
  }

  /** Whether no line, inside a part or across parts, holds an odd number of quotes. */
  private static boolean everyLineBalanced(List<Part> parts) {
    int open = 0; // quotes on the line running into the next part
    for (Part part : parts) {
      if (part.strayQuote() || part.oddLine()) {
        return false;
      }
      if (part.lineEnds() > 0) {
        if (((open + part.quotesBefore()) & 1) != 0) {
          return false;
        }
        open = part.quotesAfter();
      } else {
        open += part.quotesBefore();
      }
    }
    return (open & 1) == 0;
  }

  private static Part scan(
      FileChannel channel, long start, long end, long size, byte delimiter, byte quote) {
    try {
      byte previous = start == 0 ? (byte) '\n' : at(channel, start - 1);
      long lineEnds = 0;
      long firstLineEnd = -1;
      int quotesBefore = 0;
      int quotesOnLine = 0;
      boolean oddLine = false;
      boolean strayQuote = false;
      long position = start;
      while (position < end) {
        long length = Math.min(end - position, 64L << 20);
        MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, position, length);
        int n = (int) length;
        for (int i = 0; i < n; i++) {
          byte b = bytes.get(i);
          if (b == '\n') {
            if (firstLineEnd < 0) {
              firstLineEnd = position + i;
              quotesBefore = quotesOnLine;
            } else if ((quotesOnLine & 1) != 0) {
              oddLine = true;
            }
            lineEnds++;
            quotesOnLine = 0;
          } else if (b == quote) {
            quotesOnLine++;
            if (!strayQuote) {
              byte next =
                  i + 1 < n
                      ? bytes.get(i + 1)
                      : (position + i + 1 < size ? at(channel, position + i + 1) : (byte) '\n');
              strayQuote = !edge(previous, delimiter, quote) && !edge(next, delimiter, quote);
            }
          }
          previous = b;
        }
        position += length;
      }
      if (firstLineEnd < 0) {
        quotesBefore = quotesOnLine;
      }
      return new Part(
          start, end, lineEnds, firstLineEnd, quotesBefore, quotesOnLine, oddLine, strayQuote);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Whether a quote next to this byte stands where RFC 4180 quotes stand. */
  private static boolean edge(byte b, byte delimiter, byte quote) {
    return b == delimiter || b == quote || b == '\n' || b == '\r';
  }

  private static byte at(FileChannel channel, long position) throws IOException {
    java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
    channel.read(one, position);
    return one.get(0);
  }
}
