package io.sluice.sql.plan;

import io.sluice.sql.catalog.SluiceSchema;
import io.sluice.sql.exec.Lane;
import io.sluice.sql.exec.vector.VectorExecution;
import io.sluice.sql.exec.vector.VectorPlan;
import io.sluice.sql.type.SqlTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * An operator of the coordinator that runs a batch at a time ({@link VectorJoin}, {@link
 * VectorAggregate}, {@link VectorCalc}). A tree of them runs as one {@link VectorPlan}: only the
 * topmost is implemented by Calcite's code generator, as one call to {@link VectorExecution}; the
 * operators below pass batches to each other, never rows.
 */
interface VectorRel extends EnumerableRel {

  /**
   * @param inputs turns this operator's inputs into plans
   * @return this operator and everything vectorized below it
   */
  VectorPlan vectorPlan(Inputs inputs);

  /**
   * @param type a row type
   * @return the lane of each field
   * @throws UnsupportedOperationException for a type the coordinator's columns cannot hold
   */
  static List<Lane> lanes(RelDataType type) {
    List<Lane> lanes = new ArrayList<>();
    for (RelDataTypeField field : type.getFieldList()) {
      lanes.add(Lane.of(field.getType()));
    }
    return List.copyOf(lanes);
  }

  /**
   * @param type a row type
   * @return an Arrow field per SQL field, for converting to and from Calcite's values
   */
  static List<Field> fields(RelDataType type) {
    List<Field> fields = new ArrayList<>();
    for (RelDataTypeField field : type.getFieldList()) {
      fields.add(SqlTypes.toField("$" + field.getIndex(), field.getType()));
    }
    return List.copyOf(fields);
  }

  /**
   * Implements the topmost vectorized operator of a tree: generates one call that runs the whole
   * tree and yields its rows.
   *
   * @param rel the operator
   * @param implementor Calcite's implementor
   * @return the generated code
   */
  static EnumerableRel.Result implement(VectorRel rel, EnumerableRelImplementor implementor) {
    BlockBuilder builder = new BlockBuilder();
    Inputs inputs = new Inputs(implementor, builder);
    VectorPlan plan = rel.vectorPlan(inputs);
    boolean scalar = rel.getRowType().getFieldCount() == 1;
    PhysType physType =
        PhysTypeImpl.of(
            implementor.getTypeFactory(),
            rel.getRowType(),
            scalar ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY,
            false);
    Expression stashed = implementor.stash(plan, VectorPlan.class);
    Expression fields = implementor.stash(fields(rel.getRowType()), List.class);
    Expression environment = Expressions.call(SluiceSchema.class, "environment", DataContext.ROOT);
    builder.add(
        Expressions.return_(
            null,
            Expressions.call(
                VectorExecution.class,
                scalar ? "scalars" : "rows",
                DataContext.ROOT,
                environment,
                stashed,
                Expressions.newArrayInit(Enumerable.class, inputs.rows),
                fields)));
    return implementor.result(physType, builder.toBlock());
  }

  /** Turns the inputs of vectorized operators into plans, generating code for row inputs. */
  final class Inputs {
    private final EnumerableRelImplementor implementor;
    private final BlockBuilder builder;
    private final List<Expression> rows = new ArrayList<>();

    Inputs(EnumerableRelImplementor implementor, BlockBuilder builder) {
      this.implementor = implementor;
      this.builder = builder;
    }

    /**
     * @param parent a vectorized operator
     * @param ordinal which of its inputs
     * @return that input as a plan: vectorized operators and shard fragments as they are, any other
     *     operator as a row input
     */
    VectorPlan of(VectorRel parent, int ordinal) {
      RelNode child = parent.getInput(ordinal);
      if (child instanceof VectorRel vectorized) {
        return vectorized.vectorPlan(this);
      }
      List<Lane> lanes = lanes(child.getRowType());
      if (child instanceof ShardToEnumerableConverter shards) {
        return new VectorPlan.Shard(shards.shardPlan(), lanes);
      }
      EnumerableRel.Result result =
          implementor.visitChild(parent, ordinal, (EnumerableRel) child, Prefer.ARRAY);
      Expression input = builder.append("rows" + rows.size(), result.block);
      rows.add(result.physType.convertTo(input, JavaRowFormat.ARRAY));
      return new VectorPlan.Rows(rows.size() - 1, fields(child.getRowType()), lanes);
    }
  }
}
