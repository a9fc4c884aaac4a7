package org.roiviewer.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r5.model.CapabilityStatement;

import java.util.Set;

/**
 * Turns the system-level transaction and batch interactions off, in the requests and in the
 * CapabilityStatement, so that the stack can stand in for the R5 servers that offer only
 * per-resource interactions (create, read, vread, update, patch, delete, search, history).
 * HAPI's system provider has no switch for this; refusing before the handler runs is equivalent
 * for clients, which is what the e2e tests against this configuration check.
 */
@Interceptor
public final class TransactionGate {

	private static final Set<String> SYSTEM_INTERACTIONS_OFF = Set.of("transaction", "batch");

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean refuse(RequestDetails theRequest) {
		RestOperationTypeEnum op = theRequest.getRestOperationType();
		if (op == RestOperationTypeEnum.TRANSACTION || op == RestOperationTypeEnum.BATCH) {
			MethodNotAllowedException e =
					new MethodNotAllowedException("This server does not support the system-level " + op.getCode()
							+ " interaction; send each resource as its own request");
			e.setAllowedMethods(ca.uhn.fhir.rest.api.RequestTypeEnum.GET);
			throw e;
		}
		return true;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void hide(IBaseConformance theCapabilityStatement) {
		if (theCapabilityStatement instanceof CapabilityStatement cs) {
			for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
				rest.getInteraction()
						.removeIf(i -> i.getCode() != null && SYSTEM_INTERACTIONS_OFF.contains(i.getCode().toCode()));
			}
		}
	}
}
