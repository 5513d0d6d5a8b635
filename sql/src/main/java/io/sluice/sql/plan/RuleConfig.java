package io.sluice.sql.plan;

import java.util.function.Function;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.tools.RelBuilderFactory;

/**
 * A plain {@link RelRule.Config} for Sluice's operand-tree rules (Calcite's own use generated
 * Immutables classes, which this project does not generate).
 */
final class RuleConfig implements RelRule.Config {
  private final Function<RuleConfig, RelOptRule> factory;
  private final RelBuilderFactory relBuilderFactory;
  private final String description;
  private final RelRule.OperandTransform operandSupplier;

  private RuleConfig(
      Function<RuleConfig, RelOptRule> factory,
      RelBuilderFactory relBuilderFactory,
      String description,
      RelRule.OperandTransform operandSupplier) {
    this.factory = factory;
    this.relBuilderFactory = relBuilderFactory;
    this.description = description;
    this.operandSupplier = operandSupplier;
  }

  static RuleConfig of(
      String description,
      RelRule.OperandTransform operands,
      Function<RuleConfig, RelOptRule> factory) {
    return new RuleConfig(factory, RelFactories.LOGICAL_BUILDER, description, operands);
  }

  @Override
  public RelOptRule toRule() {
    return factory.apply(this);
  }

  @Override
  public RelBuilderFactory relBuilderFactory() {
    return relBuilderFactory;
  }

  @Override
  public RelRule.Config withRelBuilderFactory(RelBuilderFactory value) {
    return new RuleConfig(factory, value, description, operandSupplier);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public RelRule.Config withDescription(String value) {
    return new RuleConfig(factory, relBuilderFactory, value, operandSupplier);
  }

  @Override
  public RelRule.OperandTransform operandSupplier() {
    return operandSupplier;
  }

  @Override
  public RelRule.Config withOperandSupplier(RelRule.OperandTransform value) {
    return new RuleConfig(factory, relBuilderFactory, description, value);
  }
}
