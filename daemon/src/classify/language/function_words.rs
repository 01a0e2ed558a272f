//! Function words: the short frequent words (articles, pronouns,
//! prepositions, auxiliaries) that say which language a text is in when
//! it is too short for letter statistics. "Voy a quemar tu casa" has too
//! few trigrams for whatlang to tell Spanish from Portuguese, but `voy`
//! is Spanish and nothing else.
//!
//! A word listed under several languages (`de`, `que`, `la`) says "not
//! English" and nothing more; a word listed under one language votes for
//! it. English words are looked up first and never count as foreign, so
//! the lists leave out words English also has (`in`, `so`, `man`).

use super::super::letters::{is_alphabetic, is_latin_letter};

/// Frequent English function words (and chat spellings).
pub(super) const ENGLISH: &[&str] = &[
    "a", "about", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
    "been", "but", "by", "can", "could", "did", "do", "does", "dont", "for", "from", "get", "had",
    "has", "have", "he", "her", "him", "his", "how", "i", "if", "im", "in", "into", "is", "it",
    "its", "just", "like", "me", "my", "no", "not", "now", "of", "on", "one", "only", "or", "our",
    "out", "she", "so", "some", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "to", "u", "up", "ur", "us", "was", "we", "were", "what", "when", "which",
    "who", "will", "with", "would", "you", "your", "youre",
];

/// The languages the lists below vote for, in bit order.
pub(super) const VOTERS: [&str; 11] = [
    "fra", "spa", "por", "deu", "ita", "nld", "swe", "dan", "tur", "pol", "ind",
];

