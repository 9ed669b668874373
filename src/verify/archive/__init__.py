"""Archiving: Wayback Machine look-ups, reading mementos back, and saving new captures."""

from verify.archive.archiver import Archiver
from verify.archive.types import IAKeys
from verify.models import SavePolicy
from verify.robustlink import robust_link

__all__ = ["Archiver", "IAKeys", "SavePolicy", "robust_link"]
