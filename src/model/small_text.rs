//! [`SmallText`]: the string type of short values (names).

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An immutable string that keeps up to 24 bytes inline, without a heap
/// allocation.
///
/// Names are short: « Mme Jeanne DUPONT » and its parts fit inline, so a
/// [`Person`](crate::Person) costs no allocation at all. That matters for
/// long lists: a 5 MB roll call names a quarter of a million people, and
/// three heap strings each doubled its peak memory and spent a third of its
/// parse in the allocator.
///
/// It dereferences to `str`, compares with `str`, `&str` and `String`, and
/// serializes as a plain JSON string:
///
/// ```
/// use deliberation::SmallText;
///
/// let name = SmallText::from("DUPONT");
/// assert_eq!(name, "DUPONT");
/// assert!(name.starts_with("DU"));
/// assert_eq!(serde_json::to_string(&name).unwrap(), r#""DUPONT""#);
/// let owned: String = name.into();
/// assert_eq!(owned, "DUPONT");
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SmallText(CompactString);

impl SmallText {
    /// A copy of `s`.
    pub fn new(s: &str) -> SmallText {
        SmallText(CompactString::new(s))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Wraps a string built in place (names joined word by word).
    pub(crate) fn from_compact(s: CompactString) -> SmallText {
        SmallText(s)
    }

    /// The text as a `String` (an allocation when it was inline).
    pub fn into_string(self) -> String {
        self.0.into_string()
    }
}

impl Deref for SmallText {
    type Target = str;

    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for SmallText {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

impl Borrow<str> for SmallText {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Debug for SmallText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SmallText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl From<&str> for SmallText {
    fn from(s: &str) -> SmallText {
        SmallText::new(s)
    }
}

impl From<String> for SmallText {
    /// Inlines a short `s`, and keeps the buffer of a long one.
    fn from(s: String) -> SmallText {
        SmallText(CompactString::from(s))
    }
}

impl From<SmallText> for String {
    fn from(s: SmallText) -> String {
        s.into_string()
    }
}

impl PartialEq<str> for SmallText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SmallText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SmallText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SmallText> for str {
    fn eq(&self, other: &SmallText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SmallText> for &str {
    fn eq(&self, other: &SmallText) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SmallText> for String {
    fn eq(&self, other: &SmallText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Serialize for SmallText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SmallText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        CompactString::deserialize(d).map(SmallText)
    }
}

impl JsonSchema for SmallText {
    // Described exactly as `String`, so the published schema does not change.
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        String::schema_id()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fit_inline_and_long_texts_do_not_break() {
        let short = SmallText::from("M. Jean-Claude LEROY");
        assert!(!short.0.is_heap_allocated());
        let long = "M. Jean-Claude Marie-Hélène de LA ROCHEFOUCAULD-DOUDEAUVILLE";
        let s = SmallText::from(long.to_owned());
        assert_eq!(s, long);
        assert_eq!(s.len(), long.len());
    }

    #[test]
    fn option_keeps_the_size_of_a_string() {
        assert_eq!(
            std::mem::size_of::<Option<SmallText>>(),
            std::mem::size_of::<String>()
        );
    }

    #[test]
    fn json_round_trip() {
        for s in [
            "",
            "é",
            "DUPONT",
            "Marie-Thérèse de LA TOUR D'AUVERGNE-LAURAGUAIS",
        ] {
            let t = SmallText::from(s);
            let j = serde_json::to_string(&t).unwrap();
            assert_eq!(j, serde_json::to_string(s).unwrap());
            assert_eq!(serde_json::from_str::<SmallText>(&j).unwrap(), t);
        }
    }
}
