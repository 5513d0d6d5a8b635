package io.sluice.connectors.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.github.luben.zstd.ZstdOutputStream;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;
import io.sluice.connectors.BatchSink;
import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import io.sluice.storage.ColumnType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Writers of the text formats: CSV with FastCSV, newline-delimited JSON with Jackson. */
public final class TextSinks {
  private TextSinks() {}

  /**
   * @param target the file to write
   * @param schema the columns
   * @param options header, delimiter, quote, null text, formats, compression
   * @return a CSV sink
   */
  public static BatchSink csv(Path target, Schema schema, FileOptions options) {
    return new Csv(target, schema, options);
  }

  /**
   * @param target the file to write
   * @param schema the columns
   * @param options formats, compression
   * @return a newline-delimited JSON sink
   */
  public static BatchSink json(Path target, Schema schema, FileOptions options) {
    return new Json(target, schema, options);
  }

  /** Opens the temporary file's stream, compressed as asked or as the target's name says. */
  static OutputStream open(TempOutput output, FileOptions options) throws IOException {
    FileOptions.Compression compression = options.compression();
    if (compression == null) {
      String name = output.target().getFileName().toString().toLowerCase(Locale.ROOT);
      compression =
          name.endsWith(".gz") || name.endsWith(".gzip")
              ? FileOptions.Compression.GZIP
              : name.endsWith(".zst") || name.endsWith(".zstd")
                  ? FileOptions.Compression.ZSTD
                  : FileOptions.Compression.NONE;
    }
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(output.temp()), 1 << 16);
    return switch (compression) {
      case GZIP -> new BufferedOutputStream(new GZIPOutputStream(out, 1 << 16), 1 << 16);
      case ZSTD -> new BufferedOutputStream(new ZstdOutputStream(out), 1 << 16);
      default -> out;
    };
  }

  private abstract static class TextSink implements BatchSink {
    final TempOutput output;
    final Schema schema;
    final ValueText[] texts;
    long rows;
    boolean done;

    TextSink(Path target, Schema schema, FileOptions options) {
      this.output = new TempOutput(target);
      this.schema = schema;
      List<Field> fields = schema.getFields();
      this.texts = new ValueText[fields.size()];
      for (int i = 0; i < texts.length; i++) {
        texts[i] =
            new ValueText(
                ColumnType.of(fields.get(i)), options.timestampFormat(), options.dateFormat());
      }
    }

    ConnectorException failure(IOException e) {
      return new ConnectorException("writing " + output.target() + " failed: " + e.getMessage(), e);
    }

    @Override
    public long rows() {
      return rows;
    }

    abstract void closeStream() throws IOException;

    @Override
    public long finish() {
      try {
        closeStream();
      } catch (IOException e) {
        close();
        throw failure(e);
      }
      done = true;
      return output.commit();
    }

    @Override
    public void close() {
      if (!done) {
        done = true;
        try {
          closeStream();
        } catch (IOException | RuntimeException e) {
          // Thrown away anyway.
        }
        output.discard();
      }
    }
  }

  private static final class Csv extends TextSink {
    private final CsvWriter writer;
    private final String nullText;

    Csv(Path target, Schema schema, FileOptions options) {
      super(target, schema, options);
      this.nullText = options.nullText();
      try {
        Writer text = new OutputStreamWriter(open(output, options), StandardCharsets.UTF_8);
        writer =
            CsvWriter.builder()
                .fieldSeparator(options.delimiter() == null ? ',' : options.delimiter())
                .quoteCharacter(options.quote())
                .quoteStrategy(QuoteStrategies.EMPTY)
                .lineDelimiter(LineDelimiter.LF)
                .build(text);
        if (options.header() == null || options.header()) {
          writer.writeRecord(schema.getFields().stream().map(Field::getName).toList());
        }
      } catch (IOException e) {
        output.discard();
        throw failure(e);
      }
    }

    @Override
    public void write(VectorSchemaRoot batch) {
      List<FieldVector> vectors = batch.getFieldVectors();
      for (int row = 0; row < batch.getRowCount(); row++) {
        CsvWriter.CsvWriterRecord record = writer.writeRecord();
        for (int c = 0; c < vectors.size(); c++) {
          FieldVector vector = vectors.get(c);
          if (vector.isNull(row)) {
            // Unquoted: an empty field (or the null text) reads back as NULL, "" as ''.
            record.writeField(nullText.isEmpty() ? null : nullText);
          } else {
            record.writeField(texts[c].format(vector, row));
          }
        }
        record.endRecord();
      }
      rows += batch.getRowCount();
    }

    @Override
    void closeStream() throws IOException {
      writer.close();
    }
  }

  private static final class Json extends TextSink {
    private final JsonGenerator generator;
    private final String[] names;
    private final ColumnType[] types;

    Json(Path target, Schema schema, FileOptions options) {
      super(target, schema, options);
      List<Field> fields = schema.getFields();
      names = new String[fields.size()];
      types = new ColumnType[fields.size()];
      for (int i = 0; i < names.length; i++) {
        names[i] = fields.get(i).getName();
        types[i] = ColumnType.of(fields.get(i));
      }
      try {
        generator = JsonSource.FACTORY.createGenerator(open(output, options));
        generator.setRootValueSeparator(null); // one object per line, no space before the next
      } catch (IOException e) {
        output.discard();
        throw failure(e);
      }
    }

    @Override
    public void write(VectorSchemaRoot batch) {
      List<FieldVector> vectors = batch.getFieldVectors();
      try {
        for (int row = 0; row < batch.getRowCount(); row++) {
          generator.writeStartObject();
          for (int c = 0; c < names.length; c++) {
            generator.writeFieldName(names[c]);
            FieldVector vector = vectors.get(c);
            if (vector.isNull(row)) {
              generator.writeNull();
            } else {
              value(vector, row, c);
            }
          }
          generator.writeEndObject();
          generator.writeRaw('\n');
        }
      } catch (IOException e) {
        throw failure(e);
      }
      rows += batch.getRowCount();
    }

    private void value(FieldVector vector, int row, int c) throws IOException {
      switch (types[c]) {
        case BOOLEAN -> generator.writeBoolean(((BitVector) vector).get(row) != 0);
        case TINYINT -> generator.writeNumber(((TinyIntVector) vector).get(row));
        case SMALLINT -> generator.writeNumber(((SmallIntVector) vector).get(row));
        case INT -> generator.writeNumber(((IntVector) vector).get(row));
        case BIGINT -> generator.writeNumber(((BigIntVector) vector).get(row));
        case FLOAT, DOUBLE -> {
          double value =
              types[c] == ColumnType.FLOAT
                  ? ((Float4Vector) vector).get(row)
                  : ((Float8Vector) vector).get(row);
          if (Double.isNaN(value) || Double.isInfinite(value)) {
            generator.writeString(texts[c].format(vector, row)); // JSON has no NaN or infinity
          } else if (types[c] == ColumnType.FLOAT) {
            generator.writeNumber((float) value);
          } else {
            generator.writeNumber(value);
          }
        }
        case DECIMAL -> generator.writeNumber(((DecimalVector) vector).getObject(row));
        default -> generator.writeString(texts[c].format(vector, row));
      }
    }

    @Override
    void closeStream() throws IOException {
      generator.close();
    }
  }
}
