"""Article text -> sentences -> claims (boilerplate dropped) and evidence cues; pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from judge.checkable import checkable, reads
from judge.checkable import threshold as checkable_threshold
from judge.language import romance, without_portuguese_no
from watchers.models import Claim

# ---------------------------------------------------------------- sentence splitting

# Tokens that end with a full stop without ending a sentence. Lowercased, without the final dot.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm st jr sr rev hon pres supt det
    insp inc ltd co corp plc llc bros dept univ assn est approx vs etc al cf fig no nos vol pp
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u u.s.a e.g i.e a.m p.m
    d.c ph.d mt ft ave blvd rd""".split()
    # ... and in the other languages of the coverage, titles and the words before a name, a
    # number or a hour ("naczelnik Wydziału ds. Przestępczości", "o godz. 22", "Sr. Pérez",
    # "Dott. Rossi", "bzw. Dr. Weber", "ул. Ленина"); not the scales ("5 mln."), which end
    # sentences as often
    # (nor words that also end English sentences: "me", "art", "red"; nor "и др.", "гг.")
    + """ds godz ul tzw np nr gen płk kpt mjr ppłk insp woj pow św im
    bzw ca usw vgl ggf inkl hr str
    mme mlle pr ste bd env
    sr sra srta dra ud gral núm pág av
    sig dott avv ing mons geom rag
    dhr mevr drs ir bijv
    ул им ген проф см""".split()
)
# After "U.S." and similar, a capitalised word usually continues the sentence ("U.S. Senate");
# only these words suggest that a new sentence starts there.
_SENTENCE_STARTERS = frozenset(
    """the a an he she it they we i this that these those but and in on at for his her their its
    there then however meanwhile also after before when while according""".split()
)
# Month names that follow "20." in languages that write the day as an ordinal number.
_DAY_MONTHS = frozenset(
    """Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember
    januari februari maart april mei juni juli augustus september oktober november december
    Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez""".split()
)
# ... and the nouns a German ordinal stands before ("bis zu seinem 25. Geburtstag", "im 3. Stock",
# "zum zweiten Mal" written "zum 2. Mal"): the number's full stop ends no sentence.
_ORDINAL_NOUNS = frozenset(
    """Geburtstag Geburtstages Geburtstags Lebensjahr Lebensjahres Jahrestag Jahrestages
    Jahrestags Todestag Jahrhundert Jahrhunderts Jahrhunderte Stock Stockwerk Etage Obergeschoss
    Mal Platz Klasse Liga Runde Tages Woche Monat Monats Jahr Jahres Amtszeit Spieltag
    Minute Bezirk Kompanie Brigade Division Armee Regiment Kongress Parteitag""".split()
)
# [.!?…]+ written as [.!?…][.!?…]*: the same matches, but a pattern that starts with a character
# class lets re skip to the next candidate instead of setting up the repeat at every position
# (~230 instructions a character of the article: half of splitting it).
_BOUNDARY = re.compile(r"[.!?…][.!?…]*[\"'”’)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+([\"'“‘(\[]?)(\S+)")
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣–—+>]|\(?\d{1,2}[.)]|\(?[a-z][.)](?=\s))\s+")
_WS = re.compile(r"\s+")


_QUOTED = re.compile(r"“[^”]{1,600}”|\"[^\"]{1,600}\"")


def _quote_spans(line: str) -> list[tuple[int, int]]:
    """Spans inside balanced double quotes: a boundary inside a quotation does not split it."""
    if '"' not in line and "“" not in line:
        return []
    return [m.span() for m in _QUOTED.finditer(line)]


# A full stop with no space after it, between two words: "...v blízkosti obce.Očití svedkovia
# uviedli", where a page glued two paragraphs or sentences together. Read as a boundary (a space
# is put in) when a lower-case word ends there and a capitalised word starts ("Viaziomy.Očití"),
# not in "U.S.", "St.Petersburg", "Booking.com" or "e.g.The".
_GLUED = re.compile(r"(?<=[^\W\d_])[.!?…][\"'”’)]*(?=[\"'“‘(]?[^\W\d_])")


def _unglue(line: str) -> str:
    parts: list[str] = []
    start = 0
    for m in _GLUED.finditer(line):
        a, b = m.start(), m.end()
        if line[b - 1] == '"' and line.count('"', 0, a) % 2 == 0:
            b -= 1  # a straight quote that opens the next sentence: 'Dugina."Bolo to...'
        word = line[b:].lstrip("\"'“‘(")[:2]
        before = line[max(0, a - 3) : a]
        if (
            len(word) == 2
            and word[0].isupper()
            and word[1].islower()
            and len(before) == 3
            and before[1:].isalpha()
            and before[1:].islower()
            and line[:a].rsplit(None, 1)[-1].lstrip("(\"'“‘").lower() not in _ABBREVIATIONS
        ):
            parts.append(line[start:b])
            start = b
    if not parts:
        return line
    parts.append(line[start:])
    return " ".join(parts)


