package io.sluice.storage.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an unfinished bulk load may have written, kept durably in the catalog family while it runs:
 * the table's id, whether the load creates the table, and the blocks of chunk ids it reserved per
 * shard. Column values of a load are invisible until its commit writes their chunk headers, and the
 * commit deletes the marker in the same write; so a marker found when the store opens names exactly
 * the keys of a load that never committed, which are then deleted.
 *
 * <pre>
 * u8 version (1) | u64 tableId | bool newTable | i32 blockCount
 * | per block: i32 shard | u64 firstChunkId | u64 chunkCount
 * </pre>
 *
 * @param loadId the load's id, unique in the store
 * @param tableId the table the load writes into
 * @param newTable whether the load creates the table when it commits
 * @param blocks the chunk ids reserved so far
 */
public record LoadMarker(String loadId, long tableId, boolean newTable, List<Block> blocks) {
  private static final int VERSION = 1;

  /**
   * Chunk ids {@code first} to {@code first + count - 1} of one shard, reserved by the load.
   *
   * @param shard the shard
   * @param first the first reserved chunk id
   * @param count how many ids
   */
  public record Block(int shard, long first, long count) {}

  /**
   * @param loadId the load's id
   * @param tableId the table's id
   * @param newTable whether the load creates the table
   * @param blocks the reserved blocks
   */
  public LoadMarker {
    blocks = List.copyOf(blocks);
  }

  /**
   * @param block a block reserved now
   * @return this marker with the block added
   */
  LoadMarker with(Block block) {
    List<Block> more = new ArrayList<>(blocks);
    more.add(block);
    return new LoadMarker(loadId, tableId, newTable, more);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(tableId);
      out.writeBoolean(newTable);
      out.writeInt(blocks.size());
      for (Block block : blocks) {
        out.writeInt(block.shard());
        out.writeLong(block.first());
        out.writeLong(block.count());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static LoadMarker decode(String loadId, byte[] value) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IOException("unknown load marker version " + version);
      }
      long tableId = in.readLong();
      boolean newTable = in.readBoolean();
      int count = in.readInt();
      if (count < 0 || count > value.length) {
        throw new IOException("bad block count " + count);
      }
      List<Block> blocks = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        blocks.add(new Block(in.readInt(), in.readLong(), in.readLong()));
      }
      return new LoadMarker(loadId, tableId, newTable, blocks);
    }
  }
}