/// Each voter's function words, lower case.
const LISTS: [&[&str]; 11] = [
    // fra
    &[
        "à", "au", "aux", "avec", "ça", "ce", "ces", "cette", "chez", "dans", "des", "du", "elle",
        "elles", "es", "est", "et", "été", "était", "être", "il", "ils", "jamais", "je", "le",
        "les", "leur", "lui", "ma", "mais", "mes", "moi", "ne", "nous", "où", "pas", "peux",
        "pour", "qu", "que", "qui", "quoi", "rien", "sa", "sans", "ses", "sont", "suis", "sur",
        "te", "tes", "toi", "tous", "tout", "toute", "très", "tu", "une", "vais", "veux", "vous",
        "déjà", "même", "là", "aussi", "alors", "quand", "parce", "toujours", "ici", "fait",
        "faire", "avoir", "nos", "vos", "en", "la", "de", "se", "avait", "cet", "notre", "votre",
        "leurs", "puis", "donc", "cela", "ceci", "celui", "ceux", "sous", "vers", "depuis",
        "pendant", "chaque", "autre", "peut", "doit", "sera", "aucun", "beaucoup", "trop", "peu",
    ],
    // spa
    &[
        "al", "ahora", "algo", "alguien", "aquí", "cada", "como", "cómo", "con", "cuando",
        "cuánto", "de", "del", "desde", "donde", "dónde", "el", "ella", "ellos", "en", "eres",
        "es", "esa", "ese", "eso", "esta", "está", "están", "este", "esto", "estoy", "fue",
        "hasta", "hay", "hoy", "la", "las", "le", "les", "lo", "los", "más", "mi", "mis", "mucho",
        "muy", "nada", "nadie", "ni", "nos", "nunca", "otra", "otro", "para", "pero", "por",
        "porque", "puedo", "que", "qué", "quiero", "se", "ser", "siempre", "sin", "soy", "su",
        "sus", "también", "te", "tengo", "ti", "tiene", "todo", "todos", "tu", "tú", "tus", "una",
        "usted", "vamos", "vas", "vez", "voy", "ya", "yo", "así", "sí", "mañana", "tres", "han",
        "había", "sido", "hace", "nuestro", "nuestra", "cual", "quien", "quién", "unos", "unas",
        "ello", "entonces", "aunque", "mientras", "después", "según", "mucha", "muchos", "otros",
        "mismo", "misma", "sólo", "cuál", "allí", "puede", "pueden", "tienen", "estar", "estás",
        "estaba",
    ],
    // por
    &[
        "à", "agora", "ai", "ainda", "amanhã", "ao", "aos", "aqui", "assim", "até", "bem", "cada",
        "coisa", "com", "como", "da", "das", "de", "dela", "dele", "depois", "desse", "dessa",
        "deste", "desta", "dos", "e", "é", "ela", "elas", "ele", "eles", "em", "então", "essa",
        "esse", "esta", "está", "este", "estou", "eu", "foi", "hoje", "isso", "isto", "já", "lá",
        "mais", "mas", "meu", "minha", "muito", "na", "nada", "nao", "não", "nem", "nos", "nós",
        "num", "numa", "o", "onde", "os", "para", "pela", "pelo", "por", "porque", "pra", "quando",
        "que", "quem", "quero", "se", "sem", "ser", "seu", "só", "sou", "sua", "são", "também",
        "te", "tem", "todo", "todos", "tres", "tu", "tudo", "um", "uma", "vai", "vais", "vez",
        "voce", "você", "vocês", "vou", "pelas", "pelos", "nossa", "nosso", "seus", "suas", "meus",
        "minhas", "outro", "outra", "mesmo", "tão", "porém", "lhe", "há", "foram", "estar", "daí",
        "aí", "pode", "podem", "tinha", "estava", "nunca", "ninguém", "alguém", "algum", "alguma",
        "né", "tá",
    ],
    // deu
    &[
        "aber", "alle", "auch", "auf", "aus", "bei", "beim", "bist", "da", "das", "dass", "dein",
        "deine", "dem", "den", "der", "des", "dich", "die", "diese", "dieser", "dieses", "dir",
        "doch", "dort", "du", "ein", "eine", "einem", "einen", "einer", "es", "euch", "für",
        "gibt", "habe", "haben", "hast", "heute", "hier", "ich", "ihm", "ihn", "ihr", "ihre",
        "immer", "ist", "jede", "jeder", "jedes", "jetzt", "kann", "kein", "keine", "mein",
        "meine", "mich", "mir", "mit", "muss", "nach", "nicht", "nichts", "nie", "noch", "nur",
        "oder", "ohne", "schon", "sehr", "sein", "seine", "sich", "sie", "sind", "sollte", "über",
        "und", "uns", "unser", "unsere", "von", "vom", "vor", "wann", "warum", "weil", "welche",
        "welcher", "wenn", "werden", "wer", "wie", "wir", "wird", "wo", "wurde", "zu", "zum",
        "zur", "ins", "eines", "waren", "hatte", "würde", "können", "müssen", "soll", "denn",
        "dann", "damit", "etwas", "viel", "viele", "mehr", "gegen", "durch", "zwischen", "seit",
        "anderen",
    ],
    // ita
    &[
        "ai", "al", "alla", "anche", "ancora", "che", "ci", "con", "cosa", "da", "degli", "del",
        "della", "delle", "dello", "di", "e", "è", "gli", "già", "il", "io", "la", "le", "lo",
        "loro", "lui", "ma", "mi", "mia", "mio", "molto", "nel", "nella", "noi", "non", "perché",
        "più", "quando", "quella", "quello", "questa", "questo", "qui", "se", "sei", "si", "sono",
        "sua", "suo", "sul", "sulla", "ti", "tu", "tua", "tuo", "tutti", "tutto", "una", "uno",
        "voi", "nei", "dei", "questi", "quelli", "ogni", "stato", "fatto", "poi", "mai", "sempre",
        "così", "senza", "tra", "fra",
    ],
    // nld
    &[
        "aan", "als", "bij", "dan", "de", "deze", "die", "dit", "een", "en", "geen", "heb",
        "hebben", "heeft", "het", "hij", "ik", "je", "jij", "maar", "mijn", "naar", "niet", "nog",
        "om", "ook", "te", "van", "veel", "voor", "waar", "wel", "wij", "zijn", "ze", "zij",
    ],
    // swe
    &[
        "att", "av", "de", "dem", "den", "det", "du", "eller", "en", "ett", "för", "har", "hur",
        "här", "inte", "jag", "kan", "mig", "när", "och", "om", "på", "sig", "ska", "som", "så",
        "vad", "var", "vi", "är",
    ],
    // dan
    &[
        "de", "den", "der", "det", "du", "eller", "en", "et", "har", "hvad", "hvordan", "ikke",
        "jeg", "kan", "mig", "og", "på", "sig", "skal", "som", "så", "var", "vi", "vil",
    ],
    // tur
    &[
        "bir", "bu", "çok", "da", "daha", "de", "değil", "gibi", "için", "ile", "mı", "mi",
        "nasıl", "ne", "neden", "o", "sen", "var", "yok",
    ],
    // pol
    &[
        "ale", "być", "co", "czy", "dla", "gdzie", "jak", "jest", "już", "mnie", "na", "nie", "po",
        "przez", "się", "tak", "tego", "tylko", "za", "że",
    ],
    // ind
    &[
        "ada", "akan", "aku", "apa", "atau", "bisa", "dan", "dari", "dengan", "di", "dia", "ini",
        "itu", "juga", "kamu", "karena", "ke", "kita", "mereka", "pada", "saya", "sudah", "tapi",
        "tidak", "untuk", "yang",
    ],
];

