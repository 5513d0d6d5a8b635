package io.sluice.server.sql;

import io.sluice.server.ServerConfig;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What both endpoints share to run statements: the connection pool, the server's memory (a child of
 * the engine's allocator, so a leak shows in the engine's accounts) and the config's limits.
 *
 * @param pool connections to the engine
 * @param allocator the server's allocator; each stream takes a child of it
 * @param config the node's config
 */
public record ServerContext(ConnectionPool pool, BufferAllocator allocator, ServerConfig config) {}
