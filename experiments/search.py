"""Leren van elkaar: one full-text search over what coalitions tried and learnt.

It finds work items (by their own text and their results), resolved knelpunten, and the
interventions coalitions offer, with PostgreSQL's Dutch configuration (stemming:
"verloskundigen" finds "verloskundige"; ranking by `ts_rank`). Every table searched has a
stored, generated search vector with a GIN index, so a search uses the index, not a scan.

Who sees what: everyone sees published items (and their results) and the resolved knelpunten
of published items; a user also sees the unpublished ones of the coalitions they may open
(`Coalition.objects.visible_to`, the one visibility rule, read once as `visible_coalition_ids`:
all a search result depends on of its user, so the page cache keys on exactly that). Offered
interventions are the palette's facts (which organisation offers what), shown for running
partnerships.

The three kinds are one UNION query, so a page of hits costs the same few queries whatever
the number of coalitions: a count, the page, and the coalitions and results on it.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db.models import CharField, F, FloatField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Left
from django.urls import reverse
from django.utils.translation import gettext_lazy

from coalitions.models import Coalition
from experiments.models import SEARCH_CONFIG, Bottleneck, Result, WorkItem
from partners.models import CoalitionPartner

ITEM, KNELPUNT, INTERVENTIE = "item", "knelpunt", "interventie"
KIND_LABELS = {
    ITEM: gettext_lazy("Werkagenda"),
    KNELPUNT: gettext_lazy("Opgelost knelpunt"),
    INTERVENTIE: gettext_lazy("Aanbod"),
}
PAGE_SIZE = 20
# "Andere coalities die hieraan werkten": at most this many hits, built from at most this
# many distinct words of the item's own text.
SIMILAR_MAX = 5
SIMILAR_WORDS = 40
# The columns of every part of the UNION, in this order (prefixed: `kind` and `title` are
# fields of the models themselves).
_COLUMNS = ("hit_kind", "hit_id", "hit_coalition", "hit_title", "hit_detail", "hit_rank")
_COLUMNS += ("hit_published",)
# Best match first; ties in a stable order, so pages never overlap.
ORDER = ("-hit_rank", "hit_title", "hit_id")


@dataclass(frozen=True)
class Filters:
    """What the search is narrowed to; blanks pass everything."""

    q: str = ""
    theme: str = ""
    intervention: str = ""  # an intervention's slug
    phase: str = ""
    province: str = ""

    @property
    def is_empty(self) -> bool:
        return not any((self.q, self.theme, self.intervention, self.phase, self.province))


@dataclass
class Hit:
    kind: str
    pk: int
    coalition_id: int
    title: str
    detail: str
    rank: float
    published: bool
    coalition: Coalition | None = None
    results: list = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return {ITEM: "Werkagenda", KNELPUNT: "Opgelost knelpunt", INTERVENTIE: "Aanbod"}[self.kind]

    @property
    def url(self) -> str:
        """Where the hit is shown: the public werkagenda when it is published, otherwise the
        workspace (only users who may open it get unpublished hits)."""
        slug = self.coalition.slug
        if self.kind == INTERVENTIE:
            return reverse("coalitions:public_detail", args=[slug])
        if self.published:
            return reverse("experiments:public_werkagenda", args=[slug])
        return reverse("experiments:timeline", args=[slug])


def _query(text: str) -> SearchQuery:
    # websearch syntax: words are ANDed, "quoted phrases" and -exclusions work, and no input
    # can make a syntax error.
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


def _any_word_query(text: str) -> SearchQuery | None:
    """A query matching any of the (first SIMILAR_WORDS distinct) words of `text`, each
    stemmed the Dutch way; None when there are none. Only letters and digits reach the
    raw tsquery syntax, so no text can break it."""
    words = list(dict.fromkeys(w.lower() for w in re.findall(r"\w{4,}", text)))
    if not words:
        return None
    raw = " | ".join(words[:SIMILAR_WORDS])
    return SearchQuery(raw, config=SEARCH_CONFIG, search_type="raw")


def visible_coalition_ids(user) -> list[int]:
    """The ids, in order, of the coalitions whose unpublished work `user` finds: those they may
    open (`Coalition.objects.visible_to`); none for the public (no query). The only thing a
    search result depends on of its user."""
    return list(Coalition.objects.visible_to(user).order_by("pk").values_list("pk", flat=True))


def _visible_items(visible: list[int]):
    """Work items a user finds: published ones, and all of the coalitions `visible` (the ids
    of `visible_coalition_ids`)."""
    return WorkItem.objects.filter(Q(published=True) | Q(coalition__in=visible))


def _parts(filters: Filters, visible: list[int], query: SearchQuery | None):
    """The three searches, each as values() with the same columns, ready for one UNION;
    `visible`: the ids of the coalitions whose unpublished work is found too."""
    coalitions = Coalition.objects.in_phase(filters.phase).in_province(filters.province)
    items = _visible_items(visible).filter(coalition__in=coalitions.values("pk"))
    bottlenecks = Bottleneck.objects.filter(
        resolved_on__isnull=False, work_item__in=items.values("pk")
    )
    # Conditions on a partnership's offerings go into ONE filter() at the end: separate
    # filter() calls on a multi-valued relation would each join it anew, and a partner
    # offering VoorZorg would then list its other interventions as hits for "voorzorg".
    offering_q = Q(offerings__isnull=False)
    if filters.theme:
        items = items.filter(
            pk__in=WorkItem.objects.filter(themes__name__icontains=filters.theme).values("pk")
        )
        bottlenecks = bottlenecks.filter(work_item__in=items.values("pk"))
        offering_q = None  # the palette has no themes
    if filters.intervention:
        offering_coalitions = CoalitionPartner.objects.running().filter(
            offerings__intervention__slug=filters.intervention
        )
        items = items.filter(coalition__in=offering_coalitions.values("coalition"))
        bottlenecks = bottlenecks.filter(
            work_item__coalition__in=offering_coalitions.values("coalition")
        )
        if offering_q is not None:
            offering_q &= Q(offerings__intervention__slug=filters.intervention)
    if query is not None:
        # pk__in a UNION of two index searches: the item's own text or one of its results.
        matching = (
            WorkItem.objects.filter(search=query)
            .order_by()
            .values("pk")
            .union(Result.objects.filter(search=query).order_by().values("work_item_id"))
        )
        items = items.filter(pk__in=matching)
        bottlenecks = bottlenecks.filter(search=query)
        if offering_q is not None:
            offering_q &= Q(offerings__intervention__search=query)
        item_rank = SearchRank(F("search"), query) + Coalesce(
            # The best-matching result adds to the item's own rank.
            _best_result_rank(query),
            Value(0.0),
            output_field=FloatField(),
        )
        bottleneck_rank = SearchRank(F("search"), query)
        offering_rank = SearchRank(F("offerings__intervention__search"), query)
    else:
        item_rank = bottleneck_rank = offering_rank = Value(0.0, output_field=FloatField())
    offerings = CoalitionPartner.objects.running()
    if offering_q is None:
        offerings = offerings.none()
    else:
        offerings = offerings.filter(offering_q, coalition__in=coalitions.values("pk"))
    text = CharField()
    columns = _COLUMNS
    return (
        items.annotate(
            hit_kind=Value(ITEM, output_field=text),
            hit_id=F("pk"),
            hit_coalition=F("coalition_id"),
            hit_title=F("title"),
            hit_detail=Left("goal", 300),
            hit_rank=item_rank,
            hit_published=F("published"),
        )
        .order_by()  # the models' default orders would sort (and join) inside the UNION
        .values(*columns),
        bottlenecks.annotate(
            hit_kind=Value(KNELPUNT, output_field=text),
            hit_id=F("pk"),
            hit_coalition=F("work_item__coalition_id"),
            hit_title=Left("description", 200),
            hit_detail=Left("resolution", 300),
            hit_rank=bottleneck_rank,
            hit_published=F("work_item__published"),
        )
        .order_by()
        .values(*columns),
        offerings.annotate(
            hit_kind=Value(INTERVENTIE, output_field=text),
            hit_id=F("offerings__pk"),
            hit_coalition=F("coalition_id"),
            hit_title=F("offerings__intervention__name"),
            hit_detail=F("organisation__name"),
            hit_rank=offering_rank,
            hit_published=Value(True),
        )
        .order_by()
        .values(*columns),
    )


def _best_result_rank(query):
    best = (
        Result.objects.filter(work_item=OuterRef("pk"), search=query)
        .annotate(r=SearchRank(F("search"), query))
        .order_by("-r")
        .values("r")[:1]
    )
    return Subquery(best, output_field=FloatField())


def _hits(rows) -> list[Hit]:
    """Hits for UNION rows, with their coalition and (for items) their results: two queries."""
    hits = [
        Hit(
            kind=row["hit_kind"],
            pk=row["hit_id"],
            coalition_id=row["hit_coalition"],
            title=row["hit_title"],
            detail=row["hit_detail"] or "",
            rank=row["hit_rank"],
            published=row["hit_published"],
        )
        for row in rows
    ]
    coalitions = Coalition.objects.in_bulk({h.coalition_id for h in hits})
    item_ids = [h.pk for h in hits if h.kind == ITEM]
    results: dict[int, list] = {}
    for result in Result.objects.filter(work_item_id__in=item_ids).order_by("-date", "-pk"):
        results.setdefault(result.work_item_id, []).append(result)
    for hit in hits:
        hit.coalition = coalitions[hit.coalition_id]
        if hit.kind == ITEM:
            hit.results = results.get(hit.pk, [])
    return hits


def _union(filters: Filters, visible: list[int], query):
    items, bottlenecks, offerings = _parts(filters, visible, query)
    return items.union(bottlenecks, offerings, all=True).order_by(*ORDER)


def search(filters: Filters, visible: list[int], page_number=1):
    """A page (django Paginator page) of Hits for `filters`, as a user with
    `visible_coalition_ids` `visible` may see them; its `object_list` is a list of Hit. A fixed
    number of queries (count, page, coalitions, results)."""
    query = _query(filters.q) if filters.q.strip() else None
    paginator = Paginator(_union(filters, visible, query), PAGE_SIZE)
    page = paginator.get_page(page_number)
    page.object_list = _hits(list(page.object_list))
    return page


def similar_to(item: WorkItem, *, extra_text: str = "") -> list[Hit]:
    """Up to SIMILAR_MAX published items and resolved knelpunten of *other* coalitions that
    resemble `item` (its title, goal and description, plus `extra_text` such as its
    knelpunten), best first. Only published work: what another coalition has not published
    stays hidden here even for users who may open it. Three queries."""
    text = " ".join([item.title, item.goal, item.description, extra_text])
    query = _any_word_query(text)
    if query is None:
        return []
    # Seen as the public sees it: published work only, whoever asks.
    items, bottlenecks, _offerings = _parts(Filters(), [], query)
    items = items.exclude(coalition_id=item.coalition_id)
    bottlenecks = bottlenecks.exclude(work_item__coalition_id=item.coalition_id)
    rows = items.union(bottlenecks, all=True).order_by(*ORDER)[:SIMILAR_MAX]
    return _hits(list(rows))


def offered_interventions() -> list[tuple[str, str]]:
    """(slug, name) of the interventions some running partnership offers, by name: the
    intervention filter's choices. One query."""
    return list(
        CoalitionPartner.objects.running()
        .filter(offerings__isnull=False)
        .values_list("offerings__intervention__slug", "offerings__intervention__name")
        .distinct()
        .order_by("offerings__intervention__name")
    )


