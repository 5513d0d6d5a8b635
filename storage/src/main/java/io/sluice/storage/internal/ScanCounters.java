package io.sluice.storage.internal;

import io.sluice.storage.ScanStatistics;
import java.util.concurrent.atomic.LongAdder;

/** Counts what a scan does; shared by the shard scans of one parallel scan, so thread-safe. */
final class ScanCounters {

  final LongAdder shards = new LongAdder();
  final LongAdder chunksTotal = new LongAdder();
  final LongAdder chunksSkipped = new LongAdder();
  final LongAdder chunksRead = new LongAdder();
  final LongAdder columnValuesRead = new LongAdder();
  final LongAdder bytesRead = new LongAdder();
  final LongAdder rowsRead = new LongAdder();
  final LongAdder rowsReturned = new LongAdder();

  ScanStatistics snapshot() {
    return new ScanStatistics(
        shards.intValue(),
        chunksTotal.sum(),
        chunksSkipped.sum(),
        chunksRead.sum(),
        columnValuesRead.sum(),
        bytesRead.sum(),
        rowsRead.sum(),
        rowsReturned.sum());
  }
}
