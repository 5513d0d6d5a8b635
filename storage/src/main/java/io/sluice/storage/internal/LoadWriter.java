package io.sluice.storage.internal;

import io.sluice.storage.AppendResult;
import io.sluice.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileWriter;
import org.rocksdb.WriteBatch;

/**
 * Writes a bulk load: rows are gathered into full chunks per shard (so small batches still make
 * chunks of the table's chunk size), each chunk's column values go into one SST file per shard in a
 * staging directory, and its header is kept in memory. Nothing is visible until {@link #commit()}
 * moves the files into RocksDB and writes every header in one fsynced batch; a crash before that
 * leaves a {@link LoadMarker} from which the next open deletes what was written.
 *
 * <p>One thread appends and commits; append, commit and close are synchronized only so that a store
 * closing meanwhile abandons the load between two of its calls, never inside RocksDB's file writer.
 * Big class on purpose: the chunking, file and marker bookkeeping of one load belong together.
 */
public final class LoadWriter implements AutoCloseable {

  /** Chunk ids reserved per shard at a time; each reservation is one fsynced marker write. */
  static final int CHUNK_ID_BLOCK = 1024;

  /** An SST file is closed and a new one started past this size. */
  static final long MAX_FILE_BYTES = 256L << 20;

  private enum State {
    OPEN,
    COMMITTED,
    ABORTED
  }

  private final Catalog catalog;
  private final RocksDbDatabase database;
  private final TableState table;
  private final boolean replace;
  private final Path staging;
  private final BufferAllocator allocator;
  private final String operation;
  private final int shards;
  private final int chunkRows;
  private final List<Field> fields;
  private final ByteBuffer key = ByteBuffer.allocateDirect(Keys.COLUMN_KEY_BYTES);

  private LoadMarker marker;
  private final long[] nextId;
  private final long[] blockEnd;
  private final VectorSchemaRoot[] pending;
  private final int[] pendingRows;
  private final SstFileWriter[] writers;
  private final long[] fileBytes;
  private final int[] fileCount;
  private final List<Path> files = new ArrayList<>();
  private final List<byte[][]> headers = new ArrayList<>();
  private long rows;
  private long bytes;
  private int chunks;
  private State state = State.OPEN;

  /**
   * @param catalog the store's catalog
   * @param database the store's database
   * @param table the table loaded into (a detached state for a table the load creates)
   * @param marker the load's marker as recorded so far
   * @param replace for a new table: whether the commit drops a table of the same name
   * @param staging an empty directory of the load's own for its files
   * @param allocator where chunks being gathered live
   */
  LoadWriter(
      Catalog catalog,
      RocksDbDatabase database,
      TableState table,
      LoadMarker marker,
      boolean replace,
      Path staging,
      BufferAllocator allocator) {
    this.catalog = catalog;
    this.database = database;
    this.table = table;
    this.marker = marker;
    this.replace = replace;
    this.staging = staging;
    this.operation = "loading table '" + table.name() + "'";
    this.allocator = allocator.newChildAllocator(operation, 0, Long.MAX_VALUE);
    this.shards = table.definition().shardCount();
    this.chunkRows = table.definition().chunkRows();
    this.fields = table.definition().schema().getFields();
    this.nextId = new long[shards];
    this.blockEnd = new long[shards];
    this.pending = new VectorSchemaRoot[shards];
    this.pendingRows = new int[shards];
    this.writers = new SstFileWriter[shards];
    this.fileBytes = new long[shards];
    this.fileCount = new int[shards];
  }

  /**
   * Starts a load into an existing table.
   *
   * @param catalog the store's catalog
   * @param database the store's database
   * @param table the table
   * @param loads the store's staging directory for loads
   * @param allocator the parent of the load's allocator
   * @return the writer
   */
  public static LoadWriter into(
      Catalog catalog,
      RocksDbDatabase database,
      TableState table,
      Path loads,
      BufferAllocator allocator) {
    table.checkNotDropped();
    String id = LoadIds.next();
    LoadMarker marker = new LoadMarker(id, table.id(), false, List.of());
    return new LoadWriter(catalog, database, table, marker, false, staging(loads, id), allocator);
  }

  /**
   * Starts a load that creates its table when it commits.
   *
   * @param catalog the store's catalog
   * @param database the store's database
   * @param definition the table to create
   * @param replace whether the commit drops a table of that name (otherwise it fails if one exists)
   * @param loads the store's staging directory for loads
   * @param allocator the parent of the load's allocator
   * @return the writer
   */
  public static LoadWriter creating(
      Catalog catalog,
      RocksDbDatabase database,
      io.sluice.storage.TableDefinition definition,
      boolean replace,
      Path loads,
      BufferAllocator allocator) {
    String id = LoadIds.next();
    Path staging = staging(loads, id);
    LoadMarker marker = catalog.startNewTableLoad(id);
    TableState state = new TableState(marker.tableId(), definition);
    return new LoadWriter(catalog, database, state, marker, replace, staging, allocator);
  }

