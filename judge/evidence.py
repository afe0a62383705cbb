"""Evidence told from restatement (pure): who speaks, whether that voice is new, what is cited.

A claim carries evidence when it brings support or refutation the story did not have:
- `document`: a primary document, report, filing, record or data set newly published, released,
  obtained or seen ("the preliminary report published on Tuesday found ...");
- `official`: an official body or office-holder confirming or denying, on record ("the Kremlin
  spokesman Dmitry Peskov denied ...", "police confirmed ...");
- `on_record`: a named person or body the story never named before, speaking on record ("Oleg
  Kalugin, a former KGB general, told ..."), or a fresh statement of the story's subject ("Trump
  said on Monday ...", not "Trump has long denied ...").

Not evidence: hearsay ("according to reports", "reportedly", "it has been alleged"), an outlet's
name ("the Mirror reports"), anonymous voices ("an aide said", "sources close to"), a voice the
story already quoted saying it again, background ("has long denied", "several years ago").
Each item says why in plain words. English cues only: other languages carry no evidence cues yet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from judge.claims import _ASCII_NON_WORD_TO_SPACE_BYTES, _TYPOGRAPHIC, words
from judge.language import english, language_of
from judge.ledger import number_words
from watchers.models import Claim, Evidence

# ---------------------------------------------------------------- what is not evidence

_HEARSAY = re.compile(
    r"""\b(according\s+to\s+(?:\w+\s+){0,2}(reports|media|rumou?rs|speculation|claims)
    |reportedly|allegedly|it\s+(has\s+been|was|is)\s+(alleged|claimed|reported|rumou?red)
    |(is|are|was|were)\s+said\s+to|rumou?rs?|unverified|unconfirmed|speculat\w*
    |(reports|reported|writes|wrote|says|said|told)\s+(by\s+)?(the\s+)?[A-Z][\w&]*\s+(newspaper|tabloid|outlet|magazine|website)
    |as\s+(first\s+)?reported\s+by|first\s+reported|media\s+reports?|press\s+reports?
    # what media relay, the media named after the verb ("informaron entonces los medios estatales",
    # "ont rapporté les médias locaux", "riferiscono i media")
    |(informaron|informó|reportaron|publicaron|señalaron)\s+(\w+\s+){0,2}(los\s+)?medios
    |(ont\s+rapporté|rapportent|indiquent|affirment)\s+(\w+\s+){0,2}(les\s+|des\s+)médias
    |(riferiscono|riportano|scrivono)\s+(\w+\s+){0,2}(i\s+)?media
    |citing\s+(a|an|the|unnamed|anonymous)(?!\s+([\w-]+\s+)?(statement|release|announcement|briefing)\s+(from|by|of)\s+(the\s+)?[A-Z])|widely\s+shared|went\s+viral
    # a post going round, not the speaker's own ("said in a Telegram post" is on record)
    |(?<!in\sa\s)(?<!in\san\s)(?<!in\shis\s)(?<!in\sher\s)(?<!in\sits\s)(?<!in\stheir\s)
     (facebook|telegram|instagram|tiktok|twitter|x)\s+post
    |if\s+true|may\s+have|might\s+have|could\s+have
    |selon\s+(des|les|plusieurs|certains)\s+médias|selon\s+la\s+presse|d['’]après\s+(des|les|la)\s+(médias|presse)
    |rumeurs?|non\s+confirmée?s?|laut\s+(\w+\s+){0,2}(Staats)?Medien(berichte?n?)?|Medienberichte?n?
    |(Staats)?Medien\s+zufolge|Berichten\s+zufolge
    |angeblich|unbestätigte?[nr]?|Gerüchte?n?|según\s+((los|algunos|varios|diversos)\s+)?medios|según\s+la\s+prensa
    # "según informes se reveló": reports of no one named (not "según informes oficiales")
    |según\s+(informes|reportes)(?!\s+(oficiales|policiales|forenses|médicos|preliminares|del|de\s+la|de\s+los))
    |supuestamente|rumores?|sin\s+confirmar|no\s+confirmad[oa]s?|secondo\s+((i|alcuni|diversi)\s+)?media
    # "secondo quanto riportato dai media locali", "según lo publicado por medios locales"
    |secondo\s+quanto\s+(riportato|riferito|scritto|riportano|riferiscono|scrivono)\s+(\w+\s+){0,2}(media|stampa)
    |según\s+(lo\s+)?(informado|publicado|reportado|informan|publican)\s+(por\s+)?(\w+\s+){0,2}medios
    |secondo\s+la\s+stampa|secondo\s+indiscrezioni|indiscrezion[ei]|presumibilmente|non\s+confermat[oaie]
    |segundo\s+(a\s+)?(imprensa|m[ií]dia)|supostamente|n[ãa]o\s+confirmad[oa]s?
    |według\s+((nieoficjalnych|niepotwierdzonych)\s+)?(mediów|doniesień)|media\s+(podają|donoszą|informują)
    |rzekomo|podobno|niepotwierdzon\w*|СМИ|ЗМІ|якобы|по\s+слухам|неподтвержд\w*|нібито|за\s+чутками
    |непідтвердж\w*|potrivit\s+presei|conform\s+unor\s+surse|φέρεται|σύμφωνα\s+με\s+πληροφορίες
    |volgens\s+(de\s+)?media|naar\s+verluidt|onbevestigd\w*|ifølge\s+(\w+\s+)?medier
    |angiveligt|efter\s+sigende|ubekræftede?)\b""",
    re.IGNORECASE | re.VERBOSE,
)
# A statement that was made before and is only recalled ("has long denied", "has repeatedly said",
# "had said"). A bare "has said" is the news's own present perfect ("Rutte has said that NATO will
# ...": said now), and "has since said" is said after the event.
_RECALLED = re.compile(
    r"""\bha(?:d\s+(\w+ly\s+|long\s+|always\s+|since\s+|previously\s+|also\s+){0,2}
    (denied|insisted|maintained|claimed|rejected|dismissed|called|labell?ed|described|said|stated)
    |(?:s|ve)\s+(?:(\w+ly\s+|long\s+|always\s+|since\s+|previously\s+|also\s+){0,2}
    (denied|insisted|maintained|claimed|rejected|dismissed|called|labell?ed|described)
    |(\w+ly\s+|long\s+|always\s+|previously\s+)(\w+ly\s+)?(said|stated)))\b
    |\b(previously|repeatedly|consistently|long|always|earlier|once|often)\s+(said|denied|insisted|claimed|rejected|dismissed|called|labell?ed)\b
    |\b(years|decades|months)\s+ago\b|\bin\s+(19|20)\d\d\b.{0,60}\b(told|said|wrote)\b
    |\b(told|said|wrote)\b.{0,60}\bin\s+(19|20)\d\d\b""",
    re.IGNORECASE | re.VERBOSE,
)
# ... and a sentence opening on an earlier event ("Last month, ... China denied any involvement").
# Matched at the start only, by its own pattern (in _RECALLED, a "^" branch would be tried at
# every position).
_EARLIER_EVENT = re.compile(
    r"\W*(?:last\s+(?:month|year)|earlier\s+this\s+year"
    # ... in the other languages: "El pasado mes de agosto", "L'année dernière", "Im vergangenen
    # Jahr", "Lo scorso mese", "No ano passado", "W zeszłym roku", "В прошлом году"
    r"|(?:el\s+)?pasado\s+(?:mes|año)|(?:el\s+)?(?:mes|año)\s+pasado|(?:le\s+)?mois\s+dernier"
    r"|l['’]ann[ée]e\s+derni[èe]re|en\s+\w+\s+dernier|im\s+vergangenen\s+(?:monat|jahr)"
    r"|letztes\s+jahr|(?:lo\s+)?scorso\s+(?:mese|anno)|(?:il\s+)?mese\s+scorso|l['’]anno\s+scorso"
    r"|n[oa]\s+(?:mês|ano)\s+passado|w\s+zeszłym\s+(?:miesiącu|roku)|в\s+прошлом\s+(?:месяце|году))\b",
    re.IGNORECASE,
)
_ANONYMOUS = re.compile(
    r"""\b((a|an|another|one|two|three|several|some)\s+(\w+\s+){0,2}(source|sources|aide|aides|insider|insiders|official|officials|figure|analyst|analysts|expert|experts|observer|observers|critic|critics|officer|officers|policeman|policemen|policewoman|staffer|staffers|employee|employees)
    # people are a voice when they are sources ("two people familiar with the matter"), not the
    # victims counted ("killed three people, prosecutors said")
    |(a|an|one|two|three|several|some)\s+(\w+\s+){0,2}(person|people)\s+(familiar|close|with\s+(direct\s+)?knowledge|briefed|involved|aware|knowledgeable|who\s+(spoke|asked|declined|requested|did\s+not|was\s+not|were\s+not))
    |sources?\s+(close\s+to|familiar\s+with|said|told)|unnamed|anonymous|on\s+condition\s+of\s+anonymity
    |who\s+(asked|declined)\s+not\s+to\s+be\s+named|anonymously)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_MEDIA = re.compile(
    r"""\b(the\s+)?(mirror|guardian|times|post|telegraph|daily\s+\w+|sun|express|independent|herald|
    bbc|cnn|fox\s+news|reuters|ap|afp|bloomberg|politico|axios|newsweek|tass|ria\s+novosti|interfax|
    press\s+association|pa\s+media|associated\s+press|agence\s+france[-\s]presse|dpa|ansa|efe|
    ([A-Z]\w+\s+){1,3}(news|times|post|tribune|journal|gazette|chronicle|star|record|mail|herald|
    courier|observer|examiner|telegraph|standard|monitor|dispatch|inquirer))\b""",
    re.IGNORECASE | re.VERBOSE,
)

# An outlet named as where something was said or first reported: "confirmed the hack to the
# Australian Broadcasting Corporation (ABC)", "CyberDaily's breaking report". Its name is no new
# party of the story.
_OUTLET = re.compile(
    r"""(
    \b[A-Z][\w&-]*(\s+[A-Z][\w&-]*){0,3}\s+(Broadcasting(\s+Corporation|\s+Company|\s+Service)?|
      Radio|Television|TV|Magazine|Newspaper|News\s+Agency|Press\s+Agency|Press|Media)\b
    | \b(news|press|state)\s+agency\s+[A-Z][\w-]*(\s+[A-Z][\w-]*){0,2}
    | \b((agencia|agence|agenzia|agência)\s+(de|di)\s+(noticias|notícias|presse|stampa)
      |agencja\s+(prasowa|informacyjna)|Nachrichtenagentur|Presseagentur|persbureau
      |(информационное|новостное)\s+агентство)\s+[A-ZА-ЯЁ][\w-]*(\s+[A-ZА-ЯЁ][\w-]*){0,2}
    | \b[A-Z][a-z]+[A-Z]\w*[’']s\s+(breaking\s+|exclusive\s+|original\s+|initial\s+|earlier\s+)?
      (report|reporting|story|article|scoop|investigation)\b
    | \b(ABC|NBC|CBS|CNBC|MSNBC|NPR|PBS|BBC|ITV|Sky\s+News|CBC|RTÉ|RTE|DW|ARD|ZDF|ORF|SRF|RAI|TVN|
      Yle|NOS|RTL|France\s+24|Euronews|Al\s+Jazeera|Kyodo|Xinhua|Yonhap|TASS|RIA|Interfax|Ukrinform|
      NHK|KBS|MBC|SBS|TBS|CCTV(?!\s+(?:footage|cameras?|images|videos?|recordings?|systems?))|RT|HRT|RTS|RTV|N1|TVP|RTVS|SVT|NRK|ERT|BNT|БНТ|РТС|ТАСС|РИА|MTI|ANSA|EFE|AFP|
      Reuters|CTK|ČTK|TASR|PAP|Tanjug|Танјуг|Hina|HINA|FoNet|Agerpres|Anadolu|AP|RFI|RTBF|RSI|RTP|TF1)\b
    )""",
    re.VERBOSE,
)
_ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")
# Words one of which every match contains as a whole \w+ run, lower-cased (as `words` gives them;
# for the case-sensitive _OUTLET a superset): of _MEDIA, each outlet's name or the noun after a
# capitalised word; of _OUTLET, the last word of a broadcaster or press name, the noun of "X's
# report", or the first word of a named broadcaster or agency.
_MEDIA_GATE = frozenset(
    """mirror guardian times post telegraph daily sun express independent herald bbc cnn fox
    reuters ap afp bloomberg politico axios newsweek tass ria interfax news tribune journal
    gazette chronicle star record mail press pa associated agence dpa ansa efe courier observer
    examiner standard monitor dispatch inquirer""".split()
)
_OUTLET_GATE = frozenset(
    """broadcasting radio television tv magazine newspaper news press media report reporting
    story article scoop investigation abc nbc cbs cnbc msnbc npr pbs bbc itv sky cbc rté rte dw
    ard zdf orf srf rai tvn yle nos rtl france euronews al kyodo xinhua yonhap tass ria interfax
    ukrinform nhk kbs mbc sbs tbs cctv rt hrt rts rtv n1 tvp rtvs svt nrk ert bnt бнт ртс тасс риа
    mti ansa efe afp reuters ctk čtk tasr pap tanjug танјуг hina fonet agerpres anadolu ap rfi rtbf
    rsi rtp tf1 agency
    agencia agence agenzia agência agencja nachrichtenagentur presseagentur persbureau
    агентство""".split()
)
# Every _TOLL match contains one of these (lower-cased, whole): "toll", "number of ...",
# "confirmed dead", and the nouns of the other languages' counts.
_TOLL_GATE = frozenset(
    "toll number confirmed cifra numero número balance bilan zahl bilancio balanço balanco".split()
)


def outlet_names(text: str) -> str:
    """The text of the outlet mentions in `text` (with an acronym in brackets that spells a
    mentioned outlet's initials), joined: what a claim's names should not count as new."""
    # Each pattern is searched only when the text has one of the words its matches need (see
    # _MEDIA_GATE): most claims name no outlet, and both patterns start with \b, tried at every
    # position. Without a match of either, no acronym is added.
    ws = words(text)
    media = ws is None or not _MEDIA_GATE.isdisjoint(ws)
    outlet = ws is None or not _OUTLET_GATE.isdisjoint(ws)
    if not (media or outlet):
        return ""
    found = ([m.group(0) for m in _MEDIA.finditer(text)] if media else []) + (
        [m.group(0) for m in _OUTLET.finditer(text)] if outlet else []
    )
    for m in _ACRONYM.finditer(text):
        if any(
            "".join(w[0] for w in f.split() if w[:1].isupper()).endswith(m.group(1)) for f in found
        ):
            found.append(m.group(1))
    return " ".join(found)


# ---------------------------------------------------------------- what is evidence

_DOC_NOUN = (
    r"(documents?|files?|filings?|records?|contracts?|invoices?|minutes|memos?|emails?|letters?|"
    r"transcripts?|certificates?|ledgers?|receipts?|court\s+papers|indictment|lawsuit|subpoena|"
    r"(?:preliminary\s+|final\s+|official\s+|interim\s+|progress\s+|forensic\s+|autopsy\s+|investigation\s+|"
    r"inquiry\s+|audit\s+|police\s+)?report|audit|(?:incident\s+|post-incident\s+|internal\s+|"
    r"independent\s+)review|findings|dataset|data|figures|statistics|registry\s+entry|"
    r"footage|recording|photographs|satellite\s+images|study|studies|"
    r"(?:intelligence\s+|threat\s+|risk\s+|official\s+|updated\s+)?assessments?)"
)
_DOCUMENT = re.compile(
    rf"""\b(
    {_DOC_NOUN}\s+(\w+\s+){{0,4}}(seen|obtained|reviewed|released|published|filed|leaked|made\s+public)\b
    # the document itself shows: no other subject or clause between ("had no criminal record but
    # was found to be ...": the record found nothing)
    |{_DOC_NOUN}\s+((?!(?:but|and|or|was|were|is|are|been|be|had|has|have|he|she|they|it|who|when|
      while|after|before)\b)\w+\s+){{0,4}}
      (show|shows|showed|found|finds|concluded|concludes|confirm|confirms|confirmed|reveal|reveals|
      revealed|indicate|indicates|indicated|list|lists|listed|state|states|stated)\b(?!\s+(?:how|that\s+it\s+was\s+possible))
    |(obtained|seen|reviewed|verified|examined|authenticated)\s+by\s+(the\s+)?[A-Z]
    |(published|released|posted|filed|leaked|disclosed|made\s+public|handed\s+over|submitted)\s+(the|a|an|its|their|his|her)\s+
      ([\w-]+\s+){{0,3}}({_DOC_NOUN}|review)\b
    |according\s+to\s+(the|a|an)\s+(\w+\s+){{0,3}}({_DOC_NOUN}|orders?|ruling|decision)\s+(by|from|of|published|released|issued)
    |according\s+to\s+(the|newly\s+released|released|leaked)\s+(\w+\s+){{0,2}}(records|transcripts|documents|court\s+papers|filings)\b
    |according\s+to\s+(the|a|an)\s+(preliminary|final|interim|official|autopsy|forensic|
      investigation|inquiry|audit|police|court)\s+(\w+\s+)?(report|findings)\b
    |a\s+copy\s+of\s+the\s+\w+
    # a report the office published, what it says ("In their first public report on the
    # disaster, investigators ..."; not "a report": an outlet's, if anyone's)
    |in\s+(its|their|his|her|the)\s+((first|final|preliminary|interim|official|initial|public|
      formal|detailed|full|latest|new|annual|technical)\s+){{1,3}}(report|findings|assessment)\b
    # footage an office released or a broadcaster aired ("police released CCTV footage")
    |(released|aired|broadcast)\s+(\w+\s+){{0,3}}?(footage|videos?|recordings?)\b
    # a video an office or a party published on its channels (not one posted on social media)
    |videos?\s+(\w+\s+){{0,2}}(published|released)\s+(on|by)\s+(the\s+)?(\w+[’']s\s+)?
      (official\s+(channels?|accounts?|website|page|site)|(channels?|website)\b)
    # ... or one an office released ("in a video released by the FSB, the suspect confessed")
    |videos?\s+(\w+\s+){{0,2}}(published|released)\s+by\s+(the\s+)?((?-i:[A-Z]{{2,6}})\b|police|
      prosecutors?|investigators|army|military|authorities|government|(\w+\s+)?ministry)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_OFFICIAL_ROLE = (
    r"(spokes(?:person|man|woman)|press\s+secretary|ministry|minister|office|department|police|"
    r"prosecutors?|prosecutor's\s+office|court|judge|agency|government|council|commission|embassy|"
    r"authority|authorities|regulator|inspectorate|registrar|auditor|ombudsman|mayor|governor|bureau|"
    r"commissioner|sheriff|superintendent|chief\s+constable|ceo|chairman|chairwoman|"
    r"president|prime\s+minister|kremlin|white\s+house|pentagon|state\s+department|fbi|cia|mi[56]|"
    r"fsb|interior|foreign\s+office|army|military|navy|coroner|investigators?|board|company|"
    r"lawyer|attorney|counsel|parliament|senate|congress|committee|service|brigade|hospital|"
    r"school|university|institute|club|bank|firm|airline|operator|organi[sz]ation|union|"
    r"foundation|charity|party|federation|association|spokesperson|representative|"
    r"services|officials|rescuers|emergency\s+services|civil\s+protection|national\s+guard|"
    r"investigative\s+committee|palace|"
    # the same offices in the other languages of the coverage
    r"alcaldes?a?|ministr[oa]|ministerio|gobierno|generalitat|polic[ií]a|portavoz|fiscal[ií]a|"
    r"tribunal|ayuntamiento|maire|minist[eè]re|gouvernement|pr[ée]fecture|porte-parole|parquet|"
    r"sindac[oa]|minister[oi]|governo|polizia|portavoce|procura|protezione\s+civile|"
    r"b[üu]rgermeister(?:in)?|ministerium|regierung|polizei|sprecher(?:in)?|staatsanwaltschaft|"
    r"beh[öo]rden?|prefeit[oa]|minist[ée]rio|pol[ií]cia|porta-voz|kreml|kremlin\w*)"
)
# Confirmations, denials and statements in the other languages of the coverage (es, fr, it, de, pt).
_CONFIRM_DENY_OTHER = (
    r"ha\s+confirmado|confirm[óo]|confirma|ha\s+negado|neg[óo]|desminti[óo]|ha\s+desmentido|"
    r"ha\s+anunciado|anunci[óo]|a\s+confirm[ée]|confirme|a\s+d[ée]menti|d[ée]ment|a\s+annonc[ée]|"
    r"ha\s+confermato|conferma|ha\s+smentito|smentisce|ha\s+annunciato|bestätigte|bestätigt|"
    r"dementierte|dementiert|wies\s+\w+\s+\w+\s+zurück|teilte\s+\w+\s+mit|confirmou|negou|anunciou"
)
_CONFIRM_DENY = (
    r"(confirmed|confirms|denied|denies|rejected|rejects|dismissed|dismisses|refuted|refutes|"
    r"corrected|"
    r"called\s+\w+\s+(claims?|allegations?|reports?)|acknowledged|acknowledges|admitted|admits|"
    r"said\s+in\s+a\s+(written\s+)?statement|issued\s+a\s+statement|told\s+reporters|"
    r"said\s+on\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)|announced|announces|"
    # an investigation's or a court's finding
    r"(?:has\s+|had\s+)?determined\s+that|(?:has\s+|had\s+)?concluded\s+that|ruled\s+that|"
    # who the suspect or a victim is ("identified the suspect as a 28-year-old man")
    r"identified\s+(?:the\s+|a\s+|two\s+|three\s+)?(?:\w+\s+){0,2}?(?:suspects?|attackers?|gunm[ae]n|"
    r"assailants?|perpetrators?|shooters?|bombers?|driver|victims?|dead|bod(?:y|ies))\s+as|"
    # an office's act on record: a court's order, a prosecutor's charge
    r"(?:has\s+|had\s+)?decided\s+to|ordered|sentenced|charged|remanded|indicted|"
    r"express(?:es|ed)\s+(?:its|his|her|their)?\s*(?:\w+\s+)?(?:regret|disapproval|protest|"
    r"concern|condolences|dissatisfaction|opposition|gratitude)|"
    r"(?:has\s+|have\s+|had\s+)?(?:opened|launched)\s+(?:an?\s+|its\s+own\s+)?"
    r"(?:criminal\s+|formal\s+|separate\s+)?(?:investigation|inquiry|probe|case)|"
    + _CONFIRM_DENY_OTHER
    + r")"
)
_OFFICIAL = re.compile(
    rf"\b{_OFFICIAL_ROLE}\b[^.;:]{{0,140}}?\b{_CONFIRM_DENY}\b"
    # (not an office in what is confirmed: "admitted that the club had", "six confirmed dead and
    # 290 missing, the coast guard said" is the coast guard's, matched from it)
    rf"|\b{_CONFIRM_DENY}\b(?!\s+(?:dead|killed|missing|injured|cases?)\b)"
    rf"(?:(?!\b(?:that|its|their|his|her|our)\b)[^.;]){{0,40}}\b{_OFFICIAL_ROLE}\b"
    rf"|\bin\s+an?\s+(?:\w+\s+){{0,2}}statement\b[^.;]{{0,60}}\b{_OFFICIAL_ROLE}\b"
    rf"|\b{_OFFICIAL_ROLE}\s+(?:\w+\s+){{0,2}}(?:said|says|stated|states|added|adds|explained|"
    r"told|wrote|warned|noted|stressed|emphasi[sz]ed|disclosed|revealed|announced|declared|"
    r"testified|commented|responded|replied|acknowledged|admitted|conceded|insisted|argued)\b"
    # "according to Libya's eastern government's interior ministry, at least 5,300 ..."
    rf"|\b(?:according\s+to|as\s+per)\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,4}}?{_OFFICIAL_ROLE}\b",
    re.IGNORECASE,
)
# Officials of no named body: "officials said", "US officials said", "senior American officials
# told". Not "Pentagon officials" or "ODSB officials": their body speaks through them.
# Words before "officials" that name no body ("senior officials", "law enforcement officials"):
# read by _UNNAMED_OFFICIALS below and by `_unnamed_body` ("according to ... officials").
_OFFICIALS_OF_NO_BODY = (
    "senior top local federal state government administration other several some two three "
    "military security intelligence health"
).split()
_UNNAMED_OFFICIALS = re.compile(
    r"(?:^|[,;:]\s+|\b(?:and|but|that|while)\s+)(?:the\s+)?(?:(?:U\.?S\.?|UK|American|British|"
    rf"Western|{'|'.join(_OFFICIALS_OF_NO_BODY)}|defen[cs]e|law\s+enforcement|"
    # a nationality's ("Turkish officials", "Iranian officials", "Israeli officials")
    r"(?-i:[A-Z][a-z]+(?:ish|ian|ese|an|i|ch)))\s+){0,3}officials\s+"
    r"(?:\w+\s+){0,2}?(?:said|say|says|told|tell|believe|believed|think|thought|estimated?|suggested)\b",
    re.IGNORECASE,
)
_PLATFORM = (
    r"(?:X|Twitter|Facebook|Instagram|Telegram|LinkedIn|Threads|Bluesky|Truth\s+Social|Weibo)\b"
)
_SPEECH = (
    # "states" is a verb before what is stated ("X states that", "states:"), not in "European
    # states to continue"
    r"(said|says|told|tells|stated|states(?=\s*[,:“\"«]|\s+that\b)|wrote|writes|confirmed|"
    r"confirms|denied|denies|added|"
    r"explained|recalled|testified|insisted|insists|argued|argues|declared|announced|shouted|"
    r"acknowledged|admitted|conceded|concedes|disclosed|discloses|revealed|tweeted|accused|accuses|apologi[sz]ed|warned|responded|made\s+the\s+announcement|"
    # what one calls a thing, in quotation marks ("described the shooting as a “terrorist act”")
    r"described(?=\s+(?:[\w’'-]+\s+){1,6}?as\s+(?:an?\s+|the\s+)?[\"“«‘])|"
    r"expressed\s+(?:his|her|their|its)\s+(?:\w+\s+)?(?:gratitude|regret|concern|condolences|thanks)|"
    # a post of one's own: "shared on X that", "wrote on Facebook"
    rf"(?:posted|shared|wrote)\s+(?:[\w’']+\s+){{0,3}}?on\s+{_PLATFORM}|replied|stressed|emphasi[sz]ed|noted|clarified|"
    r"asserted|maintained|reiterated|underlined|pointed\s+out|commented|claimed\s+responsibility|"
    # es, fr, it, de, pt
    r"dijo|afirm[óo]|asegur[óo]|declar[óo]|explic[óo]|confirm[óo]|neg[óo]|"
    r"ha\s+(?:dicho|afirmado|asegurado|declarado|explicado|confirmado|negado)|"
    r"a\s+(?:d[ée]clar[ée]|affirm[ée]|confirm[ée]|expliqu[ée]|d[ée]menti|annonc[ée]|dit)|d[ée]clare|affirme|"
    r"ha\s+(?:detto|dichiarato|affermato|confermato|spiegato|smentito|annunciato)|"
    r"sagte|erklärte|bestätigte|betonte|dementierte|disse|afirmou|declarou|confirmou|negou)"
)
_STATEMENT = (
    r"(?:issued|released|posted|published|put\s+out)\s+(?:a|an|its|his|her|their)\s+"
    r"(?:\w+\s+){0,2}(?:statement|response|denial|rebuttal|apology)\b"
)
# Capitals of the Latin alphabets of the coverage and of Cyrillic ("Strzępka", "Łukasz", "Песков").
_UP = "A-ZÀ-ÖØ-ÞĄĆČĎĘĚŁŃŇŘŚŠŤŮŹŻŽĐŐŰİĞА-ЯЀ-ЏҐĂȘȚŞŢΑ-ΩΆΈΉΊΌΎΏ"
# A body's short name in brackets after its full one: "(NTSB)", "(ENTSO-E)", "(AAIB)".
_SHORT_NAME = r"[A-Z][A-Z0-9&-]{1,11}"
# (a name's particles: "Ursula von der Leyen", "Luiz Inácio Lula da Silva", "Gregorio De Falco";
# not "des" nor "das", German articles before a noun: "der Vorsitzende des Unternehmens")
_NAME = (
    rf"[{_UP}][\w’'.-]+(?:\s+(?:(?:de|du|di|do|dos|della|van|von|al|bin|da|del|la|le|ter|ten|"
    rf"of|of\s+the|van\s+der|van\s+den|von\s+der|de\s+la)\s+)?[{_UP}][\w’'.-]+"
    # ... and the Arabic article joined to the name: "Khalil al-Hayya", "Abdel Fattah el-Sisi"
    rf"|\s+(?:al|el|ad|ar|as|ash|at|az|an|ul|ud)-[\w’'.-]+){{0,4}}"
)
_PERSON = _NAME.replace("{0,4}", "{1,4}")  # two words or more: a first name and a surname
# "Oleg Kalugin, a former KGB general, told ...", "Peskov said", "said Oleg Kalugin"
# "..., stated that Morocco is ...": after "that" comes what was said, not who said it.
_THAT = r"(?:that|que|qu['’]|dass|che|że|что|що|dat)\b"
_ACCORDING = re.compile(
    rf"\b(?:[Aa]ccording\s+to|[Aa]s\s+per)\s+(?P<who>{_NAME})(?<![’']s)(?![\w’'.-])"
    r"(?P<role>,\s+(?:an?\s+|the\s+|his\s+|her\s+|its\s+|their\s+)?(?:[a-z-]+\s+){0,2}"
    r"(?:spokes(?:man|woman|person)|minister|head|chief|director|president|chair(?:man|woman)?|ceo|"
    r"founder|official|commander|governor|mayor|professor|expert|analyst|lawyer|attorney|"
    r"prosecutor|member|leader|secretary|manager|engineer|doctor|survivor|witness|owner)\b)?"
)
# The last word of a name that is a body, not a person ("Ukrainian Intelligence", "Emergency
# Service"): bodies speak through the office patterns.
_BODY_WORDS = frozenset(
    """intelligence agency service services ministry department office news times post agency
    institute university council committee command forces army police group company bank court
    network channel radio television tv press media club union association foundation board""".split()
)


def _person_cited(m: re.Match[str]) -> bool:
    """Whether an "according to" match names a person: with a role in apposition ("Osama Aly, a
    spokeswoman"), or as two or three capitalised words that end in no body's word."""
    if m.group("role"):
        return True
    words = m.group("who").split()
    return (
        2 <= len(words) <= 3
        and not any(w.isupper() for w in words)
        and words[-1].lower() not in _BODY_WORDS
    )


_ACCORDING_OFFICE = re.compile(r"(?:according\s+to|as\s+per)\s+(?:the\s+|an?\s+)?", re.IGNORECASE)
_CITED_STATEMENT = re.compile(
    rf"\bciting\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:statement|release|announcement|briefing)\s+"
    rf"(?:from|by|of)\s+(?:the\s+)?(?P<who>{_NAME})"
)
# A place after a preposition is where something was said, not who said it ("wie die Sprecherin
# am Montag in Washington bestätigte", "w Warszawie powiedział").
_NOT_AFTER_PLACE = "".join(
    rf"(?<!\b{p}\s)" for p in "in In im Im aus Aus nach Nach bei Bei uit Uit w W v V ve Ve".split()
) + "".join(
    rf"(?<!\b{p}\s)" for p in ("gegenüber dem", "gegenüber der", "Gegenüber dem", "Gegenüber der")
)
# ... and a name starts at the start of a word; a capital first, so that the lookbehinds are
# tried only where a name can start
_NOT_AFTER_PLACE = rf"(?=[{_UP}])(?<![\w’'.-])" + _NOT_AFTER_PLACE
# Between a name and its verb: an auxiliary and an adverb or two ("Duda has since said",
# "Kyslytsya also said", "the ministry has previously denied").
_AUX = (
    # (the day between the name and the verb: "Ann Lee on Monday said")
    r"(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+)?"
    r"(?:(?:has|have|had)\s+)?(?:(?:also|since|again|earlier|previously|now|later|then|too|"
    r"further|separately|subsequently|already|\w+ly)\s+){0,2}"
)
# The sentence's subject, named first, then what they did and "and said:" with the quotation
# ("One of them, Shir Yahav, 26, was in a shop when it happened and said: “...”"); a short phrase
# may come before the name ("One of them,")
_SUBJECT_FIRST = (
    r"^(?:[^,.;:!?\"“”«»„]{0,25},\s+)?(?P<who>" + _PERSON + r")[^.;:!?\"“”«»„]{3,160}?\s"
)
_QUOTE_NEXT = r"(?:\s+\w+){0,2}\s*(?::|,?\s*[\"“«„])"
_SPEAKER = (
    # "Finnish police chief investigator, Sami Paila, said ...": the name in apposition first
    re.compile(rf",\s+(?P<who>{_NAME}),\s+{_AUX}{_SPEECH}\b"),
    re.compile(rf"{_SUBJECT_FIRST}(?:and|but)\s+(?:then\s+|later\s+)?{_SPEECH}{_QUOTE_NEXT}"),
    # "Pentagon spokesman Lt. Col. Garron Garn, told ...": a spokesperson's name, then a comma
    re.compile(
        rf"\bspokes(?:person|man|woman)\s+(?:[^,]{{0,40}}?\s)?(?P<who>{_NAME}),\s+(?:\w+ly\s+)?{_SPEECH}\b"
    ),
    _NAME_SAID := re.compile(
        # (an apposition, or an age and one more: "Lidia Zubova, 67, a retired teacher, told")
        rf"{_NOT_AFTER_PLACE}(?P<who>{_NAME})(?:,\s+\d{{1,3}}(?:,\s+[^,”\"»«“]{{2,90}})?,|"
        rf",\s+[^,”\"»«“]{{2,90}},)?\s+{_AUX}{_SPEECH}\b"
    ),
    # "said Czech police president Martin Vondrasek": a nationality, the office, then the name
    re.compile(
        rf"[,”\"]\s*(?!told\b|tells\b){_SPEECH}\s+[A-Z][a-z]+\s+(?P<between>(?:[a-z]+\s+){{1,3}})(?P<who>{_NAME})"
    ),
    # ('", said Anna Berg'; not ", told Reuters", which names who heard it)
    re.compile(rf"[,”\"]\s*(?!told\b|tells\b){_SPEECH}\s+(?P<who>{_NAME})"),
    # ", erklärte nun die WADA", ", a déclaré mardi le ministère": a few words between (not after
    # "told": ", told the New York Post" names who heard it)
    re.compile(
        rf"[,”\"]\s*(?!told\b|tells\b){_SPEECH}\s+(?!{_THAT})(?P<between>(?:[a-zäöüßàâçéèêëîïôûùáíóúñì]+\s+){{1,3}})(?P<who>{_NAME})"
    ),
    # '", said the cadet, Yevhen Plachinta': who the speaker is, then the name in apposition
    re.compile(
        rf"[,”\"]\s*(?!told\b|tells\b){_SPEECH}\s+the\s+(?!(?:[a-z-]+\s+){{0,2}}?(?:newspaper|paper|"
        rf"daily|outlet|broadcaster|channel|agency|website|magazine|tabloid)\b)"
        rf"(?:[a-z-]+\s+){{0,2}}?[a-z-]+,\s+"
        rf"(?:(?:Private|Pte\.|Sgt\.|Cpl\.|Dr\.|Mr\.|Ms\.|Mrs\.|Lt\.|Col\.|Capt\.)\s+)?"
        rf"(?P<who>{_PERSON})(?=\s*[,.;]|\s*$)"
    ),
    re.compile(rf"\b(?:{_SPEECH})\s+(?P<who>{_NAME})\s+(?:in\s+an?\s+)?(?:statement|interview)"),
    re.compile(
        rf"\bin\s+an?\s+(?:\w+\s+)?(?:interview|statement|letter)\s+(?:with|to|from)\s+[^,]{{2,40}},\s+(?P<who>{_NAME})"
    ),
    # "SpaceX issued a statement on social media", "the ministry released a short response"
    re.compile(rf"(?P<who>{_NAME})(?:,\s+[^,”\"»«“]{{3,90}},)?\s+{_STATEMENT}"),
    # "The National Transportation Safety Board (NTSB) said": the body's short name speaks
    re.compile(rf"\((?P<who>{_SHORT_NAME})\)\s+(?:\w+ly\s+)?{_SPEECH}\b"),
    # "TASS reported ..., citing a statement from the Russian Ministry of Defense": the agency
    # relays, the body whose statement it cites speaks
    _CITED_STATEMENT,
    # "as per Osama Aly, a spokeswoman for the Ambulance Service", "according to Othman Abduljalil"
    # (a person: see _person_cited; "according to Tasnim", "according to KIRO" name outlets)
    _ACCORDING,
)
_SPEECH_RE = re.compile(rf"\b{_SPEECH}\b|\b{_STATEMENT}")
# People in numbers, not named: "Residents said", "Örtliche Beamte erklärten" (a group's adjective
# first: "Local officials"); and spans of time ("Wenige Stunden zuvor hatte")
_GROUPS = frozenset(
    """
    Residents Witnesses Eyewitnesses Authorities Investigators Doctors Paramedics Medics Rescuers
    Neighbours Neighbors Survivors Relatives Families Parents Students Locals Protesters Activists
    Analysts Observers Soldiers Troops Officers Detectives Prosecutors Lawyers Scientists
    Researchers Passengers Villagers Workers Employees Staff People Americans Russians Ukrainians
    Israelis Palestinians Rosjanie Ukraińcy Amerykanie Mieszkańcy Świadkowie Anwohner Zeugen
    Augenzeugen Einwohner Behörden Ermittler Retter Helfer Vecinos Testigos Residentes Habitants
    Témoins Riverains Residenti Testimoni Abitanti Moradores Testemunhas Жители Очевидцы
    Свидетели Власти Eltern Schüler Schülerinnen Lehrer Lehrerin Lehrerinnen Nachbarn Passanten
    Experten Kritiker Angehörige Überlebende Besucher Fans Medien Berichten Berichte Beamte
    Polizisten Ärzte Politiker Opfer Teilnehmer Mitarbeiter Mitarbeitende Bewohner
    Regierungsstellen Regierungskreise Sicherheitskreise Justizkreise Behördenkreise Ermittlerkreise
    Polizeikreise Parteikreise Diplomatenkreise Kreise Quellen Stellen Insider Sicherheitsbehörden
    Parents Élèves Voisins Proches Padres Familiares Genitori Vicini Pais Vizinhos
    Officials Offizielle Behördenvertreter Regierungsvertreter Stunden Minuten Tage Wochen
    Mężczyzna Kobieta Świadek Mieszkaniec Mieszkanka Sąsiad Sąsiadka Człowiek Homme Femme Témoin
    Habitant Habitante Hombre Mujer Testigo Vecino Vecina Uomo Donna Testimone Homem Mulher
    Testemunha Мужчина Женщина Свидетель Очевидец Житель Жительница Чоловік Жінка Свідок
    Monate Jahre Opposition Opozycja Oposición Opposizione Oppositie Opposição Opoziția
    Оппозиция Опозиція
    Svedkovia Svedok Svědci Svědek Očití Očitý Očitá Naoczni Obyvatelia Obyvatelé Miestni Místní
    Záchranári Záchranáři Vyšetrovatelia Vyšetřovatelé Úrady Úřady Ratownicy Śledczy Władze
    Lekarze Очевидци Свидетелите Свідки Очевидці Мешканці Спасатели Рятувальники Следователи
    Слідчі Медики Врачи Лекари Спасители Liecinieki Iedzīvotāji Getuigen Ooggetuigen Omwonenden
    Bewoners Hulpverleners Onderzoekers Soccorritori Inquirenti Investigatori Rescatistas
    Socorristas Investigadores Secouristes Enquêteurs Médecins""".split()
)
_NOT_A_NAME = (
    frozenset(
        """The A An He She It They We I This That These Those But And In On At For His Her Their Its
    There Then However Meanwhile Also After Before When While According Since Despite Although As
    If Some Many Most One Two Mr Mrs Ms Dr Sir Today Yesterday Monday Tuesday Wednesday Thursday
    Friday Saturday Sunday Earlier Later Last Next Officials Police Sources Critics Experts
    Another Others Both Each Several Someone Everyone Nobody
    La Le Les El Los Las Il Lo Gli Der Die Das Ein Eine Os As Un Una Une Auch Doch Aber Mais
    Pero Ma Lt Col Gen Maj Capt Sgt Adm Cmdr Rev Prof Elle Il Ils Elles On Er Sie Es Ella Lui Lei
    Ele Ela We Na Po To Ten Ta Jak Nie Czy Pan Pani Ale Oraz Także Również Он Она Они Оно Это Как
    Не Но На По При Также Однако Він Вона Вони Це Як Але Також Однак При Het Een Hij Zij Ze Den
    Det En Et Han Hun De
    Об Про Этом Этого Так Там Его Ее Её Их Ранее Позже Сейчас Теперь Вчера Сегодня После Для
    От Из За В И А С К У О Что Кто Где Когда Раніше Після Від Із З І Його Її Їх Вчора Сьогодні
    Тоді Зараз Що Хто Коли Де Цього Цьому Этому O W Z Do Od Za Przez Według Wcześniej Później
    Dziś Wczoraj Jego Jej Ich Tak Tam Selon Après Avant Depuis Pour Dans Sur Ce Cette Ces Cela
    Son Sa Ses Leur Leurs Nous Vous Je Nach Laut Vor Seit Für Im Am Zum Zur Dies Diese Dieser
    Sein Ihr Ihre Wir Según Tras Desde Para En Su Sus Este Esta Esto Eso Secondo Dopo Prima Per
    Nel Nella Questo Questa Suo Sua În Pe Cu Din Pentru După Acum Aceasta Acesta Ea Ei Ele Și
    Dar Ο Η Το Οι Τα Στο Στην Στη Με Για Από Και Αλλά Ενώ Όπως Εν
    Aucun Aucune Algo Nadie Nada Todo Todos Tutto Tutti Alles Niemand Nichts Personne Rien Ninguno
    Ninguna Nessuno Niente Nikt Nic Wszyscy All You Nos Weiter Weiters Poprzedni Wcześniejszy
    Außerdem Zudem Dabei Damit Danach Deshalb Daher Inzwischen Bisher Jetzt Später Zuvor Demnach
    Allerdings Trotzdem Dennoch Bereits Schon Hier Dort Wie Come Como Comme Così Assim Así
    Choć Chociaż Gdy Kiedy Jednak Gdzie Według
    Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonnabend Sonntag Aunque También Además
    Asimismo Mientras Entonces Luego Ahora Hoy Ayer Tampoco Incluso
    Des Weiteren Ferner So Zeitgleich Gleichzeitig Zugleich Dann Damals Zunächst Anschließend Mittlerweile Ebenfalls
    Ebenso Daraufhin Deswegen Darum Weiterhin Zuletzt Erst Nur Vielmehr Stattdessen Jedoch Gestern
    Heute Dazu Hierzu Darüber Dafür Dagegen Ook Daarna Eerder Toen Nu Volgens Maar Zo Daarom
    Intussen Inmiddels Bovendien Ook Dat Deze Dit
    Poprzednio Wówczas Wtedy Następnie Obecnie Tymczasem Początkowo Potem Natomiast Ponadto
    Dotychczas Niedawno Jeszcze Już Teraz Dzisiaj Oficjalnie Nieoficjalnie Ostatecznie Jednocześnie
    Równocześnie Dodatkowo Wstępnie Prawdopodobnie Najpierw Wreszcie Následně Nyní Dříve Později
    Předtím Potom Mezitím Následne Predtým Neskôr Medzitým Zároveň Již Už Dnes Včera Aiemmin
    Myöhemmin Nyt Sitten Lisäksi Myös Aikaisemmin Tänään Eilen Prethodno Ranije Kasnije Sada
    Zatim Također Danas Jučer Juče Međutim
    Mandag Tirsdag Onsdag Torsdag Fredag Lørdag Søndag Måndag Tisdag Lördag Söndag Maandag Dinsdag
    Woensdag Donderdag Vrijdag Zaterdag Zondag Poniedziałek Wtorek Środa Czwartek Piątek Sobota
    Niedziela Pondělí Úterý Středa Čtvrtek Pátek Neděle Maanantaina Tiistaina Keskiviikkona
    Torstaina Perjantaina Lauantaina Sunnuntaina Ponedjeljak Utorak Srijeda Četvrtak Petak Subota
    Nedjelja Hétfőn Kedden Szerdán Csütörtökön Pénteken Szombaton Vasárnap Lundi Mardi Mercredi
    Jeudi Vendredi Samedi Dimanche Und Oder Ursprünglich Anfangs Senere Ráno Večer Poi Eén Będą
    Sprawca Bis
    Auf Bei Beim Mit Wegen Über Unter Gegen Aus Ohne Um Trotz Während
    Morgens Vormittags Mittags Nachmittags Abends Nachts Tagsüber Vorher Nachher No Me Te Se E D.C
    Cała Cały Całe Każdy Każda Każde Wszystkie Obaj Obie Sama Sam Samo
    Anfang Mitte Ende Januar Februar März Mai Juni Juli Oktober Dezember January
    February July September October November December""".split()
    )
    | _GROUPS
)
# ---------------------------------------------------------------- the other languages of the coverage
# fr, de, es, it, pt, pl, ru, uk, nl, da. Kept apart from the English patterns above (which already
# read a few es/fr/it/de/pt verbs): each pattern here is searched only when the sentence has one of
# the words its matches need, so English sentences pay a set test, not a regex scan.


def _forms(spec: str) -> list[str]:
    """Word forms from "stem:end,end,..." items (an empty end is the bare stem), or plain words."""
    out: list[str] = []
    for item in spec.split():
        stem, _, ends = item.partition(":")
        out.extend(stem + e for e in ends.split(",")) if _ else out.append(stem)
    return out


def _alternation(forms: list[str]) -> str:
    """A regex alternation of word forms ("_" stands for a space, "~" for a few words between),
    the longer first, nested by shared first letters (_factored)."""
    parts = sorted(set(forms), key=len, reverse=True)
    return _factored([(tuple(f.partition("~")[0]), _particle_regex(f)) for f in parts])


def _factored(items: list[tuple[tuple[str, ...], str]]) -> str:
    """The alternation of `items` (a head's characters, "_" a space; then a regex), tried in their
    order, written as a tree: the items are grouped by their first letter, so at each position of
    a text the regex engine tests a few dozen first letters instead of every item.

    The same matches as the flat alternation, as grouping only reorders items that cannot both
    match at one position: items with different first letters; under a pattern that ignores case,
    "E…" and "e…" are kept apart only when no head is, ignoring case, the start of another's.
    Where an item ends, the rest stay a flat alternation in their order."""
    if len(items) == 1:
        head, rest = items[0]
        return "".join(map(_char_regex, head)) + rest
    if any(not head for head, _ in items):
        return _flat(items)
    groups: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for item in items:
        groups.setdefault(item[0][0].casefold(), []).append(item)
    alts = []
    for group in groups.values():
        cases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for head, rest in group:
            cases.setdefault(head[0], []).append((head[1:], rest))
        if len(cases) > 1 and _overlap_ignoring_case(cases):
            alts.append(_flat(group))  # ("Ministerpräsident", "minister"): in their order
            continue
        inner = [_char_regex(c) + _factored(same) for c, same in cases.items()]
        alts.append(inner[0] if len(inner) == 1 else "(?:" + "|".join(inner) + ")")
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def _flat(items: list[tuple[tuple[str, ...], str]]) -> str:
    return "(?:" + "|".join("".join(map(_char_regex, h)) + r for h, r in items) + ")"


def _overlap_ignoring_case(cases: dict[str, list[tuple[tuple[str, ...], str]]]) -> bool:
    """Whether, ignoring case, a head of one of these groups starts another group's head."""
    heads = [{"".join(h).casefold() for h, _ in group} for group in cases.values()]
    return any(
        a.startswith(b) or b.startswith(a)
        for i, mine in enumerate(heads)
        for theirs in heads[i + 1 :]
        for a in mine
        for b in theirs
    )


def _char_regex(char: str) -> str:
    return r"\s+" if char == "_" else re.escape(char)


def _particle_regex(form: str) -> str:
    # "teilte~mit": the verb, its particle a few words later (the speaker may stand between)
    particle = form.partition("~")[2]
    if not particle:
        return ""
    # a few words between; or, for a particle closing the clause (German puts it last: "teilten
    # die Staatsanwaltschaft Karlsruhe, das Polizeipräsidium und das LKA am Sonntagabend mit."),
    # up to 14
    word = r"[^\s.;:!?]+\s+"
    elided = r"(?:\w+['’])?"  # an article elided onto the particle: "un'inchiesta", "l'enquête"
    return (
        rf"(?=\s+(?:{word}){{0,6}}?{elided}{particle}\b"
        rf"|\s+(?:{word}){{7,14}}?{elided}{particle}(?=\s*[.,;:!?\"“”»]|\s*$))"
    )


def _gate(forms: list[str]) -> frozenset[str]:
    """The lower-cased \\w+ runs of the forms: every match of their alternation contains one."""
    return frozenset(w for f in forms for w in re.findall(r"[^\W_]+", f.lower()))


# Speech, confirmation and denial verbs (the speaker may stand before or after them).
_SAY_FR_PART = (
    "indiqué signalé précisé détaillé souligné ajouté expliqué affirmé assuré déclaré annoncé confirmé révélé écrit "
    "démenti nié raconté insisté reconnu martelé prévenu admis dit réagi répondu dénoncé confié "
    "témoigné poursuivi averti relevé noté observé commenté tweeté garanti avancé évoqué "
    "rectifié corrigé"
).split()
_SAY_FR_ADV = "toutefois également aussi ensuite encore notamment pourtant déjà enfin ainsi".split()
# Turkish speech verbs (the past), last in their sentence
_SAY_TR = "bildirdi söyledi açıkladı belirtti kaydetti duyurdu doğruladı yalanladı aktardı ifade_etti dedi"
_SAY_TR_RE = "|".join(v.replace("_", r"\s+") for v in _SAY_TR.split())
_SAY_WORDS = _forms(
    # fr (present; the perfect is built below)
    "indique précise détaille souligne ajoute explique affirme déclare annonce confirme "
    "dément raconte insiste reconnaît martèle prévient admet dénonce confie témoigne assure "
    "estime poursuit déplore regrette évoque "
    # de ("teilte ... mit": the particle a few words later)
    "sagte sagten sagt erklärte erklärten erklärt betonte betont bestätigte bestätigten bestätigt "
    "berichtete berichteten meint meinte meinten erzählt erzählte "
    "dementierte dementiert bestritt bestreitet versicherte unterstrich ergänzte bezeichnete "
    "bezeichneten warnte warnten bekannte~sich kündigte~an schrieb schrieben erläuterte "
    # what one calls it ("Kreml-Sprecher Dmitri Peskow nannte es einen Terroranschlag")
    "nannte_es nannten_es nannte_die_Tat nannte_den_Angriff nannte_den_Anschlag "
    # disowning ("Ein Sprecher der TTP distanzierte sich von dem Angriff")
    "distanzierte~sich distanzierten~sich "
    "schilderte äußerte~sich beteuerte beteuerten beteuert twitterte twitterten postete "
    # an office quoting someone speaks itself ("zitierte Vize-Polizeichef Sukwimol die Mutter")
    "zitierte zitierten "
    # correcting what was said before, a denial of it ("korrigierte frühere Angaben")
    "korrigierte korrigierten hat~korrigiert hatte~korrigiert haben~korrigiert "
    "corrigió corrigieron rectificó rectificaron ha_corregido ha_rectificado "
    "ha_corretto hanno_corretto ha_rettificato hanno_rettificato corrigiu retificou "
    "skorygowa:ł,ła,ło,li,ły sprostowa:ł,ła,ło,li,ły поправи:л,ла,ло,ли corrigeerde "
    "teilte~mit teilten~mit teilt~mit gab~bekannt wies~zurück räumte~ein fügte~hinzu gab~zu "
    "gaben~zu "
    # the verb last in a clause ("wie die Staatsanwaltschaft mitteilte"); "hieß es aus dem
    # Ministerium", "hieß es von der Polizei"
    "mitteilte mitteilten bekanntgab bekanntgaben einräumte hinzufügte ankündigte hieß_es heißt_es "
    "ordnete~an ordneten~an "
    # es
    # ruling out: "Red Eléctrica descarta que", "a écarté la piste", "ha escluso", "descartou"
    "descarta descartó descartaron ha_descartado écarte a_écarté exclut esclude ha_escluso "
    "descartou ha_descartat "
    "dijo dijeron afirmó aseguró declaró explicó confirmó confirmaron negó negaron señaló "
    "señalaron indicó indicaron precisó añadió agregó detalló informó informaron anunció reveló "
    "sostuvo expuso expusieron manifestó subrayó desmintió reconoció advirtió escribió apuntó destacó insistió "
    "relató contó comentó expresó recalcó puntualizó admitió aclaró denunció comunicó remarcó "
    "enfatizó respondió destacaron apuntaron comunicaron aclararon denunciaron "
    "pidió_disculpas pidió_perdón pidieron_disculpas pidieron_perdón tuiteó tuitearon "
    "ha_destacado ha_reconocido ha_advertido ha_admitido ha_aclarado ha_denunciado "
    "ha_comunicado ha_apuntado ha_subrayado ha_recalcado ha_relatado "
    "dice señala afirma asegura indica explica añade agrega niega informa sostiene subraya "
    # ... the present of a quotation's speaker in a feature ("demanda el silvicultor Ioannis")
    "relata lamenta advierte recuerda destaca insiste comenta aclara denuncia reclama "
    "demanda "
    "ha_dicho ha_afirmado ha_asegurado ha_declarado ha_explicado ha_confirmado ha_negado "
    "ha_señalado ha_indicado ha_precisado ha_añadido ha_informado ha_anunciado ha_desmentido "
    # it
    "ha_detto ha_dichiarato ha_affermato ha_confermato ha_spiegato ha_smentito ha_annunciato "
    "ha_precisato ha_sottolineato ha_aggiunto ha_riferito ha_comunicato ha_ammesso ha_negato "
    "ha_assicurato ha_reso_noto rende_noto rendono_noto ha_fatto_sapere fa_sapere fanno_sapere "
    "hanno_detto "
    "hanno_confermato hanno_spiegato "
    "ha_rivelato rivela ha_scritto ha_denunciato hanno_denunciato ha_twittato ha_chiarito "
    "ha_raccontato ha_replicato ha_osservato ha_evidenziato ha_rimarcato ha_riconosciuto "
    "hanno_riconosciuto hanno_ammesso "
    "ha_chiesto_scusa hanno_chiesto_scusa "
    # "ha rilasciato una dichiarazione domenica, affermando:"
    "ha_rilasciato~dichiarazione hanno_rilasciato~dichiarazione affermando dichiarando "
    "ha_commentato ha_avvertito ha_garantito ha_puntualizzato dichiarò affermò confermò spiegò "
    "conferma precisa annuncia riferisce "
    # who said it, put last: "A comunicarlo il ministro degli Esteri", "A confermarlo è stato il
    # sindaco"
    "a_dirlo a_comunicarlo a_confermarlo a_annunciarlo a_riferirlo a_spiegarlo a_rivelarlo "
    "a_renderlo_noto a_dichiararlo a_precisarlo a_sottolinearlo a_smentirlo "
    "afferma spiega sottolinea aggiunge dichiara smentisce ribadisce racconta ricorda osserva "
    "commenta denuncia lamenta "
    # pt
    "disse disseram afirmou declarou confirmou negou explicou informou anunciou acrescentou "
    "destacou garantiu ressaltou desmentiu admitiu reconheceu sublinhou revelou escreveu "
    "comunicou comunicaram esclareceu adiantou frisou contou assegurou salientou indicou referiu "
    "avisou alertou relatou apontou sustentou diz declara confirma nega pediu_desculpas "
    "afirma explica relata lembra acrescenta destaca conta "
    "pediram_desculpas "
    # pl (past: -ł, -ła, -ło, -li, -ły; present)
    "powiedzia:ł,ła,ło,li,ły oświadczy:ł,ła,ło,li,ły poinformowa:ł,ła,ło,li,ły "
    "potwierdzi:ł,ła,ło,li,ły zaprzeczy:ł,ła,ło,li,ły przekaza:ł,ła,ło,li,ły doda:ł,ła,ło,li,ły "
    "podkreśli:ł,ła,ło,li,ły wyjaśni:ł,ła,ło,li,ły zapewni:ł,ła,ło,li,ły stwierdzi:ł,ła,ło,li,ły "
    "zaznaczy:ł,ła,ło,li,ły ogłosi:ł,ła,ło,li,ły zdementowa:ł,ła,ło,li,ły przyzna:ł,ła,ło,li,ły "
    "napisa:ł,ła,ło,li,ły przeprosi:ł,ła,ło,li,ły informowa:ł,ła,ło,li,ły mówi:ł,ła,ło,li,ły "
    "zastrze:gł,gła,gło,gli,gły ostrze:gł,gła,gło,gli,gły zapowiedzia:ł,ła,ło,li,ły "
    "ujawni:ł,ła,ło,li,ły tłumaczy:ł,ła,ło,li,ły wskaza:ł,ła,ło,li,ły podkreśla:ł,ła,ło,li,ły "
    "przekonywa:ł,ła,ło,li,ły "
    "mówi mówią podkreśla zaznacza zapewnia potwierdza zaprzecza informuje przekazuje wyjaśnia "
    # ru (past: -л, -ла, -ло, -ли; present)
    "заяви:л,ла,ло,ли сказа:л,ла,ло,ли сообщи:л,ла,ло,ли подтверди:л,ла,ло,ли отмети:л,ла,ло,ли "
    "подчеркну:л,ла,ло,ли добави:л,ла,ло,ли поясни:л,ла,ло,ли рассказа:л,ла,ло,ли "
    "объяви:л,ла,ло,ли отрица:л,ла,ло,ли призна:л,ла,ло,ли уточни:л,ла,ло,ли опроверг:,ла,ло,ли "
    "написа:л,ла,ло,ли извини:лся,лась,лось,лись "
    "заявляет заявляют сообщает сообщают говорит подтверждает отрицает опровергает отмечает "
    "подчеркивает подчёркивает уточняет рассказывает вспоминает вспомина:л,ла,ли "
    # uk (past: -в, -ла, -ло, -ли; present)
    "заяви:в,ла,ло,ли сказа:в,ла,ло,ли повідоми:в,ла,ло,ли підтверди:в,ла,ло,ли "
    "зазначи:в,ла,ло,ли наголоси:в,ла,ло,ли дода:в,ла,ло,ли поясни:в,ла,ло,ли "
    "розпов:ів,іла,іло,іли оголоси:в,ла,ло,ли спростува:в,ла,ло,ли заперечи:в,ла,ло,ли "
    "уточни:в,ла,ло,ли визна:в,ла,ло,ли вибачи:вся,лася,лося,лися "
    "заявляє повідомляє каже підтверджує заперечує наголошує зазначає розповідає пригадує "
    "згадує пригада:в,ла,ли "
    # ca (the present, the periphrastic past "va dir", the perfect "ha dit")
    "diu assenyala va_dir van_dir ha_dit han_dit va_afirmar ha_afirmat va_confirmar ha_confirmat "
    "han_confirmat van_confirmar va_explicar ha_explicat va_assegurar ha_assegurat va_declarar "
    "ha_declarat va_anunciar ha_anunciat va_negar ha_negat va_indicar ha_indicat va_assenyalar "
    "ha_assenyalat ha_revelat va_revelar va_informar ha_informat ha_reconegut va_reconèixer "
    "ha_desmentit va_desmentir ha_advertit va_advertir "
    # de, the perfect: the participle closes the clause ("hatte am Donnerstag mitgeteilt")
    "hat~mitgeteilt hatte~mitgeteilt haben~mitgeteilt hatten~mitgeteilt hat~erklärt "
    "hatte~erklärt hat~bestätigt hatte~bestätigt hat~gesagt hatte~gesagt hat~betont hatte~betont "
    "hat~dementiert hatte~dementiert hat~angekündigt hatte~angekündigt schreibt "
    # a denial or an admission in the perfect ("hat jede Verantwortung ... zurückgewiesen")
    "hat~zurückgewiesen hatte~zurückgewiesen haben~zurückgewiesen hat~bestritten hatte~bestritten "
    "haben~bestritten hat~eingeräumt hatte~eingeräumt haben~eingeräumt "
    # "hat in einer Pressekonferenz vom schwersten Tag gesprochen", "hat eingestanden, dass"
    "sprach~von sprachen~von hat~gesprochen hatte~gesprochen "
    "hat~eingestanden hatte~eingestanden gestand~ein gestanden~ein warf~vor warfen~vor "
    "hat~vorgeworfen hatte~vorgeworfen bekräftigte bekräftigten hat~bekräftigt hat~gewarnt "
    # nl
    "zei zegt verklaarde verklaart bevestigde bevestigt ontkende ontkent meldde meldt benadrukte "
    "schrijft schreef stelt stelde vertelde vertelt reageerde twitterde waarschuwde erkende "
    "erkent "
    "liet~weten laat~weten aldus ontkracht ontkrachtte heeft~bevestigd heeft~ontkend gaf~toe "
    "geeft~toe heeft~toegegeven "
    "maakte~bekend maakt~bekend deelde~mee deelt~mee "
    # announced, in the perfect and the past ("heeft zijn vertrek aangekondigd", "kondigde aan")
    "heeft~aangekondigd hebben~aangekondigd kondigde~aan kondigden~aan "
    # hr, bs, sr (the perfect's participle: "rekao je", "je izjavila"); cs, sk (the past)
    "reka:o,la,li izjavi:o,la,li kaza:o,la,li potvrdi:o,la,li saopći:o,la,li saopšti:o,la,li "
    "priopći:o,la,li nave:o,la,li poruči:o,la,li istaka:o,la,li objavi:o,la,li negira:o,la,li "
    "demantova:o,la,li napisa:o,la,li "
    "řek:l,la,li uvedl:,a,i prohlási:l,la,li potvrdi:l,la,li sdělil:,a,i napsal:,a,i "
    "oznámil:,a,i poveda:l,la,li uviedol uviedla uviedli vyhlási:l,la,li "
    "dodal:,a,i doplnil:,a,i informoval:,a,i napísal:,a,i skonštatoval:,a,i "
    # sl (the perfect's participle: "je sporočila", "so dejali")
    "dejal:,a,i povedal:,a,i sporočil:,a,i potrdil:,a,i zanikal:,a,i izjavil:,a,i navedl:,a,i "
    "pojasnil:,a,i "
    # hu
    "mondta közölte nyilatkozta hangsúlyozta megerősítette cáfolta mondták közölték "
    "erősítette_meg erősítették_meg jelentette_be jelentették_be tájékoztatott tájékoztatta "
    # sv, nb (not the Swedish "sa": the Slovak and Czech reflexive "sa" is in every sentence)
    "sade säger uppger uppgav berättar berättade bekräftar bekräftade meddelar meddelade "
    "förnekar förnekade uttalade skriver skrev "
    "sier opplyser opplyste bekrefter bekreftet forteller uttalte "
    # fi
    "sanoi sanoo kertoi kertoo kertoivat vahvisti vahvistaa vahvistivat totesi toteaa kiisti "
    "tiedotti ilmoitti ilmoittaa "
    # bg; sr, mk (Cyrillic)
    "каза:,ха заяви:,ха съобщи:,ха потвърди:,ха обяви:,ха отрече:,ха посочи:,ха допълни:,ха "
    "рекао рекла изјави:о,ла,ли саопшти:о,ла,ли потврди:о,ла,ли наве:о,ла,ли каза:о,ла,ли "
    "изјави изјавија соопшти:,ја потврди:,ја "
    # da (the past, and "oplyser" of official notices: the present "siger", "afviser" also tell
    # a claim already on record in Danish, which the ledger does not match to its English form)
    "sagde oplyser oplyste udtalte bekræftede afviste understregede fortalte forklarede fortæller "
    # ro (the perfect: "a declarat", "au anunțat"; the present)
    "a_declarat au_declarat a_spus au_spus a_afirmat au_afirmat a_anunțat au_anunțat a_confirmat "
    "au_confirmat a_transmis au_transmis a_precizat au_precizat a_explicat a_negat au_negat "
    "a_dezmințit a_subliniat a_adăugat a_comunicat au_comunicat a_criticat a_salutat a_reacționat "
    "declară afirmă anunță confirmă precizează transmite "
    # el (the aorist, singular and plural)
    "δήλωσε δήλωσαν είπε είπαν ανέφερε ανέφεραν επιβεβαίωσε επιβεβαίωσαν διέψευσε διέψευσαν "
    "ανακοίνωσε ανακοίνωσαν τόνισε τόνισαν υπογράμμισε εξήγησε πρόσθεσε παραδέχθηκε ομολόγησε "
    "δηλώνει αναφέρει επιβεβαιώνει λέει λένε σημείωσε επεσήμανε ξεκαθάρισε υποστήριξε "
    "γνωστοποίησε "
    # et (the past, singular and plural)
    "ütles ütlesid teatas teatasid kinnitas kinnitasid märkis märkisid lisas rõhutas "
    "selgitas eitas " + _SAY_TR + " "
    # tr (the verb last: "Süleyman Soylu, ... bildirdi."; _NAME_FIRST_VERB_LAST)
    # id, ms ("kata Nurcahyo Utomo", "ujar juru bicara")
    "kata katanya ujar ujarnya tutur ungkap mengatakan menyatakan menjelaskan menegaskan "
    "membenarkan membantah mengonfirmasi menyebutkan "
    # an office opening an investigation: an act on record ("le parquet a ouvert une enquête")
    "a_ouvert~enquête ont_ouvert~enquête ouvre~enquête leitete~Ermittlungen leiteten~Ermittlungen "
    "Ermittlungen~eingeleitet Ermittlungsverfahren~eingeleitet leitete~Ermittlungsverfahren "
    "leiteten~Ermittlungsverfahren Ermittlungen~aufgenommen nahm~Ermittlungen nahmen~Ermittlungen "
    "abrió~investigación abrieron~investigación "
    # ... or appointing its experts ("il procuratore ha nominato due consulenti")
    "ha_nominato~consulenti ha_nominato~periti ha_nominato~consulente ha_nominato~perito "
    "ha_avviato~perizie hanno_avviato~perizie ha_disposto~perizie hanno_disposto~perizie "
    "ha_formalizzato~nomina ha_incaricato~esperti ha_incaricato~consulenti ha_incaricato~periti "
    "ha_abierto~investigación ha_aperto~inchiesta ha_aperto~indagine hanno_aperto~inchiesta "
    "ha_aperto~fascicolo hanno_aperto~fascicolo ha_avviato~inchiesta ha_avviato~indagine "
    "abriu~investigação abriu~inquérito wszczęła~śledztwo wszczął~śledztwo wszczęła~postępowanie "
    "wszczęli~śledztwo возбудил~дело возбудило~дело возбудили~дело возбудила~дело "
    "организовал~проверку организовало~проверку организовали~проверку начал~проверку "
    "начало~проверку начали~проверку відкрили~провадження відкрила~провадження "
    "відкрило~провадження a_deschis~anchetă au_deschis~anchetă a_deschis~dosar au_deschis~dosar"
)
_SAY_FR = (
    r"(?:a|ont)(?:-t-(?:il|elle|on|ils|elles))?\s+(?:(?:"
    + "|".join(_SAY_FR_ADV)
    + r"|de\s+son\s+côté|de\s+leur\s+côté|pour\s+sa\s+part|pour\s+leur\s+part)\s+)?(?:"
    + "|".join(_SAY_FR_PART)
    + r"|fait\s+savoir)"
)
_SPEECH_OTHER = rf"(?:{_SAY_FR}|{_alternation(_SAY_WORDS)})"
# Every _SPEECH_OTHER match contains one of these: the French participles, or a verb's own word.
_SPEECH_OTHER_RE = re.compile(rf"\b{_SPEECH_OTHER}\b", re.IGNORECASE)
_SPEECH_OTHER_GATE = (
    (
        _gate(_SAY_WORDS)
        - {
            "mit",
            "bekannt",
            "zurück",
            "ein",
            "hinzu",
            "weten",
            "ha",
            "hanno",
            "sich",
            "an",
            "a",
            "au",
        }
    )
    | _gate([*_SAY_FR_PART, "savoir"])
    | frozenset(
        "laut gemäß según segons selon après secondo segundo według согласно данным словам даними "
        "словами volgens ifølge zufolge potrivit conform conforme σύμφωνα enligt podľa podle prema "
        "према според aussage aussagen angaben worten mukaan reso".split()
    )
)
_DENIAL_OTHER = re.compile(
    r"d[ée]ment|d[ée]menti|\bnié|neg[óo]|negaron|negou|ha\s+negato|smenti|desmenti|"
    r"dementi|bestr|wies|zaprzecz|zdementow|опроверг|отрица|спростув|заперечи|ontken|afvis|afvist|"
    r"descart|écart|exclu|esclu",
    re.IGNORECASE,
)

# Offices and bodies (their declined forms) that speak officially.
_ROLE_OTHER_FORMS = _forms(
    # fr
    "procureur procureure procureurs ministre ministres préfet préfète préfecture gendarmerie "
    "secrétaire_d'État "
    "police parquet élysée matignon président présidente maire mairie porte-parole gouvernement "
    "tribunal juge enquêteurs pompiers armée état-major ambassade ministère palais "
    "gouverneur gouverneure "
    # a hospital, a company or an operator speaking for itself (its patient, its site)
    "hôpital établissement entreprise société compagnie exploitant "
    # de
    "Ministerium Ministerin Minister Polizei Sprecher Sprecherin Bürgermeisterin Staatsanwaltschaft Regierung "
    "Bundesregierung Behörde Behörden Präsident Präsidentin Kanzler Kanzlerin Bürgermeister "
    "Außenministerium Verteidigungsministerium Innenministerium Auswärtige_Amt Armee Militär "
    "Feuerwehr Gericht Kreml Regierungssprecher Polizeisprecher Ministerpräsident "
    "Bundesrat Oberstaatsanwalt Oberstaatsanwältin Staatsanwältin Innensenator Innensenatorin "
    "Ermittlungsleiter Ermittlungsleiterin Leiter Leiterin Kantonspolizei Landespolizeidirektion "
    "Ministerpräsidentin Bundeskanzler Bundeskanzlerin Innenminister Innenministerin "
    "Regierungschef Regierungschefin Premierminister Premierministerin Staatschef Staatschefin "
    "Oberbürgermeister Oberbürgermeisterin Bundeskriminalamt Bundeskriminalamts BKA LKA Palast "
    "Landeskriminalamt Polizeiinspektion Polizeipräsidium Generalbundesanwalt "
    "Bundesanwaltschaft Ermittler Geheimdienst Inlandsgeheimdienst Nachrichtendienst Rettungsdienst "
    "Rettungsdienste Nationalgarde Verfassungsschutz Generalstaatsanwaltschaft Generalstaatsanwalt "
    "Staatsanwalt Luftfahrtbehörde Stadtverwaltung Landesregierung Polizeivertreter "
    "Polizeivertreterin Regierungsvertreter Regierungsvertreterin Behördenvertreter "
    "Konzern Konglomerat Unternehmen Firma Betreiber Reederei Werft Fluggesellschaft "
    "Aufsicht Finanzaufsicht Bankenaufsicht Aufsichtsbehörde Gouverneur Gouverneurin "
    "Behördenchef Behördenchefin Behördenleiter Behördenleiterin "
    # the UN and its missions ("erklärte die Unama-Mission", "nach Angaben der UN-Hilfsmission")
    "UNO UN-Mission UN-Hilfsmission Unama-Mission Vereinten_Nationen "
    # es
    "ministerio ministro ministra gobierno policía portavoz fiscalía fiscal juez jueza presidente "
    "presidenta alcalde alcaldesa ayuntamiento ejército guardia_civil bomberos embajada cancillería "
    "gobernador gobernadora "
    # the heads of a state's or a country's departments ("el secretario de Seguridad")
    "secretario secretaria "
    "consejera consejero conselleria consellera conseller subdirección delegación servicio_secreto "
    "servicios_de_inteligencia servicios_de_emergencia Comité_de_Investigación Guardia_Nacional "
    # it
    "ministero ministro governo polizia portavoce procura procuratore procuratrice tribunale "
    "giudice sindaco sindaca primo_cittadino prima_cittadina carabinieri prefettura prefetto "
    "questura vigili_del_fuoco esercito "
    "ambasciata farnesina viminale protezione_civile ospedale azienda società compagnia "
    "governatore vicegovernatore "
    # pt
    "ministério procuradoria procurador juiz prefeito prefeita exército bombeiros embaixada "
    "porta-voz polícia governo Eliseu hospital empresa companhia secretário secretária "
    "governador governadora "
    # pl
    "rzecznik:,a,iem,owi rzeczniczk:a,i,ą minist:er,ra,rem,erstwo,erstwa,erstwem "
    "MSZ MON MSWiA MSWiA polic:ja,ji,ję prokurat:ura,ury,or,ora,orzy rząd:,u premier:,a "
    "prezydent:,a,em wojewod:a,y straż:,y wojsk:o,a sztab:,u dowództw:o,a kancelari:a,i "
    "ambasad:a,y sąd:,u gubernator:,a "
    # ru
    "министерств:о,а,у,ом,е министр:,а,у,ом,е,ы,ов МИД:,а,е,ом МВД МЧС Минобороны Минздрав:,а "
    "Кремл:ь,я,е,ём,ем пресс-секретар:ь,я,ю,ём,ем представител:ь,я,ем,и,ей "
    "правительств:о,а,у,ом,е полици:я,и,ю,ей прокуратур:а,ы,у,ой,е прокурор:,а,у,ом "
    "президент:,а,у,ом,е губернатор:,а,у,ом мэр:,а,ом,ия,ии ведомств:о,а,е,ом суд:,а,е,ом "
    "арми:я,и генштаб:,а,е посольств:о,а,е,ом пресс-служб:а,ы,е,ой ФСБ СК СКР Следственн:ый,ого,ым "
    "Росгвардия:,и Росавиаци:я,и спецслужб:а,ы,ой "
    # uk
    "міністерств:о,а,і,ом,у міністр:,а,ові,ом,и МЗС МВС ДСНС ЗСУ СБУ прокуратур:а,и,і,ою,у "
    "прокурор:,а,ом уряд:,у,ом,і поліці:я,ї,ю,єю президент:,а,ові,ом,і речник:,а,ом,ові "
    "речниц:я,і,ею прес-секретар:,я,ем офіс:,у,і генштаб:,у,і посольств:о,а,і "
    "товариств:о,а,і,ом керівник:,а,ом голов:а,и мер:,а,ія,ії "
    # ca
    "portaveu jutge jutgessa alcaldessa Generalitat govern ministeri fiscalia Mossos policia "
    "president presidenta conseller consellera "
    # nl
    "ministerie politie woordvoerder woordvoerster regering kabinet burgemeester justitie "
    "rechtbank leger defensie openbaar_aanklager aanklager procureur parket premier minister "
    "Openbaar_Ministerie officier_van_justitie brandweer marechaussee "
    # da
    "ministeriet ministeren politiet politi talsmand talskvinde regeringen statsminister "
    "statsministeren premierminister præsident præsidenten borgmester anklagemyndigheden "
    "forsvarsministeriet udenrigsministeriet forsvaret hæren dommer dommeren retten byretten "
    "anklager anklageren senioranklager senioranklageren politiinspektør politiinspektøren "
    "chefpolitiinspektør vicepolitiinspektør "
    # ro
    "premierul premierului ministrul ministrului ministerul ministerului președintele "
    "președintelui procurorii procurorul procurorilor parchetul parchetului poliția poliției "
    "guvernul guvernului purtătorul curtea curții CCR DIICOT DNA SRI CSAT BEC anchetatorii "
    "anchetatorilor instanța jandarmeria IGSU "
    # el
    "υπουργός υπουργού υπουργείο υπουργείου κυβέρνηση κυβέρνησης εκπρόσωπος αστυνομία "
    "αστυνομίας ΕΛΑΣ εισαγγελέας εισαγγελέα εισαγγελία πρωθυπουργός πρωθυπουργού ΟΣΕ "
    "πυροσβεστική δικαστήριο ανακριτής ανακριτή "
    # hr, bs, sr; cs, sk
    "predsjedni:k,ka,ca premijer:,ka ministar ministrica glasnogovorni:k,ca načelnik "
    "gradonačelni:k,ca tužitelj:,ica tužilaštvo vlada policija "
    "prezident:,ka ministr:,yně mluvčí premiér starost:a,ka policie vláda hovorca polícia "
    "prokurátor:,a,ka minister:,ka,stvo státní_zástupce "
    "policija tožilstvo tožilec tožilka predsednik:,ica vlada župan:,ja,ja ministr:ica "
    # sv, nb, fi
    "polisen polischef:,en polismyndigheten åklagare:,n regeringen statsminister:,n "
    "minister:n justitieminister:n inrikesminister:n talesperson:en presstalesperson:en "
    "myndigheten kommunen räddningstjänsten "
    "politiet politimester:en politiadvokat:en regjeringen aktor:en "
    "poliisi poliisin poliisilaitos poliisilaitoksen pääministeri ministeri syyttäjä "
    "tutkinnanjohtaja tutkinnanjohtajan rikoskomisario rikosylikomisario "
    # bg; sr, mk (Cyrillic)
    "полиция:та МВР министър:,ът премиер:,ът говорител:,ят прокуратура:та прокурор:,ът "
    "президент:,ът полиција министар:,ка тужилаштво:,а премијер:,ка председник:,ца "
    "Влада:та портпарол:,от "
    # hu
    "ügyészség ügyészségi főügyészség rendőrség kormány kormányszóvivő szóvivő szóvivője "
    "minisztérium miniszter belügyminiszter külügyminiszter polgármester"
)
# ... and the German genitive of the masculine and neuter ones ("nach Angaben des
# Generalstaatsanwalts", "ein Sprecher des Bundeskriminalamts")
_ROLE_OTHER_FORMS += (
    "Generalstaatsanwalts Generalbundesanwalts Staatsanwalts Oberstaatsanwalts Ministers "
    "Innenministers Bürgermeisters Oberbürgermeisters Kanzlers Bundeskanzlers Regierungschefs "
    "Staatschefs Ministerpräsidenten Präsidenten Kremls Gerichts Militärs Geheimdiensts "
    "Geheimdienstes Rettungsdiensts Rettungsdienstes Bundeskriminalamts Landeskriminalamts "
    "Polizeipräsidiums Ermittlungsleiters Konzerns Unternehmens Betreibers"
).split()
# German and Dutch join an office to its field in one word: "Marinesprecher",
# "Gesundheitsministerium", "Verkehrsminister", "Rettungsbehörde", "legerwoordvoerder".
_ROLE_COMPOUND_ENDS = tuple(
    """sprecher sprecherin ministerium ministeriums minister ministerin behörde behörden polizei
    staatsanwaltschaft woordvoerder woordvoerster ministerie chef chefin""".split()
)
_ROLE_COMPOUND = rf"(?!laut|behörde)[^\W\d_]{{3,}}?(?:{'|'.join(sorted(_ROLE_COMPOUND_ENDS, key=len, reverse=True))})"
_ROLE_OTHER = f"{_alternation(_ROLE_OTHER_FORMS)}|{_ROLE_COMPOUND}"
# An office's one word before the name it is of ("Ministar Ivan Horvat", "Ministerin Jana Voss")
_ROLE_WORDS = frozenset(f.lower() for f in _ROLE_OTHER_FORMS if "_" not in f and "~" not in f)
_ROLE_OTHER_GATE = _gate(_ROLE_OTHER_FORMS)


def _role_other_gate(ws: frozenset[str]) -> bool:
    """Whether a sentence's words may hold an office of _ROLE_OTHER: one of its forms, or a
    compound ending like one ("Marinesprecher")."""
    return not _ROLE_OTHER_GATE.isdisjoint(ws) or any(
        len(w) > 6 and w.endswith(_ROLE_COMPOUND_ENDS) for w in ws
    )


_PER_OFFICE = (
    r"laut|gemäß|según|segons|selon|d['’]après|secondo(?:\s+quanto\s+\w+)?|segundo|według|"
    # "según la versión del secretario", "conforme a versão do ministro": an office's account
    r"(?:según|conforme(?:\s+a)?)\s+la\s+versión|(?:segundo|conforme)\s+a\s+versão|"
    r"согласно|по\s+данным|"
    r"по\s+словам|за\s+даними|за\s+словами|volgens|ifølge|potrivit|conform|σύμφωνα\s+με|"
    r"enligt|podľa|podle|prema|према|според|"
    # "nach Aussage von Bürgermeister Ludwig", "nach Angaben des Innenministeriums"
    r"nach\s+(?:Aussagen?|Angaben|Worten)\s+(?:von|des|der|dem)|"
    # "come reso noto dal ministro dell'Interno": made known by the office
    r"(?:come\s+)?reso\s+not[oa]\s+(?:da|dal|dalla|dai|dall['’])"
)
# "Ministerstwo potwierdziło", "teilte das Ministerium mit", "indique mardi la procureure":
# an office and a speech verb, in either order, a few words apart.
_OFFICIAL_OTHER = re.compile(
    rf"\b(?P<role>{_ROLE_OTHER})\b[^.;:!?]{{0,80}}?\b(?P<verb>{_SPEECH_OTHER})\b"
    rf"|\b(?P<verb2>{_SPEECH_OTHER})\s+(?:(?!{_THAT})[^\s.;:!?]+\s+){{0,3}}?(?:[lL][’'])?(?P<role2>{_ROLE_OTHER})\b"
    # "laut Polizei", "dem Bundeskriminalamt zufolge", "según la Guardia Civil", "selon le
    # parquet", "по данным МЧС": what an office says, as the sentence's source
    rf"|\b(?P<verb3>{_PER_OFFICE})\s+(?:[^\s.;:!?,]+\s+){{0,2}}?(?P<role3>{_ROLE_OTHER})\b"
    # ... and in Finnish, the office in the genitive before "mukaan" ("poliisin mukaan")
    rf"|\b(?P<role4>{_ROLE_OTHER})\s+(?P<verb4>zufolge|mukaan)\b",
    re.IGNORECASE,
)

# Documents newly cited or published.
_DOC_OTHER_FORMS = _forms(
    "communiqué communiqués rapport rapports document documents procès-verbal procès-verbaux "
    "note déclaration compte_rendu liste listes "
    "Mitteilung Pressemitteilung Erklärung Bericht Berichts Abschlussbericht Untersuchungsbericht "
    "Zwischenbericht Dokument Dokumente Dokumenten Dokuments Unterlagen Akten Gutachten Protokoll "
    "Prüfung Anklageschrift Stellungnahme Ad-hoc-Mitteilung "
    "Studie Studien étude études estudio estudios studio estudo estudos badani:e,a,u "
    "исследовани:е,я,ю,ем "
    "comunicado comunicados informe informes documento documentos declaración expediente acta nota "
    "documentación correo_electrónico correos_electrónicos atestado sumario "
    "comunicato rapporto relazione documenti verbale dossier perizia perizie consulenza_tecnica "
    "peritaje peritajes informe_pericial "
    "relatório laudo boletim "
    "komunikat:,u,em raport:,u,em raporcie oświadczeni:e,a,u,em dokument:,u,y,ów sprawozdani:e,a,u "
    "заявлени:е,я,ю,ем сообщени:е,я,ю,ем доклад:,а,у,ом,е отчёт:,а,у,ом,е отчет:,а,у,ом,е "
    "документ:,а,у,ом,е,ы,ов,ам коммюнике пресс-релиз:,а,у,ом,е "
    "заяв:а,и,і,у,ою повідомлен:ня,ні,ням доповід:ь,і,дю звіт:,у,і,ом документ:і,и,ів комюніке "
    "прес-реліз:,у,і "
    "verklaring mededeling persbericht documenten reconstructie feitenrelaas "
    "rapporten meddelelse meddelelsen pressemeddelelse pressemeddelelsen erklæring erklæringen "
    "dokumenter dokumentet pressemelding pressemeldingen pressmeddelande pressmeddelandet "
    "comunicat comunicatul comunicatului raport raportul raportului documentele documentelor "
    "έκθεση έκθεσης ανακοίνωση ανακοίνωσης δικογραφία δικογραφίας πόρισμα πορίσματος πορίσματα"
)
_DOC_OTHER = _alternation(_DOC_OTHER_FORMS)
# Data and images made public, which show something ("Satellitenbilder zeigen", "les mesures
# révèlent"): a primary source as a document is.
_DATA_OTHER_FORMS = _forms(
    "Messung:,en Daten Satellitenbild:,er Satellitenaufnahme:,n données mesures images_satellites "
    "images_satellitaires datos mediciones imágenes_satelitales imágenes_de_satélite dati "
    "misurazioni immagini_satellitari dados medições imagens_de_satélite dane pomiary "
    "zdjęcia_satelitarne данные измерения спутниковые_снимки дані супутникові_знімки"
)
_DATA_OTHER = _alternation(_DATA_OTHER_FORMS)
# Footage and recordings an office released or a broadcaster aired (_DOCUMENT_OTHER).
_FOOTAGE_NOUNS = """nagrania nagranie nagraniem wideo film filmu video videos aufnahmen videoaufnahmen
    vidéo vidéos vídeo vídeos imágenes grabación filmato filmati immagini registrazione imagens
    gravação видео запись записи кадры відео запис""".split()
_RECORDING_NOUNS = """grabaciones grabación enregistrement enregistrements registrazioni
    registrazione gravações gravação Tonaufnahmen Aufzeichnungen""".split()
# An expert's or a coroner's report, cited whoever's it is (_DOCUMENT_OTHER)
_EXPERT_REPORT_NOUNS = """perizia perizie autopsia autopsie Obduktion Obduktionsbericht Gutachten
    peritaje laudo sekcji autopsji""".split()
_DOC_OTHER_GATE = (
    (
        (_gate(_DOC_OTHER_FORMS) | _gate(_DATA_OTHER_FORMS))
        - {"compte", "rendu", "procès", "пресс", "прес"}
    )
    | {
        "iniciou",
        "video",
        "vídeo",
        "vidéo",
        "entrou",
        "demanda",
        "plainte",
        "klage",
        "denuncia",
        "causa",
        "ricorso",
        "staat",
        "stond",
        "stonden",
        "hoc",
    }
    | frozenset(_FOOTAGE_NOUNS)
    | frozenset(w.lower() for w in _RECORDING_NOUNS)
    | frozenset(w.lower() for w in _EXPERT_REPORT_NOUNS)
)  # the lawsuit forms of _DOCUMENT_OTHER; footage aired or released
_DOCUMENT_OTHER = re.compile(
    # "selon le communiqué du ministère", "laut einer Mitteilung des Ministeriums", "według
    # komunikatu MSZ", "согласно заявлению МИД": the document, then whose it is
    r"\b(?:selon|d['’]après|laut|gemäß|según|segons|de\s+acuerdo\s+con|secondo|stando\s+a|segundo|"
    r"de\s+acordo\s+com|według|zgodnie\s+z|согласно|згідно\s+(?:з|із)|відповідно\s+до|volgens|"
    rf"ifølge|potrivit|conform|σύμφωνα\s+με)\s+(?:[^\s.;:,]+\s+){{0,3}}?(?:{_DOC_OTHER})(?:\s+(?=[^\W\d_])[^\s.;:,]+){{1,3}}"
    # "le ministère a publié un rapport", "опубликовало доклад"
    r"|\b(?:a\s+publié|ont\s+publié|a\s+diffusé|a\s+rendu\s+public|publie|veröffentlichte|"
    r"veröffentlichten|veröffentlicht|publicó|ha\s+publicado|difundió|divulgó|emitió|"
    r"ha\s+pubblicato|hanno\s+pubblicato|ha\s+diffuso|pubblica|publicou|divulgou|emitiu|"
    r"opublikowa(?:ł|ła|ło|li|ły)|wyda(?:ł|ła|ło|li|ły)|przedstawi(?:ł|ła|ło|li|ły)|"
    r"опубликова(?:л|ла|ло|ли)|распространи(?:л|ла|ло|ли)|обнародова(?:л|ла|ло|ли)|"
    r"опублікува(?:в|ла|ло|ли)|оприлюдни(?:в|ла|ло|ли)|publiceerde|offentliggjorde|udsendte|"
    # da, nb, sv: the perfect too ("Politiet har udsendt en pressemeddelelse")
    r"har\s+udsendt|har\s+offentliggjort|publiserte|har\s+publisert|publicerade|har\s+publicerat)"
    rf"\s+(?:[^\s.;:,]+\s+){{0,3}}?(?:{_DOC_OTHER})\b"
    # an expert's or a coroner's report, whoever's it is ("Secondo la perizia, ...", "laut dem
    # Obduktionsbericht", "según la autopsia")
    r"|\b(?:secondo|stando\s+a|según|selon|d['’]après|laut|segundo|volgens|według)\s+"
    r"(?:la|le|il|i|el|l['’]|dem|der|o|a|het|de)?\s*(?:"
    + "|".join(_EXPERT_REPORT_NOUNS)
    + r"|rapport\s+d['’]autopsie|informe\s+forense)\b"
    # "wie es in der Mitteilung heißt", "heißt es in einem Bericht", "précise le communiqué",
    # "señala el informe", "si legge nel comunicato": what a document says, quoted from it
    rf"|\b(?:wie\s+es\s+in\s+(?:der|einer|dem|einem)\s+(?:[^\s.;:,]+\s+){{0,2}}?(?:{_DOC_OTHER})\s+(?:[^\s.;:,]+\s+){{0,3}}?heißt|"
    rf"heißt\s+es\s+in\s+(?:der|einer|dem|einem)\s+(?:[^\s.;:,]+\s+){{0,2}}?(?:{_DOC_OTHER})|"
    r"(?:indique|précise|souligne|affirme|ajoute|stipule|poursuit|conclut|indica|señala|precisa|"
    r"afirma|añade|subraya|concluye|spiega|precisa|sottolinea|aggiunge|conclude|"
    rf"informa|acrescenta|conclui)\s+(?:le|la|l['’]|el|il|o|a)\s*(?:{_DOC_OTHER})|"
    rf"si\s+legge\s+(?:nel|nella|in\s+una|in\s+un)\s+(?:{_DOC_OTHER}))\b"
    # "refleja la documentación", "zeigt der Bericht", "montre le rapport": a document shows;
    # "la documentación que la Subdirección ha remitido a la jueza": handed to a court
    r"|\b(?:refleja|reflejan|recoge|recogen|revela|revelan|muestra|muestran|montre|montrent|"
    r"révèle|révèlent|zeigt|zeigen|belegt|belegen|mostra|mostrano|rivela|rivelano|pokazuje|"
    r"pokazują|показывает|показывают|свидетельствует|показує|показують)\s+"
    rf"(?:[^\s.;:,]+\s+){{0,2}}?(?:{_DOC_OTHER})\b"
    # "o relatório revela que", "der Bericht zeigt", "l'informe ha revelat": the document first
    rf"|\b(?:{_DOC_OTHER})\s+(?:[^\s.;:,]+\s+){{0,3}}?(?:revela|revelam|mostra|mostram|conclui|"
    r"concluem|aponta|apontam|zeigt|zeigen|belegt|belegen|ergab|montre|montrent|révèle|révèlent|"
    r"conclut|concluent|muestra|muestran|revelan|concluye|concluyen|rivela|rivelano|mostrano|"
    r"conclude|concludono|evidenzia|pokazuje|pokazują|wskazuje|stwierdza|ha\s+revelat|"
    r"assenyala|confirma|confirmen|indica|señala|señalan|"
    r"ha\s+revelado|ha\s+rivelato|a\s+révélé|hat\s+ergeben|conclou|constata|constate)\b"
    # "Messungen der Nasa haben ergeben", "Satellitenbilder zeigen", "les données montrent"
    rf"|\b(?:{_DATA_OTHER})\s+(?:[^\s.;:,]+\s+){{0,5}}?(?:zeigen|zeigt|ergaben|ergab|"
    r"haben\s+ergeben|hat\s+ergeben|belegen|belegt|montrent|montre|révèlent|révèle|muestran|"
    r"muestra|revelan|revela|mostrano|mostra|rivelano|rivela|mostram|mostra|revelam|pokazują|"
    r"pokazuje|показывают|показывает|показують|показує)\b"
    rf"|\b(?:{_DOC_OTHER})\s+(?:[^\s.;:,]+\s+){{0,6}}?(?:ha\s+remitido|remitió|ha\s+entregado|"
    r"entregó|ha\s+aportado|aportó|a\s+transmis|a\s+remis|übergeben|übermittelt|vorgelegt|"
    r"ha\s+trasmesso|ha\s+consegnato|przekaza(?:ł|ła|ło|li|ły)|переда(?:л|ла|ло|ли)|переда(?:в|ла|ли))\b"
    # a lawsuit filed: "iniciou o processo contra", "presentó una demanda", "reichte Klage ein"
    # "In einer persönlichen Stellungnahme begründete Braun", "teilte ad hoc mit"
    r"|\b[Ii]n\s+(?:einer|seiner|ihrer)\s+(?:\w+\s+)?(?:Stellungnahme|Mitteilung|Pressemitteilung)\b"
    r"|\bteilte\s+(?:\w+\s+)?ad\s+hoc\s+mit\b"
    # a document released: "em documento divulgado ontem", "in a document released on
    # Friday", "dans un document publié mardi"
    r"|\b(?:in|en|em|dans|nel|w)\s+(?:an?\s+|un\s+|una\s+|um\s+|uma\s+|une\s+|einem\s+)?(?:document|"
    r"documento|Dokument|dokumencie)\s+(?:released|published|made\s+public|publicado|divulgado|"
    r"difundido|publié|rendu\s+public|veröffentlicht\w*|pubblicato|reso\s+noto|opublikowan\w*)\b"
    # "in un video pubblicato sui canali ufficiali", "en un vídeo publicado por la federación"
    r"|\b(?:video|vídeo|vidéo)\s+(?:\w+\s+){0,2}?(?:pubblicat[oa]|publicad[oa]|publiée?|"
    r"veröffentlicht\w*|divulgad[oa]|diffus[oa]|diffusée?|opublikowan\w*|опубликованн\w*)\s+"
    r"(?:sui|sul|sulla|dalla|dal|da|sur|par|en|por|nos|nas|auf|von|na|przez|на)\s+"
    r"(?:[^\s.;:,]+\s+){0,3}?(?:ufficial\w*|oficial\w*|officiel\w*|offiziell\w*|federaci\w*|"
    r"federazion\w*|fédération|verband\w*|ministeri\w*|minist[eè]re|gobierno|governo|"
    r"gouvernement|regierung)\b"
    # footage aired or released: "Telewizja państwowa nadała fragment nagrania", "das
    # Staatsfernsehen zeigte ein Video", "la police a diffusé une vidéo" (not a video posted
    # or shared: anyone's, on social media)
    r"|\b(?:nadała|nadał|nadało|udostępniła|udostępnił|udostępniło|zeigte|zeigten|strahlte|"
    r"a\s+diffusé|ont\s+diffusé|emitió|difundió|ha\s+difundido|ha\s+trasmesso|ha\s+diffuso|"
    r"hanno\s+diffuso|exibiu|divulgou|показало|показали|оприлюднила|оприлюднило|оприлюднили)\s+"
    r"(?:[^\s.;:,]+\s+){0,5}?(?:" + "|".join(_FOOTAGE_NOUNS) + r")\b"
    # recordings an office published ("La policía publicó grabaciones de tres llamadas"), not a
    # video (anyone publishes one)
    r"|\b(?:publicó|publicaron|ha\s+publicado|han\s+publicado|a\s+publié|ont\s+publié|"
    r"ha\s+pubblicato|hanno\s+pubblicato|publicou|publicaram|veröffentlichte|veröffentlichten)\s+"
    r"(?:[^\s.;:,]+\s+){0,3}?(?:" + "|".join(_RECORDING_NOUNS) + r")\b"
    rf"|\b(?:staat|stond|stonden)\s+(?:ook\s+)?in\s+(?:een|het|de)\s+(?:[^\s.;:,]+\s+){{0,2}}?(?:{_DOC_OTHER})\b"
    rf"|\bin\s+(?:het|de)\s+(?:{_DOC_OTHER})\s+(?:staat|stond|stonden)\b"
    # what a document concludes, past a clause between commas: "Il rapporto della commissione,
    # pubblicato martedì, conclude che", "Der Abschlussbericht ... kommt zu dem Schluss"
    rf"|\b(?:{_DOC_OTHER})\b[^.;:!?]{{0,100}}?\b(?:kommt\s+zu\s+dem\s+Schluss|kommt\s+zum\s+"
    r"(?:Schluss|Ergebnis)|stellt\s+(?:\w+\s+)?fest|conclut|concluent|constate|constatent|"
    r"conclude|concludono|constata|constatano|concluye|concluyen|constatan|conclui|concluem|"
    r"constatam|ha\s+concluso|hanno\s+concluso|ha\s+accertato|hanno\s+accertato|concluyó|"
    r"ha\s+concluido|a\s+conclu|ont\s+conclu|kam\s+zu\s+dem\s+Schluss|"
    r"concludeert|concluderen|stelt\s+(?:\w+\s+)?vast|stwierdza|stwierdzają|konkluduje|"
    r"заключает|констатирует|делает\s+вывод|concluzionează|constată|καταλήγει|καταλήγουν|"
    r"διαπιστώνει|διαπιστώνουν)\b"
    # what emerges from a document: "uit het rapport blijkt", "aus dem Bericht geht hervor", "il
    # ressort du rapport", "dal rapporto emerge", "del informe se desprende", "z raportu wynika",
    # "из доклада следует", "в отчёте ... говорится"
    rf"|\buit\s+(?:het|de|een)\s+(?:[^\s.;:,]+\s+){{0,2}}?(?:{_DOC_OTHER})\s+"
    r"(?:[^\s.;:,]+\s+){0,3}?blijkt\b"
    rf"|\baus\s+(?:dem|der|einem|einer)\s+(?:[^\s.;:,]+\s+){{0,2}}?(?:{_DOC_OTHER})\s+"
    r"(?:[^\s.;:,]+\s+){0,3}?geht\s+(?:[^\s.;:,]+\s+){0,3}?hervor\b"
    rf"|\bressort\s+(?:du|de\s+la|de\s+l['’]|des|d['’]un|d['’]une)\s*(?:[^\s.;:,]+\s+){{0,2}}?"
    rf"(?:{_DOC_OTHER})\b"
    rf"|\b(?:dal|dalla|dai|dalle|da\s+un|da\s+una)\s+(?:[^\s.;:,]+\s+){{0,2}}?(?:{_DOC_OTHER})\s+"
    r"(?:[^\s.;:,]+\s+){0,3}?(?:emerge|emergono|risulta|risultano)\b"
    rf"|\b(?:del|de\s+la|de\s+los|de\s+un|de\s+una)\s+(?:[^\s.;:,]+\s+){{0,2}}?(?:{_DOC_OTHER})\s+"
    r"(?:[^\s.;:,]+\s+){0,3}?se\s+desprende\b"
    rf"|\bz\s+(?:[^\s.;:,]+\s+){{0,2}}?(?:{_DOC_OTHER})\s+(?:[^\s.;:,]+\s+){{0,3}}?wynika\b"
    rf"|\bиз\s+(?:[^\s.;:,]+\s+){{0,2}}?(?:{_DOC_OTHER})\s+(?:[^\s.;:,]+\s+){{0,3}}?следует\b"
    rf"|\b(?:в|у)\s+(?:[^\s.;:,]+\s+){{0,2}}?(?:{_DOC_OTHER})\b[^.;:!?]{{0,100}}?"
    r"\b(?:говорится|сказано|йдеться|говориться)\b"
    rf"|\b(?:говорится|сказано|йдеться)\s+в\s+(?:[^\s.;:,]+\s+){{0,2}}?(?:{_DOC_OTHER})\b"
    r"|\b(?:iniciou\s+(?:[^\s.;:]+\s+){0,5}?(?:o|um)\s+processo|entrou\s+com\s+(?:uma\s+)?a[çc][ãa]o|"
    r"(?:presentó|ha\s+presentado|interpuso|ha\s+interpuesto)\s+una\s+demanda|"
    r"a\s+(?:porté|déposé)\s+(?:une\s+)?plainte|reichte\s+(?:\w+\s+){0,3}Klage\s+(?:\w+\s+){0,4}ein|"
    r"hat\s+(?:\w+\s+)?Klage\s+eingereicht|ha\s+(?:presentato|depositato)\s+(?:una\s+)?"
    r"(?:denuncia|causa|ricorso)|ha\s+fatto\s+causa)\b",
    re.IGNORECASE,
)
_DOC_OTHER_RE = re.compile(rf"\b(?:{_DOC_OTHER})\b", re.IGNORECASE)
# Finer than _DOC_OTHER_GATE (which leaves out a few words, see above): each alternative of
# _DOCUMENT_OTHER has one of these words as a whole \w+ run (lower-cased): the word that says
# whose the document is ("selon", "laut", "według"), the verb that publishes, quotes or hands it
# over ("a publié", "précise le communiqué", "zeigt der Bericht", "ha remitido"), or the lawsuit's
# noun. With none of them the pattern cannot match, whatever documents the sentence names.
_DOC_OTHER_TRIGGERS = frozenset(
    _forms(
        # whose: "selon le communiqué", "d'après le rapport", "de acuerdo con el informe"
        "selon après laut gemäß según acuerdo secondo stando segundo acordo według zgodnie "
        "согласно згідно відповідно volgens ifølge potrivit conform σύμφωνα "
        # published
        "publié diffusé rendu publie veröffentlichte veröffentlichten veröffentlicht publicó "
        "publicado difundió divulgó emitió pubblicato diffuso pubblica publicou divulgou emitiu "
        "opublikowa:ł,ła,ło,li,ły wyda:ł,ła,ło,li,ły przedstawi:ł,ła,ło,li,ły "
        "опубликова:л,ла,ло,ли распространи:л,ла,ло,ли обнародова:л,ла,ло,ли "
        "опублікува:в,ла,ло,ли оприлюдни:в,ла,ло,ли publiceerde offentliggjorde udsendte "
        "udsendt offentliggjort publiserte publisert publicerade publicerat publicaron "
        "publicaram "
        # quoted from: "wie es in der Mitteilung heißt", "précise le communiqué", "si legge nel"
        "heißt indique précise souligne affirme ajoute stipule poursuit conclut indica señala "
        "precisa afirma añade subraya concluye spiega sottolinea aggiunge conclude informa "
        "acrescenta conclui legge "
        # a document shows: "zeigt der Bericht", "refleja la documentación"
        "refleja reflejan recoge recogen revela revelan muestra muestran montre montrent révèle "
        "révèlent zeigt zeigen belegt belegen mostra mostrano rivela rivelano pokazuje pokazują "
        "показывает показывают свидетельствует показує показують "
        # the document first: "o relatório aponta", "l'informe ha revelat", "la relazione conclude"
        "aponta apontam conclui concluem mostra mostram conclut concluent concluyen concludono "
        "evidenzia wskazuje stwierdza revelat revelado rivelato révélé conclou constata constate "
        "segons "
        # data show: "Messungen der Nasa haben ergeben", "les données montrent"
        "ergaben ergab ergeben mostram revelam "
        # handed over: "ha remitido a la jueza", "übermittelt"
        "remitido remitió entregado entregó aportado aportó transmis remis übergeben übermittelt "
        "vorgelegt trasmesso consegnato przekaza:ł,ła,ło,li,ły переда:л,ла,ло,ли,в "
        # a lawsuit filed: its noun, or the verb of the Portuguese ones
        "iniciou entrou demanda plainte klage denuncia causa ricorso "
        # what a document concludes, or what emerges from it: "kommt zu dem Schluss", "z
        # raportu wynika", "dal rapporto emerge", "в докладе говорится"
        "kommt stellt constatent concludono constatano constatan concluem constatam concludeert "
        "concluso accertato concluyó concluido conclu kam "
        "concluderen stelt stwierdzają konkluduje заключает констатирует делает concluzionează "
        "constată καταλήγει καταλήγουν διαπιστώνει διαπιστώνουν blijkt hervor ressort emerge "
        "emergono risulta risultano desprende wynika следует говорится сказано йдеться говориться "
        # the Dutch document's place: "staat in een reconstructie"
        "staat stond stonden einer seiner ihrer hoc "
        # footage aired or released
        "nadała nadał nadało udostępniła udostępnił udostępniło zeigte zeigten strahlte diffusé "
        "emitió difundió difundido trasmesso diffuso exibiu divulgou показало показали "
        "оприлюднила оприлюднило оприлюднили "
        # a video published on or by
        "pubblicato pubblicata publicado publicada publié publiée veröffentlicht veröffentlichten "
        "veröffentlichtes veröffentlichter divulgado divulgada diffuso diffusa diffusé diffusée"
    )
)
# Every _DOCUMENT_OTHER match has a word of one of these (for document_named, which has no gate:
# _DOC_OTHER_GATE leaves out the words of "compte rendu").
_DOC_OTHER_WORDS = _gate(_DOC_OTHER_FORMS) | _gate(_DATA_OTHER_FORMS) | _DOC_OTHER_GATE


def _document_other(
    text: str, ws: frozenset[str] | None, gate: frozenset[str]
) -> re.Match[str] | None:
    """_DOCUMENT_OTHER.search(text), searched only when the text's `words` ws meet `gate` and
    _DOC_OTHER_TRIGGERS."""
    if ws is not None and (gate.isdisjoint(ws) or _DOC_OTHER_TRIGGERS.isdisjoint(ws)):
        return None
    m = _DOCUMENT_OTHER.search(text)
    if m is not None and _COMMUNICATED.search(m.group(0)):
        return None  # "selon les chiffres communiqués par les autorités": figures, no communiqué
    return m


# A press statement among the documents of _DOCUMENT_OTHER (what an office says, not a record).
_STATEMENT_NOUN = re.compile(
    r"\b(?:communiqu[ée]s?|comunicad[oa]s?|comunicat[oi]|(?:presse)?mitteilung\w*|erklärung\w*|"
    r"stellungnahme\w*|déclaration|declaración|nota|note|komunikat\w*|заявлени\w+|"
    r"повідомленн\w+|statement)\b",
    re.IGNORECASE,
)


# The French participle, not the noun: "les chiffres communiqués par la préfecture".
_COMMUNICATED = re.compile(r"\bcommuniqu[ée]e?s?\s+(?:par|aux?|à)\s", re.IGNORECASE)


# Anonymous voices: "une source proche du dossier", "ein Insider", "źródło", "источник".
_ANON_OTHER_FORMS = _forms(
    "une_source des_sources de_source source_proche sources_proches source_policière "
    "sources_policières source_judiciaire sources_judiciaires source_diplomatique "
    "sources_diplomatiques source_gouvernementale source_sécuritaire anonymat anonyme anonymes "
    "proche_du_dossier proches_du_dossier ein_Insider einem_Insider Insidern Quelle Quellen Kreisen Regierungskreisen Sicherheitskreisen "
    "Diplomatenkreisen Militärkreisen Ermittlerkreisen Koalitionskreisen anonym anonyme anonymen "
    "ungenannt ungenannte ungenannten "
    "fuente fuentes anónimo anónima anónimos anónimas anonimato "
    "fonte fonti anonimo anonima anonimi anonime "
    "fontes anônimo anônima anônimos anônimas "
    "un_funcionario una_funcionaria el_funcionario la_funcionaria funcionarios un_fonctionnaire "
    "un_responsable une_responsable des_responsables ein_Beamter eines_Beamten ein_Beamte "
    "un_funzionario il_funzionario funzionari um_funcionário o_funcionário funcionários "
    "uma_funcionária a_funcionária urzędni:k,ka,cy чиновник:,а,ом,и "
    "źródł:o,a,em,e,ami,ach źródeł anonimow:o,y,a,e,ego,ych,ość,ości rozmówc:a,y,ą nieoficjalnie "
    "источник:,а,у,ом,е,и,ов,ам,ами собеседник:,а,у,ом,и анонимн:о,ости,ый,ого,ая,ые,ых "
    "джерел:о,а,ом,і джерел співрозмовник:,а,ом анонімн:о,ості,ий,ого,а,е,і,их "
    "bron bronnen anoniem anonieme "
    "en_kilde kilder kilden anonymt "
    "o_sursă surse sursele surselor anonim anonimă anonimat πηγή πηγές πηγών ανώνυμα ανώνυμος"
)
# ... and an official counted, not named: "un haut responsable du ministère", "un alto
# funcionario", "ein hochrangiger Beamter", "een ambtenaar" (a spokesperson speaks on record by
# office and is not among them).
_ANON_OFFICIAL_NOUNS = _forms(
    "responsable responsables fonctionnaire fonctionnaires diplomate diplomates officiel officiels "
    "gradé gradés funcionari:o,a,os,as oficial oficiales diplomátic:o,os funzionari:o diplomatic:o,i "
    "responsabile responsabili funcionári:o,a,os,as responsáve:l,is diplomata diplomatas "
    "Beamte:,r,n Regierungsvertreter Diplomat:,en Regierungsbeamte:,r,n Militärvertreter "
    "Behördenvertreter:,in,n Vertreter:,in Polizeibeamte:,r,n Sicherheitsbeamte:,r,n "
    "ambtenaar ambtenaren functionaris functionarissen diplomaat diplomaten "
    # aides and staff, counted, not named ("an aide said"): "un conseiller du ministre", "un
    # asesor del ministro", "un collaboratore del ministro", "ein Mitarbeiter des Flughafens"
    "conseiller conseillère conseillers collaborateur collaboratrice collaborateurs "
    "asesor:,a,es,as colaborador:,a,es,as consiglier:e,i collaborat:ore,rice,ori assessor:,a,es,as "
    "Berater:,in,n Mitarbeiter:,in,innen adviseur adviseurs medewerker medewerkers "
    # a leader, counted, not named: "un chef d'un groupe bédouin", "un líder tribal"
    "chef chefs chefe chefes jefe jefes dirigeant dirigeants dirigente dirigentes líder líderes"
)
_ANON_INDEFINITE_WORDS = (
    "un une uno una unos unas um uma uns umas ein eine einer eines een deux dos due "
    "zwei twee trois tres tre três drei drie plusieurs varios varias alcuni vários mehrere"
).split()
_ANON_INDEFINITE = re.compile(
    rf"\b(?:{'|'.join(_ANON_INDEFINITE_WORDS)})\s+"
    rf"(?:[^\W\d_]+\s+){{0,2}}?(?:{_alternation(_ANON_OFFICIAL_NOUNS)})\b",
    re.IGNORECASE,
)
# ... not a source of something ("fonti di innesco", "fuentes de calor", "die Quelle des Feuers":
# what set the fire off, no one who speaks)
_SOURCE_OF_THINGS = (
    r"(?!\s+(?:di|de|d['’]|del|dell['’]|della|des|du|der|of)\s*(?:l['’]|la\s+|el\s+|the\s+)?"
    r"(?:innesco|ignizione|ignici[oó]n|ignition|calore|calor|chaleur|heat|Wärme|energia|energía|"
    r"énergie|energy|Energie|luce|luz|lumière|light|acqua|agua|eau|water|Wassers?|reddito|"
    r"ingresos|revenus?|income|inquinamento|contaminaci[oó]n|pollution|rischio|riesgo|risque|"
    r"risk|pericolo|peligro|danger|combustibile|combustible|carburante|fuel|alimentazione|"
    r"alimentaci[oó]n|approvvigionamento|abastecimiento|finanziamento|financiaci[oó]n|"
    r"financement|funding|fuoco|fuego|feu|fire|incendio|incendie|esplosione|explosi[oó]n|"
    r"explosion|Zündung|Feuers?|Brand(?:es|s)?)\b)"
)
_ANONYMOUS_OTHER = re.compile(
    rf"\b(?:{_alternation(_ANON_OTHER_FORMS)})\b{_SOURCE_OF_THINGS}|{_ANON_INDEFINITE.pattern}",
    re.IGNORECASE,
)
_ANONYMOUS_OTHER_GATE = (_gate(_ANON_OTHER_FORMS) | {w.lower() for w in _ANON_OFFICIAL_NOUNS}) - {
    "une",
    "des",
    "de",
    "du",
    "ein",
    "einem",
}
# Finer, within that gate: a match of one of _ANON_OTHER_FORMS has every word of the form as a
# whole \w+ run (the form's words stand between \b and \s+), one of _ANON_INDEFINITE an
# indefinite word and an official's noun. Most sentences that pass the gate are English ones with
# "source" or "official", which need "une", "de" or "un" beside them here.
_ANON_FORM_WORDS: dict[str, list[frozenset[str]]] = {}
for _f in _ANON_OTHER_FORMS:
    _ws = frozenset(re.findall(r"[^\W_]+", _f.lower()))
    for _w in _ws:
        _ANON_FORM_WORDS.setdefault(_w, []).append(_ws)
_ANON_FORM_KEYS = frozenset(_ANON_FORM_WORDS)
_ANON_INDEFINITE_GATE = frozenset(_ANON_INDEFINITE_WORDS)
_ANON_NOUN_GATE = frozenset(w.lower() for w in _ANON_OFFICIAL_NOUNS)


def _anonymous_other(text: str, ws: frozenset[str] | None) -> bool:
    """Whether _ANONYMOUS_OTHER matches the text (ws: its `words`), searched only when the
    text has the words a match needs (see above)."""
    if ws is not None:
        if _ANONYMOUS_OTHER_GATE.isdisjoint(ws):
            return False
        if _ANON_INDEFINITE_GATE.isdisjoint(ws) or _ANON_NOUN_GATE.isdisjoint(ws):
            for w in _ANON_FORM_KEYS.intersection(ws):
                if any(f <= ws for f in _ANON_FORM_WORDS[w]):
                    break
            else:
                return False
    return any(not _named_apposition(text, m) for m in _ANONYMOUS_OTHER.finditer(text))


# "une responsable de la police de Merseyside, Jenny Sims," and "Jenny Sims, une responsable de
# la police": the official is counted, then named in apposition, so not anonymous.
_NAME_AFTER = re.compile(
    rf"[^,.;:!?\"“”«»]{{0,60}},\s+{_PERSON}(?=\s*[,.;:!?)]|\s+(?:lors|durant|pendant|während|bei|durante|en|in|at|on|to)\b"
    # ... or by the verb of what they say ("Ein Berater des Präsidenten, Mychailo Podoljak sagte")
    r"|\s+(?-i:[a-zäöüßéèêàáíóúñçł])[\w-]*\s)"
)
_NAME_BEFORE = re.compile(rf"{_PERSON},\s+$")


def _named_apposition(text: str, m: re.Match[str]) -> bool:
    """Whether an anonymous voice's phrase (match `m`) is named in apposition right after it,
    or right before it."""
    found = _NAME_AFTER.match(text, m.end()) or _NAME_BEFORE.search(
        text[max(0, m.start() - 80) : m.start()]
    )
    # an outlet named after a source ("une source proche du dossier, Le Parisien") is no name
    return found is not None and not _MEDIA_OTHER.search(found.group(0))


# Outlets of those languages, and the nouns that introduce one ("the newspaper X"): a sentence's
# speaker that is an outlet is no source.
_MEDIA_OTHER = re.compile(
    r"""(ТАСС|РИА(\s+Новости)?|Интерфакс|РБК|Коммерсантъ?|Известия|Ведомости|Медуза|УНІАН|УНИАН|
    Укрінформ|Укринформ|Суспільне|Українська\s+правда|PAP|TVN24|TVN|Polsat(\s+News)?|RMF(\s+FM)?|
    Radio\s+ZET|Onet|Interia|Wirtualna\s+Polska|WP|Gazeta\s+Wyborcza|Rzeczpospolita|Polskie\s+Radio|
    Le\s+Monde|Le\s+Figaro|Le\s+Parisien|(?:du|au)\s+(?:Monde|Figaro|Parisien)|Libération|BFMTV|BFM\s*TV|franceinfo|France\s*Info|
    Europe\s*1|Ouest-France|dpa|(Der\s+)?Spiegel|Bild|FAZ|Süddeutsche(\s+Zeitung)?|Tagesschau|
    (Die\s+)?Zeit|El\s+País|El\s+Mundo|EFE|ANSA|Corriere(\s+della\s+Sera)?|(La\s+)?Repubblica|
    Lusa|Folha|Globo|G1|ANP|NOS|Ritzau|DR|TV\s*2|Jyllands-Posten|Politiken|Berlingske|NRC|
    (De\s+)?Telegraaf|(de\s+)?Volkskrant|ARD|ZDF|NDR|WDR|RBB|MDR|SWR|ORF|SRF|n-tv|ntv|RTL|TF1|LCI|
    CNews|RMC|RAI|Rai|Mediaset|RTVE|TVE|Telecinco|Antena\s+3|Cadena\s+SER)""",
    re.VERBOSE,
)
_OUTLET_NOUN = frozenset(
    """газета газеты издание издания телеканал телеканала агентство агентства газета газети
    видання телеканал агентство gazeta gazety dziennik dziennika portal portalu serwis serwisu
    stacja stacji telewizja telewizji radio radia journal quotidien hebdomadaire magazine chaîne
    zeitung magazin sender fernsehsender tageszeitung rundfunk nachrichtenagentur periódico diario cadena emisora agencia giornale
    quotidiano agenzia jornal agência emissora krant dagblad avis medio medios outlet outlets
    broadcaster channel website site tabloid newspaper publication daily media médias medien
    mídia mídias сми canal cadena televisión televisão télévision televisione tv emittente
    rádio revista rivista revue semanario settimanale tijdschrift omroep zender fernsehen
    telewizjami telewizjom news bbc cnn nbc cbs msnbc""".split()
) | frozenset(
    # a reporter relays what others say, as the outlet does
    """journalist journalists journalistin reporter reporters reporterin correspondent
    correspondents korrespondent korrespondentin journaliste journalistes correspondant
    correspondante reporteur periodista periodistas corresponsal reportero reportera giornalista
    giornalisti corrispondente jornalista jornalistas correspondente dziennikarz dziennikarka
    dziennikarze korespondent korespondentka журналист журналистка корреспондент журналіст
    журналістка кореспондент verslaggever verslaggeefster columnist blogger""".split()
)
# Compounds whose last part is an outlet's noun ("Staatsfernsehen", "Lokalzeitung",
# "Nachrichtensender", "staatspersbureau").
_OUTLET_ENDS = (
    "fernsehen", "zeitung", "sender", "agentur", "rundfunk", "persbureau", "krant", "dagblad",
    "omroep", "blatt",
)  # fmt: skip


def _outlet_word(word: str) -> bool:
    """Whether a word is an outlet's noun ("krant", "staatspersbureau"): "meldt het Turkse
    staatspersbureau Anadolu" names an outlet, not a person "Turkse"."""
    low = word.strip(".,;:!?\"'“”»«").lower()
    return low in _OUTLET_NOUN or low.endswith(_OUTLET_ENDS)


# The nouns right before a name that make it an outlet's (not "the agency", often an office's).
_OUTLET_BEFORE = _OUTLET_NOUN - frozenset(
    "агентство агентства agencia agenzia agência agencja agencji".split()
)
_LOW_WORD = rf"(?![{_UP}])[^\W\d_]+(?:-[^\W\d_]+)*"
_TO_US = r"(?:nous|me|m['’]|lui|leur|nos|mi|ci|gli|uns|mir|ihm|нам|мне|nam)"
_TO_PRESS = (
    r"(?:dziennikarzom|reporterom|mediom|журналистам|журналістам|novinářům|novinárom|novinarima)"
)
# ... or to an agency, named in the dative before who speaks ("сообщил ТАСС настоятель храма",
# "dice all'ANSA il sindaco", "a déclaré à l'AFP le maire")
_TO_AGENCY = (
    # (the day first: "a confié mardi à l'AFP Abhishek Ruhela")
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|lunes|martes|miércoles|"
    r"jueves|viernes|sábado|domingo|ayer|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|"
    r"domenica|ieri)\s+)?"
    # ... or the press ("a indiqué à la presse un responsable des opérations, Ranjit Sinha")
    r"(?:(?:à\s+la\s+presse|aux\s+journalistes|à\s+des\s+journalistes|a\s+la\s+prensa|"
    r"a\s+los\s+periodistas|a\s+los\s+medios|alla\s+stampa|ai\s+giornalisti|ai\s+cronisti|"
    r"der\s+Presse|gegenüber\s+Journalisten)|"
    r"ТАСС|РИА\s+Новости|Интерфаксу|РБК|Известиям|ТСН|УНІАН|Укрінформу|Суспільному|PAP|"
    r"(?:all['’]|ad\s+)(?:ANSA|Adnkronos|AGI|Agi)|(?:à\s+l['’]|a\s+)(?:AFP|EFE)|(?:à|a)\s+(?:Reuters|"
    r"RFI|BFMTV|franceinfo)|(?:gegenüber\s+(?:der|dem)\s+)(?:dpa|APA|ORF|Bild|BILD))"
)
_RELATIVE = r"(?:que|qui|che|który|która|które|который|которая|которое|який|яка|яке|die|der|das)\s"
_CONJUNCTION = r"(?:und|and|et|y|e|i|и|oraz|oder|or|ou|o|en|of)\s"
# "Песков заявил", "Agnieszka Strzępka poinformowała", "Beccuau a précisé" (not through a
# relative pronoun: in "el puente de Crimea, ... anexionada por Moscú, que abrió una
# investigación" the one who opened it is Moscow, not Crimea)
_NAME_THEN_VERB = re.compile(
    rf"{_NOT_AFTER_PLACE}(?P<who>{_NAME})(?:,\s+[^,”\"»«“]{{3,90}},)?\s+"
    # ... a day between in German ("wie der Generalbundesanwalt Peter Frank am Dienstagabend
    # mitteilte")
    rf"(?:(?:am|an|im)\s+[{_UP}][\w-]+\s+)?"
    # (the word between is an auxiliary, "a précisé", not a conjunction: in "auf seiner Plattform
    # Truth Social und bezeichnete Routh" the platform is no subject)
    # ... nor the reflexive "se" ("Moscú se ha negado": refused, said nothing)
    rf"(?:(?!{_RELATIVE}|{_CONJUNCTION}|se\s)(?P<between>{_LOW_WORD})\s+)?{_SPEECH_OTHER}\b"
    # ... not a German passive, where the name is part of what was declared ("ist ein Sieg der
    # Partei Georgischer Traum erklärt worden")
    r"(?!\s+(?:worden|werden)\b)"
)
# A subject pronoun right after the verb: the capitalised word before the verb is no subject
# ("Zeitgleich sagte er", "Daarna zei hij", "Samtidig sagde han").
_INVERTED = re.compile(
    r"\s+(?:er|sie|es|man|ich|wir|ihr|hij|zij|ze|het|men|ik|wij|han|hun|den|det|vi|jeg)\b",
    re.IGNORECASE,
)
_PER = r"(?:[Ss]econdo|[Ss]egún|[Ss]elon|[Ss]egundo|[Ll]aut|[Vv]olgens|[Ww]edług|[Dd]['’]après)"
_PER_PERSON = re.compile(
    rf"\b{_PER}\s+(?P<who>{_NAME}),\s+(?:[^\W\d_]+\s+){{0,3}}?(?i:{_ROLE_OTHER})\b"
)
# ... or a person introduced by what they are, then named: "Selon un sismologue albanais, Rrapo
# Ormeni, il s'agit", "selon le sismologue Rrapo Ormeni, ..." (two names or more: "selon le
# ministre de l'Intérieur, ..." names an office; "d'après le journal colombien El Espectador"
# an outlet, by the noun `between`)
_LOWER_WORD = r"[a-zà-öø-ÿąćčďęěłńňřśšťůźżđőű][\w’'-]*"
_PER_INTRODUCED = re.compile(
    rf"\b{_PER}\s+(?P<between>(?:un|une|uno|una|um|uma|ein|eine|einem|einer|een)\s+"
    rf"(?:{_LOWER_WORD}\s+){{0,3}}{_LOWER_WORD},\s+|(?:le|la|l['’]|el|il|lo|o|a|dem|der|de|het)\s*"
    rf"(?:{_LOWER_WORD}\s+){{1,5}})(?P<who>{_PERSON})(?=\s*[,;:]|\.?\s*$)"
)
# ... one of whose first words every sentence it matches has (a word set test before the search)
_PER_PERSON_WORDS = frozenset("secondo según selon segundo laut volgens według après".split())


def _per_person(text: str, ws: frozenset[str] | None) -> re.Match[str] | None:
    """= _PER_PERSON.search(text) or _PER_INTRODUCED.search(text), skipped when the sentence
    has none of their first words."""
    if ws is not None and _PER_PERSON_WORDS.isdisjoint(ws):
        return None
    return _PER_PERSON.search(text) or _PER_INTRODUCED.search(text)


# "il procuratore di Termini Imerese, Ambrogio Cartosio, ha rivelato": the name in apposition
_APPOSED_THEN_VERB = re.compile(rf",\s+(?P<who>{_NAME}),\s+{_SPEECH_OTHER}\b")
# Turkish puts the verb last: "İçişleri Bakanı Ali Yerlikaya, ... tespit edildiğini bildirdi."
# The name (with its office, capitalised) opens the sentence before a comma.
_NAME_FIRST_VERB_LAST = re.compile(
    rf"^\s*(?P<who>{_PERSON}),\s[^.!?]*?\s(?:{_SAY_TR_RE})"
    r"\s*[.!]?\s*$"
)
_SPEAKER_OTHER = (
    _NAME_FIRST_VERB_LAST,
    _APPOSED_THEN_VERB,
    # "Песков заявил", "Agnieszka Strzępka poinformowała", "Beccuau a précisé"
    _NAME_THEN_VERB,
    # "– powiedział Joe Biden", ", заявил Песков", "», nous déclare Jabour" (who it was said to
    # before the verb)
    # ... or to the press after it ("– powiedział dziennikarzom Don Aaron", "заявил журналистам")
    re.compile(
        rf"(?:[,”\"»–—]|\s-)\s*(?:{_TO_US}\s+)?{_SPEECH_OTHER}\s+(?:{_TO_PRESS}\s+|{_TO_AGENCY}\s+)?(?!{_TO_AGENCY}\s)"
        rf"(?P<who>{_NAME})"
    ),
    # ", sagte der Chef der nationalen Polizeibehörde, Yoon Hee Keun,": the office, then the name
    # in apposition (", a indiqué une responsable de la police, Jenny Sims,")
    re.compile(
        rf"(?:[,”\"»–—]|\s-)\s*{_SPEECH_OTHER}\s+(?:{_TO_AGENCY}\s+)?(?:der|die|das|el|la|le|il|lo|o|a|l['’]|un|une|uno|una|um|uma|ein|eine|een|"
        # ... or a relative of someone: "souligne sa soeur, Aïda,", "afirma su madre, Gamra"
        rf"sa|son|ses|su|sus|sua|suo|seine|sein|ihre|ihr|zijn|haar)\s*"
        # (an office of a long body's name: "la presidenta de la Junta Nacional de Seguridad en el
        # Transporte (NTSB), Jennifer Homendy")
        rf"[^,.;:!?\"“”«»]{{2,90}},\s+(?P<who>{_NAME})(?:,|\s[-–—]\s|\.?\s*$)"
    ),
    # ", sagte der Sprecher der Feuerwehr Peter Lind": a German office and whose it is, then the
    # name without commas
    re.compile(
        rf"(?:[,”\"»–—]|\s-)\s*{_SPEECH_OTHER}\s+(?:der|die)\s+[{_UP}][\w-]+"
        rf"(?:\s+(?:der|des|von|vom)\s+[{_UP}][\w-]+){{0,2}}\s+(?P<who>{_PERSON})"
    ),
    # ", a indiqué le vice-ministre de la Protection civile Nikos Hardalias": a Romance office
    # and the body it heads, capitalised, then the name without commas
    re.compile(
        rf"(?:[,”\"»–—]|\s-)\s*{_SPEECH_OTHER}\s+(?:{_LOW_WORD}\s+){{0,2}}?(?:le|la|el|il|o|a)\s+"
        rf"{_LOW_WORD}\s+(?:de\s+la|de\s+l['’]|du|des|de|del|de\s+los|della|dello|dei|da|do|dos)\s*"
        rf"[{_UP}][\w-]+(?:\s+(?:{_LOW_WORD}|[{_UP}][\w-]+))?\s+(?P<who>{_PERSON})(?=\s*[,.;:]|\s*$)"
    ),
    # ", indique la procureure de Paris Laure Beccuau", "– powiedział prezydent USA Joe Biden"
    re.compile(
        rf"(?:[,”\"»–—]|\s-)\s*(?:{_TO_US}\s+)?{_SPEECH_OTHER}\s+(?:{_TO_AGENCY}\s+)?(?!{_THAT})(?P<between>(?:{_LOW_WORD}\s+){{1,6}})(?P<who>(?:[lLdD][’'])?{_NAME})"
    ),
    # "La Red Europea de Gestores ... (ENTSO-E) confirmó": the short name in brackets speaks
    re.compile(rf"\((?P<who>{_SHORT_NAME})\)\s+{_SPEECH_OTHER}\b"),
    # "Об этом заявил Дмитрий Песков", "Про це повідомив Коліванд", "O tym poinformował rzecznik
    # Jan Nowak": "about this" first, then the verb and who
    re.compile(
        rf"^\s*(?:Об\s+этом|Про\s+це|O\s+tym|Как|Як|Jak|Come|Como|Comme|[EÈ]['’]?\s+quanto|"
        # "È quanto sostiene Pietro Vela", "Così ha detto", "Así lo afirmó", "Das sagte Lind"
        rf"Così|Lo|Así\s+lo|Das|Dies|Dat)\s+(?:l['’])?{_SPEECH_OTHER}\s+"
        rf"(?P<between>(?:{_LOW_WORD}\s+){{0,4}})(?P<who>{_NAME})"
    ),
    # "secondo Vladimir Chernov, vice governatore della regione": according to a person, whose
    # office follows in apposition
    _PER_PERSON,
    _PER_INTRODUCED,
    # "Eine Beteiligung bestritt dagegen der Berater des Präsidenten, Jan Novak.": German puts the
    # verb second after a fronted object, then its subject, whose name closes the sentence
    re.compile(
        rf"^[^,.;:!?\"“”«»]{{3,80}}?\s{_SPEECH_OTHER}\s+(?:(?:dagegen|jedoch|aber|auch|zudem|"
        rf"allerdings|nun|inzwischen|später|ebenfalls)\s+)?(?:der|die)\s+"
        rf"(?:[^.;:!?\"“”«»]{{2,120}}?,\s+|[{_UP}][\w-]+(?:\s+(?:der|des|von|vom)\s+[{_UP}][\w-]+)"
        rf"{{0,2}}\s+)(?P<who>{_PERSON})\.?\s*$"
    ),
    # "Gegenüber dem ORF bestätigte Ludwig in der Nacht", "Auf Nachfrage sagte Mara Lind": German
    # puts the verb second after a fronted phrase, then its subject
    re.compile(
        rf"^\s*(?:Gegenüber|Am|Im|In|Nach|Vor|Zuvor|Später|Danach|Daraufhin|Bereits|Auch|Dort|Heute|"
        rf"Gestern|Auf|Bei|Beim|Mit|Zum|Zur|Über|Unter|Aus|Während|Angesichts)\b[^,.;:!?\"“”«»]{{0,60}}?\s(?P<verb>{_SPEECH_OTHER})\s+(?P<who>{_NAME})"
    ),
    # "Tomas Reyk estaba en la tienda cuando ocurrió el incendio y dijo: «...»": the subject
    # named first (_SUBJECT_FIRST)
    re.compile(rf"{_SUBJECT_FIRST}(?:y|e|et|und|i|en|ed)\s+{_SPEECH_OTHER}{_QUOTE_NEXT}"),
)


_FRESH = re.compile(
    r"""\b((on|late|early|late\s+on|early\s+on)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)|this\s+week|today|
    yesterday|last\s+night|this\s+morning|in\s+a\s+(new\s+|written\s+|brief\s+|official\s+|joint\s+)?(statement|interview|post|letter)|
    in\s+(the|its|his|her|their)\s+(official|new|written|joint)\s+statement|
    in\s+(a|an|the|her|his|their)\s+([\w-]+\s+){0,2}(video|video\s+message|audio\s+message|speech|televised\s+address)|
    (posted|shared|wrote)\s+([\w’']+\s+){0,3}?on\s+"""
    + _PLATFORM
    + r"""|
    told\s+reporters|told\s+(?:the\s+)?(?-i:[A-Z])[\w-]*|at\s+a\s+(press\s+)?(conference|briefing)|on\s+truth\s+social|
    in\s+response\s+to|responding\s+to|when\s+asked|asked\s+about|
    em\s+resposta\s+(a|ao|à)|en\s+respuesta\s+a|en\s+r[ée]ponse\s+[àa]|in\s+risposta\s+a|als\s+Antwort\s+auf|
    w\s+odpowiedzi\s+na|в\s+ответ\s+на|у\s+відповідь\s+на|ca\s+răspuns\s+la|
    (el\s+)?(lunes|martes|miércoles|jueves|viernes|sábado|domingo)|hoy|este\s+(lunes|martes|miércoles|jueves|viernes)|
    (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)|aujourd['’]hui|
    (lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica)|oggi|
    am\s+(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)(morgen|vormittag|mittag|nachmittag|abend|nacht)?|heute|nun|
    (segunda|terça|quarta|quinta|sexta)-feira|hoje|
    w\s+(poniedziałek|środę|czwartek|piątek|sobotę|niedzielę)|we\s+wtorek|dzisiaj|dziś|
    (в|во)\s+(понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)|сегодня|
    (у|в)\s+(понеділок|вівторок|середу|четвер|п['’]ятницю|суботу|неділю)|сьогодні|
    (maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|vandaag)|
    (mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)|i\s+dag|
    # a calendar day without a year: "on June 16", "le 16 juin", "el 16 de junio", "am 16. Juni"
    (on\s+)?(?-i:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}(st|nd|rd|th)?(?!\d|,?\s+\d{4})|
    on\s+\d{1,2}(st|nd|rd|th)?\s+(?-i:January|February|March|April|May|June|July|August|September|October|November|December)(?!,?\s+\d{4})|
    le\s+\d{1,2}(er)?\s+(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)(?!\s+\d{4})|
    el\s+(pasado\s+)?\d{1,2}\s+de\s+(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)(?!\s+de\s+\d{4})|
    (em|no\s+dia)\s+\d{1,2}\s+de\s+(janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro)(?!\s+de\s+\d{4})|
    (il\s+|l['’]\s*)\d{1,2}\s+(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)(?!\s+\d{4})|
    am\s+\d{1,2}\.\s*(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)(?!\s+\d{4})|
    op\s+\d{1,2}\s+(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)(?!\s+\d{4}))\b""",
    re.IGNORECASE | re.VERBOSE,
)
_QUOTED = re.compile(r"[“\"«„][^”\"»“]{12,}[”\"»“]")


def _unquoted(text: str) -> str:
    """The text with what it quotes blanked (same length): an office named inside a quotation
    ("'The ministry is searching', he said") is not who speaks."""
    if not ("“" in text or '"' in text or "«" in text or "„" in text):  # (no generator)
        return text
    return _QUOTED.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], text)


# Words (case-sensitive substrings, as the patterns are) that two of the _SPEAKER patterns need:
# "said X in a statement" and "in an interview with ..., X". They start with \b, which re tries
# at every position of the sentence; a sentence without the words is not searched.
def _speaker_needs(pattern: re.Pattern[str]) -> tuple[str, ...]:
    if pattern.pattern.endswith(r"(?:in\s+an?\s+)?(?:statement|interview)"):
        return ("statement", "interview")
    if pattern.pattern.startswith(r"\bin\s+an?\s+(?:\w+\s+)?(?:interview|statement|letter)\s+"):
        return ("interview", "statement", "letter")
    return ()


_SPEAKER_NEEDS = tuple(map(_speaker_needs, _SPEAKER))

# A word of _SPEECH or _STATEMENT (lower-cased, whole), one of which every match of the _SPEAKER
# patterns that have either has: a sentence without any (most) is searched with the others only.
_SPEECH_WORDS = frozenset(
    """said says told tells stated states wrote writes confirmed confirms denied denies added revealed tweeted
    explained recalled testified insisted insists argued argues declared announced shouted acknowledged
    admitted conceded concedes disclosed discloses accused accuses apologized apologised warned
    responded announcement expressed posted shared replied stressed emphasized emphasised noted
    clarified asserted maintained reiterated underlined pointed commented claimed dijo afirmó
    afirmo aseguró aseguro declaró declaro explicó explico confirmó confirmo negó nego dicho
    afirmado asegurado declarado explicado confirmado negado déclaré declaré déclare declare
    affirmé affirme confirmé confirme expliqué explique démenti dementi annoncé annonce dit detto
    dichiarato affermato confermato spiegato smentito annunciato sagte erklärte bestätigte betonte
    dementierte disse afirmou declarou confirmou negou statement response denial rebuttal
    apology described""".split()
)
_SPEECH_PATTERN = frozenset((_SPEECH, _STATEMENT))
# per _SPEAKER pattern: whether it has _SPEECH or _STATEMENT (every match then has a word above)
_SPEAKER_SPEAKS = tuple(any(x in p.pattern for x in _SPEECH_PATTERN) for p in _SPEAKER)


# "X reports, citing the press service": X relays what another said, and is no source itself.
_CITING = re.compile(
    r"\s*,?\s*(?:citing|quoting|з\s+посиланням\s+на|со\s+ссылкой\s+на|unter\s+Berufung\s+auf|"
    r"citant|citando|cytując|powołując\s+się\s+na)\b",
    re.IGNORECASE,
)


# German "..., so Regierungssprecher Steffen Seibert": "so" after what was said names who said it.
# It ends the sentence (a bracketed short name may follow).
_SO_SAID = re.compile(
    rf"[,“”\"»]\s+so\s+(?:der|die|das)?\s*(?P<who>{_NAME})(?:\s*\([^)]{{1,20}}\))?\s*[.!]?\s*$"
)


def _so_said(text: str) -> re.Match[str] | None:
    """= _SO_SAID.search(text), only searched in a sentence with " so " in it."""
    return _SO_SAID.search(text) if " so " in text else None


# ... a German office after "so" ("..., so das Verteidigungsministerium."), not a person's name
_SO_BODY = re.compile(r"[,“”\"»]\s+so\s+(?:der|die|das|des)\s+(?P<body>[A-ZÄÖÜ][\w-]+)\s*[.!]?\s*$")
_SO_BODY_ENDS = (
    "ministerium polizei feuerwehr anwaltschaft regierung amt armee gericht kommando verwaltung "
    "präsidium behörde bundeswehr kanzlei"
).split()


def _so_body(text: str) -> str | None:
    """The office a German sentence ends on after "so" ("so die Polizei"), or None."""
    m = _SO_BODY.search(text)
    if m is None or not m.group("body").lower().endswith(tuple(_SO_BODY_ENDS)):
        return None
    return m.group("body")


def _relays(m: re.Match[str]) -> bool:
    """Whether the speaker a pattern matched cites another ("X, citing Y", "X said, citing Y")."""
    return any(_CITING.match(m.string, at) for at in (m.end("who"), m.end()))


@lru_cache(maxsize=4096)
def speaker(text: str) -> str | None:
    """The named person or body a sentence quotes or reports, or None (anonymous, none, or
    one that relays another's words: "..., reports X citing the ministry")."""
    ws = words(text)
    silent = ws is not None and _SPEECH_WORDS.isdisjoint(ws)  # no verb of _SPEECH or _STATEMENT
    for pattern, needs, speaks in zip(_SPEAKER, _SPEAKER_NEEDS, _SPEAKER_SPEAKS, strict=True):
        if needs and not any(map(text.__contains__, needs)):
            continue  # that pattern cannot match
        if speaks and silent:
            continue  # nor can this one
        m = pattern.search(text)
        if not m:
            continue
        if pattern is _ACCORDING and not _person_cited(m):
            continue
        if _told(m):
            continue  # "dijo un policía a El País": the outlet is told, it does not speak
        if _inverted_after(pattern, text, m):
            # "Fermato, il sospettato ha confessato, ha detto Tomas Reyk": the name after the verb
            # speaks, not the participle that opens the sentence
            continue
        if _placed(text, m):
            continue  # "a businessman from New Orleans, who ..., said": a place, not who speaks
        if _said_at(m):
            # "sagte Biden in Detroit", "– poinformował w Lublinie minister ... Zbigniew Ziobro":
            # where it was said; who said it is read without the place
            return speaker(_without_place(text, m))
        who = _who(m)
        if who is not None and _office_of(m):
            who = who.partition(" ")[2] or None  # "the mayor of Derna", "gobernador de Ohio"
        if who:
            body = _BODIES.match(text, m.end("who") + 1)
            if body is not None:
                who = f"{who} {body.group(0)}"  # "wrote the Mannheim police": the police speaks
        if who == "" and not _relays(m):
            break  # an office only ("sagte die Leiterin"): its name may follow in apposition
        if who is not None:
            return None if _relays(m) or _outlet_named(who) else who or None
    m = _so_said(text)
    if m is not None:
        who = _who(m)
        if who and not _outlet_named(who):
            return who
    if ws is not None and _SPEECH_OTHER_GATE.isdisjoint(ws):
        return None  # no speech verb of the other languages: their patterns cannot match
    for pattern in _SPEAKER_OTHER:
        m = pattern.search(text)
        if m is not None and pattern is _NAME_THEN_VERB:
            # "Zeitgleich sagte er", "schrieb er": the verb's subject is the pronoun after it
            # (German, Dutch and Danish put the verb second); a later name may still speak
            # ... or a name after it ("..., qui ont frappé Istanbul, indique Quentin Raverdy")
            m = next(
                (
                    m
                    for m in pattern.finditer(text)
                    if not _INVERTED.match(text, m.end())
                    and not _INVERTED_NAME.match(text, m.end())
                ),
                None,
            )
        if m is None:
            continue
        if pattern is _NAME_THEN_VERB and (aired := _aired_on(text, m.start("who"))):
            # "Wie Varvitsiotis im Fernsehsender Mega sagt": the channel it was said on, before the
            # verb; who said it is read without it
            return speaker(text[: aired.start()].rstrip() + text[m.end("who") :])
        if (pattern is _NAME_THEN_VERB or pattern is _APPOSED_THEN_VERB) and _placed(text, m):
            # "..., en Inde, a fait huit morts, ont annoncé les autorités", "la ciudad de
            # Copenhague, Dinamarca, confirmó": a place
            continue
        between = m.groupdict().get("between")
        if between and not _OUTLET_NOUN.isdisjoint(between.lower().split()):
            return None  # "сообщила газета Известия": an outlet
        if _said_at(m):
            return speaker(_without_place(text, m))
        if between and between.split()[-1].lower() in _ON:
            return None  # "a indiqué un responsable sur Telegram": where it was said
        if _told(m):
            return None  # "a confié un policier au Parisien": who was told
        who = _who(m)
        if who and _office_of(m):
            # "la procureure de Paris Laure Beccuau": the office's place, then the name (not
            # "capital de Corea del Sur informaron": a place's name goes on in lower case)
            who = who.partition(" ")[2] or None
            if who and who[:1].islower():
                who = None
        if who and _outlet_named(who):
            return None  # "berichtete der Fernsehsender NHK": German nouns are capitalised
        after = text[m.end("who") :].split()[:1]
        if who and after and _outlet_word(after[0]):
            return None  # "meldt de Zweedse krant Aftonbladet": an adjective of the outlet's
        if who is not None:
            media = _MEDIA_OTHER.fullmatch(who) or _OUTLET.fullmatch(who)
            reporter = _REPORTER_AFTER.match(text, m.end("who"))
            return None if not who or _relays(m) or media or reporter else who
    return None


# A person's name right after a verb of speech: its subject, inverted ("indique Quentin Raverdy")
_INVERTED_NAME = re.compile(rf"\s+{_PERSON}\s*(?:[,.;:]|$)")
# ... and an apposition that makes the one speaking a reporter ("Quentin Raverdy, correspondant
# de France 24"): an outlet's voice, no source on record
_REPORTER_AFTER = re.compile(
    r",\s+(?:\w+\s+){0,2}?(?:correspondant|correspondante|correspondent|corresponsal|"
    r"corrispondente|correspondente|korrespondent|korrespondentin|journaliste|journalist|"
    r"journalistin|periodista|giornalista|jornalista|reporter|reporterin|envoyée?\s+spéciale?|"
    r"enviad[oa]\s+especial|inviat[oa])\b",
    re.IGNORECASE,
)


# A channel a statement was made on, right before the name that matched as the verb's subject:
# "im Fernsehsender Mega", "in der Zeitung Bild", "op de zender NOS" (the noun: `_outlet_word`)
_AIRED_ON = re.compile(
    r"\b(?:im|in\s+der|in\s+dem|in|auf|bei|gegenüber\s+dem|gegenüber\s+der|op|bij)\s+(?:\w+\s+)?"
    r"(?P<noun>[\w-]+)\s+$",
    re.IGNORECASE,
)


def _aired_on(text: str, at: int) -> re.Match[str] | None:
    """The channel the words before `at` say a statement was made on ("im Fernsehsender Mega"
    before the name "Mega"), or None."""
    m = _AIRED_ON.search(text, 0, at)
    return m if m is not None and _outlet_word(m.group("noun")) else None


def _said_at(m: re.Match[str]) -> bool:
    """Whether the word before the name a speaker pattern matched puts it as where the statement
    was made or aired (_AT: "sagte Biden in Detroit", "ha detto Yoon su YTN")."""
    between = m.groupdict().get("between")
    if not between or m.end("between") > m.start("who"):
        return False  # (in _NAME_THEN_VERB it follows the name)
    if _MEDIA.fullmatch(m.group("who").split()[0]):
        return False  # "a déclaré à Reuters Teknath Sitaula": told the agency, not where
    return between.split()[-1].lower() in _AT


# A place named before a name a speaker pattern found: the name is the place's last words
# ("from New Orleans", "at Broward Health North"), or the place itself ("from Japan")
_PLACE_BEFORE = re.compile(
    rf"\b(?:in|im|aus|nach|bei|uit|from|at|near|en|dans|au|aux|em)\s+(?:[{_UP}][\w’'.-]*\s+)*$"
)


# ... or a town's noun, its name and comma: the name, or the one in apposition to it (its country
# or region), is a place ("La Policía de la ciudad de Copenhague, Dinamarca, confirmó")
_PLACE_APPOSED = re.compile(
    r"\b(?:ciudad|city|ville|città|Stadt|town|village|pueblo|localidad|capital|capitale|región|"
    r"region|région|regione|provincia|province|estado|state|comuna|municipio|commune)\s+"
    rf"(?:de\s+|of\s+|di\s+|du\s+|von\s+|d['’])?(?:(?:[{_UP}][\w’'.-]*\s+)*[{_UP}][\w’'.-]*,\s+)?$"
)


# An office right before the town it is of ("der Bürgermeister der Stadt", "Der Behördenchef der
# am stärksten betroffenen Stadt", "el alcalde de la ciudad de")
_AN_OFFICE_WORD = rf"\b(?:{_ROLE_OTHER}|{_OFFICIAL_ROLE})\b"
_OFFICE_OF_PLACE = re.compile(rf"{_AN_OFFICE_WORD}[^,.;:!?]{{0,60}}$", re.I)
_AN_OFFICE = re.compile(_AN_OFFICE_WORD, re.I)


def _placed(text: str, m: re.Match[str]) -> bool:
    """Whether the name a speaker pattern matched follows a place's preposition (_PLACE_BEFORE),
    or stands in apposition to a town's name (_PLACE_APPOSED) that is not an office's ("der
    Bürgermeister der Stadt Veldra, Tomas Reyk, sagte": the mayor's name)."""
    start = m.start("who")
    if start == 0:
        return False
    if _PLACE_BEFORE.search(text, max(0, start - 80), start) is not None:
        return True
    apposed = _PLACE_APPOSED.search(text, max(0, start - 80), start)
    if apposed is None:
        return False
    return not (
        len(m.group("who").split()) >= 2
        and (
            _OFFICE_OF_PLACE.search(text, max(0, apposed.start() - 60), apposed.start()) is not None
            # ... or after it: "The state Health Commissioner, Dr Banjo Ajaka said"
            or _AN_OFFICE.search(apposed.group(0)) is not None
        )
    )


def _without_place(text: str, m: re.Match[str]) -> str:
    """The text without the place _said_at found ("sagte Biden in Detroit": "sagte Biden")."""
    place = m.start("between") + m.group("between").rstrip().rfind(" ") + 1  # its last word
    return text[:place].rstrip() + text[m.end("who") :]


def _inverted_after(pattern: re.Pattern[str], text: str, m: re.Match[str]) -> bool:
    """Whether a name-before-verb match has a person's name right after its verb, which speaks
    (the Romance languages put the speaker after the verb); not in English, where the name
    after the verb is who was told ("told Le Parisien") or the statement's subject ("said
    Audrey Hale, the shooter, ...")."""
    return (
        pattern is _NAME_SAID
        and _INVERTED_NAME.match(text, m.end()) is not None
        and language_of(text) != "en"
    )


def _told(m: re.Match[str]) -> bool:
    """Whether the name a speaker pattern matched is who was told ("dijo un policía a El País",
    "a confié un policier au Parisien"), not who spoke: it follows "a", "au", "gegenüber" ...,
    and is not an agency with its speaker's name after it ("dijo a AFP Stella Varo")."""
    between = m.groupdict().get("between")
    if not between or between.split()[-1].lower() not in _TO:
        # ... or the name right after "za" ("sta za Blic povedala dedek in sestra": told Blic)
        before = m.string[max(0, m.start("who") - 4) : m.start("who")]
        return _ZA_BEFORE.search(before) is not None and _told_outlet(m)
    return _told_outlet(m)


_ZA_BEFORE = re.compile(r"(?:^|\s)[Zz]a\s$")


def _told_outlet(m: re.Match[str]) -> bool:
    """Whether the name told is no agency with its speaker's name after it."""
    first, *rest = m.group("who").split()
    first = first.rstrip(".,")
    agency = _MEDIA.fullmatch(first) or _MEDIA_OTHER.fullmatch(first) or _OUTLET.fullmatch(first)
    return not (agency and rest)


def _outlet_named(who: str) -> bool:
    """Whether a speaker found is an outlet or the media by their noun ("Fernsehsender NHK",
    "Örtliche Medien", "local media") or by its name ("according to La Repubblica")."""
    # (the speaker is read without its article: "Parisien" for "Le Parisien")
    return any(_MEDIA_OTHER.fullmatch(article + who) for article in _OUTLET_ARTICLES) or any(
        w in _OUTLET_NOUN or w in _WIRE_NAMES or w.endswith(_CHANNEL_ENDS)
        for w in who.lower().split()
    )


_OUTLET_ARTICLES = ("", "Le ", "La ", "Der ", "Die ", "El ", "De ")


# A channel of a messaging app, a medium of its own ("Telegram-канал Mash", "der Telegram-Kanal
# Baza"): what it posts is reported, no one speaks on record.
_CHANNEL_ENDS = ("-канал", "-канала", "-каналу", "-kanal", "-kanał", "-channel", "-canal")


# The wire agencies by their names, in any language's case ("Agentura Reuters", "agencji Reutera",
# "Agence France-Presse"): an outlet wherever it stands in a speaker's name. Not judge.claims'
# _WIRES, the agencies of datelines: read there in capitals in brackets, here as any word of a
# name, where "Agi", "Pap" or "Apa" are as often a person's.
_WIRE_NAMES = frozenset(
    "reuters reutera reutersa afp ap dpa ansa efe tass interfax xinhua kyodo yonhap anadolu "
    "agentura agentúra ajansı".split()
)


# Prepositions of a complement ("de Paris", "von Berlin", "z Warszawy", "USA"): the name after
# them is a place or a body, not the speaker.
_OF = frozenset("de du des d’ d' von vom der del della di do da z ze w we из в у з of".split())


def _office_of(m: re.Match[str]) -> bool:
    """Whether the name a speaker pattern matched follows an office and its preposition ("dijo
    gobernador de Ohio", "the mayor of Derna said"): its first word is the office's place, not
    who speaks."""
    before = m.string[: m.start("who")].split()[-3:]
    if len(before) == 3 and before[2].lower() in ("la", "le", "l’", "l'", "les", "los", "el"):
        before = before[:2]  # "le ministère de la Santé"
    else:
        before = before[-2:]
    return (
        len(before) == 2
        and before[1].lower() in _OF
        and before[0].replace("-", "").isalpha()
        and before[0].islower()
        # "schrijft de AVROTROS": the Dutch article after the verb, no office's place
        and _SPEECH_OTHER_RE.fullmatch(before[0]) is None
    )


# ... and those of a place or a platform ("sur Telegram", "auf X"): the name after them is where
# something was said.
_ON = frozenset("sur on auf en in im na su op på em no nos в на у у".split())
# ... and where a statement was made, right before the name a speaker pattern found ("sagte er in
# Karlsruhe", "poinformował w Lublinie minister", "said Biden in Detroit")
_AT = _ON | frozenset("w we à at near".split())
# ... and whom: "a confié un policier au Parisien", "dijo un policía a El País" (the outlet is
# told, the speaker is the one before it)
_TO = frozenset("au aux à a al alla allo ai agli ao aos gegenüber aan dla til till".split())
# Platforms are where a statement is posted, never who makes it.
_PLATFORMS = frozenset(
    "telegram facebook twitter instagram tiktok youtube whatsapp vkontakte vk threads".split()
) | {"truth social"}


def _platform(names: list[str]) -> bool:
    """Whether a name found starts with a platform's name, of one word or two ("Truth Social")."""
    return names[0].lower() in _PLATFORMS or " ".join(names[:2]).lower() in _PLATFORMS


# "I've", "We're", "It's", "That'll": a pronoun or a function word with its verb, no name.
_CONTRACTION = re.compile(
    r"(?:I|you|we|they|he|she|it|that|there|what|who|here|let)['’](?:ve|m|ll|d|re|s)\W*",
    re.IGNORECASE,
)


# Endings of German nouns that no surname has ("Schlussfolgerungen", "Einvernahme", "Vermutung")
_NOUN_ENDINGS = tuple("ung ungen heit keit schaft nahme fälle punkt ismus tion tät nisse".split())


def _platform_speaks(m: re.Match[str]) -> bool:
    """Whether a platform's name a speaker pattern matched is its company speaking: the name alone,
    right before an English speech verb ("Facebook said it had removed the videos"), not a place
    ("on Telegram") nor a channel's ("Telegram channel X said")."""
    before = m.string[: m.start("who")].split()[-1:]
    if before and before[0].lower() in _ON:
        return False
    return len(m.group("who").split()) == 1 and bool(_SPEECH_RE.match(m.string, m.end("who") + 1))


_MEDIA_PEOPLE = frozenset("host hosts presenter anchor personality star".split())


def _who(m: re.Match[str]) -> str | None:
    """The name a speaker pattern matched ("" if nothing is left of it), None if it was all
    words that are no name ("The", "Monday"): then the next pattern is tried."""
    names = m.group("who").split()
    before2 = m.string[: m.start("who")].split()[-2:]
    before = before2[-1:]
    if (
        len(before2) == 2
        and before2[1].isalpha()
        and before2[1].islower()
        and before2[0].lower() in _OUTLET_BEFORE
        and before2[1] not in _MEDIA_PEOPLE
    ):
        # "el diario digital Primicias", "the local paper X": the outlet's noun two words before
        # (not "radio host Liu Hongtao": a person, who speaks for himself)
        before = before2[:1]
    grouped = False
    while names and (names[0].strip("’'.") in _NOT_A_NAME or _CONTRACTION.fullmatch(names[0])):
        grouped = grouped or names[0].strip("’'.") in _GROUPS
        before, names = names[:1], names[1:]
    if not names or names[-1].strip("’'.,") in _GROUPS:
        return None  # "Örtliche Beamte erklärten", "Local Officials said": not named
    if grouped and len(names) == 1 and not names[0].isupper():
        return None  # "Władze Turcji zapowiedziały": the authorities of a place, no one named
    if len(names) >= 2 and _MEDIA.fullmatch(names[0]):
        names = names[1:]  # "dijo a AFP Stella Nanou": told the agency; the person speaks
    if (
        before
        and before[0].lower().strip(",") in _OUTLET_BEFORE
        and not _clause_closed(before[0], m)
        or (_platform(names) and not _platform_speaks(m))
        or names[0].lower() in _OUTLET_BEFORE
    ):
        # "the outlet RT reported", "el medio RT informó", "on Telegram", "Journalist X"; the
        # platform's company speaks for itself ("Facebook said it had removed the videos")
        return ""
    if (
        len(names) == 1
        and not names[0].isupper()  # "die WADA", "der NATO": an acronym is a name
        and before
        and before[0].lower() in _BEFORE_NOUN
        and not english(m.string)
    ):
        return None  # one capitalised word after an article ("der Bewegung"): a German noun
    if len(names) == 1 and not names[0].isupper() and _german_noun_after(before, m):
        return None  # "ein weiterer junger Mann sagte", "64 Menschen bestätigt": a German noun
    if (
        len(names) == 1
        and names[0].strip(".,;:’'").lower().endswith(_NOUN_ENDINGS)
        and not english(m.string)
    ):
        return None  # "warnte vor voreiligen Schlussfolgerungen": a German noun, not a person
    if (
        len(names) >= 3
        and before
        and before[0].lower() in _BEFORE_NOUN
        and not names[0].isupper()
        and not english(m.string)
    ):
        names = names[1:]  # "die Stadträtin Mara Lind": the office's noun, then the name
    if len(names) >= 3 and names[0].lower() in _ROLE_WORDS:
        names = names[1:]  # "Ministar Ivan Horvat", "Premiér Jan Novák": the office, the name
    while len(names) > 1 and names[-1].strip(".,’'") in _WHEN_WORDS:
        names = names[:-1]  # "Vladimir Putin Saturday accused": the day is no part of the name
    name = " ".join(names).rstrip(".’'")
    name = re.sub(r"[’']s$", "", name)
    return re.sub(r"^[LlDd][’']", "", name)  # French elision: "L’ITIA", "d’Amnesty"


def _clause_closed(before: str, m: re.Match[str]) -> bool:
    """Whether an outlet's noun before the name ends a clause of its own ("Interrogé par la chaîne
    Realitatea TV, Calin Georgescu a dénoncé", "Interpellata dai giornalisti, Mara Lind ha detto"):
    a comma after the noun and none after the name. "the newspaper, Le Monde, reported" names the
    outlet between commas."""
    return before.endswith(",") and not m.string[m.end("who") :].lstrip().startswith(",")


def _german_noun_after(before: list[str], m: re.Match[str]) -> bool:
    """Whether the one capitalised word a pattern read as a name is a German noun by what comes
    before it: a count ("64 Menschen", "2.900 Verletzten", "sieben Tote") or an indefinite article
    and adjectives ("ein weiterer junger Mann": someone unnamed). After a definite article the
    noun may be a body that speaks ("das staatliche Ermittlungskomitee teilte mit")."""
    if not before:
        return False
    word = before[0].strip(",")
    if word[:1].isdigit() or word.lower() in _COUNT_WORDS:
        return True
    if not word[:1].islower():
        return False
    preceding = m.string[: m.start("who")].split()[:-1][-3:]
    for w in reversed(preceding):  # back over the adjectives, to the article
        if w.lower() in _INDEFINITE:
            return not english(m.string)
        if not w[:1].islower() or not w.endswith(("e", "er", "es", "en", "em")):
            return False
    return False


_INDEFINITE = frozenset("ein eine einer einem eines einen".split())
_COUNT_WORDS = frozenset(
    "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig hundert tausend "
    "mehrere einige viele zahlreiche weitere".split()
)


# The words a German noun follows: its articles ...
_BEFORE_NOUN = frozenset(
    "der die das den dem des ein eine einer einem eines "
    # ... and the prepositions and possessives a German noun follows ("am Sonntagabend", "auf
    # Anfrage", "ums Leben", "seit seinem Sturz", "wegen Herzproblemen", "von Schüssen")
    "am im ums vom zum zur beim seit wegen auf von mit bei seinem seiner ihrem ihrer "
    # ... and its other determiners ("seine Unschuld", "diese Version")
    "seine sein ihre ihr unsere unser keine kein diese dieser dieses jede jeder jedes "
    # ... and its quantifiers ("sagte alle Feiern ab": cancelled all celebrations)
    "alle allen aller beide beiden viele vielen einige einigen mehrere mehreren".split()
)
_WHEN_WORDS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Yesterday Tonight".split()
)


