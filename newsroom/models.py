from django.db import models


class ContentGeneration(models.Model):
    """The one row naming the version of the site readers are to see.

    `newsroom.page_cache` moves it on after every write readers can see and
    checks what is stored against it; kept in the database so that a cache
    which lost, refused or never heard of a change cannot hide it.
    """

    # Only grows: of two generations, the one with the higher number is newer.
    number = models.PositiveBigIntegerField(default=0)
    # New with every change, so that a number counted again (a database
    # restored from a backup) never names the pages stored before.
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"generation {self.number}"
