package io.sluice.sql.function;

import io.sluice.sql.exec.QueryContext;
import io.sluice.sql.exec.WasmAggregateCall;
import io.sluice.sql.plan.ShardAggregatable;
import io.sluice.udf.AggregateStates;
import io.sluice.udf.UdfSession;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.calcite.adapter.enumerable.AggImplementor;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.AggregateFunction;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableAggFunction;
import org.apache.calcite.sql.SqlAggFunction;

/**
 * A wasm aggregate as Calcite sees it. Pushed down, it runs in two phases: per-group states on
 * every shard, updated batch by batch and serialized ({@link #shardCall()}, {@link
 * #partialFunction()}), then merged and finished on the coordinator ({@link #mergeFunction()}).
 * Where it cannot be pushed, the coordinator folds each group's rows itself.
 */
public final class WasmAggregateFunction
    implements WasmFunction, AggregateFunction, ImplementableAggFunction, ShardAggregatable {
  private final WasmFunctionVersion version;
  private final ShardCall shardCall;
  private SqlAggFunction partial;
  private SqlAggFunction merge;

  /**
   * @param version the aggregate version queries planned now will use
   */
  public WasmAggregateFunction(WasmFunctionVersion version) {
    this.version = version;
    this.shardCall = new ShardCall(version);
    FunctionHandles.register(version);
  }

  @Override
  public WasmFunctionVersion version() {
    return version;
  }

  @Override
  public List<FunctionParameter> getParameters() {
    return WasmParameters.of(version.definition().descriptor());
  }

  @Override
  public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
    return WasmTypes.toRelType(version.definition().descriptor().resultType(), typeFactory);
  }

  @Override
  public AggImplementor getImplementor(boolean windowContext) {
    if (windowContext) {
      throw new UnsupportedOperationException(
          "aggregate " + version.name() + " cannot be used as a window function");
    }
    return new WasmAggImplementor(version.id(), false);
  }

  @Override
  public WasmAggregateCall shardCall() {
    return shardCall;
  }

  @Override
  public synchronized SqlAggFunction partialFunction() {
    if (partial == null) {
      partial = new WasmPartialAggFunction(this);
    }
    return partial;
  }

  @Override
  public synchronized SqlAggFunction mergeFunction() {
    if (merge == null) {
      merge = WasmMergeFunction.operator(version);
    }
    return merge;
  }

  /** The shard half: the query's session of this thread holds the states of a shard task. */
  private static final class ShardCall implements WasmAggregateCall {
    private final WasmFunctionVersion version;

    ShardCall(WasmFunctionVersion version) {
      this.version = version;
    }

    @Override
    public String name() {
      return version.name();
    }

    @Override
    public AutoCloseable pin() {
      return Pins.pin(version);
    }

    @Override
    public States start(QueryContext query) {
      UdfSession session = ShardSessions.session(query, version);
      AggregateStates states = session.aggregate();
      return new States() {
        @Override
        public void update(int[] groups, int groupCount, List<FieldVector> arguments, int rows) {
          states.ensureGroups(groupCount);
          states.update(arguments, rows, groups);
        }

        @Override
        public VarBinaryVector serialize(int groupCount, BufferAllocator allocator) {
          states.ensureGroups(groupCount);
          return states.serialize(allocator);
        }

        @Override
        public void close() {
          states.close();
        }
      };
    }
  }
}
