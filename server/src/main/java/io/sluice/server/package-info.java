/**
 * A Sluice node: {@link io.sluice.server.SluiceServer} serves one data directory over Arrow Flight
 * SQL and HTTP, configured by a {@link io.sluice.server.ServerConfig}, with users' passwords kept
 * as {@link io.sluice.server.PasswordHash}es.
 */
package io.sluice.server;
