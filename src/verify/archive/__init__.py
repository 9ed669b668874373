"""Archiving: Wayback Machine look-ups, reading mementos back, and saving new captures."""

from verify.archive.archiver import Archiver
from verify.archive.robust import format_robustlinks, robust_link
from verify.archive.types import ArchivePolicy, IAKeys

__all__ = ["ArchivePolicy", "Archiver", "IAKeys", "format_robustlinks", "robust_link"]
