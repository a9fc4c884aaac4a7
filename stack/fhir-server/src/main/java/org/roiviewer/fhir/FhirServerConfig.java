package org.roiviewer.fhir;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.model.HistoryCountModeEnum;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r5.JpaR5Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;
import ca.uhn.fhir.rest.server.interceptor.RequestValidatingInterceptor;
import ca.uhn.fhir.rest.server.interceptor.validation.ValidationMessageUnknownCodeSystemPostProcessingInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.dbcp2.BasicDataSource;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.Meta;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.web.cors.CorsConfiguration;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Spring configuration of the HAPI FHIR R5 JPA server (H2 + Hibernate, no Hibernate Search).
 * {@link ServerSettings} is registered into the context by {@link FhirServerMain}.
 */
@Configuration
@Import({
	JpaR5Config.class,
	HapiJpaConfig.class,
	JpaBatch2Config.class,
	Batch2JobsConfig.class,
	SubscriptionChannelConfig.class,
	ThreadPoolFactoryConfig.class
})
public class FhirServerConfig {

	/** Validates request bodies; separate from JPA's own chain (which also consults the database). */
	public static final String REQUEST_VALIDATOR = "roiRequestFhirValidator";

	@Bean
	public JpaStorageSettings storageSettings() {
		JpaStorageSettings s = new JpaStorageSettings();
		// A search issued right after a write must see that write.
		s.setReuseCachedSearchResultsForMillis(null);
		// The default caches an instance's history count, so a version written after the first
		// _history read was left out of every later read (no next link either): a reviewer's
		// History view must list every version.
		s.setHistoryCountMode(HistoryCountModeEnum.COUNT_ACCURATE);
		s.setExpireSearchResultsAfterMillis(Duration.ofMinutes(30).toMillis());
		// Literal references must resolve; identifier-only references are just stored.
		s.setEnforceReferentialIntegrityOnWrite(true);
		s.setEnforceReferentialIntegrityOnDelete(true);
		s.setAutoCreatePlaceholderReferenceTargets(false);
		s.setAllowExternalReferences(false);
		s.setDefaultSearchParamsCanBeOverridden(true);
		return s;
	}

	@Bean
	public PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Bean
	public SubscriptionSettings subscriptionSettings() {
		// No subscription channel types enabled.
		return new SubscriptionSettings();
	}

	@Bean(destroyMethod = "close")
	public BasicDataSource dataSource(ServerSettings theSettings) {
		BasicDataSource ds = new BasicDataSource();
		ds.setUrl(theSettings.jdbcUrl());
		if (theSettings.isPostgres()) {
			ds.setDriver(new org.postgresql.Driver());
			ds.setUsername(theSettings.dbUser == null ? "postgres" : theSettings.dbUser);
			ds.setPassword(theSettings.dbPassword);
			// Several viewers share one server: more connections, and stale ones are replaced.
			ds.setMaxTotal(20);
			ds.setMaxIdle(10);
			ds.setMinIdle(2);
			ds.setTestOnBorrow(true);
			ds.setValidationQuery("SELECT 1");
		} else {
			ds.setDriver(new org.h2.Driver());
			ds.setUsername("sa");
			ds.setPassword("");
			ds.setMaxTotal(8);
			ds.setMaxIdle(4);
			ds.setMinIdle(1);
		}
		ds.setMaxWait(Duration.ofSeconds(20));
		return ds;
	}

	@Primary
	@Bean
	public LocalContainerEntityManagerFactoryBean entityManagerFactory(
			ConfigurableListableBeanFactory theBeanFactory,
			FhirContext theFhirContext,
			JpaStorageSettings theStorageSettings,
			DataSource theDataSource,
			ServerSettings theSettings) {
		LocalContainerEntityManagerFactoryBean emf =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(theBeanFactory, theFhirContext, theStorageSettings);
		emf.setPersistenceUnitName("HAPI_PU");
		emf.setDataSource(theDataSource);
		Properties p = new Properties();
		p.put(
				"hibernate.dialect",
				theSettings.isPostgres() ? HapiFhirPostgresDialect.class.getName() : HapiFhirH2Dialect.class.getName());
		p.put("hibernate.hbm2ddl.auto", "update");
		p.put("hibernate.format_sql", "false");
		p.put("hibernate.show_sql", "false");
		p.put("hibernate.jdbc.batch_size", "20");
		p.put("hibernate.cache.use_query_cache", "false");
		p.put("hibernate.cache.use_second_level_cache", "false");
		p.put("hibernate.cache.use_structured_entries", "false");
		p.put("hibernate.cache.use_minimal_puts", "false");
		p.put("hibernate.search.enabled", "false");
		emf.setJpaProperties(p);
		return emf;
	}

