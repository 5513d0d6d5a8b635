/**
 * The HTTP endpoint for scripts and notebooks without Arrow Flight: {@code POST /v1/sql} answers
 * with an Arrow IPC stream, CSV or JSON by the {@code Accept} header, streamed in chunks; {@code
 * POST /v1/login} trades a password for a bearer token; {@code GET /v1/health} says it is up.
 */
package io.sluice.server.http;