# Every evidence pattern needs one of these words (lower-cased, whole): a sentence without any
# is decided with one set test instead of a dozen regex scans (most sentences have none).
_TRIGGERS = frozenset(
    """said says told tells stated states wrote writes confirmed confirms denied denies added
    explained recalled testified insisted insists argued argues declared announced announces
    acknowledged acknowledges admitted admits conceded concedes disclosed discloses accused accuses per warned responded replied rejected rejects dismissed tweeted
    dismisses refuted refutes called statement seen obtained reviewed released published filed
    leaked disclosed posted submitted verified examined authenticated copy according show shows
    showed found finds concluded concludes reveal reveals revealed indicate indicates indicated
    list lists listed public handed reporters issued confirm state put stressed emphasised
    emphasized noted clarified asserted maintained reiterated underlined pointed commented
    determined concluded ruled identified responsibility decided ordered sentenced charged remanded indicted
    opened launched shared apologised apologized apology expressed expresses announcement
    dijo afirmó aseguró declaró explicó confirmó negó desmintió anunció confirma ha a déclaré affirmé
    confirmé expliqué démenti annoncé dit déclare affirme confirme dément detto dichiarato affermato
    confermato conferma spiegato smentito smentisce annunciato sagte erklärte bestätigte bestätigt
    betonte dementierte dementiert wies teilte disse afirmou declarou confirmou negou anunciou
    dicho afirmado asegurado declarado explicado confirmado negado desmentido anunciado
    toll cifra bilan bilancio zahl número numero balanço""".split()
) | (_SPEECH_OTHER_GATE | _DOC_OTHER_GATE)  # the other languages' patterns need one of these


