"""Embedded posts: resolving each platform's original post and comparing it with the embed."""

from verify.embeds.base import Gate, Resolution, Resolver, State
from verify.embeds.check import check_embed, check_embeds, compare
from verify.embeds.endpoints import Endpoints
from verify.embeds.ids import id_time

__all__ = [
    "Endpoints",
    "Gate",
    "Resolution",
    "Resolver",
    "State",
    "check_embed",
    "check_embeds",
    "compare",
    "id_time",
]
