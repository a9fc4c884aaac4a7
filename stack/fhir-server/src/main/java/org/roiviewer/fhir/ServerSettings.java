package org.roiviewer.fhir;

/**
 * Runtime settings, read once from Java system properties. See {@link FhirServerMain} for the list.
 */
public final class ServerSettings {

	public final int port;
	/** "mem" or "file:/absolute/path/prefix". */
	public final String db;

	public final String jwksUrl;
	public final String issuer;
	public final String audience;

	public ServerSettings(int thePort, String theDb, String theJwksUrl, String theIssuer, String theAudience) {
		port = thePort;
		db = theDb;
		jwksUrl = blankToNull(theJwksUrl);
		issuer = blankToNull(theIssuer);
		audience = blankToNull(theAudience);
	}

	public static ServerSettings fromSystemProperties() {
		String portText = System.getProperty("fhir.port", "8080").trim();
		int port;
		try {
			port = Integer.parseInt(portText);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("fhir.port is not a number: " + portText);
		}
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("fhir.port out of range: " + port);
		}
		String db = System.getProperty("fhir.db", "mem").trim();
		if (!db.equals("mem") && !db.startsWith("file:")) {
			throw new IllegalArgumentException("fhir.db must be 'mem' or 'file:<absolute path prefix>', got: " + db);
		}
		if (db.startsWith("file:")) {
			String path = db.substring("file:".length());
			if (!path.startsWith("/")) {
				throw new IllegalArgumentException("fhir.db file path must be absolute, got: " + path);
			}
		}
		ServerSettings s = new ServerSettings(
				port,
				db,
				System.getProperty("fhir.auth.jwksUrl"),
				System.getProperty("fhir.auth.issuer"),
				System.getProperty("fhir.auth.audience"));
		if (s.jwksUrl != null && s.issuer == null) {
			throw new IllegalArgumentException("fhir.auth.issuer is required when fhir.auth.jwksUrl is set");
		}
		return s;
	}

	/** JDBC URL for H2. */
	public String jdbcUrl() {
		if (db.equals("mem")) {
			return "jdbc:h2:mem:fhir;DB_CLOSE_DELAY=-1";
		}
		// We close the pool ourselves on shutdown; keep H2's own JVM hook out of the race.
		return "jdbc:h2:file:" + db.substring("file:".length()) + ";DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0";
	}

	public boolean authEnabled() {
		return jwksUrl != null;
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.trim();
	}
}
