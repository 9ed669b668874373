"""Word lists the speaker finder and the entity tracker share: titles, organisation words, words that are
never a speaker's name (months, days, demonyms, places, sentence-initial common words), gendered first
names and role words."""

from __future__ import annotations


def words_of(text: str) -> frozenset[str]:
    """The set of a text's space-separated words (how every list here is written)."""
    return frozenset(text.split())


_words = words_of


TITLES = _words(
    "acting adm. ambassador attorney capt. captain ceo chair chairman chairwoman chancellor chief coach "
    "col. commissioner councillor councilor cpl. dame defence defense deputy detective director don doña "
    "dr dr. economy father finance foreign former frau gen. general gov. governor head health herr imam "
    "inspector interior judge justice king lady leader lord lt. mayor mayor-elect minister mlle mme mp mr "
    "mr. mrs mrs. ms ms. officer opposition pastor pope president president-elect prime prince princess "
    "prof prof. professor queen rabbi rep. representative rev. secretary sen. senator señor señora sgt. "
    "sheriff sir speaker spokesman spokesperson spokeswoman st. state superintendent vice "
    "harbourmaster harbormaster economist analyst editor founder executive manager researcher scientist "
    "volunteer resident doctor sergeant lieutenant colonel major dean principal lawyer historian "
    "del. del delegate congressman congresswoman assemblyman assemblywoman councilman councilwoman "
    "senate house minority majority whip gop democratic republican chairperson commander presidential "
    "vice-presidential nominee "
    "premier ministerpräsident bundeskanzler bundeskanzlerin kanzler kanzlerin außenminister "
    "außenministerin präsident präsidentin ministre président présidente presidente ministro ministra "
    "sindaco portavoce sprecher sprecherin porte-parole portavoz burgemeester minister-president "
    "madame monsieur m. mme. sra. sr. dott. sig. ing. host anchor correspondent candidate nominee "
    "activist author actor actress singer rapper comedian star coach-elect ex-president ex-minister "
    "supreme court justice moderator widow widower economist strategist pollster aide adviser advisor "
    "consultant reporter journalist columnist commentator lobbyist organizer organiser"
)
# Organisations end (or begin) with these words.
ORG_WORDS = _words(
    "afp agency ap association authority bank bbc board club cnn commission committee company corporation "
    "council courier court daily department federation foundation gazette government group herald inc "
    "inc. institute journal ltd ltd. magazine ministry network news newspaper office organisation "
    "organization party police post press radio reuters service team television times tribune tv union "
    "university wire research centre center study report school college fund forum campaign caucus "
    "congress senate parliament administration bureau coalition alliance council league society trust "
    "corp corp. co co. llc plc gmbh ag sa spa bv nv agence agentur ministerium regierung gobierno "
    "governo ministère ministerio zeitung spiegel monde país republica repubblica post-dispatch "
    "examiner observer guardian telegraph standard chronicle globe star sun mirror express inquirer "
    "bulletin review today weekly politico axios bloomberg nbc abc cbs fox msnbc npr pbs ny nyt wsj "
    "department fbi cia nsa doj dhs epa nato un eu imf gop dnc rnc police sheriff's army navy convention"
)
# Never a speaker on their own: calendar words, demonyms and party members, places, plural groups.
NOT_SPEAKERS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow "
    "american americans british briton britons english french german germans italian italians spanish "
    "spaniard european europeans african africans asian asians chinese japanese korean koreans russian "
    "russians ukrainian ukrainians indian indians canadian canadians mexican mexicans brazilian "
    "australian israeli israelis palestinian palestinians iranian iranians iraqi iraqis syrian syrians "
    "turkish turk turks greek greeks polish pole poles dutch belgian swiss austrian swedish swede swedes "
    "norwegian danish finnish irish scottish welsh latino latinos latina latinas hispanic hispanics "
    "arab arabs muslim muslims christian christians jewish jews catholic catholics evangelical "
    "evangelicals republican republicans democrat democrats democratic gop conservative conservatives "
    "liberal liberals progressive progressives western eastern northern southern "
    "america europe asia africa china japan korea russia ukraine india canada mexico brazil australia "
    "israel iran iraq syria turkey greece poland germany france italy spain britain england scotland "
    "wales ireland sweden norway denmark finland netherlands belgium switzerland austria portugal "
    "washington london paris berlin moscow beijing tokyo brussels rome madrid kyiv kiev jerusalem "
    "york california texas florida ohio michigan pennsylvania virginia carolina georgia arizona nevada "
    "iowa wisconsin colorado illinois massachusetts jersey maryland tennessee kentucky alabama "
    "louisiana missouri minnesota oregon utah indiana oklahoma kansas nebraska arkansas mississippi "
    "connecticut vermont maine hampshire montana idaho wyoming dakota alaska hawaii delaware "
    "saudi arabia egypt libya lebanon jordan yemen qatar kuwait afghanistan pakistan bangladesh "
    "vietnam thailand indonesia philippines malaysia singapore taiwan cuba venezuela colombia peru "
    "chile argentina nigeria kenya ethiopia sudan somalia congo hungary romania bulgaria serbia croatia "
    "czech slovakia slovenia lithuania latvia estonia belarus georgia armenia azerbaijan kazakhstan "
    "burma myanmar cambodia mongolia nepal sri lanka zealand iceland luxembourg cyprus malta "
    "chicago boston atlanta detroit philadelphia houston dallas miami seattle denver phoenix cleveland "
    "baltimore charlotte orlando tampa pittsburgh manhattan brooklyn hollywood silicon "
    "united states kingdom union nations city county state street avenue capitol hill white house "
    "twitter facebook instagram youtube tiktok x internet web online "
    "god lord jesus christmas easter ramadan thanksgiving "
    "officials police protesters voters residents critics supporters experts analysts lawmakers "
    "investors workers students parents children people members leaders democrats"
)
# Capitalised at a sentence's start but not names (English and the other languages read).
COMMON = _words(
    "a an the this that these those there here it its he she they we i you his her their our my your "
    "and but or so yet if when while after before as at by for from in into of on to with without "
    "about above across against along among around because between both during each either every few "
    "however meanwhile moreover nevertheless nonetheless still also then thus though although "
    "indeed instead later earlier now once perhaps maybe already even just only not no nor "
    "many most much more some such several other another all any none one two three four five "
    "six seven eight nine ten eleven twelve thirteen fourteen fifteen twenty thirty forty fifty hundred "
    "asked speaking talking writing told said says according despite unlike like since until unless "
    "following including regarding concerning considering given "
    "whether where what which who whom whose why how yes okay ok well oh thanks thank please sorry "
    "fortunately unfortunately sadly luckily clearly obviously apparently last next first second new "
    "mr mrs ms dr "
)
# The words of COMMON that are not also English: at a sentence's start they may begin a name ("Per Valdt").
COMMON_FOREIGN = _words(
    "dazu darauf zudem außerdem dann jetzt heute gestern morgen damals doch auch noch "
    "er sie es wir ich ihr der die das den dem des ein eine einer und aber oder auch laut so nach "
    "il elle ils elles nous vous je le la les un une des et mais ou selon pour dans sur "
    "él ella ellos ellas nosotros yo el los las uno una y pero según para en "
    "lui lei loro noi io lo gli uno una e ma secondo per "
    "hij zij ze wij ik het de een en maar volgens "
    "ele ela eles elas nós eu o os as um uma mas segundo"
)
COMMON_EN = COMMON
COMMON = COMMON_EN | COMMON_FOREIGN
FEMALE_NAMES = _words(
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret "
    "sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca "
    "sharon laura cynthia kathleen amy shirley angela helen anna ana brenda pamela nicole emma samantha "
    "katherine christine debra rachel catherine carolyn janet ruth maria heather diane virginia julie "
    "joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl andrea hannah martha "
    "jacqueline frances gloria ann teresa kathryn sara janice jean alice madison doris abigail julia "
    "judy grace denise amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella "
    "charlotte rose alexis kayla hillary carly nikki melania ivanka huma kellyanne hope loretta "
    "condoleezza katrina kayleigh sheryl nancy elaine kamala tulsi marsha susana dianne kirsten "
    "claire gwen maxine sheila debbie jill kate camila lucia sofia elena irina olga natalia svetlana "
    "angela ursula annalena giorgia marine ségolène anne christiane sylvie isabelle nathalie monique "
    "ilse lena petra mira greta ingrid astrid birgit ulrike sabine claudia carmen pilar dolores "
    "francesca giulia chiara alessandra mette sanna jacinda theresa liz priti yvette harriet "
    "margarethe marta beata agnieszka katarzyna eva jana lucie tereza aung suu"
)
MALE_NAMES = _words(
    "james robert john michael william david richard joseph thomas charles christopher daniel matthew "
    "anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason "
    "jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel "
    "gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry "
    "douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry gerald harold sean "
    "austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel logan albert willie "
    "alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis bill barack "
    "bernie ted marco ben jeb chris mike tim jim rand lindsey martin rick mitch harry steve matt dan tom "
    "corey reince newt rudy jared mitt al jimmy marco rudolph jeh ash rex vladimir xi emmanuel boris "
    "olaf friedrich markus wolfgang helmut gerhard sergei dmitry volodymyr recep benjamin narendra "
    "justin jair andrés pedro luis carlos miguel javier antonio francesco matteo giuseppe marco "
    "pierre jean jacques françois nicolas emmanuel édouard marek tomas tomás jan piotr pavel karel "
    "lars erik nils sven olof hans jürgen klaus dieter uwe kofi tony gordon keir rishi nigel jeremy"
)
FEMALE_WORDS = _words(
    "she her woman women mother daughter wife sister grandmother aunt niece girl actress chairwoman "
    "spokeswoman congresswoman councilwoman businesswoman mrs mrs. ms ms. miss madam queen princess "
    "lady dame duchess widow girlfriend bride sprecherin kanzlerin präsidentin ministerin "
    "présidente ministra presidenta"
)
MALE_WORDS = _words(
    "he his man men father son husband brother grandfather uncle nephew boy actor chairman spokesman "
    "congressman councilman businessman mr mr. sir king prince lord duke widower boyfriend groom "
    "sprecher kanzler präsident minister-president président ministro"
)
# A capitalised run ending in one of these is a place, not a speaker.
PLACE_WORDS = _words(
    "east west north south valley river bay island islands mountains mountain street square park beach "
    "county city province region coast airport hall lake sea ocean gulf strait peninsula district "
    "avenue road bridge station harbour harbor port village town heights hills republic arena stadium"
)
# A description ending in one of these makes its entity an organisation ("Peabody Energy, the company").
ORG_NOUNS = _words(
    "company firm group agency organization organisation union party network newspaper outlet ministry "
    "department institute bank maker manufacturer retailer giant startup start-up publisher broadcaster "
    "charity nonprofit non-profit association committee campaign corporation conglomerate airline "
    "carrier insurer lender regulator watchdog utility operator platform service website site "
    "producer studio label club team council authority"
)


