// Per-language abbreviation, sentence-starter and month lists. Entries are
// general dictionary/style-guide abbreviations (AP style for English news,
// the standard Ukrainian and Russian reference abbreviations, Duden for
// German), written lower-case and without inner spaces: "т.д." also matches
// "т. д.", "z.b." matches "z. B.".
#include "segment_lists.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <map>
#include <mutex>
#include <string>

namespace tmkit::segment_internal {
namespace {

std::u16string ToU16(std::string_view utf8) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  return std::u16string(reinterpret_cast<const char16_t*>(u.getBuffer()), u.length());
}

void AddWords(std::string_view words, AbbrevKind kind, LanguageTables* t) {
  size_t i = 0;
  while (i < words.size()) {
    while (i < words.size() && (words[i] == ' ' || words[i] == '\n')) ++i;
    size_t j = i;
    while (j < words.size() && words[j] != ' ' && words[j] != '\n') ++j;
    if (j > i) t->abbreviations[LowerNoSpace(ToU16(words.substr(i, j - i)))] = kind;
    i = j;
  }
}

void AddSet(std::string_view words, std::unordered_set<std::u16string>* set) {
  size_t i = 0;
  while (i < words.size()) {
    while (i < words.size() && (words[i] == ' ' || words[i] == '\n')) ++i;
    size_t j = i;
    while (j < words.size() && words[j] != ' ' && words[j] != '\n') ++j;
    if (j > i) set->insert(LowerNoSpace(ToU16(words.substr(i, j - i))));
    i = j;
  }
}

// Shared by every language with lists: company forms and Latin
// abbreviations that travel between languages in news text.
void AddInternational(LanguageTables* t) {
  AddWords("vs. v. e.g. i.e. cf. viz. ca. approx.", AbbrevKind::kTitle, t);
  AddWords("etc. inc. ltd. co. corp. plc. bros. a.m. p.m. ph.d.", AbbrevKind::kMaybeEnd, t);
  AddWords("u.s. u.s.a. u.k. u.n. e.u.", AbbrevKind::kCountry, t);
  // What "U.S." / "U.N." / "E.U." modify in news text (AP usage): institutions,
  // offices, forces and the currency. Any other capitalised word after them
  // starts a new sentence ("at the U.N. Pyongyang has not commented").
  AddSet(
      "army navy air marine marines coast guard government administration senate congress "
      "house capitol embassy embassies consulate mission envoy envoys ambassador ambassadors "
      "department state treasury defense defence justice commerce labor trade customs border "
      "immigration citizenship postal census intelligence military officials official forces "
      "force troops soldiers personnel command central southern northern european pacific "
      "special president presidency secretary secretary-general undersecretary attorney "
      "attorneys district supreme court courts federal agency agencies council security "
      "general assembly human refugee peacekeepers peacekeeping commission commissioner "
      "parliament ministers minister ministry foreign home prime dollar dollars economy "
      "market markets stocks bonds treasuries open route highway steel charter resolution "
      "sanctions delegation delegates representative rapporteur summit member members "
      "citizens citizen nationals partners allies ally "
      "panel committee board office bureau authority authorities regulator regulators "
      "service services police institute inquiry team delegation",
      &t->country_nouns);
}

LanguageTables English() {
  LanguageTables t;
  t.has_lists = true;
  AddInternational(&t);
  // Titles, ranks and name parts: never a sentence end before a name.
  AddWords(
      "mr. mrs. ms. messrs. mmes. dr. prof. gen. lt. col. maj. capt. cmdr. cmdt. adm. brig. "
      "sgt. cpl. pvt. pfc. ens. rev. hon. sen. rep. reps. gov. pres. supt. insp. amb. atty. "
      "mt. ft. st. ste. msgr. fr. sr. sra. srta. gens. sens. lt.gen. lt.col. maj.gen. "
      "adj. asst. assoc. dist. mme. mlle. "
      "incl. esp. excl. re. resp. w/o. aka. a.k.a. f.e.",
      AbbrevKind::kTitle, &t);
  // Ends a sentence before a capitalised word.
  AddWords(
      "jr. esq. llc. llp. ltda. assn. dept. depts. univ. est. "
      "jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. "
      "mon. tue. tues. wed. thu. thur. thurs. fri. sat. sun. "
      "ave. blvd. rd. hwy. sq. pkwy. ln. ct. "
      "ala. ariz. ark. calif. colo. conn. del. fla. ga. ill. ind. kan. kans. ky. la. md. "
      "mass. mich. minn. miss. mo. mont. neb. nev. okla. ore. pa. tenn. tex. vt. va. "
      "wash. wis. wyo. "
      "lb. lbs. oz. yd. yds. mi. hr. hrs. min. mins. sec. secs. pt. qt. gal. "
      "med. btw. misc. al. et.al. max. avg. "
      "a.d. b.c. b.c.e. c.e.",
      AbbrevKind::kMaybeEnd, &t);
  // Before a number.
  AddWords(
      "no. nos. p. pp. vol. vols. fig. figs. art. arts. ch. chap. sect. par. para. "
      "eq. ed. eds. op. tel. ext. rs. nr. ref. refs. pg. ser. n°. №.",
      AbbrevKind::kBeforeNumber, &t);
  // Multi-dot place and time forms are kAdjectival/kMaybeEnd via the shared list.
  AddWords("n.y. n.j. n.h. n.c. n.d. n.m. s.c. s.d. r.i. w.va. d.c. l.a. u.a.e. u.s.s.r.",
           AbbrevKind::kAdjectival, &t);
  AddSet(
      "the a an he she it they we i you this that these those there here his her its their "
      "our my your but and or so yet if when while after before as at in on for from by with "
      "to of since although though because how what why where who whom whose which however "
      "meanwhile then now still also some many most all no not both each every one two "
      "did do does is are was were has have had will would can could should may might must "
      "let please yes according last next earlier later today yesterday tomorrow finally "
      "instead other such more another only even just nor thus hence therefore besides "
      "once during despite under over about among between until unlike like",
      &t.starters);
  AddSet("which who whom whose", &t.relatives);
  AddSet("at by on in until till from since before after around about near", &t.prepositions);
  AddSet(
      "january february march april may june july august september october november december",
      &t.months);
  return t;
}

LanguageTables Ukrainian() {
  LanguageTables t;
  t.has_lists = true;
  AddInternational(&t);
  AddWords(
      "м. смт. с-ще. вул. просп. пров. пл. бульв. наб. ген. генл. полк. підполк. майор. "
      "капт. лейт. проф. акад. доц. д-р. канд. ім. о. оз. п. пан. пані. св. див. напр. "
      "т.зв. т.б. тобто. і.о. в.о. зав. заст. нач. гр. тов.",
      AbbrevKind::kTitle, &t);
  AddWords(
      "т.д. т.ін. ін. т.п. н.е. до.н.е. тис. млн. млрд. трлн. грн. коп. дол. руб. "
      "обл. р-н. р-ну. міст. сіл. км. кв. куб. "
      "січ. лют. бер. квіт. трав. черв. лип. серп. вер. верес. жовт. лист. груд.",
      AbbrevKind::kMaybeEnd, &t);
  AddWords("ст. стор. с. рис. табл. гл. розд. ч. п. пп. т. № вип. арк. зб. кн.",
           AbbrevKind::kBeforeNumber, &t);
  // р. (річка) and рр.: a name part unless after a year (see year_words).
  AddWords("р. рр.", AbbrevKind::kTitle, &t);
  AddSet("р. рр. ст. м. км.", &t.year_words);
  AddSet(
      "в у на він вона воно вони ми я ти ви це цей ця ці цього цієї але і й та а проте однак "
      "по з із зі зо до від для після при про як що коли де якщо так тоді також вже його її "
      "їх всі усі там тут тепер зараз сьогодні вчора завтра потім крім між над під через не "
      "ні був була були було буде будуть є за серед згідно водночас крім окрім адже тому "
      "отже раніше пізніше наразі саме ще лише навіть понад близько майже",
      &t.starters);
  AddSet("який яка яке які якого якої яких що", &t.relatives);
  AddSet("о об до з із від після близько на в у", &t.prepositions);
  AddSet(
      "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
      &t.months);
  return t;
}

LanguageTables Russian() {
  LanguageTables t;
  t.has_lists = true;
  AddInternational(&t);
  AddWords(
      "г-н. г-жа. ул. просп. пр-т. пер. пл. наб. бул. пос. пгт. дер. ген. полк. подполк. "
      "капт. лейт. проф. акад. доц. д-р. канд. им. о. оз. гр. тов. св. см. напр. т.е. "
      "т.н. т.к. т.о. и.о. в.о. зав. зам. нач. ср.",
      AbbrevKind::kTitle, &t);
  AddWords(
      "т.д. т.п. др. пр. н.э. до.н.э. тыс. млн. млрд. трлн. руб. коп. долл. дол. у.е. "
      "обл. р-н. кв. куб. м. км. "
      "янв. февр. фев. мар. апр. авг. сент. сен. окт. нояб. дек.",
      AbbrevKind::kMaybeEnd, &t);
  AddWords("ст. стр. с. рис. табл. гл. разд. ч. п. пп. т. д. № вып. кн. корп. кв.",
           AbbrevKind::kBeforeNumber, &t);
  AddWords("кв.м. куб.м. кв.км.", AbbrevKind::kMaybeEnd, &t);
  // г. (город), гг.: a name part unless after a year (see year_words).
  AddWords("г. гг. в. вв.", AbbrevKind::kTitle, &t);
  AddSet("г. гг. в. вв. ст. м. км.", &t.year_words);
  AddSet(
      "в во на он она оно они мы я ты вы это этот эта эти этого но и а однако по с со к у "
      "о об при для после до из за как что когда где если так тогда также уже его ее её их "
      "все всё там тут здесь сейчас теперь сегодня вчера завтра затем потом кроме между над "
      "под через не ни был была были было будет будут есть среди согласно ведь поэтому "
      "итак ранее позже ещё еще лишь даже около почти",
      &t.starters);
  AddSet("который которая которое которые которого которой которых что", &t.relatives);
  AddSet("в во на с со до от после около к у", &t.prepositions);
  AddSet("января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
         &t.months);
  return t;
}

LanguageTables German() {
  LanguageTables t;
  t.has_lists = true;
  AddInternational(&t);
  AddWords(
      "z.b. d.h. u.a. bzw. ca. vgl. sog. evtl. ggf. inkl. insb. u. v. s. hr. fr. frl. "
      "dr. prof. dipl. ing. st. gebr. gen. o.ä. u.ä. z.t. z.zt. i.d.r. u.u. bspw. sen. "
      "allg. ehem. eigtl. geb. gegr. gest. jew. lt. mind. max. min. urspr.",
      AbbrevKind::kTitle, &t);
  AddWords(
      "usw. u.s.w. etc. mio. mrd. tsd. hrsg. chr. jh. jhd. jhs. str. gmbh. ag. e.v. "
      "jan. feb. febr. mär. apr. jun. jul. aug. sep. sept. okt. nov. dez. "
      "mo. di. mi. do. fr. sa. so.",
      AbbrevKind::kMaybeEnd, &t);
  AddWords("nr. s. abs. art. bd. kap. abb. tab. ziff. anm.", AbbrevKind::kBeforeNumber, &t);
  AddSet(
      "der die das den dem des ein eine einer eines er sie es wir ich du ihr dies diese "
      "dieser dieses aber und oder doch in im am an auf mit nach vor von bei für zu zum zur "
      "wenn als wie was wo warum dann auch so da dort hier heute gestern morgen man nicht "
      "kein keine sein seine ihre unser damit deshalb trotzdem jedoch zudem außerdem",
      &t.starters);
  AddSet("was welche welcher welches", &t.relatives);
  AddSet("um ab bis seit vor nach gegen am im", &t.prepositions);
  AddSet(
      "januar jänner februar märz april mai juni juli august september oktober november "
      "dezember",
      &t.months);
  return t;
}

LanguageTables French() {
  LanguageTables t;
  t.has_lists = true;
  AddInternational(&t);
  AddWords(
      "m. mm. mme. mmes. mlle. mlles. me. mgr. dr. pr. st. ste. av. bd. cf. env. ex. "
      "c.-à-d. p.ex. gén. col. cdt. lt. cap. sgt.",
      AbbrevKind::kTitle, &t);
  AddWords(
      "etc. cie. j.-c. av.j.-c. apr.j.-c. "
      "janv. févr. fév. avr. juil. sept. oct. nov. déc.",
      AbbrevKind::kMaybeEnd, &t);
  AddWords("p. pp. n°. no. vol. chap. art. fig. éd. t.", AbbrevKind::kBeforeNumber, &t);
  AddSet(
      "le la les un une des il elle ils elles on nous je tu vous ce cet cette ces mais et "
      "ou donc dans en à au aux sur avec pour par de du selon après avant si quand comme "
      "puis alors ensuite aujourd'hui hier demain cela ceci son sa ses leur leurs pourtant "
      "cependant toutefois",
      &t.starters);
  AddSet("qui que dont lequel laquelle lesquels lesquelles", &t.relatives);
  AddSet(
      "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
      &t.months);
  return t;
}

const LanguageTables& Empty() {
  static const LanguageTables t;
  return t;
}

}  // namespace

std::u16string LowerNoSpace(std::u16string_view s) {
  icu::UnicodeString u(false, reinterpret_cast<const UChar*>(s.data()),
                       static_cast<int32_t>(s.size()));
  icu::UnicodeString lower(u);
  lower.toLower(icu::Locale::getRoot());
  std::u16string out;
  out.reserve(lower.length());
  for (int32_t i = 0; i < lower.length(); ++i) {
    char16_t c = lower.charAt(i);
    if (c != u' ' && c != 0x00A0 && c != 0x202F) out.push_back(c);
  }
  return out;
}

const LanguageTables& LanguageData(std::string_view lang) {
  static const LanguageTables en = English();
  static const LanguageTables uk = Ukrainian();
  static const LanguageTables ru = Russian();
  static const LanguageTables de = German();
  static const LanguageTables fr = French();
  if (lang == "en" || lang == "ko") return en;
  if (lang == "uk") return uk;
  if (lang == "ru" || lang == "be") return ru;
  if (lang == "de") return de;
  if (lang == "fr") return fr;
  return Empty();
}

}  // namespace tmkit::segment_internal
