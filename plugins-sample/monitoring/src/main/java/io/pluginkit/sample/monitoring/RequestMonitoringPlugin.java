package io.pluginkit.sample.monitoring;

import java.net.http.HttpResponse;
import java.util.List;

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
import io.pluginkit.api.event.MonitoringPoint;
import io.pluginkit.api.event.MonitoringPoints;

/**
 * LUNA's {@code RequestMonitoringPlugin}: on initialize creates its bucket, then sends each
 * monitoring point's tags and fields to {@code POST {url}/{bucket}/objects}. The url and the bucket
 * come from PID {@code pluginkit.monitoring} and change live.
 */
@Designate(ocd = RequestMonitoringPlugin.Config.class)
@Component(service = EventListener.class, configurationPid = "pluginkit.monitoring")
@EventTopic(MonitoringPoints.TOPIC)
public class RequestMonitoringPlugin implements EventListener {

	/** PID {@code pluginkit.monitoring}: LUNA's defaults. */
	@ObjectClassDefinition(name = "monitoring", description = "Where request monitoring points go.")
	public @interface Config {
		@AttributeDefinition(description = "The bucket server's buckets URL")
		String url() default "http://127.0.0.1:5020/1/buckets";

		@AttributeDefinition(description = "The bucket the points go to")
		String bucket() default "plugin_test_bucket";
	}

	private static final Logger LOG = LoggerFactory.getLogger(RequestMonitoringPlugin.class);
	private static final Gson GSON = new Gson();

	private volatile Bucket bucket;
	private volatile boolean initialized;

	@Activate
	public RequestMonitoringPlugin(Config config) {
		this(config.url(), config.bucket());
	}

	RequestMonitoringPlugin(String url, String bucket) {
		this.bucket = new Bucket(url, bucket);
	}

	/** A new url or bucket applies from the next point; the new bucket is created first. */
	@Modified
	void modified(Config config) throws Exception {
		Bucket next = new Bucket(config.url(), config.bucket());
		if (initialized) {
			try {
				next.create();
			} catch (Exception e) {
				LOG.error("monitoring: cannot create bucket {} at {}: {}", next.name, next.url, e.toString());
			}
		}
		bucket = next;
	}

	@Override
	public void initialize() throws Exception {
		bucket.create();
		initialized = true;
	}

	@Override
	public void handle(Event event) throws Exception {
		flushPointToMonitoring(event.payload(MonitoringPoints.class).points());
	}

	/** Sends each point's tags and fields. */
	void flushPointToMonitoring(List<MonitoringPoint> points) throws Exception {
		Bucket target = bucket;
		for (MonitoringPoint point : points) {
			LOG.debug("Plugin 'flushPointToMonitoring' get point, request_id: {}, start time: {}", point.requestId(),
				point.eventTime());
			JsonObject msg = new JsonObject();
			msg.add("tags", GSON.toJsonTree(point.tags()));
			msg.add("fields", GSON.toJsonTree(point.fields()));
			HttpResponse<String> response = target.add(msg.toString());
			LOG.info("{}", response.statusCode());
			LOG.info("{}", response.body());
		}
	}
}
