package io.pluginkit.testing.plugins;

/** A test plugin whose component throws in activate, as one that cannot reach its database. */
public class FailingComponent {

	public void activate() {
		throw new IllegalStateException("database unreachable at db.invalid:5432");
	}
}
