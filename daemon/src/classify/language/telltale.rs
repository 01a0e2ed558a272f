//! Letters that give a language away: a short text in Ukrainian has an
//! `і` or `ї` long before it has enough trigrams for a statistical
//! detector, and a Russian one its `ы` or `ё`. Checked before whatlang on
//! text in Cyrillic or Arabic script, and on Latin text the English fast
//! path did not take.

/// Frequent Ukrainian words written without a letter of their own
/// (`дуже`, not Russian `очень`).
const UKRAINIAN_WORDS: &[&str] = &[
    "але",
    "дуже",
    "дякую",
    "мене",
    "немає",
    "побачимось",
    "тобі",
    "мені",
    "що",
    "щоб",
    "це",
    "як",
    "та",
    "або",
    "чи",
    "теж",
    "втомився",
    "втомилася",
];

/// Which telltale letters a text has.
#[derive(Debug, Default)]
struct Seen {
    /// Any Cyrillic letter: without one, no Ukrainian word can match.
    cyrillic: bool,
    bel: bool,
    ukr: bool,
    rus: bool,
    srp: bool,
    mkd: bool,
    urd: bool,
    pes: bool,
    ces: bool,
    hun: bool,
    pol: bool,
    tur: bool,
    ron: bool,
    spa: bool,
    por: bool,
}

/// The language (ISO 639-3) the letters of `text` name, if exactly one.
pub fn telltale(text: &str) -> Option<&'static str> {
    let mut s = Seen::default();
    for c in text.chars() {
        s.cyrillic |= ('\u{400}'..='\u{4ff}').contains(&c);
        match c {
            'ў' | 'Ў' => s.bel = true,
            'ї' | 'є' | 'ґ' | 'і' | 'Ї' | 'Є' | 'Ґ' | 'І' => s.ukr = true,
            'ы' | 'э' | 'ё' | 'Ы' | 'Э' | 'Ё' => s.rus = true,
            'ђ' | 'ћ' | 'џ' | 'Ђ' | 'Ћ' | 'Џ' => s.srp = true,
            'ѓ' | 'ќ' | 'ѕ' | 'Ѓ' | 'Ќ' | 'Ѕ' => s.mkd = true,
            'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' => s.urd = true,
            'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' => s.pes = true,
            'ř' | 'ě' | 'ů' | 'Ř' | 'Ě' | 'Ů' => s.ces = true,
            'ő' | 'ű' | 'Ő' | 'Ű' => s.hun = true,
            'ł' | 'ą' | 'ę' | 'ś' | 'ź' | 'ż' | 'Ł' | 'Ą' | 'Ę' | 'Ś' | 'Ź' | 'Ż' => {
                s.pol = true
            }
            'ş' | 'ğ' | 'ı' | 'İ' | 'Ş' | 'Ğ' => s.tur = true,
            'ș' | 'ț' | 'ă' | 'Ș' | 'Ț' | 'Ă' => s.ron = true,
            // Portuguese writes nh, not ñ, and never opens a question.
            'ñ' | 'Ñ' | '¿' | '¡' => s.spa = true,
            'ã' | 'õ' | 'Ã' | 'Õ' => s.por = true,
            _ => {}
        }
    }
    if s.cyrillic && !s.rus && !s.bel {
        s.ukr |= text
            .split(|c: char| !crate::classify::letters::is_alphabetic(c))
            .filter(|w| !w.is_empty() && w.len() <= 20)
            .any(|w| UKRAINIAN_WORDS.contains(&w.to_lowercase().as_str()));
    }
    // Belarusian writes і too; Urdu uses the Persian letters too.
    if s.bel {
        s.ukr = false;
    }
    if s.urd {
        s.pes = false;
    }
    let found = [
        (s.bel, "bel"),
        (s.ukr, "ukr"),
        (s.rus, "rus"),
        (s.srp, "srp"),
        (s.mkd, "mkd"),
        (s.urd, "urd"),
        (s.pes, "pes"),
        (s.ces, "ces"),
        (s.hun, "hun"),
        (s.pol, "pol"),
        (s.tur, "tur"),
        (s.ron, "ron"),
        (s.spa, "spa"),
        (s.por, "por"),
    ];
    let mut hits = found.iter().filter(|(seen, _)| *seen).map(|(_, l)| *l);
    match (hits.next(), hits.next()) {
        (Some(lang), None) => Some(lang),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::telltale;

    #[test]
    fn one_telltale_alphabet_names_the_language() {
        assert_eq!(telltale("дуже дякую, її"), Some("ukr"));
        assert_eq!(telltale("вы где?"), Some("rus"));
        assert_eq!(telltale("дзякуй вам і ўсім"), Some("bel"));
        assert_eq!(telltale("дуже дякую"), Some("ukr"));
        assert_eq!(telltale("خیلی ممنونم"), Some("pes"));
        assert_eq!(telltale("děkuji"), Some("ces"));
        assert_eq!(telltale("dziękuję"), Some("pol"));
        assert_eq!(telltale("¿Me mandas un vídeo?"), Some("spa"));
        assert_eq!(telltale("Não sei"), Some("por"));
        // None, or two alphabets at once: no answer.
        assert_eq!(telltale("привет"), None);
        assert_eq!(telltale("hello"), None);
        assert_eq!(telltale("ы і"), None);
    }
}
