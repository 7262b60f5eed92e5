"""Strategies and assertions for your own tests of code that uses cleaner.

The assertion helpers need nothing but cleaner. The strategies need hypothesis, the
``testing`` extra: ``pip install "page-cleaner[testing]"``.

>>> from hypothesis import given
>>> from cleaner import clean
>>> from cleaner.testing import articles_with_chrome, assert_contract, assert_keeps
>>> @given(articles_with_chrome())
... def test_my_pipeline_keeps_the_article(sample):
...     result = clean(sample.text)
...     assert_contract(sample.text, result)
...     for paragraph in sample.article.paragraphs:
...         assert_keeps(result, paragraph)

Strategies:

* ``sentences(language)``: one realistic sentence, 8-30 words, capitalised, ending in
  ``.``, ``!`` or ``?``.
* ``paragraphs(language)``: 2-5 such sentences on one subject, as one line.
* ``articles(language)``: an ``Article``: a headline and 3-10 paragraphs on different
  subjects, separated by blank lines.
* ``chrome_lines(family)``: lines the loaded rule packs must remove (their ``removes``
  examples), optionally of one family.
* ``articles_with_chrome(language, family)``: an ``ArticleWithChrome``: an article with
  such lines injected where each rule's ``where`` allows, and the codes expected for them.
* ``any_text()``: arbitrary text: control characters, lone surrogates, odd line breaks,
  blank lines, very long lines, mixed with sentences and chrome lines.
* ``large_texts(language, min_lines, max_lines)``: long texts, 100-1,500 lines by default:
  paragraphs, headlines, labels and chrome lines, blank lines, lines thousands of characters
  long, control characters and lone surrogates (alone and inside paragraphs), every kind of
  line break.

Assertions (each raises ``AssertionError`` with the result's ``explain()``):

* ``assert_removes(result, snippet, code=None)``
* ``assert_keeps(result, snippet)``
* ``assert_contract(raw, result)``
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, get_args

from .blocks import LINE_BREAKS
from .packs.loader import Rule, load_rules
from .parse.decode import decode
from .result import Result

try:
    from hypothesis import HealthCheck, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - tested in a subprocess without hypothesis
    st = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

INSTALL_HINT = 'pip install "page-cleaner[testing]"'

PROFILE = "cleaner"
"""A hypothesis settings profile for tests of ``clean()`` (``@settings(settings.get_profile(
PROFILE))``, or ``settings.load_profile(PROFILE)`` for a whole suite): no deadline, since a
process's first ``clean()`` builds its cleaner (a fifth of a second) inside whichever example
runs first, and generated articles are large by design, so the too-slow and too-large health
checks are off. Registered when hypothesis is installed."""
if st is not None:
    settings.register_profile(
        PROFILE, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
    )
"""How to get the optional dependency the strategies need."""

Slot = Literal["head", "between", "tail"]
"""Where in an article a line goes: after the headline, between paragraphs, after the end."""

SENTENCE_MIN_WORDS = 8
SENTENCE_MAX_WORDS = 30
PARAGRAPH_MIN_SENTENCES = 2
PARAGRAPH_MAX_SENTENCES = 5
ARTICLE_MIN_PARAGRAPHS = 3
ARTICLE_MAX_PARAGRAPHS = 10
CHROME_MAX_LINES = 4
"""Most chrome lines ``articles_with_chrome`` injects (one per gap between blocks)."""


# --------------------------------------------------------------------------- word lists


@dataclass(frozen=True, slots=True)
class _Topic:
    """The words of one subject: paragraphs on different topics share no content words, so
    the repeat detector has no reason to take one for a rewording of another."""

    subjects: tuple[str, ...]
    verbs: tuple[tuple[str, str], ...]
    """(past tense, form after "did" or the question word)."""
    objects: tuple[str, ...]
    places: tuple[str, ...]
    times: tuple[str, ...]
    speakers: tuple[str, ...]
    headlines: tuple[str, ...]


def _topic(
    subjects: str, verbs: str, objects: str, places: str, times: str, speakers: str, headlines: str
) -> _Topic:
    """A topic from ``|``-separated lists; a verb is ``past/base`` (or just ``past``)."""

    def split(text: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in text.split("|"))

    pairs = tuple((v.split("/")[0], v.split("/")[-1]) for v in split(verbs))
    return _Topic(
        split(subjects), pairs, split(objects), split(places), split(times), split(speakers), split(headlines)
    )


_EN_TOPICS: tuple[_Topic, ...] = (
    _topic(
        "the city council|the harbour authority|the port engineers|the transport committee",
        "approved/approve|inspected/inspect|delayed/delay|rebuilt/rebuild",
        "the harbour bridge|a costly repair plan|the rusting steel supports|the ferry timetable",
        "at the fishing docks|on the northern quay|at the harbour office|by the lighthouse",
        "in the winter|after the storm|on Tuesday morning",
        "a port spokesman|the harbour master",
        "Harbour bridge to be rebuilt after years of delays|Port engineers find cracks in the quay"
        "|Ferry timetable changes as bridge repairs begin",
    ),
    _topic(
        "the school board|several head teachers|the education minister|a group of parents",
        "criticised/criticise|defended/defend|reviewed/review|welcomed/welcome",
        "the reading programme|longer lunch breaks|the exam schedule|a shortage of maths teachers",
        "in primary classrooms|in a packed assembly hall|in rural districts|at a heated debate",
        "this term|in early September|before the holidays",
        "a union representative|the deputy head",
        "Schools rethink exams after parents raise concerns|Teacher shortage hits rural classrooms"
        "|Reading programme wins praise from head teachers",
    ),
    _topic(
        "local farmers|the weather service|the agriculture ministry|a cooperative of growers",
        "feared/fear|measured/measure|predicted/predict|protected/protect",
        "the wheat harvest|drought warnings|emergency irrigation|the price of barley",
        "on the dry plains|in the river valley|in the southern fields|at the orchards by the river",
        "during the heatwave|in early June|for three weeks",
        "one grower|a meteorologist",
        "Farmers brace for a poor harvest as drought drags on|Heatwave pushes barley prices higher"
        "|Growers turn to emergency irrigation",
    ),
    _topic(
        "the national museum|a team of curators|the gallery director|art historians",
        "unveiled/unveil|restored/restore|catalogued/catalogue|acquired/acquire",
        "a forgotten portrait|the faded tapestry|rare medieval manuscripts|an exhibition of sculpture",
        "in the east wing|in a climate-controlled vault|in a case of protective glass"
        "|at the gallery entrance",
        "after decades in storage|at a private viewing|ahead of the reopening",
        "the chief curator|a museum guide",
        "Forgotten portrait returns to the national museum|Curators restore a medieval tapestry"
        "|Sculpture exhibition draws record crowds",
    ),
    _topic(
        "the home side|the young striker|the club's manager|the visiting goalkeeper",
        "celebrated/celebrate|conceded/concede|secured/secure|disputed/dispute",
        "a late equaliser|the league title|a penalty appeal|the training schedule",
        "in front of a sold-out stadium|at the training ground|on a muddy pitch|in the final minutes",
        "on Saturday afternoon|after the break|this season",
        "the assistant coach|one supporter",
        "Late equaliser keeps title hopes alive|Young striker signs a contract extension"
        "|Manager disputes penalty decision",
    ),
    _topic(
        "the regional hospital|a panel of doctors|the health department|nursing staff",
        "expanded/expand|audited/audit|launched/launch|modernised/modernise",
        "the waiting lists|a vaccination campaign|the emergency ward|patient records",
        "in the children's clinic|at three rural surgeries|on the surgical floor|in every part of the county",
        "earlier this month|during the flu season|for six weeks",
        "a senior nurse|the hospital's director",
        "Hospital expands emergency ward as waiting lists grow|Vaccination campaign reaches rural surgeries"
        "|Doctors call for faster patient records",
    ),
    _topic(
        "the software company|a small startup|the regulator|independent researchers",
        "patched/patch|tested/test|exposed/expose|upgraded/upgrade",
        "a security flaw|the mobile banking app|customer passwords|the data centre",
        "on its servers|in a public report|at a developer conference|on the cloud platform",
        "in a matter of hours|late on Friday|by the end of the week",
        "a company engineer|the regulator's spokeswoman",
        "Banking app patched after researchers find a security flaw"
        "|Startup opens a second data centre|Regulator tests password rules",
    ),
    _topic(
        "the rail operator|commuters|the train drivers' union|the regional transport agency",
        "cancelled/cancel|announced/announce|raised/raise|replaced/replace",
        "the morning services|a strike ballot|ticket prices|the signalling system",
        "at the central station|on the coastal line|on the line between the two cities"
        "|on the suburban routes",
        "from next Monday|at rush hour|for the third time",
        "a union leader|one commuter",
        "Rail strike threatens morning services|Ticket prices rise on the coastal line"
        "|Signalling failure causes rush hour delays",
    ),
    _topic(
        "forest rangers|a conservation charity|volunteers|the wildlife trust",
        "planted/plant|monitored/monitor|tracked/track|fenced/fence",
        "thousands of oak saplings|the nesting sites|an invasive beetle|the wetland reserve",
        "on the hillside|by the abandoned quarry|in the ancient woodland|on the riverbank",
        "at dawn|in the spring|at the weekend",
        "a ranger|the charity's ecologist",
        "Volunteers plant thousands of oak saplings|Rangers track an invasive beetle"
        "|Wetland reserve reopens to visitors",
    ),
    _topic(
        "the housing association|tenants|the planning department|a property developer",
        "opposed/oppose|granted/grant|demolished/demolish|renovated/renovate",
        "the rent increase|two hundred affordable flats|the derelict warehouse|building permits",
        "in the historic centre|on the former tram depot|at the university campus|in the inner city",
        "at a public hearing|by the end of the year|in the autumn",
        "a tenants' representative|the planning officer",
        "Tenants oppose rent increase|Developer wins permit for affordable flats"
        "|Derelict warehouse to become housing",
    ),
    _topic(
        "the festival organisers|a local choir|the orchestra|the headline band",
        "rehearsed/rehearse|performed/perform|postponed/postpone|recorded/record",
        "the opening concert|an unfinished symphony|the whole lineup|an outdoor stage",
        "in the cathedral|at the open-air arena|in a striped tent|on the lakeside meadow",
        "before sunset|on the final night|in the rain",
        "the conductor|a festival volunteer",
        "Orchestra performs an unfinished symphony|Rain fails to dampen the festival"
        "|Choir records an album in the cathedral",
    ),
    _topic(
        "the observatory|a team of astronomers|the space agency|graduate students",
        "detected/detect|photographed/photograph|analysed/analyse|confirmed/confirm",
        "a faint comet|the satellite's solar panels|radio signals|a distant galaxy",
        "from a mountain summit|with a giant telescope|in orbit|at mission control",
        "at midnight|for several nights|in a recent study",
        "the lead astronomer|an agency scientist",
        "Astronomers detect a faint comet|Space agency confirms signals from a distant galaxy"
        "|Observatory photographs satellite panels",
    ),
)

_DE_TOPICS: tuple[_Topic, ...] = (
    _topic(
        "der Stadtrat|die Hafenbehörde|der Verkehrsausschuss",
        "genehmigte|prüfte|verschob",
        "den Umbau der Brücke|die rostigen Stützen|den Fahrplan der Fähre",
        "am Fischereihafen|an der nördlichen Kaimauer|im Hafenamt",
        "am Dienstag|nach dem Sturm",
        "ein Sprecher des Hafens|der Hafenmeister",
        "Hafenbrücke wird nach Jahren neu gebaut|Risse in der alten Kaimauer entdeckt",
    ),
    _topic(
        "die Schulbehörde|die Bildungsministerin|der Elternbeirat",
        "kritisierte|verteidigte|begrüßte",
        "das neue Leseprogramm|den Prüfungsplan|die längeren Pausen",
        "in den Grundschulen|in der vollen Aula|in ländlichen Bezirken",
        "in diesem Halbjahr|vor den Ferien",
        "eine Vertreterin der Gewerkschaft|der stellvertretende Schulleiter",
        "Schulen überdenken Prüfungen nach Kritik der Eltern|Lehrermangel trifft ländliche Schulen",
    ),
    _topic(
        "der Bauernverband|der Wetterdienst|die Genossenschaft",
        "befürchtete|meldete|schützte",
        "die Weizenernte|eine Dürrewarnung|die Bewässerung der Felder",
        "auf den trockenen Äckern|im Flusstal|rund um die Obstgärten",
        "während der Hitzewelle|schon seit dem Frühsommer",
        "ein Landwirt|eine Meteorologin",
        "Bauern fürchten eine schwache Ernte|Hitzewelle treibt die Preise für Gerste",
    ),
    _topic(
        "das Landesmuseum|die Kuratorin|der Direktor der Galerie",
        "enthüllte|restaurierte|erwarb",
        "ein vergessenes Porträt|den verblassten Wandteppich|seltene Handschriften",
        "im Ostflügel|hinter dickem Schutzglas|im klimatisierten Depot",
        "nach Jahrzehnten im Lager|bei einer Vorbesichtigung",
        "die Chefkuratorin|ein Museumsführer",
        "Vergessenes Porträt kehrt ins Museum zurück|Kuratoren restaurieren einen Wandteppich",
    ),
    _topic(
        "die Heimmannschaft|der junge Stürmer|der Trainer",
        "feierte|sicherte|forderte",
        "einen späten Ausgleich|den Meistertitel|einen Elfmeter",
        "vor ausverkauftem Stadion|auf dem Trainingsplatz|auf schlammigem Rasen",
        "am Samstagnachmittag|nach der Pause",
        "der Kotrainer|ein treuer Fan",
        "Später Ausgleich hält Titelhoffnung am Leben|Junger Stürmer verlängert seinen Vertrag",
    ),
    _topic(
        "das Kreiskrankenhaus|das Gesundheitsamt|die Pflegeleitung",
        "erweiterte|startete|überprüfte",
        "die Notaufnahme|eine Impfkampagne|die langen Wartelisten",
        "in der Kinderklinik|in drei Landarztpraxen|im ganzen Landkreis",
        "zu Beginn des Monats|während der Grippesaison",
        "eine Oberärztin|der Klinikdirektor",
        "Krankenhaus erweitert die Notaufnahme|Impfkampagne erreicht die Landarztpraxen",
    ),
    _topic(
        "die Softwarefirma|ein kleines Startup|die Aufsichtsbehörde",
        "schloss|testete|modernisierte",
        "eine Sicherheitslücke|die mobile Banking-App|das Rechenzentrum",
        "auf ihren eigenen Servern|in einem öffentlichen Bericht|auf einer Entwicklerkonferenz",
        "innerhalb weniger Stunden|am späten Freitag",
        "ein Entwickler der Firma|die Sprecherin der Behörde",
        "Banking-App nach Sicherheitslücke repariert|Startup eröffnet ein zweites Rechenzentrum",
    ),
    _topic(
        "die Bahngesellschaft|die Lokführergewerkschaft|der Verkehrsverbund",
        "strich|erhöhte|ersetzte",
        "die frühen Verbindungen|einen Warnstreik|die Fahrpreise",
        "am Hauptbahnhof|auf der Küstenstrecke|zwischen den beiden Städten",
        "ab kommendem Montag|im morgendlichen Berufsverkehr",
        "ein Gewerkschaftsführer|eine Pendlerin",
        "Warnstreik bedroht die frühen Verbindungen|Fahrpreise steigen auf der Küstenstrecke",
    ),
    _topic(
        "der Förster|ein Naturschutzverein|die Wildtierstiftung",
        "pflanzte|beobachtete|bekämpfte",
        "tausende junge Eichen|die Brutplätze|einen eingeschleppten Käfer",
        "am steilen Hang|im alten Steinbruch|im feuchten Auwald",
        "im Morgengrauen|jedes Frühjahr",
        "eine Rangerin|der Ökologe des Vereins",
        "Freiwillige pflanzen tausende Eichen|Förster kämpfen gegen einen eingeschleppten Käfer",
    ),
    _topic(
        "die Wohnungsgenossenschaft|das Bauamt|ein Investor",
        "plante|sanierte|verkaufte",
        "die Mieterhöhung|zweihundert günstige Wohnungen|das verfallene Lagerhaus",
        "in der Altstadt|auf dem früheren Straßenbahndepot|nahe dem Campus",
        "bei einer öffentlichen Anhörung|bis zum Jahresende",
        "ein Mietervertreter|die Stadtplanerin",
        "Mieter wehren sich gegen die Mieterhöhung|Lagerhaus soll neuen Wohnungen weichen",
    ),
)

_TOPICS: dict[str, tuple[_Topic, ...]] = {"en": _EN_TOPICS, "de": _DE_TOPICS}
LANGUAGES: tuple[str, ...] = tuple(_TOPICS)
"""The languages the text strategies write."""

_CONNECTORS: dict[str, tuple[str, ...]] = {"en": ("and", "but", "so"), "de": ("und", "aber", "doch")}
_CLAUSES: dict[str, tuple[str, ...]] = {
    "en": (
        "{subject} {past} {object} {place} {time}",
        "{time}, {subject} {past} {object} {place}",
        "it was {time} that {subject} {past} {object} {place}",
        "{subject} had {past} {object} {place}",
    ),
    "de": (
        "{subject} {past} {time} {object} {place}",
        "{time} {past} {subject} {object} {place}",
        "es war {time}, als {subject} {object} {place} {past}",
    ),
}
"""Main clauses; the first two of each language also take a second clause after a connector."""
_SAID: dict[str, tuple[str, ...]] = {
    "en": ("{clause}, {speaker} said", "{speaker} said that {subject} had {past} {object} {place}"),
    "de": ("{clause}, sagte {speaker}", "{speaker} sagte, dass {subject} {object} {place} {past}"),
}
_QUESTIONS: dict[str, tuple[str, ...]] = {
    "en": ("why had {subject} {past} {object} {place}", "will {subject} {base} {object} {place} again"),
    "de": ("warum {past} {subject} {object} {place}", "wird {subject} {object} {place} wieder prüfen"),
}
_SHORT_CLAUSE = "{subject} {past} {object} {place}"
"""A second clause, in the same order in both languages (main clause after "and"/"und")."""


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class Article:
    """A generated article: ``text`` is the headline and the paragraphs, one per line,
    separated by blank lines and ending in a line break."""

    title: str
    paragraphs: tuple[str, ...]
    text: str
    language: str


@dataclass(frozen=True, slots=True)
class ArticleWithChrome:
    """A generated article with chrome lines injected, each on a line of its own.

    ``lines[i]`` was injected at offset ``starts[i]`` of ``text``; a cleaner should remove it,
    recorded with ``codes[i]`` (its rule) or, for chrome outside the article, a structure code.
    """

    article: Article
    text: str
    lines: tuple[str, ...]
    codes: tuple[str, ...]
    starts: tuple[int, ...]


# --------------------------------------------------------------------------- strategies


def _require_hypothesis() -> None:
    if st is None:
        raise ImportError(f"the strategies of cleaner.testing need hypothesis: {INSTALL_HINT}")


def _topics(language: str) -> tuple[_Topic, ...]:
    try:
        return _TOPICS[language]
    except KeyError:
        raise ValueError(
            f"no word lists for language {language!r}; choose from {', '.join(LANGUAGES)}"
        ) from None


Pick = Callable[[Sequence[Any]], Any]
"""Chooses one of the options: a hypothesis draw, or a seeded ``random.Random.choice``."""


def _draw_sentence(draw: DrawFn, language: str, topic: _Topic) -> str:
    return _sentence(lambda options: draw(st.sampled_from(options)), language, topic)


def _sentence(pick: Pick, language: str, topic: _Topic) -> str:
    """One sentence on ``topic``, every choice made by ``pick``."""
    past, base = pick(topic.verbs)
    words = {
        "subject": pick(topic.subjects),
        "past": past,
        "base": base,
        "object": pick(topic.objects),
        "place": pick(topic.places),
        "time": pick(topic.times),
        "speaker": pick(topic.speakers),
    }
    form = pick(("plain", "plain", "said", "two-clauses", "question"))
    if form == "question":
        return _finish(pick(_QUESTIONS[language]).format(**words), "?")
    if form == "two-clauses":
        first = pick(_CLAUSES[language][:2]).format(**words)
        second = _SHORT_CLAUSE.format(
            subject=pick(topic.subjects),
            past=pick(topic.verbs)[0],
            object=pick(topic.objects),
            place=pick(topic.places),
        )
        joined = f"{first}, {pick(_CONNECTORS[language])} {second}"
        return _finish(joined if len(joined.split()) < SENTENCE_MAX_WORDS else first, ".")
    clause = pick(_CLAUSES[language]).format(**words)
    if form == "said":
        clause = pick(_SAID[language]).format(clause=clause, **words)
    return _finish(clause, pick((".", ".", ".", "!")))


def _finish(clause: str, mark: str) -> str:
    sentence = clause[0].upper() + clause[1:] + mark
    if not SENTENCE_MIN_WORDS <= len(sentence.split()) <= SENTENCE_MAX_WORDS:
        raise ValueError(f"the word lists made a sentence of a bad length: {sentence!r}")
    return sentence


def _draw_paragraph(draw: DrawFn, language: str, topic: _Topic) -> str:
    sentence = st.composite(_draw_sentence)(language, topic)
    chosen = draw(
        st.lists(sentence, min_size=PARAGRAPH_MIN_SENTENCES, max_size=PARAGRAPH_MAX_SENTENCES, unique=True)
    )
    return " ".join(chosen)


def sentences(language: str = "en") -> SearchStrategy[str]:
    """One realistic sentence in ``language`` (``en`` or ``de``): 8-30 words from word lists
    on a dozen news subjects, starting with a capital and ending in ``.``, ``!`` or ``?``."""
    _require_hypothesis()
    topics = _topics(language)
    return st.sampled_from(topics).flatmap(lambda topic: st.composite(_draw_sentence)(language, topic))


def paragraphs(language: str = "en") -> SearchStrategy[str]:
    """One paragraph: 2-5 different sentences on one subject, joined by spaces on one line."""
    _require_hypothesis()
    topics = _topics(language)
    return st.sampled_from(topics).flatmap(lambda topic: st.composite(_draw_paragraph)(language, topic))


def _draw_article(draw: DrawFn, language: str) -> Article:
    topics = _topics(language)
    order = draw(st.permutations(range(len(topics))))
    count = draw(st.integers(ARTICLE_MIN_PARAGRAPHS, min(ARTICLE_MAX_PARAGRAPHS, len(topics))))
    chosen = [topics[i] for i in order[:count]]
    title = draw(st.sampled_from(chosen[0].headlines))
    body = tuple(draw(st.composite(_draw_paragraph)(language, topic)) for topic in chosen)
    text = "\n\n".join((title, *body)) + "\n"
    return Article(title=title, paragraphs=body, text=text, language=language)


def articles(language: str = "en") -> SearchStrategy[Article]:
    """An ``Article``: a headline, then 3-10 paragraphs (each on its own subject, so none
    repeats another), separated by blank lines. Cleaning it should keep every line."""
    _require_hypothesis()
    _topics(language)
    return st.composite(_draw_article)(language)


@lru_cache(maxsize=1)
def _default_rules() -> tuple[Rule, ...]:
    return load_rules(())


def _chosen_rules(family: str | None, rules: Sequence[Rule] | None) -> tuple[Rule, ...]:
    pool = tuple(r for r in (rules if rules is not None else _default_rules()) if r.patterns)
    chosen = tuple(r for r in pool if family is None or r.family == family)
    if not chosen:
        families = sorted({r.family for r in pool})
        raise ValueError(f"no rules of family {family!r}; the packs hold {', '.join(families) or 'none'}")
    return chosen


def _examples(family: str | None, rules: Sequence[Rule] | None) -> list[tuple[Rule, str]]:
    return [(rule, line) for rule in _chosen_rules(family, rules) for line in rule.removes]


def chrome_lines(family: str | None = None, *, rules: Sequence[Rule] | None = None) -> SearchStrategy[str]:
    """One line of page chrome: a ``removes`` example of the rule packs.

    ``family`` keeps the rules of one family (``"comments"``); ``rules`` replaces the
    default packs (e.g. ``Cleaner(Config(extra_packs=[...])).pack_rules``). Raises
    ``ValueError`` when no rule is left.
    """
    return st.sampled_from([line for _, line in _examples(family, rules)])


def slots_for(rule: Rule) -> tuple[Slot, ...]:
    """Where an example line of ``rule`` belongs in an article, by the rule's ``where``:
    ``head`` after the headline, ``tail`` after the last paragraph, ``anywhere`` between
    paragraphs. A ``drop-section`` rule drops the rest of the article after its line, so it
    only goes after the last paragraph, whatever its ``where``."""
    if rule.where == "head":
        return ("head",)
    if rule.where == "tail" or rule.action == "drop-section":
        return ("tail",)
    return ("between",)


def _gaps(rule: Rule, paragraphs: int) -> list[int]:
    """Gap indexes for ``rule``: 0 after the headline, i before paragraph i, last after the end."""
    gaps: list[int] = []
    for slot in slots_for(rule):
        gaps.extend({"head": [0], "between": list(range(1, paragraphs)), "tail": [paragraphs]}[slot])
    return gaps


def _draw_article_with_chrome(
    draw: DrawFn, language: str, family: str | None, rules: Sequence[Rule] | None
) -> ArticleWithChrome:
    article = draw(articles(language))
    count = len(article.paragraphs)
    wanted = draw(st.lists(st.sampled_from(_examples(family, rules)), min_size=1, max_size=CHROME_MAX_LINES))
    placed: dict[int, tuple[Rule, str, str]] = {}
    for rule, line in wanted:
        free = [gap for gap in _gaps(rule, count) if gap not in placed]
        if free:
            placed[draw(st.sampled_from(free))] = (rule, line, draw(st.sampled_from(("\n\n", "\n"))))
    text = article.title
    lines: list[str] = []
    codes: list[str] = []
    starts: list[int] = []
    for gap in range(count + 1):
        if gap in placed:
            rule, line, separator = placed[gap]
            text += separator
            starts.append(len(text))
            lines.append(line)
            codes.append(rule.code)
            text += line
        if gap < count:
            text += "\n\n" + article.paragraphs[gap]
    return ArticleWithChrome(article, text + "\n", tuple(lines), tuple(codes), tuple(starts))


def articles_with_chrome(
    language: str = "en", family: str | None = None, *, rules: Sequence[Rule] | None = None
) -> SearchStrategy[ArticleWithChrome]:
    """An ``ArticleWithChrome``: an article with 1-4 ``removes`` examples of the rule packs
    injected, at most one per gap, where each rule allows (see ``slots_for``).

    A cleaner should remove every injected line and keep the headline and every paragraph.
    ``family`` and ``rules`` choose the rules as in ``chrome_lines``.
    """
    _require_hypothesis()
    _topics(language)
    _examples(family, rules)
    return st.composite(_draw_article_with_chrome)(language, family, rules)


ALL_LINE_BREAKS: tuple[str, ...] = (*LINE_BREAKS, "\r\n")
"""Every line break cleaner splits lines at (as ``str.splitlines`` does), "\\n" first."""
_ODD_BREAKS = (*ALL_LINE_BREAKS, "\n\n", "\n \t\n")


def _odd_characters() -> SearchStrategy[str]:
    """Characters that trip text handling: controls, format characters, lone surrogates,
    spaces and separators, combining marks."""
    return st.characters(categories=["Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Mn"])


def any_text() -> SearchStrategy[str]:
    """Arbitrary text: lines of any unicode (control characters and lone surrogates too),
    white-space-only and blank lines, lines thousands of characters long, sentences and chrome
    lines, joined by every kind of line break Python knows. For "never crashes" properties."""
    _require_hypothesis()
    line = st.one_of(
        st.text(st.characters(codec=None), max_size=60),
        st.text(_odd_characters(), max_size=12),
        st.builds(lambda unit, times: unit * times, st.text(min_size=1, max_size=6), st.integers(300, 6_000)),
        sentences(),
        paragraphs(),
        chrome_lines(),
        st.just(""),
    )
    pieces = st.lists(st.tuples(line, st.sampled_from(_ODD_BREAKS)), max_size=20)
    return pieces.map(lambda pairs: "".join(text + brk for text, brk in pairs))


LineKind = Literal["paragraph", "sentence", "headline", "label", "chrome", "odd", "tainted", "long", "blank"]
LINE_KINDS: tuple[LineKind, ...] = get_args(LineKind)
"""What a line of ``large_texts`` can be: a paragraph, a sentence, a headline, a short label
("Ferry Timetable"), a chrome line of the packs, arbitrary unicode, a paragraph with such
characters inside, a line thousands of characters long, or blank."""
LARGE_MIN_LINES = 100
LARGE_MAX_LINES = 1_500
"""The lines ``large_texts`` writes by default: a long article's worth to a huge page's."""
LONG_LINE_MAX_CHARS = 20_000
"""The longest of the long lines (the shortest has 1,000 characters)."""
LONG_LINES_MAX = 10
"""Most lines thousands of characters long in one text (the rest of those drawn become
paragraphs), so that a text stays near a megabyte at most."""
KINDS_MAX = 8
"""Most line kinds one text draws (repeated kinds weigh more)."""
ODD_LINES_MAX = 6
"""Most lines of arbitrary unicode one text draws: its odd, tainted and long lines use them."""


@dataclass(frozen=True, slots=True)
class _Writer:
    """Writes the lines of one large text from a seeded random, so that a thousand lines cost
    hypothesis a handful of draws."""

    rng: random.Random
    language: str
    chrome: tuple[str, ...]
    odd: tuple[str, ...]

    def line(self, kind: LineKind) -> str:
        """One line of ``kind`` (see ``LINE_KINDS``), on a topic drawn for it."""
        topic = self.rng.choice(_topics(self.language))
        if kind == "paragraph":
            return self.paragraph(topic)
        if kind == "sentence":
            return _sentence(self.rng.choice, self.language, topic)
        if kind == "headline":
            return self.rng.choice(topic.headlines)
        if kind == "label":
            return " ".join(word.capitalize() for word in self.rng.choice(topic.objects).split()[-3:])
        if kind == "chrome":
            return self.rng.choice(self.chrome)
        if kind == "odd":
            return self.rng.choice(self.odd)
        if kind == "tainted":
            return self.tainted(self.paragraph(topic))
        if kind == "long":
            return self.long_line(topic)
        return self.rng.choice(("", " ", "\t \u00a0"))

    def paragraph(self, topic: _Topic) -> str:
        """Two to five different sentences on ``topic``, as ``paragraphs`` writes them."""
        count = self.rng.randint(PARAGRAPH_MIN_SENTENCES, PARAGRAPH_MAX_SENTENCES)
        return " ".join(dict.fromkeys(_sentence(self.rng.choice, self.language, topic) for _ in range(count)))

    def long_line(self, topic: _Topic) -> str:
        """One line of 1,000 to ``LONG_LINE_MAX_CHARS`` characters: a place, an odd line (its
        line breaks taken out) or a letter, repeated."""
        odd = "".join(self.rng.choice(self.odd).splitlines())
        unit = self.rng.choice((odd or "x", self.rng.choice(topic.places) + " ", "x"))
        return unit * (self.rng.randint(1_000, LONG_LINE_MAX_CHARS) // len(unit))

    def tainted(self, text: str) -> str:
        """``text`` with an odd line spliced in, inside a word or between two."""
        at = self.rng.randrange(len(text))
        return text[:at] + self.rng.choice(self.odd) + text[at:]


def _draw_large_text(draw: DrawFn, language: str, min_lines: int, max_lines: int) -> str:
    """Draw the shape of a text (see ``large_texts``) and write it."""
    kinds = draw(st.lists(st.sampled_from(LINE_KINDS), min_size=1, max_size=KINDS_MAX))
    breaks = draw(st.lists(st.sampled_from(ALL_LINE_BREAKS), min_size=1, max_size=len(ALL_LINE_BREAKS)))
    odd = draw(
        st.lists(
            st.one_of(
                st.text(_odd_characters(), min_size=1, max_size=12),
                st.text(st.characters(codec=None), min_size=1, max_size=40),
            ),
            min_size=1,
            max_size=ODD_LINES_MAX,
        )
    )
    lines = draw(st.integers(min_lines, max_lines))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    chosen = [rng.choice(kinds) for _ in range(lines)]
    for extra in [i for i, kind in enumerate(chosen) if kind == "long"][LONG_LINES_MAX:]:
        chosen[extra] = "paragraph"
    writer = _Writer(rng, language, tuple(line for _, line in _examples(None, None)), tuple(odd))
    return "".join(writer.line(kind) + rng.choice(breaks) for kind in chosen)


def large_texts(
    language: str = "en", min_lines: int = LARGE_MIN_LINES, max_lines: int = LARGE_MAX_LINES
) -> SearchStrategy[str]:
    """Long texts: ``min_lines`` to ``max_lines`` lines (see ``LINE_KINDS``): paragraphs,
    sentences, headlines, labels and chrome lines, blank lines, lines thousands of characters
    long, arbitrary unicode (control characters and lone surrogates too) on lines of its own
    and inside paragraphs, each line ended by any kind of line break (``ALL_LINE_BREAKS``).

    Hypothesis draws the shape of a text (its line kinds, line breaks, odd lines, length and
    a seed) and a seeded random writes the lines, so a text of a thousand lines costs a few
    draws; a failing text shrinks to fewer lines, fewer kinds and plainer line breaks."""
    _require_hypothesis()
    _topics(language)
    if not 1 <= min_lines <= max_lines:
        raise ValueError(f"need 1 <= min_lines <= max_lines, not {min_lines} and {max_lines}")
    return st.composite(_draw_large_text)(language, min_lines, max_lines)


# --------------------------------------------------------------------------- assertions


def _flat(text: str) -> str:
    return " ".join(text.split())


def assert_keeps(result: Result, snippet: str) -> None:
    """Assert that ``snippet`` is in the kept text, ignoring differences in white space."""
    if _flat(snippet) not in _flat(result.text):
        raise AssertionError(f"not kept: {snippet!r}\n{result.explain()}")


def assert_removes(result: Result, snippet: str, code: str | None = None) -> None:
    """Assert that cleaning removed ``snippet``: one removal holds it (with rule ``code``, if
    given) and the kept text no longer does. White space differences are ignored; the
    snippet should lie within one removal (one line, or one run of lines of one rule)."""
    needle = _flat(snippet)
    if not needle:
        raise ValueError("assert_removes needs a snippet with some text")
    holders = [r for r in result.removals if needle in _flat(r.text)]
    if not holders:
        raise AssertionError(f"no removal holds {snippet!r}\n{result.explain()}")
    if code is not None and all(r.code != code for r in holders):
        codes = ", ".join(sorted({r.code for r in holders}))
        raise AssertionError(f"{snippet!r} was removed by {codes}, not by {code}\n{result.explain()}")
    if needle in _flat(result.text):
        raise AssertionError(f"{snippet!r} was removed, but is still in the kept text\n{result.explain()}")


def _is_subsequence(small: str, big: str) -> bool:
    remaining = iter(big)
    return all(char in remaining for char in small)


def assert_contract(raw: str | bytes, result: Result) -> None:
    """Assert what every result promises about its input ``raw`` (str, or bytes decoded as
    cleaner decodes them):

    * the removals are ordered, non-overlapping, non-empty spans within the input, and each
      one's ``text`` is that slice of the input;
    * cutting the removals out of the input gives ``result.text``, and ``original()`` puts
      them back; the kept text is a subsequence of the input;
    * ``score`` is a float in [0, 1], and every signal is a named float in [0, 1].

    For HTML input the input these hold for is the page's extracted text, which
    ``original()`` rebuilds; its removals must still cut it into ``result.text``.
    """
    if result.format == "html":
        text = result.original()
    else:
        text = raw if isinstance(raw, str) else decode(raw, max_bytes=len(raw) + 1)
    problems: list[str] = []
    previous_end = 0
    pieces: list[str] = []
    for index, removal in enumerate(result.removals):
        where = f"removal {index} [{removal.start}, {removal.end}) {removal.code}"
        if not 0 <= removal.start < removal.end <= len(text):
            problems.append(f"{where} is empty or outside the input of length {len(text)}")
        if removal.start < previous_end:
            problems.append(f"{where} starts before the previous removal ends ({previous_end})")
        if removal.text != text[removal.start : removal.end]:
            problems.append(f"{where}: its text {removal.text!r:.80} is not the input's slice")
        if not (removal.code and removal.name and removal.reason):
            problems.append(f"{where} lacks a code, name or reason")
        pieces.append(text[previous_end : removal.start])
        previous_end = max(previous_end, removal.end)
    pieces.append(text[previous_end:])
    if "".join(pieces) != result.text:
        problems.append("cutting the removals out of the input does not give result.text")
    if not _is_subsequence(result.text, text):
        problems.append("the kept text is not a subsequence of the input")
    if result.original() != text:
        problems.append("result.original() does not rebuild the input")
    if not (isinstance(result.score, float) and 0.0 <= result.score <= 1.0):
        problems.append(f"score {result.score!r} is not a float in [0, 1]")
    for name, value in result.signals.items():
        if not (isinstance(name, str) and isinstance(value, float) and not math.isnan(value)):
            problems.append(f"signal {name!r} = {value!r} is not a named float")
        elif not 0.0 <= value <= 1.0:
            problems.append(f"signal {name!r} = {value!r} is outside [0, 1]")
    if problems:
        listing = "\n  ".join(problems)
        raise AssertionError(f"the result breaks its contract:\n  {listing}\ninput: {text!r:.300}")


__all__ = [
    "ALL_LINE_BREAKS",
    "INSTALL_HINT",
    "LANGUAGES",
    "LINE_KINDS",
    "PROFILE",
    "Article",
    "ArticleWithChrome",
    "Slot",
    "any_text",
    "articles",
    "articles_with_chrome",
    "assert_contract",
    "assert_keeps",
    "assert_removes",
    "chrome_lines",
    "large_texts",
    "paragraphs",
    "sentences",
    "slots_for",
]
