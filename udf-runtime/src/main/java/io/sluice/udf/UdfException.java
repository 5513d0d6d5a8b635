package io.sluice.udf;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A failure of a wasm function or module: its {@link Category} says whose fault it is and how SQL
 * reports it, its message says which function failed, where, why, and what the guest logged last.
 *
 * <p>Messages are composed in one place, {@code io.sluice.udf.internal.UdfErrors}; this class only
 * carries them with their structured parts so callers need not parse text.
 */
public final class UdfException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Whose fault a failure is, with the SQLSTATE class the SQL layer reports it under. */
  public enum Category {
    /** The guest failed: an error it reported, a trap, an invalid result. SQLSTATE 38000. */
    USER_ERROR("38000"),
    /** A limit was reached: memory cap, time limit, output cap. SQLSTATE 53000. */
    RESOURCE_EXHAUSTED("53000"),
    /** The module cannot be used: malformed, missing exports, forbidden imports. SQLSTATE 42P13. */
    INVALID_MODULE("42P13"),
    /** The calling thread was interrupted by its owner (query cancelled). SQLSTATE 57014. */
    CANCELLED("57014"),
    /** A bug or an unexpected condition in Sluice itself. SQLSTATE XX000. */
    INTERNAL("XX000");

    private final String sqlState;

    Category(String sqlState) {
      this.sqlState = sqlState;
    }

    /**
     * @return the SQLSTATE the SQL layer reports failures of this category under
     */
    public String sqlState() {
      return sqlState;
    }
  }

  private final Category category;
  private final String function;
  private final String moduleSha256;
  private final long batch;
  private final long row;
  private final String guestLog;

  private UdfException(Builder b) {
    super(b.message, b.cause);
    this.category = b.category;
    this.function = b.function;
    this.moduleSha256 = b.moduleSha256;
    this.batch = b.batch;
    this.row = b.row;
    this.guestLog = b.guestLog;
  }

  /**
   * Starts an exception.
   *
   * @param category whose fault it is
   * @param message the complete first line of the message (it names the function where known)
   * @return a builder for the remaining, optional parts
   */
  public static Builder builder(Category category, String message) {
    return new Builder(category, message);
  }

  /**
   * @return whose fault the failure is
   */
  public Category category() {
    return category;
  }

  /**
   * @return the SQL name of the failing function, when the failure concerns one
   */
  public Optional<String> function() {
    return Optional.ofNullable(function);
  }

  /**
   * @return the SHA-256 (hex) of the module, when known
   */
  public Optional<String> moduleSha256() {
    return Optional.ofNullable(moduleSha256);
  }

  /**
   * @return the index of the failing batch within its session (from 0), when known
   */
  public OptionalLong batch() {
    return batch < 0 ? OptionalLong.empty() : OptionalLong.of(batch);
  }

  /**
   * @return the row of the failing batch the failure concerns (from 0), when known
   */
  public OptionalLong row() {
    return row < 0 ? OptionalLong.empty() : OptionalLong.of(row);
  }

  /**
   * @return the tail of the guest's captured log (its {@code log} calls, stdout and stderr); empty
   *     when it wrote nothing
   */
  public String guestLog() {
    return guestLog;
  }

  /** Collects the parts of a {@link UdfException}; {@link #build()} appends them to the message. */
  public static final class Builder {
    private final Category category;
    private final String firstLine;
    private String message;
    private String function;
    private String moduleSha256;
    private long batch = -1;
    private long row = -1;
    private String guestLog = "";
    private Throwable cause;

    private Builder(Category category, String firstLine) {
      this.category = Objects.requireNonNull(category, "category");
      this.firstLine = Objects.requireNonNull(firstLine, "message");
    }

    /**
     * @param name the SQL name of the failing function
     * @return this builder
     */
    public Builder function(String name) {
      this.function = name;
      return this;
    }

    /**
     * @param sha256 the module's SHA-256 in hex; the message shows its first 12 digits
     * @return this builder
     */
    public Builder module(String sha256) {
      this.moduleSha256 = sha256;
      return this;
    }

    /**
     * @param batch the index of the failing batch within its session, or -1
     * @return this builder
     */
    public Builder batch(long batch) {
      this.batch = batch;
      return this;
    }

    /**
     * @param row the failing row of the batch, or -1
     * @return this builder
     */
    public Builder row(long row) {
      this.row = row;
      return this;
    }

    /**
     * @param tail the tail of the guest's captured log; appended to the message when not empty
     * @return this builder
     */
    public Builder guestLog(String tail) {
      this.guestLog = tail == null ? "" : tail;
      return this;
    }

    /**
     * @param cause the underlying exception
     * @return this builder
     */
    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    /**
     * @return the exception, its message being the first line, the module, and the guest log
     */
    public UdfException build() {
      StringBuilder text = new StringBuilder(firstLine);
      if (moduleSha256 != null) {
        text.append(" [module ")
            .append(moduleSha256, 0, Math.min(12, moduleSha256.length()))
            .append(']');
      }
      if (!guestLog.isEmpty()) {
        text.append("\nguest log (last ")
            .append(guestLog.length())
            .append(" characters):\n")
            .append(guestLog);
      }
      message = text.toString();
      return new UdfException(this);
    }
  }
}
