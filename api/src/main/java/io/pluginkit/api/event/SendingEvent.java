package io.pluginkit.api.event;

import java.util.List;
import java.util.Map;

/**
 * The payload of {@value #TOPIC}, LUNA's {@code sending_event}: events a handler generated, to be
 * sent to a third-party source. {@code POST /api/events/pluginkit/sending} with this record's
 * JSON ({@code {"handlerId":...,"accountId":...,"requestId":...,"events":[...],
 * "createEventTime":...,"endEventTime":...}}) publishes one.
 *
 * @param handlerId the handler's id
 * @param accountId the account's id
 * @param requestId the request's id
 * @param events the events, each a JSON object
 * @param createEventTime when the events were created
 * @param endEventTime when they ended
 */
public record SendingEvent(String handlerId, String accountId, String requestId, List<Map<String, Object>> events,
	String createEventTime, String endEventTime) {

	/** The topic of sending events. */
	public static final String TOPIC = "pluginkit/sending";
}
