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