_DOC_NOUN_RE = re.compile(rf"\b{_DOC_NOUN}\b", re.IGNORECASE)


# A statement given as what a document says: "..., the company said in its post-incident review".
_SAID_IN = re.compile(
    rf"\b(?:said|says|stated|states|wrote|writes|noted|notes|added)\s+in\s+(?:its|their|his|her|the|a)\s+"
    rf"(?:[\w-]+\s+){{0,3}}{_DOC_NOUN}\b",
    re.IGNORECASE,
)
_SAID_IN_GATE = frozenset("said says stated states wrote writes noted notes added".split())


def document_named(text: str) -> str | None:
    """The document a document-evidence sentence cites ("the filing", "a police report"), or the
    one a statement is quoted from ("the company said in its review")."""
    # Each pattern searched only when the text has words its matches need (see the gates).
    ws = words(text)
    m = _document_search(text) if ws is None or not _DOCUMENT_GATE.isdisjoint(ws) else None
    nouns = _DOC_NOUN_RE
    if m is None:
        m, nouns = _document_other(text, ws, _DOC_OTHER_WORDS), _DOC_OTHER_RE
    if m is None and (ws is None or not _SAID_IN_GATE.isdisjoint(ws)):
        m, nouns = _SAID_IN.search(text), _DOC_NOUN_RE
    if m is None:
        return None
    noun = nouns.search(m.group(0))
    return " ".join(noun.group(0).split()) if noun else None


