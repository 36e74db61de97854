package io.pluginkit.api.event;

import java.time.Instant;
import java.util.Map;

/**
 * One HTTP request of the default web context, as LUNA's {@code BaseRequestMonitoringPoint}:
 * delivered in batches on {@value MonitoringPoints#TOPIC}.
 *
 * @param requestId the request's id
 * @param eventTime when the request ended
 * @param method the HTTP method
 * @param path the request path, without the query string
 * @param status the status sent
 * @param durationMillis how long it took, in milliseconds
 * @param plugin the plugin that answered it ({@code pluginkit} for the runtime's own pages, or
 *        {@code null} when unknown)
 * @param tags {@code request_id}, {@code method}, {@code path}, {@code status}, {@code plugin}
 *        and what plugins added through {@link RequestPoint}
 * @param fields {@code duration_ms} and what plugins added through {@link RequestPoint}
 */
public record MonitoringPoint(String requestId, Instant eventTime, String method, String path, int status,
	double durationMillis, String plugin, Map<String, String> tags, Map<String, Object> fields) {
}
