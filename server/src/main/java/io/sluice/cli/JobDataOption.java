package io.sluice.cli;

import io.sluice.jobs.Sluice;
import io.sluice.storage.StoreInUseException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --data} option of the job commands, and opening the store it names: a store that
 * another process has open is not an error for the commands that can fall back on that process's
 * live job files.
 */
final class JobDataOption {
  @Option(
      names = "--data",
      defaultValue = "./sluice-data",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path data;

  /**
   * @return the store, opened (the caller closes it)
   * @throws SQLException if it cannot be opened, in use by another process included
   */
  Sluice open() throws SQLException {
    return Sluice.open(data);
  }

  /**
   * @return the store, or empty when another process has it open
   * @throws SQLException if it cannot be opened for another reason
   */
  Optional<Sluice> openUnlessInUse() throws SQLException {
    try {
      return Optional.of(Sluice.open(data));
    } catch (SQLException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof StoreInUseException) {
          return Optional.empty();
        }
      }
      throw e;
    }
  }
}
