from django.db import models


class Row(models.Model):
    """One row of a small table the bench creates (`CREATE_TABLE`)."""

    title = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        managed = False
        db_table = "bench_floor_row"

    def __str__(self):
        return self.title


CREATE_TABLE = """
DROP TABLE IF EXISTS bench_floor_row;
CREATE TABLE bench_floor_row (id bigint PRIMARY KEY, title varchar(200), body text);
INSERT INTO bench_floor_row
SELECT n, 'Row ' || n, repeat('A sentence of the floor''s body text. ', 12)
FROM generate_series(1, 1000) AS n;
ANALYZE bench_floor_row;
"""
ROW_ID = 500
