//! Words that evasion disguises most, for restoring starred-out words
//! (`f*ck`, `id**t`) and splitting letters that were spread out and joined
//! (`afuckingidiot` → `a fucking idiot`). Lower case ASCII; most specific
//! form first where two could match one pattern (`f*ck`: `fuck` before
//! `feck`, which is not listed).

pub const WORDS: &[&str] = &[
    "fuck",
    "fucks",
    "fucked",
    "fucker",
    "fuckers",
    "fucking",
    "fuckin",
    "motherfucker",
    "shit",
    "shits",
    "shitty",
    "bullshit",
    "bitch",
    "bitches",
    "bastard",
    "bastards",
    "asshole",
    "assholes",
    "cunt",
    "cunts",
    "dick",
    "dicks",
    "dickhead",
    "cock",
    "pussy",
    "prick",
    "twat",
    "wanker",
    "slut",
    "sluts",
    "whore",
    "whores",
    "damn",
    "crap",
    "piss",
    "pissed",
    "idiot",
    "idiots",
    "idiotic",
    "stupid",
    "moron",
    "morons",
    "dumb",
    "dumbass",
    "retard",
    "retarded",
    "loser",
    "losers",
    "ugly",
    "fat",
    "pathetic",
    "worthless",
    "useless",
    "disgusting",
    "scum",
    "trash",
    "garbage",
    "freak",
    "freaks",
    "coward",
    "clown",
    "jerk",
    "creep",
    "pig",
    "pigs",
    "rat",
    "rats",
    "filth",
    "filthy",
    "vermin",
    "animals",
    "parasites",
    "kill",
    "kills",
    "killed",
    "killing",
    "murder",
    "die",
    "dies",
    "dead",
    "death",
    "hang",
    "shoot",
    "stab",
    "burn",
    "beat",
    "rape",
    "hurt",
    "destroy",
    "hate",
    "hated",
    "hates",
    "nobody",
    "everyone",
    "likes",
    "shut",
    "up",
    "you",
    "your",
    "yourself",
];

/// The listed word `masked` stands for: same length, equal letters where
/// it has letters (ASCII case ignored), any letter where it has `*`.
pub fn unmask(masked: &[char]) -> Option<&'static str> {
    WORDS.iter().copied().find(|w| {
        w.len() == masked.len()
            && w.bytes()
                .zip(masked)
                .all(|(b, &m)| m == '*' || (m.is_ascii() && (m as u8).to_ascii_lowercase() == b))
    })
}

/// The longest listed word `letters` starts with (lower case compared).
pub fn longest_prefix(letters: &[char]) -> Option<&'static str> {
    WORDS
        .iter()
        .copied()
        .filter(|w| {
            w.len() <= letters.len()
                && w.bytes()
                    .zip(letters)
                    .all(|(b, &c)| c.is_ascii() && (c as u8).to_ascii_lowercase() == b)
        })
        .max_by_key(|w| w.len())
}
