package io.sluice.sql.exec;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.TransferPair;

/** Small operations on whole Arrow vectors used by shard fragments. */
final class Vectors {
  private Vectors() {}

  /**
   * @param vectors input vectors; a null stays null (a column nothing reads)
   * @param selection rows to keep, increasing
   * @param count how many rows of {@code selection} to keep
   * @param allocator where the new vectors' memory comes from
   * @return new vectors holding only the selected rows, owned by the caller
   */
  static List<FieldVector> select(
      List<FieldVector> vectors, int[] selection, int count, BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(vectors.size());
    try {
      for (FieldVector from : vectors) {
        if (from == null) {
          out.add(null);
          continue;
        }
        FieldVector to = from.getField().createVector(allocator);
        out.add(to);
        to.setInitialCapacity(count);
        to.allocateNew();
        for (int i = 0; i < count; i++) {
          to.copyFromSafe(selection[i], i, from);
        }
        to.setValueCount(count);
      }
      return out;
    } catch (RuntimeException e) {
      close(out);
      throw e;
    }
  }

  /**
   * @param vectors vectors, some perhaps null
   * @param start the first row of the slice
   * @param length its rows
   * @param allocator where the slices' memory comes from
   * @return new vectors holding rows {@code start} to {@code start + length} (sharing buffers where
   *     Arrow can), owned by the caller; null where the input was null
   */
  static List<FieldVector> slice(
      List<FieldVector> vectors, int start, int length, BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(vectors.size());
    try {
      for (FieldVector from : vectors) {
        if (from == null) {
          out.add(null);
          continue;
        }
        org.apache.arrow.vector.util.TransferPair pair = from.getTransferPair(allocator);
        pair.splitAndTransfer(start, length);
        out.add((FieldVector) pair.getTo());
      }
      return out;
    } catch (RuntimeException e) {
      close(out);
      throw e;
    }
  }

  /**
   * @param vectors vectors to close; nulls are skipped
   */
  static void close(List<FieldVector> vectors) {
    for (FieldVector vector : vectors) {
      if (vector != null) {
        vector.close();
      }
    }
  }

  /**
   * Moves a vector's buffers, and their accounting, to another allocator; the source is left empty.
   * Used to hand a scan's batch to the coordinator without copying it: the scan's own allocator
   * closes when the shard is done, so the buffers must not stay accounted to it.
   *
   * @param vector a vector whose buffers may be taken
   * @param allocator the allocator the result is accounted to
   * @return a vector owning the buffers, owned by the caller
   */
  static FieldVector take(FieldVector vector, BufferAllocator allocator) {
    TransferPair pair = vector.getTransferPair(vector.getField(), allocator);
    pair.transfer();
    return (FieldVector) pair.getTo();
  }

  /**
   * @param vector a vector
   * @param allocator where the copy's memory comes from
   * @return a copy of it, owned by the caller
   */
  static FieldVector copy(FieldVector vector, BufferAllocator allocator) {
    int count = vector.getValueCount();
    int[] all = new int[count];
    for (int i = 0; i < count; i++) {
      all[i] = i;
    }
    return select(List.of(vector), all, count, allocator).get(0);
  }

  /**
   * @param vectors vectors
   * @return the bytes their buffers hold
   */
  static long bytes(List<FieldVector> vectors) {
    long bytes = 0;
    for (FieldVector vector : vectors) {
      bytes += vector.getBufferSize();
    }
    return bytes;
  }
}
