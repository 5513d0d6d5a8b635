package io.sluice.sql.ddl;

import io.sluice.sql.Notices;
import io.sluice.sql.SluiceEngine;
import io.sluice.sql.function.WasmFunctionDefinition;
import io.sluice.sql.function.WasmFunctionVersion;
import io.sluice.udf.Compilation;
import io.sluice.udf.ExecutionMode;
import io.sluice.udf.UdfException;
import io.sluice.udf.UdfFunction;
import io.sluice.udf.UdfModule;
import io.sluice.udf.UdfOptions;
import io.sluice.udf.UdfSession;
import io.sluice.wasidata.FunctionDescriptor;
import io.sluice.wasidata.SqlType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Executes {@code CREATE FUNCTION|AGGREGATE ... USING WASM} and {@code DROP FUNCTION|AGGREGATE}.
 *
 * <p>A bad module fails the DDL, not the first query: the module is loaded and validated (shape,
 * imports, self-description), the function's export is checked against its signature, and one
 * instance is created and thrown away before anything is stored.
 */
final class FunctionDdl {
  private FunctionDdl() {}

  static void create(
      SqlCreateWasmFunction create, CalcitePrepare.Context context, SluiceEngine engine) {
    String name = create.name.getSimple();
    if (!create.name.isSimple()) {
      throw SqlErrors.at(create.name, "function names have no schema; write just the name");
    }
    Optional<WasmFunctionVersion> existing = engine.functions().find(name);
    if (existing.isPresent() && create.ifNotExists) {
      return;
    }
    if (existing.isPresent() && !create.getReplace()) {
      throw SqlErrors.at(
          create.name,
          "function "
              + name
              + " already exists; use CREATE OR REPLACE to replace it, or DROP it first");
    }
    if (existing.isPresent()
        && (existing.get().definition().descriptor().kind() == FunctionDescriptor.Kind.AGGREGATE)
            != (create.kind == SqlWasmFunctionKind.AGGREGATE)) {
      throw SqlErrors.at(
          create.name,
          name
              + " is "
              + (create.kind == SqlWasmFunctionKind.AGGREGATE
                  ? "a function; an aggregate cannot replace it"
                  : "an aggregate; a function cannot replace it"));
    }
    FunctionOptions options = FunctionOptions.parse(create.options);
    WasmSources.Module source =
        WasmSources.read(create.source, SluiceDdlExecutor.schema(context).moduleDirectory());
    UdfModule module;
    try {
      module =
          engine
              .runtime()
              .load(source.bytes(), UdfOptions.builder().limits(options.limits()).build());
    } catch (UdfException e) {
      throw SqlErrors.at(
          create.source.pos,
          "module " + source.description() + " is invalid: " + e.getMessage(),
          e);
    }
    FunctionDescriptor descriptor = descriptor(create, context, module);
    UdfFunction function;
    try {
      function = module.function(descriptor, options.limits());
      // Instantiate once in a throwaway sandbox, so a module that cannot start fails here.
      try (UdfSession session = function.session()) {
        session.function();
      }
    } catch (UdfException | IllegalArgumentException e) {
      throw SqlErrors.at(
          create.source.pos,
          "function " + name + " cannot use module " + source.description() + ": " + e.getMessage(),
          e);
    }
    Compilation compilation = module.compilation();
    if (compilation.mode() != ExecutionMode.COMPILED) {
      String reason = compilation.reason() == null ? "" : compilation.reason();
      List<String> interpreted = compilation.interpretedFunctions();
      boolean listed = interpreted.isEmpty() || interpreted.stream().allMatch(reason::contains);
      Notices.add(
          "function "
              + name
              + (compilation.mode() == ExecutionMode.INTERPRETED
                  ? " runs in Chicory's interpreter, tens of times slower than compiled code: "
                  : " runs partly in Chicory's interpreter, much slower than compiled code: ")
              + reason
              + (listed ? "" : " (" + String.join(", ", interpreted) + ")"));
    }
    try {
      engine
          .functions()
          .create(
              new WasmFunctionDefinition(
                  descriptor,
                  module.sha256(),
                  options.limits(),
                  source.description(),
                  Instant.now(),
                  1),
              source.bytes(),
              create.getReplace(),
              function);
    } catch (RuntimeException e) {
      function.close();
      if (e instanceof IllegalArgumentException) {
        // Another session created the name between the check above and this write.
        throw SqlErrors.at(create.name.getParserPosition(), e.getMessage(), e);
      }
      throw e;
    }
  }

