"""Archiving: Wayback Machine look-ups, reading mementos back, and saving new captures."""

from verify.archive.archiver import Archiver
from verify.archive.robust import format_robustlinks, robust_link
from verify.archive.types import IAKeys
from verify.models import SavePolicy

__all__ = ["Archiver", "IAKeys", "SavePolicy", "format_robustlinks", "robust_link"]
