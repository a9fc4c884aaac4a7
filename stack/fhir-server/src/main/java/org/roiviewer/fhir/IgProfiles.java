package org.roiviewer.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.r5.model.StructureDefinition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HL7 DICOM SR IG profiles the viewer writes and reads, as differentials (resources under
 * {@code ig-profiles/}). HAPI's SnapshotGeneratingValidationSupport builds their snapshots on first
 * use, so a resource declaring one of these {@code meta.profile} values is validated against it.
 */
public final class IgProfiles {

	public static final String CANONICAL = "http://hl7.org/fhir/uv/dicom-sr/StructureDefinition/";

	/** Base profiles first: a snapshot is generated from its parent's. */
	public static final List<String> IDS = List.of(
			"observation-imaging-selection",
			"image-region-2d",
			"illustration-of-roi",
			"referenced-segment",
			"imaging-observation",
			"imaging-measurement-group",
			"imaging-measurement");

	private IgProfiles() {}

	public static PrePopulatedValidationSupport load(FhirContext theContext) {
		PrePopulatedValidationSupport support = new PrePopulatedValidationSupport(theContext);
		for (String id : IDS) support.addStructureDefinition(read(theContext, id));
		return support;
	}

	static StructureDefinition read(FhirContext theContext, String theId) {
		String name = "/ig-profiles/StructureDefinition-" + theId + ".json";
		try (InputStream in = IgProfiles.class.getResourceAsStream(name)) {
			if (in == null) throw new IllegalStateException("Missing profile resource " + name);
			String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return theContext.newJsonParser().parseResource(StructureDefinition.class, json);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
