"""The icons the pages draw, as inline SVG: no page needs an emoji font or an extra request.

Each icon is built once, at import, as ready markup: a feed card shows several, and a
template macro would run its if-chain for every one of them on every card.
"""

from functools import lru_cache

from markupsafe import Markup

# What each icon draws inside a 24 x 24 box, stroked in the text's colour.
DRAWINGS = {
    "heart": Markup(
        '<path d="M12 20s-7.6-4.6-9.2-9.3C1.7 7.4 3.9 4.5 7 4.5c2.1 0 3.8 1.2 5 3.1'
        ' 1.2-1.9 2.9-3.1 5-3.1 3.1 0 5.3 2.9 4.2 6.2C19.6 15.4 12 20 12 20z"/>'
    ),
    "comment": Markup(
        '<path d="M20.5 11.5a8.5 8.5 0 0 1-12.4 7.6L3.5 20.5l1.4-4.4a8.5 8.5 0 1 1 15.6-4.6z"/>'
    ),
    "plus": Markup('<path d="M12 5v14M5 12h14"/>'),
    "bookmark": Markup('<path d="M6 3.5h12v17l-6-4.5-6 4.5z"/>'),
    "photos": Markup(
        '<rect x="7.5" y="3.5" width="13" height="13" rx="2"/>'
        '<path d="M16.5 20.5h-11a2 2 0 0 1-2-2v-11"/>'
    ),
    "previous": Markup('<path d="M15 5l-7 7 7 7"/>'),
    "next": Markup('<path d="M9 5l7 7-7 7"/>'),
    "search": Markup('<circle cx="11" cy="11" r="6.5"/><path d="M20 20l-4.2-4.2"/>'),
    "download": Markup('<path d="M12 4v11M7 10.5l5 5 5-5M5 20h14"/>'),
}

# Hidden from screen readers: a label, where the icon says something, is text beside it.
SVG = Markup(
    '<svg class="icon icon-{name}" viewBox="0 0 24 24" width="24" height="24" fill="none"'
    ' stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"'
    ' aria-hidden="true" focusable="false">{drawing}</svg>'
)
LABEL = Markup('<span class="visually-hidden">%s</span>')

ICONS = {name: SVG.format(name=name, drawing=drawing) for name, drawing in DRAWINGS.items()}


@lru_cache(maxsize=256)
def icon(name: str, label: str | None = None) -> Markup:
    """Return the icon's SVG, followed by its label for screen readers if it has one.

    Kept once made: the labels are the templates' own words ("Like", "Save"), so a
    few dozen pairs at most, and formatting markup costs more than the lookup.
    """
    if label:
        return ICONS[name] + LABEL % label
    return ICONS[name]
