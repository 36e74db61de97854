package io.pluginkit.sample.teapot;

import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pluginkit.api.background.BackgroundContext;
import io.pluginkit.api.background.BackgroundService;

/**
 * LUNA's {@code usefulJob}: every {@code interval.ms} the temperature goes up by one, up to 100,
 * and says so. A new heater (the plugin enabled again) starts from 0.
 */
@Designate(ocd = Heater.Config.class)
@Component(service = { BackgroundService.class, Heater.class }, configurationPid = "pluginkit.teapot")
public class Heater implements BackgroundService {

	/** PID {@code pluginkit.teapot}. */
	@ObjectClassDefinition(name = "teapot", description = "The teapot's heater.")
	public @interface Config {
		@AttributeDefinition(description = "Milliseconds between two degrees")
		long interval_ms() default 1000;
	}

	static final int BOILING = 100;
	private static final Logger LOG = LoggerFactory.getLogger(Heater.class);

	private volatile long intervalMillis;
	private volatile int temperature;

	@Activate
	public Heater(Config config) {
		this(config.interval_ms());
	}

	Heater(long intervalMillis) {
		this.intervalMillis = intervalMillis;
	}

	/** A new interval applies from the next degree. */
	@Modified
	void modified(Config config) {
		intervalMillis = config.interval_ms();
	}

	@Override
	public void start(BackgroundContext context) {
		while (context.sleep(Duration.ofMillis(intervalMillis))) {
			temperature = Math.min(BOILING, temperature + 1);
			if (temperature < BOILING) {
				LOG.info("I boil water, temperature: {}", temperature);
			} else {
				LOG.info("boiling water is ready, would you care for a cup of tea?");
			}
		}
	}

	/** The water's temperature now. */
	public int temperature() {
		return temperature;
	}
}