def _split_line(line: str) -> list[str]:
    if "." in line or "!" in line or "?" in line:
        line = _unglue(line)
    quotes = _quote_spans(line)
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(line):
        end = m.end()
        if quotes and any(a < end < b for a, b in quotes):
            continue
        nxt = _NEXT_START.match(line, end)
        if not nxt:
            continue
        word = nxt.group(2)
        if not (word[0].isupper() or word[0].isdigit() or nxt.group(1)):
            continue
        before = line[start : m.start() + 1].rsplit(None, 1)  # only its last word is needed
        last = before[-1].rstrip(".!?…\"'”’)]").lstrip("(\"'“‘").lower() if before else ""
        if m.group(0).startswith("."):
            if "'" in last or "’" in last:
                last = last.replace("’", "'").rsplit("'", 1)[-1]  # elided: "l'Avv.", "dell'Ing."
            if last in _ABBREVIATIONS:
                if "." not in last and last not in ("etc", "al"):
                    continue  # "Mr. Holm", "Jan. 5", "No. 10"
                if word.strip("\"'“‘(").lower() not in _SENTENCE_STARTERS:
                    continue  # "U.S. Senate", "a.m. Tuesday"
            if len(last) == 1 and last.isalpha():
                continue  # an initial: "J. Smith"
            if last.isdigit() and len(last) <= 2 and word.rstrip(".,") in _DAY_MONTHS:
                continue  # a day before its month, as German and others write it: "am 20. Mai"
            if last.isdigit() and len(last) <= 3 and word.rstrip(".,") in _ORDINAL_NOUNS:
                continue  # a German ordinal before its noun: "bis zu seinem 25. Geburtstag"
        out.append(line[start:end].strip())
        start = end
    tail = line[start:].strip()
    if tail:
        out.append(tail)
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences of a plain-text article: one paragraph per line; bullets and headings kept as units.

    A line that ends without punctuation and is followed by a line starting in lower case is a
    hard-wrapped paragraph, so the two are joined first."""
    return list(_sentences(text))


# Characters that end a paragraph line (the lines are stripped, so a regex's "$" is the end).
_PARAGRAPH_ENDS = tuple('.!?:;"”’)')


@lru_cache(maxsize=64)  # judging splits an article twice: for claims and for its fingerprint
def _sentences(text: str) -> tuple[str, ...]:
    lines: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())  # = _WS.sub(" ", raw).strip(): str.split's whitespace is \s
        if not line:
            lines.append("")
            continue
        bullet = _BULLET.match(line)
        if bullet:
            item = line[bullet.end() :]
            # A bullet item of a few words is a statement even without a closing full stop.
            if len(item.split()) >= 6 and not item.endswith(_PARAGRAPH_ENDS):
                item += "."
            lines.append(item)
        elif lines and lines[-1] and not lines[-1].endswith(_PARAGRAPH_ENDS) and line[0].islower():
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    sentences: list[str] = []
    for line in lines:
        if line:
            sentences.extend(_split_line(line))
    return tuple(sentences)


# ---------------------------------------------------------------- social-media posts

# "— Jane Doe (@janedoe) March 3, 2020": the signature an embedded or copied tweet ends with.
_SIGNATURE = re.compile(r"[—–-]{1,2}\s*[^—–\n]{0,80}?\(@\w+\)\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}")
_LINK = re.compile(r"(?:https?://)?t\.co/\w{10}|pic\.twitter\.com/\w{10}|https?://\S+")
# ... and the signature an embedded post ends with, whatever its date's language or format
_EMBED_TAIL = re.compile(r"\s*[—–]\s*[^—–\n]{0,80}?\(@\w+\)[^!?\n]{0,40}$")
_TAG = re.compile(r"[#@](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def clean_post(text: str) -> str:
    """The statement of a social-media post: links, picture links and signature tails removed,
    hashtags and handles turned into words ("#ImpeachTrump" -> "Impeach Trump")."""
    text = _LINK.sub(" ", _SIGNATURE.sub(" ", text))
    text = _TAG.sub(lambda m: f" {_CAMEL.sub(' ', m.group(1)).replace('_', ' ')} ", text)
    return _WS.sub(" ", text).strip()


# ---------------------------------------------------------------- boilerplate and non-claims

# Boilerplate lines: patterns anchored at the start of the line, and patterns found anywhere.
# One big alternation tried at every position costs ~0.1 ms a sentence; the start patterns are
# tried once, and the others only when one of the words they all need occurs in the line.
_BOILERPLATE_START = re.compile(
    r"""(
    \d+\s*(min|mins|minute|minutes)\.?\s*read\b
    | follow\s+.*\b(on|for)\b | listen\s+to\b | share\b | (tweet|email|print|comment)s?$
    | (also\s+read|read\s+more|read\s+also|related|see\s+also|see\s+more|read\s+next|more\s+on\s+this|watch|listen)\b
    | advertisement\b | sponsored\b
    | (photo|image|picture|pictured|video|illustration|file\s+photo)\b\s*[:|/(-] | (?-i:FILE)\s+[-–—]\s
    | (by|words\s+by|reporting\s+by|written\s+by|edited\s+by)\s+[A-Z][^.!?]{0,60}$  # a byline, not "By Tuesday, ..."
    | (updated|published|posted|last\s+updated)\s*(on|at|:)?\s*\d
    | source\s*[-:–]
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_BOILERPLATE_ANY = re.compile(
    r"""(
    \bsupport\s+our\s+journalism\b | \bbecome\s+a\s+(member|subscriber)\b
    | \b(funded|supported|paid\s+for)\s+by\s+(its|our)\s+readers\b
    | \bis\s+an?\s+(independent|non-?profit|reader-(funded|supported))\s+(newsroom|news\s+(site|outlet|organi[sz]ation|website))\b
    | \b(join|follow)\s+(us|our)\b.*\b(whatsapp|telegram|channel|community|facebook|twitter|instagram|x|google\s+news)\b
    | \b(subscribe|sign\s+up|register)\b.*\b(newsletter|alerts|updates|inbox|free|daily|briefing)\b
    | \bnewsletter\b
    | \bshare\s+(this|the)\s+(article|story|post|page)\b
    | \bleave\s+a\s+(comment|reply)\b | \bcomments?\s+(are|is)\s+(closed|open)\b
    | \byour\s+email\s+address\b | \brequired\s+fields\b
    | \b(click|tap)\s+here\b
    | \bstory\s+continues\b | \bdownload\s+(our|the)\s+app\b
    | \b(photo|image|picture)\s*(credit|courtesy|by)\b | \bgetty\s+images\b | \b(ap|afp|reuters|epa)\s+photo\b
    | ©|\(c\)\s*\d{4}|\ball\s+rights\s+reserved\b | \bcopyright\b
    | \b(this\s+(article|story)\s+(was\s+)?(first|originally)\s+(published|appeared))\b
    | \b(we\s+want\s+to\s+hear\s+from\s+you|got\s+a\s+(news\s+)?tip|send\s+us\s+your)\b
    | \bcookies?\b.*\b(accept|consent|policy)\b | \bprivacy\s+policy\b | \bterms\s+of\s+(use|service)\b
    | \b(most\s+read|trending\s+now|top\s+stories|you\s+may\s+also\s+like|recommended\s+for\s+you)\b
    | \bthis\s+is\s+a\s+(developing|breaking)\s+(news\s+)?story\b | \b(feature|content)\s+is\s+(currently\s+)?unavailable\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Every _BOILERPLATE_ANY alternative contains one of these (lower case).
_BOILERPLATE_WORDS = (
    "journalism become join follow subscribe sign register newsletter share leave comment email "
    "required here continues download photo image picture getty © (c) reserved copyright "
    "published appeared hear tip send cookie privacy terms read trending stories like recommended "
    "story unavailable readers newsroom news"
).split()


# Python's re tries each alternative of a big pattern at each position of a sentence (~5-100 µs
# a sentence for the ones here), while most sentences contain none of the words every match
# needs. So each such pattern is searched only when the sentence's set of lower-cased \w+ runs
# shares a word with the pattern's gate: one set test instead of a regex scan.
#
# Why a gate is exact: for each alternative of the pattern, the gate lists one word that every
# match of it contains as a whole \w+ run (the word is bounded by \b, \s or a character that is
# not \w on both sides), so a sentence without any gate word has no match. Lower-casing keeps
# runs and their boundaries and maps every character that IGNORECASE matches to an ASCII letter
# onto that letter, except for the three characters in _FOLD_ODD; a sentence with one of those
# takes the slower substring gates instead (see `words`).
_RUN = re.compile(r"\w+")
_NON_ASCII_NON_WORD = re.compile(r"[^\x00-\x7f\w]+")
_ASCII_NON_WORD_TO_SPACE_BYTES = bytes(
    c if chr(c).isalnum() or c == ord("_") or c >= 0x80 else ord(" ") for c in range(256)
)
_FOLD_ODD = re.compile("[\u0130\u0131\u017f]")  # İ (lowers to two characters), ı and ſ (match i, s)


@lru_cache(maxsize=1024)  # a claim's words are asked for by several gates, in judge and record
def words(text: str) -> frozenset[str] | None:
    """The lower-cased \\w+ runs of a text, or None when it has a character the gates cannot
    reason about (then every gate falls back to the substring test)."""
    low = text.lower()
    if low.isascii():
        # Blank the non-word characters with bytes.translate, which reads a table (str.translate
        # looks each character up in a dict).
        return frozenset(low.encode().translate(_ASCII_NON_WORD_TO_SPACE_BYTES).decode().split())
    if _FOLD_ODD.search(text):
        return None
    # The \\w+ runs without a regex pass over every character (~1 µs a word): blank the few
    # non-ASCII characters that are not \\w, then the ASCII ones; what is left splits into runs.
    # Typographic quotes and dashes are most texts' only ones: blanked by str.replace, the rest
    # is ASCII, and no regex runs at all.
    for c in _TYPOGRAPHIC:
        if c in low:
            low = low.replace(c, " ")
    blanked = (low if low.isascii() else _NON_ASCII_NON_WORD.sub(" ", low)).encode()
    return frozenset(blanked.translate(_ASCII_NON_WORD_TO_SPACE_BYTES).decode().split())


# Non-ASCII characters that are not \w, common in news text (tests/test_fastpaths_skips.py).
_TYPOGRAPHIC = "’“”‘—–«»…\u00a0"


class _Gated:
    """A large regex searched only when the text contains one of its gate words (see above);
    `substrings` is the older, looser gate, kept for texts whose `words` are None.

    `clauses`, if given, is a finer gate for patterns whose gate words are common ("said"):
    one tuple of word groups per alternative (or set of alternatives), and a match needs a word
    of every group of one tuple, each as a whole \\w+ run."""

    def __init__(
        self,
        pattern: re.Pattern[str],
        gate: str,
        substrings: str,
        clauses: tuple[tuple[str, ...], ...] = (),
    ) -> None:
        self.pattern = pattern
        self.gate = frozenset(gate.split())
        self.substrings = tuple(substrings.split())
        self.clauses = tuple(tuple(frozenset(g.split()) for g in c) for c in clauses)

    def search(self, text: str) -> re.Match[str] | None:
        ws = words(text)
        if ws is None:
            low = text.lower()
            if not any(map(low.__contains__, self.substrings)):
                return None
        elif self.gate.isdisjoint(ws):
            return None
        elif self.clauses:
            # = any(all(not g.isdisjoint(ws) for g in c) for c in self.clauses), without generators
            for clause in self.clauses:
                for group in clause:
                    if group.isdisjoint(ws):
                        break
                else:
                    return self.pattern.search(text)
            return None
        return self.pattern.search(text)


# Commentary and speculation: not checkable, so not claims.
_OPINION = _Gated(
    re.compile(
        r"""(
    \bremains?\s+to\s+be\s+seen\b | \bonly\s+time\s+will\s+tell\b | \bwill\s+likely\s+(remain|continue|be)\b
    | \b(is|are|was|remains?)\s+(un)?clear\s+(whether|if|how|why|what)\b | \bit\s+is\s+worth\s+noting\b
    | \bwhether\s+(these|the|this|such)\b.*\bor\s+not\b | \bhighlights?\s+the\s+(ongoing|need|importance)\b
    | \b(in\s+our\s+view|we\s+believe|in\s+my\s+opinion|arguably|needless\s+to\s+say)\b
    | \b(add|adds|added)\s+(another|a\s+new)\s+layer\b | \braises?\s+(fresh\s+|new\s+|further\s+)?questions\b
    | \bcontinues?\s+to\s+(fuel|spark|stir)\s+(debate|speculation|controversy)\b
    | \b(heated|ongoing)\s+debate\b | \bcredibility\s+of\s+(these|the|such)\s+claims\s+remains\b
    | \b(nobody|no\s+one)\b.{0,40}\b(can|could)\s+(say|tell|know)\b
    | \bshould\s+be\s+treated\s+with\s+caution\b | \bis\s+a\s+(reminder|sign|test)\s+(of|that)\b
    | ^if\s+(true|confirmed|accurate|so)\b | \bmay\s+never\s+be\s+known\b | \bin\s+a\s+vacuum\b
    | \b(add|adds|added|adding)\s+fuel\s+to\s+the\s+fire\b | \bsent\s+shockwaves\b
    | \braised?\s+eyebrows\b | \bkeeps?\s+the\s+debate\s+alive\b | \bis\s+far\s+from\s+over\b
    | \bleft\s+(many|people|observers)\s+wondering\b
    | \b(could|may|might|would|will)\s+have\s+(\w+\s+){0,2}(implications|consequences|repercussions)\b
    | \b(is|are)\s+(likely|expected|set)\s+to\s+remain\b
    )""",
        re.IGNORECASE | re.VERBOSE,
    ),
    "remain remains tell likely clear unclear worth whether highlight highlights view believe opinion "
    "arguably needless layer questions continue continues debate credibility say know caution reminder "
    "sign test if known vacuum fuel shockwaves eyebrows alive far wondering implications "
    "consequences repercussions",
    "remain tell likely clear worth whether highlight view believe opinion arguably needless layer "
    "questions continue debate credibility say know caution reminder sign test if known vacuum "
    "fuel shockwaves eyebrows alive far wondering implications consequences repercussions",
    # the words of each alternative, one of every group ("if", "say" or "test" alone is none)
    (
        ("remain remains", "seen"),
        ("time", "tell"),
        ("will", "likely"),
        ("clear unclear", "whether if how why what"),
        ("worth", "noting"),
        ("whether", "or", "not"),
        ("highlight highlights", "ongoing need importance"),
        ("view", "our"),
        ("believe", "we"),
        ("opinion",),
        ("arguably",),
        ("needless",),
        ("layer",),
        ("raise raises", "questions"),
        ("continue continues", "fuel spark stir"),
        ("heated ongoing", "debate"),
        ("credibility",),
        ("nobody no", "can could", "say tell know"),
        ("caution",),
        ("is", "reminder sign test", "of that"),
        ("if", "true confirmed accurate so"),
        ("never", "known"),
        ("vacuum",),
        ("fuel", "fire"),
        ("shockwaves",),
        ("eyebrows",),
        ("debate", "alive"),
        ("far", "over"),
        ("wondering",),
        ("have", "implications consequences repercussions"),
        ("likely expected set", "remain"),
    ),
)

# Commentary on what an event stirred, in the languages of the coverage ("ha alimentato ulteriori
# speculazioni", "wirft Fragen auf", "soulève des questions", "fuelled speculation"): no claim.
_STIRRED = (
    r"speculation|speculations|rumou?rs|debate|debates|speculazioni|voci|polemiche|dibattiti|"
    r"questioni|interrogativi|dubbi|"
    r"especulaciones|rumores|polémica|polémicas|debate|dudas|interrogantes|spéculations|rumeurs|"
    r"débats?|polémiques?|questions|Gerüchte|Spekulationen|Debatte|Diskussionen?|Fragen|"
    r"especulações|questões|dúvidas|spekulacje|wątpliwości|pytania|слухи|вопросы|домыслы"
)
_COMMENTARY = _Gated(
    re.compile(
        rf"""(
    \b(fuell?ed|fuels|stoked|stokes|reignited|reignites|rekindled|rekindles)\s+([\w-]+\s+){{0,2}}
      (speculation|rumou?rs|debate|suspicions?)\b
    | \b(shape|shapes|shaping|sway|sways|swaying)\s+public\s+(opinion|discourse|perceptions?)\b
    | \b(ha|hanno|aveva)\s+(sollevato|alimentato|scatenato)\s+(\w+\s+)?({_STIRRED})\b
    | \b(ha|han)\s+(generado|suscitado|desatado|avivado|alimentado)\s+(\w+\s+)?({_STIRRED})\b
    | \bplantea\s+(\w+\s+)?(dudas|interrogantes|preguntas)\b
    | \b(soulève|soulèvent|alimente|alimentent|a\s+alimenté|a\s+soulevé)\s+(\w+\s+){{0,2}}({_STIRRED})\b
    | \bwirft\s+(\w+\s+){{0,2}}Fragen\s+auf\b
    | \b(heizte|heizt|befeuert|befeuerte|nährt|nährte|schürt|schürte)\s+([\w-]+\s+){{0,3}}({_STIRRED})\b
    | \bsorgt(e)?\s+für\s+(\w+\s+)?(Spekulationen|Diskussionen|Gerüchte)\b
    | \b(levanta|levantou|alimenta|alimentou)\s+(\w+\s+)?({_STIRRED})\b
    | \b(rodzi|budzi|podsyca|podsyciło|wywołało)\s+(\w+\s+)?(spekulacje|wątpliwości|pytania)\b
    | \b(вызывает|вызвало|порождает|породило|подогревает)\s+(\w+\s+)?(слухи|вопросы|домыслы)\b
    | \b(resta|queda|reste|bleibt)\s+(da\s+vedere|por\s+ver|à\s+savoir|abzuwarten)\b
    )""",
        re.IGNORECASE | re.VERBOSE,
    ),
    "fuelled fueled fuels stoked stokes reignited reignites rekindled rekindles shape shapes "
    "shaping sway sways swaying sollevato alimentato scatenato generado suscitado desatado "
    "avivado alimentado plantea soulève soulèvent alimente alimentent alimenté soulevé wirft heizte "
    "heizt befeuert befeuerte nährt nährte schürt schürte sorgt sorgte levanta levantou alimenta "
    "alimentou rodzi budzi podsyca podsyciło wywołało вызывает вызвало порождает породило "
    "подогревает resta queda reste bleibt",
    "fuel stoke reignit rekindl shap sway sollevat alimenta scatenat generado suscitado desatado avivado plantea soulève "
    "alimente soulevé wirft heiz befeuer nährt schürt sorgt levant rodzi budzi podsyc wywoła "
    "вызыва вызва порожда породи подогрева resta queda reste bleibt",
)

# After the commentary, another clause with a subject of its own ("... ha desatado las
# especulaciones y Ucrania ha señalado a Putin"): the sentence still states something.
_AND_MORE = re.compile(
    r"(?:\s(?:y|and|und|et|e|i|и|і|but|pero|mais|ma|aber|ale)|[:;])\s+[A-ZÀ-ÞĄĆĘŁŃŚŹŻА-ЯЁЄІЇ]"
)


def _commentary(sentence: str) -> bool:
    m = _COMMENTARY.search(sentence)
    return m is not None and _AND_MORE.search(sentence, m.end()) is None


# A checkable clause inside a frame of commentary: the frame goes, the clause stays a claim.
# A tail on what the fact stirred (", leading to speculation that ...", ", was Spekulationen
# befeuerte", ", ce qui a relancé les rumeurs") is cut off; a lead on what coverage stirred
# ("Recent reports have intensified the scrutiny of X, particularly after <what happened>")
# leaves what happened, and with nothing after it, no claim.
_STIRRED_TAIL = _Gated(
    re.compile(
        rf"""(?:
    ,\s+(?:leading\s+to|fuell?ing|sparking|prompting|raising|stoking|reigniting|rekindling|
         adding\s+to|feeding|triggering|fanning)\s+(?:[\w'’-]+\s+){{0,3}}?
      (?:speculation|questions|fears|concerns|debate|rumou?rs|suspicions?|doubts|theories)\b
    | ,\s+was\s+(?:[\w-]+\s+){{0,3}}?(?:{_STIRRED}|Zweifel)\s+
    | ,\s+(?:ce\s+qui|lo\s+que|il\s+che|che|o\s+que|co)\s+(?:\w+\s+){{0,2}}?
      (?:alimenté|relancé|soulevé|suscité|nourri|alimente|relance|soulève|suscite|alimentado|
         generado|desatado|avivado|suscitado|alimenta|genera|desata|aviva|suscita|alimentato|
         sollevato|scatenato|alimentando|levantou|alimentou|wywołało|podsyciło)\b
    | ,\s+(?:alimentando|sollevando|alimentant|relançant|suscitant|avivando|generando)\s+
      (?:\w+\s+){{0,2}}?(?:{_STIRRED})\b
    ).*$""",
        re.IGNORECASE | re.VERBOSE,
    ),
    "leading fueling fuelling sparking prompting raising stoking reigniting rekindling adding "
    "feeding triggering fanning was qui que che co alimentando sollevando alimentant "
    "relançant suscitant avivando generando",
    "leading fuel spark prompt raising stok reignit rekindl adding feeding trigger fanning was "
    "qui que che co alimentan sollevan relançant suscitant avivando generando",
)
_STIRRING_LEAD = _Gated(
    re.compile(
        r"""^(?:[\w’'-]+\s+){1,8}?(?:have|has|had)\s+(?:\w+\s+)?
    (?:intensified|heightened|increased|renewed|deepened|fuell?ed|reignited|sharpened|sparked)\s+
    (?:the\s+|fresh\s+|new\s+|further\s+)?(?:scrutiny|speculation|questions|interest|attention|
       debate|concerns?|focus)\b[^,;.]*?
    (?:,?\s+(?:particularly|especially|notably|most\s+recently)?\s*(?:after|since|following|when)\s+
       (?P<rest>.+)|[.!]?$)""",
        re.IGNORECASE | re.VERBOSE,
    ),
    "intensified heightened increased renewed deepened fuelled fueled reignited sharpened sparked",
    "intensified heightened increased renewed deepened fuel reignited sharpened sparked",
)


def claim_part(sentence: str) -> str:
    """The sentence without a frame of commentary around what it states ("" when it is only the
    frame): see _STIRRED_TAIL and _STIRRING_LEAD."""
    m = _STIRRING_LEAD.search(sentence)
    if m is not None:
        rest = m.group("rest")
        if not rest:
            return ""
        sentence = rest[0].upper() + rest[1:]
    m = _STIRRED_TAIL.search(sentence)
    if m is not None and _has_content_words(sentence[: m.start()], 3):
        sentence = sentence[: m.start()] + "."
    return sentence


# Advice to the reader ("customers should change their passwords", "Nutzer sollten ihr Passwort
# ändern", "se recomienda"): service text around a story, not a claim about it. Advice a named
# party gave on record ("Ticketmaster said customers should ...") is its statement, and kept.
_ADVICE = _Gated(
    re.compile(
        r"""(
    \b(customers|users|consumers|readers|account\s+holders|holders|people|fans|you|anyone|everyone|
       residents|parents|passengers|travell?ers|drivers|patients)\b
      [^.;:]{0,50}\b(should|must|need\s+to|are\s+(advised|urged|encouraged)\s+to)\b
    | ^(it\s+is|it's|it\s+would\s+be)\s+(advisable|recommended|wise|a\s+good\s+idea)\b
    | \b(experts|researchers|specialists)\s+(recommend|advise|urge)\b
    | \b(nutzer|kunden|verbraucher|inhaber|betroffene|man|sie|user|anwohner|bewohner|eltern|
       reisende|fahrgäste|patienten)\b[^.;:]{0,60}\bsollten\b
    | \bsollten\s+(\w+\s+){0,2}(nutzer|kunden|verbraucher|inhaber|betroffene|sie|user|anwohner|
       bewohner|eltern|reisende|fahrgäste|patienten)\b
    | \b(empfiehlt\s+es\s+sich|es\s+ist\s+ratsam|ratsam\s+ist)\b
    | \brät\s+(außerdem\s+|zudem\s+|daher\s+)?(zur|zum|zu|dazu|nutzern|verbrauchern|kunden)\b
    | \bil\s+est\s+(conseillé|recommandé|préférable)\b
    | \b(utilisateurs|clients|consommateurs)\b[^.;:]{0,50}\b(doivent|devraient)\b
    | \b(si\s+consiglia|è\s+consigliabile|è\s+consigliato)\b
    | \b(utenti|clienti|consumatori)\b[^.;:]{0,50}\b(devono|dovrebbero)\b
    | \bse\s+recomienda\b | \b(usuarios|clientes|consumidores)\b[^.;:]{0,50}\b(deben|deberían)\b
    | \bzaleca\s+się\b | \b(użytkownicy|klienci)\b[^.;:]{0,50}\bpowinni\b
    )""",
        re.IGNORECASE | re.VERBOSE,
    ),
    "should must need advised urged encouraged advisable recommended wise idea recommend advise "
    "urge sollten empfiehlt ratsam rät conseillé recommandé préférable doivent devraient consiglia "
    "consigliabile consigliato devono dovrebbero recomienda deben deberían zaleca powinni",
    "should must need advised urged encouraged advisable recommended wise idea recommend advise "
    "urge sollten empfiehlt ratsam rät conseillé recommandé préférable doivent devraient consiglia "
    "consigliabile consigliato devono dovrebbero recomienda deben deberían zaleca powinni",
    # the words of each alternative, one of every group ("need" or "must" alone is no advice)
    (
        (
            "customers users consumers readers account holders people fans you anyone everyone "
            "residents parents passengers travelers travellers drivers patients",
            "should must need advised urged encouraged",
        ),
        ("it", "advisable recommended wise idea"),
        ("experts researchers specialists", "recommend advise urge"),
        ("sollten empfiehlt ratsam rät conseillé recommandé préférable doivent devraient",),
        ("consiglia consigliabile consigliato devono dovrebbero recomienda deben deberían",),
        ("zaleca powinni",),
    ),
)
_ON_RECORD = re.compile(
    r"\b(said|says|told|according\s+to|sagte|sagt|erklärte|teilte|a\s+déclaré|ha\s+detto|dijo|"
    r"powiedział)\b",
    re.IGNORECASE,
)


def is_advice(sentence: str) -> bool:
    """Advice to the reader, not given on record by anyone."""
    return _ADVICE.search(sentence) is not None and _ON_RECORD.search(sentence) is None


_STOP = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its
    this that these those he she they we i you his her their our my your him them us me who whom which
    what when where why how not no so than then there here also has have had do does did will would
    can could may might must shall should about into over after before under again further once just
    only very more most some such own same too s t""".split()
)
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’-]*")


def _has_content_words(sentence: str, n: int) -> bool:
    """Whether the sentence has at least n words that are not stop words."""
    # (the words found and lower-cased in C: a loop over the matches cost ~6 µs a sentence)
    # Most sentences have n in their first words: those are counted first. No word holds a
    # space, so the words before one are the first words of the whole sentence's.
    cut = sentence.find(" ", _HEAD)
    if cut != -1:
        head = list(map(str.lower, _WORD.findall(sentence, 0, cut)))
        if len(head) - sum(map(_STOP.__contains__, head)) >= n:
            return True
    found = list(map(str.lower, _WORD.findall(sentence)))
    return len(found) - sum(map(_STOP.__contains__, found)) >= n


_HEAD = 48  # characters of a sentence's first words (about eight)


# A word of every _BOILERPLATE_ANY alternative, as a whole \w+ run (see `words`); "photo credit"
# may be written without a space. "©" is not a word: it is looked for as a character.
_BOILERPLATE_GATE = frozenset(
    """journalism become join follow subscribe sign register newsletter share leave comment comments
    email required here continues download photo image picture photocredit photocourtesy photoby
    imagecredit imagecourtesy imageby picturecredit picturecourtesy pictureby getty c reserved
    copyright published appeared hear tip send cookie cookies privacy terms read trending stories
    like recommended story unavailable readers newsroom news""".split()
)


# Finer, within that gate: the words of each _BOILERPLATE_ANY alternative (or set of them), one
# of every group as a whole \w+ run ("news", "story", "published" alone are no boilerplate).
_BOILERPLATE_CLAUSES = tuple(
    tuple(frozenset(group.split("|")) for group in clause.split())
    for clause in (
        "support our journalism",
        "become member|subscriber",
        "funded|supported|paid by readers",
        "is independent|nonprofit|non|reader newsroom|news",
        "join|follow us|our "
        "whatsapp|telegram|channel|community|facebook|twitter|instagram|x|google",
        "subscribe|sign|register newsletter|alerts|updates|inbox|free|daily|briefing",
        "newsletter",
        "share this|the article|story|post|page",
        "leave a comment|reply",
        "comment|comments are|is closed|open",
        "your email address",
        "required fields",
        "click|tap here",
        "story continues",
        "download our|the app",
        "photo|image|picture|photocredit|photocourtesy|photoby|imagecredit|imagecourtesy|imageby"
        "|picturecredit|picturecourtesy|pictureby",
        "getty images",
        "ap|afp|reuters|epa photo",
        "c",  # (c) 2024; "©" is looked for as a character
        "all rights reserved",
        "copyright",
        "this article|story first|originally published|appeared",
        "we want hear",
        "got tip",
        "send us your",
        "cookie|cookies accept|consent|policy",
        "privacy policy",
        "terms of use|service",
        "most read",
        "trending now",
        "top stories",
        "you may also like",
        "recommended for you",
        "this is a developing|breaking story",
        "feature|content is unavailable",
    )
)


def _boilerplate_clause(ws: frozenset[str]) -> bool:
    """Whether the words ws hold every group of some _BOILERPLATE_CLAUSES clause."""
    for clause in _BOILERPLATE_CLAUSES:
        for group in clause:
            if group.isdisjoint(ws):
                break
        else:
            return True
    return False


# The same furniture in the other languages of the coverage (German, French, Spanish, Italian,
# Portuguese, Polish, Dutch, Romanian, Russian, Czech): "read also" links at a line's start, and
# anywhere: follow-us and subscribe prompts, cookie notices, "the article continues below the
# ad", comment prompts, live-blog pointers.
_PROMO_START = re.compile(
    r"""(
    lesen\s+sie\s+(auch|mehr|hier) | mehr\s+zum\s+thema | auch\s+interessant | weiterlesen
    | (à\s+)?lire\s+(aussi|également|la\s+suite) | voir\s+aussi | sur\s+le\s+même\s+sujet
    | (lee|lea)\s+(también|además) | leer\s+más | (te|le)\s+(puede|podría)\s+interesar
    | ver\s+también | noticias\s+relacionadas | leggi\s+(anche|tutto) | potrebbe\s+interessarti
    | vedi\s+anche | (leia|veja)\s+(também|mais) | saiba\s+mais
    | (prze)?czytaj\s+(też|także|również|więcej) | zobacz\s+(też|także|również) | wybrane\s+dla\s+ciebie
    | lees\s+(ook|meer) | bekijk\s+ook | (cite[șşs]te|vezi)\s+([șşs]i) | (читайте|смотрите)\s+(также|ещё|еще)
    | čtěte\s+(také|též) | přečtěte\s+si
    | (skip|springe?)\s+(to|zum)\s+(main\s+)?(content|inhalt) | zum\s+inhalt\s+springen
    | (aller|passer)\s+au\s+contenu | (ir|saltar)\s+al\s+contenido | (vai|passa)\s+al\s+contenuto
    | przejdź\s+do\s+(treści|zawartości)
    # a wire's slug before another story's headline, in a list of related links ("UPDATE 4-China,
    # Japan ... says")
    | (?-i:(UPDATE|WRAPUP)\s+\d+\s*-|(EXCLUSIVE|FACTBOX|ANALYSIS|INSIGHT|EXPLAINER|REFILE|CORRECTED)-)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_PROMO = _Gated(
    re.compile(
        r"""(
    \bfolgen\s+sie\s+uns\b | \bsuivez[-\s]nous\b | \babonnez[-\s]vous\b | \bs[íi]g(uenos|anos)\b
    | \bsuscr[íi]b(ete|ase)\b | \bseguici\b | \biscriviti\b | \bsiga[-\s]nos\b | \binscreva[-\s]se\b
    | \bobserwuj\s+nas\b | \bsubskrybuj\b | \bzapisz\s+si[ęe]\b | \bvolg\s+ons\b | \babonneer\b
    | \b(urmăriți|urmăriţi|urmariti|urmărește|urmăreşte|urmareste|abonează|aboneaza)[-\s](ne|te)\b
    | \bследите\s+за\s+(нашими|новостями|нами)\b | \bподписывайтесь\b | \bподпишитесь\b | \bsledujte\s+nás\b
    | \b(utilizamos|usamos|utilizziamo|usiamo|verwenden|nutzen|utilisons|utilise|używamy|gebruiken
        |folosim|используем|používáme)\b.{0,60}\bcookies?\b
    | \bcookies?\b.{0,80}\b(akzeptier\w*|zustimm\w*|einwillig\w*|accepter|acceptez|consentement|aceptar
        |acepta|consentimiento|accettare|accetta|consenso|akceptuj\w*|zgod\w*|aceitar|aceita|consentimento
        |accepteren|toestemming|accepta[țţt]i|согласие|принимаете)\b
    # a site's or an embed's cookie notice ("Diese Webseite verwendet Cookies", "Falls du damit
    # einverstanden bist, dass Cookies gesetzt ...", "This website uses cookies")
    | \b(website|webseite|site|sitio|sito|einverstanden)\b.{0,80}\bcookies?\b
    | \bcookies?\b.{0,120}\b(browser|navigateur|navegador|anbietern?|zulassen|setzt|gesetzt)\b
    | \b(artikel|article|artículo|articolo|artigo|artykuł|artykułu|tekst)\b.{0,40}\b(wird\s+nach|continue\s+(après|sous)
        |contin[úu]a\s+(después|debajo|tras)|continua\s+(dopo|sotto|após|abaixo)|pod\s+(reklamą|materiałem|filmem))
    | \bdalsza\s+część\s+(artykułu|tekstu)\b | \bzur\s+vollversion\b
    | \b(kommentar|kommentare)\s+schreiben\b | \blaiss(er|ez)\s+un\s+commentaire\b
    | \bdeja\s+(tu|un|su)\s+comentario\b | \blascia\s+un\s+commento\b | \bdodaj\s+komentarz\b
    | \bdeixe\s+(seu|um|o\s+seu)\s+comentário\b
    | \b(lesen|finden|verfolgen)\s+sie\b.{0,60}\b(newsblog|liveblog|live-?ticker|ticker)\b
    | \b(suivez|retrouvez)\b.{0,40}\b(notre|en)\s+(direct|live)\b | \bvotre\s+publicit[ée]\s+ici\b
    | \b(read|lire|leer|leggi|lesen)\b.{0,30}\b(original\s+language|langue\s+originale|idioma\s+original
        |lingua\s+originale|originalsprache)\b
    # newsletters, subscriptions and tip-off forms: "You can unsubscribe at any time",
    # "Inscríbete para recibir newsletters", "Підписуйтесь на наш Telegram-канал", "Køb et Digital
    # Plus-abonnement", "das Formular unten ausfüllen und ... dein Tipp"
    | \bunsubscribe\b | \binscr[íi]bete\s+para\s+recibir\b | \brecibe\s+las\s+noticias\b.{0,80}\b(email|correo)\b
    | \bпідписуйтесь\b | \bkøb\b.{0,40}abonnement\b | \bformular\s+(unten\s+)?ausfüllen\b
    # a photo's credit closing its caption ("... — Foto: Reprodução/Facebook", "Foto: REUTERS/...")
    | (?-i:(?:^|\s)(?:Foto|Photo|Bild|Zdjęcie|Фото)\s?:\s?[^\s.!?][^.!?]{1,60}$)
    | \bin\s+this\s+(picture|photo|video)?\s*grab\b | \bin\s+una\s+foto\s+tratta\s+da
    )""",
        re.IGNORECASE | re.VERBOSE,
    ),
    "folgen suivez abonnez síguenos siguenos síganos siganos suscríbete suscribete suscríbase "
    "suscribase seguici iscriviti siga inscreva obserwuj subskrybuj zapisz volg abonneer urmăriți "
    "urmăriţi urmariti urmărește urmăreşte urmareste abonează aboneaza следите подписывайтесь "
    "подпишитесь sledujte cookie cookies artikel article artículo articulo articolo artigo artykuł "
    "artykułu tekst dalsza vollversion kommentar kommentare laisser "
    "laissez deja lascia dodaj deixe lesen finden verfolgen retrouvez votre read lire leer leggi "
    "unsubscribe inscríbete inscribete recibe підписуйтесь køb formular foto photo bild zdjęcie "
    "фото grab tratta",
    "folgen suivez abonnez guenos ganos suscr seguici iscriviti siga inscreva obserwuj subskrybuj "
    "zapisz volg abonneer urm abonea следите подписывайтесь подпишитесь sledujte cookie artikel "
    "article artícul articul articolo artigo artyku tekst dalsza vollversion kommentar laiss deja "
    "lascia dodaj deixe lesen finden verfolgen retrouvez votre read lire leer leggi unsubscribe "
    "inscr recibe підписуйтесь køb formular foto photo bild zdjęcie фото grab tratta",
)
# Short lines only (a real sentence may say "close to the search area"): buttons and notices.
_PROMO_SHORT = re.compile(
    r"""(
    \b(close|cerrar|schlie(ß|ss)en|fermer|chiudi|zamknij|fechar|sluiten|закрыть)\b.{0,30}
        \b(search|búsqueda|busqueda|suche|recherche|ricerca|wyszukiw\w*|pesquisa|zoeken|поиск\w*)\b
    | \b(video|vídeo|vidéo|wideo|видео)\b.{0,40}\b(nicht\s+(mehr\s+)?verfügbar|(plus|pas)\s+disponible
        |no\s+est[áa]\s+disponible|non\s+[èe]\s+(più\s+)?disponibile|niedostępn\w*|недоступно
        |não\s+está\s+disponível|(is\s+)?(no\s+longer\s+|not\s+)available|unavailable)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
PROMO_SHORT_WORDS = 12
# The helpline box many outlets add under a story touching on suicide ("Schnelle Hilfe:
# Telefonseelsorge ...", "If you or someone you know is struggling ...", "SOS Amitié"): the
# outlet's notice, in every article of its kind, not the story's.
_HELPLINE = re.compile(
    r"\b(?:telefonseelsorge|nummer\s+gegen\s+kummer|suizidpr[äa]vention|freunde\s+fürs\s+leben|"
    r"gedanken\s+darum\s+kreisen|samaritans|suicide\s+(?:and\s+crisis\s+)?lifeline|"
    r"crisis\s+text\s+line|if\s+you\s+or\s+someone\s+you\s+know\s+(?:is|are)\s+(?:struggling|in\s+crisis|"
    r"having|experiencing|affected)|sos\s+amiti[ée]|num[ée]ro\s+national\s+de\s+pr[ée]vention|"
    r"tel[ée]fono\s+de\s+la\s+esperanza|telefono\s+amico|telefon\s+zaufania|zelfmoordpreventie)\b",
    re.IGNORECASE,
)
# Every _HELPLINE match has one of these words (`words`): the set test first.
_HELPLINE_GATE = frozenset(
    "telefonseelsorge kummer suizidprävention suizidpravention freunde gedanken samaritans lifeline "
    "crisis someone amitié amitie prévention prevention esperanza amico zaufania zelfmoordpreventie".split()
)
# A wire's credit line, a whole line in brackets: "(Reporting by ...; Editing by ...)",
# "(Reportage ..., version française ...)", "(Reportagem de ...; Edição de ...)", "(Berichterstattung
# von ..., redigiert von ...)", "(Con información de ...)".
_WIRE_CREDIT = re.compile(
    r"""^\(\s*(additional\s+|adicional\s+)?((reporting|writing|editing|compiled)\s+by|reportage|reportagem
    |reportaje|reporter|berichterstattung|redacción|redação|redazione|rédaction|rédigé|edição|edición
    |editado|geschrieben|bearbeitet|tradotto|traduit|(con|com)\s+(información|informações|informacion))\b
    [^()]{0,300}\)[.\s]*$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_boilerplate(sentence: str) -> bool:
    if _BOILERPLATE_START.match(sentence) or _PROMO_START.match(sentence):
        return True
    if sentence.startswith("(") and _WIRE_CREDIT.match(sentence):
        return True
    if _PROMO.search(sentence):
        return True
    if len(sentence) < 160 and len(sentence.split()) <= PROMO_SHORT_WORDS:
        if _PROMO_SHORT.search(sentence):
            return True
    ws = words(sentence)
    if (ws is None or not _HELPLINE_GATE.isdisjoint(ws)) and _HELPLINE.search(sentence):
        return True
    if ws is None:
        low = sentence.lower()
        return any(map(low.__contains__, _BOILERPLATE_WORDS)) and bool(
            _BOILERPLATE_ANY.search(sentence)
        )
    if "©" not in sentence and (_BOILERPLATE_GATE.isdisjoint(ws) or not _boilerplate_clause(ws)):
        return False
    return bool(_BOILERPLATE_ANY.search(sentence))


_CLOSERS = "\"'”’)]“»«›‹"  # closing quotes in English, German (“) and French (»)


def _is_heading(sentence: str) -> bool:
    """Headings, bylines, datelines and labels: short lines without closing punctuation."""
    # The sentence ends in . ! ? or … plus closing quotes and brackets (stripped: no final newline).
    if sentence.rstrip(_CLOSERS)[-1:] in (".", "!", "?", "…"):
        return False
    words = sentence.split()
    if sentence.endswith(":"):
        return True
    # Title Case lines are headlines: most words start with a capital letter.
    caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    if len(words) < 16:
        # A bullet of a list ("Western Digital identified the incident on March 26, 2023") is
        # a sentence without its full stop: a verb in lower-case sentence words.
        return not (len(words) >= 6 and caps < 0.5 * len(words) and _has_verb(words))
    return caps >= 0.7 * len(words)


# Finite verbs a sentence has and a heading rarely has (a past tense in -ed also counts). The
# French "a" (has) only in French: it is also the English article, in headings too.
_FINITE = frozenset(
    """is are was were has have had will would could can may might must should did does said says
    told tells ist sind war waren wurde wurden hat haben est sont était étaient ont fut es son
    fue fueron ha han era è sono erano hanno foi foram""".split()
)


_ASKING = frozenset(
    "how what why who when where which wie was warum comment pourquoi cómo qué por come".split()
)


def _has_verb(words: list[str]) -> bool:
    if words[0].lower() in _ASKING:
        return False  # "How the attack unfolded and what it means": a heading
    if any(w in _FINITE or (len(w) > 4 and w.endswith("ed")) for w in words[1:]):
        return True
    return "a" in words[1:] and romance(" ".join(words))


# ---------------------------------------------------------------- claim fields

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# A photo caption: what the picture shows, where and on which date, with no finite verb
# ("Iranian President Ebrahim Raisi on June 3, 2022 in Tehran, Iran.", "La couronne ... exposée
# dans la Galerie d'Apollon, le 14 janvier 2020."). Pages keep them beside the text; they are no
# claim of the article.
# Month names of the coverage's languages, lower-cased ("May" only capitalised: the English modal
# is "may").
MONTH_WORDS = frozenset(
    """abril agosto août apr april aprile aug august avril dec december dezember dicembre diciembre
    décembre enero feb febbraio febrero februar february février gennaio giugno jan januar january
    janvier juillet juin jul juli julio july jun june juni junio jänner luglio maggio mai mar march
    mars marzo may mayo märz nov november novembre noviembre oct october octobre octubre oktober
    ottobre sep sept september septembre septiembre settembre
    janeiro fevereiro março maio junho julho setembro outubro novembro dezembro
    januari februari maart mei augustus augusti maj oktober
    gener febrer març maig juny juliol agost setembre desembre
    ianuarie februarie martie aprilie iunie iulie septembrie octombrie noiembrie decembrie
    stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada
    grudnia styczeń luty marzec kwiecień czerwiec lipiec sierpień wrzesień październik listopad
    grudzień
    ledna února března dubna května června července srpna září října listopadu prosince
    siječnja veljače ožujka travnja svibnja lipnja srpnja kolovoza rujna studenoga studenog
    prosinca januarja februarja aprila junija julija avgusta septembra oktobra novembra decembra
    január február március április május június július augusztus szeptember október
    tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta
    syyskuuta lokakuuta marraskuuta joulukuuta
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    січня лютого березня квітня травня червня липня серпня вересня жовтня грудня
    ιανουαρίου φεβρουαρίου μαρτίου απριλίου μαΐου ιουνίου ιουλίου αυγούστου σεπτεμβρίου
    οκτωβρίου νοεμβρίου δεκεμβρίου
    januara februara marta juna jula augusta
    januára februára apríla mája júna júla októbra desember
    ocak şubat nisan mayıs mayis haziran temmuz ağustos eylül ekim kasım kasim aralık aralik
    януари февруари април юни юли септември октомври ноември декември
    јануара фебруара марта априла маја јуна јула августа септембра октобра новембра децембра""".split()
)
DATE_MONTHS = "|".join(
    "(?-i:May)" if w == "may" else w for w in sorted(MONTH_WORDS, key=lambda w: (-len(w), w))
)
_CAPTION_DATE = re.compile(
    rf"(?:\b\d{{1,2}}\.?\s+(?:de\s+)?(?:{DATE_MONTHS})\.?\s+(?:de\s+)?\d{{4}}"
    rf"|\b(?:{DATE_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}})\b",
    re.IGNORECASE,
)

# Patterns of dates (DATE_MONTHS) are tried at every position of a text, with each of ~190 month
# words there; their matches start only at a \w+ run that begins with a digit ("28 May") or is a
# month word as a whole (its next character is "." or whitespace: "May 28"). `date_search` and
# `date_findall` try such a pattern only at those runs, in order; from the first run with a
# character other than ASCII on, the pattern is searched as a whole (IGNORECASE may match such a
# character to another). tests/test_fastpaths.py compares them with the plain search and findall.
_DATE_RUN_MONTHS = frozenset(w for w in MONTH_WORDS if w != "may")  # "May" only (?-i:May)


def _date_start(run: str) -> bool:
    """Whether a date pattern may match at an ASCII \\w+ run (a superset of where it does)."""
    return run[0].isdigit() or run == "May" or run.lower() in _DATE_RUN_MONTHS


def date_search(pattern: re.Pattern[str], text: str, pos: int = 0) -> re.Match[str] | None:
    """= pattern.search(text, pos) for a pattern of dates (see above)."""
    for run in _RUN.finditer(text, pos):
        w = run.group()
        if not w.isascii():
            return pattern.search(text, run.start())
        if _date_start(w):
            m = pattern.match(text, run.start())
            if m is not None:
                return m
    return None


def date_findall(pattern: re.Pattern[str], text: str) -> list[Any]:
    """= pattern.findall(text) for a pattern of dates (see above) whose matches are not empty."""
    out: list[Any] = []
    end = 0
    for run in _RUN.finditer(text):
        start = run.start()
        if start < end:
            continue  # inside the last match
        w = run.group()
        if not w.isascii():
            return out + pattern.findall(text, start)
        if _date_start(w):
            m = pattern.match(text, start)
            if m is not None:
                groups = m.groups("")
                out.append(m.group() if not groups else groups[0] if len(groups) == 1 else groups)
                end = m.end()
    return out


# Past tenses not in -ed: a sentence with one is a report, whatever its date ("Shares fell 4% on
# March 3, 2024.").
_IRREGULAR_PAST = frozenset(
    """fell rose took made gave found won lost hit struck left came went saw began broke shot sent
    held paid sold bought met kept led ran spent stood brought thought built caught fought flew
    drew grew knew threw wrote spoke chose stole drove fled hid shut cut put set let spread cost
    beat became got sank swept slid sat lay tore wore bore bit dealt meant heard felt""".split()
)


# A person's name with their role, standing alone ("Russian president Vladimir Putin."): the
# label under a picture, with nothing said about them.
_ROLE_WORDS = frozenset(
    """president prime minister foreign defence defense interior finance secretary general chief
    leader spokesman spokeswoman spokesperson former deputy head director ceo chairman chairwoman
    governor mayor senator ambassador commander executive officer official founder owner manager
    editor of the and for de du la le del von van der""".split()
)


def _is_name_label(words: list[str]) -> bool:
    if not 2 <= len(words) <= 7 or any(c.isdigit() for w in words for c in w):
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps >= 2 and all(w[:1].isupper() or w.lower() in _ROLE_WORDS for w in words)


_PHOTO_LEAD = re.compile(
    r"^(?:file\s+|archive\s+)?(?:photos?|pictures?|images?|foto)\s+(?:of|shows?|taken)\b"
    r"|^(?:pictured|photo|foto|image|picture)\s*[:|]",
    re.IGNORECASE,
)


_YEAR_DIGITS = re.compile(r"\d\d\d\d")


def _is_caption(sentence: str) -> bool:
    words = sentence.rstrip(_CLOSERS).rstrip(".").split()
    if _is_name_label(words) or _PHOTO_LEAD.match(sentence):
        return True
    if len(words) > 30 or len(words) < 3:
        return False
    start = int(0.4 * len(sentence))  # the date closes a caption
    if _YEAR_DIGITS.search(sentence, start) is None:
        return False  # no year there: the month pattern (slow, tried at every word) need not run
    m = date_search(_CAPTION_DATE, sentence, start)
    if m is None:
        return False
    rest = (sentence[: m.start()] + sentence[m.end() :]).split()  # "May" is a month here
    plain = [w.strip(",;:()\"'“”«»").lower() for w in rest] or ["-"]
    return not (_has_verb(plain) or any(w in _IRREGULAR_PAST for w in plain))


_NUMBER = re.compile(
    rf"""(
    \b(?:(?:\d{{1,2}}\s+)?(?:{_MONTHS})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?)(?=\W|$)
    | [$€£¥]\s?\d[\d,.]*(?:\s?(?:million|billion|thousand|bn|m|k)\b)?
    | \b\d[\d,.]*(?:\s?(?:%|percent|per\s+cent|million|billion|thousand|bn|m|km|kg|years?|months?|days?)\b)?
    | \b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|
        hundred|thousand|dozen|dozens|hundreds|thousands|million|millions|billion)\b
    )""",
    re.VERBOSE | re.IGNORECASE,
)
# The first capital is factored out of the two alternatives ("U.S." and "Varga") so that the
# pattern starts with [A-Z] and re skips to the next capital letter instead of trying each position.
_ENTITY = re.compile(
    r"[A-Z](?:\.(?:[A-Z]\.)+|[\w’'.-]*[\w])(?:\s+(?:(?:of|the|for|de|van|von|al|bin|da|du|la|le)\s+)?(?:(?:[A-Z]\.){2,}|[A-Z][\w’'.-]*[\w]))*"
)
_NOT_ENTITY = frozenset(
    """The A An He She It They We I This That These Those But And In On At For His Her Their Its
    There Then However Meanwhile Also After Before When While According Since Despite Although As
    If Some Many Most One Two Our Your My Mr Mrs Ms Dr Today Yesterday Tomorrow Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday Earlier Later Last Next""".split()
)
_NEGATION = re.compile(
    r"\b(not|no|never|none|nobody|nothing|neither|nor|without|n't|cannot|den(y|ies|ied|ying)|"
    r"false|untrue|baseless|unfounded|fabricat\w*|refut\w*|reject\w*|dismiss\w*)\b|n[’']t\b",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"[“\"]([^”\"]{8,600})[”\"]")
_PERSONISH = r"((?:[A-Z][\w’'.-]+\s?){1,4}|(?:the|a|an)\s+[\w’' -]{2,40}?|police|officials|prosecutors|he|she|they)"
_ATTRIBUTION = (
    re.compile(r"\baccording\s+to\s+(?:a\s+|an\s+|the\s+)?([^,.;:]{2,60})", re.IGNORECASE),
    re.compile(
        r"\bin\s+an?\s+((?:[\w-]+\s){0,3}(?:post|statement|interview|letter|email|video|tweet|filing))\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_PERSONISH}\s*,?\s+(?:\w+\s+)?(?:said|says|told|claimed|claims|alleged|alleges|wrote|writes|stated|states|asserted|asserts|added|denied|denies|confirmed|confirms|insisted|insists|announced|reported|reports)\b"
    ),
    re.compile(rf"[,”\"]\s*(?:said|says|wrote|added|told)\s+{_PERSONISH}"),
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})


def _entities(sentence: str) -> tuple[str, ...]:
    found: list[str] = []
    for m in _ENTITY.finditer(sentence):
        words = m.group(0).split()
        while words and words[0].rstrip(".") in _NOT_ENTITY:
            words = words[1:]
        if not words:
            continue
        name = " ".join(words).rstrip(".’'")
        if name.endswith(("’s", "'s")):
            name = name[:-2]
        if name and name not in found:
            found.append(name)
    return tuple(found)


# Every _NUMBER match has a digit or is one of these whole words (the regex is slow to run on
# a sentence that has none, and most have none).
_NUMBER_WORDS = frozenset(
    (
        _MONTHS.lower().replace("|", " ") + " one two three four five six seven eight nine ten "
        "eleven twelve twenty thirty forty fifty hundred thousand dozen dozens hundreds thousands "
        "million millions billion"
    ).split()
)
_DIGIT_OR_WORD = re.compile(r"\d|\w+")


_NUMBER_CHAR = re.compile(r"[\d$€£¥]")
# Where _NUMBER can start in ASCII text: a "$" or the first digit of a run of digits. A later
# digit of a run is either inside the match that starts at the run's first digit (every match
# from a digit that follows a \W character runs to the end of its digits) or, when the run follows
# a word character, fails as the first one does (every alternative needs \b or a currency sign).
# (Written to start with the character class, the look-behind after it, so that re skips to the
# next candidate character instead of trying every position.)
_ASCII_DIGIT = re.compile(r"[0-9$](?<![0-9][0-9])")


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what re's \w is for str patterns


def _number_matches(sentence: str, ws: frozenset[str]) -> list[re.Match[str]]:
    """_NUMBER.finditer(sentence), trying the pattern only where a match can start.

    Every match starts at a digit or currency sign, or at a month or number word that is a whole
    \\w+ run (the pattern bounds them by \\b and \\W). finditer tries every position from the end
    of the last match; trying only those positions finds the same matches, at ~1/10 of the cost."""
    # In ASCII text a range test does, instead of \d's Unicode table.
    chars = _ASCII_DIGIT if sentence.isascii() else _NUMBER_CHAR
    starts = [m.start() for m in chars.finditer(sentence)]
    named = ws & _NUMBER_WORDS
    if named:
        low = sentence.lower()  # same length: `words` excluded the one character that grows
        n = len(low)
        for w in named:
            i = low.find(w)
            while i >= 0:
                j = i + len(w)
                if (i == 0 or not _is_word_char(low[i - 1])) and (
                    j == n or not _is_word_char(low[j])
                ):
                    starts.append(i)
                i = low.find(w, i + 1)
        starts.sort()
    out: list[re.Match[str]] = []
    pos = 0
    match = _NUMBER.match
    for i in starts:
        if i >= pos:
            m = match(sentence, i)
            if m:
                out.append(m)
                pos = m.end()
    return out


def _numbers(sentence: str) -> tuple[str, ...]:
    ws = words(sentence)
    if ws is None:
        if not any(
            w[0].isdigit() or w in _NUMBER_WORDS for w in _DIGIT_OR_WORD.findall(sentence.lower())
        ):
            return ()
        found = list(_NUMBER.finditer(sentence))
    else:
        # Without the characters `words` excludes, a sentence that fails the gate above has no
        # match anyway, so the gate is not needed.
        found = _number_matches(sentence, ws)
    out: list[str] = []
    for m in found:
        value = m.group(0).strip(" ,.")
        if value and value not in out:
            out.append(value)
    return tuple(out)


# Gates of the _ATTRIBUTION patterns, in order (see `words`): the verb or noun each needs.
_SAY_VERBS = frozenset(
    """said says told claimed claims alleged alleges wrote writes stated states asserted asserts
    added denied denies confirmed confirms insisted insists announced reported reports""".split()
)
_ATTRIBUTION_GATES = (
    frozenset(["according"]),
    frozenset("post statement interview letter email video tweet filing".split()),
    _SAY_VERBS,
    frozenset("said says wrote added told".split()),
)


def _attribution(sentence: str) -> str | None:
    ws = words(sentence)
    for pattern, gate in zip(_ATTRIBUTION, _ATTRIBUTION_GATES, strict=True):
        if ws is not None and gate.isdisjoint(ws):
            continue
        m = pattern.search(sentence)
        if m:
            who = m.group(1).strip(" ,“”\"'")
            if who.lower() in _PRONOUNS:
                return who
            return who or None
    return None


# Gate of _NEGATION: its whole words, and substrings for its prefixes and "n't".
_NEGATION_WORDS = frozenset(
    """not no never none nobody nothing neither nor without cannot deny denies denied denying false
    untrue baseless unfounded""".split()
)
_NEGATION_PARTS = ("n't", "n’t", "fabricat", "refut", "reject", "dismiss")


# "Not only ... but", "no sólo ... sino": no negation of what follows.
_NOT_ONLY = re.compile(
    r"\b(?:not|no|non|não)\s+(?:(?:is|was|es|era|fue|est|è|é|ist)\s+)?"
    r"(?:only|just|merely|s[óo]lo|solamente|solo|soltanto|só|apenas)\b",
    re.IGNORECASE,
)


_ONLY_WORDS = frozenset("only just merely sólo solo solamente soltanto só apenas".split())


def _negated(sentence: str) -> bool:
    sentence = without_portuguese_no(sentence)  # "No fim da tarde": in the, not "no"
    ws = words(sentence)
    if ws is None or not _ONLY_WORDS.isdisjoint(ws):
        sentence = _NOT_ONLY.sub(" ", sentence)
        ws = words(sentence)
    if ws is not None and _NEGATION_WORDS.isdisjoint(ws):
        low = sentence.lower()
        # = any(p in low for p in _NEGATION_PARTS), without a generator
        if not (
            "n't" in low
            or "n’t" in low
            or "fabricat" in low
            or "refut" in low
            or "reject" in low
            or "dismiss" in low
        ):
            return False
    return bool(_NEGATION.search(sentence))


def make_claim(sentence: str) -> Claim:
    quote = _QUOTE.search(sentence) if '"' in sentence or "“" in sentence else None
    return Claim(
        text=sentence,
        entities=_entities(sentence),
        numbers=_numbers(sentence),
        attribution=_attribution(sentence),
        quote=quote.group(1).strip() if quote else None,
        negated=_negated(sentence),
    )


# Words in scripts that _WORD does not read (Cyrillic, Greek, Arabic ...): the content-word test
# counts them all (it knows no stop words of those languages).
_OTHER_SCRIPT_WORD = re.compile(r"[^\W\dA-Za-zÀ-ÖØ-öø-ÿ_]{2,}")


def _ruled_out(s: str) -> bool:
    """Boilerplate, a heading or caption, a question, a line cut off, opinion, advice, or too
    few content words: no claim, whatever a model says."""
    if not s or is_boilerplate(s) or _is_heading(s) or _is_caption(s):
        return True
    if s.rstrip("\"'”’)").endswith("?") or _cut_off(s):
        return True
    if _OPINION.search(s) or _commentary(s) or is_advice(s):
        return True
    return not _has_content_words(s, 3) and len(_OTHER_SCRIPT_WORD.findall(s)) < 3


@lru_cache(maxsize=8192)
def is_claim(sentence: str) -> bool:
    """A checkable statement: not boilerplate, heading, question or opinion; enough content words;
    and the checkable model (judge/checkable.py) finds it states something that can be checked."""
    s = sentence.strip()
    if _ruled_out(s):
        return False
    threshold = checkable_threshold()
    score = checkable(s)
    if score < threshold and _announced(s):
        # The model learnt from debates, where "will" is a promise; in the news, a body that
        # will act ("the court will investigate") is an announced decision, checkable as such.
        score = checkable(_WILL.sub("", s))
    return score >= threshold


# A line cut off mid-sentence: a teaser of another article ("... unatoč sankcijama Srb..."), or
# a page's summary; what it says, if anything, is told in full elsewhere.
_CUT_OFF = re.compile(r"[^\W\d_](?:\.\.\.|…)$")


def _cut_off(s: str) -> bool:
    """Whether _CUT_OFF matches: only a text ending in an ellipsis (before one final newline,
    where $ also matches) can."""
    end = s[:-1] if s.endswith("\n") else s
    return end.endswith(("...", "…")) and _CUT_OFF.search(s) is not None


# "will", "will not", "will be" before a verb (what `_announced` rewrites for the model).
_WILL = re.compile(r"\bwill\s+(?:not\s+)?(?:be\s+)?")
# What names who acts: an institution, or a named person or body (a capitalised word).
_ACTOR = re.compile(
    r"\b(?:court|government|ministry|minister|police|prosecutors?|company|board|commission|"
    r"council|agency|parliament|army|authorities|committee|judge|president|regulator|airline|"
    r"operator|department|office)\b|(?-i:(?<!^)(?<![.!?:]\s)\b[A-Z][\w’'-]+)",
    re.IGNORECASE,
)
# A guess about what will happen, not an announcement.
_GUESS = re.compile(
    r"\b(?:likely|probably|possibly|perhaps|expects?|expected|predicts?|predicted|believes?|"
    r"thinks?|fears?|hopes?|doubts?|suspects?|speculat\w*|if|unless)\b",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(r"[,;:]|\b(?:that|said|says|if|when|whether)\b", re.IGNORECASE)


def _announced(sentence: str) -> bool:
    """Whether the sentence says what a named person or an institution will do (not what a
    thing will bring about: "the move will only make things worse")."""
    for m in _WILL.finditer(sentence):
        before = sentence[: m.start()]
        starts = [c.end() for c in _CLAUSE_START.finditer(before)]
        start = max(starts[-1] if starts else 0, len(before) - 60)  # the clause's last words
        if _ACTOR.search(sentence, start, m.start()) and not _GUESS.search(before):
            return True
    return False


# A page's date label before its headline, as some pages (and stored copies of pages) give it:
# "date 2024-03-11 Royal photo row deepens ...". Not part of any claim.
_DATE_LABEL = re.compile(r"^date\s+\d{4}(?:-\d{1,2}){0,2}\s+", re.IGNORECASE)
# A wire dateline opening the story ("ROME (Reuters) –", "ATHENS, Aug 5 (Reuters) –", "PORTO
# SANTO STEFANO, Italy (AP) —", "Roma, 5 ago (askanews) -"), or a live page's label ("Details:",
# "Update:"): the agency and the place say where the copy came from, not what happened.
_WIRES = (
    "Reuters|AP|AFP|dpa|DPA|ANSA|EFE|PAP|TASS|Interfax|RIA Novosti|UNIAN|Ukrinform|Xinhua|"
    "Bloomberg|ANP|Belga|APA|SDA|Keystone-SDA|ČTK|CTK|Agerpres|MTI|Europa Press|Lusa|IANS|PTI|"
    "Yonhap|Kyodo|askanews|Adnkronos|LaPresse|AGI|KNA|epd|AA|BTA|HINA|Tanjug|BNS|LETA|STT|NTB|TT"
)
_DATELINE = re.compile(
    # a wire, in any case, maybe joined with others ("Jakarta (APA/dpa/Reuters) -", "TIFLIS
    # (dpa-AFX) -", "Cesena, Italy, May 17 (AFP/APP):")
    rf"^(?:[A-ZÀ-ÖØ-Þ][\w.'’/ -]{{1,40}}?(?:,\s*[^()–—\n]{{1,30}}?)?\s*)?"
    rf"\((?i:{_WIRES})(?:\s*[/-]\s*[A-Za-z]{{2,12}})*\)\s*(?:[-–—]+|:)\s*"
    # another outlet in capitals ("UPI", "CNN", "CBSMIAMI/AP") after a place in capitals, a place
    # with its country or day, or a day: not after a name ("Mara Lind (SPD) – Die ...")
    r"|^(?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’/ -]{1,40}?(?:,\s*[^()–—\n]{1,30}?)?"
    r"|[A-ZÀ-ÖØ-Þ][\w.'’/ -]{1,40}?,\s*[^()–—\n]{1,30}?|[A-Z][a-z]{2,8}\.?\s+\d{1,2})"
    r"\s*\([A-Z]{2,12}(?:\s*[/-]\s*[A-Za-z]{2,12})*\)\s*[-–—]+\s*(?=[\"“«„A-ZÀ-ÖØ-Þ\d])"
    # the place, the agency and the day between bars ("Valence, Espagne | AFP | vendredi 23/02/2024 -")
    rf"|^[A-ZÀ-ÖØ-Þ][^|()\n]{{1,40}}?\|\s*(?i:{_WIRES})\s*\|\s*[^|\n]{{1,30}}?\s*[-–—]+\s*"
    # an agency in capitals in brackets opening the text, then maybe the place ("(PRIMAPRESS) -
    # NIGERIA -")
    r"|^\([A-ZÀ-ÖØ-Þ]{3,20}\)\s*[-–—]+\s*(?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’ .-]{1,40}\s*[-–—]+\s*)?"
    # a place in capitals and a day, without the agency ("BELGRADO, 15 MAG -", "LONDRA, 5 set. –")
    r"|^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’ .-]{2,40},\s*\d{1,2}\s+[^\W\d_]{3,10}\.?\s*[-–—]+\s*"
    # a place, its country in brackets and a day ("Madrid (Spagna), 30 lug." as a line of its own)
    r"|^[A-ZÀ-ÖØ-Þ][\w'’ -]{1,40}?\s*\([A-ZÀ-ÖØ-Þ][\w'’ -]{1,30}\)\s*,\s*\d{1,2}\s+[^\W\d_]{3,10}\.?"
    r"\s*(?:[-–—]+\s*|$)"
    # a place, its dash set apart by spaces, before the story's first sentence ("Berlin - Bei
    # einem möglichen Anschlag", "Kuala Lumpur – Neue Erkenntnisse", "WASHINGTON – A senior")
    r"|^(?!FILE\s)(?:[A-ZÀ-ÖØ-Þ][\w.'’]+(?:[ /][A-ZÀ-ÖØ-Þ][\w.'’]+){0,2})\s+[-–—]\s+(?=[\"„“«A-ZÀ-ÖØ-Þ])"
    # a kicker in capitals ("PARCOURS SANGLANT - Deux jours après", "DRAME•Le corps"; "KYIV –")
    r"|^(?!FILE\s)[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’ ]{3,40}?\s*[-–—•|]\s*(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ])"
    r"|^(?:Details|Update|Background|Context|Quote|Détails|Mise à jour|Aktualisierung|Dettagli|"
    r"Aggiornamento|Detalles|Actualización|Szczegóły|Подробности|Деталі)\s*:\s+(?=\S)"
)


# A who's-who line of a fact box ("Yuri Shvets – Former KGB major and author of a book"): a name
# of two to four words, a dash, and a description without a verb or a figure, beside another line
# of that shape (a box lists several people; a dateline opens one sentence: "Port Veldra – Neue
# Erkenntnisse deuten ..."). It says who someone is, not what happened; the dateline rule above
# would otherwise strip the name and list the bare description as a claim. A description with a
# verb ("Veldra Port – Crews found ...") or a figure is a statement and stays.
_WHO_IS_WHO = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][a-zà-ÿ][\w.'’-]*)(?:\s+[A-ZÀ-ÖØ-Þ][\w.'’-]*){1,3}\s+[–—-]\s+(?P<what>.+)$"
)
_CLAUSE_WORDS = frozenset(
    """is are was were be been being has have had will would can could may might must shall should
    says said say told tells do does did who which that whose
    ist sind war waren wurde wurden hat haben hatte wird werden soll sagte sagt der die das
    est sont était étaient a ont été sera dit qui
    es son era eran fue fueron ha han había será dijo que
    è sono era erano fu ha hanno stato stata detto che
    é são foi foram tem disse
    jest są był była było były został została powiedział który która
    zijn werd heeft hebben zei""".split()
)


def _who_is_who(sentences: tuple[str, ...]) -> set[int]:
    """The indexes of the sentences that are who's-who lines (_WHO_IS_WHO beside another)."""
    shaped = [_WHO_IS_WHO.match(s) for s in sentences]
    out = set()
    for i, m in enumerate(shaped):
        if m is None or not ((i and shaped[i - 1]) or (i + 1 < len(shaped) and shaped[i + 1])):
            continue
        what = m["what"]
        tokens = [w.strip(".,;:!?\"'“”‘’()«»„").lower() for w in what.split()]
        if (
            len(tokens) <= 12
            and not any(c.isdigit() for c in what)
            and not any(w in _CLAUSE_WORDS or (len(w) > 4 and w.endswith("ed")) for w in tokens)
        ):
            out.add(i)
    return out


# A sentence that only says who told the one before it ("Lo riporta The Independent.", "Об этом
# сообщает ТАСС.", "Das teilte die Polizei am Samstag mit.", "C'est ce qu'a annoncé le parquet."):
# it opens with the pronoun that points back, then a verb of telling. It states nothing itself;
# it is kept as a claim only for the source it names (judge.verdict).
_ATTRIBUTION_ONLY = re.compile(
    r"(?:lo\s+(?:ha\s+|hanno\s+)?(?:riport\w+|riferi\w+|scri\w+|rend\w+\s+noto|reso\s+noto|"
    r"annunci\w+|conferm\w+|comunic\w+|precis\w+|spieg\w+|dice|dicono|detto|afferm\w+|sostien\w+|"
    r"rivel\w+)"
    r"|(?:as[ií]\s+)?lo\s+(?:ha\s+|han\s+)?(?:inform\w+|confirm\w+|indic\w+|report\w+|public\w+|"
    r"dijo|dicho|dijeron|señal\w+|asegur\w+|explic\w+|anunci\w+|recog\w+|adelant\w+|detall\w+|"
    r"precis\w+|afirm\w+|revel\w+)"
    r"|(?:c['’]est\s+)?ce\s+qu['’](?:a|ont|indique|rapporte|annonce|affirme|précise|révèle|"
    r"explique|confirme|déclare|écrit)\w*"
    r"|(?:das|dies)\s+(?:bericht\w*|meld\w+|teilte\w*|sagte\w*|bestätigt\w*|erklärt\w*|schreib\w*|"
    r"schrieb\w*|gab\w*)"
    r"|dat\s+(?:meld\w+|schrijf\w*|schreef|zegt|zei|bevestig\w+|laat|liet|maakte)"
    r"|o\s+(?:tym|czym)\s+(?:inform\w+|poinformował\w*|pisz\w+|napisał\w*|donos\w+|poda\w+)"
    r"|(?:informuj\w+|poda\w+|pisz\w+|donos\w+|poinformował\w*|napisał\w*)\s+o\s+tym"
    r"|об\s+этом\s+(?:сообщ\w+|заяв\w+|пиш\w+|написал\w*|рассказ\w+|информир\w+|переда\w+|"
    r"говорится)"
    r"|про\s+це\s+(?:повідом\w+|пиш\w+|заяв\w+|йдеться)"
    r"|(?:to\s+je|kako\s+je)\s+(?:izvijesti\w+|objavi\w+|rekao|rekla|rekli|potvrdi\w+|javi\w+|"
    r"priopći\w+)"
    r"|o\s+tem\s+(?:poroča\w*|je\s+poročal\w*|so\s+poročal\w*)"
    r"|(?:informoval\w*|uvedl\w*|oznámil\w*|napsal\w*|sdělil\w*)\s+(?:o\s+)?(?:tom|to)"
    r"|(?:això|així)\s+ho\s+(?:ha\s+)?(?:explica\w*|informa\w*|confirma\w*|dit|anuncia\w*)"
    r"|(?:this|that)\s+(?:was|has\s+been)\s+(?:reported|confirmed|announced|disclosed)\s+by)\b",
    re.IGNORECASE,
)
# ... with no statement of its own after the source ("Das bestätigte die Polizei, die zudem
# mitteilte, dass ..." says more).
_STATEMENT_WITHIN = re.compile(
    r"\b(?:dass|que|che|that|что|że|dat|što|že|că|ki)\b|[,;:]\s*(?:und|and|et|e|y|i|и)\b",
    re.IGNORECASE,
)


def attribution_only(sentence: str) -> bool:
    """Whether the sentence only names who told the one before it (_ATTRIBUTION_ONLY)."""
    return (
        len(sentence.split()) <= 16
        and _ATTRIBUTION_ONLY.match(sentence.lstrip("\"'“„«‘ ")) is not None
        and _STATEMENT_WITHIN.search(sentence) is None
    )


def _headline_again(key: str, headline: str) -> bool:
    """A line that is the headline with a few words of page furniture after it (a related-link
    box, "... avant l'accident 1 Air Journal": the comment count, the outlet's name)."""
    return (
        len(headline) >= 30
        and key.startswith(headline)
        and len(key[len(headline) :].split()) <= _HEADLINE_TAIL
    )


_HEADLINE_TAIL = 4  # words after a repeated headline that are furniture, not a sentence


# For sentences the word model cannot read (another language): their checkable probabilities
# from a sentence model's vectors, None for a sentence the sentence model cannot read either.
OtherLanguages = Callable[[list[str]], list[float | None]]


def extract_claims(
    text: str,
    *,
    title: str = "",
    ignore: Iterable[str] = (),
    other_languages: tuple[OtherLanguages, float] | None = None,
) -> list[Claim]:
    """The claims of an article, in order; `ignore` lists lines an outlet repeats in every article.

    The title is not a claim of its own (headlines compress and exaggerate the body): a line
    repeating it is skipped. `other_languages`: (probabilities, threshold) that decide, instead of
    the word model, for sentences it cannot read (judge.checkable.Head with the sentence model)."""
    skip = {_WS.sub(" ", line).strip().lower() for line in ignore}
    headline = _WS.sub(" ", title).strip().lower()
    skip.add(headline)  # the headline repeated in the body
    kept: list[str] = []
    foreign: list[int] = []  # indexes in kept of the sentences other_languages decides
    seen: set[str] = set()
    sentences = _sentences(text)
    fact_box = _who_is_who(sentences)
    for i, sentence in enumerate(sentences):
        if i in fact_box:
            continue
        sentence = _DATE_LABEL.sub("", sentence)  # "date 2024-03-11 Headline ...": the page's date
        # "ROME (Reuters) –", "Details:"; twice for an agency and then the place and day, each
        # with its dash ("(ANSA) - TEHERAN, 22 SET - Il padre ...")
        stripped = _DATELINE.sub("", sentence)
        if stripped != sentence:
            stripped = _DATELINE.sub("", stripped)
        sentence = stripped
        if "pic.twitter.com" in sentence or "(@" in sentence or "t.co/" in sentence:
            # an embedded post: its picture and short links, and the signature it ends with
            # ("— Mara Lind (@maralind) 24. März 2018"), are no part of what it says
            sentence = _WS.sub(" ", _EMBED_TAIL.sub("", _LINK.sub(" ", sentence))).strip()
            if not sentence:
                continue
        key = sentence.lower()
        if key in skip or key in seen or _headline_again(key, headline):
            continue
        if not claim_part(sentence):
            continue  # a frame of commentary with nothing inside it
        if other_languages is not None and not reads(sentence):
            if _ruled_out(sentence.strip()):
                continue
            foreign.append(len(kept))
        elif not is_claim(sentence):
            continue
        seen.add(key)
        kept.append(sentence)
    drop: set[int] = set()
    if other_languages is not None and foreign:
        probs, threshold = other_languages
        for i, p in zip(foreign, probs([kept[i] for i in foreign]), strict=True):
            if not (is_claim(kept[i]) if p is None else p >= threshold):
                drop.add(i)
    return [make_claim(s) for i, s in enumerate(kept) if i not in drop]