# Bodies a story's officials speak for, in the languages of the coverage: an unnamed spokesperson
# of one the story already told of ("a coast guard spokesman said", "sagte ein Sprecher der
# Küstenwache", "a affirmé un porte-parole de l'aéroport") gives that body's news again, no new
# source; its confirmation or denial is still evidence.
_BODY_FORMS = {
    "coastguard": r"coast\s?guards?|küstenwache|guardacostas|guarda\s+costeira|guardia\s+costiera|"
    r"garde[-\s]c[ôo]tes?|garde\s+c[ôo]ti[èe]re|straż\w*\s+przybrzeżn\w*|береговой\s+охран\w*|kustwacht",
    "police": r"polic(?:e|ía|ia|iers?|iais?|ial(?:es)?)|polizei\w*|polizia|policj\w+|полици\w*|"
    r"поліці\w*|politie|gendarm\w*|carabinieri|polici(?:ja|je|ji|jo|jom|e|i)|pol[ií]cia|pol[ií]cie|"
    r"polisen|politiet|poliisi\w*|rendőrség\w*|scotland\s+yard",
    # (not the minister Bruno Le Maire: "Maire" after "Le ", in those cases)
    "mayor": r"mayor(?!\s+(?:parte|número|riesgo|que|de\s+edad|tragedia))|"
    r"(?!(?-i:(?<=Le )Maire))maire|bürgermeister\w*|"
    r"alcaldes?a?|sindac[oa]|prim[oa]\s+cittadin[oa]|prefeit[oa]|burmistrz\w*|мэр\w*|burgemeester|gradonačelni\w*|"
    r"градоначелни\w*|primátor\w*|starost[ak]\w*|borgmästare\w*|кмет\w*|"
    # the city's own office ("Mariupol city council said", then "selon la mairie")
    r"city\s+(?:council|hall|administration)|town\s+hall|municipalit(?:y|ies|é)|mairie|"
    r"h[ôo]tel\s+de\s+ville|stadtrat\w*|stadtverwaltung\w*|rathaus\w*|ayuntamiento\w*|"
    r"municipalidad\w*|alcald[ií]a|comune\s+di|prefeitura|rad\w*\s+miejsk\w*|urz[ąę]d\w*\s+miasta|"
    r"городск\w+\s+совет\w*|горсовет\w*|мэри[яиюей]|міськ\w+\s+рад\w*|gemeente\w*",
    "governor": r"governor|gouverneur|gobernador\w*|governatore|governador\w*|gubernator\w*|губернатор\w*",
    "airport": r"airports?|a[ée]roports?|flughafen\w*|aeropuerto\w*|aeroporto\w*|lotnisk\w*|"
    r"аэропорт\w*|luchthaven",
    "fire service": r"fire\s?fighters?|fire\s+(?:service|department|brigade|chief)s?|pompiers|"
    r"feuerwehr\w*|bomberos|vigili\s+del\s+fuoco|bombeiros|straż\w*\s+pożarn\w*|пожарн\w*|"
    r"vatrogas\w*|gasilc\w*|gasilsk\w*|hasič\w*|räddningstjänst\w*",
    "hospital": r"hospitals?|h[ôo]pital\w*|krankenh[aä]us\w*|klinik\w*|ospedal[ei]|szpital\w*|"
    r"больниц\w*|ziekenhuis|bolnic\w*|nemocnic\w*|sjukhus\w*|sykehus\w*",
    "army": r"army|military|armed\s+forces|arm[ée]e|bundeswehr|ej[ée]rcito|esercito|ex[ée]rcito|"
    r"wojsk\w*|арми\w*|vojsk\w*|armij\w*|armád\w*|försvarsmakten",
    # a federal prosecutor taking over is another office than the local one heard before
    "federal prosecutor": r"federal\s+prosecut\w+|(?:general)?bundesanwalt\w*|"
    r"parquet\s+f[ée]d[ée]ral|procureur\w*\s+f[ée]d[ée]ra\w*|fiscal[íi]a\s+federal|"
    r"procura\s+federale|procuradoria\s+federal",
    "prosecutor": r"prosecut\w+|parquet|procureur\w*|staatsanwalt\w*|fiscal[íi]a|procura|"
    r"procurador\w*|prokura\w+|прокур\w+|(?:fő)?ügyész\w*",
    "government": r"government|gouvernement|regierung\w*|gobierno|governo|rząd\w*|правительств\w*|"
    r"vlad[aeiu]|vládu?|vlády|влад[аеиу]|правителств\w*|regeringen|hallitu\w*",
    "health ministry": r"health\s+ministry|ministry\s+of\s+health|minist[èe]re\s+(?:[a-zà-ÿ]+\s+)?de\s+la\s+sant[ée]|"
    r"gesundheitsministerium|ministerio\s+(?:[a-zà-ÿ]+\s+)?de\s+(?:sanidad|salud)|ministero\s+(?:[a-zà-ÿ]+\s+)?della\s+salute|"
    r"minist[ée]rio\s+(?:[a-zà-ÿ]+\s+)?da\s+sa[úu]de|ministerstw\w*\s+zdrowia|минздрав\w*",
    "authorities": r"authorities|beh[öo]rden?|autorit[ée]s|autoridades|autorit[àa]|władz[eay]|власт[ия]|"
    r"autoriteiten",
    "minister": r"minister(?!ium|ie)|ministre|ministr[oa]|ministerin|министр[аеу]?|міністр[аеу]?",
    "civil protection": r"civil\s+(?:protection|defen[cs]e)|protezione\s+civile|protecci[óo]n\s+civil|"
    r"protection\s+civile|katastrophenschutz|defesa\s+civil|мчс|"
    # Ukraine's State Emergency Service, in any language ("DSNS", "ГСЧС", "Госслужба по ЧС")
    r"state\s+emergency\s+services?|ses|дснс|гсчс|dsns|госслужб\w*|"
    r"державн\w+\s+служб\w+\s+(?:україни\s+)?з\s+надзвичайних\s+ситуацій|"
    r"служб\w+\s+(?:ds\.|do\s+spraw)\s+sytuacji\s+nadzwyczajnych",
    "airline": r"airlines?|compagnie\s+a[ée]rienne|fluggesellschaft|aerol[íi]nea|compagnia\s+aerea|"
    r"companhia\s+a[ée]rea|lini[ai]\s+lotnicz\w*|авиакомпани\w*",
    "federal council": r"federal\s+council|bundesrat\w*|conseil\s+f[ée]d[ée]ral|consiglio\s+federale",
    "foreign ministry": r"foreign\s+(?:ministry|office)|ministry\s+of\s+foreign\s+affairs|"
    r"ausw[äa]rtige\w*\s+amt\w*|außenministerium\w*|minist[èe]re\s+(?:[a-zà-ÿ]+\s+)?des\s+affaires\s+[ée]trang[èe]res|"
    r"ministerio\s+(?:[a-zà-ÿ]+\s+)?de\s+(?:(?:asuntos|relaciones)\s+)?exteriores|farnesina|ministero\s+(?:[a-zà-ÿ]+\s+)?degli\s+esteri|"
    r"msz|мид",
    "interior ministry": r"interior\s+ministry|ministry\s+of\s+(?:the\s+)?interior|home\s+office|"
    r"innenministerium\w*|minist[èe]re\s+(?:[a-zà-ÿ]+\s+)?de\s+l['’]int[ée]rieur|ministerio\s+(?:[a-zà-ÿ]+\s+)?del?\s+interior|"
    r"viminale|ministero\s+(?:[a-zà-ÿ]+\s+)?dell['’]interno|mswia|msw|ministerstw\w*\s+spraw\s+wewnętrznych|мвд",
    "court": r"courts?|tribunal(?:es)?|gerichts?|landgericht\w*|amtsgericht\w*|tribunale|"
    r"sąd(?:u|em|zie)?|суд(?:а|е|ом|у)?",
    # Russia's and Ukraine's investigative committees, in any language ("the Investigative
    # Committee" after "Следственный комитет")
    "investigative committee": r"(?:state\s+)?investigati(?:ve|on)\s+committee|"
    r"следственн\w+\s+комитет\w*|слідч\w+\s+комітет\w*|komitet\w*\s+śledcz\w*|"
    r"comit[ée]\s+d['’]enqu[êe]te|comitato\s+investigativo|comit[ée]\s+de\s+investigaci[óo]n|"
    r"ermittlungskomitee\w*|untersuchungskomitee\w*",
    "investigators": r"investigators?|ermittler\w*|enqu[êe]teurs?|investigador[ae]s|investigatori|"
    r"śledcz\w*|следовател\w*",
    "kremlin": r"kreml\w*|cremlino|кремл\w*",
    # a head of state ("a annoncé le président ukrainien", "рассказал президент"); not one of
    # another office ("BKA-Präsident", "vice-president")
    "president": r"(?<![-\w])(?:president|pr[ée]sident|presidente|präsident(?:in)?|prezydent\w*|"
    r"президент\w*|prezident\w*|predsjednik\w*|predsednik\w*|председник\w*|præsident\w*|"
    r"presidentti\w*)(?![-\w])",
    "white house": r"white\s+house|maison\s+blanche|wei(?:ß|ss)e[nm]?\s+haus\w*|casa\s+(?:blanca|bianca|branca)|"
    r"biał\w+\s+dom\w*|бел\w+\s+дом\w*",
    "pentagon": r"pentagon\w*|pent[áa]gono|пентагон\w*",
    "defence ministry": r"defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e|verteidigungsministerium\w*|"
    r"minist[èe]re\s+(?:[a-zà-ÿ]+\s+)?(?:de\s+la\s+)?d[ée]fense|ministerio\s+(?:[a-zà-ÿ]+\s+)?de\s+defensa|ministero\s+(?:[a-zà-ÿ]+\s+)?della\s+difesa|"
    r"minist[ée]rio\s+da\s+defesa|ministerstw\w*\s+obrony|минобороны|министерств\w*\s+обороны|"
    r"міноборони|міністерств\w*\s+оборони",
    "red cross": r"red\s+cross|croix[-\s]rouge|rote[nms]?\s+kreuz\w*|cruz\s+(?:roja|vermelha)|croce\s+rossa|"
    r"czerwon\w+\s+krzyż\w*|красн\w+\s+крест\w*|icrc|cicr|ikrk",
    "central bank": r"central\s+bank|zentralbank|nationalbank|banque\s+(?:centrale|nationale)|"
    r"banco\s+central|banca\s+centrale|bank\w*\s+centraln\w*|центробанк\w*",
    # international organisations, named in each language ("Amnistía Internacional" after
    # "Amnesty International", "die Unama-Mission" after "the UN mission"); the acronyms in
    # capitals only ("un", "uno" are words)
    "amnesty": r"(?-i:Amnesty)(?:\s+international)?|amnist[íi]a\s+internacional|amnistie\s+internationale|"
    r"amnistia\s+internazionale|международн\w+\s+амнисти\w+|міжнародн\w+\s+амністі\w+",
    "united nations": r"united\s+nations|vereinte[nm]?\s+nationen|nations\s+unies|naciones\s+unidas|"
    r"nazioni\s+unite|na[çc][õo]es\s+unidas|narod[óo]w\s+zjednoczonych|verenigde\s+naties|"
    r"организаци\w+\s+объединённых\s+наций|организаци\w+\s+объединенных\s+наций|"
    r"unama\w*|(?-i:UN|UNO|ONU|ООН|ОНН|ONZ|Onu)",
    "world health organization": r"world\s+health\s+organi[sz]ation|weltgesundheitsorganisation|"
    r"organisation\s+mondiale\s+de\s+la\s+sant[ée]|organizaci[óo]n\s+mundial\s+de\s+la\s+salud|"
    r"organizzazione\s+mondiale\s+della\s+sanit[àa]|organiza[çc][ãa]o\s+mundial\s+da\s+sa[úu]de|"
    r"światow\w+\s+organizacj\w+\s+zdrowia|всемирн\w+\s+организаци\w+\s+здравоохранения|"
    r"(?-i:WHO|OMS|ВОЗ)",
    "nato": r"(?-i:NATO|Nato|OTAN|НАТО)",
}
# One pattern, a named group a body (one pass over a text, not one per body).
_BODY_GROUPS = {f"b{i}": body for i, body in enumerate(_BODY_FORMS)}
_BODIES = re.compile(
    r"\b(?:"
    + "|".join(f"(?P<b{i}>{forms})" for i, forms in enumerate(_BODY_FORMS.values()))
    + r")\b",
    re.IGNORECASE,
)


