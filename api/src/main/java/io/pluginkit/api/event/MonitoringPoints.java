package io.pluginkit.api.event;

import java.util.List;

/**
 * The payload of {@value #TOPIC}: the points of the requests that ended since the last batch
 * (LUNA's {@code flushPointToMonitoring(points)}), oldest first, never empty.
 */
public record MonitoringPoints(List<MonitoringPoint> points) {

	/** The topic the runtime publishes request monitoring points on. */
	public static final String TOPIC = "pluginkit/monitoring";
}
