package org.roiviewer.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IG profiles in the server's own validator chain: what the viewer writes passes, broken rules are named. */
class IgProfilesTest {

	private static FhirContext ourCtx;
	private static FhirValidator ourValidator;

	static final String CANON = IgProfiles.CANONICAL;
	static final String STUDY = "1.2.826.0.1.3680043.8.498.1";
	static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
	static final String STUDY_REF = "{\"reference\":\"ImagingStudy/s1\",\"type\":\"ImagingStudy\",\"identifier\":{\"type\":{\"coding\":[{\"system\":\"" + DCM
			+ "\",\"code\":\"110180\",\"display\":\"Study Instance UID\"}]},\"system\":\"urn:dicom:uid\",\"value\":\"urn:oid:" + STUDY + "\"}}";
	static final String SUBJECT = "\"subject\":{\"reference\":\"Patient/p1\",\"type\":\"Patient\"}";

	static String region(String code, String subject, String studyRef) {
		return "{\"resourceType\":\"ImagingSelection\",\"meta\":{\"profile\":[\"" + CANON + "image-region-2d\"]},"
				+ "\"status\":\"available\"," + subject + (subject.isEmpty() ? "" : ",")
				+ "\"basedOn\":[{\"type\":\"ServiceRequest\",\"identifier\":{\"type\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v2-0203\",\"code\":\"ACSN\",\"display\":\"Accession ID\"}]},\"value\":\"ACC-1\"}}],"
				+ "\"code\":{\"coding\":[{\"system\":\"" + DCM + "\",\"code\":\"" + code + "\",\"display\":\"Image Region\"}]},"
				+ "\"studyUid\":\"" + STUDY + "\",\"derivedFrom\":[" + studyRef + "],\"seriesUid\":\"" + STUDY + ".1\",\"seriesNumber\":1,"
				+ "\"instance\":[{\"uid\":\"" + STUDY + ".1.1\",\"number\":1,\"sopClass\":{\"system\":\"urn:ietf:rfc:3986\",\"code\":\"urn:oid:1.2.840.10008.5.1.4.1.1.2\"},"
				+ "\"imageRegion2D\":[{\"regionType\":\"circle\",\"coordinate\":[10,10,12,10]}]}]}";
	}

	static String observation(String profile, String device, String value, String extra) {
		return "{\"resourceType\":\"Observation\",\"meta\":{\"profile\":[\"" + CANON + profile + "\"]},"
				+ "\"identifier\":[{\"type\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/uv/dicom-sr/CodeSystem/dicom-identifier-type\",\"code\":\"observation-uid\",\"display\":\"Observation UID\"}]},\"system\":\"urn:dicom:uid\",\"value\":\"urn:oid:2.25.1234\"}],"
				+ "\"status\":\"final\"," + extra
				+ "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"42798000\",\"display\":\"Area\"}]},"
				+ SUBJECT + ",\"partOf\":[" + STUDY_REF + "],\"issued\":\"2025-01-02T03:04:05.678Z\","
				+ device + "\"derivedFrom\":[{\"reference\":\"ImagingSelection/r1\"}]" + value + "}";
	}

	static final String DEVICE = "\"device\":{\"reference\":\"Device/d1\"},";
	static final String QUANTITY = ",\"valueQuantity\":{\"value\":12.5,\"unit\":\"mm2\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mm2\"}";
	static final String GROUP_CATEGORY = "\"category\":[{\"coding\":[{\"system\":\"" + DCM + "\",\"code\":\"125007\",\"display\":\"Measurement Group\"}]}],";

	@BeforeAll
	static void setUp() {
		ourCtx = FhirContext.forR5();
		ourValidator = FhirServerConfig.newRequestValidator(ourCtx);
	}

	/** Errors as the server reports them (unknown code systems are downgraded there too). */
	static List<String> errors(String json) {
		return ourValidator.validateWithResult(ourCtx.newJsonParser().parseResource(json)).getMessages().stream()
				.filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
				.filter(m -> !isUnknownCodeSystem(m))
				.map(m -> m.getLocationString() + ": " + m.getMessage())
				.collect(Collectors.toList());
	}

	static boolean isUnknownCodeSystem(SingleValidationMessage m) {
		String id = m.getMessageId() == null ? "" : m.getMessageId();
		return id.startsWith("Terminology_TX_System") || id.contains("UNKNOWN_CODESYSTEM") || id.startsWith("TERMINOLOGY_TX_SYSTEM");
	}

	@Test
	void profilesAreLoaded() {
		for (String id : IgProfiles.IDS) {
			assertEquals(CANON + id, IgProfiles.read(ourCtx, id).getUrl());
		}
	}

	@Test
	void whatTheViewerWritesPasses() {
		assertEquals(List.of(), errors(region("111030", SUBJECT, STUDY_REF)));
		assertEquals(List.of(), errors(observation("imaging-measurement", DEVICE, QUANTITY, "")));
		assertEquals(List.of(), errors(observation("imaging-measurement-group", DEVICE,
				",\"hasMember\":[{\"reference\":\"Observation/m1\"}],\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"4147007\"}]}",
				GROUP_CATEGORY)));
	}

	static void assertNamed(List<String> errors, String rule) {
		assertTrue(errors.stream().anyMatch(e -> e.contains(rule)), () -> "expected an error naming " + rule + " in " + errors);
	}

	@Test
	void brokenRulesAreNamed() {
		assertNamed(errors(region("111030", "", STUDY_REF)), "ImagingSelection.subject");
		assertNamed(errors(region("121200", SUBJECT, STUDY_REF)), "111030");
		assertNamed(errors(region("111030", SUBJECT, STUDY_REF.replaceAll("\"type\":\\{[^}]*\\}\\]\\},", ""))), "identifier.type");
		assertNamed(errors(observation("imaging-measurement", "", QUANTITY, "")), "Observation.device");
		assertNamed(errors(observation("imaging-measurement", DEVICE, "", "")), "Observation.value[x]");
	}
}