def _tenses(bases: str) -> frozenset[str]:
    """A regular English verb's cue forms: "demand" → demands, demanded ("-e" and "-y" spelled; the bare
    form is left out: most of these are also nouns, "the Voss report")."""
    out: set[str] = set()
    for base in bases.split():
        if base.endswith("e"):
            out |= {base + "s", base + "d"}
        elif base.endswith("y") and base[-2:-1] not in "aeiou":
            out |= {base[:-1] + "ies", base[:-1] + "ied"}
        else:
            out |= {base + "s", base + "ed"}
    return frozenset(out)


# Verbs that introduce or close a direct quotation in English news ("…," Voss demanded; Voss hailed it as
# “…”), regular ones as bases; what a quotation's sentence must hold for its subject to be its speaker.
SPEECH_CUES = _tenses(
    "accuse applaud blame lambaste rebuke ridicule surmise "
    "add admit acknowledge advise affirm agree allege announce answer argue ask assert assure attest "
    "bemoan blast boast brag caution challenge charge chime chuckle claim clarify comment complain "
    "concede conclude condemn confess confide confirm contend continue counter criticize criticise crow "
    "declare decry demand denounce deny deride describe disagree dismiss dispute echo elaborate email "
    "emphasize emphasise exclaim explain fume gush hail highlight implore inform insist interject "
    "joke label lament laud mention mock mumble muse mutter note object observe offer opine plead "
    "post praise predict press proclaim promise protest question quip recall recount reiterate remark "
    "remind reply report respond retort reveal rule scoff scold shout sigh slam snap speculate state "
    "stress suggest summarize summarise taunt tease testify text thank threaten tout tweet underscore "
    "urge vow warn whisper wonder yell"
) | words_of(
    "admitted quipped snapped echoes say tell write add ask explain argue insist "
    "said says told tells wrote writes write spoke speaks sang sings sing read reads "
    "began begins went goes sniped snipes beamed beams called calls dubbed dubs termed terms blogged "
    "blogs penned pens quoted quotes cited cites recounted labelled branded brands put puts swore swears "
    "shot fired thundered roared cried cries pledged pledges referred refers"
)

