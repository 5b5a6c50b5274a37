package dev.mediagc.internal.discover;

/** A column that can hold a file name: char, varchar, text, clob, json or jsonb. */
record TextColumn(String schema, String table, String column, String type) {
}
