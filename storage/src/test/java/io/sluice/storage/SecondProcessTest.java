package io.sluice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second process on an open data directory is refused with the holder's pid. */
class SecondProcessTest {

  @TempDir Path directory;

  @Test
  void anotherProcessIsRefusedWhileTheStoreIsOpenAndAdmittedAfter() throws Exception {
    Path data = directory.resolve("data");
    try (Store store = Store.open(data)) {
      Result refused = run(data);
      assertEquals(3, refused.exitCode, refused.output);
      assertEquals(
          "data directory "
              + store.directory()
              + " is in use by pid "
              + ProcessHandle.current().pid(),
          refused.output.trim());
    }
    Result admitted = run(data);
    assertEquals(0, admitted.exitCode, admitted.output);
    assertTrue(admitted.output.startsWith("OPENED"), admitted.output);
  }

  @Test
  void theSameDirectoryThroughASymbolicLinkIsRefusedAndTheFirstStoreKeepsItsLock()
      throws Exception {
    Path data = directory.resolve("data");
    Path link = directory.resolve("link");
    try (Store store = Store.open(data)) {
      Files.createSymbolicLink(link, data);
      StoreInUseException refused = assertThrows(StoreInUseException.class, () -> Store.open(link));
      assertEquals(ProcessHandle.current().pid(), refused.pid());
      assertEquals(
          "data directory " + link + " is in use by pid " + ProcessHandle.current().pid(),
          refused.getMessage());
      // The refusal left the first store's OS lock alone: another process is still refused.
      Result other = run(data);
      assertEquals(3, other.exitCode, other.output);
      assertTrue(store.tableNames().isEmpty());
    }
    Store.open(link).close(); // released on close, whichever path names it
  }

  private Result run(Path data) throws Exception {
    Path log = directory.resolve("child.log");
    Process child = ChildJvm.start(OpenStoreMain.class, log, data.toString());
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    return new Result(child.exitValue(), output + Files.readString(log));
  }

  private record Result(int exitCode, String output) {}
}
