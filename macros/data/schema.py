"""The schema of every data file under docs/_data/, as pydantic models.

Each field's description is what an editor is told to write when the field is
wrong, so keep descriptions short and concrete.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator, model_validator
from pydantic_core import PydanticCustomError

from macros.checks.references import (  # (what a field refers to: resolved in macros/checks/references.py)
    PageRef,
    RefersTo,
    SectionOf,
)
from macros.data.review import ReviewError, due_date  # (review.py is the one place intervals are read)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_HELP = "a stable id of lower-case letters, digits and hyphens, such as 'icon-home'"
ALLOWED_SCHEMES = ("https://", "mailto:", "tel:")


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)

    id: str = Field(pattern=ID_PATTERN, description=ID_HELP)

    @field_validator("*", mode="before")
    @classmethod
    def _no_empty_text(cls, value, info):
        if isinstance(value, str) and not value.strip():
            raise ValueError("is empty: write the text, or remove the field if it is optional")
        return value


Text = str


def _check_date_text(value):
    """Dates are kept as text by the loader; parse them here with a clear message."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(
            f"'{value}' is not a real date: write it as YYYY-MM-DD, for example 2026-11-28"
        ) from None


class Link(Entry):
    title: Text = Field(description="the link text readers see")
    publisher: Text = Field(description="who publishes the page or document")
    url: Optional[str] = Field(
        description="an address starting https://, mailto: or tel: (or null with a gap)"
    )
    gap: Optional[Text] = Field(None, description="what is missing, when url is null")
    published: Optional[Text] = Field(None, description="when it was published, e.g. 'July 2020'")
    legacy_http: bool = Field(False, description="true only for the deck's one old http:// address")
    note: Optional[Text] = Field(None, description="a short note for readers")
    seen: Optional[Text] = Field(None, description="where and when the address was seen, e.g. 'public copy, "
                                 "undated page, read 2026-12-02' (for editors; not shown to readers)")

    @field_validator("published", mode="before")
    @classmethod
    def _published_text(cls, value):
        return None if value is None else str(value)

    @model_validator(mode="after")
    def _check_url(self):
        if self.url is None:
            if not self.gap:
                raise ValueError(
                    "url is null but gap is missing: give the https:// address, or say in "
                    "gap: what is missing and who can supply it"
                )
            return self
        url = self.url
        if any(ch.isspace() for ch in url):
            raise ValueError(f"url '{url}' contains a space: copy the address again from the browser")
        if any(ch in url for ch in '"<>\\`'):
            raise ValueError(f"url '{url}' contains a quote, < > or a backslash, which no address has: copy the "
                             "address again from the browser's address bar")
        if url.startswith("http://"):
            if not self.legacy_http:
                raise ValueError(
                    f"url '{url}' uses http, which is not allowed: use the https:// address "
                    "(only the deck's legacy link may set legacy_http: true)"
                )
            return self
        if not url.startswith(ALLOWED_SCHEMES):
            if ":" not in url:
                raise ValueError(f"url '{url}' does not start with https://: write the whole address, "
                                 f"e.g. https://{url.lstrip('/')}")
            scheme = url.split(":", 1)[0]
            raise ValueError(
                f"url '{url}' has scheme '{scheme}': only https://, mailto: and tel: addresses are allowed"
            )
        if url.startswith("https://") and ("." not in url[8:].split("/", 1)[0]):
            raise ValueError(f"url '{url}' has no valid host name: copy the full address, e.g. https://www.nice.org.uk/")
        if self.legacy_http:
            raise ValueError("legacy_http is true but the url is not http://: remove legacy_http")
        return self


