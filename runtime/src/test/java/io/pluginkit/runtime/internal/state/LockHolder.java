package io.pluginkit.runtime.internal.state;

import java.nio.file.Path;

/** Another process on a data folder: opens it, says so, and holds it until its stdin closes. */
public final class LockHolder {

	public static void main(String[] args) throws Exception {
		try (DataFolder folder = DataFolder.open(Path.of(args[0]), System.out::println)) {
			System.out.println("holding " + ProcessHandle.current().pid());
			System.out.flush();
			System.in.read();
		}
	}
}