# Every _BODIES match contains one of these (lower-cased): a text without any is not searched
# (most are not; the whole ledger is read once at load).
_BODY_STEMS = tuple(
    """coast küstenwache guarda guardia garde straż берегов kustwacht polic polizei полици поліці
    polizia politie gendarm carabinier mayor maire bürgermeister alcald sindac prefeit burmistrz мэр
    burgemeester govern gouverneur gobernador gubernator губернатор airport aéroport aeroport
    flughafen aeropuerto lotnisk аэропорт luchthaven fire pompiers feuerwehr bomberos vigili
    bombeiros пожарн hospital hôpital hopital krankenh klinik ospedal szpital больниц ziekenhuis
    army military armed armée armee bundeswehr ejército ejercito esercito exército exercito wojsk
    арми prosecut parquet procur staatsanwalt bundesanwalt fiscal prokura прокур ügyész regierung gobierno rząd
    правительств health gesundheit ministerio ministero ministério ministerio ministère ministere
    ministerstw минздрав civil protezione protección proteccion protection katastrophenschutz
    defesa мчс state ses дснс гсчс dsns госслужб державн służb airline compagnie fluggesellschaft aerolínea aerolinea compagnia companhia lotnicz
    авиакомпани authorit behörde behorde autorit autoridad władz власт minist министр міністр
    guardacostas federal bundesrat conseil consiglio foreign ausw außenministerium affaires
    exteriores farnesina esteri msz мид interior home innenministerium intérieur interieur viminale
    interno mswia msw мвд court tribunal gericht sąd суд investigat ermittler enquêteur enqueteur
    śledcz следовател следствен слідч comité comite comitato ermittlungskomitee
    untersuchungskomitee zentralbank nationalbank banque banco banca bank центробанк políc polis
    poliisi rendőrség scotland gradonačelni градоначелни primátor starost borgmästare кмет vlad vlád влад
    правителств regeringen hallitu vojsk armij armád försvarsmakten bolnic nemocnic sjukhus
    sykehus vatrogas gasil hasič räddningstjänst kreml cremlin кремл white maison weiße weisse
    weißen weissen casa biał бел pentag pentág пентагон defen verteidigung défense obrony
    минобороны обороны міноборони оборони croix rote roten kreuz cruz croce czerwon красн icrc
    cicr ikrk city town municipalit mairie hôtel hotel stadtrat stadtverwaltung rathaus ayuntamiento
    municipalidad alcaldía comune cittadin prefeitura miejsk miasta городск горсовет мэри міськ gemeente
    president président presidente präsident prezydent президент prezident predsjednik predsednik
    председник præsident presidentti amnest amnist амнист амніст united vereinte nations naciones
    nazioni nações nacoes narodów verenigde наций unama world weltgesundheit mondiale mundial
    światow всемирн""".split()
)
# ... and the acronyms, in capitals (not lower-cased: "un" and "uno" are words)
_BODY_ACRONYMS = tuple("UN ONU Onu ООН ОНН ONZ WHO OMS ВОЗ NATO Nato OTAN НАТО".split())


