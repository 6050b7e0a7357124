// The curated news layer of the places glossary: the forms news writes that
// ICU/CLDR and iso-codes lack or get wrong ("Donetsk Oblast" where ISO has
// "Donetska oblast"; 키이우 where CLDR/ICU still have 키예프; Kharkiv, which
// no source has as a city). Names here become the preferred terms; the
// sources' names stay as admitted ones. The table is ours (tmkit's licence).
//
// Sources of the forms, per group:
//  [UA-en]  English: the oblast names of the Verkhovna Rada's English texts
//           and Ukrinform ("Donetsk Oblast"/"Donetsk Region"), which are the
//           forms of AP, Reuters and the BBC; the national transliteration
//           (Cabinet of Ministers resolution 55, 2010) for cities: Kyiv,
//           Odesa, Zaporizhzhia, Mykolaiv; the "…Region" aliases of Ukrinform.
//  [UA-uk]  Ukrainian: the Constitution of Ukraine, art. 133 (oblast names),
//           the renaming laws (Dnipro 2016, Bakhmut 2016, Pokrovsk 2016).
//  [UA-ru]  Russian: the established Russian exonyms (Большая российская
//           энциклопедия spelling), as Russian-language Ukrainian media use them.
//  [UA-ko]  Korean: the 2022 exonym revision of the National Institute of
//           Korean Language (국립국어원, 외래어 표기 심의회: 키이우, 하르키우,
//           리비우, 미콜라이우 from Ukrainian rather than Russian) and the forms
//           of Yonhap (연합뉴스) for oblasts (…주) and front-line towns.
//  [KP]     North Korea: Yonhap's North Korea handbook and the Ministry of
//           Unification (통일부) place names; English: the McCune–Reischauer-
//           less forms AP and Reuters write (South Pyongan Province).
//  [KR]     South Korea: the provinces' and cities' own English names
//           (Revised Romanization, 2000), Korean as the Local Autonomy Act names them
//           (short forms news uses as preferred, the official ones as aliases).
//  [RU]     Russian border regions in the news (Kursk, Belgorod, Bryansk):
//           the same English/Ukrainian/Korean conventions as [UA-*].
#include <array>

#include "tmkit/glossaries/builtin.h"

