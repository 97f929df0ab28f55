package gr.syndesmos.connectors.http;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * OAuth 2.0 client-credentials access tokens for one destination (RFC 6749 §4.4, client authenticated with HTTP basic
 * at the token endpoint), through the Nimbus OAuth 2.0 SDK. A token is fetched once and kept until shortly before it
 * expires; {@link #renewAfterRefusal(String)} drops a token the destination refused so the next call gets a new one.
 */
final class ClientCredentialsTokens {

    /** Renew this long before expiry (or at half the lifetime, if shorter) so a call never leaves with a dying token. */
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(30);

    private final URI tokenUrl;
    private final ClientSecretBasic clientAuthentication;
    private final Scope scope;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Clock clock;

    private String authorizationHeader;
    private Instant renewAt;

    ClientCredentialsTokens(HttpOutSettings settings, Clock clock) {
        this.tokenUrl = settings.tokenUrl();
        this.clientAuthentication = new ClientSecretBasic(new ClientID(settings.clientId()),
                new Secret(settings.clientSecret()));
        this.scope = settings.scope() == null ? null : Scope.parse(settings.scope());
        this.connectTimeout = settings.connectTimeout();
        this.responseTimeout = settings.responseTimeout();
        this.clock = clock;
    }

    /** The {@code Authorization} header value of a valid token, fetching one when none is kept or it is expiring. */
    synchronized String authorizationHeader() throws HttpOutFailure {
        if (authorizationHeader == null || (renewAt != null && !clock.instant().isBefore(renewAt))) {
            fetch();
        }
        return authorizationHeader;
    }

    /**
     * The destination answered 401 to {@code refusedHeader}: drop it, unless another call has already replaced it,
     * so that concurrent refusals fetch one new token, not one each.
     */
    synchronized void renewAfterRefusal(String refusedHeader) {
        if (refusedHeader.equals(authorizationHeader)) {
            authorizationHeader = null;
            renewAt = null;
        }
    }

    private void fetch() throws HttpOutFailure {
        HTTPRequest request = new TokenRequest(tokenUrl, clientAuthentication, new ClientCredentialsGrant(), scope)
                .toHTTPRequest();
        request.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        request.setReadTimeout((int) Math.min(Integer.MAX_VALUE, responseTimeout.toMillis()));
        request.setFollowRedirects(false);
        HTTPResponse httpResponse;
        try {
            httpResponse = request.send();
        } catch (IOException e) {
            throw HttpOutFailure.noAnswer("no access token: the token endpoint " + tokenUrl + " did not answer ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        TokenResponse response;
        try {
            response = TokenResponse.parse(httpResponse);
        } catch (ParseException e) {
            int status = httpResponse.getStatusCode();
            throw new HttpOutFailure("no access token: the token endpoint " + tokenUrl + " answered HTTP " + status
                    + " that is not an OAuth 2.0 token response (" + e.getMessage() + ")", status,
                    HttpOutResponse.isPermanentFailure(status), null, null);
        }
        if (!response.indicatesSuccess()) {
            TokenErrorResponse error = response.toErrorResponse();
            ErrorObject errorObject = error.getErrorObject();
            int status = errorObject.getHTTPStatusCode() == 0 ? httpResponse.getStatusCode()
                    : errorObject.getHTTPStatusCode();
            // The answer's error code and description are the server's words about our request; they hold no secret.
            throw new HttpOutFailure("no access token: the token endpoint " + tokenUrl + " answered HTTP " + status
                    + (errorObject.getCode() == null ? "" : " " + errorObject.getCode())
                    + (errorObject.getDescription() == null ? "" : " (" + errorObject.getDescription() + ")")
                    + ("invalid_client".equals(errorObject.getCode()) || status == 401
                            ? "; check clientId and clientSecret" : ""),
                    status, HttpOutResponse.isPermanentFailure(status), null, null);
        }
        AccessToken token = ((AccessTokenResponse) response).getTokens().getAccessToken();
        Instant now = clock.instant();
        authorizationHeader = token.toAuthorizationHeader();
        long lifetimeSeconds = token.getLifetime();
        if (lifetimeSeconds > 0) {
            Duration lifetime = Duration.ofSeconds(lifetimeSeconds);
            Duration early = lifetime.dividedBy(2).compareTo(RENEW_BEFORE_EXPIRY) < 0
                    ? lifetime.dividedBy(2) : RENEW_BEFORE_EXPIRY;
            renewAt = now.plus(lifetime).minus(early);
        } else {
            renewAt = null; // no lifetime given: kept until the destination refuses it
        }
    }
}
