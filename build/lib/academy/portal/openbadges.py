"""Open Badges definitions of an audience's badges: what a badge is, not who earned it.

For each badge the site publishes an Open Badges 3.0 ``Achievement`` and an Open Badges 2.0
``BadgeClass`` (the Achievement names it in ``related``), and the issuer's profile in both
versions. Open Badges ids are absolute URLs, so the documents are published only for an audience
with ``site_url``; without it the site publishes none (``academy check`` says so).

A learner's credential (an ``OpenBadgeCredential`` or a 2.0 ``Assertion``) must be signed or
hosted by its issuer; a static site cannot sign without publishing its key, so it issues none.
A badge's ``claim_url`` leads to an issuer that can (such as a Credly badge template).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from ..core.model import Audience, Badge

if TYPE_CHECKING:
    from .cards import CollectionEntry
    from .site import Portal

OB3_CONTEXT = (
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)
"""The JSON-LD context of Open Badges 3.0 documents."""
OB2_CONTEXT = "https://w3id.org/openbadges/v2"
"""The JSON-LD context of Open Badges 2.0 documents."""
PROFILE, PROFILE_OB2 = "issuer.json", "issuer-ob2.json"
"""The issuer's profile (3.0, 2.0), in the badges page's folder."""
FIXED_TEXT = (
    " ".join(OB3_CONTEXT) + f" {OB2_CONTEXT} {PROFILE} {PROFILE_OB2} achievement.json badgeclass.json "
    "@context id type Achievement achievementType Badge name description criteria narrative image Image caption "
    "creator Profile related Related BadgeClass issuer Issuer url email",
    "Complete every course of the learning path",
    "Complete every course of the collection",
    "Earned by completing every course of",
)
"""What the documents say around the author's values (the audit reads it as the portal's own text)."""


@dataclass(frozen=True)
class BadgeLinks:
    """Where one badge's definitions are published, as site paths."""

    achievement: str
    badge_class: str


def badge_links(badges_url: str, collection_id: str) -> BadgeLinks:
    """The site paths of a badge's Achievement (3.0) and BadgeClass (2.0)."""
    return BadgeLinks(f"{badges_url}{collection_id}/achievement.json", f"{badges_url}{collection_id}/badgeclass.json")


def claim_url(audience: Audience, badge: Badge) -> str:
    """Where a learner who earned ``badge`` claims a signed credential: the badge's own page, else the audience's."""
    return badge.claim_url or audience.claim_url


def criteria_text(entry: CollectionEntry) -> str:
    """What a learner does to earn the badge: the author's words, else the courses this audience sees, named."""
    badge = entry.collection.badge
    if badge is not None and badge.criteria:
        return badge.criteria
    titles = [card.title for card in entry.cards]
    listed = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
    kind = "learning path" if entry.collection.path else "collection"
    return f"Complete every course of the {kind} {entry.collection.title}: {listed}."


def _base(audience: Audience) -> str:
    return audience.site_url if audience.site_url.endswith("/") else audience.site_url + "/"


def _issuer(audience: Audience) -> dict[str, str]:
    issuer = {"name": audience.issuer.name or audience.title, "url": audience.issuer.url or audience.site_url}
    if audience.issuer.email:
        issuer["email"] = audience.issuer.email
    return issuer


def profile(audience: Audience, badges_url: str) -> dict[str, Any]:
    """The issuer as an Open Badges 3.0 ``Profile``, without its context (it is embedded too)."""
    return {"id": urljoin(_base(audience), badges_url + PROFILE), "type": ["Profile"], **_issuer(audience)}


def achievement(portal: Portal, entry: CollectionEntry) -> dict[str, Any]:
    """The badge of ``entry`` as an Open Badges 3.0 ``Achievement``."""
    base, badges_url = _base(portal.audience), portal.urls["badges"]
    badge = entry.collection.badge
    links = badge_links(badges_url, entry.id)
    return {
        "@context": list(OB3_CONTEXT),
        "id": urljoin(base, links.achievement),
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": badge.label,
        "description": _description(entry),
        "criteria": {"id": urljoin(base, entry.url), "narrative": criteria_text(entry)},
        "image": {"id": urljoin(base, entry.badge_url), "type": "Image", "caption": f"{badge.label} badge"},
        "creator": profile(portal.audience, badges_url),
        "related": [{"id": urljoin(base, links.badge_class), "type": ["Related"]}],
    }


def badge_class(portal: Portal, entry: CollectionEntry) -> dict[str, Any]:
    """The badge of ``entry`` as an Open Badges 2.0 ``BadgeClass``."""
    base, badges_url = _base(portal.audience), portal.urls["badges"]
    badge = entry.collection.badge
    return {
        "@context": OB2_CONTEXT,
        "type": "BadgeClass",
        "id": urljoin(base, badge_links(badges_url, entry.id).badge_class),
        "name": badge.label,
        "description": _description(entry),
        "image": urljoin(base, entry.badge_url),
        "criteria": {"id": urljoin(base, entry.url), "narrative": criteria_text(entry)},
        "issuer": urljoin(base, badges_url + PROFILE_OB2),
    }


def _description(entry: CollectionEntry) -> str:
    return entry.collection.description or f"Earned by completing every course of {entry.collection.title}."


def open_badges_documents(portal: Portal) -> dict[str, dict[str, Any]]:
    """Site path to document: every badge's definitions and the issuer's profiles; none without ``site_url``."""
    audience = portal.audience
    entries = [entry for entry in portal.collections if entry.collection.badge and entry.badge_url]
    if not audience.site_url or not entries:
        return {}
    base, badges_url = _base(audience), portal.urls["badges"]
    documents: dict[str, dict[str, Any]] = {
        badges_url + PROFILE: {"@context": list(OB3_CONTEXT), **profile(audience, badges_url)},
        badges_url + PROFILE_OB2: {
            "@context": OB2_CONTEXT,
            "type": "Issuer",
            "id": urljoin(base, badges_url + PROFILE_OB2),
            **_issuer(audience),
        },
    }
    for entry in entries:
        links = badge_links(badges_url, entry.id)
        documents[links.achievement] = achievement(portal, entry)
        documents[links.badge_class] = badge_class(portal, entry)
    return documents
