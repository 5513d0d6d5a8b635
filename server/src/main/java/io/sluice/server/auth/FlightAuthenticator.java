package io.sluice.server.auth;

import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * The {@link Authenticator} as Flight's header authenticator: a call with {@code Basic} credentials
 * is answered with an {@code Authorization: Bearer <token>} header, which Flight clients (the JDBC
 * driver, ADBC) then send instead of the password. Refusals are Flight's standard {@code
 * UNAUTHENTICATED} status with the one refusal message.
 */
public final class FlightAuthenticator implements CallHeaderAuthenticator {
  private final Authenticator authenticator;

  /**
   * @param authenticator the shared authenticator
   */
  public FlightAuthenticator(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public AuthResult authenticate(CallHeaders incomingHeaders) {
    Authenticator.Identity identity;
    try {
      identity =
          authenticator.authenticate(
              incomingHeaders.get(Auth2Constants.AUTHORIZATION_HEADER), true);
    } catch (Authenticator.RefusedException e) {
      throw CallStatus.UNAUTHENTICATED.withDescription(Authenticator.REFUSED).toRuntimeException();
    } catch (IllegalStateException e) {
      throw CallStatus.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).toRuntimeException();
    }
    return new AuthResult() {
      @Override
      public String getPeerIdentity() {
        return identity.user();
      }

      @Override
      public void appendToOutgoingHeaders(CallHeaders outgoingHeaders) {
        identity
            .issuedToken()
            .ifPresent(
                token ->
                    outgoingHeaders.insert(
                        Auth2Constants.AUTHORIZATION_HEADER, Auth2Constants.BEARER_PREFIX + token));
      }
    };
  }
}