namespace tmkit {
namespace {

// keys, en, uk, ru, ko, aliases, deprecated, type, country
constexpr std::array kCurated = {
    // --- Ukraine: oblasts, Crimea, cities with special status ------- [UA-*]
    CuratedPlace{"UA-05", "Vinnytsia Oblast", "Вінницька область", "Винницкая область", "빈니차주",
                 "en:Vinnytsia Region", "", "oblast", "UA"},
    CuratedPlace{"UA-07", "Volyn Oblast", "Волинська область", "Волынская область", "볼린주",
                 "en:Volyn Region", "", "oblast", "UA"},
    CuratedPlace{"UA-09", "Luhansk Oblast", "Луганська область", "Луганская область", "루한스크주",
                 "en:Luhansk Region", "en:Lugansk Oblast|en:Lugansk Region|ko:루간스크주", "oblast", "UA"},
    CuratedPlace{"UA-12", "Dnipropetrovsk Oblast", "Дніпропетровська область",
                 "Днепропетровская область", "드니프로페트로우스크주", "en:Dnipropetrovsk Region",
                 "en:Dnepropetrovsk Oblast", "oblast", "UA"},
    CuratedPlace{"UA-14", "Donetsk Oblast", "Донецька область", "Донецкая область", "도네츠크주",
                 "en:Donetsk Region", "", "oblast", "UA"},
    CuratedPlace{"UA-18", "Zhytomyr Oblast", "Житомирська область", "Житомирская область", "지토미르주",
                 "en:Zhytomyr Region", "", "oblast", "UA"},
    CuratedPlace{"UA-21", "Zakarpattia Oblast", "Закарпатська область", "Закарпатская область",
                 "자카르파탸주", "en:Zakarpattia Region|en:Transcarpathia", "", "oblast", "UA"},
    CuratedPlace{"UA-23", "Zaporizhzhia Oblast", "Запорізька область", "Запорожская область", "자포리자주",
                 "en:Zaporizhzhia Region", "en:Zaporozhye Oblast|ko:자포로지예주", "oblast", "UA"},
    CuratedPlace{"UA-26", "Ivano-Frankivsk Oblast", "Івано-Франківська область",
                 "Ивано-Франковская область", "이바노프란키우스크주", "en:Ivano-Frankivsk Region", "",
                 "oblast", "UA"},
    CuratedPlace{"UA-30 tz:Europe/Kiev", "Kyiv", "Київ", "Киев", "키이우", "", "en:Kiev|ko:키예프",
                 "capital", "UA"},
    CuratedPlace{"UA-32", "Kyiv Oblast", "Київська область", "Киевская область", "키이우주",
                 "en:Kyiv Region", "en:Kiev Oblast|en:Kiev Region|ko:키예프주", "oblast", "UA"},
    CuratedPlace{"UA-35", "Kirovohrad Oblast", "Кіровоградська область", "Кировоградская область",
                 "키로보흐라드주", "en:Kirovohrad Region", "", "oblast", "UA"},
    CuratedPlace{"UA-40", "Sevastopol", "Севастополь", "Севастополь", "세바스토폴", "", "",
                 "city", "UA"},
    CuratedPlace{"UA-43", "Autonomous Republic of Crimea", "Автономна Республіка Крим",
                 "Автономная Республика Крым", "크림자치공화국",
                 "en:Crimea|uk:Крим|ru:Крым|ko:크림반도|ko:크림", "", "republic", "UA"},
    CuratedPlace{"UA-46", "Lviv Oblast", "Львівська область", "Львовская область", "리비우주",
                 "en:Lviv Region", "", "oblast", "UA"},
    CuratedPlace{"UA-48", "Mykolaiv Oblast", "Миколаївська область", "Николаевская область",
                 "미콜라이우주", "en:Mykolaiv Region", "en:Nikolaev Oblast", "oblast", "UA"},
    CuratedPlace{"UA-51", "Odesa Oblast", "Одеська область", "Одесская область", "오데사주",
                 "en:Odesa Region", "en:Odessa Oblast", "oblast", "UA"},
    CuratedPlace{"UA-53", "Poltava Oblast", "Полтавська область", "Полтавская область", "폴타바주",
                 "en:Poltava Region", "", "oblast", "UA"},
    CuratedPlace{"UA-56", "Rivne Oblast", "Рівненська область", "Ровенская область", "리우네주",
                 "en:Rivne Region", "", "oblast", "UA"},
    CuratedPlace{"UA-59", "Sumy Oblast", "Сумська область", "Сумская область", "수미주",
                 "en:Sumy Region", "", "oblast", "UA"},
    CuratedPlace{"UA-61", "Ternopil Oblast", "Тернопільська область", "Тернопольская область",
                 "테르노필주", "en:Ternopil Region", "", "oblast", "UA"},
    CuratedPlace{"UA-63", "Kharkiv Oblast", "Харківська область", "Харьковская область", "하르키우주",
                 "en:Kharkiv Region", "en:Kharkov Oblast|ko:하리코프주", "oblast", "UA"},
    CuratedPlace{"UA-65", "Kherson Oblast", "Херсонська область", "Херсонская область", "헤르손주",
                 "en:Kherson Region", "", "oblast", "UA"},
    CuratedPlace{"UA-68", "Khmelnytskyi Oblast", "Хмельницька область", "Хмельницкая область",
                 "흐멜니츠키주", "en:Khmelnytskyi Region", "", "oblast", "UA"},
    CuratedPlace{"UA-71", "Cherkasy Oblast", "Черкаська область", "Черкасская область", "체르카시주",
                 "en:Cherkasy Region", "", "oblast", "UA"},
    CuratedPlace{"UA-74", "Chernihiv Oblast", "Чернігівська область", "Черниговская область",
                 "체르니히우주", "en:Chernihiv Region", "en:Chernigov Oblast", "oblast", "UA"},
    CuratedPlace{"UA-77", "Chernivtsi Oblast", "Чернівецька область", "Черновицкая область",
                 "체르니우치주", "en:Chernivtsi Region", "", "oblast", "UA"},
    // --- Ukraine: cities and areas no source has (ICU has 4 UA zones) ---- [UA-*]
    CuratedPlace{"tz:Europe/Zaporozhye", "Zaporizhzhia", "Запоріжжя", "Запорожье", "자포리자", "",
                 "en:Zaporozhye|ko:자포로지예", "city", "UA"},
    CuratedPlace{"city:UA:Kharkiv", "Kharkiv", "Харків", "Харьков", "하르키우", "",
                 "en:Kharkov|ko:하리코프", "city", "UA"},
    CuratedPlace{"city:UA:Odesa", "Odesa", "Одеса", "Одесса", "오데사", "", "en:Odessa", "city", "UA"},
    CuratedPlace{"city:UA:Dnipro", "Dnipro", "Дніпро", "Днепр", "드니프로", "",
                 "en:Dnepropetrovsk|uk:Дніпропетровськ|ru:Днепропетровск", "city", "UA"},
    CuratedPlace{"city:UA:Lviv", "Lviv", "Львів", "Львов", "리비우", "", "en:Lvov|ko:르비우", "city",
                 "UA"},
    CuratedPlace{"city:UA:Donetsk", "Donetsk", "Донецьк", "Донецк", "도네츠크", "", "", "city", "UA"},
    CuratedPlace{"city:UA:Luhansk", "Luhansk", "Луганськ", "Луганск", "루한스크", "",
                 "en:Lugansk|ko:루간스크", "city", "UA"},
    CuratedPlace{"city:UA:Mariupol", "Mariupol", "Маріуполь", "Мариуполь", "마리우폴", "", "", "city",
                 "UA"},
    CuratedPlace{"city:UA:Bakhmut", "Bakhmut", "Бахмут", "Бахмут", "바흐무트", "",
                 "en:Artemivsk|en:Artyomovsk|uk:Артемівськ|ru:Артёмовск", "city", "UA"},
    CuratedPlace{"city:UA:Avdiivka", "Avdiivka", "Авдіївка", "Авдеевка", "아우디이우카", "",
                 "en:Avdeyevka", "city", "UA"},
    CuratedPlace{"city:UA:Pokrovsk", "Pokrovsk", "Покровськ", "Покровск", "포크로우스크", "",
                 "en:Krasnoarmeysk|uk:Красноармійськ|ru:Красноармейск", "city", "UA"},
    CuratedPlace{"city:UA:Kherson", "Kherson", "Херсон", "Херсон", "헤르손", "", "", "city", "UA"},
    CuratedPlace{"city:UA:Mykolaiv", "Mykolaiv", "Миколаїв", "Николаев", "미콜라이우", "",
                 "en:Nikolaev|en:Nikolayev", "city", "UA"},
    CuratedPlace{"city:UA:Sumy", "Sumy", "Суми", "Сумы", "수미", "", "", "city", "UA"},
    CuratedPlace{"city:UA:Chernihiv", "Chernihiv", "Чернігів", "Чернигов", "체르니히우", "",
                 "en:Chernigov", "city", "UA"},
    CuratedPlace{"city:UA:Kramatorsk", "Kramatorsk", "Краматорськ", "Краматорск", "크라마토르스크",
                 "", "", "city", "UA"},
    CuratedPlace{"city:UA:Sloviansk", "Sloviansk", "Слов'янськ", "Славянск", "", "", "en:Slavyansk",
                 "city", "UA"},
    CuratedPlace{"region:UA:Donbas", "Donbas", "Донбас", "Донбасс", "돈바스", "", "en:Donbass",
                 "region", "UA"},
    // --- North Korea ------------------------------------------------------ [KP]
    CuratedPlace{"KP-01 tz:Asia/Pyongyang", "Pyongyang", "Пхеньян", "Пхеньян", "평양",
                 "ko:평양직할시", "", "capital", "KP"},
    CuratedPlace{"KP-02", "South Pyongan Province", "", "", "평안남도", "", "", "province", "KP"},
    CuratedPlace{"KP-03", "North Pyongan Province", "", "", "평안북도", "", "", "province", "KP"},
    CuratedPlace{"KP-04", "Chagang Province", "", "", "자강도", "", "", "province", "KP"},
    CuratedPlace{"KP-05", "South Hwanghae Province", "", "", "황해남도", "", "", "province", "KP"},
    CuratedPlace{"KP-06", "North Hwanghae Province", "", "", "황해북도", "", "", "province", "KP"},
    CuratedPlace{"KP-07", "Kangwon Province", "", "", "강원도", "", "", "province", "KP"},
    CuratedPlace{"KP-08", "South Hamgyong Province", "", "", "함경남도", "", "", "province", "KP"},
    CuratedPlace{"KP-09", "North Hamgyong Province", "", "", "함경북도", "", "", "province", "KP"},
    CuratedPlace{"KP-10", "Ryanggang Province", "", "", "양강도", "", "", "province", "KP"},
    CuratedPlace{"KP-13", "Rason", "", "", "라선", "ko:라선시", "", "city", "KP"},
    CuratedPlace{"KP-14", "Nampo", "", "", "남포", "ko:남포시", "", "city", "KP"},
    CuratedPlace{"city:KP:Kaesong", "Kaesong", "", "", "개성", "", "", "city", "KP"},
    // --- South Korea ------------------------------------------------------ [KR]
    CuratedPlace{"KR-11 tz:Asia/Seoul", "Seoul", "Сеул", "Сеул", "서울", "ko:서울특별시", "",
                 "capital", "KR"},
    CuratedPlace{"KR-26", "Busan", "Пусан", "Пусан", "부산", "ko:부산광역시", "en:Pusan", "city", "KR"},
    CuratedPlace{"KR-27", "Daegu", "", "", "대구", "ko:대구광역시", "", "city", "KR"},
    CuratedPlace{"KR-28", "Incheon", "", "", "인천", "ko:인천광역시", "", "city", "KR"},
    CuratedPlace{"KR-29", "Gwangju", "", "", "광주", "ko:광주광역시", "", "city", "KR"},
    CuratedPlace{"KR-30", "Daejeon", "", "", "대전", "ko:대전광역시", "", "city", "KR"},
    CuratedPlace{"KR-31", "Ulsan", "", "", "울산", "ko:울산광역시", "", "city", "KR"},
    CuratedPlace{"KR-41", "Gyeonggi Province", "", "", "경기도", "", "", "province", "KR"},
    CuratedPlace{"KR-42", "Gangwon Province", "", "", "강원도", "ko:강원특별자치도", "", "province", "KR"},
    CuratedPlace{"KR-43", "North Chungcheong Province", "", "", "충청북도", "ko:충북", "", "province",
                 "KR"},
    CuratedPlace{"KR-44", "South Chungcheong Province", "", "", "충청남도", "ko:충남", "", "province",
                 "KR"},
    CuratedPlace{"KR-45", "North Jeolla Province", "", "", "전라북도", "ko:전북", "", "province", "KR"},
    CuratedPlace{"KR-46", "South Jeolla Province", "", "", "전라남도", "ko:전남", "", "province", "KR"},
    CuratedPlace{"KR-47", "North Gyeongsang Province", "", "", "경상북도", "ko:경북", "", "province",
                 "KR"},
    CuratedPlace{"KR-48", "South Gyeongsang Province", "", "", "경상남도", "ko:경남", "", "province",
                 "KR"},
    CuratedPlace{"KR-49", "Jeju Province", "", "", "제주도", "en:Jeju|ko:제주특별자치도", "", "province",
                 "KR"},
    CuratedPlace{"KR-50", "Sejong", "", "", "세종", "ko:세종특별자치시", "", "city", "KR"},
    // --- Russia: border regions in the news -------------------------------- [RU]
    CuratedPlace{"RU-KRS", "Kursk Oblast", "Курська область", "Курская область", "쿠르스크주",
                 "en:Kursk Region", "", "oblast", "RU"},
    CuratedPlace{"RU-BEL", "Belgorod Oblast", "Бєлгородська область", "Белгородская область",
                 "벨고로드주", "en:Belgorod Region", "", "oblast", "RU"},
    CuratedPlace{"RU-BRY", "Bryansk Oblast", "Брянська область", "Брянская область", "브랸스크주",
                 "en:Bryansk Region", "", "oblast", "RU"},
    CuratedPlace{"city:RU:Kursk", "Kursk", "Курськ", "Курск", "쿠르스크", "", "", "city", "RU"},
    CuratedPlace{"city:RU:Belgorod", "Belgorod", "Бєлгород", "Белгород", "벨고로드", "", "", "city",
                 "RU"},
};

}  // namespace

std::span<const CuratedPlace> CuratedPlaces() { return kCurated; }

}  // namespace tmkit
