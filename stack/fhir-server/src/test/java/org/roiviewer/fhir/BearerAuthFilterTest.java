package org.roiviewer.fhir;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exercises {@link BearerAuthFilter} + {@link JwtVerifier} over real HTTP, without the (slow) HAPI context. */
class BearerAuthFilterTest {

	private static final String ISSUER = "http://127.0.0.1/test-issuer";
	private static final String AUDIENCE = "roi-viewer";

	private static HttpServer ourJwksServer;
	private static Server ourJetty;
	private static String ourBase;
	private static RSAKey ourKey1;
	private static RSAKey ourKey2;
	private static final AtomicReference<JWKSet> ourPublished = new AtomicReference<>();
	private static final AtomicInteger ourJwksFetches = new AtomicInteger();
	private static final HttpClient ourClient = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws Exception {
		ourKey1 = new RSAKeyGenerator(2048).keyID("k1").generate();
		ourKey2 = new RSAKeyGenerator(2048).keyID("k2").generate();
		ourPublished.set(new JWKSet(ourKey1.toPublicJWK()));

		ourJwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		ourJwksServer.createContext("/jwks", ex -> {
			ourJwksFetches.incrementAndGet();
			byte[] body = ourPublished.get().toString().getBytes(StandardCharsets.UTF_8);
			ex.getResponseHeaders().add("Content-Type", "application/json");
			ex.sendResponseHeaders(200, body.length);
			ex.getResponseBody().write(body);
			ex.close();
		});
		ourJwksServer.start();
		String jwksUrl = "http://127.0.0.1:" + ourJwksServer.getAddress().getPort() + "/jwks";

		ourJetty = new Server();
		ServerConnector connector = new ServerConnector(ourJetty);
		connector.setHost("127.0.0.1");
		connector.setPort(0);
		ourJetty.addConnector(connector);
		ServletContextHandler ctx = new ServletContextHandler("/");
		ctx.addFilter(
				new FilterHolder(new BearerAuthFilter(new JwtVerifier(jwksUrl, ISSUER, AUDIENCE, 100), "/fhir")),
				"/fhir/*",
				EnumSet.of(DispatcherType.REQUEST));
		ctx.addServlet(new ServletHolder(new HttpServlet() {
			@Override
			protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
				resp.setStatus(200);
				resp.getWriter().write("ok " + req.getMethod() + " " + req.getRequestURI());
			}
		}), "/fhir/*");
		ourJetty.setHandler(ctx);
		ourJetty.start();
		ourBase = "http://127.0.0.1:" + connector.getLocalPort() + "/fhir";
	}

	@AfterAll
	static void stop() throws Exception {
		ourJetty.stop();
		ourJwksServer.stop(0);
	}

	private static String token(RSAKey theKey, String theIss, String theAud, long theExpOffsetSeconds) throws Exception {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
				.issuer(theIss)
				.subject("alice")
				.issueTime(new Date())
				.expirationTime(new Date(System.currentTimeMillis() + theExpOffsetSeconds * 1000));
		if (theAud != null) {
			claims.audience(theAud);
		}
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(theKey.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims.build());
		jwt.sign(new RSASSASigner(theKey));
		return jwt.serialize();
	}

	private static HttpResponse<String> get(String thePath, String theToken) throws Exception {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ourBase + thePath)).GET();
		if (theToken != null) {
			b.header("Authorization", "Bearer " + theToken);
		}
		return ourClient.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertUnauthorized(HttpResponse<String> theResp) {
		assertEquals(401, theResp.statusCode(), theResp.body());
		String challenge = theResp.headers().firstValue("WWW-Authenticate").orElse(null);
		assertNotNull(challenge);
		assertTrue(challenge.startsWith("Bearer"), challenge);
		assertTrue(theResp.body().contains("\"resourceType\":\"OperationOutcome\""), theResp.body());
		assertTrue(theResp.headers().firstValue("Content-Type").orElse("").startsWith("application/fhir+json"));
	}

	@Test
	void metadataAndPreflightNeedNoToken() throws Exception {
		assertEquals(200, get("/metadata", null).statusCode());
		HttpResponse<String> preflight = ourClient.send(
				HttpRequest.newBuilder(URI.create(ourBase + "/ImagingSelection"))
						.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
						.header("Origin", "http://localhost:5173")
						.header("Access-Control-Request-Method", "POST")
						.build(),
				HttpResponse.BodyHandlers.ofString());
		assertEquals(200, preflight.statusCode());
	}

	@Test
	void missingOrMalformedTokenIsRejected() throws Exception {
		assertUnauthorized(get("/ImagingSelection", null));
		assertUnauthorized(get("/ImagingSelection", "not-a-jwt"));
		HttpResponse<String> post = ourClient.send(
				HttpRequest.newBuilder(URI.create(ourBase + "/ImagingSelection"))
						.POST(HttpRequest.BodyPublishers.ofString("{}"))
						.header("Origin", "http://localhost:5173")
						.build(),
				HttpResponse.BodyHandlers.ofString());
		assertUnauthorized(post);
		assertEquals("*", post.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
	}

	@Test
	void validTokenPasses() throws Exception {
		HttpResponse<String> resp = get("/ImagingSelection", token(ourKey1, ISSUER, AUDIENCE, 300));
		assertEquals(200, resp.statusCode(), resp.body());
		assertEquals("ok GET /fhir/ImagingSelection", resp.body());
	}

	@Test
	void wrongIssuerAudienceExpiryOrSignatureIsRejected() throws Exception {
		assertUnauthorized(get("/Patient", token(ourKey1, "http://evil", AUDIENCE, 300)));
		assertUnauthorized(get("/Patient", token(ourKey1, ISSUER, "someone-else", 300)));
		assertUnauthorized(get("/Patient", token(ourKey1, ISSUER, AUDIENCE, -600)));
		// Signed by a key that claims kid "k1" but is not the published k1.
		RSAKey impostor = new RSAKeyGenerator(2048).keyID("k1").generate();
		assertUnauthorized(get("/Patient", token(impostor, ISSUER, AUDIENCE, 300)));
	}

	@Test
	void unknownKidTriggersJwksRefresh() throws Exception {
		assertEquals(200, get("/Patient", token(ourKey1, ISSUER, AUDIENCE, 300)).statusCode());
		// Not yet published: rejected.
		Thread.sleep(200);
		assertUnauthorized(get("/Patient", token(ourKey2, ISSUER, AUDIENCE, 300)));
		// Rotate: publish k2; the verifier re-fetches because the kid is unknown.
		ourPublished.set(new JWKSet(java.util.List.of(ourKey1.toPublicJWK(), ourKey2.toPublicJWK())));
		Thread.sleep(200);
		int before = ourJwksFetches.get();
		HttpResponse<String> resp = get("/Patient", token(ourKey2, ISSUER, AUDIENCE, 300));
		assertEquals(200, resp.statusCode(), resp.body());
		assertTrue(ourJwksFetches.get() > before);
	}
}