# Per open knelpunt, at most this many resolved knelpunten of other coalities.
SIMILAR_PER_KNELPUNT = 3


def attach_similar_knelpunten(bottlenecks) -> None:
    """Give each open knelpunt in `bottlenecks` `similar`: up to SIMILAR_PER_KNELPUNT resolved
    knelpunten of other coalitions (of published items) that resemble it, best first.

    One UNION ALL query for all of them (each part limited on its own), then the coalitions:
    two queries, however many knelpunten the page shows."""
    parts = []
    for b in bottlenecks:
        b.similar = []
        query = _any_word_query(b.description) if b.is_open else None
        if query is None:
            continue
        _items, others, _offerings = _parts(Filters(), [], query)
        others = others.exclude(work_item__coalition_id=b.work_item.coalition_id)
        parts.append(
            others.annotate(for_bottleneck=Value(b.pk))
            .values(*_COLUMNS, "for_bottleneck")
            .order_by(*ORDER)[:SIMILAR_PER_KNELPUNT]
        )
    if not parts:
        return
    rows = list(parts[0].union(*parts[1:], all=True)) if len(parts) > 1 else list(parts[0])
    hits = _hits(rows)
    by_id = {b.pk: b for b in bottlenecks}
    for row, hit in zip(rows, hits, strict=True):
        by_id[row["for_bottleneck"]].similar.append(hit)
