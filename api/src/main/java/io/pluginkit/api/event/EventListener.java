package io.pluginkit.api.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the events of the topics named by its {@link EventTopic} (service property
 * {@code pluginkit.event.topic}): the port of LUNA's {@code BaseEventPlugin} ({@code initialize},
 * {@code handleEvent}, {@code close}).
 * <p>
 * Register it as a Declarative Services component providing this interface; it receives events
 * while its plugin is enabled. Each listener has its own bounded queue and gets its events
 * asynchronously, one at a time, in the order they were published, never on the publisher's
 * thread. {@link #initialize()} runs first, on the same delivery thread, before any event.
 * <p>
 * Failures are contained and counted against the plugin: {@code initialize} throwing makes the
 * plugin {@code FAILED} with the exception's message as the reason; {@code handle} throwing is
 * logged (the stack trace once per distinct failure), counted and named in {@code plugin:list}
 * until a later event succeeds; a {@code handle} that stays past its timeout (service property
 * {@value #TIMEOUT}, default 10 s) gets its plugin quarantined ({@code FAILED} with the reason
 * {@code quarantined: ...}) while other listeners keep receiving. When the queue (service property
 * {@value #QUEUE}, default 10,000 events) is full, new events for this listener are dropped,
 * counted and logged. When the plugin is disabled, delivery stops at once: queued events are
 * dropped and counted.
 */
@ConsumerType
public interface EventListener {

	/** Service property: milliseconds one {@code handle} call may take before its plugin is quarantined. */
	String TIMEOUT = "pluginkit.event.timeout.ms";
	/** Service property: how many events may wait for this listener before new ones are dropped. */
	String QUEUE = "pluginkit.event.queue";

	/**
	 * Called once on the delivery thread before the first event, e.g. to open a connection or
	 * create a bucket. Events published meanwhile wait in the queue.
	 *
	 * @throws Exception to make the plugin {@code FAILED}, with the message as the reason
	 */
	default void initialize() throws Exception {
	}

	/**
	 * One event of a subscribed topic.
	 *
	 * @param event the event; its payload is shared with other listeners: do not change it
	 * @throws Exception counted against the plugin; the next event is delivered as usual
	 */
	void handle(Event event) throws Exception;

	/**
	 * Called once when the listener goes away (its plugin is disabled), after its last event,
	 * on a thread of the runtime; it should return within a second.
	 */
	default void close() throws Exception {
	}
}
