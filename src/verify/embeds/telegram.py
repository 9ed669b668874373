"""Telegram: the post's embed page (t.me/<channel>/<id>?embed=1): owner, text, time."""

from __future__ import annotations

from verify.embeds.base import Gate, Resolution, State, ask, malformed
from verify.embeds.endpoints import Endpoints
from verify.embeds.markup import node_text, soup
from verify.models import Embed, OriginalPost, Platform
from verify.permalinks import telegram_parts


def parse_embed_page(markup: str, channel: str, message_id: str) -> Resolution | None:
    """A Resolution from a Telegram widget page; None when it is not one."""
    doc = soup(markup)
    error = doc.select_one(".tgme_widget_message_error")
    if error is not None:
        message = " ".join(error.get_text(" ").split())
        if "private" in message.lower():
            return Resolution(State.HIDDEN, reason="the channel is private")
        return Resolution(State.GONE, reason=f"deleted ({message or 'post not found'})")
    widget = doc.select_one(".tgme_widget_message")
    if widget is None:
        return None
    owner = doc.select_one(".tgme_widget_message_owner_name")
    text_node = doc.select_one(".tgme_widget_message_text")
    time_node = doc.select_one(".tgme_widget_message_date time[datetime]") or doc.select_one("time[datetime]")
    data_post = str(widget.get("data-post") or f"{channel}/{message_id}")
    handle = data_post.split("/", maxsplit=1)[0]
    meta = doc.select_one(".tgme_widget_message_meta")
    edited = meta is not None and "edited" in meta.get_text(" ").lower()
    return Resolution(
        State.FOUND,
        OriginalPost(
            via="telegram-embed",
            author=f"@{handle}",
            author_name=" ".join(owner.get_text(" ").split()) if owner else None,
            date=str(time_node["datetime"]) if time_node is not None else None,
            text=node_text(text_node) if text_node is not None else "",
            url=f"https://t.me/{data_post}",
            post_id=data_post.rsplit("/", maxsplit=1)[-1],
            edited=edited,
        ),
        notes=("edited",) if edited else (),
    )


class TelegramResolver:
    platforms: tuple[Platform, ...] = (Platform.TELEGRAM,)

    def resolve(self, embed: Embed, gate: Gate, endpoints: Endpoints) -> Resolution:
        channel, message_id = telegram_parts(embed.url)
        if not channel or not message_id:
            return Resolution(State.UNAVAILABLE, reason="a private channel link, or no message ID")
        response = ask(gate, f"{endpoints.telegram}/{channel}/{message_id}?embed=1", "t.me")
        if isinstance(response, Resolution):
            return response
        if response.status in (404, 410):
            return Resolution(State.GONE, reason="deleted (post not found)")
        if response.status != 200:
            return malformed("t.me", response.status)
        parsed = parse_embed_page(response.text(), channel, message_id)
        return parsed if parsed is not None else malformed("t.me", response.status)