  /** The descriptor to store: the module's own, or the statement's explicit signature. */
  private static FunctionDescriptor descriptor(
      SqlCreateWasmFunction create, CalcitePrepare.Context context, UdfModule module) {
    String name = create.name.getSimple();
    String export =
        create.exportName == null
            ? null
            : ((SqlLiteral) create.exportName).getValueAs(String.class);
    Optional<FunctionDescriptor> own = own(module, name, export);
    boolean explicit =
        create.parameters != null || create.returnType != null || create.returnColumns != null;
    FunctionDescriptor.Kind kind = kind(create.kind);
    if (!explicit
        && own.isPresent()
        && kind == FunctionDescriptor.Kind.SCALAR
        && own.get().kind() == FunctionDescriptor.Kind.TABLE) {
      kind = FunctionDescriptor.Kind.TABLE; // CREATE FUNCTION covers scalar and table functions
    }
    if (own.isPresent() && own.get().kind() != kind) {
      throw SqlErrors.at(
          create.name,
          "the module describes "
              + own.get().name()
              + " as a "
              + own.get().kind().name().toLowerCase(Locale.ROOT)
              + " function, not as "
              + (kind == FunctionDescriptor.Kind.AGGREGATE
                  ? "an aggregate"
                  : "a " + kind.name().toLowerCase(Locale.ROOT) + " function"));
    }
    if (!explicit) {
      if (own.isEmpty()) {
        throw SqlErrors.at(
            create.name,
            "the module does not describe a function "
                + (export == null ? "named " + name : "exported as " + export)
                + "; give its signature, e.g. CREATE FUNCTION "
                + name
                + "(x INT) RETURNS INT USING WASM ...; it describes: "
                + describeAll(module));
      }
      FunctionDescriptor.Builder builder = rename(own.get(), name);
      if (create.abi != null) {
        builder.abi(abi(create));
      }
      return build(builder, create);
    }
    SqlValidator validator = Validators.of(context);
    FunctionDescriptor.Builder builder = FunctionDescriptor.builder(kind, name);
    if (create.parameters == null) {
      if (own.isEmpty()) {
        throw SqlErrors.at(
            create.name, "give the parameters of " + name + ", e.g. " + name + "(x INT)");
      }
      for (FunctionDescriptor.Argument argument : own.get().arguments()) {
        builder.argument(argument.name(), argument.type());
      }
    } else {
      int ordinal = 0;
      for (SqlNode node : create.parameters) {
        ordinal++;
        SqlColumnDeclaration parameter = (SqlColumnDeclaration) node;
        String parameterName =
            parameter.name == null ? "arg" + ordinal : parameter.name.getSimple();
        builder.argument(
            parameterName, type(parameter.dataType.deriveType(validator, true), parameter));
      }
    }
    if (kind == FunctionDescriptor.Kind.TABLE) {
      if (create.returnColumns == null) {
        if (own.isEmpty()) {
          throw SqlErrors.at(create.name, "give the columns: RETURNS TABLE (col type, ...)");
        }
        own.get().columns().forEach(c -> builder.column(c.name(), c.type()));
      } else {
        for (SqlNode node : create.returnColumns) {
          SqlColumnDeclaration column = (SqlColumnDeclaration) node;
          builder.column(
              column.name.getSimple(), type(column.dataType.deriveType(validator, true), column));
        }
      }
    } else if (create.returnType != null) {
      builder.returns(type(create.returnType.deriveType(validator, true), create.returnType));
    } else if (own.isPresent()) {
      builder.returns(own.get().resultType());
    } else {
      throw SqlErrors.at(create.name, "give the result type: RETURNS type");
    }
    builder.abi(
        create.abi != null
            ? abi(create)
            : own.map(FunctionDescriptor::abi).orElse(FunctionDescriptor.Abi.BATCH));
    builder.exportName(
        export != null ? export : own.map(FunctionDescriptor::exportName).orElse(name));
    own.ifPresent(
        d -> {
          builder.nulls(d.nulls());
          builder.deterministic(d.deterministic());
        });
    return build(builder, create);
  }

