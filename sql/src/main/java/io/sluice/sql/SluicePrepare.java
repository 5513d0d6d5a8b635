package io.sluice.sql;

import io.sluice.sql.catalog.FileFunctionCalls;
import io.sluice.sql.catalog.PlanCache;
import io.sluice.sql.catalog.SluiceSchema;
import io.sluice.sql.ddl.SqlErrors;
import io.sluice.sql.function.StatementFunctions;
import io.sluice.sql.function.WasmTypeCoercion;
import io.sluice.sql.plan.JoinPlanning;
import java.lang.reflect.Type;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.tools.Program;

/**
 * Calcite's statement preparation, with syntax errors reported the way SQL users expect: where the
 * error is (line and column) first, then what the parser found, and a short list of what it
 * expected instead of Calcite's list of every token it knows.
 */
public final class SluicePrepare extends CalcitePrepareImpl {
  /** How many expected tokens a syntax error lists. */
  static final int EXPECTED_SHOWN = 12;

  /**
   * Calcite's planner without merge joins: the coordinator's sort (a tree map of boxed rows) cost
   * more than the hash join it replaced on every TPC-H query that chose it (Q5 at SF 0.01: 1.2 s of
   * sorts and merges), so joins on keys are hash joins.
   */
  @Override
  protected RelOptPlanner createPlanner(
      Context prepareContext,
      org.apache.calcite.plan.Context externalContext,
      org.apache.calcite.plan.RelOptCostFactory costFactory) {
    RelOptPlanner planner = super.createPlanner(prepareContext, externalContext, costFactory);
    planner.removeRule(EnumerableRules.ENUMERABLE_MERGE_JOIN_RULE);
    return planner;
  }

  @Override
  protected CalcitePreparingStmt getPreparingStmt(
      Context context,
      Type elementType,
      CalciteCatalogReader catalogReader,
      RelOptPlanner planner) {
    JavaTypeFactory typeFactory = context.getTypeFactory();
    return new CalcitePreparingStmt(
        this,
        context,
        catalogReader,
        typeFactory,
        context.getRootSchema(),
        elementType == Object[].class ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM,
        createCluster(planner, new RexBuilder(typeFactory)),
        EnumerableConvention.INSTANCE,
        createConvertletTable()) {
      @Override
      protected SqlValidator createSqlValidator(
          Prepare.CatalogReader reader, UnaryOperator<SqlValidator.Config> configTransform) {
        return super.createSqlValidator(
            reader,
            config -> configTransform.apply(config).withTypeCoercionFactory(WasmTypeCoercion::new));
      }

      @Override
      protected Program getProgram() {
        // Join orders by row counts, ORs factored; wasm calls left on the coordinator run a batch
        // at a time, not a row at a time.
        return JoinPlanning.program(SluiceSchema.of(context).vectorize());
      }
    };
  }

  @Override
  public <T> CalciteSignature<T> prepareSql(
      Context context, Query<T> query, Type elementType, long maxRowCount) {
    if (query.sql != null && CommandSignatures.candidate(query.sql)) {
      CalciteSignature<T> command =
          CommandSignatures.prepare(context, query.sql, parserConfig(context));
      if (command != null) {
        return command;
      }
    }
    PlanCache cache = null;
    SluiceEngine engine = null;
    List<Object> catalog = null;
    if (query.sql != null && PlanCache.cacheable(query.sql)) {
      SluiceSchema schema = SluiceSchema.of(context);
      cache = schema.plans();
      engine = schema.engine();
      CalciteSignature<T> kept =
          cache.find(engine, query.sql, context.getDefaultSchemaPath(), elementType, maxRowCount);
      if (kept != null) {
        return kept;
      }
      catalog = PlanCache.catalog(engine);
    }
    CalciteSignature<T> prepared = plan(context, query, elementType, maxRowCount);
    if (cache != null
        && (prepared.statementType == Meta.StatementType.SELECT
            || prepared.statementType == Meta.StatementType.IS_DML)) {
      cache.put(
          query.sql, context.getDefaultSchemaPath(), elementType, maxRowCount, catalog, prepared);
    }
    return prepared;
  }

  /** Parses, validates and plans a query or DML statement, or runs DDL. */
  private <T> CalciteSignature<T> plan(
      Context context, Query<T> query, Type elementType, long maxRowCount) {
    List<RelNode> plans = new ArrayList<>();
    try (Hook.Closeable parse =
            Hook.PARSE_TREE.<Object[]>addThread(
                parsed -> {
                  rejectUnsupported((SqlNode) parsed[1]);
                  FileFunctionCalls.namePaths((SqlNode) parsed[1]);
                });
        Hook.Closeable converted = Hook.CONVERTED.<RelNode>addThread(plans::add)) {
      CalciteSignature<T> signature = super.prepareSql(context, query, elementType, maxRowCount);
      return closingOnFailure(signature, StatementFunctions.calledBy(plans));
    } catch (RuntimeException e) {
      if (e.getCause() instanceof SqlParseException parse) {
        throw new SyntaxError(describe(parse), parse);
      }
      throw e;
    }
  }

