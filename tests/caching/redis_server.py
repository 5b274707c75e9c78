"""The real Redis that tests marked `needs_redis` use: REDIS_URL, else the
local one, on a database of its own (4) so they never meet the site's keys."""

import os

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/4"
