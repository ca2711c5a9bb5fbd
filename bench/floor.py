"""The floor: import psycopg, connect, run the statements of a file, print the rows.

    python bench/floor.py URL FILE.sql

FILE holds one or more statements separated by lines of `-- next`; one of them may hold several
statements separated by semicolons (what the command sent with executemany, in one round trip
here as in the command's pipeline), whose results are all printed. The practice time zone
comes from PGTZ, which libpq sends at connection start-up (no extra round trip).
"""

import sys

import psycopg

url, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    statements = f.read().split("\n-- next\n")
with psycopg.connect(url, prepare_threshold=None) as conn:
    for statement in statements:
        cur = conn.execute(statement)
        while True:
            if cur.description:
                for row in cur:
                    print(*row, sep=",")
            if not cur.nextset():
                break
