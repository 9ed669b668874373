"""Archiving: Wayback Machine look-ups, reading mementos back, and saving new captures."""