  /** The connection's parser configuration, as Calcite's own preparation builds it. */
  private org.apache.calcite.sql.parser.SqlParser.Config parserConfig(Context context) {
    org.apache.calcite.config.CalciteConnectionConfig config = context.config();
    org.apache.calcite.sql.parser.SqlParser.Config parser =
        parserConfig()
            .withQuotedCasing(config.quotedCasing())
            .withUnquotedCasing(config.unquotedCasing())
            .withQuoting(config.quoting())
            .withConformance(config.conformance())
            .withCaseSensitive(config.caseSensitive());
    org.apache.calcite.sql.parser.SqlParserImplFactory factory =
        config.parserFactory(org.apache.calcite.sql.parser.SqlParserImplFactory.class, null);
    return factory == null ? parser : parser.withParserFactory(factory);
  }

  /** Fails statements Calcite parses but Sluice does not run, before Calcite tries to plan them. */
  private static void rejectUnsupported(SqlNode statement) {
    SqlKind kind = statement.getKind();
    if (kind == SqlKind.UPDATE || kind == SqlKind.DELETE || kind == SqlKind.MERGE) {
      throw SqlErrors.at(
          statement,
          kind
              + " is not supported: tables are append-only. Write the rows you want into a new"
              + " table (CREATE TABLE, then INSERT INTO ... SELECT) and drop the old one");
    }
  }

  /**
   * Pins the wasm functions the statement calls while each execution runs, and makes a failed row
   * fetch close the statement's operators at once. Calcite fetches the first row while the JDBC
   * statement is still executing; when that fails, no result set exists that could later close the
   * operators, and shard tasks, query memory and sandbox instances would stay held.
   */
  private static <T> CalciteSignature<T> closingOnFailure(
      CalciteSignature<T> signature, StatementFunctions functions) {
    Bindable<T> bindable =
        dataContext -> new ClosingOnFailure<>(signature.enumerable(dataContext), functions);
    return new CalciteSignature<>(
        signature.sql,
        signature.parameters,
        signature.internalParameters,
        signature.rowType,
        signature.columns,
        signature.cursorFactory,
        signature.rootSchema,
        signature.getCollationList(),
        -1, // the wrapped enumerable already applies the row limit
        bindable,
        signature.statementType);
  }

  /**
   * An enumerable whose enumerators pin the statement's functions until they are closed, and close
   * themselves when moving to the next row fails.
   */
  private static final class ClosingOnFailure<T> extends AbstractEnumerable<T> {
    /** Throws a checked exception through a method that does not declare it. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E unchecked(Throwable e) throws E {
      throw (E) e;
    }

    private final Enumerable<T> delegate;
    private final StatementFunctions functions;

    ClosingOnFailure(Enumerable<T> delegate, StatementFunctions functions) {
      this.delegate = delegate;
      this.functions = functions;
    }

    @Override
    public Enumerator<T> enumerator() {
      AutoCloseable pins = functions.pin();
      Enumerator<T> enumerator;
      try {
        enumerator = delegate.enumerator();
      } catch (RuntimeException | Error e) {
        release(pins, e);
        throw e;
      }
      return new Enumerator<>() {
        private boolean closed;

        @Override
        public T current() {
          return enumerator.current();
        }

        private boolean started;

        @Override
        public boolean moveNext() {
          try {
            boolean moved = enumerator.moveNext();
            started = true;
            return moved;
          } catch (RuntimeException | Error e) {
            try {
              close();
            } catch (RuntimeException suppressed) {
              e.addSuppressed(suppressed);
            }
            if (started && e instanceof RuntimeException) {
              // ResultSet.next() reaches here past the first row (Avatica reads that one while
              // executing, and wraps its failures itself): a JDBC client expects an SQLException,
              // which next() declares, not the engine's unchecked exception.
              throw ClosingOnFailure.<RuntimeException>unchecked(
                  new SQLException(e.getMessage() == null ? e.toString() : e.getMessage(), e));
            }
            throw e;
          }
        }

        @Override
        public void reset() {
          enumerator.reset();
        }

        @Override
        public void close() {
          if (!closed) {
            closed = true;
            try {
              enumerator.close();
            } finally {
              release(pins, null);
            }
          }
        }
      };
    }

    private static void release(AutoCloseable pins, Throwable failure) {
      try {
        pins.close();
      } catch (Exception e) {
        if (failure == null) {
          throw new IllegalStateException("releasing the statement's functions", e);
        }
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * @param e a parse failure
   * @return "syntax error at line L, column C: ..." with at most {@link #EXPECTED_SHOWN} of the
   *     expected tokens
   */
  static String describe(SqlParseException e) {
    SqlParserPos pos = e.getPos();
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    String[] lines = message.split("\n");
    StringBuilder out = new StringBuilder("syntax error");
    if (pos != null && pos.getLineNum() > 0) {
      out.append(" at line ")
          .append(pos.getLineNum())
          .append(", column ")
          .append(pos.getColumnNum());
    }
    out.append(": ").append(lines[0].strip());
    int shown = 0;
    int more = 0;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("Was expecting")) {
        out.append(' ').append(line);
        continue;
      }
      if (shown < EXPECTED_SHOWN) {
        out.append(shown == 0 ? " " : ", ").append(line.replace(" ...", ""));
        shown++;
      } else {
        more++;
      }
    }
    if (more > 0) {
      out.append(" (and ").append(more).append(" more)");
    }
    return out.toString();
  }

  /** A statement that does not parse. */
  public static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message, SqlParseException cause) {
      super(message, cause);
    }
  }
}
