"""The floor: import psycopg, connect, run the statements of a file, print the rows.

    python bench/floor.py URL FILE.sql

FILE holds one or more statements separated by lines of `-- next`. The practice time zone
comes from PGTZ, which libpq sends at connection start-up (no extra round trip).
"""

import sys

import psycopg

url, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    statements = f.read().split("\n-- next\n")
with psycopg.connect(url, prepare_threshold=None) as conn:
    for statement in statements:
        for row in conn.execute(statement):
            print(*row, sep=",")