  private static FunctionDescriptor build(
      FunctionDescriptor.Builder builder, SqlCreateWasmFunction create) {
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw SqlErrors.at(create, e.getMessage());
    }
  }

  /** The module's own descriptor of the function, by export if given, else by name. */
  private static Optional<FunctionDescriptor> own(UdfModule module, String name, String export) {
    for (FunctionDescriptor d : module.functions()) {
      if (export != null ? d.exportName().equals(export) : d.name().equalsIgnoreCase(name)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  private static FunctionDescriptor.Builder rename(FunctionDescriptor d, String name) {
    FunctionDescriptor.Builder builder = FunctionDescriptor.builder(d.kind(), name);
    d.arguments().forEach(a -> builder.argument(a.name(), a.type()));
    if (d.kind() == FunctionDescriptor.Kind.TABLE) {
      d.columns().forEach(c -> builder.column(c.name(), c.type()));
    } else {
      builder.returns(d.resultType());
    }
    return builder
        .abi(d.abi())
        .exportName(d.exportName())
        .nulls(d.nulls())
        .deterministic(d.deterministic());
  }

  private static String describeAll(UdfModule module) {
    if (module.functions().isEmpty()) {
      return "nothing (it has no sluice_v1.functions section)";
    }
    return module.functions().stream()
        .map(d -> d.kind().name() + " " + io.sluice.sql.function.FunctionSignatures.of(d))
        .collect(Collectors.joining("; "));
  }

  private static SqlType type(RelDataType type, SqlNode where) {
    try {
      return SqlType.fromArrowType(io.sluice.sql.type.SqlTypes.toArrowType(type, "parameter"));
    } catch (IllegalArgumentException e) {
      throw SqlErrors.at(
          where.getParserPosition(),
          "wasm functions cannot take or return " + type.getFullTypeString(),
          e);
    }
  }

  private static FunctionDescriptor.Abi abi(SqlCreateWasmFunction create) {
    return FunctionDescriptor.Abi.valueOf(create.abi.getSimple());
  }

  private static FunctionDescriptor.Kind kind(SqlWasmFunctionKind kind) {
    switch (kind) {
      case TABLE:
        return FunctionDescriptor.Kind.TABLE;
      case AGGREGATE:
        return FunctionDescriptor.Kind.AGGREGATE;
      default:
        return FunctionDescriptor.Kind.SCALAR;
    }
  }

  static void drop(SqlDropWasmFunction drop, SluiceEngine engine) {
    String name = drop.name.getSimple();
    Optional<WasmFunctionVersion> existing = engine.functions().find(name);
    if (existing.isEmpty()) {
      if (drop.ifExists) {
        return;
      }
      throw SqlErrors.at(
          drop.name, (drop.aggregate ? "aggregate " : "function ") + name + " does not exist");
    }
    boolean isAggregate =
        existing.get().definition().descriptor().kind() == FunctionDescriptor.Kind.AGGREGATE;
    if (isAggregate != drop.aggregate) {
      throw SqlErrors.at(
          drop.name,
          name
              + (isAggregate
                  ? " is an aggregate; use DROP AGGREGATE"
                  : " is a function; use DROP FUNCTION"));
    }
    engine.functions().drop(name);
  }
}
