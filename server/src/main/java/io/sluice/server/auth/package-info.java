/**
 * Who may use the server: users with password hashes from the config, bearer tokens handed out
 * after a password check, and one authenticator shared by the Flight SQL and HTTP endpoints.
 */
package io.sluice.server.auth;
