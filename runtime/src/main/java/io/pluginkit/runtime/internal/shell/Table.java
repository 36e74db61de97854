package io.pluginkit.runtime.internal.shell;

import java.util.List;

/** The shell's tables: columns as wide as their widest cell, two spaces apart, the last one as it is. */
final class Table {

	private Table() {
	}

	/** The rows (the first one the headings), one line each, every line ending with a newline. */
	static String format(List<String[]> rows) {
		int cols = rows.get(0).length;
		int[] width = new int[cols];
		for (String[] r : rows) {
			for (int i = 0; i < cols - 1; i++) {
				width[i] = Math.max(width[i], r[i].length());
			}
		}
		StringBuilder sb = new StringBuilder();
		for (String[] r : rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < cols; i++) {
				line.append(i < cols - 1 ? String.format("%-" + width[i] + "s  ", r[i]) : r[i]);
			}
			sb.append(line.toString().stripTrailing()).append('\n');
		}
		return sb.toString();
	}
}
