package io.sluice.sql.function;

import io.sluice.wasidata.FunctionDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;

/** The parameters of a wasm function, as Calcite's validator sees them. */
final class WasmParameters {
  private WasmParameters() {}

  static List<FunctionParameter> of(FunctionDescriptor descriptor) {
    List<FunctionParameter> parameters = new ArrayList<>();
    for (int i = 0; i < descriptor.arguments().size(); i++) {
      int ordinal = i;
      FunctionDescriptor.Argument argument = descriptor.arguments().get(i);
      parameters.add(
          new FunctionParameter() {
            @Override
            public int getOrdinal() {
              return ordinal;
            }

            @Override
            public String getName() {
              return descriptor.argumentName(ordinal);
            }

            @Override
            public RelDataType getType(RelDataTypeFactory typeFactory) {
              return WasmTypes.toRelType(argument.type(), typeFactory);
            }

            @Override
            public boolean isOptional() {
              return false;
            }
          });
    }
    return parameters;
  }
}
