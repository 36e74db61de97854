package io.pluginkit.sample.tasks;

/** JSON numbers as the tasks answer them: a whole number as a whole number ({@code 2}, not {@code 2.0}). */
final class Numbers {

	private Numbers() {
	}

	/** {@code value} as a {@code Long} when it is whole and fits, else as it is. */
	static Number json(double value) {
		if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 0x1p53) {
			return (long) value;
		}
		return value;
	}
}
