package org.roiviewer.fhir;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifies bearer JWTs against a remote JWKS (signature, iss, optional aud, exp/nbf).
 * The JWKS is fetched lazily on first use, cached, and re-fetched when a token carries an unknown kid
 * (rate-limited to one extra fetch per {@link #RATE_LIMIT_MS}).
 */
public final class JwtVerifier {

	static final int HTTP_TIMEOUT_MS = 3000;
	static final long CACHE_TTL_MS = 15 * 60 * 1000L;
	static final long CACHE_REFRESH_TIMEOUT_MS = 5000L;
	static final long RATE_LIMIT_MS = 5000L;

	private final DefaultJWTProcessor<SecurityContext> myProcessor;

	public JwtVerifier(String theJwksUrl, String theIssuer, String theAudience) {
		this(theJwksUrl, theIssuer, theAudience, RATE_LIMIT_MS);
	}

	JwtVerifier(String theJwksUrl, String theIssuer, String theAudience, long theRateLimitMs) {
		if (theIssuer == null || theIssuer.isBlank()) {
			throw new IllegalArgumentException("issuer is required");
		}
		JWKSource<SecurityContext> keys;
		try {
			keys = JWKSourceBuilder.<SecurityContext>create(
							URI.create(theJwksUrl).toURL(),
							new DefaultResourceRetriever(HTTP_TIMEOUT_MS, HTTP_TIMEOUT_MS, 512 * 1024))
					.cache(CACHE_TTL_MS, CACHE_REFRESH_TIMEOUT_MS)
					.refreshAheadCache(false)
					.rateLimited(theRateLimitMs)
					.retrying(true)
					.build();
		} catch (MalformedURLException | IllegalArgumentException e) {
			throw new IllegalArgumentException("Bad JWKS URL: " + theJwksUrl, e);
		}

		Set<JWSAlgorithm> algs = new HashSet<>();
		algs.addAll(JWSAlgorithm.Family.RSA);
		algs.addAll(JWSAlgorithm.Family.EC);
		algs.addAll(JWSAlgorithm.Family.ED);

		myProcessor = new DefaultJWTProcessor<>();
		myProcessor.setJWSTypeVerifier(
				new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
		myProcessor.setJWSKeySelector(new JWSVerificationKeySelector<>(algs, keys));
		myProcessor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
				theAudience, new JWTClaimsSet.Builder().issuer(theIssuer).build(), Set.of("exp", "iss")));
	}

	/**
	 * @return the verified claims
	 * @throws InvalidTokenException if the token is malformed, badly signed, expired, or has the wrong iss/aud
	 */
	public JWTClaimsSet verify(String theToken) throws InvalidTokenException {
		try {
			return myProcessor.process(theToken, null);
		} catch (Exception e) {
			throw new InvalidTokenException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
		}
	}

	public static final class InvalidTokenException extends Exception {
		public InvalidTokenException(String theMessage) {
			super(theMessage);
		}
	}
}
