-- PluginKit cluster store, schema version 1: the plugin set that every node of a cluster shares.

-- The admin decisions, by plugin name. A forgotten decision (the plugin was uninstalled) keeps its
-- row with enabled = NULL, so that the version of the plugin only ever grows: a change is made
-- against the version its node last saw, and the first to commit wins.
CREATE TABLE pluginkit_decision (
	plugin     text PRIMARY KEY,
	enabled    boolean,
	version    bigint NOT NULL,
	node       text NOT NULL,
	changed_at timestamptz NOT NULL DEFAULT now()
);

-- Plugin jars, content-addressed: one row per distinct content, whatever the locations using it.
CREATE TABLE pluginkit_jar (
	sha256  text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
	content bytea NOT NULL,
	size    bigint NOT NULL
);

-- The install order, shared by every node.
CREATE SEQUENCE pluginkit_install_order;

-- Every bundle PluginKit installed, by location: its place in the install order and, for a jar that
-- came from the shell, the admin API or plain Felix install, the content every node installs.
-- Bundles of a node's hot-deploy folder have a place in the order and no jar (sha256 NULL).
CREATE TABLE pluginkit_bundle (
	location   text PRIMARY KEY,
	seq        bigint NOT NULL UNIQUE,
	sha256     text REFERENCES pluginkit_jar (sha256),
	version    bigint NOT NULL,
	node       text NOT NULL,
	changed_at timestamptz NOT NULL DEFAULT now()
);