	@Primary
	@Bean
	public JpaTransactionManager transactionManager(EntityManagerFactory theEntityManagerFactory) {
		JpaTransactionManager tm = new JpaTransactionManager();
		tm.setEntityManagerFactory(theEntityManagerFactory);
		return tm;
	}

	@Lazy
	@Bean
	public IBinaryStorageSvc binaryStorageSvc() {
		return new DatabaseBinaryContentStorageSvcImpl();
	}

	/**
	 * The validator used for incoming request bodies: R5 core definitions, the DICOM SR IG profiles
	 * ({@link IgProfiles}) plus in-memory terminology.
	 * The chain caches its results (HAPI 8's replacement for the deprecated CachingValidationSupport).
	 */
	@Bean(name = REQUEST_VALIDATOR)
	public FhirValidator requestFhirValidator(FhirContext theFhirContext) {
		return newRequestValidator(theFhirContext);
	}

	/** Also used by the tests, so they validate with exactly the server's chain. */
	public static FhirValidator newRequestValidator(FhirContext theFhirContext) {
		ValidationSupportChain chain = new ValidationSupportChain(
				ValidationSupportChain.CacheConfiguration.defaultValues(),
				new DefaultProfileValidationSupport(theFhirContext),
				IgProfiles.load(theFhirContext),
				new InMemoryTerminologyServerValidationSupport(theFhirContext),
				new CommonCodeSystemsTerminologyService(theFhirContext),
				new SnapshotGeneratingValidationSupport(theFhirContext));
		FhirInstanceValidator module = new FhirInstanceValidator(chain);
		module.setAnyExtensionsAllowed(true);
		module.setNoTerminologyChecks(false);
		FhirValidator validator = theFhirContext.newValidator();
		validator.setValidateAgainstStandardSchema(false);
		validator.setValidateAgainstStandardSchematron(false);
		validator.registerValidatorModule(module);
		return validator;
	}

	@Bean
	public RestfulServer restfulServer(
			FhirContext theFhirContext,
			IFhirSystemDao<Bundle, Meta> theSystemDao,
			JpaSystemProvider<Bundle, Meta> theSystemProvider,
			ResourceProviderFactory theResourceProviderFactory,
			JpaStorageSettings theStorageSettings,
			ISearchParamRegistry theSearchParamRegistry,
			IValidationSupport theValidationSupport,
			DatabaseBackedPagingProvider thePagingProvider,
			FhirValidator theRequestValidator,
			ServerSettings theSettings) {
		RestfulServer server = new RestfulServer(theFhirContext);
		server.registerProviders(theResourceProviderFactory.createProviders());
		server.registerProvider(theSystemProvider);
		server.setServerConformanceProvider(new JpaCapabilityStatementProvider(
				server, theSystemDao, theStorageSettings, theSearchParamRegistry, theValidationSupport));

		thePagingProvider.setDefaultPageSize(20);
		thePagingProvider.setMaximumPageSize(500);
		server.setPagingProvider(thePagingProvider);
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		server.setDefaultPrettyPrint(false);

		server.registerInterceptor(corsInterceptor());
		if (!theSettings.transactions) {
			server.registerInterceptor(new TransactionGate());
		}

		RequestValidatingInterceptor validating = new RequestValidatingInterceptor();
		validating.setValidator(theRequestValidator);
		validating.setFailOnSeverity(ResultSeverityEnum.ERROR);
		validating.setAddResponseHeaderOnSeverity(null);
		validating.setAddResponseOutcomeHeaderOnSeverity(null);
		server.registerInterceptor(validating);
		// Codes from systems we cannot look up (DICOM DCM, SNOMED CT, RadLex) are at most a warning.
		server.registerInterceptor(
				new ValidationMessageUnknownCodeSystemPostProcessingInterceptor(IValidationSupport.IssueSeverity.WARNING));
		return server;
	}

	static CorsInterceptor corsInterceptor() {
		CorsConfiguration cors = new CorsConfiguration();
		cors.addAllowedOriginPattern("*");
		cors.setAllowCredentials(false);
		cors.setAllowedHeaders(List.of(
				"Authorization",
				"If-Match",
				"If-None-Exist",
				"If-None-Match",
				"If-Modified-Since",
				"Prefer",
				"Content-Type",
				"Accept",
				"Cache-Control",
				"Origin",
				"X-Requested-With"));
		cors.setExposedHeaders(List.of("ETag", "Location", "Content-Location", "Last-Modified", "WWW-Authenticate"));
		cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"));
		cors.setMaxAge(3600L);
		return new CorsInterceptor(cors);
	}
}