  private static Path staging(Path loads, String id) {
    try {
      return Files.createDirectories(loads.resolve(id));
    } catch (IOException e) {
      throw new StorageException("cannot create the staging directory of a load in " + loads, e);
    }
  }

  /**
   * @return the table loaded into
   */
  public TableState table() {
    return table;
  }

  /**
   * @return rows appended so far
   */
  public long rows() {
    return rows + pendingTotal();
  }

  /**
   * @return bytes of column values written to staging files so far
   */
  public long bytesWritten() {
    return bytes;
  }

  private long pendingTotal() {
    long total = 0;
    for (int count : pendingRows) {
      total += count;
    }
    return total;
  }

  /**
   * Adds a batch. Full chunks are written to staging files at once; the rest waits for more rows.
   *
   * @param batch rows with the table's schema; read, never modified
   */
  public synchronized void append(VectorSchemaRoot batch) {
    checkOpen();
    BatchValidator.validate(table, batch);
    int count = batch.getRowCount();
    if (count == 0) {
      return;
    }
    try {
      if (table.distributionColumn() >= 0 && shards > 1) {
        try (ShardPartitioner partition = ShardPartitioner.partition(table, batch, allocator)) {
          for (ChunkSlice slice : partition.slices()) {
            accept(slice.shard(), slice.rows(), slice.start(), slice.count());
          }
        }
      } else {
        // Round-robin tables gather rows in one buffer; a full chunk goes to the next shard. A
        // slice of at least half a chunk is a chunk by itself, written without a copy: sources
        // rarely cut batches at chunk boundaries (Parquet row groups of 122,880 rows, say).
        for (int start = 0; start < count; ) {
          int remaining = count - start;
          if (pendingRows[0] == 0 && remaining >= chunkRows / 2) {
            int take = Math.min(chunkRows, remaining);
            writeChunk(0, batch, start, take);
            start += take;
            continue;
          }
          int take = Math.min(chunkRows - pendingRows[0], remaining);
          accept(0, batch, start, take);
          start += take;
        }
      }
    } catch (RocksDBException e) {
      throw database.failure(operation, e);
    }
  }

  private void accept(int slot, VectorSchemaRoot rows, int start, int count)
      throws RocksDBException {
    if (pendingRows[slot] == 0 && count == chunkRows) {
      writeChunk(slot, rows, start, count);
      return;
    }
    int at = 0;
    while (at < count) {
      if (pending[slot] == null) {
        pending[slot] = VectorSchemaRoot.create(table.definition().schema(), allocator);
        pending[slot].allocateNew();
      }
      int take = Math.min(chunkRows - pendingRows[slot], count - at);
      RowCopier.copy(rows, start + at, take, pending[slot], pendingRows[slot]);
      pendingRows[slot] += take;
      at += take;
      if (pendingRows[slot] == chunkRows) {
        flushPending(slot);
      }
    }
  }

  private void flushPending(int slot) throws RocksDBException {
    VectorSchemaRoot full = pending[slot];
    int count = pendingRows[slot];
    full.setRowCount(count);
    try {
      writeChunk(slot, full, 0, count);
    } finally {
      full.close();
      pending[slot] = null;
      pendingRows[slot] = 0;
    }
  }

  private void writeChunk(int slot, VectorSchemaRoot rows, int start, int count)
      throws RocksDBException {
    int shard =
        table.distributionColumn() >= 0 && shards > 1
            ? slot
            : (int) Math.floorMod(table.roundRobin().getAndIncrement(), (long) shards);
    long chunkId = nextChunkId(shard);
    SstFileWriter writer = writer(shard);
    int[] valueBytes = new int[fields.size()];
    ColumnStatistics[] statistics = new ColumnStatistics[fields.size()];
    for (int column = 0; column < fields.size(); column++) {
      FieldVector vector = rows.getVector(column);
      statistics[column] = StatisticsCollector.collect(vector, table.type(column), start, count);
      try (ArrowBuf value =
          ColumnChunkEncoder.encode(
              vector,
              table.type(column),
              start,
              count,
              statistics[column].nullCount(),
              table.definition().compression(),
              allocator)) {
        if (value.writerIndex() > Integer.MAX_VALUE - 64) {
          throw new StorageException(
              "table '"
                  + table.name()
                  + "': column '"
                  + fields.get(column).getName()
                  + "' of one chunk is over 2 GiB; define the table with fewer chunk rows");
        }
        valueBytes[column] = (int) value.writerIndex();
        Keys.column(key, table.id(), shard, chunkId, column);
        writer.put(key, value.nioBuffer(0, valueBytes[column]));
        fileBytes[shard] += valueBytes[column];
        bytes += valueBytes[column];
      }
    }
    byte[] header =
        ChunkHeaderCodec.encode(new ChunkHeader(chunkId, count, valueBytes, statistics), fields);
    headers.add(new byte[][] {Keys.chunkHeader(table.id(), shard, chunkId), header});
    bytes += header.length;
    chunks++;
    this.rows += count;
    if (fileBytes[shard] >= MAX_FILE_BYTES) {
      finishFile(shard);
    }
  }

