//! Properties of roll calls: whatever pieces of attendance text are put
//! together, no emitted name holds a heading word or a digit, and no list
//! gives the same name twice from one entry.

use proptest::prelude::*;

/// Pieces of real roll-call layouts, with invented names.
const PIECES: &[&str] = &[
    "Étaient présents : ",
    "Etaient présents au moment de l'appel nominal : ",
    "Présents : ",
    "36 Présents : ",
    "Sont présents :\n\n",
    "Mesdames et Messieurs ",
    "Excusé(s) : ",
    "Absent(e)(s) excusé(e)(s) : ",
    "6 Absents excusés dont 5 représentés : ",
    "Absent(e)(s) représenté(e)(s) : ",
    "Absent(e)(s) : ",
    "Absents",
    "Pouvoirs : ",
    "Procurations : ",
    "Membres ayant donné pouvoir : ",
    "Ont complété le quorum après l'appel nominal : ",
    "Assistant également sans voix délibérative : ",
    "Nombre de membres en exercice : 41 ",
    "NEANT",
    "M. Jean DUPOND",
    "Mme Anne-Marie LE BRUN",
    "DUVAL Pierre",
    "MM. ROCHE",
    "Mmes VIDAL",
    "Luc",
    "MORIN",
    "Eva Petit",
    "louis RANDO",
    " donne pouvoir à ",
    " a donné pouvoir à ",
    " procuration à ",
    " représenté par ",
    " (pouvoir à Paul VIDAL)",
    " (arrivé à 19 h 49)",
    " jusqu'au rapport n° 14",
    " qui avaient respectivement donné procuration à ",
    " à ",
    ", ",
    " - ",
    "-",
    " -\n",
    "; ",
    " / ",
    " et ",
    ". ",
    " : ",
    "\n",
    "\n\n",
    "2",
    "(2)\n",
    " 14 heures ",
    "Monsieur le Président ouvre la séance.",
    "DECIDE :\n",
    "É..",
    "Ç.",
    " à\n",
    "–",
    "…",
    "(",
    ")",
    "ÉLODIE",
];

const HEADING_WORDS: &[&str] = &[
    "present",
    "presents",
    "excuse",
    "excuses",
    "absent",
    "absents",
    "pouvoir",
    "pouvoirs",
    "procuration",
    "procurations",
];

/// Lower case without accents.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'É' | 'È' => 'e',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn check_name(s: &str) -> Result<(), TestCaseError> {
    prop_assert!(!s.chars().any(|c| c.is_ascii_digit()), "digit in {s:?}");
    for w in fold(s).split(|c: char| !c.is_alphabetic()) {
        prop_assert!(!HEADING_WORDS.contains(&w), "heading word in {s:?}");
    }
    Ok(())
}

fn check_person(p: &deliberation::Person) -> Result<(), TestCaseError> {
    for part in [&p.first_name, &p.last_name].into_iter().flatten() {
        check_name(part)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn no_heading_word_or_digit_in_a_name(idx in proptest::collection::vec(0..PIECES.len(), 0..40)) {
        let s: String = idx.iter().map(|&i| PIECES[i]).collect();
        let doc = deliberation::parse(&s);
        for d in &doc.deliberations {
            let a = &d.attendance;
            for p in a
                .present
                .iter()
                .chain(&a.excused)
                .chain(&a.absent)
                .chain(&a.non_voting_present)
                .chain(&a.non_voting_excused)
            {
                check_person(p)?;
            }
            for pr in &a.proxies {
                check_person(&pr.from)?;
                check_person(&pr.to)?;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_text_after_headings_never_panics(
        h in 0..6usize,
        body in "[ A-Za-zÉéÀà.,;:()/&\\-\n0-9']{0,200}",
    ) {
        let heads = [
            "Etaient présents : ",
            "Absent(e)(s) représenté(e)(s) : ",
            "Excusés : ",
            "Pouvoirs : ",
            "Absents\n\nNi pouvoir\n",
            "      Absents      Suppléant      Pouvoir donné à\n",
        ];
        let s = format!("{}{}Absent(e)(s) représenté(e)(s) : {}", heads[h], body, body);
        let doc = deliberation::parse(&s);
        for d in &doc.deliberations {
            for p in d.attendance.present.iter().chain(&d.attendance.excused) {
                check_person(p)?;
            }
        }
    }
}

#[test]
fn the_property_can_fail() {
    assert!(check_name("Jean PRÉSENTS").is_err());
    assert!(check_name("Jean DUPOND 2").is_err());
    assert!(check_name("Jean-Claude DUPOND").is_ok());
}

/// Found by `no_heading_word_or_digit_in_a_name`: under a « Pouvoirs »
/// heading, « X à Y » read Y glued to a heading word (« AbsentsMme … ») as
/// a holder whose first name was « Absents-Mme Anne-Marie ».
#[test]
fn a_heading_word_glued_to_a_holder_makes_no_proxy() {
    let glued = deliberation::parse(
        "Absent(e)(s) représenté(e)(s) : M. Jean DUPOND à AbsentsMme Anne-Marie LE BRUN",
    );
    for d in &glued.deliberations {
        for pr in &d.attendance.proxies {
            check_person(&pr.from).unwrap();
            check_person(&pr.to).unwrap();
        }
    }
    let plain = deliberation::parse(
        "Absent(e)(s) représenté(e)(s) : M. Jean DUPOND à Mme Anne-Marie LE BRUN",
    );
    let proxies = &plain.deliberations[0].attendance.proxies;
    assert_eq!(proxies.len(), 1);
    assert_eq!(proxies[0].to.last_name.as_deref(), Some("LE BRUN"));
}