class Statistic(Entry):
    label: Text = Field(description="what the figure counts, read after the figure")
    unit: Literal["count", "percent"] = Field(description="count or percent")
    value: Optional[float] = Field(None, description="the figure as a number, e.g. 32")
    count: Optional[int] = Field(None, description="for a computed percentage: the count, e.g. 142")
    of: Annotated[Optional[str], RefersTo("statistics.yml", "total")] = Field(
        None, description="for a computed percentage: the id of the total's statistic")
    reported_percent: Optional[float] = Field(None, description="the percentage the source prints, e.g. 36")
    qualifier: Optional[Literal["under", "about"]] = Field(None, description="'under' or 'about'")
    period: Text = Field(description="the time the figure covers, e.g. 'April 2022 to March 2023'")
    base: Text = Field(description="what the figure is a share or count of")
    source: Annotated[str, RefersTo("links.yml", "source")] = Field(description="the id of its source in links.yml")
    status: Literal["confirmed", "deck", "quoted"] = Field(
        description="confirmed, deck (as reported in the workshop slides) or quoted"
    )
    note: Optional[Text] = None

    @field_validator("value", mode="before")
    @classmethod
    def _number(cls, value):
        if isinstance(value, bool) or (value is not None and not isinstance(value, (int, float))):
            raise ValueError(f"'{value}' is not a number: write digits only, e.g. 32 (no % sign)")
        return value

    @model_validator(mode="after")
    def _value_or_counts(self):
        if self.value is None and self.count is None:
            raise ValueError("has neither value nor count: give value (e.g. 32), or count and of")
        if self.value is not None and self.count is not None:
            raise ValueError(
                "has both value and count: a percentage computed from counts must not also be typed; remove value"
            )
        if self.count is not None:
            if self.unit != "percent":
                raise ValueError("count and of compute a percentage: set unit: percent, or use value for a count")
            if not self.of:
                raise ValueError("count is given without of: add of: <id of the total's statistic>")
        if self.of and self.count is None:
            raise ValueError("of is given without count: add count: <the number counted>")
        if self.count is not None and self.count < 0:
            raise ValueError("count is negative: a count cannot be below 0")
        if self.reported_percent is not None and not 0 <= self.reported_percent <= 100:
            raise ValueError(f"reported_percent {self.reported_percent:g} is not a percentage between 0 and 100")
        if self.value is not None and self.value < 0:
            raise ValueError("value is negative: a count or percentage cannot be below 0")
        if self.unit == "percent" and self.value is not None and self.value > 100:
            raise ValueError(f"value {self.value:g} is over 100 for a percentage")
        return self


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)
    letter: str = Field(min_length=1, max_length=1, description="one capital letter")
    text: Text = Field(min_length=1, description="the message in the programme's own wording")


class Tool(Entry):
    name: Text = Field(description="the tool's full name, as its publisher writes it")
    short: Text = Field(description="a short name, e.g. ICON")
    page: Annotated[Optional[str], PageRef()] = Field(None, description="the site page about it, e.g. tools/icon.md, or null")
    summary: Text = Field(description="one line for the list at the top of the tools page, e.g. 'The NSPCC's "
                          "assessment tool for professionals working with expectant parents.'")
    what: Text = Field(description="what it is, in one or two plain sentences")
    who: Text = Field(description="who uses it")
    when: Text = Field(description="when to use it")
    messages: list[Message] = Field(default_factory=list, description="the programme's own messages")
    get: Annotated[list[str], RefersTo("links.yml", "link")] = Field(min_length=1, description="a list of link ids where to get it, e.g. [icon-home]")
    sources: Annotated[list[str], RefersTo("links.yml", "link")] = Field(min_length=1, description="a list of link ids the description comes from")
    status: Literal["confirmed", "deck"] = Field(description="confirmed or deck")
    note: Optional[Text] = None


class Area(Entry):
    name: Text
    short: Text
    partnership: Text = Field(description="the partnership's name in full")
    link: Annotated[str, RefersTo("links.yml", "link")] = Field(description="the id in links.yml of the partnership's website")
    statistics: Annotated[list[str], RefersTo("statistics.yml", "statistic")] = Field(
        description="ids in statistics.yml, e.g. [banes-notifications]")
    reviews: Annotated[list[str], RefersTo("case_reviews.yml", "review")] = Field(
        default_factory=list, description="ids in case_reviews.yml")


