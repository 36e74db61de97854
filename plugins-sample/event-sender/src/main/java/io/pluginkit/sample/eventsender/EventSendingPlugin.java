package io.pluginkit.sample.eventsender;

import java.net.http.HttpResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import io.pluginkit.api.event.Event;
import io.pluginkit.api.event.EventListener;
import io.pluginkit.api.event.EventTopic;
import io.pluginkit.api.event.SendingEvent;

/**
 * LUNA's {@code EventSendingPlugin}: on initialize creates its bucket, then posts each
 * {@code pluginkit/sending} event as {@code {"handler_id","account_id","Luna-Request-Id","events",
 * "event_create_time","event_end_time"}} to {@code POST {url}/{bucket}/objects}. The url and the
 * bucket come from PID {@code pluginkit.event-sender} and change live.
 */
@Designate(ocd = EventSendingPlugin.Config.class)
@Component(service = EventListener.class, configurationPid = "pluginkit.event-sender")
@EventTopic(SendingEvent.TOPIC)
public class EventSendingPlugin implements EventListener {

	/** PID {@code pluginkit.event-sender}: LUNA's defaults. */
	@ObjectClassDefinition(name = "event-sender", description = "Where sending events go.")
	public @interface Config {
		@AttributeDefinition(description = "The bucket server's buckets URL")
		String url() default "http://127.0.0.1:5020/1/buckets";

		@AttributeDefinition(description = "The bucket the events go to")
		String bucket() default "plugin_test_bucket";
	}

	private static final Logger LOG = LoggerFactory.getLogger(EventSendingPlugin.class);
	private static final Gson GSON = new Gson();

	private volatile Bucket bucket;

	@Activate
	public EventSendingPlugin(Config config) {
		this(config.url(), config.bucket());
	}

	EventSendingPlugin(String url, String bucket) {
		this.bucket = new Bucket(url, bucket);
	}

	/** A new url or bucket applies from the next event. */
	@Modified
	void modified(Config config) {
		bucket = new Bucket(config.url(), config.bucket());
	}

	@Override
	public void initialize() throws Exception {
		bucket.create();
	}

	@Override
	public void handle(Event event) throws Exception {
		sendEvents(event.payload(SendingEvent.class));
	}

	/** Posts one handler's events. */
	void sendEvents(SendingEvent e) throws Exception {
		LOG.debug("Plugin 'EventsOnFinishExampleClass' get events, request_id: {}, event_create_time: {}, event_end_time: {}",
			e.requestId(), e.createEventTime(), e.endEventTime());
		JsonObject msg = new JsonObject();
		msg.addProperty("handler_id", e.handlerId());
		msg.addProperty("account_id", e.accountId());
		msg.addProperty("Luna-Request-Id", e.requestId());
		msg.add("events", GSON.toJsonTree(e.events() == null ? java.util.List.of() : e.events()));
		msg.addProperty("event_create_time", e.createEventTime());
		msg.addProperty("event_end_time", e.endEventTime());
		HttpResponse<String> response = bucket.add(msg.toString());
		LOG.debug("{}", response.statusCode());
		LOG.debug("{}", response.body());
	}
}