def bodies_in(text: str) -> frozenset[str]:
    """The bodies of `_BODY_FORMS` a text tells of ("la Guardia Costiera greca": coastguard)."""
    low = text.lower()
    if not any(stem in low for stem in _BODY_STEMS) and not any(a in text for a in _BODY_ACRONYMS):
        return frozenset()
    return frozenset(_BODY_GROUPS[m.lastgroup or ""] for m in _BODIES.finditer(text))


# Verbs that make an office's words a confirmation, a denial or an act: evidence even from a
# body the story already heard (a plain "said" from it is not).
# Verbs that correct what was said before ("korrigierte frühere Angaben", "a rectifié le bilan"):
# a denial of it, even from an office the story heard (_official_other).
_CORRECTS = re.compile(
    r"korrig|corrig|corrected|rectifi|rettific|retific|skorygow|sprostow|поправ", re.I
)
# ... and that admit something (against the office's interest): a confirmation, also from an
# office the story heard ("il premier ha ammesso che", "räumte ein", "reconoció que").
_ADMITS = re.compile(
    r"admit|acknowledg|ammess|ammett|admiti|reconoci|reconnu|reconna[iî]t|räumte|eingeräumt|"
    r"eingestanden|gestand|przyzna|призна|erkende|erkent|reconheceu",
    re.I,
)
_CONFIRMS = re.compile(
    r"confirm|den[iy]|d[ée]ment|desment|desmint|smenti|bestätig|neg[óo]u?\b|negad|negat|reject|"
    r"dismiss|refut|zaprzecz|potwierdz|подтверд|опроверг|order|charg|ruled|determin|conclu|"
    r"arrest|detain|zurück|bevestig|ontken|ontkracht|descart|écart|exclu|esclu|erősít|cáfol|"
    + _CORRECTS.pattern
    + "|"
    + _ADMITS.pattern,
    re.IGNORECASE,
)


def confirms_or_denies(text: str) -> bool:
    """Whether a sentence's verb confirms, denies or orders (_CONFIRMS), or it calls the claims
    false (_DENIES)."""
    return _CONFIRMS.search(text) is not None or _DENIES.search(text) is not None


# ... and words that make what it says a denial ("this name is incorrect", "c'est faux").
_DENIES = re.compile(
    r"\b(?:incorrect|false|untrue|inaccurate|fake|wrong|baseless|unfounded|faux|fausse|erron[ée]e?|"
    r"falsch|unwahr|falso|falsa|err[óo]ne[oa]|fałszyw\w*|nieprawd\w*|ложн\w*|неправд\w*|"
    # groundless, lying, rejected: "las acusaciones mentirosas e infundadas", "голословным"
    r"groundless|categorically|infundad\w*|mentiros\w*|rechaz\w*|infondat\w*|menzogn\w*|"
    r"respint\w*|infondée?s?|mensong\w*|haltlos\w*|erfunden\w*|zurückgewiesen|rejeit\w*|"
    r"bezpodstawn\w*|голословн\w*|безосновательн\w*|необоснованн\w*|"
    # a lie: "сказал, что это ложь", "es mentira", "eine Lüge", "kłamstwo", "een leugen"
    r"ложь|лжи|брехн\w*|mentiras?|bugi[ae]|Lügen?|kłamstw\w*|leugens?)\b",
    re.IGNORECASE,
)


def _said_again(
    claim: Claim,
    who: str | None,
    verb: str,
    text: str,
    role_at: int,
    heard: Callable[[frozenset[str]], bool],
) -> bool:
    """Whether an unnamed office speaking at `role_at` ("un porte-parole de l'aéroport", "ein
    Sprecher der griechischen Küstenwache", "a coast guard spokesman") is one the story told of
    before, and neither confirms nor denies: its news again, no new source."""
    if who or claim.negated or _CONFIRMS.search(verb) or _DENIES.search(claim.text):
        return False
    if _BRIEFING.search(text):
        return False  # a new briefing: what the office says there is on record afresh
    # the body stands after the office ("portavoz de los guardacostas") or, in English, right
    # before it in the same clause ("a coast guard spokesman")
    before = re.split(r"[,;:()\"“”«»]", text[max(0, role_at - 30) : role_at])[-1]
    return heard(bodies_in(before + text[role_at : role_at + 70]))


# A press conference or briefing: an office's new statement, given on record, in any language.
_BRIEFING = re.compile(
    r"\b(?:press\s+conference|news\s+conference|(?:press\s+|media\s+)?briefing"
    r"|Pressekonferenz|Pressebriefing|conférence\s+de\s+presse|point\s+(?:de\s+)?presse"
    r"|rueda\s+de\s+prensa|conferencia\s+de\s+prensa|conferenza\s+stampa|entrevista\s+coletiva"
    r"|coletiva\s+de\s+imprensa|konferencj\w*\s+prasow\w*|пресс-конференци\w*|брифинг\w*"
    r"|прес-конференці\w*|persconferentie|pressekonference|presskonferens\w*|pressekonferanse\w*"
    r"|tiskov\w*\s+konferenc\w*|tlačov\w*\s+konferenci\w*|konferencij\w*\s+za\s+medije"
    r"|conferinț\w*\s+de\s+presă|συνέντευξη\s+τύπου"
    # da, nb ("pressemødet med politiet"), fi, et, hu
    r"|pressemøde\w*|pressemøte\w*|pressebriefing\w*|tiedotustilaisuu\w*|pressikonverents\w*|sajtótájékoztató\w*)\b",
    re.IGNORECASE,
)


# The reason a named source new to the story is evidence (judge.verdict looks for it too).
NEW_SOURCE = "a new named source on record"


def evidence_in(
    claim: Claim,
    *,
    known: Callable[[str], bool] = lambda name: False,
    subject: Callable[[str], bool] = lambda name: False,
    voiced: Callable[[str], bool] | None = None,
    compared: bool = False,
    heard: Callable[[frozenset[str]], bool] = lambda bodies: False,
) -> Evidence | None:
    """The evidence a (new, not retold) claim carries, if any.

    `known(name)`: whether the story named this person or body before (then their saying it again
    is no new voice); `subject(name)`: whether the name is one of the story's protagonists (their
    own fresh statement counts even though they are known); `voiced(name)`: whether the story
    quoted them before (default: `known`). A person named before but never quoted, now speaking
    on record with a dated or quoted statement, is a new voice. `compared`: whether the claim was
    compared by meaning with every record (so a quotation left new is not one on record in other
    words): then a known voice's new quotation is a new statement even undated. `heard(bodies)`:
    whether the story told of one of these bodies (`bodies_in`) before: then an unnamed
    spokesperson of it saying more is no new source (confirming or denying still is)."""
    text = claim.text
    ws = words(text)
    if ws is not None and _TRIGGERS.isdisjoint(ws) and not _court_stem(text) and not _so_said(text):
        return None
    quoted = voiced or known

    # A body the story told of in any language counts as named (and as heard from) before:
    # "die Staatsanwaltschaft" after "le parquet", "the Federal Council" after "der Bundesrat".
    def told(name: str) -> bool:
        return known(name) or heard(bodies_in(name))

    def heard_from(name: str) -> bool:
        return quoted(name) or heard(bodies_in(name))

    found = _evidence(claim, told, subject, heard_from, ws, compared, heard)
    if found is None or _vetoed(text, ws, found):
        return None
    return found


def _vetoed(text: str, ws: frozenset[str] | None, found: Evidence) -> bool:
    """Whether evidence found is vetoed. Vetoes last (they are the costlier patterns): hearsay,
    a recap of what was reported before and questions carry no evidence."""
    return bool(
        _hearsay(text, found)
        or _said_as(_REITERATED, text, found)
        or _said_as(_DECLARED_ACT, text, found)
        or _recap(text, ws)
        or text.rstrip("\"'”’) ").endswith("?")
        or _reaction_only(text, found)
        or _said_as(_NONCOMMITTAL, text, found, kinds=("official",))
        or (_said_as(_ONGOING, text, found, kinds=("official",)) and not _ADDED.search(text))
        or _relayed(text, found)
    )


# The words before whoever gives what follows: "according to", "laut", "selon", "según" ...
_PER_SOURCE = r"according\s+to|selon|d['’]après|laut|según|segundo|secondo|według"
# ... and those that say who relays a statement: "..., Lind said, according to the Veldra
# Courier", "sagte Lind laut BILD", "afirmou Lind, segundo a Lusa".
_RELAY = re.compile(
    rf"(?:^|[,\s(])(?:(?i:{_PER_SOURCE})"
    rf"|citing|zitiert\s+von|cité\s+par|citado\s+por|citato\s+da)\s+(?:(?:the|der|die|das|le|la"
    rf"|les|el|a|o|il|lo)\s+|l['’])?(?P<src>[{_UP}][\w’'.-]+(?:\s+(?:of\s+)?[{_UP}][\w’'.-]+){{0,3}})"
)


def _an_outlet(name: str) -> bool:
    """Whether a name is an outlet's ("BILD", "the Times", "El País"), in any capitalisation."""
    return any(
        p.fullmatch(n) for n in (name, name.title()) for p in (_MEDIA, _MEDIA_OTHER, _OUTLET)
    )


def _relayed(text: str, found: Evidence) -> bool:
    """Whether a voice's statement comes relayed by another name, not a body (an outlet, most
    often): "Lind said, according to the Veldra Courier". Hearsay of a statement: the outlet
    is no source on record, and the statement is as good as its report."""
    if found.kind not in ("on_record", "official") or found.why.startswith(COURT_ACT):
        return False
    relays = list(_RELAY.finditer(text))
    if not relays:
        return False  # most sentences: no need to ask who speaks
    who = speaker(text)
    if not who:
        # "Laut Innenministerin Nancy Faeser ...": the words name the source itself; unless
        # that is an outlet ("Das teilte der Minister laut BILD mit")
        return any(_an_outlet(m.group("src")) for m in relays)
    for m in relays:
        src = m.group("src")
        if bodies_in(src) or any(w in src for w in who.split() if w[:1].isupper()):
            continue  # "laut Polizei": an office; "according to Lind": the voice itself
        return True
    return False


# A quotation and the verb that says it, right after it: said by "he" or "she" (whom the
# sentences before name: "..., a-t-elle affirmé", "..., sagte er", "... – powiedział"; Spanish,
# Italian, Portuguese and Polish leave the pronoun out: "..., ha detto"), or by whom the verb
# names ("..., dijo la compañía", "..., ha dichiarato il legale"), not by someone unnamed
# ("..., indicó un operario").
_QUOTE_SAID = re.compile(
    r"""[”"»“]\s*(?:[,–—-]\s*){0,2}(?:
    (?:he|she|the\s+(?:[\w-]+\s+){0,2}?(?:commissioner|minister|mayor|prosecutor|spokes(?:man|woman|person)
    |chief|director|president|governor|commander|sheriff|judge|lawyer|attorney|chairman|secretary
    |coroner|inspector|captain|ambassador|senator|premier|chancellor|official))
    \s+(?:said|added|told|explained|continued|insisted|stressed|warned|wrote|recalled
    |says|adds|explains|tells|recalls)
    |(?:a-t-(?:il|elle)|a)\s+(?:dit|déclaré|affirmé|ajouté|expliqué|indiqué|précisé|souligné|assuré
    |estimé|poursuivi|insisté|raconté|confié|témoigné)
    |(?:dit|explique|raconte|affirme|ajoute|poursuit|assure|confie|témoigne|souligne|précise
    |indique|insiste|déclare)-(?:t-)?(?:il|elle)
    |(?:sagte|sagt|erklärte|erklärt|betonte|betont|schrieb|schreibt|ergänzte|fügte|erzählte
    |erzählt|berichtete|berichtet)\s+(?:er|sie)
    |(?:ha|aveva)\s+(?:detto|aggiunto|spiegato|dichiarato|affermato|sottolineato|precisato
    |raccontato)
    |(?:dice|spiega|racconta|aggiunge|afferma|sottolinea|prosegue)
    |(?:dijo|añadió|afirmó|explicó|señaló|aseguró|agregó|indicó|declaró|contó|relató
    |dice|explica|cuenta|afirma|añade|asegura|relata|agrega)
    |ha\s+(?:dicho|señalado|explicado|asegurado|añadido|afirmado|contado)
    |(?:disse|afirmou|acrescentou|explicou|declarou|contou|relatou|diz|conta|explica|afirma
    |acrescenta)
    |(?:zei|zegt|verklaarde|vertelde|vertelt)\s+(?:hij|ze|zij)
    |(?:powiedział|dodał|stwierdził|podkreślił|mówił|opowiadał)a?
    |(?:mówi|dodaje|podkreśla|opowiada)
    |(?:сказал|заявил|добавил|отметил|рассказал|пояснил)[аи]?
    |(?:говорит|рассказывает)
    )\b
    # not someone unnamed ("un vecino", "inoltre una donna", "l'un d'eux", "one of them")
    (?!\s+(?:(?:inoltre|ancora|also|encore|auch|también|además|ainda)\s+)?(?:un|una|uno|un['’]|um
    |uma|une|ein|eine|einer|een|an?|l['’]une?|one\s+of)\b)
    # nor a reporter or a photographer ("a poursuivi le journaliste"): the outlet's voice
    (?!\s+(?:(?:le|la|l['’]|el|il|lo|o|a|der|die|the|our|notre|nuestro|nostro)\s*)?(?:journaliste|
    photographe|reporter|correspondant|correspondante|periodista|fotógrafo|reportero|giornalista
    |fotografo|inviato|inviata|journalist|journalistin|fotograf|korrespondent|jornalista
    |dziennikarz|dziennikarka|fotoreporter|журналист|фотограф|photographer|correspondent)\b)
    # nor an outlet ("señaló el citado diario", "a ajouté le quotidien")
    (?!\s+(?:(?:le|la|l['’]|el|il|lo|o|a|der|die|das|the|this|ce|este|questo)\s*)?(?:\w+\s+)?
    (?:diario|periódico|rotativo|journal|quotidien|hebdomadaire|giornale|quotidiano|jornal|gazeta
    |dziennik|zeitung|blatt|newspaper|paper|daily|tabloid|agency|agencia|agence|agenzia|agência
    |broadcaster|channel|chaîne|cadena|emittente|emissora|sender|газета|издание|агентство)\b)""",
    re.IGNORECASE | re.VERBOSE,
)


def quoted_said(claim: Claim) -> Evidence | None:
    """A quotation said by whom the verb after it names or the sentences before name ("« Des
    cuves fuyaient », a-t-elle affirmé", "..., dijo la compañía"): a statement on record,
    though `speaker` finds no name in the sentence. The caller knows the quotation is on no
    record. Not a reaction, a question, words said again, nor someone unnamed."""
    text = claim.text
    m = _QUOTE_SAID.search(text)
    if m is None or text[: m.start()].rstrip().endswith("?"):
        return None
    found = Evidence(text, "on_record", "a statement quoted for the first time, on record")
    return None if _vetoed(text, words(text), found) else found


# Neither a confirmation nor a denial: "neither confirmed nor denied", "did not confirm",
# "не подтвердила", "nie potwierdziło", "hat nicht bestätigt", "n'a pas confirmé".
_NONCOMMITTAL = re.compile(
    r"\bneither\s+confirm\w*\s+nor\s+den\w*|\b(?:did\s+not|didn['’]t|would\s+not|wouldn['’]t|"
    r"could\s+not|couldn['’]t|declined\s+to|refused\s+to|has\s+not|have\s+not)\s+(?:\w+\s+)?"
    r"(?:confirm|deny)\b"
    r"|\bне\s+(?:подтвер\w*|опроверг\w*)|\bnie\s+(?:potwierdzi\w*|zaprzeczy\w*)"
    r"|\bweder\s+bestätigt\w*\s+noch\s+dementiert\w*|\bnicht\s+(?:bestätigt\w*|dementiert\w*)"
    r"|\bbestätigte\s+(?:\w+\s+){0,4}?nicht\b|\bni\s+confirm\w*\s+ni\s+d[ée]ment\w*"
    r"|\bn['’](?:a|ont)\s+pas\s+(?:\w+\s+)?(?:confirmé|démenti)"
    r"|\bno\s+(?:ha\s+)?(?:confirm\w*|desmenti\w*)|\bni\s+confirmó\s+ni\b"
    r"|\bnon\s+ha\s+(?:confermato|smentito)|\bné\s+confermat\w*\s+né\b"
    r"|\bnão\s+(?:confirmou|negou)"
    # nothing known yet, no more to say: "ist noch unklar, wie", "non poter dare ulteriori
    # particolari", "declined to give further details", "se desconoce"
    r"|\b(?:noch|weiter\w*)\s+unklar\b|\b(?:unklar|nicht\s+bekannt),\s+(?:wie|warum|was|ob)\b"
    r"|\b(?:non|no|nicht|pas|not)\s+(?:\w+\s+){0,2}?(?:ulteriori\s+particolari|más\s+detalles|"
    r"weitere[n]?\s+(?:Angaben|Details|Einzelheiten)|plus\s+de\s+détails|further\s+details)\b"
    r"|\bdeclined\s+to\s+(?:give|provide|offer)\s+(?:any\s+)?(?:further\s+|more\s+)?details\b"
    r"|\bse\s+desconoce\b|\bon\s+ignore\s+encore\b|\bnon\s+è\s+ancora\s+chiaro\b",
    re.IGNORECASE,
)
# ... nor that the inquiry goes on, with nothing of what it found: "les investigations se
# poursuivent pour élucider les motifs", "man bemühe sich mit Hochdruck um Aufklärung", "the
# investigation is ongoing", "le indagini proseguono", "la investigación continúa", "śledztwo
# trwa" (not with a figure or more added: "..., adding that three suspects were arrested")
_ONGOING = re.compile(
    r"\b(?:investigations?|inquiry|probe|enqu[êe]tes?|investigaciones|investigación|indagini|"
    r"inchiesta|ermittlungen|untersuchungen|śledztwo)\s+(?:\w+\s+){0,2}?(?:is\s+ongoing|are\s+"
    r"ongoing|continues|continue|se\s+poursui\w+|continu\w+|dauern\s+an|laufen\s+weiter|"
    r"sigue\w*|prosegu\w+|trwa)\b|\bbemüh\w*\s+sich\s+(?:\w+\s+){0,3}?um\s+Aufklärung\b",
    re.IGNORECASE,
)
_ADDED = re.compile(
    r"\d|\b(?:adding|ajoutant|añadiendo|agregando|aggiungendo|acrescentando|fügte|dodając|"
    r"one|two|three|four|five|six|seven|eight|nine|ten)\b",
    re.IGNORECASE,
)


# Said again: "reiterated", "reiteró", "a réitéré", "ha ribadito", "bekräftigte erneut": a
# statement the sentence itself says was on record before.
_REITERATED = re.compile(
    r"\b(?:reiterat\w*|reiter[óo]|reiteraron|ha\s+reiterado|a\s+réitéré|réitère|ont\s+réitéré|"
    r"ha\s+ribadito|hanno\s+ribadito|ribadisce|reiterou|bekräftigte\s+erneut|"
    r"wiederholte\s+(?:\w+\s+)?(?:seine|ihre|die)\s+(?:Aussage|Angaben|Forderung|Position)|"
    r"herhaalde|ponowi(?:ł|ła|li)|powtórzy(?:ł|ła|li)|повтори(?:л|ла|ли)|вновь\s+заяви(?:л|ла|ли))\b",
    re.IGNORECASE,
)


# A declaration that is an act, not a statement: "declared a state of emergency", "ha dichiarato
# un'allerta rossa", "declaró la zona catastrófica": news of a measure, not a source on record.
_DECLARED_ACT = re.compile(
    r"\b(?:declared|declares|declaró|declararon|ha\s+declarado|han\s+declarado|ha\s+dichiarato|"
    r"hanno\s+dichiarato|dichiarò|a\s+déclaré|ont\s+déclaré|a\s+décrété|ont\s+décrété|décrète|"
    r"declarou|declararam|decretou|decretó)\s+(?:a|an|the|el|la|los|las|un|una|uno|lo|il|l['’]|un['’]|"
    r"le|les|une|o|os|um|uma)\s*(?:\w+\s+){0,2}?(?:state|emergency|disaster|alert|estado|emergencia|"
    r"alerta|zona|catástrofe|calamidad|stato|emergenza|allerta|allarme|area|calamità|état|urgence|"
    r"alerte|catastrophe|zone|emergência|calamidade)\b",
    re.IGNORECASE,
)


def _said_as(
    pattern: re.Pattern[str],
    text: str,
    found: Evidence,
    kinds: tuple[str, ...] = ("on_record", "official"),
) -> bool:
    """Whether a voice's or an office's statement found (of `kinds`) is said in a way `pattern`
    tells is no new evidence: said again (_REITERATED), a measure declared (_DECLARED_ACT), an
    office neither confirming nor denying (_NONCOMMITTAL). A court's act, a document or data
    stay evidence."""
    if found.kind not in kinds or found.why.startswith(COURT_ACT):
        return False
    return pattern.search(text) is not None


# What a reaction says: shock, grief, sympathy, outrage. A minister "deeply shocked", a senator's
# "profondo sgomento", condolences: said on record, but they neither support nor refute a claim.
# (Not "a cowardly attack", "un lâche attentat": that calls it an attack, a claim of its own. Not
# the Romance or German "condemn" either: "condamné", "condannato", "verurteilt" is sentenced.)
_REACTION = re.compile(
    r"""\b(shock(ed|ing)|in\s+(a\s+state\s+of\s+)?shock|horrif(ied|ic)|appall(ed|ing)|sadden(ed|ing)|devastat(ed|ing)|heartbr(oken|eaking)
    |condolences|sympath(y|ies)|thoughts\s+(are|go|went)|prayers|solidarity|grie(f|ving)|mourn\w*|dismay(ed)?
    |deuil|lutto|luto|Staatstrauer|żałob\w*|траур\w*|rouw
    |outrage(d|ous)?|disgust(ed|ing)|condemn(ed|s|ing)?|unacceptable
    |gruesome|horrendous|atrocious|barbaric
    |a\s+réagi|ont\s+réagi|réagit|inacceptable|inadmissible|inakzeptabel|inaceptable
    |ha\s+reagito|hanno\s+reagito|inaccettabile|inaceitável
    |express(ed|es)\s+(his|her|its|their)\s+(\w+\s+)?(concern|sadness|shock|sorrow)
    |erschüttert\w*|schockiert\w*|entsetz\w*|bestürz\w*|fassungslos\w*|Beileid|Mitgefühl|Anteilnahme|Trauer|traurig\w*
    |choqu[ée]e?s?|boulevers[ée]e?s?|constern[ée]e?s?|horrifi[ée]e?s?|condoléances|pensées|tristesse|effro[iy]\w*
    |conmocionad[oa]s?|consternad[oa]s?|horrorizad[oa]s?|condolencias|pésame|solidaridad|tristeza
    |sgoment\w*|sconvolt[oaie]|cordoglio|condoglianze|vicinanza|solidarietà|indignazione|sconcert\w*
    |chocad[oa]s?|condolências|solidariedade
    |wstrząśni\w*|kondolencj\w*|współczuci\w*|solidarnoś\w*
    |geschokt|geschrokken|medeleven|condoleances|verbijsterd
    |соболезновани\w*|шокирован\w*|потрясен\w*|скорб\w*
    |get\s+well|speedy\s+recovery|wracaj\s+do\s+zdrowia|powrotu\s+do\s+zdrowia|gute\s+Besserung
    |pronta\s+(guarigione|recuperaci[óo]n)|pronto\s+restablecimiento|prompt\s+r[ée]tablissement
    |скорейшего\s+выздоровления)\b""",
    re.IGNORECASE | re.VERBOSE,
)
# ... unless the sentence also gives a fact on record: a figure, or a confirmation or denial.
_REACTION_FACT = re.compile(
    r"\d|\b(confirm\w*|den(y|ied|ies)|bestätig\w*|dementi\w*|confirm[ée]\w*|d[ée]ment\w*|confirm[óo]|neg[óo]"
    r"|conferm\w*|smentit\w*|confirmou|negou|potwierdzi\w*|zaprzeczy\w*|подтверди\w*|опроверг\w*)\b",
    re.IGNORECASE,
)


