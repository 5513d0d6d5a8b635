package io.sluice.server.flight;

import java.util.List;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Checks an upload of parameter rows against a statement's parameters before any row is kept or
 * run, so a client that sends the wrong columns is told which parameter is wrong, and why.
 */
final class ParameterTypes {
  private ParameterTypes() {}

  /** Kinds of values; a column may be bound to a parameter of the same kind. */
  private enum Kind {
    NUMBER,
    BOOLEAN,
    TEXT,
    BINARY,
    DATE,
    TIME,
    TIMESTAMP,
    NULL,
    OTHER
  }

  /**
   * @param parameters the statement's parameters, in order
   * @param upload the schema of the client's parameter rows
   * @throws org.apache.arrow.flight.FlightRuntimeException INVALID_ARGUMENT naming the parameter if
   *     the number of columns differs or a column cannot be bound to its parameter
   */
  static void check(Schema parameters, Schema upload) {
    List<Field> expected = parameters.getFields();
    List<Field> actual = upload.getFields();
    if (expected.size() != actual.size()) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription(
              "the statement has "
                  + expected.size()
                  + " parameter"
                  + (expected.size() == 1 ? "" : "s")
                  + " but the parameter rows have "
                  + actual.size()
                  + " column"
                  + (actual.size() == 1 ? "" : "s"))
          .toRuntimeException();
    }
    for (int i = 0; i < expected.size(); i++) {
      Kind want = kind(expected.get(i).getType());
      Kind got = kind(actual.get(i).getType());
      // Text parameters (and those of a type the engine left open) take any value as text.
      boolean fits = want == got || got == Kind.NULL || want == Kind.TEXT || want == Kind.OTHER;
      if (!fits) {
        throw CallStatus.INVALID_ARGUMENT
            .withDescription(
                "parameter "
                    + (i + 1)
                    + " ("
                    + expected.get(i).getName()
                    + ") takes "
                    + describe(want, expected.get(i).getType())
                    + " but column '"
                    + actual.get(i).getName()
                    + "' of the parameter rows holds "
                    + describe(got, actual.get(i).getType()))
            .toRuntimeException();
      }
    }
  }

  private static String describe(Kind kind, ArrowType type) {
    String name = kind == Kind.OTHER ? "values" : kind.name().toLowerCase(java.util.Locale.ROOT);
    return name + " (Arrow " + type + ")";
  }

  private static Kind kind(ArrowType type) {
    switch (type.getTypeID()) {
      case Int:
      case FloatingPoint:
      case Decimal:
        return Kind.NUMBER;
      case Bool:
        return Kind.BOOLEAN;
      case Utf8:
      case LargeUtf8:
      case Utf8View:
        return Kind.TEXT;
      case Binary:
      case LargeBinary:
      case FixedSizeBinary:
      case BinaryView:
        return Kind.BINARY;
      case Date:
        return Kind.DATE;
      case Time:
        return Kind.TIME;
      case Timestamp:
        return Kind.TIMESTAMP;
      case Null:
        return Kind.NULL;
      default:
        return Kind.OTHER;
    }
  }
}
