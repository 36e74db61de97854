package io.pluginkit.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Header;

/**
 * Marks the bundle as a PluginKit plugin. Put it once on a class or on a
 * {@code package-info.java} of the plugin; at build time bnd turns it into the
 * {@code Plugin-*} manifest headers the runtime reads, so authors never type
 * them.
 *
 * <pre>
 * &#64;Plugin(name = "helloworld", author = "Jane Doe", description = "Says hello")
 * package com.example.hello;
 * </pre>
 *
 * The plugin version is the bundle's {@code Bundle-Version}. Optional elements
 * left at their default produce no header.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ ElementType.TYPE, ElementType.PACKAGE })
@Header(name = Plugin.NAME, value = "${#name}")
public @interface Plugin {

	/** Manifest header holding the plugin's id. */
	String NAME = "Plugin-Name";
	/** Manifest header holding the plugin's author. */
	String AUTHOR = "Plugin-Author";
	/** Manifest header holding the one-paragraph description. */
	String DESCRIPTION = "Plugin-Description";
	/** Manifest header holding the plugin's home page. */
	String URL = "Plugin-Url";
	/** Manifest header holding the SPDX id or name of the license. */
	String LICENSE = "Plugin-License";
	/** Manifest header holding the path of the license file inside the bundle. */
	String LICENSE_FILE = "Plugin-License-File";
	/** Manifest header holding the path of the readme file inside the bundle. */
	String README_FILE = "Plugin-Readme-File";
	/** Manifest header holding the state used when no admin decision exists. */
	String STATE = "Plugin-State";
	/** Manifest header holding the OSGi version range of PluginKit the plugin works with. */
	String REQUIRES = "Plugin-Requires";

	/**
	 * The plugin's id, {@code [a-z][a-z0-9._-]{0,63}}, unique among installed
	 * plugins. It appears in URLs ({@code /static/<name>/}), shell commands and
	 * the state store.
	 */
	String name();

	/** Who wrote the plugin. */
	String author();

	/** One paragraph saying what the plugin does. */
	String description() default "";

	/** The plugin's home page. */
	String url() default "";

	/** SPDX id or name of the license. */
	String license() default "";

	/** Path of the license file inside the bundle, e.g. {@code LICENSE.txt}. */
	String licenseFile() default "";

	/** Path of a Markdown or text readme inside the bundle, e.g. {@code README.md}. */
	String readmeFile() default "";

	/** The state the plugin takes when no admin decision exists. */
	State state() default State.ENABLED;

	/** OSGi version range of PluginKit the plugin works with, e.g. {@code [1.0,2)}. */
	String requires() default "";

	/** The state a plugin starts in when nobody decided otherwise. */
	enum State {
		/** Started as soon as it is installed. */
		ENABLED,
		/** Installed and resolved, but only started by an admin. */
		DISABLED
	}

	// bnd fills ${#element} from the annotation's values for a single @Header
	// only, not for a repeated one. So @Plugin itself makes Plugin-Name, and the
	// annotation processor shipped in this jar (PluginHeadersProcessor) writes
	// a class carrying one of the annotations below for every other value given.
	// They can also be used directly, e.g. when annotation processing is off.

	/** Generates {@code Plugin-Author}. */
	@Documented
	@Retention(RetentionPolicy.CLASS)
	@Target({ ElementType.TYPE, ElementType.PACKAGE })
	@Header(name = AUTHOR, value = "${#value}")
	@interface Author {
		String value();
	}

	/** Generates {@code Plugin-Description}. */
	@Documented
	@Retention(RetentionPolicy.CLASS)
	@Target({ ElementType.TYPE, ElementType.PACKAGE })
	@Header(name = DESCRIPTION, value = "${#value}")
	@interface Description {
		String value();
	}

	/** Generates {@code Plugin-Url}. */
	@Documented
	@Retention(RetentionPolicy.CLASS)
	@Target({ ElementType.TYPE, ElementType.PACKAGE })
	@Header(name = URL, value = "${#value}")
	@interface Url {
		String value();
	}

	/** Generates {@code Plugin-License}. */
	@Documented
	@Retention(RetentionPolicy.CLASS)
	@Target({ ElementType.TYPE, ElementType.PACKAGE })
	@Header(name = LICENSE, value = "${#value}")
	@interface License {
		String value();
	}

	/** Generates {@code Plugin-License-File}. */
	@Documented
	@Retention(RetentionPolicy.CLASS)
	@Target({ ElementType.TYPE, ElementType.PACKAGE })
	@Header(name = LICENSE_FILE, value = "${#value}")
	@interface LicenseFile {
		String value();
	}

	/** Generates {@code Plugin-Readme-File}. */
	@Documented
	@Retention(RetentionPolicy.CLASS)
	@Target({ ElementType.TYPE, ElementType.PACKAGE })
	@Header(name = README_FILE, value = "${#value}")
	@interface ReadmeFile {
		String value();
	}

	/** Generates {@code Plugin-State}: {@code enabled} or {@code disabled}. */
	@Documented
	@Retention(RetentionPolicy.CLASS)
	@Target({ ElementType.TYPE, ElementType.PACKAGE })
	@Header(name = STATE, value = "${#value}")
	@interface DefaultState {
		String value();
	}

	/** Generates {@code Plugin-Requires}. */
	@Documented
	@Retention(RetentionPolicy.CLASS)
	@Target({ ElementType.TYPE, ElementType.PACKAGE })
	@Header(name = REQUIRES, value = "${#value}")
	@interface Requires {
		String value();
	}
}
