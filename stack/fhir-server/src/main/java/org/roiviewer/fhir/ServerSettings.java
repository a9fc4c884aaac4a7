package org.roiviewer.fhir;

/**
 * Runtime settings, read once from Java system properties. See {@link FhirServerMain} for the list.
 */
public final class ServerSettings {

	public final int port;
	/** "mem", "file:/absolute/path/prefix" or "jdbc:postgresql://host:port/database". */
	public final String db;
	public final String dbUser;
	public final String dbPassword;
	/**
	 * Whether the system-level transaction and batch interactions are offered. Off imitates the
	 * many R5 servers that only offer per-resource interactions, so clients must save without them.
	 */
	public final boolean transactions;

	public final String jwksUrl;
	public final String issuer;
	public final String audience;

	public ServerSettings(int thePort, String theDb, String theJwksUrl, String theIssuer, String theAudience) {
		this(thePort, theDb, null, null, true, theJwksUrl, theIssuer, theAudience);
	}

	public ServerSettings(
			int thePort,
			String theDb,
			String theDbUser,
			String theDbPassword,
			boolean theTransactions,
			String theJwksUrl,
			String theIssuer,
			String theAudience) {
		port = thePort;
		db = theDb;
		dbUser = blankToNull(theDbUser);
		dbPassword = theDbPassword == null ? "" : theDbPassword;
		transactions = theTransactions;
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
		if (!db.equals("mem") && !db.startsWith("file:") && !db.startsWith("jdbc:postgresql://")) {
			throw new IllegalArgumentException(
					"fhir.db must be 'mem', 'file:<absolute path prefix>' or 'jdbc:postgresql://host:port/db', got: " + db);
		}
		if (db.startsWith("file:")) {
			String path = db.substring("file:".length());
			if (!path.startsWith("/")) {
				throw new IllegalArgumentException("fhir.db file path must be absolute, got: " + path);
			}
		}
		String tx = System.getProperty("fhir.transactions", "on").trim();
		if (!tx.equals("on") && !tx.equals("off")) {
			throw new IllegalArgumentException("fhir.transactions must be 'on' or 'off', got: " + tx);
		}
		ServerSettings s = new ServerSettings(
				port,
				db,
				System.getProperty("fhir.db.user"),
				System.getProperty("fhir.db.password"),
				tx.equals("on"),
				System.getProperty("fhir.auth.jwksUrl"),
				System.getProperty("fhir.auth.issuer"),
				System.getProperty("fhir.auth.audience"));
		if (s.jwksUrl != null && s.issuer == null) {
			throw new IllegalArgumentException("fhir.auth.issuer is required when fhir.auth.jwksUrl is set");
		}
		return s;
	}

	public boolean isPostgres() {
		return db.startsWith("jdbc:postgresql://");
	}

	/** JDBC URL for H2 or PostgreSQL. */
	public String jdbcUrl() {
		if (isPostgres()) {
			return db;
		}
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
