package io.sluice.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * Writes result batches to a response body in one {@link ResultFormat}, batch by batch, so the body
 * streams out as the rows are read.
 */
interface BatchWriter extends AutoCloseable {
  /** Writes the current contents of the root. */
  void write() throws IOException;

  /** Ends the body (the last bytes of the format) and flushes it. */
  void finish() throws IOException;

  @Override
  void close() throws IOException;

  /**
   * @param format the format
   * @param root the root the batches appear in
   * @param out the response body
   * @return a writer; nothing is written before the first call
   * @throws IOException if the start of the body cannot be written
   */
  static BatchWriter of(ResultFormat format, VectorSchemaRoot root, OutputStream out)
      throws IOException {
    switch (format) {
      case ARROW:
        return new Arrow(root, out);
      case CSV:
        return new Csv(root, out);
      default:
        return new Json(root, out);
    }
  }

  /** Arrow IPC stream. */
  final class Arrow implements BatchWriter {
    private final ArrowStreamWriter writer;

    Arrow(VectorSchemaRoot root, OutputStream out) throws IOException {
      this.writer = new ArrowStreamWriter(root, null, Channels.newChannel(out));
      writer.start();
    }

    @Override
    public void write() throws IOException {
      writer.writeBatch();
    }

    @Override
    public void finish() throws IOException {
      writer.end();
    }

    @Override
    public void close() {
      writer.close();
    }
  }

  /** CSV: a header, then one line per row; null is an empty field. */
  final class Csv implements BatchWriter {
    private final VectorSchemaRoot root;
    private final Writer out;

    Csv(VectorSchemaRoot root, OutputStream out) throws IOException {
      this.root = root;
      this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      List<org.apache.arrow.vector.types.pojo.Field> fields = root.getSchema().getFields();
      for (int c = 0; c < fields.size(); c++) {
        this.out.write(c == 0 ? "" : ",");
        this.out.write(quote(fields.get(c).getName()));
      }
      this.out.write("\r\n");
    }

    @Override
    public void write() throws IOException {
      List<FieldVector> vectors = root.getFieldVectors();
      for (int r = 0; r < root.getRowCount(); r++) {
        for (int c = 0; c < vectors.size(); c++) {
          if (c > 0) {
            out.write(',');
          }
          Object value = ValueText.value(vectors.get(c), r);
          if (value != null) {
            out.write(quote(text(value)));
          }
        }
        out.write("\r\n");
      }
    }

    private static String text(Object value) {
      return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    private static String quote(String text) {
      if (text.indexOf(',') < 0
          && text.indexOf('"') < 0
          && text.indexOf('\n') < 0
          && text.indexOf('\r') < 0) {
        return text;
      }
      return '"' + text.replace("\"", "\"\"") + '"';
    }

    @Override
    public void finish() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /** JSON: an array with one object per row; NaN and infinities as strings. */
  final class Json implements BatchWriter {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final VectorSchemaRoot root;
    private final JsonGenerator json;

    Json(VectorSchemaRoot root, OutputStream out) throws IOException {
      this.root = root;
      this.json = FACTORY.createGenerator(out);
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartArray();
    }

    @Override
    public void write() throws IOException {
      List<FieldVector> vectors = root.getFieldVectors();
      for (int r = 0; r < root.getRowCount(); r++) {
        json.writeStartObject();
        for (FieldVector vector : vectors) {
          json.writeFieldName(vector.getName());
          writeValue(ValueText.value(vector, r));
        }
        json.writeEndObject();
        json.writeRaw('\n');
      }
    }

    private void writeValue(Object value) throws IOException {
      if (value == null) {
        json.writeNull();
      } else if (value instanceof Boolean b) {
        json.writeBoolean(b);
      } else if (value instanceof Long l) {
        json.writeNumber(l);
      } else if (value instanceof BigDecimal d) {
        json.writeNumber(d);
      } else if (value instanceof Double d && Double.isFinite(d)) {
        json.writeNumber(d);
      } else if (value instanceof Float f && Float.isFinite(f)) {
        json.writeNumber(f);
      } else {
        json.writeString(value.toString());
      }
    }

    @Override
    public void finish() throws IOException {
      json.writeEndArray();
      json.writeRaw('\n');
      json.flush();
    }

    @Override
    public void close() throws IOException {
      json.close();
    }
  }
}