# Words that head a role between two names: "Clinton ally James Carville", "Trump campaign spokesman Jason
# Miller" (the first name only qualifies the role; the second is the person).
ROLE_WORDS = TITLES | _words(
    "ally allies co-host co-founder confidant friend colleague partner rival critic supporter backer "
    "surrogate fundraiser donor operative official officer chief democrat republican gop expert "
    "professor scholar fellow director manager secretary spokesman spokeswoman spokesperson"
)

# German (and Dutch) titles are compounds: "Wohnbausprecherin", "US-Präsident", "Landesvorsitzende".
TITLE_ENDINGS = (
    "sprecher", "sprecherin", "minister", "ministerin", "präsident", "präsidentin", "vorsitzende",
    "vorsitzender", "kanzler", "kanzlerin", "bürgermeister", "bürgermeisterin", "direktor", "direktorin",
    "chef", "chefin", "leiter", "leiterin", "woordvoerder", "voorzitter",
)  # fmt: skip


def is_title(word: str) -> bool:
    """A word that is a title before a name, with or without its point ("Gov.", "Governor",
    "Wohnbausprecherin"); a single letter is an initial, never a title."""
    low = word.lower().rstrip(",")
    bare = low.rstrip(".")
    if len(bare) < 2:
        return False
    return low in TITLES or bare in TITLES or (len(bare) > 6 and bare.endswith(TITLE_ENDINGS))
