package io.sluice.sql.exec;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Computes a {@link PartialAggregate} over the batches of one shard task: numbers groups, updates
 * every call's state column by column, and at the end writes one row per group (keys, then one
 * partial result per call).
 */
final class HashAggregator implements AutoCloseable {
  private final PartialAggregate spec;
  private final List<Field> outputFields;
  private final List<ExprType> outputTypes;
  private final GroupTable groups;
  private final Accumulator[] accumulators;
  private final WasmAggregateCall.States[] wasmStates;

  HashAggregator(
      PartialAggregate spec,
      List<ExprType> inputTypes,
      List<Field> outputFields,
      List<ExprType> outputTypes,
      QueryContext q) {
    this.spec = spec;
    this.outputFields = outputFields;
    this.outputTypes = outputTypes;
    this.groups = new GroupTable(spec.groupKeys().length);
    this.accumulators = new Accumulator[spec.calls().size()];
    this.wasmStates = new WasmAggregateCall.States[spec.calls().size()];
    try {
      for (int c = 0; c < accumulators.length; c++) {
        PartialAggregate.Call call = spec.calls().get(c);
        if (call.kind() == PartialAggregate.Kind.WASM) {
          wasmStates[c] = call.wasm().start(q);
        } else {
          Lane lane =
              call.arguments().length == 0 ? Lane.LONG : inputTypes.get(call.arguments()[0]).lane();
          accumulators[c] = Accumulator.of(call.kind(), lane);
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * @param batch the fragment's columns for one batch
   * @param vectors the same columns as Arrow vectors, or null when only computed (wasm calls then
   *     get vectors made from the columns)
   * @param allocator for vectors made for wasm calls
   */
  void add(List<Column> batch, List<FieldVector> vectors, BufferAllocator allocator) {
    if (batch.isEmpty() && spec.groupKeys().length == 0 && vectors == null) {
      return;
    }
    int rows = batch.isEmpty() ? 0 : batch.get(0).rows;
    if (rows == 0) {
      return;
    }
    List<Column> keys = new ArrayList<>();
    for (int key : spec.groupKeys()) {
      keys.add(batch.get(key));
    }
    int[] assigned = groups.assign(keys, rows);
    int groupCount = groups.size();
    for (int c = 0; c < accumulators.length; c++) {
      PartialAggregate.Call call = spec.calls().get(c);
      if (accumulators[c] != null) {
        Column input = call.arguments().length == 0 ? batch.get(0) : batch.get(call.arguments()[0]);
        accumulators[c].update(assigned, groupCount, input, rows);
      } else {
        List<FieldVector> arguments = new ArrayList<>();
        for (int argument : call.arguments()) {
          arguments.add(vectors.get(argument));
        }
        wasmStates[c].update(assigned, groupCount, arguments, rows);
      }
    }
  }

  /**
   * @param allocator where the result's memory comes from
   * @return one row per group, or null when there were no rows
   */
  VectorSchemaRoot finish(BufferAllocator allocator) {
    int groupCount = groups.size();
    if (groupCount == 0) {
      return null;
    }
    List<FieldVector> vectors = new ArrayList<>();
    try {
      int[] keys = spec.groupKeys();
      for (int k = 0; k < keys.length; k++) {
        Field field = outputFields.get(k);
        Lane lane = outputTypes.get(k).lane();
        vectors.add(Columns.toVector(groups.keyColumn(k, lane), field, allocator));
      }
      for (int c = 0; c < accumulators.length; c++) {
        Field field = outputFields.get(keys.length + c);
        if (accumulators[c] != null) {
          vectors.add(Columns.toVector(accumulators[c].result(groupCount), field, allocator));
        } else {
          vectors.add(wasmStates[c].serialize(groupCount, allocator));
        }
      }
      VectorSchemaRoot root = new VectorSchemaRoot(outputFields, vectors, groupCount);
      return root;
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
  }

  @Override
  public void close() {
    for (WasmAggregateCall.States states : wasmStates) {
      if (states != null) {
        states.close();
      }
    }
  }
}
