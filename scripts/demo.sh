#!/usr/bin/env bash
# The main job on the default store: imports the bundled sample (a short news
# article in English, Ukrainian and Korean, as TMX), shows what the store holds,
# looks sentences up (exact, fuzzy with a word diff, numbers and dates adapted
# to the new sentence), searches a phrase, splits a second article into
# sentences and aligns it with its Ukrainian and Korean translations (an HTML
# report to check, then into the store), builds the places glossary and finds
# its terms in running text, and exports the English-Ukrainian pair.
# Uses $TMKIT_STORE, else $XDG_DATA_HOME/tmkit, else ~/.local/share/tmkit.
set -euo pipefail
cd "$(dirname "$0")/.."
tmkit=build/tmkit
sample=data/sample/kharkiv-article.tmx
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

run() {
  printf '\n$'
  for a in "$@"; do
    if [[ $a == *[[:space:]]* ]]; then printf ' "%s"' "$a"; else printf ' %s' "$a"; fi
  done
  printf '\n'
  "$@"
}
run $tmkit import "$sample"
run $tmkit stats
run $tmkit lookup "Russian drones struck the city of Kharkiv overnight, officials said." --src en --tgt uk
run $tmkit lookup "russian drones struck the city of Kharkiv overnight, officials said." --src en --tgt ko
run $tmkit lookup "At least 11 people were injured, including two children, Kharkiv Oblast Governor Oleh Syniehubov said on Telegram." --src en --tgt uk
run $tmkit lookup "Russian drones struck the city of Odesa overnight, officials said." --src en --tgt uk
run $tmkit lookup "Ukraine's air force said it shot down 41 of the 54 drones launched on October 24." --src en --tgt uk
run $tmkit lookup "Ukraine's air force said it shot down 41 of the 54 drones launched on October 24." --src en --tgt ko
run $tmkit lookup "Місто розташоване приблизно за 32 кілометри від російського кордону." --src uk --tgt en
run $tmkit lookup "Rescuers worked through the night." --src en --tgt uk --json
run $tmkit concordance "Kharkiv"
run $tmkit concordance "дронів" --lang uk
run $tmkit term build places --langs en,uk,ko
run $tmkit term find "Shelling hit Donetsk Oblast and Kharkiv overnight, officials in Kiev said." --src en --tgt uk
run $tmkit term find "Обстріли Харківщини тривають, заявив Олег Синєгубов у Харкові." --src uk --tgt en
article=data/sample/zaporizhzhia-article
run $tmkit segment $article.uk.txt --lang uk
run $tmkit align $article.en.txt $article.ko.txt --src en --tgt ko
run $tmkit align $article.en.txt $article.uk.txt --src en --tgt uk --report "$out/en-uk.html" --import
echo "(the report: $(wc -c <"$out/en-uk.html") bytes of HTML; keep one with: $tmkit align ... --report check.html)"
run $tmkit lookup "An IAEA team is due to rotate at the plant on Oct. 24." --src en --tgt uk
run $tmkit export -o "$out/en-uk.tmx" --src en --tgt uk
run $tmkit verify
