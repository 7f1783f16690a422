"""The portal of one audience: cards, facets and collections, computed once per build."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..core.view import AudienceView
from .badges import badge_svg
from .cards import Card, CollectionEntry, Facet, course_card, facets, ribbon_entry
from .openbadges import BadgeLinks, badge_links, claim_url, open_badges_documents
from .recommend import Outcome, outcomes, quiz_data, recommendable


def json_for_html(data: Any) -> str:
    """JSON safe to embed in HTML and to serve: ``<``, ``>`` and ``&`` escaped, keys sorted."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass
class Portal:
    """Everything the portal's templates need for one audience."""

    view: AudienceView
    cards: dict[str, Card] = field(default_factory=dict)
    collections: list[CollectionEntry] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)
    """Site paths of the portal pages: ``catalog``, ``badges``, ``my_learning``, ``collections``."""

    @property
    def audience(self):
        return self.view.audience

    @property
    def quiz(self):
        """The audience's recommendation quiz, naming only collections of this site; None without one."""
        return self.view.audience.quiz

    def quiz_outcomes(self) -> list[Outcome]:
        return outcomes(self, self.quiz) if self.quiz else []

    def quiz_json(self) -> str:
        """The quiz's rules for the page's script, safe inside a ``<script>`` element."""
        return json_for_html(quiz_data(self.quiz)) if self.quiz else "null"

    def xapi_json(self) -> str | None:
        """What ``statements.js`` needs: the LRS and learner settings (``xapi:``), whether cmi5 launches
        are followed, the site's URL; None for an audience with neither (it sends no statements)."""
        audience = self.audience
        if audience.xapi is None and not audience.cmi5:
            return None
        data: dict[str, Any] = {"site": audience.site_url, "cmi5": audience.cmi5}
        if audience.xapi is not None:
            data["endpoint"] = audience.xapi.endpoint
            data["auth"] = audience.xapi.auth
            data["actor"] = {"from": audience.xapi.actor_from, "name": audience.xapi.actor_name}
            data["actor"]["homePage"] = audience.xapi.home_page
        return json_for_html(data)

    def recommendable(self) -> list[CollectionEntry]:
        """The collections the quiz may recommend (their tiles wait on the home page)."""
        return recommendable(self, self.quiz) if self.quiz else []

    def card_list(self, ids: list[str] | None = None) -> list[Card]:
        """Cards in catalog order, or of ``ids`` in their order."""
        if ids is None:
            return list(self.cards.values())
        return [self.cards[course_id] for course_id in ids if course_id in self.cards]

    def collection(self, collection_id: str) -> CollectionEntry | None:
        return next((entry for entry in self.collections if entry.id == collection_id), None)

    def featured(self) -> list[CollectionEntry]:
        """The audience's featured collections in its order, else all of them."""
        if not self.audience.featured:
            return self.collections
        return [entry for cid in self.audience.featured if (entry := self.collection(cid)) is not None]

    def after(self, entry: CollectionEntry, limit: int = 3) -> list[CollectionEntry]:
        """What to take once ``entry`` is finished: the audience's other collections and paths,
        those featured after it first (the audience's order, from the top again), then the rest."""
        featured = [other.id for other in self.featured()]
        if entry.id in featured:
            at = featured.index(entry.id) + 1
            featured = featured[at:] + featured[:at]
        rank = {cid: index for index, cid in enumerate(featured)}
        others = [other for other in self.collections if other.id != entry.id]
        others.sort(key=lambda other: rank.get(other.id, len(rank)))
        return others[:limit]

    def new_and_updated(self, limit: int) -> list[Card]:
        """Courses with a ``new`` or ``updated`` ribbon, most recent first."""
        fresh = [card for card in self.cards.values() if {"new", "updated"} & {r["id"] for r in card.ribbons}]
        return sorted(fresh, key=lambda card: (card.updated, card.id), reverse=True)[:limit]

    def facets_for(self, cards: list[Card]) -> list[Facet]:
        return facets(self.view, cards)

    def catalog_json(self) -> str:
        """``catalog.json``: the audience, its courses and collections, for other systems and for scripts."""
        return json_for_html(
            {
                "audience": {"id": self.audience.id, "title": self.audience.title},
                "courses": [card.as_json() for card in self.cards.values()],
                "collections": [entry.as_json() for entry in self.collections],
                "taxonomies": {
                    taxonomy.id: {"label": taxonomy.label, "values": dict(taxonomy.values), "many": taxonomy.many}
                    for taxonomy in self.view.taxonomies.values()
                },
            }
        )

    def open_badges(self) -> dict[str, str]:
        """Site path to JSON text: the Open Badges definitions of the audience's badges (``openbadges``)."""
        return {
            path: json.dumps(document, ensure_ascii=False, indent=2) + "\n"
            for path, document in open_badges_documents(self).items()
        }

    def badge_links(self, entry: CollectionEntry) -> BadgeLinks | None:
        """Where the badge of ``entry`` is defined for Open Badges; None when the site publishes no definitions."""
        if entry.collection.badge is None or not self.audience.site_url:
            return None
        return badge_links(self.urls["badges"], entry.id)

    def claim_url(self, entry: CollectionEntry) -> str:
        """Where a learner who earned the badge of ``entry`` claims a signed credential (empty: nowhere)."""
        badge = entry.collection.badge
        return claim_url(self.audience, badge) if badge is not None else ""

    def badge_images(self) -> dict[str, str]:
        """Site path to SVG text, one badge per collection that has one."""
        return {
            entry.badge_url: badge_svg(entry.collection.badge)
            for entry in self.collections
            if entry.collection.badge and entry.badge_url
        }


def build_portal(view: AudienceView, urls: dict[str, str]) -> Portal:
    """Compute the cards and collections of ``view``."""
    portal = Portal(view, urls=urls)
    portal.cards = {course.id: course_card(view, course) for course in view.courses}
    for collection in view.collections:
        portal.collections.append(
            CollectionEntry(
                collection,
                portal.card_list(list(collection.courses)),
                url=f"{urls['collections']}{collection.id}/",
                badge_url=f"assets/academy/badges/{collection.id}.svg" if collection.badge else None,
                ribbons=[ribbon_entry(collection.ribbon, view.ribbons[collection.ribbon])]
                if collection.ribbon in view.ribbons
                else [],
                claim_url=claim_url(view.audience, collection.badge) if collection.badge else "",
            )
        )
    portal.facets = facets(view, list(portal.cards.values()))
    return portal