  private long nextChunkId(int shard) {
    if (nextId[shard] == blockEnd[shard]) {
      long first = table.reserveChunkIds(shard, CHUNK_ID_BLOCK, database);
      marker = marker.with(new LoadMarker.Block(shard, first, CHUNK_ID_BLOCK));
      // Durable before any key of the block is written, so a crash never leaves keys unnamed.
      catalog.recordLoad(marker);
      nextId[shard] = first;
      blockEnd[shard] = first + CHUNK_ID_BLOCK;
    }
    return nextId[shard]++;
  }

  private SstFileWriter writer(int shard) {
    if (writers[shard] == null) {
      Path file = staging.resolve("shard-" + shard + "-" + fileCount[shard]++ + ".sst");
      writers[shard] = database.openColumnFile(file, operation);
      files.add(file);
      fileBytes[shard] = 0;
    }
    return writers[shard];
  }

  private void finishFile(int shard) throws RocksDBException {
    SstFileWriter writer = writers[shard];
    if (writer != null) {
      writers[shard] = null;
      try {
        writer.finish();
      } finally {
        writer.close();
      }
    }
  }

  /**
   * Writes the rows still gathered as (smaller) chunks, then makes every row of the load visible at
   * once: the staging files move into RocksDB and one fsynced write adds the chunk headers (and the
   * table, for a load that creates it) and deletes the load's marker. On failure nothing of the
   * load is visible and what it wrote is deleted.
   *
   * @return what the load wrote
   * @throws io.sluice.storage.TableExistsException if the load creates a table whose name was taken
   *     meanwhile (and it does not replace)
   * @throws io.sluice.storage.TableNotFoundException if the table was dropped meanwhile
   */
  public synchronized AppendResult commit() {
    checkOpen();
    try {
      for (int slot = 0; slot < shards; slot++) {
        if (pendingRows[slot] > 0) {
          flushPending(slot);
        }
      }
      for (int shard = 0; shard < shards; shard++) {
        finishFile(shard);
      }
      // The catalog's monitor before the table's lock, in the order drop, rename and replace take
      // them: the other order deadlocks against a concurrent DROP of the table.
      synchronized (catalog) {
        Lock lock = table.lockForAppend();
        try (WriteBatch batch = database.newBatch()) {
          database.ingest(RocksDbDatabase.Family.COLUMNS, files, operation);
          for (byte[][] header : headers) {
            batch.put(database.handle(RocksDbDatabase.Family.CHUNKS), header[0], header[1]);
          }
          catalog.commitLoad(marker, table, replace, batch);
          if (!marker.newTable()) {
            table.addRows(rows);
          }
          state = State.COMMITTED;
        } finally {
          lock.unlock();
        }
      }
      return new AppendResult(rows, chunks, bytes);
    } catch (RocksDBException e) {
      abort();
      throw database.failure(operation, e);
    } catch (RuntimeException | Error e) {
      try {
        abort();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      releaseMemory();
      deleteStaging();
    }
  }

  private void checkOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("the load into table '" + table.name() + "' is " + state);
    }
  }

  private void abort() {
    if (state != State.OPEN) {
      return;
    }
    state = State.ABORTED;
    for (int shard = 0; shard < shards; shard++) {
      if (writers[shard] != null) {
        writers[shard].close();
        writers[shard] = null;
      }
    }
    if (database.isOpen()) {
      catalog.abortLoad(marker);
    }
  }

  /** Abandons the load unless it committed: nothing of it becomes visible. Idempotent. */
  @Override
  public synchronized void close() {
    try {
      abort();
    } finally {
      releaseMemory();
      deleteStaging();
    }
  }

  private boolean released;

  private void releaseMemory() {
    if (released) {
      return;
    }
    released = true;
    for (int slot = 0; slot < shards; slot++) {
      if (pending[slot] != null) {
        pending[slot].close();
        pending[slot] = null;
        pendingRows[slot] = 0;
      }
    }
    allocator.close();
  }

  private void deleteStaging() {
    deleteTree(staging);
  }

  /**
   * Deletes a directory and everything in it, best effort (a file left behind is deleted when the
   * store next opens).
   *
   * @param directory the directory
   */
  public static void deleteTree(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }
}
