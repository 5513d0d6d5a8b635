package io.sluice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  private Result run(Path data) throws Exception {
    Path log = directory.resolve("child.log");
    Process child = ChildJvm.start(OpenStoreMain.class, log, data.toString());
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    return new Result(child.exitValue(), output + Files.readString(log));
  }

  private record Result(int exitCode, String output) {}
}