class CaseReview(Entry):
    name: Text
    area: Annotated[str, RefersTo("areas.yml", "area")] = Field(description="an id in areas.yml: banes, swindon or wiltshire")
    kind: Text
    summary: Text
    year: Optional[int] = Field(None, ge=1990, le=2100, description="a year such as 2021")
    related_statistic: Annotated[Optional[str], RefersTo("statistics.yml", "statistic")] = None
    source: Annotated[str, RefersTo("links.yml", "source")] = Field(description="an id in links.yml")
    status: Literal["confirmed", "deck"]
    note: Optional[Text] = None

    @field_validator("year")
    @classmethod
    def _not_future(cls, value):
        if value is not None and value > dt.date.today().year:
            raise ValueError(f"year {value} is in the future: write the year the review was published")
        return value


class KeyMessage(Entry):
    title: Text
    text: Text
    related: Annotated[list[str], PageRef()] = Field(default_factory=list, description="site pages, e.g. [bruising.md]")


class Term(Entry):
    term: Text
    expansion: Optional[Text] = None
    definition: Text
    source: Annotated[Optional[str], RefersTo("links.yml", "link")] = Field(None, description="the id in links.yml of the source the definition follows, or "
                                  "leave out: it is then shown as this guide's own plain-English explanation")
    see: Annotated[Optional[str], RefersTo("links.yml", "link")] = Field(None, description="the id in links.yml of the official definition, for a plain-"
                               "English explanation of a statutory or clinical term")


class Contact(Entry):
    area: Annotated[str, RefersTo("areas.yml", "area")] = Field(description="an id in areas.yml")
    when: Literal["in-hours", "out-of-hours", "emergency"] = Field(
        description="in-hours, out-of-hours or emergency (999, for a baby in immediate danger)")
    service: Text = Field(description="who answers, as the source names it, e.g. 'Multi-Agency Safeguarding Hub (MASH)'")
    phone: str = Field(description="the number as the source writes it, in quotes, e.g. \"0300 456 0108\"")
    also: Optional[str] = Field(None, description="a second number the source gives for the same service, or leave out")
    hours: Text = Field(description="when it answers, as the source gives it, e.g. 'Monday to Thursday 8.45am to 5pm'")
    source: Annotated[str, RefersTo("links.yml", "source")] = Field(
        description="the id in links.yml of the page that publishes the number")
    see_also: Annotated[Optional[str], RefersTo("links.yml", "link")] = Field(None, description="optional: the id in links.yml of an official page that names "
                                    "the service (when the number itself was seen elsewhere)")
    source_date: Text = Field(description="the date the source page shows (published or updated), or 'undated'")
    checked_on: dt.date = Field(description="YYYY-MM-DD: the day someone last read the number at its source")
    checked_how: Literal["public copy", "confirmed"] = Field(
        description="'public copy' (read in a stored public copy of the page) or 'confirmed' (with the service "
                    "or partnership, on its live page or by phone)")
    note: Optional[Text] = None

    _checked_text = field_validator("checked_on", mode="before")(classmethod(lambda cls, v: _check_date_text(v)))

    @field_validator("phone", "also", mode="before")
    @classmethod
    def _phone_text(cls, value):
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError(f"'{value}' must be written in quotes, e.g. \"0300 456 0108\"")
        digits = "".join(value.split())  # (any kind of space, a non-breaking one pasted from a web page too)
        if not digits.isdigit():
            raise ValueError(f"'{value}' is not a phone number: write digits and spaces only (no +44, dashes or "
                             "brackets), e.g. 0300 456 0108")
        # UK numbers have 10 or 11 digits (0300 456 0108); short codes (999, 101, 111, 116 123) up to 6.
        if not (len(digits) in (10, 11) and digits.startswith("0")) and not (len(digits) <= 6 and digits[0] in "19"):
            raise ValueError(f"'{value}' has {len(digits)} digits: a UK number has 10 or 11, starting with 0 "
                             "(e.g. 0300 456 0108), a short code 3 to 6 (e.g. 101). Copy it again from the source")
        return " ".join(value.split())

    @model_validator(mode="after")
    def _not_future(self):
        if self.checked_on > dt.date.today():
            raise ValueError(
                f"checked_on {self.checked_on} is in the future: write the date the number was checked"
            )
        return self


