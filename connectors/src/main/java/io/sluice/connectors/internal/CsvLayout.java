package io.sluice.connectors.internal;

import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvReader;
import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import io.sluice.storage.ColumnType;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * How a CSV file is laid out: its delimiter (given, implied by a {@code .tsv} name, or sniffed from
 * its first lines), quote character, whether it has a header line, and the text of a NULL.
 *
 * @param delimiter the field delimiter
 * @param quote the quote character
 * @param header whether the first line names the columns
 * @param nullText the text of a NULL (an empty field is always NULL too)
 */
public record CsvLayout(char delimiter, char quote, boolean header, String nullText) {

  private static final char[] CANDIDATES = {',', '\t', ';', '|'};

  /**
   * @param file a CSV file
   * @param options the options given
   * @return its layout
   */
  public static CsvLayout of(Path file, FileOptions options) {
    try (java.io.BufferedInputStream in = InputFiles.bytes(file, new AtomicLong())) {
      return of(file.getFileName().toString(), in, options);
    } catch (IOException e) {
      throw new ConnectorException(file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param name the input's name (a {@code .tsv} name means tabs)
   * @param in its bytes; when the delimiter must be sniffed, the first 64 KiB are read and the
   *     stream reset to where it was
   * @param options the options given
   * @return its layout
   * @throws IOException if reading the head fails
   */
  static CsvLayout of(String name, java.io.BufferedInputStream in, FileOptions options)
      throws IOException {
    Character delimiter = options.delimiter();
    if (delimiter == null) {
      delimiter =
          name.toLowerCase(Locale.ROOT).contains(".tsv") ? '\t' : sniff(in, options.quote());
    }
    boolean header = options.header() == null || options.header();
    return new CsvLayout(delimiter, options.quote(), header, options.nullText());
  }

  /** The candidate delimiter that splits the first lines into the same number (>1) of fields. */
  private static char sniff(java.io.BufferedInputStream in, char quote) throws IOException {
    in.mark(1 << 16);
    byte[] head = in.readNBytes(1 << 16);
    in.reset();
    List<String> lines = new ArrayList<>();
    String text = new String(head, java.nio.charset.StandardCharsets.UTF_8);
    for (String line : text.split("\r?\n", 21)) {
      if (!line.isBlank() && lines.size() < 20) {
        lines.add(line);
      }
    }
    if (head.length == (1 << 16) && lines.size() > 1) {
      lines.remove(lines.size() - 1); // possibly cut short
    }
    char best = ',';
    int bestCount = 0;
    for (char candidate : CANDIDATES) {
      int count = -1;
      boolean consistent = true;
      for (String line : lines) {
        int fields = countOutsideQuotes(line, candidate, quote) + 1;
        if (count < 0) {
          count = fields;
        } else if (count != fields) {
          consistent = false;
          break;
        }
      }
      if (consistent && count > bestCount && count > 1) {
        best = candidate;
        bestCount = count;
      }
    }
    return best;
  }

  private static int countOutsideQuotes(String line, char delimiter, char quote) {
    int count = 0;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == quote) {
        quoted = !quoted;
      } else if (c == delimiter && !quoted) {
        count++;
      }
    }
    return count;
  }

  /**
   * @param reader the file's text
   * @return a FastCSV reader for this layout: strict about characters after a closing quote, blank
   *     lines skipped, rows of any field count returned (the caller checks the count)
   */
  CsvReader<CsvRow> reader(Reader reader) {
    return CsvReader.builder()
        .fieldSeparator(delimiter)
        .quoteCharacter(quote)
        .commentStrategy(CommentStrategy.NONE)
        .skipEmptyLines(true)
        .ignoreDifferentFieldCount(true)
        .acceptCharsAfterQuotes(false)
        .build(new CsvRow.Handler(), reader);
  }

  /**
   * @param text a field's text
   * @param quoted whether it was quoted
   * @return whether it stands for NULL: unquoted and empty or the null text
   */
  public boolean isNull(String text, boolean quoted) {
    return !quoted && (text.isEmpty() || text.equals(nullText));
  }

  /**
   * Infers a file's columns: names from the header (or {@code column0}, {@code column1}, ...),
   * types from its first {@link TypeGuess#SAMPLE_ROWS} rows.
   *
   * @param file the file
   * @param options the options (for date and timestamp formats)
   * @return the schema, every column nullable
   */
  public Schema infer(Path file, FileOptions options) {
    String name = file.getFileName().toString();
    List<String> names = null;
    List<TypeGuess> guesses = new ArrayList<>();
    int width = -1;
    int sampled = 0;
    try (Reader text = InputFiles.text(file, new AtomicLong());
        CsvReader<CsvRow> csv = reader(text)) {
      for (CsvRow record : csv) {
        if (width < 0) {
          width = record.count;
          for (int i = 0; i < width; i++) {
            guesses.add(new TypeGuess(options.timestampFormat(), options.dateFormat()));
          }
          if (header) {
            names = columnNames(record.fields());
            continue;
          }
        }
        if (record.count != width) {
          if (options.onError() == FileOptions.OnError.SKIP) {
            continue;
          }
          throw new ConnectorException(
              name
                  + ": line "
                  + record.line
                  + ": expected "
                  + width
                  + " fields, found "
                  + record.count
                  + CsvSource.quoteHint(record));
        }
        for (int i = 0; i < width; i++) {
          String value = record.field(i);
          if (!isNull(value, record.quoted(i)) && !value.isEmpty()) {
            guesses.get(i).add(value);
          }
        }
        if (++sampled >= TypeGuess.SAMPLE_ROWS) {
          break;
        }
      }
    } catch (IOException e) {
      throw new ConnectorException(name + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw CsvSource.readFailure(name, -1, e);
    } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
      throw new ConnectorException(name + ": malformed CSV: " + e.getMessage(), e);
    }
    if (width < 0) {
      throw new ConnectorException(name + ": the file is empty; there are no columns to read");
    }
    if (names == null) {
      names = new ArrayList<>();
      for (int i = 0; i < width; i++) {
        names.add("column" + i);
      }
    }
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      fields.add(ColumnType.field(names.get(i), guesses.get(i).type(), true));
    }
    return new Schema(fields);
  }

  /** Header names made usable: blank ones named {@code columnN}, duplicates numbered. */
  static List<String> columnNames(List<String> header) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip();
      if (name.isEmpty()) {
        name = "column" + i;
      }
      String unique = name;
      for (int n = 1; !seen.add(unique.toLowerCase(Locale.ROOT)); n++) {
        unique = name + "_" + n;
      }
      names.add(unique);
    }
    return names;
  }

  static boolean isEncodingError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CharacterCodingException) {
        return true;
      }
    }
    return false;
  }
}