/// Which languages of [`VOTERS`] list a word, as bits.
type Voters = u16;

/// What one pass over a text finds.
#[derive(Debug, Default)]
pub(super) struct Profile {
    pub letters: usize,
    /// ASCII and Latin-1/Latin Extended-A/B letters.
    pub latin: usize,
    /// Non-ASCII Latin letters (é, ñ, ß…).
    pub accented: usize,
    /// English function words.
    pub english: usize,
    /// Function words of other languages.
    pub foreign: usize,
    /// By [`VOTERS`] index: the words each language lists.
    own: [u8; VOTERS.len()],
    /// `apart[i][j]`: the words language `i` lists and language `j` does not.
    apart: [[u8; VOTERS.len()]; VOTERS.len()],
}

impl Profile {
    fn vote(&mut self, voters: Voters) {
        for i in bits(voters) {
            self.own[i] = self.own[i].saturating_add(1);
            for j in bits(!voters & ALL) {
                self.apart[i][j] = self.apart[i][j].saturating_add(1);
            }
        }
    }

    /// The language the function words name against English: the most
    /// words of its own (alone), two more than English has.
    pub fn named(&self) -> Option<&'static str> {
        let own = |i: usize| usize::from(self.own[i]);
        let best = best_by(own)?;
        (own(best) >= self.english + 2).then_some(VOTERS[best])
    }

    /// The words of the text that `code` lists (0 for a language
    /// without a list).
    pub fn own(&self, code: &str) -> usize {
        voter(code).map_or(0, |i| usize::from(self.own[i]))
    }

    /// The language the function words name instead of `guess`
    /// (whatlang's): two more words that it lists and `guess` does not
    /// than the other way round, the widest such margin (alone). Letter
    /// statistics need more text than a comment has to tell Spanish from
    /// Portuguese; `voy`, `una` and `você` do not.
    pub fn overrules(&self, guess: &str) -> Option<&'static str> {
        self.leans_from(guess, 2)
    }

    /// [`Profile::overrules`] with a lead of `margin` words (one: for a
    /// second opinion to confirm). Against a guess without a list
    /// (English) the lead is always [`Profile::named`]'s.
    pub fn leans_from(&self, guess: &str, margin: usize) -> Option<&'static str> {
        let Some(g) = voter(guess) else {
            return self.named().filter(|&v| v != guess);
        };
        let lead =
            |v: usize| usize::from(self.apart[v][g]).saturating_sub(usize::from(self.apart[g][v]));
        let best = best_by(lead)?;
        (lead(best) >= margin).then_some(VOTERS[best])
    }
}

/// `code`'s index in [`VOTERS`].
fn voter(code: &str) -> Option<usize> {
    VOTERS.iter().position(|&v| v == code)
}

/// Every language of [`VOTERS`], as bits.
const ALL: Voters = (1 << VOTERS.len()) - 1;

/// The indexes of the bits set in `v`.
fn bits(v: Voters) -> impl Iterator<Item = usize> {
    (0..VOTERS.len()).filter(move |i| v & (1 << i) != 0)
}

/// The index with the highest `score`, if it is above 0 and no other ties it.
fn best_by(score: impl Fn(usize) -> usize) -> Option<usize> {
    let (mut best, mut top, mut tied) = (0, 0, false);
    for i in 0..VOTERS.len() {
        let s = score(i);
        if s > top {
            (best, top, tied) = (i, s, false);
        } else if s == top {
            tied = true;
        }
    }
    (top > 0 && !tied).then_some(best)
}

/// Up to 8 bytes as one integer (little-endian, zero-padded); `None` if longer.
fn pack(bytes: impl IntoIterator<Item = u8>) -> Option<u64> {
    let mut k = 0u64;
    for (i, b) in bytes.into_iter().enumerate() {
        if i == 8 {
            return None;
        }
        k |= u64::from(b) << (8 * i);
    }
    Some(k)
}

/// The word lists packed and sorted, so a look-up compares integers.
struct Packed {
    english: Vec<u64>,
    foreign: Vec<(u64, Voters)>,
}

