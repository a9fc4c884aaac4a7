package org.roiviewer.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationResult;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;

/**
 * HAPI FHIR R5 JPA server (H2) on embedded Jetty, for the ROI annotation viewer.
 *
 * <p>Base URL: {@code http://127.0.0.1:<port>/fhir}. Listens on 127.0.0.1 only.
 *
 * <p>Settings (Java system properties, {@code -Dname=value} before {@code -jar}):
 * <ul>
 *   <li>{@code fhir.port} - TCP port, default {@code 8080} ({@code 0} picks a free port).</li>
 *   <li>{@code fhir.db} - {@code mem} (in-memory H2, default) or {@code file:<absolute path prefix>}
 *       (H2 file database {@code <prefix>.mv.db}, survives restarts).</li>
 *   <li>{@code fhir.auth.jwksUrl} - if set, every request except {@code GET /fhir/metadata} and CORS
 *       preflight {@code OPTIONS} needs {@code Authorization: Bearer <JWT>} signed by a key from this JWKS.</li>
 *   <li>{@code fhir.auth.issuer} - required {@code iss} claim (required when jwksUrl is set).</li>
 *   <li>{@code fhir.auth.audience} - optional; if set the token's {@code aud} must contain it.</li>
 * </ul>
 *
 * <p>When ready it prints exactly one line to stdout: {@code FHIR server started in <ms> ms on port <port>}.
 * Logs go to stderr. SIGTERM stops Jetty, then the Spring context (closing the database cleanly).
 */
public final class FhirServerMain {

	private static final Logger ourLog = LoggerFactory.getLogger(FhirServerMain.class);
	public static final String FHIR_PATH = "/fhir";

	private final Server myJetty;
	private final AnnotationConfigApplicationContext mySpring;
	private final int myPort;

	private FhirServerMain(Server theJetty, AnnotationConfigApplicationContext theSpring, int thePort) {
		myJetty = theJetty;
		mySpring = theSpring;
		myPort = thePort;
	}

	public int getPort() {
		return myPort;
	}

	public static void main(String[] args) {
		long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
		FhirServerMain server;
		try {
			server = start(ServerSettings.fromSystemProperties());
		} catch (Throwable t) {
			ourLog.error("FHIR server failed to start", t);
			System.err.println("FHIR server failed to start: " + t);
			System.exit(1);
			return;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "fhir-shutdown"));
		long ms = System.currentTimeMillis() - jvmStart;
		System.out.println("FHIR server started in " + ms + " ms on port " + server.getPort());
		System.out.flush();
	}

	/** Starts Spring + Jetty, warms up, and returns once the server answers requests. */
	public static FhirServerMain start(ServerSettings theSettings) throws Exception {
		AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext();
		spring.registerBean(ServerSettings.class, () -> theSettings);
		spring.register(FhirServerConfig.class);
		spring.refresh();

		try {
			RestfulServer restfulServer = spring.getBean(RestfulServer.class);

			QueuedThreadPool pool = new QueuedThreadPool(24, 4);
			pool.setName("jetty");
			Server jetty = new Server(pool);
			ServerConnector connector = new ServerConnector(jetty, 1, 1);
			connector.setHost("127.0.0.1");
			connector.setPort(theSettings.port);
			connector.setIdleTimeout(30_000);
			jetty.addConnector(connector);
			jetty.setStopTimeout(5_000);
			jetty.setStopAtShutdown(false);

			ServletContextHandler context = new ServletContextHandler("/");
			if (theSettings.authEnabled()) {
				JwtVerifier verifier = new JwtVerifier(theSettings.jwksUrl, theSettings.issuer, theSettings.audience);
				context.addFilter(
						new FilterHolder(new BearerAuthFilter(verifier, FHIR_PATH)),
						FHIR_PATH + "/*",
						EnumSet.of(DispatcherType.REQUEST));
				ourLog.info("Bearer JWT auth on: jwks={} iss={} aud={}",
						theSettings.jwksUrl, theSettings.issuer, theSettings.audience);
			}
			ServletHolder holder = new ServletHolder("fhir", restfulServer);
			holder.setInitOrder(1);
			context.addServlet(holder, FHIR_PATH + "/*");
			jetty.setHandler(context);
			jetty.start();

			int port = connector.getLocalPort();
			FhirServerMain server = new FhirServerMain(jetty, spring, port);
			server.warmUp(spring);
			return server;
		} catch (Exception | Error e) {
			spring.close();
			throw e;
		}
	}

	private void warmUp(AnnotationConfigApplicationContext theSpring) {
		long t0 = System.currentTimeMillis();
		// 1. The instance validator loads the R5 core definitions lazily; do it now.
		FhirContext ctx = theSpring.getBean(FhirContext.class);
		FhirValidator validator = theSpring.getBean(FhirServerConfig.REQUEST_VALIDATOR, FhirValidator.class);
		ValidationResult result = validator.validateWithResult(ctx.newJsonParser().parseResource(WARMUP_SELECTION));
		if (!result.isSuccessful()) {
			ourLog.warn("Warm-up ImagingSelection did not validate cleanly: {}",
					ctx.newJsonParser().encodeResourceToString(result.toOperationOutcome()));
		}
		// 2. The first capability statement is built lazily too.
		try {
			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			HttpResponse<Void> resp = client.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + myPort + FHIR_PATH + "/metadata"))
							.timeout(Duration.ofSeconds(60))
							.GET()
							.build(),
					HttpResponse.BodyHandlers.discarding());
			if (resp.statusCode() != 200) {
				ourLog.warn("Warm-up GET /metadata returned {}", resp.statusCode());
			}
		} catch (Exception e) {
			ourLog.warn("Warm-up GET /metadata failed: {}", e.toString());
		}
		ourLog.info("Warm-up took {} ms", System.currentTimeMillis() - t0);
	}

	public synchronized void stop() {
		ourLog.info("Stopping FHIR server");
		try {
			if (myJetty.isRunning()) {
				myJetty.stop();
			}
		} catch (Exception e) {
			ourLog.warn("Error stopping Jetty", e);
		}
		if (mySpring.isActive()) {
			mySpring.close();
		}
		ourLog.info("FHIR server stopped");
	}

	private static final String WARMUP_SELECTION = "{\"resourceType\":\"ImagingSelection\","
			+ "\"identifier\":[{\"system\":\"urn:ietf:rfc:3986\",\"value\":\"urn:uuid:00000000-0000-4000-8000-000000000000\"}],"
			+ "\"status\":\"available\","
			+ "\"subject\":{\"type\":\"Patient\",\"identifier\":{\"system\":\"urn:example:pid\",\"value\":\"WARMUP\"}},"
			+ "\"category\":[{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"4147007\",\"display\":\"Mass\"}]}],"
			+ "\"code\":{\"coding\":[{\"system\":\"http://dicom.nema.org/resources/ontology/DCM\",\"code\":\"121200\",\"display\":\"Illustration of ROI\"}]},"
			+ "\"derivedFrom\":[{\"type\":\"ImagingStudy\",\"identifier\":{\"system\":\"urn:dicom:uid\",\"value\":\"urn:oid:1.2.3\"}}],"
			+ "\"studyUid\":\"1.2.3\",\"seriesUid\":\"1.2.3.1\","
			+ "\"instance\":[{\"uid\":\"1.2.3.1.1\",\"sopClass\":{\"system\":\"urn:ietf:rfc:3986\",\"code\":\"urn:oid:1.2.840.10008.5.1.4.1.1.2\"},"
			+ "\"imageRegion2D\":[{\"regionType\":\"point\",\"coordinate\":[1.5,2.5]}]}]}";
}