class ShortLink(Entry):
    page: Annotated[str, PageRef()] = Field(description="the page it leads to, as a path under docs/, e.g. bruising.md")
    # (not SectionOf: a short link may lead to a section a macro writes, such as a key message, so its
    # anchor is checked on the built page, macros/publish/shortlinks.py)
    anchor: Optional[str] = Field(None, pattern=ID_PATTERN, description="a section id on that page, e.g. what-to-do")
    title: Text = Field(description="what the short link is for")


class RoleItem(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    page: Annotated[str, PageRef()] = Field(description="a page under docs/, e.g. bruising.md")
    anchor: Annotated[Optional[str], SectionOf("page")] = Field(None, pattern=ID_PATTERN, description="a section id on that page, e.g. what-to-do")
    why: Text = Field(min_length=1, description="why it matters to this role, from the deck or facts.md")


class Role(Entry):
    name: Text = Field(description="the role as readers name it, e.g. 'Health visitor'")
    plural: Text = Field(description="the role in the plural, e.g. 'health visitors'")
    summary: Text = Field(description="one sentence: what this guide offers this role")
    matters: list[RoleItem] = Field(min_length=1, description="what matters most: a list of {page, anchor, why}")
    tools: Annotated[list[str], RefersTo("tools.yml", "tool")] = Field(
        default_factory=list, description="ids in tools.yml, e.g. [icon, dadpad]")


class SearchAlias(Entry):
    phrases: list[Text] = Field(min_length=1, description="the everyday words readers search for, e.g. [shaken baby]")
    page: Annotated[str, PageRef()] = Field(description="the page they should find, as a path under docs/, e.g. tools/icon.md")
    anchor: Annotated[Optional[str], SectionOf("page")] = Field(None, pattern=ID_PATTERN, description="a section id on that page, e.g. safer-sleep")

    @field_validator("phrases")
    @classmethod
    def _plain_phrases(cls, value):
        for phrase in value:  # (the theme's search puts them into the results as HTML)
            if any(ch in phrase for ch in "<>&"):
                raise ValueError(f"the phrase '{phrase}' contains < > or &: write plain words only")
        return value


class Share(Entry):
    title: Text = Field(description="the resource's name as families see it")
    for_families: Text = Field(description="one sentence saying what the family will find")
    link: Annotated[Optional[str], RefersTo("links.yml", "link")] = Field(
        description="the id in links.yml of the official resource, or null with a gap")
    gap: Optional[Text] = Field(None, description="what is missing, when link is null")

    @model_validator(mode="after")
    def _gap(self):
        if self.link is None and not self.gap:
            raise ValueError("link is null but gap is missing: say what is missing in gap:")
        return self


class Change(Entry):
    date: dt.date = Field(description="the date the change was published, YYYY-MM-DD, e.g. 2026-11-28")
    title: Text = Field(description="a short title for the change, e.g. 'First publication'")
    summary: Text = Field(description="one or two plain sentences saying what changed, for readers")
    pages: Annotated[list[str], PageRef("Give a path under docs/, such as bruising.md, or write [] for the whole site.")] = Field(
        default_factory=list, description="the pages it changed, e.g. [bruising.md]; [] for the whole site")
    significant: bool = Field(True, description="true if readers should know about it (shown on the pages it changed)")

    _date_text = field_validator("date", mode="before")(classmethod(lambda cls, v: _check_date_text(v)))

    @model_validator(mode="after")
    def _not_future(self):
        if self.date > dt.date.today():
            raise ValueError(f"date {self.date} is in the future: write the date the change was published")
        return self


# file name -> (model, what the file holds, for messages)
FILES: dict[str, type[Entry]] = {
    "links.yml": Link,
    "statistics.yml": Statistic,
    "tools.yml": Tool,
    "areas.yml": Area,
    "case_reviews.yml": CaseReview,
    "key_messages.yml": KeyMessage,
    "glossary.yml": Term,
    "contacts.yml": Contact,
    "shortlinks.yml": ShortLink,
    "roles.yml": Role,
    "search_aliases.yml": SearchAlias,
    "share.yml": Share,
    "changelog.yml": Change,
}


# --- mkdocs.yml extra: the settings editors write there, checked like the data files ---------------

REVIEW_FIELDS = ("owner", "review_in", "last_reviewed")
EMAIL_PATTERN = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"


def _review_interval(value):
    """``review_in`` ("6 months", "1 year"), understood the way macros/data/review.py works out due dates."""
    if value:  # (an empty one is reported where a page needs it)
        due_date(dt.date.today(), value)  # raises ReviewError, a ValueError, with the editor's message
    return value


class ReviewBlock(BaseModel):
    """One block of mkdocs.yml extra.review: the review fields a folder's pages take by default."""
    model_config = ConfigDict(extra="forbid")

    owner: Any = None
    review_in: Any = None
    last_reviewed: Any = None

    _interval = field_validator("review_in")(classmethod(lambda cls, v: _review_interval(v)))


class ReviewDefaults(RootModel[dict[Any, ReviewBlock]]):
    """mkdocs.yml extra.review: one block per folder ('' for every page)."""


class ReportProblem(BaseModel):
    """mkdocs.yml extra.report_problem: email is an address alone (the site writes the mailto: link)."""
    model_config = ConfigDict(extra="allow")

    email: Any = None

    @field_validator("email")
    @classmethod
    def _address(cls, value):
        if value is None:
            return None
        text = str(value).strip()
        if text.lower().startswith("mailto:"):
            raise ValueError("write the address alone, without 'mailto:' (the site makes the link), e.g. "
                             f"email: {text[7:]}")
        if not re.fullmatch(EMAIL_PATTERN, text):
            raise ValueError(f"'{text}' is not an email address. Write it as name@example.org, or null (with the "
                             "gap reported) until the partnerships give one")
        return text


# --- page front matter ----------------------------------------------------------------------------
# Every field a page may have: ours (see the README), then the theme's and the macros plugin's own.
# Any other name is almost always a misspelling, which would otherwise be silently ignored (a
# misspelt review interval would quietly fall back to the default).
OUR_FIELDS = ("title", "description", "owner", "reviewed_by", "last_reviewed", "review_in", "roles", "one_page_guide")
THEME_FIELDS = ("hide", "icon", "status", "subtitle", "tags", "template", "search", "render_macros")

# Each error's type says how the editor is told it (macros/data/pages.py): the message is the text that
# follows "docs/<page>, front matter field '<name>'" (and its line, for the types in AT_LINE).
AT_LINE = ("plain_text", "not_a_date")


def _problem(kind: str, text: str) -> PydanticCustomError:
    return PydanticCustomError(kind, "{text}", {"text": text})


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def without_tags(text: str) -> str:
    """``text`` with its HTML tags (and any stray < or >) taken out: what to write instead."""
    return re.sub(r"<[^>]*>?", "", text).replace("<", "").replace(">", "").strip()


def plain_text(value, name: str, in_attribute: bool = False):
    """Front matter is plain text: no HTML (the theme would put it into the page as markup), no macros
    (they do not work there) and, in what the theme writes into an attribute, no straight double quote."""
    for text in _strings(value):
        if "<" in text or ">" in text:
            raise _problem("plain_text", " contains '<' or '>': front matter is plain text, and HTML there would "
                           f"become part of every page that shows it. Write it without tags, e.g. {name}: "
                           f"{without_tags(text)}")
        if "{{" in text or "{%" in text:
            raise _problem("plain_text", " contains '{{' or '{%': macros do not work in front matter, so readers "
                           "would see the braces. Write the words themselves.")
        if in_attribute and '"' in text:
            raise _problem("plain_text", " contains a straight double quote (\"), which would break the page's "
                           "HTML. Use curly quotes “ ” or single quotes ' instead.")
    return value


class FrontMatter(BaseModel):
    """A page's front matter. ``last_reviewed`` and ``review_in`` may come from the defaults in mkdocs.yml
    extra.review: pass them (for this page) as the validation context's ``defaults``, with ``today``."""
    model_config = ConfigDict(extra="forbid")

    title: Any = Field(description="the page's title, e.g. title: Bruising in non-mobile babies")
    description: Any = Field(description="one sentence saying what the page is for (used by search engines "
                             "and link previews)")
    owner: Any = None
    reviewed_by: Any = None
    last_reviewed: Any = Field(None, validate_default=True)
    review_in: Any = Field(None, validate_default=True)
    # The roles the page is for: each an id in roles.yml (resolved with every other reference).
    roles: Annotated[Optional[list], RefersTo("roles.yml", "role")] = None
    one_page_guide: Any = None
    hide: Any = None
    icon: Any = None
    status: Any = None
    subtitle: Any = None
    tags: Any = None
    template: Any = None
    search: Any = None
    render_macros: Any = None

    @field_validator("*")
    @classmethod
    def _plain(cls, value, info):
        # The theme writes these into the page's HTML as they are (titles unescaped, the description
        # inside a double-quoted attribute), so they must be plain text without straight double quotes.
        return plain_text(value, info.field_name, info.field_name in ("title", "description", "subtitle"))

    @field_validator("roles", mode="before")
    @classmethod
    def _roles(cls, value):
        if value is not None and not (isinstance(value, list) and all(isinstance(r, str) for r in value)):
            raise _problem("roles_list", ": must be a list of role ids, e.g. roles: [midwife, gp].")
        return value

    @field_validator("title", "description")
    @classmethod
    def _written(cls, value, info):
        if value is None or not str(value).strip():
            raise _problem("empty", f" is empty. Write {cls.model_fields[info.field_name].description}.")
        return value

    @field_validator("last_reviewed")
    @classmethod
    def _last_reviewed(cls, value, info):
        context = info.context or {}
        today = context.get("today") or dt.date.today()
        if value is None:
            value = (context.get("defaults") or {}).get("last_reviewed")
        if not value:
            raise _problem("missing_date", " is missing. Write the date the page was last checked, e.g. "
                           "last_reviewed: 2026-11-28.")
        if isinstance(value, dt.datetime):
            value = value.date()
        try:
            last = _check_date_text(value if isinstance(value, dt.date) else str(value).strip())
        except ValueError:
            raise _problem("not_a_date", f": '{value}' is not a real date. Write it as YYYY-MM-DD, e.g. "
                           "2026-11-28.") from None
        if last > today:
            raise _problem("future", f": {last.isoformat()} is in the future. Write the date the page was actually "
                           f"reviewed (today is {today.isoformat()} or earlier).")
        return last

    @field_validator("review_in")
    @classmethod
    def _review_in(cls, value, info):
        context = info.context or {}
        from_page = value is not None
        if not from_page:
            value = (context.get("defaults") or {}).get("review_in")
        if not value:
            raise _problem("missing_interval", " is missing. Write how often the page is reviewed, e.g. "
                           "review_in: 6 months, or set a default in mkdocs.yml extra.review.")
        try:  # (understood? the dates themselves are worked out in macros/data/review.py)
            due_date(info.data.get("last_reviewed") or context.get("today") or dt.date.today(), value)
        except ReviewError as exc:
            # (a bad default is reported once, for mkdocs.yml: here it only stops the page's dates)
            raise _problem("bad_interval" if from_page else "bad_default", f": {exc}.") from None
        return value

