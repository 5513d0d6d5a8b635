package io.sluice.testkit;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit extension that hands each test a fresh {@link BufferAllocator} and fails the test if any
 * Arrow memory is still allocated when it ends.
 *
 * <p>Register it with {@code @RegisterExtension} and ask for the allocator either through {@link
 * #allocator()} or as a test method parameter. The check runs after the test body and after the
 * test's own {@code @AfterEach} methods, so a test that closes its resources there still passes.
 */
public final class ArrowAllocatorExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private final long limit;
  private RootAllocator allocator;

  /** An extension whose allocators may hold at most {@code Long.MAX_VALUE} bytes. */
  public ArrowAllocatorExtension() {
    this(Long.MAX_VALUE);
  }

  /**
   * @param limit the most bytes a test's allocator may hold at once
   */
  public ArrowAllocatorExtension(long limit) {
    this.limit = limit;
  }

  /**
   * @return the allocator of the running test
   */
  public BufferAllocator allocator() {
    if (allocator == null) {
      throw new IllegalStateException("no test is running: the allocator exists only inside one");
    }
    return allocator;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    allocator = new RootAllocator(limit);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    RootAllocator root = allocator;
    allocator = null;
    long leaked = root.getAllocatedMemory();
    String detail = leaked == 0 ? "" : root.toVerboseString();
    // close() itself throws when child allocators are still open; report our own message first.
    if (leaked != 0) {
      throw new AssertionError(
          "Arrow memory leaked by "
              + context.getDisplayName()
              + ": "
              + leaked
              + " bytes\n"
              + detail);
    }
    root.close();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == BufferAllocator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return allocator();
  }
}
