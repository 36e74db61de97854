package io.pluginkit.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the real PluginKit with the plugin under test deployed: one PluginKit
 * process per test class ({@code pluginkit.jar}, HTTP on a free port, its own temporary data and
 * plugins folders, deleted afterwards), started before the first test and stopped after the last.
 * Test methods (and constructors) receive it as a {@link PluginKit} parameter:
 *
 * <pre>
 * &#64;PluginKitTest
 * class HelloTest {
 *     &#64;Test
 *     void helloAnswers(PluginKit pluginkit) {
 *         assertEquals(200, pluginkit.get("/hello").statusCode());
 *     }
 * }
 * </pre>
 *
 * The plugin under test is, in this order: {@link #plugin()}, the system property
 * {@code pluginkit.test.plugin}, else {@code target/classes} (the project being built: a bundle
 * folder once bnd-maven-plugin's {@code bnd-process} goal wrote its manifest, as the archetype's
 * pom does), packed into a jar. The test fails at once, with the reason, when that plugin does not
 * reach its state ({@code FAILED}: a missing package, invalid metadata, ...).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(PluginKitExtension.class)
public @interface PluginKitTest {

	/** The plugin under test: a jar or a bundle folder; empty: see the class description. */
	String plugin() default "";

	/** More plugin jars to deploy beside it (paths), e.g. a plugin it depends on. */
	String[] plugins() default {};

	/** Java system properties for PluginKit, as {@code name=value} (e.g. a plugin's setting). */
	String[] properties() default {};
}