fn packed() -> &'static Packed {
    static WORDS: std::sync::OnceLock<Packed> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut english: Vec<u64> = ENGLISH.iter().filter_map(|w| pack(w.bytes())).collect();
        english.sort_unstable();
        let mut foreign: Vec<(u64, Voters)> = Vec::new();
        for (i, list) in LISTS.iter().enumerate() {
            foreign.extend(
                list.iter()
                    .filter_map(|w| pack(w.bytes()))
                    .map(|k| (k, 1 << i)),
            );
        }
        foreign.sort_unstable();
        // One entry per word, with every language that lists it.
        foreign.dedup_by(|b, a| {
            let same = a.0 == b.0;
            if same {
                a.1 |= b.1;
            }
            same
        });
        Packed { english, foreign }
    })
}

/// Counts the letters and the function words of `text`.
pub(super) fn profile(text: &str) -> Profile {
    let mut p = Profile::default();
    let words = packed();
    for word in text
        .split(|c: char| !is_alphabetic(c))
        .filter(|w| !w.is_empty())
    {
        let mut ascii = true;
        for c in word.chars() {
            p.letters += 1;
            if c.is_ascii() {
                p.latin += 1;
            } else {
                ascii = false;
                if is_latin_letter(c) {
                    p.latin += 1;
                    p.accented += 1;
                }
            }
        }
        let key = if ascii {
            // ASCII letters: `| 0x20` lowercases.
            pack(word.bytes().map(|b| b | 0x20))
        } else if word.len() <= 8 {
            let lower = word.chars().flat_map(char::to_lowercase);
            let mut buf = [0u8; 4];
            pack(lower.flat_map(|c| {
                let n = c.encode_utf8(&mut buf).len();
                buf.into_iter().take(n)
            }))
        } else {
            None
        };
        let Some(k) = key else { continue };
        if ascii && words.english.binary_search(&k).is_ok() {
            p.english += 1;
        } else if let Ok(i) = words.foreign.binary_search_by_key(&k, |e| e.0) {
            p.foreign += 1;
            // One letter is too easily a masked word's remains (`l*st`).
            if word.len() > 1 {
                p.vote(words.foreign[i].1);
            }
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_lower_case_and_fit_a_key() {
        for w in ENGLISH.iter().chain(LISTS.iter().flat_map(|l| l.iter())) {
            assert_eq!(w.to_lowercase(), *w);
            assert!(pack(w.bytes()).is_some(), "{w} is longer than 8 bytes");
        }
        assert!(ENGLISH.windows(2).all(|w| w[0] < w[1]), "sorted");
        // English words are looked up first: listed elsewhere they would never count.
        for w in LISTS.iter().flat_map(|l| l.iter()) {
            assert!(ENGLISH.binary_search(w).is_err(), "{w} is English");
        }
    }

    #[test]
    fn function_words_overrule_a_guess_by_two() {
        let p = profile("Te voy a quemar hasta la casa, no");
        assert_eq!((p.english, p.foreign), (2, 4)); // a, no; te, voy, hasta, la
        // voy, hasta and la are Spanish, not Portuguese; te is both.
        assert_eq!(p.overrules("por"), Some("spa"));
        assert_eq!(p.overrules("spa"), None);
        // Against English: two more words than English has.
        assert_eq!(p.named(), Some("spa"));
        assert_eq!(profile("Voy a casa, no").named(), None, "one Spanish word");
        // One word ahead is a lean, for a second detector to confirm.
        let p = profile("Voy a quemar tu casa");
        assert_eq!(p.overrules("por"), None);
        assert_eq!(p.leans_from("por", 1), Some("spa"));
        // One letter never votes: it may be what a mask left (`l*st`).
        assert_eq!(profile("l*st n*ght l*t*").named(), None);
        assert_eq!(
            profile("Jeder in dieser Stadt sollte").overrules("eng"),
            Some("deu")
        );
        assert_eq!(profile("Eu não sei, você sabe").named(), Some("por"));
        // una: Spanish and Italian, not Portuguese.
        assert_eq!(profile("Este es una mierda").overrules("por"), Some("spa"));
        // Capitals and accents fold the same way.
        assert_eq!(profile("NÃO VOCÊ").overrules("spa"), Some("por"));
        // Shared by French and Spanish alike: no answer.
        assert_eq!(profile("de la que").overrules("ita"), None);
        assert_eq!(profile("de la que").named(), None);
    }
}
