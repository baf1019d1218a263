/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DuckDB (in process, through its JDBC driver) as the independent reader of the Parquet files the
 * sink writes: it shares no code with parquet-java.
 */
public final class DuckDbParquet implements AutoCloseable {

    private final Connection connection;

    public DuckDbParquet() {
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start DuckDB", e);
        }
    }

    /** The rows of {@code sql}, each column by its label; {@code ?} in the SQL is {@code file}, quoted. */
    public List<Map<String, Object>> query(String sql, Path file) {
        return query(sql.replace("?", "'" + file.toString().replace("'", "''") + "'"));
    }

    public List<Map<String, Object>> query(String sql) {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs a statement that returns no rows (SET ...). */
    public void execute(String sql) {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Column name to DuckDB type of a Parquet file's top-level columns. */
    public Map<String, String> columns(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> r : query("DESCRIBE SELECT * FROM read_parquet(?)", file)) {
            out.put((String) r.get("column_name"), (String) r.get("column_type"));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