# The runs every _REACTION match starts at, and those it may start with (tests/test_fastpaths_gates.py
# reads them from the pattern): re would try its ~100 alternatives at every word.
_REACTION_STARTS = frozenset(
    """
    a anteilnahme appalled appalling atrocious barbaric beileid gruesome horrendous bestürz
    bouleverse bouleversee bouleversees
    bouleverses bouleversé bouleversée bouleversées bouleversés chocada chocadas chocado
    chocados choque choquee choquees choques choqué choquée choquées choqués condemn condemned
    condemning condemns condoglianze condoleances condolences condolencias condoléances
    condolências conmocionada conmocionadas conmocionado conmocionados consternada consternadas
    consternado consternados consterne consternee consternees consternes consterné consternée
    consternées consternés cordoglio deuil devastated devastating disgusted disgusting dismay
    dismayed effroi effroy entsetz erschüttert expressed expresses fassungslos geschokt
    geschrokken grief grieving ha hanno heartbreaking heartbroken horrific horrifie horrified
    horrifiee horrifiees horrifies horrifié horrifiée horrifiées horrifiés horrorizada
    horrorizadas horrorizado horrorizados in inacceptable inaccettabile inaceitável inaceptable
    inadmissible inakzeptabel indignazione kondolencj luto lutto medeleven mitgefühl mourn ont
    outrage outraged outrageous pensées prayers pésame rouw réagit saddened saddening schockiert
    sconcert sconvolta sconvolte sconvolti sconvolto sgoment shocked shocking solidaridad
    solidariedade solidarietà solidarity solidarnoś staatstrauer sympathies sympathy thoughts
    trauer traurig tristesse tristeza unacceptable verbijsterd vicinanza współczuci wstrząśni
    żałob потрясен скорб соболезновани траур шокирован get speedy wracaj powrotu gute pronta
    pronto prompt скорейшего""".split()
)
_REACTION_OPEN: tuple[str, ...] = tuple(
    """
    bestürz effroi effroy entsetz erschüttert fassungslos kondolencj mourn schockiert sconcert
    sgoment solidarnoś traurig współczuci wstrząśni żałob потрясен скорб соболезновани траур
    шокирован""".split()
)


def _reaction_search(text: str) -> re.Match[str] | None:
    """= _REACTION.search(text) (see _search_at_starts)."""
    return _search_at_starts(_REACTION, _REACTION_STARTS, _REACTION_OPEN, text)


def _reaction_only(text: str, found: Evidence) -> bool:
    """Whether a voice's statement is only a reaction (see _REACTION): no evidence. A court's or
    an office's act, a document or data stay evidence."""
    if found.kind not in ("on_record", "official") or found.why.startswith(COURT_ACT):
        return False
    return _reaction_search(text) is not None and _REACTION_FACT.search(text) is None


def new_figures_from(
    claim: Claim, figures: Iterable[str], voiced: Callable[[str], bool]
) -> Evidence | None:
    """A voice the story quoted before, now on record on a given day with figures the story never
    had ("Syrski said on Tuesday the area grew to 1,294 square kilometres"): new data from a
    source on record, though the source is not new. `figures`: the claim's figures new to the
    story (the caller knows the ledger). Not a statement recalled, hearsay or anonymous."""
    text = claim.text
    # in the order the text gives them (a set's order changes from one run to the next)
    shown = sorted(figures, key=lambda f: (text.find(f.lstrip("#")) % (len(text) + 1), f))
    ws = words(text)
    if ws is not None and _TRIGGERS.isdisjoint(ws):
        return None  # no speech verb of any language: nobody is on record
    if not shown or _recalled(text, ws) or not _fresh_search(text) or _recap(text, ws):
        return None
    if (ws is None or not _ANONYMOUS_GATE.isdisjoint(ws)) and _ANONYMOUS.search(text):
        return None
    if _anonymous_other(text, ws):
        return None
    who = speaker(text)
    if not who or _MEDIA.fullmatch(who.strip()) or not voiced(who):
        return None
    found = Evidence(
        text,
        "on_record",
        f"new figures from {who} on record: {', '.join(f.lstrip('#') for f in shown)}",
    )
    return None if _hearsay(text, found) else found


# Hedges on what an office's act is about ("detained four suspects allegedly involved"): after
# the act, they qualify its content, not the act itself.
_HEDGE = re.compile(
    r"\b(allegedly|reportedly|supuestamente|presuntamente|presunto|presunta|mutmaßlich\w*|"
    r"angeblich|présumée?s?|presumibilmente|supostamente|rzekomo|якобы|нібито)\b",
    re.IGNORECASE,
)


def _hearsay(text: str, found: Evidence) -> bool:
    """Whether the sentence gives its evidence as hearsay. An office's act on record, or a
    document or footage made public, stays evidence when the only hedge stands after it and
    qualifies what it is about ("footage on which she allegedly collapses")."""
    m = _hearsay_search(text)
    if m is None:
        return False
    if found.kind in ("official", "on_record") and _reports_denied(text, m):
        return False  # "there was no assembly, as some media wrote": a denial of the reports
    if found.kind not in ("official", "document") or not _HEDGE.fullmatch(m.group(0)):
        return True
    if found.kind == "document":
        act = _document_search(text) or _DOCUMENT_OTHER.search(text)
    else:
        plain = _unquoted(text)
        act = _official_search(plain) or _OFFICIAL_OTHER.search(plain)
    if act is None or m.start() < act.end():
        return True
    return any(not _HEDGE.fullmatch(h.group(0)) for h in _HEARSAY.finditer(text))


# What the media reported, named after a negated statement as what it contradicts: "there was no
# assembly, as some media wrote", "не відбувалося, як про це писали деякі змі", "contrary to media
# reports".
_AGAINST_REPORTS = re.compile(
    r"(?:contrary\s+to|unlike|as|like|як|как|вопреки|всупереч|comme|contrairement\s+(?:à|aux)|wie|"
    r"entgegen|como|al\s+contrario\s+de|come|contrariamente\s+a|jak|wbrew)\s+(?:[\w’']+\s+){0,4}$",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|nicht|kein\w*|nie|не|ні|pas|jamais|non|nunca|nenhum\w*|niet|geen)\b",
    re.IGNORECASE,
)


def _reports_denied(text: str, m: re.Match[str]) -> bool:
    """Whether the reports a hearsay match names are what the statement before them denies."""
    before = text[: m.start()]
    return _AGAINST_REPORTS.search(before) is not None and _NEGATION.search(before) is not None


