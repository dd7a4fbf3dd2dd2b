"""How long a plan's texts may be: storage sizes its columns from these, and plan files are
checked against them, so a plan that validates also imports."""

from __future__ import annotations

KEY = 200
NAME = 500
EMAIL = 320
SLACK_ID = 64
TEAMS_ID = 200
TITLE = 1000
