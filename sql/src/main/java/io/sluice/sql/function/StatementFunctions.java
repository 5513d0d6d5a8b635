package io.sluice.sql.function;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * The wasm function versions one statement calls, found in its plan once, when it is prepared, and
 * pinned for as long as each execution runs: a CREATE OR REPLACE or DROP that lands while the
 * statement runs waits for nothing and changes nothing the statement sees, however late in the
 * execution a function is first called (the second input of a UNION, the final merge of an
 * aggregate, a row the client fetches minutes later).
 */
public final class StatementFunctions {
  /** A statement that calls no wasm function. */
  public static final StatementFunctions NONE = new StatementFunctions(Set.of());

  private final Set<WasmFunctionVersion> versions;

  private StatementFunctions(Set<WasmFunctionVersion> versions) {
    this.versions = versions;
  }

  /**
   * @param plans the statement's logical plans (as converted from SQL), subqueries included
   * @return the versions of every wasm scalar, table and aggregate function they call
   */
  public static StatementFunctions calledBy(List<RelNode> plans) {
    Set<WasmFunctionVersion> versions = new LinkedHashSet<>();
    plans.forEach(plan -> collect(plan, versions));
    return versions.isEmpty() ? NONE : new StatementFunctions(versions);
  }

  private static void collect(RelNode plan, Set<WasmFunctionVersion> versions) {
    RexShuttle calls =
        new RexShuttle() {
          @Override
          public RexNode visitCall(RexCall call) {
            if (call.getOperator() instanceof SqlUserDefinedFunction udf) {
              if (udf.getFunction() instanceof WasmFunction function) {
                versions.add(function.version());
              }
            }
            return super.visitCall(call);
          }

          @Override
          public RexNode visitSubQuery(RexSubQuery subQuery) {
            collect(subQuery.rel, versions);
            return super.visitSubQuery(subQuery);
          }
        };
    new RelVisitor() {
      @Override
      public void visit(RelNode node, int ordinal, RelNode parent) {
        node.accept(calls);
        if (node instanceof Aggregate aggregate) {
          for (AggregateCall call : aggregate.getAggCallList()) {
            if (call.getAggregation() instanceof SqlUserDefinedAggFunction udaf
                && udaf.function instanceof WasmFunction function) {
              versions.add(function.version());
            }
          }
        }
        super.visit(node, ordinal, parent);
      }
    }.go(plan);
  }

  /**
   * @return the versions, in the order the plan calls them first
   */
  public Set<WasmFunctionVersion> versions() {
    return Collections.unmodifiableSet(versions);
  }

  /**
   * Pins every version for one execution.
   *
   * @return the pins, released together when closed
   * @throws IllegalStateException naming the function when a version was replaced or dropped
   *     between the statement's preparation and this execution
   */
  public AutoCloseable pin() {
    if (versions.isEmpty()) {
      return () -> {};
    }
    List<AutoCloseable> pins = new ArrayList<>(versions.size());
    try {
      for (WasmFunctionVersion version : versions) {
        pins.add(Pins.pin(version));
      }
    } catch (RuntimeException e) {
      pins.forEach(StatementFunctions::release);
      throw e;
    }
    return () -> pins.forEach(StatementFunctions::release);
  }

  private static void release(AutoCloseable pin) {
    try {
      pin.close();
    } catch (Exception e) {
      throw new IllegalStateException("releasing a function version", e);
    }
  }
}
