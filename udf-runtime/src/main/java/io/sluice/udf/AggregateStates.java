package io.sluice.udf;

import io.sluice.wasidata.FunctionDescriptor;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The states of a wasm aggregate for a number of groups, living in one session's instance: what a
 * shard folds its rows into and serializes, and what the coordinator merges shards' serialized
 * states into and finishes (ABI.md section 5.4).
 *
 * <pre>{@code
 * // on each shard
 * try (UdfSession s = histogram.session(); AggregateStates states = s.aggregate()) {
 *   for (VectorSchemaRoot batch : batches) states.update(batch, groupIdsOf(batch));
 *   return states.serialize(allocator);                    // one value per group, portable
 * }
 * // on the coordinator
 * try (UdfSession s = histogram.session(); AggregateStates states = s.aggregate()) {
 *   for (VarBinaryVector partial : partials) states.merge(partial, groupIdsOf(partial));
 *   return states.finish(allocator);                       // one result per group
 * }
 * }</pre>
 *
 * <p>Groups are numbered from 0; {@link #update} and {@link #merge} create the groups they name.
 * The states die with {@link #close()}, with their session, or when a call in the session fails
 * (the instance holding them is then discarded); using them afterwards throws {@link
 * IllegalStateException}. Not thread-safe, like the session.
 */
public final class AggregateStates implements AutoCloseable {

  private static final int[] NONE = new int[0];

  private final UdfSession session;
  private final FunctionDescriptor descriptor;
  private final int generation;
  private int[] handles = NONE;
  private int groups;
  private boolean closed;

  AggregateStates(UdfSession session, int generation) {
    this.session = session;
    this.descriptor = session.function().descriptor();
    this.generation = generation;
  }

  /**
   * @return how many groups have a state
   */
  public int groupCount() {
    return groups;
  }

  /**
   * Creates empty states up to {@code count} groups ({@code p_init}).
   *
   * @param count the number of groups wanted
   * @throws UdfException when the guest fails
   */
  public void ensureGroups(int count) {
    requireUsable();
    if (count <= groups) {
      return;
    }
    int add = count - groups;
    int[] created = session.call(false, 0, guest -> guest.aggregateInit(descriptor, add));
    if (handles.length < count) {
      handles = Arrays.copyOf(handles, Math.max(count, handles.length * 2));
    }
    System.arraycopy(created, 0, handles, groups, add);
    groups = count;
  }

  /**
   * Folds a batch into one group, group 0 (a plain {@code SELECT agg(x) FROM t}).
   *
   * @param batch the arguments, one column per argument, in order
   * @throws UdfException when the guest fails
   */
  public void update(VectorSchemaRoot batch) {
    int[] zeros = new int[batch.getRowCount()];
    update(batch.getFieldVectors(), batch.getRowCount(), zeros);
  }

  /**
   * Folds a batch into the groups its rows belong to ({@code p_update}).
   *
   * @param batch the arguments, one column per argument, in order
   * @param groupIds for each row, its group (from 0); groups not yet created are
   * @throws UdfException when the guest fails
   */
  public void update(VectorSchemaRoot batch, int[] groupIds) {
    update(batch.getFieldVectors(), batch.getRowCount(), groupIds);
  }

  /**
   * Folds a batch given as argument vectors into the groups its rows belong to.
   *
   * @param args one vector per argument, each of {@code rows} values
   * @param rows the batch's rows
   * @param groupIds for each row, its group (from 0)
   * @throws UdfException when the guest fails
   * @throws IllegalArgumentException when {@code groupIds} does not have {@code rows} entries
   */
  public void update(List<? extends FieldVector> args, int rows, int[] groupIds) {
    int[] states = statesOf(groupIds, rows);
    session.call(
        true,
        rows,
        guest -> {
          guest.aggregateUpdate(descriptor, states, args, rows);
          return null;
        });
  }

  /**
   * Serializes every group's state ({@code p_serialize}): portable bytes that another instance,
   * process or node can {@link #merge}.
   *
   * @param allocator where the result is allocated
   * @return one value per group, in group order; the caller owns and closes it
   * @throws UdfException when the guest fails or returns an invalid array
   */
  public VarBinaryVector serialize(BufferAllocator allocator) {
    requireUsable();
    int[] states = Arrays.copyOf(handles, groups);
    return session.call(false, 0, guest -> guest.aggregateSerialize(descriptor, states, allocator));
  }

  /**
   * Merges serialized partial states into groups: each is deserialized into a temporary state
   * ({@code p_deserialize}), folded into its group ({@code p_merge}) and destroyed.
   *
   * @param partials serialized states, from {@link #serialize} of this module anywhere
   * @param groupIds for each partial state, the group it merges into (from 0)
   * @throws UdfException when the guest fails
   * @throws IllegalArgumentException when {@code groupIds} does not have one entry per partial
   */
  public void merge(VarBinaryVector partials, int[] groupIds) {
    int n = partials.getValueCount();
    int[] targets = statesOf(groupIds, n);
    session.call(
        true,
        n,
        guest -> {
          int[] sources = guest.aggregateDeserialize(descriptor, partials);
          guest.aggregateMerge(descriptor, targets, sources);
          guest.aggregateDestroy(descriptor, sources);
          return null;
        });
  }

  /**
   * Computes every group's result ({@code p_finish}).
   *
   * @param allocator where the result is allocated
   * @return one value of the declared type per group, in group order; the caller owns and closes it
   * @throws UdfException when the guest fails or returns an invalid array
   */
  public FieldVector finish(BufferAllocator allocator) {
    requireUsable();
    int[] states = Arrays.copyOf(handles, groups);
    return session.call(false, 0, guest -> guest.aggregateFinish(descriptor, states, allocator));
  }

  /** Frees the states in the guest ({@code p_destroy}); nothing to do if they are gone already. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    session.forget(this);
    if (groups > 0 && session.holds(generation)) {
      int[] states = Arrays.copyOf(handles, groups);
      session.call(
          false,
          0,
          guest -> {
            guest.aggregateDestroy(descriptor, states);
            return null;
          });
    }
  }

  private int[] statesOf(int[] groupIds, int rows) {
    if (groupIds.length != rows) {
      throw new IllegalArgumentException(
          "groupIds has " + groupIds.length + " entries for " + rows + " rows");
    }
    int max = -1;
    for (int group : groupIds) {
      if (group < 0) {
        throw new IllegalArgumentException("group ids start at 0, got " + group);
      }
      max = Math.max(max, group);
    }
    ensureGroups(max + 1);
    int[] states = new int[rows];
    for (int i = 0; i < rows; i++) {
      states[i] = handles[groupIds[i]];
    }
    return states;
  }

  private void requireUsable() {
    if (closed) {
      throw new IllegalStateException(
          "these aggregate states of " + descriptor.name() + " are closed");
    }
    if (!session.holds(generation)) {
      throw new IllegalStateException(
          "the aggregate states of "
              + descriptor.name()
              + " are gone: a call in their session failed and its instance was discarded");
    }
  }
}
