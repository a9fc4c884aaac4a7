package org.roiviewer.fhir;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Requires {@code Authorization: Bearer <JWT>} on every request except {@code GET/HEAD /fhir/metadata}
 * and CORS preflight {@code OPTIONS}. Failures get 401, {@code WWW-Authenticate: Bearer ...} and a
 * FHIR OperationOutcome body. Installed only when {@code fhir.auth.jwksUrl} is set.
 */
public final class BearerAuthFilter extends HttpFilter {

	public static final String CLAIMS_ATTRIBUTE = BearerAuthFilter.class.getName() + ".claims";

	private final JwtVerifier myVerifier;
	private final String myMetadataPath;

	public BearerAuthFilter(JwtVerifier theVerifier, String theFhirBasePath) {
		myVerifier = theVerifier;
		myMetadataPath = theFhirBasePath + "/metadata";
	}

	@Override
	protected void doFilter(HttpServletRequest theReq, HttpServletResponse theResp, FilterChain theChain)
			throws IOException, ServletException {
		if (isExempt(theReq)) {
			theChain.doFilter(theReq, theResp);
			return;
		}
		String header = theReq.getHeader("Authorization");
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
			reject(theReq, theResp, "Bearer realm=\"fhir\"", "Missing bearer token");
			return;
		}
		try {
			theReq.setAttribute(CLAIMS_ATTRIBUTE, myVerifier.verify(header.substring(7).trim()));
		} catch (JwtVerifier.InvalidTokenException e) {
			reject(
					theReq,
					theResp,
					"Bearer realm=\"fhir\", error=\"invalid_token\", error_description=\"" + headerSafe(e.getMessage())
							+ "\"",
					"Invalid bearer token: " + e.getMessage());
			return;
		}
		theChain.doFilter(theReq, theResp);
	}

	private boolean isExempt(HttpServletRequest theReq) {
		String method = theReq.getMethod();
		if ("OPTIONS".equals(method) && theReq.getHeader("Access-Control-Request-Method") != null) {
			return true; // CORS preflight never carries credentials
		}
		return ("GET".equals(method) || "HEAD".equals(method)) && myMetadataPath.equals(theReq.getRequestURI());
	}

	private static void reject(HttpServletRequest theReq, HttpServletResponse theResp, String theChallenge, String theMessage)
			throws IOException {
		theResp.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		theResp.setHeader("WWW-Authenticate", theChallenge);
		String origin = theReq.getHeader("Origin");
		if (origin != null) {
			// Let the browser app read the 401 (the CORS interceptor behind us never runs).
			theResp.setHeader("Access-Control-Allow-Origin", "*");
			theResp.setHeader("Access-Control-Expose-Headers", "WWW-Authenticate");
		}
		theResp.setContentType("application/fhir+json;charset=UTF-8");
		String body = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"login\","
				+ "\"diagnostics\":\"" + jsonEscape(theMessage) + "\"}]}";
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		theResp.setContentLength(bytes.length);
		theResp.getOutputStream().write(bytes);
	}

	private static String headerSafe(String s) {
		StringBuilder b = new StringBuilder();
		for (char c : (s == null ? "" : s).toCharArray()) {
			if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
				b.append(c);
			}
		}
		return b.length() > 200 ? b.substring(0, 200) : b.toString();
	}

	static String jsonEscape(String s) {
		StringBuilder b = new StringBuilder();
		for (char c : (s == null ? "" : s).toCharArray()) {
			switch (c) {
				case '"' -> b.append("\\\"");
				case '\\' -> b.append("\\\\");
				case '\n' -> b.append("\\n");
				case '\r' -> b.append("\\r");
				case '\t' -> b.append("\\t");
				default -> {
					if (c < 0x20) {
						b.append(String.format("\\u%04x", (int) c));
					} else {
						b.append(c);
					}
				}
			}
		}
		return b.toString();
	}
}
