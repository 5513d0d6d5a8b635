package io.sluice.connectors.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.sluice.connectors.BadValueException;
import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import io.sluice.storage.ColumnType;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads newline-delimited JSON (one object per line; a file that is one top-level array of objects
 * is read too) with Jackson's streaming parser into batches of a target schema. Keys match columns
 * by name, ignoring case; a missing key is NULL, an unknown key is ignored. Scalars convert as text
 * does ({@link TextParser}); a nested object or array becomes its JSON text in a VARCHAR column.
 */
public final class JsonSource extends ReadingSource {
  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          // DuckDB and Python write NaN and Infinity as bare words.
          .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private final List<Input> files;
  private final Schema schema;
  private final TextParser[] parsers;
  private final ColumnType[] types;
  private final Map<String, Integer> columns = new HashMap<>();
  private final BufferAllocator allocator;
  private final int batchRows;
  private final AtomicLong bytesRead = new AtomicLong();

  private int fileIndex = -1;
  private String fileName;
  private JsonParser parser;
  private boolean inArray;
  private long line;

  /**
   * @param files the files, read in order
   * @param options the read options
   * @param schema the columns to produce
   * @param allocator where batches live
   * @param batchRows rows per batch
   */
  public JsonSource(
      List<Input> files,
      FileOptions options,
      Schema schema,
      BufferAllocator allocator,
      int batchRows) {
    super(new RowErrors(options.onError()), Input.totalSize(files));
    this.files = files;
    this.schema = schema;
    this.allocator = allocator;
    this.batchRows = batchRows;
    List<Field> fields = schema.getFields();
    this.parsers = new TextParser[fields.size()];
    this.types = new ColumnType[fields.size()];
    for (int i = 0; i < parsers.length; i++) {
      parsers[i] = TextParser.of(fields.get(i), options.timestampFormat(), options.dateFormat());
      types[i] = ColumnType.of(fields.get(i));
      columns.put(fields.get(i).getName().toLowerCase(Locale.ROOT), i);
    }
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public boolean next() {
    releaseBatch();
    errors.nextBatch();
    VectorSchemaRoot building = VectorSchemaRoot.create(schema, allocator);
    try {
      building.allocateNew();
      int row = 0;
      BitSet set = new BitSet(parsers.length);
      while (row < batchRows && nextObject()) {
        set.clear();
        if (readObject(building, row, set)) {
          for (int c = set.nextClearBit(0); c < parsers.length; c = set.nextClearBit(c + 1)) {
            building.getVector(c).setNull(row);
          }
          row++;
        }
      }
      if (row == 0) {
        building.close();
        return false;
      }
      for (FieldVector vector : building.getFieldVectors()) {
        vector.setValueCount(row);
      }
      building.setRowCount(row);
      batch = building;
      return true;
    } catch (RuntimeException | Error e) {
      building.close();
      throw e;
    }
  }

  /** Moves to the next object of the input, opening files as needed; false at the end. */
  private boolean nextObject() {
    try {
      while (true) {
        if (parser == null && !openNextFile()) {
          return false;
        }
        JsonToken token = parser.nextToken();
        if (token == null || (inArray && token == JsonToken.END_ARRAY)) {
          closeFile();
          continue;
        }
        line = parser.currentLocation().getLineNr();
        if (token == JsonToken.START_OBJECT) {
          return true;
        }
        if (!inArray && token == JsonToken.START_ARRAY && rowsRead == 0 && line <= 1) {
          inArray = true;
          continue;
        }
        rowsRead++;
        errors.bad(-1, where(), null, "expected a JSON object, found " + describe(token));
        parser.skipChildren();
      }
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** Reads the object the parser is at into a row; false if the row was skipped. */
  private boolean readObject(VectorSchemaRoot building, int row, BitSet set) {
    rowsRead++;
    long objectLine = line;
    boolean good = true;
    try {
      for (JsonToken token = parser.nextToken();
          token != JsonToken.END_OBJECT;
          token = parser.nextToken()) {
        if (token == null) {
          throw new ConnectorException(
              fileName + ": line " + objectLine + ": the JSON object is not closed");
        }
        String key = parser.currentName();
        JsonToken value = parser.nextToken();
        Integer column = columns.get(key.toLowerCase(Locale.ROOT));
        if (column == null || !good) {
          parser.skipChildren();
          continue;
        }
        set.set(column);
        FieldVector vector = building.getVector(column);
        try {
          setValue(vector, row, column, value);
        } catch (BadValueException e) {
          errors.bad(
              row, fileName + ": line " + objectLine, schema.getFields().get(column).getName(), e);
          good = false;
        }
      }
    } catch (IOException e) {
      throw failure(e);
    }
    return good;
  }

  private void setValue(FieldVector vector, int row, int column, JsonToken value)
      throws IOException, BadValueException {
    switch (value) {
      case VALUE_NULL -> vector.setNull(row);
      case START_OBJECT, START_ARRAY -> {
        if (types[column] != ColumnType.VARCHAR) {
          String kind = value == JsonToken.START_OBJECT ? "an object" : "an array";
          parser.skipChildren();
          throw new BadValueException(
              "the value is " + kind + ", not a " + types[column].sqlName());
        }
        StringWriter json = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(json)) {
          generator.copyCurrentStructure(parser);
        }
        ((VarCharVector) vector)
            .setSafe(row, json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        if (types[column] != ColumnType.BOOLEAN && types[column] != ColumnType.VARCHAR) {
          throw new BadValueException(
              "the value is " + value.asString() + ", not a " + types[column].sqlName());
        }
        parsers[column].parse(vector, row, value == JsonToken.VALUE_TRUE ? "true" : "false");
      }
      default -> parsers[column].parse(vector, row, parser.getText());
    }
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.toString();
    };
  }

  private String where() {
    return fileName + ": line " + line;
  }

  private ConnectorException failure(IOException e) {
    if (e instanceof CharacterCodingException || e.getCause() instanceof CharacterCodingException) {
      return new ConnectorException(
          fileName + ": the text is not valid UTF-8 near line " + line + "; convert it to UTF-8",
          e);
    }
    if (e instanceof JsonProcessingException json) {
      String position =
          json.getLocation() == null ? "" : ": line " + json.getLocation().getLineNr();
      return new ConnectorException(
          fileName + position + ": malformed JSON: " + json.getOriginalMessage(), e);
    }
    return new ConnectorException(fileName + ": reading failed near line " + line + ": " + e, e);
  }

  private boolean openNextFile() throws IOException {
    if (++fileIndex >= files.size()) {
      return false;
    }
    Input file = files.get(fileIndex);
    fileName = file.name();
    InputStream in = InputFiles.bytes(file, bytesRead);
    parser = FACTORY.createParser(in);
    inArray = false;
    line = 0;
    filesOpened++;
    return true;
  }

  @Override
  protected long bytesRead() {
    return bytesRead.get();
  }

  private void closeFile() throws IOException {
    if (parser != null) {
      parser.close();
      parser = null;
    }
  }

  @Override
  public void close() {
    releaseBatch();
    try {
      closeFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    fileIndex = files.size();
  }

  /**
   * Infers the columns of a JSON file from its first {@link TypeGuess#SAMPLE_ROWS} objects: keys in
   * the order first seen; numbers BIGINT or DOUBLE, booleans BOOLEAN, strings as {@link TypeGuess}
   * decides, nested values and mixed kinds VARCHAR.
   *
   * @param file the file
   * @param options the options (date and timestamp formats)
   * @return the schema, every column nullable
   */
  public static Schema infer(Path file, FileOptions options) {
    String name = file.getFileName().toString();
    Map<String, Guess> guesses = new LinkedHashMap<>();
    try (JsonParser parser = FACTORY.createParser(InputFiles.bytes(file, new AtomicLong()))) {
      int objects = 0;
      JsonToken token = parser.nextToken();
      boolean array = token == JsonToken.START_ARRAY;
      if (array) {
        token = parser.nextToken();
      }
      while (token != null && token != JsonToken.END_ARRAY && objects < TypeGuess.SAMPLE_ROWS) {
        if (token == JsonToken.START_OBJECT) {
          objects++;
          for (JsonToken t = parser.nextToken();
              t != JsonToken.END_OBJECT;
              t = parser.nextToken()) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            Guess guess =
                guesses.computeIfAbsent(key.toLowerCase(Locale.ROOT), k -> new Guess(key, options));
            guess.add(parser, value);
          }
        } else {
          parser.skipChildren();
        }
        token = parser.nextToken();
      }
    } catch (JsonProcessingException e) {
      String position = e.getLocation() == null ? "" : ": line " + e.getLocation().getLineNr();
      throw new ConnectorException(
          name + position + ": malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConnectorException(name + ": " + e.getMessage(), e);
    }
    if (guesses.isEmpty()) {
      throw new ConnectorException(name + ": no JSON object with any key; there are no columns");
    }
    List<Field> fields = new ArrayList<>();
    for (Guess guess : guesses.values()) {
      fields.add(ColumnType.field(guess.name, guess.type(), true));
    }
    return new Schema(fields);
  }

  /** What one key's values were in the sample. */
  private static final class Guess {
    final String name;
    final TypeGuess strings;
    boolean integers;
    boolean floats;
    boolean booleans;
    boolean text;
    boolean nested;

    Guess(String name, FileOptions options) {
      this.name = name;
      this.strings = new TypeGuess(options.timestampFormat(), options.dateFormat());
    }

    void add(JsonParser parser, JsonToken value) throws IOException {
      switch (value) {
        case VALUE_NUMBER_INT -> integers = true;
        case VALUE_NUMBER_FLOAT -> floats = true;
        case VALUE_TRUE, VALUE_FALSE -> booleans = true;
        case VALUE_STRING -> {
          text = true;
          strings.add(parser.getText());
        }
        case START_OBJECT, START_ARRAY -> {
          nested = true;
          parser.skipChildren();
        }
        default -> {}
      }
    }

    ArrowType type() {
      int kinds = (integers || floats ? 1 : 0) + (booleans ? 1 : 0) + (text ? 1 : 0);
      if (nested || kinds > 1 || kinds == 0) {
        return ColumnType.VARCHAR.arrowType();
      }
      if (booleans) {
        return ColumnType.BOOLEAN.arrowType();
      }
      if (text) {
        return strings.type();
      }
      return floats ? ColumnType.DOUBLE.arrowType() : ColumnType.BIGINT.arrowType();
    }
  }
}
