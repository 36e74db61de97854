package io.pluginkit.testing.plugins;

import io.pluginkit.api.task.Task;
import io.pluginkit.api.task.TaskContext;

/** A test plugin's task that never ends by itself: it waits until its run is cancelled (interrupted). */
public class ForeverTask implements Task {

	public void activate() {
	}

	@Override
	public Object run(TaskContext ctx) throws InterruptedException {
		Object lock = new Object();
		synchronized (lock) {
			while (true) {
				lock.wait();
			}
		}
	}
}
