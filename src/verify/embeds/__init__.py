"""Embedded posts: resolving each platform's original post and comparing it with the embed."""
