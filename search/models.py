"""Search keeps no rows of its own: it reads the other apps' tables through their scoping selectors. (This module
exists so that Django sends the app post_migrate, which builds SQLite's FTS5 index: search/apps.py.)"""
