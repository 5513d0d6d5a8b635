package io.sluice.storage;

import java.nio.file.Path;

/**
 * The child process of {@link SecondProcessTest}: tries to open a store and prints {@code OPENED}
 * or the refusal's message, exiting 0 or 3.
 */
public final class OpenStoreMain {

  private OpenStoreMain() {}

  public static void main(String[] args) {
    try (Store store = Store.open(Path.of(args[0]))) {
      System.out.println("OPENED " + store.tableNames());
    } catch (StoreInUseException e) {
      System.out.println(e.getMessage());
      System.out.flush();
      Runtime.getRuntime().halt(3);
    }
  }
}