# A recap of the story so far, marked as such: "as previously reported", "ранее сообщалось",
# "напомним", "wie bereits berichtet", "comme nous l'avons rapporté", "como ya informamos".
_RECAP = re.compile(
    r"""\b(as\s+(was\s+|we\s+|\w+\s+)?(previously|earlier|already)\s+reported|as\s+reported\s+(earlier|previously)
    |it\s+was\s+(earlier|previously)\s+reported|(was|were|had\s+been)\s+(earlier|previously)\s+reported
    |ранее\s+(\w+\s+)?сообща\w*|как\s+(уже\s+|ранее\s+)?сообщалось|напомним|раніше\s+(\w+\s+)?повідом\w*
    |як\s+(уже\s+|раніше\s+)?повідомлялося|нагадаємо|wie\s+(bereits\s+|schon\s+|zuvor\s+)?(berichtet|gemeldet)
    |comme\s+(nous\s+l['’]avons|déjà)\s+(rapporté|annoncé|indiqué|évoqué)|rappelons|pour\s+rappel
    |como\s+ya\s+(informó|informamos|se\s+informó|adelantó|adelantamos)|como\s+informamos|recordemos
    |cabe\s+recordar|come\s+già\s+(riportato|annunciato)|come\s+abbiamo\s+riportato|ricordiamo
    |como\s+já\s+(noticiado|informado|noticiámos)|recorde-se|jak\s+(już\s+)?(informowaliśmy|pisaliśmy|podawaliśmy)
    |przypomnijmy)\b
    |^\W*(Добавим|Додамо)\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Words one of which every _RECAP match has as a whole \w+ run (lower-cased, as `words` gives them).
_RECAP_GATE = frozenset(
    """reported ранее сообщалось напомним раніше повідомлялося нагадаємо wie comme rappelons
    rappel como recordemos cabe come ricordiamo recorde jak przypomnijmy добавим додамо""".split()
)


def _recap(text: str, ws: frozenset[str] | None) -> re.Match[str] | None:
    """= _RECAP.search(text) (`ws`: the text's `words`): it starts with \\b, tried at every
    position, and most texts have none of its words."""
    if ws is not None and _RECAP_GATE.isdisjoint(ws):
        return None
    return _RECAP.search(text)


# Words one of which every _DOCUMENT / _OFFICIAL match contains (lower-cased, whole).
_DOCUMENT_GATE = frozenset(
    """document documents file files filing filings record records contract contracts invoice
    invoices minutes memo memos email emails letter letters transcript transcripts certificate
    certificates ledger ledgers receipt receipts papers indictment lawsuit subpoena report audit
    dataset data figures statistics entry footage recording recordings photographs images obtained seen
    reviewed verified examined authenticated copy review findings study studies assessment
    assessments video videos order orders ruling decision""".split()
)
_OFFICIAL_GATE = frozenset(
    """spokesperson spokesman spokeswoman secretary ministry minister office department police
    prosecutor prosecutors court judge agency government council commission embassy authority
    authorities regulator inspectorate registrar auditor ombudsman mayor governor bureau president
    prime kremlin white pentagon state fbi cia mi5 mi6 fsb interior foreign army military navy palace
    coroner investigator investigators board company lawyer attorney counsel parliament senate
    congress committee service brigade hospital school university institute club bank firm
    airline operator organisation organization union foundation charity party federation guard
    association representative s services officials rescuers emergency civil protection alcalde
    alcaldesa alcaldes ministro ministra ministerio gobierno generalitat policía policia portavoz
    fiscalía fiscalia tribunal ayuntamiento maire ministère ministere gouvernement préfecture
    prefecture porte parole parquet sindaco sindaca ministero ministeri governo polizia portavoce
    procura protezione bürgermeister bürgermeisterin burgermeister ministerium regierung polizei
    sprecher sprecherin staatsanwaltschaft behörde behörden prefeito prefeita ministério polícia
    kreml kremlin kremlins commissioner sheriff superintendent chief ceo chairman chairwoman""".split()
)
# ... and, every _OFFICIAL match, one of these too: a word of each alternative of _CONFIRM_DENY
# ("confirmed", "called ... claims", "wies ... zurück", "a démenti"), "statement" (in a
# statement ... the ministry), said/says/stated/states, "according" or "per". Most sentences that
# name an office ("police", "state", "party") have none of them.
_OFFICIAL_VERBS = frozenset(
    """corrected confirmed confirms denied denies rejected rejects dismissed dismisses refuted refutes called
    acknowledged acknowledges admitted admits said issued told announced announces determined
    concluded ruled decided ordered sentenced charged remanded indicted expresses expressed opened
    launched confirmado confirmó confirmo confirma negado negó nego desmintió desmintio desmentido
    anunciado anunció anuncio confirmé confirme démenti dementi dément dement annoncé annonce
    confermato conferma smentito smentisce annunciato bestätigte bestätigt dementierte dementiert
    wies teilte confirmou negou anunciou statement says stated states according per added adds
    explained wrote warned noted stressed emphasised emphasized disclosed revealed declared
    testified commented responded replied conceded insisted argued identified""".split()
)


# The \w+ run (lower-cased) at which an _OFFICIAL match can start: each alternative starts with
# \b and one of these words, or "kremlin..." (tests/test_fastpaths_gates.py reads them from the
# pattern).
_OFFICIAL_STARTS = frozenset(
    """
    a according acknowledged acknowledges admits admitted agency airline alcalde alcaldea
    alcaldes alcaldesa announced announces anuncio anunciou anunció army as association
    attorney auditor authorities authority ayuntamiento bank behorde behorden behörde
    behörden bestätigt bestätigte board brigade bureau burgermeister burgermeisterin
    bürgermeister bürgermeisterin called charged charity cia civil club commission committee
    company concluded conferma confirma confirme confirmed confirmo confirmou confirms
    confirmó congress coroner council counsel court decided dement dementiert dementierte
    denied denies department desmintio desmintió determined dismissed dismisses dément
    embassy emergency expressed expresses fbi federation firm fiscalia fiscalía foreign
    foundation fsb generalitat gobierno gouvernement government governo governor ha had has
    have hospital identified in indicted inspectorate institute interior investigative investigator
    investigators issued judge kreml kremlin launched lawyer maire mayor mi5 mi6 military
    minister ministere ministeri ministerio ministerium ministero ministra ministro ministry
    ministère ministério national navy nego negou negó office officials ombudsman opened
    operator ordered organisation organization palace parliament parquet party pentagon
    police policia policía polizei polizia polícia porta portavoce portavoz porte prefecture
    prefeita prefeito president press prime procura prosecutor prosecutors protezione
    préfecture refuted refutes regierung registrar regulator rejected rejects remanded
    representative rescuers ruled said school senate sentenced service services sindaca
    sindaco smentisce spokesman spokesperson spokeswoman sprecher sprecherin
    staatsanwaltschaft state teilte told tribunal union university white wies commissioner
    sheriff superintendent chief ceo chairman chairwoman corrected""".split()
)
_OFFICIAL_OPEN = "kremlin"  # (kremlin\w*)
_RUN = re.compile(r"\w+")


def _search_at_starts(
    pattern: re.Pattern[str], starts: frozenset[str], open_starts: tuple[str, ...], text: str
) -> re.Match[str] | None:
    """= pattern.search(text), for a pattern whose every match starts at a \\w+ run that is one
    of `starts` (lower-cased) or begins with one of `open_starts`: the pattern is tried only at
    those runs, in order (re would try every alternative at every word), and searched as a whole
    from the first run with a letter other than ASCII on (IGNORECASE may match it to another)."""
    # Every run ASCII once typographic quotes and dashes are blanked (what most texts are): the
    # runs that are starts are found with bytes.find in the text blanked as `words` blanks it
    # (same positions), and the pattern is tried there, in order, as the loop below tries it.
    plain = text
    if not plain.isascii():
        for c in _TYPOGRAPHIC:
            if c in plain:
                plain = plain.replace(c, " ")
    ws = words(text) if plain.isascii() else None  # (not None: ASCII runs have no İ, ı or ſ)
    if ws is not None:
        first = starts.intersection(ws)
        if open_starts:
            first = first.union([w for w in ws if w.startswith(open_starts)])
        if not first:
            return None
        padded = b" " + plain.lower().encode().translate(_ASCII_NON_WORD_TO_SPACE_BYTES) + b" "
        at: list[int] = []
        for w in first:
            needle = b" " + w.encode() + b" "
            i = padded.find(needle)
            while i >= 0:
                at.append(i)  # (the run starts at i + 1 in `padded`, at i in the text)
                i = padded.find(needle, i + 1)
        at.sort()
        for i in at:
            m = pattern.match(text, i)
            if m is not None:
                return m
        return None
    for run in _RUN.finditer(text):
        w = run.group()
        if not w.isascii():
            return pattern.search(text, run.start())
        w = w.lower()
        if w in starts or (open_starts and w.startswith(open_starts)):
            m = pattern.match(text, run.start())
            if m is not None:
                return m
    return None


def _official_search(text: str) -> re.Match[str] | None:
    """= _OFFICIAL.search(text) (see _search_at_starts)."""
    return _search_at_starts(_OFFICIAL, _OFFICIAL_STARTS, (_OFFICIAL_OPEN,), text)


# The same for three more patterns: the runs their matches start at (tests/test_fastpaths_gates.py
# reads them from the patterns).
_HEARSAY_STARTS = frozenset(
    """
    according allegedly angeblich angiveligt are as berichten citing conform could d efter
    informaron informó reportaron publicaron señalaron ont rapportent indiquent affirment
    riferiscono riportano scrivono
    facebook first gerücht gerüchte gerüchten gerüchtn if ifølge indiscrezione indiscrezioni
    instagram is it laut may media medien medienbericht medienberichte medienberichten
    medienberichtn staatsmedien might naar nao niepotwierdzon no non não onbevestigd podobno potrivit
    press presumibilmente reported reportedly reports rumeur rumeurs rumor rumore rumores
    rumors rumour rumours rzekomo said says secondo segundo según selon sin speculat
    supostamente supuestamente telegram tiktok told twitter ubekræfted ubekræftede
    unbestätigt unbestätigte unbestätigten unbestätigter unbestätigtn unbestätigtr
    unconfirmed unverified volgens was według went were widely writes wrote x σύμφωνα
    φέρεται за змі неподтвержд непідтвердж нібито по сми якобы""".split()
)
_HEARSAY_OPEN: tuple[str, ...] = (
    "niepotwierdzon",
    "onbevestigd",
    "speculat",
    "неподтвержд",
    "непідтвердж",
)


def _hearsay_search(text: str) -> re.Match[str] | None:
    """= _HEARSAY.search(text) (see _search_at_starts)."""
    return _search_at_starts(_HEARSAY, _HEARSAY_STARTS, _HEARSAY_OPEN, text)


_FRESH_STARTS = frozenset(
    """
    als am asked at aujourd ca dimanche dinsdag domenica domingo donderdag dzisiaj dziś
    early el em en este fredag giovedì heute hoje hoy i in jeudi jueves last late lundi
    lunedì lunes lørdag maandag mandag mardi martedì martes mercoledì mercredi miércoles nun
    oggi on onsdag posted quarta quinta responding sabato samedi segunda sexta shared sábado
    søndag terça this tirsdag today told torsdag vandaag vendredi venerdì viernes vrijdag w
    we when woensdag wrote yesterday zaterdag zondag в во сегодня сьогодні у
    le no il l op january february march april may june july august september october
    november december""".split()
)
_FRESH_OPEN: tuple[str, ...] = ()


def _fresh_search(text: str) -> re.Match[str] | None:
    """= _FRESH.search(text) (see _search_at_starts)."""
    return _search_at_starts(_FRESH, _FRESH_STARTS, _FRESH_OPEN, text)


_DOCUMENT_STARTS = frozenset(
    """
    a according audit authenticated autopsy certificate certificates contract contracts
    court data dataset disclosed document documents email emails examined figures file filed
    files filing filings final findings footage forensic handed incident independent
    indictment inquiry interim internal investigation invoice invoices lawsuit leaked ledger
    ledgers letter letters made memo memos minutes obtained official photographs police post
    posted preliminary progress published receipt receipts record recording records registry
    released report reviewed satellite seen statistics studies study submitted subpoena
    transcript transcripts verified assessment assessments intelligence threat risk updated
    aired broadcast in
    video videos""".split()
)
_DOCUMENT_OPEN: tuple[str, ...] = ()


def _document_search(text: str) -> re.Match[str] | None:
    """= _DOCUMENT.search(text) (see _search_at_starts)."""
    return _search_at_starts(_DOCUMENT, _DOCUMENT_STARTS, _DOCUMENT_OPEN, text)


def _official_gate(ws: frozenset[str] | None) -> bool:
    """Whether _OFFICIAL may match a text whose `words` are ws (the text or its _unquoted form)."""
    return ws is None or not (_OFFICIAL_GATE.isdisjoint(ws) or _OFFICIAL_VERBS.isdisjoint(ws))


# A casualty count given anew: "raised the death toll to 205", "la cifra de muertos asciende a
# 155", "le bilan s'élève à 205 morts", "die Zahl der Toten stieg auf 95". Evidence (official
# data) only when its figure is one the story never gave (the judge checks that).
# A figure: digits, or a number spelled out ("five", "fünf", "cinco").
_FIG = rf"(?:\d|(?:{'|'.join(sorted(number_words(), key=len, reverse=True))})\b)"
_TOLL = re.compile(
    rf"""(
    \b(death\s+toll|toll|number\s+of\s+(dead|deaths|victims|fatalities|casualties|injured))\b
      [^.;]{{0,60}}?\b(rose|rises|risen|climbed|climbs|jumped|reached|reaches|stands|stood|increased|
      raised|rising|is\s+now|to)\s+(to\s+|at\s+)?(at\s+least\s+)?{_FIG}
    | \braised\s+the\s+(death\s+)?toll\b[^.;]{{0,60}}?\bto\s+(at\s+least\s+)?{_FIG}
    | \b(?:\d[\d.,]*|{_FIG})\s+(people\s+)?(had\s+|have\s+)?(been\s+)?confirmed\s+(dead|killed)
    | \b(cifra|n[uú]mero|balance)\s+de\s+(muertos|fallecidos|v[ií]ctimas)\b[^.;]{{0,50}}?
      \b(asciende|sube|subi[óo]|eleva|elev[óo]|alcanza|alcanz[óo]|aumenta|aument[óo]|es\s+de|son)\b[^.;]{{0,20}}?{_FIG}
    | \bbilan\b[^.;]{{0,50}}?(s['’][ée]l[èe]ve|passe|atteint|monte|grimpe|est\s+de)\b[^.;]{{0,20}}?{_FIG}
    | \bzahl\s+der\s+(toten|opfer|todesopfer|verletzten)\b[^.;]{{0,30}}?\bauf\s+{_FIG}
      (?=[^.;]{{0,20}}?\b(gestiegen|angestiegen|erhöht)\b)
    | \bzahl\s+der\s+(toten|opfer|todesopfer)\b[^.;]{{0,50}}?\b(stieg|steigt|gestiegen|erhöhte|liegt|beträgt)\b[^.;]{{0,20}}?{_FIG}
    | \bbilancio\b[^.;]{{0,50}}?\b(sale|salito|aggiornato|arriva|è\s+di)\b[^.;]{{0,20}}?{_FIG}
    | \b(n[uú]mero\s+de\s+(mortos|v[ií]timas)|balan[çc]o)\b[^.;]{{0,50}}?\b(subiu|sobe|aumentou|ascende|[ée]\s+de)\b[^.;]{{0,20}}?{_FIG}
    )""",
    re.IGNORECASE | re.VERBOSE,
)


# Who gives a casualty count: "according to", "selon", "laut", "según", "secondo", "segundo",
# "według", "volgens", "по данным", a verb of saying.
# Who gives a count, as the words before the source: "according to", "nach Angaben", "по данным"
_TOLL_PER = (
    rf"{_PER_SOURCE}|de\s+acuerdo\s+con|de\s+acordo\s+com|nach\s+Angaben|volgens|по\s+данным"
    r"|по\s+словам|за\s+даними"
)
# ... or as the verb of whoever gives it
_TOLL_SOURCE = re.compile(
    rf"\b(?:{_TOLL_PER}|said|says|told|announced|confirmed|reported|a\s+annoncé|a\s+indiqué"
    r"|teilte|sagte|meldete|informó|dijo|ha\s+comunicato|ha\s+reso\s+noto|informou"
    r"|poinformował\w*|meldde|сообщил\w*)\b",
    re.IGNORECASE,
)
_TOLL_PER_RE = re.compile(rf"(?:{_TOLL_PER})$", re.IGNORECASE)


def _toll_sourced(text: str, toll: re.Match[str]) -> bool:
    """Whether a casualty count is given by someone: a body named, a source cited, or whoever
    raised it ("Rescuers raised the death toll to 14"). "Die Zahl der Toten stieg auf 14"
    alone is a new figure, a new claim (the issue's "an article whose only new thing is one
    figure is new_claims")."""
    if re.search(r"\braised\b", toll.group(0), re.IGNORECASE):
        return True
    rest = text[: toll.start()] + " " + text[toll.end() :]  # "six confirmed dead" cites nobody
    if bodies_in(text):
        return True
    return any(not _outlet_cited(rest, m) for m in _TOLL_SOURCE.finditer(rest))


def _outlet_cited(text: str, m: re.Match[str]) -> bool:
    """Whether the source a count is given by is an outlet: "selon le quotidien Le Monde",
    "según el periódico alemán 'Bild'", "CNN reported" (an outlet's name is no source)."""
    if m.group(0).lower() == "told":
        return False  # "officials told CNN": the outlet was told
    after = text[m.end() : m.end() + 50]
    if any(map(_outlet_word, re.findall(r"\w+", after)[:3])):
        return True  # "selon le quotidien ...", "meldete der Sender"
    if _TOLL_PER_RE.match(m.group(0)):
        # "according to Le Monde", "laut Bild": the outlet right after
        near = after.lstrip(" '‘\"“«„")
        return any(p.match(near) for p in (_MEDIA_OTHER, _OUTLET, _MEDIA))
    near = text[max(0, m.start() - 30) : m.start()] + " "  # "CNN reported"
    return any(p.search(near) for p in (_MEDIA_OTHER, _OUTLET, _MEDIA))


# Gates of two more patterns, as exact as those above (every match contains the words as whole
# \w+ runs, lower-cased).
# _RECALLED: one tuple of word groups per alternative; a match needs a word of each group.
_RECALLED_CLAUSES = tuple(
    tuple(frozenset(group.split()) for group in clause)
    for clause in (
        (
            "has have had",
            "denied said insisted maintained claimed rejected dismissed called labelled labeled "
            "described stated",
        ),
        (
            "previously repeatedly consistently long always earlier once often",
            "said denied insisted claimed rejected dismissed called labelled labeled",
        ),
        ("ago",),
        ("in", "told said wrote"),  # "in 1987 ... said", "said ... in 1987"
        ("last earlier", "month year"),  # "Last month, ... denied": another, earlier event
        # ... in the other languages ("El pasado mes de agosto fue condenado")
        ("pasado passado dernier dernière vergangenen letztes scorso zeszłym прошлом",),
    )
)
_ANONYMOUS_GATE = frozenset(
    """source sources aide aides insider insiders official officials person people figure analyst
    analysts expert experts observer observers critic critics unnamed anonymous anonymity named
    anonymously""".split()
)


def _recalled(text: str, ws: frozenset[str] | None) -> bool:
    if ws is not None:
        for clause in _RECALLED_CLAUSES:
            for group in clause:
                if group.isdisjoint(ws):
                    break
            else:
                break  # this alternative may match: search
        else:
            return False
    return _RECALLED.search(text) is not None or _EARLIER_EVENT.match(text) is not None


COURT_ACT = "a court's or prosecutor's act on record"  # the why of the evidence below
# A court's or a prosecutor's act on record: a charge, an indictment, a plea, a verdict, a
# sentence ("was charged with", "pleaded guilty", "wurde zu lebenslanger Haft verurteilt", "è
# stato condannato a 21 anni", "a été mis en examen", "Anklage erhoben"). Done, not foreseen:
# "could be charged", "soll angeklagt werden" are no act.
_COURT_ACT = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:\w+\s+)?(?:charged(?=\s+(?:with|"
    r"over|in\s+connection|under|for)\b)|indicted|convicted|sentenced|acquitted|remanded|jailed|"
    r"found\s+(?:not\s+)?guilty)\b"
    r"|\bple(?:a)?d(?:ed)?\s+(?:\w+\s+)?(?:not\s+)?guilty\b|\bchanged\s+(?:his|her|their)\s+pleas?\b"
    r"|\b(?:jury|court|judge|tribunal|magistrates?)\s+(?:\w+\s+){0,3}?(?:convicted|sentenced|"
    r"acquitted|jailed|found\s+\w+\s+(?:not\s+)?guilty)\b"
    r"|\bfiled\s+(?:an?\s+)?(?:indictment|charges)\b"
    r"|\b(?:police|prosecutors?|officers|detectives)\s+(?:have|has|had)\s+(?:now\s+|since\s+)?(?:charged|indicted)\b"
    r"|\b(?:a|ont|avait|avaient)\s+(?:déjà\s+|aussi\s+|également\s+|depuis\s+)?été\s+(?:\w+\s+)?"
    r"(?:mise?s?\s+en\s+examen|inculpée?s?|"
    r"condamnée?s?|écrouée?s?|reconnue?s?\s+coupables?|acquittée?s?)\b"
    r"|\b(?:est|sont)\s+(?:\w+\s+)?(?:mise?s?\s+en\s+examen|inculpée?s?)\b|\bplaidé\s+coupable\b"
    # an office charging someone in French ("la police a mis en examen cinq responsables", "ont
    # mis en accusation trois dirigeants"), a placement under formal investigation or indictment
    r"|\b(?:a|ont|avait|avaient)\s+(?:\w+\s+)?mis\s+en\s+(?:examen|accusation)\b"
    r"|\b(?:a|ont|avait|avaient)\s+été\s+(?:\w+\s+)?mise?s?\s+en\s+accusation\b"
    # a request for detention before trial ("la policía ha solicitado la detención preventiva",
    # "prosecutors sought arrest warrants", "beantragte Haftbefehl")
    r"|\b(?:solicitó|solicitaron|ha\s+solicitado|han\s+solicitado|pidió|pidieron|ha\s+pedido)\s+"
    r"(?:la\s+)?(?:detención|prisión)\s+(?:preventiva|provisional)\b"
    r"|\b(?:sought|seeks|seeking|requested|requests)\s+(?:an?\s+|the\s+)?(?:arrest\s+warrants?|"
    r"(?:pre-?trial\s+)?detention\s+warrants?)\b"
    r"|\bbeantragte\w*\s+(?:\w+\s+){0,3}?Haftbefehl\w*\b"
    r"|\b(?:tribunal|cour|juge|jury|juges|parquet|procureure?s?)\s+(?:[\w'’-]+\s+){0,4}?(?:a|ont)\s+"
    r"(?:condamné|inculpé|acquitté|mis\s+en\s+examen)\b"
    r"|\bAnklage\s+(?:[\w-]+\s+){0,4}?(?:eingebracht|eingereicht)\b"
    # (the participle last in its clause: "ist eine Frau wegen des Anschlags auf einen Blogger
    # zu 27 Jahren Haft verurteilt worden"; not "zum Scheitern verurteilt", doomed)
    r"|\b(?:wurde|wurden|ist|sind)\s+(?:(?!Scheitern\b)[\w-]+\s+){0,16}?(?:verurteilt|angeklagt|freigesprochen|"
    r"schuldig\s+gesprochen)\b"
    # a court's sentence in the active ("Das Landgericht ... verurteilte ihn zu einer Behandlung")
    # (to a penalty, or for a crime: "verurteilte den Angriff" condemns)
    r"|\bverurteilten?\s+(?:ihn|sie|den|die|das|einen|eine)\b(?=[^.;]{0,160}\bwegen\b|[^.;]{0,120}\bzu[mr]?\s+(?:[\w-]+\s+){0,3}?(?:Haft|Jahren|Monaten|Gefängnis|Geld\w*|Freiheitsstrafe|Strafe|Bewährung|Behandlung|Unterbringung|Tode\w*)\b)|\bAnklage\s+(?:[\w-]+\s+){0,4}?erhoben\b|\berhob\s+(?:[\w-]+\s+){0,4}?"
    r"Anklage\b|\b(?:bekannte|bekennt)\s+sich\s+(?:\w+\s+)?schuldig\b"
    r"|\b(?:fue|fueron|ha\s+sido|han\s+sido)\s+(?:\w+\s+)?(?:condenad[oa]s?|imputad[oa]s?|"
    r"procesad[oa]s?|judicializad[oa]s?|declarad[oa]s?\s+culpables?|absuelt[oa]s?)\b|\bse\s+declaró\s+culpable\b"
    r"|\b(?:condenó|ha\s+condenado|ha\s+condannato)\s+a\b"
    # a judge charging someone in Spanish ("el juez le imputa 79 delitos", "ha decidido imputar
    # al maquinista")
    r"|\b(?:juez|jueza|magistrad[oa])\s+(?:[\w'’-]+\s+){0,4}?(?:l[eo]s?\s+)?(?:imput[aó]|imputar|"
    r"ha\s+imputado|procesó|ha\s+procesado|dispuso|ha\s+dispuesto)\b"
    r"|\b(?:è|sono)\s+stat[oaie]\s+(?:\w+\s+)?(?:condannat[oaie]|incriminat[oaie]|rinviat[oaie]\s+a\s+"
    r"giudizio|giudicat[oaie]\s+colpevol[ei]|riconosciut[oaie]\s+colpevol[ei]|assolt[oaie])\b"
    r"|\bsi\s+è\s+dichiarat[oa]\s+colpevole\b"
    # notices served on those under investigation ("gli avvisi di garanzia sono per omicidio")
    r"|\bavvis[oi]\s+di\s+garanzia\b"
    # ... and the notice that the investigation is closed ("notificati gli avvisi per 19 persone")
    r"|\bnotificat[oiae]\s+(?:\w+,?\s+){0,3}?(?:gli\s+|l['’])?avvis[oi]\b|\bavvis[oi]\s+di\s+conclusione\b"
    r"|\b(?:foi|foram)\s+(?:\w+\s+)?(?:condenad[oa]s?|indiciad[oa]s?|absolvid[oa]s?)\b"
    r"|\b(?:werd|werden)\s+(?:\w+\s+){0,4}?(?:veroordeeld|aangeklaagd|vrijgesproken)\b"
    r"|\bpleitte\s+(?:\w+\s+){0,2}?schuldig\b"
    r"|\b(?:został\w*\s+(?:\w+\s+)?skazan\w+|usłyszał\w*\s+(?:\w+\s+)?zarzut\w*|przyznał\w*\s+się\s+do\s+"
    r"winy)|\bskazał\w*\b"
    r"|\bприговорил\w*|\bосужд[её]н\w*|\bпредъявил\w*\s+(?:\w+\s+)?обвинени\w+"
    # a Russian court finding guilty ("суд признал мужчину виновным"), a sentence carried out
    r"|\bпризнал\w*\s+(?:\w+\s+){0,3}?виновн\w*|\bприговор\w*\s+(?:\w+\s+){0,5}?привед[её]н\w*\s+в\s+исполнение"
    # Italian suspects placed under investigation ("la Procura ha indagato l'ad", "sono indagate
    # 8 persone", "iscritti nel registro degli indagati"), records seized ("registri ... acquisiti
    # dalla procura")
    r"|\b(?:ha|hanno)\s+indagato\b"
    r"|(?<!\bci\s)\b(?:sono|è|risultano|risulta)\s+(?:stat[oiae]\s+)?indagat[oiae]\b"
    r"|^Indagati\s+anche\b|\biscritt[oiae]\s+nel\s+registro\s+degli\s+indagati\b"
    # "Nel frattempo c'è anche un indagato" (not "non c'è"); the prosecutor ordering autopsies
    # ("ha disposto l'autopsia", "a disporre ... le autopsie")
    r"|(?<!non\s)\bc['’]è\s+(?:anche\s+|già\s+|ora\s+|adesso\s+)?un\s+(?:primo\s+)?indagato\b"
    r"|\b(?:ha|hanno|aveva)\s+disposto\s+(?:l['’]|le\s+)autopsi[ae]\b"
    r"|\bdisporre\s+[^.;:!?]{0,80}?\bautopsie?\b"
    r"|\bacquisit[oiae]\s+(?:dalla\s+procura|dagli\s+inquirenti|dai\s+pm)\b"
    # the police handing a case to the prosecution ("six officers were referred to prosecutors")
    r"|\b(?:referred|sent|forwarded)\s+(?:[\w-]+\s+){0,3}?to\s+(?:the\s+)?prosecut\w+"
    # a Russian court's detention ("суд арестовал", "арестовал на два месяца") or the request
    # for it ("ходатайство следствия об аресте", "просит суд арестовать")
    r"|\bсуд\w*\s+(?:\w+\s+){0,3}?(?:арестовал\w*|заключил\w*\s+под\s+стражу)"
    r"|\bходатайств\w*\s+(?:\w+\s+){0,2}?об\s+арест\w*|\bпросит\s+суд\s+арестовать\b"
    # Danish, Norwegian, Swedish and Finnish: remanded in custody, charged, sentenced, acquitted
    # ("er blevet varetægtsfængslet", "er sigtet for tre drab", "dömdes till", "vangittiin")
    r"|\bvaretægtsfængsl\w*|\bvaretektsfengsl\w*|\bhäktad\w*|\bhäktades\b|\bhäktats\b"
    r"|\b(?:er|blev|blevet|ble|blitt|är|blir|vart)\s+(?:\w+\s+)?(?:sigtet|siktet|tiltalt|åtalad|"
    r"dømt|dömd|idømt|frifundet|frikendt|frikjent|frikänd)\b|\bdömdes\b"
    r"|\bvangit(?:tiin|taan|tu)\b|\btuomit(?:tiin|si|taan)\b|\bsyyte\s+(?:\w+\s+)?nostettiin\b"
    r"|\bpodignu\w+\s+(?:je\s+)?optužnic\w+|\bosuđen\w*|\bvložil\w*\s+obtožnic\w+|\bodsouzen\w*"
    # an arrest warrant issued ("a judge issued an arrest warrant", "hat einen Haftbefehl gegen
    # ... erlassen", "a émis un mandat d'arrêt", "dictó una orden de detención")
    r"|\b(?:issued|issues|has\s+issued|have\s+issued|had\s+issued)\s+(?:an?\s+|the\s+)?"
    r"(?:international\s+|european\s+)?arrest\s+warrants?\b"
    r"|\barrest\s+warrants?\s+(?:\w+\s+){0,6}?(?:was|were|has\s+been|have\s+been|had\s+been)\s+issued\b"
    r"|\bHaftbefehle?\b[^.;:!?]{0,90}?\b(?:erlassen|ausgestellt|erließ|erließen|ausgesprochen)\b"
    r"|\b(?:erließ|erließen|erlässt|stellte)\s+(?:\w+\s+){0,5}?Haftbefehle?\b"
    r"|\bmandats?\s+d['’]arr[êe]t\s+(?:\w+\s+){0,6}?(?:a|ont|avait)\s+été\s+(?:émis|délivré|lancé)s?\b"
    r"|\b(?:a|ont|avait)\s+(?:émis|délivré|lancé)\s+(?:un|des)\s+mandats?\s+d['’]arr[êe]t\b"
    r"|\b(?:dictó|emitió|ha\s+dictado|ha\s+emitido|libró|cursó|solicitó|ha\s+solicitado|"
    r"han\s+solicitado|se\s+han\s+solicitado|se\s+solicitaron)\s+(?:[\w-]+\s+){0,3}?(?:una\s+)?(?:orden(?:es)?|"
    r"órdenes)\s+de\s+(?:detención|arresto|captura|busca\s+y\s+captura|prisión|aprehensión)\b"
    r"|\b(?:ha\s+emesso|hanno\s+emesso|emesso|emette)\s+(?:un\s+|il\s+)?(?:mandato\s+di\s+arresto|"
    r"ordinanza\s+di\s+custodia\s+cautelare)\b"
    r"|\b(?:expediu|emitiu|foi\s+expedido)\s+(?:um\s+)?mandado\s+de\s+prisão\b"
    r"|\barrestatiebevel\s+(?:\w+\s+){0,6}?uitgevaardigd\b|\bnakaz\w*\s+aresztowania\b"
    # detention ordered before trial, or house arrest ("was placed under house arrest", "ha
    # disposto il fermo", "decretó prisión provisional", "in Untersuchungshaft genommen")
    r"|\b(?:was|were|been|is|are)\s+(?:\w+\s+)?(?:placed|put)\s+under\s+house\s+arrest\b"
    r"|\bordered\s+(?:\w+\s+){0,3}?(?:under|into)\s+house\s+arrest\b"
    r"|\b(?:held|detained|jailed)\s+without\s+bail\b|\bdenied\s+(?:\w+\s+)?bail\b"
    # a bail application given up; held without bail in Portuguese
    r"|\b(?:abandoned|withdrew|dropped|abandons|withdraws)\s+(?:his|her|their)\s+bail\s+application\b"
    r"|\bpres[oa]s?\s+sem\s+(?:possibilidade\s+de\s+)?fiança\b"
    r"|\b(?:placée?s?|mise?s?)\s+en\s+détention\s+provisoire\b"
    r"|\b(?:decretó|ha\s+decretado|dictó|acordó|envió\s+a)\s+(?:la\s+)?prisión\s+"
    r"(?:provisional|preventiva|sin\s+fianza)?"
    r"|\b(?:ha|hanno|aveva)\s+(?:disposto|convalidato|non\s+convalidato)\s+(?:il|i)\s+ferm[oi]\b"
    r"|\b(?:non\s+)?ha\s+convalidato\s+(?:l['’]arresto|il\s+fermo)\b"
    r"|\b(?:agli|ai)\s+arresti\s+domiciliari\b"
    r"|\b(?:in\s+)?(?:Untersuchungshaft|U-Haft)\s+(?:\w+\s+){0,3}?(?:genommen|angeordnet|"
    r"überstellt)\b"
    # (the order last in a long clause: "hat das Amtsgericht ... die Untersuchungshaft wegen des
    # dringenden Tatverdachts des versuchten Mordes, der ... angeordnet")
    r"|\b(?:die\s+)?Untersuchungshaft\s+[^.;:!?]{0,200}?\b(?:angeordnet|verhängt)\b|\bunter\s+Hausarrest\s+(?:\w+\s+){0,3}?(?:gestellt|stellen)\b"
    r"|\b(?:decretou|decretada|decretado)\s+(?:a\s+)?prisão\s+(?:preventiva|domiciliar)\b"
    r"|\b(?:areszt(?:ował\w*|u)?\s+(?:\w+\s+){0,3}?(?:tymczasow\w+|na\s+(?:\w+\s+)?(?:miesiące|"
    r"miesięcy|miesiąc|dni)\b))"
    r"|\bvoorlopige\s+hechtenis\b|\bin\s+voorarrest\b"
    # a prosecutor's or a court's ban on travel, or a freeze of assets
    r"|\b(?:banned|barred)\s+(?:\w+\s+){0,6}?from\s+(?:leaving|travel(?:l?ing)?\s+abroad)\b"
    r"|\b(?:froze|frozen|freezing)\s+(?:\w+\s+){0,3}?(?:bank\s+)?(?:accounts|assets)\b"
    r"|\binterdit\s+[^.;:!?]{0,120}?\bde\s+quitter\s+le\s+(?:territoire|pays)\b"
    r"|\binterdiction\s+de\s+sortie\s+du\s+territoire\b"
    r"|\bgel(?:er|é|és|ée|ées)\s+(?:leurs|ses|les|des)\s+(?:comptes|avoirs)\b"
    r"|\bAusreiseverbot\w*\b|\b(?:Konten|Vermögen|Guthaben)\s+(?:\w+\s+){0,4}?eingefroren\b"
    r"|\bcongel(?:ó|ar|ado|aron)\s+(?:sus|las|los)\s+(?:cuentas|bienes|activos)\b"
    # a prosecutor's complaint filed in court ("la Fiscalía se ha querellado contra")
    r"|\bse\s+(?:ha\s+)?querell(?:ado|ó)\b|\b(?:presentó|ha\s+presentado|interpuso|ha\s+interpuesto)\s+"
    r"una\s+querella\b"
    # a disciplinary body's suspension or ban of a person ("FIFA's disciplinary committee has
    # suspended Rubiales", "Die Disziplinarkommission hat ... suspendiert", "ha suspendido a")
    r"|\b(?:FIFA|UEFA|IOC|federation|committee|commission|association|league|board|body)\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:\w+\s+)?(?:suspended|banned)\s+(?!operations|flights|"
    r"services|trading|talks|work|the\s+(?:match|game|season|league|competition))"
    # ... or a head of government's suspension of an official ("Iraq's Prime Minister on Sunday
    # suspended Health Minister Hassan al-Tamimi")
    r"|\bsuspended\s+(?:the\s+|its\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,3}?(?:minister|governor|"
    r"director|chief|head|officials?|officers?|manager|mayor|commander|prosecutor)\b"
    r"|\b(?:hat|haben|hatte|hatten)\s+(?:[\w'’-]+\s+){1,16}?(?:vorläufig\s+|vorübergehend\s+)?"
    r"suspendiert\b|\b(?:wurde|wurden|ist|sind)\s+(?:[\w'’-]+\s+){0,6}?suspendiert\b"
    r"|\b(?:ha|han|haya)\s+suspendido\s+(?:\w+\s+)?a\b|\bsuspendió\s+(?:\w+\s+)?a\b"
    r"|\b(?:fue|ha\s+sido)\s+(?:\w+\s+)?suspendid[oa]\b|\b(?:a|ont)\s+suspendu\s+(?:\w+\s+)?(?:le|la)\s+"
    r"(?:président|joueur|joueuse|patron|dirigeant)|\b(?:a|ont)\s+été\s+(?:\w+\s+)?suspendue?s?\b"
    r"|\b(?:è|sono)\s+stat[oaie]\s+(?:\w+\s+)?sospes[oaie]\b|\bha\s+sospeso\s+(?:\w+\s+)?(?:il|la)\s+"
    r"(?:presidente|giocatore|giocatrice|dirigente)",
    re.IGNORECASE,
)
# Every _COURT_ACT match holds one of these (lower-cased substrings; "_" a space): the cheap
# test first.
_COURT_STEMS = tuple(
    stem.replace("_", " ")
    for stem in (
        "charge indict convicted sentenced acquitted remanded jailed guilty plea examen inculp "
        "condamn écrou coupable acquitt verurteil angeklagt freigesproch schuldig anklage condenad "
        "imputad imputa imputó procesad procesó dispuso dispuesto culpable absuelt condenó condannat incriminat giudizio colpevol assolt indiciad "
        "absolvid veroordeeld aangeklaagd vrijgesproken skazan zarzut winy skazał приговор осужд "
        "обвинени арестовал ходатайств арестовать referred indagat indagato acquisit optužnic "
        "osuđen obtožnic odsouzen suspend banned sospes querell warrant haftbefehl "
        "mandat orden órdenes mandato mandado arrestatiebevel nakaz barred froze frozen freezing "
        "quitter geler gelé ausreiseverbot eingefroren congel house_arrest bail provisoire prisión fermo "
        "domiciliari untersuchungshaft u-haft hausarrest prisão areszt hechtenis voorarrest "
        "accusation preventiva sortie_du_territoire garanzia varetægtsfængsl varetektsfengsl "
        "häkta sigtet siktet tiltalt åtalad dømt dömd frifundet frikendt frikjent frikänd vangit "
        "tuomit syyte виновн исполнение disposto disporre bail_application fiança judicializ "
        "avvis"
    ).split()
)


# One regex finding any of them, nested by first letters (_factored): about twice as fast as
# testing each stem with `in` (tests/test_fastpaths.py compares the two).
_COURT_STEM = re.compile(_factored([(tuple(stem), "") for stem in sorted(set(_COURT_STEMS))]))


@lru_cache(maxsize=4096)  # asked of one sentence by evidence_in, then by _court_act
def _court_stem(text: str) -> bool:
    # = any(stem in text.lower() for stem in _COURT_STEMS)
    return _COURT_STEM.search(text.lower()) is not None


# How one condemns in words ("duramente", "fermamente"), not how a court sentences ("finalmente").
_HOW_CONDEMNED = (
    r"(?:enérgica|energica|dura|firme|ferma|rotunda|unánime|unanime|amplia|fuerte|forte)mente"
)
# "condenado por líderes internacionales", "condamné par la communauté internationale": the
# Romance "condemned" by those who react, not "sentenced" by a court
_CONDEMNED_BY = re.compile(
    rf"\s+(?:{_HOW_CONDEMNED}\s+)?(?:por|par|da|dal|dai|dalla|dalle|dagli|pelo|pela|pelos|pelas)\s+"
    r"(?:[\w'’]+\s+){0,2}?"
    r"(?:líderes|lideres|dirigentes|gobiernos?|países|comunidad|dirigeants|gouvernements?|"
    r"communauté|pays|leaders?|governi|governo|paesi|comunità|organizaciones|organisations|"
    r"organizzazioni|partidos|partis|partiti|presidentes?|présidents?|ministros?|ministres?|"
    r"portavoz|portavoce|porte-parole|papa|pape|ONU|Onu|UE|Unión|Union|Unione|embajada|ambasciata|"
    r"ambassade|canciller|cancillería|alcalde|alcaldesa|sindaco|sindaca|maire|Casa|Maison|"
    r"Kremlin|Cremlino)\b",
    re.IGNORECASE,
)
# ... and said how, or by whom, inside the act's words: "ha sido duramente condenado", "wurde von
# der Regierung scharf verurteilt" (German puts who and how before the verb)
_CONDEMNED_HOW = re.compile(
    rf"\b(?:{_HOW_CONDEMNED}|fermement|vivement|unanimement|scharf|einhellig)\b"
    r"|\bauf(?:s|\s+das)\s+Schärfste\b|\b(?:von|vom)\s+(?:(?:der|dem|den)\s+)?(?:\w+\s+)?"
    r"(?:Regierung|Bundesregierung|Präsident\w*|Minister\w*|Kanzler\w*|Papst|UN|UNO|EU|Kreml|"
    r"Weißen\s+Haus|Sprecher\w*|Politiker\w*|Parteien|Staaten|Gemeinschaft)\b",
)


def court_act_stems(text: str) -> frozenset[str]:
    """The _COURT_STEMS of the court's or prosecutor's act a text gives ("haftbefehl" of "erließ
    Haftbefehl"): which kind of act, in that language's words; none if it gives none."""
    m = _court_act(text)
    if m is None:
        return frozenset()
    act = m.group(0).lower()
    return frozenset(stem for stem in _COURT_STEMS if stem in act)


def _court_act(text: str) -> re.Match[str] | None:
    """The first _COURT_ACT match, tried only when a stem of one is in the text; not a Romance
    "condemned by" its critics (_CONDEMNED_BY)."""
    if not _court_stem(text):
        return None
    m = _COURT_ACT.search(text)
    while m is not None and (
        _CONDEMNED_BY.match(text, m.end()) or _condemned_how(m) or _account_suspended(text, m)
    ):
        m = _COURT_ACT.search(text, m.end())
    return m


_CONDEMN_STEMS = ("conden", "condann", "condamn", "verurteil")  # "condemned" in es, it, fr, de


def _condemned_how(m: re.Match[str]) -> bool:
    """Whether a "condemned" (es, it, fr, de) act says how or by whom it was condemned in words."""
    act = m.group(0)
    low = act.lower()
    return any(stem in low for stem in _CONDEMN_STEMS) and _CONDEMNED_HOW.search(act) is not None


# An account, a page or a channel suspended ("Le compte concerné a été suspendu"): a platform's
# moderation, no court's or disciplinary body's act; nor is an event, a service or a search
# called off ("El festival fue suspendido", "Il concerto è stato sospeso", "le match a été
# suspendu", "Musikfestival").
_ACCOUNT_BEFORE = re.compile(
    r"\b(?:compte|comptes|account|accounts|cuenta|cuentas|konto|konten|profil|profile|perfil|"
    r"page|página|pagina|chaîne|channel|canale|"
    r"\w*festivals?|\w*festivale?s|concierto|conciertos|concert|concerts|concerto|concerti|"
    r"\w*konzert|\w*verkehr|\w*spiel|partido|partidos|match|matchs|partita|partite|juego|evento|eventos|événement|"
    r"spectacle|espectáculo|spettacolo|cérémonie|ceremonia|cerimonia|tráfico|trafic|traffico|"
    r"servicio|servicios|service|services|servizio|servizi|vuelos?|vols?|voli|circulación|"
    r"circulation|circolazione|clases|cours|lezioni|búsqueda|recherches|ricerche|operaciones|"
    r"opérations|operazioni|rescate|sauvetage|soccorsi|gara|course|carrera|competición|"
    r"compétition|competizione|temporada|saison|stagione|campeonato|championnat|campionato)"
    r"\b[^.;:!?]{0,40}$",
    re.IGNORECASE,
)


def _account_suspended(text: str, m: re.Match[str]) -> bool:
    """Whether a suspension a _COURT_ACT match gives is an account's or an event's
    (_ACCOUNT_BEFORE)."""
    act = m.group(0).lower()
    return ("suspend" in act or "sospes" in act) and _ACCOUNT_BEFORE.search(
        text, max(0, m.start() - 60), m.start()
    ) is not None


def _by_outlet(text: str, m: re.Match[str]) -> bool:
    """Whether the document a pattern matched is an outlet's: its name in the match or right
    after it ("selon un rapport du Monde", "a report by the BBC")."""
    near = text[m.start() : m.end() + 40]
    if _SEEN_BY.search(near):
        return False  # "a document seen by AFP": the outlet saw it, the document is another's
    if _MEDIA_NOUN.search(near) or _MEDIA_NOUN.search(text, max(0, m.start() - 30), m.start()):
        return True  # "Turkish media have released the names", "divulgado por jornais locais"
    return bool(_MEDIA_OTHER.search(near) or _OUTLET.search(near))


# The media as a whole, in the languages of the coverage: what they release is no document.
_MEDIA_NOUN = re.compile(
    r"\b(?:media|médias|medien|medios|mídias?|imprensa|jornais|newspapers|giornali|stampa|"
    r"prensa|сми)\b",
    re.IGNORECASE,
)


_SEEN_BY = re.compile(
    r"\b(?:seen|obtained|reviewed|verified|examined)\s+(?:\w+\s+){0,2}?by\b"
    r"|\b(?:consulté|obtenu|vu)e?s?\s+par\b|\beingesehen\b|\bvisto\s+por\b|\bvisionato\b",
    re.IGNORECASE,
)


def _evidence(
    claim: Claim,
    known: Callable[[str], bool],
    subject: Callable[[str], bool],
    voiced: Callable[[str], bool],
    ws: frozenset[str] | None,
    compared: bool = False,
    heard: Callable[[frozenset[str]], bool] = lambda bodies: False,
) -> Evidence | None:
    text = claim.text
    if _recalled(text, ws):
        return None  # a recalled statement carries no evidence of any kind (see below)
    m = _document_search(text) if ws is None or not _DOCUMENT_GATE.isdisjoint(ws) else None
    if m is None:
        m = _document_other(text, ws, _DOC_OTHER_GATE)
    if m and _by_outlet(text, m):
        m = None  # "laut einem Bericht des Spiegel": an outlet's report, not a primary document
    if m and _STATEMENT_NOUN.search(m.group(0)) and heard(bodies_in(text)):
        # "según el último comunicado de la Policía", "heißt es in der Mitteilung": a press
        # statement of a body the story heard, as "the police said in a statement" is
        m = None
    if m:
        what = " ".join(m.group(0).split())
        return Evidence(text, "document", f"cites a primary document or data made public: “{what}”")
    t = _TOLL.search(text) if ws is None or not _TOLL_GATE.isdisjoint(ws) else None
    if t and not _toll_sourced(text, t):
        t = None  # a higher toll nobody gives is a new claim, not data on record
    if t:
        figure = re.match(r"[\d.,]*\d", text[t.end() :])
        what = " ".join((t.group(0) + (figure.group(0) if figure else "")).split())
        return Evidence(text, "data", f"a new casualty count: “{what}”")
    c = _court_act(text)
    if c:
        what = " ".join(c.group(0).split())
        if len(what) > 80:  # an act told across a long clause: its first words and its last
            ws = what.split()
            what = f"{' '.join(ws[:3])} … {' '.join(ws[-2:])}"
        return Evidence(text, "official", f"{COURT_ACT}: “{what}”")
    who = speaker(text)
    if who and _MEDIA.fullmatch(who.strip()):
        who = None  # "the Mirror reported": an outlet, not a source
    body = _so_body(text) if who is None and " so " in text else None
    if body is not None and not known(body):
        # "„...“, so das Verteidigungsministerium": an office the story never named
        return Evidence(text, "official", f"official statement on record: {body}")
    # "une source proche du dossier", "источник": anonymous wherever it stands
    anonymous_other = _anonymous_other(text, ws)
    m = _official_search(_unquoted(text)) if _official_gate(ws) else None
    if m and not anonymous_other and not _anonymous_before(text, m):
        body = who or _office_name(text, m)
        # an investigation's or a court's finding is news even from a body the story knows
        fresh = (
            bool(_fresh_search(text) or _BRIEFING.search(text))
            or _FINDING.search(m.group(0)) is not None
        )
        first = _first_statement(text, who, voiced, fresh)
        named = body or _role_phrase(text, m)  # ("the official Xinhua news agency said")
        if (
            (named and (_MEDIA.fullmatch(named.strip()) or _NEWS_AGENCY.search(named)))
            or _said_again(claim, who, m.group(0), text, m.start(), heard)
            or (not who and _UNNAMED_OFFICIALS.search(text))
            or (not who and _unnamed_body(body or _role_phrase(text, m)))
        ):
            # "according to Press Association": an outlet; a heard body's spokesperson; or
            # officials of no named body ("US officials said"): people not named, of no office
            pass
        elif (
            body is None
            or not known(body)
            or (subject(body) and fresh)
            or (not who and fresh)
            or first
            # a named office holder the story knows, at a press conference: a new statement
            or (who and _BRIEFING.search(text))
        ):
            denial = claim.negated or re.search(
                r"\bden(y|ies|ied)\b|reject|dismiss|refut", m.group(0), re.I
            )
            kind = "denial" if denial else "statement"
            return Evidence(text, "official", f"official {kind} on record: {named}")
    other = ws is None or not _SPEECH_OTHER_GATE.isdisjoint(ws)
    if other and not anonymous_other and (ws is None or _role_other_gate(ws)):
        found = _official_other(claim, who, known, subject, voiced, heard)
        if found is not None:
            return found
    if not who or anonymous_other:
        return None
    if (ws is None or not _ANONYMOUS_GATE.isdisjoint(ws)) and _ANONYMOUS.search(text):
        return None
    if (
        not _SPEECH_RE.search(text)
        and not (other and _SPEECH_OTHER_RE.search(text))
        and not _CITED_STATEMENT.search(text)
        and not _ACCORDING.search(text)
        and not _so_said(text)
        and not (other and _per_person(text, ws))
    ):
        return None
    if _unnamed_body(who):
        return None  # "Władze zapewniły": the authorities of nowhere in particular
    if not known(who):
        return Evidence(
            text,
            "on_record",
            f"{NEW_SOURCE}: {who} (not quoted before in this story)",
        )
    if not voiced(who) and (_fresh_search(text) or _QUOTED.search(text)):
        return Evidence(text, "on_record", f"{who} on record for the first time in this story")
    # A voice the story knows, with a new statement of its own: dated or in response, quoted or
    # a denial (the statement itself is new: a retold one is matched as seen before this); or a
    # new quotation, undated, when the claim was compared by meaning with the story's records.
    quoted = _QUOTED.search(text) is not None
    if (_fresh_search(text) and (quoted or claim.negated)) or (compared and quoted):
        return Evidence(text, "on_record", f"a new statement by {who} on record")
    return None


# "The authorities", "die Behörden", "las autoridades": which body, they do not say; like
# "officials said" (_UNNAMED_OFFICIALS), no named source ("local authorities", "Bavarian
# authorities" neither).
_AUTHORITIES = frozenset(
    "authorities behörden autorités autoridades autorità władze władz власти влада autoriteiten "
    "vlasti úřady autoritățile autoritatile".split()
)


def _anonymous_before(text: str, m: re.Match[str]) -> bool:
    """Whether an anonymous voice starts before an office's statement does ("a source said the
    ministry", "a police officer said": one officer, unnamed, is not the police on record)."""
    anon = _ANONYMOUS.search(text, 0, m.end())
    if anon is None:
        return False
    # ... or right after its first word: "police sources said", "government sources told"
    return (
        anon.start() <= m.start()
        or re.fullmatch(r"[\w’'-]+\s+", text[m.start() : anon.start()]) is not None
    )


def _unnamed_body(named: str) -> bool:
    """Whether an office named as `named` is the authorities of nowhere in particular."""
    ws = named.lower().split()
    if ws and ws[-1] == "officials" and len(ws) <= 3:
        # "according to law enforcement officials": officials of no named body ("Pentagon
        # officials", "museum officials" name theirs)
        return all(w in _GENERIC_OFFICIALS for w in ws[:-1])
    return bool(ws) and ws[-1] in _AUTHORITIES and len(ws) <= 2


_GENERIC_OFFICIALS = frozenset(_OFFICIALS_OF_NO_BODY) | frozenset(
    "law enforcement u.s. us western defense defence".split()
)


def _role_of(m: re.Match[str]) -> str:
    """The office an _OFFICIAL_OTHER match names, whichever of its word orders matched."""
    return m.group("role") or m.group("role2") or m.group("role3") or m.group("role4")


# The offices known by their initials ("MON", "DNA", "СК"): the pattern ignores case, but "Mon
# cœur bat encore" has no ministry in it, nor "selon mon ami".
_ROLE_INITIALS = frozenset(f for f in _ROLE_OTHER_FORMS if sum(c.isupper() for c in f) >= 2)
_ROLE_INITIALS_FOLDED = frozenset(f.casefold() for f in _ROLE_INITIALS)


def _initials_misread(role: str) -> bool:
    """Whether an office found is a word spelled like an office's initials, not written as them."""
    return role.casefold() in _ROLE_INITIALS_FOLDED and role not in _ROLE_INITIALS


def _first_statement(
    text: str, who: str | None, voiced: Callable[[str], bool], fresh: bool
) -> bool:
    """A named voice the story never quoted, now on record with a dated or quoted statement."""
    return who is not None and not voiced(who) and (fresh or bool(_QUOTED.search(text)))


def voice(text: str) -> str | None:
    """Who a sentence quotes or reports as speaking: its named speaker, else the named office
    whose statement it gives ("the Interior Ministry said"), or None."""
    who = speaker(text)
    if who is not None:
        return who
    ws = words(text)
    m = _official_search(text) if _official_gate(ws) else None
    if m is not None:
        return _office_name(text, m)
    if ws is None or not (_SPEECH_OTHER_GATE.isdisjoint(ws) or not _role_other_gate(ws)):
        m = _OFFICIAL_OTHER.search(text)
        if m is not None:
            role = _role_of(m)
            return role if role[:1].isupper() and not _initials_misread(role) else None
    return None


def _according_office(text: str, m: re.Match[str]) -> str | None:
    """The office an "according to ..." _OFFICIAL match names, up to the clause's end ("Libya's
    eastern government's interior ministry"), or None for the other matches."""
    according = _ACCORDING_OFFICE.match(m.group(0))
    if according is None:
        return None
    clause = re.split(r"[,;:.()\"“”«»]", text[m.start() + according.end() :])[0]
    roles = list(_ROLE_WORD.finditer(clause))
    if not roles:
        return None
    # up to the clause's last office word, from after its last article or preposition ("a
    # statement on the company's official channel": "company")
    role = roles[-1]
    before = re.findall(r"[\w’'-]+", clause[: role.start()])
    lead = [
        i for i, w in enumerate(before) if w.lower() in _LEAD_WORDS or w.lower() in _OFFICE_ENDS
    ]
    words = [*(before[lead[-1] + 1 :] if lead else before)[-4:], *role.group(0).split()]
    return re.sub(r"[’']s$", "", " ".join(words)) or None


# Nouns and words that stand before the office named after "according to" ("a statement on the
# company's channel"); its office word is the last one of the clause ("Libya's eastern
# government's interior ministry").
_OFFICE_ENDS = frozenset("statement statements report on in at that who which said says".split())
_ROLE_WORD = re.compile(
    rf"\b{_OFFICIAL_ROLE}\b(?:\s+(?:of|for)\s+(?:the\s+)?(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*)*)?",
    re.IGNORECASE,
)


# A news agency named by its noun ("according to Romania's national news agency"): an outlet,
# though "agency" alone is an office ("the disaster agency").
_NEWS_AGENCY = re.compile(r"\b(?:news|press|wire)\s+(?:agency|service)\b", re.IGNORECASE)


def _office_name(text: str, m: re.Match[str]) -> str | None:
    """The capitalised words an _OFFICIAL match starts with, and those right before it ("National
    Transportation Safety Board" for "Board (NTSB) has determined"), or None."""
    according = _according_office(text, m)
    if according is not None:
        # the office the figure is given by, named or not: as a voice, one the story already
        # gave ("according to the regional health office" again) is no new source
        return according
    own = [
        w for w in m.group(0).split()[:4] if w[:1].isupper() and w.strip("’'.,") not in _NOT_A_NAME
    ]  # "investigators said on Sunday": "Sunday" is no office
    if not own:
        return None
    before = text[: m.start()].split()
    lead = []
    while (
        before
        and before[-1][:1].isupper()
        and before[-1].strip("’'") not in _NOT_A_NAME
        and not before[-1].endswith(":")  # "STORY:", a label
        and not (before[-1].isupper() and len(before[-1]) > 5)  # "BRATISLAVA", a dateline
    ):
        lead.insert(0, before.pop())
    if not before:  # the sentence's first word is capitalised anyway
        lead = lead[1:] if lead and lead[0] in _NOT_A_NAME else lead
    return " ".join([*lead, *own])


_FINDING = re.compile(r"\b(?:determined|concluded|ruled)\s+that\b", re.IGNORECASE)

_LEAD_WORDS = frozenset(
    """the a an its his her their this that these those and but or as also then however
    meanwhile subsequently later earlier separately on in at by for with from to of said""".split()
)


def _role_phrase(text: str, m: re.Match[str]) -> str:
    """The office an _OFFICIAL match names, with the words before it that say which ("Russia's
    federal penitentiary service" for "... service says"), when it has no name of its own."""
    first = m.group(0).split()[0]
    if _SPEECH_RE.fullmatch(first) or first.lower() in ("in", "confirmed", "denied"):
        return " ".join(m.group(0).split()[:3])  # the verb first: keep the match's words
    # The words that qualify the office stand right before it, in the same clause: from the last
    # punctuation, and after the last article or preposition ("..., the airline said": "airline";
    # "recovered after federal investigators": "federal investigators").
    clause = re.split(r"[,;:—–()\"“”«»]", text[: m.start()])[-1]
    before = re.findall(r"[\w’'-]+", clause)[-3:]
    lead = [i for i, w in enumerate(before) if w.lower() in _LEAD_WORDS]
    if lead:
        before = before[lead[-1] + 1 :]
    return " ".join([*before, first])


# A verb with its subject pronoun after it ("a-t-il dit", "dit-elle", "ajoute-t-il"): the
# office named before it is not who speaks.
_PRONOUN_AFTER = re.compile(r"-(?:t-)?(?:il|elle|ils|elles)\b", re.IGNORECASE)


def _outlet_after(text: str, at: int) -> bool:
    """Whether the words right after a speech verb, the sentence's last, name an outlet: its
    subject ("..., berichtete das Staatsfernsehen.", "..., rapporte la télévision d'État."), not
    who it told ("sagte der Zeitung, dass ...")."""
    after = text[at:].split()
    if len(after) > 4:
        return False
    return any(_outlet_word(word) for word in after)


def _official_other(
    claim: Claim,
    who: str | None,
    known: Callable[[str], bool],
    subject: Callable[[str], bool],
    voiced: Callable[[str], bool],
    heard: Callable[[frozenset[str]], bool] = lambda bodies: False,
) -> Evidence | None:
    """An office of the other languages speaking, confirming or denying ("Ministerstwo
    potwierdziło", "teilte das Ministerium mit", "indique mardi la procureure de Paris")."""
    text = claim.text
    bare = _unquoted(text)
    m = _OFFICIAL_OTHER.search(bare)
    if m is None:
        return None
    if m.group("verb") and _PRONOUN_AFTER.search(m.group("verb")):
        return None  # "Les enfants du président « sont en sécurité », a-t-il dit": "il" speaks
    if m.group("verb") and _outlet_after(bare, m.end("verb")):
        return None  # "Die Polizei erschoss vier ..., berichtete das Staatsfernsehen": TV speaks
    role = _role_of(m)
    if _initials_misread(role):
        return None
    verb = m.group("verb") or m.group("verb2") or m.group("verb3") or m.group("verb4")
    at = next(m.start(g) for g in ("role", "role2", "role3", "role4") if m.group(g))
    if _said_again(claim, who, verb, bare, at, heard) or (not who and _unnamed_body(role)):
        return None
    body = who or (role if role[:1].isupper() else None)
    fresh = bool(_fresh_search(text) or _BRIEFING.search(text))
    first = _first_statement(text, who, voiced, fresh)
    if (
        body is not None
        and known(body)
        and not (subject(body) and fresh)
        and (who or not fresh)
        and not first
        and _DENIES.search(text) is None  # calling claims lies or groundless is a denial
        and _CORRECTS.search(verb) is None  # correcting what it said before is one too
        and _ADMITS.search(verb) is None  # ... and admitting something a confirmation
    ):
        return None
    kind = "denial" if claim.negated or _DENIAL_OTHER.search(verb) else "statement"
    if who and who[:1].islower():
        # the office's own name read as its place ("Ministero" + "della Difesa"): told whole
        return Evidence(text, "official", f"official {kind} on record: {role} {who} (“{verb}”)")
    if who:
        return Evidence(text, "official", f"official {kind} on record: {who} ({role}: “{verb}”)")
    return Evidence(text, "official", f"official {kind} on record: {role} (“{verb}”)")
