package io.pluginkit.runtime.internal.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.pluginkit.spi.state.ArchivedBundle;
import io.pluginkit.spi.state.BundleArchive;
import io.pluginkit.spi.state.DecisionListener;

/** Temporary: the file store seen through the SPI until the SPI store lands. */
@Component(service = { io.pluginkit.spi.state.StateStore.class, BundleArchive.class })
public final class FileStoreAdapter implements io.pluginkit.spi.state.StateStore, BundleArchive {

	private final StateStore store;

	@Activate
	public FileStoreAdapter(@Reference StateStore store) {
		this.store = store;
	}

	@Override
	public synchronized Map<String, Boolean> decisions() {
		return store.decisions();
	}

	@Override
	public void recordDecision(String plugin, boolean enabled) throws IOException {
		try {
			store.recordDecision(plugin, enabled);
		} catch (UncheckedIOException e) {
			throw e.getCause();
		}
	}

	@Override
	public void forgetDecision(String plugin) throws IOException {
		try {
			store.forgetDecision(plugin);
		} catch (UncheckedIOException e) {
			throw e.getCause();
		}
	}

	@Override
	public void addDecisionListener(DecisionListener listener) {
	}

	@Override
	public void removeDecisionListener(DecisionListener listener) {
	}

	@Override
	public String describe() {
		return "file " + store.dataDir().resolve(StateStore.FILE);
	}

	@Override
	public List<ArchivedBundle> bundles() {
		return store.archived();
	}

	@Override
	public void recordInstalls(Collection<String> locations) throws IOException {
		try {
			store.recordInstalls(locations);
		} catch (UncheckedIOException e) {
			throw e.getCause();
		}
	}

	@Override
	public void keep(String location, InputStream jar) throws IOException {
		try {
			store.storeBundle(location, jar);
		} catch (UncheckedIOException e) {
			throw e.getCause();
		}
	}

	@Override
	public InputStream open(String location) throws IOException {
		for (StateStore.StoredBundle b : store.storedBundles()) {
			if (b.location().equals(location)) {
				return Files.newInputStream(b.jar());
			}
		}
		throw new NoSuchFileException("no kept copy of " + location);
	}

	@Override
	public void forget(String location) throws IOException {
		try {
			store.forgetBundle(location);
		} catch (UncheckedIOException e) {
			throw e.getCause();
		}
	}

	static Map<String, Boolean> sorted(Map<String, Boolean> m) {
		return new TreeMap<>(m);
	}

	static List<ArchivedBundle> list() {
		return new ArrayList<>();
	}
}
