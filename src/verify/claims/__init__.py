"""The claims stage: figures an article attributes to its sources, found and checked against their text."""

from verify.claims.compare import Outcome, check_figure, check_text, locate
from verify.claims.numbers import Figure, agrees, find_figures

__all__ = ["Figure", "Outcome", "agrees", "check_figure", "check_text", "find_figures", "locate"]
