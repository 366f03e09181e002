"""The floor's table, created by the bench with plain SQL (no migrations here)."""

CREATE_TABLE = """
DROP TABLE IF EXISTS bench_floor_row;
CREATE TABLE bench_floor_row (id bigint PRIMARY KEY, title varchar(200), body text);
INSERT INTO bench_floor_row
SELECT n, 'Row ' || n, repeat('A sentence of the floor''s body text. ', 12)
FROM generate_series(1, 1000) AS n;
ANALYZE bench_floor_row;
"""
ROW_ID = 500
