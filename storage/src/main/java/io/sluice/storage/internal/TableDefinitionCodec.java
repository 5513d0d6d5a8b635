package io.sluice.storage.internal;

import io.sluice.storage.ColumnType;
import io.sluice.storage.Compression;
import io.sluice.storage.TableDefinition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The catalog value of a table: its id and definition, in a small versioned binary format (see
 * docs/storage.md) rather than Arrow's JSON, so it depends only on the types Sluice supports.
 */
public final class TableDefinitionCodec {

  private static final int VERSION = 1;

  private TableDefinitionCodec() {}

  /**
   * @param tableId the table's id
   * @param definition the definition
   * @return the catalog value
   */
  public static byte[] encode(long tableId, TableDefinition definition) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(tableId);
      out.writeUTF(definition.name());
      out.writeInt(definition.shardCount());
      out.writeBoolean(definition.distributionKey() != null);
      if (definition.distributionKey() != null) {
        out.writeUTF(definition.distributionKey());
      }
      out.writeInt(definition.chunkRows());
      out.writeByte(definition.compression().id());
      List<Field> fields = definition.schema().getFields();
      out.writeInt(fields.size());
      for (Field field : fields) {
        ColumnType type = ColumnType.of(field);
        out.writeUTF(field.getName());
        out.writeUTF(type.name());
        out.writeBoolean(field.isNullable());
        if (type == ColumnType.DECIMAL) {
          ArrowType.Decimal decimal = (ArrowType.Decimal) field.getType();
          out.writeByte(decimal.getPrecision());
          out.writeByte(decimal.getScale());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * @param value a catalog value
   * @return the table id it holds
   * @throws IOException if the value is truncated
   * @throws IllegalArgumentException if it holds something this build does not know
   */
  public static long decodeId(byte[] value) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(value));
    checkVersion(in.readUnsignedByte());
    return in.readLong();
  }

  /**
   * @param value a catalog value
   * @return the definition it holds
   * @throws IOException if the value is truncated
   * @throws IllegalArgumentException if it holds something this build does not know
   */
  public static TableDefinition decode(byte[] value) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(value));
    checkVersion(in.readUnsignedByte());
    in.readLong();
    String name = in.readUTF();
    int shards = in.readInt();
    String key = in.readBoolean() ? in.readUTF() : null;
    int chunkRows = in.readInt();
    Compression compression = Compression.fromId(in.readUnsignedByte());
    int count = in.readInt();
    if (count < 1 || count > 100_000) {
      throw new IllegalArgumentException("column count " + count + " is out of range");
    }
    List<Field> fields = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String column = in.readUTF();
      ColumnType type = ColumnType.valueOf(in.readUTF());
      boolean nullable = in.readBoolean();
      ArrowType arrowType =
          type == ColumnType.DECIMAL
              ? ColumnType.decimal(in.readUnsignedByte(), in.readUnsignedByte())
              : type.arrowType();
      fields.add(ColumnType.field(column, arrowType, nullable));
    }
    if (in.available() != 0) {
      throw new IllegalArgumentException(in.available() + " unexpected trailing bytes");
    }
    return new TableDefinition(name, new Schema(fields), shards, key, chunkRows, compression);
  }

  private static void checkVersion(int version) {
    if (version != VERSION) {
      throw new IllegalArgumentException("unknown table definition version " + version);
    }
  }
}
